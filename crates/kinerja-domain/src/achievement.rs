//! Achievement (capaian): per indicator for a period or the year to date, rolled up to
//! objective, unit and office.
//!
//! - higher is better: R / T × 100
//! - lower is better: (2 × T − R) / T × 100, or T / R × 100 (the office's choice)
//! - band [lo, hi]: 100 inside; R / lo × 100 below; (2 × hi − R) / hi × 100 above
//! - grades: 100 when the realised grade reaches the target grade; below it, the realised
//!   position over the target position (positions counted from the worst level, D = 1) × 100.
//!   Letters are never divided.
//! - compound quantities (`12 Bulan/3 triwulan`): each part of the target is matched with the
//!   realised part of the same unit; the achievement is the mean of the parts.
//!
//! Exact decimals throughout; rounding only when presented ([`crate::format`]). When the target
//! is missing or zero, or the realisation does not match the target's kind or unit, the answer is
//! [`NotComputable`] with its reason, never a number.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::i18n::{Lang, Text};
use crate::indicator::{IndicatorSettings, LowerFormula, Polarity, Rollup};
use crate::model::{
    Indicator, IndicatorId, ObjectiveId, Office, OfficeId, Realisation, RealisationStatus, UnitId, YearPlan,
};
use crate::names::Year;
use crate::period::Period;
use crate::scale::CategoryScale;
use crate::value::{Measure, Quantity, Unit, Value, ValueKind};

mod cascade;
use cascade::*;

/// Why an achievement cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NotComputable {
    NoTarget,
    NoRealisation,
    TargetZero,
    RealisationZero,
    KindMismatch {
        target: ValueKind,
        realisation: ValueKind,
    },
    UnitMismatch {
        target: String,
        realisation: String,
    },
    ScaleMismatch {
        target: String,
        realisation: String,
    },
    TextValue,
    /// Period values that cannot be combined (different kinds or units, grades summed).
    CannotCombine {
        rollup: Rollup,
    },
    /// A counted indicator measured for one period needs a target for that period.
    NoPeriodTarget {
        period: Period,
    },
    /// The figures are too large to compute with (a value stored before values had bounds).
    OutOfRange,
    /// The indicator is fed by a cascade that comes back to it.
    CircularCascade,
}

impl NotComputable {
    pub fn code(&self) -> &'static str {
        match self {
            NotComputable::NoTarget => "no_target",
            NotComputable::NoRealisation => "no_realisation",
            NotComputable::TargetZero => "target_zero",
            NotComputable::RealisationZero => "realisation_zero",
            NotComputable::KindMismatch { .. } => "kind_mismatch",
            NotComputable::UnitMismatch { .. } => "unit_mismatch",
            NotComputable::ScaleMismatch { .. } => "scale_mismatch",
            NotComputable::TextValue => "text_value",
            NotComputable::CannotCombine { .. } => "cannot_combine",
            NotComputable::NoPeriodTarget { .. } => "no_period_target",
            NotComputable::OutOfRange => "out_of_range",
            NotComputable::CircularCascade => "circular_cascade",
        }
    }

    pub fn text(&self) -> Text {
        match self {
            NotComputable::NoTarget => Text::new("target belum ditetapkan", "no target set"),
            NotComputable::NoRealisation => Text::new("realisasi belum diisi", "no realisation entered"),
            NotComputable::TargetZero => {
                Text::new("target nol: tidak dapat dibagi", "the target is zero: cannot divide")
            }
            NotComputable::RealisationZero => Text::new(
                "realisasi nol: rumus T/R tidak dapat dihitung",
                "the realisation is zero: the T/R formula cannot be computed",
            ),
            NotComputable::KindMismatch { target, realisation } => Text::new(
                format!(
                    "target berupa {} tetapi realisasi berupa {}",
                    target.label(Lang::Id),
                    realisation.label(Lang::Id)
                ),
                format!(
                    "the target is a {} but the realisation is a {}",
                    target.label(Lang::En),
                    realisation.label(Lang::En)
                ),
            ),
            NotComputable::UnitMismatch { target, realisation } => Text::new(
                format!("satuan berbeda: target '{target}', realisasi '{realisation}'"),
                format!("different units: target '{target}', realisation '{realisation}'"),
            ),
            NotComputable::ScaleMismatch { target, realisation } => Text::new(
                format!("skala nilai berbeda: target '{target}', realisasi '{realisation}'"),
                format!("different grade scales: target '{target}', realisation '{realisation}'"),
            ),
            NotComputable::TextValue => Text::new(
                "nilai berupa teks tidak dapat dihitung",
                "a text value cannot be computed with",
            ),
            NotComputable::NoPeriodTarget { period } => Text::new(
                format!(
                    "target untuk {} belum ditetapkan (indikator dijumlahkan per periode)",
                    period.label(Lang::Id)
                ),
                format!(
                    "no target set for {} (the indicator adds up over periods)",
                    period.label(Lang::En)
                ),
            ),
            NotComputable::CircularCascade => Text::new(
                "tidak dapat dihitung: indikator pendukungnya (cascading) kembali ke indikator ini sendiri",
                "cannot be computed: the indicators that support it (cascade) lead back to it",
            ),
            NotComputable::OutOfRange => Text::new(
                "tidak dapat dihitung: angka target atau realisasi di luar batas hitung",
                "cannot be computed: the target or realisation is beyond what can be computed",
            ),
            NotComputable::CannotCombine { rollup } => Text::new(
                format!("realisasi periode tidak dapat digabung ({})", rollup.code()),
                format!("the period realisations cannot be combined ({})", rollup.code()),
            ),
        }
    }
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// The largest achievement (in percent, either sign) reported as a number: beyond it a figure
/// says nothing (a target of Rp 0,01 against a realisation of a billion), and keeping every
/// figure within it lets any roll-up of them be computed.
pub const MAX_ACHIEVEMENT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// `a × b ÷ c`, or [`NotComputable::OutOfRange`] when it does not fit in a [`Decimal`]. Every
/// multiplication and division of achievement goes through here or another checked operation:
/// no figure, however large, can stop a page.
fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Result<Decimal, NotComputable> {
    a.checked_mul(b)
        .and_then(|ab| ab.checked_div(c))
        .ok_or(NotComputable::OutOfRange)
}

fn sub(a: Decimal, b: Decimal) -> Result<Decimal, NotComputable> {
    a.checked_sub(b).ok_or(NotComputable::OutOfRange)
}

/// `2 × t − r`.
fn twice_minus(t: Decimal, r: Decimal) -> Result<Decimal, NotComputable> {
    sub(t.checked_mul(Decimal::TWO).ok_or(NotComputable::OutOfRange)?, r)
}

/// The sum of `values`, checked.
pub fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values.into_iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// The sum of `values`, held at the largest decimal instead of overflowing: for totals printed
/// beside their parts (a budget's), which stored amounts from before values had bounds could
/// otherwise overflow.
pub fn saturating_sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values.into_iter().fold(Decimal::ZERO, |acc, v| acc.saturating_add(v))
}

/// The mean of `values` (none: `None`), checked.
pub fn checked_mean(values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    checked_sum(values.iter().copied())?.checked_div(Decimal::from(values.len()))
}

/// `part ÷ whole × 100`, or `None` when `whole` is zero or the result does not fit.
pub fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    mul_div(part, HUNDRED, whole).ok()
}

fn ratio(t: Decimal, r: Decimal, polarity: Polarity, formula: LowerFormula) -> Result<Decimal, NotComputable> {
    match polarity {
        Polarity::HigherIsBetter => {
            if t.is_zero() {
                return Err(NotComputable::TargetZero);
            }
            mul_div(r, HUNDRED, t)
        }
        Polarity::LowerIsBetter => match formula {
            LowerFormula::TwoTMinusR => {
                if t.is_zero() {
                    return Err(NotComputable::TargetZero);
                }
                mul_div(twice_minus(t, r)?, HUNDRED, t)
            }
            LowerFormula::TOverR => {
                if t.is_zero() {
                    return Err(NotComputable::TargetZero);
                }
                if r.is_zero() {
                    return Err(NotComputable::RealisationZero);
                }
                mul_div(t, HUNDRED, r)
            }
        },
        Polarity::Band { lower, upper } => {
            if r >= lower && r <= upper {
                Ok(HUNDRED)
            } else if r < lower {
                if lower.is_zero() {
                    return Err(NotComputable::TargetZero);
                }
                mul_div(r, HUNDRED, lower)
            } else {
                if upper.is_zero() {
                    return Err(NotComputable::TargetZero);
                }
                mul_div(twice_minus(upper, r)?, HUNDRED, upper)
            }
        }
    }
}

fn quantity_achievement(
    target: &[Quantity],
    realised: &[Quantity],
    polarity: Polarity,
    formula: LowerFormula,
) -> Result<Decimal, NotComputable> {
    let mut parts = Vec::with_capacity(target.len());
    for t in target {
        let Some(r) = realised.iter().find(|r| r.unit.key == t.unit.key) else {
            let written = |q: &[Quantity]| q.iter().map(|q| q.unit.written.clone()).collect::<Vec<_>>().join(" / ");
            return Err(NotComputable::UnitMismatch {
                target: written(target),
                realisation: written(realised),
            });
        };
        parts.push(ratio(t.amount, r.amount, polarity, formula)?);
    }
    checked_mean(&parts).ok_or(NotComputable::OutOfRange)
}

/// The achievement of `realised` against `target`, in percent, uncapped by rounding.
pub fn achievement(
    target: &Value,
    realised: &Value,
    settings: &IndicatorSettings,
    formula: LowerFormula,
) -> Result<Decimal, NotComputable> {
    let polarity = settings.polarity;
    let value = match (target.measure(), realised.measure()) {
        (Measure::Text(_), _) | (_, Measure::Text(_)) => return Err(NotComputable::TextValue),
        (Measure::Percent(t), Measure::Percent(r))
        | (Measure::Score(t), Measure::Score(r))
        | (Measure::Money(t), Measure::Money(r)) => ratio(*t, *r, polarity, formula)?,
        (Measure::Quantity(t), Measure::Quantity(r)) => quantity_achievement(t, r, polarity, formula)?,
        (Measure::Grade(t), Measure::Grade(r)) => {
            if t.scale != r.scale {
                return Err(NotComputable::ScaleMismatch {
                    target: t.scale.clone(),
                    realisation: r.scale.clone(),
                });
            }
            if r.rank >= t.rank {
                HUNDRED
            } else {
                mul_div(Decimal::from(r.rank), HUNDRED, Decimal::from(t.rank.max(1)))?
            }
        }
        _ => {
            return Err(NotComputable::KindMismatch {
                target: target.kind(),
                realisation: realised.kind(),
            });
        }
    };
    finish(value, settings)
}

/// The cap, and the range a figure must lie in to be one.
fn finish(value: Decimal, settings: &IndicatorSettings) -> Result<Decimal, NotComputable> {
    let value = match settings.cap {
        Some(cap) if value > cap => cap,
        _ => value,
    };
    if value.abs() > MAX_ACHIEVEMENT {
        return Err(NotComputable::OutOfRange);
    }
    Ok(value)
}

/// The share of a counted group realised, in percent, at most 100: `5 orang` of `3 Orang` is
/// 100%, `2 of 3` 66,67%. Each part of a compound target against the realised part of its unit;
/// the mean of the parts.
fn counted_percent(target: &[Quantity], realised: &[Quantity]) -> Result<Decimal, NotComputable> {
    let mut parts = Vec::with_capacity(target.len());
    for t in target {
        let Some(r) = realised.iter().find(|r| r.unit.key == t.unit.key) else {
            let written = |q: &[Quantity]| q.iter().map(|q| q.unit.written.clone()).collect::<Vec<_>>().join(" / ");
            return Err(NotComputable::UnitMismatch {
                target: written(target),
                realisation: written(realised),
            });
        };
        if t.amount.is_zero() {
            return Err(NotComputable::TargetZero);
        }
        parts.push(mul_div(r.amount, HUNDRED, t.amount)?.min(HUNDRED));
    }
    checked_mean(&parts).ok_or(NotComputable::OutOfRange)
}

/// How an indicator's realisation meets the target of its span.
///
/// - **A percentage of a counted group** — the PK target is a percentage ("Persentase pegawai yang
///   mengikuti diklat", 100%) and the indicator is measured through a count (the activity target
///   `3 Orang`): the realised percentage is min(100, count ÷ target × 100), and the achievement is
///   that percentage against the PK's (`5 orang` of `3 Orang` is 100% realised, so 100% of a 100%
///   target; `4 laporan` of `4` against 95%: 100 ÷ 95 = 105,26%). The count is an output of the
///   work, so a lower-is-better indicator is not inverted on it ("Penurunan jumlah sengketa" with
///   `2 laporan` of `1 laporan` is 100% realised) — unless the count is of what the indicator
///   names (`2 sengketa` against `1 sengketa`): then it is measured as a count, lower being better.
/// - Otherwise [`achievement`] of the realisation against the target.
///
/// The second value is the realised percentage when the first rule applied.
pub fn measure(
    indicator: &Indicator,
    target: &Value,
    realised: &Value,
    formula: LowerFormula,
) -> (Result<Decimal, NotComputable>, Option<Decimal>) {
    let settings = &indicator.settings;
    if let (Some(Measure::Percent(pk)), Measure::Quantity(t), Measure::Quantity(r)) = (
        indicator.pk_target.as_ref().map(Value::measure),
        target.measure(),
        realised.measure(),
    ) {
        let of_what_it_names = t
            .iter()
            .any(|q| crate::indicator::counts_what_it_names(&indicator.text, &q.unit));
        if !(settings.polarity == Polarity::LowerIsBetter && of_what_it_names) {
            let pct = match counted_percent(t, r) {
                Ok(p) => p,
                Err(e) => return (Err(e), None),
            };
            let polarity = match settings.polarity {
                band @ Polarity::Band { .. } => band,
                _ => Polarity::HigherIsBetter,
            };
            let value = ratio(*pk, pct, polarity, formula).and_then(|v| finish(v, settings));
            return (value, Some(pct));
        }
    }
    (achievement(target, realised, settings, formula), None)
}

/// Combines period values into one by the indicator's roll-up. `values` are in period order.
pub fn combine(values: &[&Value], rollup: Rollup) -> Result<Value, NotComputable> {
    let Some(last) = values.last() else {
        return Err(NotComputable::NoRealisation);
    };
    if values.len() == 1 || rollup == Rollup::Last {
        return Ok((*last).clone());
    }
    let cannot = || NotComputable::CannotCombine { rollup };
    let kind = last.kind();
    if values.iter().any(|v| v.kind() != kind) {
        return Err(cannot());
    }
    let fold_numbers = |nums: Vec<Decimal>| -> Result<Decimal, NotComputable> {
        match rollup {
            Rollup::Sum => checked_sum(nums).ok_or(NotComputable::OutOfRange),
            Rollup::Mean => checked_mean(&nums).ok_or(NotComputable::OutOfRange),
            Rollup::Max => Ok(nums.iter().copied().max().unwrap_or_default()),
            Rollup::Last => Ok(*nums.last().unwrap_or(&Decimal::ZERO)),
        }
    };
    let measure = match last.measure() {
        Measure::Percent(_) | Measure::Score(_) | Measure::Money(_) => {
            let nums = values.iter().filter_map(|v| v.number()).collect();
            let n = fold_numbers(nums)?;
            match kind {
                ValueKind::Percent => Measure::Percent(n),
                ValueKind::Money => Measure::Money(n),
                _ => Measure::Score(n),
            }
        }
        Measure::Quantity(parts) => {
            // Every period must speak of the same units; each unit is combined on its own.
            let keys: Vec<&str> = parts.iter().map(|q| q.unit.key.as_str()).collect();
            let mut combined = Vec::with_capacity(parts.len());
            for (i, key) in keys.iter().enumerate() {
                let mut nums = Vec::with_capacity(values.len());
                for v in values {
                    let Measure::Quantity(p) = v.measure() else {
                        return Err(cannot());
                    };
                    let q = p.iter().find(|q| q.unit.key == *key).ok_or_else(cannot)?;
                    nums.push(q.amount);
                }
                combined.push(Quantity {
                    amount: fold_numbers(nums)?,
                    unit: Unit::new(&parts[i].unit.written),
                });
            }
            Measure::Quantity(combined)
        }
        Measure::Grade(_) => match rollup {
            Rollup::Max => {
                let best = values
                    .iter()
                    .filter_map(|v| match v.measure() {
                        Measure::Grade(g) => Some(g),
                        _ => None,
                    })
                    .max_by_key(|g| g.rank)
                    .ok_or_else(cannot)?;
                Measure::Grade(best.clone())
            }
            _ => return Err(cannot()),
        },
        Measure::Text(_) => return Err(cannot()),
    };
    Ok(Value::from_measure(measure))
}

/// What stretch of the year an achievement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Span {
    /// The whole year.
    #[default]
    Year,
    /// From the start of the year up to and including this period.
    To(Period),
    /// This period alone (a month, or a quarter's months together).
    Only(Period),
}

impl Span {
    pub fn code(self) -> &'static str {
        match self {
            Span::Year => "year",
            Span::To(_) => "year_to_date",
            Span::Only(_) => "period",
        }
    }
    pub fn period(self) -> Option<Period> {
        match self {
            Span::Year => None,
            Span::To(p) | Span::Only(p) => Some(p),
        }
    }
    /// Whether a realisation of period `p` falls in this span.
    fn covers(self, p: Period) -> bool {
        match (self, p) {
            (_, Period::Year) => false,
            (Span::Year, _) => true,
            (Span::To(limit), p) => p.within(limit),
            (Span::Only(only), p) => p.start_month() >= only.start_month() && p.end_month() <= only.end_month(),
        }
    }
}

/// Which realisations count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// Everything entered except what a head returned.
    #[default]
    Entered,
    /// Only what a head verified (official documents).
    Verified,
}

impl Basis {
    pub fn counts(self, r: &Realisation) -> bool {
        match self {
            Basis::Entered => r.status != RealisationStatus::Returned,
            Basis::Verified => r.status == RealisationStatus::Verified,
        }
    }
}

/// An indicator's target, realisation and achievement over a [`Span`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorAchievement {
    pub indicator: IndicatorId,
    /// When the indicator has no realisation of its own, its achievement is the mean of the
    /// indicators of subordinate units that support it; this says how many were counted.
    pub from_supporting: usize,
    pub target: Option<Value>,
    pub realisation: Option<Value>,
    /// When the indicator is a percentage of a counted group ([`measure`]): the realised
    /// percentage, at most 100.
    pub realised_percent: Option<Decimal>,
    /// Whether that percentage was reached through a count of work done (an output, compared
    /// higher-is-better whatever the indicator's polarity).
    pub through_count: bool,
    pub achievement: Result<Decimal, NotComputable>,
    pub category: Option<String>,
}

/// Computes one indicator. `realisations` are this indicator's, in any order. A realisation
/// reported for the whole year (as an LKj reports it) stands for the year.
pub fn indicator_achievement(
    indicator: &Indicator,
    realisations: &[&Realisation],
    span: Span,
    formula: LowerFormula,
    scale: Option<&CategoryScale>,
) -> IndicatorAchievement {
    let year_value = (span == Span::Year)
        .then(|| realisations.iter().find(|r| r.period == Period::Year))
        .flatten();
    let realisation = match year_value {
        Some(r) => Ok(r.value.clone()),
        None => {
            let mut periodic: Vec<&&Realisation> = realisations.iter().filter(|r| span.covers(r.period)).collect();
            periodic.sort_by_key(|r| (r.period.end_month(), r.period));
            let values: Vec<&Value> = periodic.iter().map(|r| &r.value).collect();
            combine(&values, indicator.settings.rollup)
        }
    };
    let target = span_target(indicator, span);
    let (achievement, realised_percent) = match (&target, &realisation) {
        (Err(e), _) => (Err(e.clone()), None),
        (Ok(_), Err(e)) => (Err(e.clone()), None),
        (Ok(t), Ok(r)) => measure(indicator, t, r, formula),
    };
    let category = match (&achievement, scale) {
        (Ok(p), Some(s)) => s.categorise(*p).map(|b| b.label.clone()),
        _ => None,
    };
    IndicatorAchievement {
        indicator: indicator.id,
        from_supporting: 0,
        target: target.ok(),
        realisation: realisation.ok(),
        through_count: realised_percent.is_some(),
        realised_percent,
        achievement,
        category,
    }
}

/// The target over `span`. The year: the measure target. Up to a period: the period targets up
/// to it when set (summed for sum roll-ups, the latest otherwise), else the yearly target (the
/// year's goal, against which progress is measured). One period: its own target when set (a
/// quarter's monthly targets combined); else the yearly target for a status indicator, and no
/// target for a counted one (a month's count against the year's would be meaningless).
pub fn span_target(indicator: &Indicator, span: Span) -> Result<Value, NotComputable> {
    let yearly = || indicator.measure_target().cloned().ok_or(NotComputable::NoTarget);
    let rollup = if indicator.settings.rollup == Rollup::Sum {
        Rollup::Sum
    } else {
        Rollup::Last
    };
    let combined = |filter: &dyn Fn(Period) -> bool| -> Option<Value> {
        let mut within: Vec<&(Period, Value)> = indicator.period_targets.iter().filter(|(p, _)| filter(*p)).collect();
        within.sort_by_key(|(p, _)| (p.end_month(), *p));
        let values: Vec<&Value> = within.iter().map(|(_, v)| v).collect();
        (!values.is_empty()).then(|| combine(&values, rollup).ok()).flatten()
    };
    match span {
        Span::Year => yearly(),
        Span::To(limit) => combined(&|p| p.within(limit)).map(Ok).unwrap_or_else(yearly),
        Span::Only(only) => {
            if let Some((_, v)) = indicator.period_targets.iter().find(|(p, _)| *p == only) {
                return Ok(v.clone());
            }
            if let Some(v) = combined(&|p| Span::Only(only).covers(p)) {
                return Ok(v);
            }
            if indicator.settings.rollup == Rollup::Sum {
                Err(NotComputable::NoPeriodTarget { period: only })
            } else {
                yearly()
            }
        }
    }
}

/// A mean of parts that may not all be computable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Rolled {
    /// The (weighted) mean of the computable parts; `None` when none is.
    pub achievement: Option<Decimal>,
    /// How many parts were counted.
    pub counted: usize,
    /// How many parts could not be computed and were left out.
    pub left_out: usize,
}

impl Rolled {
    /// Weighted mean of `(value, weight)`; a `None` value is left out. Parts whose product
    /// does not fit in a [`Decimal`] are left out too, and a mean that does not fit is `None`:
    /// a roll-up never fails a page.
    pub fn mean(parts: impl IntoIterator<Item = (Option<Decimal>, Decimal)>) -> Rolled {
        let (mut sum, mut weights, mut counted, mut left_out) = (Decimal::ZERO, Decimal::ZERO, 0, 0);
        for (value, weight) in parts {
            let added = value.and_then(|v| {
                let s = sum.checked_add(v.checked_mul(weight)?)?;
                Some((s, weights.checked_add(weight)?))
            });
            match added {
                Some((s, w)) => {
                    (sum, weights) = (s, w);
                    counted += 1;
                }
                None => left_out += 1,
            }
        }
        let achievement = if counted > 0 && !weights.is_zero() {
            sum.checked_div(weights)
        } else {
            None
        };
        Rolled {
            achievement,
            counted,
            left_out,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectiveAchievement {
    pub objective: ObjectiveId,
    pub indicators: Vec<IndicatorAchievement>,
    pub rolled: Rolled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitAchievement {
    pub unit: UnitId,
    pub objectives: Vec<ObjectiveAchievement>,
    pub rolled: Rolled,
}

/// Why an office has no figure of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoOfficeFigure {
    /// No unit at the top of the office has a PK: there is no agreement to measure.
    NoOwnPk,
    /// The office's own indicators are fed by a cascade that comes back to them.
    CircularCascade,
    /// None of the own PK's indicators can be computed (no realisation, and nothing cascades).
    NothingMeasurable,
}

impl NoOfficeFigure {
    pub fn code(self) -> &'static str {
        match self {
            NoOfficeFigure::NoOwnPk => "no_own_pk",
            NoOfficeFigure::CircularCascade => "circular_cascade",
            NoOfficeFigure::NothingMeasurable => "nothing_measurable",
        }
    }

    pub fn text(self) -> Text {
        match self {
            NoOfficeFigure::NoOwnPk => Text::new(
                "kantor belum memiliki PK sendiri (PK unit tertinggi): capaian kantor tidak dihitung dari unit-unitnya",
                "the office has no PK of its own (its top unit's): its achievement is not made up from its units",
            ),
            NoOfficeFigure::CircularCascade => Text::new(
                "indikator PK kantor diisi oleh cascading yang kembali kepadanya sendiri",
                "the office's PK indicators are fed by a cascade that leads back to them",
            ),
            NoOfficeFigure::NothingMeasurable => Text::new(
                "belum ada indikator PK kantor yang dapat dihitung (tanpa realisasi dan tanpa cascading)",
                "no indicator of the office's PK can be computed yet (no realisation, nothing cascades into it)",
            ),
        }
    }
}

/// An office's achievement for a year (or to a period): per unit, objective and indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeAchievement {
    pub office: OfficeId,
    pub year: Year,
    pub span: Span,
    pub units: Vec<UnitAchievement>,
    /// The unit whose PK is the office's own: its top unit (or the unit asked for).
    pub own_unit: Option<UnitId>,
    /// The office's figure: the achievement of its own PK (see [`office_achievement`]). Units
    /// below are in `units`, beside it; they are never averaged again with what they fed.
    pub rolled: Rolled,
    /// Why `rolled` has no figure, when it has none.
    pub reason: Option<NoOfficeFigure>,
    /// The objectives and indicators of the own PK (what "N sasaran, M indikator" counts).
    pub own_objectives: usize,
    pub own_indicators: usize,
}

impl OfficeAchievement {
    /// The indicators the office's figure stands on: its own PK's (its top unit's), or every
    /// unit's when it has no PK of its own. What the dashboard and the oversight list count as
    /// the office's PK indicators.
    pub fn counted_indicators(&self) -> impl Iterator<Item = &IndicatorAchievement> {
        self.units
            .iter()
            .filter(|u| self.own_unit.is_none() || Some(u.unit) == self.own_unit)
            .flat_map(|u| u.objectives.iter())
            .flat_map(|o| o.indicators.iter())
    }
}

/// Whether an indicator is measured: it is in the PK, or something was realised on it.
fn is_measured(indicator: &Indicator, has_realisations: bool) -> bool {
    indicator.in_pk() || has_realisations
}

/// Computes a whole office's year. Only measured indicators (in the PK, or realised) take part;
/// units with none are left out.
pub fn office_achievement(
    plan: &YearPlan,
    span: Span,
    basis: Basis,
    scale: Option<&CategoryScale>,
    only_unit: Option<UnitId>,
) -> OfficeAchievement {
    let mut by_indicator: HashMap<IndicatorId, Vec<&Realisation>> = HashMap::with_capacity(plan.indicators.len());
    for r in plan.realisations.iter().filter(|r| basis.counts(r)) {
        by_indicator.entry(r.indicator).or_default().push(r);
    }
    let mut indicators_by_objective: HashMap<ObjectiveId, Vec<&Indicator>> =
        HashMap::with_capacity(plan.objectives.len());
    for i in &plan.indicators {
        indicators_by_objective.entry(i.objective).or_default().push(i);
    }
    let mut objectives_by_unit: HashMap<UnitId, Vec<_>> = HashMap::new();
    for o in &plan.objectives {
        objectives_by_unit.entry(o.unit).or_default().push(o);
    }
    let formula = plan.office.lower_formula;
    // Every indicator's own result first, then the ones without a realisation of their own take
    // the mean of the indicators that support them (cascading), deepest units first.
    let mut results: HashMap<IndicatorId, IndicatorAchievement> = HashMap::with_capacity(plan.indicators.len());
    for ind in &plan.indicators {
        let rs = by_indicator.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]);
        results.insert(ind.id, indicator_achievement(ind, rs, span, formula, scale));
    }
    cascade(plan, &mut results, formula, scale);
    let mut units = Vec::new();
    for unit in plan.units_in_tree_order() {
        if only_unit.is_some_and(|u| u != unit.id) {
            continue;
        }
        let mut objectives = Vec::new();
        let mut objs = objectives_by_unit.remove(&unit.id).unwrap_or_default();
        objs.sort_by_key(|o| (o.ord, o.id));
        for objective in objs {
            let mut inds = indicators_by_objective.remove(&objective.id).unwrap_or_default();
            inds.sort_by_key(|i| (i.ord, i.id));
            let measured: Vec<(IndicatorAchievement, Decimal)> = inds
                .into_iter()
                .filter(|ind| is_measured(ind, by_indicator.contains_key(&ind.id)))
                .filter_map(|ind| {
                    results
                        .remove(&ind.id)
                        .map(|a| (a, ind.settings.weight.unwrap_or(Decimal::ONE)))
                })
                .collect();
            if measured.is_empty() {
                continue;
            }
            let rolled = Rolled::mean(measured.iter().map(|(a, w)| (a.achievement.clone().ok(), *w)));
            let indicators = measured.into_iter().map(|(a, _)| a).collect();
            objectives.push(ObjectiveAchievement {
                objective: objective.id,
                indicators,
                rolled,
            });
        }
        if objectives.is_empty() {
            continue;
        }
        let rolled = Rolled::mean(objectives.iter().map(|o| (o.rolled.achievement, Decimal::ONE)));
        units.push(UnitAchievement {
            unit: unit.id,
            objectives,
            rolled,
        });
    }
    let own_unit = only_unit.or_else(|| top_unit(plan));
    let own = own_unit.map(|u| own_pk(plan, &units, u));
    let (rolled, own_objectives, own_indicators) =
        own.map_or((Rolled::default(), 0, 0), |o| (o.rolled, o.objectives, o.indicators));
    let reason = match own {
        _ if rolled.achievement.is_some() => None,
        None => Some(NoOfficeFigure::NoOwnPk),
        Some(o) if o.indicators == 0 => Some(NoOfficeFigure::NoOwnPk),
        Some(o) if o.circular => Some(NoOfficeFigure::CircularCascade),
        Some(_) => Some(NoOfficeFigure::NothingMeasurable),
    };
    OfficeAchievement {
        office: plan.office.id,
        year: plan.year,
        span,
        units,
        own_unit,
        rolled,
        reason,
        own_objectives,
        own_indicators,
    }
}

/// The unit whose PK is the office's own: the first unit at the top of the tree that has a PK.
pub fn top_unit(plan: &YearPlan) -> Option<UnitId> {
    let with_pk = |unit: UnitId| {
        plan.objectives_of(unit)
            .any(|o| plan.indicators_of(o.id).any(Indicator::in_pk))
    };
    plan.units_in_tree_order()
        .into_iter()
        .filter(|u| u.parent.is_none())
        .find(|u| with_pk(u.id))
        .map(|u| u.id)
}

/// The figure of a unit's own PK, and what it is made of.
#[derive(Debug, Clone, Copy, Default)]
struct OwnPk {
    rolled: Rolled,
    objectives: usize,
    indicators: usize,
    circular: bool,
}

/// A unit's own PK: each objective the (weighted) mean of its PK indicators — measured by their
/// own realisations or by what cascades into them — and the unit the mean of its objectives.
/// Indicators outside the PK (a RAK's own) take no part.
fn own_pk(plan: &YearPlan, units: &[UnitAchievement], unit: UnitId) -> OwnPk {
    let Some(ua) = units.iter().find(|u| u.unit == unit) else {
        return OwnPk::default();
    };
    let mut own = OwnPk::default();
    let mut objective_figures = Vec::new();
    for oa in &ua.objectives {
        let pk: Vec<(Option<Decimal>, Decimal)> = oa
            .indicators
            .iter()
            .filter_map(|a| {
                let ind = plan.indicators.iter().find(|i| i.id == a.indicator)?;
                ind.in_pk().then(|| {
                    own.circular |= a.achievement == Err(NotComputable::CircularCascade);
                    (a.achievement.clone().ok(), ind.settings.weight.unwrap_or(Decimal::ONE))
                })
            })
            .collect();
        if pk.is_empty() {
            continue;
        }
        own.objectives += 1;
        own.indicators += pk.len();
        objective_figures.push((Rolled::mean(pk).achievement, Decimal::ONE));
    }
    own.rolled = Rolled::mean(objective_figures);
    own
}

/// Every office's achievement for the year, rolled up the office tree ([`rollup_offices`]):
/// the national roll-up of the oversight view.
pub fn national(offices: &[Office], plans: &[YearPlan], scale: Option<&CategoryScale>) -> HashMap<OfficeId, Rolled> {
    let own: HashMap<OfficeId, Option<Decimal>> = plans
        .iter()
        .map(|p| {
            (
                p.office.id,
                office_achievement(p, Span::Year, Basis::Entered, scale, None)
                    .rolled
                    .achievement,
            )
        })
        .collect();
    rollup_offices(offices, &own)
}

/// Rolls office achievements up the office tree: an office's figure is the mean of its own
/// achievement (when it has one) and the figures of the offices directly below it.
pub fn rollup_offices(offices: &[Office], own: &HashMap<OfficeId, Option<Decimal>>) -> HashMap<OfficeId, Rolled> {
    let mut children: HashMap<Option<OfficeId>, Vec<OfficeId>> = HashMap::new();
    for o in offices {
        children.entry(o.parent).or_default().push(o.id);
    }
    let mut out = HashMap::with_capacity(offices.len());
    // Children before parents: visit in post-order without recursion.
    let mut stack: Vec<(OfficeId, bool)> = children
        .get(&None)
        .into_iter()
        .flatten()
        .map(|id| (*id, false))
        .collect();
    while let Some((id, expanded)) = stack.pop() {
        if expanded {
            let mut parts: Vec<(Option<Decimal>, Decimal)> = Vec::new();
            if let Some(Some(v)) = own.get(&id) {
                parts.push((Some(*v), Decimal::ONE));
            }
            for child in children.get(&Some(id)).into_iter().flatten() {
                if let Some(r) = out.get(child).and_then(|r: &Rolled| r.achievement) {
                    parts.push((Some(r), Decimal::ONE));
                }
            }
            out.insert(id, Rolled::mean(parts));
        } else {
            stack.push((id, true));
            for child in children.get(&Some(id)).into_iter().flatten() {
                stack.push((*child, false));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
