//! The supervisor's view of the audit trail: filters, consultations of personal data, the export.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::{Ctx, OrPage, PageError, PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Method as M;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use grenzeloos_app::AppError;
use grenzeloos_app::supervision::{AuditActor, AuditQuery, AuditTrail};
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::labels::Labelled;
use grenzeloos_domain::text::echo;
use grenzeloos_report::spreadsheet::{Dialect, csv_in};
use grenzeloos_store::audit::Verification;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/audit",
            Needs(AuditRead),
            "Audit trail browser with chain check",
            audit,
        ),
        route(
            M::GET,
            "/audit/export.csv",
            Needs(AuditRead),
            "Audit trail as CSV",
            audit_export,
        ),
    ];
    routes
}

const PAGE: i64 = 100;

/// The zone in which the trail's times are shown, named beside them on the page and in the
/// export (the trail stores UTC).
const ZONE: &str = "Europe/Amsterdam";

/// A stored instant in Amsterdam time, to the second, with the zone's abbreviation: the hour
/// that repeats when summer time ends is told apart (CEST, then CET).
fn amsterdam_time(text: &str, pattern: &str) -> String {
    match text.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned(grenzeloos_domain::clock::amsterdam())
            .strftime(pattern)
            .to_string(),
        Err(_) => text.to_string(),
    }
}

/// One event as the page shows it.
struct EventRow {
    seq: i64,
    when: String,
    actor: String,
    /// The account's name, when the actor is an account.
    actor_name: Option<String>,
    action: String,
    /// The action's words; none for a code the list does not know.
    action_label: Option<&'static str>,
    object_type: String,
    object_id: String,
    /// For an event about an officer: the personnel number and where it links to.
    officer: Option<OfficerLink>,
    /// The route a refused request asked for (the gate's `route.open`).
    route: Option<String>,
    outcome: String,
    purpose: String,
}

/// An officer named by personnel number (the pseudonym once erased) instead of an id.
struct OfficerLink {
    href: String,
    number: String,
}

/// An option of the user picker.
struct ActorOption {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: Ctx,
    verification: Verification,
    rows: Vec<EventRow>,
    filter: AuditQuery,
    consultations: bool,
    /// The filter as a query string, for the export and the next page.
    query: String,
    /// Every action, code and words, in the list's order.
    actions: Vec<(&'static str, &'static str)>,
    actors: Vec<ActorOption>,
    domains: [DataDomain; 3],
    zone: &'static str,
    /// The same filter, for today only.
    today_href: String,
    /// The chosen domain's whole trail.
    reset_href: String,
    older: Option<i64>,
    error: String,
}

impl AuditPage {
    /// The domain's name in the page's language, from its code.
    fn domain_label(&self, domain: &str) -> &'static str {
        self.ctx.t.get(match domain {
            "exchange" => "domain.exchange",
            "forensic" => "domain.forensic",
            _ => "domain.registry",
        })
    }

    /// Whether anything narrows the trail beyond its domain (the empty state then says how
    /// to widen it).
    fn narrowed(&self) -> bool {
        let f = &self.filter;
        [
            &f.actor,
            &f.action,
            &f.consultations,
            &f.object_type,
            &f.object_id,
            &f.from,
            &f.until,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
            || f.before_seq.is_some()
    }
}

fn event_rows(
    ctx: &Ctx,
    trail: AuditTrail,
    names: &std::collections::HashMap<&str, &str>,
) -> Vec<EventRow> {
    let pattern = match ctx.t.lang {
        crate::ui::i18n::Lang::Nl => "%d-%m-%Y %H:%M:%S %Z",
        crate::ui::i18n::Lang::En => "%Y-%m-%d %H:%M:%S %Z",
    };
    // Without the personal-data permission the officer's page would refuse; the trail about
    // the officer is what a supervisor can follow instead.
    let officer_pages = ctx.can(grenzeloos_domain::access::Permission::PersonalRead);
    trail
        .events
        .into_iter()
        .map(|e| {
            let officer = AuditTrail::officer_of(&e).and_then(|id| {
                let number = trail.officers.get(id)?;
                let href = if officer_pages {
                    format!("/officers/{id}")
                } else {
                    let query = serde_urlencoded::to_string([
                        ("object_type", "officer"),
                        ("object_id", id),
                    ])
                    .unwrap_or_default();
                    format!("/audit?{query}")
                };
                Some(OfficerLink {
                    href,
                    number: number.clone(),
                })
            });
            let action = AuditAction::parse("action", &e.action).ok();
            let route = (action == Some(AuditAction::RouteOpen))
                .then(|| {
                    let details: serde_json::Value =
                        serde_json::from_str(e.details.as_deref()?).ok()?;
                    details["route"].as_str().map(str::to_string)
                })
                .flatten();
            EventRow {
                seq: e.seq,
                when: amsterdam_time(&e.at, pattern),
                actor_name: names.get(e.actor.as_str()).map(|n| n.to_string()),
                actor: e.actor,
                action_label: action.map(|a| a.label(ctx.t.lang)),
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id,
                officer,
                route,
                outcome: e.outcome,
                purpose: e.purpose.unwrap_or_default(),
            }
        })
        .collect()
}

pub async fn audit(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(filter): Query<AuditQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let verification = s.app.verify_audit(&actor).await.or_page(&ctx)?;
    let accounts = s.app.audit_actors(&actor).await.or_page(&ctx)?;
    let query = serde_urlencoded::to_string(&filter).unwrap_or_default();
    let (trail, error) = match filter.domain().and_then(|d| Ok((d, filter.filter(PAGE)?))) {
        Ok((domain, store_filter)) => {
            match s.app.audit_trail(&actor, domain, &store_filter).await {
                Ok(trail) => (trail, String::new()),
                Err(error) => return Err(PageError::new(&ctx, error)),
            }
        }
        // The message names the field it is about, by the label the form gives it.
        Err(v) => {
            let message = ctx.message(v.code, &v.message);
            let error = match v
                .field
                .as_deref()
                .and_then(|f| ctx.t.find(&format!("audit.{f}")))
            {
                Some(field) => format!("{field}: {message}"),
                None => message,
            };
            (AuditTrail::default(), error)
        }
    };
    let older = (trail.events.len() as i64 == PAGE)
        .then(|| trail.events.last().map(|e| e.seq))
        .flatten();
    let names: std::collections::HashMap<&str, &str> = accounts
        .iter()
        .map(|a| (a.username.as_str(), a.display_name.as_str()))
        .collect();
    let rows = event_rows(&ctx, trail, &names);
    let actors = actor_options(&ctx, &accounts, filter.actor.trim());
    let today_href = {
        let today = ctx.today.to_string();
        let only_today = AuditQuery {
            from: today.clone(),
            until: today,
            before_seq: None,
            ..filter.clone()
        };
        format!(
            "/audit?{}",
            serde_urlencoded::to_string(&only_today).unwrap_or_default()
        )
    };
    let reset_href = match filter.domain.trim() {
        "" => "/audit".to_string(),
        domain => format!(
            "/audit?{}",
            serde_urlencoded::to_string([("domain", domain)]).unwrap_or_default()
        ),
    };
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((
        status,
        render(&AuditPage {
            consultations: filter.consultations().unwrap_or(false),
            actions: AuditAction::ALL
                .iter()
                .map(|a| (a.as_str(), a.label(ctx.t.lang)))
                .collect(),
            ctx,
            verification,
            rows,
            filter,
            query,
            actors,
            domains: DataDomain::ALL,
            zone: ZONE,
            today_href,
            reset_href,
            older,
            error,
        }),
    )
        .into_response())
}

/// The user picker: every account by name (an inactive one marked), the node's jobs, and an
/// actor asked for that is neither (an operator's `cli:…`, from a link), so that it shows.
fn actor_options(ctx: &Ctx, accounts: &[AuditActor], chosen: &str) -> Vec<ActorOption> {
    let mut options: Vec<ActorOption> = accounts
        .iter()
        .map(|a| {
            let mut label = format!("{} ({})", a.display_name, a.username);
            if !a.active {
                label = format!("{label} – {}", ctx.t.get("audit.inactive"));
            }
            ActorOption {
                selected: a.username == chosen,
                value: a.username.clone(),
                label,
            }
        })
        .collect();
    if !chosen.is_empty() && !options.iter().any(|o| o.selected) {
        options.push(ActorOption {
            value: chosen.to_string(),
            label: chosen.to_string(),
            selected: true,
        });
    }
    options
}

/// The filtered trail as CSV (at most 10,000 events, newest first), each time in UTC as
/// stored and in Amsterdam time with its offset.
/// `format` of the audit export: `csv` (the default) or `excel` (`;`, CRLF, a byte order mark).
#[derive(serde::Deserialize)]
pub struct ExportFormat {
    #[serde(default)]
    format: String,
}

pub async fn audit_export(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(filter): Query<AuditQuery>,
    Query(ExportFormat { format }): Query<ExportFormat>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let dialect = Dialect::parse(&format).ok_or_else(|| {
        let v = grenzeloos_domain::Violation::at(
            "invalid_choice",
            "format",
            format!(
                "{} is not a format of the export; use csv or excel",
                echo(&format)
            ),
        );
        PageError::new(&ctx, AppError::Invalid(v))
    })?;
    let (domain, store_filter) = match filter
        .domain()
        .and_then(|d| Ok((d, filter.filter(10_000)?)))
    {
        Ok(f) => f,
        Err(v) => return Err(PageError::new(&ctx, AppError::Invalid(v))),
    };
    let events = s
        .app
        .audit_events_in(&actor, domain, &store_filter)
        .await
        .or_page(&ctx)?;
    let header = [
        "seq",
        "at_utc",
        "at_europe_amsterdam",
        "actor",
        "action",
        "action_label",
        "object_type",
        "object_id",
        "outcome",
        "purpose",
        "details",
        "hash",
    ]
    .map(str::to_string);
    let rows = events.iter().map(|e| {
        let label = AuditAction::parse("action", &e.action)
            .map(|a| a.label(ctx.t.lang))
            .unwrap_or_default();
        [
            e.seq.to_string(),
            e.at.clone(),
            amsterdam_time(&e.at, "%Y-%m-%d %H:%M:%S %:z"),
            e.actor.clone(),
            e.action.clone(),
            label.to_string(),
            e.object_type.clone(),
            e.object_id.clone(),
            e.outcome.clone(),
            e.purpose.clone().unwrap_or_default(),
            e.details.clone().unwrap_or_default(),
            e.hash.clone(),
        ]
    });
    // The actor of a failed sign-in and a stated purpose are typed by users: neutralised
    // like every CSV cell the node hands out.
    let body = csv_in(dialect, std::iter::once(header).chain(rows));
    let filename = format!("attachment; filename=\"audittrail{}\"", dialect.suffix());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, filename),
        ],
        body,
    )
        .into_response())
}
