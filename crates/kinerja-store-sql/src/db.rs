//! The only code that differs between SQLite and PostgreSQL at run time: how a statement's
//! arguments are bound and how it is sent. Everything else in this crate is written once, over
//! [`Conn`], as ordinary generic functions.
//!
//! A statement is plain data ([`Query`]: SQL text with `$N` placeholders, which both databases
//! accept, and its arguments as [`Arg`] values). [`Conn`] runs it on a connection; it is
//! implemented for the two connection types by `impl_conn!` below, and for a transaction or
//! a pooled connection by delegating to the connection inside. Rows are decoded with sqlx's
//! `FromRow` (derived on the row types in [`crate::rows`]).

use std::borrow::Cow;
use std::marker::PhantomData;
use std::ops::DerefMut;

use async_trait::async_trait;
use kinerja_domain::model::{
    ActionId, IndicatorId, Login, ObjectiveId, OfficeCode, OfficeId, PersonId, RealisationId, UnitId, Year,
};
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Database, FromRow, Transaction};

/// One argument of a statement. Every value Kinerja stores is one of these (decimals and dates
/// are stored as text, JSON as text).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    /// A file kept whole (a frozen PDF).
    Bytes(Option<Vec<u8>>),
}

macro_rules! arg_from {
    ($variant:ident: $($t:ty => $conv:expr),* $(,)?) => {
        $(
            impl From<$t> for Arg {
                fn from(v: $t) -> Arg {
                    let conv: fn($t) -> _ = $conv;
                    Arg::$variant(conv(v))
                }
            }
        )*
    };
}

arg_from!(Int:
    i64 => Some,
    &i64 => |v| Some(*v),
    i32 => |v| Some(i64::from(v)),
    &i32 => |v| Some(i64::from(*v)),
    Option<i64> => |v| v,
    Option<&i64> => |v| v.copied(),
    Option<i32> => |v| v.map(i64::from),
    OfficeId => |v| Some(v.0),
    &OfficeId => |v| Some(v.0),
    Option<OfficeId> => |v| v.map(|o| o.0),
    PersonId => |v| Some(v.0),
    Option<PersonId> => |v| v.map(|o| o.0),
    ActionId => |v| Some(v.0),
    Option<ActionId> => |v| v.map(|o| o.0),
    RealisationId => |v| Some(v.0),
    ObjectiveId => |v| Some(v.0),
    &ObjectiveId => |v| Some(v.0),
    Option<ObjectiveId> => |v| v.map(|o| o.0),
    IndicatorId => |v| Some(v.0),
    &IndicatorId => |v| Some(v.0),
    Option<IndicatorId> => |v| v.map(|o| o.0),
    UnitId => |v| Some(v.0),
    &UnitId => |v| Some(v.0),
    Option<UnitId> => |v| v.map(|o| o.0),
    Year => |v| Some(i64::from(v.get())),
    &Year => |v| Some(i64::from(v.get())),
);
arg_from!(Text:
    String => Some,
    &String => |v| Some(v.clone()),
    &str => |v| Some(v.to_string()),
    Option<String> => |v| v,
    &Option<String> => |v| v.clone(),
    Option<&String> => |v| v.cloned(),
    Option<&str> => |v| v.map(str::to_string),
    Login => |v| Some(v.into_string()),
    &Login => |v| Some(v.to_string()),
    OfficeCode => |v| Some(v.into_string()),
    &OfficeCode => |v| Some(v.to_string()),
);
arg_from!(Bool:
    bool => Some,
    Option<bool> => |v| v,
);
arg_from!(Bytes:
    Vec<u8> => Some,
    &Vec<u8> => |v| Some(v.clone()),
    &[u8] => |v| Some(v.to_vec()),
);

/// A statement and its arguments.
#[derive(Debug, Clone)]
pub struct Query {
    sql: String,
    args: Vec<Arg>,
}

/// A statement whose rows decode to `T`.
pub struct QueryAs<T> {
    query: Query,
    row: PhantomData<fn() -> T>,
}

/// A statement whose rows are one column, decoded to `T`.
pub struct QueryScalar<T> {
    query: Query,
    value: PhantomData<fn() -> T>,
}

/// A statement to run for its effect.
pub fn query(sql: impl AsRef<str>) -> Query {
    Query {
        sql: sql.as_ref().to_string(),
        args: Vec::new(),
    }
}

/// A statement whose rows decode to `T`.
pub fn query_as<T: Decodable>(sql: impl AsRef<str>) -> QueryAs<T> {
    QueryAs {
        query: query(sql),
        row: PhantomData,
    }
}

/// A statement whose rows are one column of `T`.
pub fn query_scalar<T: Send + Unpin + 'static>(sql: impl AsRef<str>) -> QueryScalar<T>
where
    (T,): Decodable,
{
    QueryScalar {
        query: query(sql),
        value: PhantomData,
    }
}

/// What a statement run for its effect reports.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// A row type both databases can decode (its `FromRow` is derived, or it is a tuple).
pub trait Decodable: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static {}

impl<T> Decodable for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static {}

/// Something a statement can run on: a connection, a transaction, a pooled connection.
#[async_trait]
pub trait Conn: Send {
    async fn run(&mut self, query: Query) -> Result<Done, sqlx::Error>;
    async fn rows<T: Decodable>(&mut self, query: Query) -> Result<Vec<T>, sqlx::Error>;
    async fn row<T: Decodable>(&mut self, query: Query) -> Result<Option<T>, sqlx::Error>;
}

impl Query {
    /// Appends an argument (`$N` is the N-th bound value).
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Appends an argument in place (for statements built in a loop).
    pub fn push_bind(&mut self, value: impl Into<Arg>) {
        self.args.push(value.into());
    }

    /// Appends SQL text.
    pub fn push_sql(&mut self, sql: &str) {
        self.sql.push_str(sql);
    }

    /// Appends `$k, $k+1, …` for `values` and binds them (a row of a multi-row insert, the
    /// list of an `IN`).
    pub fn push_list(&mut self, values: impl IntoIterator<Item = Arg>) {
        for (n, value) in values.into_iter().enumerate() {
            if n > 0 {
                self.sql.push_str(", ");
            }
            self.args.push(value);
            self.sql.push_str(&format!("${}", self.args.len()));
        }
    }

    /// Reads the statement's rows as `T`.
    pub fn decode_as<T: Decodable>(self) -> QueryAs<T> {
        QueryAs {
            query: self,
            row: PhantomData,
        }
    }

    pub async fn execute<C: Conn + ?Sized>(self, conn: &mut C) -> Result<Done, sqlx::Error> {
        conn.run(self).await
    }
}

impl<T: Decodable> QueryAs<T> {
    pub fn bind(self, value: impl Into<Arg>) -> Self {
        QueryAs {
            query: self.query.bind(value),
            row: PhantomData,
        }
    }

    pub async fn fetch_all<C: Conn + ?Sized>(self, conn: &mut C) -> Result<Vec<T>, sqlx::Error> {
        conn.rows(self.query).await
    }

    pub async fn fetch_optional<C: Conn + ?Sized>(self, conn: &mut C) -> Result<Option<T>, sqlx::Error> {
        conn.row(self.query).await
    }

    pub async fn fetch_one<C: Conn + ?Sized>(self, conn: &mut C) -> Result<T, sqlx::Error> {
        conn.row(self.query).await?.ok_or(sqlx::Error::RowNotFound)
    }
}

impl<T: Send + Unpin + 'static> QueryScalar<T>
where
    (T,): Decodable,
{
    pub fn bind(self, value: impl Into<Arg>) -> Self {
        QueryScalar {
            query: self.query.bind(value),
            value: PhantomData,
        }
    }

    pub async fn fetch_all<C: Conn + ?Sized>(self, conn: &mut C) -> Result<Vec<T>, sqlx::Error> {
        let rows: Vec<(T,)> = conn.rows(self.query).await?;
        Ok(rows.into_iter().map(|(v,)| v).collect())
    }

    pub async fn fetch_optional<C: Conn + ?Sized>(self, conn: &mut C) -> Result<Option<T>, sqlx::Error> {
        let row: Option<(T,)> = conn.row(self.query).await?;
        Ok(row.map(|(v,)| v))
    }

    pub async fn fetch_one<C: Conn + ?Sized>(self, conn: &mut C) -> Result<T, sqlx::Error> {
        self.fetch_optional(conn).await?.ok_or(sqlx::Error::RowNotFound)
    }
}

/// `Conn` for a backend's connection type: binds each [`Arg`] as the matching Rust type.
macro_rules! impl_conn {
    ($conn:ty, $db:ty $(, $positional:ident)?) => {
        impl_conn!(@bind $db $(, $positional)?);

        #[async_trait]
        impl Conn for $conn {
            async fn run(&mut self, query: Query) -> Result<Done, sqlx::Error> {
                let args = arguments::<$db>(query.args)?;
                let done = sqlx::query_with::<$db, _>(&<$db as Bind>::sql(&query.sql), args).execute(&mut *self).await?;
                Ok(Done { rows_affected: done.rows_affected() })
            }

            async fn rows<T: Decodable>(&mut self, query: Query) -> Result<Vec<T>, sqlx::Error> {
                let args = arguments::<$db>(query.args)?;
                sqlx::query_as_with::<$db, T, _>(&<$db as Bind>::sql(&query.sql), args).fetch_all(&mut *self).await
            }

            async fn row<T: Decodable>(&mut self, query: Query) -> Result<Option<T>, sqlx::Error> {
                let args = arguments::<$db>(query.args)?;
                sqlx::query_as_with::<$db, T, _>(&<$db as Bind>::sql(&query.sql), args).fetch_optional(&mut *self).await
            }
        }
    };
    (@bind $db:ty $(, $positional:ident)?) => {
        impl Bind for $db {
            $(
                fn sql(sql: &str) -> Cow<'_, str> {
                    $positional(sql)
                }
            )?

            fn bind_into<'q>(args: Vec<Arg>) -> Result<<$db as Database>::Arguments<'q>, sqlx::Error> {
                use sqlx::Arguments as _;
                let mut out = <$db as Database>::Arguments::<'q>::default();
                for arg in args {
                    match arg {
                        Arg::Int(v) => out.add(v),
                        Arg::Text(v) => out.add(v),
                        Arg::Bool(v) => out.add(v),
                        Arg::Bytes(v) => out.add(v),
                    }
                    .map_err(sqlx::Error::Encode)?;
                }
                Ok(out)
            }
        }
    };
}

/// How one database binds [`Arg`]s.
trait Bind: Database {
    fn bind_into<'q>(args: Vec<Arg>) -> Result<<Self as Database>::Arguments<'q>, sqlx::Error>;

    /// The statement's text as this database is sent it.
    fn sql(sql: &str) -> Cow<'_, str> {
        Cow::Borrowed(sql)
    }
}

fn arguments<'q, DB: Bind>(args: Vec<Arg>) -> Result<<DB as Database>::Arguments<'q>, sqlx::Error> {
    DB::bind_into(args)
}

impl_conn!(sqlx::SqliteConnection, sqlx::Sqlite, positional);
impl_conn!(sqlx::PgConnection, sqlx::Postgres);

/// The statement with `$1`, `$2`, … written `?` when each appears once and in order, as SQLite
/// reads them fastest. SQLite treats `$N` as a named parameter, and finding a parameter's name
/// walks the list of names: binding the 4.500 arguments of a 500-row insert that way costs
/// 10 million steps (it made writing the synthetic year 2,4 times slower). Text between quotes is
/// left alone; a statement that repeats or reorders its numbers is sent as written.
fn positional(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut expected = 1_u32;
    let mut quoted = false;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c != '$' || quoted {
            out.push(c);
            continue;
        }
        let digits: String =
            std::iter::from_fn(|| chars.next_if(|(_, d)| d.is_ascii_digit()).map(|(_, d)| d)).collect();
        match digits.parse::<u32>() {
            Ok(n) if n == expected => {
                out.push('?');
                expected += 1;
            }
            Ok(_) => return Cow::Borrowed(sql),
            Err(_) => out.push_str(&sql[i..i + 1 + digits.len()]),
        }
    }
    Cow::Owned(out)
}

/// A transaction or a pooled connection runs statements on the connection it holds.
macro_rules! delegate_conn {
    ($($holder:ident $(<$lt:lifetime>)?),*) => {
        $(
            #[async_trait]
            impl<$($lt,)? DB> Conn for $holder<$($lt,)? DB>
            where
                DB: Database,
                DB::Connection: Conn,
            {
                async fn run(&mut self, query: Query) -> Result<Done, sqlx::Error> {
                    DerefMut::deref_mut(self).run(query).await
                }

                async fn rows<T: Decodable>(&mut self, query: Query) -> Result<Vec<T>, sqlx::Error> {
                    DerefMut::deref_mut(self).rows(query).await
                }

                async fn row<T: Decodable>(&mut self, query: Query) -> Result<Option<T>, sqlx::Error> {
                    DerefMut::deref_mut(self).row(query).await
                }
            }
        )*
    };
}

delegate_conn!(Transaction<'c>, PoolConnection);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_keep_their_order_and_their_nulls() {
        let q = query("SELECT $1, $2, $3, $4")
            .bind(7_i64)
            .bind("tujuh")
            .bind(None::<String>)
            .bind(true);
        assert_eq!(
            q.args,
            vec![
                Arg::Int(Some(7)),
                Arg::Text(Some("tujuh".into())),
                Arg::Text(None),
                Arg::Bool(Some(true))
            ]
        );
    }

    #[test]
    fn sqlite_gets_question_marks_only_for_numbers_in_order() {
        assert_eq!(
            positional("INSERT INTO t VALUES ($1, $2), ($3, $4)"),
            "INSERT INTO t VALUES (?, ?), (?, ?)"
        );
        assert_eq!(positional("SELECT '$1' || $1"), "SELECT '$1' || ?");
        let repeated = "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $1";
        assert_eq!(positional(repeated), repeated);
        let reordered = "UPDATE t SET a = $2 WHERE id = $1";
        assert_eq!(positional(reordered), reordered);
        assert_eq!(positional("SELECT 1"), "SELECT 1");
        assert_eq!(positional("SELECT $x"), "SELECT $x");
    }

    #[test]
    fn a_list_numbers_its_placeholders_after_the_arguments_bound_before() {
        let mut q = query("SELECT * FROM t WHERE a = $1 AND b IN (").bind(1_i64);
        q.push_list(["x", "y"].map(Arg::from));
        q.push_sql(")");
        assert_eq!(q.sql, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
        assert_eq!(q.args.len(), 3);
    }
}
