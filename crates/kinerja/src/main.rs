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

mod backup;
mod bench;
mod commands;
mod config;
mod dataset;
mod demo;
mod documents;
mod import;
mod lke;
mod mail_args;
mod progress;
mod report;
mod serve;
mod transfer;
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
    #[arg(long, global = true, env = "KINERJA_LANG", default_value = "id")]
    lang: Lang,
    /// A configuration file (TOML) whose keys stand in for options not given (see the README's
    /// "Deployment").
    #[arg(long, global = true, env = "KINERJA_CONFIG")]
    config: Option<std::path::PathBuf>,
    /// PostgreSQL: the connections this process opens at most (the server's max_connections must
    /// allow this many per Kinerja server, and a few more).
    #[arg(long, global = true, env = "KINERJA_DB_CONNECTIONS", default_value_t = kinerja_store_postgres::DEFAULT_CONNECTIONS, value_parser = clap::value_parser!(u32).range(1..=1000))]
    db_connections: u32,
    /// Log lines as text (for a person) or json (one object a line, for a log collector).
    #[arg(long, global = true, env = "KINERJA_LOG_FORMAT", default_value = "text")]
    log_format: LogFormat,
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
    /// Runs the web application (every option also an environment variable or a key of the
    /// configuration file: see the README's "Deployment").
    Serve(serve::ServeArgs),
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
    /// Creates or upgrades the database schema. With --check, changes nothing: lists the
    /// migrations this binary would apply (exit 1 when there are any) and those the database
    /// has from a newer release.
    Migrate {
        #[arg(long)]
        check: bool,
    },
    /// Writes the database and the evidence files to one new ZIP while the servers run
    /// (SQLite: a consistent copy; PostgreSQL: pg_dump), each entry's SHA-256 in its manifest.
    Backup {
        /// The new file to write.
        #[arg(long)]
        to: std::path::PathBuf,
        /// The evidence files' directory (as `kinerja serve --files`).
        #[arg(long, env = "KINERJA_FILES_DIR", default_value = "kinerja-berkas")]
        files: std::path::PathBuf,
    },
    /// Puts a backup into an empty database (--db) and an empty evidence files' directory,
    /// checking every entry's SHA-256 first; then brings the schema up to this release.
    Restore {
        file: std::path::PathBuf,
        #[arg(long, env = "KINERJA_FILES_DIR", default_value = "kinerja-berkas")]
        files: std::path::PathBuf,
    },
    /// Writes one office's data (its plans, monitoring, documents, evaluations, users and
    /// history, of one year or every year) and its evidence files to a new ZIP, to be imported
    /// into another instance with `import-office` (e.g. a SQLite pilot into the national
    /// PostgreSQL). The file holds password hashes: it is readable by its owner only.
    Export {
        /// The office (name or code).
        #[arg(long)]
        office: String,
        /// Only this year (default: every year).
        #[arg(long)]
        year: Option<Year>,
        /// The new file to write.
        #[arg(long)]
        to: std::path::PathBuf,
        /// The evidence files' directory (as `kinerja serve --files`).
        #[arg(long, env = "KINERJA_FILES_DIR", default_value = "kinerja-berkas")]
        files: std::path::PathBuf,
    },
    /// Imports an office's export into this database, in one transaction, with new ids: the
    /// offices, units, people and scales already here (by code) are used; a year the office
    /// already has here, a login already used, is refused and nothing is written.
    ImportOffice {
        file: std::path::PathBuf,
        #[arg(long, env = "KINERJA_FILES_DIR", default_value = "kinerja-berkas")]
        files: std::path::PathBuf,
        /// Leave the office's users out (this instance's admins create the accounts).
        #[arg(long)]
        without_users: bool,
    },
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

/// How log lines are written.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = match parse_arguments() {
        Ok(Ok(cli)) => cli,
        Ok(Err(e)) => return bad_arguments(e),
        Err(e) => {
            eprintln!("kinerja: error: {e:#}");
            return ExitCode::from(2);
        }
    };
    // The server logs every request (method, path, status, time); commands only warnings.
    let default = if matches!(cli.command, Command::Serve { .. }) {
        "warn,kinerja_web=info,tower_http=info,pdf_oxide=off"
    } else {
        // The PDF library reports its repairs of a damaged file as log lines: the import says
        // what matters in its own one line.
        "warn,pdf_oxide=off"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("KINERJA_LOG").unwrap_or_else(|_| default.into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        // One JSON object a line, with the request's span (its id, method and path) beside the
        // message's fields.
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
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

/// The command line, with the configuration file's values as defaults (a file that cannot be
/// used is the outer error; the command line's own errors the inner one).
fn parse_arguments() -> Result<Result<Cli, clap::Error>> {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = Cli::command();
    if let Some(path) = config::path_in(&args) {
        command = config::apply(command, &path)?;
    }
    Ok(command
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m)))
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
    // A value may have come from the configuration file or the environment: say where to look.
    let from = match config::path_in(&std::env::args_os().collect::<Vec<_>>()) {
        Some(path) => format!(
            " (given on the command line, in its environment variable or in {})",
            path.display()
        ),
        None => String::new(),
    };
    match std::error::Error::source(&e) {
        Some(why) => eprintln!("kinerja: error: {option}: {why}{from}"),
        None => eprintln!("kinerja: error: {option}: invalid value{from}"),
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
            let connections = DB_CONNECTIONS
                .get()
                .copied()
                .unwrap_or(kinerja_store_postgres::DEFAULT_CONNECTIONS);
            Ok(Db::Postgres(kinerja_store_postgres::open_with(url, connections).await?))
        } else {
            bail!("unknown database URL '{url}': use sqlite://FILE or postgres://USER@HOST/DB")
        }
    }
    /// The store at `url` with its schema as it is (for `migrate --check`).
    pub async fn open_unmigrated(url: &str) -> Result<Db> {
        if url.starts_with("sqlite:") {
            Ok(Db::Sqlite(kinerja_store_sqlite::open_unmigrated(url).await?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Db::Postgres(kinerja_store_postgres::open_unmigrated(url).await?))
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

/// Loads the demo (once: loading again would replace what was entered since, realisations and
/// plan edits, with the documents' figures) and creates its users, printing them.
pub(crate) async fn demo_users(store: &dyn Store, actor: &Actor) -> Result<()> {
    let loaded = match store.find_office("kpu-kota-metro").await? {
        Some(o) => !store.year_plan(o.id, DEMO_YEAR).await?.objectives.is_empty(),
        None => false,
    };
    if loaded {
        outln!("Demo KPU Kota Metro 2024 sudah ada di basis data; tidak dimuat ulang (isian Anda tetap).");
    } else {
        load_demo(store, actor).await?;
        outln!("Demo KPU Kota Metro 2024 dimuat.");
    }
    outln!("Pengguna demo (kata sandi: {DEMO_PASSWORD}):");
    for (login, name, role, office_code, unit) in DEMO_USERS {
        let login: Login = login.parse()?;
        if store.user_credentials(&login).await?.is_none() {
            let office = office(store, office_code).await?;
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
    Ok(())
}

pub(crate) async fn load_demo(store: &dyn Store, actor: &Actor) -> Result<kinerja_store::DatasetSummary> {
    let mut ds = dataset::parse("data/demo/kpu-kota-metro-2024.toml", DEMO_DATASET)?;
    dataset::link_cascade_by_wording(&mut ds);
    Ok(store
        .apply_dataset(actor, &ds, "kinerja demo: KPU Kota Metro 2024 from its RAK and LKj")
        .await?)
}

/// Loads the demo's illustrative current year (see `demo.rs`) and says so; the year it is.
pub(crate) async fn demo_cycle(store: &dyn Store) -> Result<Year> {
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

/// `--db-connections`, for every store this process opens.
static DB_CONNECTIONS: std::sync::OnceLock<u32> = std::sync::OnceLock::new();

async fn run(cli: Cli) -> Result<ExitCode> {
    let lang = cli.lang;
    let _ = DB_CONNECTIONS.set(cli.db_connections);
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
    if let Command::Migrate { check: true } = &cli.command {
        return migrate_check(&cli.db).await;
    }
    if let Command::Backup { to, files } = &cli.command {
        // The schema as it is: a backup changes nothing, not even by a newer binary's migrations.
        let db = Db::open_unmigrated(&cli.db).await?;
        let summary = backup::backup(db.store(), &cli.db, files, to).await?;
        db.close().await;
        outln!(
            "Cadangan {} ditulis: basis data {} ({} bita), {} berkas bukti ({} bita).",
            to.display(),
            summary.backend,
            summary.database_bytes,
            summary.files,
            summary.file_bytes
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Restore { file, files } = &cli.command {
        let summary = backup::restore(&cli.db, files, file).await?;
        // A backup of an older release is brought up to this one.
        let db = Db::open(&cli.db).await?;
        db.close().await;
        outln!(
            "Dipulihkan dari {}: basis data {} ({} bita), {} berkas bukti ({} bita) di {}.",
            file.display(),
            summary.backend,
            summary.database_bytes,
            summary.files,
            summary.file_bytes,
            files.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let db = Db::open(&cli.db).await?;
    let actor = Actor::new(format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    ));
    if let Command::Serve(args) = &cli.command {
        serve::serve(db, &actor, args).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = db.store();
    let code = store_command(store, &actor, cli.command, &cli.db, lang).await?;
    db.close().await;
    Ok(code)
}

/// `kinerja migrate --check`: what an upgrade to this binary would apply, changing nothing.
/// Exit 0 when the schema is this binary's (or newer), 1 when migrations are pending.
async fn migrate_check(url: &str) -> Result<ExitCode> {
    let db = Db::open_unmigrated(url).await?;
    let store = db.store();
    let list = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let pending = store.pending_migrations().await?;
    let unknown = store.unknown_migrations().await?;
    if pending.is_empty() {
        outln!("{}: schema up to date for this binary", store.backend());
    } else {
        outln!(
            "{}: {} migration(s) to apply: {} (run `kinerja migrate`; they are additive, so servers of the previous release keep working during the upgrade)",
            store.backend(),
            pending.len(),
            list(&pending)
        );
    }
    if !unknown.is_empty() {
        outln!(
            "{}: the database has migration(s) of a newer release: {} (this binary runs on it: migrations are additive)",
            store.backend(),
            list(&unknown)
        );
    }
    db.close().await;
    Ok(if pending.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
