//! Configuration: one optional TOML file, overridden by `GRENZELOOS_*` environment variables,
//! overridden by command-line flags. Every setting has a default.

use anyhow::Context;
use grenzeloos_domain::data_domain::{DataDomain, audit_retention};
use grenzeloos_domain::retention::{Category, validate_rule};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The settings a config file may hold (all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// `sqlite://PATH` or `postgres://USER@HOST/DATABASE`: the registry domain's database, and
    /// every other domain's unless it has its own.
    pub database_url: Option<String>,
    /// The exchange domain's database (SPOC cases and messages) [default: database_url].
    pub exchange_database_url: Option<String>,
    /// The forensic domain's database (DNA, fingerprints) [default: database_url].
    pub forensic_database_url: Option<String>,
    /// The node's audit key (Ed25519 seed), created on the first start [default: beside an
    /// SQLite database, else ./grenzeloos.audit-key].
    pub audit_key_file: Option<String>,
    /// Months each domain's audit segments are kept before they are purged.
    pub registry_audit_retention_months: Option<i64>,
    pub exchange_audit_retention_months: Option<i64>,
    pub forensic_audit_retention_months: Option<i64>,
    /// Address to serve on, e.g. `127.0.0.1:8080`.
    pub listen: Option<String>,
    /// Set when served over HTTPS (Secure cookies, HSTS).
    pub secure_cookies: Option<bool>,
    pub session_hours: Option<i64>,
    /// Failed sign-ins in a row (per client address, per account) before attempts wait.
    pub max_failed_logins: Option<i64>,
    /// The longest wait between sign-in attempts after failures.
    pub lockout_minutes: Option<i64>,
    /// The longest lifetime of a personal API token, in days.
    pub token_max_days: Option<i64>,
    /// Proxies (IP addresses) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Option<Vec<String>>,
    /// A second address that serves `/metrics` without a token (for the monitoring only).
    pub metrics_listen: Option<String>,
    /// The bearer token that opens `/metrics` on the main listener. A secret: never printed.
    pub metrics_token: Option<String>,
    /// The largest CSV file an import over HTTP accepts, in bytes.
    pub max_import_bytes: Option<i64>,
    /// The retention rule per category of personal data (WPG-02): `[retention.<category>]`.
    pub retention: Option<BTreeMap<String, RetentionFile>>,
}

/// One category's retention rule in the file; what it leaves out keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionFile {
    /// Months after the clock's start of the first review.
    pub review_after_months: Option<i64>,
    /// Months after the clock's start at which the data are due for erasure; 0: never by
    /// the rule, only by a decision.
    pub erase_after_months: Option<i64>,
    /// Erase without a decision once due.
    pub automatic: Option<bool>,
}

pub const DEFAULT_DATABASE: &str = "sqlite://grenzeloos.sqlite";
pub const DEMO_DATABASE: &str = "sqlite://grenzeloos-demo.sqlite";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

pub fn load(path: Option<&Path>) -> anyhow::Result<FileConfig> {
    let Some(path) = path else {
        return Ok(FileConfig::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the configuration file {}", path.display()))?;
    toml::from_str(&text)
        .with_context(|| format!("the configuration file {} is not valid", path.display()))
}

/// `env` when set, else the file's value.
pub fn env_or(name: &str, file: Option<String>) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty()).or(file)
}

pub fn apply(settings: &mut grenzeloos_app::Settings, file: &FileConfig) -> anyhow::Result<()> {
    let number = |name: &str, file: Option<i64>| -> anyhow::Result<Option<i64>> {
        match std::env::var(name).ok().filter(|v| !v.is_empty()) {
            Some(value) => {
                Ok(Some(value.parse().with_context(|| {
                    format!("{name} must be a whole number")
                })?))
            }
            None => Ok(file),
        }
    };
    if let Some(hours) = number("GRENZELOOS_SESSION_HOURS", file.session_hours)? {
        settings.session_hours = hours.clamp(1, 24);
    }
    if let Some(n) = number("GRENZELOOS_MAX_FAILED_LOGINS", file.max_failed_logins)? {
        settings.max_failed_logins = n.clamp(1, 100);
    }
    if let Some(minutes) = number("GRENZELOOS_LOCKOUT_MINUTES", file.lockout_minutes)? {
        settings.lockout_minutes = minutes.clamp(1, 24 * 60);
    }
    apply_retention_rules(settings, file)?;
    // A retention outside its bounds is refused, not clamped: it is a legal term (PRUM-08).
    for (domain, file_value) in [
        (DataDomain::Registry, file.registry_audit_retention_months),
        (DataDomain::Exchange, file.exchange_audit_retention_months),
        (DataDomain::Forensic, file.forensic_audit_retention_months),
    ] {
        let setting = format!("{domain}_audit_retention_months");
        let env = format!("GRENZELOOS_{}", setting.to_uppercase());
        if let Some(months) = number(&env, file_value)? {
            let months = audit_retention(&setting, months).map_err(|v| anyhow::anyhow!("{v}"))?;
            match domain {
                DataDomain::Registry => settings.audit_retention.registry = months,
                DataDomain::Exchange => settings.audit_retention.exchange = months,
                DataDomain::Forensic => settings.audit_retention.forensic = months,
            }
        }
    }
    if let Some(days) = number("GRENZELOOS_TOKEN_MAX_DAYS", file.token_max_days)? {
        settings.token_max_days = days.clamp(1, 366);
    }
    Ok(())
}

/// The retention rules (WPG-02): the file's `[retention.<category>]` tables, then the
/// environment (`GRENZELOOS_RETENTION_<CATEGORY>_REVIEW_AFTER_MONTHS`, `…_ERASE_AFTER_MONTHS`,
/// `…_AUTOMATIC`), each rule checked whole; a wrong one stops the start with its name.
fn apply_retention_rules(
    settings: &mut grenzeloos_app::Settings,
    file: &FileConfig,
) -> anyhow::Result<()> {
    let tables = file.retention.as_ref();
    if let Some(unknown) = tables
        .into_iter()
        .flat_map(|t| t.keys())
        .find(|name| Category::parse("retention", name).is_err())
    {
        anyhow::bail!(
            "[retention.{unknown}] is not a category of personal data; the categories are: {}",
            Category::ALL
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for category in Category::ALL.iter().copied() {
        let current = settings.retention.rule(category);
        let table = tables.and_then(|t| t.get(category.as_str()));
        let env = |field: &str| {
            let name = format!(
                "GRENZELOOS_RETENTION_{}_{}",
                category.as_str().to_uppercase(),
                field.to_uppercase()
            );
            std::env::var(&name)
                .ok()
                .filter(|v| !v.is_empty())
                .map(|v| (name, v))
        };
        let number = |field: &str, file: Option<i64>| -> anyhow::Result<Option<i64>> {
            match env(field) {
                Some((name, value)) => {
                    Ok(Some(value.trim().parse().with_context(|| {
                        format!("{name} must be a whole number of months")
                    })?))
                }
                None => Ok(file),
            }
        };
        let review = number(
            "review_after_months",
            table.and_then(|t| t.review_after_months),
        )?
        .unwrap_or(i64::from(current.review_after_months));
        let erase = number(
            "erase_after_months",
            table.and_then(|t| t.erase_after_months),
        )?
        .unwrap_or(current.erase_after_months.map_or(0, i64::from));
        let automatic = match env("automatic") {
            Some((name, value)) => match value.trim() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => anyhow::bail!("{name} must be true or false"),
            },
            None => table.and_then(|t| t.automatic).unwrap_or(current.automatic),
        };
        let rule = validate_rule(
            category,
            &format!("retention.{category}"),
            review,
            (erase != 0).then_some(erase),
            automatic,
        )
        .map_err(|v| anyhow::anyhow!("{v}"))?;
        settings.retention.set(category, rule);
    }
    Ok(())
}

/// Each domain's database URL: its own setting (`GRENZELOOS_EXCHANGE_DATABASE_URL`,
/// `exchange_database_url` …), else the registry's.
pub fn domain_urls(registry: &str, file: &FileConfig) -> Vec<(DataDomain, String)> {
    let of = |env: &str, value: &Option<String>| {
        env_or(env, value.clone()).unwrap_or_else(|| registry.to_string())
    };
    vec![
        (DataDomain::Registry, registry.to_string()),
        (
            DataDomain::Exchange,
            of(
                "GRENZELOOS_EXCHANGE_DATABASE_URL",
                &file.exchange_database_url,
            ),
        ),
        (
            DataDomain::Forensic,
            of(
                "GRENZELOOS_FORENSIC_DATABASE_URL",
                &file.forensic_database_url,
            ),
        ),
    ]
}

/// The largest import accepted over HTTP: `GRENZELOOS_MAX_IMPORT_BYTES` or the file's, at
/// least 64 KiB and at most 1 GiB.
pub fn max_import_bytes(file: &FileConfig) -> anyhow::Result<usize> {
    let value = match std::env::var("GRENZELOOS_MAX_IMPORT_BYTES")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(value) => Some(
            value
                .parse::<i64>()
                .context("GRENZELOOS_MAX_IMPORT_BYTES must be a whole number of bytes")?,
        ),
        None => file.max_import_bytes,
    };
    Ok(
        value.map_or(grenzeloos_web::DEFAULT_MAX_IMPORT_BYTES, |bytes| {
            usize::try_from(bytes.clamp(64 * 1024, 1024 * 1024 * 1024)).unwrap_or(usize::MAX)
        }),
    )
}

/// The shortest metrics token accepted.
const MIN_METRICS_TOKEN: usize = 24;

/// The metrics token: `GRENZELOOS_METRICS_TOKEN` or the file's; refused when short (and never
/// shown, not even in the refusal).
pub fn metrics_token(file: &FileConfig) -> anyhow::Result<Option<grenzeloos_web::Secret>> {
    match env_or("GRENZELOOS_METRICS_TOKEN", file.metrics_token.clone()) {
        None => Ok(None),
        Some(token) if token.trim().chars().count() < MIN_METRICS_TOKEN => anyhow::bail!(
            "metrics_token must be at least {MIN_METRICS_TOKEN} characters (a random string)"
        ),
        Some(token) => Ok(Some(grenzeloos_web::Secret::new(token.trim()))),
    }
}

/// The trusted proxies: `GRENZELOOS_TRUSTED_PROXIES` (comma-separated) or the file's list.
pub fn trusted_proxies(file: &FileConfig) -> anyhow::Result<Vec<std::net::IpAddr>> {
    let listed: Vec<String> = match std::env::var("GRENZELOOS_TRUSTED_PROXIES")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(value) => value.split(',').map(|a| a.trim().to_string()).collect(),
        None => file.trusted_proxies.clone().unwrap_or_default(),
    };
    listed
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse()
                .with_context(|| format!("trusted_proxies: {a:?} is not an IP address"))
        })
        .collect()
}

/// Shows a database URL without its password.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        assert_eq!(
            redacted("postgres://app:s3cret@db/grenzeloos"),
            "postgres://app:***@db/grenzeloos"
        );
        assert_eq!(
            redacted("postgres://postgres@127.0.0.1/x"),
            "postgres://postgres@127.0.0.1/x"
        );
        assert_eq!(
            redacted("sqlite://grenzeloos.sqlite"),
            "sqlite://grenzeloos.sqlite"
        );
    }

    #[test]
    fn a_retention_outside_its_bounds_is_refused_by_name() {
        let file: FileConfig = toml::from_str("forensic_audit_retention_months = 0").unwrap();
        let mut settings = grenzeloos_app::Settings::default();
        let error = apply(&mut settings, &file).unwrap_err().to_string();
        assert!(error.contains("forensic_audit_retention_months"), "{error}");
        let file: FileConfig = toml::from_str("exchange_audit_retention_months = 48").unwrap();
        apply(&mut settings, &file).unwrap();
        assert_eq!(settings.audit_retention.exchange, 48);
        assert_eq!(settings.audit_retention.forensic, 36);
    }

    #[test]
    fn retention_rules_come_from_the_file_and_a_wrong_one_is_refused_by_name() {
        // WPG-02: the rules per category are settings.
        let file: FileConfig = toml::from_str(
            "[retention.deployed_officer]\nreview_after_months = 6\nerase_after_months = 0\n\n[retention.officer_contact]\nautomatic = true\n",
        )
        .unwrap();
        let mut settings = grenzeloos_app::Settings::default();
        apply(&mut settings, &file).unwrap();
        let officer = settings.retention.rule(Category::DeployedOfficer);
        assert_eq!(
            (officer.review_after_months, officer.erase_after_months),
            (6, None)
        );
        let contact = settings.retention.rule(Category::OfficerContact);
        assert_eq!(
            (contact.erase_after_months, contact.automatic),
            (Some(3), true)
        );
        let file: FileConfig = toml::from_str(
            "[retention.deployed_officer]\nerase_after_months = 0\nautomatic = true\n",
        )
        .unwrap();
        let error = apply(&mut grenzeloos_app::Settings::default(), &file)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("retention.deployed_officer.automatic"),
            "{error}"
        );
        let file: FileConfig =
            toml::from_str("[retention.spoc_cases]\nreview_after_months = 6\n").unwrap();
        let error = apply(&mut grenzeloos_app::Settings::default(), &file)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("spoc_cases") && error.contains("deployed_officer"),
            "{error}"
        );
        assert!(
            toml::from_str::<FileConfig>("[retention.deployed_officer]\nreview = 6\n").is_err()
        );
    }

    #[test]
    fn trusted_proxies_are_addresses() {
        let file: FileConfig = toml::from_str("trusted_proxies = [\"10.0.0.2\", \"::1\"]").unwrap();
        let proxies = trusted_proxies(&file).unwrap();
        assert_eq!(proxies.len(), 2);
        let bad: FileConfig = toml::from_str("trusted_proxies = [\"proxy.local\"]").unwrap();
        assert!(trusted_proxies(&bad).is_err());
    }

    #[test]
    fn a_short_metrics_token_is_refused_without_showing_it() {
        let file: FileConfig = toml::from_str("metrics_token = \"geheim-kort\"").unwrap();
        if std::env::var("GRENZELOOS_METRICS_TOKEN").is_err() {
            let refused = metrics_token(&file).unwrap_err().to_string();
            assert!(!refused.contains("geheim"), "{refused}");
            let long: FileConfig =
                toml::from_str("metrics_token = \"0123456789abcdef0123456789\"").unwrap();
            let token = metrics_token(&long).unwrap().unwrap();
            assert_eq!(format!("{token:?}"), "***");
        }
    }

    #[test]
    fn unknown_settings_are_refused() {
        assert!(toml::from_str::<FileConfig>("listen = \"0.0.0.0:80\"").is_ok());
        assert!(toml::from_str::<FileConfig>("lisen = \"0.0.0.0:80\"").is_err());
    }
}
