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

use crate::compare::{Comparison, LocusOutcome, Settings, compare_locus};
use crate::index::Index;
use crate::locus::{LOCUS_COUNT, Locus, LocusSet};
use crate::profile::{Genotype, Genotypes, Profile};
use crate::scan::Found;
use rayon::prelude::*;
use std::collections::HashMap;

/// Why a database cannot be encoded.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the database has more than {} profiles", u32::MAX)]
    TooManyProfiles,
    #[error("{0} has more than 65,535 distinct genotypes in the database")]
    TooManyGenotypes(Locus),
}

/// The distinct genotypes at one locus.
#[derive(Default)]
pub(crate) struct Dictionary {
    /// Genotype number `n` is `genotypes[n - 1]`.
    pub(crate) genotypes: Vec<Genotype>,
    pub(crate) numbers: HashMap<Genotype, u16>,
}

impl Dictionary {
    fn number(&mut self, g: Genotype, locus: Locus) -> Result<u16, EngineError> {
        if let Some(n) = self.numbers.get(&g) {
            return Ok(*n);
        }
        let n = u16::try_from(self.genotypes.len() + 1)
            .map_err(|_| EngineError::TooManyGenotypes(locus))?;
        self.genotypes.push(g);
        self.numbers.insert(g, n);
        Ok(n)
    }

    pub(crate) fn genotype(&self, number: u16) -> Option<Genotype> {
        self.genotypes
            .get(usize::from(number).checked_sub(1)?)
            .copied()
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
    /// Per column: the rows per genotype number, over the whole database.
    pub(crate) postings: Vec<crate::index::Postings>,
    index: Index,
}

/// A query prepared for one engine.
pub(crate) struct Prepared {
    /// The query's genotype per engine column.
    pub(crate) genotypes: Vec<Option<Genotype>>,
    /// Loci where the query is fully designated.
    pub(crate) fully: LocusSet,
    /// Per column: the genotype numbers that fully match the query there (d = 0, no
    /// wildcard); empty where the query is not fully designated.
    pub(crate) full_numbers: Vec<Vec<u16>>,
    /// Per column: those of `full_numbers` the index looks up by key — the query's own
    /// genotype and the common neighbours. The others are rare in the whole database and are
    /// found through the global posting lists instead (see `index.rs`).
    pub(crate) common_numbers: Vec<Vec<u16>>,
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
    /// Encodes and indexes a database (in parallel).
    pub fn build(profiles: &[Profile]) -> Result<Engine, EngineError> {
        u32::try_from(profiles.len()).map_err(|_| EngineError::TooManyProfiles)?;
        let columns: Vec<Locus> = Locus::ALL
            .into_iter()
            .filter(|l| profiles.iter().any(|p| p.genotype(*l).is_some()))
            .collect();
        // One column at a time, in parallel: its dictionary and its genotype numbers.
        let encoded: Vec<(Dictionary, Vec<u16>)> = columns
            .par_iter()
            .map(|&locus| {
                let mut dictionary = Dictionary::default();
                let mut numbers = Vec::with_capacity(profiles.len());
                for p in profiles {
                    numbers.push(match p.genotype(locus) {
                        Some(g) => dictionary.number(g, locus)?,
                        None => 0,
                    });
                }
                Ok((dictionary, numbers))
            })
            .collect::<Result<_, EngineError>>()?;
        let width = columns.len();
        let mut codes = vec![0u16; profiles.len() * width];
        if width > 0 {
            codes
                .par_chunks_mut(width)
                .enumerate()
                .for_each(|(row, cells)| {
                    for (c, cell) in cells.iter_mut().enumerate() {
                        *cell = encoded[c].1[row];
                    }
                });
        }
        let dictionaries = encoded.into_iter().map(|(d, _)| d).collect();
        let mut engine = Engine {
            columns,
            dictionaries,
            codes,
            len: profiles.len(),
            postings: Vec::new(),
            index: Index::default(),
        };
        let all: Vec<u32> = (0..engine.len as u32).collect();
        engine.postings = (0..engine.columns.len())
            .into_par_iter()
            .map(|c| crate::index::Postings::build(&engine, c, &all))
            .collect();
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
        let mut fully = LocusSet::EMPTY;
        let mut full_numbers = Vec::with_capacity(self.columns.len());
        let mut common_numbers = Vec::with_capacity(self.columns.len());
        let rare = self.rare_count();
        for (c, locus) in self.columns.iter().enumerate() {
            let (numbers, common) = match genotypes[c] {
                Some(g) if g.is_fully_designated() => {
                    fully.insert(*locus);
                    let numbers = self.fully_matching(c, g, settings.microvariant);
                    let own = self.dictionaries[c].numbers.get(&g).copied();
                    let common = numbers
                        .iter()
                        .copied()
                        .filter(|&n| Some(n) == own || self.postings[c].count(n) > rare)
                        .collect();
                    (numbers, common)
                }
                _ => (Vec::new(), Vec::new()),
            };
            full_numbers.push(numbers);
            common_numbers.push(common);
        }
        Prepared {
            genotypes,
            fully,
            full_numbers,
            common_numbers,
        }
    }

    /// Profiles with a genotype at most this often in the database are "rare" there: found
    /// through the global posting lists rather than by key (0.025 % of the database).
    pub(crate) fn rare_count(&self) -> usize {
        (self.len / 4096).max(8)
    }

    /// The genotype numbers at column `c` that fully match `query`: each allele paired with
    /// itself or, with the tolerance, with an allele one base longer or shorter.
    fn fully_matching(&self, c: usize, query: Genotype, microvariant: bool) -> Vec<u16> {
        let unit = self.columns[c].repeat_unit();
        let neighbours = |a: crate::allele::Allele| {
            let mut alleles = vec![a];
            if microvariant && let Some(p) = a.position(unit) {
                alleles.extend(crate::allele::Allele::at_position(p + 1, unit));
                if let Some(below) = p.checked_sub(1) {
                    alleles.extend(crate::allele::Allele::at_position(below, unit));
                }
            }
            alleles
        };
        let [a, b] = query.alleles();
        let mut numbers = Vec::new();
        for x in neighbours(a) {
            for &y in &neighbours(b) {
                let g = Genotype::new(x, y);
                if let Some(&n) = self.dictionaries[c].numbers.get(&g)
                    && compare_locus(query, g, unit, microvariant).fully_matched()
                {
                    numbers.push(n);
                }
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        numbers
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
        let prepared = self.prepare(query, settings);
        let mut rows = Vec::new();
        self.index.candidates(self, &prepared, settings, &mut rows);
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
            .map(|d| {
                d.genotypes.capacity() * size_of::<Genotype>()
                    + d.numbers.capacity() * (size_of::<Genotype>() + 2 + 8)
            })
            .sum();
        Memory {
            encoding: self.codes.capacity() * 2,
            dictionaries,
            index: self.index.bytes() + self.postings.iter().map(|p| p.bytes()).sum::<usize>(),
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
    fn an_empty_database_finds_nothing() {
        let engine = Engine::build(&[]).unwrap();
        let query = [None; LOCUS_COUNT];
        assert!(engine.search(&query, &Settings::default()).is_empty());
        assert!(engine.scan_table(&query, &Settings::default()).is_empty());
    }
}
