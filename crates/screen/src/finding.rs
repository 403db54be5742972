//! Findings: what the engine returns. Reports, waivers and targets are
//! policy, and live in `huonguoc-batch`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::pack::Severity;

/// One discriminatory clause found in a covenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id.
    pub rule: SharedText,
    /// The category id.
    pub category: SharedText,
    /// How serious it is.
    pub severity: Severity,
    /// The rule's title.
    pub title: SharedText,
    /// What is wrong, in the report's language.
    pub message: SharedText,
    /// The law it breaks, smallest unit first.
    pub legal: Arc<[SharedText]>,
    /// A compliant rewrite.
    pub suggestion: SharedText,
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

/// Text that findings share with their rule: every finding of a rule
/// holds the same title, message, law and suggestion, and a batch has
/// thousands of findings, so each holds a counted reference rather than a
/// copy. It reads as a `&str`, compares with strings, and serializes as
/// one.
///
/// ```
/// use huonguoc_screen::SharedText;
/// let t = SharedText::from("Nghiêm cấm tảo hôn");
/// let u = t.clone(); // no copy of the text
/// assert_eq!(u, "Nghiêm cấm tảo hôn");
/// assert!(u.starts_with("Nghiêm"));
/// assert_eq!(serde_json::to_string(&u).unwrap(), "\"Nghiêm cấm tảo hôn\"");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedText(pub(crate) Arc<str>);

impl SharedText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> SharedText {
        SharedText(s.into())
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> SharedText {
        SharedText(s.into())
    }
}

impl From<SharedText> for String {
    fn from(s: SharedText) -> String {
        s.0.as_ref().to_owned()
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedText> for String {
    fn eq(&self, other: &SharedText) -> bool {
        **self == *other.0
    }
}

impl PartialEq<SharedText> for str {
    fn eq(&self, other: &SharedText) -> bool {
        *self == *other.0
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        **self == *other.0
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SharedText, D::Error> {
        String::deserialize(d).map(SharedText::from)
    }
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
