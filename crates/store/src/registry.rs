//! Repositories of the registry: partners, missions and their locations, officers,
//! deployments, specialised teams, and the overview of deployed officers.
//!
//! Reads take `known_at`: the recorded time to read the data as it stood then (`None` for
//! today's knowledge). Writes close the current version and insert a new one.

use crate::{Conn, Result, StoreError, conflict_as, parsed};
use grenzeloos_domain::registry::{
    Consent, Contribution, Deployment, DeploymentStatus, Gender, Location, Mission, Officer,
    Partner, PartnerKind, Period, Team,
};
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Later than any recorded instant: "known at" this means current knowledge (bound where
/// [`current_at`] names no instant, so the query's parameters stay the same).
const NOW_AND_FOREVER: &str = "9999-12-31T23:59:59.999999Z";

fn known(at: Option<&str>) -> &str {
    at.unwrap_or(NOW_AND_FOREVER)
}

/// SQL condition: the version of `alias` that was current at the instant bound as `$n`
/// ([`known`]`(known_at)`). For today's knowledge it says `recorded_to IS NULL`, which lets the
/// database use the partial indexes on current versions (the bound instant is then later than
/// any, so the other half always holds).
fn current_at(alias: &str, n: usize, known_at: Option<&str>) -> String {
    match known_at {
        None => format!("{alias}.recorded_to IS NULL AND {alias}.recorded_from <= ${n}"),
        Some(_) => format!(
            "{alias}.recorded_from <= ${n} AND ({alias}.recorded_to IS NULL OR {alias}.recorded_to > ${n})"
        ),
    }
}

/// Ends the current version of entity `id` in `table` at `now`; false if there was none.
async fn close_current(conn: &mut Conn, table: &str, id: &str, now: &str) -> Result<bool> {
    let done = sqlx::query(&format!(
        "UPDATE {table} SET recorded_to = $1 WHERE id = $2 AND recorded_to IS NULL"
    ))
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

fn date(row: &AnyRow, column: &str) -> Result<Date> {
    let text: String = row.try_get(column)?;
    parsed(column, text.parse::<Date>())
}

fn opt_date(row: &AnyRow, column: &str) -> Result<Option<Date>> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|text| parsed(column, text.parse::<Date>()))
        .transpose()
}

fn period(row: &AnyRow) -> Result<Period> {
    Ok(Period {
        start: date(row, "start_date")?,
        end: opt_date(row, "end_date")?,
    })
}

fn opt_date_text(date: Option<Date>) -> Option<String> {
    date.map(|date| date.to_string())
}

// ---------------------------------------------------------------------------------------------
// Partners

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartnerRow {
    pub id: String,
    #[serde(flatten)]
    pub partner: Partner,
}

fn partner_from_row(row: &AnyRow) -> Result<PartnerRow> {
    let kind: String = row.try_get("kind")?;
    Ok(PartnerRow {
        id: row.try_get("id")?,
        partner: Partner {
            code: row.try_get("code")?,
            kind: parsed("partner kind", PartnerKind::parse("kind", &kind))?,
            name_nl: row.try_get("name_nl")?,
            name_en: row.try_get("name_en")?,
        },
    })
}

/// Writes a new version of partner `id` (a new partner when it has none).
pub async fn save_partner(
    conn: &mut Conn,
    id: &str,
    partner: &Partner,
    now: &str,
    by: &str,
) -> Result<()> {
    close_current(conn, "partners", id, now).await?;
    sqlx::query(
        "INSERT INTO partners (id, code, kind, name_nl, name_en, recorded_from, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&partner.code)
    .bind(partner.kind.as_str())
    .bind(&partner.name_nl)
    .bind(&partner.name_en)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await
    .map_err(conflict_as("a partner with this code already exists"))?;
    Ok(())
}

pub async fn partners(conn: &mut Conn, known_at: Option<&str>) -> Result<Vec<PartnerRow>> {
    let rows = sqlx::query(&format!(
        "SELECT p.id, p.code, p.kind, p.name_nl, p.name_en FROM partners p WHERE {} ORDER BY p.code",
        current_at("p", 1, known_at)
    ))
    .bind(known(known_at))
    .fetch_all(conn)
    .await?;
    rows.iter().map(partner_from_row).collect()
}

pub async fn partner_by_code(conn: &mut Conn, code: &str) -> Result<Option<PartnerRow>> {
    let row = sqlx::query(
        "SELECT id, code, kind, name_nl, name_en FROM partners WHERE code = $1 AND recorded_to IS NULL",
    )
    .bind(code)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(partner_from_row).transpose()
}

pub async fn partner(conn: &mut Conn, id: &str) -> Result<Option<PartnerRow>> {
    let row = sqlx::query(
        "SELECT id, code, kind, name_nl, name_en FROM partners WHERE id = $1 AND recorded_to IS NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(partner_from_row).transpose()
}

// ---------------------------------------------------------------------------------------------
// Missions and their locations

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MissionRow {
    pub id: String,
    #[serde(flatten)]
    pub mission: Mission,
}

const MISSION_COLUMNS: &str = "m.id, m.name, m.acronym, m.mandated_by, m.start_date, m.end_date";

fn mission_from_row(row: &AnyRow) -> Result<MissionRow> {
    Ok(MissionRow {
        id: row.try_get("id")?,
        mission: Mission {
            name: row.try_get("name")?,
            acronym: row.try_get("acronym")?,
            mandated_by: row.try_get("mandated_by")?,
            period: period(row)?,
        },
    })
}

pub async fn save_mission(
    conn: &mut Conn,
    id: &str,
    mission: &Mission,
    now: &str,
    by: &str,
) -> Result<()> {
    close_current(conn, "missions", id, now).await?;
    sqlx::query(
        "INSERT INTO missions (id, name, acronym, mandated_by, start_date, end_date, recorded_from, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(&mission.name)
    .bind(&mission.acronym)
    .bind(&mission.mandated_by)
    .bind(mission.period.start.to_string())
    .bind(opt_date_text(mission.period.end))
    .bind(now)
    .bind(by)
    .execute(conn)
    .await
    .map_err(conflict_as("a mission with this name already exists"))?;
    Ok(())
}

pub async fn missions(conn: &mut Conn, known_at: Option<&str>) -> Result<Vec<MissionRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {MISSION_COLUMNS} FROM missions m WHERE {} ORDER BY m.name",
        current_at("m", 1, known_at)
    ))
    .bind(known(known_at))
    .fetch_all(conn)
    .await?;
    rows.iter().map(mission_from_row).collect()
}

pub async fn mission(
    conn: &mut Conn,
    id: &str,
    known_at: Option<&str>,
) -> Result<Option<MissionRow>> {
    let row = sqlx::query(&format!(
        "SELECT {MISSION_COLUMNS} FROM missions m WHERE m.id = $1 AND {}",
        current_at("m", 2, known_at)
    ))
    .bind(id)
    .bind(known(known_at))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(mission_from_row).transpose()
}

pub async fn mission_by_name(conn: &mut Conn, name: &str) -> Result<Option<MissionRow>> {
    let row = sqlx::query(&format!(
        "SELECT {MISSION_COLUMNS} FROM missions m WHERE (m.name = $1 OR m.acronym = $1) AND m.recorded_to IS NULL ORDER BY m.name LIMIT 1"
    ))
    .bind(name)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(mission_from_row).transpose()
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocationRow {
    pub id: String,
    pub mission_id: String,
    #[serde(flatten)]
    pub location: Location,
}

fn location_from_row(row: &AnyRow) -> Result<LocationRow> {
    let codes: String = row.try_get("country_codes")?;
    Ok(LocationRow {
        id: row.try_get("id")?,
        mission_id: row.try_get("mission_id")?,
        location: Location {
            valid_from: date(row, "valid_from")?,
            country_codes: codes.split(',').map(str::to_string).collect(),
            station: row.try_get("station")?,
        },
    })
}

/// Records where a mission works from `location.valid_from` on; replaces a location recorded
/// for the same date.
pub async fn save_location(
    conn: &mut Conn,
    id: &str,
    mission_id: &str,
    location: &Location,
    now: &str,
    by: &str,
) -> Result<()> {
    sqlx::query(
        "UPDATE mission_locations SET recorded_to = $1 WHERE mission_id = $2 AND valid_from = $3 AND recorded_to IS NULL",
    )
    .bind(now)
    .bind(mission_id)
    .bind(location.valid_from.to_string())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO mission_locations (id, mission_id, valid_from, country_codes, station, recorded_from, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(mission_id)
    .bind(location.valid_from.to_string())
    .bind(location.country_codes.join(","))
    .bind(&location.station)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Location history of all missions (or one), oldest first.
pub async fn locations(
    conn: &mut Conn,
    mission_id: Option<&str>,
    known_at: Option<&str>,
) -> Result<Vec<LocationRow>> {
    let sql = format!(
        "SELECT l.id, l.mission_id, l.valid_from, l.country_codes, l.station FROM mission_locations l
         WHERE {} AND ($2 = '' OR l.mission_id = $2) ORDER BY l.mission_id, l.valid_from",
        current_at("l", 1, known_at)
    );
    let rows = sqlx::query(&sql)
        .bind(known(known_at))
        .bind(mission_id.unwrap_or(""))
        .fetch_all(conn)
        .await?;
    rows.iter().map(location_from_row).collect()
}

// ---------------------------------------------------------------------------------------------
// Officers (personal data: callers audit every read)

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OfficerRow {
    pub id: String,
    #[serde(flatten)]
    pub officer: Officer,
    /// When the officer's personal data were erased (SPOC-14): names, personnel number (now a
    /// pseudonym), rank and unit are blank in this and every other version; the gender stays
    /// for the counts of the annex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub erased_at: Option<String>,
}

const OFFICER_COLUMNS: &str =
    "o.id, o.personnel_number, o.given_name, o.family_name, o.gender, o.rank, o.unit, o.erased_at";

fn officer_from_row(row: &AnyRow) -> Result<OfficerRow> {
    let gender: String = row.try_get("gender")?;
    Ok(OfficerRow {
        id: row.try_get("id")?,
        officer: Officer {
            personnel_number: row.try_get("personnel_number")?,
            given_name: row.try_get("given_name")?,
            family_name: row.try_get("family_name")?,
            gender: parsed("gender", Gender::parse("gender", &gender))?,
            rank: row.try_get("rank")?,
            unit: row.try_get("unit")?,
        },
        erased_at: row.try_get("erased_at")?,
    })
}

pub async fn save_officer(
    conn: &mut Conn,
    id: &str,
    officer: &Officer,
    now: &str,
    by: &str,
) -> Result<()> {
    close_current(conn, "officers", id, now).await?;
    sqlx::query(
        "INSERT INTO officers (id, personnel_number, given_name, family_name, gender, rank, unit, recorded_from, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(&officer.personnel_number)
    .bind(&officer.given_name)
    .bind(&officer.family_name)
    .bind(officer.gender.as_str())
    .bind(&officer.rank)
    .bind(&officer.unit)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await
    .map_err(conflict_as("an officer with this personnel number already exists"))?;
    Ok(())
}

pub async fn officers(conn: &mut Conn, known_at: Option<&str>) -> Result<Vec<OfficerRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {OFFICER_COLUMNS} FROM officers o WHERE {} ORDER BY o.family_name, o.given_name",
        current_at("o", 1, known_at)
    ))
    .bind(known(known_at))
    .fetch_all(conn)
    .await?;
    rows.iter().map(officer_from_row).collect()
}

pub async fn officer(conn: &mut Conn, id: &str) -> Result<Option<OfficerRow>> {
    let row = sqlx::query(&format!(
        "SELECT {OFFICER_COLUMNS} FROM officers o WHERE o.id = $1 AND o.recorded_to IS NULL"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(officer_from_row).transpose()
}

pub async fn officer_by_number(
    conn: &mut Conn,
    personnel_number: &str,
) -> Result<Option<OfficerRow>> {
    let row = sqlx::query(&format!(
        "SELECT {OFFICER_COLUMNS} FROM officers o WHERE o.personnel_number = $1 AND o.recorded_to IS NULL"
    ))
    .bind(personnel_number)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(officer_from_row).transpose()
}

/// When each officer was first recorded (the first instant of their first version).
pub async fn officers_first_recorded(
    conn: &mut Conn,
) -> Result<std::collections::HashMap<String, String>> {
    let rows = sqlx::query("SELECT id, MIN(recorded_from) AS first FROM officers GROUP BY id")
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("first")?)))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Deployments

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DeploymentRow {
    pub id: String,
    pub officer_id: String,
    pub mission_id: String,
    pub team_id: Option<String>,
    #[serde(flatten)]
    pub deployment: Deployment,
}

const DEPLOYMENT_COLUMNS: &str = "d.id, d.officer_id, d.mission_id, d.team_id, d.function, d.start_date, d.end_date, d.status, d.consent_date, d.consent_recorded_by";

fn deployment_from_row(row: &AnyRow) -> Result<DeploymentRow> {
    let status: String = row.try_get("status")?;
    let consent = match (
        opt_date(row, "consent_date")?,
        row.try_get::<Option<String>, _>("consent_recorded_by")?,
    ) {
        (Some(date), Some(recorded_by)) => Some(Consent { date, recorded_by }),
        _ => None,
    };
    Ok(DeploymentRow {
        id: row.try_get("id")?,
        officer_id: row.try_get("officer_id")?,
        mission_id: row.try_get("mission_id")?,
        team_id: row.try_get("team_id")?,
        deployment: Deployment {
            function: row.try_get("function")?,
            period: period(row)?,
            status: parsed("status", DeploymentStatus::parse("status", &status))?,
            consent,
        },
    })
}

pub async fn save_deployment(
    conn: &mut Conn,
    row: &DeploymentRow,
    now: &str,
    by: &str,
) -> Result<()> {
    close_current(conn, "deployments", &row.id, now).await?;
    let d = &row.deployment;
    sqlx::query(
        "INSERT INTO deployments (id, officer_id, mission_id, team_id, function, start_date, end_date, status, consent_date, consent_recorded_by, recorded_from, recorded_by, span_days)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&row.id)
    .bind(&row.officer_id)
    .bind(&row.mission_id)
    .bind(&row.team_id)
    .bind(&d.function)
    .bind(d.period.start.to_string())
    .bind(opt_date_text(d.period.end))
    .bind(d.status.as_str())
    .bind(d.consent.as_ref().map(|c| c.date.to_string()))
    .bind(d.consent.as_ref().map(|c| c.recorded_by.clone()))
    .bind(now)
    .bind(by)
    .bind(d.period.days())
    .execute(conn)
    .await?;
    Ok(())
}

/// Which deployments to list.
#[derive(Debug, Clone, Default)]
pub struct DeploymentFilter {
    pub mission_id: Option<String>,
    pub officer_id: Option<String>,
    /// Only those whose period contains this date.
    pub on: Option<Date>,
}

pub async fn deployments(
    conn: &mut Conn,
    filter: &DeploymentFilter,
    known_at: Option<&str>,
) -> Result<Vec<DeploymentRow>> {
    let sql = format!(
        "SELECT {DEPLOYMENT_COLUMNS} FROM deployments d WHERE {}
           AND ($2 = '' OR d.mission_id = $2) AND ($3 = '' OR d.officer_id = $3)
           AND ($4 = '' OR (d.start_date <= $4 AND (d.end_date IS NULL OR d.end_date >= $4)))
         ORDER BY d.start_date, d.id",
        current_at("d", 1, known_at)
    );
    let rows = sqlx::query(&sql)
        .bind(known(known_at))
        .bind(filter.mission_id.clone().unwrap_or_default())
        .bind(filter.officer_id.clone().unwrap_or_default())
        .bind(filter.on.map(|d| d.to_string()).unwrap_or_default())
        .fetch_all(conn)
        .await?;
    rows.iter().map(deployment_from_row).collect()
}

pub async fn deployment(conn: &mut Conn, id: &str) -> Result<Option<DeploymentRow>> {
    let row = sqlx::query(&format!(
        "SELECT {DEPLOYMENT_COLUMNS} FROM deployments d WHERE d.id = $1 AND d.recorded_to IS NULL"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(deployment_from_row).transpose()
}

/// The deployments of an officer that occupy them (all but cancelled), except `except_id`.
pub async fn occupying_periods(
    conn: &mut Conn,
    officer_id: &str,
    except_id: &str,
) -> Result<Vec<Period>> {
    let rows = sqlx::query(
        "SELECT start_date, end_date FROM deployments
         WHERE officer_id = $1 AND id <> $2 AND status <> 'cancelled' AND recorded_to IS NULL",
    )
    .bind(officer_id)
    .bind(except_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(period).collect()
}

// ---------------------------------------------------------------------------------------------
// Specialised teams

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TeamRow {
    pub id: String,
    pub mission_id: String,
    #[serde(flatten)]
    pub team: Team,
}

fn team_from_row(row: &AnyRow) -> Result<TeamRow> {
    let contributions: String = row.try_get("contributions")?;
    Ok(TeamRow {
        id: row.try_get("id")?,
        mission_id: row.try_get("mission_id")?,
        team: Team {
            name: row.try_get("name")?,
            task: row.try_get("task")?,
            period: period(row)?,
            contributions: parsed(
                "team contributions",
                serde_json::from_str::<Vec<Contribution>>(&contributions),
            )?,
        },
    })
}

pub async fn save_team(conn: &mut Conn, row: &TeamRow, now: &str, by: &str) -> Result<()> {
    close_current(conn, "teams", &row.id, now).await?;
    let contributions = serde_json::to_string(&row.team.contributions)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO teams (id, mission_id, name, task, start_date, end_date, contributions, recorded_from, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&row.id)
    .bind(&row.mission_id)
    .bind(&row.team.name)
    .bind(&row.team.task)
    .bind(row.team.period.start.to_string())
    .bind(opt_date_text(row.team.period.end))
    .bind(contributions)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn teams(conn: &mut Conn, known_at: Option<&str>) -> Result<Vec<TeamRow>> {
    let rows = sqlx::query(&format!(
        "SELECT t.id, t.mission_id, t.name, t.task, t.start_date, t.end_date, t.contributions FROM teams t
         WHERE {} ORDER BY t.start_date, t.name",
        current_at("t", 1, known_at)
    ))
    .bind(known(known_at))
    .fetch_all(conn)
    .await?;
    rows.iter().map(team_from_row).collect()
}

pub async fn team(conn: &mut Conn, id: &str) -> Result<Option<TeamRow>> {
    let row = sqlx::query(
        "SELECT id, mission_id, name, task, start_date, end_date, contributions FROM teams WHERE id = $1 AND recorded_to IS NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(team_from_row).transpose()
}

// ---------------------------------------------------------------------------------------------
// The overview

/// Officers deployed per mission on `as_of`, as the data were known at `known_at`: missions
/// without an officer on that date are left out. Counts distinct officers.
pub async fn deployed_per_mission(
    conn: &mut Conn,
    as_of: Date,
    known_at: Option<&str>,
) -> Result<Vec<(MissionRow, i64)>> {
    let counted: Vec<String> = DeploymentStatus::counted()
        .iter()
        .map(|status| format!("'{}'", status.as_str()))
        .collect();
    let counted = counted.join(", ");
    let group = "GROUP BY m.id, m.name, m.acronym, m.mandated_by, m.start_date, m.end_date
         ORDER BY m.name";
    let rows = match known_at {
        // Today's knowledge, the common case: current versions only, through partial indexes,
        // and only the deployments that can still run on `as_of` (started no longer before it
        // than the longest deployment lasts, or open-ended).
        None => {
            let longest: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(span_days) FROM deployments WHERE recorded_to IS NULL",
            )
            .fetch_one(&mut *conn)
            .await?;
            let earliest = as_of
                .checked_sub(jiff::Span::new().days(longest.unwrap_or(0).clamp(0, 3_660_000)))
                .unwrap_or(Date::MIN);
            let sql = format!(
                "SELECT {MISSION_COLUMNS}, COUNT(DISTINCT a.officer_id) AS officers
                 FROM (SELECT d.mission_id, d.officer_id FROM deployments d
                        WHERE d.recorded_to IS NULL AND d.start_date >= $2 AND d.start_date <= $1
                          AND d.end_date >= $1 AND d.status IN ({counted})
                       UNION ALL
                       SELECT d.mission_id, d.officer_id FROM deployments d
                        WHERE d.recorded_to IS NULL AND d.end_date IS NULL AND d.start_date <= $1
                          AND d.status IN ({counted})) a
                 JOIN missions m ON m.id = a.mission_id AND m.recorded_to IS NULL
                 {group}"
            );
            sqlx::query(&sql)
                .bind(as_of.to_string())
                .bind(earliest.to_string())
                .fetch_all(conn)
                .await?
        }
        // As the data stood at an earlier moment: every version can matter.
        Some(at) => {
            let sql = format!(
                "SELECT {MISSION_COLUMNS}, COUNT(DISTINCT d.officer_id) AS officers
                 FROM missions m JOIN deployments d ON d.mission_id = m.id
                 WHERE {} AND {}
                   AND d.status IN ({counted})
                   AND d.start_date <= $2 AND (d.end_date IS NULL OR d.end_date >= $2)
                 {group}",
                current_at("m", 1, known_at),
                current_at("d", 1, known_at),
            );
            sqlx::query(&sql)
                .bind(at)
                .bind(as_of.to_string())
                .fetch_all(conn)
                .await?
        }
    };
    rows.iter()
        .map(|row| Ok((mission_from_row(row)?, row.try_get::<i64, _>("officers")?)))
        .collect()
}

/// The registry's revision: raised by every committed write transaction, so that an answer
/// computed at one revision is known to be current while the revision stays the same.
pub async fn revision(conn: &mut Conn) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT revision FROM registry_revision WHERE id = 1")
            .fetch_one(conn)
            .await?,
    )
}
