//! `grenzeloos audit …` through the binary: the key, purge and verify (SPOC-13, PRUM-08).

use crate::{fresh_db, grenzeloos, stdout};
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

fn key_file(db: &str) -> std::path::PathBuf {
    std::path::Path::new(db.strip_prefix("sqlite://").unwrap()).with_extension("audit-key")
}

#[test]
fn the_key_is_made_on_the_first_start_for_its_owner_only_and_only_its_public_half_is_shown() {
    let db = fresh_db();
    let first = grenzeloos(&db, &["demo", "load"]);
    let public = stdout(&grenzeloos(&db, &["audit", "key"]));
    let public = public.trim();
    assert_eq!(public.len(), 64, "{public}");
    assert!(public.chars().all(|c| c.is_ascii_hexdigit()));
    let file = key_file(&db);
    let text = std::fs::read_to_string(&file).unwrap();
    let secret = text.lines().find(|l| !l.starts_with('#')).unwrap().trim();
    assert_ne!(secret, public);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let verified = stdout(&grenzeloos(&db, &["audit", "verify"]));
    assert!(verified.contains(public), "{verified}");
    for output in [&first, &grenzeloos(&db, &["audit", "verify"])] {
        for text in [&output.stdout, &output.stderr] {
            assert!(
                !String::from_utf8_lossy(text).contains(secret),
                "the secret was printed"
            );
        }
    }
    // Without its key the node does not sign on with a new one.
    std::fs::remove_file(&file).unwrap();
    let refused = grenzeloos(&db, &["audit", "key"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("missing") && stderr.contains(public),
        "{stderr}"
    );
}

#[test]
fn a_purge_removes_months_past_retention_and_verify_lists_them() {
    let db = fresh_db();
    // The demo data entered in March 2020 and seen again in June: two months of events.
    stdout(&at(&db, "2020-03-10T10:00:00Z", &["demo", "load"]));
    stdout(&at(
        &db,
        "2020-06-02T10:00:00Z",
        &["report", "deployments", "--as-of", "2020-06-01"],
    ));
    // Five years and a month after March 2020, the registry's March may go; June not yet.
    let plan = stdout(&at(
        &db,
        "2025-05-01T10:00:00Z",
        &["audit", "purge", "--dry-run"],
    ));
    assert!(plan.contains("Would purge registry 2020-03"), "{plan}");
    assert!(
        !plan.contains("2020-06") && plan.contains("nothing was removed"),
        "{plan}"
    );
    let purged = stdout(&at(&db, "2025-05-01T10:00:00Z", &["audit", "purge"]));
    assert!(purged.contains("Purged registry 2020-03"), "{purged}");
    let again = stdout(&at(&db, "2025-05-02T10:00:00Z", &["audit", "purge"]));
    assert!(again.contains("Nothing is past its retention"), "{again}");

    let verified = stdout(&grenzeloos(&db, &["audit", "verify"]));
    assert!(verified.starts_with("OK: "), "{verified}");
    assert!(verified.contains("purged periods:"), "{verified}");
    assert!(
        verified.contains("2020-03: ") && verified.contains("by cli:"),
        "{verified}"
    );

    let public = stdout(&grenzeloos(&db, &["audit", "key"]));
    // A different key makes every signature a forgery.
    let other = "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c";
    let forged = grenzeloos(&db, &["audit", "verify", "--public-key", other]);
    assert_eq!(forged.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&forged.stdout).contains("not signed by the audit key"));
    let checked = stdout(&grenzeloos(
        &db,
        &["audit", "verify", "--public-key", public.trim()],
    ));
    assert!(checked.starts_with("OK: "));
    let bad = grenzeloos(&db, &["audit", "verify", "--public-key", "xyz"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--public-key"));
}

#[test]
fn a_purge_leaves_a_segment_that_does_not_verify_and_says_so() {
    let db = fresh_db();
    stdout(&at(&db, "2020-03-10T10:00:00Z", &["demo", "load"]));
    stdout(&at(&db, "2020-04-02T10:00:00Z", &["audit", "key"]));
    let path = db.strip_prefix("sqlite://").unwrap();
    let tamper = Command::new("python3")
        .arg("-c")
        .arg("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DROP TRIGGER audit_events_no_update'); c.execute(\"UPDATE audit_events SET actor='mallory' WHERE seq=10\"); c.commit()")
        .arg(path)
        .status()
        .unwrap();
    assert!(tamper.success());
    let refused = at(&db, "2025-05-01T10:00:00Z", &["audit", "purge"]);
    assert_eq!(refused.status.code(), Some(1));
    let text = String::from_utf8_lossy(&refused.stdout);
    assert!(
        text.contains("REFUSED registry 2020-03: event 10"),
        "{text}"
    );
    let verified = grenzeloos(&db, &["audit", "verify"]);
    assert_eq!(verified.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&verified.stdout).contains("BROKEN at event 10"));
}

#[test]
fn the_forensic_domain_may_have_a_database_of_its_own() {
    let db = fresh_db();
    let forensic = fresh_db();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
            .args(args)
            .env("GRENZELOOS_DATABASE_URL", &db)
            .env("GRENZELOOS_FORENSIC_DATABASE_URL", &forensic)
            .env("GRENZELOOS_FORENSIC_AUDIT_RETENTION_MONTHS", "36")
            .env("GRENZELOOS_LOG", "warn")
            .output()
            .unwrap()
    };
    stdout(&run(&["demo", "load"]));
    let verified = stdout(&run(&["audit", "verify"]));
    assert!(
        verified.starts_with("OK: ") && verified.contains("forensic: 0 events"),
        "{verified}"
    );
    assert!(std::path::Path::new(forensic.strip_prefix("sqlite://").unwrap()).exists());
    let bad = Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args(["audit", "purge", "--dry-run"])
        .env("GRENZELOOS_DATABASE_URL", &db)
        .env("GRENZELOOS_FORENSIC_DATABASE_URL", &forensic)
        .env("GRENZELOOS_FORENSIC_AUDIT_RETENTION_MONTHS", "0")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("forensic_audit_retention_months"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
