//! The LKj (Laporan Kinerja) of an office's year, in the structure of PermenPANRB 53/2014 and the
//! Kota Metro seed: cover, foreword, executive summary, contents, BAB I–IV, the PKs attached.
//! Every number and table comes from the data; the paragraphs users write in the web app are
//! narratives ([`SECTIONS`], and one analysis per objective), and a missing one is a gap.

use std::collections::HashMap;

use kinerja_charts as charts;
use kinerja_domain::Decimal;
use kinerja_domain::achievement::{OfficeAchievement, Span};
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::indicator::LowerFormula;
use kinerja_domain::model::{ObjectiveId, YearPlan, normalise_text};

use crate::DocError;
use crate::doc::{Align, Block, Cell, Column, Content, Document, Table};
use crate::inputs::{Blank, Inputs, achievement_cells, no};
use crate::pk;

/// The narratives of an LKj: key, title, whether the report needs it.
pub const SECTIONS: &[(&str, &str, bool)] = &[
    ("foreword", "Kata Pengantar", true),
    ("summary", "Ringkasan Eksekutif", true),
    ("background", "Latar Belakang", true),
    ("duties", "Tugas dan Fungsi", true),
    ("organisation", "Struktur Organisasi (keterangan tambahan)", false),
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

fn section(doc: &mut Document, inputs: &Inputs, key: &str) {
    let (_, title, required) = SECTIONS
        .iter()
        .find(|(k, _, _)| *k == key)
        .copied()
        .unwrap_or((key, key, true));
    let text = inputs.narratives.get(key).map(String::as_str);
    if required {
        doc.narrative(text, title);
    } else if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
        doc.push(Block::Narrative {
            text: Some(t.trim().to_string()),
            what: title.into(),
        });
    }
}

fn heading(doc: &mut Document, level: u8, text: impl Into<String>) {
    doc.push(Block::Heading {
        level,
        text: text.into(),
        toc: true,
    });
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

    doc.push(Block::Cover {
        lines: vec!["LAPORAN KINERJA".into(), "(LKj)".into()],
        office: inputs.office_caps(),
        address: plan.office.address.as_ref().map(|a| a.to_uppercase()),
        year,
    });

    heading(&mut doc, 1, "KATA PENGANTAR");
    section(&mut doc, inputs, "foreword");
    crate::registers::sign_for_office(inputs, &mut doc, Blank::Year(year + 1));
    doc.push(Block::PageBreak);

    heading(&mut doc, 1, "RINGKASAN EKSEKUTIF");
    doc.push(Block::Paragraph(summary_line(inputs, &result)));
    section(&mut doc, inputs, "summary");
    doc.push(Block::PageBreak);

    doc.push(Block::Contents);
    doc.push(Block::PageBreak);

    // BAB I
    heading(&mut doc, 1, "BAB I PENDAHULUAN");
    heading(&mut doc, 2, "A. Latar Belakang");
    section(&mut doc, inputs, "background");
    heading(&mut doc, 2, "B. Tugas dan Fungsi");
    section(&mut doc, inputs, "duties");
    heading(&mut doc, 2, "C. Struktur Organisasi");
    doc.push(Block::Paragraph(format!(
        "Susunan organisasi {office} pada tahun {year} terdiri atas unit kerja berikut:"
    )));
    doc.push(Block::Table(organisation_table(inputs)));
    section(&mut doc, inputs, "organisation");
    heading(&mut doc, 2, "D. Sistematika Penulisan");
    doc.push(Block::List(vec![
        "Kata Pengantar, Ringkasan Eksekutif dan Daftar Isi.".into(),
        "BAB I Pendahuluan: latar belakang, tugas dan fungsi, struktur organisasi.".into(),
        "BAB II Perencanaan Kinerja: ringkasan Rencana Strategis dan Perjanjian Kinerja.".into(),
        "BAB III Akuntabilitas Kinerja: skala penilaian, capaian kinerja per sasaran dan unit kerja, \
         realisasi anggaran, kendala dan tindak lanjut."
            .into(),
        "BAB IV Penutup: kesimpulan.".into(),
        "Lampiran: Perjanjian Kinerja.".into(),
    ]));
    doc.push(Block::PageBreak);

    // BAB II
    heading(&mut doc, 1, "BAB II PERENCANAAN KINERJA");
    renstra(&mut doc, inputs);
    heading(&mut doc, 2, format!("B. Perjanjian Kinerja Tahun {year}"));
    let pk_units: Vec<_> = plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| pk::has_pk(plan, u.id))
        .collect();
    let mut table_no = 0;
    for u in &pk_units {
        table_no += 1;
        let mut t = pk::attachment_table(inputs, &mut doc, u.id);
        t.name = format!("Tabel {table_no}. Perjanjian Kinerja Tahun {year} {}", u.name);
        doc.push(Block::Table(t));
        if let Some(mut b) = pk::budget_table(inputs, u.id) {
            b.name = format!("Anggaran {}", u.name);
            doc.push(Block::Table(b));
        }
        doc.push(Block::Space);
    }
    doc.push(Block::PageBreak);

    // BAB III
    heading(&mut doc, 1, "BAB III AKUNTABILITAS KINERJA");
    heading(&mut doc, 2, "A. Skala Penilaian dan Cara Perhitungan Capaian");
    scale_part(&mut doc, inputs);
    heading(&mut doc, 2, "B. Capaian Kinerja");
    let previous = inputs.previous.as_ref().map(|p| previous_achievements(inputs, p));
    for ua in &result.units {
        let Some(unit) = plan.unit(ua.unit) else { continue };
        table_no += 1;
        let mut columns = vec![
            Column::cm(0.8, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.2, Align::Left),
            Column::cm(2.2, Align::Centre),
            Column::cm(2.2, Align::Centre),
            Column::cm(1.8, Align::Centre),
            Column::cm(1.9, Align::Centre),
        ];
        let mut titles = vec![
            "NO",
            "SASARAN",
            "INDIKATOR KINERJA",
            "TARGET",
            "REALISASI",
            "CAPAIAN",
            "KATEGORI",
        ];
        let previous_title = format!("CAPAIAN {}", year - 1);
        if previous.is_some() {
            columns.push(Column::cm(1.8, Align::Centre));
            titles.push(&previous_title);
        }
        let mut t = Table::new(
            format!("Tabel {table_no}. Capaian Kinerja Tahun {year} {}", unit.name),
            columns,
        )
        .simple_header(&titles);
        for (n, oa) in ua.objectives.iter().enumerate() {
            let start = t.rows.len();
            for ia in &oa.indicators {
                let Some(i) = plan.indicators.iter().find(|i| i.id == ia.indicator) else {
                    continue;
                };
                let mut row = vec![Cell::text(i.text.clone())];
                row.extend(achievement_cells(&mut doc, ia, &i.text));
                if let Some(prev) = &previous {
                    let key = (unit.code.clone(), normalise_text(&i.text));
                    row.push(match prev.get(&key) {
                        Some(p) => Cell::new(Content::Percent(format::round_half_up(*p, 2))),
                        None => Cell::text("-"),
                    });
                }
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
        heading(&mut doc, 3, unit.name.clone());
        doc.push(Block::Table(t));
        for oa in &ua.objectives {
            let Some(o) = plan.objectives.iter().find(|o| o.id == oa.objective) else {
                continue;
            };
            let figure = oa
                .rolled
                .achievement
                .map(|p| format!(" (capaian {})", format::percent(p)))
                .unwrap_or_default();
            doc.push(Block::Heading {
                level: 4,
                text: format!("Analisis sasaran: {}{figure}", o.text),
                toc: false,
            });
            let text = inputs.narratives.get(&analysis_key(o.id)).map(String::as_str);
            doc.narrative(text, format!("Analisis sasaran \"{}\" ({})", o.text, unit.name));
        }
    }
    table_no += 1;
    doc.push(Block::Table(recap_table(inputs, &result, table_no)));
    charts_part(&mut doc, inputs, &result);
    heading(&mut doc, 2, "C. Realisasi Anggaran");
    table_no += 1;
    budget_part(&mut doc, inputs, &result, table_no);
    heading(&mut doc, 2, "D. Kendala dan Tindak Lanjut");
    section(&mut doc, inputs, "obstacles");
    if let Some(t) = obstacles_table(inputs) {
        doc.push(Block::Table(t));
    }
    doc.push(Block::PageBreak);

    // BAB IV
    heading(&mut doc, 1, "BAB IV PENUTUP");
    section(&mut doc, inputs, "conclusion");
    crate::registers::sign_for_office(inputs, &mut doc, Blank::Year(year + 1));

    // Attachments: the PKs.
    for u in &pk_units {
        doc.push(Block::PageBreak);
        doc.push(Block::Heading {
            level: 2,
            text: format!("Lampiran: Perjanjian Kinerja {}", u.name),
            toc: true,
        });
        doc.push(Block::Title(vec![
            format!("PERJANJIAN KINERJA TAHUN {year}"),
            u.name.to_uppercase(),
            inputs.office_caps(),
        ]));
        let t = pk::attachment_table(inputs, &mut Document::default(), u.id);
        doc.push(Block::Table(t));
        if let Some(b) = pk::budget_table(inputs, u.id) {
            doc.push(Block::Table(b));
        }
        let (first, second) = pk::parties(inputs, &mut Document::default(), u);
        doc.push(Block::Signatures(vec![second, first]));
    }
    Ok(doc)
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

/// Achievement per (unit code, indicator text) in the year before.
fn previous_achievements(inputs: &Inputs, previous: &YearPlan) -> HashMap<(String, String), Decimal> {
    let result = kinerja_domain::achievement::office_achievement(
        previous,
        Span::Year,
        kinerja_domain::achievement::Basis::Verified,
        inputs.scale.as_ref(),
        None,
    );
    let mut out = HashMap::new();
    for u in &result.units {
        let Some(unit) = previous.unit(u.unit) else { continue };
        for ia in u.objectives.iter().flat_map(|o| &o.indicators) {
            if let (Ok(p), Some(i)) = (
                &ia.achievement,
                previous.indicators.iter().find(|i| i.id == ia.indicator),
            ) {
                out.insert((unit.code.clone(), normalise_text(&i.text)), *p);
            }
        }
    }
    out
}

fn category(inputs: &Inputs, p: Option<Decimal>) -> Cell {
    match p.and_then(|p| inputs.scale.as_ref().and_then(|s| s.categorise(p))) {
        Some(b) => Cell::text(b.label.clone()),
        None => Cell::new(Content::Empty),
    }
}

/// Efficiency = achievement ÷ absorption × 100.
fn efficiency(achievement: Option<Decimal>, absorbed: Option<Decimal>) -> Option<Decimal> {
    match (achievement, absorbed) {
        (Some(a), Some(s)) => kinerja_domain::achievement::percent_of(a, s),
        _ => None,
    }
}

fn money_or_dash(any: bool, amount: Decimal) -> Cell {
    if any {
        Cell::new(Content::Money(amount))
    } else {
        Cell::text("-")
    }
}

fn percent_cell(p: Option<Decimal>) -> Cell {
    match p {
        Some(p) => Cell::new(Content::Percent(format::round_half_up(p, 2))),
        None => Cell::text("-"),
    }
}

fn recap_table(inputs: &Inputs, result: &OfficeAchievement, table_no: usize) -> Table {
    let plan = &inputs.plan;
    let mut t = Table::new(
        format!("Tabel {table_no}. Rekapitulasi capaian per sasaran dan unit kerja"),
        vec![
            Column::share(0.8, Align::Left),
            Column::share(1.4, Align::Left),
            Column::cm(2.2, Align::Centre),
            Column::cm(2.4, Align::Centre),
        ],
    )
    .simple_header(&["UNIT KERJA", "SASARAN", "CAPAIAN", "KATEGORI"]);
    for ua in &result.units {
        let start = t.rows.len();
        for oa in &ua.objectives {
            let text = plan
                .objectives
                .iter()
                .find(|o| o.id == oa.objective)
                .map(|o| o.text.clone())
                .unwrap_or_default();
            t.push_after(
                1,
                vec![
                    Cell::text(text),
                    percent_cell(oa.rolled.achievement),
                    category(inputs, oa.rolled.achievement),
                ],
            );
        }
        t.push_after(
            1,
            vec![
                Cell::text("Capaian unit kerja").bold(),
                percent_cell(ua.rolled.achievement).bold(),
                category(inputs, ua.rolled.achievement),
            ],
        );
        let name = plan.unit(ua.unit).map(|u| u.name.clone()).unwrap_or_default();
        t.span_from(start, 0, Cell::text(name));
    }
    let mut label = Cell::text(format!("CAPAIAN {}", plan.office.name.to_uppercase()))
        .bold()
        .align(Align::Right);
    label.colspan = 2;
    t.rows.push(vec![
        label,
        Cell::covered(),
        percent_cell(result.rolled.achievement).bold(),
        category(inputs, result.rolled.achievement),
    ]);
    t
}

fn band_colour(inputs: &Inputs, p: Option<Decimal>) -> String {
    let band = p.and_then(|p| inputs.scale.as_ref().and_then(|s| s.categorise(p)));
    charts::traffic_colour(band.and_then(|b| b.colour.as_deref())).to_string()
}

fn charts_part(doc: &mut Document, inputs: &Inputs, result: &OfficeAchievement) {
    let plan = &inputs.plan;
    let bars: Vec<charts::Bar> = result
        .units
        .iter()
        .map(|u| charts::Bar {
            label: plan.unit(u.unit).map(|x| x.name.clone()).unwrap_or_default(),
            value: u.rolled.achievement,
            colour: band_colour(inputs, u.rolled.achievement),
        })
        .collect();
    if bars.is_empty() {
        return;
    }
    let title = "Grafik capaian kinerja per unit kerja";
    let mut data = Table::new(
        title,
        vec![Column::share(1.0, Align::Left), Column::cm(3.0, Align::Centre)],
    )
    .simple_header(&["UNIT KERJA", "CAPAIAN"]);
    for b in &bars {
        data.rows.push(vec![Cell::text(b.label.clone()), percent_cell(b.value)]);
    }
    doc.push(Block::Chart {
        svg: charts::bars(title, &bars, Decimal::from(150)),
        data,
    });
    if let Some(scale) = &inputs.scale {
        let measured: Vec<_> = result
            .units
            .iter()
            .flat_map(|u| &u.objectives)
            .flat_map(|o| &o.indicators)
            .collect();
        let shares: Vec<charts::Share> = scale
            .bands
            .iter()
            .rev()
            .map(|b| charts::Share {
                label: b.label.clone(),
                count: measured
                    .iter()
                    .filter(|a| a.achievement.as_ref().is_ok_and(|p| scale.categorise(*p) == Some(b)))
                    .count(),
                colour: charts::traffic_colour(b.colour.as_deref()).into(),
            })
            .collect();
        let title = "Grafik jumlah indikator per kategori capaian";
        let mut data = Table::new(
            title,
            vec![Column::share(1.0, Align::Left), Column::cm(3.0, Align::Centre)],
        )
        .simple_header(&["KATEGORI", "JUMLAH INDIKATOR"]);
        for s in &shares {
            data.rows.push(vec![
                Cell::text(s.label.clone()),
                Cell::new(Content::Number(Decimal::from(s.count as u64), 0)),
            ]);
        }
        doc.push(Block::Chart {
            svg: charts::shares(title, &shares),
            data,
        });
    }
}

fn budget_part(doc: &mut Document, inputs: &Inputs, result: &OfficeAchievement, table_no: usize) {
    let plan = &inputs.plan;
    if plan.budget.is_empty() {
        let gap = "Anggaran (pagu per program/kegiatan)".to_string();
        doc.gaps.push(gap.clone());
        doc.push(Block::Narrative { text: None, what: gap });
        return;
    }
    doc.push(Block::Paragraph(
        "Serapan (penyerapan anggaran) = Realisasi ÷ Pagu × 100%. Efisiensi = Capaian Kinerja ÷ Serapan × 100% \
         (di atas 100% berarti capaian kinerja lebih tinggi dari anggaran yang diserap)."
            .into(),
    ));
    let achieved: HashMap<_, _> = result.units.iter().map(|u| (u.unit, u.rolled.achievement)).collect();
    let mut t = Table::new(
        format!("Tabel {table_no}. Realisasi anggaran per unit kerja dan program/kegiatan"),
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(0.7, Align::Left),
            Column::share(1.0, Align::Left),
            Column::cm(3.0, Align::Right),
            Column::cm(3.0, Align::Right),
            Column::cm(1.9, Align::Centre),
            Column::cm(1.9, Align::Centre),
            Column::cm(1.9, Align::Centre),
        ],
    )
    .simple_header(&[
        "NO",
        "UNIT KERJA",
        "PROGRAM / KEGIATAN",
        "PAGU",
        "REALISASI",
        "SERAPAN",
        "CAPAIAN KINERJA",
        "EFISIENSI",
    ]);
    // A unit's budget lines are part of the budget of the unit above it when that unit has lines
    // too (a sub-section's activities within the secretariat's programmes): the office's total
    // counts only the top-most budgeted units, so nothing is counted twice.
    let budgeted: Vec<_> = plan
        .units
        .iter()
        .filter(|u| plan.budget.iter().any(|b| b.unit == u.id))
        .collect();
    let within_budgeted = |unit: &kinerja_domain::model::Unit| {
        let mut parent = unit.parent;
        while let Some(p) = parent {
            if budgeted.iter().any(|u| u.id == p) {
                return true;
            }
            parent = plan.unit(p).and_then(|u| u.parent);
        }
        false
    };
    let mut pairs = vec![];
    let (mut ceiling, mut realised, mut any_realised) = (Decimal::ZERO, Decimal::ZERO, false);
    let mut n = 0;
    for unit in &budgeted {
        let lines: Vec<_> = plan.budget.iter().filter(|b| b.unit == unit.id).collect();
        let counts = !within_budgeted(unit);
        let start = t.rows.len();
        let (mut unit_ceiling, mut unit_realised, mut unit_any) = (Decimal::ZERO, Decimal::ZERO, false);
        for b in &lines {
            unit_ceiling = unit_ceiling.saturating_add(b.ceiling);
            let absorbed = b
                .realised
                .and_then(|r| kinerja_domain::achievement::percent_of(r, b.ceiling));
            let achievement = achieved.get(&b.unit).copied().flatten();
            let efficiency = efficiency(achievement, absorbed);
            let realised_cell = match b.realised {
                Some(r) => {
                    unit_realised = unit_realised.saturating_add(r);
                    unit_any = true;
                    Cell::new(Content::Money(r))
                }
                None => doc.gap(format!("Realisasi anggaran: {} ({})", b.name, unit.name)),
            };
            t.rows.push(vec![
                no(n),
                Cell::covered(),
                Cell::text(b.name.clone()),
                Cell::new(Content::Money(b.ceiling)),
                realised_cell,
                percent_cell(absorbed),
                percent_cell(achievement),
                percent_cell(efficiency),
            ]);
            n += 1;
            pairs.push(charts::Pair {
                label: format!("{} ({})", b.name, unit.name),
                absorbed,
                achieved: achievement,
            });
        }
        let unit_absorbed = unit_any
            .then(|| kinerja_domain::achievement::percent_of(unit_realised, unit_ceiling))
            .flatten();
        let unit_achievement = achieved.get(&unit.id).copied().flatten();
        t.rows.push(vec![
            Cell::new(Content::Empty),
            Cell::covered(),
            Cell::text("Jumlah").bold().align(Align::Right),
            Cell::new(Content::Money(unit_ceiling)).bold(),
            money_or_dash(unit_any, unit_realised).bold(),
            percent_cell(unit_absorbed).bold(),
            percent_cell(unit_achievement).bold(),
            percent_cell(efficiency(unit_achievement, unit_absorbed)).bold(),
        ]);
        t.span_from(start, 1, Cell::text(unit.name.clone()));
        if counts {
            ceiling = ceiling.saturating_add(unit_ceiling);
            realised = realised.saturating_add(unit_realised);
            any_realised |= unit_any;
        }
    }
    let mut label = Cell::text("JUMLAH ANGGARAN KANTOR").bold().align(Align::Right);
    label.colspan = 3;
    let total_absorbed = any_realised
        .then(|| kinerja_domain::achievement::percent_of(realised, ceiling))
        .flatten();
    t.rows.push(vec![
        label,
        Cell::covered(),
        Cell::covered(),
        Cell::new(Content::Money(ceiling)).bold(),
        money_or_dash(any_realised, realised).bold(),
        percent_cell(total_absorbed).bold(),
        percent_cell(result.rolled.achievement).bold(),
        percent_cell(efficiency(result.rolled.achievement, total_absorbed)).bold(),
    ]);
    doc.push(Block::Table(t));
    let title = "Grafik penyerapan anggaran dan capaian kinerja";
    let mut data = Table::new(
        title,
        vec![
            Column::share(1.0, Align::Left),
            Column::cm(3.0, Align::Centre),
            Column::cm(3.0, Align::Centre),
        ],
    )
    .simple_header(&["PROGRAM / KEGIATAN", "PENYERAPAN", "CAPAIAN"]);
    for p in &pairs {
        data.rows.push(vec![
            Cell::text(p.label.clone()),
            percent_cell(p.absorbed),
            percent_cell(p.achieved),
        ]);
    }
    doc.push(Block::Chart {
        svg: charts::absorption(title, &pairs, "Penyerapan anggaran", "Capaian kinerja"),
        data,
    });
}

/// Obstacles and follow-up the units wrote with their realisations in the year.
fn obstacles_table(inputs: &Inputs) -> Option<Table> {
    let plan = &inputs.plan;
    let mut t = Table::new(
        "Kendala dan tindak lanjut yang dilaporkan",
        vec![
            Column::cm(0.8, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::cm(2.2, Align::Centre),
            Column::share(1.0, Align::Left),
            Column::share(1.0, Align::Left),
        ],
    )
    .simple_header(&["NO", "INDIKATOR KINERJA", "PERIODE", "KENDALA", "TINDAK LANJUT"]);
    let mut rows: Vec<_> = plan
        .realisations
        .iter()
        .filter(|r| r.obstacles.is_some() || r.follow_up.is_some())
        .collect();
    rows.sort_by_key(|r| (r.indicator, r.period.end_month()));
    for r in rows {
        let Some(i) = plan.indicators.iter().find(|i| i.id == r.indicator) else {
            continue;
        };
        let n = t.rows.len();
        t.rows.push(vec![
            no(n),
            Cell::text(i.text.clone()),
            Cell::text(r.period.label(Lang::Id)),
            Cell::text(r.obstacles.clone().unwrap_or_else(|| "-".into())),
            Cell::text(r.follow_up.clone().unwrap_or_else(|| "-".into())),
        ]);
    }
    (!t.rows.is_empty()).then_some(t)
}
