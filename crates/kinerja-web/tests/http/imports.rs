//! Importing files from the web: a RAK seen before it is written, an RKT, IKU and signed RAK into one plan.

use super::*;
use kinerja_domain::model::Year;

/// A planner uploads the RAK the office already has, sees every row read and every warning,
/// and applies it: the year's plan has it. The same file again adds nothing (and offers no
/// apply); a changed file adds only what is new and names the stored values it keeps; an
/// operator may not import.
#[tokio::test]
pub(crate) async fn a_planner_imports_an_existing_rak_after_seeing_it() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = app.signed_in("planner").await;
    let (status, page) = text(&planner, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = field(&page, "csrf");
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rak-2025.txt", IMPORT_RAK.as_bytes().to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert!(
        preview.contains("Penyusunan RKA") && preview.contains("Reviu RKA") && preview.contains("Pemutakhiran data")
    );
    assert!(
        preview.contains(
            "Akan ditambahkan ke 1 rencana unit (Subbagian Perencanaan, Data dan Informasi 2025): 2 sasaran, 2 indikator, 4 kegiatan, 0 baris anggaran; 0 indikator dan 0 kegiatan yang ada dilengkapi."
        ),
        "{preview}"
    );
    assert!(preview.contains("Peringatan (1)"), "the row with a fifth mark is named");
    // The page is of the year the document is for, and says which file it shows.
    assert!(preview.contains(r#"<option value="2025" selected>"#), "{preview}");
    assert!(preview.contains("Berkas yang sedang ditinjau: rak-2025.txt"));
    // A year and unit asked for stay chosen on the form beside the preview.
    let asked = reqwest::multipart::Form::new()
        .text("csrf", csrf.clone())
        .text("tahun", "2025")
        .text("unit", "subbag-rendatin")
        .part(
            "berkas",
            reqwest::multipart::Part::bytes(IMPORT_RAK.as_bytes().to_vec()).file_name("rak-2025.txt"),
        );
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(asked)
        .send()
        .await
        .unwrap();
    let kept = r.text().await.unwrap();
    assert!(
        kept.contains(r#"name="tahun" inputmode="numeric" placeholder="2025" value="2025""#)
            && kept.contains(r#"<option value="subbag-rendatin" selected>"#),
        "{kept}"
    );
    assert!(preview.contains("Terapkan ke rencana"));
    assert!(
        app.store
            .year_plan(office.id, Year::of(2025))
            .await
            .unwrap()
            .objectives
            .is_empty(),
        "nothing written yet"
    );
    let r = submit(
        &planner,
        format!("{}/kantor/kpu-contoh/impor/terapkan", app.base),
        &[("csrf", csrf.as_str()), ("reason", "Impor RAK 2025")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        "/kantor/kpu-contoh/rencana?unit=subbag-rendatin&tahun=2025&diimpor=1"
    );
    let plan = app.store.year_plan(office.id, Year::of(2025)).await.unwrap();
    assert_eq!(plan.objectives.len(), 2);
    assert_eq!(plan.actions.len(), 4);
    let (_, page) = text(&planner, format!("{}{}", app.base, location(&r))).await;
    // The plan page says what was written, once.
    assert!(
        page.contains(
            "rak-2025.txt: Ditambahkan ke 1 rencana unit (Subbagian Perencanaan, Data dan Informasi 2025): 2 sasaran, 2 indikator, 4 kegiatan"
        ),
        "{page}"
    );
    let (_, again) = text(&planner, format!("{}{}", app.base, location(&r))).await;
    assert!(!again.contains("Ditambahkan ke 1 rencana unit"), "said once");
    let (_, tree) = text(
        &planner,
        format!("{}/kantor/kpu-contoh/rencana?bagian=pohon&tahun=2025", app.base),
    )
    .await;
    assert!(
        tree.contains("Pohon kinerja disusun dari Perjanjian Kinerja, dan tahun ini belum ada PK"),
        "a RAK without a PK is not called 'no plan'"
    );
    let reviu = plan.actions.iter().find(|a| a.text == "Reviu RKA").unwrap();
    assert_eq!(reviu.schedule.periods, [2, 4]);
    let rapat = plan.actions.iter().find(|a| a.text == "Rapat koordinasi").unwrap();
    assert_eq!(
        rapat.schedule.periods,
        [1, 2, 3, 4],
        "the marks under the header, the fifth dropped"
    );
    let audit = app.store.audit_log(Some(office.id), 5).await.unwrap();
    assert!(
        audit.iter().any(|e| e.reason.as_deref() == Some("Impor RAK 2025")),
        "{audit:?}"
    );
    // Applying again: nothing is waiting any more.
    let again = submit(
        &planner,
        format!("{}/kantor/kpu-contoh/impor/terapkan", app.base),
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    // The same file again: everything is there, nothing to apply.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rak-2025.txt", IMPORT_RAK.as_bytes().to_vec()))
        .send()
        .await
        .unwrap();
    let same = r.text().await.unwrap();
    assert!(
        same.contains("Semua isi berkas sudah ada di rencana (Subbagian Perencanaan, Data dan Informasi 2025): tidak ada yang akan ditambahkan."),
        "{same}"
    );
    assert!(!same.contains("Terapkan ke rencana"));
    // The same RAK as the Word file it was typed in: read the same, so nothing is new either.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "RAK 2025.docx", crate::word::docx_of(IMPORT_RAK)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let word = r.text().await.unwrap();
    assert!(
        word.contains("Semua isi berkas sudah ada di rencana (Subbagian Perencanaan, Data dan Informasi 2025)")
            && word.contains("Peringatan (1)"),
        "{word}"
    );
    // The same RAK as the PDF Kinerja printed of it (what an office keeps and signs), read from
    // the words' positions: every row found again, so nothing of the plan is new (only the
    // signatory its page prints, which the text lacked, is offered).
    let pdf = planner
        .get(format!(
            "{}/kantor/kpu-contoh/dokumen/rak.pdf?unit=subbag-rendatin&tahun=2025",
            app.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    let pdf = pdf.bytes().await.unwrap().to_vec();
    assert!(pdf.starts_with(b"%PDF-"));
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "RAK 2025 ttd.pdf", pdf))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let printed = r.text().await.unwrap();
    assert!(
        printed.contains("0 sasaran, 0 indikator, 0 kegiatan, 0 baris anggaran; 0 indikator dan 0 kegiatan yang ada dilengkapi. Sudah ada dan tidak ditulis ulang: 2 sasaran, 2 indikator, 4 kegiatan")
            && printed.contains("Tidak ada peringatan: semua baris terbaca.")
            && printed.contains("Penanda tangan: Pihak Pertama: NAMA KASUBBAG, S.E."),
        "{printed}"
    );
    a_newer_version_adds_only_what_is_new(&app, &planner, &csrf, office.id, reviu.id).await;
    // A binary file is named, nothing kept.
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "scan.pdf", vec![0xff, 0xfe, 0, 1]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("scan.pdf: bukan teks"));
    // A PDF made to overflow the reader's stack (100.000 nested arrays: the PDF library parses
    // them by recursion, and an overflow would abort the server) is refused, saying why.
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let bomb =
        format!("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Deep {deep} >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "dalam.pdf", bomb.into_bytes()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("dalam.pdf: PDF ini menumpuk larik atau kamus lebih dari 1000 tingkat")
    );
    // The operator may not import.
    let op = app.signed_in("operator").await;
    let (status, _) = text(&op, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// A newer version of the file: one more action, another target. Only the action is added; the
/// stored target is kept and shown beside the file's.
async fn a_newer_version_adds_only_what_is_new(
    app: &TestApp,
    planner: &reqwest::Client,
    csrf: &str,
    office: kinerja_domain::model::OfficeId,
    reviu: kinerja_domain::model::ActionId,
) {
    let changed = IMPORT_RAK
        .replace("4 dokumen", "5 dokumen")
        .replace(
            "\t\t\t\tReviu RKA\t\t\u{221a}\t\t\u{221a}\tSubbag Rendatin\n",
            "\t\t\t\tReviu RKA\t\t\u{221a}\t\t\u{221a}\tSubbag Rendatin\n\t\t\t\tEvaluasi RKA\t\t\t\t\u{221a}\tSubbag Rendatin\n",
        );
    assert!(changed.contains("Evaluasi RKA"));
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(csrf, "rak-2025-v2.txt", changed.into_bytes()))
        .send()
        .await
        .unwrap();
    let merge = r.text().await.unwrap();
    assert!(
        merge.contains("Akan ditambahkan ke 1 rencana unit (Subbagian Perencanaan, Data dan Informasi 2025): 0 sasaran, 0 indikator, 1 kegiatan"),
        "{merge}"
    );
    assert!(
        merge.contains("Sudah ada dan tidak ditulis ulang: 2 sasaran, 2 indikator, 4 kegiatan"),
        "{merge}"
    );
    let kept = merge
        .split("<table class=\"data kept\">")
        .nth(1)
        .expect("a table of kept values");
    let kept = &kept[..kept.find("</table>").unwrap()];
    assert!(
        kept.contains("Jumlah dokumen perencanaan") && kept.contains("<td>4 dokumen</td><td>5 dokumen</td>"),
        "{kept}"
    );
    let before = app.store.year_plan(office, Year::of(2025)).await.unwrap();
    let r = submit(
        planner,
        format!("{}/kantor/kpu-contoh/impor/terapkan", app.base),
        &[("csrf", csrf), ("reason", "RAK 2025 versi 2")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let plan = app.store.year_plan(office, Year::of(2025)).await.unwrap();
    assert_eq!(plan.actions.len(), 5);
    let new = plan.actions.iter().find(|a| a.text == "Evaluasi RKA").unwrap();
    assert_eq!(new.schedule.periods, [4]);
    let reviu_after = plan.actions.iter().find(|a| a.text == "Reviu RKA").unwrap();
    assert_eq!(reviu_after.id, reviu, "what was there keeps its id");
    assert_eq!(
        plan.indicators, before.indicators,
        "indicators untouched: the stored target 4 dokumen kept"
    );
}

/// One file holding the office's RKT, its IKU and the commission's RAK with its signature
/// block: the RKT gives the top unit's PK targets and names the action, the RAK schedules that
/// same action, the IKU adds how the indicator is computed and its data source, and the
/// signatory who is one of the office's people signs the RAK. What cannot be written (an IKU
/// indicator in no plan, a signatory who is not one of the office's people) is named.
#[tokio::test]
pub(crate) async fn an_rkt_iku_and_signed_rak_fill_one_plan() {
    let app = app().await;
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let planner = app.signed_in("planner").await;
    let (_, page) = text(&planner, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    let csrf = field(&page, "csrf");
    let file = "PERJANJIAN KINERJA TAHUN 2025\nSUB BAGIAN PERENCANAAN, DATA DAN INFORMASI\n\n\
        NO\tSASARAN STRATEGIS\tINDIKATOR\tTARGET\n\
        1\tTersedianya laporan monitoring\tJumlah laporan monitoring\t4 Laporan\n\n\
        Kegiatan Anggaran\n1. Perencanaan, Program dan Anggaran Rp. 828.483.000\nRp. 828.483.000\n\n\
        RENCANA KINERJA TAHUNAN TAHUN 2025\nKPU KOTA CONTOH\n\n\
        NO\tSASARAN PROGRAM/KEGIATAN\tINDIKATOR KINERJA\tTARGET\tNAMA KEGIATAN AKSI\n\
        1\tMeningkatnya akuntabilitas\tPersentase laporan tepat waktu\t95%\tMenyusun laporan kinerja\n\n\
        INDIKATOR KINERJA UTAMA TAHUN 2025\nKPU KOTA CONTOH\n\n\
        NO\tIndikator Kinerja\tCara Perhitungan\tSumber Data\n\
        1\tPersentase laporan tepat waktu\tLaporan tepat waktu dibagi seluruh laporan x 100%\tArsip Sekretariat\n\
        2\tIndeks kepuasan layanan\tHasil survei\tLaporan survei\n\n\
        RENCANA AKSI KINERJA TAHUN 2025\nKPU KOTA CONTOH\n\n\
        NO\tSASARAN\tINDIKATOR KINERJA\tTARGET\tKEGIATAN\tTw 1\tTw 2\tTw 3\tTw 4\tPELAKSANA\n\
        1\tMeningkatnya akuntabilitas\tPersentase laporan tepat waktu\t95%\tMenyusun laporan kinerja\t\u{221a}\t\t\t\u{221a}\tSekretariat\n\n\
        Contoh, 11 Januari 2025\nPihak Kedua,\nKetua Komisi Pemilihan Umum\nKota Contoh\nNAMA KETUA, S.H.\n\
        Pihak Pertama,\nSekretaris\nORANG TIDAK DIKENAL\n";
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rkt-iku-rak-2025.txt", file.as_bytes().to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert!(
        preview.contains(
            "Akan ditambahkan ke 2 rencana unit (Subbagian Perencanaan, Data dan Informasi 2025; KPU Kota Contoh 2025): 2 sasaran, 2 indikator, 1 kegiatan, 1 baris anggaran"
        ),
        "{preview}"
    );
    assert!(
        preview.contains("Indeks kepuasan layanan") && preview.contains("yang tidak ada di rencana 2025 mana pun"),
        "the IKU indicator with no plan is named"
    );
    assert!(
        preview.contains("penanda tangan ORANG TIDAK DIKENAL (pihak pertama) bukan orang yang terdaftar di kantor ini"),
        "{preview}"
    );
    assert!(
        preview.contains("<td>Persentase laporan tepat waktu</td><td>Laporan tepat waktu dibagi seluruh laporan x 100%</td><td>Arsip Sekretariat</td>"),
        "the IKU shown with its formula and source"
    );
    assert!(preview.contains("Peringatan (0)"), "an IKU has no objectives to miss");
    let r = submit(
        &planner,
        format!("{}/kantor/kpu-contoh/impor/terapkan", app.base),
        &[("csrf", csrf.as_str()), ("reason", "RKT, IKU dan RAK 2025")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let plan = app.store.year_plan(office.id, Year::of(2025)).await.unwrap();
    assert!(
        preview.contains("<td>Perencanaan, Program dan Anggaran</td><td class=\"num\">Rp. 828.483.000</td>"),
        "the PK's budget is shown"
    );
    assert_eq!(
        (plan.objectives.len(), plan.indicators.len(), plan.actions.len()),
        (2, 2, 1)
    );
    let sub = plan.find_unit("subbag-rendatin").unwrap().id;
    let budget: Vec<(&str, String)> = plan
        .budget
        .iter()
        .filter(|b| b.unit == sub)
        .map(|b| (b.name.as_str(), b.ceiling.to_string()))
        .collect();
    assert_eq!(budget, [("Perencanaan, Program dan Anggaran", "828483000".to_string())]);
    let sub_year = plan.unit_years.iter().find(|y| y.unit == sub).unwrap();
    assert_eq!(
        sub_year.stated_budget_total.map(|d| d.to_string()).as_deref(),
        Some("828483000")
    );
    assert!(sub_year.has_pk);
    let i = plan
        .indicators
        .iter()
        .find(|i| i.text == "Persentase laporan tepat waktu")
        .unwrap();
    assert_eq!(
        (
            i.pk_target.as_ref().map(|v| v.raw()),
            i.rak_target.as_ref().map(|v| v.raw()),
            i.computation.as_deref(),
            i.data_source.as_deref()
        ),
        (
            Some("95%"),
            Some("95%"),
            Some("Laporan tepat waktu dibagi seluruh laporan x 100%"),
            Some("Arsip Sekretariat")
        )
    );
    let a = &plan.actions[0];
    assert_eq!(
        (a.text.as_str(), a.schedule.periods.clone(), a.executor.as_deref()),
        ("Menyusun laporan kinerja", vec![1, 4], Some("Sekretariat"))
    );
    let komisi = plan.find_unit("komisi").unwrap().id;
    let year = plan.unit_years.iter().find(|y| y.unit == komisi).unwrap();
    assert!(year.has_pk && year.has_rak, "{year:?}");
    let signed = year.rak_signed.as_ref().expect("the RAK is signed");
    let ketua = plan.people.iter().find(|p| p.code == "ketua").unwrap().id;
    assert_eq!(
        (
            signed.place.as_deref(),
            signed.date.map(|d| d.to_string()),
            signed.first,
            signed.second
        ),
        (Some("Contoh"), Some("2025-01-11".to_string()), None, Some(ketua))
    );
}

/// A scanned RAK page (`tests/fixtures`, a JPEG): read by OCR, the preview draws every cell read
/// over the page's image, which only the planner previewing it may fetch; the title's other
/// office is warned of.
#[tokio::test]
#[ignore = "needs Tesseract (Debian: tesseract-ocr tesseract-ocr-ind)"]
async fn a_scanned_rak_is_shown_over_its_page() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let (_, page) = text(&planner, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    let csrf = field(&page, "csrf");
    let scan = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/rak-contoh-pindai.jpg"
    ))
    .unwrap();
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "RAK pindai.jpg", scan))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    assert!(preview.contains("dibaca dari hasil pindai dengan OCR"), "{preview}");
    assert!(
        preview.contains("bukan KPU Kota Contoh"),
        "the title names KPU Kota Metro: {preview}"
    );
    assert!(
        preview.contains(r#"<image href="/kantor/kpu-contoh/impor/halaman/1""#),
        "{preview}"
    );
    assert!(
        preview.contains("<title>Baris ") && preview.contains(": Penyusunan LKj</title>"),
        "{preview}"
    );
    assert!(preview.matches("<rect ").count() > 40, "a box for every cell read");
    let image = planner
        .get(format!("{}/kantor/kpu-contoh/impor/halaman/1", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()["content-type"], "image/png");
    assert!(image.bytes().await.unwrap().starts_with(b"\x89PNG"));
    let none = planner
        .get(format!("{}/kantor/kpu-contoh/impor/halaman/2", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::NOT_FOUND);
    // Another user has no pending scan, and an operator may not import at all.
    let op = app.signed_in("operator").await;
    let r = op
        .get(format!("{}/kantor/kpu-contoh/impor/halaman/1", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// A table whose header OCR garbled past reading: the preview says, beside the table, that its
/// columns' roles were taken from what they hold, and names them.
#[tokio::test]
async fn a_table_read_by_its_content_is_marked_in_the_preview() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let (_, page) = text(&planner, format!("{}/kantor/kpu-contoh/impor", app.base)).await;
    let csrf = field(&page, "csrf");
    let source = "RENCANA AKSI KINERJA TAHUN 2025\n\n\
| 5A SA RAN | IN D1KA TOR | TA RG ET | KEG1 ATAN | T1 | T2 | T3 | T4 | PFLAK5ANA |\n\
|---|---|---|---|---|---|---|---|---|\n\
| Terwujudnya rencana kerja yang efektif | Jumlah revisi rencana kerja | 12 Kali | Melakukan revisi anggaran | √ | | √ | | Subbag Perencanaan |\n\
| | Persentase laporan monev tepat waktu | 75% | Membuat laporan monev | √ | √ | √ | √ | Subbag Perencanaan |\n";
    let r = planner
        .post(format!("{}/kantor/kpu-contoh/impor", app.base))
        .multipart(upload(&csrf, "rak.md", source.as_bytes().to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let preview = r.text().await.unwrap();
    let note = preview
        .split(r#"<p class="notice inferred" role="note">"#)
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or_else(|| panic!("no note beside the table: {preview}"));
    assert!(
        note.starts_with("Judul kolom tidak terbaca; peran kolom disimpulkan dari isinya")
            && note.contains("1 SASARAN, 2 INDIKATOR, 3 TARGET, 4 KEGIATAN"),
        "{note}"
    );
}
