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
