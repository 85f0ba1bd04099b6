//! Text extracted from PDFs: tables as tab-separated lines, each introduced by title lines and
//! followed by signature blocks.
//!
//! The reader walks the lines once. A line with tabs whose cells name the columns of a known
//! layout starts a table (the next line joins the header when it only carries period labels); the
//! same header again with no title in between continues the table after a page break. Lines
//! without tabs end a table; what follows until the next title is read for signatures. Every line
//! with tabs is a row of the output or the subject of a warning.

use crate::layout::{self, Layout, Role, is_mark, normal};
use kinerja_domain::date::Date;
use kinerja_domain::i18n::Text;

use crate::model::{Action, BudgetEntry, DocKind, Document, Imported, Indicator, Objective, Signatory, Warning};

/// The warning of a text with no table this importer knows (in English, as sheets compare it).
pub(crate) const NO_TABLE: &str =
    "no table with a header this importer knows (NO | SASARAN | INDIKATOR KINERJA | TARGET …)";

/// Reads every table of `source`, within the [`limits`](crate::limits): a text of more lines,
/// cells or columns than any plan document has is refused, naming the limit.
pub fn read(source: &str) -> Result<Imported, Text> {
    if source.len() > crate::limits::MAX_FILE_BYTES {
        return Err(crate::limits::file_too_large(source.len()));
    }
    let mut budget = crate::limits::Budget::default();
    let mut lines: Vec<Line> = Vec::new();
    for (i, l) in source.lines().enumerate() {
        // Counted before the cells are made, so a line of 10.000 columns costs nothing.
        let separators = l.bytes().filter(|b| matches!(b, b'\t' | b'|')).count();
        budget.take(i + 1, separators + 1, None)?;
        let text = l.replace("**", "").replace('\r', "");
        let trimmed = text.trim();
        // A markdown table (OCR of a scan): `| a | b |`; its `|---|---|` rule is no row.
        if trimmed.starts_with('|') {
            if trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                continue;
            }
            let inner = trimmed.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
            let tabular = cells.iter().any(|c| !c.is_empty());
            lines.push(Line {
                line: i + 1,
                cells: if tabular { cells } else { vec![String::new()] },
                tabular,
            });
            continue;
        }
        let cells = split(&text);
        let tabular = text.contains('\t') && cells.iter().any(|c| !c.is_empty());
        lines.push(Line {
            line: i + 1,
            cells: if tabular { cells } else { vec![trimmed.to_string()] },
            tabular,
        });
    }
    Ok(read_lines(lines))
}

/// A line of a source: the cells of a table row, or one cell of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based: the line of a text, the row of a sheet.
    pub line: usize,
    pub cells: Vec<String>,
    /// A table row (else a line of text: a title, a signature, a paragraph).
    pub tabular: bool,
}

/// Makes a cell what the reader takes: control characters (a line break inside a spreadsheet
/// cell, a NUL) as spaces, direction overrides and noncharacters dropped, at most
/// [`MAX_CELL_CHARS`](crate::limits::MAX_CELL_CHARS) characters. `None` when it was fine as it
/// was; else whether it was cut.
fn clean_cell(c: &mut String) -> Option<bool> {
    use kinerja_domain::input::{is_bidi_control, is_noncharacter};
    let max = crate::limits::MAX_CELL_CHARS;
    let odd = |ch: char| ch.is_control() || is_bidi_control(ch) || is_noncharacter(ch);
    let long = c.len() > max && c.chars().count() > max;
    if !long && !c.contains(odd) {
        return None;
    }
    let cleaned: String = c
        .chars()
        .filter(|ch| !is_bidi_control(*ch) && !is_noncharacter(*ch))
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .take(max)
        .collect();
    *c = cleaned.trim().to_string();
    Some(long)
}

/// Reads lines however they were split (text by tabs, a sheet by cells). The cells are cleaned
/// in place: a file's cells are held once.
pub fn read_lines(mut lines: Vec<Line>) -> Imported {
    let mut cut = vec![];
    for l in &mut lines {
        for c in &mut l.cells {
            // "belum diisi" is how Kinerja's own documents print a missing value: an empty cell.
            if c.eq_ignore_ascii_case("belum diisi") {
                c.clear();
                continue;
            }
            if let Some(was_cut) = clean_cell(c) {
                cut.extend(was_cut.then_some(l.line));
            }
        }
    }
    let mut reader = Reader::default();
    for line in cut {
        let max = crate::limits::MAX_CELL_CHARS;
        reader.out.warnings.push(Warning {
            line,
            sheet: None,
            message: Text::new(
                format!("sel lebih dari {max} karakter: dipotong di karakter ke-{max}"),
                format!("a cell of more than {max} characters: cut at character {max}"),
            ),
        });
    }
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if l.tabular {
            let next = lines.get(i + 1).filter(|n| n.tabular).map(|n| n.cells.as_slice());
            if let Some((layout, two_rows)) = layout::header(&l.cells, next) {
                reader.header(l.line, layout, &l.cells);
                i += if two_rows { 2 } else { 1 };
                continue;
            }
            reader.row(l.line, &l.cells);
        } else if let Some(text) = l.cells.first().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            reader.text(l.line, text);
        }
        i += 1;
    }
    reader.finish()
}

fn split(line: &str) -> Vec<String> {
    line.split('\t').map(|c| c.trim().to_string()).collect()
}

/// Words that start the title of a document or table.
const TITLE_WORDS: [&str; 9] = [
    "RENCANA AKSI",
    "PERJANJIAN KINERJA",
    "RENCANA KINERJA",
    "INDIKATOR KINERJA UTAMA",
    "LAPORAN KINERJA",
    "CAPAIAN KINERJA",
    "PENGUKURAN KINERJA",
    "PENCAPAIAN KINERJA",
    "TABEL ",
];

fn is_title_start(text: &str) -> bool {
    let t = normal(text);
    TITLE_WORDS
        .iter()
        .any(|w| t.starts_with(w) || (t.contains(w) && t.len() < 120))
}

#[derive(Default)]
struct Reader {
    out: Imported,
    table: Option<Table>,
    /// Title lines since the last title start (none until one is seen).
    title: Vec<(usize, String)>,
    /// Lines after the last table, before the next title: where its signatures are.
    after: Vec<(usize, String)>,
    /// The document the lines in `after` belong to.
    after_of: Option<usize>,
    /// Signature blocks laid out side by side in the cells of a sheet (a written XLSX puts them
    /// under the table): rows of (column, text), read block by block, column by column, into
    /// `after` when the blocks end.
    signature_rows: Vec<(usize, Vec<(usize, String)>)>,
    /// Under the header of a table this importer does not read (a budget table, say): its rows
    /// are reported, not read, until a header it knows.
    foreign: Option<String>,
}

struct Table {
    doc: usize,
    layout: Layout,
    header: Vec<String>,
    /// The objective and indicator rows continue (indices into the document).
    objective: Option<usize>,
    indicator: Option<usize>,
    /// The last row read, for cells wrapped onto a line of their own.
    last: Option<Last>,
    /// Whether a line without tabs has interrupted the table (a repeated header after it still
    /// continues it when no title came in between).
    interrupted: bool,
}

#[derive(Clone, Copy)]
enum Last {
    Objective,
    Indicator,
    Action,
}

impl Reader {
    fn warn(&mut self, line: usize, message: Text) {
        self.out.warnings.push(Warning {
            line,
            sheet: None,
            message,
        });
    }

    fn header(&mut self, line: usize, layout: Layout, cells: &[String]) {
        self.foreign = None;
        let top: Vec<String> = cells.iter().map(|c| normal(c)).filter(|c| !c.is_empty()).collect();
        if let Some(t) = &mut self.table
            && t.header == top
            && t.layout.kind == layout.kind
            && self.title.is_empty()
        {
            // The header repeated after a page break: the same table goes on.
            t.interrupted = false;
            return;
        }
        self.close_table();
        let title_lines = std::mem::take(&mut self.title);
        let doc = document(line, &layout, &title_lines);
        if layout.roles.contains(&Role::Unknown) {
            let unknown: Vec<String> = layout
                .roles
                .iter()
                .zip(&layout.titles)
                .filter(|(r, _)| **r == Role::Unknown)
                .map(|(_, t)| format!("{t:?}"))
                .collect();
            self.warn(
                line,
                Text::new(
                    format!("kolom tidak dikenali, isinya dilaporkan: {}", unknown.join(", ")),
                    format!(
                        "columns not understood, their cells are reported: {}",
                        unknown.join(", ")
                    ),
                ),
            );
        }
        self.out.documents.push(doc);
        self.table = Some(Table {
            doc: self.out.documents.len() - 1,
            layout,
            header: top,
            objective: None,
            indicator: None,
            last: None,
            interrupted: false,
        });
    }

    fn text(&mut self, line: usize, text: &str) {
        if !self.signature_rows.is_empty() && !is_title_start(text) {
            self.signature_rows.push((line, vec![(0, text.to_string())]));
            return;
        }
        self.foreign = None;
        if let Some(t) = &mut self.table
            && !t.interrupted
        {
            t.interrupted = true;
            self.after_of = Some(t.doc);
            self.after.clear();
        }
        if is_title_start(text) {
            self.close_signatures();
            self.title = vec![(line, text.to_string())];
            return;
        }
        if !self.title.is_empty() {
            self.title.push((line, text.to_string()));
        } else if self.after_of.is_some() {
            self.after.push((line, text.to_string()));
        }
    }

    fn row(&mut self, line: usize, cells: &[String]) {
        // Signature blocks in cells under a table: no row of a plan has a place and date or a
        // "Pihak Pertama," in a cell of its own.
        if let Some(t) = &mut self.table
            && (!self.signature_rows.is_empty() || is_signature_row(cells))
        {
            if self.signature_rows.is_empty() {
                t.interrupted = true;
                self.after_of = Some(t.doc);
                self.after.clear();
            }
            let filled = cells
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.trim().is_empty())
                .map(|(k, c)| (k, c.trim().to_string()))
                .collect();
            self.signature_rows.push((line, filled));
            return;
        }
        let Some(table) = &self.table else {
            self.warn(
                line,
                Text::new(
                    format!(
                        "baris tabel sebelum judul kolom yang dikenali, tidak dibaca: {}",
                        preview(cells)
                    ),
                    format!(
                        "a table row before any header this importer knows, not read: {}",
                        preview(cells)
                    ),
                ),
            );
            return;
        };
        if table.interrupted && !self.title.is_empty() {
            // A new title came, but no header: these rows have no columns to go by.
            self.warn(
                line,
                Text::new(
                    format!(
                        "baris tabel di bawah judul tanpa judul kolom, tidak dibaca: {}",
                        preview(cells)
                    ),
                    format!(
                        "a table row under a title without a header, not read: {}",
                        preview(cells)
                    ),
                ),
            );
            return;
        }
        if layout::is_column_numbers(cells) {
            return;
        }
        if let Some(header) = &self.foreign {
            let message = Text::new(
                format!(
                    "baris tabel {header:?} (bukan tabel yang dibaca impor), tidak dibaca: {}",
                    preview(cells)
                ),
                format!(
                    "a row of the table {header:?} (not a table this importer reads), not read: {}",
                    preview(cells)
                ),
            );
            self.warn(line, message);
            return;
        }
        if is_other_header(cells) {
            let header = preview(cells);
            self.warn(
                line,
                Text::new(
                    format!("tabel dengan judul kolom {header:?} bukan tabel yang dibaca impor; barisnya dilaporkan sebagai tidak dibaca"),
                    format!("a table with the header {header:?} is not one this importer reads; its rows are listed as not read"),
                ),
            );
            self.foreign = Some(header);
            if let Some(t) = &mut self.table {
                t.interrupted = true;
            }
            return;
        }
        // Rows after a page break without a repeated header continue the table.
        if let Some(t) = &mut self.table {
            t.interrupted = false;
        }
        self.data_row(line, cells);
    }

    fn data_row(&mut self, line: usize, raw: &[String]) {
        let table = self.table.as_mut().expect("a table is open");
        let mut cells = RowCells::read(&table.layout, raw);
        let doc = &mut self.out.documents[table.doc];
        let warnings = &mut self.out.warnings;
        // Cells wrapped onto a line of their own: a line with only objective or indicator text,
        // nothing else, whose text reads as the rest of the one above. (A full indicator there is
        // an indicator of its own, printed without figures.)
        if !join_wrapped(doc, table, &mut cells) {
            join_unnumbered_objective(doc, table, &mut cells);
            let o = objective_of_row(doc, table, &mut cells, line, warnings);
            table.objective = Some(o);
            let ix = indicator_of_row(&mut doc.objectives[o], table, &mut cells, line, warnings);
            table.indicator = ix;
            action_of_row(doc.kind, &mut doc.objectives[o], table, ix, &mut cells, line);
        }
        for n in cells.notes {
            warnings.push(Warning {
                line,
                sheet: None,
                message: n,
            });
        }
    }

    fn close_table(&mut self) {
        self.close_signatures();
        self.table = None;
    }

    /// The buffered signature rows into `after`: each column's lines top to bottom, the columns
    /// left to right, so each block reads as one (as a PDF's text gives them).
    fn flush_signature_rows(&mut self) {
        let rows = std::mem::take(&mut self.signature_rows);
        let mut columns: Vec<usize> = rows
            .iter()
            .flat_map(|(_, cells)| cells.iter().map(|(c, _)| *c))
            .collect();
        columns.sort_unstable();
        columns.dedup();
        for col in columns {
            for (line, cells) in &rows {
                for (c, text) in cells {
                    if *c == col {
                        self.after.push((*line, text.clone()));
                    }
                }
            }
        }
    }

    fn close_signatures(&mut self) {
        self.flush_signature_rows();
        if let Some(doc) = self.after_of.take() {
            let lines = std::mem::take(&mut self.after);
            if self.out.documents[doc].kind == DocKind::Pk {
                let (budget, total, notes) = budget_block(&lines);
                let d = &mut self.out.documents[doc];
                d.budget = budget;
                d.stated_budget_total = total;
                for (line, message) in notes {
                    self.out.warnings.push(Warning {
                        line,
                        sheet: None,
                        message,
                    });
                }
            }
            self.out.documents[doc].signatories = signatories(&lines);
        }
    }

    fn finish(mut self) -> Imported {
        if let Some(t) = &mut self.table
            && !t.interrupted
        {
            self.after_of = Some(t.doc);
        }
        self.close_table();
        for d in &self.out.documents {
            if d.objectives.is_empty() {
                self.out.warnings.push(Warning {
                    line: d.line,
                    sheet: None,
                    message: Text::new(
                        format!(
                            "tabel {} di bawah {:?} tidak memiliki baris",
                            d.kind.code().to_uppercase(),
                            d.title
                        ),
                        format!(
                            "the {} table under {:?} has no rows",
                            d.kind.code().to_uppercase(),
                            d.title
                        ),
                    ),
                });
            }
        }
        if self.out.documents.is_empty() {
            self.out.warnings.push(Warning {
                line: 1,
                sheet: None,
                message: Text::new(
                    "tidak ada tabel dengan judul kolom yang dikenali (NO | SASARAN | INDIKATOR KINERJA | TARGET …)",
                    NO_TABLE,
                ),
            });
        }
        self.out.warnings.sort_by_key(|w| w.line);
        self.out
    }
}

/// A header row of a table other than the layouts read here: every filled cell a column title
/// such as KEGIATAN, ANGGARAN, URAIAN (at least two of them).
fn is_other_header(cells: &[String]) -> bool {
    const TITLES: [&str; 12] = [
        "KEGIATAN",
        "ANGGARAN",
        "PROGRAM",
        "PROGRAM / KEGIATAN",
        "PROGRAM/KEGIATAN",
        "URAIAN",
        "KETERANGAN",
        "JUMLAH",
        "PAGU",
        "REALISASI ANGGARAN",
        "NO",
        "NO.",
    ];
    let filled: Vec<String> = cells.iter().filter(|c| !c.is_empty()).map(|c| normal(c)).collect();
    filled.len() >= 2 && filled.iter().all(|c| TITLES.contains(&c.as_str()))
}

/// Whether an objective's text reads as the tail of a sentence rather than a sentence: it starts
/// in lower case, or it is a few words none of which is the "-nya" form objectives open with
/// ("Terwujudnya", "Meningkatnya").
fn reads_as_continuation(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let lower = first.chars().next().is_some_and(|c| c.is_lowercase());
    lower || (text.split_whitespace().count() <= 3 && !first.to_lowercase().ends_with("nya"))
}

/// Splits a cell holding several indicators where the cell's own opening word ("Nilai …",
/// "Persentase …") starts again, capitalised, after at least three words.
fn split_indicators(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let opener = words.first().copied().unwrap_or("");
    if !INDICATOR_OPENERS.contains(&normal(opener).as_str()) {
        return vec![words.join(" ")];
    }
    let mut parts: Vec<Vec<&str>> = vec![vec![]];
    for w in &words {
        let current = parts.last().expect("one part");
        if current.len() >= 3 && *w == opener {
            parts.push(vec![]);
        }
        parts.last_mut().expect("one part").push(w);
    }
    parts.into_iter().map(|p| p.join(" ")).collect()
}

/// The values of a cell holding several (`95% 90%`), each a percentage or a grade; one value
/// otherwise.
fn split_values(cell: &str) -> Vec<String> {
    let tokens: Vec<&str> = cell.split_whitespace().collect();
    let is_value = |t: &&str| {
        t.strip_suffix('%')
            .is_some_and(|n| n.replace(',', ".").parse::<f64>().is_ok())
            || matches!(*t, "AA" | "A" | "BB" | "B" | "CC" | "C" | "D" | "WTP" | "WDP")
    };
    if tokens.len() > 1 && tokens.iter().all(is_value) {
        tokens.into_iter().map(String::from).collect()
    } else if cell.is_empty() {
        vec![]
    } else {
        vec![cell.to_string()]
    }
}

/// Splits an indicator cell into `n` indicators at capitalised opening words ("Jumlah",
/// "Persentase" …) that follow at least three words, when there are exactly `n - 1` of them.
fn split_at_openers(text: &str, n: usize) -> Option<Vec<String>> {
    if n < 2 {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut parts: Vec<Vec<&str>> = vec![vec![]];
    for w in &words {
        if parts.last().expect("one part").len() >= 3
            && w.chars().next().is_some_and(char::is_uppercase)
            && INDICATOR_OPENERS.contains(&normal(w).as_str())
        {
            parts.push(vec![]);
        }
        parts.last_mut().expect("one part").push(w);
    }
    (parts.len() == n).then(|| parts.into_iter().map(|p| p.join(" ")).collect())
}

const INDICATOR_OPENERS: [&str; 10] = [
    "PERSENTASE",
    "JUMLAH",
    "NILAI",
    "INDEKS",
    "TINGKAT",
    "OPINI",
    "RASIO",
    "PENURUNAN",
    "PENINGKATAN",
    "RATA-RATA",
];

/// Whether an indicator's text reads as the tail of the one above: it starts in lower case, or it
/// is a few words that do not open the way indicators do ("Persentase", "Jumlah", "Nilai" …).
fn reads_as_indicator_continuation(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let lower = first
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || !c.is_alphabetic());
    lower || (text.split_whitespace().count() <= 3 && !INDICATOR_OPENERS.contains(&normal(first).as_str()))
}

fn preview(cells: &[String]) -> String {
    let text: Vec<&str> = cells.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
    let joined = text.join(" | ");
    if joined.chars().count() > 80 {
        format!("{}…", joined.chars().take(80).collect::<String>())
    } else {
        joined
    }
}

/// A document from its header and the title lines above it.
fn document(line: usize, layout: &Layout, title: &[(usize, String)]) -> Document {
    let texts: Vec<&str> = title.iter().map(|(_, t)| t.as_str()).collect();
    let year = texts.iter().find_map(|t| year_in(t));
    // What is left of the title once the document's name, "TAHUN 2024" and labels are taken off.
    let mut rest: Vec<String> = vec![];
    for t in &texts {
        let mut s = normal(t);
        // "Tabel 3." and the like.
        if let Some(rest) = s.strip_prefix("TABEL ") {
            let after_no = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
            s = after_no.to_string();
        }
        for w in [
            "RENCANA AKSI KINERJA",
            "PERJANJIAN KINERJA",
            "RENCANA KINERJA TAHUNAN",
            "INDIKATOR KINERJA UTAMA",
            "PENCAPAIAN KINERJA",
            "CAPAIAN KINERJA PADA",
            "CAPAIAN KINERJA",
            "CAPAIAN REALISASI PADA",
            "CAPAIAN REALISASI",
            "TAHUN ANGGARAN",
        ] {
            s = s.replace(w, "");
        }
        if let Some(y) = year {
            s = s
                .replace(&format!("TAHUN {y}"), "")
                .replace(&format!("TAHUN : {y}"), "")
                .replace(&y.to_string(), "");
        }
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let s = s
            .trim_start_matches("NAMA/UNIT ORGANISASI")
            .trim_start_matches(" :")
            .trim_start_matches(':');
        let s = s.trim().trim_matches(|c: char| c == ':' || c == '(' || c == ')').trim();
        if !s.is_empty() && s != "TAHUN" {
            rest.push(s.to_string());
        }
    }
    let office_of = |s: &str| -> Option<String> {
        ["KOMISI PEMILIHAN UMUM", "KPU"]
            .iter()
            .find_map(|k| s.find(k).map(|i| s[i..].trim().to_string()))
    };
    let (unit, office) = match rest.as_slice() {
        [] => (None, None),
        [one] => (Some(one.clone()), office_of(one)),
        [first, .., last] => (Some(first.clone()), office_of(last).or_else(|| office_of(first))),
    };
    Document {
        kind: layout.kind,
        title: texts.join(" "),
        office,
        unit,
        year,
        period_kind: layout.period_kind,
        objectives: vec![],
        signatories: vec![],
        budget: vec![],
        stated_budget_total: None,
        line,
        sheet: None,
    }
}

fn year_in(text: &str) -> Option<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (2000..=2100).contains(y))
}

/// Signature blocks: `Pihak Pertama,` / `Pihak Kedua,` (or a block with only a place and date),
/// position lines, the name (mostly capitals), and `NIP …`.
fn signatories(lines: &[(usize, String)]) -> Vec<Signatory> {
    struct Partial {
        role: String,
        position: Vec<String>,
        place_date: Option<String>,
        line: usize,
    }
    let mut out: Vec<Signatory> = vec![];
    let mut current: Option<Partial> = None;
    let mut date: Option<String> = None;
    for (line, text) in lines.iter().take(40) {
        let t = text.trim();
        let n = normal(t);
        let role = if n.starts_with("PIHAK PERTAMA") {
            Some("pihak_pertama")
        } else if n.starts_with("PIHAK KEDUA") {
            Some("pihak_kedua")
        } else {
            None
        };
        if let Some(role) = role.filter(|_| n.len() < 20) {
            current = Some(Partial {
                role: role.into(),
                position: vec![],
                place_date: date.take(),
                line: *line,
            });
        } else if is_place_date(t) {
            date = Some(t.to_string());
        } else if let Some(nip) = n.strip_prefix("NIP") {
            if let Some(last) = out.last_mut() {
                last.nip = Some(nip.trim_start_matches(['.', ':', ' ']).trim().to_string());
            }
        } else if is_name(t) && current.as_ref().is_some_and(|c| !c.position.is_empty()) {
            let c = current.take().expect("checked");
            out.push(Signatory {
                role: c.role,
                name: t.to_string(),
                position: c.position.join(" "),
                nip: None,
                place_date: c.place_date,
                line: c.line,
            });
        } else if let Some(c) = &mut current {
            c.position.push(t.to_string());
        } else if date.is_some() {
            current = Some(Partial {
                role: "penandatangan".into(),
                position: vec![t.to_string()],
                place_date: date.take(),
                line: *line,
            });
        }
    }
    // A block naming only one party of two signs as Pihak Pertama when none else does.
    if out.len() == 1 && out[0].role == "penandatangan" {
        out[0].role = "pihak_pertama".into();
    }
    out
}

/// `Rp. 12.692.171.000,-` → `Rp. 12.692.171.000`; `None` when `text` holds no amount.
fn rupiah(text: &str) -> Option<String> {
    let t = text
        .trim()
        .strip_prefix("Jumlah")
        .map(|t| t.trim_start_matches([':', ' ']))
        .unwrap_or(text.trim());
    let t = t.strip_prefix("Rp")?.trim_start_matches(['.', ' ']);
    let t = t.trim_end_matches(['-', ' ']).trim_end_matches(',').trim();
    let ok =
        !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.') && t.chars().any(|c| c.is_ascii_digit());
    ok.then(|| format!("Rp. {t}"))
}

/// The budget printed under a PK table: a heading `Program Anggaran` or `Kegiatan Anggaran`
/// (markup like `<u>` ignored), numbered entries `1. NAME Rp. AMOUNT` (the amount may stand on
/// the next line), and the total, `Jumlah: Rp. …` or a lone amount after the entries. A line in
/// the block that is none of these ends it with a warning, and an entry left without an amount
/// is named: nothing is guessed.
fn budget_block(lines: &[(usize, String)]) -> (Vec<BudgetEntry>, Option<String>, Vec<(usize, Text)>) {
    let plain = |t: &str| {
        let mut out = String::new();
        let mut tag = false;
        for c in t.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => out.push(c),
                _ => {}
            }
        }
        out.trim().to_string()
    };
    let mut entries: Vec<(usize, String, Option<String>)> = vec![];
    let mut total = None;
    let mut notes = vec![];
    let Some(start) = lines.iter().position(|(_, t)| {
        let n = normal(&plain(t));
        n == "PROGRAM ANGGARAN" || n == "KEGIATAN ANGGARAN"
    }) else {
        return (vec![], None, notes);
    };
    let level = if normal(&plain(&lines[start].1)).starts_with("PROGRAM") {
        "program"
    } else {
        "activity"
    };
    for (line, text) in &lines[start + 1..] {
        let t = plain(text);
        if total.is_some() {
            break;
        }
        let numbered = t
            .split_once(". ")
            .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            .map(|(_, rest)| rest.trim());
        if let Some(rest) = numbered {
            let (name, amount) = match rest.rfind("Rp") {
                Some(i) => (rest[..i].trim(), rupiah(&rest[i..])),
                None => (rest, None),
            };
            entries.push((*line, name.to_string(), amount));
        } else if let Some(amount) = rupiah(&t) {
            match entries.last_mut() {
                Some(e) if e.2.is_none() => e.2 = Some(amount),
                Some(_) => total = Some(amount),
                None => {}
            }
        } else if !entries.is_empty() || t.to_ascii_lowercase().contains("rp") {
            notes.push((
                *line,
                Text::new(
                    format!("baris anggaran PK tidak dipahami, tidak dibaca: {t:?}"),
                    format!("a line of the PK's budget not understood, not read: {t:?}"),
                ),
            ));
            break;
        } else {
            break;
        }
    }
    let mut budget = vec![];
    for (line, name, amount) in entries {
        match amount {
            Some(amount) => budget.push(BudgetEntry {
                name,
                level: level.into(),
                amount,
                line,
            }),
            None => notes.push((
                line,
                Text::new(
                    format!("mata anggaran {name:?} tanpa jumlah rupiah, tidak dibaca"),
                    format!("the budget line {name:?} has no amount, not read"),
                ),
            )),
        }
    }
    (budget, total, notes)
}

fn is_place_date(t: &str) -> bool {
    place_and_date(t).is_some()
}

/// A row of cells that starts signature blocks: a cell that is a place and date, or a party.
fn is_signature_row(cells: &[String]) -> bool {
    cells.iter().map(|c| c.trim()).any(|c| {
        let n = normal(c);
        is_place_date(c) || (n.len() < 20 && (n.starts_with("PIHAK PERTAMA") || n.starts_with("PIHAK KEDUA")))
    })
}

/// A signature block's place and date: `Metro, 11 Januari 2024` → (`Metro`, the date), or only
/// the month and the year (`SUNGAI RAYA, JANUARI 2024`: the day left to be written by hand) →
/// (the place, no date). `None` when the line is not a place and a date.
pub fn place_and_date(t: &str) -> Option<(String, Option<Date>)> {
    let (place, date) = t.rsplit_once(',')?;
    let place = place.trim();
    let words: Vec<&str> = date.split_whitespace().collect();
    // A date left for hand filling: "……… Januari 2024", "……………… 2025".
    let blank = |w: &str| !w.is_empty() && w.chars().all(|c| matches!(c, '.' | '…' | '_'));
    let (day, month, year) = match words.as_slice() {
        [d, m, y] if blank(d) => (None, *m, *y),
        [d, y] if blank(d) => {
            let year_ok = y.len() == 4 && y.parse::<i32>().is_ok();
            return (year_ok && !place.trim().is_empty()).then(|| (place.trim().to_string(), None));
        }
        [d, m, y] => (Some(d.parse::<u8>().ok()?), *m, *y),
        [m, y] => (None, *m, *y),
        _ => return None,
    };
    let month = match layout::period_label(month, false)? {
        (crate::model::PeriodKind::Month, m) => m,
        _ => return None,
    };
    let year: i32 = year.parse().ok().filter(|_| year.len() == 4)?;
    if place.is_empty() {
        return None;
    }
    Some((place.to_string(), day.and_then(|d| Date::new(year, month, d))))
}

/// A person's name as signature blocks print it: mostly capitals (titles like `S.Sos., M.M.`
/// allowed), no digits, not the office's name.
fn is_name(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let n = normal(t);
    letters.len() >= 4
        && upper * 10 >= letters.len() * 7
        && !t.chars().any(|c| c.is_ascii_digit())
        // `SEKRETARIS,` heads the block; a name does not end with a comma.
        && !t.trim_end().ends_with(',')
        && !n.contains("KOMISI PEMILIHAN")
        && !n.contains("KPU ")
        && !n.starts_with("KOTA ")
        && !n.starts_with("KABUPATEN ")
}

/// Joins a row that holds only the wrapped rest of the objective or indicator above to it;
/// true when nothing else is left of the row.
fn join_wrapped(doc: &mut Document, table: &Table, cells: &mut RowCells) -> bool {
    if cells.has_data() || cells.action.is_some() {
        return false;
    }
    {
        let mut joined = false;
        if let (Some(text), Some(o)) = (&cells.objective, table.objective)
            && reads_as_continuation(text)
        {
            let obj = &mut doc.objectives[o];
            obj.text = format!("{} {text}", obj.text);
            cells.objective = None;
            joined = true;
        }
        if let (Some(text), Some(o), Some(ix)) = (&cells.indicator, table.objective, table.indicator)
            && (cells.objective.is_none() || joined)
            && reads_as_indicator_continuation(text)
        {
            let ind = &mut doc.objectives[o].indicators[ix];
            ind.text = format!("{} {text}", ind.text);
            cells.indicator = None;
            joined = true;
        }
        joined && cells.objective.is_none() && cells.indicator.is_none()
    }
}

/// An objective cell without a number, in a table that numbers its objectives, that reads as
/// the end of the sentence above ("Tugas KPU" under "… guna Meningkatkan Kelancaran"): the rest
/// of that objective, wrapped onto the next row.
fn join_unnumbered_objective(doc: &mut Document, table: &Table, cells: &mut RowCells) {
    if let (Some(text), Some(o)) = (&cells.objective, table.objective)
        && cells.no.is_none()
        && table.layout.column(Role::No).is_some()
        && doc.objectives[o].no.is_some()
        && reads_as_continuation(text)
    {
        let obj = &mut doc.objectives[o];
        obj.text = format!("{} {text}", obj.text);
        cells.notes.push(Text::new(
            format!("{text:?} dibaca sebagai akhir sasaran di atasnya (tanpa nomor, bukan kalimat sendiri)"),
            format!("{text:?} read as the end of the objective above (no number, not a sentence of its own)"),
        ));
        cells.objective = None;
    }
}

/// The objective a row belongs to: a new one when its cell is filled (and differs), else the one
/// above (or one with no text, when there is none).
fn objective_of_row(
    doc: &mut Document,
    table: &mut Table,
    cells: &mut RowCells,
    line: usize,
    warnings: &mut Vec<Warning>,
) -> usize {
    match cells.objective.take() {
        Some(text) if table.objective.is_none_or(|o| doc.objectives[o].text != text) => {
            doc.objectives.push(Objective {
                text,
                no: cells.no.clone(),
                indicators: vec![],
                line,
            });
            table.indicator = None;
            table.last = Some(Last::Objective);
            doc.objectives.len() - 1
        }
        _ => match table.objective {
            Some(o) => o,
            None => {
                // An IKU table has no objective column: its indicators stand alone.
                if table.layout.column(Role::Objective).is_some() {
                    warnings.push(Warning {
                        line,
                        sheet: None,
                        message: Text::new(
                            "baris tanpa sasaran dan tanpa sasaran di atasnya: dibaca di bawah sasaran tanpa teks",
                            "a row without an objective and none above it: read under an objective with no text",
                        ),
                    });
                }
                doc.objectives.push(Objective {
                    text: String::new(),
                    no: cells.no.clone(),
                    indicators: vec![],
                    line,
                });
                doc.objectives.len() - 1
            }
        },
    }
}

/// The indicator a row belongs to: new ones when its cell is filled (and differs; a cell
/// holding two indicators gives two), else the one above (or one with no text for an action
/// with none above).
fn indicator_of_row(
    objective: &mut Objective,
    table: &mut Table,
    cells: &mut RowCells,
    line: usize,
    warnings: &mut Vec<Warning>,
) -> Option<usize> {
    match cells.indicator.take() {
        Some(text) if table.indicator.is_none_or(|i| objective.indicators[i].text != text) => {
            // Two indicators extracted into one cell ("Nilai … KPU Nilai … KPU"): split, each
            // with the row's figures.
            let targets = split_values(cells.target.as_deref().unwrap_or(""));
            let (parts, target) = match split_at_openers(&text, targets.len()) {
                Some(parts) if targets.len() > 1 => (parts, None),
                _ => (split_indicators(&text), cells.target.clone()),
            };
            let mut targets = targets.into_iter();
            let mut next_target = || target.clone().or_else(|| targets.next());
            if parts.len() > 1 {
                let list = parts.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>().join(", ");
                cells.notes.push(Text::new(
                    format!(
                        "satu sel berisi {} indikator, dibaca sebagai {}: {list}",
                        parts.len(),
                        parts.len()
                    ),
                    format!(
                        "one cell holds {} indicators, read as {}: {list}",
                        parts.len(),
                        parts.len()
                    ),
                ));
            }
            let (last, first_parts) = parts.split_last().expect("at least the text");
            for p in first_parts {
                objective.indicators.push(Indicator {
                    text: p.clone(),
                    target: next_target(),
                    activity_target: cells.activity_target.clone(),
                    formula: cells.formula.clone(),
                    data_source: cells.data_source.clone(),
                    realisation: cells.realisation.clone(),
                    reported_achievement: cells.achievement.clone(),
                    actions: vec![],
                    line,
                });
            }
            let text = last.clone();
            let target = next_target();
            objective.indicators.push(Indicator {
                text,
                target,
                activity_target: cells.activity_target.clone(),
                formula: cells.formula.clone(),
                data_source: cells.data_source.clone(),
                realisation: cells.realisation.clone(),
                reported_achievement: cells.achievement.clone(),
                actions: vec![],
                line,
            });
            table.last = Some(Last::Indicator);
            Some(objective.indicators.len() - 1)
        }
        Some(_) => table.indicator,
        None => match table.indicator {
            Some(i) => Some(i),
            None if cells.action.is_some() || !cells.marks.is_empty() => {
                warnings.push(Warning {
                    line,
                    sheet: None,
                    message: Text::new(
                        "kegiatan tanpa indikator dan tanpa indikator di atasnya: dibaca di bawah indikator tanpa teks",
                        "an action without an indicator and none above it: read under an indicator with no text",
                    ),
                });
                objective.indicators.push(Indicator {
                    text: String::new(),
                    target: cells.target.clone(),
                    activity_target: None,
                    formula: None,
                    data_source: None,
                    realisation: None,
                    reported_achievement: None,
                    actions: vec![],
                    line,
                });
                Some(objective.indicators.len() - 1)
            }
            None => None,
        },
    }
}

/// In a RAK or RKT, the row's action under its indicator (the indicator's target filled from
/// the row when it has none).
fn action_of_row(
    kind: DocKind,
    objective: &mut Objective,
    table: &mut Table,
    ix: Option<usize>,
    cells: &mut RowCells,
    line: usize,
) {
    let is_rak_like = kind == DocKind::Rak || kind == DocKind::Rkt;
    if let Some(ix) = ix
        && is_rak_like
        && (cells.action.is_some() || !cells.marks.is_empty() || cells.executor.is_some())
    {
        let ind = &mut objective.indicators[ix];
        if ind.target.is_none() {
            ind.target = cells.target.clone();
        } else if let Some(t) = &cells.target
            && ind.target.as_ref() != Some(t)
            && ind.line != line
        {
            let first = ind.target.as_deref().unwrap_or("");
            cells.notes.push(Text::new(
                format!("target {t:?} berbeda dari target indikator di atasnya ({first:?}); yang pertama dipakai"),
                format!("target {t:?} differs from the indicator's {first:?} above; the first is kept"),
            ));
        }
        ind.actions.push(Action {
            text: cells.action.take().unwrap_or_default(),
            periods: std::mem::take(&mut cells.marks),
            executor: cells.executor.take(),
            budget: cells.budget.take(),
            target: cells.activity_target.take(),
            line,
        });
        table.last = Some(Last::Action);
    } else if ix.is_none() && objective.indicators.is_empty() && cells.has_data() {
        cells.notes.push(Text::new(
            "baris berisi angka tetapi tanpa indikator: angkanya tidak dibaca",
            "a row with figures but no indicator: its figures are not read",
        ));
    }
}

/// Notes for the cells of a row under no column this importer reads, and beyond the header.
fn unread_cells(layout: &Layout, cells: &[String], last_period: Option<usize>) -> Vec<Text> {
    let mut notes = Vec::new();
    for (i, role) in layout.roles.iter().enumerate() {
        if *role == Role::Unknown
            && let Some(c) = cells.get(i).filter(|c| !c.is_empty())
        {
            notes.push(Text::new(
                format!("{:?} di bawah {:?} tidak dibaca", c, layout.titles[i]),
                format!("{:?} under {:?} not read", c, layout.titles[i]),
            ));
        }
    }
    if layout.roles.len() < cells.len() && last_period.is_none() {
        let extra: Vec<&String> = cells[layout.roles.len()..].iter().filter(|c| !c.is_empty()).collect();
        if !extra.is_empty() {
            notes.push(Text::new(
                format!("{} sel di luar kolom judul tidak dibaca", extra.len()),
                format!("{} cell(s) beyond the header's columns not read", extra.len()),
            ));
        }
    }
    notes
}

/// A data row's cells by the roles of its table's columns, with what could not be read.
struct RowCells {
    no: Option<String>,
    objective: Option<String>,
    indicator: Option<String>,
    target: Option<String>,
    activity_target: Option<String>,
    action: Option<String>,
    executor: Option<String>,
    budget: Option<String>,
    formula: Option<String>,
    data_source: Option<String>,
    realisation: Option<String>,
    achievement: Option<String>,
    /// The periods checked in the schedule.
    marks: Vec<u8>,
    /// What was not read, and why.
    notes: Vec<Text>,
}

impl RowCells {
    /// Reads a row's cells by `layout`: values with look-alike letters made Latin, the schedule's
    /// check marks, and a note for every cell left unread.
    fn read(layout: &Layout, raw: &[String]) -> RowCells {
        let mut cells = raw.to_vec();
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        let periods = layout.periods();
        let last_period = periods.last().map(|(c, _)| *c);
        let width = layout.width();
        // Extraction sometimes adds cells (an extra check mark) inside the schedule: the columns
        // after the schedule are then read from the row's end.
        let shift = match last_period {
            Some(_) if cells.len() > width => cells.len() - width,
            _ => 0,
        };
        let at = |col: usize| -> &str {
            let i = match last_period {
                Some(lp) if col > lp => col + shift,
                _ => col,
            };
            cells.get(i).map(String::as_str).unwrap_or("")
        };
        let get =
            |role: Role| -> Option<String> { layout.column(role).map(at).filter(|c| !c.is_empty()).map(String::from) };
        // Values (targets, realisations) with look-alike letters made Latin: a grade printed "В"
        // is "B". Texts stay as printed.
        let value = |role: Role| get(role).map(|v| layout::latin(&v));
        let no = get(Role::No);
        let objective = get(Role::Objective);
        let indicator = get(Role::Indicator);
        let target = value(Role::Target);
        let activity_target = value(Role::ActivityTarget);
        let action = get(Role::Action);
        let mut executor = get(Role::Executor);
        let budget = value(Role::Budget);
        let formula = get(Role::Formula);
        let data_source = get(Role::DataSource);
        let realisation = value(Role::Realisation);
        let achievement = value(Role::Achievement);
        let mut marks = vec![];
        let mut notes = vec![];
        for (col, n) in &periods {
            let c = cells.get(*col).map(String::as_str).unwrap_or("");
            if is_mark(c) {
                marks.push(*n);
            } else if !c.is_empty() {
                notes.push(Text::new(
                    format!("{c:?} di kolom periode {n} bukan tanda centang, tidak dibaca"),
                    format!("{c:?} in the column of period {n} is not a check mark, not read"),
                ));
            }
        }
        // A check mark where the executor is printed: one mark too many on a row whose
        // executor was left out, as in the Kubu Raya RAK.
        if !periods.is_empty() && executor.as_deref().is_some_and(is_mark) {
            executor = None;
            let column = layout
                .column(Role::Executor)
                .map(|c| layout.titles[c].clone())
                .unwrap_or_default();
            notes.push(Text::new(
            format!("tanda centang di kolom {column} (setelah kolom periode terakhir) diabaikan; baris ini tidak menyebut pelaksana"),
            format!("a check mark in the column {column} (after the last period column): dropped, the row names no executor"),
        ));
        }
        if let Some(lp) = last_period {
            let extra: Vec<usize> = (lp + 1..=lp + shift)
                .filter(|i| cells.get(*i).is_some_and(|c| is_mark(c)))
                .collect();
            if !extra.is_empty() {
                notes.push(Text::new(
                format!(
                    "{} tanda centang setelah kolom periode terakhir ({}) diabaikan: yang sejajar dengan judul kolom dipakai",
                    extra.len(),
                    layout.titles[lp]
                ),
                format!(
                    "{} check mark(s) beyond the last period column ({}) dropped: the marks that align with the header are kept",
                    extra.len(),
                    layout.titles[lp]
                ),
            ));
            }
            for i in lp + 1..=lp + shift {
                if let Some(c) = cells.get(i).filter(|c| !c.is_empty() && !is_mark(c)) {
                    notes.push(Text::new(
                        format!("sel {} ({c:?}) tidak sesuai dengan kolom judul, tidak dibaca", i + 1),
                        format!("cell {} ({c:?}) does not fit the header's columns, not read", i + 1),
                    ));
                }
            }
        }
        notes.extend(unread_cells(layout, &cells, last_period));
        RowCells {
            no,
            objective,
            indicator,
            target,
            activity_target,
            action,
            executor,
            budget,
            formula,
            data_source,
            realisation,
            achievement,
            marks,
            notes,
        }
    }

    /// Whether the row carries anything besides objective, indicator and action texts.
    fn has_data(&self) -> bool {
        self.no.is_some()
            || self.target.is_some()
            || self.activity_target.is_some()
            || self.executor.is_some()
            || self.budget.is_some()
            || self.formula.is_some()
            || self.data_source.is_some()
            || self.realisation.is_some()
            || self.achievement.is_some()
            || !self.marks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_left_for_hand_filling_is_still_a_place_and_date() {
        assert_eq!(place_and_date("Metro, ……… Januari 2025"), Some(("Metro".into(), None)));
        assert_eq!(place_and_date("Metro, ……………… 2025"), Some(("Metro".into(), None)));
        assert_eq!(place_and_date("Metro, .... Januari 2025"), Some(("Metro".into(), None)));
        assert_eq!(place_and_date("Metro, ……… 20255"), None);
        assert_eq!(place_and_date(", ……… Januari 2025"), None);
        assert_eq!(place_and_date("Persentase, ……… laporan"), None);
    }

    #[test]
    fn signature_blocks_side_by_side_in_cells_are_read_block_by_block() {
        // As a written XLSX gives them: under the table, each block in its own columns.
        let source = "RENCANA AKSI KINERJA TAHUN 2024\nSUB BAGIAN PERENCANAAN\n\n\
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n\
1\tTerwujudnya perencanaan\tJumlah dokumen\t4 dokumen\tPenyusunan RKA\t\u{221a}\t\t\t\tSubbag\n\
\n\
\t\t\t\t\t\tMetro, 11 Januari 2024\n\
\tPihak Kedua,\t\t\t\t\tPihak Pertama,\n\
\tSekretaris\t\t\t\t\tKasubbag Perencanaan\n\
\tJUMADI AHMAD, SH\t\t\t\t\tZILVIA EVIRILIANITY, S.E.\n";
        let out = read(source).unwrap();
        assert_eq!(out.warnings, vec![], "no signature line read as a row");
        let s = &out.documents[0].signatories;
        let got: Vec<(&str, &str, &str)> = s
            .iter()
            .map(|s| (s.role.as_str(), s.name.as_str(), s.position.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("pihak_kedua", "JUMADI AHMAD, SH", "Sekretaris"),
                ("pihak_pertama", "ZILVIA EVIRILIANITY, S.E.", "Kasubbag Perencanaan")
            ]
        );
        assert_eq!(s[1].place_date.as_deref(), Some("Metro, 11 Januari 2024"));
        assert_eq!(out.documents[0].objectives.len(), 1);
    }

    #[test]
    fn signature_blocks_with_and_without_parties() {
        let lines: Vec<(usize, String)> = [
            "Metro, 11 Januari 2024",
            "Pihak Kedua,",
            "Sekretaris Komisi Pemilihan Umum",
            "Kota Metro",
            "JUMADI AHMAD, SH",
            "NIP. 19700101 199001 1 001",
            "Pihak Pertama,",
            "Kasubbag Keuangan, Umum dan Logistik",
            "Komisi Pemilihan Umum",
            "Kota Metro",
            "ZILVIA EVIRILIANITY, S.E., M.M.",
        ]
        .iter()
        .enumerate()
        .map(|(i, s)| (i + 1, s.to_string()))
        .collect();
        let s = signatories(&lines);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].role.as_str(), s[0].name.as_str(), s[0].position.as_str()),
            (
                "pihak_kedua",
                "JUMADI AHMAD, SH",
                "Sekretaris Komisi Pemilihan Umum Kota Metro"
            )
        );
        assert_eq!(s[0].nip.as_deref(), Some("19700101 199001 1 001"));
        assert_eq!(s[0].place_date.as_deref(), Some("Metro, 11 Januari 2024"));
        assert_eq!(s[1].name, "ZILVIA EVIRILIANITY, S.E., M.M.");
        assert_eq!(
            s[1].position,
            "Kasubbag Keuangan, Umum dan Logistik Komisi Pemilihan Umum Kota Metro"
        );

        let alone: Vec<(usize, String)> = [
            "Metro, 11 Januari 2024",
            "Ketua Komisi Pemilihan Umum",
            "Kota Metro",
            "NURRIS SEPTA PRATAMA",
        ]
        .iter()
        .enumerate()
        .map(|(i, s)| (i + 1, s.to_string()))
        .collect();
        let s = signatories(&alone);
        assert_eq!(
            (s[0].role.as_str(), s[0].name.as_str(), s[0].position.as_str()),
            (
                "pihak_pertama",
                "NURRIS SEPTA PRATAMA",
                "Ketua Komisi Pemilihan Umum Kota Metro"
            )
        );
    }

    #[test]
    fn place_and_date_lines() {
        assert!(is_place_date("Metro, 11 Januari 2024"));
        assert!(is_place_date("Sungai Raya, 2 Februari 2024"));
        assert!(!is_place_date("Kasubbag Keuangan, Umum dan Logistik"));
        assert!(!is_place_date("JUMADI AHMAD, SH"));
    }
}
