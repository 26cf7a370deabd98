//! Fresh databases for tests: a new SQLite file always, and a new PostgreSQL database when
//! `GRENZELOOS_TEST_POSTGRES` holds a server URL (CI sets it). Never skips silently: a set but
//! unreachable server fails the test.

use crate::Store;

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "GRENZELOOS_TEST_POSTGRES";

/// A fresh, migrated store per configured backend, each with a label for assertion messages.
pub async fn fresh_stores() -> Vec<(String, Store)> {
    let mut stores = vec![("sqlite".to_string(), fresh_sqlite().await)];
    if let Some(server) = std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty()) {
        stores.push(("postgres".to_string(), fresh_postgres(&server).await));
    }
    stores
}

/// A fresh SQLite database in a new file under the system's temporary directory.
pub async fn fresh_sqlite() -> Store {
    let path =
        std::env::temp_dir().join(format!("grenzeloos-test-{}.sqlite", uuid::Uuid::now_v7()));
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap_or_else(|e| panic!("cannot create test database {}: {e}", path.display()));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrating test database: {e}"));
    store
}

/// A fresh PostgreSQL database on `server` (a URL such as `postgres://postgres@127.0.0.1:5432`).
pub async fn fresh_postgres(server: &str) -> Store {
    let name = format!("grenzeloos_test_{}", uuid::Uuid::now_v7().simple());
    let admin = Store::connect(&format!("{}/postgres", server.trim_end_matches('/')))
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
    let store = Store::connect(&format!("{}/{name}", server.trim_end_matches('/')))
        .await
        .unwrap_or_else(|e| panic!("connecting to {name}: {e}"));
    store
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrating {name}: {e}"));
    store
}
