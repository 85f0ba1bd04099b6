//! The office's registers: the RKT (Rencana Kinerja Tahunan: objectives, indicators, targets and
//! the budget of the year) and the IKU (key indicators with how each is computed and where its data
//! come from). Both are built from the units whose PK speaks for the office
//! ([`kinerja_domain::model::YearPlan::key_units`]).

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Table};
use crate::inputs::{Inputs, no};

fn no_key_units(inputs: &Inputs) -> DocError {
    DocError::Incomplete(format!(
        "{} has no unit with a PK for {}",
        inputs.plan.office.name, inputs.plan.year
    ))
}

/// The RKT of the office.
pub fn rkt(inputs: &Inputs) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    let keys = plan.key_units();
    if keys.is_empty() {
        return Err(no_key_units(inputs));
    }
    let mut doc = Document::new(
        format!("Rencana Kinerja Tahunan {} {}", plan.year, plan.office.name),
        false,
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
            Column::cm(3.0, Align::Centre),
        ],
    )
    .simple_header(&["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "TARGET"]);
    let mut n = 0;
    for u in &keys {
        for o in plan.objectives_of(u.id) {
            let start = t.rows.len();
            for i in plan.indicators_of(o.id).filter(|i| i.in_pk()) {
                let target = doc.value_or_gap(i.pk_target.as_ref(), || format!("Target: {}", i.text));
                t.push_after(2, vec![Cell::text(i.text.clone()), target]);
            }
            if t.rows.len() == start {
                let gap = doc.gap(format!("Indikator: {}", o.text));
                t.push_after(2, vec![gap, Cell::new(Content::Empty)]);
            }
            t.span_from(start, 0, no(n));
            t.span_from(start, 1, Cell::text(o.text.clone()));
            n += 1;
        }
    }
    doc.push(Block::Table(t));
    if !plan.budget.is_empty() {
        let mut b = Table::new(
            "Anggaran",
            vec![
                Column::cm(1.0, Align::Centre),
                Column::share(1.4, Align::Left),
                Column::share(1.0, Align::Left),
                Column::cm(4.5, Align::Right),
            ],
        )
        .simple_header(&["NO", "PROGRAM / KEGIATAN", "UNIT KERJA", "ANGGARAN"]);
        for (n, line) in plan.budget.iter().enumerate() {
            let unit = plan.unit(line.unit).map(|u| u.name.clone()).unwrap_or_default();
            b.rows.push(vec![
                no(n),
                Cell::text(line.name.clone()),
                Cell::text(unit),
                Cell::new(Content::Money(line.ceiling)),
            ]);
        }
        let total = kinerja_domain::achievement::saturating_sum(plan.budget.iter().map(|l| l.ceiling));
        let mut label = Cell::text("JUMLAH").bold().align(Align::Right);
        label.colspan = 3;
        b.rows.push(vec![
            label,
            Cell::covered(),
            Cell::covered(),
            Cell::new(Content::Money(total)).bold(),
        ]);
        doc.push(Block::Space);
        doc.push(Block::Table(b));
    }
    sign_for_office(inputs, &mut doc);
    Ok(doc)
}

/// The IKU of the office.
pub fn iku(inputs: &Inputs) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    let key = plan.key_indicators();
    if key.is_empty() {
        return Err(no_key_units(inputs));
    }
    let mut doc = Document::new(
        format!("Indikator Kinerja Utama {} {}", plan.year, plan.office.name),
        true,
    );
    doc.footer = format!("IKU {} — {}", plan.year, plan.office.name);
    let mut title = vec!["INDIKATOR KINERJA UTAMA (IKU)".to_string(), inputs.office_caps()];
    match &inputs.renstra {
        Some(r) => title.push(format!("TAHUN {}–{}", r.from_year, r.to_year)),
        None => title.push(format!("TAHUN {}", plan.year)),
    }
    doc.push(Block::Title(title));
    doc.push(Block::Space);
    let mut t = Table::new(
        "IKU",
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.1, Align::Left),
            Column::cm(2.5, Align::Centre),
            Column::share(1.3, Align::Left),
            Column::share(0.8, Align::Left),
        ],
    )
    .simple_header(&[
        "NO",
        "SASARAN STRATEGIS",
        "INDIKATOR KINERJA UTAMA",
        "TARGET",
        "CARA PERHITUNGAN",
        "SUMBER DATA",
    ]);
    let mut n = 0;
    let mut k = 0;
    while k < key.len() {
        let objective = key[k].1.id;
        let start = t.rows.len();
        let objective_text = key[k].1.text.clone();
        while k < key.len() && key[k].1.id == objective {
            let i = key[k].2;
            let target = doc.value_or_gap(i.pk_target.as_ref(), || format!("Target: {}", i.text));
            let formula = match &i.computation {
                Some(c) => Cell::text(c.clone()),
                None => doc.gap(format!("Cara perhitungan: {}", i.text)),
            };
            let source = match &i.data_source {
                Some(c) => Cell::text(c.clone()),
                None => doc.gap(format!("Sumber data: {}", i.text)),
            };
            t.push_after(2, vec![Cell::text(i.text.clone()), target, formula, source]);
            k += 1;
        }
        t.span_from(start, 0, no(n));
        t.span_from(start, 1, Cell::text(objective_text));
        n += 1;
    }
    doc.push(Block::Table(t));
    sign_for_office(inputs, &mut doc);
    Ok(doc)
}

/// The head of the office's top unit signs, at the office's place and the document's date.
pub fn sign_for_office(inputs: &Inputs, doc: &mut Document) {
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
    let s = inputs.signatory(doc, vec![inputs.place_date(None)], person, top, "Kepala satuan kerja");
    doc.push(Block::Signatures(vec![s]));
}
