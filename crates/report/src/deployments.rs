//! "Overzicht uitgezonden politiefunctionarissen" as the annexes print it.

use crate::Format;
use crate::spreadsheet::Dialect;
use grenzeloos_app::overview::Overview;
use grenzeloos_domain::time::date_dutch;

/// The overview in the requested format.
pub fn render(overview: &Overview, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(overview).unwrap_or_default() + "\n",
        Format::Csv => csv(overview),
        Format::ExcelCsv => csv_in(Dialect::Excel, overview),
        Format::Markdown => markdown(overview),
    }
}

/// One row per mission and a closing total row, as in the annex; Dutch column names.
pub fn csv(overview: &Overview) -> String {
    csv_in(Dialect::Plain, overview)
}

/// [`csv`] in a dialect: plain, or for Excel.
pub fn csv_in(dialect: Dialect, overview: &Overview) -> String {
    let mut rows: Vec<[String; 4]> = vec![[
        "Missienaam".into(),
        "Land".into(),
        "Standplaats".into(),
        "Aantal uitgezonden politiefunctionarissen".into(),
    ]];
    rows.extend(overview.missions.iter().map(|m| {
        [
            m.mission.clone(),
            m.country.clone(),
            m.station.clone(),
            m.officers.to_string(),
        ]
    }));
    rows.push([
        "Totaal".into(),
        String::new(),
        String::new(),
        overview.total.to_string(),
    ]);
    crate::spreadsheet::csv_in(dialect, rows)
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub fn markdown(overview: &Overview) -> String {
    let mut out = format!(
        "## Overzicht uitgezonden politiefunctionarissen (peildatum {})\n\n",
        date_dutch(overview.as_of)
    );
    if let Some(at) = &overview.as_recorded_at {
        out.push_str(&format!("_Zoals vastgelegd op {at}._\n\n"));
    }
    out.push_str(
        "| Missienaam | Land | Standplaats | Aantal uitgezonden politiefunctionarissen |\n",
    );
    out.push_str("|---|---|---|---:|\n");
    for m in &overview.missions {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&m.mission),
            cell(&m.country),
            cell(&m.station),
            m.officers
        ));
    }
    out.push_str(&format!("| **Totaal** | | | **{}** |\n", overview.total));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use grenzeloos_app::overview::OverviewRow;

    fn overview() -> Overview {
        Overview {
            as_of: "2023-11-24".parse().unwrap(),
            as_recorded_at: None,
            missions: vec![
                OverviewRow {
                    mission_id: "1".into(),
                    mission: "EUBAM Libië".into(),
                    country: "Libië".into(),
                    station: "Tunesië".into(),
                    officers: 1,
                },
                OverviewRow {
                    mission_id: "2".into(),
                    mission: "EUPOL COPPS".into(),
                    country: "Palestijnse gebieden".into(),
                    station: "Palestijnse gebieden, Westelijke Jordaanoever".into(),
                    officers: 3,
                },
            ],
            total: 4,
        }
    }

    #[test]
    fn markdown_prints_the_annex_table() {
        assert_eq!(
            markdown(&overview()),
            "## Overzicht uitgezonden politiefunctionarissen (peildatum 24 november 2023)\n\n\
             | Missienaam | Land | Standplaats | Aantal uitgezonden politiefunctionarissen |\n\
             |---|---|---|---:|\n\
             | EUBAM Libië | Libië | Tunesië | 1 |\n\
             | EUPOL COPPS | Palestijnse gebieden | Palestijnse gebieden, Westelijke Jordaanoever | 3 |\n\
             | **Totaal** | | | **4** |\n"
        );
    }

    #[test]
    fn csv_quotes_commas_and_ends_with_the_total() {
        let text = csv(&overview());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Missienaam,Land,Standplaats,Aantal uitgezonden politiefunctionarissen"
        );
        assert_eq!(
            lines[2],
            "EUPOL COPPS,Palestijnse gebieden,\"Palestijnse gebieden, Westelijke Jordaanoever\",3"
        );
        assert_eq!(lines[3], "Totaal,,,4");
    }

    #[test]
    fn csv_shows_a_formula_in_a_name_as_text() {
        let mut overview = overview();
        overview.missions[0].mission = "=cmd|' /C calc'!A0".into();
        overview.missions[0].station = "-1+1".into();
        let text = csv(&overview);
        assert_eq!(
            text.lines().nth(1),
            Some("'=cmd|' /C calc'!A0,Libië,'-1+1,1")
        );
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!(Format::parse("MD"), Some(Format::Markdown));
        assert_eq!(Format::parse("pdf"), None);
    }
}
