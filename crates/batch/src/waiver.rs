//! Reviewed waivers: a reviewer's acceptance of one finding, and the
//! folder tree it covers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::report::FileReport;

/// The reason `huonguoc baseline` writes, and the reviewer it writes when
/// none is given: a waiver that still carries it was never reviewed.
pub const UNREVIEWED: &str = "chưa xem xét";

/// Whether a waiver counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverStatus {
    /// Reviewed: a reviewer, a reason and a date. The finding no longer
    /// counts against compliance.
    Accepted,
    /// A placeholder, or a reviewer, reason or date is missing: the finding
    /// still counts, and the covenant shows as pending review.
    PendingReview,
}

/// The waiver that covers a finding, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    /// Whether it counts.
    pub status: WaiverStatus,
    /// Who reviewed it.
    pub reviewer: String,
    /// Why the clause is acceptable.
    pub reason: String,
    /// When it was reviewed, `YYYY-MM-DD`.
    pub date: String,
    /// When it lapses, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expires: Option<String>,
    /// The file that holds it.
    pub source: String,
}

/// One `[[waiver]]` as written in `huonguoc.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WaiverEntry {
    /// Rule id and clause hash, as in a finding's `fingerprint`.
    pub fingerprint: String,
    /// Who reviewed it; empty when not written.
    pub reviewer: String,
    /// Why; empty when not written.
    pub reason: String,
    /// When, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// When it lapses, `YYYY-MM-DD`.
    pub expires: Option<String>,
}

impl WaiverEntry {
    /// Reviewed: a real reviewer, a real reason and a date.
    ///
    /// ```
    /// use huonguoc_batch::WaiverEntry;
    /// let mut w = WaiverEntry {
    ///     fingerprint: "x:1".into(),
    ///     reviewer: "Hà Thị Mai".into(),
    ///     reason: "chưa xem xét".into(),
    ///     date: Some("2025-09-15".into()),
    ///     expires: None,
    /// };
    /// assert!(!w.is_reviewed(), "the baseline's placeholder");
    /// w.reason = "Thôn đã biểu quyết bãi bỏ".into();
    /// assert!(w.is_reviewed());
    /// ```
    pub fn is_reviewed(&self) -> bool {
        let real = |s: &str| !s.trim().is_empty() && s.trim() != UNREVIEWED;
        real(&self.reviewer) && real(&self.reason) && self.date.is_some()
    }

    fn is_expired(&self, today: &str) -> bool {
        // Dates are checked `YYYY-MM-DD`, so text order is date order.
        self.expires.as_deref().is_some_and(|e| e < today)
    }
}

/// The waivers of one `huonguoc.toml`, and the folder tree they cover.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WaiverSet {
    /// The file, as shown in messages.
    pub source: String,
    /// The folder whose tree the waivers cover (absolute); `None` covers
    /// every file, as `--config` does.
    pub scope: Option<PathBuf>,
    /// The waivers.
    pub entries: Vec<WaiverEntry>,
}

/// A waiver that needs a reviewer's attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverNote {
    /// The waiver's fingerprint.
    pub fingerprint: String,
    /// Who reviewed it.
    pub reviewer: String,
    /// `expired`, `unmatched` or `unreviewed`.
    pub problem: String,
    /// When it lapsed, for expired waivers.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expires: Option<String>,
    /// The file that holds it.
    pub source: String,
}

/// The set that covers `path`: the one whose folder is nearest above it,
/// as git and ruff find their config. A set without a scope covers all.
fn set_for<'a>(sets: &'a [WaiverSet], path: &Path) -> Option<(usize, &'a WaiverSet)> {
    if sets.is_empty() {
        // No file is covered; spares a `getcwd` per file.
        return None;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    sets.iter()
        .enumerate()
        .filter(|(_, s)| s.scope.as_deref().is_none_or(|d| abs.starts_with(d)))
        .max_by_key(|(_, s)| s.scope.as_ref().map_or(0, |d| d.components().count()))
}

/// Sets the waiver of each finding from the set that covers its file, and
/// returns the waivers that expired, matched nothing or await review. An
/// expired waiver counts as none. Matching is by fingerprint alone, so a
/// waiver follows its clause when the covenant is renumbered.
///
/// ```
/// use huonguoc_batch::{WaiverEntry, WaiverSet, apply_waivers};
/// let sets = [WaiverSet { source: "huonguoc.toml".into(), scope: None, entries: vec![
///     WaiverEntry { fingerprint: "x:1".into(), ..Default::default() },
/// ]}];
/// let notes = apply_waivers(&mut [], &sets, "2026-01-01");
/// assert_eq!(notes[0].problem, "unmatched");
/// ```
pub fn apply_waivers(files: &mut [FileReport], sets: &[WaiverSet], today: &str) -> Vec<WaiverNote> {
    let waivers = Waivers::new(sets.to_vec(), today);
    for file in files.iter_mut() {
        waivers.apply(file);
    }
    waivers.notes()
}

/// Waiver sets ready to apply to one file at a time, from any thread, as
/// a streaming batch needs: each set is indexed by fingerprint, and which
/// waivers matched is recorded for [`Waivers::notes`].
#[derive(Debug)]
pub struct Waivers {
    sets: Vec<WaiverSet>,
    /// Per set: fingerprint → the first entry that has it.
    index: Vec<HashMap<String, usize>>,
    used: Vec<Vec<AtomicBool>>,
    today: String,
}

impl Waivers {
    /// Indexes `sets` for the day `today` (`YYYY-MM-DD`).
    pub fn new(sets: Vec<WaiverSet>, today: &str) -> Waivers {
        let index = sets
            .iter()
            .map(|s| {
                let mut m = HashMap::with_capacity(s.entries.len());
                for (i, w) in s.entries.iter().enumerate() {
                    m.entry(w.fingerprint.clone()).or_insert(i);
                }
                m
            })
            .collect();
        let used = sets
            .iter()
            .map(|s| s.entries.iter().map(|_| AtomicBool::new(false)).collect())
            .collect();
        Waivers {
            sets,
            index,
            used,
            today: today.to_owned(),
        }
    }

    /// Sets the waivers of one file's findings and refreshes its verdict.
    pub fn apply(&self, file: &mut FileReport) {
        if let Some((si, set)) = set_for(&self.sets, Path::new(&file.path)) {
            for f in &mut file.findings {
                let Some(&wi) = self.index[si].get(&f.fingerprint) else {
                    continue;
                };
                self.used[si][wi].store(true, Ordering::Relaxed);
                let w = &set.entries[wi];
                if w.is_expired(&self.today) {
                    continue;
                }
                f.waiver = Some(Waiver {
                    status: if w.is_reviewed() {
                        WaiverStatus::Accepted
                    } else {
                        WaiverStatus::PendingReview
                    },
                    reviewer: w.reviewer.clone(),
                    reason: w.reason.clone(),
                    date: w.date.clone().unwrap_or_default(),
                    expires: w.expires.clone(),
                    source: set.source.clone(),
                });
            }
        }
        file.refresh();
    }

    /// The waivers that expired, matched nothing so far or await review.
    pub fn notes(&self) -> Vec<WaiverNote> {
        let mut notes = Vec::new();
        for (si, set) in self.sets.iter().enumerate() {
            for (wi, w) in set.entries.iter().enumerate() {
                let problem = if w.is_expired(&self.today) {
                    "expired"
                } else if !self.used[si][wi].load(Ordering::Relaxed) {
                    "unmatched"
                } else if !w.is_reviewed() {
                    "unreviewed"
                } else {
                    continue;
                };
                notes.push(WaiverNote {
                    fingerprint: w.fingerprint.clone(),
                    reviewer: w.reviewer.clone(),
                    problem: problem.to_owned(),
                    expires: w.expires.clone(),
                    source: set.source.clone(),
                });
            }
        }
        notes
    }
}

/// One line per note, in Vietnamese, for stderr and the HTML page.
pub fn describe(n: &WaiverNote) -> String {
    match n.problem.as_str() {
        "expired" => format!(
            "{}: miễn trừ {} ({}) đã hết hạn ngày {}, không còn được tính (expired waiver)",
            n.source,
            n.fingerprint,
            n.reviewer,
            n.expires.as_deref().unwrap_or("?")
        ),
        "unreviewed" => format!(
            "{}: miễn trừ {} chưa được xem xét, văn bản chưa được tính là đạt: điền người rà soát, \
             lý do và ngày (unreviewed waiver, pending review)",
            n.source, n.fingerprint
        ),
        _ => format!(
            "{}: miễn trừ {} ({}) không khớp phát hiện nào (unmatched waiver)",
            n.source, n.fingerprint, n.reviewer
        ),
    }
}
