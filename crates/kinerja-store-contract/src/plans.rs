//! Contract cases of plan edits: edits with their checks, copies, budget lines, time zones, signatures, merges of imported plans.

use super::*;

pub(crate) fn fields(text: &str, target: &str) -> IndicatorFields {
    IndicatorFields {
        text: text.into(),
        pk_target: Some(v(target)),
        rak_target: None,
        period_targets: vec![],
        settings: IndicatorSettings::default(),
        computation: None,
        data_source: None,
        supports: None,
    }
}

pub async fn plans_are_edited_in_place_with_their_checks(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let top = indicator(&plan, "Persentase laporan tepat waktu").id;
    let reports = indicator(&plan, "Jumlah laporan monitoring").clone();
    // An entered realisation, which edits must keep.
    store
        .save_realisation(&actor(), &input(reports.id, Period::Month(2), "1 laporan"), None, None)
        .await
        .unwrap();
    let edit = |e: PlanEdit| async move { store.edit_plan(&actor(), office.id, &e, "uji").await };
    let objective = ObjectiveId(
        edit(PlanEdit::AddObjective {
            unit,
            year: YEAR,
            text: "  Terkelolanya data  ".into(),
        })
        .await
        .unwrap()
        .id,
    );
    assert!(matches!(
        edit(PlanEdit::AddObjective {
            unit,
            year: YEAR,
            text: " ".into()
        })
        .await,
        Err(StoreError::Invalid(_))
    ));
    let mut f = fields("Jumlah data pemilih yang dimutakhirkan", "12 laporan");
    f.supports = Some(top);
    f.period_targets = vec![(Period::Month(6), v("6 laporan"))];
    let added = edit(PlanEdit::AddIndicator {
        objective,
        fields: f.clone(),
    })
    .await
    .unwrap()
    .id;
    let added = IndicatorId(added);
    // A unit cannot support an indicator of its own unit, nor one of another office's.
    let mut own = f.clone();
    own.supports = Some(reports.id);
    assert!(matches!(
        edit(PlanEdit::AddIndicator { objective, fields: own }).await,
        Err(StoreError::Invalid(_))
    ));
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let new = plan.indicators.iter().find(|i| i.id == added).unwrap();
    assert_eq!(
        (new.supports, new.version, new.pk_target.as_ref().map(|t| t.raw())),
        (Some(top), 1, Some("12 laporan"))
    );
    assert_eq!(
        plan.objectives.iter().find(|o| o.id == objective).unwrap().text,
        "Terkelolanya data"
    );
    // Changing the indicator keeps the other's realisation; a stale version is refused.
    let mut g = fields("Jumlah data pemilih yang dimutakhirkan", "10 laporan");
    g.computation = Some("Jumlah berita acara".into());
    edit(PlanEdit::UpdateIndicator {
        id: added,
        version: 1,
        fields: g.clone(),
    })
    .await
    .unwrap();
    assert!(matches!(
        edit(PlanEdit::UpdateIndicator {
            id: added,
            version: 1,
            fields: g.clone()
        })
        .await,
        Err(StoreError::Conflict { .. })
    ));
    // An indicator with realisations cannot be deleted; a fresh one can.
    assert!(matches!(
        edit(PlanEdit::DeleteIndicator {
            id: reports.id,
            version: reports.version
        })
        .await,
        Err(StoreError::Invalid(_))
    ));
    rak_grid_is_replaced_whole(store, office.id, unit, (reports.id, added, top)).await;
    // Deleting: the new indicator (its RAK rows go with it), then its objective.
    edit(PlanEdit::DeleteIndicator { id: added, version: 2 }).await.unwrap();
    edit(PlanEdit::DeleteObjective { id: objective }).await.unwrap();
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    assert!(plan.indicators.iter().all(|i| i.id != added) && plan.objectives.iter().all(|o| o.id != objective));
    assert!(plan.actions.iter().all(|a| a.indicator != added));
    assert!(
        plan.realisations
            .iter()
            .any(|r| r.indicator == reports.id && r.period == Period::Month(2))
    );
    renstra_is_replaced_against_what_was_read(store, office.id).await;
    // Ids of another office are not found.
    let other = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    let err = store
        .edit_plan(
            &actor(),
            other.id,
            &PlanEdit::UpdateObjective {
                id: plan.objectives[0].id,
                text: "x".into(),
            },
            "uji",
        )
        .await;
    assert!(matches!(err, Err(StoreError::NotFound { .. })), "{err:?}");
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!((log[0].entity.as_str(), log[0].action.as_str()), ("renstra", "replace"));
}

/// The RAK grid: replaced as a whole, refused when it changed since it was read, and when a
/// row names an indicator of another unit or a month that does not exist.
async fn rak_grid_is_replaced_whole(
    store: &dyn Store,
    office: OfficeId,
    unit: UnitId,
    (reports, added, top): (IndicatorId, IndicatorId, IndicatorId),
) {
    let edit = |e: PlanEdit| async move { store.edit_plan(&actor(), office, &e, "uji").await };
    let plan = store.year_plan(office, YEAR).await.unwrap();
    let mine: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| a.indicator == reports || a.indicator == added)
        .collect();
    let read = actions_fingerprint(&mine);
    let row = |indicator, text: &str, months: Vec<u8>| ActionFields {
        id: None,
        indicator,
        text: text.into(),
        schedule: Schedule {
            kind: PeriodKind::Month,
            periods: months,
        },
        executor: Some("Subbag Rendatin".into()),
        budget: Some(d("1500000")),
        target: Some(v("1 laporan")),
    };
    let rows = vec![
        row(reports, "Rapat monev", vec![3, 6, 9, 12]),
        row(added, "Coklit", vec![1, 2]),
    ];
    edit(PlanEdit::ReplaceActions {
        unit,
        year: YEAR,
        read: read.clone(),
        rows: rows.clone(),
    })
    .await
    .unwrap();
    assert!(matches!(
        edit(PlanEdit::ReplaceActions {
            unit,
            year: YEAR,
            read,
            rows: rows.clone()
        })
        .await,
        Err(StoreError::Conflict { .. })
    ));
    let plan = store.year_plan(office, YEAR).await.unwrap();
    let mine: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| a.indicator == reports || a.indicator == added)
        .collect();
    assert_eq!(mine.len(), 2);
    assert_eq!(
        mine.iter().map(|a| a.schedule.periods.clone()).collect::<Vec<_>>(),
        vec![vec![3, 6, 9, 12], vec![1, 2]]
    );
    let bad = vec![row(top, "Bukan milik unit ini", vec![1])];
    let read = actions_fingerprint(&mine);
    assert!(matches!(
        edit(PlanEdit::ReplaceActions {
            unit,
            year: YEAR,
            read: read.clone(),
            rows: bad
        })
        .await,
        Err(StoreError::Invalid(_))
    ));
    let bad = vec![row(added, "Bulan ketiga belas", vec![13])];
    assert!(matches!(
        edit(PlanEdit::ReplaceActions {
            unit,
            year: YEAR,
            read,
            rows: bad
        })
        .await,
        Err(StoreError::Invalid(_))
    ));
}

/// The Renstra: replaced against what was read; a stale read is refused, and a target outside
/// its years.
async fn renstra_is_replaced_against_what_was_read(store: &dyn Store, office: OfficeId) {
    let edit = |e: PlanEdit| async move { store.edit_plan(&actor(), office, &e, "uji").await };
    let before = store.renstra(office).await.unwrap();
    let mut renstra = before
        .clone()
        .unwrap_or_else(|| Renstra::empty(Year::of(2025), Year::of(2029)));
    (renstra.from_year, renstra.to_year, renstra.vision) = (
        Year::of(2025),
        Year::of(2029),
        "Menjadi penyelenggara pemilu yang berintegritas".into(),
    );
    renstra.goals = vec![RenstraGoal {
        text: "Meningkatnya partisipasi".into(),
        indicators: vec![RenstraIndicator {
            text: "Tingkat partisipasi".into(),
            targets: vec![(Year::of(2025), v("78%")), (Year::of(2029), v("82%"))],
            computation: None,
            data_source: Some("Data KPU".into()),
        }],
    }];
    let read = fingerprint(&before);
    edit(PlanEdit::ReplaceRenstra {
        read: read.clone(),
        renstra: renstra.clone(),
    })
    .await
    .unwrap();
    assert_eq!(store.renstra(office).await.unwrap(), Some(renstra.clone()));
    assert!(matches!(
        edit(PlanEdit::ReplaceRenstra {
            read,
            renstra: renstra.clone()
        })
        .await,
        Err(StoreError::Conflict { .. })
    ));
    let mut outside = renstra.clone();
    outside.goals[0].indicators[0].targets.push((Year::of(2031), v("90%")));
    let read = fingerprint(&Some(renstra));
    assert!(matches!(
        edit(PlanEdit::ReplaceRenstra { read, renstra: outside }).await,
        Err(StoreError::Invalid(_))
    ));
}

pub async fn a_plan_is_copied_into_the_next_year(store: &dyn Store) {
    let (office, plan) = load(store).await;
    assert_eq!(store.plan_years(office.id).await.unwrap(), [YEAR]);
    let summary = store
        .copy_plan(&actor(), office.id, YEAR, NEXT_YEAR, "awal tahun")
        .await
        .unwrap();
    assert_eq!((summary.realisations, summary.indicators), (0, plan.indicators.len()));
    assert_eq!(store.plan_years(office.id).await.unwrap(), [YEAR, NEXT_YEAR]);
    let next = store.year_plan(office.id, NEXT_YEAR).await.unwrap();
    assert_eq!(next.objectives.len(), plan.objectives.len());
    assert_eq!(next.actions.len(), plan.actions.len());
    assert!(next.realisations.is_empty());
    let reports = indicator(&next, "Jumlah laporan monitoring");
    let top = indicator(&next, "Persentase laporan tepat waktu");
    assert_eq!(
        reports.supports,
        Some(top.id),
        "the cascade is copied within the new year"
    );
    assert_eq!(reports.settings.cap, Some(d("120")));
    assert!(next.unit_years.iter().all(|y| y.pk_signed.is_none()));
    // The last year is untouched, and a year with a plan is not overwritten.
    assert_eq!(
        store.year_plan(office.id, YEAR).await.unwrap().realisations.len(),
        plan.realisations.len()
    );
    assert!(matches!(
        store.copy_plan(&actor(), office.id, YEAR, NEXT_YEAR, "lagi").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store
            .copy_plan(&actor(), office.id, Year::of(2029), Year::of(2030), "kosong")
            .await,
        Err(StoreError::Invalid(_))
    ));
}

pub async fn budget_spending_is_set_per_line(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let unit = plan.find_unit("komisi").unwrap().id;
    let set = |realised: Vec<(i32, Option<Decimal>)>| async move {
        store
            .edit_plan(
                &actor(),
                office.id,
                &PlanEdit::SetBudgetRealised {
                    unit,
                    year: YEAR,
                    realised,
                },
                "uji",
            )
            .await
    };
    set(vec![(0, Some(d("12500000000"))), (1, Some(d("1000000000.25")))])
        .await
        .unwrap();
    let lines: Vec<_> = store
        .year_plan(office.id, YEAR)
        .await
        .unwrap()
        .budget
        .into_iter()
        .filter(|b| b.unit == unit)
        .collect();
    assert_eq!(lines[0].realised, Some(d("12500000000")));
    assert_eq!(lines[1].realised, Some(d("1000000000.25")));
    assert!(matches!(
        set(vec![(7, Some(d("1")))]).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        set(vec![(0, Some(d("-1")))]).await,
        Err(StoreError::Rejected(_))
    ));
    set(vec![(1, None)]).await.unwrap();
    let lines: Vec<_> = store
        .year_plan(office.id, YEAR)
        .await
        .unwrap()
        .budget
        .into_iter()
        .filter(|b| b.unit == unit)
        .collect();
    assert_eq!((lines[0].realised, lines[1].realised), (Some(d("12500000000")), None));
}

/// An office's time zone is stored; an office given none takes its parent's (a regency office
/// lies in its province), the root WIB; applying the same dataset again changes nothing.
pub async fn offices_keep_their_time_zone_or_their_parents(store: &dyn Store) {
    use kinerja_domain::date::TimeZone;
    let office = |code: &str, level, parent: Option<&str>, time_zone: Option<TimeZone>| OfficeDraft {
        code: code.parse().unwrap(),
        name: format!("KPU {code}"),
        full_name: format!("Komisi Pemilihan Umum {code}"),
        level,
        parent: parent.map(String::from),
        address: None,
        city: None,
        scale: None,
        lower_formula: LowerFormula::default(),
        time_zone,
    };
    let dataset = Dataset {
        offices: vec![
            office("ri", OfficeLevel::National, None, None),
            office("sulsel", OfficeLevel::Province, Some("ri"), Some(TimeZone::Wita)),
            office("makassar", OfficeLevel::Regency, Some("sulsel"), None),
            office("papua", OfficeLevel::Province, Some("ri"), Some(TimeZone::Wit)),
            office("jayapura", OfficeLevel::Regency, Some("papua"), Some(TimeZone::Wit)),
        ],
        ..Default::default()
    };
    store.apply_dataset(&actor(), &dataset, "zona waktu").await.unwrap();
    let zone = |code: &'static str| async move { store.find_office(code).await.unwrap().unwrap().time_zone };
    assert_eq!(zone("ri").await, TimeZone::Wib, "the root: WIB");
    assert_eq!(zone("sulsel").await, TimeZone::Wita);
    assert_eq!(zone("makassar").await, TimeZone::Wita, "inherited from its province");
    assert_eq!(zone("jayapura").await, TimeZone::Wit);
    let version = store.find_office("makassar").await.unwrap().unwrap().version;
    store.apply_dataset(&actor(), &dataset, "lagi").await.unwrap();
    assert_eq!(
        store.find_office("makassar").await.unwrap().unwrap().version,
        version,
        "the same dataset again changes nothing"
    );
}

/// A budget line is linked to the indicators it funds: of its unit or the units below it, in the
/// same year; stored once each, in id order; an empty list unlinks it. A link to an indicator
/// of no unit of the subtree, or to a line that does not exist, refuses the whole edit and
/// leaves the links as they were. Audited with the links before and after.
pub async fn budget_lines_are_linked_to_the_indicators_they_fund(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let unit = plan.find_unit("komisi").unwrap().id;
    let of_unit = |u: UnitId| -> Vec<IndicatorId> {
        plan.objectives_of(u)
            .flat_map(|o| plan.indicators_of(o.id))
            .map(|i| i.id)
            .collect()
    };
    let own = of_unit(unit);
    let below: Vec<IndicatorId> = plan
        .units
        .iter()
        .filter(|u| plan.is_ancestor(unit, u.id))
        .flat_map(|u| of_unit(u.id))
        .collect();
    assert!(
        !own.is_empty() && !below.is_empty(),
        "the fixture has a unit with units below it"
    );
    let links = |lines: &[(i32, Vec<IndicatorId>)]| {
        let lines = lines.to_vec();
        async move {
            store
                .edit_plan(
                    &actor(),
                    office.id,
                    &PlanEdit::SetBudgetLinks {
                        unit,
                        year: YEAR,
                        links: lines,
                    },
                    "tautan anggaran",
                )
                .await
        }
    };
    let stored = || async {
        store
            .year_plan(office.id, YEAR)
            .await
            .unwrap()
            .budget
            .iter()
            .filter(|b| b.unit == unit)
            .map(|b| b.indicators.clone())
            .collect::<Vec<_>>()
    };
    links(&[(0, vec![below[0], own[0], own[0]]), (1, vec![own[0]])])
        .await
        .unwrap();
    let mut want = vec![own[0], below[0]];
    want.sort_unstable();
    assert_eq!(stored().await, vec![want.clone(), vec![own[0]]]);
    let log = store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (log[0].entity.as_str(), log[0].action.as_str(), log[0].reason.as_deref()),
        ("budget", "set_links", Some("tautan anggaran"))
    );
    // Refused whole: an indicator no unit of the subtree has, a line that does not exist.
    assert!(matches!(
        links(&[(1, vec![]), (0, vec![IndicatorId(999_999)])]).await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        links(&[(1, vec![]), (9, vec![own[0]])]).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(stored().await, vec![want, vec![own[0]]], "nothing half-written");
    // A line above cannot fund a unit it does not cover: the sub-section's budget, if any, is
    // its own; the commission's indicator is not below it.
    if let Some(sub) = plan
        .units
        .iter()
        .find(|u| plan.is_ancestor(unit, u.id) && plan.budget.iter().any(|b| b.unit == u.id))
    {
        let refused = store
            .edit_plan(
                &actor(),
                office.id,
                &PlanEdit::SetBudgetLinks {
                    unit: sub.id,
                    year: YEAR,
                    links: vec![(0, vec![own[0]])],
                },
                "uji",
            )
            .await;
        assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    }
    links(&[(0, vec![])]).await.unwrap();
    assert_eq!(stored().await, vec![vec![], vec![own[0]]], "an empty list unlinks");
}

/// A PK is signed by the unit's head and its superior: for the commission, the Ketua of the
/// office above (a person of the parent office is accepted as Pihak Kedua, never as Pihak
/// Pertama; a person of any other office is refused). A PK is signed in its year or the year
/// before, never after it.
pub async fn pk_signatures_reach_the_office_above_and_stay_in_their_year(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let province = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    let mut extra = Dataset {
        offices: vec![OfficeDraft {
            code: "kpu-kota-lain".parse().unwrap(),
            name: "KPU Kota Lain".into(),
            full_name: "Komisi Pemilihan Umum Kota Lain".into(),
            level: OfficeLevel::Regency,
            parent: Some("kpu-prov-contoh".into()),
            address: None,
            city: None,
            scale: None,
            lower_formula: LowerFormula::default(),
            time_zone: Default::default(),
        }],
        ..Default::default()
    };
    for (o, code, name) in [
        ("kpu-prov-contoh", "ketua-prov", "NAMA KETUA PROVINSI"),
        ("kpu-kota-lain", "ketua-lain", "NAMA KETUA LAIN"),
    ] {
        extra.people.push(PersonDraft {
            office: o.into(),
            code: code.into(),
            name: name.into(),
            nip: None,
        });
    }
    store.apply_dataset(&actor(), &extra, "uji").await.unwrap();
    let person = |office: OfficeId, code: &'static str| async move {
        store
            .year_plan(office, YEAR)
            .await
            .unwrap()
            .people
            .into_iter()
            .find(|p| p.code == code)
            .unwrap()
            .id
    };
    let ketua_prov = person(province.id, "ketua-prov").await;
    let other = store.find_office("kpu-kota-lain").await.unwrap().unwrap();
    let ketua_lain = person(other.id, "ketua-lain").await;
    let ketua = plan.people.iter().find(|p| p.code == "ketua").unwrap().id;
    let unit = plan.find_unit("komisi").unwrap().id;
    let sign = |first: PersonId, second: PersonId, date: Date| async move {
        store
            .edit_plan(
                &actor(),
                office.id,
                &PlanEdit::SignPk {
                    unit,
                    year: YEAR,
                    signature: Signature {
                        place: Some("Contoh".into()),
                        date: Some(date),
                        first: Some(first),
                        second: Some(second),
                    },
                },
                "uji",
            )
            .await
    };
    let jan = Date::new(2024, 1, 11).unwrap();
    sign(ketua, ketua_prov, jan).await.unwrap();
    let signed = store.year_plan(office.id, YEAR).await.unwrap();
    let s = signed.unit_year(unit).unwrap().pk_signed.clone().unwrap();
    assert_eq!((s.first, s.second), (Some(ketua), Some(ketua_prov)));
    let before = store.year_plan(office.id, YEAR).await.unwrap();
    for (first, second, date, why) in [
        (ketua_prov, ketua, jan, "Pihak Pertama of the office above"),
        (ketua, ketua_lain, jan, "Pihak Kedua of a sibling office"),
        (
            ketua,
            ketua_prov,
            Date::new(2025, 1, 6).unwrap(),
            "signed after its year",
        ),
        (
            ketua,
            ketua_prov,
            Date::new(2022, 12, 30).unwrap(),
            "signed two years early",
        ),
    ] {
        let e = sign(first, second, date).await.unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{why}: {e:?}");
    }
    assert_eq!(
        store.year_plan(office.id, YEAR).await.unwrap(),
        before,
        "nothing changed"
    );
}

/// Merging imported plans (`Store::merge_plans`): what is there is matched by its text and kept
/// (ids, realisations, targets), what is missing is added at the end, empty targets are filled,
/// and what the file says otherwise is listed. A preview writes nothing; the same file twice adds
/// nothing and is not audited; realisations, another office's plan or an unknown unit are
/// refused with nothing written.
pub async fn imported_plans_merge_without_duplicates(store: &dyn Store) {
    let (office, before) = load(store).await;
    let audit_before = audit_count(store, office.id).await;
    let plans = merge_file();

    let preview = store
        .merge_plans(&actor(), office.id, &plans, "impor", MergeMode::Preview)
        .await
        .unwrap();
    assert_eq!(
        store.year_plan(office.id, YEAR).await.unwrap(),
        before,
        "a preview writes nothing"
    );
    assert_eq!(audit_count(store, office.id).await, audit_before);
    let summary = store
        .merge_plans(&actor(), office.id, &plans, "impor", MergeMode::Apply)
        .await
        .unwrap();
    assert_eq!(summary, preview, "the preview said what the merge did");
    assert_eq!(
        (
            summary.plans,
            summary.plans_changed,
            summary.objectives_added,
            summary.indicators_added,
            summary.actions_added,
            summary.budget_lines_added,
            summary.indicators_completed,
            summary.actions_completed,
        ),
        (2, 2, 1, 2, 2, 1, 1, 1),
        "{summary:?}"
    );
    assert_eq!(
        (
            summary.objectives_present,
            summary.indicators_present,
            summary.actions_present,
            summary.budget_lines_present,
        ),
        (2, 2, 2, 1)
    );
    let kept: Vec<(&str, &str, &str, &str, &str)> = summary
        .kept
        .iter()
        .map(|k| {
            (
                k.plan.as_str(),
                k.field,
                k.item.as_str(),
                k.stored.as_str(),
                k.file.as_str(),
            )
        })
        .filter(|k| k.1 != "pk_signature")
        .collect();
    assert_eq!(
        kept,
        [
            (
                "subbag-rendatin/2024",
                "pk_target",
                "Jumlah laporan monitoring",
                "4 Laporan",
                "5 Laporan"
            ),
            (
                "subbag-rendatin/2024",
                "computation",
                "Jumlah laporan monitoring",
                "Jumlah laporan yang disampaikan tepat waktu",
                "Jumlah laporan"
            ),
            (
                "subbag-rendatin/2024",
                "schedule",
                "Menyusun laporan triwulan",
                "3,6,9,12",
                "3,6,9"
            ),
            (
                "subbag-rendatin/2024",
                "executor",
                "Kegiatan tanpa jadwal",
                "SEMUA DIVISI",
                "Subbag Rendatin"
            ),
        ]
    );
    let signature = summary
        .kept
        .iter()
        .find(|k| k.field == "pk_signature")
        .expect("the signature kept");
    assert!(
        signature.stored.contains("Contoh")
            && signature.stored.contains("NAMA KASUBBAG, S.E.")
            && signature.file.contains("Kota Contoh"),
        "{signature:?}"
    );

    let after = store.year_plan(office.id, YEAR).await.unwrap();
    merged_plan_is_complete(store, office.id, &before, &after, audit_before).await;
    merged_again_and_refused(store, office.id, &plans, &after, audit_before).await;
}

/// After the merge: realisations untouched, empty fields filled, schedules and executors given
/// where none were, new objectives, indicators and budget lines added, one audit entry per plan.
async fn merged_plan_is_complete(
    store: &dyn Store,
    office: OfficeId,
    before: &YearPlan,
    after: &YearPlan,
    audit_before: usize,
) {
    assert_eq!(after.realisations, before.realisations, "realisations untouched");
    let was = indicator(before, "Jumlah laporan monitoring");
    let now = indicator(after, "Jumlah laporan monitoring");
    assert_eq!(now, was, "an indicator with nothing empty is left as it was");
    let punctual = indicator(after, "Persentase laporan tepat waktu");
    assert_eq!(
        punctual.rak_target.as_ref().map(Value::raw),
        Some("95%"),
        "an empty target filled"
    );
    assert_eq!(punctual.pk_target.as_ref().map(Value::raw), Some("95%"));
    assert_eq!(
        punctual.version,
        indicator(before, "Persentase laporan tepat waktu").version + 1
    );
    let actions: Vec<(&str, i32)> = after
        .actions
        .iter()
        .filter(|a| a.indicator == now.id)
        .map(|a| (a.text.as_str(), a.ord))
        .collect();
    assert_eq!(
        actions,
        [
            ("Menyusun laporan triwulan", 0),
            ("Kegiatan tanpa jadwal", 1),
            ("Rapat evaluasi", 2)
        ],
        "the new action after those there"
    );
    for a in before.actions.iter().filter(|a| a.text != "Kegiatan tanpa jadwal") {
        assert!(after.actions.contains(a), "{} kept as it was", a.text);
    }
    let unscheduled = after
        .actions
        .iter()
        .find(|a| a.text == "Kegiatan tanpa jadwal")
        .unwrap();
    assert_eq!(
        (unscheduled.schedule.periods.clone(), unscheduled.executor.as_deref()),
        (vec![6], Some("SEMUA DIVISI")),
        "an empty schedule filled, the executor there kept"
    );
    let sub = after.find_unit("subbag-rendatin").unwrap().id;
    let objectives: Vec<&str> = after.objectives_of(sub).map(|o| o.text.as_str()).collect();
    assert_eq!(
        objectives,
        ["Tersedianya laporan monitoring", "Meningkatnya keterbukaan informasi"]
    );
    assert_eq!(after.indicators.len(), before.indicators.len() + 2);
    let year = after.unit_years.iter().find(|y| y.unit == sub).unwrap();
    let was_year = before.unit_years.iter().find(|y| y.unit == sub).unwrap();
    assert_eq!(year.rak_source.as_deref(), Some("RAK 2024"), "a source there is kept");
    assert_eq!(year.pk_signed, was_year.pk_signed, "a signature there is kept");
    let komisi_id = after.find_unit("komisi").unwrap().id;
    let budget: Vec<&str> = after
        .budget
        .iter()
        .filter(|b| b.unit == komisi_id)
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(budget, ["Program Penyelenggaraan Pemilu", "Program Dukungan Manajemen"]);
    assert!(after.budget.iter().any(|b| b.unit == sub && b.name == "Belanja barang"));
    let entries = store.audit_log(Some(office), 10_000).await.unwrap();
    assert_eq!(entries.len(), audit_before + 2, "one entry per unit plan");
    assert!(
        entries
            .iter()
            .take(2)
            .all(|e| e.action == "merge" && e.reason.as_deref() == Some("impor"))
    );
}

/// The file merged: the sample's commission and sub-section plans as another office's file
/// would hold them (texts spelled differently, targets and schedules filled or different, an
/// action and an indicator added).
fn merge_file() -> Vec<UnitPlanDraft> {
    let sample = sample_dataset();
    let mut komisi = sample.plans[0].clone();
    komisi.pk_source = None;
    komisi.stated_budget_total = None;
    komisi.objectives[0].indicators.truncate(1);
    komisi.objectives[0].indicators[0].rak_target = Some(v("95%"));
    komisi.budget.truncate(1);
    komisi.budget[0].name = "PROGRAM  penyelenggaraan pemilu".into();
    let mut rendatin = sample.plans[1].clone();
    rendatin.rak_source = Some("RAK 2024 versi 2".into());
    rendatin.pk_signed.as_mut().unwrap().place = Some("Kota Contoh".into());
    rendatin.objectives[0].text = "TERSEDIANYA laporan  monitoring.".into();
    let reports = &mut rendatin.objectives[0].indicators[0];
    reports.realisations.clear();
    reports.supports = None;
    reports.supports_objective = None;
    reports.pk_target = Some(v("5 Laporan"));
    reports.computation = Some("Jumlah laporan".into());
    reports.actions[0].schedule.periods = vec![3, 6, 9];
    reports.actions[1].schedule.periods = vec![6];
    reports.actions[1].executor = Some("Subbag Rendatin".into());
    let mut evaluation = reports.actions[0].clone();
    evaluation.text = "Rapat evaluasi".into();
    evaluation.schedule.periods = vec![12];
    evaluation.executor_unit = None;
    reports.actions.push(evaluation);
    let mut data = reports.clone();
    data.text = "Persentase data mutakhir".into();
    data.pk_target = Some(v("100%"));
    data.actions.truncate(1);
    data.actions[0].text = "Pemutakhiran data".into();
    rendatin.objectives[0].indicators.push(data.clone());
    let mut other = data.clone();
    other.text = "Jumlah publikasi".into();
    other.actions.clear();
    rendatin.objectives.push(ObjectiveDraft {
        text: "Meningkatnya keterbukaan informasi".into(),
        indicators: vec![other],
    });
    rendatin.budget = vec![BudgetLineDraft {
        name: "Belanja barang".into(),
        level: BudgetLevel::Activity,
        ceiling: d("1000000"),
        realised: None,
    }];
    let plans = vec![komisi, rendatin];
    plans
}

/// The same file again adds nothing and writes nothing; files that may not be merged are refused
/// with nothing written.
async fn merged_again_and_refused(
    store: &dyn Store,
    office: OfficeId,
    plans: &[UnitPlanDraft],
    after: &YearPlan,
    audit_before: usize,
) {
    // The same file again adds nothing and writes nothing.
    let again = store
        .merge_plans(&actor(), office, plans, "impor", MergeMode::Apply)
        .await
        .unwrap();
    assert_eq!(
        (
            again.plans,
            again.plans_changed,
            again.objectives_added,
            again.indicators_added,
            again.actions_added,
            again.budget_lines_added,
            again.indicators_completed
        ),
        (2, 0, 0, 0, 0, 0, 0)
    );
    assert_eq!(
        (
            again.objectives_present,
            again.indicators_present,
            again.actions_present,
            again.actions_completed
        ),
        (3, 4, 4, 0)
    );
    assert_eq!(&store.year_plan(office, YEAR).await.unwrap(), after);
    assert_eq!(audit_count(store, office).await, audit_before + 2);

    // Refused, with nothing written: realisations, another office, an unknown unit after a good plan.
    let mut with_realisations = plans.to_vec();
    with_realisations[1].objectives[0].indicators[0].realisations = sample_dataset().plans[1].objectives[0].indicators
        [0]
    .realisations
    .clone();
    let mut other_office = plans.to_vec();
    other_office[0].office = "kpu-prov-contoh".into();
    let mut unknown = plans.to_vec();
    unknown[0].objectives[0].text = "Sasaran yang belum ada".into();
    unknown[1].unit = "subbag-tak-ada".into();
    for (bad, expected) in [
        (with_realisations, "not realisations"),
        (other_office, "kpu-prov-contoh"),
        (unknown, "subbag-tak-ada"),
    ] {
        let err = store
            .merge_plans(&actor(), office, &bad, "impor", MergeMode::Apply)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(ref m) if m.contains(expected)),
            "{err}"
        );
    }
    assert_eq!(&store.year_plan(office, YEAR).await.unwrap(), after);
    assert_eq!(audit_count(store, office).await, audit_before + 2);
}
