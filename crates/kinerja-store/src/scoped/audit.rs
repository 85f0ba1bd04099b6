//! The audit log and data versions of what a user may read.

use super::*;

impl<'a> Scoped<'a> {
    pub async fn audit_log(&self, office: OfficeId, limit: i64) -> Result<Vec<AuditEntry>> {
        self.readable(office)?;
        self.store.audit_log(Some(office), limit).await
    }

    /// An office's data version (raised by every change of its data), when the user may read it.
    pub async fn office_version(&self, office: OfficeId) -> Result<i64> {
        self.readable(office)?;
        self.store.office_version(office).await
    }

    /// The data version of every office the user may read.
    pub async fn data_versions(&self) -> Result<HashMap<OfficeId, i64>> {
        let mut v = self.store.data_versions().await?.offices;
        v.retain(|o, _| self.scope.allows(Permission::Read(*o)));
        Ok(v)
    }

    /// Records that an admin ended the sign-in waits of a user of the office.
    pub async fn record_wait_cleared(&self, office: OfficeId, login: &Login, reason: &str) -> Result<()> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        self.store
            .record(&self.actor, Some(office), "sign_in_wait", Some(login), "clear", reason)
            .await
    }
}
