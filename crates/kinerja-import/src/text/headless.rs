//! Table rows without a header this importer can read: held until their block ends, then read
//! by the roles their content shows ([`layout::infer`]), or each reported; and a header repeated
//! after a page break told from a new table.

use super::*;

impl Reader {
    /// The rows held without a header: read by the roles their content shows, with one warning
    /// per header naming the roles taken; or, when the columns cannot be told apart, each row
    /// reported. A header-like row amid them (a page's repeated header) starts a part that goes
    /// on with the same roles when it is as wide and no title came between.
    pub(super) fn flush_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() {
            return;
        }
        let titled_rak = self.title.iter().any(|(_, t)| normal(t).contains("RENCANA AKSI"));
        let mut starts: Vec<usize> = vec![0];
        for k in 1..pending.len() {
            let cells = &pending[k].1;
            let filled = cells.iter().filter(|c| !c.trim().is_empty()).count();
            if filled >= 3
                && layout::looks_like_header(cells)
                && layout::plan_columns_named(cells) >= 2
                && !layout::looks_like_header(&pending[k - 1].1)
            {
                starts.push(k);
            }
        }
        starts.push(pending.len());
        for part in starts.windows(2) {
            let part = &pending[part[0]..part[1]];
            let rows: Vec<&[String]> = part.iter().map(|(_, c, _)| c.as_slice()).collect();
            let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
            let same = self
                .table
                .as_ref()
                .filter(|t| self.title.is_empty() && t.inferred && t.layout.roles.len() == width);
            let inferred = match same {
                Some(t) => Some(layout::Inferred {
                    layout: t.layout.clone(),
                    header_rows: layout::header_rows(&rows),
                    empty_schedule: false,
                }),
                None if self.may_infer(&rows) => layout::infer(&rows, titled_rak.then_some(DocKind::Rak)),
                None => None,
            };
            match inferred {
                Some(inferred) => self.read_by_content(part, inferred),
                None if is_agreement_statement(&rows) => self.statement_part(part),
                None => {
                    for (line, cells, why) in part {
                        self.unread_row(*line, cells, *why);
                    }
                }
            }
        }
    }

    /// Whether rows without a header are a plan's table whose header OCR garbled, so that their
    /// roles may be taken from their content: the title above names a plan, or a header-like row
    /// names a plan's column in a word. A table other documents hold (`NO | Dokumen Hukum |
    /// Keterangan` in an LKj) is not guessed at: its rows are reported.
    fn may_infer(&self, rows: &[&[String]]) -> bool {
        self.title.iter().any(|(_, t)| layout::names_plan(t))
            || rows[..layout::header_rows(rows)]
                .iter()
                .any(|r| layout::names_plan_column(r))
    }

    /// Rows read by the roles [`layout::infer`] took from them.
    fn read_by_content(&mut self, part: &[(usize, Vec<String>, Headless)], inferred: layout::Inferred) {
        let first = part[0].0;
        let header: Vec<String> = part[..inferred.header_rows]
            .iter()
            .flat_map(|(_, r, _)| r.iter())
            .map(|c| normal(c))
            .filter(|c| !c.is_empty())
            .collect();
        let said = if header.is_empty() {
            String::new()
        } else {
            format!(" ({:?})", header.join(" | "))
        };
        let roles = layout::describe(&inferred.layout);
        self.warn(
            first,
            Text::new(
                format!("judul kolom tabel tidak terbaca{said}; peran kolom disimpulkan dari isinya: {roles}; periksa pratinjau"),
                format!("the table's column titles could not be read{said}; the columns' roles were taken from what they hold: {roles}; check the preview"),
            ),
        );
        let layout = inferred.layout;
        let continues = self.title.is_empty()
            && self
                .table
                .as_ref()
                .is_some_and(|t| t.inferred && t.layout.roles == layout.roles && t.layout.kind == layout.kind);
        if continues {
            if let Some(t) = &mut self.table {
                t.interrupted = false;
            }
        } else {
            if layout.kind == DocKind::Rak && layout.period_kind.is_none() {
                self.warn(first, no_schedule());
            }
            if inferred.empty_schedule {
                let columns = layout::describe_schedule(&layout);
                self.warn(
                    first,
                    Text::new(
                        format!("kolom jadwal (kolom {columns}) kosong di seluruh tabel: kegiatannya dibaca tanpa jadwal"),
                        format!("the schedule columns (columns {columns}) are empty throughout the table: its actions are read without a schedule"),
                    ),
                );
            }
            self.open_table(first, layout, header);
            if let Some(t) = &mut self.table {
                t.inferred = true;
                self.out.documents[t.doc].columns_inferred = Some(roles);
            }
        }
        for (line, cells, _) in &part[inferred.header_rows..] {
            if !layout::is_column_numbers(cells) {
                self.data_row(*line, cells);
            }
        }
    }

    /// Rows of a performance agreement's statement above its table, as Kinerja and the offices
    /// print a PK: its parties (`Nama : …`, `Jabatan : …`) or its signature blocks. One warning
    /// names their lines and says where the signatories are read from instead; a part right
    /// after another of the same kind (a signature block's date row, then its blocks) widens it.
    fn statement_part(&mut self, part: &[(usize, Vec<String>, Headless)]) {
        let (mut first, last) = (part[0].0, part[part.len() - 1].0);
        let label = layout::normal(
            part[0]
                .1
                .iter()
                .find(|c| !c.trim().is_empty())
                .map_or("", |c| c.as_str()),
        );
        let parties = is_party_label(&label);
        let widened = self
            .statement
            .filter(|s| s.index + 1 == self.out.warnings.len() && s.parties == parties && s.last + 3 >= first);
        if let Some(s) = widened {
            first = s.first;
            self.out.warnings.pop();
        }
        self.statement = Some(Statement {
            index: self.out.warnings.len(),
            first,
            last,
            parties,
        });
        let until = if first == last {
            String::new()
        } else {
            format!(" (sampai baris {last})")
        };
        let until_en = if first == last {
            String::new()
        } else {
            format!(" (to line {last})")
        };
        let (what, what_en) = if parties {
            ("para pihak (nama dan jabatan)", "parties (name and position)")
        } else {
            ("tanda tangan", "signatures")
        };
        self.warn(
            first,
            Text::new(
                format!(
                    "{what} pada pernyataan perjanjian di atas tabel{until} tidak dibaca; penanda tangan dibaca dari blok tanda tangan di bawah tabel"
                ),
                format!(
                    "the {what_en} of the agreement's statement above the table{until_en} are not read; the signatories are read from the signature blocks under the table"
                ),
            ),
        );
    }

    /// A table row with no header to go by, reported.
    fn unread_row(&mut self, line: usize, cells: &[String], why: Headless) {
        let message = match why {
            Headless::BeforeAny => Text::new(
                format!(
                    "baris tabel sebelum judul kolom yang dikenali, tidak dibaca: {}",
                    preview(cells)
                ),
                format!(
                    "a table row before any header this importer knows, not read: {}",
                    preview(cells)
                ),
            ),
            Headless::UnderTitle => Text::new(
                format!(
                    "baris tabel di bawah judul tanpa judul kolom, tidak dibaca: {}",
                    preview(cells)
                ),
                format!(
                    "a table row under a title without a header, not read: {}",
                    preview(cells)
                ),
            ),
        };
        self.warn(line, message);
    }
}

/// The warning last given for rows of an agreement's statement: which it is and the lines it
/// names.
#[derive(Clone, Copy)]
pub(super) struct Statement {
    index: usize,
    first: usize,
    last: usize,
    parties: bool,
}

/// Whether a label names a party of an agreement: `Nama`, `Jabatan`, `NIP`.
fn is_party_label(normalised: &str) -> bool {
    matches!(
        normalised.trim_end_matches([':', ' ']),
        "NAMA" | "JABATAN" | "NIP" | "PANGKAT/GOL"
    )
}

/// Whether rows held before any header are a performance agreement's statement: every row a
/// party's line (`Nama | : | NURRIS …`, `Jabatan | : | Ketua …`), or signature blocks opening with
/// a place and date or `Pihak Kedua, | Pihak Pertama,` followed by positions and names (no figure
/// or mark in any).
fn is_agreement_statement(rows: &[&[String]]) -> bool {
    let first_cell = |r: &[String]| layout::normal(r.iter().find(|c| !c.trim().is_empty()).map_or("", |c| c.as_str()));
    let parties = rows.iter().all(|r| is_party_label(&first_cell(r)));
    let signatures =
        rows.first().is_some_and(|r| is_signature_row(r)) && rows.iter().all(|r| layout::looks_like_header(r));
    !rows.is_empty() && (parties || signatures)
}

/// Whether `new`, a header met with no title since `open`'s, repeats it after a page break: the
/// same kind, or a RAK's repeat whose schedule OCR lost; and every column it titles titled the
/// same in the open table (or standing in its schedule).
pub(super) fn repeats(open: &Layout, new: &Layout) -> bool {
    let kind = new.kind == open.kind || (open.kind == DocKind::Rak && new.periods().is_empty());
    let columns = new.roles.iter().enumerate().all(|(i, r)| match (r, open.roles.get(i)) {
        (Role::Blank, _) => true,
        (r, Some(o)) => r == o || matches!(o, Role::Period(_)),
        (_, None) => false,
    });
    kind && columns && new.roles.contains(&Role::Indicator)
}

/// The warning for a RAK whose schedule could not be read.
pub(super) fn no_schedule() -> Text {
    Text::new(
        "judul tabel menyebut RENCANA AKSI, tetapi kolom jadwalnya (bulan atau triwulan) tidak terbaca: kegiatannya dibaca tanpa jadwal",
        "the table's title says RENCANA AKSI, but its schedule columns (months or quarters) could not be read: its actions are read without a schedule",
    )
}
