//! The types of the yearly SAKIP evaluation (LKE) as the store keeps them (see
//! [`crate::EvaluationStore`]): each year's worksheet, and each office's answers per stage.

use kinerja_domain::evaluation::{Answer, Template};
use kinerja_domain::model::Year;
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
