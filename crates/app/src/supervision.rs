//! The supervisor's use cases: reading and verifying the audit trail; and the operator's
//! (and the daily job's): removing segments past their retention, and signing the chains.

use crate::{Actor, App, Result, record};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::clock::amsterdam;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::time::{instant_text, parse_date};
use grenzeloos_domain::{Invalid, Violation};
use grenzeloos_store::StoreError;
use grenzeloos_store::accounts as accounts_repo;
use grenzeloos_store::audit::{
    self, AuditEvent, Break, DueSegment, Filter, Signing, Tombstone, Verification,
};
use grenzeloos_store::registry as registry_repo;
use jiff::civil::Date;
use std::collections::{BTreeSet, HashMap};

/// The trail as the supervisor's page shows it.
#[derive(Debug, Clone, Default)]
pub struct AuditTrail {
    pub events: Vec<AuditEvent>,
    /// Officer id → personnel number (`ERASED-…` once erased), for the events about one.
    pub officers: HashMap<String, String>,
}

impl AuditTrail {
    /// The officer an event is about: an officer's own record, or their contact record (whose
    /// id is the officer's); not a list of them (`*`).
    pub fn officer_of(event: &AuditEvent) -> Option<&str> {
        let about_officer = matches!(event.object_type.as_str(), "officer" | "contact");
        (about_officer && event.object_id != "*").then_some(event.object_id.as_str())
    }
}

/// Someone who can appear as the actor of an event: an account, or one of the node's jobs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditActor {
    /// What the trail records (`beleid`, `job:retention.review`).
    pub username: String,
    pub display_name: String,
    /// A deactivated account still appears in the trail.
    pub active: bool,
}

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
        Ok(self.read_trail(actor, domain, filter, false).await?.events)
    }

    /// The supervisor's page of `domain`'s trail: the events, newest first, with the officers
    /// they are about named by personnel number (an erased officer's pseudonym) rather than
    /// by internal id. Reading the trail is audited, with how many officers it named.
    pub async fn audit_trail(
        &self,
        actor: &Actor,
        domain: DataDomain,
        filter: &Filter,
    ) -> Result<AuditTrail> {
        self.read_trail(actor, domain, filter, true).await
    }

    async fn read_trail(
        &self,
        actor: &Actor,
        domain: DataDomain,
        filter: &Filter,
        name_officers: bool,
    ) -> Result<AuditTrail> {
        self.require_in(domain, actor, Permission::AuditRead, AuditAction::AuditRead)
            .await?;
        let mut tx = self.domain(domain).write().await?;
        let events = audit::list_in(&mut tx, domain, filter).await?;
        let mut details = serde_json::json!({ "count": events.len() });
        let mut officers = HashMap::new();
        // Officers live in the registry; the other domains' events are about their own cases.
        if name_officers && domain == DataDomain::Registry {
            let ids: BTreeSet<&str> = events.iter().filter_map(AuditTrail::officer_of).collect();
            for id in ids {
                if let Some(row) = registry_repo::officer(&mut tx, id).await? {
                    officers.insert(id.to_string(), row.officer.personnel_number);
                }
            }
            details["officers"] = officers.len().into();
        }
        record(
            &mut tx,
            actor,
            AuditAction::AuditRead,
            ("audit", "*"),
            None,
            Some(details),
        )
        .await?;
        tx.commit().await?;
        Ok(AuditTrail { events, officers })
    }

    /// Who can appear as the actor of an event, for the supervisor's picker: every account
    /// (active or not: the trail outlives an account's use) by name, and the node's daily
    /// jobs. The supervisor holds `audit.read`, not `users.manage`: this gives names only.
    pub async fn audit_actors(&self, actor: &Actor) -> Result<Vec<AuditActor>> {
        self.require(actor, Permission::AuditRead, AuditAction::AuditRead)
            .await?;
        let mut conn = self.store.read().await?;
        let mut actors: Vec<AuditActor> = accounts_repo::list_users(&mut conn)
            .await?
            .into_iter()
            .map(|user| AuditActor {
                username: user.username,
                display_name: user.display_name,
                active: user.active,
            })
            .collect();
        actors.sort_by_cached_key(|a| (a.display_name.to_lowercase(), a.username.clone()));
        actors.extend(crate::jobs::daily_jobs().into_iter().map(|job| {
            let job = Actor::job(job.name, &[]);
            AuditActor {
                username: job.username,
                display_name: job.display_name,
                active: true,
            }
        }));
        Ok(actors)
    }

    /// Checks every domain's chain (segments, links, events, signatures, tombstones) against
    /// the node's public audit key; reports the first break of each.
    pub async fn verify_audit(&self, actor: &Actor) -> Result<Verification> {
        self.require(actor, Permission::AuditRead, AuditAction::AuditVerify)
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
        self.require(actor, Permission::AuditPurge, AuditAction::AuditPurge)
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
                            AuditAction::AuditPurge,
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

/// The audit trail's filter as people give it: texts and whole days (both inclusive) in
/// Amsterdam, where the node's users work.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct AuditQuery {
    /// The data domain whose trail to read: registry (the default), exchange or forensic.
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub actor: String,
    /// One action's code (`officer.read`).
    #[serde(default)]
    pub action: String,
    /// `true`: only the consultations of personal data, every kind at once (SPOC-13, BNL-03).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub consultations: String,
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
    pub fn domain(&self) -> Result<DataDomain, Violation> {
        match self.domain.trim() {
            "" => Ok(DataDomain::Registry),
            name => DataDomain::parse("domain", name),
        }
    }

    /// Whether only the consultations of personal data are asked for.
    pub fn consultations(&self) -> Invalid<bool> {
        match self.consultations.trim() {
            "" | "false" => Ok(false),
            "true" => Ok(true),
            other => Err(Violation::at(
                "invalid_choice",
                "consultations",
                format!(
                    "{} is not a choice here; use true (only the consultations of personal data) or false",
                    grenzeloos_domain::text::echo(other)
                ),
            )),
        }
    }

    /// The action asked for, if any.
    pub fn action(&self) -> Invalid<Option<AuditAction>> {
        match self.action.trim() {
            "" => Ok(None),
            code => AuditAction::parse("action", code).map(Some),
        }
    }

    /// The store's filter: empty texts match everything; the days become the instants at
    /// which they begin and end in Amsterdam.
    pub fn filter(&self, default_limit: i64) -> Result<Filter, Violation> {
        let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let day = |field: &str, value: &str| text(value).map(|d| parse_date(field, &d)).transpose();
        let (from, until) = (day("from", &self.from)?, day("until", &self.until)?);
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            return Err(Violation::at(
                "invalid_period",
                "until",
                "is before the first day (from); the days are both included",
            ));
        }
        let until = until
            .map(|d| {
                d.tomorrow()
                    .map_err(|_| Violation::at("invalid_date", "until", "is out of range"))
            })
            .transpose()?;
        let actions = if self.consultations()? {
            AuditAction::personal_data_reads()
                .map(|a| a.as_str().to_string())
                .collect()
        } else {
            Vec::new()
        };
        Ok(Filter {
            actor: text(&self.actor),
            action: self.action()?.map(|a| a.as_str().to_string()),
            actions,
            object_type: text(&self.object_type),
            object_id: text(&self.object_id),
            from: from.map(|d| start_in_amsterdam("from", d)).transpose()?,
            until: until.map(|d| start_in_amsterdam("until", d)).transpose()?,
            limit: self.limit.unwrap_or(default_limit),
            before_seq: self.before_seq,
        })
    }
}

/// The instant `day` begins in Amsterdam, in the trail's text form (which compares in order).
fn start_in_amsterdam(field: &str, day: Date) -> Result<String, Violation> {
    day.to_zoned(amsterdam())
        .map(|start| instant_text(start.timestamp()))
        .map_err(|_| Violation::at("invalid_date", field, "is out of range"))
}
