//! Every route of the node, declared once: method, path, who may call it, what it does.
//! The router, the access gate, the OpenAPI document and the access test are all built from
//! this table.

use crate::WebState;
use crate::api::{accounts, instruments, registry, reports, retention, spoc, supervision};
use crate::auth::Access::{self, MetricsToken, Needs, NeedsAny, Public, SignedIn};
use crate::auth::Kind;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};
use grenzeloos_domain::access::Permission::*;
use grenzeloos_domain::assistance::Assistance;
use grenzeloos_domain::instruments::Instrument;
use grenzeloos_domain::instruments::{
    Amendment, Commitment, Contact, Development, Dossier, Incident, Placement, Programme,
    SecurityAssessment,
};

pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    /// JSON API or HTML page.
    pub kind: Kind,
    /// The OpenAPI schema of the JSON body, or `text/csv`.
    pub body: Option<&'static str>,
    /// Query parameters: name and description.
    pub query: &'static [(&'static str, &'static str)],
    /// The OpenAPI schema of a successful JSON answer, when documented.
    pub returns: Option<&'static str>,
    /// The status of a successful answer: 200, 201 (created) or 204 (no content).
    pub success: u16,
    pub handler: MethodRouter<WebState>,
}

pub(crate) fn route<H, T>(
    method: Method,
    path: &'static str,
    access: Access,
    summary: &'static str,
    handler: H,
) -> Route
where
    H: Handler<T, WebState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
    let kind = if path.starts_with("/api/") || path == "/healthz" || path == "/metrics" {
        Kind::Api
    } else {
        Kind::Page
    };
    Route {
        method,
        path,
        access,
        summary,
        kind,
        body: None,
        query: &[],
        returns: None,
        success: 200,
        handler: on(filter, handler),
    }
}

impl Route {
    pub(crate) fn body(mut self, schema: &'static str) -> Route {
        self.body = Some(schema);
        self
    }

    /// Answers 201 Created with the new record.
    pub(crate) fn created(mut self) -> Route {
        self.success = 201;
        self
    }

    /// Answers 204 No Content.
    pub(crate) fn no_content(mut self) -> Route {
        self.success = 204;
        self
    }

    pub(crate) fn returns(mut self, schema: &'static str) -> Route {
        self.returns = Some(schema);
        self
    }

    pub(crate) fn query(mut self, query: &'static [(&'static str, &'static str)]) -> Route {
        self.query = query;
        self
    }
}

const AS_OF: &[(&str, &str)] = &[("as_of", "Reference date YYYY-MM-DD (default: today)")];
const AS_OF_STATUS: &[(&str, &str)] = &[(
    "as_of",
    "The date whose status each record reports as status_on, YYYY-MM-DD (default: today)",
)];
const LEGAL_BASIS_QUERY: &[(&str, &str)] = &[
    (
        "kind",
        "information_request, prum_dna, prum_dactyloscopy, prum_vehicle, anpr, hot_pursuit, cross_border_observation, joint_operation or assistance",
    ),
    (
        "partner",
        "The partner: its code (a state's ISO code, e.g. BE, or an organisation's, e.g. INTERPOL) or its name (België, Belgium), case and accents ignored; 422 unknown_partner when no registered partner or state has that code or name",
    ),
    (
        "date",
        "The date of the exchange, YYYY-MM-DD (default: today)",
    ),
];
const PURPOSE: &[(&str, &str)] = &[(
    "purpose",
    "Why you read these personal data (recorded in the audit trail); or the X-Purpose header",
)];

/// The query of reading an instrument: a purpose for personal data, the reference date of
/// `status_on` for a kind with a status history.
fn read_query<I: Instrument>() -> &'static [(&'static str, &'static str)] {
    match (I::PERSONAL, I::HAS_STATUS) {
        (true, _) => PURPOSE,
        (false, true) => AS_OF_STATUS,
        (false, false) => &[],
    }
}

/// The four routes of an instrument kept as a document: list, create, read (with history),
/// change. `$what` completes the summaries.
macro_rules! instrument_routes {
    ($kind:ty, $path:literal, $what:literal, $schema:literal) => {{
        let access = if <$kind as Instrument>::PERSONAL {
            (Needs(PersonalRead), Needs(PersonalWrite))
        } else {
            (Needs(RegistryRead), Needs(RegistryWrite))
        };
        vec![
            route(
                Method::GET,
                $path,
                access.0,
                concat!("List ", $what),
                instruments::list::<$kind>,
            )
            .query(read_query::<$kind>()),
            route(
                Method::POST,
                $path,
                access.1,
                concat!("Record one of the ", $what),
                instruments::create::<$kind>,
            )
            .created()
            .body($schema),
            route(
                Method::GET,
                concat!($path, "/{id}"),
                access.0,
                concat!("One of the ", $what, ", with every recorded version"),
                instruments::one::<$kind>,
            )
            .query(read_query::<$kind>()),
            route(
                Method::PUT,
                concat!($path, "/{id}"),
                access.1,
                concat!("Change one of the ", $what, " (a new version)"),
                instruments::update::<$kind>,
            )
            .body($schema),
        ]
    }};
}

pub fn routes() -> Vec<Route> {
    use Method as M;
    let mut routes = vec![
        route(
            M::POST,
            "/api/v1/session",
            Public,
            "Sign in; sets the session cookie and returns the CSRF token",
            accounts::login,
        )
        .body("Login"),
        route(
            M::GET,
            "/api/v1/session",
            SignedIn,
            "Who am I: roles and permissions",
            accounts::whoami,
        ),
        route(
            M::DELETE,
            "/api/v1/session",
            SignedIn,
            "Sign out",
            accounts::logout,
        ).no_content(),
        route(
            M::GET,
            "/api/v1/tokens",
            SignedIn,
            "My personal API tokens",
            accounts::tokens,
        ),
        route(
            M::POST,
            "/api/v1/tokens",
            SignedIn,
            "Create a personal API token (the secret is shown once)",
            accounts::create_token,
        ).created()
        .body("NewToken"),
        route(
            M::DELETE,
            "/api/v1/tokens/{id}",
            SignedIn,
            "Revoke one of my API tokens",
            accounts::revoke_token,
        ).no_content(),
        route(
            M::GET,
            "/api/v1/users",
            Needs(UsersManage),
            "User accounts and their roles",
            accounts::users,
        ),
        route(
            M::POST,
            "/api/v1/users",
            Needs(UsersManage),
            "Create a user account",
            accounts::add_user,
        ).created()
        .body("NewUserBody"),
        route(
            M::PUT,
            "/api/v1/users/{id}",
            Needs(UsersManage),
            "Change a user's roles or deactivate the account (not one's own)",
            accounts::set_user_access,
        )
        .body("UserAccess"),
        route(
            M::POST,
            "/api/v1/users/{id}/unlock",
            Needs(UsersManage),
            "Let sign-ins to the account go ahead again at once, after failed attempts",
            accounts::unlock_user,
        ),
        route(
            M::GET,
            "/api/v1/partners",
            Needs(RegistryRead),
            "Partner states and organisations",
            registry::partners,
        ),
        route(
            M::POST,
            "/api/v1/partners",
            Needs(RegistryWrite),
            "Register a partner",
            registry::create_partner,
        ).created()
        .body("PartnerInput"),
        route(
            M::GET,
            "/api/v1/missions",
            Needs(RegistryRead),
            "Missions with country, station and officers on a date",
            registry::missions,
        )
        .query(AS_OF),
        route(
            M::POST,
            "/api/v1/missions",
            Needs(RegistryWrite),
            "Register a mission",
            registry::create_mission,
        ).created()
        .body("MissionInput"),
        route(
            M::GET,
            "/api/v1/missions/{id}",
            Needs(RegistryRead),
            "A mission with its location history and teams",
            registry::mission,
        )
        .query(AS_OF),
        route(
            M::PUT,
            "/api/v1/missions/{id}",
            Needs(RegistryWrite),
            "Correct a mission",
            registry::update_mission,
        )
        .body("MissionInput"),
        route(
            M::POST,
            "/api/v1/missions/{id}/locations",
            Needs(RegistryWrite),
            "Record a change of country or duty station from a date",
            registry::record_location,
        ).created()
        .body("LocationInput"),
        route(
            M::GET,
            "/api/v1/teams",
            Needs(RegistryRead),
            "Specialised teams",
            registry::teams,
        ),
        route(
            M::POST,
            "/api/v1/teams",
            Needs(RegistryWrite),
            "Register a specialised team",
            registry::create_team,
        ).created()
        .body("TeamInput"),
        route(
            M::GET,
            "/api/v1/teams/{id}",
            Needs(RegistryRead),
            "A specialised team",
            registry::team,
        ),
        route(
            M::PUT,
            "/api/v1/teams/{id}",
            Needs(RegistryWrite),
            "Change a specialised team",
            registry::update_team,
        )
        .body("TeamInput"),
        route(
            M::GET,
            "/api/v1/officers",
            Needs(PersonalRead),
            "Officers (personal data; audited with the purpose)",
            registry::officers,
        )
        .query(PURPOSE),
        route(
            M::POST,
            "/api/v1/officers",
            Needs(PersonalWrite),
            "Register an officer",
            registry::create_officer,
        ).created()
        .body("OfficerInput"),
        route(
            M::GET,
            "/api/v1/officers/{id}",
            Needs(PersonalRead),
            "An officer with their deployments (audited)",
            registry::officer,
        )
        .query(PURPOSE),
        route(
            M::PUT,
            "/api/v1/officers/{id}",
            Needs(PersonalWrite),
            "Correct an officer's data",
            registry::update_officer,
        )
        .body("OfficerInput"),
        route(
            M::POST,
            "/api/v1/officers/{id}/erase",
            Needs(PersonalErase),
            "Erase an officer's personal data irrevocably from every recorded version, with contacts and incidents; the deployments stay and still count (SPOC-14)",
            retention::erase_officer,
        )
        .body("ErasureInput"),
        // The SPOC desk (issue 14, Directive (EU) 2023/977).
        route(
            M::POST,
            "/api/v1/spoc/requests",
            Needs(CaseWrite),
            "Record a SPOC case: its deadline (SPOC-05) and the related cases found by the cross-check (SPOC-04)",
            spoc::create,
        )
        .body("SpocNewCase")
        .created(),
        route(
            M::GET,
            "/api/v1/spoc/requests",
            Needs(CaseRead),
            "The open SPOC cases, soonest due first, with their standing (no personal data)",
            spoc::open,
        )
        .query(&[
            ("partner", "Only this partner's cases (ISO code)"),
            ("urgency", "urgent or non_urgent"),
            ("status", "Only cases in this status"),
            ("assignee", "Only this operator's cases; - for those nobody has taken up"),
        ]),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/start",
            Needs(CaseWrite),
            "Take up a received case: it becomes yours",
            spoc::start,
        ),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/conclude",
            Needs(CaseWrite),
            "Conclude a case: its personal data come up for review six months later (SPOC-14)",
            spoc::conclude,
        ),
        route(
            M::GET,
            "/api/v1/spoc/requests/{id}",
            Needs(CaseRead),
            "One SPOC case with its status, deadline, related cases, communications and outbox (audited with its purpose, SPOC-13)",
            spoc::one,
        )
        .query(&[(
            "purpose",
            "Why you read the case (recorded in the audit trail); or the X-Purpose header; default: the handling of the request",
        )]),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/answer",
            Needs(CaseWrite),
            "Answer a request, in its language (SPOC-08), with consent for information from other states (BNL-01)",
            spoc::answer,
        )
        .body("SpocAnswer"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/refusal",
            Needs(CaseWrite),
            "Refuse all or part of a request on grounds of Art 6(1) (SPOC-07)",
            spoc::refusal,
        )
        .body("SpocRefusal"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/judicial-delay",
            Needs(CaseWrite),
            "Notify a delay for judicial authorisation: expected length and reasons (Art 5(2), SPOC-06)",
            spoc::judicial_delay,
        )
        .body("SpocJudicialDelay"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/clarification-request",
            Needs(CaseWrite),
            "Ask the requester for a clarification: the clock stops (Art 6(3), SPOC-07)",
            spoc::clarification_request,
        )
        .body("SpocClarificationRequest"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/clarification",
            Needs(CaseWrite),
            "Record the clarification received: the clock runs again, the deadline moved later",
            spoc::clarification,
        )
        .body("SpocClarification"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/consent",
            Needs(CaseWrite),
            "Record a state information on the case came from, and its consent to passing it on: requested, given or refused (Art 6(1)(h), BNL-01)",
            spoc::consent,
        )
        .body("SpocConsent"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/oral-confirmation",
            Needs(CaseWrite),
            "Record the written confirmation of an oral Benelux request, due within 24 hours (BNL-02)",
            spoc::oral_confirmation,
        )
        .body("SpocOralConfirmation"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/transfer-assessment",
            Needs(CaseWrite),
            "Record the transfer assessment for a third country before anything is sent: adequacy, safeguards or a derogation, its necessity and who decided (LED-03)",
            spoc::transfer_assessment,
        )
        .body("SpocTransferAssessment"),
        route(
            M::POST,
            "/api/v1/spoc/requests/{id}/erase",
            Needs(CaseWrite),
            "Erase a closed case's personal data irrevocably; its statistics stay (SPOC-14)",
            spoc::erase,
        )
        .body("ErasureInput"),
        route(
            M::GET,
            "/api/v1/spoc/languages",
            Needs(CaseRead),
            "The languages each partner accepts for requests besides English (Art 11, SPOC-08)",
            spoc::languages,
        ),
        route(
            M::PUT,
            "/api/v1/spoc/languages/{partner}",
            Needs(CaseWrite),
            "Record the languages a partner accepts for requests; English is always accepted (Art 11, SPOC-08)",
            spoc::set_languages,
        )
        .body("SpocLanguages"),
        route(
            M::GET,
            "/api/v1/spoc/judicial-contacts",
            Needs(CaseRead),
            "Who can give a judicial authorisation, duties not yet over (Art 14(3), SPOC-15; audited)",
            spoc::judicial_contacts,
        ),
        route(
            M::POST,
            "/api/v1/spoc/judicial-contacts",
            Needs(CaseWrite),
            "Record an on-call duty for judicial authorisation (SPOC-15)",
            spoc::add_judicial_contact,
        )
        .body("SpocJudicialContact")
        .created(),
        route(
            M::POST,
            "/api/v1/spoc/judicial-contacts/{id}/withdraw",
            Needs(CaseWrite),
            "Withdraw an on-call duty (SPOC-15)",
            spoc::withdraw_judicial_contact,
        )
        .no_content(),
        route(
            M::GET,
            "/api/v1/spoc/statistics",
            Needs(CaseStatistics),
            "The Art 18(2) statistics of a year (SPOC-12): counts, no personal data",
            spoc::statistics,
        )
        .query(&[("year", "The year, YYYY (default: this year)")]),
        route(
            M::GET,
            "/api/v1/retention",
            NeedsAny(RETENTION_DECIDERS),
            "What the retention rules make due for review or erasure, per category of personal data, with the rules and the daily job's last run (WPG-02)",
            retention::list,
        ),
        route(
            M::GET,
            "/api/v1/retention/rules",
            Needs(PersonalErase),
            "The retention rule in force per category of personal data",
            retention::rules,
        ),
        route(
            M::POST,
            "/api/v1/retention/{id}/decision",
            NeedsAny(RETENTION_DECIDERS),
            "Decide on data due for review or erasure: keep until a date, or erase now (audited)",
            retention::decide,
        )
        .body("DecisionInput"),
        route(
            M::GET,
            "/api/v1/deployments",
            Needs(PersonalRead),
            "Deployments with officers' names (audited)",
            registry::deployments,
        )
        .query(&[
            ("purpose", "Why you read these personal data"),
            ("mission_id", "Only this mission"),
            ("officer_id", "Only this officer"),
            ("on", "Only deployments running on this date"),
        ]),
        route(
            M::POST,
            "/api/v1/deployments",
            Needs(PersonalWrite),
            "Register a deployment (consent needed before it is deployed)",
            registry::create_deployment,
        ).created()
        .body("DeploymentInput"),
        route(
            M::GET,
            "/api/v1/deployments/{id}",
            Needs(PersonalRead),
            "A deployment (audited)",
            registry::deployment,
        )
        .query(PURPOSE),
        route(
            M::PUT,
            "/api/v1/deployments/{id}",
            Needs(PersonalWrite),
            "Change a deployment, record consent",
            registry::update_deployment,
        )
        .body("DeploymentInput"),
        route(M::GET, "/api/v1/agreements", Needs(RegistryRead), "Agreements: treaties, EU instruments, MoUs, letters of intent, working arrangements; each with its status on a date", registry::agreements).query(AS_OF),
        route(M::POST, "/api/v1/agreements", Needs(RegistryWrite), "Register an agreement (an MoU is never a legal basis)", registry::create_agreement).created().body("AgreementInput"),
        route(M::GET, "/api/v1/agreements/{id}", Needs(RegistryRead), "An agreement, with its status history and its status on a date", registry::agreement).query(AS_OF),
        route(M::PUT, "/api/v1/agreements/{id}", Needs(RegistryWrite), "Change an agreement (a new version)", registry::update_agreement).body("AgreementInput"),
        route(M::GET, "/api/v1/legal-bases", Needs(RegistryRead), "Agreements that are the legal basis for an exchange with a partner on a date, with the article and the answer in words", registry::legal_bases).query(LEGAL_BASIS_QUERY),
        route(M::GET, "/api/v1/legal-bases/assessment", Needs(RegistryRead), "The legal-basis answer in full: the bases, and why each other agreement with the partner or for the exchange is none", registry::legal_basis_assessment).query(LEGAL_BASIS_QUERY),
        route(
            M::GET,
            "/api/v1/reports/deployments",
            Needs(ReportRead),
            "Overview of deployed officers per mission on a reference date",
            reports::deployment_overview,
        )
        .query(&[
            ("as_of", "Reference date YYYY-MM-DD (default: today)"),
            (
                "as_recorded_at",
                "Reproduce the report as the data stood at this moment (RFC 3339 or a date)",
            ),
            (
                "format",
                "json (default), csv, excel (CSV for Excel: `;`, UTF-8 BOM) or md",
            ),
        ]),
        route(
            M::GET,
            "/api/v1/reports/annex",
            Needs(ReportRead),
            "The half-year annex 'Internationale politiesamenwerking' (Markdown, HTML or PDF)",
            reports::annex,
        )
        .query(&[
            ("period", "Half year, e.g. 2024-H1"),
            (
                "as_of",
                "Reference date YYYY-MM-DD (default: the last day of the half year)",
            ),
            (
                "as_recorded_at",
                "Produce the annex as the data stood at this moment (RFC 3339 or a date)",
            ),
            ("format", "html (default), md or pdf"),
        ]),
        route(
            M::POST,
            "/api/v1/imports/missions",
            Needs(RegistryWrite),
            "Import missions from CSV, all or nothing",
            reports::import_missions,
        )
        .body("text/csv")
        .query(&[("dry_run", "true: check only, write nothing")]),
        route(
            M::POST,
            "/api/v1/imports/deployments",
            Needs(PersonalWrite),
            "Import deployments from CSV, all or nothing",
            reports::import_deployments,
        )
        .body("text/csv")
        .query(&[("dry_run", "true: check only, write nothing")]),
        route(
            M::GET,
            "/api/v1/imports/missions/template",
            Needs(RegistryRead),
            "A CSV file to start a missions import from: the header and an example row",
            reports::missions_template,
        ),
        route(
            M::GET,
            "/api/v1/imports/deployments/template",
            Needs(RegistryRead),
            "A CSV file to start a deployments import from: the header and an example row",
            reports::deployments_template,
        ),
        route(
            M::GET,
            "/api/v1/audit",
            Needs(AuditRead),
            "The audit trail, newest first",
            supervision::events,
        )
        .query(&[
            ("domain", "The data domain's trail: registry (default), exchange or forensic"),
            ("actor", "Only this actor"),
            ("action", "Only this action, e.g. officer.read"),
            ("consultations", "true: only the consultations of personal data (every kind of read)"),
            ("object_type", "Only this kind of object"),
            ("object_id", "Only this object"),
            ("from", "First day YYYY-MM-DD"),
            ("until", "Last day YYYY-MM-DD"),
            ("limit", "At most this many events (default 200)"),
            ("before_seq", "Events before this sequence number (paging)"),
        ]),
        route(
            M::GET,
            "/api/v1/audit/verify",
            Needs(AuditRead),
            "Verify every data domain's audit chain: segments and the links between them, every event, every signature (seals, signed heads, tombstones); lists the periods purged after retention",
            supervision::verify,
        )
        .returns("Verification"),
        route(
            M::GET,
            "/api/v1/openapi.json",
            Public,
            "This API's OpenAPI document",
            crate::openapi::document,
        ),
        route(
            M::GET,
            "/healthz",
            Public,
            "Liveness and database check",
            crate::healthz,
        ),
        route(
            M::GET,
            "/metrics",
            MetricsToken,
            "Prometheus metrics: requests by method, route template and status (with the metrics token, or on metrics_listen)",
            crate::metrics::render,
        ),
        // The HTML interface.
    ];
    routes.extend(instrument_routes!(
        Placement,
        "/api/v1/placements",
        "liaison officers and international placements",
        "PlacementInput"
    ));
    routes.extend(instrument_routes!(
        Amendment,
        "/api/v1/amendments",
        "annexes and amendments of agreements",
        "AmendmentInput"
    ));
    routes.extend(instrument_routes!(Assistance, "/api/v1/assistance", "cross-border assistance, requested and provided (the legal basis comes from the agreements)", "AssistanceInput"));
    routes.extend(instrument_routes!(
        SecurityAssessment,
        "/api/v1/security-assessments",
        "security levels of mission areas, with their history",
        "SecurityAssessmentInput"
    ));
    routes.extend(instrument_routes!(
        Incident,
        "/api/v1/incidents",
        "incidents and evacuations per officer and mission (personal data: purpose required)",
        "IncidentInput"
    ));
    routes.extend(instrument_routes!(
        Contact,
        "/api/v1/contacts",
        "how to reach deployed officers and their next of kin (personal data: purpose required)",
        "ContactInput"
    ));
    routes.extend(instrument_routes!(
        Dossier,
        "/api/v1/dossiers",
        "EU and international dossiers with milestones and references",
        "DossierInput"
    ));
    routes.extend(instrument_routes!(
        Commitment,
        "/api/v1/commitments",
        "commitments to parliament (toezeggingen)",
        "CommitmentInput"
    ));
    routes.extend(instrument_routes!(
        Programme,
        "/api/v1/programmes",
        "bilateral programmes: trainings, study visits, strategies",
        "ProgrammeInput"
    ));
    routes.extend(instrument_routes!(
        Development,
        "/api/v1/developments",
        "developments per topic, the report's narrative",
        "DevelopmentInput"
    ));
    routes.extend(vec![
            route(M::GET, "/api/v1/care/levels", Needs(RegistryRead), "Mission areas with their security level and officers on a date", instruments::security_levels).query(AS_OF),
            route(M::GET, "/api/v1/care/high-risk", Needs(PersonalRead), "Officers in high-risk areas on a date, with their contacts (audited)", instruments::high_risk).query(&[
                ("as_of", "Reference date YYYY-MM-DD (default: today)"),
                ("purpose", "Why you read these personal data (recorded in the audit trail); or the X-Purpose header"),
            ]),
            route(M::GET, "/api/v1/partners/{code}/profile", Needs(RegistryRead), "Everything the Netherlands has with a partner, with a timeline", instruments::partner_profile),
        ]);
    // The HTML interface: each feature of `ui::pages` declares its own routes.
    routes.extend(crate::ui::pages::routes());
    routes
}

/// Who decides on a category of personal data (`retention::Category::decided_with`): the
/// retention list and its decisions are open to them, each seeing the categories they decide.
pub(crate) const RETENTION_DECIDERS: &[grenzeloos_domain::access::Permission] = &[
    grenzeloos_domain::access::Permission::PersonalErase,
    grenzeloos_domain::access::Permission::CaseWrite,
];

#[cfg(test)]
mod retention_deciders {
    use super::RETENTION_DECIDERS;
    use grenzeloos_domain::retention::Category;

    /// Whoever decides on a category reaches the retention list (SPOC-14, WPG-02).
    #[test]
    fn every_categorys_decider_reaches_the_retention_list() {
        for category in Category::ALL {
            assert!(
                RETENTION_DECIDERS.contains(&category.decided_with()),
                "{category}"
            );
        }
    }
}
