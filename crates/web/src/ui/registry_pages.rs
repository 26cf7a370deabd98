//! Pages of the registry: missions, officers, deployments, teams, partners.

use super::pages::purpose_or_ask;
use super::{Ctx, FieldErrors, Values, app_error, form_target, render};
use crate::WebState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use grenzeloos_app::registry::{DeploymentView, MissionDetail, MissionSummary, OfficerDetail};
use grenzeloos_app::{Actor, AppError};
use grenzeloos_domain::registry::{
    Contribution, DeploymentInput, DeploymentStatus, LocationInput, MissionInput, OfficerInput,
    PartnerInput, TeamInput,
};
use grenzeloos_domain::time::parse_date;
use grenzeloos_store::registry::{DeploymentFilter, OfficerRow, PartnerRow, TeamRow};
use jiff::civil::Date;
use serde::Deserialize;

type Options = Vec<(String, String)>;
type Pairs = Form<Vec<(String, String)>>;

/// Unwraps a step of a page, or returns the page that explains why it could not be taken.
macro_rules! attempt {
    ($ctx:expr, $result:expr) => {
        match $result {
            Ok(value) => value,
            Err(error) => return app_error($ctx, error),
        }
    };
}

fn reference_date(value: Option<&str>, today: Date) -> Date {
    value
        .and_then(|v| parse_date("as_of", v).ok())
        .unwrap_or(today)
}

fn invalid(page: Response) -> Response {
    (StatusCode::BAD_REQUEST, page).into_response()
}

// -- missions ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "missions.html")]
struct MissionsPage {
    ctx: Ctx,
    missions: Vec<MissionSummary>,
    mandators: Vec<String>,
    q: String,
    mandated_by: String,
    state: String,
    as_of: String,
}

#[derive(Deserialize)]
pub struct MissionFilter {
    q: Option<String>,
    mandated_by: Option<String>,
    state: Option<String>,
    as_of: Option<String>,
}

pub async fn missions(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(f): Query<MissionFilter>,
) -> Response {
    let actor = signed_in!(ctx);
    let as_of = reference_date(f.as_of.as_deref(), s.app.today());
    let all = attempt!(ctx, s.app.missions(&actor, as_of).await);
    let mut mandators: Vec<String> = all
        .iter()
        .map(|m| m.mission.mission.mandated_by.clone())
        .collect();
    mandators.sort();
    mandators.dedup();
    let q = f.q.unwrap_or_default().trim().to_lowercase();
    let mandated_by = f.mandated_by.unwrap_or_default();
    let state = f
        .state
        .filter(|s| ["staffed", "running", "all"].contains(&s.as_str()))
        .unwrap_or_else(|| "all".into());
    let missions = all
        .into_iter()
        .filter(|m| {
            q.is_empty()
                || m.mission.mission.name.to_lowercase().contains(&q)
                || m.station.to_lowercase().contains(&q)
                || m.country.to_lowercase().contains(&q)
        })
        .filter(|m| mandated_by.is_empty() || m.mission.mission.mandated_by == mandated_by)
        .filter(|m| match state.as_str() {
            "staffed" => m.officers > 0,
            "running" => m.mission.mission.period.contains(as_of),
            _ => true,
        })
        .collect();
    render(&MissionsPage {
        ctx,
        missions,
        mandators,
        q,
        mandated_by,
        state,
        as_of: as_of.to_string(),
    })
}

#[derive(Template)]
#[template(path = "mission.html")]
struct MissionPage {
    ctx: Ctx,
    detail: MissionDetail,
    as_of: Date,
    deployments: Option<Vec<DeploymentView>>,
    values: Values,
    errors: FieldErrors,
}

#[derive(Deserialize)]
pub struct AsOfQuery {
    as_of: Option<String>,
}

async fn mission_page(
    s: &WebState,
    ctx: Ctx,
    id: &str,
    as_of: Date,
    values: Values,
    errors: FieldErrors,
) -> Response {
    let actor = signed_in!(ctx);
    let detail = attempt!(ctx, s.app.mission(&actor, id, as_of).await);
    // Names only for roles that may read personal data, with the purpose of this session.
    let deployments = if actor.can(grenzeloos_domain::access::Permission::PersonalRead) {
        let purpose = match purpose_or_ask(&ctx) {
            Ok(p) => p,
            Err(r) => return r.into_response(),
        };
        let filter = DeploymentFilter {
            mission_id: Some(id.to_string()),
            ..Default::default()
        };
        Some(attempt!(
            ctx,
            s.app.deployments(&actor, &filter, &purpose).await
        ))
    } else {
        None
    };
    let failed = !errors.is_empty();
    let page = render(&MissionPage {
        ctx,
        detail,
        as_of,
        deployments,
        values,
        errors,
    });
    if failed { invalid(page) } else { page }
}

pub async fn mission(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> Response {
    let as_of = reference_date(q.as_of.as_deref(), s.app.today());
    mission_page(
        &s,
        ctx,
        &id,
        as_of,
        Values::default(),
        FieldErrors::default(),
    )
    .await
}

pub async fn record_location(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    let input = LocationInput {
        valid_from: values.get("valid_from").into(),
        countries: values.get("countries").into(),
        station: values.get("station").into(),
    };
    match s.app.record_location(&actor, &id, &input).await {
        Ok(_) => Redirect::to(&format!("/missions/{id}")).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => mission_page(&s, ctx, &id, s.app.today(), values, errors).await,
            Err(page) => page,
        },
    }
}

#[derive(Template)]
#[template(path = "mission_form.html")]
struct MissionForm {
    ctx: Ctx,
    title: String,
    action: String,
    cancel: String,
    partners: Options,
    values: Values,
    errors: FieldErrors,
}

async fn partner_options(s: &WebState, actor: &Actor) -> Result<Options, AppError> {
    Ok(s.app
        .partners(actor)
        .await?
        .into_iter()
        .map(|p: PartnerRow| {
            (
                p.partner.code.clone(),
                format!("{} – {}", p.partner.code, p.partner.name_nl),
            )
        })
        .collect())
}

async fn mission_form(
    s: &WebState,
    ctx: Ctx,
    id: Option<&str>,
    values: Values,
    errors: FieldErrors,
) -> Response {
    let actor = signed_in!(ctx);
    let partners = attempt!(ctx, partner_options(s, &actor).await);
    let (title, action, cancel) = form_target(&ctx, "missions", "/missions", id);
    let failed = !errors.is_empty();
    let page = render(&MissionForm {
        ctx,
        title,
        action,
        cancel,
        partners,
        values,
        errors,
    });
    if failed { invalid(page) } else { page }
}

pub async fn new_mission(State(s): State<WebState>, ctx: Ctx) -> Response {
    mission_form(&s, ctx, None, Values::default(), FieldErrors::default()).await
}

pub async fn edit_mission(State(s): State<WebState>, ctx: Ctx, Path(id): Path<String>) -> Response {
    let actor = signed_in!(ctx);
    let detail = attempt!(ctx, s.app.mission(&actor, &id, s.app.today()).await);
    let mission = &detail.summary.mission.mission;
    let first = detail.locations.first();
    let mut values = Values::default();
    values.set("name", &mission.name);
    values.set("acronym", mission.acronym.clone().unwrap_or_default());
    values.set("mandated_by", &mission.mandated_by);
    values.set("start", mission.period.start.to_string());
    values.set(
        "end",
        mission
            .period
            .end
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    values.set(
        "countries",
        first
            .map(|l| l.location.country_codes.join(","))
            .unwrap_or_default(),
    );
    values.set(
        "station",
        first
            .map(|l| l.location.station.clone())
            .unwrap_or_default(),
    );
    mission_form(&s, ctx, Some(&id), values, FieldErrors::default()).await
}

fn mission_input(values: &Values) -> MissionInput {
    MissionInput {
        name: values.get("name").into(),
        acronym: values.opt("acronym"),
        mandated_by: values.get("mandated_by").into(),
        start: values.get("start").into(),
        end: values.opt("end"),
        countries: values.get("countries").into(),
        station: values.get("station").into(),
    }
}

pub async fn create_mission(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    match s.app.create_mission(&actor, &mission_input(&values)).await {
        Ok(row) => Redirect::to(&format!("/missions/{}", row.id)).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => mission_form(&s, ctx, None, values, errors).await,
            Err(page) => page,
        },
    }
}

pub async fn update_mission(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    match s
        .app
        .update_mission(&actor, &id, &mission_input(&values))
        .await
    {
        Ok(_) => Redirect::to(&format!("/missions/{id}")).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => mission_form(&s, ctx, Some(&id), values, errors).await,
            Err(page) => page,
        },
    }
}

// -- officers ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "officers.html")]
struct OfficersPage {
    ctx: Ctx,
    officers: Vec<(OfficerRow, String)>,
    q: String,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn officers(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(f): Query<SearchQuery>,
) -> Response {
    let actor = signed_in!(ctx);
    let purpose = match purpose_or_ask(&ctx) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let all = attempt!(ctx, s.app.officers(&actor, &purpose).await);
    let now = DeploymentFilter {
        on: Some(s.app.today()),
        ..Default::default()
    };
    let current = attempt!(ctx, s.app.deployments(&actor, &now, &purpose).await);
    let q = f.q.unwrap_or_default().trim().to_lowercase();
    let officers = all
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
        .collect();
    render(&OfficersPage { ctx, officers, q })
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
) -> Response {
    let actor = signed_in!(ctx);
    let purpose = match purpose_or_ask(&ctx) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let detail = attempt!(ctx, s.app.officer(&actor, id, &purpose).await);
    let erasure = attempt!(ctx, s.app.officer_erasures(&actor, id).await).pop();
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
    if failed { invalid(page) } else { page }
}

pub async fn officer(State(s): State<WebState>, ctx: Ctx, Path(id): Path<String>) -> Response {
    officer_page(&s, ctx, &id, String::new(), FieldErrors::default()).await
}

/// The erase button of the officer page: erases only with the box ticked that confirms it
/// cannot be undone, and a reason (SPOC-14).
pub async fn erase_officer(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> Response {
    let actor = signed_in!(ctx);
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
        Ok(_) => Redirect::to(&format!("/officers/{id}")).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => officer_page(&s, ctx, &id, reason, errors).await,
            Err(page) => page,
        },
    }
}

#[derive(Template)]
#[template(path = "officer_form.html")]
struct OfficerForm {
    ctx: Ctx,
    title: String,
    action: String,
    cancel: String,
    genders: Options,
    values: Values,
    errors: FieldErrors,
}

fn officer_form(ctx: Ctx, id: Option<&str>, values: Values, errors: FieldErrors) -> Response {
    let genders = ["female", "male", "x"]
        .iter()
        .map(|g| (g.to_string(), ctx.t.get(&format!("gender.{g}")).to_string()))
        .collect();
    let (title, action, cancel) = form_target(&ctx, "officers", "/officers", id);
    let failed = !errors.is_empty();
    let page = render(&OfficerForm {
        ctx,
        title,
        action,
        cancel,
        genders,
        values,
        errors,
    });
    if failed { invalid(page) } else { page }
}

pub async fn new_officer(ctx: Ctx) -> Response {
    officer_form(ctx, None, Values::default(), FieldErrors::default())
}

pub async fn edit_officer(State(s): State<WebState>, ctx: Ctx, Path(id): Path<String>) -> Response {
    let actor = signed_in!(ctx);
    let purpose = match purpose_or_ask(&ctx) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let detail = attempt!(ctx, s.app.officer(&actor, &id, &purpose).await);
    let o = &detail.officer.officer;
    let mut values = Values::default();
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

pub async fn create_officer(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    match s.app.create_officer(&actor, &officer_input(&values)).await {
        Ok(row) => Redirect::to(&format!("/officers/{}", row.id)).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => officer_form(ctx, None, values, errors),
            Err(page) => page,
        },
    }
}

pub async fn update_officer(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    match s
        .app
        .update_officer(&actor, &id, &officer_input(&values))
        .await
    {
        Ok(_) => Redirect::to(&format!("/officers/{id}")).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => officer_form(ctx, Some(&id), values, errors),
            Err(page) => page,
        },
    }
}

// -- deployments -------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "deployment_form.html")]
struct DeploymentForm {
    ctx: Ctx,
    title: String,
    action: String,
    cancel: String,
    officers: Options,
    missions: Options,
    statuses: Options,
    teams: Options,
    values: Values,
    errors: FieldErrors,
}

async fn deployment_form(
    s: &WebState,
    ctx: Ctx,
    id: Option<&str>,
    values: Values,
    errors: FieldErrors,
) -> Response {
    let actor = signed_in!(ctx);
    let purpose = match purpose_or_ask(&ctx) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let officers = attempt!(ctx, s.app.officers(&actor, &purpose).await)
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
    let missions = attempt!(ctx, s.app.missions(&actor, s.app.today()).await)
        .into_iter()
        .map(|m| (m.mission.id, m.mission.mission.name))
        .collect();
    let teams = attempt!(ctx, s.app.teams(&actor).await)
        .into_iter()
        .map(|t: TeamRow| (t.id, t.team.name))
        .collect();
    let statuses = DeploymentStatus::ALL
        .iter()
        .map(|st| (st.as_str().to_string(), ctx.status(st.as_str()).to_string()))
        .collect();
    let (title, action, cancel) = match id {
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
    let failed = !errors.is_empty();
    let page = render(&DeploymentForm {
        ctx,
        title,
        action,
        cancel,
        officers,
        missions,
        statuses,
        teams,
        values,
        errors,
    });
    if failed { invalid(page) } else { page }
}

#[derive(Deserialize)]
pub struct NewDeploymentQuery {
    mission_id: Option<String>,
    officer_id: Option<String>,
}

pub async fn new_deployment(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(q): Query<NewDeploymentQuery>,
) -> Response {
    let mut values = Values::default();
    values.set("mission_id", q.mission_id.unwrap_or_default());
    values.set("officer_id", q.officer_id.unwrap_or_default());
    values.set("status", "planned");
    deployment_form(&s, ctx, None, values, FieldErrors::default()).await
}

pub async fn edit_deployment(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Response {
    let actor = signed_in!(ctx);
    let purpose = match purpose_or_ask(&ctx) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let view = attempt!(ctx, s.app.deployment(&actor, &id, &purpose).await);
    let d = &view.deployment;
    let mut values = Values::default();
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
    deployment_form(&s, ctx, Some(&id), values, FieldErrors::default()).await
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
) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    match s
        .app
        .create_deployment(&actor, &deployment_input(&values))
        .await
    {
        Ok(row) => Redirect::to(&format!("/missions/{}", row.mission_id)).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => deployment_form(&s, ctx, None, values, errors).await,
            Err(page) => page,
        },
    }
}

pub async fn update_deployment(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    match s
        .app
        .update_deployment(&actor, &id, &deployment_input(&values))
        .await
    {
        Ok(row) => Redirect::to(&format!("/officers/{}", row.officer_id)).into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => deployment_form(&s, ctx, Some(&id), values, errors).await,
            Err(page) => page,
        },
    }
}

// -- teams -------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "teams.html")]
struct TeamsPage {
    ctx: Ctx,
    teams: Vec<(TeamRow, String)>,
}

pub async fn teams(State(s): State<WebState>, ctx: Ctx) -> Response {
    let actor = signed_in!(ctx);
    let all = attempt!(ctx, s.app.teams(&actor).await);
    let missions = attempt!(ctx, s.app.missions(&actor, s.app.today()).await);
    let teams = all
        .into_iter()
        .map(|t| {
            let name = missions
                .iter()
                .find(|m| m.mission.id == t.mission_id)
                .map(|m| m.mission.mission.name.clone())
                .unwrap_or_default();
            (t, name)
        })
        .collect();
    render(&TeamsPage { ctx, teams })
}

/// Rows for contributing countries on the team form.
const CONTRIBUTION_ROWS: usize = 4;

#[derive(Template)]
#[template(path = "team_form.html")]
struct TeamForm {
    ctx: Ctx,
    title: String,
    action: String,
    missions: Options,
    rows: Vec<(String, String)>,
    values: Values,
    errors: FieldErrors,
}

async fn team_form(
    s: &WebState,
    ctx: Ctx,
    id: Option<&str>,
    values: Values,
    errors: FieldErrors,
) -> Response {
    let actor = signed_in!(ctx);
    let missions = attempt!(ctx, s.app.missions(&actor, s.app.today()).await)
        .into_iter()
        .map(|m| (m.mission.id, m.mission.mission.name))
        .collect();
    let rows = (1..=CONTRIBUTION_ROWS)
        .map(|i| (format!("partner_{i}"), format!("officers_{i}")))
        .collect();
    let (title, action) = match id {
        None => (ctx.t.get("teams.new").to_string(), "/teams".to_string()),
        Some(id) => (ctx.t.get("teams.edit").to_string(), format!("/teams/{id}")),
    };
    let failed = !errors.is_empty();
    let page = render(&TeamForm {
        ctx,
        title,
        action,
        missions,
        rows,
        values,
        errors,
    });
    if failed { invalid(page) } else { page }
}

pub async fn new_team(State(s): State<WebState>, ctx: Ctx) -> Response {
    team_form(&s, ctx, None, Values::default(), FieldErrors::default()).await
}

pub async fn edit_team(State(s): State<WebState>, ctx: Ctx, Path(id): Path<String>) -> Response {
    let actor = signed_in!(ctx);
    let team = attempt!(ctx, s.app.team(&actor, &id).await);
    let mut values = Values::default();
    values.set("name", &team.team.name);
    values.set("mission_id", &team.mission_id);
    values.set("task", &team.team.task);
    values.set("start", team.team.period.start.to_string());
    values.set(
        "end",
        team.team
            .period
            .end
            .map(|e| e.to_string())
            .unwrap_or_default(),
    );
    for (i, c) in team.team.contributions.iter().enumerate() {
        values.set(&format!("partner_{}", i + 1), &c.partner);
        values.set(&format!("officers_{}", i + 1), c.officers.to_string());
    }
    team_form(&s, ctx, Some(&id), values, FieldErrors::default()).await
}

fn team_input(values: &Values) -> Result<TeamInput, grenzeloos_domain::Violation> {
    let mut contributions = Vec::new();
    for i in 1..=CONTRIBUTION_ROWS {
        let Some(partner) = values.opt(&format!("partner_{i}")) else {
            continue;
        };
        let field = format!("officers_{i}");
        let officers = values.get(&field).trim().parse::<u32>().map_err(|_| {
            grenzeloos_domain::Violation::at(
                "invalid_number",
                field.clone(),
                "give the number of officers as a whole number",
            )
        })?;
        contributions.push(Contribution { partner, officers });
    }
    Ok(TeamInput {
        name: values.get("name").into(),
        mission_id: values.get("mission_id").into(),
        task: values.get("task").into(),
        start: values.get("start").into(),
        end: values.opt("end"),
        contributions,
    })
}

async fn save_team(s: &WebState, ctx: Ctx, id: Option<&str>, values: Values) -> Response {
    let actor = signed_in!(ctx);
    let saved = match team_input(&values) {
        Err(v) => Err(AppError::Invalid(v)),
        Ok(input) => match id {
            None => s.app.create_team(&actor, &input).await,
            Some(id) => s.app.update_team(&actor, id, &input).await,
        },
    };
    match saved {
        Ok(_) => Redirect::to("/teams").into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => team_form(s, ctx, id, values, errors).await,
            Err(page) => page,
        },
    }
}

pub async fn create_team(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> Response {
    save_team(&s, ctx, None, Values::from_pairs(pairs)).await
}

pub async fn update_team(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> Response {
    save_team(&s, ctx, Some(&id), Values::from_pairs(pairs)).await
}

// -- partners ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "partners.html")]
struct PartnersPage {
    ctx: Ctx,
    partners: Vec<PartnerRow>,
    kinds: Options,
    values: Values,
    errors: FieldErrors,
}

async fn partners_page(s: &WebState, ctx: Ctx, values: Values, errors: FieldErrors) -> Response {
    let actor = signed_in!(ctx);
    let partners = attempt!(ctx, s.app.partners(&actor).await);
    let kinds = ["state", "kingdom_partner", "organisation"]
        .iter()
        .map(|k| (k.to_string(), ctx.partner_kind(k).to_string()))
        .collect();
    let failed = !errors.is_empty();
    let page = render(&PartnersPage {
        ctx,
        partners,
        kinds,
        values,
        errors,
    });
    if failed { invalid(page) } else { page }
}

pub async fn partners(State(s): State<WebState>, ctx: Ctx) -> Response {
    partners_page(&s, ctx, Values::default(), FieldErrors::default()).await
}

pub async fn create_partner(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> Response {
    let actor = signed_in!(ctx);
    let values = Values::from_pairs(pairs);
    let input = PartnerInput {
        code: values.get("code").trim().to_uppercase(),
        kind: values.get("kind").into(),
        name_nl: values.opt("name_nl"),
        name_en: values.opt("name_en"),
    };
    match s.app.create_partner(&actor, &input).await {
        Ok(_) => Redirect::to("/partners").into_response(),
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => partners_page(&s, ctx, values, errors).await,
            Err(page) => page,
        },
    }
}
