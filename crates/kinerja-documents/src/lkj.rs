//! The LKj (Laporan Kinerja) of an office's year, in the structure of PermenPANRB 53/2014 and the
//! Kota Metro seed: cover, foreword, executive summary and contents numbered i, ii, …; BAB I–IV
//! from page 1; the PKs attached. Every number and table comes from the data. The paragraphs are
//! narratives ([`SECTIONS`], and one analysis per objective): the office's own text when it has
//! written or accepted one, else a draft Kinerja writes from the data ([`crate::draft`]), printed
//! marked as a draft; only what no data can say (background, duties, awards) is left as a gap.

use std::collections::BTreeMap;

use kinerja_charts as charts;
use kinerja_domain::Decimal;
use kinerja_domain::achievement::{OfficeAchievement, Span};
use kinerja_domain::budget::{LineBasis, efficiency, line_achievement, office_budget};
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::indicator::LowerFormula;
use kinerja_domain::model::{ObjectiveId, Unit};

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Numbering, Table};
use crate::draft::{self, Previous};
use crate::inputs::{Blank, Inputs, achievement_cells, no};
use crate::pk;

mod figures;
use figures::*;

/// The narratives of an LKj: key, title, whether the report needs it.
pub const SECTIONS: &[(&str, &str, bool)] = &[
    ("foreword", "Kata Pengantar", true),
    ("summary", "Ringkasan Eksekutif", true),
    ("background", "Latar Belakang", true),
    ("duties", "Tugas dan Fungsi", true),
    ("organisation", "Struktur Organisasi (keterangan tambahan)", false),
    ("achievements", "Prestasi dan Penghargaan", true),
    ("obstacles", "Kendala dan Tindak Lanjut", true),
    ("conclusion", "Penutup (Kesimpulan)", true),
];

/// The key of an objective's analysis narrative.
pub fn analysis_key(objective: ObjectiveId) -> String {
    format!("analysis:{objective}")
}

/// Whether `key` names a narrative an LKj reads.
pub fn is_narrative_key(key: &str) -> bool {
    SECTIONS.iter().any(|(k, _, _)| *k == key)
        || key
            .strip_prefix("analysis:")
            .is_some_and(|id| id.parse::<i64>().is_ok())
}

/// The drafts Kinerja writes from the data for the LKj of `inputs` (the LKj page offers them).
pub fn drafts(inputs: &Inputs) -> BTreeMap<String, String> {
    draft::drafts(inputs, &inputs.achievement(Span::Year, None))
}

/// One narrative the LKj reads, in the report's order, with what the data can draft for it.
#[derive(Debug, Clone)]
pub struct Slot {
    pub key: String,
    pub title: String,
    /// The unit an objective's analysis belongs to (`None` for the report's sections).
    pub unit: Option<String>,
    /// Kinerja's draft from the data, when the data can say something.
    pub draft: Option<String>,
}

/// Every narrative of the LKj of `inputs`: the sections, then the analysis of each objective of
/// each unit in BAB III, exactly those the report prints.
pub fn narrative_slots(inputs: &Inputs) -> Vec<Slot> {
    let result = inputs.achievement(Span::Year, None);
    let mut drafts = draft::drafts(inputs, &result);
    let mut slots: Vec<Slot> = SECTIONS
        .iter()
        .map(|(key, title, _)| Slot {
            key: (*key).to_string(),
            title: (*title).to_string(),
            unit: None,
            draft: drafts.remove(*key),
        })
        .collect();
    for ua in &result.units {
        let Some(unit) = inputs.plan.unit(ua.unit) else {
            continue;
        };
        for oa in &ua.objectives {
            let Some(o) = inputs.plan.objectives.iter().find(|o| o.id == oa.objective) else {
                continue;
            };
            let key = analysis_key(o.id);
            slots.push(Slot {
                title: o.text.clone(),
                unit: Some(unit.name.clone()),
                draft: drafts.remove(&key),
                key,
            });
        }
    }
    slots
}

/// A narrative: the office's text, else the draft (marked), else a gap.
fn narrative(
    doc: &mut Document,
    inputs: &Inputs,
    drafts: &BTreeMap<String, String>,
    key: &str,
    title: &str,
    required: bool,
) {
    let text = inputs
        .narratives
        .get(key)
        .map(String::as_str)
        .filter(|t| !t.trim().is_empty());
    match (text, drafts.get(key)) {
        (Some(t), _) => doc.narrative(Some(t), title),
        (None, Some(d)) => doc.draft(d.clone(), title),
        (None, None) if required => doc.narrative(None, title),
        (None, None) => {}
    }
}

fn section(doc: &mut Document, inputs: &Inputs, drafts: &BTreeMap<String, String>, key: &str) {
    let (_, title, required) = SECTIONS
        .iter()
        .find(|(k, _, _)| *k == key)
        .copied()
        .unwrap_or((key, key, true));
    narrative(doc, inputs, drafts, key, title, required);
}

fn heading(doc: &mut Document, level: u8, text: impl Into<String>) {
    doc.push(Block::Heading {
        level,
        text: text.into(),
        toc: true,
    });
}

/// Title lines naming a unit and its office, without saying the office twice when the unit is
/// the office's own (the commission).
fn unit_title(inputs: &Inputs, unit: &kinerja_domain::model::Unit) -> Vec<String> {
    let mut lines = vec![unit.name.to_uppercase()];
    if !inputs.names_office(unit) {
        lines.push(inputs.office_caps());
    }
    lines
}

/// What every part of the LKj reads: the inputs, the year's figures, the drafts and last year.
struct Parts<'a> {
    inputs: &'a Inputs,
    result: &'a OfficeAchievement,
    drafts: &'a BTreeMap<String, String>,
    previous: Option<&'a Previous>,
}

pub fn document(inputs: &Inputs) -> Result<Document, DocError> {
    let plan = &inputs.plan;
    let year = plan.year;
    if plan.objectives.is_empty() {
        return Err(DocError::Incomplete(format!(
            "{} has no plan for {year}",
            plan.office.name
        )));
    }
    let office = plan.office.name.clone();
    let mut doc = Document::new(format!("Laporan Kinerja {office} Tahun {year}"), false);
    doc.footer = format!("Laporan Kinerja {office} Tahun {year}");
    doc.date = inputs.date;
    let result = inputs.achievement(Span::Year, None);
    let drafts = draft::drafts(inputs, &result);
    let previous = inputs.previous.as_ref().map(|p| Previous::of(inputs, p));
    let parts = Parts {
        inputs,
        result: &result,
        drafts: &drafts,
        previous: previous.as_ref(),
    };
    let mut table_no = 0;
    front_matter(&mut doc, &parts);
    chapter_one(&mut doc, &parts);
    let pk_units = chapter_two(&mut doc, &parts, &mut table_no);
    chapter_three(&mut doc, &parts, &mut table_no);
    // BAB IV
    heading(&mut doc, 1, "BAB IV PENUTUP");
    section(&mut doc, inputs, &drafts, "conclusion");
    crate::registers::sign_for_office(inputs, &mut doc, Blank::Year(year.get() + 1));
    attachments(&mut doc, inputs, &pk_units);
    Ok(doc)
}

/// The cover, then the foreword, the executive summary and the contents, numbered i, ii, …
fn front_matter(doc: &mut Document, p: &Parts<'_>) {
    let (inputs, plan) = (p.inputs, &p.inputs.plan);
    doc.push(Block::Cover {
        lines: vec!["LAPORAN KINERJA".into(), "(LKj)".into()],
        office: inputs.office_caps(),
        address: plan.office.address.as_ref().map(|a| a.to_uppercase()),
        year: plan.year,
    });
    doc.push(Block::Numbering(Numbering::Roman));
    heading(doc, 1, "KATA PENGANTAR");
    section(doc, inputs, p.drafts, "foreword");
    crate::registers::sign_for_office(inputs, doc, Blank::Year(plan.year.get() + 1));
    doc.push(Block::PageBreak);
    heading(doc, 1, "RINGKASAN EKSEKUTIF");
    section(doc, inputs, p.drafts, "summary");
    doc.push(Block::PageBreak);
    doc.push(Block::Contents);
    doc.push(Block::Numbering(Numbering::Arabic));
}

/// BAB I: background, duties, the organisation, how the report is laid out.
fn chapter_one(doc: &mut Document, p: &Parts<'_>) {
    let (inputs, plan) = (p.inputs, &p.inputs.plan);
    heading(doc, 1, "BAB I PENDAHULUAN");
    heading(doc, 2, "A. Latar Belakang");
    section(doc, inputs, p.drafts, "background");
    heading(doc, 2, "B. Tugas dan Fungsi");
    section(doc, inputs, p.drafts, "duties");
    heading(doc, 2, "C. Struktur Organisasi");
    doc.push(Block::Paragraph(format!(
        "Susunan organisasi {} pada tahun {} terdiri atas unit kerja berikut:",
        plan.office.name, plan.year
    )));
    doc.push(Block::Table(organisation_table(inputs)));
    section(doc, inputs, p.drafts, "organisation");
    heading(doc, 2, "D. Sistematika Penulisan");
    doc.push(Block::List(vec![
        "Kata Pengantar, Ringkasan Eksekutif dan Daftar Isi.".into(),
        "BAB I Pendahuluan: latar belakang, tugas dan fungsi, struktur organisasi.".into(),
        "BAB II Perencanaan Kinerja: ringkasan Rencana Strategis dan Perjanjian Kinerja.".into(),
        "BAB III Akuntabilitas Kinerja: skala penilaian, capaian kinerja per sasaran dan unit kerja, \
         perbandingan dengan tahun lalu dan Renstra, realisasi anggaran dan efisiensi, pelaksanaan \
         rencana aksi, prestasi, kendala dan tindak lanjut."
            .into(),
        "BAB IV Penutup: kesimpulan.".into(),
        "Lampiran: Perjanjian Kinerja.".into(),
    ]));
    doc.push(Block::PageBreak);
}

/// BAB II: the Renstra and each PK of the year; returns the units that have a PK.
fn chapter_two<'a>(doc: &mut Document, p: &Parts<'a>, table_no: &mut usize) -> Vec<&'a Unit> {
    let (inputs, plan) = (p.inputs, &p.inputs.plan);
    let year = plan.year;
    heading(doc, 1, "BAB II PERENCANAAN KINERJA");
    renstra(doc, inputs);
    heading(doc, 2, format!("B. Perjanjian Kinerja Tahun {year}"));
    let pk_units: Vec<&Unit> = plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| pk::has_pk(plan, u.id))
        .collect();
    for u in &pk_units {
        *table_no += 1;
        let mut t = pk::attachment_table(inputs, doc, u.id);
        t.name = format!("Tabel {table_no}. Perjanjian Kinerja Tahun {year} {}", u.name);
        t.sheet = format!("T{table_no} PK {}", u.code);
        doc.push(Block::Table(t));
        if let Some(mut b) = pk::budget_table(inputs, u.id) {
            b.name = format!("Anggaran {}", u.name);
            b.sheet = format!("T{table_no} Anggaran {}", u.code);
            doc.push(Block::Table(b));
        }
        doc.push(Block::Space);
    }
    doc.push(Block::PageBreak);
    pk_units
}

/// BAB III: the scale, each unit's achievement (the office's own PK first), the recap and
/// charts, the budget, the actions, prestasi, obstacles.
fn chapter_three(doc: &mut Document, p: &Parts<'_>, table_no: &mut usize) {
    let inputs = p.inputs;
    heading(doc, 1, "BAB III AKUNTABILITAS KINERJA");
    heading(doc, 2, "A. Skala Penilaian dan Cara Perhitungan Capaian");
    scale_part(doc, inputs);
    heading(doc, 2, "B. Capaian Kinerja");
    doc.push(Block::Paragraph(summary_line(inputs, p.result)));
    for ua in &p.result.units {
        unit_part(doc, p, ua, table_no);
    }
    *table_no += 1;
    doc.push(Block::Table(recap_table(inputs, p.result, *table_no)));
    charts_part(doc, inputs, p.result);
    heading(doc, 2, "C. Realisasi Anggaran dan Efisiensi");
    *table_no += 1;
    budget_part(doc, inputs, p.result, *table_no);
    heading(doc, 2, "D. Pelaksanaan Rencana Aksi");
    *table_no += 1;
    actions_part(doc, inputs, *table_no);
    heading(doc, 2, "E. Prestasi dan Penghargaan");
    section(doc, inputs, p.drafts, "achievements");
    heading(doc, 2, "F. Kendala dan Tindak Lanjut");
    section(doc, inputs, p.drafts, "obstacles");
    if let Some(mut t) = obstacles_table(inputs) {
        *table_no += 1;
        t.name = format!("Tabel {table_no}. {}", t.name);
        t.sheet = format!("T{table_no} Kendala");
        doc.push(Block::Table(t));
    }
    doc.push(Block::PageBreak);
}

/// One unit in BAB III: its achievement table with notes, its comparison with last year and the
/// Renstra, and the analysis of each of its objectives.
fn unit_part(
    doc: &mut Document,
    p: &Parts<'_>,
    ua: &kinerja_domain::achievement::UnitAchievement,
    table_no: &mut usize,
) {
    let (inputs, plan) = (p.inputs, &p.inputs.plan);
    let Some(unit) = plan.unit(ua.unit) else { return };
    *table_no += 1;
    let t = achievement_table(doc, inputs, ua, unit, *table_no);
    let own = Some(ua.unit) == p.result.own_unit;
    heading(
        doc,
        3,
        if own {
            format!("{} (Perjanjian Kinerja kantor)", unit.name)
        } else {
            unit.name.clone()
        },
    );
    doc.push(Block::Table(t));
    match comparison_table(inputs, ua, p.previous, *table_no + 1, unit) {
        Ok(t) => {
            *table_no += 1;
            doc.push(Block::Table(t));
        }
        Err(nothing) => doc.push(Block::Paragraph(nothing)),
    }
    for oa in &ua.objectives {
        let Some(o) = plan.objectives.iter().find(|o| o.id == oa.objective) else {
            continue;
        };
        let figure = oa
            .rolled
            .achievement
            .map(|p| format!(" (capaian {})", format::percent(format::round_half_up(p, 2))))
            .unwrap_or_default();
        doc.push(Block::Heading {
            level: 4,
            text: format!("Analisis sasaran: {}{figure}", o.text),
            toc: false,
        });
        narrative(
            doc,
            inputs,
            p.drafts,
            &analysis_key(o.id),
            &format!("Analisis sasaran \u{201c}{}\u{201d} ({})", o.text, unit.name),
            true,
        );
    }
}

/// A unit's achievement table: TARGET, and TARGET (KEGIATAN) whenever an indicator of the unit
/// is measured through one (the real Tabel 4 prints both targets), REALISASI, CAPAIAN, KATEGORI.
fn achievement_table(
    doc: &mut Document,
    inputs: &Inputs,
    ua: &kinerja_domain::achievement::UnitAchievement,
    unit: &Unit,
    table_no: usize,
) -> Table {
    let plan = &inputs.plan;
    let activity = ua
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .filter_map(|ia| plan.indicators.iter().find(|i| i.id == ia.indicator))
        .any(|i| i.activity_target.is_some());
    let mut columns = vec![
        Column::cm(0.8, Align::Centre),
        Column::share(1.0, Align::Left),
        Column::share(1.25, Align::Left),
        Column::cm(1.7, Align::Centre),
    ];
    let mut titles = vec!["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET"];
    if activity {
        columns.push(Column::cm(1.9, Align::Centre));
        titles.push("TARGET (KEGIATAN)");
    }
    columns.extend([
        Column::cm(1.9, Align::Centre),
        Column::cm(1.8, Align::Centre),
        Column::cm(1.8, Align::Centre),
    ]);
    titles.extend(["REALISASI", "CAPAIAN", "KATEGORI"]);
    let mut t = Table::new(
        format!("Tabel {table_no}. Capaian Kinerja Tahun {} {}", plan.year, unit.name),
        columns,
    )
    .sheet(format!("T{table_no} Capaian {}", unit.code))
    .simple_header(&titles);
    for (n, oa) in ua.objectives.iter().enumerate() {
        let start = t.rows.len();
        for ia in &oa.indicators {
            let Some(i) = plan.indicators.iter().find(|i| i.id == ia.indicator) else {
                continue;
            };
            let mut row = vec![Cell::text(i.text.clone())];
            row.extend(achievement_cells(doc, &mut t, plan, ia, i, activity));
            t.push_after(2, row);
        }
        if t.rows.len() > start {
            let text = plan
                .objectives
                .iter()
                .find(|o| o.id == oa.objective)
                .map(|o| o.text.clone())
                .unwrap_or_default();
            t.span_from(start, 0, no(n));
            t.span_from(start, 1, Cell::text(text));
        }
    }
    t
}

/// The PKs attached, as signed.
fn attachments(doc: &mut Document, inputs: &Inputs, pk_units: &[&Unit]) {
    let year = inputs.plan.year;
    for u in pk_units {
        doc.push(Block::PageBreak);
        doc.push(Block::Heading {
            level: 2,
            text: format!("Lampiran: Perjanjian Kinerja {}", u.name),
            toc: true,
        });
        let mut title = vec![format!("PERJANJIAN KINERJA TAHUN {year}")];
        title.extend(unit_title(inputs, u));
        doc.push(Block::Title(title));
        let mut t = pk::attachment_table(inputs, &mut Document::default(), u.id);
        t.name = String::new();
        t.sheet = format!("Lamp. PK {}", u.code);
        doc.push(Block::Table(t));
        if let Some(mut b) = pk::budget_table(inputs, u.id) {
            b.sheet = format!("Lamp. Anggaran {}", u.code);
            doc.push(Block::Table(b));
        }
        let (first, second) = pk::parties(inputs, &mut Document::default(), u);
        doc.push(Block::Signatures(vec![second, first]));
    }
}

/// The RAK actions carried out, from the done/not-done marks per period: per unit, each action
/// with its scheduled periods, those done, and the notes.
fn actions_part(doc: &mut Document, inputs: &Inputs, table_no: usize) {
    let plan = &inputs.plan;
    let mut t = Table::new(
        format!("Tabel {table_no}. Pelaksanaan rencana aksi (RAK) tahun {}", plan.year),
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(1.4, Align::Left),
            Column::cm(2.4, Align::Centre),
            Column::cm(2.6, Align::Centre),
            Column::cm(2.8, Align::Centre),
            Column::share(0.8, Align::Left),
        ],
    )
    .sheet(format!("T{table_no} Rencana aksi"))
    .simple_header(&["NO", "KEGIATAN", "TERJADWAL", "TERLAKSANA", "STATUS", "CATATAN"]);
    let width = t.columns.len();
    let (mut all, mut done, mut unmarked) = (0, 0, 0);
    for unit in plan.units_in_tree_order() {
        let actions: Vec<_> = plan
            .objectives_of(unit.id)
            .flat_map(|o| plan.indicators_of(o.id))
            .flat_map(|i| plan.actions.iter().filter(move |a| a.indicator == i.id))
            .collect();
        if actions.is_empty() {
            continue;
        }
        // The unit as a row of its own over its actions.
        let mut name = Cell::text(unit.name.clone()).bold();
        name.colspan = u16::try_from(width).unwrap_or(1);
        let mut row = vec![name];
        row.extend((1..width).map(|_| Cell::covered()));
        t.rows.push(row);
        for a in actions {
            let marks: Vec<_> = inputs.progress.iter().filter(|p| p.action == a.id).collect();
            let scheduled = a.schedule.periods.len();
            let marked_done = marks.iter().filter(|p| p.done).count();
            let status = if marks.is_empty() {
                unmarked += 1;
                "Belum ditandai"
            } else if marked_done >= scheduled.max(1) {
                done += 1;
                "Terlaksana"
            } else if marked_done > 0 {
                "Sebagian"
            } else {
                "Belum terlaksana"
            };
            let notes: Vec<String> = marks.iter().filter_map(|p| p.note.clone()).collect();
            t.rows.push(vec![
                no(all),
                Cell::text(a.text.clone()),
                Cell::new(Content::Number(Decimal::from(scheduled as u64), 0)),
                Cell::new(Content::Number(Decimal::from(marked_done as u64), 0)),
                Cell::text(status),
                Cell::text(notes.join("; ")),
            ]);
            all += 1;
        }
    }
    if all == 0 {
        doc.push(Block::Paragraph(format!(
            "{} belum memiliki rencana aksi (RAK) tahun {} di Kinerja.",
            plan.office.name, plan.year
        )));
        return;
    }
    doc.push(Block::Paragraph(if unmarked == all {
        format!(
            "Pelaksanaan {all} rencana aksi belum ditandai terlaksana atau tidak di Kinerja; kolom TERLAKSANA diisi dari tanda per periode pada halaman monitoring."
        )
    } else {
        format!(
            "Dari {all} rencana aksi, {done} terlaksana pada seluruh periode yang dijadwalkan; {unmarked} belum ditandai."
        )
    }));
    doc.push(Block::Table(t));
}

/// One sentence of figures: how many indicators, how many met, the office's achievement.
fn summary_line(inputs: &Inputs, result: &OfficeAchievement) -> String {
    let all: Vec<_> = result
        .units
        .iter()
        .flat_map(|u| &u.objectives)
        .flat_map(|o| &o.indicators)
        .collect();
    let computed = all.iter().filter(|a| a.achievement.is_ok()).count();
    let met = all
        .iter()
        .filter(|a| a.achievement.as_ref().is_ok_and(|p| *p >= Decimal::from(100)))
        .count();
    let (objectives, indicators) = (result.own_objectives, result.own_indicators);
    let overall = result
        .rolled
        .achievement
        .map(|p| {
            let category = inputs
                .scale
                .as_ref()
                .and_then(|s| s.categorise(p))
                .map(|b| format!(" (kategori {})", b.label))
                .unwrap_or_default();
            format!(
                "Capaian kinerja {} secara keseluruhan adalah {}{category}.",
                inputs.plan.office.name,
                format::percent(p)
            )
        })
        .unwrap_or_else(|| match result.reason {
            Some(r) => format!("Capaian keseluruhan belum dapat dihitung: {}.", r.text().id),
            None => "Capaian keseluruhan belum dapat dihitung.".into(),
        });
    format!(
        "Pada tahun {} {} menetapkan {objectives} sasaran dengan {indicators} indikator kinerja dalam \
         Perjanjian Kinerjanya. Di seluruh unit kerja, capaian {computed} dari {} indikator dapat dihitung \
         dari realisasi yang telah diverifikasi; {met} di antaranya mencapai atau melampaui target. {overall}",
        inputs.plan.year,
        inputs.plan.office.name,
        all.len()
    )
}

fn organisation_table(inputs: &Inputs) -> Table {
    let plan = &inputs.plan;
    let mut t = Table::new(
        "Unit kerja",
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(1.2, Align::Left),
            Column::share(1.0, Align::Left),
        ],
    )
    .simple_header(&["NO", "UNIT KERJA", "PIMPINAN"]);
    for (n, u) in plan.units_in_tree_order().into_iter().enumerate() {
        let mut depth = 0;
        let mut cur = u.parent;
        while let Some(p) = cur {
            depth += 1;
            cur = plan.unit(p).and_then(|x| x.parent);
            if depth > plan.units.len() {
                break;
            }
        }
        let heads: Vec<String> = plan
            .positions
            .iter()
            .filter(|p| p.unit == u.id)
            .filter_map(|p| plan.people.iter().find(|x| x.id == p.person))
            .map(|p| p.name.clone())
            .collect();
        t.rows.push(vec![
            no(n),
            Cell::text(format!("{}{}", "    ".repeat(depth), u.name)),
            if heads.is_empty() {
                Cell::text("-")
            } else {
                Cell::text(heads.join(", "))
            },
        ]);
    }
    t
}

fn renstra(doc: &mut Document, inputs: &Inputs) {
    let year = inputs.plan.year;
    let Some(r) = &inputs.renstra else {
        heading(doc, 2, "A. Rencana Strategis");
        let gap = "Rencana Strategis (visi, misi, tujuan)".to_string();
        doc.push(Block::Narrative {
            text: None,
            what: gap.clone(),
            draft: false,
        });
        doc.gaps.push(gap);
        return;
    };
    heading(doc, 2, format!("A. Rencana Strategis {}–{}", r.from_year, r.to_year));
    if r.vision.trim().is_empty() {
        doc.narrative(None, "Visi");
    } else {
        doc.push(Block::Paragraph(format!("Visi: \u{201c}{}\u{201d}", r.vision.trim())));
    }
    if r.missions.is_empty() {
        doc.narrative(None, "Misi");
    } else {
        doc.push(Block::Paragraph("Misi:".into()));
        doc.push(Block::List(r.missions.clone()));
    }
    if r.goals.is_empty() {
        return;
    }
    let mut t = Table::new(
        "Tujuan dan indikator Renstra",
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.2, Align::Left),
            Column::cm(3.0, Align::Centre),
        ],
    );
    let target_title = format!("TARGET {year}");
    t = t.simple_header(&["NO", "TUJUAN", "INDIKATOR TUJUAN", &target_title]);
    for (n, g) in r.goals.iter().enumerate() {
        let start = t.rows.len();
        for i in &g.indicators {
            let target = i.targets.iter().find(|(y, _)| *y == year).map(|(_, v)| v);
            let cell = doc.value_or_gap(target, || format!("Target Renstra {year}: {}", i.text));
            t.push_after(2, vec![Cell::text(i.text.clone()), cell]);
        }
        if t.rows.len() == start {
            t.push_after(2, vec![Cell::text("-"), Cell::new(Content::Empty)]);
        }
        t.span_from(start, 0, no(n));
        t.span_from(start, 1, Cell::text(g.text.clone()));
    }
    doc.push(Block::Table(t));
}

fn scale_part(doc: &mut Document, inputs: &Inputs) {
    match &inputs.scale {
        Some(s) => {
            doc.push(Block::Paragraph(format!(
                "Capaian kinerja setiap indikator dinilai menurut skala \u{201c}{}\u{201d}:",
                s.name
            )));
            let mut t = Table::new(
                "Skala penilaian capaian",
                vec![
                    Column::cm(1.0, Align::Centre),
                    Column::share(1.0, Align::Left),
                    Column::share(1.0, Align::Left),
                ],
            )
            .simple_header(&["NO", "RENTANG CAPAIAN", "KATEGORI CAPAIAN"]);
            for (n, b) in s.bands.iter().enumerate() {
                t.rows.push(vec![
                    no(n),
                    Cell::text(b.describe(Lang::Id)),
                    Cell::text(b.label.clone()),
                ]);
            }
            doc.push(Block::Table(t));
        }
        None => {
            doc.gaps.push("Skala penilaian capaian".into());
            doc.push(Block::Narrative {
                text: None,
                what: "Skala penilaian capaian".into(),
                draft: false,
            });
        }
    }
    let lower = match inputs.plan.office.lower_formula {
        LowerFormula::TwoTMinusR => "(2 × Target − Realisasi) ÷ Target × 100%",
        _ => "Target ÷ Realisasi × 100%",
    };
    doc.push(Block::List(vec![
        "Indikator yang semakin tinggi realisasinya semakin baik: Capaian = Realisasi ÷ Target × 100%.".into(),
        format!("Indikator yang semakin rendah realisasinya semakin baik: Capaian = {lower}."),
        "Indikator dengan rentang target: 100% di dalam rentang; di bawahnya Realisasi ÷ batas bawah × 100%; \
         di atasnya (2 × batas atas − Realisasi) ÷ batas atas × 100%."
            .into(),
        "Indikator berupa nilai huruf (A, BB, B, …): 100% bila nilai yang dicapai setara atau lebih baik \
         dari target; di bawahnya posisi nilai yang dicapai dibagi posisi target × 100%."
            .into(),
        "Capaian sasaran dan unit kerja adalah rata-rata (berbobot) capaian indikatornya; hanya realisasi \
         yang telah diverifikasi yang dihitung."
            .into(),
        "Indikator persentase yang diukur dengan target kegiatan berupa jumlah (mis. 3 Orang): realisasi \
         persentase = jumlah yang dicapai ÷ target kegiatan × 100%, paling tinggi 100%; capaian = realisasi \
         persentase ÷ target PK × 100%."
            .into(),
        "Indikator tanpa realisasi sendiri diukur dari indikator unit di bawahnya yang mendukungnya \
         (cascading): rata-rata realisasi persentasenya dibandingkan dengan target indikator itu sendiri, \
         atau rata-rata capaiannya bila realisasinya bukan persentase."
            .into(),
        "Capaian kantor adalah capaian Perjanjian Kinerja kantor sendiri (PK pimpinan); unit kerja di \
         bawahnya disajikan tersendiri dan tidak dirata-ratakan lagi bersama capaian yang telah mereka \
         dukung."
            .into(),
    ]));
}
