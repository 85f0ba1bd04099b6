//! Running the `kinerja` binary the way a user does, shared by the CLI test binaries.
#![allow(dead_code)]

pub mod server;

use std::path::Path;
use std::process::{Command, Output};

pub fn kinerja(db: &str, args: &[&str]) -> Output {
    kinerja_with_env(db, args, &[])
}

/// `kinerja` with these environment variables set for it alone.
pub fn kinerja_with_env(db: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kinerja"))
        .args(["--db", db])
        .args(args)
        .env_remove("KINERJA_DATABASE_URL")
        .envs(env.iter().copied())
        .output()
        .expect("run kinerja")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn sqlite(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("kinerja.db").display())
}

/// A fresh database with the demo loaded.
pub fn demo_db() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path());
    let out = kinerja(&db, &["demo"]);
    assert!(out.status.success(), "demo failed: {}", stderr(&out));
    (dir, db)
}
