//! User accounts, login sessions and personal API tokens. Secrets are stored only as hashes.

use crate::{Conn, Result, StoreError, conflict_as, parsed};
use grenzeloos_domain::access::Role;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub failed_logins: i64,
    pub locked_until: Option<String>,
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_roles(text: &str) -> Result<Vec<Role>> {
    text.split(',')
        .filter(|part| !part.is_empty())
        .map(|part| parsed("user roles", Role::parse(part)))
        .collect()
}

const USER_COLUMNS: &str =
    "id, username, display_name, password_hash, roles, active, failed_logins, locked_until";

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<User> {
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
        active: row.try_get::<i64, _>("active")? != 0,
        failed_logins: row.try_get("failed_logins")?,
        locked_until: row.try_get("locked_until")?,
    })
}

pub async fn insert_user(conn: &mut Conn, user: &User, now: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO users (id, username, display_name, password_hash, roles, active, failed_logins, locked_until, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 0, NULL, $7, $7)",
    )
    .bind(&user.id)
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(&user.password_hash)
    .bind(roles_text(&user.roles))
    .bind(i64::from(user.active))
    .bind(now)
    .execute(conn)
    .await
    .map_err(conflict_as("a user with this username already exists"))?;
    Ok(())
}

pub async fn user_by_username(conn: &mut Conn, username: &str) -> Result<Option<User>> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
    ))
    .bind(username)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn user_by_id(conn: &mut Conn, id: &str) -> Result<Option<User>> {
    let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn list_users(conn: &mut Conn) -> Result<Vec<User>> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM users ORDER BY username"
    ))
    .fetch_all(conn)
    .await?;
    rows.iter().map(user_from_row).collect()
}

pub async fn update_user_access(
    conn: &mut Conn,
    id: &str,
    roles: &[Role],
    active: bool,
    now: &str,
) -> Result<()> {
    sqlx::query("UPDATE users SET roles = $1, active = $2, updated_at = $3 WHERE id = $4")
        .bind(roles_text(roles))
        .bind(i64::from(active))
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password(conn: &mut Conn, id: &str, password_hash: &str, now: &str) -> Result<()> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(password_hash)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_login_failures(
    conn: &mut Conn,
    id: &str,
    failed_logins: i64,
    locked_until: Option<&str>,
) -> Result<()> {
    sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
        .bind(failed_logins)
        .bind(locked_until)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------

/// Where a session or a token came from: how it was asked for, the client's address and its
/// user agent's family. Never a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// `browser` (the sign-in page) or `api` (`POST /api/v1/session`) for a session; for a
    /// token, the session it was made in (`browser_session`, `api_session`).
    pub channel: Option<String>,
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
}

/// A live login session and the user it belongs to.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: String,
    pub origin: Origin,
}

pub async fn insert_session(
    conn: &mut Conn,
    token_hash: &str,
    user_id: &str,
    csrf_token: &str,
    (now, expires_at): (&str, &str),
    origin: &Origin,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, channel, client_address, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf_token)
    .bind(now)
    .bind(expires_at)
    .bind(&origin.channel)
    .bind(&origin.client_address)
    .bind(&origin.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

/// The session with this token hash, if it has not expired at `now`.
pub async fn live_session(conn: &mut Conn, token_hash: &str, now: &str) -> Result<Option<Session>> {
    let row = sqlx::query(
        "SELECT s.csrf_token, s.expires_at, s.channel, s.client_address, s.user_agent,
                u.id, u.username, u.display_name, u.password_hash, u.roles, u.active, u.failed_logins, u.locked_until
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(Session {
            user: user_from_row(&row)?,
            csrf_token: row.try_get("csrf_token")?,
            expires_at: row.try_get("expires_at")?,
            origin: Origin {
                channel: row.try_get("channel")?,
                client_address: row.try_get("client_address")?,
                user_agent: row.try_get("user_agent")?,
            },
        })
    })
    .transpose()
}

/// Whether the account signed in with its password from `client` at or after `since`.
pub async fn signed_in_from(
    conn: &mut Conn,
    user_id: &str,
    client: &str,
    since: &str,
) -> Result<bool> {
    let row = sqlx::query(
        "SELECT 1 AS found FROM sign_in_clients WHERE user_id = $1 AND client = $2 AND last_success >= $3",
    )
    .bind(user_id)
    .bind(client)
    .bind(since)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

/// Notes a sign-in of the account from `client` at `now`, and forgets addresses it has not
/// signed in from since `forget_before`.
pub async fn remember_sign_in(
    conn: &mut Conn,
    user_id: &str,
    client: &str,
    now: &str,
    forget_before: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sign_in_clients (user_id, client, last_success) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, client) DO UPDATE SET last_success = excluded.last_success",
    )
    .bind(user_id)
    .bind(client)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM sign_in_clients WHERE user_id = $1 AND last_success < $2")
        .bind(user_id)
        .bind(forget_before)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_sessions_of(conn: &mut Conn, user_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_expired_sessions(conn: &mut Conn, now: &str) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
    /// The session it was made in: `browser_session` or `api_session`.
    pub created_from: Option<String>,
    /// The address the request that made it came from.
    pub client_address: Option<String>,
    /// The family of the user agent that made it (`Firefox`, `curl` …).
    pub user_agent: Option<String>,
}

const TOKEN_COLUMNS: &str = "id, user_id, name, created_at, expires_at, revoked_at, last_used_at, created_from, client_address, user_agent";

fn token_from_row(row: &sqlx::any::AnyRow) -> Result<ApiToken> {
    Ok(ApiToken {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
        last_used_at: row.try_get("last_used_at")?,
        created_from: row.try_get("created_from")?,
        client_address: row.try_get("client_address")?,
        user_agent: row.try_get("user_agent")?,
    })
}

pub async fn insert_token(conn: &mut Conn, token: &ApiToken, token_hash: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at, created_from, client_address, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&token.id)
    .bind(&token.user_id)
    .bind(&token.name)
    .bind(token_hash)
    .bind(&token.created_at)
    .bind(&token.expires_at)
    .bind(&token.created_from)
    .bind(&token.client_address)
    .bind(&token.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user behind a token that is neither revoked nor expired at `now`; marks it used, but
/// only when its last use was before `touch_before`, so that reads do not each write.
pub async fn user_by_token(
    conn: &mut Conn,
    token_hash: &str,
    now: &str,
    touch_before: &str,
) -> Result<Option<User>> {
    let row = sqlx::query(
        "SELECT t.id AS token_id, t.last_used_at, u.id, u.username, u.display_name, u.password_hash, u.roles, u.active, u.failed_logins, u.locked_until
         FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let token_id: String = row.try_get("token_id")?;
    let last_used: Option<String> = row.try_get("last_used_at")?;
    // Only a use older than `touch_before` is written down: on SQLite even an UPDATE that
    // changes nothing waits for the writer, and a desk of writers could starve it. The mark
    // is a convenience for the token's owner, so a write that cannot get through in time is
    // logged and the request goes on.
    if last_used.is_none_or(|used| used.as_str() < touch_before) {
        let touched = sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
        )
        .bind(now)
        .bind(&token_id)
        .bind(touch_before)
        .execute(conn)
        .await;
        if let Err(error) = touched {
            tracing::warn!(%error, "could not record when an API token was last used");
        }
    }
    Ok(Some(user_from_row(&row)?))
}

pub async fn tokens_of(conn: &mut Conn, user_id: &str) -> Result<Vec<ApiToken>> {
    let rows = sqlx::query(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(token_from_row).collect()
}

/// Revokes one of the user's own tokens; false when there is no such live token.
pub async fn revoke_token(
    conn: &mut Conn,
    user_id: &str,
    token_id: &str,
    now: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(token_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---------------------------------------------------------------------------------------------

pub async fn meta(conn: &mut Conn, key: &str) -> Result<Option<String>> {
    let row = sqlx::query("SELECT value FROM meta WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await?;
    row.map(|row| row.try_get("value").map_err(StoreError::from))
        .transpose()
}

pub async fn set_meta(conn: &mut Conn, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
