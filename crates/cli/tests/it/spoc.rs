//! `grenzeloos spoc deadline` as outside tools drive it (issue 14: the interface is a
//! contract). SPOC-05, SPOC-07.

use super::{fresh_db, grenzeloos, stdout};
use std::process::Output;

fn run(args: &[&str]) -> Output {
    let mut all = vec!["spoc", "deadline"];
    all.extend_from_slice(args);
    grenzeloos(&fresh_db(), &all)
}

fn json(output: &Output) -> serde_json::Value {
    let text = stdout(output);
    assert_eq!(
        text.lines().count(),
        1,
        "one JSON object on one line: {text}"
    );
    serde_json::from_str(&text).unwrap()
}

fn refused(output: &Output) -> String {
    assert!(!output.status.success(), "should have failed");
    assert!(
        output.stdout.is_empty(),
        "nothing on standard output when refused"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_issues_example_prints_the_deadline_with_the_amsterdam_offset() {
    let out = json(&run(&[
        "--received",
        "2026-03-28T23:30:00+01:00",
        "--urgency",
        "urgent",
        "--availability",
        "indirect",
    ]));
    assert_eq!(out["deadline"], "2026-04-01T00:00:00+02:00");
    assert_eq!(out["deadline_utc"], "2026-03-31T22:00:00Z");
    assert_eq!(out["clock"], "running");
    assert_eq!(out["period"], "P3D");
    assert_eq!(out["rule"], "eu-periods");
    assert_eq!(out["article"], "Art 5(1)(b) Directive (EU) 2023/977");
    assert_eq!(out["counting_starts"], "2026-03-29T00:00:00+01:00");
    assert_eq!(out["received"], "2026-03-28T23:30:00+01:00");
    assert_eq!(out["suspended"], "PT0S");
    assert_eq!(out["suspensions_counted"], serde_json::json!([]));
}

#[test]
fn the_elapsed_rule_and_the_eight_hour_period() {
    let base = [
        "--received",
        "2026-03-28T23:30:00+01:00",
        "--urgency",
        "urgent",
        "--availability",
        "indirect",
    ];
    let mut args = base.to_vec();
    args.extend(["--rule", "elapsed"]);
    let out = json(&run(&args));
    assert_eq!(out["deadline"], "2026-04-01T00:30:00+02:00");
    assert_eq!(out["rule"], "elapsed");
    // The setting's environment variable changes the default; the flag still wins.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(["spoc", "deadline"])
        .args(base)
        .env("GRENZELOOS_SPOC_DEADLINE_RULE", "elapsed")
        .output()
        .unwrap();
    assert_eq!(json(&output)["deadline"], "2026-04-01T00:30:00+02:00");
    let out = json(&run(&[
        "--received",
        "2026-03-16T10:20:00+01:00",
        "--urgency",
        "urgent",
        "--availability",
        "direct",
    ]));
    assert_eq!(out["deadline"], "2026-03-16T19:00:00+01:00");
    assert_eq!(out["period"], "PT8H");
    assert_eq!(out["counting_starts"], "2026-03-16T11:00:00+01:00");
    let out = json(&run(&[
        "--received",
        "2026-03-16T10:20:00Z",
        "--urgency",
        "non_urgent",
        "--availability",
        "direct",
    ]));
    assert_eq!(out["deadline"], "2026-03-24T00:00:00+01:00");
}

#[test]
fn suspensions_move_the_deadline_and_an_open_one_stops_the_clock() {
    let out = json(&run(&[
        "--received",
        "2026-03-16T10:00:00+01:00",
        "--urgency",
        "urgent",
        "--availability",
        "direct",
        "--suspended",
        "2026-03-16T12:00:00+01:00/2026-03-16T14:00:00+01:00",
        "--suspended",
        "2026-03-16T13:00:00+01:00/2026-03-16T15:00:00+01:00",
        "--suspended",
        "2026-03-17T12:00:00+01:00/2026-03-17T13:00:00+01:00",
    ]));
    assert_eq!(out["deadline"], "2026-03-16T21:00:00+01:00");
    assert_eq!(
        out["deadline_without_suspensions"],
        "2026-03-16T18:00:00+01:00"
    );
    assert_eq!(out["suspended"], "PT3H");
    assert_eq!(
        out["suspensions_counted"],
        serde_json::json!([{"from": "2026-03-16T12:00:00+01:00", "to": "2026-03-16T15:00:00+01:00"}])
    );
    assert_eq!(out["suspensions_not_counted"].as_array().unwrap().len(), 1);
    let out = json(&run(&[
        "--received",
        "2026-03-16T10:00:00+01:00",
        "--urgency",
        "urgent",
        "--availability",
        "direct",
        "--suspended",
        "2026-03-16T13:00:00+01:00/",
        "--at",
        "2026-03-18T09:00:00+01:00",
    ]));
    assert_eq!(out["deadline"], serde_json::Value::Null);
    assert_eq!(out["clock"], "stopped");
    assert_eq!(out["stopped_since"], "2026-03-16T13:00:00+01:00");
    assert_eq!(out["remaining"], "PT5H");
    assert_eq!(out["at"]["standing"], "stopped");
}

#[test]
fn the_standing_at_an_instant() {
    let args = |at: &'static str| {
        [
            "--received",
            "2026-03-16T10:00:00+01:00",
            "--urgency",
            "urgent",
            "--availability",
            "direct",
            "--at",
            at,
        ]
    };
    let out = json(&run(&args("2026-03-16T17:30:00+01:00")));
    assert_eq!(out["at"]["standing"], "due_within_hour");
    assert_eq!(out["at"]["time_left"], "PT30M");
    let out = json(&run(&args("2026-03-16T19:00:00+01:00")));
    assert_eq!(out["at"]["standing"], "overdue");
    assert_eq!(out["at"]["time_left"], "-PT1H");
}

#[test]
fn bad_input_exits_non_zero_naming_the_argument() {
    let good = [
        ("--received", "2026-03-28T23:30:00+01:00"),
        ("--urgency", "urgent"),
        ("--availability", "indirect"),
    ];
    let with = |name: &str, value: &str| {
        let mut args: Vec<String> = Vec::new();
        for (n, v) in good {
            args.push(n.into());
            args.push(if n == name { value.into() } else { v.into() });
        }
        if !good.iter().any(|(n, _)| *n == name) {
            args.push(name.into());
            args.push(value.into());
        }
        args
    };
    let cases = [
        ("--received", "2026-03-28T23:30:00", "--received"),
        ("--received", "yesterday", "--received"),
        ("--urgency", "very", "--urgency"),
        ("--availability", "maybe", "--availability"),
        ("--rule", "working-days", "--rule"),
        ("--suspended", "2026-03-29T10:00:00+02:00", "--suspended"),
        (
            "--suspended",
            "2026-03-29T10:00:00+02:00/soon",
            "--suspended",
        ),
        (
            "--suspended",
            "2026-03-29T12:00:00+02:00/2026-03-29T10:00:00+02:00",
            "--suspended 2026-03-29T12:00:00+02:00/2026-03-29T10:00:00+02:00",
        ),
        (
            "--suspended",
            "2026-03-20T12:00:00+01:00/2026-03-20T13:00:00+01:00",
            "before",
        ),
        ("--at", "later", "--at"),
    ];
    for (name, value, expected) in cases {
        let args = with(name, value);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let stderr = refused(&run(&args));
        assert!(stderr.contains(expected), "{name} {value}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A missing argument is named too.
    let stderr = refused(&run(&["--urgency", "urgent", "--availability", "direct"]));
    assert!(stderr.contains("--received"), "{stderr}");
}

#[test]
fn the_help_explains_the_rules() {
    let help = stdout(&run(&["--help"]));
    for needle in [
        "Regulation 1182/71",
        "eu-periods",
        "elapsed",
        "--suspended <FROM/TO>",
        "non_urgent",
        "indirect",
        "24:00",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
}

/// SPOC-12 at the command line: the year's Art 18(2) figures as JSON and CSV.
#[tokio::test]
async fn the_statistics_of_a_year_as_json_and_csv() {
    let db = super::fresh_db();
    let statistics = |format: &str| {
        super::grenzeloos(
            &db,
            &[
                "report",
                "spoc-statistics",
                "--year",
                "2026",
                "--format",
                format,
            ],
        )
    };
    // The demo's agreements hold the Directive as the legal basis for a reply to Belgium; the
    // figures are compared with those before.
    let loaded = super::grenzeloos(&db, &["demo", "load"]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let before = figures_of(&statistics("json"));

    // The desk records two Belgian requests and refuses one in part (through the use cases,
    // on the same database with the node's audit key).
    let app = super::app_on(&db, "2026-03-16T09:00:00Z").await;
    let desk = grenzeloos_app::Actor::person(
        "desk",
        "desk",
        "desk",
        &[grenzeloos_domain::access::Role::Spoc],
    );
    let request = |urgency: &str| {
        grenzeloos_domain::spoc::intake::NewCase::read(serde_json::json!({
            "direction": "incoming", "partner": "BE",
            "received_at": "2026-03-16T08:00:00+01:00", "urgency": urgency,
            "urgency_ground": if urgency == "urgent" { Some("public_security") } else { None },
            "availability": "indirect", "language": "fr"
        }))
        .unwrap()
    };
    let first = app.create_case(&desk, &request("urgent")).await.unwrap();
    app.create_case(&desk, &request("non_urgent"))
        .await
        .unwrap();
    let refusal = grenzeloos_domain::spoc::intake::RefusalInput::read(serde_json::json!({
        "grounds": ["a", "g"], "reasons": "motifs", "partial": true, "text": "le reste", "language": "fr"
    }))
    .unwrap();
    app.refuse_case(&desk, &first.id, &refusal).await.unwrap();
    app.sign_audit_logged().await;
    app.store.close().await;

    let after = figures_of(&statistics("json"));
    let count = |figures: &serde_json::Value, path: &[&str]| {
        path.iter()
            .fold(figures, |v, key| &v[*key])
            .as_u64()
            .unwrap_or(0)
    };
    for (path, added) in [
        (&["received", "BE", "urgent"][..], 1),
        (&["received", "BE", "non_urgent"][..], 1),
        (&["received", "BE", "answered_urgent"][..], 1),
        (&["received", "BE", "answered_non_urgent"][..], 0),
        (&["refused", "BE", "a"][..], 1),
        (&["refused", "BE", "g"][..], 1),
        (&["answered_in_time", "answered"][..], 1),
        (&["answered_in_time", "in_time"][..], 1),
        (&["submitted"][..], 0),
    ] {
        assert_eq!(
            count(&after, path),
            count(&before, path) + added,
            "{path:?}: {before} → {after}"
        );
    }
    let csv = statistics("csv");
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(
        text.starts_with("year,figure,state,ground,count\n"),
        "{text}"
    );
    let g = count(&after, &["refused", "BE", "g"]);
    assert!(text.contains(&format!("2026,refused,BE,g,{g}\n")), "{text}");

    let bad = super::grenzeloos(&db, &["report", "spoc-statistics", "--year", "twenty"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--year"));
}

fn figures_of(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}
