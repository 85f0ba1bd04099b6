//! The PK (Perjanjian Kinerja) of a unit: the statement page with both parties, then the
//! attachment — objectives, indicators and targets, the budget per programme or activity with its
//! total — signed again, as the offices print it.

use kinerja_domain::model::{Objective, Signature, Unit, UnitId, YearPlan};

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Signatory, Table};
use crate::inputs::{Blank, Inputs, Seat, no};

/// The objectives of `unit`'s PK: those with at least one indicator in the agreement (objectives
/// that exist only in the RAK never appear in a PK).
pub fn objectives<'a>(plan: &'a YearPlan, unit: UnitId) -> impl Iterator<Item = &'a Objective> + 'a {
    plan.objectives_of(unit)
        .filter(move |o| plan.indicators_of(o.id).any(|i| i.in_pk()))
}

/// Whether `unit` has a PK of its own for the plan's year.
pub fn has_pk(plan: &YearPlan, unit: UnitId) -> bool {
    plan.unit_year(unit).is_some_and(|y| y.has_pk) && objectives(plan, unit).next().is_some()
}

/// The error for a unit without a PK, naming the units that have one.
pub fn no_pk(plan: &YearPlan, unit: &Unit) -> DocError {
    let with: Vec<String> = plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| has_pk(plan, u.id))
        .map(|u| format!("{} ({})", u.code, u.name))
        .collect();
    DocError::Request(if with.is_empty() {
        format!(
            "{} has no PK for {}, and no unit of {} has one",
            unit.name, plan.year, plan.office.name
        )
    } else {
        format!(
            "{} has no PK for {}; units with a PK: {}",
            unit.name,
            plan.year,
            with.join(", ")
        )
    })
}

/// A PK or RAK is signed within the year it covers: a date asked for after that year is refused
/// (a stored signing date is the office's own and is printed as stored).
pub fn check_date(inputs: &Inputs, signed: Option<&Signature>, what: &str) -> Result<(), DocError> {
    let year = inputs.plan.year;
    match (signed.and_then(|s| s.date), inputs.date) {
        (None, Some(d)) if d.year() > year.get() => Err(DocError::Request(format!(
            "a {what} of {year} is signed in {year} at the latest, not on {d}: give a date in {year} or leave it out to print the date line blank"
        ))),
        _ => Ok(()),
    }
}

/// The unit's PK.
pub fn document(inputs: &Inputs, unit: &Unit) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    if !has_pk(plan, unit.id) {
        return Err(no_pk(plan, unit));
    }
    check_date(inputs, plan.unit_year(unit.id).and_then(|y| y.pk_signed.as_ref()), "PK")?;
    let mut doc = Document::new(format!("Perjanjian Kinerja Tahun {} {}", plan.year, unit.name), false);
    doc.footer = if inputs.names_office(unit) {
        format!("Perjanjian Kinerja {} {}", plan.year, plan.office.name)
    } else {
        format!("Perjanjian Kinerja {} {} — {}", plan.year, unit.name, plan.office.name)
    };
    doc.date = inputs.date_of(plan.unit_year(unit.id).and_then(|y| y.pk_signed.as_ref()));
    let mut title = vec![
        format!("PERJANJIAN KINERJA TAHUN {}", plan.year),
        unit.name.to_uppercase(),
    ];
    if !inputs.names_office(unit) {
        title.push(inputs.office_caps());
    }
    let (first, second) = parties(inputs, &mut doc, unit);
    doc.push(Block::Title(title.clone()));
    doc.push(Block::Space);
    doc.push(Block::Paragraph(
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta \
         berorientasi pada hasil, kami yang bertanda tangan di bawah ini:"
            .into(),
    ));
    doc.push(Block::Table(party_table(&first)));
    doc.push(Block::Paragraph("selanjutnya disebut pihak pertama".into()));
    doc.push(Block::Table(party_table(&second)));
    doc.push(Block::Paragraph(
        "selaku atasan pihak pertama, selanjutnya disebut pihak kedua".into(),
    ));
    doc.push(Block::Paragraph(
        "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran \
         perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah \
         ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja \
         tersebut menjadi tanggung jawab kami."
            .into(),
    ));
    doc.push(Block::Paragraph(
        "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap \
         capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka \
         pemberian penghargaan dan sanksi."
            .into(),
    ));
    doc.push(Block::Signatures(vec![second.clone(), first.clone()]));
    doc.push(Block::PageBreak);
    let mut attachment = title;
    attachment.insert(0, "LAMPIRAN".into());
    doc.push(Block::Title(attachment));
    doc.push(Block::Space);
    let table = attachment_table(inputs, &mut doc, unit.id);
    doc.push(Block::Table(table));
    if let Some(budget) = budget_table(inputs, unit.id) {
        doc.push(Block::Space);
        doc.push(Block::Table(budget));
    }
    doc.push(Block::Signatures(vec![second, first]));
    Ok(doc)
}

/// Pihak Pertama (the unit's head) and Pihak Kedua (the head above), from the stored signature
/// or else from the positions.
pub fn parties(inputs: &Inputs, doc: &mut Document, unit: &Unit) -> (Signatory, Signatory) {
    let signed = inputs.plan.unit_year(unit.id).and_then(|y| y.pk_signed.as_ref());
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
    let second = inputs.signatory(
        doc,
        vec![String::new(), "Pihak Kedua,".into()],
        signed.and_then(|s| s.second),
        Some(inputs.superior_seat(unit)),
        "Pihak Kedua",
    );
    (first, second)
}

/// Nama / Jabatan / NIP lines of a party.
fn party_table(s: &Signatory) -> Table {
    let mut t = Table::new(
        "",
        vec![
            Column::cm(3.0, Align::Left),
            Column::cm(0.5, Align::Left),
            Column::share(1.0, Align::Left),
        ],
    );
    t.plain = true;
    let name = s.name.clone().map(Content::Text).unwrap_or(Content::Gap);
    t.rows.push(vec![Cell::text("Nama"), Cell::text(":"), Cell::new(name)]);
    t.rows.push(vec![
        Cell::text("Jabatan"),
        Cell::text(":"),
        Cell::text(s.position.replace('\n', " ")),
    ]);
    if let Some(nip) = &s.nip {
        t.rows
            .push(vec![Cell::text("NIP"), Cell::text(":"), Cell::text(nip.clone())]);
    }
    t
}

/// NO | SASARAN | INDIKATOR KINERJA | TARGET, objectives merged over their indicators.
pub fn attachment_table(inputs: &Inputs, doc: &mut Document, unit: UnitId) -> Table {
    let plan = &inputs.plan;
    let unit_name = plan.unit(unit).map(|u| u.name.clone()).unwrap_or_default();
    let mut t = Table::new(
        format!("Perjanjian Kinerja {}", unit_name),
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.2, Align::Left),
            Column::cm(3.0, Align::Centre),
        ],
    )
    .simple_header(&["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET"]);
    for (n, o) in objectives(plan, unit).enumerate() {
        let start = t.rows.len();
        for i in plan.indicators_of(o.id).filter(|i| i.in_pk()) {
            let target = doc.value_or_gap(i.pk_target.as_ref(), || format!("Target: {}", i.text));
            t.push_after(2, vec![Cell::text(i.text.clone()), target]);
        }
        t.span_from(start, 0, no(n));
        t.span_from(start, 1, Cell::text(o.text.clone()));
    }
    t
}

/// NO | PROGRAM | ANGGARAN (KEGIATAN for activities, as the offices' PKs head them; PROGRAM /
/// KEGIATAN when the unit has both) with the total; `None` when the unit has no budget.
pub fn budget_table(inputs: &Inputs, unit: UnitId) -> Option<Table> {
    use kinerja_domain::model::BudgetLevel;
    let lines: Vec<_> = inputs.plan.budget.iter().filter(|b| b.unit == unit).collect();
    if lines.is_empty() {
        return None;
    }
    let title = if lines.iter().all(|b| b.level == BudgetLevel::Program) {
        "PROGRAM"
    } else if lines.iter().all(|b| b.level == BudgetLevel::Activity) {
        "KEGIATAN"
    } else {
        "PROGRAM / KEGIATAN"
    };
    let mut t = Table::new(
        "Anggaran",
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::cm(4.5, Align::Right),
        ],
    )
    .simple_header(&["NO", title, "ANGGARAN"]);
    for (n, b) in lines.iter().enumerate() {
        t.rows.push(vec![
            no(n),
            Cell::text(b.name.clone()),
            Cell::new(Content::Money(b.ceiling)),
        ]);
    }
    let total = kinerja_domain::achievement::saturating_sum(lines.iter().map(|b| b.ceiling));
    let mut label = Cell::text("JUMLAH").bold().align(Align::Right);
    label.colspan = 2;
    t.rows
        .push(vec![label, Cell::covered(), Cell::new(Content::Money(total)).bold()]);
    Some(t)
}
