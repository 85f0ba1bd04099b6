//! The monitoring report (laporan monitoring dan evaluasi) of a unit or the whole office for one
//! month or quarter: per indicator the period's target, realisation, achievement, category and
//! workflow state, with the obstacles and follow-up the unit wrote; then the actions the RAK
//! scheduled in the period that were not done.

use kinerja_domain::achievement::{self, Basis, Span};
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{RealisationStatus, Unit};
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
    doc.footer = format!("Monitoring {label} {} — {whom}", plan.year);
    doc.date = inputs.date;
    let mut title = vec![
        "LAPORAN MONITORING DAN EVALUASI KINERJA".to_string(),
        format!("{} TAHUN {}", label.to_uppercase(), plan.year),
    ];
    if let Some(u) = unit {
        title.push(u.name.to_uppercase());
    }
    title.push(inputs.office_caps());
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
    // The year-end report (TW4, B12) carries the year's figures where an indicator was reported
    // for the whole year (as the LKj gives them), so it never says "not reported" for a figure
    // the LKj reports.
    let year_end = period.end_month() == 12;
    let year_result = year_end.then(|| {
        achievement::office_achievement(
            plan,
            Span::Year,
            Basis::Entered,
            inputs.scale.as_ref(),
            unit.map(|u| u.id),
        )
    });
    let reported_for_year = |indicator: kinerja_domain::model::IndicatorId| {
        year_end
            && plan
                .realisations
                .iter()
                .any(|r| r.indicator == indicator && r.period == Period::Year)
    };
    let of_year = |indicator: kinerja_domain::model::IndicatorId| {
        year_result.as_ref().and_then(|y| {
            y.units
                .iter()
                .flat_map(|u| &u.objectives)
                .flat_map(|o| &o.indicators)
                .find(|a| a.indicator == indicator)
        })
    };
    if result.units.is_empty() {
        return Err(DocError::Incomplete(format!(
            "{whom} has no PK indicators for {}",
            plan.year
        )));
    }
    let in_period = |r: &&kinerja_domain::model::Realisation| {
        (r.period == Period::Year && year_end)
            || (r.period != Period::Year
                && r.period.start_month() >= period.start_month()
                && r.period.end_month() <= period.end_month())
    };
    for ua in &result.units {
        let unit_name = plan.unit(ua.unit).map(|u| u.name.clone()).unwrap_or_default();
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
                // The year's figure at year end, when the period has none of its own: reported
                // for the whole year, or fed by the supporting indicators' year figures.
                let ia = match of_year(indicator.id) {
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
                if reported_for_year(indicator.id) && ia.realisation.is_some() {
                    let n = t.note(format!(
                        "Angka tahun {} seluruhnya, sebagaimana dilaporkan dalam LKj.",
                        plan.year
                    ));
                    text = text.noted(n);
                }
                let mut row = vec![text];
                row.extend(achievement_cells(&mut doc, &mut t, plan, ia, indicator, false));
                let entered: Vec<_> = plan
                    .realisations
                    .iter()
                    .filter(|r| r.indicator == indicator.id)
                    .filter(in_period)
                    .collect();
                let joined = |f: &dyn Fn(&kinerja_domain::model::Realisation) -> Option<String>| {
                    let parts: Vec<String> = entered.iter().filter_map(|r| f(r)).collect();
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
        if unit.is_none() {
            doc.push(Block::Heading {
                level: 2,
                text: unit_name.clone(),
                toc: false,
            });
        }
        doc.push(Block::Table(t));
        doc.push(Block::Space);
    }
    // Actions scheduled in the period and not marked done.
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
        text: format!("Kegiatan terjadwal pada {label} yang belum terlaksana"),
        toc: false,
    });
    if missed.rows.is_empty() {
        doc.push(Block::Paragraph(
            "Semua kegiatan yang terjadwal telah terlaksana.".into(),
        ));
    } else {
        doc.push(Block::Table(missed));
    }
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
