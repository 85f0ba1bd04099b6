//! The office's registers: the RKT (Rencana Kinerja Tahunan: the objectives, indicators and
//! targets of the office's own PK with the RAK's actions, and the budget of the year) and the IKU
//! (the Renstra's key indicators with how each is computed, where its data come from and the
//! target of each year of the Renstra period).

use kinerja_domain::model::{Indicator, Renstra, RenstraIndicator, Year, YearPlan, normalise_text};

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Table};
use crate::inputs::{Blank, Inputs, Seat, no};

fn no_key_units(inputs: &Inputs) -> DocError {
    DocError::Request(format!(
        "{} has no PK of its own for {} (its top unit has none)",
        inputs.plan.office.name, inputs.plan.year
    ))
}

/// The RKT of the office: NO | SASARAN PROGRAM/KEGIATAN | INDIKATOR KINERJA | TARGET | NAMA
/// KEGIATAN AKSI, from the office's own PK (its top unit's), the actions of its RAK named beside
/// each indicator; then the budget, counted once ([`kinerja_domain::budget::office_budget`], the
/// same sum as the LKj's budget table).
pub fn rkt(inputs: &Inputs) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    let Some(top) = kinerja_domain::achievement::top_unit(plan) else {
        return Err(no_key_units(inputs));
    };
    let mut doc = Document::new(
        format!("Rencana Kinerja Tahunan {} {}", plan.year, plan.office.name),
        true,
    );
    doc.footer = format!("RKT {} — {}", plan.year, plan.office.name);
    doc.push(Block::Title(vec![
        format!("RENCANA KINERJA TAHUNAN (RKT) TAHUN {}", plan.year),
        inputs.office_caps(),
    ]));
    doc.push(Block::Space);
    let mut t = Table::new(
        "RKT",
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.2, Align::Left),
            Column::cm(2.6, Align::Centre),
            Column::share(1.4, Align::Left),
        ],
    )
    .simple_header(&[
        "NO",
        "SASARAN PROGRAM/KEGIATAN",
        "INDIKATOR KINERJA",
        "TARGET",
        "NAMA KEGIATAN AKSI",
    ]);
    for (n, o) in crate::pk::objectives(plan, top).enumerate() {
        let start = t.rows.len();
        for i in plan.indicators_of(o.id).filter(|i| i.in_pk()) {
            let target = doc.value_or_gap(i.pk_target.as_ref(), || format!("Target: {}", i.text));
            let actions: Vec<String> = plan
                .actions
                .iter()
                .filter(|a| a.indicator == i.id)
                .map(|a| a.text.clone())
                .collect();
            let actions = match actions.len() {
                0 => doc.gap(format!("Kegiatan aksi (RAK): {}", i.text)),
                1 => Cell::text(actions[0].clone()),
                _ => Cell::text(
                    actions
                        .iter()
                        .enumerate()
                        .map(|(k, a)| format!("{}. {a}", k + 1))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            };
            t.push_after(2, vec![Cell::text(i.text.clone()), target, actions]);
        }
        t.span_from(start, 0, no(n));
        t.span_from(start, 1, Cell::text(o.text.clone()));
    }
    doc.push(Block::Table(t));
    if let Some(b) = office_budget_table(inputs) {
        doc.push(Block::Space);
        doc.push(Block::Table(b));
    }
    doc.date = inputs.date;
    sign_for_office(inputs, &mut doc, Blank::Dots);
    Ok(doc)
}

/// NO | PROGRAM / KEGIATAN | ANGGARAN: the lines that make up the office's budget, with its total
/// (`None` without a budget).
pub fn office_budget_table(inputs: &Inputs) -> Option<Table> {
    let budget = kinerja_domain::budget::office_budget(&inputs.plan);
    if budget.units.is_empty() {
        return None;
    }
    let mut b = Table::new(
        "Anggaran",
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(1.4, Align::Left),
            Column::cm(4.5, Align::Right),
        ],
    )
    .simple_header(&["NO", "PROGRAM / KEGIATAN", "ANGGARAN"]);
    for (n, (_, line)) in budget.counted_lines().enumerate() {
        b.rows.push(vec![
            no(n),
            Cell::text(line.name.clone()),
            Cell::new(Content::Money(line.ceiling)),
        ]);
    }
    let mut label = Cell::text("JUMLAH").bold().align(Align::Right);
    label.colspan = 2;
    b.rows.push(vec![
        label,
        Cell::covered(),
        Cell::new(Content::Money(budget.ceiling)).bold(),
    ]);
    Some(b)
}

/// One indicator of the IKU: a sasaran strategis indicator of the Renstra, with how it is
/// computed and where its data come from — the Renstra's own, or else those of the PK indicator
/// of the same wording (`from_pk` says which were borrowed).
#[derive(Debug, Clone)]
pub struct IkuRow<'a> {
    pub goal: &'a str,
    pub indicator: &'a RenstraIndicator,
    pub computation: Option<&'a str>,
    pub data_source: Option<&'a str>,
    pub from_pk: bool,
}

/// The IKU of an office: its Renstra's sasaran strategis indicators, in order.
pub fn iku_rows<'a>(renstra: &'a Renstra, plan: &'a YearPlan) -> Vec<IkuRow<'a>> {
    let top = kinerja_domain::achievement::top_unit(plan);
    let pk_twin = |text: &str| {
        let key = normalise_text(text);
        let same = |i: &&Indicator| i.in_pk() && normalise_text(&i.text) == key;
        let of_top = |i: &&Indicator| {
            plan.objectives
                .iter()
                .any(|o| o.id == i.objective && Some(o.unit) == top)
        };
        plan.indicators
            .iter()
            .filter(same)
            .find(of_top)
            .or_else(|| plan.indicators.iter().find(same))
    };
    renstra
        .goals
        .iter()
        .flat_map(|g| g.indicators.iter().map(move |i| (g, i)))
        .map(|(g, i)| {
            let twin = pk_twin(&i.text);
            let computation = i
                .computation
                .as_deref()
                .or_else(|| twin.and_then(|t| t.computation.as_deref()));
            let data_source = i
                .data_source
                .as_deref()
                .or_else(|| twin.and_then(|t| t.data_source.as_deref()));
            IkuRow {
                goal: &g.text,
                indicator: i,
                from_pk: (i.computation.is_none() && computation.is_some())
                    || (i.data_source.is_none() && data_source.is_some()),
                computation,
                data_source,
            }
        })
        .collect()
}

/// The IKU of the office: NO | SASARAN STRATEGIS | INDIKATOR KINERJA UTAMA | CARA PERHITUNGAN |
/// SUMBER DATA | the target of each year of the Renstra period — from its Renstra.
pub fn iku(inputs: &Inputs) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    let Some(renstra) = inputs
        .renstra
        .as_ref()
        .filter(|r| r.goals.iter().any(|g| !g.indicators.is_empty()))
    else {
        return Err(DocError::Request(format!(
            "the IKU is made from the Renstra's sasaran strategis and their indicators: {} has none yet (fill them in on its Renstra page)",
            plan.office.name
        )));
    };
    let mut doc = Document::new(
        format!(
            "Indikator Kinerja Utama {}–{} {}",
            renstra.from_year, renstra.to_year, plan.office.name
        ),
        true,
    );
    doc.footer = format!("IKU {}–{} — {}", renstra.from_year, renstra.to_year, plan.office.name);
    doc.push(Block::Title(vec![
        "INDIKATOR KINERJA UTAMA (IKU)".to_string(),
        inputs.office_caps(),
        format!("TAHUN {}–{}", renstra.from_year, renstra.to_year),
    ]));
    doc.push(Block::Space);
    let years: Vec<Year> = renstra.from_year.through(renstra.to_year).take(6).collect();
    let mut columns = vec![
        Column::cm(0.9, Align::Centre),
        Column::share(1.0, Align::Left),
        Column::share(1.2, Align::Left),
        Column::share(1.1, Align::Left),
        Column::share(0.8, Align::Left),
    ];
    columns.extend(years.iter().map(|_| Column::cm(1.7, Align::Centre)));
    let mut t = Table::new("IKU", columns);
    let head = |s: &str| Cell::text(s).bold().align(Align::Centre);
    let tall = |s: &str| {
        let mut c = head(s);
        c.rowspan = 2;
        c
    };
    let mut first = vec![
        tall("NO"),
        tall("SASARAN STRATEGIS"),
        tall("INDIKATOR KINERJA UTAMA"),
        tall("CARA PERHITUNGAN"),
        tall("SUMBER DATA"),
    ];
    let mut target = head("TARGET");
    target.colspan = u16::try_from(years.len()).unwrap_or(1);
    first.push(target);
    first.extend(years.iter().skip(1).map(|_| Cell::covered()));
    let mut second: Vec<Cell> = (0..5).map(|_| Cell::covered()).collect();
    second.extend(years.iter().map(|y| head(&y.to_string())));
    t.header = vec![first, second];
    let rows = iku_rows(renstra, plan);
    let mut n = 0;
    let mut k = 0;
    while k < rows.len() {
        let goal = rows[k].goal;
        let start = t.rows.len();
        while k < rows.len() && std::ptr::eq(rows[k].goal, goal) {
            let r = &rows[k];
            let text = &r.indicator.text;
            let mut row = vec![Cell::text(text.clone())];
            row.push(match r.computation {
                Some(c) => Cell::text(c),
                None => doc.gap(format!("Cara perhitungan: {text}")),
            });
            row.push(match r.data_source {
                Some(c) => Cell::text(c),
                None => doc.gap(format!("Sumber data: {text}")),
            });
            let mut missing = vec![];
            for y in &years {
                row.push(match r.indicator.targets.iter().find(|(ty, _)| ty == y) {
                    Some((_, v)) => Cell::new(Content::of_value(v)),
                    None => {
                        missing.push(y.to_string());
                        Cell::new(Content::Gap)
                    }
                });
            }
            if !missing.is_empty() {
                doc.gaps.push(format!("Target Renstra {}: {text}", missing.join(", ")));
            }
            t.push_after(2, row);
            k += 1;
        }
        t.span_from(start, 0, no(n));
        t.span_from(start, 1, Cell::text(goal));
        n += 1;
    }
    doc.push(Block::Table(t));
    doc.date = inputs.date;
    sign_for_office(inputs, &mut doc, Blank::Dots);
    Ok(doc)
}

/// The head of the office's top unit signs, at the office's place and the date asked for (or the
/// blank for hand filling).
pub fn sign_for_office(inputs: &Inputs, doc: &mut Document, blank: Blank) {
    let top = inputs.plan.units_in_tree_order().first().map(|u| u.id);
    let person = top.and_then(|u| {
        inputs
            .plan
            .positions
            .iter()
            .filter(|p| p.unit == u)
            .max_by_key(|p| p.from)
            .map(|p| p.person)
    });
    let s = inputs.signatory(
        doc,
        vec![inputs.place_date(None, blank)],
        person,
        top.map(Seat::Unit),
        "Kepala satuan kerja",
    );
    doc.push(Block::Signatures(vec![s]));
}
