//! Fresh databases for tests: a new SQLite file always, and a new PostgreSQL database when
//! `GRENZELOOS_TEST_POSTGRES` holds a server URL (CI sets it). Never skips silently: a set but
//! unreachable server fails the test.

use crate::audit::AuditKey;
use crate::{Domain, Domains, Store};
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

/// The audit key of every test store: fixed, so a failing test can be replayed; tests that
/// play an attacker without the key make their own.
pub fn test_audit_key() -> Arc<AuditKey> {
    Arc::new(AuditKey::from_seed(*b"grenzeloos test audit key seed!!"))
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

/// A fresh SQLite database whose writes are recorded by `clock`: the registry's store, on a
/// database that holds every domain (the default layout), signing with [`test_audit_key`].
pub async fn fresh_sqlite_with(clock: Arc<dyn Clock>) -> Store {
    let url = fresh_sqlite_url();
    let store = Store::connect(&url, clock)
        .await
        .unwrap_or_else(|e| panic!("cannot create test database {url}: {e}"))
        .with_audit_key(test_audit_key());
    migrate_every_domain(&store).await;
    store
}

/// The URL of a new, empty SQLite file under the system's temporary directory.
pub fn fresh_sqlite_url() -> String {
    let path =
        std::env::temp_dir().join(format!("grenzeloos-test-{}.sqlite", uuid::Uuid::new_v4()));
    format!("sqlite://{}", path.display())
}

async fn migrate_every_domain(store: &Store) {
    Domains::shared(store)
        .migrate()
        .await
        .unwrap_or_else(|e| panic!("migrating test database: {e}"));
}

/// The URL of a new, empty database on the backend labelled `backend` (`sqlite`, or
/// `postgres` on the server of [`POSTGRES_ENV`]).
pub async fn fresh_database_url(backend: &str) -> String {
    match backend {
        "postgres" => {
            let server = postgres_server()
                .unwrap_or_else(|| panic!("{POSTGRES_ENV} is needed for a PostgreSQL database"));
            create_postgres_database(&server).await
        }
        _ => fresh_sqlite_url(),
    }
}

/// The domains of a node with the registry and exchange on one fresh database and the
/// forensic domain on another, per configured backend: each domain in its own database, as a
/// deployment may run them. Migrated, signing with [`test_audit_key`].
pub async fn fresh_split_domains(clock: Arc<dyn Clock>) -> Vec<(String, Domains)> {
    let mut backends = vec!["sqlite".to_string()];
    if postgres_server().is_some() {
        backends.push("postgres".to_string());
    }
    let mut all = Vec::new();
    for backend in backends {
        let main = fresh_database_url(&backend).await;
        let forensic = fresh_database_url(&backend).await;
        let domains = Domains::connect(
            &[
                (Domain::Registry, main.clone()),
                (Domain::Exchange, main),
                (Domain::Forensic, forensic),
            ],
            clock.clone(),
        )
        .await
        .unwrap_or_else(|e| panic!("connecting the domains: {e}"))
        .with_audit_key(test_audit_key());
        domains
            .migrate()
            .await
            .unwrap_or_else(|e| panic!("migrating the domains: {e}"));
        all.push((backend, domains));
    }
    all
}

/// A fresh PostgreSQL database on `server` (a URL such as `postgres://postgres@127.0.0.1:5432`).
pub async fn fresh_postgres(server: &str) -> Store {
    fresh_postgres_with(server, test_clock()).await
}

/// A fresh PostgreSQL database on `server` whose writes are recorded by `clock`: the
/// registry's store, on a database that holds every domain, signing with [`test_audit_key`].
pub async fn fresh_postgres_with(server: &str, clock: Arc<dyn Clock>) -> Store {
    let url = create_postgres_database(server).await;
    let store = Store::connect(&url, clock)
        .await
        .unwrap_or_else(|e| panic!("connecting to {url}: {e}"))
        .with_audit_key(test_audit_key());
    migrate_every_domain(&store).await;
    store
}

/// Creates an empty database on `server` and returns its URL.
async fn create_postgres_database(server: &str) -> String {
    let name = format!("grenzeloos_test_{}", uuid::Uuid::new_v4().simple());
    let admin = Store::connect(
        &format!("{}/postgres", server.trim_end_matches('/')),
        test_clock(),
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
    format!("{}/{name}", server.trim_end_matches('/'))
}

/// Fresh registry databases per configured backend with the schema only up to (not
/// including) migration `before`, for tests of a migration over data in the older form.
/// [`Store::migrate`] afterwards applies the rest.
pub async fn fresh_stores_before(before: i64) -> Vec<(String, Store)> {
    let mut urls = vec![("sqlite".to_string(), fresh_sqlite_url())];
    if let Some(server) = postgres_server() {
        urls.push((
            "postgres".to_string(),
            create_postgres_database(&server).await,
        ));
    }
    let mut stores = Vec::new();
    for (backend, url) in urls {
        let store = Store::connect(&url, test_clock())
            .await
            .unwrap_or_else(|e| panic!("connecting to {url}: {e}"))
            .with_audit_key(test_audit_key());
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
            if path.is_file() && version < before {
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
        drop(conn);
        stores.push((backend, store));
    }
    stores
}

/// The registry's migrations on `backend` (`sqlite` or `postgres`), as the node runs them: for
/// tests that build a database of an older version.
pub fn registry_migrator(backend: &str) -> sqlx::migrate::Migrator {
    let backend = if backend == "postgres" {
        crate::Backend::Postgres
    } else {
        crate::Backend::Sqlite
    };
    crate::migrator(Domain::Registry, backend)
}
