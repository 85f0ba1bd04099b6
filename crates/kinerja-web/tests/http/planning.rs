//! Planning: the PK and RAK editors, the Renstra, budget lines and their links, signatures.

use super::*;
use kinerja_domain::model::Year;

/// Planning: the tree and the checks for everyone who reads the office; planners add, change and
/// delete objectives and indicators, with every bad field refused beside its form and stale
/// versions refused; the RAK grid is saved whole; a year starts from a copy of the last.
#[tokio::test]
pub(crate) async fn planners_edit_the_pk_and_rak_and_others_only_read() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let plan_url = url("/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024");
    let op = app.signed_in("operator").await;
    let (status, page) = text(&op, plan_url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Pohon kinerja") && page.contains("Pemeriksaan rencana"));
    assert!(page.contains("Jumlah laporan monitoring"));
    assert!(!page.contains("name=\"aksi\""), "an operator gets no editing buttons");
    let planner = app.signed_in("planner").await;
    let (_, page) = text(&planner, plan_url.clone()).await;
    let csrf = field(&page, "csrf");
    let post = |c: &reqwest::Client, path: &str, fields: Vec<(&str, String)>| {
        let c = c.clone();
        let u = url(path);
        let fields: Vec<(String, String)> = fields.into_iter().map(|(a, b)| (a.to_string(), b)).collect();
        async move { c.post(u).form(&fields).send().await.unwrap() }
    };
    let base = |aksi: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("tahun", "2024".to_string()),
            ("unit", "subbag-rendatin".to_string()),
            ("aksi", aksi.to_string()),
            // The sample's PK of the sub-section is signed: every change says why.
            ("reason", "uji perubahan".to_string()),
        ]
    };
    an_operator_cannot_change_the_plan(&app, &op, &plan_url).await;
    // A new objective.
    let mut f = base("add_objective");
    f.push(("text", "Terkelolanya data pemilih".into()));
    let r = post(&planner, "/kantor/kpu-contoh/rencana", f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let objective = plan
        .objectives
        .iter()
        .find(|o| o.text == "Terkelolanya data pemilih")
        .unwrap()
        .id;
    let top = app.indicator("Persentase laporan tepat waktu").await.id;
    // A new indicator with a bad period target: refused beside its form, what was typed kept.
    let indicator_form = |aksi: &str, id: i64, version: i64, period_targets: &str| {
        let mut f = base(aksi);
        f.extend([
            ("objective", objective.to_string()),
            ("indicator", id.to_string()),
            ("version", version.to_string()),
            ("text", "Jumlah data pemilih yang dimutakhirkan".to_string()),
            ("pk_target", "12 laporan".to_string()),
            ("period_targets", period_targets.to_string()),
            ("polarity", "higher_is_better".to_string()),
            ("rollup", "sum".to_string()),
            ("computation", "Jumlah berita acara rekapitulasi".to_string()),
            ("data_source", "Sidalih".to_string()),
            ("supports", top.to_string()),
        ]);
        f
    };
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("add_indicator", 0, 0, "TW1: 1.5 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Target per periode: TW1:") && page.contains("value=\"TW1: 1.5 laporan\""),
        "{page}"
    );
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("add_indicator", 0, 0, "TW1: 3 laporan; TW2: 6 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let new = plan
        .indicators
        .iter()
        .find(|i| i.text == "Jumlah data pemilih yang dimutakhirkan")
        .unwrap();
    assert_eq!(
        (new.period_targets.len(), new.supports, new.data_source.as_deref()),
        (2, Some(top), Some("Sidalih"))
    );
    // Changed once; the same change with the old version is refused.
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("update_indicator", new.id.0, 1, "TW1: 3 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("update_indicator", new.id.0, 1, "TW1: 4 laporan"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("sudah diubah orang lain"));
    the_tree_shows(&planner, &plan_url, "Jumlah data pemilih yang dimutakhirkan").await;
    rak_grid_is_saved_whole(&app, &planner, csrf.clone(), office.id, new.id).await;
    // Deleting the indicator takes its RAK row with it.
    let version = app.indicator("Jumlah data pemilih yang dimutakhirkan").await.version;
    let r = post(
        &planner,
        "/kantor/kpu-contoh/rencana",
        indicator_form("delete_indicator", new.id.0, version, ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    assert!(plan.indicators.iter().all(|i| i.id != new.id) && plan.actions.iter().all(|a| a.indicator != new.id));
}

/// The plan page's tree shows `indicator`.
async fn the_tree_shows(c: &reqwest::Client, plan_url: &str, indicator: &str) {
    let (_, page) = text(c, format!("{plan_url}&bagian=pohon")).await;
    let at = page.find("id=\"pohon\"").unwrap();
    let tree = &page[at..at + page[at..].find("</section>").unwrap()];
    assert!(tree.contains(indicator), "{tree}");
    assert!(!page.contains("id=\"pemeriksaan\""), "one section at a time");
}

/// The operator cannot change the plan.
async fn an_operator_cannot_change_the_plan(app: &TestApp, op: &reqwest::Client, plan_url: &str) {
    let r = op
        .post(format!("{}/kantor/kpu-contoh/rencana", app.base))
        .form(&{
            let (_, p) = text(op, plan_url.to_string()).await;
            vec![
                ("csrf", field(&p, "csrf")),
                ("tahun", "2024".into()),
                ("unit", "subbag-rendatin".into()),
                ("aksi", "add_objective".into()),
                ("reason", "uji perubahan".into()),
                ("text", "x".into()),
            ]
        })
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// A year starts from a copy of the last: objectives, indicators and actions, no realisations.
#[tokio::test]
async fn a_year_starts_from_a_copy_of_the_last() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let planner = app.signed_in("planner").await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let (_, page) = text(&planner, url("/kantor/kpu-contoh/rencana?tahun=2025")).await;
    assert!(page.contains("Salin rencana tahun sebelumnya"));
    let csrf = field(&page, "csrf");
    let r = planner
        .post(url("/kantor/kpu-contoh/rencana"))
        .form(&vec![
            ("csrf", csrf.clone()),
            ("tahun", "2025".into()),
            ("unit", "komisi".into()),
            ("aksi", "copy".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let next = app.store.year_plan(office.id, Year::of(2025)).await.unwrap();
    assert_eq!(next.objectives.len(), plan.objectives.len());
    assert!(next.realisations.is_empty());
    assert_eq!(next.indicators.len(), plan.indicators.len());
}

/// The RAK grid: a new row for the new indicator, ticked in March and June, with the unit's
/// other rows removed; a bad budget refused beside the row; the same grid with the old
/// fingerprint refused.
async fn rak_grid_is_saved_whole(
    app: &TestApp,
    planner: &reqwest::Client,
    csrf: String,
    office: kinerja_domain::model::OfficeId,
    new: kinerja_domain::model::IndicatorId,
) {
    let url = |p: &str| format!("{}{p}", app.base);
    let post = |c: &reqwest::Client, path: &str, fields: Vec<(&str, String)>| {
        let c = c.clone();
        let u = url(path);
        let fields: Vec<(String, String)> = fields.into_iter().map(|(a, b)| (a.to_string(), b)).collect();
        async move { c.post(u).form(&fields).send().await.unwrap() }
    };
    let rak_url = url("/kantor/kpu-contoh/rencana/rak?unit=subbag-rendatin&tahun=2024");
    let (_, grid) = text(planner, rak_url.clone()).await;
    let read = field(&grid, "read");
    let rows: usize = field(&grid, "rows").parse().unwrap();
    let existing = rows - 3;
    // The unit's PK is signed in the sample: every change says why.
    let mut f = vec![
        ("csrf", csrf.clone()),
        ("tahun", "2024".into()),
        ("unit", "subbag-rendatin".into()),
        ("read", read.clone()),
        ("rows", rows.to_string()),
        ("reason", "Kegiatan baru untuk indikator baru".into()),
    ];
    // The existing rows are marked for removal (with what they hold); the new row is added.
    let keep: Vec<(String, String)> = (0..existing)
        .flat_map(|n| {
            let g = |name: &str| field(&grid, &format!("r{n}_{name}"));
            vec![
                (format!("r{n}_id"), g("id")),
                (format!("r{n}_executor"), g("executor")),
                (format!("r{n}_hapus"), "1".to_string()),
            ]
        })
        .collect();
    let n = existing;
    let row = |budget: &str| {
        vec![
            (format!("r{n}_indicator"), new.to_string()),
            (format!("r{n}_text"), "Rapat koordinasi pemutakhiran".to_string()),
            (format!("r{n}_p3"), "1".to_string()),
            (format!("r{n}_p6"), "1".to_string()),
            (format!("r{n}_executor"), "Subbag Rendatin".to_string()),
            (format!("r{n}_budget"), budget.to_string()),
            (format!("r{n}_target"), "1 laporan".to_string()),
        ]
    };
    let mut bad: Vec<(String, String)> = keep.clone();
    bad.extend(row("satu juta"));
    let mut bad_fields = f.clone();
    bad_fields.extend(bad.iter().map(|(a, b)| (a.as_str(), b.clone())));
    let r = post(planner, "/kantor/kpu-contoh/rencana/rak", bad_fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Anggaran (Rp): &#39;satu juta&#39; bukan angka")
            || page.contains("Anggaran (Rp): 'satu juta' bukan angka"),
        "{page}"
    );
    assert!(page.contains("Rapat koordinasi pemutakhiran"), "typed text kept");
    let mut good = keep.clone();
    good.extend(row("Rp 1.500.000"));
    f.extend(good.iter().map(|(a, b)| (a.as_str(), b.clone())));
    let r = post(planner, "/kantor/kpu-contoh/rencana/rak", f.clone()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
    let plan = app.store.year_plan(office, Year::of(2024)).await.unwrap();
    let unit_indicators: Vec<kinerja_domain::model::IndicatorId> = plan
        .objectives_of(plan.find_unit("subbag-rendatin").unwrap().id)
        .flat_map(|o| plan.indicators_of(o.id))
        .map(|i| i.id)
        .collect();
    let unit_actions: Vec<_> = plan
        .actions
        .iter()
        .filter(|a| unit_indicators.contains(&a.indicator))
        .collect();
    assert_eq!(unit_actions.len(), 1, "the removed rows are gone, the new one is there");
    let action = unit_actions[0];
    assert_eq!(
        (action.schedule.periods.clone(), action.budget),
        (vec![3, 6], Some(kinerja_domain::Decimal::from(1_500_000)))
    );
    // The same grid posted again with the old fingerprint: refused, the saved grid shown.
    let r = post(planner, "/kantor/kpu-contoh/rencana/rak", f).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // A change of a signed plan without a reason is refused, what was typed kept.
    assert!(
        plan.unit_year(plan.find_unit("subbag-rendatin").unwrap().id)
            .is_some_and(|y| y.pk_signed.is_some()),
        "signed in the sample"
    );
    let (_, grid) = text(planner, rak_url.clone()).await;
    let again = |reason: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("tahun", "2024".into()),
            ("unit", "subbag-rendatin".into()),
            ("read", field(&grid, "read")),
            ("rows", "1".into()),
            ("r0_id", field(&grid, "r0_id")),
            ("r0_indicator", new.to_string()),
            ("r0_text", "Rapat koordinasi pemutakhiran data".to_string()),
            ("r0_p3", "1".to_string()),
            ("reason", reason.to_string()),
        ]
    };
    let r = post(planner, "/kantor/kpu-contoh/rencana/rak", again(" ")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Rencana unit ini sudah ditandatangani: tulis alasan perubahannya"),
        "{page}"
    );
    assert!(page.contains("Rapat koordinasi pemutakhiran data"), "typed text kept");
    let r = post(
        planner,
        "/kantor/kpu-contoh/rencana/rak",
        again("Jadwal rapat bergeser"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let audit = app.store.audit_log(Some(office), 3).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.reason.as_deref() == Some("Jadwal rapat bergeser")),
        "{audit:?}"
    );
}

/// The Renstra: read by everyone of the office, written by planners; a bad target is refused
/// with what was typed kept; a stale form is refused; the IKU table shows what is missing.
#[tokio::test]
pub(crate) async fn the_renstra_is_edited_by_planners_and_the_iku_listed() {
    let app = app().await;
    let url = format!("{}/kantor/kpu-contoh/renstra?tahun=2024", app.base);
    let op = app.signed_in("operator").await;
    let (status, page) = text(&op, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Tujuan satu") && page.contains("<fieldset disabled>"),
        "{page}"
    );
    // The IKU: the Renstra's indicators, with the year's target, formula and data source or
    // "belum diisi"; PK indicators are not IKU.
    let iku = &page[page.find("id=\"iku\"").unwrap()..];
    assert!(
        iku.contains("Indeks satu") && iku.contains("3,5") && iku.contains("Nilai indeks dari survei"),
        "{iku}"
    );
    assert!(iku.contains("belum diisi"), "no data source: {iku}");
    assert!(!iku.contains("Persentase laporan tepat waktu"), "{iku}");
    let planner = app.signed_in("planner").await;
    let (_, page) = text(&planner, url.clone()).await;
    let form = |target: &str, read: &str| {
        vec![
            ("csrf".to_string(), field(&page, "csrf")),
            ("tahun".into(), "2024".into()),
            ("read".into(), read.to_string()),
            ("from_year".into(), "2025".into()),
            ("to_year".into(), "2029".into()),
            ("vision".into(), "Menjadi penyelenggara pemilu yang mandiri".into()),
            (
                "missions".into(),
                "Menyelenggarakan pemilu\n\nMeningkatkan partisipasi".into(),
            ),
            ("goals".into(), "2".into()),
            ("g0_indicators".into(), "1".into()),
            ("g0_text".into(), "Meningkatnya partisipasi pemilih".into()),
            ("g0_i0_text".into(), "Tingkat partisipasi".into()),
            ("g0_i0_y2025".into(), target.to_string()),
            ("g0_i0_y2029".into(), "85%".into()),
            ("g0_i0_computation".into(), "Pemilih yang memilih ÷ DPT × 100%".into()),
            ("g0_i0_source".into(), "Rekapitulasi hasil pemilu".into()),
            ("g1_indicators".into(), "1".into()),
            ("g1_text".into(), "".into()),
            ("g1_i0_text".into(), "".into()),
        ]
    };
    let read = field(&page, "read");
    let post = |fields: Vec<(String, String)>| {
        let c = planner.clone();
        let u = format!("{}/kantor/kpu-contoh/renstra", app.base);
        async move { c.post(u).form(&fields).send().await.unwrap() }
    };
    let r = post(form("1.5%", &read)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("Tujuan 1, 2025:") && body.contains("Meningkatnya partisipasi pemilih"),
        "{body}"
    );
    let r = post(form("80%", &read)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let renstra = app.store.renstra(office.id).await.unwrap().unwrap();
    assert_eq!(
        (
            renstra.from_year,
            renstra.to_year,
            renstra.missions.len(),
            renstra.goals.len()
        ),
        (Year::of(2025), Year::of(2029), 2, 1)
    );
    assert_eq!(renstra.goals[0].indicators[0].targets.len(), 2);
    assert_eq!(
        (
            renstra.goals[0].indicators[0].computation.as_deref(),
            renstra.goals[0].indicators[0].data_source.as_deref()
        ),
        (
            Some("Pemilih yang memilih ÷ DPT × 100%"),
            Some("Rekapitulasi hasil pemilu")
        )
    );
    // The same form again: the Renstra changed since it was read.
    let r = post(form("81%", &read)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(app.store.renstra(office.id).await.unwrap().unwrap(), renstra);
}

/// Budget realisation: planners enter what each line has spent; the dashboard shows absorption.
#[tokio::test]
pub(crate) async fn budget_spending_is_entered_and_absorption_shown() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let plan_url = format!("{}/kantor/kpu-contoh/rencana?unit=komisi&tahun=2024", app.base);
    let (_, page) = text(&planner, plan_url.clone()).await;
    assert!(
        page.contains("name=\"realised_0\"") && page.contains("Rp 12.692.171.000"),
        "{page}"
    );
    let post = |a: &str, b: &str| {
        let c = planner.clone();
        let url = format!("{}/kantor/kpu-contoh/rencana", app.base);
        let form = vec![
            ("csrf", field(&page, "csrf")),
            ("tahun", "2024".to_string()),
            ("unit", "komisi".to_string()),
            ("aksi", "budget".to_string()),
            ("reason", "uji perubahan".into()),
            ("realised_0", a.to_string()),
            ("realised_1", b.to_string()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post("Rp 12.500.000.000", "satu miliar").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Program Dukungan Manajemen: &#39;satu miliar&#39; bukan angka")
    );
    let r = post("Rp 12.500.000.000", "1.000.000.000").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // (12.500.000.000 + 1.000.000.000) / (12.692.171.000 + 2.842.223.000) = 86,9038…%
    let (_, dashboard) = text(&planner, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    let summary = &dashboard[dashboard.find("Serapan anggaran").unwrap()..];
    assert!(summary[..200].contains("<strong>86,9%</strong>"), "{}", &summary[..200]);
    // An operator cannot.
    let op = app.signed_in("operator").await;
    let (_, p) = text(&op, plan_url).await;
    assert!(!p.contains("name=\"realised_0\""));
}

/// A planner ticks the indicators each budget line funds; the LKj measures that line's
/// efficiency by them and names them in a note; a line of another unit, or a made-up id, is
/// refused and nothing changes.
#[tokio::test]
pub(crate) async fn budget_lines_are_linked_to_the_indicators_they_fund() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let komisi = plan.find_unit("komisi").unwrap().id;
    let planner = app.signed_in("planner").await;
    let plan_url = format!("{}/kantor/kpu-contoh/rencana?unit=komisi&tahun=2024", app.base);
    let (_, page) = text(&planner, plan_url.clone()).await;
    assert!(page.contains("Indikator yang didanai") && page.contains("belum dikaitkan"));
    // The first indicator offered for line 0.
    let marker = "name=\"link_0\" value=\"";
    let at = page.find(marker).expect("checkboxes for line 0") + marker.len();
    let id: kinerja_domain::model::IndicatorId = page[at..at + page[at..].find('"').unwrap()].parse().unwrap();
    let indicator = plan.indicators.iter().find(|i| i.id == id).unwrap().text.clone();
    let post = |pairs: Vec<(&'static str, String)>| {
        let c = planner.clone();
        let url = format!("{}/kantor/kpu-contoh/rencana", app.base);
        let mut form = vec![
            ("csrf", field(&page, "csrf")),
            ("tahun", "2024".to_string()),
            ("unit", "komisi".to_string()),
            ("aksi", "budget_links".to_string()),
            ("reason", "uji perubahan".into()),
        ];
        form.extend(pairs);
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post(vec![("link_0", id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let links = |plan: &kinerja_domain::model::YearPlan| -> Vec<Vec<kinerja_domain::model::IndicatorId>> {
        plan.budget
            .iter()
            .filter(|b| b.unit == komisi)
            .map(|b| b.indicators.clone())
            .collect()
    };
    let after = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    assert_eq!(links(&after), vec![vec![id], vec![]]);
    // Refused, nothing changed: a line the unit does not have, an id that is not a number.
    let r = post(vec![("link_7", id.to_string())]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(vec![("link_0", "satu".into())]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(vec![("link_1", "999999".into())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        links(&app.store.year_plan(office.id, Year::of(2024)).await.unwrap()),
        vec![vec![id], vec![]]
    );
    let (_, page) = text(&planner, plan_url).await;
    assert!(page.contains("1 indikator"), "the line says how many it funds");
    let docx = planner
        .get(format!("{}/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let xml = docx_text(&docx);
    let note = format!("dari 1 indikator yang didanainya (\u{201c}{indicator}\u{201d})");
    assert!(
        xml.contains(&note.replace('&', "&amp;")) || xml.contains(&note),
        "the LKj names what the line funds"
    );
}

/// The head signs the PK of a unit under them (place, date, both parties); not a unit above
/// them; an operator not at all.
#[tokio::test]
pub(crate) async fn heads_sign_the_pk_of_their_units() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let person = |code: &str| plan.people.iter().find(|p| p.code == code).unwrap().id.to_string();
    let head = app.signed_in("sekretaris").await;
    let url = format!("{}/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024", app.base);
    let (_, page) = text(&head, url.clone()).await;
    assert!(page.contains("value=\"sign\""), "the head may sign");
    let csrf = field(&page, "csrf");
    let sign = |unit: &str, date: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("tahun", "2024".to_string()),
            ("unit", unit.to_string()),
            ("aksi", "sign".to_string()),
            ("place", "Contoh".to_string()),
            ("date", date.to_string()),
            ("first", person("kasubbag")),
            ("second", person("ketua")),
        ]
    };
    let post = |c: &reqwest::Client, form: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = format!("{}/kantor/kpu-contoh/rencana", app.base);
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post(&head, sign("subbag-rendatin", "11-01-2024")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post(&head, sign("subbag-rendatin", "2024-01-11")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&head, url.clone()).await;
    assert!(page.contains("Ditandatangani: Contoh, 11 Januari 2024"), "{page}");
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let signed = app
        .store
        .year_plan(office.id, Year::of(2024))
        .await
        .unwrap()
        .unit_year(unit)
        .unwrap()
        .pk_signed
        .clone()
        .unwrap();
    assert_eq!(signed.date.map(|d| d.to_string()).as_deref(), Some("2024-01-11"));
    // The commission is above the Sekretaris: not theirs to sign.
    let r = post(&head, sign("komisi", "2024-01-11")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let op = app.signed_in("operator").await;
    let (_, p) = text(&op, url).await;
    assert!(!p.contains("value=\"sign\""));
    let mut form = sign("subbag-rendatin", "2024-01-12");
    form[0].1 = field(&p, "csrf");
    let r = post(&op, form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// The plan page shows one section at a time: the tree when no unit is named, the PK editor of
/// a unit named, the checks with their filter by severity and unit; the RAK grid heads each
/// indicator's actions with the indicator whole; the indicator's settings carry their help.
#[tokio::test]
async fn the_plan_page_shows_one_section_at_a_time_and_filters_findings() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let planner = app.signed_in("planner").await;
    let sections = |page: &str| {
        ["pohon", "pemeriksaan", "pk"]
            .into_iter()
            .filter(|s| page.contains(&format!("<section class=\"card\" id=\"{s}\"")))
            .collect::<Vec<_>>()
    };
    let current = |page: &str| {
        let at = page.find("aria-current=\"page\"").expect("a tab is current");
        let start = page[..at].rfind("bagian=").unwrap() + 7;
        page[start..].split('&').next().unwrap().to_string()
    };
    let page = text(&planner, url("/kantor/kpu-contoh/rencana?tahun=2024")).await.1;
    assert_eq!((sections(&page), current(&page)), (vec!["pohon"], "pohon".to_string()));
    assert!(page.contains("<details class=\"tree-objective\" open>"), "{page}");
    let page = text(
        &planner,
        url("/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024"),
    )
    .await
    .1;
    assert_eq!((sections(&page), current(&page)), (vec!["pk"], "pk".to_string()));
    for help in [
        "Naik: capaian = realisasi ÷ target.",
        "Hanya untuk polaritas rentang",
        "Capaian tidak dilaporkan di atas persentase ini",
        "kosong: semua indikator sasaran sama bobotnya",
    ] {
        assert!(page.contains(help), "{help}");
    }

    // The checks: every finding, then those of one severity, then of one unit.
    let checks = |q: &str| {
        let planner = planner.clone();
        let u = url(&format!("/kantor/kpu-contoh/rencana?bagian=pemeriksaan&tahun=2024{q}"));
        async move { text(&planner, u).await.1 }
    };
    let rows = |page: &str, class: &str| page.matches(&format!("<tr class=\"finding-{class}\">")).count();
    let all = checks("").await;
    assert_eq!(sections(&all), vec!["pemeriksaan"]);
    let (errors, warnings, infos) = (rows(&all, "error"), rows(&all, "warning"), rows(&all, "info"));
    assert!(errors + warnings > 0, "the sample has findings: {all}");
    let total = errors + warnings + infos;
    assert!(
        all.contains(&format!("{total} dari {total} temuan ditampilkan.")),
        "{all}"
    );
    let only = checks("&tingkat=warning").await;
    assert_eq!(
        (rows(&only, "warning"), rows(&only, "error"), rows(&only, "info")),
        (warnings, 0, 0)
    );
    assert!(only.contains(&format!("{warnings} dari {total} temuan ditampilkan.")));
    assert!(
        only.contains("<option value=\"warning\" selected>"),
        "the choice is kept"
    );
    let sub = checks("&unit_temuan=subbag-rendatin").await;
    let shown = rows(&sub, "error") + rows(&sub, "warning") + rows(&sub, "info");
    assert!(shown < total, "{shown} of {total}");
    let table = &sub[sub.find("<tbody>").unwrap()..sub.find("</tbody>").unwrap()];
    assert_eq!(
        table.matches("unit=subbag-rendatin").count(),
        shown,
        "every row is the unit's: {table}"
    );
    let none = checks("&tingkat=info&unit_temuan=komisi").await;
    if rows(&none, "info") == 0 {
        assert!(none.contains("Tidak ada temuan dengan pilihan ini."), "{none}");
    }

    // The RAK grid: each indicator whole above its actions, chosen by its number.
    let rak = text(
        &planner,
        url("/kantor/kpu-contoh/rencana/rak?unit=subbag-rendatin&tahun=2024"),
    )
    .await
    .1;
    let plan = app
        .store
        .year_plan(
            app.store.find_office("kpu-contoh").await.unwrap().unwrap().id,
            Year::of(2024),
        )
        .await
        .unwrap();
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let first = plan
        .objectives_of(unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .find(|i| plan.actions.iter().any(|a| a.indicator == i.id))
        .expect("an indicator with actions");
    let n = plan
        .objectives_of(unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .position(|i| i.id == first.id)
        .unwrap()
        + 1;
    assert!(
        rak.contains(&format!("scope=\"colgroup\">{n}. {}", first.text)),
        "{rak}"
    );
    assert!(rak.contains(&format!(">{n}. {}</option>", first.text)));
    assert!(rak.contains("Kegiatan baru (pilih nomor indikatornya di kolom pertama)"));

    // A target that cannot be read says so, with how to write one, and no instruction the
    // page does not offer.
    let editor = text(
        &planner,
        url("/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024"),
    )
    .await
    .1;
    let r = submit(
        &planner,
        url("/kantor/kpu-contoh/rencana"),
        &[
            ("csrf", field(&editor, "csrf")),
            ("tahun", "2024".to_string()),
            ("unit", "subbag-rendatin".to_string()),
            ("aksi", "add_indicator".to_string()),
            ("objective", plan.objectives_of(unit).next().unwrap().id.to_string()),
            ("text", "Jumlah arsip".to_string()),
            ("pk_target", "abc".to_string()),
            ("polarity", "higher_is_better".to_string()),
            ("rollup", "sum".to_string()),
            ("reason", "uji".to_string()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text().await.unwrap();
    assert!(
        refused.contains("“abc” tidak dapat dibaca sebagai target. Contoh: 95%, 12 laporan, Rp 1.500.000 atau BB"),
        "{refused}"
    );
    assert!(!refused.contains("tandai sebagai teks"));
}
