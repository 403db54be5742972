//! `huonguoc scan`: screening a batch in parallel.

use huonguoc_screen::{FileReport, ScreenOptions, Screener, Status};
use rayon::prelude::*;

use crate::input::{self, Entry, ReadOptions};

/// One screened file with its text, kept for rendering excerpts.
pub struct Scanned {
    pub report: FileReport,
    pub text: Option<String>,
}

/// Screens every entry. Results keep the entries' order, whatever the
/// number of threads.
pub fn scan(
    screener: &Screener,
    entries: &[Entry],
    read: &ReadOptions,
    options: &ScreenOptions,
) -> Vec<Scanned> {
    scan_observed(screener, entries, read, options, &|| {})
}

/// Like [`scan`], calling `done` after each file, for a progress bar.
pub fn scan_observed(
    screener: &Screener,
    entries: &[Entry],
    read: &ReadOptions,
    options: &ScreenOptions,
    done: &(dyn Fn() + Sync),
) -> Vec<Scanned> {
    entries
        .par_iter()
        .map(|entry| {
            let s = scan_one(screener, entry, read, options);
            done();
            s
        })
        .collect()
}

fn scan_one(
    screener: &Screener,
    entry: &Entry,
    read: &ReadOptions,
    options: &ScreenOptions,
) -> Scanned {
    let path = display(entry.path());
    match entry {
        Entry::Broken(_, reason) => Scanned {
            report: FileReport::error(path, reason.clone()),
            text: None,
        },
        Entry::File(p) => match input::load(p, read) {
            Err(reason) => Scanned {
                report: FileReport::error(path, reason),
                text: None,
            },
            Ok(loaded) => {
                let screening = screener.screen_with(&loaded.text, options);
                let mut warnings = loaded.warnings;
                if screening.mode == huonguoc_text::Mode::Folded && options.mode.is_none() {
                    warnings.push(
                        "văn bản không dấu: so khớp theo dạng bỏ dấu, cần hai từ khóa cho mỗi phát hiện \
                         (text without diacritics: folded matching)"
                            .into(),
                    );
                }
                Scanned {
                    report: FileReport {
                        path,
                        status: Status::Screened,
                        error: None,
                        commune: None,
                        district: None,
                        encoding: Some(loaded.encoding.name().to_owned()),
                        warnings,
                        low_quality: loaded.low_quality,
                        findings: screening.findings,
                    },
                    text: Some(loaded.text),
                }
            }
        },
    }
}

/// The path as shown in reports: as given, with `/` separators.
pub fn display(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
