//! Two-step verification over HTTP, with codes computed here (RFC 6238) as an authenticator app
//! computes them.

use super::*;
use kinerja_store::second_factor as sf;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Signs `login` in with the password alone: the client and where it was sent.
async fn password_only(app: &TestApp, login: &str) -> (reqwest::Client, String) {
    let c = client();
    let token = crate::csrf(&c, &app.base).await;
    let r = submit(
        &c,
        format!("{}/masuk", app.base),
        &[("login", login), ("password", PASSWORD), ("csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login}");
    (c, location(&r))
}

/// Enrols the signed-in `c`: the key read from the page, confirmed by its code. The key and the
/// recovery codes shown once.
async fn enrol(app: &TestApp, c: &reqwest::Client) -> (String, Vec<String>) {
    let (status, page) = text(c, format!("{}/akun/dua-faktor", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("src=\"data:image/svg+xml;base64,"),
        "the QR code drawn here"
    );
    let marker = "<code class=\"secret\">";
    let at = page.find(marker).unwrap() + marker.len();
    let secret: String = page[at..at + page[at..].find('<').unwrap()].replace(' ', "");
    let csrf = field(&page, "csrf");
    let wrong = submit(
        c,
        format!("{}/akun/dua-faktor", app.base),
        &[("csrf", csrf.as_str()), ("aksi", "enrol"), ("code", "000000")],
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let code = sf::code_at(&secret, now()).unwrap();
    let r = submit(
        c,
        format!("{}/akun/dua-faktor", app.base),
        &[("csrf", csrf.as_str()), ("aksi", "enrol"), ("code", &code)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("Verifikasi dua langkah sudah aktif."), "{page}");
    let codes: Vec<String> = page
        .split("<li><code>")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    (secret, codes)
}

/// Answers the code page of `c` with `code`: the status and where it leads.
async fn answer(app: &TestApp, c: &reqwest::Client, code: &str) -> (StatusCode, String) {
    let (status, page) = text(c, format!("{}/masuk/kode", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    let r = submit(
        c,
        format!("{}/masuk/kode", app.base),
        &[("csrf", field(&page, "csrf").as_str()), ("code", code)],
    )
    .await;
    (r.status(), location(&r))
}

#[tokio::test]
pub(crate) async fn a_second_factor_is_enrolled_then_asked_after_the_password() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let (secret, codes) = enrol(&app, &planner).await;
    let enrolled = now();

    // The password alone no longer signs in: the code is asked, and nothing is reachable yet.
    let (c, next) = password_only(&app, "planner").await;
    assert_eq!(next, "/masuk/kode");
    let r = c.get(format!("{}/kantor/kpu-contoh", app.base)).send().await.unwrap();
    assert_eq!(location(&r), "/masuk", "not signed in before the code");
    // The code used to enrol cannot be used again; a wrong one is refused.
    let used = sf::code_at(&secret, enrolled).unwrap();
    assert_eq!(answer(&app, &c, &used).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(answer(&app, &c, "123456").await.0, StatusCode::UNAUTHORIZED);
    // The next step's code (the app a little ahead) signs in.
    let next_code = sf::code_at(&secret, enrolled + 30).unwrap();
    assert_eq!(
        answer(&app, &c, &next_code).await,
        (StatusCode::SEE_OTHER, "/".to_string())
    );
    let (status, _) = text(&c, format!("{}/kantor/kpu-contoh", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    // The same code once more, in a new sign-in: refused (seen over a shoulder).
    let (again, _) = password_only(&app, "planner").await;
    assert_eq!(answer(&app, &again, &next_code).await.0, StatusCode::UNAUTHORIZED);
    // A recovery code, typed in capitals with a space, signs in once.
    let recovery = codes[4].to_uppercase().replace('-', " ");
    assert_eq!(answer(&app, &again, &recovery).await.0, StatusCode::SEE_OTHER);
    let (third, _) = password_only(&app, "planner").await;
    assert_eq!(answer(&app, &third, &codes[4]).await.0, StatusCode::UNAUTHORIZED);
    // The code page without a password passed first leads back to sign-in; a form without the
    // visitor's token is refused.
    let r = client().get(format!("{}/masuk/kode", app.base)).send().await.unwrap();
    assert_eq!(location(&r), "/masuk");
    let r = submit(&third, format!("{}/masuk/kode", app.base), &[("code", "123456")]).await;
    assert!(r.status().is_client_error(), "{}", r.status());
    // Audited: enrolment and the recovery code used.
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let log = app.store.audit_log(Some(office.id), 20).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"enrol_second_factor") && actions.contains(&"use_recovery_code"),
        "{actions:?}"
    );
    let (status, page) = text(&c, format!("{}/akun/dua-faktor", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kode pemulihan yang tersisa: 9."), "{page}");
}

#[tokio::test]
pub(crate) async fn an_office_rule_requires_enrolment_first_and_its_admin_resets_it() {
    let app = app().await;
    let token = app.token_for("planner").await;
    let admin = app.signed_in("admin.contoh").await;
    let (_, users) = text(&admin, format!("{}/kantor/kpu-contoh/pengguna", app.base)).await;
    let csrf = field(&users, "csrf");
    let r = submit(
        &admin,
        format!("{}/kantor/kpu-contoh/pengguna", app.base),
        &[
            ("csrf", csrf.as_str()),
            ("aksi", "second_factor_roles"),
            ("sf_role", "planner"),
            ("sf_role", "admin"),
            ("reason", "kebijakan keamanan"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    assert_eq!(
        app.store.second_factor_roles(office.id).await.unwrap(),
        vec![Role::Admin, Role::Planner]
    );
    // A planner without a second factor reaches only the enrolment until they enrol.
    let (planner, next) = password_only(&app, "planner").await;
    assert_eq!(next, "/akun/dua-faktor");
    let r = planner
        .get(format!("{}/kantor/kpu-contoh", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/akun/dua-faktor");
    let (_, page) = text(&planner, format!("{}/akun/dua-faktor", app.base)).await;
    assert!(page.contains("Kantor Anda mewajibkan verifikasi dua langkah"), "{page}");
    let r = submit(
        &planner,
        format!("{}/kantor/kpu-contoh/pantau", app.base),
        &[("csrf", field(&page, "csrf").as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // API tokens are not affected.
    let api = client()
        .get(format!("{}/api/v1/offices/kpu-contoh", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::OK);
    let (secret, _) = enrol(&app, &planner).await;
    let (status, _) = text(&planner, format!("{}/kantor/kpu-contoh", app.base)).await;
    assert_eq!(status, StatusCode::OK, "enrolled: the office again");
    // Required: it cannot be turned off.
    let (_, page) = text(&planner, format!("{}/akun/dua-faktor", app.base)).await;
    assert!(!page.contains("value=\"remove\""));
    let r = submit(
        &planner,
        format!("{}/akun/dua-faktor", app.base),
        &[
            ("csrf", field(&page, "csrf").as_str()),
            ("aksi", "remove"),
            ("code", &sf::code_at(&secret, now() + 30).unwrap()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.store
            .second_factor(app.user_id("planner").await)
            .await
            .unwrap()
            .is_some()
    );
    // The admin resets it (a lost phone): the planner enrols again at the next sign-in.
    let (_, users) = text(&admin, format!("{}/kantor/kpu-contoh/pengguna", app.base)).await;
    assert!(users.contains("value=\"reset_second_factor\""));
    let planner_id = app.user_id("planner").await.to_string();
    let r = submit(
        &admin,
        format!("{}/kantor/kpu-contoh/pengguna", app.base),
        &[
            ("csrf", csrf.as_str()),
            ("aksi", "reset_second_factor"),
            ("user", planner_id.as_str()),
            ("reason", "ponsel hilang"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, next) = password_only(&app, "planner").await;
    assert_eq!(next, "/akun/dua-faktor");
    let log = app.store.audit_log(Some(office.id), 20).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "remove_second_factor" && e.reason.as_deref() == Some("ponsel hilang")),
        "{log:?}"
    );
    // Another office's planner cannot set this office's rule.
    let other = app.signed_in("orang.lain").await;
    let (_, page) = text(&other, format!("{}/tugas", app.base)).await;
    let r = submit(
        &other,
        format!("{}/kantor/kpu-contoh/pengguna", app.base),
        &[("csrf", field(&page, "csrf").as_str()), ("aksi", "second_factor_roles")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
pub(crate) async fn the_servers_rule_requires_it_in_every_office() {
    let app = app_with(Backend::Sqlite, |c| c.second_factor_roles = vec![Role::Operator]).await;
    let (_, next) = password_only(&app, "operator").await;
    assert_eq!(next, "/akun/dua-faktor");
    let (_, next) = password_only(&app, "planner").await;
    assert_eq!(next, "/", "planners are not required by this server");
}

/// Where no rule requires it, a user turns it off with a code of the app; then the password
/// alone signs in again.
#[tokio::test]
pub(crate) async fn a_second_factor_not_required_is_turned_off_with_a_code() {
    let app = app().await;
    let reviewer = app.signed_in("reviu").await;
    let (secret, _) = enrol(&app, &reviewer).await;
    let enrolled = now();
    let (_, page) = text(&reviewer, format!("{}/akun/dua-faktor", app.base)).await;
    assert!(page.contains("value=\"remove\""));
    let r = submit(
        &reviewer,
        format!("{}/akun/dua-faktor", app.base),
        &[
            ("csrf", field(&page, "csrf").as_str()),
            ("aksi", "remove"),
            ("code", &sf::code_at(&secret, enrolled + 30).unwrap()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Verifikasi dua langkah dimatikan."));
    let (_, next) = password_only(&app, "reviu").await;
    assert_eq!(next, "/");
}
