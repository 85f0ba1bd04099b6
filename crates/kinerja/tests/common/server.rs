//! A `kinerja serve` process on loopback, a fresh PostgreSQL database, and a browser-like client:
//! for the tests that run Kinerja as a service.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use sqlx::Connection;

/// A `kinerja serve` process, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub metrics: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `kinerja serve` on `db` with `extra` options (`--files` among them, or its evidence
/// files go to `kinerja-berkas` of the working directory), on free loopback ports, and waits
/// for it to say where it listens.
pub fn serve(db: &str, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args([
            "--db",
            db,
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
        ])
        .args(["--remind-from-hour", "0"])
        .args(extra)
        .env_remove("KINERJA_DATABASE_URL")
        .env_remove("KINERJA_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kinerja serve starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut base, mut metrics) = (None, None);
    let started = Instant::now();
    while base.is_none() || metrics.is_none() {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("kinerja serve stopped before listening (after {:?})", started.elapsed()))
            .unwrap();
        let address = |marker: &str| {
            line.split_once(marker)
                .map(|(_, rest)| format!("http://{}", rest.split(['/', ' ']).next().unwrap()))
        };
        base = base.or_else(|| address("berjalan di http://"));
        metrics = metrics.or_else(|| address("Metrik Prometheus di http://"));
    }
    // The rest of its output is not read; keep the pipe drained so that it never blocks.
    std::thread::spawn(move || lines.for_each(drop));
    Server {
        child,
        base: base.unwrap(),
        metrics: metrics.unwrap(),
    }
}

/// A fresh database on the test server, dropped when the guard goes.
pub struct Database {
    admin: String,
    name: String,
    pub url: String,
}

impl Database {
    pub async fn create() -> Database {
        Self::named(&format!("kinerja_servers_{}", std::process::id())).await
    }

    /// A fresh database `name` (dropped first if a failed run left it).
    pub async fn named(name: &str) -> Database {
        let admin = std::env::var("KINERJA_TEST_POSTGRES_URL")
            .expect("KINERJA_TEST_POSTGRES_URL names the PostgreSQL server this test runs on");
        let name = name.to_string();
        let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut c)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut c)
            .await
            .unwrap();
        let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
        Database { admin, name, url }
    }

    pub async fn drop_it(self) {
        let mut c = sqlx::PgConnection::connect(&self.admin).await.unwrap();
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .execute(&mut c)
            .await;
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the first field `name` of a page's forms.
pub fn field(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page.find(&marker).unwrap_or_else(|| panic!("field {name}")) + marker.len();
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

pub async fn page(c: &reqwest::Client, url: String) -> String {
    let r = c.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.text().await.unwrap()
}

/// Signs `login` in on `base` (the demo's password).
pub async fn sign_in(c: &reqwest::Client, base: &str, login: &str) {
    let csrf = field(&page(c, format!("{base}/masuk")).await, "csrf");
    let r = c
        .post(format!("{base}/masuk"))
        .form(&[("login", login), ("password", "kinerja-demo"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{login} signs in");
}
