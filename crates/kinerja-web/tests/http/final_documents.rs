//! Final documents: frozen with a verification code, verified in public, signed copy brought
//! back, published on the office's public page.

use super::*;

/// Freezes the test office's 2024 PK of Subbag Rendatin as `planner`: the frozen document.
async fn freeze_pk(app: &TestApp, planner: &reqwest::Client) -> kinerja_store::FrozenDocument {
    let (status, page) = text(planner, format!("{}/kantor/kpu-contoh/dokumen?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Bekukan sebagai final") && page.contains(r#"<option value="pk|subbag-rendatin">"#),
        "{page}"
    );
    let r = submit(
        planner,
        format!("{}/kantor/kpu-contoh/dokumen/final", app.base),
        &[
            ("csrf", field(&page, "csrf").as_str()),
            ("tahun", "2024"),
            ("pilihan", "pk|subbag-rendatin"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let frozen = app
        .store
        .frozen_documents(office.id, Some(Year::of(2024)))
        .await
        .unwrap();
    assert_eq!(
        location(&r),
        format!("/kantor/kpu-contoh/dokumen?tahun=2024#final-{}", frozen[0].id)
    );
    frozen[0].clone()
}

async fn bytes(c: &reqwest::Client, url: String) -> (StatusCode, Vec<u8>) {
    let r = c.get(url).send().await.unwrap();
    (r.status(), r.bytes().await.unwrap().to_vec())
}

#[tokio::test]
pub(crate) async fn a_final_document_is_frozen_verified_signed_and_published() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let doc = freeze_pk(&app, &planner).await;
    assert_eq!(
        (doc.kind.as_str(), doc.unit.as_deref(), doc.published),
        ("pk", Some("subbag-rendatin"), false)
    );
    assert!(kinerja_store::frozen::is_code(&doc.code), "{}", doc.code);
    assert_eq!(
        doc.title,
        "Perjanjian Kinerja (PK) — Subbagian Perencanaan, Data dan Informasi 2024"
    );
    // A document that still prints "belum diisi" or a draft is not final: refused, saying which.
    let (_, page) = text(&planner, format!("{}/kantor/kpu-contoh/dokumen?tahun=2024", app.base)).await;
    let r = submit(
        &planner,
        format!("{}/kantor/kpu-contoh/dokumen/final", app.base),
        &[
            ("csrf", field(&page, "csrf").as_str()),
            ("tahun", "2024"),
            ("pilihan", "lkj|"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("dokumen ini belum dapat dibekukan"), "{body}");
    // Kept byte for byte: the download is the bytes hashed, and again the same bytes.
    let url = format!("{}/kantor/kpu-contoh/dokumen/final/{}?asli=1", app.base, doc.id);
    let (status, frozen) = bytes(&planner, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(frozen.starts_with(b"%PDF-"));
    assert_eq!(kinerja_store::frozen::sha256_hex(&frozen), doc.sha256);
    assert_eq!(bytes(&planner, url).await.1, frozen, "never rendered again");

    // Public verification: no sign-in, only what the document is.
    let (status, page) = text(&client(), format!("{}/verifikasi/{}", app.base, doc.code)).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        doc.sha256.as_str(),
        "Komisi Pemilihan Umum Kota Contoh",
        "2024",
        "Perjanjian Kinerja",
    ] {
        assert!(page.contains(shown), "{shown} in {page}");
    }
    assert!(!page.contains("planner"), "who froze it is not public");
    for unknown in ["AAAA-BBBB-CCCC", "..%2F..%2Fetc", "x"] {
        let (status, _) = text(&client(), format!("{}/verifikasi/{unknown}", app.base)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{unknown}");
    }

    // The signed copy: only the frozen bytes with a signature appended over all of them.
    let upload = |bytes: Vec<u8>, csrf: String| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .part("berkas", reqwest::multipart::Part::bytes(bytes).file_name("pk-ttd.pdf"))
    };
    let (_, page) = text(&planner, format!("{}/kantor/kpu-contoh/dokumen?tahun=2024", app.base)).await;
    let csrf = field(&page, "csrf");
    let sign_url = format!("{}/kantor/kpu-contoh/dokumen/final/{}/ttd", app.base, doc.id);
    let mut unsigned = frozen.clone();
    unsigned.extend_from_slice(b"\n% catatan\n%%EOF\n");
    let mut other = kinerja_store::frozen::signed_for_tests(&frozen, "X");
    other[20] ^= 1;
    for (bad, said) in [
        (unsigned, "tidak ada tanda tangan elektronik"),
        (other, "bukan dokumen yang dibekukan"),
        (b"GIF89a".to_vec(), "bukan PDF"),
    ] {
        let r = planner
            .post(&sign_url)
            .multipart(upload(bad, csrf.clone()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.unwrap();
        assert!(body.contains(said), "{said} in {body}");
    }
    let signed = kinerja_store::frozen::signed_for_tests(&frozen, "JUMADI AHMAD, SH");
    let r = planner
        .post(&sign_url)
        .multipart(upload(signed.clone(), csrf.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, got) = bytes(
        &planner,
        format!("{}/kantor/kpu-contoh/dokumen/final/{}", app.base, doc.id),
    )
    .await;
    assert_eq!(got, signed, "the signed copy is the default download");
    let (_, page) = text(&client(), format!("{}/verifikasi/{}", app.base, doc.code)).await;
    assert!(
        page.contains(&kinerja_store::frozen::sha256_hex(&signed))
            && page.contains("ETSI.CAdES.detached; penanda tangan: JUMADI AHMAD, SH"),
        "{page}"
    );

    // Published: on the office's public page, downloadable without signing in; withdrawn: gone.
    let public = format!("{}/publik/kpu-contoh/{}", app.base, doc.id);
    assert_eq!(
        bytes(&client(), public.clone()).await.0,
        StatusCode::NOT_FOUND,
        "not published yet"
    );
    let publish = |aksi: &'static str| {
        let (planner, csrf) = (planner.clone(), csrf.clone());
        let url = format!("{}/kantor/kpu-contoh/dokumen/final/{}", app.base, doc.id);
        async move { submit(&planner, url, &[("csrf", csrf.as_str()), ("aksi", aksi)]).await }
    };
    assert_eq!(publish("terbitkan").await.status(), StatusCode::SEE_OTHER);
    let (_, list) = text(&client(), format!("{}/publik/kpu-contoh", app.base)).await;
    assert!(list.contains(&doc.code), "{list}");
    assert_eq!(bytes(&client(), public.clone()).await, (StatusCode::OK, signed));
    assert_eq!(publish("tarik").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(bytes(&client(), public).await.0, StatusCode::NOT_FOUND);

    // Audited; an operator may read final documents but not freeze one.
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let log = app.store.audit_log(Some(office.id), 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in ["freeze", "attach_signed", "publish", "withdraw"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let op = app.signed_in("operator").await;
    let (status, page) = text(&op, format!("{}/kantor/kpu-contoh/dokumen?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&doc.code) && !page.contains("Bekukan sebagai final"));
    let r = submit(
        &op,
        format!("{}/kantor/kpu-contoh/dokumen/final", app.base),
        &[
            ("csrf", field(&page, "csrf").as_str()),
            ("tahun", "2024"),
            ("pilihan", "lkj|"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// Every page of a frozen PDF prints the code and the verification address.
#[tokio::test]
#[ignore = "needs pdftotext (Debian: poppler-utils)"]
pub(crate) async fn every_page_of_a_frozen_pdf_prints_its_verification_code() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let doc = freeze_pk(&app, &planner).await;
    let (_, pdf) = bytes(
        &planner,
        format!("{}/kantor/kpu-contoh/dokumen/final/{}", app.base, doc.id),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pk.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(!pages.is_empty());
    let base = app.base.trim_start_matches("http://");
    for (n, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Kode verifikasi {}", doc.code))
                && page.contains(&format!("{base}/verifikasi/{}", doc.code)),
            "page {}: {page}",
            n + 1
        );
    }
}
