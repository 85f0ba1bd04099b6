//! The store contract on a fresh SQLite file per test.

use kinerja_store::Store;
use kinerja_store_sqlite::SqliteStore;

struct Fixture {
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

impl Fixture {
    fn store(&self) -> &dyn Store {
        &self.store
    }
    async fn cleanup(self) {
        self.store.close().await;
    }
}

async fn open() -> Option<Fixture> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("kinerja.db").display());
    let store = kinerja_store_sqlite::open(&url).await.expect("open SQLite store");
    Some(Fixture { store, _dir: dir })
}

kinerja_store_contract::contract_tests!(open());

#[tokio::test]
async fn an_unreachable_file_is_a_clear_error() {
    let err = kinerja_store_sqlite::open("sqlite:///nonexistent-dir/sub/kinerja.db")
        .await
        .err()
        .expect("must fail");
    assert!(
        err.to_string()
            .starts_with("cannot open the database sqlite:///nonexistent-dir/sub/kinerja.db"),
        "{err}"
    );
}

#[tokio::test]
async fn the_database_is_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let store = kinerja_store_sqlite::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    store.close().await;
    let header = std::fs::read(&path).unwrap();
    // Bytes 18 and 19 of the SQLite header are 2 in WAL mode (1 in rollback-journal mode).
    assert_eq!((header[18], header[19]), (2, 2));
}
