//! `huonguoc.toml` from arbitrary text: settings, limits and waivers. A
//! config that parses has its waivers applied to a screened covenant, and
//! its limits to the batch options.
#![no_main]

use std::sync::OnceLock;

use huonguoc_batch::{FileReport, Options, Pack, WaiverSet, apply_waivers, config, screen_bytes};
use libfuzzer_sys::fuzz_target;

const COVENANT: &str = "HƯƠNG ƯỚC THÔN ĐÔNG\nĐiều 6. Thừa kế\n\
1. Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n\
2. Phụ nữ không được vào đình.\n";

fn report() -> &'static FileReport {
    static REPORT: OnceLock<FileReport> = OnceLock::new();
    REPORT.get_or_init(|| {
        let pack = Pack::embedded().expect("embedded pack");
        screen_bytes(&pack.screener, COVENANT.as_bytes(), Some("thon.txt"), &Options::default())
            .expect("covenant")
            .into_report("thon.txt")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(c) = config::parse(text) else {
        return;
    };
    let mut options = Options::default();
    c.limits.apply(&mut options);
    let mut files = vec![report().clone()];
    let sets = [WaiverSet {
        source: "huonguoc.toml".into(),
        scope: None,
        entries: c.waivers,
    }];
    let _ = apply_waivers(&mut files, &sets, "2026-12-02");
    files[0].refresh();
});
