//! The binary as an operator uses it, on a fresh SQLite file per test.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod audit;
mod dna;
mod erasure;
mod spoc;

/// The application on the binary's SQLite database `db`, signing with the audit key the
/// binary made beside it, its clock standing at `now`: what `serve` would do to that file.
async fn app_on(db: &str, now: &str) -> grenzeloos_app::App {
    let path = db.strip_prefix("sqlite://").unwrap();
    let key_text =
        std::fs::read_to_string(std::path::Path::new(path).with_extension("audit-key")).unwrap();
    let seed: [u8; 32] = key_text
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| hex::decode(l.trim()).unwrap().try_into().unwrap())
        .unwrap();
    let clock = std::sync::Arc::new(grenzeloos_domain::clock::SetClock::at(now.parse().unwrap()));
    let store = grenzeloos_store::Store::connect(db, clock)
        .await
        .unwrap()
        .with_audit_key(std::sync::Arc::new(
            grenzeloos_store::audit::AuditKey::from_seed(seed),
        ));
    grenzeloos_app::App::new(store)
}

fn fresh_db() -> String {
    let path = std::env::temp_dir().join(format!("grenzeloos-cli-{}.sqlite", uuid::Uuid::new_v4()));
    format!("sqlite://{}", path.display())
}

fn grenzeloos(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(args)
        .env("GRENZELOOS_DATABASE_URL", db)
        .env("GRENZELOOS_LOG", "warn")
        .output()
        .unwrap()
}

/// Runs the binary with `password` on standard input.
fn with_password(db: &str, args: &[&str], password: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(args)
        .env("GRENZELOOS_DATABASE_URL", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(password).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_demo_report_matches_the_annexes_and_loading_twice_changes_nothing() {
    let db = fresh_db();
    assert!(stdout(&grenzeloos(&db, &["demo", "load"])).contains("Loaded the demo data"));
    assert!(stdout(&grenzeloos(&db, &["demo", "load"])).contains("already"));
    let json: serde_json::Value = serde_json::from_str(&stdout(&grenzeloos(
        &db,
        &[
            "report",
            "deployments",
            "--as-of",
            "2023-11-24",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    assert_eq!(
        (
            json["total"].as_i64(),
            json["missions"].as_array().unwrap().len()
        ),
        (Some(28), 11)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&grenzeloos(
        &db,
        &[
            "report",
            "deployments",
            "--as-of",
            "2024-04-17",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    assert_eq!(
        (
            json["total"].as_i64(),
            json["missions"].as_array().unwrap().len()
        ),
        (Some(26), 12)
    );
    let libya = json["missions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["mission"] == "EUBAM Libië")
        .unwrap();
    assert_eq!(
        (libya["country"].as_str(), libya["station"].as_str()),
        (Some("Libië"), Some("Tunesië"))
    );
    let csv = stdout(&grenzeloos(
        &db,
        &[
            "report",
            "deployments",
            "--as-of",
            "2024-04-17",
            "--format",
            "csv",
        ],
    ));
    assert!(csv.ends_with("Totaal,,,26\n"));
}

#[test]
fn a_bad_date_is_a_clear_error() {
    let db = fresh_db();
    let output = grenzeloos(&db, &["report", "deployments", "--as-of", "24-11-2023"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--as-of") && stderr.contains("YYYY-MM-DD"),
        "{stderr}"
    );
}

#[test]
fn the_annex_is_written_in_each_format_and_a_bad_period_is_refused() {
    let db = fresh_db();
    stdout(&grenzeloos(&db, &["demo", "load"]));
    let md = stdout(&grenzeloos(
        &db,
        &[
            "report",
            "annex",
            "--period",
            "2024-H1",
            "--as-of",
            "2024-04-17",
        ],
    ));
    assert!(md.contains("Overzicht uitgezonden politiefunctionarissen (peildatum 17 april 2024)"));
    assert!(md.contains("| **Totaal** |  |  | **26** |"), "{md}");
    let pdf = std::env::temp_dir().join(format!("annex-{}.pdf", uuid::Uuid::new_v4()));
    let output = grenzeloos(
        &db,
        &[
            "report",
            "annex",
            "--period",
            "2024-H1",
            "--format",
            "pdf",
            "--output",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("reference date 2024-06-30"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let output = grenzeloos(&db, &["report", "annex", "--period", "2024-3"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--period") && stderr.contains("2024-H1"),
        "{stderr}"
    );
}

/// The three annexes of the seeds through the binary, each true for its own reference date,
/// and one reproduced as recorded at the moment of the first.
#[test]
fn the_three_seed_annexes_come_out_of_the_binary_true_for_their_dates() {
    let db = fresh_db();
    stdout(&grenzeloos(&db, &["demo", "load"]));
    let annex = |period: &str, as_of: &str, recorded: Option<&str>| {
        let mut args = vec!["report", "annex", "--period", period, "--as-of", as_of];
        if let Some(at) = recorded {
            args.extend(["--as-recorded-at", at]);
        }
        stdout(&grenzeloos(&db, &args))
    };
    let december_2021 = annex("2021-H2", "2021-12-02", None);
    for expected in [
        "Peildatum: 2 december 2021",
        "| Benelux-politieverdrag | verdrag | België, Luxemburg | ondertekend sinds 23-07-2018 | 23-07-2018 |  | ja |",
        "### Schengenpakket aangekondigd",
        "Dinxperlo-Süderwick",
        "### Samenwerking met Suriname",
        "Kaderbesluit 2006/960/JBZ (Zweeds Kaderbesluit), art. 3 tot en met 5",
    ] {
        assert!(
            december_2021.contains(expected),
            "'{expected}' in\n{december_2021}"
        );
    }
    assert!(!december_2021.contains("Richtlijn (EU) 2023/977"));
    let december_2023 = annex("2023-H2", "2023-11-24", None);
    assert!(december_2023.contains("| **Totaal** |  |  | **28** |"));
    assert!(december_2023.contains(
        "| Benelux-politieverdrag | verdrag | België, Luxemburg | in werking sinds 01-10-2023 |"
    ));
    let june_2024 = annex("2024-H1", "2024-04-17", None);
    assert!(june_2024.contains("| Gentse Feesten 2024 | verleend door Nederland | België | 19-07-2024 t/m 28-07-2024 | 2 × gezamenlijke patrouilles | Benelux-politieverdrag | aangevraagd |"));
    // Reproduced as recorded: the moment the annex printed reads it back byte for byte.
    let moment = december_2021
        .lines()
        .find_map(|l| l.strip_prefix("- Registratiestand: "))
        .and_then(|t| t.strip_suffix(" UTC"))
        .map(|t| format!("{t}.999999Z"))
        .unwrap();
    assert_eq!(annex("2021-H2", "2021-12-02", Some(&moment)), december_2021);
}

#[test]
fn audit_verify_finds_tampering() {
    let db = fresh_db();
    stdout(&grenzeloos(&db, &["demo", "load"]));
    assert!(stdout(&grenzeloos(&db, &["audit", "verify"])).starts_with("OK: "));
    let path = db.strip_prefix("sqlite://").unwrap();
    let tamper = Command::new("python3")
        .arg("-c")
        .arg("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DROP TRIGGER audit_events_no_update'); c.execute(\"UPDATE audit_events SET actor='mallory' WHERE seq=10\"); c.commit()")
        .arg(path)
        .status()
        .unwrap();
    assert!(tamper.success());
    let output = grenzeloos(&db, &["audit", "verify"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("BROKEN at event 10"));
}

#[test]
fn import_dry_run_writes_nothing_and_errors_name_the_line() {
    let db = fresh_db();
    stdout(&grenzeloos(&db, &["demo", "load"]));
    let dir = std::env::temp_dir();
    let good = dir.join(format!("good-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(&good, "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date\nEULEX Kosovo,CLI-1,Mila,Jacobs,female,,,Adviseur,2027-03-01,2027-12-31,planned,\n").unwrap();
    assert!(
        stdout(&grenzeloos(
            &db,
            &["import", "deployments", good.to_str().unwrap(), "--dry-run"]
        ))
        .contains("Nothing was written")
    );
    let bad = dir.join(format!("bad-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(&bad, "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date\nEULEX Kosovo,CLI-2,Mila,Jacobs,female,,,Adviseur,2027-03-01,2026-12-31,planned,\n").unwrap();
    let output = grenzeloos(&db, &["import", "deployments", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("line 2, end:"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout(&grenzeloos(
            &db,
            &["import", "deployments", good.to_str().unwrap()]
        ))
        .contains("created 0 mission(s), 1 officer(s), 1 deployment(s)")
    );
}

#[test]
fn the_first_admin_is_created_with_the_password_from_standard_input() {
    let db = fresh_db();
    let output = with_password(
        &db,
        &["user", "add", "--username", "beheer", "--role", "admin"],
        b"a long enough secret\n",
    );
    let text = stdout(&output);
    assert!(text.contains("Created beheer with role(s) admin"));
    assert!(
        !text.contains("secret") && !String::from_utf8_lossy(&output.stderr).contains("secret")
    );
    let list = stdout(&grenzeloos(&db, &["user", "list"]));
    assert!(list.contains("beheer") && list.contains("admin"));
    let weak = Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(["user", "add", "--username", "zwak", "--role", "policy"])
        .env("GRENZELOOS_DATABASE_URL", &db)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
}

#[test]
fn every_command_explains_itself() {
    let db = fresh_db();
    for command in [
        vec![],
        vec!["demo"],
        vec!["import", "deployments"],
        vec!["report", "deployments"],
        vec!["report", "annex"],
        vec!["audit", "verify"],
        vec!["audit", "purge"],
        vec!["user", "add"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let help = stdout(&grenzeloos(&db, &args));
        assert!(help.len() > 200, "{command:?}: {help}");
    }
}

#[test]
fn the_node_clock_can_be_set_for_a_demonstration() {
    let db = fresh_db();
    stdout(&grenzeloos(&db, &["demo", "load"]));
    let output = Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(["report", "annex", "--period", "2024-H1", "--format", "md"])
        .env("GRENZELOOS_DATABASE_URL", &db)
        .env("GRENZELOOS_LOG", "warn")
        .env("GRENZELOOS_NOW", "2030-05-01T12:00:00+02:00")
        .output()
        .unwrap();
    // The annex reads the registry as recorded "now", and prints that moment.
    assert!(
        stdout(&output).contains("Registratiestand: 2030-05-01T10:00"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let refused = Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(["report", "annex", "--period", "2024-H1"])
        .env("GRENZELOOS_DATABASE_URL", &db)
        .env("GRENZELOOS_NOW", "tomorrow")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("GRENZELOOS_NOW"));
}

/// One clock (architecture.md): below the binary nothing reads the wall clock; use cases, jobs
/// and rules take time from the store's `Clock`, which tests and the demo set.
#[test]
fn nothing_below_the_binary_reads_the_system_clock() {
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let forbidden = [
        "Timestamp::now(",
        "Zoned::now(",
        "SystemTime::now(",
        "now_v7(",
        "Utc::now(",
        "Local::now(",
    ];
    let mut found = Vec::new();
    for krate in ["domain", "dna", "store", "app", "report", "web"] {
        let mut dirs = vec![crates.join(krate).join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        if forbidden.iter().any(|f| line.contains(f)) {
                            found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "reads of the system clock:\n{}",
        found.join("\n")
    );
}

/// Issue 10, separation of duties: `user add` refuses admin and supervisor on one account.
#[test]
fn user_add_refuses_admin_and_supervisor_on_one_account() {
    let db = fresh_db();
    let output = with_password(
        &db,
        &[
            "user",
            "add",
            "--username",
            "alles",
            "--role",
            "admin",
            "--role",
            "supervisor",
        ],
        b"a long enough secret\n",
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("roles: admin and supervisor cannot be held by one account"),
        "{stderr}"
    );
    assert!(!stdout(&grenzeloos(&db, &["user", "list"])).contains("alles"));
}

/// Issue 10, imports: the command line lists the first 100 errors and says how many there are.
#[test]
fn import_lists_the_first_hundred_errors_and_the_total() {
    let db = fresh_db();
    stdout(&grenzeloos(&db, &["demo", "load"]));
    let mut text = String::from(
        "mission,personnel_number,given_name,family_name,gender,rank,unit,function,start,end,status,consent_date\n",
    );
    for i in 0..150 {
        text.push_str(&format!(
            "EULEX Kosovo,CLI-{i},Mila,Jacobs,female,,,Adviseur,2027-03-01,2026-12-31,planned,\n"
        ));
    }
    let file = std::env::temp_dir().join(format!("many-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(&file, text).unwrap();
    let output = grenzeloos(
        &db,
        &["import", "deployments", file.to_str().unwrap(), "--dry-run"],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("  line ").count(), 100, "{stderr}");
    assert!(stderr.contains("line 101, end:") && !stderr.contains("line 102,"));
    assert!(
        stderr.contains("… and 50 more: 150 errors in all"),
        "{stderr}"
    );
}
