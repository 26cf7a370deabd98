//! CSV import of missions and deployments: all or nothing, with a dry run, and errors that
//! name the line and the field.
//!
//! Missions: `name,acronym,mandated_by,start,end,countries,station`.
//! Deployments: `mission,personnel_number,given_name,family_name,gender,rank,unit,function,
//! start,end,status,consent_date[,team]` — the mission by name or acronym; the officer by
//! personnel number, created from the name columns when the number is new.

use crate::registry::{create_mission_in, create_officer_in, save_deployment_in};
use crate::{Actor, App, AppError, Result, record};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::registry::{DeploymentInput, MissionInput, OfficerInput};
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
const MAX_ROWS: usize = 50_000;

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

fn read_table(text: &str, required: &[&str]) -> std::result::Result<Table, Vec<LineError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(error) => {
            return Err(vec![LineError {
                line: 1,
                field: None,
                message: format!("the header cannot be read: {error}"),
            }]);
        }
    };
    let missing: Vec<LineError> = required
        .iter()
        .filter(|column| !header.iter().any(|h| h == *column))
        .map(|column| LineError {
            line: 1,
            field: Some(column.to_string()),
            message: format!("the header lacks the column '{column}'"),
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| line_at(text, p.byte()));
                let cells = header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_string))
                    .collect();
                rows.push((line, cells));
            }
            Err(error) => {
                let line = error.position().map_or(0, |p| line_at(text, p.byte()));
                let message = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("has {len} fields where the header has {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_string(),
                    _ => "is not valid CSV".to_string(),
                };
                errors.push(LineError {
                    line,
                    field: None,
                    message,
                });
            }
        }
        if rows.len() > MAX_ROWS {
            return Err(vec![LineError {
                line: 0,
                field: None,
                message: format!("the file has more than {MAX_ROWS} rows; split it"),
            }]);
        }
    }
    if errors.is_empty() {
        Ok(Table { rows })
    } else {
        Err(errors)
    }
}

/// The 1-based line on which the record at `byte` starts. The csv crate reports where the
/// previous record ended and does not count the blank lines after it, which would point people
/// at the wrong line of their file.
fn line_at(text: &str, byte: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    1 + bytes[..start].iter().filter(|b| **b == b'\n').count() as u64
}

fn cell(cells: &HashMap<String, String>, column: &str) -> String {
    cells.get(column).cloned().unwrap_or_default()
}

fn optional(cells: &HashMap<String, String>, column: &str) -> Option<String> {
    Some(cell(cells, column)).filter(|value| !value.is_empty())
}

fn line_error(line: u64, error: AppError) -> std::result::Result<LineError, AppError> {
    match error {
        AppError::Invalid(v) | AppError::Conflict(v) => Ok(LineError {
            line,
            field: v.field,
            message: v.message,
        }),
        other => Err(other),
    }
}

/// What a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Missions,
    Deployments,
}

impl App {
    /// Imports a CSV file of `kind`: every row or none.
    pub async fn import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        csv_text: &str,
        dry_run: bool,
    ) -> Result<ImportReport> {
        let (permission, action, columns) = match kind {
            ImportKind::Missions => (Permission::RegistryWrite, "mission.import", MISSION_COLUMNS),
            ImportKind::Deployments => (
                Permission::PersonalWrite,
                "deployment.import",
                DEPLOYMENT_COLUMNS,
            ),
        };
        self.require(actor, permission, action).await?;
        let table = read_table(csv_text, columns).map_err(AppError::Import)?;
        let mut tx = self.store.write().await?;
        let mut report = ImportReport {
            dry_run,
            rows: table.rows.len(),
            ..Default::default()
        };
        let mut errors = Vec::new();
        for (line, cells) in &table.rows {
            let imported = match kind {
                ImportKind::Missions => {
                    import_mission_row(&mut tx, actor, cells, &mut report).await
                }
                ImportKind::Deployments => {
                    import_deployment_row(&mut tx, actor, cells, &mut report).await
                }
            };
            if let Err(error) = imported {
                errors.push(line_error(*line, error)?);
            }
        }
        finish(tx, actor, action, report, errors).await
    }
}

async fn import_mission_row(
    tx: &mut Tx,
    actor: &Actor,
    cells: &HashMap<String, String>,
    report: &mut ImportReport,
) -> Result<()> {
    let input = MissionInput {
        name: cell(cells, "name"),
        acronym: optional(cells, "acronym"),
        mandated_by: cell(cells, "mandated_by"),
        start: cell(cells, "start"),
        end: optional(cells, "end"),
        countries: cell(cells, "countries"),
        station: cell(cells, "station"),
    };
    create_mission_in(tx, actor, &input).await?;
    report.missions_created += 1;
    Ok(())
}

async fn import_deployment_row(
    tx: &mut Tx,
    actor: &Actor,
    cells: &HashMap<String, String>,
    report: &mut ImportReport,
) -> Result<()> {
    let mission_name = cell(cells, "mission");
    let mission = repo::mission_by_name(tx, &mission_name)
        .await?
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
    let input = DeploymentInput {
        officer_id: officer.id,
        mission_id: mission.id,
        function: cell(cells, "function"),
        start: cell(cells, "start"),
        end: optional(cells, "end"),
        status: cell(cells, "status"),
        consent_date: optional(cells, "consent_date"),
        team_id,
    };
    save_deployment_in(tx, actor, None, &input).await?;
    report.deployments_created += 1;
    Ok(())
}

/// Commits only a real, error-free import; a dry run or a file with errors leaves nothing.
async fn finish(
    mut tx: Tx,
    actor: &Actor,
    action: &str,
    report: ImportReport,
    errors: Vec<LineError>,
) -> Result<ImportReport> {
    if !errors.is_empty() {
        return Err(AppError::Import(errors));
    }
    if report.dry_run {
        return Ok(report);
    }
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
        assert_eq!(errors[0].line, 3);
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
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }

        #[test]
        fn csv_like_text_is_read_or_refused(rows in proptest::collection::vec("[a-z0-9\",\\n\\r ]{0,30}", 0..20)) {
            let text = format!("name,station\n{}", rows.join("\n"));
            if let Err(errors) = read_table(&text, &["name", "station"]) {
                prop_assert!(errors.iter().all(|e| e.line >= 1));
            }
        }
    }
}
