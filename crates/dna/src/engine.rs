//! The fast engine: a compact encoding of the database and an index over it.
//!
//! **Encoding.** Per locus present in the database, a dictionary numbers the distinct
//! genotypes (1, 2, …; 0 = not typed). A profile is one row of `u16` genotype numbers, one per
//! locus column: 24 bytes for the 12 ESS loci, at most 56 bytes for all 28 matching loci.
//!
//! **Searching.** [`Engine::search`] asks the index for candidates ([`crate::index`]) and
//! verifies each with the same rule functions as the reference scan. [`Engine::scan_table`] is
//! the compact scan: per query, a lookup table per locus gives the outcome for every genotype
//! number, so a profile costs a few table look-ups. Both return exactly what
//! [`crate::scan::search`] returns; the property tests check it.

use crate::allele::{Allele, MAX_REPEATS};
use crate::compare::{Comparison, LocusOutcome, Settings, compare_locus};
use crate::index::Index;
use crate::locus::{LOCUS_COUNT, LONGEST_UNIT, Locus};
use crate::profile::{Genotype, Genotypes, Profile};
use crate::scan::Found;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Why a database cannot be encoded.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the database has more than {} profiles", u32::MAX)]
    TooManyProfiles,
    #[error("{0} has more than 65,535 distinct genotypes in the database")]
    TooManyGenotypes(Locus),
}

/// The distinct genotypes at one locus.
pub(crate) struct Dictionary {
    /// Genotype number `n` is `genotypes[n - 1]`.
    pub(crate) genotypes: Vec<Genotype>,
}

impl Dictionary {
    pub(crate) fn genotype(&self, number: u16) -> Option<Genotype> {
        self.genotypes
            .get(usize::from(number).checked_sub(1)?)
            .copied()
    }
}

/// Alleles as read from a file (at most 98 repeats, a variant below the repeat unit) have a
/// dense key, and so do genotypes: encoding a database indexes arrays instead of hashing.
/// Other alleles — only code can make them — go through a map.
const VARIANTS: usize = LONGEST_UNIT as usize;
const ALLELE_KEYS: usize = (MAX_REPEATS as usize + 1) * VARIANTS + 1;
const GENOTYPE_KEYS: usize = ALLELE_KEYS * ALLELE_KEYS;

fn allele_key(a: Allele) -> Option<usize> {
    match a {
        Allele::Value { repeats, variant } if repeats <= MAX_REPEATS && variant < LONGEST_UNIT => {
            Some(usize::from(repeats) * VARIANTS + usize::from(variant))
        }
        Allele::Value { .. } => None,
        Allele::Wildcard => Some(ALLELE_KEYS - 1),
    }
}

fn genotype_key(g: Genotype) -> Option<usize> {
    Some(allele_key(g.first())? * ALLELE_KEYS + allele_key(g.second())?)
}

fn genotype_of_key(key: usize) -> Genotype {
    let allele = |k: usize| {
        if k == ALLELE_KEYS - 1 {
            Allele::Wildcard
        } else {
            Allele::Value {
                repeats: (k / VARIANTS) as u8,
                variant: (k % VARIANTS) as u8,
            }
        }
    };
    Genotype::new(allele(key / ALLELE_KEYS), allele(key % ALLELE_KEYS))
}

/// The genotypes seen per locus: a bit per dense key, a set for the others.
struct Seen {
    bits: Vec<Vec<u64>>,
    others: Vec<HashSet<Genotype>>,
}

impl Seen {
    fn new() -> Seen {
        Seen {
            bits: vec![vec![0; GENOTYPE_KEYS.div_ceil(64)]; LOCUS_COUNT],
            others: vec![HashSet::new(); LOCUS_COUNT],
        }
    }

    fn add(&mut self, profile: &Profile) {
        for (l, g) in profile.genotypes.iter().enumerate() {
            let Some(g) = *g else { continue };
            match genotype_key(g) {
                Some(k) => self.bits[l][k / 64] |= 1 << (k % 64),
                None => {
                    self.others[l].insert(g);
                }
            }
        }
    }

    fn merge(mut self, other: Seen) -> Seen {
        for (a, b) in self.bits.iter_mut().zip(other.bits) {
            a.iter_mut().zip(b).for_each(|(a, b)| *a |= b);
        }
        for (a, b) in self.others.iter_mut().zip(other.others) {
            a.extend(b);
        }
        self
    }

    /// The genotypes seen at locus `l`, in genotype order.
    fn genotypes(&self, l: usize) -> Vec<Genotype> {
        let mut genotypes: Vec<Genotype> = self.bits[l]
            .iter()
            .enumerate()
            .flat_map(|(w, &word)| {
                (0..64)
                    .filter(move |b| word & (1 << b) != 0)
                    .map(move |b| genotype_of_key(w * 64 + b))
            })
            .chain(self.others[l].iter().copied())
            .collect();
        genotypes.sort_unstable();
        genotypes
    }
}

/// Genotype → number at one locus, while encoding.
struct Numbering {
    dense: Vec<u16>,
    others: HashMap<Genotype, u16>,
}

impl Numbering {
    fn new(genotypes: &[Genotype]) -> Numbering {
        let mut dense = vec![0; GENOTYPE_KEYS];
        let mut others = HashMap::new();
        for (g, n) in genotypes.iter().zip(1u16..) {
            match genotype_key(*g) {
                Some(k) => dense[k] = n,
                None => {
                    others.insert(*g, n);
                }
            }
        }
        Numbering { dense, others }
    }

    fn number(&self, g: Genotype) -> u16 {
        match genotype_key(g) {
            Some(k) => self.dense[k],
            None => self.others.get(&g).copied().unwrap_or(0),
        }
    }
}

/// The encoded database and its index.
pub struct Engine {
    /// The loci typed in some profile, in index order: the columns of a row.
    pub(crate) columns: Vec<Locus>,
    pub(crate) dictionaries: Vec<Dictionary>,
    /// Row-major genotype numbers, `len × columns.len()`.
    pub(crate) codes: Vec<u16>,
    len: usize,
    index: Index,
}

/// A query prepared for one engine.
pub(crate) struct Prepared {
    /// The query's genotype per engine column.
    pub(crate) genotypes: Vec<Option<Genotype>>,
    /// Index slots where the query is fully designated.
    pub(crate) fully: u32,
    /// Engine columns outside the index where the query is fully designated.
    pub(crate) others: u8,
    /// Per index slot: the bucket-pair codes whose profiles may fully match the query there
    /// (empty where the query is not fully designated, or where nothing can match it).
    pub(crate) probes: Vec<Vec<u64>>,
}

/// Bytes the engine holds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Memory {
    /// The compact rows.
    pub encoding: usize,
    pub dictionaries: usize,
    pub index: usize,
}

impl Memory {
    pub fn total(&self) -> usize {
        self.encoding + self.dictionaries + self.index
    }
}

impl Engine {
    /// Encodes and indexes a database (in parallel). The profiles are read twice: once for
    /// the distinct genotypes per locus, once to write the rows.
    pub fn build(profiles: &[Profile]) -> Result<Engine, EngineError> {
        u32::try_from(profiles.len()).map_err(|_| EngineError::TooManyProfiles)?;
        let seen = profiles
            .par_chunks(1 << 14)
            .fold(Seen::new, |mut seen, chunk| {
                chunk.iter().for_each(|p| seen.add(p));
                seen
            })
            .reduce(Seen::new, Seen::merge);
        let mut columns = Vec::new();
        let mut dictionaries = Vec::new();
        for locus in Locus::ALL {
            // Numbered in genotype order, so that the encoding depends only on the database.
            let genotypes = seen.genotypes(locus.index());
            if genotypes.is_empty() {
                continue;
            }
            if genotypes.len() > usize::from(u16::MAX) {
                return Err(EngineError::TooManyGenotypes(locus));
            }
            columns.push(locus);
            dictionaries.push(Dictionary { genotypes });
        }
        drop(seen);
        let numberings: Vec<Numbering> = dictionaries
            .par_iter()
            .map(|d| Numbering::new(&d.genotypes))
            .collect();
        let width = columns.len();
        let mut codes = vec![0u16; profiles.len() * width];
        if width > 0 {
            codes
                .par_chunks_mut(width)
                .zip(profiles.par_iter())
                .for_each(|(cells, p)| {
                    for ((cell, locus), numbering) in
                        cells.iter_mut().zip(&columns).zip(&numberings)
                    {
                        *cell = p.genotype(*locus).map_or(0, |g| numbering.number(g));
                    }
                });
        }
        let mut engine = Engine {
            columns,
            dictionaries,
            codes,
            len: profiles.len(),
            index: Index::default(),
        };
        engine.index = Index::build(&engine);
        Ok(engine)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn columns(&self) -> &[Locus] {
        &self.columns
    }

    pub(crate) fn row(&self, row: usize) -> &[u16] {
        let width = self.columns.len();
        &self.codes[row * width..(row + 1) * width]
    }

    /// The genotypes of profile `row`, decoded.
    pub fn genotypes(&self, row: usize) -> Genotypes {
        let mut genotypes = [None; LOCUS_COUNT];
        if row < self.len {
            for (c, &number) in self.row(row).iter().enumerate() {
                genotypes[self.columns[c].index()] = self.dictionaries[c].genotype(number);
            }
        }
        genotypes
    }

    pub(crate) fn prepare(&self, query: &Genotypes, settings: &Settings) -> Prepared {
        let genotypes: Vec<Option<Genotype>> =
            self.columns.iter().map(|l| query[l.index()]).collect();
        let mut fully = 0u32;
        let mut others = 0u8;
        let mut probes = vec![Vec::new(); self.index.slots.len()];
        for (c, genotype) in genotypes.iter().enumerate() {
            let Some(g) = genotype.filter(|g| g.is_fully_designated()) else {
                continue;
            };
            let Some(slot) = self.index.slot_of[c] else {
                others += 1;
                continue;
            };
            fully |= 1 << slot;
            let unit = self.columns[c].repeat_unit();
            let alleles = g.alleles().map(|a| crate::buckets::position(a, unit));
            probes[slot] = self.index.probe_codes(slot, alleles, settings.microvariant);
        }
        Prepared {
            genotypes,
            fully,
            others,
            probes,
        }
    }

    /// The exact comparison of the prepared query with profile `row`, if it is a hit: the
    /// same [`compare_locus`] and [`Comparison::add`] as the reference scan.
    pub(crate) fn verify(
        &self,
        query: &Prepared,
        row: u32,
        settings: &Settings,
    ) -> Option<Comparison> {
        let mut comparison = Comparison::default();
        for (c, &number) in self.row(row as usize).iter().enumerate() {
            let (Some(q), Some(g)) = (query.genotypes[c], self.dictionaries[c].genotype(number))
            else {
                continue;
            };
            let locus = self.columns[c];
            comparison.add(
                locus,
                compare_locus(q, g, locus.repeat_unit(), settings.microvariant),
            );
            if comparison.difference > settings.max_mismatch {
                return None;
            }
        }
        comparison.is_hit(settings).then_some(comparison)
    }

    /// Every hit of `query`, in database order, found through the index.
    pub fn search(&self, query: &Genotypes, settings: &Settings) -> Vec<Found> {
        self.search_from(query, settings, 0)
    }

    /// Every hit of `query` among the profiles from row `first` on, in database order.
    pub fn search_from(&self, query: &Genotypes, settings: &Settings, first: usize) -> Vec<Found> {
        let prepared = self.prepare(query, settings);
        let mut rows = Vec::new();
        self.index.candidates(&prepared, settings, &mut rows);
        rows.retain(|&row| row as usize >= first);
        rows.sort_unstable();
        rows.dedup();
        rows.into_iter()
            .filter_map(|row| {
                self.verify(&prepared, row, settings)
                    .map(|comparison| Found {
                        candidate: row,
                        comparison,
                    })
            })
            .collect()
    }

    /// Every hit of `query`, in database order, by the compact scan: all rows, one lookup
    /// table per locus.
    pub fn scan_table(&self, query: &Genotypes, settings: &Settings) -> Vec<Found> {
        let prepared = self.prepare(query, settings);
        // Per column the query is typed at: the packed outcome per genotype number.
        let tables: Vec<(usize, Vec<u8>)> = prepared
            .genotypes
            .iter()
            .enumerate()
            .filter_map(|(c, q)| {
                let q = (*q)?;
                let unit = self.columns[c].repeat_unit();
                let mut table = vec![NOT_COMPARED];
                table.extend(
                    self.dictionaries[c]
                        .genotypes
                        .iter()
                        .map(|&g| pack(compare_locus(q, g, unit, settings.microvariant))),
                );
                Some((c, table))
            })
            .collect();
        let max = settings.max_mismatch;
        let min = settings.min_loci;
        let width = self.columns.len();
        let mut found = Vec::new();
        for (row, cells) in self.codes.chunks_exact(width.max(1)).enumerate() {
            let mut difference = 0u8;
            let mut full = 0usize;
            for (c, table) in &tables {
                let outcome = table[usize::from(cells[*c])];
                if outcome == NOT_COMPARED {
                    continue;
                }
                difference += outcome & DIFFERENCE;
                full += usize::from(outcome & FULL != 0);
                if difference > max {
                    break;
                }
            }
            if difference <= max && full >= min {
                let mut comparison = Comparison::default();
                for (c, table) in &tables {
                    let outcome = table[usize::from(cells[*c])];
                    if outcome != NOT_COMPARED {
                        comparison.add(self.columns[*c], unpack(outcome));
                    }
                }
                found.push(Found {
                    candidate: row as u32,
                    comparison,
                });
            }
        }
        found
    }

    /// The bytes held, by part.
    pub fn memory(&self) -> Memory {
        let dictionaries = self
            .dictionaries
            .iter()
            .map(|d| d.genotypes.capacity() * size_of::<Genotype>())
            .sum();
        Memory {
            encoding: self.codes.capacity() * 2,
            dictionaries,
            index: self.index.bytes(),
        }
    }

    /// Bytes per profile of the compact encoding.
    pub fn row_bytes(&self) -> usize {
        self.columns.len() * 2
    }
}

// A locus outcome in one byte, for the scan's lookup tables.
const DIFFERENCE: u8 = 0b0000_0011;
const WILDCARD: u8 = 0b0000_0100;
const MICROVARIANT: u8 = 0b0000_1000;
const FULL: u8 = 0b0001_0000;
const NOT_COMPARED: u8 = 0xFF;

fn pack(o: LocusOutcome) -> u8 {
    (o.difference & DIFFERENCE)
        | if o.wildcard { WILDCARD } else { 0 }
        | if o.microvariant { MICROVARIANT } else { 0 }
        | if o.fully_matched() { FULL } else { 0 }
}

fn unpack(byte: u8) -> LocusOutcome {
    LocusOutcome {
        difference: byte & DIFFERENCE,
        wildcard: byte & WILDCARD != 0,
        microvariant: byte & MICROVARIANT != 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Config, Generator};
    use crate::stats::FrequencyTable;

    #[test]
    fn outcomes_pack_into_a_byte_and_back() {
        for difference in 0..=2 {
            for wildcard in [false, true] {
                for microvariant in [false, true] {
                    let o = LocusOutcome {
                        difference,
                        wildcard,
                        microvariant,
                    };
                    assert_eq!(unpack(pack(o)), o);
                    assert_ne!(pack(o), NOT_COMPARED);
                }
            }
        }
    }

    #[test]
    fn the_encoding_round_trips_and_is_compact() {
        let table = FrequencyTable::uk_white();
        let profiles = Generator::new(&table, Config::new(3, 500, &table))
            .unwrap()
            .generate();
        let engine = Engine::build(&profiles).unwrap();
        assert_eq!(engine.len(), 500);
        assert_eq!(engine.row_bytes(), 24, "12 ESS loci × 2 bytes");
        for (i, p) in profiles.iter().enumerate() {
            assert_eq!(engine.genotypes(i), p.genotypes);
        }
        assert_eq!(engine.genotypes(500), [None; LOCUS_COUNT]);
    }

    #[test]
    fn dense_genotype_keys_round_trip_and_other_alleles_are_encoded_too() {
        let v = |repeats, variant| Allele::Value { repeats, variant };
        for g in [
            Genotype::new(v(9, 3), v(10, 0)),
            Genotype::new(v(98, 4), Allele::Wildcard),
            Genotype::new(Allele::Wildcard, Allele::Wildcard),
            Genotype::new(v(0, 0), v(0, 0)),
        ] {
            assert_eq!(genotype_key(g).map(genotype_of_key), Some(g));
        }
        // An allele no file can hold (only code can make one) still gets a number.
        let odd = Genotype::new(v(200, 7), v(12, 0));
        assert_eq!(genotype_key(odd), None);
        let table = FrequencyTable::uk_white();
        let mut profiles = Generator::new(&table, Config::new(9, 20, &table))
            .unwrap()
            .generate();
        profiles[3].genotypes[Locus::TH01.index()] = Some(odd);
        let engine = Engine::build(&profiles).unwrap();
        for (i, p) in profiles.iter().enumerate() {
            assert_eq!(engine.genotypes(i), p.genotypes);
        }
    }

    #[test]
    fn an_empty_database_finds_nothing() {
        let engine = Engine::build(&[]).unwrap();
        let query = [None; LOCUS_COUNT];
        assert!(engine.search(&query, &Settings::default()).is_empty());
        assert!(engine.scan_table(&query, &Settings::default()).is_empty());
    }
}
