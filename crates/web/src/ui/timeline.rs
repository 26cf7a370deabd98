//! A timeline as inline SVG, drawn on the server like the charts: one row per item, a bar over
//! the years it runs, coloured by kind; a title for the whole and one per bar, so a screen
//! reader can read it, and links to the items.

use jiff::civil::Date;

/// One bar.
pub struct Bar {
    /// The kind's code: the bar's CSS class (`tl-agreement`).
    pub kind: &'static str,
    /// The kind for people ("Overeenkomst").
    pub kind_label: String,
    pub label: String,
    pub start: Date,
    /// `None`: still running.
    pub end: Option<Date>,
    pub href: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

/// Days since the start of `first_year`.
fn offset(date: Date, first_year: i16) -> i64 {
    let start = Date::new(first_year, 1, 1).unwrap_or(date);
    (date - start).get_days().into()
}

/// The timeline of `bars` up to `today`; `ongoing` is the word for an open end.
pub fn timeline(title: &str, ongoing: &str, bars: &[Bar], today: Date) -> String {
    const LABEL: i64 = 300;
    const PLOT: i64 = 600;
    const ROW: i64 = 24;
    const TOP: i64 = 28;
    let first = bars
        .iter()
        .map(|b| b.start.year())
        .min()
        .unwrap_or(today.year());
    let last = bars
        .iter()
        .map(|b| b.end.unwrap_or(today).max(b.start).year())
        .max()
        .unwrap_or(today.year())
        .max(today.year());
    let years = i64::from(last - first) + 1;
    let end = Date::new(last, 12, 31).unwrap_or(today);
    let span = offset(end, first).max(1);
    let x = |date: Date| LABEL + offset(date, first).clamp(0, span) * PLOT / span;
    let height = TOP + ROW * bars.len() as i64 + 8;
    let width = LABEL + PLOT + 10;
    // A group, not an image: an image hides its bars, which are links, from a screen reader.
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline-chart\" viewBox=\"0 0 {width} {height}\" role=\"group\" aria-labelledby=\"timeline-title\">\
         <title id=\"timeline-title\">{}</title>",
        escape(title)
    );
    // Year lines, labelled when there is room.
    let step = (years / 12 + 1).max(1);
    for (i, year) in (first..=last).enumerate() {
        let Ok(jan) = Date::new(year, 1, 1) else {
            continue;
        };
        let left = x(jan);
        svg.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{}\" x2=\"{left}\" y2=\"{height}\" class=\"tl-grid\"/>",
            TOP - 6
        ));
        if i as i64 % step == 0 {
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" class=\"tl-year\">{year}</text>",
                left + 3,
                TOP - 10
            ));
        }
    }
    let now = x(today);
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * i as i64;
        let left = x(bar.start);
        let right = x(bar.end.unwrap_or(today).max(bar.start));
        let length = (right - left).max(4);
        let period = format!(
            "{} – {}",
            bar.start,
            bar.end
                .map_or_else(|| ongoing.to_string(), |e| e.to_string())
        );
        svg.push_str(&format!(
            "<a href=\"{href}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"tl-label\">{}</text>\
             <rect x=\"{left}\" y=\"{}\" width=\"{length}\" height=\"{}\" rx=\"3\" class=\"tl-bar tl-{}{}\">\
             <title>{}: {} ({period})</title></rect></a>",
            LABEL - 8,
            y + 15,
            escape(&shorten(&bar.label, 38)),
            y + 4,
            ROW - 8,
            bar.kind,
            if bar.end.is_none() { " tl-open" } else { "" },
            escape(&bar.kind_label),
            escape(&bar.label),
            href = escape(&bar.href),
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"{now}\" y1=\"{}\" x2=\"{now}\" y2=\"{height}\" class=\"tl-today\"/></svg>",
        TOP - 6
    ));
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(kind: &'static str, label: &str, start: &str, end: Option<&str>) -> Bar {
        Bar {
            kind,
            kind_label: kind.to_string(),
            label: label.to_string(),
            start: start.parse().unwrap(),
            end: end.map(|e| e.parse().unwrap()),
            href: "/x?a=1&b=2".to_string(),
        }
    }

    #[test]
    fn bars_run_over_the_years_with_titles_and_escaped_text() {
        let today: Date = "2024-06-30".parse().unwrap();
        let svg = timeline(
            "Tijdlijn België",
            "lopend",
            &[
                bar("agreement", "Benelux-politieverdrag", "2023-10-01", None),
                bar(
                    "assistance",
                    "Euro <2024>",
                    "2024-06-14",
                    Some("2024-07-14"),
                ),
            ],
            today,
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"timeline-title\">Tijdlijn België</title>"));
        assert!(svg.contains(">2023</text>") && svg.contains(">2024</text>"));
        assert!(svg.contains("Euro &lt;2024&gt;"));
        assert!(svg.contains("2023-10-01 – lopend"));
        assert!(svg.contains("tl-bar tl-agreement tl-open"));
        assert!(svg.contains("href=\"/x?a=1&amp;b=2\""));
    }

    #[test]
    fn an_empty_timeline_is_still_valid() {
        let svg = timeline("t", "-", &[], "2024-01-01".parse().unwrap());
        assert!(svg.contains("tl-today") && svg.ends_with("</svg>"));
    }
}
