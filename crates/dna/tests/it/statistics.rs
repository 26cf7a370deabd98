//! The specification's reference figures with the UK DNA-17 White table.

use grenzeloos_dna::stats::average_match_probability;
use grenzeloos_dna::{FrequencyTable, Locus};

fn within(value: f64, expected: f64, tolerance: f64) -> bool {
    (value / expected - 1.0).abs() <= tolerance
}

#[test]
fn the_reference_rmp_figures_of_the_specification() {
    let table = FrequencyTable::uk_white();
    let amp = |loci: &[Locus], theta| average_match_probability(&table, loci, theta).unwrap();
    // Full 12-locus ESS profile: ≈ 5×10⁻¹⁶ (θ = 0), ≈ 1.6×10⁻¹⁵ (θ = 0.01).
    let ess0 = amp(&Locus::ESS, 0.0);
    let ess1 = amp(&Locus::ESS, 0.01);
    assert!(within(ess0, 5e-16, 0.1), "{ess0:e}");
    assert!(within(ess1, 1.6e-15, 0.05), "{ess1:e}");
    // 7-locus ESS-2001 profile ≈ 1×10⁻⁹.
    let ess2001 = amp(&Locus::ESS_2001, 0.0);
    assert!(within(ess2001, 1e-9, 0.2), "{ess2001:e}");
}

#[test]
fn a_six_locus_stain_meets_about_five_chance_hits_in_ten_million() {
    // The figure holds for the six least discriminating ESS loci; the average six-locus
    // stain meets fewer.
    let table = FrequencyTable::uk_white();
    let weakest = [
        Locus::D22S1045,
        Locus::D2S441,
        Locus::D10S1248,
        Locus::TH01,
        Locus::D3S1358,
        Locus::VWA,
    ];
    let hits = 1e7 * average_match_probability(&table, &weakest, 0.0).unwrap();
    assert!((4.0..7.0).contains(&hits), "{hits}");
    let strongest = [
        Locus::D1S1656,
        Locus::D12S391,
        Locus::D18S51,
        Locus::FGA,
        Locus::D21S11,
        Locus::D8S1179,
    ];
    let hits = 1e7 * average_match_probability(&table, &strongest, 0.0).unwrap();
    assert!(hits < 0.1, "{hits}");
}
