use grenzeloos_store::audit::{self, NewEvent, Outcome};
use grenzeloos_store::testing::fresh_stores;
use grenzeloos_store::{Backend, Store};

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

/// Plays the attacker with direct database access: lifts the append-only guard first.
async fn tamper(store: &Store, statements: &[&str]) {
    let mut conn = store.read().await.unwrap();
    let lift = match store.backend() {
        Backend::Sqlite => vec![
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_delete",
        ],
        Backend::Postgres => vec!["DROP TRIGGER audit_events_no_update ON audit_events"],
    };
    for sql in lift.iter().chain(statements) {
        sqlx::query(sql).execute(&mut *conn).await.unwrap();
    }
}

async fn first_break(store: &Store) -> Option<i64> {
    let mut conn = store.read().await.unwrap();
    audit::verify(&mut conn)
        .await
        .unwrap()
        .broken
        .map(|b| b.seq)
}

#[tokio::test]
async fn an_intact_chain_verifies() {
    for (backend, store) in fresh_stores().await {
        let mut conn = store.read().await.unwrap();
        let empty = audit::verify(&mut conn).await.unwrap();
        assert_eq!((empty.events, empty.broken), (0, None), "{backend}");
        drop(conn);
        append_events(&store, 7).await;
        let mut conn = store.read().await.unwrap();
        let report = audit::verify(&mut conn).await.unwrap();
        assert_eq!(report.events, 7, "{backend}");
        assert!(report.broken.is_none(), "{backend}: {report:?}");
        assert_eq!(report.head.unwrap().0, 7);
    }
}

#[tokio::test]
async fn the_trail_refuses_updates_and_deletes() {
    for (backend, store) in fresh_stores().await {
        append_events(&store, 2).await;
        let mut conn = store.read().await.unwrap();
        for sql in [
            "UPDATE audit_events SET actor = 'mallory'",
            "DELETE FROM audit_events",
        ] {
            let refused = sqlx::query(sql).execute(&mut *conn).await;
            assert!(refused.is_err(), "{backend}: {sql} was allowed");
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
    for (backend, store) in fresh_stores().await {
        append_events(&store, 5).await;
        tamper(&store, &["DELETE FROM audit_events WHERE seq = 4"]).await;
        assert_eq!(first_break(&store).await, Some(4), "{backend}");
        let mut conn = store.read().await.unwrap();
        let report = audit::verify(&mut conn).await.unwrap();
        assert!(
            report.broken.unwrap().problem.contains("missing"),
            "{backend}"
        );
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
        let mut conn = store.read().await.unwrap();
        assert_eq!(
            audit::verify(&mut conn).await.unwrap().events,
            0,
            "{backend}"
        );
        let listed = audit::list(
            &mut conn,
            &audit::Filter {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(listed.is_empty(), "{backend}");
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
