//! The fast engine (index, and compact table scan) returns exactly the reference scan's hits,
//! with the same qualities and comparisons, on random databases and queries — realistic ones
//! and low-diversity ones where near matches and microvariant pairings abound.

use grenzeloos_dna::bulk::{Pair, search_all, search_self};
use grenzeloos_dna::compare::compare;
use grenzeloos_dna::generate::{Config, Generator, Rng};
use grenzeloos_dna::{Engine, FrequencyTable, Kind, Locus, Profile, Settings, scan};
use proptest::prelude::*;

/// A table with few alleles per locus, neighbours included (9, 9.3, 10 …), so that random
/// profiles are often equal, one allele apart or a microvariant apart.
fn low_diversity(alleles: usize) -> FrequencyTable {
    let tetra = ["10", "9.3", "11", "10.1", "12", "10.2"];
    let penta = ["12", "12.4", "13", "11", "13.1", "14"];
    let mut text = String::from("locus\tallele\tfrequency\n");
    for locus in Locus::ALL {
        let pool = if locus.repeat_unit() == 5 {
            penta
        } else {
            tetra
        };
        for (i, allele) in pool[..alleles].iter().enumerate() {
            // Unequal frequencies: a common allele and rarer ones.
            let weight = 1.0 / (i as f64 + 1.0);
            text.push_str(&format!("{}\t{allele}\t{weight:.4}\n", locus.name()));
        }
    }
    FrequencyTable::parse(&text).unwrap()
}

#[derive(Debug, Clone)]
struct Case {
    seed: u64,
    size: u64,
    /// 0 = the UK table; otherwise alleles per locus of a low-diversity table.
    diversity: usize,
    loci: usize,
    penta: bool,
    stain_fraction: f64,
    settings: Settings,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        any::<u64>(),
        50u64..900,
        prop_oneof![Just(0usize), 2usize..=4],
        7usize..=12,
        any::<bool>(),
        0.0f64..0.9,
        3usize..=8,
        0u8..=1,
        any::<bool>(),
    )
        .prop_map(
            |(seed, size, diversity, loci, penta, stain_fraction, min_loci, max_mismatch, mv)| {
                Case {
                    seed,
                    size,
                    diversity,
                    loci,
                    penta,
                    stain_fraction,
                    settings: Settings {
                        min_loci,
                        max_mismatch,
                        microvariant: mv,
                    },
                }
            },
        )
}

fn generator(case: &Case, seed: u64, prefix: &str) -> Generator {
    let table = if case.diversity == 0 {
        if case.penta {
            FrequencyTable::nist_caucasian()
        } else {
            FrequencyTable::uk_white()
        }
    } else {
        low_diversity(case.diversity)
    };
    let mut config = Config::new(seed, case.size, &table);
    config.loci = Locus::ESS[..case.loci].to_vec();
    if case.penta {
        config
            .loci
            .extend([Locus::PentaD, Locus::PentaE, Locus::TPOX]);
    }
    config.stain_fraction = case.stain_fraction;
    // More of everything that makes matching hard.
    config.dropout = 0.15;
    config.wildcard = 0.02;
    config.rare = 0.02;
    config.typing_error = 0.05;
    config.miscall = 0.05;
    config.id_prefix = prefix.to_string();
    Generator::new(&table, config).unwrap()
}

/// Queries: profiles of the database itself, new profiles of the same persons, and strangers.
fn queries(case: &Case, database: &[Profile]) -> Vec<Profile> {
    let mut rng = Rng::new(case.seed ^ 0x5eed);
    let other = generator(case, case.seed.wrapping_add(1), "Q");
    let mut queries: Vec<Profile> = (0..8)
        .map(|_| database[rng.below(database.len())].clone())
        .collect();
    let same = generator(case, case.seed, "Q");
    for i in 0..8 {
        let person = rng.below(case.size as usize) as u64;
        queries.push(match i % 3 {
            0 => same.reference_query(person, format!("QR{i}")),
            1 => same.stain_query(person, 6 + i % 4, case.seed, format!("QS{i}")),
            _ => same.stain(1000 + i as u64, person, &mut rng),
        });
    }
    queries.extend((0..4).map(|i| other.profile(i)));
    queries
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let database = generator(case, case.seed, "").generate();
    let engine = Engine::build(&database).unwrap();
    for query in queries(case, &database) {
        let expected = scan::search(&database, &query.genotypes, &case.settings);
        let indexed = engine.search(&query.genotypes, &case.settings);
        prop_assert_eq!(&indexed, &expected, "index, query {}", query.id);
        let table = engine.scan_table(&query.genotypes, &case.settings);
        prop_assert_eq!(&table, &expected, "table scan, query {}", query.id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn both_engines_return_the_scans_hits(case in cases()) {
        check(&case)?;
    }
}

#[test]
fn low_diversity_databases_are_full_of_near_matches_and_the_engines_agree() {
    // A fixed, hard case, so that the property above is known to meet near matches,
    // microvariant pairings and wildcards, not only exact hits.
    let case = Case {
        seed: 11,
        size: 1500,
        diversity: 3,
        loci: 9,
        penta: true,
        stain_fraction: 0.4,
        settings: Settings::default(),
    };
    let database = generator(&case, case.seed, "").generate();
    let engine = Engine::build(&database).unwrap();
    let mut qualities = [0usize; 5];
    for query in queries(&case, &database) {
        let expected = scan::search(&database, &query.genotypes, &case.settings);
        assert_eq!(engine.search(&query.genotypes, &case.settings), expected);
        for found in &expected {
            qualities[usize::from(found.comparison.quality().unwrap().number())] += 1;
        }
    }
    assert!(
        qualities[1..].iter().all(|&n| n > 0),
        "every quality occurs: {qualities:?}"
    );
}

#[test]
fn bulk_search_equals_one_scan_per_pair() {
    let case = Case {
        seed: 5,
        size: 600,
        diversity: 3,
        loci: 8,
        penta: false,
        stain_fraction: 0.3,
        settings: Settings::default(),
    };
    let database = generator(&case, case.seed, "").generate();
    let engine = Engine::build(&database).unwrap();
    let settings = case.settings;

    // A against itself: each pair once, the earlier profile as the query, no self-pairs.
    let pairs = search_self(&engine, &settings, &|_| {});
    let mut expected = Vec::new();
    for (q, query) in database.iter().enumerate() {
        for found in scan::search(&database, &query.genotypes, &settings) {
            if found.candidate as usize > q {
                expected.push(Pair {
                    query: q as u32,
                    found,
                });
            }
        }
    }
    assert!(expected.len() > 100, "{} pairs", expected.len());
    assert_eq!(pairs, expected);

    // A against B.
    let other = generator(&case, 77, "B").generate();
    let pairs = search_all(&engine, &other, &settings, &|_| {});
    let expected: Vec<Pair> = other
        .iter()
        .enumerate()
        .flat_map(|(q, query)| {
            scan::search(&database, &query.genotypes, &settings)
                .into_iter()
                .map(move |found| Pair {
                    query: q as u32,
                    found,
                })
        })
        .collect();
    assert_eq!(pairs, expected);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The hit rule and the quality do not depend on which profile is the query.
    #[test]
    fn comparison_is_symmetric(seed in any::<u64>(), mv in any::<bool>()) {
        let case = Case {
            seed,
            size: 40,
            diversity: 2,
            loci: 10,
            penta: true,
            stain_fraction: 0.5,
            settings: Settings::default(),
        };
        let profiles = generator(&case, seed, "").generate();
        for a in &profiles[..10] {
            for b in &profiles {
                let ab = compare(&a.genotypes, &b.genotypes, mv);
                let ba = compare(&b.genotypes, &a.genotypes, mv);
                prop_assert_eq!(ab, ba);
                prop_assert!(a.kind == Kind::Stain || a.kind == Kind::Reference);
            }
        }
    }
}

#[test]
fn a_database_shaped_like_the_benchmark_gives_the_scans_hits_for_every_kind_of_query() {
    // The generator's defaults (UK table, 25 % stains, drop-out, wildcards, rare alleles):
    // thousands of groups, references with a wildcard, stains of 6 to 12 loci. Queries are
    // profiles of the database itself — every shape the all-against-all search meets — and
    // fresh full references and stains of the same persons.
    let table = FrequencyTable::uk_white();
    let generator = Generator::new(&table, Config::new(2026, 30_000, &table)).unwrap();
    let database = generator.generate();
    let engine = Engine::build(&database).unwrap();
    let mut queries: Vec<Profile> = database.iter().step_by(150).cloned().collect();
    for person in (0..30_000).step_by(600) {
        queries.push(generator.reference_query(person, format!("QR{person}")));
        queries.push(generator.stain_query(person, 6, 1, format!("QS{person}")));
    }
    let settings = [
        Settings::default(),
        Settings {
            min_loci: 7,
            max_mismatch: 0,
            microvariant: false,
        },
        Settings {
            min_loci: 5,
            max_mismatch: 1,
            microvariant: true,
        },
    ];
    let mut hits = 0;
    for settings in settings {
        for query in &queries {
            let expected = scan::search(&database, &query.genotypes, &settings);
            assert_eq!(
                engine.search(&query.genotypes, &settings),
                expected,
                "query {} with {settings:?}",
                query.id
            );
            hits += expected.len();
        }
    }
    assert!(hits > queries.len(), "{hits} hits");
}

#[test]
fn alleles_beyond_any_file_are_still_found() {
    // Code can make alleles no file holds (200 repeats, a variant above the unit); the index
    // must find a profile that shares them with the query like any other.
    let table = FrequencyTable::uk_white();
    let mut database = Generator::new(&table, Config::new(4, 300, &table))
        .unwrap()
        .generate();
    let odd = |repeats, variant| {
        grenzeloos_dna::Genotype::new(
            grenzeloos_dna::Allele::Value { repeats, variant },
            grenzeloos_dna::Allele::Value {
                repeats: 12,
                variant: 0,
            },
        )
    };
    // Loci on both sides of the index, so that neither block avoids them.
    let profile = database
        .iter_mut()
        .find(|p| p.kind == Kind::Reference)
        .unwrap();
    profile.genotypes[Locus::D18S51.index()] = Some(odd(200, 0));
    profile.genotypes[Locus::TH01.index()] = Some(odd(255, 9));
    let query = profile.genotypes;
    let engine = Engine::build(&database).unwrap();
    for settings in [
        Settings::default(),
        Settings {
            microvariant: false,
            ..Settings::default()
        },
    ] {
        let expected = scan::search(&database, &query, &settings);
        assert!(!expected.is_empty());
        assert_eq!(engine.search(&query, &settings), expected);
    }
}
