//! Oversight at national scale: provinces summed and drilled into, offices filtered by province,
//! level, category and late reporting, fifty to a page, and the list downloaded as CSV or XLSX
//! as filtered — for who oversees them, and nothing of offices outside.

use super::*;
use kinerja_domain::access::{Grant, Role};
use kinerja_domain::model::OfficeLevel;
use kinerja_store::{Dataset, NewUser, OfficeDraft};

fn office(code: &str, name: &str, level: OfficeLevel, parent: Option<&str>) -> OfficeDraft {
    OfficeDraft {
        code: code.parse().unwrap(),
        name: name.into(),
        full_name: format!("Komisi Pemilihan Umum {name}"),
        level,
        parent: parent.map(String::from),
        address: None,
        city: None,
        scale: None,
        lower_formula: Default::default(),
        time_zone: None,
    }
}

/// The rows of the office list.
fn offices(page: &str) -> usize {
    let at = page.find("<table class=\"data oversight\">").unwrap();
    let table = &page[at..at + page[at..].find("</table>").unwrap()];
    table.matches("<tr><td><a href=\"/kantor/").count()
}

#[tokio::test]
async fn offices_are_grouped_filtered_paged_and_exported() {
    let app = app().await;
    let url = |p: &str| format!("{}{p}", app.base);
    // KPU RI, two provinces: A with 60 regencies, B with 3.
    let mut ds = Dataset::default();
    ds.offices
        .push(office("ri-uji", "KPU RI Uji", OfficeLevel::National, None));
    ds.offices.push(office(
        "prov-a",
        "KPU Provinsi A",
        OfficeLevel::Province,
        Some("ri-uji"),
    ));
    ds.offices.push(office(
        "prov-b",
        "KPU Provinsi B",
        OfficeLevel::Province,
        Some("ri-uji"),
    ));
    for n in 0..60 {
        ds.offices.push(office(
            &format!("a-{n:02}"),
            &format!("KPU Kab A{n:02}"),
            OfficeLevel::Regency,
            Some("prov-a"),
        ));
    }
    for n in 0..3 {
        ds.offices.push(office(
            &format!("b-{n}"),
            &format!("KPU Kab B{n}, Timur"),
            OfficeLevel::Regency,
            Some("prov-b"),
        ));
    }
    app.store.apply_dataset(&Actor::new("test"), &ds, "uji").await.unwrap();
    let ri = app.store.find_office("ri-uji").await.unwrap().unwrap();
    let user = NewUser {
        login: "pusat".parse().unwrap(),
        name: "Pengawas Pusat".into(),
        password_hash: kinerja_store::password::hash(PASSWORD).unwrap(),
        lang: kinerja_domain::i18n::Lang::Id,
        grants: vec![Grant {
            role: Role::Oversight,
            office: ri.id,
            unit: None,
        }],
    };
    app.store.create_user(&Actor::new("test"), &user, "uji").await.unwrap();
    let pusat = app.signed_in("pusat").await;

    // Provinces summed, each a link to its offices; the list fifty to a page.
    let page = text(&pusat, url("/?tahun=2024")).await.1;
    assert!(page.contains("Per provinsi"), "{page}");
    assert!(
        page.contains("<a href=\"/?tahun=2024&amp;provinsi=prov-a\">KPU Provinsi A</a></td><td class=\"num\">61</td>"),
        "{page}"
    );
    assert!(
        page.contains(">KPU Provinsi B</a></td><td class=\"num\">4</td>"),
        "{page}"
    );
    assert!(page.contains("66 kantor sesuai pilihan"), "{page}");
    assert_eq!(offices(&page), 50);
    assert!(page.contains("Halaman 1 dari 2"));
    let next = page[page.find("Berikutnya").unwrap() - 200..page.find("Berikutnya").unwrap()]
        .rsplit("href=\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let second = text(&pusat, url(&next)).await.1;
    assert_eq!(offices(&second), 16);
    assert!(second.contains("Halaman 2 dari 2"));

    // Drilled into a province; by level; late reporters only; with no achievement yet.
    let b = text(&pusat, url("/?tahun=2024&provinsi=prov-b")).await.1;
    assert_eq!(offices(&b), 4);
    assert!(!b.contains("Per provinsi"), "a province chosen: no summary");
    assert_eq!(offices(&text(&pusat, url("/?tahun=2024&tingkat=province")).await.1), 2);
    let late = text(&pusat, url("/?tahun=2024&terlambat=1")).await.1;
    assert!(late.contains("Tidak ada kantor yang cocok."), "no plan, nothing late");
    assert_eq!(
        offices(&text(&pusat, url("/?tahun=2024&kategori=-&provinsi=prov-b")).await.1),
        4
    );

    // Downloads, as filtered: every page, named fields, commas quoted.
    let r = pusat
        .get(url("/pengawasan/unduh/csv?tahun=2024&provinsi=prov-b"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("pengawasan-2024.csv")
    );
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[0].starts_with("Kantor,Tingkat,Provinsi,Kantor atasan,"), "{csv}");
    assert!(
        csv.contains("\"KPU Kab B0, Timur\",Kabupaten/Kota,KPU Provinsi B,KPU Provinsi B,"),
        "{csv}"
    );
    let all = pusat
        .get(url("/pengawasan/unduh/csv?tahun=2024"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(all.lines().count(), 67, "every page");
    let r = pusat
        .get(url("/pengawasan/unduh/xlsx?tahun=2024&provinsi=prov-b"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut strings = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut strings)
        .unwrap();
    assert!(
        strings.contains("KPU Kab B2, Timur") && !strings.contains("KPU Kab A00"),
        "{strings}"
    );
    assert_eq!(
        pusat
            .get(url("/pengawasan/unduh/pdf?tahun=2024"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );

    // The province's overseer lists its own offices only, in the page and the download.
    let provinsi = app.signed_in("provinsi").await;
    let own = provinsi
        .get(url("/pengawasan/unduh/csv?tahun=2024"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!own.contains("KPU Kab A") && own.contains("KPU Kota Contoh"), "{own}");
    let own = text(&provinsi, url("/?tahun=2024&provinsi=prov-a")).await.1;
    assert!(
        !own.contains("KPU Kab A"),
        "a province not theirs filters nothing in: {own}"
    );
}
