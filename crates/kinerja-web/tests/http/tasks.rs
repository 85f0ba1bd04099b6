//! "Tugas saya": each role finds what waits for it without being told a URL — the head the
//! figures to verify, the operator what was returned (with the head's reason) and what is due
//! this week, the planner every late report — and the header counts them.

use super::*;
use kinerja_domain::model::Year;
use kinerja_domain::period::Period;
use kinerja_domain::reporting::Deadline;

/// The titles of the task lists of a page, with how many lines each holds.
fn lists(page: &str) -> Vec<(String, usize)> {
    page.split("<h3 id=\"tasks_")
        .skip(1)
        .map(|part| {
            let title = part[part.find('>').unwrap() + 1..part.find(" <span").unwrap()].to_string();
            let count = part[part.find("class=\"count\">").unwrap() + 14..]
                .split('<')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            (title, count)
        })
        .collect()
}

/// The number in the header's "Tugas saya" link.
fn badge(page: &str) -> usize {
    let at = page.find("class=\"tasks-link\"").expect("the header links the tasks");
    let part = &page[at..];
    let at = part.find("aria-label=\"").unwrap() + 12;
    part[at..].split('"').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn each_role_finds_its_tasks_and_the_header_counts_them() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    // What the sample already has waiting for the head.
    let head = app.signed_in("sekretaris").await;
    let (status, tasks) = text(&head, url("/tugas")).await;
    assert_eq!(status, StatusCode::OK);
    let before = lists(&tasks)[0].1;
    let op = app.signed_in("operator").await;
    // The operator enters July and submits it.
    let page = text(&op, url(MONITOR)).await.1;
    let form = july_figure(&page, "1 laporan");
    assert_eq!(
        submit(&op, url("/kantor/kpu-contoh/pantau"), &form).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = text(&op, url(MONITOR)).await.1;
    let r = submit(
        &op,
        url("/kantor/kpu-contoh/pantau/status"),
        &crate::monitoring::status(&page, "submit", ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The head of the secretariat (over the sub-section) has July to verify, linked; the
    // header of any office page counts it.
    let tasks = text(&head, url("/tugas")).await.1;
    assert_eq!(
        lists(&tasks)[0],
        ("Menunggu verifikasi Anda".to_string(), before + 1),
        "{tasks}"
    );
    assert!(
        tasks.contains(&format!("href=\"{}\"", MONITOR.replace('&', "&#38;"))),
        "{tasks}"
    );
    assert!(tasks.contains("1 dari 1 indikator menunggu"), "{tasks}");
    let office = text(&head, url("/kantor/kpu-contoh")).await.1;
    assert!(badge(&office) >= 1);

    // Returned with a reason: the operator finds it under "Dikembalikan kepada Anda", with why.
    let page = text(&head, url(MONITOR)).await.1;
    let r = submit(
        &head,
        url("/kantor/kpu-contoh/pantau/status"),
        &crate::monitoring::status(&page, "return", "Bukti dukung belum ada"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let tasks = text(&head, url("/tugas")).await.1;
    assert_eq!(lists(&tasks)[0].1, before, "July is no longer waiting");
    let tasks = text(&op, url("/tugas")).await.1;
    let by_title: std::collections::HashMap<String, usize> = lists(&tasks).into_iter().collect();
    assert_eq!(by_title["Dikembalikan kepada Anda"], 1, "{tasks}");
    assert!(
        tasks.contains("1 dari 1 indikator dikembalikan: Bukti dukung belum ada"),
        "{tasks}"
    );
    // 2024 is past: every scheduled period the sub-section has not submitted is late.
    let late = by_title["Terlambat"];
    assert!(late > 0, "{tasks}");
    assert_eq!(badge(&tasks), late + 1, "returned + late");

    // A deadline moved to three days from now makes that period due this week, not late.
    let first_late = {
        let at = tasks.find("data-group=\"tasks_late\"").unwrap();
        let link = &tasks[at..];
        let p = link.find("periode=").unwrap() + 8;
        link[p..].split('&').next().unwrap().parse::<Period>().unwrap()
    };
    let contoh = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let today = kinerja_store::clock::today_in(contoh.time_zone);
    let soon = today.plus_days(3).unwrap();
    app.store
        .set_deadlines(
            &Actor::new("test"),
            contoh.id,
            Year::of(2024),
            &[Deadline {
                period: first_late,
                due: soon,
            }],
            "uji",
        )
        .await
        .unwrap();
    let tasks = text(&op, url("/tugas")).await.1;
    let by_title: std::collections::HashMap<String, usize> = lists(&tasks).into_iter().collect();
    assert_eq!(
        (by_title["Batas waktu dalam 7 hari"], by_title["Terlambat"]),
        (1, late - 1),
        "{tasks}"
    );
    assert!(tasks.contains(&kinerja_domain::format::date(soon, kinerja_domain::i18n::Lang::Id)));

    // The planner chases every unit's late reports; the auditor and oversight have none, and
    // oversight is told it holds no role in an office.
    let planner = app.signed_in("planner").await;
    let tasks = text(&planner, url("/tugas")).await.1;
    let by_title: std::collections::HashMap<String, usize> = lists(&tasks).into_iter().collect();
    assert!(by_title["Terlambat"] >= late - 1, "{tasks}");
    // Nothing is returned to the planner, nor due from them: the operators enter the figures.
    assert_eq!(
        (
            by_title["Dikembalikan kepada Anda"],
            by_title["Batas waktu dalam 7 hari"]
        ),
        (0, 0),
        "{tasks}"
    );
    // Another office's planner sees that office's tasks, never this one's.
    let other = app.signed_in("orang.lain").await;
    let tasks = text(&other, url("/tugas")).await.1;
    assert!(
        tasks.contains("KPU Kota Lain") && !tasks.contains("kpu-contoh") && !tasks.contains("Kota Contoh"),
        "{tasks}"
    );
    let reviu = app.signed_in("reviu").await;
    let tasks = text(&reviu, url("/tugas")).await.1;
    assert!(lists(&tasks).iter().all(|(_, n)| *n == 0), "{tasks}");
    let provinsi = app.signed_in("provinsi").await;
    let tasks = text(&provinsi, url("/tugas")).await.1;
    assert!(
        tasks.contains("Anda tidak memiliki peran di kantor mana pun"),
        "{tasks}"
    );
}
