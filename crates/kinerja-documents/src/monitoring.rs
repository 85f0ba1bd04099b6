//! The monitoring report (laporan monitoring dan evaluasi) of a unit or the whole office for one
//! month or quarter: per indicator the period's target, realisation, achievement, category and
//! workflow state, with the obstacles and follow-up the unit wrote; then the actions the RAK
//! scheduled in the period that were not done.

use kinerja_domain::achievement::{self, Basis, IndicatorAchievement, OfficeAchievement, Span, UnitAchievement};
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Indicator, IndicatorId, Realisation, RealisationStatus, Unit};
use kinerja_domain::period::Period;

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Table};
use crate::inputs::{Blank, Inputs, Seat, achievement_cells, no};

fn status_text(s: RealisationStatus) -> &'static str {
    match s {
        RealisationStatus::Draft => "Draf",
        RealisationStatus::Submitted => "Diajukan",
        RealisationStatus::Verified => "Terverifikasi",
        RealisationStatus::Returned => "Dikembalikan",
    }
}

/// What the report's tables read: the period's figures and, at year end (TW4, B12), the year's.
struct Figures<'a> {
    inputs: &'a Inputs,
    period: Period,
    /// The report closes the year: the year's figures count where the period has none (as the
    /// LKj gives them), so it never says "not reported" for a figure the LKj reports.
    year_end: bool,
    year_result: Option<OfficeAchievement>,
}

impl Figures<'_> {
    fn reported_for_year(&self, indicator: IndicatorId) -> bool {
        self.year_end
            && self
                .inputs
                .plan
                .realisations
                .iter()
                .any(|r| r.indicator == indicator && r.period == Period::Year)
    }

    fn of_year(&self, indicator: IndicatorId) -> Option<&IndicatorAchievement> {
        self.year_result.as_ref().and_then(|y| {
            y.units
                .iter()
                .flat_map(|u| &u.objectives)
                .flat_map(|o| &o.indicators)
                .find(|a| a.indicator == indicator)
        })
    }

    /// Whether a realisation belongs to the report's period (the year's, at year end).
    fn in_period(&self, r: &Realisation) -> bool {
        (r.period == Period::Year && self.year_end)
            || (r.period != Period::Year
                && r.period.start_month() >= self.period.start_month()
                && r.period.end_month() <= self.period.end_month())
    }
}

pub fn document(inputs: &Inputs, unit: Option<&Unit>, period: Period) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    if period == Period::Year {
        return Err(DocError::Incomplete(
            "a monitoring report is for a month (B1…B12) or a quarter (TW1…TW4)".into(),
        ));
    }
    let whom = unit.map(|u| u.name.clone()).unwrap_or_else(|| plan.office.name.clone());
    let label = period.label(Lang::Id);
    let mut doc = Document::new(format!("Laporan Monitoring {label} {} {whom}", plan.year), true);
    doc.footer = if unit.is_some_and(|u| !inputs.names_office(u)) {
        format!("Monitoring {label} {} — {whom} — {}", plan.year, plan.office.name)
    } else {
        format!("Monitoring {label} {} — {whom}", plan.year)
    };
    doc.date = inputs.date;
    let mut title = vec![
        "LAPORAN MONITORING DAN EVALUASI KINERJA".to_string(),
        format!("{} TAHUN {}", label.to_uppercase(), plan.year),
    ];
    if let Some(u) = unit {
        title.push(u.name.to_uppercase());
    }
    if unit.is_none_or(|u| !inputs.names_office(u)) {
        title.push(inputs.office_caps());
    }
    doc.push(Block::Title(title));
    doc.push(Block::Space);
    // Everything entered counts (not what was returned); the state column says how far it went.
    let result = achievement::office_achievement(
        plan,
        Span::Only(period),
        Basis::Entered,
        inputs.scale.as_ref(),
        unit.map(|u| u.id),
    );
    if result.units.is_empty() {
        return Err(DocError::Incomplete(format!(
            "{whom} has no PK indicators for {}",
            plan.year
        )));
    }
    let year_end = period.end_month() == 12;
    let figures = Figures {
        inputs,
        period,
        year_end,
        year_result: year_end.then(|| {
            achievement::office_achievement(
                plan,
                Span::Year,
                Basis::Entered,
                inputs.scale.as_ref(),
                unit.map(|u| u.id),
            )
        }),
    };
    for ua in &result.units {
        let t = unit_table(&mut doc, &figures, ua);
        if unit.is_none() {
            doc.push(Block::Heading {
                level: 2,
                text: plan.unit(ua.unit).map(|u| u.name.clone()).unwrap_or_default(),
                toc: false,
            });
        }
        doc.push(Block::Table(t));
        doc.push(Block::Space);
    }
    missed_actions(&mut doc, inputs, unit, period);
    match unit {
        Some(u) => {
            let s = inputs.signatory(
                &mut doc,
                vec![inputs.place_date(None, Blank::Dots)],
                None,
                Some(Seat::Unit(u.id)),
                "Penanggung jawab",
            );
            doc.push(Block::Signatures(vec![s]));
        }
        None => crate::registers::sign_for_office(inputs, &mut doc, Blank::Dots),
    }
    Ok(doc)
}

/// A unit's table: each indicator's target, realisation, achievement and category, with the
/// obstacles, follow-up and state entered for the period.
fn unit_table(doc: &mut Document, f: &Figures<'_>, ua: &UnitAchievement) -> Table {
    let plan = &f.inputs.plan;
    let unit_code = plan.unit(ua.unit).map(|u| u.code.clone()).unwrap_or_default();
    // The unit's heading (or the title) says whose table it is: no caption of its own.
    let mut t = Table::new(
        String::new(),
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.2, Align::Left),
            Column::cm(2.0, Align::Centre),
            Column::cm(2.2, Align::Centre),
            Column::cm(1.8, Align::Centre),
            Column::cm(1.8, Align::Centre),
            Column::share(0.8, Align::Left),
            Column::share(0.8, Align::Left),
            Column::cm(2.0, Align::Centre),
        ],
    )
    .simple_header(&[
        "NO",
        "SASARAN",
        "INDIKATOR KINERJA",
        "TARGET",
        "REALISASI",
        "CAPAIAN",
        "KATEGORI",
        "KENDALA",
        "TINDAK LANJUT",
        "STATUS",
    ])
    .sheet(format!("Monitoring {unit_code}"));
    for (n, oa) in ua.objectives.iter().enumerate() {
        let start = t.rows.len();
        let objective = plan.objectives.iter().find(|o| o.id == oa.objective);
        for ia in &oa.indicators {
            let Some(indicator) = plan.indicators.iter().find(|i| i.id == ia.indicator) else {
                continue;
            };
            let row = indicator_row(doc, &mut t, f, ia, indicator);
            t.push_after(2, row);
        }
        if t.rows.len() > start {
            t.span_from(start, 0, no(n));
            t.span_from(
                start,
                1,
                Cell::text(objective.map(|o| o.text.clone()).unwrap_or_default()),
            );
        }
    }
    t
}

/// One indicator's row (from INDIKATOR KINERJA on).
fn indicator_row(
    doc: &mut Document,
    t: &mut Table,
    f: &Figures<'_>,
    ia: &IndicatorAchievement,
    indicator: &Indicator,
) -> Vec<Cell> {
    let plan = &f.inputs.plan;
    // The year's figure at year end, when the period has none of its own: reported for the
    // whole year, or fed by the supporting indicators' year figures.
    let ia = match f.of_year(indicator.id) {
        Some(y)
            if ia.realisation.is_none()
                && ia.achievement.is_err()
                && (y.realisation.is_some() || y.achievement.is_ok()) =>
        {
            y
        }
        _ => ia,
    };
    let mut text = Cell::text(indicator.text.clone());
    if f.reported_for_year(indicator.id) && ia.realisation.is_some() {
        let n = t.note(format!(
            "Angka tahun {} seluruhnya, sebagaimana dilaporkan dalam LKj.",
            plan.year
        ));
        text = text.noted(n);
    }
    let mut row = vec![text];
    row.extend(achievement_cells(doc, t, plan, ia, indicator, false));
    let entered: Vec<&Realisation> = plan
        .realisations
        .iter()
        .filter(|r| r.indicator == indicator.id && f.in_period(r))
        .collect();
    let joined = |what: &dyn Fn(&Realisation) -> Option<String>| {
        let parts: Vec<String> = entered.iter().filter_map(|r| what(r)).collect();
        if parts.is_empty() {
            Cell::new(Content::Empty)
        } else {
            Cell::text(parts.join("; "))
        }
    };
    row.push(joined(&|r| r.obstacles.clone()));
    row.push(joined(&|r| r.follow_up.clone()));
    row.push(match entered.iter().map(|r| r.status).min_by_key(|s| status_rank(*s)) {
        Some(s) => Cell::text(status_text(s)),
        None if ia.from_supporting > 0 => Cell::text("Dari indikator pendukung"),
        None => Cell::text("Belum dilaporkan"),
    });
    row
}

/// Actions scheduled in the period and not marked done.
fn missed_actions(doc: &mut Document, inputs: &Inputs, unit: Option<&Unit>, period: Period) {
    let plan = &inputs.plan;
    let mut missed = Table::new(
        "Kegiatan belum terlaksana",
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(0.8, Align::Left),
            Column::share(1.0, Align::Left),
            Column::share(1.2, Align::Left),
            Column::share(0.8, Align::Left),
        ],
    )
    .simple_header(&["NO", "UNIT KERJA", "INDIKATOR KINERJA", "KEGIATAN", "CATATAN"]);
    for a in &plan.actions {
        let Some(indicator) = plan.indicators.iter().find(|i| i.id == a.indicator) else {
            continue;
        };
        let Some(objective) = plan.objectives.iter().find(|o| o.id == indicator.objective) else {
            continue;
        };
        if unit.is_some_and(|u| u.id != objective.unit) || !a.schedule.runs_in(period) {
            continue;
        }
        let marks: Vec<_> = inputs
            .progress
            .iter()
            .filter(|p| p.action == a.id && period_contains(period, p.period))
            .collect();
        if marks.iter().any(|p| p.done) {
            continue;
        }
        let note = marks
            .iter()
            .filter_map(|p| p.note.clone())
            .collect::<Vec<_>>()
            .join("; ");
        let unit_name = plan.unit(objective.unit).map(|u| u.name.clone()).unwrap_or_default();
        let n = missed.rows.len();
        missed.rows.push(vec![
            no(n),
            Cell::text(unit_name),
            Cell::text(indicator.text.clone()),
            Cell::text(a.text.clone()),
            if marks.is_empty() {
                Cell::text("Belum ditandai")
            } else {
                Cell::text(note)
            },
        ]);
    }
    doc.push(Block::Heading {
        level: 2,
        text: format!(
            "Kegiatan terjadwal pada {} yang belum terlaksana",
            period.label(Lang::Id)
        ),
        toc: false,
    });
    if missed.rows.is_empty() {
        doc.push(Block::Paragraph(
            "Semua kegiatan yang terjadwal telah terlaksana.".into(),
        ));
    } else {
        doc.push(Block::Table(missed));
    }
}

/// The least advanced state first: a report is as far as its least advanced figure.
fn status_rank(s: RealisationStatus) -> u8 {
    match s {
        RealisationStatus::Returned => 0,
        RealisationStatus::Draft => 1,
        RealisationStatus::Submitted => 2,
        RealisationStatus::Verified => 3,
    }
}

fn period_contains(outer: Period, inner: Period) -> bool {
    inner != Period::Year && inner.start_month() >= outer.start_month() && inner.end_month() <= outer.end_month()
}
