//! The real documents in `../shared/seeds/`, imported: the Kota Metro RAK gives exactly the RAK
//! rows of the curated demo (`data/demo/kpu-kota-metro-2024.toml`); the Kubu Raya RAK gives the
//! counts established by reading it.

use std::path::PathBuf;

use kinerja_import::{DocKind, Imported, PeriodKind, layout::normal, read_text};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed(name: &str) -> String {
    let path = root().join("../shared/seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One RAK row as the demo curates it.
#[derive(Debug, PartialEq)]
struct Row {
    objective: String,
    indicator: String,
    target: String,
    action: String,
    periods: Vec<u8>,
    executor: Option<String>,
}

fn imported_rows(doc: &kinerja_import::Document) -> Vec<Row> {
    let mut rows = vec![];
    for o in &doc.objectives {
        for i in &o.indicators {
            for a in &i.actions {
                rows.push(Row {
                    objective: o.text.clone(),
                    indicator: i.text.clone(),
                    target: i.target.clone().unwrap_or_default(),
                    action: a.text.clone(),
                    periods: a.periods.clone(),
                    executor: a.executor.clone(),
                });
            }
        }
    }
    rows
}

#[test]
fn the_kota_metro_rak_gives_the_curated_demo_rows() {
    let imported: Imported = read_text(&seed("rak-kpu-kota-metro-2024.txt"));
    let demo: toml::Value =
        toml::from_str(&std::fs::read_to_string(root().join("data/demo/kpu-kota-metro-2024.toml")).unwrap()).unwrap();
    let raks: Vec<&toml::Value> = demo["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.get("rak"))
        .collect();
    assert_eq!(raks.len(), 6, "the demo has six RAK tables");
    assert_eq!(
        imported.documents.len(),
        6,
        "{:#?}",
        imported.documents.iter().map(|d| &d.title).collect::<Vec<_>>()
    );
    let mut matched = 0;
    for rak in raks {
        let source = rak["source"].as_str().unwrap();
        let quoted = source.split('\'').nth(1).unwrap();
        let doc = imported
            .documents
            .iter()
            .find(|d| normal(&d.title).contains(&normal(quoted)))
            .unwrap_or_else(|| panic!("no imported table titled {quoted:?}"));
        assert_eq!(doc.kind, DocKind::Rak);
        let kind = match rak["period_kind"].as_str().unwrap() {
            "month" => PeriodKind::Month,
            _ => PeriodKind::Quarter,
        };
        assert_eq!(doc.period_kind, Some(kind), "{quoted}");
        assert_eq!(doc.year, Some(2024));
        let expected: Vec<Row> = rak["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| Row {
                objective: r["objective"].as_str().unwrap().into(),
                indicator: r["indicator"].as_str().unwrap().into(),
                target: r["target"].as_str().unwrap().into(),
                action: r["action"].as_str().unwrap().into(),
                periods: r["periods"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_integer().unwrap() as u8)
                    .collect(),
                executor: r.get("executor").and_then(|e| e.as_str()).map(String::from),
            })
            .collect();
        let got = imported_rows(doc);
        for (n, (e, g)) in expected.iter().zip(&got).enumerate() {
            assert_eq!(g, e, "{quoted}, row {}", n + 1);
        }
        assert_eq!(got.len(), expected.len(), "{quoted}: rows");
        matched += 1;
    }
    assert_eq!(matched, 6);
    // The signatures of every table.
    let teknis = imported.documents.iter().find(|d| d.title.contains("TEKNIS")).unwrap();
    let names: Vec<(&str, &str)> = teknis
        .signatories
        .iter()
        .map(|s| (s.role.as_str(), s.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [("pihak_kedua", "JUMADI AHMAD, SH"), ("pihak_pertama", "RUDY, S.A.B.")]
    );
}

/// The LKj's PK tables give the objectives, indicators and targets the demo curated from them.
#[test]
fn the_lkj_pk_tables_give_the_curated_pk() {
    let imported = read_text(&seed("lkj-kpu-kota-metro-2024.txt"));
    let demo: toml::Value =
        toml::from_str(&std::fs::read_to_string(root().join("data/demo/kpu-kota-metro-2024.toml")).unwrap()).unwrap();
    let mut compared = 0;
    for plan in demo["plans"].as_array().unwrap() {
        let Some(pk) = plan.get("pk") else { continue };
        let source = pk["source"].as_str().unwrap();
        let table: String = source
            .rsplit(", ")
            .next()
            .unwrap()
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let doc = imported
            .documents
            .iter()
            .find(|d| d.title.starts_with(&format!("{table}.")))
            .unwrap_or_else(|| panic!("no imported {table}"));
        assert_eq!(doc.kind, DocKind::Pk, "{table}");
        let expected: Vec<(String, Vec<(String, String)>)> = pk["objectives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["text"].as_str().unwrap().to_string(),
                    o.get("indicators")
                        .and_then(|i| i.as_array())
                        .map(|is| {
                            is.iter()
                                // The curator added indicators the PK table lacks (from the LKj's
                                // achievement tables), each with a note saying so: not the table's.
                                .filter(|i| {
                                    !i.get("note")
                                        .and_then(|n| n.as_str())
                                        .is_some_and(|n| n.starts_with("Not in"))
                                })
                                .map(|i| {
                                    (
                                        i["text"].as_str().unwrap().to_string(),
                                        i.get("target").and_then(|t| t.as_str()).unwrap_or("").to_string(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                )
            })
            .collect();
        let got: Vec<(String, Vec<(String, String)>)> = doc
            .objectives
            .iter()
            .map(|o| {
                (
                    o.text.clone(),
                    o.indicators
                        .iter()
                        .map(|i| (i.text.clone(), i.target.clone().unwrap_or_default()))
                        .collect(),
                )
            })
            .collect();
        for (n, (e, g)) in expected.iter().zip(&got).enumerate() {
            assert_eq!(g, e, "{table}, objective {}", n + 1);
        }
        assert_eq!(got.len(), expected.len(), "{table}: objectives");
        compared += 1;
    }
    assert_eq!(compared, 5, "the commission's and four sub-sections' PKs");
}
