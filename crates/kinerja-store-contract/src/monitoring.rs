//! Contract cases of monitoring: versions, concurrent saves, the workflow, evidence files, deadlines, action progress, comments, indicator settings.

use super::*;

pub async fn stale_versions_are_refused(store: &dyn Store) {
    let (_, plan) = load(store).await;
    let id = indicator(&plan, "Persentase laporan tepat waktu").id;
    let first = store
        .save_realisation(&actor(), &input(id, Period::Month(1), "90%"), None, None)
        .await
        .unwrap();
    assert_eq!((first.version, first.status), (1, RealisationStatus::Draft));
    let second = store
        .save_realisation(
            &actor(),
            &input(id, Period::Month(1), "92,5%"),
            Some(1),
            Some("koreksi"),
        )
        .await
        .unwrap();
    assert_eq!((second.version, second.value.raw()), (2, "92,5%"));
    let stale = store
        .save_realisation(&actor(), &input(id, Period::Month(1), "99%"), Some(1), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            stale,
            StoreError::Conflict {
                expected: 1,
                current: 2,
                ..
            }
        ),
        "{stale}"
    );
    let blind = store
        .save_realisation(&actor(), &input(id, Period::Month(1), "99%"), None, None)
        .await
        .unwrap_err();
    assert!(matches!(blind, StoreError::Conflict { current: 2, .. }), "{blind}");
    let plan = store.year_plan(plan.office.id, YEAR).await.unwrap();
    let kept = plan
        .realisations
        .iter()
        .find(|r| r.indicator == id && r.period == Period::Month(1))
        .unwrap();
    assert_eq!(kept.value.raw(), "92,5%", "the refused writes changed nothing");
}

pub async fn concurrent_first_saves_keep_one(store: &dyn Store) {
    let (_, plan) = load(store).await;
    let id = indicator(&plan, "Persentase laporan tepat waktu").id;
    let values: Vec<String> = (0..8).map(|n| format!("{}%", 90 + n)).collect();
    let inputs: Vec<RealisationInput> = values.iter().map(|v| input(id, Period::Month(2), v)).collect();
    let who = actor();
    let attempts = inputs.iter().map(|i| store.save_realisation(&who, i, None, None));
    let results = join_all(attempts).await;
    let saved: Vec<&Realisation> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(saved.len(), 1, "exactly one first save wins: {results:?}");
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|e| matches!(e, StoreError::Conflict { .. }))
    );
    let plan = store.year_plan(plan.office.id, YEAR).await.unwrap();
    let stored: Vec<&Realisation> = plan
        .realisations
        .iter()
        .filter(|r| r.indicator == id && r.period == Period::Month(2))
        .collect();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].value, saved[0].value);
}

/// Polls futures together on one task (no runtime dependency in the contract crate).
pub(crate) async fn join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    use std::pin::Pin;
    use std::task::{Context, Poll};
    let mut pending: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx: &mut Context<'_>| {
        let mut done = true;
        for (i, f) in pending.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    Poll::Ready(v) => out[i] = Some(v),
                    Poll::Pending => done = false,
                }
            }
        }
        if done {
            Poll::Ready(out.iter_mut().map(|o| o.take().expect("ready")).collect())
        } else {
            Poll::Pending
        }
    })
    .await
}

pub async fn the_workflow_locks_verified_periods(store: &dyn Store) {
    let (_, plan) = load(store).await;
    let id = indicator(&plan, "Persentase laporan tepat waktu").id;
    let r = store
        .save_realisation(&actor(), &input(id, Period::Month(4), "80%"), None, None)
        .await
        .unwrap();
    let bad = store
        .transition_realisation(&actor(), r.id, r.version, &Transition::Verify)
        .await
        .unwrap_err();
    assert!(
        matches!(bad, StoreError::Invalid(_)),
        "a draft cannot be verified: {bad}"
    );
    let r = store
        .transition_realisation(&actor(), r.id, r.version, &Transition::Submit)
        .await
        .unwrap();
    assert_eq!(r.status, RealisationStatus::Submitted);
    let no_reason = store
        .transition_realisation(&actor(), r.id, r.version, &Transition::Return { reason: " ".into() })
        .await
        .unwrap_err();
    assert!(matches!(no_reason, StoreError::Invalid(_)));
    let r = store
        .transition_realisation(
            &actor(),
            r.id,
            r.version,
            &Transition::Return {
                reason: "Bukti dukung belum ada".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (r.status, r.return_reason.as_deref()),
        (RealisationStatus::Returned, Some("Bukti dukung belum ada"))
    );
    let r = store
        .save_realisation(&actor(), &input(id, Period::Month(4), "85%"), Some(r.version), None)
        .await
        .unwrap();
    let r = store
        .transition_realisation(&actor(), r.id, r.version, &Transition::Submit)
        .await
        .unwrap();
    let stale = store
        .transition_realisation(&actor(), r.id, r.version - 1, &Transition::Verify)
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Conflict { .. }));
    let r = store
        .transition_realisation(&actor(), r.id, r.version, &Transition::Verify)
        .await
        .unwrap();
    assert_eq!(r.status, RealisationStatus::Verified);
    let locked = store
        .save_realisation(&actor(), &input(id, Period::Month(4), "99%"), Some(r.version), None)
        .await
        .unwrap_err();
    assert!(
        matches!(locked, StoreError::Invalid(ref m) if m.contains("locked")),
        "{locked}"
    );
    let r = store
        .transition_realisation(
            &actor(),
            r.id,
            r.version,
            &Transition::Reopen {
                reason: "Salah ketik".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(r.status, RealisationStatus::Draft);
    let r = store
        .save_realisation(&actor(), &input(id, Period::Month(4), "86%"), Some(r.version), None)
        .await
        .unwrap();
    assert_eq!(r.value.raw(), "86%");
}

pub async fn indicator_settings_change_with_their_version(store: &dyn Store) {
    let (_, plan) = load(store).await;
    let ind = indicator(&plan, "Persentase laporan tepat waktu");
    let settings = IndicatorSettings {
        polarity: Polarity::LowerIsBetter,
        rollup: Rollup::Mean,
        cap: Some(d("110")),
        weight: None,
    };
    let changed = store
        .update_indicator_settings(&actor(), ind.id, ind.version, &settings, "menurun")
        .await
        .unwrap();
    assert_eq!(
        (changed.settings.clone(), changed.version),
        (settings.clone(), ind.version + 1)
    );
    let stale = store
        .update_indicator_settings(&actor(), ind.id, ind.version, &settings, "lagi")
        .await
        .unwrap_err();
    assert!(matches!(stale, StoreError::Conflict { .. }));
    let zero_cap = IndicatorSettings {
        cap: Some(Decimal::ZERO),
        ..settings
    };
    let bad = store
        .update_indicator_settings(&actor(), ind.id, changed.version, &zero_cap, "nol")
        .await
        .unwrap_err();
    assert!(matches!(bad, StoreError::Rejected(_)));
    let reloaded = store.year_plan(plan.office.id, YEAR).await.unwrap();
    assert_eq!(
        indicator(&reloaded, &ind.text).settings.polarity,
        Polarity::LowerIsBetter
    );
}

pub(crate) fn evidence_file(
    office: OfficeId,
    indicator: IndicatorId,
    period: Period,
    stem: char,
    original: &str,
) -> EvidenceFile {
    EvidenceFile {
        name: format!("{}.pdf", stem.to_string().repeat(32)),
        office,
        indicator,
        period,
        original_name: original.into(),
        content_type: "application/pdf".into(),
        size: 1234,
        sha256: "ab".repeat(32),
        uploaded_by: "operator".into(),
        uploaded_at: "2024-04-02T03:04:05Z".into(),
    }
}

pub async fn evidence_files_are_recorded_with_their_realisation(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let ind = &plan.indicators[0];
    let file = evidence_file(office.id, ind.id, Period::Month(4), 'a', "Laporan April.pdf");
    let mut entered = input(ind.id, Period::Month(4), "1 laporan");
    entered.evidence = vec![file.reference(), "surat nomor 12".into()];
    entered.new_files = vec![file.clone()];
    let saved = store.save_realisation(&actor(), &entered, None, None).await.unwrap();
    assert_eq!(
        saved.evidence,
        vec![format!("berkas:{}", file.name), "surat nomor 12".to_string()]
    );
    let found = store
        .evidence_files(&[file.name.clone(), "f".repeat(32) + ".pdf"])
        .await
        .unwrap();
    assert_eq!(found, vec![file.clone()]);
    // A file that the evidence list does not name, or that belongs to another period, is
    // refused and nothing of that save is written.
    let stray = evidence_file(office.id, ind.id, Period::Month(4), 'b', "lain.pdf");
    let mut bad = entered.clone();
    bad.new_files = vec![stray.clone()];
    let err = store.save_realisation(&actor(), &bad, Some(saved.version), None).await;
    assert!(matches!(err, Err(StoreError::Invalid(_))), "{err:?}");
    let elsewhere = evidence_file(office.id, ind.id, Period::Month(5), 'c', "mei.pdf");
    let mut bad = entered.clone();
    bad.evidence.push(elsewhere.reference());
    bad.new_files = vec![elsewhere.clone()];
    bad.value = v("2 laporan");
    let err = store.save_realisation(&actor(), &bad, Some(saved.version), None).await;
    assert!(matches!(err, Err(StoreError::Invalid(_))), "{err:?}");
    assert!(
        store
            .evidence_files(&[stray.name, elsewhere.name])
            .await
            .unwrap()
            .is_empty()
    );
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let april = plan
        .realisations
        .iter()
        .find(|r| r.indicator == ind.id && r.period == Period::Month(4))
        .unwrap();
    assert_eq!((april.value.raw(), april.version), ("1 laporan", saved.version));
    // Replacing the plan from a dataset keeps the record of what was uploaded.
    store.apply_dataset(&actor(), &sample_dataset(), "again").await.unwrap();
    assert_eq!(
        store
            .evidence_files(std::slice::from_ref(&file.name))
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn deadlines_are_replaced_per_year_and_audited(store: &dyn Store) {
    use kinerja_domain::reporting::Deadline;
    let (office, _) = load(store).await;
    assert!(store.deadlines(office.id, YEAR).await.unwrap().is_empty());
    let d = |p: Period, s: &str| Deadline {
        period: p,
        due: s.parse().unwrap(),
    };
    let first = vec![d(Period::Month(2), "2024-03-05"), d(Period::Month(1), "2024-02-05")];
    let saved = store
        .set_deadlines(&actor(), office.id, YEAR, &first, "rapat pimpinan")
        .await
        .unwrap();
    assert_eq!(saved[0].period, Period::Month(1));
    assert_eq!(store.deadlines(office.id, YEAR).await.unwrap(), saved);
    assert!(store.deadlines(office.id, NEXT_YEAR).await.unwrap().is_empty());
    let twice = vec![d(Period::Month(3), "2024-04-05"), d(Period::Month(3), "2024-04-06")];
    assert!(matches!(
        store.set_deadlines(&actor(), office.id, YEAR, &twice, "x").await,
        Err(StoreError::Invalid(_))
    ));
    let second = vec![d(Period::Month(3), "2024-04-08")];
    store
        .set_deadlines(&actor(), office.id, YEAR, &second, "revisi")
        .await
        .unwrap();
    assert_eq!(store.deadlines(office.id, YEAR).await.unwrap(), second);
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (log[0].entity.as_str(), log[0].reason.as_deref()),
        ("deadlines", Some("revisi"))
    );
    assert!(log[0].before.as_deref().unwrap_or("").contains("2024-03-05"));
}

pub async fn action_progress_survives_rak_edits_of_its_row(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let reports = indicator(&plan, "Jumlah laporan monitoring").id;
    let mine: Vec<&Action> = plan.actions.iter().filter(|a| a.indicator == reports).collect();
    assert!(!mine.is_empty());
    let action = mine[0].clone();
    let done = store
        .set_action_progress(&actor(), action.id, Period::Month(3), true, Some("  rapat 12 Maret "))
        .await
        .unwrap();
    assert_eq!((done.done, done.note.as_deref()), (true, Some("rapat 12 Maret")));
    store
        .set_action_progress(&actor(), action.id, Period::Month(4), false, None)
        .await
        .unwrap();
    let listed = store.action_progress(office.id, YEAR).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(store.action_progress(office.id, NEXT_YEAR).await.unwrap().is_empty());
    // The grid saved again with the row's id: the action keeps its id and its progress.
    let fields = |a: &Action, id: Option<ActionId>| ActionFields {
        id,
        indicator: a.indicator,
        text: format!("{} (diperbarui)", a.text),
        schedule: a.schedule.clone(),
        executor: a.executor.clone(),
        budget: a.budget,
        target: a.target.clone(),
    };
    let all: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| {
            plan.objectives_of(unit)
                .flat_map(|o| plan.indicators_of(o.id))
                .any(|i| i.id == a.indicator)
        })
        .collect();
    let rows: Vec<ActionFields> = all.iter().map(|a| fields(a, Some(a.id))).collect();
    store
        .edit_plan(
            &actor(),
            office.id,
            &PlanEdit::ReplaceActions {
                unit,
                year: YEAR,
                read: actions_fingerprint(&all),
                rows,
            },
            "uji",
        )
        .await
        .unwrap();
    let plan2 = store.year_plan(office.id, YEAR).await.unwrap();
    let same = plan2
        .actions
        .iter()
        .find(|a| a.id == action.id)
        .expect("the action kept its id");
    assert!(same.text.ends_with("(diperbarui)"));
    assert_eq!(store.action_progress(office.id, YEAR).await.unwrap().len(), 2);
    // Dropped from the grid: the action and what was reported on it go.
    let all2: Vec<&Action> = plan2
        .actions
        .iter()
        .filter(|a| all.iter().any(|b| b.id == a.id))
        .collect();
    let rows: Vec<ActionFields> = all2
        .iter()
        .filter(|a| a.id != action.id)
        .map(|a| fields(a, Some(a.id)))
        .collect();
    store
        .edit_plan(
            &actor(),
            office.id,
            &PlanEdit::ReplaceActions {
                unit,
                year: YEAR,
                read: actions_fingerprint(&all2),
                rows,
            },
            "uji",
        )
        .await
        .unwrap();
    assert!(store.action_progress(office.id, YEAR).await.unwrap().is_empty());
    assert!(matches!(
        store
            .set_action_progress(&actor(), action.id, Period::Month(3), true, None)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn comments_are_kept_per_office_and_checked(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let ind = indicator(&plan, "Jumlah laporan monitoring").id;
    assert!(matches!(
        store.add_comment(&actor(), ind, Period::Month(3), "   ").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .add_comment(&actor(), ind, Period::Month(3), &"x".repeat(2001))
            .await,
        Err(StoreError::Rejected(_))
    ));
    assert!(matches!(
        store
            .add_comment(&actor(), IndicatorId(999_999), Period::Month(3), "ada")
            .await,
        Err(StoreError::NotFound { .. })
    ));
    let c = store
        .add_comment(&actor(), ind, Period::Month(3), " Bukti notula belum ditandatangani. ")
        .await
        .unwrap();
    assert_eq!(c.body, "Bukti notula belum ditandatangani.");
    assert_eq!(store.comments(office.id).await.unwrap(), vec![c]);
    let other = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    assert!(store.comments(other.id).await.unwrap().is_empty());
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(log[0].entity, "comment");
}
