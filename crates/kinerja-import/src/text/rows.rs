//! A data row of a table: its cells read by the roles of the table's columns, and where they go (a wrapped line joined to the row above, the objective, the indicator, the action).

use super::*;

/// Joins a row that holds only the wrapped rest of the objective or indicator above to it;
/// true when nothing else is left of the row.
pub(crate) fn join_wrapped(doc: &mut Document, table: &Table, cells: &mut RowCells) -> bool {
    if cells.has_data() || cells.action.is_some() {
        return false;
    }
    {
        let mut joined = false;
        if let (Some(text), Some(o)) = (&cells.objective, table.objective)
            && reads_as_continuation(text)
        {
            let obj = &mut doc.objectives[o];
            obj.text = continued(&obj.text, text);
            cells.objective = None;
            joined = true;
        }
        if let (Some(text), Some(o), Some(ix)) = (&cells.indicator, table.objective, table.indicator)
            && (cells.objective.is_none() || joined)
            && reads_as_indicator_continuation(text)
        {
            let ind = &mut doc.objectives[o].indicators[ix];
            ind.text = continued(&ind.text, text);
            cells.indicator = None;
            joined = true;
        }
        joined && cells.objective.is_none() && cells.indicator.is_none()
    }
}

/// Joins the first row after a page break to the row above when it is that row's rest, split by
/// the break: no number, no figures and no marks, only texts, each the tail of the cell above it
/// (an executor's `Umum dan Logistik` under `Subbag. Keuangan,`). True when it was.
pub(crate) fn join_split_row(doc: &mut Document, table: &Table, cells: &mut RowCells) -> bool {
    let texts = [&cells.objective, &cells.indicator, &cells.action, &cells.executor];
    if cells.has_data_besides_executor() || texts.iter().all(|t| t.is_none()) {
        return false;
    }
    let Some(o) = table.objective else { return false };
    let objective = &doc.objectives[o];
    let indicator = table.indicator.and_then(|i| objective.indicators.get(i));
    let action = indicator.and_then(|i| i.actions.last());
    let fits = cells.objective.as_deref().is_none_or(reads_as_continuation)
        && cells
            .indicator
            .as_deref()
            .is_none_or(|t| indicator.is_some() && reads_as_indicator_continuation(t))
        && (cells.action.is_none() || action.is_some())
        && cells
            .executor
            .as_deref()
            .is_none_or(|t| action.is_some() && !layout::names_a_unit(t));
    if !fits {
        return false;
    }
    let objective = &mut doc.objectives[o];
    if let Some(t) = cells.objective.take() {
        objective.text = continued(&objective.text, &t);
    }
    if let Some(ind) = table.indicator.and_then(|i| objective.indicators.get_mut(i)) {
        if let Some(t) = cells.indicator.take() {
            ind.text = continued(&ind.text, &t);
        }
        if let Some(a) = ind.actions.last_mut() {
            if let Some(t) = cells.action.take() {
                a.text = continued(&a.text, &t);
            }
            if let Some(t) = cells.executor.take() {
                a.executor = Some(continued(a.executor.as_deref().unwrap_or(""), &t));
            }
        }
    }
    true
}

/// A cell's text with its rest from the next row: after a space, except after a slash or a
/// word's hyphen (`masing-` `masing`).
fn continued(text: &str, rest: &str) -> String {
    let mut end = text.chars().rev();
    let last = end.next();
    let glued = last == Some('/') || (last == Some('-') && end.next().is_some_and(char::is_alphabetic));
    if text.is_empty() {
        rest.to_string()
    } else if glued {
        format!("{text}{rest}")
    } else {
        format!("{text} {rest}")
    }
}

/// An objective cell without a number, in a table that numbers its objectives, that reads as
/// the end of the sentence above ("Tugas KPU" under "… guna Meningkatkan Kelancaran"): the rest
/// of that objective, wrapped onto the next row.
pub(crate) fn join_unnumbered_objective(doc: &mut Document, table: &Table, cells: &mut RowCells) {
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
pub(crate) fn objective_of_row(
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
                        page: None,
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
pub(crate) fn indicator_of_row(
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
                    page: None,
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
pub(crate) fn action_of_row(
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
pub(crate) fn unread_cells(layout: &Layout, cells: &[String], last_period: Option<usize>) -> Vec<Text> {
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

/// The budget cell as an amount of rupiah. A name of a unit there (`Sub Bagian Teknis`, in a row
/// whose executor column is empty: the cells slid one column) is the executor; anything else
/// that is no amount is named in a note and not read.
fn budget_or_executor(
    budget: Option<String>,
    executor: &mut Option<String>,
    layout: &Layout,
    notes: &mut Vec<Text>,
) -> Option<String> {
    let b = budget?;
    // A dash is how a table says "none".
    if b.chars().all(|c| matches!(c, '-' | '–' | '—' | ' ')) {
        return None;
    }
    if kinerja_domain::value::Value::parse_money(&b).is_ok() {
        return Some(b);
    }
    let column = layout
        .column(Role::Budget)
        .map(|c| layout.titles[c].clone())
        .unwrap_or_default();
    if executor.is_none() && layout::names_a_unit(&b) {
        notes.push(Text::new(
            format!("{b:?} di kolom {column} dibaca sebagai pelaksana (kolom pelaksananya kosong)"),
            format!("{b:?} in the column {column} read as the executor (the executor's column is empty)"),
        ));
        *executor = Some(b);
    } else {
        notes.push(Text::new(
            format!("{b:?} di kolom {column} bukan jumlah rupiah, tidak dibaca"),
            format!("{b:?} in the column {column} is no amount of rupiah, not read"),
        ));
    }
    None
}

/// A data row's cells by the roles of its table's columns, with what could not be read.
pub(crate) struct RowCells {
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
    pub(crate) notes: Vec<Text>,
}

impl RowCells {
    /// Reads a row's cells by `layout`: values with look-alike letters made Latin, the schedule's
    /// check marks, and a note for every cell left unread.
    pub(crate) fn read(layout: &Layout, raw: &[String]) -> RowCells {
        let mut cells = raw.to_vec();
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
        let periods = layout.periods();
        let mut notes = vec![];
        // A mark OCR could not read counts in a schedule column (below); elsewhere it is named
        // and left out.
        for (i, c) in cells.iter_mut().enumerate() {
            if layout::is_unreadable_mark(c) && !periods.iter().any(|(col, _)| *col == i) {
                let title = layout.titles.get(i).cloned().unwrap_or_else(|| format!("{}", i + 1));
                notes.push(Text::new(
                    format!("tanda yang tidak terbaca OCR di kolom {title:?}, tidak dibaca: periksa pada halamannya"),
                    format!("a mark OCR could not read in the column {title:?}, not read: check it on its page"),
                ));
                c.clear();
            }
        }
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
        // Texts with a word wrapped at its hyphen made whole (`perundang- undangan`).
        let text = |role: Role| get(role).map(|t| layout::whole_words(&t));
        let no = get(Role::No);
        let objective = text(Role::Objective);
        let indicator = text(Role::Indicator);
        let target = value(Role::Target);
        let activity_target = value(Role::ActivityTarget);
        let action = text(Role::Action);
        let mut executor = text(Role::Executor);
        let budget = value(Role::Budget);
        let formula = get(Role::Formula);
        let data_source = get(Role::DataSource);
        let realisation = value(Role::Realisation);
        let achievement = value(Role::Achievement);
        let mut marks = vec![];
        for (col, n) in &periods {
            let c = cells.get(*col).map(String::as_str).unwrap_or("");
            if is_mark(c) {
                marks.push(*n);
            } else if layout::is_unreadable_mark(c) {
                marks.push(*n);
                notes.push(Text::new(
                    format!("tanda yang tidak terbaca OCR di kolom periode {n} dibaca sebagai tanda centang: periksa pada halamannya"),
                    format!("a mark OCR could not read in the column of period {n} is read as a check mark: check it on its page"),
                ));
            } else if layout::is_misread_mark(c) {
                // A schedule cell holds a mark or nothing: a glyph or two OCR made of a tick
                // (`vl`, `¥`, `a`) is one, said so.
                marks.push(*n);
                notes.push(Text::new(
                    format!("{c:?} di kolom periode {n} dibaca sebagai tanda centang: periksa pada halamannya"),
                    format!("{c:?} in the column of period {n} is read as a check mark: check it on its page"),
                ));
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
        let budget = budget_or_executor(budget, &mut executor, layout, &mut notes);
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

    /// Whether the row carries anything besides its texts (objective, indicator, action and
    /// executor).
    fn has_data_besides_executor(&self) -> bool {
        self.no.is_some()
            || self.target.is_some()
            || self.activity_target.is_some()
            || self.budget.is_some()
            || self.formula.is_some()
            || self.data_source.is_some()
            || self.realisation.is_some()
            || self.achievement.is_some()
            || !self.marks.is_empty()
    }

    /// Whether the row carries anything besides objective, indicator and action texts.
    fn has_data(&self) -> bool {
        self.executor.is_some() || self.has_data_besides_executor()
    }
}
