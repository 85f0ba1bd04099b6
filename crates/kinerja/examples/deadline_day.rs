//! The deadline-day benchmark (docs/BENCHMARKS.md): the synthetic national year on PostgreSQL,
//! two `kinerja serve` processes on it, and the last day before the 10th compressed into
//! minutes — every office's operator saving the month's figures through the API, the offices'
//! dashboard pages and KPU RI's oversight list read meanwhile by signed-in users — then every
//! save checked in the database: none lost, none applied twice.
//!
//! ```text
//! cargo build --release -p kinerja --example deadline_day
//! target/release/examples/deadline_day --admin-url postgres://kinerja:kinerja@127.0.0.1:5432/postgres \
//!     [--saves 50000] [--dashboards 5000] [--oversight 500] [--concurrency 64] [--regencies 514] \
//!     [--reads pages|api] [--rate 0]
//! ```
//!
//! It creates (and at the end drops) the database `kinerja_deadline_day`, writes the synthetic
//! year with `kinerja bench`, gives each office an operator (a planner of that office, with an
//! API token) and KPU RI an oversight user, starts the two servers from the `kinerja` binary
//! beside it (`target/release/kinerja`) and signs every user in through the sign-in form.
//! `--reads api` reads the same figures through the API with the tokens instead of the pages;
//! `--rate R` sends R requests a second in all (0, the default: as fast as N at once allow).
//! Not a test: it asserts nothing about time, it reports p50/p90/p99 per route and the errors.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use kinerja_domain::access::{Grant, Role};
use kinerja_domain::i18n::Lang;
use kinerja_store::prelude::*;
use kinerja_store::{Actor, NewUser, Store, token};
use sqlx::Connection;

const DATABASE: &str = "kinerja_deadline_day";
const PERIOD: &str = "B12";

struct Options {
    admin_url: String,
    saves: usize,
    dashboards: usize,
    oversight: usize,
    concurrency: usize,
    regencies: usize,
    /// The dashboard and oversight views read as HTML pages (signed-in sessions) or via the API.
    pages: bool,
    /// Requests a second in all (0: unpaced).
    rate: f64,
}

fn options() -> Result<Options> {
    let mut o = Options {
        admin_url: String::new(),
        saves: 50_000,
        dashboards: 5_000,
        oversight: 500,
        concurrency: 64,
        regencies: 514,
        pages: true,
        rate: 0.0,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).context("every option takes a value")?;
        match pair[0].as_str() {
            "--admin-url" => o.admin_url = value.clone(),
            "--saves" => o.saves = value.parse()?,
            "--dashboards" => o.dashboards = value.parse()?,
            "--oversight" => o.oversight = value.parse()?,
            "--concurrency" => o.concurrency = value.parse()?,
            "--regencies" => o.regencies = value.parse()?,
            "--rate" => o.rate = value.parse()?,
            "--reads" => {
                o.pages = match value.as_str() {
                    "pages" => true,
                    "api" => false,
                    other => bail!("--reads takes pages or api, not {other}"),
                }
            }
            other => bail!("unknown option {other}"),
        }
    }
    if o.admin_url.is_empty() {
        bail!("--admin-url postgres://user:password@host:port/postgres is required");
    }
    Ok(o)
}

/// One request of the day.
#[derive(Clone)]
enum Job {
    Save {
        office: usize,
        indicator: i64,
        version: i64,
        value: String,
    },
    Dashboard {
        office: usize,
    },
    Oversight,
}

struct Server {
    child: std::process::Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> Result<std::path::PathBuf> {
    let exe = std::env::current_exe()?;
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("kinerja"))
        .context("the kinerja binary's directory")?;
    if !bin.is_file() {
        bail!("{} is missing: cargo build --release -p kinerja", bin.display());
    }
    Ok(bin)
}

async fn start(bin: &std::path::Path, url: &str, port: u16) -> Result<Server> {
    let child = std::process::Command::new(bin)
        .args([
            "--db",
            url,
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--year",
            "2024",
        ])
        .env("KINERJA_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()?;
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let c = reqwest::Client::new();
    for _ in 0..300 {
        if let Ok(r) = c.get(format!("{}/readyz", server.base)).send().await
            && r.status().is_success()
        {
            return Ok(server);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the server on port {port} did not become ready")
}

/// A user of `role` on `office` with an API token; the token.
async fn user_with_token(store: &dyn Store, hash: &str, login: &str, grant: Grant) -> Result<String> {
    let actor = Actor::new("deadline_day");
    let user = store
        .create_user(
            &actor,
            &NewUser {
                login: login.parse()?,
                name: login.into(),
                password_hash: hash.into(),
                lang: Lang::Id,
                grants: vec![grant],
            },
            "benchmark",
        )
        .await?;
    let secret = token::generate();
    store
        .create_api_token(&actor, user.id, "deadline day", &token::digest(&secret))
        .await?;
    Ok(secret)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[at].as_secs_f64() * 1000.0
}

/// The password of every user the benchmark creates.
const PASSWORD: &str = "beban-tenggat-2024";
/// The oversight user at KPU RI.
const OVERSIGHT: &str = "pengawas.beban";

/// Who takes part: the offices' codes, their operators' tokens, the oversight user's token,
/// and (when the pages are read) everyone's signed-in sessions.
struct People {
    codes: Vec<String>,
    tokens: Vec<String>,
    oversight: String,
    sessions: Option<Sessions>,
}

/// Signed-in sessions: each office's operator, and the oversight user.
struct Sessions {
    operators: Vec<reqwest::Client>,
    oversight: reqwest::Client,
}

/// A client holding a session of `login` (signed in through the sign-in form on `base`).
async fn signed_in(base: &str, login: &str) -> Result<reqwest::Client> {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let form = c.get(format!("{base}/masuk")).send().await?.text().await?;
    let marker = "name=\"csrf\" value=\"";
    let at = form.find(marker).context("the sign-in form's token")? + marker.len();
    let csrf = &form[at..at + form[at..].find('"').context("token")?];
    let r = c
        .post(format!("{base}/masuk"))
        .form(&[("login", login), ("password", PASSWORD), ("csrf", csrf)])
        .send()
        .await?;
    if r.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("{login} could not sign in: {}", r.status());
    }
    Ok(c)
}

/// A fresh database with the synthetic year and a user with a token for each office (not yet
/// signed in).
async fn setup(o: &Options, bin: &std::path::Path, url: &str) -> Result<People> {
    {
        let mut admin = sqlx::PgConnection::connect(&o.admin_url).await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
            .execute(&mut admin)
            .await?;
        sqlx::query(&format!("CREATE DATABASE {DATABASE}"))
            .execute(&mut admin)
            .await?;
    }
    let t = Instant::now();
    let out = std::process::Command::new(bin)
        .args([
            "--db",
            url,
            "bench",
            "--regencies",
            &o.regencies.to_string(),
            "--runs",
            "1",
        ])
        .output()?;
    if !out.status.success() {
        bail!("kinerja bench: {}", String::from_utf8_lossy(&out.stderr));
    }
    print!("{}", String::from_utf8_lossy(&out.stdout));
    println!("synthetic year written in {:.0} s", t.elapsed().as_secs_f64());
    let store = kinerja_store_postgres::open(url).await?;
    let offices = store.offices().await?;
    let hash = kinerja_store::password::hash(PASSWORD)?;
    let mut tokens = Vec::with_capacity(offices.len());
    for office in &offices {
        let grant = Grant {
            role: Role::Planner,
            office: office.id,
            unit: None,
        };
        tokens.push(user_with_token(&store, &hash, &format!("op.{}", office.code), grant).await?);
    }
    let national = offices.iter().find(|o| o.parent.is_none()).context("KPU RI")?;
    let grant = Grant {
        role: Role::Oversight,
        office: national.id,
        unit: None,
    };
    let oversight = user_with_token(&store, &hash, OVERSIGHT, grant).await?;
    store.close().await;
    println!("{} operators and one oversight user with API tokens", tokens.len());
    Ok(People {
        codes: offices.iter().map(|o| o.code.to_string()).collect(),
        tokens,
        oversight,
        sessions: None,
    })
}

/// Every operator and the oversight user signed in, alternately on each server.
async fn sign_in_all(bases: &[String], codes: &[String]) -> Result<Sessions> {
    let t = Instant::now();
    let mut operators = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        operators.push(signed_in(&bases[i % bases.len()], &format!("op.{code}")).await?);
    }
    let oversight = signed_in(&bases[0], OVERSIGHT).await?;
    println!(
        "{} users signed in in {:.0} s",
        operators.len() + 1,
        t.elapsed().as_secs_f64()
    );
    Ok(Sessions { operators, oversight })
}

/// Each office's editable figures of the month (its operator's first read of the day).
async fn editable(client: &reqwest::Client, bases: &[String], people: &People) -> Result<Vec<Vec<(i64, i64)>>> {
    let mut out = Vec::with_capacity(people.codes.len());
    for (i, code) in people.codes.iter().enumerate() {
        let list: serde_json::Value = client
            .get(format!(
                "{}/api/v1/offices/{code}/realisations?year=2024&period={PERIOD}",
                bases[i % 2]
            ))
            .bearer_auth(&people.tokens[i])
            .send()
            .await?
            .json()
            .await?;
        let rows = list.as_array().context("a list of realisations")?;
        out.push(
            rows.iter()
                .filter(|r| r["status"].as_str().is_some_and(|s| s.eq_ignore_ascii_case("draft")))
                .filter_map(|r| Some((r["indicator"].as_i64()?, r["version"].as_i64()?)))
                .collect(),
        );
    }
    Ok(out)
}

/// The day's requests: saves spread over the offices in turn, interleaved with the reads.
fn plan(o: &Options, editable: &[Vec<(i64, i64)>]) -> Result<Vec<Job>> {
    let available: usize = editable.iter().map(Vec::len).sum();
    if available < o.saves {
        bail!("only {available} editable figures for {} saves", o.saves);
    }
    let mut jobs = Vec::with_capacity(o.saves + o.dashboards + o.oversight);
    let mut taken = vec![0usize; editable.len()];
    let mut office = 0;
    while jobs.len() < o.saves {
        if let Some(&(indicator, version)) = editable[office].get(taken[office]) {
            taken[office] += 1;
            let value = format!("{} laporan", jobs.len() + 1);
            jobs.push(Job::Save {
                office,
                indicator,
                version,
                value,
            });
        }
        office = (office + 1) % editable.len();
    }
    for k in 0..o.dashboards {
        jobs.push(Job::Dashboard {
            office: (k * 7919) % editable.len(),
        });
    }
    jobs.extend(std::iter::repeat_n(Job::Oversight, o.oversight));
    let mut seed = 0x2024_1210_u64;
    for i in (1..jobs.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        jobs.swap(i, (seed >> 33) as usize % (i + 1));
    }
    Ok(jobs)
}

/// What the load generator shares between its workers.
struct Day {
    jobs: Vec<Job>,
    next: AtomicUsize,
    bases: Vec<String>,
    people: People,
    client: reqwest::Client,
    /// When the day began, and how many requests a second it sends (0: as fast as it can).
    started: Instant,
    rate: f64,
}

/// Per route: each request's time, and how many failed.
/// Per route: each request's time, how many failed, and how many pages said some figures were
/// still being recomputed (the oversight list, when its wait ran out).
type Seen = HashMap<&'static str, Route>;

/// What one route saw.
#[derive(Default)]
struct Route {
    times: Vec<Duration>,
    errors: usize,
    /// Pages saying some offices' figures were being recomputed, and how many offices in all.
    partial: usize,
    pending_offices: usize,
}

/// The number of offices a page says are being recomputed (`<p …>N kantor sedang dihitung
/// ulang…`), if it says so.
fn pending_offices(body: &[u8]) -> Option<usize> {
    let at = body.windows(PENDING.len()).position(|w| w == PENDING)?;
    let before = std::str::from_utf8(&body[..at]).ok()?;
    let count = before.trim_end().strip_suffix("kantor")?.trim_end();
    let digits = count.rsplit(|c: char| !c.is_ascii_digit()).next()?;
    digits.parse().ok()
}

/// What the oversight page says when it shows figures from before a change (Indonesian).
const PENDING: &[u8] = b"sedang dihitung ulang";

impl Day {
    /// Request `n` (job `job`): its route and the request.
    fn request(&self, n: usize, job: &Job) -> (&'static str, reqwest::RequestBuilder) {
        let base = &self.bases[n % self.bases.len()];
        let (codes, tokens) = (&self.people.codes, &self.people.tokens);
        match job {
            Job::Save {
                office,
                indicator,
                version,
                value,
            } => (
                "POST /api/v1/offices/{code}/realisations",
                self.client
                    .post(format!(
                        "{base}/api/v1/offices/{}/realisations?year=2024",
                        codes[*office]
                    ))
                    .bearer_auth(&tokens[*office])
                    .json(&serde_json::json!({
                        "indicator": indicator, "period": PERIOD, "value": value, "version": version
                    })),
            ),
            Job::Dashboard { office } => match &self.people.sessions {
                Some(s) => (
                    "GET /kantor/{code} (the office's dashboard page)",
                    s.operators[*office].get(format!("{base}/kantor/{}?tahun=2024", codes[*office])),
                ),
                None => (
                    "GET /api/v1/offices/{code}/achievement",
                    self.client
                        .get(format!(
                            "{base}/api/v1/offices/{}/achievement?year=2024&period={PERIOD}",
                            codes[*office]
                        ))
                        .bearer_auth(&tokens[*office]),
                ),
            },
            Job::Oversight => match &self.people.sessions {
                Some(s) => (
                    "GET / (KPU RI's oversight list page)",
                    s.oversight.get(format!("{base}/?tahun=2024")),
                ),
                None => (
                    "GET /api/v1/offices (KPU RI oversight)",
                    self.client
                        .get(format!("{base}/api/v1/offices?year=2024"))
                        .bearer_auth(&self.people.oversight),
                ),
            },
        }
    }

    /// One worker: takes the next request until none is left.
    async fn work(self: Arc<Self>) -> Seen {
        let mut seen = Seen::new();
        loop {
            let n = self.next.fetch_add(1, Ordering::SeqCst);
            let Some(job) = self.jobs.get(n) else { break };
            if self.rate > 0.0 {
                let at = self.started + Duration::from_secs_f64(n as f64 / self.rate);
                tokio::time::sleep_until(at.into()).await;
            }
            let (route, request) = self.request(n, job);
            let t = Instant::now();
            let (ok, pending) = match request.send().await {
                Ok(r) if r.status().is_success() => match r.bytes().await {
                    Ok(body) => (true, pending_offices(&body)),
                    Err(_) => (false, None),
                },
                _ => (false, None),
            };
            let entry = seen.entry(route).or_default();
            entry.times.push(t.elapsed());
            entry.errors += usize::from(!ok);
            entry.partial += usize::from(pending.is_some());
            entry.pending_offices += pending.unwrap_or(0);
        }
        seen
    }
}

fn report(all: Seen, wall: Duration, concurrency: usize) {
    let total: usize = all.values().map(|v| v.times.len()).sum();
    println!(
        "\n{} requests in {:.1} s ({:.0} req/s) on 2 servers, {} at once\n",
        total,
        wall.as_secs_f64(),
        total as f64 / wall.as_secs_f64(),
        concurrency
    );
    println!(
        "| route | requests | errors | p50 ms | p90 ms | p99 ms | max ms | pages with figures being recomputed (offices on average) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut routes: Vec<_> = all.into_iter().collect();
    routes.sort_by_key(|r| r.0);
    for (route, mut seen) in routes {
        let times = &mut seen.times;
        times.sort();
        let partial = match seen.partial {
            0 => "0".to_string(),
            n => format!("{n} ({:.0})", seen.pending_offices as f64 / n as f64),
        };
        println!(
            "| `{route}` | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {partial} |",
            times.len(),
            seen.errors,
            percentile(times, 0.50),
            percentile(times, 0.90),
            percentile(times, 0.99),
            percentile(times, 1.0)
        );
    }
}

/// Every save is in the database once: its value, its version one past the one read.
/// (lost, applied more than once).
async fn verify(url: &str, jobs: &[Job]) -> Result<(usize, usize)> {
    let mut db = sqlx::PgConnection::connect(url).await?;
    let rows: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT indicator_id, value_raw, version FROM realisations WHERE period = $1")
            .bind(PERIOD)
            .fetch_all(&mut db)
            .await?;
    let stored: HashMap<i64, (String, i64)> = rows.into_iter().map(|(i, v, n)| (i, (v, n))).collect();
    let (mut lost, mut twice) = (0, 0);
    for job in jobs {
        if let Job::Save {
            indicator,
            version,
            value,
            ..
        } = job
        {
            match stored.get(indicator) {
                Some((v, n)) if v == value && *n == version + 1 => {}
                Some((v, n)) if v == value => {
                    twice += 1;
                    eprintln!("indicator {indicator}: version {n} after one save from {version}");
                }
                _ => lost += 1,
            }
        }
    }
    Ok((lost, twice))
}

#[tokio::main]
async fn main() -> Result<()> {
    let o = options()?;
    let bin = binary()?;
    let base_url = o.admin_url.rsplit_once('/').context("a URL ending in /database")?.0;
    let url = format!("{base_url}/{DATABASE}");
    let mut people = setup(&o, &bin, &url).await?;
    let servers = [start(&bin, &url, 18411).await?, start(&bin, &url, 18412).await?];
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    if o.pages {
        people.sessions = Some(sign_in_all(&bases, &people.codes).await?);
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(o.concurrency)
        .build()?;
    let jobs = plan(&o, &editable(&client, &bases, &people).await?)?;
    let started = Instant::now();
    let day = Arc::new(Day {
        jobs,
        next: AtomicUsize::new(0),
        bases,
        people,
        client,
        started,
        rate: o.rate,
    });
    let workers: Vec<_> = (0..o.concurrency).map(|_| tokio::spawn(day.clone().work())).collect();
    let mut all = Seen::new();
    for w in workers {
        for (route, seen) in w.await? {
            let entry = all.entry(route).or_default();
            entry.times.extend(seen.times);
            entry.errors += seen.errors;
            entry.partial += seen.partial;
            entry.pending_offices += seen.pending_offices;
        }
    }
    report(all, started.elapsed(), o.concurrency);
    drop(servers);
    let (lost, twice) = verify(&url, &day.jobs).await?;
    println!("\nsaves checked in the database: {lost} lost, {twice} applied more than once");
    // Autovacuum may still be on it after the day's updates (and only a superuser may end
    // that): a few tries.
    let mut admin = sqlx::PgConnection::connect(&o.admin_url).await?;
    for attempt in 1.. {
        match sqlx::query(&format!("DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
            .execute(&mut admin)
            .await
        {
            Ok(_) => break,
            Err(e) if attempt < 10 => {
                eprintln!("{DATABASE} not dropped yet ({e}); again in 3 s");
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
            Err(e) => return Err(e).context(format!("drop the database {DATABASE} by hand")),
        }
    }
    Ok(())
}
