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

/// The overview of today's knowledge takes a shortcut (current versions only, and only what
/// started within the longest span before the date); it must count exactly what the general
/// query over every version counts. Random periods, open ends, statuses and corrections.
#[tokio::test]
async fn the_current_overview_counts_what_the_general_query_counts() {
    use grenzeloos_domain::registry::{Consent, Deployment, DeploymentStatus};
    use registry::DeploymentRow;
    for (backend, store) in fresh_stores().await {
        // A small deterministic generator (xorshift), so a failure can be replayed.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let base: jiff::civil::Date = "2015-01-01".parse().unwrap();
        let mut tx = store.write().await.unwrap();
        let now = tx.now_text();
        for m in 0..5 {
            registry::save_mission(
                &mut tx,
                &format!("m{m}"),
                &mission(&format!("M{m}")),
                &now,
                "t",
            )
            .await
            .unwrap();
        }
        let statuses = [
            DeploymentStatus::Planned,
            DeploymentStatus::Deployed,
            DeploymentStatus::Ended,
            DeploymentStatus::Evacuated,
            DeploymentStatus::Cancelled,
        ];
        for d in 0..400 {
            let start = base
                .checked_add(jiff::Span::new().days(next(3_650) as i64))
                .unwrap();
            let end = match next(10) {
                0 => None,
                1 => Some(start),
                _ => Some(
                    start
                        .checked_add(jiff::Span::new().days(next(900) as i64))
                        .unwrap(),
                ),
            };
            let row = DeploymentRow {
                id: format!("d{d}"),
                officer_id: format!("o{}", next(120)),
                mission_id: format!("m{}", next(5)),
                team_id: None,
                deployment: Deployment {
                    function: "adviseur".into(),
                    period: Period { start, end },
                    status: statuses[next(5) as usize],
                    consent: Some(Consent {
                        date: start,
                        recorded_by: "t".into(),
                    }),
                },
            };
            registry::save_deployment(&mut tx, &row, &now, "t")
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        // Corrections: later versions of some deployments (shorter, longer, cancelled).
        let mut tx = store.write().await.unwrap();
        let later = tx.now_text();
        let mut conn_rows = registry::deployments(&mut tx, &Default::default(), None)
            .await
            .unwrap();
        conn_rows.truncate(60);
        for mut row in conn_rows {
            row.deployment.period.end = match next(3) {
                0 => None,
                _ => Some(
                    row.deployment
                        .period
                        .start
                        .checked_add(jiff::Span::new().days(next(2_000) as i64))
                        .unwrap(),
                ),
            };
            row.deployment.status = statuses[next(5) as usize];
            registry::save_deployment(&mut tx, &row, &later, "t")
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let mut conn = store.read().await.unwrap();
        let forever = "9999-12-31T23:59:59.999999Z";
        for day in (0..4_800).step_by(37) {
            let date = base.checked_add(jiff::Span::new().days(day)).unwrap();
            let fast = registry::deployed_per_mission(&mut conn, date, None)
                .await
                .unwrap();
            let general = registry::deployed_per_mission(&mut conn, date, Some(forever))
                .await
                .unwrap();
            let counts = |rows: Vec<(registry::MissionRow, i64)>| -> Vec<(String, i64)> {
                rows.into_iter().map(|(m, n)| (m.id, n)).collect()
            };
            assert_eq!(counts(fast), counts(general), "{backend} on {date}");
        }
    }
}
