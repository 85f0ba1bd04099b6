//! The `kinerja` command as a user runs it: the demo, achievement, check, and bad input.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value as Json;

mod common;
use common::{demo_db, kinerja, sqlite, stderr, stdout};

fn kinerja_with_input(db: &str, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args(["--db", db])
        .args(args)
        .env_remove("KINERJA_DATABASE_URL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kinerja");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait for kinerja")
}

#[test]
fn demo_prints_the_kota_metro_achievement_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let out = kinerja(&db, &["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Demo KPU Kota Metro 2024 dimuat ke sqlite: 11 unit"),
        "{text}"
    );
    assert!(text.contains("KPU Kota Metro — Capaian Kinerja 2024"));
    assert!(
        text.contains("Subbagian Hukum dan Sumber Daya Manusia — capaian unit 111,81%"),
        "{text}"
    );
    // 5 of 3 trained people: 100% realised (a percentage of a counted group is at most 100),
    // against the sub-section's 90%: 111,11%, "Sangat Baik" on the Kota Metro scale.
    assert!(
        text.lines().any(|l| l.contains("3 Orang")
            && l.contains("5 orang")
            && l.contains("111,11%")
            && l.contains("Sangat Baik"))
    );
    assert!(
        text.contains("Capaian kantor (PK sendiri: KPU Kota Metro, 16 sasaran, 25 indikator): 105,74%"),
        "{text}"
    );
    assert!(text.contains("(satuan berbeda: target 'triwulan', realisasi 'laporan')"));
    // Running it again refreshes instead of duplicating.
    let again = kinerja(&db, &["demo"]);
    assert_eq!(stdout(&again), text);
}

#[test]
fn achievement_json_has_the_documented_shape() {
    let (_dir, db) = demo_db();
    let out = kinerja(
        &db,
        &["achievement", "--office", "KPU Kota Metro", "--year", "2024", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["office"], "KPU Kota Metro");
    assert_eq!(doc["year"], 2024);
    let units = doc["units"].as_array().unwrap();
    // The office's figure is its own PK, the commission's (LKj Tabel 1): 16 objectives, 12 of
    // them with a computable indicator. Their figures, each indicator fed by the sub-section
    // indicator that supports it:
    // - 100% (6 objectives): diklat, Pemutakhiran, ad hoc, the two of transport and facilities,
    //   voter education — each 100% realised against the commission's 100% target; and the two
    //   grades, B of B;
    // - 2000/19 = 105,263…% (2): monitoring reports and BMN, 100% realised against 95%;
    // - 1000/9 = 111,111…% (3): accounting reports, legal products, IT — 100% against 90%;
    // - 125% (1): disputes, 100% realised through reports against 80%, not inverted.
    // (6 × 100 + 2 × 2000/19 + 3 × 1000/9 + 125) / 12 = 72325/684 = 105,738…% → 105,74.
    // The mean of the five units (which counted the sub-sections twice) was 105,06% before.
    assert_eq!(doc["achievement"].as_f64(), Some(105.74));
    assert_eq!(doc["reason"], Json::Null);
    assert_eq!(
        doc["own_pk"],
        serde_json::json!({"unit": "komisi", "objectives": 16, "indicators": 25})
    );
    let hukum = units.iter().find(|u| u["code"] == "subbag-hukum").unwrap();
    assert_eq!(hukum["achievement"].as_f64(), Some(111.81));
    let trained = hukum["objectives"][1]["indicators"][0].clone();
    assert_eq!(
        trained["target"],
        serde_json::json!({"raw": "3 Orang", "kind": "quantity", "value": 3.0, "unit": "Orang"})
    );
    assert_eq!(trained["realisation"]["raw"], "5 orang");
    assert_eq!(trained["realised_percent"].as_f64(), Some(100.0));
    assert_eq!(trained["achievement"].as_f64(), Some(111.11));
    assert_eq!(trained["category"], "Sangat Baik");
    assert_eq!(trained["reported_achievement"], "100%");
    let rendatin = units.iter().find(|u| u["code"] == "subbag-rendatin").unwrap();
    let revisions = &rendatin["objectives"][2]["indicators"][0];
    assert_eq!(revisions["achievement"], Json::Null);
    assert_eq!(revisions["reason"]["code"], "unit_mismatch");
    let grade = &rendatin["objectives"][0]["indicators"][0];
    assert_eq!(grade["target"]["kind"], "grade");
    assert_eq!(grade["target"]["value"], "B");
    assert_eq!(grade["achievement"].as_f64(), Some(100.0));
    let compound = &rendatin["objectives"][1]["indicators"][0]["target"];
    assert_eq!(compound["parts"].as_array().unwrap().len(), 2);
    assert!(doc["achievement"].as_f64().is_some());
}

#[test]
fn achievement_of_one_unit_and_in_english() {
    let (_dir, db) = demo_db();
    let out = kinerja(
        &db,
        &[
            "--lang",
            "en",
            "achievement",
            "--office",
            "kpu-kota-metro",
            "--unit",
            "Subbag KUL",
            "--year",
            "2024",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("KPU Kota Metro — Performance achievement 2024"));
    // Its own PK's objectives: 111,11% (12 of 12 months, 100% realised against 90%), 105,26%
    // (2 of 2 reports against 95%) and 100% (12 of 10 vehicles is 100% realised, against 100%;
    // 1 of 1 report): 105,46%.
    assert!(
        text.contains("Subbagian Keuangan, Umum dan Logistik — unit achievement 105,46%"),
        "{text}"
    );
    assert!(
        text.contains("Scale: Skala penilaian capaian KPU Kota Metro (< 55% Gagal; ≥ 55% and ≤ 75% Cukup Baik"),
        "{text}"
    );
    assert!(!text.contains("Subbagian Hukum"));
    // The LKj realisations are yearly: up to June there is nothing yet.
    let june = kinerja(
        &db,
        &[
            "achievement",
            "--office",
            "kpu-kota-metro",
            "--year",
            "2024",
            "--period",
            "B6",
            "--json",
        ],
    );
    let doc: Json = serde_json::from_slice(&june.stdout).unwrap();
    assert_eq!(doc["period"], "B6");
    assert_eq!(doc["achievement"], Json::Null);
}

#[test]
fn check_lists_the_real_inconsistencies_and_exits_1() {
    let (_dir, db) = demo_db();
    let out = kinerja(
        &db,
        &["check", "--office", "KPU Kota Metro", "--year", "2024", "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: Json = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let has = |code: &str, needle: &str| {
        findings
            .iter()
            .any(|f| f["code"] == code && f["message"].as_str().unwrap_or("").contains(needle))
    };
    // The LKj's scale as printed: "Kurang dari 5%" and "76% sampai dengan 100%" leave gaps.
    assert!(has("scale_gap", "≥ 5% dan < 55%"));
    assert!(has("scale_gap", "> 75% dan < 76%"));
    // B against B reported as 90%.
    assert!(has(
        "reported_achievement_differs",
        "capaian yang dilaporkan 90% berbeda dengan hasil hitung 100% (target B, realisasi B)"
    ));
    // 4 laporan against 4 laporan reported as 95%.
    assert!(has(
        "reported_achievement_differs",
        "95% berbeda dengan hasil hitung 105,26% (target 4 laporan"
    ));
    assert!(has(
        "realisation_kind_mismatch",
        "'4 laporan' tidak sejenis dengan target '4 triwulan'"
    ));
    assert!(has("percent_indicator_non_percent_target", "10 media massa"));
    assert!(has(
        "cascade_target_differs",
        "'95%' berbeda dengan target PK unit atasan KPU Kota Metro '100%'"
    ));
    assert!(has("cascade_target_differs", "'5 Calon'"));
    assert!(has("rak_without_pk", "Sekretariat"));
    assert!(has("reported_target_differs", ""));
    let rak_not_in_pk = findings
        .iter()
        .filter(|f| f["code"] == "rak_indicator_not_in_pk")
        .count();
    assert_eq!(
        rak_not_in_pk, 23,
        "no RAK indicator of the commission or the sub-sections is in their PK"
    );
    for f in findings {
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
        assert!(f["place"].is_object());
    }
    let english = kinerja(
        &db,
        &["--lang", "en", "check", "--office", "kpu-kota-metro", "--year", "2024"],
    );
    assert!(stdout(&english).contains("gap: values ≥ 5% and < 55% fall in no category"));
}

#[test]
fn bad_input_is_one_line_exit_2_and_writes_nothing() {
    let (dir, db) = demo_db();
    let cases: &[(&[&str], &str)] = &[
        (
            &["achievement", "--office", "KPU Kota Lain", "--year", "2024"],
            "office 'KPU Kota Lain' not found; known offices: KPU RI (kpu-ri)",
        ),
        (
            &[
                "achievement",
                "--office",
                "kpu-kota-metro",
                "--year",
                "2024",
                "--period",
                "B13",
            ],
            "--period: 'B13' is not a period",
        ),
        (
            &["achievement", "--office", "kpu-kota-metro", "--year", "1800"],
            "--year: '1800' is not a year 2000–2100",
        ),
        (
            &[
                "achievement",
                "--office",
                "kpu-kota-metro",
                "--unit",
                "Subbag Tidak Ada",
                "--year",
                "2024",
            ],
            "unit 'Subbag Tidak Ada' not found",
        ),
        (
            &["load", "/nonexistent/file.toml"],
            "cannot read /nonexistent/file.toml",
        ),
    ];
    for (args, expected) in cases {
        let out = kinerja(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.starts_with("kinerja: error: ") && err.contains(expected),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
    // A broken dataset file names file, line, column and field, and changes nothing.
    let demo = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/demo/kpu-kota-metro-2024.toml"
    ))
    .unwrap();
    let broken = demo
        .replacen("name = \"KPU Kota Metro\"", "name = \"KPU Kota Metro Baru\"", 1)
        .replacen("ceiling = \"Rp. 828.483.000\"", "ceiling = \"Rp. 828,483.000\"", 1);
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, &broken).unwrap();
    let before = stdout(&kinerja(
        &db,
        &["achievement", "--office", "kpu-kota-metro", "--year", "2024", "--json"],
    ));
    let out = kinerja(&db, &["load", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let line = broken[..broken.find("ceiling = \"Rp. 828,483.000\"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(
        stderr(&out).contains(&format!("broken.toml:{line}:11: ceiling: 'Rp. 828,483.000' column 12")),
        "{}",
        stderr(&out)
    );
    let after = stdout(&kinerja(
        &db,
        &["achievement", "--office", "kpu-kota-metro", "--year", "2024", "--json"],
    ));
    assert_eq!(before, after);
    assert!(after.contains("\"office\": \"KPU Kota Metro\""));
}

#[test]
fn databases_that_cannot_be_opened_are_named() {
    let out = kinerja("mysql://localhost/kinerja", &["migrate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown database URL 'mysql://localhost/kinerja'"));
    let out = kinerja("sqlite:///nonexistent-dir/kinerja.db", &["migrate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot open the database sqlite:///nonexistent-dir/kinerja.db"));
    let out = kinerja("postgres://kinerja@127.0.0.1:1/kinerja", &["migrate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot open the database postgres://kinerja@127.0.0.1:1/kinerja"),
        "{}",
        stderr(&out)
    );
    let empty = tempfile::tempdir().unwrap();
    let out = kinerja(
        &sqlite(empty.path()),
        &["check", "--office", "KPU Kota Metro", "--year", "2024"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the database has no offices yet (run `kinerja demo`"));
}

#[test]
fn the_audit_log_shows_who_loaded_the_demo() {
    let (_dir, db) = demo_db();
    let out = kinerja(&db, &["audit", "--office", "kpu-kota-metro", "--limit", "100"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("create unit_plan subbag-hukum/2024 — kinerja demo: KPU Kota Metro 2024 from its RAK and LKj"),
        "{text}"
    );
}

#[test]
fn users_are_added_listed_and_disabled_from_the_command_line() {
    let (_dir, db) = demo_db();
    let add = |args: &[&str], password: &str| kinerja_with_input(&db, args, password);
    let out = add(
        &[
            "user",
            "add",
            "op.rendatin",
            "--name",
            "Operator Rendatin",
            "--role",
            "operator",
            "--office",
            "KPU Kota Metro",
            "--unit",
            "Subbag Rendatin",
        ],
        "rahasia-operator\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "op.rendatin (Operator Rendatin): operator KPU Kota Metro\n"
    );
    // Each refused line: the arguments (separated by |), the password typed, the message.
    let refused = [
        (
            "user|add|op.dua|--name|X|--role|operator|--office|kpu-kota-metro|--unit|Subbag Rendatin",
            "pendek\n",
            "a password needs at least 8 characters",
        ),
        (
            "user|add|op.tiga|--name|X|--role|operator|--office|kpu-kota-metro",
            "rahasia-123\n",
            "--role operator needs --unit",
        ),
        (
            "user|add|pl.dua|--name|X|--role|planner|--office|kpu-kota-metro|--unit|sekretariat",
            "rahasia-123\n",
            "leave out --unit",
        ),
        (
            "user|add|op.rendatin|--name|X|--role|reviewer|--office|kpu-kota-metro",
            "rahasia-123\n",
            "login 'op.rendatin' already exists",
        ),
        (
            "user|add|x.y|--name|X|--role|ketua|--office|kpu-kota-metro",
            "rahasia-123\n",
            "unknown role 'ketua'",
        ),
    ];
    for (args, password, expected) in refused {
        let args: Vec<&str> = args.split('|').collect();
        let out = add(&args, password);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
    }
    let out = add(
        &[
            "user",
            "add",
            "prov.lampung",
            "--name",
            "KPU Lampung",
            "--role",
            "oversight",
            "--office",
            "kpu-prov-lampung",
        ],
        "rahasia-provinsi\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kinerja(&db, &["user", "disable", "op.rendatin", "--reason", "pindah tugas"]);
    assert!(out.status.success());
    let list = stdout(&kinerja(&db, &["user", "list"]));
    assert_eq!(
        list,
        "op.rendatin\tOperator Rendatin\toperator KPU Kota Metro — Subbagian Perencanaan, Data dan Informasi\tdisabled\nprov.lampung\tKPU Lampung\toversight KPU Provinsi Lampung\n"
    );
    let out = kinerja_with_input(&db, &["user", "passwd", "tidak.ada"], "rahasia-baru\n");
    assert!(stderr(&out).contains("user 'tidak.ada' not found"));
    let audit = stdout(&kinerja(&db, &["audit", "--office", "kpu-kota-metro", "--limit", "2"]));
    assert!(audit.contains("disable user op.rendatin — pindah tugas"), "{audit}");
}

#[test]
fn api_tokens_are_made_listed_and_revoked_from_the_command_line() {
    let (_dir, db) = demo_db();
    let out = kinerja_with_input(
        &db,
        &[
            "user",
            "add",
            "dasbor",
            "--name",
            "Dasbor",
            "--role",
            "reviewer",
            "--office",
            "kpu-kota-metro",
        ],
        "rahasia-dasbor\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kinerja(&db, &["user", "token", "dasbor", "--name", "dasbor provinsi"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let secret = stdout(&out);
    assert!(secret.starts_with("knj_") && secret.trim().len() == 44, "{secret}");
    assert!(stderr(&out).contains("tidak akan ditampilkan lagi"));
    let list = stdout(&kinerja(&db, &["user", "tokens", "dasbor"]));
    assert!(
        list.contains("dasbor provinsi") && !list.contains(secret.trim()),
        "{list}"
    );
    let id = list.split('\t').next().unwrap().to_string();
    let out = kinerja(&db, &["user", "revoke", &id, "--reason", "tidak dipakai"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&kinerja(&db, &["user", "tokens", "dasbor"])).contains("(dicabut)"));
    let out = kinerja(&db, &["user", "token", "tidak-ada", "--name", "x"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("user 'tidak-ada' not found"), "{}", stderr(&out));
}

/// Starts `kinerja serve --demo` on a free port, returns what it printed up to its address.
fn serve_demo_once(db: &str, files: &Path) -> String {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args(["--db", db, "serve", "--demo", "--listen", "127.0.0.1:0", "--files"])
        .arg(files)
        .env_remove("KINERJA_DATABASE_URL")
        .env("KINERJA_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run kinerja serve");
    let mut printed = String::new();
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    while let Some(Ok(line)) = lines.next() {
        printed.push_str(&line);
        printed.push('\n');
        if line.contains("Kinerja berjalan di http://127.0.0.1:") {
            break;
        }
    }
    child.kill().expect("stop the server");
    child.wait().expect("wait for the server");
    printed
}

/// `serve --demo` loads the demo once, prints every demo user, and on the next start keeps what
/// was entered instead of loading the documents' figures over it.
#[test]
fn serve_demo_loads_once_and_prints_the_users() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let first = serve_demo_once(&db, &dir.path().join("berkas"));
    assert!(first.contains("Demo KPU Kota Metro 2024 dimuat."), "{first}");
    // The current year, illustrative, entered through the workflow up to today.
    assert!(
        first.contains("dimuat (angka rekaan, bukan data kantor):") && first.contains("periode terverifikasi"),
        "{first}"
    );
    for login in [
        "admin.metro",
        "perencana.metro",
        "operator.rendatin",
        "sekretaris.metro",
        "reviu.metro",
        "pengawas.lampung",
        "pengawas.ri",
        "evaluator.lampung",
        "ketua.evaluator.lampung",
        "admin.ri",
    ] {
        assert!(first.contains(login), "{login} missing:\n{first}");
    }
    let second = serve_demo_once(&db, &dir.path().join("berkas"));
    assert!(second.contains("tidak dimuat ulang"), "{second}");
    assert!(
        second.contains("Tahun ilustrasi ") && second.contains("sudah ada di basis data; tidak dimuat ulang."),
        "{second}"
    );
    assert!(second.contains("Kinerja berjalan di http://127.0.0.1:"));
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    // `kinerja check … | head -1`: the reader goes away.
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    assert!(kinerja(&db, &["demo"]).status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args(["--db", &db, "check", "--office", "kpu-kota-metro", "--year", "2024"])
        .env_remove("KINERJA_DATABASE_URL")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run kinerja");
    // The reader closes its end before the command has written (it is still opening the
    // database): its first line meets a closed pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
    // 0: it stopped writing, quietly (1 would be `check` finding errors, had it finished).
    assert_eq!(out.status.code(), Some(0), "{err}");
}
