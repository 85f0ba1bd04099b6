//! The RAK (Rencana Aksi Kinerja) of a unit, landscape as the seeds print it: NO, SASARAN,
//! INDIKATOR KINERJA, TARGET, KEGIATAN, the months B1…B12 (or Tw 1…4) with check marks,
//! PELAKSANA and, when any action has one, ANGGARAN. An objective's cells are merged over all its
//! rows, an indicator's over its actions; the header repeats on every page; both parties sign.

use kinerja_domain::model::Unit;
use kinerja_domain::period::PeriodKind;

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Table};
use crate::inputs::{Inputs, no};

pub fn document(inputs: &Inputs, unit: &Unit) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    if plan.objectives_of(unit.id).next().is_none() {
        return Err(DocError::Incomplete(format!(
            "{} has no objectives for {}",
            unit.name, plan.year
        )));
    }
    let unit_year = plan.unit_year(unit.id);
    let kind = unit_year.map(|y| y.rak_period_kind).unwrap_or_default();
    let periods = kind.count();
    let mut doc = Document::new(format!("Rencana Aksi Kinerja Tahun {} {}", plan.year, unit.name), true);
    doc.footer = format!(
        "Rencana Aksi Kinerja {} {} — {}",
        plan.year, unit.name, plan.office.name
    );
    doc.push(Block::Title(vec![
        format!("RENCANA AKSI KINERJA TAHUN {}", plan.year),
        unit.name.to_uppercase(),
        inputs.office_caps(),
    ]));
    doc.push(Block::Space);
    let unit_actions = plan.actions.iter().filter(|a| {
        plan.indicators
            .iter()
            .any(|i| i.id == a.indicator && plan.objectives_of(unit.id).any(|o| o.id == i.objective))
    });
    let with_budget = unit_actions.clone().any(|a| a.budget.is_some());
    let mut columns = vec![
        Column::cm(0.8, Align::Centre),
        Column::share(1.0, Align::Left),
        Column::share(1.0, Align::Left),
        Column::cm(2.0, Align::Centre),
        Column::share(1.3, Align::Left),
    ];
    let mark_width = if kind == PeriodKind::Month { 0.62 } else { 1.1 };
    columns.extend((0..periods).map(|_| Column::cm(mark_width, Align::Centre)));
    columns.push(Column::share(0.6, Align::Left));
    if with_budget {
        columns.push(Column::cm(2.6, Align::Right));
    }
    let mut t = Table::new(format!("RAK {}", unit.name), columns);
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
    let mut schedule = head("RENCANA PELAKSANAAN");
    schedule.colspan = u16::from(periods);
    first.push(schedule);
    first.extend((1..periods).map(|_| Cell::covered()));
    first.push(tall("PELAKSANA"));
    let mut second: Vec<Cell> = (0..5).map(|_| Cell::covered()).collect();
    second.extend((1..=periods).map(|p| match kind {
        PeriodKind::Month => head(&format!("B{p}")),
        PeriodKind::Quarter => head(&format!("Tw {p}")),
    }));
    second.push(Cell::covered());
    if with_budget {
        first.push(tall("ANGGARAN"));
        second.push(Cell::covered());
    }
    t.header = vec![first, second];
    let lead = 4;
    for (n, o) in plan.objectives_of(unit.id).enumerate() {
        let objective_start = t.rows.len();
        let indicators: Vec<_> = plan
            .indicators_of(o.id)
            .filter(|i| i.in_rak() || i.in_pk() || plan.actions.iter().any(|a| a.indicator == i.id))
            .collect();
        if indicators.is_empty() {
            let gap = doc.gap(format!("Indikator RAK: {} — {}", unit.name, o.text));
            let mut row = vec![Cell::new(Content::Empty); 2];
            row.push(gap);
            row.extend((3..t.columns.len()).map(|_| Cell::new(Content::Empty)));
            t.rows.push(row);
        }
        for i in indicators {
            let indicator_start = t.rows.len();
            let actions: Vec<_> = plan.actions.iter().filter(|a| a.indicator == i.id).collect();
            if actions.is_empty() {
                let gap = doc.gap(format!("Kegiatan: {}", i.text));
                let mut row = vec![gap];
                row.extend((1..t.columns.len() - lead).map(|_| Cell::new(Content::Empty)));
                t.push_after(lead, row);
            }
            for a in actions {
                let mut row = vec![Cell::text(a.text.clone())];
                row.extend((1..=periods).map(|p| {
                    if a.schedule.periods.contains(&p) {
                        Cell::new(Content::Check)
                    } else {
                        Cell::new(Content::Empty)
                    }
                }));
                row.push(match &a.executor {
                    Some(e) => Cell::text(e.clone()),
                    None => doc.gap(format!("Pelaksana: {}", a.text)),
                });
                if with_budget {
                    row.push(
                        a.budget
                            .map(|b| Cell::new(Content::Money(b)))
                            .unwrap_or(Cell::new(Content::Empty)),
                    );
                }
                t.push_after(lead, row);
            }
            let target = i.rak_target.as_ref().or(i.pk_target.as_ref());
            let target = doc.value_or_gap(target, || format!("Target: {}", i.text));
            t.span_from(indicator_start, 2, Cell::text(i.text.clone()));
            t.span_from(indicator_start, 3, target);
        }
        t.span_from(objective_start, 0, no(n));
        t.span_from(objective_start, 1, Cell::text(o.text.clone()));
    }
    doc.push(Block::Table(t));
    let signed = unit_year.and_then(|y| y.rak_signed.as_ref());
    let first = inputs.signatory(
        &mut doc,
        vec![inputs.place_date(signed), "Pihak Pertama,".into()],
        signed.and_then(|s| s.first),
        Some(unit.id),
        "Pihak Pertama",
    );
    let mut blocks = vec![];
    if unit.parent.is_some() {
        blocks.push(inputs.signatory(
            &mut doc,
            vec![String::new(), "Pihak Kedua,".into()],
            signed.and_then(|s| s.second),
            unit.parent,
            "Pihak Kedua",
        ));
    }
    blocks.push(first);
    doc.push(Block::Signatures(blocks));
    Ok(doc)
}
