//! Signing in and out, who reaches what, forged forms, oversight, passwords, language and error pages.

use super::*;
use kinerja_domain::model::Year;

#[tokio::test]
pub(crate) async fn health_assets_and_security_headers() {
    let app = app().await;
    let r = client().get(format!("{}/healthz", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(r.text().await.unwrap(), "ok");
    // Ready: the database answers and carries every migration; a migration taken back (as a
    // database an older binary left) makes it not ready, saying which.
    let ready = client().get(format!("{}/readyz", app.base)).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
    if let crate::Db::Sqlite(path) = &app.db {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 20")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let not = client().get(format!("{}/readyz", app.base)).send().await.unwrap();
        assert_eq!(not.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(not.text().await.unwrap(), "migrations not applied: 20");
    }
    let css = client()
        .get(format!("{}/assets/style.css", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    let htmx = client()
        .get(format!("{}/assets/htmx.min.js", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        htmx.text().await.unwrap().contains("htmx"),
        "htmx is embedded, not fetched from a CDN"
    );
    let missing = client()
        .get(format!("{}/assets/tidak-ada.js", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
pub(crate) async fn anonymous_visitors_are_sent_to_sign_in() {
    let app = app().await;
    for path in ["/", "/kantor/kpu-contoh", "/kantor/kpu-contoh?tahun=2024"] {
        let r = client().get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(
            (r.status(), location(&r)),
            (StatusCode::SEE_OTHER, "/masuk".to_string()),
            "{path}"
        );
    }
    let page = client().get(format!("{}/masuk", app.base)).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(page.text().await.unwrap().contains("Masuk ke Kinerja"));
}

#[tokio::test]
pub(crate) async fn sign_in_refuses_wrong_passwords_unknown_logins_and_forged_forms() {
    let app = app().await;
    let c = client();
    let token = crate::csrf(&c, &app.base).await;
    // A login that cannot exist is answered as an unknown one.
    for (login, password) in [
        ("operator", "salah-sandi-123"),
        ("tidak.ada", PASSWORD),
        ("Budi Santoso", PASSWORD),
    ] {
        let r = submit(
            &c,
            format!("{}/masuk", app.base),
            &[("login", login), ("password", password), ("csrf", &token)],
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let page = r.text().await.unwrap();
        assert!(page.contains("Login atau kata sandi salah."));
        assert!(
            page.contains(&format!("value=\"{login}\"")),
            "what the user typed is kept"
        );
    }
    let forged = client()
        .post(format!("{}/masuk", app.base))
        .form(&[("login", "operator"), ("password", PASSWORD), ("csrf", "palsu")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let without = submit(
        &c,
        format!("{}/masuk", app.base),
        &[("login", "operator"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    // A login is typed in any case and with spaces around it.
    let r = submit(
        &c,
        format!("{}/masuk", app.base),
        &[("login", " Operator "), ("password", PASSWORD), ("csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
pub(crate) async fn an_operator_sees_their_office_and_nothing_of_another() {
    let app = app().await;
    let c = app.signed_in("operator").await;
    let home = c.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(
        location(&home),
        "/kantor/kpu-contoh?tahun=2024",
        "one office: straight to it"
    );
    let page = c
        .get(format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("KPU Kota Contoh — Capaian Kinerja 2024"));
    assert!(html.contains("Jumlah laporan monitoring"));
    assert!(html.contains("Nama operator (operator)"));
    for other in ["/kantor/kpu-lain", "/kantor/kpu-prov-contoh", "/kantor/tidak-ada"] {
        let r = c.get(format!("{}{other}?tahun=2024", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{other}");
        assert!(!r.text().await.unwrap().contains("Kota Lain"));
    }
}

/// Every route of the router, and how the walk below reaches it with the first office's data
/// (`None`: the route carries no office data).
pub(crate) const WALK: &[(&str, Option<&[&str]>)] = &[
    ("/", None),
    ("/masuk", None),
    // The user's own second step and account: second_factor::a_second_factor_is_enrolled_then_asked_after_the_password.
    ("/masuk/kode", None),
    ("/akun/dua-faktor", None),
    ("/keluar", None),
    ("/sandi", None),
    ("/bahasa", None),
    // The user's own offices only (tests/http/tasks.rs: another office's planner sees none of
    // this office's tasks).
    ("/tugas", None),
    // Offices the user may read only (oversight::offices_are_filtered_paged_and_exported).
    ("/pengawasan/unduh/{format}", None),
    // Offices the user may read only (evaluation::grades_are_seen_from_above_and_only_there).
    ("/pengawasan/evaluasi", None),
    // The schedule is every office's (read by all); only national admins write it
    // (evaluation::the_schedule_is_set_by_the_national_admins_only).
    ("/pengawasan/evaluasi/jadwal", None),
    // Only the signed-in user's own notifications: `notices::workflow_steps_reach_the_people_who_act_on_them`.
    ("/notifikasi", None),
    ("/healthz", None),
    // Readiness, public and about the server only (access::health_assets_and_security_headers).
    ("/readyz", None),
    // About the server only, never an office (operations::metrics_need_the_token_and_name_routes_not_paths).
    ("/metrics", None),
    ("/assets/{*path}", None),
    // Public by design, and only what a verification needs
    // (final_documents::a_final_document_is_frozen_verified_signed_and_published).
    ("/verifikasi/{code}", None),
    ("/publik/{code}", None),
    ("/publik/{code}/{id}", None),
    (
        "/kantor/{code}",
        Some(&[
            "GET /kantor/kpu-contoh?tahun=2024",
            "GET /kantor/KPU%20Kota%20Contoh?tahun=2024",
            "GET /kantor/Komisi%20Pemilihan%20Umum%20Kota%20Contoh?tahun=2024",
            "GET /kantor/kpu-prov-contoh?tahun=2024",
        ]),
    ),
    (
        "/kantor/{code}/pantau",
        Some(&[
            "GET /kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B3&tahun=2024",
            "POST /kantor/kpu-contoh/pantau",
        ]),
    ),
    (
        "/kantor/{code}/pantau/status",
        Some(&["POST /kantor/kpu-contoh/pantau/status"]),
    ),
    (
        "/kantor/{code}/pantau/kegiatan",
        Some(&["POST /kantor/kpu-contoh/pantau/kegiatan"]),
    ),
    (
        "/kantor/{code}/pantau/komentar",
        Some(&["POST /kantor/kpu-contoh/pantau/komentar"]),
    ),
    (
        "/kantor/{code}/bukti/{name}",
        Some(&["GET /kantor/kpu-contoh/bukti/{evidence}"]),
    ),
    (
        "/kantor/{code}/batas",
        Some(&[
            "GET /kantor/kpu-contoh/batas?tahun=2024",
            "POST /kantor/kpu-contoh/batas",
        ]),
    ),
    (
        "/kantor/{code}/evaluasi",
        Some(&["GET /kantor/kpu-contoh/evaluasi?tahun=2024"]),
    ),
    (
        "/kantor/{code}/evaluasi/komponen/{component}",
        Some(&[
            "GET /kantor/kpu-contoh/evaluasi/komponen/1?tahun=2024",
            "POST /kantor/kpu-contoh/evaluasi/komponen/1",
        ]),
    ),
    (
        "/kantor/{code}/evaluasi/unduh/{file}",
        Some(&[
            "GET /kantor/kpu-contoh/evaluasi/unduh/lke.xlsx?tahun=2024",
            "GET /kantor/kpu-contoh/evaluasi/unduh/lhe.pdf?tahun=2024",
        ]),
    ),
    (
        "/kantor/{code}/evaluasi/bukti",
        Some(&["POST /kantor/kpu-contoh/evaluasi/bukti"]),
    ),
    (
        "/kantor/{code}/evaluasi/bukti/{name}",
        Some(&["GET /kantor/kpu-contoh/evaluasi/bukti/{lke_evidence}"]),
    ),
    (
        "/kantor/{code}/evaluasi/tinjau",
        Some(&["POST /kantor/kpu-contoh/evaluasi/tinjau"]),
    ),
    (
        "/kantor/{code}/evaluasi/rekomendasi",
        Some(&["POST /kantor/kpu-contoh/evaluasi/rekomendasi"]),
    ),
    (
        "/kantor/{code}/dokumen",
        Some(&["GET /kantor/kpu-contoh/dokumen?tahun=2024"]),
    ),
    (
        "/kantor/{code}/dokumen/{file}",
        Some(&[
            "GET /kantor/kpu-contoh/dokumen/lkj.pdf?tahun=2024",
            "GET /kantor/kpu-contoh/dokumen/pk.docx?unit=subbag-rendatin&tahun=2024",
            "GET /kantor/kpu-contoh/dokumen/monitoring.xlsx?periode=TW1&tahun=2024",
            "GET /kantor/kpu-contoh/dokumen/tidak.ada",
        ]),
    ),
    (
        "/kantor/{code}/dokumen/final",
        Some(&["POST /kantor/kpu-contoh/dokumen/final"]),
    ),
    (
        "/kantor/{code}/dokumen/final/{id}",
        Some(&[
            "GET /kantor/kpu-contoh/dokumen/final/1",
            "POST /kantor/kpu-contoh/dokumen/final/1",
        ]),
    ),
    (
        "/kantor/{code}/dokumen/final/{id}/ttd",
        Some(&["POST /kantor/kpu-contoh/dokumen/final/1/ttd"]),
    ),
    (
        "/kantor/{code}/riwayat",
        Some(&[
            "GET /kantor/kpu-contoh/riwayat?tahun=2024",
            "GET /kantor/kpu-contoh/riwayat?entitas=realisation&id=1/B1&tahun=2024",
        ]),
    ),
    (
        "/kantor/{code}/lkj",
        Some(&["GET /kantor/kpu-contoh/lkj?tahun=2024", "POST /kantor/kpu-contoh/lkj"]),
    ),
    (
        "/kantor/{code}/impor",
        Some(&["GET /kantor/kpu-contoh/impor", "POST /kantor/kpu-contoh/impor"]),
    ),
    (
        "/kantor/{code}/impor/terapkan",
        Some(&["POST /kantor/kpu-contoh/impor/terapkan"]),
    ),
    (
        "/kantor/{code}/impor/arah",
        Some(&["POST /kantor/kpu-contoh/impor/arah"]),
    ),
    (
        "/kantor/{code}/impor/halaman/{n}",
        Some(&["GET /kantor/kpu-contoh/impor/halaman/1"]),
    ),
    (
        "/kantor/{code}/rencana",
        Some(&[
            "GET /kantor/kpu-contoh/rencana?tahun=2024",
            "POST /kantor/kpu-contoh/rencana",
        ]),
    ),
    (
        "/kantor/{code}/rencana/hapus",
        Some(&["GET /kantor/kpu-contoh/rencana/hapus?sasaran=1&tahun=2024"]),
    ),
    (
        "/kantor/{code}/rencana/rak",
        Some(&[
            "GET /kantor/kpu-contoh/rencana/rak?unit=subbag-rendatin&tahun=2024",
            "POST /kantor/kpu-contoh/rencana/rak",
        ]),
    ),
    (
        "/kantor/{code}/renstra",
        Some(&[
            "GET /kantor/kpu-contoh/renstra?tahun=2024",
            "POST /kantor/kpu-contoh/renstra",
        ]),
    ),
    (
        "/kantor/{code}/pengguna",
        Some(&["GET /kantor/kpu-contoh/pengguna", "POST /kantor/kpu-contoh/pengguna"]),
    ),
    ("/api/v1/openapi.json", None),
    ("/api/v1/offices", None),
    (
        "/api/v1/offices/{code}",
        Some(&[
            "API GET /api/v1/offices/kpu-contoh",
            "API GET /api/v1/offices/kpu-prov-contoh",
        ]),
    ),
    (
        "/api/v1/offices/{code}/plan",
        Some(&["API GET /api/v1/offices/kpu-contoh/plan?tahun=2024"]),
    ),
    (
        "/api/v1/offices/{code}/realisations",
        Some(&[
            "API GET /api/v1/offices/kpu-contoh/realisations?tahun=2024",
            "API POST /api/v1/offices/kpu-contoh/realisations",
            "API POST /api/v1/offices/kpu-lain/realisations",
        ]),
    ),
    (
        "/api/v1/offices/{code}/achievement",
        Some(&["API GET /api/v1/offices/kpu-contoh/achievement?tahun=2024"]),
    ),
    (
        "/api/v1/offices/{code}/reporting",
        Some(&["API GET /api/v1/offices/kpu-contoh/reporting?tahun=2024"]),
    ),
    // The offices the caller may read only, the evaluators' values once proposed
    // (evaluation::grades_are_seen_from_above_and_only_there).
    ("/api/v1/evaluations", None),
    ("/api/v1/{*rest}", None),
];

/// A user of another office walks every route that carries office data: each answers "not
/// found" without a word of the first office, and nothing is written. A route added to the
/// router without a line in [`WALK`] fails this test.
#[tokio::test]
pub(crate) async fn a_user_of_another_office_reaches_nothing_of_this_one() {
    for path in kinerja_web::route_paths() {
        assert!(WALK.iter().any(|(p, _)| *p == path), "route {path} is not walked");
    }
    let app = app().await;
    // Evidence of the first office, uploaded by its operator.
    let op = app.signed_in("operator").await;
    let (_, page) = text(&op, format!("{}{MONITOR}", app.base)).await;
    let r = op
        .post(format!("{}/kantor/kpu-contoh/pantau", app.base))
        .multipart(multipart_save(&page, "1 laporan", vec![("rahasia.pdf", pdf(100))], &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&op, format!("{}{MONITOR}", app.base)).await;
    let href = "/kantor/kpu-contoh/bukti/";
    let at = page.find(href).unwrap() + href.len();
    let evidence = page[at..at + page[at..].find('"').unwrap()].to_string();
    let realisation = field(&page, "realisation");
    let action = app
        .store
        .year_plan(
            app.store.find_office("kpu-contoh").await.unwrap().unwrap().id,
            Year::of(2024),
        )
        .await
        .unwrap()
        .actions[0]
        .id
        .to_string();
    // And a file of its SAKIP self-assessment, uploaded by its planner.
    let planner = app.signed_in("planner").await;
    let lke_page = format!("{}/kantor/kpu-contoh/evaluasi/komponen/1?tahun=2024", app.base);
    let (_, component) = text(&planner, lke_page.clone()).await;
    let upload = reqwest::multipart::Form::new()
        .text("csrf", field(&component, "csrf"))
        .text("tahun", "2024")
        .text("komponen", "1")
        .text("kriteria", "1.a.1")
        .part(
            "berkas",
            reqwest::multipart::Part::bytes(pdf(100)).file_name("rahasia-lke.pdf"),
        );
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/evaluasi/bukti", app.base))
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, component) = text(&planner, lke_page).await;
    let href = "/kantor/kpu-contoh/evaluasi/bukti/";
    let at = component.find(href).unwrap() + href.len();
    let lke_evidence = component[at..at + component[at..].find('"').unwrap()].to_string();
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let before = app.store.audit_log(Some(office.id), 1000).await.unwrap().len();

    let c = app.signed_in("orang.lain").await;
    let (_, own) = text(&c, format!("{}/kantor/kpu-lain?tahun=2024", app.base)).await;
    let csrf = field(&own, "csrf");
    let indicator = field(&page, "indicator");
    let form: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("indicator", &indicator),
        ("realisation", &realisation),
        ("version", "1"),
        ("action", "verify"),
        ("reason", "x"),
        ("unit", "subbag-rendatin"),
        ("periode", "B7"),
        ("tahun", "2024"),
        ("value", "9 laporan"),
        ("due_B1", "2024-03-01"),
        ("aksi", "add_objective"),
        ("text", "Sasaran titipan"),
        ("rows", "1"),
        ("read", ""),
        ("r0_indicator", &indicator),
        ("r0_text", "Kegiatan titipan"),
        ("kegiatan", &action),
        ("done", "1"),
        ("body", "Catatan titipan"),
        ("user", "1"),
        ("goals", "1"),
        ("g0_text", "Tujuan titipan"),
        ("vision", "Visi titipan"),
        ("from_year", "2025"),
        ("to_year", "2029"),
        ("n_foreword", "Kata pengantar titipan"),
    ];
    let token = app.token_for("orang.lain").await;
    let json =
        serde_json::json!({"indicator": indicator.parse::<i64>().unwrap(), "period": "B7", "value": "9 laporan"});
    for (_, walks) in WALK {
        for walk in walks.iter().flat_map(|w| w.iter()) {
            let (method, path) = walk.trim_start_matches("API ").split_once(' ').unwrap();
            let path = path
                .replace("{evidence}", &evidence)
                .replace("{lke_evidence}", &lke_evidence);
            let url = format!("{}{path}", app.base);
            let r = match (walk.starts_with("API "), method) {
                (false, "GET") => c.get(url).send().await.unwrap(),
                (false, _) => c.post(url).form(&form).send().await.unwrap(),
                (true, "GET") => client().get(url).bearer_auth(&token).send().await.unwrap(),
                (true, _) => client().post(url).bearer_auth(&token).json(&json).send().await.unwrap(),
            };
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{walk}");
            let body = r.text().await.unwrap();
            assert!(
                !body.contains("Kota Contoh")
                    && !body.contains("Jumlah laporan monitoring")
                    && !body.contains("rahasia"),
                "{walk}"
            );
        }
    }
    let after = app.store.audit_log(Some(office.id), 1000).await.unwrap().len();
    assert_eq!(after, before, "nothing was written");
    let home = c.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(location(&home), "/kantor/kpu-lain?tahun=2024");
}

/// Every route of the router, posted to by a signed-in planner without the session's CSRF
/// token and with another session's: refused (or not a route that takes a post), as a form and
/// as a multipart upload alike, and nothing is written; the planner is still signed in.
#[tokio::test]
pub(crate) async fn every_post_without_the_sessions_token_is_refused() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = app.signed_in("planner").await;
    let other = app.signed_in("operator").await;
    let (_, page) = text(&other, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    let foreign = field(&page, "csrf");
    let (_, own_page) = text(&planner, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert_ne!(field(&own_page, "csrf"), foreign, "two sessions, two tokens");
    let before = app.store.audit_log(Some(office.id), 1000).await.unwrap().len();
    let fields = [
        ("tahun", "2024"),
        ("unit", "komisi"),
        ("aksi", "add_objective"),
        ("text", "Sasaran tanpa token"),
        ("n_foreword", "Kata pengantar tanpa token"),
        ("body", "Komentar tanpa token"),
        ("lang", "en"),
        ("login", "planner"),
        ("password", PASSWORD),
    ];
    let mut posts = 0;
    for route in kinerja_web::route_paths() {
        let path = route
            .replace("{code}", "kpu-contoh")
            .replace("{name}", "x")
            .replace("{file}", "lkj.pdf")
            .replace("{*path}", "style.css")
            .replace("{*rest}", "apa-saja");
        for token in ["", foreign.as_str()] {
            let mut form: Vec<(&str, &str)> = fields.to_vec();
            form.push(("csrf", token));
            let url = format!("{}{path}", app.base);
            let as_form = planner.post(&url).form(&form).send().await.unwrap().status();
            let mut multipart = reqwest::multipart::Form::new();
            for (k, v) in &form {
                multipart = multipart.text(k.to_string(), v.to_string());
            }
            let as_upload = planner.post(&url).multipart(multipart).send().await.unwrap().status();
            for status in [as_form, as_upload] {
                assert!(
                    matches!(
                        status,
                        StatusCode::FORBIDDEN
                            | StatusCode::METHOD_NOT_ALLOWED
                            | StatusCode::NOT_FOUND
                            | StatusCode::BAD_REQUEST
                            | StatusCode::UNSUPPORTED_MEDIA_TYPE
                    ),
                    "POST {path} with token {token:?}: {status}"
                );
                if status == StatusCode::FORBIDDEN {
                    posts += 1;
                }
            }
        }
    }
    assert!(posts >= 30, "the routes that take a post refused it: {posts}");
    assert_eq!(
        app.store.audit_log(Some(office.id), 1000).await.unwrap().len(),
        before,
        "nothing was written"
    );
    let still = planner
        .get(format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        still.status(),
        StatusCode::OK,
        "a sign-out without the token is refused too"
    );
}

#[tokio::test]
pub(crate) async fn oversight_lists_the_offices_below() {
    let app = app().await;
    let c = app.signed_in("provinsi").await;
    let html = text(&c, format!("{}/?tahun=2024", app.base)).await.1;
    assert!(html.contains("Capaian kinerja kantor tahun 2024"));
    for name in ["KPU Provinsi Contoh", "KPU Kota Contoh", "KPU Kota Lain"] {
        assert!(html.contains(name), "{name}");
    }
    let drill = c
        .get(format!("{}/kantor/kpu-lain?tahun=2024", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(drill.status(), StatusCode::OK);
    // Sorted by achievement, highest first: the office with realisations before the empty one.
    let (_, sorted) = text(&c, format!("{}/?tahun=2024&urut=capaian&arah=turun", app.base)).await;
    let at = |name: &str| sorted.find(&format!(">{name}</a>")).unwrap_or_else(|| panic!("{name}"));
    assert!(at("KPU Kota Contoh") < at("KPU Kota Lain"), "{sorted}");
    assert!(
        sorted.contains("urut=capaian&#38;arah=naik"),
        "the header link reverses the order"
    );
    // By name, a search narrows the list.
    let (_, found) = text(&c, format!("{}/?tahun=2024&cari=lain", app.base)).await;
    assert!(found.contains(">KPU Kota Lain</a>") && !found.contains(">KPU Kota Contoh</a>"));
    // A realisation entered now shows on the next request (the figures are cached per office
    // and recomputed when its data version moves).
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let (_, row_before) = text(&c, format!("{}/?tahun=2024&cari=contoh", app.base)).await;
    let count = |html: &str| html.matches("<td class=\"num\">").count();
    let ind = plan
        .indicators
        .iter()
        .find(|i| i.text == "Jumlah laporan monitoring")
        .unwrap();
    app.store
        .save_realisation(
            &Actor::new("operator"),
            &kinerja_store::RealisationInput {
                indicator: ind.id,
                period: kinerja_domain::period::Period::Month(11),
                value: kinerja_domain::value::Value::parse("1 laporan").unwrap(),
                evidence: vec![],
                new_files: vec![],
                obstacles: None,
                follow_up: None,
            },
            None,
            None,
        )
        .await
        .unwrap();
    let (_, row_after) = text(&c, format!("{}/?tahun=2024&cari=contoh", app.base)).await;
    let realisations = |html: &str| {
        let row = &html[html.find(">KPU Kota Contoh</a>").unwrap()..];
        let cells: Vec<&str> = row.split("<td class=\"num\">").skip(2).take(1).collect();
        cells[0][..cells[0].find('<').unwrap()].to_string()
    };
    assert_eq!(count(&row_before), count(&row_after));
    // The list counts the office's PK indicators as its own page does, and says what each
    // column counts.
    let listed = {
        let row = &row_before[row_before.find(">KPU Kota Contoh</a>").unwrap()..];
        let cell = row.split("<td class=\"num\">").nth(1).unwrap();
        cell[..cell.find('<').unwrap()].to_string()
    };
    let page = text(&c, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await.1;
    let shown = {
        let at = page.find("Indikator PK</span><strong>").unwrap() + "Indikator PK</span><strong>".len();
        page[at..at + page[at..].find('<').unwrap()].to_string()
    };
    assert_eq!(listed, shown, "the list and the office page count alike");
    assert!(row_before.contains("Realisasi: banyaknya isian capaian"), "column help");
    assert_eq!(
        realisations(&row_after).parse::<usize>().unwrap(),
        realisations(&row_before).parse::<usize>().unwrap() + 1
    );
}

#[tokio::test]
pub(crate) async fn signing_out_and_disabling_end_the_session() {
    let app = app().await;
    let c = app.signed_in("planner").await;
    let page = text(&c, format!("{}/kantor/kpu-contoh", app.base)).await.1;
    let token = field(&page, "csrf");
    let forged = submit(&c, format!("{}/keluar", app.base), &[("csrf", "palsu")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let out = submit(&c, format!("{}/keluar", app.base), &[("csrf", token.as_str())]).await;
    assert_eq!(location(&out), "/masuk");
    let after = c.get(format!("{}/kantor/kpu-contoh", app.base)).send().await.unwrap();
    assert_eq!(location(&after), "/masuk");

    let c = app.signed_in("operator").await;
    let user = app
        .store
        .user_credentials(&login_of("operator"))
        .await
        .unwrap()
        .unwrap()
        .0;
    app.store
        .set_user_disabled(&Actor::new("test"), user.id, true, "pindah")
        .await
        .unwrap();
    let after = c.get(format!("{}/kantor/kpu-contoh", app.base)).send().await.unwrap();
    assert_eq!(location(&after), "/masuk", "a disabled user's session no longer works");
}

#[tokio::test]
pub(crate) async fn a_password_change_checks_the_old_one_and_ends_other_sessions() {
    let app = app().await;
    let here = app.signed_in("planner").await;
    let elsewhere = app.signed_in("planner").await;
    let page = text(&here, format!("{}/sandi", app.base)).await.1;
    let token = field(&page, "csrf");
    let change = |current: &str, new: &str, repeat: &str| {
        here.post(format!("{}/sandi", app.base))
            .form(&[("current", current), ("new", new), ("repeat", repeat), ("csrf", &token)])
            .send()
    };
    for (current, new, repeat, message) in [
        (
            "salah-sandi-123",
            "sandi-baru-456",
            "sandi-baru-456",
            "Kata sandi saat ini salah.",
        ),
        (PASSWORD, "sandi-baru-456", "sandi-lain-789", "tidak sama"),
        (PASSWORD, "pendek", "pendek", "paling sedikit 8 karakter"),
    ] {
        let r = change(current, new, repeat).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains(message), "{message}");
    }
    let r = change(PASSWORD, "sandi-baru-456", "sandi-baru-456").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Kata sandi sudah diganti"));
    // This session goes on; the other one ended; the new password signs in.
    assert_eq!(
        here.get(format!("{}/kantor/kpu-contoh", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        location(
            &elsewhere
                .get(format!("{}/kantor/kpu-contoh", app.base))
                .send()
                .await
                .unwrap()
        ),
        "/masuk"
    );
    let (_, hash) = app.store.user_credentials(&login_of("planner")).await.unwrap().unwrap();
    assert!(password::verify("sandi-baru-456", &hash));
}

#[tokio::test]
pub(crate) async fn the_interface_switches_to_english_and_remembers_it() {
    let app = app().await;
    let c = app.signed_in("planner").await;
    let page = text(&c, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await.1;
    assert!(page.contains("<html lang=\"id\">") && page.contains("Capaian Kinerja 2024"));
    let token = field(&page, "csrf");
    let switched = c
        .post(format!("{}/bahasa", app.base))
        .header("referer", format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .form(&[("lang", "en"), ("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&switched),
        "/kantor/kpu-contoh?tahun=2024",
        "back to the same page"
    );
    let page = text(&c, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await.1;
    assert!(
        page.contains("<html lang=\"en\">") && page.contains("KPU Kota Contoh — Performance achievement 2024"),
        "{page}"
    );
    assert!(page.contains("Objective / Indicator") && page.contains("Sign out"));
    // Remembered for the user: a new sign-in elsewhere is in English too.
    let user = app
        .store
        .user_credentials(&login_of("planner"))
        .await
        .unwrap()
        .unwrap()
        .0;
    assert_eq!(user.lang, Lang::En);
    let other = app.signed_in("planner").await;
    let page = other
        .get(format!(
            "{}/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024",
            app.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Monitoring: Subbagian Perencanaan, Data dan Informasi — July 2024")
            && page.contains("Not entered"),
        "{page}"
    );
    // A switch without the form's token changes nothing.
    let forged = submit(&c, format!("{}/bahasa", app.base), &[("lang", "id"), ("csrf", "palsu")]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

/// Error pages speak the user's language; assets include the embedded fonts.
#[tokio::test]
pub(crate) async fn error_pages_follow_the_users_language() {
    let app = app().await;
    let c = app.signed_in("operator").await;
    let (status, page) = text(&c, format!("{}/kantor/tidak-ada", app.base)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Halaman tidak ditemukan."), "{page}");
    let (_, home) = text(&c, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    let r = submit(
        &c,
        format!("{}/bahasa", app.base),
        &[("lang", "en"), ("csrf", &field(&home, "csrf"))],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = text(&c, format!("{}/kantor/tidak-ada", app.base)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("Page not found.") && page.contains("lang=\"en\""),
        "{page}"
    );
    let font = client()
        .get(format!("{}/assets/fonts/LiberationSans-Regular.ttf", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(font.headers()["content-type"], "font/ttf");
    assert!(font.bytes().await.unwrap().len() > 100_000);
}
