//! The SPOC desk's registers beside its cases and the rules that use them: the languages each
//! partner accepts (Art 11, SPOC-08), the consent of the states information came from
//! (Art 6(1)(h); Benelux treaty arts 9–11, BNL-01), the written confirmation of an oral
//! Benelux request (BNL-02), the on-call judicial contacts (Art 14(3), SPOC-15) and the
//! transfer assessment before anything goes to a third country (Directive (EU) 2016/680
//! Arts 35–38, Wpg art. 17a; LED-03). Each input is read strictly, its errors naming the field.

use crate::error::{Invalid, Violation};
use crate::spoc::case::ConsentState;
use crate::spoc::intake::{SPOC_STATES, check_not_future};
use crate::spoc::message::{MAX_LIST, MAX_SHORT, MAX_TEXT, check_short, check_state, read_at};
use crate::spoc::vocabulary::{Language, check_text, first_repeat};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The languages a partner accepts besides English (`PUT /api/v1/spoc/languages/{partner}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguagesInput {
    pub languages: Vec<Language>,
}

impl LanguagesInput {
    pub fn read(value: Value) -> Invalid<LanguagesInput> {
        read_at(value, "")
    }

    pub fn check(&self) -> Invalid<()> {
        if self.languages.len() > MAX_LIST {
            return Err(Violation::at(
                "too_many",
                "languages",
                format!("at most {MAX_LIST} languages"),
            ));
        }
        if let Some(i) = first_repeat(&self.languages) {
            return Err(Violation::at(
                "repeated",
                format!("languages[{i}]"),
                "each language once",
            ));
        }
        Ok(())
    }
}

/// A state information on a case came from, and where its consent stands
/// (`POST …/{id}/consent`). `consent` absent: the origin is noted, consent not yet asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentState>,
    /// When consent was asked or answered, if recorded afterwards; default now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

impl ConsentInput {
    pub fn read(value: Value) -> Invalid<ConsentInput> {
        read_at(value, "")
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        check_state(&self.state, "state")?;
        if self.state == "NL" {
            return Err(Violation::at(
                "own_state",
                "state",
                "information of the Netherlands' own services needs no foreign consent",
            ));
        }
        check_not_future(self.at, now, "at")
    }
}

/// BNL-01: the consent per state as the register holds it, overridden by what an answer's
/// input states for the same state (a consent recorded with the answer).
pub fn effective_consent<'a>(
    register: &'a [(String, Option<ConsentState>)],
    stated: &'a [(String, ConsentState)],
) -> Vec<(&'a str, Option<ConsentState>)> {
    let mut all: Vec<(&str, Option<ConsentState>)> = stated
        .iter()
        .map(|(state, consent)| (state.as_str(), Some(*consent)))
        .collect();
    for (state, consent) in register {
        if !all.iter().any(|(s, _)| s == state) {
            all.push((state.as_str(), *consent));
        }
    }
    all.sort_unstable();
    all
}

/// The written confirmation of an oral request (`POST …/{id}/oral-confirmation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OralConfirmationInput {
    /// When the confirmation was received (or, for our oral request, sent); default now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

impl OralConfirmationInput {
    pub fn read(value: Value) -> Invalid<OralConfirmationInput> {
        read_at(value, "")
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        check_not_future(self.at, now, "at")
    }
}

/// The longest single duty a judicial contact is recorded for: a roster is entered week by
/// week or month by month, not for ever.
pub const MAX_DUTY: SignedDuration = SignedDuration::from_hours(24 * 92);

/// Who can give a judicial authorisation, and when (SPOC-15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudicialContactInput {
    pub name: String,
    /// The office: "Officier van justitie, Landelijk Parket", "Rechter-commissaris, Rb. Den Haag".
    pub authority: String,
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub on_call_from: Timestamp,
    pub on_call_until: Timestamp,
}

impl JudicialContactInput {
    pub fn read(value: Value) -> Invalid<JudicialContactInput> {
        read_at(value, "")
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        check_short(&self.name, "name", true)?;
        check_short(&self.authority, "authority", true)?;
        check_short(&self.phone, "phone", true)?;
        if !self
            .phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c))
            || !self.phone.chars().any(|c| c.is_ascii_digit())
        {
            return Err(Violation::at(
                "not_a_phone_number",
                "phone",
                "a telephone number: digits, spaces, +, - and brackets",
            ));
        }
        if let Some(email) = &self.email {
            check_short(email, "email", true)?;
            let mut parts = email.split('@');
            let (local, domain) = (parts.next(), parts.next());
            if parts.next().is_some()
                || local.is_none_or(str::is_empty)
                || !domain.is_some_and(|d| d.contains('.') && !d.starts_with('.'))
                || email.contains(char::is_whitespace)
            {
                return Err(Violation::at(
                    "not_an_email_address",
                    "email",
                    "an e-mail address such as piket@om.nl",
                ));
            }
        }
        if self.on_call_until <= self.on_call_from {
            return Err(Violation::at(
                "period_reversed",
                "on_call_until",
                "the duty ends after it begins",
            ));
        }
        if self.on_call_until.duration_since(self.on_call_from) > MAX_DUTY {
            return Err(Violation::at(
                "duty_too_long",
                "on_call_until",
                "one duty lasts at most 92 days; enter a roster period by period",
            ));
        }
        if self.on_call_until <= now {
            return Err(Violation::at(
                "in_the_past",
                "on_call_until",
                "this duty is over already: the register holds who can be called now and later",
            ));
        }
        Ok(())
    }
}

/// The Kingdom's other countries: exchanges with them rest on the Kingdom's own arrangements
/// (the agreements registry), not on Chapter V of Directive (EU) 2016/680.
pub const KINGDOM: [&str; 3] = ["AW", "CW", "SX"];

/// LED-03: whether sending to `partner` is a transfer to a third country under Chapter V of
/// Directive (EU) 2016/680 (Wpg art. 17a), which needs a transfer assessment on the case: every
/// state that is neither a Member State nor a Schengen associated state applying Directive
/// (EU) 2023/977, nor a country of the Kingdom.
pub fn is_third_country(partner: &str) -> bool {
    partner != "NL" && !SPOC_STATES.contains(&partner) && !KINGDOM.contains(&partner)
}

codes! {
    /// The basis of a transfer under Chapter V of Directive (EU) 2016/680.
    pub enum TransferBasis ("a transfer basis") {
        /// Art 36: the Commission decided the country protects personal data adequately.
        Adequacy = "adequacy",
        /// Art 37(1)(a): a legally binding instrument with appropriate safeguards (a treaty of
        /// the agreements registry); (b): the controller's own assessment of the safeguards.
        Safeguards = "safeguards",
        /// Art 38(1): a derogation for the specific case.
        Derogation = "derogation",
    }
}

impl TransferBasis {
    pub fn article(self) -> &'static str {
        match self {
            TransferBasis::Adequacy => "Art 36 Directive (EU) 2016/680",
            TransferBasis::Safeguards => "Art 37 Directive (EU) 2016/680",
            TransferBasis::Derogation => "Art 38 Directive (EU) 2016/680",
        }
    }
}

codes! {
    /// The derogations of Art 38(1) Directive (EU) 2016/680.
    pub enum Derogation ("a derogation of Art 38(1)") {
        /// (a) to protect the vital interests of the data subject or another person.
        VitalInterests = "a",
        /// (b) to safeguard legitimate interests of the data subject where national law says so.
        DataSubjectInterests = "b",
        /// (c) to prevent an immediate and serious threat to public security.
        PublicSecurity = "c",
        /// (d) in an individual case for the purposes of Art 1(1).
        IndividualCase = "d",
        /// (e) in an individual case for legal claims relating to those purposes.
        LegalClaims = "e",
    }
}

/// A transfer assessment (`POST …/{id}/transfer-assessment`), recorded before anything on the
/// case goes to a third country (LED-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferAssessmentInput {
    pub basis: TransferBasis,
    /// For `adequacy`: the Commission's decision; for `safeguards`: the id of the binding
    /// instrument in the agreements registry, or the description of the controller's own
    /// assessment of Art 37(1)(b).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    /// For `derogation`: its ground under Art 38(1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derogation: Option<Derogation>,
    /// Why the transfer is necessary, for this case.
    pub necessity: String,
    /// Who decided (name and function): Wpg art. 17a asks for the competent authority's
    /// decision, not the operator's.
    pub decided_by: String,
    /// When it was decided, if recorded afterwards; default now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
}

impl TransferAssessmentInput {
    pub fn read(value: Value) -> Invalid<TransferAssessmentInput> {
        read_at(value, "")
    }

    pub fn check(&self, now: Timestamp) -> Invalid<()> {
        match (self.basis, &self.instrument, self.derogation) {
            (TransferBasis::Adequacy | TransferBasis::Safeguards, None, _) => {
                return Err(Violation::at(
                    "instrument_required",
                    "instrument",
                    match self.basis {
                        TransferBasis::Adequacy => {
                            "the Commission's adequacy decision (Art 36) the transfer rests on"
                        }
                        _ => {
                            "the binding instrument from the agreements registry (its id), or the assessment of the safeguards (Art 37)"
                        }
                    },
                ));
            }
            (TransferBasis::Adequacy | TransferBasis::Safeguards, _, Some(_)) => {
                return Err(Violation::at(
                    "not_a_derogation",
                    "derogation",
                    "a derogation of Art 38(1) is a basis of its own: choose basis 'derogation'",
                ));
            }
            (TransferBasis::Derogation, _, None) => {
                return Err(Violation::at(
                    "derogation_required",
                    "derogation",
                    "the ground of Art 38(1) Directive (EU) 2016/680: a, b, c, d or e",
                ));
            }
            _ => {}
        }
        if let Some(instrument) = &self.instrument {
            check_text(instrument, "instrument", MAX_SHORT * 2, true)?;
        }
        check_text(&self.necessity, "necessity", MAX_TEXT, true)?;
        check_short(&self.decided_by, "decided_by", true)?;
        check_not_future(self.decided_at, now, "decided_at")
    }
}

/// A language list as the register stores it: codes, sorted, English left out (it is always
/// accepted).
pub fn stored_languages(languages: &[Language]) -> Vec<String> {
    let mut codes: Vec<String> = languages
        .iter()
        .filter(|l| **l != Language::ENGLISH)
        .map(|l| l.to_string())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> Timestamp {
        "2026-05-01T10:00:00Z".parse().unwrap()
    }

    fn field_of(result: Invalid<()>) -> String {
        result.unwrap_err().field.unwrap_or_default()
    }

    #[test]
    fn third_countries_need_a_transfer_assessment_led_03() {
        for partner in ["US", "MA", "TR", "GB", "RS"] {
            assert!(is_third_country(partner), "{partner}");
        }
        for partner in ["BE", "DE", "NO", "CH", "IS", "LI", "AW", "CW", "SX", "NL"] {
            assert!(!is_third_country(partner), "{partner}");
        }
    }

    #[test]
    fn a_transfer_assessment_names_what_its_basis_needs_led_03() {
        let read = |v: Value| TransferAssessmentInput::read(v).unwrap();
        let base = json!({"basis": "derogation", "derogation": "c", "necessity": "threat of an attack", "decided_by": "mr. A. de Vries, OvJ"});
        assert!(read(base.clone()).check(now()).is_ok());
        let mut no_ground = base.clone();
        no_ground.as_object_mut().unwrap().remove("derogation");
        assert_eq!(field_of(read(no_ground).check(now())), "derogation");
        let adequacy = json!({"basis": "adequacy", "necessity": "x", "decided_by": "y"});
        assert_eq!(field_of(read(adequacy).check(now())), "instrument");
        let mixed = json!({"basis": "safeguards", "instrument": "abc", "derogation": "a", "necessity": "x", "decided_by": "y"});
        assert_eq!(field_of(read(mixed).check(now())), "derogation");
        let blank = json!({"basis": "safeguards", "instrument": "abc", "necessity": "  ", "decided_by": "y"});
        assert_eq!(field_of(read(blank).check(now())), "necessity");
        let unknown = TransferAssessmentInput::read(
            json!({"basis": "mou", "necessity": "x", "decided_by": "y"}),
        );
        assert_eq!(unknown.unwrap_err().field.as_deref(), Some("basis"));
    }

    #[test]
    fn consent_stated_with_an_answer_wins_over_the_register_bnl_01() {
        let register = vec![
            ("DE".to_string(), Some(ConsentState::Requested)),
            ("FR".to_string(), None),
        ];
        let stated = vec![("DE".to_string(), ConsentState::Given)];
        assert_eq!(
            effective_consent(&register, &stated),
            vec![("DE", Some(ConsentState::Given)), ("FR", None)]
        );
    }

    #[test]
    fn a_judicial_contact_is_checked_field_by_field_spoc_15() {
        let read = |v: Value| JudicialContactInput::read(v).unwrap();
        let good = json!({"name": "mr. J. Bakker", "authority": "Officier van justitie, Landelijk Parket", "phone": "+31 70 123 4567", "email": "piket@om.nl", "on_call_from": "2026-05-01T08:00:00+02:00", "on_call_until": "2026-05-08T08:00:00+02:00"});
        assert!(read(good.clone()).check(now()).is_ok());
        let mut bad_phone = good.clone();
        bad_phone["phone"] = json!("call me");
        assert_eq!(field_of(read(bad_phone).check(now())), "phone");
        let mut bad_mail = good.clone();
        bad_mail["email"] = json!("piket@om");
        assert_eq!(field_of(read(bad_mail).check(now())), "email");
        let mut reversed = good.clone();
        reversed["on_call_until"] = json!("2026-04-30T08:00:00+02:00");
        assert_eq!(field_of(read(reversed).check(now())), "on_call_until");
        let mut over = good;
        over["on_call_from"] = json!("2026-04-01T08:00:00+02:00");
        over["on_call_until"] = json!("2026-04-08T08:00:00+02:00");
        assert_eq!(field_of(read(over).check(now())), "on_call_until");
    }

    #[test]
    fn english_is_never_stored_and_languages_are_listed_once_spoc_08() {
        let input = LanguagesInput::read(json!({"languages": ["de", "en", "fr"]})).unwrap();
        assert!(input.check().is_ok());
        assert_eq!(stored_languages(&input.languages), vec!["de", "fr"]);
        let twice = LanguagesInput::read(json!({"languages": ["de", "de"]})).unwrap();
        assert_eq!(field_of(twice.check()), "languages[1]");
        assert!(LanguagesInput::read(json!({"languages": ["deu"]})).is_err());
    }
}
