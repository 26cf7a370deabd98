//! Duty of care for deployed officers: who is in a high-risk area on a date, and how the
//! staffing desk reaches them.

use crate::registry::{histories, summarise};
use crate::{Actor, App, Result, record};
use grenzeloos_domain::access::{Permission, Purpose};
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::instruments::{Contact, SecurityAssessment, SecurityLevel, level_on};
use grenzeloos_store::instruments as docs;
use grenzeloos_store::registry::{self as repo, DeploymentFilter};
use jiff::civil::Date;
use serde::Serialize;

/// A mission area with its security level on a date.
#[derive(Debug, Clone, Serialize)]
pub struct AreaLevel {
    pub mission_id: String,
    pub mission: String,
    pub country: String,
    pub level: Option<SecurityLevel>,
    pub since: Option<Date>,
    pub reason: Option<String>,
    /// Officers deployed there on the date.
    pub officers: i64,
}

/// An officer in a high-risk area, with how to reach them (personal data: audited).
#[derive(Debug, Clone, Serialize)]
pub struct AtRisk {
    pub officer_id: String,
    pub officer_name: String,
    /// The officer's personal data were erased (SPOC-14).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub officer_erased: bool,
    /// The key that orders the officer's name the Dutch way ("de Graaf" under G); empty when
    /// erased. Not part of the answer: only for ordering.
    #[serde(skip)]
    pub name_key: String,
    pub mission_id: String,
    pub mission: String,
    pub station: String,
    pub level: SecurityLevel,
    pub level_since: Date,
    pub function: String,
    pub until: Option<Date>,
    pub contact: Option<Contact>,
}

impl App {
    /// Every mission with its security level on `date` and the number of officers there;
    /// no personal data.
    pub async fn security_levels(&self, actor: &Actor, date: Date) -> Result<Vec<AreaLevel>> {
        self.require(
            actor,
            Permission::RegistryRead,
            AuditAction::SecurityAssessmentList,
        )
        .await?;
        let mut conn = self.store.read().await?;
        let assessments = docs::all::<SecurityAssessment>(&mut conn, None).await?;
        let values: Vec<&SecurityAssessment> = assessments.iter().map(|r| &r.value).collect();
        let counts = repo::deployed_per_mission(&mut conn, date, None).await?;
        let histories = histories(repo::locations(&mut conn, None, None).await?);
        let mut areas = Vec::new();
        for mission in repo::missions(&mut conn, None).await? {
            if !mission.mission.period.contains(date) {
                continue;
            }
            let officers = counts
                .iter()
                .find(|(m, _)| m.id == mission.id)
                .map_or(0, |(_, n)| *n);
            let current = level_on(values.iter().copied(), &mission.id, date);
            let summary = summarise(mission, &histories, date, officers);
            areas.push(AreaLevel {
                mission_id: summary.mission.id,
                mission: summary.mission.mission.name,
                country: summary.country,
                level: current.map(|a| a.level),
                since: current.map(|a| a.valid_from),
                reason: current.map(|a| a.reason.clone()),
                officers,
            });
        }
        // Highest risk first, then by name.
        areas.sort_by(|a, b| b.level.cmp(&a.level).then(a.mission.cmp(&b.mission)));
        Ok(areas)
    }

    /// The officers deployed on `date` in an area whose level is high or extreme, with their
    /// contacts: the staffing desk's list. Audited with its purpose.
    pub async fn high_risk(
        &self,
        actor: &Actor,
        date: Date,
        purpose: &Purpose,
    ) -> Result<Vec<AtRisk>> {
        self.require(actor, Permission::PersonalRead, AuditAction::CareHighRisk)
            .await?;
        let mut tx = self.store.write().await?;
        let assessments = docs::all::<SecurityAssessment>(&mut tx, None).await?;
        let values: Vec<&SecurityAssessment> = assessments.iter().map(|r| &r.value).collect();
        let contacts = docs::all::<Contact>(&mut tx, None).await?;
        let histories = histories(repo::locations(&mut tx, None, None).await?);
        let filter = DeploymentFilter {
            on: Some(date),
            ..Default::default()
        };
        let mut list = Vec::new();
        for row in repo::deployments(&mut tx, &filter, None).await? {
            // Planned and cancelled deployments never went out; the others were in the area
            // on every day of their period (the query keeps only those containing the date).
            if !row.deployment.status.went_out() {
                continue;
            }
            let Some(level) = level_on(values.iter().copied(), &row.mission_id, date) else {
                continue;
            };
            if !level.level.high_risk() {
                continue;
            }
            let (Some(officer), Some(mission)) = (
                repo::officer(&mut tx, &row.officer_id).await?,
                repo::mission(&mut tx, &row.mission_id, None).await?,
            ) else {
                continue;
            };
            let summary = summarise(mission, &histories, date, 0);
            list.push(AtRisk {
                officer_name: crate::registry::officer_name(&officer),
                officer_erased: officer.erased_at.is_some(),
                name_key: if officer.erased_at.is_some() {
                    String::new()
                } else {
                    grenzeloos_domain::names::person_key(
                        &officer.officer.family_name,
                        &officer.officer.given_name,
                    )
                },
                officer_id: row.officer_id.clone(),
                mission_id: row.mission_id.clone(),
                mission: summary.mission.mission.name,
                station: summary.station,
                level: level.level,
                level_since: level.valid_from,
                function: row.deployment.function.clone(),
                until: row.deployment.period.end,
                contact: contacts
                    .iter()
                    .find(|c| c.id == row.officer_id && c.erased_at.is_none())
                    .map(|c| c.value.clone()),
            });
        }
        // Highest risk first, then by mission and by name, the Dutch way.
        list.sort_by_cached_key(|a| {
            (
                std::cmp::Reverse(a.level),
                grenzeloos_domain::names::text_key(&a.mission),
                a.name_key.clone(),
                a.officer_id.clone(),
            )
        });
        record(
            &mut tx,
            actor,
            AuditAction::CareHighRisk,
            ("officer", "*"),
            Some(purpose.as_str()),
            Some(serde_json::json!({ "date": date.to_string(), "count": list.len() })),
        )
        .await?;
        tx.commit().await?;
        Ok(list)
    }
}
