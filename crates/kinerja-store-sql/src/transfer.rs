//! An office's export and import ([`kinerja_store::transfer`]): rows read by the table list
//! ([`tables::TABLES`]) and written back with new ids, every reference rewritten.
//!
//! The import runs in one write transaction. Table by table, in the list's order: every row's
//! references are rewritten through the ids given so far (a reference to a row the data do not
//! hold is refused); the rows the instance already has with the same key columns are looked up
//! at once (before any row of the table is written); a [`Merge::Refuse`] match refuses the
//! whole import, a [`Merge::Reuse`] match is used instead of a new row; the other rows are
//! inserted, and a reference to another row of the same table is written once all are in.

use std::collections::{BTreeSet, HashMap};

use kinerja_domain::model::{OfficeCode, Year};
use kinerja_store::transfer::{self, Bytes, Cell, ImportOptions, Imported, OfficeData, Table};
use kinerja_store::{Actor, Result, StoreError};

use crate::db::{Arg, Conn, query, query_as};
use crate::write::{audit, invalid};
use crate::{Backend, SqlStore, db_err};

mod tables;
use tables::{Col, LEFT_OUT, Merge, Spec, TABLES};

/// A row read whatever its columns: each value decoded as the first type that fits.
struct Cells(Vec<Cell>);

macro_rules! cells_from_row {
    ($row:ty) => {
        impl<'r> sqlx::FromRow<'r, $row> for Cells {
            fn from_row(row: &'r $row) -> std::result::Result<Self, sqlx::Error> {
                use sqlx::Row;
                (0..row.len())
                    .map(|i| {
                        if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                            return Ok(v.map_or(Cell::Null, Cell::Int));
                        }
                        if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
                            return Ok(v.map_or(Cell::Null, |v| Cell::Int(i64::from(v))));
                        }
                        if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                            return Ok(v.map_or(Cell::Null, Cell::Text));
                        }
                        if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
                            return Ok(v.map_or(Cell::Null, Cell::Bool));
                        }
                        row.try_get::<Option<Vec<u8>>, _>(i)
                            .map(|v| v.map_or(Cell::Null, |b| Cell::Bytes(Bytes(b))))
                    })
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map(Cells)
            }
        }
    };
}
cells_from_row!(sqlx::sqlite::SqliteRow);
cells_from_row!(sqlx::postgres::PgRow);

/// The schema has no table or column the table list does not name (a migration that adds one
/// must say whether and how it travels).
async fn check_schema<C: Conn + ?Sized>(conn: &mut C, columns_sql: &str) -> Result<()> {
    let live: Vec<(String, String)> = query_as(columns_sql).fetch_all(&mut *conn).await.map_err(db_err)?;
    let mut by_table: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (table, column) in &live {
        by_table.entry(table).or_default().insert(column);
    }
    let mut problems = Vec::new();
    for (table, columns) in &by_table {
        if LEFT_OUT.iter().any(|(t, _)| t == table) {
            continue;
        }
        let Some(spec) = TABLES.iter().find(|s| s.table == *table) else {
            problems.push(format!("table {table}"));
            continue;
        };
        let known: BTreeSet<&str> = spec.columns.iter().map(|(c, _)| *c).collect();
        problems.extend(columns.difference(&known).map(|c| format!("column {table}.{c}")));
        problems.extend(known.difference(columns).map(|c| format!("missing column {table}.{c}")));
    }
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort();
    Err(StoreError::Database(format!(
        "this release's office export does not match the database schema ({}); \
         update kinerja-store-sql's transfer table list",
        problems.join(", ")
    )))
}

/// The condition choosing `spec`'s rows of office `office` (`chain`: it and the offices above).
fn condition(spec: &Spec, office: i64, chain: &[i64], year: Option<Year>) -> String {
    let chain: Vec<String> = chain.iter().map(i64::to_string).collect();
    let fill = |text: &str| {
        text.replace("{users}", &tables_users_condition())
            .replace("{units}", "SELECT id FROM units WHERE office_id = {o}")
            .replace("{chain}", &chain.join(", "))
            .replace("{o}", &office.to_string())
            .replace("{y}", &year.map(|y| y.get().to_string()).unwrap_or_default())
    };
    match (year, spec.year) {
        (Some(_), Some(y)) => format!("({}) AND ({})", fill(spec.rows), fill(y)),
        _ => format!("({})", fill(spec.rows)),
    }
}

fn tables_users_condition() -> String {
    TABLES
        .iter()
        .find(|s| s.table == "users")
        .map(|s| s.rows.to_string())
        .unwrap_or_default()
}

fn column_list(spec: &Spec, alias: &str) -> String {
    spec.columns
        .iter()
        .map(|(c, _)| format!("{alias}{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl<B: Backend> SqlStore<B> {
    pub(crate) async fn export_office_rows(&self, code: &OfficeCode, year: Option<Year>) -> Result<OfficeData> {
        let mut conn = self.read().await?;
        check_schema(&mut *conn, B::COLUMNS).await?;
        let offices: Vec<(i64, String, Option<i64>)> = query_as("SELECT id, code, parent_id FROM offices")
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
        let office = offices
            .iter()
            .find(|(_, c, _)| c == code.as_str())
            .map(|(id, _, _)| *id)
            .ok_or_else(|| StoreError::NotFound {
                entity: "office",
                key: code.to_string(),
            })?;
        let mut chain = vec![office];
        while let Some(parent) = offices
            .iter()
            .find(|(id, _, _)| Some(id) == chain.last())
            .and_then(|(_, _, p)| *p)
            .filter(|p| !chain.contains(p))
        {
            chain.push(parent);
        }
        let mut out = Vec::with_capacity(TABLES.len());
        for spec in TABLES {
            let sql = format!(
                "SELECT {} FROM {} t WHERE {} ORDER BY 1",
                column_list(spec, "t."),
                spec.table,
                condition(spec, office, &chain, year)
            );
            let rows: Vec<Cells> = query_as(&sql).fetch_all(&mut *conn).await.map_err(db_err)?;
            let rows = rows.into_iter().map(|Cells(cells)| normalise(spec, cells)).collect();
            out.push(Table {
                name: spec.table.to_string(),
                columns: spec.columns.iter().map(|(c, _)| c.to_string()).collect(),
                rows,
            });
        }
        Ok(OfficeData {
            format: transfer::FORMAT,
            office: code.to_string(),
            year,
            tables: out,
        })
    }

    pub(crate) async fn import_office_rows(
        &self,
        actor: &Actor,
        data: &OfficeData,
        options: &ImportOptions,
    ) -> Result<Imported> {
        if data.format != transfer::FORMAT {
            return Err(invalid(format!(
                "office data of format {} (this release reads format {})",
                data.format,
                transfer::FORMAT
            )));
        }
        if let Some(t) = data.tables.iter().find(|t| !TABLES.iter().any(|s| s.table == t.name)) {
            return Err(invalid(format!("office data: unknown table {:?}", t.name)));
        }
        let mut tx = self.begin().await?;
        let mut import = Import {
            ids: HashMap::new(),
            names: HashMap::new(),
            source: &options.source,
            done: Imported::default(),
        };
        for spec in TABLES.iter().filter(|s| options.users || !s.users) {
            if let Some(table) = data.table(spec.table) {
                import.table(&mut *tx, spec, table).await?;
            }
        }
        let office = data
            .table("offices")
            .and_then(|t| {
                let code = t.columns.iter().position(|c| c == "code")?;
                let id = t.columns.iter().position(|c| c == "id")?;
                t.rows
                    .iter()
                    .find(|r| r.get(code) == Some(&Cell::Text(data.office.clone())))?
                    .get(id)
                    .cloned()
            })
            .and_then(|old| match old {
                Cell::Int(old) => import.ids.get("offices").and_then(|m| m.get(&old)).copied(),
                _ => None,
            })
            .ok_or_else(|| {
                invalid(format!(
                    "office data: the office {} is not among its offices",
                    data.office
                ))
            })?;
        let after = serde_json::to_string(&import.done).map_err(|e| StoreError::Database(e.to_string()))?;
        audit(
            &mut *tx,
            actor,
            Some(office),
            "office",
            Some(data.office.clone()),
            "import",
            None,
            Some(after),
            Some(&options.source),
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(import.done)
    }
}

/// A row as the archive keeps it: booleans as booleans on every backend (SQLite reads them as
/// integers).
fn normalise(spec: &Spec, cells: Vec<Cell>) -> Vec<Cell> {
    cells
        .into_iter()
        .zip(spec.columns)
        .map(|(cell, (_, col))| match (col, cell) {
            (Col::Bool, Cell::Int(v)) => Cell::Bool(v != 0),
            (_, cell) => cell,
        })
        .collect()
}

struct Import<'a> {
    /// Per table, the exported id → the id here.
    ids: HashMap<&'static str, HashMap<i64, i64>>,
    /// Per table, the id here → the row's code or login (for messages).
    names: HashMap<&'static str, HashMap<i64, String>>,
    source: &'a str,
    done: Imported,
}

/// A row ready to write: its old id, the values of every column but the id, and the old ids
/// its references to rows of its own table name.
struct Prepared {
    old: Option<i64>,
    values: Vec<(&'static str, Arg)>,
    self_refs: Vec<(&'static str, i64)>,
}

impl Import<'_> {
    async fn table<C: Conn + ?Sized>(&mut self, conn: &mut C, spec: &'static Spec, table: &Table) -> Result<()> {
        let place = |row: usize, col: &str| format!("office data, table {}, row {}, column {col}", spec.table, row + 1);
        let at: Vec<usize> = spec
            .columns
            .iter()
            .map(|(c, _)| {
                table
                    .columns
                    .iter()
                    .position(|t| t == c)
                    .ok_or_else(|| invalid(format!("office data, table {}: no column {c}", spec.table)))
            })
            .collect::<Result<_>>()?;
        if table.columns.len() != spec.columns.len() {
            return Err(invalid(format!(
                "office data, table {}: {} columns where this release has {}",
                spec.table,
                table.columns.len(),
                spec.columns.len()
            )));
        }
        let mut prepared = Vec::with_capacity(table.rows.len());
        for (r, row) in table.rows.iter().enumerate() {
            if row.len() != spec.columns.len() {
                return Err(invalid(format!(
                    "office data, table {}, row {}: {} values for {} columns",
                    spec.table,
                    r + 1,
                    row.len(),
                    spec.columns.len()
                )));
            }
            let mut p = Prepared {
                old: None,
                values: Vec::new(),
                self_refs: Vec::new(),
            };
            for ((name, col), i) in spec.columns.iter().zip(&at) {
                let arg = self
                    .value(*col, &row[*i])
                    .map_err(|e| invalid(format!("{}: {e}", place(r, name))))?;
                match (col, arg) {
                    (Col::Id, Value::Id(old)) => p.old = Some(old),
                    (Col::SelfRef, Value::SelfRef(Some(old))) => {
                        p.self_refs.push((name, old));
                        p.values.push((name, Arg::Int(None)));
                    }
                    (_, Value::Arg(arg)) => p.values.push((name, arg)),
                    (_, _) => p.values.push((name, Arg::Int(None))),
                }
            }
            prepared.push(p);
        }
        let existing = self.existing(conn, spec, &prepared).await?;
        let mut added = 0;
        let mut kept = 0;
        let mut later = Vec::new();
        for p in prepared {
            let key = key_of(spec, &p);
            match (spec.merge, key.as_ref().and_then(|k| existing.get(k))) {
                (Merge::Refuse(cols), Some(_)) => {
                    return Err(invalid(format!(
                        "nothing was imported: this database already has the {} ({})",
                        spec.what,
                        self.describe(spec, cols, key.as_deref().unwrap_or_default())
                    )));
                }
                (Merge::Reuse(_), Some(id)) => {
                    if let (Some(old), Some(id)) = (p.old, id) {
                        self.found(spec, old, *id, &p);
                    }
                    kept += 1;
                }
                _ => {
                    let id = insert(conn, spec, &p).await?;
                    if let (Some(old), Some(id)) = (p.old, id) {
                        self.found(spec, old, id, &p);
                        if !p.self_refs.is_empty() {
                            later.push((id, p.self_refs));
                        }
                    }
                    added += 1;
                }
            }
        }
        for (id, refs) in later {
            for (column, old) in refs {
                let target = self.map(spec.table, old).map_err(invalid)?;
                query(format!("UPDATE {} SET {column} = $1 WHERE id = $2", spec.table))
                    .bind(target)
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(db_err)?;
            }
        }
        self.done.tables.push((spec.table.to_string(), added, kept));
        Ok(())
    }

    /// Row `old` of the data is row `id` here.
    fn found(&mut self, spec: &'static Spec, old: i64, id: i64, p: &Prepared) {
        self.ids.entry(spec.table).or_default().insert(old, id);
        if let Some((_, Arg::Text(Some(name)))) = p.values.iter().find(|(n, _)| matches!(*n, "code" | "login")) {
            self.names.entry(spec.table).or_default().insert(id, name.clone());
        }
    }

    /// A key for a message: a reference by the code of the row it names.
    fn describe(&self, spec: &Spec, cols: &[&str], key: &[Cell]) -> String {
        cols.iter()
            .zip(key)
            .map(|(c, v)| {
                let table = spec.columns.iter().find_map(|(n, col)| match col {
                    Col::Ref(t) if n == c => Some(*t),
                    _ => None,
                });
                match (table, v) {
                    (Some(t), Cell::Int(id)) => match self.names.get(t).and_then(|m| m.get(id)) {
                        Some(name) => format!("{} {name}", t.trim_end_matches('s')),
                        None => format!("{c} {id}"),
                    },
                    (_, Cell::Text(t)) => format!("{c} {t:?}"),
                    (_, Cell::Int(i)) => format!("{c} {i}"),
                    (_, other) => format!("{c} {other:?}"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The id here of row `old` of `table`.
    fn map(&self, table: &str, old: i64) -> std::result::Result<i64, String> {
        self.ids
            .get(table)
            .and_then(|m| m.get(&old))
            .copied()
            .ok_or_else(|| format!("refers to {table} row {old}, which the data do not hold"))
    }

    fn value(&self, col: Col, cell: &Cell) -> std::result::Result<Value, String> {
        let wrong = || format!("{cell:?} is not a value of this column");
        Ok(Value::Arg(match (col, cell) {
            (Col::Id, Cell::Int(v)) => return Ok(Value::Id(*v)),
            (Col::SelfRef, Cell::Int(v)) => return Ok(Value::SelfRef(Some(*v))),
            (Col::SelfRef, Cell::Null) => return Ok(Value::SelfRef(None)),
            (Col::Ref(table), Cell::Int(v)) => Arg::Int(Some(self.map(table, *v)?)),
            (Col::Ref(_) | Col::Int, Cell::Null) => Arg::Int(None),
            (Col::RefList(table), Cell::Text(json)) => {
                let old: Vec<i64> = serde_json::from_str(json).map_err(|e| format!("not a list of ids: {e}"))?;
                let new = old
                    .iter()
                    .map(|o| self.map(table, *o))
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                Arg::Text(Some(serde_json::to_string(&new).map_err(|e| e.to_string())?))
            }
            (Col::Source, Cell::Null) => Arg::Text(Some(self.source.to_string())),
            (Col::Text | Col::RefList(_), Cell::Null) => Arg::Text(None),
            (Col::Text | Col::Source, Cell::Text(v)) => Arg::Text(Some(v.clone())),
            (Col::Int, Cell::Int(v)) => Arg::Int(Some(*v)),
            (Col::Bool, Cell::Bool(v)) => Arg::Bool(Some(*v)),
            (Col::Bool, Cell::Null) => Arg::Bool(None),
            (Col::Bytes, Cell::Bytes(b)) => Arg::Bytes(Some(b.0.clone())),
            (Col::Bytes, Cell::Null) => Arg::Bytes(None),
            _ => return Err(wrong()),
        }))
    }

    /// The rows here whose key columns equal a prepared row's, looked up before any is written:
    /// key → id (or `None` for a table without ids).
    async fn existing<C: Conn + ?Sized>(
        &self,
        conn: &mut C,
        spec: &Spec,
        rows: &[Prepared],
    ) -> Result<HashMap<Vec<Cell>, Option<i64>>> {
        let (Merge::Reuse(cols) | Merge::Refuse(cols)) = spec.merge else {
            return Ok(HashMap::new());
        };
        let firsts: BTreeSet<Cell> = rows.iter().filter_map(|p| key_of(spec, p)?.first().cloned()).collect();
        let has_id = spec.columns.iter().any(|(_, c)| *c == Col::Id);
        let mut found = HashMap::new();
        let firsts: Vec<Cell> = firsts.into_iter().collect();
        for chunk in firsts.chunks(500) {
            let mut q = query(format!(
                "SELECT {}{} FROM {} WHERE {} IN (",
                cols.join(", "),
                if has_id { ", id" } else { "" },
                spec.table,
                cols[0]
            ));
            q.push_list(chunk.iter().map(arg_of));
            q.push_sql(")");
            let rows: Vec<Cells> = q.decode_as().fetch_all(&mut *conn).await.map_err(db_err)?;
            for Cells(mut cells) in rows {
                let id = if has_id {
                    match cells.pop() {
                        Some(Cell::Int(id)) => Some(id),
                        _ => None,
                    }
                } else {
                    None
                };
                found.insert(cells, id);
            }
        }
        Ok(found)
    }
}

enum Value {
    Id(i64),
    SelfRef(Option<i64>),
    Arg(Arg),
}

/// The key columns' values of a prepared row, as cells (compared with what the database holds).
fn key_of(spec: &Spec, p: &Prepared) -> Option<Vec<Cell>> {
    let (Merge::Reuse(cols) | Merge::Refuse(cols)) = spec.merge else {
        return None;
    };
    cols.iter()
        .map(|c| p.values.iter().find(|(n, _)| n == c).map(|(_, a)| cell_of(a)))
        .collect()
}

fn cell_of(arg: &Arg) -> Cell {
    match arg {
        Arg::Int(Some(v)) => Cell::Int(*v),
        Arg::Text(Some(v)) => Cell::Text(v.clone()),
        Arg::Bool(Some(v)) => Cell::Bool(*v),
        Arg::Bytes(Some(v)) => Cell::Bytes(Bytes(v.clone())),
        _ => Cell::Null,
    }
}

fn arg_of(cell: &Cell) -> Arg {
    match cell {
        Cell::Null => Arg::Text(None),
        Cell::Int(v) => Arg::Int(Some(*v)),
        Cell::Bool(v) => Arg::Bool(Some(*v)),
        Cell::Text(v) => Arg::Text(Some(v.clone())),
        Cell::Bytes(b) => Arg::Bytes(Some(b.0.clone())),
    }
}

/// Writes a prepared row; its new id when the table has ids.
async fn insert<C: Conn + ?Sized>(conn: &mut C, spec: &Spec, p: &Prepared) -> Result<Option<i64>> {
    let names: Vec<&str> = p.values.iter().map(|(n, _)| *n).collect();
    let mut q = query(format!("INSERT INTO {} ({}) VALUES (", spec.table, names.join(", ")));
    q.push_list(p.values.iter().map(|(_, a)| a.clone()));
    if p.old.is_some() {
        q.push_sql(") RETURNING id");
        let id: (i64,) = q
            .decode_as()
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| row_err(spec, e))?;
        Ok(Some(id.0))
    } else {
        q.push_sql(")");
        q.execute(&mut *conn).await.map_err(|e| row_err(spec, e))?;
        Ok(None)
    }
}

fn row_err(spec: &Spec, e: sqlx::Error) -> StoreError {
    invalid(format!(
        "nothing was imported: a row of {} cannot be written here ({e})",
        spec.what
    ))
}
