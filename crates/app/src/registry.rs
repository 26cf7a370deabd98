//! Use cases of the registry: partners, missions, officers, deployments, specialised teams.

use crate::{Actor, App, AppError, Result, conflict_at, record};
use grenzeloos_domain::Violation;
use grenzeloos_domain::access::{Permission, Purpose};
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::error::Checks;
use grenzeloos_domain::registry::{
    self as rules, DeploymentInput, Location, LocationInput, MissionInput, OfficerInput,
    PartnerInput, TeamInput, location_on,
};
use grenzeloos_domain::text::echo;
use grenzeloos_store::registry::{
    self as repo, DeploymentFilter, DeploymentRow, LocationRow, MissionRow, OfficerRow, PartnerRow,
    TeamRow,
};
use grenzeloos_store::{Conn, Tx};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// A mission in a list: where it is and how many officers are there on the reference date.
#[derive(Debug, Clone, Serialize)]
pub struct MissionSummary {
    #[serde(flatten)]
    pub mission: MissionRow,
    pub country: String,
    pub country_en: String,
    pub station: String,
    pub officers: i64,
}

/// A mission with its location history, teams and (for roles that may see it) deployments.
#[derive(Debug, Clone, Serialize)]
pub struct MissionDetail {
    #[serde(flatten)]
    pub summary: MissionSummary,
    pub locations: Vec<LocationRow>,
    pub teams: Vec<TeamRow>,
}

/// A deployment with the names that make it readable (personal data: audited).
#[derive(Debug, Clone, Serialize)]
pub struct DeploymentView {
    #[serde(flatten)]
    pub deployment: DeploymentRow,
    pub officer_name: String,
    /// The officer's personal data were erased (SPOC-14): the deployment stays, nameless.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub officer_erased: bool,
    pub mission_name: String,
}

/// An officer with their deployments (personal data: audited).
#[derive(Debug, Clone, Serialize)]
pub struct OfficerDetail {
    #[serde(flatten)]
    pub officer: OfficerRow,
    pub deployments: Vec<DeploymentView>,
}

pub(crate) async fn mission_or_404(conn: &mut Conn, id: &str) -> Result<MissionRow> {
    repo::mission(conn, id, None)
        .await?
        .ok_or_else(|| AppError::NotFound {
            what: "mission",
            id: id.to_string(),
        })
}

/// A reference that was left empty: the field is required (a form's select left at "choose").
fn unreferenced(field: &str, id: &str) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Violation::at("required", field, "is required").into());
    }
    Ok(())
}

/// A step's refusal of the input, to report with the others of the same input; any other
/// failure (the store) ends the use case.
fn refusal<T>(result: Result<T>) -> Result<grenzeloos_domain::Invalid<T>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(AppError::Invalid(violation)) => Ok(Err(violation)),
        Err(other) => Err(other),
    }
}

/// A reference to another record in an input: unknown is a field error, not a 404.
async fn referenced_mission(conn: &mut Conn, id: &str) -> Result<MissionRow> {
    unreferenced("mission_id", id)?;
    repo::mission(conn, id.trim(), None).await?.ok_or_else(|| {
        Violation::at(
            "unknown_mission",
            "mission_id",
            format!("there is no mission {}", echo(id.trim())),
        )
        .into()
    })
}

async fn referenced_officer(conn: &mut Conn, id: &str) -> Result<OfficerRow> {
    unreferenced("officer_id", id)?;
    repo::officer(conn, id.trim()).await?.ok_or_else(|| {
        Violation::at(
            "unknown_officer",
            "officer_id",
            format!("there is no officer {}", echo(id.trim())),
        )
        .into()
    })
}

async fn referenced_partner(conn: &mut Conn, code: &str) -> Result<PartnerRow> {
    repo::partner_by_code(conn, code.trim())
        .await?
        .ok_or_else(|| {
            Violation::at(
                "unknown_partner",
                "mandated_by",
                format!(
                    "there is no partner {}; register it first (e.g. EU, UN, OSCE, US)",
                    echo(code.trim())
                ),
            )
            .into()
        })
}

/// The refusal to record new personal data about an officer whose data were erased
/// (SPOC-14): the erasure would be undone by the back door.
pub(crate) fn erased_officer(field: &str) -> Violation {
    Violation::at(
        "erased_officer",
        field,
        "this officer's personal data were erased; no new personal data are recorded for them (register the person anew if they return)",
    )
}

/// The officer's name; empty for an erased officer (their views say `officer_erased`).
pub(crate) fn officer_name(officer: &OfficerRow) -> String {
    if officer.erased_at.is_some() {
        return String::new();
    }
    format!(
        "{} {}",
        officer.officer.given_name, officer.officer.family_name
    )
}

impl App {
    // -- partners ------------------------------------------------------------------------------

    pub async fn partners(&self, actor: &Actor) -> Result<Vec<PartnerRow>> {
        self.require(actor, Permission::RegistryRead, AuditAction::PartnerList)
            .await?;
        let mut conn = self.store.read().await?;
        Ok(repo::partners(&mut conn, None).await?)
    }

    pub async fn create_partner(&self, actor: &Actor, input: &PartnerInput) -> Result<PartnerRow> {
        self.require(actor, Permission::RegistryWrite, AuditAction::PartnerCreate)
            .await?;
        let mut tx = self.store.write().await?;
        let row = create_partner_in(&mut tx, actor, input).await?;
        tx.commit().await?;
        Ok(row)
    }

    // -- missions ------------------------------------------------------------------------------

    /// All missions with their location and officer count on `as_of`.
    pub async fn missions(&self, actor: &Actor, as_of: Date) -> Result<Vec<MissionSummary>> {
        self.require(actor, Permission::RegistryRead, AuditAction::MissionList)
            .await?;
        let mut conn = self.store.read().await?;
        let missions = repo::missions(&mut conn, None).await?;
        let histories = histories(repo::locations(&mut conn, None, None).await?);
        let counts: HashMap<String, i64> = repo::deployed_per_mission(&mut conn, as_of, None)
            .await?
            .into_iter()
            .map(|(m, n)| (m.id, n))
            .collect();
        Ok(missions
            .into_iter()
            .map(|mission| {
                let officers = counts.get(&mission.id).copied().unwrap_or(0);
                summarise(mission, &histories, as_of, officers)
            })
            .collect())
    }

    pub async fn mission(&self, actor: &Actor, id: &str, as_of: Date) -> Result<MissionDetail> {
        self.require(actor, Permission::RegistryRead, AuditAction::MissionRead)
            .await?;
        let mut conn = self.store.read().await?;
        let mission = mission_or_404(&mut conn, id).await?;
        let locations = repo::locations(&mut conn, Some(id), None).await?;
        let officers = repo::deployed_per_mission(&mut conn, as_of, None)
            .await?
            .into_iter()
            .find(|(m, _)| m.id == id)
            .map_or(0, |(_, n)| n);
        let teams = repo::teams(&mut conn, None)
            .await?
            .into_iter()
            .filter(|team| team.mission_id == id)
            .collect();
        Ok(MissionDetail {
            summary: summarise(mission, &histories(locations.clone()), as_of, officers),
            locations,
            teams,
        })
    }

    pub async fn create_mission(&self, actor: &Actor, input: &MissionInput) -> Result<MissionRow> {
        self.require(actor, Permission::RegistryWrite, AuditAction::MissionCreate)
            .await?;
        let mut tx = self.store.write().await?;
        let row = create_mission_in(&mut tx, actor, input).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Corrects a mission's data; its country and station are corrected for its start date
    /// (use [`App::record_location`] for a change of location during the mission).
    pub async fn update_mission(
        &self,
        actor: &Actor,
        id: &str,
        input: &MissionInput,
    ) -> Result<MissionRow> {
        self.require(actor, Permission::RegistryWrite, AuditAction::MissionUpdate)
            .await?;
        let (mission, location) = rules::validate_mission(input)?;
        let mut tx = self.store.write().await?;
        mission_or_404(&mut tx, id).await?;
        referenced_partner(&mut tx, &mission.mandated_by).await?;
        let (now, by) = (tx.now_text(), actor.username.clone());
        repo::save_mission(&mut tx, id, &mission, &now, &by)
            .await
            .map_err(conflict_at("name"))?;
        let location_id = tx.new_id();
        repo::save_location(&mut tx, &location_id, id, &location, &now, &by).await?;
        record(
            &mut tx,
            actor,
            AuditAction::MissionUpdate,
            ("mission", id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(MissionRow {
            id: id.to_string(),
            mission,
        })
    }

    /// Records that a mission's country or duty station changes from a date on.
    pub async fn record_location(
        &self,
        actor: &Actor,
        mission_id: &str,
        input: &LocationInput,
    ) -> Result<LocationRow> {
        self.require(
            actor,
            Permission::RegistryWrite,
            AuditAction::MissionLocation,
        )
        .await?;
        let location = rules::validate_location(input)?;
        let mut tx = self.store.write().await?;
        let mission = mission_or_404(&mut tx, mission_id).await?;
        if !mission.mission.period.contains(location.valid_from) {
            return Err(Violation::at(
                "outside_mission_period",
                "valid_from",
                "the change must fall within the mission's period",
            )
            .into());
        }
        let id = tx.new_id();
        let (now, by) = (tx.now_text(), actor.username.clone());
        repo::save_location(&mut tx, &id, mission_id, &location, &now, &by).await?;
        record(
            &mut tx,
            actor,
            AuditAction::MissionLocation,
            ("mission", mission_id),
            None,
            Some(serde_json::json!({ "valid_from": location.valid_from })),
        )
        .await?;
        tx.commit().await?;
        Ok(LocationRow {
            id,
            mission_id: mission_id.to_string(),
            location,
        })
    }

    // -- officers (personal data) --------------------------------------------------------------

    pub async fn officers(&self, actor: &Actor, purpose: &Purpose) -> Result<Vec<OfficerRow>> {
        self.require(actor, Permission::PersonalRead, AuditAction::OfficerList)
            .await?;
        let mut tx = self.store.write().await?;
        let officers = repo::officers(&mut tx, None).await?;
        record(
            &mut tx,
            actor,
            AuditAction::OfficerList,
            ("officer", "*"),
            Some(purpose.as_str()),
            Some(serde_json::json!({ "count": officers.len() })),
        )
        .await?;
        tx.commit().await?;
        Ok(officers)
    }

    pub async fn officer(
        &self,
        actor: &Actor,
        id: &str,
        purpose: &Purpose,
    ) -> Result<OfficerDetail> {
        self.require(actor, Permission::PersonalRead, AuditAction::OfficerRead)
            .await?;
        let mut tx = self.store.write().await?;
        let officer = repo::officer(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "officer",
                id: id.to_string(),
            })?;
        let filter = DeploymentFilter {
            officer_id: Some(id.to_string()),
            ..Default::default()
        };
        let rows = repo::deployments(&mut tx, &filter, None).await?;
        let deployments = views(&mut tx, rows).await?;
        record(
            &mut tx,
            actor,
            AuditAction::OfficerRead,
            ("officer", id),
            Some(purpose.as_str()),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(OfficerDetail {
            officer,
            deployments,
        })
    }

    pub async fn create_officer(&self, actor: &Actor, input: &OfficerInput) -> Result<OfficerRow> {
        self.require(actor, Permission::PersonalWrite, AuditAction::OfficerCreate)
            .await?;
        let mut tx = self.store.write().await?;
        let row = create_officer_in(&mut tx, actor, input).await?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn update_officer(
        &self,
        actor: &Actor,
        id: &str,
        input: &OfficerInput,
    ) -> Result<OfficerRow> {
        self.require(actor, Permission::PersonalWrite, AuditAction::OfficerUpdate)
            .await?;
        let officer = rules::validate_officer(input)?;
        let mut tx = self.store.write().await?;
        let current = referenced_officer(&mut tx, id)
            .await
            .map_err(|_| AppError::NotFound {
                what: "officer",
                id: id.to_string(),
            })?;
        if current.erased_at.is_some() {
            return Err(AppError::Conflict(erased_officer("officer_id")));
        }
        let (now, by) = (tx.now_text(), actor.username.clone());
        repo::save_officer(&mut tx, id, &officer, &now, &by)
            .await
            .map_err(conflict_at("personnel_number"))?;
        record(
            &mut tx,
            actor,
            AuditAction::OfficerUpdate,
            ("officer", id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(OfficerRow {
            id: id.to_string(),
            officer,
            erased_at: None,
        })
    }

    // -- deployments (personal data) -----------------------------------------------------------

    pub async fn deployments(
        &self,
        actor: &Actor,
        filter: &DeploymentFilter,
        purpose: &Purpose,
    ) -> Result<Vec<DeploymentView>> {
        self.require(actor, Permission::PersonalRead, AuditAction::DeploymentList)
            .await?;
        let mut tx = self.store.write().await?;
        let rows = repo::deployments(&mut tx, filter, None).await?;
        let views = views(&mut tx, rows).await?;
        record(
            &mut tx,
            actor,
            AuditAction::DeploymentList,
            ("deployment", "*"),
            Some(purpose.as_str()),
            Some(serde_json::json!({ "count": views.len() })),
        )
        .await?;
        tx.commit().await?;
        Ok(views)
    }

    pub async fn deployment(
        &self,
        actor: &Actor,
        id: &str,
        purpose: &Purpose,
    ) -> Result<DeploymentView> {
        self.require(actor, Permission::PersonalRead, AuditAction::DeploymentRead)
            .await?;
        let mut tx = self.store.write().await?;
        let row = repo::deployment(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "deployment",
                id: id.to_string(),
            })?;
        let mut found = views(&mut tx, vec![row]).await?;
        record(
            &mut tx,
            actor,
            AuditAction::DeploymentRead,
            ("deployment", id),
            Some(purpose.as_str()),
            None,
        )
        .await?;
        tx.commit().await?;
        found.pop().ok_or_else(|| AppError::NotFound {
            what: "deployment",
            id: id.to_string(),
        })
    }

    pub async fn create_deployment(
        &self,
        actor: &Actor,
        input: &DeploymentInput,
    ) -> Result<DeploymentRow> {
        self.require(
            actor,
            Permission::PersonalWrite,
            AuditAction::DeploymentCreate,
        )
        .await?;
        let mut tx = self.store.write().await?;
        let row = save_deployment_in(&mut tx, actor, None, input).await?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn update_deployment(
        &self,
        actor: &Actor,
        id: &str,
        input: &DeploymentInput,
    ) -> Result<DeploymentRow> {
        self.require(
            actor,
            Permission::PersonalWrite,
            AuditAction::DeploymentUpdate,
        )
        .await?;
        let mut tx = self.store.write().await?;
        let row = save_deployment_in(&mut tx, actor, Some(id), input).await?;
        tx.commit().await?;
        Ok(row)
    }

    // -- specialised teams ---------------------------------------------------------------------

    pub async fn teams(&self, actor: &Actor) -> Result<Vec<TeamRow>> {
        self.require(actor, Permission::RegistryRead, AuditAction::TeamList)
            .await?;
        let mut conn = self.store.read().await?;
        Ok(repo::teams(&mut conn, None).await?)
    }

    pub async fn team(&self, actor: &Actor, id: &str) -> Result<TeamRow> {
        self.require(actor, Permission::RegistryRead, AuditAction::TeamRead)
            .await?;
        let mut conn = self.store.read().await?;
        repo::team(&mut conn, id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "team",
                id: id.to_string(),
            })
    }

    pub async fn create_team(&self, actor: &Actor, input: &TeamInput) -> Result<TeamRow> {
        self.require(actor, Permission::RegistryWrite, AuditAction::TeamCreate)
            .await?;
        let mut tx = self.store.write().await?;
        let row = save_team_in(&mut tx, actor, None, input).await?;
        tx.commit().await?;
        Ok(row)
    }

    pub async fn update_team(&self, actor: &Actor, id: &str, input: &TeamInput) -> Result<TeamRow> {
        self.require(actor, Permission::RegistryWrite, AuditAction::TeamUpdate)
            .await?;
        let mut tx = self.store.write().await?;
        let row = save_team_in(&mut tx, actor, Some(id), input).await?;
        tx.commit().await?;
        Ok(row)
    }
}

/// Each mission's location history, by mission id.
pub(crate) fn histories(locations: Vec<LocationRow>) -> HashMap<String, Vec<Location>> {
    let mut by_mission: HashMap<String, Vec<Location>> = HashMap::new();
    for row in locations {
        by_mission
            .entry(row.mission_id)
            .or_default()
            .push(row.location);
    }
    by_mission
}

pub(crate) fn summarise(
    mission: MissionRow,
    histories: &HashMap<String, Vec<Location>>,
    as_of: Date,
    officers: i64,
) -> MissionSummary {
    let history = histories.get(&mission.id).map_or(&[][..], Vec::as_slice);
    // Before its first recorded location a mission is shown where it started.
    let location =
        location_on(history, as_of).or_else(|| history.iter().min_by_key(|l| l.valid_from));
    MissionSummary {
        country: location.map(|l| l.country_name_nl()).unwrap_or_default(),
        country_en: location.map(|l| l.country_name_en()).unwrap_or_default(),
        station: location.map(|l| l.station.clone()).unwrap_or_default(),
        mission,
        officers,
    }
}

async fn views(conn: &mut Conn, rows: Vec<DeploymentRow>) -> Result<Vec<DeploymentView>> {
    let officers = repo::officers(conn, None).await?;
    let missions = repo::missions(conn, None).await?;
    Ok(rows
        .into_iter()
        .map(|deployment| {
            let officer = officers.iter().find(|o| o.id == deployment.officer_id);
            DeploymentView {
                officer_name: officer.map(officer_name).unwrap_or_default(),
                officer_erased: officer.is_some_and(|o| o.erased_at.is_some()),
                mission_name: missions
                    .iter()
                    .find(|m| m.id == deployment.mission_id)
                    .map(|m| m.mission.name.clone())
                    .unwrap_or_default(),
                deployment,
            }
        })
        .collect())
}

pub(crate) async fn create_partner_in(
    tx: &mut Tx,
    actor: &Actor,
    input: &PartnerInput,
) -> Result<PartnerRow> {
    let partner = rules::validate_partner(input)?;
    let id = tx.new_id();
    let (now, by) = (tx.now_text(), actor.username.clone());
    repo::save_partner(tx, &id, &partner, &now, &by)
        .await
        .map_err(conflict_at("code"))?;
    record(
        tx,
        actor,
        AuditAction::PartnerCreate,
        ("partner", &id),
        None,
        None,
    )
    .await?;
    Ok(PartnerRow { id, partner })
}

pub(crate) async fn create_mission_in(
    tx: &mut Tx,
    actor: &Actor,
    input: &MissionInput,
) -> Result<MissionRow> {
    let (mission, location) = rules::validate_mission(input)?;
    referenced_partner(tx, &mission.mandated_by).await?;
    let id = tx.new_id();
    let (now, by) = (tx.now_text(), actor.username.clone());
    repo::save_mission(tx, &id, &mission, &now, &by)
        .await
        .map_err(conflict_at("name"))?;
    let location_id = tx.new_id();
    repo::save_location(tx, &location_id, &id, &location, &now, &by).await?;
    record(
        tx,
        actor,
        AuditAction::MissionCreate,
        ("mission", &id),
        None,
        None,
    )
    .await?;
    Ok(MissionRow { id, mission })
}

pub(crate) async fn create_officer_in(
    tx: &mut Tx,
    actor: &Actor,
    input: &OfficerInput,
) -> Result<OfficerRow> {
    let officer = rules::validate_officer(input)?;
    let id = tx.new_id();
    let (now, by) = (tx.now_text(), actor.username.clone());
    repo::save_officer(tx, &id, &officer, &now, &by)
        .await
        .map_err(conflict_at("personnel_number"))?;
    record(
        tx,
        actor,
        AuditAction::OfficerCreate,
        ("officer", &id),
        None,
        None,
    )
    .await?;
    Ok(OfficerRow {
        id,
        officer,
        erased_at: None,
    })
}

/// The officer's deployments that occupy them (all but cancelled) except `except_id`, with
/// their missions' names: what the no-overlap rule names when it refuses.
async fn occupying(
    conn: &mut Conn,
    officer_id: &str,
    except_id: &str,
) -> Result<Vec<rules::OtherDeployment>> {
    let filter = DeploymentFilter {
        officer_id: Some(officer_id.to_string()),
        ..Default::default()
    };
    let mut others = Vec::new();
    for row in repo::deployments(conn, &filter, None).await? {
        if row.id == except_id || !row.deployment.status.occupies() {
            continue;
        }
        let mission = repo::mission(conn, &row.mission_id, None)
            .await?
            .map(|m| m.mission.name)
            .unwrap_or_default();
        others.push(rules::OtherDeployment {
            id: row.id,
            mission,
            period: row.deployment.period,
        });
    }
    Ok(others)
}

/// Creates (`id` None) or changes a deployment, applying every rule: its own, that it lies
/// within the mission, that the officer has no overlapping deployment, and the team's mission.
pub(crate) async fn save_deployment_in(
    tx: &mut Tx,
    actor: &Actor,
    id: Option<&str>,
    input: &DeploymentInput,
) -> Result<DeploymentRow> {
    let previous = match id {
        Some(id) => Some(
            repo::deployment(tx, id)
                .await?
                .ok_or_else(|| AppError::NotFound {
                    what: "deployment",
                    id: id.to_string(),
                })?,
        ),
        None => None,
    };
    let previous_consent = previous
        .as_ref()
        .and_then(|p| p.deployment.consent.as_ref());
    // Its own rules and the records it names are checked together: a form learns every
    // problem of the input at once.
    let mut checks = Checks::new();
    let deployment = checks.check(rules::validate_deployment(
        input,
        &actor.username,
        previous_consent,
    ));
    let officer = checks.check(refusal(referenced_officer(tx, &input.officer_id).await)?);
    if let Some(officer) = &officer
        && previous.is_none()
        && officer.erased_at.is_some()
    {
        checks.refuse(erased_officer("officer_id"));
    }
    let mission = checks.check(refusal(referenced_mission(tx, &input.mission_id).await)?);
    if let (Some(deployment), Some(mission)) = (&deployment, &mission)
        && let Err(outside) =
            rules::check_within_mission(&deployment.period, &mission.mission.period)
    {
        checks.refuse(outside);
    }
    let (deployment, officer, mission) =
        checks.finish(|| Some((deployment?, officer?, mission?)))?;
    let team_id = match input
        .team_id
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(team_id) => {
            let team = repo::team(tx, team_id).await?.ok_or_else(|| {
                AppError::Invalid(Violation::at(
                    "unknown_team",
                    "team_id",
                    format!("there is no team {}", echo(team_id)),
                ))
            })?;
            if team.mission_id != mission.id {
                return Err(Violation::at(
                    "team_of_other_mission",
                    "team_id",
                    "the team belongs to another mission",
                )
                .into());
            }
            Some(team.id)
        }
    };
    let id = id.map_or_else(|| tx.new_id(), str::to_string);
    if deployment.status.occupies() {
        let others = occupying(tx, &officer.id, &id).await?;
        rules::check_no_overlap(&deployment.period, &others).map_err(AppError::Conflict)?;
    }
    let row = DeploymentRow {
        id: id.clone(),
        officer_id: officer.id,
        mission_id: mission.id,
        team_id,
        deployment,
    };
    let (now, by) = (tx.now_text(), actor.username.clone());
    repo::save_deployment(tx, &row, &now, &by).await?;
    let action = if previous.is_some() {
        AuditAction::DeploymentUpdate
    } else {
        AuditAction::DeploymentCreate
    };
    record(
        tx,
        actor,
        action,
        ("deployment", &id),
        None,
        Some(serde_json::json!({ "status": row.deployment.status.as_str() })),
    )
    .await?;
    Ok(row)
}

pub(crate) async fn save_team_in(
    tx: &mut Tx,
    actor: &Actor,
    id: Option<&str>,
    input: &TeamInput,
) -> Result<TeamRow> {
    let mut checks = Checks::new();
    let team = checks.check(rules::validate_team(input));
    let mission = checks.check(refusal(referenced_mission(tx, &input.mission_id).await)?);
    let (team, mission) = checks.finish(|| Some((team?, mission?)))?;
    if let Some(id) = id {
        repo::team(tx, id)
            .await?
            .ok_or_else(|| AppError::NotFound {
                what: "team",
                id: id.to_string(),
            })?;
    }
    let row = TeamRow {
        id: id.map_or_else(|| tx.new_id(), str::to_string),
        mission_id: mission.id,
        team,
    };
    let (now, by) = (tx.now_text(), actor.username.clone());
    repo::save_team(tx, &row, &now, &by).await?;
    let action = if id.is_some() {
        AuditAction::TeamUpdate
    } else {
        AuditAction::TeamCreate
    };
    record(tx, actor, action, ("team", &row.id), None, None).await?;
    Ok(row)
}

/// What needs the staffing desk's attention, with names (personal data: audited).
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    /// Deployments starting in the coming `window` days.
    pub starting: Vec<DeploymentView>,
    /// Running deployments ending in the coming `window` days.
    pub ending: Vec<DeploymentView>,
    /// Planned deployments without recorded consent.
    pub missing_consent: Vec<DeploymentView>,
}

impl App {
    /// Deployments starting or ending within `window_days` of `today`, and planned ones still
    /// without the officer's consent.
    pub async fn attention(
        &self,
        actor: &Actor,
        today: Date,
        window_days: i32,
        purpose: &Purpose,
    ) -> Result<Attention> {
        use grenzeloos_domain::registry::DeploymentStatus::{Deployed, Planned};
        self.require(actor, Permission::PersonalRead, AuditAction::DashboardRead)
            .await?;
        let horizon = today
            .checked_add(jiff::Span::new().days(window_days))
            .unwrap_or(today);
        let mut tx = self.store.write().await?;
        let rows = repo::deployments(&mut tx, &DeploymentFilter::default(), None).await?;
        let all = views(&mut tx, rows).await?;
        let within = |date: Date| today <= date && date <= horizon;
        let pick = |keep: &dyn Fn(&DeploymentView) -> bool| {
            all.iter().filter(|v| keep(v)).cloned().collect::<Vec<_>>()
        };
        let attention = Attention {
            starting: pick(&|v| {
                matches!(v.deployment.deployment.status, Planned | Deployed)
                    && within(v.deployment.deployment.period.start)
            }),
            ending: pick(&|v| {
                v.deployment.deployment.status == Deployed
                    && v.deployment.deployment.period.end.is_some_and(within)
            }),
            missing_consent: pick(&|v| {
                v.deployment.deployment.status == Planned
                    && v.deployment.deployment.consent.is_none()
            }),
        };
        let count =
            attention.starting.len() + attention.ending.len() + attention.missing_consent.len();
        record(
            &mut tx,
            actor,
            AuditAction::DashboardRead,
            ("deployment", "*"),
            Some(purpose.as_str()),
            Some(serde_json::json!({ "count": count })),
        )
        .await?;
        tx.commit().await?;
        Ok(attention)
    }
}
