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
use kinerja_domain::model::Year;

use crate::model::{Action, DocKind, Document, Imported, Indicator, Objective, Signatory, Warning};

mod rows;
use rows::*;

mod budget;
mod headless;
use budget::{budget_block, budget_header};
use headless::{no_schedule, repeats};

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

/// The most rows under a header looked at for a schedule it does not title.
const MAX_ROWS_LOOKED_AT: usize = 200;

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
            page: None,
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
            if let Some((mut layout, two_rows)) = layout::header(&l.cells, next) {
                let below: Vec<&[String]> = lines[i + 1..]
                    .iter()
                    .skip(usize::from(two_rows))
                    .take_while(|n| n.tabular)
                    .take(MAX_ROWS_LOOKED_AT)
                    .map(|n| n.cells.as_slice())
                    .collect();
                // A row of period labels right under a one-row header is its sub-header, too
                // garbled to be taken with it (`BI`, `B3` for B8, `- B7`): never data.
                let sub_lost = !two_rows && below.first().is_some_and(|r| layout::is_period_row(r));
                let taken = layout::schedule_from_content(&mut layout, &below[usize::from(sub_lost)..]);
                reader.header(l.line, layout, &l.cells);
                if let Some(columns) = taken {
                    reader.warn(
                        l.line,
                        Text::new(
                            format!("kolom {columns} tanpa judul berisi tanda centang: dibaca sebagai jadwal (bulan atau triwulan, urut dari kiri)"),
                            format!("columns {columns} have no title but hold check marks: read as the schedule (months or quarters, in order from the left)"),
                        ),
                    );
                }
                i += if two_rows || sub_lost { 2 } else { 1 };
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

/// Whether a line starts a document's title: it opens with a title's words, or holds them in a
/// short line written as a title (`Tabel 3. Capaian Kinerja …`), not in a sentence (`… akan
/// melakukan evaluasi terhadap capaian kinerja`, in a PK's statement).
fn is_title_start(text: &str) -> bool {
    let t = normal(text);
    let words: Vec<&str> = text.split_whitespace().filter(|w| w.len() > 3).collect();
    let capitalised = words.iter().filter(|w| w.starts_with(char::is_uppercase)).count();
    let titled = capitalised * 2 >= words.len();
    TITLE_WORDS
        .iter()
        .any(|w| t.starts_with(w) || (t.contains(w) && t.len() < 120 && titled))
}

#[derive(Default)]
struct Reader {
    out: Imported,
    table: Option<Table>,
    /// Title lines since the last title start (none until one is seen).
    title: Vec<(usize, String)>,
    /// The title a later title start of the same document replaced before any table: a PK's
    /// cover heading (`PERJANJIAN KINERJA TAHUN 2024 … KPU KOTA METRO`) above its statement,
    /// whose year and office the appendix's own title (`Perjanjian Kinerja Subbagian …`) lacks.
    cover: Vec<(usize, String)>,
    /// The warning last given for an agreement's statement rows, which the next part widens.
    statement: Option<headless::Statement>,
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
    /// Under a PK's budget table (`NO | PROGRAM | ANGGARAN`, as Kinerja prints it): the PK
    /// document its rows are budget lines of, and their level from the header (`None`: PROGRAM /
    /// KEGIATAN, each line's by its name).
    budget: Option<(usize, Option<&'static str>)>,
    /// Table rows without a header this importer knows: held until the block ends, then read by
    /// the roles their content shows ([`layout::infer`]) or, failing that, each one reported.
    pending: Vec<(usize, Vec<String>, Headless)>,
}

/// Why a row had no header to go by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Headless {
    /// No table yet.
    BeforeAny,
    /// A new title came after a table, but no header.
    UnderTitle,
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
    /// Whether its roles were taken from its content (no header was read).
    inferred: bool,
    /// Whether the last line was its header repeated: a row of period labels under it is the
    /// repeat's sub-header.
    after_header: bool,
    /// Whether no data row has come since its header was repeated (a page break): the first may
    /// be the rest of a row the break split.
    after_break: bool,
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
            page: None,
            message,
        });
    }

    fn header(&mut self, line: usize, mut layout: Layout, cells: &[String]) {
        self.flush_pending();
        self.foreign = None;
        self.budget = None;
        let top: Vec<String> = cells.iter().map(|c| normal(c)).filter(|c| !c.is_empty()).collect();
        // The header repeated after a page break (no title between): the same table goes on,
        // however OCR read its titles this time, as long as its columns agree with the table's
        // (a schedule the repeat lost stands in the table's layout).
        if self.title.is_empty()
            && let Some(t) = &mut self.table
            && (t.header == top || repeats(&t.layout, &layout))
        {
            t.interrupted = false;
            t.after_header = true;
            t.after_break = true;
            return;
        }
        // A title that says RENCANA AKSI makes the table a RAK, whatever its header lets be read
        // (a schedule OCR lost): never a PK or an RKT.
        let titled_rak = self.title.iter().any(|(_, t)| normal(t).contains("RENCANA AKSI"));
        if matches!(layout.kind, DocKind::Pk | DocKind::Rkt) && titled_rak {
            layout.kind = DocKind::Rak;
            self.warn(line, no_schedule());
        }
        self.open_table(line, layout, top);
    }

    /// A new table under the title lines read so far.
    fn open_table(&mut self, line: usize, layout: Layout, top: Vec<String>) {
        self.close_table();
        let title_lines = std::mem::take(&mut self.title);
        let mut doc = document(line, &layout, &title_lines);
        let cover = std::mem::take(&mut self.cover);
        if !cover.is_empty() {
            let cover = document(line, &layout, &cover);
            doc.year = doc.year.or(cover.year);
            doc.office = doc.office.or(cover.office);
        }
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
            inferred: false,
            after_header: false,
            after_break: false,
        });
    }

    fn text(&mut self, line: usize, text: &str) {
        self.flush_pending();
        if !self.signature_rows.is_empty() && !is_title_start(text) {
            self.signature_rows.push((line, vec![(0, text.to_string())]));
            return;
        }
        self.foreign = None;
        self.budget = None;
        if let Some(t) = &mut self.table
            && !t.interrupted
        {
            t.interrupted = true;
            self.after_of = Some(t.doc);
            self.after.clear();
        }
        if is_title_start(text) {
            self.close_signatures();
            self.cover = match self.title.first() {
                Some((_, first)) if self.table.is_none() && names_same_plan(first, text) => {
                    // The heading's own lines: up to the first sentence of the statement.
                    self.title
                        .iter()
                        .take_while(|(_, t)| !t.contains(". ") && t.len() < 150)
                        .take(4)
                        .cloned()
                        .collect()
                }
                _ => vec![],
            };
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
        if !self.pending.is_empty() && is_signature_row(cells) {
            self.flush_pending();
        }
        // Signature blocks in cells under a table: no row of a plan has a place and date or a
        // "Pihak Pertama," in a cell of its own.
        if let Some(t) = &mut self.table
            && (!self.signature_rows.is_empty() || is_signature_row(cells))
        {
            let filled: Vec<(usize, String)> = cells
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.trim().is_empty())
                .map(|(k, c)| (k, c.trim().to_string()))
                .collect();
            if self.signature_rows.is_empty() {
                if t.interrupted {
                    // A place and date on a line of its own right above the blocks (as a PDF
                    // prints it, a line of one cell) dates the rightmost block, where it stands.
                    let right = filled.last().map_or(0, |(k, _)| *k);
                    while self.after.last().is_some_and(|(_, t)| is_place_date(t)) {
                        let (at, date) = self.after.pop().expect("checked");
                        self.signature_rows.insert(0, (at, vec![(right, date)]));
                    }
                } else {
                    t.interrupted = true;
                    self.after_of = Some(t.doc);
                    self.after.clear();
                }
            }
            self.signature_rows.push((line, filled));
            return;
        }
        // A PK's budget table under it (a caption between them or not).
        if let Some((doc, level)) = self.budget {
            if self.budget_row(line, cells, doc, level) {
                return;
            }
            self.budget = None;
        }
        if let Some(level) = budget_header(cells)
            && let Some(t) = &mut self.table
            && self.out.documents[t.doc].kind == DocKind::Pk
        {
            t.interrupted = true;
            self.budget = Some((t.doc, level));
            return;
        }
        let Some(table) = &self.table else {
            self.pending.push((line, cells.to_vec(), Headless::BeforeAny));
            return;
        };
        if (table.interrupted && !self.title.is_empty()) || !self.pending.is_empty() {
            // A new title came, but no header: these rows have no columns to go by, but what
            // they hold may show them.
            self.pending.push((line, cells.to_vec(), Headless::UnderTitle));
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
            if std::mem::take(&mut t.after_header) && layout::is_period_row(cells) {
                return;
            }
            // The header repeated after a page break, OCR garbled past reading (`5AS4RAN |
            // lNDlK | T4RG | PELAK5ANA`): no figure or mark, two of its cells name a plan's
            // columns. The table goes on under it.
            let naming = cells
                .iter()
                .filter(|c| layout::names_plan_column(std::slice::from_ref(*c)))
                .count();
            if naming >= 2 && layout::looks_like_header(cells) {
                t.after_header = true;
                t.after_break = true;
                return;
            }
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
        let split = std::mem::take(&mut table.after_break) && join_split_row(doc, table, &mut cells);
        if !split && !join_wrapped(doc, table, &mut cells) {
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
                page: None,
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
                // Lines of a budget block add to those of a budget table read already.
                d.budget.extend(budget);
                if total.is_some() {
                    d.stated_budget_total = total;
                }
                for (line, message) in notes {
                    self.out.warnings.push(Warning {
                        line,
                        sheet: None,
                        page: None,
                        message,
                    });
                }
            }
            self.out.documents[doc].signatories = signatories(&lines);
        }
    }

    fn finish(mut self) -> Imported {
        self.flush_pending();
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
                    page: None,
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
                page: None,
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
        // A line of specks a scan's OCR read as `- _` names nothing.
        if s.chars().any(char::is_alphanumeric) && s != "TAHUN" {
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
        [first, ..] => (Some(first.clone()), rest.iter().rev().find_map(|s| office_of(s))),
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
        columns_inferred: None,
    }
}

/// Whether two title lines name the same kind of plan document (`PERJANJIAN KINERJA …`).
fn names_same_plan(a: &str, b: &str) -> bool {
    const NAMES: [&str; 4] = [
        "RENCANA AKSI",
        "PERJANJIAN KINERJA",
        "RENCANA KINERJA TAHUNAN",
        "INDIKATOR KINERJA UTAMA",
    ];
    let name = |t: &str| {
        let n = normal(t);
        NAMES.iter().position(|k| n.contains(k))
    };
    name(a).is_some() && name(a) == name(b)
}

fn year_in(text: &str) -> Option<Year> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .find_map(|w| w.parse::<Year>().ok())
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

fn is_place_date(t: &str) -> bool {
    place_and_date(t).is_some()
}

/// A row of cells that starts signature blocks: a cell that is a place and date, or a party.
pub(crate) fn is_signature_row(cells: &[String]) -> bool {
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
    let calendar_year: i32 = year.parse().ok().filter(|_| year.len() == 4)?;
    if place.is_empty() {
        return None;
    }
    Some((place.to_string(), day.and_then(|d| Date::new(calendar_year, month, d))))
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

#[cfg(test)]
mod tests;
