//! The jobs `kinerja serve` runs beside the pages: the daily reminder of each office (stored as
//! a notification of each person with tasks, once for all servers of one database) and the
//! sending of notifications by e-mail over SMTP ([`Smtp`]; off unless configured).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use kinerja_domain::model::{Office, Year};
use kinerja_domain::notice::ReminderCounts;
use kinerja_domain::reporting;
use kinerja_store::{NewReminder, Outgoing, Store, StoreError, clock};
pub use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::i18n::Tr;
use crate::notices::{Names, describe, names_for};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain SMTP (a relay on the same machine or a closed network only).
    None,
    /// STARTTLS on a plain connection (port 587), required: no mail goes out unprotected.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl std::str::FromStr for SmtpTls {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "none" => Ok(SmtpTls::None),
            "starttls" => Ok(SmtpTls::StartTls),
            "tls" => Ok(SmtpTls::Tls),
            other => Err(format!("'{other}': expected none, starttls or tls")),
        }
    }
}

/// The SMTP server notifications are sent through (`kinerja serve --smtp-host …`).
#[derive(Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub credentials: Option<(String, String)>,
    /// The sender, e.g. `Kinerja KPU Kota Metro <kinerja@kpu-metro.go.id>`.
    pub from: Mailbox,
    /// A certificate authority to trust besides the system's (PEM), for an office's own CA.
    pub ca_pem: Option<Vec<u8>>,
    /// The address people open Kinerja at (`https://kinerja.kpu.go.id`), put before the links
    /// of e-mails; without it the e-mails carry paths only.
    pub public_url: Option<String>,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Smtp {
    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, lettre::transport::smtp::Error> {
        let parameters = || {
            let mut p = TlsParameters::builder(self.host.clone());
            if let Some(pem) = &self.ca_pem {
                p = p.add_root_certificate(Certificate::from_pem(pem)?);
            }
            p.build()
        };
        let tls = match self.tls {
            SmtpTls::None => Tls::None,
            SmtpTls::StartTls => Tls::Required(parameters()?),
            SmtpTls::Tls => Tls::Wrapper(parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&self.host)
            .port(self.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(30)));
        if let Some((user, password)) = &self.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }
}

/// How often waiting notifications are sent.
pub const MAIL_EVERY: Duration = Duration::from_secs(30);
/// How often the offices are looked at for their day's reminder.
pub const REMIND_EVERY: Duration = Duration::from_secs(10 * 60);
/// The hour of an office's own day from which its reminder goes out, unless configured
/// (`kinerja serve --remind-from-hour`).
pub const REMIND_FROM_HOUR: i64 = 7;
/// A claim on a notification older than this (a server stopped while sending) is taken over.
const CLAIM_STALE_SECONDS: i64 = 10 * 60;
/// Notifications sent per pass.
const MAIL_BATCH: i64 = 100;

/// Stores the day's reminder of every office whose day has reached `from_hour` (0–23; by
/// default [`REMIND_FROM_HOUR`]) at `now` (Unix seconds) and was not reminded today by any server: for each enabled person of
/// the office, what [`reporting::tasks_of_person`] lists for them in the office's current
/// year, when there is anything. How many reminders were stored.
pub async fn remind(store: &dyn Store, now: i64, from_hour: i64) -> Result<usize, StoreError> {
    let mut stored = 0;
    for office in store.offices().await? {
        let zone = office.time_zone;
        let local_hour = (now + zone.offset_hours() * 3600).rem_euclid(86_400) / 3600;
        if local_hour < from_hour {
            continue;
        }
        let today = zone.date_at(now);
        if !store.claim_job(&format!("reminder:{}:{today}", office.id)).await? {
            continue;
        }
        let reminders = reminders_of(store, &office, today).await?;
        stored += reminders.len();
        store.remind(&reminders).await?;
    }
    Ok(stored)
}

async fn reminders_of(
    store: &dyn Store,
    office: &Office,
    today: kinerja_domain::date::Date,
) -> Result<Vec<NewReminder>, StoreError> {
    let Some(year) = Year::new(i64::from(today.year())) else {
        return Ok(vec![]);
    };
    let plan = store.year_plan(office.id, year).await?;
    let deadlines = store.deadlines(office.id, year).await?;
    let status = reporting::status(&plan, &deadlines, today);
    if status.is_empty() {
        return Ok(vec![]);
    }
    let parents = plan.units.iter().map(|u| (u.id, u.parent)).collect();
    let mut out = Vec::new();
    for user in store.office_users(office.id).await? {
        if user.disabled {
            continue;
        }
        let tasks = reporting::tasks_of_person(&status, today, office.id, &user.grants, &parents);
        let counts = ReminderCounts::of(&tasks);
        if counts.any() {
            out.push(NewReminder {
                user: user.id,
                office: office.id,
                year,
                counts,
            });
        }
    }
    Ok(out)
}

/// What one sending pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MailPass {
    pub sent: usize,
    pub failed: usize,
}

/// Sends the notifications waiting for e-mail (claimed for this server alone), each in its
/// recipient's language; a refusal by the server is recorded on the notification and not
/// tried again.
pub async fn send_waiting(store: &dyn Store, smtp: &Smtp) -> Result<MailPass, StoreError> {
    let claimed = store.claim_mail(MAIL_BATCH, CLAIM_STALE_SECONDS).await?;
    let mut pass = MailPass::default();
    if claimed.is_empty() {
        return Ok(pass);
    }
    let transport = match smtp.transport() {
        Ok(t) => t,
        Err(e) => {
            for out in &claimed {
                store.mail_done(out.notification.id, Some(&e.to_string())).await?;
            }
            pass.failed = claimed.len();
            return Ok(pass);
        }
    };
    let offices = store.offices().await?;
    for out in &claimed {
        let result = match message(store, smtp, &offices, out).await? {
            Ok(m) => transport.send(m).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                pass.sent += 1;
                store.mail_done(out.notification.id, None).await?;
            }
            Err(e) => {
                pass.failed += 1;
                tracing::warn!(notification = out.notification.id, error = %e, "notification not sent by e-mail");
                store.mail_done(out.notification.id, Some(&e)).await?;
            }
        }
    }
    Ok(pass)
}

/// The e-mail of one notification, in its recipient's language (an address the server cannot
/// write is the notification's error, not the pass's).
async fn message(
    store: &dyn Store,
    smtp: &Smtp,
    offices: &[Office],
    out: &Outgoing,
) -> Result<Result<Message, String>, StoreError> {
    let n = &out.notification;
    let t = Tr(out.lang);
    let list = std::slice::from_ref(n);
    let plans = names_for(list, |o, y| async move { store.year_plan(o, y).await.map(Arc::new) }).await?;
    let mut people = HashMap::new();
    if let Some(actor) = &n.actor {
        people.extend(
            store
                .office_users(n.office)
                .await?
                .into_iter()
                .filter(|u| u.login.as_str() == actor)
                .map(|u| (u.login.to_string(), u.name)),
        );
    }
    let names = Names {
        offices,
        plans: &plans,
        people: &people,
    };
    let Some(line) = describe(list, &names, t).into_iter().next() else {
        return Ok(Err("nothing to say".into()));
    };
    let link = format!(
        "{}{}",
        smtp.public_url.as_deref().unwrap_or("").trim_end_matches('/'),
        line.link
    );
    let body = format!(
        "{}\n{}\n\n{}: {link}\n\n-- \n{}\n",
        line.title,
        line.detail,
        t.t("mail_open"),
        t.t("mail_footer")
    );
    let to = match format!("{} <{}>", quote_name(&out.name), out.email).parse::<Mailbox>() {
        Ok(m) => m,
        Err(e) => return Ok(Err(format!("address '{}': {e}", out.email))),
    };
    let subject: String = format!("[Kinerja] {}", line.title).chars().take(200).collect();
    Ok(Message::builder()
        .from(smtp.from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string()))
}

/// A display name as a mailbox may carry it (quoted, without quotes or line breaks inside).
fn quote_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    format!("\"{clean}\"")
}

/// Runs the reminder every [`REMIND_EVERY`], and the sending every [`MAIL_EVERY`] when `smtp` is
/// set; errors are logged, never fatal.
pub(crate) async fn run(
    store: Arc<dyn Store>,
    smtp: Option<Smtp>,
    remind_from_hour: i64,
    metrics: Arc<crate::metrics::Metrics>,
) {
    let reminders = {
        let (store, metrics) = (store.clone(), metrics.clone());
        async move {
            let mut every = tokio::time::interval(REMIND_EVERY);
            loop {
                every.tick().await;
                match remind(store.as_ref(), clock::now_unix(), remind_from_hour).await {
                    Ok(0) => metrics.job("reminders", "skipped"),
                    Ok(n) => {
                        tracing::info!(reminders = n, "daily reminders stored");
                        metrics.job("reminders", "done");
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "daily reminders not stored");
                        metrics.job("reminders", "failed");
                    }
                }
            }
        }
    };
    let sending = async move {
        let Some(smtp) = smtp else { return };
        let mut every = tokio::time::interval(MAIL_EVERY);
        loop {
            every.tick().await;
            match send_waiting(store.as_ref(), &smtp).await {
                Ok(MailPass { sent: 0, failed: 0 }) => {}
                Ok(p) => {
                    tracing::info!(sent = p.sent, failed = p.failed, "notifications sent by e-mail");
                    metrics.job("mail", if p.failed == 0 { "done" } else { "failed" });
                }
                Err(e) => {
                    tracing::warn!(error = %e, "notifications not sent by e-mail");
                    metrics.job("mail", "failed");
                }
            }
        }
    };
    tokio::join!(reminders, sending);
}
