//! The DNA profile reader on arbitrary bytes: it must never panic, and whatever it accepts
//! must survive writing and reading back unchanged.
#![no_main]

use grenzeloos_dna::Locus;
use grenzeloos_dna::csv::{read_profiles, write_profiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(profiles) = read_profiles(data) {
        let mut written = Vec::new();
        if write_profiles(&mut written, &profiles, &Locus::ALL).is_ok() {
            match read_profiles(&written[..]) {
                Ok(again) => assert_eq!(again, profiles, "changed by writing and reading back"),
                Err(e) => panic!("what was read cannot be read back after writing: {e}"),
            }
        }
    }
});
