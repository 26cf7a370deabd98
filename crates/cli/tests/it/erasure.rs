//! SPOC-14 at the command line: a roster reproduced `--as-recorded-at` a moment before an
//! erasure shows the person as erased, never the old values; the overview still counts them.

use std::process::{Command, Output};

fn at(db: &str, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(args)
        .env("GRENZELOOS_DATABASE_URL", db)
        .env("GRENZELOOS_LOG", "warn")
        .env("GRENZELOOS_NOW", now)
        .output()
        .unwrap()
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn a_roster_as_recorded_before_an_erasure_shows_the_person_as_erased() {
    let db = super::fresh_db();
    ok(at(&db, "2026-03-10T09:00:00Z", &["demo", "load"]));
    let roster = |recorded: Option<&str>| {
        let mut args = vec![
            "report",
            "roster",
            "--as-of",
            "2024-04-17",
            "--purpose",
            "rotatieplanning missies",
        ];
        if let Some(recorded) = recorded {
            args.extend(["--as-recorded-at", recorded]);
        }
        ok(at(&db, "2026-03-12T09:00:00Z", &args))
    };
    let before = "2026-03-11T00:00:00Z";
    let text = roster(Some(before));
    assert!(
        text.contains("| EUAM Irak | Mohamed Bouzid | DEMO-0128 |"),
        "{text}"
    );

    // The staffing desk erases the officer (through the use case, on the same database and
    // with the node's audit key, as `serve` would).
    let app = super::app_on(&db, "2026-03-11T10:00:00Z").await;
    let desk = grenzeloos_app::Actor::person(
        "test",
        "test",
        "test",
        &[grenzeloos_domain::access::Role::Deployment],
    );
    let mut conn = app.store.read().await.unwrap();
    let officer = grenzeloos_store::registry::officer_by_number(&mut conn, "DEMO-0128")
        .await
        .unwrap()
        .unwrap();
    drop(conn);
    let outcome = app
        .erase_officer(
            &desk,
            &officer.id,
            &grenzeloos_domain::retention::ErasureInput {
                reason: "verzoek AVG art. 17, uit dienst".into(),
            },
        )
        .await
        .unwrap();
    assert!(outcome.physically_removed, "{:?}", outcome.note);
    app.sign_audit_logged().await;
    app.store.close().await;

    for recorded in [Some(before), None] {
        let text = roster(recorded);
        assert!(
            text.contains("| EUAM Irak | (gewist) | (gewist) |"),
            "{recorded:?}: {text}"
        );
        assert!(
            !text.contains("Bouzid") && !text.contains("DEMO-0128"),
            "{recorded:?}: {text}"
        );
    }
    // What must stay stays: the annex figure of that day.
    let json: serde_json::Value = serde_json::from_str(&ok(at(
        &db,
        "2026-03-12T09:00:00Z",
        &[
            "report",
            "deployments",
            "--as-of",
            "2024-04-17",
            "--as-recorded-at",
            before,
            "--format",
            "json",
        ],
    )))
    .unwrap();
    assert_eq!(json["total"].as_i64(), Some(26));
    // And the trail still verifies, the erasure in it.
    let verify = at(&db, "2026-03-12T09:00:00Z", &["audit", "verify"]);
    assert!(
        String::from_utf8_lossy(&verify.stdout).starts_with("OK"),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn a_roster_without_a_purpose_is_refused() {
    let db = super::fresh_db();
    let output = at(
        &db,
        "2026-03-12T09:00:00Z",
        &[
            "report",
            "roster",
            "--as-of",
            "2024-04-17",
            "--purpose",
            "x",
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("purpose"), "{stderr}");
}

#[test]
fn a_wrong_retention_setting_stops_the_command_and_names_the_setting() {
    // WPG-02: the rules are settings (TOML and GRENZELOOS_RETENTION_…), checked whole.
    let db = super::fresh_db();
    for (name, value, expected) in [
        (
            "GRENZELOOS_RETENTION_OFFICER_CONTACT_AUTOMATIC",
            "maybe",
            "GRENZELOOS_RETENTION_OFFICER_CONTACT_AUTOMATIC must be true or false",
        ),
        (
            "GRENZELOOS_RETENTION_DEPLOYED_OFFICER_REVIEW_AFTER_MONTHS",
            "0",
            "retention.deployed_officer.review_after_months",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
            .args(["report", "deployments", "--as-of", "2024-04-17"])
            .env("GRENZELOOS_DATABASE_URL", &db)
            .env("GRENZELOOS_LOG", "warn")
            .env(name, value)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{name}={value}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
}
