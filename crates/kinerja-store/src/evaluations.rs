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
