//! Contract case of an office's export and import: the year comes back whole under new ids
//! (plan, cascade links, budget links, realisations, evidence, comments, users), an office
//! already holding that year refuses it and nothing is written, imported deletions are history.

use kinerja_store::transfer::{Cell, ImportOptions, OfficeData};

use kinerja_domain::access::{Grant, Role};
use kinerja_domain::evaluation::Answer;
use kinerja_domain::i18n::Lang;
use kinerja_store::evaluations::{NewAnswer, Stage};

use super::monitoring::evidence_file;
use super::people::hash_of;
use super::*;

/// The plan of a year with every id replaced by what it names (codes and texts), so that two
/// instances' copies compare equal.
fn shape(p: &YearPlan) -> Vec<String> {
    let unit = |id: UnitId| p.unit(id).map(|u| u.code.clone());
    let text = |id: IndicatorId| p.indicators.iter().find(|i| i.id == id).map(|i| i.text.clone());
    let objective = |id: ObjectiveId| p.objectives.iter().find(|o| o.id == id).map(|o| o.text.clone());
    let person = |id: PersonId| p.people.iter().find(|x| x.id == id).map(|x| x.code.clone());
    let mut out = Vec::new();
    out.extend(
        p.units
            .iter()
            .map(|u| format!("unit {} {} {:?} {:?}", u.code, u.name, u.kind, u.parent.and_then(unit))),
    );
    out.extend(p.unit_years.iter().map(|y| {
        format!(
            "year {:?} {:?}",
            unit(y.unit),
            UnitYear {
                unit: UnitId(0),
                ..y.clone()
            }
        )
    }));
    out.extend(
        p.objectives
            .iter()
            .map(|o| format!("objective {:?} {} {}", unit(o.unit), o.ord, o.text)),
    );
    out.extend(p.indicators.iter().map(|i| {
        format!(
            "indicator {:?} {} {} {:?} {:?} {:?} {:?} {:?}",
            objective(i.objective),
            i.ord,
            i.text,
            i.pk_target,
            i.period_targets,
            i.settings,
            i.supports.and_then(text),
            i.supports_objective.and_then(objective)
        )
    }));
    out.extend(p.actions.iter().map(|a| {
        format!(
            "action {:?} {} {:?} {:?} {:?}",
            text(a.indicator),
            a.text,
            a.schedule,
            a.budget,
            a.executor_unit.and_then(unit)
        )
    }));
    out.extend(p.budget.iter().map(|b| {
        let funds: Vec<_> = b.indicators.iter().map(|i| text(*i)).collect();
        format!("budget {:?} {} {} {:?}", unit(b.unit), b.name, b.ceiling, funds)
    }));
    out.extend(p.realisations.iter().map(|r| {
        format!(
            "realisation {:?} {} {} {:?} {:?} {}",
            text(r.indicator),
            r.period,
            r.value.raw(),
            r.status,
            r.evidence,
            r.version
        )
    }));
    out.extend(
        p.people
            .iter()
            .map(|x| format!("person {} {} {:?}", x.code, x.name, x.nip)),
    );
    out.extend(
        p.positions
            .iter()
            .map(|x| format!("position {:?} {:?} {}", person(x.person), unit(x.unit), x.title)),
    );
    out.sort();
    out
}

/// The data as another instance would send the same office under the code `code` (its
/// evidence file named anew, its users' logins prefixed).
fn as_office(data: &OfficeData, code: &str, from: &str, to: &str) -> OfficeData {
    let mut moved = data.clone();
    let rename = |cell: &mut Cell, old: &str, new: &str| {
        if *cell == Cell::Text(old.into()) {
            *cell = Cell::Text(new.into());
        }
    };
    for table in &mut moved.tables {
        for (i, column) in table.columns.clone().iter().enumerate() {
            for row in &mut table.rows {
                match (table.name.as_str(), column.as_str()) {
                    ("offices", "code") => rename(&mut row[i], OFFICE, code),
                    ("evidence_files", "name") => rename(&mut row[i], from, to),
                    ("realisations", "evidence") => rename(
                        &mut row[i],
                        &format!(r#"["berkas:{from}"]"#),
                        &format!(r#"["berkas:{to}"]"#),
                    ),
                    ("users", "login") => {
                        if let Cell::Text(l) = &row[i] {
                            row[i] = Cell::Text(format!("pindah.{l}"));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    moved.office = code.into();
    moved
}

/// Sets `column` of the first row of `table`.
fn set_first(data: &mut OfficeData, table: &str, column: &str, value: Cell) {
    let t = data.tables.iter_mut().find(|t| t.name == table).expect("table");
    let at = t.columns.iter().position(|c| c == column).expect("column");
    t.rows[0][at] = value;
}

fn options(users: bool) -> ImportOptions {
    ImportOptions {
        users,
        source: "kinerja-kantor-kpu-contoh-2024.zip".into(),
    }
}

pub async fn an_office_moves_to_another_instance_under_new_ids(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let ind = plan.indicators[0].clone();
    let unit = plan.units[0].id;
    let funded: Vec<IndicatorId> = plan
        .objectives_of(unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .map(|i| i.id)
        .take(1)
        .collect();
    store
        .edit_plan(
            &actor(),
            office.id,
            &PlanEdit::SetBudgetLinks {
                unit,
                year: YEAR,
                links: vec![(0, funded)],
            },
            "tautan",
        )
        .await
        .unwrap();
    let file = evidence_file(office.id, ind.id, Period::Month(4), 'd', "Laporan April.pdf");
    let mut entered = input(ind.id, Period::Month(4), "1 laporan");
    entered.evidence = vec![file.reference()];
    entered.new_files = vec![file.clone()];
    store.save_realisation(&actor(), &entered, None, None).await.unwrap();
    store
        .add_comment(&actor(), ind.id, Period::Month(4), "mohon dicek")
        .await
        .unwrap();
    let grant = Grant {
        role: Role::Planner,
        office: office.id,
        unit: None,
    };
    let user = NewUser {
        login: login("perencana.contoh"),
        name: "Perencana".into(),
        password_hash: hash_of("rahasia-perencana"),
        lang: Lang::Id,
        grants: vec![grant],
    };
    store.create_user(&actor(), &user, "pegawai baru").await.unwrap();
    let last = plan
        .indicators
        .iter()
        .find(|i| {
            i.id != ind.id
                && !plan.realisations.iter().any(|r| r.indicator == i.id)
                && !plan.indicators.iter().any(|s| s.supports == Some(i.id))
        })
        .expect("an indicator that can be deleted")
        .clone();
    store
        .edit_plan(
            &actor(),
            office.id,
            &PlanEdit::DeleteIndicator {
                id: last.id,
                version: last.version,
            },
            "salah ketik",
        )
        .await
        .unwrap();
    let plan = store.year_plan(office.id, YEAR).await.unwrap();
    let pdf: Vec<u8> = b"%PDF-1.7\n".iter().copied().chain(0..=255u8).collect();
    let frozen = kinerja_store::NewFrozen {
        office: office.id,
        year: YEAR,
        kind: "lkj".into(),
        unit: None,
        title: "LKj 2024".into(),
        file_name: "lkj-kpu-contoh-2024.pdf".into(),
        code: kinerja_store::frozen::new_code(),
        sha256: kinerja_store::frozen::sha256_hex(&pdf),
        pdf: pdf.clone(),
    };
    let frozen = store.freeze_document(&actor(), &frozen, "final").await.unwrap();
    store.set_published(&actor(), frozen.id, true, "terbit").await.unwrap();
    let self_assessment = NewAnswer {
        criterion: "1.a.1".into(),
        answer: Answer::Y,
        note: Some("SOP ada".into()),
    };
    store
        .save_lke_answers(
            &actor(),
            office.id,
            YEAR,
            Stage::SelfAssessment,
            &[self_assessment],
            None,
        )
        .await
        .unwrap();
    let answers = store.lke_answers(office.id, YEAR, Stage::SelfAssessment).await.unwrap();

    let data = store.export_office(&office.code, Some(YEAR)).await.unwrap();
    let data: OfficeData = serde_json::from_str(&serde_json::to_string(&data).unwrap()).unwrap();
    assert_eq!(data.file_names(), vec![file.name.clone()]);
    let codes: Vec<_> = data.table("offices").unwrap().column("code").cloned().collect();
    assert_eq!(
        codes,
        vec![Cell::Text("kpu-prov-contoh".into()), Cell::Text(OFFICE.into())],
        "the office and the one above"
    );
    assert_eq!(data.table("users").unwrap().rows.len(), 1, "the office's own user");

    // The same year into an office that has it: refused, and nothing written.
    let audit_before = store.audit_log(None, 10_000).await.unwrap().len();
    let err = store.import_office(&actor(), &data, &options(false)).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("already has the PK and RAK")),
        "{err}"
    );
    assert_eq!(store.audit_log(None, 10_000).await.unwrap().len(), audit_before);

    // As another office: every row anew, the province above it found by its code.
    let new_name = format!("{}.pdf", "e".repeat(32));
    let moved = as_office(&data, "kpu-pindahan", &file.name, &new_name);
    let with_clash = {
        let mut m = moved.clone();
        set_first(&mut m, "users", "login", Cell::Text("perencana.contoh".into()));
        m
    };
    let err = store
        .import_office(&actor(), &with_clash, &options(true))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("perencana.contoh")),
        "{err}"
    );
    assert_eq!(
        store.find_office("kpu-pindahan").await.unwrap(),
        None,
        "nothing written"
    );
    let err = store.import_office(&actor(), &moved, &options(true)).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("verification codes")),
        "{err}"
    );
    let new_code = kinerja_store::frozen::new_code();
    let mut moved = moved;
    set_first(&mut moved, "frozen_documents", "code", Cell::Text(new_code.clone()));

    let done = store.import_office(&actor(), &moved, &options(true)).await.unwrap();
    let new = store.find_office("kpu-pindahan").await.unwrap().expect("imported");
    assert_ne!(new.id, office.id);
    assert_eq!(new.parent, office.parent, "the province is the one already here");
    let offices_row = done.tables.iter().find(|t| t.0 == "offices").unwrap();
    assert_eq!((offices_row.1, offices_row.2), (1, 1), "one added, one kept");
    let copy = store.year_plan(new.id, YEAR).await.unwrap();
    let renamed =
        |lines: Vec<String>| -> Vec<String> { lines.into_iter().map(|l| l.replace(&file.name, &new_name)).collect() };
    assert_eq!(shape(&copy), renamed(shape(&plan)));
    assert!(
        copy.indicators
            .iter()
            .all(|i| !plan.indicators.iter().any(|o| o.id == i.id)),
        "new ids"
    );
    let moved_file = store.evidence_files(std::slice::from_ref(&new_name)).await.unwrap();
    assert_eq!(moved_file.len(), 1);
    assert_eq!(moved_file[0].office, new.id);
    let comments = store.comments(new.id).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert!(copy.indicators.iter().any(|i| i.id == comments[0].indicator));
    let (moved_user, hash) = store
        .user_credentials(&login("pindah.perencana.contoh"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        kinerja_store::password::verify("rahasia-perencana", &hash),
        "the same password"
    );
    assert_eq!(
        moved_user.grants,
        vec![Grant {
            role: Role::Planner,
            office: new.id,
            unit: None
        }]
    );
    let moved_doc = store.frozen_by_code(&new_code).await.unwrap().expect("frozen document");
    assert_eq!((moved_doc.office, moved_doc.published), (new.id, true));
    assert_eq!(
        store.frozen_pdf(moved_doc.id, false).await.unwrap(),
        Some(pdf),
        "byte for byte"
    );
    assert_eq!(
        store.lke_answers(new.id, YEAR, Stage::SelfAssessment).await.unwrap(),
        answers
    );
    let worksheet = done.tables.iter().find(|t| t.0 == "lke_templates").unwrap();
    assert_eq!(
        (worksheet.1, worksheet.2),
        (0, 1),
        "the year's worksheet is the one here"
    );
    let log = store.audit_log(Some(new.id), 10_000).await.unwrap();
    assert_eq!((log[0].entity.as_str(), log[0].action.as_str()), ("office", "import"));
    assert!(log.len() > 3, "the office's history came along");
    let deletion = log
        .iter()
        .find(|e| e.entity == "indicator" && e.action == "delete")
        .expect("imported");
    let err = store
        .edit_plan(
            &actor(),
            new.id,
            &PlanEdit::Restore { audit: deletion.id },
            "kembalikan",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("history only")),
        "{err}"
    );

    // Once more: the year is there now.
    let err = store
        .import_office(&actor(), &moved, &options(false))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(store.audit_log(Some(new.id), 10_000).await.unwrap().len(), log.len());

    // Damaged data: a reference to a row the data do not hold, a value of the wrong kind.
    let mut broken = as_office(&data, "kpu-rusak", "-", "-");
    set_first(&mut broken, "objectives", "unit_id", Cell::Int(987_654_321));
    let err = store
        .import_office(&actor(), &broken, &options(false))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("table objectives, row 1, column unit_id")),
        "{err}"
    );
    let mut broken = as_office(&data, "kpu-rusak", "-", "-");
    set_first(&mut broken, "realisations", "version", Cell::Text("satu".into()));
    let err = store
        .import_office(&actor(), &broken, &options(false))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("column version")),
        "{err}"
    );
    assert_eq!(store.find_office("kpu-rusak").await.unwrap(), None);
}
