//! The supervisor's use cases: reading and verifying the audit trail.

use crate::{Actor, App, Result, record};
use grenzeloos_domain::access::Permission;
use grenzeloos_store::audit::{self, AuditEvent, Filter, Verification};

impl App {
    /// Audit events, newest first. Reading the trail is itself audited.
    pub async fn audit_events(&self, actor: &Actor, filter: &Filter) -> Result<Vec<AuditEvent>> {
        self.require(actor, Permission::AuditRead, "audit.read")
            .await?;
        let mut tx = self.store.write().await?;
        let events = audit::list(&mut tx, filter).await?;
        record(
            &mut tx,
            actor,
            "audit.read",
            ("audit", "*"),
            None,
            Some(serde_json::json!({ "count": events.len() })),
        )
        .await?;
        tx.commit().await?;
        Ok(events)
    }

    /// Checks the whole chain; reports the first event that does not verify.
    pub async fn verify_audit(&self, actor: &Actor) -> Result<Verification> {
        self.require(actor, Permission::AuditRead, "audit.verify")
            .await?;
        let mut conn = self.store.read().await?;
        Ok(audit::verify(&mut conn).await?)
    }
}

/// The audit trail's filter as people give it: texts and whole days (both inclusive).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub object_type: String,
    #[serde(default)]
    pub object_id: String,
    /// First day, YYYY-MM-DD.
    #[serde(default)]
    pub from: String,
    /// Last day, YYYY-MM-DD.
    #[serde(default)]
    pub until: String,
    #[serde(default, skip_serializing)]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing)]
    pub before_seq: Option<i64>,
}

impl AuditQuery {
    /// The store's filter: empty texts match everything; the days become instant bounds.
    pub fn filter(&self, default_limit: i64) -> Result<Filter, grenzeloos_domain::Violation> {
        use grenzeloos_domain::time::parse_date;
        let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let from = text(&self.from)
            .map(|day| parse_date("from", &day))
            .transpose()?;
        let until = match text(&self.until) {
            Some(day) => Some(parse_date("until", &day)?.tomorrow().map_err(|_| {
                grenzeloos_domain::Violation::at("invalid_date", "until", "is out of range")
            })?),
            None => None,
        };
        Ok(Filter {
            actor: text(&self.actor),
            action: text(&self.action),
            object_type: text(&self.object_type),
            object_id: text(&self.object_id),
            from: from.map(|d| d.to_string()),
            until: until.map(|d| d.to_string()),
            limit: self.limit.unwrap_or(default_limit),
            before_seq: self.before_seq,
        })
    }
}
