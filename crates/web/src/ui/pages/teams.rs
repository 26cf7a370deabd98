//! Specialised teams and the partners' contributions to them.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{
    FieldKind, FieldSpec, FieldView, Pairs, ReturnQuery, Source, Sources, field, invalid,
};
use crate::ui::page_spec::saved_redirect;
use crate::ui::sorting::{Column, Header, Key, column};
use crate::ui::{Ctx, FieldErrors, OrPage, PageResult, Values, forms, render, sorting};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method as M;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::AppError;
use grenzeloos_domain::Violation;
use grenzeloos_domain::error::Checks;
use grenzeloos_domain::registry::{Contribution, TeamInput};
use grenzeloos_store::registry::TeamRow;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/teams",
            Needs(RegistryRead),
            "Specialised teams",
            teams,
        ),
        route(
            M::GET,
            "/teams/new",
            Needs(RegistryWrite),
            "Form: new specialised team",
            new_team,
        ),
        route(
            M::POST,
            "/teams",
            Needs(RegistryWrite),
            "Save a new team",
            create_team,
        ),
        route(
            M::GET,
            "/teams/{id}/edit",
            Needs(RegistryWrite),
            "Form: change a team",
            edit_team,
        ),
        route(
            M::POST,
            "/teams/{id}",
            Needs(RegistryWrite),
            "Save a changed team",
            update_team,
        ),
    ];
    routes
}

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
pub(crate) fn team_fields() -> Vec<FieldSpec> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
