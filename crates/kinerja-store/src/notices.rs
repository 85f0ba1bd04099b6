//! The types of notifications as the store keeps them (see [`crate::NoticeStore`]).

use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{IndicatorId, OfficeId, UnitId, Year};
use kinerja_domain::notice::Notice;
use kinerja_domain::period::Period;

/// A notification to one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub user: i64,
    pub notice: Notice,
    pub office: OfficeId,
    pub year: Year,
    /// The unit, indicator and period of the figure (none for a reminder).
    pub unit: Option<UnitId>,
    pub indicator: Option<IndicatorId>,
    pub period: Option<Period>,
    /// The login of who took the step (none for a reminder).
    pub actor: Option<String>,
    /// The reason written with a return or reopen; a reminder's counts
    /// ([`kinerja_domain::notice::ReminderCounts::encode`]).
    pub note: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub read: bool,
}

/// A reminder to store ([`crate::NoticeStore::remind`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReminder {
    pub user: i64,
    pub office: OfficeId,
    pub year: Year,
    pub counts: kinerja_domain::notice::ReminderCounts,
}

/// Where a user receives e-mail and whether they want notifications by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    pub email: Option<String>,
    pub by_email: bool,
}

impl Default for MailSettings {
    /// No address yet; by e-mail once there is one (people opt out, not in).
    fn default() -> Self {
        MailSettings {
            email: None,
            by_email: true,
        }
    }
}

/// A notification claimed for sending by e-mail, with its recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub notification: Notification,
    pub email: String,
    pub name: String,
    pub lang: Lang,
}

/// The users of `office` told of `transition` on a figure of `unit`
/// ([`kinerja_domain::notice::recipients`]): enabled, never the `actor` (a user id) who takes it.
pub async fn told_of(
    store: &dyn crate::Store,
    office: OfficeId,
    unit: UnitId,
    transition: &kinerja_domain::workflow::Transition,
    actor: Option<i64>,
) -> crate::Result<Vec<i64>> {
    let Some(notice) = Notice::of_transition(transition) else {
        return Ok(vec![]);
    };
    let users = store.office_users(office).await?;
    let units = store.units(office).await?;
    let parents = units.iter().map(|u| (u.id, u.parent)).collect();
    let people: Vec<kinerja_domain::notice::Person<'_>> = users
        .iter()
        .filter(|u| !u.disabled)
        .map(|u| kinerja_domain::notice::Person {
            user: u.id,
            grants: &u.grants,
        })
        .collect();
    Ok(kinerja_domain::notice::recipients(
        notice, office, unit, &people, &parents, actor,
    ))
}
