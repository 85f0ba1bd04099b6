//! An office's admin: users, units, the category scale.

use super::*;

/// An office's admin manages the office's users: adds one (the role checked against its unit),
/// disables and enables, resets a password; never a user of another office; others may not.
#[tokio::test]
pub(crate) async fn admins_manage_the_users_of_their_office() {
    let app = app().await;
    let url = format!("{}/kantor/kpu-contoh/pengguna", app.base);
    let op = app.signed_in("operator").await;
    let (status, _) = text(&op, url.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.signed_in("admin.contoh").await;
    let (status, page) = text(&admin, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<td>operator<br>") && page.contains("Operator (Subbagian"),
        "{page}"
    );
    assert!(
        !page.contains("<td>orang.lain<br>"),
        "users of another office are not listed"
    );
    let csrf = field(&page, "csrf");
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let unit = app
        .store
        .units(office.id)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.code == "subbag-rendatin")
        .unwrap()
        .id;
    let post = |fields: Vec<(&'static str, String)>| {
        let c = admin.clone();
        let url = url.clone();
        let mut fields = fields;
        fields.push(("csrf", csrf.clone()));
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let add = |unit: &str| {
        vec![
            ("aksi", "add".to_string()),
            ("login", "op.baru".to_string()),
            ("name", "Operator Baru".to_string()),
            ("role", "operator".to_string()),
            ("unit", unit.to_string()),
            ("password", "sandi-awal-123".to_string()),
        ]
    };
    let r = post(add("")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("perlu unit") && body.contains("value=\"op.baru\""),
        "{body}"
    );
    // A login that cannot be one: refused in the user's language, naming what was typed.
    let mut spaced = add(&unit.to_string());
    spaced[1].1 = "op baru".into();
    let r = post(spaced).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("nama pengguna &#39;op baru.kpu-contoh&#39;: pakai huruf kecil"),
        "{body}"
    );
    let r = post(add(&unit.to_string())).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Made with the office's code at its end (a login of this office only).
    assert_eq!(location(&r), "/kantor/kpu-contoh/pengguna?baru=op.baru.kpu-contoh");
    let new = user_of(&app, "op.baru.kpu-contoh").await;
    assert_eq!(new.grants[0].unit, Some(unit));
    // The new user signs in with the first password; the admin resets it, then disables them.
    let c = client();
    let token = crate::csrf(&c, &app.base).await;
    let r = c
        .post(format!("{}/masuk", app.base))
        .form(&[
            ("login", "op.baru.kpu-contoh"),
            ("password", "sandi-awal-123"),
            ("csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(vec![
        ("aksi", "password".into()),
        ("user", new.id.to_string()),
        ("password", "pendek".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(vec![
        ("aksi", "password".into()),
        ("user", new.id.to_string()),
        ("password", "sandi-kedua-456".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(vec![("aksi", "disable".into()), ("user", new.id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(app.store.user(new.id).await.unwrap().unwrap().disabled);
    // A user of another office is not found; the admin cannot disable themself.
    let other = user_of(&app, "orang.lain").await;
    let r = post(vec![("aksi", "disable".into()), ("user", other.id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!app.store.user(other.id).await.unwrap().unwrap().disabled);
    let me = user_of(&app, "admin.contoh").await;
    let r = post(vec![("aksi", "disable".into()), ("user", me.id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The stored user of a login (the test fails if there is none).
async fn user_of(app: &TestApp, login: &str) -> kinerja_store::User {
    let found = app.store.user_credentials(&login_of(login)).await.unwrap();
    found.unwrap_or_else(|| panic!("no user {login}")).0
}

/// The admin adds and renames units and chooses the office's category scale.
#[tokio::test]
pub(crate) async fn admins_manage_units_and_the_scale() {
    let app = app().await;
    let admin = app.signed_in("admin.contoh").await;
    let url = format!("{}/kantor/kpu-contoh/pengguna", app.base);
    let (_, page) = text(&admin, url.clone()).await;
    assert!(page.contains("id=\"skala\"") && page.contains("<td>subbag-rendatin</td>"));
    let csrf = field(&page, "csrf");
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let c = admin.clone();
        let url = url.clone();
        let mut fields: Vec<(&str, String)> = fields.into_iter().map(|(a, b)| (a, b.to_string())).collect();
        fields.push(("csrf", csrf.clone()));
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let unit = |name: &'static str| {
        vec![
            ("aksi", "unit"),
            ("login", "subbag-baru"),
            ("name", name),
            ("role", "subsection"),
            ("unit", "sekretariat"),
        ]
    };
    let r = post(unit("Subbagian Baru")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(unit("Subbagian Baru dan Arsip")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let units = app.store.units(office.id).await.unwrap();
    let new = units.iter().find(|u| u.code == "subbag-baru").unwrap();
    assert_eq!(new.name, "Subbagian Baru dan Arsip");
    assert_eq!(units.iter().filter(|u| u.code == "subbag-baru").count(), 1);
    let r = post(vec![
        ("aksi", "unit"),
        ("login", ""),
        ("name", "x"),
        ("role", "subsection"),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(vec![("aksi", "scale"), ("unit", "tidak-ada")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let scale = app.store.scales_for(office.id).await.unwrap()[0].code.clone();
    let c = admin.clone();
    let r = c
        .post(format!("{}/kantor/kpu-contoh/pengguna", app.base))
        .form(&[
            ("aksi", "scale"),
            ("unit", scale.as_str()),
            ("csrf", field(&page, "csrf").as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    assert_eq!(office.scale.as_deref(), Some(scale.as_str()));
}

/// The admin edits the office's scale: a scale with a gap is refused with the gap named; a whole
/// one is saved as the office's own copy and used from then on.
#[tokio::test]
pub(crate) async fn admins_edit_the_scale_without_gaps() {
    let app = app().await;
    let admin = app.signed_in("admin.contoh").await;
    let url = format!("{}/kantor/kpu-contoh/pengguna", app.base);
    let (_, page) = text(&admin, url.clone()).await;
    let scale = field(&page[page.find("id=\"pita\"").unwrap()..], "unit");
    let csrf = field(&page, "csrf");
    let post = |upper_of_first: &'static str| {
        let c = admin.clone();
        let url = url.clone();
        let form = vec![
            ("csrf", csrf.clone()),
            ("aksi", "bands".to_string()),
            ("unit", scale.clone()),
            ("name", "Skala kantor".to_string()),
            ("b0_label", "Kurang".to_string()),
            ("b0_lower", "".to_string()),
            ("b0_upper", upper_of_first.to_string()),
            ("b0_colour", "red".to_string()),
            ("b1_label", "Baik".to_string()),
            ("b1_lower", "60".to_string()),
            ("b1_lower_inclusive", "1".to_string()),
            ("b1_upper", "".to_string()),
            ("b1_colour", "green".to_string()),
            ("b2_label", "".to_string()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post("50").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    let alert = &body[body.find("role=\"alert\"").expect("an error")..];
    assert!(
        alert.starts_with("role=\"alert\">celah:") && alert[..120].contains("50"),
        "the gap is named: {}",
        &alert[..120]
    );
    let r = post("60").await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let code = office.scale.clone().unwrap();
    assert!(code.starts_with("kpu-contoh-"), "{code}");
    let saved = app
        .store
        .scales_for(office.id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.code == code)
        .unwrap();
    assert_eq!(
        saved.bands.iter().map(|b| b.label.as_str()).collect::<Vec<_>>(),
        vec!["Kurang", "Baik"]
    );
    assert!(
        app.store
            .scales_for(office.id)
            .await
            .unwrap()
            .iter()
            .any(|s| s.code == scale),
        "the original is untouched"
    );
}
