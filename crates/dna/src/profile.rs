//! Profiles: a genotype (two alleles) per typed locus, the kind of profile, and the inclusion
//! rules that decide whether a profile may be stored and searched at all.

use crate::allele::{Allele, AlleleError};
use crate::locus::{LOCUS_COUNT, Locus, LocusSet};
use std::fmt;

/// The two alleles at one locus, in canonical order (values ascending, the wildcard last), so
/// that `14,12` and `12,14` are the same genotype.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Genotype {
    first: Allele,
    second: Allele,
}

impl Genotype {
    pub fn new(a: Allele, b: Allele) -> Genotype {
        Genotype {
            first: a.min(b),
            second: a.max(b),
        }
    }

    /// A homozygote: one allele given means it was seen twice.
    pub fn homozygote(a: Allele) -> Genotype {
        Genotype::new(a, a)
    }

    pub fn alleles(self) -> [Allele; 2] {
        [self.first, self.second]
    }

    pub fn first(self) -> Allele {
        self.first
    }

    pub fn second(self) -> Allele {
        self.second
    }

    /// Both alleles numeric (no wildcard).
    pub fn is_fully_designated(self) -> bool {
        !self.second.is_wildcard()
    }

    pub fn has_wildcard(self) -> bool {
        self.second.is_wildcard()
    }

    /// Reads a cell: `a/b`, `a` (homozygote), `a/*`; more than two alleles keep the first and
    /// turn the second into `*` (mixed profiles are not allowed) [check]. `None` for an empty
    /// cell (locus not typed).
    pub fn parse(cell: &str, locus: Locus) -> Result<Option<Genotype>, CellError> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Ok(None);
        }
        let mut parts = cell.split('/').map(str::trim);
        let mut next = || -> Result<Option<Allele>, CellError> {
            match parts.next() {
                None => Ok(None),
                Some("") => Err(CellError::EmptyAllele),
                Some(text) => {
                    Allele::parse(text, locus)
                        .map(Some)
                        .map_err(|error| CellError::Allele {
                            text: text.to_string(),
                            error,
                        })
                }
            }
        };
        let first = next()?.ok_or(CellError::EmptyAllele)?;
        let genotype = match next()? {
            None => Genotype::homozygote(first),
            Some(second) => match next()? {
                None => Genotype::new(first, second),
                // A third allele: the profile is treated as not mixed, first kept, second `*`.
                Some(_) => Genotype::new(first, Allele::Wildcard),
            },
        };
        // Later alleles are still checked so that a malformed cell is never half-read.
        while next()?.is_some() {}
        Ok(Some(genotype))
    }
}

impl fmt::Display for Genotype {
    /// As written in a profile file: `12/14`, `12` for a homozygote, `12/*`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.second {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}/{}", self.first, self.second)
        }
    }
}

/// Why a cell is not a genotype.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum CellError {
    #[error("an allele is empty (write `a/b`, `a` or `a/*`)")]
    EmptyAllele,
    #[error("{text:?} is not an allele: {error}")]
    Allele { text: String, error: AlleleError },
}

/// Amelogenin alleles: stored, shown, never compared.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Sex {
    X,
    Y,
    Wildcard,
}

impl Sex {
    /// `X`/`Y` (any case) are kept; every other value becomes the wildcard.
    pub fn parse(text: &str) -> Sex {
        match text.trim() {
            "X" | "x" => Sex::X,
            "Y" | "y" => Sex::Y,
            _ => Sex::Wildcard,
        }
    }

    /// Reads an Amelogenin cell (`X/Y`, `X`, …); `None` when empty.
    pub fn parse_cell(cell: &str) -> Option<[Sex; 2]> {
        let cell = cell.trim();
        if cell.is_empty() {
            return None;
        }
        let mut parts = cell.split('/').map(Sex::parse);
        let first = parts.next().unwrap_or(Sex::Wildcard);
        let second = parts.next().unwrap_or(first);
        Some([first.min(second), first.max(second)])
    }

    pub fn cell(pair: [Sex; 2]) -> String {
        let one = |s: Sex| match s {
            Sex::X => "X",
            Sex::Y => "Y",
            Sex::Wildcard => "*",
        };
        if pair[0] == pair[1] {
            one(pair[0]).to_string()
        } else {
            format!("{}/{}", one(pair[0]), one(pair[1]))
        }
    }
}

/// A reference profile belongs to an identified person; a stain is an unidentified trace.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Reference,
    Stain,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "reference" => Some(Kind::Reference),
            "stain" => Some(Kind::Stain),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reference => "reference",
            Kind::Stain => "stain",
        }
    }
}

/// Genotypes indexed by [`Locus::index`]; `None` = not typed.
pub type Genotypes = [Option<Genotype>; LOCUS_COUNT];

/// One DNA profile.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Profile {
    pub id: String,
    pub kind: Kind,
    pub genotypes: Genotypes,
    pub amelogenin: Option<[Sex; 2]>,
}

/// An inclusion rule a profile breaks.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum RuleError {
    #[error(
        "only {found} fully designated loci (at least 6 are required; Amelogenin does not count)"
    )]
    TooFewLoci { found: usize },
    #[error(
        "a reference profile needs at least 6 of the 7 ESS-2001 loci fully designated; it has {found} ({missing} missing or not fully designated)"
    )]
    TooFewEss2001 { found: usize, missing: String },
}

/// Fully designated loci a profile needs.
pub const MIN_DESIGNATED_LOCI: usize = 6;
/// ESS-2001 loci a reference profile needs fully designated.
pub const MIN_ESS_2001_LOCI: usize = 6;

impl Profile {
    pub fn new(id: impl Into<String>, kind: Kind) -> Profile {
        Profile {
            id: id.into(),
            kind,
            genotypes: [None; LOCUS_COUNT],
            amelogenin: None,
        }
    }

    /// Sets a locus (builder style, handy in tests).
    pub fn with(mut self, locus: Locus, genotype: Genotype) -> Profile {
        self.genotypes[locus.index()] = Some(genotype);
        self
    }

    pub fn genotype(&self, locus: Locus) -> Option<Genotype> {
        self.genotypes[locus.index()]
    }

    /// The typed loci.
    pub fn typed(&self) -> LocusSet {
        self.loci_where(|_| true)
    }

    /// The fully designated loci (both alleles numeric).
    pub fn fully_designated(&self) -> LocusSet {
        self.loci_where(Genotype::is_fully_designated)
    }

    fn loci_where(&self, keep: impl Fn(Genotype) -> bool) -> LocusSet {
        let mut set = LocusSet::EMPTY;
        for locus in Locus::ALL {
            if self.genotype(locus).is_some_and(&keep) {
                set.insert(locus);
            }
        }
        set
    }

    /// The inclusion rules, applied after the conversions: at least 6 fully designated loci,
    /// and for a reference at least 6 of the 7 ESS-2001 loci fully designated.
    pub fn check_rules(&self) -> Result<(), RuleError> {
        let designated = self.fully_designated();
        if designated.len() < MIN_DESIGNATED_LOCI {
            return Err(RuleError::TooFewLoci {
                found: designated.len(),
            });
        }
        if self.kind == Kind::Reference {
            let (have, missing): (Vec<Locus>, Vec<Locus>) = Locus::ESS_2001
                .into_iter()
                .partition(|l| designated.contains(*l));
            if have.len() < MIN_ESS_2001_LOCI {
                let missing: Vec<&str> = missing.iter().map(|l| l.name()).collect();
                return Err(RuleError::TooFewEss2001 {
                    found: have.len(),
                    missing: missing.join(", "),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(repeats: u8) -> Allele {
        Allele::Value {
            repeats,
            variant: 0,
        }
    }

    fn cell(text: &str) -> Option<Genotype> {
        Genotype::parse(text, Locus::D8S1179).unwrap()
    }

    #[test]
    fn one_allele_is_a_homozygote_and_order_does_not_matter() {
        assert_eq!(cell("12"), Some(Genotype::new(v(12), v(12))));
        assert_eq!(cell("14/12"), cell("12/14"));
        assert_eq!(cell(""), None);
        assert_eq!(cell("  "), None);
        assert_eq!(cell("12").unwrap().to_string(), "12");
        assert_eq!(cell("14/12").unwrap().to_string(), "12/14");
    }

    #[test]
    fn drop_out_and_wildcards() {
        let g = cell("*/12").unwrap();
        assert_eq!(g, Genotype::new(v(12), Allele::Wildcard));
        assert_eq!(g.to_string(), "12/*");
        assert!(!g.is_fully_designated());
        // 0, 1, 99 and words become `*`.
        assert_eq!(cell("12/99"), Some(g));
        assert_eq!(cell("nr/12"), Some(g));
        assert_eq!(
            cell("*"),
            Some(Genotype::homozygote(Allele::Wildcard)),
            "a lone wildcard is a typed locus with two unknown alleles"
        );
    }

    #[test]
    fn a_third_allele_keeps_the_first_and_makes_the_second_a_wildcard() {
        assert_eq!(
            cell("12/14/15"),
            Some(Genotype::new(v(12), Allele::Wildcard))
        );
        assert_eq!(
            cell("15/14/12/11"),
            Some(Genotype::new(v(15), Allele::Wildcard))
        );
    }

    #[test]
    fn malformed_cells_are_errors() {
        assert_eq!(
            Genotype::parse("12/", Locus::FGA),
            Err(CellError::EmptyAllele)
        );
        assert!(matches!(
            Genotype::parse("12/150", Locus::FGA),
            Err(CellError::Allele { .. })
        ));
        assert!(matches!(
            Genotype::parse("12/14/150", Locus::FGA),
            Err(CellError::Allele { .. })
        ));
    }

    fn with_loci(kind: Kind, loci: &[Locus], genotype: Genotype) -> Profile {
        loci.iter()
            .fold(Profile::new("P", kind), |p, l| p.with(*l, genotype))
    }

    #[test]
    fn six_fully_designated_loci_are_required() {
        let full = Genotype::new(v(12), v(14));
        let half = Genotype::new(v(12), Allele::Wildcard);
        let five = with_loci(Kind::Stain, &Locus::ESS[..5], full);
        assert_eq!(five.check_rules(), Err(RuleError::TooFewLoci { found: 5 }));
        let mut six = five.clone().with(Locus::D1S1656, half);
        assert_eq!(six.check_rules(), Err(RuleError::TooFewLoci { found: 5 }));
        six = six.with(Locus::D2S441, full);
        assert_eq!(six.check_rules(), Ok(()));
    }

    #[test]
    fn a_reference_needs_six_of_the_seven_ess_2001_loci() {
        let full = Genotype::new(v(12), v(14));
        let other = [
            Locus::D1S1656,
            Locus::D2S441,
            Locus::D10S1248,
            Locus::D12S391,
        ];
        let mut loci: Vec<Locus> = Locus::ESS_2001[..5].to_vec();
        loci.extend(other);
        let reference = with_loci(Kind::Reference, &loci, full);
        assert!(matches!(
            reference.check_rules(),
            Err(RuleError::TooFewEss2001 { found: 5, .. })
        ));
        // The same loci are enough for a stain.
        let stain = with_loci(Kind::Stain, &loci, full);
        assert_eq!(stain.check_rules(), Ok(()));
        let reference = reference.with(Locus::TH01, full);
        assert_eq!(reference.check_rules(), Ok(()));
    }
}
