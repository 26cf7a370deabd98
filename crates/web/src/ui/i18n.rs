//! The UI's words, one file per language (`locales/nl.txt`, `locales/en.txt`): `key = text`
//! lines. Dutch is the default; a test checks that both files have the same keys and that
//! every key a template uses exists.
//!
//! The words for statuses and kinds (`agreement_status.in_force`) are not in these files: they
//! come from the domain's one vocabulary (`grenzeloos_domain::labels`), which the reports use
//! too, so a page and the annex to parliament say the same.

use grenzeloos_domain::labels;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use grenzeloos_domain::labels::Lang;

fn parse(text: &'static str) -> HashMap<&'static str, &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, value)| (key.trim(), value.trim()))
        .collect()
}

static NL: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse(include_str!("../../locales/nl.txt")));
static EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse(include_str!("../../locales/en.txt")));

/// The texts of one language, handed to every template as `t`.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    pub lang: Lang,
}

impl Texts {
    /// The text for `key`; the key itself when missing (a test keeps that from happening).
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        self.find(key).unwrap_or_else(|| {
            tracing::warn!(key, "missing UI text");
            key
        })
    }

    /// A text if the key exists (for texts keyed by data, such as error codes); a key
    /// `<list>.<code>` of a labelled list gives that value's word.
    pub fn find(&self, key: &str) -> Option<&'static str> {
        if let Some((group, code)) = key.split_once('.')
            && let Some(word) = labels::label(group, code, self.lang)
        {
            return Some(word);
        }
        match self.lang {
            Lang::Nl => NL.get(key).copied(),
            Lang::En => EN.get(key).copied(),
        }
    }

    pub fn lang(&self) -> &'static str {
        self.lang.code()
    }

    /// A date as people write it in this language: 24-11-2023 (nl) or 2023-11-24 (en).
    pub fn date(&self, date: &jiff::civil::Date) -> String {
        match self.lang {
            Lang::Nl => format!("{:02}-{:02}-{}", date.day(), date.month(), date.year()),
            Lang::En => date.to_string(),
        }
    }

    pub fn date_opt(&self, date: &Option<jiff::civil::Date>) -> String {
        date.as_ref().map(|d| self.date(d)).unwrap_or_default()
    }

    /// A date written out: 24 november 2023 / 24 November 2023.
    pub fn date_long(&self, date: &jiff::civil::Date) -> String {
        match self.lang {
            Lang::Nl => grenzeloos_domain::time::date_dutch(*date),
            Lang::En => date.strftime("%-d %B %Y").to_string(),
        }
    }

    /// A stored instant in Amsterdam time: 24-11-2023 14:05.
    pub fn instant(&self, text: &str) -> String {
        let Ok(ts) = text.parse::<jiff::Timestamp>() else {
            return text.to_string();
        };
        let zone = grenzeloos_domain::clock::amsterdam();
        let local = ts.to_zoned(zone);
        match self.lang {
            Lang::Nl => local.strftime("%d-%m-%Y %H:%M").to_string(),
            Lang::En => local.strftime("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_keys() {
        let nl: BTreeSet<_> = NL.keys().collect();
        let en: BTreeSet<_> = EN.keys().collect();
        assert_eq!(
            nl.difference(&en).collect::<Vec<_>>(),
            Vec::<&&&str>::new(),
            "keys only in nl.txt"
        );
        assert_eq!(
            en.difference(&nl).collect::<Vec<_>>(),
            Vec::<&&&str>::new(),
            "keys only in en.txt"
        );
        assert!(nl.len() > 50);
    }

    #[test]
    fn every_key_used_in_a_template_or_handler_exists() {
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui"),
        ];
        let mut missing = Vec::new();
        for dir in dirs {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (i, _) in text.match_indices("t.get(\"") {
                    let rest = &text[i + 7..];
                    let key = &rest[..rest.find('"').unwrap()];
                    if (Texts { lang: Lang::Nl }).find(key).is_none() {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys missing from the locale files: {missing:#?}"
        );
    }

    #[test]
    fn the_words_for_statuses_and_kinds_come_from_the_one_vocabulary() {
        // No locale file restates a word of a labelled list: there is one source. (A word
        // beside the list's values, such as "not assessed", may live there.)
        let restated: Vec<&&str> = NL
            .keys()
            .chain(EN.keys())
            .filter(|k| {
                k.split_once('.')
                    .is_some_and(|(g, c)| labels::label(g, c, Lang::Nl).is_some())
            })
            .collect();
        assert!(
            restated.is_empty(),
            "restated in a locale file: {restated:?}"
        );
        for group in labels::GROUPS {
            for code in (group.codes)() {
                for lang in Lang::ALL {
                    let t = Texts { lang };
                    assert_eq!(
                        t.find(&format!("{}.{code}", group.name)),
                        (group.label)(code, lang),
                        "{}.{code}",
                        group.name
                    );
                }
            }
        }
        let t = Texts { lang: Lang::Nl };
        assert_eq!(t.get("dossier_status.adopted"), "aangenomen");
        assert_eq!(t.find("security_level.none"), Some("niet beoordeeld"));
    }

    #[test]
    fn dates_are_written_the_dutch_way() {
        let t = Texts { lang: Lang::Nl };
        let date = "2023-11-24".parse().unwrap();
        assert_eq!(t.date(&date), "24-11-2023");
        assert_eq!(t.date_long(&date), "24 november 2023");
        assert_eq!(
            Texts { lang: Lang::En }.date_long(&date),
            "24 November 2023"
        );
        assert_eq!(t.instant("2024-04-17T10:00:00.000000Z"), "17-04-2024 12:00");
    }
}
