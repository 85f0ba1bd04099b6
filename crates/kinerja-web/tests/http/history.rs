//! "Riwayat perubahan": the history of a figure for who reads the office, linked from its card;
//! the office's whole log, filtered and paged, for admins, planners, reviewers and oversight,
//! not operators; a signed PK changed only with a reason, which the history keeps.

use super::*;
use kinerja_domain::model::{Signature, Year};
use kinerja_store::PlanEdit;

/// The rows of a history page's table.
fn rows(page: &str) -> usize {
    page.find("<tbody>")
        .map(|at| page[at..page.find("</tbody>").unwrap()].matches("<tr>").count())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_figures_history_says_who_changed_what_and_why() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let (op, head) = (app.signed_in("operator").await, app.signed_in("sekretaris").await);
    let page = text(&op, url(MONITOR)).await.1;
    assert_eq!(
        submit(&op, url("/kantor/kpu-contoh/pantau"), &july_figure(&page, "1 laporan"))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let page = text(&op, url(MONITOR)).await.1;
    submit(
        &op,
        url("/kantor/kpu-contoh/pantau/status"),
        &crate::monitoring::status(&page, "submit", ""),
    )
    .await;
    let page = text(&head, url(MONITOR)).await.1;
    submit(
        &head,
        url("/kantor/kpu-contoh/pantau/status"),
        &crate::monitoring::status(&page, "return", "Bukti dukung belum ada"),
    )
    .await;
    // The card links its history; the operator opens it.
    let page = text(&op, url(MONITOR)).await.1;
    let at = page
        .find("class=\"small history-links\"")
        .expect("the card links its history");
    let link = &page[at..];
    let href = link[link.find("href=\"").unwrap() + 6..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    assert!(href.contains("entitas=realisation") && href.contains("/B7"), "{href}");
    let (status, history) = text(&op, url(&href)).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert_eq!(rows(&history), 3, "entered, submitted, returned: {history}");
    for part in [
        "Riwayat perubahan: Capaian ",
        "— Juli",
        "Nama sekretaris",
        "Nama operator",
        "dikembalikan",
        "Bukti dukung belum ada",
        "<del>Diajukan</del> → <ins>Dikembalikan</ins>",
        "<strong>Nilai</strong>: <ins>1 laporan</ins>",
        " WIB</td>",
    ] {
        assert!(history.contains(part), "{part}\n{history}");
    }
    // Every period of the indicator: the same three (only July was entered).
    let all = href.replace("/B7", "/");
    assert_eq!(rows(&text(&op, url(&all)).await.1), 3);

    // The whole log is not the operator's; it is the reviewer's, with its filter.
    let (status, page) = text(&op, url("/kantor/kpu-contoh/riwayat?tahun=2024")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("riwayat seluruh kantor hanya untuk admin, perencana, reviu (APIP) dan pengawasan"));
    let reviewer = app.signed_in("reviu").await;
    let whole = text(&reviewer, url("/kantor/kpu-contoh/riwayat?tahun=2024")).await.1;
    assert!(whole.contains("id=\"jenis\""), "the filter: {whole}");
    assert!(rows(&whole) > 3, "{whole}");
    let figures = text(&reviewer, url("/kantor/kpu-contoh/riwayat?tahun=2024&jenis=capaian"))
        .await
        .1;
    assert_eq!(rows(&figures), 3, "{figures}");
    let by_head = text(
        &reviewer,
        url("/kantor/kpu-contoh/riwayat?tahun=2024&pelaku=sekretaris"),
    )
    .await
    .1;
    assert_eq!(rows(&by_head), 1, "{by_head}");
    let bad = text(&reviewer, url("/kantor/kpu-contoh/riwayat?tahun=2024&dari=31-01-2024"))
        .await
        .1;
    assert!(
        bad.contains("&#39;31-01-2024&#39;: bukan tanggal") || bad.contains("'31-01-2024': bukan tanggal"),
        "{bad}"
    );
    let none = text(
        &reviewer,
        url("/kantor/kpu-contoh/riwayat?tahun=2024&sampai=2000-01-01"),
    )
    .await
    .1;
    assert!(none.contains("Belum ada perubahan yang tercatat."), "{none}");
    // Oversight from the province reads it; another office's planner finds nothing.
    let province = app.signed_in("provinsi").await;
    assert_eq!(
        text(&province, url("/kantor/kpu-contoh/riwayat?tahun=2024")).await.0,
        StatusCode::OK
    );
    let other = app.signed_in("orang.lain").await;
    assert_eq!(text(&other, url(&href)).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_office_log_pages_back_fifty_at_a_time() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    for n in 0..60 {
        app.store
            .record(
                &Actor::new("test"),
                Some(office.id),
                "sign_in_wait",
                Some(&format!("orang{n}")),
                "clear",
                "uji halaman",
            )
            .await
            .unwrap();
    }
    let admin = app.signed_in("admin.contoh").await;
    let first = text(&admin, url("/kantor/kpu-contoh/riwayat?tahun=2024")).await.1;
    assert_eq!(rows(&first), 50);
    assert!(first.contains("orang59") && !first.contains("orang9<"), "newest first");
    let at = first.find("Perubahan sebelumnya").expect("a next page");
    let href = first[..at]
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let second = text(&admin, url(&href)).await.1;
    assert!(second.contains("orang9<") || second.contains("orang9 "), "{second}");
    assert!(!second.contains("orang59"), "no entry twice");
}

#[tokio::test]
async fn a_signed_pk_changes_only_with_a_reason_that_the_history_keeps() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let unit = plan.find_unit("subbag-rendatin").unwrap();
    let objective = plan.objectives_of(unit.id).next().unwrap();
    app.store
        .edit_plan(
            &Actor::new("test"),
            office.id,
            &PlanEdit::SignPk {
                unit: unit.id,
                year: Year::of(2024),
                signature: Signature {
                    place: Some("Metro".into()),
                    date: Some("2024-01-11".parse().unwrap()),
                    first: plan.people.first().map(|p| p.id),
                    second: None,
                },
            },
            "uji",
        )
        .await
        .unwrap();
    let planner = app.signed_in("planner").await;
    let plan_url = url("/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024");
    let page = text(&planner, plan_url.clone()).await.1;
    assert!(
        page.contains("Alasan perubahan (PK sudah ditandatangani)"),
        "the forms ask why"
    );
    let form = |reason: &str| {
        vec![
            ("csrf", field(&page, "csrf")),
            ("tahun", "2024".to_string()),
            ("unit", "subbag-rendatin".to_string()),
            ("aksi", "update_objective".to_string()),
            ("objective", objective.id.to_string()),
            ("text", "Meningkatnya kualitas perencanaan".to_string()),
            ("reason", reason.to_string()),
        ]
    };
    let r = submit(&planner, url("/kantor/kpu-contoh/rencana"), &form("  ")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Rencana unit ini sudah ditandatangani: tulis alasan perubahannya")
    );
    let unchanged = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    assert_eq!(unchanged.objectives_of(unit.id).next().unwrap().text, objective.text);
    let r = submit(&planner, url("/kantor/kpu-contoh/rencana"), &form("Reviu Renja 2024")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The unit's plan history, linked from the PK editor, keeps the reason.
    let page = text(&planner, plan_url).await.1;
    assert!(
        page.contains("/riwayat?unit=subbag-rendatin&#38;tahun=2024")
            || page.contains("/riwayat?unit=subbag-rendatin&amp;tahun=2024")
    );
    let history = text(
        &planner,
        url("/kantor/kpu-contoh/riwayat?unit=subbag-rendatin&tahun=2024"),
    )
    .await
    .1;
    for part in [
        "Riwayat perubahan: Rencana Subbagian Perencanaan, Data dan Informasi 2024",
        "Reviu Renja 2024",
        "Meningkatnya kualitas perencanaan",
        "Tanda tangan PK",
    ] {
        assert!(history.contains(part), "{part}\n{history}");
    }
    // The operator reads a unit plan's history (one record set), not the whole log.
    let op = app.signed_in("operator").await;
    assert_eq!(
        text(&op, url("/kantor/kpu-contoh/riwayat?unit=subbag-rendatin&tahun=2024"))
            .await
            .0,
        StatusCode::OK
    );
}
