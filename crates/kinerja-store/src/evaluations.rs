//! The types of the yearly SAKIP evaluation (LKE) as the store keeps them (see
//! [`crate::EvaluationStore`]): each year's worksheet, and each office's answers per stage.

use kinerja_domain::evaluation::{Answer, Template};
use kinerja_domain::model::{OfficeId, Year};
use serde::Serialize;

/// Who answers: the office's self-assessment, or the evaluators' final values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// `self`: the office's own proposed values (penilaian mandiri).
    SelfAssessment,
    /// `final`: the evaluators' values (nilai akhir).
    Final,
}

impl Stage {
    /// `self` or `final`, as the CLI, the JSON and the database write it.
    pub fn code(self) -> &'static str {
        match self {
            Stage::SelfAssessment => "self",
            Stage::Final => "final",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        match s {
            "self" => Some(Stage::SelfAssessment),
            "final" => Some(Stage::Final),
            _ => None,
        }
    }
}

/// A year's worksheet as stored: frozen once the year's first answer is given (its criteria
/// no longer change under the offices' answers).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTemplate {
    pub year: Year,
    pub template: Template,
    pub frozen: bool,
}

/// An answer to a criterion as written (a CSV row, a form's field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnswer {
    pub criterion: String,
    pub answer: Answer,
    pub note: Option<String>,
}

/// An answer as stored: who gave it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredAnswer {
    pub criterion: String,
    pub answer: Answer,
    pub note: Option<String>,
    pub by: String,
    pub at: String,
}

/// The most characters a note to an answer keeps.
pub const MAX_NOTE: usize = 2_000;

/// Where an office's evaluation of a year stands, and who moved it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub state: kinerja_domain::evaluation::review::ReviewState,
    pub proposed_by: Option<String>,
    pub proposed_at: Option<String>,
    /// The office's response to the proposal.
    pub response: Option<String>,
    pub responded_by: Option<String>,
    pub responded_at: Option<String>,
    /// The team leader who approved (and signs the report).
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

impl Review {
    /// The review of a year no evaluator has touched.
    pub fn draft() -> Review {
        Review {
            state: kinerja_domain::evaluation::review::ReviewState::Draft,
            proposed_by: None,
            proposed_at: None,
            response: None,
            responded_by: None,
            responded_at: None,
            approved_by: None,
            approved_at: None,
        }
    }
}

/// A finding of the evaluation report (LHE) on one component, its recommendation, and the
/// office's follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub id: i64,
    pub office: OfficeId,
    pub year: Year,
    /// The worksheet component it is about (`1` … `4`).
    pub component: String,
    pub finding: String,
    pub recommendation: String,
    pub follow_up: FollowUpEntry,
    pub updated_by: String,
    pub updated_at: String,
}

/// What the evaluators write: a finding and its recommendation on a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecommendation {
    pub component: String,
    pub finding: String,
    pub recommendation: String,
}

/// What the office writes of a recommendation: its planned action, by when, how far it is, and
/// the evidence (a reference: a document's name or place).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpEntry {
    pub action: Option<String>,
    pub due: Option<kinerja_domain::date::Date>,
    pub status: kinerja_domain::evaluation::review::FollowUp,
    pub evidence: Option<String>,
}

/// What a confirmed grade wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirmed {
    pub total: kinerja_domain::Decimal,
    pub grade: kinerja_domain::evaluation::Grade,
    /// The indicators whose yearly realisation it became, with their text.
    pub indicators: Vec<(kinerja_domain::model::IndicatorId, String)>,
}

/// The office's final grade of `year`, once the evaluation team leader approved it, written as
/// the yearly realisation of each of its PK indicators "Nilai evaluasi atas akuntabilitas
/// kinerja" (with the LHE as evidence, audited with `reason`, the total and the grade). All or
/// nothing: refused, naming why, while nothing is approved, the PK has no such indicator, or one
/// of their yearly figures is verified. Who may do it is the caller's check
/// ([`crate::Scoped::confirm_lke_grade`] for a signed-in user).
pub async fn confirm_grade(
    store: &dyn crate::Store,
    actor: &crate::Actor,
    office: &kinerja_domain::model::Office,
    year: Year,
    reason: &str,
) -> crate::Result<Confirmed> {
    use kinerja_domain::evaluation::review::{ReviewState, grade_indicators};
    use kinerja_domain::i18n::Text;
    let rejected = |id: String, en: String| crate::StoreError::Rejected(Text::new(id, en));
    let answers: std::collections::HashMap<String, Answer> = store
        .lke_answers(office.id, year, Stage::Final)
        .await?
        .into_iter()
        .map(|a| (a.criterion, a.answer))
        .collect();
    if answers.is_empty() {
        return Err(rejected(
            format!(
                "evaluator belum memberi nilai akhir {} {year}: belum ada nilai untuk dikonfirmasi",
                office.name
            ),
            format!(
                "the evaluators have given no final values for {} {year}: nothing to confirm",
                office.name
            ),
        ));
    }
    if store.lke_review(office.id, year).await?.state != ReviewState::Approved {
        return Err(rejected(
            format!(
                "nilai akhir {} {year} belum disetujui ketua tim evaluator: belum ada predikat untuk dikonfirmasi",
                office.name
            ),
            format!(
                "the final values of {} {year} are not approved by the evaluation team leader: no grade to confirm yet",
                office.name
            ),
        ));
    }
    let template = store
        .lke_template(year)
        .await?
        .map_or_else(Template::shipped, |t| t.template);
    let scores = kinerja_domain::evaluation::score(&template, &answers);
    let plan = store.year_plan(office.id, year).await?;
    let targets = grade_indicators(&plan).map_err(|why| {
        rejected(
            format!("{} ({})", why.id, office.name),
            format!("{} ({})", why.en, office.name),
        )
    })?;
    let value = kinerja_domain::value::Value::parse(scores.grade.code())
        .map_err(|e| crate::StoreError::Invalid(e.to_string()))?;
    let why = format!(
        "{reason}: {} ({})",
        kinerja_domain::format::number(scores.total, 2),
        scores.grade.code()
    );
    let mut written = vec![];
    for (indicator, version) in targets {
        let input = crate::RealisationInput {
            indicator,
            period: kinerja_domain::period::Period::Year,
            value: value.clone(),
            evidence: vec![format!("Laporan Hasil Evaluasi AKIP {year}")],
            new_files: vec![],
            obstacles: None,
            follow_up: None,
        };
        store.save_realisation(actor, &input, version, Some(&why)).await?;
        let text = plan
            .indicators
            .iter()
            .find(|i| i.id == indicator)
            .map(|i| i.text.clone());
        written.push((indicator, text.unwrap_or_default()));
    }
    Ok(Confirmed {
        total: scores.total,
        grade: scores.grade,
        indicators: written,
    })
}

/// A piece of evidence for a criterion of an office's self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LkeEvidence {
    pub id: i64,
    pub office: OfficeId,
    pub year: Year,
    pub criterion: String,
    pub item: EvidenceItem,
    pub added_by: String,
    pub added_at: String,
}

/// What the evidence is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceItem {
    /// A document of the year Kinerja holds, by its code
    /// ([`kinerja_domain::evaluation::evidence::DOCUMENTS`]).
    Document(String),
    /// A file uploaded to the evidence store under a generated name.
    File {
        name: String,
        original_name: String,
        content_type: String,
        size: i64,
        sha256: String,
    },
}

/// Evidence as it is added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLkeEvidence {
    pub criterion: String,
    pub item: EvidenceItem,
}
