//! Column roles read from what the columns hold, for a table whose header OCR left unreadable.
//!
//! Each column is looked at as a whole: a running number (`1`, `2.`), target values (`1 laporan`,
//! `95%`), amounts of rupiah, names of units (`Sub Bagian …`), check marks, or text. A run of
//! exactly twelve (or four) adjacent columns holding only marks, or nothing, is the schedule. The
//! text columns are the objective, the indicator and the action, in that order from the left:
//! those left of the target column are the objective and the indicator, the first right of it
//! the action. Nothing here is guessed silently: the reader names every role it took in one
//! warning, and a table whose roles cannot be told apart is not read.

use kinerja_domain::value::{Measure, Value};

use super::{Layout, Role, is_column_numbers, is_mark, names_a_unit, normal};
use crate::model::{DocKind, PeriodKind};

/// A table's layout read from its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    pub layout: Layout,
    /// How many leading rows were the (unreadable) header.
    pub header_rows: usize,
    /// The schedule block is there but every cell of it is empty (a scan that lost its ticks).
    pub empty_schedule: bool,
}

/// What a column's filled cells are, counted.
#[derive(Debug, Default, Clone, Copy)]
struct Column {
    filled: usize,
    marks: usize,
    numbers: usize,
    values: usize,
    money: usize,
    units: usize,
    /// Characters of all filled cells.
    chars: usize,
}

impl Column {
    fn mostly(&self, n: usize) -> bool {
        self.filled > 0 && n * 10 >= self.filled * 6
    }
    fn is_text(&self) -> bool {
        self.filled > 0
            && self.marks == 0
            && !self.mostly(self.values + self.numbers + self.money)
            && self.chars >= self.filled * 12
    }
}

fn count(cells: &[&str]) -> Column {
    let mut c = Column::default();
    for cell in cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        c.filled += 1;
        c.chars += cell.chars().count();
        if is_mark(cell) {
            c.marks += 1;
        } else if is_running_number(cell) {
            c.numbers += 1;
        } else if is_money(cell) {
            c.money += 1;
        } else if is_value(cell) {
            c.values += 1;
        } else if names_a_unit(cell) {
            c.units += 1;
        }
    }
    c
}

/// `1`, `12.`, `(3)`, `II`: a row's number.
fn is_running_number(cell: &str) -> bool {
    let t = cell.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ' '));
    (!t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit()))
        || (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
}

/// A target as documents write one: a number first, short (`12 Kali`, `95%`, `1 laporan`); no
/// word mixing letters and digits (`5AS4RAN` is OCR's SASARAN).
fn is_value(cell: &str) -> bool {
    let mixed = |w: &str| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic);
    cell.chars().count() <= 30
        && cell.starts_with(|c: char| c.is_ascii_digit())
        && !cell.split_whitespace().any(mixed)
        && Value::parse(cell).is_ok_and(|v| !matches!(v.measure(), Measure::Text(_) | Measure::Money(_)))
}

/// An amount of rupiah: `8.170.412.000`, `Rp 15.000.000` (no target is a bare number of six
/// digits or more).
fn is_money(cell: &str) -> bool {
    let digits = cell.chars().filter(char::is_ascii_digit).count();
    (digits >= 6 || cell.trim_start().starts_with("Rp")) && Value::parse_money(cell).is_ok()
}

/// Whether a row could be a header that was not understood: no marks, figures or long text.
pub fn looks_like_header(row: &[String]) -> bool {
    let filled: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    !filled.is_empty()
        && !is_column_numbers(row)
        && filled
            .iter()
            .all(|c| !is_mark(c) && !is_value(c) && !is_money(c) && c.chars().count() <= 60)
}

/// A row of period labels, half of them at least read as such (`Bl`, `B2`, `83`, `B4` …), no
/// mark, nothing long: a header's second row.
pub fn is_period_row(row: &[String]) -> bool {
    let filled: Vec<&str> = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    let labels = filled.iter().filter(|c| super::period_label(c, true).is_some()).count();
    filled.len() >= 2 && labels * 2 >= filled.len() && filled.iter().all(|c| !is_mark(c) && c.chars().count() <= 30)
}

/// How many cells of a row name a column of a plan's table (see [`super::names_plan_column`]):
/// a header repeated amid the rows names two or more; a row of data seldom does.
pub fn plan_columns_named(row: &[String]) -> usize {
    row.iter()
        .filter(|c| super::names_plan_column(std::slice::from_ref(*c)))
        .count()
}

/// How many of the first rows (two at most) look like a header. The second may be a row of
/// period labels OCR misread in part (`Bl`, `B2`, `83`).
pub fn header_rows(rows: &[&[String]]) -> usize {
    match rows {
        [first, second, ..] if looks_like_header(first) && (looks_like_header(second) || is_period_row(second)) => 2,
        [first, ..] if looks_like_header(first) => 1,
        _ => 0,
    }
}

/// The schedule where the header's garbled rows still show period labels (`Bl`, `B2`, `Tw 3`)
/// over exactly 12 (or 4) adjacent columns that hold only marks or nothing: the labels say where
/// it stands when the marks alone cannot (its first month empty in every row).
fn labelled_schedule(header: &[&[String]], columns: &[Column]) -> Option<(usize, usize)> {
    let labelled: Vec<usize> = (0..columns.len())
        .filter(|&i| {
            header
                .iter()
                .any(|r| r.get(i).is_some_and(|c| super::period_label(c, true).is_some()))
        })
        .collect();
    let (&s, &last) = (labelled.first()?, labelled.last()?);
    let e = last + 1;
    let contiguous = e - s == labelled.len();
    let only_marks = columns[s..e].iter().all(|c| c.filled == c.marks);
    (contiguous && matches!(e - s, 12 | 4) && only_marks).then_some((s, e))
}

/// The columns of the schedule: the first run of exactly 12 (or 4) adjacent columns holding
/// nothing but marks; a run of 13 that has an empty column at one end is trimmed to 12. A run
/// with no mark at all counts only when `empty_allowed` (the title says the table is a RAK):
/// empty columns are also what OCR makes of a merged cell.
fn schedule(columns: &[Column], empty_allowed: bool) -> Option<(usize, usize)> {
    let only_marks = |c: &Column| c.filled == c.marks;
    let mut i = 0;
    while i < columns.len() {
        if !only_marks(&columns[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < columns.len() && only_marks(&columns[i]) {
            i += 1;
        }
        let (mut s, mut e) = (start, i);
        for want in [12, 4] {
            while e - s > want && columns[s].filled == 0 {
                s += 1;
            }
            while e - s > want && columns[e - 1].filled == 0 {
                e -= 1;
            }
            if e - s == want && (empty_allowed || columns[s..e].iter().any(|c| c.marks > 0)) {
                return Some((s, e));
            }
            (s, e) = (start, i);
        }
    }
    None
}

/// The columns told by their figures and names: the running number (the first filled column, if
/// numbers fill it), unit names, amounts, targets; every other filled column is left unknown.
fn figure_roles(roles: &mut [Role], columns: &[Column]) {
    let free = |roles: &[Role], i: usize| roles[i] == Role::Blank && columns[i].filled > 0;
    // The running number: the first filled column, if numbers fill it.
    if let Some(first) = (0..roles.len()).find(|&i| free(roles, i))
        && columns[first].mostly(columns[first].numbers)
    {
        roles[first] = Role::No;
    }
    for i in 0..roles.len() {
        if !free(roles, i) {
            continue;
        }
        let c = &columns[i];
        roles[i] = if c.mostly(c.units) {
            Role::Executor
        } else if c.mostly(c.money) {
            Role::Budget
        } else if c.mostly(c.values + c.numbers) && c.chars <= c.filled * 30 {
            Role::Target
        } else {
            // Text is placed below; what is neither stays unknown, its cells reported.
            Role::Unknown
        };
    }
}

/// The text columns among the unknown ones: left of the target the objective and the indicator
/// (one column: the indicator), right of it the action; with no target, in a RAK, the last text
/// column holds the actions.
fn text_roles(roles: &mut [Role], columns: &[Column], scheduled: bool) {
    let texts: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i] == Role::Unknown && columns[i].is_text())
        .collect();
    let first_target = roles.iter().position(|r| *r == Role::Target);
    let (before, after): (Vec<usize>, Vec<usize>) = match first_target {
        Some(t) => texts.iter().partition(|&&i| i < t),
        // No target: the last text column holds the actions of a RAK.
        None if scheduled && texts.len() >= 2 => {
            let (a, b) = texts.split_at(texts.len() - 1);
            (a.to_vec(), b.to_vec())
        }
        None => (texts.clone(), vec![]),
    };
    // Left of the target: the objective and the indicator (one column: the indicator).
    match before.as_slice() {
        [] => {}
        [i] => roles[*i] = Role::Indicator,
        [o, i, ..] => {
            roles[*o] = Role::Objective;
            roles[*i] = Role::Indicator;
        }
    }
    if let Some(&a) = after.first() {
        roles[a] = Role::Action;
    }
}

/// The roles of a table's columns from the rows under its header. `titled` is the kind the
/// title above says (`RENCANA AKSI` → RAK). `None` when the columns cannot be told apart: no
/// indicator column, or neither a target nor a schedule nor actions.
pub fn infer(rows: &[&[String]], titled: Option<DocKind>) -> Option<Inferred> {
    let header_rows = header_rows(rows);
    let data: Vec<&[String]> = rows[header_rows..]
        .iter()
        .copied()
        .filter(|r| !is_column_numbers(r))
        .collect();
    if data.len() < 2 {
        return None;
    }
    let width = data.iter().map(|r| r.len()).max().unwrap_or(0);
    let columns: Vec<Column> = (0..width)
        .map(|i| {
            count(
                &data
                    .iter()
                    .map(|r| r.get(i).map_or("", String::as_str))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let mut roles = vec![Role::Blank; width];
    let block =
        labelled_schedule(&rows[..header_rows], &columns).or_else(|| schedule(&columns, titled == Some(DocKind::Rak)));
    if let Some((s, e)) = block {
        for (n, role) in roles[s..e].iter_mut().enumerate() {
            *role = Role::Period(n as u8 + 1);
        }
    }
    figure_roles(&mut roles, &columns);
    text_roles(&mut roles, &columns, block.is_some() || titled == Some(DocKind::Rak));
    // A second target column right of the action is the action's own target.
    if let Some(a) = roles.iter().position(|r| *r == Role::Action) {
        for r in roles[a..].iter_mut().filter(|r| **r == Role::Target) {
            *r = Role::ActivityTarget;
        }
    }
    // A role stands once: a second column of unit names or amounts is reported, not read.
    let mut seen: Vec<Role> = vec![];
    for role in roles.iter_mut() {
        if matches!(role, Role::Period(_) | Role::Unknown | Role::Blank) {
            continue;
        }
        if seen.contains(role) {
            *role = Role::Unknown;
        } else {
            seen.push(*role);
        }
    }
    let has = |r: Role| roles.contains(&r);
    if !has(Role::Indicator) || !(has(Role::Target) || block.is_some() || has(Role::Action)) {
        return None;
    }
    let period_kind = block.map(|(s, e)| {
        if e - s == 12 {
            PeriodKind::Month
        } else {
            PeriodKind::Quarter
        }
    });
    let kind = if block.is_some() || titled == Some(DocKind::Rak) {
        DocKind::Rak
    } else if has(Role::Action) {
        DocKind::Rkt
    } else {
        DocKind::Pk
    };
    let empty_schedule = block.is_some_and(|(s, e)| columns[s..e].iter().all(|c| c.filled == 0));
    let titles = (0..width)
        .map(|i| {
            let written: Vec<String> = rows[..header_rows]
                .iter()
                .filter_map(|r| r.get(i).map(|c| normal(c)))
                .filter(|c| !c.is_empty())
                .collect();
            if written.is_empty() {
                format!("({})", i + 1)
            } else {
                written.join(" ")
            }
        })
        .collect();
    Some(Inferred {
        layout: Layout {
            kind,
            period_kind,
            roles,
            titles,
        },
        header_rows,
        empty_schedule,
    })
}

/// The roles taken, column by column (1-based, as a person counts them), the schedule as one
/// range: `1 NO, 2 SASARAN, 3 INDIKATOR, 4 TARGET, 5 KEGIATAN, 6–17 B1–B12, 18 PELAKSANA`.
/// Columns left unknown are not named (their cells are reported row by row).
pub fn describe(layout: &Layout) -> String {
    let name = |role: Role| match role {
        Role::No => "NO",
        Role::Objective => "SASARAN",
        Role::Indicator => "INDIKATOR",
        Role::Target => "TARGET",
        Role::ActivityTarget => "TARGET KEGIATAN",
        Role::Action => "KEGIATAN",
        Role::Executor => "PELAKSANA",
        Role::Budget => "ANGGARAN",
        Role::Formula => "CARA PERHITUNGAN",
        Role::DataSource => "SUMBER DATA",
        Role::Realisation => "REALISASI",
        Role::Achievement => "CAPAIAN",
        Role::Period(_) | Role::Unknown | Role::Blank => "",
    };
    let mut parts = vec![];
    let mut schedule_named = false;
    for (i, role) in layout.roles.iter().enumerate() {
        match role {
            Role::Period(_) if !schedule_named => {
                schedule_named = true;
                let labels = if layout.period_kind == Some(PeriodKind::Quarter) {
                    "TW I–IV".to_string()
                } else {
                    format!("B1–B{}", layout.periods().len())
                };
                parts.push(format!("{} {labels}", describe_schedule(layout)));
            }
            r if !name(*r).is_empty() => parts.push(format!("{} {}", i + 1, name(*r))),
            _ => {}
        }
    }
    parts.join(", ")
}

/// A header read without its schedule titles (OCR lost `RENCANA PELAKSANAAN` and `B1 … B12`):
/// a run of exactly 12 (or 4) untitled columns that hold nothing but marks in the rows below is
/// the schedule, and the table a RAK. Returns the columns so taken (1-based, `5–16`), or `None`
/// when the layout has its schedule or no such run stands.
pub fn schedule_from_content(layout: &mut Layout, rows: &[&[String]]) -> Option<String> {
    if !layout.periods().is_empty() {
        return None;
    }
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0).max(layout.roles.len());
    let columns: Vec<Column> = (0..width)
        .map(|i| {
            let untitled = layout.roles.get(i).is_none_or(|r| *r == Role::Blank);
            if untitled {
                count(
                    &rows
                        .iter()
                        .map(|r| r.get(i).map_or("", String::as_str))
                        .collect::<Vec<_>>(),
                )
            } else {
                // A titled column stops a run.
                Column {
                    filled: 1,
                    ..Column::default()
                }
            }
        })
        .collect();
    let (s, e) = schedule(&columns, false)?;
    layout.roles.resize(width, Role::Blank);
    layout.titles.resize(width, String::new());
    for (n, role) in layout.roles[s..e].iter_mut().enumerate() {
        *role = Role::Period(n as u8 + 1);
    }
    layout.period_kind = Some(if e - s == 12 {
        PeriodKind::Month
    } else {
        PeriodKind::Quarter
    });
    layout.kind = DocKind::Rak;
    Some(describe_schedule(layout))
}

/// The columns of the schedule, 1-based: `6–17`.
pub fn describe_schedule(layout: &Layout) -> String {
    let periods = layout.periods();
    match (periods.first(), periods.last()) {
        (Some(f), Some(l)) => format!("{}–{}", f.0 + 1, l.0 + 1),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
