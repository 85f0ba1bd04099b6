//! Import of the plan an office already has: upload (text of a PDF, OCR markdown, CSV, XLSX) →
//! preview of everything recognised, with every warning and where it is → apply, in one
//! transaction. The uploaded file waits between preview and apply under a generated name that
//! only the uploader's session knows.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::i18n::Text;
use kinerja_domain::model::{Office, YearPlan};
use kinerja_import::{Imported, PeriodKind};
use kinerja_store::{MergeMode, MergeSummary, Scoped};
use tower_sessions::Session;

use crate::i18n::Tr;
use crate::pages::Header;
use crate::planning::may_edit;
use crate::{AppState, Auth, WebError, check_csrf, csrf_token, scoped, tr};

const PENDING: &str = "import_pending";

/// An upload waiting to be applied.
#[derive(serde::Serialize, serde::Deserialize, Clone)]
struct Pending {
    office: String,
    /// Generated name under `<files>/impor/`.
    stored: String,
    /// The name the user's file had.
    name: String,
    year: Option<i32>,
    unit: Option<String>,
}

struct ActionRow {
    text: String,
    marks: Vec<bool>,
    executor: String,
}

struct IndicatorRow {
    text: String,
    target: String,
    formula: String,
    data_source: String,
    actions: Vec<ActionRow>,
}

struct ObjectiveRow {
    text: String,
    indicators: Vec<IndicatorRow>,
}

struct DocumentView {
    kind: String,
    /// An IKU table: indicators with how they are computed and their data source.
    iku: bool,
    title: String,
    at: String,
    unit: String,
    year: String,
    periods: Vec<String>,
    objectives: Vec<ObjectiveRow>,
    signatories: Vec<String>,
    /// A PK's budget: (programme or activity, amount as written).
    budget: Vec<(String, String)>,
    budget_total: String,
}

struct WarningView {
    at: String,
    message: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    t: Tr,
    header: Header,
    office: String,
    code: String,
    year: i32,
    units: Vec<(String, String)>,
    file: String,
    documents: Vec<DocumentView>,
    warnings: Vec<WarningView>,
    /// Why it cannot be applied (a unit not found, a year not named).
    blocked: String,
    summary: String,
    /// Tables read but not written (RKT, IKU, LKj).
    skipped: Vec<String>,
    /// Stored values the file says otherwise: (plan, what, item, stored, file).
    kept: Vec<[String; 5]>,
    nothing_to_add: bool,
    previewed: bool,
}

/// What a preview found it would write.
struct Outcome {
    summary: String,
    /// Everything in the file is in the plan already.
    nothing_to_add: bool,
    skipped: Vec<String>,
    kept: Vec<[String; 5]>,
}

fn forbidden() -> WebError {
    WebError::Forbidden(Text::new(
        "Hanya perencana atau admin kantor yang dapat mengimpor rencana.",
        "Only the office's planners or admins may import a plan.",
    ))
}

async fn office_for_planner(scoped: &Scoped<'_>, code: &str) -> Result<Office, WebError> {
    let office = scoped.find_office(code).await?.ok_or(WebError::NotFound)?;
    if !may_edit(scoped, office.id) {
        return Err(forbidden());
    }
    Ok(office)
}

fn upload_dir(state: &AppState) -> std::path::PathBuf {
    state.config.files.dir().join("impor")
}

fn valid_stored(name: &str) -> bool {
    name.len() == 32 && name.chars().all(|c| c.is_ascii_hexdigit())
}

#[allow(clippy::too_many_arguments)]
async fn render(
    t: Tr,
    scoped: &Scoped<'_>,
    session: &Session,
    office: &Office,
    year: i32,
    file: &str,
    preview: Option<(&Imported, Result<Outcome, String>)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let units = scoped.store_units(office.id).await?;
    let previewed = preview.is_some();
    let (documents, warnings, blocked, outcome) = match preview {
        None => (vec![], vec![], String::new(), None),
        Some((imported, outcome)) => {
            let (blocked, outcome) = match outcome {
                Ok(o) => (String::new(), Some(o)),
                Err(e) => (e, None),
            };
            (views(t, imported), warning_views(t, imported), blocked, outcome)
        }
    };
    let Outcome {
        summary,
        nothing_to_add,
        skipped,
        kept,
    } = outcome.unwrap_or(Outcome {
        summary: String::new(),
        nothing_to_add: false,
        skipped: vec![],
        kept: vec![],
    });
    let page = ImportPage {
        t,
        header: Header::of(scoped, csrf_token(session).await?),
        office: office.name.clone(),
        code: office.code.clone(),
        year,
        units: units.iter().map(|u| (u.code.clone(), u.name.clone())).collect(),
        file: file.to_string(),
        previewed,
        documents,
        warnings,
        blocked,
        summary,
        skipped,
        kept,
        nothing_to_add,
    };
    Ok((status, Html(page.render()?)).into_response())
}

fn views(t: Tr, imported: &Imported) -> Vec<DocumentView> {
    imported
        .documents
        .iter()
        .map(|d| {
            let n = match d.period_kind {
                Some(PeriodKind::Month) => 12,
                Some(PeriodKind::Quarter) => 4,
                None => 0,
            };
            let periods = (1..=n)
                .map(|p| match d.period_kind {
                    Some(PeriodKind::Quarter) => format!("Tw{p}"),
                    _ => format!("B{p}"),
                })
                .collect();
            DocumentView {
                kind: d.kind.code().to_uppercase(),
                iku: d.kind == kinerja_import::DocKind::Iku,
                title: d.title.clone(),
                at: at(d.sheet.as_deref(), d.line),
                unit: d.unit.clone().unwrap_or_default(),
                year: d.year.map(|y| y.to_string()).unwrap_or_default(),
                periods,
                objectives: d
                    .objectives
                    .iter()
                    .map(|o| ObjectiveRow {
                        text: o.text.clone(),
                        indicators: o
                            .indicators
                            .iter()
                            .map(|i| IndicatorRow {
                                text: i.text.clone(),
                                target: i.target.clone().unwrap_or_default(),
                                formula: i.formula.clone().unwrap_or_default(),
                                data_source: i.data_source.clone().unwrap_or_default(),
                                actions: i
                                    .actions
                                    .iter()
                                    .map(|a| ActionRow {
                                        text: a.text.clone(),
                                        marks: (1..=n).map(|p| a.periods.contains(&p)).collect(),
                                        executor: a.executor.clone().unwrap_or_default(),
                                    })
                                    .collect(),
                            })
                            .collect(),
                    })
                    .collect(),
                budget: d.budget.iter().map(|b| (b.name.clone(), b.amount.clone())).collect(),
                budget_total: d.stated_budget_total.clone().unwrap_or_default(),
                signatories: d
                    .signatories
                    .iter()
                    .map(|s| {
                        // Pihak Pertama / Kedua are the agreement's own terms, in both languages.
                        let role = match s.role.as_str() {
                            "pihak_pertama" => "Pihak Pertama",
                            "pihak_kedua" => "Pihak Kedua",
                            _ => t.t("import_signed"),
                        };
                        let nip = s.nip.as_deref().map(|n| format!(", NIP {n}")).unwrap_or_default();
                        format!("{role}: {} ({}{nip})", s.name, s.position)
                    })
                    .collect(),
            }
        })
        .collect()
}

fn at(sheet: Option<&str>, line: usize) -> String {
    match sheet {
        Some(s) => format!("{s}, {line}"),
        None => line.to_string(),
    }
}

fn warning_views(t: Tr, imported: &Imported) -> Vec<WarningView> {
    imported
        .warnings
        .iter()
        .map(|w| WarningView {
            at: at(w.sheet.as_deref(), w.line),
            message: w.message.get(t.0).to_string(),
        })
        .collect()
}

/// The plans the import would write, or why it cannot.
async fn plan_of(
    scoped: &Scoped<'_>,
    office: &Office,
    imported: &Imported,
    pending: &Pending,
) -> Result<Result<kinerja_import::plan::Drafts, kinerja_import::Text>, WebError> {
    let units = scoped.store_units(office.id).await?;
    let mut plans: Vec<YearPlan> = vec![];
    for y in imported.documents.iter().filter_map(|d| pending.year.or(d.year)) {
        if !plans.iter().any(|p| p.year == y) {
            plans.push((*scoped.year_plan(office.id, y).await?).clone());
        }
    }
    let request = kinerja_import::plan::Request {
        office,
        units: &units,
        plans: &plans,
        unit: pending.unit.as_deref(),
        year: pending.year,
        source: &pending.name,
    };
    Ok(kinerja_import::plan::drafts(imported, &request))
}

fn kept_label(t: Tr, field: &str) -> &'static str {
    match field {
        "pk_target" => t.t("import_kept_pk_target"),
        "rak_target" => t.t("import_kept_rak_target"),
        "activity_target" => t.t("import_kept_activity_target"),
        "computation" => t.t("import_kept_computation"),
        "data_source" => t.t("import_kept_data_source"),
        "budget_ceiling" => t.t("import_kept_budget_ceiling"),
        "pk_signature" => t.t("import_kept_pk_signature"),
        "schedule" => t.t("import_kept_schedule"),
        "executor" => t.t("executor"),
        _ => t.t("import_kept_rak_signature"),
    }
}

/// What merging the file into the plan would do, as the planner reads it.
fn outcome_of(t: Tr, drafts: &kinerja_import::plan::Drafts, merge: &MergeSummary) -> Outcome {
    let units: Vec<String> = drafts.plans.iter().map(|p| format!("{} {}", p.unit, p.year)).collect();
    let m = merge;
    let summary = match (t.0, m.plans_changed) {
        (kinerja_domain::i18n::Lang::Id, 0) => format!(
            "Semua isi berkas sudah ada di rencana ({}): tidak ada yang akan ditambahkan.",
            units.join(", ")
        ),
        (kinerja_domain::i18n::Lang::En, 0) => format!(
            "Everything in the file is already in the plan ({}): nothing will be added.",
            units.join(", ")
        ),
        (kinerja_domain::i18n::Lang::Id, _) => format!(
            "Akan ditambahkan ke {} rencana unit ({}): {} sasaran, {} indikator, {} kegiatan, {} baris anggaran; \
             {} indikator dan {} kegiatan yang ada dilengkapi. Sudah ada dan tidak ditulis ulang: {} sasaran, {} indikator, {} kegiatan, {} baris anggaran.",
            m.plans,
            units.join(", "),
            m.objectives_added,
            m.indicators_added,
            m.actions_added,
            m.budget_lines_added,
            m.indicators_completed,
            m.actions_completed,
            m.objectives_present,
            m.indicators_present,
            m.actions_present,
            m.budget_lines_present
        ),
        (kinerja_domain::i18n::Lang::En, _) => format!(
            "To be added to {} unit plans ({}): {} objectives, {} indicators, {} actions, {} budget lines; \
             {} existing indicators and {} existing actions completed. Already there and not written again: {} objectives, {} indicators, {} actions, {} budget lines.",
            m.plans,
            units.join(", "),
            m.objectives_added,
            m.indicators_added,
            m.actions_added,
            m.budget_lines_added,
            m.indicators_completed,
            m.actions_completed,
            m.objectives_present,
            m.indicators_present,
            m.actions_present,
            m.budget_lines_present
        ),
    };
    let kept = m
        .kept
        .iter()
        .map(|k| {
            [
                k.plan.clone(),
                kept_label(t, k.field).to_string(),
                k.item.clone(),
                k.stored.clone(),
                k.file.clone(),
            ]
        })
        .collect();
    Outcome {
        summary,
        nothing_to_add: m.plans_changed == 0,
        skipped: drafts.skipped.iter().map(|s| s.get(t.0).to_string()).collect(),
        kept,
    }
}

pub async fn page(
    State(state): State<AppState>,
    auth: Auth,
    session: Session,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let Some(scoped) = scoped(&state, &auth).await? else {
        return Ok(Redirect::to("/masuk").into_response());
    };
    let t = tr(&auth, &session).await;
    let office = office_for_planner(&scoped, &code).await?;
    render(
        t,
        &scoped,
        &session,
        &office,
        state.config.default_year,
        "",
        None,
        StatusCode::OK,
    )
    .await
}

/// The upload: read, kept for applying, and shown.
pub async fn preview(
    State(state): State<AppState>,
    auth: Auth,
    session: Session,
    Path(code): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, WebError> {
    let Some(scoped) = scoped(&state, &auth).await? else {
        return Ok(Redirect::to("/masuk").into_response());
    };
    let t = tr(&auth, &session).await;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let mut multipart = Multipart::from_request(req, &state)
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?;
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge
        } else {
            WebError::BadRequest(e.body_text())
        }
    };
    let (mut csrf, mut name, mut bytes, mut year, mut unit) =
        (String::new(), String::new(), axum::body::Bytes::new(), None, None);
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        match field.name().unwrap_or_default() {
            "berkas" => {
                name = kinerja_domain::input::clean_file_name(field.file_name().unwrap_or("berkas"));
                bytes = field.bytes().await.map_err(too_large)?;
            }
            "csrf" => csrf = field.text().await.map_err(too_large)?,
            "tahun" => {
                let v = field.text().await.map_err(too_large)?;
                if !v.trim().is_empty() {
                    year = Some(crate::extract::parse_year(&v).map_err(|e| crate::extract::field_error("tahun", e))?);
                }
            }
            "unit" => {
                let v = field.text().await.map_err(too_large)?;
                unit = Some(v.trim().to_string()).filter(|v| !v.is_empty());
            }
            _ => {}
        }
    }
    check_csrf(&session, &csrf).await?;
    if !may_edit(&scoped, office.id) {
        return Err(forbidden());
    }
    let shown_year = year.unwrap_or(state.config.default_year);
    if bytes.is_empty() {
        return render(
            t,
            &scoped,
            &session,
            &office,
            shown_year,
            "",
            Some((&Imported::default(), Err(t.t("import_no_file").to_string()))),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let imported = match read_upload(&state, &name, bytes.clone()).await? {
        Ok(i) => i,
        Err(e) => {
            return render(
                t,
                &scoped,
                &session,
                &office,
                shown_year,
                &name,
                Some((&Imported::default(), Err(e.get(t.0).to_string()))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let stored = format!("{:032x}", tower_sessions::session::Id::default().0 as u128);
    let dir = upload_dir(&state);
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join(&stored), &bytes))
        .map_err(|e| WebError::Internal(format!("the upload could not be kept for applying: {e}")))?;
    let pending = Pending {
        office: office.code.clone(),
        stored,
        name: name.clone(),
        year,
        unit,
    };
    // A previous upload not applied is forgotten, and its file removed.
    if let Ok(Some(old)) = session.get::<Pending>(PENDING).await
        && valid_stored(&old.stored)
    {
        let _ = std::fs::remove_file(dir.join(&old.stored));
    }
    session
        .insert(PENDING, pending.clone())
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let outcome = match plan_of(&scoped, &office, &imported, &pending).await? {
        Ok(drafts) => {
            let reason = format!("{} {}", t.t("import_reason"), pending.name);
            match scoped
                .import_plans(&office, &drafts.plans, &reason, MergeMode::Preview)
                .await
            {
                Ok(merge) => Ok(outcome_of(t, &drafts, &merge)),
                Err(kinerja_store::StoreError::Invalid(e)) => Err(e),
                Err(kinerja_store::StoreError::Rejected(e)) => Err(e.get(t.0).to_string()),
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => Err(e.get(t.0).to_string()),
    };
    render(
        t,
        &scoped,
        &session,
        &office,
        shown_year,
        &name,
        Some((&imported, outcome)),
        StatusCode::OK,
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct ApplyForm {
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// Reads an upload on a blocking worker, at most `CONCURRENT_IMPORTS` at once (each may hold a
/// 16 MB file and what it unpacks to): the server's threads stay free, its memory bounded.
async fn read_upload(
    state: &AppState,
    name: &str,
    bytes: axum::body::Bytes,
) -> Result<Result<Imported, kinerja_import::Text>, WebError> {
    let _permit = state
        .imports
        .acquire()
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = name.to_string();
    tokio::task::spawn_blocking(move || kinerja_import::read_file(&name, &bytes))
        .await
        .map_err(|e| WebError::Internal(format!("the import failed: {e}")))
}

/// Applies the upload this session previewed for this office.
pub async fn apply(
    State(state): State<AppState>,
    auth: Auth,
    session: Session,
    Path(code): Path<String>,
    crate::extract::Form(form): crate::extract::Form<ApplyForm>,
) -> Result<Response, WebError> {
    let Some(scoped) = scoped(&state, &auth).await? else {
        return Ok(Redirect::to("/masuk").into_response());
    };
    let t = tr(&auth, &session).await;
    check_csrf(&session, &form.csrf).await?;
    let office = office_for_planner(&scoped, &code).await?;
    let pending = session
        .get::<Pending>(PENDING)
        .await
        .ok()
        .flatten()
        .filter(|p| p.office == office.code && valid_stored(&p.stored))
        .ok_or_else(|| WebError::BadRequest(t.t("import_nothing_pending").into()))?;
    let path = upload_dir(&state).join(&pending.stored);
    let bytes = std::fs::read(&path).map_err(|e| WebError::Internal(format!("the kept upload is gone: {e}")))?;
    let imported = read_upload(&state, &pending.name, bytes.into())
        .await?
        .map_err(|e| WebError::Input(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    let drafts = plan_of(&scoped, &office, &imported, &pending)
        .await?
        .map_err(|e| WebError::BadRequest(e.get(t.0).to_string()))?;
    let year = drafts
        .plans
        .first()
        .map(|p| p.year)
        .unwrap_or(state.config.default_year);
    let unit = drafts.plans.first().map(|p| p.unit.clone()).unwrap_or_default();
    let reason = if form.reason.trim().is_empty() {
        format!("{} {}", t.t("import_reason"), pending.name)
    } else {
        form.reason.trim().to_string()
    };
    scoped
        .import_plans(&office, &drafts.plans, &reason, MergeMode::Apply)
        .await?;
    let _ = std::fs::remove_file(&path);
    let _ = session.remove::<Pending>(PENDING).await;
    Ok(Redirect::to(&format!("/kantor/{}/rencana?unit={unit}&tahun={year}", office.code)).into_response())
}
