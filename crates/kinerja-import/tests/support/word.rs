//! Word files made in tests: a text layout written as Word writes a table.

use std::io::{Cursor, Write};

/// A DOCX of `text`: each run of tab-separated lines one table, each other line a paragraph
/// (markdown bold, `**`, as Word shows it: not as asterisks).
#[allow(dead_code)] // the fuzzer makes its packages from mutated bodies
pub fn docx_of(text: &str) -> Vec<u8> {
    package(&document_xml(text))
}

/// The `word/document.xml` of [`docx_of`].
pub fn document_xml(text: &str) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        // Bold is a run's property in Word, not asterisks around the words.
        let line = line.replace("**", "");
        let tabular = line.contains('\t');
        if tabular != in_table {
            body.push_str(if tabular { "<w:tbl>" } else { "</w:tbl>" });
            in_table = tabular;
        }
        if tabular {
            body.push_str("<w:tr>");
            for cell in line.split('\t') {
                body.push_str(&format!(
                    r#"<w:tc><w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
                    esc(cell)
                ));
            }
            body.push_str("</w:tr>");
        } else {
            body.push_str(&format!(
                r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                esc(&line)
            ));
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
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
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        let line = line.replace("**", "");
        let tabular = line.contains('\t');
        if tabular != in_table {
            body.push_str(if tabular { "<table:table>" } else { "</table:table>" });
            in_table = tabular;
        }
        if tabular {
            body.push_str("<table:table-row>");
            for cell in line.split('\t') {
                body.push_str(&format!(
                    "<table:table-cell><text:p>{}</text:p></table:table-cell>",
                    esc(cell)
                ));
            }
            body.push_str("</table:table-row>");
        } else {
            body.push_str(&format!("<text:p>{}</text:p>", esc(&line)));
        }
    }
    if in_table {
        body.push_str("</table:table>");
    }
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
