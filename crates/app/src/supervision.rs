//! The supervisor's use cases: reading and verifying the audit trail; and the operator's
//! (and the daily job's): removing segments past their retention, and signing the chains.

use crate::{Actor, App, Result, record};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_store::StoreError;
use grenzeloos_store::audit::{
    self, AuditEvent, Break, DueSegment, Filter, Signing, Tombstone, Verification,
};

/// What a purge did, or (dry run) would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PurgeReport {
    /// The segments past retention, oldest first per domain.
    pub due: Vec<DueSegment>,
    /// The tombstones left (empty on a dry run), with their domain.
    pub purged: Vec<(DataDomain, Tombstone)>,
    /// Segments that were due but do not verify: left in place as evidence.
    pub refused: Vec<Break>,
}

impl App {
    /// The registry's audit events, newest first. Reading the trail is itself audited.
    pub async fn audit_events(&self, actor: &Actor, filter: &Filter) -> Result<Vec<AuditEvent>> {
        self.audit_events_in(actor, DataDomain::Registry, filter)
            .await
    }

    /// `domain`'s audit events, newest first. Reading the trail is itself audited, in the
    /// trail read.
    pub async fn audit_events_in(
        &self,
        actor: &Actor,
        domain: DataDomain,
        filter: &Filter,
    ) -> Result<Vec<AuditEvent>> {
        self.require_in(domain, actor, Permission::AuditRead, "audit.read")
            .await?;
        let mut tx = self.domain(domain).write().await?;
        let events = audit::list_in(&mut tx, domain, filter).await?;
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

    /// Checks every domain's chain (segments, links, events, signatures, tombstones) against
    /// the node's public audit key; reports the first break of each.
    pub async fn verify_audit(&self, actor: &Actor) -> Result<Verification> {
        self.require(actor, Permission::AuditRead, "audit.verify")
            .await?;
        let key = self
            .store
            .audit_public_key()
            .cloned()
            .ok_or(StoreError::NoAuditKey("verify the audit trail"))?;
        let mut reports = Vec::new();
        for domain in DataDomain::ALL {
            let mut conn = self.domain(domain).read().await?;
            reports.push(audit::verify(&mut conn, domain, &key).await?);
        }
        Ok(Verification::of(&key, reports))
    }

    /// Removes, in every domain, the sealed segments past that domain's retention and leaves
    /// a signed tombstone for each; each removal is an `audit.purge` event in the domain's
    /// chain, in the same transaction (SPOC-13, PRUM-08). A segment that does not verify is
    /// not removed (a purge never hides tampering), nor is any later one of its domain.
    pub async fn purge_audit(&self, actor: &Actor, dry_run: bool) -> Result<PurgeReport> {
        self.require(actor, Permission::AuditPurge, "audit.purge")
            .await?;
        let now = self.now();
        let mut report = PurgeReport::default();
        for domain in DataDomain::ALL {
            let months = self.settings.audit_retention.months(domain);
            let store = self.domain(domain);
            let mut tx = store.write().await?;
            let due = audit::due_for_purge(&mut tx, domain, months, now).await?;
            report.due.extend(due.iter().cloned());
            if dry_run || due.is_empty() {
                continue;
            }
            for segment in &due {
                match audit::purge(&mut tx, segment, months, &actor.username).await? {
                    Ok(tombstone) => {
                        record(
                            &mut tx,
                            actor,
                            "audit.purge",
                            ("audit_segment", &format!("{domain}/{}", tombstone.period)),
                            None,
                            Some(serde_json::json!({
                                "domain": domain,
                                "period": tombstone.period,
                                "first_seq": tombstone.first_seq,
                                "last_seq": tombstone.last_seq,
                                "events": tombstone.events,
                                "retention_months": months,
                            })),
                        )
                        .await?;
                        report.purged.push((domain, tombstone));
                    }
                    Err(broken) => {
                        tracing::error!(%domain, period = %segment.period, seq = broken.seq, "audit segment past retention does not verify: not purged");
                        report.refused.push(broken);
                        break;
                    }
                }
            }
            tx.commit().await?;
        }
        Ok(report)
    }

    /// Signs every domain's chain: seals the months that are over and signs each open
    /// segment's head. The node's own duty (no actor): `serve` runs it every minute and at
    /// shutdown, the command line after each command.
    pub async fn sign_audit(&self) -> Result<Vec<(DataDomain, Signing)>> {
        let mut done = Vec::new();
        for domain in DataDomain::ALL {
            let mut tx = self.domain(domain).write().await?;
            let signing = audit::sign(&mut tx).await?;
            tx.commit().await?;
            done.push((domain, signing));
        }
        Ok(done)
    }
}

/// The audit trail's filter as people give it: texts and whole days (both inclusive).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct AuditQuery {
    /// The data domain whose trail to read: registry (the default), exchange or forensic.
    #[serde(default)]
    pub domain: String,
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
    /// The domain asked for; the registry when none is given.
    pub fn domain(&self) -> Result<DataDomain, grenzeloos_domain::Violation> {
        match self.domain.trim() {
            "" => Ok(DataDomain::Registry),
            name => DataDomain::parse("domain", name),
        }
    }

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
