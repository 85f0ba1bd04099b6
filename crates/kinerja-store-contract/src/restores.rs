//! Contract case of deletions undone: what a deleted objective or indicator took, restored once.

use super::plans::fields;
use super::*;

/// Deletions keep what they take in their audit entry: an objective with its indicators, an
/// indicator with its RAK actions come back (new ids, same content) once, from their office;
/// an indicator whose objective is gone does not.
pub async fn deleted_plan_parts_are_restored_once(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let edit = |e: PlanEdit| async move { store.edit_plan(&actor(), office.id, &e, "uji").await };
    let deletion = |entity: &'static str, id: i64| async move {
        store
            .audit_search(&AuditQuery {
                office: Some(office.id),
                records: vec![(entity.to_string(), id.to_string())],
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.action == "delete")
            .unwrap()
            .id
    };
    // An objective with two indicators.
    let objective = edit(PlanEdit::AddObjective {
        unit,
        year: YEAR,
        text: "Terkelolanya arsip".into(),
    })
    .await
    .unwrap()
    .id;
    let mut first = fields("Jumlah arsip yang didigitalkan", "120 berkas");
    first.computation = Some("Jumlah berkas dipindai".into());
    for f in [first, fields("Persentase arsip tertata", "90%")] {
        edit(PlanEdit::AddIndicator {
            objective: ObjectiveId(objective),
            fields: f,
        })
        .await
        .unwrap();
    }
    edit(PlanEdit::DeleteObjective {
        id: ObjectiveId(objective),
    })
    .await
    .unwrap();
    let gone = deletion("objective", objective).await;
    // Not from another office, not a record that was not deleted.
    let other = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    let refused = store
        .edit_plan(&actor(), other.id, &PlanEdit::Restore { audit: gone }, "uji")
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound { .. })), "{refused:?}");
    let created = store
        .audit_search(&AuditQuery {
            office: Some(office.id),
            records: vec![("objective".into(), objective.to_string())],
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.action == "create")
        .unwrap();
    assert!(matches!(
        edit(PlanEdit::Restore { audit: created.id }).await,
        Err(StoreError::NotFound { .. })
    ));
    let back = edit(PlanEdit::Restore { audit: gone }).await.unwrap().id;
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let restored = plan.objectives.iter().find(|o| o.id.0 == back).unwrap();
    assert_eq!((restored.unit, restored.text.as_str()), (unit, "Terkelolanya arsip"));
    let indicators: Vec<(&str, &str, Option<&str>)> = plan
        .indicators_of(restored.id)
        .map(|i| {
            (
                i.text.as_str(),
                i.pk_target.as_ref().map(|v| v.raw()).unwrap_or(""),
                i.computation.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        indicators,
        [
            (
                "Jumlah arsip yang didigitalkan",
                "120 berkas",
                Some("Jumlah berkas dipindai")
            ),
            ("Persentase arsip tertata", "90%", None)
        ]
    );
    assert!(matches!(
        edit(PlanEdit::Restore { audit: gone }).await,
        Err(StoreError::Invalid(ref m)) if m.contains("restored already")
    ));
    assert_eq!(store.restored(&[gone, created.id]).await.unwrap(), [gone]);
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (
            log[0].entity.as_str(),
            log[0].action.as_str(),
            log[0].entity_id.as_deref()
        ),
        ("objective", "restore", Some(back.to_string().as_str()))
    );

    // An indicator with its RAK action.
    let added = IndicatorId(
        edit(PlanEdit::AddIndicator {
            objective: restored.id,
            fields: fields("Jumlah rapat arsip", "4 laporan"),
        })
        .await
        .unwrap()
        .id,
    );
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let indicators: Vec<IndicatorId> = plan
        .objectives_of(unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .map(|i| i.id)
        .collect();
    let mine: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| indicators.contains(&a.indicator))
        .collect();
    let mut rows: Vec<ActionFields> = mine.iter().map(|a| kept(a)).collect();
    rows.push(ActionFields {
        id: None,
        indicator: added,
        text: "Rapat penataan arsip".into(),
        schedule: Schedule {
            kind: PeriodKind::Month,
            periods: vec![3, 6, 9, 12],
        },
        executor: Some("Subbag Umum".into()),
        budget: Some(d("2500000")),
        target: Some(v("4 laporan")),
    });
    edit(PlanEdit::ReplaceActions {
        unit,
        year: YEAR,
        read: actions_fingerprint(&mine),
        rows,
    })
    .await
    .unwrap();
    edit(PlanEdit::DeleteIndicator { id: added, version: 1 }).await.unwrap();
    let gone = deletion("indicator", added.0).await;
    let back = IndicatorId(edit(PlanEdit::Restore { audit: gone }).await.unwrap().id);
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let action = plan
        .actions
        .iter()
        .find(|a| a.indicator == back)
        .expect("its action is back");
    assert_eq!(
        (
            action.text.as_str(),
            action.schedule.periods.clone(),
            action.budget,
            action.executor.as_deref()
        ),
        (
            "Rapat penataan arsip",
            vec![3, 6, 9, 12],
            Some(d("2500000")),
            Some("Subbag Umum")
        )
    );
    // An indicator whose objective was deleted after it is not restored (nothing half-made).
    let lone = IndicatorId(
        edit(PlanEdit::AddIndicator {
            objective: restored.id,
            fields: fields("Indikator sementara", "1 laporan"),
        })
        .await
        .unwrap()
        .id,
    );
    edit(PlanEdit::DeleteIndicator { id: lone, version: 1 }).await.unwrap();
    let lone_gone = deletion("indicator", lone.0).await;
    let before = store.year_plan(office.id, YEAR).await.unwrap();
    let rak: Vec<&Action> = before.actions.iter().filter(|a| a.indicator == back).collect();
    edit(PlanEdit::ReplaceActions {
        unit,
        year: YEAR,
        read: actions_fingerprint(
            &before
                .actions
                .iter()
                .filter(|a| {
                    before
                        .objectives_of(unit)
                        .flat_map(|o| before.indicators_of(o.id))
                        .any(|i| i.id == a.indicator)
                })
                .collect::<Vec<_>>(),
        ),
        rows: before
            .actions
            .iter()
            .filter(|a| {
                a.indicator != back
                    && before
                        .objectives_of(unit)
                        .flat_map(|o| before.indicators_of(o.id))
                        .any(|i| i.id == a.indicator)
            })
            .map(kept)
            .collect(),
    })
    .await
    .unwrap();
    assert_eq!(rak.len(), 1);
    let version = store
        .year_plan(office.id, YEAR)
        .await
        .unwrap()
        .indicators
        .iter()
        .find(|i| i.id == back)
        .unwrap()
        .version;
    edit(PlanEdit::DeleteIndicator { id: back, version }).await.unwrap();
    edit(PlanEdit::DeleteObjective { id: restored.id }).await.unwrap();
    let refused = edit(PlanEdit::Restore { audit: lone_gone }).await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(ref m)) if m.contains("restore the objective first")),
        "{refused:?}"
    );
    assert_eq!(
        store.restored(&[lone_gone]).await.unwrap(),
        Vec::<i64>::new(),
        "nothing half-made"
    );
}

/// An action's row of the RAK grid, kept as it is.
fn kept(a: &Action) -> ActionFields {
    ActionFields {
        id: Some(a.id),
        indicator: a.indicator,
        text: a.text.clone(),
        schedule: a.schedule.clone(),
        executor: a.executor.clone(),
        budget: a.budget,
        target: a.target.clone(),
    }
}
