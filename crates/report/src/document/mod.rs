//! A format-independent document: title block, sections of headings, paragraphs, lists,
//! tables and charts. Report code fills a [`Document`]; the renderers in this module turn it
//! into Markdown, HTML (with inline SVG charts) or PDF (typst, in-process).
//!
//! All text in the model is plain text. Every renderer escapes it for its own format, so a
//! caller never has to think about `*`, `<` or `#` in a mission name.

pub mod html;
pub mod markdown;
pub mod pdf;
pub mod svg;

/// A whole report, e.g. the half-year annex "Internationale politiesamenwerking".
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// "Internationale politiesamenwerking"
    pub title: String,
    /// "Bijlage bij het eerste halfjaarbericht politie 2024"
    pub subtitle: String,
    /// The "peildatum": the date the figures describe. The PDF uses it as "today", so a
    /// re-render of the same document gives the same file.
    pub reference_date: jiff::civil::Date,
    /// Printed on every PDF page next to "Pagina N van M", e.g. "Peildatum 17 april 2024".
    pub running_footer: String,
    /// Label/value pairs under the title, e.g. ("Datum", "19 juni 2024").
    pub metadata: Vec<(String, String)>,
    pub sections: Vec<Section>,
}

/// A chapter of the document under its own (unnumbered) heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Subheading(String),
    /// Plain text; renderers escape it for their format.
    Paragraph(String),
    /// A bulleted list of plain-text items.
    List(Vec<String>),
    Table(Table),
    Chart(Chart),
}

/// A table with a header row, body rows and an optional total row (printed bold).
///
/// Rows may be shorter or longer than `columns`: renderers pad them with empty cells (and
/// add untitled columns), so a caller's mistake shows up in the output instead of a panic.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Numeric columns are right-aligned.
    pub numeric: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Grouped bars: one group per category, one bar per series (e.g. assistance
    /// given/received per partner; women/men per mission).
    Bars {
        caption: String,
        series: Vec<String>,
        groups: Vec<(String, Vec<f64>)>,
    },
    /// Lines over a shared x axis (e.g. officers deployed per mission per month).
    Lines {
        caption: String,
        x: Vec<String>,
        series: Vec<(String, Vec<f64>)>,
    },
}

/// The word a table shows instead of rows when it has none, as the annex prints it.
pub const NO_ROWS: &str = "geen";

impl Document {
    /// A document with a title block and no sections yet.
    pub fn new(
        title: impl Into<String>,
        subtitle: impl Into<String>,
        reference_date: jiff::civil::Date,
        running_footer: impl Into<String>,
    ) -> Document {
        Document {
            title: title.into(),
            subtitle: subtitle.into(),
            reference_date,
            running_footer: running_footer.into(),
            metadata: Vec::new(),
            sections: Vec::new(),
        }
    }
}

impl Section {
    pub fn new(heading: impl Into<String>) -> Section {
        Section {
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }
}

impl Column {
    /// A left-aligned text column.
    pub fn text(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            numeric: false,
        }
    }

    /// A right-aligned number column.
    pub fn numeric(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            numeric: true,
        }
    }
}

impl Table {
    /// How many columns the rendered table has: the declared columns, or more if some row
    /// (or the total) is longer.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .chain(self.total.as_ref())
            .map(Vec::len)
            .chain([self.columns.len()])
            .max()
            .unwrap_or(0)
    }

    /// The column at `index`, or an untitled text column past the declared ones.
    pub fn column(&self, index: usize) -> Column {
        self.columns
            .get(index)
            .cloned()
            .unwrap_or_else(|| Column::text(""))
    }

    /// `row` padded with empty cells to [`Table::width`].
    pub fn padded<'a>(&self, row: &'a [String]) -> Vec<&'a str> {
        let mut cells: Vec<&str> = row.iter().map(String::as_str).collect();
        cells.resize(self.width().max(cells.len()), "");
        cells
    }
}

impl Chart {
    pub fn caption(&self) -> &str {
        match self {
            Chart::Bars { caption, .. } | Chart::Lines { caption, .. } => caption,
        }
    }

    /// The names of the series, in legend (and colour) order.
    pub fn series_names(&self) -> Vec<&str> {
        match self {
            Chart::Bars { series, .. } => series.iter().map(String::as_str).collect(),
            Chart::Lines { series, .. } => series.iter().map(|(name, _)| name.as_str()).collect(),
        }
    }

    /// Everything the chart shows, as a table: for bars one row per category and one numeric
    /// column per series; for lines one row per series (a mission) and one column per x value
    /// (a month), so that long series names are read down the first column instead of being
    /// squeezed into column headers. Missing values print as empty cells.
    /// Every renderer prints this next to (or instead of) the picture, so no figure is
    /// only available to people who can see it.
    pub fn data_table(&self) -> Table {
        let mut columns = vec![Column::text("")];
        let rows = match self {
            Chart::Bars { series, groups, .. } => {
                columns.extend(series.iter().map(|name| Column::numeric(name.as_str())));
                groups
                    .iter()
                    .map(|(label, values)| {
                        let mut row = vec![label.clone()];
                        row.extend((0..series.len()).map(|i| cell(values.get(i))));
                        row
                    })
                    .collect()
            }
            Chart::Lines { x, series, .. } => {
                columns.extend(x.iter().map(|label| Column::numeric(label.as_str())));
                series
                    .iter()
                    .map(|(name, values)| {
                        let mut row = vec![name.clone()];
                        row.extend((0..x.len()).map(|i| cell(values.get(i))));
                        row
                    })
                    .collect()
            }
        };
        Table {
            caption: self.caption().to_owned(),
            columns,
            rows,
            total: None,
        }
    }
}

fn cell(value: Option<&f64>) -> String {
    value.map(|v| format_number(*v)).unwrap_or_default()
}

/// A number the Dutch way: decimal comma, at most two decimals, no trailing zeros
/// (`12`, `12,5`, `0,33`, `-3`). Not-a-number and infinities print as "–".
pub fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    // "-0.00" rounds to "-0": print zero without a sign.
    let text = if text == "-0" { "0" } else { text };
    text.replace('.', ",")
}

/// Removes characters that are not allowed in XML 1.0 (and so not in SVG, and not sensible
/// in HTML or PDF text): the C0 controls except tab, newline and carriage return. A stray
/// control character from a pasted text must not make a whole report unrenderable.
pub(crate) fn printable(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
}

/// Escapes text for XML and HTML content and attribute values (both quote styles).
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_dutch_and_short() {
        assert_eq!(format_number(12.0), "12");
        assert_eq!(format_number(12.5), "12,5");
        assert_eq!(format_number(1.0 / 3.0), "0,33");
        assert_eq!(format_number(-3.0), "-3");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(f64::NAN), "–");
        assert_eq!(format_number(f64::INFINITY), "–");
    }

    #[test]
    fn ragged_rows_are_padded_to_the_widest() {
        let table = Table {
            caption: String::new(),
            columns: vec![Column::text("a"), Column::numeric("b")],
            rows: vec![vec!["x".into()], vec!["1".into(), "2".into(), "3".into()]],
            total: None,
        };
        assert_eq!(table.width(), 3);
        assert_eq!(table.padded(&table.rows[0]), ["x", "", ""]);
        assert_eq!(table.column(2), Column::text(""));
        assert!(table.column(1).numeric);
    }

    #[test]
    fn chart_data_table_has_one_row_per_series_of_lines_and_blank_for_missing() {
        let chart = Chart::Lines {
            caption: "c".into(),
            x: vec!["jan".into(), "feb".into()],
            series: vec![("A".into(), vec![1.0, 2.5]), ("B".into(), vec![3.0])],
        };
        let table = chart.data_table();
        assert_eq!(table.columns.len(), 3);
        assert_eq!(table.columns[1].title, "jan");
        assert_eq!(table.rows, [["A", "1", "2,5"], ["B", "3", ""]]);
        let bars = Chart::Bars {
            caption: "c".into(),
            series: vec!["gegeven".into(), "ontvangen".into()],
            groups: vec![("BE".into(), vec![2.0, 1.0])],
        };
        assert_eq!(bars.data_table().rows, [["BE", "2", "1"]]);
    }

    #[test]
    fn xml_escaping_covers_markup_and_drops_controls() {
        assert_eq!(
            escape_xml("a<b>&\"c'\u{0}\u{7}d\n"),
            "a&lt;b&gt;&amp;&quot;c&#39;d\n"
        );
    }
}
