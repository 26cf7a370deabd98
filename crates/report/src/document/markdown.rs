//! The document as GitHub-flavoured Markdown: headings, lists, pipe tables (numeric columns
//! right-aligned), charts as their data table. Text is escaped so that it prints literally.

use super::{Block, Chart, Document, NO_ROWS, Table, printable};

/// The document as Markdown. Deterministic: the same document gives the same text.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", inline(&doc.title)));
    if !doc.subtitle.trim().is_empty() {
        out.push_str(&format!("**{}**\n\n", inline(&doc.subtitle)));
    }
    if !doc.metadata.is_empty() {
        for (label, value) in &doc.metadata {
            out.push_str(&format!("- {}: {}\n", inline(label), inline(value)));
        }
        out.push('\n');
    }
    for section in &doc.sections {
        out.push_str(&format!("## {}\n\n", inline(&section.heading)));
        for block in &section.blocks {
            match block {
                Block::Subheading(text) => out.push_str(&format!("### {}\n\n", inline(text))),
                Block::Paragraph(text) => {
                    let text = paragraph(text);
                    if !text.is_empty() {
                        out.push_str(&text);
                        out.push_str("\n\n");
                    }
                }
                Block::List(items) => {
                    for item in items {
                        out.push_str(&format!("- {}\n", inline(item)));
                    }
                    if !items.is_empty() {
                        out.push('\n');
                    }
                }
                Block::Table(table) => write_table(&mut out, table, "Tabel"),
                // Markdown has no pictures of its own: the chart is its data.
                Block::Chart(chart) => write_chart(&mut out, chart),
            }
        }
    }
    if !doc.running_footer.trim().is_empty() {
        out.push_str(&format!("---\n\n*{}*\n", inline(&doc.running_footer)));
    }
    out
}

fn write_chart(out: &mut String, chart: &Chart) {
    write_table(out, &chart.data_table(), "Figuur");
}

fn write_table(out: &mut String, table: &Table, kind: &str) {
    if !table.caption.trim().is_empty() {
        out.push_str(&format!("**{kind}: {}**\n\n", inline(&table.caption)));
    }
    let width = table.width();
    if width == 0 {
        out.push_str(&format!("*{NO_ROWS}*\n\n"));
        return;
    }
    let columns: Vec<_> = (0..width).map(|i| table.column(i)).collect();
    let header: Vec<String> = columns.iter().map(|c| cell(&c.title)).collect();
    out.push_str(&row_line(&header));
    let rule: Vec<String> = columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" }.to_owned())
        .collect();
    out.push_str(&row_line(&rule));
    if table.rows.is_empty() {
        let mut cells = vec![format!("*{NO_ROWS}*")];
        cells.resize(width, String::new());
        out.push_str(&row_line(&cells));
    }
    for row in &table.rows {
        let cells: Vec<String> = table.padded(row).into_iter().map(cell).collect();
        out.push_str(&row_line(&cells));
    }
    if let Some(total) = &table.total {
        let cells: Vec<String> = table
            .padded(total)
            .into_iter()
            .map(|c| match cell(c) {
                empty if empty.is_empty() => empty,
                text => format!("**{text}**"),
            })
            .collect();
        out.push_str(&row_line(&cells));
    }
    out.push('\n');
}

fn row_line(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// A table cell: one line (the column separator `|` is among the escaped characters).
fn cell(text: &str) -> String {
    inline(text)
}

/// Text on one line (headings, list items, cells): whitespace runs, newlines included,
/// become one space, then the text is escaped.
fn inline(text: &str) -> String {
    let text: String = printable(text).collect();
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    escape_line(&one_line)
}

/// A paragraph keeps its line breaks (as hard breaks); each line is escaped on its own,
/// because some Markdown constructs (headings, lists, quotes) only start a line.
fn paragraph(text: &str) -> String {
    let text: String = printable(text).collect();
    text.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .map(|line| escape_line(&line))
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// Escapes one trimmed line of text so that GitHub renders it literally.
///
/// Backslash-escapes the ASCII punctuation with inline meaning (emphasis, code, links,
/// HTML, math, strikethrough, mentions, tables) everywhere, and the characters that only
/// mean something at the start of a line (list bullets, ordered-list numbers, setext
/// underlines) only there, so ordinary text like "1.200" or "Benelux-verdrag" stays readable.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '&'
                | '$'
                | '~'
                | '@'
                | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A line starting with "-", "+" or "=" (list, setext heading) or "12." / "12)"
    // (ordered list, only when a space or the end follows) would change meaning.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        let rest = &out[digits..];
        let marker = rest.starts_with(['.', ')']);
        if digits > 0 && marker && rest[1..].chars().next().is_none_or(char::is_whitespace) {
            out.insert(digits, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape_line(r"a*b_c`d[e](f)<g>#h\i|j$k~l@m!n&o"),
            r"a\*b\_c\`d\[e\](f)\<g\>\#h\\i\|j\$k\~l\@m\!n\&o"
        );
    }

    #[test]
    fn line_start_constructs_are_escaped_only_at_the_start() {
        assert_eq!(escape_line("- geen lijst"), r"\- geen lijst");
        assert_eq!(escape_line("+ geen"), r"\+ geen");
        assert_eq!(escape_line("2024. Geen lijst"), r"2024\. Geen lijst");
        assert_eq!(escape_line("3) geen"), r"3\) geen");
        assert_eq!(escape_line("1.200 agenten"), "1.200 agenten");
        assert_eq!(escape_line("7."), r"7\.");
        assert_eq!(escape_line("Benelux-verdrag 1.2"), "Benelux-verdrag 1.2");
    }

    #[test]
    fn paragraphs_keep_line_breaks_and_cells_are_one_line() {
        assert_eq!(paragraph("eerste\n# tweede\n\n"), "eerste\\\n\\# tweede");
        assert_eq!(cell("a |\n b"), r"a \| b");
    }
}
