//! `huonguoc scan`: screening a batch in parallel.

use huonguoc_batch::{FileReport, Options, SourceLines};
use huonguoc_screen::Screener;
use rayon::prelude::*;

use crate::input::Entry;

/// Screens every entry. Results keep the entries' order, whatever the
/// number of threads.
pub fn scan(screener: &Screener, entries: &[Entry], options: &Options) -> Vec<FileReport> {
    scan_observed(screener, entries, options, &|| {})
}

/// Like [`scan`], calling `done` after each file, for a progress bar.
pub fn scan_observed(
    screener: &Screener,
    entries: &[Entry],
    options: &Options,
    done: &(dyn Fn() + Sync),
) -> Vec<FileReport> {
    entries
        .par_iter()
        .map(|entry| {
            let r = scan_one(screener, entry, options, SourceLines::Skip);
            done();
            r
        })
        .collect()
}

/// Reads and screens one entry into its report, with its findings' source
/// lines if `lines` asks.
pub fn scan_one(
    screener: &Screener,
    entry: &Entry,
    options: &Options,
    lines: SourceLines,
) -> FileReport {
    let path = display(entry.path());
    match entry {
        Entry::Broken(_, reason) => FileReport::unreadable(path, reason.clone()),
        Entry::File(p) => match huonguoc_batch::screen_path(screener, p, options) {
            Err(e) => FileReport::unreadable(path, e.reason()),
            Ok(s) => s.into_report_with(path, lines),
        },
        Entry::Stdin { name, bytes } => {
            let hint = name.file_name().and_then(|n| n.to_str());
            match huonguoc_batch::screen_bytes(screener, bytes, hint, options) {
                Err(e) => FileReport::unreadable(path, e.reason()),
                Ok(s) => s.into_report_with(path, lines),
            }
        }
    }
}

/// The path as shown in reports: as given, with `/` separators, and bytes
/// that are not UTF-8 as `\xNN`.
pub fn display(path: &std::path::Path) -> String {
    crate::escape::path(path)
}
