//! Use-case tests on a fresh SQLite database and, with GRENZELOOS_TEST_POSTGRES, PostgreSQL.
#![allow(clippy::unwrap_used)]

mod accounts;
mod agreements;
mod audit;
mod demo;
mod erasure;
mod import;
mod instruments;
mod legal_basis;
mod registry;
mod retention;
mod security;

use grenzeloos_app::{Actor, App};
use grenzeloos_domain::access::Role;
use grenzeloos_store::testing::fresh_stores;

/// A fresh application per configured backend.
pub async fn apps() -> Vec<(String, App)> {
    fresh_stores()
        .await
        .into_iter()
        .map(|(backend, store)| (backend, App::new(store)))
        .collect()
}

/// A fresh application per backend with the demo data loaded.
pub async fn demo_apps() -> Vec<(String, App)> {
    let mut apps = apps().await;
    for (_, app) in &mut apps {
        assert!(app.load_demo().await.unwrap());
    }
    apps
}

pub fn actor(role: Role) -> Actor {
    Actor::person(
        &format!("user-{role}"),
        &format!("test-{role}"),
        &role.to_string(),
        &[role],
    )
}

pub async fn audit_count(app: &App) -> i64 {
    let mut conn = app.store.read().await.unwrap();
    grenzeloos_store::audit::verify(
        &mut conn,
        grenzeloos_store::Domain::Registry,
        app.store.audit_public_key().unwrap(),
    )
    .await
    .unwrap()
    .events
}
