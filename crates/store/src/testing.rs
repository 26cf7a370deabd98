//! Fresh databases for tests: a new SQLite file always, and a new PostgreSQL database when
//! `GRENZELOOS_TEST_POSTGRES` holds a server URL (CI sets it). Never skips silently: a set but
//! unreachable server fails the test.

use crate::Store;
use grenzeloos_domain::clock::{Clock, SetClock};
use std::sync::Arc;

/// The instant at which every test database's clock starts: a fixed moment, so tests are
/// reproducible; a test that needs another time sets the clock it gets from the store.
pub const TEST_EPOCH: &str = "2026-03-16T09:00:00Z";

/// A clock standing at [`TEST_EPOCH`].
pub fn test_clock() -> Arc<SetClock> {
    Arc::new(SetClock::at(
        TEST_EPOCH
            .parse()
            .expect("TEST_EPOCH is an RFC 3339 instant"),
    ))
}

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "GRENZELOOS_TEST_POSTGRES";

/// A fresh, migrated store per configured backend, each with a label for assertion messages.
pub async fn fresh_stores() -> Vec<(String, Store)> {
    let mut stores = vec![("sqlite".to_string(), fresh_sqlite().await)];
    if let Some(server) = postgres_server() {
        stores.push(("postgres".to_string(), fresh_postgres(&server).await));
    }
    stores
}

/// Like [`fresh_stores`], every store recording time by `clock` (which the test then sets).
pub async fn fresh_stores_with(clock: Arc<SetClock>) -> Vec<(String, Store)> {
    let mut stores = vec![("sqlite".to_string(), fresh_sqlite_with(clock.clone()).await)];
    if let Some(server) = postgres_server() {
        stores.push((
            "postgres".to_string(),
            fresh_postgres_with(&server, clock).await,
        ));
    }
    stores
}

/// The PostgreSQL server of the tests, when one is configured.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty())
}

/// A fresh SQLite database in a new file under the system's temporary directory.
pub async fn fresh_sqlite() -> Store {
    fresh_sqlite_with(test_clock()).await
}

/// A fresh SQLite database whose writes are recorded by `clock`.
pub async fn fresh_sqlite_with(clock: Arc<dyn Clock>) -> Store {
    let store = empty_sqlite(clock).await;
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrating test database: {e}"));
    store
}

async fn empty_sqlite(clock: Arc<dyn Clock>) -> Store {
    let path =
        std::env::temp_dir().join(format!("grenzeloos-test-{}.sqlite", uuid::Uuid::new_v4()));
    Store::connect(&format!("sqlite://{}", path.display()), clock)
        .await
        .unwrap_or_else(|e| panic!("cannot create test database {}: {e}", path.display()))
}

/// Fresh databases per configured backend with the schema only up to (not including)
/// migration `before`, for tests of a migration over data in the older form. Calling
/// [`Store::migrate`] afterwards applies the rest.
pub async fn fresh_stores_before(before: i64) -> Vec<(String, Store)> {
    let mut stores = vec![("sqlite".to_string(), empty_sqlite(test_clock()).await)];
    if let Some(server) = postgres_server() {
        stores.push((
            "postgres".to_string(),
            empty_postgres(&server, test_clock()).await,
        ));
    }
    for (backend, store) in &stores {
        let tree = match store.backend() {
            crate::Backend::Sqlite => "sqlite",
            crate::Backend::Postgres => "postgres",
        };
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(tree);
        let partial = std::env::temp_dir().join(format!(
            "grenzeloos-migrations-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&partial).unwrap_or_else(|e| panic!("{backend}: {e}"));
        for entry in std::fs::read_dir(&source).unwrap_or_else(|e| panic!("{backend}: {e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{backend}: {e}")).path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let version: i64 = name
                .split('_')
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(i64::MAX);
            if version < before {
                std::fs::copy(&path, partial.join(&name)).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let migrator = sqlx::migrate::Migrator::new(partial.as_path())
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
        let mut conn = store.read().await.unwrap_or_else(|e| panic!("{e}"));
        migrator
            .run(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{backend}: migrating up to {before}: {e}"));
    }
    stores
}

/// A fresh PostgreSQL database on `server` (a URL such as `postgres://postgres@127.0.0.1:5432`).
pub async fn fresh_postgres(server: &str) -> Store {
    fresh_postgres_with(server, test_clock()).await
}

/// A fresh PostgreSQL database on `server` whose writes are recorded by `clock`.
pub async fn fresh_postgres_with(server: &str, clock: Arc<dyn Clock>) -> Store {
    let store = empty_postgres(server, clock).await;
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrating a test database: {e}"));
    store
}

async fn empty_postgres(server: &str, clock: Arc<dyn Clock>) -> Store {
    let name = format!("grenzeloos_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Store::connect(
        &format!("{}/postgres", server.trim_end_matches('/')),
        clock.clone(),
    )
    .await
    .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but the server does not answer: {e}"));
    let mut conn = admin
        .read()
        .await
        .unwrap_or_else(|e| panic!("postgres: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("creating test database {name}: {e}"));
    drop(conn);
    admin.close().await;
    Store::connect(&format!("{}/{name}", server.trim_end_matches('/')), clock)
        .await
        .unwrap_or_else(|e| panic!("connecting to {name}: {e}"))
}
