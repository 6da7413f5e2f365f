//! The data version: whether anything committed since it was last read.

use crate::{add, org};
use rapport_store::Store;
use rapport_store::test_db::TestDb;

/// The data version moves on after every commit, whoever makes it: this
/// store, another instance on the same database, or a plain connection.
#[tokio::test]
async fn the_data_version_moves_on_after_a_commit_from_anywhere() {
    use sqlx::{Connection, Executor};
    for db in TestDb::all().await {
        let store = db.store().await.unwrap();
        let other = db.store().await.unwrap();
        let start = store.data_version().await.unwrap();
        if store.backend() == rapport_store::Backend::Sqlite {
            // PostgreSQL's token covers the whole server, where other tests
            // write at the same time; SQLite's covers this file only.
            assert_eq!(
                store.data_version().await.unwrap(),
                start,
                "nothing was committed"
            );
        }
        let o = org(&store, "acme").await;
        let after_own = store.data_version().await.unwrap();
        assert!(after_own > start, "our own commit: {start} -> {after_own}");

        add(&other, o, "b@acme.example", "B").await;
        let after_other = store.data_version().await.unwrap();
        assert!(after_other > after_own, "another instance's commit");

        let mut raw = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        raw.execute("UPDATE people SET title = 'Engineer'")
            .await
            .unwrap();
        raw.close().await.unwrap();
        let after_raw = store.data_version().await.unwrap();
        assert!(after_raw > after_other, "a plain connection's commit");

        // Many at once share probes and all see the latest commit.
        let seen = versions_read_at_once(&store, 32).await;
        assert!(seen.iter().all(|v| *v >= after_raw), "{seen:?}");

        other.close().await;
        store.close().await;
        db.cleanup().await;
    }
}

async fn versions_read_at_once(store: &Store, n: usize) -> Vec<u64> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let s = store.clone();
            tokio::spawn(async move { s.data_version().await.unwrap() })
        })
        .collect();
    let mut out = vec![];
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
