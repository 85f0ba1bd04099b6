//! Monitoring as a user may do it: realisations and their workflow, evidence files, deadlines,
//! action progress, comments.

use super::*;

impl<'a> Scoped<'a> {
    /// Enters or changes a realisation: operators of the unit, planners of the office.
    pub async fn save_realisation(
        &self,
        input: &RealisationInput,
        expected_version: Option<i64>,
        reason: Option<&str>,
    ) -> Result<Realisation> {
        let owner = self.visible(
            self.store.indicator_owner(input.indicator).await?,
            "indicator",
            input.indicator,
        )?;
        self.scope
            .check(Permission::EnterRealisation(owner.office, owner.unit))
            .map_err(forbidden)?;
        self.store
            .save_realisation(&self.actor, input, expected_version, reason)
            .await
    }

    /// Submit (who enters), verify or return (the unit's head and heads above), reopen
    /// (planners and admins).
    pub async fn transition_realisation(
        &self,
        id: RealisationId,
        expected_version: i64,
        transition: &Transition,
    ) -> Result<Realisation> {
        let owner = self.visible(self.store.realisation_owner(id).await?, "realisation", id)?;
        let needed = match transition {
            Transition::Submit => Permission::EnterRealisation(owner.office, owner.unit),
            Transition::Verify | Transition::Return { .. } => Permission::Verify(owner.office, owner.unit),
            Transition::Reopen { .. } => Permission::Reopen(owner.office),
        };
        self.scope.check(needed).map_err(forbidden)?;
        let tell = self.told_of(owner, transition).await?;
        self.store
            .transition_realisation_telling(&self.actor, id, expected_version, transition, &tell)
            .await
    }

    /// The realisation of an indicator for a period, when the user may read the indicator.
    pub async fn realisation(
        &self,
        indicator: IndicatorId,
        period: kinerja_domain::period::Period,
    ) -> Result<Option<Realisation>> {
        self.visible(self.store.indicator_owner(indicator).await?, "indicator", indicator)?;
        self.store.realisation(indicator, period).await
    }

    /// An uploaded evidence file the user may read ("not found" otherwise, and for any name that
    /// is not a generated one).
    pub async fn evidence_file(&self, name: &str) -> Result<EvidenceFile> {
        let not_found = || StoreError::NotFound {
            entity: "evidence file",
            key: name.to_string(),
        };
        if !crate::valid_file_name(name) {
            return Err(not_found());
        }
        let file = self
            .store
            .evidence_files(&[name.to_string()])
            .await?
            .pop()
            .ok_or_else(not_found)?;
        if self.scope.allows(Permission::Read(file.office)) {
            Ok(file)
        } else {
            Err(not_found())
        }
    }

    /// The records of the named evidence files the user may read.
    pub async fn evidence_files(&self, names: &[String]) -> Result<Vec<EvidenceFile>> {
        let mut files = self.store.evidence_files(names).await?;
        files.retain(|f| self.scope.allows(Permission::Read(f.office)));
        Ok(files)
    }

    pub async fn deadlines(&self, office: OfficeId, year: Year) -> Result<Vec<Deadline>> {
        self.readable(office)?;
        self.store.deadlines(office, year).await
    }

    /// Sets the reporting deadlines of a year: planners and admins of the office.
    pub async fn set_deadlines(
        &self,
        office: OfficeId,
        year: Year,
        deadlines: &[Deadline],
        reason: &str,
    ) -> Result<Vec<Deadline>> {
        self.readable(office)?;
        if !self.scope.allows(Permission::EditPlan(office)) {
            self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        }
        self.store
            .set_deadlines(&self.actor, office, year, deadlines, reason)
            .await
    }

    /// What was reported on the actions of an office's year.
    pub async fn action_progress(&self, office: OfficeId, year: Year) -> Result<Vec<crate::ActionProgress>> {
        self.readable(office)?;
        self.store.action_progress(office, year).await
    }

    /// Marks an action done or not done in a period: who enters the unit's realisations.
    pub async fn set_action_progress(
        &self,
        action: ActionId,
        period: kinerja_domain::period::Period,
        done: bool,
        note: Option<&str>,
    ) -> Result<crate::ActionProgress> {
        let owner = self.visible(self.store.action_owner(action).await?, "action", action)?;
        self.scope
            .check(Permission::EnterRealisation(owner.office, owner.unit))
            .map_err(forbidden)?;
        self.store
            .set_action_progress(&self.actor, action, period, done, note)
            .await
    }

    /// Comments on an office's figures.
    pub async fn comments(&self, office: OfficeId) -> Result<Vec<crate::Comment>> {
        self.readable(office)?;
        self.store.comments(office).await
    }

    /// Comments on an indicator's figure for a period: anyone with a role in the office.
    pub async fn add_comment(
        &self,
        indicator: IndicatorId,
        period: kinerja_domain::period::Period,
        body: &str,
    ) -> Result<crate::Comment> {
        let owner = self.visible(self.store.indicator_owner(indicator).await?, "indicator", indicator)?;
        self.scope.check(Permission::Comment(owner.office)).map_err(forbidden)?;
        self.store.add_comment(&self.actor, indicator, period, body).await
    }
}
