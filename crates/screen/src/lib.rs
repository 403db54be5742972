//! Screening engine for huonguoc: covenant structure, rule packs and
//! matching. It does no I/O on covenants: text in, findings out.
//!
//! ```
//! use huonguoc_screen::Screener;
//!
//! let screener = Screener::embedded().expect("the embedded pack compiles");
//! let covenant = "Điều 6. Thừa kế\n\
//!     1. Con trai, con gái đều được chia tài sản ngang nhau.\n\
//!     2. Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n";
//! let findings = screener.screen(covenant);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].category, "inheritance");
//! assert_eq!(findings[0].location, "khoản 2 Điều 6");
//! ```
#![deny(missing_docs)]

mod accent;
pub mod amend;
mod analyse;
pub mod analysis;
mod budget;
mod bytes8;
mod compile;
pub mod embedded;
mod error;
mod finding;
mod forward;
mod lexicon;
pub mod lint;
mod matcher;
mod numbers;
mod pack;
mod required;
mod rewrite;
mod screener;
pub mod structure;
#[cfg(test)]
mod test_corpus;
mod wordscan;

pub use budget::{Budget, Limit, OverBudget};
pub use error::{Error, ErrorKind};
pub use finding::{Finding, SharedText};
pub use pack::{
    Category, Examples, Folding, Frame, FrameKind, NumberCheck, Replacement, Rewrite,
    RewriteAction, RewriteExample, Rule, RulePack, Scope, Severity, Source,
};
pub use screener::{Lang, ScreenOptions, Screener, Screening};
