//! Cross-border assistance ("bijstand"): personnel and equipment lent across the border for an
//! event or a crisis, requested by the Netherlands or provided by it.
//!
//! Which treaty governs it depends on the partner, and each treaty asks for different things:
//! the Benelux police treaty (Belgium, Luxembourg) wants the nature, duration and objective
//! and an inventory of equipment in the request (art. 18), a reasoned written decision, a
//! report after the operation (art. 46), and has each party bear its own costs unless an
//! arrangement says otherwise (art. 51). Germany: the NL–DE police treaty (Enschede, 2005).
//! Other EU member states: Council Decision 2008/615/JHA, arts. 17–18. The rules below say
//! what a request must hold at each status; the legal basis itself comes from the agreements
//! registry (see `check_legal_basis`).

use crate::agreements::{Agreement, AgreementKind, EU_MEMBER_STATES, ExchangeKind};
use crate::error::{Checks, Invalid, Violation};
use crate::instruments::{Instrument, code_on, long_text, status_request};
use crate::registry::{Period, optional_date, optional_text, required_text};
use crate::status::{Revised, Revision, StatusChangeInput, StatusHistory, revise};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

crate::choice! {
    pub enum Direction ("direction") {
        /// The Netherlands asks a partner for assistance (received).
        Requested = "requested",
        /// The Netherlands assists a partner (given).
        Provided = "provided",
    }
}

crate::choice! {
    pub enum Capability ("capability") {
        WaterCannon = "water_cannon",
        LiaisonOfficers = "liaison_officers",
        JointPatrols = "joint_patrols",
        ExplosivesDetectionDogs = "explosives_detection_dogs",
        RiotPolice = "riot_police",
        MountedPolice = "mounted_police",
        Helicopter = "helicopter",
        SpecialIntervention = "special_intervention",
        Other = "other",
    }
}

impl Capability {
    /// Equipment (as opposed to people): the Benelux treaty wants it on an inventory list.
    pub fn equipment(self) -> bool {
        matches!(self, Capability::WaterCannon | Capability::Helicopter)
    }
}

crate::choice! {
    /// The life of a request, in order; a status implies every step before it.
    pub enum AssistanceStatus ("assistance status") {
        Draft = "draft",
        Requested = "requested",
        Decided = "decided",
        Deployed = "deployed",
        Completed = "completed",
        Reported = "reported",
        Settled = "settled",
    }
}

crate::choice! {
    /// How the costs are settled.
    pub enum Settlement ("way of settling costs") {
        /// Each party bears its own costs (Benelux treaty art. 51, the default).
        OwnCosts = "own_costs",
        /// As the linked working arrangement says.
        PerArrangement = "per_arrangement",
        /// The requesting party reimburses the costs.
        Reimbursed = "reimbursed",
    }
}

crate::choice! {
    /// The treaty regime that governs assistance with a partner.
    pub enum Regime ("treaty regime") {
        /// Benelux police treaty (2018, in force 1 October 2023): Belgium and Luxembourg.
        Benelux = "benelux",
        /// Treaty between the Netherlands and Germany on police cooperation (Enschede, 2005).
        NetherlandsGermany = "netherlands_germany",
        /// Council Decision 2008/615/JHA arts. 17–18: other EU member states.
        PrumDecision = "prum_decision",
        /// No treaty regime known: an agreement in the registry must provide one.
        Other = "other",
    }
}

impl Regime {
    pub fn for_partner(partner: &str) -> Regime {
        match partner {
            "BE" | "LU" => Regime::Benelux,
            "DE" => Regime::NetherlandsGermany,
            p if EU_MEMBER_STATES.contains(&p) => Regime::PrumDecision,
            _ => Regime::Other,
        }
    }

    /// The treaty articles a request under this regime answers to, for people.
    pub fn articles(self) -> &'static str {
        match self {
            Regime::Benelux => "Benelux-politieverdrag art. 18, 46 en 51",
            Regime::NetherlandsGermany => "Verdrag Nederland–Duitsland politiesamenwerking (2005)",
            Regime::PrumDecision => "Besluit 2008/615/JBZ art. 17–18",
            Regime::Other => "—",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapabilityInput {
    pub capability: String,
    /// Units: vehicles, teams, dogs, officers.
    #[serde(deserialize_with = "crate::number::u32")]
    pub quantity: u32,
    /// People who come with them (crews, handlers); 0 for people-only capabilities.
    #[serde(default, deserialize_with = "crate::number::u32")]
    pub personnel: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapabilityLine {
    pub capability: Capability,
    pub quantity: u32,
    pub personnel: u32,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssistanceInput {
    pub direction: String,
    /// The partner state (ISO code).
    pub partner: String,
    /// The event or crisis, e.g. "UEFA Euro 2024".
    pub event: String,
    /// Where: city or region.
    #[serde(default)]
    pub place: Option<String>,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub capabilities: Vec<CapabilityInput>,
    /// Its status now; may be left empty when `status_history` is given.
    #[serde(default)]
    pub status: String,
    /// The date the status took effect; default: the decision date for "decided", the start
    /// for "deployed", the end for "completed", the report date for "reported", else today.
    #[serde(default)]
    pub status_from: Option<String>,
    #[serde(default)]
    pub status_note: Option<String>,
    /// The whole history of statuses, replacing the recorded one.
    #[serde(default)]
    pub status_history: Option<Vec<StatusChangeInput>>,
    /// Nature of the assistance (Benelux art. 18).
    #[serde(default)]
    pub nature: Option<String>,
    /// Objective of the assistance (Benelux art. 18).
    #[serde(default)]
    pub objective: Option<String>,
    /// Inventory of equipment lent (Benelux art. 18).
    #[serde(default)]
    pub inventory: Option<String>,
    /// The agreement that is the legal basis; left empty, the only one that fits is taken.
    #[serde(default)]
    pub legal_basis: Option<String>,
    /// A working arrangement under the legal basis whose terms apply (e.g. NL–BE, March 2024).
    #[serde(default)]
    pub working_arrangement: Option<String>,
    #[serde(default)]
    pub decision_date: Option<String>,
    /// Reference and reasons of the written decision.
    #[serde(default)]
    pub decision: Option<String>,
    /// Date and reference of the report after the operation (Benelux art. 46).
    #[serde(default)]
    pub report_date: Option<String>,
    #[serde(default)]
    pub report_reference: Option<String>,
    /// Costs in whole euros, once known.
    #[serde(default, deserialize_with = "crate::number::optional_i64")]
    pub costs_eur: Option<i64>,
    #[serde(default)]
    pub settlement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assistance {
    pub direction: Direction,
    pub partner: String,
    pub regime: Regime,
    pub event: String,
    pub place: Option<String>,
    pub period: Period,
    pub capabilities: Vec<CapabilityLine>,
    /// The last status of its history.
    pub status: AssistanceStatus,
    /// Its statuses in valid time: assistance in July is not settled in April.
    pub status_history: StatusHistory<AssistanceStatus>,
    pub nature: Option<String>,
    pub objective: Option<String>,
    pub inventory: Option<String>,
    pub legal_basis: Option<String>,
    pub working_arrangement: Option<String>,
    pub decision_date: Option<Date>,
    pub decision: Option<String>,
    pub report_date: Option<Date>,
    pub report_reference: Option<String>,
    pub costs_eur: Option<i64>,
    pub settlement: Settlement,
}

fn missing(field: &str, why: impl Into<String>) -> Violation {
    Violation::at("required_by_rule", field, why)
}

impl Assistance {
    /// People and units in all, for overviews and charts.
    pub fn personnel(&self) -> u32 {
        self.capabilities
            .iter()
            .map(|c| {
                if c.personnel > 0 {
                    c.personnel
                } else {
                    c.quantity
                }
            })
            .sum()
    }

    /// A short description of what was lent: "2 × water_cannon (18), 4 × ...".
    pub fn capability_codes(&self) -> Vec<String> {
        self.capabilities
            .iter()
            .map(|c| format!("{} × {}", c.quantity, c.capability))
            .collect()
    }
}

/// The fields that a request at `status` under `regime` still lacks.
fn check_required_for_status(a: &Assistance) -> Invalid<()> {
    use AssistanceStatus as S;
    let at_least = |s: AssistanceStatus| a.status >= s;
    let benelux = a.regime == Regime::Benelux;
    let mut checks = Checks::new();
    let mut lacks = |field: &str, why: &str| checks.refuse(missing(field, why));
    if at_least(S::Requested) {
        if a.capabilities.is_empty() {
            lacks(
                "capabilities",
                "a request says what is asked: at least one capability with its quantity",
            );
        }
        if benelux && a.nature.is_none() {
            lacks(
                "nature",
                "the Benelux police treaty (art. 18) asks for the nature of the assistance",
            );
        }
        if benelux && a.objective.is_none() {
            lacks(
                "objective",
                "the Benelux police treaty (art. 18) asks for the objective of the assistance",
            );
        }
        if benelux && a.period.end.is_none() {
            lacks(
                "end",
                "the Benelux police treaty (art. 18) asks for the duration: give an end date",
            );
        }
        if benelux
            && a.capabilities.iter().any(|c| c.capability.equipment())
            && a.inventory.is_none()
        {
            lacks(
                "inventory",
                "equipment lent under the Benelux police treaty (art. 18) needs an inventory list",
            );
        }
    }
    if at_least(S::Decided) {
        if a.decision_date.is_none() {
            lacks("decision_date", "a decided request has a decision date");
        }
        if benelux && a.decision.is_none() {
            lacks(
                "decision",
                "the Benelux police treaty asks for a reasoned written decision: give its reference and reasons",
            );
        }
    }
    // Once: a Benelux request has already been told to give its end.
    let end_asked = at_least(S::Requested) && benelux;
    if at_least(S::Completed) && a.period.end.is_none() && !end_asked {
        lacks("end", "completed assistance has an end date");
    }
    if at_least(S::Reported) && benelux && a.report_date.is_none() {
        lacks(
            "report_date",
            "the Benelux police treaty (art. 46) asks for a report after the operation",
        );
    }
    if at_least(S::Settled) && a.costs_eur.is_none() {
        lacks(
            "costs_eur",
            "settled assistance states its costs (0 when each party bore its own)",
        );
    }
    checks.finish(|| Some(()))
}

/// The revised status history of a request whose period and dates are valid: the dates imply
/// when it was decided, deployed, completed and reported, and no step lies before the event.
fn revise_status(
    input: &AssistanceInput,
    revision: &Revision<'_, Assistance>,
    period: Period,
    decision_date: Option<Date>,
    report_date: Option<Date>,
) -> Invalid<Revised<AssistanceStatus>> {
    let revised = revise(
        revision.previous.map(|a| &a.status_history),
        status_request(
            &input.status,
            &input.status_from,
            &input.status_note,
            &input.status_history,
        ),
        revision.today,
        |status| match status {
            AssistanceStatus::Decided => decision_date,
            AssistanceStatus::Deployed => Some(period.start),
            AssistanceStatus::Completed => Some(period.end.unwrap_or(period.start)),
            AssistanceStatus::Reported => report_date,
            _ => None,
        },
    )?;
    // An event is deployed from its start, and over only once it has ended.
    revised.not_before(
        &[AssistanceStatus::Deployed],
        Some(period.start),
        "before_start",
        |c, start| {
            format!(
                "assistance starting on {start} cannot be '{}' from {}",
                c.status, c.from
            )
        },
    )?;
    revised.not_before(
        &[
            AssistanceStatus::Completed,
            AssistanceStatus::Reported,
            AssistanceStatus::Settled,
        ],
        Some(period.end.unwrap_or(period.start)),
        "before_end",
        |c, end| {
            format!(
                "assistance ending on {end} cannot be '{}' from {}",
                c.status, c.from
            )
        },
    )?;
    Ok(revised)
}

/// An optional narrative text (the inventory, the decision).
fn optional_long_text(field: &str, value: Option<&str>) -> Invalid<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => long_text(field, text).map(Some),
    }
}

impl Instrument for Assistance {
    const KIND: &'static str = "assistance";
    const HAS_STATUS: bool = true;
    type Input = AssistanceInput;

    fn validate(
        input: &AssistanceInput,
        revision: &Revision<'_, Assistance>,
    ) -> Invalid<Assistance> {
        let mut checks = Checks::new();
        // Assistance is lent between states.
        let partner = input.partner.trim().to_uppercase();
        if crate::countries::country(&partner).is_none() {
            checks.refuse(Violation::at(
                "unknown_country",
                "partner",
                format!(
                    "{} is not an ISO 3166-1 country code",
                    crate::text::echo(input.partner.trim())
                ),
            ));
        }
        let regime = Regime::for_partner(&partner);
        let period = checks.check(Period::parse(
            "start",
            &input.start,
            "end",
            input.end.as_deref(),
        ));
        let mut capabilities = Vec::new();
        for (i, c) in input.capabilities.iter().enumerate() {
            let capability = checks.check(Capability::parse(
                &format!("capabilities[{i}].capability"),
                &c.capability,
            ));
            if c.quantity == 0 {
                checks.refuse(Violation::at(
                    "invalid_number",
                    format!("capabilities[{i}].quantity"),
                    "the quantity is at least 1",
                ));
            }
            capabilities.extend(capability.map(|capability| CapabilityLine {
                capability,
                quantity: c.quantity,
                personnel: c.personnel,
            }));
        }
        let working_arrangement = input
            .working_arrangement
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        // Benelux art. 51: each party bears its own costs unless an arrangement says otherwise.
        let settlement = match input.settlement.as_deref().map(str::trim) {
            None | Some("") if working_arrangement.is_some() => Some(Settlement::PerArrangement),
            None | Some("") => Some(Settlement::OwnCosts),
            Some(code) => checks.check(Settlement::parse("settlement", code)),
        };
        if settlement == Some(Settlement::PerArrangement) && working_arrangement.is_none() {
            checks.refuse(missing(
                "working_arrangement",
                "costs settled per arrangement need the working arrangement that sets them",
            ));
        }
        if let Some(costs) = input.costs_eur
            && costs < 0
        {
            checks.refuse(Violation::at(
                "invalid_number",
                "costs_eur",
                "costs cannot be negative",
            ));
        }
        let decision_date = checks.check(optional_date(
            "decision_date",
            input.decision_date.as_deref(),
        ));
        let report_date = checks.check(optional_date("report_date", input.report_date.as_deref()));
        if let (Some(Some(report)), Some(Period { end: Some(end), .. })) = (report_date, period)
            && report < end
        {
            checks.refuse(Violation::at(
                "report_before_end",
                "report_date",
                "the report follows the operation: it cannot be dated before its end",
            ));
        }
        // The status history reads the dates: it is checked once they are valid.
        let revised =
            match (period, decision_date, report_date) {
                (Some(period), Some(decision_date), Some(report_date)) => checks.check(
                    revise_status(input, revision, period, decision_date, report_date),
                ),
                _ => None,
            };
        let status = revised
            .as_ref()
            .map(|r| r.latest().unwrap_or(AssistanceStatus::Draft));
        let direction = checks.check(Direction::parse("direction", &input.direction));
        let event = checks.check(required_text("event", &input.event));
        let place = checks.check(optional_text("place", input.place.as_deref()));
        let nature = checks.check(optional_text("nature", input.nature.as_deref()));
        let objective = checks.check(optional_text("objective", input.objective.as_deref()));
        let inventory = checks.check(optional_long_text("inventory", input.inventory.as_deref()));
        let decision = checks.check(optional_long_text("decision", input.decision.as_deref()));
        let report_reference = checks.check(optional_text(
            "report_reference",
            input.report_reference.as_deref(),
        ));
        let assistance = checks.finish(|| {
            Some(Assistance {
                direction: direction?,
                partner,
                regime,
                event: event?,
                place: place?,
                period: period?,
                capabilities,
                status: status?,
                status_history: revised?.history(),
                nature: nature?,
                objective: objective?,
                inventory: inventory?,
                legal_basis: input
                    .legal_basis
                    .as_deref()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string),
                working_arrangement,
                decision_date: decision_date?,
                decision: decision?,
                report_date: report_date?,
                report_reference: report_reference?,
                costs_eur: input.costs_eur,
                settlement: settlement?,
            })
        })?;
        // What the status asks for reads the whole record: checked once the fields are valid.
        check_required_for_status(&assistance)?;
        Ok(assistance)
    }

    fn label(&self) -> String {
        format!("{} ({})", self.event, self.partner)
    }

    fn partners(&self) -> Vec<String> {
        vec![self.partner.clone()]
    }

    fn period(&self) -> Option<Period> {
        Some(self.period)
    }

    fn status_on(&self, date: jiff::civil::Date) -> Option<(&'static str, jiff::civil::Date)> {
        code_on(&self.status_history, date)
    }
}

/// The candidates to choose from: a treaty with the partner itself goes before an EU
/// instrument (the Benelux and NL–DE treaties are the special law; Council Decision
/// 2008/615/JHA serves where no closer treaty exists).
fn preferred<'a>(candidates: &[&'a (String, Agreement)]) -> Vec<&'a (String, Agreement)> {
    let bilateral: Vec<&(String, Agreement)> = candidates
        .iter()
        .copied()
        .filter(|(_, a)| !a.parties.iter().any(|p| p == "EU"))
        .collect();
    if bilateral.is_empty() {
        candidates.to_vec()
    } else {
        bilateral
    }
}

/// Settles the legal basis of a request against the agreements registry: the agreements that
/// allow assistance with the partner on the first day. A draft may lack one; from "requested"
/// on, the request names one of them — or, when exactly one fits, that one is taken. A working
/// arrangement must implement the legal basis.
pub fn check_legal_basis(
    assistance: &mut Assistance,
    agreements: &[(String, Agreement)],
    implements: impl Fn(&str) -> Option<String>,
) -> Invalid<()> {
    // The one rule of `agreements::assess`: a working arrangement sets terms under a treaty and
    // is no basis itself; a treaty or EU instrument is one while it applies.
    let candidates: Vec<&(String, Agreement)> = agreements
        .iter()
        .filter(|(_, a)| {
            a.allows(
                ExchangeKind::Assistance,
                &assistance.partner,
                assistance.period.start,
            )
        })
        .collect();
    let names = || {
        candidates
            .iter()
            .map(|(_, a)| a.title.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    match &assistance.legal_basis {
        Some(id) => {
            if !candidates.iter().any(|(cid, _)| cid == id) {
                let why = if candidates.is_empty() {
                    format!(
                        "no agreement in the registry allows assistance with {} on {}",
                        assistance.partner, assistance.period.start
                    )
                } else {
                    format!(
                        "that agreement does not allow assistance with {} on {}; these do: {}",
                        assistance.partner,
                        assistance.period.start,
                        names()
                    )
                };
                return Err(Violation::at("no_legal_basis", "legal_basis", why));
            }
        }
        None if assistance.status == AssistanceStatus::Draft => {}
        None => match preferred(&candidates).as_slice() {
            [(only, _)] => assistance.legal_basis = Some(only.clone()),
            [] => {
                return Err(Violation::at(
                    "no_legal_basis",
                    "legal_basis",
                    format!(
                        "no agreement in the registry allows assistance with {} on {} ({}); record the treaty first",
                        assistance.partner,
                        assistance.period.start,
                        assistance.regime.articles()
                    ),
                ));
            }
            _ => {
                return Err(Violation::at(
                    "choose_legal_basis",
                    "legal_basis",
                    format!(
                        "several agreements allow this assistance; choose one: {}",
                        names()
                    ),
                ));
            }
        },
    }
    if let Some(arrangement) = &assistance.working_arrangement {
        let parent = implements(arrangement);
        let fits = parent.is_some() && parent == assistance.legal_basis;
        let is_arrangement = agreements
            .iter()
            .any(|(id, a)| id == arrangement && a.kind == AgreementKind::WorkingArrangement);
        if !is_arrangement || !fits {
            return Err(Violation::at(
                "unrelated_arrangement",
                "working_arrangement",
                "the working arrangement must be one that implements the legal basis",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreements::{AgreementInput, validate_agreement};

    fn today() -> jiff::civil::Date {
        "2026-03-16".parse().unwrap()
    }

    fn validate(input: &AssistanceInput) -> Invalid<Assistance> {
        Assistance::validate(input, &Revision::new(today()))
    }

    fn request(partner: &str, status: &str) -> AssistanceInput {
        AssistanceInput {
            direction: "requested".into(),
            partner: partner.into(),
            event: "Demonstratie Den Haag".into(),
            start: "2024-03-09".into(),
            end: Some("2024-03-09".into()),
            capabilities: vec![CapabilityInput {
                capability: "water_cannon".into(),
                quantity: 2,
                personnel: 8,
            }],
            status: status.into(),
            nature: Some("waterwerpers met bemanning".into()),
            objective: Some("handhaving openbare orde".into()),
            inventory: Some("2 waterwerpers WAWE 10".into()),
            decision_date: Some("2024-03-05".into()),
            decision: Some("Besluit 2024/17: onvoldoende eigen middelen".into()),
            report_date: Some("2024-03-20".into()),
            costs_eur: Some(0),
            ..Default::default()
        }
    }

    fn agreement(title: &str, kind: &str, parties: &[&str], in_force: &str) -> Agreement {
        // A working arrangement is no legal basis of its own (it implements the treaty).
        let bases = if kind == "working_arrangement" {
            vec![]
        } else {
            vec!["assistance".into()]
        };
        validate_agreement(
            &AgreementInput {
                title: title.into(),
                kind: kind.into(),
                status: "in_force".into(),
                parties: parties.iter().map(|p| p.to_string()).collect(),
                subject: "police cooperation".into(),
                signed: Some(in_force.into()),
                in_force: Some(in_force.into()),
                legal_basis_for: bases,
                ..Default::default()
            },
            &Revision::new(today()),
        )
        .unwrap()
    }

    fn registry() -> Vec<(String, Agreement)> {
        vec![
            (
                "benelux".into(),
                agreement(
                    "Benelux-politieverdrag",
                    "treaty",
                    &["BE", "LU"],
                    "2023-10-01",
                ),
            ),
            (
                "nl-be-2024".into(),
                agreement(
                    "Werkafspraak NL–BE",
                    "working_arrangement",
                    &["BE"],
                    "2024-03-01",
                ),
            ),
            (
                "enschede".into(),
                agreement("Verdrag NL–DE", "treaty", &["DE"], "2006-06-01"),
            ),
            (
                "prum".into(),
                agreement(
                    "Besluit 2008/615/JBZ",
                    "eu_instrument",
                    &["EU"],
                    "2008-08-26",
                ),
            ),
        ]
    }

    fn parent(id: &str) -> Option<String> {
        (id == "nl-be-2024").then(|| "benelux".to_string())
    }

    #[test]
    fn the_regime_follows_the_partner() {
        assert_eq!(Regime::for_partner("BE"), Regime::Benelux);
        assert_eq!(Regime::for_partner("LU"), Regime::Benelux);
        assert_eq!(Regime::for_partner("DE"), Regime::NetherlandsGermany);
        assert_eq!(Regime::for_partner("FR"), Regime::PrumDecision);
        assert_eq!(Regime::for_partner("GB"), Regime::Other);
    }

    #[test]
    fn a_benelux_request_holds_what_article_18_asks_for() {
        for (field, clear) in [
            (
                "nature",
                (|i: &mut AssistanceInput| i.nature = None) as fn(&mut AssistanceInput),
            ),
            ("objective", |i| i.objective = None),
            ("end", |i| i.end = None),
            ("inventory", |i| i.inventory = None),
        ] {
            let mut input = request("BE", "requested");
            clear(&mut input);
            let err = validate(&input).unwrap_err();
            assert_eq!(err.field.as_deref(), Some(field), "{err}");
            assert!(err.message.contains("art. 18"), "{err}");
            // A draft may still lack it.
            input.status = "draft".into();
            assert!(validate(&input).is_ok());
        }
        // Germany has no inventory rule.
        let mut input = request("DE", "requested");
        input.inventory = None;
        assert!(validate(&input).is_ok());
    }

    #[test]
    fn a_request_learns_every_broken_rule_at_once() {
        let mut input = request("XX", "requested");
        input.event = "".into();
        input.start = "2024-03-32".into();
        input.capabilities[0].quantity = 0;
        input.costs_eur = Some(-1);
        let err = validate(&input).unwrap_err();
        let fields: Vec<_> = err
            .all()
            .map(|v| v.field.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            fields,
            [
                "partner",
                "start",
                "capabilities[0].quantity",
                "costs_eur",
                "event"
            ]
        );
        // What the status asks for is checked once the fields are valid: all of it at once.
        let mut input = request("BE", "decided");
        input.nature = None;
        input.objective = None;
        input.decision = None;
        let err = validate(&input).unwrap_err();
        let fields: Vec<_> = err
            .all()
            .map(|v| v.field.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(fields, ["nature", "objective", "decision"]);
    }

    #[test]
    fn later_statuses_need_the_decision_the_report_and_the_costs() {
        let mut input = request("BE", "decided");
        input.decision = None;
        assert_eq!(
            validate(&input).unwrap_err().field.as_deref(),
            Some("decision")
        );
        let mut input = request("BE", "reported");
        input.report_date = None;
        let err = validate(&input).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("report_date"));
        assert!(err.message.contains("art. 46"));
        let mut input = request("DE", "reported");
        input.report_date = None;
        assert!(validate(&input).is_ok());
        let mut input = request("BE", "settled");
        input.costs_eur = None;
        assert_eq!(
            validate(&input).unwrap_err().field.as_deref(),
            Some("costs_eur")
        );
        let mut input = request("BE", "reported");
        input.report_date = Some("2024-03-01".into());
        assert_eq!(validate(&input).unwrap_err().code, "report_before_end");
    }

    #[test]
    fn assistance_in_july_is_not_settled_in_april() {
        let gent = |history: &[(&str, &str)]| AssistanceInput {
            direction: "provided".into(),
            partner: "BE".into(),
            event: "Gentse Feesten 2024".into(),
            start: "2024-07-19".into(),
            end: Some("2024-07-28".into()),
            capabilities: vec![CapabilityInput {
                capability: "joint_patrols".into(),
                quantity: 2,
                personnel: 6,
            }],
            nature: Some("Meesurveilleren".into()),
            objective: Some("Aanspreekpunt".into()),
            decision_date: Some("2024-06-10".into()),
            decision: Some("Schriftelijk besluit".into()),
            report_date: Some("2024-08-15".into()),
            costs_eur: Some(0),
            status_history: Some(
                history
                    .iter()
                    .map(|(status, from)| StatusChangeInput {
                        status: status.to_string(),
                        from: from.to_string(),
                        note: None,
                    })
                    .collect(),
            ),
            ..Default::default()
        };
        let a = validate(&gent(&[
            ("requested", "2024-04-12"),
            ("decided", "2024-06-10"),
            ("deployed", "2024-07-19"),
            ("completed", "2024-07-28"),
            ("reported", "2024-08-15"),
            ("settled", "2024-09-02"),
        ]))
        .unwrap();
        assert_eq!(a.status, AssistanceStatus::Settled);
        let on = |d: &str| a.status_history.status_on(d.parse().unwrap());
        assert_eq!(on("2024-04-11"), None);
        assert_eq!(on("2024-04-17"), Some(AssistanceStatus::Requested));
        assert_eq!(on("2024-07-20"), Some(AssistanceStatus::Deployed));
        assert_eq!(on("2024-12-31"), Some(AssistanceStatus::Settled));
        let err = validate(&gent(&[
            ("requested", "2024-04-12"),
            ("settled", "2024-04-16"),
        ]))
        .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("before_end", Some("status_history[1].from"))
        );
        let err = validate(&gent(&[
            ("decided", "2024-06-10"),
            ("deployed", "2024-07-01"),
        ]))
        .unwrap_err();
        assert_eq!(err.code, "before_start");
        // Without a history, a change takes the date the record gives for it.
        let mut plain = gent(&[]);
        plain.status_history = None;
        plain.status = "decided".into();
        let decided = validate(&plain).unwrap();
        assert_eq!(
            decided.status_history.reached(AssistanceStatus::Decided),
            "2024-06-10".parse().ok()
        );
        plain.status = "completed".into();
        let completed = Assistance::validate(&plain, &Revision::of(today(), &decided)).unwrap();
        assert_eq!(
            completed
                .status_history
                .reached(AssistanceStatus::Completed),
            "2024-07-28".parse().ok()
        );
    }

    #[test]
    fn costs_are_each_partys_own_unless_an_arrangement_applies() {
        let a = validate(&request("BE", "settled")).unwrap();
        assert_eq!(a.settlement, Settlement::OwnCosts);
        let mut input = request("BE", "settled");
        input.working_arrangement = Some("nl-be-2024".into());
        let a = validate(&input).unwrap();
        assert_eq!(a.settlement, Settlement::PerArrangement);
        let mut input = request("BE", "settled");
        input.settlement = Some("per_arrangement".into());
        assert_eq!(
            validate(&input).unwrap_err().field.as_deref(),
            Some("working_arrangement")
        );
    }

    #[test]
    fn the_legal_basis_comes_from_the_agreements_registry() {
        let agreements = registry();
        // Belgium after 1 October 2023: the Benelux treaty is taken.
        let mut a = validate(&request("BE", "requested")).unwrap();
        check_legal_basis(&mut a, &agreements, parent).unwrap();
        assert_eq!(a.legal_basis.as_deref(), Some("benelux"));
        // France: no bilateral treaty, so the Council decision.
        let mut france = request("FR", "requested");
        france.inventory = None;
        let mut a = validate(&france).unwrap();
        check_legal_basis(&mut a, &agreements, parent).unwrap();
        assert_eq!(a.legal_basis.as_deref(), Some("prum"));
        // Before the treaty entered into force only the Council decision is left for Belgium.
        let mut early = request("BE", "requested");
        early.start = "2023-06-01".into();
        early.end = Some("2023-06-02".into());
        let mut a = validate(&early).unwrap();
        check_legal_basis(&mut a, &agreements, parent).unwrap();
        assert_eq!(a.legal_basis.as_deref(), Some("prum"));
        // Without any agreement in the registry there is none.
        let mut early = request("BE", "requested");
        early.start = "2023-06-01".into();
        early.end = Some("2023-06-02".into());
        let mut a = validate(&early).unwrap();
        let err = check_legal_basis(&mut a, &agreements[..3], parent).unwrap_err();
        assert_eq!(err.code, "no_legal_basis");
        assert!(err.message.contains("art. 18"));
        // A draft may wait.
        early.status = "draft".into();
        let mut a = validate(&early).unwrap();
        assert!(check_legal_basis(&mut a, &agreements[..3], parent).is_ok());
        // Naming the wrong treaty is refused with the ones that fit.
        let mut wrong = validate(&request("BE", "requested")).unwrap();
        wrong.legal_basis = Some("enschede".into());
        let err = check_legal_basis(&mut wrong, &agreements, parent).unwrap_err();
        assert!(err.message.contains("Benelux-politieverdrag"), "{err}");
    }

    #[test]
    fn the_working_arrangement_must_implement_the_legal_basis() {
        let agreements = registry();
        let mut input = request("BE", "requested");
        input.working_arrangement = Some("nl-be-2024".into());
        let mut a = validate(&input).unwrap();
        check_legal_basis(&mut a, &agreements, parent).unwrap();
        input.partner = "DE".into();
        let mut a = validate(&input).unwrap();
        assert_eq!(
            check_legal_basis(&mut a, &agreements, parent)
                .unwrap_err()
                .code,
            "unrelated_arrangement"
        );
    }

    #[test]
    fn a_capability_needs_a_known_kind_and_a_quantity() {
        let mut input = request("FR", "requested");
        input.capabilities.push(CapabilityInput {
            capability: "dogs".into(),
            quantity: 4,
            personnel: 4,
        });
        assert_eq!(
            validate(&input).unwrap_err().field.as_deref(),
            Some("capabilities[1].capability")
        );
        input.capabilities[1].capability = "explosives_detection_dogs".into();
        input.capabilities[1].quantity = 0;
        assert_eq!(
            validate(&input).unwrap_err().field.as_deref(),
            Some("capabilities[1].quantity")
        );
        input.capabilities[1].quantity = 4;
        let a = validate(&input).unwrap();
        assert_eq!(a.personnel(), 12);
        assert_eq!(a.regime, Regime::PrumDecision);
    }
}
