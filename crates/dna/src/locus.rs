//! The loci Grenzeloos accepts: the union of the European Standard Set (ESS, 12 loci) and the
//! 24 Interpol loci — 28 loci that count for matching, plus Amelogenin (sex), which is stored
//! but never compared.

use std::fmt;

/// A locus that counts for matching. Amelogenin is not one of them: see [`Column`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Locus {
    D3S1358,
    VWA,
    D8S1179,
    D21S11,
    D18S51,
    TH01,
    FGA,
    D1S1656,
    D2S441,
    D10S1248,
    D12S391,
    D22S1045,
    TPOX,
    CSF1PO,
    D13S317,
    D7S820,
    D5S818,
    D16S539,
    D2S1338,
    D19S433,
    PentaD,
    PentaE,
    FES,
    F13A1,
    F13B,
    SE33,
    CD4,
    GABA,
}

/// The longest repeat unit of any locus, in bases.
pub const LONGEST_UNIT: u8 = 5;

/// Number of matching loci; a set of them fits in a `u32` ([`LocusSet`]).
pub const LOCUS_COUNT: usize = 28;

impl Locus {
    /// Every matching locus, in index order: the 12 ESS loci first.
    pub const ALL: [Locus; LOCUS_COUNT] = [
        Locus::D3S1358,
        Locus::VWA,
        Locus::D8S1179,
        Locus::D21S11,
        Locus::D18S51,
        Locus::TH01,
        Locus::FGA,
        Locus::D1S1656,
        Locus::D2S441,
        Locus::D10S1248,
        Locus::D12S391,
        Locus::D22S1045,
        Locus::TPOX,
        Locus::CSF1PO,
        Locus::D13S317,
        Locus::D7S820,
        Locus::D5S818,
        Locus::D16S539,
        Locus::D2S1338,
        Locus::D19S433,
        Locus::PentaD,
        Locus::PentaE,
        Locus::FES,
        Locus::F13A1,
        Locus::F13B,
        Locus::SE33,
        Locus::CD4,
        Locus::GABA,
    ];

    /// The European Standard Set (Council Resolution 2009/C 296/01).
    pub const ESS: [Locus; 12] = [
        Locus::D3S1358,
        Locus::VWA,
        Locus::D8S1179,
        Locus::D21S11,
        Locus::D18S51,
        Locus::TH01,
        Locus::FGA,
        Locus::D1S1656,
        Locus::D2S441,
        Locus::D10S1248,
        Locus::D12S391,
        Locus::D22S1045,
    ];

    /// The seven ESS loci of 2001; a reference profile needs six of them fully designated.
    pub const ESS_2001: [Locus; 7] = [
        Locus::D3S1358,
        Locus::VWA,
        Locus::D8S1179,
        Locus::D21S11,
        Locus::D18S51,
        Locus::TH01,
        Locus::FGA,
    ];

    /// Position in [`Locus::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The conventional name, as written in a CSV header.
    pub fn name(self) -> &'static str {
        match self {
            Locus::D3S1358 => "D3S1358",
            Locus::VWA => "vWA",
            Locus::D8S1179 => "D8S1179",
            Locus::D21S11 => "D21S11",
            Locus::D18S51 => "D18S51",
            Locus::TH01 => "TH01",
            Locus::FGA => "FGA",
            Locus::D1S1656 => "D1S1656",
            Locus::D2S441 => "D2S441",
            Locus::D10S1248 => "D10S1248",
            Locus::D12S391 => "D12S391",
            Locus::D22S1045 => "D22S1045",
            Locus::TPOX => "TPOX",
            Locus::CSF1PO => "CSF1PO",
            Locus::D13S317 => "D13S317",
            Locus::D7S820 => "D7S820",
            Locus::D5S818 => "D5S818",
            Locus::D16S539 => "D16S539",
            Locus::D2S1338 => "D2S1338",
            Locus::D19S433 => "D19S433",
            Locus::PentaD => "Penta D",
            Locus::PentaE => "Penta E",
            Locus::FES => "FES",
            Locus::F13A1 => "F13A1",
            Locus::F13B => "F13B",
            Locus::SE33 => "SE33",
            Locus::CD4 => "CD4",
            Locus::GABA => "GABA",
        }
    }

    /// Bases per repeat: 5 for the pentanucleotide loci (Penta D, Penta E, CD4), 4 for all
    /// others. It decides which microvariants exist and which are tolerated.
    pub fn repeat_unit(self) -> u8 {
        match self {
            Locus::PentaD | Locus::PentaE | Locus::CD4 => LONGEST_UNIT,
            _ => 4,
        }
    }
}

impl fmt::Display for Locus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A column of a profile file: a matching locus or Amelogenin.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Column {
    Locus(Locus),
    Amelogenin,
}

impl Column {
    /// Reads a locus name as labs write it: case, spaces, `_` and `-` are ignored, and the
    /// usual aliases are known (`F13A01`, `FESFPS`, `AMEL`). `None` for a name outside the
    /// accepted loci.
    pub fn parse(name: &str) -> Option<Column> {
        let key: String = name
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_uppercase)
            .collect();
        match key.as_str() {
            "AMELOGENIN" | "AMEL" | "AM" => return Some(Column::Amelogenin),
            "F13A01" => return Some(Column::Locus(Locus::F13A1)),
            "FESFPS" => return Some(Column::Locus(Locus::FES)),
            _ => {}
        }
        Locus::ALL
            .into_iter()
            .find(|l| l.name().replace(' ', "").to_uppercase() == key)
            .map(Column::Locus)
    }
}

/// A set of matching loci as a bit mask (bit i = `Locus::ALL[i]`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct LocusSet(pub u32);

impl LocusSet {
    pub const EMPTY: LocusSet = LocusSet(0);

    pub fn insert(&mut self, locus: Locus) {
        self.0 |= 1 << locus.index();
    }

    pub fn contains(self, locus: Locus) -> bool {
        self.0 & (1 << locus.index()) != 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn intersection(self, other: LocusSet) -> LocusSet {
        LocusSet(self.0 & other.0)
    }

    /// The loci in index order.
    pub fn iter(self) -> impl Iterator<Item = Locus> {
        Locus::ALL.into_iter().filter(move |l| self.contains(*l))
    }

    /// The loci's names, for messages and output.
    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Locus::name).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_of_ess_and_interpol_has_28_matching_loci_and_indexes_are_positions() {
        for (i, locus) in Locus::ALL.iter().enumerate() {
            assert_eq!(locus.index(), i);
            assert_eq!(Column::parse(locus.name()), Some(Column::Locus(*locus)));
        }
        assert_eq!(Locus::ESS[..7], Locus::ESS_2001);
    }

    #[test]
    fn names_are_read_loosely_and_unknown_loci_are_refused() {
        assert_eq!(Column::parse("VWA"), Some(Column::Locus(Locus::VWA)));
        assert_eq!(Column::parse("penta_d"), Some(Column::Locus(Locus::PentaD)));
        assert_eq!(Column::parse("PentaE"), Some(Column::Locus(Locus::PentaE)));
        assert_eq!(Column::parse("F13A01"), Some(Column::Locus(Locus::F13A1)));
        assert_eq!(Column::parse("Amelogenin"), Some(Column::Amelogenin));
        assert_eq!(Column::parse("D6S1043"), None);
        assert_eq!(Column::parse("Penta C"), None);
    }

    #[test]
    fn only_penta_d_penta_e_and_cd4_are_pentanucleotide() {
        let penta: Vec<Locus> = Locus::ALL
            .into_iter()
            .filter(|l| l.repeat_unit() == 5)
            .collect();
        assert_eq!(penta, [Locus::PentaD, Locus::PentaE, Locus::CD4]);
        assert!(Locus::ALL.iter().all(|l| l.repeat_unit() <= LONGEST_UNIT));
    }
}
