//! Irrevocable erasure of an officer's personal data (SPOC-14, WPG-02) on both backends: gone
//! from every recorded-time version and from the database files, what must stay stays.

use crate::actor;
use grenzeloos_app::App;
use grenzeloos_app::erasure::ErasureOutcome;
use grenzeloos_domain::access::{Purpose, Role};
use grenzeloos_domain::instruments::{Contact, Incident};
use grenzeloos_domain::registry::{DeploymentInput, OfficerInput};
use grenzeloos_domain::retention::ErasureInput;
use grenzeloos_store::testing::{fresh_database_url, postgres_server, test_audit_key, test_clock};
use grenzeloos_store::{Backend, Domains, Store};
use sqlx::Row;

/// Values that occur nowhere else, so that finding one in the files means it was not erased.
pub const GIVEN: &str = "Wilhelmina-Qx7Tz";
pub const FAMILY_BEFORE: &str = "Zwanenburg-Old9Bq";
pub const FAMILY: &str = "Zwanenburg-Vr3Kp";
pub const NUMBER: &str = "PN-ERASE-7731";
const RANK: &str = "Hoofdinspecteur-Jq2Lm";
const UNIT: &str = "Eenheid-Lk9Wx";
const PHONE_BEFORE: &str = "+31 6 9182 7364";
const PHONE: &str = "+31 6 4455 6677";
const EMAIL: &str = "w.zwanenburg-qx7@politie.demo.invalid";
const NEXT_OF_KIN: &str = "Partner-Mz5Rb";
const SUMMARY_BEFORE: &str = "Verwond-Hn4Ws bij patrouille";
const SUMMARY: &str = "Verwond-Hn4Ws bij patrouille, lichte hoofdwond";
const FOLLOW_UP: &str = "Nazorg-Pc8Yd bij terugkeer";

pub const ERASED: &[&str] = &[
    GIVEN,
    FAMILY_BEFORE,
    FAMILY,
    NUMBER,
    RANK,
    UNIT,
    PHONE_BEFORE,
    PHONE,
    EMAIL,
    NEXT_OF_KIN,
    SUMMARY_BEFORE,
    SUMMARY,
    FOLLOW_UP,
];

pub fn purpose() -> Purpose {
    Purpose::parse(Some("rotatieplanning EULEX")).unwrap()
}

/// A fresh demo node per backend, with the SQLite file's path (None on PostgreSQL).
pub async fn demo_nodes() -> Vec<(String, App, Option<std::path::PathBuf>)> {
    demo_nodes_with(test_clock()).await
}

/// Like [`demo_nodes`], on the node clock `clock`.
pub async fn demo_nodes_with(
    clock: std::sync::Arc<grenzeloos_domain::clock::SetClock>,
) -> Vec<(String, App, Option<std::path::PathBuf>)> {
    let mut backends = vec!["sqlite"];
    if postgres_server().is_some() {
        backends.push("postgres");
    }
    let mut nodes = Vec::new();
    for backend in backends {
        let url = fresh_database_url(backend).await;
        let store = Store::connect(&url, clock.clone())
            .await
            .unwrap()
            .with_audit_key(test_audit_key());
        Domains::shared(&store).migrate().await.unwrap();
        let path = url.strip_prefix("sqlite://").map(std::path::PathBuf::from);
        let app = App::new(store);
        assert!(app.load_demo().await.unwrap());
        nodes.push((backend.to_string(), app, path));
    }
    nodes
}

/// Registers the officer of [`ERASED`] with three versions, a deployment to EULEX Kosovo in
/// the first half of 2024, a contact record and an incident of two versions each. Returns the
/// officer's id.
pub async fn person(app: &App) -> String {
    let desk = actor(Role::Deployment);
    let mut input = OfficerInput {
        personnel_number: NUMBER.into(),
        given_name: GIVEN.into(),
        family_name: FAMILY_BEFORE.into(),
        gender: "female".into(),
        rank: None,
        unit: Some(UNIT.into()),
    };
    let id = app.create_officer(&desk, &input).await.unwrap().id;
    input.family_name = FAMILY.into();
    app.update_officer(&desk, &id, &input).await.unwrap();
    input.rank = Some(RANK.into());
    app.update_officer(&desk, &id, &input).await.unwrap();
    let mission = app
        .missions(&actor(Role::Policy), "2024-04-17".parse().unwrap())
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.mission.mission.name == "EULEX Kosovo")
        .unwrap()
        .mission
        .id;
    app.create_deployment(
        &desk,
        &DeploymentInput {
            officer_id: id.clone(),
            mission_id: mission.clone(),
            function: "Adviseur grensbewaking".into(),
            start: "2024-01-01".into(),
            end: Some("2024-06-30".into()),
            status: "deployed".into(),
            consent_date: Some("2023-12-01".into()),
            team_id: None,
        },
    )
    .await
    .unwrap();
    let contact = |phone: &str| grenzeloos_domain::instruments::ContactInput {
        officer_id: id.clone(),
        phone: phone.into(),
        email: Some(EMAIL.into()),
        emergency_contact: Some(NEXT_OF_KIN.into()),
        emergency_phone: None,
    };
    app.save_instrument::<Contact>(&desk, None, &contact(PHONE_BEFORE))
        .await
        .unwrap();
    app.save_instrument::<Contact>(&desk, Some(&id), &contact(PHONE))
        .await
        .unwrap();
    let incident = |summary: &str| grenzeloos_domain::instruments::IncidentInput {
        mission_id: mission.clone(),
        officer_id: Some(id.clone()),
        kind: "medical".into(),
        date: "2024-03-02".into(),
        summary: summary.into(),
        follow_up: FOLLOW_UP.into(),
    };
    let first = app
        .save_instrument::<Incident>(&desk, None, &incident(SUMMARY_BEFORE))
        .await
        .unwrap();
    app.save_instrument::<Incident>(&desk, Some(&first.id), &incident(SUMMARY))
        .await
        .unwrap();
    id
}

/// The bytes of the SQLite database file and its write-ahead log.
fn sqlite_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
    if wal.exists() {
        bytes.extend(std::fs::read(wal).unwrap());
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Every row of every table of the PostgreSQL database as text, and every page of every
/// table, index and TOAST table of the schema as raw bytes (pageinspect): a dead row version
/// that VACUUM left in a page shows here.
async fn postgres_contents(app: &App) -> (String, Vec<u8>) {
    let mut conn = app.store.read().await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert!(tables.len() > 15, "{tables:?}");
    let mut rows = String::new();
    for table in &tables {
        let texts: Vec<String> =
            sqlx::query_scalar(&format!("SELECT CAST(t AS TEXT) FROM {table} t"))
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        for text in texts {
            rows.push_str(&text);
            rows.push('\n');
        }
    }
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pageinspect")
        .execute(&mut *conn)
        .await
        .unwrap_or_else(|e| panic!("the PostgreSQL test needs the pageinspect extension: {e}"));
    let relations = sqlx::query(
        "SELECT c.oid::regclass::text AS name, (pg_relation_size(c.oid) / 8192)::bigint AS blocks
         FROM pg_class c
         WHERE c.relkind IN ('r', 'i', 't')
           AND (c.relnamespace = 'public'::regnamespace
                OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = 'public'::regnamespace))",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut pages = Vec::new();
    for relation in relations {
        let name: String = relation.try_get("name").unwrap();
        let blocks: i64 = relation.try_get("blocks").unwrap();
        for block in 0..blocks {
            let page: Vec<u8> = sqlx::query_scalar("SELECT get_raw_page($1, CAST($2 AS INT))")
                .bind(&name)
                .bind(block)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
            pages.extend(page);
        }
    }
    (rows, pages)
}

/// Which of the erased values the database still holds anywhere we can look.
async fn found(app: &App, path: Option<&std::path::Path>) -> Vec<&'static str> {
    found_of(app, path, ERASED).await
}

/// Which of `values` the database still holds anywhere we can look.
pub async fn found_of(
    app: &App,
    path: Option<&std::path::Path>,
    values: &[&'static str],
) -> Vec<&'static str> {
    match app.store.backend() {
        Backend::Sqlite => {
            let bytes = sqlite_bytes(path.unwrap());
            values
                .iter()
                .copied()
                .filter(|v| contains(&bytes, v))
                .collect()
        }
        Backend::Postgres => {
            let (rows, pages) = postgres_contents(app).await;
            values
                .iter()
                .copied()
                .filter(|v| rows.contains(v) || contains(&pages, v))
                .collect()
        }
    }
}

/// Runs the node's cleanup until no erasure is pending, as its minute does; fails if that
/// takes more than half a minute.
pub async fn settle(app: &App) {
    for _ in 0..30 {
        if app.finish_erasures().await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    panic!("the cleanup of an erasure did not complete within half a minute");
}

fn reason() -> ErasureInput {
    ErasureInput {
        reason: "verzoek AVG art. 17, uit dienst getreden".into(),
    }
}

#[tokio::test]
async fn an_erased_officer_is_gone_from_every_version_and_every_file_and_still_counts() {
    for (backend, app, path) in demo_nodes().await {
        let id = person(&app).await;
        let before = app.now();
        let as_of = "2024-04-17".parse().unwrap();
        let desk = actor(Role::Deployment);
        let overview = app
            .deployment_overview(&actor(Role::Policy), as_of, None)
            .await
            .unwrap();
        assert_eq!(overview.total, 27, "{backend}: the demo's 26 and ours");
        let roster = app
            .deployment_roster(&desk, as_of, Some(before), &purpose())
            .await
            .unwrap();
        let ours = roster
            .deployments
            .iter()
            .find(|r| r.officer_id == id)
            .unwrap();
        assert_eq!(
            ours.name.as_deref(),
            Some(format!("{GIVEN} {FAMILY}").as_str()),
            "{backend}"
        );
        // The control: before the erasure the database holds every value (in a version, a
        // page or the log), so the search below would find what was left.
        assert_eq!(found(&app, path.as_deref()).await, ERASED, "{backend}");

        let outcome: ErasureOutcome = app.erase_officer(&desk, &id, &reason()).await.unwrap();
        if !outcome.physically_removed {
            // Honest about it: a transaction of some other test on the shared server may have
            // held the old row versions; the node's minute finishes the cleanup.
            assert!(outcome.note.is_some(), "{backend}");
            settle(&app).await;
        }
        assert_eq!(
            (
                outcome.versions["officers"].as_i64(),
                outcome.versions["contact"].as_i64(),
                outcome.versions["incident"].as_i64()
            ),
            (Some(3), Some(2), Some(2)),
            "{backend}"
        );
        assert_eq!(
            found(&app, path.as_deref()).await,
            Vec::<&str>::new(),
            "{backend}: erased values left in the database"
        );

        // A roster reproduced as recorded before the erasure shows the person as erased.
        let roster = app
            .deployment_roster(&desk, as_of, Some(before), &purpose())
            .await
            .unwrap();
        let ours = roster
            .deployments
            .iter()
            .find(|r| r.officer_id == id)
            .unwrap();
        assert!(
            ours.erased && ours.name.is_none() && ours.personnel_number.is_none(),
            "{backend}: {ours:?}"
        );
        let text = serde_json::to_string(&roster).unwrap();
        assert!(
            ERASED.iter().all(|v| !text.contains(v)),
            "{backend}: {text}"
        );
        // What must stay stays: the deployment counts, then and now; the gender stays.
        for at in [Some(before), None] {
            let overview = app
                .deployment_overview(&actor(Role::Policy), as_of, at)
                .await
                .unwrap();
            assert_eq!(overview.total, 27, "{backend} as recorded at {at:?}");
        }
        let mut conn = app.store.read().await.unwrap();
        let known = grenzeloos_domain::time::instant_text(before);
        let then = grenzeloos_store::registry::officers(&mut conn, Some(&known))
            .await
            .unwrap()
            .into_iter()
            .find(|o| o.id == id)
            .unwrap();
        assert_eq!(
            (
                then.officer.gender,
                then.officer.given_name.as_str(),
                then.officer.personnel_number.starts_with("ERASED-"),
                then.erased_at.is_some()
            ),
            (grenzeloos_domain::registry::Gender::Female, "", true, true),
            "{backend}"
        );
        let unerased: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM officers WHERE id = $1 AND erased_at IS NULL")
                .bind(&id)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        assert_eq!(unerased, 0, "{backend}: every version is marked erased");
        let incidents = grenzeloos_store::instruments::all::<Incident>(&mut conn, None)
            .await
            .unwrap();
        let incident = incidents
            .iter()
            .find(|i| i.value.officer_id.as_deref() == Some(id.as_str()))
            .unwrap();
        assert_eq!(
            (
                incident.value.kind,
                incident.value.summary.as_str(),
                incident.erased_at.is_some()
            ),
            (
                grenzeloos_domain::instruments::IncidentKind::Medical,
                "",
                true
            ),
            "{backend}: the incident stays, without its narrative"
        );
        drop(conn);

        // The audit event names the erasure by id, with counts only; the chain verifies.
        let events = app
            .audit_events(
                &actor(Role::Supervisor),
                &grenzeloos_store::audit::Filter {
                    action: Some("officer.erase".into()),
                    limit: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(events.len(), 1, "{backend}");
        let details = events[0].details.clone().unwrap_or_default();
        assert!(details.contains(&outcome.erasure_id), "{details}");
        assert!(
            !details.contains("AVG"),
            "{backend}: the reason stays out of the chain"
        );
        crate::audit_count(&app).await;

        // No way back in: no new personal data for the erased officer, no second erasure.
        let refused = app
            .update_officer(
                &desk,
                &id,
                &OfficerInput {
                    personnel_number: NUMBER.into(),
                    given_name: GIVEN.into(),
                    family_name: FAMILY.into(),
                    gender: "female".into(),
                    rank: None,
                    unit: None,
                },
            )
            .await;
        assert!(
            matches!(&refused, Err(grenzeloos_app::AppError::Conflict(v)) if v.code == "erased_officer"),
            "{backend}: {refused:?}"
        );
        let again = app.erase_officer(&desk, &id, &reason()).await;
        assert!(
            matches!(&again, Err(grenzeloos_app::AppError::Conflict(v)) if v.code == "already_erased"),
            "{backend}: {again:?}"
        );
    }
}

#[tokio::test]
async fn a_reason_that_names_the_person_or_says_nothing_is_refused_and_nothing_is_erased() {
    for (backend, app, _) in demo_nodes().await {
        let id = person(&app).await;
        let desk = actor(Role::Deployment);
        let events = crate::audit_count(&app).await;
        for (text, code) in [
            ("weg", "reason_required"),
            (
                "verzoek van Zwanenburg-Vr3Kp zelf",
                "personal_data_in_reason",
            ),
            (
                "telefoon +31 6 4455 6677 vervalt",
                "personal_data_in_reason",
            ),
        ] {
            let refused = app
                .erase_officer(
                    &desk,
                    &id,
                    &ErasureInput {
                        reason: text.into(),
                    },
                )
                .await;
            match refused {
                Err(grenzeloos_app::AppError::Invalid(v)) => assert_eq!(
                    (v.code, v.field.as_deref()),
                    (code, Some("reason")),
                    "{backend}: {text}"
                ),
                other => panic!("{backend}: {text}: {other:?}"),
            }
        }
        // Without the permission: refused and audited as such.
        let refused = app
            .erase_officer(&actor(Role::Policy), &id, &reason())
            .await;
        assert!(matches!(
            refused,
            Err(grenzeloos_app::AppError::Forbidden(_))
        ));
        let officer = app.officer(&desk, &id, &purpose()).await.unwrap();
        assert_eq!(officer.officer.officer.family_name, FAMILY, "{backend}");
        assert_eq!(
            crate::audit_count(&app).await,
            events + 2,
            "{backend}: the denial and our read"
        );
        let missing = app.erase_officer(&desk, "no-such-officer", &reason()).await;
        assert!(
            matches!(missing, Err(grenzeloos_app::AppError::NotFound { .. })),
            "{backend}"
        );
    }
}

/// Opens a read transaction that reads the officers and stays open: on SQLite it holds the
/// write-ahead log, on PostgreSQL a lock on the table.
async fn hold_a_reader(app: &App) -> sqlx::pool::PoolConnection<sqlx::Any> {
    use sqlx::Executor;
    let mut reader = app.store.read().await.unwrap();
    // Closed when dropped, so that its open transaction never goes back to the pool.
    reader.close_on_drop();
    (&mut *reader)
        .execute(sqlx::raw_sql("BEGIN"))
        .await
        .unwrap();
    let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM officers")
        .fetch_one(&mut *reader)
        .await
        .unwrap();
    reader
}

#[tokio::test]
async fn a_reader_holding_the_data_delays_the_cleanup_the_answer_says_so_and_the_minute_finishes_it()
 {
    for (backend, app, path) in demo_nodes().await {
        let id = person(&app).await;
        let desk = actor(Role::Deployment);
        // Every value in the database file itself, so that only the cleanup can remove it.
        grenzeloos_store::erasure::scrub(&app.store, &[], Default::default())
            .await
            .unwrap();
        let reader = hold_a_reader(&app).await;
        let outcome = app.erase_officer(&desk, &id, &reason()).await.unwrap();
        assert!(!outcome.physically_removed, "{backend}");
        let note = outcome.note.clone().unwrap_or_default();
        // PostgreSQL: the reader's lock keeps VACUUM FULL out (or its snapshot, if it still
        // has one).
        let expected = if backend == "sqlite" {
            "sqlite_wal_busy"
        } else {
            "postgres_"
        };
        assert!(note.starts_with(expected), "{backend}: {note}");
        assert!(ERASED.iter().all(|v| !note.contains(v)));
        drop(reader);
        if backend == "sqlite" {
            // The note is true: the old pages are still in the files.
            assert!(!found(&app, path.as_deref()).await.is_empty(), "{backend}");
        }
        let pending = app.officer_erasures(&desk, &id).await.unwrap();
        assert!(pending[0].scrubbed_at.is_none() && pending[0].scrub_attempts >= 1);

        app.tick(&[]).await;
        settle(&app).await;
        let done = app.officer_erasures(&desk, &id).await.unwrap();
        assert!(done[0].scrubbed_at.is_some(), "{backend}: {:?}", done[0]);
        assert_eq!(
            found(&app, path.as_deref()).await,
            Vec::<&str>::new(),
            "{backend}"
        );
    }
}
