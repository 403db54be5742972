//! Applying reviewed waivers to findings, and noting those that did not
//! apply.

use std::collections::HashSet;

use huonguoc_screen::{FileReport, Waiver, WaiverNote};

use crate::config::{Date, Loaded, WaiverEntry};

/// Marks each finding that a current waiver covers, and returns the waivers
/// that expired, matched nothing or still carry the baseline's "chưa xem
/// xét". A waiver is matched by fingerprint
/// alone, so it follows its clause when the covenant is renumbered.
pub fn apply(files: &mut [FileReport], config: &Loaded, today: &Date) -> Vec<WaiverNote> {
    let waivers = &config.config.waivers;
    let mut used = HashSet::new();
    for f in files.iter_mut().flat_map(|r| r.findings.iter_mut()) {
        if let Some((i, w)) = waivers
            .iter()
            .enumerate()
            .find(|(_, w)| w.fingerprint == f.fingerprint)
        {
            used.insert(i);
            if !is_expired(w, today) {
                f.waiver = Some(to_waiver(w));
            }
        }
    }
    let source = config.source();
    waivers
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let problem = if is_expired(w, today) {
                "expired"
            } else if !used.contains(&i) {
                "unmatched"
            } else if w.reason.trim() == crate::baseline::UNREVIEWED {
                // A baseline entry nobody has reviewed yet: it applies, so CI
                // can pass meanwhile, but it must not go unnoticed.
                "unreviewed"
            } else {
                return None;
            };
            Some(WaiverNote {
                fingerprint: w.fingerprint.clone(),
                reviewer: w.reviewer.clone(),
                problem: problem.to_owned(),
                expires: w.expires.as_ref().map(|d| d.0.clone()),
                source: source.clone(),
            })
        })
        .collect()
}

fn is_expired(w: &WaiverEntry, today: &Date) -> bool {
    w.expires.as_ref().is_some_and(|e| e < today)
}

fn to_waiver(w: &WaiverEntry) -> Waiver {
    Waiver {
        reviewer: w.reviewer.clone(),
        reason: w.reason.clone(),
        date: w.date.0.clone(),
        expires: w.expires.as_ref().map(|d| d.0.clone()),
    }
}

/// Drops waived findings, for `--new-only`.
pub fn keep_new_only(files: &mut [FileReport]) {
    for r in files {
        r.findings.retain(|f| !f.is_waived());
    }
}

/// One line per note, in Vietnamese, for stderr.
pub fn describe(n: &WaiverNote) -> String {
    match n.problem.as_str() {
        "expired" => format!(
            "{}: miễn trừ {} ({}) đã hết hạn ngày {} (expired waiver)",
            n.source,
            n.fingerprint,
            n.reviewer,
            n.expires.as_deref().unwrap_or("?")
        ),
        "unreviewed" => format!(
            "{}: miễn trừ {} chưa được xem xét: điền người rà soát và lý do (unreviewed waiver)",
            n.source, n.fingerprint
        ),
        _ => format!(
            "{}: miễn trừ {} ({}) không khớp phát hiện nào (unmatched waiver)",
            n.source, n.fingerprint, n.reviewer
        ),
    }
}
