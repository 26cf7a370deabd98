//! Deployed officers (personal data, read with a purpose), their deployments, and erasure.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{FieldKind, FieldSpec, Pairs, ReturnQuery, Source, Sources, field, invalid};
use crate::ui::page_spec::{saved_redirect, show_form};
use crate::ui::pages::session::purpose_or_ask;
use crate::ui::sorting::{Column, Header, Key, column};
use crate::ui::{
    Ctx, FieldErrors, OrPage, PageResult, Values, form_target, forms, render, sorting,
};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method as M;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::AppError;
use grenzeloos_app::registry::OfficerDetail;
use grenzeloos_domain::registry::{DeploymentInput, DeploymentStatus, Gender, OfficerInput};
use grenzeloos_store::registry::{DeploymentFilter, OfficerRow, TeamRow};
use jiff::civil::Date;
use serde::Deserialize;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/officers",
            Needs(PersonalRead),
            "Officers (audited with the session's purpose)",
            officers,
        ),
        route(
            M::GET,
            "/officers/new",
            Needs(PersonalWrite),
            "Form: new officer",
            new_officer,
        ),
        route(
            M::POST,
            "/officers",
            Needs(PersonalWrite),
            "Save a new officer",
            create_officer,
        ),
        route(
            M::GET,
            "/officers/{id}",
            Needs(PersonalRead),
            "Officer with deployment history (audited)",
            officer,
        ),
        route(
            M::POST,
            "/officers/{id}/erase",
            Needs(PersonalErase),
            "Erase the officer's personal data (with a reason and a confirmation)",
            erase_officer,
        ),
        route(
            M::GET,
            "/officers/{id}/edit",
            Needs(PersonalWrite),
            "Form: correct an officer",
            edit_officer,
        ),
        route(
            M::POST,
            "/officers/{id}",
            Needs(PersonalWrite),
            "Save a corrected officer",
            update_officer,
        ),
        route(
            M::GET,
            "/deployments/new",
            Needs(PersonalWrite),
            "Form: new deployment",
            new_deployment,
        ),
        route(
            M::POST,
            "/deployments",
            Needs(PersonalWrite),
            "Save a new deployment",
            create_deployment,
        ),
        route(
            M::GET,
            "/deployments/{id}/edit",
            Needs(PersonalWrite),
            "Form: change a deployment, record consent",
            edit_deployment,
        ),
        route(
            M::POST,
            "/deployments/{id}",
            Needs(PersonalWrite),
            "Save a changed deployment",
            update_deployment,
        ),
    ];
    routes
}

#[derive(Template)]
#[template(path = "officers.html")]
struct OfficersPage {
    ctx: Ctx,
    headers: Vec<Header>,
    officers: Vec<(OfficerRow, String)>,
    q: String,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// The sortable columns of the officers list.
const OFFICER_COLUMNS: [Column; 4] = [
    column("name", "field.name"),
    column("personnel_number", "field.personnel_number"),
    column("rank", "field.rank"),
    column("now", "officers.now"),
];

pub async fn officers(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(f): Query<SearchQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let (ctx, order) = sorting::parse(ctx, &OFFICER_COLUMNS)?;
    let purpose = purpose_or_ask(&ctx)?;
    let all = s.app.officers(&actor, &purpose).await.or_page(&ctx)?;
    let now = DeploymentFilter {
        on: Some(s.app.today()),
        ..Default::default()
    };
    let current = s
        .app
        .deployments(&actor, &now, &purpose)
        .await
        .or_page(&ctx)?;
    let q = f.q.unwrap_or_default().trim().to_lowercase();
    let mut officers = all
        .into_iter()
        .filter(|o| {
            let o = &o.officer;
            q.is_empty()
                || format!("{} {} {}", o.given_name, o.family_name, o.personnel_number)
                    .to_lowercase()
                    .contains(&q)
        })
        .map(|o| {
            let mission = current
                .iter()
                .find(|d| {
                    d.deployment.officer_id == o.id && d.deployment.deployment.status.went_out()
                })
                .map(|d| d.mission_name.clone())
                .unwrap_or_default();
            (o, mission)
        })
        .collect::<Vec<_>>();
    // People the Dutch way ("de Graaf" under G), then in the order asked for.
    sorting::by_person(&mut officers, |(o, _)| {
        (
            o.officer.family_name.as_str(),
            o.officer.given_name.as_str(),
        )
    });
    sorting::apply(&mut officers, &order, |(o, mission), column| match column {
        0 => Key::person(&o.officer.family_name, &o.officer.given_name),
        1 => Key::text(&o.officer.personnel_number),
        2 => Key::text(o.officer.rank.as_deref().unwrap_or_default()),
        _ => Key::text(mission),
    });
    let headers = sorting::headers(&ctx, &OFFICER_COLUMNS, &order);
    Ok(render(&OfficersPage {
        ctx,
        headers,
        officers,
        q,
    }))
}

#[derive(Template)]
#[template(path = "officer.html")]
struct OfficerPage {
    ctx: Ctx,
    detail: OfficerDetail,
    gender_key: &'static str,
    erased: bool,
    /// The latest erasure of the officer's data, with how far its cleanup got.
    erasure: Option<grenzeloos_store::erasure::Erasure>,
    /// The erasure form as submitted, when it was refused.
    reason: String,
    errors: FieldErrors,
}

async fn officer_page(
    s: &WebState,
    ctx: Ctx,
    id: &str,
    reason: String,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let purpose = purpose_or_ask(&ctx)?;
    let detail = s.app.officer(&actor, id, &purpose).await.or_page(&ctx)?;
    let erasure = s
        .app
        .officer_erasures(&actor, id)
        .await
        .or_page(&ctx)?
        .pop();
    let gender_key = match detail.officer.officer.gender {
        grenzeloos_domain::registry::Gender::Female => "gender.female",
        grenzeloos_domain::registry::Gender::Male => "gender.male",
        grenzeloos_domain::registry::Gender::X => "gender.x",
    };
    let failed = !errors.is_empty();
    let page = render(&OfficerPage {
        ctx,
        erased: detail.officer.erased_at.is_some(),
        detail,
        gender_key,
        erasure,
        reason,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn officer(State(s): State<WebState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    officer_page(&s, ctx, &id, String::new(), FieldErrors::default()).await
}

/// The erase button of the officer page: erases only with the box ticked that confirms it
/// cannot be undone, and a reason (SPOC-14).
pub async fn erase_officer(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let reason = values.get("reason").to_string();
    if values.get("confirm") != "yes" {
        let message = ctx.t.get("erase.confirm_needed").to_string();
        let errors = FieldErrors(std::collections::HashMap::from([(
            "confirm".to_string(),
            message,
        )]));
        return officer_page(&s, ctx, &id, reason, errors).await;
    }
    let input = grenzeloos_domain::retention::ErasureInput {
        reason: reason.clone(),
    };
    match s.app.erase_officer(&actor, &id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/officers/{id}")).into_response()),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            officer_page(&s, ctx, &id, reason, errors).await
        }
    }
}

pub(crate) fn officer_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    let genders = Gender::ALL.iter().map(|g| g.as_str()).collect();
    vec![
        field("personnel_number", "field.personnel_number", Text).required(),
        field("given_name", "field.given_name", Text).required(),
        field("family_name", "field.family_name", Text).required(),
        // No gender is chosen for the user: the form starts at "choose".
        field("gender", "field.gender", Choice("gender", genders)).required(),
        field("rank", "field.rank", Text),
        field("unit", "field.unit", Text),
    ]
}

fn officer_form(ctx: Ctx, id: Option<&str>, values: Values, errors: FieldErrors) -> PageResult {
    let fields = forms::views(&ctx, &officer_fields(), &values, &errors, &Sources::new());
    let target = form_target(&ctx, "officers", "/officers", id);
    show_form(ctx, target, fields, &values, errors)
}

pub async fn new_officer(ctx: Ctx, Query(q): Query<ReturnQuery>) -> PageResult {
    officer_form(ctx, None, q.values(), FieldErrors::default())
}

pub async fn edit_officer(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let purpose = purpose_or_ask(&ctx)?;
    let detail = s.app.officer(&actor, &id, &purpose).await.or_page(&ctx)?;
    let o = &detail.officer.officer;
    let mut values = q.values();
    values.set("personnel_number", &o.personnel_number);
    values.set("given_name", &o.given_name);
    values.set("family_name", &o.family_name);
    values.set("gender", o.gender.as_str());
    values.set("rank", o.rank.clone().unwrap_or_default());
    values.set("unit", o.unit.clone().unwrap_or_default());
    officer_form(ctx, Some(&id), values, FieldErrors::default())
}

fn officer_input(values: &Values) -> OfficerInput {
    OfficerInput {
        personnel_number: values.get("personnel_number").into(),
        given_name: values.get("given_name").into(),
        family_name: values.get("family_name").into(),
        gender: values.get("gender").into(),
        rank: values.opt("rank"),
        unit: values.opt("unit"),
    }
}

pub async fn create_officer(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    match s.app.create_officer(&actor, &officer_input(&values)).await {
        Ok(row) => Ok(
            Redirect::to(&saved_redirect(&values, &format!("/officers/{}", row.id)))
                .into_response(),
        ),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            officer_form(ctx, None, values, errors)
        }
    }
}

pub async fn update_officer(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    match s
        .app
        .update_officer(&actor, &id, &officer_input(&values))
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&saved_redirect(&values, &format!("/officers/{id}"))).into_response())
        }
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            officer_form(ctx, Some(&id), values, errors)
        }
    }
}

pub(crate) fn deployment_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    let statuses = DeploymentStatus::ALL.iter().map(|s| s.as_str()).collect();
    vec![
        field("officer_id", "field.officer", Select(Source::Officers)).required(),
        field("mission_id", "field.mission", Select(Source::Missions)).required(),
        field("function", "field.function", Text).required(),
        // No status is chosen for the user: "planned" is a statement too.
        field(
            "status",
            "field.status",
            Choice("deployment_status", statuses),
        )
        .required(),
        field("start", "field.start_date", Date).required(),
        field("end", "field.end_date", Date),
        field("consent_date", "field.consent_date", Date).hint("hint.consent"),
        field("team_id", "field.team", Select(Source::Teams)),
    ]
}

/// The deployment an overlap refusal names, as a link beside the error: its mission and
/// period, which the officer's page shows too.
fn overlap_link(ctx: &Ctx, error: &AppError) -> Option<(String, String)> {
    let (AppError::Invalid(refusal) | AppError::Conflict(refusal)) = error else {
        return None;
    };
    let overlap = refusal.all().find(|v| v.code == "overlapping_deployment")?;
    let date = |key: &str| {
        overlap
            .detail(key)
            .and_then(|d| d.parse::<Date>().ok())
            .map(|d| ctx.t.date(&d))
    };
    let text = format!(
        "{}, {} – {}",
        overlap.detail("mission")?,
        date("start")?,
        date("end").unwrap_or_else(|| ctx.t.get("form.open_end").to_string())
    );
    let id = overlap.detail("deployment_id")?;
    Some((format!("/deployments/{id}/edit"), text))
}

async fn deployment_form(
    s: &WebState,
    ctx: Ctx,
    id: Option<&str>,
    values: Values,
    (errors, overlap): (FieldErrors, Option<(String, String)>),
) -> PageResult {
    let actor = ctx.signed_in()?;
    let purpose = purpose_or_ask(&ctx)?;
    let mut officers = s.app.officers(&actor, &purpose).await.or_page(&ctx)?;
    // The picker the Dutch way: "de Graaf" under G.
    sorting::by_person(&mut officers, |o| {
        (
            o.officer.family_name.as_str(),
            o.officer.given_name.as_str(),
        )
    });
    let officers = officers
        .into_iter()
        .map(|o| {
            (
                o.id,
                format!(
                    "{}, {} ({})",
                    o.officer.family_name, o.officer.given_name, o.officer.personnel_number
                ),
            )
        })
        .collect();
    let missions = s
        .app
        .missions(&actor, s.app.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|m| (m.mission.id, m.mission.mission.name))
        .collect();
    let teams = s
        .app
        .teams(&actor)
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|t: TeamRow| (t.id, t.team.name))
        .collect();
    let sources = Sources::from([
        (Source::Officers, Some(officers)),
        (Source::Missions, Some(missions)),
        (Source::Teams, Some(teams)),
    ]);
    let mut fields = forms::views(&ctx, &deployment_fields(), &values, &errors, &sources);
    if let Some(start) = fields.iter_mut().find(|f| f.name == "start") {
        start.link = overlap;
    }
    let target = match id {
        None => (
            ctx.t.get("deployments.new").to_string(),
            "/deployments".to_string(),
            "/".to_string(),
        ),
        Some(id) => (
            ctx.t.get("deployments.edit").to_string(),
            format!("/deployments/{id}"),
            "/".to_string(),
        ),
    };
    show_form(ctx, target, fields, &values, errors)
}

#[derive(Deserialize)]
pub struct NewDeploymentQuery {
    mission_id: Option<String>,
    officer_id: Option<String>,
    return_to: Option<String>,
}

/// A new deployment's form, from a mission's or an officer's page (which it names and goes
/// back to) or from anywhere.
pub async fn new_deployment(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(q): Query<NewDeploymentQuery>,
) -> PageResult {
    let came_from = match (&q.mission_id, &q.officer_id) {
        (Some(mission), _) if !mission.is_empty() => format!("/missions/{mission}"),
        (_, Some(officer)) if !officer.is_empty() => format!("/officers/{officer}"),
        _ => "/".to_string(),
    };
    let mut values = Values::default();
    values.set("mission_id", q.mission_id.unwrap_or_default());
    values.set("officer_id", q.officer_id.unwrap_or_default());
    values.set(
        "return_to",
        forms::return_path(
            q.return_to.as_deref(),
            &forms::return_path(Some(&came_from), "/"),
        ),
    );
    deployment_form(&s, ctx, None, values, Default::default()).await
}

pub async fn edit_deployment(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let purpose = purpose_or_ask(&ctx)?;
    let view = s
        .app
        .deployment(&actor, &id, &purpose)
        .await
        .or_page(&ctx)?;
    let d = &view.deployment;
    let mut values = Values::default();
    // By default back to the officer's page, which lists their deployments.
    values.set(
        "return_to",
        forms::return_path(
            q.return_to.as_deref(),
            &forms::return_path(Some(&format!("/officers/{}", d.officer_id)), "/"),
        ),
    );
    values.set("officer_id", &d.officer_id);
    values.set("mission_id", &d.mission_id);
    values.set("team_id", d.team_id.clone().unwrap_or_default());
    values.set("function", &d.deployment.function);
    values.set("status", d.deployment.status.as_str());
    values.set("start", d.deployment.period.start.to_string());
    values.set(
        "end",
        d.deployment
            .period
            .end
            .map(|e| e.to_string())
            .unwrap_or_default(),
    );
    values.set(
        "consent_date",
        d.deployment
            .consent
            .as_ref()
            .map(|c| c.date.to_string())
            .unwrap_or_default(),
    );
    deployment_form(&s, ctx, Some(&id), values, Default::default()).await
}

fn deployment_input(values: &Values) -> DeploymentInput {
    DeploymentInput {
        officer_id: values.get("officer_id").into(),
        mission_id: values.get("mission_id").into(),
        function: values.get("function").into(),
        start: values.get("start").into(),
        end: values.opt("end"),
        status: values.get("status").into(),
        consent_date: values.opt("consent_date"),
        team_id: values.opt("team_id"),
    }
}

pub async fn create_deployment(
    State(s): State<WebState>,
    ctx: Ctx,
    Form(pairs): Pairs,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    match s
        .app
        .create_deployment(&actor, &deployment_input(&values))
        .await
    {
        Ok(row) => Ok(Redirect::to(&saved_redirect(
            &values,
            &format!("/missions/{}", row.mission_id),
        ))
        .into_response()),
        Err(error) => {
            let overlap = overlap_link(&ctx, &error);
            let (ctx, errors) = ctx.form_errors(error)?;
            deployment_form(&s, ctx, None, values, (errors, overlap)).await
        }
    }
}

pub async fn update_deployment(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    match s
        .app
        .update_deployment(&actor, &id, &deployment_input(&values))
        .await
    {
        Ok(row) => Ok(Redirect::to(&saved_redirect(
            &values,
            &format!("/officers/{}", row.officer_id),
        ))
        .into_response()),
        Err(error) => {
            let overlap = overlap_link(&ctx, &error);
            let (ctx, errors) = ctx.form_errors(error)?;
            deployment_form(&s, ctx, Some(&id), values, (errors, overlap)).await
        }
    }
}
