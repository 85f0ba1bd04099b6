//! What the operators of a server see: `/metrics` and the request ids of the logs.

use super::*;

/// `/metrics` on the main address: 404 without a configured token (it does not exist for the
/// public), 401 with none or a wrong one, the Prometheus text with the token. Routes are counted
/// by their templates (no office code, login or path asked for), documents by kind.
#[tokio::test]
pub(crate) async fn metrics_need_the_token_and_name_routes_not_paths() {
    let plain = app().await;
    let r = client().get(format!("{}/metrics", plain.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    const TOKEN: &str = "token-metrik-uji-0123456789";
    let app = app_with(Backend::Sqlite, |c| c.metrics_token = Some(TOKEN.into())).await;
    let planner = app.signed_in("planner").await;
    let (status, _) = text(&planner, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    let pdf = planner
        .get(format!(
            "{}/kantor/kpu-contoh/dokumen/pk.pdf?unit=subbag-rendatin&tahun=2024",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    let (status, _) = text(&client(), format!("{}/tidak/ada/{}", app.base, "x".repeat(50))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for auth in [None, Some("Bearer salah"), Some(TOKEN)] {
        let mut r = client().get(format!("{}/metrics", app.base));
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        assert_eq!(r.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "{auth:?}");
    }
    let r = client()
        .get(format!("{}/metrics", app.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    let body = r.text().await.unwrap();
    for line in [
        r#"kinerja_http_requests_total{route="/kantor/{code}",method="GET",status="200"} 1"#,
        r#"kinerja_http_requests_total{route="/masuk",method="POST",status="303"} 1"#,
        r#"kinerja_http_requests_total{route="unmatched",method="GET",status="404"} 1"#,
        r#"kinerja_http_requests_total{route="/metrics",method="GET",status="401"} 3"#,
        r#"kinerja_document_render_seconds_count{kind="pk",outcome="ok"} 1"#,
        r#"kinerja_db_connections{pool="read",state="max"} 4"#,
        r#"kinerja_db_connections{pool="write",state="max"} 1"#,
    ] {
        assert!(body.lines().any(|l| l == line), "{line} missing in\n{body}");
    }
    assert!(
        body.contains(r#"kinerja_http_request_seconds_bucket{route="/kantor/{code}",method="GET",le="+Inf"} 1"#),
        "{body}"
    );
    for private in ["kpu-contoh", "planner", "xxxxx", "subbag-rendatin"] {
        assert!(!body.contains(private), "{private} in\n{body}");
    }
}

/// Every answer names its request: the id a proxy sent when it is a plain token, else a new one
/// (never a header value that could forge log lines).
#[tokio::test]
pub(crate) async fn every_answer_carries_its_request_id() {
    let app = app().await;
    let id_of = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_string();
    let r = client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    let first = id_of(&r);
    let r = client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    let second = id_of(&r);
    assert!(
        first.len() >= 16
            && first
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{first}"
    );
    assert_ne!(first, second, "a new id per request");
    let r = client()
        .get(format!("{}/healthz", app.base))
        .header("x-request-id", "lb-7f3a.01_x")
        .send()
        .await
        .unwrap();
    assert_eq!(id_of(&r), "lb-7f3a.01_x");
    for forged in ["a b\" level=error", &"x".repeat(65), ""] {
        let r = client()
            .get(format!("{}/masuk", app.base))
            .header("x-request-id", forged)
            .send()
            .await
            .unwrap();
        let id = id_of(&r);
        assert!(id != forged && id.len() >= 16, "{forged:?} → {id}");
    }
}
