//! Contract cases of the audit log and data versions, narratives, and what is not found.

use super::*;

pub async fn every_change_is_audited(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let id = indicator(&plan, "Persentase laporan tepat waktu").id;
    let someone = Actor::new("operator:rendatin");
    let r = store
        .save_realisation(
            &someone,
            &input(id, Period::Month(5), "70%"),
            None,
            Some("entri pertama"),
        )
        .await
        .unwrap();
    let r = store
        .save_realisation(
            &someone,
            &input(id, Period::Month(5), "75%"),
            Some(r.version),
            Some("koreksi angka"),
        )
        .await
        .unwrap();
    store
        .transition_realisation(&someone, r.id, r.version, &Transition::Submit)
        .await
        .unwrap();
    let log = store.audit_log(Some(office.id), 3).await.unwrap();
    assert_eq!(log.len(), 3);
    assert!(log[0].id > log[1].id && log[1].id > log[2].id, "newest first");
    assert_eq!(
        (log[0].action.as_str(), log[0].actor.as_str()),
        ("submit", "operator:rendatin")
    );
    assert_eq!(log[1].action, "update");
    assert_eq!(log[1].reason.as_deref(), Some("koreksi angka"));
    assert!(log[1].before.as_deref().unwrap().contains("70%"));
    assert!(log[1].after.as_deref().unwrap().contains("75%"));
    assert_eq!((log[2].action.as_str(), log[2].before.as_deref()), ("create", None));
    assert!(
        log[2].at.ends_with('Z') && log[2].at.len() == 20,
        "RFC 3339 UTC: {}",
        log[2].at
    );
    let everything = store.audit_log(None, 1000).await.unwrap();
    assert!(everything.iter().any(|e| e.entity == "office" && e.action == "create"));
    assert!(everything.iter().any(|e| e.entity == "scale" && e.office.is_none()));
}

pub async fn unknown_things_are_not_found(store: &dyn Store) {
    let (_, _) = load(store).await;
    assert!(matches!(
        store.year_plan(OfficeId(987_654), YEAR).await,
        Err(StoreError::NotFound { .. })
    ));
    let missing = store
        .save_realisation(
            &actor(),
            &input(IndicatorId(987_654), Period::Month(1), "1%"),
            None,
            None,
        )
        .await;
    assert!(matches!(
        missing,
        Err(StoreError::NotFound {
            entity: "indicator",
            ..
        })
    ));
    let missing = store
        .transition_realisation(&actor(), RealisationId(987_654), 1, &Transition::Submit)
        .await;
    assert!(matches!(
        missing,
        Err(StoreError::NotFound {
            entity: "realisation",
            ..
        })
    ));
    let mut orphan = sample_dataset();
    orphan.units[2].parent = Some("tidak-ada".into());
    assert!(matches!(
        store.apply_dataset(&actor(), &orphan, "x").await,
        Err(StoreError::Invalid(_))
    ));
}

pub async fn data_versions_move_with_every_change_of_an_office(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let other = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    let before = store.data_versions().await.unwrap();
    assert_eq!(
        before.offices.get(&office.id).copied(),
        Some(store.office_version(office.id).await.unwrap())
    );
    let ind = indicator(&plan, "Jumlah laporan monitoring");
    store
        .save_realisation(&actor(), &input(ind.id, Period::Month(9), "1 laporan"), None, None)
        .await
        .unwrap();
    let after = store.data_versions().await.unwrap();
    assert!(
        after.offices[&office.id] > before.offices[&office.id],
        "the office's version moved"
    );
    assert_eq!(
        after.offices[&other.id], before.offices[&other.id],
        "another office's did not"
    );
    assert!(after.latest > before.latest);
    assert_eq!(store.latest_change().await.unwrap(), after.latest);
    // The office list did not change with a realisation; it does when an office is written.
    let list = store.office_list_version().await.unwrap();
    assert!(list > 0 && list < after.latest);
    // A refused write moves nothing.
    let refused = store
        .save_realisation(&actor(), &input(ind.id, Period::Month(9), "2 laporan"), Some(99), None)
        .await;
    assert!(matches!(refused, Err(StoreError::Conflict { .. })), "{refused:?}");
    assert_eq!(store.data_versions().await.unwrap(), after);
    // The cache answers from memory while the version stands, and reads again when it moves.
    let cache = kinerja_store::cache::Cache::new(2);
    let first = cache.year_plan(store, office.id, YEAR).await.unwrap();
    let again = cache.year_plan(store, office.id, YEAR).await.unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    store
        .save_realisation(&actor(), &input(ind.id, Period::Month(10), "1 laporan"), None, None)
        .await
        .unwrap();
    let fresh = cache.year_plan(store, office.id, YEAR).await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&first, &fresh));
    assert_eq!(fresh.realisations.len(), first.realisations.len() + 1);
    // At most two plans are held.
    cache.year_plan(store, office.id, NEXT_YEAR).await.unwrap();
    cache.year_plan(store, other.id, YEAR).await.unwrap();
    assert_eq!(cache.held(), 2);
}

/// The LKj's narrative texts: one per office, year and key; replaced, emptied (deleted), checked
/// and audited with their before and after.
pub async fn narratives_are_kept_per_office_and_year(store: &dyn Store) {
    let (office, _) = load(store).await;
    assert!(store.narratives(office.id, YEAR).await.unwrap().is_empty());
    let saved = store
        .set_narrative(
            &actor(),
            office.id,
            YEAR,
            "foreword",
            "  Puji syukur.\r\nSalam.  ",
            "penyusunan",
        )
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(saved.body, "Puji syukur.\nSalam.", "trimmed, LF line ends");
    store
        .set_narrative(&actor(), office.id, YEAR, "analysis:1", "Analisis.", "penyusunan")
        .await
        .unwrap();
    store
        .set_narrative(&actor(), office.id, NEXT_YEAR, "foreword", "Tahun depan.", "penyusunan")
        .await
        .unwrap();
    let all = store.narratives(office.id, YEAR).await.unwrap();
    let keys: Vec<(&str, &str)> = all.iter().map(|n| (n.key.as_str(), n.body.as_str())).collect();
    assert_eq!(
        keys,
        [("analysis:1", "Analisis."), ("foreword", "Puji syukur.\nSalam.")]
    );
    assert_eq!(all[1].updated_by, actor().name);
    // Replaced in place, the old text in the audit log.
    store
        .set_narrative(&actor(), office.id, YEAR, "foreword", "Kata pengantar baru.", "revisi")
        .await
        .unwrap();
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (
            log[0].entity.as_str(),
            log[0].entity_id.as_deref(),
            log[0].reason.as_deref()
        ),
        ("narrative", Some("2024/foreword"), Some("revisi"))
    );
    assert!(log[0].before.as_deref().unwrap_or("").contains("Puji syukur."));
    assert!(log[0].after.as_deref().unwrap_or("").contains("Kata pengantar baru."));
    // The same text again writes nothing.
    store
        .set_narrative(&actor(), office.id, YEAR, "foreword", "Kata pengantar baru.", "lagi")
        .await
        .unwrap();
    assert_eq!(
        store.audit_log(Some(office.id), 1).await.unwrap()[0].reason.as_deref(),
        Some("revisi")
    );
    // Emptied: deleted.
    assert!(
        store
            .set_narrative(&actor(), office.id, YEAR, "analysis:1", "  ", "dihapus")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.narratives(office.id, YEAR).await.unwrap().len(), 1);
    // Too long, or no key: refused, nothing changed.
    let long = "x".repeat(kinerja_store::NARRATIVE_MAX_CHARS + 1);
    for (key, body) in [("summary", long.as_str()), ("", "teks")] {
        assert!(matches!(
            store.set_narrative(&actor(), office.id, YEAR, key, body, "x").await,
            Err(StoreError::Invalid(_) | StoreError::Rejected(_))
        ));
    }
    assert_eq!(store.narratives(office.id, YEAR).await.unwrap().len(), 1);
    assert!(matches!(
        store
            .set_narrative(&actor(), OfficeId(999_999), YEAR, "foreword", "x", "x")
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(store.narratives(office.id, NEXT_YEAR).await.unwrap().len(), 1);
    // Several at once: all or none.
    let pair = |k: &str, b: &str| (k.to_string(), b.to_string());
    let refused = store
        .set_narratives(
            &actor(),
            office.id,
            YEAR,
            &[pair("summary", "Ringkasan."), pair("", "x")],
            "x",
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))));
    assert_eq!(
        store.narratives(office.id, YEAR).await.unwrap().len(),
        1,
        "nothing of the batch written"
    );
    let all = store
        .set_narratives(
            &actor(),
            office.id,
            YEAR,
            &[pair("summary", "Ringkasan."), pair("conclusion", "Penutup.")],
            "penyusunan",
        )
        .await
        .unwrap();
    let keys: Vec<&str> = all.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, ["conclusion", "foreword", "summary"]);
}

pub(crate) async fn audit_count(store: &dyn Store, office: OfficeId) -> usize {
    store.audit_log(Some(office), 10_000).await.unwrap().len()
}

pub async fn the_audit_log_is_searched_by_record_prefix_actor_and_day(store: &dyn Store) {
    let (office, _) = load(store).await;
    let entry = |actor: &'static str, entity: &'static str, id: &'static str| async move {
        store
            .record(
                &Actor::new(actor),
                Some(office.id),
                entity,
                Some(id),
                "clear",
                "uji cari",
            )
            .await
            .unwrap();
    };
    entry("ani", "realisation", "134/B1").await;
    entry("ani", "realisation", "134/B2").await;
    entry("budi", "realisation", "1345/B1").await;
    entry("budi", "indicator", "134").await;
    entry("budi", "realisation", "13%/B1").await;
    let search = |q: AuditQuery| async move {
        store
            .audit_search(&AuditQuery {
                office: Some(office.id),
                limit: 100,
                ..q
            })
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.reason.as_deref() == Some("uji cari"))
            .map(|e| e.entity_id.unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let realisation = || vec!["realisation".to_string()];
    // One indicator's periods: "134/", not "1345/", and % means itself.
    assert_eq!(
        search(AuditQuery {
            entities: realisation(),
            entity_id_prefix: Some("134/".into()),
            ..Default::default()
        })
        .await,
        ["134/B2", "134/B1"]
    );
    assert_eq!(
        search(AuditQuery {
            entity_id_prefix: Some("13%".into()),
            ..Default::default()
        })
        .await,
        ["13%/B1"]
    );
    // Records by kind and id.
    assert_eq!(
        search(AuditQuery {
            records: vec![
                ("indicator".into(), "134".into()),
                ("realisation".into(), "134/B1".into())
            ],
            ..Default::default()
        })
        .await,
        ["134", "134/B1"]
    );
    // By who, by kind, by day, paged.
    assert_eq!(
        search(AuditQuery {
            actor: Some("budi".into()),
            entities: realisation(),
            ..Default::default()
        })
        .await,
        ["13%/B1", "1345/B1"]
    );
    let utc_today: kinerja_domain::date::Date = kinerja_store::clock::now_rfc3339()[..10].parse().unwrap();
    assert_eq!(
        search(AuditQuery {
            from: Some(utc_today),
            to: Some(utc_today),
            actor: Some("ani".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    assert!(
        search(AuditQuery {
            to: utc_today.plus_days(-1),
            actor: Some("ani".into()),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    let newest = store
        .audit_search(&AuditQuery {
            office: Some(office.id),
            actor: Some("ani".into()),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(newest.len(), 1);
    let older = store
        .audit_search(&AuditQuery {
            office: Some(office.id),
            actor: Some("ani".into()),
            before: Some(newest[0].id),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        older
            .iter()
            .map(|e| e.entity_id.as_deref().unwrap_or(""))
            .collect::<Vec<_>>(),
        ["134/B1"]
    );
    // Another office's entries are not this office's.
    let other = store
        .audit_search(&AuditQuery {
            office: Some(OfficeId(office.id.0 + 1000)),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(other.is_empty());
}
