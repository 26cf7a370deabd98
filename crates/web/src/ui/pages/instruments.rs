//! The index of the instruments, and the kinds that have no feature of their own: placements, dossiers, commitments, programmes, developments.

use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{FieldKind, FieldSpec, Source, choice_label, date_param, field};
use crate::ui::page_spec::{
    Cell, Filter, FilterKind, Lookup, PageSpec, Panel, Row, StatusView, codes, contains, date_cell,
    filter, officer_cell, page_routes, period_cell, status_is, status_view,
};
use crate::ui::sorting::Key;
use crate::ui::{Ctx, PageResult, forms, render};
use askama::Template;
use axum::http::Method as M;
use grenzeloos_domain::instruments::{
    Commitment, CommitmentStatus, Development, Dossier, DossierStatus, Instrument, Placement,
    PlacementKind, PlacementStatus, Programme, ProgrammeKind, Topic,
};
use grenzeloos_domain::time::parse_date;
use grenzeloos_store::instruments::Record;
use jiff::civil::Date;
use std::collections::HashMap;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let mut routes = vec![route(
        M::GET,
        "/instruments",
        Needs(RegistryRead),
        "Index of the cooperation instruments",
        instruments,
    )];
    routes.extend(page_routes!(
        Placement,
        "/placements",
        "liaison officers and placements (with the posts filled on a date)"
    ));
    routes.extend(page_routes!(
        Dossier,
        "/dossiers",
        "EU and international dossiers"
    ));
    routes.extend(page_routes!(
        Commitment,
        "/commitments",
        "commitments to parliament"
    ));
    routes.extend(page_routes!(
        Programme,
        "/programmes",
        "bilateral programmes"
    ));
    routes.extend(page_routes!(
        Development,
        "/developments",
        "developments per topic"
    ));
    routes
}

#[derive(Template)]
#[template(path = "instruments.html")]
struct InstrumentsPage {
    ctx: Ctx,
}

pub async fn instruments(ctx: Ctx) -> PageResult {
    Ok(render(&InstrumentsPage { ctx }))
}

impl PageSpec for Placement {
    const PATH: &'static str = "/placements";
    const KEY: &'static str = "placements";
    const OFFICERS: bool = true;

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("function", "f.function", Text).required(),
            field(
                "kind",
                "f.placement_kind",
                Choice("placement_kind", codes!(PlacementKind)),
            )
            .required(),
            field("host_country", "f.host_country", Text)
                .required()
                .hint("hint.country"),
            field("city", "f.city", Text),
            field("organisation", "f.organisation", Text).hint("hint.organisation"),
            field("focus", "f.focus", Text),
            field("officer_id", "f.officer", Select(Source::Officers)).hint("hint.officer_id"),
            field("start", "f.start", Date).required(),
            field("end", "f.end", Date),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "placement_status",
            codes!(PlacementStatus),
        ))
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter("as_of", "placements.filled_on", FilterKind::Date),
            filter(
                "status",
                "f.status",
                FilterKind::Choice("placement_status", codes!(PlacementStatus)),
            ),
            filter("q", "filter.search", FilterKind::Text),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "placement_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "status" => status_is(&self.status_history, today, value),
            "q" => contains(
                &format!(
                    "{} {} {}",
                    self.label(),
                    self.host_country,
                    self.focus.clone().unwrap_or_default()
                ),
                value,
            ),
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.period.start));
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.function",
            "f.post",
            "f.focus",
            "f.officer",
            "f.period",
            "f.status",
        ]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.function),
            Cell::link(
                self.post(),
                format!(
                    "/partners/{}",
                    self.organisation.as_deref().unwrap_or(&self.host_country)
                ),
            ),
            Cell::text(self.focus.clone().unwrap_or_default()),
            officer_cell(ctx, lookup, self.officer_id.as_deref()),
            period_cell(ctx, &self.period),
            status_view(ctx, "placement_status", &self.status_history, ctx.today).cell(),
        ]
    }

    fn panel(
        records: &[Record<Self>],
        q: &HashMap<String, String>,
        ctx: &Ctx,
        lookup: &Lookup,
    ) -> Option<Panel> {
        let date = date_param(q, "as_of", ctx.today);
        let rows = records
            .iter()
            .filter(|r| r.value.filled_on(date))
            .map(|r| Row {
                href: format!("{}/{}", Self::PATH, r.id),
                cells: vec![
                    Cell::text(r.value.post()),
                    Cell::link(
                        &r.value.host_country,
                        format!("/partners/{}", r.value.host_country),
                    ),
                    Cell::text(&r.value.function),
                    Cell::text(r.value.focus.clone().unwrap_or_default()),
                    officer_cell(ctx, lookup, r.value.officer_id.as_deref()),
                ],
            })
            .collect();
        Some(Panel {
            title: format!(
                "{} {}",
                ctx.t.get("placements.filled_caption"),
                ctx.t.date_long(&date)
            ),
            id: "filled",
            columns: [
                "f.post",
                "f.host_country",
                "f.function",
                "f.focus",
                "f.officer",
            ]
            .iter()
            .map(|k| ctx.t.get(k).to_string())
            .collect(),
            rows,
        })
    }
}

impl PageSpec for Dossier {
    const PATH: &'static str = "/dossiers";
    const KEY: &'static str = "dossiers";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("title", "f.title", Text).required(),
            field("topic", "f.topic", Choice("topic", codes!(Topic))).required(),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "dossier_status",
            codes!(DossierStatus),
        ))
        .chain([
            field("summary", "f.summary", LongText),
            field("milestones", "f.milestones", Milestones).hint("hint.milestones"),
            field("references", "f.references", Lines).hint("hint.references"),
            field("partners", "f.partners", PartnerList).hint("hint.partners"),
        ])
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "topic",
                "f.topic",
                FilterKind::Choice("topic", codes!(Topic)),
            ),
            filter(
                "status",
                "f.status",
                FilterKind::Choice("dossier_status", codes!(DossierStatus)),
            ),
            filter("q", "filter.search", FilterKind::Text),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "dossier_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "topic" => self.topic.as_str() == value,
            "status" => status_is(&self.status_history, today, value),
            "q" => contains(
                &format!(
                    "{} {} {}",
                    self.title,
                    self.summary,
                    self.references.join(" ")
                ),
                value,
            ),
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by(|a, b| {
            let last = |d: &Dossier| d.milestones.last().map(|m| m.date);
            last(&b.value).cmp(&last(&a.value))
        });
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.title",
            "f.topic",
            "f.status",
            "dossiers.latest",
            "f.references",
        ]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            Cell::text(choice_label(ctx, "topic", self.topic.as_str())),
            status_view(ctx, "dossier_status", &self.status_history, ctx.today).cell(),
            Cell::text(
                self.milestones
                    .last()
                    .map(|m| format!("{}: {}", ctx.t.date(&m.date), m.text))
                    .unwrap_or_default(),
            )
            .sorted_by(Key::Date(self.milestones.last().map(|m| m.date))),
            Cell::lines(self.references.clone()),
        ]
    }
}

impl PageSpec for Commitment {
    const PATH: &'static str = "/commitments";
    const KEY: &'static str = "commitments";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("title", "f.title", Text).required(),
            field("made_on", "f.made_on", Date).required(),
            field("made_in", "f.made_in", Text)
                .required()
                .hint("hint.made_in"),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "commitment_status",
            codes!(CommitmentStatus),
        ))
        .chain([
            field("progress", "f.progress", LongText),
            field("answered_in", "f.answered_in", Text),
            field("answered_on", "f.answered_on", Date),
            field("partners", "f.partners", PartnerList).hint("hint.partners"),
        ])
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "status",
                "f.status",
                FilterKind::Choice("commitment_status", codes!(CommitmentStatus)),
            ),
            filter("q", "filter.search", FilterKind::Text),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "commitment_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "status" => status_is(&self.status_history, today, value),
            "q" => contains(
                &format!("{} {} {}", self.title, self.made_in, self.progress),
                value,
            ),
            _ => true,
        }
    }

    /// Open ones first, then the newest.
    fn sort(records: &mut [Record<Self>]) {
        records.sort_by(|a, b| {
            b.value
                .status
                .open()
                .cmp(&a.value.status.open())
                .then(b.value.made_on.cmp(&a.value.made_on))
        });
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.title",
            "f.made_on",
            "f.made_in",
            "f.status",
            "f.answered_in",
        ]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            date_cell(ctx, &self.made_on),
            Cell::text(&self.made_in),
            status_view(ctx, "commitment_status", &self.status_history, ctx.today).cell(),
            Cell::text(match (&self.answered_in, &self.answered_on) {
                (Some(doc), Some(on)) => format!("{doc} ({})", ctx.t.date(on)),
                (Some(doc), None) => doc.clone(),
                _ => String::new(),
            }),
        ]
    }
}

impl PageSpec for Programme {
    const PATH: &'static str = "/programmes";
    const KEY: &'static str = "programmes";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("title", "f.title", Text).required(),
            field(
                "kind",
                "f.programme_kind",
                Choice("programme_kind", codes!(ProgrammeKind)),
            )
            .required(),
            field("partners", "f.partners", PartnerList)
                .required()
                .hint("hint.partners"),
            field("topic", "f.subject", Text),
            field("start", "f.start", Date).required(),
            field("end", "f.end", Date),
            field("description", "f.description", LongText),
        ]
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter("partner", "f.partner", FilterKind::Text),
            filter(
                "kind",
                "f.programme_kind",
                FilterKind::Choice("programme_kind", codes!(ProgrammeKind)),
            ),
        ]
    }

    fn keep(&self, name: &str, value: &str, _today: Date) -> bool {
        match name {
            "partner" => self
                .partners
                .iter()
                .any(|p| p.eq_ignore_ascii_case(value.trim())),
            "kind" => self.kind.as_str() == value,
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.period.start));
    }

    fn columns() -> Vec<&'static str> {
        vec!["f.title", "f.programme_kind", "f.partners", "f.period"]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            Cell::text(choice_label(ctx, "programme_kind", self.kind.as_str())),
            Cell::partners(&self.partners),
            period_cell(ctx, &self.period),
        ]
    }
}

impl PageSpec for Development {
    const PATH: &'static str = "/developments";
    const KEY: &'static str = "developments";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("date", "f.date", Date).required(),
            field("topic", "f.topic", Choice("topic", codes!(Topic))).required(),
            field("title", "f.title", Text).required(),
            field("text", "f.text", LongText).required(),
            field("partners", "f.partners", PartnerList).hint("hint.partners"),
        ]
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "topic",
                "f.topic",
                FilterKind::Choice("topic", codes!(Topic)),
            ),
            filter("from", "filter.from", FilterKind::Date),
            filter("until", "filter.until", FilterKind::Date),
        ]
    }

    fn keep(&self, name: &str, value: &str, _today: Date) -> bool {
        let date = parse_date(name, value).ok();
        match (name, date) {
            ("topic", _) => self.topic.as_str() == value,
            ("from", Some(from)) => self.date >= from,
            ("until", Some(until)) => self.date <= until,
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.date));
    }

    fn columns() -> Vec<&'static str> {
        vec!["f.title", "f.date", "f.topic", "f.partners"]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            date_cell(ctx, &self.date),
            Cell::text(choice_label(ctx, "topic", self.topic.as_str())),
            Cell::partners(&self.partners),
        ]
    }
}
