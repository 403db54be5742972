//! Findings and the reports built from them.

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
    /// The reviewed waiver that covers this finding, if any. A waived
    /// finding is still reported but does not count against compliance.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub waiver: Option<Waiver>,
}

impl Finding {
    /// Whether a reviewed waiver covers the finding.
    pub fn is_waived(&self) -> bool {
        self.waiver.is_some()
    }
}

/// A reviewer's acceptance of one finding, from `[[waiver]]` in
/// `huonguoc.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    /// Who reviewed it.
    pub reviewer: String,
    /// Why the clause is acceptable.
    pub reason: String,
    /// When it was reviewed, `YYYY-MM-DD`.
    pub date: String,
    /// When the waiver lapses, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expires: Option<String>,
}

/// A waiver that needs a reviewer's attention: it has expired, matches no
/// finding, or still has the baseline's placeholder reason.
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

/// The roll-up of one commune or district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// `commune` or `district`.
    pub by: String,
    /// The commune's or district's name.
    pub name: String,
    /// The district of a commune.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub district: Option<String>,
    /// Covenants in the group.
    pub covenants: usize,
    /// Covenants screened.
    pub screened: usize,
    /// Screened covenants with no unwaived error-level finding.
    pub compliant: usize,
    /// `compliant / screened`, 0 when nothing was screened.
    pub compliance_rate: f64,
    /// The 2025 and 2030 targets, met or not.
    pub targets: Vec<Target>,
}

impl Group {
    /// Rolls up the file reports of one group.
    pub fn of(by: &str, name: &str, district: Option<&str>, files: &[&FileReport]) -> Group {
        let s = Summary::of_refs(files);
        Group {
            by: by.to_owned(),
            name: name.to_owned(),
            district: district.map(str::to_owned),
            covenants: s.files,
            screened: s.screened,
            compliant: s.compliant,
            compliance_rate: s.compliance_rate,
            targets: s.targets,
        }
    }
}

/// Whether a file could be screened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The file was read and screened.
    Screened,
    /// The file could not be read or decoded.
    Error,
}

/// The result for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The path as given or found.
    pub path: String,
    /// Screened or error.
    pub status: Status,
    /// Why the file could not be screened.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    /// The commune, from the manifest or the folder layout.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub commune: Option<String>,
    /// The district, from the manifest or the folder layout.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub district: Option<String>,
    /// The encoding it was decoded from.
    pub encoding: Option<String>,
    /// Problems that did not stop screening.
    pub warnings: Vec<String>,
    /// Why the text layer looks damaged (letters stripped, Ƣ for Ư, spaces
    /// inside syllables). Such a covenant is never counted as compliant.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub low_quality: Option<String>,
    /// Findings in text order.
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// A report for a file that could not be screened.
    pub fn error(path: impl Into<String>, error: impl Into<String>) -> FileReport {
        FileReport {
            path: path.into(),
            status: Status::Error,
            error: Some(error.into()),
            commune: None,
            district: None,
            encoding: None,
            warnings: Vec::new(),
            low_quality: None,
            findings: Vec::new(),
        }
    }

    /// Whether the covenant is free of error-level findings. A damaged
    /// text layer is not passed as clean. Waived findings were reviewed and
    /// accepted, so they do not count.
    pub fn is_compliant(&self) -> bool {
        self.status == Status::Screened
            && self.low_quality.is_none()
            && !self
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error && !f.is_waived())
    }
}

/// A compliance target of the national programme (QĐ 1790/QĐ-TTg).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The year the target falls due.
    pub year: u16,
    /// The share of covenants that must be free of discrimination.
    pub rate: f64,
    /// Whether the batch meets it.
    pub met: bool,
}

/// The batch summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Files in the batch.
    pub files: usize,
    /// Files screened.
    pub screened: usize,
    /// Files that could not be screened.
    pub errors: usize,
    /// Screened covenants with no error-level finding.
    pub compliant: usize,
    /// `compliant / screened`, 0 when nothing was screened.
    pub compliance_rate: f64,
    /// The 2025 and 2030 targets.
    pub targets: Vec<Target>,
}

/// The targets: 95% of covenants free of discrimination by 2025, 100% by
/// 2030.
pub const TARGETS: [(u16, f64); 2] = [(2025, 0.95), (2030, 1.0)];

impl Summary {
    /// Summarises file reports.
    pub fn of(files: &[FileReport]) -> Summary {
        Summary::of_refs(&files.iter().collect::<Vec<_>>())
    }

    /// Summarises borrowed file reports, such as one group's.
    pub fn of_refs(files: &[&FileReport]) -> Summary {
        let screened = files
            .iter()
            .filter(|f| f.status == Status::Screened)
            .count();
        let compliant = files.iter().filter(|f| f.is_compliant()).count();
        let compliance_rate = if screened == 0 {
            0.0
        } else {
            compliant as f64 / screened as f64
        };
        Summary {
            files: files.len(),
            screened,
            errors: files.len() - screened,
            compliant,
            compliance_rate,
            targets: TARGETS
                .iter()
                .map(|&(year, rate)| Target {
                    year,
                    rate,
                    met: screened > 0 && compliance_rate + 1e-9 >= rate,
                })
                .collect(),
        }
    }
}

/// A whole batch: the JSON document of `huonguoc scan --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report format version.
    pub version: String,
    /// One entry per file, in path order.
    pub files: Vec<FileReport>,
    /// The batch summary.
    pub summary: Summary,
    /// Files in walked folders that were not screened because they are not
    /// covenant formats.
    #[serde(default)]
    pub skipped: Vec<String>,
    /// Roll-ups by commune or district, with `--group-by`.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub groups: Vec<Group>,
    /// Waivers that expired or match nothing.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub waivers: Vec<WaiverNote>,
}

/// The version written in [`Report::version`].
pub const REPORT_VERSION: &str = "1";

impl Report {
    /// Builds a report and its summary.
    pub fn new(files: Vec<FileReport>) -> Report {
        let summary = Summary::of(&files);
        Report {
            version: REPORT_VERSION.to_owned(),
            files,
            summary,
            skipped: Vec::new(),
            groups: Vec::new(),
            waivers: Vec::new(),
        }
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
