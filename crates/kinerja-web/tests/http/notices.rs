//! Notifications: a figure submitted reaches the heads who verify it, a figure returned the
//! operator who entered it (with the reason), each person's day starts with a reminder of their
//! tasks, and e-mail goes out on a real SMTP server to who asked for it.

use super::*;

/// The number on the header's "Pemberitahuan" link (0 when it shows none).
fn unread_badge(page: &str) -> usize {
    let at = page
        .find("href=\"/notifikasi\"")
        .expect("the header links the notifications");
    let part = &page[at..page[at..].find("</a>").unwrap() + at];
    part.find("aria-label=\"")
        .map(|i| part[i + 12..].split('"').next().unwrap().parse().unwrap())
        .unwrap_or(0)
}

/// The operator enters July and submits it (the figure of [`MONITOR`]).
async fn submit_july(app: &TestApp, op: &reqwest::Client) {
    let url = |p: &str| format!("{}{p}", app.base);
    let page = text(op, url(MONITOR)).await.1;
    let r = submit(op, url("/kantor/kpu-contoh/pantau"), &july_figure(&page, "1 laporan")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    resubmit_july(app, op).await;
}

/// The operator submits July again (after a return).
async fn resubmit_july(app: &TestApp, op: &reqwest::Client) {
    let url = |p: &str| format!("{}{p}", app.base);
    let page = text(op, url(MONITOR)).await.1;
    let r = submit(
        op,
        url("/kantor/kpu-contoh/pantau/status"),
        &crate::monitoring::status(&page, "submit", ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

/// The head returns July with `reason`.
async fn return_july(app: &TestApp, head: &reqwest::Client, reason: &str) {
    let url = |p: &str| format!("{}{p}", app.base);
    let page = text(head, url(MONITOR)).await.1;
    let r = submit(
        head,
        url("/kantor/kpu-contoh/pantau/status"),
        &crate::monitoring::status(&page, "return", reason),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn workflow_steps_reach_the_people_who_act_on_them() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let (op, head, planner) = (
        app.signed_in("operator").await,
        app.signed_in("sekretaris").await,
        app.signed_in("planner").await,
    );
    let (status, page) = text(&head, url("/notifikasi")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Belum ada pemberitahuan."), "{page}");
    assert!(page.contains("Server ini belum mengirim surel"), "no SMTP: said so");

    submit_july(&app, &op).await;
    // The head of the secretariat (above the sub-section) is told, with a link to the figure,
    // and every office page's header counts it.
    let page = text(&head, url("/notifikasi")).await.1;
    assert!(page.contains("Menunggu verifikasi Anda: "), "{page}");
    assert!(page.contains("(Juli 2024)"), "{page}");
    assert!(
        page.contains("dikirim oleh Nama operator"),
        "the person, not the login: {page}"
    );
    assert!(page.contains("Subbagian Perencanaan, Data dan Informasi"), "{page}");
    assert!(
        page.contains(&format!("href=\"{}\"", MONITOR.replace('&', "&#38;"))),
        "{page}"
    );
    assert_eq!(unread_badge(&text(&head, url("/kantor/kpu-contoh")).await.1), 1);
    // Nobody else: not the operator who submitted, not the planner.
    for c in [&op, &planner] {
        assert!(text(c, url("/notifikasi")).await.1.contains("Belum ada pemberitahuan."));
    }

    return_july(&app, &head, "Bukti dukung belum ada").await;
    let page = text(&op, url("/notifikasi")).await.1;
    assert!(page.contains("Dikembalikan: "), "{page}");
    assert!(page.contains("alasan: Bukti dukung belum ada"), "{page}");
    assert!(page.contains("dikembalikan oleh Nama sekretaris"), "{page}");
    assert_eq!(unread_badge(&text(&op, url("/tugas")).await.1), 1);

    // Submitted again: the head's first notice was answered by the return (read), the new one
    // waits; the operator's return is answered by submitting again.
    resubmit_july(&app, &op).await;
    let page = text(&head, url("/notifikasi")).await.1;
    assert_eq!(page.matches("<li class=\"unread\"").count(), 1, "{page}");
    assert_eq!(page.matches("Menunggu verifikasi Anda: ").count(), 2, "{page}");
    assert_eq!(unread_badge(&text(&op, url("/kantor/kpu-contoh")).await.1), 0);
    let r = submit(
        &head,
        url("/notifikasi"),
        &[
            ("csrf", field(&page, "csrf")),
            ("newest", field(&page, "newest")),
            ("aksi", "baca".into()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = text(&head, url("/notifikasi")).await.1;
    assert!(page.contains("0 belum dibaca"), "{page}");
    assert_eq!(unread_badge(&text(&head, url("/kantor/kpu-contoh")).await.1), 0);

    // Another office's planner sees none of it; a posted form without its token is refused.
    let other = app.signed_in("orang.lain").await;
    assert!(
        text(&other, url("/notifikasi"))
            .await
            .1
            .contains("Belum ada pemberitahuan.")
    );
    return_july(&app, &head, "Masih kurang").await;
    let r = submit(&op, url("/notifikasi"), &[("aksi", "baca"), ("newest", "999")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(unread_badge(&text(&op, url("/kantor/kpu-contoh")).await.1), 1);
}

#[tokio::test]
async fn mail_settings_are_checked_and_kept() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let op = app.signed_in("operator").await;
    let page = text(&op, url("/notifikasi")).await.1;
    let form = |email: &str, by_email: bool| {
        let mut f = vec![
            ("csrf", field(&page, "csrf")),
            ("aksi", "surel".to_string()),
            ("email", email.to_string()),
        ];
        if by_email {
            f.push(("by_email", "1".into()));
        }
        f
    };
    let r = submit(&op, url("/notifikasi"), &form("operator di kpu", true)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("alamat surel &#39;operator di kpu&#39; tidak memuat @; contoh: nama@kpu.go.id")
            || page.contains("alamat surel 'operator di kpu' tidak memuat @; contoh: nama@kpu.go.id"),
        "{page}"
    );
    assert!(
        page.contains("value=\"operator di kpu\""),
        "what was typed is kept: {page}"
    );
    let r = submit(&op, url("/notifikasi"), &form("operator@kpu-contoh.test", false)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = text(&op, url("/notifikasi?tersimpan=1")).await.1;
    assert!(page.contains("Pengaturan surel disimpan."), "{page}");
    assert!(page.contains("value=\"operator@kpu-contoh.test\""), "{page}");
    assert!(!page.contains("value=\"1\" checked"), "opted out: {page}");
    let user = app
        .store
        .user_credentials(&"operator".parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .0;
    assert_eq!(
        app.store.mail_settings(user.id).await.unwrap(),
        kinerja_store::MailSettings {
            email: Some("operator@kpu-contoh.test".into()),
            by_email: false
        }
    );
}

/// Unix seconds of `date` at `hour`:00 in WIB (UTC+7).
fn wib(date: &str, hour: i64) -> i64 {
    let d: kinerja_domain::date::Date = date.parse().unwrap();
    d.days_since_epoch() * 86_400 + (hour - 7) * 3600
}

#[tokio::test]
async fn the_daily_reminder_counts_each_persons_tasks_once_a_day() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let store = app.store.as_ref();
    // Before seven in the morning of the office's day: nothing yet.
    assert_eq!(
        kinerja_web::mail::remind(store, wib("2024-12-02", 6), kinerja_web::mail::REMIND_FROM_HOUR)
            .await
            .unwrap(),
        0
    );
    // At eight: the operator (late reports of the sub-section) and the planner (every unit's
    // late reports) are reminded; the auditor is not (no task).
    let n = kinerja_web::mail::remind(store, wib("2024-12-02", 8), kinerja_web::mail::REMIND_FROM_HOUR)
        .await
        .unwrap();
    assert!(n >= 2, "{n}");
    // Once a day, whichever server asks again.
    assert_eq!(
        kinerja_web::mail::remind(store, wib("2024-12-02", 9), kinerja_web::mail::REMIND_FROM_HOUR)
            .await
            .unwrap(),
        0
    );
    let op = app.signed_in("operator").await;
    let page = text(&op, url("/notifikasi")).await.1;
    assert!(page.contains("Pengingat tugas 2024: "), "{page}");
    assert!(page.contains("periode terlambat"), "{page}");
    assert!(page.contains("href=\"/tugas?tahun=2024\""), "{page}");
    let reviewer = app.signed_in("reviu").await;
    assert!(
        text(&reviewer, url("/notifikasi"))
            .await
            .1
            .contains("Belum ada pemberitahuan.")
    );
    // The next day, again.
    assert_eq!(
        kinerja_web::mail::remind(store, wib("2024-12-03", 7), kinerja_web::mail::REMIND_FROM_HOUR)
            .await
            .unwrap(),
        n
    );
}

/// Debian's aiosmtpd on a free loopback port, keeping each message in a Maildir.
struct SmtpServer {
    child: std::process::Child,
    port: u16,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    async fn start() -> SmtpServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("/usr/bin/python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("kotak"))
            .spawn()
            .expect("needs python3-aiosmtpd (Debian): /usr/bin/python3 -m aiosmtpd");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return SmtpServer { child, port, maildir };
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not listen on port {port}");
    }

    /// Every message received, as text with quoted-printable undone.
    fn messages(&self) -> Vec<String> {
        let dir = self.maildir.path().join("kotak").join("new");
        let mut out: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| d.map(|e| unquote(&std::fs::read(e.unwrap().path()).unwrap())).collect())
            .unwrap_or_default();
        out.sort();
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Quoted-printable undone (soft line breaks, `=XX`), and header lines unfolded.
fn unquote(raw: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'=' if raw[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if raw[i + 1..].starts_with(b"\n") => i += 2,
            b'=' if i + 2 < raw.len() && raw[i + 1].is_ascii_hexdigit() && raw[i + 2].is_ascii_hexdigit() => {
                bytes.push(u8::from_str_radix(std::str::from_utf8(&raw[i + 1..i + 3]).unwrap(), 16).unwrap());
                i += 3;
            }
            b => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes)
        .replace("\r\n ", " ")
        .replace("\n ", " ")
}

#[tokio::test]
#[ignore = "needs python3-aiosmtpd (Debian)"]
async fn notifications_are_sent_by_email_on_a_real_smtp_server() {
    let server = SmtpServer::start().await;
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let (op, head) = (app.signed_in("operator").await, app.signed_in("sekretaris").await);
    let page = text(&op, url("/notifikasi")).await.1;
    let settings = |by_email: bool| {
        let mut f = vec![
            ("csrf", field(&page, "csrf")),
            ("aksi", "surel".to_string()),
            ("email", "operator@kpu-contoh.test".to_string()),
        ];
        if by_email {
            f.push(("by_email", "1".into()));
        }
        f
    };
    assert_eq!(
        submit(&op, url("/notifikasi"), &settings(true)).await.status(),
        StatusCode::SEE_OTHER
    );
    let smtp = kinerja_web::mail::Smtp {
        host: "127.0.0.1".into(),
        port: server.port,
        tls: kinerja_web::mail::SmtpTls::None,
        credentials: None,
        from: "Kinerja KPU Kota Contoh <kinerja@kpu-contoh.test>".parse().unwrap(),
        ca_pem: None,
        public_url: Some("https://kinerja.kpu-contoh.test/".into()),
    };
    let store = app.store.as_ref();
    submit_july(&app, &op).await;
    return_july(&app, &head, "Bukti dukung belum ada").await;
    // The head has no address: only the operator's notice goes out.
    let pass = kinerja_web::mail::send_waiting(store, &smtp).await.unwrap();
    assert_eq!((pass.sent, pass.failed), (1, 0));
    let mail = server.messages();
    assert_eq!(mail.len(), 1, "{mail:?}");
    let m = &mail[0];
    for part in [
        "To: \"Nama operator\" <operator@kpu-contoh.test>",
        "From: \"Kinerja KPU Kota Contoh\" <kinerja@kpu-contoh.test>",
        "Subject: [Kinerja] Dikembalikan: ",
        "alasan: Bukti dukung belum ada",
        "dikembalikan oleh Nama sekretaris",
        "https://kinerja.kpu-contoh.test/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024",
        "hapus centang pengiriman surel",
    ] {
        assert!(m.contains(part), "{part}\n{m}");
    }
    // Sent once: a second pass finds nothing.
    assert_eq!(kinerja_web::mail::send_waiting(store, &smtp).await.unwrap().sent, 0);
    // Opted out: the next return is shown in the app, not mailed.
    assert_eq!(
        submit(&op, url("/notifikasi"), &settings(false)).await.status(),
        StatusCode::SEE_OTHER
    );
    resubmit_july(&app, &op).await;
    return_july(&app, &head, "Masih kurang").await;
    assert_eq!(kinerja_web::mail::send_waiting(store, &smtp).await.unwrap().sent, 0);
    assert_eq!(server.messages().len(), 1);
    assert!(text(&op, url("/notifikasi")).await.1.contains("alasan: Masih kurang"));
    // A server that refuses the connection: the notice records why, the pass goes on.
    let op_settings = settings(true);
    assert_eq!(
        submit(&op, url("/notifikasi"), &op_settings).await.status(),
        StatusCode::SEE_OTHER
    );
    resubmit_july(&app, &op).await;
    return_july(&app, &head, "Ketiga kalinya").await;
    drop(server);
    let pass = kinerja_web::mail::send_waiting(store, &smtp).await.unwrap();
    assert_eq!((pass.sent, pass.failed), (0, 1));
}
