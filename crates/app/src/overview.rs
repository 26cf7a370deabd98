//! The overview "Overzicht uitgezonden politiefunctionarissen": officers deployed per mission
//! on a reference date, reproducible as the data stood at any recorded moment.

use crate::registry::{histories, summarise};
use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::time::instant_text;
use grenzeloos_store::registry as repo;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverviewRow {
    #[serde(skip)]
    pub mission_id: String,
    pub mission: String,
    /// Country (or area) of mandate, in Dutch.
    pub country: String,
    /// Duty station, in Dutch.
    pub station: String,
    pub officers: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub as_of: Date,
    /// The recorded moment the data were read as of; absent for current knowledge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_recorded_at: Option<String>,
    pub missions: Vec<OverviewRow>,
    pub total: i64,
}

impl Overview {
    /// The overview as the API answers it. Serialised here rather than in the web crate, which
    /// a release build compiles for speed of building (issue 12), not of running.
    pub fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(self)
    }
}

impl App {
    /// Officers deployed per mission on `as_of`; with `as_recorded_at`, exactly as a report
    /// produced at that moment showed it, whatever was corrected since.
    pub async fn deployment_overview(
        &self,
        actor: &Actor,
        as_of: Date,
        as_recorded_at: Option<Timestamp>,
    ) -> Result<Overview> {
        self.require(
            actor,
            Permission::ReportRead,
            AuditAction::ReportDeployments,
        )
        .await?;
        let known_at = as_recorded_at.map(instant_text);
        let mut conn = self.store.read().await?;
        // The revision is read before the data, so an answer is never filed under a revision
        // newer than the data it was computed from.
        let revision = repo::revision(&mut conn).await?;
        let key = (as_of, known_at.clone());
        if let Some(overview) = self.overviews.get(&key, revision) {
            return Ok(overview);
        }
        let overview = compute_overview(&mut conn, as_of, known_at).await?;
        self.overviews.put(key, revision, overview.clone());
        Ok(overview)
    }
}

/// The overviews asked for most recently, each valid while the registry's revision is the one
/// it was computed at. The overview is the page and report people ask for most, for a few
/// reference dates at a time, and the registry changes far less often than it is read.
#[derive(Default)]
pub(crate) struct OverviewCache {
    entries: std::sync::Mutex<HashMap<OverviewKey, (i64, Overview)>>,
}

/// An overview's reference date and the recorded moment it was read as of (none: today's
/// knowledge).
type OverviewKey = (Date, Option<String>);

impl OverviewCache {
    /// At most this many reference dates and moments are kept; past it the cache starts over.
    const CAPACITY: usize = 64;

    fn get(&self, key: &OverviewKey, revision: i64) -> Option<Overview> {
        let entries = self.entries.lock().ok()?;
        let (at, overview) = entries.get(key)?;
        (*at == revision).then(|| overview.clone())
    }

    fn put(&self, key: OverviewKey, revision: i64, overview: Overview) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (at, _)| *at == revision);
            if entries.len() >= Self::CAPACITY {
                entries.clear();
            }
            entries.insert(key, (revision, overview));
        }
    }
}

async fn compute_overview(
    conn: &mut grenzeloos_store::Conn,
    as_of: Date,
    known_at: Option<String>,
) -> Result<Overview> {
    let counts = repo::deployed_per_mission(conn, as_of, known_at.as_deref()).await?;
    let histories = histories(repo::locations(conn, None, known_at.as_deref()).await?);
    let missions: Vec<OverviewRow> = counts
        .into_iter()
        .map(|(mission, officers)| {
            let summary = summarise(mission, &histories, as_of, officers);
            OverviewRow {
                mission_id: summary.mission.id,
                mission: summary.mission.mission.name,
                country: summary.country,
                station: summary.station,
                officers,
            }
        })
        .collect();
    Ok(Overview {
        as_of,
        as_recorded_at: known_at,
        total: missions.iter().map(|m| m.officers).sum(),
        missions,
    })
}

/// One deployment on the reference date in the named roster (personal data: audited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterRow {
    pub mission: String,
    pub officer_id: String,
    /// "Given family"; None when the officer's personal data were erased (SPOC-14).
    pub name: Option<String>,
    pub personnel_number: Option<String>,
    /// The officer's personal data were erased: in every version, so also in a roster
    /// reproduced as recorded before the erasure.
    pub erased: bool,
    pub function: String,
    pub start: Date,
    pub end: Option<Date>,
    pub status: grenzeloos_domain::registry::DeploymentStatus,
}

/// Who was deployed where on a reference date, by name: the staffing desk's roster, the
/// named counterpart of the overview (the same deployments count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Roster {
    pub as_of: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_recorded_at: Option<String>,
    pub deployments: Vec<RosterRow>,
}

impl App {
    /// The officers deployed on `as_of` by mission, with their names; with `as_recorded_at`,
    /// as the registry knew them then — except what was erased since, which reads as erased
    /// (SPOC-14). Audited with its purpose.
    pub async fn deployment_roster(
        &self,
        actor: &Actor,
        as_of: Date,
        as_recorded_at: Option<Timestamp>,
        purpose: &grenzeloos_domain::access::Purpose,
    ) -> Result<Roster> {
        self.require(actor, Permission::PersonalRead, AuditAction::ReportRoster)
            .await?;
        let known_at = as_recorded_at.map(instant_text);
        let known = known_at.as_deref();
        let mut tx = self.store.write().await?;
        let officers: std::collections::HashMap<String, repo::OfficerRow> =
            repo::officers(&mut tx, known)
                .await?
                .into_iter()
                .map(|o| (o.id.clone(), o))
                .collect();
        let missions: std::collections::HashMap<String, String> = repo::missions(&mut tx, known)
            .await?
            .into_iter()
            .map(|m| (m.id, m.mission.name))
            .collect();
        let filter = repo::DeploymentFilter {
            on: Some(as_of),
            ..Default::default()
        };
        let mut deployments: Vec<RosterRow> = repo::deployments(&mut tx, &filter, known)
            .await?
            .into_iter()
            .filter(|d| d.deployment.status.went_out())
            .map(|d| {
                let officer = officers.get(&d.officer_id);
                let erased = officer.is_some_and(|o| o.erased_at.is_some());
                let person = officer.filter(|_| !erased);
                RosterRow {
                    mission: missions.get(&d.mission_id).cloned().unwrap_or_default(),
                    name: person
                        .map(|o| format!("{} {}", o.officer.given_name, o.officer.family_name)),
                    personnel_number: person.map(|o| o.officer.personnel_number.clone()),
                    erased,
                    officer_id: d.officer_id,
                    function: d.deployment.function,
                    start: d.deployment.period.start,
                    end: d.deployment.period.end,
                    status: d.deployment.status,
                }
            })
            .collect();
        // By mission, then by name the Dutch way ("de Graaf" under G).
        deployments.sort_by_cached_key(|row| {
            let name = officers
                .get(&row.officer_id)
                .filter(|_| !row.erased)
                .map(|o| {
                    grenzeloos_domain::names::person_key(
                        &o.officer.family_name,
                        &o.officer.given_name,
                    )
                });
            (
                grenzeloos_domain::names::text_key(&row.mission),
                name,
                row.officer_id.clone(),
            )
        });
        crate::record(
            &mut tx,
            actor,
            AuditAction::ReportRoster,
            ("officer", "*"),
            Some(purpose.as_str()),
            Some(serde_json::json!({
                "as_of": as_of.to_string(),
                "as_recorded_at": known_at,
                "count": deployments.len(),
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(Roster {
            as_of,
            as_recorded_at: known_at,
            deployments,
        })
    }
}
