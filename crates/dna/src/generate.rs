//! A synthetic generator: reference profiles and stains drawn from an allele frequency table,
//! with drop-out, wildcards, microvariants (from the table, and mis-called), rare values and
//! typing errors. Deterministic for a seed: profile `i` depends only on the seed, the
//! configuration and `i`, so profiles can be generated in parallel and regenerated alone.

use crate::allele::Allele;
use crate::locus::{LOCUS_COUNT, Locus};
use crate::profile::{Genotype, Genotypes, Kind, Profile, Sex};
use crate::stats::FrequencyTable;
use rayon::prelude::*;

/// SplitMix64: tiny, fast, and fixed forever (a dependency's generator could change its
/// stream between versions, and a seed must always give the same file).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for one item of a stream: independent streams per (seed, index).
    pub fn for_item(seed: u64, stream: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let base = r.next_u64();
        Rng(base ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in [0, n); 0 when n is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            ((self.next_u64() as u128 * n as u128) >> 64) as usize
        }
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    /// Profiles in the set (stains pick their person among these).
    pub count: u64,
    /// Share of stains.
    pub stain_fraction: f64,
    /// Loci typed in a reference (stains type a subset); default the ESS loci in the table.
    pub loci: Vec<Locus>,
    /// Share of stains left by a person whose profile is in the set (so that hits exist).
    pub related: f64,
    /// Per stain locus: one allele lost (written `a/*`).
    pub dropout: f64,
    /// Per allele: not designated (`*`).
    pub wildcard: f64,
    /// Per allele: a value missing from the table (off-ladder or an unlisted microvariant).
    pub rare: f64,
    /// Per stain locus: one allele called one repeat off (a near match).
    pub typing_error: f64,
    /// Per stain locus: one allele called one base off (tolerated as a microvariant).
    pub miscall: f64,
    /// Prefix of the ids (`R…` references, `S…` stains after it).
    pub id_prefix: String,
}

impl Config {
    pub fn new(seed: u64, count: u64, table: &FrequencyTable) -> Config {
        Config {
            seed,
            count,
            stain_fraction: 0.25,
            loci: Locus::ESS.into_iter().filter(|l| table.has(*l)).collect(),
            related: 0.5,
            dropout: 0.05,
            wildcard: 0.005,
            rare: 0.002,
            typing_error: 0.01,
            miscall: 0.005,
            id_prefix: String::new(),
        }
    }
}

/// Why a generator cannot be made.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("the frequency table has no frequencies for {0}")]
    MissingLocus(Locus),
    #[error(
        "at least 6 loci, 6 of them ESS-2001 loci, are needed to generate valid profiles (got {0})"
    )]
    TooFewLoci(usize),
    #[error("the stain fraction must be between 0 and 1 (got {0})")]
    StainFraction(String),
}

/// Draws profiles.
pub struct Generator {
    config: Config,
    /// Per configured locus: the table's alleles with cumulative frequencies.
    cumulative: Vec<(Locus, Vec<(Allele, f64)>)>,
}

const PERSONS: u64 = 1;
const PROFILES: u64 = 2;

impl Generator {
    pub fn new(table: &FrequencyTable, config: Config) -> Result<Generator, GenerateError> {
        if !(0.0..=1.0).contains(&config.stain_fraction) {
            return Err(GenerateError::StainFraction(
                config.stain_fraction.to_string(),
            ));
        }
        let mut cumulative = Vec::new();
        for &locus in &config.loci {
            let alleles = table
                .alleles(locus)
                .ok_or(GenerateError::MissingLocus(locus))?;
            let total: f64 = alleles.iter().map(|a| a.1).sum();
            let mut running = 0.0;
            let c = alleles
                .iter()
                .map(|&(a, f)| {
                    running += f / total;
                    (a, running)
                })
                .collect();
            cumulative.push((locus, c));
        }
        let ess_2001 = config
            .loci
            .iter()
            .filter(|l| Locus::ESS_2001.contains(l))
            .count();
        if config.loci.len() < 6 || ess_2001 < 6 {
            return Err(GenerateError::TooFewLoci(config.loci.len()));
        }
        Ok(Generator { config, cumulative })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    fn draw(&self, rng: &mut Rng, alleles: &[(Allele, f64)], unit: u8) -> Allele {
        if rng.chance(self.config.rare) {
            // A value the table does not list: off the ladder, or an unlisted microvariant.
            let (top, _) = alleles.last().copied().unwrap_or((Allele::Wildcard, 1.0));
            let repeats = match top {
                Allele::Value { repeats, .. } => repeats,
                Allele::Wildcard => 10,
            };
            return if rng.chance(0.5) {
                Allele::Value {
                    repeats: (repeats + 1 + rng.below(3) as u8).min(crate::allele::MAX_REPEATS),
                    variant: 0,
                }
            } else {
                Allele::Value {
                    repeats: repeats.saturating_sub(rng.below(4) as u8).max(2),
                    variant: 1 + rng.below(usize::from(unit) - 1) as u8,
                }
            };
        }
        let x = rng.unit();
        let i = alleles.partition_point(|(_, c)| *c < x);
        alleles
            .get(i)
            .or(alleles.last())
            .map_or(Allele::Wildcard, |a| a.0)
    }

    /// The true genotypes and sex of person `person` (fully designated).
    pub fn person(&self, person: u64) -> (Genotypes, [Sex; 2]) {
        let mut rng = Rng::for_item(self.config.seed, PERSONS, person);
        let mut genotypes = [None; LOCUS_COUNT];
        for (locus, alleles) in &self.cumulative {
            let unit = locus.repeat_unit();
            let a = self.draw(&mut rng, alleles, unit);
            let b = self.draw(&mut rng, alleles, unit);
            genotypes[locus.index()] = Some(Genotype::new(a, b));
        }
        let sex = if rng.chance(0.5) {
            [Sex::X, Sex::Y]
        } else {
            [Sex::X, Sex::X]
        };
        (genotypes, sex)
    }

    /// Profile `i` of the set.
    pub fn profile(&self, i: u64) -> Profile {
        let mut rng = Rng::for_item(self.config.seed, PROFILES, i);
        let stain = rng.chance(self.config.stain_fraction);
        if !stain {
            return self.reference(i, &mut rng);
        }
        // A related stain comes from the person of some profile in the set; the others from
        // a person outside it.
        let person = if rng.chance(self.config.related) {
            rng.below(self.config.count.max(1) as usize) as u64
        } else {
            self.config.count + i
        };
        self.stain(i, person, &mut rng)
    }

    /// Every profile of the set, in order (in parallel).
    pub fn generate(&self) -> Vec<Profile> {
        self.profiles(0..self.config.count)
    }

    /// Profiles `range` of the set, in order (in parallel).
    pub fn profiles(&self, range: std::ops::Range<u64>) -> Vec<Profile> {
        range.into_par_iter().map(|i| self.profile(i)).collect()
    }

    fn id(&self, kind: Kind, i: u64) -> String {
        let letter = match kind {
            Kind::Reference => 'R',
            Kind::Stain => 'S',
        };
        format!("{}{letter}{i:08}", self.config.id_prefix)
    }

    fn reference(&self, i: u64, rng: &mut Rng) -> Profile {
        let (truth, sex) = self.person(i);
        let mut profile = Profile::new(self.id(Kind::Reference, i), Kind::Reference);
        profile.amelogenin = Some(sex);
        for (locus, _) in &self.cumulative {
            profile.genotypes[locus.index()] = truth[locus.index()].map(|g| {
                let [a, b] = g.alleles();
                Genotype::new(self.maybe_wild(rng, a), self.maybe_wild(rng, b))
            });
        }
        self.repair(profile, &truth)
    }

    fn maybe_wild(&self, rng: &mut Rng, a: Allele) -> Allele {
        if rng.chance(self.config.wildcard) {
            Allele::Wildcard
        } else {
            a
        }
    }

    /// A stain of `person`: a random subset of 6 or more loci, with drop-out, wildcards,
    /// typing errors and mis-called microvariants.
    pub fn stain(&self, i: u64, person: u64, rng: &mut Rng) -> Profile {
        let (truth, sex) = self.person(person);
        let mut profile = Profile::new(self.id(Kind::Stain, i), Kind::Stain);
        if rng.chance(0.8) {
            profile.amelogenin = Some(sex);
        }
        let mut loci: Vec<Locus> = self.cumulative.iter().map(|c| c.0).collect();
        let keep = 6 + rng.below(loci.len() - 5);
        for k in 0..keep {
            let j = k + rng.below(loci.len() - k);
            loci.swap(k, j);
        }
        for &locus in &loci[..keep] {
            let Some(g) = truth[locus.index()] else {
                continue;
            };
            let unit = locus.repeat_unit();
            let [mut a, mut b] = g.alleles();
            if rng.chance(self.config.typing_error) {
                a = shift(
                    a,
                    unit,
                    if rng.chance(0.5) { 1 } else { -1 } * i32::from(unit),
                );
            } else if rng.chance(self.config.miscall) {
                a = shift(a, unit, if rng.chance(0.5) { 1 } else { -1 });
            }
            if rng.chance(self.config.dropout) {
                b = Allele::Wildcard;
            }
            profile.genotypes[locus.index()] = Some(Genotype::new(
                self.maybe_wild(rng, a),
                self.maybe_wild(rng, b),
            ));
        }
        self.repair(profile, &truth)
    }

    /// Restores true genotypes, locus by locus, until the profile obeys the inclusion rules.
    fn repair(&self, mut profile: Profile, truth: &Genotypes) -> Profile {
        for locus in Locus::ESS_2001.into_iter().chain(Locus::ALL) {
            if profile.check_rules().is_ok() {
                break;
            }
            if profile.kind == Kind::Stain && profile.genotype(locus).is_none() {
                continue;
            }
            if let Some(g) = truth[locus.index()] {
                profile.genotypes[locus.index()] = Some(g);
            }
        }
        profile
    }

    /// A full reference profile of `person` with no wildcard (a query), named `id`.
    pub fn reference_query(&self, person: u64, id: String) -> Profile {
        let (truth, sex) = self.person(person);
        let mut profile = Profile::new(id, Kind::Reference);
        profile.amelogenin = Some(sex);
        for (locus, _) in &self.cumulative {
            profile.genotypes[locus.index()] = truth[locus.index()];
        }
        profile
    }

    /// A stain query of `person` typed at exactly `loci` loci (fully designated), named `id`.
    pub fn stain_query(&self, person: u64, loci: usize, seed: u64, id: String) -> Profile {
        let (truth, _) = self.person(person);
        let mut rng = Rng::for_item(seed, 3, person);
        let mut all: Vec<Locus> = self.cumulative.iter().map(|c| c.0).collect();
        let keep = loci.min(all.len());
        for k in 0..keep {
            let j = k + rng.below(all.len() - k);
            all.swap(k, j);
        }
        let mut profile = Profile::new(id, Kind::Stain);
        for &locus in &all[..keep] {
            profile.genotypes[locus.index()] = truth[locus.index()];
        }
        profile
    }
}

/// The allele `bases` bases longer (or shorter); unchanged when that is no allele.
fn shift(a: Allele, unit: u8, bases: i32) -> Allele {
    a.position(unit)
        .and_then(|p| u16::try_from(i32::from(p) + bases).ok())
        .and_then(|p| Allele::at_position(p, unit))
        .filter(|x| !matches!(x, Allele::Value { repeats: 0 | 1, .. }))
        .unwrap_or(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generator(seed: u64, count: u64) -> Generator {
        let table = FrequencyTable::uk_white();
        Generator::new(&table, Config::new(seed, count, &table)).unwrap()
    }

    #[test]
    fn a_seed_gives_the_same_profiles_and_another_seed_others() {
        let a = generator(7, 200).generate();
        assert_eq!(a, generator(7, 200).generate());
        assert_ne!(a, generator(8, 200).generate());
        // Profile i alone is the same as in the whole set.
        assert_eq!(generator(7, 200).profile(123), a[123]);
    }

    #[test]
    fn generated_profiles_obey_the_rules_and_show_the_variety_asked_for() {
        let profiles = generator(1, 4000).generate();
        assert!(profiles.iter().all(|p| p.check_rules().is_ok()));
        let stains = profiles.iter().filter(|p| p.kind == Kind::Stain).count();
        assert!((800..1200).contains(&stains), "{stains} stains of 4000");
        let table = FrequencyTable::uk_white();
        let genotypes = || {
            profiles.iter().flat_map(|p| {
                Locus::ALL
                    .into_iter()
                    .filter_map(|l| Some((l, p.genotype(l)?)))
            })
        };
        let wildcards = genotypes().filter(|(_, g)| g.has_wildcard()).count();
        let micro = genotypes()
            .filter(|(_, g)| {
                g.alleles()
                    .iter()
                    .any(|a| matches!(a, Allele::Value { variant: 1.., .. }))
            })
            .count();
        let rare = genotypes()
            .filter(|(l, g)| {
                g.alleles().iter().any(|a| {
                    !a.is_wildcard()
                        && table
                            .alleles(*l)
                            .is_some_and(|t| !t.iter().any(|x| x.0 == *a))
                })
            })
            .count();
        assert!(wildcards > 50, "{wildcards}");
        assert!(micro > 1000, "{micro}");
        assert!(rare > 20, "{rare}");
        let typed: Vec<usize> = profiles
            .iter()
            .filter(|p| p.kind == Kind::Stain)
            .map(|p| p.typed().len())
            .collect();
        assert!(typed.iter().all(|n| (6..=12).contains(n)));
        assert!(typed.contains(&6) && typed.contains(&12));
    }

    #[test]
    fn the_random_numbers_are_uniform_enough() {
        let mut rng = Rng::new(42);
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            counts[rng.below(10)] += 1;
        }
        assert!(
            counts.iter().all(|c| (9_500..10_500).contains(c)),
            "{counts:?}"
        );
    }
}
