//! `grenzeloos dna generate` and `grenzeloos dna match` as outside tools drive them.

use super::{fresh_db, grenzeloos, stdout};
use std::path::PathBuf;

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("grenzeloos-dna-{}-{name}", uuid::Uuid::new_v4()))
}

fn write(name: &str, text: &str) -> PathBuf {
    let path = temp(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str]) -> std::process::Output {
    grenzeloos(&fresh_db(), args)
}

fn hits(output: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const HEADER: &str = "id,type,Amelogenin,D3S1358,vWA,D8S1179,D21S11,D18S51,TH01,FGA,D1S1656,D2S441";
const PERSON: &str = "15/16,17/18,13/14,29/30,12/15,9.3/6,21/22,12/13,10/14";

fn database() -> PathBuf {
    write(
        "db.csv",
        &format!(
            "{HEADER}\nR1,reference,X/Y,{PERSON}\nR2,reference,X,14/15,16/19,10/12,28/31,13/17,7/8,20/24,11/15,11/12\n"
        ),
    )
}

#[test]
fn match_prints_one_json_object_per_hit_with_the_four_qualities() {
    let queries = write(
        "q.csv",
        &format!(
            "{HEADER}\n\
             Q1,stain,,{PERSON}\n\
             Q2,stain,,15/16,17/*,13/14,29/30,12/15,9.3/6,21/22,12/13,10/14\n\
             Q3,stain,,15/16,17/18,13/14,29/30,12/15,10/6,21/22,12/13,10/14\n\
             Q4,stain,,15/16,17/18,13/14,29/30,12/15,9.3/6,21/22,12/13,10/15\n\
             Q5,stain,,8/9,11/12,8/9,24/25,9/10,5/11,17/18,9/10,8/9\n"
        ),
    );
    let output = run(&[
        "dna",
        "match",
        "--database",
        database().to_str().unwrap(),
        "--queries",
        queries.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    let hits = hits(&output);
    let summary: Vec<(&str, &str, i64)> = hits
        .iter()
        .map(|h| {
            (
                h["query"].as_str().unwrap(),
                h["candidate"].as_str().unwrap(),
                h["quality"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Q1", "R1", 1),
            ("Q2", "R1", 2),
            ("Q3", "R1", 3),
            ("Q4", "R1", 4)
        ]
    );
    let exact = &hits[0];
    assert_eq!(exact["compared_loci"], 9);
    assert_eq!(exact["matched_loci"], 9);
    assert_eq!(exact["allele_difference"], 0);
    let rmp = exact["rmp"].as_f64().unwrap();
    assert!(rmp > 0.0 && rmp < 1e-9, "{rmp}");
    assert!((exact["lr"].as_f64().unwrap() * rmp - 1.0).abs() < 1e-9);
    assert!(exact["expected_adventitious"].as_f64().unwrap() < 1e-6);
    assert_eq!(exact["warnings"], serde_json::json!([]));
    // The first fields in the documented order.
    let line = stdout(&output).lines().next().unwrap().to_string();
    assert!(
        line.starts_with(r#"{"query":"Q1","candidate":"R1","quality":1,"compared_loci":9,"matched_loci":9,"allele_difference":0,"rmp":"#),
        "{line}"
    );
    assert_eq!(hits[1]["wildcard_loci"], serde_json::json!(["vWA"]));
    assert_eq!(hits[2]["microvariant_loci"], serde_json::json!(["TH01"]));
    let near = &hits[3];
    assert_eq!(near["allele_difference"], 1);
    assert_eq!(near["matched_loci"], 8);
    assert!(near["lr"].is_null());
    assert_eq!(near["mismatch_loci"], serde_json::json!(["D2S441"]));
}

#[test]
fn the_settings_change_the_hits() {
    let queries = write(
        "q.csv",
        &format!(
            "{HEADER}\nQ3,stain,,15/16,17/18,13/14,29/30,12/15,10/6,21/22,12/13,10/14\nQ4,stain,,15/16,17/18,13/14,29/30,12/15,9.3/6,21/22,12/13,10/15\n"
        ),
    );
    let db = database();
    let with = |extra: &[&str]| {
        let mut args = vec![
            "dna",
            "match",
            "--database",
            db.to_str().unwrap(),
            "--queries",
            queries.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        hits(&run(&args))
            .iter()
            .map(|h| {
                (
                    h["query"].as_str().unwrap().to_string(),
                    h["quality"].as_i64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let q = |id: &str, quality| (id.to_string(), quality);
    assert_eq!(with(&[]), [q("Q3", 3), q("Q4", 4)]);
    // Without the tolerance 10 differs from 9.3: Q3 becomes a near match.
    assert_eq!(with(&["--no-microvariant"]), [q("Q3", 4), q("Q4", 4)]);
    assert_eq!(with(&["--max-mismatch", "0"]), [q("Q3", 3)]);
    assert_eq!(with(&["--min-loci", "9"]), [q("Q3", 3)]);
    // θ changes the RMP, not the hits.
    let rmp = |theta: &str| {
        hits(&run(&[
            "dna",
            "match",
            "--database",
            db.to_str().unwrap(),
            "--queries",
            queries.to_str().unwrap(),
            "--theta",
            theta,
        ]))[0]["rmp"]
            .as_f64()
            .unwrap()
    };
    assert!(rmp("0") < rmp("0.01"));
}

#[test]
fn no_hits_is_success_with_empty_output() {
    let queries = write(
        "q.csv",
        &format!("{HEADER}\nQ5,stain,,8/9,11/12,8/9,24/25,9/10,5/11,17/18,9/10,8/9\n"),
    );
    let output = run(&[
        "dna",
        "match",
        "--database",
        database().to_str().unwrap(),
        "--queries",
        queries.to_str().unwrap(),
    ]);
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_malformed_or_rule_breaking_file_exits_non_zero_naming_line_and_column() {
    let db = database();
    let cases = [
        (
            format!(
                "{HEADER}\nQ1,stain,,{PERSON}\nQ2,stain,,15/16,17/18,13/14,29/30,12/150,9.3/6,21/22,12/13,10/14\n"
            ),
            vec!["line 3", "column 8 (D18S51)", "Q2", "12/150"],
        ),
        (
            format!("{HEADER}\nQ1,stain,,{PERSON},12\n"),
            vec!["line 2", "expected 12 fields, found 13"],
        ),
        (
            format!("{HEADER}\nQ1,stain,,15/16,17/*,13/*,29/*,12/*,9.3/*,21/22,12/13,10/14\n"),
            vec!["line 2", "Q1", "only 4 fully designated loci"],
        ),
        (
            "id,type,TH01,D99S1\n".to_string(),
            vec!["line 1", "column 4", "D99S1"],
        ),
    ];
    for (text, expected) in cases {
        let queries = write("bad.csv", &text);
        let output = run(&[
            "dna",
            "match",
            "--database",
            db.to_str().unwrap(),
            "--queries",
            queries.to_str().unwrap(),
        ]);
        assert!(!output.status.success());
        assert!(output.stdout.is_empty(), "no hits are printed");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for part in expected {
            assert!(stderr.contains(part), "{part:?} not in {stderr}");
        }
    }
    // Bad settings are refused too.
    let output = run(&[
        "dna",
        "match",
        "--database",
        db.to_str().unwrap(),
        "--max-mismatch",
        "2",
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("max_mismatch"));
}

#[test]
fn generate_is_deterministic_and_its_files_are_searchable() {
    let a = temp("a.csv");
    let b = temp("b.csv");
    let c = temp("c.csv");
    for (path, seed) in [(&a, "7"), (&b, "7"), (&c, "8")] {
        stdout(&run(&[
            "dna",
            "generate",
            "--count",
            "400",
            "--seed",
            seed,
            "--stain-fraction",
            "0.5",
            "--out",
            path.to_str().unwrap(),
        ]));
    }
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text, std::fs::read_to_string(&b).unwrap());
    assert_ne!(text, std::fs::read_to_string(&c).unwrap());
    assert_eq!(text.lines().count(), 401);
    assert!(text.starts_with("id,type,Amelogenin,D3S1358,vWA,"));
    let stains = text.lines().filter(|l| l.contains(",stain,")).count();
    assert!((150..250).contains(&stains), "{stains}");
    // Against itself (no --queries): each pair once, never a profile with itself; half of the
    // stains come from persons in the file, so there are hits.
    let hits = hits(&run(&["dna", "match", "--database", a.to_str().unwrap()]));
    assert!(hits.len() > 20, "{}", hits.len());
    assert!(hits.iter().all(|h| h["query"] != h["candidate"]));
}

#[test]
fn the_nist_table_can_be_given() {
    let freqs = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../dna/data/nist1036-caucasian.tsv"
    );
    let out = temp("n.csv");
    stdout(&run(&[
        "dna",
        "generate",
        "--count",
        "50",
        "--seed",
        "1",
        "--freqs",
        freqs,
        "--out",
        out.to_str().unwrap(),
    ]));
    let output = run(&[
        "dna",
        "match",
        "--database",
        out.to_str().unwrap(),
        "--queries",
        out.to_str().unwrap(),
        "--freqs",
        freqs,
    ]);
    // Every profile at least finds itself.
    assert!(hits(&output).len() >= 50);
    let bad = write("bad.tsv", "locus\tallele\tfrequency\nTH01\t9\tlots\n");
    let output = run(&[
        "dna",
        "match",
        "--database",
        out.to_str().unwrap(),
        "--freqs",
        bad.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 2"));
}

#[test]
fn the_dna_commands_explain_themselves() {
    for command in [
        vec!["dna", "--help"],
        vec!["dna", "generate", "--help"],
        vec!["dna", "match", "--help"],
        vec!["bench", "dna", "--help"],
    ] {
        let help = stdout(&run(&command));
        assert!(help.len() > 200, "{command:?}: {help}");
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `grenzeloos dna match … | head -1`: the pipe closes after the first hit.
    let db = temp("many.csv");
    stdout(&run(&[
        "dna",
        "generate",
        "--count",
        "3000",
        "--seed",
        "11",
        "--out",
        db.to_str().unwrap(),
    ]));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grenzeloos"))
        .args([
            "dna",
            "match",
            "--database",
            db.to_str().unwrap(),
            "--format",
            "jsonl",
        ])
        .env("GRENZELOOS_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    assert!(first.starts_with("{\"query\""), "{first}");
    drop(reader);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
