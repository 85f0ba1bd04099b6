//! Kinerja as a national service: two `kinerja serve` processes on one PostgreSQL database, as
//! behind a load balancer. A session made on one works on the other; a save on one is seen by
//! the other's dashboard, oversight list and API at its next request; a period verified on one
//! is locked on the other; the background jobs run once for both.
//!
//! Needs a PostgreSQL server (`KINERJA_TEST_POSTGRES_URL`, as the contract tests); `.ci/run`
//! provides one. Loopback only.

use std::time::{Duration, Instant};

use sqlx::Connection;

mod common;
use common::server::{Database, Server, client, field, page, serve, sign_in};

/// The number a metrics text gives `line` (0 when absent).
async fn metric(server: &Server, line: &str) -> u64 {
    let text = reqwest::get(format!("{}/metrics", server.metrics))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(line)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or(0)
}

/// Kota Metro's figures of 2026's `period` through the API of `base`.
async fn figures(base: &str, token: &str, period: &str) -> Vec<serde_json::Value> {
    let url = format!("{base}/api/v1/offices/kpu-kota-metro/realisations?tahun=2026&periode={period}");
    let listed: serde_json::Value = reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    listed.as_array().unwrap().clone()
}

/// Kota Metro's count of realisations on the oversight list of `base`.
async fn oversight_count(c: &reqwest::Client, base: &str) -> String {
    let list = page(c, format!("{base}/?tahun=2026")).await;
    let row = &list[list.find("KPU Kota Metro</a>").expect("Kota Metro listed")..];
    // Indicators, then realisations: the second number cell of the row.
    let cells: Vec<&str> = row
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| &c[..c.find('<').unwrap()])
        .collect();
    cells[1].to_string()
}

#[tokio::test]
#[ignore = "needs PostgreSQL (KINERJA_TEST_POSTGRES_URL)"]
async fn two_servers_on_one_postgresql_serve_as_one() {
    let db = Database::create().await;
    let files = std::env::temp_dir().join(format!("kinerja-servers-{}", std::process::id()));
    let files = files.to_str().unwrap();
    // The oversight list waits for every change (the test checks it is there at once).
    let wait = ["--oversight-wait-ms", "60000"];
    let a = serve(&db.url, &["--demo", "--files", files, wait[0], wait[1]]);
    let b = serve(&db.url, &["--files", files, wait[0], wait[1]]);
    let token = common::stdout(&common::kinerja(
        &db.url,
        &["user", "token", "perencana.metro", "--name", "uji dua server"],
    ));
    let token = token.trim().to_string();
    assert!(token.starts_with("knj_"), "{token}");
    let api = |base: &str| format!("{base}/api/v1/offices/kpu-kota-metro/realisations?tahun=2026");

    // A session made on A is a session on B.
    let planner = client();
    sign_in(&planner, &a.base, "perencana.metro").await;
    let on_b = page(&planner, format!("{}/kantor/kpu-kota-metro?tahun=2026", b.base)).await;
    assert!(on_b.contains("BAMBANG SETYAWAN"), "signed in on B");
    let oversight = client();
    sign_in(&oversight, &b.base, "pengawas.ri").await;
    let before = oversight_count(&oversight, &b.base).await;

    // A save on A (a November figure Kota Metro's planning sub-section did not have) is on B's
    // API, dashboard and oversight list at their next request.
    let saved = reqwest::Client::new()
        .post(api(&a.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"indicator": 141, "period": "B11", "value": "7 laporan"}))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    let listed = figures(&b.base, &token, "B11").await;
    assert!(
        listed
            .iter()
            .any(|r| r["indicator"] == 141 && r["value"] == "7 laporan"),
        "{listed:?}"
    );
    let dashboard = page(&planner, format!("{}/kantor/kpu-kota-metro?tahun=2026", b.base)).await;
    assert!(dashboard.contains("7 laporan"), "B's dashboard shows A's save");
    let after = oversight_count(&oversight, &b.base).await;
    assert_eq!(
        after.parse::<u32>().unwrap(),
        before.parse::<u32>().unwrap() + 1,
        "B's oversight list counts A's save"
    );

    // A figure the head verifies on A is locked on B.
    let head = client();
    sign_in(&head, &a.base, "sekretaris.metro").await;
    let monitoring = page(
        &head,
        format!(
            "{}/kantor/kpu-kota-metro/pantau?unit=subbag-kul&periode=B10&tahun=2026",
            a.base
        ),
    )
    .await;
    let card = &monitoring[monitoring.find("name=\"realisation\" value=\"").unwrap() - 200..];
    let (realisation, version) = (field(card, "realisation"), field(card, "version"));
    let verified = head
        .post(format!("{}/kantor/kpu-kota-metro/pantau/status", a.base))
        .form(&[
            ("csrf", field(&monitoring, "csrf").as_str()),
            ("realisation", &realisation),
            ("version", &version),
            ("unit", "subbag-kul"),
            ("periode", "B10"),
            ("tahun", "2026"),
            ("reason", ""),
            ("action", "verify"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 303);
    let current = figures(&b.base, &token, "B10").await;
    let figure = current
        .iter()
        .find(|r| r["id"].as_i64().map(|i| i.to_string()).as_deref() == Some(realisation.as_str()))
        .unwrap()
        .clone();
    assert_eq!(figure["status"], "verified", "{figure}");
    let refused = reqwest::Client::new()
        .post(api(&b.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "indicator": figure["indicator"], "period": "B10", "value": "9", "version": figure["version"]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("locked"));

    // The jobs ran once for both servers: every office's reminder of the day claimed once, each
    // person reminded at most once, each hour's housekeeping done by one server.
    let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let offices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM offices")
        .fetch_one(&mut c)
        .await
        .unwrap();
    loop {
        let claimed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM job_runs WHERE job LIKE 'reminder:%'")
            .fetch_one(&mut c)
            .await
            .unwrap();
        if claimed == offices || Instant::now() > deadline {
            assert_eq!(claimed, offices, "each office's reminder claimed once");
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let twice: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT user_id FROM notifications WHERE kind = 'reminder' GROUP BY user_id HAVING COUNT(*) > 1) t",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    let reminded: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM notifications WHERE kind = 'reminder'")
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert_eq!(twice, 0, "nobody reminded twice");
    assert!(reminded >= 1, "the demo's people with tasks were reminded");
    let hours: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM job_runs WHERE job LIKE 'housekeeping:%'")
        .fetch_one(&mut c)
        .await
        .unwrap();
    let done = r#"kinerja_jobs_total{job="housekeeping",outcome="done"}"#;
    let skipped = r#"kinerja_jobs_total{job="housekeeping",outcome="skipped"}"#;
    assert_eq!(metric(&a, done).await + metric(&b, done).await, hours as u64);
    if hours == 1 {
        // (Two hours when the servers started either side of one.)
        let skipped = metric(&a, skipped).await + metric(&b, skipped).await;
        assert!(skipped >= 1, "one server found the hour taken");
    }
    c.close().await.unwrap();
    drop((a, b));
    db.drop_it().await;
    let _ = std::fs::remove_dir_all(files);
}
