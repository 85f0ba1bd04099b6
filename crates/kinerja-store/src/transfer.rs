//! An office's data moved between Kinerja instances (`kinerja export`, `kinerja import-office`):
//! e.g. an office's pilot on a local SQLite moved to the national PostgreSQL.
//!
//! The data are portable rows ([`OfficeData`]): per table, its columns and rows of [`Cell`]s,
//! with the ids of the instance that exported them. The store that imports gives every row a new
//! id and rewrites every reference; offices, units, people and scales that the receiving
//! instance already has (by their codes) are used, not duplicated; a year's plan or evaluation
//! the office already has there is refused, and nothing is written. Which tables and columns
//! travel, and how each is matched, is the SQL store's table list (`kinerja-store-sql`,
//! `transfer`), checked against the live schema on every export.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use kinerja_domain::model::Year;

/// The format of [`OfficeData`] this release writes and reads.
pub const FORMAT: u32 = 1;

/// One value of a row, as every database Kinerja uses stores it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Null,
    Int(i64),
    Bool(bool),
    Text(String),
    /// A file kept whole (a frozen PDF), written `{"hex": "…"}`.
    Bytes(Bytes),
}

/// Bytes written as `{"hex": "…"}` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Hex {
            hex: String,
        }
        Hex {
            hex: self.0.iter().map(|b| format!("{b:02x}")).collect(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Hex {
            hex: String,
        }
        let hex = Hex::deserialize(d)?.hex;
        if hex.len() % 2 != 0 {
            return Err(D::Error::custom("hex text of odd length"));
        }
        (0..hex.len())
            .step_by(2)
            .map(|i| {
                hex.get(i..i + 2)
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(|| D::Error::custom(format!("not hex at character {}", i + 1)))
            })
            .collect::<std::result::Result<Vec<u8>, _>>()
            .map(Bytes)
    }
}

/// One table's rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The values of column `name` (none when the table has no such column).
    pub fn column<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Cell> + 'a {
        let at = self.columns.iter().position(|c| c == name);
        self.rows.iter().filter_map(move |row| at.and_then(|i| row.get(i)))
    }
}

/// An office's data as one instance exported them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeData {
    pub format: u32,
    /// The office's code.
    pub office: String,
    /// The one year exported, or every year (`None`).
    pub year: Option<Year>,
    /// The tables, in the order they are imported (what a row refers to comes first).
    pub tables: Vec<Table>,
}

impl OfficeData {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The names of the files (under the evidence files' directory) the rows name: evidence of
    /// realisations and files given as evidence of the evaluation.
    pub fn file_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .table("evidence_files")
            .into_iter()
            .flat_map(|t| t.column("name"))
            .filter_map(text)
            .collect();
        if let Some(t) = self.table("lke_evidence") {
            let kinds = t.column("kind");
            let references = t.column("reference");
            names.extend(
                kinds
                    .zip(references)
                    .filter(|(k, _)| text(k).as_deref() == Some("file"))
                    .filter_map(|(_, r)| text(r)),
            );
        }
        names.sort();
        names.dedup();
        names
    }

    /// How many rows each table holds.
    pub fn counts(&self) -> Vec<(String, usize)> {
        self.tables.iter().map(|t| (t.name.clone(), t.rows.len())).collect()
    }
}

fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(s) => Some(s.clone()),
        _ => None,
    }
}

/// How to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Also the office's own users (signing in with the passwords and second factors they
    /// had), their grants, e-mail and recovery codes. A login the instance already has is
    /// refused; without users, the instance's admins create accounts afterwards.
    pub users: bool,
    /// Where the data came from (e.g. the archive's name), kept with each imported audit entry.
    pub source: String,
}

/// What an import did, per table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// (table, rows added, rows the instance already had and kept).
    pub tables: Vec<(String, usize, usize)>,
}

impl Imported {
    pub fn added(&self) -> usize {
        self.tables.iter().map(|t| t.1).sum()
    }
    pub fn kept(&self) -> usize {
        self.tables.iter().map(|t| t.2).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_kind_through_json() {
        let row = vec![
            Cell::Null,
            Cell::Int(-7),
            Cell::Bool(true),
            Cell::Text("12,5 %".into()),
            Cell::Bytes(Bytes(vec![0, 255, 37, 80])),
        ];
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(json, r#"[null,-7,true,"12,5 %",{"hex":"00ff2550"}]"#);
        assert_eq!(serde_json::from_str::<Vec<Cell>>(&json).unwrap(), row);
    }

    #[test]
    fn bad_hex_and_unknown_shapes_are_refused() {
        for bad in [
            r#"{"hex":"0"}"#,
            r#"{"hex":"zz"}"#,
            r#"{"hex":"00","x":1}"#,
            "1.5",
            "[1]",
        ] {
            assert!(serde_json::from_str::<Cell>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn files_named_by_rows_are_found_once() {
        let data = OfficeData {
            format: FORMAT,
            office: "kpu-x".into(),
            year: None,
            tables: vec![
                Table {
                    name: "evidence_files".into(),
                    columns: vec!["name".into(), "office_id".into()],
                    rows: vec![vec![Cell::Text("b.pdf".into()), Cell::Int(1)]],
                },
                Table {
                    name: "lke_evidence".into(),
                    columns: vec!["kind".into(), "reference".into()],
                    rows: vec![
                        vec![Cell::Text("file".into()), Cell::Text("a.pdf".into())],
                        vec![Cell::Text("document".into()), Cell::Text("pk".into())],
                        vec![Cell::Text("file".into()), Cell::Text("b.pdf".into())],
                    ],
                },
            ],
        };
        assert_eq!(data.file_names(), vec!["a.pdf".to_string(), "b.pdf".to_string()]);
    }
}
