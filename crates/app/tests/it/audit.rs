//! Data domains, the purge of audit segments past retention, and the daily jobs, on both
//! backends (SPOC-13, PRUM-08; architecture.md "Data domains").

use crate::{actor, apps};
use grenzeloos_app::accounts::NewUser;
use grenzeloos_app::jobs::{DailyJob, JobFuture, daily_jobs};
use grenzeloos_app::{Actor, App, AppError};
use grenzeloos_domain::access::{Permission, Role};
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_store::audit::Filter;
use grenzeloos_store::testing::{fresh_split_domains, fresh_stores_with, test_clock};
use grenzeloos_store::{Backend, Store};
use jiff::Timestamp;
use std::sync::atomic::{AtomicUsize, Ordering};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

async fn add_user(app: &App, username: &str) {
    app.add_user(
        &Actor::person("test", "test", "test", &[Role::Admin]),
        &NewUser {
            username: username.into(),
            display_name: None,
            roles: vec!["policy".into()],
            password: "long enough password".into(),
        },
    )
    .await
    .unwrap();
}

/// A read of the forensic trail: a use case that touches the forensic domain only.
async fn read_forensic_trail(app: &App) {
    app.audit_events_in(
        &actor(Role::Supervisor),
        DataDomain::Forensic,
        &Filter {
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .unwrap();
}

async fn tables(store: &Store) -> Vec<String> {
    let sql = match store.backend() {
        Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
        }
    };
    let mut conn = store.read().await.unwrap();
    sqlx::query_scalar(sql).fetch_all(&mut *conn).await.unwrap()
}

async fn count(store: &Store, table: &str) -> i64 {
    let mut conn = store.read().await.unwrap();
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

async fn versions(store: &Store) -> Vec<i64> {
    let mut conn = store.read().await.unwrap();
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_registry_and_an_empty_forensic_domain_run_on_two_databases() {
    for (backend, domains) in fresh_split_domains(test_clock()).await {
        let app = App::with_domains(domains);
        let registry = app.domain(DataDomain::Registry).clone();
        let forensic = app.domain(DataDomain::Forensic).clone();
        assert!(!forensic.shares_database_with(&registry), "{backend}");
        assert!(
            app.domain(DataDomain::Exchange)
                .shares_database_with(&registry)
        );

        // Each domain's own tables and migrations, and nothing of the others'.
        let forensic_tables = tables(&forensic).await;
        assert!(forensic_tables.contains(&"forensic_audit_events".to_string()));
        assert!(
            !forensic_tables
                .iter()
                .any(|t| t == "users" || t == "audit_events"),
            "{backend}: {forensic_tables:?}"
        );
        assert!(
            !tables(&registry)
                .await
                .contains(&"forensic_audit_events".to_string())
        );
        assert!(
            versions(&forensic)
                .await
                .iter()
                .all(|v| (2001..3000).contains(v)),
            "{backend}"
        );
        let main = versions(&registry).await;
        assert!(
            main.contains(&8) && main.contains(&1001) && !main.contains(&2001),
            "{backend}: {main:?}"
        );

        // A use case in one domain writes its audit event in that domain's database.
        add_user(&app, "greet").await;
        read_forensic_trail(&app).await;
        assert_eq!(
            count(&forensic, "forensic_audit_events").await,
            1,
            "{backend}"
        );
        let registry_events = count(&registry, "audit_events").await;
        assert!(registry_events >= 1);
        // A refusal to read forensic data is logged with the forensic data.
        let refused = app
            .audit_events_in(
                &actor(Role::Policy),
                DataDomain::Forensic,
                &Filter::default(),
            )
            .await;
        assert!(matches!(
            refused,
            Err(AppError::Forbidden(Permission::AuditRead))
        ));
        assert_eq!(
            count(&forensic, "forensic_audit_events").await,
            2,
            "{backend}"
        );
        assert_eq!(count(&registry, "audit_events").await, registry_events);

        // Each chain is signed and verifies on its own.
        let signed = app.sign_audit().await.unwrap();
        assert!(
            signed.iter().all(|(_, s)| s.refused.is_empty()),
            "{backend}: {signed:?}"
        );
        let verdict = app.verify_audit(&actor(Role::Supervisor)).await.unwrap();
        assert!(verdict.broken.is_none(), "{backend}: {verdict:?}");
        let per_domain: Vec<(DataDomain, i64, i64)> = verdict
            .domains
            .iter()
            .map(|d| (d.domain, d.events, d.unsigned))
            .collect();
        assert_eq!(
            per_domain,
            [
                (DataDomain::Registry, registry_events, 0),
                (DataDomain::Exchange, 0, 0),
                (DataDomain::Forensic, 2, 0)
            ],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn all_three_domains_share_one_database_by_default_each_with_its_own_chain() {
    for (backend, app) in apps().await {
        let registry = app.domain(DataDomain::Registry);
        for domain in DataDomain::ALL {
            assert!(
                app.domain(domain).shares_database_with(registry),
                "{backend}"
            );
        }
        let all = tables(registry).await;
        for table in [
            "audit_events",
            "exchange_audit_events",
            "forensic_audit_events",
            "users",
        ] {
            assert!(all.contains(&table.to_string()), "{backend}: {table}");
        }
        add_user(&app, "greet").await;
        read_forensic_trail(&app).await;
        app.audit_events_in(
            &actor(Role::Supervisor),
            DataDomain::Exchange,
            &Filter::default(),
        )
        .await
        .unwrap();
        let verdict = app.verify_audit(&actor(Role::Supervisor)).await.unwrap();
        assert!(verdict.broken.is_none(), "{backend}: {verdict:?}");
        for d in &verdict.domains {
            assert!(d.events >= 1, "{backend}: {d:?}");
            // Each chain counts from 1.
            assert_eq!(d.segments[0].first_seq, 1, "{backend}");
        }
        assert_eq!(
            verdict.events,
            verdict.domains.iter().map(|d| d.events).sum::<i64>()
        );
    }
}

#[tokio::test]
async fn a_purge_removes_what_is_past_each_domains_retention_and_is_itself_audited() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        let app = App::new(store);
        clock.set(at("2022-01-12T10:00:00Z"));
        add_user(&app, "greet").await;
        read_forensic_trail(&app).await;
        clock.set(at("2022-02-01T10:00:00Z"));
        app.sign_audit().await.unwrap();
        clock.set(at("2026-03-16T09:00:00Z"));
        add_user(&app, "henk").await;

        // Not the supervisor's to do; the refusal is audited.
        let refused = app.purge_audit(&actor(Role::Supervisor), false).await;
        assert!(matches!(
            refused,
            Err(AppError::Forbidden(Permission::AuditPurge))
        ));

        // Forensic: 3 years (PRUM-08), so January 2022 is past it; the registry's 5 years not.
        let plan = app.purge_audit(&actor(Role::Admin), true).await.unwrap();
        assert_eq!(plan.due.len(), 1, "{backend}: {plan:?}");
        assert_eq!(plan.due[0].domain, DataDomain::Forensic);
        assert!(plan.purged.is_empty(), "a dry run removes nothing");
        assert_eq!(count(&app.store, "forensic_audit_events").await, 1);

        let done = app.purge_audit(&actor(Role::Admin), false).await.unwrap();
        assert_eq!(done.purged.len(), 1, "{backend}");
        let (domain, tombstone) = &done.purged[0];
        assert_eq!(
            (*domain, tombstone.period.as_str(), tombstone.events),
            (DataDomain::Forensic, "2022-01", 1)
        );
        assert_eq!(tombstone.purged_by, "test-admin");
        // The purge is an event of the forensic chain, which goes on from the tombstone.
        let trail = app
            .audit_events_in(
                &actor(Role::Supervisor),
                DataDomain::Forensic,
                &Filter {
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let purge = trail.iter().find(|e| e.action == "audit.purge").unwrap();
        assert_eq!(purge.object_id, "forensic/2022-01");
        assert_eq!(purge.seq, 2);

        let verdict = app.verify_audit(&actor(Role::Supervisor)).await.unwrap();
        assert!(verdict.broken.is_none(), "{backend}: {verdict:?}");
        let forensic = &verdict.domains[2];
        assert_eq!(forensic.purged.len(), 1);
        assert_eq!(forensic.purged[0].period, "2022-01");

        // A shorter registry retention is a setting.
        let mut short = app.clone();
        short.settings.audit_retention.registry = 12;
        let done = short.purge_audit(&actor(Role::Admin), false).await.unwrap();
        assert_eq!(done.purged.len(), 1, "{backend}: {done:?}");
        assert_eq!(done.purged[0].0, DataDomain::Registry);
        assert!(
            short
                .verify_audit(&actor(Role::Supervisor))
                .await
                .unwrap()
                .broken
                .is_none()
        );
        // Nothing is due twice.
        assert!(
            short
                .purge_audit(&actor(Role::Admin), false)
                .await
                .unwrap()
                .purged
                .is_empty()
        );
    }
}

static RUNS: AtomicUsize = AtomicUsize::new(0);

fn counting(_app: &App) -> JobFuture<'_> {
    Box::pin(async {
        RUNS.fetch_add(1, Ordering::SeqCst);
        Ok("counted".to_string())
    })
}

#[tokio::test]
async fn a_daily_job_runs_once_a_day_from_its_hour_by_the_node_clock() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        let app = App::new(store);
        RUNS.store(0, Ordering::SeqCst);
        let jobs = [DailyJob {
            name: "test.count",
            from: jiff::civil::Time::constant(3, 0, 0, 0),
            run: counting,
        }];
        // 02:00 in Amsterdam (CET): not yet.
        clock.set(at("2026-03-16T01:00:00Z"));
        assert!(
            app.run_due_jobs(&jobs).await.unwrap().is_empty(),
            "{backend}"
        );
        // 03:30: once, and not again the same day.
        clock.set(at("2026-03-16T02:30:00Z"));
        let runs = app.run_due_jobs(&jobs).await.unwrap();
        assert_eq!(
            (runs.len(), runs[0].ok, runs[0].summary.as_str()),
            (1, true, "counted")
        );
        clock.set(at("2026-03-16T20:00:00Z"));
        assert!(app.run_due_jobs(&jobs).await.unwrap().is_empty());
        assert_eq!(RUNS.load(Ordering::SeqCst), 1, "{backend}");
        // The next day, missed at its hour (the node was down): at the first tick after.
        clock.set(at("2026-03-17T15:00:00Z"));
        assert_eq!(app.run_due_jobs(&jobs).await.unwrap().len(), 1);
        assert_eq!(RUNS.load(Ordering::SeqCst), 2);
        let mut conn = app.store.read().await.unwrap();
        let records = grenzeloos_store::jobs::last_runs(&mut conn).await.unwrap();
        assert_eq!(
            (records[0].day.as_str(), records[0].outcome.as_deref()),
            ("2026-03-17", Some("ok"))
        );
    }
}

#[tokio::test]
async fn the_nodes_minute_signs_the_chains_and_runs_the_audit_purge() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        let app = App::new(store);
        clock.set(at("2021-01-20T10:00:00Z"));
        add_user(&app, "greet").await;
        clock.set(at("2026-03-16T04:00:00Z"));
        app.tick(&daily_jobs()).await;
        let verdict = app.verify_audit(&actor(Role::Supervisor)).await.unwrap();
        assert!(verdict.broken.is_none(), "{backend}: {verdict:?}");
        let registry = &verdict.domains[0];
        assert_eq!(
            registry.purged.len(),
            1,
            "{backend}: January 2021 is past five years (and a month)"
        );
        assert_eq!(registry.purged[0].purged_by, "job:audit.purge");
        assert_eq!(
            registry.unsigned, 2,
            "the events of the purge and of the retention review came after this minute's signing"
        );
        app.tick(&daily_jobs()).await;
        let verdict = app.verify_audit(&actor(Role::Supervisor)).await.unwrap();
        assert_eq!(verdict.domains[0].unsigned, 0);
    }
}
