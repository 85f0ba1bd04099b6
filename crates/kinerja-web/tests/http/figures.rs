//! The figures as the web shows them: the office's own PK on the dashboard, and how each
//! indicator is measured (polarity, guessed or set, roll-up, formula) beside it in the PK
//! editor, changed in one click.

use kinerja_domain::model::Year;
use reqwest::StatusCode;

use crate::{app, field, location, submit};

async fn text(c: &reqwest::Client, url: String) -> (StatusCode, String) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn the_dashboard_shows_the_offices_own_pk() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let (status, page) = text(&planner, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Capaian kantor (PK sendiri)"), "{page}");
    assert!(!page.contains("rata-rata unit"));
}

#[tokio::test]
async fn each_indicator_says_how_it_is_measured_and_changes_in_one_click() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let url = format!("{}/kantor/kpu-contoh/rencana?tahun=2024&unit=subbag-rendatin", app.base);
    let (_, page) = text(&planner, url.clone()).await;
    let line = "↑ Semakin tinggi semakin baik (tebakan dari kata-katanya: tidak ada kata penurunan atau hal buruk) · Akumulasi periode: Dijumlahkan · Capaian = Realisasi ÷ Target × 100%";
    assert!(page.contains(line), "{page}");
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let ind = plan
        .indicators
        .iter()
        .find(|i| i.text == "Jumlah laporan monitoring")
        .unwrap();
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/rencana", app.base))
        .form(&[
            ("csrf", field(&page, "csrf")),
            ("tahun", "2024".into()),
            ("unit", "subbag-rendatin".into()),
            ("aksi", "set_polarity".into()),
            ("indicator", ind.id.to_string()),
            ("version", ind.version.to_string()),
            ("polarity", "lower_is_better".into()),
            ("reason", "yang dihitung adalah keterlambatan".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).ends_with(&format!("#indikator-{}", ind.id)));
    let plan = app.store.year_plan(office.id, Year::of(2024)).await.unwrap();
    let changed = plan.indicators.iter().find(|i| i.id == ind.id).unwrap();
    assert_eq!(
        changed.settings.polarity,
        kinerja_domain::indicator::Polarity::LowerIsBetter
    );
    assert_eq!(changed.settings.rollup, ind.settings.rollup, "the rest kept");
    let (_, page) = text(&planner, url).await;
    assert!(page.contains("↓ Semakin rendah semakin baik (diatur kantor)"), "{page}");
    let log = app.store.audit_log(Some(office.id), 1).await.unwrap();
    assert_eq!(log[0].reason.as_deref(), Some("yang dihitung adalah keterlambatan"));
    // A stale version is refused; an operator cannot change it.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/rencana", app.base))
        .form(&[
            ("csrf", field(&page, "csrf")),
            ("tahun", "2024".into()),
            ("unit", "subbag-rendatin".into()),
            ("aksi", "set_polarity".into()),
            ("indicator", ind.id.to_string()),
            ("version", ind.version.to_string()),
            ("polarity", "higher_is_better".into()),
            // The sample's PK is signed: a change says why.
            ("reason", "uji".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let op = app.signed_in("operator").await;
    let (_, op_page) = text(
        &op,
        format!("{}/kantor/kpu-contoh/rencana?tahun=2024&unit=subbag-rendatin", app.base),
    )
    .await;
    assert!(
        !op_page.contains("value=\"set_polarity\""),
        "no button for those who cannot edit"
    );
    let r = op
        .post(format!("{}/kantor/kpu-contoh/rencana", app.base))
        .form(&[
            ("csrf", field(&op_page, "csrf")),
            ("tahun", "2024".into()),
            ("unit", "subbag-rendatin".into()),
            ("aksi", "set_polarity".into()),
            ("indicator", ind.id.to_string()),
            ("version", changed.version.to_string()),
            ("polarity", "higher_is_better".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_import_preview_shows_the_guess_and_takes_a_choice_into_the_plan() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let (_, page) = text(&planner, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    let rak = "RENCANA AKSI KINERJA TAHUN 2025\nSUBBAGIAN PERENCANAAN, DATA DAN INFORMASI\n\n\
NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tB1\tB2\tPELAKSANA\n\
1\tTerlayaninya pengaduan\tPersentase pengaduan masyarakat yang ditindaklanjuti\t95%\tMenjawab pengaduan\t√\t√\tSubbag Rendatin\n\
2\tBerkurangnya keterlambatan\tJumlah laporan yang terlambat\t2 laporan\tMemantau laporan\t√\t\tSubbag Rendatin\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", field(&page, "csrf"))
        .text("tahun", "2025")
        .text("unit", "subbag-rendatin")
        .part(
            "berkas",
            reqwest::multipart::Part::bytes(rak.as_bytes().to_vec()).file_name("rak.txt"),
        );
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let preview = r.text().await.unwrap();
    // The handled complaints: higher is better, and why.
    assert_measured(
        &preview,
        "↑ Semakin tinggi semakin baik",
        "tebakan dari kata-katanya: menghitung yang ditangani atau ditindaklanjuti",
    );
    // Late reports: the wording names no bad thing the guess knows; the planner says it is one.
    let late = "jumlah laporan yang terlambat";
    assert!(
        preview.contains(&format!("name=\"teks\" value=\"{late}\"")),
        "{preview}"
    );
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor/arah", app.base))
        .form(&[
            ("csrf", field(&preview, "csrf")),
            ("teks", late.into()),
            ("polarity", "lower_is_better".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert_measured(&preview, "↓ Semakin rendah semakin baik", "dipilih di pratinjau ini");
    let r = submit(
        &planner,
        format!("{}/kantor/kpu-contoh/impor/terapkan", app.base),
        &[("csrf", field(&preview, "csrf")), ("reason", "RAK 2025".into())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let plan = app.store.year_plan(office.id, Year::of(2025)).await.unwrap();
    let polarity = |text: &str| {
        plan.indicators
            .iter()
            .find(|i| i.text == text)
            .unwrap()
            .settings
            .polarity
    };
    use kinerja_domain::indicator::Polarity;
    assert_eq!(polarity("Jumlah laporan yang terlambat"), Polarity::LowerIsBetter);
    assert_eq!(
        polarity("Persentase pengaduan masyarakat yang ditindaklanjuti"),
        Polarity::HigherIsBetter
    );
}

/// The preview's measure cell: the short line (polarity · roll-up) and, under it, why.
fn assert_measured(preview: &str, polarity: &str, why: &str) {
    let why = format!("</span><br><span class=\"muted\">{why}</span>");
    let at = preview.find(&why).unwrap_or_else(|| panic!("no {why:?} in {preview}"));
    let cell = &preview[..at];
    let line = &cell[cell.rfind("<span class=\"nowrap\">").expect("the short line")..];
    assert!(line.contains(polarity), "{line:?} should say {polarity:?}");
}

/// Every dashboard chart has its figures as a table under it (the budget's too), and a label
/// cut to fit keeps its whole text as the chart's tooltip.
#[tokio::test]
async fn every_chart_has_its_table_and_whole_labels() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let page = text(&planner, format!("{}/kantor/kpu-contoh?tahun=2024", app.base))
        .await
        .1;
    let charts = page.matches("role=\"img\"").count();
    let tables = page.matches("<details class=\"chart-data\">").count();
    assert!(charts >= 4, "{page}");
    assert_eq!(tables, charts, "one table per chart");
    assert!(
        page.contains("<th>Unit</th><th>Serapan anggaran</th><th>Capaian kinerja</th>"),
        "the budget chart's table: {page}"
    );
    // Each bar's label carries its whole text.
    let plan = app
        .store
        .year_plan(
            app.store.find_office("kpu-contoh").await.unwrap().unwrap().id,
            kinerja_domain::model::Year::of(2024),
        )
        .await
        .unwrap();
    let objective = &plan.objectives[0].text;
    assert!(page.contains(&format!("<title>{objective}</title>")), "{objective}");
}
