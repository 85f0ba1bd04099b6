//! Monitoring (pemantauan): a unit's indicators for one period, with the realisation to enter,
//! obstacles and follow-up, the workflow buttons (submit, verify, return, reopen), and the
//! actions the RAK schedules in that period. Plain forms: it works without JavaScript.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::access::Permission;
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::model::{Indicator, Realisation, Unit, YearPlan};
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::value::{ParseContext, Value};
use kinerja_domain::workflow::{self, Transition};
use kinerja_store::{RealisationInput, Scoped, StoreError};
use tower_sessions::Session;

use crate::i18n::Tr;
use crate::pages::Header;
use crate::{AppState, Auth, WebError, check_csrf, csrf_token, scoped, tr};

#[derive(serde::Deserialize)]
pub struct MonitoringQuery {
    unit: Option<String>,
    periode: Option<String>,
    tahun: Option<i32>,
}

struct PastView {
    period: String,
    value: String,
    status: String,
}

struct ActionView {
    text: String,
    executor: String,
}

struct RowView {
    id: i64,
    text: String,
    target: String,
    past: Vec<PastView>,
    /// What the form shows: the typed value after an error, else the stored one.
    value: String,
    obstacles: String,
    follow_up: String,
    status: String,
    status_label: String,
    return_reason: String,
    realisation_id: i64,
    version: i64,
    can_enter: bool,
    can_submit: bool,
    can_verify: bool,
    can_reopen: bool,
    error: String,
    actions: Vec<ActionView>,
}

struct UnitChoice {
    code: String,
    name: String,
    selected: bool,
}

struct PeriodChoice {
    code: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "monitoring.html")]
struct MonitoringPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    unit_code: String,
    unit_name: String,
    period: String,
    period_label: String,
    year: i32,
    units: Vec<UnitChoice>,
    periods: Vec<PeriodChoice>,
    rows: Vec<RowView>,
    notice: String,
}

fn status_label(t: Tr, s: Option<kinerja_domain::model::RealisationStatus>) -> &'static str {
    use kinerja_domain::model::RealisationStatus::*;
    match s {
        None => t.t("status_none"),
        Some(Draft) => t.t("status_draft"),
        Some(Submitted) => t.t("status_submitted"),
        Some(Verified) => t.t("status_verified"),
        Some(Returned) => t.t("status_returned"),
    }
}

/// What a failed save leaves on the page: the typed form and the message, per indicator.
#[derive(Default)]
struct Typed {
    fields: HashMap<i64, (String, String, String)>,
    errors: HashMap<i64, String>,
    notice: String,
}

fn default_period(kind: PeriodKind, year: i32, default_year: i32) -> Period {
    // The current office year opens on its first period; a past year on its last.
    let last = if year < default_year { kind.count() } else { 1 };
    kind.period(last).unwrap_or(Period::Month(1))
}

fn choose_unit<'p>(scoped: &Scoped<'_>, plan: &'p YearPlan, asked: Option<&str>) -> Option<&'p Unit> {
    if let Some(name) = asked {
        return plan.find_unit(name);
    }
    // An operator's or head's own unit first; else the first unit with a PK.
    let own = scoped
        .user()
        .grants
        .iter()
        .filter(|g| g.office == plan.office.id)
        .find_map(|g| g.unit);
    own.and_then(|u| plan.unit(u)).or_else(|| {
        plan.units_in_tree_order()
            .into_iter()
            .find(|u| plan.unit_year(u.id).is_some_and(|y| y.has_pk))
    })
}

/// What every monitoring response needs: the language, the state, the user's scope, the session
/// and the office.
struct Page<'a, 's> {
    t: Tr,
    state: &'a AppState,
    scoped: &'a Scoped<'s>,
    session: &'a Session,
    code: &'a str,
}

impl Page<'_, '_> {
    async fn show(&self, q: &MonitoringQuery, typed: Typed, status: StatusCode) -> Result<Response, WebError> {
        let Page {
            t,
            state,
            scoped,
            session,
            code,
        } = *self;
        render(t, state, scoped, session, code, q, typed, status).await
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    t: Tr,
    state: &AppState,
    scoped: &Scoped<'_>,
    session: &Session,
    code: &str,
    q: &MonitoringQuery,
    typed: Typed,
    status: StatusCode,
) -> Result<Response, WebError> {
    let year = q.tahun.unwrap_or(state.config.default_year);
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = choose_unit(scoped, &plan, q.unit.as_deref()).ok_or(WebError::NotFound)?;
    let kind = plan.unit_year(unit.id).map(|y| y.rak_period_kind).unwrap_or_default();
    let period = match &q.periode {
        Some(p) => p.parse::<Period>().map_err(|e| WebError::BadRequest(e.to_string()))?,
        None => default_period(kind, year, state.config.default_year),
    };
    let scope = scoped.scope();
    let mut rows = Vec::new();
    let objectives: Vec<_> = plan.objectives_of(unit.id).collect();
    let mut indicators: Vec<&Indicator> = plan
        .indicators
        .iter()
        .filter(|i| objectives.iter().any(|o| o.id == i.objective) && i.in_pk())
        .collect();
    indicators.sort_by_key(|i| (objectives.iter().position(|o| o.id == i.objective), i.ord));
    for ind in indicators {
        let mine: Vec<&Realisation> = plan.realisations.iter().filter(|r| r.indicator == ind.id).collect();
        let current = mine.iter().find(|r| r.period == period).copied();
        let mut past: Vec<&&Realisation> = mine.iter().filter(|r| r.period != period).collect();
        past.sort_by_key(|r| (r.period.end_month(), r.period));
        let (value, obstacles, follow_up) = typed.fields.get(&ind.id).cloned().unwrap_or_else(|| {
            current.map_or((String::new(), String::new(), String::new()), |r| {
                (
                    r.value.raw().to_string(),
                    r.obstacles.clone().unwrap_or_default(),
                    r.follow_up.clone().unwrap_or_default(),
                )
            })
        });
        let status = current.map(|r| r.status);
        let editable = status.is_none_or(workflow::editable);
        let actions = plan
            .actions
            .iter()
            .filter(|a| a.indicator == ind.id && a.schedule.runs_in(period))
            .map(|a| ActionView {
                text: a.text.clone(),
                executor: a.executor.clone().unwrap_or_default(),
            })
            .collect();
        rows.push(RowView {
            id: ind.id,
            text: ind.text.clone(),
            target: ind
                .measure_target()
                .map(|t| t.raw().to_string())
                .unwrap_or_else(|| "-".into()),
            past: past
                .into_iter()
                .map(|r| PastView {
                    period: r.period.label(t.0),
                    value: r.value.raw().to_string(),
                    status: status_label(t, Some(r.status)).into(),
                })
                .collect(),
            value,
            obstacles,
            follow_up,
            status: status.map(|s| s.code().to_string()).unwrap_or_default(),
            status_label: status_label(t, status).to_string(),
            return_reason: current.and_then(|r| r.return_reason.clone()).unwrap_or_default(),
            realisation_id: current.map(|r| r.id).unwrap_or(0),
            version: current.map(|r| r.version).unwrap_or(0),
            can_enter: editable && scope.allows(Permission::EnterRealisation(office.id, unit.id)),
            can_submit: current.is_some() && editable && scope.allows(Permission::EnterRealisation(office.id, unit.id)),
            can_verify: status == Some(kinerja_domain::model::RealisationStatus::Submitted)
                && scope.allows(Permission::Verify(office.id, unit.id)),
            can_reopen: status == Some(kinerja_domain::model::RealisationStatus::Verified)
                && scope.allows(Permission::Reopen(office.id)),
            error: typed.errors.get(&ind.id).cloned().unwrap_or_default(),
            actions,
        });
    }
    let units = plan
        .units_in_tree_order()
        .into_iter()
        .filter(|u| plan.unit_year(u.id).is_some_and(|y| y.has_pk))
        .map(|u| UnitChoice {
            code: u.code.clone(),
            name: u.name.clone(),
            selected: u.id == unit.id,
        })
        .collect();
    let periods = (1..=kind.count())
        .filter_map(|n| kind.period(n))
        .map(|p| PeriodChoice {
            code: p.to_string(),
            label: p.label(t.0),
            selected: p == period,
        })
        .collect();
    let page = MonitoringPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?),
        office: office.name.clone(),
        code: office.code.clone(),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        period: period.to_string(),
        period_label: period.label(t.0),
        year,
        units,
        periods,
        rows,
        notice: typed.notice,
    };
    Ok((status, Html(page.render()?)).into_response())
}

pub async fn page(
    State(state): State<AppState>,
    auth: Auth,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<MonitoringQuery>,
) -> Result<Response, WebError> {
    let Some(scoped) = scoped(&state, &auth).await? else {
        return Ok(Redirect::to("/masuk").into_response());
    };
    let page = Page {
        t: tr(&auth, &session).await,
        state: &state,
        scoped: &scoped,
        session: &session,
        code: &code,
    };
    page.show(&q, Typed::default(), StatusCode::OK).await
}

#[derive(serde::Deserialize)]
pub struct SaveForm {
    indicator: i64,
    unit: String,
    periode: String,
    tahun: i32,
    value: String,
    #[serde(default)]
    obstacles: String,
    #[serde(default)]
    follow_up: String,
    version: i64,
    #[serde(default)]
    csrf: String,
}

fn back(code: &str, unit: &str, period: &str, year: i32) -> String {
    format!("/kantor/{code}/pantau?unit={unit}&periode={period}&tahun={year}")
}

pub async fn save(
    State(state): State<AppState>,
    auth: Auth,
    session: Session,
    Path(code): Path<String>,
    Form(form): Form<SaveForm>,
) -> Result<Response, WebError> {
    let Some(scoped) = scoped(&state, &auth).await? else {
        return Ok(Redirect::to("/masuk").into_response());
    };
    let page = Page {
        t: tr(&auth, &session).await,
        state: &state,
        scoped: &scoped,
        session: &session,
        code: &code,
    };
    check_csrf(&session, &form.csrf).await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let period: Period = form
        .periode
        .parse()
        .map_err(|e: kinerja_domain::period::PeriodError| WebError::BadRequest(e.to_string()))?;
    let query = MonitoringQuery {
        unit: Some(form.unit.clone()),
        periode: Some(form.periode.clone()),
        tahun: Some(form.tahun),
    };
    let mut typed = Typed::default();
    typed.fields.insert(
        form.indicator,
        (form.value.clone(), form.obstacles.clone(), form.follow_up.clone()),
    );
    // Grades are read against the built-in scales and the office's own.
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(scoped.ordinal_scales_for(office.id).await?);
    let value = match Value::parse_with(
        &form.value,
        &ParseContext {
            ordinal_scales: &grades,
        },
    ) {
        Ok(v) => v,
        Err(e) => {
            typed.errors.insert(form.indicator, e.message(page.t.0));
            return page.show(&query, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let input = RealisationInput {
        indicator: form.indicator,
        period,
        value,
        evidence: vec![],
        new_files: vec![],
        obstacles: text(&form.obstacles),
        follow_up: text(&form.follow_up),
    };
    let expected = (form.version > 0).then_some(form.version);
    match scoped.save_realisation(&input, expected, None).await {
        Ok(_) => Ok(Redirect::to(&back(&code, &form.unit, &form.periode, form.tahun)).into_response()),
        Err(StoreError::Conflict { .. }) => {
            typed.fields.clear();
            typed.errors.insert(
                form.indicator,
                format!("{} '{}'", page.t.t("err_conflict_value"), form.value),
            );
            page.show(&query, typed, StatusCode::CONFLICT).await
        }
        Err(StoreError::Invalid(m)) => {
            typed.errors.insert(form.indicator, m);
            page.show(&query, typed, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize)]
pub struct StatusForm {
    realisation: i64,
    version: i64,
    action: String,
    #[serde(default)]
    reason: String,
    unit: String,
    periode: String,
    tahun: i32,
    #[serde(default)]
    csrf: String,
}

pub async fn status(
    State(state): State<AppState>,
    auth: Auth,
    session: Session,
    Path(code): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response, WebError> {
    let Some(scoped) = scoped(&state, &auth).await? else {
        return Ok(Redirect::to("/masuk").into_response());
    };
    let page = Page {
        t: tr(&auth, &session).await,
        state: &state,
        scoped: &scoped,
        session: &session,
        code: &code,
    };
    check_csrf(&session, &form.csrf).await?;
    let transition = match form.action.as_str() {
        "submit" => Transition::Submit,
        "verify" => Transition::Verify,
        "return" => Transition::Return {
            reason: form.reason.clone(),
        },
        "reopen" => Transition::Reopen {
            reason: form.reason.clone(),
        },
        other => return Err(WebError::BadRequest(format!("tindakan tidak dikenal: {other}"))),
    };
    let query = MonitoringQuery {
        unit: Some(form.unit.clone()),
        periode: Some(form.periode.clone()),
        tahun: Some(form.tahun),
    };
    let notice = |notice: String| Typed {
        notice,
        ..Default::default()
    };
    if matches!(transition, Transition::Return { .. } | Transition::Reopen { .. }) && form.reason.trim().is_empty() {
        let typed = notice(page.t.t("err_reason").into());
        return page.show(&query, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match scoped
        .transition_realisation(form.realisation, form.version, &transition)
        .await
    {
        Ok(_) => Ok(Redirect::to(&back(&code, &form.unit, &form.periode, form.tahun)).into_response()),
        Err(StoreError::Conflict { .. }) => {
            let typed = notice(page.t.t("err_conflict_status").into());
            page.show(&query, typed, StatusCode::CONFLICT).await
        }
        Err(StoreError::Invalid(m)) => page.show(&query, notice(m), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}
