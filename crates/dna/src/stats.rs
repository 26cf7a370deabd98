//! Statistics on a hit: random match probability (RMP) with the Balding–Nichols θ correction
//! (NRC II 4.10), the likelihood ratio, and the expected number of adventitious (chance) hits
//! in a database of a given size under the hit rule actually applied.

use crate::allele::Allele;
use crate::compare::{Comparison, Quality, Settings, compare_locus};
use crate::locus::{Column, LOCUS_COUNT, Locus};
use crate::profile::{Genotype, Genotypes};

/// The UK DNA-17 "White" table (Open Government Licence v3.0: "Contains public sector
/// information licensed under the Open Government Licence v3.0."). See `data/README.md`.
pub const UK_WHITE: &str = include_str!("../data/uk-dna17-white.tsv");
/// The NIST 1036 US Caucasian table (US government work, public domain).
pub const NIST_CAUCASIAN: &str = include_str!("../data/nist1036-caucasian.tsv");

/// θ (F_ST) default: conservative for EU casework.
pub const DEFAULT_THETA: f64 = 0.01;
/// Fewer compared loci than this carries a warning.
pub const WARN_BELOW_LOCI: usize = 8;
/// Expected adventitious hits at or above this carry a warning.
pub const WARN_EXPECTED: f64 = 0.01;

/// Allele frequencies per locus.
#[derive(Clone, Debug)]
pub struct FrequencyTable {
    loci: Vec<Option<Vec<(Allele, f64)>>>,
    /// N, the alleles counted per locus; the minimum frequency is 5/(2N).
    alleles_counted: f64,
}

/// Why a frequency table cannot be read.
#[derive(Clone, PartialEq, Debug, thiserror::Error)]
#[error("frequency table, line {line}: {message}")]
pub struct TableError {
    pub line: usize,
    pub message: String,
}

impl FrequencyTable {
    /// Reads a table: tab-separated `locus  allele  frequency`, a header line, `#` comments.
    /// Loci outside the accepted ones (e.g. D6S1043, Penta C) and Amelogenin are skipped.
    ///
    /// N (alleles counted) is not in the files: it is taken as 1 / the smallest frequency in
    /// the table, which is exact for both shipped tables (each has a singleton allele:
    /// 1/2,550 and 1/722) and never larger than the true N otherwise, so the minimum
    /// frequency 5/(2N) errs on the high, conservative side.
    pub fn parse(text: &str) -> Result<FrequencyTable, TableError> {
        let mut loci: Vec<Option<Vec<(Allele, f64)>>> = vec![None; LOCUS_COUNT];
        let mut smallest = f64::INFINITY;
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let err = |message: String| TableError {
                line: line_no,
                message,
            };
            let [locus, allele, frequency] = fields[..] else {
                return Err(err(format!(
                    "expected 3 tab-separated fields, found {}",
                    fields.len()
                )));
            };
            if i == 0 && locus.trim().eq_ignore_ascii_case("locus") {
                continue;
            }
            let Some(Column::Locus(locus)) = Column::parse(locus) else {
                continue;
            };
            let allele = match Allele::parse(allele, locus) {
                Ok(a @ Allele::Value { .. }) => a,
                Ok(Allele::Wildcard) => {
                    return Err(err(format!("{allele:?} is not an allele value")));
                }
                Err(e) => return Err(err(format!("{allele:?}: {e}"))),
            };
            let frequency: f64 = frequency
                .trim()
                .parse()
                .ok()
                .filter(|f: &f64| f.is_finite() && *f > 0.0 && *f <= 1.0)
                .ok_or_else(|| err(format!("{frequency:?} is not a frequency in (0, 1]")))?;
            smallest = smallest.min(frequency);
            let alleles = loci[locus.index()].get_or_insert_with(Vec::new);
            if alleles.iter().any(|(a, _)| *a == allele) {
                return Err(err(format!("{locus} {allele} is listed twice")));
            }
            alleles.push((allele, frequency));
        }
        if smallest.is_infinite() {
            return Err(TableError {
                line: 0,
                message: "no frequencies for any accepted locus".to_string(),
            });
        }
        for alleles in loci.iter_mut().flatten() {
            alleles.sort_by_key(|a| a.0);
        }
        Ok(FrequencyTable {
            loci,
            alleles_counted: (1.0 / smallest).round().max(1.0),
        })
    }

    /// The default table: UK DNA-17 White.
    pub fn uk_white() -> FrequencyTable {
        Self::parse(UK_WHITE).unwrap_or_else(|_| FrequencyTable {
            loci: vec![None; LOCUS_COUNT],
            alleles_counted: 1.0,
        })
    }

    /// The NIST 1036 Caucasian table (it has the pentanucleotide loci).
    pub fn nist_caucasian() -> FrequencyTable {
        Self::parse(NIST_CAUCASIAN).unwrap_or_else(|_| FrequencyTable {
            loci: vec![None; LOCUS_COUNT],
            alleles_counted: 1.0,
        })
    }

    /// The alleles and frequencies of a locus; `None` when the table lacks it.
    pub fn alleles(&self, locus: Locus) -> Option<&[(Allele, f64)]> {
        self.loci[locus.index()].as_deref()
    }

    pub fn has(&self, locus: Locus) -> bool {
        self.loci[locus.index()].is_some()
    }

    /// N, the alleles counted per locus.
    pub fn alleles_counted(&self) -> f64 {
        self.alleles_counted
    }

    /// The frequency given to an allele missing from the table: 5/(2N).
    pub fn minimum_frequency(&self) -> f64 {
        5.0 / (2.0 * self.alleles_counted)
    }

    /// The frequency of an allele; the minimum frequency when the table lacks the allele;
    /// `None` when it lacks the locus.
    pub fn frequency(&self, locus: Locus, allele: Allele) -> Option<f64> {
        let alleles = self.alleles(locus)?;
        Some(
            alleles
                .binary_search_by(|(a, _)| a.cmp(&allele))
                .map(|i| alleles[i].1)
                .unwrap_or_else(|_| self.minimum_frequency()),
        )
    }

    /// The θ-corrected probability of a fully designated genotype; `None` when the table
    /// lacks the locus or the genotype has a wildcard.
    pub fn genotype_probability(
        &self,
        locus: Locus,
        genotype: Genotype,
        theta: f64,
    ) -> Option<f64> {
        let [a, b] = genotype.alleles();
        if genotype.has_wildcard() {
            return None;
        }
        let pa = self.frequency(locus, a)?;
        let pb = self.frequency(locus, b)?;
        Some(genotype_probability(pa, pb, a == b, theta))
    }
}

/// NRC II 4.10 (Balding–Nichols): homozygote
/// `[2θ+(1−θ)p][3θ+(1−θ)p] / [(1+θ)(1+2θ)]`, heterozygote
/// `2[θ+(1−θ)pA][θ+(1−θ)pB] / [(1+θ)(1+2θ)]`. With θ = 0 these are p² and 2pq.
pub fn genotype_probability(pa: f64, pb: f64, homozygote: bool, theta: f64) -> f64 {
    let denominator = (1.0 + theta) * (1.0 + 2.0 * theta);
    if homozygote {
        (2.0 * theta + (1.0 - theta) * pa) * (3.0 * theta + (1.0 - theta) * pa) / denominator
    } else {
        2.0 * (theta + (1.0 - theta) * pa) * (theta + (1.0 - theta) * pb) / denominator
    }
}

/// The RMP averaged over random profiles: `Π_l Σ_g P(g) · P_θ(g)`, P(g) Hardy–Weinberg and
/// P_θ(g) the θ-corrected genotype probability — the chance that two unrelated profiles match
/// exactly on `loci`. The specification's reference figures are of this kind. `None` when the
/// table lacks a locus.
pub fn average_match_probability(
    table: &FrequencyTable,
    loci: &[Locus],
    theta: f64,
) -> Option<f64> {
    let mut product = 1.0;
    for &locus in loci {
        let alleles = table.alleles(locus)?;
        let mut sum = 0.0;
        for (i, &(_, pa)) in alleles.iter().enumerate() {
            for (j, &(_, pb)) in alleles.iter().enumerate().skip(i) {
                let hardy_weinberg = if i == j { pa * pa } else { 2.0 * pa * pb };
                sum += hardy_weinberg * genotype_probability(pa, pb, i == j, theta);
            }
        }
        product *= sum;
    }
    Some(product)
}

/// What happens at one compared locus when the query meets an unrelated profile.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct LocusChances {
    /// Fully matched (d = 0, no wildcard).
    pub full: f64,
    /// d = 0 through a wildcard (not fully matched).
    pub wildcard: f64,
    /// Exactly one allele different.
    pub one: f64,
}

/// The chances at one locus for the query genotype against a random fully designated genotype
/// drawn from the table (Hardy–Weinberg), with the equivalence the search applies. The
/// query's own genotype gets its θ-corrected probability, so that with neither wildcards nor
/// tolerance `full` is exactly the RMP factor. `None` when the table lacks the locus.
pub fn locus_chances(
    table: &FrequencyTable,
    locus: Locus,
    query: Genotype,
    microvariant: bool,
    theta: f64,
) -> Option<LocusChances> {
    let mut alleles: Vec<(Allele, f64)> = table.alleles(locus)?.to_vec();
    for a in query.alleles() {
        if !a.is_wildcard() && !alleles.iter().any(|(x, _)| *x == a) {
            alleles.push((a, table.minimum_frequency()));
        }
    }
    let unit = locus.repeat_unit();
    let mut chances = LocusChances {
        full: 0.0,
        wildcard: 0.0,
        one: 0.0,
    };
    for (i, &(x, px)) in alleles.iter().enumerate() {
        for &(y, py) in &alleles[i..] {
            let genotype = Genotype::new(x, y);
            let p = if genotype == query {
                genotype_probability(px, py, x == y, theta)
            } else if x == y {
                px * py
            } else {
                2.0 * px * py
            };
            let outcome = compare_locus(query, genotype, unit, microvariant);
            match (outcome.difference, outcome.wildcard) {
                (0, false) => chances.full += p,
                (0, true) => chances.wildcard += p,
                (1, _) => chances.one += p,
                _ => {}
            }
        }
    }
    Some(chances)
}

/// The probability that an unrelated profile satisfies the hit rule over these loci: at
/// least `min_loci` fully matched and at most `max_mismatch` loci with one allele different
/// (the rest matched through a wildcard). With one mismatch allowed and enough loci this is
/// the specification's `Π m_l + Σ_l e_l · Π_{k≠l} m_k`; it also counts exactly when a
/// mismatch or a wildcard would leave too few fully matched loci.
pub fn hit_probability(chances: &[LocusChances], settings: &Settings) -> f64 {
    let cap = settings.min_loci;
    let mismatches = usize::from(settings.max_mismatch);
    // p[k][j]: probability of k fully matched loci (capped at min_loci) and j mismatches.
    let mut p = vec![vec![0.0; mismatches + 1]; cap + 1];
    p[0][0] = 1.0;
    for c in chances {
        let mut next = vec![vec![0.0; mismatches + 1]; cap + 1];
        for k in 0..=cap {
            for j in 0..=mismatches {
                let here = p[k][j];
                if here == 0.0 {
                    continue;
                }
                next[(k + 1).min(cap)][j] += here * c.full;
                next[k][j] += here * c.wildcard;
                if j < mismatches {
                    next[k][j + 1] += here * c.one;
                }
            }
        }
        p = next;
    }
    p[cap].iter().sum()
}

/// The statistics carried by a hit.
#[derive(Clone, PartialEq, Debug)]
pub struct Statistics {
    pub rmp: f64,
    /// 1/RMP for qualities 1–3; none for a near match (quality 4).
    pub lr: Option<f64>,
    pub expected_adventitious: f64,
    pub warnings: Vec<String>,
}

/// Computes the statistics of a hit of `query` on `candidate`.
///
/// RMP is the product of the θ-corrected genotype probabilities over the fully matched loci.
/// Where the microvariant tolerance paired two different genotypes the larger of their two
/// probabilities is taken (the conservative choice). A locus the table lacks counts as
/// probability 1 (conservative) and carries a warning.
pub fn statistics(
    table: &FrequencyTable,
    query: &Genotypes,
    candidate: &Genotypes,
    comparison: &Comparison,
    settings: &Settings,
    theta: f64,
    database_size: usize,
) -> Statistics {
    let mut warnings = Vec::new();
    let mut missing = Vec::new();
    let mut rmp = 1.0;
    for locus in comparison.fully_matched.iter() {
        let probability = |g: &Genotypes| {
            g[locus.index()].and_then(|g| table.genotype_probability(locus, g, theta))
        };
        match (probability(query), probability(candidate)) {
            (Some(q), Some(c)) => rmp *= q.max(c),
            _ => missing.push(locus.name()),
        }
    }
    let mut chances = Vec::with_capacity(comparison.compared.len());
    for locus in comparison.compared.iter() {
        let Some(genotype) = query[locus.index()] else {
            continue;
        };
        match locus_chances(table, locus, genotype, settings.microvariant, theta) {
            Some(c) => chances.push(c),
            None => {
                if !missing.contains(&locus.name()) {
                    missing.push(locus.name());
                }
                chances.push(LocusChances {
                    full: 1.0,
                    wildcard: 0.0,
                    one: 0.0,
                });
            }
        }
    }
    let expected_adventitious = database_size as f64 * hit_probability(&chances, settings);
    if comparison.compared.len() < WARN_BELOW_LOCI {
        warnings.push(format!(
            "only {} loci compared (fewer than {WARN_BELOW_LOCI})",
            comparison.compared.len()
        ));
    }
    if expected_adventitious >= WARN_EXPECTED {
        warnings.push(format!(
            "{expected_adventitious:.3} adventitious hits expected in a database of {database_size} profiles (at least {WARN_EXPECTED})"
        ));
    }
    if !missing.is_empty() {
        warnings.push(format!(
            "no allele frequencies for {}: counted as probability 1",
            missing.join(", ")
        ));
    }
    let lr = match comparison.quality() {
        Some(Quality::NearMatch) | None => None,
        Some(_) => Some(1.0 / rmp),
    };
    Statistics {
        rmp,
        lr,
        expected_adventitious,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::compare;
    use crate::profile::{Kind, Profile};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300)
    }

    fn v(repeats: u8, variant: u8) -> Allele {
        Allele::Value { repeats, variant }
    }

    #[test]
    fn the_nrc_ii_4_10_formulas() {
        // θ = 0: Hardy–Weinberg.
        assert!(close(genotype_probability(0.1, 0.1, true, 0.0), 0.01));
        assert!(close(genotype_probability(0.1, 0.2, false, 0.0), 0.04));
        // θ = 0.01, p = 0.1: [0.02 + 0.099][0.03 + 0.099] / (1.01 · 1.02)
        let hom = (0.02 + 0.99 * 0.1) * (0.03 + 0.99 * 0.1) / (1.01 * 1.02);
        assert!(close(genotype_probability(0.1, 0.1, true, 0.01), hom));
        assert!(close(hom, 0.014_900_990_099_009_902));
        // heterozygote pA = 0.1, pB = 0.2: 2[0.01 + 0.099][0.01 + 0.198] / (1.01 · 1.02)
        let het = 2.0 * (0.01 + 0.99 * 0.1) * (0.01 + 0.99 * 0.2) / (1.01 * 1.02);
        assert!(close(genotype_probability(0.1, 0.2, false, 0.01), het));
        assert!(close(het, 0.044_014_754_416_618_13));
    }

    #[test]
    fn missing_alleles_get_five_over_two_n() {
        let table = FrequencyTable::uk_white();
        assert_eq!(table.alleles_counted(), 2550.0);
        assert!(close(table.minimum_frequency(), 5.0 / 5100.0));
        assert_eq!(
            table.frequency(Locus::TH01, v(9, 3)),
            Some(0.3341176470588235)
        );
        assert_eq!(
            table.frequency(Locus::TH01, v(13, 0)),
            Some(table.minimum_frequency())
        );
        assert_eq!(table.frequency(Locus::TPOX, v(8, 0)), None);
        assert_eq!(FrequencyTable::nist_caucasian().alleles_counted(), 722.0);
        assert!(FrequencyTable::nist_caucasian().has(Locus::PentaE));
        assert!(
            FrequencyTable::nist_caucasian().has(Locus::F13A1),
            "alias F13A01"
        );
    }

    #[test]
    fn tables_are_checked() {
        assert!(FrequencyTable::parse("locus\tallele\tfrequency\nTH01\t9\tx\n").is_err());
        assert!(FrequencyTable::parse("TH01\t9\t1.5\n").is_err());
        assert!(FrequencyTable::parse("TH01\t9\n").is_err());
        assert!(FrequencyTable::parse("TH01\t9\t0.5\nTH01\t9\t0.5\n").is_err());
        assert!(FrequencyTable::parse("TH01\tna\t0.5\n").is_err());
        assert!(FrequencyTable::parse("").is_err());
        let t = FrequencyTable::parse("# comment\nTH01\t9\t0.25\nTH01\t9.3\t0.75\n").unwrap();
        assert_eq!(t.alleles_counted(), 4.0);
    }

    fn chance(full: f64, one: f64) -> LocusChances {
        LocusChances {
            full,
            wildcard: 0.0,
            one,
        }
    }

    #[test]
    fn the_expected_adventitious_formula() {
        let loci: Vec<LocusChances> = (0..8)
            .map(|i| chance(0.05 + 0.01 * f64::from(i), 0.3 - 0.02 * f64::from(i)))
            .collect();
        let product: f64 = loci.iter().map(|c| c.full).product();
        // One mismatch allowed: Π m_l + Σ_l e_l Π_{k≠l} m_k.
        let formula = product + loci.iter().map(|c| c.one * product / c.full).sum::<f64>();
        assert!(close(hit_probability(&loci, &Settings::default()), formula));
        // None allowed: Π m_l.
        let exact = Settings {
            max_mismatch: 0,
            ..Settings::default()
        };
        assert!(close(hit_probability(&loci, &exact), product));
        // Six loci: a mismatch leaves five fully matched, so only Π m_l remains.
        assert!(close(
            hit_probability(&loci[..6], &Settings::default()),
            loci[..6].iter().map(|c| c.full).product()
        ));
    }

    fn reference(cells: &[(Locus, &str)]) -> Profile {
        cells
            .iter()
            .fold(Profile::new("R", Kind::Reference), |p, (l, t)| {
                p.with(*l, Genotype::parse(t, *l).unwrap().unwrap())
            })
    }

    const SEVEN: [(Locus, &str); 7] = [
        (Locus::D3S1358, "15/16"),
        (Locus::VWA, "17/18"),
        (Locus::D8S1179, "13/14"),
        (Locus::D21S11, "29/30"),
        (Locus::D18S51, "12/15"),
        (Locus::TH01, "9.3"),
        (Locus::FGA, "21/22"),
    ];

    #[test]
    fn rmp_lr_and_expected_hits_of_an_exact_hit() {
        let table = FrequencyTable::uk_white();
        let p = reference(&SEVEN);
        let cmp = compare(&p.genotypes, &p.genotypes, true);
        let exact = Settings {
            max_mismatch: 0,
            microvariant: false,
            ..Settings::default()
        };
        let s = statistics(
            &table,
            &p.genotypes,
            &p.genotypes,
            &cmp,
            &exact,
            0.01,
            1_000_000,
        );
        let rmp: f64 = SEVEN
            .iter()
            .map(|(l, t)| {
                let g = Genotype::parse(t, *l).unwrap().unwrap();
                let [a, b] = g.alleles();
                genotype_probability(
                    table.frequency(*l, a).unwrap(),
                    table.frequency(*l, b).unwrap(),
                    a == b,
                    0.01,
                )
            })
            .product();
        assert!(close(s.rmp, rmp));
        assert!(close(s.lr.unwrap(), 1.0 / rmp));
        // No tolerance, no mismatch: the chance of a hit is the RMP itself.
        assert!(close(s.expected_adventitious, 1_000_000.0 * rmp));
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert!(s.warnings[0].contains("only 7 loci"));
        // Seven common genotypes in a million profiles: chance hits are to be expected.
        assert!(s.expected_adventitious > WARN_EXPECTED);
        assert!(s.warnings[1].contains("adventitious"));
    }

    #[test]
    fn a_near_match_has_no_likelihood_ratio_and_a_weak_hit_warns() {
        let table = FrequencyTable::uk_white();
        let a = reference(&SEVEN);
        let b = a.clone().with(
            Locus::FGA,
            Genotype::parse("21/23", Locus::FGA).unwrap().unwrap(),
        );
        let cmp = compare(&a.genotypes, &b.genotypes, true);
        assert_eq!(cmp.quality(), Some(Quality::NearMatch));
        let s = statistics(
            &table,
            &a.genotypes,
            &b.genotypes,
            &cmp,
            &Settings::default(),
            0.01,
            10_000_000,
        );
        assert_eq!(s.lr, None);
        // RMP over the six fully matched loci only.
        assert_eq!(cmp.fully_matched.len(), 6);
        assert!(s.rmp > 0.0 && s.rmp < 1e-5);
        assert!(s.expected_adventitious >= WARN_EXPECTED);
        assert!(s.warnings.iter().any(|w| w.contains("adventitious")));
    }

    #[test]
    fn a_locus_without_frequencies_counts_as_one_and_warns() {
        let table = FrequencyTable::uk_white();
        let mut cells = SEVEN.to_vec();
        cells.push((Locus::TPOX, "8/11"));
        let p = reference(&cells);
        let q = reference(&SEVEN);
        let cmp = compare(&p.genotypes, &p.genotypes, true);
        let s = statistics(
            &table,
            &p.genotypes,
            &p.genotypes,
            &cmp,
            &Settings::default(),
            0.01,
            1,
        );
        let cmp7 = compare(&q.genotypes, &q.genotypes, true);
        let s7 = statistics(
            &table,
            &q.genotypes,
            &q.genotypes,
            &cmp7,
            &Settings::default(),
            0.01,
            1,
        );
        assert!(close(s.rmp, s7.rmp));
        assert!(s.warnings.iter().any(|w| w.contains("TPOX")));
    }

    #[test]
    fn a_wildcard_locus_uses_the_probability_of_carrying_the_allele() {
        let table = FrequencyTable::uk_white();
        let g = Genotype::new(v(9, 3), Allele::Wildcard);
        let c = locus_chances(&table, Locus::TH01, g, false, 0.0).unwrap();
        let p = table.frequency(Locus::TH01, v(9, 3)).unwrap();
        let total: f64 = table
            .alleles(Locus::TH01)
            .unwrap()
            .iter()
            .map(|x| x.1)
            .sum();
        // carrying 9.3 = 1 − (1 − p)² when the table sums to 1
        assert!((c.wildcard - (total * total - (total - p).powi(2))).abs() < 1e-12);
        assert_eq!(c.full, 0.0);
        assert!((c.one - (total - p).powi(2)).abs() < 1e-12);
    }
}
