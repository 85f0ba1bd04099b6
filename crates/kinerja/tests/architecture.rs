//! The architecture's invariants, checked on the workspace as it is (ARCHITECTURE.md,
//! "Invariants"): dependencies point down only, the domain depends on nothing that does I/O,
//! and no seed document is special-cased outside the demo loader.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `cargo metadata` of the workspace's own packages (no network, no dependencies resolved).
fn metadata() -> Json {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Each crate's layer: a crate may depend (for its build, not its tests) only on crates of a
/// lower layer.
const LAYERS: &[(&str, u8)] = &[
    ("kinerja-domain", 0),
    ("kinerja-store", 1),
    ("kinerja-charts", 1),
    ("kinerja-store-sql", 2),
    ("kinerja-store-contract", 2),
    ("kinerja-import", 2),
    ("kinerja-documents", 2),
    ("kinerja-store-sqlite", 3),
    ("kinerja-store-postgres", 3),
    ("kinerja-web", 4),
    ("kinerja", 5),
];

fn layer(name: &str) -> u8 {
    LAYERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("{name} has no layer in LAYERS (and ARCHITECTURE.md)"))
}

#[test]
fn dependencies_point_down_only() {
    let m = metadata();
    let mut seen = BTreeMap::new();
    for p in m["packages"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        seen.insert(name.to_string(), layer(name));
        for d in p["dependencies"].as_array().unwrap() {
            let dep = d["name"].as_str().unwrap();
            if !dep.starts_with("kinerja") || d["kind"].as_str() == Some("dev") {
                continue;
            }
            assert!(
                layer(dep) < layer(name),
                "{name} (layer {}) depends on {dep} (layer {}): dependencies point down only",
                layer(name),
                layer(dep)
            );
        }
    }
    assert_eq!(
        seen.len(),
        LAYERS.len(),
        "every crate of LAYERS is in the workspace: {seen:?}"
    );
}

#[test]
fn the_domain_depends_on_nothing_that_does_io() {
    let m = metadata();
    let domain = m["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "kinerja-domain")
        .unwrap();
    let mut deps: Vec<&str> = domain["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"].is_null())
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    deps.sort_unstable();
    assert_eq!(
        deps,
        ["rust_decimal", "serde", "serde_json", "thiserror"],
        "the domain's dependencies: values, serialisation (serde_json reads the worksheet it ships, \
         compiled in), errors; nothing async, no I/O"
    );
    // And its code names no I/O or async.
    for file in rust_files(&root().join("crates/kinerja-domain/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_lines(&text) {
            for word in [
                "std::fs",
                "std::net",
                "std::process",
                "std::env",
                "async fn",
                ".await",
                "tokio",
            ] {
                assert!(!line.contains(word), "{}:{n}: {word} in the domain", file.display());
            }
        }
    }
}

/// The seed offices (their names, codes, people) appear in `src/` only where the demo is
/// loaded: no rule is written for one office.
#[test]
fn no_seed_office_is_special_cased_in_src() {
    let names = [
        "kota metro",
        "kota-metro",
        "kubu raya",
        "kubu-raya",
        "lampung",
        "nurris",
    ];
    let allowed = root().join("crates/kinerja/src/main.rs");
    for krate in std::fs::read_dir(root().join("crates")).unwrap() {
        let src = krate.unwrap().path().join("src");
        for file in rust_files(&src) {
            // Unit tests (a `tests` module in a file of its own) may name the seeds' offices.
            if file == allowed || file.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in code_lines(&text) {
                let lower = line.to_lowercase();
                for name in names {
                    assert!(!lower.contains(name), "{}:{n}: {name:?} in code", file.display());
                }
            }
        }
    }
}

/// Every id of the model is a type of its own (`id_type!`): an alias to a bare number would let
/// an office's id be passed where a unit's is meant, and the compiler would not say so.
#[test]
fn ids_are_types_of_their_own() {
    let model = std::fs::read_to_string(root().join("crates/kinerja-domain/src/model.rs")).unwrap();
    for (n, line) in code_lines(&model) {
        assert!(
            !(line.starts_with("pub type ") && line.contains("Id =")),
            "model.rs:{n}: {line:?} is an alias; declare the id with id_type!"
        );
    }
    for id in [
        "OfficeId",
        "UnitId",
        "PersonId",
        "ObjectiveId",
        "IndicatorId",
        "ActionId",
        "RealisationId",
    ] {
        assert!(
            model.contains(&format!("    {id};")),
            "{id} is not declared by id_type! in model.rs"
        );
    }
}

/// A year, a login and an office's code are types of their own below the web's forms and the
/// API's documents (which carry what was typed or what JSON holds): no struct field or argument
/// of the model, stores, documents or import is a bare number or text for one. The SQL layer
/// (`kinerja-store-sql`) binds numbers and is left out.
#[test]
fn years_logins_and_office_codes_are_types_of_their_own() {
    let bare = [
        "year: i32",
        "year: Option<i32>",
        "year: i64",
        "years: Vec<i32>",
        "login: String",
        "login: &str",
    ];
    let mut found = vec![];
    for dir in [
        "crates/kinerja-domain/src",
        "crates/kinerja-store/src",
        "crates/kinerja-documents/src",
        "crates/kinerja-import/src",
    ] {
        for path in rust_files(&root().join(dir)) {
            // A Date's own year is a calendar number, not a plan year.
            if path.ends_with("date.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in code_lines(&text) {
                // `year: i32`, not `calendar_year: i32`.
                let whole = |b: &str| {
                    line.match_indices(b)
                        .any(|(at, _)| !line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
                };
                if bare.iter().any(|b| whole(b)) {
                    found.push(format!("{}:{n}: {line}", path.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "bare years or logins:\n{}", found.join("\n"));
    let model = std::fs::read_to_string(root().join("crates/kinerja-domain/src/model.rs")).unwrap();
    assert!(model.contains("pub code: OfficeCode,"), "Office::code is an OfficeCode");
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out
}

/// The lines of code of a source file, numbered: comments left out, and nothing from its test
/// module on.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = vec![];
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push((i + 1, t.split(" //").next().unwrap_or("").to_string()));
    }
    out
}

/// The last migration written before upgrades had to be rolling. From the next one on, a
/// migration only adds (tables, columns with defaults, indexes), so that servers of the previous
/// release keep working on the new schema while the others are replaced; a change that is not
/// additive needs a release of its own that stops every server (README, "Upgrades").
const LAST_MIGRATION_BEFORE_ROLLING_UPGRADES: u32 = 20;

#[test]
fn migrations_after_rolling_upgrades_began_only_add() {
    let forbidden = [
        "DROP TABLE",
        "DROP COLUMN",
        "RENAME",
        "ALTER COLUMN",
        "DROP VIEW",
        "DROP INDEX",
        "TRUNCATE",
        "DELETE FROM",
        "UPDATE ",
    ];
    let mut checked = 0;
    for backend in ["kinerja-store-sqlite", "kinerja-store-postgres"] {
        let dir = root().join("crates").join(backend).join("migrations");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let number: u32 = name[..name.find('_').unwrap()].parse().unwrap();
            if number <= LAST_MIGRATION_BEFORE_ROLLING_UPGRADES {
                continue;
            }
            checked += 1;
            let sql: String = std::fs::read_to_string(&path)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
                .to_uppercase();
            for word in forbidden {
                assert!(
                    !sql.contains(word),
                    "{backend}/migrations/{name} contains {word}: migrations are additive (see LAST_MIGRATION_BEFORE_ROLLING_UPGRADES)"
                );
            }
        }
    }
    // The rule is there for the migrations to come; the baseline is the last one today.
    let newest = std::fs::read_dir(root().join("crates/kinerja-store-sqlite/migrations"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_string_lossy()[..4].parse::<u32>().ok())
        .max()
        .unwrap();
    assert_eq!(checked / 2, (newest - LAST_MIGRATION_BEFORE_ROLLING_UPGRADES) as usize);
}
