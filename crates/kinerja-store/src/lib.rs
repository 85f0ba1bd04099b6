//! The store Kinerja's backends implement ([`Store`]), and the types that cross it.
//!
//! Every write runs in one transaction and records an audit entry (who, when, what, before,
//! after, why) in that same transaction. Writes that change a single record carry the version the
//! writer read; a stale version is refused with [`StoreError::Conflict`] (no lost updates).
//!
//! Bulk content arrives as a [`Dataset`]: offices, units, people, scales and unit plans named by
//! their codes, as a data file or an import describes them. Applying a dataset refreshes the
//! plans it contains (all or nothing).

use async_trait::async_trait;
use kinerja_domain::Decimal;
use kinerja_domain::date::Date;
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula};
use kinerja_domain::model::*;
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::reporting::Deadline;
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::value::Value;
use kinerja_domain::workflow::Transition;
use serde::Serialize;

pub mod cache;
pub mod clock;
pub mod evaluations;
pub mod frozen;
pub mod notices;
pub mod password;
pub mod scoped;
pub mod second_factor;
pub mod token;
pub mod transfer;
pub mod validate;

pub use notices::{MailSettings, NewReminder, Notification, Outgoing};
pub use scoped::Scoped;
pub use scoped::evaluations::EvaluationRoles;
pub use store::{
    AuditStore, EvaluationStore, FrozenDocument, MonitoringStore, NewFrozen, NoticeStore, PeopleStore, PlanStore,
    PoolStats, ReportStore, SecondFactor, SessionStore, Store,
};

mod store;

/// Every store trait, for code that calls the store through `dyn Store`.
pub mod prelude {
    pub use crate::store::{
        AuditStore, EvaluationStore, MonitoringStore, NoticeStore, PeopleStore, PlanStore, ReportStore, SessionStore,
        Store,
    };
}

/// Who makes a change (the signed-in user, or `cli:<login>` on the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
}

impl Actor {
    pub fn new(name: impl Into<String>) -> Self {
        Actor { name: name.into() }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {message}")]
    Unavailable { url: String, message: String },
    /// What this backend does not do, and what to use instead.
    #[error("{0}")]
    Unsupported(String),
    #[error("{entity} '{key}' not found")]
    NotFound { entity: &'static str, key: String },
    #[error(
        "{entity} {id} was changed by someone else meanwhile (you read version {expected}, it is now {current}); reload and apply your change again"
    )]
    Conflict {
        entity: &'static str,
        id: i64,
        expected: i64,
        current: i64,
    },
    #[error("{0}")]
    Invalid(String),
    /// Input no record may hold (a text too long or with a control character, a value out of
    /// its bounds): what and where, in both languages ([`validate`]).
    #[error("{}", .0.en)]
    Rejected(kinerja_domain::i18n::Text),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The signed-in user may not do this (see `kinerja_domain::access`).
    #[error("{}", .0.en)]
    Forbidden(kinerja_domain::i18n::Text),
    #[error("database error: {0}")]
    Database(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: String,
    pub actor: String,
    pub office: Option<OfficeId>,
    pub entity: String,
    pub entity_id: Option<String>,
    pub action: String,
    /// JSON of the record before the change (`None` when created).
    pub before: Option<String>,
    /// JSON of the record after the change (`None` when deleted).
    pub after: Option<String>,
    pub reason: Option<String>,
}

/// How long a deleted objective or indicator can be restored from its history.
pub const RESTORE_DAYS: i64 = 30;

/// What to look for in the audit log ([`AuditStore::audit_search`]): every condition given
/// must hold. Newest first, `limit` entries with an id below `before`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub office: Option<OfficeId>,
    /// Entities of these kinds (`realisation`, `indicator`, …); empty: any.
    pub entities: Vec<String>,
    /// These records only, each a kind and an id (`("realisation", "134/B10")`,
    /// `("indicator", "134")`, `("rak", "7/2024")`); empty: any. At most 500.
    pub records: Vec<(String, String)>,
    /// Entity ids starting with this (`134/`: every period of indicator 134).
    pub entity_id_prefix: Option<String>,
    /// Who made the change, exactly as recorded (a login, `cli:…`).
    pub actor: Option<String>,
    /// From this day and up to this day (UTC dates, inclusive).
    pub from: Option<kinerja_domain::date::Date>,
    pub to: Option<kinerja_domain::date::Date>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub login: Login,
    pub name: String,
    pub disabled: bool,
    pub lang: kinerja_domain::i18n::Lang,
    pub grants: Vec<kinerja_domain::access::Grant>,
    pub version: i64,
}

/// A user to create. `password_hash` is an argon2id PHC string ([`password::hash`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub login: Login,
    pub name: String,
    pub password_hash: String,
    pub lang: kinerja_domain::i18n::Lang,
    pub grants: Vec<kinerja_domain::access::Grant>,
}

/// The office, unit and indicator a record belongs to, for scope checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    pub office: OfficeId,
    pub unit: UnitId,
    pub indicator: IndicatorId,
}

/// A realisation as an operator enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealisationInput {
    pub indicator: IndicatorId,
    pub period: Period,
    pub value: Value,
    /// Every piece of evidence the realisation keeps: uploaded files as
    /// [`EvidenceFile::reference`], or references written elsewhere (a document name).
    pub evidence: Vec<String>,
    /// Files uploaded with this save (already written to the file store); each must be among
    /// `evidence`. Their records are written in the same transaction as the realisation.
    pub new_files: Vec<EvidenceFile>,
    pub obstacles: Option<String>,
    pub follow_up: Option<String>,
}

/// What a planner writes about an indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorFields {
    pub text: String,
    pub pk_target: Option<Value>,
    pub rak_target: Option<Value>,
    pub period_targets: Vec<(Period, Value)>,
    pub settings: IndicatorSettings,
    /// How it is computed (formula) and where its data come from.
    pub computation: Option<String>,
    pub data_source: Option<String>,
    /// The superior unit's indicator it supports (cascade), of the same office and year.
    pub supports: Option<IndicatorId>,
}

/// A RAK row as the grid sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionFields {
    /// The row's action when it already exists (kept, with what was reported on it), else new.
    pub id: Option<ActionId>,
    pub indicator: IndicatorId,
    pub text: String,
    pub schedule: Schedule,
    pub executor: Option<String>,
    pub budget: Option<Decimal>,
    pub target: Option<Value>,
}

/// One change to an office's plan (PK and RAK). Every id must belong to the office named with
/// the edit; anything else is "not found".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanEdit {
    /// A new objective (sasaran) at the end of a unit's PK for a year; the unit's year is
    /// created with a PK when it has none.
    AddObjective {
        unit: UnitId,
        year: Year,
        text: String,
    },
    UpdateObjective {
        id: ObjectiveId,
        text: String,
    },
    /// Refused while its indicators have realisations or actions.
    DeleteObjective {
        id: ObjectiveId,
    },
    AddIndicator {
        objective: ObjectiveId,
        fields: IndicatorFields,
    },
    UpdateIndicator {
        id: IndicatorId,
        version: i64,
        fields: IndicatorFields,
    },
    /// Refused while it has realisations, or indicators below support it.
    DeleteIndicator {
        id: IndicatorId,
        version: i64,
    },
    /// Sets what a unit's budget lines have spent so far this year (realisasi anggaran), by
    /// their order in the unit's budget; `None` clears a figure.
    SetBudgetRealised {
        unit: UnitId,
        year: Year,
        realised: Vec<(i32, Option<Decimal>)>,
    },
    /// Links a unit's budget lines (by their order) to the indicators each funds: indicators of
    /// the unit or of the units below it, in the same year. An empty list unlinks the line.
    SetBudgetLinks {
        unit: UnitId,
        year: Year,
        links: Vec<(i32, Vec<IndicatorId>)>,
    },
    /// Signs a unit's PK for a year: place, date, the unit head (Pihak Pertama) and the
    /// superior (Pihak Kedua), both people of the office.
    SignPk {
        unit: UnitId,
        year: Year,
        signature: Signature,
    },
    /// Puts back the objective or indicator whose deletion audit entry `audit` recorded
    /// (within [`RESTORE_DAYS`] days, once), with what it took with it.
    Restore {
        audit: i64,
    },
    /// Replaces the office's Renstra. `read` is [`fingerprint`] of the Renstra the form was
    /// drawn from (of `None` when there was none).
    ReplaceRenstra {
        read: String,
        renstra: Renstra,
    },
    /// Replaces a unit's RAK rows for a year. `read` is [`actions_fingerprint`] of the rows the
    /// grid was drawn from: if they changed meanwhile the save is refused (no lost update).
    ReplaceActions {
        unit: UnitId,
        year: Year,
        read: String,
        rows: Vec<ActionFields>,
    },
}

/// A short fingerprint of a unit's RAK rows, to notice that they changed since they were read.
pub fn actions_fingerprint(actions: &[&Action]) -> String {
    fingerprint(&actions)
}

/// A short fingerprint of anything read into a form, to notice that it changed meanwhile.
pub fn fingerprint<T: std::fmt::Debug + ?Sized>(x: &T) -> String {
    // FNV-1a over the debug text: stable for one build, which is all a form round trip needs.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("{x:?}").bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// How current the stored data are: a counter per office, raised in the same transaction as
/// every audited change of that office's data, and the latest audit entry of all. Caches compare
/// them with what they hold (so several servers sharing one database stay correct).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataVersions {
    pub latest: i64,
    pub offices: std::collections::HashMap<OfficeId, i64>,
}

/// Whether an action scheduled in a period was carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionProgress {
    pub action: ActionId,
    pub period: Period,
    pub done: bool,
    pub note: Option<String>,
    pub updated_by: String,
    pub updated_at: String,
}

/// A text an office wrote for its LKj (`foreword`, `analysis:12`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Narrative {
    pub key: String,
    pub body: String,
    pub updated_by: String,
    pub updated_at: String,
}

/// The longest narrative accepted, in characters.
pub const NARRATIVE_MAX_CHARS: usize = kinerja_domain::input::Field::Narrative.max_chars();

/// A comment on an indicator's figure for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: i64,
    pub indicator: IndicatorId,
    pub period: Period,
    pub author: String,
    pub body: String,
    pub at: String,
}

/// What an edit made: the id of the record added or changed (0 for deletions and grids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edited {
    pub id: i64,
}

/// The prefix of an evidence reference to an uploaded file.
pub const FILE_REFERENCE: &str = "berkas:";

/// An uploaded evidence file (bukti dukung). The bytes live in the file store under `name`, a
/// generated name; the database keeps what the user called it and what its content is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    /// Generated: 32 hex digits and the extension of the sniffed type (`…c0ffee.pdf`).
    pub name: String,
    pub office: OfficeId,
    pub indicator: IndicatorId,
    pub period: Period,
    /// The name on the uploader's computer, for display and download.
    pub original_name: String,
    /// Decided from the content, never from the browser's claim.
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

impl EvidenceFile {
    /// How a realisation's evidence list names this file.
    pub fn reference(&self) -> String {
        format!("{FILE_REFERENCE}{}", self.name)
    }
}

/// Whether a generated file name is well formed (so a request can never name a path).
pub fn valid_file_name(name: &str) -> bool {
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    stem.len() == 32
        && stem.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && (1..=5).contains(&ext.len())
        && ext.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

// ---- Dataset: content named by codes ------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dataset {
    pub offices: Vec<OfficeDraft>,
    pub units: Vec<UnitDraft>,
    pub people: Vec<PersonDraft>,
    pub positions: Vec<PositionDraft>,
    pub scales: Vec<ScaleDraft>,
    pub ordinal_scales: Vec<OrdinalScaleDraft>,
    pub renstra: Vec<RenstraDraft>,
    pub plans: Vec<UnitPlanDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeDraft {
    pub code: OfficeCode,
    pub name: String,
    pub full_name: String,
    pub level: OfficeLevel,
    pub parent: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub scale: Option<String>,
    pub lower_formula: LowerFormula,
    /// `None`: the parent office's (a regency office lies in its province), else WIB.
    pub time_zone: Option<kinerja_domain::date::TimeZone>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDraft {
    pub office: String,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDraft {
    pub office: String,
    pub code: String,
    pub name: String,
    pub nip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionDraft {
    pub office: String,
    pub person: String,
    pub unit: String,
    pub title: String,
    pub acting: Acting,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleDraft {
    /// `None`: a scale every office may use.
    pub office: Option<String>,
    pub scale: CategoryScale,
}

/// An ordinal scale for graded targets ("Sangat Memuaskan" > "Memuaskan" > …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdinalScaleDraft {
    /// `None`: a scale every office may use.
    pub office: Option<String>,
    pub scale: OrdinalScale,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenstraDraft {
    pub office: String,
    pub renstra: Renstra,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignatureDraft {
    pub place: Option<String>,
    pub date: Option<Date>,
    /// Person codes.
    pub first: Option<String>,
    pub second: Option<String>,
}

/// A unit's plan for a year: PK, RAK, budget and realisations, merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPlanDraft {
    pub office: String,
    pub unit: String,
    pub year: Year,
    pub has_pk: bool,
    pub has_rak: bool,
    pub rak_period_kind: PeriodKind,
    pub stated_budget_total: Option<Decimal>,
    pub pk_signed: Option<SignatureDraft>,
    pub rak_signed: Option<SignatureDraft>,
    pub pk_source: Option<String>,
    pub rak_source: Option<String>,
    pub budget: Vec<BudgetLineDraft>,
    pub objectives: Vec<ObjectiveDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLineDraft {
    pub name: String,
    pub level: BudgetLevel,
    pub ceiling: Decimal,
    pub realised: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveDraft {
    pub text: String,
    pub indicators: Vec<IndicatorDraft>,
}

/// A link to a superior unit's indicator of the same office and year, by unit code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorRef {
    pub unit: String,
    pub indicator: String,
}

/// A link to a superior unit's objective of the same office and year, by unit code and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveRef {
    pub unit: String,
    pub objective: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndicatorDraft {
    pub text: String,
    pub pk_target: Option<Value>,
    pub rak_target: Option<Value>,
    pub activity_target: Option<Value>,
    pub period_targets: Vec<(Period, Value)>,
    pub settings: IndicatorSettings,
    pub computation: Option<String>,
    pub data_source: Option<String>,
    pub supports: Option<IndicatorRef>,
    pub supports_objective: Option<ObjectiveRef>,
    pub reported: Option<Reported>,
    pub note: Option<String>,
    pub actions: Vec<ActionDraft>,
    pub realisations: Vec<RealisationDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDraft {
    pub text: String,
    pub schedule: Schedule,
    pub executor: Option<String>,
    /// Unit code the executor names, when it names one.
    pub executor_unit: Option<String>,
    pub budget: Option<Decimal>,
    pub target: Option<Value>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RealisationDraft {
    pub period: Period,
    pub value: Value,
    pub status: RealisationStatus,
    pub evidence: Vec<String>,
    pub obstacles: Option<String>,
    pub follow_up: Option<String>,
}

/// What applying a dataset wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DatasetSummary {
    pub offices: usize,
    pub units: usize,
    pub people: usize,
    pub scales: usize,
    pub ordinal_scales: usize,
    pub plans: usize,
    pub objectives: usize,
    pub indicators: usize,
    pub actions: usize,
    pub budget_lines: usize,
    pub realisations: usize,
}

/// What merging plans into an office's existing plans did ([`PlanStore::merge_plans`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MergeSummary {
    /// Unit plans (unit and year) the file has.
    pub plans: usize,
    /// Of those, the ones the merge changed (each with its audit entry); 0 when the file adds
    /// nothing.
    pub plans_changed: usize,
    pub objectives_added: usize,
    pub indicators_added: usize,
    pub actions_added: usize,
    pub budget_lines_added: usize,
    /// Indicators already there whose empty targets, formula or data source the file filled.
    pub indicators_completed: usize,
    /// Actions already there whose empty schedule or executor the file filled.
    pub actions_completed: usize,
    /// What was already there under the same text, so not added again.
    pub objectives_present: usize,
    pub indicators_present: usize,
    pub actions_present: usize,
    pub budget_lines_present: usize,
    /// Where the file says something else than what is stored: the stored value was kept.
    pub kept: Vec<KeptValue>,
}

impl MergeSummary {
    /// How many things the merge added or completed (0: the file changes nothing).
    pub fn changes(&self) -> usize {
        self.objectives_added
            + self.indicators_added
            + self.actions_added
            + self.budget_lines_added
            + self.indicators_completed
            + self.actions_completed
    }
}

/// A value a merge found stored and different in the file, and kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptValue {
    /// `unit-code/year`.
    pub plan: String,
    /// What it is: `pk_target`, `rak_target`, `activity_target`, `computation`, `data_source`,
    /// `budget_ceiling`, `pk_signature`, `rak_signature`, `schedule` (months or quarters, `2,4`)
    /// or `executor`.
    pub field: &'static str,
    /// The indicator's text or the budget line's name (empty for signatures).
    pub item: String,
    pub stored: String,
    pub file: String,
}

impl KeptValue {
    pub fn new(
        plan: impl Into<String>,
        field: &'static str,
        item: impl Into<String>,
        stored: impl Into<String>,
        file: impl Into<String>,
    ) -> Self {
        Self {
            plan: plan.into(),
            field,
            item: item.into(),
            stored: stored.into(),
            file: file.into(),
        }
    }
}

/// Whether [`PlanStore::merge_plans`] writes or only says what it would write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeMode {
    Apply,
    /// Everything is done in the transaction, which is then rolled back.
    Preview,
}

impl Dataset {
    /// A dataset holding `plans` as they are (the synthetic year, a copy of another store).
    /// Offices, units and people are named by their codes.
    pub fn from_year_plans<'a>(offices: &[Office], plans: impl IntoIterator<Item = &'a YearPlan>) -> Dataset {
        let code_of = |id: Option<OfficeId>| {
            id.and_then(|id| offices.iter().find(|o| o.id == id))
                .map(|o| o.code.clone())
        };
        let mut ds = Dataset {
            offices: offices
                .iter()
                .map(|o| OfficeDraft {
                    code: o.code.clone(),
                    name: o.name.clone(),
                    full_name: o.full_name.clone(),
                    level: o.level,
                    parent: code_of(o.parent).map(String::from),
                    address: o.address.clone(),
                    city: o.city.clone(),
                    scale: o.scale.clone(),
                    lower_formula: o.lower_formula,
                    time_zone: Some(o.time_zone),
                })
                .collect(),
            ..Default::default()
        };
        for plan in plans {
            let office = plan.office.code.clone();
            let unit_code = |id: Option<UnitId>| id.and_then(|id| plan.unit(id)).map(|u| u.code.clone());
            for u in plan.units_in_tree_order() {
                ds.units.push(UnitDraft {
                    office: office.to_string(),
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind,
                    parent: unit_code(u.parent),
                    aliases: u.aliases.clone(),
                });
            }
            for p in &plan.people {
                ds.people.push(PersonDraft {
                    office: office.to_string(),
                    code: p.code.clone(),
                    name: p.name.clone(),
                    nip: p.nip.clone(),
                });
            }
            let person_code = |id: Option<PersonId>| {
                id.and_then(|id| plan.people.iter().find(|p| p.id == id))
                    .map(|p| p.code.clone())
            };
            for p in &plan.positions {
                ds.positions.push(PositionDraft {
                    office: office.to_string(),
                    person: person_code(Some(p.person)).unwrap_or_default(),
                    unit: unit_code(Some(p.unit)).unwrap_or_default(),
                    title: p.title.clone(),
                    acting: p.acting,
                    from: p.from,
                    until: p.until,
                });
            }
            let signature = |s: &Option<Signature>| {
                s.as_ref().map(|s| SignatureDraft {
                    place: s.place.clone(),
                    date: s.date,
                    first: person_code(s.first),
                    second: person_code(s.second),
                })
            };
            for uy in &plan.unit_years {
                let Some(unit) = plan.unit(uy.unit) else {
                    continue;
                };
                let mut objectives: Vec<&Objective> = plan.objectives_of(unit.id).collect();
                objectives.sort_by_key(|o| (o.ord, o.id));
                let objectives = objectives
                    .into_iter()
                    .map(|o| {
                        let mut inds: Vec<&Indicator> = plan.indicators_of(o.id).collect();
                        inds.sort_by_key(|i| (i.ord, i.id));
                        ObjectiveDraft {
                            text: o.text.clone(),
                            indicators: inds.into_iter().map(|i| indicator_draft(plan, i)).collect(),
                        }
                    })
                    .collect();
                ds.plans.push(UnitPlanDraft {
                    office: office.to_string(),
                    unit: unit.code.clone(),
                    year: uy.year,
                    has_pk: uy.has_pk,
                    has_rak: uy.has_rak,
                    rak_period_kind: uy.rak_period_kind,
                    stated_budget_total: uy.stated_budget_total,
                    pk_signed: signature(&uy.pk_signed),
                    rak_signed: signature(&uy.rak_signed),
                    pk_source: uy.pk_source.clone(),
                    rak_source: uy.rak_source.clone(),
                    budget: plan
                        .budget
                        .iter()
                        .filter(|b| b.unit == unit.id && b.year == uy.year)
                        .map(|b| BudgetLineDraft {
                            name: b.name.clone(),
                            level: b.level,
                            ceiling: b.ceiling,
                            realised: b.realised,
                        })
                        .collect(),
                    objectives,
                });
            }
        }
        ds
    }
}

fn indicator_draft(plan: &YearPlan, i: &Indicator) -> IndicatorDraft {
    let supports_objective = i
        .supports_objective
        .and_then(|id| plan.objectives.iter().find(|o| o.id == id))
        .and_then(|o| {
            Some(ObjectiveRef {
                unit: plan.unit(o.unit)?.code.clone(),
                objective: o.text.clone(),
            })
        });
    let supports = i
        .supports
        .and_then(|id| plan.indicators.iter().find(|s| s.id == id))
        .and_then(|s| {
            let unit = plan
                .objectives
                .iter()
                .find(|o| o.id == s.objective)
                .and_then(|o| plan.unit(o.unit))?;
            Some(IndicatorRef {
                unit: unit.code.clone(),
                indicator: s.text.clone(),
            })
        });
    let mut actions: Vec<&Action> = plan.actions.iter().filter(|a| a.indicator == i.id).collect();
    actions.sort_by_key(|a| (a.ord, a.id));
    IndicatorDraft {
        text: i.text.clone(),
        pk_target: i.pk_target.clone(),
        rak_target: i.rak_target.clone(),
        activity_target: i.activity_target.clone(),
        period_targets: i.period_targets.clone(),
        settings: i.settings.clone(),
        computation: i.computation.clone(),
        data_source: i.data_source.clone(),
        supports,
        supports_objective,
        reported: i.reported.clone(),
        note: i.note.clone(),
        actions: actions
            .into_iter()
            .map(|a| ActionDraft {
                text: a.text.clone(),
                schedule: a.schedule.clone(),
                executor: a.executor.clone(),
                executor_unit: a.executor_unit.and_then(|u| plan.unit(u)).map(|u| u.code.clone()),
                budget: a.budget,
                target: a.target.clone(),
                note: a.note.clone(),
            })
            .collect(),
        realisations: plan
            .realisations
            .iter()
            .filter(|r| r.indicator == i.id)
            .map(|r| RealisationDraft {
                period: r.period,
                value: r.value.clone(),
                status: r.status,
                evidence: r.evidence.clone(),
                obstacles: r.obstacles.clone(),
                follow_up: r.follow_up.clone(),
            })
            .collect(),
    }
}
