//! The RAK (Rencana Aksi Kinerja) of a unit, landscape as the seeds print it: NO, SASARAN,
//! INDIKATOR KINERJA, TARGET, KEGIATAN, the months B1…B12 (or Tw 1…4) with check marks,
//! then TARGET KEGIATAN AKSI and ANGGARAN (with its total) when any action has one, and PELAKSANA.
//! Only the plan's actions are printed: an indicator without actions is named in the gap list,
//! not printed as an empty row. An objective's cells are merged over all its rows, an indicator's
//! over its actions; the header repeats on every page; both parties sign.

use kinerja_domain::Decimal;
use kinerja_domain::model::{Action, Indicator, Objective, Signature, Unit};
use kinerja_domain::period::PeriodKind;

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Table};
use crate::inputs::{Blank, Inputs, Seat, no};

/// An objective of a RAK with its indicators and each indicator's actions.
type Planned<'a> = (&'a Objective, Vec<(&'a Indicator, Vec<&'a Action>)>);

/// The RAK's actions of `unit`: per objective, per indicator, the actions (only indicators that
/// have actions are printed; the others are named in the gap list).
fn planned<'a>(inputs: &'a Inputs, unit: &Unit) -> Vec<Planned<'a>> {
    let plan = &inputs.plan;
    plan.objectives_of(unit.id)
        .map(|o| {
            let indicators = plan
                .indicators_of(o.id)
                .map(|i| {
                    (
                        i,
                        plan.actions.iter().filter(|a| a.indicator == i.id).collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>();
            (o, indicators)
        })
        .collect()
}

/// The error of a RAK without actions, naming the units that have some.
fn no_actions(plan: &kinerja_domain::model::YearPlan, unit: &Unit) -> DocError {
    let with: Vec<String> = plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| {
            plan.objectives_of(u.id).any(|o| {
                plan.indicators_of(o.id)
                    .any(|i| plan.actions.iter().any(|a| a.indicator == i.id))
            })
        })
        .map(|u| format!("{} ({})", u.code, u.name))
        .collect();
    DocError::Request(if with.is_empty() {
        format!(
            "{} has no RAK actions for {}, and no unit of {} has any",
            unit.name, plan.year, plan.office.name
        )
    } else {
        format!(
            "{} has no RAK actions for {}; units with actions: {}",
            unit.name,
            plan.year,
            with.join(", ")
        )
    })
}

/// The two header rows: RENCANA PELAKSANAAN over the months or quarters, the other titles
/// spanning both rows.
fn header(kind: PeriodKind, periods: u8, with_target: bool, with_budget: bool) -> Vec<Vec<Cell>> {
    let head = |s: &str| Cell::text(s).bold().align(Align::Centre);
    let tall = |s: &str| {
        let mut c = head(s);
        c.rowspan = 2;
        c
    };
    let mut first = vec![
        tall("NO"),
        tall("SASARAN"),
        tall("INDIKATOR KINERJA"),
        tall("TARGET"),
        tall("KEGIATAN"),
    ];
    let mut second: Vec<Cell> = (0..5).map(|_| Cell::covered()).collect();
    if with_target {
        first.push(tall("TARGET KEGIATAN AKSI"));
        second.push(Cell::covered());
    }
    let mut schedule = head("RENCANA PELAKSANAAN");
    schedule.colspan = u16::from(periods);
    first.push(schedule);
    first.extend((1..periods).map(|_| Cell::covered()));
    second.extend((1..=periods).map(|p| match kind {
        PeriodKind::Month => head(&format!("B{p}")),
        PeriodKind::Quarter => head(&format!("Tw {p}")),
    }));
    if with_budget {
        first.push(tall("ANGGARAN"));
        second.push(Cell::covered());
    }
    first.push(tall("PELAKSANA"));
    second.push(Cell::covered());
    vec![first, second]
}

/// NO, SASARAN, INDIKATOR, TARGET, KEGIATAN, [TARGET KEGIATAN AKSI], a narrow column per month
/// or quarter, [ANGGARAN], PELAKSANA.
fn columns(kind: PeriodKind, periods: u8, with_target: bool, with_budget: bool) -> Vec<Column> {
    let mut columns = vec![
        Column::cm(0.8, Align::Centre),
        Column::share(1.0, Align::Left),
        Column::share(1.0, Align::Left),
        Column::cm(2.0, Align::Centre),
        Column::share(1.3, Align::Left),
    ];
    if with_target {
        columns.push(Column::cm(2.2, Align::Centre));
    }
    let mark_width = if kind == PeriodKind::Month { 0.62 } else { 1.1 };
    columns.extend((0..periods).map(|_| Column::cm(mark_width, Align::Centre)));
    if with_budget {
        columns.push(Column::cm(3.0, Align::Right));
    }
    columns.push(Column::share(0.6, Align::Left));
    columns
}

pub fn document(inputs: &Inputs, unit: &Unit) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    let all = planned(inputs, unit);
    if !all.iter().any(|(_, is)| is.iter().any(|(_, a)| !a.is_empty())) {
        return Err(no_actions(plan, unit));
    }
    let unit_year = plan.unit_year(unit.id);
    let signed = unit_year.and_then(|y| y.rak_signed.as_ref());
    crate::pk::check_date(inputs, signed, "RAK")?;
    let kind = unit_year.map(|y| y.rak_period_kind).unwrap_or_default();
    let periods = kind.count();
    let mut doc = Document::new(format!("Rencana Aksi Kinerja Tahun {} {}", plan.year, unit.name), true);
    doc.date = inputs.date_of(signed);
    doc.footer = if inputs.names_office(unit) {
        format!("Rencana Aksi Kinerja {} {}", plan.year, plan.office.name)
    } else {
        format!(
            "Rencana Aksi Kinerja {} {} — {}",
            plan.year, unit.name, plan.office.name
        )
    };
    let mut title = vec![
        format!("RENCANA AKSI KINERJA TAHUN {}", plan.year),
        unit.name.to_uppercase(),
    ];
    if !inputs.names_office(unit) {
        title.push(inputs.office_caps());
    }
    doc.push(Block::Title(title));
    doc.push(Block::Space);
    let actions = || all.iter().flat_map(|(_, is)| is.iter().flat_map(|(_, a)| a.iter()));
    let with_target = actions().any(|a| a.target.is_some());
    let with_budget = actions().any(|a| a.budget.is_some());
    let columns = columns(kind, periods, with_target, with_budget);
    // The title above says whose RAK it is; the table carries no caption of its own.
    let mut t = Table::new("", columns).sheet(format!("RAK {}", unit.code));
    t.header = header(kind, periods, with_target, with_budget);
    let lead = 4;
    let mut total = Decimal::ZERO;
    let mut n = 0;
    for (o, indicators) in &all {
        let objective_start = t.rows.len();
        for (i, acts) in indicators {
            if acts.is_empty() {
                if i.in_pk() || i.in_rak() {
                    doc.gaps
                        .push(format!("Kegiatan (rencana aksi) untuk indikator: {}", i.text));
                }
                continue;
            }
            let indicator_start = t.rows.len();
            for a in acts {
                let mut row = vec![Cell::text(a.text.clone())];
                if with_target {
                    row.push(match &a.target {
                        Some(v) => Cell::new(Content::of_value(v)),
                        None => Cell::new(Content::Empty),
                    });
                }
                row.extend((1..=periods).map(|p| {
                    if a.schedule.periods.contains(&p) {
                        Cell::new(Content::Check)
                    } else {
                        Cell::new(Content::Empty)
                    }
                }));
                if with_budget {
                    row.push(match a.budget {
                        Some(b) => {
                            total = total.saturating_add(b);
                            Cell::new(Content::Money(b))
                        }
                        None => Cell::new(Content::Empty),
                    });
                }
                row.push(match &a.executor {
                    Some(e) => Cell::text(e.clone()),
                    None => doc.gap(format!("Pelaksana: {}", a.text)),
                });
                t.push_after(lead, row);
            }
            let target = i.rak_target.as_ref().or(i.pk_target.as_ref());
            let target = doc.value_or_gap(target, || format!("Target: {}", i.text));
            t.span_from(indicator_start, 2, Cell::text(i.text.clone()));
            t.span_from(indicator_start, 3, target);
        }
        if t.rows.len() > objective_start {
            t.span_from(objective_start, 0, no(n));
            t.span_from(objective_start, 1, Cell::text(o.text.clone()));
            n += 1;
        }
    }
    if with_budget {
        // JUMLAH under the budget column: the label spans every column before it.
        let budget_col = t.columns.len() - 2;
        let mut label = Cell::text("JUMLAH").bold().align(Align::Right);
        label.colspan = u16::try_from(budget_col).unwrap_or(u16::MAX);
        let mut row = vec![label];
        row.extend((1..budget_col).map(|_| Cell::covered()));
        row.push(Cell::new(Content::Money(total)).bold());
        row.push(Cell::new(Content::Empty));
        t.rows.push(row);
    }
    doc.push(Block::Table(t));
    sign(&mut doc, inputs, unit, signed);
    Ok(doc)
}

/// Pihak Pertama, the unit's head; Pihak Kedua, the superior, for a unit under another (or when
/// the stored signature names one).
fn sign(doc: &mut Document, inputs: &Inputs, unit: &Unit, signed: Option<&Signature>) {
    let first = inputs.signatory(
        doc,
        vec![
            inputs.place_date(signed, Blank::January(inputs.plan.year.get())),
            "Pihak Pertama,".into(),
        ],
        signed.and_then(|s| s.first),
        Some(Seat::Unit(unit.id)),
        "Pihak Pertama",
    );
    let mut blocks = vec![];
    if unit.parent.is_some() || signed.is_some_and(|s| s.second.is_some()) {
        blocks.push(inputs.signatory(
            doc,
            vec![String::new(), "Pihak Kedua,".into()],
            signed.and_then(|s| s.second),
            Some(inputs.superior_seat(unit)),
            "Pihak Kedua",
        ));
    }
    blocks.push(first);
    doc.push(Block::Signatures(blocks));
}
