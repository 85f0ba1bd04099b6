//! The JSON API: scoping, validation, problems, the OpenAPI document checked by a real validator and called through a generated client.

use super::*;

/// The JSON API: 401 for anonymous callers on every data route; tokens and sessions see only
/// their scope; a realisation is entered, a stale version gets 409 with the current figure, a
/// malformed value 422 naming the field; cookie sessions need the CSRF header to write; the
/// OpenAPI document lists every route.
#[tokio::test]
pub(crate) async fn the_api_is_scoped_validated_and_documented() {
    let app = app().await;
    let anon = client();
    for path in [
        "/api/v1/offices",
        "/api/v1/offices/kpu-contoh",
        "/api/v1/offices/kpu-contoh/plan",
        "/api/v1/offices/kpu-contoh/realisations",
        "/api/v1/offices/kpu-contoh/achievement",
        "/api/v1/offices/kpu-contoh/reporting",
    ] {
        let r = anon.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized", "{path}");
    }
    let (status, _) = app
        .api_get("knj_0000000000000000000000000000000000000000", "/api/v1/offices")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "an unknown token");
    // The province's oversight token sees the province and both offices below it.
    let province = app.token_for("provinsi").await;
    let (status, offices) = app.api_get(&province, "/api/v1/offices").await;
    assert_eq!(status, StatusCode::OK);
    let codes: Vec<&str> = offices
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["kpu-prov-contoh", "kpu-contoh", "kpu-lain"]);
    assert_eq!(offices[0]["children"], serde_json::json!(["kpu-contoh", "kpu-lain"]));
    let (_, plan) = app
        .api_get(&province, "/api/v1/offices/kpu-contoh/plan?tahun=2024")
        .await;
    let indicator = plan["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap().iter())
        .find(|i| i["text"] == "Jumlah laporan monitoring")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, achievement) = app
        .api_get(
            &province,
            "/api/v1/offices/kpu-contoh/achievement?tahun=2024&periode=B6",
        )
        .await;
    assert_eq!(achievement["span"], "year_to_date");
    assert_eq!(achievement["period"], "B6");
    let (status, _) = app
        .api_get(
            &province,
            "/api/v1/offices/kpu-contoh/achievement?tahun=2024&periode=B13",
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Oversight reads, but cannot write.
    let entry = serde_json::json!({"indicator": indicator, "period": "B8", "value": "2 laporan", "obstacles": "-"});
    let (status, body) = app.api_post(&province, entry.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The operator's token enters August.
    let operator = app.token_for("operator").await;
    let (status, saved) = app.api_post(&operator, entry.clone()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["value"], "2 laporan");
    assert_eq!(saved["status"], "draft");
    assert_eq!(saved["version"], 1);
    // The same first entry again (version 0): someone's figure is there now.
    let (status, body) = app.api_post(&operator, entry).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["current"]["value"], "2 laporan");
    let bad = serde_json::json!({"indicator": indicator, "period": "B8", "value": "1.5 laporan", "version": 1});
    let (status, body) = app.api_post(&operator, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["field"], "value");
    let bad = serde_json::json!({"indicator": indicator, "period": "B13", "value": "1", "version": 1});
    let (status, body) = app.api_post(&operator, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["field"], "period");
    let (status, _) = app.api_post(&operator, serde_json::json!({"indicator": "satu"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, list) = app
        .api_get(
            &operator,
            "/api/v1/offices/kpu-contoh/realisations?tahun=2024&periode=B8",
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    // A cookie session reads, and writes only with the page's CSRF token in X-CSRF-Token.
    let op = app.signed_in("operator").await;
    let (_, page) = text(&op, format!("{}{MONITOR}", app.base)).await;
    let csrf = field(&page, "csrf");
    let url = format!("{}/api/v1/offices/kpu-contoh/realisations", app.base);
    let change = serde_json::json!({"indicator": indicator, "period": "B8", "value": "3 laporan", "version": 1});
    let r = op.post(&url).json(&change).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = op
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

/// The query's names are the JSON's (English); the Indonesian ones say the same; a period-only
/// figure without a period is refused; the reporting status names who is late.
#[tokio::test]
async fn query_names_follow_the_json_and_indonesian_ones_still_work() {
    let app = app().await;
    let province = app.token_for("provinsi").await;
    let (status, english) = app
        .api_get(
            &province,
            "/api/v1/offices/kpu-contoh/achievement?year=2024&period=B6&period_only=true&verified_only=true",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{english}");
    let (_, indonesian) = app
        .api_get(
            &province,
            "/api/v1/offices/kpu-contoh/achievement?tahun=2024&periode=B6&hanya=true&terverifikasi=true",
        )
        .await;
    assert_eq!(english, indonesian);
    assert_eq!(
        (english["span"].as_str(), english["basis"].as_str()),
        (Some("period"), Some("verified"))
    );
    let (status, body) = app
        .api_get(&province, "/api/v1/offices/kpu-contoh/achievement?period_only=true")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.to_string().contains("'period_only' needs 'period'"), "{body}");
    let (_, reporting) = app
        .api_get(&province, "/api/v1/offices/kpu-contoh/reporting?tahun=2024")
        .await;
    assert!(
        reporting
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["unit"] == "subbag-rendatin" && r["late"] == true)
    );
}

/// API errors are RFC 9457 problems (`application/problem+json`), an unknown path and a query
/// string that does not parse among them; the OpenAPI document lists every API route.
#[tokio::test]
async fn api_errors_are_problems_and_every_route_is_documented() {
    let app = app().await;
    let operator = app.token_for("operator").await;
    let anon = client();
    // Unknown API paths answer in JSON, as an RFC 9457 problem.
    let r = client()
        .get(format!("{}/api/v1/nothing", app.base))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["type"], "urn:kinerja:problem:not_found");
    assert_eq!(body["title"], "Not Found");
    assert_eq!(body["status"], 404);
    assert_eq!(body["code"], "not_found");
    // A query string that does not parse is a problem too, naming what was wrong.
    let r = client()
        .get(format!(
            "{}/api/v1/offices/kpu-kota-metro/achievement?year=dua-ribu",
            app.base
        ))
        .bearer_auth(&operator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], 400);
    assert!(body["detail"].as_str().unwrap().contains("year"), "{body}");
    // The OpenAPI document lists every API route of the router.
    let doc: serde_json::Value = anon
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for route in WALK
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| p.starts_with("/api/v1/offices"))
    {
        assert!(paths.contains_key(route), "{route} is not documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// The OpenAPI document as a client generator reads it: valid for a real validator
/// (`openapi-spec-validator`, from PyPI; `.ci/run` installs it), every query parameter declared
/// in the query.
#[tokio::test]
#[ignore = "needs openapi-spec-validator (pip install openapi-spec-validator)"]
pub(crate) async fn the_openapi_document_is_valid_for_a_real_validator() {
    let app = app().await;
    let doc = client()
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&doc).unwrap();
    for (path, item) in json["paths"].as_object().unwrap() {
        for p in item["get"]["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap();
            let place = p["in"].as_str().unwrap();
            assert_eq!(
                place == "path",
                path.contains(&format!("{{{name}}}")),
                "{path}: {name} in {place}"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, &doc).unwrap();
    let out = std::process::Command::new("openapi-spec-validator")
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("openapi-spec-validator is needed (pip install openapi-spec-validator): {e}"));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A client generated from the OpenAPI document (`openapi-python-client`, from PyPI; `.ci/run`
/// installs it) calls the running server as a program outside Kinerja would
/// (`tests/api-client/call.py`): it lists offices, reads a plan with `year`, enters a
/// realisation, reads achievement, and reads a 404 as the document's `Problem`.
#[tokio::test]
#[ignore = "needs openapi-python-client (pip install openapi-python-client)"]
pub(crate) async fn a_client_generated_from_the_openapi_document_calls_the_server() {
    let app = app().await;
    let doc = client()
        .get(format!("{}/api/v1/openapi.json", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.json"), &doc).unwrap();
    let token = app.token_for("planner").await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/api-client/call.py");
    let (base, root) = (app.base.clone(), dir.path().to_path_buf());
    // The server runs on this test's runtime: the generator and the client run beside it.
    let out = tokio::task::spawn_blocking(move || {
        let generated = std::process::Command::new("openapi-python-client")
            .args([
                "generate",
                "--path",
                "openapi.json",
                "--meta",
                "none",
                "--output-path",
                "kinerja_api_client",
            ])
            .current_dir(&root)
            .output()
            .unwrap_or_else(|e| panic!("openapi-python-client is needed (pip install openapi-python-client): {e}"));
        assert!(
            generated.status.success(),
            "{}{}",
            String::from_utf8_lossy(&generated.stdout),
            String::from_utf8_lossy(&generated.stderr)
        );
        std::process::Command::new("python3")
            .arg(script)
            .arg(&root)
            .arg(&base)
            .arg(&token)
            .arg("kpu-contoh")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        got["offices"].as_array().unwrap().iter().any(|c| c == "kpu-contoh"),
        "{got}"
    );
    assert!(got["indicators"].as_u64().unwrap() > 0, "{got}");
    assert_eq!(got["saved_status"], 200, "{got}");
    assert_eq!(got["saved_value"], "1 laporan", "{got}");
    assert!(got["achievement_units"].as_u64().unwrap() > 0, "{got}");
    assert_eq!(got["missing_status"], 404, "{got}");
    assert_eq!(got["missing_problem"], true, "{got}");
}
