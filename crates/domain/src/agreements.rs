//! Agreements — treaties, EU instruments, MoUs, letters of intent, working arrangements — and
//! the rule that decides which of them is a legal basis for an exchange with a partner.
//!
//! A memorandum of understanding or a letter of intent is not binding: it is never a legal
//! basis for exchanging police data. The rule lives here, once, for every caller.

use crate::countries::country;
use crate::error::{Invalid, Violation};
use crate::registry::{Period, optional_date};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The member states of the European Union (ISO 3166-1 alpha-2), for EU instruments.
pub const EU_MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    Treaty,
    /// A regulation, directive or Council decision of the EU (Prüm, Directive 2023/977 …).
    EuInstrument,
    /// Memorandum of understanding: not binding.
    Mou,
    /// Letter of intent: not binding.
    LetterOfIntent,
    /// Procedural and financial arrangements under a treaty.
    WorkingArrangement,
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 5] = [
        AgreementKind::Treaty,
        AgreementKind::EuInstrument,
        AgreementKind::Mou,
        AgreementKind::LetterOfIntent,
        AgreementKind::WorkingArrangement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementKind::Treaty => "treaty",
            AgreementKind::EuInstrument => "eu_instrument",
            AgreementKind::Mou => "mou",
            AgreementKind::LetterOfIntent => "letter_of_intent",
            AgreementKind::WorkingArrangement => "working_arrangement",
        }
    }

    pub fn parse(field: &str, value: &str) -> Invalid<AgreementKind> {
        AgreementKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| {
                Violation::at(
                    "invalid_choice",
                    field,
                    format!(
                        "{} is not a kind of agreement; use one of {}",
                        crate::text::echo(value.trim()),
                        AgreementKind::ALL.map(AgreementKind::as_str).join(", ")
                    ),
                )
            })
    }

    /// Whether an agreement of this kind binds its parties.
    pub fn binding(self) -> bool {
        !matches!(self, AgreementKind::Mou | AgreementKind::LetterOfIntent)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    Exploring,
    Negotiating,
    Signed,
    InForce,
    Ended,
}

impl AgreementStatus {
    pub const ALL: [AgreementStatus; 5] = [
        AgreementStatus::Exploring,
        AgreementStatus::Negotiating,
        AgreementStatus::Signed,
        AgreementStatus::InForce,
        AgreementStatus::Ended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStatus::Exploring => "exploring",
            AgreementStatus::Negotiating => "negotiating",
            AgreementStatus::Signed => "signed",
            AgreementStatus::InForce => "in_force",
            AgreementStatus::Ended => "ended",
        }
    }

    pub fn parse(field: &str, value: &str) -> Invalid<AgreementStatus> {
        AgreementStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == value.trim())
            .ok_or_else(|| {
                Violation::at(
                    "invalid_choice",
                    field,
                    format!(
                        "{} is not a status; use one of {}",
                        crate::text::echo(value.trim()),
                        AgreementStatus::ALL.map(AgreementStatus::as_str).join(", ")
                    ),
                )
            })
    }
}

/// A kind of cross-border exchange or operation that needs a legal basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeKind {
    /// Information requests between single points of contact (Directive (EU) 2023/977).
    InformationRequest,
    PrumDna,
    PrumDactyloscopy,
    PrumVehicle,
    Anpr,
    HotPursuit,
    CrossBorderObservation,
    JointOperation,
    /// Personnel and equipment lent across the border ("bijstand").
    Assistance,
}

impl ExchangeKind {
    pub const ALL: [ExchangeKind; 9] = [
        ExchangeKind::InformationRequest,
        ExchangeKind::PrumDna,
        ExchangeKind::PrumDactyloscopy,
        ExchangeKind::PrumVehicle,
        ExchangeKind::Anpr,
        ExchangeKind::HotPursuit,
        ExchangeKind::CrossBorderObservation,
        ExchangeKind::JointOperation,
        ExchangeKind::Assistance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeKind::InformationRequest => "information_request",
            ExchangeKind::PrumDna => "prum_dna",
            ExchangeKind::PrumDactyloscopy => "prum_dactyloscopy",
            ExchangeKind::PrumVehicle => "prum_vehicle",
            ExchangeKind::Anpr => "anpr",
            ExchangeKind::HotPursuit => "hot_pursuit",
            ExchangeKind::CrossBorderObservation => "cross_border_observation",
            ExchangeKind::JointOperation => "joint_operation",
            ExchangeKind::Assistance => "assistance",
        }
    }

    pub fn parse(field: &str, value: &str) -> Invalid<ExchangeKind> {
        ExchangeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| {
                Violation::at(
                    "invalid_choice",
                    field,
                    format!(
                        "{} is not a kind of exchange; use one of {}",
                        crate::text::echo(value.trim()),
                        ExchangeKind::ALL.map(ExchangeKind::as_str).join(", ")
                    ),
                )
            })
    }
}

/// An agreement as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementInput {
    pub title: String,
    pub kind: String,
    pub status: String,
    /// Partner codes of the parties other than the Netherlands: states (ISO codes) or `EU`.
    #[serde(default)]
    pub parties: Vec<String>,
    pub subject: String,
    #[serde(default)]
    pub signed: Option<String>,
    #[serde(default)]
    pub in_force: Option<String>,
    #[serde(default)]
    pub ended: Option<String>,
    /// The exchanges it is a legal basis for.
    #[serde(default)]
    pub legal_basis_for: Vec<String>,
    /// Id of the agreement this one implements (a working arrangement under a treaty).
    #[serde(default)]
    pub implements: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    pub title: String,
    pub kind: AgreementKind,
    pub status: AgreementStatus,
    pub parties: Vec<String>,
    pub subject: String,
    pub signed: Option<Date>,
    pub in_force: Option<Date>,
    pub ended: Option<Date>,
    pub legal_basis_for: Vec<ExchangeKind>,
}

/// Checks an agreement: a known kind, status and parties; dates that fit the status and each
/// other; and no legal basis on a non-binding agreement.
pub fn validate_agreement(input: &AgreementInput) -> Invalid<Agreement> {
    let title = crate::registry::required_text("title", &input.title)?;
    let kind = AgreementKind::parse("kind", &input.kind)?;
    let status = AgreementStatus::parse("status", &input.status)?;
    if input.parties.is_empty() {
        return Err(Violation::at(
            "required",
            "parties",
            "name at least one other party (an ISO country code or EU)",
        ));
    }
    let mut parties = Vec::new();
    for (i, party) in input.parties.iter().enumerate() {
        let code = party.trim().to_uppercase();
        if code != "EU" && country(&code).is_none() {
            return Err(Violation::at(
                "unknown_country",
                format!("parties[{i}]"),
                format!(
                    "{} is not an ISO 3166-1 country code or EU",
                    crate::text::echo(&code)
                ),
            ));
        }
        if !parties.contains(&code) {
            parties.push(code);
        }
    }
    let signed = optional_date("signed", input.signed.as_deref())?;
    let in_force = optional_date("in_force", input.in_force.as_deref())?;
    let ended = optional_date("ended", input.ended.as_deref())?;
    let needs = |date: Option<Date>, field: &'static str, what: &str| match date {
        Some(_) => Ok(()),
        None => Err(Violation::at(
            "date_required",
            field,
            format!("an agreement that is {what} needs this date"),
        )),
    };
    match status {
        AgreementStatus::Exploring | AgreementStatus::Negotiating => {}
        AgreementStatus::Signed => needs(signed, "signed", "signed")?,
        AgreementStatus::InForce => needs(in_force, "in_force", "in force")?,
        AgreementStatus::Ended => needs(ended, "ended", "ended")?,
    }
    if let (Some(signed), Some(in_force)) = (signed, in_force)
        && in_force < signed
    {
        return Err(Violation::at(
            "before_signature",
            "in_force",
            "an agreement cannot enter into force before it is signed",
        ));
    }
    if let (Some(start), Some(ended)) = (in_force.or(signed), ended)
        && ended < start
    {
        return Err(Violation::at(
            "end_before_start",
            "ended",
            "the end date lies before the agreement took effect",
        ));
    }
    let legal_basis_for = input
        .legal_basis_for
        .iter()
        .enumerate()
        .map(|(i, k)| ExchangeKind::parse(&format!("legal_basis_for[{i}]"), k))
        .collect::<Invalid<Vec<_>>>()?;
    if !kind.binding() && !legal_basis_for.is_empty() {
        return Err(Violation::at(
            "not_a_legal_basis",
            "legal_basis_for",
            format!(
                "a {} is not binding and is never a legal basis for exchanging police data; record the treaty or EU instrument that is",
                match kind {
                    AgreementKind::Mou => "memorandum of understanding",
                    _ => "letter of intent",
                }
            ),
        ));
    }
    Ok(Agreement {
        title,
        kind,
        status,
        parties,
        subject: crate::instruments::long_text("subject", &input.subject)?,
        signed,
        in_force,
        ended,
        legal_basis_for,
    })
}

impl Agreement {
    /// The period in which the agreement has legal effect, if it ever entered into force.
    pub fn in_effect(&self) -> Option<Period> {
        let start = self.in_force?;
        Some(Period {
            start,
            end: self.ended,
        })
    }

    /// Whether `partner` (an ISO code) is a party, directly or as an EU member state.
    pub fn binds(&self, partner: &str) -> bool {
        self.parties
            .iter()
            .any(|p| p == partner || (p == "EU" && EU_MEMBER_STATES.contains(&partner)))
    }

    /// Whether this agreement allows exchange `kind` with `partner` on `date`.
    pub fn allows(&self, kind: ExchangeKind, partner: &str, date: Date) -> bool {
        self.kind.binding()
            && self.legal_basis_for.contains(&kind)
            && self.binds(partner)
            && self.in_effect().is_some_and(|period| period.contains(date))
    }
}

/// The agreements that are a legal basis for exchange `kind` with `partner` on `date`.
pub fn legal_bases<'a, T>(
    agreements: &'a [(T, Agreement)],
    kind: ExchangeKind,
    partner: &str,
    date: Date,
) -> Vec<&'a (T, Agreement)> {
    agreements
        .iter()
        .filter(|(_, a)| a.allows(kind, partner, date))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(
        kind: &str,
        status: &str,
        parties: &[&str],
        in_force: Option<&str>,
        bases: &[&str],
    ) -> AgreementInput {
        AgreementInput {
            title: "t".into(),
            kind: kind.into(),
            status: status.into(),
            parties: parties.iter().map(|p| p.to_string()).collect(),
            subject: "police cooperation".into(),
            signed: Some(in_force.unwrap_or("2018-07-23").into()),
            in_force: in_force.map(Into::into),
            ended: None,
            legal_basis_for: bases.iter().map(|b| b.to_string()).collect(),
            implements: None,
        }
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn an_mou_or_letter_of_intent_is_never_a_legal_basis() {
        for kind in ["mou", "letter_of_intent"] {
            let err = validate_agreement(&input(
                kind,
                "signed",
                &["AE"],
                None,
                &["information_request"],
            ))
            .unwrap_err();
            assert_eq!(
                (err.code, err.field.as_deref()),
                ("not_a_legal_basis", Some("legal_basis_for"))
            );
            assert!(err.message.contains("never a legal basis"));
            // Without a legal basis it is a perfectly good record.
            assert!(validate_agreement(&input(kind, "signed", &["AE"], None, &[])).is_ok());
        }
    }

    #[test]
    fn the_benelux_treaty_is_a_basis_with_belgium_and_luxembourg_from_1_october_2023() {
        let benelux = validate_agreement(&input(
            "treaty",
            "in_force",
            &["BE", "LU"],
            Some("2023-10-01"),
            &["hot_pursuit", "assistance", "information_request"],
        ))
        .unwrap();
        let agreements = vec![("benelux", benelux)];
        assert_eq!(
            legal_bases(
                &agreements,
                ExchangeKind::HotPursuit,
                "BE",
                date("2024-01-01")
            )
            .len(),
            1
        );
        assert!(
            legal_bases(
                &agreements,
                ExchangeKind::HotPursuit,
                "BE",
                date("2023-09-30")
            )
            .is_empty()
        );
        assert!(
            legal_bases(
                &agreements,
                ExchangeKind::HotPursuit,
                "DE",
                date("2024-01-01")
            )
            .is_empty()
        );
        assert!(
            legal_bases(&agreements, ExchangeKind::PrumDna, "BE", date("2024-01-01")).is_empty()
        );
    }

    #[test]
    fn an_eu_instrument_binds_every_member_state_and_no_one_else() {
        let prum = validate_agreement(&input(
            "eu_instrument",
            "in_force",
            &["EU"],
            Some("2008-08-26"),
            &["prum_dna"],
        ))
        .unwrap();
        assert!(prum.allows(ExchangeKind::PrumDna, "FR", date("2024-01-01")));
        assert!(!prum.allows(ExchangeKind::PrumDna, "GB", date("2024-01-01")));
        assert!(!prum.allows(ExchangeKind::PrumDna, "CH", date("2024-01-01")));
    }

    #[test]
    fn an_ended_agreement_stops_being_a_basis() {
        let mut ended = input(
            "treaty",
            "ended",
            &["DE"],
            Some("2006-01-01"),
            &["assistance"],
        );
        ended.ended = Some("2020-12-31".into());
        let treaty = validate_agreement(&ended).unwrap();
        assert!(treaty.allows(ExchangeKind::Assistance, "DE", date("2020-12-31")));
        assert!(!treaty.allows(ExchangeKind::Assistance, "DE", date("2021-01-01")));
    }

    #[test]
    fn dates_must_fit_the_status_and_each_other() {
        let err = validate_agreement(&input("treaty", "in_force", &["BE"], None, &[])).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("date_required", Some("in_force"))
        );
        let mut early = input("treaty", "in_force", &["BE"], Some("2018-01-01"), &[]);
        early.signed = Some("2018-07-23".into());
        assert_eq!(
            validate_agreement(&early).unwrap_err().code,
            "before_signature"
        );
        let err = validate_agreement(&input("treaty", "negotiating", &["Atlantis"], None, &[]))
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("parties[0]"));
        let err = validate_agreement(&input("treaty", "negotiating", &["BE"], None, &["gossip"]))
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("legal_basis_for[0]"));
    }

    #[test]
    fn only_binding_kinds_bind() {
        assert!(AgreementKind::Treaty.binding());
        assert!(AgreementKind::WorkingArrangement.binding());
        assert!(!AgreementKind::Mou.binding());
        assert!(!AgreementKind::LetterOfIntent.binding());
    }
}
