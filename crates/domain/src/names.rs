//! Names and texts in the order Dutch readers look for them.
//!
//! A Dutch list of people is ordered by the family name without its particles
//! (tussenvoegsels): "de Graaf" stands under G, "van der Berg" under B, "in 't Veld" under V;
//! case and accents do not count ("Émile" next to "Emile"). The particles only decide between
//! two names that are otherwise the same. Texts that are no names (a mission, a partner) are
//! ordered without regard to case and accents as well.
//!
//! These keys are for ordering only: a page still shows a name as it was entered.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The particles that may stand before a Dutch (or foreign) family name, as the Dutch
/// population register lists them (table of voorvoegsels), in lower case and without
/// apostrophe variants. `'t` and `'s` are written with the apostrophe.
const PARTICLES: &[&str] = &[
    "'s", "'t", "a", "aan", "af", "al", "am", "auf", "aus", "ben", "bij", "bin", "boven", "d'",
    "da", "dal", "dalla", "das", "de", "degli", "dei", "del", "della", "den", "der", "des", "di",
    "die", "do", "don", "dos", "du", "el", "het", "im", "in", "l'", "la", "las", "le", "les", "lo",
    "los", "onder", "op", "over", "s'", "t'", "te", "ten", "ter", "tho", "thoe", "thor", "to",
    "toe", "tot", "uijt", "uit", "unter", "van", "vanden", "vander", "ver", "vom", "von", "vor",
    "zu", "zum", "zur",
];

/// Particles written against the name itself: `d'Ancona`, `l'Abbé`.
const ATTACHED: &[&str] = &["d'", "l'"];

/// Separates the parts of a key. It sorts before every character a folded text holds, so
/// that "Berg" comes before "Bergen" whatever follows.
const SEPARATOR: char = '\u{0}';

/// Apostrophes as people type them (’ ‘ ` ´) as the one `'`.
fn plain_apostrophes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            c => c,
        })
        .collect()
}

/// Letters whose base letter is not their canonical decomposition.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        _ => return None,
    })
}

/// A text as Dutch ordering compares it: lower case, accents off (é → e, ø → o, ß → ss),
/// letters and digits only, words separated by one space. "Émile  d'Ancona-Smit" becomes
/// "emile d ancona smit".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        for lower in c.to_lowercase() {
            if lower.is_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                match special(lower) {
                    Some(base) => out.push_str(base),
                    None => out.push(lower),
                }
            } else {
                // Spaces, hyphens, apostrophes, punctuation and anything invisible separate
                // words and count for nothing else.
                space = true;
            }
        }
    }
    out
}

fn is_particle(word: &str) -> bool {
    let lower = word.to_lowercase();
    PARTICLES.iter().any(|p| *p == lower)
}

/// A family name split into its leading particles and the name proper:
/// `"van der Berg"` → `("van der", "Berg")`, `"d'Ancona"` → `("d'", "Ancona")`. The name
/// proper is never empty when the name is not: "Van" alone is a name.
pub fn split_particles(family_name: &str) -> (String, String) {
    let name = plain_apostrophes(family_name.trim());
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut particles: Vec<String> = Vec::new();
    let mut rest = words.as_slice();
    while rest.len() > 1 && is_particle(rest[0]) {
        particles.push(rest[0].to_string());
        rest = &rest[1..];
    }
    let mut proper = rest.join(" ");
    // `d'Ancona`: the particle is part of the first word.
    let lower = proper.to_lowercase();
    if let Some(attached) = ATTACHED.iter().find(|p| lower.starts_with(**p)) {
        let after = &proper[attached.len()..];
        if after.chars().next().is_some_and(char::is_alphabetic) {
            particles.push(proper[..attached.len()].to_string());
            proper = after.to_string();
        }
    }
    (particles.join(" "), proper)
}

/// The key that orders people the Dutch way: by family name without its particles, then
/// given name, then the particles, then the name exactly as written (so that the order is
/// total and the same on every run).
///
/// `person_key("de Graaf", "Jan") < person_key("Hendriks", "Anna")`: G before H.
pub fn person_key(family_name: &str, given_name: &str) -> String {
    let (particles, proper) = split_particles(family_name);
    let mut key = fold(&proper);
    for part in [fold(given_name), fold(&particles)] {
        key.push(SEPARATOR);
        key.push_str(&part);
    }
    key.push(SEPARATOR);
    key.push_str(family_name);
    key.push(SEPARATOR);
    key.push_str(given_name);
    key
}

/// The key that orders a text that is no person's name (a mission, a country, a title):
/// folded, then as written, so "Ëindhoven" sits with "Eindhoven" and the order is total.
pub fn text_key(text: &str) -> String {
    let mut key = fold(text);
    key.push(SEPARATOR);
    key.push_str(text);
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted(names: &[(&str, &str)]) -> Vec<String> {
        let mut names = names.to_vec();
        names.sort_by_key(|(family, given)| person_key(family, given));
        names
            .iter()
            .map(|(family, given)| format!("{given} {family}"))
            .collect()
    }

    #[test]
    fn particles_do_not_count_for_the_order() {
        assert_eq!(
            sorted(&[
                ("Hendriks", "Anna"),
                ("de Graaf", "Jan"),
                ("van der Berg", "Piet"),
                ("Aalders", "Kees"),
                ("in 't Veld", "Sophie"),
                ("ten Have", "Mark"),
                ("Zwart", "Eva"),
                ("van den Heuvel", "Lotte"),
                ("ter Horst", "Bram"),
            ]),
            [
                "Kees Aalders",
                "Piet van der Berg",
                "Jan de Graaf",
                "Mark ten Have",
                "Anna Hendriks",
                "Lotte van den Heuvel",
                "Bram ter Horst",
                "Sophie in 't Veld",
                "Eva Zwart",
            ]
        );
    }

    #[test]
    fn particles_split_off_the_front_only() {
        assert_eq!(
            split_particles("van der Berg"),
            ("van der".into(), "Berg".into())
        );
        assert_eq!(
            split_particles("In ’t Veld"),
            ("In 't".into(), "Veld".into())
        );
        assert_eq!(split_particles("d'Ancona"), ("d'".into(), "Ancona".into()));
        assert_eq!(split_particles("Van"), ("".into(), "Van".into()));
        assert_eq!(
            split_particles("Jansen-de Vries"),
            ("".into(), "Jansen-de Vries".into())
        );
        assert_eq!(
            split_particles("  de  Graaf "),
            ("de".into(), "Graaf".into())
        );
        assert_eq!(split_particles("O'Brien"), ("".into(), "O'Brien".into()));
        assert_eq!(split_particles(""), ("".into(), "".into()));
    }

    #[test]
    fn case_and_accents_do_not_count() {
        assert_eq!(fold("Émile  Zoë"), "emile zoe");
        assert_eq!(fold("Øster-Straße"), "oster strasse");
        assert_eq!(fold("Łukasz"), "lukasz");
        assert_eq!(fold("d'Ancona"), "d ancona");
        assert!(person_key("Éluard", "Paul") < person_key("Evers", "Anna"));
        assert!(person_key("evers", "anna") < person_key("Evers", "Bart"));
        assert!(text_key("Ëindhoven") < text_key("Ferwerd"));
        assert!(text_key("belgië") > text_key("Belgie"));
        assert!(text_key("Berg") < text_key("Bergen"));
    }

    #[test]
    fn the_given_name_then_the_particles_decide_between_equal_family_names() {
        assert_eq!(
            sorted(&[
                ("de Vries", "Jan"),
                ("Vries", "Anna"),
                ("Vries", "Jan"),
                ("van Vries", "Anna"),
            ]),
            ["Anna Vries", "Anna van Vries", "Jan Vries", "Jan de Vries"]
        );
    }

    fn name() -> impl Strategy<Value = String> {
        "[A-Za-zÀ-ÿ][a-zà-ÿ'-]{0,11}( [A-Za-z][a-z]{0,8}){0,2}"
    }

    fn particle() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "", "de ", "van ", "van der ", "van den ", "ten ", "ter ", "'t ", "in 't ", "De ",
            "Van ", "op den ",
        ])
    }

    proptest! {
        /// A particle never moves a name: names compare as their names proper do.
        #[test]
        fn particles_never_change_the_order_of_different_names(
            a in name(), b in name(), pa in particle(), pb in particle(),
            ga in "[A-Za-z]{1,8}", gb in "[A-Za-z]{1,8}",
        ) {
            let (_, proper_a) = split_particles(&a);
            let (_, proper_b) = split_particles(&b);
            let (fa, fb) = (fold(&proper_a), fold(&proper_b));
            prop_assume!(fa != fb);
            let with = person_key(&format!("{pa}{a}"), &ga).cmp(&person_key(&format!("{pb}{b}"), &gb));
            prop_assert_eq!(with, fa.cmp(&fb));
        }

        /// Case never changes the first part of the key, and a key never loses the name.
        #[test]
        fn case_is_ignored_and_keys_are_total(family in name(), given in "[A-Za-z]{0,8}") {
            let upper = person_key(&family.to_uppercase(), &given);
            let lower = person_key(&family.to_lowercase(), &given);
            let head = |key: &str| key.split(SEPARATOR).next().unwrap_or_default().to_string();
            prop_assert_eq!(head(&upper), head(&lower));
            let tail = format!("{family}{SEPARATOR}{given}");
            prop_assert!(person_key(&family, &given).ends_with(&tail));
        }

        #[test]
        fn folding_never_panics_and_holds_no_separator(text in "(?s).{0,60}") {
            let folded = fold(&text);
            prop_assert!(!folded.contains(SEPARATOR));
            prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' '));
        }
    }
}
