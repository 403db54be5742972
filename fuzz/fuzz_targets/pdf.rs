//! PDF extraction of arbitrary bytes, under a small inflation budget so a
//! compressed stream cannot make one run slow.
#![no_main]

use huonguoc_formats::{Format, Limits, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_uncompressed: 4 * 1024 * 1024,
        ..Limits::default()
    };
    if let Ok(x) = extract(data, Format::Pdf, &limits) {
        let _ = x.text();
    }
});
