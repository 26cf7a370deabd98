//! The named roster of deployed officers on a reference date (personal data: only for the
//! roles that may read them, and every production audited with its purpose).

use crate::Format;
use crate::spreadsheet::Dialect;
use grenzeloos_app::overview::{Roster, RosterRow};
use grenzeloos_domain::labels::{Labelled, Lang};
use grenzeloos_domain::time::date_dutch;

/// What an erased officer's name reads as (SPOC-14).
pub const ERASED: &str = "(gewist)";

fn name(row: &RosterRow) -> &str {
    row.name.as_deref().unwrap_or(ERASED)
}

fn number(row: &RosterRow) -> &str {
    row.personnel_number.as_deref().unwrap_or(ERASED)
}

/// The roster in the requested format.
pub fn render(roster: &Roster, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(roster).unwrap_or_default() + "\n",
        Format::Csv => csv(roster),
        Format::ExcelCsv => csv_in(Dialect::Excel, roster),
        Format::Markdown => markdown(roster),
    }
}

fn period(row: &RosterRow) -> (String, String) {
    (
        row.start.to_string(),
        row.end.map(|d| d.to_string()).unwrap_or_default(),
    )
}

/// The roster as CSV, written by [`crate::spreadsheet::csv_in`] so that no cell (a name, a function) can
/// become a formula when the file is opened in a spreadsheet.
pub fn csv(roster: &Roster) -> String {
    csv_in(Dialect::Plain, roster)
}

/// [`csv`] in a dialect: plain, or for Excel.
pub fn csv_in(dialect: Dialect, roster: &Roster) -> String {
    let header = [
        "Missie",
        "Naam",
        "Personeelsnummer",
        "Functie",
        "Van",
        "Tot",
        "Status",
    ]
    .map(String::from);
    let rows = roster.deployments.iter().map(|row| {
        let (from, to) = period(row);
        [
            row.mission.clone(),
            name(row).to_owned(),
            number(row).to_owned(),
            row.function.clone(),
            from,
            to,
            row.status.label(Lang::Nl).to_owned(),
        ]
    });
    crate::spreadsheet::csv_in(dialect, std::iter::once(header).chain(rows))
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub fn markdown(roster: &Roster) -> String {
    let mut out = format!(
        "## Uitgezonden politiefunctionarissen op naam (peildatum {})\n\n",
        date_dutch(roster.as_of)
    );
    if let Some(at) = &roster.as_recorded_at {
        out.push_str(&format!("_Zoals vastgelegd op {at}._\n\n"));
    }
    out.push_str("| Missie | Naam | Personeelsnummer | Functie | Van | Tot | Status |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for row in &roster.deployments {
        let (from, to) = period(row);
        out.push_str(&format!(
            "| {} | {} | {} | {} | {from} | {to} | {} |\n",
            cell(&row.mission),
            cell(name(row)),
            cell(number(row)),
            cell(&row.function),
            row.status.label(Lang::Nl)
        ));
    }
    out.push_str(&format!("\n{} uitzending(en).\n", roster.deployments.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use grenzeloos_domain::registry::DeploymentStatus;

    fn row(name: Option<&str>) -> RosterRow {
        RosterRow {
            mission: "EULEX Kosovo".into(),
            officer_id: "o1".into(),
            name: name.map(Into::into),
            personnel_number: name.map(|_| "PN-1".into()),
            erased: name.is_none(),
            function: "adviseur".into(),
            start: "2024-01-01".parse().unwrap(),
            end: None,
            status: DeploymentStatus::Deployed,
        }
    }

    #[test]
    fn an_erased_officer_reads_as_erased_in_every_format() {
        let roster = Roster {
            as_of: "2024-04-17".parse().unwrap(),
            as_recorded_at: Some("2024-04-18T00:00:00.000000Z".into()),
            deployments: vec![row(Some("Anna Visser")), row(None)],
        };
        let md = markdown(&roster);
        assert!(md.contains("| EULEX Kosovo | Anna Visser | PN-1 |"), "{md}");
        assert!(
            md.contains("| EULEX Kosovo | (gewist) | (gewist) |"),
            "{md}"
        );
        assert!(md.contains("_Zoals vastgelegd op 2024-04-18T00:00:00.000000Z._"));
        let csv = csv(&roster);
        assert_eq!(
            csv.lines().nth(2),
            Some("EULEX Kosovo,(gewist),(gewist),adviseur,2024-01-01,,uitgezonden")
        );
        let json = render(&roster, Format::Json);
        assert!(json.contains("\"erased\": true") && json.contains("\"name\": null"));
    }

    /// #10: every CSV export neutralises formula cells — the roster's CSV went through
    /// `csv::Writer` directly, so a function or name starting with `=` reached the spreadsheet
    /// as a formula.
    #[test]
    fn a_roster_cell_that_would_start_a_formula_is_shown_as_text() {
        let mut formula = row(Some("=HYPERLINK(\"http://evil.example/\")"));
        formula.function = "@SUM(A1:A9)".into();
        formula.mission = "-2+3".into();
        let roster = Roster {
            as_of: "2024-04-17".parse().unwrap(),
            as_recorded_at: None,
            deployments: vec![formula],
        };
        let csv = csv(&roster);
        assert_eq!(
            csv.lines().nth(1),
            Some(
                "'-2+3,\"'=HYPERLINK(\"\"http://evil.example/\"\")\",PN-1,'@SUM(A1:A9),2024-01-01,,uitgezonden"
            ),
            "{csv}"
        );
    }
}
