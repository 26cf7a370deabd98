//! Charts as inline SVG, drawn on the server: accessible (a title and a text alternative) and
//! readable without JavaScript.

/// Escapes text for SVG/XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart of labelled counts.
pub fn bars(title: &str, rows: &[(String, i64)]) -> String {
    const LABEL: i64 = 230;
    const BAR: i64 = 360;
    const ROW: i64 = 26;
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as i64 + 10;
    let width = LABEL + BAR + 50;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-title\">\
         <title id=\"chart-title\">{}</title>",
        escape(title)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
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
            escape(label),
            LABEL + length + 6,
            y + 15,
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
    }
}
