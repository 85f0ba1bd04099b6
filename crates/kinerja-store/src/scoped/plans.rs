//! What a user may read and change of the plan: offices, year plans, scales, the Renstra, edits,
//! imports and copies, units and the office's scale.

use super::*;

impl<'a> Scoped<'a> {
    /// The offices the user may read, parents first.
    pub async fn offices(&self) -> Result<Vec<Office>> {
        Ok(Self::all_offices(self.store, self.cache)
            .await?
            .iter()
            .filter(|o| self.scope.allows(Permission::Read(o.id)))
            .cloned()
            .collect())
    }

    /// The office whose code, name or full name is `key` (case and spacing ignored).
    pub async fn find_office(&self, key: &str) -> Result<Option<Office>> {
        let wanted = normalise_text(key);
        Ok(Self::all_offices(self.store, self.cache)
            .await?
            .iter()
            .find(|o| {
                o.code == key
                    || normalise_text(&o.code) == wanted
                    || normalise_text(&o.name) == wanted
                    || normalise_text(&o.full_name) == wanted
            })
            .filter(|o| self.scope.allows(Permission::Read(o.id)))
            .cloned())
    }

    pub async fn year_plan(&self, office: OfficeId, year: Year) -> Result<std::sync::Arc<YearPlan>> {
        self.readable(office)?;
        match self.cache {
            Some(c) => c.year_plan(self.store, office, year).await,
            None => Ok(std::sync::Arc::new(self.store.year_plan(office, year).await?)),
        }
    }

    /// The years a readable office has a plan for, oldest first.
    pub async fn plan_years(&self, office: OfficeId) -> Result<Vec<Year>> {
        self.readable(office)?;
        self.store.plan_years(office).await
    }

    /// Every readable office's year.
    pub async fn year_plans(&self, year: Year) -> Result<Vec<YearPlan>> {
        let all = Self::all_offices(self.store, self.cache).await?;
        let readable: Vec<&Office> = all
            .iter()
            .filter(|o| self.scope.allows(Permission::Read(o.id)))
            .collect();
        if readable.len() == all.len() {
            return self.store.year_plans(year).await;
        }
        let mut plans = Vec::with_capacity(readable.len());
        for office in readable {
            plans.push(self.store.year_plan(office.id, year).await?);
        }
        Ok(plans)
    }

    pub async fn scales_for(&self, office: OfficeId) -> Result<Vec<CategoryScale>> {
        self.readable(office)?;
        self.store.scales_for(office).await
    }

    pub async fn ordinal_scales_for(&self, office: OfficeId) -> Result<Vec<kinerja_domain::grade::OrdinalScale>> {
        self.readable(office)?;
        self.store.ordinal_scales_for(office).await
    }

    /// The staff (units, people, positions) of the office above `office`, for the signature blocks
    /// of `office`'s documents: anyone who may read `office` may read who heads its superior
    /// office (names and titles are what every signed PK prints), nothing else of it. `None` for
    /// an office at the top.
    pub async fn staff_above(&self, office: OfficeId, year: Year) -> Result<Option<kinerja_domain::model::Staff>> {
        self.readable(office)?;
        let offices = Self::all_offices(self.store, self.cache).await?;
        let Some(parent) = offices.iter().find(|o| o.id == office).and_then(|o| o.parent) else {
            return Ok(None);
        };
        let plan = match self.cache {
            Some(c) => c.year_plan(self.store, parent, year).await?,
            None => std::sync::Arc::new(self.store.year_plan(parent, year).await?),
        };
        Ok(Some(kinerja_domain::model::Staff::of(&plan)))
    }

    pub async fn renstra(&self, office: OfficeId) -> Result<Option<Renstra>> {
        self.readable(office)?;
        self.store.renstra(office).await
    }

    /// Changes an office's plan: planners of the office. A unit's PK is signed by its head (a
    /// head of a unit above it) or a planner.
    pub async fn edit_plan(&self, office: OfficeId, edit: &crate::PlanEdit, reason: &str) -> Result<crate::Edited> {
        self.readable(office)?;
        match edit {
            crate::PlanEdit::SignPk { unit, .. } if self.scope.allows(Permission::Verify(office, *unit)) => {}
            _ => self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?,
        }
        self.store.edit_plan(&self.actor, office, edit, reason).await
    }

    /// Merges imported plans into the office's units' plans (in one transaction; nothing already
    /// there is replaced): planners (and admins) of the office. Every plan must be of `office`.
    /// [`crate::MergeMode::Preview`] says what would be written and writes nothing.
    pub async fn import_plans(
        &self,
        office: &Office,
        plans: &[crate::UnitPlanDraft],
        reason: &str,
        mode: crate::MergeMode,
    ) -> Result<crate::MergeSummary> {
        self.readable(office.id)?;
        self.scope.check(Permission::EditPlan(office.id)).map_err(forbidden)?;
        if let Some(p) = plans.iter().find(|p| p.office != office.code) {
            return Err(StoreError::Invalid(format!(
                "a plan of {} cannot be imported through {}",
                p.office, office.name
            )));
        }
        self.store
            .merge_plans(&self.actor, office.id, plans, reason, mode)
            .await
    }

    /// Starts a year's plan from the previous one: planners (and admins) of the office.
    pub async fn copy_plan(
        &self,
        office: OfficeId,
        from: Year,
        to: Year,
        reason: &str,
    ) -> Result<crate::DatasetSummary> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?;
        self.store.copy_plan(&self.actor, office, from, to, reason).await
    }

    /// Changes how an indicator is measured: planners of the office.
    pub async fn update_indicator_settings(
        &self,
        id: IndicatorId,
        expected_version: i64,
        settings: &IndicatorSettings,
        reason: &str,
    ) -> Result<Indicator> {
        let owner = self.visible(self.store.indicator_owner(id).await?, "indicator", id)?;
        self.scope
            .check(Permission::EditPlan(owner.office))
            .map_err(forbidden)?;
        self.store
            .update_indicator_settings(&self.actor, id, expected_version, settings, reason)
            .await
    }

    /// Where an indicator belongs, when the user may read it.
    pub async fn indicator_owner(&self, indicator: IndicatorId) -> Result<Owner> {
        self.visible(self.store.indicator_owner(indicator).await?, "indicator", indicator)
    }

    /// The units of an office the user may read.
    pub async fn store_units(&self, office: OfficeId) -> Result<Vec<Unit>> {
        self.readable(office)?;
        self.store.units(office).await
    }

    /// Adds a unit to the office or renames one (by its code): the office's admins.
    pub async fn save_office_unit(&self, office: &Office, unit: crate::UnitDraft, reason: &str) -> Result<()> {
        self.readable(office.id)?;
        self.scope.check(Permission::Administer(office.id)).map_err(forbidden)?;
        if unit.office != office.code {
            return Err(StoreError::Invalid(
                "an office's admin changes that office's units only".into(),
            ));
        }
        let dataset = crate::Dataset {
            units: vec![unit],
            ..Default::default()
        };
        self.store
            .apply_dataset(&self.actor, &dataset, reason)
            .await
            .map(|_| ())
    }

    /// Chooses the category scale the office's achievement is judged on: the office's admins.
    pub async fn set_office_scale(&self, office: &Office, scale: Option<String>, reason: &str) -> Result<()> {
        self.readable(office.id)?;
        self.scope.check(Permission::Administer(office.id)).map_err(forbidden)?;
        if let Some(code) = &scale
            && !self.store.scales_for(office.id).await?.iter().any(|s| &s.code == code)
        {
            return Err(StoreError::Invalid(format!(
                "scale '{code}' is not available to this office"
            )));
        }
        let all = Self::all_offices(self.store, self.cache).await?;
        let parent = office
            .parent
            .and_then(|p| all.iter().find(|o| o.id == p))
            .map(|o| o.code.clone());
        let dataset = crate::Dataset {
            offices: vec![crate::OfficeDraft {
                code: office.code.clone(),
                name: office.name.clone(),
                full_name: office.full_name.clone(),
                level: office.level,
                parent: parent.map(String::from),
                address: office.address.clone(),
                city: office.city.clone(),
                scale,
                lower_formula: office.lower_formula,
                time_zone: Some(office.time_zone),
            }],
            ..Default::default()
        };
        self.store
            .apply_dataset(&self.actor, &dataset, reason)
            .await
            .map(|_| ())
    }

    /// Saves a category scale as the office's own (its code prefixed with the office's, so a
    /// shared scale is never changed) and makes it the office's scale: the office's admins. A
    /// scale with gaps or overlaps is refused.
    pub async fn save_office_scale(&self, office: &Office, mut scale: CategoryScale, reason: &str) -> Result<String> {
        self.readable(office.id)?;
        self.scope.check(Permission::Administer(office.id)).map_err(forbidden)?;
        let issues = scale.validate();
        if !issues.is_empty() {
            let text: Vec<String> = issues.iter().map(|i| i.text().id).collect();
            return Err(StoreError::Invalid(text.join("; ")));
        }
        if !scale.code.starts_with(&format!("{}-", office.code)) {
            scale.code = format!("{}-{}", office.code, scale.code);
        }
        let code = scale.code.clone();
        let dataset = crate::Dataset {
            scales: vec![crate::ScaleDraft {
                office: Some(office.code.to_string()),
                scale,
            }],
            ..Default::default()
        };
        self.store.apply_dataset(&self.actor, &dataset, reason).await?;
        self.set_office_scale(office, Some(code.clone()), reason).await?;
        Ok(code)
    }
}
