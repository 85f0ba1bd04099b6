//! Contract cases of whole datasets: the sample office, a round trip, a refresh, a bad file, every office's year, office-defined grades.

use super::*;

/// A province and one regency office with a commission, a secretariat and a sub-section: PKs,
/// a RAK, budget, realisations, signatures and a cascade link.
pub fn sample_dataset() -> Dataset {
    let office = |code: &str, name: &str, level, parent: Option<&str>| OfficeDraft {
        code: code.parse().unwrap(),
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
                from_year: Year::of(2020),
                to_year: Year::of(2024),
                vision: "Menjadi penyelenggara pemilu yang mandiri".into(),
                missions: vec!["Misi satu".into(), "Misi dua".into()],
                goals: vec![RenstraGoal {
                    text: "Tujuan satu".into(),
                    indicators: vec![RenstraIndicator {
                        text: "Indeks satu".into(),
                        targets: vec![(Year::of(2024), v("3,5"))],
                        computation: Some("Nilai indeks dari survei".into()),
                        data_source: None,
                    }],
                }],
            },
        }],
        plans: sample_plans(reports_indicator()),
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

    scales_and_renstra_round_trip(store, offices[0].id, offices[1].id).await;
}

/// The offices' scales (the shared ones and their own, not another's) and Renstra as loaded.
async fn scales_and_renstra_round_trip(store: &dyn Store, province: OfficeId, office: OfficeId) {
    let scales = store.scales_for(office).await.unwrap();
    let mut codes: Vec<&str> = scales.iter().map(|s| s.code.as_str()).collect();
    codes.sort();
    assert_eq!(codes, vec!["contoh-skala", "sakip-evaluasi"]);
    assert_eq!(
        scales.iter().find(|s| s.code == "sakip-evaluasi").unwrap(),
        &CategoryScale::sakip_evaluation()
    );
    let province_scales = store.scales_for(province).await.unwrap();
    assert_eq!(
        province_scales.len(),
        1,
        "an office's own scale is not another office's"
    );
    assert_eq!(
        store.renstra(office).await.unwrap(),
        Some(sample_dataset().renstra[0].renstra.clone())
    );
    assert_eq!(store.renstra(province).await.unwrap(), None);
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

pub async fn year_plans_cover_every_office(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let all = store.year_plans(YEAR).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].office.id, office.id);
    assert_eq!(all[1], plan);
    assert!(all[0].indicators.is_empty(), "the province has no plan");
    let other_year = store.year_plans(NEXT_YEAR).await.unwrap();
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

/// An indicator of the sample with its text and PK target, nothing else.
fn indicator_draft(text: &str, target: &str) -> IndicatorDraft {
    IndicatorDraft {
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
    }
}

/// The sub-section's indicator with everything set: RAK and activity targets, period targets,
/// settings, formula, source, cascade links, an LKj report, actions and realisations.
fn reports_indicator() -> IndicatorDraft {
    let mut reports = indicator_draft("Jumlah laporan monitoring", "4 Laporan");
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
    reports
}

/// The sample's unit plans: the commission's, the secretariat's and the sub-section's
/// (with `reports`).
fn sample_plans(reports: IndicatorDraft) -> Vec<UnitPlanDraft> {
    vec![
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
                    indicator_draft("Persentase laporan tepat waktu", "95%"),
                    indicator_draft("Nilai evaluasi akuntabilitas", "BB"),
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
    ]
}

pub async fn a_fresh_store_has_every_migration_applied(store: &dyn Store) {
    assert_eq!(store.pending_migrations().await.unwrap(), Vec::<i64>::new());
    // Migrating again changes nothing.
    store.migrate().await.unwrap();
    assert!(store.pending_migrations().await.unwrap().is_empty());
}
