//! `kinerja export` and `kinerja import-office`: an office moved from a SQLite pilot to another
//! instance (SQLite, and PostgreSQL in CI) with its evidence files, every figure the same; an
//! archive that is damaged or hostile, or a year the instance has, is refused and nothing is
//! written.

use std::io::{Read, Write};
use std::path::Path;

use sqlx::Connection;

mod common;
use common::server::Database;
use common::{demo_db, kinerja, sqlite, stderr, stdout};

const OFFICE: &str = "kpu-kota-metro";
const EVIDENCE: &str = "0123456789abcdef0123456789abcdef.pdf";

/// Gives the pilot's first realisation an evidence file (as an upload leaves it).
async fn with_evidence(db: &str, files: &Path) {
    std::fs::create_dir_all(files).unwrap();
    std::fs::write(files.join(EVIDENCE), b"%PDF-1.4 notula rapat pleno").unwrap();
    let mut c = sqlx::SqliteConnection::connect(db).await.unwrap();
    let (indicator, period): (i64, String) =
        sqlx::query_as("SELECT indicator_id, period FROM realisations ORDER BY id LIMIT 1")
            .fetch_one(&mut c)
            .await
            .unwrap();
    sqlx::query(
        "INSERT INTO evidence_files (name, office_id, indicator_id, period, original_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at) \
         VALUES ($1, (SELECT id FROM offices WHERE code = $2), $3, $4, 'notula.pdf', 'application/pdf', 27, 'x', 'operator', '2024-04-02T03:04:05Z')",
    )
    .bind(EVIDENCE)
    .bind(OFFICE)
    .bind(indicator)
    .bind(&period)
    .execute(&mut c)
    .await
    .unwrap();
    sqlx::query("UPDATE realisations SET evidence = $1 WHERE id = (SELECT MIN(id) FROM realisations)")
        .bind(format!(r#"["berkas:{EVIDENCE}"]"#))
        .execute(&mut c)
        .await
        .unwrap();
}

fn export(db: &str, to: &Path, files: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "export",
        "--office",
        OFFICE,
        "--to",
        to.to_str().unwrap(),
        "--files",
        files.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    kinerja(db, &args)
}

fn import(db: &str, from: &Path, files: &Path) -> std::process::Output {
    kinerja(
        db,
        &[
            "import-office",
            from.to_str().unwrap(),
            "--files",
            files.to_str().unwrap(),
        ],
    )
}

fn achievement(db: &str, year: &str) -> String {
    let out = kinerja(db, &["achievement", "--office", OFFICE, "--year", year, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The archive `from` written again to `to` with `change` applied to each entry's bytes.
fn rewrite(from: &Path, to: &Path, change: impl Fn(&str, &mut Vec<u8>)) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        change(&name, &mut bytes);
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[tokio::test]
async fn an_office_moves_from_a_sqlite_pilot_with_its_evidence_and_a_damaged_archive_writes_nothing() {
    let (dir, pilot) = demo_db();
    let at = |name: &str| dir.path().join(name);
    with_evidence(&pilot, &at("berkas")).await;
    let archive = at("metro.zip");
    let out = export(&pilot, &archive, &at("berkas"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 berkas bukti"), "{}", stdout(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&archive).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by its owner only: {mode:o}");
    }
    let again = export(&pilot, &archive, &at("berkas"), &[]);
    assert!(!again.status.success() && stderr(&again).contains("already exists"));
    let no_files = export(&pilot, &at("tanpa-berkas.zip"), &at("kosong"), &[]);
    assert!(
        stderr(&no_files).contains("1 evidence file(s) the data name are missing"),
        "{}",
        stderr(&no_files)
    );
    assert!(!at("tanpa-berkas.zip").exists());

    // A damaged or hostile archive: refused before anything is written.
    std::fs::create_dir_all(at("target")).unwrap();
    let target = sqlite(&at("target"));
    let refused = |archive: &Path, why: &str| {
        let out = import(&target, archive, &at("berkas-baru"));
        assert_eq!(out.status.code(), Some(2), "{why}: {}", stdout(&out));
        assert!(stderr(&out).contains(why), "{why}: {}", stderr(&out));
        assert!(!at("berkas-baru").exists(), "{why}: no file written");
    };
    std::fs::write(
        at("acak.zip"),
        (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<_>>(),
    )
    .unwrap();
    refused(&at("acak.zip"), "not a Kinerja office export");
    rewrite(&archive, &at("rusak.zip"), |name, bytes| {
        if name == "data.json" {
            let at = bytes.len() / 2;
            bytes[at] ^= 1;
        }
    });
    refused(&at("rusak.zip"), "data.json is not what the export recorded");
    rewrite(&archive, &at("jalan.zip"), |name, bytes| {
        if name == "kinerja-kantor.json" {
            *bytes = String::from_utf8(bytes.clone())
                .unwrap()
                .replace(EVIDENCE, "../../etc/x")
                .into_bytes();
        }
    });
    refused(&at("jalan.zip"), "is not a plain file name");
    rewrite(&archive, &at("format.zip"), |name, bytes| {
        if name == "kinerja-kantor.json" {
            *bytes = String::from_utf8(bytes.clone())
                .unwrap()
                .replace("\"format\": 1", "\"format\": 9")
                .into_bytes();
        }
    });
    refused(&at("format.zip"), "export format 9");

    let out = import(&target, &archive, &at("berkas-baru"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("evidence_files: 1 ditambahkan"),
        "{}",
        stdout(&out)
    );
    assert_eq!(achievement(&target, "2024"), achievement(&pilot, "2024"));
    assert_eq!(
        std::fs::read(at("berkas-baru").join(EVIDENCE)).unwrap(),
        std::fs::read(at("berkas").join(EVIDENCE)).unwrap()
    );
    let audit = stdout(&kinerja(&target, &["audit", "--office", OFFICE, "--limit", "1"]));
    assert!(audit.contains("import"), "{audit}");

    // The year is there now: refused, nothing more written.
    let out = import(&target, &archive, &at("berkas-baru"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already has the PK and RAK"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(at("berkas-baru")).unwrap().count(), 1);
}

#[tokio::test]
#[ignore = "needs PostgreSQL (KINERJA_TEST_POSTGRES_URL)"]
async fn a_pilot_with_users_and_years_moves_to_postgresql_with_every_figure() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let pilot = sqlite(dir.path());
    let server = common::server::serve(&pilot, &["--demo"]);
    drop(server);
    let archive = at("metro.zip");
    let out = export(&pilot, &archive, &at("berkas"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let national = Database::named(&format!("kinerja_transfer_{}", std::process::id())).await;
    let out = import(&national.url, &archive, &at("berkas-nasional"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("users: 5 ditambahkan"), "{}", stdout(&out));
    for year in ["2024", "2025", "2026"] {
        assert_eq!(achievement(&national.url, year), achievement(&pilot, year), "{year}");
    }
    let users = stdout(&kinerja(&national.url, &["user", "list"]));
    assert!(users.contains("perencana.metro"), "{users}");
    // A second year's export into the office that is there now: its users refused by login,
    // then imported without them.
    let only_2026 = at("metro-2026.zip");
    assert!(
        export(&pilot, &only_2026, &at("berkas"), &["--year", "2026"])
            .status
            .success()
    );
    let out = import(&national.url, &only_2026, &at("berkas-nasional"));
    assert!(stderr(&out).contains("users with these logins"), "{}", stderr(&out));
    let out = kinerja(
        &national.url,
        &[
            "import-office",
            only_2026.to_str().unwrap(),
            "--files",
            at("berkas-nasional").to_str().unwrap(),
            "--without-users",
        ],
    );
    assert!(
        stderr(&out).contains("already has the PK and RAK of these units and years (unit"),
        "{}",
        stderr(&out)
    );
    national.drop_it().await;
}
