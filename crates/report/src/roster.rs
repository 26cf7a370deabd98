//! The named roster of deployed officers on a reference date (personal data: only for the
//! roles that may read them, and every production audited with its purpose).

use crate::Format;
use grenzeloos_app::overview::{Roster, RosterRow};
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
        Format::Markdown => markdown(roster),
    }
}

fn period(row: &RosterRow) -> (String, String) {
    (
        row.start.to_string(),
        row.end.map(|d| d.to_string()).unwrap_or_default(),
    )
}

pub fn csv(roster: &Roster) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "Missie",
        "Naam",
        "Personeelsnummer",
        "Functie",
        "Van",
        "Tot",
        "Status",
    ];
    // Writing to memory cannot fail.
    let _ = writer.write_record(header);
    for row in &roster.deployments {
        let (from, to) = period(row);
        let _ = writer.write_record([
            row.mission.as_str(),
            name(row),
            number(row),
            row.function.as_str(),
            from.as_str(),
            to.as_str(),
            row.status.as_str(),
        ]);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
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
            row.status.as_str()
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
            Some("EULEX Kosovo,(gewist),(gewist),adviseur,2024-01-01,,deployed")
        );
        let json = render(&roster, Format::Json);
        assert!(json.contains("\"erased\": true") && json.contains("\"name\": null"));
    }
}
