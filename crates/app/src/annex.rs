//! The data of the half-year annex "Internationale politiesamenwerking": every instrument as
//! it stood on the reference date, read as the registry knew it at one recorded moment, so
//! that the annex can be produced again later exactly as it was sent.
//!
//! Only aggregates and instruments leave this use case; no officer's name is in an annex.

use crate::overview::Overview;
use crate::{Actor, App, Result};
use grenzeloos_domain::access::Permission;
use grenzeloos_domain::assistance::Assistance;
use grenzeloos_domain::instruments::{
    Amendment, Commitment, Development, Dossier, Placement, Programme, SecurityAssessment,
    SecurityLevel, level_on,
};
use grenzeloos_domain::registry::Gender;
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
    pub agreements: Vec<AgreementRow>,
    pub amendments: Vec<Record<Amendment>>,
    pub dossiers: Vec<Record<Dossier>>,
    pub commitments: Vec<Record<Commitment>>,
    pub programmes: Vec<Record<Programme>>,
    pub assistance: Vec<Record<Assistance>>,
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
        self.require(actor, Permission::ReportRead, "report.annex")
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

        let placements = docs::all::<Placement>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|p| p.value.filled_on(as_of))
            .collect();
        // Agreements signed after the half year belong to a later annex.
        let agreements = agreements_repo::all(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|a| a.agreement.signed.is_none_or(|d| d <= period.last_day()))
            .collect();
        let amendments = docs::all::<Amendment>(&mut conn, known_at).await?;
        let dossiers = docs::all::<Dossier>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|d| {
                d.value
                    .milestones
                    .iter()
                    .any(|m| m.date <= period.last_day())
            })
            .collect();
        // Open commitments, and those answered in this half year.
        let commitments = docs::all::<Commitment>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|c| c.value.made_on <= period.last_day())
            .filter(|c| {
                c.value.status.open() || c.value.answered_on.is_some_and(|d| period.contains(d))
            })
            .collect();
        let horizon = period
            .last_day()
            .checked_add(jiff::Span::new().years(1))
            .unwrap_or(period.last_day());
        let half = grenzeloos_domain::registry::Period {
            start: period.first_day(),
            end: Some(period.last_day()),
        };
        let programmes = docs::all::<Programme>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|p| p.value.period.overlaps(&half))
            .collect();
        // Assistance in the half year, and what is planned for the year after it (the annex
        // announces the summer's events and next year's requests).
        let mut assistance: Vec<Record<Assistance>> = docs::all::<Assistance>(&mut conn, known_at)
            .await?
            .into_iter()
            .filter(|a| {
                a.value.period.overlaps(&half)
                    || (a.value.period.start > period.last_day() && a.value.period.start <= horizon)
            })
            .collect();
        assistance.sort_by_key(|a| a.value.period.start);
        let mut developments: Vec<Record<Development>> =
            docs::all::<Development>(&mut conn, known_at)
                .await?
                .into_iter()
                .filter(|d| period.contains(d.value.date))
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
            amendments,
            dossiers,
            commitments,
            programmes,
            assistance,
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
