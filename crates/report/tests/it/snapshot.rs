//! Checked-in snapshots under `tests/snapshots/`. `UPDATE_SNAPSHOTS=1 cargo test` rewrites
//! them; otherwise a difference fails the test with a line diff.

use std::fmt::Write as _;
use std::path::PathBuf;

pub fn assert_snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}: run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "snapshot {name} differs (- snapshot, + now); UPDATE_SNAPSHOTS=1 accepts the new output\n{}",
            diff(&expected, actual)
        );
    }
}

/// A line diff (longest common subsequence), showing only changed lines with their numbers.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // lcs[i][j]: length of the common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out, mut shown) = (0, 0, String::new(), 0);
    while (i < old.len() || j < new.len()) && shown < 60 {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "{:>5} - {}", i + 1, old[i]);
            i += 1;
            shown += 1;
        } else {
            let _ = writeln!(out, "{:>5} + {}", j + 1, new[j]);
            j += 1;
            shown += 1;
        }
    }
    if expected.lines().eq(actual.lines()) {
        out.push_str("(only line endings or the final newline differ)\n");
    }
    out
}

#[test]
fn diff_shows_changed_lines() {
    let d = diff("a\nb\nc\n", "a\nB\nc\nd\n");
    assert_eq!(d, "    2 - b\n    2 + B\n    4 + d\n");
}
