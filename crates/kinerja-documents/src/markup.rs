//! The typst writer: a [`Document`] as typst markup. Every piece of data enters as a string
//! literal ([`str_lit`]), never as markup, so a `#`, `*` or `]` in an indicator's text is printed,
//! not interpreted.

use std::fmt::Write;

use crate::doc::{Align, Block, Cell, Column, Content, DRAFT, Document, GAP, Numbering, Signatory, Table, Width};

/// `text` as a typst string literal.
pub fn str_lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text as content: `#"…"`, lines kept.
fn lit(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(|l| format!("#{}", str_lit(l))).collect();
    lines.join(" \\ ")
}

const RED: &str = "rgb(\"#c0392b\")";

fn gap_markup(what: Option<&str>) -> String {
    match what {
        Some(w) => format!(
            "#text(fill: {RED}, style: \"italic\")[#{}]",
            str_lit(&format!("[{GAP}: {w}]"))
        ),
        None => format!("#text(fill: {RED}, style: \"italic\")[#{}]", str_lit(GAP)),
    }
}

/// The page set-up every document shares: A4, Liberation Serif, Indonesian hyphenation, the
/// footer with the page number.
pub fn preamble(landscape: bool, footer: &str, title: &str, verification: Option<&crate::doc::Verification>) -> String {
    let (margin, footer) = match verification {
        None => (
            "x: 2cm, y: 2cm",
            format!(
                "context [#set text(size: 8pt); #{} #h(1fr) #counter(page).display()]",
                str_lit(footer)
            ),
        ),
        // A frozen document: a QR code of its verification page beside the footer, on every page.
        Some(v) => (
            "x: 2cm, top: 2cm, bottom: 3cm",
            format!(
                "context [#set text(size: 8pt); #grid(columns: (1.6cm, 1fr, auto), gutter: 8pt, align: horizon, \
                 image(bytes({qr}), format: \"svg\", width: 1.6cm), \
                 [#{footer} \\ Kode verifikasi #{code} — #{url}], counter(page).display())]",
                qr = str_lit(&qr_svg(&v.url)),
                footer = str_lit(footer),
                code = str_lit(&v.code),
                url = str_lit(&v.url),
            ),
        ),
    };
    format!(
        "#set document(title: {title})\n\
         #set page(paper: \"a4\", flipped: {landscape}, margin: ({margin}), numbering: \"1\", \
         footer: {footer})\n\
         #set text(font: \"Liberation Serif\", size: 11pt, lang: \"id\")\n\
         #set par(justify: true)\n\
         #set table(stroke: 0.5pt, inset: 4pt)\n\
         #set table.cell(breakable: false)\n\
         #show table: set par(justify: false)\n\
         #show table: set text(size: {table_size}, hyphenate: true)\n\
         #show table.header: set text(hyphenate: false)\n\
         #show heading: set block(above: 1.2em, below: 0.8em)\n\
         #show heading.where(level: 1): it => align(center, text(size: 13pt, weight: \"bold\", it.body))\n\
         #show heading.where(level: 2): set text(size: 11.5pt)\n\
         #show heading.where(level: 3): set text(size: 11pt)\n\
         #show heading.where(level: 4): set text(size: 11pt, style: \"italic\")\n",
        title = str_lit(title),
        table_size = if landscape { "8pt" } else { "9pt" },
    )
}

/// The QR code of `text` as SVG (black on white, its quiet zone kept).
fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().build(),
        // A URL too long for a QR code (it is not: under 100 characters) prints no code.
        Err(_) => "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>".to_string(),
    }
}

/// The whole document as typst markup, laid out the plain way (the first pass).
pub fn render(doc: &Document) -> String {
    render_with(doc, &Keep::default())
}

/// Tables whose last rows are to be moved to the next page together (with the header repeated
/// and the signature that follows kept with them), by table number: the second pass of
/// [`crate::pdf_of`], for tables the first pass left with an orphaned row, total or signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keep(pub std::collections::BTreeSet<usize>);

/// The labels the first pass leaves so the orphan check can find where things landed: in the
/// last three rows of table `n` (`k` = 1 for the last) and on the signatures after it.
pub fn row_label(n: usize, k: usize) -> String {
    format!("kinerja-t{n}-r{k}")
}
pub fn signature_label(n: usize) -> String {
    format!("kinerja-t{n}-sig")
}

/// Tables (by number) and whether signatures follow each: what the orphan check looks at.
pub fn numbered_tables(doc: &Document) -> Vec<(usize, &Table, bool)> {
    let mut out = vec![];
    let mut n = 0;
    for (i, block) in doc.blocks.iter().enumerate() {
        if let Block::Table(t) = block {
            if t.plain {
                continue;
            }
            out.push((n, t, signed_after(doc, i)));
            n += 1;
        }
    }
    out
}

/// Whether the blocks after `i` (past spacing) are signatures.
fn signed_after(doc: &Document, i: usize) -> bool {
    doc.blocks[i + 1..]
        .iter()
        .find(|b| !matches!(b, Block::Space))
        .is_some_and(|b| matches!(b, Block::Signatures(_)))
}

/// The whole document as typst markup, with the tails of the `keep` tables moved.
pub fn render_with(doc: &Document, keep: &Keep) -> String {
    let mut m = preamble(doc.landscape, &doc.footer, &doc.title, doc.verification.as_ref());
    let mut n = 0;
    let mut last_table: Option<usize> = None;
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Table(t) if !t.plain => {
                let signed = signed_after(doc, i);
                table_markup(&mut m, t, Some(n), keep.0.contains(&n), signed);
                last_table = signed.then_some(n);
                n += 1;
            }
            Block::Signatures(s) => {
                signatures_markup(&mut m, s, last_table.take());
            }
            Block::Space => block_markup(&mut m, block),
            b => {
                last_table = None;
                block_markup(&mut m, b);
            }
        }
    }
    if !doc.gaps.is_empty() {
        m.push_str("#pagebreak(weak: true)\n");
        let _ = writeln!(
            m,
            "#heading(level: 2, outlined: false)[#{}]",
            str_lit("Data yang belum diisi")
        );
        m.push_str("#enum(\n");
        for g in &doc.gaps {
            let _ = writeln!(m, "  [#{}],", str_lit(g));
        }
        m.push_str(")\n");
    }
    m
}

fn block_markup(m: &mut String, block: &Block) {
    match block {
        Block::Title(lines) => {
            let _ = writeln!(
                m,
                "#align(center, text(weight: \"bold\", size: 12pt)[{}])",
                lit(&lines.join("\n"))
            );
        }
        Block::Heading { level, text, toc } => {
            let _ = writeln!(m, "#heading(level: {level}, outlined: {toc})[#{}]", str_lit(text));
        }
        Block::Paragraph(text) => {
            let _ = writeln!(m, "#{}\n", str_lit(text));
        }
        Block::Narrative { text, what, draft } => match text {
            Some(t) => {
                if *draft {
                    let _ = writeln!(
                        m,
                        "#text(fill: {RED}, style: \"italic\", size: 9pt)[#{}]\n",
                        str_lit(&format!("[{DRAFT} — periksa di Kinerja sebelum ditandatangani]"))
                    );
                }
                for p in t.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                    let _ = writeln!(m, "#{}\n", str_lit(&p.replace('\n', " ")));
                }
            }
            None => {
                let _ = writeln!(m, "{}\n", gap_markup(Some(what)));
            }
        },
        Block::List(items) => {
            m.push_str("#enum(\n");
            for i in items {
                let _ = writeln!(m, "  [#{}],", str_lit(i));
            }
            m.push_str(")\n");
        }
        Block::Table(t) => table_markup(m, t, None, false, false),
        Block::Signatures(s) => signatures_markup(m, s, None),
        Block::Contents => {
            m.push_str("#outline(title: [DAFTAR ISI], indent: auto, depth: 2)\n");
        }
        Block::Chart { svg, data } => {
            let _ = writeln!(
                m,
                "#figure(image(bytes({}), format: \"svg\", width: 95%), caption: [#{}])",
                str_lit(svg),
                str_lit(&data.name)
            );
        }
        Block::Cover {
            lines,
            office,
            address,
            year,
        } => {
            m.push_str("#page(footer: none)[#align(center + horizon)[\n");
            let _ = writeln!(
                m,
                "  #text(size: 22pt, weight: \"bold\")[{}]\n  #v(3cm)",
                lit(&lines.join("\n"))
            );
            let _ = writeln!(m, "  #text(size: 16pt, weight: \"bold\")[#{}]", str_lit(office));
            if let Some(a) = address {
                let _ = writeln!(m, "\n  #text(size: 11pt)[#{}]", str_lit(a));
            }
            let _ = writeln!(
                m,
                "  #v(3cm)\n  #text(size: 18pt, weight: \"bold\")[#{}]\n]]",
                str_lit(&format!("TAHUN {year}"))
            );
            m.push_str("#counter(page).update(1)\n");
        }
        Block::PageBreak => m.push_str("#pagebreak(weak: true)\n"),
        Block::Space => m.push_str("#v(0.8em)\n"),
        Block::Numbering(n) => {
            let style = match n {
                Numbering::Roman => "i",
                Numbering::Arabic => "1",
            };
            let _ = writeln!(
                m,
                "#pagebreak(weak: true)\n#set page(numbering: \"{style}\")\n#counter(page).update(1)"
            );
        }
    }
}

fn align_of(a: Align) -> &'static str {
    match a {
        Align::Left => "left + horizon",
        Align::Centre => "center + horizon",
        Align::Right => "right + horizon",
    }
}

fn width_of(c: &Column) -> String {
    match c.width {
        Width::Share(f) => format!("{f}fr"),
        Width::Cm(cm) => format!("{cm}cm"),
    }
}

/// The width the longest word of column `c`'s header needs: bold capitals of the table's text
/// (9pt at most) at about 0.72 em each, plus the cell's insets.
fn header_word_cm(t: &Table, c: usize) -> f32 {
    let chars = t.longest_header_word(c);
    if chars == 0 {
        return 0.0;
    }
    let pt = chars as f32 * 0.72 * 9.0 + 8.0;
    (pt * 0.03528 * 10.0).ceil() / 10.0
}

/// Merged cells spanning at most this many rows are kept on one page (an objective with its few
/// indicators moves to the next page whole, as a person lays it out). No row is ever split over
/// two pages (the preamble's `table.cell(breakable: false)`): half a row at the foot of a page and
/// its rest under the next page's header is hard to read, and to import again.
const MAX_UNBROKEN_SPAN: u16 = 6;

/// A cell; `prefix` is markup put before its body (a label's metadata).
fn cell_markup(cell: &Cell, column: &Column, prefix: &str) -> String {
    let body = match &cell.content {
        Content::Gap => gap_markup(None),
        Content::Empty => String::new(),
        c => lit(&c.display()),
    };
    let body = if cell.bold && !body.is_empty() {
        format!("#strong[{body}]")
    } else {
        body
    };
    let body = match cell.note {
        Some(n) => format!("{prefix}{body}#super[#\"{n}\"]"),
        None => format!("{prefix}{body}"),
    };
    let mut args = vec![];
    if cell.rowspan > 1 {
        args.push(format!("rowspan: {}", cell.rowspan));
    }
    if cell.colspan > 1 {
        args.push(format!("colspan: {}", cell.colspan));
    }
    let align = cell.align.unwrap_or(column.align);
    if cell.rowspan > MAX_UNBROKEN_SPAN {
        // A long merged cell may break over pages between its rows; centred, its text would fall
        // into the part on the next page: it starts at the top instead, next to its first row.
        args.push(format!("align: {}", align_of(align).replace("horizon", "top")));
        args.push("breakable: true".into());
    } else if let Some(a) = cell.align.filter(|a| *a != column.align) {
        args.push(format!("align: {}", align_of(a)));
    }
    if args.is_empty() {
        format!("[{body}]")
    } else {
        format!("table.cell({})[{body}]", args.join(", "))
    }
}

/// A table of at most this many body rows is never broken over pages.
const SMALL_TABLE: usize = 8;
/// The tail moved with its header to the next page: at least this many rows…
const TAIL_MIN: usize = 3;
/// …and at most this many kept unbroken.
const TAIL_MAX: usize = 14;

/// Where the body can be cut so that no merged cell crosses the cut: the last such row index
/// leaving at least [`TAIL_MIN`] rows after it (0 when there is none).
fn tail_start(t: &Table) -> usize {
    let len = t.rows.len();
    let clean = |b: usize| {
        t.rows[..b].iter().enumerate().all(|(i, row)| {
            row.iter()
                .all(|c| c.is_covered() || i + usize::from(c.rowspan.max(1)) <= b)
        })
    };
    (0..=len.saturating_sub(TAIL_MIN))
        .rev()
        .find(|b| clean(*b))
        .unwrap_or(0)
}

/// A table; `number` labels its last rows for the orphan check, `keep` moves its tail to the next
/// page with the header (and keeps the signatures after it with it when `signed`).
fn table_markup(m: &mut String, t: &Table, number: Option<usize>, keep: bool, signed: bool) {
    if !t.name.is_empty() && !t.plain {
        let _ = writeln!(
            m,
            "#block(sticky: true, below: 0.5em, strong(text(size: 10pt, {})))",
            str_lit(&t.name)
        );
    }
    if t.plain {
        // Lines of text set out in columns (Nama : …), in the body's size.
        m.push_str("#[#set text(size: 11pt)\n");
        table_part(m, t, &t.rows, None);
        m.push_str("]\n");
        return;
    }
    if keep {
        let b = tail_start(t);
        if b > 0 {
            table_part(m, t, &t.rows[..b], None);
        }
        let tail = &t.rows[b..];
        m.push_str("#pagebreak(weak: true)\n");
        let _ = writeln!(m, "#block(breakable: {}, sticky: {signed})[", tail.len() > TAIL_MAX);
        table_part(m, t, tail, None);
        m.push_str("]\n");
    } else if t.rows.len() <= SMALL_TABLE {
        // A small table is never broken over pages.
        m.push_str("#block(breakable: false)[\n");
        table_part(m, t, &t.rows, number);
        m.push_str("]\n");
    } else {
        table_part(m, t, &t.rows, number);
    }
    notes_markup(m, &t.notes);
}

/// The numbered notes under a table, small.
fn notes_markup(m: &mut String, notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    m.push_str("#block(above: 0.5em, below: 1em)[#set text(size: 8.5pt)\n#set par(justify: false)\n");
    let _ = writeln!(m, "#strong[#{}]", str_lit("Catatan:"));
    m.push_str("#enum(tight: true,\n");
    for n in notes {
        let _ = writeln!(m, "  [#{}],", str_lit(n));
    }
    m.push_str(")]\n");
}

/// The `#table(…)` of `rows` with the header; the last three rows labelled for table `number`.
fn table_part(m: &mut String, t: &Table, rows: &[Vec<Cell>], number: Option<usize>) {
    let columns: Vec<String> = t
        .columns
        .iter()
        .enumerate()
        .map(|(c, col)| match col.width {
            // Never narrower than the longest word of its header: a header word does not break.
            Width::Cm(cm) => format!("{}cm", cm.max(header_word_cm(t, c))),
            Width::Share(_) => width_of(col),
        })
        .collect();
    let aligns: Vec<&str> = t.columns.iter().map(|c| align_of(c.align)).collect();
    let stroke = if t.plain { ", stroke: none, inset: 2pt" } else { "" };
    let _ = writeln!(
        m,
        "#table(columns: ({},), align: ({},){stroke},",
        columns.join(", "),
        aligns.join(", ")
    );
    let row = |m: &mut String, cells: &[Cell], label: Option<String>| {
        // The label sits on an empty metadata at the start of the row's first cell.
        let mut prefix = label.map(|l| format!("#metadata(none)<{l}>"));
        let parts: Vec<String> = cells
            .iter()
            .zip(&t.columns)
            .filter(|(c, _)| !c.is_covered())
            .map(|(c, col)| cell_markup(c, col, prefix.take().as_deref().unwrap_or("")))
            .collect();
        if !parts.is_empty() {
            let _ = writeln!(m, "  {},", parts.join(", "));
        }
    };
    if !t.header.is_empty() {
        m.push_str("  table.header(repeat: true,\n");
        for r in &t.header {
            m.push_str("  ");
            row(m, r, None);
        }
        m.push_str("  ),\n");
    }
    let len = rows.len();
    for (i, r) in rows.iter().enumerate() {
        let k = len - i;
        let label = number.filter(|_| k <= 3).map(|n| row_label(n, k));
        row(m, r, label);
    }
    m.push_str(")\n");
}

/// Signature blocks side by side, never broken; labelled when they follow table `after`.
fn signatures_markup(m: &mut String, blocks: &[Signatory], after: Option<usize>) {
    if blocks.is_empty() {
        return;
    }
    let n = blocks.len();
    let label = after
        .map(|t| format!("#metadata(none)<{}>", signature_label(t)))
        .unwrap_or_default();
    let _ = writeln!(
        m,
        "#block(breakable: false, above: 2em)[{label}#grid(columns: ({}), column-gutter: 1cm, align: center + top,",
        vec!["1fr"; n.max(2)].join(", ")
    );
    // A single signature sits on the right, as the offices place it.
    if n == 1 {
        m.push_str("  [],\n");
    }
    for s in blocks {
        let mut lines: Vec<String> = s
            .heading
            .iter()
            .map(|h| if h.is_empty() { "#h(0pt)".to_string() } else { lit(h) })
            .collect();
        lines.push(lit(&s.position));
        let name = match &s.name {
            Some(n) => format!("#underline(strong({}))", str_lit(n)),
            None => gap_markup(None),
        };
        let nip = s
            .nip
            .as_ref()
            .map(|n| format!(" \\ #{}", str_lit(&format!("NIP. {n}"))))
            .unwrap_or_default();
        let _ = writeln!(m, "  [{} #v(2.2cm) {name}{nip}],", lines.join(" \\ "));
    }
    m.push_str(")]\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_never_becomes_markup() {
        assert_eq!(str_lit("Persentase \"A\" #1"), "\"Persentase \\\"A\\\" #1\"");
        assert_eq!(str_lit("a\\b"), "\"a\\\\b\"");
        assert_eq!(str_lit("baris\r\nbaru"), "\"baris\\nbaru\"");
        assert_eq!(lit("a\nb"), "#\"a\" \\ #\"b\"");
    }
}
