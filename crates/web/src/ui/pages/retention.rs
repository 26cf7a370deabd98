//! The retention page (WPG-02, SPOC-14): what the retention rules make due, with a decision form per subject.

use crate::WebState;
use crate::auth::Access::NeedsAny;
use crate::routes::RETENTION_DECIDERS;
use crate::routes::{Route, route};
use crate::ui::{Ctx, FieldErrors, OrPage, PageResult, Values, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method as M;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::retention::RetentionList;
use grenzeloos_domain::retention::DecisionInput;
use serde::Deserialize;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    let routes = vec![
        route(
            M::GET,
            "/retention",
            // Each category's decider sees its own (the desk its SPOC cases); the use case
            // checks the permission per category.
            NeedsAny(RETENTION_DECIDERS),
            "What the retention rules make due, with a decision per subject",
            list,
        ),
        route(
            M::POST,
            "/retention/{id}",
            NeedsAny(RETENTION_DECIDERS),
            "Decide on data due for review or erasure",
            decide,
        ),
    ];
    routes
}

#[derive(Template)]
#[template(path = "retention.html")]
struct RetentionPage {
    ctx: Ctx,
    list: RetentionList,
    /// The review whose decision was refused, with the form as sent and its errors.
    failed: String,
    values: Values,
    errors: FieldErrors,
    decided: bool,
}

#[derive(Deserialize)]
pub struct Done {
    decided: Option<String>,
}

async fn page(
    s: &WebState,
    ctx: Ctx,
    failed: String,
    values: Values,
    errors: FieldErrors,
    decided: bool,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let list = s.app.retention_list(&actor).await.or_page(&ctx)?;
    let refused = !errors.is_empty();
    let page = render(&RetentionPage {
        ctx,
        list,
        failed,
        values,
        errors,
        decided,
    });
    if refused {
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    } else {
        Ok(page)
    }
}

pub async fn list(State(s): State<WebState>, ctx: Ctx, Query(done): Query<Done>) -> PageResult {
    let decided = done.decided.is_some();
    page(
        &s,
        ctx,
        String::new(),
        Values::default(),
        FieldErrors::default(),
        decided,
    )
    .await
}

pub async fn decide(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let input = DecisionInput {
        decision: values.get("decision").to_string(),
        reason: values.get("reason").to_string(),
        keep_until: values.opt("keep_until"),
    };
    match s.app.decide_retention(&actor, &id, &input).await {
        Ok(_) => Ok(Redirect::to("/retention?decided=1").into_response()),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            page(&s, ctx, id, values, errors, false).await
        }
    }
}
