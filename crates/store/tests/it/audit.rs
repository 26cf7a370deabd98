//! The audit chain on both backends: appends, segments, signatures, purges, and an attacker
//! with database access but without the audit key (SPOC-13, PRUM-08).

use grenzeloos_domain::clock::SetClock;
use grenzeloos_store::audit::{self, AuditEvent, AuditKey, DomainVerification, NewEvent, Outcome};
use grenzeloos_store::testing::{fresh_stores, fresh_stores_with, test_clock};
use grenzeloos_store::{Backend, Domain, Store};
use jiff::Timestamp;
use std::sync::Arc;

async fn append_events(store: &Store, n: usize) {
    for i in 0..n {
        let mut tx = store.write().await.unwrap();
        audit::append(
            &mut tx,
            NewEvent {
                actor: "alice",
                action: "officer.read",
                object_type: "officer",
                object_id: &format!("o-{i}"),
                outcome: Outcome::Ok,
                purpose: Some("staffing review"),
                details: None,
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

/// One round of the minute signer.
async fn sign(store: &Store) -> audit::Signing {
    let mut tx = store.write().await.unwrap();
    let done = audit::sign(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    done
}

async fn report(store: &Store) -> DomainVerification {
    let mut conn = store.read().await.unwrap();
    audit::verify(&mut conn, store.domain(), store.audit_public_key().unwrap())
        .await
        .unwrap()
}

async fn first_break(store: &Store) -> Option<i64> {
    report(store).await.broken.map(|b| b.seq)
}

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Plays the attacker with direct database access: lifts every append-only guard first.
async fn tamper(store: &Store, statements: &[&str]) {
    let mut conn = store.read().await.unwrap();
    let lift = match store.backend() {
        Backend::Sqlite => vec![
            "DROP TRIGGER IF EXISTS audit_events_no_update",
            "DROP TRIGGER IF EXISTS audit_events_no_delete",
            "DROP TRIGGER IF EXISTS audit_segments_sealed",
            "DROP TRIGGER IF EXISTS audit_segments_no_delete",
            "DROP TRIGGER IF EXISTS audit_checkpoints_no_update",
            "DROP TRIGGER IF EXISTS audit_checkpoints_no_delete",
            "DROP TRIGGER IF EXISTS audit_tombstones_no_update",
            "DROP TRIGGER IF EXISTS audit_tombstones_no_delete",
        ],
        Backend::Postgres => vec![
            "DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events",
            "DROP TRIGGER IF EXISTS audit_segments_guard ON audit_segments",
            "DROP TRIGGER IF EXISTS audit_checkpoints_guard ON audit_checkpoints",
            "DROP TRIGGER IF EXISTS audit_tombstones_guard ON audit_tombstones",
        ],
    };
    for sql in lift.iter().chain(statements) {
        sqlx::query(sql).execute(&mut *conn).await.unwrap();
    }
}

async fn events(store: &Store) -> Vec<AuditEvent> {
    let mut conn = store.read().await.unwrap();
    let mut all = audit::list_in(
        &mut conn,
        store.domain(),
        &audit::Filter {
            limit: 10_000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    all.reverse();
    all
}

/// The attacker without the key: changes event `from` and re-hashes every event after it, so
/// that each links correctly to the one before, as a careful forger would.
async fn rewrite_from(store: &Store, from: i64) {
    let all = events(store).await;
    let mut prev: [u8; 32] = hex::decode(&all[(from - 2).max(0) as usize].hash)
        .unwrap()
        .try_into()
        .unwrap();
    if from == 1 {
        prev = [0; 32];
    }
    let mut statements = Vec::new();
    for mut event in all.into_iter().filter(|e| e.seq >= from) {
        if event.seq == from {
            event.actor = "mallory".into();
        }
        event.prev_hash = hex::encode(prev);
        let hash = audit::event_hash(&event, &prev);
        event.hash = hex::encode(hash);
        statements.push(format!(
            "UPDATE audit_events SET actor = '{}', prev_hash = '{}', hash = '{}' WHERE seq = {}",
            event.actor, event.prev_hash, event.hash, event.seq
        ));
        prev = hash;
    }
    // Later segments must start from the forged head too.
    let refs: Vec<&str> = statements.iter().map(String::as_str).collect();
    tamper(store, &refs).await;
    let mut conn = store.read().await.unwrap();
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT s.first_seq, e.prev_hash FROM audit_segments s JOIN audit_events e ON e.seq = s.first_seq",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for (first, prev_hash) in rows {
        sqlx::query("UPDATE audit_segments SET prev_hash = $1 WHERE first_seq = $2")
            .bind(prev_hash)
            .bind(first)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
}

/// A chain over three months: January 2026 (events 1–8, with a checkpoint at 5), February
/// (9–11) and March, still open (12–16, a checkpoint at 14, then two unsigned events).
async fn three_months(clock: &SetClock, store: &Store) {
    clock.set(at("2026-01-10T10:00:00Z"));
    append_events(store, 5).await;
    assert_eq!(sign(store).await.checkpoint, Some(5));
    append_events(store, 3).await;
    clock.set(at("2026-02-03T10:00:00Z"));
    append_events(store, 3).await;
    clock.set(at("2026-03-02T10:00:00Z"));
    append_events(store, 3).await;
    sign(store).await;
    clock.set(at("2026-03-20T10:00:00Z"));
    append_events(store, 2).await;
}

#[tokio::test]
async fn an_intact_chain_verifies() {
    for (backend, store) in fresh_stores().await {
        let empty = report(&store).await;
        assert_eq!((empty.events, &empty.broken), (0, &None), "{backend}");
        append_events(&store, 7).await;
        let report = report(&store).await;
        assert_eq!(report.events, 7, "{backend}");
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.head.unwrap().seq, 7);
        assert_eq!(report.unsigned, 7, "{backend}: nothing signed yet");
        assert_eq!(report.segments.len(), 1);
        assert!(!report.segments[0].sealed);
    }
}

#[tokio::test]
async fn months_are_segments_sealed_when_the_next_begins_and_the_open_one_is_checkpointed() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        let report = report(&store).await;
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.events, 16);
        let periods: Vec<(&str, i64, i64, bool)> = report
            .segments
            .iter()
            .map(|s| (s.period.as_str(), s.first_seq, s.last_seq, s.sealed))
            .collect();
        assert_eq!(
            periods,
            [
                ("2026-01", 1, 8, true),
                ("2026-02", 9, 11, true),
                ("2026-03", 12, 16, false)
            ],
            "{backend}"
        );
        let signed = report.signed_head.unwrap();
        assert_eq!((signed.seq, signed.by.as_str()), (14, "checkpoint"));
        assert_eq!(
            report.unsigned, 2,
            "{backend}: the last two are not signed yet"
        );
        // Nothing new: no new checkpoint. A new head: one.
        assert_eq!(sign(&store).await.checkpoint, Some(16));
        assert_eq!(sign(&store).await, audit::Signing::default());
        assert_eq!(self::report(&store).await.unsigned, 0);
        // When the month is over the signer seals it, even if nothing follows.
        clock.set(at("2026-04-01T00:00:30Z"));
        assert_eq!(sign(&store).await.sealed, ["2026-03"], "{backend}");
        let report = self::report(&store).await;
        assert!(report.segments.iter().all(|s| s.sealed), "{backend}");
        assert_eq!(report.signed_head.unwrap().by, "seal");
        // The first event of April opens its segment, linked to March's seal.
        clock.set(at("2026-04-02T08:00:00Z"));
        append_events(&store, 1).await;
        let report = self::report(&store).await;
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.segments.last().unwrap().first_seq, 17);
    }
}

#[tokio::test]
async fn a_clock_set_back_never_reopens_a_month() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        clock.set(at("2026-05-10T10:00:00Z"));
        append_events(&store, 2).await;
        clock.set(at("2026-04-10T10:00:00Z"));
        append_events(&store, 2).await;
        let report = report(&store).await;
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.segments.len(), 1);
        assert_eq!(report.segments[0].period, "2026-05");
    }
}

#[tokio::test]
async fn the_trail_refuses_updates_and_deletes() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        let mut conn = store.read().await.unwrap();
        for sql in [
            "UPDATE audit_events SET actor = 'mallory'",
            "DELETE FROM audit_events",
            "UPDATE audit_segments SET head_hash = 'x' WHERE first_seq = 1",
            "DELETE FROM audit_segments",
            "UPDATE audit_checkpoints SET hash = 'x'",
            "DELETE FROM audit_checkpoints",
            "INSERT INTO audit_tombstones (first_seq, last_seq, period, events, prev_hash, head_hash, retention_months, purged_at, purged_by, key_id, signature) VALUES (1000, 1001, '2020-01', 2, 'a', 'b', 1, 'x', 'y', 'k', 's')",
        ] {
            let first = sqlx::query(sql).execute(&mut *conn).await;
            if sql.starts_with("INSERT") {
                // A tombstone may be added (a purge does that), but never changed or removed.
                first.unwrap();
                for sql in [
                    "UPDATE audit_tombstones SET events = 1",
                    "DELETE FROM audit_tombstones",
                ] {
                    let refused = sqlx::query(sql).execute(&mut *conn).await;
                    assert!(refused.is_err(), "{backend}: {sql} was allowed");
                }
            } else {
                assert!(first.is_err(), "{backend}: {sql} was allowed");
            }
        }
    }
}

#[tokio::test]
async fn a_changed_event_is_found() {
    for (backend, store) in fresh_stores().await {
        append_events(&store, 5).await;
        tamper(
            &store,
            &["UPDATE audit_events SET purpose = 'curiosity' WHERE seq = 3"],
        )
        .await;
        assert_eq!(first_break(&store).await, Some(3), "{backend}");
    }
}

#[tokio::test]
async fn a_changed_and_rehashed_event_breaks_the_link_after_it() {
    for (backend, store) in fresh_stores().await {
        append_events(&store, 5).await;
        tamper(
            &store,
            &["UPDATE audit_events SET hash = prev_hash WHERE seq = 2"],
        )
        .await;
        // Event 2's own hash no longer matches its content.
        assert_eq!(first_break(&store).await, Some(2), "{backend}");
    }
}

#[tokio::test]
async fn a_deleted_event_is_found() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        // In a sealed month, and in the open one.
        tamper(&store, &["DELETE FROM audit_events WHERE seq = 4"]).await;
        let report = report(&store).await;
        let broken = report.broken.unwrap();
        assert_eq!(
            (broken.seq, broken.segment.as_deref()),
            (4, Some("2026-01")),
            "{backend}"
        );
        assert!(broken.problem.contains("missing"), "{backend}");
        assert_eq!(report.events, 3);
    }
    for (backend, store) in fresh_stores().await {
        append_events(&store, 5).await;
        tamper(&store, &["DELETE FROM audit_events WHERE seq = 4"]).await;
        assert_eq!(first_break(&store).await, Some(4), "{backend}");
    }
}

#[tokio::test]
async fn an_inserted_event_is_found() {
    for (backend, store) in fresh_stores().await {
        append_events(&store, 5).await;
        // Make room after event 2 and slip in a copy of event 1 as event 3.
        tamper(
            &store,
            &[
                "UPDATE audit_events SET seq = seq + 1000 WHERE seq > 2",
                "UPDATE audit_events SET seq = seq - 999 WHERE seq > 1000",
                "INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, outcome, purpose, details, prev_hash, hash)
                 SELECT 3, at, 'mallory', action, object_type, object_id, outcome, purpose, details, prev_hash, hash FROM audit_events WHERE seq = 1",
            ],
        )
        .await;
        assert_eq!(first_break(&store).await, Some(3), "{backend}");
    }
}

#[tokio::test]
async fn an_event_appended_at_the_end_without_the_chain_is_found() {
    for (backend, store) in fresh_stores().await {
        append_events(&store, 3).await;
        tamper(
            &store,
            &["INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, outcome, purpose, details, prev_hash, hash)
               VALUES (4, '2024-01-01T00:00:00.000000Z', 'mallory', 'login', 'user', 'x', 'ok', NULL, NULL, 'ab', 'cd')"],
        )
        .await;
        assert_eq!(first_break(&store).await, Some(4), "{backend}");
    }
}

#[tokio::test]
async fn a_segment_dropped_without_a_tombstone_is_found() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        // February, events 9–11, gone with its segment row, as if it had never been.
        tamper(
            &store,
            &[
                "DELETE FROM audit_events WHERE seq >= 9 AND seq <= 11",
                "DELETE FROM audit_segments WHERE first_seq = 9",
            ],
        )
        .await;
        let report = report(&store).await;
        let broken = report.broken.unwrap();
        assert_eq!(broken.seq, 9, "{backend}");
        assert!(
            broken.problem.contains("removed without a tombstone"),
            "{backend}: {}",
            broken.problem
        );
        assert_eq!(report.events, 8);
    }
}

#[tokio::test]
async fn a_chain_rewritten_without_the_key_is_found() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        // From event 7 on, inside sealed January: its checkpoint at 5 still holds, its seal
        // does not.
        rewrite_from(&store, 7).await;
        let report = report(&store).await;
        let broken = report.broken.unwrap();
        assert_eq!(
            (broken.seq, broken.segment.as_deref()),
            (6, Some("2026-01")),
            "{backend}: {}",
            broken.problem
        );
        assert!(
            broken.problem.contains("rewritten after event 5"),
            "{}",
            broken.problem
        );
        assert_eq!(report.events, 5);
    }
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        // From event 13 on, inside open March: the checkpoint at 14 no longer matches.
        rewrite_from(&store, 13).await;
        let broken = report(&store).await.broken.unwrap();
        assert_eq!(
            (broken.seq, broken.segment.as_deref()),
            (12, Some("2026-03")),
            "{backend}: {}",
            broken.problem
        );
        assert!(broken.problem.contains("rewritten after event 11"));
    }
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        // The forger seals January anew with a key of their own: the seal is not ours.
        rewrite_from(&store, 7).await;
        let forged = AuditKey::from_seed([9; 32]);
        let forger = store.clone().with_audit_key(Arc::new(forged));
        tamper(
            &store,
            &["UPDATE audit_segments SET last_seq = NULL, events = NULL, head_hash = NULL, sealed_at = NULL, key_id = NULL, signature = NULL WHERE first_seq = 1",
              "DELETE FROM audit_checkpoints"],
        )
        .await;
        sign(&forger).await;
        let broken = report(&store).await.broken.unwrap();
        assert_eq!(broken.seq, 1, "{backend}: {}", broken.problem);
        assert!(broken.problem.contains("not signed by the audit key"));
    }
}

#[tokio::test]
async fn the_last_minute_is_what_can_be_dropped_unnoticed() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        // Events 15 and 16 came after the last signature: their removal cannot be told from
        // their never having been written (docs/audit.md says so).
        tamper(&store, &["DELETE FROM audit_events WHERE seq >= 15"]).await;
        let quiet = report(&store).await;
        assert!(quiet.broken.is_none(), "{backend}: {quiet:?}");
        assert_eq!((quiet.events, quiet.unsigned), (14, 0));
        // Signed events are another matter.
        tamper(&store, &["DELETE FROM audit_events WHERE seq >= 13"]).await;
        let broken = report(&store).await.broken.unwrap();
        assert!(
            broken.problem.contains("newest events were deleted"),
            "{backend}: {}",
            broken.problem
        );
    }
}

#[tokio::test]
async fn a_purge_removes_whole_months_past_retention_and_the_rest_still_verifies() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        // PRUM-08 with a retention of one month: January may go from 1 March... once every
        // event in it is a month old, i.e. from 1 March; February from 1 April.
        let mut conn = store.read().await.unwrap();
        let due = audit::due_for_purge(&mut conn, Domain::Registry, 1, at("2026-03-20T10:00:00Z"))
            .await
            .unwrap();
        drop(conn);
        assert_eq!(due.len(), 1, "{backend}: {due:?}");
        assert_eq!((due[0].period.as_str(), due[0].events), ("2026-01", 8));
        let mut tx = store.write().await.unwrap();
        let tombstone = audit::purge(&mut tx, &due[0], 1, "cli:test")
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            (tombstone.first_seq, tombstone.last_seq, tombstone.events),
            (1, 8, 8)
        );
        let report = report(&store).await;
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.events, 8, "the kept events");
        assert_eq!(report.purged.len(), 1);
        assert_eq!(report.purged[0].period, "2026-01");
        assert_eq!(report.purged[0].purged_by, "cli:test");
        assert_eq!(events(&store).await.first().unwrap().seq, 9);
        // Events go on after a purge; the chain still verifies.
        append_events(&store, 1).await;
        assert!(self::report(&store).await.broken.is_none(), "{backend}");
        // A forged or altered tombstone is found.
        tamper(
            &store,
            &["UPDATE audit_tombstones SET events = 7, last_seq = 7"],
        )
        .await;
        let broken = self::report(&store).await.broken.unwrap();
        assert!(
            broken.problem.contains("tombstone"),
            "{backend}: {}",
            broken.problem
        );
    }
}

#[tokio::test]
async fn every_segment_can_go_and_the_chain_continues_from_the_last_tombstone() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        clock.set(at("2022-01-10T10:00:00Z"));
        append_events(&store, 2).await;
        clock.set(at("2022-02-10T10:00:00Z"));
        sign(&store).await;
        let mut conn = store.read().await.unwrap();
        let due = audit::due_for_purge(&mut conn, Domain::Registry, 36, at("2026-03-16T00:00:00Z"))
            .await
            .unwrap();
        drop(conn);
        assert_eq!(due.len(), 1, "{backend}");
        let mut tx = store.write().await.unwrap();
        audit::purge(&mut tx, &due[0], 36, "job:audit.purge")
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        let empty = report(&store).await;
        assert!(empty.broken.is_none(), "{backend}: {empty:?}");
        assert_eq!((empty.events, empty.segments.len()), (0, 0));
        clock.set(at("2026-03-16T09:00:00Z"));
        append_events(&store, 1).await;
        let report = report(&store).await;
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.head.unwrap().seq, 3);
    }
}

#[tokio::test]
async fn a_purge_refuses_a_segment_that_does_not_verify() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        tamper(
            &store,
            &["UPDATE audit_events SET purpose = 'curiosity' WHERE seq = 3"],
        )
        .await;
        let mut conn = store.read().await.unwrap();
        let due = audit::due_for_purge(&mut conn, Domain::Registry, 1, at("2026-03-20T10:00:00Z"))
            .await
            .unwrap();
        drop(conn);
        let mut tx = store.write().await.unwrap();
        let refused = audit::purge(&mut tx, &due[0], 1, "cli:test")
            .await
            .unwrap()
            .unwrap_err();
        drop(tx);
        assert_eq!(refused.seq, 3, "{backend}");
        assert_eq!(first_break(&store).await, Some(3), "the evidence stays");
    }
}

#[tokio::test]
async fn the_signer_refuses_to_vouch_for_a_tampered_tail() {
    let clock = test_clock();
    for (backend, store) in fresh_stores_with(clock.clone()).await {
        three_months(&clock, &store).await;
        tamper(
            &store,
            &["UPDATE audit_events SET purpose = 'curiosity' WHERE seq = 15"],
        )
        .await;
        let done = sign(&store).await;
        assert_eq!(done.checkpoint, None, "{backend}");
        assert_eq!(done.refused.len(), 1);
        assert_eq!(first_break(&store).await, Some(15));
    }
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_event() {
    for (backend, store) in fresh_stores().await {
        let mut tx = store.write().await.unwrap();
        audit::append(
            &mut tx,
            NewEvent {
                actor: "a",
                action: "x",
                object_type: "y",
                object_id: "z",
                outcome: Outcome::Ok,
                purpose: None,
                details: None,
            },
        )
        .await
        .unwrap();
        drop(tx);
        assert_eq!(report(&store).await.events, 0, "{backend}");
        assert!(events(&store).await.is_empty(), "{backend}");
    }
}

#[tokio::test]
async fn the_trail_filters_by_actor_and_object() {
    for (backend, store) in fresh_stores().await {
        append_events(&store, 4).await;
        let mut conn = store.read().await.unwrap();
        let filter = audit::Filter {
            actor: Some("alice".into()),
            object_id: Some("o-2".into()),
            limit: 10,
            ..Default::default()
        };
        let found = audit::list(&mut conn, &filter).await.unwrap();
        assert_eq!(found.len(), 1, "{backend}");
        assert_eq!(found[0].seq, 3);
        let nobody = audit::Filter {
            actor: Some("bob".into()),
            limit: 10,
            ..Default::default()
        };
        assert!(audit::list(&mut conn, &nobody).await.unwrap().is_empty());
    }
}

/// A database written before segments existed (migrations up to 0005, events without
/// segments) is adopted by 0008: one segment per month, sealed at the first signing.
#[tokio::test]
async fn a_chain_from_before_segments_is_adopted() {
    let mut backends = vec!["sqlite"];
    if grenzeloos_store::testing::postgres_server().is_some() {
        backends.push("postgres");
    }
    for backend in backends {
        let url = grenzeloos_store::testing::fresh_database_url(backend).await;
        let old = Store::connect(&url, test_clock())
            .await
            .unwrap()
            .with_audit_key(grenzeloos_store::testing::test_audit_key());
        let full = grenzeloos_store::testing::registry_migrator(backend);
        let before = sqlx::migrate::Migrator {
            migrations: full
                .iter()
                .filter(|m| m.version <= 5)
                .cloned()
                .collect::<Vec<_>>()
                .into(),
            ..grenzeloos_store::testing::registry_migrator(backend)
        };
        let mut conn = old.read().await.unwrap();
        before.run(&mut *conn).await.unwrap();
        let mut prev = [0u8; 32];
        for (seq, at) in [
            (1, "2025-11-03T10:00:00.000000Z"),
            (2, "2025-11-04T10:00:00.000000Z"),
            (3, "2025-12-01T10:00:00.000000Z"),
        ] {
            let mut event = AuditEvent {
                seq,
                at: at.into(),
                actor: "admin".into(),
                action: "mission.create".into(),
                object_type: "mission".into(),
                object_id: format!("m-{seq}"),
                outcome: "ok".into(),
                purpose: None,
                details: None,
                prev_hash: hex::encode(prev),
                hash: String::new(),
            };
            let hash = audit::event_hash(&event, &prev);
            event.hash = hex::encode(hash);
            sqlx::query("INSERT INTO audit_events (seq, at, actor, action, object_type, object_id, outcome, purpose, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, $8, $9)")
                .bind(event.seq).bind(&event.at).bind(&event.actor).bind(&event.action)
                .bind(&event.object_type).bind(&event.object_id).bind(&event.outcome)
                .bind(&event.prev_hash).bind(&event.hash)
                .execute(&mut *conn).await.unwrap();
            prev = hash;
        }
        drop(conn);
        old.migrate().await.unwrap();
        let adopted = report(&old).await;
        // Before the node signs, November is closed but unsealed: verify says so.
        assert_eq!(adopted.broken.map(|b| b.seq), Some(1), "{backend}");
        let done = sign(&old).await;
        assert_eq!(done.sealed, ["2025-11", "2025-12"], "{backend}");
        let report = report(&old).await;
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.events, 3);
        old.close().await;
    }
}

/// SPOC-13: reads logged by group commit — many at once, each returned only once its event is
/// committed, every one in the chain exactly once, the chain intact.
#[tokio::test]
async fn reads_logged_together_are_each_in_the_chain_once() {
    for (backend, store) in fresh_stores().await {
        let exchange = store.in_domain(Domain::Exchange);
        grenzeloos_store::Domains::shared(&store)
            .migrate()
            .await
            .unwrap();
        let mut readers = Vec::new();
        for i in 0..40 {
            let exchange = exchange.clone();
            readers.push(tokio::spawn(async move {
                exchange
                    .log_read(audit::OwnedEvent {
                        actor: format!("desk-{}", i % 4),
                        action: "spoc.case.read".to_string(),
                        object_type: "spoc_case".to_string(),
                        object_id: format!("case-{i}"),
                        purpose: Some("behandeling".to_string()),
                        details: None,
                    })
                    .await
            }));
        }
        // A writer in between: the reads wait for it and go together after it.
        append_events(&exchange, 1).await;
        for reader in readers {
            reader.await.unwrap().unwrap();
        }
        let mut conn = exchange.read().await.unwrap();
        let filter = audit::Filter {
            limit: 1000,
            ..Default::default()
        };
        let events = audit::list_in(&mut conn, Domain::Exchange, &filter)
            .await
            .unwrap();
        let mut read: Vec<String> = events
            .iter()
            .filter(|e| e.action == "spoc.case.read")
            .map(|e| e.object_id.clone())
            .collect();
        read.sort();
        let mut expected: Vec<String> = (0..40).map(|i| format!("case-{i}")).collect();
        expected.sort();
        assert_eq!(read, expected, "{backend}");
        drop(conn);
        assert_eq!(first_break(&exchange).await, None, "{backend}");
    }
}
