//! Input made to hurt the server, from every role and from anonymous clients, on SQLite and (with
//! `--include-ignored` and KINERJA_TEST_POSTGRES_URL) on PostgreSQL: the server refuses it
//! saying why, keeps serving every office, and writes nothing it should not.

#[path = "../../../kinerja-import/tests/support/hostile_files.rs"]
mod hostile_files;

use crate::login_of;
use kinerja_domain::model::Year;
use reqwest::StatusCode;

use crate::{Backend, Db, PASSWORD, TestApp, app_with, client, field, july_figure, location, submit};

/// Runs a test body on SQLite, and on PostgreSQL when ignored tests are included.
macro_rules! on_both {
    ($sqlite:ident, $postgres:ident, $body:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $body(Backend::Sqlite).await;
        }

        #[tokio::test]
        #[ignore = "needs PostgreSQL: KINERJA_TEST_POSTGRES_URL"]
        async fn $postgres() {
            $body(Backend::Postgres).await;
        }
    };
}

async fn text(c: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// Every page about the office and above it answers (none fails because of one office's data).
async fn every_view_answers(app: &TestApp) {
    let pages = [
        ("planner", "/kantor/kpu-contoh?tahun=2024"),
        ("planner", "/kantor/kpu-contoh/rencana?tahun=2024&unit=subbag-rendatin"),
        (
            "operator",
            "/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024",
        ),
        ("provinsi", "/?tahun=2024"),
        ("provinsi", "/kantor/kpu-contoh?tahun=2024"),
        ("orang.lain", "/kantor/kpu-lain?tahun=2024"),
    ];
    for (login, path) in pages {
        let c = app.signed_in(login).await;
        let (status, page) = text(&c, format!("{}{path}", app.base)).await;
        assert_eq!(status, StatusCode::OK, "{login} {path}: {page}");
    }
}

/// Puts a value into a realisation the way data written before values had bounds hold it.
async fn store_raw_realisation(app: &TestApp, indicator: kinerja_domain::model::IndicatorId, raw: &str) {
    let sql = "INSERT INTO realisations (indicator_id, period, value_kind, value_raw, status, evidence, version) \
               VALUES ($1, 'B11', 'quantity', $2, 'draft', '[]', 1)";
    match &app.db {
        Db::Sqlite(path) => {
            let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            sqlx::query(sql)
                .bind(indicator.0)
                .bind(raw)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query("UPDATE offices SET data_version = data_version + 1")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
        Db::Postgres(db) => {
            let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
            sqlx::query(sql)
                .bind(indicator.0)
                .bind(raw)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query("UPDATE offices SET data_version = data_version + 1")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }
}

async fn a_value_past_its_bounds_is_refused_and_a_stored_one_breaks_no_page(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    let op = app.signed_in("operator").await;
    let url = format!(
        "{}/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024",
        app.base
    );
    let (_, page) = text(&op, url).await;
    let form = |value: &str| {
        vec![
            ("csrf", field(&page, "csrf")),
            ("indicator", field(&page, "indicator")),
            ("unit", "subbag-rendatin".into()),
            ("periode", "B7".into()),
            ("tahun", "2024".into()),
            ("version", "0".into()),
            ("value", value.into()),
        ]
    };
    for (value, why) in [
        (
            "9999999999999999999999999999%",
            "di luar batas: persentase harus antara -100% dan 10.000%",
        ),
        (
            "-1 laporan",
            "di luar batas: jumlah harus antara 0 dan 1.000.000.000.000",
        ),
        ("1e309", "notasi ilmiah"),
        (&"9".repeat(40), "angka terlalu panjang"),
    ] {
        let r = submit(&op, format!("{}/kantor/kpu-contoh/pantau", app.base), &form(value)).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{value}");
        let body = r.text().await.unwrap();
        assert!(body.contains(why), "{value}: {body}");
    }
    // A value stored before the bounds existed: the indicator says it cannot be computed,
    // every page above the office still answers, and the API says why.
    let ind = app.indicator("Jumlah laporan monitoring").await.id;
    store_raw_realisation(&app, ind, "79.228.162.514.264.337.593.543.950.335 laporan").await;
    every_view_answers(&app).await;
    let token = app.token_for("provinsi").await;
    let (status, body) = app
        .api_get(&token, "/api/v1/offices/kpu-contoh/achievement?tahun=2024")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let text = body.to_string();
    assert!(text.contains("out_of_range"), "{text}");
}

on_both!(
    a_value_past_its_bounds_is_refused_sqlite,
    a_value_past_its_bounds_is_refused_postgres,
    a_value_past_its_bounds_is_refused_and_a_stored_one_breaks_no_page
);

async fn nul_bytes_and_control_characters_are_refused_alike(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    // Anonymous, at the sign-in form: a clear refusal, never a database error.
    let anon = client();
    let token = crate::csrf(&anon, &app.base).await;
    let r = submit(
        &anon,
        format!("{}/masuk", app.base),
        &[("login", "admin\0"), ("password", "x"), ("csrf", token.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("isian &#34;login&#34;: karakter kendali U+0000 di kolom 6 tidak diizinkan"),
        "{body}"
    );
    // In a path or a query, before any handler.
    for path in [
        "/kantor/%00",
        "/kantor/kpu-contoh?tahun=2024%00",
        "/api/v1/offices/%00/plan",
    ] {
        let r = anon.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    // In a form of a signed-in user, and in the API's JSON: refused, nothing written.
    let op = app.signed_in("operator").await;
    let (_, page) = text(
        &op,
        format!(
            "{}/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B7&tahun=2024",
            app.base
        ),
    )
    .await;
    let r = op
        .post(format!("{}/kantor/kpu-contoh/pantau", app.base))
        .form(
            &[
                july_figure(&page, "1 laporan"),
                vec![("obstacles", "jaringan\0putus".into())],
            ]
            .concat(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let token = app.token_for("operator").await;
    let ind = app.indicator("Jumlah laporan monitoring").await.id;
    let (status, body) = app.api_post(
        &token,
        serde_json::json!({"indicator": ind, "period": "B8", "value": "1 laporan", "obstacles": "a\u{0}b", "version": 0}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["detail"].as_str().unwrap().contains("U+0000"), "{body}");
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    assert!(
        plan.realisations
            .iter()
            .all(|r| r.indicator != ind || r.period.to_string() != "B8")
    );
    every_view_answers(&app).await;
}

on_both!(
    nul_bytes_are_refused_sqlite,
    nul_bytes_are_refused_postgres,
    nul_bytes_and_control_characters_are_refused_alike
);

async fn hostile_workbooks_are_refused_or_read_and_the_server_stays_up(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    let planner = app.signed_in("planner").await;
    let page = text(&planner, format!("{}/kantor/kpu-contoh/impor?tahun=2025", app.base))
        .await
        .1;
    let csrf = field(&page, "csrf");
    let upload = |name: &'static str, bytes: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("tahun", "2025")
            .part("berkas", reqwest::multipart::Part::bytes(bytes).file_name(name))
    };
    // Cells in two far corners: read as two cells, the far one named in a warning.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload("sudut.xlsx", hostile_files::sparse_corners()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("sel XFD1048576 dan sel lain di luar kolom IV tidak dibaca"),
        "{body}"
    );
    // A part that unpacks past 64 MB: refused, naming the limit.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload("bom.xlsx", hostile_files::bomb_part(65 * 1024 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("terurai lebih dari 67.108.864 bita"), "{body}");
    // A CSV of 10.000 columns: refused at its first row.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload("lebar.csv", hostile_files::wide_csv(10_000, 50).into_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("memiliki lebih dari 256 kolom"));
    every_view_answers(&app).await;
}

on_both!(
    hostile_workbooks_sqlite,
    hostile_workbooks_postgres,
    hostile_workbooks_are_refused_or_read_and_the_server_stays_up
);

async fn long_texts_and_huge_forms_are_refused_with_their_limit(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    let planner = app.signed_in("planner").await;
    let (_, page) = text(
        &planner,
        format!("{}/kantor/kpu-contoh/rencana?tahun=2024&unit=subbag-rendatin", app.base),
    )
    .await;
    let csrf = field(&page, "csrf");
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/rencana", app.base))
        .form(&[
            ("csrf", csrf.clone()),
            ("tahun", "2024".into()),
            ("unit", "subbag-rendatin".into()),
            ("aksi", "add_objective".into()),
            ("reason", "uji".into()),
            ("text", "x".repeat(2_001)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("Sasaran: terlalu panjang: 2.001 karakter, paling banyak 2.000"),
        "{body}"
    );
    // 40.000 fields: refused before any is looked at.
    let mut many: Vec<(String, String)> = vec![("csrf".into(), csrf.clone()), ("tahun".into(), "2024".into())];
    many.extend((0..40_000).map(|n| (format!("g{n}_text"), "x".to_string())));
    let r = submit(&planner, format!("{}/kantor/kpu-contoh/renstra", app.base), &many).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("formulir berisi lebih dari 20000 isian")
    );
    // A year no office plans: refused, naming the field.
    for year in ["4294969320", "99999", "-1", "1999"] {
        let (status, body) = text(&planner, format!("{}/kantor/kpu-contoh?tahun={year}", app.base)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{year}");
        assert!(body.contains("isian &#34;tahun&#34;: &#34;"), "{body}");
        assert!(
            body.contains("bukan tahun 2000–2100") && !body.contains("not a year"),
            "{body}"
        );
    }
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    assert!(plan.objectives.iter().all(|o| o.text.len() < 2_001));
}

on_both!(
    long_texts_and_huge_forms_sqlite,
    long_texts_and_huge_forms_postgres,
    long_texts_and_huge_forms_are_refused_with_their_limit
);

/// A client that says it comes from `address` through the trusted proxy (127.0.0.1).
fn from(address: &'static str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A sign-in attempt by a new visitor from `address` (through the proxy).
async fn attempt(app: &TestApp, address: &'static str, login: &str, password: &str) -> reqwest::Response {
    let c = from(address);
    let token = crate::csrf(&c, &app.base).await;
    c.post(format!("{}/masuk", app.base))
        .form(&[("login", login), ("password", password), ("csrf", token.as_str())])
        .send()
        .await
        .unwrap()
}

async fn guesses_wait_per_login_and_address_and_admins_end_the_wait(backend: Backend) {
    let app = app_with(backend, |c| {
        c.trusted_proxies = kinerja_web::client::TrustedProxies(vec!["127.0.0.1".parse().unwrap()]);
    })
    .await;
    let (a, b) = ("198.51.100.7", "203.0.113.9");
    for _ in 0..3 {
        assert_eq!(
            attempt(&app, a, "operator", "salah-sandi").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // From that address, even the right password waits now, saying how long.
    let r = attempt(&app, a, "operator", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains(
        "Terlalu banyak percobaan yang gagal untuk nama pengguna ini dari alamat ini. Coba lagi dalam 10 detik."
    ));
    // The right user from another address is never refused because of those guesses.
    let r = attempt(&app, b, "operator", PASSWORD).await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, "/".to_string()));
    // The office's admin sees the wait, with the address, and ends it (audited).
    let admin = app.signed_in("admin.contoh").await;
    let (_, page) = text(&admin, format!("{}/kantor/kpu-contoh/pengguna", app.base)).await;
    let waits = &page[page.find("id=\"penundaan\"").expect("the waits are listed")..];
    assert!(
        waits.contains("<td>operator</td><td>198.51.100.7</td><td class=\"num\">3</td>"),
        "{waits}"
    );
    let r = admin
        .post(format!("{}/kantor/kpu-contoh/pengguna", app.base))
        .form(&[
            ("csrf", field(&page, "csrf")),
            ("aksi", "clear_wait".into()),
            ("login", "operator".into()),
            ("reason", "operator menelepon".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let log = app.store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (log[0].entity.as_str(), log[0].action.as_str(), log[0].reason.as_deref()),
        ("sign_in_wait", "clear", Some("operator menelepon"))
    );
    let r = attempt(&app, a, "operator", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the wait is over");
    // An admin cannot end the wait of another office's login (nor learn of it).
    let r = admin
        .post(format!("{}/kantor/kpu-contoh/pengguna", app.base))
        .form(&[
            ("csrf", field(&page, "csrf")),
            ("aksi", "clear_wait".into()),
            ("login", "orang.lain".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // An address guessing many logins waits, except for the logins that signed in from it.
    for n in 0..30 {
        attempt(&app, b, &format!("tebakan{n}"), "x").await;
    }
    assert_eq!(
        attempt(&app, b, "planner", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        attempt(&app, b, "operator", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

on_both!(
    guesses_wait_sqlite,
    guesses_wait_postgres,
    guesses_wait_per_login_and_address_and_admins_end_the_wait
);

#[tokio::test]
async fn forwarded_addresses_are_believed_only_from_a_trusted_proxy() {
    // No proxy trusted: every client below is 127.0.0.1, whatever its header says.
    let app = app_with(Backend::Sqlite, |_| {}).await;
    let (a, b) = ("198.51.100.7", "203.0.113.9");
    for _ in 0..3 {
        attempt(&app, a, "operator", "salah-sandi").await;
    }
    assert_eq!(
        attempt(&app, b, "operator", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header does not make a new address"
    );
}

async fn current_password_guesses_wait_too(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    let c = app.signed_in("operator").await;
    let (_, page) = text(&c, format!("{}/sandi", app.base)).await;
    let guess = || {
        c.post(format!("{}/sandi", app.base))
            .form(&[
                ("csrf", field(&page, "csrf")),
                ("current", "tebakan-salah".into()),
                ("new", "sandi-baru-12345".into()),
                ("repeat", "sandi-baru-12345".into()),
            ])
            .send()
    };
    for _ in 0..3 {
        assert_eq!(guess().await.unwrap().status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = guess().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Coba lagi dalam 10 detik"));
}

on_both!(
    current_password_guesses_wait_sqlite,
    current_password_guesses_wait_postgres,
    current_password_guesses_wait_too
);

async fn anonymous_visitors_store_nothing(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    let c = client();
    for _ in 0..200 {
        assert_eq!(
            c.get(format!("{}/masuk", app.base)).send().await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(
            client()
                .get(format!("{}/masuk", app.base))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
    // Switching language before signing in sets a cookie, not a session.
    let token = crate::csrf(&c, &app.base).await;
    let r = submit(
        &c,
        format!("{}/bahasa", app.base),
        &[("lang", "en"), ("csrf", token.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = text(&c, format!("{}/masuk", app.base)).await.1;
    assert!(page.contains("Sign in to Kinerja"), "{page}");
    assert_eq!(
        app.store.session_purge(i64::MAX).await.unwrap(),
        0,
        "no session was stored"
    );
    // The form still works: signed in with the cookie's token; without it, refused.
    let r = submit(
        &c,
        format!("{}/masuk", app.base),
        &[("login", "operator"), ("password", PASSWORD), ("csrf", token.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = client()
        .post(format!("{}/masuk", app.base))
        .form(&[("login", "operator"), ("password", PASSWORD), ("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a token without its cookie");
    assert_eq!(
        app.store.session_purge(i64::MAX).await.unwrap(),
        1,
        "one session: the one signed in"
    );
}

on_both!(
    anonymous_visitors_store_nothing_sqlite,
    anonymous_visitors_store_nothing_postgres,
    anonymous_visitors_store_nothing
);

async fn logins_made_by_an_admin_reveal_no_other_office(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    let admin = app.signed_in("admin.contoh").await;
    let add = |login: &'static str| {
        let admin = admin.clone();
        let base = app.base.clone();
        async move {
            let (_, page) = text(&admin, format!("{base}/kantor/kpu-contoh/pengguna")).await;
            admin
                .post(format!("{base}/kantor/kpu-contoh/pengguna"))
                .form(&[
                    ("csrf", field(&page, "csrf")),
                    ("aksi", "add".into()),
                    ("login", login.into()),
                    ("name", "Orang Baru".into()),
                    ("role", "reviewer".into()),
                    ("unit", "".into()),
                    ("password", "sandi-awal-123".into()),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    // `orang.lain` is a login of another office: the new user is orang.lain.kpu-contoh, and
    // nothing says the other exists.
    let r = add("orang.lain").await;
    assert_eq!(location(&r), "/kantor/kpu-contoh/pengguna?baru=orang.lain.kpu-contoh");
    let (_, page) = text(&admin, format!("{}{}", app.base, location(&r))).await;
    assert!(page.contains("Pengguna orang.lain.kpu-contoh ditambahkan."), "{page}");
    // Again: the refusal names only this office's login.
    let r = add("orang.lain").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("nama pengguna orang.lain.kpu-contoh sudah dipakai; pilih nama lain"),
        "{body}"
    );
    assert!(!body.contains("kpu-lain"));
}

on_both!(
    logins_reveal_no_other_office_sqlite,
    logins_reveal_no_other_office_postgres,
    logins_made_by_an_admin_reveal_no_other_office
);

async fn a_reset_password_revokes_the_users_tokens_and_tokens_are_revoked_on_the_web(backend: Backend) {
    let app = app_with(backend, |_| {}).await;
    let secret = app.token_for("operator").await;
    let second = app.token_for("operator").await;
    let (status, _) = app.api_get(&secret, "/api/v1/offices").await;
    assert_eq!(status, StatusCode::OK);
    // The operator sees their own tokens and revokes one.
    let op = app.signed_in("operator").await;
    let (_, page) = text(&op, format!("{}/sandi", app.base)).await;
    let own = &page[page.find("id=\"token\"").unwrap()..];
    assert_eq!(own.matches("value=\"revoke_token\"").count(), 2);
    let first_id = field(own, "token");
    let r = op
        .post(format!("{}/sandi", app.base))
        .form(&[
            ("csrf", field(&page, "csrf")),
            ("aksi", "revoke_token".into()),
            ("token", first_id),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/sandi#token");
    // The admin sees the other on the users' page; resetting the password revokes it.
    let admin = app.signed_in("admin.contoh").await;
    let (_, page) = text(&admin, format!("{}/kantor/kpu-contoh/pengguna", app.base)).await;
    assert!(page.contains("value=\"revoke_token\""));
    let user = app
        .store
        .user_credentials(&login_of("operator"))
        .await
        .unwrap()
        .unwrap()
        .0;
    let r = admin
        .post(format!("{}/kantor/kpu-contoh/pengguna", app.base))
        .form(&[
            ("csrf", field(&page, "csrf")),
            ("aksi", "password".into()),
            ("user", user.id.to_string()),
            ("password", "sandi-baru-456".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/kantor/kpu-contoh/pengguna?sandi=1");
    let (_, page) = text(&admin, format!("{}{}", app.base, location(&r))).await;
    assert!(page.contains("Semua token API pengguna itu dicabut"), "{page}");
    for t in [&secret, &second] {
        let (status, _) = app.api_get(t, "/api/v1/offices").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

on_both!(
    reset_revokes_tokens_sqlite,
    reset_revokes_tokens_postgres,
    a_reset_password_revokes_the_users_tokens_and_tokens_are_revoked_on_the_web
);
