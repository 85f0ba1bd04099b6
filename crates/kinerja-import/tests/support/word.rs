//! Word files made in tests: a text layout written as Word writes a table.

use std::io::{Cursor, Write};

/// A DOCX of `text`: each run of tab-separated lines one table, each other line a paragraph
/// (markdown bold, `**`, as Word shows it: not as asterisks).
#[allow(dead_code)] // the fuzzer makes its packages from mutated bodies
pub fn docx_of(text: &str) -> Vec<u8> {
    package(&document_xml(text))
}

/// The tags a word processor writes a body with.
struct Tags {
    table: (&'static str, &'static str),
    row: (&'static str, &'static str),
    /// Around a cell's text and a paragraph's text.
    cell: (&'static str, &'static str),
    paragraph: (&'static str, &'static str),
}

const WORD: Tags = Tags {
    table: ("<w:tbl>", "</w:tbl>"),
    row: ("<w:tr>", "</w:tr>"),
    cell: (
        r#"<w:tc><w:p><w:r><w:t xml:space="preserve">"#,
        "</w:t></w:r></w:p></w:tc>",
    ),
    paragraph: (r#"<w:p><w:r><w:t xml:space="preserve">"#, "</w:t></w:r></w:p>"),
};

const OPEN_DOCUMENT: Tags = Tags {
    table: ("<table:table>", "</table:table>"),
    row: ("<table:table-row>", "</table:table-row>"),
    cell: ("<table:table-cell><text:p>", "</text:p></table:table-cell>"),
    paragraph: ("<text:p>", "</text:p>"),
};

/// The body of `text` in `tags`: each run of tab-separated lines one table, each other line a
/// paragraph (markdown bold, `**`, as a word processor shows it: not as asterisks).
fn body(text: &str, tags: &Tags) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        let line = line.replace("**", "");
        let tabular = line.contains('\t');
        if tabular != in_table {
            body.push_str(if tabular { tags.table.0 } else { tags.table.1 });
            in_table = tabular;
        }
        if tabular {
            body.push_str(tags.row.0);
            for cell in line.split('\t') {
                body.push_str(&format!("{}{}{}", tags.cell.0, esc(cell), tags.cell.1));
            }
            body.push_str(tags.row.1);
        } else {
            body.push_str(&format!("{}{}{}", tags.paragraph.0, esc(&line), tags.paragraph.1));
        }
    }
    if in_table {
        body.push_str(tags.table.1);
    }
    body
}

/// The `word/document.xml` of [`docx_of`].
pub fn document_xml(text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"#,
        body(text, &WORD)
    )
}

/// A DOCX package of a body part.
pub fn package(xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(
        br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
    )
    .unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// An ODT of `text`, as LibreOffice writes one: each run of tab-separated lines one table, each
/// other line a paragraph; the `mimetype` part first and stored.
#[allow(dead_code)]
pub fn odt_of(text: &str) -> Vec<u8> {
    let body = body(text, &OPEN_DOCUMENT);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.text").unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}
