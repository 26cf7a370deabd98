use grenzeloos_domain::registry::{Location, Mission, Period};
use grenzeloos_store::registry;
use grenzeloos_store::testing::fresh_stores;

fn mission(name: &str) -> Mission {
    Mission {
        name: name.into(),
        acronym: None,
        mandated_by: "EU".into(),
        period: Period {
            start: "2020-01-01".parse().unwrap(),
            end: None,
        },
    }
}

#[tokio::test]
async fn a_change_is_a_new_version_and_the_old_one_stays_readable() {
    for (backend, store) in fresh_stores().await {
        let mut tx = store.write().await.unwrap();
        let first = tx.now_text();
        registry::save_mission(&mut tx, "m1", &mission("EUBAM Libya"), &first, "t")
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let mut tx = store.write().await.unwrap();
        let second = tx.now_text();
        registry::save_mission(&mut tx, "m1", &mission("EUBAM Libië"), &second, "t")
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let mut conn = store.read().await.unwrap();
        let now = registry::missions(&mut conn, None).await.unwrap();
        assert_eq!(now.len(), 1, "{backend}");
        assert_eq!(now[0].mission.name, "EUBAM Libië");
        let then = registry::mission(&mut conn, "m1", Some(&first))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(then.mission.name, "EUBAM Libya", "{backend}");
        assert!(
            registry::mission(&mut conn, "m1", Some("2000-01-01T00:00:00.000000Z"))
                .await
                .unwrap()
                .is_none()
        );
    }
}

#[tokio::test]
async fn names_are_unique_among_current_versions() {
    for (backend, store) in fresh_stores().await {
        let mut tx = store.write().await.unwrap();
        let now = tx.now_text();
        registry::save_mission(&mut tx, "m1", &mission("EULEX Kosovo"), &now, "t")
            .await
            .unwrap();
        let clash =
            registry::save_mission(&mut tx, "m2", &mission("EULEX Kosovo"), &now, "t").await;
        assert!(
            matches!(clash, Err(grenzeloos_store::StoreError::Conflict(_))),
            "{backend}: {clash:?}"
        );
    }
}

#[tokio::test]
async fn a_location_for_the_same_date_replaces_the_earlier_one() {
    for (backend, store) in fresh_stores().await {
        let location = |station: &str| Location {
            valid_from: "2020-01-01".parse().unwrap(),
            country_codes: vec!["LY".into()],
            station: station.into(),
        };
        let mut tx = store.write().await.unwrap();
        let now = tx.now_text();
        registry::save_location(&mut tx, "l1", "m1", &location("Tripoli"), &now, "t")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut tx = store.write().await.unwrap();
        let now = tx.now_text();
        registry::save_location(&mut tx, "l2", "m1", &location("Tunesië"), &now, "t")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let mut conn = store.read().await.unwrap();
        let history = registry::locations(&mut conn, Some("m1"), None)
            .await
            .unwrap();
        assert_eq!(history.len(), 1, "{backend}");
        assert_eq!(history[0].location.station, "Tunesië");
        assert_eq!(history[0].location.country_codes, vec!["LY"]);
    }
}
