//! The lengths of the forms' fields, from the domain's rules (`kinerja_domain::input`), for the
//! templates' `maxlength`: the browser stops typing where the store would refuse.

use kinerja_domain::input::Field;

pub const OBJECTIVE: usize = Field::Objective.max_chars();
pub const INDICATOR: usize = Field::Indicator.max_chars();
pub const ACTION: usize = Field::Action.max_chars();
pub const EXECUTOR: usize = Field::Executor.max_chars();
pub const COMPUTATION: usize = Field::Computation.max_chars();
pub const DATA_SOURCE: usize = Field::DataSource.max_chars();
pub const VALUE: usize = Field::Value.max_chars();
/// A list of period targets (`TW1: 1 laporan; TW2: 2 laporan`): twelve values and their labels.
pub const PERIOD_TARGETS: usize = 12 * (Field::Value.max_chars() + 8);
pub const OBSTACLES: usize = Field::Obstacles.max_chars();
pub const FOLLOW_UP: usize = Field::FollowUp.max_chars();
pub const NOTE: usize = Field::Note.max_chars();
pub const COMMENT: usize = Field::Comment.max_chars();
pub const NARRATIVE: usize = Field::Narrative.max_chars();
pub const REASON: usize = Field::Reason.max_chars();
pub const PLACE: usize = Field::Place.max_chars();
pub const VISION: usize = Field::Vision.max_chars();
pub const GOAL: usize = Field::Goal.max_chars();
pub const LOGIN: usize = Field::Login.max_chars();
pub const CODE: usize = Field::Code.max_chars();
pub const UNIT_NAME: usize = Field::UnitName.max_chars();
pub const SHORT: usize = Field::Short.max_chars();
