//! A user's own notifications and e-mail settings, and who is told of a workflow step.

use super::*;
use crate::{MailSettings, Notification};

impl<'a> Scoped<'a> {
    /// The users told of `transition` on a figure of `owner`'s unit, never the user who takes
    /// it.
    pub(super) async fn told_of(&self, owner: Owner, transition: &Transition) -> Result<Vec<i64>> {
        crate::notices::told_of(self.store, owner.office, owner.unit, transition, Some(self.user.id)).await
    }

    /// The user's notifications, newest first, of offices they may still read.
    pub async fn own_notifications(&self, before: Option<i64>, limit: i64) -> Result<Vec<Notification>> {
        let mut list = self.store.notifications(self.user.id, before, limit).await?;
        list.retain(|n| self.scope.allows(Permission::Read(n.office)));
        Ok(list)
    }

    /// How many of the user's notifications are unread.
    pub async fn own_unread_notifications(&self) -> Result<i64> {
        self.store.unread_notifications(self.user.id).await
    }

    /// Marks the user's notifications up to `up_to` read.
    pub async fn mark_own_notifications_read(&self, up_to: i64) -> Result<u64> {
        self.store.mark_notifications_read(self.user.id, up_to).await
    }

    pub async fn own_mail_settings(&self) -> Result<MailSettings> {
        self.store.mail_settings(self.user.id).await
    }

    /// Changes the user's own e-mail address and whether they are notified by e-mail.
    pub async fn set_own_mail_settings(&self, settings: &MailSettings) -> Result<MailSettings> {
        self.store.set_mail_settings(&self.actor, self.user.id, settings).await
    }
}
