//! The overview "Overzicht uitgezonden politiefunctionarissen": officers deployed per mission
//! on a reference date, reproducible as the data stood at any recorded moment.

use crate::registry::{histories, summarise};
use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::time::instant_text;
use grenzeloos_store::registry as repo;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

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

impl App {
    /// Officers deployed per mission on `as_of`; with `as_recorded_at`, exactly as a report
    /// produced at that moment showed it, whatever was corrected since.
    pub async fn deployment_overview(
        &self,
        actor: &Actor,
        as_of: Date,
        as_recorded_at: Option<Timestamp>,
    ) -> Result<Overview> {
        self.require(actor, Permission::ReportRead, "report.deployments")
            .await?;
        let known_at = as_recorded_at.map(instant_text);
        let mut conn = self.store.read().await?;
        let counts = repo::deployed_per_mission(&mut conn, as_of, known_at.as_deref()).await?;
        let histories = histories(repo::locations(&mut conn, None, known_at.as_deref()).await?);
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
}
