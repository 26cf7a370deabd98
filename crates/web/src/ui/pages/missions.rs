//! Missions and their locations.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{
    FieldKind, FieldSpec, FieldView, Options, Pairs, ReturnQuery, Source, Sources, field, invalid,
    reference_date,
};
use crate::ui::page_spec::{saved_redirect, show_form};
use crate::ui::pages::session::purpose_or_ask;
use crate::ui::sorting::{Column, Header, Key, column, numeric};
use crate::ui::{
    Ctx, FieldErrors, OrPage, PageResult, Values, form_target, forms, render, sorting,
};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method as M;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::registry::{DeploymentView, MissionDetail, MissionSummary};
use grenzeloos_app::{Actor, AppError};
use grenzeloos_domain::registry::{LocationInput, MissionInput};
use grenzeloos_store::registry::{DeploymentFilter, PartnerRow};
use jiff::civil::Date;
use serde::Deserialize;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/missions",
            Needs(RegistryRead),
            "Missions, filterable",
            missions,
        ),
        route(
            M::GET,
            "/missions/new",
            Needs(RegistryWrite),
            "Form: new mission",
            new_mission,
        ),
        route(
            M::POST,
            "/missions",
            Needs(RegistryWrite),
            "Save a new mission",
            create_mission,
        ),
        route(
            M::GET,
            "/missions/{id}",
            Needs(RegistryRead),
            "Mission with its station history and deployments",
            mission,
        ),
        route(
            M::GET,
            "/missions/{id}/edit",
            Needs(RegistryWrite),
            "Form: correct a mission",
            edit_mission,
        ),
        route(
            M::POST,
            "/missions/{id}",
            Needs(RegistryWrite),
            "Save a corrected mission",
            update_mission,
        ),
        route(
            M::POST,
            "/missions/{id}/locations",
            Needs(RegistryWrite),
            "Record a change of station",
            record_location,
        ),
    ];
    routes
}

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
    let english = ctx.t.lang == crate::ui::i18n::Lang::En;
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
pub(crate) fn location_fields() -> Vec<FieldSpec> {
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

pub(crate) fn mission_fields() -> Vec<FieldSpec> {
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
