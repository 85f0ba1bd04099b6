//! Contract cases of people and access: users, scoped access, sessions, API tokens.

use super::*;

pub(crate) fn hash_of(password: &str) -> String {
    kinerja_store::password::hash(password).expect("hash")
}

pub async fn users_are_created_checked_and_audited(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    use kinerja_domain::i18n::Lang;
    let (office, plan) = load(store).await;
    let sub = plan.find_unit("subbag-rendatin").unwrap().id;
    let new = |login: &str, grants: Vec<Grant>| NewUser {
        login: login.parse().unwrap(),
        name: "Operator Rendatin".into(),
        password_hash: hash_of("rahasia-rendatin"),
        lang: Lang::Id,
        grants,
    };
    let operator = Grant {
        role: Role::Operator,
        office: office.id,
        unit: Some(sub),
    };
    let user = store
        .create_user(&actor(), &new("op.rendatin", vec![operator.clone()]), "pegawai baru")
        .await
        .unwrap();
    assert_eq!(
        (user.login.as_str(), user.disabled, user.grants.clone()),
        ("op.rendatin", false, vec![operator.clone()])
    );
    let (found, hash) = store.user_credentials(&login("op.rendatin")).await.unwrap().unwrap();
    assert_eq!(found, user);
    assert!(kinerja_store::password::verify("rahasia-rendatin", &hash));
    assert_eq!(store.user_credentials(&login("tidak.ada")).await.unwrap(), None);
    // A malformed login cannot reach the store: it is not a Login.
    assert!("Op Rendatin".parse::<Login>().is_err());
    for (bad, why) in [
        (new("op.rendatin", vec![]), "already exists"),
        (
            new(
                "operator2",
                vec![Grant {
                    role: Role::Operator,
                    office: office.id,
                    unit: None,
                }],
            ),
            "needs a unit",
        ),
        (
            new(
                "planner2",
                vec![Grant {
                    role: Role::Planner,
                    office: office.id,
                    unit: Some(sub),
                }],
            ),
            "takes no",
        ),
        (
            new(
                "operator3",
                vec![Grant {
                    role: Role::Operator,
                    office: plan.office.parent.unwrap(),
                    unit: Some(sub),
                }],
            ),
            "is not a unit of office",
        ),
    ] {
        let err = store.create_user(&actor(), &bad, "x").await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Invalid(m) if m.contains(why)),
            "{why}: {err}"
        );
    }
    let changed = store
        .set_password(&actor(), user.id, &hash_of("kata-sandi-baru"), false, "lupa sandi")
        .await
        .unwrap();
    assert_eq!(changed.version, user.version + 1);
    let (_, hash) = store.user_credentials(&login("op.rendatin")).await.unwrap().unwrap();
    assert!(
        kinerja_store::password::verify("kata-sandi-baru", &hash)
            && !kinerja_store::password::verify("rahasia-rendatin", &hash)
    );
    let disabled = store
        .set_user_disabled(&actor(), user.id, true, "pindah tugas")
        .await
        .unwrap();
    assert!(disabled.disabled);
    assert!(matches!(
        Scoped::for_user(store, disabled).await,
        Err(StoreError::Forbidden(_))
    ));
    let log = store.audit_log(Some(office.id), 20).await.unwrap();
    let password_entry = log.iter().find(|e| e.action == "set_password").unwrap();
    assert_eq!(
        (password_entry.before.as_deref(), password_entry.after.as_deref()),
        (None, None),
        "hashes never reach the log"
    );
    assert!(
        log.iter()
            .any(|e| e.entity == "user" && e.action == "disable" && e.reason.as_deref() == Some("pindah tugas"))
    );
    assert!(log.iter().all(|e| !e.after.as_deref().unwrap_or("").contains("argon2")));
    assert_eq!(store.users().await.unwrap().len(), 1);
    let english = store.set_user_lang(&actor(), user.id, Lang::En).await.unwrap();
    assert_eq!(store.user(user.id).await.unwrap().map(|u| u.lang), Some(Lang::En));
    assert_eq!(english.lang, Lang::En);
    assert_eq!(store.user(user.id).await.unwrap().map(|u| u.disabled), Some(true));
}

/// The sample and a second regency office under the same province, with one unit and one
/// indicator.
fn two_offices() -> Dataset {
    let mut ds = sample_dataset();
    let mut other = ds.offices[1].clone();
    (other.code, other.name) = ("kpu-lain".parse().unwrap(), "KPU Kota Lain".into());
    ds.offices.push(other);
    ds.units.push(UnitDraft {
        office: "kpu-lain".into(),
        code: "komisi".into(),
        name: "KPU Kota Lain".into(),
        kind: UnitKind::Commission,
        parent: None,
        aliases: vec![],
    });
    let mut plan_other = ds.plans[0].clone();
    (plan_other.office, plan_other.pk_signed) = ("kpu-lain".into(), None);
    ds.plans.push(plan_other);
    ds
}

pub async fn scoped_access_follows_grants(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    use kinerja_domain::i18n::Lang;
    store
        .apply_dataset(&actor(), &two_offices(), "dua kantor")
        .await
        .unwrap();
    let office = store.find_office(OFFICE).await.unwrap().unwrap();
    let other = store.find_office("kpu-lain").await.unwrap().unwrap();
    let province = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let other_plan = store.year_plan(other.id, YEAR).await.unwrap();
    let unit = |code: &str| plan.find_unit(code).unwrap().id;
    let sub_indicator = indicator(&plan, "Jumlah laporan monitoring").id;
    let top_indicator = indicator(&plan, "Persentase laporan tepat waktu").id;
    let other_indicator = indicator(&other_plan, "Persentase laporan tepat waktu").id;
    let mut n = 0;
    let mut make = async |role: Role, office: OfficeId, unit: Option<UnitId>| {
        n += 1;
        let user = NewUser {
            login: format!("user{n}").parse().unwrap(),
            name: format!("User {n}"),
            password_hash: hash_of("rahasia-123"),
            lang: Lang::Id,
            grants: vec![Grant { role, office, unit }],
        };
        store.create_user(&actor(), &user, "uji").await.unwrap()
    };
    let operator = make(Role::Operator, office.id, Some(unit("subbag-rendatin"))).await;
    let head = make(Role::Head, office.id, Some(unit("sekretariat"))).await;
    let reviewer = make(Role::Reviewer, office.id, None).await;
    let planner = make(Role::Planner, office.id, None).await;
    let oversight = make(Role::Oversight, province.id, None).await;
    let stranger = make(Role::Planner, other.id, None).await;

    // The operator enters their unit's realisation, not the commission's.
    let op = Scoped::for_user(store, operator).await.unwrap();
    let saved = op
        .save_realisation(&input(sub_indicator, Period::Month(7), "1 laporan"), None, None)
        .await
        .unwrap();
    assert!(matches!(
        op.save_realisation(&input(top_indicator, Period::Month(7), "90%"), None, None)
            .await,
        Err(StoreError::Forbidden(_))
    ));
    let saved = op
        .transition_realisation(saved.id, saved.version, &Transition::Submit)
        .await
        .unwrap();
    assert!(matches!(
        op.transition_realisation(saved.id, saved.version, &Transition::Verify)
            .await,
        Err(StoreError::Forbidden(_))
    ));
    // The Sekretaris heads the unit above: verifies.
    let hd = Scoped::for_user(store, head).await.unwrap();
    let verified = hd
        .transition_realisation(saved.id, saved.version, &Transition::Verify)
        .await
        .unwrap();
    assert_eq!(verified.status, RealisationStatus::Verified);
    // The reviewer reads and changes nothing.
    let rv = Scoped::for_user(store, reviewer).await.unwrap();
    assert_eq!(rv.year_plan(office.id, YEAR).await.unwrap().office.id, office.id);
    assert_eq!(rv.plan_years(office.id).await.unwrap(), [YEAR]);
    assert!(matches!(
        rv.plan_years(other.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        rv.save_realisation(&input(sub_indicator, Period::Month(8), "1 laporan"), None, None)
            .await,
        Err(StoreError::Forbidden(_))
    ));
    let ind = indicator(&plan, "Jumlah laporan monitoring");
    assert!(matches!(
        rv.update_indicator_settings(ind.id, ind.version, &ind.settings, "x")
            .await,
        Err(StoreError::Forbidden(_))
    ));
    // The planner changes settings and reopens.
    let pl = Scoped::for_user(store, planner).await.unwrap();
    pl.update_indicator_settings(ind.id, ind.version, &ind.settings, "tetap")
        .await
        .unwrap();
    let reopened = pl
        .transition_realisation(
            verified.id,
            verified.version,
            &Transition::Reopen {
                reason: "koreksi".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(reopened.status, RealisationStatus::Draft);
    // The province reads both regencies and changes nothing.
    let ov = Scoped::for_user(store, oversight).await.unwrap();
    let offices: Vec<OfficeId> = ov.offices().await.unwrap().iter().map(|o| o.id).collect();
    assert_eq!(offices.len(), 3);
    assert_eq!(ov.year_plans(YEAR).await.unwrap().len(), 3);
    assert!(matches!(
        ov.save_realisation(&input(sub_indicator, Period::Month(9), "1 laporan"), None, None)
            .await,
        Err(StoreError::Forbidden(_))
    ));
    stranger_sees_nothing(
        store,
        stranger,
        (office.id, other.id),
        (sub_indicator, other_indicator),
        (verified.id, reopened.version),
        ind,
    )
    .await;
}

/// Someone of another office sees nothing of this one, not even that it exists, and writes
/// nothing to it; their own office they read and write.
async fn stranger_sees_nothing(
    store: &dyn Store,
    stranger: User,
    (office, other): (OfficeId, OfficeId),
    (sub_indicator, other_indicator): (IndicatorId, IndicatorId),
    (verified, version): (RealisationId, i64),
    ind: &Indicator,
) {
    let st = Scoped::for_user(store, stranger).await.unwrap();
    assert_eq!(
        st.offices().await.unwrap().iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![other]
    );
    assert_eq!(st.find_office(OFFICE).await.unwrap(), None);
    assert!(matches!(
        st.year_plan(office, YEAR).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(st.scales_for(office).await, Err(StoreError::NotFound { .. })));
    assert!(matches!(st.renstra(office).await, Err(StoreError::NotFound { .. })));
    assert!(matches!(
        st.audit_log(office, 10).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        st.save_realisation(&input(sub_indicator, Period::Month(10), "1 laporan"), None, None)
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        st.transition_realisation(verified, version, &Transition::Submit).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        st.update_indicator_settings(ind.id, ind.version + 1, &ind.settings, "x")
            .await,
        Err(StoreError::NotFound { .. })
    ));
    let theirs = st.year_plans(YEAR).await.unwrap();
    assert_eq!(theirs.iter().map(|p| p.office.id).collect::<Vec<_>>(), vec![other]);
    st.save_realisation(&input(other_indicator, Period::Month(1), "50%"), None, None)
        .await
        .unwrap();
    // Nothing the stranger tried reached this office.
    let after = store.year_plan(office, YEAR).await.unwrap();
    assert!(
        after
            .realisations
            .iter()
            .all(|r| r.period != Period::Month(10) && r.period != Period::Month(9) && r.period != Period::Month(8))
    );
}

pub async fn sessions_expire_and_are_deleted(store: &dyn Store) {
    store.session_save("sesi-a", r#"{"k":1}"#, 1_000).await.unwrap();
    store.session_save("sesi-b", r#"{"k":2}"#, 2_000).await.unwrap();
    assert_eq!(
        store.session_load("sesi-a", 999).await.unwrap().as_deref(),
        Some(r#"{"k":1}"#)
    );
    assert_eq!(store.session_load("sesi-a", 1_000).await.unwrap(), None, "expired");
    store.session_save("sesi-a", r#"{"k":3}"#, 3_000).await.unwrap();
    assert_eq!(
        store.session_load("sesi-a", 1_500).await.unwrap().as_deref(),
        Some(r#"{"k":3}"#),
        "saving again replaces"
    );
    store.session_delete("tidak-ada", 2_500).await.unwrap();
    assert_eq!(
        store.session_load("sesi-b", 0).await.unwrap(),
        None,
        "expired sessions are swept on delete"
    );
    store.session_delete("sesi-a", 0).await.unwrap();
    assert_eq!(store.session_load("sesi-a", 0).await.unwrap(), None);
}

pub async fn api_tokens_act_for_their_user_until_revoked(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    let (office, _) = load(store).await;
    let user = store
        .create_user(
            &actor(),
            &NewUser {
                login: "dasbor.provinsi".parse().unwrap(),
                name: "Dasbor".into(),
                password_hash: hash_of("rahasia-panjang"),
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
    let secret = token::generate();
    assert!(matches!(
        store
            .create_api_token(&actor(), user.id, "  ", &token::digest(&secret))
            .await,
        Err(StoreError::Invalid(_))
    ));
    let made = store
        .create_api_token(&actor(), user.id, "dasbor provinsi", &token::digest(&secret))
        .await
        .unwrap();
    assert_eq!(
        store
            .user_by_token(&token::digest(&secret))
            .await
            .unwrap()
            .map(|u| u.id),
        Some(user.id)
    );
    assert_eq!(store.user_by_token(&token::digest("knj_salah")).await.unwrap(), None);
    assert_eq!(store.api_tokens(user.id).await.unwrap(), vec![made.clone()]);
    // A disabled user's tokens stop working; enabled again, they work again.
    store.set_user_disabled(&actor(), user.id, true, "cuti").await.unwrap();
    assert_eq!(store.user_by_token(&token::digest(&secret)).await.unwrap(), None);
    store
        .set_user_disabled(&actor(), user.id, false, "kembali")
        .await
        .unwrap();
    assert!(store.user_by_token(&token::digest(&secret)).await.unwrap().is_some());
    let revoked = store.revoke_api_token(&actor(), made.id, "bocor").await.unwrap();
    assert!(revoked.revoked);
    assert_eq!(store.user_by_token(&token::digest(&secret)).await.unwrap(), None);
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (log[0].entity.as_str(), log[0].action.as_str()),
        ("api_token", "revoke")
    );
    assert!(
        !log[0].after.as_deref().unwrap_or("").contains(&secret),
        "the secret is never logged"
    );
}
