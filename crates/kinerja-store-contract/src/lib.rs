//! The contract every Kinerja store keeps, as one suite of cases run against each backend.
//!
//! A backend's test file defines a fixture (a fresh, empty store) and calls
//! [`contract_tests!`], which makes one `#[tokio::test]` per case.

use kinerja_domain::Decimal;
use kinerja_domain::date::Date;
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula, Polarity, Rollup};
use kinerja_domain::model::*;
use kinerja_domain::period::{Period, PeriodKind};
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::value::Value;
use kinerja_domain::workflow::Transition;
use kinerja_store::*;

mod hostile;
pub use hostile::*;

/// Makes one test per contract case. `$open` is an expression giving a future of
/// `Option<F>` where `F` has `fn store(&self) -> &dyn Store` and `async fn cleanup(self)`.
/// A backend that needs a service passes `#[ignore = "needs …"]` first, and its fixture fails,
/// naming what is missing, when the ignored cases are run without it.
#[macro_export]
macro_rules! contract_tests {
    // `#[ignore = "needs …"]` before the fixture marks every case (a backend that needs a
    // service): `cargo test` lists them as ignored, `--include-ignored` runs them.
    (#[$attr:meta] $open:expr) => {
        $crate::contract_tests!(@cases #[$attr] $open;
            dataset_round_trip,
            refreshing_replaces_without_duplicates,
            a_bad_dataset_changes_nothing,
            stale_versions_are_refused,
            concurrent_first_saves_keep_one,
            the_workflow_locks_verified_periods,
            every_change_is_audited,
            indicator_settings_change_with_their_version,
            unknown_things_are_not_found,
            year_plans_cover_every_office,
            office_defined_grades_survive_storage,
            users_are_created_checked_and_audited,
            scoped_access_follows_grants,
            sessions_expire_and_are_deleted,
            evidence_files_are_recorded_with_their_realisation,
            deadlines_are_replaced_per_year_and_audited,
            api_tokens_act_for_their_user_until_revoked,
            plans_are_edited_in_place_with_their_checks,
            a_plan_is_copied_into_the_next_year,
            data_versions_move_with_every_change_of_an_office,
            action_progress_survives_rak_edits_of_its_row,
            comments_are_kept_per_office_and_checked,
            budget_spending_is_set_per_line,
            budget_lines_are_linked_to_the_indicators_they_fund,
            offices_keep_their_time_zone_or_their_parents,
            pk_signatures_reach_the_office_above_and_stay_in_their_year,
            narratives_are_kept_per_office_and_year,
            imported_plans_merge_without_duplicates,
            hostile_texts_and_values_are_refused_alike,
            lookups_of_impossible_keys_find_nothing,
            sign_in_support_purges_shares_records_and_revokes
        );
    };
    ($open:expr) => {
        $crate::contract_tests!(#[cfg(all())] $open);
    };
    (@cases #[$attr:meta] $open:expr; $($case:ident),* $(,)?) => {
        $(
            #[$attr]
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let Some(fixture) = $open.await else { return };
                $crate::$case(fixture.store()).await;
                fixture.cleanup().await;
            }
        )*
    };
}

fn v(s: &str) -> Value {
    Value::parse(s).expect("test value")
}

fn d(s: &str) -> Decimal {
    s.parse().expect("test decimal")
}

const OFFICE: &str = "kpu-contoh";
const YEAR: i32 = 2024;

/// A province and one regency office with a commission, a secretariat and a sub-section: PKs,
/// a RAK, budget, realisations, signatures and a cascade link.
pub fn sample_dataset() -> Dataset {
    let office = |code: &str, name: &str, level, parent: Option<&str>| OfficeDraft {
        code: code.into(),
        name: name.into(),
        full_name: format!("Komisi Pemilihan Umum {}", &name[4..]),
        level,
        parent: parent.map(String::from),
        address: Some("Jl. Contoh No. 1".into()),
        city: Some("Contoh".into()),
        scale: Some("contoh-skala".into()),
        lower_formula: LowerFormula::TOverR,
        time_zone: Default::default(),
    };
    let unit = |code: &str, name: &str, kind, parent: Option<&str>| UnitDraft {
        office: OFFICE.into(),
        code: code.into(),
        name: name.into(),
        kind,
        parent: parent.map(String::from),
        aliases: vec![format!("Alias {code}")],
    };
    let indicator = |text: &str, target: &str| IndicatorDraft {
        text: text.into(),
        pk_target: Some(v(target)),
        rak_target: None,
        activity_target: None,
        period_targets: vec![],
        settings: IndicatorSettings::default(),
        computation: None,
        data_source: None,
        supports: None,
        supports_objective: None,
        reported: None,
        note: None,
        actions: vec![],
        realisations: vec![],
    };
    let mut reports = indicator("Jumlah laporan monitoring", "4 Laporan");
    reports.rak_target = Some(v("4 Lap"));
    reports.activity_target = Some(v("4 laporan"));
    reports.period_targets = vec![
        (Period::Quarter(1), v("1 laporan")),
        (Period::Quarter(2), v("1 laporan")),
    ];
    reports.settings = IndicatorSettings {
        polarity: Polarity::HigherIsBetter,
        rollup: Rollup::Sum,
        cap: Some(d("120")),
        weight: Some(d("2")),
    };
    reports.computation = Some("Jumlah laporan yang disampaikan tepat waktu".into());
    reports.data_source = Some("Arsip Subbag".into());
    reports.supports_objective = Some(ObjectiveRef {
        unit: "komisi".into(),
        objective: "Meningkatnya akuntabilitas".into(),
    });
    reports.supports = Some(IndicatorRef {
        unit: "komisi".into(),
        indicator: "Persentase laporan tepat waktu".into(),
    });
    reports.reported = Some(Reported {
        source: Some("LKj".into()),
        objective_text: None,
        indicator_text: Some("Laporan monev".into()),
        target: Some(v("95%")),
        achievement: Some(v("95%")),
    });
    reports.actions = vec![
        ActionDraft {
            text: "Menyusun laporan triwulan".into(),
            schedule: Schedule {
                kind: PeriodKind::Month,
                periods: vec![3, 6, 9, 12],
            },
            executor: Some("Alias subbag-rendatin".into()),
            executor_unit: Some("subbag-rendatin".into()),
            budget: Some(d("8170412000")),
            target: Some(v("1 Laporan")),
            note: Some("catatan".into()),
        },
        ActionDraft {
            text: "Kegiatan tanpa jadwal".into(),
            schedule: Schedule {
                kind: PeriodKind::Month,
                periods: vec![],
            },
            executor: Some("SEMUA DIVISI".into()),
            executor_unit: None,
            budget: None,
            target: Some(Value::text("sesuai kebutuhan")),
            note: None,
        },
    ];
    reports.realisations = vec![
        RealisationDraft {
            period: Period::Month(3),
            value: v("1 laporan"),
            status: RealisationStatus::Verified,
            evidence: vec!["bukti/maret.pdf".into()],
            obstacles: Some("Jaringan lambat".into()),
            follow_up: Some("Koordinasi dengan penyedia".into()),
        },
        RealisationDraft {
            period: Period::Month(6),
            value: v("2 Lap"),
            status: RealisationStatus::Submitted,
            evidence: vec![],
            obstacles: None,
            follow_up: None,
        },
    ];
    Dataset {
        offices: vec![
            office("kpu-prov-contoh", "KPU Provinsi Contoh", OfficeLevel::Province, None),
            office(OFFICE, "KPU Kota Contoh", OfficeLevel::Regency, Some("kpu-prov-contoh")),
        ],
        units: vec![
            unit("komisi", "KPU Kota Contoh", UnitKind::Commission, None),
            unit(
                "sekretariat",
                "Sekretariat KPU Kota Contoh",
                UnitKind::Secretariat,
                Some("komisi"),
            ),
            unit(
                "subbag-rendatin",
                "Subbagian Perencanaan, Data dan Informasi",
                UnitKind::Subsection,
                Some("sekretariat"),
            ),
        ],
        people: vec![
            PersonDraft {
                office: OFFICE.into(),
                code: "ketua".into(),
                name: "NAMA KETUA, S.H.".into(),
                nip: None,
            },
            PersonDraft {
                office: OFFICE.into(),
                code: "kasubbag".into(),
                name: "NAMA KASUBBAG, S.E.".into(),
                nip: Some("198001012005011001".into()),
            },
        ],
        positions: vec![PositionDraft {
            office: OFFICE.into(),
            person: "kasubbag".into(),
            unit: "subbag-rendatin".into(),
            title: "Kasubbag Perencanaan, Data dan Informasi".into(),
            acting: Acting::Plt,
            from: Date::new(2024, 1, 2),
            until: None,
        }],
        scales: vec![
            ScaleDraft {
                office: Some(OFFICE.into()),
                scale: CategoryScale {
                    code: "contoh-skala".into(),
                    ..CategoryScale::sakip_evaluation()
                },
            },
            ScaleDraft {
                office: None,
                scale: CategoryScale::sakip_evaluation(),
            },
        ],
        ordinal_scales: vec![],
        renstra: vec![RenstraDraft {
            office: OFFICE.into(),
            renstra: Renstra {
                from_year: 2020,
                to_year: 2024,
                vision: "Menjadi penyelenggara pemilu yang mandiri".into(),
                missions: vec!["Misi satu".into(), "Misi dua".into()],
                goals: vec![RenstraGoal {
                    text: "Tujuan satu".into(),
                    indicators: vec![RenstraIndicator {
                        text: "Indeks satu".into(),
                        targets: vec![(2024, v("3,5"))],
                        computation: Some("Nilai indeks dari survei".into()),
                        data_source: None,
                    }],
                }],
            },
        }],
        plans: vec![
            UnitPlanDraft {
                office: OFFICE.into(),
                unit: "komisi".into(),
                year: YEAR,
                has_pk: true,
                has_rak: false,
                rak_period_kind: PeriodKind::Quarter,
                stated_budget_total: Some(d("15534394000")),
                pk_signed: Some(SignatureDraft {
                    place: Some("Contoh".into()),
                    date: Date::new(2024, 1, 11),
                    first: Some("ketua".into()),
                    second: None,
                }),
                rak_signed: None,
                pk_source: Some("PK 2024".into()),
                rak_source: None,
                budget: vec![
                    BudgetLineDraft {
                        name: "Program Penyelenggaraan Pemilu".into(),
                        level: BudgetLevel::Program,
                        ceiling: d("12692171000"),
                        realised: Some(d("12000000000.50")),
                    },
                    BudgetLineDraft {
                        name: "Program Dukungan Manajemen".into(),
                        level: BudgetLevel::Program,
                        ceiling: d("2842223000"),
                        realised: None,
                    },
                ],
                objectives: vec![ObjectiveDraft {
                    text: "Meningkatnya akuntabilitas".into(),
                    indicators: vec![
                        indicator("Persentase laporan tepat waktu", "95%"),
                        indicator("Nilai evaluasi akuntabilitas", "BB"),
                    ],
                }],
            },
            UnitPlanDraft {
                office: OFFICE.into(),
                unit: "subbag-rendatin".into(),
                year: YEAR,
                has_pk: true,
                has_rak: true,
                rak_period_kind: PeriodKind::Month,
                stated_budget_total: None,
                pk_signed: Some(SignatureDraft {
                    place: Some("Contoh".into()),
                    date: Date::new(2024, 1, 11),
                    first: Some("kasubbag".into()),
                    second: Some("ketua".into()),
                }),
                rak_signed: Some(SignatureDraft {
                    place: None,
                    date: None,
                    first: Some("kasubbag".into()),
                    second: None,
                }),
                pk_source: None,
                rak_source: Some("RAK 2024".into()),
                budget: vec![],
                objectives: vec![ObjectiveDraft {
                    text: "Tersedianya laporan monitoring".into(),
                    indicators: vec![reports],
                }],
            },
        ],
    }
}

fn actor() -> Actor {
    Actor::new("contract:tester")
}

async fn load(store: &dyn Store) -> (Office, YearPlan) {
    store
        .apply_dataset(&actor(), &sample_dataset(), "contract test")
        .await
        .expect("apply sample dataset");
    let office = store.find_office(OFFICE).await.expect("find").expect("present");
    let plan = store.year_plan(office.id, YEAR).await.expect("year plan");
    (office, plan)
}

fn indicator<'a>(plan: &'a YearPlan, text: &str) -> &'a Indicator {
    plan.indicators
        .iter()
        .find(|i| i.text == text)
        .unwrap_or_else(|| panic!("indicator {text}"))
}

fn input(indicator: IndicatorId, period: Period, value: &str) -> RealisationInput {
    RealisationInput {
        indicator,
        period,
        value: v(value),
        evidence: vec!["bukti.pdf".into()],
        new_files: vec![],
        obstacles: None,
        follow_up: None,
    }
}

pub async fn dataset_round_trip(store: &dyn Store) {
    let summary = store
        .apply_dataset(&actor(), &sample_dataset(), "contract test")
        .await
        .unwrap();
    assert_eq!(
        (
            summary.offices,
            summary.units,
            summary.people,
            summary.plans,
            summary.indicators,
            summary.actions,
            summary.realisations,
            summary.budget_lines
        ),
        (2, 3, 2, 2, 3, 2, 2, 2)
    );
    let offices = store.offices().await.unwrap();
    assert_eq!(offices.len(), 2);
    assert_eq!(offices[0].level, OfficeLevel::Province, "parents come first");
    assert_eq!(offices[1].parent, Some(offices[0].id));
    assert_eq!(offices[1].lower_formula, LowerFormula::TOverR);
    for key in [
        "kpu-contoh",
        "KPU Kota Contoh",
        "kpu  kota  contoh",
        "Komisi Pemilihan Umum Kota Contoh",
    ] {
        assert_eq!(
            store.find_office(key).await.unwrap().map(|o| o.id),
            Some(offices[1].id),
            "{key}"
        );
    }
    assert_eq!(store.find_office("KPU Kota Lain").await.unwrap(), None);

    let plan = store.year_plan(offices[1].id, YEAR).await.unwrap();
    assert_eq!(plan.units.len(), 3);
    let sub = plan.find_unit("Alias subbag-rendatin").expect("alias finds the unit");
    let sekretariat = plan.find_unit("sekretariat").unwrap();
    assert_eq!(sub.parent, Some(sekretariat.id));
    let reports = indicator(&plan, "Jumlah laporan monitoring");
    let expected = &sample_dataset().plans[1].objectives[0].indicators[0];
    assert_eq!(reports.pk_target.as_ref().map(Value::raw), Some("4 Laporan"));
    assert_eq!(reports.rak_target.as_ref().map(Value::raw), Some("4 Lap"));
    assert_eq!(reports.activity_target, expected.activity_target);
    assert_eq!(reports.period_targets, expected.period_targets);
    assert_eq!(reports.settings, expected.settings);
    assert_eq!(reports.reported, expected.reported);
    assert_eq!(reports.computation, expected.computation);
    let target = indicator(&plan, "Persentase laporan tepat waktu");
    assert_eq!(reports.supports, Some(target.id), "the cascade link resolves");
    let komisi_objective = plan
        .objectives
        .iter()
        .find(|o| o.text == "Meningkatnya akuntabilitas")
        .unwrap();
    assert_eq!(
        reports.supports_objective,
        Some(komisi_objective.id),
        "so does the link to an objective"
    );
    let grade = indicator(&plan, "Nilai evaluasi akuntabilitas");
    assert_eq!(
        grade.pk_target.as_ref().map(|t| t.kind()),
        Some(kinerja_domain::value::ValueKind::Grade)
    );

    let mut actions: Vec<&Action> = plan.actions.iter().filter(|a| a.indicator == reports.id).collect();
    actions.sort_by_key(|a| a.ord);
    assert_eq!(actions.len(), 2);
    assert_eq!(
        actions[0].schedule,
        Schedule {
            kind: PeriodKind::Month,
            periods: vec![3, 6, 9, 12]
        }
    );
    assert_eq!(actions[0].executor_unit, Some(sub.id));
    assert_eq!(actions[0].budget, Some(d("8170412000")));
    assert_eq!(actions[1].schedule.periods, Vec::<u8>::new());
    assert_eq!(
        actions[1].target.as_ref().map(|t| t.kind()),
        Some(kinerja_domain::value::ValueKind::Text)
    );

    let komisi = plan.find_unit("komisi").unwrap();
    let budget: Vec<&BudgetLine> = plan.budget.iter().filter(|b| b.unit == komisi.id).collect();
    assert_eq!(budget.len(), 2);
    assert_eq!(budget[0].realised, Some(d("12000000000.50")), "money stays exact");
    let komisi_year = plan.unit_year(komisi.id).unwrap();
    assert_eq!(komisi_year.stated_budget_total, Some(d("15534394000")));
    assert_eq!(komisi_year.rak_period_kind, PeriodKind::Quarter);
    let ketua = plan.people.iter().find(|p| p.code == "ketua").unwrap();
    let signed = komisi_year.pk_signed.as_ref().unwrap();
    assert_eq!((signed.first, signed.date), (Some(ketua.id), Date::new(2024, 1, 11)));
    let sub_year = plan.unit_year(sub.id).unwrap();
    assert_eq!(sub_year.pk_signed.as_ref().unwrap().second, Some(ketua.id));
    assert!(sub_year.has_rak && sub_year.has_pk);

    let mut realised: Vec<&Realisation> = plan.realisations.iter().filter(|r| r.indicator == reports.id).collect();
    realised.sort_by_key(|r| r.period);
    assert_eq!(realised.len(), 2);
    assert_eq!(realised[0].period, Period::Month(3));
    assert_eq!(realised[0].status, RealisationStatus::Verified);
    assert_eq!(realised[0].evidence, vec!["bukti/maret.pdf".to_string()]);
    assert_eq!(realised[0].obstacles.as_deref(), Some("Jaringan lambat"));
    assert_eq!(realised[1].value.raw(), "2 Lap");

    let positions = &plan.positions;
    assert_eq!(positions.len(), 1);
    assert_eq!(
        (positions[0].acting, positions[0].from),
        (Acting::Plt, Date::new(2024, 1, 2))
    );

    let scales = store.scales_for(offices[1].id).await.unwrap();
    let mut codes: Vec<&str> = scales.iter().map(|s| s.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, vec!["contoh-skala", "sakip-evaluasi"]);
    assert_eq!(
        scales.iter().find(|s| s.code == "sakip-evaluasi").unwrap(),
        &CategoryScale::sakip_evaluation()
    );
    let province_scales = store.scales_for(offices[0].id).await.unwrap();
    assert_eq!(
        province_scales.len(),
        1,
        "an office's own scale is not another office's"
    );
    assert_eq!(
        store.renstra(offices[1].id).await.unwrap(),
        Some(sample_dataset().renstra[0].renstra.clone())
    );
    assert_eq!(store.renstra(offices[0].id).await.unwrap(), None);
}

pub async fn refreshing_replaces_without_duplicates(store: &dyn Store) {
    let (office, first) = load(store).await;
    let (_, second) = load(store).await;
    assert_eq!(first.indicators.len(), second.indicators.len());
    assert_eq!(first.actions.len(), second.actions.len());
    assert_eq!(first.realisations.len(), second.realisations.len());
    assert_eq!(first.budget.len(), second.budget.len());
    assert_eq!(first.units, second.units, "unchanged units keep their ids and versions");
    let log = store.audit_log(Some(office.id), 100).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.entity == "unit_plan" && e.action == "replace" && e.before.is_some())
    );
    let office_updates = log
        .iter()
        .filter(|e| e.entity == "office" && e.action == "update")
        .count();
    assert_eq!(office_updates, 0, "applying the same offices again changes nothing");
    let position_changes = log.iter().filter(|e| e.entity == "positions").count();
    assert_eq!(
        position_changes, 1,
        "the positions were set once, and the same positions again change nothing"
    );
    let mut renamed = sample_dataset();
    renamed.offices[1].address = Some("Jl. Baru No. 2".into());
    renamed.units[2].aliases.push("Subbag Rendatin".into());
    store.apply_dataset(&actor(), &renamed, "alamat baru").await.unwrap();
    let after = store.year_plan(office.id, YEAR).await.unwrap();
    assert_eq!(
        (after.office.address.as_deref(), after.office.version),
        (Some("Jl. Baru No. 2"), office.version + 1)
    );
    let unit = after.find_unit("Subbag Rendatin").expect("the new alias");
    assert_eq!(unit.version, 2);
    assert_eq!(
        after.units.iter().filter(|u| u.version == 1).count(),
        2,
        "unchanged units keep their version"
    );
    let log = store.audit_log(Some(office.id), 100).await.unwrap();
    let update = log
        .iter()
        .find(|e| e.entity == "office" && e.action == "update")
        .expect("the office update is audited");
    assert!(
        update.before.as_deref().unwrap().contains("Jl. Contoh No. 1")
            && update.after.as_deref().unwrap().contains("Jl. Baru No. 2")
    );
    assert!(
        log.iter()
            .any(|e| e.entity == "unit" && e.action == "update" && e.reason.as_deref() == Some("alamat baru"))
    );
    let mut moved = sample_dataset();
    moved.positions[0].title = "Plt. Kasubbag Perencanaan".into();
    store.apply_dataset(&actor(), &moved, "mutasi").await.unwrap();
    let log = store.audit_log(Some(office.id), 100).await.unwrap();
    let change = log.iter().find(|e| e.entity == "positions").unwrap();
    assert_eq!(change.reason.as_deref(), Some("mutasi"));
    assert!(
        change
            .before
            .as_deref()
            .unwrap()
            .contains("Kasubbag Perencanaan, Data dan Informasi")
    );
    assert!(change.after.as_deref().unwrap().contains("Plt. Kasubbag Perencanaan"));
}

pub async fn a_bad_dataset_changes_nothing(store: &dyn Store) {
    let (office, before) = load(store).await;
    let mut bad = sample_dataset();
    bad.offices[1].name = "KPU Kota Contoh Berubah".into();
    bad.plans[1].objectives[0].indicators[0].actions.clear();
    bad.plans[1].pk_signed.as_mut().unwrap().first = Some("orang-tak-dikenal".into());
    let err = store.apply_dataset(&actor(), &bad, "bad").await.unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref m) if m.contains("orang-tak-dikenal")),
        "{err}"
    );
    let mut dangling = sample_dataset();
    dangling.plans[1].objectives[0].indicators[0].supports = Some(IndicatorRef {
        unit: "komisi".into(),
        indicator: "Tidak ada".into(),
    });
    let err = store.apply_dataset(&actor(), &dangling, "bad").await.unwrap_err();
    assert!(err.to_string().contains("Tidak ada"), "{err}");
    let mut dangling = sample_dataset();
    dangling.plans[1].objectives[0].indicators[0].supports_objective = Some(ObjectiveRef {
        unit: "komisi".into(),
        objective: "Sasaran lain".into(),
    });
    let err = store.apply_dataset(&actor(), &dangling, "bad").await.unwrap_err();
    assert!(err.to_string().contains("no such objective"), "{err}");
    let after = store.year_plan(office.id, YEAR).await.unwrap();
    assert_eq!(
        after.office.name, "KPU Kota Contoh",
        "the office update was rolled back"
    );
    assert_eq!(after, before);
}

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
async fn join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
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

pub async fn unknown_things_are_not_found(store: &dyn Store) {
    let (_, _) = load(store).await;
    assert!(matches!(
        store.year_plan(987_654, YEAR).await,
        Err(StoreError::NotFound { .. })
    ));
    let missing = store
        .save_realisation(&actor(), &input(987_654, Period::Month(1), "1%"), None, None)
        .await;
    assert!(matches!(
        missing,
        Err(StoreError::NotFound {
            entity: "indicator",
            ..
        })
    ));
    let missing = store
        .transition_realisation(&actor(), 987_654, 1, &Transition::Submit)
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

pub async fn year_plans_cover_every_office(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let all = store.year_plans(YEAR).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].office.id, office.id);
    assert_eq!(all[1], plan);
    assert!(all[0].indicators.is_empty(), "the province has no plan");
    let other_year = store.year_plans(YEAR + 1).await.unwrap();
    assert!(
        other_year
            .iter()
            .all(|p| p.indicators.is_empty() && p.realisations.is_empty())
    );
    assert_eq!(other_year[1].units.len(), 3, "units exist whatever the year");
}

pub async fn office_defined_grades_survive_storage(store: &dyn Store) {
    use kinerja_domain::grade::OrdinalScale;
    use kinerja_domain::value::{Measure, ParseContext, ValueKind};
    let predikat = OrdinalScale {
        code: "predikat-layanan".into(),
        name: "Predikat layanan".into(),
        levels: vec!["Sangat Memuaskan".into(), "Memuaskan".into(), "Cukup".into()],
    };
    let mut grades = OrdinalScale::builtin().to_vec();
    grades.push(predikat.clone());
    let ctx = ParseContext {
        ordinal_scales: &grades,
    };
    let mut ds = sample_dataset();
    ds.ordinal_scales.push(OrdinalScaleDraft {
        office: Some(OFFICE.into()),
        scale: predikat.clone(),
    });
    let graded = &mut ds.plans[0].objectives[0].indicators[1];
    graded.pk_target = Some(Value::parse_with("Memuaskan", &ctx).unwrap());
    graded.realisations.push(RealisationDraft {
        period: Period::Year,
        value: Value::parse_with("Sangat Memuaskan", &ctx).unwrap(),
        status: RealisationStatus::Verified,
        evidence: vec![],
        obstacles: None,
        follow_up: None,
    });
    let summary = store.apply_dataset(&actor(), &ds, "predikat").await.unwrap();
    assert_eq!(summary.ordinal_scales, 1);
    let office = store.find_office(OFFICE).await.unwrap().unwrap();
    assert_eq!(store.ordinal_scales_for(office.id).await.unwrap(), vec![predikat]);
    let province = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    assert!(store.ordinal_scales_for(province.id).await.unwrap().is_empty());
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let ind = indicator(&plan, "Nilai evaluasi akuntabilitas");
    let Some(Measure::Grade(target)) = ind.pk_target.as_ref().map(Value::measure) else {
        panic!("a grade")
    };
    assert_eq!((target.scale.as_str(), target.rank), ("predikat-layanan", 2));
    let realised = plan.realisations.iter().find(|r| r.indicator == ind.id).unwrap();
    assert_eq!(realised.value.kind(), ValueKind::Grade);
    // An operator enters a grade of the office's scale; it is read back as one.
    let entered = RealisationInput {
        value: Value::parse_with("Cukup", &ctx).unwrap(),
        ..input(ind.id, Period::Month(6), "1%")
    };
    let saved = store.save_realisation(&actor(), &entered, None, None).await.unwrap();
    let again = store
        .save_realisation(
            &actor(),
            &RealisationInput {
                value: Value::parse_with("memuaskan", &ctx).unwrap(),
                ..entered
            },
            Some(saved.version),
            None,
        )
        .await
        .unwrap();
    assert_eq!(again.value.raw(), "memuaskan");
    let all = store.year_plans(YEAR).await.unwrap();
    let reloaded = all.iter().find(|p| p.office.id == office.id).unwrap();
    let june = reloaded
        .realisations
        .iter()
        .find(|r| r.indicator == ind.id && r.period == Period::Month(6))
        .unwrap();
    assert!(matches!(june.value.measure(), Measure::Grade(g) if g.scale == "predikat-layanan" && g.rank == 2));
}

fn hash_of(password: &str) -> String {
    kinerja_store::password::hash(password).expect("hash")
}

pub async fn users_are_created_checked_and_audited(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    use kinerja_domain::i18n::Lang;
    let (office, plan) = load(store).await;
    let sub = plan.find_unit("subbag-rendatin").unwrap().id;
    let new = |login: &str, grants: Vec<Grant>| NewUser {
        login: login.into(),
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
    let (found, hash) = store.user_credentials("op.rendatin").await.unwrap().unwrap();
    assert_eq!(found, user);
    assert!(kinerja_store::password::verify("rahasia-rendatin", &hash));
    assert_eq!(store.user_credentials("tidak.ada").await.unwrap(), None);
    for (bad, why) in [
        (new("op.rendatin", vec![]), "already exists"),
        (new("Op Rendatin", vec![]), "lowercase"),
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
    let (_, hash) = store.user_credentials("op.rendatin").await.unwrap().unwrap();
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

pub async fn scoped_access_follows_grants(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    use kinerja_domain::i18n::Lang;
    let mut ds = sample_dataset();
    // A second regency office under the same province, with one unit and one indicator.
    let mut other = ds.offices[1].clone();
    (other.code, other.name) = ("kpu-lain".into(), "KPU Kota Lain".into());
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
    store.apply_dataset(&actor(), &ds, "dua kantor").await.unwrap();
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
    let mut make = async |role: Role, office: i64, unit: Option<i64>| {
        n += 1;
        let user = NewUser {
            login: format!("user{n}"),
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
    let offices: Vec<i64> = ov.offices().await.unwrap().iter().map(|o| o.id).collect();
    assert_eq!(offices.len(), 3);
    assert_eq!(ov.year_plans(YEAR).await.unwrap().len(), 3);
    assert!(matches!(
        ov.save_realisation(&input(sub_indicator, Period::Month(9), "1 laporan"), None, None)
            .await,
        Err(StoreError::Forbidden(_))
    ));
    // Someone of another office sees nothing of this one, not even that it exists.
    let st = Scoped::for_user(store, stranger).await.unwrap();
    assert_eq!(
        st.offices().await.unwrap().iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![other.id]
    );
    assert_eq!(st.find_office(OFFICE).await.unwrap(), None);
    assert!(matches!(
        st.year_plan(office.id, YEAR).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        st.scales_for(office.id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(st.renstra(office.id).await, Err(StoreError::NotFound { .. })));
    assert!(matches!(
        st.audit_log(office.id, 10).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        st.save_realisation(&input(sub_indicator, Period::Month(10), "1 laporan"), None, None)
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        st.transition_realisation(verified.id, reopened.version, &Transition::Submit)
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        st.update_indicator_settings(ind.id, ind.version + 1, &ind.settings, "x")
            .await,
        Err(StoreError::NotFound { .. })
    ));
    let theirs = st.year_plans(YEAR).await.unwrap();
    assert_eq!(theirs.iter().map(|p| p.office.id).collect::<Vec<_>>(), vec![other.id]);
    st.save_realisation(&input(other_indicator, Period::Month(1), "50%"), None, None)
        .await
        .unwrap();
    // Nothing the stranger tried reached this office.
    let after = store.year_plan(office.id, YEAR).await.unwrap();
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

fn evidence_file(office: OfficeId, indicator: IndicatorId, period: Period, stem: char, original: &str) -> EvidenceFile {
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
    assert!(store.deadlines(office.id, YEAR + 1).await.unwrap().is_empty());
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

pub async fn api_tokens_act_for_their_user_until_revoked(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    let (office, _) = load(store).await;
    let user = store
        .create_user(
            &actor(),
            &NewUser {
                login: "dasbor.provinsi".into(),
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

fn fields(text: &str, target: &str) -> IndicatorFields {
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
    let objective = edit(PlanEdit::AddObjective {
        unit,
        year: YEAR,
        text: "  Terkelolanya data  ".into(),
    })
    .await
    .unwrap()
    .id;
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
    // The RAK grid: replaced as a whole, refused when it changed since it was read.
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let mine: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| a.indicator == reports.id || a.indicator == added)
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
        row(reports.id, "Rapat monev", vec![3, 6, 9, 12]),
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
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let mine: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| a.indicator == reports.id || a.indicator == added)
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
    // The Renstra: replaced against what was read; a stale read is refused.
    let before = store.renstra(office.id).await.unwrap();
    let mut renstra = before.clone().unwrap_or_default();
    (renstra.from_year, renstra.to_year, renstra.vision) =
        (2025, 2029, "Menjadi penyelenggara pemilu yang berintegritas".into());
    renstra.goals = vec![RenstraGoal {
        text: "Meningkatnya partisipasi".into(),
        indicators: vec![RenstraIndicator {
            text: "Tingkat partisipasi".into(),
            targets: vec![(2025, v("78%")), (2029, v("82%"))],
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
    assert_eq!(store.renstra(office.id).await.unwrap(), Some(renstra.clone()));
    assert!(matches!(
        edit(PlanEdit::ReplaceRenstra {
            read,
            renstra: renstra.clone()
        })
        .await,
        Err(StoreError::Conflict { .. })
    ));
    let mut outside = renstra.clone();
    outside.goals[0].indicators[0].targets.push((2031, v("90%")));
    let read = fingerprint(&Some(renstra));
    assert!(matches!(
        edit(PlanEdit::ReplaceRenstra { read, renstra: outside }).await,
        Err(StoreError::Invalid(_))
    ));
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

pub async fn a_plan_is_copied_into_the_next_year(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let summary = store
        .copy_plan(&actor(), office.id, YEAR, YEAR + 1, "awal tahun")
        .await
        .unwrap();
    assert_eq!((summary.realisations, summary.indicators), (0, plan.indicators.len()));
    let next = store.year_plan(office.id, YEAR + 1).await.unwrap();
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
        store.copy_plan(&actor(), office.id, YEAR, YEAR + 1, "lagi").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.copy_plan(&actor(), office.id, YEAR + 5, YEAR + 6, "kosong").await,
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
    cache.year_plan(store, office.id, YEAR + 1).await.unwrap();
    cache.year_plan(store, other.id, YEAR).await.unwrap();
    assert_eq!(cache.held(), 2);
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
    assert!(store.action_progress(office.id, YEAR + 1).await.unwrap().is_empty());
    // The grid saved again with the row's id: the action keeps its id and its progress.
    let fields = |a: &Action, id: Option<i64>| ActionFields {
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
        store.add_comment(&actor(), 999_999, Period::Month(3), "ada").await,
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
        code: code.into(),
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
    let of_unit = |u: i64| -> Vec<i64> {
        plan.objectives_of(u)
            .flat_map(|o| plan.indicators_of(o.id))
            .map(|i| i.id)
            .collect()
    };
    let own = of_unit(unit);
    let below: Vec<i64> = plan
        .units
        .iter()
        .filter(|u| plan.is_ancestor(unit, u.id))
        .flat_map(|u| of_unit(u.id))
        .collect();
    assert!(
        !own.is_empty() && !below.is_empty(),
        "the fixture has a unit with units below it"
    );
    let links = |lines: &[(i32, Vec<i64>)]| {
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
        links(&[(1, vec![]), (0, vec![999_999])]).await,
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
            code: "kpu-kota-lain".into(),
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
    let sign = |first: i64, second: i64, date: Date| async move {
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
        .set_narrative(&actor(), office.id, YEAR + 1, "foreword", "Tahun depan.", "penyusunan")
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
        store.set_narrative(&actor(), 999_999, YEAR, "foreword", "x", "x").await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(store.narratives(office.id, YEAR + 1).await.unwrap().len(), 1);
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

/// Merging imported plans (`Store::merge_plans`): what is there is matched by its text and kept
/// (ids, realisations, targets), what is missing is added at the end, empty targets are filled,
/// and what the file says otherwise is listed. A preview writes nothing; the same file twice adds
/// nothing and is not audited; realisations, another office's plan or an unknown unit are
/// refused with nothing written.
pub async fn imported_plans_merge_without_duplicates(store: &dyn Store) {
    let (office, before) = load(store).await;
    let audit_before = audit_count(store, office.id).await;
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
    assert_eq!(after.realisations, before.realisations, "realisations untouched");
    let was = indicator(&before, "Jumlah laporan monitoring");
    let now = indicator(&after, "Jumlah laporan monitoring");
    assert_eq!(now, was, "an indicator with nothing empty is left as it was");
    let punctual = indicator(&after, "Persentase laporan tepat waktu");
    assert_eq!(
        punctual.rak_target.as_ref().map(Value::raw),
        Some("95%"),
        "an empty target filled"
    );
    assert_eq!(punctual.pk_target.as_ref().map(Value::raw), Some("95%"));
    assert_eq!(
        punctual.version,
        indicator(&before, "Persentase laporan tepat waktu").version + 1
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
    let entries = store.audit_log(Some(office.id), 10_000).await.unwrap();
    assert_eq!(entries.len(), audit_before + 2, "one entry per unit plan");
    assert!(
        entries
            .iter()
            .take(2)
            .all(|e| e.action == "merge" && e.reason.as_deref() == Some("impor"))
    );

    // The same file again adds nothing and writes nothing.
    let again = store
        .merge_plans(&actor(), office.id, &plans, "impor", MergeMode::Apply)
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
    assert_eq!(store.year_plan(office.id, YEAR).await.unwrap(), after);
    assert_eq!(audit_count(store, office.id).await, audit_before + 2);

    // Refused, with nothing written: realisations, another office, an unknown unit after a good plan.
    let mut with_realisations = plans.clone();
    with_realisations[1].objectives[0].indicators[0].realisations =
        sample.plans[1].objectives[0].indicators[0].realisations.clone();
    let mut other_office = plans.clone();
    other_office[0].office = "kpu-prov-contoh".into();
    let mut unknown = plans.clone();
    unknown[0].objectives[0].text = "Sasaran yang belum ada".into();
    unknown[1].unit = "subbag-tak-ada".into();
    for (bad, expected) in [
        (with_realisations, "not realisations"),
        (other_office, "kpu-prov-contoh"),
        (unknown, "subbag-tak-ada"),
    ] {
        let err = store
            .merge_plans(&actor(), office.id, &bad, "impor", MergeMode::Apply)
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(ref m) if m.contains(expected)),
            "{err}"
        );
    }
    assert_eq!(store.year_plan(office.id, YEAR).await.unwrap(), after);
    assert_eq!(audit_count(store, office.id).await, audit_before + 2);
}

async fn audit_count(store: &dyn Store, office: OfficeId) -> usize {
    store.audit_log(Some(office), 10_000).await.unwrap().len()
}
