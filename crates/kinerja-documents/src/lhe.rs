//! The evaluation report (LHE, Laporan Hasil Evaluasi Akuntabilitas Kinerja) of an office's
//! year: the scores per component and sub-component (the self-assessment, the evaluators' and
//! last year's side by side), the total and its grade against the KPU target, the findings and
//! recommendations per component, the follow-up of last year's, and the team leader's
//! signature. Until the leader approves, the report says it is a draft.

use std::collections::HashMap;

use kinerja_domain::Decimal;
use kinerja_domain::date::Date;
use kinerja_domain::evaluation::review::ReviewState;
use kinerja_domain::evaluation::{self, Answer, Grade, Scores, Template};
use kinerja_domain::format;
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Office, Year};
use kinerja_store::evaluations::{Recommendation, Review, StoredAnswer};

use crate::doc::{Align, Block, Cell, Column, Content, Document, Signatory, Table};

/// What the report is made of.
#[derive(Debug, Clone)]
pub struct LheInput {
    pub office: Office,
    /// The office whose team evaluated (the one above), if known.
    pub evaluators: Option<Office>,
    pub year: Year,
    pub template: Template,
    pub own: Vec<StoredAnswer>,
    pub finals: Vec<StoredAnswer>,
    /// Last year's worksheet and final values, when there were any.
    pub last_year: Option<(Template, Vec<StoredAnswer>)>,
    pub review: Review,
    /// The team leader's name (who approved), as it is signed.
    pub lead_name: Option<String>,
    pub recommendations: Vec<Recommendation>,
    pub last_recommendations: Vec<Recommendation>,
    /// The date the report carries.
    pub date: Date,
}

fn scores(template: &Template, answers: &[StoredAnswer]) -> Scores {
    let map: HashMap<String, Answer> = answers.iter().map(|a| (a.criterion.clone(), a.answer)).collect();
    evaluation::score(template, &map)
}

fn grade_words(g: Grade) -> String {
    format!("{} ({})", g.code(), g.label().id)
}

/// What the report of `office`'s `year` is made of, as `scoped` sees it (the evaluators' values
/// and recommendations only once proposed, as on the pages), dated `date`.
pub async fn load(
    scoped: &kinerja_store::Scoped<'_>,
    office: &Office,
    year: Year,
    date: Date,
) -> Result<LheInput, crate::DocError> {
    use kinerja_store::evaluations::Stage;
    let template_of = async |y: Year| -> Result<Template, crate::DocError> {
        Ok(scoped
            .lke_template(y)
            .await?
            .map_or_else(Template::shipped, |t| t.template))
    };
    let template = template_of(year).await?;
    let last = year.previous();
    let last_year = match last {
        Some(l) => {
            let finals = scoped.lke_answers(office.id, l, Stage::Final).await?;
            if finals.is_empty() {
                None
            } else {
                Some((template_of(l).await?, finals))
            }
        }
        None => None,
    };
    let evaluators = scoped.lke_evaluating_office(office.id).await?;
    Ok(LheInput {
        evaluators,
        year,
        own: scoped.lke_answers(office.id, year, Stage::SelfAssessment).await?,
        finals: scoped.lke_answers(office.id, year, Stage::Final).await?,
        last_year,
        review: scoped.lke_review(office.id, year).await?,
        lead_name: scoped.lke_lead_name(office.id, year).await?,
        recommendations: scoped.lke_recommendations(office.id, year).await?,
        last_recommendations: match last {
            Some(l) => scoped.lke_recommendations(office.id, l).await?,
            None => vec![],
        },
        template,
        office: office.clone(),
        date,
    })
}

/// The LHE of `input`.
pub fn report(input: &LheInput) -> Document {
    let (office, year) = (&input.office, input.year);
    let own = scores(&input.template, &input.own);
    let fin = scores(&input.template, &input.finals);
    let last = input.last_year.as_ref().map(|(t, a)| (t, scores(t, a)));
    let mut doc = Document::new(format!("Laporan Hasil Evaluasi AKIP {year} {}", office.name), false);
    doc.footer = format!("LHE AKIP {year} — {}", office.name);
    doc.date = Some(input.date);
    if input.review.state != ReviewState::Approved {
        doc.push(Block::Paragraph(format!(
            "DRAF — belum disetujui ketua tim evaluator (status: {}).",
            input.review.state.label().id
        )));
    }
    doc.push(Block::Title(vec![
        "LAPORAN HASIL EVALUASI".into(),
        "AKUNTABILITAS KINERJA INSTANSI PEMERINTAH".into(),
        office.name.to_uppercase(),
        format!("TAHUN {year}"),
    ]));
    doc.push(Block::Space);
    let team = input
        .evaluators
        .as_ref()
        .map_or_else(|| "Tim Evaluator".to_string(), |e| format!("Tim Evaluator {}", e.name));
    doc.push(Block::Paragraph(format!(
        "{team} telah melaksanakan evaluasi atas implementasi Sistem Akuntabilitas Kinerja Instansi \
         Pemerintah (SAKIP) pada {} tahun {year} berdasarkan {}. Evaluasi meliputi perencanaan, \
         pengukuran, pelaporan dan evaluasi akuntabilitas kinerja internal.",
        office.name, input.template.source
    )));
    doc.push(Block::Heading {
        level: 1,
        text: "A. Hasil Evaluasi".into(),
        toc: false,
    });
    doc.push(Block::Table(score_table(input, &own, &fin, last.as_ref())));
    doc.push(Block::Paragraph(conclusion(input, &fin, last.as_ref().map(|(_, s)| s))));
    push_findings(&mut doc, input);
    push_follow_up(&mut doc, input);
    doc.push(Block::Signatures(vec![signatory(input, &team)]));
    doc
}

fn number(d: Decimal) -> Cell {
    Cell::new(Content::Number(d, 2))
}

fn score_table(input: &LheInput, own: &Scores, fin: &Scores, last: Option<&(&Template, Scores)>) -> Table {
    let year = input.year;
    let prev = year.get() - 1;
    let mut t = Table::new(
        "Nilai per komponen dan sub komponen",
        vec![
            Column::cm(1.2, Align::Left),
            Column::share(3.0, Align::Left),
            Column::cm(1.6, Align::Right),
            Column::cm(2.0, Align::Right),
            Column::cm(2.0, Align::Right),
            Column::cm(2.0, Align::Right),
        ],
    )
    .sheet("Nilai")
    .simple_header(&[
        "NO",
        "KOMPONEN / SUB KOMPONEN",
        "BOBOT",
        "PENILAIAN MANDIRI",
        &format!("NILAI {year}"),
        &format!("NILAI {prev}"),
    ]);
    // Last year's scores by code, where its worksheet had the same component or sub-component.
    let last_of = |code: &str| -> Cell {
        let found = last.and_then(|(_, s)| {
            s.components.iter().find_map(|c| {
                (c.code == code)
                    .then_some(c.score)
                    .or_else(|| c.subs.iter().find(|s| s.code == code).map(|s| s.score))
            })
        });
        found.map_or_else(|| Cell::text("–").align(Align::Right), number)
    };
    for ((c, co), cf) in input
        .template
        .components
        .iter()
        .zip(&own.components)
        .zip(&fin.components)
    {
        t.rows.push(vec![
            Cell::text(c.code.clone()).bold(),
            Cell::text(c.name.clone()).bold(),
            number(c.weight).bold(),
            number(co.score).bold(),
            number(cf.score).bold(),
            last_of(&c.code).bold(),
        ]);
        for ((s, so), sf) in c.subs.iter().zip(&co.subs).zip(&cf.subs) {
            t.rows.push(vec![
                Cell::text(s.code.clone()),
                Cell::text(s.name.clone()),
                number(s.weight),
                number(so.score),
                number(sf.score),
                last_of(&s.code),
            ]);
        }
    }
    let empty = || Cell::new(Content::Empty);
    let answered = !input.finals.is_empty();
    if !answered {
        for row in &mut t.rows {
            row[4] = Cell::text("–").align(Align::Right);
        }
    }
    t.rows.push(vec![
        empty(),
        Cell::text("NILAI AKHIR").bold(),
        number(Decimal::from(100)).bold(),
        number(own.total).bold(),
        if answered {
            number(fin.total)
        } else {
            Cell::text("–").align(Align::Right)
        }
        .bold(),
        last.map_or_else(|| Cell::text("–").align(Align::Right), |(_, s)| number(s.total))
            .bold(),
    ]);
    t.rows.push(vec![
        empty(),
        Cell::text("PREDIKAT").bold(),
        empty(),
        Cell::text(own.grade.code()).bold().align(Align::Right),
        Cell::text(if answered { fin.grade.code() } else { "–" })
            .bold()
            .align(Align::Right),
        Cell::text(last.map_or("–", |(_, s)| s.grade.code()))
            .bold()
            .align(Align::Right),
    ]);
    t
}

/// The grade in words, against the target and last year.
fn conclusion(input: &LheInput, fin: &Scores, last: Option<&Scores>) -> String {
    if input.finals.is_empty() {
        return format!(
            "Nilai akhir evaluasi akuntabilitas kinerja {} tahun {} belum diusulkan tim evaluator.",
            input.office.name, input.year
        );
    }
    let mut out = format!(
        "Nilai akhir evaluasi akuntabilitas kinerja {} tahun {} adalah {} dengan predikat {}",
        input.office.name,
        input.year,
        format::number(fin.total, 2),
        grade_words(fin.grade)
    );
    match last {
        Some(l) => {
            let change = fin.total - l.total;
            let how = if change > Decimal::ZERO {
                format!("naik {}", format::number(change, 2))
            } else if change < Decimal::ZERO {
                format!("turun {}", format::number(-change, 2))
            } else {
                "sama".into()
            };
            out.push_str(&format!(
                ", {how} dibanding tahun {} ({}, {}).",
                input.year.get() - 1,
                format::number(l.total, 2),
                l.grade.code()
            ));
        }
        None => out.push('.'),
    }
    if fin.grade < Grade::TARGET {
        out.push_str(&format!(
            " Predikat ini di bawah target KPU ({}).",
            grade_words(Grade::TARGET)
        ));
    } else {
        out.push_str(&format!(" Target KPU ({}) tercapai.", Grade::TARGET.code()));
    }
    out
}

fn push_findings(doc: &mut Document, input: &LheInput) {
    doc.push(Block::Heading {
        level: 1,
        text: "B. Temuan dan Rekomendasi".into(),
        toc: false,
    });
    if input.recommendations.is_empty() {
        doc.push(Block::Paragraph("Tidak ada temuan dan rekomendasi.".into()));
        return;
    }
    for c in &input.template.components {
        let mine: Vec<&Recommendation> = input.recommendations.iter().filter(|r| r.component == c.code).collect();
        if mine.is_empty() {
            continue;
        }
        doc.push(Block::Heading {
            level: 2,
            text: format!("{}. {}", c.code, c.name),
            toc: false,
        });
        doc.push(Block::Paragraph("Temuan:".into()));
        doc.push(Block::List(mine.iter().map(|r| r.finding.clone()).collect()));
        doc.push(Block::Paragraph("Rekomendasi:".into()));
        doc.push(Block::List(mine.iter().map(|r| r.recommendation.clone()).collect()));
    }
}

fn push_follow_up(doc: &mut Document, input: &LheInput) {
    if input.last_recommendations.is_empty() {
        return;
    }
    doc.push(Block::Heading {
        level: 1,
        text: format!("C. Tindak Lanjut Rekomendasi Tahun {}", input.year.get() - 1),
        toc: false,
    });
    let mut t = Table::new(
        "",
        vec![
            Column::cm(1.0, Align::Centre),
            Column::share(2.0, Align::Left),
            Column::share(2.0, Align::Left),
            Column::cm(2.6, Align::Left),
            Column::share(1.2, Align::Left),
        ],
    )
    .sheet("Tindak lanjut")
    .simple_header(&["NO", "REKOMENDASI", "TINDAK LANJUT", "STATUS", "BUKTI"]);
    for (n, r) in input.last_recommendations.iter().enumerate() {
        let f = &r.follow_up;
        let action = match (&f.action, f.due) {
            (Some(a), Some(d)) => format!("{a} (batas {})", format::date(d, Lang::Id)),
            (Some(a), None) => a.clone(),
            (None, _) => String::new(),
        };
        t.rows.push(vec![
            Cell::text((n + 1).to_string()),
            Cell::text(format!("{}: {}", r.component, r.recommendation)),
            Cell::text(action),
            Cell::text(f.status.label().id),
            Cell::text(f.evidence.clone().unwrap_or_default()),
        ]);
    }
    doc.push(Block::Table(t));
}

fn signatory(input: &LheInput, team: &str) -> Signatory {
    let place = input
        .evaluators
        .as_ref()
        .and_then(|e| e.city.clone())
        .or_else(|| input.office.city.clone())
        .unwrap_or_default();
    let date = format::date(input.date, Lang::Id);
    Signatory {
        heading: vec![if place.is_empty() {
            date
        } else {
            format!("{place}, {date}")
        }],
        position: format!("Ketua {team}"),
        name: input.lead_name.clone(),
        nip: None,
    }
}
