//! Notifications ("pemberitahuan"): who is told of a step of the realisation workflow, and what a
//! daily reminder counts. Decided from roles alone, so the web's notices, its e-mails and its
//! "Tugas saya" page agree on who does what.
//!
//! - A figure **submitted** is told to those who verify the unit (its head and heads above).
//! - A figure **returned** or **reopened** is told to the unit's operators (who enter it).
//! - A figure **verified** is told to nobody: it leaves everyone's work list, and a head who
//!   verifies forty figures would otherwise send forty notices.
//! - The **reminder** of a day counts what [`crate::reporting::tasks`] lists for the user.
//!
//! Nobody is told of their own step.

use std::collections::HashMap;

use crate::access::{Grant, Permission, Role, Scope};
use crate::model::{OfficeId, UnitId};
use crate::reporting::Tasks;
use crate::workflow::Transition;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Notice {
    /// Figures were submitted and wait for the recipient's verification.
    Submitted,
    /// A figure of the recipient's unit was returned, with the head's reason.
    Returned,
    /// A verified figure of the recipient's unit was reopened, with the reason.
    Reopened,
    /// The day's reminder of the recipient's tasks (see [`ReminderCounts`]).
    Reminder,
}

impl Notice {
    /// Every kind, in the order the code lists them.
    pub const ALL: [Notice; 4] = [Notice::Submitted, Notice::Returned, Notice::Reopened, Notice::Reminder];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Notice::Submitted => "submitted",
            Notice::Returned => "returned",
            Notice::Reopened => "reopened",
            Notice::Reminder => "reminder",
        }
    }

    pub fn parse(code: &str) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| n.code() == code)
    }

    /// The notice a workflow step gives, if any.
    pub fn of_transition(transition: &Transition) -> Option<Notice> {
        match transition {
            Transition::Submit => Some(Notice::Submitted),
            Transition::Return { .. } => Some(Notice::Returned),
            Transition::Reopen { .. } => Some(Notice::Reopened),
            Transition::Verify => None,
        }
    }
}

/// One person who may be told: their user id and their grants.
pub struct Person<'a> {
    pub user: i64,
    pub grants: &'a [Grant],
}

/// Who is told of `notice` on a figure of `unit` in `office`, among `people` (by user id, in
/// the order given, each once), never the `actor` who took the step. `unit_parents` maps each
/// unit of the office to its parent (heads verify the units below theirs).
pub fn recipients(
    notice: Notice,
    office: OfficeId,
    unit: UnitId,
    people: &[Person<'_>],
    unit_parents: &HashMap<UnitId, Option<UnitId>>,
    actor: Option<i64>,
) -> Vec<i64> {
    let mut out = Vec::new();
    for p in people {
        if Some(p.user) == actor || out.contains(&p.user) {
            continue;
        }
        let told = match notice {
            Notice::Submitted => Scope::new(p.grants, &[], unit_parents).allows(Permission::Verify(office, unit)),
            Notice::Returned | Notice::Reopened => enters(p.grants, office, unit),
            Notice::Reminder => false,
        };
        if told {
            out.push(p.user);
        }
    }
    out
}

/// Whether `grants` make their holder one who enters the unit's figures (its operator). A
/// planner may enter any unit's figures but is not the one a returned figure goes back to.
pub fn enters(grants: &[Grant], office: OfficeId, unit: UnitId) -> bool {
    grants
        .iter()
        .any(|g| g.role == Role::Operator && g.office == office && g.unit == Some(unit))
}

/// What a day's reminder counts, as [`Tasks`] lists it (periods of units, each once per list).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderCounts {
    pub to_verify: u32,
    pub returned: u32,
    pub due_soon: u32,
    pub late: u32,
}

impl ReminderCounts {
    pub fn of(tasks: &Tasks) -> ReminderCounts {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        ReminderCounts {
            to_verify: n(tasks.to_verify.len()),
            returned: n(tasks.returned.len()),
            due_soon: n(tasks.due_soon.len()),
            late: n(tasks.late.len()),
        }
    }

    /// Whether there is anything to remind of.
    pub fn any(&self) -> bool {
        self.to_verify + self.returned + self.due_soon + self.late > 0
    }

    /// As stored in a notification's note: `to_verify,returned,due_soon,late`.
    pub fn encode(&self) -> String {
        format!("{},{},{},{}", self.to_verify, self.returned, self.due_soon, self.late)
    }

    /// What [`ReminderCounts::encode`] wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<ReminderCounts> {
        let mut parts = text.split(',').map(|p| p.parse::<u32>().ok());
        let counts = ReminderCounts {
            to_verify: parts.next()??,
            returned: parts.next()??,
            due_soon: parts.next()??,
            late: parts.next()??,
        };
        parts.next().is_none().then_some(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, unit: Option<i64>) -> Grant {
        Grant {
            role,
            office: OfficeId(3),
            unit: unit.map(UnitId),
        }
    }

    /// Office 3: unit 30 (the secretariat) above 31 and 32; 33 stands alone.
    fn parents() -> HashMap<UnitId, Option<UnitId>> {
        [(30, None), (31, Some(30)), (32, Some(30)), (33, None)]
            .into_iter()
            .map(|(u, p)| (UnitId(u), p.map(UnitId)))
            .collect()
    }

    #[test]
    fn who_is_told_of_each_step() {
        let operator_31 = [grant(Role::Operator, Some(31))];
        let operator_32 = [grant(Role::Operator, Some(32))];
        let head_31 = [grant(Role::Head, Some(31))];
        let head_30 = [grant(Role::Head, Some(30))];
        let head_33 = [grant(Role::Head, Some(33))];
        let planner = [grant(Role::Planner, None)];
        let other_office = [Grant {
            role: Role::Head,
            office: OfficeId(4),
            unit: Some(UnitId(31)),
        }];
        let people = [
            Person {
                user: 1,
                grants: &operator_31,
            },
            Person {
                user: 2,
                grants: &operator_32,
            },
            Person {
                user: 3,
                grants: &head_31,
            },
            Person {
                user: 4,
                grants: &head_30,
            },
            Person {
                user: 5,
                grants: &head_33,
            },
            Person {
                user: 6,
                grants: &planner,
            },
            Person {
                user: 7,
                grants: &other_office,
            },
        ];
        let told = |notice, actor| recipients(notice, OfficeId(3), UnitId(31), &people, &parents(), actor);
        // Submitted by the operator: the unit's head and the head above, nobody else.
        assert_eq!(told(Notice::Submitted, Some(1)), vec![3, 4]);
        // Returned by the unit's head: its operator only (not the planner, not unit 32's).
        assert_eq!(told(Notice::Returned, Some(3)), vec![1]);
        assert_eq!(told(Notice::Reopened, Some(6)), vec![1]);
        // Nobody is told of their own step.
        assert_eq!(told(Notice::Submitted, Some(3)), vec![4]);
        assert_eq!(told(Notice::Returned, Some(1)), Vec::<i64>::new());
        assert!(told(Notice::Reminder, None).is_empty());
    }

    #[test]
    fn the_steps_that_notify() {
        assert_eq!(Notice::of_transition(&Transition::Submit), Some(Notice::Submitted));
        assert_eq!(Notice::of_transition(&Transition::Verify), None);
        let reason = "x".to_string();
        assert_eq!(
            Notice::of_transition(&Transition::Return { reason: reason.clone() }),
            Some(Notice::Returned)
        );
        assert_eq!(
            Notice::of_transition(&Transition::Reopen { reason }),
            Some(Notice::Reopened)
        );
        for n in Notice::ALL {
            assert_eq!(Notice::parse(n.code()), Some(n));
        }
        assert_eq!(Notice::parse("verified"), None);
    }

    #[test]
    fn reminder_counts_round_trip_and_refuse_anything_else() {
        let c = ReminderCounts {
            to_verify: 2,
            returned: 0,
            due_soon: 5,
            late: 1,
        };
        assert_eq!(c.encode(), "2,0,5,1");
        assert_eq!(ReminderCounts::decode("2,0,5,1"), Some(c));
        assert!(c.any());
        assert!(!ReminderCounts::default().any());
        for bad in ["", "1,2,3", "1,2,3,4,5", "a,1,2,3", "-1,0,0,0", "1,,2,3"] {
            assert_eq!(ReminderCounts::decode(bad), None, "{bad}");
        }
    }
}
