//! Retention of personal data (SPOC-14, WPG-02): the categories of personal data the node
//! keeps, the legal regime each one's term comes from, the rule in force for it (a setting),
//! and what a rule makes due on a day: a review, or the erasure.
//!
//! Nothing is erased without a decision unless the category's rule says `automatic`: the
//! daily job lists what is due, whoever decides for the category keeps it (until a date, with
//! a reason) or erases it, and the erasure itself removes the data from every recorded-time
//! version (docs/data-protection.md).
//!
//! A new category (the SPOC cases of issue 14: regime `wpg_art8`, first review at most six
//! months after the exchange is concluded, SPOC-14) is one variant here with its domain,
//! regime, clock and default rule, and in `app::retention` the query of its subjects and the
//! erasure it runs.

use crate::access::Permission;
use crate::data_domain::DataDomain;
use crate::error::{Invalid, Violation};
use crate::registry::{DeploymentStatus, Period};
use crate::text::check_line;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest term a rule may name, in months (a century: "keep").
pub const MAX_TERM_MONTHS: u32 = 1200;

/// The longest a single "keep" decision may postpone the next review: the data are looked at
/// again at least every five years ("regularly", Dir. 2023/977 Art 16(4)).
pub const MAX_KEEP_MONTHS: u32 = 60;

crate::choice! {
    /// The legal regime a category's retention term comes from (WPG-02). The Wpg regimes are
    /// the purposes of police data (Wpg Arts 8–13); each is removed from use after its term
    /// and then kept in an archive for five years before it is destroyed (Art 14).
    pub enum Regime ("retention regime") {
        /// AVG/GDPR: no longer than necessary for the purpose (Art 5(1)(e)); no statutory term,
        /// the node's policy sets it.
        Avg = "avg",
        /// Wpg Art 8, the daily police task: usable for one year, removed at the latest five
        /// years after the first processing.
        WpgArt8 = "wpg_art8",
        /// Wpg Art 9, an investigation into a specific serious breach of the legal order: kept
        /// while the investigation's purpose needs it.
        WpgArt9 = "wpg_art9",
        /// Wpg Art 10, an investigation into persons' involvement in serious crime. [check]
        /// the term: none is encoded, the rule's setting governs.
        WpgArt10 = "wpg_art10",
        /// Wpg Art 12, data from informants (CIE). [check] the term: none is encoded.
        WpgArt12 = "wpg_art12",
        /// Wpg Art 13, support of the police tasks (e.g. the processing of Arts 8–12).
        /// [check] the term: none is encoded.
        WpgArt13 = "wpg_art13",
    }
}

impl Regime {
    /// Months after which the law requires the data to be removed from use, when it fixes a
    /// term (Wpg Art 8(4): five years after the first processing).
    pub fn removal_months(self) -> Option<u32> {
        match self {
            Regime::WpgArt8 => Some(60),
            _ => None,
        }
    }

    /// Months the data are kept in the archive after removal before they are destroyed (Wpg
    /// Art 14: five years); none outside the Wpg.
    pub fn archive_months(self) -> Option<u32> {
        match self {
            Regime::Avg => None,
            _ => Some(60),
        }
    }

    /// The latest moment, in months from the clock's start, at which the data must be
    /// destroyed irrevocably: the removal term plus the archive (Wpg Arts 8, 14), when the
    /// law fixes both.
    pub fn destruction_max_months(self) -> Option<u32> {
        Some(self.removal_months()? + self.archive_months().unwrap_or(0))
    }
}

crate::choice! {
    /// A category of personal data kept by the node, each with its own retention rule.
    pub enum Category ("category of personal data") {
        /// A deployed officer's record in the registry: names, personnel number, rank and unit,
        /// with their contact record and the personal fields of their incidents. The
        /// deployments stay, pseudonymous, so that the overviews of their dates still count
        /// them.
        DeployedOfficer = "deployed_officer",
        /// How the staffing desk reaches a deployed officer and their next of kin: needed while
        /// the officer is (about to be) deployed, not after.
        OfficerContact = "officer_contact",
        /// A SPOC case's personal data (issue 14): the request with its facts and subjects,
        /// the texts of what was said on it, the messages, the cross-check keys. The case
        /// keeps its statistics (SPOC-14, Dir. 2023/977 Art 16(3)-(4)).
        SpocCase = "spoc_case",
    }
}

impl Category {
    /// The data domain whose tables hold the category.
    pub fn domain(self) -> DataDomain {
        match self {
            Category::DeployedOfficer | Category::OfficerContact => DataDomain::Registry,
            Category::SpocCase => DataDomain::Exchange,
        }
    }

    pub fn regime(self) -> Regime {
        match self {
            Category::DeployedOfficer | Category::OfficerContact => Regime::Avg,
            // Police data exchanged for the daily police task (Wpg Art 8).
            Category::SpocCase => Regime::WpgArt8,
        }
    }

    /// What starts the category's clock, for people (the API and the retention page).
    pub fn clock(self) -> &'static str {
        match self {
            Category::DeployedOfficer | Category::OfficerContact => {
                "the end of the officer's last deployment (the first recording when there is none); a running or open-ended deployment stops the clock"
            }
            Category::SpocCase => {
                "the conclusion of the exchange (for a case answered or refused and never concluded, its answer or refusal)"
            }
        }
    }

    /// Who may see the category's list and decide on it.
    pub fn decided_with(self) -> Permission {
        match self {
            Category::DeployedOfficer | Category::OfficerContact => Permission::PersonalErase,
            // The desk that handled the exchange judges whether its data are still needed.
            Category::SpocCase => Permission::CaseWrite,
        }
    }

    /// The latest first review the law allows, in months after the clock starts (SPOC-14:
    /// six months after the exchange is concluded, Dir. 2023/977 Art 16(4)).
    pub fn first_review_max_months(self) -> Option<u32> {
        match self {
            Category::DeployedOfficer | Category::OfficerContact => None,
            Category::SpocCase => Some(6),
        }
    }

    /// The rule when the settings name none. Our choices for the registry (AVG sets no term;
    /// to be confirmed by the privacy officer, docs/data-protection.md):
    /// - a deployed officer is reviewed a year after their last deployment ended (will they be
    ///   deployed again? is aftercare still running?) and is due for erasure after five years,
    ///   which the half-year reports and their questions in parliament do not outlive; a
    ///   person decides;
    /// - a contact record is due for erasure three months after the last deployment ended:
    ///   the staffing desk needs it during a deployment and its aftermath only.
    ///
    /// No default erases by itself: an irrevocable erasure without a decision is the data
    /// owner's choice to make in the settings (`automatic = true`), not ours.
    pub fn default_rule(self) -> Rule {
        match self {
            Category::DeployedOfficer => Rule {
                review_after_months: 12,
                erase_after_months: Some(60),
                automatic: false,
            },
            Category::OfficerContact => Rule {
                review_after_months: 1,
                erase_after_months: Some(3),
                automatic: false,
            },
            // SPOC-14: reviewed six months after the exchange ended (the latest the Directive
            // allows); due for erasure after five years (Wpg Art 8(4)); a person decides.
            Category::SpocCase => Rule {
                review_after_months: 6,
                erase_after_months: Some(60),
                automatic: false,
            },
        }
    }
}

/// The retention rule of one category: when its data are reviewed, when they are due for
/// erasure, and whether the node erases them by itself then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rule {
    /// Months after the clock's start of the first review.
    pub review_after_months: u32,
    /// Months after the clock's start at which the data are due for erasure (none: only a
    /// decision erases them).
    pub erase_after_months: Option<u32>,
    /// Erase without a decision once due (only with `erase_after_months`).
    pub automatic: bool,
}

/// Checks a category's rule as configured; `field` names the setting in messages (e.g.
/// `retention.deployed_officer`).
pub fn validate_rule(
    category: Category,
    field: &str,
    review_after_months: i64,
    erase_after_months: Option<i64>,
    automatic: bool,
) -> Invalid<Rule> {
    let months = |name: &str, value: i64| -> Invalid<u32> {
        if (1..=i64::from(MAX_TERM_MONTHS)).contains(&value) {
            Ok(value as u32)
        } else {
            Err(Violation::at(
                "invalid_retention",
                format!("{field}.{name}"),
                format!("a term is a number of months from 1 to {MAX_TERM_MONTHS}, not {value}"),
            ))
        }
    };
    let review = months("review_after_months", review_after_months)?;
    if let Some(max) = category.first_review_max_months()
        && review > max
    {
        return Err(Violation::at(
            "review_too_late",
            format!("{field}.review_after_months"),
            format!(
                "the first review of {category} is due at the latest {max} months after {}",
                category.clock()
            ),
        ));
    }
    let erase = erase_after_months
        .map(|value| months("erase_after_months", value))
        .transpose()?;
    if let Some(erase) = erase {
        if erase < review {
            return Err(Violation::at(
                "erase_before_review",
                format!("{field}.erase_after_months"),
                "the erasure term cannot come before the first review",
            ));
        }
        if let Some(max) = category.regime().destruction_max_months()
            && erase > max
        {
            return Err(Violation::at(
                "term_beyond_law",
                format!("{field}.erase_after_months"),
                format!(
                    "under {} the data must be destroyed at the latest {max} months after {}",
                    category.regime(),
                    category.clock()
                ),
            ));
        }
    }
    if automatic && erase.is_none() {
        return Err(Violation::at(
            "automatic_without_term",
            format!("{field}.automatic"),
            "an automatic erasure needs erase_after_months",
        ));
    }
    Ok(Rule {
        review_after_months: review,
        erase_after_months: erase,
        automatic,
    })
}

fn plus_months(date: Date, months: u32) -> Date {
    date.checked_add(i64::from(months).months())
        .unwrap_or(Date::MAX)
}

/// What a rule makes due for one subject on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Someone decides whether the data are still needed.
    Review { since: Date },
    /// The erasure term has passed: erase (by itself when `automatic`), or keep with a reason.
    Erase { since: Date, automatic: bool },
}

impl Due {
    pub fn code(self) -> &'static str {
        match self {
            Due::Review { .. } => "review",
            Due::Erase { .. } => "erase",
        }
    }

    pub fn since(self) -> Date {
        match self {
            Due::Review { since } | Due::Erase { since, .. } => since,
        }
    }
}

/// What is due on `today` for a subject whose clock started on `clock_start`, when the last
/// decision kept it until `keep_until` (None: never decided). A decision to keep holds until
/// its date, also against an automatic erasure: it is a decision.
pub fn due(rule: &Rule, clock_start: Date, keep_until: Option<Date>, today: Date) -> Option<Due> {
    if keep_until.is_some_and(|until| until > today) {
        return None;
    }
    if let Some(months) = rule.erase_after_months {
        let erase_at = plus_months(clock_start, months);
        if erase_at <= today {
            return Some(Due::Erase {
                since: keep_until.map_or(erase_at, |until| until.max(erase_at)),
                automatic: rule.automatic,
            });
        }
    }
    let review_at = plus_months(clock_start, rule.review_after_months);
    let review_at = keep_until.map_or(review_at, |until| until.max(review_at));
    (review_at <= today).then_some(Due::Review { since: review_at })
}

/// When the clock of an officer's data starts: the end of their last deployment that is not
/// cancelled, or `first_recorded` when there is none. None while a deployment runs without an
/// end: the purpose has not ended.
pub fn clock_start<'a>(
    deployments: impl IntoIterator<Item = (DeploymentStatus, &'a Period)>,
    first_recorded: Date,
) -> Option<Date> {
    let mut last_end: Option<Date> = None;
    for (status, period) in deployments {
        if status == DeploymentStatus::Cancelled {
            continue;
        }
        let end = period.end?;
        last_end = Some(last_end.map_or(end, |last| last.max(end)));
    }
    Some(last_end.unwrap_or(first_recorded))
}

/// Checks the date until which a decision keeps data: after `today`, at most
/// [`MAX_KEEP_MONTHS`] ahead, and not beyond what the category's regime allows.
pub fn check_keep_until(
    category: Category,
    clock_start: Date,
    today: Date,
    until: Date,
) -> Invalid<Date> {
    if until <= today {
        return Err(Violation::at(
            "keep_until_past",
            "keep_until",
            "a decision to keep names a date after today, when the data are reviewed again",
        ));
    }
    if until > plus_months(today, MAX_KEEP_MONTHS) {
        return Err(Violation::at(
            "keep_until_too_far",
            "keep_until",
            format!(
                "a decision keeps data for at most {MAX_KEEP_MONTHS} months; review them again by then"
            ),
        ));
    }
    if let Some(max) = category.regime().destruction_max_months() {
        let latest = plus_months(clock_start, max);
        if until > latest {
            return Err(Violation::at(
                "term_beyond_law",
                "keep_until",
                format!(
                    "under {} these data must be destroyed by {latest}",
                    category.regime()
                ),
            ));
        }
    }
    Ok(until)
}

crate::choice! {
    /// A decision on data due for review or erasure.
    pub enum Decision ("decision") {
        /// Still needed: reviewed again on `keep_until`.
        Keep = "keep",
        /// No longer needed: erased from every recorded-time version now.
        Erase = "erase",
    }
}

/// A decision as entered (API body or form).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    /// `keep` or `erase`.
    pub decision: String,
    /// Why; kept after an erasure, so it names no one.
    pub reason: String,
    /// For `keep`: the date of the next review, YYYY-MM-DD.
    #[serde(default)]
    pub keep_until: Option<String>,
}

/// The request to erase a person's data (`POST /api/v1/officers/{id}/erase`).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureInput {
    /// Why the data go (e.g. "verzoek tot wissing AVG art. 17, dienstverband beëindigd");
    /// at least two words. Kept after the erasure, so it must not name the person.
    pub reason: String,
}

/// The shortest reason accepted, in characters.
pub const MIN_REASON: usize = 10;
/// The longest reason accepted, in characters.
pub const MAX_REASON: usize = 500;

/// A reason for an erasure or a retention decision: meaningful (two words or more, at least
/// [`MIN_REASON`] characters) and free of the personal data it concerns, because it is kept
/// after the erasure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    /// Parses `value`; `personal` are the values the erasure removes (names, numbers,
    /// contact details), none of which the reason may contain. A reason is one line of text:
    /// control characters and bidirectional overrides are refused ([`check_line`]).
    pub fn parse(value: &str, personal: &[&str]) -> Invalid<Reason> {
        let value = value.trim();
        check_line("reason", value)?;
        let words = value
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if value.chars().count() < MIN_REASON || words < 2 {
            return Err(Violation::at(
                "reason_required",
                "reason",
                format!(
                    "state the reason in at least two words and {MIN_REASON} characters (e.g. 'request under GDPR Art 17, left the service'); it is kept with the erasure"
                ),
            ));
        }
        if value.chars().count() > MAX_REASON {
            return Err(Violation::at(
                "reason_too_long",
                "reason",
                format!("the reason is limited to {MAX_REASON} characters"),
            ));
        }
        let said = words_of(value);
        if personal.iter().any(|p| {
            let words = words_of(p);
            words.iter().map(String::len).sum::<usize>() >= 3
                && said.windows(words.len()).any(|w| w == words.as_slice())
        }) {
            return Err(Violation::at(
                "personal_data_in_reason",
                "reason",
                "the reason is kept after the erasure: leave out the person's name, personnel number and contact details",
            ));
        }
        Ok(Reason(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The words of a text, lower case, split at everything that is not a letter or digit: a
/// value is found as a whole ("Jan" is not in "januari", "PN-1234" is in "pn 1234").
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    const RULE: Rule = Rule {
        review_after_months: 12,
        erase_after_months: Some(60),
        automatic: false,
    };

    #[test]
    fn nothing_is_due_before_the_review_then_a_review_then_the_erasure() {
        let start = d("2024-01-31");
        assert_eq!(due(&RULE, start, None, d("2025-01-30")), None);
        assert_eq!(
            due(&RULE, start, None, d("2025-01-31")),
            Some(Due::Review {
                since: d("2025-01-31")
            })
        );
        assert_eq!(
            due(&RULE, start, None, d("2029-02-01")),
            Some(Due::Erase {
                since: d("2029-01-31"),
                automatic: false
            })
        );
    }

    #[test]
    fn a_decision_to_keep_holds_until_its_date_also_against_an_automatic_rule() {
        let rule = Rule {
            review_after_months: 1,
            erase_after_months: Some(3),
            automatic: true,
        };
        let start = d("2024-01-31");
        assert_eq!(
            due(&rule, start, None, d("2024-05-01")),
            Some(Due::Erase {
                since: d("2024-04-30"),
                automatic: true
            })
        );
        assert_eq!(
            due(&rule, start, Some(d("2024-06-01")), d("2024-05-01")),
            None
        );
        // Once the date has passed the rule applies again, from that date.
        assert_eq!(
            due(&rule, start, Some(d("2024-06-01")), d("2024-06-02")),
            Some(Due::Erase {
                since: d("2024-06-01"),
                automatic: true
            })
        );
        // A kept review comes back on its date.
        assert_eq!(
            due(&RULE, start, Some(d("2026-03-01")), d("2026-03-01")),
            Some(Due::Review {
                since: d("2026-03-01")
            })
        );
    }

    #[test]
    fn a_rule_without_an_erasure_term_only_asks_for_reviews() {
        let rule = Rule {
            review_after_months: 6,
            erase_after_months: None,
            automatic: false,
        };
        assert_eq!(
            due(&rule, d("2000-01-01"), None, d("2026-01-01")),
            Some(Due::Review {
                since: d("2000-07-01")
            })
        );
    }

    #[test]
    fn the_clock_starts_at_the_last_end_and_stops_for_a_running_deployment() {
        use DeploymentStatus::*;
        let p = |start: &str, end: Option<&str>| Period {
            start: d(start),
            end: end.map(d),
        };
        let (a, b, open) = (
            p("2022-01-01", Some("2022-06-30")),
            p("2023-01-01", Some("2023-12-31")),
            p("2025-01-01", None),
        );
        let first = d("2021-05-01");
        assert_eq!(
            clock_start([(Ended, &a), (Evacuated, &b)], first),
            Some(d("2023-12-31"))
        );
        assert_eq!(clock_start([(Ended, &a), (Planned, &open)], first), None);
        // A cancelled deployment neither counts nor stops the clock.
        assert_eq!(
            clock_start([(Ended, &a), (Cancelled, &open)], first),
            Some(d("2022-06-30"))
        );
        assert_eq!(clock_start([], first), Some(first));
    }

    #[test]
    fn rules_are_checked_against_their_settings_and_the_law() {
        let field = "retention.deployed_officer";
        assert_eq!(
            validate_rule(Category::DeployedOfficer, field, 12, Some(60), false),
            Ok(RULE)
        );
        let refused = |review, erase, automatic| {
            validate_rule(Category::DeployedOfficer, field, review, erase, automatic).unwrap_err()
        };
        assert_eq!(
            refused(0, None, false).field.as_deref(),
            Some("retention.deployed_officer.review_after_months")
        );
        assert_eq!(refused(12, Some(6), false).code, "erase_before_review");
        assert_eq!(
            refused(12, None, true).field.as_deref(),
            Some("retention.deployed_officer.automatic")
        );
        assert_eq!(refused(12, Some(1201), false).code, "invalid_retention");
        for category in Category::ALL {
            let rule = category.default_rule();
            assert_eq!(
                validate_rule(
                    *category,
                    "r",
                    i64::from(rule.review_after_months),
                    rule.erase_after_months.map(i64::from),
                    rule.automatic
                ),
                Ok(rule),
                "{category}"
            );
        }
    }

    #[test]
    fn wpg_article_8_data_are_destroyed_within_five_years_and_the_archive() {
        // WPG-02: Art 8 removal after at most 5 years, then Art 14's 5-year archive.
        assert_eq!(Regime::WpgArt8.removal_months(), Some(60));
        assert_eq!(Regime::WpgArt8.archive_months(), Some(60));
        assert_eq!(Regime::WpgArt8.destruction_max_months(), Some(120));
        assert_eq!(Regime::Avg.destruction_max_months(), None);
        assert_eq!(Regime::WpgArt9.archive_months(), Some(60));
        assert_eq!(Regime::WpgArt9.destruction_max_months(), None);
    }

    #[test]
    fn keeping_needs_a_date_after_today_within_five_years() {
        let today = d("2026-03-16");
        let start = d("2024-01-31");
        assert_eq!(
            check_keep_until(Category::DeployedOfficer, start, today, d("2027-03-16")),
            Ok(d("2027-03-16"))
        );
        for (until, code) in [
            ("2026-03-16", "keep_until_past"),
            ("2031-03-17", "keep_until_too_far"),
        ] {
            let refused =
                check_keep_until(Category::DeployedOfficer, start, today, d(until)).unwrap_err();
            assert_eq!(
                (refused.code, refused.field.as_deref()),
                (code, Some("keep_until"))
            );
        }
    }

    #[test]
    fn a_reason_is_meaningful_and_names_no_one() {
        let personal = ["Jan", "Zwanenburg", "PN-1234", ""];
        assert!(Reason::parse("verzoek AVG art. 17, uit dienst", &personal).is_ok());
        assert!(Reason::parse("verzoek van januari 2026", &personal).is_ok());
        for (reason, code) in [
            ("", "reason_required"),
            ("weg", "reason_required"),
            ("1234567890123", "reason_required"),
            ("verzoek van J. Zwanenburg zelf", "personal_data_in_reason"),
            ("verzoek van jan zelf", "personal_data_in_reason"),
            ("nummer pn-1234 vervalt", "personal_data_in_reason"),
        ] {
            let refused = Reason::parse(reason, &personal).unwrap_err();
            assert_eq!(
                (refused.code, refused.field.as_deref()),
                (code, Some("reason")),
                "{reason}"
            );
        }
        let long = "woord ".repeat(100);
        assert_eq!(
            Reason::parse(&long, &[]).unwrap_err().code,
            "reason_too_long"
        );
    }

    /// #10: free text refuses control characters and bidirectional overrides — the
    /// erasure/retention reason, kept for good, accepted a C0 control, a C1 control and U+202E.
    #[test]
    fn a_reason_refuses_control_characters_and_bidi_overrides() {
        for bad in [
            '\u{7}', '\n', '\u{1b}', '\u{85}', '\u{9b}', '\u{202E}', '\u{2066}',
        ] {
            let reason = format!("verzoek AVG art. 17,{bad} uit dienst");
            let refused = Reason::parse(&reason, &[]).unwrap_err();
            assert_eq!(
                (refused.code, refused.field.as_deref()),
                ("invalid_character", Some("reason")),
                "U+{:04X}",
                u32::from(bad)
            );
        }
        assert!(Reason::parse("verzoek AVG art. 17, uit dienst", &[]).is_ok());
    }
}
