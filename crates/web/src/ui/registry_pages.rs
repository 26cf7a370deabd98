//! Pages of the registry: missions, officers, deployments, teams, partners.
//!
//! Their forms are tables of fields (`forms::FieldSpec`) shown as every other form of the
//! node: every error at its field, listed at the top, the first one focused; nothing chosen
//! for the user; back where the user came from after saving or cancelling.

use super::forms::{self, FieldKind, FieldSpec, FieldView, Source, Sources, field};
use super::instrument_pages::{FormPage, saved_redirect};
use super::pages::purpose_or_ask;
use super::sorting::{self, Column, Header, Key, column, numeric};
use super::{Ctx, FieldErrors, OrPage, PageResult, Values, form_target, render};
use crate::WebState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use grenzeloos_app::registry::{DeploymentView, MissionDetail, MissionSummary, OfficerDetail};
use grenzeloos_app::{Actor, AppError};
use grenzeloos_domain::registry::{
    Contribution, DeploymentInput, DeploymentStatus, Gender, LocationInput, MissionInput,
    OfficerInput, PartnerInput, PartnerKind, TeamInput,
};
use grenzeloos_domain::time::parse_date;
use grenzeloos_domain::{Violation, error::Checks};
use grenzeloos_store::registry::{DeploymentFilter, OfficerRow, PartnerRow, TeamRow};
use jiff::civil::Date;
use serde::Deserialize;

type Options = Vec<(String, String)>;
type Pairs = Form<Vec<(String, String)>>;

fn reference_date(value: Option<&str>, today: Date) -> Date {
    value
        .and_then(|v| parse_date("as_of", v).ok())
        .unwrap_or(today)
}

fn invalid(page: Response) -> Response {
    (StatusCode::BAD_REQUEST, page).into_response()
}

/// A form's query: it may say where the user came from.
#[derive(Deserialize)]
pub struct ReturnQuery {
    return_to: Option<String>,
}

impl ReturnQuery {
    /// The values a form starts with: only where it goes back to.
    fn values(self) -> Values {
        let mut values = Values::default();
        if let Some(return_to) = self.return_to {
            values.set("return_to", return_to);
        }
        values
    }
}

/// Renders a registry form (400 when it comes back refused); it goes back to `return_to`
/// among the values, else to `cancel`.
fn show_form(
    ctx: Ctx,
    (title, action, cancel): (String, String, String),
    fields: Vec<FieldView>,
    values: &Values,
    errors: FieldErrors,
) -> PageResult {
    let cancel = forms::return_path(values.opt("return_to").as_deref(), &cancel);
    let failed = !errors.is_empty();
    let page = render(&FormPage {
        ctx,
        title,
        action,
        cancel,
        fields,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

// -- missions ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "missions.html")]
struct MissionsPage {
    ctx: Ctx,
    headers: Vec<Header>,
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

/// The sortable columns of the missions list.
const MISSION_COLUMNS: [Column; 6] = [
    column("name", "overview.mission"),
    column("mandated_by", "field.mandated_by"),
    column("country", "overview.country"),
    column("station", "overview.station"),
    column("start", "field.period"),
    numeric("officers", "missions.officers"),
];

pub async fn missions(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(f): Query<MissionFilter>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let (ctx, order) = sorting::parse(ctx, &MISSION_COLUMNS)?;
    let as_of = reference_date(f.as_of.as_deref(), s.app.today());
    let all = s.app.missions(&actor, as_of).await.or_page(&ctx)?;
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
    let mut missions = all
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
        .collect::<Vec<_>>();
    let english = ctx.t.lang == super::i18n::Lang::En;
    sorting::apply(&mut missions, &order, |m, column| match column {
        0 => Key::text(&m.mission.mission.name),
        1 => Key::text(&m.mission.mission.mandated_by),
        2 => Key::text(if english { &m.country_en } else { &m.country }),
        3 => Key::text(&m.station),
        4 => Key::Date(Some(m.mission.mission.period.start)),
        _ => Key::Number(Some(m.officers)),
    });
    let headers = sorting::headers(&ctx, &MISSION_COLUMNS, &order);
    Ok(render(&MissionsPage {
        ctx,
        headers,
        missions,
        mandators,
        q,
        mandated_by,
        state,
        as_of: as_of.to_string(),
    }))
}

#[derive(Template)]
#[template(path = "mission.html")]
struct MissionPage {
    ctx: Ctx,
    detail: MissionDetail,
    as_of: Date,
    deployments: Option<Vec<DeploymentView>>,
    /// The form that records a move of the mission.
    fields: Vec<FieldView>,
    errors: FieldErrors,
}

/// The form of a mission's move: from when, where to.
fn location_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    vec![
        field("valid_from", "field.valid_from", Date).required(),
        field("countries", "field.countries", Text)
            .required()
            .hint("hint.countries"),
        field("station", "overview.station", Text).required(),
    ]
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
) -> PageResult {
    let actor = ctx.signed_in()?;
    let detail = s.app.mission(&actor, id, as_of).await.or_page(&ctx)?;
    // Names only for roles that may read personal data, with the purpose of this session.
    let deployments = if actor.can(grenzeloos_domain::access::Permission::PersonalRead) {
        let purpose = purpose_or_ask(&ctx)?;
        let filter = DeploymentFilter {
            mission_id: Some(id.to_string()),
            ..Default::default()
        };
        Some(
            s.app
                .deployments(&actor, &filter, &purpose)
                .await
                .or_page(&ctx)?,
        )
    } else {
        None
    };
    let fields = forms::views(&ctx, &location_fields(), &values, &errors, &Sources::new());
    let failed = !errors.is_empty();
    let page = render(&MissionPage {
        ctx,
        detail,
        as_of,
        deployments,
        fields,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn mission(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<AsOfQuery>,
) -> PageResult {
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
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let input = LocationInput {
        valid_from: values.get("valid_from").into(),
        countries: values.get("countries").into(),
        station: values.get("station").into(),
    };
    match s.app.record_location(&actor, &id, &input).await {
        Ok(_) => Ok(Redirect::to(&forms::saved_at(&format!("/missions/{id}"))).into_response()),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            mission_page(&s, ctx, &id, s.app.today(), values, errors).await
        }
    }
}

fn mission_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    vec![
        field("name", "field.name", Text).required(),
        field("acronym", "field.acronym", Text),
        field("mandated_by", "field.mandated_by", Select(Source::Partners)).required(),
        field("start", "field.start_date", Date).required(),
        field("end", "field.end_date", Date),
        field("countries", "field.countries", Text)
            .required()
            .hint("hint.countries"),
        field("station", "overview.station", Text).required(),
    ]
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
) -> PageResult {
    let actor = ctx.signed_in()?;
    let partners = partner_options(s, &actor).await.or_page(&ctx)?;
    let sources = Sources::from([(Source::Partners, Some(partners))]);
    let fields = forms::views(&ctx, &mission_fields(), &values, &errors, &sources);
    let target = form_target(&ctx, "missions", "/missions", id);
    show_form(ctx, target, fields, &values, errors)
}

pub async fn new_mission(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(q): Query<ReturnQuery>,
) -> PageResult {
    mission_form(&s, ctx, None, q.values(), FieldErrors::default()).await
}

pub async fn edit_mission(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let detail = s
        .app
        .mission(&actor, &id, s.app.today())
        .await
        .or_page(&ctx)?;
    let mission = &detail.summary.mission.mission;
    let first = detail.locations.first();
    let mut values = q.values();
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

pub async fn create_mission(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    match s.app.create_mission(&actor, &mission_input(&values)).await {
        Ok(row) => Ok(
            Redirect::to(&saved_redirect(&values, &format!("/missions/{}", row.id)))
                .into_response(),
        ),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            mission_form(&s, ctx, None, values, errors).await
        }
    }
}

pub async fn update_mission(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    match s
        .app
        .update_mission(&actor, &id, &mission_input(&values))
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&saved_redirect(&values, &format!("/missions/{id}"))).into_response())
        }
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            mission_form(&s, ctx, Some(&id), values, errors).await
        }
    }
}

// -- officers ----------------------------------------------------------------------------------

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

fn officer_fields() -> Vec<FieldSpec> {
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

// -- deployments -------------------------------------------------------------------------------

fn deployment_fields() -> Vec<FieldSpec> {
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

// -- teams -------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "teams.html")]
struct TeamsPage {
    ctx: Ctx,
    headers: Vec<Header>,
    teams: Vec<(TeamRow, String)>,
}

/// The sortable columns of the teams list.
const TEAM_COLUMNS: [Column; 5] = [
    column("name", "field.name"),
    column("mission", "field.mission"),
    column("task", "field.task"),
    column("start", "field.period"),
    column("officers", "teams.contributions"),
];

pub async fn teams(State(s): State<WebState>, ctx: Ctx) -> PageResult {
    let actor = ctx.signed_in()?;
    let (ctx, order) = sorting::parse(ctx, &TEAM_COLUMNS)?;
    let all = s.app.teams(&actor).await.or_page(&ctx)?;
    let missions = s.app.missions(&actor, s.app.today()).await.or_page(&ctx)?;
    let mut teams = all
        .into_iter()
        .map(|t| {
            let name = missions
                .iter()
                .find(|m| m.mission.id == t.mission_id)
                .map(|m| m.mission.mission.name.clone())
                .unwrap_or_default();
            (t, name)
        })
        .collect::<Vec<_>>();
    sorting::apply(&mut teams, &order, |(t, mission), column| match column {
        0 => Key::text(&t.team.name),
        1 => Key::text(mission),
        2 => Key::text(&t.team.task),
        3 => Key::Date(Some(t.team.period.start)),
        // The contributions by the number of officers they bring together.
        _ => Key::Number(Some(
            t.team
                .contributions
                .iter()
                .map(|c| i64::from(c.officers))
                .sum(),
        )),
    });
    let headers = sorting::headers(&ctx, &TEAM_COLUMNS, &order);
    Ok(render(&TeamsPage {
        ctx,
        headers,
        teams,
    }))
}

/// The rows for contributing countries on the team form: each a partner and a number of
/// officers.
const CONTRIBUTION_ROWS: [(&str, &str); 4] = [
    ("partner_1", "officers_1"),
    ("partner_2", "officers_2"),
    ("partner_3", "officers_3"),
    ("partner_4", "officers_4"),
];

/// The team's own fields, then the contribution rows.
fn team_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    let mut fields = vec![
        field("name", "field.name", Text).required(),
        field("mission_id", "field.mission", Select(Source::Missions)).required(),
        field("task", "field.task", Text).required(),
        field("start", "field.start_date", Date).required(),
        field("end", "field.end_date", Date),
    ];
    for (partner, officers) in CONTRIBUTION_ROWS {
        fields.push(field(partner, "field.country_code", Text));
        fields.push(field(officers, "field.officer_count", Number));
    }
    fields
}

#[derive(Template)]
#[template(path = "team_form.html")]
struct TeamForm {
    ctx: Ctx,
    title: String,
    action: String,
    cancel: String,
    /// The team's own fields, then the rows of contributions (from `TEAM_OWN_FIELDS` on).
    fields: Vec<FieldView>,
    errors: FieldErrors,
}

/// How many of [`team_fields`] are the team's own, before the contribution rows.
const TEAM_OWN_FIELDS: usize = 5;

impl TeamForm {
    fn own(&self) -> &[FieldView] {
        &self.fields[..TEAM_OWN_FIELDS.min(self.fields.len())]
    }

    fn contributions(&self) -> &[FieldView] {
        &self.fields[TEAM_OWN_FIELDS.min(self.fields.len())..]
    }
}

async fn team_form(
    s: &WebState,
    ctx: Ctx,
    id: Option<&str>,
    values: Values,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let missions = s
        .app
        .missions(&actor, s.app.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|m| (m.mission.id, m.mission.mission.name))
        .collect();
    let sources = Sources::from([(Source::Missions, Some(missions))]);
    let fields = forms::views(&ctx, &team_fields(), &values, &errors, &sources);
    let (title, action) = match id {
        None => (ctx.t.get("teams.new").to_string(), "/teams".to_string()),
        Some(id) => (ctx.t.get("teams.edit").to_string(), format!("/teams/{id}")),
    };
    let cancel = forms::return_path(values.opt("return_to").as_deref(), "/teams");
    let failed = !errors.is_empty();
    let page = render(&TeamForm {
        ctx,
        title,
        action,
        cancel,
        fields,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn new_team(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(q): Query<ReturnQuery>,
) -> PageResult {
    team_form(&s, ctx, None, q.values(), FieldErrors::default()).await
}

pub async fn edit_team(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let team = s.app.team(&actor, &id).await.or_page(&ctx)?;
    let mut values = q.values();
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
    for ((partner, officers), c) in CONTRIBUTION_ROWS.iter().zip(&team.team.contributions) {
        values.set(partner, &c.partner);
        values.set(officers, c.officers.to_string());
    }
    team_form(&s, ctx, Some(&id), values, FieldErrors::default()).await
}

/// The team's input from its form, with the row each contribution comes from; every number of
/// officers that is not a whole number is refused at once.
fn team_input(values: &Values) -> Result<(TeamInput, Vec<&'static str>), Violation> {
    let mut checks = Checks::new();
    let mut contributions = Vec::new();
    let mut rows = Vec::new();
    for (partner_field, officers_field) in CONTRIBUTION_ROWS {
        let Some(partner) = values.opt(partner_field) else {
            continue;
        };
        let officers = values
            .get(officers_field)
            .trim()
            .parse::<u32>()
            .map_err(|_| {
                Violation::at(
                    "invalid_number",
                    officers_field,
                    "give the number of officers as a whole number",
                )
            });
        if let Some(officers) = checks.check(officers) {
            contributions.push(Contribution { partner, officers });
            rows.push(partner_field);
        }
    }
    checks.finish(|| {
        Some((
            TeamInput {
                name: values.get("name").into(),
                mission_id: values.get("mission_id").into(),
                task: values.get("task").into(),
                start: values.get("start").into(),
                end: values.opt("end"),
                contributions,
            },
            rows,
        ))
    })
}

/// A refusal of a team's input at the form's rows: `contributions[i]` is the row the i-th
/// contribution came from; no contribution at all is asked for at the first row.
fn at_rows(error: AppError, rows: &[&str]) -> AppError {
    let place = |mut v: Violation| {
        let Some(rest) = v
            .field
            .as_deref()
            .and_then(|f| f.strip_prefix("contributions"))
        else {
            return v;
        };
        let row = rest
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .and_then(|(i, what)| Some((rows.get(i.parse::<usize>().ok()?)?, what)));
        v.field = Some(match row {
            Some((partner, ".officers")) => partner.replace("partner", "officers"),
            Some((partner, _)) => partner.to_string(),
            None => CONTRIBUTION_ROWS[0].0.to_string(),
        });
        v
    };
    let relocate = |mut v: Violation| {
        let further = std::mem::take(&mut v.further);
        let mut first = place(v);
        first.further = further.into_iter().map(place).collect();
        first
    };
    match error {
        AppError::Invalid(v) => AppError::Invalid(relocate(v)),
        AppError::Conflict(v) => AppError::Conflict(relocate(v)),
        other => other,
    }
}

async fn save_team(s: &WebState, ctx: Ctx, id: Option<&str>, values: Values) -> PageResult {
    let actor = ctx.signed_in()?;
    let saved = match team_input(&values) {
        Err(v) => Err(AppError::Invalid(v)),
        Ok((input, rows)) => match id {
            None => s.app.create_team(&actor, &input).await,
            Some(id) => s.app.update_team(&actor, id, &input).await,
        }
        .map_err(|error| at_rows(error, &rows)),
    };
    match saved {
        Ok(_) => Ok(Redirect::to(&saved_redirect(&values, "/teams")).into_response()),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            team_form(s, ctx, id, values, errors).await
        }
    }
}

pub async fn create_team(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    save_team(&s, ctx, None, Values::from_pairs(pairs)).await
}

pub async fn update_team(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    save_team(&s, ctx, Some(&id), Values::from_pairs(pairs)).await
}

// -- partners ----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "partners.html")]
struct PartnersPage {
    ctx: Ctx,
    headers: Vec<Header>,
    partners: Vec<PartnerRow>,
    /// The form that registers a partner.
    fields: Vec<FieldView>,
    errors: FieldErrors,
}

fn partner_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    let kinds = PartnerKind::ALL.iter().map(|k| k.as_str()).collect();
    vec![
        field("code", "field.code", Text)
            .required()
            .hint("hint.partner_code"),
        field("kind", "field.kind", Choice("partner_kind", kinds)).required(),
        field("name_nl", "field.name_nl", Text),
        field("name_en", "field.name_en", Text),
    ]
}

/// The sortable columns of the partners list.
const PARTNER_COLUMNS: [Column; 3] = [
    column("code", "field.code"),
    column("name", "field.name"),
    column("kind", "field.kind"),
];

async fn partners_page(s: &WebState, ctx: Ctx, values: Values, errors: FieldErrors) -> PageResult {
    let actor = ctx.signed_in()?;
    let (ctx, order) = sorting::parse(ctx, &PARTNER_COLUMNS)?;
    let mut partners = s.app.partners(&actor).await.or_page(&ctx)?;
    let english = ctx.t.lang == super::i18n::Lang::En;
    sorting::apply(&mut partners, &order, |p, column| match column {
        0 => Key::text(&p.partner.code),
        1 => Key::text(if english {
            &p.partner.name_en
        } else {
            &p.partner.name_nl
        }),
        _ => Key::text(ctx.partner_kind(p.partner.kind.as_str())),
    });
    let headers = sorting::headers(&ctx, &PARTNER_COLUMNS, &order);
    let fields = forms::views(&ctx, &partner_fields(), &values, &errors, &Sources::new());
    let failed = !errors.is_empty();
    let page = render(&PartnersPage {
        ctx,
        headers,
        partners,
        fields,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn partners(State(s): State<WebState>, ctx: Ctx) -> PageResult {
    partners_page(&s, ctx, Values::default(), FieldErrors::default()).await
}

pub async fn create_partner(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let input = PartnerInput {
        code: values.get("code").trim().to_uppercase(),
        kind: values.get("kind").into(),
        name_nl: values.opt("name_nl"),
        name_en: values.opt("name_en"),
    };
    match s.app.create_partner(&actor, &input).await {
        Ok(_) => Ok(Redirect::to(&forms::saved_at("/partners")).into_response()),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            partners_page(&s, ctx, values, errors).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::{Lang, Texts};

    #[test]
    fn every_text_the_registry_forms_use_exists_in_both_languages() {
        let keys: Vec<String> = [
            location_fields(),
            mission_fields(),
            officer_fields(),
            deployment_fields(),
            team_fields(),
            partner_fields(),
        ]
        .iter()
        .flatten()
        .flat_map(FieldSpec::keys)
        .collect();
        let mut missing = Vec::new();
        for lang in [Lang::Nl, Lang::En] {
            let t = Texts { lang };
            missing.extend(
                keys.iter()
                    .filter(|key| t.find(key).is_none())
                    .map(|key| format!("{}: {key}", lang.code())),
            );
        }
        assert!(missing.is_empty(), "missing texts: {missing:#?}");
    }

    #[test]
    fn a_team_refusal_shows_at_the_row_it_came_from() {
        // Rows 1 and 3 were filled: the second contribution is row 3's.
        let rows = ["partner_1", "partner_3"];
        let refusal = Violation::first_of([
            Violation::at("unknown_country", "contributions[1].partner", "m"),
            Violation::at("invalid_number", "contributions[1].officers", "m"),
            Violation::at("required", "contributions", "m"),
            Violation::at("required", "name", "m"),
        ])
        .unwrap();
        let AppError::Invalid(placed) = at_rows(AppError::Invalid(refusal), &rows) else {
            panic!("still a refusal");
        };
        let fields: Vec<_> = placed.all().map(|v| v.field.clone().unwrap()).collect();
        assert_eq!(fields, ["partner_3", "officers_3", "partner_1", "name"]);
    }
}
