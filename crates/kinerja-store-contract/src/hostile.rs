//! Input no record may hold, refused alike by every backend — with the same message, before
//! anything is written — and lookups of what no record can hold answered "not there" (PostgreSQL
//! alone would fail on a NUL byte, with a database error).

use kinerja_domain::i18n::Text;
use kinerja_domain::model::{Login, Year};
use kinerja_domain::period::Period;
use kinerja_domain::value::{Value, ValueKind};
use kinerja_store::*;

use crate::{actor, audit_count, indicator, input, load, sample_dataset};

fn rejected(r: Result<impl std::fmt::Debug>) -> Text {
    match r {
        Err(StoreError::Rejected(t)) => t,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

pub async fn hostile_texts_and_values_are_refused_alike(store: &dyn Store) {
    let (office, before) = load(store).await;
    let audits = audit_count(store, office.id).await;
    let ind = indicator(&before, "Jumlah laporan monitoring");
    let unit = before.units.iter().find(|u| u.code == "subbag-rendatin").unwrap().id;

    nul_bytes_are_refused(store, office.id, ind.id, unit).await;

    // Too long: an objective of 2.001 characters, a 40.000-character narrative.
    let t = rejected(
        store
            .edit_plan(
                &actor(),
                office.id,
                &PlanEdit::UpdateObjective {
                    id: before.objectives[0].id,
                    text: "x".repeat(2_001),
                },
                "uji",
            )
            .await,
    );
    assert_eq!(t.id, "Sasaran: terlalu panjang: 2.001 karakter, paling banyak 2.000");
    let t = rejected(
        store
            .set_narratives(
                &actor(),
                office.id,
                Year::of(2024),
                &[("foreword".into(), "x".repeat(40_000))],
                "uji",
            )
            .await,
    );
    assert_eq!(t.en, "Narrative: too long: 40000 characters, at most 30000");

    // A value stored before bounds existed cannot be written again, through any path.
    let huge = Value::restore(ValueKind::Percent, "9999999999999999999999999999%", &Default::default()).unwrap();
    let mut entered = input(ind.id, Period::Month(3), "1 laporan");
    entered.value = huge.clone();
    let t = rejected(store.save_realisation(&actor(), &entered, None, None).await);
    assert!(t.id.contains("di luar batas"), "{}", t.id);
    let mut ds = sample_dataset();
    ds.plans[1].objectives[0].indicators[0].pk_target = Some(huge);
    let t = rejected(store.apply_dataset(&actor(), &ds, "uji").await);
    assert!(
        t.en.starts_with("subbag-rendatin/2024: '9999999999999999999999999999%' column 1: out of range"),
        "{}",
        t.en
    );
    let mut ds = sample_dataset();
    ds.units[0].name = "Komisi\u{202e}".into();
    let t = rejected(store.apply_dataset(&actor(), &ds, "uji").await);
    assert_eq!(
        t.en,
        "Unit name: text direction override U+202E at column 7 is not allowed"
    );
    let mut plan = sample_dataset().plans.remove(1);
    plan.objectives[0].text = "y".repeat(3_000);
    let t = rejected(
        store
            .merge_plans(&actor(), office.id, &[plan], "uji", MergeMode::Apply)
            .await,
    );
    assert!(
        t.id.starts_with("subbag-rendatin/2024: Sasaran: terlalu panjang"),
        "{}",
        t.id
    );
    let mut settings = ind.settings.clone();
    settings.weight = Some(kinerja_domain::Decimal::from(-1));
    let t = rejected(
        store
            .update_indicator_settings(&actor(), ind.id, ind.version, &settings, "uji")
            .await,
    );
    assert_eq!(t.id, "bobot -1 di luar batas: harus di atas 0 dan paling besar 1.000");

    // Nothing of it was written.
    assert_eq!(store.year_plan(office.id, Year::of(2024)).await.unwrap(), before);
    assert!(store.narratives(office.id, Year::of(2024)).await.unwrap().is_empty());
    assert!(store.comments(office.id).await.unwrap().is_empty());
    assert_eq!(audit_count(store, office.id).await, audits);
}

/// A NUL byte, in every kind of write.
async fn nul_bytes_are_refused(
    store: &dyn Store,
    office: kinerja_domain::model::OfficeId,
    indicator: kinerja_domain::model::IndicatorId,
    unit: kinerja_domain::model::UnitId,
) {
    let t = rejected(
        store
            .add_comment(&actor(), indicator, Period::Month(3), "ada\0apa")
            .await,
    );
    assert_eq!(t.id, "Komentar: karakter kendali U+0000 di kolom 4 tidak diizinkan");
    let t = rejected(
        store
            .edit_plan(
                &actor(),
                office,
                &PlanEdit::AddObjective {
                    unit,
                    year: Year::of(2024),
                    text: "Sasaran\0".into(),
                },
                "uji",
            )
            .await,
    );
    assert_eq!(t.en, "Objective: control character U+0000 at column 8 is not allowed");
    let mut entered = input(indicator, Period::Month(3), "1 laporan");
    entered.obstacles = Some("kendala\0".into());
    let t = rejected(store.save_realisation(&actor(), &entered, None, None).await);
    assert_eq!(t.id, "Kendala: karakter kendali U+0000 di kolom 8 tidak diizinkan");
    let t = rejected(
        store
            .set_narratives(
                &actor(),
                office,
                Year::of(2024),
                &[("foreword".into(), "Kata\0pengantar".into())],
                "uji",
            )
            .await,
    );
    assert!(t.id.starts_with("Narasi: karakter kendali U+0000"), "{}", t.id);
    let t = rejected(
        store
            .create_user(
                &actor(),
                &NewUser {
                    login: "baru".parse().unwrap(),
                    name: "Nama\0".into(),
                    password_hash: "x".into(),
                    lang: kinerja_domain::i18n::Lang::Id,
                    grants: vec![],
                },
                "uji",
            )
            .await,
    );
    assert_eq!(t.en, "Name: control character U+0000 at column 5 is not allowed");
    let t = rejected(store.revoke_api_token(&actor(), 1, "alasan\0").await);
    assert!(t.id.starts_with("Alasan: karakter kendali"), "{}", t.id);
}

pub async fn lookups_of_impossible_keys_find_nothing(store: &dyn Store) {
    load(store).await;
    for key in ["a\0b", "\0", &"x".repeat(100_000), "kpu\u{202e}"] {
        assert!(
            key.parse::<Login>().is_err(),
            "{key:?} is no login, so no look-up can carry it"
        );
        assert!(store.find_office(key).await.unwrap().is_none(), "{key:?}");
    }
}

pub async fn sign_in_support_purges_shares_records_and_revokes(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    // Expired sessions are purged in one go; live ones stay.
    store.session_save("lama", "{}", 100).await.unwrap();
    store.session_save("baru", "{}", 200).await.unwrap();
    assert_eq!(store.session_purge(150).await.unwrap(), 1);
    assert!(store.session_load("baru", 150).await.unwrap().is_some());
    assert!(store.session_load("lama", 0).await.unwrap().is_none());
    assert_eq!(store.session_purge(150).await.unwrap(), 0);

    // A secret is made once and is the same for every caller (every server of the database).
    let first = store.server_secret("csrf").await.unwrap();
    assert_eq!(first.len(), 32);
    assert_eq!(store.server_secret("csrf").await.unwrap(), first);
    assert_ne!(store.server_secret("lain").await.unwrap(), first);

    // Something done that changes no record is audited, reason checked.
    let (office, _) = load(store).await;
    let before = audit_count(store, office.id).await;
    store
        .record(
            &actor(),
            Some(office.id),
            "sign_in_wait",
            Some("operator"),
            "clear",
            "lupa sandi",
        )
        .await
        .unwrap();
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(audit_count(store, office.id).await, before + 1);
    assert_eq!(
        (
            log[0].entity.as_str(),
            log[0].entity_id.as_deref(),
            log[0].action.as_str(),
            log[0].reason.as_deref()
        ),
        ("sign_in_wait", Some("operator"), "clear", Some("lupa sandi"))
    );
    let t = rejected(store.record(&actor(), None, "x", None, "y", "a\0").await);
    assert!(t.en.starts_with("Reason: control character"), "{}", t.en);

    // A password set by someone else revokes the user's tokens in the same change; one's own
    // does not.
    let user = store
        .create_user(
            &actor(),
            &NewUser {
                login: "pemegang.token".parse().unwrap(),
                name: "Pemegang".into(),
                password_hash: crate::hash_of("rahasia-panjang"),
                lang: kinerja_domain::i18n::Lang::Id,
                grants: vec![Grant {
                    role: Role::Reviewer,
                    office: office.id,
                    unit: None,
                }],
            },
            "uji",
        )
        .await
        .unwrap();
    let secrets = [token::generate(), token::generate()];
    for (n, s) in secrets.iter().enumerate() {
        store
            .create_api_token(&actor(), user.id, &format!("token {n}"), &token::digest(s))
            .await
            .unwrap();
    }
    store
        .set_password(
            &actor(),
            user.id,
            &crate::hash_of("baru-sendiri-1"),
            false,
            "ganti sendiri",
        )
        .await
        .unwrap();
    assert!(
        store
            .user_by_token(&token::digest(&secrets[0]))
            .await
            .unwrap()
            .is_some()
    );
    store
        .set_password(
            &actor(),
            user.id,
            &crate::hash_of("diatur-admin-1"),
            true,
            "diatur ulang admin",
        )
        .await
        .unwrap();
    for s in &secrets {
        assert!(store.user_by_token(&token::digest(s)).await.unwrap().is_none());
    }
    assert!(store.api_tokens(user.id).await.unwrap().iter().all(|t| t.revoked));
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(log[0].action, "set_password");
    assert_eq!(log[0].after.as_deref(), Some(r#"{"api_tokens_revoked":2}"#));
}
