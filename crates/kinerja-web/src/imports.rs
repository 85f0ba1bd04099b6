//! Import of the plan an office already has: upload (text of a PDF, OCR markdown, CSV, XLSX) →
//! preview of everything recognised, with every warning and where it is → apply, in one
//! transaction. The uploaded file waits between preview and apply under a generated name that
//! only the uploader's session knows.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kinerja_domain::i18n::Text;
use kinerja_domain::model::Year;
use kinerja_domain::model::{Office, YearPlan, normalise_text};
use kinerja_import::{Imported, PeriodKind};
use kinerja_store::{MergeMode, MergeSummary, Scoped};
use tower_sessions::Session;

use crate::context::{Posted, Signed};
use crate::i18n::Tr;
use crate::pages::Header;
use crate::planning::may_edit;
use crate::{AppState, WebError, check_csrf, csrf_token};

const PENDING: &str = "import_pending";

/// An upload waiting to be applied.
#[derive(serde::Serialize, serde::Deserialize, Clone)]
struct Pending {
    office: String,
    /// Generated name under `<files>/impor/`.
    stored: String,
    /// The name the user's file had.
    name: String,
    /// Polarities chosen in the preview instead of the guess: (indicator text as
    /// `normalise_text` reads it, polarity code).
    #[serde(default)]
    polarities: Vec<(String, String)>,
    year: Option<Year>,
    unit: Option<String>,
}

struct ActionRow {
    text: String,
    marks: Vec<bool>,
    executor: String,
}

struct IndicatorRow {
    text: String,
    /// The text as matched (`normalise_text`): what a polarity choice names.
    key: String,
    /// How it will be measured, shortly: the polarity and roll-up.
    measure: String,
    /// Why that polarity: guessed from the wording (and from which words), or chosen.
    measure_why: String,
    /// The other of higher/lower is better, for the one-click change.
    flip_to: String,
    flip_label: String,
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
    /// The columns' roles taken from what they hold, when the header could not be read.
    inferred: String,
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
    year: Year,
    units: Vec<(String, String)>,
    file: String,
    /// The year and unit asked for with the upload (empty: from the document's title).
    asked_year: String,
    asked_unit: String,
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
    /// A scan's pages with the cells read on them.
    scan_pages: Vec<ScanPageView>,
}

/// A scanned page in the preview: its image (served by `scan_page`) under a box for every cell
/// read, in a 1000-wide view box.
struct ScanPageView {
    n: usize,
    height: u32,
    cells: Vec<CellView>,
}

struct CellView {
    x: u32,
    y: u32,
    w: u32,
    h: u32,
    /// "line 12: text", shown on hover.
    label: String,
}

fn scan_page_views(t: Tr, imported: &Imported) -> Vec<ScanPageView> {
    imported
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.width > 0)
        .map(|(i, p)| {
            let height = (u64::from(p.height) * 1000 / u64::from(p.width.max(1))) as u32;
            let px = |f: f32, of: u32| (f.clamp(0.0, 1.0) * of as f32).round() as u32;
            let cells = p
                .cells
                .iter()
                .map(|c| CellView {
                    x: px(c.left, 1000),
                    y: px(c.top, height),
                    w: px(c.right - c.left, 1000).max(1),
                    h: px(c.bottom - c.top, height).max(1),
                    label: format!("{} {}: {}", t.t("import_line"), c.line, c.text),
                })
                .collect();
            ScanPageView {
                n: i + 1,
                height,
                cells,
            }
        })
        .collect()
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

/// What the planner asked for with the upload, shown again on the form with the preview.
#[derive(Default)]
struct Asked {
    file: String,
    year: Option<Year>,
    unit: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render(
    t: Tr,
    scoped: &Scoped<'_>,
    session: &Session,
    office: &Office,
    year: Year,
    asked: &Asked,
    preview: Option<(&Imported, Result<Outcome, String>)>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let units = scoped.store_units(office.id).await?;
    let previewed = preview.is_some();
    let scan_pages = preview.as_ref().map(|(i, _)| scan_page_views(t, i)).unwrap_or_default();
    let (documents, warnings, blocked, outcome) = match preview {
        None => (vec![], vec![], String::new(), None),
        Some((imported, outcome)) => {
            let (blocked, outcome) = match outcome {
                Ok(o) => (String::new(), Some(o)),
                Err(e) => (e, None),
            };
            let chosen = session
                .get::<Pending>(PENDING)
                .await
                .ok()
                .flatten()
                .filter(|p| p.office == office.code)
                .map(|p| p.polarities)
                .unwrap_or_default();
            (
                views(t, imported, &chosen),
                warning_views(t, imported),
                blocked,
                outcome,
            )
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
        header: Header::of(scoped, csrf_token(session).await?)
            .with_years(scoped, &[office.id], year)
            .await?,
        office: office.name.clone(),
        code: office.code.to_string(),
        year,
        units: units.iter().map(|u| (u.code.clone(), u.name.clone())).collect(),
        file: asked.file.clone(),
        asked_year: asked.year.map(|y| y.to_string()).unwrap_or_default(),
        asked_unit: asked.unit.clone().unwrap_or_default(),
        previewed,
        documents,
        warnings,
        blocked,
        summary,
        skipped,
        kept,
        nothing_to_add,
        scan_pages,
    };
    Ok((status, Html(page.render()?)).into_response())
}

/// The polarity an indicator of the file will have: the planner's choice, else the guess from
/// its wording; and its line for the preview.
fn measure_of(
    t: Tr,
    text: &str,
    target: Option<&str>,
    chosen: &[(String, String)],
) -> (String, String, String, String, String) {
    use kinerja_domain::indicator::{Polarity, guess_polarity, guess_settings};
    let key = normalise_text(text);
    let target = target.and_then(|v| kinerja_domain::value::Value::parse(v).ok());
    let guessed = guess_settings(text, target.as_ref());
    let choice = chosen.iter().find(|(k, _)| *k == key).map(|(_, p)| p.as_str());
    let polarity = match choice {
        Some("lower_is_better") => Polarity::LowerIsBetter,
        Some("higher_is_better") => Polarity::HigherIsBetter,
        _ => guessed.polarity,
    };
    let origin = if choice.is_some() {
        t.t("polarity_chosen").to_string()
    } else {
        let why = match guess_polarity(text).1 {
            "decrease" => t.t("guess_decrease"),
            "counts_a_bad_thing" => t.t("guess_counts_a_bad_thing"),
            "counts_what_was_handled" => t.t("guess_counts_what_was_handled"),
            _ => t.t("guess_default"),
        };
        t.fill("polarity_guessed", why)
    };
    let rollup = match guessed.rollup {
        kinerja_domain::indicator::Rollup::Sum => t.t("rollup_sum"),
        kinerja_domain::indicator::Rollup::Last => t.t("rollup_last"),
        kinerja_domain::indicator::Rollup::Mean => t.t("rollup_mean"),
        kinerja_domain::indicator::Rollup::Max => t.t("rollup_max"),
    };
    let (arrow, label, flip_to, flip_label) = match polarity {
        Polarity::LowerIsBetter => (
            "↓",
            t.t("polarity_lower"),
            "higher_is_better",
            format!("{} ↑", t.t("set_to")),
        ),
        _ => (
            "↑",
            t.t("polarity_higher"),
            "lower_is_better",
            format!("{} ↓", t.t("set_to")),
        ),
    };
    (
        key,
        format!("{arrow} {label} · {rollup}"),
        origin,
        flip_to.to_string(),
        flip_label,
    )
}

fn views(t: Tr, imported: &Imported, chosen: &[(String, String)]) -> Vec<DocumentView> {
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
                at: at(t, d.sheet.as_deref(), None, d.line),
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
                            .map(|i| {
                                let (key, measure, measure_why, flip_to, flip_label) =
                                    measure_of(t, &i.text, i.target.as_deref(), chosen);
                                IndicatorRow {
                                    key,
                                    measure,
                                    measure_why,
                                    flip_to,
                                    flip_label,
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
                                }
                            })
                            .collect(),
                    })
                    .collect(),
                budget: d.budget.iter().map(|b| (b.name.clone(), b.amount.clone())).collect(),
                budget_total: d.stated_budget_total.clone().unwrap_or_default(),
                inferred: d.columns_inferred.clone().unwrap_or_default(),
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

fn at(t: Tr, sheet: Option<&str>, page: Option<usize>, line: usize) -> String {
    match (sheet, page) {
        (Some(s), _) => format!("{s}, {line}"),
        // Line 0: the whole file (a scan read by OCR).
        (None, _) if line == 0 => "—".to_string(),
        (None, Some(p)) => format!("{line} ({} {p})", t.t("import_page")),
        (None, None) => line.to_string(),
    }
}

fn warning_views(t: Tr, imported: &Imported) -> Vec<WarningView> {
    imported
        .warnings
        .iter()
        .map(|w| WarningView {
            at: at(t, w.sheet.as_deref(), w.page, w.line),
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
    let polarities: Vec<(String, kinerja_domain::indicator::Polarity)> = pending
        .polarities
        .iter()
        .filter_map(|(k, p)| Some((k.clone(), p.parse().ok()?)))
        .collect();
    let request = kinerja_import::plan::Request {
        office,
        units: &units,
        plans: &plans,
        unit: pending.unit.as_deref(),
        year: pending.year,
        source: &pending.name,
        polarities: &polarities,
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
/// The units' plans a merge writes, by the units' names ("Subbagian Umum 2025").
fn plans_named(drafts: &kinerja_import::plan::Drafts, units: &[kinerja_domain::model::Unit]) -> Vec<String> {
    drafts
        .plans
        .iter()
        .map(|p| {
            let name = units
                .iter()
                .find(|u| u.code == p.unit)
                .map_or(p.unit.as_str(), |u| u.name.as_str());
            format!("{name} {}", p.year)
        })
        .collect()
}

fn outcome_of(
    t: Tr,
    drafts: &kinerja_import::plan::Drafts,
    merge: &MergeSummary,
    units: &[kinerja_domain::model::Unit],
) -> Outcome {
    let units = plans_named(drafts, units);
    Outcome {
        summary: merge_summary(t, &units, merge, false),
        ..kept_of(t, drafts, merge)
    }
}

/// What a merge adds, completes and leaves, for the units' plans `units`: to be done (a
/// preview) or `done` (after applying).
fn merge_summary(t: Tr, units: &[String], m: &MergeSummary, done: bool) -> String {
    use kinerja_domain::i18n::Lang;
    match (t.0, m.plans_changed, done) {
        (Lang::Id, 0, false) => format!(
            "Semua isi berkas sudah ada di rencana ({}): tidak ada yang akan ditambahkan.",
            units.join("; ")
        ),
        (Lang::En, 0, false) => format!(
            "Everything in the file is already in the plan ({}): nothing will be added.",
            units.join("; ")
        ),
        (Lang::Id, 0, true) => format!(
            "Semua isi berkas sudah ada di rencana ({}): tidak ada yang ditambahkan.",
            units.join("; ")
        ),
        (Lang::En, 0, true) => format!(
            "Everything in the file was already in the plan ({}): nothing was added.",
            units.join("; ")
        ),
        (Lang::Id, _, _) => format!(
            "{} {} rencana unit ({}): {} sasaran, {} indikator, {} kegiatan, {} baris anggaran; \
             {} indikator dan {} kegiatan yang ada dilengkapi. Sudah ada dan tidak ditulis ulang: {} sasaran, {} indikator, {} kegiatan, {} baris anggaran.",
            if done { "Ditambahkan ke" } else { "Akan ditambahkan ke" },
            m.plans,
            units.join("; "),
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
        (Lang::En, _, _) => format!(
            "{} {} unit plans ({}): {} objectives, {} indicators, {} actions, {} budget lines; \
             {} existing indicators and {} existing actions completed. Already there and not written again: {} objectives, {} indicators, {} actions, {} budget lines.",
            if done { "Added to" } else { "To be added to" },
            m.plans,
            units.join("; "),
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
    }
}

/// The stored values a merge kept against the file's, and the tables it skipped.
fn kept_of(t: Tr, drafts: &kinerja_import::plan::Drafts, m: &MergeSummary) -> Outcome {
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
        summary: String::new(),
        nothing_to_add: m.plans_changed == 0,
        skipped: drafts.skipped.iter().map(|s| s.get(t.0).to_string()).collect(),
        kept,
    }
}

pub async fn page(ctx: Signed, Path(code): Path<String>) -> Result<Response, WebError> {
    let session = &ctx.session;
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let office = office_for_planner(&scoped, &code).await?;
    render(
        t,
        &scoped,
        session,
        &office,
        ctx.year(None).await?,
        &Asked::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The upload: read, kept for applying, and shown.
pub async fn preview(ctx: Signed, Path(code): Path<String>, req: axum::extract::Request) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let mut multipart = Multipart::from_request(req, &state)
        .await
        .map_err(|e| WebError::BadRequest(e.body_text()))?;
    let too_large = crate::extract::multipart_error;
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
    check_csrf(session, &csrf).await?;
    if !may_edit(&scoped, office.id) {
        return Err(forbidden());
    }
    let shown_year = crate::context::chosen_year(session, state.config.default_year, year).await?;
    if bytes.is_empty() {
        return render(
            t,
            &scoped,
            session,
            &office,
            shown_year,
            &Asked {
                file: String::new(),
                year,
                unit,
            },
            Some((&Imported::default(), Err(t.t("import_no_file").to_string()))),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let imported = match read_upload(state, &name, bytes.clone(), &office, year).await? {
        Ok(i) => i,
        Err(e) => {
            return render(
                t,
                &scoped,
                session,
                &office,
                shown_year,
                &Asked { file: name, year, unit },
                Some((&Imported::default(), Err(e.get(t.0).to_string()))),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let stored = format!("{:032x}", tower_sessions::session::Id::default().0 as u128);
    let dir = upload_dir(state);
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join(&stored), &bytes))
        .map_err(|e| WebError::Internal(format!("the upload could not be kept for applying: {e}")))?;
    // A scan's page images, kept beside it for the preview to show.
    for (i, p) in imported.pages.iter().enumerate().filter(|(_, p)| !p.png.is_empty()) {
        let _ = std::fs::write(page_path(state, &stored, i + 1), &p.png);
    }
    // What was read, kept beside it (a cache: without it the upload is read again).
    if let Ok(json) = serde_json::to_vec(&imported) {
        let _ = std::fs::write(read_path(state, &stored), json);
    }
    let pending = Pending {
        office: office.code.to_string(),
        stored,
        name: name.clone(),
        year,
        unit,
        polarities: vec![],
    };
    // A previous upload not applied is forgotten, and its file removed.
    if let Ok(Some(old)) = session.get::<Pending>(PENDING).await
        && valid_stored(&old.stored)
    {
        remove_kept(state, &old.stored);
    }
    session
        .insert(PENDING, pending.clone())
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    // Without a year asked for, the page shows the year the document is for.
    let shown_year = match (year, imported.documents.iter().find_map(|d| d.year)) {
        (None, Some(of_document)) => of_document,
        _ => shown_year,
    };
    show(t, &scoped, session, &office, &pending, &imported, shown_year).await
}

/// The preview of a pending upload: what it holds and what applying it would do, computed by
/// the merge itself in a transaction that is rolled back.
async fn show(
    t: Tr,
    scoped: &Scoped<'_>,
    session: &Session,
    office: &Office,
    pending: &Pending,
    imported: &Imported,
    shown_year: Year,
) -> Result<Response, WebError> {
    let outcome = match plan_of(scoped, office, imported, pending).await? {
        Ok(drafts) => {
            let reason = format!("{} {}", t.t("import_reason"), pending.name);
            match scoped
                .import_plans(office, &drafts.plans, &reason, MergeMode::Preview)
                .await
            {
                Ok(merge) => Ok(outcome_of(t, &drafts, &merge, &scoped.store_units(office.id).await?)),
                Err(kinerja_store::StoreError::Invalid(e)) => Err(e),
                Err(kinerja_store::StoreError::Rejected(e)) => Err(e.get(t.0).to_string()),
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => Err(e.get(t.0).to_string()),
    };
    render(
        t,
        scoped,
        session,
        office,
        shown_year,
        &Asked {
            file: pending.name.clone(),
            year: pending.year,
            unit: pending.unit.clone(),
        },
        Some((imported, outcome)),
        StatusCode::OK,
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct PolarityForm {
    /// The indicator, by its text as matched.
    #[serde(default)]
    teks: String,
    #[serde(default)]
    polarity: String,
}

/// One click in the preview: an indicator of the file will be measured the other way than its
/// wording suggested. Kept with the pending upload and shown again.
pub async fn choose_polarity(
    Path(code): Path<String>,
    Posted { ctx, form }: Posted<PolarityForm>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let office = office_for_planner(&scoped, &code).await?;
    let polarity: kinerja_domain::indicator::Polarity = form
        .polarity
        .parse()
        .map_err(|e: String| crate::extract::field_error("polarity", Text::new(e.clone(), e)))?;
    let mut pending = session
        .get::<Pending>(PENDING)
        .await
        .ok()
        .flatten()
        .filter(|p| p.office == office.code && valid_stored(&p.stored))
        .ok_or_else(|| WebError::BadRequest(t.t("import_nothing_pending").into()))?;
    let key = normalise_text(&form.teks);
    pending.polarities.retain(|(k, _)| *k != key);
    pending.polarities.push((key, polarity.code().to_string()));
    session
        .insert(PENDING, pending.clone())
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let imported = read_pending(state, &pending, &office).await?;
    let shown_year = crate::context::chosen_year(session, state.config.default_year, pending.year).await?;
    // Without a year asked for, the page shows the year the document is for.
    let shown_year = match (pending.year, imported.documents.iter().find_map(|d| d.year)) {
        (None, Some(of_document)) => of_document,
        _ => shown_year,
    };
    show(t, &scoped, session, &office, &pending, &imported, shown_year).await
}

#[derive(serde::Deserialize)]
pub struct ApplyForm {
    #[serde(default)]
    reason: String,
}

/// Reads an upload on a blocking worker, at most `CONCURRENT_IMPORTS` at once (each may hold a
/// 16 MB file and what it unpacks to, or a scan's pages under OCR): the server's threads stay
/// free, its memory bounded. Tables that look like another office's or year's are warned of.
async fn read_upload(
    state: &AppState,
    name: &str,
    bytes: axum::body::Bytes,
    office: &Office,
    year: Option<Year>,
) -> Result<Result<Imported, kinerja_import::Text>, WebError> {
    let _permit = state
        .imports
        .acquire()
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let name = name.to_string();
    let started = std::time::Instant::now();
    let read = tokio::task::spawn_blocking(move || kinerja_import::read_file(&name, &bytes))
        .await
        .map_err(|e| WebError::Internal(format!("the import failed: {e}")))?;
    let outcome = if read.is_ok() { "ok" } else { "refused" };
    state.metrics.import(outcome, started.elapsed());
    Ok(read.map(|mut imported| {
        let names = [office.name.as_str(), office.full_name.as_str()];
        let foreign = kinerja_import::plan::foreign(&imported, &names, year);
        imported.warnings.extend(foreign);
        imported
    }))
}

/// What the kept upload was read into, saved beside it: a scan is read by OCR once, not again
/// for every choice in its preview and for applying it.
fn read_path(state: &AppState, stored: &str) -> std::path::PathBuf {
    upload_dir(state).join(format!("{stored}.json"))
}

/// A scan's page image kept beside the upload.
fn page_path(state: &AppState, stored: &str, n: usize) -> std::path::PathBuf {
    upload_dir(state).join(format!("{stored}.{n}.png"))
}

/// An upload and everything kept beside it, removed.
fn remove_kept(state: &AppState, stored: &str) {
    let _ = std::fs::remove_file(upload_dir(state).join(stored));
    let _ = std::fs::remove_file(read_path(state, stored));
    for n in 1..=kinerja_import::scan::MAX_SCAN_PAGES {
        let _ = std::fs::remove_file(page_path(state, stored, n));
    }
}

/// A page image of the scan this session is previewing for this office (`n` from 1).
pub async fn scan_page(ctx: Signed, Path((code, n)): Path<(String, usize)>) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let office = office_for_planner(&scoped, &code).await?;
    let pending = ctx
        .session
        .get::<Pending>(PENDING)
        .await
        .ok()
        .flatten()
        .filter(|p| p.office == office.code && valid_stored(&p.stored))
        .ok_or(WebError::NotFound)?;
    if !(1..=kinerja_import::scan::MAX_SCAN_PAGES).contains(&n) {
        return Err(WebError::NotFound);
    }
    let png = std::fs::read(page_path(&ctx.state, &pending.stored, n)).map_err(|_| WebError::NotFound)?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/png"),
            (axum::http::header::CACHE_CONTROL, "private, no-store"),
        ],
        png,
    )
        .into_response())
}

/// The pending upload as it was read: from what was saved beside it, else read again.
async fn read_pending(state: &AppState, pending: &Pending, office: &Office) -> Result<Imported, WebError> {
    if let Some(imported) = std::fs::read(read_path(state, &pending.stored))
        .ok()
        .and_then(|b| serde_json::from_slice::<Imported>(&b).ok())
    {
        return Ok(imported);
    }
    let bytes = std::fs::read(upload_dir(state).join(&pending.stored))
        .map_err(|e| WebError::Internal(format!("the kept upload is gone: {e}")))?;
    read_upload(state, &pending.name, bytes.into(), office, pending.year)
        .await?
        .map_err(|e| WebError::Input(StatusCode::UNPROCESSABLE_ENTITY, e))
}

/// The session key of what the last import wrote, for the plan page to say once.
pub(crate) const IMPORTED: &str = "imported";

/// Applies the upload this session previewed for this office.
pub async fn apply(Path(code): Path<String>, Posted { ctx, form }: Posted<ApplyForm>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    let office = office_for_planner(&scoped, &code).await?;
    let pending = session
        .get::<Pending>(PENDING)
        .await
        .ok()
        .flatten()
        .filter(|p| p.office == office.code && valid_stored(&p.stored))
        .ok_or_else(|| WebError::BadRequest(t.t("import_nothing_pending").into()))?;
    let path = upload_dir(state).join(&pending.stored);
    let imported = read_pending(state, &pending, &office).await?;
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
    let merge = scoped
        .import_plans(&office, &drafts.plans, &reason, MergeMode::Apply)
        .await?;
    let _ = std::fs::remove_file(&path);
    remove_kept(state, &pending.stored);
    let _ = session.remove::<Pending>(PENDING).await;
    // The plan page says what was written, once.
    let units = plans_named(&drafts, &scoped.store_units(office.id).await?);
    let written = format!("{}: {}", pending.name, merge_summary(t, &units, &merge, true));
    session
        .insert(IMPORTED, written)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(Redirect::to(&format!(
        "/kantor/{}/rencana?unit={unit}&tahun={year}&diimpor=1",
        office.code
    ))
    .into_response())
}
