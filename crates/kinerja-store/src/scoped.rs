//! The store as a signed-in user sees it. Handlers get a [`Scoped`], never the bare [`Store`]:
//! every read checks that the user may read the office, every write that their role allows it.
//! Records of an office the user may not read answer "not found", so ids do not reveal what
//! exists elsewhere.

use std::collections::HashMap;

use kinerja_domain::access::{Denied, Permission, Role, Scope};
use kinerja_domain::indicator::IndicatorSettings;
use kinerja_domain::model::*;
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::workflow::Transition;

use kinerja_domain::reporting::Deadline;

use crate::{Actor, AuditEntry, EvidenceFile, Owner, RealisationInput, Result, Store, StoreError, User};

pub struct Scoped<'a> {
    store: &'a dyn Store,
    cache: Option<&'a crate::cache::Cache>,
    user: User,
    scope: Scope,
    actor: Actor,
}

fn forbidden(d: Denied) -> StoreError {
    StoreError::Forbidden(d.0)
}

impl<'a> Scoped<'a> {
    /// The scope of `user` (a disabled user has none).
    pub async fn for_user(store: &'a dyn Store, user: User) -> Result<Scoped<'a>> {
        Self::build(store, None, user).await
    }

    /// The same, reading office lists and year plans through `cache`.
    pub async fn for_user_cached(
        store: &'a dyn Store,
        cache: &'a crate::cache::Cache,
        user: User,
    ) -> Result<Scoped<'a>> {
        Self::build(store, Some(cache), user).await
    }

    async fn all_offices(
        store: &dyn Store,
        cache: Option<&crate::cache::Cache>,
    ) -> Result<std::sync::Arc<Vec<Office>>> {
        match cache {
            Some(c) => c.offices(store).await,
            None => Ok(std::sync::Arc::new(store.offices().await?)),
        }
    }

    async fn build(store: &'a dyn Store, cache: Option<&'a crate::cache::Cache>, user: User) -> Result<Scoped<'a>> {
        if user.disabled {
            return Err(StoreError::Forbidden(kinerja_domain::i18n::Text::new(
                "akun ini dinonaktifkan",
                "this account is disabled",
            )));
        }
        let offices = Self::all_offices(store, cache).await?;
        let mut parents: HashMap<UnitId, Option<UnitId>> = HashMap::new();
        let mut head_offices: Vec<OfficeId> = user
            .grants
            .iter()
            .filter(|g| g.role == Role::Head)
            .map(|g| g.office)
            .collect();
        head_offices.dedup();
        for office in head_offices {
            parents.extend(store.units(office).await?.into_iter().map(|u| (u.id, u.parent)));
        }
        let scope = Scope::new(&user.grants, &offices, &parents);
        Ok(Scoped {
            store,
            cache,
            actor: Actor::new(user.login.clone()),
            user,
            scope,
        })
    }

    /// Changes the user's own password after checking the current one. `Ok(false)` when the
    /// current password is wrong.
    pub async fn change_own_password(&self, current: &str, new: &str) -> Result<bool> {
        let Some((_, hash)) = self.store.user_credentials(&self.user.login).await? else {
            return Err(StoreError::NotFound {
                entity: "user",
                key: self.user.login.clone(),
            });
        };
        if !crate::password::verify_async(current.to_string(), hash).await {
            return Ok(false);
        }
        let new_hash = crate::password::hash_async(new.to_string())
            .await
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.store
            .set_password(&self.actor, self.user.id, &new_hash, false, "diganti sendiri")
            .await?;
        Ok(true)
    }

    /// Remembers the user's own interface language.
    pub async fn set_own_lang(&self, lang: kinerja_domain::i18n::Lang) -> Result<User> {
        self.store.set_user_lang(&self.actor, self.user.id, lang).await
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    fn readable(&self, office: OfficeId) -> Result<()> {
        if self.scope.allows(Permission::Read(office)) {
            Ok(())
        } else {
            Err(StoreError::NotFound {
                entity: "office",
                key: office.to_string(),
            })
        }
    }

    /// The owner of a record, or "not found" when the user may not read its office.
    fn visible(&self, owner: Option<Owner>, entity: &'static str, id: i64) -> Result<Owner> {
        match owner {
            Some(o) if self.scope.allows(Permission::Read(o.office)) => Ok(o),
            _ => Err(StoreError::NotFound {
                entity,
                key: id.to_string(),
            }),
        }
    }

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

    pub async fn year_plan(&self, office: OfficeId, year: i32) -> Result<std::sync::Arc<YearPlan>> {
        self.readable(office)?;
        match self.cache {
            Some(c) => c.year_plan(self.store, office, year).await,
            None => Ok(std::sync::Arc::new(self.store.year_plan(office, year).await?)),
        }
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

    /// Every readable office's year.
    pub async fn year_plans(&self, year: i32) -> Result<Vec<YearPlan>> {
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
    pub async fn staff_above(&self, office: OfficeId, year: i32) -> Result<Option<kinerja_domain::model::Staff>> {
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

    pub async fn audit_log(&self, office: OfficeId, limit: i64) -> Result<Vec<AuditEntry>> {
        self.readable(office)?;
        self.store.audit_log(Some(office), limit).await
    }

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
        self.store
            .transition_realisation(&self.actor, id, expected_version, transition)
            .await
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

    pub async fn deadlines(&self, office: OfficeId, year: i32) -> Result<Vec<Deadline>> {
        self.readable(office)?;
        self.store.deadlines(office, year).await
    }

    /// Sets the reporting deadlines of a year: planners and admins of the office.
    pub async fn set_deadlines(
        &self,
        office: OfficeId,
        year: i32,
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
    pub async fn copy_plan(&self, office: OfficeId, from: i32, to: i32, reason: &str) -> Result<crate::DatasetSummary> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?;
        self.store.copy_plan(&self.actor, office, from, to, reason).await
    }

    /// What was reported on the actions of an office's year.
    pub async fn action_progress(&self, office: OfficeId, year: i32) -> Result<Vec<crate::ActionProgress>> {
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

    /// The LKj narratives of an office's year: whoever may read the office.
    pub async fn narratives(&self, office: OfficeId, year: i32) -> Result<Vec<crate::Narrative>> {
        self.readable(office)?;
        self.store.narratives(office, year).await
    }

    /// Writes LKj narratives, all or none: the office's planners (and admins), as for the plan.
    pub async fn set_narratives(
        &self,
        office: OfficeId,
        year: i32,
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
        year: i32,
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

    /// The users with a role in `office` (admins of the office).
    pub async fn office_users(&self, office: OfficeId) -> Result<Vec<User>> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        let mut users = self.store.users().await?;
        users.retain(|u| u.grants.iter().any(|g| g.office == office));
        Ok(users)
    }

    /// A user the office's admin manages: every role they hold is in this office.
    async fn managed_user(&self, office: OfficeId, user: i64) -> Result<User> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        match self.store.user(user).await? {
            Some(u) if !u.grants.is_empty() && u.grants.iter().all(|g| g.office == office) => Ok(u),
            _ => Err(StoreError::NotFound {
                entity: "user",
                key: user.to_string(),
            }),
        }
    }

    /// Creates a user with roles in `office` only: admins of the office. The login is made to
    /// end with the office's code ([`office_login`]), so it can only meet a login of this
    /// office: a refusal never tells an admin that some other office has a user of that name.
    pub async fn create_office_user(&self, office: OfficeId, new: &crate::NewUser, reason: &str) -> Result<User> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        if new.grants.is_empty() || new.grants.iter().any(|g| g.office != office) {
            return Err(StoreError::Invalid(
                "an office's admin grants roles in that office only".into(),
            ));
        }
        if let Some(unit) = new.grants.iter().find_map(|g| g.unit)
            && !self.store.units(office).await?.iter().any(|u| u.id == unit)
        {
            return Err(StoreError::Invalid(format!("unit {unit} is not of this office")));
        }
        let code = self
            .offices()
            .await?
            .into_iter()
            .find(|o| o.id == office)
            .map(|o| o.code)
            .ok_or(StoreError::NotFound {
                entity: "office",
                key: office.to_string(),
            })?;
        let login = office_login(&new.login, &code);
        if self.store.user_credentials(&login).await?.is_some() {
            return Err(StoreError::Rejected(kinerja_domain::i18n::Text::new(
                format!("nama pengguna {login} sudah dipakai; pilih nama lain"),
                format!("the login {login} is taken; choose another"),
            )));
        }
        let new = crate::NewUser { login, ..new.clone() };
        self.store.create_user(&self.actor, &new, reason).await
    }

    /// Disables or enables a user of the office (never oneself).
    pub async fn set_office_user_disabled(
        &self,
        office: OfficeId,
        user: i64,
        disabled: bool,
        reason: &str,
    ) -> Result<User> {
        let target = self.managed_user(office, user).await?;
        if target.id == self.user.id {
            return Err(StoreError::Invalid("you cannot disable yourself".into()));
        }
        self.store.set_user_disabled(&self.actor, user, disabled, reason).await
    }

    /// The API tokens of a user of the office, newest first: the office's admins.
    pub async fn office_user_tokens(&self, office: OfficeId, user: i64) -> Result<Vec<crate::token::ApiToken>> {
        self.managed_user(office, user).await?;
        self.store.api_tokens(user).await
    }

    /// Revokes a token of a user of the office: the office's admins.
    pub async fn revoke_office_user_token(
        &self,
        office: OfficeId,
        user: i64,
        token: i64,
        reason: &str,
    ) -> Result<crate::token::ApiToken> {
        self.managed_user(office, user).await?;
        if !self.store.api_tokens(user).await?.iter().any(|t| t.id == token) {
            return Err(StoreError::NotFound {
                entity: "api token",
                key: token.to_string(),
            });
        }
        self.store.revoke_api_token(&self.actor, token, reason).await
    }

    /// The signed-in user's own API tokens.
    pub async fn own_tokens(&self) -> Result<Vec<crate::token::ApiToken>> {
        self.store.api_tokens(self.user.id).await
    }

    /// Revokes one of the signed-in user's own tokens.
    pub async fn revoke_own_token(&self, token: i64) -> Result<crate::token::ApiToken> {
        if !self.own_tokens().await?.iter().any(|t| t.id == token) {
            return Err(StoreError::NotFound {
                entity: "api token",
                key: token.to_string(),
            });
        }
        self.store.revoke_api_token(&self.actor, token, "dicabut sendiri").await
    }

    /// Records that an admin ended the sign-in waits of a user of the office.
    pub async fn record_wait_cleared(&self, office: OfficeId, login: &str, reason: &str) -> Result<()> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        self.store
            .record(&self.actor, Some(office), "sign_in_wait", Some(login), "clear", reason)
            .await
    }

    /// Sets a new password for a user of the office (who should change it at first sign-in).
    /// The user's API tokens are revoked with it: whoever knew the old password may hold one.
    pub async fn reset_office_user_password(
        &self,
        office: OfficeId,
        user: i64,
        password: &str,
        reason: &str,
    ) -> Result<User> {
        self.managed_user(office, user).await?;
        let hash = crate::password::hash_async(password.to_string())
            .await
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.store.set_password(&self.actor, user, &hash, true, reason).await
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
                parent,
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
                office: Some(office.code.clone()),
                scale,
            }],
            ..Default::default()
        };
        self.store.apply_dataset(&self.actor, &dataset, reason).await?;
        self.set_office_scale(office, Some(code.clone()), reason).await?;
        Ok(code)
    }
}

/// A login as an office's admin makes it: ending with `.` and the office's code
/// (`budi` in `kpu-kota-metro` → `budi.kpu-kota-metro`; one that already ends so is kept).
pub fn office_login(login: &str, office_code: &str) -> String {
    let login = login.trim().to_lowercase();
    let suffix = format!(".{office_code}");
    if login.ends_with(&suffix) {
        login
    } else {
        format!("{login}{suffix}")
    }
}
