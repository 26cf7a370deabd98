//! Prüm DNA: profiles, the matching rules, match statistics, two search engines (a reference
//! scan and a fast indexed engine with identical results), bulk search and a synthetic
//! generator. Pure code: no database, no network, no async. See `docs/dna.md`.

pub mod allele;
mod buckets;
pub mod bulk;
pub mod compare;
pub mod csv;
pub mod engine;
pub mod generate;
mod index;
pub mod locus;
pub mod profile;
pub mod scan;
pub mod stats;

pub use allele::Allele;
pub use compare::{Comparison, Quality, Settings};
pub use engine::Engine;
pub use locus::{Locus, LocusSet};
pub use profile::{Genotype, Kind, Profile};
pub use scan::Found;
pub use stats::{FrequencyTable, Statistics};
