//! Official documents from the office pages, and the LKj's narratives and drafts.

use super::*;
use kinerja_domain::model::Year;

/// The text of a DOCX's body.
pub(crate) fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// Documents are downloaded by whoever may read the office (its own users, the province above),
/// in every format, named after what they are; bad requests say what is wrong.
#[tokio::test]
pub(crate) async fn official_documents_are_downloaded_from_the_office_pages() {
    let app = app().await;
    let op = app.signed_in("operator").await;
    let (status, page) = text(&op, format!("{}/kantor/kpu-contoh/dokumen?tahun=2024", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Dokumen resmi — KPU Kota Contoh 2024"), "{page}");
    assert!(
        page.contains("/kantor/kpu-contoh/dokumen/pk.pdf?tahun=2024&#38;unit=subbag-rendatin"),
        "{page}"
    );
    assert!(page.contains("/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024"));
    let (_, dashboard) = text(&op, format!("{}/kantor/kpu-contoh?tahun=2024", app.base)).await;
    assert!(
        dashboard.contains("/kantor/kpu-contoh/dokumen?tahun=2024"),
        "linked from the dashboard"
    );
    let (_, plan) = text(
        &op,
        format!("{}/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2024", app.base),
    )
    .await;
    assert!(plan.contains("/kantor/kpu-contoh/dokumen/pk.pdf?unit=subbag-rendatin&amp;tahun=2024"));
    let (_, monitoring) = text(&op, format!("{}{MONITOR}", app.base)).await;
    assert!(
        monitoring
            .contains("/kantor/kpu-contoh/dokumen/monitoring.pdf?unit=subbag-rendatin&amp;periode=B7&amp;tahun=2024")
    );

    let province = app.signed_in("provinsi").await;
    for (who, c) in [("operator", &op), ("provinsi", &province)] {
        for (path, mime, magic, name) in [
            (
                "lkj.pdf?tahun=2024",
                "application/pdf",
                &b"%PDF-"[..],
                "lkj-kpu-contoh-2024.pdf",
            ),
            (
                "pk.docx?unit=subbag-rendatin&tahun=2024",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &b"PK\x03\x04"[..],
                "pk-subbag-rendatin-kpu-contoh-2024.docx",
            ),
            (
                "monitoring.xlsx?periode=TW1&tahun=2024",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &b"PK\x03\x04"[..],
                "monitoring-kpu-contoh-2024-tw1.xlsx",
            ),
        ] {
            let r = c
                .get(format!("{}/kantor/kpu-contoh/dokumen/{path}", app.base))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{who} {path}");
            assert_eq!(r.headers()["content-type"], mime);
            assert_eq!(
                r.headers()["content-disposition"].to_str().unwrap(),
                format!("attachment; filename=\"{name}\"")
            );
            let body = r.bytes().await.unwrap();
            assert!(body.starts_with(magic), "{who} {path}");
        }
    }
    for (path, message) in [
        (
            "pk.pdf?unit=sekretariat&tahun=2024",
            "has no PK for 2024; units with a PK: komisi",
        ),
        (
            "rak.pdf?unit=subbag-rendatin&tanggal=2025-01-15&tahun=2024",
            "a RAK of 2024 is signed in 2024 at the latest",
        ),
        ("lkj.pdf?tanggal=15-01-2025&tahun=2024", "tanggal"),
        ("lkj.odt?tahun=2024", "unknown format"),
        ("laporan.pdf?tahun=2024", "unknown document"),
        ("monitoring.pdf?tahun=2024", "a monitoring report needs a period"),
        ("monitoring.pdf?periode=B13&tahun=2024", "periode"),
        ("pk.pdf?unit=subbag-xyz&tahun=2024", "subbag-xyz"),
    ] {
        let (status, body) = text(&op, format!("{}/kantor/kpu-contoh/dokumen/{path}", app.base)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert!(body.contains(message), "{path}: {body}");
    }
}

/// Planners write the LKj's narratives; the LKj carries them; everything is audited; an
/// operator may read them but not change them; a text over the limit refuses the whole form.
#[tokio::test]
pub(crate) async fn planners_write_the_lkj_narratives() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = app.signed_in("planner").await;
    let url = format!("{}/kantor/kpu-contoh/lkj?tahun=2024", app.base);
    let (status, page) = text(&planner, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"n_foreword\""));
    assert!(page.contains("name=\"n_analysis:"), "one analysis per PK objective");
    let csrf = field(&page, "csrf");
    let foreword = "Puji syukur kami panjatkan atas tersusunnya laporan ini.";
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("tahun", "2024"),
            ("n_foreword", foreword),
            ("n_conclusion", "Target tercapai.\r\n\r\nPerlu perbaikan data dukung."),
            ("n_background", ""),
            ("reason", "Penyusunan LKj"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/kantor/kpu-contoh/lkj?tahun=2024&tersimpan=1");
    let stored = app.store.narratives(office.id, Year::of(2024)).await.unwrap();
    let keys: Vec<&str> = stored.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, ["conclusion", "foreword"], "empty texts are not stored");
    assert_eq!(
        stored[0].body, "Target tercapai.\n\nPerlu perbaikan data dukung.",
        "line ends stored as LF"
    );
    let audit = app.store.audit_log(Some(office.id), 10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entity == "narrative" && e.reason.as_deref() == Some("Penyusunan LKj")),
        "{audit:?}"
    );
    let docx = planner
        .get(format!("{}/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let xml = docx_text(&docx);
    assert!(xml.contains(foreword), "the LKj carries the foreword");
    assert!(xml.contains("Perlu perbaikan data dukung."));

    // Over the limit: refused, nothing written, the text kept in the form.
    let long = "a".repeat(kinerja_store::NARRATIVE_MAX_CHARS + 1);
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("tahun", "2024"),
            ("n_foreword", "Diubah"),
            ("n_summary", long.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("paling banyak 30.000"),
        "{}",
        &body[..500.min(body.len())]
    );
    assert!(body.contains(">Diubah</textarea>"), "what was typed stays");
    let after = app.store.narratives(office.id, Year::of(2024)).await.unwrap();
    assert_eq!(after[1].body, foreword, "nothing written");

    // A key the LKj does not read.
    let r = submit(
        &planner,
        format!("{}/kantor/kpu-contoh/lkj", app.base),
        &[("csrf", csrf.as_str()), ("tahun", "2024"), ("n_analysis:999999", "x")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // The operator reads but may not write.
    let op = app.signed_in("operator").await;
    let (status, page) = text(&op, url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(foreword) && page.contains("<fieldset disabled>"));
    let op_csrf = field(&page, "csrf");
    let r = submit(
        &op,
        format!("{}/kantor/kpu-contoh/lkj", app.base),
        &[("csrf", op_csrf.as_str()), ("tahun", "2024"), ("n_foreword", "Titipan")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.narratives(office.id, Year::of(2024)).await.unwrap()[1].body,
        foreword
    );
}

/// The text of the textarea `name`, unescaped.
pub(crate) fn textarea(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("textarea {name}"));
    let open = at + page[at..].find('>').unwrap() + 1;
    let close = open + page[open..].find("</textarea>").unwrap();
    page[open..close]
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Where the data can speak, the LKj page offers Kinerja's draft, marked as such: sent back
/// unchanged it stays a draft (nothing stored, the LKj marks it); accepted or edited it becomes
/// the office's text (stored, audited, printed without the mark).
#[tokio::test]
pub(crate) async fn lkj_drafts_are_offered_and_stay_drafts_until_accepted_or_edited() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = app.signed_in("planner").await;
    let url = format!("{}/kantor/kpu-contoh/lkj?tahun=2024", app.base);
    let (status, page) = text(&planner, url.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Draf dari data (belum disetujui)"), "drafts are marked");
    assert!(page.contains("name=\"accept_summary\""), "a draft can be accepted");
    assert!(
        !page.contains("name=\"accept_background\""),
        "no data speak of the background"
    );
    let summary = textarea(&page, "n_summary");
    let conclusion = textarea(&page, "n_conclusion");
    let foreword = textarea(&page, "n_foreword");
    assert!(
        summary.contains("2024"),
        "the summary is drafted from the year: {summary}"
    );
    assert!(!conclusion.is_empty() && !foreword.is_empty());
    let lkj_docx = || async {
        let bytes = planner
            .get(format!("{}/kantor/kpu-contoh/dokumen/lkj.docx?tahun=2024", app.base))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        docx_text(&bytes)
    };
    let marks_before = lkj_docx().await.matches("Draf dari data, belum disetujui").count();
    assert!(
        marks_before >= 3,
        "the foreword, summary and conclusion are marked drafts"
    );
    let csrf = field(&page, "csrf");
    let edited = format!("{conclusion}\n\nDitambahkan oleh perencana.");
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/lkj", app.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("tahun", "2024"),
            ("n_foreword", foreword.as_str()),
            ("n_summary", summary.as_str()),
            ("accept_summary", "1"),
            ("n_conclusion", edited.as_str()),
            ("reason", "Draf diperiksa"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let stored = app.store.narratives(office.id, Year::of(2024)).await.unwrap();
    let keys: Vec<&str> = stored.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(
        keys,
        ["conclusion", "summary"],
        "the unchanged, unaccepted foreword stays a draft"
    );
    assert_eq!(stored[1].body.trim(), summary.trim());
    let (_, page) = text(&planner, url).await;
    assert!(
        !page.contains("name=\"accept_summary\""),
        "an accepted draft is the office's text"
    );
    assert!(
        page.contains("name=\"accept_foreword\""),
        "the foreword is still offered as a draft"
    );
    let xml = lkj_docx().await;
    assert!(
        xml.contains("Ditambahkan oleh perencana."),
        "the edited text is printed"
    );
    let marks = xml.matches("Draf dari data, belum disetujui").count();
    // Each draft is marked where it stands and listed among the gaps at the end.
    assert_eq!(
        marks,
        marks_before - 2 * 2,
        "the summary and the conclusion are no longer drafts"
    );
}
