//! Kinerja's web application. Every page is reached through a [`Scoped`] store built from the
//! signed-in user, so a handler cannot read or change what the user may not.
//!
//! Everything it serves (templates, CSS, htmx) is compiled into the binary: no CDN, offices run
//! offline. Indonesian by default.

use kinerja_domain::model::Year;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::context::{Posted, Signed};
use crate::extract::{Form, Query};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Router, middleware};
use axum_login::{AuthManagerLayerBuilder, AuthSession, AuthnBackend};
use kinerja_domain::achievement::{self, Basis, Span};
use kinerja_store::{Scoped, Store, StoreError};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

mod admin;
pub mod anon;
pub mod api;
pub mod auth;
pub mod client;
mod context;
mod deadlines;
mod documents;
mod evaluation;
pub mod evidence;
pub mod extract;
mod frozen;
mod history;
pub mod i18n;
mod imports;
mod limits;
pub mod mail;
pub mod metrics;
mod monitoring;
mod notices;
mod operations;
mod oversight;
mod pages;
mod planning;
mod second_factor;
mod tasks;
mod throttle;
mod values;

use auth::{Backend, Credentials, StoreSessions};
use i18n::Tr;
use kinerja_domain::i18n::Lang;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The year pages show when none is asked for.
    pub default_year: Year,
    /// Send session cookies only over HTTPS (off for an office's plain-HTTP network).
    pub secure_cookies: bool,
    /// Where evidence files are kept (outside anything served as-is).
    pub files: evidence::FileStore,
    /// The largest evidence file accepted, in bytes.
    pub max_upload_bytes: usize,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: client::TrustedProxies,
    /// Where notifications are sent by e-mail (none: shown in the app only).
    pub mail: Option<mail::Smtp>,
    /// The hour of an office's day (0–23) from which its daily reminder is stored.
    pub remind_from_hour: i64,
    /// How long the oversight list waits for figures being recomputed before it shows the ones
    /// it has, saying so (`kinerja serve --oversight-wait-ms`).
    pub oversight_wait: std::time::Duration,
    /// The bearer token `/metrics` asks for on the main address (none: 404 there).
    pub metrics_token: Option<String>,
    /// The address people open Kinerja at (`https://kinerja.kpu.go.id`): the verification
    /// links printed on final documents, and e-mails' links. Without it, the address a request
    /// came to.
    pub public_url: Option<String>,
    /// Roles that must sign in with a second factor in every office (besides each office's own
    /// rule): `kinerja serve --require-second-factor`.
    pub second_factor_roles: Vec<kinerja_domain::access::Role>,
}

impl Config {
    /// 10 MB: a scanned letter or a photographed attendance list fits; a video does not.
    pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

    /// The settings `kinerja serve` starts with: pages of `default_year`, evidence files under
    /// `files`, everything else as documented on its options.
    pub fn new(default_year: Year, files: impl Into<std::path::PathBuf>) -> Config {
        Config {
            default_year,
            secure_cookies: false,
            files: evidence::FileStore::new(files),
            max_upload_bytes: Self::DEFAULT_MAX_UPLOAD_BYTES,
            trusted_proxies: client::TrustedProxies::default(),
            mail: None,
            remind_from_hour: mail::REMIND_FROM_HOUR,
            oversight_wait: oversight::PAGE_WAIT,
            metrics_token: None,
            second_factor_roles: vec![],
            public_url: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Config,
    throttle: Arc<throttle::Throttle>,
    /// Signs the sign-in form's token before any session exists (see `anon`).
    form_key: anon::FormKey,
    /// Imports read at once: each may hold a 16 MB file and what it unpacks to.
    pub(crate) imports: Arc<tokio::sync::Semaphore>,
    /// Documents rendered at once (see `documents::download`).
    pub(crate) renders: Arc<tokio::sync::Semaphore>,
    /// Office lists and year plans, checked against the store's data versions on every use.
    cache: Arc<kinerja_store::cache::Cache>,
    /// Per-office figures of the oversight list, by year (see `oversight`).
    summaries: Arc<oversight::Summaries>,
    /// Rendered dashboard contents (see `pages::office_body`).
    dashboards: Arc<Dashboards>,
    /// What the operators watch (`/metrics`).
    pub metrics: Arc<metrics::Metrics>,
}

type DashboardKey = (kinerja_domain::model::OfficeId, Year, &'static str);
type DashboardEntry = (i64, kinerja_domain::date::Date, Arc<String>);

/// Dashboard contents by office, year and language, with the data version and day they were
/// drawn for: redrawn when either moves.
#[derive(Default)]
struct Dashboards {
    entries: std::sync::Mutex<std::collections::HashMap<DashboardKey, DashboardEntry>>,
}

impl Dashboards {
    /// More than this and the whole cache is dropped (it refills with what is being looked at).
    const MAX: usize = 512;

    fn get(&self, key: DashboardKey, version: i64, today: kinerja_domain::date::Date) -> Option<Arc<String>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|(v, d, _)| *v == version && *d == today)
            .map(|(_, _, body)| body.clone())
    }

    fn put(&self, key: DashboardKey, version: i64, today: kinerja_domain::date::Date, body: Arc<String>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= Self::MAX {
            entries.clear();
        }
        entries.insert(key, (version, today, body));
    }
}

pub(crate) type Auth = AuthSession<Backend>;

#[derive(rust_embed::Embed)]
#[folder = "assets/"]
struct Assets;

/// What a handler may fail with, as the user sees it.
#[derive(Debug)]
pub enum WebError {
    NotFound,
    /// Why, in both languages.
    Forbidden(kinerja_domain::i18n::Text),
    BadRequest(String),
    /// Input refused, saying what and where in both languages (422 for a value the store
    /// refuses, 400 for a request no form makes).
    Input(StatusCode, kinerja_domain::i18n::Text),
    /// A request body over the upload limit.
    TooLarge,
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } => WebError::NotFound,
            StoreError::Forbidden(t) => WebError::Forbidden(t),
            StoreError::Invalid(m) => WebError::BadRequest(m),
            StoreError::Rejected(t) => WebError::Input(StatusCode::UNPROCESSABLE_ENTITY, t),
            conflict @ StoreError::Conflict { .. } => WebError::BadRequest(conflict.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(e.to_string())
    }
}

/// An error page still to be written in the user's language (see [`localise_errors`]).
#[derive(Clone)]
struct ErrorPage {
    status: StatusCode,
    message: Arc<dyn Fn(Tr) -> String + Send + Sync>,
}

impl WebError {
    fn page(self) -> ErrorPage {
        let (status, message): (StatusCode, Arc<dyn Fn(Tr) -> String + Send + Sync>) = match self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                Arc::new(|t: Tr| t.t("err_not_found").to_string()),
            ),
            WebError::Forbidden(text) => (StatusCode::FORBIDDEN, Arc::new(move |t: Tr| text.get(t.0).to_string())),
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, Arc::new(move |_| m.clone())),
            WebError::Input(status, text) => (status, Arc::new(move |t: Tr| text.get(t.0).to_string())),
            WebError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                Arc::new(|t: Tr| t.t("err_request_too_large").to_string()),
            ),
            WebError::Internal(m) => {
                tracing::error!(error = %m, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Arc::new(|t: Tr| t.t("err_internal").to_string()),
                )
            }
        };
        ErrorPage { status, message }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        // Indonesian here; `localise_errors` rewrites it in the user's language.
        let page = self.page();
        let status = page.status;
        let body = pages::error_page(Tr(Lang::Id), status.as_u16(), &(page.message)(Tr(Lang::Id)));
        let mut res = (status, body).into_response();
        res.extensions_mut().insert(page);
        res
    }
}

/// Error pages in the language of the user (or of the language cookie, before sign-in).
async fn localise_errors(auth: Auth, req: axum::extract::Request, next: middleware::Next) -> Response {
    let anonymous = anon::lang(req.headers());
    let res = next.run(req).await;
    let Some(page) = res.extensions().get::<ErrorPage>().cloned() else {
        return res;
    };
    let t = auth.user.as_ref().map_or(anonymous, |u| Tr(u.user.lang));
    if t.0 == Lang::Id {
        return res;
    }
    let (parts, _) = res.into_parts();
    let body = pages::error_page(t, page.status.as_u16(), &(page.message)(t));
    (parts, body).into_response()
}

/// The application's routes with sessions, sign-in and security headers.
pub async fn router(store: Arc<dyn Store>, config: Config) -> Result<Router, StoreError> {
    Ok(app(AppState::new(store, config).await?))
}

/// How many imports are read at once.
const CONCURRENT_IMPORTS: usize = 2;
/// How many documents are rendered at once.
const CONCURRENT_RENDERS: usize = 2;

impl AppState {
    pub async fn new(store: Arc<dyn Store>, config: Config) -> Result<Self, StoreError> {
        let form_key = anon::FormKey::new(store.server_secret(anon::KEY_NAME).await?);
        let summaries = Arc::new(oversight::Summaries::new(config.oversight_wait));
        Ok(AppState {
            store,
            config,
            throttle: Arc::new(throttle::Throttle::default()),
            form_key,
            imports: Arc::new(tokio::sync::Semaphore::new(CONCURRENT_IMPORTS)),
            renders: Arc::new(tokio::sync::Semaphore::new(CONCURRENT_RENDERS)),
            cache: Arc::new(kinerja_store::cache::Cache::new(32)),
            summaries,
            dashboards: Arc::new(Dashboards::default()),
            metrics: Arc::new(metrics::Metrics::default()),
        })
    }
}

/// Every route of the application, its path and what answers it: the router is built from
/// this table, and the tests walk it (every route tried by a user of another office, every
/// route posted to without a valid CSRF token), so a route cannot be added unseen.
fn routes(upload_limit: usize) -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/", get(home)),
        ("/masuk", get(sign_in_page).post(sign_in)),
        (
            "/masuk/kode",
            get(second_factor::code_page).post(second_factor::code_submit),
        ),
        (
            second_factor::ACCOUNT,
            get(second_factor::account_page).post(second_factor::account_save),
        ),
        ("/keluar", post(sign_out)),
        ("/sandi", get(password_page).post(change_password)),
        ("/bahasa", post(switch_lang)),
        ("/tugas", get(tasks::page)),
        ("/pengawasan/unduh/{format}", get(oversight_export)),
        ("/notifikasi", get(notices::page).post(notices::save)),
        ("/kantor/{code}", get(office_page)),
        (
            "/kantor/{code}/pantau",
            get(monitoring::page)
                .post(monitoring::save)
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        ),
        ("/kantor/{code}/bukti/{name}", get(monitoring::download)),
        ("/kantor/{code}/batas", get(deadlines::page).post(deadlines::save)),
        ("/kantor/{code}/riwayat", get(history::page)),
        ("/kantor/{code}/evaluasi", get(evaluation::page)),
        (
            "/kantor/{code}/evaluasi/komponen/{component}",
            get(evaluation::component_page).post(evaluation::component_save),
        ),
        ("/kantor/{code}/evaluasi/tinjau", post(evaluation::step)),
        ("/kantor/{code}/evaluasi/unduh/{file}", get(evaluation::download)),
        (
            "/kantor/{code}/evaluasi/bukti",
            post(evaluation::evidence_save).layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        ),
        (
            "/kantor/{code}/evaluasi/bukti/{name}",
            get(evaluation::evidence_download),
        ),
        ("/kantor/{code}/evaluasi/rekomendasi", post(evaluation::recommendation)),
        ("/kantor/{code}/dokumen", get(documents::page)),
        ("/kantor/{code}/dokumen/final", post(frozen::freeze)),
        (
            "/kantor/{code}/dokumen/final/{id}",
            get(frozen::download).post(frozen::publish),
        ),
        (
            "/kantor/{code}/dokumen/final/{id}/ttd",
            post(frozen::attach_signed).layer(axum::extract::DefaultBodyLimit::max(
                frozen::MAX_SIGNED_BYTES + 64 * 1024,
            )),
        ),
        ("/verifikasi/{code}", get(frozen::verify)),
        ("/publik/{code}", get(frozen::public_list)),
        ("/publik/{code}/{id}", get(frozen::public_download)),
        ("/kantor/{code}/dokumen/{file}", get(documents::download)),
        (
            "/kantor/{code}/lkj",
            get(documents::narratives_page).post(documents::narratives_save),
        ),
        (
            "/kantor/{code}/impor",
            get(imports::page)
                .post(imports::preview)
                .layer(axum::extract::DefaultBodyLimit::max(
                    kinerja_import::limits::MAX_FILE_BYTES + 64 * 1024,
                )),
        ),
        ("/kantor/{code}/impor/terapkan", post(imports::apply)),
        ("/kantor/{code}/impor/arah", post(imports::choose_polarity)),
        ("/kantor/{code}/impor/halaman/{n}", get(imports::scan_page)),
        ("/kantor/{code}/rencana", get(planning::page).post(planning::save)),
        ("/kantor/{code}/rencana/hapus", get(planning::confirm_delete)),
        (
            "/kantor/{code}/rencana/rak",
            get(planning::rak_page).post(planning::rak_save),
        ),
        (
            "/kantor/{code}/renstra",
            get(planning::renstra_page).post(planning::renstra_save),
        ),
        ("/kantor/{code}/pengguna", get(admin::page).post(admin::save)),
        ("/kantor/{code}/pantau/status", post(monitoring::status)),
        ("/kantor/{code}/pantau/kegiatan", post(monitoring::action)),
        ("/kantor/{code}/pantau/komentar", post(monitoring::comment)),
        ("/api/v1/openapi.json", get(api::openapi)),
        ("/api/v1/offices", get(api::offices)),
        ("/api/v1/offices/{code}", get(api::office)),
        ("/api/v1/offices/{code}/plan", get(api::plan)),
        (
            "/api/v1/offices/{code}/realisations",
            get(api::realisations).post(api::save_realisation),
        ),
        ("/api/v1/offices/{code}/achievement", get(api::achievement)),
        ("/api/v1/offices/{code}/reporting", get(api::reporting_status)),
        ("/api/v1/evaluations", get(api::evaluation_grades)),
        ("/pengawasan/evaluasi", get(evaluation::grades_page)),
        (
            "/pengawasan/evaluasi/jadwal",
            get(evaluation::schedule::page).post(evaluation::schedule::save),
        ),
        ("/api/v1/{*rest}", get(api::not_found).post(api::not_found)),
        ("/healthz", get(|| async { "ok" })),
        ("/readyz", get(operations::readyz)),
        ("/metrics", get(metrics::guarded)),
        ("/assets/{*path}", get(asset)),
    ]
}

/// The paths of [`routes`], for the tests that walk every route.
pub fn route_paths() -> Vec<&'static str> {
    routes(0).into_iter().map(|(path, _)| path).collect()
}

fn app(state: AppState) -> Router {
    let store = state.store.clone();
    let config = state.config.clone();
    let sessions = SessionManagerLayer::new(StoreSessions { store: store.clone() })
        .with_name("kinerja_sesi")
        .with_secure(config.secure_cookies)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    let auth = AuthManagerLayerBuilder::new(Backend { store: store.clone() }, sessions).build();
    // Every file of a save at the limit, and the form around them.
    let upload_limit = config.max_upload_bytes * monitoring::MAX_FILES_PER_SAVE + 256 * 1024;
    let header =
        |name, value: &'static str| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    routes(upload_limit)
        .into_iter()
        .fold(Router::new(), |router, (path, method)| router.route(path, method))
        .layer(middleware::from_fn(no_store_for_pages))
        .layer(middleware::from_fn(localise_errors))
        .layer(auth)
        .layer(middleware::from_fn(extract::reject_bad_urls))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        ))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        // A panic in a handler is a bug; it answers 500 and the server goes on serving.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(operations::request_span)
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(middleware::from_fn(operations::request_id))
        .with_state(state)
}

/// The answer to a request whose handler panicked (logged; the page says only that it failed).
fn panicked(e: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = e
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| e.downcast_ref::<&str>().copied())
        .unwrap_or("?");
    tracing::error!(panic = what, "a request panicked");
    let body = pages::error_page(Tr(Lang::Id), 500, Tr(Lang::Id).t("err_internal"));
    (StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
}

/// Pages carry office data: browsers must not keep them after sign-out.
async fn no_store_for_pages(req: axum::extract::Request, next: middleware::Next) -> Response {
    let is_asset = req.uri().path().starts_with("/assets/");
    let mut res = next.run(req).await;
    if !is_asset {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Serves until `shutdown` completes; requests under way finish first. With `metrics`, that
/// address serves `/metrics` alone, without a token.
pub async fn serve(
    store: Arc<dyn Store>,
    config: Config,
    listener: tokio::net::TcpListener,
    metrics: Option<tokio::net::TcpListener>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = AppState::new(store, config)
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    tokio::spawn(operations::housekeeping(state.store.clone(), state.metrics.clone()));
    tokio::spawn(mail::run(
        state.store.clone(),
        state.config.mail.clone(),
        state.config.remind_from_hour,
        state.metrics.clone(),
    ));
    let metrics = metrics.map(|listener| {
        let router = Router::new()
            .route("/metrics", get(metrics::open))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, router).await })
    });
    // The oversight figures of the default year, computed before anyone asks for them.
    let (summaries, store, year) = (state.summaries.clone(), state.store.clone(), state.config.default_year);
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match summaries.warm(store.as_ref(), year).await {
            Ok(()) => tracing::info!(
                year = year.get(),
                seconds = started.elapsed().as_secs_f64(),
                "oversight figures ready"
            ),
            Err(e) => tracing::warn!(year = year.get(), error = ?e, "oversight figures not computed ahead"),
        }
    });
    // While someone looks at an oversight list, its figures are kept current in the background.
    let keeper = tokio::spawn(
        state
            .summaries
            .clone()
            .keep_current(state.store.clone(), oversight::KEEP_EVERY),
    );
    let app = app(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    keeper.abort();
    if let Some(task) = metrics {
        task.abort();
    }
    served
}

async fn asset(Path(path): Path<String>) -> Response {
    match Assets::get(&path) {
        Some(file) => {
            let mime = if path.ends_with(".css") {
                "text/css; charset=utf-8"
            } else if path.ends_with(".js") {
                "text/javascript; charset=utf-8"
            } else if path.ends_with(".svg") {
                "image/svg+xml"
            } else if path.ends_with(".ttf") {
                "font/ttf"
            } else {
                "application/octet-stream"
            };
            (
                [
                    (header::CONTENT_TYPE, mime),
                    (header::CACHE_CONTROL, "public, max-age=86400"),
                ],
                file.data,
            )
                .into_response()
        }
        None => WebError::NotFound.into_response(),
    }
}

const CSRF_KEY: &str = "csrf";

/// The session's CSRF token, made on first use.
pub(crate) async fn csrf_token(session: &Session) -> Result<String, WebError> {
    if let Some(t) = session
        .get::<String>(CSRF_KEY)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
    {
        return Ok(t);
    }
    let token = tower_sessions::session::Id::default().to_string();
    session
        .insert(CSRF_KEY, &token)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(token)
}

/// The refusal of a form without a valid token.
pub(crate) fn csrf_refused() -> WebError {
    WebError::Forbidden(kinerja_domain::i18n::Text::new(
        Tr(Lang::Id).t("err_csrf"),
        Tr(Lang::En).t("err_csrf"),
    ))
}

/// Refuses a state-changing request whose form does not carry the session's token.
pub(crate) async fn check_csrf(session: &Session, sent: &str) -> Result<(), WebError> {
    let expected = session
        .get::<String>(CSRF_KEY)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    match expected {
        Some(t) if !sent.is_empty() && t == sent => Ok(()),
        _ => Err(csrf_refused()),
    }
}

pub(crate) async fn scoped<'a>(state: &'a AppState, auth: &Auth) -> Result<Option<Scoped<'a>>, WebError> {
    match &auth.user {
        Some(u) => Ok(Some(
            Scoped::for_user_cached(state.store.as_ref(), state.cache.as_ref(), u.user.clone()).await?,
        )),
        None => Ok(None),
    }
}

#[derive(serde::Deserialize)]
struct LangForm {
    lang: String,
    #[serde(default)]
    csrf: String,
}

/// Switches the interface language: remembered for the user, or in a cookie before sign-in.
async fn switch_lang(
    State(state): State<AppState>,
    auth: Auth,
    session: Session,
    headers: axum::http::HeaderMap,
    Form(form): Form<LangForm>,
) -> Result<Response, WebError> {
    let lang: Lang = form.lang.parse().map_err(WebError::BadRequest)?;
    let scoped = scoped(&state, &auth).await?;
    match &scoped {
        Some(scoped) => {
            check_csrf(&session, &form.csrf).await?;
            scoped.set_own_lang(lang).await?;
        }
        None => anon::check(&state.form_key, &headers, &form.csrf)?,
    }
    // Back to the page the switch was on (only a path of ours, never another site).
    let back = headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.find("://").map(|i| &r[i + 3..]))
        .and_then(|r| r.find('/').map(|i| r[i..].to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_string());
    let mut res = Redirect::to(&back).into_response();
    if scoped.is_none() {
        res.headers_mut()
            .append(header::SET_COOKIE, anon::lang_cookie(lang, state.config.secure_cookies));
    }
    Ok(res)
}

#[derive(serde::Deserialize)]
struct YearQuery {
    #[serde(default, rename = "tahun", deserialize_with = "crate::extract::opt_year")]
    year: Option<Year>,
}

async fn home(ctx: Signed, Query(q): Query<oversight::OversightQuery>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let offices = scoped.offices().await?;
    if offices.len() == 1 {
        return Ok(Redirect::to(&format!("/kantor/{}?tahun={year}", offices[0].code)).into_response());
    }
    let own: Vec<_> = scoped.user().grants.iter().map(|g| g.office).collect();
    let header = pages::Header::of(&scoped, csrf_token(session).await?)
        .with_years(&scoped, &own, year)
        .await?;
    let t = ctx.t;
    Ok(Html(oversight::page(t, &state.store, &scoped, &state.summaries, year, &q, header).await?).into_response())
}

/// The oversight list as a file (`csv` or `xlsx`), filtered and sorted as on the page.
async fn oversight_export(
    ctx: Signed,
    Path(format): Path<String>,
    Query(q): Query<oversight::OversightQuery>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let (bytes, mime, name) =
        oversight::export(ctx.t, &state.store, &scoped, &state.summaries, year, &q, &format).await?;
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The sign-in page. Nothing is stored for the visitor: the form's token is signed with the
/// nonce of a cookie (see `anon`).
async fn sign_in_page(
    State(state): State<AppState>,
    auth: Auth,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    if auth.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    sign_in_form(&state, &headers, "", None, StatusCode::OK)
}

/// The sign-in form, with the visitor's token (and the cookie it comes from, when new).
pub(crate) fn sign_in_form(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    login: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let form = anon::form(&state.form_key, headers, state.config.secure_cookies);
    let page = pages::sign_in(anon::lang(headers), login, error, &form.token)?;
    let mut res = (status, Html(page)).into_response();
    if let Some(cookie) = form.set_cookie {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(res)
}

#[derive(serde::Deserialize)]
struct SignInForm {
    login: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

/// "40 detik", "3 menit": a wait for people.
pub(crate) fn wait_label(t: Tr, wait: std::time::Duration) -> String {
    let secs = wait.as_millis().div_ceil(1000).max(1);
    if secs < 60 {
        t.fill("seconds_n", secs)
    } else {
        t.fill("minutes_n", secs.div_ceil(60))
    }
}

async fn sign_in(
    State(state): State<AppState>,
    client::ClientAddr(address): client::ClientAddr,
    mut auth: Auth,
    headers: axum::http::HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, WebError> {
    anon::check(&state.form_key, &headers, &form.csrf)?;
    let t = anon::lang(&headers);
    let login: String = form
        .login
        .chars()
        .take(kinerja_domain::input::Field::Login.max_chars())
        .collect();
    if let Some(wait) = state.throttle.refused(&login, address) {
        let message = t.fill("err_throttled", wait_label(t, wait));
        return sign_in_form(&state, &headers, &login, Some(&message), StatusCode::TOO_MANY_REQUESTS);
    }
    let creds = Credentials {
        login: login.clone(),
        password: form
            .password
            .chars()
            .take(kinerja_domain::input::Field::Password.max_chars())
            .collect(),
    };
    let user = auth
        .authenticate(creds)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    match user {
        Some(user) => {
            state.throttle.succeeded(&login, address);
            second_factor::after_password(&state, &mut auth, user).await
        }
        None => {
            state.throttle.failed(&login, address);
            tracing::info!(%address, "sign-in failed");
            sign_in_form(
                &state,
                &headers,
                &login,
                Some(t.t("err_sign_in")),
                StatusCode::UNAUTHORIZED,
            )
        }
    }
}

#[derive(serde::Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(mut auth: Auth, session: Session, Form(form): Form<CsrfForm>) -> Result<Response, WebError> {
    check_csrf(&session, &form.csrf).await?;
    auth.logout().await.map_err(|e| WebError::Internal(e.to_string()))?;
    session.flush().await.map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(Redirect::to("/masuk").into_response())
}

async fn office_page(ctx: Signed, Path(code): Path<String>, Query(q): Query<YearQuery>) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let year = crate::context::chosen_year(session, state.config.default_year, q.year).await?;
    let office = scoped.find_office(&code).await?.ok_or(WebError::NotFound)?;
    let t = ctx.t;
    let today = kinerja_store::clock::today_in(office.time_zone);
    let version = scoped.office_version(office.id).await?;
    let key = (office.id, year, t.code());
    let body = match state.dashboards.get(key, version, today) {
        Some(body) => body,
        None => {
            let plan = scoped.year_plan(office.id, year).await?;
            let scales = scoped.scales_for(office.id).await?;
            let scale = office
                .scale
                .as_deref()
                .and_then(|c| scales.into_iter().find(|s| s.code == c));
            let result = achievement::office_achievement(&plan, Span::Year, Basis::Entered, scale.as_ref(), None);
            let deadlines = scoped.deadlines(office.id, year).await?;
            let extras = pages::DashboardExtras {
                deadlines: &deadlines,
                today,
            };
            let body = Arc::new(pages::office_body(t, &plan, &result, scale.as_ref(), extras)?);
            state.dashboards.put(key, version, today, body.clone());
            body
        }
    };
    let header = pages::Header::of(&scoped, csrf_token(session).await?)
        .with_years(&scoped, &[office.id], year)
        .await?;
    Ok(Html(pages::office_page(t, header, &office.name, year, &body)?).into_response())
}

async fn password_page(ctx: Signed) -> Result<Response, WebError> {
    let scoped = ctx.scoped().await?;
    let csrf = csrf_token(&ctx.session).await?;
    Ok(Html(pages::password(ctx.t, &scoped, csrf, None, false).await?).into_response())
}

#[derive(serde::Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
    /// `revoke_token` revokes the user's own token `token`; otherwise the password changes.
    #[serde(default)]
    aksi: String,
    #[serde(default)]
    token: i64,
}

async fn change_password(
    client::ClientAddr(address): client::ClientAddr,
    mut auth: Auth,
    Posted { ctx, form }: Posted<PasswordForm>,
) -> Result<Response, WebError> {
    let (state, session) = (&ctx.state, &ctx.session);
    let scoped = ctx.scoped().await?;
    let t = ctx.t;
    if form.aksi == "revoke_token" {
        scoped.revoke_own_token(form.token).await?;
        return Ok(Redirect::to("/sandi#token").into_response());
    }
    // Guesses of the current password wait as sign-in guesses do.
    let login = scoped.user().login.clone();
    if let Some(wait) = state.throttle.refused(&login, address) {
        let csrf = csrf_token(session).await?;
        let message = t.fill("err_throttled", wait_label(t, wait));
        let page = pages::password(t, &scoped, csrf, Some(&message), false).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, Html(page)).into_response());
    }
    let wrong = |ok: bool| {
        if ok {
            state.throttle.succeeded(&login, address);
        } else {
            state.throttle.failed(&login, address);
        }
        !ok
    };
    let too_long = |p: &str| kinerja_domain::input::check(kinerja_domain::input::Field::Password, p).err();
    let error = if form.new != form.repeat {
        Some(t.t("err_password_repeat").to_string())
    } else if form.new.chars().count() < kinerja_store::password::MIN_LENGTH {
        Some(t.t("err_password_short").to_string())
    } else if let Some(e) = too_long(&form.new).or_else(|| too_long(&form.current)) {
        Some(e.text().get(t.0).to_string())
    } else if wrong(scoped.change_own_password(&form.current, &form.new).await?) {
        Some(t.t("err_password_wrong").to_string())
    } else {
        None
    };
    let csrf = csrf_token(session).await?;
    if let Some(message) = error {
        let page = pages::password(t, &scoped, csrf, Some(&message), false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response());
    }
    // The new password ends every other session; this one continues under the new hash.
    let user = auth
        .backend
        .get_user(&scoped.user().id)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .ok_or(WebError::NotFound)?;
    auth.login(&user).await.map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(Html(pages::password(t, &scoped, csrf, None, true).await?).into_response())
}
