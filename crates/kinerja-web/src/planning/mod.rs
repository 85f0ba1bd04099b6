//! Planning (perencanaan): the cascade of the office's year as a tree (pohon kinerja), the plan
//! checks with links to what they name, the PK of a unit (objectives and indicators with their
//! targets and how they are measured), the RAK of a unit as a grid, and copying a year's plan
//! into the next. Planners and admins edit; everyone who reads the office sees.

use kinerja_domain::model::Year;
use std::collections::HashMap;

use crate::extract::{Fields, Query};
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::Decimal;
use kinerja_domain::access::Permission;
use kinerja_domain::check::{self, Severity};
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::indicator::{IndicatorSettings, Polarity, Rollup};
use kinerja_domain::model::{Action, Indicator, IndicatorId, ObjectiveId, Schedule, Unit, UnitId, YearPlan};
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::value::{ParseContext, Value};
use kinerja_store::{ActionFields, IndicatorFields, PlanEdit, Scoped, StoreError, actions_fingerprint};
use tower_sessions::Session;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{AppState, WebError, csrf_token};

mod edits;
mod rak;
mod renstra;

pub use deletes::confirm_page as confirm_delete;
pub use edits::save;
use edits::*;
pub use rak::{rak_page, rak_save};
pub use renstra::{renstra_page, renstra_save};

#[derive(serde::Deserialize, Default)]
pub struct PlanQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    unit: Option<String>,
    /// The section shown (`sections::Section`).
    #[serde(default, rename = "bagian")]
    section: Option<String>,
    /// The findings' filter: a severity, a unit's code.
    #[serde(default, rename = "tingkat")]
    severity: Option<String>,
    #[serde(default, rename = "unit_temuan")]
    finding_unit: Option<String>,
    /// A deletion just made (its audit entry), offered for restore.
    #[serde(default, rename = "dihapus")]
    deleted: Option<i64>,
}

/// "TW1: 1 laporan; TW2: 2 laporan" → period targets. Each part is a period, a colon or an equals
/// sign, and a value; parts are separated by semicolons or new lines.
pub fn parse_period_targets(text: &str, ctx: &ParseContext<'_>, t: Tr) -> Result<Vec<(Period, Value)>, String> {
    let mut out: Vec<(Period, Value)> = Vec::new();
    for part in text.split([';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let Some((p, v)) = part.split_once([':', '=']) else {
            return Err(format!("'{part}': {}", t.t("err_period_target_form")));
        };
        let period: Period = p
            .trim()
            .parse()
            .map_err(|e: kinerja_domain::period::PeriodError| e.to_string())?;
        if out.iter().any(|(q, _)| *q == period) {
            return Err(format!("{period}: {}", t.t("err_period_target_twice")));
        }
        let value = Value::parse_with(v.trim(), ctx).map_err(|e| {
            let unreadable = t.fill("target_unreadable", v.trim());
            format!("{period}: {}", crate::values::refusal(t, unreadable, &e, None))
        })?;
        out.push((period, value));
    }
    out.sort_by_key(|(p, _)| (p.end_month(), *p));
    Ok(out)
}

fn period_targets_text(targets: &[(Period, Value)]) -> String {
    targets
        .iter()
        .map(|(p, v)| format!("{p}: {}", v.raw()))
        .collect::<Vec<_>>()
        .join("; ")
}

// ---- Page models ---------------------------------------------------------------------------

/// A node of the cascade tree: an indicator and those of lower units that support it.
pub struct TreeNode {
    pub id: i64,
    /// The unit's name, shown only where it is not the unit of the line above (`show_unit`).
    pub unit: String,
    pub show_unit: bool,
    pub unit_code: String,
    pub text: String,
    pub target: String,
    pub children: Vec<TreeNode>,
}

pub struct TreeObjective {
    pub unit: String,
    pub text: String,
    pub indicators: Vec<TreeNode>,
    /// Indicators of lower units that support the objective as a whole.
    pub supporting: Vec<TreeNode>,
    /// How many indicators of lower units support it, at every level.
    pub supported: usize,
    /// The first objective of its unit (the tree names the unit above it).
    pub first_of_unit: bool,
}

impl TreeNode {
    /// This node and every node under it.
    fn size(&self) -> usize {
        1 + self.children.iter().map(TreeNode::size).sum::<usize>()
    }
}

pub struct Orphan {
    pub id: i64,
    pub unit: String,
    pub unit_code: String,
    pub text: String,
}

pub struct FindingView {
    pub severity: &'static str,
    /// `error`, `warning` or `info` (the row's class and the filter's value).
    pub class: &'static str,
    /// The code of the unit it names (the filter's value).
    pub unit_code: String,
    pub message: String,
    pub place: String,
    pub link: String,
}

/// An indicator's form: stored values, or what was typed when a save was refused.
pub struct IndicatorForm {
    pub id: i64,
    pub version: i64,
    pub text: String,
    pub pk_target: String,
    pub rak_target: String,
    pub period_targets: String,
    pub polarity: String,
    pub band_lower: String,
    pub band_upper: String,
    pub rollup: String,
    pub cap: String,
    pub weight: String,
    pub computation: String,
    pub data_source: String,
    pub supports: i64,
    pub error: String,
    pub realisations: usize,
    /// How it is measured, in a line: polarity (and whether it is the guess from the wording),
    /// roll-up, formula.
    pub measure: String,
    /// The polarity one click sets (the other of higher/lower; empty for a band).
    pub flip_to: String,
    pub flip_label: String,
}

pub struct ObjectiveForm {
    pub id: i64,
    pub text: String,
    pub indicators: Vec<IndicatorForm>,
    pub error: String,
    /// The add-indicator form under it, after a refused add.
    pub new_indicator: IndicatorForm,
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct SupportChoice {
    pub id: i64,
    pub label: String,
}

/// A budget line of the unit with what it has spent.
pub struct BudgetRow {
    pub ord: i32,
    pub name: String,
    pub level: String,
    pub ceiling: String,
    pub realised: String,
    pub absorbed: String,
    /// The PK indicators of the unit and the units below it, ticked when the line funds them:
    /// the LKj measures the line's efficiency by them.
    pub links: Vec<LinkChoice>,
    pub linked: usize,
}

pub struct LinkChoice {
    pub id: i64,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: Year,
    unit_code: String,
    unit_name: String,
    units: Vec<Choice>,
    can_edit: bool,
    /// The section shown: `pohon`, `pemeriksaan` or `pk` (`sections::Section`).
    section: String,
    /// A deletion just made that may be restored (its audit entry; 0 for none).
    restorable: i64,
    tree: Vec<TreeObjective>,
    orphans: Vec<Orphan>,
    findings: sections::Filtered,
    errors: usize,
    warnings: usize,
    objectives: Vec<ObjectiveForm>,
    supports: Vec<SupportChoice>,
    polarities: Vec<Choice>,
    rollups: Vec<Choice>,
    can_copy: bool,
    /// The year has objectives (a RAK, say) even when no PK gives a tree.
    has_plan: bool,
    notice: String,
    error: String,
    new_objective: String,
    budget: Vec<BudgetRow>,
    /// The unit's PK signature as it stands ("" when unsigned), and the form to sign it.
    signed: String,
    can_sign: bool,
    has_pk: bool,
    people: Vec<SupportChoice>,
    sign_first: i64,
    sign_second: i64,
    /// People of the office above, who may sign as Pihak Kedua (the commission's PK is signed
    /// with the province's Ketua), and that office's name.
    people_above: Vec<SupportChoice>,
    office_above: String,
    sign_place: String,
    sign_date: String,
}

fn empty_form() -> IndicatorForm {
    IndicatorForm {
        id: 0,
        version: 0,
        text: String::new(),
        pk_target: String::new(),
        rak_target: String::new(),
        period_targets: String::new(),
        polarity: "higher_is_better".into(),
        band_lower: String::new(),
        band_upper: String::new(),
        rollup: "last".into(),
        cap: String::new(),
        weight: String::new(),
        computation: String::new(),
        data_source: String::new(),
        supports: 0,
        error: String::new(),
        realisations: 0,
        measure: String::new(),
        flip_to: String::new(),
        flip_label: String::new(),
    }
}

/// How an indicator is measured, in one line, and the polarity one click would set instead.
fn measure_line(t: Tr, plan: &YearPlan, i: &Indicator) -> (String, String, String) {
    use kinerja_domain::indicator::guess_polarity;
    let (guess, why) = guess_polarity(&i.text);
    let polarity = match i.settings.polarity {
        Polarity::HigherIsBetter => format!("↑ {}", t.t("polarity_higher")),
        Polarity::LowerIsBetter => format!("↓ {}", t.t("polarity_lower")),
        Polarity::Band { .. } => format!("↕ {}", t.t("polarity_band")),
    };
    let origin = if i.settings.polarity == guess {
        let why = match why {
            "decrease" => t.t("guess_decrease"),
            "counts_a_bad_thing" => t.t("guess_counts_a_bad_thing"),
            "counts_what_was_handled" => t.t("guess_counts_what_was_handled"),
            _ => t.t("guess_default"),
        };
        t.fill("polarity_guessed", why)
    } else {
        t.t("polarity_set").to_string()
    };
    let rollup_label = match i.settings.rollup {
        Rollup::Sum => t.t("rollup_sum"),
        Rollup::Last => t.t("rollup_last"),
        Rollup::Mean => t.t("rollup_mean"),
        Rollup::Max => t.t("rollup_max"),
    };
    let rollup = format!("{}: {rollup_label}", t.t("rollup"));
    let counted = matches!(
        (
            i.pk_target.as_ref().map(Value::kind),
            i.activity_target.as_ref().map(Value::kind)
        ),
        (
            Some(kinerja_domain::value::ValueKind::Percent),
            Some(kinerja_domain::value::ValueKind::Quantity)
        )
    );
    let formula = if counted {
        t.t("formula_counted").to_string()
    } else {
        match i.settings.polarity {
            Polarity::LowerIsBetter => plan.office.lower_formula.describe(t.0).to_string(),
            Polarity::Band { .. } => t.t("formula_band").to_string(),
            Polarity::HigherIsBetter => t.t("formula_higher").to_string(),
        }
    };
    let (flip_to, flip_label) = match i.settings.polarity {
        Polarity::HigherIsBetter => ("lower_is_better", format!("{} ↓", t.t("set_to"))),
        Polarity::LowerIsBetter => ("higher_is_better", format!("{} ↑", t.t("set_to"))),
        Polarity::Band { .. } => ("", String::new()),
    };
    (
        format!("{polarity} ({origin}) · {rollup} · {formula}"),
        flip_to.to_string(),
        flip_label,
    )
}

fn form_of(t: Tr, plan: &YearPlan, i: &Indicator) -> IndicatorForm {
    let (measure, flip_to, flip_label) = measure_line(t, plan, i);
    let raw = |v: &Option<Value>| v.as_ref().map(|v| v.raw().to_string()).unwrap_or_default();
    let dec = |d: Option<Decimal>| d.map(|d| d.normalize().to_string()).unwrap_or_default();
    let (band_lower, band_upper) = match i.settings.polarity {
        Polarity::Band { lower, upper } => (dec(Some(lower)), dec(Some(upper))),
        _ => (String::new(), String::new()),
    };
    IndicatorForm {
        id: i.id.0,
        version: i.version,
        text: i.text.clone(),
        pk_target: raw(&i.pk_target),
        rak_target: raw(&i.rak_target),
        period_targets: period_targets_text(&i.period_targets),
        polarity: i.settings.polarity.code().into(),
        band_lower,
        band_upper,
        rollup: i.settings.rollup.code().into(),
        cap: dec(i.settings.cap),
        weight: dec(i.settings.weight),
        computation: i.computation.clone().unwrap_or_default(),
        data_source: i.data_source.clone().unwrap_or_default(),
        supports: i.supports.map_or(0, |s| s.0),
        error: String::new(),
        realisations: plan.realisations.iter().filter(|r| r.indicator == i.id).count(),
        measure,
        flip_to,
        flip_label,
    }
}

/// The cascade: objectives of the top units with their indicators, each with the indicators of
/// lower units that support it, recursively; and the indicators that support nothing.
fn tree(plan: &YearPlan) -> (Vec<TreeObjective>, Vec<Orphan>) {
    let unit_of_objective: HashMap<ObjectiveId, &Unit> = plan
        .objectives
        .iter()
        .filter_map(|o| plan.unit(o.unit).map(|u| (o.id, u)))
        .collect();
    let pk: Vec<&Indicator> = plan.indicators.iter().filter(|i| i.in_pk()).collect();
    fn node(
        pk: &[&Indicator],
        units: &HashMap<ObjectiveId, &Unit>,
        i: &Indicator,
        above: Option<UnitId>,
        depth: usize,
    ) -> TreeNode {
        let unit = units.get(&i.objective);
        TreeNode {
            id: i.id.0,
            show_unit: unit.map(|u| u.id) != above,
            unit: unit.map(|u| u.name.clone()).unwrap_or_default(),
            unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
            text: i.text.clone(),
            target: i.measure_target().map(|v| v.raw().to_string()).unwrap_or_default(),
            children: if depth > 8 {
                vec![]
            } else {
                pk.iter()
                    .filter(|c| c.supports == Some(i.id))
                    .map(|c| node(pk, units, c, unit.map(|u| u.id), depth + 1))
                    .collect()
            },
        }
    }
    // A top unit: one whose parent has no PK this year (the commission, usually).
    let has_pk = |u: UnitId| plan.unit_year(u).is_some_and(|y| y.has_pk);
    let is_top = |u: &Unit| u.parent.is_none_or(|p| !has_pk(p));
    let mut out = Vec::new();
    for unit in plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| is_top(u) && has_pk(u.id))
    {
        for o in plan.objectives_of(unit.id) {
            let indicators: Vec<TreeNode> = pk
                .iter()
                .filter(|i| i.objective == o.id)
                .map(|i| node(&pk, &unit_of_objective, i, Some(unit.id), 0))
                .collect();
            let supporting: Vec<TreeNode> = pk
                .iter()
                .filter(|i| i.supports_objective == Some(o.id) && i.supports.is_none())
                .map(|i| node(&pk, &unit_of_objective, i, Some(unit.id), 0))
                .collect();
            let supported = indicators.iter().map(|n| n.size() - 1).sum::<usize>()
                + supporting.iter().map(TreeNode::size).sum::<usize>();
            out.push(TreeObjective {
                first_of_unit: out.last().is_none_or(|last: &TreeObjective| last.unit != unit.name),
                unit: unit.name.clone(),
                text: o.text.clone(),
                indicators,
                supporting,
                supported,
            });
        }
    }
    let orphans = pk
        .iter()
        .filter(|i| i.supports.is_none() && i.supports_objective.is_none())
        .filter_map(|i| unit_of_objective.get(&i.objective).map(|u| (i, u)))
        .filter(|(_, u)| !is_top(u))
        .map(|(i, u)| Orphan {
            id: i.id.0,
            unit: u.name.clone(),
            unit_code: u.code.clone(),
            text: i.text.clone(),
        })
        .collect();
    (out, orphans)
}

/// Indicators a unit's indicator may support: those of the units above it.
fn support_choices(plan: &YearPlan, unit: &Unit) -> Vec<SupportChoice> {
    let mut out = Vec::new();
    let mut at = unit.parent;
    while let Some(u) = at.and_then(|id| plan.unit(id)) {
        for o in plan.objectives_of(u.id) {
            for i in plan.indicators_of(o.id).filter(|i| i.in_pk()) {
                out.push(SupportChoice {
                    id: i.id.0,
                    label: format!("{} — {}", u.name, i.text),
                });
            }
        }
        at = u.parent;
    }
    out
}

fn choices(t: Tr) -> (Vec<Choice>, Vec<Choice>) {
    let c = |v: &str, label: &str| Choice {
        value: v.into(),
        label: label.into(),
    };
    (
        vec![
            c("higher_is_better", t.t("polarity_higher")),
            c("lower_is_better", t.t("polarity_lower")),
            c("band", t.t("polarity_band")),
        ],
        vec![
            c("sum", t.t("rollup_sum")),
            c("last", t.t("rollup_last")),
            c("mean", t.t("rollup_mean")),
            c("max", t.t("rollup_max")),
        ],
    )
}

/// The office's units, in tree order, for the unit picker of the planning pages.
fn unit_choices(plan: &YearPlan) -> Vec<Choice> {
    plan.units_in_tree_order()
        .into_iter()
        .map(|u| Choice {
            value: u.code.clone(),
            label: u.name.clone(),
        })
        .collect()
}

/// What a refused save leaves on the page.
#[derive(Default)]
struct Refused {
    /// An indicator's form as typed, by id (0 with the objective for a new one).
    indicator: Option<(IndicatorId, ObjectiveId, IndicatorForm)>,
    objective: Option<(ObjectiveId, String)>,
    new_objective: String,
    error: String,
}

pub(crate) fn may_edit(scoped: &Scoped<'_>, office: kinerja_domain::model::OfficeId) -> bool {
    scoped.scope().allows(Permission::EditPlan(office))
}

fn unit_for<'p>(plan: &'p YearPlan, asked: Option<&str>) -> Option<&'p Unit> {
    match asked.filter(|code| !code.is_empty()) {
        Some(code) => plan.find_unit(code),
        None => plan
            .units_in_tree_order()
            .into_iter()
            .find(|u| plan.unit_year(u.id).is_some_and(|y| y.has_pk))
            .or_else(|| plan.units_in_tree_order().into_iter().next()),
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    t: Tr,
    state: &AppState,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    q: &PlanQuery,
    refused: Refused,
    notice: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = unit_for(&plan, q.unit.as_deref()).ok_or(WebError::NotFound)?;
    let section = sections::Section::chosen(q.section.as_deref(), q.unit.is_some());
    let scales = scoped.scales_for(office.id).await?;
    let findings = check::check_plan(&plan, &scales);
    let finding_views = finding_views(t, &plan, &findings, &office.code, &unit.code);
    let (tree, orphans) = tree(&plan);
    let mut refused = refused;
    let objectives = objective_forms(t, &plan, unit, &mut refused);
    let previous_has_plan = match year.previous() {
        Some(last) => !scoped.year_plan(office.id, last).await?.objectives.is_empty(),
        None => false,
    };
    let above = scoped.staff_above(office.id, year).await?;
    let sign = sign_form(t, &plan, above.as_ref(), &office, unit);
    let unit_year = plan.unit_year(unit.id);
    let budget = budget_rows(&plan, unit);
    let (polarities, rollups) = choices(t);
    let page = PlanPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?)
            .with_years(scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        units: unit_choices(&plan),
        can_edit: may_edit(scoped, office.id),
        errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
        warnings: findings.iter().filter(|f| f.severity == Severity::Warning).count(),
        section: section.code().to_string(),
        restorable: q.deleted.filter(|_| may_edit(scoped, office.id)).unwrap_or(0),
        tree,
        orphans,
        findings: sections::filter(
            finding_views,
            &plan,
            q.severity.as_deref().unwrap_or(""),
            q.finding_unit.as_deref().unwrap_or(""),
            t,
        ),
        objectives,
        supports: support_choices(&plan, unit),
        polarities,
        rollups,
        can_copy: plan.objectives.is_empty() && previous_has_plan,
        has_plan: !plan.objectives.is_empty(),
        notice,
        error: if refused.objective.is_none() {
            refused.error
        } else {
            String::new()
        },
        new_objective: refused.new_objective,
        budget,
        signed: sign.signed,
        can_sign: scoped
            .scope()
            .allows(kinerja_domain::access::Permission::Verify(office.id, unit.id))
            || may_edit(scoped, office.id),
        has_pk: unit_year.is_some_and(|y| y.has_pk),
        people: plan
            .people
            .iter()
            .map(|p| SupportChoice {
                id: p.id.0,
                label: p.name.clone(),
            })
            .collect(),
        sign_first: sign.first,
        sign_second: sign.second,
        people_above: above
            .as_ref()
            .map(|a| {
                a.people
                    .iter()
                    .map(|p| SupportChoice {
                        id: p.id.0,
                        label: p.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        office_above: above.as_ref().map(|a| a.office.name.clone()).unwrap_or_default(),
        sign_place: sign.place,
        sign_date: sign.date,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The plan checks' findings, each with a link to what it names.
fn finding_views(t: Tr, plan: &YearPlan, findings: &[check::Finding], office: &str, unit: &str) -> Vec<FindingView> {
    let year = plan.year;
    let unit_code_of = |id: Option<UnitId>| id.and_then(|u| plan.unit(u)).map(|u| u.code.clone());
    findings
        .iter()
        .map(|f| {
            let own = unit_code_of(f.place.unit_id);
            let unit = own.clone().unwrap_or_else(|| unit.to_string());
            let link = match (f.place.indicator_id, f.place.action_id) {
                (_, Some(a)) => format!("/kantor/{office}/rencana/rak?unit={unit}&tahun={year}#kegiatan-{a}"),
                (Some(i), None) => format!("/kantor/{office}/rencana?unit={unit}&tahun={year}#indikator-{i}"),
                _ => format!("/kantor/{office}/rencana?unit={unit}&tahun={year}"),
            };
            FindingView {
                severity: match f.severity {
                    Severity::Error => t.t("severity_error"),
                    Severity::Warning => t.t("severity_warning"),
                    Severity::Info => t.t("severity_info"),
                },
                class: match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                },
                message: f.message.get(t.0).to_string(),
                place: f.place.path(),
                link,
                unit_code: own.unwrap_or_default(),
            }
        })
        .collect()
}

/// The unit's objectives with their indicators' forms; a refused save's form (taken from
/// `refused`) in place of the stored one.
fn objective_forms(t: Tr, plan: &YearPlan, unit: &Unit, refused: &mut Refused) -> Vec<ObjectiveForm> {
    plan.objectives_of(unit.id)
        .map(|o| {
            let indicators = plan
                .indicators_of(o.id)
                .map(|i| match &refused.indicator {
                    Some((id, _, _)) if *id == i.id => {
                        let (_, _, form) = refused.indicator.take().expect("matched above");
                        form
                    }
                    _ => form_of(t, plan, i),
                })
                .collect();
            let new_indicator = match &refused.indicator {
                Some((IndicatorId(0), objective, _)) if *objective == o.id => {
                    refused.indicator.take().expect("matched above").2
                }
                _ => empty_form(),
            };
            let (text, error) = match &refused.objective {
                Some((id, typed)) if *id == o.id => (typed.clone(), refused.error.clone()),
                _ => (o.text.clone(), String::new()),
            };
            ObjectiveForm {
                id: o.id.0,
                text,
                indicators,
                error,
                new_indicator,
            }
        })
        .collect()
}

/// The PK's signing: as stored, or what the form offers.
struct SignForm {
    /// "Metro, 11 Januari 2024 — NAME / NAME" when signed.
    signed: String,
    first: i64,
    second: i64,
    place: String,
    date: String,
}

/// The sign form: the stored signature, else the unit's head as Pihak Pertama and its superior
/// (the head of the unit above, or of the office above for the top unit) as Pihak Kedua, the
/// office's city, and today when it falls in the PK's year (a PK is never signed after it).
fn sign_form(
    t: Tr,
    plan: &YearPlan,
    above: Option<&kinerja_domain::model::Staff>,
    office: &kinerja_domain::model::Office,
    unit: &Unit,
) -> SignForm {
    let person_name = |id: Option<kinerja_domain::model::PersonId>| {
        id.and_then(|p| {
            plan.people
                .iter()
                .chain(above.iter().flat_map(|a| a.people.iter()))
                .find(|x| x.id == p)
        })
        .map(|p| p.name.clone())
        .unwrap_or_default()
    };
    let holder = |u: Option<UnitId>| {
        u.and_then(|u| plan.positions.iter().find(|p| p.unit == u))
            .map(|p| p.person)
    };
    let current = plan.unit_year(unit.id).and_then(|y| y.pk_signed.clone());
    let signed = current
        .as_ref()
        .map(|s| {
            format!(
                "{}{} — {}{}",
                s.place.clone().map(|p| format!("{p}, ")).unwrap_or_default(),
                s.date.map(|d| kinerja_domain::format::date(d, t.0)).unwrap_or_default(),
                person_name(s.first),
                s.second
                    .map(|_| format!(" / {}", person_name(s.second)))
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    // The top unit's superior is the head of the office above.
    let above_holder = || {
        let a = above?;
        let top = a.top_unit()?;
        a.positions
            .iter()
            .filter(|p| p.unit == top.id)
            .max_by_key(|p| p.from)
            .map(|p| p.person)
    };
    let today = kinerja_store::clock::today_in(office.time_zone);
    SignForm {
        signed,
        first: current
            .as_ref()
            .and_then(|s| s.first)
            .or_else(|| holder(Some(unit.id)))
            .map_or(0, |p| p.0),
        second: current
            .as_ref()
            .and_then(|s| s.second)
            .or_else(|| match unit.parent {
                Some(_) => holder(unit.parent),
                None => above_holder(),
            })
            .map_or(0, |p| p.0),
        place: current
            .as_ref()
            .and_then(|s| s.place.clone())
            .or_else(|| office.city.clone())
            .unwrap_or_default(),
        date: current
            .as_ref()
            .and_then(|s| s.date)
            .map(|d| d.to_string())
            .or_else(|| (today.year() == plan.year.get()).then(|| today.to_string()))
            .unwrap_or_default(),
    }
}

/// The unit's budget lines with what they spent and the indicators each may fund: the PK
/// indicators of the unit and of the units below it (a programme of the commission funds its
/// sub-sections' work too).
fn budget_rows(plan: &YearPlan, unit: &Unit) -> Vec<BudgetRow> {
    let fundable: Vec<(IndicatorId, String)> = plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| u.id == unit.id || plan.is_ancestor(unit.id, u.id))
        .flat_map(|u| {
            plan.objectives_of(u.id)
                .flat_map(|o| plan.indicators_of(o.id))
                .filter(|i| i.in_pk())
                .map(move |i| (i.id, format!("{} — {}", i.text, u.name)))
        })
        .collect();
    plan.budget
        .iter()
        .filter(|b| b.unit == unit.id)
        .map(|b| BudgetRow {
            links: fundable
                .iter()
                .map(|(id, label)| LinkChoice {
                    id: id.0,
                    label: label.clone(),
                    checked: b.indicators.contains(id),
                })
                .collect(),
            linked: b.indicators.len(),
            ord: b.ord,
            name: b.name.clone(),
            level: b.level.code().to_string(),
            ceiling: kinerja_domain::format::rupiah(b.ceiling),
            realised: b
                .realised
                .map(|r| kinerja_domain::format::number(r, 2))
                .unwrap_or_default(),
            absorbed: match b.realised {
                Some(r) => kinerja_domain::achievement::percent_of(r, b.ceiling)
                    .map(kinerja_domain::format::percent)
                    .unwrap_or_else(|| "-".into()),
                None => "-".into(),
            },
        })
        .collect()
}

#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
    unit: Option<String>,
    /// Set after a save, to say so.
    #[serde(rename = "tersimpan")]
    saved: Option<u8>,
    /// Set after an import was applied: what it wrote is in the session.
    #[serde(rename = "diimpor")]
    imported: Option<u8>,
    #[serde(default, rename = "bagian")]
    section: Option<String>,
    #[serde(default, rename = "tingkat")]
    severity: Option<String>,
    #[serde(default, rename = "unit_temuan")]
    finding_unit: Option<String>,
    /// Set after a deletion: its audit entry, to offer its restore.
    #[serde(default, rename = "dihapus")]
    deleted: Option<i64>,
    #[serde(default, rename = "dipulihkan")]
    restored: Option<u8>,
}

impl NoticeQuery {
    /// "Tersimpan" after a save.
    fn notice(&self, t: Tr) -> String {
        if self.restored.is_some() {
            t.t("restored_notice").to_string()
        } else if self.deleted.is_some() {
            t.t("deleted_notice").to_string()
        } else if self.saved.is_some() {
            t.t("saved").to_string()
        } else {
            String::new()
        }
    }
}

pub async fn page(ctx: Signed, Path(code): Path<String>, Query(q): Query<NoticeQuery>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let mut notice = q.notice(t);
    if q.imported.is_some()
        && let Ok(Some(written)) = session.remove::<String>(crate::imports::IMPORTED).await
    {
        notice = written;
    }
    let query = PlanQuery {
        year: q.year,
        unit: q.unit,
        section: q.section,
        severity: q.severity,
        finding_unit: q.finding_unit,
        deleted: q.deleted,
    };
    render(
        t,
        state,
        &scoped,
        session,
        &code,
        &query,
        Refused::default(),
        notice,
        StatusCode::OK,
    )
    .await
}

/// The most rows a unit's RAK grid saves at once (each row is about 19 fields of a form that
/// holds at most `extract::MAX_FORM_FIELDS`).
const MAX_RAK_ROWS: usize = 1_000;

/// What the page shows when an edit is refused.
type OnError = Box<dyn Fn(String) -> Refused + Send>;

mod deletes;
mod sections;
#[cfg(test)]
mod tests;
