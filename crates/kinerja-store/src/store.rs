//! The store's interface, split by capability. [`Store`] is all of them together; a function
//! that needs only one capability can ask for that trait alone.

use super::*;

/// The plan: offices, units, scales, the Renstra, each year's PK and RAK and budget, and the
/// ways they are written (a whole dataset, a merge, one edit, a copy into the next year).
#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Every office, parents before children.
    async fn offices(&self) -> Result<Vec<Office>>;

    /// The office whose code, name or full name is `key` (case and spacing ignored).
    async fn find_office(&self, key: &str) -> Result<Option<Office>> {
        let wanted = normalise_text(key);
        Ok(self.offices().await?.into_iter().find(|o| {
            normalise_text(&o.code) == wanted
                || normalise_text(&o.name) == wanted
                || normalise_text(&o.full_name) == wanted
        }))
    }

    /// The scales every office may use and the ones `office` declares.
    async fn scales_for(&self, office: OfficeId) -> Result<Vec<CategoryScale>>;

    /// The ordinal scales `office` defines and the shared ones (the built-in SAKIP grades and
    /// audit opinions are not stored: see `OrdinalScale::builtin`).
    async fn ordinal_scales_for(&self, office: OfficeId) -> Result<Vec<OrdinalScale>>;

    async fn renstra(&self, office: OfficeId) -> Result<Option<Renstra>>;

    /// One office's year.
    async fn year_plan(&self, office: OfficeId, year: Year) -> Result<YearPlan>;

    /// The years an office has a plan for (objectives or a signed agreement of any unit),
    /// oldest first.
    async fn plan_years(&self, office: OfficeId) -> Result<Vec<Year>>;

    /// Every office's year (oversight, national roll-up), in [`PlanStore::offices`] order.
    async fn year_plans(&self, year: Year) -> Result<Vec<YearPlan>>;

    /// Writes `dataset` in one transaction: offices, units, people and scales are created or
    /// updated by code; each unit plan replaces that unit's plan for its year.
    async fn apply_dataset(&self, actor: &Actor, dataset: &Dataset, reason: &str) -> Result<DatasetSummary>;

    /// Merges unit plans of one office into what it already has, in one transaction, without
    /// replacing or removing anything: objectives are matched by their text within the unit and
    /// year, indicators within their objective, actions within their indicator and budget lines
    /// by name (all as [`normalise_text`] reads them); what is not there is added at the end,
    /// empty targets, formulas and data sources of indicators that are there are filled, and a
    /// signature is set only where none is stored; an action there gets the file's schedule or
    /// executor only where it has none. Realisations and cascade links are not merged (refused).
    /// One audit entry per unit plan the merge changes.
    /// With [`MergeMode::Preview`] nothing is written and the summary says what would be.
    async fn merge_plans(
        &self,
        actor: &Actor,
        office: OfficeId,
        plans: &[UnitPlanDraft],
        reason: &str,
        mode: MergeMode,
    ) -> Result<MergeSummary>;

    /// Changes how an indicator is measured.
    async fn update_indicator_settings(
        &self,
        actor: &Actor,
        id: IndicatorId,
        expected_version: i64,
        settings: &IndicatorSettings,
        reason: &str,
    ) -> Result<Indicator>;

    /// The units of an office, parents first.
    async fn units(&self, office: OfficeId) -> Result<Vec<Unit>>;

    /// Where an indicator belongs.
    async fn indicator_owner(&self, id: IndicatorId) -> Result<Option<Owner>>;

    /// Applies one change to an office's plan, audited with its reason.
    async fn edit_plan(&self, actor: &Actor, office: OfficeId, edit: &PlanEdit, reason: &str) -> Result<Edited>;

    /// Copies every unit's PK and RAK of `from` into `to` as the starting point of the next
    /// year: objectives, indicators (targets and settings, cascade links), actions and budget
    /// ceilings; no realisations. Refused when `to` already has a plan.
    async fn copy_plan(
        &self,
        actor: &Actor,
        office: OfficeId,
        from: Year,
        to: Year,
        reason: &str,
    ) -> Result<DatasetSummary>;

    /// Where an action belongs.
    async fn action_owner(&self, action: ActionId) -> Result<Option<Owner>>;
}

/// Monitoring: realisations and their workflow, action progress, comments, evidence, deadlines.
#[async_trait]
pub trait MonitoringStore: Send + Sync {
    /// Enters or changes the realisation of an indicator for a period. `expected_version` is
    /// the version read (`None` when the period had none); verified realisations are locked.
    async fn save_realisation(
        &self,
        actor: &Actor,
        input: &RealisationInput,
        expected_version: Option<i64>,
        reason: Option<&str>,
    ) -> Result<Realisation>;

    /// Submits, verifies, returns or reopens a realisation.
    async fn transition_realisation(
        &self,
        actor: &Actor,
        id: RealisationId,
        expected_version: i64,
        transition: &Transition,
    ) -> Result<Realisation> {
        self.transition_realisation_telling(actor, id, expected_version, transition, &[])
            .await
    }

    /// [`MonitoringStore::transition_realisation`], and in the same transaction a notification
    /// of the step ([`kinerja_domain::notice::Notice::of_transition`]) to each user of `tell`
    /// (none for a step that notifies nobody).
    async fn transition_realisation_telling(
        &self,
        actor: &Actor,
        id: RealisationId,
        expected_version: i64,
        transition: &Transition,
        tell: &[i64],
    ) -> Result<Realisation>;

    /// Where a realisation belongs.
    async fn realisation_owner(&self, id: RealisationId) -> Result<Option<Owner>>;

    /// What was reported on the actions of an office's year.
    async fn action_progress(&self, office: OfficeId, year: Year) -> Result<Vec<ActionProgress>>;

    /// Records whether an action was carried out in a period.
    async fn set_action_progress(
        &self,
        actor: &Actor,
        action: ActionId,
        period: Period,
        done: bool,
        note: Option<&str>,
    ) -> Result<ActionProgress>;

    /// Adds a comment (at most 2.000 characters) on an indicator's figure for a period.
    async fn add_comment(&self, actor: &Actor, indicator: IndicatorId, period: Period, body: &str) -> Result<Comment>;

    /// The comments on an office's indicators (all years: few), oldest first.
    async fn comments(&self, office: OfficeId) -> Result<Vec<Comment>>;

    /// The realisation of an indicator for a period, if one was entered.
    async fn realisation(&self, indicator: IndicatorId, period: Period) -> Result<Option<Realisation>>;

    /// The records of uploaded evidence files by their generated names (unknown names are
    /// left out).
    async fn evidence_files(&self, names: &[String]) -> Result<Vec<EvidenceFile>>;

    /// The reporting deadlines an office set for a year (periods without one follow
    /// `kinerja_domain::reporting::default_due`).
    async fn deadlines(&self, office: OfficeId, year: Year) -> Result<Vec<Deadline>>;

    /// Replaces an office's deadlines for a year.
    async fn set_deadlines(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        deadlines: &[Deadline],
        reason: &str,
    ) -> Result<Vec<Deadline>>;
}

/// What the documents need beyond the plan and its figures: the LKj's narratives.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The LKj narratives of an office's year, by key.
    async fn narratives(&self, office: OfficeId, year: Year) -> Result<Vec<Narrative>>;

    /// Sets narratives, `(key, body)` each (an empty body removes one), in one transaction: all
    /// or none. Each change is audited with the text before and after; an unchanged text writes
    /// nothing. Returns the office's narratives of the year afterwards.
    async fn set_narratives(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        texts: &[(String, String)],
        reason: &str,
    ) -> Result<Vec<Narrative>>;

    /// Sets one narrative: [`ReportStore::set_narratives`] with one text; the narrative as stored, or
    /// `None` when the body was empty.
    async fn set_narrative(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        key: &str,
        body: &str,
        reason: &str,
    ) -> Result<Option<Narrative>> {
        let all = self
            .set_narratives(actor, office, year, &[(key.to_string(), body.to_string())], reason)
            .await?;
        Ok(all.into_iter().find(|n| n.key == key.trim()))
    }

    /// Keeps a final document's PDF as printed (with its verification `code`), its SHA-256
    /// beside it; audited. A code that exists already is refused.
    async fn freeze_document(&self, actor: &Actor, new: &NewFrozen, reason: &str) -> Result<FrozenDocument>;

    /// The frozen documents of an office (of one year, or all), newest first.
    async fn frozen_documents(&self, office: OfficeId, year: Option<Year>) -> Result<Vec<FrozenDocument>>;

    /// One frozen document.
    async fn frozen_document(&self, id: i64) -> Result<Option<FrozenDocument>>;

    /// The frozen document whose verification code is `code`.
    async fn frozen_by_code(&self, code: &str) -> Result<Option<FrozenDocument>>;

    /// The bytes kept: the signed copy when `signed` and there is one, else the frozen PDF.
    async fn frozen_pdf(&self, id: i64, signed: bool) -> Result<Option<Vec<u8>>>;

    /// Attaches the electronically signed copy of a frozen document (already checked to extend
    /// its bytes), with what its signature says; audited. Replaces an earlier signed copy.
    async fn attach_signed(
        &self,
        actor: &Actor,
        id: i64,
        pdf: &[u8],
        sha256: &str,
        signature: &str,
        reason: &str,
    ) -> Result<FrozenDocument>;

    /// Publishes a frozen document on its office's public page, or withdraws it; audited.
    async fn set_published(&self, actor: &Actor, id: i64, published: bool, reason: &str) -> Result<FrozenDocument>;
}

/// A final document to freeze.
#[derive(Debug, Clone)]
pub struct NewFrozen {
    pub office: OfficeId,
    pub year: Year,
    /// `pk`, `rak` or `lkj`.
    pub kind: String,
    pub unit: Option<String>,
    pub title: String,
    pub file_name: String,
    pub code: String,
    pub sha256: String,
    pub pdf: Vec<u8>,
}

/// A frozen document, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrozenDocument {
    pub id: i64,
    pub office: OfficeId,
    pub year: Year,
    pub kind: String,
    pub unit: Option<String>,
    pub title: String,
    pub file_name: String,
    pub code: String,
    pub sha256: String,
    pub frozen_at: String,
    pub frozen_by: String,
    pub signed_sha256: Option<String>,
    pub signed_at: Option<String>,
    /// What the signature dictionary says (filter, signer, time), as shown.
    pub signature: Option<String>,
    pub published: bool,
}

/// People and access: users, their grants, passwords and language.
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Creates a user with their grants. A login that exists is refused.
    async fn create_user(&self, actor: &Actor, user: &NewUser, reason: &str) -> Result<User>;

    async fn user(&self, id: i64) -> Result<Option<User>>;

    /// The user and their password hash, for signing in.
    async fn user_credentials(&self, login: &Login) -> Result<Option<(User, String)>>;

    /// The user and their password hash by id (the web checks the hash on every request, so a
    /// password change ends other sessions).
    async fn user_credentials_by_id(&self, id: i64) -> Result<Option<(User, String)>>;

    async fn users(&self) -> Result<Vec<User>>;

    /// The users with a role in `office` (oversight from above included), by login.
    async fn office_users(&self, office: OfficeId) -> Result<Vec<User>>;

    /// Replaces a user's password hash (the audit records that it changed, never the hash).
    /// With `revoke_tokens` (a reset by someone else: the old password may be known to others)
    /// the user's API tokens are revoked in the same transaction, and the audit entry says how
    /// many.
    async fn set_password(
        &self,
        actor: &Actor,
        user: i64,
        password_hash: &str,
        revoke_tokens: bool,
        reason: &str,
    ) -> Result<User>;

    /// Disables or enables a user.
    async fn set_user_disabled(&self, actor: &Actor, user: i64, disabled: bool, reason: &str) -> Result<User>;

    /// Remembers the user's interface language.
    async fn set_user_lang(&self, actor: &Actor, user: i64, lang: kinerja_domain::i18n::Lang) -> Result<User>;

    /// The user's second factor (see [`crate::second_factor`]), if enrolled.
    async fn second_factor(&self, user: i64) -> Result<Option<SecondFactor>>;

    /// Enrols `user`, replacing any second factor: the secret, the step of the code that
    /// confirmed it (used), and the recovery codes' hashes. Audited without the secret.
    async fn enrol_second_factor(
        &self,
        actor: &Actor,
        user: i64,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
        reason: &str,
    ) -> Result<()>;

    /// Accepts a code's step for `user` when it is later than the last one accepted: true once
    /// per step (two servers checking the same code: one of them).
    async fn accept_second_factor_step(&self, user: i64, step: i64) -> Result<bool>;

    /// Uses one of the user's recovery codes, by its hash: true once. Audited.
    async fn use_recovery_code(&self, actor: &Actor, user: i64, hash: &str) -> Result<bool>;

    /// Removes the user's second factor and recovery codes (by the user, or an admin's reset).
    /// Audited.
    async fn remove_second_factor(&self, actor: &Actor, user: i64, reason: &str) -> Result<()>;

    /// The roles that must sign in with a second factor at `office`.
    async fn second_factor_roles(&self, office: OfficeId) -> Result<Vec<kinerja_domain::access::Role>>;

    /// Sets the roles that must sign in with a second factor at `office`. Audited.
    async fn set_second_factor_roles(
        &self,
        actor: &Actor,
        office: OfficeId,
        roles: &[kinerja_domain::access::Role],
        reason: &str,
    ) -> Result<()>;
}

/// A user's second factor as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// Base32 (see [`crate::second_factor`]).
    pub secret: String,
    /// The last step a code was accepted for.
    pub last_step: i64,
    /// When it was enrolled (RFC 3339).
    pub since: String,
    /// Recovery codes not used yet.
    pub recovery_left: i64,
}

impl std::fmt::Debug for SecondFactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecondFactor")
            .field("since", &self.since)
            .field("recovery_left", &self.recovery_left)
            .finish_non_exhaustive()
    }
}

/// Sessions and tokens: web sessions, API tokens and the servers' shared secrets.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Records a new API token (its digest, [`token::digest`]) for a user.
    async fn create_api_token(&self, actor: &Actor, user: i64, name: &str, digest: &str) -> Result<token::ApiToken>;

    /// The enabled user a token (by digest) acts for, unless it was revoked.
    async fn user_by_token(&self, digest: &str) -> Result<Option<User>>;

    /// A user's tokens, newest first.
    async fn api_tokens(&self, user: i64) -> Result<Vec<token::ApiToken>>;

    /// Revokes a token; it stops working at once.
    async fn revoke_api_token(&self, actor: &Actor, id: i64, reason: &str) -> Result<token::ApiToken>;

    /// Stores a web session (`data` is opaque JSON; `expires_at` in Unix seconds). Sessions are
    /// not audited: they change nothing of the office's data.
    async fn session_save(&self, id: &str, data: &str, expires_at: i64) -> Result<()>;

    /// A session that has not expired at `now` (Unix seconds).
    async fn session_load(&self, id: &str, now: i64) -> Result<Option<String>>;

    /// Removes a session, and every session expired at `now`.
    async fn session_delete(&self, id: &str, now: i64) -> Result<()>;

    /// Removes every session expired at `now`; how many.
    async fn session_purge(&self, now: i64) -> Result<u64>;

    /// A secret the servers of this database share (32 random bytes), made at first use.
    async fn server_secret(&self, name: &str) -> Result<Vec<u8>>;
}

/// Notifications: what the app tells each user, their e-mail settings, and the jobs that must
/// run once for all servers. Notifications are not audited (they change nothing of an office's
/// data); e-mail settings are.
#[async_trait]
pub trait NoticeStore: Send + Sync {
    /// Stores the day's reminders.
    async fn remind(&self, reminders: &[NewReminder]) -> Result<()>;

    /// A user's notifications, newest first: `limit` of them with an id below `before`.
    async fn notifications(&self, user: i64, before: Option<i64>, limit: i64) -> Result<Vec<Notification>>;

    /// How many of a user's notifications are unread.
    async fn unread_notifications(&self, user: i64) -> Result<i64>;

    /// Marks a user's notifications up to id `up_to` read; how many were unread.
    async fn mark_notifications_read(&self, user: i64, up_to: i64) -> Result<u64>;

    async fn mail_settings(&self, user: i64) -> Result<MailSettings>;

    /// Changes a user's e-mail address (checked: one address, at most 254 characters) and
    /// whether they are notified by e-mail.
    async fn set_mail_settings(&self, actor: &Actor, user: i64, settings: &MailSettings) -> Result<MailSettings>;

    /// Claims up to `limit` unread notifications not yet sent whose recipient has an address and
    /// wants e-mail, oldest first (a notice read or answered before its turn is not sent), for this server alone: a claim older than `stale_after_seconds`
    /// (a server stopped while sending) may be claimed again. Claiming notifications of users
    /// who turned e-mail off marks them as not to be sent.
    async fn claim_mail(&self, limit: i64, stale_after_seconds: i64) -> Result<Vec<Outgoing>>;

    /// Records the sending of a claimed notification: sent, or the error that gave it up.
    async fn mail_done(&self, id: i64, error: Option<&str>) -> Result<()>;

    /// Whether this call is the first to claim `job` (the daily reminder of an office is
    /// `reminder:<office>:<date>`): true once, for one server, ever.
    async fn claim_job(&self, job: &str) -> Result<bool>;

    /// Forgets the claims of jobs started before `before` (RFC 3339), so that the table of
    /// claims does not grow for ever; how many. A job's key carries its day or hour, so an old
    /// key is never claimed again.
    async fn forget_jobs(&self, before: &str) -> Result<u64>;
}

/// The yearly SAKIP evaluation (LKE): each year's worksheet and each office's answers. A year
/// with no worksheet stored is evaluated on the one Kinerja ships
/// ([`kinerja_domain::evaluation::Template::shipped`]), stored as the year's at its first answer.
#[async_trait]
pub trait EvaluationStore: Send + Sync {
    /// The year's worksheet, if one is stored.
    async fn lke_template(&self, year: Year) -> Result<Option<crate::evaluations::YearTemplate>>;

    /// Stores the year's worksheet (audited, with `reason`). Refused when it is not sound
    /// (`Template::check`, the first finding named) or when the year's is frozen: answered, or
    /// its window opened for any level.
    async fn save_lke_template(
        &self,
        actor: &Actor,
        year: Year,
        template: &kinerja_domain::evaluation::Template,
        reason: &str,
    ) -> Result<crate::evaluations::YearTemplate>;

    /// An office's answers of a year at a stage, in the worksheet's order of codes.
    async fn lke_answers(
        &self,
        office: OfficeId,
        year: Year,
        stage: crate::evaluations::Stage,
    ) -> Result<Vec<crate::evaluations::StoredAnswer>>;

    /// Every office's answers of a year at a stage (offices without any left out), for the
    /// oversight of grades.
    async fn lke_answers_of_year(
        &self,
        year: Year,
        stage: crate::evaluations::Stage,
    ) -> Result<Vec<(OfficeId, Vec<crate::evaluations::StoredAnswer>)>>;

    /// The year's windows, one per office level that has one.
    async fn lke_windows(&self, year: Year) -> Result<Vec<(OfficeLevel, kinerja_domain::evaluation::Window)>>;

    /// Sets when the year's self-assessment is open to the offices of `level` (audited); a window
    /// may move at any time, answers already given stay.
    async fn set_lke_window(
        &self,
        actor: &Actor,
        year: Year,
        level: OfficeLevel,
        window: kinerja_domain::evaluation::Window,
        reason: &str,
    ) -> Result<()>;

    /// Reopens an office's self-assessment after its window closed, up to `until` (audited, a
    /// reason required).
    async fn reopen_lke(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        until: kinerja_domain::date::Date,
        reason: &str,
    ) -> Result<()>;

    /// Writes answers, all or none: each names a criterion of the year's worksheet once, with
    /// an answer of its kind (Y/T or A–E) and a note of at most [`crate::evaluations::MAX_NOTE`]
    /// characters; anything else is refused naming the criterion (its place in `answers`, from 1),
    /// and nothing is written. Each answer that changes is audited (before, after, `reason`).
    /// The year's worksheet is frozen from then on. The self-assessment is refused outside the
    /// window of the office's level (in the office's own day), unless reopened for it; a year
    /// with no window for the level is open. How many answers changed.
    async fn save_lke_answers(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        stage: crate::evaluations::Stage,
        answers: &[crate::evaluations::NewAnswer],
        reason: Option<&str>,
    ) -> Result<usize>;

    /// Where an office's evaluation of a year stands (a draft when no evaluator has acted).
    async fn lke_review(&self, office: OfficeId, year: Year) -> Result<crate::evaluations::Review>;

    /// Every office's review of a year that has one, for the oversight of grades.
    async fn lke_reviews_of_year(&self, year: Year) -> Result<Vec<(OfficeId, crate::evaluations::Review)>>;

    /// Takes a step of the review ([`kinerja_domain::evaluation::review::apply`]; who may take it
    /// is the caller's check), audited with its words; refused when the state does not allow it.
    async fn step_lke_review(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        step: &kinerja_domain::evaluation::review::ReviewStep,
    ) -> Result<crate::evaluations::Review>;

    /// An office's recommendations of a year, oldest first.
    async fn lke_recommendations(
        &self,
        office: OfficeId,
        year: Year,
    ) -> Result<Vec<crate::evaluations::Recommendation>>;

    /// The office and year of a recommendation, if it exists.
    async fn lke_recommendation_owner(&self, id: i64) -> Result<Option<(OfficeId, Year)>>;

    /// Adds a finding and its recommendation (audited): the component must be one of the year's
    /// worksheet, the texts within their bounds; refused once the review is approved.
    async fn add_lke_recommendation(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        new: &crate::evaluations::NewRecommendation,
    ) -> Result<crate::evaluations::Recommendation>;

    /// Removes a recommendation (audited, a reason required); refused once the review is approved.
    async fn remove_lke_recommendation(&self, actor: &Actor, id: i64, reason: &str) -> Result<()>;

    /// Writes the office's follow-up of a recommendation (audited: before, after, `reason`), at
    /// any time, into the next year.
    async fn follow_up_lke_recommendation(
        &self,
        actor: &Actor,
        id: i64,
        entry: &crate::evaluations::FollowUpEntry,
        reason: Option<&str>,
    ) -> Result<crate::evaluations::Recommendation>;

    /// The evidence of an office's self-assessment of a year, in the order it was added.
    async fn lke_evidence(&self, office: OfficeId, year: Year) -> Result<Vec<crate::evaluations::LkeEvidence>>;

    /// The evidence record of an uploaded file, by its generated name.
    async fn lke_evidence_file(&self, name: &str) -> Result<Option<crate::evaluations::LkeEvidence>>;

    /// Adds a piece of evidence to a criterion (audited): the criterion must be in the year's
    /// worksheet, a document one of the known codes and not named twice, a file's name a
    /// generated one, at most [`kinerja_domain::evaluation::evidence::MAX_PER_CRITERION`] per
    /// criterion; refused outside the self-assessment's window, as its answers are.
    async fn add_lke_evidence(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: Year,
        new: &crate::evaluations::NewLkeEvidence,
    ) -> Result<crate::evaluations::LkeEvidence>;

    /// Removes a piece of evidence (audited, a reason required; the file itself stays in the
    /// store, as removed evidence of realisations does); refused outside the window.
    async fn remove_lke_evidence(&self, actor: &Actor, id: i64, reason: &str) -> Result<()>;
}

/// The audit log and the data versions every audited change raises.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// The latest audit entries, newest first (of one office, or of everything).
    async fn audit_log(&self, office: Option<OfficeId>, limit: i64) -> Result<Vec<AuditEntry>>;

    /// The entries that match `query`, newest first (at most 500).
    async fn audit_search(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>>;

    /// Which of these deletion entries were restored (`PlanEdit::Restore`).
    async fn restored(&self, audit_ids: &[i64]) -> Result<Vec<i64>>;

    /// The data version of every office and the latest change anywhere (see [`DataVersions`]).
    async fn data_versions(&self) -> Result<DataVersions>;

    /// One office's data version: raised by every audited change of the office's data.
    async fn office_version(&self, office: OfficeId) -> Result<i64>;

    /// The id of the latest audited change of anything.
    async fn latest_change(&self) -> Result<i64>;

    /// The id of the latest audited change of the office list (offices created or changed).
    async fn office_list_version(&self) -> Result<i64>;

    /// Records in the audit log something done that changes no stored record (an admin ending a
    /// sign-in wait): who, when, what, why.
    async fn record(
        &self,
        actor: &Actor,
        office: Option<OfficeId>,
        entity: &str,
        entity_id: Option<&str>,
        action: &str,
        reason: &str,
    ) -> Result<()>;
}

/// Everything Kinerja keeps: every capability together. Implemented for SQLite and PostgreSQL;
/// both pass the same contract tests (`kinerja-store-contract`).
#[async_trait]
pub trait Store:
    PlanStore + MonitoringStore + ReportStore + PeopleStore + SessionStore + AuditStore + NoticeStore + EvaluationStore
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Creates or upgrades the schema.
    async fn migrate(&self) -> Result<()>;

    /// The migrations this binary carries that the database has not applied (empty: ready);
    /// an error when the database cannot be reached. For readiness checks.
    async fn pending_migrations(&self) -> Result<Vec<i64>>;

    /// The versions of the migrations the database has applied (none on a new database).
    async fn applied_migrations(&self) -> Result<Vec<i64>>;

    /// The migrations the database has applied that this binary does not carry: it runs on a
    /// schema a newer release made (during a rolling upgrade, where migrations are additive).
    async fn unknown_migrations(&self) -> Result<Vec<i64>>;

    /// The use of the connection pools now, for the operators' metrics.
    fn pool_stats(&self) -> Vec<PoolStats>;

    /// Writes a consistent copy of the whole database to the new file `to` while it is in use
    /// (SQLite: `VACUUM INTO`). PostgreSQL answers [`StoreError::Unsupported`]: its backups are
    /// `pg_dump`'s (see `kinerja backup`).
    async fn snapshot_to(&self, to: &std::path::Path) -> Result<()>;

    /// The office `office`'s data (of `year`, or of every year) as portable rows, with the
    /// offices above it (to be found or created where it is imported). See [`crate::transfer`].
    async fn export_office(&self, office: &OfficeCode, year: Option<Year>) -> Result<crate::transfer::OfficeData>;

    /// Imports an office's exported data in one transaction, with new ids; what the instance
    /// already has by its code (offices, units, people, scales) is used. A year's plan,
    /// monitoring or evaluation the office already has here, a login or a file name or a
    /// document code already used, is refused with [`StoreError::Invalid`] naming it, and
    /// nothing is written. One audit entry records the import; the imported audit entries keep
    /// where they came from and cannot be restored from.
    async fn import_office(
        &self,
        actor: &Actor,
        data: &crate::transfer::OfficeData,
        options: &crate::transfer::ImportOptions,
    ) -> Result<crate::transfer::Imported>;
}

/// One connection pool's use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolStats {
    /// `shared` (PostgreSQL: reads and writes), or `read` and `write` (SQLite: one writer).
    pub pool: &'static str,
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}
