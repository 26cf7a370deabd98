//! Accounts: users and roles, login with lockout, sessions, personal API tokens.

use crate::{Actor, App, AppError, Result, conflict_at, record};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::{Permission, Role, check_separation};
use grenzeloos_domain::text::check_line;
use grenzeloos_domain::time::instant_text;
use grenzeloos_store::accounts::{self, ApiToken, User};
use grenzeloos_store::audit::{self, NewEvent, Outcome};
use jiff::SignedDuration;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

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
    Actor {
        user_id: user.id.clone(),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        roles: user.roles.clone(),
    }
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
            locked_until: user.locked_until.clone(),
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

fn parse_roles(roles: &[String]) -> Result<Vec<Role>> {
    if roles.is_empty() {
        return Err(Violation::at("required", "roles", "give the user at least one role").into());
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
        check_password(password, self.settings.min_password_length)
    }

    pub async fn add_user(&self, actor: &Actor, input: &NewUser) -> Result<UserView> {
        self.require(actor, Permission::UsersManage, "user.create")
            .await?;
        let mut tx = self.store.write().await?;
        let user = create_user_in(&mut tx, actor, input, self.settings.min_password_length).await?;
        tx.commit().await?;
        Ok(user)
    }

    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserView>> {
        self.require(actor, Permission::UsersManage, "user.list")
            .await?;
        let mut conn = self.store.read().await?;
        Ok(accounts::list_users(&mut conn)
            .await?
            .iter()
            .map(UserView::from)
            .collect())
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
        self.require(actor, Permission::UsersManage, "user.update")
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
            "user.update",
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
            self.require(actor, Permission::UsersManage, "user.password")
                .await?;
        }
        self.check_password(password)?;
        let hash = hash_password(password)?;
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
            "user.password",
            ("user", &user.id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a username and password. After `max_failed_logins` failures in a row the account
    /// is locked for `lockout_minutes`; every attempt is audited. The answer to a wrong
    /// username and to a wrong password is the same.
    pub async fn login(&self, username: &str, password: &str) -> Result<LoginSession> {
        let mut tx = self.store.write().await?;
        let now = tx.now();
        let now_text = tx.now_text();
        let user = accounts::user_by_username(&mut tx, username.trim()).await?;
        let fail =
            |reason: &'static str| Violation::new(reason, "the username or password is wrong");
        let Some(user) = user else {
            // Spend the same work as for a real account, so timing does not reveal which exist.
            let _ = password_matches(password, DUMMY_HASH);
            failed_login(&mut tx, "(unknown)", "unknown_user").await?;
            tx.commit().await?;
            return Err(AppError::Invalid(fail("login_failed")));
        };
        if let Some(until) = user
            .locked_until
            .as_deref()
            .filter(|until| *until > now_text.as_str())
        {
            failed_login(&mut tx, &user.username, "locked").await?;
            tx.commit().await?;
            return Err(AppError::Locked {
                until: until.to_string(),
            });
        }
        if !password_matches(password, &user.password_hash) || !user.active {
            let failures = user.failed_logins + 1;
            let locked_until = (failures >= self.settings.max_failed_logins).then(|| {
                instant_text(now + SignedDuration::from_mins(self.settings.lockout_minutes))
            });
            let failures = if locked_until.is_some() { 0 } else { failures };
            accounts::set_login_failures(&mut tx, &user.id, failures, locked_until.as_deref())
                .await?;
            failed_login(
                &mut tx,
                &user.username,
                if user.active {
                    "wrong_password"
                } else {
                    "inactive"
                },
            )
            .await?;
            tx.commit().await?;
            return Err(AppError::Invalid(fail("login_failed")));
        }
        accounts::set_login_failures(&mut tx, &user.id, 0, None).await?;
        let token = random_hex(32);
        let csrf_token = random_hex(32);
        let expires_at =
            instant_text(now + SignedDuration::from_hours(self.settings.session_hours));
        accounts::insert_session(
            &mut tx,
            &secret_hash(&token),
            &user.id,
            &csrf_token,
            &now_text,
            &expires_at,
        )
        .await?;
        accounts::delete_expired_sessions(&mut tx, &now_text).await?;
        let actor = actor_of(&user);
        record(&mut tx, &actor, "login", ("user", &user.id), None, None).await?;
        tx.commit().await?;
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
            "logout",
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
    pub async fn create_token(
        &self,
        actor: &Actor,
        name: &str,
        valid_days: Option<i64>,
    ) -> Result<CreatedToken> {
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
        if actor.user_id.is_empty() {
            return Err(Violation::new("no_account", "API tokens belong to a user account").into());
        }
        let days = valid_days.unwrap_or(90);
        if !(1..=366).contains(&days) {
            return Err(Violation::at(
                "out_of_range",
                "valid_days",
                "a token is valid for 1 to 366 days",
            )
            .into());
        }
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
        };
        accounts::insert_token(&mut tx, &token, &secret_hash(&secret)).await?;
        record(
            &mut tx,
            actor,
            "token.create",
            ("api_token", &token.id),
            None,
            None,
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
            "token.revoke",
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

fn check_password(password: &str, min_length: usize) -> Result<()> {
    if password.chars().count() < min_length {
        return Err(Violation::at(
            "weak_password",
            "password",
            format!("use at least {min_length} characters"),
        )
        .into());
    }
    Ok(())
}

pub(crate) async fn create_user_in(
    tx: &mut grenzeloos_store::Tx,
    actor: &Actor,
    input: &NewUser,
    min_password_length: usize,
) -> Result<UserView> {
    let username = input.username.trim();
    let well_formed = (2..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if !well_formed {
        return Err(Violation::at(
            "invalid_username",
            "username",
            "use 2 to 64 lower-case letters, digits, '.', '-' or '_'",
        )
        .into());
    }
    let display_name = match input
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        Some(name) => display_name(name)?,
        None => username.to_string(),
    };
    let roles = parse_roles(&input.roles)?;
    check_password(&input.password, min_password_length)?;
    let user = User {
        id: tx.new_id(),
        username: username.to_string(),
        display_name,
        password_hash: hash_password(&input.password)?,
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
        "user.create",
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
fn display_name(name: &str) -> Result<String> {
    if name.chars().count() > 100 {
        return Err(
            Violation::at("too_long", "display_name", "is longer than 100 characters").into(),
        );
    }
    check_line("display_name", name)?;
    Ok(name.to_string())
}

async fn failed_login(tx: &mut grenzeloos_store::Tx, username: &str, reason: &str) -> Result<()> {
    audit::append(
        tx,
        NewEvent {
            actor: username,
            action: "login",
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
