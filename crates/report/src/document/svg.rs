//! Charts as self-contained SVG: no external fonts or assets (generic `sans-serif`), an
//! accessible name (`role="img"`, `aria-label`, `<title>`), a y axis with a few round ticks,
//! a legend, and the Okabe–Ito palette, which stays distinguishable for the common forms of
//! colour blindness. Lines also differ in dash pattern, so they survive greyscale printing.
//!
//! Output is deterministic: coordinates are printed with one decimal, numbers with
//! [`format_number`].
//!
//! The picture is never the only carrier of the figures: the HTML and PDF renderers print
//! [`Chart::data_table`] with it. Text widths are estimated (no font metrics here), so long
//! labels are shortened with "…" in the picture; the table has them in full.

use std::fmt::Write as _;

use super::{Chart, escape_xml, format_number};

/// Okabe & Ito (2008), "Color Universal Design", reordered so the first colours have good
/// contrast on white (the yellow comes late). Used in this order, then repeated.
pub const PALETTE: [&str; 8] = [
    "#0072B2", // blue
    "#E69F00", // orange
    "#009E73", // bluish green
    "#D55E00", // vermillion
    "#56B4E9", // sky blue
    "#CC79A7", // reddish purple
    "#F0E442", // yellow
    "#000000", // black
];

/// Dash patterns for line series, cycled with a different period than the palette.
const DASHES: [&str; 3] = ["", "6 3", "2 3"];

const WIDTH: f64 = 640.0;
const MARGIN_LEFT: f64 = 56.0;
const MARGIN_RIGHT: f64 = 16.0;
const MARGIN_TOP: f64 = 16.0;
const PLOT_HEIGHT: f64 = 240.0;
const FONT_SIZE: f64 = 12.0;
/// Average advance of a sans-serif character at [`FONT_SIZE`]; an estimate, on the wide side.
const CHAR_WIDTH: f64 = 6.8;
const LEGEND_ROW: f64 = 18.0;
const SWATCH: f64 = 12.0;
/// Above this many bars there is no room for a value label on each bar.
const MAX_LABELLED_BARS: usize = 40;

const TEXT: &str = "#222222";
const GRID: &str = "#d9d9d9";
const AXIS: &str = "#555555";

/// Above this many lines one plot becomes a tangle: each series gets a small plot of its own.
pub const MAX_LINES_IN_ONE_PLOT: usize = 5;

/// The chart as an SVG document (no XML declaration, so it can be inlined in HTML).
pub fn render(chart: &Chart) -> String {
    if let Chart::Lines { caption, x, series } = chart
        && series.len() > MAX_LINES_IN_ONE_PLOT
        && !x.is_empty()
    {
        return small_multiples(caption, x, series);
    }
    let series = chart.series_names();
    let legend = legend_layout(&series);
    let plot_bottom = MARGIN_TOP + PLOT_HEIGHT;
    let legend_top = plot_bottom + 36.0;
    let height = legend_top + legend.rows as f64 * LEGEND_ROW + 8.0;
    let caption = escape_xml(chart.caption());

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{caption}" font-family="sans-serif" font-size="{fs}" fill="{TEXT}">"#,
        w = n(WIDTH),
        h = n(height),
        fs = n(FONT_SIZE),
    );
    let _ = write!(out, "<title>{caption}</title>");
    let _ = write!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        n(WIDTH),
        n(height)
    );

    let values = all_values(chart);
    let has_data = match chart {
        Chart::Bars { series, groups, .. } => !series.is_empty() && !groups.is_empty(),
        Chart::Lines { x, series, .. } => !x.is_empty() && !series.is_empty(),
    };
    if has_data {
        let scale = Scale::new(&values);
        axis(&mut out, &scale);
        match chart {
            Chart::Bars { series, groups, .. } => bars(&mut out, &scale, series, groups),
            Chart::Lines { x, series, .. } => lines(&mut out, &scale, x, series),
        }
        // The zero line goes over the bars' bases so it reads as the axis.
        let zero = scale.y(0.0);
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{AXIS}" stroke-width="1"/>"#,
            n(MARGIN_LEFT),
            n(zero),
            n(WIDTH - MARGIN_RIGHT),
            n(zero)
        );
    } else {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle">Geen gegevens</text>"#,
            n(MARGIN_LEFT + plot_width() / 2.0),
            n(MARGIN_TOP + PLOT_HEIGHT / 2.0)
        );
    }

    write_legend(&mut out, chart, &legend, legend_top);
    out.push_str("</svg>");
    out
}

fn plot_width() -> f64 {
    WIDTH - MARGIN_LEFT - MARGIN_RIGHT
}

/// Coordinates and sizes with one decimal: deterministic and small.
fn n(value: f64) -> String {
    format!("{value:.1}")
}

/// Every finite value in the chart (non-finite ones are not drawn).
fn all_values(chart: &Chart) -> Vec<f64> {
    let values: Vec<f64> = match chart {
        Chart::Bars { series, groups, .. } => groups
            .iter()
            .flat_map(|(_, values)| values.iter().take(series.len()).copied())
            .collect(),
        Chart::Lines { x, series, .. } => series
            .iter()
            .flat_map(|(_, values)| values.iter().take(x.len()).copied())
            .collect(),
    };
    values.into_iter().filter(|v| v.is_finite()).collect()
}

/// The value axis: from a round number at or below min(0, smallest value) to a round number
/// at or above max(0, largest value), in steps of 1, 2 or 5 times a power of ten.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    min: f64,
    max: f64,
    step: f64,
}

impl Scale {
    fn new(values: &[f64]) -> Scale {
        let lo = values.iter().copied().fold(0.0_f64, f64::min);
        let hi = values.iter().copied().fold(0.0_f64, f64::max);
        // All zero (or nothing): an axis 0..1 rather than a division by zero.
        let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
        let raw_step = span / 5.0;
        let magnitude = 10f64.powf(raw_step.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw_step)
            .unwrap_or(10.0 * magnitude);
        let min = (lo / step).floor() * step;
        let max = ((lo + span) / step).ceil() * step;
        Scale { min, max, step }
    }

    fn y(&self, value: f64) -> f64 {
        let bottom = MARGIN_TOP + PLOT_HEIGHT;
        bottom - (value - self.min) / (self.max - self.min) * PLOT_HEIGHT
    }

    fn ticks(&self) -> Vec<f64> {
        let count = ((self.max - self.min) / self.step).round() as usize;
        (0..=count)
            .map(|i| self.min + i as f64 * self.step)
            .collect()
    }
}

fn axis(out: &mut String, scale: &Scale) {
    let right = WIDTH - MARGIN_RIGHT;
    for tick in scale.ticks() {
        let y = scale.y(tick);
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}" stroke-width="1"/>"#,
            n(MARGIN_LEFT),
            n(right),
            y = n(y)
        );
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            n(MARGIN_LEFT - 6.0),
            n(y + 4.0),
            escape_xml(&format_number(tick))
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{AXIS}" stroke-width="1"/>"#,
        n(MARGIN_TOP),
        n(MARGIN_TOP + PLOT_HEIGHT),
        x = n(MARGIN_LEFT)
    );
}

fn bars(out: &mut String, scale: &Scale, series: &[String], groups: &[(String, Vec<f64>)]) {
    let band = plot_width() / groups.len() as f64;
    let bar_width = band * 0.8 / series.len() as f64;
    // A hairline gap between neighbouring bars, unless the bars are hairlines themselves.
    let gap = if bar_width > 4.0 { 1.0 } else { 0.0 };
    let labelled = groups.len() * series.len() <= MAX_LABELLED_BARS && bar_width >= 14.0;
    let zero = scale.y(0.0);
    for (g, (label, values)) in groups.iter().enumerate() {
        let band_left = MARGIN_LEFT + g as f64 * band;
        for (s, name) in series.iter().enumerate() {
            let Some(value) = values.get(s).copied().filter(|v| v.is_finite()) else {
                continue;
            };
            let x = band_left + band * 0.1 + s as f64 * bar_width;
            let y = scale.y(value);
            let _ = write!(
                out,
                r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>"#,
                n(x),
                n(y.min(zero)),
                n(bar_width - gap),
                // A zero is drawn as a hairline on the axis: a rect of height 0 is invalid SVG
                // to some renderers (typst's usvg warns and drops it).
                n((y - zero).abs().max(0.5)),
                PALETTE[s % PALETTE.len()],
                escape_xml(&format!("{label}, {name}: {}", format_number(value)))
            );
            if labelled {
                // Above a positive bar, below a negative one.
                let label_y = if value >= 0.0 { y - 4.0 } else { y + 12.0 };
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}" text-anchor="middle" font-size="10">{}</text>"#,
                    n(x + (bar_width - gap) / 2.0),
                    n(label_y),
                    escape_xml(&format_number(value))
                );
            }
        }
        x_label(out, band_left + band / 2.0, label, band);
    }
}

fn lines(out: &mut String, scale: &Scale, x: &[String], series: &[(String, Vec<f64>)]) {
    let band = plot_width() / x.len() as f64;
    let px = |i: usize| MARGIN_LEFT + (i as f64 + 0.5) * band;

    // Label every k-th x value so the labels do not overlap.
    let longest = x.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    let every = (((longest * CHAR_WIDTH + 8.0) / band).ceil() as usize).max(1);
    for (i, label) in x.iter().enumerate().step_by(every) {
        x_label(out, px(i), label, band * every as f64);
    }

    for (s, (name, values)) in series.iter().enumerate() {
        let colour = PALETTE[s % PALETTE.len()];
        let dash = match DASHES[s % DASHES.len()] {
            "" => String::new(),
            pattern => format!(r#" stroke-dasharray="{pattern}""#),
        };
        // A missing or non-finite value breaks the line rather than dropping to zero.
        let points: Vec<Option<(f64, f64)>> = (0..x.len())
            .map(|i| {
                values
                    .get(i)
                    .copied()
                    .filter(|v| v.is_finite())
                    .map(|v| (px(i), scale.y(v)))
            })
            .collect();
        for run in points.split(Option::is_none) {
            let coords: Vec<String> = run
                .iter()
                .flatten()
                .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
                .collect();
            if coords.len() > 1 {
                let _ = write!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>"#,
                    coords.join(" ")
                );
            }
        }
        for (i, point) in points.iter().enumerate() {
            let (Some((cx, cy)), Some(value)) = (point, values.get(i)) else {
                continue;
            };
            let x_label = x.get(i).map(String::as_str).unwrap_or_default();
            let _ = write!(
                out,
                r#"<circle cx="{}" cy="{}" r="3" fill="{colour}"><title>{}</title></circle>"#,
                n(*cx),
                n(*cy),
                escape_xml(&format!("{name}, {x_label}: {}", format_number(*value)))
            );
        }
    }
}

const PANEL_COLUMNS: usize = 3;
const PANEL_GAP: f64 = 16.0;
const PANEL_TITLE: f64 = 18.0;
const PANEL_PLOT: f64 = 64.0;
const PANEL_FOOT: f64 = 18.0;

/// Small multiples: one small plot per series, three to a row, all on the same value scale and
/// the same x axis, so each line can be read on its own and compared by position. The name
/// heads each plot; the first and last x labels sit under it, and the last value is printed at
/// the line's end.
fn small_multiples(caption: &str, x: &[String], series: &[(String, Vec<f64>)]) -> String {
    let values: Vec<f64> = series
        .iter()
        .flat_map(|(_, values)| values.iter().take(x.len()).copied())
        .filter(|v| v.is_finite())
        .collect();
    let scale = Scale::new(&values);
    let panel_width = (WIDTH - PANEL_GAP * (PANEL_COLUMNS - 1) as f64) / PANEL_COLUMNS as f64;
    let panel_height = PANEL_TITLE + PANEL_PLOT + PANEL_FOOT;
    let rows = series.len().div_ceil(PANEL_COLUMNS);
    let height = rows as f64 * (panel_height + PANEL_GAP);
    let caption = escape_xml(caption);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{caption}" font-family="sans-serif" font-size="{fs}" fill="{TEXT}">"#,
        w = n(WIDTH),
        h = n(height),
        fs = n(FONT_SIZE - 1.0),
    );
    let _ = write!(out, "<title>{caption}</title>");
    let _ = write!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#ffffff"/>"##,
        n(WIDTH),
        n(height)
    );
    let label_room = 28.0;
    let plot_width = panel_width - label_room - 30.0;
    for (i, (name, series_values)) in series.iter().enumerate() {
        let left = (i % PANEL_COLUMNS) as f64 * (panel_width + PANEL_GAP);
        let top = (i / PANEL_COLUMNS) as f64 * (panel_height + PANEL_GAP);
        let plot_left = left + label_room;
        let plot_top = top + PANEL_TITLE;
        let y = |value: f64| {
            plot_top + PANEL_PLOT - (value - scale.min) / (scale.max - scale.min) * PANEL_PLOT
        };
        let step = if x.len() > 1 {
            plot_width / (x.len() - 1) as f64
        } else {
            0.0
        };
        let px = |k: usize| plot_left + k as f64 * step;
        let _ = write!(out, r#"<g class="panel">"#);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-weight="bold">{}</text>"#,
            n(left),
            n(top + 12.0),
            escape_xml(&fit(name, panel_width))
        );
        // The scale's bottom and top, the same in every panel.
        for tick in [scale.min, scale.max] {
            let _ = write!(
                out,
                r#"<line x1="{}" y1="{ty}" x2="{}" y2="{ty}" stroke="{GRID}" stroke-width="1"/><text x="{}" y="{}" text-anchor="end" font-size="9">{}</text>"#,
                n(plot_left),
                n(plot_left + plot_width),
                n(plot_left - 4.0),
                n(y(tick) + 3.0),
                escape_xml(&format_number(tick)),
                ty = n(y(tick)),
            );
        }
        let points: Vec<Option<(f64, f64, f64)>> = (0..x.len())
            .map(|k| {
                series_values
                    .get(k)
                    .copied()
                    .filter(|v| v.is_finite())
                    .map(|v| (px(k), y(v), v))
            })
            .collect();
        for run in points.split(Option::is_none) {
            let coords: Vec<String> = run
                .iter()
                .flatten()
                .map(|(cx, cy, _)| format!("{},{}", n(*cx), n(*cy)))
                .collect();
            if coords.len() > 1 {
                let _ = write!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
                    coords.join(" "),
                    PALETTE[0]
                );
            }
        }
        for (k, point) in points.iter().enumerate() {
            if let Some((cx, cy, value)) = point {
                let _ = write!(
                    out,
                    r#"<circle cx="{}" cy="{}" r="2" fill="{}"><title>{}</title></circle>"#,
                    n(*cx),
                    n(*cy),
                    PALETTE[0],
                    escape_xml(&format!(
                        "{name}, {}: {}",
                        x.get(k).map(String::as_str).unwrap_or_default(),
                        format_number(*value)
                    ))
                );
            }
        }
        if let Some(Some((cx, cy, value))) = points.last() {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" font-weight="bold">{}</text>"#,
                n(cx + 5.0),
                n(cy + 4.0),
                escape_xml(&format_number(*value))
            );
        }
        let foot = plot_top + PANEL_PLOT + 13.0;
        let first = x.first().map(String::as_str).unwrap_or_default();
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-size="9">{}</text>"#,
            n(plot_left),
            n(foot),
            escape_xml(first)
        );
        if x.len() > 1 {
            let last = x.last().map(String::as_str).unwrap_or_default();
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" font-size="9" text-anchor="end">{}</text>"#,
                n(plot_left + plot_width),
                n(foot),
                escape_xml(last)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

fn x_label(out: &mut String, x: f64, label: &str, room: f64) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        n(x),
        n(MARGIN_TOP + PLOT_HEIGHT + 18.0),
        escape_xml(&fit(label, room - 4.0))
    );
}

/// Shortens `text` with "…" to fit `room` (estimated) pixels.
fn fit(text: &str, room: f64) -> String {
    let max_chars = (room / CHAR_WIDTH).floor().max(1.0) as usize;
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Where each legend entry goes: entries flow left to right and wrap to a new row.
struct Legend {
    /// (x, row, label as shown) per series.
    entries: Vec<(f64, usize, String)>,
    rows: usize,
}

fn legend_layout(series: &[&str]) -> Legend {
    let available = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    let mut entries = Vec::new();
    let (mut x, mut row) = (0.0, 0);
    for name in series {
        let label = fit(name, available - SWATCH - 6.0);
        let width = SWATCH + 6.0 + label.chars().count() as f64 * CHAR_WIDTH + 16.0;
        if x > 0.0 && x + width > available {
            x = 0.0;
            row += 1;
        }
        entries.push((MARGIN_LEFT + x, row, label));
        x += width;
    }
    let rows = if series.is_empty() { 0 } else { row + 1 };
    Legend { entries, rows }
}

fn write_legend(out: &mut String, chart: &Chart, legend: &Legend, top: f64) {
    for (s, (x, row, label)) in legend.entries.iter().enumerate() {
        let y = top + *row as f64 * LEGEND_ROW;
        let colour = PALETTE[s % PALETTE.len()];
        match chart {
            Chart::Bars { .. } => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{colour}"/>"#,
                    n(*x),
                    n(y - SWATCH + 2.0),
                    n(SWATCH),
                    n(SWATCH)
                );
            }
            Chart::Lines { .. } => {
                let dash = match DASHES[s % DASHES.len()] {
                    "" => String::new(),
                    pattern => format!(r#" stroke-dasharray="{pattern}""#),
                };
                let _ = write!(
                    out,
                    r#"<line x1="{}" y1="{ly}" x2="{}" y2="{ly}" stroke="{colour}" stroke-width="2"{dash}/>"#,
                    n(*x),
                    n(x + SWATCH),
                    ly = n(y - SWATCH / 2.0 + 2.0)
                );
            }
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            n(x + SWATCH + 6.0),
            n(y),
            escape_xml(label)
        );
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn bars(groups: Vec<(&str, Vec<f64>)>) -> Chart {
        Chart::Bars {
            caption: "Bijstand".into(),
            series: vec!["Gegeven".into(), "Ontvangen".into()],
            groups: groups.into_iter().map(|(l, v)| (l.to_owned(), v)).collect(),
        }
    }

    /// The `height` attribute of every bar, in document order.
    fn bar_heights(svg: &str) -> Vec<f64> {
        svg.split(r#"<rect class="bar""#)
            .skip(1)
            .map(|rest| {
                let start = rest.find("height=\"").unwrap() + 8;
                let end = rest[start..].find('"').unwrap() + start;
                rest[start..end].parse().unwrap()
            })
            .collect()
    }

    fn assert_finite_numbers(svg: &str) {
        for bad in ["NaN", "inf"] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
    }

    #[test]
    fn all_text_is_escaped() {
        let chart = Chart::Bars {
            caption: r#"<script>alert("x")</script> & 'co'"#.into(),
            series: vec!["a<b".into()],
            groups: vec![("België & <Lux>".into(), vec![1.0])],
        };
        let svg = render(&chart);
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b"), "series name escaped");
        assert!(!svg.contains("<Lux>"));
        assert!(svg.contains(
            r#"aria-label="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;""#
        ));
        assert!(svg.contains("<title>&lt;script&gt;"));
        assert!(svg.contains("België &amp; &lt;Lux&gt;"));
    }

    #[test]
    fn accessible_and_self_contained() {
        let svg = render(&bars(vec![("BE", vec![1.0, 2.0])]));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"font-family="sans-serif""#));
        assert!(svg.contains("<title>Bijstand</title>"));
        assert!(!svg.contains("href"), "no external references");
        assert!(!svg.contains("url("));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn bar_heights_are_proportional_to_values() {
        let svg = render(&bars(vec![
            ("BE", vec![10.0, 20.0]),
            ("DE", vec![5.0, 0.0]),
        ]));
        let heights = bar_heights(&svg);
        assert_eq!(heights.len(), 4);
        // Axis 0..20 over the whole plot height.
        assert!((heights[1] - PLOT_HEIGHT).abs() < 0.1, "{heights:?}");
        assert!((heights[0] / heights[1] - 0.5).abs() < 0.01, "{heights:?}");
        assert!((heights[2] / heights[1] - 0.25).abs() < 0.01, "{heights:?}");
        // Zero is a hairline on the axis, never a rect of height 0.
        assert_eq!(heights[3], 0.5);
    }

    #[test]
    fn legend_names_every_series_in_palette_colours() {
        let svg = render(&bars(vec![("BE", vec![1.0, 2.0])]));
        assert!(svg.contains(">Gegeven</text>"));
        assert!(svg.contains(">Ontvangen</text>"));
        assert!(svg.contains(PALETTE[0]) && svg.contains(PALETTE[1]));
    }

    #[test]
    fn empty_and_zero_charts_do_not_divide_by_zero() {
        let empty = [
            bars(vec![]),
            Chart::Bars {
                caption: String::new(),
                series: vec![],
                groups: vec![("BE".into(), vec![])],
            },
            Chart::Lines {
                caption: String::new(),
                x: vec![],
                series: vec![("A".into(), vec![])],
            },
            Chart::Lines {
                caption: String::new(),
                x: vec!["jan".into()],
                series: vec![],
            },
        ];
        for chart in &empty {
            let svg = render(chart);
            assert!(svg.contains("Geen gegevens"), "{svg}");
            assert_finite_numbers(&svg);
        }

        let zeros = render(&bars(vec![("BE", vec![0.0, 0.0]), ("DE", vec![0.0, 0.0])]));
        assert_finite_numbers(&zeros);
        assert_eq!(bar_heights(&zeros), [0.5; 4]);

        let one_point = render(&Chart::Lines {
            caption: String::new(),
            x: vec!["jan".into()],
            series: vec![("A".into(), vec![0.0])],
        });
        assert_finite_numbers(&one_point);
        assert!(one_point.contains("<circle"));
    }

    #[test]
    fn missing_and_non_finite_values_break_the_line() {
        let svg = render(&Chart::Lines {
            caption: String::new(),
            x: ["jan", "feb", "mrt", "apr", "mei"]
                .map(String::from)
                .to_vec(),
            series: vec![("A".into(), vec![1.0, 2.0, f64::NAN, 3.0, 4.0])],
        });
        assert_finite_numbers(&svg);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("<circle").count(), 4);
    }

    #[test]
    fn many_lines_become_small_multiples_on_one_scale() {
        let x: Vec<String> = ["05-2023", "06-2023", "07-2023"].map(String::from).to_vec();
        let series: Vec<(String, Vec<f64>)> = (0..12)
            .map(|i| (format!("Missie {i}"), vec![1.0, f64::from(i % 5), 2.0]))
            .collect();
        let svg = render(&Chart::Lines {
            caption: "Per missie".into(),
            x: x.clone(),
            series: series.clone(),
        });
        assert_eq!(
            svg.matches(r#"<g class="panel">"#).count(),
            12,
            "one plot per series"
        );
        for (name, _) in &series {
            assert!(
                svg.contains(&format!(">{name}</text>")),
                "{name} heads its plot"
            );
        }
        // One scale for all: every plot labels the same top (the largest value, 4).
        assert_eq!(svg.matches(r#"font-size="9">4</text>"#).count(), 12);
        assert!(svg.contains(">05-2023</text>") && svg.contains(">07-2023</text>"));
        assert!(
            !svg.contains("stroke-dasharray"),
            "no dash patterns to tell apart"
        );
        assert_finite_numbers(&svg);
        // Up to the limit, one plot with a legend.
        let few = render(&Chart::Lines {
            caption: String::new(),
            x,
            series: series[..MAX_LINES_IN_ONE_PLOT].to_vec(),
        });
        assert!(!few.contains(r#"class="panel""#));
    }

    #[test]
    fn negative_values_extend_the_axis_below_zero() {
        let scale = Scale::new(&[-3.0, 7.0]);
        assert!(scale.min <= -3.0 && scale.max >= 7.0);
        assert!(scale.y(0.0) < MARGIN_TOP + PLOT_HEIGHT);
        assert_eq!(Scale::new(&[]).max, 1.0);
        assert_eq!(Scale::new(&[0.0, 37.0]).step, 10.0);
        assert_eq!(Scale::new(&[0.0, 37.0]).max, 40.0);
    }

    #[test]
    fn long_labels_are_shortened_and_output_is_deterministic() {
        let long = "Europese Unie Capaciteitsopbouwmissie in de Sahel (EUCAP Sahel Mali)";
        let chart = bars(vec![(long, vec![1.0, 2.0]); 12]);
        let svg = render(&chart);
        // Shortened under the axis, in full in the bar's tooltip.
        assert!(!svg.contains(&format!(">{long}</text>")));
        assert!(
            svg.contains(">Europese…</text>") || svg.contains("…</text>"),
            "{svg}"
        );
        assert!(svg.contains(&format!("<title>{long}, Gegeven: 1</title>")));
        assert_eq!(svg, render(&chart));
    }
}
