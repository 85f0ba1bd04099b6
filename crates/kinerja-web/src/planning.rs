//! Planning (perencanaan): the cascade of the office's year as a tree (pohon kinerja), the plan
//! checks with links to what they name, the PK of a unit (objectives and indicators with their
//! targets and how they are measured), the RAK of a unit as a grid, and copying a year's plan
//! into the next. Planners and admins edit; everyone who reads the office sees.

use std::collections::HashMap;

use crate::extract::Query;
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::Decimal;
use kinerja_domain::access::Permission;
use kinerja_domain::check::{self, Severity};
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::indicator::{IndicatorSettings, Polarity, Rollup};
use kinerja_domain::model::{Action, Indicator, Schedule, Unit, YearPlan};
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::value::{ParseContext, Value};
use kinerja_store::{ActionFields, IndicatorFields, PlanEdit, Scoped, StoreError, actions_fingerprint};
use tower_sessions::Session;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{AppState, WebError, csrf_token};

#[derive(serde::Deserialize)]
pub struct PlanQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<i32>,
    unit: Option<String>,
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
        let value = Value::parse_with(v.trim(), ctx).map_err(|e| format!("{period}: {}", e.message(t.0)))?;
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
    pub unit: String,
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
}

pub struct Orphan {
    pub id: i64,
    pub unit: String,
    pub unit_code: String,
    pub text: String,
}

pub struct FindingView {
    pub severity: &'static str,
    pub class: &'static str,
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
    year: i32,
    unit_code: String,
    unit_name: String,
    units: Vec<Choice>,
    can_edit: bool,
    tree: Vec<TreeObjective>,
    orphans: Vec<Orphan>,
    findings: Vec<FindingView>,
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
        id: i.id,
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
        supports: i.supports.unwrap_or(0),
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
    let unit_of_objective: HashMap<i64, &Unit> = plan
        .objectives
        .iter()
        .filter_map(|o| plan.unit(o.unit).map(|u| (o.id, u)))
        .collect();
    let pk: Vec<&Indicator> = plan.indicators.iter().filter(|i| i.in_pk()).collect();
    fn node(pk: &[&Indicator], units: &HashMap<i64, &Unit>, i: &Indicator, depth: usize) -> TreeNode {
        let unit = units.get(&i.objective);
        TreeNode {
            id: i.id,
            unit: unit.map(|u| u.name.clone()).unwrap_or_default(),
            unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
            text: i.text.clone(),
            target: i.measure_target().map(|v| v.raw().to_string()).unwrap_or_default(),
            children: if depth > 8 {
                vec![]
            } else {
                pk.iter()
                    .filter(|c| c.supports == Some(i.id))
                    .map(|c| node(pk, units, c, depth + 1))
                    .collect()
            },
        }
    }
    // A top unit: one whose parent has no PK this year (the commission, usually).
    let has_pk = |u: i64| plan.unit_year(u).is_some_and(|y| y.has_pk);
    let is_top = |u: &Unit| u.parent.is_none_or(|p| !has_pk(p));
    let mut out = Vec::new();
    for unit in plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| is_top(u) && has_pk(u.id))
    {
        for o in plan.objectives_of(unit.id) {
            out.push(TreeObjective {
                unit: unit.name.clone(),
                text: o.text.clone(),
                indicators: pk
                    .iter()
                    .filter(|i| i.objective == o.id)
                    .map(|i| node(&pk, &unit_of_objective, i, 0))
                    .collect(),
                supporting: pk
                    .iter()
                    .filter(|i| i.supports_objective == Some(o.id) && i.supports.is_none())
                    .map(|i| node(&pk, &unit_of_objective, i, 0))
                    .collect(),
            });
        }
    }
    let orphans = pk
        .iter()
        .filter(|i| i.supports.is_none() && i.supports_objective.is_none())
        .filter_map(|i| unit_of_objective.get(&i.objective).map(|u| (i, u)))
        .filter(|(_, u)| !is_top(u))
        .map(|(i, u)| Orphan {
            id: i.id,
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
                    id: i.id,
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

/// What a refused save leaves on the page.
#[derive(Default)]
struct Refused {
    /// An indicator's form as typed, by id (0 with the objective for a new one).
    indicator: Option<(i64, i64, IndicatorForm)>,
    objective: Option<(i64, String)>,
    new_objective: String,
    error: String,
}

pub(crate) fn may_edit(scoped: &Scoped<'_>, office: i64) -> bool {
    scoped.scope().allows(Permission::EditPlan(office))
}

fn unit_for<'p>(plan: &'p YearPlan, asked: Option<&str>) -> Option<&'p Unit> {
    match asked {
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
    let year = q.year.unwrap_or(state.config.default_year);
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = unit_for(&plan, q.unit.as_deref()).ok_or(WebError::NotFound)?;
    let scales = scoped.scales_for(office.id).await?;
    let findings = check::check_plan(&plan, &scales);
    let unit_code_of = |id: Option<i64>| id.and_then(|u| plan.unit(u)).map(|u| u.code.clone());
    let finding_views: Vec<FindingView> = findings
        .iter()
        .map(|f| {
            let unit = unit_code_of(f.place.unit_id).unwrap_or_else(|| unit.code.clone());
            let anchor = match (f.place.indicator_id, f.place.action_id) {
                (_, Some(a)) => format!(
                    "/kantor/{}/rencana/rak?unit={unit}&tahun={year}#kegiatan-{a}",
                    office.code
                ),
                (Some(i), None) => format!("/kantor/{}/rencana?unit={unit}&tahun={year}#indikator-{i}", office.code),
                _ => format!("/kantor/{}/rencana?unit={unit}&tahun={year}", office.code),
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
                link: anchor,
            }
        })
        .collect();
    let (tree, orphans) = tree(&plan);
    let mut refused = refused;
    let objectives = plan
        .objectives_of(unit.id)
        .map(|o| {
            let indicators = plan
                .indicators_of(o.id)
                .map(|i| match &refused.indicator {
                    Some((id, _, _)) if *id == i.id => {
                        let (_, _, form) = refused.indicator.take().expect("matched above");
                        form
                    }
                    _ => form_of(t, &plan, i),
                })
                .collect();
            let new_indicator = match &refused.indicator {
                Some((0, objective, _)) if *objective == o.id => refused.indicator.take().expect("matched above").2,
                _ => empty_form(),
            };
            let (text, error) = match &refused.objective {
                Some((id, typed)) if *id == o.id => (typed.clone(), refused.error.clone()),
                _ => (o.text.clone(), String::new()),
            };
            ObjectiveForm {
                id: o.id,
                text,
                indicators,
                error,
                new_indicator,
            }
        })
        .collect();
    let previous_has_plan = !scoped.year_plan(office.id, year - 1).await?.objectives.is_empty();
    let above = scoped.staff_above(office.id, year).await?;
    let person_name = |id: Option<i64>| {
        id.and_then(|p| {
            plan.people
                .iter()
                .chain(above.iter().flat_map(|a| a.people.iter()))
                .find(|x| x.id == p)
        })
        .map(|p| p.name.clone())
        .unwrap_or_default()
    };
    let holder = |u: Option<i64>| {
        u.and_then(|u| plan.positions.iter().find(|p| p.unit == u))
            .map(|p| p.person)
    };
    let unit_year = plan.unit_year(unit.id);
    let current = unit_year.and_then(|y| y.pk_signed.clone());
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
    let sign_first = current
        .as_ref()
        .and_then(|s| s.first)
        .or_else(|| holder(Some(unit.id)))
        .unwrap_or(0);
    // The top unit's superior is the head of the office above.
    let above_holder = || {
        let a = above.as_ref()?;
        let top = a.top_unit()?;
        a.positions
            .iter()
            .filter(|p| p.unit == top.id)
            .max_by_key(|p| p.from)
            .map(|p| p.person)
    };
    let sign_second = current
        .as_ref()
        .and_then(|s| s.second)
        .or_else(|| match unit.parent {
            Some(_) => holder(unit.parent),
            None => above_holder(),
        })
        .unwrap_or(0);
    let sign_place = current
        .as_ref()
        .and_then(|s| s.place.clone())
        .or_else(|| office.city.clone())
        .unwrap_or_default();
    let sign_date = current
        .as_ref()
        .and_then(|s| s.date)
        .map(|d| d.to_string())
        // Today only when it falls in the PK's year: a PK is never signed after its year.
        .or_else(|| {
            let today = kinerja_store::clock::today_in(office.time_zone);
            (today.year() == year).then(|| today.to_string())
        })
        .unwrap_or_default();
    // The indicators a line of this unit may fund: the PK indicators of the unit and of the units
    // below it (a programme of the commission funds its sub-sections' work too).
    let fundable: Vec<(i64, String)> = plan
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
    let budget = plan
        .budget
        .iter()
        .filter(|b| b.unit == unit.id)
        .map(|b| BudgetRow {
            links: fundable
                .iter()
                .map(|(id, label)| LinkChoice {
                    id: *id,
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
        .collect();
    let (polarities, rollups) = choices(t);
    let page = PlanPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?),
        office: office.name.clone(),
        code: office.code.clone(),
        year,
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        units: plan
            .units_in_tree_order()
            .into_iter()
            .map(|u| Choice {
                value: u.code.clone(),
                label: u.name.clone(),
            })
            .collect(),
        can_edit: may_edit(scoped, office.id),
        errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
        warnings: findings.iter().filter(|f| f.severity == Severity::Warning).count(),
        tree,
        orphans,
        findings: finding_views,
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
        signed,
        can_sign: scoped
            .scope()
            .allows(kinerja_domain::access::Permission::Verify(office.id, unit.id))
            || may_edit(scoped, office.id),
        has_pk: unit_year.is_some_and(|y| y.has_pk),
        people: plan
            .people
            .iter()
            .map(|p| SupportChoice {
                id: p.id,
                label: p.name.clone(),
            })
            .collect(),
        sign_first,
        sign_second,
        people_above: above
            .as_ref()
            .map(|a| {
                a.people
                    .iter()
                    .map(|p| SupportChoice {
                        id: p.id,
                        label: p.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        office_above: above.as_ref().map(|a| a.office.name.clone()).unwrap_or_default(),
        sign_place,
        sign_date,
    };
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<i32>,
    unit: Option<String>,
    /// Set after a save, to say so.
    #[serde(rename = "tersimpan")]
    saved: Option<u8>,
}

pub async fn page(ctx: Signed, Path(code): Path<String>, Query(q): Query<NoticeQuery>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let notice = if q.saved.is_some() {
        t.t("saved").to_string()
    } else {
        String::new()
    };
    let query = PlanQuery {
        year: q.year,
        unit: q.unit,
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

use crate::extract::Fields;

/// The most rows a unit's RAK grid saves at once (each row is about 19 fields of a form that
/// holds at most `extract::MAX_FORM_FIELDS`).
const MAX_RAK_ROWS: usize = 1_000;

fn get<'f>(fields: &'f Fields, name: &str) -> &'f str {
    fields.get(name)
}

fn number(fields: &Fields, name: &str) -> Result<i64, WebError> {
    get(fields, name)
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest(format!("field '{name}': not a number")))
}

/// An amount of rupiah as offices write it (`Rp 1.500.000`, `1.500.000`, `1500000`).
fn money(raw: &str) -> Option<Decimal> {
    Value::parse_money(raw)
        .or_else(|_| Value::parse(raw))
        .ok()
        .and_then(|v| v.number())
}

fn optional_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// An indicator's fields from its form, or the message to show next to it.
fn indicator_fields(fields: &Fields, ctx: &ParseContext<'_>, t: Tr) -> Result<IndicatorFields, String> {
    let value = |name: &str, label: &str| -> Result<Option<Value>, String> {
        let raw = get(fields, name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        Value::parse_with(raw, ctx)
            .map(Some)
            .map_err(|e| format!("{}: {}", t.t(label), e.message(t.0)))
    };
    let decimal = |name: &str, label: &str| -> Result<Option<Decimal>, String> {
        let raw = get(fields, name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        match Value::parse(raw).ok().and_then(|v| v.number()) {
            Some(d) => Ok(Some(d)),
            None => Err(format!("{}: '{raw}' {}", t.t(label), t.t("err_not_a_number"))),
        }
    };
    let text = get(fields, "text").trim().to_string();
    if text.is_empty() {
        return Err(t.t("err_indicator_text").into());
    }
    let polarity = match get(fields, "polarity") {
        "lower_is_better" => Polarity::LowerIsBetter,
        "band" => match (
            decimal("band_lower", "band_lower")?,
            decimal("band_upper", "band_upper")?,
        ) {
            (Some(lower), Some(upper)) if lower <= upper => Polarity::Band { lower, upper },
            _ => return Err(t.t("err_band").into()),
        },
        _ => Polarity::HigherIsBetter,
    };
    let rollup: Rollup = get(fields, "rollup").parse().unwrap_or_default();
    let period_targets = parse_period_targets(get(fields, "period_targets"), ctx, t)
        .map_err(|e| format!("{}: {e}", t.t("period_targets")))?;
    let supports = match get(fields, "supports").trim() {
        "" | "0" => None,
        s => Some(s.parse().map_err(|_| "supports: not an id".to_string())?),
    };
    Ok(IndicatorFields {
        text,
        pk_target: value("pk_target", "pk_target")?,
        rak_target: value("rak_target", "rak_target")?,
        period_targets,
        settings: IndicatorSettings {
            polarity,
            rollup,
            cap: decimal("cap", "cap")?,
            weight: decimal("weight", "weight")?,
        },
        computation: optional_text(get(fields, "computation")),
        data_source: optional_text(get(fields, "data_source")),
        supports,
    })
}

/// The form as typed, to show again with its message.
fn typed_form(fields: &Fields, id: i64, version: i64, error: String) -> IndicatorForm {
    let s = |n: &str| get(fields, n).to_string();
    IndicatorForm {
        id,
        version,
        text: s("text"),
        pk_target: s("pk_target"),
        rak_target: s("rak_target"),
        period_targets: s("period_targets"),
        polarity: s("polarity"),
        band_lower: s("band_lower"),
        band_upper: s("band_upper"),
        rollup: s("rollup"),
        cap: s("cap"),
        weight: s("weight"),
        computation: s("computation"),
        data_source: s("data_source"),
        supports: get(fields, "supports").parse().unwrap_or(0),
        error,
        realisations: 0,
        measure: String::new(),
        flip_to: String::new(),
        flip_label: String::new(),
    }
}

/// Every planning form posts here, naming what it does in `aksi`.
pub async fn save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year: i32 = fields.year("tahun")?;
    let unit_code = get(&fields, "unit").to_string();
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let query = PlanQuery {
        year: Some(year),
        unit: Some(unit_code.clone()),
    };
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(scoped.ordinal_scales_for(office.id).await?);
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let reason = optional_text(get(&fields, "reason")).unwrap_or_else(|| t.t("plan_default_reason").to_string());
    let back = |anchor: &str| {
        Redirect::to(&format!(
            "/kantor/{}/rencana?unit={unit_code}&tahun={year}&tersimpan=1{anchor}",
            office.code
        ))
        .into_response()
    };
    let aksi = get(&fields, "aksi");
    if aksi == "copy" {
        return match scoped.copy_plan(office.id, year - 1, year, &reason).await {
            Ok(_) => Ok(back("")),
            Err(StoreError::Invalid(m)) => {
                let refused = Refused {
                    error: m,
                    ..Default::default()
                };
                render(
                    t,
                    state,
                    &scoped,
                    session,
                    &code,
                    &query,
                    refused,
                    String::new(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            Err(e) => Err(e.into()),
        };
    }
    if aksi == "set_polarity" {
        // One click: the other of higher/lower is better, the rest of the settings kept.
        let id = number(&fields, "indicator")?;
        let version = number(&fields, "version")?;
        let plan = scoped.year_plan(office.id, year).await?;
        let ind = plan.indicators.iter().find(|i| i.id == id).ok_or(WebError::NotFound)?;
        let mut settings = ind.settings.clone();
        settings.polarity = match get(&fields, "polarity") {
            "higher_is_better" => Polarity::HigherIsBetter,
            "lower_is_better" => Polarity::LowerIsBetter,
            other => {
                return Err(crate::extract::field_error(
                    "polarity",
                    kinerja_domain::i18n::Text::new(
                        format!("{other:?} bukan polaritas"),
                        format!("{other:?} is not a polarity"),
                    ),
                ));
            }
        };
        return match scoped.update_indicator_settings(id, version, &settings, &reason).await {
            Ok(_) => Ok(back(&format!("#indikator-{id}"))),
            Err(StoreError::Conflict { .. }) => Err(WebError::Input(
                StatusCode::CONFLICT,
                kinerja_domain::i18n::Text::new(
                    Tr(kinerja_domain::i18n::Lang::Id).t("err_conflict_plan"),
                    Tr(kinerja_domain::i18n::Lang::En).t("err_conflict_plan"),
                ),
            )),
            Err(e) => Err(e.into()),
        };
    }
    let (edit, on_error): (PlanEdit, Box<dyn Fn(String) -> Refused + Send>) = match aksi {
        "add_objective" => {
            let plan = scoped.year_plan(office.id, year).await?;
            let unit = plan.find_unit(&unit_code).ok_or(WebError::NotFound)?.id;
            let text = get(&fields, "text").to_string();
            (
                PlanEdit::AddObjective {
                    unit,
                    year,
                    text: text.clone(),
                },
                Box::new(move |error| Refused {
                    new_objective: text.clone(),
                    error,
                    ..Default::default()
                }),
            )
        }
        "update_objective" | "delete_objective" => {
            let id = number(&fields, "objective")?;
            let text = get(&fields, "text").to_string();
            let edit = if aksi == "update_objective" {
                PlanEdit::UpdateObjective { id, text: text.clone() }
            } else {
                PlanEdit::DeleteObjective { id }
            };
            (
                edit,
                Box::new(move |error| Refused {
                    objective: Some((id, text.clone())),
                    error,
                    ..Default::default()
                }),
            )
        }
        "sign" => {
            let plan = scoped.year_plan(office.id, year).await?;
            let unit = plan.find_unit(&unit_code).ok_or(WebError::NotFound)?.id;
            let date = match get(&fields, "date").trim().parse::<kinerja_domain::date::Date>() {
                Ok(d) => d,
                Err(e) => {
                    let refused = Refused {
                        error: e.to_string(),
                        ..Default::default()
                    };
                    return render(
                        t,
                        state,
                        &scoped,
                        session,
                        &code,
                        &query,
                        refused,
                        String::new(),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await;
                }
            };
            let person = |name: &str| get(&fields, name).trim().parse::<i64>().ok().filter(|p| *p > 0);
            let signature = kinerja_domain::model::Signature {
                place: optional_text(get(&fields, "place")),
                date: Some(date),
                first: person("first"),
                second: person("second"),
            };
            (
                PlanEdit::SignPk { unit, year, signature },
                Box::new(|error| Refused {
                    error,
                    ..Default::default()
                }),
            )
        }
        "budget" => {
            let plan = scoped.year_plan(office.id, year).await?;
            let unit = plan.find_unit(&unit_code).ok_or(WebError::NotFound)?.id;
            let mut realised = Vec::new();
            let mut problems = Vec::new();
            for (key, value) in fields.pairs() {
                let Some(ord) = key.strip_prefix("realised_").and_then(|o| o.parse::<i32>().ok()) else {
                    continue;
                };
                let raw = value.trim();
                if raw.is_empty() {
                    realised.push((ord, None));
                    continue;
                }
                match money(raw) {
                    Some(n) => realised.push((ord, Some(n))),
                    None => {
                        let name = plan
                            .budget
                            .iter()
                            .find(|b| b.unit == unit && b.ord == ord)
                            .map(|b| b.name.clone())
                            .unwrap_or_default();
                        problems.push(format!("{name}: '{raw}' {}", t.t("err_not_a_number")));
                    }
                }
            }
            if !problems.is_empty() {
                let refused = Refused {
                    error: problems.join(" · "),
                    ..Default::default()
                };
                return render(
                    t,
                    state,
                    &scoped,
                    session,
                    &code,
                    &query,
                    refused,
                    String::new(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            }
            (
                PlanEdit::SetBudgetRealised { unit, year, realised },
                Box::new(|error| Refused {
                    error,
                    ..Default::default()
                }),
            )
        }
        "budget_links" => {
            let plan = scoped.year_plan(office.id, year).await?;
            let unit = plan.find_unit(&unit_code).ok_or(WebError::NotFound)?.id;
            // Every line of the unit is in the form: a line with no box ticked is unlinked.
            let mut links: Vec<(i32, Vec<i64>)> = plan
                .budget
                .iter()
                .filter(|b| b.unit == unit && b.year == year)
                .map(|b| (b.ord, Vec::new()))
                .collect();
            for (key, value) in fields.pairs() {
                let Some(ord) = key.strip_prefix("link_").and_then(|o| o.parse::<i32>().ok()) else {
                    continue;
                };
                let id: i64 = value
                    .trim()
                    .parse()
                    .map_err(|_| WebError::BadRequest(format!("field '{key}': '{value}' is not an indicator id")))?;
                match links.iter_mut().find(|(o, _)| *o == ord) {
                    Some((_, ids)) => ids.push(id),
                    None => return Err(WebError::BadRequest(format!("field '{key}': no budget line {ord}"))),
                }
            }
            (
                PlanEdit::SetBudgetLinks { unit, year, links },
                Box::new(|error| Refused {
                    error,
                    ..Default::default()
                }),
            )
        }
        "add_indicator" | "update_indicator" | "delete_indicator" => {
            let id = if aksi == "add_indicator" {
                0
            } else {
                number(&fields, "indicator")?
            };
            let objective = if aksi == "add_indicator" {
                number(&fields, "objective")?
            } else {
                0
            };
            let version = if aksi == "add_indicator" {
                0
            } else {
                number(&fields, "version")?
            };
            let typed = fields.clone();
            let on_error: Box<dyn Fn(String) -> Refused + Send> = Box::new(move |error| Refused {
                indicator: Some((id, objective, typed_form(&typed, id, version, error))),
                ..Default::default()
            });
            let edit = if aksi == "delete_indicator" {
                PlanEdit::DeleteIndicator { id, version }
            } else {
                match indicator_fields(&fields, &ctx, t) {
                    Ok(f) if aksi == "add_indicator" => PlanEdit::AddIndicator { objective, fields: f },
                    Ok(f) => PlanEdit::UpdateIndicator { id, version, fields: f },
                    Err(message) => {
                        return render(
                            t,
                            state,
                            &scoped,
                            session,
                            &code,
                            &query,
                            on_error(message),
                            String::new(),
                            StatusCode::UNPROCESSABLE_ENTITY,
                        )
                        .await;
                    }
                }
            };
            (edit, on_error)
        }
        other => return Err(WebError::BadRequest(format!("unknown action '{other}'"))),
    };
    match scoped.edit_plan(office.id, &edit, &reason).await {
        Ok(done) => Ok(back(&match edit {
            PlanEdit::AddIndicator { .. } | PlanEdit::UpdateIndicator { .. } => format!("#indikator-{}", done.id),
            _ => String::new(),
        })),
        Err(e @ (StoreError::Invalid(_) | StoreError::Rejected(_))) => {
            let m = match e {
                StoreError::Rejected(text) => text.get(t.0).to_string(),
                other => other.to_string(),
            };
            render(
                t,
                state,
                &scoped,
                session,
                &code,
                &query,
                on_error(m),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::Conflict { .. }) => {
            let refused = on_error(t.t("err_conflict_plan").into());
            render(
                t,
                state,
                &scoped,
                session,
                &code,
                &query,
                refused,
                String::new(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- RAK grid ------------------------------------------------------------------------------

pub struct RakCell {
    pub n: u8,
    pub label: String,
    pub on: bool,
}

pub struct RakRow {
    pub n: usize,
    pub id: i64,
    pub indicator: i64,
    pub text: String,
    pub cells: Vec<RakCell>,
    pub executor: String,
    pub budget: String,
    pub target: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "rak.html")]
struct RakPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: i32,
    unit_code: String,
    unit_name: String,
    units: Vec<Choice>,
    can_edit: bool,
    indicators: Vec<SupportChoice>,
    heads: Vec<String>,
    rows: Vec<RakRow>,
    read: String,
    total: String,
    error: String,
    notice: String,
}

/// New rows offered under the existing ones.
const BLANK_ROWS: usize = 3;

fn cells(kind: PeriodKind, on: &[u8], t: Tr) -> Vec<RakCell> {
    (1..=kind.count())
        .map(|n| RakCell {
            n,
            label: kind.period(n).map(|p| p.label(t.0)).unwrap_or_default(),
            on: on.contains(&n),
        })
        .collect()
}

struct RakTyped {
    rows: Vec<RakRow>,
    error: String,
}

#[allow(clippy::too_many_arguments)]
async fn render_rak(
    t: Tr,
    state: &AppState,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    q: &PlanQuery,
    typed: Option<RakTyped>,
    notice: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let year = q.year.unwrap_or(state.config.default_year);
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = unit_for(&plan, q.unit.as_deref()).ok_or(WebError::NotFound)?;
    let kind = plan.unit_year(unit.id).map(|y| y.rak_period_kind).unwrap_or_default();
    let indicators: Vec<&Indicator> = plan
        .objectives_of(unit.id)
        .flat_map(|o| plan.indicators_of(o.id))
        .collect();
    let actions: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| indicators.iter().any(|i| i.id == a.indicator))
        .collect();
    let total = kinerja_domain::achievement::saturating_sum(actions.iter().filter_map(|a| a.budget));
    let (rows, error) = match typed {
        Some(typed) => (typed.rows, typed.error),
        None => {
            let mut rows: Vec<RakRow> = actions
                .iter()
                .enumerate()
                .map(|(n, a)| RakRow {
                    n,
                    id: a.id,
                    indicator: a.indicator,
                    text: a.text.clone(),
                    cells: cells(kind, &a.schedule.periods, t),
                    executor: a.executor.clone().unwrap_or_default(),
                    budget: a
                        .budget
                        .map(|b| kinerja_domain::format::number(b, 2))
                        .unwrap_or_default(),
                    target: a.target.as_ref().map(|v| v.raw().to_string()).unwrap_or_default(),
                    error: String::new(),
                })
                .collect();
            let start = rows.len();
            rows.extend((start..start + BLANK_ROWS).map(|n| RakRow {
                n,
                id: 0,
                indicator: 0,
                text: String::new(),
                cells: cells(kind, &[], t),
                executor: String::new(),
                budget: String::new(),
                target: String::new(),
                error: String::new(),
            }));
            (rows, String::new())
        }
    };
    let page = RakPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?),
        office: office.name.clone(),
        code: office.code.clone(),
        year,
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        units: plan
            .units_in_tree_order()
            .into_iter()
            .map(|u| Choice {
                value: u.code.clone(),
                label: u.name.clone(),
            })
            .collect(),
        can_edit: may_edit(scoped, office.id),
        indicators: indicators
            .iter()
            .map(|i| SupportChoice {
                id: i.id,
                label: i.text.clone(),
            })
            .collect(),
        heads: (1..=kind.count())
            .filter_map(|n| kind.period(n))
            .map(|p| match p {
                Period::Month(m) => kinerja_domain::format::month_name(m, t.0).chars().take(3).collect(),
                other => other.to_string(),
            })
            .collect(),
        rows,
        read: actions_fingerprint(&actions),
        total: kinerja_domain::format::rupiah(total),
        error,
        notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn rak_page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let notice = if q.saved.is_some() {
        t.t("saved").to_string()
    } else {
        String::new()
    };
    let query = PlanQuery {
        year: q.year,
        unit: q.unit,
    };
    render_rak(t, state, &scoped, session, &code, &query, None, notice, StatusCode::OK).await
}

/// Saves the whole grid: rows with a text are kept (in order), rows marked for removal and empty
/// rows are dropped. Every row is checked first; one bad row refuses the grid, with the message
/// on that row and everything typed kept.
pub async fn rak_save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year: i32 = fields.year("tahun")?;
    let unit_code = get(&fields, "unit").to_string();
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = plan.find_unit(&unit_code).ok_or(WebError::NotFound)?;
    let kind = plan.unit_year(unit.id).map(|y| y.rak_period_kind).unwrap_or_default();
    let query = PlanQuery {
        year: Some(year),
        unit: Some(unit_code.clone()),
    };
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(scoped.ordinal_scales_for(office.id).await?);
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let count = number(&fields, "rows")?;
    if !(0..=MAX_RAK_ROWS as i64).contains(&count) {
        return Err(crate::extract::field_error(
            "rows",
            kinerja_domain::i18n::Text::new(
                format!("{count}: paling banyak {MAX_RAK_ROWS} baris"),
                format!("{count}: at most {MAX_RAK_ROWS} rows"),
            ),
        ));
    }
    let count = count as usize;
    let mut typed_rows = Vec::with_capacity(count);
    let mut rows = Vec::new();
    let mut bad = 0;
    for n in 0..count {
        let f = |name: &str| get(&fields, &format!("r{n}_{name}")).to_string();
        let periods: Vec<u8> = (1..=kind.count()).filter(|p| !f(&format!("p{p}")).is_empty()).collect();
        let mut row = RakRow {
            n,
            id: f("id").parse().unwrap_or(0),
            indicator: f("indicator").parse().unwrap_or(0),
            text: f("text"),
            cells: cells(kind, &periods, t),
            executor: f("executor"),
            budget: f("budget"),
            target: f("target"),
            error: String::new(),
        };
        let removed = !f("hapus").is_empty();
        let blank = row.text.trim().is_empty() && row.executor.trim().is_empty() && row.budget.trim().is_empty();
        if !removed && !blank {
            let budget = match row.budget.trim() {
                "" => Ok(None),
                b => money(b)
                    .map(Some)
                    .ok_or_else(|| format!("{}: '{b}' {}", t.t("budget"), t.t("err_not_a_number"))),
            };
            let target = match row.target.trim() {
                "" => Ok(None),
                v => Value::parse_with(v, &ctx)
                    .map(Some)
                    .map_err(|e| format!("{}: {}", t.t("target"), e.message(t.0))),
            };
            let problem = if row.text.trim().is_empty() {
                Some(t.t("err_action_text").to_string())
            } else if row.indicator == 0 {
                Some(t.t("err_action_indicator").to_string())
            } else {
                budget.as_ref().err().or(target.as_ref().err()).cloned()
            };
            match problem {
                Some(p) => {
                    row.error = p;
                    bad += 1;
                }
                None => rows.push(ActionFields {
                    id: (row.id > 0).then_some(row.id),
                    indicator: row.indicator,
                    text: row.text.clone(),
                    schedule: Schedule {
                        kind,
                        periods: periods.clone(),
                    },
                    executor: optional_text(&row.executor),
                    budget: budget.unwrap_or(None),
                    target: target.unwrap_or(None),
                }),
            }
        }
        if !removed {
            typed_rows.push(row);
        }
    }
    let refuse = |rows: Vec<RakRow>, error: String, status: StatusCode| {
        let typed = RakTyped { rows, error };
        render_rak(
            t,
            state,
            &scoped,
            session,
            &code,
            &query,
            Some(typed),
            String::new(),
            status,
        )
    };
    if bad > 0 {
        return refuse(typed_rows, t.t("err_form").into(), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let reason = optional_text(get(&fields, "reason")).unwrap_or_else(|| t.t("plan_default_reason").to_string());
    let edit = PlanEdit::ReplaceActions {
        unit: unit.id,
        year,
        read: get(&fields, "read").to_string(),
        rows,
    };
    match scoped.edit_plan(office.id, &edit, &reason).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/kantor/{}/rencana/rak?unit={unit_code}&tahun={year}&tersimpan=1",
            office.code
        ))
        .into_response()),
        Err(StoreError::Conflict { .. }) => {
            // Someone saved the grid meanwhile: show theirs, say so (what was typed is lost to
            // the grid but listed in the message's place: the user re-enters it).
            render_rak(
                t,
                state,
                &scoped,
                session,
                &code,
                &query,
                None,
                t.t("err_conflict_rak").into(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(StoreError::Invalid(m)) => refuse(typed_rows, m, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kinerja_domain::i18n::Lang;

    #[test]
    fn period_targets_are_read_and_refused_clearly() {
        let grades = OrdinalScale::builtin().to_vec();
        let ctx = ParseContext {
            ordinal_scales: &grades,
        };
        let t = Tr(Lang::Id);
        let got = parse_period_targets("TW2: 2 laporan; TW1 = 1 laporan\nB12: 4 laporan", &ctx, t).unwrap();
        let periods: Vec<String> = got.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(periods, vec!["TW1", "TW2", "B12"]);
        assert_eq!(
            period_targets_text(&got),
            "TW1: 1 laporan; TW2: 2 laporan; B12: 4 laporan"
        );
        assert!(parse_period_targets("", &ctx, t).unwrap().is_empty());
        assert!(parse_period_targets("TW5: 1", &ctx, t).unwrap_err().contains("TW5"));
        assert!(parse_period_targets("TW1 1 laporan", &ctx, t).is_err());
        assert!(
            parse_period_targets("TW1: 1; TW1: 2", &ctx, t)
                .unwrap_err()
                .contains("TW1")
        );
        assert!(
            parse_period_targets("B3: 1.5 laporan", &ctx, t)
                .unwrap_err()
                .starts_with("B3:")
        );
    }
}

// ---- Renstra and IKU -----------------------------------------------------------------------

pub struct GoalIndicatorForm {
    pub n: usize,
    pub text: String,
    pub computation: String,
    pub data_source: String,
    pub targets: Vec<(i32, String)>,
}

pub struct GoalForm {
    pub n: usize,
    pub text: String,
    pub indicators: Vec<GoalIndicatorForm>,
}

/// A key indicator (IKU): a PK indicator of the office's top unit, with how it is measured.
pub struct IkuRow {
    pub goal: String,
    pub indicator: String,
    /// The target of the page's year ("" when none).
    pub target: String,
    pub computation: String,
    pub data_source: String,
    /// Whether the computation or data source was taken from the PK indicator of the same wording.
    pub from_pk: bool,
}

#[derive(Template)]
#[template(path = "renstra.html")]
struct RenstraPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: i32,
    can_edit: bool,
    from_year: String,
    to_year: String,
    years: Vec<i32>,
    vision: String,
    missions: String,
    goals: Vec<GoalForm>,
    read: String,
    iku: Vec<IkuRow>,
    notice: String,
    error: String,
}

/// New goals and indicator rows offered under the existing ones.
const BLANK_GOALS: usize = 1;
const BLANK_GOAL_INDICATORS: usize = 2;

fn goal_forms(renstra: &kinerja_domain::model::Renstra, years: &[i32]) -> Vec<GoalForm> {
    let indicator = |n: usize, ind: Option<&kinerja_domain::model::RenstraIndicator>| GoalIndicatorForm {
        n,
        text: ind.map(|i| i.text.clone()).unwrap_or_default(),
        computation: ind.and_then(|i| i.computation.clone()).unwrap_or_default(),
        data_source: ind.and_then(|i| i.data_source.clone()).unwrap_or_default(),
        targets: years
            .iter()
            .map(|y| {
                let v = ind
                    .and_then(|i| i.targets.iter().find(|(ty, _)| ty == y))
                    .map(|(_, v)| v.raw().to_string());
                (*y, v.unwrap_or_default())
            })
            .collect(),
    };
    let mut goals: Vec<GoalForm> = renstra
        .goals
        .iter()
        .enumerate()
        .map(|(n, g)| {
            let mut indicators: Vec<GoalIndicatorForm> = g
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| indicator(i, Some(ind)))
                .collect();
            let start = indicators.len();
            indicators.extend((start..start + BLANK_GOAL_INDICATORS).map(|i| indicator(i, None)));
            GoalForm {
                n,
                text: g.text.clone(),
                indicators,
            }
        })
        .collect();
    let start = goals.len();
    goals.extend((start..start + BLANK_GOALS).map(|n| GoalForm {
        n,
        text: String::new(),
        indicators: (0..BLANK_GOAL_INDICATORS).map(|i| indicator(i, None)).collect(),
    }));
    goals
}

#[allow(clippy::too_many_arguments)]
async fn render_renstra(
    t: Tr,
    state: &AppState,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    year: Option<i32>,
    typed: Option<(kinerja_domain::model::Renstra, String)>,
    notice: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let year = year.unwrap_or(state.config.default_year);
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let stored = scoped.renstra(office.id).await?;
    let read = kinerja_store::fingerprint(&stored);
    let (renstra, error) = match typed {
        Some((r, e)) => (r, e),
        None => (
            stored.clone().unwrap_or_else(|| kinerja_domain::model::Renstra {
                from_year: year,
                to_year: year + 4,
                ..Default::default()
            }),
            String::new(),
        ),
    };
    let years: Vec<i32> = (renstra.from_year..=renstra.to_year.min(renstra.from_year + 9)).collect();
    let plan = scoped.year_plan(office.id, year).await?;
    let iku = stored
        .as_ref()
        .map(|r| {
            kinerja_documents::registers::iku_rows(r, &plan)
                .into_iter()
                .map(|row| IkuRow {
                    goal: row.goal.to_string(),
                    indicator: row.indicator.text.clone(),
                    target: row
                        .indicator
                        .targets
                        .iter()
                        .find(|(y, _)| *y == year)
                        .map(|(_, v)| v.raw().to_string())
                        .unwrap_or_default(),
                    computation: row.computation.unwrap_or_default().to_string(),
                    data_source: row.data_source.unwrap_or_default().to_string(),
                    from_pk: row.from_pk,
                })
                .collect()
        })
        .unwrap_or_default();
    let page = RenstraPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?),
        office: office.name.clone(),
        code: office.code.clone(),
        year,
        can_edit: may_edit(scoped, office.id),
        from_year: renstra.from_year.to_string(),
        to_year: renstra.to_year.to_string(),
        goals: goal_forms(&renstra, &years),
        years,
        vision: renstra.vision.clone(),
        missions: renstra.missions.join("\n"),
        read,
        iku,
        notice,
        error,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn renstra_page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let notice = if q.saved.is_some() {
        t.t("saved").to_string()
    } else {
        String::new()
    };
    render_renstra(t, state, &scoped, session, &code, q.year, None, notice, StatusCode::OK).await
}

/// Saves the Renstra form: vision, missions (one per line), goals with their indicators and a
/// target per year; empty goals and indicator rows are dropped.
pub async fn renstra_save(
    Path(code): Path<String>,
    Posted { ctx, form: fields }: Posted<Fields>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let year: i32 = fields.year("tahun")?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(scoped.ordinal_scales_for(office.id).await?);
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let mut problems = Vec::new();
    let mut year_field = |name: &str, label: &str, default: i32| match get(&fields, name).trim().parse::<i32>() {
        Ok(y) if (1900..=2999).contains(&y) => y,
        _ => {
            problems.push(format!("{label}: '{}' {}", get(&fields, name), t.t("err_not_a_year")));
            default
        }
    };
    let from_year = year_field("from_year", t.t("renstra_from"), year);
    let to_year = year_field("to_year", t.t("renstra_to"), year + 4);
    let mut renstra = kinerja_domain::model::Renstra {
        from_year,
        to_year,
        vision: get(&fields, "vision").trim().to_string(),
        missions: get(&fields, "missions")
            .lines()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(String::from)
            .collect(),
        goals: vec![],
    };
    let goals = number(&fields, "goals")?.clamp(0, 200) as usize;
    for g in 0..goals {
        let text = get(&fields, &format!("g{g}_text")).trim().to_string();
        let count = number(&fields, &format!("g{g}_indicators")).unwrap_or(0).clamp(0, 200) as usize;
        let mut indicators = Vec::new();
        for i in 0..count {
            let ind_text = get(&fields, &format!("g{g}_i{i}_text")).trim().to_string();
            let mut targets = Vec::new();
            for y in from_year..=to_year.min(from_year + 9) {
                let raw = get(&fields, &format!("g{g}_i{i}_y{y}")).trim();
                if raw.is_empty() {
                    continue;
                }
                match Value::parse_with(raw, &ctx) {
                    Ok(v) => targets.push((y, v)),
                    Err(e) => problems.push(format!("{} {}, {y}: {}", t.t("goal"), g + 1, e.message(t.0))),
                }
            }
            let computation = optional_text(get(&fields, &format!("g{g}_i{i}_computation")));
            let data_source = optional_text(get(&fields, &format!("g{g}_i{i}_source")));
            if !ind_text.is_empty() {
                indicators.push(kinerja_domain::model::RenstraIndicator {
                    text: ind_text,
                    targets,
                    computation,
                    data_source,
                });
            } else if !targets.is_empty() {
                problems.push(format!("{} {}: {}", t.t("goal"), g + 1, t.t("err_indicator_text")));
            }
        }
        if !text.is_empty() {
            renstra
                .goals
                .push(kinerja_domain::model::RenstraGoal { text, indicators });
        } else if !indicators.is_empty() {
            problems.push(format!("{} {}: {}", t.t("goal"), g + 1, t.t("err_goal_text")));
        }
    }
    if !problems.is_empty() {
        let typed = Some((renstra, problems.join(" · ")));
        return render_renstra(
            t,
            state,
            &scoped,
            session,
            &code,
            Some(year),
            typed,
            String::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let reason = optional_text(get(&fields, "reason")).unwrap_or_else(|| t.t("plan_default_reason").to_string());
    let edit = PlanEdit::ReplaceRenstra {
        read: get(&fields, "read").to_string(),
        renstra: renstra.clone(),
    };
    match scoped.edit_plan(office.id, &edit, &reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/kantor/{}/renstra?tahun={year}&tersimpan=1", office.code)).into_response()),
        Err(StoreError::Invalid(m)) => {
            render_renstra(
                t,
                state,
                &scoped,
                session,
                &code,
                Some(year),
                Some((renstra, m)),
                String::new(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(StoreError::Conflict { .. }) => {
            let typed = Some((renstra, t.t("err_conflict_plan").to_string()));
            render_renstra(
                t,
                state,
                &scoped,
                session,
                &code,
                Some(year),
                typed,
                String::new(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
