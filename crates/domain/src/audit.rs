//! What the audit trail records: every action a use case (or the access gate) audits, as one
//! closed list with one stable code per action.
//!
//! The codes are what the trail stores and its hashes cover, so they never change: an event
//! recorded years ago must still verify and still be found by its action. A new action is a
//! new row below; the compiler then asks for its words (Dutch, English) and for whether it is
//! a consultation of personal data, which the supervisor's filter of consultations relies on
//! (SPOC-13: LED Art 25 logging; BNL-03: a reason per consultation, sample checks).

use crate::assistance::Assistance;
use crate::instruments::{
    Amendment, Commitment, Contact, Development, Dossier, Incident, Instrument, Placement,
    Programme, SecurityAssessment,
};
use crate::labels::{Labelled, Lang};

/// What an action does with personal data, as the supervisor's filter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nature {
    /// Reads personal data: opening, listing, a report or export with names (each audited
    /// with its purpose).
    Consultation,
    /// Anything else: a change, a read of data that name no one, a sign-in, an erasure.
    Other,
}

/// Declares the actions: the `choice!` list (serde uses the code too, never the variant's
/// name), the words of each, and whether it is a consultation of personal data.
macro_rules! audit_actions {
    ($($variant:ident = $code:literal, $nature:ident, $nl:literal, $en:literal;)+) => {
        crate::choice! {
            /// An action recorded in the audit trail.
            pub enum AuditAction ("known audit action") {
                $(#[serde(rename = $code)] $variant = $code),+
            }
        }

        impl AuditAction {
            fn nature(self) -> Nature {
                match self {
                    $(AuditAction::$variant => Nature::$nature),+
                }
            }
        }

        impl Labelled for AuditAction {
            const GROUP: &'static str = "audit_action";

            fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (AuditAction::$variant, Lang::Nl) => $nl,
                        (AuditAction::$variant, Lang::En) => $en,
                    )+
                }
            }
        }
    };
}

audit_actions! {
    // Signing in, accounts and tokens.
    Login = "login", Other, "inloggen", "sign in";
    Logout = "logout", Other, "uitloggen", "sign out";
    TokenCreate = "token.create", Other, "API-token aanmaken", "create an API token";
    TokenRevoke = "token.revoke", Other, "API-token intrekken", "revoke an API token";
    UserList = "user.list", Other, "gebruikers opvragen", "list the users";
    UserCreate = "user.create", Other, "gebruiker aanmaken", "create a user";
    UserUpdate = "user.update", Other, "rollen of toegang van gebruiker wijzigen", "change a user's roles or access";
    UserUnlock = "user.unlock", Other, "aanmelden van gebruiker vrijgeven", "unlock a user's sign-in";
    UserPassword = "user.password", Other, "wachtwoord instellen", "set a password";
    // The access gate in front of every route: a refused request (the route in the details).
    RouteOpen = "route.open", Other, "pagina of API-pad openen", "open a page or API path";

    // Officers and their deployments: personal data.
    OfficerList = "officer.list", Consultation, "functionarissen opvragen", "list the officers";
    OfficerRead = "officer.read", Consultation, "functionaris inzien", "read an officer";
    OfficerCreate = "officer.create", Other, "functionaris vastleggen", "record an officer";
    OfficerUpdate = "officer.update", Other, "functionaris wijzigen", "change an officer";
    OfficerErase = "officer.erase", Other, "persoonsgegevens van functionaris wissen", "erase an officer's personal data";
    OfficerErasures = "officer.erasures", Consultation, "wissingen van functionaris inzien", "read an officer's erasures";
    DeploymentList = "deployment.list", Consultation, "uitzendingen opvragen", "list the deployments";
    DeploymentRead = "deployment.read", Consultation, "uitzending inzien", "read a deployment";
    DeploymentCreate = "deployment.create", Other, "uitzending vastleggen", "record a deployment";
    DeploymentUpdate = "deployment.update", Other, "uitzending wijzigen", "change a deployment";
    DeploymentImport = "deployment.import", Other, "uitzendingen importeren", "import deployments";
    DashboardRead = "dashboard.read", Consultation, "uitzendingen die aandacht vragen inzien", "read the deployments needing attention";
    ReportRoster = "report.roster", Consultation, "bezettingslijst met namen opvragen", "produce the roster with names";
    CareHighRisk = "care.high_risk", Consultation, "functionarissen in hoogrisicogebieden inzien", "read the officers in high-risk areas";
    ContactList = "contact.list", Consultation, "contactgegevens opvragen", "list the contact records";
    ContactRead = "contact.read", Consultation, "contactgegevens inzien", "read a contact record";
    ContactCreate = "contact.create", Other, "contactgegevens vastleggen", "record a contact record";
    ContactUpdate = "contact.update", Other, "contactgegevens wijzigen", "change a contact record";
    ContactErase = "contact.erase", Other, "contactgegevens wissen", "erase a contact record";
    IncidentList = "incident.list", Consultation, "incidenten opvragen", "list the incidents";
    IncidentRead = "incident.read", Consultation, "incident inzien", "read an incident";
    IncidentCreate = "incident.create", Other, "incident vastleggen", "record an incident";
    IncidentUpdate = "incident.update", Other, "incident wijzigen", "change an incident";

    // Retention of personal data (WPG-02, SPOC-14).
    RetentionReview = "retention.review", Other, "bewaartermijnen controleren", "review the retention terms";
    RetentionList = "retention.list", Other, "voorgelegde bewaarbesluiten opvragen", "list what is due for a retention decision";
    RetentionDecide = "retention.decide", Other, "bewaarbesluit nemen", "decide on retention";
    RetentionKeep = "retention.keep", Other, "besluit: gegevens bewaren", "decision: keep the data";
    RetentionErase = "retention.erase", Other, "besluit: gegevens wissen", "decision: erase the data";

    // The SPOC desk's cases (SPOC-13: every look at a case's personal data, with its purpose).
    SpocCaseCreate = "spoc.case.create", Other, "SPOC-zaak vastleggen", "record a SPOC case";
    SpocCaseRead = "spoc.case.read", Consultation, "SPOC-zaak inzien", "read a SPOC case";
    SpocCrossCheck = "spoc.case.crosscheck", Consultation, "SPOC-zaken kruislings vergelijken", "cross-check SPOC cases";
    SpocCaseStart = "spoc.case.start", Other, "SPOC-zaak in behandeling nemen", "take up a SPOC case";
    SpocCaseAnswer = "spoc.case.answer", Other, "SPOC-verzoek beantwoorden", "answer a SPOC request";
    SpocCaseRefuse = "spoc.case.refuse", Other, "SPOC-verzoek weigeren", "refuse a SPOC request";
    SpocCaseJudicialDelay = "spoc.case.judicial_delay", Other, "vertraging voor rechterlijke machtiging melden", "notify a delay for judicial authorisation";
    SpocCaseJudicialDecision = "spoc.case.judicial_decision", Other, "besluit over rechterlijke machtiging vastleggen", "record the decision on judicial authorisation";
    SpocCaseClarificationRequest = "spoc.case.clarification_request", Other, "om verduidelijking vragen", "ask for a clarification";
    SpocCaseClarification = "spoc.case.clarification", Other, "verduidelijking vastleggen", "record a clarification";
    SpocCaseConclude = "spoc.case.conclude", Other, "SPOC-zaak afsluiten", "conclude a SPOC case";
    SpocStatistics = "spoc.statistics", Other, "SPOC-statistieken opvragen", "produce the SPOC statistics";
    SpocCaseOralConfirmation = "spoc.case.oral_confirmation", Other, "schriftelijke bevestiging van mondeling verzoek vastleggen", "record the written confirmation of an oral request";
    SpocCaseConsent = "spoc.case.consent", Other, "toestemming van herkomststaat vastleggen", "record the consent of a state of origin";
    SpocCaseTransfer = "spoc.case.transfer_assessment", Other, "doorgiftebeoordeling vastleggen", "record a transfer assessment";
    SpocCaseErase = "spoc.case.erase", Other, "persoonsgegevens van SPOC-zaak wissen", "erase a SPOC case's personal data";
    SpocLanguages = "spoc.languages", Other, "talen van partner vastleggen", "record a partner's languages";
    SpocJudicialContacts = "spoc.judicial_contacts", Consultation, "piketlijst rechterlijke machtiging inzien", "read the on-call judicial contacts";
    SpocJudicialContactAdd = "spoc.judicial_contact.add", Other, "piketcontact vastleggen", "record an on-call judicial contact";
    SpocJudicialContactWithdraw = "spoc.judicial_contact.withdraw", Other, "piketcontact intrekken", "withdraw an on-call judicial contact";

    // The registry: partners, missions, teams, agreements.
    PartnerList = "partner.list", Other, "partners opvragen", "list the partners";
    PartnerCreate = "partner.create", Other, "partner vastleggen", "record a partner";
    PartnerProfile = "partner.profile", Other, "partnerpagina inzien", "read a partner's page";
    MissionList = "mission.list", Other, "missies opvragen", "list the missions";
    MissionRead = "mission.read", Other, "missie inzien", "read a mission";
    MissionCreate = "mission.create", Other, "missie vastleggen", "record a mission";
    MissionUpdate = "mission.update", Other, "missie wijzigen", "change a mission";
    MissionLocation = "mission.location", Other, "standplaats van missie wijzigen", "change a mission's location";
    MissionImport = "mission.import", Other, "missies importeren", "import missions";
    TeamList = "team.list", Other, "specialised teams opvragen", "list the specialised teams";
    TeamRead = "team.read", Other, "specialised team inzien", "read a specialised team";
    TeamCreate = "team.create", Other, "specialised team vastleggen", "record a specialised team";
    TeamUpdate = "team.update", Other, "specialised team wijzigen", "change a specialised team";
    AgreementList = "agreement.list", Other, "overeenkomsten opvragen", "list the agreements";
    AgreementRead = "agreement.read", Other, "overeenkomst inzien", "read an agreement";
    AgreementCreate = "agreement.create", Other, "overeenkomst vastleggen", "record an agreement";
    AgreementUpdate = "agreement.update", Other, "overeenkomst wijzigen", "change an agreement";
    AgreementLegalBases = "agreement.legal_bases", Other, "rechtsgrondslag nagaan", "look up a legal basis";
    AgendaRead = "agenda.read", Other, "agenda inzien", "read the agenda";

    // The instruments kept as versioned documents (see `Audited`).
    PlacementList = "placement.list", Other, "plaatsingen opvragen", "list the placements";
    PlacementRead = "placement.read", Other, "plaatsing inzien", "read a placement";
    PlacementCreate = "placement.create", Other, "plaatsing vastleggen", "record a placement";
    PlacementUpdate = "placement.update", Other, "plaatsing wijzigen", "change a placement";
    AmendmentList = "amendment.list", Other, "bijlagen en wijzigingen opvragen", "list the annexes and amendments";
    AmendmentRead = "amendment.read", Other, "bijlage of wijziging inzien", "read an annex or amendment";
    AmendmentCreate = "amendment.create", Other, "bijlage of wijziging vastleggen", "record an annex or amendment";
    AmendmentUpdate = "amendment.update", Other, "bijlage of wijziging aanpassen", "change an annex or amendment";
    SecurityAssessmentList = "security_assessment.list", Other, "veiligheidsbeoordelingen opvragen", "list the security assessments";
    SecurityAssessmentRead = "security_assessment.read", Other, "veiligheidsbeoordeling inzien", "read a security assessment";
    SecurityAssessmentCreate = "security_assessment.create", Other, "veiligheidsbeoordeling vastleggen", "record a security assessment";
    SecurityAssessmentUpdate = "security_assessment.update", Other, "veiligheidsbeoordeling wijzigen", "change a security assessment";
    DossierList = "dossier.list", Other, "dossiers opvragen", "list the dossiers";
    DossierRead = "dossier.read", Other, "dossier inzien", "read a dossier";
    DossierCreate = "dossier.create", Other, "dossier vastleggen", "record a dossier";
    DossierUpdate = "dossier.update", Other, "dossier wijzigen", "change a dossier";
    CommitmentList = "commitment.list", Other, "toezeggingen opvragen", "list the commitments";
    CommitmentRead = "commitment.read", Other, "toezegging inzien", "read a commitment";
    CommitmentCreate = "commitment.create", Other, "toezegging vastleggen", "record a commitment";
    CommitmentUpdate = "commitment.update", Other, "toezegging wijzigen", "change a commitment";
    ProgrammeList = "programme.list", Other, "programma's opvragen", "list the programmes";
    ProgrammeRead = "programme.read", Other, "programma inzien", "read a programme";
    ProgrammeCreate = "programme.create", Other, "programma vastleggen", "record a programme";
    ProgrammeUpdate = "programme.update", Other, "programma wijzigen", "change a programme";
    DevelopmentList = "development.list", Other, "ontwikkelingen opvragen", "list the developments";
    DevelopmentRead = "development.read", Other, "ontwikkeling inzien", "read a development";
    DevelopmentCreate = "development.create", Other, "ontwikkeling vastleggen", "record a development";
    DevelopmentUpdate = "development.update", Other, "ontwikkeling wijzigen", "change a development";
    AssistanceList = "assistance.list", Other, "bijstandsverzoeken opvragen", "list the assistance requests";
    AssistanceRead = "assistance.read", Other, "bijstandsverzoek inzien", "read an assistance request";
    AssistanceCreate = "assistance.create", Other, "bijstandsverzoek vastleggen", "record an assistance request";
    AssistanceUpdate = "assistance.update", Other, "bijstandsverzoek wijzigen", "change an assistance request";

    // Reports without names.
    ReportAnnex = "report.annex", Other, "bijlage halfjaarbericht opstellen", "produce the half-year annex";
    ReportDeployments = "report.deployments", Other, "overzicht uitgezonden opstellen", "produce the deployments overview";

    // The audit trail itself.
    AuditRead = "audit.read", Other, "audittrail inzien", "read the audit trail";
    AuditVerify = "audit.verify", Other, "audittrail controleren", "verify the audit trail";
    AuditPurge = "audit.purge", Other, "audittrail na bewaartermijn opschonen", "purge the audit trail after retention";
}

impl AuditAction {
    /// Whether the action reads personal data — opens, lists, reports or exports them — so
    /// that the supervisor's filter "consultations of personal data" takes it in (SPOC-13,
    /// BNL-03). A refused attempt at such an action is one too: it is the same action.
    pub fn is_personal_data_read(self) -> bool {
        self.nature() == Nature::Consultation
    }

    /// Every action that reads personal data, in the list's order.
    pub fn personal_data_reads() -> impl Iterator<Item = AuditAction> {
        AuditAction::ALL
            .iter()
            .copied()
            .filter(|a| a.is_personal_data_read())
    }
}

/// The audit actions on the records of one kind kept as a versioned document: listing,
/// reading, creating and changing them. Each is `<kind>.<verb>`, the kind's `KIND` code.
pub trait Audited: Instrument {
    const LIST: AuditAction;
    const READ: AuditAction;
    const CREATE: AuditAction;
    const UPDATE: AuditAction;
}

macro_rules! audited {
    ($($ty:ident: $list:ident, $read:ident, $create:ident, $update:ident;)+) => {
        $(
            impl Audited for $ty {
                const LIST: AuditAction = AuditAction::$list;
                const READ: AuditAction = AuditAction::$read;
                const CREATE: AuditAction = AuditAction::$create;
                const UPDATE: AuditAction = AuditAction::$update;
            }
        )+

        #[cfg(test)]
        fn audited_kinds() -> Vec<(&'static str, bool, [AuditAction; 4])> {
            vec![$((
                <$ty as Instrument>::KIND,
                <$ty as Instrument>::PERSONAL,
                [<$ty as Audited>::LIST, <$ty as Audited>::READ, <$ty as Audited>::CREATE, <$ty as Audited>::UPDATE],
            )),+]
        }
    };
}

audited! {
    Placement: PlacementList, PlacementRead, PlacementCreate, PlacementUpdate;
    Amendment: AmendmentList, AmendmentRead, AmendmentCreate, AmendmentUpdate;
    SecurityAssessment: SecurityAssessmentList, SecurityAssessmentRead, SecurityAssessmentCreate, SecurityAssessmentUpdate;
    Incident: IncidentList, IncidentRead, IncidentCreate, IncidentUpdate;
    Contact: ContactList, ContactRead, ContactCreate, ContactUpdate;
    Dossier: DossierList, DossierRead, DossierCreate, DossierUpdate;
    Commitment: CommitmentList, CommitmentRead, CommitmentCreate, CommitmentUpdate;
    Programme: ProgrammeList, ProgrammeRead, ProgrammeCreate, ProgrammeUpdate;
    Development: DevelopmentList, DevelopmentRead, DevelopmentCreate, DevelopmentUpdate;
    Assistance: AssistanceList, AssistanceRead, AssistanceCreate, AssistanceUpdate;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choice::Choice;

    /// The codes the trail held before the actions were one list: events recorded with them
    /// must still be found by their action, so each is still the code of the same action.
    #[test]
    fn the_stored_codes_are_the_codes_the_trail_always_had() {
        let before = [
            ("login", AuditAction::Login),
            ("logout", AuditAction::Logout),
            ("officer.read", AuditAction::OfficerRead),
            ("officer.list", AuditAction::OfficerList),
            ("officer.erase", AuditAction::OfficerErase),
            ("contact.erase", AuditAction::ContactErase),
            ("deployment.import", AuditAction::DeploymentImport),
            ("agreement.legal_bases", AuditAction::AgreementLegalBases),
            (
                "security_assessment.list",
                AuditAction::SecurityAssessmentList,
            ),
            ("care.high_risk", AuditAction::CareHighRisk),
            ("report.roster", AuditAction::ReportRoster),
            ("retention.keep", AuditAction::RetentionKeep),
            ("retention.erase", AuditAction::RetentionErase),
            ("audit.read", AuditAction::AuditRead),
            ("audit.purge", AuditAction::AuditPurge),
            ("user.update", AuditAction::UserUpdate),
            ("token.create", AuditAction::TokenCreate),
        ];
        for (code, action) in before {
            assert_eq!(action.as_str(), code);
            assert_eq!(AuditAction::parse("action", code), Ok(action));
            // serde speaks the code as well, never the variant's name.
            assert_eq!(
                serde_json::to_value(action).unwrap(),
                serde_json::json!(code)
            );
            assert_eq!(
                serde_json::from_value::<AuditAction>(serde_json::json!(code)).unwrap(),
                action
            );
        }
        let err = AuditAction::parse("action", "GET /officers").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("action"));
        assert!(
            err.message
                .starts_with("'GET /officers' is not a known audit action; use one of login, ")
        );
    }

    #[test]
    fn every_code_is_unique_and_names_its_object_then_its_verb() {
        let mut seen = std::collections::HashSet::new();
        for action in AuditAction::ALL {
            assert!(seen.insert(action.code()), "{action} twice");
            let code = action.code();
            assert!(
                code.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'),
                "{code}"
            );
        }
        assert!(AuditAction::ALL.len() > 80);
    }

    /// The generic instrument use cases audit `<kind>.<verb>`, as they did when they built the
    /// code from the kind; a personal kind's list and read are consultations, nothing else of
    /// a kind is.
    #[test]
    fn each_kind_of_instrument_has_its_four_actions() {
        let kinds = audited_kinds();
        assert_eq!(kinds.len(), 10);
        for (kind, personal, actions) in kinds {
            for (action, verb) in actions.iter().zip(["list", "read", "create", "update"]) {
                assert_eq!(action.as_str(), format!("{kind}.{verb}"));
            }
            assert_eq!(actions[0].is_personal_data_read(), personal, "{kind}");
            assert_eq!(actions[1].is_personal_data_read(), personal, "{kind}");
            assert!(!actions[2].is_personal_data_read() && !actions[3].is_personal_data_read());
        }
    }

    /// A consultation reads: its verb says so. Changes, erasures, sign-ins are never one, nor
    /// are reads of what names no one (missions, agreements, the trail itself).
    #[test]
    fn consultations_are_reads_of_personal_data() {
        let reads: Vec<&str> = AuditAction::personal_data_reads()
            .map(AuditAction::as_str)
            .collect();
        assert_eq!(
            reads,
            [
                "officer.list",
                "officer.read",
                "officer.erasures",
                "deployment.list",
                "deployment.read",
                "dashboard.read",
                "report.roster",
                "care.high_risk",
                "contact.list",
                "contact.read",
                "incident.list",
                "incident.read",
                "spoc.case.read",
                "spoc.case.crosscheck",
                "spoc.judicial_contacts",
            ]
        );
        for action in AuditAction::ALL {
            let verb = action.as_str().rsplit('.').next().unwrap_or_default();
            if matches!(
                verb,
                "create" | "update" | "erase" | "import" | "location" | "decide" | "keep"
            ) {
                assert!(!action.is_personal_data_read(), "{action}");
            }
        }
        for action in [
            AuditAction::MissionRead,
            AuditAction::AgreementList,
            AuditAction::AuditRead,
            AuditAction::Login,
            AuditAction::RouteOpen,
        ] {
            assert!(!action.is_personal_data_read(), "{action}");
        }
    }

    #[test]
    fn each_action_has_its_words() {
        assert_eq!(
            AuditAction::OfficerRead.label(Lang::Nl),
            "functionaris inzien"
        );
        assert_eq!(AuditAction::OfficerRead.label(Lang::En), "read an officer");
        assert_eq!(
            crate::labels::label("audit_action", "report.roster", Lang::Nl),
            Some("bezettingslijst met namen opvragen")
        );
    }
}
