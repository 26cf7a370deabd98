//! Cross-border assistance: its pages as a kind of instrument, and the calendar of a year.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{FieldKind, FieldSpec, Params, Source, choice_label, field};
use crate::ui::page_spec::{
    Cell, Filter, FilterKind, Lookup, PageSpec, Part, StatusView, badge, codes, euros, filter,
    overlaps_year, page_routes, period_cell, status_is, status_view,
};
use crate::ui::sorting::Key;
use crate::ui::{Ctx, OrPage, PageResult, forms, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method as M;
use grenzeloos_domain::assistance::{Assistance, AssistanceStatus, Direction, Settlement};
use grenzeloos_domain::registry::Period;
use grenzeloos_store::instruments::Record;
use jiff::civil::Date;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let mut routes = vec![route(
        M::GET,
        "/assistance/calendar",
        Needs(RegistryRead),
        "Assistance calendar of a year, by direction",
        calendar,
    )];
    routes.extend(page_routes!(
        Assistance,
        "/assistance",
        "cross-border assistance"
    ));
    routes
}

pub struct CalendarRow {
    pub href: String,
    pub event: String,
    pub partner: String,
    pub direction: &'static str,
    pub direction_label: String,
    pub status_label: String,
    pub when: String,
    /// Per month: whether the assistance runs in it.
    pub months: Vec<bool>,
}

#[derive(Template)]
#[template(path = "assistance_calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    year: i16,
    months: Vec<String>,
    rows: Vec<CalendarRow>,
}

pub async fn calendar(State(s): State<WebState>, ctx: Ctx, Query(q): Params) -> PageResult {
    let actor = ctx.signed_in()?;
    let year = q
        .get("year")
        .and_then(|y| y.trim().parse::<i16>().ok())
        .filter(|y| (1900..=2999).contains(y))
        .unwrap_or_else(|| s.app.today().year());
    let mut records: Vec<Record<Assistance>> = s
        .app
        .instruments::<Assistance>(&actor, None)
        .await
        .or_page(&ctx)?;
    records.sort_by_key(|r| r.value.period.start);
    let rows = records
        .iter()
        .filter_map(|r| {
            let a = &r.value;
            // The domain's overlap: assistance without an end runs until further notice.
            let months: Vec<bool> = (1..=12)
                .map(|m| Period::month(year, m).is_some_and(|month| a.period.overlaps(&month)))
                .collect();
            if !months.contains(&true) {
                return None;
            }
            Some(CalendarRow {
                href: format!("/assistance/{}", r.id),
                event: a.event.clone(),
                partner: a.partner.clone(),
                direction: a.direction.as_str(),
                direction_label: choice_label(&ctx, "direction", a.direction.as_str()),
                status_label: status_view(&ctx, "assistance_status", &a.status_history, ctx.today)
                    .text,
                when: format!(
                    "{} – {}",
                    ctx.t.date(&a.period.start),
                    ctx.t.date_opt(&a.period.end)
                ),
                months,
            })
        })
        .collect();
    let months = (1..=12)
        .map(|m| ctx.t.get(MONTHS[m - 1]).to_string())
        .collect();
    Ok(render(&CalendarPage {
        ctx,
        year,
        months,
        rows,
    }))
}

pub(crate) const MONTHS: [&str; 12] = [
    "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
    "month.9", "month.10", "month.11", "month.12",
];

impl PageSpec for Assistance {
    const PATH: &'static str = "/assistance";
    const KEY: &'static str = "assistance";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field(
                "direction",
                "f.direction",
                Choice("direction", codes!(Direction)),
            )
            .required(),
            field("partner", "f.partner_state", Text)
                .required()
                .hint("hint.country"),
            field("event", "f.event", Text).required(),
            field("place", "f.place", Text),
            field("start", "f.start", Date).required(),
            field("end", "f.end", Date),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "assistance_status",
            codes!(AssistanceStatus),
        ))
        .chain([
            field("capabilities", "f.capabilities", Capabilities).hint("hint.capabilities"),
            field("nature", "f.nature", Text).hint("hint.benelux_18"),
            field("objective", "f.objective", Text).hint("hint.benelux_18"),
            field("inventory", "f.inventory", LongText).hint("hint.inventory"),
            field(
                "legal_basis",
                "f.legal_basis",
                Select(Source::BindingAgreements),
            )
            .hint("hint.legal_basis"),
            field(
                "working_arrangement",
                "f.working_arrangement",
                Select(Source::WorkingArrangements),
            ),
            field("decision_date", "f.decision_date", Date),
            field("decision", "f.decision", LongText).hint("hint.decision"),
            field("report_date", "f.report_date", Date).hint("hint.benelux_46"),
            field("report_reference", "f.report_reference", Text),
            field("costs_eur", "f.costs_eur", Number),
            field(
                "settlement",
                "f.settlement",
                Choice("settlement", codes!(Settlement)),
            )
            .hint("hint.settlement"),
        ])
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "direction",
                "f.direction",
                FilterKind::Choice("direction", codes!(Direction)),
            ),
            filter("partner", "f.partner_state", FilterKind::Text),
            filter(
                "status",
                "f.status",
                FilterKind::Choice("assistance_status", codes!(AssistanceStatus)),
            ),
            filter("year", "filter.year", FilterKind::Year),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "assistance_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "direction" => self.direction.as_str() == value,
            "partner" => self.partner.eq_ignore_ascii_case(value.trim()),
            "status" => status_is(&self.status_history, today, value),
            "year" => overlaps_year(&self.period, value),
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.period.start));
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.event",
            "f.partner_state",
            "f.direction",
            "f.legal_basis",
            "f.capabilities",
            "f.status",
            "f.costs_eur",
            "f.period",
        ]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        let basis = match &self.legal_basis {
            Some(id) => Cell {
                key: None,
                parts: vec![
                    Part {
                        text: choice_label(ctx, "regime", self.regime.as_str()),
                        href: String::new(),
                        badge: String::new(),
                    },
                    Part {
                        text: lookup.agreement(id),
                        href: format!("/agreements/{id}"),
                        badge: String::new(),
                    },
                ],
            },
            None => Cell::text(choice_label(ctx, "regime", self.regime.as_str())),
        };
        vec![
            Cell::text(&self.event),
            Cell::partners(std::slice::from_ref(&self.partner)),
            badge(ctx, "direction", self.direction.as_str()),
            basis,
            Cell::lines(
                self.capabilities
                    .iter()
                    .map(|c| {
                        forms::capability_text(
                            ctx,
                            &format!("{} {} {}", c.capability, c.quantity, c.personnel),
                        )
                    })
                    .collect(),
            ),
            status_view(ctx, "assistance_status", &self.status_history, ctx.today).cell(),
            Cell::text(self.costs_eur.map(euros).unwrap_or_default())
                .sorted_by(Key::Number(self.costs_eur)),
            period_cell(ctx, &self.period),
        ]
    }

    fn links() -> Vec<(&'static str, &'static str)> {
        vec![("/assistance/calendar", "assistance.calendar")]
    }

    fn notes(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<(String, String)> {
        let mut notes = vec![(
            ctx.t.get("f.regime").to_string(),
            format!(
                "{} — {}",
                choice_label(ctx, "regime", self.regime.as_str()),
                self.regime.articles()
            ),
        )];
        if let Some(id) = &self.legal_basis {
            notes.push((ctx.t.get("f.legal_basis").to_string(), lookup.agreement(id)));
        }
        notes
    }
}
