//! Grenzeloos use cases: every action a user can take, in one place.
//!
//! A use case checks the actor's permission, applies the domain rules, and writes its change
//! together with its audit event in one transaction. The web UI, the JSON API and the command
//! line call these functions and nothing else.

pub mod accounts;
pub mod agenda;
pub mod agreements;
pub mod annex;
pub mod care;
pub mod demo;
mod demo_instruments;
mod demo_spoc;
pub mod erasure;
pub mod import;
pub mod instruments;
pub mod jobs;
pub mod overview;
pub mod partners;
pub mod registry;
pub mod retention;
pub mod spoc;
pub mod spoc_registers;
pub mod supervision;
mod throttle;

use grenzeloos_domain::Violation;
use grenzeloos_domain::access::{Permission, Role, allows};
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_store::audit::{self, NewEvent, Outcome};
use grenzeloos_store::{Domains, Store, StoreError, Tx};

/// Settings of the use cases; every one has a sane default.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a login session lasts.
    pub session_hours: i64,
    /// Failed sign-ins in a row, per client address and per account, that need no wait; after
    /// them each attempt waits one second, doubling with each failure.
    pub max_failed_logins: i64,
    /// The longest such wait, in minutes.
    pub lockout_minutes: i64,
    /// Shortest password accepted.
    pub min_password_length: usize,
    /// The longest lifetime of a personal API token, in days (also its default).
    pub token_max_days: i64,
    /// How many months each domain's audit segments are kept (SPOC-13, PRUM-08).
    pub audit_retention: AuditRetention,
    /// The retention rule of each category of personal data (WPG-02, SPOC-14).
    pub retention: retention::RetentionRules,
    /// How the SPOC's Art 5 time limits are counted (SPOC-05): Regulation 1182/71 periods in
    /// Europe/Amsterdam (the default) or plain elapsed hours.
    pub spoc_deadline_rule: grenzeloos_domain::spoc::deadline::CountingRule,
}

/// How long each data domain's audit trail is kept, in whole months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditRetention {
    pub registry: u32,
    pub exchange: u32,
    pub forensic: u32,
}

impl AuditRetention {
    pub fn months(&self, domain: DataDomain) -> u32 {
        match domain {
            DataDomain::Registry => self.registry,
            DataDomain::Exchange => self.exchange,
            DataDomain::Forensic => self.forensic,
        }
    }
}

impl Default for AuditRetention {
    fn default() -> Self {
        AuditRetention {
            registry: DataDomain::Registry.default_audit_retention_months(),
            exchange: DataDomain::Exchange.default_audit_retention_months(),
            forensic: DataDomain::Forensic.default_audit_retention_months(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_hours: 8,
            max_failed_logins: 5,
            lockout_minutes: 15,
            min_password_length: 12,
            audit_retention: AuditRetention::default(),
            retention: retention::RetentionRules::default(),
            token_max_days: 90,
            spoc_deadline_rule: Default::default(),
        }
    }
}

impl Settings {
    /// The sign-in throttle's rule as these settings set it.
    pub fn sign_in_limits(&self) -> grenzeloos_domain::sign_in::Limits {
        grenzeloos_domain::sign_in::Limits {
            free: u32::try_from(self.max_failed_logins.max(1)).unwrap_or(u32::MAX),
            cap: jiff::SignedDuration::from_mins(self.lockout_minutes.max(1)),
        }
    }
}

/// The application: the data domains' stores plus settings. Cheap to clone.
#[derive(Clone)]
pub struct App {
    /// The registry domain's store, which most use cases write (the same as
    /// `domain(DataDomain::Registry)`).
    pub store: Store,
    domains: Domains,
    pub settings: Settings,
    /// Failed sign-ins per client address and per account (in this process).
    throttle: std::sync::Arc<throttle::Throttle>,
    /// Password hashing (Argon2: CPU time and 19 MiB each) runs off the async threads, a few
    /// at a time, so that a flood of sign-ins neither stalls other requests nor eats memory.
    hashing: std::sync::Arc<tokio::sync::Semaphore>,
    /// Overviews already computed, each with the registry revision it was computed at.
    overviews: std::sync::Arc<overview::OverviewCache>,
}

/// Who is acting: a signed-in user, a job of the node, or the operator at the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// For the node's own jobs and the command line: exactly these permissions, whatever the
    /// roles would give (least privilege). `None` for people, whose roles decide.
    pub limited_to: Option<Vec<Permission>>,
}

impl Actor {
    /// A signed-in person, allowed what their roles allow.
    pub fn person(user_id: &str, username: &str, display_name: &str, roles: &[Role]) -> Actor {
        Actor {
            user_id: user_id.to_string(),
            username: username.to_string(),
            display_name: display_name.to_string(),
            roles: roles.to_vec(),
            limited_to: None,
        }
    }

    /// A job of the node itself (`jobs`), audited as `job:<name>`, holding only `permissions`.
    pub fn job(name: &str, permissions: &[Permission]) -> Actor {
        Actor {
            user_id: String::new(),
            username: format!("job:{name}"),
            display_name: format!("job {name}"),
            roles: Vec::new(),
            limited_to: Some(permissions.to_vec()),
        }
    }

    /// The operator running a command on the server itself, holding only the permissions that
    /// command needs (least privilege); their actions are audited under `cli:<name>`.
    pub fn operator(name: &str, permissions: &[Permission]) -> Actor {
        Actor {
            user_id: String::new(),
            username: format!("cli:{name}"),
            display_name: format!("operator {name}"),
            roles: Vec::new(),
            limited_to: Some(permissions.to_vec()),
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        match &self.limited_to {
            Some(permissions) => permissions.contains(&permission),
            None => allows(&self.roles, permission),
        }
    }

    /// Everything this actor may do, in the order of `Permission::ALL`.
    pub fn permissions(&self) -> Vec<Permission> {
        Permission::ALL
            .iter()
            .copied()
            .filter(|p| self.can(*p))
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("sign in first")]
    Unauthenticated,
    #[error("your roles do not allow this ({})", .0.as_str())]
    Forbidden(Permission),
    #[error("{0}")]
    Invalid(Violation),
    #[error("{what} {} does not exist", grenzeloos_domain::text::echo(.id))]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Conflict(Violation),
    /// Only a session signed in with a password may do this (not a personal API token).
    #[error("{0}")]
    NeedsSession(&'static str),
    #[error("the import has {} error(s)", .0.total)]
    Import(import::ImportErrors),
    #[error("internal error")]
    Store(#[from] StoreError),
}

impl From<Violation> for AppError {
    fn from(violation: Violation) -> Self {
        AppError::Invalid(violation)
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl App {
    /// An application whose every domain lives in `store`'s database (the default layout).
    pub fn new(store: Store) -> App {
        App::with_domains(Domains::shared(&store))
    }

    /// An application over the given domains, each possibly in a database of its own.
    pub fn with_domains(domains: Domains) -> App {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        App {
            store: domains.get(DataDomain::Registry).clone(),
            domains,
            settings: Settings::default(),
            throttle: std::sync::Arc::default(),
            hashing: std::sync::Arc::new(tokio::sync::Semaphore::new(cpus)),
            overviews: std::sync::Arc::default(),
        }
    }

    /// The store of `domain`: a use case in that domain writes its change and its audit event
    /// there, in one transaction (`app.domain(DataDomain::Exchange).write()`).
    pub fn domain(&self, domain: DataDomain) -> &Store {
        self.domains.get(domain)
    }

    /// All three domains.
    pub fn domains(&self) -> &Domains {
        &self.domains
    }

    /// Now, by the node's one clock (the store's).
    pub fn now(&self) -> jiff::Timestamp {
        self.store.now()
    }

    /// Today in Amsterdam by the node's clock: the default reference date.
    pub fn today(&self) -> jiff::civil::Date {
        self.store.clock().today()
    }

    /// Refuses an actor without `permission`, and records the refusal in the audit trail as
    /// `action` with the route asked for (`GET /officers`) in its details. Adapters call it at
    /// their gate (with [`AuditAction::RouteOpen`]); every use case checks again.
    pub async fn authorize(
        &self,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
        route: &str,
    ) -> Result<()> {
        if actor.can(permission) {
            return Ok(());
        }
        self.refuse(
            DataDomain::Registry,
            actor,
            permission,
            action,
            Some(serde_json::json!({ "route": route })),
        )
        .await
    }

    pub(crate) async fn require(
        &self,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
    ) -> Result<()> {
        self.require_in(DataDomain::Registry, actor, permission, action)
            .await
    }

    /// Like `require`, recording a refusal in `domain`'s audit trail: a refused look at
    /// exchange or forensic data is logged with that data (SPOC-13).
    pub(crate) async fn require_in(
        &self,
        domain: DataDomain,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
    ) -> Result<()> {
        if actor.can(permission) {
            return Ok(());
        }
        self.refuse(domain, actor, permission, action, None).await
    }

    /// Records `actor`'s refused `action` (for want of `permission`) and refuses it.
    async fn refuse(
        &self,
        domain: DataDomain,
        actor: &Actor,
        permission: Permission,
        action: AuditAction,
        details: Option<serde_json::Value>,
    ) -> Result<()> {
        let mut tx = self.domain(domain).write().await?;
        audit::append(
            &mut tx,
            NewEvent {
                actor: &actor.username,
                action: action.as_str(),
                object_type: "permission",
                object_id: permission.as_str(),
                outcome: Outcome::Denied,
                purpose: None,
                details: details.map(|d| d.to_string()),
            },
        )
        .await?;
        tx.commit().await?;
        Err(AppError::Forbidden(permission))
    }
}

/// Appends the audit event of a successful action to the use case's transaction.
pub(crate) async fn record(
    tx: &mut Tx,
    actor: &Actor,
    action: AuditAction,
    object: (&str, &str),
    purpose: Option<&str>,
    details: Option<serde_json::Value>,
) -> Result<()> {
    audit::append(
        tx,
        NewEvent {
            actor: &actor.username,
            action: action.as_str(),
            object_type: object.0,
            object_id: object.1,
            outcome: Outcome::Ok,
            purpose,
            details: details.map(|d| d.to_string()),
        },
    )
    .await?;
    Ok(())
}

/// Turns a uniqueness conflict of the store into a field-level conflict.
pub(crate) fn conflict_at(field: &'static str) -> impl FnOnce(StoreError) -> AppError {
    move |error| match error {
        StoreError::Conflict(message) => {
            AppError::Conflict(Violation::at("duplicate", field, message))
        }
        other => AppError::Store(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12, least privilege: the command line and the node's jobs hold exactly the
    /// permissions their task needs, not a role's bundle; people hold what their roles give.
    #[test]
    fn operators_and_jobs_hold_only_the_permissions_they_were_given() {
        let report = Actor::operator("ops", &[Permission::ReportRead]);
        assert_eq!(report.permissions(), vec![Permission::ReportRead]);
        assert!(!report.can(Permission::PersonalRead));
        assert!(!report.can(Permission::RegistryRead));
        let purge = Actor::job("audit.purge", &[Permission::AuditPurge]);
        assert!(purge.can(Permission::AuditPurge));
        assert!(!purge.can(Permission::AuditRead));
        assert!(!purge.can(Permission::UsersManage));
        let admin = Actor::person("u", "beheer", "Beheer", &[Role::Admin]);
        assert_eq!(
            admin.permissions(),
            Permission::ALL
                .into_iter()
                .filter(|p| allows(&[Role::Admin], *p))
                .collect::<Vec<_>>()
        );
    }
}
