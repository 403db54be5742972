//! End-to-end tests of the `huonguoc` binary. One integration binary, as in
//! ripgrep: each module below covers one area; helpers live in `util`.

mod util;
// Real-format and legacy-encoding variants of a covenant, built in memory.
mod fixture;

// `scan`: exit codes, the JSON contract, bad inputs, corpus locations.
mod scan;
// `rules`, `explain`, `normalize`, `test`, `eval`.
mod commands;
// `scan --format jsonl|sarif|csv|html`, groups and the manifest.
mod reports;
// `huonguoc.toml`, waivers, `baseline` and `--new-only`.
mod waivers;
// `huonguoc diff OLD NEW`.
mod diff;
// `huonguoc amend`: the draft amendment, --apply, the corpus round trip.
mod amend;
// The HTML report in headless Chromium.
mod browser;
// `-j`, `--quiet`, `--color`, `--lang`, completions and the man page.
mod everyday;
// .docx/.odt/.html/.pdf and legacy encodings give the UTF-8 findings.
mod formats;
// The compliance figure counts every covenant given (issue 9).
mod figure;
// Standard input for scan, normalize, extract and convert (issue 12).
mod stdin;
// Globs, ignore files, hidden files, links (issue 12).
mod walk;
// --select / --ignore and the report's account of them (issue 12).
mod select;
// --output written atomically; convert never overwrites its input.
mod output;
// --lang en leaves no Vietnamese label (issue 12).
mod lang;
// Man pages and --help in English (issue 12).
mod manual;
// Files made to stop the batch or fake a result (issue 10).
mod hostile;
