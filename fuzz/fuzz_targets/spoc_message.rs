//! The SPOC message parser on arbitrary bytes: it must never panic, and whatever it accepts
//! must read back the same after writing.
#![no_main]

use grenzeloos_domain::spoc::message::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(message) = parse(data) {
        match parse(message.to_json().as_bytes()) {
            Ok(again) => assert_eq!(again, message, "changed by writing and reading back"),
            Err(e) => panic!("what was read cannot be read back after writing: {e}"),
        }
    }
});
