//! The Prüm comparison rules as pure functions: allele equivalence (with wildcards and the
//! microvariant tolerance), the allele difference per locus, fully matched loci, the hit rule
//! and the quality of a hit. Both search engines call these functions, so a hit is decided in
//! exactly one place.

use crate::allele::Allele;
use crate::locus::{Locus, LocusSet};
use crate::profile::{Genotype, Genotypes};
use std::fmt;

/// The settings of the hit rule ([check] in the specification; defaults 6, 1, on).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Settings {
    /// Fully matched loci a hit needs at least.
    pub min_loci: usize,
    /// Allele differences a hit may have at most (summed over the compared loci): 0 or 1.
    pub max_mismatch: u8,
    /// Whether the microvariant tolerance applies.
    pub microvariant: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            min_loci: 6,
            max_mismatch: 1,
            microvariant: true,
        }
    }
}

/// A setting outside what the rules define.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("min_loci must be between 1 and 28 (got {0})")]
    MinLoci(usize),
    #[error(
        "max_mismatch must be 0 or 1 (got {0}): the qualities define hits with no or exactly one allele different"
    )]
    MaxMismatch(u8),
}

impl Settings {
    pub fn validate(self) -> Result<Settings, SettingsError> {
        if !(1..=crate::locus::LOCUS_COUNT).contains(&self.min_loci) {
            return Err(SettingsError::MinLoci(self.min_loci));
        }
        if self.max_mismatch > 1 {
            return Err(SettingsError::MaxMismatch(self.max_mismatch));
        }
        Ok(self)
    }
}

/// How two alleles relate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Equivalence {
    Equal,
    /// Either is `*`.
    Wildcard,
    /// Different values related by the microvariant tolerance.
    Microvariant,
    Different,
}

/// Whether two alleles at a locus with `unit` bases per repeat are equivalent.
///
/// The specification's table — tetranucleotide `x.1 ≡ {x, x.1, x.2}`, `x.2 ≡ {x.1, x.2, x.3}`,
/// `x.3 ≡ {x.2, x.3, x+1}`, pentanucleotide likewise up to `x.4 ≡ {x.3, x.4, x+1}`, made
/// symmetric — says exactly: the two lengths differ by one base. Two whole numbers always
/// differ by a whole repeat, so they are equivalent only when equal.
pub fn equivalence(a: Allele, b: Allele, unit: u8, microvariant: bool) -> Equivalence {
    if a.is_wildcard() || b.is_wildcard() {
        return Equivalence::Wildcard;
    }
    if a == b {
        return Equivalence::Equal;
    }
    match (a.position(unit), b.position(unit)) {
        (Some(x), Some(y)) if microvariant && x.abs_diff(y) == 1 => Equivalence::Microvariant,
        _ => Equivalence::Different,
    }
}

/// The comparison at one locus.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LocusOutcome {
    /// Alleles left unpaired (0, 1 or 2).
    pub difference: u8,
    /// A wildcard was paired.
    pub wildcard: bool,
    /// The microvariant tolerance paired two different values.
    pub microvariant: bool,
}

impl LocusOutcome {
    /// d = 0 and no wildcard used.
    pub fn fully_matched(self) -> bool {
        self.difference == 0 && !self.wildcard
    }
}

/// Compares two genotypes: the allele difference is the smallest number of unpaired alleles
/// over the two ways of pairing {a1, a2} with {b1, b2}. Of two pairings with the same difference
/// the one without microvariant tolerance is taken (the better quality); a wildcard is paired
/// in every pairing, so whether one was used does not depend on the choice.
pub fn compare_locus(a: Genotype, b: Genotype, unit: u8, microvariant: bool) -> LocusOutcome {
    let [a1, a2] = a.alleles();
    let [b1, b2] = b.alleles();
    let pairing = |x: [(Allele, Allele); 2]| {
        let mut outcome = LocusOutcome {
            difference: 0,
            wildcard: false,
            microvariant: false,
        };
        for (p, q) in x {
            match equivalence(p, q, unit, microvariant) {
                Equivalence::Equal => {}
                Equivalence::Wildcard => outcome.wildcard = true,
                Equivalence::Microvariant => outcome.microvariant = true,
                Equivalence::Different => outcome.difference += 1,
            }
        }
        outcome
    };
    let straight = pairing([(a1, b1), (a2, b2)]);
    let crossed = pairing([(a1, b2), (a2, b1)]);
    let rank = |o: LocusOutcome| (o.difference, o.microvariant);
    if rank(crossed) < rank(straight) {
        crossed
    } else {
        straight
    }
}

/// The comparison of two profiles over the loci typed in both.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Comparison {
    pub compared: LocusSet,
    pub fully_matched: LocusSet,
    pub wildcard: LocusSet,
    pub microvariant: LocusSet,
    /// Loci with an allele difference.
    pub different: LocusSet,
    /// Sum of the allele differences.
    pub difference: u8,
}

impl Comparison {
    /// Adds one compared locus. Both engines build comparisons through this, so they agree.
    pub fn add(&mut self, locus: Locus, outcome: LocusOutcome) {
        self.compared.insert(locus);
        if outcome.fully_matched() {
            self.fully_matched.insert(locus);
        }
        if outcome.wildcard {
            self.wildcard.insert(locus);
        }
        if outcome.microvariant {
            self.microvariant.insert(locus);
        }
        if outcome.difference > 0 {
            self.different.insert(locus);
        }
        self.difference = self.difference.saturating_add(outcome.difference);
    }

    /// The hit rule: at least `min_loci` fully matched loci and at most `max_mismatch` allele
    /// differences in all.
    pub fn is_hit(&self, settings: &Settings) -> bool {
        self.fully_matched.len() >= settings.min_loci && self.difference <= settings.max_mismatch
    }

    /// The quality of a hit [check]: 1 exact, 2 a wildcard used, 3 microvariant tolerance used
    /// (no wildcard), 4 exactly one allele different. `None` for more than one difference.
    pub fn quality(&self) -> Option<Quality> {
        match self.difference {
            0 if !self.wildcard.is_empty() => Some(Quality::Wildcard),
            0 if !self.microvariant.is_empty() => Some(Quality::Microvariant),
            0 => Some(Quality::Exact),
            1 => Some(Quality::NearMatch),
            _ => None,
        }
    }
}

/// Compares two profiles locus by locus (Amelogenin is not among the genotypes compared).
pub fn compare(a: &Genotypes, b: &Genotypes, microvariant: bool) -> Comparison {
    let mut comparison = Comparison::default();
    for locus in Locus::ALL {
        if let (Some(x), Some(y)) = (a[locus.index()], b[locus.index()]) {
            comparison.add(
                locus,
                compare_locus(x, y, locus.repeat_unit(), microvariant),
            );
        }
    }
    comparison
}

/// The Prüm quality of a hit.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Quality {
    Exact = 1,
    Wildcard = 2,
    Microvariant = 3,
    NearMatch = 4,
}

impl Quality {
    pub fn number(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for Quality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

    fn g(text: &str, locus: Locus) -> Genotype {
        Genotype::parse(text, locus).unwrap().unwrap()
    }

    fn d(a: &str, b: &str) -> LocusOutcome {
        let l = Locus::D8S1179;
        compare_locus(g(a, l), g(b, l), 4, true)
    }

    #[test]
    fn the_specifications_allele_difference_examples() {
        // `12,14` vs `14,12` → 0
        assert_eq!(d("12/14", "14/12").difference, 0);
        assert!(d("12/14", "14/12").fully_matched());
        // `12,*` vs `9,12` → 0 (with a wildcard, so not fully matched)
        assert_eq!(d("12/*", "9/12").difference, 0);
        assert!(d("12/*", "9/12").wildcard);
        assert!(!d("12/*", "9/12").fully_matched());
        // `12,12` vs `12,14` → 1: a homozygote against a heterozygote is not a full match
        assert_eq!(d("12/12", "12/14").difference, 1);
        assert_eq!(d("12", "12/14").difference, 1);
        // `12,14` vs `15,16` → 2
        assert_eq!(d("12/14", "15/16").difference, 2);
    }

    fn eq(a: &str, b: &str, locus: Locus) -> Equivalence {
        let parse = |t: &str| Allele::parse(t, locus).unwrap();
        let forward = equivalence(parse(a), parse(b), locus.repeat_unit(), true);
        let backward = equivalence(parse(b), parse(a), locus.repeat_unit(), true);
        assert_eq!(forward, backward, "{a} vs {b} must be symmetric");
        forward
    }

    #[test]
    fn the_tetranucleotide_microvariant_table() {
        use Equivalence::*;
        let l = Locus::TH01;
        // x.1 ≡ {x, x.1, x.2}
        assert_eq!(eq("9.1", "9", l), Microvariant);
        assert_eq!(eq("9.1", "9.1", l), Equal);
        assert_eq!(eq("9.1", "9.2", l), Microvariant);
        assert_eq!(eq("9.1", "9.3", l), Different);
        assert_eq!(eq("9.1", "10", l), Different);
        assert_eq!(eq("9.1", "8.3", l), Different);
        // x.2 ≡ {x.1, x.2, x.3}
        assert_eq!(eq("9.2", "9.1", l), Microvariant);
        assert_eq!(eq("9.2", "9.3", l), Microvariant);
        assert_eq!(eq("9.2", "9", l), Different);
        assert_eq!(eq("9.2", "10", l), Different);
        // x.3 ≡ {x.2, x.3, x+1}: TH01 9.3 ≡ 10
        assert_eq!(eq("9.3", "9.2", l), Microvariant);
        assert_eq!(eq("9.3", "10", l), Microvariant);
        assert_eq!(eq("9.3", "9", l), Different);
        assert_eq!(eq("9.3", "10.1", l), Different);
        // Two whole numbers only when equal.
        assert_eq!(eq("9", "10", l), Different);
        assert_eq!(eq("9", "9", l), Equal);
        assert_eq!(eq("9", "*", l), Wildcard);
        // Off: no tolerance.
        let parse = |t: &str| Allele::parse(t, l).unwrap();
        assert_eq!(equivalence(parse("9.3"), parse("10"), 4, false), Different);
    }

    #[test]
    fn the_pentanucleotide_microvariant_table() {
        use Equivalence::*;
        for l in [Locus::PentaD, Locus::PentaE, Locus::CD4] {
            assert_eq!(eq("12.1", "12", l), Microvariant);
            assert_eq!(eq("12.1", "12.2", l), Microvariant);
            assert_eq!(eq("12.2", "12.3", l), Microvariant);
            // x.3 ≡ {x.2, x.3, x.4}: not x+1 at a pentanucleotide locus
            assert_eq!(eq("12.3", "12.4", l), Microvariant);
            assert_eq!(eq("12.3", "13", l), Different);
            // x.4 ≡ {x.3, x.4, x+1}
            assert_eq!(eq("12.4", "13", l), Microvariant);
            assert_eq!(eq("12.4", "12.2", l), Different);
            assert_eq!(eq("12", "13", l), Different);
        }
    }

    fn profile(cells: &[(Locus, &str)]) -> Profile {
        cells.iter().fold(
            Profile::new("P", crate::profile::Kind::Stain),
            |p, (l, t)| p.with(*l, g(t, *l)),
        )
    }

    /// Six ESS loci with plain heterozygotes, plus the given overrides.
    fn six(overrides: &[(Locus, &str)]) -> Profile {
        let mut cells: Vec<(Locus, &str)> = Locus::ESS[..6].iter().map(|l| (*l, "12/14")).collect();
        for (l, t) in overrides {
            cells.retain(|(x, _)| x != l);
            cells.push((*l, t));
        }
        profile(&cells)
    }

    fn judge(a: &Profile, b: &Profile) -> (bool, Option<Quality>) {
        let c = compare(&a.genotypes, &b.genotypes, true);
        (c.is_hit(&Settings::default()), c.quality())
    }

    #[test]
    fn the_four_qualities() {
        let base = six(&[]);
        assert_eq!(judge(&base, &base), (true, Some(Quality::Exact)));
        // A wildcard on a seventh locus: six fully matched, still a hit, quality 2.
        let with_wild = six(&[(Locus::D1S1656, "11/*")]);
        let other = six(&[(Locus::D1S1656, "11/15")]);
        assert_eq!(judge(&with_wild, &other), (true, Some(Quality::Wildcard)));
        // Microvariant tolerance on TH01 9.3 ≡ 10 (and no wildcard): quality 3.
        let a = six(&[(Locus::TH01, "9.3/6")]);
        let b = six(&[(Locus::TH01, "10/6")]);
        assert_eq!(judge(&a, &b), (true, Some(Quality::Microvariant)));
        // One allele different on a seventh locus: a near match, quality 4.
        let a = six(&[(Locus::D1S1656, "11/15")]);
        let b = six(&[(Locus::D1S1656, "11/16")]);
        assert_eq!(judge(&a, &b), (true, Some(Quality::NearMatch)));
    }

    #[test]
    fn the_hit_rule_uses_min_loci_and_max_mismatch() {
        // A wildcard locus is not fully matched: five fully matched loci are no hit.
        let a = six(&[(Locus::TH01, "12/*")]);
        let b = six(&[]);
        let c = compare(&a.genotypes, &b.genotypes, true);
        assert_eq!(
            (c.compared.len(), c.fully_matched.len(), c.difference),
            (6, 5, 0)
        );
        assert!(!c.is_hit(&Settings::default()));
        assert!(c.is_hit(&Settings {
            min_loci: 5,
            ..Settings::default()
        }));
        // With six compared loci, one difference leaves five fully matched: no hit.
        let a = six(&[(Locus::TH01, "12/15")]);
        assert!(!judge(&a, &b).0);
        // Two differences are never a hit, even with many matched loci.
        let a = six(&[(Locus::D1S1656, "11/15"), (Locus::D2S441, "10/11")]);
        let b = six(&[(Locus::D1S1656, "11/16"), (Locus::D2S441, "10/12")]);
        let c = compare(&a.genotypes, &b.genotypes, true);
        assert_eq!(c.difference, 2);
        assert!(!c.is_hit(&Settings::default()));
        // max_mismatch 0 turns near matches away.
        let a = six(&[(Locus::D1S1656, "11/15")]);
        let b = six(&[(Locus::D1S1656, "11/16")]);
        let c = compare(&a.genotypes, &b.genotypes, true);
        assert!(c.is_hit(&Settings::default()));
        assert!(!c.is_hit(&Settings {
            max_mismatch: 0,
            ..Settings::default()
        }));
        // Without the tolerance, 9.3 vs 10 is a difference.
        let a = six(&[(Locus::TH01, "9.3/6"), (Locus::D1S1656, "11/15")]);
        let b = six(&[(Locus::TH01, "10/6"), (Locus::D1S1656, "11/15")]);
        let c = compare(&a.genotypes, &b.genotypes, false);
        assert_eq!((c.difference, c.quality()), (1, Some(Quality::NearMatch)));
    }

    #[test]
    fn only_loci_typed_in_both_are_compared() {
        let a = six(&[(Locus::D1S1656, "11/15")]);
        let b = six(&[(Locus::D2S441, "10/11")]);
        let c = compare(&a.genotypes, &b.genotypes, true);
        assert_eq!(c.compared.len(), 6);
    }

    #[test]
    fn the_pairing_without_tolerance_wins_a_tie() {
        // 9.3 and 10 are equivalent: pairing 9.3–9.3 and 10–10 is exact.
        let l = Locus::TH01;
        let o = compare_locus(g("9.3/10", l), g("10/9.3", l), 4, true);
        assert_eq!((o.difference, o.microvariant), (0, false));
        let o = compare_locus(g("9.3/10", l), g("9.3", l), 4, true);
        assert_eq!((o.difference, o.microvariant), (0, true));
    }

    #[test]
    fn settings_are_validated() {
        assert!(Settings::default().validate().is_ok());
        assert!(
            Settings {
                max_mismatch: 2,
                ..Settings::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            Settings {
                min_loci: 0,
                ..Settings::default()
            }
            .validate()
            .is_err()
        );
    }
}
