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
                        "'{}' is not a role; the roles are: {}",
                        value.trim(),
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
            Role::Policy => &[RegistryRead, RegistryWrite, ReportRead],
            Role::Deployment => &[
                RegistryRead,
                RegistryWrite,
                PersonalRead,
                PersonalWrite,
                PersonalErase,
                ReportRead,
            ],
            // They read the registry (agreements and legal bases, partners, placements) but
            // no personal data; their own case registries arrive with later capabilities.
            Role::Spoc | Role::Forensic | Role::Liaison => &[RegistryRead],
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
}

impl Permission {
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
        }
    }
}

/// Whether any of `roles` grants `permission`.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles
        .iter()
        .any(|role| role.permissions().contains(&permission))
}

/// A stated reason for reading personal data; required and recorded in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose(String);

impl Purpose {
    pub fn parse(value: Option<&str>) -> Invalid<Purpose> {
        let value = value.map(str::trim).unwrap_or_default();
        if value.chars().count() < 5 {
            return Err(Purpose::missing());
        }
        if value.chars().count() > 200 {
            return Err(Violation::at(
                "purpose_too_long",
                "purpose",
                "the purpose is limited to 200 characters",
            ));
        }
        Ok(Purpose(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The refusal of a read of personal data without a purpose.
    pub fn missing() -> Violation {
        Violation::at(
            "purpose_required",
            "purpose",
            "reading personal data requires a purpose of at least 5 characters (e.g. 'staffing EULEX rotation'); it is recorded in the audit trail",
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
}
