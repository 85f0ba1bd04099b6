//! `kinerja serve`: its options (each also an environment variable, and a key of the
//! configuration file, see [`crate::config`]), the demo's users, and the server's start.

use anyhow::{Context, Result};
use kinerja_domain::model::Year;
use kinerja_store::Actor;

use crate::{Db, demo_cycle, demo_users, mail_args};

/// `kinerja serve`'s options.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "KINERJA_LISTEN", default_value = "127.0.0.1:8080")]
    listen: String,
    /// Load the KPU Kota Metro 2024 demo and create a demo user for every role (printed).
    #[arg(long, env = "KINERJA_DEMO")]
    demo: bool,
    /// The year pages show when none is asked for (default: this year; with --demo, the
    /// demo's current year).
    #[arg(long, env = "KINERJA_YEAR")]
    year: Option<Year>,
    /// Send session cookies over HTTPS only (behind a TLS proxy).
    #[arg(long, env = "KINERJA_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Directory for evidence files (created on first upload; keep it out of any web root
    /// and in the backups, beside the database).
    #[arg(long, env = "KINERJA_FILES_DIR", default_value = "kinerja-berkas")]
    files: std::path::PathBuf,
    /// Largest evidence file accepted, in megabytes.
    #[arg(long, env = "KINERJA_MAX_UPLOAD_MB", default_value_t = 10)]
    max_upload_mb: usize,
    /// A reverse proxy (address or network, e.g. 10.0.0.1 or 10.0.0.0/8) whose
    /// X-Forwarded-For names the client; repeat it or separate with commas. Without it the
    /// header is ignored (anyone could write it).
    #[arg(long = "trusted-proxy", env = "KINERJA_TRUSTED_PROXY", value_delimiter = ',')]
    trusted_proxy: Vec<kinerja_web::client::Net>,
    /// The hour of each office's own day (0–23) from which its daily reminder is stored.
    #[arg(long, env = "KINERJA_REMIND_FROM_HOUR", default_value_t = 7, value_parser = clap::value_parser!(u8).range(0..=23))]
    remind_from_hour: u8,
    /// How long (ms) the oversight list waits for the figures of offices that just changed
    /// before it shows those it has, saying how many are being recomputed.
    #[arg(long, env = "KINERJA_OVERSIGHT_WAIT_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=60_000))]
    oversight_wait_ms: u64,
    /// A second address serving only /metrics (Prometheus), without a token: bind it where
    /// only the monitoring system reaches (e.g. 127.0.0.1:9187). On the main address /metrics
    /// needs the token of KINERJA_METRICS_TOKEN, and answers 404 without one configured.
    #[arg(long, env = "KINERJA_METRICS_LISTEN")]
    metrics_listen: Option<String>,
    /// Roles that must sign in with a second factor (TOTP) in every office, e.g.
    /// admin,planner,oversight; each office's admins can require it of more of its roles.
    #[arg(long, env = "KINERJA_REQUIRE_SECOND_FACTOR", value_delimiter = ',')]
    require_second_factor: Vec<kinerja_domain::access::Role>,
    #[command(flatten)]
    mail: mail_args::MailArgs,
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(db: Db, actor: &Actor, args: &ServeArgs) -> Result<()> {
    let store = db.shared();
    let mail = args.mail.smtp()?;
    let metrics_token = metrics_token()?;
    if args.demo {
        demo_users(store.as_ref(), actor).await?;
    }
    // The demo opens on this year, in the middle of its cycle (illustrative figures).
    let demo_year = if args.demo {
        Some(demo_cycle(store.as_ref()).await?)
    } else {
        None
    };
    let year = args.year.unwrap_or(demo_year.unwrap_or_else(current_year));
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let metrics = match &args.metrics_listen {
        Some(address) => Some(
            tokio::net::TcpListener::bind(address)
                .await
                .with_context(|| format!("--metrics-listen: cannot listen on {address}"))?,
        ),
        None => None,
    };
    let address = listener.local_addr()?;
    outln!("Kinerja berjalan di http://{address}/ (Ctrl-C untuk berhenti)");
    if let Some(m) = &metrics {
        outln!("Metrik Prometheus di http://{}/metrics", m.local_addr()?);
    }
    let config = kinerja_web::Config {
        secure_cookies: args.secure_cookies,
        max_upload_bytes: args.max_upload_mb.max(1) * 1024 * 1024,
        trusted_proxies: kinerja_web::client::TrustedProxies(args.trusted_proxy.clone()),
        mail,
        remind_from_hour: i64::from(args.remind_from_hour),
        oversight_wait: std::time::Duration::from_millis(args.oversight_wait_ms),
        metrics_token,
        second_factor_roles: args.require_second_factor.clone(),
        public_url: args.mail.public_url()?,
        ..kinerja_web::Config::new(year, &args.files)
    };
    kinerja_web::serve(store, config, listener, metrics, shutdown_signal()).await?;
    outln!("Kinerja berhenti.");
    Ok(())
}

/// The token /metrics asks of scrapers on the main address: from the environment (or the
/// configuration file) alone, as a command line is visible to every user of the machine.
fn metrics_token() -> Result<Option<String>> {
    match crate::config::secret("metrics_token") {
        Some(t) if t.trim().len() >= 16 => Ok(Some(t.trim().to_string())),
        Some(t) if t.trim().is_empty() => Ok(None),
        Some(_) => {
            anyhow::bail!("metrics_token (KINERJA_METRICS_TOKEN): at least 16 characters, so that it cannot be guessed")
        }
        None => Ok(None),
    }
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
