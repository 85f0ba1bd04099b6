//! Input no record may hold, refused alike by every backend — with the same message, before
//! anything is written — and lookups of what no record can hold answered "not there" (PostgreSQL
//! alone would fail on a NUL byte, with a database error).

use kinerja_domain::i18n::Text;
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

    // A NUL byte, in every kind of write.
    let t = rejected(store.add_comment(&actor(), ind.id, Period::Month(3), "ada\0apa").await);
    assert_eq!(t.id, "Komentar: karakter kendali U+0000 di kolom 4 tidak diizinkan");
    let t = rejected(
        store
            .edit_plan(
                &actor(),
                office.id,
                &PlanEdit::AddObjective {
                    unit,
                    year: 2024,
                    text: "Sasaran\0".into(),
                },
                "uji",
            )
            .await,
    );
    assert_eq!(t.en, "Objective: control character U+0000 at column 8 is not allowed");
    let mut entered = input(ind.id, Period::Month(3), "1 laporan");
    entered.obstacles = Some("kendala\0".into());
    let t = rejected(store.save_realisation(&actor(), &entered, None, None).await);
    assert_eq!(t.id, "Kendala: karakter kendali U+0000 di kolom 8 tidak diizinkan");
    let t = rejected(
        store
            .set_narratives(
                &actor(),
                office.id,
                2024,
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
                    login: "baru".into(),
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
                2024,
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
    assert_eq!(store.year_plan(office.id, 2024).await.unwrap(), before);
    assert!(store.narratives(office.id, 2024).await.unwrap().is_empty());
    assert!(store.comments(office.id).await.unwrap().is_empty());
    assert_eq!(audit_count(store, office.id).await, audits);
}

pub async fn lookups_of_impossible_keys_find_nothing(store: &dyn Store) {
    load(store).await;
    for key in ["a\0b", "\0", &"x".repeat(100_000), "kpu\u{202e}"] {
        assert!(store.user_credentials(key).await.unwrap().is_none(), "{key:?}");
        assert!(store.find_office(key).await.unwrap().is_none(), "{key:?}");
    }
}
