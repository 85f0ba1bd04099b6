//! Monitoring (pemantauan): a unit's indicators for one period, with the realisation to enter,
//! obstacles and follow-up, the workflow buttons (submit, verify, return, reopen), and the
//! actions the RAK schedules in that period. Plain forms: it works without JavaScript.

use kinerja_domain::model::Year;
use std::collections::HashMap;

use crate::extract::{Form, Query};
use askama::Template;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::access::Permission;
use kinerja_domain::grade::OrdinalScale;
use kinerja_domain::model::{Indicator, IndicatorId, Realisation, Unit, YearPlan};
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::value::{ParseContext, Value};
use kinerja_domain::workflow::{self, Transition};
use kinerja_store::{EvidenceFile, RealisationInput, Scoped, StoreError};
use tower_sessions::Session;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::{AppState, WebError, check_csrf, csrf_token, evidence};

#[derive(serde::Deserialize)]
pub struct MonitoringQuery {
    unit: Option<String>,
    #[serde(rename = "periode")]
    period: Option<String>,
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
}

struct PastView {
    period: String,
    value: String,
    status: String,
}

struct ActionView {
    id: i64,
    text: String,
    executor: String,
    /// "done", "not_done", or "" when nothing was reported.
    state: &'static str,
    note: String,
}

struct FileView {
    name: String,
    original: String,
    size: String,
}

struct RowView {
    id: i64,
    /// Uploaded files of this period's realisation.
    files: Vec<FileView>,
    /// Evidence named otherwise (a document's name or number).
    evidence_notes: Vec<String>,
    /// Comments on this period's figure: (author, date, text).
    comments: Vec<(String, String, String)>,
    can_comment: bool,
    /// Achievement from the start of the year to this period, or why it cannot be computed.
    achievement: String,
    achievement_note: String,
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
    year: Year,
    units: Vec<UnitChoice>,
    periods: Vec<PeriodChoice>,
    rows: Vec<RowView>,
    notice: String,
    upload_limit: String,
}

pub(crate) fn status_label(t: Tr, s: Option<kinerja_domain::model::RealisationStatus>) -> &'static str {
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
    fields: HashMap<IndicatorId, (String, String, String)>,
    errors: HashMap<IndicatorId, String>,
    notice: String,
}

fn default_period(kind: PeriodKind, year: Year, default_year: Year) -> Period {
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
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    let plan = scoped.year_plan(office.id, year).await?;
    let unit = choose_unit(scoped, &plan, q.unit.as_deref()).ok_or(WebError::NotFound)?;
    let kind = plan.unit_year(unit.id).map(|y| y.rak_period_kind).unwrap_or_default();
    let period = match &q.period {
        Some(p) => p.parse::<Period>().map_err(|e| WebError::BadRequest(e.to_string()))?,
        None => default_period(kind, year, state.config.default_year),
    };
    let scope = scoped.scope();
    let objectives: Vec<_> = plan.objectives_of(unit.id).collect();
    let mut indicators: Vec<&Indicator> = plan
        .indicators
        .iter()
        .filter(|i| objectives.iter().any(|o| o.id == i.objective) && i.in_pk())
        .collect();
    indicators.sort_by_key(|i| (objectives.iter().position(|o| o.id == i.objective), i.ord));
    // The records of every file this period's realisations name, in one query.
    let names: Vec<String> = plan
        .realisations
        .iter()
        .filter(|r| r.period == period && indicators.iter().any(|i| i.id == r.indicator))
        .flat_map(|r| r.evidence.iter())
        .filter_map(|e| e.strip_prefix(kinerja_store::FILE_REFERENCE).map(str::to_string))
        .collect();
    let files = scoped.evidence_files(&names).await?;
    let progress = scoped.action_progress(office.id, year).await?;
    let mut comments = scoped.comments(office.id).await?;
    // Comments name their author as the office knows them, not by login.
    let logins: Vec<&str> = comments.iter().map(|c| c.author.as_str()).collect();
    let names = scoped.names(office.id, &logins).await?;
    for c in &mut comments {
        if let Some(name) = names.get(&c.author) {
            c.author = name.clone();
        }
    }
    let rows_of = Rows {
        t,
        plan: &plan,
        period,
        typed: &typed,
        files: &files,
        progress: &progress,
        comments: &comments,
        can_comment: scope.allows(Permission::Comment(office.id)),
        scope,
        office: office.id,
        unit: unit.id,
    };
    let rows: Vec<RowView> = indicators.into_iter().map(|ind| rows_of.row(ind)).collect();
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
        header: Header::of(scoped, csrf_token(session).await?)
            .with_years(scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        period: period.to_string(),
        period_label: period.label(t.0),
        year,
        units,
        periods,
        rows,
        notice: typed.notice,
        upload_limit: evidence::size_label(state.config.max_upload_bytes as i64),
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// What every row of the monitoring table is drawn from.
struct Rows<'a> {
    t: Tr,
    plan: &'a YearPlan,
    period: Period,
    typed: &'a Typed,
    files: &'a [EvidenceFile],
    progress: &'a [kinerja_store::ActionProgress],
    comments: &'a [kinerja_store::Comment],
    can_comment: bool,
    scope: &'a kinerja_domain::access::Scope,
    office: kinerja_domain::model::OfficeId,
    unit: kinerja_domain::model::UnitId,
}

impl Rows<'_> {
    /// The indicator's actions scheduled in the period, with what was reported on them.
    fn actions(&self, ind: &Indicator) -> Vec<ActionView> {
        self.plan
            .actions
            .iter()
            .filter(|a| a.indicator == ind.id && a.schedule.runs_in(self.period))
            .map(|a| {
                let reported = self
                    .progress
                    .iter()
                    .find(|p| p.action == a.id && p.period == self.period);
                ActionView {
                    id: a.id.0,
                    text: a.text.clone(),
                    executor: a.executor.clone().unwrap_or_default(),
                    state: match reported.map(|p| p.done) {
                        Some(true) => "done",
                        Some(false) => "not_done",
                        None => "",
                    },
                    note: reported.and_then(|p| p.note.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }

    /// One indicator's row: its realisation of the period (or what was typed), the ones before,
    /// the period's actions, evidence, comments, achievement to date and what the user may do.
    fn row(&self, ind: &Indicator) -> RowView {
        let mine: Vec<&Realisation> = self
            .plan
            .realisations
            .iter()
            .filter(|r| r.indicator == ind.id)
            .collect();
        let current = mine.iter().find(|r| r.period == self.period).copied();
        let mut past: Vec<&&Realisation> = mine.iter().filter(|r| r.period != self.period).collect();
        past.sort_by_key(|r| (r.period.end_month(), r.period));
        let (value, obstacles, follow_up) = self.typed.fields.get(&ind.id).cloned().unwrap_or_else(|| {
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
        let actions = self.actions(ind);
        let evidence = current.map(|r| r.evidence.as_slice()).unwrap_or_default();
        let to_date = kinerja_domain::achievement::indicator_achievement(
            ind,
            &mine,
            kinerja_domain::achievement::Span::To(self.period),
            self.plan.office.lower_formula,
            None,
        );
        let (achievement, achievement_note) = match &to_date.achievement {
            Ok(p) => (kinerja_domain::format::percent(*p), String::new()),
            Err(e) => ("-".to_string(), e.text().get(self.t.0).to_string()),
        };
        RowView {
            id: ind.id.0,
            files: evidence
                .iter()
                .filter_map(|e| e.strip_prefix(kinerja_store::FILE_REFERENCE))
                .filter_map(|n| self.files.iter().find(|f| f.name == n))
                .map(|f| FileView {
                    name: f.name.clone(),
                    original: f.original_name.clone(),
                    size: evidence::size_label(f.size),
                })
                .collect(),
            evidence_notes: evidence
                .iter()
                .filter(|e| !e.starts_with(kinerja_store::FILE_REFERENCE))
                .cloned()
                .collect(),
            comments: self
                .comments
                .iter()
                .filter(|c| c.indicator == ind.id && c.period == self.period)
                .map(|c| {
                    let date = c.at.get(..10).and_then(|d| d.parse().ok());
                    (
                        c.author.clone(),
                        date.map(|d| kinerja_domain::format::date(d, self.t.0))
                            .unwrap_or_default(),
                        c.body.clone(),
                    )
                })
                .collect(),
            can_comment: self.can_comment,
            achievement,
            achievement_note,
            text: ind.text.clone(),
            target: ind
                .measure_target()
                .map(|t| t.raw().to_string())
                .unwrap_or_else(|| "-".into()),
            past: past
                .into_iter()
                .map(|r| PastView {
                    period: r.period.label(self.t.0),
                    value: r.value.raw().to_string(),
                    status: status_label(self.t, Some(r.status)).into(),
                })
                .collect(),
            value,
            obstacles,
            follow_up,
            status: status.map(|s| s.code().to_string()).unwrap_or_default(),
            status_label: status_label(self.t, status).to_string(),
            return_reason: current.and_then(|r| r.return_reason.clone()).unwrap_or_default(),
            realisation_id: current.map_or(0, |r| r.id.0),
            version: current.map(|r| r.version).unwrap_or(0),
            can_enter: editable && self.scope.allows(Permission::EnterRealisation(self.office, self.unit)),
            can_submit: current.is_some()
                && editable
                && self.scope.allows(Permission::EnterRealisation(self.office, self.unit)),
            can_verify: status == Some(kinerja_domain::model::RealisationStatus::Submitted)
                && self.scope.allows(Permission::Verify(self.office, self.unit)),
            can_reopen: status == Some(kinerja_domain::model::RealisationStatus::Verified)
                && self.scope.allows(Permission::Reopen(self.office)),
            error: self.typed.errors.get(&ind.id).cloned().unwrap_or_default(),
            actions,
        }
    }
}

pub async fn page(
    ctx: Signed,
    Path(code): Path<String>,
    Query(q): Query<MonitoringQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let page = Page {
        t: ctx.t,
        state,
        scoped: &scoped,
        session,
        code: &code,
    };
    page.show(&q, Typed::default(), StatusCode::OK).await
}

#[derive(serde::Deserialize)]
pub struct SaveForm {
    indicator: i64,
    unit: String,
    periode: String,
    #[serde(deserialize_with = "crate::extract::year")]
    tahun: Year,
    value: String,
    #[serde(default)]
    obstacles: String,
    #[serde(default)]
    follow_up: String,
    version: i64,
    #[serde(default)]
    csrf: String,
}

/// A file as the browser sent it.
struct Upload {
    file_name: String,
    bytes: axum::body::Bytes,
}

/// A save as posted: the form, the files attached, and the stored files to drop.
struct SaveRequest {
    form: SaveForm,
    uploads: Vec<Upload>,
    remove: Vec<String>,
}

/// At most this many files are attached in one save.
pub const MAX_FILES_PER_SAVE: usize = 5;

/// Reads a save posted as `multipart/form-data` (the page's form, with files) or as a plain
/// urlencoded form (no files).
async fn read_save(state: &AppState, req: axum::extract::Request) -> Result<SaveRequest, WebError> {
    use axum::extract::{FromRequest, Multipart};
    let is_multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let Form(form) = Form::<SaveForm>::from_request(req, state).await?;
        return Ok(SaveRequest {
            form,
            uploads: vec![],
            remove: vec![],
        });
    }
    let mut multipart = Multipart::from_request(req, state)
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?;
    let too_large = crate::extract::multipart_error;
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut uploads = Vec::new();
    let mut remove = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "bukti" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(too_large)?;
            if !(file_name.is_empty() && bytes.is_empty()) {
                uploads.push(Upload { file_name, bytes });
            }
            continue;
        }
        let text = field.text().await.map_err(too_large)?;
        match name.as_str() {
            "hapus" => remove.push(text),
            "indicator" | "version" | "tahun" | "unit" | "periode" | "value" | "obstacles" | "follow_up" | "csrf" => {
                fields.push((name, text));
            }
            _ => {}
        }
    }
    // The same reader as a form without files: the same refusals, field by field.
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let form: SaveForm = crate::extract::decode(encoded.as_bytes())?;
    if form.unit.is_empty() || form.periode.is_empty() {
        return Err(WebError::BadRequest("the form lacks unit or periode".into()));
    }
    Ok(SaveRequest { form, uploads, remove })
}

fn back(code: &str, unit: &str, period: &str, year: Year) -> String {
    format!("/kantor/{code}/pantau?unit={unit}&periode={period}&tahun={year}")
}

/// What each upload is (by its bytes), or why the save is refused: too many files, one too
/// large, one of a kind not accepted.
fn check_uploads(
    uploads: &[Upload],
    max_bytes: usize,
    t: Tr,
) -> Result<Vec<(String, evidence::Kind)>, (String, StatusCode)> {
    if uploads.len() > MAX_FILES_PER_SAVE {
        let message = t.fill("err_too_many_files", MAX_FILES_PER_SAVE);
        return Err((message, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let mut kinds = Vec::with_capacity(uploads.len());
    for u in uploads {
        let name = evidence::clean_name(&u.file_name);
        if u.bytes.len() > max_bytes {
            let limit = evidence::size_label(max_bytes as i64);
            let message = format!("{name}: {} {limit}.", t.t("err_file_too_large"));
            return Err((message, StatusCode::PAYLOAD_TOO_LARGE));
        }
        match evidence::sniff(&u.bytes) {
            Some(kind) => kinds.push((name, kind)),
            None => {
                let message = format!("{name}: {}", t.t("err_file_type"));
                return Err((message, StatusCode::UNSUPPORTED_MEDIA_TYPE));
            }
        }
    }
    Ok(kinds)
}

/// The target a figure of `period` is measured against: the period's own, else the RAK's, else
/// the PK's.
fn target_of(indicator: &Indicator, period: Period) -> Option<&Value> {
    indicator
        .period_targets
        .iter()
        .find(|(p, _)| *p == period)
        .map(|(_, v)| v)
        .or(indicator.rak_target.as_ref())
        .or(indicator.pk_target.as_ref())
}

pub async fn save(ctx: Signed, Path(code): Path<String>, req: axum::extract::Request) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let page = Page {
        t: ctx.t,
        state,
        scoped: &scoped,
        session,
        code: &code,
    };
    let SaveRequest { form, uploads, remove } = read_save(state, req).await?;
    check_csrf(session, &form.csrf).await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let period: Period = form
        .periode
        .parse()
        .map_err(|e: kinerja_domain::period::PeriodError| WebError::BadRequest(e.to_string()))?;
    let query = MonitoringQuery {
        unit: Some(form.unit.clone()),
        period: Some(form.periode.clone()),
        year: Some(form.tahun),
    };
    let mut typed = Typed::default();
    typed.fields.insert(
        IndicatorId(form.indicator),
        (form.value.clone(), form.obstacles.clone(), form.follow_up.clone()),
    );
    let t = page.t;
    // Files are never kept from a refused save: the user is told to choose them again.
    let refuse = |mut typed: Typed, message: String, status: StatusCode| {
        let message = if uploads.is_empty() {
            message
        } else {
            format!("{message} {}", t.t("err_files_not_saved"))
        };
        typed.errors.insert(IndicatorId(form.indicator), message);
        page.show(&query, typed, status)
    };
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
            let plan = scoped.year_plan(office.id, form.tahun).await?;
            let target = plan
                .indicators
                .iter()
                .find(|i| i.id == IndicatorId(form.indicator))
                .and_then(|i| target_of(i, period));
            let message = crate::values::refusal(t, t.fill("value_unreadable", form.value.trim()), &e, target);
            return refuse(typed, message, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let kinds = match check_uploads(&uploads, state.config.max_upload_bytes, t) {
        Ok(kinds) => kinds,
        Err((message, status)) => return refuse(typed, message, status).await,
    };
    let current = scoped.realisation(IndicatorId(form.indicator), period).await?;
    let mut evidence_list: Vec<String> = current
        .map(|r| r.evidence)
        .unwrap_or_default()
        .into_iter()
        .filter(|e| {
            !e.strip_prefix(kinerja_store::FILE_REFERENCE)
                .is_some_and(|n| remove.iter().any(|r| r == n))
        })
        .collect();
    let mut written = Vec::with_capacity(uploads.len());
    let mut new_files = Vec::with_capacity(uploads.len());
    let now = kinerja_store::clock::now_rfc3339();
    for (u, (name, kind)) in uploads.iter().zip(kinds) {
        let w = match state.config.files.write(&u.bytes, kind) {
            Ok(w) => w,
            Err(e) => {
                state.config.files.discard(&written);
                return Err(WebError::Internal(format!(
                    "cannot write evidence to {}: {e}",
                    state.config.files.dir().display()
                )));
            }
        };
        let file = EvidenceFile {
            name: w.name.clone(),
            office: office.id,
            indicator: IndicatorId(form.indicator),
            period,
            original_name: name,
            content_type: kind.content_type.to_string(),
            size: u.bytes.len() as i64,
            sha256: w.sha256.clone(),
            uploaded_by: scoped.user().login.to_string(),
            uploaded_at: now.clone(),
        };
        evidence_list.push(file.reference());
        new_files.push(file);
        written.push(w);
    }
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let input = RealisationInput {
        indicator: IndicatorId(form.indicator),
        period,
        value,
        evidence: evidence_list,
        new_files,
        obstacles: text(&form.obstacles),
        follow_up: text(&form.follow_up),
    };
    let expected = (form.version > 0).then_some(form.version);
    let saved = scoped.save_realisation(&input, expected, None).await;
    if saved.is_err() {
        state.config.files.discard(&written);
    }
    match saved {
        Ok(_) => Ok(Redirect::to(&back(&code, &form.unit, &form.periode, form.tahun)).into_response()),
        Err(StoreError::Conflict { .. }) => {
            typed.fields.clear();
            let message = format!("{} '{}'", t.t("err_conflict_value"), form.value);
            refuse(typed, message, StatusCode::CONFLICT).await
        }
        Err(StoreError::Invalid(m)) => refuse(typed, m, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

/// Sends an evidence file to a user who may read its office.
pub async fn download(ctx: Signed, Path((code, name)): Path<(String, String)>) -> Result<Response, WebError> {
    let state = &ctx.state;
    let scoped = ctx.scoped().await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let file = scoped.evidence_file(&name).await?;
    if file.office != office.id {
        return Err(WebError::NotFound);
    }
    let bytes = state.config.files.read(&file.name).map_err(|e| {
        WebError::Internal(format!(
            "evidence file {} is recorded but cannot be read: {e}",
            file.name
        ))
    })?;
    Ok(evidence::attachment(bytes, &file.original_name, &file.content_type))
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
    #[serde(deserialize_with = "crate::extract::year")]
    tahun: Year,
}

pub async fn status(Path(code): Path<String>, Posted { ctx, form }: Posted<StatusForm>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let page = Page {
        t: ctx.t,
        state,
        scoped: &scoped,
        session,
        code: &code,
    };
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
        period: Some(form.periode.clone()),
        year: Some(form.tahun),
    };
    // A refusal is said on the card of the figure it is about, else at the top.
    let indicator = match scoped.find_office(&code).await? {
        Some(office) => scoped
            .year_plan(office.id, form.tahun)
            .await?
            .realisations
            .iter()
            .find(|r| r.id.0 == form.realisation)
            .map(|r| r.indicator),
        None => None,
    };
    let notice = |message: String| match indicator {
        Some(i) => Typed {
            errors: HashMap::from([(i, message)]),
            ..Default::default()
        },
        None => Typed {
            notice: message,
            ..Default::default()
        },
    };
    if matches!(transition, Transition::Return { .. } | Transition::Reopen { .. }) && form.reason.trim().is_empty() {
        let typed = notice(page.t.t("err_reason").into());
        return page.show(&query, typed, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match scoped
        .transition_realisation(
            kinerja_domain::model::RealisationId(form.realisation),
            form.version,
            &transition,
        )
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

#[derive(serde::Deserialize)]
pub struct ActionForm {
    kegiatan: i64,
    done: String,
    #[serde(default)]
    note: String,
    unit: String,
    periode: String,
    #[serde(deserialize_with = "crate::extract::year")]
    tahun: Year,
}

/// Marks an action scheduled in the period done or not done.
pub async fn action(Path(code): Path<String>, Posted { ctx, form }: Posted<ActionForm>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let period: Period = form
        .periode
        .parse()
        .map_err(|e: kinerja_domain::period::PeriodError| WebError::BadRequest(e.to_string()))?;
    let done = match form.done.as_str() {
        "1" => true,
        "0" => false,
        other => return Err(WebError::BadRequest(format!("field 'done': '{other}' (use 1 or 0)"))),
    };
    let note = (!form.note.trim().is_empty()).then_some(form.note.as_str());
    scoped
        .set_action_progress(kinerja_domain::model::ActionId(form.kegiatan), period, done, note)
        .await?;
    Ok(Redirect::to(&format!(
        "{}#kegiatan-{}",
        back(&code, &form.unit, &form.periode, form.tahun),
        form.kegiatan
    ))
    .into_response())
}

#[derive(serde::Deserialize)]
pub struct CommentForm {
    indicator: i64,
    body: String,
    unit: String,
    periode: String,
    #[serde(deserialize_with = "crate::extract::year")]
    tahun: Year,
}

/// Adds a comment on an indicator's figure for the period (reviewers, heads, anyone of the office).
pub async fn comment(
    Path(code): Path<String>,
    Posted { ctx, form }: Posted<CommentForm>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let page = Page {
        t: ctx.t,
        state,
        scoped: &scoped,
        session,
        code: &code,
    };
    scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let period: Period = form
        .periode
        .parse()
        .map_err(|e: kinerja_domain::period::PeriodError| WebError::BadRequest(e.to_string()))?;
    match scoped
        .add_comment(IndicatorId(form.indicator), period, &form.body)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}#indikator-{}",
            back(&code, &form.unit, &form.periode, form.tahun),
            form.indicator
        ))
        .into_response()),
        Err(StoreError::Invalid(m)) => {
            let query = MonitoringQuery {
                unit: Some(form.unit.clone()),
                period: Some(form.periode.clone()),
                year: Some(form.tahun),
            };
            let mut typed = Typed::default();
            typed.errors.insert(IndicatorId(form.indicator), m);
            page.show(&query, typed, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
