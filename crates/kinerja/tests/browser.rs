//! The main journeys in a real browser (tests/browser/journeys.mjs): Playwright from npm
//! (`playwright-core`) driving Debian's Chromium against this build's `kinerja serve --demo`.
//!
//! Needs node, `/usr/bin/chromium` (or `KINERJA_CHROMIUM`) and `npm ci --prefix tests/browser`;
//! `.ci/run` installs all three. Ignored in a plain `cargo test`; run with `--include-ignored`
//! without them, it fails saying what is missing.

use std::path::PathBuf;
use std::process::Command;

#[test]
#[ignore = "needs node, Chromium and playwright-core (npm ci --prefix tests/browser)"]
fn main_journeys_in_chromium() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let chromium = std::env::var("KINERJA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node".to_string());
    }
    if !PathBuf::from(&chromium).exists() {
        missing.push(format!("chromium at {chromium}"));
    }
    if !root.join("tests/browser/node_modules/playwright-core").exists() {
        missing.push("playwright-core (run `npm ci --prefix tests/browser`)".to_string());
    }
    assert!(missing.is_empty(), "browser journeys need: {}", missing.join(", "));
    let out = Command::new("node")
        .arg(root.join("tests/browser/journeys.mjs"))
        .env("KINERJA_BIN", env!("CARGO_BIN_EXE_kinerja"))
        .env("KINERJA_CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "browser journeys failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("all journeys passed"), "{stdout}");
}
