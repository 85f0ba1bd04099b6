//! Deleting from the plan: "Hapus" opens a page naming what goes with it (or what keeps it),
//! the deletion is confirmed with a reason, and "Pulihkan" brings it back — from the plan page
//! right after, or from the history — once.

use super::*;
use kinerja_domain::model::{ObjectiveId, Year};
use kinerja_store::PlanEdit;

#[tokio::test]
async fn a_delete_is_confirmed_with_what_goes_and_can_be_undone() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let edit = |e: PlanEdit| {
        let store = app.store.clone();
        async move {
            store
                .edit_plan(&Actor::new("test"), office.id, &e, "uji")
                .await
                .unwrap()
                .id
        }
    };
    let objective = edit(PlanEdit::AddObjective {
        unit,
        year: Year::of(2024),
        text: "Terkelolanya arsip".into(),
    })
    .await;
    for text in ["Jumlah arsip yang didigitalkan", "Persentase arsip tertata"] {
        edit(PlanEdit::AddIndicator {
            objective: ObjectiveId(objective),
            fields: kinerja_store::IndicatorFields {
                text: text.into(),
                pk_target: Some(kinerja_domain::value::Value::parse("100%").unwrap()),
                rak_target: None,
                period_targets: vec![],
                settings: Default::default(),
                computation: None,
                data_source: None,
                supports: None,
            },
        })
        .await;
    }
    let planner = app.signed_in("planner").await;
    // The editor's "Hapus…" is a link to the confirmation, not a button that deletes.
    let page = text(
        &planner,
        url("/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024"),
    )
    .await
    .1;
    assert!(!page.contains("value=\"delete_objective\""), "no one-click delete");
    let confirm_url = format!("/kantor/kpu-contoh/rencana/hapus?sasaran={objective}&unit=subbag-rendatin&tahun=2024");
    assert!(page.contains(&confirm_url.replace('&', "&#38;")) || page.contains(&confirm_url.replace('&', "&amp;")));
    let (status, confirm) = text(&planner, url(&confirm_url)).await;
    assert_eq!(status, StatusCode::OK);
    for part in [
        "Hapus dari rencana?",
        "Sasaran \u{201c}Terkelolanya arsip\u{201d}",
        "2 indikator: Jumlah arsip yang didigitalkan; Persentase arsip tertata",
        "dapat dipulihkan selama 30 hari",
        "Alasan perubahan (PK sudah ditandatangani)",
        "value=\"delete_objective\"",
    ] {
        assert!(confirm.contains(part), "{part}\n{confirm}");
    }
    // An objective whose indicators have figures says why it cannot go, and offers no button.
    let used = plan.objectives_of(unit).find(|o| {
        plan.indicators_of(o.id)
            .any(|i| plan.realisations.iter().any(|r| r.indicator == i.id))
    });
    if let Some(used) = used {
        let blocked = text(
            &planner,
            url(&format!(
                "/kantor/kpu-contoh/rencana/hapus?sasaran={}&unit=subbag-rendatin&tahun=2024",
                used.id
            )),
        )
        .await
        .1;
        assert!(
            blocked.contains("Belum dapat dihapus, karena:") && blocked.contains("capaian (realisasi) sudah diisi")
        );
        assert!(!blocked.contains("value=\"delete_objective\""));
    }
    // Not for an operator.
    let op = app.signed_in("operator").await;
    assert_eq!(text(&op, url(&confirm_url)).await.0, StatusCode::FORBIDDEN);

    // Confirmed: gone, and the plan page offers it back.
    let form = |aksi: &str, extra: (&'static str, String)| {
        vec![
            ("csrf", field(&confirm, "csrf")),
            ("tahun", "2024".to_string()),
            ("unit", "subbag-rendatin".to_string()),
            ("reason", "Sasaran dobel".to_string()),
            ("aksi", aksi.to_string()),
            extra,
        ]
    };
    let r = submit(
        &planner,
        url("/kantor/kpu-contoh/rencana"),
        &form("delete_objective", ("objective", objective.to_string())),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let back = location(&r);
    assert!(back.contains("dihapus="), "{back}");
    let after = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    assert!(after.objectives.iter().all(|o| o.id.0 != objective));
    let page = text(&planner, url(&back)).await.1;
    assert!(
        page.contains("Dihapus.") && page.contains("value=\"restore\""),
        "{page}"
    );
    let audit = field(&page, "audit");
    // The history offers it back too, with the reason.
    let history = text(&planner, url("/kantor/kpu-contoh/riwayat?tahun=2024&jenis=rencana"))
        .await
        .1;
    assert!(
        history.contains(&format!("name=\"audit\" value=\"{audit}\"")),
        "{history}"
    );
    assert!(history.contains("Sasaran dobel"));

    // Restored: back with its two indicators, once.
    let r = submit(
        &planner,
        url("/kantor/kpu-contoh/rencana"),
        &form("restore", ("audit", audit.clone())),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).contains("dipulihkan=1"), "{}", location(&r));
    let page = text(&planner, url(&location(&r))).await.1;
    assert!(page.contains("Dipulihkan."));
    let after = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let restored = after
        .objectives
        .iter()
        .find(|o| o.text == "Terkelolanya arsip")
        .expect("back");
    assert_eq!(after.indicators_of(restored.id).count(), 2);
    let r = submit(
        &planner,
        url("/kantor/kpu-contoh/rencana"),
        &form("restore", ("audit", audit.clone())),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("restored already"));
    let history = text(&planner, url("/kantor/kpu-contoh/riwayat?tahun=2024&jenis=rencana"))
        .await
        .1;
    assert!(
        !history.contains(&format!("name=\"audit\" value=\"{audit}\"")),
        "offered once"
    );
    // An operator cannot restore.
    let r = submit(
        &op,
        url("/kantor/kpu-contoh/rencana"),
        &[
            ("csrf", field(&text(&op, url(MONITOR)).await.1, "csrf")),
            ("tahun", "2024".into()),
            ("unit", String::new()),
            ("aksi", "restore".into()),
            ("audit", audit),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
