//! HTML extraction of arbitrary bytes.
#![no_main]

use huonguoc_formats::{Format, Limits, extract, sniff};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sniff(data, Some("html"));
    if let Ok(x) = extract(data, Format::Html, &Limits::default()) {
        let _ = x.text();
    }
});
