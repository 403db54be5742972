//! Rule-pack loading from arbitrary TOML text; a pack that loads is used
//! once on a fixed covenant line.
#![no_main]

use huonguoc_screen::{Screener, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let Ok(s) = Screener::from_sources(vec![Source {
        name: "fuzz.toml".into(),
        text,
    }]) else {
        return;
    };
    let _ = s.screen("Điều 1. Quy định\n1. Con gái đi lấy chồng không được chia đất.");
});
