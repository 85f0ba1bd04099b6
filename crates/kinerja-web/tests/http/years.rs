//! The year a page shows: the header's year switch on every office page (the years with a
//! plan, the year shown, the server's year and the one after the last), and the year a user
//! chose kept for the pages after it.

use super::*;

/// The `<option>`s of the header's year switch, as (year, selected).
fn year_options(page: &str) -> Vec<(i32, bool)> {
    let Some(start) = page.find(r#"<select id="year-switch""#) else {
        return vec![];
    };
    let end = start + page[start..].find("</select>").expect("the switch's select ends");
    page[start..end]
        .split("<option value=\"")
        .skip(1)
        .map(|o| {
            let year = o[..4].parse().expect("an option's year");
            (year, o.contains(" selected>"))
        })
        .collect()
}

#[tokio::test]
async fn the_year_switch_offers_the_planned_years_and_the_chosen_year_stays() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    let planner = app.signed_in("planner").await;
    // The sample has a 2024 plan (the server's year): 2024 shown, 2025 offered to plan.
    let (status, page) = text(&planner, url("/kantor/kpu-contoh")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(year_options(&page), [(2024, true), (2025, false)]);
    assert!(page.contains(r#"<label for="year-switch">Tahun</label>"#), "labelled");

    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    app.store
        .copy_plan(&Actor::new("test"), office.id, Year::of(2024), Year::of(2025), "uji")
        .await
        .unwrap();
    // Chosen once (the switch is a GET form: `?tahun=2025`), 2025 is the year of every page
    // after it, each with its switch; 2026 is now the year to plan.
    let (_, page) = text(&planner, url("/kantor/kpu-contoh?tahun=2025")).await;
    assert_eq!(year_options(&page), [(2024, false), (2025, true), (2026, false)]);
    for path in [
        "/kantor/kpu-contoh",
        "/kantor/kpu-contoh/rencana",
        "/kantor/kpu-contoh/rencana/rak",
        "/kantor/kpu-contoh/renstra",
        "/kantor/kpu-contoh/pantau",
        "/kantor/kpu-contoh/dokumen",
        "/kantor/kpu-contoh/lkj",
        "/kantor/kpu-contoh/batas",
    ] {
        let (status, page) = text(&planner, url(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            year_options(&page),
            [(2024, false), (2025, true), (2026, false)],
            "{path}"
        );
    }
    // The documents follow: their links name the year shown.
    let (_, docs) = text(&planner, url("/kantor/kpu-contoh/dokumen")).await;
    assert!(docs.contains("tahun=2025"), "document links of 2025");
    assert!(!docs.contains("tahun=2024"), "no link of 2024");

    // Another user's session keeps its own year: the server's.
    let operator = app.signed_in("operator").await;
    let (_, page) = text(&operator, url("/kantor/kpu-contoh")).await;
    assert_eq!(year_options(&page), [(2024, true), (2025, false), (2026, false)]);

    // Oversight follows the year chosen on its own list.
    let province = app.signed_in("provinsi").await;
    let (status, page) = text(&province, url("/?tahun=2025")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(year_options(&page).contains(&(2025, true)), "{:?}", year_options(&page));
    let (_, page) = text(&province, url("/")).await;
    assert!(year_options(&page).contains(&(2025, true)), "remembered");

    // A year without a plan says so, and nothing of it is "on time" or late.
    let (_, page) = text(&planner, url("/kantor/kpu-contoh?tahun=2026")).await;
    assert!(
        page.contains("Tahun ini belum memiliki Perjanjian Kinerja"),
        "no plan said"
    );
    assert!(!page.contains("Semua unit melapor tepat waktu"), "no false all-clear");
    assert!(
        page.contains(r#"href="/kantor/kpu-contoh/rencana?tahun=2026""#),
        "the way to plan it"
    );
    let (_, page) = text(&planner, url("/kantor/kpu-contoh?tahun=2025")).await;
    assert!(
        !page.contains("Tahun ini belum memiliki Perjanjian Kinerja"),
        "2025 has a plan"
    );

    // A year out of range is refused, and the year kept is unchanged.
    let (status, _) = text(&planner, url("/kantor/kpu-contoh?tahun=1999")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, page) = text(&planner, url("/kantor/kpu-contoh")).await;
    assert!(year_options(&page).contains(&(2025, true)));
}
