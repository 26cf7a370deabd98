//! The closed lists a SPOC case is recorded in, each with the rule that ties it to the law.
//!
//! Codes are English and stable (API, store, statistics, messages); Dutch labels live in the
//! UI's locale files. The English texts here are the law's wording, shortened, for the
//! message documentation and the refusal notices.

use crate::error::{Invalid, Violation};

codes! {
    /// What kind of exchange a case is (Art 16(1)(a) and (c): every one of them is recorded).
    pub enum Direction ("a direction") {
        /// A request from another state's SPOC or designated authority, answered by us (Art 5).
        Incoming = "incoming",
        /// Our request to another state (Art 4).
        Outgoing = "outgoing",
        /// Information we provide on our own initiative (Art 7(1)).
        OwnInitiative = "own_initiative",
        /// Information another state provided to us on its own initiative (Art 7).
        OwnInitiativeReceived = "own_initiative_received",
        /// A copy received of an exchange between a designated authority and another state
        /// (Arts 4(1), 5(3) second subparagraph, 7(3) second subparagraph).
        CopyReceived = "copy_received",
    }
}

impl Direction {
    /// Whether the case is a request the Art 5(1) time limits run against for us.
    pub fn answered_by_us(self) -> bool {
        self == Direction::Incoming
    }

    /// Whether the case's information came to us (and so is cross-checked, Art 16(1)(d)).
    pub fn received(self) -> bool {
        matches!(
            self,
            Direction::Incoming | Direction::OwnInitiativeReceived | Direction::CopyReceived
        )
    }
}

codes! {
    /// Whether a request is urgent (Art 4(4)).
    pub enum Urgency ("an urgency") {
        Urgent = "urgent",
        NonUrgent = "non_urgent",
    }
}

codes! {
    /// The grounds of Art 4(4) on which a request is urgent; an urgent request states one.
    pub enum UrgencyGround ("an urgency ground of Art 4(4)") {
        /// An immediate and serious threat to public security of a Member State.
        PublicSecurity = "public_security",
        /// An imminent threat to the life or the physical integrity of a person.
        LifeOrIntegrity = "life_or_integrity",
        /// A decision that may involve maintaining or ordering a deprivation of liberty.
        DeprivationOfLiberty = "deprivation_of_liberty",
        /// An imminent risk that the information loses its relevance if not provided urgently.
        LossOfRelevance = "loss_of_relevance",
    }
}

impl UrgencyGround {
    pub fn article(self) -> &'static str {
        match self {
            UrgencyGround::PublicSecurity => "Art 4(4)(a)",
            UrgencyGround::LifeOrIntegrity => "Art 4(4)(b)",
            UrgencyGround::DeprivationOfLiberty => "Art 4(4)(c)",
            UrgencyGround::LossOfRelevance => "Art 4(4)(d)",
        }
    }
}

/// Art 4(4): an urgent request states its ground; a non-urgent one has none (it would make a
/// reader believe it urgent).
pub fn check_urgency(urgency: Urgency, ground: Option<UrgencyGround>, field: &str) -> Invalid<()> {
    match (urgency, ground) {
        (Urgency::Urgent, None) => Err(Violation::at(
            "urgency_ground_missing",
            field,
            format!(
                "an urgent request states its ground (Art 4(4) Directive (EU) 2023/977); use one of {}",
                UrgencyGround::codes().join(", ")
            ),
        )),
        (Urgency::NonUrgent, Some(_)) => Err(Violation::at(
            "urgency_ground_not_urgent",
            field,
            "only an urgent request has an urgency ground; leave it out or mark the request urgent",
        )),
        _ => Ok(()),
    }
}

codes! {
    /// Whether the requested information is available to the SPOC directly or only through
    /// another authority or a third party (Art 2(5) and (6)).
    pub enum Availability ("an availability") {
        /// Held in a database the SPOC or a competent authority can consult directly.
        Direct = "direct",
        /// Obtainable without coercive measures from other authorities or third parties.
        Indirect = "indirect",
    }
}

codes! {
    /// The only grounds on which a request may be refused (Art 6(1)).
    pub enum RefusalGround ("a refusal ground of Art 6(1)") {
        A = "a",
        B = "b",
        C = "c",
        D = "d",
        E = "e",
        F = "f",
        G = "g",
        H = "h",
    }
}

impl RefusalGround {
    pub fn article(self) -> &'static str {
        match self {
            RefusalGround::A => "Art 6(1)(a)",
            RefusalGround::B => "Art 6(1)(b)",
            RefusalGround::C => "Art 6(1)(c)",
            RefusalGround::D => "Art 6(1)(d)",
            RefusalGround::E => "Art 6(1)(e)",
            RefusalGround::F => "Art 6(1)(f)",
            RefusalGround::G => "Art 6(1)(g)",
            RefusalGround::H => "Art 6(1)(h)",
        }
    }

    /// The ground in the Directive's words, shortened.
    pub fn text(self) -> &'static str {
        match self {
            RefusalGround::A => {
                "the requested information is not available to the requested SPOC and competent law enforcement authorities"
            }
            RefusalGround::B => "the request does not meet the requirements of Article 4",
            RefusalGround::C => "the judicial authorisation required under Article 9 was refused",
            RefusalGround::D => {
                "the information is personal data other than those in the categories of Article 10(b) (Annex II, Section B, Regulation (EU) 2016/794)"
            }
            RefusalGround::E => {
                "the information was found to be inaccurate, incomplete or no longer up to date (Article 7(2) of Directive (EU) 2016/680)"
            }
            RefusalGround::F => {
                "objective reasons show that providing it would harm essential national security interests, jeopardise an ongoing investigation or the safety of an individual, or unduly harm the protected important interests of a legal person"
            }
            RefusalGround::G => {
                "the request concerns an offence punishable by imprisonment of one year or less under the law of the requested Member State, or a matter that is not a criminal offence there"
            }
            RefusalGround::H => {
                "the information was obtained from another Member State or a third country and that state has not consented to its provision"
            }
        }
    }
}

codes! {
    /// Which of the objective reasons of Art 6(1)(f) applies; a refusal on (f) names one.
    pub enum ObjectiveReason ("a reason of Art 6(1)(f)") {
        /// (f)(i): contrary to or harming essential national security interests.
        NationalSecurity = "national_security",
        /// (f)(ii): jeopardising an ongoing investigation of a criminal offence.
        OngoingInvestigation = "ongoing_investigation",
        /// (f)(ii): jeopardising the safety of an individual.
        IndividualSafety = "individual_safety",
        /// (f)(iii): unduly harming the protected important interests of a legal person.
        LegalPersonInterests = "legal_person_interests",
    }
}

/// The longest free text of reasons a refusal, a delay or a clarification carries.
pub const MAX_REASONS_CHARS: usize = 4000;

/// A refusal of all or part of a request (Art 6(1), (2)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    pub grounds: Vec<RefusalGround>,
    /// The reasons under (f), when (f) is a ground.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objective_reasons: Vec<ObjectiveReason>,
    /// The reasons the requester is told (Art 6(2)).
    pub reasons: String,
    /// Only part refused: the rest is provided (Art 6(1) second subparagraph).
    #[serde(default)]
    pub partial: bool,
}

impl Refusal {
    /// SPOC-07: a refusal has at least one ground, each once; (f) names its reason and only
    /// (f) has one; the requester is told the reasons.
    pub fn check(&self, path: &str) -> Invalid<()> {
        let at = |field: &str| join(path, field);
        if self.grounds.is_empty() {
            return Err(Violation::at(
                "refusal_ground_missing",
                at("grounds"),
                format!(
                    "a refusal gives at least one ground of Art 6(1) Directive (EU) 2023/977: {}",
                    RefusalGround::codes().join(", ")
                ),
            ));
        }
        if let Some(i) = first_repeat(&self.grounds) {
            return Err(Violation::at(
                "refusal_ground_repeated",
                format!("{}[{i}]", at("grounds")),
                format!("the ground '{}' is given twice", self.grounds[i]),
            ));
        }
        let has_f = self.grounds.contains(&RefusalGround::F);
        if has_f && self.objective_reasons.is_empty() {
            return Err(Violation::at(
                "objective_reason_missing",
                at("objective_reasons"),
                format!(
                    "a refusal on ground (f) names which reason of Art 6(1)(f) applies: {}",
                    ObjectiveReason::codes().join(", ")
                ),
            ));
        }
        if !has_f && !self.objective_reasons.is_empty() {
            return Err(Violation::at(
                "objective_reason_without_f",
                at("objective_reasons"),
                "the reasons of Art 6(1)(f) belong to a refusal on ground (f) only",
            ));
        }
        if let Some(i) = first_repeat(&self.objective_reasons) {
            return Err(Violation::at(
                "objective_reason_repeated",
                format!("{}[{i}]", at("objective_reasons")),
                format!("the reason '{}' is given twice", self.objective_reasons[i]),
            ));
        }
        check_text(&self.reasons, &at("reasons"), MAX_REASONS_CHARS, true)
    }
}

/// Ground (g) fits a request only when no offence it concerns carries more than one year of
/// imprisonment under our law (or it is no offence here). `None` is an offence whose maximum
/// penalty was not recorded: the rule cannot be checked, so it does not object.
pub fn ground_g_fits(max_penalty_months: &[Option<u16>]) -> bool {
    max_penalty_months.iter().all(|m| m.is_none_or(|m| m <= 12))
}

codes! {
    /// The channel a communication goes over (Art 13).
    pub enum Channel ("a channel") {
        /// Europol's Secure Information Exchange Network Application: the default (Art 13(1)).
        Siena = "siena",
        /// INTERPOL's I-24/7 network.
        Interpol = "interpol",
        /// The Benelux treaty's direct police channel or a bilateral police channel.
        Bilateral = "bilateral",
        /// Encrypted e-mail.
        SecureEmail = "secure_email",
        /// Telephone (e.g. a Benelux oral request, BNL-02).
        Telephone = "telephone",
        /// Through a liaison officer.
        LiaisonOfficer = "liaison_officer",
    }
}

codes! {
    /// The exceptions of Art 13(1) under which a channel other than SIENA may be used.
    pub enum ChannelException ("an exception of Art 13") {
        /// (a) the exchange requires the involvement of third countries or international
        /// organisations, or will require it later, including through INTERPOL.
        A = "a",
        /// (b) the urgency of the request requires the temporary use of another channel.
        B = "b",
        /// (c) unexpected technical or operational incidents prevent the use of SIENA.
        C = "c",
    }
}

impl ChannelException {
    pub fn text(self) -> &'static str {
        match self {
            ChannelException::A => {
                "the exchange requires the involvement of third countries or international organisations (Art 13(1)(a))"
            }
            ChannelException::B => {
                "the urgency of the request requires the temporary use of another channel (Art 13(1)(b))"
            }
            ChannelException::C => {
                "unexpected technical or operational incidents prevent the use of SIENA (Art 13(1)(c))"
            }
        }
    }
}

/// SPOC-11: SIENA, or another channel with its Art 13 exception recorded.
pub fn check_channel(
    channel: Channel,
    exception: Option<ChannelException>,
    field: &str,
) -> Invalid<()> {
    match (channel, exception) {
        (Channel::Siena, Some(_)) => Err(Violation::at(
            "channel_exception_for_siena",
            field,
            "an Art 13 exception is recorded only for a channel other than SIENA",
        )),
        (other, None) if other != Channel::Siena => Err(Violation::at(
            "channel_exception_missing",
            field,
            format!(
                "the channel '{other}' may be used only under an exception of Art 13(1) Directive (EU) 2023/977; record which: a (third countries or international organisations involved), b (urgency), c (SIENA unavailable)"
            ),
        )),
        _ => Ok(()),
    }
}

codes! {
    /// Handling codes as SIENA and Europol use them (Art 19 Regulation (EU) 2016/794):
    /// restrictions the provider sets on the use of what it provides (SPOC-10).
    pub enum HandlingCode ("a handling code") {
        /// May be used for preventing and combating crime and any other law enforcement
        /// purpose.
        H0 = "H0",
        /// Not to be used as evidence in judicial proceedings without the provider's
        /// permission.
        H1 = "H1",
        /// Not to be disseminated without the provider's permission.
        H2 = "H2",
        /// Other restrictions apply; they are spelled out.
        H3 = "H3",
    }
}

/// The longest text of H3's other restrictions.
pub const MAX_HANDLING_CONDITIONS_CHARS: usize = 1000;

/// H0 says "no restriction" and so stands alone; H3 spells out its restrictions; each code
/// once.
pub fn check_handling(codes: &[HandlingCode], conditions: Option<&str>, path: &str) -> Invalid<()> {
    let codes_field = join(path, "handling_codes");
    let conditions_field = join(path, "handling_conditions");
    if let Some(i) = first_repeat(codes) {
        return Err(Violation::at(
            "handling_code_repeated",
            format!("{codes_field}[{i}]"),
            format!("the handling code {} is given twice", codes[i]),
        ));
    }
    if codes.contains(&HandlingCode::H0) && codes.len() > 1 {
        return Err(Violation::at(
            "handling_h0_with_restrictions",
            codes_field,
            "H0 means no restriction; it cannot be combined with H1, H2 or H3",
        ));
    }
    match (codes.contains(&HandlingCode::H3), conditions) {
        (true, None) => Err(Violation::at(
            "handling_conditions_missing",
            conditions_field,
            "H3 means other restrictions apply: spell them out",
        )),
        (false, Some(_)) => Err(Violation::at(
            "handling_conditions_without_h3",
            conditions_field,
            "restrictions spelled out belong to handling code H3",
        )),
        (true, Some(text)) => {
            check_text(text, &conditions_field, MAX_HANDLING_CONDITIONS_CHARS, true)
        }
        (false, None) => Ok(()),
    }
}

codes! {
    /// Reliability of the source, in Europol's 4x4 evaluation (Art 29 Regulation (EU)
    /// 2016/794), which SIENA carries.
    pub enum SourceReliability ("a source reliability code") {
        /// No doubt about the source's authenticity, trustworthiness and competence, or it has
        /// proved reliable in all instances.
        A = "A",
        /// A source that has in most instances proved reliable.
        B = "B",
        /// A source that has in most instances proved unreliable.
        C = "C",
        /// Reliability cannot be assessed.
        X = "X",
    }
}

codes! {
    /// Accuracy of the information, in Europol's 4x4 evaluation.
    pub enum InformationAccuracy ("an information accuracy code") {
        /// Its accuracy is not in doubt.
        Certain = "1",
        /// Known personally to the source but not to the official passing it on.
        KnownToSource = "2",
        /// Not known personally to the source but corroborated by other recorded information.
        Corroborated = "3",
        /// Not known personally to the source and not corroborated.
        Uncorroborated = "4",
    }
}

/// The 4x4 evaluation of what is provided (LED-02: quality indicators on outgoing data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    pub source: SourceReliability,
    pub information: InformationAccuracy,
}

codes! {
    /// Categories of data subjects (Art 6 Directive (EU) 2016/680, Wpg art 6b; LED-02), in the
    /// categories of Annex II, Section B, of Regulation (EU) 2016/794 that Art 10(b) of the
    /// Directive refers to.
    pub enum SubjectCategory ("a data-subject category") {
        /// Suspected of having committed or taken part in an offence.
        Suspect = "suspect",
        /// Convicted of an offence.
        Convicted = "convicted",
        /// Factual indications that they will commit an offence.
        PotentialOffender = "potential_offender",
        /// A victim of an offence.
        Victim = "victim",
        /// Facts give reason to believe they could be the victim of an offence.
        PotentialVictim = "potential_victim",
        /// A possible witness in criminal proceedings.
        Witness = "witness",
        /// A contact or associate of a suspect or convicted person.
        ContactOrAssociate = "contact_or_associate",
        /// A person who can provide information on offences (informant).
        Informant = "informant",
        /// None of these: refusal ground (d) applies to providing their data.
        Other = "other",
    }
}

impl SubjectCategory {
    /// Whether data on this subject may be provided under Art 10(b); otherwise refusal
    /// ground (d) applies.
    pub fn within_annex_ii_b(self) -> bool {
        self != SubjectCategory::Other
    }
}

/// A language code: ISO 639-1, two lower-case letters (`nl`, `en`, `fr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language([u8; 2]);

impl Language {
    pub const ENGLISH: Language = Language(*b"en");
    pub const DUTCH: Language = Language(*b"nl");
    pub const FRENCH: Language = Language(*b"fr");
    pub const GERMAN: Language = Language(*b"de");
    pub const LUXEMBOURGISH: Language = Language(*b"lb");

    pub fn parse(field: &str, value: &str) -> Invalid<Language> {
        match value.trim().as_bytes() {
            &[a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => Ok(Language([a, b])),
            _ => Err(Violation::at(
                "invalid_language",
                field,
                format!(
                    "'{}' is not a language code; write it as two lower-case letters (ISO 639-1), e.g. en, nl, fr",
                    value.trim()
                ),
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("en")
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        let text = String::deserialize(d)?;
        Language::parse("language", &text).map_err(|v| serde::de::Error::custom(v.message))
    }
}

/// The field `field` under the JSON path `path` (`""` is the root).
pub(crate) fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

/// The position of the first value that occurs earlier in the list too.
pub(crate) fn first_repeat<T: PartialEq>(items: &[T]) -> Option<usize> {
    (1..items.len()).find(|&i| items[..i].contains(&items[i]))
}

/// A free text: not blank when required, at most `max` characters, and no control characters
/// but line breaks and tabs (they would hide text from a reader of the case).
pub(crate) fn check_text(text: &str, field: &str, max: usize, required: bool) -> Invalid<()> {
    if required && text.trim().is_empty() {
        return Err(Violation::at(
            "required",
            field,
            "this text is required and may not be blank",
        ));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(Violation::at(
            "too_long",
            field,
            format!("at most {max} characters (this one has {chars})"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Violation::at(
            "control_character",
            field,
            "the text contains a control character",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_urgent_request_states_its_art_4_4_ground_and_only_an_urgent_one() {
        assert!(
            check_urgency(
                Urgency::Urgent,
                Some(UrgencyGround::LifeOrIntegrity),
                "urgency_ground"
            )
            .is_ok()
        );
        assert!(check_urgency(Urgency::NonUrgent, None, "urgency_ground").is_ok());
        let err = check_urgency(Urgency::Urgent, None, "urgency_ground").unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("urgency_ground_missing", Some("urgency_ground"))
        );
        assert!(err.message.contains("loss_of_relevance"));
        let err = check_urgency(
            Urgency::NonUrgent,
            Some(UrgencyGround::PublicSecurity),
            "urgency_ground",
        )
        .unwrap_err();
        assert_eq!(err.code, "urgency_ground_not_urgent");
        assert_eq!(UrgencyGround::DeprivationOfLiberty.article(), "Art 4(4)(c)");
    }

    fn refusal(grounds: &[RefusalGround], reasons: &[ObjectiveReason]) -> Refusal {
        Refusal {
            grounds: grounds.to_vec(),
            objective_reasons: reasons.to_vec(),
            reasons: "Zie toelichting.".into(),
            partial: false,
        }
    }

    #[test]
    fn spoc_07_a_refusal_without_a_ground_is_impossible() {
        let err = refusal(&[], &[]).check("").unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("refusal_ground_missing", Some("grounds"))
        );
        assert!(
            refusal(&[RefusalGround::A, RefusalGround::G], &[])
                .check("")
                .is_ok()
        );
        let err = refusal(&[RefusalGround::G, RefusalGround::G], &[])
            .check("body")
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("body.grounds[1]"));
    }

    #[test]
    fn ground_f_names_its_objective_reason_and_only_f_has_one() {
        let err = refusal(&[RefusalGround::F], &[]).check("").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("objective_reasons"));
        assert!(
            refusal(
                &[RefusalGround::F],
                &[ObjectiveReason::OngoingInvestigation]
            )
            .check("")
            .is_ok()
        );
        let err = refusal(&[RefusalGround::A], &[ObjectiveReason::NationalSecurity])
            .check("")
            .unwrap_err();
        assert_eq!(err.code, "objective_reason_without_f");
    }

    #[test]
    fn a_refusal_tells_its_reasons() {
        let mut r = refusal(&[RefusalGround::A], &[]);
        r.reasons = "  ".into();
        assert_eq!(r.check("").unwrap_err().field.as_deref(), Some("reasons"));
        r.reasons = "x".repeat(MAX_REASONS_CHARS + 1);
        assert_eq!(r.check("").unwrap_err().code, "too_long");
    }

    #[test]
    fn every_refusal_ground_has_its_article_and_text() {
        assert_eq!(RefusalGround::ALL.len(), 8);
        for g in RefusalGround::ALL {
            assert!(g.article().ends_with(&format!("({})", g.as_str())));
            assert!(g.text().len() > 30);
        }
        assert_eq!(
            RefusalGround::codes(),
            ["a", "b", "c", "d", "e", "f", "g", "h"]
        );
    }

    #[test]
    fn ground_g_fits_only_offences_of_at_most_one_year() {
        assert!(ground_g_fits(&[Some(12), None]));
        assert!(!ground_g_fits(&[Some(6), Some(48)]));
        assert!(ground_g_fits(&[]));
    }

    #[test]
    fn spoc_11_siena_or_another_channel_with_its_art_13_exception() {
        assert!(check_channel(Channel::Siena, None, "channel").is_ok());
        assert!(check_channel(Channel::Telephone, Some(ChannelException::B), "channel").is_ok());
        let err = check_channel(Channel::SecureEmail, None, "channel_exception").unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("channel_exception_missing", Some("channel_exception"))
        );
        assert!(
            check_channel(
                Channel::Siena,
                Some(ChannelException::C),
                "channel_exception"
            )
            .is_err()
        );
        for e in ChannelException::ALL {
            assert!(e.text().contains(&format!("13(1)({})", e.as_str())));
        }
    }

    #[test]
    fn handling_codes_h0_alone_h3_spelled_out() {
        use HandlingCode::*;
        assert!(check_handling(&[H0], None, "").is_ok());
        assert!(check_handling(&[H1, H2], None, "").is_ok());
        assert!(check_handling(&[H2, H3], Some("alleen voor het onderzoek"), "").is_ok());
        assert_eq!(
            check_handling(&[H0, H2], None, "").unwrap_err().code,
            "handling_h0_with_restrictions"
        );
        assert_eq!(
            check_handling(&[H3], None, "body")
                .unwrap_err()
                .field
                .as_deref(),
            Some("body.handling_conditions")
        );
        assert_eq!(
            check_handling(&[H1], Some("x"), "").unwrap_err().code,
            "handling_conditions_without_h3"
        );
        assert_eq!(
            check_handling(&[H1, H1], None, "")
                .unwrap_err()
                .field
                .as_deref(),
            Some("handling_codes[1]")
        );
    }

    #[test]
    fn the_4x4_evaluation_reads_and_writes_its_codes() {
        let e: Evaluation = serde_json::from_str(r#"{"source":"B","information":"2"}"#).unwrap();
        assert_eq!(
            e,
            Evaluation {
                source: SourceReliability::B,
                information: InformationAccuracy::KnownToSource
            }
        );
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"source":"B","information":"2"}"#
        );
        assert!(serde_json::from_str::<Evaluation>(r#"{"source":"D","information":"2"}"#).is_err());
    }

    #[test]
    fn data_subject_categories_outside_annex_ii_b_meet_ground_d() {
        assert!(SubjectCategory::Witness.within_annex_ii_b());
        assert!(!SubjectCategory::Other.within_annex_ii_b());
        assert_eq!(
            SubjectCategory::parse("category", "victim"),
            Ok(SubjectCategory::Victim)
        );
    }

    #[test]
    fn languages_are_two_lower_case_letters() {
        assert_eq!(Language::parse("language", " fr "), Ok(Language::FRENCH));
        for bad in ["EN", "eng", "e", "", "é1"] {
            assert_eq!(
                Language::parse("language", bad)
                    .unwrap_err()
                    .field
                    .as_deref(),
                Some("language")
            );
        }
        assert_eq!(serde_json::to_string(&Language::DUTCH).unwrap(), "\"nl\"");
    }

    #[test]
    fn directions_know_who_answers_and_what_is_cross_checked() {
        assert!(Direction::Incoming.answered_by_us());
        assert!(!Direction::Outgoing.answered_by_us());
        assert!(Direction::CopyReceived.received());
        assert!(!Direction::OwnInitiative.received());
        assert_eq!(
            Direction::parse("direction", "copy_received"),
            Ok(Direction::CopyReceived)
        );
    }

    #[test]
    fn texts_refuse_control_characters_and_blanks() {
        assert!(check_text("regel 1\nregel 2\t.", "t", 100, true).is_ok());
        assert_eq!(
            check_text("a\u{7}b", "t", 100, true).unwrap_err().code,
            "control_character"
        );
        assert!(check_text("", "t", 100, false).is_ok());
        assert_eq!(
            check_text(" ", "t", 100, true).unwrap_err().code,
            "required"
        );
    }
}
