//! The data of the half-year annex "Internationale politiesamenwerking": every instrument as
//! it stood on the reference date, read as the registry knew it at one recorded moment, so
//! that the annex can be produced again later exactly as it was sent.
//!
//! "As it stood" is valid time: a status is the one its history gives on the reference date,
//! and nothing dated after that date is in the annex — a development, a milestone, an answer
//! to a commitment, an agreement signed later. What is planned on the reference date (the
//! assistance of the summer to come) is in it as planned, with the status it had then.
//!
//! Only aggregates and instruments leave this use case; no officer's name is in an annex.

use crate::overview::Overview;
use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::assistance::Assistance;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::instruments::{
    Amendment, Commitment, Development, Dossier, Placement, Programme, SecurityAssessment,
    SecurityLevel, level_on,
};
use grenzeloos_domain::registry::{Gender, Period};
use grenzeloos_domain::time::{HalfYear, instant_text};
use grenzeloos_store::agreements::{self as agreements_repo, AgreementRow};
use grenzeloos_store::instruments::{self as docs, Record};
use grenzeloos_store::registry::{self as repo, DeploymentFilter};
use jiff::Timestamp;
use jiff::civil::Date;
use std::collections::HashMap;

/// Officers deployed per mission on one date.
#[derive(Debug, Clone)]
pub struct CountsOn {
    pub date: Date,
    /// Mission name → officers.
    pub missions: Vec<(String, i64)>,
}

/// Deployed officers of one mission by gender on the reference date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenderSplit {
    pub mission: String,
    pub female: i64,
    pub male: i64,
    pub other: i64,
}

/// A mission area at high risk on the reference date.
#[derive(Debug, Clone)]
pub struct RiskArea {
    pub mission: String,
    pub level: SecurityLevel,
    pub since: Date,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct AnnexData {
    pub period: HalfYear,
    pub as_of: Date,
    /// The recorded moment the registry was read as of (always set: an annex is reproducible).
    pub recorded_at: String,
    pub overview: Overview,
    /// Officers per mission at the end of each of the twelve months up to the reference date.
    pub over_time: Vec<CountsOn>,
    pub gender: Vec<GenderSplit>,
    pub risk_areas: Vec<RiskArea>,
    pub placements: Vec<Record<Placement>>,
    /// The agreements that had a status on the reference date.
    pub agreements: Vec<AgreementRow>,
    /// Titles of every agreement, by id (the legal basis of assistance).
    pub agreement_titles: HashMap<String, String>,
    pub amendments: Vec<Record<Amendment>>,
    /// Dossiers with a status on the reference date.
    pub dossiers: Vec<Record<Dossier>>,
    /// Commitments open on the reference date, and those answered in the half year up to it.
    pub commitments: Vec<Record<Commitment>>,
    /// Programmes running in the half year up to the reference date.
    pub programmes: Vec<Record<Programme>>,
    /// Assistance in the twelve months up to the reference date, as known then.
    pub assistance: Vec<Record<Assistance>>,
    /// Assistance known on the reference date that starts after it.
    pub planned: Vec<Record<Assistance>>,
    /// Developments of the half year up to the reference date.
    pub developments: Vec<Record<Development>>,
    /// Dutch names of the partners, by code.
    pub partner_names: HashMap<String, String>,
}

/// The last day of each of the twelve months ending with the month of `as_of` (that month
/// ends on `as_of` itself).
fn month_ends(as_of: Date) -> Vec<Date> {
    let mut dates = vec![as_of];
    let mut month_start = as_of.first_of_month();
    for _ in 0..11 {
        let Ok(previous_end) = month_start.yesterday() else {
            break;
        };
        dates.push(previous_end);
        month_start = previous_end.first_of_month();
    }
    dates.reverse();
    dates
}

impl App {
    /// Everything the annex for `period` reports, as of `as_of`, as the registry knew it at
    /// `recorded_at` (now when None).
    pub async fn annex_data(
        &self,
        actor: &Actor,
        period: HalfYear,
        as_of: Date,
        recorded_at: Option<Timestamp>,
    ) -> Result<AnnexData> {
        self.require(actor, Permission::ReportRead, AuditAction::ReportAnnex)
            .await?;
        let at = recorded_at.unwrap_or_else(|| self.now());
        let recorded_at = instant_text(at);
        let known_at = Some(recorded_at.as_str());
        let overview = self.deployment_overview(actor, as_of, Some(at)).await?;
        let mut conn = self.store.read().await?;

        let mut over_time = Vec::new();
        for date in month_ends(as_of) {
            let counts = repo::deployed_per_mission(&mut conn, date, known_at).await?;
            over_time.push(CountsOn {
                date,
                missions: counts
                    .into_iter()
                    .map(|(m, n)| (m.mission.name, n))
                    .collect(),
            });
        }

        let genders: HashMap<String, Gender> = repo::officers(&mut conn, known_at)
            .await?
            .into_iter()
            .map(|o| (o.id, o.officer.gender))
            .collect();
        let mission_names: HashMap<String, String> = repo::missions(&mut conn, known_at)
            .await?
            .into_iter()
            .map(|m| (m.id, m.mission.name))
            .collect();
        let on = DeploymentFilter {
            on: Some(as_of),
            ..Default::default()
        };
        let mut split: HashMap<String, GenderSplit> = HashMap::new();
        for row in repo::deployments(&mut conn, &on, known_at).await? {
            if !row.deployment.status.went_out() {
                continue;
            }
            let mission = mission_names
                .get(&row.mission_id)
                .cloned()
                .unwrap_or_default();
            let entry = split.entry(mission.clone()).or_insert(GenderSplit {
                mission,
                female: 0,
                male: 0,
                other: 0,
            });
            match genders.get(&row.officer_id) {
                Some(Gender::Female) => entry.female += 1,
                Some(Gender::Male) => entry.male += 1,
                _ => entry.other += 1,
            }
        }
        let mut gender: Vec<GenderSplit> = split.into_values().collect();
        gender.sort_by(|a, b| a.mission.cmp(&b.mission));

        let assessments = docs::all::<SecurityAssessment>(&mut conn, known_at).await?;
        let values: Vec<&SecurityAssessment> = assessments.iter().map(|r| &r.value).collect();
        let mut risk_areas: Vec<RiskArea> = overview
            .missions
            .iter()
            .filter_map(|row| {
                let level = level_on(values.iter().copied(), &row.mission_id, as_of)?;
                level.level.high_risk().then(|| RiskArea {
                    mission: row.mission.clone(),
                    level: level.level,
                    since: level.valid_from,
                    reason: level.reason.clone(),
                })
            })
            .collect();
        risk_areas.sort_by(|a, b| b.level.cmp(&a.level).then(a.mission.cmp(&b.mission)));

        // The half year up to the reference date: what the annex reports as happened.
        let upto = as_of.min(period.last_day());
        let half = Period {
            start: period.first_day(),
            end: Some(upto),
        };
        let placements = docs::all::<Placement>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|p| p.value.filled_on(as_of))
            .collect();
        let every_agreement = agreements_repo::all(&mut conn, known_at).await?;
        let agreement_titles = every_agreement
            .iter()
            .map(|a| (a.id.clone(), a.agreement.title.clone()))
            .collect();
        // An agreement not yet explored, negotiated or signed on the reference date belongs
        // to a later annex.
        let agreements: Vec<AgreementRow> = every_agreement
            .into_iter()
            .filter(|a| a.agreement.status_on(as_of).is_some())
            .collect();
        let amendments = docs::all::<Amendment>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|a| agreements.iter().any(|g| g.id == a.value.agreement_id))
            .filter(|a| {
                a.value
                    .in_force
                    .or(a.value.signed)
                    .is_none_or(|d| d <= as_of)
            })
            .collect();
        let dossiers = docs::all::<Dossier>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|d| d.value.status_history.on(as_of).is_some())
            .collect();
        // Open commitments, and those answered in this half year up to the reference date.
        let commitments = docs::all::<Commitment>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|c| match c.value.status_history.on(as_of) {
                None => false,
                Some(step) if step.status.open() => true,
                Some(step) => half.contains(step.from),
            })
            .collect();
        let programmes = docs::all::<Programme>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|p| p.value.period.overlaps(&half))
            .collect();
        // The twelve months up to the reference date ("het afgelopen jaar"), and what is
        // planned after it; only what was known on that date.
        let year_before = Period {
            start: as_of
                .checked_sub(jiff::Span::new().years(1))
                .and_then(|d| d.tomorrow())
                .unwrap_or(period.first_day()),
            end: Some(as_of),
        };
        let (mut planned, mut assistance): (Vec<Record<Assistance>>, Vec<Record<Assistance>>) =
            docs::all::<Assistance>(&mut conn, known_at)
                .await?
                .into_iter()
                .filter(|a| a.value.status_history.on(as_of).is_some())
                .filter(|a| a.value.period.overlaps(&year_before) || a.value.period.start > as_of)
                .partition(|a| a.value.period.start > as_of);
        assistance.sort_by_key(|a| a.value.period.start);
        planned.sort_by_key(|a| a.value.period.start);
        let mut developments: Vec<Record<Development>> =
            docs::all::<Development>(&mut conn, known_at)
                .await?
                .into_iter()
                .filter(|d| half.contains(d.value.date))
                .collect();
        developments.sort_by_key(|d| d.value.date);
        let partner_names = repo::partners(&mut conn, known_at)
            .await?
            .into_iter()
            .map(|p| (p.partner.code, p.partner.name_nl))
            .collect();
        Ok(AnnexData {
            period,
            as_of,
            recorded_at,
            overview,
            over_time,
            gender,
            risk_areas,
            placements,
            agreements,
            agreement_titles,
            amendments,
            dossiers,
            commitments,
            programmes,
            assistance,
            planned,
            developments,
            partner_names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_month_ends_up_to_the_reference_date() {
        let dates = month_ends("2024-04-17".parse().unwrap());
        assert_eq!(dates.len(), 12);
        assert_eq!(dates[0].to_string(), "2023-05-31");
        assert_eq!(dates[9].to_string(), "2024-02-29");
        assert_eq!(dates[11].to_string(), "2024-04-17");
    }
}
