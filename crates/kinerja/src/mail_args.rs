//! `kinerja serve`'s e-mail settings: notifications go out by SMTP only when `--smtp-host` is
//! given. The password is read from the environment (`KINERJA_SMTP_PASSWORD`) or the configuration
//! file (`smtp_password`), never from an option: a command
//! line is visible to every user of the machine.

use anyhow::{Context, Result, bail};
use kinerja_web::mail::{Smtp, SmtpTls};

#[derive(clap::Args, Debug, Clone)]
pub struct MailArgs {
    /// SMTP server for notifications by e-mail; without it no e-mail is sent (notifications
    /// still show in the app).
    #[arg(long, env = "KINERJA_SMTP_HOST")]
    smtp_host: Option<String>,
    /// Its port (default: 587 with starttls, 465 with tls, 25 with none).
    #[arg(long, env = "KINERJA_SMTP_PORT")]
    smtp_port: Option<u16>,
    /// starttls (required, the default), tls (from the first byte) or none (a relay on this
    /// machine or a closed network only).
    #[arg(long, env = "KINERJA_SMTP_TLS", default_value = "starttls")]
    smtp_tls: SmtpTls,
    /// The user to sign in to the SMTP server as; its password from KINERJA_SMTP_PASSWORD.
    #[arg(long, env = "KINERJA_SMTP_USER")]
    smtp_user: Option<String>,
    /// A certificate authority (PEM file) to trust besides the system's, for a server whose
    /// certificate an office's own CA signed.
    #[arg(long, env = "KINERJA_SMTP_CA")]
    smtp_ca: Option<std::path::PathBuf>,
    /// The sender of notifications, e.g. "Kinerja KPU <kinerja@kpu.go.id>" (needed with
    /// --smtp-host).
    #[arg(long, env = "KINERJA_MAIL_FROM")]
    mail_from: Option<String>,
    /// The address people open Kinerja at (e.g. https://kinerja.kpu.go.id), for the links in
    /// e-mails.
    #[arg(long, env = "KINERJA_PUBLIC_URL")]
    public_url: Option<String>,
}

impl MailArgs {
    /// `--public-url`, checked (it serves the verification links too, with or without e-mail).
    pub fn public_url(&self) -> Result<Option<String>> {
        match &self.public_url {
            Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                bail!("--public-url '{url}': expected an address starting with http:// or https://")
            }
            other => Ok(other.clone()),
        }
    }

    /// The SMTP settings, `None` when no host is given; a setting that cannot work is refused
    /// before the server starts.
    pub fn smtp(&self) -> Result<Option<Smtp>> {
        let Some(host) = self.smtp_host.as_deref().map(str::trim).filter(|h| !h.is_empty()) else {
            return Ok(None);
        };
        let Some(from) = &self.mail_from else {
            bail!("--smtp-host needs --mail-from (the sender, e.g. \"Kinerja KPU <kinerja@kpu.go.id>\")");
        };
        let from = from.parse().map_err(|e| anyhow::anyhow!("--mail-from '{from}': {e}"))?;
        let password = crate::config::secret("smtp_password");
        let credentials = match (&self.smtp_user, password) {
            (Some(user), Some(password)) => Some((user.clone(), password)),
            (Some(_), None) => bail!(
                "--smtp-user needs its password in KINERJA_SMTP_PASSWORD (or smtp_password in the configuration file)"
            ),
            (None, _) => None,
        };
        if credentials.is_some() && self.smtp_tls == SmtpTls::None {
            bail!("--smtp-user with --smtp-tls none would send the password unprotected");
        }
        let ca_pem = match &self.smtp_ca {
            Some(path) => Some(std::fs::read(path).with_context(|| format!("--smtp-ca {}", path.display()))?),
            None => None,
        };
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            bail!("--public-url '{url}': expected an address starting with http:// or https://");
        }
        Ok(Some(Smtp {
            host: host.to_string(),
            port: self.smtp_port.unwrap_or(match self.smtp_tls {
                SmtpTls::StartTls => 587,
                SmtpTls::Tls => 465,
                SmtpTls::None => 25,
            }),
            tls: self.smtp_tls,
            credentials,
            from,
            ca_pem,
            public_url: self.public_url.clone(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        mail: MailArgs,
    }

    fn smtp(args: &[&str]) -> Result<Option<Smtp>> {
        let cli = Cli::try_parse_from(std::iter::once("kinerja").chain(args.iter().copied()))?;
        cli.mail.smtp()
    }

    #[test]
    fn settings_that_cannot_work_are_refused_before_the_server_starts() {
        // No host: no e-mail at all (the environment of this test sets none).
        assert!(smtp(&[]).unwrap().is_none());
        let s = smtp(&[
            "--smtp-host",
            "surel.kpu.go.id",
            "--mail-from",
            "Kinerja <kinerja@kpu.go.id>",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.tls),
            ("surel.kpu.go.id", 587, SmtpTls::StartTls)
        );
        let s = smtp(&["--smtp-host", "h", "--smtp-tls", "tls", "--mail-from", "k@kpu.go.id"])
            .unwrap()
            .unwrap();
        assert_eq!((s.port, s.tls), (465, SmtpTls::Tls));
        for (args, why) in [
            (vec!["--smtp-host", "h"], "needs --mail-from"),
            (
                vec!["--smtp-host", "h", "--mail-from", "bukan alamat"],
                "--mail-from 'bukan alamat'",
            ),
            (
                vec![
                    "--smtp-host",
                    "h",
                    "--mail-from",
                    "k@kpu.go.id",
                    "--smtp-tls",
                    "none",
                    "--smtp-user",
                    "u",
                ],
                "KINERJA_SMTP_PASSWORD",
            ),
            (
                vec![
                    "--smtp-host",
                    "h",
                    "--mail-from",
                    "k@kpu.go.id",
                    "--public-url",
                    "kinerja.kpu.go.id",
                ],
                "http:// or https://",
            ),
            (
                vec!["--smtp-host", "h", "--smtp-tls", "ssl"],
                "expected none, starttls or tls",
            ),
        ] {
            let e = format!("{:#}", smtp(&args).unwrap_err());
            assert!(e.contains(why), "{args:?}: {e}");
        }
    }
}
