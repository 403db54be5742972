//! `[limits]`: the resource budget of each file.

use serde::Deserialize;

use super::{ConfigError, ConfigErrorKind};
use crate::{LoadOptions, Options};

/// How much one file may cost. A file over a limit is an error entry that
/// names the limit; the batch goes on.
///
/// ```toml
/// [limits]
/// file-bytes = 104857600      # bytes read from one file
/// inflated-bytes = 209715200  # bytes a .docx, .odt or PDF may unpack to
/// xml-depth = 4096            # nesting of XML elements
/// units = 100000              # articles, clauses, points and lines
/// findings = 10000
/// sentence-hits = 20000       # rule-term hits in one sentence
/// ```
///
/// ```
/// use huonguoc_batch::{Options, config::Limits};
/// let mut options = Options::default();
/// Limits { units: 50, ..Limits::default() }.apply(&mut options);
/// assert_eq!(options.budget.max_units, 50);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Limits {
    /// Bytes read from one file (`--max-file-size` on the command line).
    pub file_bytes: u64,
    /// Bytes a zip container or the Flate streams of a PDF may unpack to.
    pub inflated_bytes: u64,
    /// The deepest nesting of XML elements in a .docx or .odt part.
    pub xml_depth: usize,
    /// Units (articles, clauses, points, heading lines) in one file.
    pub units: usize,
    /// Findings in one file.
    pub findings: usize,
    /// Rule-term hits in one sentence: the work spent on it.
    pub sentence_hits: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        let formats = huonguoc_formats::Limits::default();
        let budget = huonguoc_screen::Budget::default();
        Limits {
            file_bytes: LoadOptions::default().max_bytes,
            inflated_bytes: formats.max_uncompressed,
            xml_depth: formats.max_xml_depth,
            units: budget.max_units,
            findings: budget.max_findings,
            sentence_hits: budget.max_sentence_hits,
        }
    }
}

impl Limits {
    /// Sets these limits on the options of a batch.
    pub fn apply(&self, options: &mut Options) {
        options.load.max_bytes = self.file_bytes;
        options.load.max_inflated = self.inflated_bytes;
        options.load.max_xml_depth = self.xml_depth;
        options.budget = huonguoc_screen::Budget {
            max_units: self.units,
            max_findings: self.findings,
            max_sentence_hits: self.sentence_hits,
        };
    }

    /// A limit of 0 would refuse every file, which is never what was meant.
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        let zero = [
            ("file-bytes", self.file_bytes == 0),
            ("inflated-bytes", self.inflated_bytes == 0),
            ("xml-depth", self.xml_depth == 0),
            ("units", self.units == 0),
            ("findings", self.findings == 0),
            ("sentence-hits", self.sentence_hits == 0),
        ];
        match zero.iter().find(|(_, z)| *z) {
            Some((key, _)) => Err(ConfigError::new(
                ConfigErrorKind::Invalid,
                format!("[limits] {key} phải lớn hơn 0 ({key} must be at least 1)"),
            )),
            None => Ok(()),
        }
    }
}
