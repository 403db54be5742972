//! .docx and .odt from the zip layer up: arbitrary bytes as a package.
#![no_main]

use huonguoc_formats::{Format, Limits, extract, sniff};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_uncompressed: 8 * 1024 * 1024,
        ..Limits::default()
    };
    let _ = sniff(data, None);
    for format in [Format::Docx, Format::Odt] {
        if let Ok(x) = extract(data, format, &limits) {
            let _ = x.text();
        }
    }
});
