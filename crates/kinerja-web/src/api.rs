//! The JSON API under `/api/v1`: offices, plans, realisations, achievement and reporting
//! status, with the web's sign-in (a session cookie) or an API token (`Authorization: Bearer
//! knj_…`), and the same scoping: every handler works through a [`Scoped`] store. Anonymous
//! requests get 401. The OpenAPI document is served at `/api/v1/openapi.json`.
//!
//! The API speaks its own types (below), not the internal model, so the model can change without
//! breaking programs that use the API. Decimals are strings (`"105.06"`), exact as stored;
//! values are written as the office wrote them (`"4 Laporan"`).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kinerja_domain::Decimal;
use kinerja_domain::achievement::{self, Basis, Span};
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::model::Year;
use kinerja_domain::model::{IndicatorId, Office, Realisation, YearPlan};
use kinerja_domain::period::Period;
use kinerja_domain::reporting;
use kinerja_domain::value::{ParseContext, Value};
use kinerja_store::{RealisationInput, Scoped, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::{AppState, Auth};

/// An error as the API returns it: an RFC 9457 problem, `application/problem+json`:
/// `{"type": "urn:kinerja:problem:not_found", "title": "Not Found", "status": 404,
/// "detail": "…", "code": "not_found"}`, with `field` and `current` where they apply.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// `urn:kinerja:problem:` and the code: identifies the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status's reason phrase.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, for a person.
    pub detail: String,
    /// `unauthorized`, `forbidden`, `not_found`, `bad_request`, `invalid`, `conflict`, `internal`.
    pub code: String,
    /// The field the problem is about, when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// On a conflict: the realisation as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<RealisationDto>,
}

/// The media type of a [`Problem`].
pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug)]
pub enum ApiError {
    Unauthorized,
    Forbidden(String),
    NotFound,
    BadRequest(String),
    Invalid {
        field: Option<String>,
        message: String,
    },
    Conflict {
        message: String,
        current: Option<Box<RealisationDto>>,
    },
    Internal(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => ApiError::NotFound,
            StoreError::Forbidden(t) => ApiError::Forbidden(t.en.to_string()),
            StoreError::Invalid(m) => ApiError::Invalid {
                field: None,
                message: m,
            },
            StoreError::Rejected(t) => ApiError::Invalid {
                field: None,
                message: t.en,
            },
            c @ StoreError::Conflict { .. } => ApiError::Conflict {
                message: c.to_string(),
                current: None,
            },
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, field, current) = match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "sign in, or send an API token as 'Authorization: Bearer knj_…'".to_string(),
                None,
                None,
            ),
            ApiError::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", m, None, None),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "not found".to_string(), None, None),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m, None, None),
            ApiError::Invalid { field, message } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid", message, field, None),
            ApiError::Conflict { message, current } => {
                (StatusCode::CONFLICT, "conflict", message, None, current.map(|c| *c))
            }
            ApiError::Internal(m) => {
                tracing::error!(error = %m, "API request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the server failed; the error is in its log".to_string(),
                    None,
                    None,
                )
            }
        };
        let problem = Problem {
            kind: format!("urn:kinerja:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: message,
            code: code.into(),
            field,
            current,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// A query string read for the API: one that does not parse is a 400 problem naming what was
/// wrong, not axum's plain-text rejection.
pub struct ApiQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| ApiQuery(q))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

/// Who is asking: a token's user, or the session's.
struct Caller<'a> {
    scoped: Scoped<'a>,
    by_token: bool,
}

async fn caller<'a>(state: &'a AppState, auth: &Auth, headers: &HeaderMap) -> Result<Caller<'a>, ApiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(token) = bearer {
        let user = state
            .store
            .user_by_token(&kinerja_store::token::digest(token))
            .await?
            .ok_or(ApiError::Unauthorized)?;
        return Ok(Caller {
            scoped: Scoped::for_user_cached(state.store.as_ref(), state.cache.as_ref(), user).await?,
            by_token: true,
        });
    }
    match &auth.user {
        Some(u) => Ok(Caller {
            scoped: Scoped::for_user_cached(state.store.as_ref(), state.cache.as_ref(), u.user.clone()).await?,
            by_token: false,
        }),
        None => Err(ApiError::Unauthorized),
    }
}

// ---- Types of the API ----------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct OfficeDto {
    /// `kpu-kota-metro`
    pub code: String,
    /// `KPU Kota Metro`
    pub name: String,
    pub full_name: String,
    /// `national`, `province` or `regency`.
    pub level: String,
    /// The code of the office above.
    pub parent: Option<String>,
    /// The codes of the offices directly below that the caller may read.
    pub children: Vec<String>,
}

fn office_dto(o: &Office, all: &[Office]) -> OfficeDto {
    OfficeDto {
        code: o.code.to_string(),
        name: o.name.clone(),
        full_name: o.full_name.clone(),
        level: o.level.code().to_string(),
        parent: o
            .parent
            .and_then(|p| all.iter().find(|x| x.id == p))
            .map(|p| p.code.to_string()),
        children: all
            .iter()
            .filter(|c| c.parent == Some(o.id))
            .map(|c| c.code.to_string())
            .collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitDto {
    pub code: String,
    pub name: String,
    /// `commission`, `secretariat`, `division`, `subsection`, …
    pub kind: String,
    pub parent: Option<String>,
    /// Whether the unit has a PK this year.
    pub has_pk: bool,
    /// `month` or `quarter`: how the unit reports.
    pub reports_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorDto {
    pub id: i64,
    pub text: String,
    pub pk_target: Option<String>,
    pub rak_target: Option<String>,
    pub activity_target: Option<String>,
    /// Targets per period (`B3`, `TW1`), as written.
    pub period_targets: BTreeMap<String, String>,
    /// `higher_is_better`, `lower_is_better`, …
    pub polarity: String,
    /// `sum`, `last`, `mean`, `max`.
    pub rollup: String,
    pub cap: Option<String>,
    pub weight: Option<String>,
    /// How the indicator is computed (formula), and where its data comes from.
    pub computation: Option<String>,
    pub data_source: Option<String>,
    /// The superior's indicator this one supports.
    pub supports: Option<i64>,
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectiveDto {
    pub id: i64,
    pub unit: String,
    pub text: String,
    pub indicators: Vec<IndicatorDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionDto {
    pub id: i64,
    pub indicator: i64,
    pub text: String,
    /// `month` or `quarter`.
    pub schedule_kind: String,
    /// The months (1–12) or quarters (1–4) the action runs in.
    pub schedule: Vec<u8>,
    pub executor: Option<String>,
    /// Rupiah, as a decimal string.
    pub budget: Option<String>,
    pub target: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetDto {
    pub unit: String,
    pub name: String,
    /// `program`, `activity`, …
    pub level: String,
    pub ceiling: String,
    pub realised: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDto {
    pub office: String,
    pub year: i32,
    pub units: Vec<UnitDto>,
    pub objectives: Vec<ObjectiveDto>,
    pub actions: Vec<ActionDto>,
    pub budget: Vec<BudgetDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RealisationDto {
    pub id: i64,
    pub indicator: i64,
    /// `B1`–`B12`, `TW1`–`TW4`, or `Y`.
    pub period: String,
    pub value: String,
    /// `draft`, `submitted`, `verified`, `returned`.
    pub status: String,
    pub evidence: Vec<String>,
    pub obstacles: Option<String>,
    pub follow_up: Option<String>,
    pub return_reason: Option<String>,
    /// Send it back when changing the realisation.
    pub version: i64,
}

fn realisation_dto(r: &Realisation) -> RealisationDto {
    RealisationDto {
        id: r.id.0,
        indicator: r.indicator.0,
        period: r.period.to_string(),
        value: r.value.raw().to_string(),
        status: r.status.code().to_string(),
        evidence: r.evidence.clone(),
        obstacles: r.obstacles.clone(),
        follow_up: r.follow_up.clone(),
        return_reason: r.return_reason.clone(),
        version: r.version,
    }
}

/// A realisation to enter or change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RealisationInputDto {
    pub indicator: i64,
    /// `B1`–`B12`, `TW1`–`TW4`, or `Y`.
    pub period: String,
    /// As the office writes it: `95%`, `4 Laporan`, `B`, `Rp 1.500.000`.
    pub value: String,
    #[serde(default)]
    pub obstacles: Option<String>,
    #[serde(default)]
    pub follow_up: Option<String>,
    /// The version read; 0 (or absent) for a period without a realisation yet.
    #[serde(default)]
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorAchievementDto {
    pub indicator: i64,
    pub target: Option<String>,
    pub realisation: Option<String>,
    /// For a percentage of a counted group (5 of 3 people): the realised percentage, at most 100.
    pub realised_percent: Option<String>,
    /// Percent, as a decimal string; absent when it cannot be computed.
    pub achievement: Option<String>,
    /// Why it cannot be computed (`no_realisation`, `target_zero`, …).
    pub not_computable: Option<String>,
    pub category: Option<String>,
    /// How many supporting indicators it was computed from, when it has no figure of its own.
    pub from_supporting: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectiveAchievementDto {
    pub objective: i64,
    pub achievement: Option<String>,
    pub indicators: Vec<IndicatorAchievementDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitAchievementDto {
    pub unit: String,
    pub achievement: Option<String>,
    pub objectives: Vec<ObjectiveAchievementDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AchievementDto {
    pub office: String,
    pub year: i32,
    /// `year`, `year_to_date` or `period`.
    pub span: String,
    pub period: Option<String>,
    /// `entered` (every figure) or `verified` (verified figures only).
    pub basis: String,
    /// The office's figure: its own PK (its top unit's), never a mean of its units.
    pub achievement: Option<String>,
    pub category: Option<String>,
    /// Why there is no office figure, when there is none: `no_own_pk`, `circular_cascade`,
    /// `nothing_measurable`.
    pub reason: Option<String>,
    /// The unit whose PK is the office's own.
    pub own_unit: Option<String>,
    pub units: Vec<UnitAchievementDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportingDto {
    pub unit: String,
    pub period: String,
    /// ISO date.
    pub due: String,
    pub indicators: usize,
    pub entered: usize,
    pub submitted: usize,
    pub verified: usize,
    pub returned: usize,
    /// `missing`, `in_progress`, `submitted`, `verified`.
    pub progress: String,
    /// Whether the unit's plan asks for this period (an action runs in it, or an indicator has
    /// a target for it); a period not asked for is never late.
    pub scheduled: bool,
    pub late: bool,
}

// ---- Handlers ------------------------------------------------------------------------------

// Query parameters are named like the JSON's fields (English); the Indonesian names the web
// pages use (`tahun`, `periode`, `hanya`, `terverifikasi`) are accepted too.

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParam {
    /// The year (default: the server's year). Also accepted as `tahun`.
    #[serde(alias = "tahun")]
    year: Option<i32>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RealisationParams {
    /// The year (default: the server's year). Also accepted as `tahun`.
    #[serde(alias = "tahun")]
    year: Option<i32>,
    /// Only this period (`B3`, `TW1`, `Y`). Also accepted as `periode`.
    #[serde(alias = "periode")]
    period: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AchievementParams {
    /// The year (default: the server's year). Also accepted as `tahun`.
    #[serde(alias = "tahun")]
    year: Option<i32>,
    /// Up to this period (`B6`, `TW2`); the whole year when absent. Also accepted as `periode`.
    #[serde(alias = "periode")]
    period: Option<String>,
    /// With `period`: that period alone instead of the year to date. Also accepted as `hanya`.
    #[serde(default, alias = "hanya")]
    period_only: bool,
    /// Count verified realisations only, as official documents do. Also accepted as
    /// `terverifikasi`.
    #[serde(default, alias = "terverifikasi")]
    verified_only: bool,
}

fn dec(d: Decimal) -> String {
    d.normalize().to_string()
}

async fn office_of(scoped: &Scoped<'_>, code: &str) -> Result<Office, ApiError> {
    scoped.find_office(code).await?.ok_or(ApiError::NotFound)
}

/// The offices the caller may read, parents first.
#[utoipa::path(operation_id = "list_offices", get, path = "/api/v1/offices", tag = "offices",
    responses((status = 200, body = [OfficeDto]), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn offices(State(state): State<AppState>, auth: Auth, headers: HeaderMap) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    let all = c.scoped.offices().await?;
    Ok(Json(all.iter().map(|o| office_dto(o, &all)).collect::<Vec<_>>()).into_response())
}

/// One office, with the offices below it the caller may read.
#[utoipa::path(operation_id = "get_office", get, path = "/api/v1/offices/{code}", tag = "offices",
    params(("code" = String, Path, description = "office code, name or full name")),
    responses((status = 200, body = OfficeDto), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn office(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    let office = office_of(&c.scoped, &code).await?;
    let all = c.scoped.offices().await?;
    Ok(Json(office_dto(&office, &all)).into_response())
}

async fn plan_of(
    state: &AppState,
    scoped: &Scoped<'_>,
    code: &str,
    year: Option<i32>,
) -> Result<std::sync::Arc<YearPlan>, ApiError> {
    let office = office_of(scoped, code).await?;
    let year = match year {
        None => state.config.default_year,
        Some(y) => Year::new(y.into()).ok_or_else(|| ApiError::Invalid {
            field: Some("year".into()),
            message: format!("{y} is not a year Kinerja knows ({}–{})", Year::FIRST, Year::LAST),
        })?,
    };
    Ok(scoped.year_plan(office.id, year).await?)
}

/// An office's plan for a year: units, objectives with their indicators (PK and RAK targets,
/// period targets, how each is measured), RAK actions and budget lines.
#[utoipa::path(operation_id = "get_plan", get, path = "/api/v1/offices/{code}/plan", tag = "plans",
    params(("code" = String, Path, description = "office code"), YearParam),
    responses((status = 200, body = PlanDto), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn plan(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<YearParam>,
) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    let plan = plan_of(&state, &c.scoped, &code, q.year).await?;
    let unit_code = |id| plan.unit(id).map(|u| u.code.clone()).unwrap_or_default();
    let units = plan
        .units_in_tree_order()
        .into_iter()
        .map(|u| {
            let year = plan.unit_year(u.id);
            UnitDto {
                code: u.code.clone(),
                name: u.name.clone(),
                kind: u.kind.code().to_string(),
                parent: u.parent.map(unit_code),
                has_pk: year.is_some_and(|y| y.has_pk),
                reports_by: year.map(|y| y.rak_period_kind).unwrap_or_default().as_str().to_string(),
            }
        })
        .collect();
    let raw = |v: &Option<Value>| v.as_ref().map(|v| v.raw().to_string());
    let objectives = plan
        .objectives
        .iter()
        .map(|o| ObjectiveDto {
            id: o.id.0,
            unit: unit_code(o.unit),
            text: o.text.clone(),
            indicators: plan
                .indicators_of(o.id)
                .map(|i| IndicatorDto {
                    id: i.id.0,
                    text: i.text.clone(),
                    pk_target: raw(&i.pk_target),
                    rak_target: raw(&i.rak_target),
                    activity_target: raw(&i.activity_target),
                    period_targets: i
                        .period_targets
                        .iter()
                        .map(|(p, v)| (p.to_string(), v.raw().to_string()))
                        .collect(),
                    polarity: i.settings.polarity.code().to_string(),
                    rollup: i.settings.rollup.code().to_string(),
                    cap: i.settings.cap.map(dec),
                    weight: i.settings.weight.map(dec),
                    computation: i.computation.clone(),
                    data_source: i.data_source.clone(),
                    supports: i.supports.map(|s| s.0),
                    version: i.version,
                })
                .collect(),
        })
        .collect();
    let actions = plan
        .actions
        .iter()
        .map(|a| ActionDto {
            id: a.id.0,
            indicator: a.indicator.0,
            text: a.text.clone(),
            schedule_kind: a.schedule.kind.as_str().to_string(),
            schedule: a.schedule.periods.clone(),
            executor: a.executor.clone(),
            budget: a.budget.map(dec),
            target: raw(&a.target),
        })
        .collect();
    let budget = plan
        .budget
        .iter()
        .map(|b| BudgetDto {
            unit: unit_code(b.unit),
            name: b.name.clone(),
            level: b.level.code().to_string(),
            ceiling: dec(b.ceiling),
            realised: b.realised.map(dec),
        })
        .collect();
    Ok(Json(PlanDto {
        office: plan.office.code.to_string(),
        year: plan.year.get(),
        units,
        objectives,
        actions,
        budget,
    })
    .into_response())
}

/// An office's realisations for a year (or one period).
#[utoipa::path(operation_id = "list_realisations", get, path = "/api/v1/offices/{code}/realisations", tag = "realisations",
    params(("code" = String, Path, description = "office code"), RealisationParams),
    responses((status = 200, body = [RealisationDto]), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn realisations(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<RealisationParams>,
) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    let period = q
        .period
        .as_deref()
        .map(|p| p.parse::<Period>().map_err(|e| ApiError::BadRequest(e.to_string())))
        .transpose()?;
    let plan = plan_of(&state, &c.scoped, &code, q.year).await?;
    let mut list: Vec<&Realisation> = plan
        .realisations
        .iter()
        .filter(|r| period.is_none_or(|p| r.period == p))
        .collect();
    list.sort_by_key(|r| (r.indicator, r.period.end_month(), r.period));
    Ok(Json(list.into_iter().map(realisation_dto).collect::<Vec<_>>()).into_response())
}

/// Enters or changes a realisation (operators of the unit, planners of the office). Send the
/// version read; a stale one is refused with 409 and the realisation as it is now. Cookie
/// sessions must send the page's CSRF token as `X-CSRF-Token`; API tokens need none.
#[utoipa::path(operation_id = "save_realisation", post, path = "/api/v1/offices/{code}/realisations", tag = "realisations",
    params(("code" = String, Path, description = "office code")),
    request_body = RealisationInputDto,
    responses((status = 200, body = RealisationDto), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn save_realisation(
    State(state): State<AppState>,
    auth: Auth,
    session: tower_sessions::Session,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: Result<Json<RealisationInputDto>, JsonRejection>,
) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    if !c.by_token {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        crate::check_csrf(&session, sent)
            .await
            .map_err(|_| ApiError::Forbidden("a cookie session must send its CSRF token as X-CSRF-Token".into()))?;
    }
    let Json(input) = body.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let office = office_of(&c.scoped, &code).await?;
    if c.scoped.indicator_owner(IndicatorId(input.indicator)).await?.office != office.id {
        return Err(ApiError::NotFound);
    }
    let period: Period = input
        .period
        .parse()
        .map_err(|e: kinerja_domain::period::PeriodError| ApiError::Invalid {
            field: Some("period".into()),
            message: e.to_string(),
        })?;
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.extend(c.scoped.ordinal_scales_for(office.id).await?);
    let value = Value::parse_with(
        &input.value,
        &ParseContext {
            ordinal_scales: &grades,
        },
    )
    .map_err(|e| ApiError::Invalid {
        field: Some("value".into()),
        message: e.message(kinerja_domain::i18n::Lang::En),
    })?;
    let current = c.scoped.realisation(IndicatorId(input.indicator), period).await?;
    let text = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let saved = c
        .scoped
        .save_realisation(
            &RealisationInput {
                indicator: IndicatorId(input.indicator),
                period,
                value,
                evidence: current.as_ref().map(|r| r.evidence.clone()).unwrap_or_default(),
                new_files: vec![],
                obstacles: text(&input.obstacles),
                follow_up: text(&input.follow_up),
            },
            (input.version > 0).then_some(input.version),
            None,
        )
        .await;
    match saved {
        Ok(r) => Ok(Json(realisation_dto(&r)).into_response()),
        Err(e @ StoreError::Conflict { .. }) => {
            let now = c.scoped.realisation(IndicatorId(input.indicator), period).await?;
            Err(ApiError::Conflict {
                message: e.to_string(),
                current: now.as_ref().map(|r| Box::new(realisation_dto(r))),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Achievement per unit, objective and indicator, rolled up to the office.
#[utoipa::path(operation_id = "get_achievement", get, path = "/api/v1/offices/{code}/achievement", tag = "achievement",
    params(("code" = String, Path, description = "office code"), AchievementParams),
    responses((status = 200, body = AchievementDto), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn achievement(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<AchievementParams>,
) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    let span = match (&q.period, q.period_only) {
        (None, true) => return Err(ApiError::BadRequest("'period_only' needs 'period'".into())),
        (None, false) => Span::Year,
        (Some(p), only) => {
            let p: Period = p
                .parse()
                .map_err(|e: kinerja_domain::period::PeriodError| ApiError::BadRequest(e.to_string()))?;
            if only { Span::Only(p) } else { Span::To(p) }
        }
    };
    let basis = if q.verified_only {
        Basis::Verified
    } else {
        Basis::Entered
    };
    let plan = plan_of(&state, &c.scoped, &code, q.year).await?;
    let scales = c.scoped.scales_for(plan.office.id).await?;
    let scale = plan
        .office
        .scale
        .as_deref()
        .and_then(|code| scales.into_iter().find(|s| s.code == code));
    let result = achievement::office_achievement(&plan, span, basis, scale.as_ref(), None);
    let unit_code = |id| plan.unit(id).map(|u| u.code.clone()).unwrap_or_default();
    Ok(Json(AchievementDto {
        office: plan.office.code.to_string(),
        year: plan.year.get(),
        span: span.code().to_string(),
        period: span.period().map(|p| p.to_string()),
        basis: if q.verified_only { "verified" } else { "entered" }.to_string(),
        achievement: result.rolled.achievement.map(dec),
        category: result
            .rolled
            .achievement
            .and_then(|p| scale.as_ref().and_then(|s| s.categorise(p)))
            .map(|b| b.label.clone()),
        reason: result.reason.map(|r| r.code().to_string()),
        own_unit: result.own_unit.map(unit_code),
        units: result
            .units
            .iter()
            .map(|u| UnitAchievementDto {
                unit: unit_code(u.unit),
                achievement: u.rolled.achievement.map(dec),
                objectives: u
                    .objectives
                    .iter()
                    .map(|o| ObjectiveAchievementDto {
                        objective: o.objective.0,
                        achievement: o.rolled.achievement.map(dec),
                        indicators: o
                            .indicators
                            .iter()
                            .map(|a| IndicatorAchievementDto {
                                indicator: a.indicator.0,
                                target: a.target.as_ref().map(|v| v.raw().to_string()),
                                realisation: a.realisation.as_ref().map(|v| v.raw().to_string()),
                                realised_percent: a.realised_percent.map(dec),
                                achievement: a.achievement.as_ref().ok().map(|p| dec(*p)),
                                not_computable: a.achievement.as_ref().err().map(|e| e.code().to_string()),
                                category: a.category.clone(),
                                from_supporting: a.from_supporting,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    })
    .into_response())
}

/// Who has reported each period, and who is late, as of today.
#[utoipa::path(operation_id = "get_reporting_status", get, path = "/api/v1/offices/{code}/reporting", tag = "realisations",
    params(("code" = String, Path, description = "office code"), YearParam),
    responses((status = 200, body = [ReportingDto]), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn reporting_status(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<YearParam>,
) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    let plan = plan_of(&state, &c.scoped, &code, q.year).await?;
    let deadlines = c.scoped.deadlines(plan.office.id, plan.year).await?;
    let rows = reporting::status(&plan, &deadlines, kinerja_store::clock::today_in(plan.office.time_zone));
    Ok(Json(
        rows.into_iter()
            .map(|r| ReportingDto {
                unit: plan.unit(r.unit).map(|u| u.code.clone()).unwrap_or_default(),
                period: r.period.to_string(),
                due: r.due.to_string(),
                indicators: r.indicators,
                entered: r.entered,
                submitted: r.submitted,
                verified: r.verified,
                returned: r.returned,
                progress: r.progress.code().to_string(),
                scheduled: r.scheduled,
                late: r.late,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// An office's SAKIP evaluation grades of a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationGradeDto {
    pub office: String,
    pub name: String,
    /// The evaluators' total (0–100), once proposed; `null` before.
    pub total: Option<String>,
    /// AA, A, BB, B, CC, C or D; `null` before the evaluators proposed.
    pub grade: Option<String>,
    /// Below the KPU target (BB).
    pub below_target: bool,
    /// `draft`, `proposed`, `responded` or `approved`.
    pub state: String,
    /// The office's self-assessment total, once it answered.
    pub self_total: Option<String>,
    pub self_grade: Option<String>,
    pub last_year_grade: Option<String>,
}

/// The SAKIP evaluation grades of every office the caller may read (the evaluators' once
/// proposed, the self-assessment's, last year's).
#[utoipa::path(operation_id = "list_evaluation_grades", get, path = "/api/v1/evaluations", tag = "evaluation",
    params(YearParam),
    responses((status = 200, body = [EvaluationGradeDto]), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
pub async fn evaluation_grades(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<YearParam>,
) -> Result<Response, ApiError> {
    let c = caller(&state, &auth, &headers).await?;
    let year = match q.year {
        None => state.config.default_year,
        Some(y) => Year::new(y.into()).ok_or_else(|| ApiError::Invalid {
            field: Some("year".into()),
            message: format!("{y} is not a year Kinerja knows ({}–{})", Year::FIRST, Year::LAST),
        })?,
    };
    let grades = c.scoped.lke_grades(year).await?;
    Ok(Json(
        grades
            .into_iter()
            .map(|g| EvaluationGradeDto {
                below_target: g.below_target(),
                office: g.office.code.to_string(),
                name: g.office.name,
                total: g.total.map(|t| dec(kinerja_domain::format::round_half_up(t, 2))),
                grade: g.grade.map(|g| g.code().to_string()),
                state: g.state.code().to_string(),
                self_total: g.self_total.map(|t| dec(kinerja_domain::format::round_half_up(t, 2))),
                self_grade: g.self_grade.map(|g| g.code().to_string()),
                last_year_grade: g.last_grade.map(|g| g.code().to_string()),
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token made with `kinerja user token LOGIN --name …`"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("kinerja_sesi"))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Kinerja API", description = "SAKIP performance accountability for KPU offices: offices, plans, realisations, achievement."),
    paths(offices, office, plan, realisations, save_realisation, achievement, reporting_status, evaluation_grades),
    modifiers(&Security),
    tags(
        (name = "offices", description = "The office tree the caller may read"),
        (name = "plans", description = "PK and RAK of an office's year"),
        (name = "realisations", description = "Monitoring: figures entered per period"),
        (name = "achievement", description = "Capaian, computed from the plan and the realisations"),
        (name = "evaluation", description = "The yearly SAKIP evaluation (LKE): grades"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document (JSON).
pub async fn openapi() -> Response {
    match ApiDoc::openapi().to_json() {
        Ok(json) => ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
        Err(e) => ApiError::Internal(e.to_string()).into_response(),
    }
}

/// Anything else under `/api/v1`.
pub async fn not_found() -> Response {
    ApiError::NotFound.into_response()
}
