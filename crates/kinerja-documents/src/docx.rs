//! The DOCX writer (docx-rs): real Word tables with merged cells (vertical merges and grid
//! spans), header rows that repeat on every page, headings Word's table of contents picks up, a
//! page-numbered footer. Times New Roman, which LibreOffice shows as its metric twin Liberation
//! Serif. Charts become their figures as a table (Word users make their own charts from them).

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, PageMargin, PageNum, PageOrientationType, Paragraph, Run, RunFonts, Style,
    StyleType, TableCell, TableCellMargins, TableOfContents, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::DocError;
use crate::doc::{Align, Block, Cell, Content, DRAFT, Document, GAP, Numbering, Signatory, Table, Width};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1134; // 2 cm
const TWIPS_PER_CM: f32 = 567.0;
const RED: &str = "C0392B";
/// The text of the marker paragraphs [`sections`] replaces by section breaks.
const SECTION_MARK: &str = "⟦kinerja-section-";

/// The document as DOCX bytes.
/// `contents`: each outlined heading's text and page label as the PDF lays them out
/// ([`crate::world::contents_pages`]); written as the contents' cached page numbers.
pub fn render(doc: &Document, contents: &[(String, String)]) -> Result<Vec<u8>, DocError> {
    let (w, h) = if doc.landscape { (A4.1, A4.0) } else { A4 };
    let text_width = w as f32 - 2.0 * MARGIN as f32;
    let mut docx = Docx::new()
        .page_size(w, h)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman"),
        )
        .default_size(22)
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .bold()
                .size(26)
                .align(AlignmentType::Center),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .bold()
                .size(23),
        )
        .add_style(
            Style::new("Heading3", StyleType::Paragraph)
                .name("Heading 3")
                .bold()
                .size(22),
        )
        .add_style(
            Style::new("Heading4", StyleType::Paragraph)
                .name("Heading 4")
                .bold()
                .italic()
                .size(22),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(Run::new().add_text(format!("{} — ", doc.footer)).size(16))
                    .add_page_num(PageNum::new()),
            ),
        );
    if doc.landscape {
        docx = docx.page_orient(PageOrientationType::Landscape);
    }
    // Where page numbering changes (the LKj's front matter in i, ii, …) a marker paragraph ends
    // the section; `sections` turns each into a section break with its numbering.
    let mut numbering: Option<Numbering> = None;
    let mut ended: Vec<Option<Numbering>> = vec![];
    for (i, block) in doc.blocks.iter().enumerate() {
        let next = doc.blocks.get(i + 1);
        match block {
            Block::Numbering(n) => {
                docx = docx.add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text(format!("{SECTION_MARK}{}", ended.len()))),
                );
                ended.push(numbering);
                numbering = Some(*n);
            }
            // A section break starts a new page by itself.
            Block::PageBreak if matches!(next, Some(Block::Numbering(_))) => {}
            Block::Cover { .. } if matches!(next, Some(Block::Numbering(_))) => {
                docx = add_cover(docx, block, false);
            }
            Block::Table(t) => {
                let signed = doc.blocks[i + 1..]
                    .iter()
                    .find(|b| !matches!(b, Block::Space))
                    .is_some_and(|b| matches!(b, Block::Signatures(_)));
                docx = add_table(docx, t, text_width, signed);
            }
            _ => docx = add_block(docx, block, text_width),
        }
    }
    if !doc.gaps.is_empty() {
        docx = docx.add_paragraph(page_break());
        // A working list for the planner, not a part of the report: not in the contents.
        docx = docx.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .add_run(Run::new().add_text("Data yang belum diisi").bold().size(23)),
        );
        for (n, g) in doc.gaps.iter().enumerate() {
            docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("{}. {g}", n + 1))));
        }
    }
    let mut xml = docx.build();
    // docx-rs has no repeat-header flag; header rows are built with a marker height, replaced
    // here.
    let document =
        String::from_utf8(std::mem::take(&mut xml.document)).map_err(|e| DocError::Typeset(format!("DOCX: {e}")))?;
    let document = toc_start_on_its_own(
        &fields_in_separate_runs(&document.replace(HEADER_ROW_MARK, "<w:tblHeader />"))
            .replace("w:pos=\"80000\"", &format!("w:pos=\"{}\"", text_width as u32)),
    );
    xml.document = contents_numbers(&sections(&document, &ended, numbering), contents).into_bytes();
    // The contents' page numbers exist only once a word processor has laid the pages out: ask
    // it to update the fields when the file is opened (Word asks the user; LibreOffice does it).
    let settings =
        String::from_utf8(std::mem::take(&mut xml.settings)).map_err(|e| DocError::Typeset(format!("DOCX: {e}")))?;
    xml.settings = update_fields_on_open(&settings).into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| DocError::Typeset(format!("DOCX: {e}")))?;
    Ok(out.into_inner())
}

/// Puts the page of each contents entry into its PAGEREF field's cached result: the entry's text
/// matched in order with `contents` (the PDF's layout of the same headings, in Liberation fonts
/// metric-compatible with the DOCX's). Word updates them on opening (`updateFields`); other
/// word processors show these.
fn contents_numbers(xml: &str, contents: &[(String, String)]) -> String {
    const REF: &str = ">PAGEREF _Toc";
    const SEPARATE: &str = "<w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\" /></w:r>";
    if contents.is_empty() {
        return xml.to_string();
    }
    let mut out = String::with_capacity(xml.len() + contents.len() * 40);
    let mut rest = xml;
    let mut next = 0;
    while let Some(at) = rest.find(REF) {
        let Some(sep) = rest[at..].find(SEPARATE).map(|i| at + i + SEPARATE.len()) else {
            break;
        };
        // The entry's text: the first text run of its paragraph.
        let para = rest[..at]
            .rfind("<w:p ")
            .or_else(|| rest[..at].rfind("<w:p>"))
            .unwrap_or(0);
        let text = rest[para..at]
            .find("<w:t xml:space=\"preserve\">")
            .map(|i| para + i + "<w:t xml:space=\"preserve\">".len())
            .and_then(|i| rest[i..at].find("</w:t>").map(|e| &rest[i..i + e]))
            .unwrap_or("");
        let text = unescape(text);
        out.push_str(&rest[..sep]);
        if let Some(k) = contents[next..].iter().position(|(t, _)| t.trim() == text.trim()) {
            let page = &contents[next + k].1;
            next += k + 1;
            if !page.is_empty() {
                out.push_str(&format!(
                    "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    escape(page)
                ));
            }
        }
        rest = &rest[sep..];
    }
    out.push_str(rest);
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The trPr of a header row as docx-rs writes it (see `rows_of`).
const HEADER_ROW_MARK: &str = "<w:trHeight w:val=\"1\" w:hRule=\"atLeast\" />";

/// `<w:updateFields w:val="true"/>` as the settings' first child.
fn update_fields_on_open(settings: &str) -> String {
    let Some(start) = settings.find("<w:settings") else {
        return settings.to_string();
    };
    let Some(end) = settings[start..].find('>').map(|e| start + e + 1) else {
        return settings.to_string();
    };
    format!(
        "{}<w:updateFields w:val=\"true\" />{}",
        &settings[..end],
        &settings[end..]
    )
}

/// docx-rs writes a field's begin mark, instruction, separator, cached result and end mark in one
/// run; Word reads that, LibreOffice shows the instruction as text (`TOC \o "1-2"`). Each part in
/// a run of its own, as Word itself writes fields. (The runs split here carry no formatting.)
fn fields_in_separate_runs(xml: &str) -> String {
    xml.replace("/><w:instrText", "/></w:r><w:r><w:instrText")
        .replace("</w:instrText><w:fldChar", "</w:instrText></w:r><w:r><w:fldChar")
        .replace(
            "<w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\" /><w:t",
            "<w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\" /></w:r><w:r><w:t",
        )
        .replace("</w:t><w:fldChar", "</w:t></w:r><w:r><w:fldChar")
}

/// Moves the start of the table-of-contents field (begin, instruction, separator) out of the first
/// entry's paragraph into an empty paragraph of its own before it, so that LibreOffice does not
/// print the instructions of the first entry; Word reads either form.
fn toc_start_on_its_own(xml: &str) -> String {
    let begin = "<w:r><w:rPr /><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\" /></w:r><w:r><w:instrText>TOC ";
    let separate = "<w:r><w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\" /></w:r>";
    let Some(at) = xml.find(begin) else {
        return xml.to_string();
    };
    let Some(para) = xml[..at].rfind("<w:p ") else {
        return xml.to_string();
    };
    let Some(end) = xml[at..].find(separate).map(|i| at + i + separate.len()) else {
        return xml.to_string();
    };
    // Marked as a table of contents, as Word marks its own.
    let sdt = "<w:sdt><w:sdtPr><w:rPr /></w:sdtPr>";
    let head = match xml[..para].rfind(sdt) {
        Some(i) => format!(
            "{}<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\" /><w:docPartUnique /></w:docPartObj></w:sdtPr>{}",
            &xml[..i],
            &xml[i + sdt.len()..para]
        ),
        None => xml[..para].to_string(),
    };
    // docx-rs caches "1" as every entry's page: wrong until the field is updated (Word does on
    // opening, as the field is marked dirty), so no number is better than a wrong one.
    let start = xml[at..end].replace("<w:instrText>TOC ", "<w:instrText xml:space=\"preserve\"> TOC ");
    let cached = "<w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\" /></w:r><w:r><w:t xml:space=\"preserve\">1</w:t></w:r>";
    let blank = "<w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\" /></w:r>";
    format!("{head}<w:p>{start}</w:p>{}{}", &xml[para..at], &xml[end..]).replace(cached, blank)
}

/// Turns each section marker paragraph into a section break (a paragraph holding the properties
/// of the section it ends, copied from the body's), with that section's page numbering: none for
/// the cover (its footer left out), lower roman for the front matter, and the last section
/// (the body's own properties) in arabic from 1.
fn sections(xml: &str, ended: &[Option<Numbering>], last: Option<Numbering>) -> String {
    let Some(start) = xml.rfind("<w:sectPr") else {
        return xml.to_string();
    };
    let Some(end) = xml[start..]
        .find("</w:sectPr>")
        .map(|i| start + i + "</w:sectPr>".len())
    else {
        return xml.to_string();
    };
    let body = &xml[start..end];
    let with_numbering = |n: Option<Numbering>| -> String {
        let inner_at = body.find('>').map(|i| i + 1).unwrap_or(body.len());
        let (open, rest) = body.split_at(inner_at);
        let mut rest = rest.to_string();
        match n {
            None => {
                // No footer on the cover: a first section without a footer reference has none.
                while let Some(a) = rest.find("<w:footerReference") {
                    let Some(b) = rest[a..].find("/>").map(|i| a + i + 2) else {
                        break;
                    };
                    rest.replace_range(a..b, "");
                }
                format!("{open}{rest}")
            }
            Some(n) => {
                let fmt = match n {
                    Numbering::Roman => " w:fmt=\"lowerRoman\"",
                    Numbering::Arabic => " w:fmt=\"decimal\"",
                };
                let close = rest.rfind("</w:sectPr>").unwrap_or(rest.len());
                rest.insert_str(close, &format!("<w:pgNumType{fmt} w:start=\"1\" />"));
                format!("{open}{rest}")
            }
        }
    };
    let last_properties = match last {
        Some(_) => with_numbering(last),
        None => body.to_string(),
    };
    let mut out = format!("{}{last_properties}{}", &xml[..start], &xml[end..]);
    for (k, n) in ended.iter().enumerate() {
        let mark = format!("{SECTION_MARK}{k}<");
        let Some(at) = out.find(&mark) else { continue };
        let Some(p_start) = out[..at].rfind("<w:p ").or_else(|| out[..at].rfind("<w:p>")) else {
            continue;
        };
        let Some(p_end) = out[at..].find("</w:p>").map(|i| at + i + "</w:p>".len()) else {
            continue;
        };
        let section = format!("<w:p><w:pPr>{}</w:pPr></w:p>", with_numbering(*n));
        out.replace_range(p_start..p_end, &section);
    }
    out
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

fn heading(level: u8, text: &str) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{}", level.clamp(1, 4)))
        .keep_next(true)
        .add_run(Run::new().add_text(text))
}

fn gap_run(what: Option<&str>) -> Run {
    let text = match what {
        Some(w) => format!("[{GAP}: {w}]"),
        None => GAP.to_string(),
    };
    Run::new().add_text(text).italic().color(RED)
}

/// Lines as one paragraph with line breaks.
fn lines_paragraph(lines: &[String], bold: bool, size: Option<usize>) -> Paragraph {
    let mut p = Paragraph::new();
    for (i, line) in lines.iter().enumerate() {
        let mut run = Run::new().add_text(line.clone());
        if bold {
            run = run.bold();
        }
        if let Some(s) = size {
            run = run.size(s);
        }
        if i + 1 < lines.len() {
            run = run.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(run);
    }
    p
}

fn add_block(docx: Docx, block: &Block, text_width: f32) -> Docx {
    match block {
        Block::Title(lines) => docx.add_paragraph(lines_paragraph(lines, true, Some(24)).align(AlignmentType::Center)),
        Block::Heading { level, text, .. } => docx.add_paragraph(heading(*level, text)),
        Block::Paragraph(text) => docx.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Both)
                .add_run(Run::new().add_text(text.clone())),
        ),
        Block::Narrative { text, what, draft } => match text {
            Some(t) => t.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).fold(
                if *draft {
                    docx.add_paragraph(
                        Paragraph::new().add_run(
                            Run::new()
                                .add_text(format!("[{DRAFT} — periksa di Kinerja sebelum ditandatangani]"))
                                .italic()
                                .color(RED)
                                .size(18),
                        ),
                    )
                } else {
                    docx
                },
                |d, p| {
                    d.add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Both)
                            .add_run(Run::new().add_text(p.replace('\n', " "))),
                    )
                },
            ),
            None => docx.add_paragraph(Paragraph::new().add_run(gap_run(Some(what)))),
        },
        Block::List(items) => items.iter().enumerate().fold(docx, |d, (n, item)| {
            d.add_paragraph(
                Paragraph::new()
                    .indent(Some(567), Some(docx_rs::SpecialIndentType::Hanging(397)), None, None)
                    .add_run(Run::new().add_text(format!("{}.\t{item}", n + 1))),
            )
        }),
        Block::Table(t) => add_table(docx, t, text_width, false),
        Block::Chart { svg, data } => add_chart(docx, svg, data, text_width),
        Block::Signatures(s) => docx.add_table(signatures(s, text_width)),
        Block::Contents => docx
            .add_paragraph(heading(1, "DAFTAR ISI"))
            .add_table_of_contents(TableOfContents::new().heading_styles_range(1, 2).auto().dirty()),
        Block::Cover { .. } => add_cover(docx, block, true),
        Block::PageBreak => docx.add_paragraph(page_break()),
        Block::Space => docx.add_paragraph(Paragraph::new()),
        // Handled by `render`: section breaks.
        Block::Numbering(_) => docx,
    }
}

/// The cover: title lines, office, address and year, centred; then a page break unless a section
/// break follows.
fn add_cover(docx: Docx, block: &Block, page_break_after: bool) -> Docx {
    let Block::Cover {
        lines,
        office,
        address,
        year,
    } = block
    else {
        return docx;
    };
    let mut d = docx
        .add_paragraph(Paragraph::new())
        .add_paragraph(lines_paragraph(lines, true, Some(44)).align(AlignmentType::Center))
        .add_paragraph(Paragraph::new())
        .add_paragraph(lines_paragraph(std::slice::from_ref(office), true, Some(32)).align(AlignmentType::Center));
    if let Some(a) = address {
        d = d.add_paragraph(lines_paragraph(std::slice::from_ref(a), false, Some(22)).align(AlignmentType::Center));
    }
    d = d
        .add_paragraph(Paragraph::new())
        .add_paragraph(lines_paragraph(&[format!("TAHUN {year}")], true, Some(36)).align(AlignmentType::Center));
    if page_break_after {
        d = d.add_paragraph(page_break());
    }
    d
}

/// A chart: its SVG drawn as a picture (with the embedded fonts), as wide as the text at most,
/// and its title under it as the PDF has; its figures as a table when it cannot be drawn.
fn add_chart(docx: Docx, svg: &str, data: &Table, text_width: f32) -> Docx {
    match crate::png::png(svg, 2.0) {
        Ok((bytes, w, h)) => {
            // EMU: 914400 per inch, 1440 twips per inch; the picture is drawn at twice its size.
            let max_w = (text_width * 0.95 * 635.0) as u64;
            let natural_w = u64::from(w / 2) * 9525;
            let width = natural_w.min(max_w);
            let height = width * u64::from(h) / u64::from(w.max(1));
            let pic = docx_rs::Pic::new_with_dimensions(bytes, w, h).size(
                u32::try_from(width).unwrap_or(u32::MAX),
                u32::try_from(height).unwrap_or(u32::MAX),
            );
            docx.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .add_run(Run::new().add_image(pic)),
            )
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text(data.name.clone()).italic().size(20)),
            )
        }
        Err(_) => add_table(docx, data, text_width, false),
    }
}

/// Column widths in twips: fixed ones as given, the rest shared.
fn widths(t: &Table, text_width: f32) -> Vec<usize> {
    let fixed: f32 = t
        .columns
        .iter()
        .filter_map(|c| match c.width {
            Width::Cm(cm) => Some(cm * TWIPS_PER_CM),
            Width::Share(_) => None,
        })
        .sum();
    let shares: f32 = t
        .columns
        .iter()
        .filter_map(|c| match c.width {
            Width::Share(s) => Some(s),
            Width::Cm(_) => None,
        })
        .sum();
    let left = (text_width - fixed).max(0.0);
    let mut out: Vec<usize> = t
        .columns
        .iter()
        .map(|c| match c.width {
            Width::Cm(cm) => (cm * TWIPS_PER_CM) as usize,
            Width::Share(s) if shares > 0.0 => (left * s / shares) as usize,
            Width::Share(_) => 1000,
        })
        .collect();
    // A header word never breaks inside ("CAPAIA N"): a column narrower than its longest header
    // word (bold capitals, about 0.75 em each, plus the cell margins) is widened, and the
    // shared columns give the width back.
    let size_pt = if t.columns.len() > 12 { 7.0 } else { 9.0 };
    let need: Vec<usize> = (0..t.columns.len())
        .map(|c| match t.longest_header_word(c) {
            0 => 0,
            chars => (chars as f32 * 0.75 * size_pt * 20.0) as usize + 140,
        })
        .collect();
    let short: usize = out.iter().zip(&need).map(|(w, n)| n.saturating_sub(*w)).sum();
    if short > 0 {
        let spare: Vec<usize> = t
            .columns
            .iter()
            .zip(out.iter().zip(&need))
            .map(|(c, (w, n))| match c.width {
                Width::Share(_) => w.saturating_sub(*n.max(&1400)),
                Width::Cm(_) => 0,
            })
            .collect();
        let total_spare: usize = spare.iter().sum();
        if total_spare >= short {
            for (c, w) in out.iter_mut().enumerate() {
                if *w < need[c] {
                    *w = need[c];
                } else if spare[c] > 0 {
                    *w -= short * spare[c] / total_spare;
                }
            }
        }
    }
    out
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Centre => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

fn cell_paragraph(cell: &Cell, align: Align, header: bool, size: usize) -> Paragraph {
    let p = cell_text(cell, align, header, size);
    match cell.note {
        Some(n) => {
            let mut run = Run::new().add_text(n.to_string()).size(size);
            run.run_property = run.run_property.vert_align(docx_rs::VertAlignType::SuperScript);
            p.add_run(run)
        }
        None => p,
    }
}

fn cell_text(cell: &Cell, align: Align, header: bool, size: usize) -> Paragraph {
    let p = Paragraph::new().align(alignment(cell.align.unwrap_or(align)));
    match &cell.content {
        Content::Gap => p.add_run(gap_run(None).size(size)),
        Content::Empty | Content::Covered => p,
        c => {
            let text = c.display();
            let lines: Vec<&str> = text.split('\n').collect();
            let mut p = p;
            for (i, line) in lines.iter().enumerate() {
                let mut run = Run::new().add_text(*line).size(size);
                if cell.bold || header {
                    run = run.bold();
                }
                if i + 1 < lines.len() {
                    run = run.add_break(BreakType::TextWrapping);
                }
                p = p.add_run(run);
            }
            p
        }
    }
}

/// Where each covered position's cell starts: `origin[r][c] = (r0, c0)`.
fn origins(rows: &[Vec<Cell>]) -> Vec<Vec<(usize, usize)>> {
    let mut origin: Vec<Vec<(usize, usize)>> = rows
        .iter()
        .enumerate()
        .map(|(r, row)| (0..row.len()).map(|c| (r, c)).collect())
        .collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_covered() {
                continue;
            }
            for dr in 0..usize::from(cell.rowspan.max(1)) {
                for dc in 0..usize::from(cell.colspan.max(1)) {
                    if let Some(spot) = origin.get_mut(r + dr).and_then(|x| x.get_mut(c + dc)) {
                        *spot = (r, c);
                    }
                }
            }
        }
    }
    origin
}

/// Word rows; `keep_tail`: the last rows' paragraphs are kept with what follows (the signatures).
fn rows_of(t: &Table, rows: &[Vec<Cell>], header: bool, grid: &[usize], keep_tail: bool) -> Vec<TableRow> {
    let origin = origins(rows);
    let size = if t.columns.len() > 12 { 14 } else { 18 };
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            let mut cells = vec![];
            for (c, cell) in row.iter().enumerate() {
                let (r0, c0) = origin[r][c];
                if c0 != c {
                    continue; // inside a horizontal span
                }
                let source = &rows[r0][c0];
                let span = usize::from(source.colspan.max(1));
                let width: usize = grid.iter().skip(c).take(span).sum();
                let mut tc = TableCell::new()
                    .width(width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center);
                if span > 1 {
                    tc = tc.grid_span(span);
                }
                if r0 != r {
                    tc = tc.vertical_merge(VMergeType::Continue).add_paragraph(Paragraph::new());
                } else {
                    if source.rowspan > 1 {
                        tc = tc.vertical_merge(VMergeType::Restart);
                    }
                    let keep = keep_tail && r + 3 >= rows.len();
                    tc = tc.add_paragraph(
                        cell_paragraph(cell, t.columns[c].align, header, size)
                            .size(size)
                            .keep_next(keep),
                    );
                }
                cells.push(tc);
            }
            // No row is split across pages (a figure never stands apart from its indicator).
            // Header rows carry a 1-twip minimum height as a marker, turned into `tblHeader`
            // (repeat on every page) after building: docx-rs has no flag for it.
            let row = TableRow::new(cells).cant_split();
            if header { row.row_height(1.0) } else { row }
        })
        .collect()
}

/// A table with its caption and notes. `signed`: signatures follow, and the last rows are kept on
/// the page with them (never a signature alone on a page).
fn add_table(docx: Docx, t: &Table, text_width: f32, signed: bool) -> Docx {
    let grid = widths(t, text_width);
    let mut rows = rows_of(t, &t.header, true, &grid, false);
    let body = rows_of(t, &t.rows, false, &grid, signed);
    rows.extend(body);
    // Narrow cell margins (about 1 mm), as the month columns of a RAK are barely wider than "B12".
    let mut table = docx_rs::Table::new(rows)
        .set_grid(grid)
        .margins(TableCellMargins::new().margin(20, 57, 20, 57));
    if t.plain {
        table = table.clear_all_border();
    }
    let docx = if !t.name.is_empty() && !t.plain {
        docx.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .add_run(Run::new().add_text(t.name.clone()).bold().size(20)),
        )
    } else {
        docx
    };
    let mut docx = docx.add_table(table);
    if !t.notes.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .add_run(Run::new().add_text("Catatan:").bold().size(17)),
        );
        for (n, note) in t.notes.iter().enumerate() {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .indent(Some(340), Some(docx_rs::SpecialIndentType::Hanging(340)), None, None)
                    .add_run(Run::new().add_text(format!("{}.\t{note}", n + 1)).size(17)),
            );
        }
    }
    // Always a paragraph after the table: two tables in a row are one table to a word processor
    // (the signatures would join the figures and take their rules). Before signatures it is
    // small and kept with them.
    if signed {
        docx.add_paragraph(Paragraph::new().keep_next(true).size(8))
    } else {
        docx.add_paragraph(Paragraph::new())
    }
}

fn signatures(blocks: &[Signatory], text_width: f32) -> docx_rs::Table {
    let n = blocks.len().max(2);
    let width = (text_width / n as f32) as usize;
    let mut cells: Vec<TableCell> = vec![];
    if blocks.len() == 1 {
        cells.push(
            TableCell::new()
                .width(width, WidthType::Dxa)
                .add_paragraph(Paragraph::new()),
        );
    }
    for s in blocks {
        // Every line kept with the next: the block never breaks over pages.
        let line = |run: Run| {
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .keep_lines(true)
                .add_run(run)
        };
        let mut tc = TableCell::new().width(width, WidthType::Dxa);
        for h in &s.heading {
            tc = tc.add_paragraph(line(Run::new().add_text(h.clone())));
        }
        for l in s.position.split('\n') {
            tc = tc.add_paragraph(line(Run::new().add_text(l)));
        }
        for _ in 0..3 {
            tc = tc.add_paragraph(line(Run::new()));
        }
        let name = match &s.name {
            Some(n) => Run::new().add_text(n.clone()).bold().underline("single"),
            None => gap_run(None),
        };
        match &s.nip {
            Some(nip) => {
                tc = tc.add_paragraph(line(name)).add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text(format!("NIP. {nip}"))),
                );
            }
            None => tc = tc.add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(name)),
        }
        cells.push(tc);
    }
    docx_rs::Table::new(vec![TableRow::new(cells).cant_split()])
        .set_grid(vec![width; n])
        .clear_all_border()
}
