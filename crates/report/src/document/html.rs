//! The document as one self-contained HTML5 page: inline CSS, charts as inline SVG with their
//! data in a `<details>` table, print CSS for A4 with the running footer and page numbers.
//! No script, no link, no external asset of any kind (the system runs in a closed network).

use std::fmt::Write as _;

use super::{Block, Chart, Document, NO_ROWS, Table, escape_xml as esc, printable, svg};

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, sans-serif; line-height: 1.45; color: #1a1a1a; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
header.title-block { border-bottom: 2px solid #154273; margin-bottom: 1.5rem; padding-bottom: 1rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; color: #154273; }
.subtitle { font-size: 1.15rem; margin: 0 0 1rem; }
dl.metadata { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; font-size: .95rem; }
dl.metadata dt { font-weight: 600; }
dl.metadata dd { margin: 0; }
h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; color: #154273; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .4rem; }
p { white-space: pre-line; }
figure { margin: 1rem 0 1.5rem; }
figcaption, caption { font-weight: 600; text-align: left; margin-bottom: .4rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
thead th { border-bottom: 2px solid #555; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid #555; border-bottom: none; }
td.none { font-style: italic; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
details { margin-top: .5rem; }
summary { cursor: pointer; }
footer.running-footer { margin-top: 3rem; border-top: 1px solid #ccc; padding-top: .5rem; font-size: .85rem; color: #555; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  /* Print the chart data even though the details element is closed on screen (newer browsers). */
  details::details-content { content-visibility: visible; display: block; }
  summary { display: none; }
  footer.running-footer { display: none; }
}
"#;

/// The document as an HTML page. Deterministic: the same document gives the same text.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&page_title(doc)));
    let _ = writeln!(out, "<style>{STYLE}{}</style>", print_page_rule(doc));
    out.push_str("</head>\n<body>\n<header class=\"title-block\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(&doc.title));
    if !doc.subtitle.trim().is_empty() {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", esc(&doc.subtitle));
    }
    if !doc.metadata.is_empty() {
        out.push_str("<dl class=\"metadata\">\n");
        for (label, value) in &doc.metadata {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(label), esc(value));
        }
        out.push_str("</dl>\n");
    }
    out.push_str("</header>\n<main>\n");
    for section in &doc.sections {
        out.push_str("<section>\n");
        let _ = writeln!(out, "<h2>{}</h2>", esc(&section.heading));
        for block in &section.blocks {
            match block {
                Block::Subheading(text) => {
                    let _ = writeln!(out, "<h3>{}</h3>", esc(text));
                }
                Block::Paragraph(text) => {
                    if !text.trim().is_empty() {
                        let _ = writeln!(out, "<p>{}</p>", esc(text.trim()));
                    }
                }
                Block::List(items) => {
                    if !items.is_empty() {
                        out.push_str("<ul>\n");
                        for item in items {
                            let _ = writeln!(out, "<li>{}</li>", esc(item));
                        }
                        out.push_str("</ul>\n");
                    }
                }
                Block::Table(table) => {
                    out.push_str("<figure class=\"table\">\n");
                    write_table(&mut out, table, true);
                    out.push_str("</figure>\n");
                }
                Block::Chart(chart) => write_chart(&mut out, chart),
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");
    if !doc.running_footer.trim().is_empty() {
        let _ = writeln!(
            out,
            "<footer class=\"running-footer\">{}</footer>",
            esc(&doc.running_footer)
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn page_title(doc: &Document) -> String {
    match (doc.title.trim(), doc.subtitle.trim()) {
        (title, "") => title.to_owned(),
        (title, subtitle) => format!("{title} – {subtitle}"),
    }
}

/// A4 pages with the running footer bottom left and "Pagina N van M" bottom right, in the
/// page margin boxes (so they repeat on every printed page). The footer text goes into a
/// CSS string, escaped for that.
fn print_page_rule(doc: &Document) -> String {
    format!(
        "@page {{ size: A4; margin: 2cm 2cm 2.5cm;\n  \
         @bottom-left {{ content: {}; font: 8.5pt system-ui, sans-serif; color: #555; }}\n  \
         @bottom-right {{ content: \"Pagina \" counter(page) \" van \" counter(pages); \
         font: 8.5pt system-ui, sans-serif; color: #555; }} }}\n",
        css_string(&doc.running_footer)
    )
}

/// A double-quoted CSS string. Everything but letters, digits, space and harmless
/// punctuation is written as a hex escape, so neither a quote nor `</style>` can end it.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in printable(text) {
        if c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | '-' | ':' | '(' | ')') {
            out.push(c);
        } else {
            // The trailing space ends the escape; CSS swallows it.
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

fn write_chart(out: &mut String, chart: &Chart) {
    out.push_str("<figure class=\"chart\">\n");
    if !chart.caption().trim().is_empty() {
        let _ = writeln!(out, "<figcaption>{}</figcaption>", esc(chart.caption()));
    }
    out.push_str(&svg::render(chart));
    out.push_str("\n<details>\n<summary>Gegevens bij de figuur</summary>\n");
    write_table(out, &chart.data_table(), false);
    out.push_str("</details>\n</figure>\n");
}

fn write_table(out: &mut String, table: &Table, with_caption: bool) {
    let width = table.width();
    out.push_str("<table>\n");
    if with_caption && !table.caption.trim().is_empty() {
        let _ = writeln!(out, "<caption>{}</caption>", esc(&table.caption));
    }
    let columns: Vec<_> = (0..width).map(|i| table.column(i)).collect();
    let class = |i: usize| {
        if columns.get(i).is_some_and(|c| c.numeric) {
            " class=\"num\""
        } else {
            ""
        }
    };
    if width > 0 {
        out.push_str("<thead><tr>");
        for (i, column) in columns.iter().enumerate() {
            let _ = write!(
                out,
                "<th scope=\"col\"{}>{}</th>",
                class(i),
                esc(&column.title)
            );
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    if table.rows.is_empty() {
        let _ = writeln!(
            out,
            "<tr><td class=\"none\" colspan=\"{}\">{NO_ROWS}</td></tr>",
            width.max(1)
        );
    }
    for row in &table.rows {
        out.push_str("<tr>");
        for (i, text) in table.padded(row).into_iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(i), esc(text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n");
    if let Some(total) = &table.total {
        out.push_str("<tfoot><tr class=\"total\">");
        for (i, text) in table.padded(total).into_iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", class(i), esc(text));
        }
        out.push_str("</tr></tfoot>\n");
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_be_broken_out_of() {
        assert_eq!(css_string("Peildatum 17 april"), "\"Peildatum 17 april\"");
        assert_eq!(
            css_string("a\"b\\c</style>"),
            r#""a\22 b\5c c\3c \2f style\3e ""#
        );
        assert_eq!(css_string("é"), "\"é\"");
    }
}
