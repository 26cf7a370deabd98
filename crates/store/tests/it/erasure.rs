//! The generic erasure mechanism (SPOC-14) on both backends: every recorded-time version of
//! the entity, nothing of anyone else.

use grenzeloos_domain::instruments::{Incident, IncidentKind};
use grenzeloos_domain::registry::{Gender, Officer};
use grenzeloos_store::erasure::{self, Blank};
use grenzeloos_store::testing::fresh_stores;
use grenzeloos_store::{StoreError, instruments, registry};

fn officer(family: &str) -> Officer {
    Officer {
        personnel_number: format!("PN-{family}"),
        given_name: "Anna".into(),
        family_name: family.into(),
        gender: Gender::Female,
        rank: Some("inspecteur".into()),
        unit: None,
    }
}

#[tokio::test]
async fn every_version_of_the_entity_is_rewritten_and_no_one_else() {
    for (backend, store) in fresh_stores().await {
        for (id, names) in [
            ("o1", ["Visser", "De Visser", "Visser-Bos"]),
            ("o2", ["Bakker", "Bakker", "Bakker"]),
        ] {
            for name in names {
                let mut tx = store.write().await.unwrap();
                let now = tx.now_text();
                registry::save_officer(&mut tx, id, &officer(name), &now, "t")
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }
        let mut tx = store.write().await.unwrap();
        let rewritten = erasure::erase_versions(
            &mut tx,
            "officers",
            &[("id", "o1")],
            &[
                ("personnel_number", Blank::Text("ERASED-o1".into())),
                ("family_name", Blank::Empty),
                ("rank", Blank::Null),
            ],
        )
        .await
        .unwrap();
        let erased_at = tx.now_text();
        tx.commit().await.unwrap();
        assert_eq!(rewritten, 3, "{backend}: every version");

        let mut conn = store.read().await.unwrap();
        type Version = (String, String, String, Option<String>, Option<String>);
        let rows: Vec<Version> = sqlx::query_as(
            "SELECT id, personnel_number, family_name, rank, erased_at FROM officers ORDER BY id, version_id",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(rows.len(), 6, "{backend}");
        for (id, number, family, rank, at) in rows {
            if id == "o1" {
                assert_eq!(
                    (number.as_str(), family.as_str(), rank, at.as_deref()),
                    ("ERASED-o1", "", None, Some(erased_at.as_str())),
                    "{backend}"
                );
            } else {
                assert_eq!(
                    (family.as_str(), rank.as_deref(), at),
                    ("Bakker", Some("inspecteur"), None),
                    "{backend}: another officer is untouched"
                );
            }
        }
        // What the erasure did not name stays (here the given name).
        let o1 = registry::officer(&mut conn, "o1").await.unwrap().unwrap();
        assert_eq!(
            (o1.officer.given_name.as_str(), o1.erased_at.is_some()),
            ("Anna", true),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_document_loses_the_personal_fields_only_in_the_versions_about_the_person() {
    for (backend, store) in fresh_stores().await {
        let incident = |officer: &str, summary: &str| Incident {
            mission_id: "m1".into(),
            officer_id: Some(officer.into()),
            kind: IncidentKind::Security,
            date: "2024-02-01".parse().unwrap(),
            summary: summary.into(),
            follow_up: "nazorg".into(),
        };
        // Recorded for the wrong officer first, then corrected.
        for value in [incident("o1", "first"), incident("o2", "corrected")] {
            let mut tx = store.write().await.unwrap();
            let now = tx.now_text();
            instruments::save(&mut tx, "i1", &value, &now, "t")
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }
        let mut tx = store.write().await.unwrap();
        let rewritten = erasure::erase_documents::<Incident>(&mut tx, |i| {
            i.officer_id.as_deref() == Some("o1")
        })
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(rewritten, 1, "{backend}");
        let mut conn = store.read().await.unwrap();
        let history = instruments::history::<Incident>(&mut conn, "i1")
            .await
            .unwrap();
        assert_eq!(
            history
                .iter()
                .map(|v| (
                    v.value.summary.as_str(),
                    v.value.follow_up.as_str(),
                    v.erased_at.is_some()
                ))
                .collect::<Vec<_>>(),
            [("", "", true), ("corrected", "nazorg", false)],
            "{backend}"
        );
    }
}

#[tokio::test]
async fn a_name_that_is_not_plain_sql_never_reaches_the_statement() {
    for (backend, store) in fresh_stores().await {
        let mut tx = store.write().await.unwrap();
        for (table, column) in [
            ("officers; DROP TABLE officers", "rank"),
            ("officers", "rank = NULL --"),
        ] {
            let refused =
                erasure::erase_versions(&mut tx, table, &[("id", "o1")], &[(column, Blank::Null)])
                    .await;
            assert!(
                matches!(refused, Err(StoreError::Identifier(_))),
                "{backend}: {table} {column}"
            );
        }
        drop(tx);
        let refused = erasure::scrub(
            &store,
            &["officers, audit_events".to_string()],
            Default::default(),
        )
        .await;
        assert!(
            matches!(refused, Err(StoreError::Identifier(_))),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn every_sqlite_connection_zeroes_what_it_deletes() {
    // SPOC-14: without secure_delete the old values of every change would stay in free space.
    for (backend, store) in fresh_stores().await {
        if store.backend() != grenzeloos_store::Backend::Sqlite {
            continue;
        }
        let mut conn = store.read().await.unwrap();
        let on: i64 = sqlx::query_scalar("PRAGMA secure_delete")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(on, 1, "{backend}");
    }
}
