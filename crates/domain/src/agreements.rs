//! Agreements — treaties, EU instruments, MoUs, letters of intent, working arrangements — and
//! the one rule that decides whether an agreement may be the legal basis for an exchange of
//! kind K with partner P on date D ([`assess`]).
//!
//! A memorandum of understanding or a letter of intent is not binding: never a legal basis for
//! exchanging police data. A working arrangement is never one by itself: it implements a treaty,
//! which is the basis. A binding instrument is a basis only while it applies: from its entry
//! into force, or the later date from which it applies (Directive (EU) 2023/977 entered into
//! force on 11 June 2023 and applies from 12 December 2024), until the last day it applied
//! (Framework Decision 2006/960/JHA: 11 December 2024). The legal-basis lookup, the assistance
//! check and every page ask this rule; the SPOC desk will ask it for every exchange, so its
//! answer explains itself. The rule by date has no ID in the requirements checklist: its source
//! is Dir. 2023/977 Arts 21–23 (legal-requirements.md, quick reference). A working arrangement
//! is kept as an implementing agreement of its treaty, versioned like every record (BNL-06).

use crate::error::{Checks, Invalid, Violation};
use crate::instruments::partner_code;
use crate::labels::{Labelled, Lang};
use crate::registry::{Period, optional_date, optional_text};
use crate::status::{
    Origin, Revision, StatusChange, StatusChangeInput, StatusHistory, StatusRequest, revise,
};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The member states of the European Union (ISO 3166-1 alpha-2), for EU instruments.
pub const EU_MEMBER_STATES: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The states associated with Schengen (Iceland, Norway, Switzerland, Liechtenstein): parties
/// to the Schengen instruments of information exchange (Framework Decision 2006/960/JHA,
/// Directive (EU) 2023/977) besides the member states.
pub const SCHENGEN_ASSOCIATED_STATES: [&str; 4] = ["IS", "NO", "CH", "LI"];

crate::choice! {
    pub enum AgreementKind ("kind of agreement") {
        Treaty = "treaty",
        /// A regulation, directive, framework decision or Council decision of the EU.
        EuInstrument = "eu_instrument",
        /// Memorandum of understanding: not binding.
        Mou = "mou",
        /// Letter of intent: not binding.
        LetterOfIntent = "letter_of_intent",
        /// Procedural and financial arrangements under a treaty.
        WorkingArrangement = "working_arrangement",
    }
}

impl AgreementKind {
    /// Whether an agreement of this kind binds its parties.
    pub fn binding(self) -> bool {
        !matches!(self, AgreementKind::Mou | AgreementKind::LetterOfIntent)
    }

    /// Whether an agreement of this kind can ever be a legal basis: binding, and not a working
    /// arrangement (which implements the treaty that is the basis).
    pub fn may_be_legal_basis(self) -> bool {
        self.binding() && self != AgreementKind::WorkingArrangement
    }
}

crate::choice! {
    /// The life of an agreement, in order.
    pub enum AgreementStatus ("status of an agreement") {
        Exploring = "exploring",
        Negotiating = "negotiating",
        Signed = "signed",
        InForce = "in_force",
        Ended = "ended",
    }
}

impl AgreementStatus {
    /// Statuses an agreement has before it is signed; the later ones follow from its dates.
    pub fn before_signature(self) -> bool {
        matches!(
            self,
            AgreementStatus::Exploring | AgreementStatus::Negotiating
        )
    }
}

crate::choice! {
    /// A kind of cross-border exchange or operation that needs a legal basis.
    pub enum ExchangeKind ("kind of exchange") {
        /// Information requests between single points of contact (Directive (EU) 2023/977,
        /// before it Framework Decision 2006/960/JHA).
        InformationRequest = "information_request",
        PrumDna = "prum_dna",
        PrumDactyloscopy = "prum_dactyloscopy",
        PrumVehicle = "prum_vehicle",
        Anpr = "anpr",
        HotPursuit = "hot_pursuit",
        CrossBorderObservation = "cross_border_observation",
        JointOperation = "joint_operation",
        /// Personnel and equipment lent across the border ("bijstand").
        Assistance = "assistance",
    }
}

/// An agreement as entered.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementInput {
    pub title: String,
    pub kind: String,
    /// Its status now; a change is recorded in its history (see `status_from`). May be left
    /// empty when `status_history` is given.
    #[serde(default)]
    pub status: String,
    /// The date the status took effect; default: the date the agreement's own dates give
    /// (signature, entry into force, end), else today.
    #[serde(default)]
    pub status_from: Option<String>,
    #[serde(default)]
    pub status_note: Option<String>,
    /// The whole history of statuses, replacing the recorded one (a correction, an import).
    #[serde(default)]
    pub status_history: Option<Vec<StatusChangeInput>>,
    /// The parties other than the Netherlands: states (ISO codes), `EU` (its member states) or
    /// organisations (INTERPOL, EUROPOL, MAOC-N …).
    #[serde(default)]
    pub parties: Vec<String>,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub signed: Option<String>,
    /// Publication in the Official Journal (EU instruments).
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub in_force: Option<String>,
    /// The date from which it applies, when later than its entry into force.
    #[serde(default)]
    pub applies_from: Option<String>,
    /// The last day it applied (ended, repealed).
    #[serde(default)]
    pub ended: Option<String>,
    /// Id of the agreement that replaced it.
    #[serde(default)]
    pub replaced_by: Option<String>,
    /// The exchanges it is a legal basis for.
    #[serde(default)]
    pub legal_basis_for: Vec<String>,
    /// The article that provides each of those exchanges, where known: `{"hot_pursuit": "art. 21"}`.
    #[serde(default)]
    pub articles: BTreeMap<String, String>,
    /// Id of the agreement this one implements (a working arrangement under a treaty: an
    /// implementing agreement, BNL-06).
    #[serde(default)]
    pub implements: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub title: String,
    pub kind: AgreementKind,
    /// The last status of its history (which may lie ahead: a known date of entry into force);
    /// read the status on a date with [`Agreement::status_on`].
    pub status: AgreementStatus,
    /// Its statuses in valid time: those before signature as recorded, the later ones from its
    /// dates of signature, entry into force and end.
    pub status_history: StatusHistory<AgreementStatus>,
    pub parties: Vec<String>,
    pub subject: String,
    pub signed: Option<Date>,
    pub published: Option<Date>,
    pub in_force: Option<Date>,
    pub applies_from: Option<Date>,
    pub ended: Option<Date>,
    pub legal_basis_for: Vec<ExchangeKind>,
    pub articles: BTreeMap<ExchangeKind, String>,
}

fn needs_date(field: &'static str, what: &str) -> Violation {
    Violation::at(
        "date_required",
        field,
        format!("an agreement that is {what} needs this date"),
    )
}

/// The steps the dates of an agreement imply: signed on its signature, in force on its entry
/// into force, ended the day after the last day it applied.
fn stages(
    signed: Option<Date>,
    in_force: Option<Date>,
    ended: Option<Date>,
) -> Vec<(AgreementStatus, Date)> {
    let mut steps = Vec::new();
    if let Some(d) = signed {
        steps.push((AgreementStatus::Signed, d));
    }
    if let Some(d) = in_force {
        steps.push((AgreementStatus::InForce, d));
    }
    if let Some(d) = ended {
        steps.push((AgreementStatus::Ended, d.tomorrow().unwrap_or(d)));
    }
    steps
}

/// The dates of an agreement as entered, filled in by its status history where that gives them.
struct Dates {
    signed: Option<Date>,
    published: Option<Date>,
    in_force: Option<Date>,
    applies_from: Option<Date>,
    ended: Option<Date>,
    /// Dates taken from a step of the history, with the field that gave them.
    filled: Vec<(&'static str, Origin)>,
}

impl Dates {
    fn parse(input: &AgreementInput) -> Invalid<Dates> {
        let mut checks = Checks::new();
        let mut date = |field: &str, value: &Option<String>| {
            checks.check(optional_date(field, value.as_deref()))
        };
        let signed = date("signed", &input.signed);
        let published = date("published", &input.published);
        let in_force = date("in_force", &input.in_force);
        let applies_from = date("applies_from", &input.applies_from);
        let ended = date("ended", &input.ended);
        checks.finish(|| {
            Some(Dates {
                signed: signed?,
                published: published?,
                in_force: in_force?,
                applies_from: applies_from?,
                ended: ended?,
                filled: Vec::new(),
            })
        })
    }

    /// Takes the date of a stage from a step of the history, or checks that they agree.
    fn reconcile(&mut self, step: &StatusChange<AgreementStatus>, origin: Origin) -> Invalid<()> {
        // The step "ended" begins the day after the last day the agreement applied.
        let (slot, field, what, date) = match step.status {
            AgreementStatus::Signed => (&mut self.signed, "signed", "signed", step.from),
            AgreementStatus::InForce => (&mut self.in_force, "in_force", "in force", step.from),
            AgreementStatus::Ended => (
                &mut self.ended,
                "ended",
                "ended",
                step.from.yesterday().unwrap_or(step.from),
            ),
            _ => return Ok(()),
        };
        match *slot {
            None if origin == (Origin::Changed { dated: false }) => Err(needs_date(field, what)),
            None => {
                *slot = Some(date);
                self.filled.push((field, origin));
                Ok(())
            }
            Some(known) if known == date => Ok(()),
            Some(known) => Err(Violation::at(
                "status_date_mismatch",
                origin.field(),
                format!(
                    "the agreement's '{field}' date is {known}: its status '{}' dates from then; change that date rather than the status",
                    step.status.as_str()
                ),
            )),
        }
    }

    /// A refusal at a date that a step of the history gave names that step's field.
    fn attribute(&self, mut violation: Violation) -> Violation {
        if let Some((_, origin)) = self
            .filled
            .iter()
            .find(|(field, _)| violation.field.as_deref() == Some(*field))
        {
            violation.field = Some(origin.field());
        }
        violation
    }

    /// The order of signature, publication, entry into force, application and end.
    fn check(&self) -> Invalid<()> {
        self.order().map_err(|v| self.attribute(v))
    }

    fn order(&self) -> Invalid<()> {
        let before = |later: Option<Date>, earlier: Option<Date>| matches!((later, earlier), (Some(l), Some(e)) if l < e);
        if before(self.published, self.signed) {
            return Err(Violation::at(
                "before_signature",
                "published",
                "an agreement cannot be published before it is signed",
            ));
        }
        if before(self.in_force, self.signed) {
            return Err(Violation::at(
                "before_signature",
                "in_force",
                "an agreement cannot enter into force before it is signed",
            ));
        }
        if before(self.in_force, self.published) {
            return Err(Violation::at(
                "before_publication",
                "in_force",
                "an instrument cannot enter into force before it is published",
            ));
        }
        if self.applies_from.is_some() && self.in_force.is_none() {
            return Err(Violation::at(
                "date_required",
                "in_force",
                "an agreement applies only once it is in force: give the date of entry into force",
            ));
        }
        if before(self.applies_from, self.in_force) {
            return Err(Violation::at(
                "before_entry_into_force",
                "applies_from",
                "an agreement cannot apply before it enters into force",
            ));
        }
        if let (Some(start), Some(ended)) = (
            self.applies_from.or(self.in_force).or(self.signed),
            self.ended,
        ) && ended < start
        {
            return Err(Violation::at(
                "end_before_start",
                "ended",
                "the end date lies before the agreement took effect",
            ));
        }
        Ok(())
    }
}

fn party(field: &str, value: &str) -> Invalid<String> {
    partner_code(field, value).map_err(|_| {
        Violation::at(
            "unknown_partner",
            field,
            format!(
                "{} is not a party: use an ISO country code (BE), EU or an organisation code (INTERPOL)",
                crate::text::echo(value.trim())
            ),
        )
    })
}

/// Checks an agreement: a known kind and parties; dates in their order; a status history that
/// fits them and never goes back in time; and no legal basis on an agreement that cannot be
/// one. Whether the organisations among the parties, the agreement it implements and the one
/// that replaced it exist is checked by the use case.
pub fn validate_agreement(
    input: &AgreementInput,
    revision: &Revision<'_, Agreement>,
) -> Invalid<Agreement> {
    let mut checks = Checks::new();
    let title = checks.check(crate::registry::required_text("title", &input.title));
    let kind = checks.check(AgreementKind::parse("kind", &input.kind));
    if input.parties.is_empty() {
        checks.refuse(Violation::at(
            "required",
            "parties",
            "name at least one other party (an ISO country code, EU or an organisation)",
        ));
    }
    let mut parties = Vec::new();
    for (i, value) in input.parties.iter().enumerate() {
        if let Some(code) = checks.check(party(&format!("parties[{i}]"), value))
            && !parties.contains(&code)
        {
            parties.push(code);
        }
    }
    let dates = checks.check(Dates::parse(input));
    // The status history and the order of the dates read these fields: they are checked once
    // the fields are valid.
    let (title, kind, mut dates) = checks.finish(|| Some((title?, kind?, dates?)))?;

    // The history before signature as recorded (or as given); the later steps come from the
    // dates, so a changed date of signature moves the step with it.
    let previous = revision.previous.map(|a| {
        let steps: Vec<StatusChangeInput> = a
            .status_history
            .changes()
            .iter()
            .filter(|c| c.status.before_signature())
            .map(|c| StatusChangeInput {
                status: c.status.as_str().to_string(),
                from: c.from.to_string(),
                note: c.note.clone(),
            })
            .collect();
        steps
    });
    let kept: Option<StatusHistory<AgreementStatus>> = match &previous {
        Some(steps) if !steps.is_empty() => Some(
            revise(
                None,
                StatusRequest {
                    history: Some(steps),
                    ..Default::default()
                },
                revision.today,
                |_| None,
            )?
            .history(),
        ),
        _ => None,
    };
    let request = StatusRequest {
        status: &input.status,
        from: input.status_from.as_deref(),
        note: input.status_note.as_deref(),
        history: input.status_history.as_deref(),
    };
    let implied = |status: AgreementStatus| {
        stages(dates.signed, dates.in_force, dates.ended)
            .into_iter()
            .find(|(s, _)| *s == status)
            .map(|(_, d)| d)
    };
    let revised = revise(kept.as_ref(), request, revision.today, implied)?;
    for (step, origin) in revised.changes.iter().zip(&revised.origins) {
        dates.reconcile(step, *origin)?;
    }
    dates.check()?;
    if input
        .replaced_by
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty())
        && dates.ended.is_none()
    {
        return Err(Violation::at(
            "date_required",
            "ended",
            "an agreement that was replaced has ended: give the last day it applied",
        ));
    }

    // The whole history: the steps before signature, then those of the dates.
    let mut steps: Vec<(StatusChange<AgreementStatus>, Origin)> = revised
        .changes
        .iter()
        .cloned()
        .zip(revised.origins.iter().copied())
        .filter(|(c, _)| c.status.before_signature())
        .collect();
    for (status, from) in stages(dates.signed, dates.in_force, dates.ended) {
        let note = revised
            .changes
            .iter()
            .find(|c| c.status == status)
            .and_then(|c| c.note.clone());
        steps.push((StatusChange { status, from, note }, Origin::Kept));
    }
    if let Some(signed) = dates.signed
        && let Some((late, origin)) = steps
            .iter()
            .find(|(c, _)| c.status.before_signature() && c.from > signed)
    {
        return Err(Violation::at(
            "after_signature",
            origin.field(),
            format!(
                "the agreement was signed on {signed}; it cannot be '{}' from {} on",
                late.status.as_str(),
                late.from
            ),
        ));
    }
    steps.sort_by_key(|(c, _)| (c.from, c.status));
    let history_input: Vec<StatusChangeInput> = steps
        .iter()
        .map(|(c, _)| StatusChangeInput {
            status: c.status.as_str().to_string(),
            from: c.from.to_string(),
            note: c.note.clone(),
        })
        .collect();
    let status_history = revise(
        None,
        StatusRequest {
            history: Some(&history_input),
            ..Default::default()
        },
        revision.today,
        |_| None,
    )?
    .history();
    let Some(latest) = status_history.latest().map(|c| c.status) else {
        return Err(Violation::at(
            "required_by_rule",
            "status",
            "give the status, or a status history",
        ));
    };
    // The status said to hold now must be the one the dates give now.
    let said = match input.status.trim() {
        "" => None,
        code => Some(AgreementStatus::parse("status", code)?),
    };
    if let (Some(said), Some(now)) = (said, status_history.on(revision.today))
        && said != now.status
        && now.status > said
    {
        return Err(Violation::at(
            "status_outdated",
            "status",
            format!(
                "by its dates the agreement is '{}' from {}: record that status",
                now.status.as_str(),
                now.from
            ),
        ));
    }

    let legal_basis_for = input
        .legal_basis_for
        .iter()
        .enumerate()
        .map(|(i, k)| ExchangeKind::parse(&format!("legal_basis_for[{i}]"), k))
        .collect::<Invalid<Vec<_>>>()?;
    if !kind.may_be_legal_basis() && !legal_basis_for.is_empty() {
        return Err(Violation::at(
            "not_a_legal_basis",
            "legal_basis_for",
            match kind {
                AgreementKind::WorkingArrangement => "a working arrangement is no legal basis by itself: it implements a treaty, which is; list the exchanges on that treaty".to_string(),
                _ => format!(
                    "a {} is not binding and is never a legal basis for exchanging police data; record the treaty or EU instrument that is",
                    match kind {
                        AgreementKind::Mou => "memorandum of understanding",
                        _ => "letter of intent",
                    }
                ),
            },
        ));
    }
    let mut articles = BTreeMap::new();
    for (code, article) in &input.articles {
        let field = format!("articles.{code}");
        let exchange = ExchangeKind::parse(&field, code)?;
        if !legal_basis_for.contains(&exchange) {
            return Err(Violation::at(
                "article_without_basis",
                field,
                "an article is given only for an exchange the agreement is a legal basis for",
            ));
        }
        if let Some(article) = optional_text(&field, Some(article))? {
            articles.insert(exchange, article);
        }
    }
    Ok(Agreement {
        title,
        kind,
        status: latest,
        status_history,
        parties,
        subject: crate::instruments::long_text("subject", &input.subject)?,
        signed: dates.signed,
        published: dates.published,
        in_force: dates.in_force,
        applies_from: dates.applies_from,
        ended: dates.ended,
        legal_basis_for,
        articles,
    })
}

/// Why an agreement is, or is not, the legal basis for an exchange on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// It is; with the article that provides the exchange, where known.
    Basis { article: Option<String> },
    /// An MoU or a letter of intent: not binding, never a basis.
    NotBinding,
    /// A working arrangement: it implements a treaty, which is the basis.
    ImplementsOnly,
    /// It does not provide this kind of exchange.
    NotForKind,
    /// The partner is not a party.
    NotAParty,
    /// Not in force on the date (`in_force`: when it enters into force, if known).
    NotInForce { in_force: Option<Date> },
    /// In force, but it applies only from a later date.
    NotYetApplicable { applies_from: Date },
    /// It applied until `last_day` (ended, repealed).
    Ended { last_day: Date },
}

impl Verdict {
    pub fn is_basis(&self) -> bool {
        matches!(self, Verdict::Basis { .. })
    }

    /// A stable code of the verdict, for the API and tests.
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Basis { .. } => "basis",
            Verdict::NotBinding => "not_binding",
            Verdict::ImplementsOnly => "implements_only",
            Verdict::NotForKind => "not_for_kind",
            Verdict::NotAParty => "not_a_party",
            Verdict::NotInForce { .. } => "not_in_force",
            Verdict::NotYetApplicable { .. } => "not_yet_applicable",
            Verdict::Ended { .. } => "ended",
        }
    }

    /// The verdict in words: which instrument and article, or why not. `replacement` is the
    /// title of the agreement that replaced this one, if any.
    pub fn explain(
        &self,
        lang: Lang,
        agreement: &Agreement,
        kind: ExchangeKind,
        partner: &str,
        replacement: Option<&str>,
    ) -> String {
        let day = |d: &Date| match lang {
            Lang::Nl => d.strftime("%d-%m-%Y").to_string(),
            Lang::En => d.to_string(),
        };
        let title = &agreement.title;
        let what = kind.label(lang);
        match (self, lang) {
            (Verdict::Basis { article: Some(a) }, Lang::Nl) => {
                format!("{title}, {a}: rechtsgrondslag voor {what}")
            }
            (Verdict::Basis { article: Some(a) }, Lang::En) => {
                format!("{title}, {a}: legal basis for {what}")
            }
            (Verdict::Basis { article: None }, Lang::Nl) => {
                format!("{title}: rechtsgrondslag voor {what}")
            }
            (Verdict::Basis { article: None }, Lang::En) => {
                format!("{title}: legal basis for {what}")
            }
            (Verdict::NotBinding, Lang::Nl) => format!(
                "{title} is een {} en niet bindend: nooit een rechtsgrondslag voor het uitwisselen van politiegegevens",
                agreement.kind.label(lang)
            ),
            (Verdict::NotBinding, Lang::En) => format!(
                "{title} is a {} and not binding: never a legal basis for exchanging police data",
                agreement.kind.label(lang)
            ),
            (Verdict::ImplementsOnly, Lang::Nl) => format!(
                "{title} is een werkafspraak: op zichzelf geen rechtsgrondslag; dat is het verdrag dat zij uitwerkt"
            ),
            (Verdict::ImplementsOnly, Lang::En) => format!(
                "{title} is a working arrangement: no legal basis by itself; the treaty it implements is"
            ),
            (Verdict::NotForKind, Lang::Nl) => format!("{title} regelt geen {what}"),
            (Verdict::NotForKind, Lang::En) => format!("{title} does not provide for {what}"),
            (Verdict::NotAParty, Lang::Nl) => format!("{partner} is geen partij bij {title}"),
            (Verdict::NotAParty, Lang::En) => format!("{partner} is not a party to {title}"),
            (Verdict::NotInForce { in_force: Some(d) }, Lang::Nl) => {
                format!("{title} is pas in werking vanaf {}", day(d))
            }
            (Verdict::NotInForce { in_force: Some(d) }, Lang::En) => {
                format!("{title} is in force only from {}", day(d))
            }
            (Verdict::NotInForce { in_force: None }, Lang::Nl) => {
                format!("{title} is niet in werking")
            }
            (Verdict::NotInForce { in_force: None }, Lang::En) => {
                format!("{title} is not in force")
            }
            (Verdict::NotYetApplicable { applies_from }, Lang::Nl) => format!(
                "{title} is in werking maar pas van toepassing vanaf {}",
                day(applies_from)
            ),
            (Verdict::NotYetApplicable { applies_from }, Lang::En) => format!(
                "{title} is in force but applies only from {}",
                day(applies_from)
            ),
            (Verdict::Ended { last_day }, Lang::Nl) => match replacement {
                Some(r) => format!(
                    "{title} was van toepassing tot en met {}; vervangen door {r}",
                    day(last_day)
                ),
                None => format!("{title} was van toepassing tot en met {}", day(last_day)),
            },
            (Verdict::Ended { last_day }, Lang::En) => match replacement {
                Some(r) => format!("{title} applied until {}; replaced by {r}", day(last_day)),
                None => format!("{title} applied until {}", day(last_day)),
            },
        }
    }
}

impl Agreement {
    /// The status on `date`, as its history gives it.
    pub fn status_on(&self, date: Date) -> Option<AgreementStatus> {
        self.status_history.status_on(date)
    }

    /// The period in which the agreement applies, if it ever entered into force: from its
    /// entry into force (or the later date from which it applies) to the last day it applied.
    pub fn applies(&self) -> Option<Period> {
        let start = self.applies_from.or(self.in_force)?;
        Some(Period {
            start,
            end: self.ended,
        })
    }

    /// Whether `partner` (a country or organisation code) is a party, directly or as an EU
    /// member state under an agreement of the EU.
    pub fn binds(&self, partner: &str) -> bool {
        self.parties
            .iter()
            .any(|p| p == partner || (p == "EU" && EU_MEMBER_STATES.contains(&partner)))
    }

    /// Whether this agreement allows exchange `kind` with `partner` on `date`.
    pub fn allows(&self, kind: ExchangeKind, partner: &str, date: Date) -> bool {
        assess(self, kind, partner, date).is_basis()
    }
}

/// The one rule: may `agreement` be the legal basis for exchange `kind` with `partner` on
/// `date`? An MoU or letter of intent never; a working arrangement never by itself; a binding
/// instrument only for the exchanges it provides, with its parties, while it applies.
pub fn assess(agreement: &Agreement, kind: ExchangeKind, partner: &str, date: Date) -> Verdict {
    if !agreement.kind.binding() {
        return Verdict::NotBinding;
    }
    if agreement.kind == AgreementKind::WorkingArrangement {
        return Verdict::ImplementsOnly;
    }
    if !agreement.legal_basis_for.contains(&kind) {
        return Verdict::NotForKind;
    }
    if !agreement.binds(partner) {
        return Verdict::NotAParty;
    }
    match agreement.in_force {
        Some(in_force) if in_force <= date => {}
        in_force => return Verdict::NotInForce { in_force },
    }
    if let Some(applies_from) = agreement.applies_from
        && date < applies_from
    {
        return Verdict::NotYetApplicable { applies_from };
    }
    if let Some(last_day) = agreement.ended
        && last_day < date
    {
        return Verdict::Ended { last_day };
    }
    Verdict::Basis {
        article: agreement.articles.get(&kind).cloned(),
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

    fn today() -> Date {
        date("2026-03-16")
    }

    fn new() -> Revision<'static, Agreement> {
        Revision::new(today())
    }

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
            // Talks come before a signature.
            signed: (!matches!(status, "exploring" | "negotiating"))
                .then(|| in_force.unwrap_or("2018-07-23").into()),
            in_force: in_force.map(Into::into),
            legal_basis_for: bases.iter().map(|b| b.to_string()).collect(),
            ..Default::default()
        }
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn an_mou_or_letter_of_intent_is_never_a_legal_basis() {
        for kind in ["mou", "letter_of_intent"] {
            let err = validate_agreement(
                &input(kind, "signed", &["AE"], None, &["information_request"]),
                &new(),
            )
            .unwrap_err();
            assert_eq!(
                (err.code, err.field.as_deref()),
                ("not_a_legal_basis", Some("legal_basis_for"))
            );
            assert!(err.message.contains("never a legal basis"));
            // Without a legal basis it is a perfectly good record.
            let mou =
                validate_agreement(&input(kind, "signed", &["AE"], None, &[]), &new()).unwrap();
            assert_eq!(
                assess(&mou, ExchangeKind::InformationRequest, "AE", today()),
                Verdict::NotBinding
            );
        }
    }

    #[test]
    fn a_working_arrangement_is_no_legal_basis_by_itself() {
        let err = validate_agreement(
            &input(
                "working_arrangement",
                "in_force",
                &["BE"],
                Some("2024-03-01"),
                &["assistance"],
            ),
            &new(),
        )
        .unwrap_err();
        assert_eq!(err.code, "not_a_legal_basis");
        assert!(err.message.contains("implements a treaty"));
        let arrangement = validate_agreement(
            &input(
                "working_arrangement",
                "in_force",
                &["BE"],
                Some("2024-03-01"),
                &[],
            ),
            &new(),
        )
        .unwrap();
        assert_eq!(
            assess(
                &arrangement,
                ExchangeKind::Assistance,
                "BE",
                date("2024-06-01")
            ),
            Verdict::ImplementsOnly
        );
        assert!(!AgreementKind::WorkingArrangement.may_be_legal_basis());
        assert!(AgreementKind::Treaty.may_be_legal_basis());
        assert!(AgreementKind::EuInstrument.may_be_legal_basis());
        assert!(!AgreementKind::Mou.may_be_legal_basis());
    }

    #[test]
    fn the_benelux_treaty_is_a_basis_with_belgium_and_luxembourg_from_1_october_2023() {
        let mut benelux = input(
            "treaty",
            "in_force",
            &["BE", "LU"],
            Some("2023-10-01"),
            &["hot_pursuit", "assistance", "information_request"],
        );
        benelux.signed = Some("2018-07-23".into());
        benelux.articles = BTreeMap::from([("hot_pursuit".into(), "art. 21".into())]);
        let benelux = validate_agreement(&benelux, &new()).unwrap();
        let agreements = vec![("benelux", benelux.clone())];
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
        assert_eq!(
            assess(&benelux, ExchangeKind::HotPursuit, "BE", date("2024-01-01")),
            Verdict::Basis {
                article: Some("art. 21".into())
            }
        );
        assert_eq!(
            assess(&benelux, ExchangeKind::HotPursuit, "BE", date("2023-09-30")),
            Verdict::NotInForce {
                in_force: Some(date("2023-10-01"))
            }
        );
        assert_eq!(
            assess(&benelux, ExchangeKind::HotPursuit, "DE", date("2024-01-01")),
            Verdict::NotAParty
        );
        assert_eq!(
            assess(&benelux, ExchangeKind::PrumDna, "BE", date("2024-01-01")),
            Verdict::NotForKind
        );
        // Signed in 2018, in force in 2023: the status on a date follows the dates.
        assert_eq!(
            benelux.status_on(date("2021-12-02")),
            Some(AgreementStatus::Signed)
        );
        assert_eq!(
            benelux.status_on(date("2023-11-24")),
            Some(AgreementStatus::InForce)
        );
        assert_eq!(benelux.status_on(date("2018-07-22")), None);
    }

    fn directive_and_framework_decision() -> (Agreement, Agreement) {
        let directive = AgreementInput {
            title: "Richtlijn (EU) 2023/977".into(),
            kind: "eu_instrument".into(),
            status: "in_force".into(),
            parties: vec![
                "EU".into(),
                "IS".into(),
                "NO".into(),
                "CH".into(),
                "LI".into(),
            ],
            signed: Some("2023-05-10".into()),
            published: Some("2023-05-22".into()),
            in_force: Some("2023-06-11".into()),
            applies_from: Some("2024-12-12".into()),
            legal_basis_for: vec!["information_request".into()],
            articles: BTreeMap::from([("information_request".into(), "art. 4 en 5".into())]),
            ..Default::default()
        };
        let framework = AgreementInput {
            title: "Kaderbesluit 2006/960/JBZ".into(),
            status: "ended".into(),
            signed: Some("2006-12-18".into()),
            published: Some("2006-12-29".into()),
            in_force: Some("2006-12-30".into()),
            applies_from: None,
            ended: Some("2024-12-11".into()),
            articles: BTreeMap::new(),
            ..directive.clone()
        };
        (
            validate_agreement(&directive, &new()).unwrap(),
            validate_agreement(&framework, &new()).unwrap(),
        )
    }

    #[test]
    fn information_requests_rest_on_the_framework_decision_until_11_december_2024_and_then_on_the_directive()
     {
        let (directive, framework) = directive_and_framework_decision();
        let kind = ExchangeKind::InformationRequest;
        for (partner, on, basis) in [
            ("FR", "2024-06-01", "Kaderbesluit 2006/960/JBZ"),
            ("FR", "2024-12-11", "Kaderbesluit 2006/960/JBZ"),
            ("FR", "2024-12-12", "Richtlijn (EU) 2023/977"),
            ("NO", "2025-01-01", "Richtlijn (EU) 2023/977"),
            ("CH", "2024-06-01", "Kaderbesluit 2006/960/JBZ"),
        ] {
            let both = vec![(1, directive.clone()), (2, framework.clone())];
            let found: Vec<&str> = legal_bases(&both, kind, partner, date(on))
                .into_iter()
                .map(|(_, a)| a.title.as_str())
                .collect();
            assert_eq!(found, vec![basis], "{partner} {on}");
        }
        assert_eq!(
            assess(&directive, kind, "FR", date("2024-06-01")),
            Verdict::NotYetApplicable {
                applies_from: date("2024-12-12")
            }
        );
        let ended = assess(&framework, kind, "FR", date("2025-01-01"));
        assert_eq!(
            ended,
            Verdict::Ended {
                last_day: date("2024-12-11")
            }
        );
        assert_eq!(
            ended.explain(
                Lang::Nl,
                &framework,
                kind,
                "FR",
                Some("Richtlijn (EU) 2023/977")
            ),
            "Kaderbesluit 2006/960/JBZ was van toepassing tot en met 11-12-2024; vervangen door Richtlijn (EU) 2023/977"
        );
        assert_eq!(
            assess(&directive, kind, "FR", date("2025-01-01")).explain(
                Lang::En,
                &directive,
                kind,
                "FR",
                None
            ),
            "Richtlijn (EU) 2023/977, art. 4 en 5: legal basis for information request (SPOC)"
        );
        assert_eq!(
            assess(&directive, kind, "GB", date("2025-01-01")),
            Verdict::NotAParty
        );
        // The directive is in force from 11 June 2023 though it applies only later.
        assert_eq!(
            directive.status_on(date("2023-06-11")),
            Some(AgreementStatus::InForce)
        );
        assert_eq!(
            framework.status_on(date("2024-12-11")),
            Some(AgreementStatus::InForce)
        );
        assert_eq!(
            framework.status_on(date("2024-12-12")),
            Some(AgreementStatus::Ended)
        );
    }

    #[test]
    fn an_eu_instrument_binds_every_member_state_and_the_parties_it_names() {
        let prum = validate_agreement(
            &input(
                "eu_instrument",
                "in_force",
                &["EU"],
                Some("2008-08-26"),
                &["prum_dna"],
            ),
            &new(),
        )
        .unwrap();
        assert!(prum.allows(ExchangeKind::PrumDna, "FR", date("2024-01-01")));
        assert!(!prum.allows(ExchangeKind::PrumDna, "GB", date("2024-01-01")));
        assert!(!prum.allows(ExchangeKind::PrumDna, "CH", date("2024-01-01")));
    }

    #[test]
    fn organisations_can_be_parties() {
        let eu_interpol = input("treaty", "negotiating", &["EU", "interpol"], None, &[]);
        let a = validate_agreement(&eu_interpol, &new()).unwrap();
        assert_eq!(a.parties, vec!["EU".to_string(), "INTERPOL".to_string()]);
        assert!(a.binds("INTERPOL"));
        let err = validate_agreement(
            &input("treaty", "negotiating", &["two words"], None, &[]),
            &new(),
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("unknown_partner", Some("parties[0]"))
        );
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
        let treaty = validate_agreement(&ended, &new()).unwrap();
        assert!(treaty.allows(ExchangeKind::Assistance, "DE", date("2020-12-31")));
        assert!(!treaty.allows(ExchangeKind::Assistance, "DE", date("2021-01-01")));
    }

    #[test]
    fn dates_must_fit_the_status_and_each_other() {
        let err = validate_agreement(&input("treaty", "in_force", &["BE"], None, &[]), &new())
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("date_required", Some("in_force"))
        );
        let mut early = input("treaty", "in_force", &["BE"], Some("2018-01-01"), &[]);
        early.signed = Some("2018-07-23".into());
        assert_eq!(
            validate_agreement(&early, &new()).unwrap_err().code,
            "before_signature"
        );
        let mut applies = input(
            "eu_instrument",
            "in_force",
            &["EU"],
            Some("2023-06-11"),
            &[],
        );
        applies.applies_from = Some("2023-06-10".into());
        let err = validate_agreement(&applies, &new()).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("before_entry_into_force", Some("applies_from"))
        );
        let err = validate_agreement(
            &input("treaty", "negotiating", &["Atlantis!"], None, &[]),
            &new(),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("parties[0]"));
        let err = validate_agreement(
            &input("treaty", "negotiating", &["BE"], None, &["gossip"]),
            &new(),
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("legal_basis_for[0]"));
        let mut article = input("treaty", "signed", &["BE"], None, &["anpr"]);
        article.articles = BTreeMap::from([("hot_pursuit".into(), "art. 21".into())]);
        let err = validate_agreement(&article, &new()).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("article_without_basis", Some("articles.hot_pursuit"))
        );
    }

    #[test]
    fn the_history_before_signature_is_kept_and_the_rest_follows_the_dates() {
        let mut talks = input("treaty", "exploring", &["BE", "LU"], None, &[]);
        talks.signed = None;
        talks.status_from = Some("2015-01-01".into());
        let exploring = validate_agreement(&talks, &new()).unwrap();
        talks.status = "negotiating".into();
        talks.status_from = Some("2016-06-01".into());
        let negotiating = validate_agreement(&talks, &Revision::of(today(), &exploring)).unwrap();
        talks.status = "in_force".into();
        talks.status_from = None;
        talks.signed = Some("2018-07-23".into());
        talks.in_force = Some("2023-10-01".into());
        let in_force = validate_agreement(&talks, &Revision::of(today(), &negotiating)).unwrap();
        let steps: Vec<(AgreementStatus, String)> = in_force
            .status_history
            .changes()
            .iter()
            .map(|c| (c.status, c.from.to_string()))
            .collect();
        assert_eq!(
            steps,
            vec![
                (AgreementStatus::Exploring, "2015-01-01".to_string()),
                (AgreementStatus::Negotiating, "2016-06-01".to_string()),
                (AgreementStatus::Signed, "2018-07-23".to_string()),
                (AgreementStatus::InForce, "2023-10-01".to_string()),
            ]
        );
        assert_eq!(in_force.status, AgreementStatus::InForce);
        // A status change dated before the signature is refused at its date.
        let mut before = talks.clone();
        before.in_force = None;
        before.status_from = Some("2017-01-01".into());
        let err = validate_agreement(&before, &Revision::of(today(), &negotiating)).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("before_signature", Some("status_from"))
        );
        // Going back in time is refused.
        let mut back = talks.clone();
        back.status = "exploring".into();
        back.signed = None;
        back.in_force = None;
        back.status_from = Some("2016-01-01".into());
        let err = validate_agreement(&back, &Revision::of(today(), &negotiating)).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("history_goes_back", Some("status_from"))
        );
        // Negotiating after the signature is refused.
        let mut after = talks.clone();
        after.status = "negotiating".into();
        after.in_force = None;
        after.status_history = Some(vec![StatusChangeInput {
            status: "negotiating".into(),
            from: "2019-01-01".into(),
            note: None,
        }]);
        let err = validate_agreement(&after, &new()).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("after_signature", Some("status_history[0].from"))
        );
        // A signed step that disagrees with the date of signature is refused.
        let mut mismatch = talks.clone();
        mismatch.status = "signed".into();
        mismatch.in_force = None;
        mismatch.status_from = Some("2018-08-01".into());
        let err = validate_agreement(&mismatch, &new()).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("status_date_mismatch", Some("status_from"))
        );
        // The date of a step fills the date of the agreement.
        let mut from_status = talks.clone();
        from_status.status = "signed".into();
        from_status.signed = None;
        from_status.in_force = None;
        from_status.status_from = Some("2018-07-23".into());
        let signed = validate_agreement(&from_status, &new()).unwrap();
        assert_eq!(signed.signed, Some(date("2018-07-23")));
    }

    #[test]
    fn the_status_said_to_hold_now_is_the_one_the_dates_give_now() {
        let (_, framework) = directive_and_framework_decision();
        let mut still = AgreementInput {
            title: framework.title.clone(),
            kind: "eu_instrument".into(),
            status: "in_force".into(),
            parties: framework.parties.clone(),
            signed: Some("2006-12-18".into()),
            in_force: Some("2006-12-30".into()),
            ended: Some("2024-12-11".into()),
            ..Default::default()
        };
        let err = validate_agreement(&still, &new()).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("status_outdated", Some("status"))
        );
        // Entered before its end, "in force" was right then.
        let in_2023 = Revision::new(date("2023-09-01"));
        assert!(validate_agreement(&still, &in_2023).is_ok());
        still.status = "ended".into();
        assert_eq!(
            validate_agreement(&still, &new()).unwrap().status,
            AgreementStatus::Ended
        );
    }

    #[test]
    fn only_binding_kinds_bind() {
        assert!(AgreementKind::Treaty.binding());
        assert!(AgreementKind::WorkingArrangement.binding());
        assert!(!AgreementKind::Mou.binding());
        assert!(!AgreementKind::LetterOfIntent.binding());
    }
}
