//! `huonguoc baseline`: waivers for the current findings, for a reviewer to
//! go through one by one. Each is written with the reason "chưa xem xét"
//! (not yet reviewed), so a baseline never passes for a review.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::args::BaselineArgs;
use crate::config::{self, Date};
use crate::{EXIT_ERROR, input, load_pack, scan};

/// The reason written into new waivers.
pub const UNREVIEWED: &str = huonguoc_batch::UNREVIEWED;

pub fn run(a: &BaselineArgs) -> Result<u8> {
    let screener = load_pack(&a.pack)?;
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let limits = config::load(None, &paths)?.config.limits;
    let mut options = input::batch_options(&a.input, &limits)?;
    options.all_files = a.all_files;
    let walk = input::walk(&paths);
    let scanned = scan::scan(&screener, &walk.entries, &options);

    // Appending to an existing file keeps its waivers and settings; a
    // finding it already covers is not written twice.
    let mut existing = String::new();
    let mut seen = HashSet::new();
    if let Some(out) = a.output.as_deref().filter(|p| p.exists()) {
        let cfg = config::read(out)?;
        seen.extend(cfg.waivers.into_iter().map(|w| w.fingerprint));
        existing = std::fs::read_to_string(out)
            .with_context(|| format!("không đọc được {}", out.display()))?;
    }
    let today = Date::today();
    let mut text = String::new();
    let mut added = 0;
    let mut unreadable = 0;
    for r in &scanned {
        if let Some(e) = &r.error {
            unreadable += 1;
            note!("huonguoc: {}: {e}", r.path);
        }
        for f in &r.findings {
            if !seen.insert(f.fingerprint.clone()) {
                continue;
            }
            added += 1;
            // A comment ends at a line break: a file name holding one could
            // otherwise write TOML of its own, a forged waiver among it.
            let _ = writeln!(
                text,
                "\n# {} — {}: {}",
                crate::escape::controls(&r.path),
                crate::escape::controls(&f.location),
                crate::escape::controls(&f.title)
            );
            let _ = writeln!(
                text,
                "# «{}»",
                crate::escape::controls(&one_line(&f.excerpt))
            );
            let _ = writeln!(text, "[[waiver]]");
            let _ = writeln!(text, "fingerprint = {}", quote(&f.fingerprint));
            let _ = writeln!(text, "reviewer = {}", quote(&a.reviewer));
            let _ = writeln!(text, "reason = {}", quote(UNREVIEWED));
            let _ = writeln!(text, "date = {today}");
        }
    }
    match &a.output {
        Some(path) => {
            let mut all = existing;
            if all.is_empty() {
                all.push_str(
                    "# Miễn trừ đã xem xét (reviewed waivers) của huonguoc.\n\
                     # Điền người rà soát và lý do cho từng mục; xóa mục không chấp nhận.\n",
                );
            } else if !all.ends_with('\n') {
                all.push('\n');
            }
            all.push_str(&text);
            crate::atomic::write(path, all.as_bytes())
                .with_context(|| format!("không ghi được {}", path.display()))?;
            note!(
                "huonguoc: đã ghi {added} miễn trừ vào {} (lý do: «{UNREVIEWED}»)",
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(if unreadable > 0 { EXIT_ERROR } else { 0 })
}

/// A TOML basic string. JSON's escapes are a subset of TOML's.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
