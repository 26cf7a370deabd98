//! The SPOC desk's statistics page (issue 14, SPOC-12, Art 18(2) Directive (EU) 2023/977): the
//! year's figures as tiles, charts and the tables beside them, and the same figures as CSV.
//! Everything is read through `App::spoc_statistics` (permission `CaseStatistics`, audited),
//! the use case behind `GET /api/v1/spoc/statistics` and `report spoc-statistics`.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::{Ctx, OrPage, PageError, PageResult, charts, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{Method as M, StatusCode, header};
use axum::response::IntoResponse;
use grenzeloos_app::AppError;
use grenzeloos_domain::Violation;
use grenzeloos_domain::countries::country;
use grenzeloos_domain::spoc::statistics::Statistics;
use grenzeloos_domain::spoc::vocabulary::RefusalGround;
use serde::Deserialize;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    vec![
        route(
            M::GET,
            "/spoc/statistics",
            Needs(CaseStatistics),
            "The SPOC desk's Art 18(2) statistics of a year with charts and tables (SPOC-12)",
            page,
        ),
        route(
            M::GET,
            "/spoc/statistics.csv",
            Needs(CaseStatistics),
            "The SPOC desk's Art 18(2) statistics of a year as CSV, as `report spoc-statistics --format csv` (SPOC-12)",
            csv,
        ),
    ]
}

/// The first year the page offers: before it the node kept no SPOC cases.
const FIRST_YEAR: i16 = 2000;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<String>,
}

/// The year asked for: none or empty is this year (Europe/Amsterdam by the node's clock); a
/// year is four digits from [`FIRST_YEAR`] to this year.
fn year_asked(asked: Option<&str>, this_year: i16) -> Result<i16, Violation> {
    match asked.map(str::trim) {
        None | Some("") => Ok(this_year),
        Some(text) => text
            .parse::<i16>()
            .ok()
            .filter(|y| (FIRST_YEAR..=this_year).contains(y))
            .ok_or_else(|| {
                Violation::at(
                    "invalid_year",
                    "year",
                    format!("the year as four digits, {FIRST_YEAR} to {this_year}"),
                )
            }),
    }
}

fn state_name(ctx: &Ctx, code: &str) -> String {
    country(code).map_or_else(
        || code.to_string(),
        |c| {
            if ctx.t.lang() == "nl" {
                c.name_nl.to_string()
            } else {
                c.name_en.to_string()
            }
        },
    )
}

/// A requesting state's line of figure (b).
struct ReceivedRow {
    state: String,
    urgent: u64,
    non_urgent: u64,
    answered_urgent: u64,
    answered_non_urgent: u64,
}

impl ReceivedRow {
    fn received(&self) -> u64 {
        self.urgent + self.non_urgent
    }

    fn answered(&self) -> u64 {
        self.answered_urgent + self.answered_non_urgent
    }
}

/// A ground of Art 6(1) with its refusals per requesting state, figure (c).
struct GroundRow {
    article: &'static str,
    text: String,
    /// One count per state of [`Figures::refusing_states`].
    counts: Vec<u64>,
    total: u64,
}

/// The year's figures as the page shows them, states by name in the page's language.
struct Figures {
    submitted: u64,
    received: u64,
    answered: u64,
    replied: u64,
    in_time: u64,
    /// Of the replies, the share by the deadline: "92 %", or empty without replies.
    in_time_share: String,
    received_rows: Vec<ReceivedRow>,
    received_total: ReceivedRow,
    received_chart: String,
    refusing_states: Vec<String>,
    refusing_totals: Vec<u64>,
    refused_total: u64,
    grounds: Vec<GroundRow>,
    refused_chart: String,
    deviations: Vec<(String, u64)>,
    deviations_total: u64,
    deviations_chart: String,
}

fn figures(ctx: &Ctx, s: &Statistics) -> Figures {
    let t = |key: &str| ctx.t.get(key).to_string();
    // (b) per requesting state, by name.
    let mut received_rows: Vec<ReceivedRow> = s
        .received
        .iter()
        .map(|(code, r)| ReceivedRow {
            state: state_name(ctx, code),
            urgent: r.urgent,
            non_urgent: r.non_urgent,
            answered_urgent: r.answered_urgent,
            answered_non_urgent: r.answered_non_urgent,
        })
        .collect();
    received_rows.sort_by(|a, b| a.state.cmp(&b.state));
    let sum = |f: fn(&ReceivedRow) -> u64| received_rows.iter().map(f).sum::<u64>();
    let received_total = ReceivedRow {
        state: t("spoc.statistics.total"),
        urgent: sum(|r| r.urgent),
        non_urgent: sum(|r| r.non_urgent),
        answered_urgent: sum(|r| r.answered_urgent),
        answered_non_urgent: sum(|r| r.answered_non_urgent),
    };
    let series = [t("spoc.urgency.urgent"), t("spoc.urgency.non_urgent")];
    let (received_word, answered_word) = (
        t("spoc.statistics.received_short"),
        t("spoc.statistics.answered_short"),
    );
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let stacks: Vec<charts::Stack> = received_rows
        .iter()
        .flat_map(|r| {
            [
                charts::Stack {
                    label: format!("{} · {received_word}", r.state),
                    parts: vec![count(r.urgent), count(r.non_urgent)],
                },
                charts::Stack {
                    label: format!("{} · {answered_word}", r.state),
                    parts: vec![count(r.answered_urgent), count(r.answered_non_urgent)],
                },
            ]
        })
        .collect();
    let received_chart = charts::stacked_bars(
        "chart-received",
        &format!("{}, {}", t("spoc.statistics.received_title"), s.year),
        &series,
        &stacks,
    );

    // (c) per ground of Art 6(1) and requesting state.
    let mut refusing: Vec<(String, &String)> = s
        .refused
        .keys()
        .map(|code| (state_name(ctx, code), code))
        .collect();
    refusing.sort();
    let grounds: Vec<GroundRow> = RefusalGround::ALL
        .iter()
        .map(|g| {
            let counts: Vec<u64> = refusing
                .iter()
                .map(|(_, code)| {
                    s.refused
                        .get(*code)
                        .and_then(|by| by.get(g.as_str()))
                        .copied()
                        .unwrap_or(0)
                })
                .collect();
            GroundRow {
                article: g.article(),
                // The ground in the page's language; in English the Directive's own words.
                text: if ctx.t.lang() == "nl" {
                    t(&format!("spoc.refusal.{}", g.as_str()))
                } else {
                    g.text().to_string()
                },
                total: counts.iter().sum(),
                counts,
            }
        })
        .collect();
    let refusing_totals: Vec<u64> = (0..refusing.len())
        .map(|i| grounds.iter().map(|g| g.counts[i]).sum())
        .collect();
    let refused_chart = charts::noted_bars(
        "chart-refused",
        &format!("{}, {}", t("spoc.statistics.refused_title"), s.year),
        &grounds
            .iter()
            .map(|g| {
                (
                    g.article.to_string(),
                    format!("{}: {}", g.article, g.text),
                    count(g.total),
                )
            })
            .collect::<Vec<_>>(),
    );

    // (d) per requesting state.
    let mut deviations: Vec<(String, u64)> = s
        .judicial_deviations
        .iter()
        .map(|(code, n)| (state_name(ctx, code), *n))
        .collect();
    deviations.sort();
    let deviations_chart = charts::bars_in(
        "chart-deviations",
        &format!("{}, {}", t("spoc.statistics.deviations_title"), s.year),
        &deviations
            .iter()
            .map(|(state, n)| (state.clone(), count(*n)))
            .collect::<Vec<_>>(),
    );

    let (replied, in_time) = (s.answered_in_time.answered, s.answered_in_time.in_time);
    Figures {
        submitted: s.submitted,
        received: received_total.received(),
        answered: received_total.answered(),
        replied,
        in_time,
        in_time_share: share(in_time, replied),
        received_rows,
        received_total,
        received_chart,
        refusing_states: refusing.into_iter().map(|(name, _)| name).collect(),
        refused_total: refusing_totals.iter().sum(),
        refusing_totals,
        grounds,
        refused_chart,
        deviations_total: deviations.iter().map(|(_, n)| n).sum(),
        deviations,
        deviations_chart,
    }
}

/// `part` of `whole` as a whole percentage ("92 %"), rounded down so that "100 %" means all;
/// empty when there is no whole.
fn share(part: u64, whole: u64) -> String {
    (part * 100)
        .checked_div(whole)
        .map(|p| format!("{p} %"))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "spoc_statistics.html")]
struct StatisticsPage {
    ctx: Ctx,
    /// The year shown (or, after a bad year, this year for the links).
    year: i16,
    /// What the year field holds: the year shown, or what was asked when it was refused.
    year_input: String,
    this_year: i16,
    first_year: i16,
    error: String,
    figures: Option<Figures>,
    /// No case counts in the year.
    empty: bool,
}

/// `GET /spoc/statistics?year=YYYY`: the year's statistics (SPOC-12); a year that is none is
/// refused at the year field, with the page's status 400.
pub async fn page(State(s): State<WebState>, ctx: Ctx, Query(q): Query<YearQuery>) -> PageResult {
    let actor = ctx.signed_in()?;
    let this_year = s.app.today().year();
    let (year, year_input, error, statistics) = match year_asked(q.year.as_deref(), this_year) {
        Ok(year) => (
            year,
            year.to_string(),
            String::new(),
            Some(s.app.spoc_statistics(&actor, year).await.or_page(&ctx)?),
        ),
        // Refused at the year field, naming it, with the years there are.
        Err(_) => (
            this_year,
            q.year.clone().unwrap_or_default(),
            format!(
                "{} {FIRST_YEAR}–{this_year}.",
                ctx.t.get("spoc.statistics.invalid_year")
            ),
            None,
        ),
    };
    let empty = statistics
        .as_ref()
        .is_some_and(|s| s.submitted == 0 && s.received.is_empty());
    let figures = statistics.as_ref().map(|s| figures(&ctx, s));
    let page = StatisticsPage {
        ctx,
        year,
        year_input,
        this_year,
        first_year: FIRST_YEAR,
        error,
        figures,
        empty,
    };
    let status = if page.error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, render(&page)).into_response())
}

/// `GET /spoc/statistics.csv?year=YYYY`: the rows of `Statistics::csv_rows` under the header
/// the CLI's `report spoc-statistics --format csv` writes, as a download (SPOC-12).
pub async fn csv(State(s): State<WebState>, ctx: Ctx, Query(q): Query<YearQuery>) -> PageResult {
    let actor = ctx.signed_in()?;
    let year = year_asked(q.year.as_deref(), s.app.today().year())
        .map_err(|v| PageError::new(&ctx, AppError::Invalid(v)))?;
    let statistics = s.app.spoc_statistics(&actor, year).await.or_page(&ctx)?;
    let body = grenzeloos_report::spreadsheet::csv_document(
        std::iter::once(Statistics::CSV_HEADER.map(String::from)).chain(statistics.csv_rows()),
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"spoc-statistics-{year}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

/// The locale keys the handler uses through data (checked by the pages' locale test); the
/// template's keys are checked by the i18n test.
pub fn locale_keys() -> Vec<String> {
    [
        "spoc.statistics.total",
        "spoc.statistics.received_short",
        "spoc.statistics.answered_short",
        "spoc.statistics.received_title",
        "spoc.statistics.refused_title",
        "spoc.statistics.deviations_title",
        "spoc.statistics.invalid_year",
        "spoc.urgency.urgent",
        "spoc.urgency.non_urgent",
    ]
    .iter()
    .map(|k| k.to_string())
    .chain(
        RefusalGround::ALL
            .iter()
            .map(|g| format!("spoc.refusal.{}", g.as_str())),
    )
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_four_digits_up_to_this_year() {
        assert_eq!(year_asked(None, 2026), Ok(2026));
        assert_eq!(year_asked(Some(" "), 2026), Ok(2026));
        assert_eq!(year_asked(Some("2025"), 2026), Ok(2025));
        for bad in ["abc", "1800", "2027", "99999", "-1"] {
            let refused = year_asked(Some(bad), 2026).unwrap_err();
            assert_eq!(refused.field.as_deref(), Some("year"), "{bad}");
        }
    }

    #[test]
    fn a_share_is_rounded_down_and_empty_without_a_whole() {
        assert_eq!(share(0, 0), "");
        assert_eq!(share(2, 3), "66 %");
        assert_eq!(share(3, 3), "100 %");
    }
}
