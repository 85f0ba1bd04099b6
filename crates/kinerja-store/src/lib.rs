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
pub mod password;
pub mod scoped;
pub mod token;
pub mod validate;

pub use scoped::Scoped;

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

/// A person who signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub disabled: bool,
    pub lang: kinerja_domain::i18n::Lang,
    pub grants: Vec<kinerja_domain::access::Grant>,
    pub version: i64,
}

/// A user to create. `password_hash` is an argon2id PHC string ([`password::hash`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub login: String,
    pub name: String,
    pub password_hash: String,
    pub lang: kinerja_domain::i18n::Lang,
    pub grants: Vec<kinerja_domain::access::Grant>,
}

/// Whether a login is well formed: 3–64 of a–z, 0–9, `.`, `-`, `_`, starting with a letter.
pub fn valid_login(login: &str) -> bool {
    (3..=64).contains(&login.len())
        && login.starts_with(|c: char| c.is_ascii_lowercase())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
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
        year: i32,
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
        year: i32,
        realised: Vec<(i32, Option<Decimal>)>,
    },
    /// Links a unit's budget lines (by their order) to the indicators each funds: indicators of
    /// the unit or of the units below it, in the same year. An empty list unlinks the line.
    SetBudgetLinks {
        unit: UnitId,
        year: i32,
        links: Vec<(i32, Vec<IndicatorId>)>,
    },
    /// Signs a unit's PK for a year: place, date, the unit head (Pihak Pertama) and the
    /// superior (Pihak Kedua), both people of the office.
    SignPk {
        unit: UnitId,
        year: i32,
        signature: Signature,
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
        year: i32,
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
    pub code: String,
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
    pub year: i32,
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

/// What merging plans into an office's existing plans did ([`Store::merge_plans`]).
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

/// Whether [`Store::merge_plans`] writes or only says what it would write.
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
                    parent: code_of(o.parent),
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
                    office: office.clone(),
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind,
                    parent: unit_code(u.parent),
                    aliases: u.aliases.clone(),
                });
            }
            for p in &plan.people {
                ds.people.push(PersonDraft {
                    office: office.clone(),
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
                    office: office.clone(),
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
                    office: office.clone(),
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

/// Everything Kinerja keeps. Implemented for SQLite and PostgreSQL; both pass the same
/// contract tests (`kinerja-store-contract`).
#[async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Creates or upgrades the schema.
    async fn migrate(&self) -> Result<()>;

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
    async fn year_plan(&self, office: OfficeId, year: i32) -> Result<YearPlan>;

    /// Every office's year (oversight, national roll-up), in [`Store::offices`] order.
    async fn year_plans(&self, year: i32) -> Result<Vec<YearPlan>>;

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
    ) -> Result<Realisation>;

    /// Changes how an indicator is measured.
    async fn update_indicator_settings(
        &self,
        actor: &Actor,
        id: IndicatorId,
        expected_version: i64,
        settings: &IndicatorSettings,
        reason: &str,
    ) -> Result<Indicator>;

    /// The latest audit entries, newest first (of one office, or of everything).
    async fn audit_log(&self, office: Option<OfficeId>, limit: i64) -> Result<Vec<AuditEntry>>;

    /// The units of an office, parents first.
    async fn units(&self, office: OfficeId) -> Result<Vec<Unit>>;

    /// Where an indicator belongs.
    async fn indicator_owner(&self, id: IndicatorId) -> Result<Option<Owner>>;

    /// Where a realisation belongs.
    async fn realisation_owner(&self, id: RealisationId) -> Result<Option<Owner>>;

    /// Creates a user with their grants. A login that exists is refused.
    async fn create_user(&self, actor: &Actor, user: &NewUser, reason: &str) -> Result<User>;

    async fn user(&self, id: i64) -> Result<Option<User>>;

    /// The user and their password hash, for signing in.
    async fn user_credentials(&self, login: &str) -> Result<Option<(User, String)>>;

    /// The user and their password hash by id (the web checks the hash on every request, so a
    /// password change ends other sessions).
    async fn user_credentials_by_id(&self, id: i64) -> Result<Option<(User, String)>>;

    async fn users(&self) -> Result<Vec<User>>;

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

    /// Applies one change to an office's plan, audited with its reason.
    async fn edit_plan(&self, actor: &Actor, office: OfficeId, edit: &PlanEdit, reason: &str) -> Result<Edited>;

    /// Copies every unit's PK and RAK of `from` into `to` as the starting point of the next
    /// year: objectives, indicators (targets and settings, cascade links), actions and budget
    /// ceilings; no realisations. Refused when `to` already has a plan.
    async fn copy_plan(
        &self,
        actor: &Actor,
        office: OfficeId,
        from: i32,
        to: i32,
        reason: &str,
    ) -> Result<DatasetSummary>;

    /// The data version of every office and the latest change anywhere (see [`DataVersions`]).
    async fn data_versions(&self) -> Result<DataVersions>;

    /// One office's data version: raised by every audited change of the office's data.
    async fn office_version(&self, office: OfficeId) -> Result<i64>;

    /// The id of the latest audited change of anything.
    async fn latest_change(&self) -> Result<i64>;

    /// The id of the latest audited change of the office list (offices created or changed).
    async fn office_list_version(&self) -> Result<i64>;

    /// What was reported on the actions of an office's year.
    async fn action_progress(&self, office: OfficeId, year: i32) -> Result<Vec<ActionProgress>>;

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

    /// The LKj narratives of an office's year, by key.
    async fn narratives(&self, office: OfficeId, year: i32) -> Result<Vec<Narrative>>;

    /// Sets narratives, `(key, body)` each (an empty body removes one), in one transaction: all
    /// or none. Each change is audited with the text before and after; an unchanged text writes
    /// nothing. Returns the office's narratives of the year afterwards.
    async fn set_narratives(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: i32,
        texts: &[(String, String)],
        reason: &str,
    ) -> Result<Vec<Narrative>>;

    /// Sets one narrative: [`Store::set_narratives`] with one text; the narrative as stored, or
    /// `None` when the body was empty.
    async fn set_narrative(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: i32,
        key: &str,
        body: &str,
        reason: &str,
    ) -> Result<Option<Narrative>> {
        let all = self
            .set_narratives(actor, office, year, &[(key.to_string(), body.to_string())], reason)
            .await?;
        Ok(all.into_iter().find(|n| n.key == key.trim()))
    }

    /// Where an action belongs.
    async fn action_owner(&self, action: ActionId) -> Result<Option<Owner>>;

    /// The realisation of an indicator for a period, if one was entered.
    async fn realisation(&self, indicator: IndicatorId, period: Period) -> Result<Option<Realisation>>;

    /// The records of uploaded evidence files by their generated names (unknown names are
    /// left out).
    async fn evidence_files(&self, names: &[String]) -> Result<Vec<EvidenceFile>>;

    /// The reporting deadlines an office set for a year (periods without one follow
    /// `kinerja_domain::reporting::default_due`).
    async fn deadlines(&self, office: OfficeId, year: i32) -> Result<Vec<Deadline>>;

    /// Replaces an office's deadlines for a year.
    async fn set_deadlines(
        &self,
        actor: &Actor,
        office: OfficeId,
        year: i32,
        deadlines: &[Deadline],
        reason: &str,
    ) -> Result<Vec<Deadline>>;

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
