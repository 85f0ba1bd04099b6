//! The LKj narratives of the offices a user may read (and, for a planner, write).

use super::*;

impl<'a> Scoped<'a> {
    /// The LKj narratives of an office's year: whoever may read the office.
    pub async fn narratives(&self, office: OfficeId, year: Year) -> Result<Vec<crate::Narrative>> {
        self.readable(office)?;
        self.store.narratives(office, year).await
    }

    /// Writes LKj narratives, all or none: the office's planners (and admins), as for the plan.
    pub async fn set_narratives(
        &self,
        office: OfficeId,
        year: Year,
        texts: &[(String, String)],
        reason: &str,
    ) -> Result<Vec<crate::Narrative>> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?;
        self.store
            .set_narratives(&self.actor, office, year, texts, reason)
            .await
    }

    /// Writes one LKj narrative: the office's planners (and admins), as for the plan.
    pub async fn set_narrative(
        &self,
        office: OfficeId,
        year: Year,
        key: &str,
        body: &str,
        reason: &str,
    ) -> Result<Option<crate::Narrative>> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?;
        self.store
            .set_narrative(&self.actor, office, year, key, body, reason)
            .await
    }
}
