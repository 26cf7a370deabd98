//! Roles and permissions: who may do what. Least privilege: each role gets what its task needs.

use crate::error::{Invalid, Violation};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A role a user can hold; a user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Manages accounts and roles; full access to the registry.
    Admin,
    /// Ministry / international affairs: the registry and its aggregates, no officers' names.
    Policy,
    /// Staffing of missions: officers and their deployments, including personal data.
    Deployment,
    /// The 24/7 single point of contact desk.
    Spoc,
    /// DNA and fingerprint experts.
    Forensic,
    /// Liaison officers abroad.
    Liaison,
    /// Data protection officer / auditor: reads the audit trail, not case content.
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Policy,
        Role::Deployment,
        Role::Spoc,
        Role::Forensic,
        Role::Liaison,
        Role::Supervisor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Policy => "policy",
            Role::Deployment => "deployment",
            Role::Spoc => "spoc",
            Role::Forensic => "forensic",
            Role::Liaison => "liaison",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn parse(value: &str) -> Invalid<Role> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == value.trim())
            .ok_or_else(|| {
                Violation::at(
                    "unknown_role",
                    "role",
                    format!(
                        "{} is not a role; the roles are: {}",
                        crate::text::echo(value.trim()),
                        Role::ALL.map(Role::as_str).join(", ")
                    ),
                )
            })
    }

    /// What this role may do.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &[
                RegistryRead,
                RegistryWrite,
                PersonalRead,
                PersonalWrite,
                PersonalErase,
                ReportRead,
                UsersManage,
                AuditPurge,
            ],
            // The Art 18 statistics are counts without personal data: the ministry reports them.
            Role::Policy => &[RegistryRead, RegistryWrite, ReportRead, CaseStatistics],
            Role::Deployment => &[
                RegistryRead,
                RegistryWrite,
                PersonalRead,
                PersonalWrite,
                PersonalErase,
                ReportRead,
            ],
            // The desk reads the registry (agreements and legal bases, partners) and works its
            // own cases (SPOC-01), which hold personal data under the Wpg: each read audited
            // with its purpose (SPOC-13).
            Role::Spoc => &[RegistryRead, CaseRead, CaseWrite, CaseStatistics],
            // They read the registry but no personal data; their own registries arrive with
            // later capabilities.
            Role::Forensic | Role::Liaison => &[RegistryRead],
            Role::Supervisor => &[AuditRead],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing a route or use case requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Read partners, missions, teams and counts.
    RegistryRead,
    /// Create and change partners, missions and teams.
    RegistryWrite,
    /// Read officers' names and personal details (each read audited with its purpose).
    PersonalRead,
    /// Create and change officers and deployments.
    PersonalWrite,
    /// Erase a person's data from every recorded-time version, and decide on the data that
    /// their retention rule makes due (SPOC-14, WPG-02).
    PersonalErase,
    /// Produce the aggregate reports.
    ReportRead,
    /// Read and verify the audit trail.
    AuditRead,
    /// Remove audit segments past their retention (leaving signed tombstones). The operator's
    /// duty, not the supervisor's: whoever checks the trail cannot also shorten it.
    AuditPurge,
    /// Manage user accounts and roles.
    UsersManage,
    /// Read the SPOC desk's cases: their requests, subjects and communications (personal data
    /// under the Wpg; each read audited with its purpose, SPOC-13).
    CaseRead,
    /// Record, answer, refuse and conclude SPOC cases.
    CaseWrite,
    /// The SPOC statistics of Art 18 (counts, no personal data).
    CaseStatistics,
}

impl Permission {
    pub const ALL: [Permission; 12] = [
        Permission::RegistryRead,
        Permission::RegistryWrite,
        Permission::PersonalRead,
        Permission::PersonalWrite,
        Permission::PersonalErase,
        Permission::ReportRead,
        Permission::AuditRead,
        Permission::AuditPurge,
        Permission::UsersManage,
        Permission::CaseRead,
        Permission::CaseWrite,
        Permission::CaseStatistics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::RegistryRead => "registry.read",
            Permission::RegistryWrite => "registry.write",
            Permission::PersonalRead => "personal.read",
            Permission::PersonalWrite => "personal.write",
            Permission::PersonalErase => "personal.erase",
            Permission::ReportRead => "report.read",
            Permission::AuditRead => "audit.read",
            Permission::AuditPurge => "audit.purge",
            Permission::UsersManage => "users.manage",
            Permission::CaseRead => "case.read",
            Permission::CaseWrite => "case.write",
            Permission::CaseStatistics => "case.statistics",
        }
    }
}

/// Refuses roles that one account may not hold together. The supervisor checks what the
/// admins do (reads the audit trail of their actions); an admin who could also supervise would
/// check themselves, so `admin` and `supervisor` never go on one account (separation of duties,
/// BNL-03 sample checks and the improper-consultation register).
pub fn check_separation(roles: &[Role]) -> Invalid<()> {
    if roles.contains(&Role::Admin) && roles.contains(&Role::Supervisor) {
        return Err(Violation::at(
            "separation_of_duties",
            "roles",
            "admin and supervisor cannot be held by one account: the supervisor checks what admins do",
        ));
    }
    Ok(())
}

/// Whether any of `roles` grants `permission`.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles
        .iter()
        .any(|role| role.permissions().contains(&permission))
}

/// The longest stated purpose, in characters.
pub const PURPOSE_MAX_CHARS: usize = 200;

/// A letter that counts towards a purpose's words: Latin letters with their accented forms
/// (the Dutch, English, French and German the desks write in), one class that every regular
/// expression engine reads alike.
macro_rules! purpose_letter {
    () => {
        "[A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F]"
    };
}

/// A character of one line of text: no control character, no bidirectional control (as
/// `text::check_line`).
macro_rules! line_char {
    () => {
        "[^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]"
    };
}

/// What a stated purpose must be, as a regular expression (published in the API's schema):
/// one line of text with two words of at least two letters each, a space between them. `.....`
/// or `x` does not pass for a reason (BNL-03: a reason per consultation). [`Purpose::parse`]
/// applies exactly this rule; a test holds the two together.
pub const PURPOSE_PATTERN: &str = concat!(
    "^",
    line_char!(),
    "*",
    purpose_letter!(),
    "{2}",
    line_char!(),
    "* ",
    line_char!(),
    "*",
    purpose_letter!(),
    "{2}",
    line_char!(),
    "*$"
);

fn is_purpose_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{24F}')
}

/// A stated reason for reading personal data; required and recorded in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose(String);

impl Purpose {
    /// A purpose says something: [`PURPOSE_PATTERN`] in words — two words of two letters or
    /// more with a space between them, one line of at most [`PURPOSE_MAX_CHARS`] characters.
    pub fn parse(value: Option<&str>) -> Invalid<Purpose> {
        let value = value.unwrap_or_default();
        if value.chars().count() > PURPOSE_MAX_CHARS {
            return Err(Violation::at(
                "purpose_too_long",
                "purpose",
                format!("the purpose is limited to {PURPOSE_MAX_CHARS} characters"),
            ));
        }
        // Part of the purpose's form, as the published pattern says (a 400, not a 422).
        crate::text::check_line("purpose", value).map_err(|v| Violation {
            code: "purpose_invalid_character",
            ..v
        })?;
        let chars: Vec<char> = value.chars().collect();
        let pairs: Vec<usize> = (1..chars.len())
            .filter(|&i| is_purpose_letter(chars[i - 1]) && is_purpose_letter(chars[i]))
            .collect();
        // A space after the end of the first pair of letters and before the start of the last.
        let said = match (pairs.first(), pairs.last()) {
            (Some(&first_end), Some(&last_second)) => {
                (first_end + 1..last_second.saturating_sub(1)).any(|i| chars[i] == ' ')
            }
            _ => false,
        };
        if !said {
            return Err(Purpose::missing());
        }
        Ok(Purpose(value.trim().to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The refusal of a read of personal data without a purpose.
    pub fn missing() -> Violation {
        Violation::at(
            "purpose_required",
            "purpose",
            "reading personal data requires a purpose in words, at least two of them (e.g. 'staffing EULEX rotation'); it is recorded in the audit trail",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_sees_aggregates_but_no_personal_data() {
        assert!(allows(&[Role::Policy], Permission::ReportRead));
        assert!(!allows(&[Role::Policy], Permission::PersonalRead));
        assert!(allows(&[Role::Deployment], Permission::PersonalRead));
        assert!(allows(&[Role::Admin], Permission::PersonalRead));
    }

    #[test]
    fn only_the_staffing_desk_and_the_admin_erase_personal_data() {
        // SPOC-14: the erasure is irrevocable, so it is a permission of its own.
        let erasing: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| allows(&[*r], Permission::PersonalErase))
            .collect();
        assert_eq!(erasing, [Role::Admin, Role::Deployment]);
    }

    #[test]
    fn supervisor_reads_the_audit_trail_and_no_content() {
        assert_eq!(Role::Supervisor.permissions(), &[Permission::AuditRead]);
        assert!(!allows(&[Role::Admin], Permission::AuditRead));
    }

    #[test]
    fn several_roles_combine() {
        assert!(allows(
            &[Role::Spoc, Role::Supervisor],
            Permission::AuditRead
        ));
        assert!(!allows(&[], Permission::RegistryRead));
    }

    #[test]
    fn admin_and_supervisor_never_share_an_account() {
        assert_eq!(
            check_separation(&[Role::Admin, Role::Supervisor])
                .unwrap_err()
                .code,
            "separation_of_duties"
        );
        assert_eq!(
            check_separation(&[Role::Supervisor, Role::Policy, Role::Admin])
                .unwrap_err()
                .field
                .as_deref(),
            Some("roles")
        );
        for allowed in [
            &[Role::Admin][..],
            &[Role::Supervisor],
            &[Role::Admin, Role::Policy, Role::Deployment],
            &[Role::Supervisor, Role::Spoc],
        ] {
            assert_eq!(check_separation(allowed), Ok(()), "{allowed:?}");
        }
    }

    #[test]
    fn roles_parse_by_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()).unwrap(), role);
        }
        assert_eq!(Role::parse("root").unwrap_err().code, "unknown_role");
    }

    #[test]
    fn a_purpose_is_required() {
        assert!(Purpose::parse(None).is_err());
        assert!(Purpose::parse(Some("  ")).is_err());
        assert_eq!(
            Purpose::parse(Some(" staffing review ")).unwrap().as_str(),
            "staffing review"
        );
    }

    #[test]
    fn a_purpose_says_something_in_words() {
        for empty in [
            ".....",
            "x",
            "staffing",
            "12345 67890",
            "a b",
            "!!!!! ?????",
            "DSAR 2024",
        ] {
            assert_eq!(
                Purpose::parse(Some(empty)).unwrap_err().code,
                "purpose_required",
                "{empty:?}"
            );
        }
        for good in ["HR check", "zorgplicht EULEX", "verzoek betrokkene 2024-17"] {
            assert!(Purpose::parse(Some(good)).is_ok(), "{good:?}");
        }
        assert_eq!(
            Purpose::parse(Some("staffing\nreview")).unwrap_err().code,
            "purpose_invalid_character"
        );
        assert_eq!(
            Purpose::parse(Some("staffing \u{202e}review"))
                .unwrap_err()
                .code,
            "purpose_invalid_character"
        );
    }

    proptest::proptest! {
        /// The rule and the pattern the API's schema publishes for it accept the same texts, so
        /// a client that follows the schema is never refused (issue 12).
        #[test]
        fn the_purpose_rule_is_its_published_pattern(
            text in "[ abcXYZéÿĀɏΩж19_.,\\-\\n\\t\u{85}\u{202e}\u{2066}]{0,12}"
        ) {
            let pattern = regex::Regex::new(PURPOSE_PATTERN).unwrap();
            proptest::prop_assert_eq!(
                Purpose::parse(Some(&text)).is_ok(),
                pattern.is_match(&text),
                "{:?}", text
            );
        }
    }

    #[test]
    fn a_long_purpose_is_refused_at_the_published_length() {
        let long = format!("staffing {}", "x".repeat(PURPOSE_MAX_CHARS - 9));
        assert!(Purpose::parse(Some(&long)).is_ok());
        assert_eq!(
            Purpose::parse(Some(&format!("{long}x"))).unwrap_err().code,
            "purpose_too_long"
        );
    }
}
