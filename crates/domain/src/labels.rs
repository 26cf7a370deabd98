//! One vocabulary: the Dutch and English words for every status and kind, used by the UI and
//! by the reports alike, so that the annex to parliament and the page a user edits say the
//! same thing ("aangenomen", not "vastgesteld" in one and "aangenomen" in the other).
//!
//! Each list is declared with an exhaustive match, so a value without its two words does not
//! compile; the UI's locale files hold the words of the interface itself, never these.

use crate::agreements::{AgreementKind, AgreementStatus, ExchangeKind};
use crate::assistance::{AssistanceStatus, Capability, Direction, Regime, Settlement};
use crate::audit::AuditAction;
use crate::choice::Choice;
use crate::instruments::{
    AmendmentKind, CommitmentStatus, DossierStatus, IncidentKind, PlacementKind, PlacementStatus,
    ProgrammeKind, SecurityLevel, Topic,
};
use crate::registry::{DeploymentStatus, Gender, PartnerKind};

/// The languages of the node: Dutch first, English always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Nl => Lang::En,
            Lang::En => Lang::Nl,
        }
    }
}

/// A closed list whose values have words for people.
pub trait Labelled: Choice {
    /// The name of the list, as the UI's keys use it: `agreement_status`.
    const GROUP: &'static str;

    fn label(self, lang: Lang) -> &'static str;
}

macro_rules! labels {
    ($ty:ident, $group:literal { $($variant:ident => $nl:literal, $en:literal;)+ }) => {
        impl Labelled for $ty {
            const GROUP: &'static str = $group;

            fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        ($ty::$variant, Lang::Nl) => $nl,
                        ($ty::$variant, Lang::En) => $en,
                    )+
                }
            }
        }
    };
}

labels!(AgreementKind, "agreement_kind" {
    Treaty => "verdrag", "treaty";
    EuInstrument => "EU-instrument", "EU instrument";
    Mou => "MoU", "MoU";
    LetterOfIntent => "Letter of Intent", "letter of intent";
    WorkingArrangement => "werkafspraak", "working arrangement";
});

labels!(AgreementStatus, "agreement_status" {
    Exploring => "verkenning", "exploring";
    Negotiating => "in onderhandeling", "negotiating";
    Signed => "ondertekend", "signed";
    InForce => "in werking", "in force";
    Ended => "beëindigd", "ended";
});

labels!(ExchangeKind, "exchange_kind" {
    InformationRequest => "informatieverzoek (SPOC)", "information request (SPOC)";
    PrumDna => "Prüm DNA", "Prüm DNA";
    PrumDactyloscopy => "Prüm vingerafdrukken", "Prüm fingerprints";
    PrumVehicle => "Prüm voertuigen", "Prüm vehicles";
    Anpr => "ANPR", "ANPR";
    HotPursuit => "grensoverschrijdende achtervolging", "hot pursuit";
    CrossBorderObservation => "grensoverschrijdende observatie", "cross-border observation";
    JointOperation => "gezamenlijk optreden", "joint operation";
    Assistance => "bijstand", "assistance";
});

labels!(Direction, "direction" {
    Requested => "gevraagd door Nederland", "requested by the Netherlands";
    Provided => "verleend door Nederland", "provided by the Netherlands";
});

labels!(Capability, "capability" {
    WaterCannon => "waterwerper", "water cannon";
    LiaisonOfficers => "verbindingsofficieren", "liaison officers";
    JointPatrols => "gezamenlijke patrouilles", "joint patrols";
    ExplosivesDetectionDogs => "explosievenhonden", "explosives detection dogs";
    RiotPolice => "mobiele eenheid", "riot police";
    MountedPolice => "bereden politie", "mounted police";
    Helicopter => "helikopter", "helicopter";
    SpecialIntervention => "speciale interventie", "special intervention";
    Other => "anders", "other";
});

labels!(AssistanceStatus, "assistance_status" {
    Draft => "in voorbereiding", "in preparation";
    Requested => "aangevraagd", "requested";
    Decided => "besloten", "decided";
    Deployed => "ingezet", "deployed";
    Completed => "afgerond", "completed";
    Reported => "verslag uitgebracht", "reported";
    Settled => "afgerekend", "settled";
});

labels!(Settlement, "settlement" {
    OwnCosts => "ieder de eigen kosten", "each party its own costs";
    PerArrangement => "volgens werkafspraak", "per working arrangement";
    Reimbursed => "vergoed door de vragende partij", "reimbursed by the requesting party";
});

labels!(Regime, "regime" {
    Benelux => "Benelux-politieverdrag", "Benelux police treaty";
    NetherlandsGermany => "Verdrag Nederland–Duitsland", "Netherlands–Germany treaty";
    PrumDecision => "Prümbesluit", "Prüm Decision";
    Other => "geen verdragsregime", "no treaty regime";
});

labels!(PlacementKind, "placement_kind" {
    Liaison => "liaison in een land", "liaison in a country";
    Organisation => "post bij een organisatie", "post at an organisation";
});

labels!(PlacementStatus, "placement_status" {
    Planned => "gepland", "planned";
    Active => "actief", "active";
    Ended => "beëindigd", "ended";
    Cancelled => "geannuleerd", "cancelled";
});

labels!(AmendmentKind, "amendment_kind" {
    Annex => "bijlage", "annex";
    Amendment => "wijziging", "amendment";
    Protocol => "protocol", "protocol";
});

labels!(SecurityLevel, "security_level" {
    Low => "laag", "low";
    Moderate => "beperkt", "moderate";
    Substantial => "aanzienlijk", "substantial";
    High => "hoog", "high";
    Extreme => "extreem", "extreme";
});

labels!(IncidentKind, "incident_kind" {
    Security => "veiligheidsincident", "security incident";
    Evacuation => "evacuatie", "evacuation";
    Medical => "ziekte of letsel", "illness or injury";
    Relocation => "verplaatsing", "relocation";
});

labels!(Topic, "topic" {
    Eu => "Europese Unie", "European Union";
    Interpol => "INTERPOL", "INTERPOL";
    Neighbours => "buurlanden", "neighbouring countries";
    Kingdom => "Koninkrijk", "Kingdom";
    Missions => "missies", "missions";
    Placements => "liaisons en plaatsingen", "liaison officers and placements";
    Bilateral => "bilaterale samenwerking", "bilateral cooperation";
    Assistance => "bijstand", "assistance";
});

labels!(DossierStatus, "dossier_status" {
    Announced => "aangekondigd", "announced";
    Proposal => "voorstel", "proposal";
    Negotiating => "in onderhandeling", "negotiating";
    Adopted => "aangenomen", "adopted";
    Implementing => "in uitvoering", "implementing";
    Closed => "afgerond", "closed";
});

labels!(CommitmentStatus, "commitment_status" {
    Open => "open", "open";
    InProgress => "in behandeling", "in progress";
    Fulfilled => "afgedaan", "fulfilled";
    Withdrawn => "vervallen", "withdrawn";
});

labels!(ProgrammeKind, "programme_kind" {
    Training => "training", "training";
    StudyVisit => "studiebezoek", "study visit";
    Strategy => "strategie", "strategy";
    CapacityBuilding => "capaciteitsopbouw", "capacity building";
    Exchange => "uitwisseling", "exchange";
});

labels!(DeploymentStatus, "deployment_status" {
    Planned => "gepland", "planned";
    Deployed => "uitgezonden", "deployed";
    Ended => "beëindigd", "ended";
    Evacuated => "geëvacueerd", "evacuated";
    Cancelled => "geannuleerd", "cancelled";
});

labels!(PartnerKind, "partner_kind" {
    State => "staat", "state";
    KingdomPartner => "Koninkrijkspartner", "Kingdom partner";
    Organisation => "organisatie", "organisation";
});

labels!(Gender, "gender" {
    Female => "vrouw", "female";
    Male => "man", "male";
    X => "x / niet opgegeven", "x / not stated";
});

/// One labelled list, for lookups by name (the UI's `<group>.<code>` keys) and for the test
/// that every value has its words.
pub struct Group {
    pub name: &'static str,
    pub codes: fn() -> Vec<&'static str>,
    pub label: fn(&str, Lang) -> Option<&'static str>,
}

fn codes<T: Labelled>() -> Vec<&'static str> {
    T::all().iter().map(|v| v.code()).collect()
}

fn label_of<T: Labelled>(code: &str, lang: Lang) -> Option<&'static str> {
    T::all()
        .iter()
        .find(|v| v.code() == code)
        .map(|v| v.label(lang))
}

macro_rules! groups {
    ($($ty:ident),+ $(,)?) => {
        /// Every labelled list.
        pub static GROUPS: &[Group] = &[
            $(Group { name: <$ty as Labelled>::GROUP, codes: codes::<$ty>, label: label_of::<$ty> }),+
        ];

        /// The type of each list in [`GROUPS`] (`grenzeloos_domain::assistance::Regime`), for
        /// the test that no `choice!` list of the domain is left out.
        #[cfg(test)]
        fn grouped_types() -> Vec<&'static str> {
            vec![$(std::any::type_name::<$ty>()),+]
        }
    };
}

groups!(
    AgreementKind,
    AgreementStatus,
    ExchangeKind,
    Direction,
    Capability,
    AssistanceStatus,
    Settlement,
    Regime,
    PlacementKind,
    PlacementStatus,
    AmendmentKind,
    SecurityLevel,
    IncidentKind,
    Topic,
    DossierStatus,
    CommitmentStatus,
    ProgrammeKind,
    DeploymentStatus,
    PartnerKind,
    Gender,
    // Its words are declared with the list itself, in `audit`.
    AuditAction,
);

/// Whether `group` is one of the labelled lists.
pub fn is_group(group: &str) -> bool {
    GROUPS.iter().any(|g| g.name == group)
}

/// The word for value `code` of list `group` in `lang`.
pub fn label(group: &str, code: &str, lang: Lang) -> Option<&'static str> {
    GROUPS
        .iter()
        .find(|g| g.name == group)
        .and_then(|g| (g.label)(code, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_value_of_every_list_has_its_own_words_in_both_languages() {
        let mut names = HashSet::new();
        for group in GROUPS {
            assert!(names.insert(group.name), "{} twice", group.name);
            let codes = (group.codes)();
            assert!(!codes.is_empty(), "{}", group.name);
            for lang in Lang::ALL {
                let mut seen = HashSet::new();
                for code in &codes {
                    let word = (group.label)(code, lang)
                        .unwrap_or_else(|| panic!("{}.{code} has no {lang:?} label", group.name));
                    assert!(!word.trim().is_empty(), "{}.{code} {lang:?}", group.name);
                    // Two values with one word could not be told apart on a page.
                    assert!(
                        seen.insert(word),
                        "{}: '{word}' names two values in {lang:?}",
                        group.name
                    );
                }
            }
        }
        assert_eq!(GROUPS.len(), 21);
    }

    /// The closed lists declared with `choice!` in the domain's sources (outside their test
    /// modules), as `module::Type`.
    fn declared_choice_lists() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut paths = vec![root.clone()];
        let mut found = Vec::new();
        while let Some(path) = paths.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    paths.push(entry.unwrap().path());
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = &text[..text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len())];
            let module = path
                .strip_prefix(&root)
                .unwrap()
                .with_extension("")
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "::");
            let module = module.trim_end_matches("::mod");
            for (i, _) in code.match_indices("choice! {") {
                let name = code[i..]
                    .split_once("enum ")
                    .and_then(|(_, rest)| {
                        rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                    })
                    .unwrap_or_else(|| panic!("no enum after choice! in {module}"));
                found.push(format!("{module}::{name}"));
            }
        }
        found.sort();
        found
    }

    /// A status or kind added with `choice!` but left out of the one vocabulary fails here:
    /// every list is in [`GROUPS`], or named below with the reason its words live elsewhere.
    #[test]
    fn no_choice_list_of_the_domain_is_left_out_of_the_vocabulary() {
        const ELSEWHERE: &[(&str, &str)] = &[
            (
                "retention::Category",
                "the retention page's own words (locale keys retention.cat.*); never in an annex",
            ),
            (
                "retention::Decision",
                "the buttons of the retention page (retention.keep, retention.erase)",
            ),
            (
                "retention::Regime",
                "a legal regime named by its law (AVG, Wpg articles) on the retention page",
            ),
        ];
        let declared = declared_choice_lists();
        assert!(declared.len() > 15, "the scan found {declared:?}");
        let grouped: Vec<&str> = grouped_types()
            .into_iter()
            .map(|t| t.trim_start_matches("grenzeloos_domain::"))
            .collect();
        for list in &declared {
            assert!(
                grouped.contains(&list.as_str()) || ELSEWHERE.iter().any(|(l, _)| l == list),
                "{list} is a choice! list without its words: add it to labels! and groups! in \
                 labels.rs, or to ELSEWHERE with the reason"
            );
        }
        for (list, _) in ELSEWHERE {
            assert!(
                declared.iter().any(|d| d == list),
                "{list} is no longer declared"
            );
        }
    }

    #[test]
    fn the_annex_and_the_ui_share_one_word_per_status() {
        assert_eq!(DossierStatus::Adopted.label(Lang::Nl), "aangenomen");
        assert_eq!(
            label("assistance_status", "settled", Lang::Nl),
            Some("afgerekend")
        );
        assert_eq!(
            label("agreement_status", "in_force", Lang::En),
            Some("in force")
        );
        assert_eq!(label("agreement_status", "lost", Lang::Nl), None);
        assert_eq!(label("month", "1", Lang::Nl), None);
        assert!(is_group("gender") && !is_group("month"));
    }

    #[test]
    fn languages_have_codes() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_ne!(lang.other(), lang);
        }
        assert_eq!(Lang::parse("de"), None);
    }
}
