//! The SAKIP evaluation (LKE) over HTTP: the office's self-assessment with the facts beside the
//! criteria, the province's evaluators' final values kept among them until proposed, the
//! office's response, the team leader's approval, the recommendations followed up into the
//! next year.

use super::*;

const OVERVIEW: &str = "/kantor/kpu-contoh/evaluasi?tahun=2024";
const COMPONENT_1: &str = "/kantor/kpu-contoh/evaluasi/komponen/1";

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, page: &str, form: &[(&str, &str)]) -> reqwest::Response {
    let token = field(page, "csrf");
    let mut all: Vec<(&str, &str)> = vec![("csrf", &token), ("tahun", "2024")];
    all.extend_from_slice(form);
    submit(c, format!("{}{path}", app.base), &all).await
}

async fn page(app: &TestApp, c: &reqwest::Client, path: &str) -> String {
    let (status, body) = text(c, format!("{}{path}", app.base)).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    body
}

async fn download(app: &TestApp, c: &reqwest::Client, path: &str) -> Vec<u8> {
    let r = c.get(format!("{}{path}", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.bytes().await.unwrap().to_vec()
}

/// A file of an office document's zip (DOCX, XLSX) as text.
fn zipped(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The text of the summary figure that follows `label` (its first `<strong>`).
fn figure(page: &str, label: &str) -> String {
    let at = page
        .find(&format!(">{label}</span><strong"))
        .unwrap_or_else(|| panic!("{label}"));
    let rest = &page[at..];
    let open = rest.find("<strong").unwrap();
    let start = open + rest[open..].find('>').unwrap() + 1;
    rest[start..start + rest[start..].find("</strong>").unwrap()].to_string()
}

#[tokio::test]
async fn an_office_assesses_itself_the_province_reviews_and_the_recommendations_carry_on() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let member = app.signed_in("evaluator").await;
    let lead = app.signed_in("ketua.evaluator").await;

    // The office's component page: each criterion with the facts Kinerja computes beside it.
    let form = page(&app, &planner, &format!("{COMPONENT_1}?tahun=2024")).await;
    assert!(
        form.contains("1.a.1") && form.contains("name=\"a_1.a.1\""),
        "the office answers here"
    );
    assert!(
        form.contains("dari 3 unit memiliki Perjanjian Kinerja 2024"),
        "a fact beside 1.a.4"
    );
    assert!(form.contains("0/25</b>"), "no answer yet");
    // One Y/T answer and one graded: 1.a (weight 6, 7 criteria) scores 6 × 1/7 = 0,857… → 0,86;
    // 1.b.1 (1.b: weight 9, 10 criteria) answered B (0,75): 9 × 0,075 = 0,675 → total 1,53.
    let r = post(
        &app,
        &planner,
        COMPONENT_1,
        &form,
        &[
            ("stage", "self"),
            ("a_1.a.1", "Y"),
            ("n_1.a.1", "SOP perencanaan 2023"),
            ("a_1.b.1", "B"),
            ("a_1.a.2", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("{COMPONENT_1}?tahun=2024&tersimpan=1"));
    let overview = page(&app, &planner, OVERVIEW).await;
    assert_eq!(figure(&overview, "Penilaian mandiri"), "1,53");
    assert!(overview.contains("Predikat: <b>D</b> · 2/80 dijawab"), "{overview}");
    // An answer of the wrong kind: refused, naming the criterion; nothing written.
    let r = post(
        &app,
        &planner,
        COMPONENT_1,
        &form,
        &[("stage", "self"), ("a_1.a.1", "B")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("kriteria 1.a.1 dijawab B"));
    // The office does not give its own final values.
    let r = post(
        &app,
        &planner,
        COMPONENT_1,
        &form,
        &[("stage", "final"), ("a_1.a.1", "Y")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The province's evaluator sees the self-assessment and gives final values.
    let theirs = page(&app, &member, &format!("{COMPONENT_1}?tahun=2024")).await;
    assert!(theirs.contains("name=\"stage\" value=\"final\"") && theirs.contains("SOP perencanaan 2023"));
    let r = post(
        &app,
        &member,
        COMPONENT_1,
        &theirs,
        &[("stage", "final"), ("a_1.a.1", "T"), ("a_1.b.1", "A")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Until proposed, the office sees no final value (1.b: 9 × 0,1 = 0,9 for the evaluators).
    assert_eq!(figure(&page(&app, &member, OVERVIEW).await, "Nilai evaluator"), "0,9");
    let overview = page(&app, &planner, OVERVIEW).await;
    assert_eq!(figure(&overview, "Nilai evaluator"), "–");
    assert!(!overview.contains("value=\"approve\""));
    let draft = docx_text(&download(&app, &planner, "/kantor/kpu-contoh/evaluasi/unduh/lhe.docx?tahun=2024").await);
    assert!(
        draft.contains("DRAF") && draft.contains("belum diusulkan tim evaluator"),
        "the office's report before the proposal"
    );
    // Proposed with a recommendation; the member cannot approve.
    let theirs = page(&app, &member, OVERVIEW).await;
    let r = post(
        &app,
        &member,
        "/kantor/kpu-contoh/evaluasi/tinjau",
        &theirs,
        &[("langkah", "propose")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let add = [
        ("op", "add"),
        ("komponen", "1"),
        ("temuan", "Pedoman teknis perencanaan belum ditetapkan"),
        ("rekomendasi", "Tetapkan SOP perencanaan kinerja"),
    ];
    let r = post(&app, &member, "/kantor/kpu-contoh/evaluasi/rekomendasi", &theirs, &add).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &app,
        &member,
        "/kantor/kpu-contoh/evaluasi/tinjau",
        &theirs,
        &[("langkah", "approve")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // The office sees the values and the recommendation, responds, and plans its follow-up.
    let overview = page(&app, &planner, OVERVIEW).await;
    assert_eq!(figure(&overview, "Nilai evaluator"), "0,9");
    assert!(overview.contains("Tetapkan SOP perencanaan kinerja") && overview.contains("value=\"respond\""));
    let r = post(
        &app,
        &planner,
        "/kantor/kpu-contoh/evaluasi/tinjau",
        &overview,
        &[("langkah", "respond"), ("teks", "SOP sudah ada sejak 2023, terlampir")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = field(&overview, "id");
    let follow = [
        ("op", "follow"),
        ("id", id.as_str()),
        ("rencana", "Menetapkan SK SOP perencanaan"),
        ("batas", "2025-03-31"),
        ("status", "in_progress"),
        ("bukti", ""),
    ];
    let r = post(
        &app,
        &planner,
        "/kantor/kpu-contoh/evaluasi/rekomendasi",
        &overview,
        &follow,
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The leader approves; the final values are locked.
    let theirs = page(&app, &lead, OVERVIEW).await;
    assert!(
        theirs.contains("SOP sudah ada sejak 2023, terlampir"),
        "the response is read"
    );
    let r = post(
        &app,
        &lead,
        "/kantor/kpu-contoh/evaluasi/tinjau",
        &theirs,
        &[("langkah", "approve")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let approved = page(&app, &planner, OVERVIEW).await;
    assert_eq!(figure(&approved, "Status evaluasi"), "Disetujui ketua tim");
    let theirs = page(&app, &member, &format!("{COMPONENT_1}?tahun=2024")).await;
    assert!(!theirs.contains("name=\"stage\""), "nothing to answer once approved");
    let r = post(
        &app,
        &member,
        COMPONENT_1,
        &theirs,
        &[("stage", "final"), ("a_1.a.1", "Y")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The office confirms the grade as its PK's realisation: the test PK has no such
    // indicator, which is said; evaluators do not confirm for the office.
    let approved = page(&app, &planner, OVERVIEW).await;
    assert!(approved.contains("value=\"confirm\""));
    let r = post(
        &app,
        &member,
        "/kantor/kpu-contoh/evaluasi/tinjau",
        &approved,
        &[("langkah", "confirm")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(
        &app,
        &planner,
        "/kantor/kpu-contoh/evaluasi/tinjau",
        &approved,
        &[("langkah", "confirm")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("tidak memiliki indikator “Nilai evaluasi atas akuntabilitas kinerja”")
    );

    // The report, signed by the leader, and the worksheet the evaluators work in.
    let lhe = docx_text(&download(&app, &planner, "/kantor/kpu-contoh/evaluasi/unduh/lhe.docx?tahun=2024").await);
    for said in [
        "LAPORAN HASIL EVALUASI",
        "Tim Evaluator KPU Provinsi Contoh",
        "Pedoman teknis perencanaan belum ditetapkan",
        "Tetapkan SOP perencanaan kinerja",
        "adalah 0,9 dengan predikat D (Sangat Kurang)",
        "Predikat ini di bawah target KPU (BB (Sangat Baik))",
        "Nama ketua.evaluator",
    ] {
        assert!(lhe.contains(said), "{said}");
    }
    assert!(!lhe.contains("DRAF"));
    let pdf = download(&app, &lead, "/kantor/kpu-contoh/evaluasi/unduh/lhe.pdf?tahun=2024").await;
    assert!(pdf.starts_with(b"%PDF"));
    let lke = download(&app, &member, "/kantor/kpu-contoh/evaluasi/unduh/lke.xlsx?tahun=2024").await;
    let strings = zipped(&lke, "xl/sharedStrings.xml");
    assert!(strings.contains("Mandiri: SOP perencanaan 2023") && strings.contains("NILAI EVALUATOR"));
    let (status, _) = text(
        &planner,
        format!("{}/kantor/kpu-contoh/evaluasi/unduh/lhe.xlsx?tahun=2024", app.base),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the report is no sheet");

    // The next year's page carries the recommendation and its follow-up; the fact beside 4.c.2
    // counts it (not done yet).
    let next = page(&app, &planner, "/kantor/kpu-contoh/evaluasi?tahun=2025").await;
    assert!(next.contains("Tindak lanjut rekomendasi evaluasi tahun 2024"));
    assert!(next.contains("Tetapkan SOP perencanaan kinerja") && next.contains("Menetapkan SK SOP perencanaan"));
    let four = page(&app, &planner, "/kantor/kpu-contoh/evaluasi/komponen/4?tahun=2025").await;
    assert!(four.contains("0 dari 1 rekomendasi evaluasi tahun lalu selesai ditindaklanjuti (0%)"));
    // The LKj's texts written in Kinerja, beside 3.a.1 and 3.a.6.
    let three = page(&app, &planner, "/kantor/kpu-contoh/evaluasi/komponen/3?tahun=2024").await;
    assert_eq!(
        three
            .matches("0 dari 7 bagian wajib LKj 2024 sudah ditulis di Kinerja (0%)")
            .count(),
        2
    );

    // Every step is in the office's audit log.
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let log = app.store.audit_log(Some(office.id), 100).await.unwrap();
    for entity in ["lke_answer", "lke_review", "lke_recommendation", "lke_follow_up"] {
        assert!(log.iter().any(|e| e.entity == entity), "{entity} audited");
    }
}

#[tokio::test]
async fn the_evaluation_pages_speak_english_and_refuse_what_no_form_sends() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let home = page(&app, &planner, OVERVIEW).await;
    let r = submit(
        &planner,
        format!("{}/bahasa", app.base),
        &[("csrf", field(&home, "csrf").as_str()), ("lang", "en")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let english = page(&app, &planner, OVERVIEW).await;
    assert!(english.contains("SAKIP evaluation") && english.contains("Self-assessment"));
    let component = page(&app, &planner, &format!("{COMPONENT_1}?tahun=2024")).await;
    assert!(component.contains("Facts from Kinerja are shown under the criteria"));
    // A component the worksheet does not have.
    let (status, _) = text(
        &planner,
        format!("{}/kantor/kpu-contoh/evaluasi/komponen/9?tahun=2024", app.base),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for form in [
        vec![("stage", "semua"), ("a_1.a.1", "Y")],
        vec![("stage", "self"), ("a_1.a.1", "Mungkin")],
    ] {
        let r = post(&app, &planner, COMPONENT_1, &component, &form).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{form:?}");
    }
    let r = post(
        &app,
        &planner,
        COMPONENT_1,
        &component,
        &[("stage", "self"), ("a_9.z.9", "Y")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for form in [
        vec![("langkah", "lompat")],
        vec![("langkah", "reopen"), ("sampai", "kemarin")],
    ] {
        let r = post(&app, &planner, "/kantor/kpu-contoh/evaluasi/tinjau", &component, &form).await;
        assert!(r.status().is_client_error(), "{form:?}: {}", r.status());
    }
    let r = post(
        &app,
        &planner,
        "/kantor/kpu-contoh/evaluasi/rekomendasi",
        &component,
        &[("op", "follow"), ("id", "x")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(
        &app,
        &planner,
        "/kantor/kpu-contoh/evaluasi/rekomendasi",
        &component,
        &[("op", "follow"), ("id", "123456"), ("status", "open")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let office = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let log = app.store.audit_log(Some(office.id), 100).await.unwrap();
    assert!(log.iter().all(|e| !e.entity.starts_with("lke")), "nothing written");
}

/// Oversight of grades on the web and the API: the province sees the offices below it with the
/// evaluators' grade once proposed (its evaluators before), the offices below the BB target
/// marked; another office's planner sees only its own.
#[tokio::test]
async fn grades_are_seen_from_above_and_only_there() {
    use kinerja_domain::evaluation::Answer;
    use kinerja_domain::evaluation::review::ReviewStep;
    use kinerja_store::evaluations::{NewAnswer, Stage};
    let app = app().await;
    let actor = Actor::new("uji");
    let contoh = app.store.find_office("kpu-contoh").await.unwrap().unwrap();
    let lain = app.store.find_office("kpu-lain").await.unwrap().unwrap();
    let year = Year::of(2024);
    let answer = |code: &str, a| NewAnswer {
        criterion: code.into(),
        answer: a,
        note: None,
    };
    // KPU Kota Contoh: final values 1.a.1 Y (6/7 = 0,857…) and 1.b.1 A (0,9): 1,76, D.
    let finals = [answer("1.a.1", Answer::Y), answer("1.b.1", Answer::A)];
    app.store
        .save_lke_answers(&actor, contoh.id, year, Stage::Final, &finals, None)
        .await
        .unwrap();
    // KPU Kota Lain: its self-assessment only.
    let own = [answer("1.a.1", Answer::Y)];
    app.store
        .save_lke_answers(&actor, lain.id, year, Stage::SelfAssessment, &own, None)
        .await
        .unwrap();
    let province = app.signed_in("provinsi").await;
    let before = page(&app, &province, "/pengawasan/evaluasi?tahun=2024").await;
    assert!(
        before.contains("3 kantor · 3 belum dinilai"),
        "not proposed: not graded for oversight"
    );
    let member = app.signed_in("evaluator").await;
    let theirs = page(&app, &member, "/pengawasan/evaluasi?tahun=2024").await;
    assert!(
        theirs.contains("3 kantor · 2 belum dinilai · 1 di bawah target BB"),
        "{theirs}"
    );
    app.store
        .step_lke_review(&actor, contoh.id, year, &ReviewStep::Propose)
        .await
        .unwrap();

    let after = page(&app, &province, "/pengawasan/evaluasi?tahun=2024").await;
    assert!(
        after.contains("3 kantor · 2 belum dinilai · 1 di bawah target BB"),
        "{after}"
    );
    assert!(
        after.contains("<td class=\"num\">1,76</td><td class=\"num\"><strong>D</strong>"),
        "{after}"
    );
    assert!(after.contains("0,86 (D)"), "KPU Kota Lain's self-assessment");
    let only_below = page(&app, &province, "/pengawasan/evaluasi?tahun=2024&bawah=1").await;
    assert!(only_below.contains("KPU Kota Contoh") && !only_below.contains("KPU Kota Lain</a>"));
    // Another office's planner: its own office only.
    let stranger = app.signed_in("orang.lain").await;
    let own_only = page(&app, &stranger, "/pengawasan/evaluasi?tahun=2024").await;
    assert!(own_only.contains("1 kantor") && !own_only.contains("KPU Kota Contoh"));

    // The API, the same figures.
    let token = app.token_for("provinsi").await;
    let (status, json) = app.api_get(&token, "/api/v1/evaluations?year=2024").await;
    assert_eq!(status, StatusCode::OK);
    let rows = json.as_array().unwrap();
    let row = |code: &str| rows.iter().find(|r| r["office"] == code).unwrap().clone();
    assert_eq!(rows.len(), 3);
    let c = row("kpu-contoh");
    assert_eq!(
        (
            c["total"].as_str(),
            c["grade"].as_str(),
            c["below_target"].as_bool(),
            c["state"].as_str()
        ),
        (Some("1.76"), Some("D"), Some(true), Some("proposed"))
    );
    let l = row("kpu-lain");
    assert_eq!((l["grade"].is_null(), l["self_total"].as_str()), (true, Some("0.86")));
    let theirs = app.token_for("orang.lain").await;
    let (_, json) = app.api_get(&theirs, "/api/v1/evaluations?year=2024").await;
    assert_eq!(json.as_array().unwrap().len(), 1);
    let (status, _) = app.api_get(&token, "/api/v1/evaluations?year=1900").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// Evidence beside a criterion: a document of the year Kinerja holds, or a file uploaded (read
/// by its bytes, bounded in size), shown to the evaluators above, removed with a reason.
#[tokio::test]
async fn evidence_is_named_or_uploaded_per_criterion_and_read_from_above() {
    let app = app().await;
    let planner = app.signed_in("planner").await;
    let url = format!("{}/kantor/kpu-contoh/evaluasi/bukti", app.base);
    let component = page(&app, &planner, &format!("{COMPONENT_1}?tahun=2024")).await;
    let csrf = field(&component, "csrf");
    let form = |criterion: &str| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("tahun", "2024")
            .text("komponen", "1")
            .text("kriteria", criterion.to_string())
    };
    let send = |f: reqwest::multipart::Form| planner.post(&url).multipart(f).send();
    // The PK of the year for 1.a.4; a scanned SK for 1.a.1.
    let r = send(form("1.a.4").text("dokumen", "pk")).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("{COMPONENT_1}?tahun=2024&tersimpan=1"));
    let sk = reqwest::multipart::Part::bytes(pdf(2_000)).file_name("SK SOP Perencanaan.pdf");
    let r = send(form("1.a.1").part("berkas", sk)).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Refused: a page of HTML, a file over the limit (64 KiB here), a criterion of no
    // worksheet, nothing chosen.
    let html = reqwest::multipart::Part::bytes(b"<html><script>x</script></html>".to_vec()).file_name("a.pdf");
    let r = send(form("1.a.1").part("berkas", html)).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = reqwest::multipart::Part::bytes(pdf(70 * 1024)).file_name("besar.pdf");
    let r = send(form("1.a.1").part("berkas", big)).await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = send(form("9.z.9").text("dokumen", "pk")).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(form("1.a.1")).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    let shown = page(&app, &planner, &format!("{COMPONENT_1}?tahun=2024")).await;
    assert!(shown.contains("href=\"/kantor/kpu-contoh/dokumen/pk.pdf?tahun=2024\">Perjanjian Kinerja (PK)</a>"));
    assert!(shown.contains("SK SOP Perencanaan.pdf ("), "{shown}");
    let href = "/kantor/kpu-contoh/evaluasi/bukti/";
    let at = shown.find(href).unwrap();
    let file = &shown[at..at + shown[at..].find('"').unwrap()];
    // The province's evaluator reads it; the office's other page lists stay as they were.
    let member = app.signed_in("evaluator").await;
    let r = member.get(format!("{}{file}", app.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().len(), pdf(2_000).len());
    let theirs = page(&app, &member, &format!("{COMPONENT_1}?tahun=2024")).await;
    assert!(
        theirs.contains("SK SOP Perencanaan.pdf") && !theirs.contains("name=\"berkas\""),
        "evaluators read, add nothing"
    );
    // An evaluator cannot add the office's evidence.
    let member_form = reqwest::multipart::Form::new()
        .text("csrf", field(&theirs, "csrf"))
        .text("tahun", "2024")
        .text("komponen", "1")
        .text("kriteria", "1.a.2")
        .text("dokumen", "renstra");
    let r = member.post(&url).multipart(member_form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The filled worksheet names what was given beside what each criterion expects.
    let lke = download(&app, &member, "/kantor/kpu-contoh/evaluasi/unduh/lke.xlsx?tahun=2024").await;
    let strings = zipped(&lke, "xl/sharedStrings.xml");
    assert!(strings.contains("Diberikan: Perjanjian Kinerja (PK) 2024"), "{strings}");
    assert!(
        strings.contains("Diberikan: berkas “SK SOP Perencanaan.pdf”"),
        "{strings}"
    );
    // Removed with a reason.
    let id = field(&shown, "id");
    let r = send(
        form("1.a.1")
            .text("op", "remove")
            .text("id", id)
            .text("alasan", "salah unggah"),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = page(&app, &planner, &format!("{COMPONENT_1}?tahun=2024")).await;
    assert_eq!(
        after.matches("/kantor/kpu-contoh/evaluasi/bukti/").count() + after.matches("dokumen/pk.pdf").count(),
        1
    );
}

/// The schedule: read by everyone, set by the national office's admins only (audited); a window
/// that closes before it opens, or half given, is refused and nothing is written.
#[tokio::test]
async fn the_schedule_is_set_by_the_national_admins_only() {
    let app = app().await;
    // The test tree's national office is the province at its root; its admin sets the schedule.
    let root = app.store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    let hash = kinerja_store::password::hash(PASSWORD).unwrap();
    let admin = NewUser {
        login: "admin.pusat".parse().unwrap(),
        name: "Admin pusat".into(),
        password_hash: hash,
        lang: Lang::Id,
        grants: vec![Grant {
            role: Role::Admin,
            office: root.id,
            unit: None,
        }],
    };
    app.store.create_user(&Actor::new("uji"), &admin, "uji").await.unwrap();
    let national = app.signed_in("admin.pusat").await;
    let planner = app.signed_in("planner").await;
    const SCHEDULE: &str = "/pengawasan/evaluasi/jadwal";
    let theirs = page(&app, &planner, &format!("{SCHEDULE}?tahun=2024")).await;
    assert!(theirs.contains("tanpa jadwal (terbuka)") && !theirs.contains("name=\"opens_regency\""));
    let r = post(
        &app,
        &planner,
        SCHEDULE,
        &theirs,
        &[("opens_regency", "2026-01-10"), ("closes_regency", "2026-02-10")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let form = page(&app, &national, &format!("{SCHEDULE}?tahun=2024")).await;
    for bad in [
        vec![("opens_regency", "2026-02-10"), ("closes_regency", "2026-01-10")],
        vec![("opens_regency", "2026-01-10")],
    ] {
        let r = post(&app, &national, SCHEDULE, &form, &bad).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = post(
        &app,
        &national,
        SCHEDULE,
        &form,
        &[
            ("opens_regency", "2026-01-10"),
            ("closes_regency", "2026-02-10"),
            ("reason", "jadwal LKE 2024"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let windows = app.store.lke_windows(Year::of(2024)).await.unwrap();
    assert_eq!(windows.len(), 1);
    assert_eq!(
        (windows[0].1.opens.to_string(), windows[0].1.closes.to_string()),
        ("2026-01-10".into(), "2026-02-10".into())
    );
    let shown = page(&app, &planner, &format!("{SCHEDULE}?tahun=2024")).await;
    assert!(shown.contains("10 Januari 2026 – 10 Februari 2026"), "{shown}");
    let log = app.store.audit_log(None, 50).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.entity == "lke_window" && e.reason.as_deref() == Some("jadwal LKE 2024"))
    );
}
