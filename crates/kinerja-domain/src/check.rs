//! Plan checks: every inconsistency in an office's year, each with a severity, a stable code,
//! the place it concerns, and a message in Indonesian and English.
//!
//! These are the things SAKIP evaluators look for (SAKIP.md, "Inconsistencies real documents
//! carry"): indicators without actions, actions never scheduled, RAK indicators missing from the
//! PK, different targets in PK and RAK, percentage indicators with counted targets, realisations
//! of another kind than their target, budgets that do not add up, scales with gaps, reported
//! achievements that differ from the computed ones, cascade links to nothing.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::achievement::{self, Basis, NotComputable};
use crate::format;
use crate::i18n::Text;
use crate::indicator::names_a_percentage;
use crate::model::{Action, ActionId, Indicator, IndicatorId, Objective, ObjectiveId, Unit, UnitId, YearPlan};
use crate::scale::{CategoryScale, ScaleIssue};
use crate::value::{Measure, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where a finding is: as much of unit → objective → indicator → action as applies.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Place {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<UnitId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator_id: Option<IndicatorId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_id: Option<ActionId>,
}

impl Place {
    /// `Subbagian X › sasaran › indikator › kegiatan`, for one-line output.
    pub fn path(&self) -> String {
        [&self.scale, &self.unit, &self.objective, &self.indicator, &self.action]
            .iter()
            .filter_map(|p| p.as_deref())
            .map(|s| shorten(s, 60))
            .collect::<Vec<_>>()
            .join(" › ")
    }
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable English identifier, e.g. `reported_achievement_differs`.
    pub code: &'static str,
    pub place: Place,
    pub message: Text,
}

struct Ctx<'a> {
    plan: &'a YearPlan,
    units: HashMap<UnitId, &'a Unit>,
    objectives: HashMap<ObjectiveId, &'a Objective>,
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    fn unit_place(&self, unit: &Unit) -> Place {
        Place {
            unit: Some(unit.name.clone()),
            unit_id: Some(unit.id),
            ..Default::default()
        }
    }
    fn indicator_place(&self, ind: &Indicator) -> Place {
        let objective = self.objectives.get(&ind.objective);
        let unit = objective.and_then(|o| self.units.get(&o.unit));
        Place {
            unit: unit.map(|u| u.name.clone()),
            unit_id: unit.map(|u| u.id),
            objective: objective.map(|o| o.text.clone()),
            indicator: Some(ind.text.clone()),
            indicator_id: Some(ind.id),
            ..Default::default()
        }
    }
    fn action_place(&self, ind: &Indicator, action: &Action) -> Place {
        Place {
            action: Some(action.text.clone()),
            action_id: Some(action.id),
            ..self.indicator_place(ind)
        }
    }
    fn push(&mut self, severity: Severity, code: &'static str, place: Place, id: String, en: String) {
        self.findings.push(Finding {
            severity,
            code,
            place,
            message: Text::new(id, en),
        });
    }
}

/// Two values that mean the same (`100%` and `100 %`, `2 Lap` and `2 Laporan`).
fn same_measure(a: &Measure, b: &Measure) -> bool {
    match (a, b) {
        (Measure::Quantity(x), Measure::Quantity(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| p.amount == q.amount && p.unit.key == q.unit.key)
        }
        (Measure::Grade(x), Measure::Grade(y)) => x.scale == y.scale && x.rank == y.rank,
        (Measure::Text(x), Measure::Text(y)) => x.trim().eq_ignore_ascii_case(y.trim()),
        _ => a == b,
    }
}

/// All findings for `plan`, judged with `scales` (the scales the office declares or uses).
pub fn check_plan(plan: &YearPlan, scales: &[CategoryScale]) -> Vec<Finding> {
    let mut ctx = Ctx {
        plan,
        units: plan.units.iter().map(|u| (u.id, u)).collect(),
        objectives: plan.objectives.iter().map(|o| (o.id, o)).collect(),
        findings: Vec::new(),
    };
    check_scales(&mut ctx, scales);
    let office_scale = plan
        .office
        .scale
        .as_deref()
        .and_then(|code| scales.iter().find(|s| s.code == code));
    for unit in plan.units_in_tree_order() {
        check_unit(&mut ctx, unit, office_scale);
    }
    check_targets_down_the_tree(&mut ctx);
    ctx.findings
}

/// The same indicator (same wording) in a unit and in one of its superiors, with different
/// targets in their PKs or in their RAKs.
fn check_targets_down_the_tree(ctx: &mut Ctx<'_>) {
    let plan = ctx.plan;
    let mut by_text: HashMap<String, Vec<&Indicator>> = HashMap::new();
    for i in &plan.indicators {
        by_text
            .entry(crate::model::normalise_text(&i.text))
            .or_default()
            .push(i);
    }
    let unit_of = |i: &Indicator| ctx.objectives.get(&i.objective).map(|o| o.unit);
    let mut found = Vec::new();
    for group in by_text.values().filter(|g| g.len() > 1) {
        for lower in group {
            for upper in group {
                let (Some(lu), Some(uu)) = (unit_of(lower), unit_of(upper)) else {
                    continue;
                };
                if !plan.is_ancestor(uu, lu) {
                    continue;
                }
                for (doc_id, doc_en, a, b) in [
                    ("PK", "PK", &lower.pk_target, &upper.pk_target),
                    ("Rencana Aksi", "action plan", &lower.rak_target, &upper.rak_target),
                ] {
                    if let (Some(a), Some(b)) = (a, b)
                        && !same_measure(a.measure(), b.measure())
                    {
                        let superior = ctx.units.get(&uu).map(|u| u.name.clone()).unwrap_or_default();
                        found.push((
                            ctx.indicator_place(lower),
                            format!("target {doc_id} '{}' berbeda dengan target {doc_id} unit atasan {superior} '{}' untuk indikator yang sama", a.raw(), b.raw()),
                            format!("{doc_en} target '{}' differs from the superior unit {superior}'s {doc_en} target '{}' for the same indicator", a.raw(), b.raw()),
                        ));
                    }
                }
            }
        }
    }
    found.sort_by_key(|f| (f.0.unit_id, f.0.indicator_id));
    for (place, id, en) in found {
        ctx.push(Severity::Warning, "cascade_target_differs", place, id, en);
    }
}

fn check_scales(ctx: &mut Ctx<'_>, scales: &[CategoryScale]) {
    if let Some(code) = ctx.plan.office.scale.as_deref()
        && !scales.iter().any(|s| s.code == code)
    {
        ctx.push(
            Severity::Error,
            "scale_missing",
            Place {
                scale: Some(code.to_string()),
                ..Default::default()
            },
            format!("skala kategori '{code}' yang dipakai kantor ini tidak ada"),
            format!("the category scale '{code}' this office uses does not exist"),
        );
    }
    for scale in scales {
        for issue in scale.validate() {
            let code = match issue {
                ScaleIssue::Gap { .. } => "scale_gap",
                ScaleIssue::Overlap { .. } => "scale_overlap",
            };
            let text = issue.text();
            ctx.push(
                Severity::Error,
                code,
                Place {
                    scale: Some(scale.name.clone()),
                    ..Default::default()
                },
                format!("skala '{}': {}", scale.name, text.id),
                format!("scale '{}': {}", scale.name, text.en),
            );
        }
    }
}

fn check_unit(ctx: &mut Ctx<'_>, unit: &Unit, scale: Option<&CategoryScale>) {
    let plan = ctx.plan;
    let unit_year = plan.unit_year(unit.id);
    let has_pk = unit_year.is_some_and(|y| y.has_pk);
    let has_rak = unit_year.is_some_and(|y| y.has_rak);
    if has_rak && !has_pk {
        ctx.push(
            Severity::Warning,
            "rak_without_pk",
            ctx.unit_place(unit),
            format!(
                "{} memiliki Rencana Aksi tetapi tidak memiliki Perjanjian Kinerja untuk tahun {}",
                unit.name, plan.year
            ),
            format!(
                "{} has an action plan (RAK) but no performance agreement (PK) for {}",
                unit.name, plan.year
            ),
        );
    }
    check_budget(ctx, unit, unit_year.and_then(|y| y.stated_budget_total));

    let mut objectives: Vec<&Objective> = plan.objectives_of(unit.id).collect();
    objectives.sort_by_key(|o| (o.ord, o.id));
    let actions_by_indicator: HashMap<IndicatorId, Vec<&Action>> =
        plan.actions.iter().fold(HashMap::new(), |mut m, a| {
            m.entry(a.indicator).or_insert_with(Vec::new).push(a);
            m
        });
    for objective in objectives {
        let mut indicators: Vec<&Indicator> = plan.indicators_of(objective.id).collect();
        indicators.sort_by_key(|i| (i.ord, i.id));
        if indicators.is_empty() {
            ctx.push(
                Severity::Warning,
                "objective_without_indicators",
                Place {
                    objective: Some(objective.text.clone()),
                    ..ctx.unit_place(unit)
                },
                "sasaran tidak memiliki indikator".into(),
                "the objective has no indicator".into(),
            );
        }
        for ind in indicators {
            let actions = actions_by_indicator.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]);
            check_indicator(ctx, ind, actions, has_pk, has_rak, scale);
        }
    }
}

fn check_budget(ctx: &mut Ctx<'_>, unit: &Unit, stated: Option<Decimal>) {
    let lines: Vec<_> = ctx.plan.budget.iter().filter(|b| b.unit == unit.id).collect();
    let Some(stated) = stated else { return };
    let sum = crate::achievement::saturating_sum(lines.iter().map(|b| b.ceiling));
    if sum != stated {
        ctx.push(
            Severity::Error,
            "budget_total_mismatch",
            ctx.unit_place(unit),
            format!(
                "jumlah {} baris anggaran {} tidak sama dengan total yang tertulis {} (selisih {})",
                lines.len(),
                format::rupiah(sum),
                format::rupiah(stated),
                format::rupiah(sum.saturating_sub(stated))
            ),
            format!(
                "the {} budget lines add up to {}, not to the stated total {} (difference {})",
                lines.len(),
                format::rupiah(sum),
                format::rupiah(stated),
                format::rupiah(sum.saturating_sub(stated))
            ),
        );
    }
}

fn check_indicator(
    ctx: &mut Ctx<'_>,
    ind: &Indicator,
    actions: &[&Action],
    unit_has_pk: bool,
    unit_has_rak: bool,
    scale: Option<&CategoryScale>,
) {
    let plan = ctx.plan;
    let place = ctx.indicator_place(ind);
    let realisations: Vec<_> = plan
        .realisations
        .iter()
        .filter(|r| r.indicator == ind.id && Basis::Entered.counts(r))
        .collect();

    // PK and RAK.
    if ind.in_pk() && actions.is_empty() {
        let (id, en) = if unit_has_rak {
            (
                "indikator PK tidak memiliki kegiatan dalam Rencana Aksi",
                "the PK indicator has no action in the action plan",
            )
        } else {
            (
                "indikator PK tidak memiliki kegiatan: unit belum menyusun Rencana Aksi",
                "the PK indicator has no action: the unit has no action plan",
            )
        };
        ctx.push(
            Severity::Warning,
            "indicator_without_actions",
            place.clone(),
            id.into(),
            en.into(),
        );
    }
    if ind.in_rak() && !ind.in_pk() && unit_has_pk {
        ctx.push(
            Severity::Warning,
            "rak_indicator_not_in_pk",
            place.clone(),
            "indikator Rencana Aksi tidak ada dalam Perjanjian Kinerja unit ini".into(),
            "the action-plan indicator is not in this unit's performance agreement".into(),
        );
    }
    if let (Some(pk), Some(rak)) = (&ind.pk_target, &ind.rak_target)
        && !same_measure(pk.measure(), rak.measure())
    {
        ctx.push(
            Severity::Error,
            "pk_rak_target_differs",
            place.clone(),
            format!("target berbeda: PK '{}', Rencana Aksi '{}'", pk.raw(), rak.raw()),
            format!("different targets: PK '{}', action plan '{}'", pk.raw(), rak.raw()),
        );
    }
    if !ind.in_pk() && !realisations.is_empty() && unit_has_pk {
        ctx.push(
            Severity::Warning,
            "realised_indicator_not_in_pk",
            place.clone(),
            "realisasi dilaporkan untuk indikator yang tidak ada dalam Perjanjian Kinerja".into(),
            "realisations are reported for an indicator that is not in the performance agreement".into(),
        );
    }

    check_target_wording(ctx, ind, &place);
    check_schedules(ctx, ind, actions);

    // Realisations against the target, and what the LKj reported.
    let computed = achievement::indicator_achievement(
        ind,
        &realisations,
        achievement::Span::Year,
        plan.office.lower_formula,
        scale,
    );
    if let Err(
        reason @ (NotComputable::KindMismatch { .. }
        | NotComputable::UnitMismatch { .. }
        | NotComputable::ScaleMismatch { .. }
        | NotComputable::CannotCombine { .. }),
    ) = &computed.achievement
    {
        let text = reason.text();
        let target = computed
            .target
            .as_ref()
            .map(|t| t.raw().to_string())
            .unwrap_or_default();
        let real = computed
            .realisation
            .as_ref()
            .map(|r| r.raw().to_string())
            .unwrap_or_default();
        ctx.push(
            Severity::Error,
            "realisation_kind_mismatch",
            place.clone(),
            format!("realisasi '{real}' tidak sejenis dengan target '{target}': {}", text.id),
            format!("realisation '{real}' does not match target '{target}': {}", text.en),
        );
    }
    check_reported(ctx, ind, &computed, place.clone());
    check_cascade(ctx, ind, place);
}

/// The target's kind against the indicator's wording: a percentage indicator with a target that
/// is not one, a count with a percentage target.
fn check_target_wording(ctx: &mut Ctx<'_>, ind: &Indicator, place: &Place) {
    if let Some(target) = ind.pk_target.as_ref().or(ind.rak_target.as_ref()) {
        let lower = ind.text.trim_start().to_lowercase();
        if names_a_percentage(&ind.text) && target.kind() != ValueKind::Percent {
            ctx.push(
                Severity::Warning,
                "percent_indicator_non_percent_target",
                place.clone(),
                format!(
                    "indikator persentase dengan target bukan persentase: '{}'",
                    target.raw()
                ),
                format!(
                    "a percentage indicator with a target that is not a percentage: '{}'",
                    target.raw()
                ),
            );
        } else if lower.starts_with("jumlah") && target.kind() == ValueKind::Percent {
            ctx.push(
                Severity::Warning,
                "count_indicator_percent_target",
                place.clone(),
                format!("indikator jumlah dengan target persentase: '{}'", target.raw()),
                format!("a count indicator with a percentage target: '{}'", target.raw()),
            );
        }
    }
}

/// Each action is scheduled, and only in periods of the year.
fn check_schedules(ctx: &mut Ctx<'_>, ind: &Indicator, actions: &[&Action]) {
    for action in actions {
        let aplace = ctx.action_place(ind, action);
        if action.schedule.periods.is_empty() {
            ctx.push(
                Severity::Warning,
                "action_without_schedule",
                aplace.clone(),
                "kegiatan tidak dijadwalkan pada bulan/triwulan mana pun".into(),
                "the action is scheduled in no month or quarter".into(),
            );
        }
        let count = action.schedule.kind.count();
        let outside: Vec<String> = action
            .schedule
            .periods
            .iter()
            .filter(|p| **p == 0 || **p > count)
            .map(u8::to_string)
            .collect();
        if !outside.is_empty() {
            let kind_id = if count == 12 { "bulan" } else { "triwulan" };
            let kind_en = if count == 12 { "month" } else { "quarter" };
            ctx.push(
                Severity::Error,
                "schedule_outside_year",
                aplace,
                format!(
                    "jadwal di luar tahun: {kind_id} {} (hanya 1–{count})",
                    outside.join(", ")
                ),
                format!(
                    "schedule outside the year: {kind_en} {} (only 1–{count})",
                    outside.join(", ")
                ),
            );
        }
    }
}

fn check_reported(ctx: &mut Ctx<'_>, ind: &Indicator, computed: &achievement::IndicatorAchievement, place: Place) {
    let Some(reported) = &ind.reported else {
        return;
    };
    if let (Some(pk), Some(rt)) = (&ind.pk_target, &reported.target)
        && !same_measure(pk.measure(), rt.measure())
    {
        ctx.push(
            Severity::Warning,
            "reported_target_differs",
            place.clone(),
            format!(
                "target dalam laporan '{}' berbeda dengan target PK '{}'",
                rt.raw(),
                pk.raw()
            ),
            format!(
                "the report's target '{}' differs from the PK target '{}'",
                rt.raw(),
                pk.raw()
            ),
        );
    }
    let Some(reported_value) = &reported.achievement else {
        return;
    };
    let Some(reported_pct) = reported_value.number() else {
        return;
    };
    match &computed.achievement {
        Ok(pct) => {
            // Reports print whole or one-decimal percentages: a difference under half a point is rounding.
            if pct.saturating_sub(reported_pct).abs() >= Decimal::new(5, 1) {
                ctx.push(
                    Severity::Warning,
                    "reported_achievement_differs",
                    place,
                    format!(
                        "capaian yang dilaporkan {} berbeda dengan hasil hitung {} (target {}, realisasi {})",
                        reported_value.raw(),
                        format::percent(*pct),
                        computed.target.as_ref().map(|v| v.raw()).unwrap_or("-"),
                        computed.realisation.as_ref().map(|v| v.raw()).unwrap_or("-"),
                    ),
                    format!(
                        "the reported achievement {} differs from the computed {} (target {}, realisation {})",
                        reported_value.raw(),
                        format::percent(*pct),
                        computed.target.as_ref().map(|v| v.raw()).unwrap_or("-"),
                        computed.realisation.as_ref().map(|v| v.raw()).unwrap_or("-"),
                    ),
                );
            }
        }
        Err(reason) => {
            let text = reason.text();
            ctx.push(
                Severity::Warning,
                "reported_achievement_uncomputable",
                place,
                format!(
                    "laporan mencantumkan capaian {} tetapi capaian tidak dapat dihitung: {}",
                    reported_value.raw(),
                    text.id
                ),
                format!(
                    "the report states an achievement of {} but it cannot be computed: {}",
                    reported_value.raw(),
                    text.en
                ),
            );
        }
    }
}

fn check_cascade(ctx: &mut Ctx<'_>, ind: &Indicator, place: Place) {
    let plan = ctx.plan;
    let own_unit = ctx.objectives.get(&ind.objective).map(|o| o.unit);
    let superior = |unit: Option<UnitId>| match (own_unit, unit) {
        (Some(own), Some(sup)) => plan.is_ancestor(sup, own),
        _ => false,
    };
    if let Some(target_id) = ind.supports {
        let supported = plan.indicators.iter().find(|i| i.id == target_id);
        let supported_unit = supported.and_then(|s| ctx.objectives.get(&s.objective)).map(|o| o.unit);
        if supported.is_none() {
            ctx.push(
                Severity::Error,
                "cascade_link_dangling",
                place.clone(),
                "tautan cascading menunjuk indikator yang tidak ada pada tahun ini".into(),
                "the cascade link points to an indicator that does not exist this year".into(),
            );
        } else if !superior(supported_unit) {
            ctx.push(
                Severity::Error,
                "cascade_link_dangling",
                place.clone(),
                "tautan cascading menunjuk indikator yang bukan milik unit atasan".into(),
                "the cascade link points to an indicator that does not belong to a superior unit".into(),
            );
        }
    }
    if let Some(target_id) = ind.supports_objective {
        let supported_unit = ctx.objectives.get(&target_id).map(|o| o.unit);
        let (id, en) = match supported_unit {
            None => (
                "tautan cascading menunjuk sasaran yang tidak ada pada tahun ini",
                "the cascade link points to an objective that does not exist this year",
            ),
            Some(_) if !superior(supported_unit) => (
                "tautan cascading menunjuk sasaran yang bukan milik unit atasan",
                "the cascade link points to an objective that does not belong to a superior unit",
            ),
            Some(_) => return,
        };
        ctx.push(Severity::Error, "cascade_link_dangling", place, id.into(), en.into());
    }
}

/// Codes of the findings, for tests and summaries.
pub fn codes(findings: &[Finding]) -> HashSet<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::{IndicatorSettings, LowerFormula};
    use crate::model::*;
    use crate::model::{ObjectiveId, OfficeId};
    use crate::period::{Period, PeriodKind};
    use crate::scale::Bound;
    use crate::value::Value;

    fn v(s: &str) -> Value {
        Value::parse(s).unwrap()
    }

    fn indicator(id: i64, objective: i64, text: &str, pk: Option<&str>, rak: Option<&str>) -> Indicator {
        Indicator {
            id: IndicatorId(id),
            objective: ObjectiveId(objective),
            ord: 0,
            text: text.into(),
            pk_target: pk.map(v),
            rak_target: rak.map(v),
            activity_target: None,
            period_targets: vec![],
            settings: IndicatorSettings::default(),
            computation: None,
            data_source: None,
            supports: None,
            supports_objective: None,
            reported: None,
            note: None,
            version: 1,
        }
    }

    fn action(id: i64, indicator: i64, periods: Vec<u8>) -> Action {
        Action {
            id: ActionId(id),
            indicator: IndicatorId(indicator),
            ord: 0,
            text: format!("Kegiatan {id}"),
            schedule: Schedule {
                kind: PeriodKind::Month,
                periods,
            },
            executor: None,
            executor_unit: None,
            budget: None,
            target: None,
            note: None,
        }
    }

    fn realisation(id: i64, indicator: i64, value: &str) -> Realisation {
        Realisation {
            id: RealisationId(id),
            indicator: IndicatorId(indicator),
            period: Period::Year,
            value: v(value),
            status: RealisationStatus::Verified,
            evidence: vec![],
            obstacles: None,
            follow_up: None,
            return_reason: None,
            version: 1,
        }
    }

    /// A consistent plan: a commission (1) above a sub-section (2), each with a PK and a RAK.
    fn clean() -> (YearPlan, Vec<CategoryScale>) {
        let office = Office {
            id: OfficeId(1),
            code: "kpu-x".parse().unwrap(),
            name: "KPU X".into(),
            full_name: "Komisi Pemilihan Umum X".into(),
            level: OfficeLevel::Regency,
            parent: None,
            address: None,
            city: None,
            scale: Some("sakip-evaluasi".into()),
            lower_formula: LowerFormula::TwoTMinusR,
            time_zone: Default::default(),
            version: 1,
        };
        let mut plan = YearPlan::empty(office, Year::of(2024));
        for (id, parent, name) in [(1, None, "KPU X"), (2, Some(1), "Subbag Y")] {
            plan.units.push(Unit {
                id: UnitId(id),
                office: OfficeId(1),
                code: format!("u{id}"),
                name: name.into(),
                kind: UnitKind::Subsection,
                parent: parent.map(UnitId),
                aliases: vec![],
                version: 1,
            });
            plan.unit_years.push(UnitYear {
                unit: UnitId(id),
                year: Year::of(2024),
                has_pk: true,
                has_rak: true,
                rak_period_kind: PeriodKind::Month,
                stated_budget_total: None,
                pk_signed: None,
                rak_signed: None,
                pk_source: None,
                rak_source: None,
            });
            plan.objectives.push(Objective {
                id: ObjectiveId(id * 10),
                unit: UnitId(id),
                year: Year::of(2024),
                ord: 0,
                text: format!("Sasaran {id}"),
            });
        }
        plan.indicators.push(indicator(
            100,
            10,
            "Persentase laporan tepat waktu",
            Some("100%"),
            Some("100 %"),
        ));
        let mut sub = indicator(200, 20, "Jumlah laporan", Some("2 Laporan"), Some("2 Lap"));
        sub.supports = Some(IndicatorId(100));
        plan.indicators.push(sub);
        plan.actions.push(action(1, 100, vec![1, 2, 3]));
        plan.actions.push(action(2, 200, vec![6, 12]));
        plan.realisations.push(realisation(1, 200, "2 laporan"));
        plan.budget.push(BudgetLine {
            unit: UnitId(1),
            year: Year::of(2024),
            ord: 0,
            name: "Program A".into(),
            level: BudgetLevel::Program,
            ceiling: Decimal::from(200),
            realised: None,
            indicators: vec![],
        });
        plan.budget.push(BudgetLine {
            unit: UnitId(1),
            year: Year::of(2024),
            ord: 1,
            name: "Program B".into(),
            level: BudgetLevel::Program,
            ceiling: Decimal::from(100),
            realised: None,
            indicators: vec![],
        });
        plan.unit_years[0].stated_budget_total = Some(Decimal::from(300));
        (plan, vec![CategoryScale::sakip_evaluation()])
    }

    fn findings(plan: &YearPlan, scales: &[CategoryScale]) -> Vec<(&'static str, Severity, String)> {
        check_plan(plan, scales)
            .into_iter()
            .map(|f| (f.code, f.severity, f.message.id))
            .collect()
    }

    fn only(plan: &YearPlan, scales: &[CategoryScale]) -> (&'static str, Severity, String) {
        let mut all = findings(plan, scales);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.remove(0)
    }

    #[test]
    fn a_consistent_plan_has_no_findings() {
        let (plan, scales) = clean();
        assert_eq!(findings(&plan, &scales), vec![]);
    }

    #[test]
    fn actions_and_schedules() {
        let (mut plan, scales) = clean();
        plan.actions.retain(|a| a.indicator != IndicatorId(100));
        assert_eq!(only(&plan, &scales).0, "indicator_without_actions");
        let (mut plan, scales) = clean();
        plan.actions[0].schedule.periods.clear();
        assert_eq!(only(&plan, &scales).0, "action_without_schedule");
        let (mut plan, scales) = clean();
        plan.actions[0].schedule.periods = vec![1, 13];
        let (code, severity, message) = only(&plan, &scales);
        assert_eq!((code, severity), ("schedule_outside_year", Severity::Error));
        assert_eq!(message, "jadwal di luar tahun: bulan 13 (hanya 1–12)");
        plan.actions[0].schedule = Schedule {
            kind: PeriodKind::Quarter,
            periods: vec![0, 5],
        };
        assert_eq!(
            only(&plan, &scales).2,
            "jadwal di luar tahun: triwulan 0, 5 (hanya 1–4)"
        );
    }

    #[test]
    fn pk_and_rak_disagree() {
        let (mut plan, scales) = clean();
        plan.indicators[0].rak_target = Some(v("90%"));
        let (code, severity, message) = only(&plan, &scales);
        assert_eq!((code, severity), ("pk_rak_target_differs", Severity::Error));
        assert_eq!(message, "target berbeda: PK '100%', Rencana Aksi '90%'");
        let (mut plan, scales) = clean();
        plan.indicators[0].pk_target = None;
        let codes = codes(&check_plan(&plan, &scales));
        assert!(codes.contains("rak_indicator_not_in_pk"));
        let (mut plan, scales) = clean();
        plan.unit_years[1].has_pk = false;
        plan.indicators[1].pk_target = None;
        plan.indicators[1].supports = None;
        plan.realisations.clear();
        assert_eq!(only(&plan, &scales).0, "rak_without_pk");
    }

    #[test]
    fn targets_of_the_wrong_kind() {
        let (mut plan, scales) = clean();
        plan.indicators[0].pk_target = Some(v("4 triwulan"));
        plan.indicators[0].rak_target = Some(v("4 triwulan"));
        assert_eq!(only(&plan, &scales).0, "percent_indicator_non_percent_target");
        let (mut plan, scales) = clean();
        plan.indicators[1].pk_target = Some(v("100%"));
        plan.indicators[1].rak_target = Some(v("100%"));
        plan.realisations[0].value = v("100%");
        assert_eq!(only(&plan, &scales).0, "count_indicator_percent_target");
        let (mut plan, scales) = clean();
        plan.realisations[0].value = v("2 kegiatan");
        let (code, severity, message) = only(&plan, &scales);
        assert_eq!((code, severity), ("realisation_kind_mismatch", Severity::Error));
        assert!(
            message.contains("satuan berbeda: target 'Laporan', realisasi 'kegiatan'"),
            "{message}"
        );
        plan.realisations[0].value = v("B");
        assert!(
            only(&plan, &scales)
                .2
                .contains("target berupa jumlah tetapi realisasi berupa nilai huruf")
        );
    }

    #[test]
    fn budgets_that_do_not_add_up() {
        let (mut plan, scales) = clean();
        plan.unit_years[0].stated_budget_total = Some(Decimal::from(250));
        let (code, _, message) = only(&plan, &scales);
        assert_eq!(code, "budget_total_mismatch");
        assert_eq!(
            message,
            "jumlah 2 baris anggaran Rp 300 tidak sama dengan total yang tertulis Rp 250 (selisih Rp 50)"
        );
    }

    #[test]
    fn scales_with_gaps_overlaps_or_missing() {
        let (plan, mut scales) = clean();
        scales[0].bands[1].lower = Some(Bound {
            value: Decimal::from(85),
            inclusive: false,
        });
        let (code, _, message) = only(&plan, &scales);
        assert_eq!(code, "scale_gap");
        assert_eq!(
            message,
            "skala 'Nilai evaluasi SAKIP': celah: nilai > 80% dan ≤ 85% tidak masuk kategori mana pun"
        );
        let (plan, mut scales) = clean();
        scales[0].bands[1].lower = Some(Bound {
            value: Decimal::from(75),
            inclusive: false,
        });
        assert_eq!(only(&plan, &scales).0, "scale_overlap");
        let (plan, _) = clean();
        assert_eq!(only(&plan, &[]).0, "scale_missing");
    }

    #[test]
    fn reported_achievements_are_compared_with_the_computed() {
        let (mut plan, scales) = clean();
        let report = |a: &str| Reported {
            source: None,
            objective_text: None,
            indicator_text: None,
            target: None,
            achievement: Some(v(a)),
        };
        plan.indicators[1].reported = Some(report("99,6%"));
        assert_eq!(findings(&plan, &scales), vec![], "half a point is rounding");
        plan.indicators[1].reported = Some(report("95%"));
        let (code, _, message) = only(&plan, &scales);
        assert_eq!(code, "reported_achievement_differs");
        assert_eq!(
            message,
            "capaian yang dilaporkan 95% berbeda dengan hasil hitung 100% (target 2 Laporan, realisasi 2 laporan)"
        );
        plan.indicators[1].reported = Some(Reported {
            target: Some(v("90%")),
            ..report("100%")
        });
        assert_eq!(only(&plan, &scales).0, "reported_target_differs");
        plan.realisations.clear();
        plan.indicators[1].reported = Some(report("100%"));
        assert_eq!(only(&plan, &scales).0, "reported_achievement_uncomputable");
    }

    #[test]
    fn cascade_links_must_reach_a_superior() {
        let (mut plan, scales) = clean();
        plan.indicators[1].supports = Some(IndicatorId(999));
        assert_eq!(only(&plan, &scales).0, "cascade_link_dangling");
        let (mut plan, scales) = clean();
        plan.indicators[0].supports = Some(IndicatorId(200));
        let (code, _, message) = only(&plan, &scales);
        assert_eq!(code, "cascade_link_dangling");
        assert!(message.contains("bukan milik unit atasan"));
    }

    #[test]
    fn cascade_links_to_objectives_must_reach_a_superior() {
        let (mut plan, scales) = clean();
        plan.indicators[1].supports_objective = Some(ObjectiveId(10));
        assert_eq!(findings(&plan, &scales), vec![]);
        plan.indicators[1].supports_objective = Some(ObjectiveId(20));
        let (code, _, message) = only(&plan, &scales);
        assert_eq!(code, "cascade_link_dangling");
        assert_eq!(
            message,
            "tautan cascading menunjuk sasaran yang bukan milik unit atasan"
        );
        plan.indicators[1].supports_objective = Some(ObjectiveId(77));
        assert!(only(&plan, &scales).2.contains("sasaran yang tidak ada"));
    }

    #[test]
    fn the_same_indicator_above_and_below_with_other_targets() {
        let (mut plan, scales) = clean();
        plan.indicators[1].text = plan.indicators[0].text.clone();
        plan.indicators[1].pk_target = Some(v("95%"));
        plan.indicators[1].rak_target = None;
        plan.realisations[0].value = v("95%");
        let (code, _, message) = only(&plan, &scales);
        assert_eq!(code, "cascade_target_differs");
        assert_eq!(
            message,
            "target PK '95%' berbeda dengan target PK unit atasan KPU X '100%' untuk indikator yang sama"
        );
    }

    #[test]
    fn findings_speak_english_too_and_name_their_place() {
        let (mut plan, scales) = clean();
        plan.actions[1].schedule.periods.clear();
        let f = check_plan(&plan, &scales).remove(0);
        assert_eq!(f.message.en, "the action is scheduled in no month or quarter");
        assert_eq!(f.place.path(), "Subbag Y › Sasaran 2 › Jumlah laporan › Kegiatan 2");
        assert_eq!(f.place.action_id, Some(ActionId(2)));
    }
}
