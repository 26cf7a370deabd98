use crate::WebState;
use crate::auth::{Caller, Session, expired_cookie, session_cookie, sign_in_from_this_site};
use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use axum::Extension;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use grenzeloos_app::Actor;
use grenzeloos_app::accounts::{Channel, Client, CreatedToken, NewUser, UserView};
use grenzeloos_store::accounts::ApiToken;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Serialize)]
pub struct Me {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<grenzeloos_domain::access::Role>,
    pub permissions: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

fn me(actor: &Actor, csrf_token: Option<String>, expires_at: Option<String>) -> Me {
    let mut permissions: Vec<&'static str> = actor
        .permissions()
        .into_iter()
        .map(|p| p.as_str())
        .collect();
    permissions.sort_unstable();
    permissions.dedup();
    Me {
        username: actor.username.clone(),
        display_name: actor.display_name.clone(),
        roles: actor.roles.clone(),
        permissions,
        csrf_token,
        expires_at,
    }
}

pub async fn login(
    State(state): State<WebState>,
    headers: axum::http::HeaderMap,
    Caller(client): Caller,
    Body(input): Body<Login>,
) -> ApiResult<Response> {
    if !sign_in_from_this_site(&headers) {
        return Err(cross_site());
    }
    let client = Client {
        channel: Channel::Api,
        ..client
    };
    let session = state
        .app
        .login(&input.username, &input.password, &client)
        .await?;
    let cookie = session_cookie(
        &session.token,
        state.app.settings.session_hours * 3600,
        state.config.secure_cookies,
    );
    let body = me(
        &session.actor,
        Some(session.csrf_token),
        Some(session.expires_at),
    );
    Ok(([(header::SET_COOKIE, cookie)], Json(body)).into_response())
}

pub async fn whoami(
    Extension(actor): Extension<Actor>,
    Extension(session): Extension<Session>,
) -> Json<Me> {
    Json(me(&actor, session.csrf_token, None))
}

pub async fn logout(
    State(state): State<WebState>,
    Extension(session): Extension<Session>,
) -> ApiResult<Response> {
    if let Some(token) = session.token {
        state.app.logout(&token).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            expired_cookie(state.config.secure_cookies),
        )],
        StatusCode::NO_CONTENT,
    )
        .into_response())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    pub name: String,
    /// Days the token is valid: 1 to the node's maximum (`token_max_days`, 90 unless
    /// configured), which is also the default (at most 90).
    #[serde(default, deserialize_with = "grenzeloos_domain::number::optional_i64")]
    pub valid_days: Option<i64>,
}

/// A sign-in posted from another site's page (login CSRF).
pub fn cross_site() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "cross_site",
        "sign-in is accepted from this site's own page or from a script, not from another site",
    )
}

pub async fn create_token(
    State(state): State<WebState>,
    Extension(actor): Extension<Actor>,
    Extension(session): Extension<Session>,
    Caller(client): Caller,
    Body(input): Body<NewToken>,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    let created = state
        .app
        .create_token(
            &actor,
            session.token.as_deref(),
            &client,
            &input.name,
            input.valid_days,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn tokens(
    State(state): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Vec<ApiToken>>> {
    Ok(Json(state.app.tokens(&actor).await?))
}

pub async fn revoke_token(
    State(state): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.revoke_token(&actor, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn users(
    State(state): State<WebState>,
    Extension(actor): Extension<Actor>,
) -> ApiResult<Json<Vec<UserView>>> {
    Ok(Json(state.app.users(&actor).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewUserBody {
    pub username: String,
    pub display_name: Option<String>,
    pub roles: Vec<String>,
    pub password: String,
}

pub async fn add_user(
    State(state): State<WebState>,
    Extension(actor): Extension<Actor>,
    Body(input): Body<NewUserBody>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let input = NewUser {
        username: input.username,
        display_name: input.display_name,
        roles: input.roles,
        password: input.password,
    };
    Ok((
        StatusCode::CREATED,
        Json(state.app.add_user(&actor, &input).await?),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct UserAccess {
    pub roles: Vec<String>,
    pub active: bool,
}

/// Lets sign-ins to the account go ahead again at once (audited).
pub async fn unlock_user(
    State(state): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(state.app.unlock_user(&actor, &id).await?))
}

pub async fn set_user_access(
    State(state): State<WebState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(input): Body<UserAccess>,
) -> ApiResult<Json<UserView>> {
    Ok(Json(
        state
            .app
            .set_user_access(&actor, &id, &input.roles, input.active)
            .await?,
    ))
}
