//! `kinerja backup` and `kinerja restore`: taken while a server writes, put back into a fresh
//! database and directory, compared table by table and file by file; a damaged or hostile
//! archive is refused before anything is written.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sha2::{Digest, Sha256};
use sqlx::{Connection, Row};

mod common;
use common::server::{Database, serve};
use common::{kinerja, sqlite, stderr, stdout};

/// Every table's rows, each row as text, sorted (the order of rows is not the backup's business).
type Tables = BTreeMap<String, Vec<String>>;

async fn sqlite_tables(url: &str) -> Tables {
    let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut tables = Tables::new();
    for name in names {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
            .bind(&name)
            .fetch_all(&mut c)
            .await
            .unwrap();
        let row = columns
            .iter()
            .map(|col| format!("quote(\"{col}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut rows: Vec<String> = sqlx::query_scalar(&format!("SELECT {row} FROM \"{name}\""))
            .fetch_all(&mut c)
            .await
            .unwrap();
        rows.sort();
        tables.insert(name, rows);
    }
    c.close().await.unwrap();
    tables
}

async fn postgres_tables(url: &str) -> Tables {
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut tables = Tables::new();
    for name in names {
        let rows = sqlx::query(&format!("SELECT t::text FROM \"{name}\" t"))
            .fetch_all(&mut c)
            .await
            .unwrap();
        let mut rows: Vec<String> = rows.iter().map(|r| r.get::<String, _>(0)).collect();
        rows.sort();
        tables.insert(name, rows);
    }
    c.close().await.unwrap();
    tables
}

/// Every file under `dir` with its SHA-256.
fn file_hashes(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let hash = Sha256::digest(std::fs::read(&p).unwrap());
                let name = p.strip_prefix(dir).unwrap().to_string_lossy().to_string();
                found.insert(name, format!("{hash:x}"));
            }
        }
    }
    found
}

/// Evidence files as an office has them: nested, binary, one empty.
fn some_files(dir: &Path) {
    std::fs::create_dir_all(dir.join("kpu-kota-metro/2026/b10")).unwrap();
    let noise: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(dir.join("kpu-kota-metro/2026/b10/notula rapat.pdf"), &noise).unwrap();
    std::fs::write(dir.join("kpu-kota-metro/2026/daftar hadir.jpg"), &noise[..5_000]).unwrap();
    std::fs::write(dir.join("kosong.txt"), b"").unwrap();
}

fn run(db: &str, args: &[&str]) -> std::process::Output {
    kinerja(db, args)
}

/// `kinerja restore ARCHIVE --files FILES` into `db`.
fn restore(db: &str, archive: &Path, files: &Path) -> std::process::Output {
    run(
        db,
        &["restore", archive.to_str().unwrap(), "--files", files.to_str().unwrap()],
    )
}

/// `kinerja backup --to ARCHIVE --files FILES` of `db`.
fn backup(db: &str, archive: &Path, files: &Path) -> std::process::Output {
    run(
        db,
        &[
            "backup",
            "--to",
            archive.to_str().unwrap(),
            "--files",
            files.to_str().unwrap(),
        ],
    )
}

#[tokio::test]
async fn a_backup_taken_while_a_server_writes_restores_whole_and_a_damaged_one_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name);
    let source = sqlite(&at("sumber"));
    std::fs::create_dir_all(at("sumber")).unwrap();
    let files = at("berkas");
    some_files(&files);
    let server = serve(&source, &["--demo", "--files", files.to_str().unwrap()]);
    let token = stdout(&run(
        &source,
        &["user", "token", "perencana.metro", "--name", "cadangan"],
    ))
    .trim()
    .to_string();

    // A writer saving figure after figure through the server's API.
    let (stop, saves) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicUsize::new(0)));
    let writer = {
        let (stop, saves, base) = (stop.clone(), saves.clone(), server.base.clone());
        tokio::spawn(async move {
            let api = format!("{base}/api/v1/offices/kpu-kota-metro/realisations?tahun=2026");
            let c = reqwest::Client::new();
            let mut n = 0u32;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let current: serde_json::Value = c
                    .get(format!("{api}&periode=B11"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let version = current
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["indicator"] == 141)
                    .map_or(0, |r| r["version"].as_i64().unwrap());
                let body = serde_json::json!({"indicator": 141, "period": "B11", "value": format!("{n} laporan"), "version": version});
                let r = c.post(&api).bearer_auth(&token).json(&body).send().await.unwrap();
                assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
                saves.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    while saves.load(Ordering::SeqCst) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before = saves.load(Ordering::SeqCst);
    let during = at("selama-menulis.zip");
    let out = {
        let (source, during, files) = (source.clone(), during.clone(), files.clone());
        tokio::task::spawn_blocking(move || backup(&source, &during, &files))
            .await
            .unwrap()
    };
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("3 berkas bukti (205000 bita)"),
        "{}",
        stdout(&out)
    );
    assert!(
        saves.load(Ordering::SeqCst) > before,
        "figures were saved while the backup ran"
    );
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    drop(server);

    // Taken during writes: a whole database (every row's links hold), of this release.
    let restored = sqlite(&at("pulih-1"));
    std::fs::create_dir_all(at("pulih-1")).unwrap();
    let out = restore(&restored, &during, &at("berkas-1"));
    assert!(out.status.success(), "{}", stderr(&out));
    let mut c = sqlx::SqliteConnection::connect(&restored).await.unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut c)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut c).await.unwrap();
    assert!(broken.is_empty(), "{} rows whose links are broken", broken.len());
    c.close().await.unwrap();
    assert_eq!(run(&restored, &["migrate", "--check"]).status.code(), Some(0));
    assert_eq!(file_hashes(&at("berkas-1")), file_hashes(&files));

    // Taken at rest: every table and every file as they are.
    let quiet = at("tenang.zip");
    let out = backup(&source, &quiet, &files);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = backup(&source, &quiet, &files);
    assert_eq!(again.status.code(), Some(2), "a backup never overwrites a file");
    let restored = sqlite(&at("pulih-2"));
    std::fs::create_dir_all(at("pulih-2")).unwrap();
    let out = restore(&restored, &quiet, &at("berkas-2"));
    assert!(out.status.success(), "{}", stderr(&out));
    let tables = sqlite_tables(&source).await;
    assert!(tables["realisations"].len() > 200 && tables["audit_log"].len() > 200);
    assert_eq!(sqlite_tables(&restored).await, tables);
    assert_eq!(file_hashes(&at("berkas-2")), file_hashes(&files));

    // Into a database or a directory that is not empty: refused, nothing changed.
    let out = restore(&restored, &quiet, &at("berkas-3"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("exists; a restore writes a new database"),
        "{}",
        stderr(&out)
    );
    assert!(!at("berkas-3").exists());
    assert_eq!(sqlite_tables(&restored).await, tables);
    let fresh = sqlite(&at("pulih-3"));
    std::fs::create_dir_all(at("pulih-3")).unwrap();
    let out = restore(&fresh, &quiet, &at("berkas-2"));
    assert!(
        stderr(&out).contains("not empty; a restore writes into an empty directory"),
        "{}",
        stderr(&out)
    );
    assert!(!at("pulih-3/kinerja.db").exists());

    // A damaged archive (a file's bytes changed) and a hostile one (a path out of the files
    // directory): refused before anything is written.
    let mut bytes = std::fs::read(&quiet).unwrap();
    let needle = b"daftar hadir.jpg";
    let name_at = bytes.windows(needle.len()).position(|w| w == needle).unwrap();
    bytes[name_at + needle.len() + 100] ^= 0xff;
    let damaged = at("rusak.zip");
    std::fs::write(&damaged, &bytes).unwrap();
    let out = restore(&fresh, &damaged, &at("berkas-4"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("rusak.zip: berkas/kpu-kota-metro/2026/daftar hadir.jpg cannot be read (Invalid checksum): the archive is damaged"),
        "{}",
        stderr(&out)
    );
    assert!(!at("pulih-3/kinerja.db").exists() && !at("berkas-4").exists());
    let hostile = at("jahat.zip");
    rewrite_manifest(&quiet, &hostile, |m| {
        m["files"][0]["path"] = serde_json::json!("../../luar.txt");
    });
    let out = restore(&fresh, &hostile, &at("berkas-4"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("leaves the files directory"), "{}", stderr(&out));
    assert!(!at("pulih-3/kinerja.db").exists() && !at("berkas-4").exists());
    let out = run(&fresh, &["restore", at("tidak-ada.zip").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

/// A copy of the archive `from` with its manifest changed by `change`.
fn rewrite_manifest(from: &Path, to: &Path, change: impl Fn(&mut serde_json::Value)) {
    let mut source = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "kinerja-backup.json" {
            let mut manifest: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            change(&mut manifest);
            bytes = serde_json::to_vec(&manifest).unwrap();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[tokio::test]
#[ignore = "needs PostgreSQL (KINERJA_TEST_POSTGRES_URL) and its client programs pg_dump and pg_restore"]
async fn a_postgresql_backup_restores_every_table_and_file() {
    let source = Database::named(&format!("kinerja_backup_src_{}", std::process::id())).await;
    let target = Database::named(&format!("kinerja_backup_dst_{}", std::process::id())).await;
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("berkas");
    some_files(&files);
    let out = run(&source.url, &["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let archive = dir.path().join("pg.zip");
    let out = backup(&source.url, &archive, &files);
    assert!(out.status.success(), "{}", stderr(&out));
    let restored_files = dir.path().join("berkas-pulih");
    let out = restore(&target.url, &archive, &restored_files);
    assert!(out.status.success(), "{}", stderr(&out));
    let tables = postgres_tables(&source.url).await;
    assert!(tables["realisations"].len() >= 17 && tables["audit_log"].len() > 10);
    assert_eq!(postgres_tables(&target.url).await, tables);
    assert_eq!(file_hashes(&restored_files), file_hashes(&files));
    // Again into the restored database: refused, its password never printed.
    let out = restore(&target.url, &archive, &dir.path().join("lagi"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the database is not empty"), "{}", stderr(&out));
    assert!(!stderr(&out).contains(":kinerja@"), "{}", stderr(&out));
    source.drop_it().await;
    target.drop_it().await;
}
