//! Accounts: users and roles, sign-in with throttling, sessions, personal API tokens.

use crate::{Actor, App, AppError, Result, conflict_at, record, throttle};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::{Permission, Role, check_separation};
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::error::{Checks, Invalid};
use grenzeloos_domain::text::check_line;
use grenzeloos_domain::time::instant_text;
use grenzeloos_store::accounts::{self, ApiToken, Origin, User};
use grenzeloos_store::audit::{self, NewEvent, Outcome};
use jiff::SignedDuration;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// Prefix of personal API tokens, so that a leaked one is recognisable in a scan.
pub const TOKEN_PREFIX: &str = "gzl_";

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buffer);
    hex::encode(buffer)
}

/// Secrets are stored only as their SHA-256 (they are long random values, so no salt is needed).
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|_| {
            AppError::Invalid(Violation::at(
                "invalid_password",
                "password",
                "cannot be hashed",
            ))
        })
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

fn actor_of(user: &User) -> Actor {
    Actor::person(&user.id, &user.username, &user.display_name, &user.roles)
}

/// A new account.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct NewUser {
    pub username: String,
    #[serde(default)]
    pub display_name: Option<String>,
    pub roles: Vec<String>,
    pub password: String,
}

/// An account as shown to administrators (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    /// Until when sign-ins to this account from addresses it has not signed in from before
    /// wait, after failed attempts (sign-in throttling); empty when they need not.
    pub locked_until: Option<String>,
}

impl From<&User> for UserView {
    fn from(user: &User) -> Self {
        UserView {
            id: user.id.clone(),
            username: user.username.clone(),
            display_name: user.display_name.clone(),
            roles: user.roles.clone(),
            active: user.active,
            locked_until: None,
        }
    }
}

/// A started login session: the secret goes into a cookie, the CSRF token into forms.
#[derive(Debug, Clone)]
pub struct LoginSession {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: String,
    pub actor: Actor,
}

/// A token as created: the secret is shown this once.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub token: ApiToken,
    pub secret: String,
}

/// How a sign-in or a token request reached the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Channel {
    /// The sign-in page of the web interface.
    #[default]
    Browser,
    /// `POST /api/v1/session`.
    Api,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Browser => "browser",
            Channel::Api => "api",
        }
    }
}

/// Who is asking, as far as the adapter could tell: the address (the TCP peer, or the client
/// a trusted proxy names) and the user agent's family. None of it is a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    pub address: Option<IpAddr>,
    /// The user agent's family (`Firefox`, `curl` …), never the full header.
    pub agent: Option<String>,
    pub channel: Channel,
}

impl Client {
    /// The key the sign-in throttle counts this client under. An IPv6 client counts by its
    /// /64 network, which one subscriber usually holds whole: hopping addresses within it
    /// would otherwise evade the throttle.
    pub fn address_key(&self) -> String {
        match self.address.map(|a| a.to_canonical()) {
            None => "unknown".to_string(),
            Some(IpAddr::V4(v4)) => v4.to_string(),
            Some(IpAddr::V6(v6)) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }

    fn origin(&self, channel: String) -> Origin {
        Origin {
            channel: Some(channel),
            client_address: self.address.map(|a| a.to_canonical().to_string()),
            user_agent: self.agent.clone(),
        }
    }
}

/// How long an address an account signed in from stays exempt from the account's throttle.
const TRUSTED_DAYS: i64 = 30;

/// The one answer to every refused sign-in: unknown account, wrong password, inactive
/// account, or too many attempts. A different answer for any of them would tell an attacker
/// which accounts exist, or when to try again.
fn sign_in_refused() -> AppError {
    AppError::Invalid(Violation::new(
        "login_failed",
        "the username or password is wrong, or there were too many attempts; wait a moment and try again",
    ))
}

/// The throttle's key for a typed username: what the account lookup would match.
fn account_key(username: &str) -> String {
    username.trim().to_lowercase().chars().take(64).collect()
}

fn parse_roles(roles: &[String]) -> Invalid<Vec<Role>> {
    if roles.is_empty() {
        return Err(Violation::at(
            "required",
            "roles",
            "give the user at least one role",
        ));
    }
    let mut parsed: Vec<Role> = roles
        .iter()
        .map(|r| Role::parse(r))
        .collect::<Result<_, _>>()?;
    parsed.sort();
    parsed.dedup();
    check_separation(&parsed)?;
    Ok(parsed)
}

fn role_names(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.as_str()).collect()
}

impl App {
    fn check_password(&self, password: &str) -> Result<()> {
        Ok(check_password(password, self.settings.min_password_length)?)
    }

    pub async fn add_user(&self, actor: &Actor, input: &NewUser) -> Result<UserView> {
        self.require(actor, Permission::UsersManage, AuditAction::UserCreate)
            .await?;
        // Check what is cheap to check before spending a password hash on it.
        new_user_fields(input, self.settings.min_password_length)?;
        let hash = self.hash_password(&input.password).await?;
        let mut tx = self.store.write().await?;
        let user = create_user_in(
            &mut tx,
            actor,
            input,
            &hash,
            self.settings.min_password_length,
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Argon2 hashing on a blocking thread, a few at a time (see [`App::hashing`]).
    pub(crate) async fn hash_password(&self, password: &str) -> Result<String> {
        let password = password.to_string();
        self.off_thread(move || hash_password(&password)).await?
    }

    /// Whether `password` matches `stored`, checked like [`App::hash_password`]; against a
    /// dummy hash when there is no account, so that the time taken does not tell.
    async fn password_matches(&self, password: &str, stored: Option<String>) -> Result<bool> {
        let password = password.to_string();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        self.off_thread(move || password_matches(&password, &stored))
            .await
    }

    async fn off_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let internal = || {
            AppError::Store(grenzeloos_store::StoreError::Corrupt(
                "the password check did not finish".to_string(),
            ))
        };
        let _permit = self.hashing.acquire().await.map_err(|_| internal())?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|_| internal())
    }

    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserView>> {
        self.require(actor, Permission::UsersManage, AuditAction::UserList)
            .await?;
        let mut conn = self.store.read().await?;
        let (now, limits) = (self.now(), self.settings.sign_in_limits());
        Ok(accounts::list_users(&mut conn)
            .await?
            .iter()
            .map(|user| UserView {
                locked_until: self
                    .throttle
                    .account_waits_until(&account_key(&user.username), now, limits)
                    .map(instant_text),
                ..UserView::from(user)
            })
            .collect())
    }

    /// Lets sign-ins to an account go ahead again at once, whatever failed before (an admin,
    /// from the users page or the API); audited.
    pub async fn unlock_user(&self, actor: &Actor, user_id: &str) -> Result<UserView> {
        self.require(actor, Permission::UsersManage, AuditAction::UserUnlock)
            .await?;
        let mut tx = self.store.write().await?;
        let user = accounts::user_by_id(&mut tx, user_id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "user",
                id: user_id.to_string(),
            })?;
        accounts::set_login_failures(&mut tx, user_id, 0, None).await?;
        record(
            &mut tx,
            actor,
            AuditAction::UserUnlock,
            ("user", user_id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        self.throttle.clear_account(&account_key(&user.username));
        Ok(UserView::from(&user))
    }

    /// Changes a user's roles and whether the account is active; ends their sessions. Nobody
    /// changes their own roles or deactivates themselves (another admin does), and the audit
    /// event records who granted what: the roles before and after.
    pub async fn set_user_access(
        &self,
        actor: &Actor,
        user_id: &str,
        roles: &[String],
        active: bool,
    ) -> Result<UserView> {
        self.require(actor, Permission::UsersManage, AuditAction::UserUpdate)
            .await?;
        let roles = parse_roles(roles)?;
        let mut tx = self.store.write().await?;
        let now = tx.now_text();
        let mut user = accounts::user_by_id(&mut tx, user_id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "user",
                id: user_id.to_string(),
            })?;
        let mut before = user.roles.clone();
        before.sort();
        let changed = before != roles || user.active != active;
        if user_id == actor.user_id && changed {
            return Err(Violation::at(
                "own_roles",
                "roles",
                "you cannot change your own roles or deactivate yourself; ask another admin",
            )
            .into());
        }
        accounts::update_user_access(&mut tx, user_id, &roles, active, &now).await?;
        accounts::delete_sessions_of(&mut tx, user_id).await?;
        record(
            &mut tx,
            actor,
            AuditAction::UserUpdate,
            ("user", user_id),
            None,
            Some(serde_json::json!({
                "granted_by": actor.username,
                "roles_before": role_names(&user.roles),
                "roles_after": role_names(&roles),
                "active_before": user.active,
                "active_after": active,
            })),
        )
        .await?;
        tx.commit().await?;
        user.roles = roles;
        user.active = active;
        Ok(UserView::from(&user))
    }

    /// Sets a password; from the command line by the operator, or a user's own.
    pub async fn set_password(&self, actor: &Actor, username: &str, password: &str) -> Result<()> {
        if actor.username != username {
            self.require(actor, Permission::UsersManage, AuditAction::UserPassword)
                .await?;
        }
        self.check_password(password)?;
        let hash = self.hash_password(password).await?;
        let mut tx = self.store.write().await?;
        let now = tx.now_text();
        let user = accounts::user_by_username(&mut tx, username)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "user",
                id: username.to_string(),
            })?;
        accounts::set_password(&mut tx, &user.id, &hash, &now).await?;
        accounts::delete_sessions_of(&mut tx, &user.id).await?;
        record(
            &mut tx,
            actor,
            AuditAction::UserPassword,
            ("user", &user.id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a username and password and starts a session.
    ///
    /// Failed attempts are throttled per client address and per account (see `throttle`):
    /// after `max_failed_logins` failures each further attempt waits, one second and doubling,
    /// at most `lockout_minutes`. The account's failures do not slow down addresses it signed
    /// in from before, so nobody elsewhere can keep its owner out. Every refusal — unknown
    /// account, wrong password, inactive account, waiting — gives the same answer. The
    /// password is checked off the async threads and before the write lock is taken, so that
    /// a flood of sign-ins does not hold up other writers. Every attempt the throttle lets
    /// through is audited; of the refused ones the first of each run.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        client: &Client,
    ) -> Result<LoginSession> {
        let now = self.now();
        let limits = self.settings.sign_in_limits();
        let (address, account) = (client.address_key(), account_key(username));
        let user = {
            let mut conn = self.store.read().await?;
            let user = accounts::user_by_username(&mut conn, username.trim()).await?;
            let since = instant_text(now - SignedDuration::from_hours(24 * TRUSTED_DAYS));
            let trusted = match (&user, client.address) {
                (Some(user), Some(_)) => {
                    accounts::signed_in_from(&mut conn, &user.id, &address, &since).await?
                }
                _ => false,
            };
            let account = (!trusted).then_some(account.as_str());
            match self.throttle.admit(&address, account, now, limits) {
                throttle::Admission::Admitted => user,
                throttle::Admission::Refused { record } => {
                    drop(conn);
                    if record {
                        let mut tx = self.store.write().await?;
                        failed_login(&mut tx, user.as_ref(), "throttled").await?;
                        tx.commit().await?;
                    }
                    return Err(sign_in_refused());
                }
            }
        };
        let matches = self
            .password_matches(password, user.as_ref().map(|u| u.password_hash.clone()))
            .await?;
        let mut tx = self.store.write().await?;
        // The account as it is now: deactivated or given a new password meanwhile, the check
        // above no longer counts.
        let current = match &user {
            Some(user) => accounts::user_by_id(&mut tx, &user.id).await?,
            None => None,
        };
        let refusal = match (&user, &current) {
            (Some(checked), Some(found)) if matches => {
                if checked.password_hash != found.password_hash {
                    Some("wrong_password")
                } else if !found.active {
                    Some("inactive")
                } else {
                    None
                }
            }
            (Some(_), Some(_)) => Some("wrong_password"),
            _ => Some("unknown_user"),
        };
        let (Some(user), None) = (current, refusal) else {
            failed_login(&mut tx, user.as_ref(), refusal.unwrap_or("unknown_user")).await?;
            tx.commit().await?;
            return Err(sign_in_refused());
        };
        let now_text = tx.now_text();
        let token = random_hex(32);
        let csrf_token = random_hex(32);
        let expires_at =
            instant_text(tx.now() + SignedDuration::from_hours(self.settings.session_hours));
        accounts::insert_session(
            &mut tx,
            &secret_hash(&token),
            &user.id,
            &csrf_token,
            (&now_text, &expires_at),
            &client.origin(client.channel.as_str().to_string()),
        )
        .await?;
        accounts::delete_expired_sessions(&mut tx, &now_text).await?;
        if client.address.is_some() {
            let forget = instant_text(tx.now() - SignedDuration::from_hours(24 * TRUSTED_DAYS));
            accounts::remember_sign_in(&mut tx, &user.id, &address, &now_text, &forget).await?;
        }
        let actor = actor_of(&user);
        record(
            &mut tx,
            &actor,
            AuditAction::Login,
            ("user", &user.id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        self.throttle.succeeded(&address, &account);
        Ok(LoginSession {
            token,
            csrf_token,
            expires_at,
            actor,
        })
    }

    /// The actor and CSRF token of a live session.
    pub async fn session(&self, token: &str) -> Result<(Actor, String)> {
        let mut conn = self.store.read().await?;
        let now = instant_text(self.now());
        match accounts::live_session(&mut conn, &secret_hash(token), &now).await? {
            Some(session) if session.user.active => {
                Ok((actor_of(&session.user), session.csrf_token))
            }
            _ => Err(AppError::Unauthenticated),
        }
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        let (actor, _) = self.session(token).await?;
        let mut tx = self.store.write().await?;
        accounts::delete_session(&mut tx, &secret_hash(token)).await?;
        record(
            &mut tx,
            &actor,
            AuditAction::Logout,
            ("user", &actor.user_id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor behind a personal API token.
    pub async fn token_actor(&self, token: &str) -> Result<Actor> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Err(AppError::Unauthenticated);
        }
        let mut conn = self.store.read().await?;
        let now = self.now();
        // "Last used" to the minute is enough, and keeps API reads from writing each time.
        let touch_before = instant_text(now - SignedDuration::from_mins(1));
        match accounts::user_by_token(
            &mut conn,
            &secret_hash(token),
            &instant_text(now),
            &touch_before,
        )
        .await?
        {
            Some(user) if user.active => Ok(actor_of(&user)),
            _ => Err(AppError::Unauthenticated),
        }
    }

    /// Creates a personal API token for scripts; it carries the user's own roles.
    ///
    /// Only a session signed in with the password makes tokens (`session` is its secret): a
    /// token that could make tokens would let a stolen one outlive its revocation. A token
    /// lives at most `token_max_days`, and records where it came from.
    pub async fn create_token(
        &self,
        actor: &Actor,
        session: Option<&str>,
        client: &Client,
        name: &str,
        valid_days: Option<i64>,
    ) -> Result<CreatedToken> {
        let session = match session {
            Some(secret) => {
                let mut conn = self.store.read().await?;
                let now = instant_text(self.now());
                accounts::live_session(&mut conn, &secret_hash(secret), &now)
                    .await?
                    .filter(|s| s.user.active && s.user.id == actor.user_id)
                    .ok_or(AppError::Unauthenticated)?
            }
            None => {
                let mut tx = self.store.write().await?;
                audit::append(
                    &mut tx,
                    NewEvent {
                        actor: &actor.username,
                        action: AuditAction::TokenCreate.as_str(),
                        object_type: "api_token",
                        object_id: "*",
                        outcome: Outcome::Denied,
                        purpose: None,
                        details: Some(r#"{"reason":"not_a_password_session"}"#.to_string()),
                    },
                )
                .await?;
                tx.commit().await?;
                return Err(AppError::NeedsSession(
                    "API tokens are made in a session signed in with a password, not with another token",
                ));
            }
        };
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Violation::at(
                "required",
                "name",
                "name the token (up to 100 characters), e.g. 'monthly report script'",
            )
            .into());
        }
        check_line("name", name)?;
        let max = self.settings.token_max_days;
        let days = valid_days.unwrap_or(max.min(90));
        if !(1..=max).contains(&days) {
            return Err(Violation::at(
                "out_of_range",
                "valid_days",
                format!("a token is valid for 1 to {max} days (this node's maximum)"),
            )
            .into());
        }
        let channel = format!(
            "{}_session",
            session.origin.channel.as_deref().unwrap_or("browser")
        );
        let origin = client.origin(channel);
        let mut tx = self.store.write().await?;
        let secret = format!("{TOKEN_PREFIX}{}", random_hex(32));
        let token = ApiToken {
            id: tx.new_id(),
            user_id: actor.user_id.clone(),
            name: name.to_string(),
            created_at: tx.now_text(),
            expires_at: Some(instant_text(
                tx.now() + SignedDuration::from_hours(24 * days),
            )),
            revoked_at: None,
            last_used_at: None,
            created_from: origin.channel,
            client_address: origin.client_address,
            user_agent: origin.user_agent,
        };
        accounts::insert_token(&mut tx, &token, &secret_hash(&secret)).await?;
        record(
            &mut tx,
            actor,
            AuditAction::TokenCreate,
            ("api_token", &token.id),
            None,
            Some(serde_json::json!({ "valid_days": days, "created_from": token.created_from })),
        )
        .await?;
        tx.commit().await?;
        Ok(CreatedToken { token, secret })
    }

    pub async fn tokens(&self, actor: &Actor) -> Result<Vec<ApiToken>> {
        let mut conn = self.store.read().await?;
        Ok(accounts::tokens_of(&mut conn, &actor.user_id).await?)
    }

    pub async fn revoke_token(&self, actor: &Actor, token_id: &str) -> Result<()> {
        let mut tx = self.store.write().await?;
        let now = tx.now_text();
        if !accounts::revoke_token(&mut tx, &actor.user_id, token_id, &now).await? {
            return Err(AppError::NotFound {
                what: "API token",
                id: token_id.to_string(),
            });
        }
        record(
            &mut tx,
            actor,
            AuditAction::TokenRevoke,
            ("api_token", token_id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether any account exists (the first admin is created at the command line).
    pub async fn has_users(&self) -> Result<bool> {
        let mut conn = self.store.read().await?;
        Ok(!accounts::list_users(&mut conn).await?.is_empty())
    }
}

fn check_password(password: &str, min_length: usize) -> Invalid<()> {
    if password.chars().count() < min_length {
        return Err(Violation::at(
            "weak_password",
            "password",
            format!("use at least {min_length} characters"),
        ));
    }
    Ok(())
}

fn check_username(username: &str) -> Invalid<&str> {
    let well_formed = (2..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if !well_formed {
        return Err(Violation::at(
            "invalid_username",
            "username",
            "use 2 to 64 lower-case letters, digits, '.', '-' or '_'",
        ));
    }
    Ok(username)
}

/// A new account's username, display name and roles, checked with its password's length:
/// every field, so that the form shows what is wrong with each at once.
fn new_user_fields(
    input: &NewUser,
    min_password_length: usize,
) -> Result<(String, String, Vec<Role>)> {
    let mut checks = Checks::new();
    let username = checks.check(check_username(input.username.trim()));
    let display_name = checks.check(
        input
            .display_name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(display_name)
            .transpose(),
    );
    let roles = checks.check(parse_roles(&input.roles));
    checks.check(check_password(&input.password, min_password_length));
    Ok(checks.finish(|| {
        let username = username?;
        let display_name = display_name?.unwrap_or_else(|| username.to_string());
        Some((username.to_string(), display_name, roles?))
    })?)
}

/// Creates an account whose password `password_hash` was made from `input.password` (by
/// [`App::hash_password`], before the transaction).
pub(crate) async fn create_user_in(
    tx: &mut grenzeloos_store::Tx,
    actor: &Actor,
    input: &NewUser,
    password_hash: &str,
    min_password_length: usize,
) -> Result<UserView> {
    let (username, display_name, roles) = new_user_fields(input, min_password_length)?;
    let user = User {
        id: tx.new_id(),
        username,
        display_name,
        password_hash: password_hash.to_string(),
        roles,
        active: true,
        failed_logins: 0,
        locked_until: None,
    };
    let now = tx.now_text();
    accounts::insert_user(tx, &user, &now)
        .await
        .map_err(conflict_at("username"))?;
    record(
        tx,
        actor,
        AuditAction::UserCreate,
        ("user", &user.id),
        None,
        Some(serde_json::json!({
            "granted_by": actor.username,
            "roles": role_names(&user.roles),
        })),
    )
    .await?;
    Ok(UserView::from(&user))
}

/// A user's name as the UI shows it: one line of at most 100 characters.
fn display_name(name: &str) -> Invalid<String> {
    if name.chars().count() > 100 {
        return Err(Violation::at(
            "too_long",
            "display_name",
            "is longer than 100 characters",
        ));
    }
    check_line("display_name", name)?;
    Ok(name.to_string())
}

/// Audits a refused sign-in under the account's name when it exists (a typed name that is not
/// an account could be anything, a password too, and stays out of the trail).
async fn failed_login(
    tx: &mut grenzeloos_store::Tx,
    user: Option<&User>,
    reason: &str,
) -> Result<()> {
    let username = user.map_or("(unknown)", |u| u.username.as_str());
    audit::append(
        tx,
        NewEvent {
            actor: username,
            action: AuditAction::Login.as_str(),
            object_type: "user",
            object_id: username,
            outcome: Outcome::Failed,
            purpose: None,
            details: Some(serde_json::json!({ "reason": reason }).to_string()),
        },
    )
    .await?;
    Ok(())
}

/// An Argon2 hash of a random password, verified against when the username is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3kFTf8x7cM0Nkz5X0PZ7e1lXGq1S7j1mU0O0m8w6uFk";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_real_argon2_hash() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!password_matches("anything", DUMMY_HASH));
    }

    #[test]
    fn passwords_verify_against_their_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(password_matches("correct horse battery", &hash));
        assert!(!password_matches("correct horse battery!", &hash));
    }
}
