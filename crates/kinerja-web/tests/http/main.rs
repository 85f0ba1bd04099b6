//! The web application over HTTP: a real server on port 0 with a fresh SQLite database holding
//! two regency offices under one province (the store contract's sample) and a user per role.

use std::sync::Arc;

use kinerja_domain::access::{Grant, Role};
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::{Login, Year};
use kinerja_store::{Actor, NewUser, Store, UnitDraft, password};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const PASSWORD: &str = "rahasia-uji-123";

mod access;
mod figures;
mod final_documents;
mod hostile;
use access::WALK;
mod monitoring;
use monitoring::{multipart_save, pdf};
mod admin;
mod api;
mod documents;
mod evaluation;
mod planning;
mod second_factor;
use documents::docx_text;
mod deletes;
mod history;
mod imports;
mod notices;
mod operations;
mod oversight;
mod tasks;
#[path = "../../../kinerja-import/tests/support/word.rs"]
mod word;
mod years;

struct TestApp {
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

async fn app() -> TestApp {
    app_with(Backend::Sqlite, |_| {}).await
}

/// An app on `backend`, its configuration changed by `configure` before it starts.
async fn app_with(backend: Backend, configure: impl FnOnce(&mut kinerja_web::Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = open_store(backend, dir.path()).await;
    let mut ds = kinerja_store_contract::sample_dataset();
    let mut other = ds.offices[1].clone();
    (other.code, other.name, other.full_name) = (
        "kpu-lain".parse().unwrap(),
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
        ("evaluator", Role::Evaluator, province, None),
        ("ketua.evaluator", Role::EvaluatorLead, province, None),
    ] {
        let user = NewUser {
            login: login.parse().unwrap(),
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
        // Small, so that the oversized cases stay small.
        max_upload_bytes: 64 * 1024,
        // The oversight list waits for every change: tests check figures at the next request.
        oversight_wait: std::time::Duration::from_secs(60),
        ..kinerja_web::Config::new(Year::of(2024), dir.path().join("berkas"))
    };
    configure(&mut config);
    tokio::spawn(kinerja_web::serve(
        store.clone(),
        config,
        listener,
        None,
        std::future::pending(),
    ));
    TestApp {
        base,
        store,
        db,
        _dir: dir,
    }
}

/// What a test does with the app: sign a user in, make a token, call the API.
impl TestApp {
    /// The indicator of the test office's 2024 plan with this text, as stored now.
    async fn indicator(&self, text: &str) -> kinerja_domain::model::Indicator {
        let office = self.store.find_office("kpu-contoh").await.unwrap().unwrap();
        let plan = self.store.year_plan(office.id, Year::of(2024)).await.unwrap();
        plan.indicators.iter().find(|i| i.text == text).unwrap().clone()
    }

    async fn signed_in(&self, login: &str) -> reqwest::Client {
        let c = client();
        let token = crate::csrf(&c, &self.base).await;
        let r = submit(
            &c,
            format!("{}/masuk", self.base),
            &[("login", login), ("password", PASSWORD), ("csrf", &token)],
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login} signs in");
        assert_eq!(location(&r), "/");
        c
    }
    /// The id of a user of the test app.
    async fn user_id(&self, login: &str) -> i64 {
        self.store
            .user_credentials(&login_of(login))
            .await
            .unwrap()
            .unwrap()
            .0
            .id
    }
    /// An API token for a user of the test app, made as `kinerja user token` makes it.
    async fn token_for(&self, login: &str) -> String {
        let user = self.store.user_credentials(&login_of(login)).await.unwrap().unwrap().0;
        let secret = kinerja_store::token::generate();
        self.store
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
    async fn api_get(&self, token: &str, path: &str) -> (StatusCode, serde_json::Value) {
        let r = client()
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap())
    }
    async fn api_post(&self, token: &str, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
        let r = client()
            .post(format!("{}/api/v1/offices/kpu-contoh/realisations", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap())
    }
}

/// A form posted by `c` to `url`.
async fn submit<T: serde::Serialize + ?Sized>(c: &reqwest::Client, url: String, form: &T) -> reqwest::Response {
    c.post(url).form(form).send().await.unwrap()
}

/// A login written in a test.
fn login_of(s: &str) -> Login {
    s.parse().unwrap()
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
    let page = text(c, format!("{base}/masuk")).await.1;
    field(&page, "csrf")
}

fn field(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page.find(&marker).unwrap_or_else(|| panic!("field {name}")) + marker.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

const MONITOR: &str = "/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024";

/// The first new figure of [`MONITOR`]'s page (July of Subbag Rendatin) with `value`, as its
/// form posts it.
fn july_figure(page: &str, value: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", field(page, "csrf")),
        ("indicator", field(page, "indicator")),
        ("unit", "subbag-rendatin".into()),
        ("periode", "B7".into()),
        ("tahun", "2024".into()),
        ("version", "0".into()),
        ("value", value.into()),
    ]
}

async fn text(c: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
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
