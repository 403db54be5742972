//! Structure and screening with the embedded pack on arbitrary UTF-8.
//! Work budget: inputs are cut to 16 KiB (at a char boundary), so each run
//! stays fast and a slow input shows as a timeout, not as a long run.
//! Invariant: every finding lies inside the text, on char boundaries.
#![no_main]

use std::sync::OnceLock;

use huonguoc_screen::{ScreenOptions, Screener};
use huonguoc_text::Mode;
use libfuzzer_sys::fuzz_target;

const BUDGET: usize = 16 * 1024;

fn screener() -> &'static Screener {
    static S: OnceLock<Screener> = OnceLock::new();
    S.get_or_init(|| Screener::embedded().expect("embedded pack"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(&data[..data.len().min(BUDGET)]);
    for mode in [None, Some(Mode::Folded)] {
        let got = screener().screen_with(
            &text,
            &ScreenOptions {
                mode,
                ..Default::default()
            },
        );
        for f in &got.findings {
            assert!(f.start <= f.end && f.end <= text.len(), "{f:?}");
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        }
    }
});
