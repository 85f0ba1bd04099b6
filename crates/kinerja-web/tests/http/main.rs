//! The web application over HTTP: a real server on port 0 with a fresh SQLite database holding
//! two regency offices under one province (the store contract's sample) and a user per role.

use std::sync::Arc;

use kinerja_domain::access::{Grant, Role};
use kinerja_domain::i18n::Lang;
use kinerja_store::{Actor, NewUser, Store, UnitDraft, password};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const PASSWORD: &str = "rahasia-uji-123";

mod figures;
mod hostile;

struct App {
    base: String,
    store: Arc<dyn Store>,
    /// Where the database is, for the tests that reach under the store (a value stored before
    /// values had bounds).
    db: Db,
    _dir: tempfile::TempDir,
}

/// The database a test app runs on.
#[derive(Clone)]
enum Db {
    Sqlite(std::path::PathBuf),
    /// A database of its own on the server of KINERJA_TEST_POSTGRES_URL, dropped with the app.
    Postgres(Arc<PgDatabase>),
}

/// A test database on PostgreSQL, dropped when the last app holding it is.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        // Drop cannot await; a thread of its own runs the statement to the end.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                use sqlx::Connection;
                let mut c = sqlx::PgConnection::connect(&admin).await.ok()?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut c)
                    .await
                    .ok()
            })
        })
        .join();
    }
}

/// Which backend an app runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests run against; a test on both backends that cannot have one fails
/// naming the variable (those tests are `#[ignore]`d in a plain `cargo test`).
fn postgres_url() -> String {
    std::env::var("KINERJA_TEST_POSTGRES_URL")
        .expect("KINERJA_TEST_POSTGRES_URL names the PostgreSQL server this test runs on")
}

async fn open_store(backend: Backend, dir: &std::path::Path) -> (Arc<dyn Store>, Db) {
    match backend {
        Backend::Sqlite => {
            let path = dir.join("k.db");
            let store = kinerja_store_sqlite::open(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            (Arc::new(store), Db::Sqlite(path))
        }
        Backend::Postgres => {
            use sqlx::Connection;
            static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let admin_url = postgres_url();
            let name = format!(
                "kinerja_http_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            );
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .unwrap();
            let url = match admin_url.rsplit_once('/') {
                Some((base, _)) => format!("{base}/{name}"),
                None => panic!("{admin_url}: no database name to replace"),
            };
            let store = kinerja_store_postgres::open(&url).await.unwrap();
            (
                Arc::new(store),
                Db::Postgres(Arc::new(PgDatabase { admin_url, name, url })),
            )
        }
    }
}

async fn app() -> App {
    app_with(Backend::Sqlite, |_| {}).await
}

/// An app on `backend`, its configuration changed by `configure` before it starts.
async fn app_with(backend: Backend, configure: impl FnOnce(&mut kinerja_web::Config)) -> App {
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = open_store(backend, dir.path()).await;
    let mut ds = kinerja_store_contract::sample_dataset();
    let mut other = ds.offices[1].clone();
    (other.code, other.name, other.full_name) = (
        "kpu-lain".into(),
        "KPU Kota Lain".into(),
        "Komisi Pemilihan Umum Kota Lain".into(),
    );
    ds.offices.push(other);
    ds.units.push(UnitDraft {
        office: "kpu-lain".into(),
        code: "komisi".into(),
        name: "KPU Kota Lain".into(),
        kind: kinerja_domain::model::UnitKind::Commission,
        parent: None,
        aliases: vec![],
    });
    let actor = Actor::new("test");
    store.apply_dataset(&actor, &ds, "uji").await.unwrap();
    let office = |code: &'static str| {
        let store = store.clone();
        async move { store.find_office(code).await.unwrap().unwrap().id }
    };
    let contoh = office("kpu-contoh").await;
    let lain = office("kpu-lain").await;
    let province = office("kpu-prov-contoh").await;
    let units = store.units(contoh).await.unwrap();
    let sub = units.iter().find(|u| u.code == "subbag-rendatin").unwrap().id;
    let sekretariat = units.iter().find(|u| u.code == "sekretariat").unwrap().id;
    let hash = password::hash(PASSWORD).unwrap();
    for (login, role, office, unit) in [
        ("operator", Role::Operator, contoh, Some(sub)),
        ("planner", Role::Planner, contoh, None),
        ("provinsi", Role::Oversight, province, None),
        ("orang.lain", Role::Planner, lain, None),
        ("sekretaris", Role::Head, contoh, Some(sekretariat)),
        ("reviu", Role::Reviewer, contoh, None),
        ("admin.contoh", Role::Admin, contoh, None),
    ] {
        let user = NewUser {
            login: login.into(),
            name: format!("Nama {login}"),
            password_hash: hash.clone(),
            lang: Lang::Id,
            grants: vec![Grant { role, office, unit }],
        };
        store.create_user(&actor, &user, "uji").await.unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config = kinerja_web::Config {
        default_year: 2024,
        secure_cookies: false,
        files: kinerja_web::evidence::FileStore::new(dir.path().join("berkas")),
        // Small, so that the oversized cases stay small.
        max_upload_bytes: 64 * 1024,
        trusted_proxies: Default::default(),
    };
    configure(&mut config);
    tokio::spawn(kinerja_web::serve(
        store.clone(),
        config,
        listener,
        std::future::pending(),
    ));
    App {
        base,
        store,
        db,
        _dir: dir,
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn csrf(c: &reqwest::Client, base: &str) -> String {
    let page = c
        .get(format!("{base}/masuk"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    field(&page, "csrf")
}

async fn signed_in(app: &App, login: &str) -> reqwest::Client {
    let c = client();
    let token = crate::csrf(&c, &app.base).await;
    let r = c
        .post(format!("{}/masuk", app.base))
        .form(&[("login", login), ("password", PASSWORD), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login} signs in");
    assert_eq!(location(&r), "/");
    c
}

#[tokio::test]
async fn health_assets_and_security_headers() {
    let app = app().await;
    let r = client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(r.text().await.unwrap(), "ok");
    let css = client()
        .get(format!("{}/assets/style.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    let htmx = client()
        .get(format!("{}/assets/htmx.min.js", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        htmx.text().await.unwrap().contains("htmx"),
        "htmx is embedded, not fetched from a CDN"
    );
    let missing = client()
        .get(format!("{}/assets/tidak-ada.js", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in() {
    let app = app().await;
    for path in ["/", "/kantor/kpu-contoh", "/kantor/kpu-contoh?tahun=2024"] {
        let r = client().get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(
            (r.status(), location(&r)),
            (StatusCode::SEE_OTHER, "/masuk".to_string()),
            "{path}"
        );
    }
    let page = client().get(format!("{}/masuk", app.base)).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(page.text().await.unwrap().contains("Masuk ke Kinerja"));
}

#[tokio::test]
async fn sign_in_refuses_wrong_passwords_unknown_logins_and_forged_forms() {
    let app = app().await;
    let c = client();
    let token = crate::csrf(&c, &app.base).await;
    for (login, password) in [("operator", "salah-sandi-123"), ("tidak.ada", PASSWORD)] {
        let r = c
            .post(format!("{}/masuk", app.base))
            .form(&[("login", login), ("password", password), ("csrf", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let page = r.text().await.unwrap();
        assert!(page.contains("Login atau kata sandi salah."));
        assert!(
            page.contains(&format!("value=\"{login}\"")),
            "what the user typed is kept"
        );
    }
    let forged = client()
        .post(format!("{}/masuk", app.base))
        .form(&[("login", "operator"), ("password", PASSWORD), ("csrf", "palsu")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let without = c
        .post(format!("{}/masuk", app.base))
        .form(&[("login", "operator"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_operator_sees_their_office_and_nothing_of_another() {
    let app = app().await;
    let c = signed_in(&app, "operator").await;
    let home = c.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(
        location(&home),
        "/kantor/kpu-contoh?tahun=2024",
        "one office: straight to it"
    );
    let page = c
        .get(format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("KPU Kota Contoh — Capaian Kinerja 2024"));
    assert!(html.contains("Jumlah laporan monitoring"));
    assert!(html.contains("Nama operator (operator)"));
    for other in ["/kantor/kpu-lain", "/kantor/kpu-prov-contoh", "/kantor/tidak-ada"] {
        let r = c.get(format!("{}{other}?tahun=2024", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{other}");
        assert!(!r.text().await.unwrap().contains("Kota Lain"));
    }
}

/// Every route of the router, and how the walk below reaches it with the first office's data
/// (`None`: the route carries no office data).
const WALK: &[(&str, Option<&[&str]>)] = &[
    ("/", None),
    ("/masuk", None),
    ("/keluar", None),
    ("/sandi", None),
    ("/bahasa", None),
    ("/healthz", None),
    ("/assets/{*path}", None),
    (
        "/kantor/{code}",
        Some(&[
            "GET /kantor/kpu-contoh?tahun=2024",
            "GET /kantor/KPU%20Kota%20Contoh?tahun=2024",
            "GET /kantor/Komisi%20Pemilihan%20Umum%20Kota%20Contoh?tahun=2024",
            "GET /kantor/kpu-prov-contoh?tahun=2024",
        ]),
    ),
    (
        "/kantor/{code}/pantau",
        Some(&[
            "GET /kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B3&tahun=2024",
            "POST /kantor/kpu-contoh/pantau",
        ]),
    ),
    (
        "/kantor/{code}/pantau/status",
        Some(&["POST /kantor/kpu-contoh/pantau/status"]),
    ),
    (
        "/kantor/{code}/pantau/kegiatan",
        Some(&["POST /kantor/kpu-contoh/pantau/kegiatan"]),
    ),
    (
        "/kantor/{code}/pantau/komentar",
        Some(&["POST /kantor/kpu-contoh/pantau/komentar"]),
    ),
    (
        "/kantor/{code}/bukti/{name}",
        Some(&["GET /kantor/kpu-contoh/bukti/{evidence}"]),
    ),
    (
        "/kantor/{code}/batas",
        Some(&[
            "GET /kantor/kpu-contoh/batas?tahun=2024",
            "POST /kantor/kpu-contoh/batas",
        ]),
    ),
    (
        "/kantor/{code}/dokumen",
        Some(&["GET /kantor/kpu-contoh/dokumen?tahun=2024"]),
    ),
    (
        "/kantor/{code}/dokumen/{file}",
        Some(&[
            "GET /kantor/kpu-contoh/dokumen/lkj.pdf?tahun=2024",
            "GET /kantor/kpu-contoh/dokumen/pk.docx?unit=subbag-rendatin&tahun=2024",
            "GET /kantor/kpu-contoh/dokumen/monitoring.xlsx?periode=TW1&tahun=2024",
            "GET /kantor/kpu-contoh/dokumen/tidak.ada",
        ]),
    ),
    (
        "/kantor/{code}/lkj",
        Some(&["GET /kantor/kpu-contoh/lkj?tahun=2024", "POST /kantor/kpu-contoh/lkj"]),
    ),
    (
        "/kantor/{code}/impor",
        Some(&["GET /kantor/kpu-contoh/impor", "POST /kantor/kpu-contoh/impor"]),
    ),
    (
        "/kantor/{code}/impor/terapkan",
        Some(&["POST /kantor/kpu-contoh/impor/terapkan"]),
    ),
    (
        "/kantor/{code}/impor/arah",
        Some(&["POST /kantor/kpu-contoh/impor/arah"]),
    ),
    (
        "/kantor/{code}/rencana",
        Some(&[
            "GET /kantor/kpu-contoh/rencana?tahun=2024",
            "POST /kantor/kpu-contoh/rencana",
        ]),
    ),
    (
        "/kantor/{code}/rencana/rak",
        Some(&[
            "GET /kantor/kpu-contoh/rencana/rak?unit=subbag-rendatin&tahun=2024",
            "POST /kantor/kpu-contoh/rencana/rak",
        ]),
    ),
    (
        "/kantor/{code}/renstra",
        Some(&[
            "GET /kantor/kpu-contoh/renstra?tahun=2024",
            "POST /kantor/kpu-contoh/renstra",
        ]),
    ),
    (
        "/kantor/{code}/pengguna",
        Some(&["GET /kantor/kpu-contoh/pengguna", "POST /kantor/kpu-contoh/pengguna"]),
    ),
    ("/api/v1/openapi.json", None),
    ("/api/v1/offices", None),
    (
        "/api/v1/offices/{code}",
        Some(&[
            "API GET /api/v1/offices/kpu-contoh",
            "API GET /api/v1/offices/kpu-prov-contoh",
        ]),
    ),
    (
        "/api/v1/offices/{code}/plan",
        Some(&["API GET /api/v1/offices/kpu-contoh/plan?tahun=2024"]),
    ),
    (
        "/api/v1/offices/{code}/realisations",
        Some(&[
            "API GET /api/v1/offices/kpu-contoh/realisations?tahun=2024",
            "API POST /api/v1/offices/kpu-contoh/realisations",
            "API POST /api/v1/offices/kpu-lain/realisations",
        ]),
    ),
    (
        "/api/v1/offices/{code}/achievement",
        Some(&["API GET /api/v1/offices/kpu-contoh/achievement?tahun=2024"]),
    ),
    (
        "/api/v1/offices/{code}/reporting",
        Some(&["API GET /api/v1/offices/kpu-contoh/reporting?tahun=2024"]),
    ),
    ("/api/v1/{*rest}", None),
];

/// A user of another office walks every route that carries office data: each answers "not
/// found" without a word of the first office, and nothing is written. A route added to the
/// router without a line in [`WALK`] fails this test.
#[tokio::test]
async fn a_user_of_another_office_reaches_nothing_of_this_one() {
    for path in kinerja_web::route_paths() {
        assert!(WALK.iter().any(|(p, _)| *p == path), "route {path} is not walked");
    }
    let app = app().await;
    // Evidence of the first office, uploaded by its operator.
    let op = signed_in(&app, "operator").await;
    let (_, page) = text(&op, format!("{}{MONITOR}", app.base)).await;
    let r = op
        .post(format!("{}/kantor/kpu-contoh/pantau", app.base))
        .multipart(multipart_save(&page, "1 laporan", vec![("rahasia.pdf", pdf(100))], &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&op, format!("{}{MONITOR}", app.base)).await;
    let href = "/kantor/kpu-contoh/bukti/";
    let at = page.find(href).unwrap() + href.len();
    let evidence = page[at..at + page[at..].find('"').unwrap()].to_string();
    let realisation = field(&page, "realisation");
    let action = app
        .store
        .year_plan(app.store.find_office("kpu-contoh").await.unwrap().unwrap().id, 2024)
        .await
        .unwrap()
        .actions[0]
        .id
        .to_string();
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let before = app.store.audit_log(Some(office.id), 1000).await.unwrap().len();

    let c = signed_in(&app, "orang.lain").await;
    let (_, own) = text(&c, format!("{}/kantor/kpu-lain?tahun=2024", app.base)).await;
    let csrf = field(&own, "csrf");
    let indicator = field(&page, "indicator");
    let form: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("indicator", &indicator),
        ("realisation", &realisation),
        ("version", "1"),
        ("action", "verify"),
        ("reason", "x"),
        ("unit", "subbag-rendatin"),
        ("periode", "B7"),
        ("tahun", "2024"),
        ("value", "9 laporan"),
        ("due_B1", "2024-03-01"),
        ("aksi", "add_objective"),
        ("text", "Sasaran titipan"),
        ("rows", "1"),
        ("read", ""),
        ("r0_indicator", &indicator),
        ("r0_text", "Kegiatan titipan"),
        ("kegiatan", &action),
        ("done", "1"),
        ("body", "Catatan titipan"),
        ("user", "1"),
        ("goals", "1"),
        ("g0_text", "Tujuan titipan"),
        ("vision", "Visi titipan"),
        ("from_year", "2025"),
        ("to_year", "2029"),
        ("n_foreword", "Kata pengantar titipan"),
    ];
    let token = token_for(&app, "orang.lain").await;
    let json =
        serde_json::json!({"indicator": indicator.parse::<i64>().unwrap(), "period": "B7", "value": "9 laporan"});
    for (_, walks) in WALK {
        for walk in walks.iter().flat_map(|w| w.iter()) {
            let (method, path) = walk.trim_start_matches("API ").split_once(' ').unwrap();
            let url = format!("{}{}", app.base, path.replace("{evidence}", &evidence));
            let r = match (walk.starts_with("API "), method) {
                (false, "GET") => c.get(url).send().await.unwrap(),
                (false, _) => c.post(url).form(&form).send().await.unwrap(),
                (true, "GET") => client().get(url).bearer_auth(&token).send().await.unwrap(),
                (true, _) => client().post(url).bearer_auth(&token).json(&json).send().await.unwrap(),
            };
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{walk}");
            let body = r.text().await.unwrap();
            assert!(
                !body.contains("Kota Contoh")
                    && !body.contains("Jumlah laporan monitoring")
                    && !body.contains("rahasia"),
                "{walk}"
            );
        }
    }
    let after = app.store.audit_log(Some(office.id), 1000).await.unwrap().len();
    assert_eq!(after, before, "nothing was written");
    let home = c.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(location(&home), "/kantor/kpu-lain?tahun=2024");
}

/// Every route of the router, posted to by a signed-in planner without the session's CSRF
/// token and with another session's: refused (or not a route that takes a post), as a form and
/// as a multipart upload alike, and nothing is written; the planner is still signed in.
#[tokio::test]
async fn every_post_without_the_sessions_token_is_refused() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = signed_in(&app, "planner").await;
    let other = signed_in(&app, "operator").await;
    let (_, page) = text(&other, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    let foreign = field(&page, "csrf");
    let (_, own_page) = text(&planner, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert_ne!(field(&own_page, "csrf"), foreign, "two sessions, two tokens");
    let before = app.store.audit_log(Some(office.id), 1000).await.unwrap().len();
    let fields = [
        ("tahun", "2024"),
        ("unit", "komisi"),
        ("aksi", "add_objective"),
        ("text", "Sasaran tanpa token"),
        ("n_foreword", "Kata pengantar tanpa token"),
        ("body", "Komentar tanpa token"),
        ("lang", "en"),
        ("login", "planner"),
        ("password", PASSWORD),
    ];
    let mut posts = 0;
    for route in kinerja_web::route_paths() {
        let path = route
            .replace("{code}", "kpu-contoh")
            .replace("{name}", "x")
            .replace("{file}", "lkj.pdf")
            .replace("{*path}", "style.css")
            .replace("{*rest}", "apa-saja");
        for token in ["", foreign.as_str()] {
            let mut form: Vec<(&str, &str)> = fields.to_vec();
            form.push(("csrf", token));
            let url = format!("{}{path}", app.base);
            let as_form = planner.post(&url).form(&form).send().await.unwrap().status();
            let mut multipart = reqwest::multipart::Form::new();
            for (k, v) in &form {
                multipart = multipart.text(k.to_string(), v.to_string());
            }
            let as_upload = planner.post(&url).multipart(multipart).send().await.unwrap().status();
            for status in [as_form, as_upload] {
                assert!(
                    matches!(
                        status,
                        StatusCode::FORBIDDEN
                            | StatusCode::METHOD_NOT_ALLOWED
                            | StatusCode::NOT_FOUND
                            | StatusCode::BAD_REQUEST
                            | StatusCode::UNSUPPORTED_MEDIA_TYPE
                    ),
                    "POST {path} with token {token:?}: {status}"
                );
                if status == StatusCode::FORBIDDEN {
                    posts += 1;
                }
            }
        }
    }
    assert!(posts >= 30, "the routes that take a post refused it: {posts}");
    assert_eq!(
        app.store.audit_log(Some(office.id), 1000).await.unwrap().len(),
        before,
        "nothing was written"
    );
    let still = planner
        .get(format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        still.status(),
        StatusCode::OK,
        "a sign-out without the token is refused too"
    );
}

#[tokio::test]
async fn oversight_lists_the_offices_below() {
    let app = app().await;
    let c = signed_in(&app, "provinsi").await;
    let html = c
        .get(format!("{}/?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Capaian kinerja kantor tahun 2024"));
    for name in ["KPU Provinsi Contoh", "KPU Kota Contoh", "KPU Kota Lain"] {
        assert!(html.contains(name), "{name}");
    }
    let drill = c
        .get(format!("{}/kantor/kpu-lain?tahun=2024", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(drill.status(), StatusCode::OK);
    // Sorted by achievement, highest first: the office with realisations before the empty one.
    let (_, sorted) = text(&c, format!("{}/?tahun=2024&urut=capaian&arah=turun", app.base)).await;
    let at = |name: &str| sorted.find(&format!(">{name}</a>")).unwrap_or_else(|| panic!("{name}"));
    assert!(at("KPU Kota Contoh") < at("KPU Kota Lain"), "{sorted}");
    assert!(
        sorted.contains("urut=capaian&#38;arah=naik"),
        "the header link reverses the order"
    );
    // By name, a search narrows the list.
    let (_, found) = text(&c, format!("{}/?tahun=2024&cari=lain", app.base)).await;
    assert!(found.contains(">KPU Kota Lain</a>") && !found.contains(">KPU Kota Contoh</a>"));
    // A realisation entered now shows on the next request (the figures are cached per office
    // and recomputed when its data version moves).
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let (_, row_before) = text(&c, format!("{}/?tahun=2024&cari=contoh", app.base)).await;
    let count = |html: &str| html.matches("<td class=\"num\">").count();
    let ind = plan
        .indicators
        .iter()
        .find(|i| i.text == "Jumlah laporan monitoring")
        .unwrap();
    app.store
        .save_realisation(
            &Actor::new("operator"),
            &kinerja_store::RealisationInput {
                indicator: ind.id,
                period: kinerja_domain::period::Period::Month(11),
                value: kinerja_domain::value::Value::parse("1 laporan").unwrap(),
                evidence: vec![],
                new_files: vec![],
                obstacles: None,
                follow_up: None,
            },
            None,
            None,
        )
        .await
        .unwrap();
    let (_, row_after) = text(&c, format!("{}/?tahun=2024&cari=contoh", app.base)).await;
    let realisations = |html: &str| {
        let row = &html[html.find(">KPU Kota Contoh</a>").unwrap()..];
        let cells: Vec<&str> = row.split("<td class=\"num\">").skip(2).take(1).collect();
        cells[0][..cells[0].find('<').unwrap()].to_string()
    };
    assert_eq!(count(&row_before), count(&row_after));
    assert_eq!(
        realisations(&row_after).parse::<usize>().unwrap(),
        realisations(&row_before).parse::<usize>().unwrap() + 1
    );
}

#[tokio::test]
async fn signing_out_and_disabling_end_the_session() {
    let app = app().await;
    let c = signed_in(&app, "planner").await;
    let page = c
        .get(format!("{}/kantor/kpu-contoh", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = field(&page, "csrf");
    let forged = c
        .post(format!("{}/keluar", app.base))
        .form(&[("csrf", "palsu")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let out = c
        .post(format!("{}/keluar", app.base))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&out), "/masuk");
    let after = c.get(format!("{}/kantor/kpu-contoh", app.base)).send().await.unwrap();
    assert_eq!(location(&after), "/masuk");

    let c = signed_in(&app, "operator").await;
    let user = app.store.user_credentials("operator").await.unwrap().unwrap().0;
    app.store
        .set_user_disabled(&Actor::new("test"), user.id, true, "pindah")
        .await
        .unwrap();
    let after = c.get(format!("{}/kantor/kpu-contoh", app.base)).send().await.unwrap();
    assert_eq!(location(&after), "/masuk", "a disabled user's session no longer works");
}

fn field(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page.find(&marker).unwrap_or_else(|| panic!("field {name}")) + marker.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

const MONITOR: &str = "/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024";

/// The operator enters July, gets a clear error for a bad value, submits; the Sekretaris returns
/// it with a reason, the operator corrects and submits, the Sekretaris verifies; it is locked.
#[tokio::test]
async fn a_month_is_entered_returned_corrected_and_verified() {
    let app = app().await;
    let op = signed_in(&app, "operator").await;
    let page = op
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Pemantauan: Subbagian Perencanaan, Data dan Informasi — Juli 2024"),
        "{page}"
    );
    assert!(page.contains("Jumlah laporan monitoring") && page.contains("Belum diisi"));
    let indicator = field(&page, "indicator");
    let csrf = field(&page, "csrf");
    let save = |value: &str, version: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("indicator", indicator.clone()),
            ("unit", "subbag-rendatin".into()),
            ("periode", "B7".into()),
            ("tahun", "2024".into()),
            ("version", version.into()),
            ("value", value.into()),
            ("obstacles", "Jaringan lambat".into()),
            ("follow_up", "Koordinasi dengan penyedia".into()),
        ]
    };
    // A value the parser refuses: the error next to the field, what was typed kept, nothing saved.
    let bad = op
        .post(format!("{}/kantor/kpu-contoh/pantau", app.base))
        .form(&save("1.5 laporan", "0"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("titik memisahkan ribuan"), "{bad}");
    assert!(bad.contains("value=\"1.5 laporan\""));
    assert!(bad.contains("Belum diisi"));
    let ok = op
        .post(format!("{}/kantor/kpu-contoh/pantau", app.base))
        .form(&save("1 laporan", "0"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (ok.status(), location(&ok)),
        (StatusCode::SEE_OTHER, MONITOR.to_string())
    );
    // A second save with the version read before the first: refused, current value shown.
    let stale = op
        .post(format!("{}/kantor/kpu-contoh/pantau", app.base))
        .form(&save("3 laporan", "0"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let stale = stale.text().await.unwrap();
    assert!(
        stale.contains("sudah diubah orang lain") && stale.contains("value=\"1 laporan\""),
        "{stale}"
    );
    let page = op
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Draf") && page.contains("Jaringan lambat"));
    let status = |page: &str, action: &str, reason: &str| {
        vec![
            ("csrf", field(page, "csrf")),
            ("realisation", field(page, "realisation")),
            (
                "version",
                field(
                    &page[page.find("action=\"/kantor/kpu-contoh/pantau/status\"").unwrap()..],
                    "version",
                ),
            ),
            ("unit", "subbag-rendatin".into()),
            ("periode", "B7".into()),
            ("tahun", "2024".into()),
            ("action", action.into()),
            ("reason", reason.into()),
        ]
    };
    let r = op
        .post(format!("{}/kantor/kpu-contoh/pantau/status", app.base))
        .form(&status(&page, "submit", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The operator cannot verify their own entry.
    let page = op
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Diajukan") && !page.contains("value=\"verify\""));

    let head = signed_in(&app, "sekretaris").await;
    let page = head
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("value=\"verify\"") && page.contains("value=\"return\""));
    let no_reason = head
        .post(format!("{}/kantor/kpu-contoh/pantau/status", app.base))
        .form(&status(&page, "return", " "))
        .send()
        .await
        .unwrap();
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.text().await.unwrap().contains("Alasan wajib diisi"));
    let r = head
        .post(format!("{}/kantor/kpu-contoh/pantau/status", app.base))
        .form(&status(&page, "return", "Bukti dukung belum ada"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let page = op
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Dikembalikan") && page.contains("Bukti dukung belum ada"));
    let version = field(&page[page.find("class=\"realisation\"").unwrap()..], "version");
    let r = op
        .post(format!("{}/kantor/kpu-contoh/pantau", app.base))
        .form(&save("2 laporan", &version))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = op
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    op.post(format!("{}/kantor/kpu-contoh/pantau/status", app.base))
        .form(&status(&page, "submit", ""))
        .send()
        .await
        .unwrap();

    let page = head
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = head
        .post(format!("{}/kantor/kpu-contoh/pantau/status", app.base))
        .form(&status(&page, "verify", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = op
        .get(format!("{}{MONITOR}", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Terverifikasi (terkunci)"));
    assert!(
        !page.contains("class=\"realisation\""),
        "a verified period is locked: no form"
    );
    // The audit log names each step and who took it.
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let log = app.store.audit_log(Some(office.id), 20).await.unwrap();
    let steps: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.entity == "realisation")
        .map(|e| (e.actor.clone(), e.action.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            ("sekretaris", "verify"),
            ("operator", "submit"),
            ("operator", "update"),
            ("sekretaris", "return"),
            ("operator", "submit"),
            ("operator", "create")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[tokio::test]
async fn monitoring_of_another_office_is_not_found_and_writes_nothing() {
    let app = app().await;
    let c = signed_in(&app, "orang.lain").await;
    let page = c.get(format!("{}{MONITOR}", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    // A forged post with a real indicator id of the other office.
    let own = c
        .get(format!("{}/kantor/kpu-lain?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = field(&own, "csrf");
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let target = plan
        .indicators
        .iter()
        .find(|i| i.text == "Jumlah laporan monitoring")
        .unwrap()
        .id
        .to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("indicator", &target),
        ("unit", "subbag-rendatin"),
        ("periode", "B8"),
        ("tahun", "2024"),
        ("version", "0"),
        ("value", "9 laporan"),
    ];
    for path in ["/kantor/kpu-lain/pantau", "/kantor/kpu-contoh/pantau"] {
        let r = c.post(format!("{}{path}", app.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let after = app.store.year_plan(office.id, 2024).await.unwrap();
    assert_eq!(after.realisations.len(), plan.realisations.len(), "nothing was written");
}

#[tokio::test]
async fn a_password_change_checks_the_old_one_and_ends_other_sessions() {
    let app = app().await;
    let here = signed_in(&app, "planner").await;
    let elsewhere = signed_in(&app, "planner").await;
    let page = here
        .get(format!("{}/sandi", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = field(&page, "csrf");
    let change = |current: &str, new: &str, repeat: &str| {
        here.post(format!("{}/sandi", app.base))
            .form(&[("current", current), ("new", new), ("repeat", repeat), ("csrf", &token)])
            .send()
    };
    for (current, new, repeat, message) in [
        (
            "salah-sandi-123",
            "sandi-baru-456",
            "sandi-baru-456",
            "Kata sandi saat ini salah.",
        ),
        (PASSWORD, "sandi-baru-456", "sandi-lain-789", "tidak sama"),
        (PASSWORD, "pendek", "pendek", "paling sedikit 8 karakter"),
    ] {
        let r = change(current, new, repeat).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains(message), "{message}");
    }
    let r = change(PASSWORD, "sandi-baru-456", "sandi-baru-456").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Kata sandi sudah diganti"));
    // This session goes on; the other one ended; the new password signs in.
    assert_eq!(
        here.get(format!("{}/kantor/kpu-contoh", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        location(
            &elsewhere
                .get(format!("{}/kantor/kpu-contoh", app.base))
                .send()
                .await
                .unwrap()
        ),
        "/masuk"
    );
    let (_, hash) = app.store.user_credentials("planner").await.unwrap().unwrap();
    assert!(password::verify("sandi-baru-456", &hash));
}

#[tokio::test]
async fn the_interface_switches_to_english_and_remembers_it() {
    let app = app().await;
    let c = signed_in(&app, "planner").await;
    let page = c
        .get(format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<html lang=\"id\">") && page.contains("Capaian Kinerja 2024"));
    let token = field(&page, "csrf");
    let switched = c
        .post(format!("{}/bahasa", app.base))
        .header("referer", format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .form(&[("lang", "en"), ("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&switched),
        "/kantor/kpu-contoh?tahun=2024",
        "back to the same page"
    );
    let page = c
        .get(format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<html lang=\"en\">") && page.contains("KPU Kota Contoh — Performance achievement 2024"),
        "{page}"
    );
    assert!(page.contains("Objective / Indicator") && page.contains("Sign out"));
    // Remembered for the user: a new sign-in elsewhere is in English too.
    let user = app.store.user_credentials("planner").await.unwrap().unwrap().0;
    assert_eq!(user.lang, Lang::En);
    let other = signed_in(&app, "planner").await;
    let page = other
        .get(format!(
            "{}/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024",
            app.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Monitoring: Subbagian Perencanaan, Data dan Informasi — July 2024")
            && page.contains("Not entered"),
        "{page}"
    );
    // A switch without the form's token changes nothing.
    let forged = c
        .post(format!("{}/bahasa", app.base))
        .form(&[("lang", "id"), ("csrf", "palsu")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

/// The monitoring form as the page posts it: multipart, with files.
fn multipart_save(page: &str, value: &str, files: Vec<(&str, Vec<u8>)>, remove: &[&str]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for name in ["csrf", "indicator", "unit", "periode", "tahun", "version"] {
        form = form.text(name, field(page, name));
    }
    form = form.text("value", value.to_string());
    for r in remove {
        form = form.text("hapus", r.to_string());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str("application/pdf")
            .unwrap();
        form = form.part("bukti", part);
    }
    form
}

fn pdf(size: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.4\n".to_vec();
    b.resize(size, b'x');
    b
}

/// Evidence: a PDF is uploaded with the figure, listed, and served back whole; files whose bytes
/// are not an accepted type, or too large, are refused with a message and nothing is saved; a
/// file can be removed from the realisation; another office's user cannot fetch it.
#[tokio::test]
async fn evidence_files_are_checked_stored_served_and_scoped() {
    let app = app().await;
    let op = signed_in(&app, "operator").await;
    let get = |c: &reqwest::Client, path: String| {
        let c = c.clone();
        async move { c.get(path).send().await.unwrap() }
    };
    let page = get(&op, format!("{}{MONITOR}", app.base)).await.text().await.unwrap();
    assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("paling besar 64 KB per berkas"));
    let post = |form: reqwest::multipart::Form| {
        let op = op.clone();
        let url = format!("{}/kantor/kpu-contoh/pantau", app.base);
        async move { op.post(url).multipart(form).send().await.unwrap() }
    };
    let body = pdf(3000);
    let r = post(multipart_save(
        &page,
        "1 laporan",
        vec![("Laporan Juli 2024.pdf", body.clone())],
        &[],
    ))
    .await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, MONITOR.to_string()));
    let page = get(&op, format!("{}{MONITOR}", app.base)).await.text().await.unwrap();
    assert!(
        page.contains(">Laporan Juli 2024.pdf</a>") && page.contains("(3 KB)"),
        "{page}"
    );
    let href = "/kantor/kpu-contoh/bukti/";
    let at = page.find(href).unwrap() + href.len();
    let name = page[at..at + page[at..].find('"').unwrap()].to_string();
    assert!(name.ends_with(".pdf") && name.len() == 36, "{name}");
    let file = get(&op, format!("{}{href}{name}", app.base)).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    let disposition = file.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.starts_with("inline;") && disposition.contains("Laporan%20Juli%202024.pdf"),
        "{disposition}"
    );
    assert_eq!(file.bytes().await.unwrap().to_vec(), body);
    let stored = |app: &App| {
        let store = app.store.clone();
        async move {
            let office = store.find_office("kpu-contoh").await.unwrap().unwrap();
            let plan = store.year_plan(office.id, 2024).await.unwrap();
            plan.realisations
                .into_iter()
                .find(|r| r.period == kinerja_domain::period::Period::Month(7))
                .unwrap()
        }
    };
    let saved = stored(&app).await;
    assert_eq!((saved.value.raw(), saved.evidence.len()), ("1 laporan", 1));
    // An executable named .pdf: refused by its bytes; the typed value is kept, nothing changes.
    let r = post(multipart_save(
        &page,
        "2 laporan",
        vec![("bukti.pdf", b"MZ\x90\x00program".to_vec())],
        &[],
    ))
    .await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("bukti.pdf: jenis berkas tidak diterima") && text.contains("pilih lagi"),
        "{text}"
    );
    assert!(text.contains("value=\"2 laporan\""));
    // Over the per-file limit (64 KB here): refused with the limit named.
    let r = post(multipart_save(
        &page,
        "2 laporan",
        vec![("besar.pdf", pdf(70 * 1024))],
        &[],
    ))
    .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("besar.pdf: berkas lebih besar dari batas 64 KB.")
    );
    // Over what a whole save may carry: the request itself is refused with a message.
    let r = post(multipart_save(
        &page,
        "2 laporan",
        vec![("sangat-besar.pdf", pdf(700 * 1024))],
        &[],
    ))
    .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("Kiriman terlalu besar"));
    let after = stored(&app).await;
    assert_eq!(after, saved, "refused saves change nothing");
    let files_on_disk = || std::fs::read_dir(app._dir.path().join("berkas")).unwrap().count();
    assert_eq!(files_on_disk(), 1, "refused files are not kept");
    // Another office's planner: not found, whichever office the path names.
    let other = signed_in(&app, "orang.lain").await;
    for path in [format!("{href}{name}"), format!("/kantor/kpu-lain/bukti/{name}")] {
        let r = get(&other, format!("{}{path}", app.base)).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Names that are not generated ones never reach the disk.
    for bad in ["..%2Fk.db", "k.db", "x.pdf"] {
        let r = get(&op, format!("{}{href}{bad}", app.base)).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{bad}");
    }
    // Removing the file from the realisation keeps the bytes (the audit log names them).
    let r = post(multipart_save(&page, "1 laporan", vec![], &[&name])).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(stored(&app).await.evidence.is_empty());
    assert_eq!(files_on_disk(), 1);
}

async fn text(c: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The office dashboard: summary, reporting status with who is late, and every chart as SVG.
#[tokio::test]
async fn the_dashboard_shows_reporting_status_and_charts() {
    let app = app().await;
    let op = signed_in(&app, "operator").await;
    let (status, page) = text(&op, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    for part in [
        "Status pelaporan",
        "Belum melapor melewati batas waktu",
        r#"aria-label="Capaian per unit""#,
        r#"aria-label="Capaian per sasaran""#,
        r#"aria-label="Indikator per kategori""#,
        r#"aria-label="Serapan anggaran dan capaian kinerja per unit""#,
        "Laporan terlambat",
    ] {
        assert!(page.contains(part), "{part} missing");
    }
    // The sample has March and June realisations of Subbag Rendatin: the trend starts in March.
    assert!(
        page.contains(r#"aria-label="Tren capaian bulanan (s.d. bulan)""#),
        "trend"
    );
    // Each grid cell links to the monitoring page of its unit and period.
    assert!(page.contains("/kantor/kpu-contoh/pantau?unit=subbag-rendatin&amp;periode=B3&amp;tahun=2024"));
    // 2024 is over: every month without a full report is late; the late list names the unit.
    let late = &page[page.find("<ul class=\"late\">").unwrap()..];
    let late = &late[..late.find("</ul>").unwrap()];
    assert!(
        late.contains("Subbagian Perencanaan") && late.contains("Januari"),
        "{late}"
    );
    // Nothing of the other office appears.
    assert!(!page.contains("KPU Kota Lain"));
}

/// Deadlines: everyone who reads the office sees them; planners set them, with every bad date
/// refused next to its field and nothing written; the audit log keeps the change and its reason.
#[tokio::test]
async fn deadlines_are_set_by_planners_checked_and_audited() {
    let app = app().await;
    let url = format!("{}/kantor/kpu-contoh/batas?tahun=2024", app.base);
    let op = signed_in(&app, "operator").await;
    let (status, page) = text(&op, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("10 Februari 2024") && page.contains("28 Februari 2025"));
    assert!(!page.contains("type=\"date\""), "an operator cannot change deadlines");
    let csrf = field(&page, "csrf");
    let post = |c: &reqwest::Client, fields: Vec<(&str, &str)>| {
        let c = c.clone();
        let url = format!("{}/kantor/kpu-contoh/batas", app.base);
        let fields: Vec<(String, String)> = fields.into_iter().map(|(a, b)| (a.into(), b.into())).collect();
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let r = post(&op, vec![("csrf", &csrf), ("tahun", "2024"), ("due_B1", "2024-02-05")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let planner = signed_in(&app, "planner").await;
    let (_, page) = text(&planner, url.clone()).await;
    assert!(page.contains("type=\"date\" name=\"due_B1\""));
    let csrf = field(&page, "csrf");
    // A date before its month ends, and a date that is not one: both refused, typed text kept.
    let r = post(
        &planner,
        vec![
            ("csrf", &csrf),
            ("tahun", "2024"),
            ("due_B1", "2024-02-05"),
            ("due_B2", "2024-02-15"),
            ("due_B3", "besok"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("tidak boleh sebelum periode berakhir"), "{page}");
    assert!(
        page.contains("&#39;besok&#39; is not a date") || page.contains("'besok' is not a date"),
        "{page}"
    );
    assert!(page.contains("value=\"2024-02-15\"") && page.contains("value=\"besok\""));
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    assert!(
        app.store.deadlines(office.id, 2024).await.unwrap().is_empty(),
        "nothing written"
    );
    let r = post(
        &planner,
        vec![
            ("csrf", &csrf),
            ("tahun", "2024"),
            ("due_B1", "2024-02-05"),
            ("due_B2", ""),
            ("reason", "Rapat koordinasi 3 Januari"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(
        &planner,
        location(&r).replace("/kantor", &format!("{}/kantor", app.base)),
    )
    .await;
    assert!(
        page.contains("Tersimpan.") && page.contains("<strong>5 Februari 2024</strong>"),
        "{page}"
    );
    let saved = app.store.deadlines(office.id, 2024).await.unwrap();
    assert_eq!(saved.len(), 1);
    let log = app.store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(log[0].reason.as_deref(), Some("Rapat koordinasi 3 Januari"));
    assert_eq!(log[0].actor, "planner");
    // Another office's planner: not found, and nothing written.
    let other = signed_in(&app, "orang.lain").await;
    let (status, _) = text(&other, url).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, own) = text(&other, format!("{}/kantor/kpu-lain/batas?tahun=2024", app.base)).await;
    let their_csrf = field(&own, "csrf");
    let r = post(
        &other,
        vec![("csrf", &their_csrf), ("tahun", "2024"), ("due_B1", "2024-03-01")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.store.deadlines(office.id, 2024).await.unwrap(), saved);
}

/// An API token for a user of the test app, made as `kinerja user token` makes it.
async fn token_for(app: &App, login: &str) -> String {
    let user = app.store.user_credentials(login).await.unwrap().unwrap().0;
    let secret = kinerja_store::token::generate();
    app.store
        .create_api_token(
            &Actor::new("test"),
            user.id,
            "uji",
            &kinerja_store::token::digest(&secret),
        )
        .await
        .unwrap();
    secret
}

async fn api_get(app: &App, token: &str, path: &str) -> (StatusCode, serde_json::Value) {
    let r = client()
        .get(format!("{}{path}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

async fn api_post(app: &App, token: &str, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
    let r = client()
        .post(format!("{}/api/v1/offices/kpu-contoh/realisations", app.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

/// The JSON API: 401 for anonymous callers on every data route; tokens and sessions see only
/// their scope; a realisation is entered, a stale version gets 409 with the current figure, a
/// malformed value 422 naming the field; cookie sessions need the CSRF header to write; the
/// OpenAPI document lists every route.
#[tokio::test]
async fn the_api_is_scoped_validated_and_documented() {
    let app = app().await;
    let anon = client();
    for path in [
        "/api/v1/offices",
        "/api/v1/offices/kpu-contoh",
        "/api/v1/offices/kpu-contoh/plan",
        "/api/v1/offices/kpu-contoh/realisations",
        "/api/v1/offices/kpu-contoh/achievement",
        "/api/v1/offices/kpu-contoh/reporting",
    ] {
        let r = anon.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized", "{path}");
    }
    let (status, _) = api_get(&app, "knj_0000000000000000000000000000000000000000", "/api/v1/offices").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an unknown token");
    // The province's oversight token sees the province and both offices below it.
    let province = token_for(&app, "provinsi").await;
    let (status, offices) = api_get(&app, &province, "/api/v1/offices").await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<&str> = offices
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["kpu-prov-contoh", "kpu-contoh", "kpu-lain"]);
    assert_eq!(offices[0]["children"], serde_json::json!(["kpu-contoh", "kpu-lain"]));
    let (_, plan) = api_get(&app, &province, "/api/v1/offices/kpu-contoh/plan?tahun=2024").await;
    let indicator = plan["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap().iter())
        .find(|i| i["text"] == "Jumlah laporan monitoring")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, achievement) = api_get(
        &app,
        &province,
        "/api/v1/offices/kpu-contoh/achievement?tahun=2024&periode=B6",
    )
    .await;
    assert_eq!(achievement["span"], "year_to_date");
    assert_eq!(achievement["period"], "B6");
    let (status, _) = api_get(
        &app,
        &province,
        "/api/v1/offices/kpu-contoh/achievement?tahun=2024&periode=B13",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The query's names are the JSON's (English); the Indonesian ones say the same.
    let (status, english) = api_get(
        &app,
        &province,
        "/api/v1/offices/kpu-contoh/achievement?year=2024&period=B6&period_only=true&verified_only=true",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{english}");
    let (_, indonesian) = api_get(
        &app,
        &province,
        "/api/v1/offices/kpu-contoh/achievement?tahun=2024&periode=B6&hanya=true&terverifikasi=true",
    )
    .await;
    assert_eq!(english, indonesian);
    assert_eq!(
        (english["span"].as_str(), english["basis"].as_str()),
        (Some("period"), Some("verified"))
    );
    let (status, body) = api_get(
        &app,
        &province,
        "/api/v1/offices/kpu-contoh/achievement?period_only=true",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.to_string().contains("'period_only' needs 'period'"), "{body}");
    let (_, reporting) = api_get(&app, &province, "/api/v1/offices/kpu-contoh/reporting?tahun=2024").await;
    assert!(
        reporting
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["unit"] == "subbag-rendatin" && r["late"] == true)
    );
    // Oversight reads, but cannot write.
    let entry = serde_json::json!({"indicator": indicator, "period": "B8", "value": "2 laporan", "obstacles": "-"});
    let (status, body) = api_post(&app, &province, entry.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The operator's token enters August.
    let operator = token_for(&app, "operator").await;
    let (status, saved) = api_post(&app, &operator, entry.clone()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["value"], "2 laporan");
    assert_eq!(saved["status"], "draft");
    assert_eq!(saved["version"], 1);
    // The same first entry again (version 0): someone's figure is there now.
    let (status, body) = api_post(&app, &operator, entry).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["current"]["value"], "2 laporan");
    let bad = serde_json::json!({"indicator": indicator, "period": "B8", "value": "1.5 laporan", "version": 1});
    let (status, body) = api_post(&app, &operator, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["field"], "value");
    let bad = serde_json::json!({"indicator": indicator, "period": "B13", "value": "1", "version": 1});
    let (status, body) = api_post(&app, &operator, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["field"], "period");
    let (status, _) = api_post(&app, &operator, serde_json::json!({"indicator": "satu"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, list) = api_get(
        &app,
        &operator,
        "/api/v1/offices/kpu-contoh/realisations?tahun=2024&periode=B8",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    // A cookie session reads, and writes only with the page's CSRF token in X-CSRF-Token.
    let op = signed_in(&app, "operator").await;
    let (_, page) = text(&op, format!("{}{MONITOR}", app.base)).await;
    let csrf = field(&page, "csrf");
    let url = format!("{}/api/v1/offices/kpu-contoh/realisations", app.base);
    let change = serde_json::json!({"indicator": indicator, "period": "B8", "value": "3 laporan", "version": 1});
    let r = op.post(&url).json(&change).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = op
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Unknown API paths answer in JSON, as an RFC 9457 problem.
    let r = client()
        .get(format!("{}/api/v1/nothing", app.base))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["type"], "urn:kinerja:problem:not_found");
    assert_eq!(body["title"], "Not Found");
    assert_eq!(body["status"], 404);
    assert_eq!(body["code"], "not_found");
    // A query string that does not parse is a problem too, naming what was wrong.
    let r = client()
        .get(format!(
            "{}/api/v1/offices/kpu-kota-metro/achievement?year=dua-ribu",
            app.base
        ))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], 400);
    assert!(body["detail"].as_str().unwrap().contains("year"), "{body}");
    // The OpenAPI document lists every API route of the router.
    let doc: serde_json::Value = anon
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for route in WALK
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| p.starts_with("/api/v1/offices"))
    {
        assert!(paths.contains_key(route), "{route} is not documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// The OpenAPI document as a client generator reads it: valid for a real validator
/// (`openapi-spec-validator`, from PyPI; `.ci/run` installs it), every query parameter declared
/// in the query.
#[tokio::test]
#[ignore = "needs openapi-spec-validator (pip install openapi-spec-validator)"]
async fn the_openapi_document_is_valid_for_a_real_validator() {
    let app = app().await;
    let doc = client()
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&doc).unwrap();
    for (path, item) in json["paths"].as_object().unwrap() {
        for p in item["get"]["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap();
            let place = p["in"].as_str().unwrap();
            assert_eq!(
                place == "path",
                path.contains(&format!("{{{name}}}")),
                "{path}: {name} in {place}"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &doc).unwrap();
    let out = std::process::Command::new("openapi-spec-validator")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("openapi-spec-validator is needed (pip install openapi-spec-validator): {e}"));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A client generated from the OpenAPI document (`openapi-python-client`, from PyPI; `.ci/run`
/// installs it) calls the running server as a program outside Kinerja would
/// (`tests/api-client/call.py`): it lists offices, reads a plan with `year`, enters a
/// realisation, reads achievement, and reads a 404 as the document's `Problem`.
#[tokio::test]
#[ignore = "needs openapi-python-client (pip install openapi-python-client)"]
async fn a_client_generated_from_the_openapi_document_calls_the_server() {
    let app = app().await;
    let doc = client()
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.json"), &doc).unwrap();
    let token = token_for(&app, "planner").await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/api-client/call.py");
    let (base, root) = (app.base.clone(), dir.path().to_path_buf());
    // The server runs on this test's runtime: the generator and the client run beside it.
    let out = tokio::task::spawn_blocking(move || {
        let generated = std::process::Command::new("openapi-python-client")
            .args([
                "generate",
                "--path",
                "openapi.json",
                "--meta",
                "none",
                "--output-path",
                "kinerja_api_client",
            ])
            .current_dir(&root)
            .output()
            .unwrap_or_else(|e| panic!("openapi-python-client is needed (pip install openapi-python-client): {e}"));
        assert!(
            generated.status.success(),
            "{}{}",
            String::from_utf8_lossy(&generated.stdout),
            String::from_utf8_lossy(&generated.stderr)
        );
        std::process::Command::new("python3")
            .arg(script)
            .arg(&root)
            .arg(&base)
            .arg(&token)
            .arg("kpu-contoh")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        got["offices"].as_array().unwrap().iter().any(|c| c == "kpu-contoh"),
        "{got}"
    );
    assert!(got["indicators"].as_u64().unwrap() > 0, "{got}");
    assert_eq!(got["saved_status"], 200, "{got}");
    assert_eq!(got["saved_value"], "1 laporan", "{got}");
    assert!(got["achievement_units"].as_u64().unwrap() > 0, "{got}");
    assert_eq!(got["missing_status"], 404, "{got}");
    assert_eq!(got["missing_problem"], true, "{got}");
}

/// Planning: the tree and the checks for everyone who reads the office; planners add, change and
/// delete objectives and indicators, with every bad field refused beside its form and stale
/// versions refused; the RAK grid is saved whole; a year starts from a copy of the last.
#[tokio::test]
async fn planners_edit_the_pk_and_rak_and_others_only_read() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let plan_url = url("/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024");
    let op = signed_in(&app, "operator").await;
    let (status, page) = text(&op, plan_url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Pohon kinerja") && page.contains("Pemeriksaan rencana"));
    assert!(page.contains("Jumlah laporan monitoring"));
    assert!(!page.contains("name=\"aksi\""), "an operator gets no editing buttons");
    let planner = signed_in(&app, "planner").await;
    let (_, page) = text(&planner, plan_url.clone()).await;
    let csrf = field(&page, "csrf");
    let post = |c: &reqwest::Client, path: &str, fields: Vec<(&str, String)>| {
        let c = c.clone();
        let u = url(path);
        let fields: Vec<(String, String)> = fields.into_iter().map(|(a, b)| (a.to_string(), b)).collect();
        async move { c.post(u).form(&fields).send().await.unwrap() }
    };
    let base = |aksi: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("tahun", "2024".to_string()),
            ("unit", "subbag-rendatin".to_string()),
            ("aksi", aksi.to_string()),
        ]
    };
    // The operator cannot change the plan.
    let r = post(&op, "/kantor/kpu-contoh/rencana", {
        let (_, p) = text(&op, plan_url.clone()).await;
        vec![
            ("csrf", field(&p, "csrf")),
            ("tahun", "2024".into()),
            ("unit", "subbag-rendatin".into()),
            ("aksi", "add_objective".into()),
            ("text", "x".into()),
        ]
    })
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A new objective.
    let mut f = base("add_objective");
    f.push(("text", "Terkelolanya data pemilih".into()));
    let r = post(&planner, "/kantor/kpu-contoh/rencana", f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let objective = plan
        .objectives
        .iter()
        .find(|o| o.text == "Terkelolanya data pemilih")
        .unwrap()
        .id;
    let top = plan
        .indicators
        .iter()
        .find(|i| i.text == "Persentase laporan tepat waktu")
        .unwrap()
        .id;
    // A new indicator with a bad period target: refused beside its form, what was typed kept.
    let indicator_form = |aksi: &str, id: i64, version: i64, period_targets: &str| {
        let mut f = base(aksi);
        f.extend([
            ("objective", objective.to_string()),
            ("indicator", id.to_string()),
            ("version", version.to_string()),
            ("text", "Jumlah data pemilih yang dimutakhirkan".to_string()),
            ("pk_target", "12 laporan".to_string()),
            ("period_targets", period_targets.to_string()),
            ("polarity", "higher_is_better".to_string()),
            ("rollup", "sum".to_string()),
            ("computation", "Jumlah berita acara rekapitulasi".to_string()),
            ("data_source", "Sidalih".to_string()),
            ("supports", top.to_string()),
        ]);
        f
    };
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("add_indicator", 0, 0, "TW1: 1.5 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Target per periode: TW1:") && page.contains("value=\"TW1: 1.5 laporan\""),
        "{page}"
    );
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("add_indicator", 0, 0, "TW1: 3 laporan; TW2: 6 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let new = plan
        .indicators
        .iter()
        .find(|i| i.text == "Jumlah data pemilih yang dimutakhirkan")
        .unwrap();
    assert_eq!(
        (new.period_targets.len(), new.supports, new.data_source.as_deref()),
        (2, Some(top), Some("Sidalih"))
    );
    // Changed once; the same change with the old version is refused.
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("update_indicator", new.id, 1, "TW1: 3 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("update_indicator", new.id, 1, "TW1: 4 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("sudah diubah orang lain"));
    // The tree shows it under the indicator it supports.
    let (_, page) = text(&planner, plan_url.clone()).await;
    let tree = &page[page.find("id=\"pohon\"").unwrap()..page.find("id=\"pemeriksaan\"").unwrap()];
    assert!(tree.contains("Jumlah data pemilih yang dimutakhirkan"), "{tree}");
    // The RAK grid: a new row for the new indicator, ticked in March and June.
    let rak_url = url("/kantor/kpu-contoh/rencana/rak?unit=subbag-rendatin&tahun=2024");
    let (_, grid) = text(&planner, rak_url.clone()).await;
    let read = field(&grid, "read");
    let rows: usize = field(&grid, "rows").parse().unwrap();
    let existing = rows - 3;
    let mut f = vec![
        ("csrf", csrf.clone()),
        ("tahun", "2024".into()),
        ("unit", "subbag-rendatin".into()),
        ("read", read.clone()),
        ("rows", rows.to_string()),
    ];
    // The existing rows are marked for removal (with what they hold); the new row is added.
    let keep: Vec<(String, String)> = (0..existing)
        .flat_map(|n| {
            let g = |name: &str| field(&grid, &format!("r{n}_{name}"));
            vec![
                (format!("r{n}_id"), g("id")),
                (format!("r{n}_executor"), g("executor")),
                (format!("r{n}_hapus"), "1".to_string()),
            ]
        })
        .collect();
    let n = existing;
    let row = |budget: &str| {
        vec![
            (format!("r{n}_indicator"), new.id.to_string()),
            (format!("r{n}_text"), "Rapat koordinasi pemutakhiran".to_string()),
            (format!("r{n}_p3"), "1".to_string()),
            (format!("r{n}_p6"), "1".to_string()),
            (format!("r{n}_executor"), "Subbag Rendatin".to_string()),
            (format!("r{n}_budget"), budget.to_string()),
            (format!("r{n}_target"), "1 laporan".to_string()),
        ]
    };
    let mut bad: Vec<(String, String)> = keep.clone();
    bad.extend(row("satu juta"));
    let mut bad_fields = f.clone();
    bad_fields.extend(bad.iter().map(|(a, b)| (a.as_str(), b.clone())));
    let r = post(&planner, "/kantor/kpu-contoh/rencana/rak", bad_fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Anggaran (Rp): &#39;satu juta&#39; bukan angka")
            || page.contains("Anggaran (Rp): 'satu juta' bukan angka"),
        "{page}"
    );
    assert!(page.contains("Rapat koordinasi pemutakhiran"), "typed text kept");
    let mut good = keep.clone();
    good.extend(row("Rp 1.500.000"));
    f.extend(good.iter().map(|(a, b)| (a.as_str(), b.clone())));
    let r = post(&planner, "/kantor/kpu-contoh/rencana/rak", f.clone()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let unit_indicators: Vec<i64> = plan
        .objectives_of(plan.find_unit("subbag-rendatin").unwrap().id)
        .flat_map(|o| plan.indicators_of(o.id))
        .map(|i| i.id)
        .collect();
    let unit_actions: Vec<_> = plan
        .actions
        .iter()
        .filter(|a| unit_indicators.contains(&a.indicator))
        .collect();
    assert_eq!(unit_actions.len(), 1, "the removed rows are gone, the new one is there");
    let action = unit_actions[0];
    assert_eq!(
        (action.schedule.periods.clone(), action.budget),
        (vec![3, 6], Some(kinerja_domain::Decimal::from(1_500_000)))
    );
    // The same grid posted again with the old fingerprint: refused, the saved grid shown.
    let r = post(&planner, "/kantor/kpu-contoh/rencana/rak", f).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // Deleting the indicator takes its RAK row with it.
    let version = app
        .store
        .year_plan(office.id, 2024)
        .await
        .unwrap()
        .indicators
        .iter()
        .find(|i| i.id == new.id)
        .unwrap()
        .version;
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("delete_indicator", new.id, version, ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    assert!(plan.indicators.iter().all(|i| i.id != new.id) && plan.actions.iter().all(|a| a.indicator != new.id));
    // 2025 starts from a copy of 2024.
    let (_, page) = text(&planner, url("/kantor/kpu-contoh/rencana?tahun=2025")).await;
    assert!(page.contains("Salin rencana tahun sebelumnya"));
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        vec![
            ("csrf", csrf.clone()),
            ("tahun", "2025".into()),
            ("unit", "komisi".into()),
            ("aksi", "copy".into()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let next = app.store.year_plan(office.id, 2025).await.unwrap();
    assert_eq!(next.objectives.len(), plan.objectives.len());
    assert!(next.realisations.is_empty());
}

/// The Renstra: read by everyone of the office, written by planners; a bad target is refused
/// with what was typed kept; a stale form is refused; the IKU table shows what is missing.
#[tokio::test]
async fn the_renstra_is_edited_by_planners_and_the_iku_listed() {
    let app = app().await;
    let url = format!("{}/kantor/kpu-contoh/renstra?tahun=2024", app.base);
    let op = signed_in(&app, "operator").await;
    let (status, page) = text(&op, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Tujuan satu") && page.contains("<fieldset disabled>"),
        "{page}"
    );
    // The IKU: the Renstra's indicators, with the year's target, formula and data source or
    // "belum diisi"; PK indicators are not IKU.
    let iku = &page[page.find("id=\"iku\"").unwrap()..];
    assert!(
        iku.contains("Indeks satu") && iku.contains("3,5") && iku.contains("Nilai indeks dari survei"),
        "{iku}"
    );
    assert!(iku.contains("belum diisi"), "no data source: {iku}");
    assert!(!iku.contains("Persentase laporan tepat waktu"), "{iku}");
    let planner = signed_in(&app, "planner").await;
    let (_, page) = text(&planner, url.clone()).await;
    let form = |target: &str, read: &str| {
        vec![
            ("csrf".to_string(), field(&page, "csrf")),
            ("tahun".into(), "2024".into()),
            ("read".into(), read.to_string()),
            ("from_year".into(), "2025".into()),
            ("to_year".into(), "2029".into()),
            ("vision".into(), "Menjadi penyelenggara pemilu yang mandiri".into()),
            (
                "missions".into(),
                "Menyelenggarakan pemilu\n\nMeningkatkan partisipasi".into(),
            ),
            ("goals".into(), "2".into()),
            ("g0_indicators".into(), "1".into()),
            ("g0_text".into(), "Meningkatnya partisipasi pemilih".into()),
            ("g0_i0_text".into(), "Tingkat partisipasi".into()),
            ("g0_i0_y2025".into(), target.to_string()),
            ("g0_i0_y2029".into(), "85%".into()),
            ("g0_i0_computation".into(), "Pemilih yang memilih ÷ DPT × 100%".into()),
            ("g0_i0_source".into(), "Rekapitulasi hasil pemilu".into()),
            ("g1_indicators".into(), "1".into()),
            ("g1_text".into(), "".into()),
            ("g1_i0_text".into(), "".into()),
        ]
    };
    let read = field(&page, "read");
    let post = |fields: Vec<(String, String)>| {
        let c = planner.clone();
        let u = format!("{}/kantor/kpu-contoh/renstra", app.base);
        async move { c.post(u).form(&fields).send().await.unwrap() }
    };
    let r = post(form("1.5%", &read)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("Tujuan 1, 2025:") && body.contains("Meningkatnya partisipasi pemilih"),
        "{body}"
    );
    let r = post(form("80%", &read)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let renstra = app.store.renstra(office.id).await.unwrap().unwrap();
    assert_eq!(
        (
            renstra.from_year,
            renstra.to_year,
            renstra.missions.len(),
            renstra.goals.len()
        ),
        (2025, 2029, 2, 1)
    );
    assert_eq!(renstra.goals[0].indicators[0].targets.len(), 2);
    assert_eq!(
        (
            renstra.goals[0].indicators[0].computation.as_deref(),
            renstra.goals[0].indicators[0].data_source.as_deref()
        ),
        (
            Some("Pemilih yang memilih ÷ DPT × 100%"),
            Some("Rekapitulasi hasil pemilu")
        )
    );
    // The same form again: the Renstra changed since it was read.
    let r = post(form("81%", &read)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(app.store.renstra(office.id).await.unwrap().unwrap(), renstra);
}

/// Error pages speak the user's language; assets include the embedded fonts.
#[tokio::test]
async fn error_pages_follow_the_users_language() {
    let app = app().await;
    let c = signed_in(&app, "operator").await;
    let (status, page) = text(&c, format!("{}/kantor/tidak-ada", app.base)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Halaman tidak ditemukan."), "{page}");
    let (_, home) = text(&c, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    let r = c
        .post(format!("{}/bahasa", app.base))
        .form(&[("lang", "en"), ("csrf", &field(&home, "csrf"))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = text(&c, format!("{}/kantor/tidak-ada", app.base)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("Page not found.") && page.contains("lang=\"en\""),
        "{page}"
    );
    let font = client()
        .get(format!("{}/assets/fonts/LiberationSans-Regular.ttf", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(font.headers()["content-type"], "font/ttf");
    assert!(font.bytes().await.unwrap().len() > 100_000);
}

/// Actions scheduled in a period: the operator reports each done or not done, with a note.
#[tokio::test]
async fn scheduled_actions_are_reported_done_or_not() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let mine: Vec<i64> = plan
        .objectives_of(unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .map(|i| i.id)
        .collect();
    let action = plan
        .actions
        .iter()
        .find(|a| {
            mine.contains(&a.indicator)
                && !a.schedule.periods.is_empty()
                && a.schedule.kind == kinerja_domain::period::PeriodKind::Month
        })
        .expect("a scheduled action of Subbag Rendatin");
    let month = action.schedule.periods[0];
    let url = format!(
        "{}/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B{month}&tahun=2024",
        app.base
    );
    let op = signed_in(&app, "operator").await;
    let (_, page) = text(&op, url.clone()).await;
    assert!(
        page.contains(&format!("id=\"kegiatan-{}\"", action.id)) && page.contains("Belum dilaporkan"),
        "{page}"
    );
    let form = vec![
        ("csrf", field(&page, "csrf")),
        ("kegiatan", action.id.to_string()),
        ("done", "1".to_string()),
        ("note", "Rapat 12 Maret, notula terlampir".to_string()),
        ("unit", "subbag-rendatin".to_string()),
        ("periode", format!("B{month}")),
        ("tahun", "2024".to_string()),
    ];
    let post = format!("{}/kantor/kpu-contoh/pantau/kegiatan", app.base);
    let r = op.post(&post).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&op, url.clone()).await;
    assert!(
        page.contains("✓ Terlaksana") && page.contains("Rapat 12 Maret, notula terlampir"),
        "{page}"
    );
    // An answer that is neither done nor not done is refused.
    let mut bad = form.clone();
    bad[2].1 = "mungkin".into();
    let r = op.post(&post).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Oversight sees it, without the buttons.
    let province = signed_in(&app, "provinsi").await;
    let (_, seen) = text(&province, url).await;
    assert!(seen.contains("✓ Terlaksana") && !seen.contains("action-progress"));
    let log = app.store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (log[0].entity.as_str(), log[0].actor.as_str()),
        ("action_progress", "operator")
    );
}

/// The reviewer (APIP) reads everything of the office and comments, without changing figures;
/// oversight from above does not comment.
#[tokio::test]
async fn reviewers_comment_without_changing_figures() {
    let app = app().await;
    let reviewer = signed_in(&app, "reviu").await;
    let (status, page) = text(&reviewer, format!("{}{MONITOR}", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains("class=\"realisation\""),
        "no realisation form for a reviewer"
    );
    assert!(page.contains("class=\"comment-form\""));
    let indicator = field(&page, "indicator");
    let csrf = field(&page, "csrf");
    let post = |body: &str| {
        let c = reviewer.clone();
        let url = format!("{}/kantor/kpu-contoh/pantau/komentar", app.base);
        let form = vec![
            ("csrf", csrf.clone()),
            ("indicator", indicator.clone()),
            ("body", body.to_string()),
            ("unit", "subbag-rendatin".to_string()),
            ("periode", "B7".to_string()),
            ("tahun", "2024".to_string()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post("   ").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("the comment is empty"));
    let r = post("Notula rapat Juli belum dilampirkan.").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let op = signed_in(&app, "operator").await;
    let (_, seen) = text(&op, format!("{}{MONITOR}", app.base)).await;
    assert!(
        seen.contains("<strong>reviu</strong>") && seen.contains("Notula rapat Juli belum dilampirkan."),
        "{seen}"
    );
    let province = signed_in(&app, "provinsi").await;
    let (_, above) = text(&province, format!("{}{MONITOR}", app.base)).await;
    assert!(above.contains("Notula rapat Juli") && !above.contains("comment-form"));
}

/// An office's admin manages the office's users: adds one (the role checked against its unit),
/// disables and enables, resets a password; never a user of another office; others may not.
#[tokio::test]
async fn admins_manage_the_users_of_their_office() {
    let app = app().await;
    let url = format!("{}/kantor/kpu-contoh/pengguna", app.base);
    let op = signed_in(&app, "operator").await;
    let (status, _) = text(&op, url.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = signed_in(&app, "admin.contoh").await;
    let (status, page) = text(&admin, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<td>operator</td>") && page.contains("Operator (Subbagian"),
        "{page}"
    );
    assert!(
        !page.contains("<td>orang.lain</td>"),
        "users of another office are not listed"
    );
    let csrf = field(&page, "csrf");
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let unit = app
        .store
        .units(office.id)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.code == "subbag-rendatin")
        .unwrap()
        .id;
    let post = |fields: Vec<(&'static str, String)>| {
        let c = admin.clone();
        let url = url.clone();
        let mut fields = fields;
        fields.push(("csrf", csrf.clone()));
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let add = |unit: &str| {
        vec![
            ("aksi", "add".to_string()),
            ("login", "op.baru".to_string()),
            ("name", "Operator Baru".to_string()),
            ("role", "operator".to_string()),
            ("unit", unit.to_string()),
            ("password", "sandi-awal-123".to_string()),
        ]
    };
    let r = post(add("")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("perlu unit") && body.contains("value=\"op.baru\""),
        "{body}"
    );
    let r = post(add(&unit.to_string())).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Made with the office's code at its end (a login of this office only).
    assert_eq!(location(&r), "/kantor/kpu-contoh/pengguna?baru=op.baru.kpu-contoh");
    let (new, _) = app.store.user_credentials("op.baru.kpu-contoh").await.unwrap().unwrap();
    assert_eq!(new.grants[0].unit, Some(unit));
    // The new user signs in with the first password; the admin resets it, then disables them.
    let c = client();
    let token = crate::csrf(&c, &app.base).await;
    let r = c
        .post(format!("{}/masuk", app.base))
        .form(&[
            ("login", "op.baru.kpu-contoh"),
            ("password", "sandi-awal-123"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(vec![
        ("aksi", "password".into()),
        ("user", new.id.to_string()),
        ("password", "pendek".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(vec![
        ("aksi", "password".into()),
        ("user", new.id.to_string()),
        ("password", "sandi-kedua-456".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(vec![("aksi", "disable".into()), ("user", new.id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(app.store.user(new.id).await.unwrap().unwrap().disabled);
    // A user of another office is not found; the admin cannot disable themself.
    let other = app.store.user_credentials("orang.lain").await.unwrap().unwrap().0;
    let r = post(vec![("aksi", "disable".into()), ("user", other.id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!app.store.user(other.id).await.unwrap().unwrap().disabled);
    let me = app.store.user_credentials("admin.contoh").await.unwrap().unwrap().0;
    let r = post(vec![("aksi", "disable".into()), ("user", me.id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// Budget realisation: planners enter what each line has spent; the dashboard shows absorption.
#[tokio::test]
async fn budget_spending_is_entered_and_absorption_shown() {
    let app = app().await;
    let planner = signed_in(&app, "planner").await;
    let plan_url = format!("{}/kantor/kpu-contoh/rencana?unit=komisi&tahun=2024", app.base);
    let (_, page) = text(&planner, plan_url.clone()).await;
    assert!(
        page.contains("name=\"realised_0\"") && page.contains("Rp 12.692.171.000"),
        "{page}"
    );
    let post = |a: &str, b: &str| {
        let c = planner.clone();
        let url = format!("{}/kantor/kpu-contoh/rencana", app.base);
        let form = vec![
            ("csrf", field(&page, "csrf")),
            ("tahun", "2024".to_string()),
            ("unit", "komisi".to_string()),
            ("aksi", "budget".to_string()),
            ("realised_0", a.to_string()),
            ("realised_1", b.to_string()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post("Rp 12.500.000.000", "satu miliar").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Program Dukungan Manajemen: &#39;satu miliar&#39; bukan angka")
    );
    let r = post("Rp 12.500.000.000", "1.000.000.000").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // (12.500.000.000 + 1.000.000.000) / (12.692.171.000 + 2.842.223.000) = 86,9038…%
    let (_, dashboard) = text(&planner, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    let summary = &dashboard[dashboard.find("Serapan anggaran").unwrap()..];
    assert!(summary[..200].contains("<strong>86,9%</strong>"), "{}", &summary[..200]);
    // An operator cannot.
    let op = signed_in(&app, "operator").await;
    let (_, p) = text(&op, plan_url).await;
    assert!(!p.contains("name=\"realised_0\""));
}

/// A planner ticks the indicators each budget line funds; the LKj measures that line's
/// efficiency by them and names them in a note; a line of another unit, or a made-up id, is
/// refused and nothing changes.
#[tokio::test]
async fn budget_lines_are_linked_to_the_indicators_they_fund() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let komisi = plan.find_unit("komisi").unwrap().id;
    let planner = signed_in(&app, "planner").await;
    let plan_url = format!("{}/kantor/kpu-contoh/rencana?unit=komisi&tahun=2024", app.base);
    let (_, page) = text(&planner, plan_url.clone()).await;
    assert!(page.contains("Indikator yang didanai") && page.contains("belum dikaitkan"));
    // The first indicator offered for line 0.
    let marker = "name=\"link_0\" value=\"";
    let at = page.find(marker).expect("checkboxes for line 0") + marker.len();
    let id: i64 = page[at..at + page[at..].find('"').unwrap()].parse().unwrap();
    let indicator = plan.indicators.iter().find(|i| i.id == id).unwrap().text.clone();
    let post = |pairs: Vec<(&'static str, String)>| {
        let c = planner.clone();
        let url = format!("{}/kantor/kpu-contoh/rencana", app.base);
        let mut form = vec![
            ("csrf", field(&page, "csrf")),
            ("tahun", "2024".to_string()),
            ("unit", "komisi".to_string()),
            ("aksi", "budget_links".to_string()),
        ];
        form.extend(pairs);
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post(vec![("link_0", id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let links = |plan: &kinerja_domain::model::YearPlan| -> Vec<Vec<i64>> {
        plan.budget
            .iter()
            .filter(|b| b.unit == komisi)
            .map(|b| b.indicators.clone())
            .collect()
    };
    let after = app.store.year_plan(office.id, 2024).await.unwrap();
    assert_eq!(links(&after), vec![vec![id], vec![]]);
    // Refused, nothing changed: a line the unit does not have, an id that is not a number.
    let r = post(vec![("link_7", id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(vec![("link_0", "satu".into())]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(vec![("link_1", "999999".into())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        links(&app.store.year_plan(office.id, 2024).await.unwrap()),
        vec![vec![id], vec![]]
    );
    let (_, page) = text(&planner, plan_url).await;
    assert!(page.contains("1 indikator"), "the line says how many it funds");
    let docx = planner
        .get(format!("{}/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let xml = docx_text(&docx);
    let note = format!("dari 1 indikator yang didanainya (\u{201c}{indicator}\u{201d})");
    assert!(
        xml.contains(&note.replace('&', "&amp;")) || xml.contains(&note),
        "the LKj names what the line funds"
    );
}

/// The head signs the PK of a unit under them (place, date, both parties); not a unit above
/// them; an operator not at all.
#[tokio::test]
async fn heads_sign_the_pk_of_their_units() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, 2024).await.unwrap();
    let person = |code: &str| plan.people.iter().find(|p| p.code == code).unwrap().id.to_string();
    let head = signed_in(&app, "sekretaris").await;
    let url = format!("{}/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024", app.base);
    let (_, page) = text(&head, url.clone()).await;
    assert!(page.contains("value=\"sign\""), "the head may sign");
    let csrf = field(&page, "csrf");
    let sign = |unit: &str, date: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("tahun", "2024".to_string()),
            ("unit", unit.to_string()),
            ("aksi", "sign".to_string()),
            ("place", "Contoh".to_string()),
            ("date", date.to_string()),
            ("first", person("kasubbag")),
            ("second", person("ketua")),
        ]
    };
    let post = |c: &reqwest::Client, form: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = format!("{}/kantor/kpu-contoh/rencana", app.base);
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post(&head, sign("subbag-rendatin", "11-01-2024")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(&head, sign("subbag-rendatin", "2024-01-11")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&head, url.clone()).await;
    assert!(page.contains("Ditandatangani: Contoh, 11 Januari 2024"), "{page}");
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let signed = app
        .store
        .year_plan(office.id, 2024)
        .await
        .unwrap()
        .unit_year(unit)
        .unwrap()
        .pk_signed
        .clone()
        .unwrap();
    assert_eq!(signed.date.map(|d| d.to_string()).as_deref(), Some("2024-01-11"));
    // The commission is above the Sekretaris: not theirs to sign.
    let r = post(&head, sign("komisi", "2024-01-11")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let op = signed_in(&app, "operator").await;
    let (_, p) = text(&op, url).await;
    assert!(!p.contains("value=\"sign\""));
    let mut form = sign("subbag-rendatin", "2024-01-12");
    form[0].1 = field(&p, "csrf");
    let r = post(&op, form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// The admin adds and renames units and chooses the office's category scale.
#[tokio::test]
async fn admins_manage_units_and_the_scale() {
    let app = app().await;
    let admin = signed_in(&app, "admin.contoh").await;
    let url = format!("{}/kantor/kpu-contoh/pengguna", app.base);
    let (_, page) = text(&admin, url.clone()).await;
    assert!(page.contains("id=\"skala\"") && page.contains("<td>subbag-rendatin</td>"));
    let csrf = field(&page, "csrf");
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let c = admin.clone();
        let url = url.clone();
        let mut fields: Vec<(&str, String)> = fields.into_iter().map(|(a, b)| (a, b.to_string())).collect();
        fields.push(("csrf", csrf.clone()));
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let unit = |name: &'static str| {
        vec![
            ("aksi", "unit"),
            ("login", "subbag-baru"),
            ("name", name),
            ("role", "subsection"),
            ("unit", "sekretariat"),
        ]
    };
    let r = post(unit("Subbagian Baru")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(unit("Subbagian Baru dan Arsip")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let units = app.store.units(office.id).await.unwrap();
    let new = units.iter().find(|u| u.code == "subbag-baru").unwrap();
    assert_eq!(new.name, "Subbagian Baru dan Arsip");
    assert_eq!(units.iter().filter(|u| u.code == "subbag-baru").count(), 1);
    let r = post(vec![
        ("aksi", "unit"),
        ("login", ""),
        ("name", "x"),
        ("role", "subsection"),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(vec![("aksi", "scale"), ("unit", "tidak-ada")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let scale = app.store.scales_for(office.id).await.unwrap()[0].code.clone();
    let c = admin.clone();
    let r = c
        .post(format!("{}/kantor/kpu-contoh/pengguna", app.base))
        .form(&[
            ("aksi", "scale"),
            ("unit", scale.as_str()),
            ("csrf", field(&page, "csrf").as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    assert_eq!(office.scale.as_deref(), Some(scale.as_str()));
}

/// The admin edits the office's scale: a scale with a gap is refused with the gap named; a whole
/// one is saved as the office's own copy and used from then on.
#[tokio::test]
async fn admins_edit_the_scale_without_gaps() {
    let app = app().await;
    let admin = signed_in(&app, "admin.contoh").await;
    let url = format!("{}/kantor/kpu-contoh/pengguna", app.base);
    let (_, page) = text(&admin, url.clone()).await;
    let scale = field(&page[page.find("id=\"pita\"").unwrap()..], "unit");
    let csrf = field(&page, "csrf");
    let post = |upper_of_first: &'static str| {
        let c = admin.clone();
        let url = url.clone();
        let form = vec![
            ("csrf", csrf.clone()),
            ("aksi", "bands".to_string()),
            ("unit", scale.clone()),
            ("name", "Skala kantor".to_string()),
            ("b0_label", "Kurang".to_string()),
            ("b0_lower", "".to_string()),
            ("b0_upper", upper_of_first.to_string()),
            ("b0_colour", "red".to_string()),
            ("b1_label", "Baik".to_string()),
            ("b1_lower", "60".to_string()),
            ("b1_lower_inclusive", "1".to_string()),
            ("b1_upper", "".to_string()),
            ("b1_colour", "green".to_string()),
            ("b2_label", "".to_string()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post("50").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    let alert = &body[body.find("role=\"alert\"").expect("an error")..];
    assert!(
        alert.starts_with("role=\"alert\">celah:") && alert[..120].contains("50"),
        "the gap is named: {}",
        &alert[..120]
    );
    let r = post("60").await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let code = office.scale.clone().unwrap();
    assert!(code.starts_with("kpu-contoh-"), "{code}");
    let saved = app
        .store
        .scales_for(office.id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.code == code)
        .unwrap();
    assert_eq!(
        saved.bands.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
        vec!["Kurang", "Baik"]
    );
    assert!(
        app.store
            .scales_for(office.id)
            .await
            .unwrap()
            .iter()
            .any(|s| s.code == scale),
        "the original is untouched"
    );
}

/// The text of a DOCX's body.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// Documents are downloaded by whoever may read the office (its own users, the province above),
/// in every format, named after what they are; bad requests say what is wrong.
#[tokio::test]
async fn official_documents_are_downloaded_from_the_office_pages() {
    let app = app().await;
    let op = signed_in(&app, "operator").await;
    let (status, page) = text(&op, format!("{}/kantor/kpu-contoh/dokumen?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Dokumen resmi — KPU Kota Contoh 2024"), "{page}");
    assert!(
        page.contains("/kantor/kpu-contoh/dokumen/pk.pdf?tahun=2024&#38;unit=subbag-rendatin"),
        "{page}"
    );
    assert!(page.contains("/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024"));
    let (_, dashboard) = text(&op, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert!(
        dashboard.contains("/kantor/kpu-contoh/dokumen?tahun=2024"),
        "linked from the dashboard"
    );
    let (_, plan) = text(
        &op,
        format!("{}/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024", app.base),
    )
    .await;
    assert!(plan.contains("/kantor/kpu-contoh/dokumen/pk.pdf?unit=subbag-rendatin&amp;tahun=2024"));
    let (_, monitoring) = text(&op, format!("{}{MONITOR}", app.base)).await;
    assert!(
        monitoring
            .contains("/kantor/kpu-contoh/dokumen/monitoring.pdf?unit=subbag-rendatin&amp;periode=B7&amp;tahun=2024")
    );

    let province = signed_in(&app, "provinsi").await;
    for (who, c) in [("operator", &op), ("provinsi", &province)] {
        for (path, mime, magic, name) in [
            (
                "lkj.pdf?tahun=2024",
                "application/pdf",
                &b"%PDF-"[..],
                "lkj-kpu-contoh-2024.pdf",
            ),
            (
                "pk.docx?unit=subbag-rendatin&tahun=2024",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &b"PK\x03\x04"[..],
                "pk-subbag-rendatin-kpu-contoh-2024.docx",
            ),
            (
                "monitoring.xlsx?periode=TW1&tahun=2024",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &b"PK\x03\x04"[..],
                "monitoring-kpu-contoh-2024-tw1.xlsx",
            ),
        ] {
            let r = c
                .get(format!("{}/kantor/kpu-contoh/dokumen/{path}", app.base))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{who} {path}");
            assert_eq!(r.headers()["content-type"], mime);
            assert_eq!(
                r.headers()["content-disposition"].to_str().unwrap(),
                format!("attachment; filename=\"{name}\"")
            );
            let body = r.bytes().await.unwrap();
            assert!(body.starts_with(magic), "{who} {path}");
        }
    }
    for (path, message) in [
        (
            "pk.pdf?unit=sekretariat&tahun=2024",
            "has no PK for 2024; units with a PK: komisi",
        ),
        (
            "rak.pdf?unit=subbag-rendatin&tanggal=2025-01-15&tahun=2024",
            "a RAK of 2024 is signed in 2024 at the latest",
        ),
        ("lkj.pdf?tanggal=15-01-2025&tahun=2024", "tanggal"),
        ("lkj.odt?tahun=2024", "unknown format"),
        ("laporan.pdf?tahun=2024", "unknown document"),
        ("monitoring.pdf?tahun=2024", "a monitoring report needs a period"),
        ("monitoring.pdf?periode=B13&tahun=2024", "periode"),
        ("pk.pdf?unit=subbag-xyz&tahun=2024", "subbag-xyz"),
    ] {
        let (status, body) = text(&op, format!("{}/kantor/kpu-contoh/dokumen/{path}", app.base)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert!(body.contains(message), "{path}: {body}");
    }
}

/// Planners write the LKj's narratives; the LKj carries them; everything is audited; an
/// operator may read them but not change them; a text over the limit refuses the whole form.
#[tokio::test]
async fn planners_write_the_lkj_narratives() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = signed_in(&app, "planner").await;
    let url = format!("{}/kantor/kpu-contoh/lkj?tahun=2024", app.base);
    let (status, page) = text(&planner, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"n_foreword\""));
    assert!(page.contains("name=\"n_analysis:"), "one analysis per PK objective");
    let csrf = field(&page, "csrf");
    let foreword = "Puji syukur kami panjatkan atas tersusunnya laporan ini.";
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("tahun", "2024"),
            ("n_foreword", foreword),
            ("n_conclusion", "Target tercapai.\r\n\r\nPerlu perbaikan data dukung."),
            ("n_background", ""),
            ("reason", "Penyusunan LKj"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/kantor/kpu-contoh/lkj?tahun=2024&tersimpan=1");
    let stored = app.store.narratives(office.id, 2024).await.unwrap();
    let keys: Vec<&str> = stored.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, ["conclusion", "foreword"], "empty texts are not stored");
    assert_eq!(
        stored[0].body, "Target tercapai.\n\nPerlu perbaikan data dukung.",
        "line ends stored as LF"
    );
    let audit = app.store.audit_log(Some(office.id), 10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entity == "narrative" && e.reason.as_deref() == Some("Penyusunan LKj")),
        "{audit:?}"
    );
    let docx = planner
        .get(format!("{}/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let xml = docx_text(&docx);
    assert!(xml.contains(foreword), "the LKj carries the foreword");
    assert!(xml.contains("Perlu perbaikan data dukung."));

    // Over the limit: refused, nothing written, the text kept in the form.
    let long = "a".repeat(kinerja_store::NARRATIVE_MAX_CHARS + 1);
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("tahun", "2024"),
            ("n_foreword", "Diubah"),
            ("n_summary", long.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("paling banyak 30.000"),
        "{}",
        &body[..500.min(body.len())]
    );
    assert!(body.contains(">Diubah</textarea>"), "what was typed stays");
    let after = app.store.narratives(office.id, 2024).await.unwrap();
    assert_eq!(after[1].body, foreword, "nothing written");

    // A key the LKj does not read.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[("csrf", csrf.as_str()), ("tahun", "2024"), ("n_analysis:999999", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The operator reads but may not write.
    let op = signed_in(&app, "operator").await;
    let (status, page) = text(&op, url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(foreword) && page.contains("<fieldset disabled>"));
    let op_csrf = field(&page, "csrf");
    let r = op
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[("csrf", op_csrf.as_str()), ("tahun", "2024"), ("n_foreword", "Titipan")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.store.narratives(office.id, 2024).await.unwrap()[1].body, foreword);
}

/// The text of the textarea `name`, unescaped.
fn textarea(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("textarea {name}"));
    let open = at + page[at..].find('>').unwrap() + 1;
    let close = open + page[open..].find("</textarea>").unwrap();
    page[open..close]
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Where the data can speak, the LKj page offers Kinerja's draft, marked as such: sent back
/// unchanged it stays a draft (nothing stored, the LKj marks it); accepted or edited it becomes
/// the office's text (stored, audited, printed without the mark).
#[tokio::test]
async fn lkj_drafts_are_offered_and_stay_drafts_until_accepted_or_edited() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = signed_in(&app, "planner").await;
    let url = format!("{}/kantor/kpu-contoh/lkj?tahun=2024", app.base);
    let (status, page) = text(&planner, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Draf dari data (belum disetujui)"), "drafts are marked");
    assert!(page.contains("name=\"accept_summary\""), "a draft can be accepted");
    assert!(
        !page.contains("name=\"accept_background\""),
        "no data speak of the background"
    );
    let summary = textarea(&page, "n_summary");
    let conclusion = textarea(&page, "n_conclusion");
    let foreword = textarea(&page, "n_foreword");
    assert!(
        summary.contains("2024"),
        "the summary is drafted from the year: {summary}"
    );
    assert!(!conclusion.is_empty() && !foreword.is_empty());
    let lkj_docx = || async {
        let bytes = planner
            .get(format!("{}/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024", app.base))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        docx_text(&bytes)
    };
    let marks_before = lkj_docx().await.matches("Draf dari data, belum disetujui").count();
    assert!(
        marks_before >= 3,
        "the foreword, summary and conclusion are marked drafts"
    );
    let csrf = field(&page, "csrf");
    let edited = format!("{conclusion}\n\nDitambahkan oleh perencana.");
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("tahun", "2024"),
            ("n_foreword", foreword.as_str()),
            ("n_summary", summary.as_str()),
            ("accept_summary", "1"),
            ("n_conclusion", edited.as_str()),
            ("reason", "Draf diperiksa"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let stored = app.store.narratives(office.id, 2024).await.unwrap();
    let keys: Vec<&str> = stored.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(
        keys,
        ["conclusion", "summary"],
        "the unchanged, unaccepted foreword stays a draft"
    );
    assert_eq!(stored[1].body.trim(), summary.trim());
    let (_, page) = text(&planner, url).await;
    assert!(
        !page.contains("name=\"accept_summary\""),
        "an accepted draft is the office's text"
    );
    assert!(
        page.contains("name=\"accept_foreword\""),
        "the foreword is still offered as a draft"
    );
    let xml = lkj_docx().await;
    assert!(
        xml.contains("Ditambahkan oleh perencana."),
        "the edited text is printed"
    );
    let marks = xml.matches("Draf dari data, belum disetujui").count();
    // Each draft is marked where it stands and listed among the gaps at the end.
    assert_eq!(
        marks,
        marks_before - 2 * 2,
        "the summary and the conclusion are no longer drafts"
    );
}

const IMPORT_RAK: &str = "RENCANA AKSI KINERJA TAHUN 2025\nSUB BAGIAN PERENCANAAN, DATA DAN INFORMASI\n\nNO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n1\tTerwujudnya perencanaan yang baik\tJumlah dokumen perencanaan\t4 dokumen\tPenyusunan RKA\t\u{221a}\t\t\u{221a}\t\tSubbag Rendatin\n\t\t\t\tReviu RKA\t\t\u{221a}\t\t\u{221a}\tSubbag Rendatin\n2\tTerwujudnya data yang valid\tPersentase data valid\t100%\tPemutakhiran data\t\u{221a}\t\u{221a}\t\u{221a}\t\u{221a}\tSubbag Rendatin\n\t\t\t\tRapat koordinasi\t\u{221a}\t\u{221a}\t\u{221a}\t\u{221a}\t\u{221a}\tSubbag Rendatin\n";

fn upload(csrf: &str, name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .text("tahun", "")
        .text("unit", "")
        .part(
            "berkas",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        )
}

/// A planner uploads the RAK the office already has, sees every row read and every warning,
/// and applies it: the year's plan has it. The same file again adds nothing (and offers no
/// apply); a changed file adds only what is new and names the stored values it keeps; an
/// operator may not import.
#[tokio::test]
async fn a_planner_imports_an_existing_rak_after_seeing_it() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = signed_in(&app, "planner").await;
    let (status, page) = text(&planner, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = field(&page, "csrf");
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rak-2025.txt", IMPORT_RAK.as_bytes().to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert!(
        preview.contains("Penyusunan RKA") && preview.contains("Reviu RKA") && preview.contains("Pemutakhiran data")
    );
    assert!(
        preview.contains(
            "Akan ditambahkan ke 1 rencana unit (subbag-rendatin 2025): 2 sasaran, 2 indikator, 4 kegiatan, 0 baris anggaran; 0 indikator dan 0 kegiatan yang ada dilengkapi."
        ),
        "{preview}"
    );
    assert!(preview.contains("Peringatan (1)"), "the row with a fifth mark is named");
    assert!(preview.contains("Terapkan ke rencana"));
    assert!(
        app.store
            .year_plan(office.id, 2025)
            .await
            .unwrap()
            .objectives
            .is_empty(),
        "nothing written yet"
    );
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor/terapkan", app.base))
        .form(&[("csrf", csrf.as_str()), ("reason", "Impor RAK 2025")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        "/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2025"
    );
    let plan = app.store.year_plan(office.id, 2025).await.unwrap();
    assert_eq!(plan.objectives.len(), 2);
    assert_eq!(plan.actions.len(), 4);
    let (_, page) = text(&planner, format!("{}{}", app.base, location(&r))).await;
    assert!(
        page.contains("Pohon kinerja disusun dari Perjanjian Kinerja, dan tahun ini belum ada PK"),
        "a RAK without a PK is not called 'no plan'"
    );
    let reviu = plan.actions.iter().find(|a| a.text == "Reviu RKA").unwrap();
    assert_eq!(reviu.schedule.periods, [2, 4]);
    let rapat = plan.actions.iter().find(|a| a.text == "Rapat koordinasi").unwrap();
    assert_eq!(
        rapat.schedule.periods,
        [1, 2, 3, 4],
        "the marks under the header, the fifth dropped"
    );
    let audit = app.store.audit_log(Some(office.id), 5).await.unwrap();
    assert!(
        audit.iter().any(|e| e.reason.as_deref() == Some("Impor RAK 2025")),
        "{audit:?}"
    );
    // Applying again: nothing is waiting any more.
    let again = planner
        .post(format!("{}/kantor/kpu-contoh/impor/terapkan", app.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    // The same file again: everything is there, nothing to apply.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rak-2025.txt", IMPORT_RAK.as_bytes().to_vec()))
        .send()
        .await
        .unwrap();
    let same = r.text().await.unwrap();
    assert!(
        same.contains("Semua isi berkas sudah ada di rencana (subbag-rendatin 2025): tidak ada yang akan ditambahkan."),
        "{same}"
    );
    assert!(!same.contains("Terapkan ke rencana"));
    // A newer version of the file: one more action, another target. Only the action is added;
    // the stored target is kept and shown beside the file's.
    let changed = IMPORT_RAK
        .replace("4 dokumen", "5 dokumen")
        .replace(
            "\t\t\t\tReviu RKA\t\t\u{221a}\t\t\u{221a}\tSubbag Rendatin\n",
            "\t\t\t\tReviu RKA\t\t\u{221a}\t\t\u{221a}\tSubbag Rendatin\n\t\t\t\tEvaluasi RKA\t\t\t\t\u{221a}\tSubbag Rendatin\n",
        );
    assert!(changed.contains("Evaluasi RKA"));
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rak-2025-v2.txt", changed.into_bytes()))
        .send()
        .await
        .unwrap();
    let merge = r.text().await.unwrap();
    assert!(
        merge.contains("Akan ditambahkan ke 1 rencana unit (subbag-rendatin 2025): 0 sasaran, 0 indikator, 1 kegiatan"),
        "{merge}"
    );
    assert!(
        merge.contains("Sudah ada dan tidak ditulis ulang: 2 sasaran, 2 indikator, 4 kegiatan"),
        "{merge}"
    );
    let kept = merge
        .split("<table class=\"data kept\">")
        .nth(1)
        .expect("a table of kept values");
    let kept = &kept[..kept.find("</table>").unwrap()];
    assert!(
        kept.contains("Jumlah dokumen perencanaan") && kept.contains("<td>4 dokumen</td><td>5 dokumen</td>"),
        "{kept}"
    );
    let before = app.store.year_plan(office.id, 2025).await.unwrap();
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor/terapkan", app.base))
        .form(&[("csrf", csrf.as_str()), ("reason", "RAK 2025 versi 2")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let plan = app.store.year_plan(office.id, 2025).await.unwrap();
    assert_eq!(plan.actions.len(), 5);
    let new = plan.actions.iter().find(|a| a.text == "Evaluasi RKA").unwrap();
    assert_eq!(new.schedule.periods, [4]);
    let reviu_after = plan.actions.iter().find(|a| a.text == "Reviu RKA").unwrap();
    assert_eq!(reviu_after.id, reviu.id, "what was there keeps its id");
    assert_eq!(
        plan.indicators, before.indicators,
        "indicators untouched: the stored target 4 dokumen kept"
    );
    // A binary file is named, nothing kept.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "scan.pdf", vec![0xff, 0xfe, 0, 1]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("scan.pdf: bukan teks"));
    // The operator may not import.
    let op = signed_in(&app, "operator").await;
    let (status, _) = text(&op, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// One file holding the office's RKT, its IKU and the commission's RAK with its signature
/// block: the RKT gives the top unit's PK targets and names the action, the RAK schedules that
/// same action, the IKU adds how the indicator is computed and its data source, and the
/// signatory who is one of the office's people signs the RAK. What cannot be written (an IKU
/// indicator in no plan, a signatory who is not one of the office's people) is named.
#[tokio::test]
async fn an_rkt_iku_and_signed_rak_fill_one_plan() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = signed_in(&app, "planner").await;
    let (_, page) = text(&planner, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    let csrf = field(&page, "csrf");
    let file = "PERJANJIAN KINERJA TAHUN 2025\nSUB BAGIAN PERENCANAAN, DATA DAN INFORMASI\n\n\
        NO\tSASARAN STRATEGIS\tINDIKATOR\tTARGET\n\
        1\tTersedianya laporan monitoring\tJumlah laporan monitoring\t4 Laporan\n\n\
        Kegiatan Anggaran\n1. Perencanaan, Program dan Anggaran Rp. 828.483.000\nRp. 828.483.000\n\n\
        RENCANA KINERJA TAHUNAN TAHUN 2025\nKPU KOTA CONTOH\n\n\
        NO\tSASARAN PROGRAM/KEGIATAN\tINDIKATOR KINERJA\tTARGET\tNAMA KEGIATAN AKSI\n\
        1\tMeningkatnya akuntabilitas\tPersentase laporan tepat waktu\t95%\tMenyusun laporan kinerja\n\n\
        INDIKATOR KINERJA UTAMA TAHUN 2025\nKPU KOTA CONTOH\n\n\
        NO\tIndikator Kinerja\tCara Perhitungan\tSumber Data\n\
        1\tPersentase laporan tepat waktu\tLaporan tepat waktu dibagi seluruh laporan x 100%\tArsip Sekretariat\n\
        2\tIndeks kepuasan layanan\tHasil survei\tLaporan survei\n\n\
        RENCANA AKSI KINERJA TAHUN 2025\nKPU KOTA CONTOH\n\n\
        NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n\
        1\tMeningkatnya akuntabilitas\tPersentase laporan tepat waktu\t95%\tMenyusun laporan kinerja\t\u{221a}\t\t\t\u{221a}\tSekretariat\n\n\
        Contoh, 11 Januari 2025\nPihak Kedua,\nKetua Komisi Pemilihan Umum\nKota Contoh\nNAMA KETUA, S.H.\n\
        Pihak Pertama,\nSekretaris\nORANG TIDAK DIKENAL\n";
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rkt-iku-rak-2025.txt", file.as_bytes().to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert!(
        preview.contains(
            "Akan ditambahkan ke 2 rencana unit (subbag-rendatin 2025, komisi 2025): 2 sasaran, 2 indikator, 1 kegiatan, 1 baris anggaran"
        ),
        "{preview}"
    );
    assert!(
        preview.contains("Indeks kepuasan layanan") && preview.contains("yang tidak ada di rencana 2025 mana pun"),
        "the IKU indicator with no plan is named"
    );
    assert!(
        preview.contains("penanda tangan ORANG TIDAK DIKENAL (pihak pertama) bukan orang yang terdaftar di kantor ini"),
        "{preview}"
    );
    assert!(
        preview.contains("<td>Persentase laporan tepat waktu</td><td>Laporan tepat waktu dibagi seluruh laporan x 100%</td><td>Arsip Sekretariat</td>"),
        "the IKU shown with its formula and source"
    );
    assert!(preview.contains("Peringatan (0)"), "an IKU has no objectives to miss");
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor/terapkan", app.base))
        .form(&[("csrf", csrf.as_str()), ("reason", "RKT, IKU dan RAK 2025")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let plan = app.store.year_plan(office.id, 2025).await.unwrap();
    assert!(
        preview.contains("<td>Perencanaan, Program dan Anggaran</td><td class=\"num\">Rp. 828.483.000</td>"),
        "the PK's budget is shown"
    );
    assert_eq!(
        (plan.objectives.len(), plan.indicators.len(), plan.actions.len()),
        (2, 2, 1)
    );
    let sub = plan.find_unit("subbag-rendatin").unwrap().id;
    let budget: Vec<(&str, String)> = plan
        .budget
        .iter()
        .filter(|b| b.unit == sub)
        .map(|b| (b.name.as_str(), b.ceiling.to_string()))
        .collect();
    assert_eq!(budget, [("Perencanaan, Program dan Anggaran", "828483000".to_string())]);
    let sub_year = plan.unit_years.iter().find(|y| y.unit == sub).unwrap();
    assert_eq!(
        sub_year.stated_budget_total.map(|d| d.to_string()).as_deref(),
        Some("828483000")
    );
    assert!(sub_year.has_pk);
    let i = plan
        .indicators
        .iter()
        .find(|i| i.text == "Persentase laporan tepat waktu")
        .unwrap();
    assert_eq!(
        (
            i.pk_target.as_ref().map(|v| v.raw()),
            i.rak_target.as_ref().map(|v| v.raw()),
            i.computation.as_deref(),
            i.data_source.as_deref()
        ),
        (
            Some("95%"),
            Some("95%"),
            Some("Laporan tepat waktu dibagi seluruh laporan x 100%"),
            Some("Arsip Sekretariat")
        )
    );
    let a = &plan.actions[0];
    assert_eq!(
        (a.text.as_str(), a.schedule.periods.clone(), a.executor.as_deref()),
        ("Menyusun laporan kinerja", vec![1, 4], Some("Sekretariat"))
    );
    let komisi = plan.find_unit("komisi").unwrap().id;
    let year = plan.unit_years.iter().find(|y| y.unit == komisi).unwrap();
    assert!(year.has_pk && year.has_rak, "{year:?}");
    let signed = year.rak_signed.as_ref().expect("the RAK is signed");
    let ketua = plan.people.iter().find(|p| p.code == "ketua").unwrap().id;
    assert_eq!(
        (
            signed.place.as_deref(),
            signed.date.map(|d| d.to_string()),
            signed.first,
            signed.second
        ),
        (Some("Contoh"), Some("2025-01-11".to_string()), None, Some(ketua))
    );
}
