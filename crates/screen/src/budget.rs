//! How much work one text may cause: a file from anyone must not stall a
//! batch, so past a limit the text is refused with an error that names
//! the limit, and the batch goes on.

use std::fmt;

/// Limits on the work of screening one text.
///
/// ```
/// use huonguoc_screen::{Budget, Limit, ScreenOptions, Screener};
///
/// let screener = Screener::embedded()?;
/// let tight = Budget { max_units: 2, ..Budget::default() };
/// let text = "Điều 1. Chung\n1. Một.\n2. Hai.\n3. Ba.\n";
/// let err = screener.try_screen_with(text, &ScreenOptions::default(), &tight).unwrap_err();
/// assert_eq!(err.limit, Limit::Units);
/// assert!(err.to_string().contains("units"), "{err}");
/// # Ok::<(), huonguoc_screen::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Units (articles, clauses, points, heading lines) in one text.
    pub max_units: usize,
    /// Findings in one text, after one finding per category and sentence
    /// is kept.
    pub max_findings: usize,
    /// Rule-term hits in one sentence: the work spent on a sentence grows
    /// with them, and a real sentence has a few dozen.
    pub max_sentence_hits: usize,
}

impl Default for Budget {
    /// 100,000 units, 10,000 findings, 20,000 hits per sentence: a real
    /// covenant has a few hundred units, a few dozen findings, and a few
    /// dozen hits in its longest sentence.
    fn default() -> Budget {
        Budget {
            max_units: 100_000,
            max_findings: 10_000,
            max_sentence_hits: 20_000,
        }
    }
}

impl Budget {
    /// No limit, for trusted text such as a rule's own examples.
    pub const UNLIMITED: Budget = Budget {
        max_units: usize::MAX,
        max_findings: usize::MAX,
        max_sentence_hits: usize::MAX,
    };

    pub(crate) fn check(&self, limit: Limit, found: usize) -> Result<(), OverBudget> {
        let max = match limit {
            Limit::Units => self.max_units,
            Limit::Findings => self.max_findings,
            Limit::SentenceHits => self.max_sentence_hits,
        };
        if found > max {
            return Err(OverBudget { limit, found, max });
        }
        Ok(())
    }
}

/// Which limit of a [`Budget`] a text went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`Budget::max_units`].
    Units,
    /// [`Budget::max_findings`].
    Findings,
    /// [`Budget::max_sentence_hits`].
    SentenceHits,
}

impl Limit {
    /// The key that sets it in the `[limits]` table of `huonguoc.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Limit::Units => "units",
            Limit::Findings => "findings",
            Limit::SentenceHits => "sentence-hits",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Limit::Units => "số đơn vị (điều, khoản, điểm, dòng) (units)",
            Limit::Findings => "số phát hiện (findings)",
            Limit::SentenceHits => "số từ khóa trong một câu (term hits in one sentence)",
        }
    }
}

/// A text went past its [`Budget`]: it is not screened at all, so no
/// partial result can pass for a whole one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverBudget {
    /// The limit passed.
    pub limit: Limit,
    /// How many there were, or at least how many were counted before the
    /// limit was passed.
    pub found: usize,
    /// The limit's value.
    pub max: usize,
}

impl fmt::Display for OverBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "vượt giới hạn {}: {} > {} (đặt `{}` trong bảng [limits] của huonguoc.toml)",
            self.limit.label(),
            self.found,
            self.max,
            self.limit.key()
        )
    }
}

impl std::error::Error for OverBudget {}
