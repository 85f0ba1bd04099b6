//! The store contract on PostgreSQL: a fresh database per test on the server named by
//! KINERJA_TEST_POSTGRES_URL. The cases are ignored in a plain `cargo test`; with
//! `--include-ignored` (as `.ci/run` runs them) and no server named, each fails saying so.

use std::sync::atomic::{AtomicUsize, Ordering};

use kinerja_store::Store;
use kinerja_store_postgres::PostgresStore;
use sqlx::Connection;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

struct Fixture {
    store: PostgresStore,
    admin_url: String,
    database: String,
}

impl Fixture {
    fn store(&self) -> &dyn Store {
        &self.store
    }
    async fn cleanup(self) {
        self.store.close().await;
        if let Ok(mut admin) = sqlx::PgConnection::connect(&self.admin_url).await {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.database))
                .execute(&mut admin)
                .await;
        }
    }
}

/// `url` with its database name replaced.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map(|(b, q)| (b, format!("?{q}")))
        .unwrap_or((url, String::new()));
    let cut = base
        .rfind('/')
        .filter(|i| *i > base.find("://").map(|s| s + 2).unwrap_or(0))
        .unwrap_or(base.len());
    format!("{}/{database}{query}", &base[..cut])
}

async fn open() -> Option<Fixture> {
    let admin_url = std::env::var("KINERJA_TEST_POSTGRES_URL").expect(
        "KINERJA_TEST_POSTGRES_URL is not set: it names the PostgreSQL server the contract runs on \
         (postgres://user:password@host:port/postgres; .ci/run sets it)",
    );
    let database = format!(
        "kinerja_contract_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = sqlx::PgConnection::connect(&admin_url)
        .await
        .expect("connect to KINERJA_TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {database}"))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let store = kinerja_store_postgres::open(&with_database(&admin_url, &database))
        .await
        .expect("open PostgreSQL store");
    Some(Fixture {
        store,
        admin_url,
        database,
    })
}

kinerja_store_contract::contract_tests!(
    #[ignore = "needs PostgreSQL: KINERJA_TEST_POSTGRES_URL"]
    open()
);

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(
        with_database("postgres://u@localhost:5432/postgres", "x"),
        "postgres://u@localhost:5432/x"
    );
    assert_eq!(
        with_database("postgres://u@localhost/postgres?sslmode=disable", "x"),
        "postgres://u@localhost/x?sslmode=disable"
    );
}

#[tokio::test]
async fn a_server_that_does_not_answer_is_a_clear_error() {
    let err = kinerja_store_postgres::open("postgres://kinerja:rahasia@127.0.0.1:1/kinerja")
        .await
        .err()
        .expect("must fail");
    let text = err.to_string();
    assert!(
        text.starts_with("cannot open the database postgres://kinerja:***@127.0.0.1:1/kinerja"),
        "{text}"
    );
    assert!(!text.contains("rahasia"));
}
