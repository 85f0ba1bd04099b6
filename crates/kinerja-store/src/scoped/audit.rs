//! The audit log and data versions of what a user may read.

use super::*;

impl<'a> Scoped<'a> {
    pub async fn audit_log(&self, office: OfficeId, limit: i64) -> Result<Vec<AuditEntry>> {
        self.readable(office)?;
        self.store.audit_log(Some(office), limit).await
    }

    /// Whether the user may read an office's whole audit log: its admins, planners and
    /// reviewers (APIP), and oversight from above. Operators and heads read the history of one
    /// record at a time ([`Scoped::office_history`]).
    pub fn may_read_office_log(&self, office: OfficeId) -> bool {
        let grants = &self.user.grants;
        let member = grants.iter().any(|g| g.office == office && g.role.of_the_office());
        self.scope.allows(Permission::Read(office))
            && (!member
                || grants
                    .iter()
                    .any(|g| g.office == office && matches!(g.role, Role::Admin | Role::Planner | Role::Reviewer)))
    }

    /// An office's audit entries that match `query` (its office is this one). The history of
    /// given records (`records`, or `entity_id_prefix` with its kinds) is for anyone who reads
    /// the office; anything wider, for who may read the whole log.
    pub async fn office_history(&self, office: OfficeId, query: crate::AuditQuery) -> Result<Vec<AuditEntry>> {
        self.readable(office)?;
        let one_record = !query.records.is_empty()
            || (!query.entities.is_empty() && query.entity_id_prefix.as_deref().is_some_and(|p| !p.is_empty()));
        if !one_record && !self.may_read_office_log(office) {
            return Err(StoreError::Forbidden(kinerja_domain::i18n::Text::new(
                "riwayat seluruh kantor hanya untuk admin, perencana, reviu (APIP) dan pengawasan",
                "the whole office's history is for its admins, planners, reviewers and oversight",
            )));
        }
        self.store
            .audit_search(&crate::AuditQuery {
                office: Some(office),
                ..query
            })
            .await
    }

    /// Which of these deletions of `office` were restored.
    pub async fn restored(&self, office: OfficeId, audit_ids: &[i64]) -> Result<Vec<i64>> {
        self.readable(office)?;
        self.store.restored(audit_ids).await
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
