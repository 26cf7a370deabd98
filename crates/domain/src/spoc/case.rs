//! A SPOC case's status and the transitions the law allows (SPOC-06, SPOC-07, SPOC-08,
//! BNL-01).
//!
//! An incoming request goes `received → in_progress → answered | partly_refused | refused →
//! concluded`, with `awaiting_clarification` (Art 6(3), the clock stopped) and
//! `awaiting_judicial_authorisation` (Art 5(2)) on the way. An outgoing request is `sent`
//! until the partner answers, refuses or asks for a clarification. What the law forbids is
//! refused with the reason: a refusal without a ground (Art 6(1)), an answer while judicial
//! authorisation is awaited (Art 9), a judicial delay without the notice of its length and
//! reasons (Art 5(2)(a)), passing on information from another state without its consent
//! (Art 6(1)(h), Benelux treaty arts 9–11), a reply in another language than the request's
//! (Arts 5(3), 6(4)).

use crate::error::{Invalid, Violation};
use crate::spoc::vocabulary::{Direction, Language, MAX_REASONS_CHARS, Refusal, check_text};

codes! {
    /// Where a case stands.
    pub enum Status ("a case status") {
        /// Received and not yet taken up (incoming requests, provisions and copies received).
        Received = "received",
        /// Being worked on.
        InProgress = "in_progress",
        /// A clarification is awaited (Art 6(3)): from the requester for an incoming request
        /// (the clock stopped), from us for an outgoing one.
        AwaitingClarification = "awaiting_clarification",
        /// The judicial authorisation our law requires is awaited (Arts 5(2), 9).
        AwaitingJudicialAuthorisation = "awaiting_judicial_authorisation",
        /// Our request or provision has gone to the partner.
        Sent = "sent",
        /// Answered in full (by us, or for an outgoing request by the partner).
        Answered = "answered",
        /// Part answered, part refused (Art 6(1) second subparagraph).
        PartlyRefused = "partly_refused",
        /// Refused in full.
        Refused = "refused",
        /// Done; the review of its personal data falls due 6 months later (Art 16(4)).
        Concluded = "concluded",
    }
}

impl Status {
    /// The status a new case starts in.
    pub fn initial(direction: Direction) -> Status {
        match direction {
            Direction::Incoming | Direction::OwnInitiativeReceived | Direction::CopyReceived => {
                Status::Received
            }
            Direction::Outgoing | Direction::OwnInitiative => Status::Sent,
        }
    }

    /// Whether the case is still open (on the dashboard).
    pub fn open(self) -> bool {
        !matches!(
            self,
            Status::Answered | Status::PartlyRefused | Status::Refused | Status::Concluded
        )
    }

    /// Art 18(2)(b): a request refused in part counts as answered.
    pub fn counts_as_answered(self) -> bool {
        matches!(self, Status::Answered | Status::PartlyRefused)
    }
}

codes! {
    /// What can happen to a case.
    pub enum EventKind ("a case event") {
        /// Taken up by an operator.
        Start = "start",
        /// Incoming: we ask the requester for a clarification; outgoing: the partner asks us.
        AskClarification = "ask_clarification",
        /// The clarification arrived (incoming) or was sent (outgoing).
        Clarified = "clarified",
        /// Our law requires judicial authorisation: the requester is told how long and why.
        JudicialDelay = "judicial_delay",
        /// The court or prosecutor decided on the authorisation.
        JudicialDecision = "judicial_decision",
        /// We answer in full (incoming), or the partner did (outgoing).
        Answer = "answer",
        /// We refuse in full (incoming), or the partner did (outgoing).
        Refuse = "refuse",
        /// Part answered, the rest refused.
        RefusePart = "refuse_part",
        /// Closed.
        Conclude = "conclude",
    }
}

codes! {
    /// Whether the state information came from consented to passing it on.
    pub enum ConsentState ("a consent state") {
        /// Asked for, no answer yet.
        Requested = "requested",
        Given = "given",
        Refused = "refused",
    }
}

/// Information in an answer or provision that came from another state or a third country,
/// and where its consent stands (Art 6(1)(h); Benelux treaty arts 9–11, BNL-01). `consent:
/// None` is consent not even asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin<'a> {
    /// ISO 3166-1 alpha-2 code of the state the information came from.
    pub state: &'a str,
    pub consent: Option<ConsentState>,
}

/// BNL-01, Art 6(1)(h): information from another state is passed on only with its consent.
/// Says whose consent is missing (state codes are not personal data).
pub fn check_consent(origins: &[Origin<'_>], field: &str) -> Invalid<()> {
    let list = |wanted: &dyn Fn(Option<ConsentState>) -> bool| {
        let mut states: Vec<&str> = origins
            .iter()
            .filter(|o| wanted(o.consent))
            .map(|o| o.state)
            .collect();
        states.sort_unstable();
        states.dedup();
        states
    };
    let refused = list(&|c| c == Some(ConsentState::Refused));
    if !refused.is_empty() {
        return Err(Violation::at(
            "consent_refused",
            field,
            format!(
                "{} refused consent to pass on the information that came from {}: refuse that part on ground (h) of Art 6(1) Directive (EU) 2023/977",
                refused.join(", "),
                if refused.len() == 1 { "it" } else { "them" }
            ),
        ));
    }
    let missing = list(&|c| c != Some(ConsentState::Given));
    if !missing.is_empty() {
        return Err(Violation::at(
            "consent_missing",
            field,
            format!(
                "the information from {} cannot be passed on until consent is recorded (Art 6(1)(h) Directive (EU) 2023/977; Benelux treaty arts 9–11): consent missing from {}",
                missing.join(", "),
                missing.join(", ")
            ),
        ));
    }
    Ok(())
}

/// What an answer (or the answered part of a partial refusal) provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provision<'a> {
    pub language: Language,
    pub origins: &'a [Origin<'a>],
}

/// The notice of Art 5(2)(a): how long the judicial authorisation is expected to take, and
/// why it is needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudicialDelay {
    pub expected_days: u16,
    pub reasons: String,
    pub language: Language,
}

/// The longest delay a notice can announce; a longer one is a typing error.
pub const MAX_JUDICIAL_DELAY_DAYS: u16 = 365;

impl JudicialDelay {
    /// SPOC-06: the notice states the expected length and the reasons.
    pub fn check(&self, path: &str) -> Invalid<()> {
        use crate::spoc::vocabulary::join;
        if !(1..=MAX_JUDICIAL_DELAY_DAYS).contains(&self.expected_days) {
            return Err(Violation::at(
                "judicial_delay_length",
                join(path, "expected_days"),
                format!(
                    "the requester is told the expected length of the delay: 1 to {MAX_JUDICIAL_DELAY_DAYS} days (Art 5(2)(a) Directive (EU) 2023/977)"
                ),
            ));
        }
        check_text(
            &self.reasons,
            &join(path, "reasons"),
            MAX_REASONS_CHARS,
            true,
        )
    }
}

/// An event with what the rules need to judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    Start,
    /// The language is that of our clarification request (incoming), or of the partner's.
    AskClarification {
        language: Language,
    },
    Clarified,
    JudicialDelay(&'a JudicialDelay),
    JudicialDecision {
        granted: bool,
    },
    Answer(Provision<'a>),
    Refuse {
        refusal: &'a Refusal,
        language: Language,
    },
    RefusePart {
        refusal: &'a Refusal,
        provided: Provision<'a>,
    },
    Conclude,
}

impl Event<'_> {
    pub fn kind(&self) -> EventKind {
        match self {
            Event::Start => EventKind::Start,
            Event::AskClarification { .. } => EventKind::AskClarification,
            Event::Clarified => EventKind::Clarified,
            Event::JudicialDelay(_) => EventKind::JudicialDelay,
            Event::JudicialDecision { .. } => EventKind::JudicialDecision,
            Event::Answer(_) => EventKind::Answer,
            Event::Refuse { .. } => EventKind::Refuse,
            Event::RefusePart { .. } => EventKind::RefusePart,
            Event::Conclude => EventKind::Conclude,
        }
    }
}

/// What the transition rules need to know of the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub direction: Direction,
    /// The language of the request: every communication about it is in that language
    /// (Arts 4(6), 5(3), 6(4)).
    pub language: Language,
}

/// The status after `kind` in a case of `direction` that is `from`, or `None` when the
/// lifecycle has no such step (for the buttons a page offers).
pub fn next(direction: Direction, from: Status, kind: EventKind) -> Option<Status> {
    use EventKind as E;
    use Status as S;
    match direction {
        Direction::Incoming => match (from, kind) {
            (S::Received, E::Start) => Some(S::InProgress),
            (S::Received | S::InProgress, E::AskClarification) => Some(S::AwaitingClarification),
            (S::AwaitingClarification, E::Clarified) => Some(S::InProgress),
            (S::Received | S::InProgress, E::JudicialDelay) => {
                Some(S::AwaitingJudicialAuthorisation)
            }
            (S::AwaitingJudicialAuthorisation, E::JudicialDecision) => Some(S::InProgress),
            // Not while judicial authorisation is awaited: Art 9 makes it a precondition.
            (S::Received | S::InProgress | S::AwaitingClarification, E::Answer) => {
                Some(S::Answered)
            }
            (S::Received | S::InProgress | S::AwaitingClarification, E::RefusePart) => {
                Some(S::PartlyRefused)
            }
            (
                S::Received
                | S::InProgress
                | S::AwaitingClarification
                | S::AwaitingJudicialAuthorisation,
                E::Refuse,
            ) => Some(S::Refused),
            (S::Answered | S::PartlyRefused | S::Refused, E::Conclude) => Some(S::Concluded),
            _ => None,
        },
        Direction::Outgoing => match (from, kind) {
            (S::Sent, E::AskClarification) => Some(S::AwaitingClarification),
            (S::AwaitingClarification, E::Clarified) => Some(S::Sent),
            // The partner's notice of a judicial delay is recorded; the request stays sent.
            (S::Sent, E::JudicialDelay) => Some(S::Sent),
            (S::Sent | S::AwaitingClarification, E::Answer) => Some(S::Answered),
            (S::Sent | S::AwaitingClarification, E::Refuse) => Some(S::Refused),
            (S::Sent | S::AwaitingClarification, E::RefusePart) => Some(S::PartlyRefused),
            // Concluding a sent request withdraws it.
            (S::Sent | S::Answered | S::PartlyRefused | S::Refused, E::Conclude) => {
                Some(S::Concluded)
            }
            _ => None,
        },
        Direction::OwnInitiative => match (from, kind) {
            (S::Sent, E::Conclude) => Some(S::Concluded),
            _ => None,
        },
        Direction::OwnInitiativeReceived | Direction::CopyReceived => match (from, kind) {
            (S::Received, E::Start) => Some(S::InProgress),
            (S::Received | S::InProgress, E::Conclude) => Some(S::Concluded),
            _ => None,
        },
    }
}

/// The status after `event`, or the rule it breaks (SPOC-06, SPOC-07, SPOC-08, BNL-01).
pub fn transition(case: &CaseFacts, from: Status, event: &Event<'_>) -> Invalid<Status> {
    let kind = event.kind();
    let Some(to) = next(case.direction, from, kind) else {
        return Err(refused_step(case.direction, from, kind));
    };
    // The rules on what we send apply to what we send: for an outgoing request the answer,
    // refusal or clarification request comes from the partner and is recorded as it is, but
    // a refusal still has its ground (Art 6(1)).
    let ours = case.direction == Direction::Incoming;
    match event {
        Event::AskClarification { language } if ours => {
            check_reply_language(case.language, *language, "language")?
        }
        Event::JudicialDelay(notice) => {
            notice.check("")?;
            if ours {
                check_reply_language(case.language, notice.language, "language")?;
            }
        }
        Event::Answer(provision) if ours => check_provision(case, provision, "")?,
        Event::Refuse { refusal, language } => {
            refusal.check("refusal")?;
            if refusal.partial {
                return Err(Violation::at(
                    "refusal_partial",
                    "refusal.partial",
                    "a refusal of part of the request answers the rest: record it as a partial refusal with what is provided",
                ));
            }
            if ours {
                check_reply_language(case.language, *language, "language")?;
            }
        }
        Event::RefusePart { refusal, provided } => {
            refusal.check("refusal")?;
            if !refusal.partial {
                return Err(Violation::at(
                    "refusal_not_partial",
                    "refusal.partial",
                    "a partial refusal is marked partial",
                ));
            }
            if ours {
                check_provision(case, provided, "provided")?;
            }
        }
        _ => {}
    }
    Ok(to)
}

fn check_provision(case: &CaseFacts, provision: &Provision<'_>, path: &str) -> Invalid<()> {
    use crate::spoc::vocabulary::join;
    check_reply_language(case.language, provision.language, &join(path, "language"))?;
    check_consent(provision.origins, &join(path, "consent"))
}

fn refused_step(direction: Direction, from: Status, kind: EventKind) -> Violation {
    let why = match (direction, from, kind) {
        (_, Status::Concluded, _) => {
            "the case is concluded; record a follow-up as a new case".to_string()
        }
        (Direction::Incoming, Status::AwaitingJudicialAuthorisation, EventKind::Answer | EventKind::RefusePart) => {
            "the judicial authorisation our law requires (Art 9 Directive (EU) 2023/977) has not been decided; record the decision first".to_string()
        }
        _ => {
            let possible: Vec<&str> = EventKind::ALL
                .iter()
                .filter(|k| next(direction, from, **k).is_some())
                .map(|k| k.as_str())
                .collect();
            if possible.is_empty() {
                "nothing can happen to it any more".to_string()
            } else {
                format!("what can happen now: {}", possible.join(", "))
            }
        }
    };
    Violation::at(
        "transition_not_allowed",
        "status",
        format!("an {direction} case that is {from} cannot take the step '{kind}': {why}"),
    )
}

/// Arts 4(6), 5(3), 6(4): everything sent about a request is in the request's language.
pub fn check_reply_language(request: Language, reply: Language, field: &str) -> Invalid<()> {
    if request == reply {
        Ok(())
    } else {
        Err(Violation::at(
            "reply_language",
            field,
            format!(
                "the request is in '{request}': the reply goes in that language (Arts 5(3) and 6(4) Directive (EU) 2023/977), not in '{reply}'"
            ),
        ))
    }
}

/// Art 11: the languages a partner's SPOC accepts; English is always among them.
pub fn accepted_languages(listed: &[Language]) -> Vec<Language> {
    let mut all = listed.to_vec();
    all.push(Language::ENGLISH);
    all.sort_unstable();
    all.dedup();
    all
}

/// SPOC-08, Art 11: our request to `partner` is written in a language on its list (or in
/// English, which every list holds).
pub fn check_request_language(
    language: Language,
    partner: &str,
    listed: &[Language],
    field: &str,
) -> Invalid<()> {
    let accepted = accepted_languages(listed);
    if accepted.contains(&language) {
        Ok(())
    } else {
        let names: Vec<&str> = accepted.iter().map(|l| l.as_str()).collect();
        Err(Violation::at(
            "language_not_accepted",
            field,
            format!(
                "{partner} accepts requests in {} (Art 11 Directive (EU) 2023/977), not in '{language}'",
                names.join(", ")
            ),
        ))
    }
}

/// BNL-02, Benelux treaty art 12(2): the written confirmation of an oral request is in an
/// official language of the providing state or in English.
pub fn benelux_confirmation_languages(provider: &str) -> Option<Vec<Language>> {
    let official: &[Language] = match provider {
        "NL" => &[Language::DUTCH],
        "BE" => &[Language::DUTCH, Language::FRENCH, Language::GERMAN],
        "LU" => &[Language::FRENCH, Language::GERMAN, Language::LUXEMBOURGISH],
        _ => return None,
    };
    Some(accepted_languages(official))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spoc::vocabulary::{ObjectiveReason, RefusalGround};

    const INCOMING_FR: CaseFacts = CaseFacts {
        direction: Direction::Incoming,
        language: Language::FRENCH,
    };

    fn refusal(grounds: &[RefusalGround], partial: bool) -> Refusal {
        Refusal {
            grounds: grounds.to_vec(),
            objective_reasons: if grounds.contains(&RefusalGround::F) {
                vec![ObjectiveReason::OngoingInvestigation]
            } else {
                vec![]
            },
            reasons: "Voir les motifs.".into(),
            partial,
        }
    }

    fn answer<'a>(origins: &'a [Origin<'a>]) -> Event<'a> {
        Event::Answer(Provision {
            language: Language::FRENCH,
            origins,
        })
    }

    #[test]
    fn an_incoming_request_goes_its_way_to_concluded() {
        let mut status = Status::initial(Direction::Incoming);
        assert_eq!(status, Status::Received);
        let delay = JudicialDelay {
            expected_days: 5,
            reasons: "Autorisation du juge d'instruction requise.".into(),
            language: Language::FRENCH,
        };
        for (event, expected) in [
            (Event::Start, Status::InProgress),
            (
                Event::AskClarification {
                    language: Language::FRENCH,
                },
                Status::AwaitingClarification,
            ),
            (Event::Clarified, Status::InProgress),
            (
                Event::JudicialDelay(&delay),
                Status::AwaitingJudicialAuthorisation,
            ),
            (
                Event::JudicialDecision { granted: true },
                Status::InProgress,
            ),
            (answer(&[]), Status::Answered),
            (Event::Conclude, Status::Concluded),
        ] {
            status = transition(&INCOMING_FR, status, &event).unwrap();
            assert_eq!(status, expected);
        }
        assert!(!status.open());
        let err = transition(&INCOMING_FR, status, &Event::Start).unwrap_err();
        assert!(err.message.contains("new case"), "{}", err.message);
    }

    #[test]
    fn spoc_07_a_refusal_needs_a_ground_and_a_partial_one_answers_the_rest() {
        let none = refusal(&[], false);
        let err = transition(
            &INCOMING_FR,
            Status::InProgress,
            &Event::Refuse {
                refusal: &none,
                language: Language::FRENCH,
            },
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("refusal_ground_missing", Some("refusal.grounds"))
        );
        let g = refusal(&[RefusalGround::G], false);
        assert_eq!(
            transition(
                &INCOMING_FR,
                Status::InProgress,
                &Event::Refuse {
                    refusal: &g,
                    language: Language::FRENCH
                }
            ),
            Ok(Status::Refused)
        );
        let part = refusal(&[RefusalGround::F, RefusalGround::A], true);
        let provided = Provision {
            language: Language::FRENCH,
            origins: &[],
        };
        let status = transition(
            &INCOMING_FR,
            Status::InProgress,
            &Event::RefusePart {
                refusal: &part,
                provided,
            },
        )
        .unwrap();
        assert_eq!(status, Status::PartlyRefused);
        assert!(status.counts_as_answered());
        // A full refusal marked partial is a contradiction.
        let err = transition(
            &INCOMING_FR,
            Status::InProgress,
            &Event::Refuse {
                refusal: &part,
                language: Language::FRENCH,
            },
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("refusal.partial"));
    }

    #[test]
    fn bnl_01_information_from_another_state_waits_for_its_consent() {
        let origins = [
            Origin {
                state: "DE",
                consent: Some(ConsentState::Given),
            },
            Origin {
                state: "BE",
                consent: Some(ConsentState::Requested),
            },
            Origin {
                state: "US",
                consent: None,
            },
        ];
        let err = transition(&INCOMING_FR, Status::InProgress, &answer(&origins)).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("consent_missing", Some("consent"))
        );
        assert!(err.message.contains("BE, US"), "{}", err.message);
        assert!(!err.message.contains("DE"), "{}", err.message);
        let refused = [Origin {
            state: "BE",
            consent: Some(ConsentState::Refused),
        }];
        let err = transition(&INCOMING_FR, Status::InProgress, &answer(&refused)).unwrap_err();
        assert_eq!(err.code, "consent_refused");
        assert!(err.message.contains("ground (h)"));
        // The part provided with a partial refusal needs consent as well.
        let part = refusal(&[RefusalGround::H], true);
        let err = transition(
            &INCOMING_FR,
            Status::InProgress,
            &Event::RefusePart {
                refusal: &part,
                provided: Provision {
                    language: Language::FRENCH,
                    origins: &origins,
                },
            },
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("provided.consent"));
        let given = [Origin {
            state: "BE",
            consent: Some(ConsentState::Given),
        }];
        assert_eq!(
            transition(&INCOMING_FR, Status::InProgress, &answer(&given)),
            Ok(Status::Answered)
        );
    }

    #[test]
    fn spoc_06_no_answer_while_judicial_authorisation_is_awaited_and_the_notice_says_how_long_and_why()
     {
        let err = transition(
            &INCOMING_FR,
            Status::AwaitingJudicialAuthorisation,
            &answer(&[]),
        )
        .unwrap_err();
        assert_eq!(err.code, "transition_not_allowed");
        assert!(err.message.contains("Art 9"), "{}", err.message);
        let no_reasons = JudicialDelay {
            expected_days: 3,
            reasons: " ".into(),
            language: Language::FRENCH,
        };
        let err = transition(
            &INCOMING_FR,
            Status::InProgress,
            &Event::JudicialDelay(&no_reasons),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("reasons"));
        let no_length = JudicialDelay {
            expected_days: 0,
            reasons: "Autorisation requise.".into(),
            language: Language::FRENCH,
        };
        let err = transition(
            &INCOMING_FR,
            Status::InProgress,
            &Event::JudicialDelay(&no_length),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("expected_days"));
        // Refusing is possible while waiting (e.g. ground (c) once the court said no).
        let c = refusal(&[RefusalGround::C], false);
        assert_eq!(
            transition(
                &INCOMING_FR,
                Status::AwaitingJudicialAuthorisation,
                &Event::Refuse {
                    refusal: &c,
                    language: Language::FRENCH
                }
            ),
            Ok(Status::Refused)
        );
    }

    #[test]
    fn spoc_08_replies_go_in_the_language_of_the_request() {
        let err = transition(
            &INCOMING_FR,
            Status::InProgress,
            &Event::Answer(Provision {
                language: Language::ENGLISH,
                origins: &[],
            }),
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("reply_language", Some("language"))
        );
        let err = transition(
            &INCOMING_FR,
            Status::Received,
            &Event::AskClarification {
                language: Language::DUTCH,
            },
        )
        .unwrap_err();
        assert_eq!(err.code, "reply_language");
    }

    #[test]
    fn art_11_outgoing_requests_in_a_language_the_partner_accepts_english_always() {
        let de_list = [Language::GERMAN];
        assert!(check_request_language(Language::GERMAN, "DE", &de_list, "language").is_ok());
        assert!(check_request_language(Language::ENGLISH, "DE", &de_list, "language").is_ok());
        let err = check_request_language(Language::DUTCH, "DE", &de_list, "language").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("language"));
        assert!(err.message.contains("de, en"), "{}", err.message);
        assert_eq!(accepted_languages(&[]), vec![Language::ENGLISH]);
    }

    #[test]
    fn bnl_02_confirmation_languages_are_the_providers_official_ones_or_english() {
        let be = benelux_confirmation_languages("BE").unwrap();
        assert_eq!(
            be.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            ["de", "en", "fr", "nl"]
        );
        assert!(
            benelux_confirmation_languages("LU")
                .unwrap()
                .iter()
                .any(|l| l.as_str() == "lb")
        );
        assert_eq!(benelux_confirmation_languages("DE"), None);
    }

    #[test]
    fn an_outgoing_request_records_what_the_partner_does() {
        let case = CaseFacts {
            direction: Direction::Outgoing,
            language: Language::DUTCH,
        };
        let mut status = Status::initial(Direction::Outgoing);
        assert_eq!(status, Status::Sent);
        status = transition(
            &case,
            status,
            &Event::AskClarification {
                language: Language::DUTCH,
            },
        )
        .unwrap();
        assert_eq!(status, Status::AwaitingClarification);
        status = transition(&case, status, &Event::Clarified).unwrap();
        assert_eq!(status, Status::Sent);
        // The partner's refusal is recorded with its grounds; a groundless one is not.
        let none = refusal(&[], false);
        assert!(
            transition(
                &case,
                status,
                &Event::Refuse {
                    refusal: &none,
                    language: Language::DUTCH
                }
            )
            .is_err()
        );
        assert_eq!(
            transition(&case, status, &answer(&[])),
            Ok(Status::Answered),
            "the partner's answer is recorded whatever its language"
        );
        let err = transition(&case, status, &Event::Start).unwrap_err();
        assert!(
            err.message.contains("what can happen now"),
            "{}",
            err.message
        );
    }

    #[test]
    fn copies_and_own_initiative_provisions_are_recorded_and_concluded() {
        let copy = CaseFacts {
            direction: Direction::CopyReceived,
            language: Language::ENGLISH,
        };
        let status = Status::initial(Direction::CopyReceived);
        assert_eq!(
            transition(&copy, status, &Event::Conclude),
            Ok(Status::Concluded)
        );
        assert!(transition(&copy, status, &answer(&[])).is_err());
        assert_eq!(Status::initial(Direction::OwnInitiative), Status::Sent);
    }

    #[test]
    fn the_step_table_and_the_transition_function_agree() {
        // Every step the table allows is possible with a valid payload, and every step it does
        // not allow is refused, in every direction and status.
        let part = refusal(&[RefusalGround::A], true);
        let full = refusal(&[RefusalGround::A], false);
        let delay = JudicialDelay {
            expected_days: 2,
            reasons: "r".into(),
            language: Language::FRENCH,
        };
        for &direction in Direction::ALL {
            let case = CaseFacts {
                direction,
                language: Language::FRENCH,
            };
            for &status in Status::ALL {
                for event in [
                    Event::Start,
                    Event::AskClarification {
                        language: Language::FRENCH,
                    },
                    Event::Clarified,
                    Event::JudicialDelay(&delay),
                    Event::JudicialDecision { granted: false },
                    answer(&[]),
                    Event::Refuse {
                        refusal: &full,
                        language: Language::FRENCH,
                    },
                    Event::RefusePart {
                        refusal: &part,
                        provided: Provision {
                            language: Language::FRENCH,
                            origins: &[],
                        },
                    },
                    Event::Conclude,
                ] {
                    assert_eq!(
                        transition(&case, status, &event).ok(),
                        next(direction, status, event.kind()),
                        "{direction} {status} {}",
                        event.kind()
                    );
                }
            }
        }
    }
}
