//! The monitoring workflow of a realisation: an operator submits, a head verifies or returns it
//! with a reason, verified periods lock, a planner or admin may reopen with a reason.

use crate::i18n::Text;
use crate::model::RealisationStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    Submit,
    Verify,
    Return { reason: String },
    Reopen { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.en)]
pub struct WorkflowError(pub Text);

impl Transition {
    pub fn code(&self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Verify => "verify",
            Transition::Return { .. } => "return",
            Transition::Reopen { .. } => "reopen",
        }
    }
}

/// Whether figures may be changed in this state (verified realisations are locked).
pub fn editable(status: RealisationStatus) -> bool {
    matches!(status, RealisationStatus::Draft | RealisationStatus::Returned)
}

/// The state after `t`, or why `t` is not allowed from `from`.
pub fn apply(from: RealisationStatus, t: &Transition) -> Result<RealisationStatus, WorkflowError> {
    use RealisationStatus::*;
    let reason_needed = |r: &str| {
        if r.trim().is_empty() {
            Err(WorkflowError(Text::new("alasan wajib diisi", "a reason is required")))
        } else {
            Ok(())
        }
    };
    match (from, t) {
        (Draft | Returned, Transition::Submit) => Ok(Submitted),
        (Submitted, Transition::Verify) => Ok(Verified),
        (Submitted, Transition::Return { reason }) => reason_needed(reason).map(|_| Returned),
        (Verified, Transition::Reopen { reason }) => reason_needed(reason).map(|_| Draft),
        (from, t) => Err(WorkflowError(Text::new(
            format!("tidak dapat '{}' dari status '{}'", t.code(), from.code()),
            format!("cannot '{}' from status '{}'", t.code(), from.code()),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RealisationStatus::*;

    #[test]
    fn the_happy_path_and_its_refusals() {
        assert_eq!(apply(Draft, &Transition::Submit), Ok(Submitted));
        assert_eq!(
            apply(
                Submitted,
                &Transition::Return {
                    reason: "bukti kurang".into()
                }
            ),
            Ok(Returned)
        );
        assert_eq!(apply(Returned, &Transition::Submit), Ok(Submitted));
        assert_eq!(apply(Submitted, &Transition::Verify), Ok(Verified));
        assert!(!editable(Verified));
        assert!(apply(Verified, &Transition::Submit).is_err());
        assert!(apply(Draft, &Transition::Verify).is_err());
        assert!(apply(Submitted, &Transition::Return { reason: "  ".into() }).is_err());
        assert_eq!(
            apply(
                Verified,
                &Transition::Reopen {
                    reason: "salah ketik".into()
                }
            ),
            Ok(Draft)
        );
    }
}
