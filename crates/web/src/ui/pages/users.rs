//! Users and roles, for the administrator.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::{Ctx, FieldErrors, OrPage, PageError, PageResult, Values, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method as M;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use grenzeloos_app::AppError;
use grenzeloos_app::accounts::{NewUser, UserView};
use grenzeloos_domain::access::Role;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/users",
            Needs(UsersManage),
            "Users and roles",
            users,
        ),
        route(
            M::POST,
            "/users",
            Needs(UsersManage),
            "Create a user",
            create_user,
        ),
        route(
            M::POST,
            "/users/{id}",
            Needs(UsersManage),
            "Change a user's roles",
            update_user,
        ),
        route(
            M::POST,
            "/users/{id}/unlock",
            Needs(UsersManage),
            "Let sign-ins to the account go ahead again at once",
            unlock_user,
        ),
    ];
    routes
}

/// The new-user form's fields in the order they appear: the first one in error gets the focus.
const USER_FIELDS: [&str; 4] = ["username", "display_name", "password", "roles"];

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    ctx: Ctx,
    /// Each user with every role and whether they hold it.
    users: Vec<(UserView, Vec<(Role, bool)>)>,
    roles: [Role; 7],
    notice: String,
    /// What the new-user form held when it came back refused (never the password), with the
    /// roles that were ticked one per line under `role`.
    values: Values,
    errors: FieldErrors,
}

impl UsersPage {
    /// A role's name in the page's language.
    fn role_name(&self, role: &Role) -> &'static str {
        self.ctx
            .t
            .find(&format!("role.{}", role.as_str()))
            .unwrap_or(role.as_str())
    }

    /// What a role may do, in one line.
    fn role_about(&self, role: &Role) -> &'static str {
        self.ctx
            .t
            .find(&format!("role_about.{}", role.as_str()))
            .unwrap_or_default()
    }

    /// Whether the refused form had `role` ticked.
    fn ticked(&self, role: &Role) -> bool {
        self.values.get("role").lines().any(|r| r == role.as_str())
    }

    /// The fields in error, in the form's order, with their labels: the summary above the
    /// form links to each.
    fn fields_in_error(&self) -> Vec<(&'static str, &'static str)> {
        USER_FIELDS
            .into_iter()
            .filter(|f| self.errors.has(f))
            .map(|f| {
                let label = match f {
                    "username" => "login.username",
                    "display_name" => "field.name",
                    "password" => "login.password",
                    _ => "users.roles",
                };
                (f, self.ctx.t.get(label))
            })
            .collect()
    }

    /// The field that gets the focus: the first one in error.
    fn focus(&self) -> &'static str {
        USER_FIELDS
            .into_iter()
            .find(|f| self.errors.has(f))
            .unwrap_or_default()
    }
}

async fn users_page(
    s: &WebState,
    ctx: Ctx,
    notice: String,
    values: Values,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let users = s.app.users(&actor).await.or_page(&ctx)?;
    let users = users
        .into_iter()
        .map(|user| {
            let roles = Role::ALL
                .iter()
                .map(|role| (*role, user.roles.contains(role)))
                .collect();
            (user, roles)
        })
        .collect();
    let failed = !errors.is_empty();
    let page = render(&UsersPage {
        ctx,
        users,
        roles: Role::ALL,
        notice,
        values,
        errors,
    });
    if failed {
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    } else {
        Ok(page)
    }
}

pub async fn users(State(s): State<WebState>, ctx: Ctx) -> PageResult {
    users_page(
        &s,
        ctx,
        String::new(),
        Values::default(),
        FieldErrors::default(),
    )
    .await
}

pub async fn create_user(
    State(s): State<WebState>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    // The password goes to the use case and nowhere else: a refused form comes back without it.
    let (passwords, pairs): (Vec<_>, Vec<_>) =
        pairs.into_iter().partition(|(k, _)| k == "password");
    let password = passwords
        .into_iter()
        .map(|(_, v)| v)
        .next()
        .unwrap_or_default();
    let values = Values::from_pairs(pairs);
    let input = NewUser {
        username: values.get("username").into(),
        display_name: values.opt("display_name"),
        roles: values.get("role").lines().map(str::to_string).collect(),
        password,
    };
    match s.app.add_user(&actor, &input).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.created"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        // Every field's problem at once, each at its field: a role is checked one by one
        // (`role`) and as a set (`roles`), both shown at the roles; a problem of no field of
        // the form shows above it.
        Err(AppError::Invalid(refused) | AppError::Conflict(refused)) => {
            let mut errors = std::collections::HashMap::new();
            for v in refused.all() {
                let field = match v.field_base() {
                    "role" => "roles",
                    f if USER_FIELDS.contains(&f) => f,
                    _ => "",
                };
                errors
                    .entry(field.to_string())
                    .or_insert_with(|| ctx.message(v.code, &v.message));
            }
            users_page(&s, ctx, String::new(), values, FieldErrors(errors)).await
        }
        Err(error) => Err(PageError::new(&ctx, error)),
    }
}

pub async fn update_user(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let roles: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "role")
        .map(|(_, v)| v.clone())
        .collect();
    let active = pairs.iter().any(|(k, v)| k == "active" && v == "true");
    match s.app.set_user_access(&actor, &id, &roles, active).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.updated"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        Err(error) => Err(PageError::new(&ctx, error)),
    }
}

pub async fn unlock_user(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    match s.app.unlock_user(&actor, &id).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.unlocked"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        Err(error) => Err(PageError::new(&ctx, error)),
    }
}
