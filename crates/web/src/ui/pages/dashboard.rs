//! The start page: what needs attention today, with the overview's chart.

use crate::WebState;
use crate::auth::Access::SignedIn;
use crate::routes::{Route, route};
use crate::ui::{Ctx, OrPage, PageResult, charts, render};
use askama::Template;
use axum::extract::State;
use axum::http::Method as M;
use grenzeloos_app::agenda::Agenda;
use grenzeloos_app::overview::Overview;
use grenzeloos_app::registry::Attention;
use grenzeloos_domain::access::{Permission, Purpose};

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    let routes = vec![route(
        M::GET,
        "/",
        SignedIn,
        "Dashboard: what needs attention",
        dashboard,
    )];
    routes
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    overview: Option<Overview>,
    chart: String,
    attention: Option<Attention>,
    needs_purpose: bool,
    agenda: Option<Agenda>,
}

pub(crate) fn overview_chart(ctx: &Ctx, overview: &Overview) -> String {
    let rows: Vec<(String, i64)> = overview
        .missions
        .iter()
        .map(|m| (m.mission.clone(), m.officers))
        .collect();
    charts::bars(ctx.t.get("overview.chart_title"), &rows)
}

pub async fn dashboard(State(state): State<WebState>, ctx: Ctx) -> PageResult {
    let actor = ctx.signed_in()?;
    let today = state.app.today();
    let overview = if actor.can(Permission::ReportRead) {
        Some(
            state
                .app
                .deployment_overview(&actor, today, None)
                .await
                .or_page(&ctx)?,
        )
    } else {
        None
    };
    let chart = overview
        .as_ref()
        .map(|o| overview_chart(&ctx, o))
        .unwrap_or_default();
    let mut needs_purpose = false;
    let attention = if actor.can(Permission::PersonalRead) {
        match Purpose::parse(ctx.purpose.as_deref()) {
            Ok(purpose) => Some(
                state
                    .app
                    .attention(&actor, today, 30, &purpose)
                    .await
                    .or_page(&ctx)?,
            ),
            Err(_) => {
                needs_purpose = true;
                None
            }
        }
    } else {
        None
    };
    let agenda = if actor.can(Permission::RegistryRead) {
        Some(state.app.agenda(&actor, today, 90).await.or_page(&ctx)?)
    } else {
        None
    };
    Ok(render(&DashboardPage {
        ctx,
        overview,
        chart,
        attention,
        needs_purpose,
        agenda,
    }))
}
