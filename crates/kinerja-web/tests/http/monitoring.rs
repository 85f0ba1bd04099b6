//! Monthly monitoring: entering, returning and verifying a month, evidence files, the dashboard, deadlines, actions done or not, comments.

use super::*;
use kinerja_domain::model::Year;

/// The operator enters July, gets a clear error for a bad value, submits; the Sekretaris returns
/// it with a reason, the operator corrects and submits, the Sekretaris verifies; it is locked.
#[tokio::test]
pub(crate) async fn a_month_is_entered_returned_corrected_and_verified() {
    let app = app().await;
    let op = app.signed_in("operator").await;
    let page = text(&op, format!("{}{MONITOR}", app.base)).await.1;
    assert!(
        page.contains("Pemantauan: Subbagian Perencanaan, Data dan Informasi — Juli 2024"),
        "{page}"
    );
    assert!(page.contains("Jumlah laporan monitoring") && page.contains("Belum diisi"));
    let indicator = field(&page, "indicator");
    let csrf = field(&page, "csrf");
    let save = |value: &str, version: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("indicator", indicator.clone()),
            ("unit", "subbag-rendatin".into()),
            ("periode", "B7".into()),
            ("tahun", "2024".into()),
            ("version", version.into()),
            ("value", value.into()),
            ("obstacles", "Jaringan lambat".into()),
            ("follow_up", "Koordinasi dengan penyedia".into()),
        ]
    };
    // A value the parser refuses: the error next to the field, what was typed kept, nothing saved.
    let bad = submit(
        &op,
        format!("{}/kantor/kpu-contoh/pantau", app.base),
        &save("1.5 laporan", "0"),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = bad.text().await.unwrap();
    assert!(bad.contains("titik memisahkan ribuan"), "{bad}");
    assert!(
        bad.contains("Isi seperti targetnya: "),
        "how to write it, from the target: {bad}"
    );
    assert!(bad.contains("value=\"1.5 laporan\""));
    assert!(bad.contains("Belum diisi"));
    // Words that are no figure: said for people, with the indicator's target as the example.
    let words = submit(&op, format!("{}/kantor/kpu-contoh/pantau", app.base), &save("abc", "0")).await;
    assert_eq!(words.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let words = words.text().await.unwrap();
    assert!(
        words.contains("“abc” tidak dapat dibaca sebagai capaian. Isi seperti targetnya: ")
            && !words.contains("tandai sebagai teks"),
        "{words}"
    );
    let ok = submit(
        &op,
        format!("{}/kantor/kpu-contoh/pantau", app.base),
        &save("1 laporan", "0"),
    )
    .await;
    assert_eq!(
        (ok.status(), location(&ok)),
        (StatusCode::SEE_OTHER, MONITOR.to_string())
    );
    // A second save with the version read before the first: refused, current value shown.
    let stale = submit(
        &op,
        format!("{}/kantor/kpu-contoh/pantau", app.base),
        &save("3 laporan", "0"),
    )
    .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let stale = stale.text().await.unwrap();
    assert!(
        stale.contains("sudah diubah orang lain") && stale.contains("value=\"1 laporan\""),
        "{stale}"
    );
    let page = text(&op, format!("{}{MONITOR}", app.base)).await.1;
    assert!(page.contains("Draf") && page.contains("Jaringan lambat"));
    let r = submit(
        &op,
        format!("{}/kantor/kpu-contoh/pantau/status", app.base),
        &status(&page, "submit", ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The operator cannot verify their own entry.
    let page = text(&op, format!("{}{MONITOR}", app.base)).await.1;
    assert!(page.contains("Diajukan") && !page.contains("value=\"verify\""));

    returned_corrected_and_verified(&app, &op, &save).await;
    // The audit log names each step and who took it.
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let log = app.store.audit_log(Some(office.id), 20).await.unwrap();
    let steps: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.entity == "realisation")
        .map(|e| (e.actor.clone(), e.action.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            ("sekretaris", "verify"),
            ("operator", "submit"),
            ("operator", "update"),
            ("sekretaris", "return"),
            ("operator", "submit"),
            ("operator", "create")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

/// A form's fields.
type Form = Vec<(&'static str, String)>;

/// The workflow form of the realisation on `page`: submit, verify, return (with `reason`).
pub(crate) fn status(page: &str, action: &str, reason: &str) -> Form {
    vec![
        ("csrf", field(page, "csrf")),
        ("realisation", field(page, "realisation")),
        (
            "version",
            field(
                &page[page.find("action=\"/kantor/kpu-contoh/pantau/status\"").unwrap()..],
                "version",
            ),
        ),
        ("unit", "subbag-rendatin".into()),
        ("periode", "B7".into()),
        ("tahun", "2024".into()),
        ("action", action.into()),
        ("reason", reason.into()),
    ]
}

/// The head returns the month (a reason required), the operator corrects and submits it again,
/// the head verifies it: the period is locked.
async fn returned_corrected_and_verified(app: &TestApp, op: &reqwest::Client, save: &dyn Fn(&str, &str) -> Form) {
    let head = app.signed_in("sekretaris").await;
    let page = text(&head, format!("{}{MONITOR}", app.base)).await.1;
    assert!(page.contains("value=\"verify\"") && page.contains("value=\"return\""));
    let no_reason = submit(
        &head,
        format!("{}/kantor/kpu-contoh/pantau/status", app.base),
        &status(&page, "return", " "),
    )
    .await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_reason = no_reason.text().await.unwrap();
    // On the card of the figure, not at the top of the page.
    assert!(
        no_reason.contains("<p class=\"error\">Alasan wajib diisi") && !no_reason.contains("role=\"alert\">Alasan"),
        "{no_reason}"
    );
    let r = submit(
        &head,
        format!("{}/kantor/kpu-contoh/pantau/status", app.base),
        &status(&page, "return", "Bukti dukung belum ada"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let page = text(op, format!("{}{MONITOR}", app.base)).await.1;
    assert!(page.contains("Dikembalikan") && page.contains("Bukti dukung belum ada"));
    let version = field(&page[page.find("class=\"realisation\"").unwrap()..], "version");
    let r = submit(
        op,
        format!("{}/kantor/kpu-contoh/pantau", app.base),
        &save("2 laporan", &version),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = text(op, format!("{}{MONITOR}", app.base)).await.1;
    op.post(format!("{}/kantor/kpu-contoh/pantau/status", app.base))
        .form(&status(&page, "submit", ""))
        .send()
        .await
        .unwrap();

    let page = text(&head, format!("{}{MONITOR}", app.base)).await.1;
    let r = submit(
        &head,
        format!("{}/kantor/kpu-contoh/pantau/status", app.base),
        &status(&page, "verify", ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = text(op, format!("{}{MONITOR}", app.base)).await.1;
    assert!(page.contains("Terverifikasi (terkunci)"));
    assert!(
        !page.contains("class=\"realisation\""),
        "a verified period is locked: no form"
    );
}

#[tokio::test]
pub(crate) async fn monitoring_of_another_office_is_not_found_and_writes_nothing() {
    let app = app().await;
    let c = app.signed_in("orang.lain").await;
    let page = c.get(format!("{}{MONITOR}", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    // A forged post with a real indicator id of the other office.
    let own = text(&c, format!("{}/kantor/kpu-lain?tahun=2024", app.base)).await.1;
    let csrf = field(&own, "csrf");
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let target = plan
        .indicators
        .iter()
        .find(|i| i.text == "Jumlah laporan monitoring")
        .unwrap()
        .id
        .to_string();
    let form = [
        ("csrf", csrf.as_str()),
        ("indicator", &target),
        ("unit", "subbag-rendatin"),
        ("periode", "B8"),
        ("tahun", "2024"),
        ("version", "0"),
        ("value", "9 laporan"),
    ];
    for path in ["/kantor/kpu-lain/pantau", "/kantor/kpu-contoh/pantau"] {
        let r = c.post(format!("{}{path}", app.base)).form(&form).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let after = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    assert_eq!(after.realisations.len(), plan.realisations.len(), "nothing was written");
}

/// The monitoring form as the page posts it: multipart, with files.
pub(crate) fn multipart_save(
    page: &str,
    value: &str,
    files: Vec<(&str, Vec<u8>)>,
    remove: &[&str],
) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for name in ["csrf", "indicator", "unit", "periode", "tahun", "version"] {
        form = form.text(name, field(page, name));
    }
    form = form.text("value", value.to_string());
    for r in remove {
        form = form.text("hapus", r.to_string());
    }
    for (name, bytes) in files {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str("application/pdf")
            .unwrap();
        form = form.part("bukti", part);
    }
    form
}

pub(crate) fn pdf(size: usize) -> Vec<u8> {
    let mut b = b"%PDF-1.4\n".to_vec();
    b.resize(size, b'x');
    b
}

/// Evidence: a PDF is uploaded with the figure, listed, and served back whole; files whose bytes
/// are not an accepted type, or too large, are refused with a message and nothing is saved; a
/// file can be removed from the realisation; another office's user cannot fetch it.
#[tokio::test]
pub(crate) async fn evidence_files_are_checked_stored_served_and_scoped() {
    let app = app().await;
    let op = app.signed_in("operator").await;
    let get = |c: &reqwest::Client, path: String| {
        let c = c.clone();
        async move { c.get(path).send().await.unwrap() }
    };
    let page = get(&op, format!("{}{MONITOR}", app.base)).await.text().await.unwrap();
    assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("paling besar 64 KB per berkas"));
    let post = |form: reqwest::multipart::Form| {
        let op = op.clone();
        let url = format!("{}/kantor/kpu-contoh/pantau", app.base);
        async move { op.post(url).multipart(form).send().await.unwrap() }
    };
    let body = pdf(3000);
    let r = post(multipart_save(
        &page,
        "1 laporan",
        vec![("Laporan Juli 2024.pdf", body.clone())],
        &[],
    ))
    .await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, MONITOR.to_string()));
    let page = get(&op, format!("{}{MONITOR}", app.base)).await.text().await.unwrap();
    assert!(
        page.contains(">Laporan Juli 2024.pdf</a>") && page.contains("(3 KB)"),
        "{page}"
    );
    let href = "/kantor/kpu-contoh/bukti/";
    let at = page.find(href).unwrap() + href.len();
    let name = page[at..at + page[at..].find('"').unwrap()].to_string();
    assert!(name.ends_with(".pdf") && name.len() == 36, "{name}");
    let file = get(&op, format!("{}{href}{name}", app.base)).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    let disposition = file.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.starts_with("inline;") && disposition.contains("Laporan%20Juli%202024.pdf"),
        "{disposition}"
    );
    assert_eq!(file.bytes().await.unwrap().to_vec(), body);
    let stored = |app: &TestApp| {
        let store = app.store.clone();
        async move {
            let office = store.find_office("kpu-contoh").await.unwrap().unwrap();
            let plan = store.year_plan(office.id, Year::of(2024)).await.unwrap();
            plan.realisations
                .into_iter()
                .find(|r| r.period == kinerja_domain::period::Period::Month(7))
                .unwrap()
        }
    };
    let saved = stored(&app).await;
    assert_eq!((saved.value.raw(), saved.evidence.len()), ("1 laporan", 1));
    // An executable named .pdf: refused by its bytes; the typed value is kept, nothing changes.
    let r = post(multipart_save(
        &page,
        "2 laporan",
        vec![("bukti.pdf", b"MZ\x90\x00program".to_vec())],
        &[],
    ))
    .await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let text = r.text().await.unwrap();
    assert!(
        text.contains("bukti.pdf: jenis berkas tidak diterima") && text.contains("pilih lagi"),
        "{text}"
    );
    assert!(text.contains("value=\"2 laporan\""));
    // Over the per-file limit (64 KB here): refused with the limit named.
    let r = post(multipart_save(
        &page,
        "2 laporan",
        vec![("besar.pdf", pdf(70 * 1024))],
        &[],
    ))
    .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("besar.pdf: berkas lebih besar dari batas 64 KB.")
    );
    // Over what a whole save may carry: the request itself is refused with a message.
    let r = post(multipart_save(
        &page,
        "2 laporan",
        vec![("sangat-besar.pdf", pdf(700 * 1024))],
        &[],
    ))
    .await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("Kiriman terlalu besar"));
    let after = stored(&app).await;
    assert_eq!(after, saved, "refused saves change nothing");
    let files_on_disk = || std::fs::read_dir(app._dir.path().join("berkas")).unwrap().count();
    assert_eq!(files_on_disk(), 1, "refused files are not kept");
    // Another office's planner: not found, whichever office the path names.
    let other = app.signed_in("orang.lain").await;
    for path in [format!("{href}{name}"), format!("/kantor/kpu-lain/bukti/{name}")] {
        let r = get(&other, format!("{}{path}", app.base)).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Names that are not generated ones never reach the disk.
    for bad in ["..%2Fk.db", "k.db", "x.pdf"] {
        let r = get(&op, format!("{}{href}{bad}", app.base)).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{bad}");
    }
    // Removing the file from the realisation keeps the bytes (the audit log names them).
    let r = post(multipart_save(&page, "1 laporan", vec![], &[&name])).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(stored(&app).await.evidence.is_empty());
    assert_eq!(files_on_disk(), 1);
}

/// The office dashboard: summary, reporting status with who is late, and every chart as SVG.
#[tokio::test]
pub(crate) async fn the_dashboard_shows_reporting_status_and_charts() {
    let app = app().await;
    let op = app.signed_in("operator").await;
    let (status, page) = text(&op, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    for part in [
        "Status pelaporan",
        "Belum melapor melewati batas waktu",
        r#"aria-label="Capaian per unit""#,
        r#"aria-label="Capaian per sasaran""#,
        r#"aria-label="Indikator per kategori""#,
        r#"aria-label="Serapan anggaran dan capaian kinerja per unit""#,
        "Laporan terlambat",
    ] {
        assert!(page.contains(part), "{part} missing");
    }
    // The sample has March and June realisations of Subbag Rendatin: the trend starts in March.
    assert!(
        page.contains(r#"aria-label="Tren capaian bulanan (s.d. bulan)""#),
        "trend"
    );
    // It stops at June, the last month with a figure; April and May, without one, are marked
    // as missing rather than drawn as March carried on.
    assert!(
        page.contains("<title>Apr: belum ada capaian yang diisi untuk periode ini</title>"),
        "{page}"
    );
    assert!(
        page.contains("<title>Jun: ") && !page.contains("<title>Jul: "),
        "{page}"
    );
    // Under each chart (the budget's too), its figures as a table; objectives with their unit.
    assert_eq!(
        page.matches(r#"<details class="chart-data"><summary>Lihat angkanya sebagai tabel</summary>"#)
            .count(),
        5
    );
    assert!(
        page.contains("<td>Subbagian Perencanaan, Data dan Informasi</td><td>"),
        "{page}"
    );
    assert!(
        page.contains("<td>Apr</td><td>belum ada capaian yang diisi untuk periode ini</td>"),
        "{page}"
    );
    // Each grid cell links to the monitoring page of its unit and period.
    assert!(page.contains("/kantor/kpu-contoh/pantau?unit=subbag-rendatin&amp;periode=B3&amp;tahun=2024"));
    // 2024 is over: every month without a full report is late; the late list names the unit.
    let late = &page[page.find("<ul class=\"late\">").unwrap()..];
    let late = &late[..late.find("</ul>").unwrap()];
    assert!(
        late.contains("Subbagian Perencanaan") && late.contains("Januari"),
        "{late}"
    );
    // Nothing of the other office appears.
    assert!(!page.contains("KPU Kota Lain"));
}

/// Deadlines: everyone who reads the office sees them; planners set them, with every bad date
/// refused next to its field and nothing written; the audit log keeps the change and its reason.
#[tokio::test]
pub(crate) async fn deadlines_are_set_by_planners_checked_and_audited() {
    let app = app().await;
    let url = format!("{}/kantor/kpu-contoh/batas?tahun=2024", app.base);
    let op = app.signed_in("operator").await;
    let (status, page) = text(&op, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("10 Februari 2024") && page.contains("28 Februari 2025"));
    assert!(!page.contains("type=\"date\""), "an operator cannot change deadlines");
    let csrf = field(&page, "csrf");
    let post = |c: &reqwest::Client, fields: Vec<(&str, &str)>| {
        let c = c.clone();
        let url = format!("{}/kantor/kpu-contoh/batas", app.base);
        let fields: Vec<(String, String)> = fields.into_iter().map(|(a, b)| (a.into(), b.into())).collect();
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    let r = post(&op, vec![("csrf", &csrf), ("tahun", "2024"), ("due_B1", "2024-02-05")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let planner = app.signed_in("planner").await;
    let (_, page) = text(&planner, url.clone()).await;
    assert!(page.contains("type=\"date\" name=\"due_B1\""));
    let csrf = field(&page, "csrf");
    // A date before its month ends, and a date that is not one: both refused, typed text kept.
    let r = post(
        &planner,
        vec![
            ("csrf", &csrf),
            ("tahun", "2024"),
            ("due_B1", "2024-02-05"),
            ("due_B2", "2024-02-15"),
            ("due_B3", "besok"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("tidak boleh sebelum periode berakhir"), "{page}");
    assert!(
        page.contains("&#39;besok&#39; is not a date") || page.contains("'besok' is not a date"),
        "{page}"
    );
    assert!(page.contains("value=\"2024-02-15\"") && page.contains("value=\"besok\""));
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    assert!(
        app.store.deadlines(office.id, Year::of(2024)).await.unwrap().is_empty(),
        "nothing written"
    );
    let r = post(
        &planner,
        vec![
            ("csrf", &csrf),
            ("tahun", "2024"),
            ("due_B1", "2024-02-05"),
            ("due_B2", ""),
            ("reason", "Rapat koordinasi 3 Januari"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(
        &planner,
        location(&r).replace("/kantor", &format!("{}/kantor", app.base)),
    )
    .await;
    assert!(
        page.contains("Tersimpan.") && page.contains("<strong>5 Februari 2024</strong>"),
        "{page}"
    );
    let saved = app.store.deadlines(office.id, Year::of(2024)).await.unwrap();
    assert_eq!(saved.len(), 1);
    let log = app.store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(log[0].reason.as_deref(), Some("Rapat koordinasi 3 Januari"));
    assert_eq!(log[0].actor, "planner");
    // Another office's planner: not found, and nothing written.
    let other = app.signed_in("orang.lain").await;
    let (status, _) = text(&other, url).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, own) = text(&other, format!("{}/kantor/kpu-lain/batas?tahun=2024", app.base)).await;
    let their_csrf = field(&own, "csrf");
    let r = post(
        &other,
        vec![("csrf", &their_csrf), ("tahun", "2024"), ("due_B1", "2024-03-01")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.store.deadlines(office.id, Year::of(2024)).await.unwrap(), saved);
}

/// Actions scheduled in a period: the operator reports each done or not done, with a note.
#[tokio::test]
pub(crate) async fn scheduled_actions_are_reported_done_or_not() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let unit = plan.find_unit("subbag-rendatin").unwrap().id;
    let mine: Vec<kinerja_domain::model::IndicatorId> = plan
        .objectives_of(unit)
        .flat_map(|o| plan.indicators_of(o.id))
        .map(|i| i.id)
        .collect();
    let action = plan
        .actions
        .iter()
        .find(|a| {
            mine.contains(&a.indicator)
                && !a.schedule.periods.is_empty()
                && a.schedule.kind == kinerja_domain::period::PeriodKind::Month
        })
        .expect("a scheduled action of Subbag Rendatin");
    let month = action.schedule.periods[0];
    let url = format!(
        "{}/kantor/kpu-contoh/pantau?unit=subbag-rendatin&periode=B{month}&tahun=2024",
        app.base
    );
    let op = app.signed_in("operator").await;
    let (_, page) = text(&op, url.clone()).await;
    assert!(
        page.contains(&format!("id=\"kegiatan-{}\"", action.id)) && page.contains("Belum dilaporkan"),
        "{page}"
    );
    let form = vec![
        ("csrf", field(&page, "csrf")),
        ("kegiatan", action.id.to_string()),
        ("done", "1".to_string()),
        ("note", "Rapat 12 Maret, notula terlampir".to_string()),
        ("unit", "subbag-rendatin".to_string()),
        ("periode", format!("B{month}")),
        ("tahun", "2024".to_string()),
    ];
    let post = format!("{}/kantor/kpu-contoh/pantau/kegiatan", app.base);
    let r = op.post(&post).form(&form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = text(&op, url.clone()).await;
    assert!(
        page.contains("✓ Terlaksana") && page.contains("Rapat 12 Maret, notula terlampir"),
        "{page}"
    );
    // An answer that is neither done nor not done is refused.
    let mut bad = form.clone();
    bad[2].1 = "mungkin".into();
    let r = op.post(&post).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Oversight sees it, without the buttons.
    let province = app.signed_in("provinsi").await;
    let (_, seen) = text(&province, url).await;
    assert!(seen.contains("✓ Terlaksana") && !seen.contains("action-progress"));
    let log = app.store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(
        (log[0].entity.as_str(), log[0].actor.as_str()),
        ("action_progress", "operator")
    );
}

/// The reviewer (APIP) reads everything of the office and comments, without changing figures;
/// oversight from above does not comment.
#[tokio::test]
pub(crate) async fn reviewers_comment_without_changing_figures() {
    let app = app().await;
    let reviewer = app.signed_in("reviu").await;
    let (status, page) = text(&reviewer, format!("{}{MONITOR}", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !page.contains("class=\"realisation\""),
        "no realisation form for a reviewer"
    );
    assert!(page.contains("class=\"comment-form\""));
    let indicator = field(&page, "indicator");
    let csrf = field(&page, "csrf");
    let post = |body: &str| {
        let c = reviewer.clone();
        let url = format!("{}/kantor/kpu-contoh/pantau/komentar", app.base);
        let form = vec![
            ("csrf", csrf.clone()),
            ("indicator", indicator.clone()),
            ("body", body.to_string()),
            ("unit", "subbag-rendatin".to_string()),
            ("periode", "B7".to_string()),
            ("tahun", "2024".to_string()),
        ];
        async move { c.post(url).form(&form).send().await.unwrap() }
    };
    let r = post("   ").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("the comment is empty"));
    let r = post("Notula rapat Juli belum dilampirkan.").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let op = app.signed_in("operator").await;
    let (_, seen) = text(&op, format!("{}{MONITOR}", app.base)).await;
    assert!(
        seen.contains("<strong>Nama reviu</strong>") && seen.contains("Notula rapat Juli belum dilampirkan."),
        "{seen}"
    );
    let province = app.signed_in("provinsi").await;
    let (_, above) = text(&province, format!("{}{MONITOR}", app.base)).await;
    assert!(above.contains("Notula rapat Juli") && !above.contains("comment-form"));
}
