//! Grenzeloos reports: the documents produced from the registry, in the formats people use.

pub mod annex;
pub mod deployments;
pub mod document;
pub mod roster;
pub mod spreadsheet;

/// An output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    /// The CSV for Excel: `;`, CRLF, a byte order mark ([`spreadsheet::Dialect::Excel`]).
    ExcelCsv,
    Markdown,
}

impl Format {
    pub fn parse(value: &str) -> Option<Format> {
        match value.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "excel" | "csv-excel" => Some(Format::ExcelCsv),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv | Format::ExcelCsv => "text/csv; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv | Format::ExcelCsv => "csv",
            Format::Markdown => "md",
        }
    }

    /// How a file name in this format ends: `.csv`, or `-excel.csv` beside it.
    pub fn file_end(self) -> String {
        match self {
            Format::ExcelCsv => spreadsheet::Dialect::Excel.suffix().to_string(),
            other => format!(".{}", other.extension()),
        }
    }
}
