//! The registry of missions, officers, deployments and specialised teams: types and rules.
//!
//! Inputs arrive as text (from JSON, a form or a CSV line); `validate_*` turns them into typed
//! values or every broken rule at once (the first carrying the others, see [`Checks`]), each
//! naming its field. The same functions serve the API, the UI and the import, so a rule exists
//! exactly once.

use crate::countries::country;
use crate::error::{Checks, Invalid, Violation};
use crate::text::{check_line, check_lines, echo};
use crate::time::parse_date;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest free text we accept in a name-like field.
pub const MAX_TEXT: usize = 200;

/// A name or a one-line text: required, at most [`MAX_TEXT`] characters, no control or
/// bidirectional characters.
pub(crate) fn required_text(field: &str, value: &str) -> Invalid<String> {
    let value = short_text(field, value)?;
    check_line(field, &value)?;
    Ok(value)
}

/// Like [`required_text`] for a short text of several lines (a textarea in the forms).
pub(crate) fn required_lines(field: &str, value: &str) -> Invalid<String> {
    let value = short_text(field, value)?;
    check_lines(field, &value)?;
    Ok(value)
}

fn short_text(field: &str, value: &str) -> Invalid<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Violation::at("required", field, "is required"));
    }
    if value.chars().count() > MAX_TEXT {
        return Err(Violation::at(
            "too_long",
            field,
            format!("is longer than {MAX_TEXT} characters"),
        ));
    }
    Ok(value.to_string())
}

pub(crate) fn optional_text(field: &str, value: Option<&str>) -> Invalid<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => required_text(field, value).map(Some),
    }
}

pub(crate) fn optional_date(field: &str, value: Option<&str>) -> Invalid<Option<Date>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => parse_date(field, value).map(Some),
    }
}

/// A period of valid time, both ends inclusive; an open end means "until further notice".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Option<Date>,
}

impl Period {
    /// Parses and checks a period: the end may not lie before the start.
    pub fn parse(
        start_field: &str,
        start: &str,
        end_field: &str,
        end: Option<&str>,
    ) -> Invalid<Period> {
        let mut checks = Checks::new();
        let start = checks.check(parse_date(start_field, start));
        let end = checks.check(optional_date(end_field, end));
        if let (Some(start), Some(Some(end))) = (start, end)
            && end < start
        {
            checks.refuse(Violation::at(
                "end_before_start",
                end_field,
                format!("the end date {end} lies before the start date {start}"),
            ));
        }
        checks.finish(|| {
            Some(Period {
                start: start?,
                end: end?,
            })
        })
    }

    /// The days of one calendar month.
    pub fn month(year: i16, month: i8) -> Option<Period> {
        let first = Date::new(year, month, 1).ok()?;
        Some(Period {
            start: first,
            end: Some(first.last_of_month()),
        })
    }

    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }

    /// Days from the start to the end (0 for a one-day period); `None` when open-ended.
    pub fn days(&self) -> Option<i64> {
        let end = self.end?;
        self.start
            .until((jiff::Unit::Day, end))
            .ok()
            .map(|span| i64::from(span.get_days()))
    }

    /// Whether the two share a day; an open end runs on until further notice.
    pub fn overlaps(&self, other: &Period) -> bool {
        let self_before_other = self.end.is_some_and(|end| end < other.start);
        let other_before_self = other.end.is_some_and(|end| end < self.start);
        !self_before_other && !other_before_self
    }

    pub fn within(&self, outer: &Period) -> bool {
        outer.start <= self.start
            && match (outer.end, self.end) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(outer_end), Some(end)) => end <= outer_end,
            }
    }
}

// ---------------------------------------------------------------------------------------------
// Partners

crate::choice! {
    pub enum PartnerKind ("partner kind") {
        /// A state, by its ISO 3166-1 alpha-2 code.
        State = "state",
        /// A partner within the Kingdom of the Netherlands (Aruba, Curaçao, Sint Maarten, KPCN).
        KingdomPartner = "kingdom_partner",
        /// An international organisation or body: EU, UN, OSCE, INTERPOL, Europol, MAOC-N …
        Organisation = "organisation",
    }
}

/// A partner as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerInput {
    pub code: String,
    pub kind: String,
    #[serde(default)]
    pub name_nl: Option<String>,
    #[serde(default)]
    pub name_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub code: String,
    pub kind: PartnerKind,
    pub name_nl: String,
    pub name_en: String,
}

/// An organisation's partner code: 2–16 capitals, digits or hyphens (OSCE, MAOC-N).
pub fn is_organisation_code(code: &str) -> bool {
    (2..=16).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// A state's code must be ISO 3166-1 (names default to the standard ones); an organisation's
/// code is 2–16 capitals, digits or hyphens and needs its names.
pub fn validate_partner(input: &PartnerInput) -> Invalid<Partner> {
    let mut checks = Checks::new();
    let code = input.code.trim().to_string();
    if code.is_empty() {
        checks.refuse(Violation::at("required", "code", "is required"));
    }
    let kind = checks.check(PartnerKind::parse("kind", &input.kind));
    let name_nl = checks.check(optional_text("name_nl", input.name_nl.as_deref()));
    let name_en = checks.check(optional_text("name_en", input.name_en.as_deref()));
    // What the code must be, and whether the names are needed, depends on the kind.
    let known = country(&code);
    match kind {
        Some(PartnerKind::State | PartnerKind::KingdomPartner)
            if known.is_none() && !code.is_empty() =>
        {
            checks.refuse(Violation::at(
                "unknown_country",
                "code",
                format!(
                    "{} is not an ISO 3166-1 alpha-2 country code (e.g. BE, DE, XK)",
                    echo(&code)
                ),
            ));
        }
        Some(PartnerKind::Organisation) => {
            if !is_organisation_code(&code) && !code.is_empty() {
                checks.refuse(Violation::at(
                    "invalid_code",
                    "code",
                    format!(
                        "{} is not an organisation code: use 2 to 16 capitals, digits or hyphens (e.g. OSCE, MAOC-N)",
                        echo(&code)
                    ),
                ));
            }
            for (field, name) in [("name_nl", &name_nl), ("name_en", &name_en)] {
                if matches!(name, Some(None)) {
                    checks.refuse(Violation::at(
                        "required_by_rule",
                        field,
                        "is required for an organisation",
                    ));
                }
            }
        }
        _ => {}
    }
    checks.finish(|| {
        let kind = kind?;
        // A state's names default to the standard ones; an organisation has given its own.
        let standard = known.filter(|_| kind != PartnerKind::Organisation);
        Some(Partner {
            name_nl: name_nl?.or_else(|| standard.map(|c| c.name_nl.to_string()))?,
            name_en: name_en?.or_else(|| standard.map(|c| c.name_en.to_string()))?,
            code,
            kind,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Missions

/// Where a mission works from a date on: its country (or area) of mandate and the duty station
/// of its officers. Both may change over time; the one in force on a date is the latest whose
/// `valid_from` is on or before that date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub valid_from: Date,
    /// ISO codes of the country or countries of mandate.
    pub country_codes: Vec<String>,
    /// The Dutch duty station, as the report prints it.
    pub station: String,
}

impl Location {
    /// The Dutch name of the country or countries of mandate: "Moldavië en Oekraïne".
    pub fn country_name_nl(&self) -> String {
        join_dutch(
            self.country_codes
                .iter()
                .map(|code| country(code).map_or(code.as_str(), |c| c.name_nl)),
        )
    }

    pub fn country_name_en(&self) -> String {
        let names: Vec<&str> = self
            .country_codes
            .iter()
            .map(|code| country(code).map_or(code.as_str(), |c| c.name_en))
            .collect();
        names.join(" and ")
    }
}

fn join_dutch<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} en {last}", rest.join(", ")),
    }
}

/// Parses a list of country codes written `MD,UA` or `MD UA`.
pub fn parse_country_codes(field: &str, value: &str) -> Invalid<Vec<String>> {
    let codes: Vec<String> = value
        .split([',', ' ', ';'])
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(str::to_uppercase)
        .collect();
    if codes.is_empty() {
        return Err(Violation::at(
            "required",
            field,
            "name at least one country code (e.g. XK)",
        ));
    }
    for code in &codes {
        if country(code).is_none() {
            return Err(Violation::at(
                "unknown_country",
                field,
                format!("{} is not an ISO 3166-1 alpha-2 country code", echo(code)),
            ));
        }
    }
    Ok(codes)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationInput {
    pub valid_from: String,
    /// Country codes, e.g. `"MD,UA"`.
    pub countries: String,
    pub station: String,
}

pub fn validate_location(input: &LocationInput) -> Invalid<Location> {
    let mut checks = Checks::new();
    let valid_from = checks.check(parse_date("valid_from", &input.valid_from));
    let country_codes = checks.check(parse_country_codes("countries", &input.countries));
    let station = checks.check(required_text("station", &input.station));
    checks.finish(|| {
        Some(Location {
            valid_from: valid_from?,
            country_codes: country_codes?,
            station: station?,
        })
    })
}

/// The location in force on `date` from a mission's location history.
pub fn location_on(history: &[Location], date: Date) -> Option<&Location> {
    history
        .iter()
        .filter(|location| location.valid_from <= date)
        .max_by_key(|location| location.valid_from)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissionInput {
    pub name: String,
    #[serde(default)]
    pub acronym: Option<String>,
    /// Code of the mandating partner (EU, UN, OSCE, US …).
    pub mandated_by: String,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    /// Country codes of the mandate, e.g. `"LY"`.
    pub countries: String,
    /// Duty station (Dutch), e.g. `"Tunesië"`.
    pub station: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mission {
    pub name: String,
    pub acronym: Option<String>,
    pub mandated_by: String,
    pub period: Period,
}

/// A new or changed mission, with the location it starts (or continues) with.
pub fn validate_mission(input: &MissionInput) -> Invalid<(Mission, Location)> {
    let mut checks = Checks::new();
    let name = checks.check(required_text("name", &input.name));
    let acronym = checks.check(optional_text("acronym", input.acronym.as_deref()));
    let mandated_by = checks.check(required_text("mandated_by", &input.mandated_by));
    let period = checks.check(Period::parse(
        "start",
        &input.start,
        "end",
        input.end.as_deref(),
    ));
    let country_codes = checks.check(parse_country_codes("countries", &input.countries));
    let station = checks.check(required_text("station", &input.station));
    checks.finish(|| {
        let period = period?;
        Some((
            Mission {
                name: name?,
                acronym: acronym?,
                mandated_by: mandated_by?,
                period,
            },
            Location {
                valid_from: period.start,
                country_codes: country_codes?,
                station: station?,
            },
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Officers

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Female,
    Male,
    /// Neither, or not stated.
    X,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Female, Gender::Male, Gender::X];

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::X => "x",
        }
    }

    pub fn parse(field: &str, value: &str) -> Invalid<Gender> {
        match value.trim().to_lowercase().as_str() {
            "female" | "f" | "v" | "vrouw" => Ok(Gender::Female),
            "male" | "m" | "man" => Ok(Gender::Male),
            "x" => Ok(Gender::X),
            other => Err(Violation::at(
                "invalid_choice",
                field,
                format!("{} is not a gender; use female, male or x", echo(other)),
            )),
        }
    }
}

impl crate::choice::Choice for Gender {
    fn all() -> &'static [Gender] {
        &Gender::ALL
    }

    fn code(self) -> &'static str {
        self.as_str()
    }

    fn parse_at(field: &str, value: &str) -> Invalid<Gender> {
        Gender::parse(field, value)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerInput {
    /// The police's personnel number; unique, used to match imports.
    pub personnel_number: String,
    pub given_name: String,
    pub family_name: String,
    pub gender: String,
    #[serde(default)]
    pub rank: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Officer {
    pub personnel_number: String,
    pub given_name: String,
    pub family_name: String,
    pub gender: Gender,
    pub rank: Option<String>,
    pub unit: Option<String>,
}

fn personnel_number(value: &str) -> Invalid<String> {
    let number = required_text("personnel_number", value)?;
    if !number
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Violation::at(
            "invalid_code",
            "personnel_number",
            "use only letters, digits and hyphens",
        ));
    }
    Ok(number)
}

pub fn validate_officer(input: &OfficerInput) -> Invalid<Officer> {
    let mut checks = Checks::new();
    let personnel_number = checks.check(personnel_number(&input.personnel_number));
    let given_name = checks.check(required_text("given_name", &input.given_name));
    let family_name = checks.check(required_text("family_name", &input.family_name));
    let gender = checks.check(Gender::parse("gender", &input.gender));
    let rank = checks.check(optional_text("rank", input.rank.as_deref()));
    let unit = checks.check(optional_text("unit", input.unit.as_deref()));
    checks.finish(|| {
        Some(Officer {
            personnel_number: personnel_number?,
            given_name: given_name?,
            family_name: family_name?,
            gender: gender?,
            rank: rank?,
            unit: unit?,
        })
    })
}

/// What an erased officer's record holds instead of the personnel number (SPOC-14 mechanism,
/// AVG Art 17): a pseudonym made from the record's own identifier, so that it stays unique
/// among the current records and says nothing about the number it replaces. (A hash of the
/// number would not do: personnel numbers are few enough to try them all.)
pub fn erased_personnel_number(officer_id: &str) -> String {
    format!("ERASED-{officer_id}")
}

/// The values that identify `officer`, which a reason kept after their erasure may not
/// contain (rank and unit are erased too, but do not name anyone on their own).
pub fn personal_values(officer: &Officer) -> Vec<&str> {
    vec![
        officer.personnel_number.as_str(),
        officer.given_name.as_str(),
        officer.family_name.as_str(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Deployments

crate::choice! {
    pub enum DeploymentStatus ("deployment status") {
        Planned = "planned",
        Deployed = "deployed",
        Ended = "ended",
        Evacuated = "evacuated",
        Cancelled = "cancelled",
    }
}

impl DeploymentStatus {
    /// Whether the officer actually went: only such deployments count in an overview, and only
    /// they need the officer's consent.
    pub fn went_out(self) -> bool {
        matches!(
            self,
            DeploymentStatus::Deployed | DeploymentStatus::Ended | DeploymentStatus::Evacuated
        )
    }

    /// Statuses that count as "deployed on a date" when the date lies in the period.
    pub fn counted() -> Vec<DeploymentStatus> {
        DeploymentStatus::ALL
            .iter()
            .copied()
            .filter(|status| status.went_out())
            .collect()
    }

    /// Whether this deployment occupies the officer (for the no-overlap rule).
    pub fn occupies(self) -> bool {
        self != DeploymentStatus::Cancelled
    }
}

/// The officer's voluntary consent to a deployment (deployment is voluntary only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub date: Date,
    /// The user who recorded it.
    pub recorded_by: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeploymentInput {
    pub officer_id: String,
    pub mission_id: String,
    pub function: String,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    pub status: String,
    /// Date the officer gave voluntary consent, if recorded.
    #[serde(default)]
    pub consent_date: Option<String>,
    #[serde(default)]
    pub team_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deployment {
    pub function: String,
    pub period: Period,
    pub status: DeploymentStatus,
    pub consent: Option<Consent>,
}

/// The rules of one deployment on its own (the rules against other records are
/// [`check_within_mission`] and [`check_no_overlap`]).
///
/// `previous_consent` keeps an already recorded consent when the input does not repeat it.
pub fn validate_deployment(
    input: &DeploymentInput,
    recorded_by: &str,
    previous_consent: Option<&Consent>,
) -> Invalid<Deployment> {
    let mut checks = Checks::new();
    let function = checks.check(required_text("function", &input.function));
    let period = checks.check(Period::parse(
        "start",
        &input.start,
        "end",
        input.end.as_deref(),
    ));
    let status = checks.check(DeploymentStatus::parse("status", &input.status));
    let consent = checks
        .check(optional_date("consent_date", input.consent_date.as_deref()))
        .map(|date| match date {
            Some(date) if previous_consent.is_some_and(|c| c.date == date) => {
                previous_consent.cloned()
            }
            Some(date) => Some(Consent {
                date,
                recorded_by: recorded_by.to_string(),
            }),
            None => previous_consent.cloned(),
        });
    // The rules between the fields, where the fields they read passed their own checks.
    if let (Some(status), Some(consent)) = (status, &consent)
        && status.went_out()
    {
        match consent {
            None => checks.refuse(Violation::at(
                "consent_missing",
                "consent_date",
                format!(
                    "a deployment can only be '{}' with the officer's recorded voluntary consent; record the date of consent",
                    status.as_str()
                ),
            )),
            Some(consent) => {
                if let Some(period) = period
                    && consent.date > period.start
                {
                    checks.refuse(Violation::at(
                        "consent_after_start",
                        "consent_date",
                        format!(
                            "consent was recorded on {}, after the deployment started on {}; consent must precede departure",
                            consent.date, period.start
                        ),
                    ));
                }
            }
        }
    }
    if let (Some(status), Some(period)) = (status, period)
        && matches!(
            status,
            DeploymentStatus::Ended | DeploymentStatus::Evacuated
        )
        && period.end.is_none()
    {
        checks.refuse(Violation::at(
            "end_required",
            "end",
            format!(
                "a deployment that is '{}' needs its end date",
                status.as_str()
            ),
        ));
    }
    checks.finish(|| {
        Some(Deployment {
            function: function?,
            period: period?,
            status: status?,
            consent: consent?,
        })
    })
}

/// A deployment lies within its mission's period.
pub fn check_within_mission(deployment: &Period, mission: &Period) -> Invalid<()> {
    if deployment.within(mission) {
        return Ok(());
    }
    let mission_end = mission
        .end
        .map_or("open".to_string(), |end| end.to_string());
    Err(Violation::at(
        "outside_mission_period",
        if deployment.start < mission.start {
            "start"
        } else {
            "end"
        },
        format!(
            "the deployment must lie within the mission's period ({} to {mission_end})",
            mission.start
        ),
    ))
}

/// Another deployment of the same officer that occupies them, as the no-overlap rule reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherDeployment {
    pub id: String,
    /// The name of its mission.
    pub mission: String,
    pub period: Period,
}

/// One officer cannot be in two places at once: no two occupying deployments overlap. The
/// refusal names the deployment in the way (its mission and period, which the pages show
/// beside the officer anyway) and gives its id, so a page can link to it.
pub fn check_no_overlap(candidate: &Period, others: &[OtherDeployment]) -> Invalid<()> {
    let Some(other) = others.iter().find(|other| other.period.overlaps(candidate)) else {
        return Ok(());
    };
    let end = other.period.end.map(|end| end.to_string());
    Err(Violation::at(
        "overlapping_deployment",
        "start",
        format!(
            "the officer already has a deployment to {} from {} to {} that overlaps this period",
            other.mission,
            other.period.start,
            end.as_deref().unwrap_or("open")
        ),
    )
    .with("deployment_id", other.id.clone())
    .with("mission", other.mission.clone())
    .with("start", other.period.start.to_string())
    .with("end", end.unwrap_or_default()))
}

// ---------------------------------------------------------------------------------------------
// Specialised teams

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contribution {
    /// ISO code of the contributing state.
    pub partner: String,
    #[serde(deserialize_with = "crate::number::u32")]
    pub officers: u32,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamInput {
    pub name: String,
    pub mission_id: String,
    pub task: String,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub contributions: Vec<Contribution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub name: String,
    pub task: String,
    pub period: Period,
    pub contributions: Vec<Contribution>,
}

pub fn validate_team(input: &TeamInput) -> Invalid<Team> {
    let mut checks = Checks::new();
    let name = checks.check(required_text("name", &input.name));
    let task = checks.check(required_text("task", &input.task));
    let period = checks.check(Period::parse(
        "start",
        &input.start,
        "end",
        input.end.as_deref(),
    ));
    if input.contributions.is_empty() {
        checks.refuse(Violation::at(
            "required",
            "contributions",
            "name at least one contributing country with its number of officers",
        ));
    }
    let mut contributions: Vec<Contribution> = Vec::new();
    for (i, contribution) in input.contributions.iter().enumerate() {
        let field = format!("contributions[{i}]");
        let code = contribution.partner.trim().to_uppercase();
        if country(&code).is_none() {
            checks.refuse(Violation::at(
                "unknown_country",
                format!("{field}.partner"),
                format!("{} is not an ISO 3166-1 alpha-2 country code", echo(&code)),
            ));
        } else if contributions.iter().any(|c| c.partner == code) {
            checks.refuse(Violation::at(
                "duplicate",
                format!("{field}.partner"),
                format!("{code} is listed twice"),
            ));
        }
        if contribution.officers == 0 {
            checks.refuse(Violation::at(
                "invalid_number",
                format!("{field}.officers"),
                "a contribution has at least one officer",
            ));
        }
        contributions.push(Contribution {
            partner: code,
            officers: contribution.officers,
        });
    }
    checks.finish(|| {
        Some(Team {
            name: name?,
            task: task?,
            period: period?,
            contributions,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn period(start: &str, end: Option<&str>) -> Period {
        Period::parse("start", start, "end", end).unwrap()
    }

    #[test]
    fn periods_are_inclusive_and_may_be_open() {
        let p = period("2023-01-01", Some("2023-12-31"));
        assert!(p.contains(date("2023-01-01")));
        assert!(p.contains(date("2023-12-31")));
        assert!(!p.contains(date("2024-01-01")));
        assert!(period("2023-01-01", None).contains(date("2099-01-01")));
        let err = Period::parse("start", "2023-02-01", "end", Some("2023-01-31")).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("end_before_start", Some("end"))
        );
    }

    #[test]
    fn a_period_lasts_its_days_across_leap_years() {
        assert_eq!(period("2024-02-28", Some("2024-03-01")).days(), Some(2));
        assert_eq!(period("2023-02-28", Some("2023-03-01")).days(), Some(1));
        assert_eq!(period("2023-05-05", Some("2023-05-05")).days(), Some(0));
        assert_eq!(period("2015-01-01", Some("2025-01-01")).days(), Some(3653));
        assert_eq!(period("2023-05-05", None).days(), None);
    }

    #[test]
    fn overlap_counts_shared_days() {
        let a = period("2023-01-01", Some("2023-06-30"));
        assert!(a.overlaps(&period("2023-06-30", None)));
        assert!(!a.overlaps(&period("2023-07-01", None)));
        assert!(period("2022-01-01", None).overlaps(&a));
        let other = OtherDeployment {
            id: "d1".into(),
            mission: "EULEX Kosovo".into(),
            period: a,
        };
        assert!(
            check_no_overlap(
                &period("2023-07-01", Some("2023-08-01")),
                std::slice::from_ref(&other)
            )
            .is_ok()
        );
        let err =
            check_no_overlap(&period("2022-12-01", Some("2023-01-01")), &[other]).unwrap_err();
        assert_eq!(err.code, "overlapping_deployment");
        // It names the deployment in the way, so the page can link to it.
        assert!(
            err.message
                .contains("EULEX Kosovo from 2023-01-01 to 2023-06-30")
        );
        assert_eq!(err.detail("deployment_id"), Some("d1"));
        assert_eq!(err.detail("mission"), Some("EULEX Kosovo"));
        assert_eq!(err.detail("end"), Some("2023-06-30"));
    }

    fn fields(v: &Violation) -> Vec<&str> {
        v.all().map(|v| v.field.as_deref().unwrap_or("")).collect()
    }

    #[test]
    fn a_form_learns_every_broken_rule_at_once_in_the_order_of_its_fields() {
        let officer = OfficerInput {
            personnel_number: "12 34".into(),
            given_name: " ".into(),
            family_name: "Jansen".into(),
            gender: "".into(),
            rank: None,
            unit: None,
        };
        let err = validate_officer(&officer).unwrap_err();
        assert_eq!(err.code, "invalid_code");
        assert_eq!(fields(&err), ["personnel_number", "given_name", "gender"]);

        let mission = MissionInput {
            name: "".into(),
            start: "2024-02-30".into(),
            end: Some("2024-13-01".into()),
            countries: "Libya".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(&validate_mission(&mission).unwrap_err()),
            [
                "name",
                "mandated_by",
                "start",
                "end",
                "countries",
                "station"
            ]
        );

        // Rules between fields are checked where the fields they read are valid.
        let mut input = deployment("ended", None);
        input.function = "".into();
        input.end = None;
        let err = validate_deployment(&input, "u", None).unwrap_err();
        assert_eq!(fields(&err), ["function", "consent_date", "end"]);
        assert_eq!(
            err.all().map(|v| v.code).collect::<Vec<_>>(),
            ["required", "consent_missing", "end_required"]
        );
        input.start = "gisteren".into();
        input.status = "weg".into();
        let err = validate_deployment(&input, "u", None).unwrap_err();
        assert_eq!(fields(&err), ["function", "start", "status"]);

        let team = TeamInput {
            name: "T".into(),
            mission_id: "m".into(),
            task: "".into(),
            start: "2024-01-01".into(),
            end: Some("2023-01-01".into()),
            contributions: vec![
                Contribution {
                    partner: "XX".into(),
                    officers: 0,
                },
                Contribution {
                    partner: "NL".into(),
                    officers: 2,
                },
                Contribution {
                    partner: "nl".into(),
                    officers: 1,
                },
            ],
        };
        assert_eq!(
            fields(&validate_team(&team).unwrap_err()),
            [
                "task",
                "end",
                "contributions[0].partner",
                "contributions[0].officers",
                "contributions[2].partner"
            ]
        );

        let organisation = PartnerInput {
            code: "osce".into(),
            kind: "organisation".into(),
            name_nl: None,
            name_en: None,
        };
        assert_eq!(
            fields(&validate_partner(&organisation).unwrap_err()),
            ["code", "name_nl", "name_en"]
        );
        let nothing = PartnerInput::default();
        assert_eq!(
            fields(&validate_partner(&nothing).unwrap_err()),
            ["code", "kind"]
        );
        let location = LocationInput::default();
        assert_eq!(
            fields(&validate_location(&location).unwrap_err()),
            ["valid_from", "countries", "station"]
        );
    }

    #[test]
    fn a_month_is_a_period_and_an_open_end_runs_into_every_later_month() {
        let february = Period::month(2024, 2).unwrap();
        assert_eq!(february.end, Some(date("2024-02-29")));
        assert!(Period::month(2024, 13).is_none());
        // Assistance without an end date runs until further notice: the calendar shows it in
        // every month from its start on, as the no-overlap rule counts it.
        let open = period("2024-01-20", None);
        assert!(open.overlaps(&february));
        assert!(open.overlaps(&Period::month(2024, 12).unwrap()));
        assert!(!open.overlaps(&Period::month(2023, 12).unwrap()));
        let one_day = period("2024-03-31", Some("2024-03-31"));
        assert!(one_day.overlaps(&Period::month(2024, 3).unwrap()));
        assert!(!one_day.overlaps(&Period::month(2024, 4).unwrap()));
    }

    #[test]
    fn a_deployment_lies_within_its_mission() {
        let mission = period("2020-01-01", Some("2024-12-31"));
        assert!(check_within_mission(&period("2020-01-01", Some("2024-12-31")), &mission).is_ok());
        assert_eq!(
            check_within_mission(&period("2019-12-31", Some("2020-06-01")), &mission)
                .unwrap_err()
                .field
                .as_deref(),
            Some("start")
        );
        assert_eq!(
            check_within_mission(&period("2024-01-01", None), &mission)
                .unwrap_err()
                .field
                .as_deref(),
            Some("end")
        );
    }

    fn deployment(status: &str, consent: Option<&str>) -> DeploymentInput {
        DeploymentInput {
            officer_id: "o".into(),
            mission_id: "m".into(),
            function: "Police adviser".into(),
            start: "2024-01-01".into(),
            end: Some("2024-12-31".into()),
            status: status.into(),
            consent_date: consent.map(Into::into),
            team_id: None,
        }
    }

    #[test]
    fn no_deployment_without_voluntary_consent() {
        assert!(validate_deployment(&deployment("planned", None), "u", None).is_ok());
        for status in ["deployed", "ended", "evacuated"] {
            let err = validate_deployment(&deployment(status, None), "u", None).unwrap_err();
            assert_eq!(
                (err.code, err.field.as_deref()),
                ("consent_missing", Some("consent_date"))
            );
        }
        let ok = validate_deployment(&deployment("deployed", Some("2023-11-01")), "clerk", None)
            .unwrap();
        assert_eq!(ok.consent.unwrap().recorded_by, "clerk");
        let late = validate_deployment(&deployment("deployed", Some("2024-01-02")), "u", None)
            .unwrap_err();
        assert_eq!(late.code, "consent_after_start");
    }

    #[test]
    fn a_recorded_consent_is_kept_with_its_recorder() {
        let earlier = Consent {
            date: date("2023-10-01"),
            recorded_by: "first".into(),
        };
        let kept =
            validate_deployment(&deployment("deployed", None), "second", Some(&earlier)).unwrap();
        assert_eq!(kept.consent.as_ref(), Some(&earlier));
        let same = validate_deployment(
            &deployment("deployed", Some("2023-10-01")),
            "second",
            Some(&earlier),
        )
        .unwrap();
        assert_eq!(same.consent.unwrap().recorded_by, "first");
    }

    #[test]
    fn ended_deployments_have_an_end() {
        let mut input = deployment("ended", Some("2023-12-01"));
        input.end = None;
        assert_eq!(
            validate_deployment(&input, "u", None).unwrap_err().code,
            "end_required"
        );
    }

    #[test]
    fn only_deployments_that_went_out_count() {
        assert_eq!(
            DeploymentStatus::counted(),
            vec![
                DeploymentStatus::Deployed,
                DeploymentStatus::Ended,
                DeploymentStatus::Evacuated
            ]
        );
        assert!(!DeploymentStatus::Cancelled.occupies());
    }

    #[test]
    fn locations_change_over_time() {
        let history = vec![
            Location {
                valid_from: date("2020-01-01"),
                country_codes: vec!["LY".into()],
                station: "Tunesië".into(),
            },
            Location {
                valid_from: date("2024-01-01"),
                country_codes: vec!["LY".into()],
                station: "Tripoli".into(),
            },
        ];
        assert_eq!(
            location_on(&history, date("2023-11-24")).unwrap().station,
            "Tunesië"
        );
        assert_eq!(
            location_on(&history, date("2024-04-17")).unwrap().station,
            "Tripoli"
        );
        assert!(location_on(&history, date("2019-01-01")).is_none());
        assert_eq!(history[0].country_name_nl(), "Libië");
        let two = Location {
            valid_from: date("2024-01-01"),
            country_codes: vec!["MD".into(), "UA".into()],
            station: "Chisinau".into(),
        };
        assert_eq!(two.country_name_nl(), "Moldavië en Oekraïne");
        assert_eq!(two.country_name_en(), "Moldova and Ukraine");
    }

    #[test]
    fn mission_input_is_checked_field_by_field() {
        let input = MissionInput {
            name: "EUBAM Libië".into(),
            acronym: None,
            mandated_by: "EU".into(),
            start: "2013-05-22".into(),
            end: None,
            countries: "ly".into(),
            station: "Tunesië".into(),
        };
        let (mission, location) = validate_mission(&input).unwrap();
        assert_eq!(mission.name, "EUBAM Libië");
        assert_eq!(location.country_codes, vec!["LY"]);
        let bad = MissionInput {
            countries: "Libya".into(),
            ..input.clone()
        };
        assert_eq!(
            validate_mission(&bad).unwrap_err().field.as_deref(),
            Some("countries")
        );
        let bad = MissionInput {
            start: "22-05-2013".into(),
            ..input
        };
        assert_eq!(
            validate_mission(&bad).unwrap_err().field.as_deref(),
            Some("start")
        );
    }

    #[test]
    fn partners_are_states_by_iso_code_or_named_organisations() {
        let se = validate_partner(&PartnerInput {
            code: "SE".into(),
            kind: "state".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(se.name_nl, "Zweden");
        assert!(
            validate_partner(&PartnerInput {
                code: "XX".into(),
                kind: "state".into(),
                ..Default::default()
            })
            .is_err()
        );
        let osce = PartnerInput {
            code: "OSCE".into(),
            kind: "organisation".into(),
            name_nl: Some("OVSE".into()),
            name_en: Some("OSCE".into()),
        };
        assert_eq!(validate_partner(&osce).unwrap().name_nl, "OVSE");
        let nameless = PartnerInput {
            name_nl: None,
            ..osce
        };
        assert_eq!(
            validate_partner(&nameless).unwrap_err().field.as_deref(),
            Some("name_nl")
        );
    }

    #[test]
    fn teams_name_their_contributors() {
        let input = TeamInput {
            name: "Specialised Team Noord-Kosovo".into(),
            mission_id: "m".into(),
            task: "trust in the local police".into(),
            start: "2023-06-01".into(),
            end: Some("2024-01-31".into()),
            contributions: vec![
                Contribution {
                    partner: "nl".into(),
                    officers: 3,
                },
                Contribution {
                    partner: "SE".into(),
                    officers: 3,
                },
            ],
        };
        assert_eq!(
            validate_team(&input).unwrap().contributions[0].partner,
            "NL"
        );
        let twice = TeamInput {
            contributions: vec![
                Contribution {
                    partner: "NL".into(),
                    officers: 1
                };
                2
            ],
            ..input.clone()
        };
        assert_eq!(validate_team(&twice).unwrap_err().code, "duplicate");
        let zero = TeamInput {
            contributions: vec![Contribution {
                partner: "NL".into(),
                officers: 0,
            }],
            ..input
        };
        assert_eq!(
            validate_team(&zero).unwrap_err().field.as_deref(),
            Some("contributions[0].officers")
        );
    }
}
