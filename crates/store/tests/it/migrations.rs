//! Migration 0007 (statuses in valid time) over data in the form before it, on both backends:
//! every recorded version gets a status history that the application reads back, dated by
//! what the record itself says.

use grenzeloos_domain::agreements::AgreementStatus;
use grenzeloos_domain::assistance::{Assistance, AssistanceStatus};
use grenzeloos_domain::instruments::{
    Commitment, CommitmentStatus, Dossier, DossierStatus, Placement, PlacementStatus,
};
use grenzeloos_domain::status::StatusHistory;
use grenzeloos_store::testing::fresh_stores_before;
use grenzeloos_store::{Conn, agreements, instruments};

fn steps<S: grenzeloos_domain::choice::Choice>(history: &StatusHistory<S>) -> Vec<(S, String)> {
    history
        .changes()
        .iter()
        .map(|c| (c.status, c.from.to_string()))
        .collect()
}

async fn agreement(conn: &mut Conn, id: &str, columns: &[&str; 6], from: &str, to: Option<&str>) {
    // id, title, kind, status, signed, in_force, ended in the columns of migration 0004.
    let day = |v: &str| (!v.is_empty()).then(|| v.to_string());
    sqlx::query(
        "INSERT INTO agreements (id, title, kind, status, parties, subject, signed, in_force, ended, legal_basis_for, implements, recorded_from, recorded_to, recorded_by)
         VALUES ($1, $2, $3, $4, 'BE', '', $5, $6, $7, '', NULL, $8, $9, 'old')",
    )
    .bind(id)
    .bind(columns[0])
    .bind(columns[1])
    .bind(columns[2])
    .bind(day(columns[3]))
    .bind(day(columns[4]))
    .bind(day(columns[5]))
    .bind(from)
    .bind(to)
    .execute(&mut *conn)
    .await
    .unwrap();
}

async fn document(conn: &mut Conn, kind: &str, id: &str, body: serde_json::Value, from: &str) {
    sqlx::query(
        "INSERT INTO instruments (kind, id, body, recorded_from, recorded_by) VALUES ($1, $2, $3, $4, 'old')",
    )
    .bind(kind)
    .bind(id)
    .bind(body.to_string())
    .bind(from)
    .execute(&mut *conn)
    .await
    .unwrap();
}

fn placement(status: &str, start: &str, end: Option<&str>) -> serde_json::Value {
    serde_json::json!({"officer_id": "o1", "kind": "liaison", "host_country": "CO",
        "city": "Cartagena", "organisation": null, "function": "Politieliaison", "focus": null,
        "period": {"start": start, "end": end}, "status": status})
}

fn assistance(status: &str) -> serde_json::Value {
    serde_json::json!({"direction": "provided", "partner": "BE", "regime": "benelux",
        "event": "Gentse Feesten 2024", "place": "Gent",
        "period": {"start": "2024-07-19", "end": "2024-07-28"},
        "capabilities": [{"capability": "joint_patrols", "quantity": 2, "personnel": 6}],
        "status": status, "nature": "x", "objective": "y", "inventory": null,
        "legal_basis": null, "working_arrangement": null, "decision_date": "2024-06-10",
        "decision": "z", "report_date": "2024-08-15", "report_reference": null,
        "costs_eur": 0, "settlement": "own_costs"})
}

fn commitment(status: &str, answered_on: Option<&str>) -> serde_json::Value {
    serde_json::json!({"title": "BNC-fiches", "made_on": "2021-12-02",
        "made_in": "Tweede halfjaarbericht politie 2021", "status": status, "progress": "",
        "answered_in": answered_on.map(|_| "BNC-fiches"), "answered_on": answered_on,
        "partners": ["EU"]})
}

#[tokio::test]
async fn migration_0007_gives_every_old_version_a_status_history_from_its_own_dates() {
    for (backend, store) in fresh_stores_before(7).await {
        {
            let mut conn = store.read().await.unwrap();
            let earlier = "2022-05-01T10:00:00.000000Z";
            let later = "2024-01-10T10:00:00.000000Z";
            // A treaty first recorded as signed, then corrected to in force.
            agreement(
                &mut conn,
                "a1",
                &["Benelux", "treaty", "signed", "2018-07-23", "", ""],
                earlier,
                Some(later),
            )
            .await;
            agreement(
                &mut conn,
                "a1",
                &[
                    "Benelux",
                    "treaty",
                    "in_force",
                    "2018-07-23",
                    "2023-10-01",
                    "",
                ],
                later,
                None,
            )
            .await;
            agreement(
                &mut conn,
                "a2",
                &["MoU", "mou", "negotiating", "", "", ""],
                earlier,
                None,
            )
            .await;
            agreement(
                &mut conn,
                "a3",
                &[
                    "Oud verdrag",
                    "treaty",
                    "ended",
                    "2000-01-01",
                    "2001-01-01",
                    "2020-12-31",
                ],
                earlier,
                None,
            )
            .await;
            document(
                &mut conn,
                "placement",
                "p1",
                placement("ended", "2021-11-01", Some("2024-10-31")),
                earlier,
            )
            .await;
            document(
                &mut conn,
                "placement",
                "p2",
                placement("active", "2024-03-01", None),
                later,
            )
            .await;
            document(
                &mut conn,
                "placement",
                "p3",
                placement("planned", "2027-01-01", None),
                later,
            )
            .await;
            document(&mut conn, "assistance", "s1", assistance("settled"), later).await;
            document(
                &mut conn,
                "assistance",
                "s2",
                assistance("requested"),
                earlier,
            )
            .await;
            document(
                &mut conn,
                "commitment",
                "c1",
                commitment("fulfilled", Some("2022-01-28")),
                earlier,
            )
            .await;
            document(
                &mut conn,
                "commitment",
                "c2",
                commitment("open", None),
                earlier,
            )
            .await;
            document(
                &mut conn,
                "dossier",
                "d1",
                serde_json::json!({"title": "Prüm II", "topic": "eu", "status": "adopted",
                    "summary": "", "references": [], "partners": ["EU"],
                    "milestones": [{"date": "2021-12-08", "text": "Voorstel"},
                                   {"date": "2024-03-13", "text": "Vastgesteld"}]}),
                later,
            )
            .await;
        }
        store.migrate().await.unwrap();
        let mut conn = store.read().await.unwrap();

        let all = agreements::all(&mut conn, None).await.unwrap();
        let by_id = |id: &str| all.iter().find(|a| a.id == id).unwrap().agreement.clone();
        assert_eq!(
            steps(&by_id("a1").status_history),
            vec![
                (AgreementStatus::Signed, "2018-07-23".to_string()),
                (AgreementStatus::InForce, "2023-10-01".to_string())
            ],
            "{backend}"
        );
        assert_eq!(
            steps(&by_id("a2").status_history),
            vec![(AgreementStatus::Negotiating, "2022-05-01".to_string())],
            "{backend}"
        );
        assert_eq!(
            steps(&by_id("a3").status_history),
            vec![
                (AgreementStatus::Signed, "2000-01-01".to_string()),
                (AgreementStatus::InForce, "2001-01-01".to_string()),
                (AgreementStatus::Ended, "2021-01-01".to_string())
            ],
            "{backend}"
        );
        assert!(by_id("a1").articles.is_empty() && by_id("a1").applies_from.is_none());
        // The closed version too: as recorded then, signed.
        let versions = agreements::history(&mut conn, "a1").await.unwrap();
        assert_eq!(
            steps(&versions[0].row.agreement.status_history),
            vec![(AgreementStatus::Signed, "2018-07-23".to_string())],
            "{backend}"
        );

        let placements = instruments::all::<Placement>(&mut conn, None)
            .await
            .unwrap();
        let p = |id: &str| {
            placements
                .iter()
                .find(|r| r.id == id)
                .unwrap()
                .value
                .clone()
        };
        assert_eq!(
            steps(&p("p1").status_history),
            vec![
                (PlacementStatus::Active, "2021-11-01".to_string()),
                (PlacementStatus::Ended, "2024-11-01".to_string())
            ],
            "{backend}"
        );
        assert!(p("p1").filled_on("2023-11-24".parse().unwrap()));
        assert_eq!(
            steps(&p("p2").status_history),
            vec![(PlacementStatus::Active, "2024-03-01".to_string())]
        );
        assert_eq!(
            steps(&p("p3").status_history),
            vec![(PlacementStatus::Planned, "2024-01-10".to_string())]
        );
        let help = instruments::all::<Assistance>(&mut conn, None)
            .await
            .unwrap();
        let a = |id: &str| help.iter().find(|r| r.id == id).unwrap().value.clone();
        assert_eq!(
            steps(&a("s1").status_history),
            vec![(AssistanceStatus::Settled, "2024-07-28".to_string())],
            "{backend}"
        );
        assert_eq!(
            steps(&a("s2").status_history),
            vec![(AssistanceStatus::Requested, "2022-05-01".to_string())]
        );
        let promises = instruments::all::<Commitment>(&mut conn, None)
            .await
            .unwrap();
        let c = |id: &str| promises.iter().find(|r| r.id == id).unwrap().value.clone();
        assert_eq!(
            steps(&c("c1").status_history),
            vec![
                (CommitmentStatus::Open, "2021-12-02".to_string()),
                (CommitmentStatus::Fulfilled, "2022-01-28".to_string())
            ],
            "{backend}"
        );
        assert_eq!(
            steps(&c("c2").status_history),
            vec![(CommitmentStatus::Open, "2021-12-02".to_string())]
        );
        let files = instruments::all::<Dossier>(&mut conn, None).await.unwrap();
        assert_eq!(
            steps(&files[0].value.status_history),
            vec![(DossierStatus::Adopted, "2021-12-08".to_string())],
            "{backend}"
        );
    }
}
