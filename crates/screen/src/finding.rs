//! Findings: what the engine returns. Reports, waivers and targets are
//! policy, and live in `huonguoc-batch`.

use serde::{Deserialize, Serialize};

use crate::pack::Severity;

/// One discriminatory clause found in a covenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id.
    pub rule: String,
    /// The category id.
    pub category: String,
    /// How serious it is.
    pub severity: Severity,
    /// The rule's title.
    pub title: String,
    /// What is wrong, in the report's language.
    pub message: String,
    /// The law it breaks, smallest unit first.
    pub legal: Vec<String>,
    /// A compliant rewrite.
    pub suggestion: String,
    /// Start of the matched words, a byte offset into the decoded text.
    pub start: usize,
    /// End of the matched words, a byte offset into the decoded text.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
    /// 1-based column of `start`, in characters.
    pub column: usize,
    /// Chapter label, such as "II".
    pub chapter: Option<String>,
    /// Article number.
    pub article: Option<String>,
    /// Clause number.
    pub clause: Option<String>,
    /// Point letter.
    pub point: Option<String>,
    /// The citation: "điểm b khoản 2 Điều 6".
    pub location: String,
    /// The sentence (or unit) that holds the finding, as in the original,
    /// with its whitespace collapsed.
    pub excerpt: String,
    /// The words that triggered the rule, as in the original.
    pub matched: Vec<String>,
    /// The rule id and a hash of the clause's matching form: stable when the
    /// covenant is renumbered or lines move.
    pub fingerprint: String,
}

/// 64-bit FNV-1a: a small stable hash for fingerprints, identical on every
/// platform and release.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
