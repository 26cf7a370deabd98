//! The CSV reader never panics, whatever it is given (the fuzz target in `fuzz/` does the same
//! with coverage guidance; this runs in every `cargo test`).

use grenzeloos_dna::csv::{read_profiles, write_profiles};
use grenzeloos_dna::generate::{Config, Generator};
use grenzeloos_dna::{FrequencyTable, Locus};
use proptest::prelude::*;

/// Pieces that make CSV-like text reach deep into the reader.
const PIECES: &[&str] = &[
    "id",
    "type",
    "reference",
    "stain",
    "D3S1358",
    "vWA",
    "TH01",
    "FGA",
    "Penta D",
    "Amelogenin",
    "D8S1179",
    "D21S11",
    "D18S51",
    "X/Y",
    "12",
    "9.3",
    "12/14",
    "12/*",
    "*",
    "99",
    "0",
    "1",
    "150",
    "9.4",
    "12/",
    "/",
    "a/b/c",
    "12/14/15",
    "nr",
    "1.23",
    ",",
    ",",
    ",",
    "\n",
    "\n",
    "\r\n",
    "\"",
    "\"\"",
    " ",
    "\u{feff}",
    "\u{e9}",
    "\u{0}",
    "99999999999999999999",
];

fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120)
        .prop_map(|pieces| pieces.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = read_profiles(&bytes[..]);
    }

    #[test]
    fn csv_like_text_never_panics(bytes in csv_like()) {
        if let Err(errors) = read_profiles(&bytes[..]) {
            prop_assert!(!errors.errors.is_empty());
            for e in &errors.errors {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn a_valid_file_with_one_cell_changed_is_read_or_refused_with_its_line(
        seed in any::<u64>(),
        row in 0usize..20,
        column in 0usize..14,
        cell in prop::sample::select(PIECES),
    ) {
        let table = FrequencyTable::uk_white();
        let profiles = Generator::new(&table, Config::new(seed, 20, &table)).unwrap().generate();
        let mut text = Vec::new();
        write_profiles(&mut text, &profiles, &Locus::ESS).unwrap();
        let text = String::from_utf8(text).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut cells: Vec<String> = lines[row + 1].split(',').map(str::to_string).collect();
        cells[column] = cell.to_string();
        lines[row + 1] = cells.join(",");
        let changed = lines.join("\n");
        match read_profiles(changed.as_bytes()) {
            Ok(read) => prop_assert_eq!(read.len(), 20),
            Err(errors) => {
                // A field separator or a line break moves later errors; the first error is
                // on the changed line or after it, never before.
                prop_assert!(errors.errors[0].line >= row as u64 + 2, "{}", errors);
            }
        }
    }
}
