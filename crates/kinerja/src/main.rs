//! `kinerja`: the command line of Kinerja.
//!
//! Exit codes: 0 success; 1 `check` found an error-severity inconsistency; 2 bad input or a
//! failure (one line on stderr saying what and where).

use kinerja_domain::model::Login;
use kinerja_domain::model::Year;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use kinerja_domain::access::{Grant, Role};
use kinerja_domain::achievement::{self, Basis, Span};
use kinerja_domain::check::{self, Severity};
use kinerja_domain::i18n::Lang;
use kinerja_domain::model::find_unit;
use kinerja_domain::model::{Office, YearPlan};
use kinerja_domain::period::Period;
use kinerja_domain::scale::CategoryScale;
use kinerja_store::{Actor, NewUser, Store, password};
use kinerja_store_postgres::PostgresStore;
use kinerja_store_sqlite::SqliteStore;

/// `println!` that returns a failed write instead of panicking: `kinerja … | head` closes the
/// pipe, and `main` then ends quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

/// `print!` as [`outln!`] is `println!`.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

mod bench;
mod commands;
mod dataset;
mod demo;
mod documents;
mod import;
mod lke;
mod mail_args;
mod progress;
mod report;
use commands::*;

/// The demo data: KPU Kota Metro 2024, curated from its RAK and LKj.
const DEMO_DATASET: &str = include_str!("../../../data/demo/kpu-kota-metro-2024.toml");
const DEMO_OFFICE: &str = "kpu-kota-metro";
const DEMO_YEAR: Year = Year::of(2024);

#[derive(Parser)]
#[command(
    name = "kinerja",
    version,
    about = "Kinerja: SAKIP performance accountability for KPU offices"
)]
struct Cli {
    /// Database URL: sqlite://FILE (default, created on first use) or postgres://…
    #[arg(
        long,
        global = true,
        env = "KINERJA_DATABASE_URL",
        default_value = "sqlite://kinerja.db"
    )]
    db: String,
    /// Language of the output: id (Bahasa Indonesia) or en.
    #[arg(long, global = true, default_value = "id")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Creates (or refreshes) the KPU Kota Metro 2024 demo, then prints its achievement table.
    Demo {
        /// Print the achievement as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Achievement per unit, objective and indicator, with roll-ups.
    Achievement {
        /// The office, as its documents name it ("KPU Kota Metro") or its code.
        #[arg(long)]
        office: String,
        /// Only this unit (name, code or alias).
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        year: Year,
        /// Year to date up to this period: B1..B12 or TW1..TW4.
        #[arg(long)]
        period: Option<String>,
        /// With --period: that period alone instead of the year to date.
        #[arg(long, requires = "period")]
        period_only: bool,
        /// Count only verified realisations (as official documents do).
        #[arg(long)]
        verified_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// Lists every inconsistency in an office's plan; exit code 1 when one is an error.
    Check {
        #[arg(long)]
        office: String,
        #[arg(long)]
        year: Year,
        #[arg(long)]
        json: bool,
    },
    /// Runs the web application.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Load the KPU Kota Metro 2024 demo and create a demo user for every role (printed).
        #[arg(long)]
        demo: bool,
        /// The year pages show when none is asked for (default: 2024 with --demo, else this year).
        #[arg(long)]
        year: Option<Year>,
        /// Send session cookies over HTTPS only (behind a TLS proxy).
        #[arg(long)]
        secure_cookies: bool,
        /// Directory for evidence files (created on first upload; keep it out of any web root
        /// and in the backups, beside the database).
        #[arg(long, env = "KINERJA_FILES_DIR", default_value = "kinerja-berkas")]
        files: std::path::PathBuf,
        /// Largest evidence file accepted, in megabytes.
        #[arg(long, default_value_t = 10)]
        max_upload_mb: usize,
        /// A reverse proxy (address or network, e.g. 10.0.0.1 or 10.0.0.0/8) whose
        /// X-Forwarded-For names the client; repeat it or separate with commas. Without it the
        /// header is ignored (anyone could write it).
        #[arg(long = "trusted-proxy", env = "KINERJA_TRUSTED_PROXY", value_delimiter = ',')]
        trusted_proxy: Vec<kinerja_web::client::Net>,
        #[command(flatten)]
        mail: mail_args::MailArgs,
    },
    /// Writes an official document: pk, rak, rkt, iku, monitoring or lkj, as pdf, docx or xlsx.
    /// Missing data are printed "belum diisi" in the document and listed on stderr.
    Doc {
        /// pk, rak, rkt, iku, monitoring or lkj.
        kind: String,
        #[arg(long)]
        office: String,
        /// The unit (PK and RAK; optional for monitoring): name, code or alias.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        year: Year,
        /// The month or quarter of a monitoring report: B1..B12 or TW1..TW4.
        #[arg(long)]
        period: Option<String>,
        /// pdf, docx or xlsx.
        #[arg(long, default_value = "pdf")]
        format: String,
        /// The file to write (default: a name like lkj-kpu-kota-metro-2024.pdf).
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
        /// The document's date (YYYY-MM-DD) where no signing date is stored; without it the date
        /// line is left blank for hand filling ("……… Januari 2024"), never today's date.
        #[arg(long)]
        date: Option<String>,
    },
    /// Writes a document for an office and every office below it (e.g. every LKj of a province)
    /// into a directory, with a progress bar.
    Docs {
        kind: String,
        /// The office at the top (name or code): it and every office below it.
        #[arg(long)]
        under: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        year: Year,
        #[arg(long)]
        period: Option<String>,
        #[arg(long, default_value = "pdf")]
        format: String,
        /// The directory to write into (created when missing).
        #[arg(long)]
        dir: std::path::PathBuf,
        /// The documents' date (YYYY-MM-DD) where no signing date is stored (default: blank).
        #[arg(long)]
        date: Option<String>,
        /// Documents rendered at once (default: the number of cores).
        #[arg(long)]
        jobs: Option<usize>,
    },
    /// Reads a plan document the office already has (the text of a PDF: RAK, PK, RKT, IKU or LKj
    /// tables) and shows what was recognised, with every warning and its line. Nothing is
    /// written with --dry-run.
    Import {
        file: std::path::PathBuf,
        /// The office the document belongs to (name or code), when its title does not say.
        #[arg(long)]
        office: Option<String>,
        /// The unit, when the title does not say.
        #[arg(long)]
        unit: Option<String>,
        /// The year, when the title does not say.
        #[arg(long)]
        year: Option<Year>,
        /// Show what would be imported; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The recognised content as JSON (documented in the README).
        #[arg(long)]
        json: bool,
    },
    /// Creates or upgrades the database schema.
    Migrate,
    /// Applies a dataset file (docs/dataset-format.md): offices, units, people, scales, plans.
    Load { file: std::path::PathBuf },
    /// Users who sign in: add, change a password, disable, enable, list.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The yearly SAKIP evaluation (LKE): the worksheet, answers, scores.
    Lke {
        #[command(subcommand)]
        command: lke::LkeCommand,
    },
    /// The latest audit entries of an office.
    Audit {
        #[arg(long)]
        office: String,
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Benchmarks the national roll-up on a synthetic year (553 offices × 6 units × 25
    /// indicators × 12 months): in memory, and loaded from the database given by --db.
    Bench {
        /// Number of regency/city offices (514 for the national shape).
        #[arg(long, default_value_t = 514)]
        regencies: usize,
        /// Skip writing and reading the database.
        #[arg(long)]
        memory_only: bool,
        /// Repetitions of each timed step.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Measure loading the synthetic year already in the database (from an earlier run).
        #[arg(long)]
        skip_write: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Adds a user with one role; the password is read from the first line of standard input.
    Add {
        login: Login,
        #[arg(long)]
        name: String,
        /// admin, planner, operator, head, reviewer or oversight.
        #[arg(long)]
        role: Role,
        /// The office the role is on (name or code).
        #[arg(long)]
        office: String,
        /// The unit, for operators and heads (name, code or alias).
        #[arg(long)]
        unit: Option<String>,
        /// The user's interface language.
        #[arg(long, default_value = "id")]
        user_lang: Lang,
    },
    /// Sets a new password, read from the first line of standard input.
    Passwd { login: Login },
    /// Stops a user from signing in.
    Disable {
        login: Login,
        #[arg(long, default_value = "dinonaktifkan lewat baris perintah")]
        reason: String,
    },
    /// Lets a disabled user sign in again.
    Enable {
        login: Login,
        #[arg(long, default_value = "diaktifkan lewat baris perintah")]
        reason: String,
    },
    /// Lists users and their roles.
    List,
    /// Makes an API token acting as the user; it is printed once and never again.
    Token {
        login: Login,
        /// What uses it ("dasbor KPU Provinsi Lampung").
        #[arg(long)]
        name: String,
    },
    /// Lists a user's API tokens (not their secrets).
    Tokens { login: Login },
    /// Revokes an API token by its number.
    Revoke {
        id: i64,
        #[arg(long, default_value = "dicabut lewat baris perintah")]
        reason: String,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return bad_arguments(e),
    };
    // The server logs every request (method, path, status, time); commands only warnings.
    let default = if matches!(cli.command, Command::Serve { .. }) {
        "warn,kinerja_web=info,tower_http=info,pdf_oxide=off"
    } else {
        // The PDF library reports its repairs of a damaged file as log lines: the import says
        // what matters in its own one line.
        "warn,pdf_oxide=off"
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("KINERJA_LOG").unwrap_or_else(|_| default.into()))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kinerja: error: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        // The reader went away (`| head`): nothing more to say, and nobody to say it to.
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("kinerja: error: {}", chain.join(": "));
            ExitCode::from(2)
        }
    }
}

/// A value clap could not read (`--year 1800`) is one line like every other refusal, naming the
/// option; help, version and usage errors are clap's own.
fn bad_arguments(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::ValueValidation {
        e.exit()
    }
    let option = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.split(' ').next().unwrap_or_default().to_string(),
        _ => String::new(),
    };
    match std::error::Error::source(&e) {
        Some(why) => eprintln!("kinerja: error: {option}: {why}"),
        None => eprintln!("kinerja: error: {option}: invalid value"),
    }
    ExitCode::from(2)
}

/// Whether an error is a write to a pipe whose reader has gone.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The store the URL names.
pub enum Db {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Db {
    /// The store, shared by the web server's tasks.
    pub fn shared(self) -> std::sync::Arc<dyn Store> {
        match self {
            Db::Sqlite(s) => std::sync::Arc::new(s),
            Db::Postgres(s) => std::sync::Arc::new(s),
        }
    }

    pub async fn open(url: &str) -> Result<Db> {
        if url.starts_with("sqlite:") {
            Ok(Db::Sqlite(kinerja_store_sqlite::open(url).await?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Db::Postgres(kinerja_store_postgres::open(url).await?))
        } else {
            bail!("unknown database URL '{url}': use sqlite://FILE or postgres://USER@HOST/DB")
        }
    }
    pub fn store(&self) -> &dyn Store {
        match self {
            Db::Sqlite(s) => s,
            Db::Postgres(s) => s,
        }
    }
    pub async fn close(&self) {
        match self {
            Db::Sqlite(s) => s.close().await,
            Db::Postgres(s) => s.close().await,
        }
    }
}

async fn office(store: &dyn Store, key: &str) -> Result<Office> {
    if let Some(o) = store.find_office(key).await? {
        return Ok(o);
    }
    let known: Vec<String> = store
        .offices()
        .await?
        .into_iter()
        .map(|o| format!("{} ({})", o.name, o.code))
        .collect();
    if known.is_empty() {
        bail!("office '{key}' not found: the database has no offices yet (run `kinerja demo` or `kinerja load FILE`)")
    }
    bail!("office '{key}' not found; known offices: {}", known.join(", "))
}

async fn office_scale(store: &dyn Store, office: &Office) -> Result<(Vec<CategoryScale>, Option<CategoryScale>)> {
    let scales = store.scales_for(office.id).await?;
    let chosen = office
        .scale
        .as_deref()
        .and_then(|code| scales.iter().find(|s| s.code == code))
        .cloned();
    Ok((scales, chosen))
}

/// The demo users: one per role, all with the password [`DEMO_PASSWORD`]. The evaluators' names are
/// invented; the others come from the seed documents or name their role.
const DEMO_USERS: &[(&str, &str, Role, &str, Option<&str>)] = &[
    (
        "admin.metro",
        "Admin KPU Kota Metro",
        Role::Admin,
        "kpu-kota-metro",
        None,
    ),
    ("admin.ri", "Admin KPU RI", Role::Admin, "kpu-ri", None),
    (
        "perencana.metro",
        "BAMBANG SETYAWAN, S.Sos., M.M.",
        Role::Planner,
        "kpu-kota-metro",
        None,
    ),
    (
        "operator.rendatin",
        "Operator Subbag Rendatin",
        Role::Operator,
        "kpu-kota-metro",
        Some("subbag-rendatin"),
    ),
    (
        "sekretaris.metro",
        "JUMADI AHMAD, SH",
        Role::Head,
        "kpu-kota-metro",
        Some("sekretariat"),
    ),
    (
        "reviu.metro",
        "Inspektorat (APIP)",
        Role::Reviewer,
        "kpu-kota-metro",
        None,
    ),
    (
        "pengawas.lampung",
        "KPU Provinsi Lampung",
        Role::Oversight,
        "kpu-prov-lampung",
        None,
    ),
    ("pengawas.ri", "KPU RI", Role::Oversight, "kpu-ri", None),
    (
        "evaluator.lampung",
        "RINA MARLINA, S.E.",
        Role::Evaluator,
        "kpu-prov-lampung",
        None,
    ),
    (
        "ketua.evaluator.lampung",
        "Drs. HENDRA SAPUTRA, M.Si.",
        Role::EvaluatorLead,
        "kpu-prov-lampung",
        None,
    ),
];
const DEMO_PASSWORD: &str = "kinerja-demo";

async fn load_demo(store: &dyn Store, actor: &Actor) -> Result<kinerja_store::DatasetSummary> {
    let mut ds = dataset::parse("data/demo/kpu-kota-metro-2024.toml", DEMO_DATASET)?;
    dataset::link_cascade_by_wording(&mut ds);
    Ok(store
        .apply_dataset(actor, &ds, "kinerja demo: KPU Kota Metro 2024 from its RAK and LKj")
        .await?)
}

/// Loads the demo's illustrative current year (see `demo.rs`) and says so; the year it is.
async fn demo_cycle(store: &dyn Store) -> Result<Year> {
    let office = office(store, "kpu-kota-metro").await?;
    let today = kinerja_store::clock::today_in(office.time_zone);
    let year = Year::new(i64::from(today.year())).unwrap_or(DEMO_YEAR);
    if year <= DEMO_YEAR {
        return Ok(DEMO_YEAR);
    }
    match demo::load(store, &office, DEMO_YEAR, year, today).await? {
        Some(c) => outln!(
            "Tahun ilustrasi {year} dimuat (angka rekaan, bukan data kantor): {} periode terverifikasi, {} menunggu verifikasi, {} dikembalikan, {} terlambat.",
            c.verified,
            c.waiting,
            c.returned,
            c.late
        ),
        None => outln!("Tahun ilustrasi {year} sudah ada di basis data; tidak dimuat ulang."),
    }
    Ok(year)
}

/// How `kinerja serve` was asked to run.
struct ServeOptions<'a> {
    listen: &'a str,
    demo: bool,
    year: Option<Year>,
    secure_cookies: bool,
    files: &'a std::path::Path,
    max_upload_mb: usize,
    trusted_proxies: kinerja_web::client::TrustedProxies,
    mail: Option<kinerja_web::mail::Smtp>,
}

async fn serve(db: Db, actor: &Actor, options: ServeOptions<'_>) -> Result<()> {
    let ServeOptions {
        listen,
        demo,
        year,
        secure_cookies,
        files,
        max_upload_mb,
        trusted_proxies,
        mail,
    } = options;
    let store = db.shared();
    if demo {
        // Loaded once: loading again would replace what was entered since (realisations, plan
        // edits) with the documents' figures.
        let loaded = match store.find_office("kpu-kota-metro").await? {
            Some(o) => !store.year_plan(o.id, DEMO_YEAR).await?.objectives.is_empty(),
            None => false,
        };
        if loaded {
            outln!("Demo KPU Kota Metro 2024 sudah ada di basis data; tidak dimuat ulang (isian Anda tetap).");
        } else {
            load_demo(store.as_ref(), actor).await?;
            outln!("Demo KPU Kota Metro 2024 dimuat.");
        }
        outln!("Pengguna demo (kata sandi: {DEMO_PASSWORD}):");
        for (login, name, role, office_code, unit) in DEMO_USERS {
            let login: Login = login.parse()?;
            if store.user_credentials(&login).await?.is_none() {
                let office = office(store.as_ref(), office_code).await?;
                let unit = match unit {
                    Some(code) => Some(
                        find_unit(&store.units(office.id).await?, code)
                            .map(|u| u.id)
                            .ok_or_else(|| anyhow!("demo unit {code} missing"))?,
                    ),
                    None => None,
                };
                let user = NewUser {
                    login: login.clone(),
                    name: name.to_string(),
                    password_hash: password::hash(DEMO_PASSWORD)?,
                    lang: Lang::Id,
                    grants: vec![Grant {
                        role: *role,
                        office: office.id,
                        unit,
                    }],
                };
                store.create_user(actor, &user, "kinerja serve --demo").await?;
            }
            outln!(
                "  {login:<20} {:<10} {office_code}{}",
                role.code(),
                unit.map(|u| format!(" / {u}")).unwrap_or_default()
            );
        }
    }
    // The demo opens on this year, in the middle of its cycle (illustrative figures).
    let demo_year = if demo {
        Some(demo_cycle(store.as_ref()).await?)
    } else {
        None
    };
    let year = year.unwrap_or(demo_year.unwrap_or_else(current_year));
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let address = listener.local_addr()?;
    outln!("Kinerja berjalan di http://{address}/ (Ctrl-C untuk berhenti)");
    let config = kinerja_web::Config {
        default_year: year,
        secure_cookies,
        files: kinerja_web::evidence::FileStore::new(files),
        max_upload_bytes: max_upload_mb.max(1) * 1024 * 1024,
        trusted_proxies,
        mail,
    };
    kinerja_web::serve(store, config, listener, shutdown_signal()).await?;
    outln!("Kinerja berhenti.");
    Ok(())
}

/// This year (in UTC), or 2100 after it.
fn current_year() -> Year {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    kinerja_store::clock::rfc3339(secs)[..4].parse().unwrap_or(Year::LAST)
}

/// Ctrl-C or SIGTERM: stop taking requests, finish the ones under way.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let lang = cli.lang;
    if let Command::Import {
        file,
        office,
        unit,
        year,
        dry_run,
        json,
    } = &cli.command
    {
        return import_command(
            &cli.db,
            file,
            office.as_deref(),
            unit.as_deref(),
            *year,
            *dry_run,
            *json,
            lang,
        )
        .await;
    }
    let db = Db::open(&cli.db).await?;
    let actor = Actor::new(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    ));
    if let Command::Serve {
        listen,
        demo,
        year,
        secure_cookies,
        files,
        max_upload_mb,
        trusted_proxy,
        mail,
    } = &cli.command
    {
        let options = ServeOptions {
            mail: mail.smtp()?,
            listen,
            demo: *demo,
            year: *year,
            secure_cookies: *secure_cookies,
            files,
            max_upload_mb: *max_upload_mb,
            trusted_proxies: kinerja_web::client::TrustedProxies(trusted_proxy.clone()),
        };
        serve(db, &actor, options).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = db.store();
    let code = store_command(store, &actor, cli.command, &cli.db, lang).await?;
    db.close().await;
    Ok(code)
}

/// `kinerja demo`: loads the demo office and prints its achievement.
async fn demo_command(store: &dyn Store, actor: &Actor, json: bool, lang: Lang) -> Result<()> {
    let summary = load_demo(store, actor).await?;
    if !json {
        outln!(
            "Demo KPU Kota Metro 2024 dimuat ke {}: {} unit, {} sasaran, {} indikator, {} kegiatan, {} realisasi, {} baris anggaran.\n",
            store.backend(),
            summary.units,
            summary.objectives,
            summary.indicators,
            summary.actions,
            summary.realisations,
            summary.budget_lines
        );
    }
    print_achievement(
        store,
        DEMO_OFFICE,
        None,
        DEMO_YEAR,
        Span::Year,
        Basis::Entered,
        json,
        lang,
    )
    .await?;
    Ok(())
}
