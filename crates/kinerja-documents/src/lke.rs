//! The filled LKE worksheet (lembar kerja evaluasi AKIP) of an office's year: every component,
//! sub-component and criterion in the worksheet's order, with the office's self-assessment and
//! the evaluators' final answer side by side (answer, value, note), the evidence each criterion
//! expects, the scores of each sub-component and component, and the total and its grade.
//! Rendered like every document: PDF, DOCX and XLSX (the sheet evaluators work in).

use std::collections::HashMap;

use kinerja_domain::Decimal;
use kinerja_domain::evaluation::{self, Answer, Template};
use kinerja_domain::model::{Office, Year};
use kinerja_store::evaluations::{EvidenceItem, LkeEvidence, StoredAnswer};

use crate::doc::{Align, Block, Cell, Column, Content, Document, Table};

/// Every fact Kinerja computes beside the worksheet's criteria for `office`'s `year`, as `scoped`
/// sees it, on the office's today (returned with them): its plan and reporting, last year's
/// recommendations followed up, the LKj's required texts written.
pub async fn facts(
    scoped: &kinerja_store::Scoped<'_>,
    office: &Office,
    year: Year,
) -> Result<(kinerja_domain::date::Date, Vec<evaluation::facts::Fact>), crate::DocError> {
    let plan = scoped.year_plan(office.id, year).await?;
    let deadlines = scoped.deadlines(office.id, year).await?;
    let today = kinerja_store::clock::today_in(office.time_zone);
    let status = kinerja_domain::reporting::status(&plan, &deadlines, today);
    let mut out = evaluation::facts::facts(&plan, &status, today);
    let last = match year.previous() {
        Some(l) => scoped.lke_recommendations(office.id, l).await?,
        None => vec![],
    };
    let statuses: Vec<_> = last.iter().map(|r| r.follow_up.status).collect();
    out.push(evaluation::review::followed_up(&statuses));
    let narratives = scoped.narratives(office.id, year).await?;
    let required: Vec<&str> = crate::lkj::SECTIONS
        .iter()
        .filter(|(_, _, needed)| *needed)
        .map(|(k, _, _)| *k)
        .collect();
    let written: Vec<&kinerja_store::Narrative> = narratives
        .iter()
        .filter(|n| required.contains(&n.key.as_str()) && !n.body.trim().is_empty())
        .collect();
    let last_change = narratives
        .iter()
        .filter_map(|n| n.updated_at.get(..10).and_then(|d| d.parse().ok()))
        .max();
    out.push(evaluation::facts::lkj_written(
        year,
        written.len(),
        required.len(),
        last_change,
    ));
    Ok((today, out))
}

/// An answer's cells: its letter and its value (or two empty cells).
fn answer_cells(a: Option<&StoredAnswer>) -> [Cell; 2] {
    match a {
        Some(a) => [
            Cell::text(a.answer.code()).align(Align::Centre),
            Cell::new(Content::Number(a.answer.value(), 2)),
        ],
        None => [Cell::new(Content::Empty), Cell::new(Content::Empty)],
    }
}

fn score_cells(s: Decimal, t: Decimal) -> [Cell; 2] {
    [
        Cell::new(Content::Number(s, 2)).bold(),
        Cell::new(Content::Number(t, 2)).bold(),
    ]
}

/// The worksheet of `office`'s `year` on `template`, with its self-assessment (`own`), the
/// evaluators' values (`final_answers`) and the evidence the office gave (`evidence`).
pub fn worksheet(
    office: &Office,
    year: Year,
    template: &Template,
    own: &[StoredAnswer],
    final_answers: &[StoredAnswer],
    evidence: &[LkeEvidence],
) -> Document {
    let by_code = |answers: &[StoredAnswer]| -> HashMap<String, StoredAnswer> {
        answers.iter().map(|a| (a.criterion.clone(), a.clone())).collect()
    };
    let (own, fin) = (by_code(own), by_code(final_answers));
    let values = |m: &HashMap<String, StoredAnswer>| -> HashMap<String, Answer> {
        m.iter().map(|(k, a)| (k.clone(), a.answer)).collect()
    };
    let (own_scores, final_scores) = (
        evaluation::score(template, &values(&own)),
        evaluation::score(template, &values(&fin)),
    );
    let mut doc = Document::new(format!("Lembar Kerja Evaluasi AKIP {year} {}", office.name), true);
    doc.footer = format!("LKE {year} — {}", office.name);
    doc.push(Block::Title(vec![
        "LEMBAR KERJA EVALUASI AKUNTABILITAS KINERJA INSTANSI PEMERINTAH".into(),
        office.name.to_uppercase(),
        format!("TAHUN {year}"),
    ]));
    doc.push(Block::Paragraph(format!("Sumber kriteria: {}", template.source)));
    doc.push(Block::Space);
    let mut t = Table::new(
        "",
        vec![
            Column::cm(1.4, Align::Left),
            Column::share(3.0, Align::Left),
            Column::cm(1.4, Align::Right),
            Column::cm(1.6, Align::Centre),
            Column::cm(1.6, Align::Right),
            Column::cm(1.6, Align::Centre),
            Column::cm(1.6, Align::Right),
            Column::share(1.4, Align::Left),
            Column::share(1.2, Align::Left),
        ],
    )
    .sheet("LKE")
    .simple_header(&[
        "NO",
        "KOMPONEN / SUB KOMPONEN / KRITERIA",
        "BOBOT",
        "JAWABAN MANDIRI",
        "NILAI MANDIRI",
        "JAWABAN EVALUATOR",
        "NILAI EVALUATOR",
        "CATATAN",
        "BUKTI DUKUNG",
    ]);
    for ((c, cs_own), cs_fin) in template
        .components
        .iter()
        .zip(&own_scores.components)
        .zip(&final_scores.components)
    {
        let [so, sf] = score_cells(cs_own.score, cs_fin.score);
        t.rows.push(vec![
            Cell::text(c.code.clone()).bold(),
            Cell::text(c.name.clone()).bold(),
            Cell::new(Content::Number(c.weight, 2)).bold(),
            Cell::new(Content::Empty),
            so,
            Cell::new(Content::Empty),
            sf,
            Cell::new(Content::Empty),
            Cell::new(Content::Empty),
        ]);
        for ((s, ss_own), ss_fin) in c.subs.iter().zip(&cs_own.subs).zip(&cs_fin.subs) {
            let [so, sf] = score_cells(ss_own.score, ss_fin.score);
            t.rows.push(vec![
                Cell::text(s.code.clone()).bold(),
                Cell::text(s.name.clone()).bold(),
                Cell::new(Content::Number(s.weight, 2)).bold(),
                Cell::text(format!("{}/{}", ss_own.answered, ss_own.criteria)).align(Align::Centre),
                so,
                Cell::text(format!("{}/{}", ss_fin.answered, ss_fin.criteria)).align(Align::Centre),
                sf,
                Cell::new(Content::Empty),
                Cell::new(Content::Empty),
            ]);
            for k in &s.criteria {
                let given = given(evidence, &k.code, year);
                t.rows
                    .push(criterion_row(k, own.get(&k.code), fin.get(&k.code), &given));
            }
        }
    }
    t.rows.extend(total_rows(&own_scores, &final_scores, !fin.is_empty()));
    doc.push(Block::Table(t));
    let findings = evaluation::logic_checks(template, &values(&fin));
    if !findings.is_empty() {
        doc.push(Block::Paragraph("Pemeriksaan logika (nilai evaluator):".into()));
        doc.push(Block::List(findings.iter().map(|f| f.message().id).collect()));
    }
    doc
}

/// A criterion's row: its code, its text and answer kind, both stages' answer and value, their
/// notes, the evidence it expects.
/// The evidence the office gave for a criterion, named: a document of the year, or a file.
fn given(evidence: &[LkeEvidence], criterion: &str, year: Year) -> Vec<String> {
    evidence
        .iter()
        .filter(|e| e.criterion == criterion)
        .map(|e| match &e.item {
            EvidenceItem::Document(code) => {
                let name = kinerja_domain::evaluation::evidence::document(code).map_or_else(|| code.clone(), |t| t.id);
                format!("{name} {year}")
            }
            EvidenceItem::File { original_name, .. } => format!("berkas “{original_name}”"),
        })
        .collect()
}

fn criterion_row(
    k: &evaluation::Criterion,
    o: Option<&StoredAnswer>,
    f: Option<&StoredAnswer>,
    given: &[String],
) -> Vec<Cell> {
    let [oa, ov] = answer_cells(o);
    let [fa, fv] = answer_cells(f);
    let notes: Vec<String> = [("Mandiri", o), ("Evaluator", f)]
        .into_iter()
        .filter_map(|(who, a)| a.and_then(|a| a.note.as_ref()).map(|n| format!("{who}: {n}")))
        .collect();
    let kind = match k.kind {
        evaluation::AnswerKind::YesNo => "Y/T",
        evaluation::AnswerKind::Graded => "A–E",
    };
    vec![
        Cell::text(k.code.clone()),
        Cell::text(format!("{} ({kind})", k.text)),
        Cell::new(Content::Empty),
        oa,
        ov,
        fa,
        fv,
        Cell::text(notes.join("; ")),
        Cell::text(evidence_words(k.evidence.as_deref(), given)),
    ]
}

/// The evidence cell: what the criterion expects, and what the office gave.
fn evidence_words(expected: Option<&str>, given: &[String]) -> String {
    let mut out = expected.unwrap_or_default().to_string();
    if !given.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("Diberikan: {}", given.join("; ")));
    }
    out
}

/// The total of both stages and their grades (the final's only once evaluators have answered).
fn total_rows(own: &evaluation::Scores, fin: &evaluation::Scores, answered: bool) -> [Vec<Cell>; 2] {
    let grade = |s: &evaluation::Scores| format!("{} ({})", s.grade.code(), s.grade.label().id);
    let empty = || Cell::new(Content::Empty);
    [
        vec![
            empty(),
            Cell::text("NILAI TOTAL").bold(),
            Cell::new(Content::Number(Decimal::from(100), 2)).bold(),
            empty(),
            Cell::new(Content::Number(own.total, 2)).bold(),
            empty(),
            Cell::new(Content::Number(fin.total, 2)).bold(),
            empty(),
            empty(),
        ],
        vec![
            empty(),
            Cell::text("PREDIKAT").bold(),
            empty(),
            empty(),
            Cell::text(grade(own)).bold(),
            empty(),
            Cell::text(if answered { grade(fin) } else { String::new() }).bold(),
            empty(),
            empty(),
        ],
    ]
}
