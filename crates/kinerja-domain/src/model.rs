//! The performance model: offices (satker) and their units, the people who sign, and a unit's
//! plan for a year — objectives (sasaran) → indicators → targets (PK), actions with schedules
//! (RAK), budget lines, and realisations.
//!
//! A [`YearPlan`] is one office's year as flat vectors keyed by ids: what the stores load and
//! what achievement and plan checks read.

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::indicator::{IndicatorSettings, LowerFormula};
pub use crate::names::{Login, OfficeCode, Year};
use crate::period::{Period, PeriodKind};
use crate::value::Value;

/// Declares an id type: a number of its own type, so one kind of record's id is never taken for
/// another's (written as the number, read from text as one, JSON a bare number).
macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident;)+) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )+};
}

id_type! {
    /// An office's (satker's) id.
    OfficeId;
    /// A unit's id.
    UnitId;
    /// A person's (a signatory's) id.
    PersonId;
    /// An action's (kegiatan's) id.
    ActionId;
    /// A realisation's id.
    RealisationId;
    /// An objective's (sasaran's) id.
    ObjectiveId;
    /// An indicator's id.
    IndicatorId;
}

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl $name {
            pub fn code(self) -> &'static str { match self { $($name::$variant => $code),+ } }
        }
        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s { $($code => Ok($name::$variant),)+
                    other => Err(format!(concat!("unknown ", stringify!($name), " '{}' (use one of: {})"), other, [$($code),+].join(", "))) }
            }
        }
    };
}

code_enum!(
    /// Where an office stands in the KPU tree.
    OfficeLevel { National = "national", Province = "province", Regency = "regency" }
);
code_enum!(
    /// What a unit of an office is.
    UnitKind { Commission = "commission", Division = "division", Secretariat = "secretariat", Subsection = "subsection" }
);
code_enum!(
    /// Plt (pelaksana tugas) or Plh (pelaksana harian) when a person acts in a position.
    Acting { Definitive = "definitive", Plt = "plt", Plh = "plh" }
);
code_enum!(
    BudgetLevel { Program = "program", Activity = "activity" }
);
code_enum!(
    /// The workflow state of a realisation.
    RealisationStatus { Draft = "draft", Submitted = "submitted", Verified = "verified", Returned = "returned" }
);

/// A satker: KPU RI, a provincial KPU, or a regency/city KPU.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub id: OfficeId,
    /// Short code used on the command line (`kpu-kota-metro`).
    pub code: OfficeCode,
    /// As written in its documents (`KPU Kota Metro`).
    pub name: String,
    pub full_name: String,
    pub level: OfficeLevel,
    pub parent: Option<OfficeId>,
    pub address: Option<String>,
    pub city: Option<String>,
    /// Code of the category scale achievement is judged on.
    pub scale: Option<String>,
    pub lower_formula: LowerFormula,
    /// Where the office's day begins (deadlines, "today", document dates).
    #[serde(default)]
    pub time_zone: crate::date::TimeZone,
    pub version: i64,
}

/// A unit of an office: the commission, a division, the secretariat, a sub-section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub office: OfficeId,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    /// Other names documents use for it (`Subbag Rendatin`).
    pub aliases: Vec<String>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub office: OfficeId,
    pub code: String,
    /// As printed, with degrees (`JUMADI AHMAD, SH`).
    pub name: String,
    pub nip: Option<String>,
}

/// A person holding a position in a unit, for a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub person: PersonId,
    pub unit: UnitId,
    pub title: String,
    pub acting: Acting,
    pub from: Option<Date>,
    pub until: Option<Date>,
}

/// Who signed a document, where and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Signature {
    pub place: Option<String>,
    pub date: Option<Date>,
    /// Pihak Pertama: the unit head.
    pub first: Option<PersonId>,
    /// Pihak Kedua: the superior.
    pub second: Option<PersonId>,
}

/// What a unit's year carries beside its objectives: the RAK's period kind, signatures, the
/// budget total the PK states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitYear {
    pub unit: UnitId,
    pub year: Year,
    pub has_pk: bool,
    pub has_rak: bool,
    pub rak_period_kind: PeriodKind,
    pub stated_budget_total: Option<Decimal>,
    pub pk_signed: Option<Signature>,
    pub rak_signed: Option<Signature>,
    pub pk_source: Option<String>,
    pub rak_source: Option<String>,
}

impl UnitYear {
    /// A unit's year with nothing in it yet: no PK, no RAK (monthly if one is added), unsigned.
    pub fn new(unit: UnitId, year: Year) -> Self {
        UnitYear {
            unit,
            year,
            has_pk: false,
            has_rak: false,
            rak_period_kind: PeriodKind::default(),
            stated_budget_total: None,
            pk_signed: None,
            rak_signed: None,
            pk_source: None,
            rak_source: None,
        }
    }
}

/// A sasaran (strategic or programme objective) of a unit's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    pub id: ObjectiveId,
    pub unit: UnitId,
    pub year: Year,
    pub ord: i32,
    pub text: String,
}

/// Figures an existing report (the LKj) printed for an indicator, kept to compare with what
/// Kinerja computes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Reported {
    pub source: Option<String>,
    pub objective_text: Option<String>,
    pub indicator_text: Option<String>,
    /// 'Target (%)'.
    pub target: Option<Value>,
    /// 'Capaian (%)'.
    pub achievement: Option<Value>,
}

/// An indicator of an objective, with its targets in the PK and the RAK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub objective: ObjectiveId,
    pub ord: i32,
    pub text: String,
    /// The yearly target agreed in the PK; `None` when the PK does not list the indicator.
    pub pk_target: Option<Value>,
    /// The target the RAK prints; `None` when the RAK does not list the indicator.
    pub rak_target: Option<Value>,
    /// The countable target achievement is measured against when the PK target is a
    /// percentage of it ('Target (Kegiatan)': `4 laporan` for a `95%` indicator).
    pub activity_target: Option<Value>,
    /// Targets per month or quarter, when set.
    pub period_targets: Vec<(Period, Value)>,
    pub settings: IndicatorSettings,
    /// IKU: how it is computed (cara perhitungan) and its data source (sumber data).
    pub computation: Option<String>,
    pub data_source: Option<String>,
    /// The superior unit's indicator this one supports (cascading).
    pub supports: Option<IndicatorId>,
    /// The superior unit's objective this one supports, when it supports an objective as a
    /// whole (kept for the cascade tree and checked; achievement cascades through `supports`).
    pub supports_objective: Option<ObjectiveId>,
    pub reported: Option<Reported>,
    pub note: Option<String>,
    pub version: i64,
}

impl Indicator {
    /// The target achievement is measured against for the whole year.
    pub fn measure_target(&self) -> Option<&Value> {
        self.activity_target
            .as_ref()
            .or(self.pk_target.as_ref())
            .or(self.rak_target.as_ref())
    }
    pub fn in_pk(&self) -> bool {
        self.pk_target.is_some()
    }
    pub fn in_rak(&self) -> bool {
        self.rak_target.is_some()
    }
}

/// When an action runs: the months (1..=12) or quarters (1..=4) that carry a mark. Kept as
/// written so the plan checks can report periods outside the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Schedule {
    pub kind: PeriodKind,
    pub periods: Vec<u8>,
}

impl Schedule {
    pub fn runs_in(&self, period: Period) -> bool {
        match (self.kind, period) {
            (PeriodKind::Month, Period::Month(m)) => self.periods.contains(&m),
            (PeriodKind::Quarter, Period::Quarter(q)) => self.periods.contains(&q),
            (PeriodKind::Month, Period::Quarter(q)) => self.periods.iter().any(|m| (q * 3 - 2..=q * 3).contains(m)),
            (PeriodKind::Quarter, Period::Month(m)) => self.periods.contains(&m.div_ceil(3)),
            (_, Period::Year) => !self.periods.is_empty(),
        }
    }
}

/// A kegiatan of the RAK under an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: ActionId,
    pub indicator: IndicatorId,
    pub ord: i32,
    pub text: String,
    pub schedule: Schedule,
    /// PELAKSANA as written.
    pub executor: Option<String>,
    /// The unit the executor names, when it names one.
    pub executor_unit: Option<UnitId>,
    pub budget: Option<Decimal>,
    pub target: Option<Value>,
    pub note: Option<String>,
}

/// A programme or activity line of a unit's budget: ceiling (pagu) and what was spent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub unit: UnitId,
    pub year: Year,
    pub ord: i32,
    pub name: String,
    pub level: BudgetLevel,
    pub ceiling: Decimal,
    pub realised: Option<Decimal>,
    /// The indicators this line funds (of its unit or the units below): the efficiency of the
    /// line is measured by their achievement. Empty: not linked.
    #[serde(default)]
    pub indicators: Vec<IndicatorId>,
}

/// What a unit realised on an indicator in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Realisation {
    pub id: RealisationId,
    pub indicator: IndicatorId,
    pub period: Period,
    pub value: Value,
    pub status: RealisationStatus,
    /// Evidence (bukti dukung): references to stored files or documents.
    pub evidence: Vec<String>,
    /// Kendala.
    pub obstacles: Option<String>,
    /// Tindak lanjut.
    pub follow_up: Option<String>,
    /// Why a head returned it.
    pub return_reason: Option<String>,
    pub version: i64,
}

/// Who holds which position in an office: its units, people and positions, without its plan. The
/// documents of an office read its superior office's staff (the Ketua of the province signs the
/// commission's PK as Pihak Kedua).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub office: Office,
    pub units: Vec<Unit>,
    pub people: Vec<Person>,
    pub positions: Vec<Position>,
}

impl Staff {
    /// The staff part of a year's plan.
    pub fn of(plan: &YearPlan) -> Staff {
        Staff {
            office: plan.office.clone(),
            units: plan.units.clone(),
            people: plan.people.clone(),
            positions: plan.positions.clone(),
        }
    }
    /// The office's top unit (the one with no parent; the first such when there are several).
    pub fn top_unit(&self) -> Option<&Unit> {
        self.units.iter().filter(|u| u.parent.is_none()).min_by_key(|u| u.id)
    }
}

/// Units from the top down: each unit, then the units below it (depth first), in the order
/// given. A unit whose parent is not among `units` is left out, as is a cycle.
pub fn units_in_tree_order(units: &[Unit]) -> Vec<&Unit> {
    fn visit<'a>(units: &'a [Unit], parent: Option<UnitId>, out: &mut Vec<&'a Unit>) {
        for u in units.iter().filter(|u| u.parent == parent) {
            out.push(u);
            visit(units, Some(u.id), out);
        }
    }
    let mut out = Vec::with_capacity(units.len());
    visit(units, None, &mut out);
    out
}

/// One office's year: everything achievement and the plan checks need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPlan {
    pub office: Office,
    pub year: Year,
    pub units: Vec<Unit>,
    pub unit_years: Vec<UnitYear>,
    pub objectives: Vec<Objective>,
    pub indicators: Vec<Indicator>,
    pub actions: Vec<Action>,
    pub budget: Vec<BudgetLine>,
    pub realisations: Vec<Realisation>,
    pub people: Vec<Person>,
    pub positions: Vec<Position>,
}

impl YearPlan {
    pub fn empty(office: Office, year: Year) -> Self {
        YearPlan {
            office,
            year,
            units: vec![],
            unit_years: vec![],
            objectives: vec![],
            indicators: vec![],
            actions: vec![],
            budget: vec![],
            realisations: vec![],
            people: vec![],
            positions: vec![],
        }
    }
    pub fn unit(&self, id: UnitId) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
    pub fn unit_year(&self, id: UnitId) -> Option<&UnitYear> {
        self.unit_years.iter().find(|u| u.unit == id)
    }
    pub fn objectives_of(&self, unit: UnitId) -> impl Iterator<Item = &Objective> {
        self.objectives.iter().filter(move |o| o.unit == unit)
    }
    pub fn indicators_of(&self, objective: ObjectiveId) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(move |i| i.objective == objective)
    }
    /// Units in tree order (each parent before its children, siblings by id).
    pub fn units_in_tree_order(&self) -> Vec<&Unit> {
        units_in_tree_order(&self.units)
    }
    /// Whether `ancestor` is above `unit` in the unit tree.
    pub fn is_ancestor(&self, ancestor: UnitId, unit: UnitId) -> bool {
        let parents: HashMap<UnitId, Option<UnitId>> = self.units.iter().map(|u| (u.id, u.parent)).collect();
        let mut cur = parents.get(&unit).copied().flatten();
        let mut steps = 0;
        while let Some(p) = cur {
            if p == ancestor {
                return true;
            }
            steps += 1;
            if steps > parents.len() {
                return false;
            }
            cur = parents.get(&p).copied().flatten();
        }
        false
    }
    /// The unit whose name, code or alias is `name` (case and spacing ignored).
    pub fn find_unit(&self, name: &str) -> Option<&Unit> {
        find_unit(&self.units, name)
    }
}

/// The unit of `units` whose name, code or alias is `name` (case, spacing and punctuation ignored).
pub fn find_unit<'a>(units: &'a [Unit], name: &str) -> Option<&'a Unit> {
    let wanted = normalise_text(name);
    units.iter().find(|u| {
        normalise_text(&u.code) == wanted
            || normalise_text(&u.name) == wanted
            || u.aliases.iter().any(|a| normalise_text(a) == wanted)
    })
}

/// Text compared the way people read it: case, spacing and punctuation ignored.
pub fn normalise_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// The Renstra: vision, missions, goals (tujuan) with their indicators and 5-year targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renstra {
    pub from_year: Year,
    pub to_year: Year,
    pub vision: String,
    pub missions: Vec<String>,
    pub goals: Vec<RenstraGoal>,
}

impl Renstra {
    /// A Renstra of `from_year`–`to_year` with nothing written yet.
    pub fn empty(from_year: Year, to_year: Year) -> Self {
        Renstra {
            from_year,
            to_year,
            vision: String::new(),
            missions: vec![],
            goals: vec![],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RenstraGoal {
    pub text: String,
    pub indicators: Vec<RenstraIndicator>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RenstraIndicator {
    pub text: String,
    /// Targets per year of the Renstra period.
    pub targets: Vec<(Year, Value)>,
    /// How it is computed (cara perhitungan), as the IKU prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computation: Option<String>,
    /// Where its data come from (sumber data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_text_ignores_case_spacing_punctuation() {
        assert_eq!(normalise_text("Subbag  Teknis & Hupmas"), "subbag teknis hupmas");
        assert_eq!(
            normalise_text(" Persentase  tersedianya, layanan."),
            "persentase tersedianya layanan"
        );
        assert_eq!(UnitKind::from_str("subsection").unwrap(), UnitKind::Subsection);
        assert!(UnitKind::from_str("bureau").unwrap_err().contains("commission"));
    }

    #[test]
    fn schedules_answer_for_months_and_quarters() {
        let monthly = Schedule {
            kind: PeriodKind::Month,
            periods: vec![6, 10, 12],
        };
        assert!(monthly.runs_in(Period::Month(6)));
        assert!(!monthly.runs_in(Period::Month(7)));
        assert!(monthly.runs_in(Period::Quarter(2)));
        assert!(!monthly.runs_in(Period::Quarter(3)));
        let quarterly = Schedule {
            kind: PeriodKind::Quarter,
            periods: vec![2],
        };
        assert!(quarterly.runs_in(Period::Month(5)));
        assert!(!quarterly.runs_in(Period::Month(7)));
    }
}
