//! Charts as inline SVG, drawn on the server: accessible (a title and a text alternative) and
//! readable without JavaScript.

/// Escapes text for SVG/XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of labelled counts, titled by the element `chart-title` (one such
/// chart on a page; [`bars_in`] for more).
pub fn bars(title: &str, rows: &[(String, i64)]) -> String {
    bars_in("chart-title", title, rows)
}

/// A horizontal bar chart of labelled counts whose title has the id `id`, so that a page can
/// hold several.
pub fn bars_in(id: &str, title: &str, rows: &[(String, i64)]) -> String {
    let noted: Vec<(String, String, i64)> = rows
        .iter()
        .map(|(label, value)| (label.clone(), label.clone(), *value))
        .collect();
    noted_bars(id, title, &noted)
}

/// The opening of a chart's `<svg>`, labelled by its `<title>` (read as one image).
fn open_svg(id: &str, title: &str, width: i64, height: i64) -> String {
    let id = escape(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}\">\
         <title id=\"{id}\">{}</title>",
        escape(title)
    )
}

const LABEL: i64 = 230;
const BAR: i64 = 360;
const ROW: i64 = 26;

/// A horizontal bar chart of counts, each `(label, note, count)`: the label beside the bar, the
/// note (a longer text, e.g. the article a code stands for) in the bar's `<title>`.
pub fn noted_bars(id: &str, title: &str, rows: &[(String, String, i64)]) -> String {
    let max = rows.iter().map(|(_, _, v)| *v).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as i64 + 10;
    let width = LABEL + BAR + 50;
    let mut svg = open_svg(id, title, width, height);
    for (i, (label, note, value)) in rows.iter().enumerate() {
        let y = i as i64 * ROW + 5;
        let length = value * BAR / max;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{length}\" height=\"{}\" class=\"chart-bar\"><title>{}: {value}</title></rect>\
             <text x=\"{}\" y=\"{}\" class=\"chart-value\">{value}</text>",
            LABEL - 8,
            y + 15,
            escape(label),
            ROW - 8,
            escape(note),
            LABEL + length + 6,
            y + 15,
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// One bar of a [`stacked_bars`] chart: its label and its parts, one per series.
pub struct Stack {
    pub label: String,
    pub parts: Vec<i64>,
}

/// A horizontal stacked bar chart: each bar the sum of its parts, one part per series, in the
/// series' colour (`chart-bar s0`, `s1`, … in the stylesheet) with a legend above the bars.
/// Every part has a `<title>` (label, series, count) and every bar its total beside it; the
/// page shows the same numbers in a table.
pub fn stacked_bars(id: &str, title: &str, series: &[String], bars: &[Stack]) -> String {
    const LEGEND: i64 = 30;
    let total = |b: &Stack| b.parts.iter().sum::<i64>();
    let max = bars.iter().map(total).max().unwrap_or(0).max(1);
    let height = LEGEND + ROW * bars.len() as i64 + 10;
    let width = LABEL + BAR + 50;
    let mut svg = open_svg(id, title, width, height);
    // The legend: a swatch and the series' name, side by side.
    let mut x = LABEL;
    for (s, name) in series.iter().enumerate() {
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"6\" width=\"14\" height=\"14\" class=\"chart-bar s{s}\"></rect>\
             <text x=\"{}\" y=\"18\" class=\"chart-label\">{}</text>",
            x + 20,
            escape(name)
        ));
        // Room for the name at about 8 units a character, and a gap.
        x += 20 + 8 * name.chars().count() as i64 + 24;
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = LEGEND + i as i64 * ROW + 5;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text>",
            LABEL - 8,
            y + 15,
            escape(&bar.label)
        ));
        let mut start = LABEL;
        let mut sum = 0;
        for (s, value) in bar.parts.iter().enumerate() {
            // Each end is placed from the running sum, so the parts add up to the whole bar.
            sum += value;
            let end = LABEL + sum * BAR / max;
            if *value > 0 {
                svg.push_str(&format!(
                    "<rect x=\"{start}\" y=\"{y}\" width=\"{}\" height=\"{}\" class=\"chart-bar s{s}\"><title>{} – {}: {value}</title></rect>",
                    end - start,
                    ROW - 8,
                    escape(&bar.label),
                    escape(series.get(s).map_or("", String::as_str)),
                ));
            }
            start = end;
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" class=\"chart-value\">{sum}</text>",
            start + 6,
            y + 15
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars("Officers", &[("A & B".into(), 5), ("C".into(), 1)]);
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("width=\"360\""));
        assert!(svg.contains("width=\"72\""));
        assert!(svg.contains("<title id=\"chart-title\">Officers</title>"));
    }

    #[test]
    fn an_empty_chart_is_still_valid() {
        assert!(bars("x", &[]).ends_with("</svg>"));
        assert!(stacked_bars("y", "y", &[], &[]).ends_with("</svg>"));
    }

    #[test]
    fn several_charts_on_a_page_have_their_own_titles() {
        let svg = bars_in("chart-refused", "Refused", &[("a".into(), 1)]);
        assert!(svg.contains("aria-labelledby=\"chart-refused\""));
        assert!(svg.contains("<title id=\"chart-refused\">Refused</title>"));
        let svg = noted_bars("n", "N", &[("(g)".into(), "Art 6(1)(g) & more".into(), 2)]);
        assert!(svg.contains("<title>Art 6(1)(g) &amp; more: 2</title>"));
    }

    #[test]
    fn stacked_parts_add_up_to_the_bar_with_a_legend() {
        let series = vec!["urgent".to_string(), "non-urgent".to_string()];
        let svg = stacked_bars(
            "chart-received",
            "Received",
            &series,
            &[
                Stack {
                    label: "BE".into(),
                    parts: vec![1, 2],
                },
                Stack {
                    label: "DE".into(),
                    parts: vec![0, 1],
                },
            ],
        );
        // The legend: one swatch per series.
        assert!(svg.contains(">urgent</text>") && svg.contains(">non-urgent</text>"));
        // BE: 1 of 3 then 2 of 3 of the 360 units; DE's empty urgent part is left out.
        assert!(svg.contains("x=\"230\" y=\"35\" width=\"120\" height=\"18\" class=\"chart-bar s0\"><title>BE – urgent: 1</title>"));
        assert!(
            svg.contains("x=\"350\" y=\"35\" width=\"240\" height=\"18\" class=\"chart-bar s1\">")
        );
        assert!(!svg.contains("DE – urgent"));
        assert!(svg.contains("<title>DE – non-urgent: 1</title>"));
        assert!(svg.contains(">3</text>"));
    }
}
