//! CSV import of missions and deployments: all or nothing, with a dry run, and errors that
//! name the line and the field.
//!
//! Missions: `name,acronym,mandated_by,start,end,countries,station`.
//! Deployments: `mission,personnel_number,given_name,family_name,gender,rank,unit,function,
//! start,end,status,consent_date[,team]` — the mission by name or acronym; the officer by
//! personnel number, created from the name columns when the number is new.
//!
//! A file is read in two passes. The first, on a blocking thread (never on the async request
//! threads), parses the CSV in one linear pass and checks each row against the rules that need
//! no database; the second checks the rest of the rows against the database in the import's
//! one transaction. A file whose every row fails the first pass never takes the write lock.
//! Errors are reported by line, the first [`MAX_REPORTED_ERRORS`] of them with the total.

use crate::registry::{create_mission_in, create_officer_in, save_deployment_in};
use crate::{Actor, App, AppError, Result, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::registry::{
    DeploymentInput, MissionInput, OfficerInput, validate_deployment, validate_mission,
};
use grenzeloos_domain::text::echo;
use grenzeloos_store::Tx;
use grenzeloos_store::registry as repo;
use serde::Serialize;
use std::collections::HashMap;

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub field: Option<String>,
    /// What is wrong, as a stable code (`invalid_date`, `missing_column`, `unknown_mission` …),
    /// so that a page can say it in its own language.
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub rows: usize,
    pub missions_created: usize,
    pub officers_created: usize,
    pub deployments_created: usize,
}

/// The largest file accepted, in rows (keeps one transaction reasonable).
pub const MAX_ROWS: usize = 50_000;

/// How many errors an import reports; the rest are counted.
pub const MAX_REPORTED_ERRORS: usize = 100;

/// What is wrong with a file: its first [`MAX_REPORTED_ERRORS`] problems by line, and how
/// many there are in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportErrors {
    pub errors: Vec<LineError>,
    pub total: usize,
}

impl ImportErrors {
    fn one(error: LineError) -> ImportErrors {
        ImportErrors {
            errors: vec![error],
            total: 1,
        }
    }

    /// Adds a problem; errors arrive in line order, so the first ones are kept.
    fn push(&mut self, error: LineError) {
        self.total += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(error);
        }
    }

    /// Both passes' problems, the first by line kept.
    fn merge(mut self, other: ImportErrors) -> ImportErrors {
        self.errors.extend(other.errors);
        self.errors.sort_by_key(|e| e.line);
        self.errors.truncate(MAX_REPORTED_ERRORS);
        self.total += other.total;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

pub const MISSION_COLUMNS: &[&str] = &[
    "name",
    "acronym",
    "mandated_by",
    "start",
    "end",
    "countries",
    "station",
];
pub const DEPLOYMENT_COLUMNS: &[&str] = &[
    "mission",
    "personnel_number",
    "given_name",
    "family_name",
    "gender",
    "rank",
    "unit",
    "function",
    "start",
    "end",
    "status",
    "consent_date",
];

/// A parsed CSV file: each row's line number and its cells by column name.
struct Table {
    rows: Vec<(u64, HashMap<String, String>)>,
}

/// Reads the file in one pass: its rows, or every problem of its form (capped).
fn read_table(text: &str, required: &[&str]) -> std::result::Result<Table, ImportErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(error) => {
            return Err(ImportErrors::one(LineError {
                line: 1,
                field: None,
                code: "unreadable_header".to_string(),
                message: format!(
                    "the header cannot be read: {}",
                    grenzeloos_domain::text::shorten_quoted(&error.to_string())
                ),
            }));
        }
    };
    let mut missing = ImportErrors::default();
    for column in required.iter().filter(|c| !header.iter().any(|h| h == *c)) {
        missing.push(LineError {
            line: 1,
            field: Some(column.to_string()),
            code: "missing_column".to_string(),
            message: format!("the header lacks the column '{column}'"),
        });
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut lines = Lines::new(text);
    let mut rows = Vec::new();
    let mut errors = ImportErrors::default();
    for (count, record) in reader.records().enumerate() {
        if count >= MAX_ROWS {
            return Err(ImportErrors::one(LineError {
                line: 0,
                field: None,
                code: "too_many_rows".to_string(),
                message: format!("the file has more than {MAX_ROWS} rows; split it"),
            }));
        }
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| lines.at(p.byte()));
                let cells = header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_string))
                    .collect();
                rows.push((line, cells));
            }
            Err(error) => {
                let line = error.position().map_or(0, |p| lines.at(p.byte()));
                let (code, message) = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => (
                        "wrong_field_count",
                        format!("has {len} fields where the header has {expected_len}"),
                    ),
                    csv::ErrorKind::Utf8 { .. } => ("not_utf8", "is not valid UTF-8".to_string()),
                    _ => ("not_csv", "is not valid CSV".to_string()),
                };
                errors.push(LineError {
                    line,
                    field: None,
                    code: code.to_string(),
                    message,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(Table { rows })
    } else {
        Err(errors)
    }
}

/// The separator of a file: `;` when its header has more semicolons than commas (what Excel
/// writes in Dutch and other locales whose decimal comma rules out the comma), else `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    let count = |c: char| header.chars().filter(|h| *h == c).count();
    if count(';') > count(',') { b';' } else { b',' }
}

/// Line numbers of the records, counted as the reader moves on: each newline is counted once,
/// so reading the file stays linear in its size (counting from the start for every record made
/// a file of 50,000 rows take half a minute).
struct Lines<'a> {
    bytes: &'a [u8],
    /// Where counting stopped, and the 1-based line there.
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line on which the record at `byte` starts. The csv crate reports where the
    /// previous record ended and does not count the blank lines after it, which would point
    /// people at the wrong line of their file.
    fn at(&mut self, byte: u64) -> u64 {
        let bytes = self.bytes;
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.at {
            // The reader's positions only grow; should one not, count again from the start.
            (self.at, self.line) = (0, 1);
        }
        self.line += bytes[self.at..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.at = start;
        self.line
    }
}

fn cell(cells: &HashMap<String, String>, column: &str) -> String {
    cells.get(column).cloned().unwrap_or_default()
}

fn optional(cells: &HashMap<String, String>, column: &str) -> Option<String> {
    Some(cell(cells, column)).filter(|value| !value.is_empty())
}

/// Every problem of a line: the violation and the further ones found in the same row.
fn line_errors(line: u64, violation: Violation) -> Vec<LineError> {
    violation
        .into_all()
        .into_iter()
        .map(|v| LineError {
            line,
            field: v.field,
            code: v.code.to_string(),
            message: v.message,
        })
        .collect()
}

fn line_error(line: u64, error: AppError) -> std::result::Result<Vec<LineError>, AppError> {
    match error {
        AppError::Invalid(v) | AppError::Conflict(v) => Ok(line_errors(line, v)),
        other => Err(other),
    }
}

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Missions,
    Deployments,
}

impl ImportKind {
    /// What importing this kind takes: missions are registry data, deployments name people.
    pub fn permission(self) -> Permission {
        match self {
            ImportKind::Missions => Permission::RegistryWrite,
            ImportKind::Deployments => Permission::PersonalWrite,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Missions => "missions",
            ImportKind::Deployments => "deployments",
        }
    }

    /// The columns a file of this kind must have, in the template's order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Missions => MISSION_COLUMNS,
            ImportKind::Deployments => DEPLOYMENT_COLUMNS,
        }
    }

    /// A file to start from, as Excel opens it in Dutch: a byte-order mark, `;` between the
    /// cells, the header and one example row. The import reads it back as it is (a test
    /// proves it), so an operator can overwrite the example.
    pub fn template(self) -> String {
        let (columns, example): (Vec<&str>, &[&str]) = match self {
            ImportKind::Missions => (
                MISSION_COLUMNS.to_vec(),
                &[
                    "EUBAM Libië",
                    "EUBAM Libya",
                    "EU",
                    "2013-05-22",
                    "",
                    "LY",
                    "Tunesië",
                ],
            ),
            ImportKind::Deployments => (
                DEPLOYMENT_COLUMNS.iter().copied().chain(["team"]).collect(),
                &[
                    "EULEX Kosovo",
                    "DEMO-12345",
                    "Anna",
                    "de Vries",
                    "female",
                    "inspecteur",
                    "Eenheid Den Haag",
                    "adviseur",
                    "2024-01-15",
                    "2024-12-31",
                    "planned",
                    "",
                    "",
                ],
            ),
        };
        // The cells are ours and hold no `;`, quote or formula character.
        let line = |cells: &[&str]| cells.join(";");
        format!("\u{feff}{}\r\n{}\r\n", line(&columns), line(example))
    }
}

/// The first pass over a file: its rows that pass the rules needing no database, and the
/// problems of the others. Runs on a blocking thread.
fn check_file(
    kind: ImportKind,
    text: &str,
    columns: &[&str],
    recorded_by: &str,
) -> std::result::Result<(Table, ImportErrors), ImportErrors> {
    let mut table = read_table(text, columns)?;
    let mut errors = ImportErrors::default();
    table.rows.retain(|(line, cells)| {
        let checked = match kind {
            ImportKind::Missions => validate_mission(&mission_input(cells)).map(|_| ()),
            ImportKind::Deployments => validate_deployment(
                &deployment_input(cells, String::new(), String::new(), None),
                recorded_by,
                None,
            )
            .map(|_| ()),
        };
        match checked {
            Ok(()) => true,
            Err(v) => {
                for error in line_errors(*line, v) {
                    errors.push(error);
                }
                false
            }
        }
    });
    Ok((table, errors))
}

impl App {
    /// Imports a CSV file of `kind`: every row or none.
    pub async fn import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        csv_text: impl Into<String>,
        dry_run: bool,
    ) -> Result<ImportReport> {
        let action = match kind {
            ImportKind::Missions => AuditAction::MissionImport,
            ImportKind::Deployments => AuditAction::DeploymentImport,
        };
        let columns = kind.columns();
        self.require(actor, kind.permission(), action).await?;
        let text = csv_text.into();
        let recorded_by = actor.username.clone();
        let (table, first_errors) =
            tokio::task::spawn_blocking(move || check_file(kind, &text, columns, &recorded_by))
                .await
                .map_err(|_| {
                    AppError::Store(grenzeloos_store::StoreError::Corrupt(
                        "the import's check did not finish".to_string(),
                    ))
                })?
                .map_err(AppError::Import)?;
        let mut report = ImportReport {
            dry_run,
            rows: table.rows.len() + first_errors.total,
            ..Default::default()
        };
        let mut errors = ImportErrors::default();
        if table.rows.is_empty() {
            return finish(None, actor, action, report, first_errors.merge(errors)).await;
        }
        let mut tx = self.store.write().await?;
        let mut missions = HashMap::new();
        for (line, cells) in &table.rows {
            let imported = match kind {
                ImportKind::Missions => {
                    import_mission_row(&mut tx, actor, cells, &mut report).await
                }
                ImportKind::Deployments => {
                    import_deployment_row(&mut tx, actor, cells, &mut missions, &mut report).await
                }
            };
            if let Err(error) = imported {
                for error in line_error(*line, error)? {
                    errors.push(error);
                }
            }
        }
        finish(Some(tx), actor, action, report, first_errors.merge(errors)).await
    }
}

fn mission_input(cells: &HashMap<String, String>) -> MissionInput {
    MissionInput {
        name: cell(cells, "name"),
        acronym: optional(cells, "acronym"),
        mandated_by: cell(cells, "mandated_by"),
        start: cell(cells, "start"),
        end: optional(cells, "end"),
        countries: cell(cells, "countries"),
        station: cell(cells, "station"),
    }
}

fn deployment_input(
    cells: &HashMap<String, String>,
    officer_id: String,
    mission_id: String,
    team_id: Option<String>,
) -> DeploymentInput {
    DeploymentInput {
        officer_id,
        mission_id,
        function: cell(cells, "function"),
        start: cell(cells, "start"),
        end: optional(cells, "end"),
        status: cell(cells, "status"),
        consent_date: optional(cells, "consent_date"),
        team_id,
    }
}

async fn import_mission_row(
    tx: &mut Tx,
    actor: &Actor,
    cells: &HashMap<String, String>,
    report: &mut ImportReport,
) -> Result<()> {
    create_mission_in(tx, actor, &mission_input(cells)).await?;
    report.missions_created += 1;
    Ok(())
}

/// Missions by the name a file gives, looked up once per import.
type MissionsByName = HashMap<String, Option<repo::MissionRow>>;

async fn import_deployment_row(
    tx: &mut Tx,
    actor: &Actor,
    cells: &HashMap<String, String>,
    missions: &mut MissionsByName,
    report: &mut ImportReport,
) -> Result<()> {
    let mission_name = cell(cells, "mission");
    if !missions.contains_key(&mission_name) {
        let found = repo::mission_by_name(tx, &mission_name).await?;
        missions.insert(mission_name.clone(), found);
    }
    let mission = missions
        .get(&mission_name)
        .cloned()
        .flatten()
        .ok_or_else(|| {
            AppError::Invalid(grenzeloos_domain::Violation::at(
                "unknown_mission",
                "mission",
                format!("there is no mission named {}", echo(&mission_name)),
            ))
        })?;
    let number = cell(cells, "personnel_number");
    let officer = match repo::officer_by_number(tx, &number).await? {
        Some(officer) => officer,
        None => {
            let input = OfficerInput {
                personnel_number: number,
                given_name: cell(cells, "given_name"),
                family_name: cell(cells, "family_name"),
                gender: cell(cells, "gender"),
                rank: optional(cells, "rank"),
                unit: optional(cells, "unit"),
            };
            report.officers_created += 1;
            create_officer_in(tx, actor, &input).await?
        }
    };
    let team_id = match optional(cells, "team") {
        None => None,
        Some(name) => Some(
            repo::teams(tx, None)
                .await?
                .into_iter()
                .find(|t| t.team.name == name && t.mission_id == mission.id)
                .map(|t| t.id)
                .ok_or_else(|| {
                    AppError::Invalid(grenzeloos_domain::Violation::at(
                        "unknown_team",
                        "team",
                        format!(
                            "mission {} has no team {}",
                            echo(&mission_name),
                            echo(&name)
                        ),
                    ))
                })?,
        ),
    };
    let input = deployment_input(cells, officer.id, mission.id, team_id);
    save_deployment_in(tx, actor, None, &input).await?;
    report.deployments_created += 1;
    Ok(())
}

/// Commits only a real, error-free import; a dry run or a file with errors leaves nothing.
async fn finish(
    tx: Option<Tx>,
    actor: &Actor,
    action: AuditAction,
    report: ImportReport,
    errors: ImportErrors,
) -> Result<ImportReport> {
    if !errors.is_empty() {
        return Err(AppError::Import(errors));
    }
    let Some(mut tx) = tx.filter(|_| !report.dry_run) else {
        return Ok(report);
    };
    record(
        &mut tx,
        actor,
        action,
        ("import", "csv"),
        None,
        Some(serde_json::to_value(&report).unwrap_or_default()),
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_are_counted_from_the_header() {
        let table = read_table("name,station\nA,B\n\nC,D\r\n\r\nE,F\n", &["name"]).unwrap();
        let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![2, 4, 6]);
        assert_eq!(table.rows[1].1["station"], "D");
        let errors = read_table("name,station\n\nA\n", &["name"]).err().unwrap();
        assert_eq!(errors.errors[0].line, 3);
    }

    #[test]
    fn line_numbers_match_a_count_from_the_start_on_a_large_file() {
        let mut text = String::from("name,station\n");
        let mut expected = Vec::new();
        for i in 0..5000 {
            if i % 7 == 0 {
                text.push_str("\r\n\n");
            }
            if i % 11 == 0 {
                text.push_str("\"Naam\nover twee regels\",B\n");
            } else {
                text.push_str("A,B\n");
            }
            expected.push(text.len());
        }
        let table = read_table(&text, &["name"]).unwrap();
        // The line of each record, counted from the start the slow way.
        let mut starts = Vec::new();
        let mut previous_end = "name,station\n".len();
        for end in expected {
            let record = &text[previous_end..end];
            let blank = record.len() - record.trim_start_matches(['\r', '\n']).len();
            starts.push(1 + text[..previous_end + blank].matches('\n').count() as u64);
            previous_end = end;
        }
        let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, starts);
    }

    #[test]
    fn errors_are_capped_and_counted() {
        let mut text = String::from("name,station\n");
        for _ in 0..5000 {
            text.push_str("only-one-field\n");
        }
        let errors = read_table(&text, &["name"]).err().unwrap();
        assert_eq!(errors.total, 5000);
        assert_eq!(errors.errors.len(), MAX_REPORTED_ERRORS);
        assert_eq!(errors.errors[0].line, 2);
        assert_eq!(errors.errors[99].line, 101);
    }

    #[test]
    fn more_than_the_largest_file_is_refused_whatever_its_rows_hold() {
        let text = format!("name,station\n{}", "x\n".repeat(MAX_ROWS + 1));
        let errors = read_table(&text, &["name"]).err().unwrap();
        assert_eq!(errors.total, 1);
        assert!(errors.errors[0].message.contains("more than 50000 rows"));
    }

    #[test]
    fn the_first_errors_of_both_passes_are_kept_in_line_order() {
        let at = |line| LineError {
            line,
            field: None,
            code: String::new(),
            message: String::new(),
        };
        let mut first = ImportErrors::default();
        let mut second = ImportErrors::default();
        for line in (2..400).step_by(2) {
            first.push(at(line));
        }
        for line in (3..401).step_by(2) {
            second.push(at(line));
        }
        let merged = first.merge(second);
        assert_eq!(merged.total, 398);
        let lines: Vec<u64> = merged.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, (2..102).collect::<Vec<u64>>());
    }

    #[test]
    fn a_file_separated_by_semicolons_is_read_like_one_with_commas() {
        let comma = "name,acronym,mandated_by,start,end,countries,station\nA,,EU,2020-01-01,,\"MD,UA\",Chisinau\n";
        let semicolon = "name;acronym;mandated_by;start;end;countries;station\r\nA;;EU;2020-01-01;;MD,UA;Chisinau\r\n";
        let read = |text: &str| read_table(text, MISSION_COLUMNS).unwrap().rows;
        assert_eq!(read(comma), read(semicolon));
        assert_eq!(read(semicolon)[0].1["countries"], "MD,UA");
    }

    #[test]
    fn the_templates_are_read_back_with_their_example_row() {
        for kind in [ImportKind::Missions, ImportKind::Deployments] {
            let template = kind.template();
            assert!(
                template.starts_with('\u{feff}'),
                "Excel needs the BOM for UTF-8"
            );
            let table = read_table(&template, kind.columns()).unwrap();
            assert_eq!(table.rows.len(), 1, "{template}");
            assert_eq!(table.rows[0].0, 2, "the example is line 2");
            let (_, errors) = check_file(kind, &template, kind.columns(), "t").unwrap();
            assert!(errors.is_empty(), "{kind:?}: {errors:?}");
            for column in kind.columns() {
                assert!(table.rows[0].1.contains_key(*column), "{column}");
            }
        }
    }

    #[test]
    fn a_byte_order_mark_and_header_case_are_tolerated() {
        let table = read_table("\u{feff}Name,STATION\nA,B\n", &["name", "station"]).unwrap();
        assert_eq!(table.rows[0].1["name"], "A");
    }

    proptest! {
        /// Whatever arrives, reading it ends in rows or in errors that name a line, never a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "(?s).{0,400}") {
            match read_table(&text, &["name", "station"]) {
                Ok(table) => prop_assert!(table.rows.iter().all(|(line, _)| *line >= 2)),
                Err(errors) => prop_assert!(!errors.is_empty() && !errors.errors.is_empty()),
            }
        }

        #[test]
        fn csv_like_text_is_read_or_refused(rows in proptest::collection::vec("[a-z0-9\",\\n\\r ]{0,30}", 0..20)) {
            let text = format!("name,station\n{}", rows.join("\n"));
            if let Err(errors) = read_table(&text, &["name", "station"]) {
                prop_assert!(errors.errors.iter().all(|e| e.line >= 1));
            }
        }
    }
}
