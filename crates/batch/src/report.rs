//! The batch report: every file given, its status and verdict, and the
//! summary against the national targets. Renderers take this and nothing
//! else.

use std::ops::Deref;

use huonguoc_screen::{Finding, Severity};
use huonguoc_text::LineIndex;
use serde::{Deserialize, Serialize};

use crate::NotCovenant;
use crate::group::Group;
use crate::summary::Summary;
use crate::waiver::{Waiver, WaiverNote, WaiverStatus};

/// The version written in [`Report::version`]. Version 2 added statuses,
/// verdicts, waiver status and the measurement block.
pub const REPORT_VERSION: &str = "2";

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Read and screened; its text can vouch for the verdict.
    Screened,
    /// Could not be read, or its text layer is too damaged to vouch for it.
    NotVerified,
    /// Read, and found not to be a covenant: outside the rate.
    NotCovenant,
    /// Listed in the manifest, but no file is there.
    Missing,
}

/// The verdict on one file, as it enters the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Screened, and no error-level finding stands (reviewed waivers aside).
    Compliant,
    /// An error-level finding stands.
    NotCompliant,
    /// The only error-level findings are covered by waivers nobody has
    /// reviewed yet: not compliant until a reviewer signs them.
    PendingReview,
    /// Unreadable, damaged or missing: never compliant.
    NotVerified,
    /// Not a covenant: outside the rate.
    NotACovenant,
}

/// The line of the source that holds a finding, kept so that the text
/// renderer can underline it without the whole document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceLine {
    /// The line, without its line break.
    pub text: String,
    /// The matched bytes within `text`.
    pub mark: (usize, usize),
}

/// How much of a long line is kept on each side of the mark, in chars: a
/// covenant pasted as one line must not print the whole of it for every
/// finding (ripgrep's `--max-columns-preview` does the same).
pub const CONTEXT_CHARS: usize = 200;

/// Whether a report keeps each finding's source line. Only a renderer that
/// prints the line needs it; the JSON, CSV and SARIF reports do not, and
/// finding the lines costs a line index per covenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceLines {
    /// Find and keep each finding's line.
    #[default]
    Keep,
    /// Leave [`ReportedFinding::source_line`] empty.
    Skip,
}

impl SourceLine {
    /// The line of `text` that holds `f`, and the mark within it.
    pub fn of(text: &str, f: &Finding) -> SourceLine {
        SourceLine::at(text, &LineIndex::new(text), f)
    }

    /// Like [`SourceLine::of`], with the text's line index built once for
    /// all its findings. A line longer than the mark and [`CONTEXT_CHARS`]
    /// on each side is clipped, with "…" where it was cut.
    ///
    /// ```
    /// use huonguoc_batch::SourceLine;
    /// use huonguoc_text::LineIndex;
    /// let text = format!("{}Con gái không được chia đất.{}", "Thôn Đông. ".repeat(50), " Hết.".repeat(50));
    /// let s = huonguoc_screen::Screener::embedded().unwrap().screen(&format!("Điều 1.\n1. {text}"));
    /// let full = format!("Điều 1.\n1. {text}");
    /// let line = SourceLine::at(&full, &LineIndex::new(&full), &s[0]);
    /// assert!(line.text.starts_with('…') && line.text.ends_with('…'));
    /// assert_eq!(&line.text[line.mark.0..line.mark.1], &full[s[0].start..s[0].end]);
    /// ```
    pub fn at(text: &str, lines: &LineIndex, f: &Finding) -> SourceLine {
        let start = f.start.min(text.len());
        let range = lines.line_of(text, start);
        let line = text[range.clone()].trim_end_matches('\r');
        let line_start = range.start;
        let from = (start - line_start).min(line.len());
        let to = (f.end.clamp(f.start, line_start + line.len()) - line_start).min(line.len());
        let keep_from = back_chars(line, from, CONTEXT_CHARS);
        let keep_to = forward_chars(line, to, CONTEXT_CHARS);
        let mut clipped = String::with_capacity(keep_to - keep_from + 6);
        if keep_from > 0 {
            clipped.push('…');
        }
        let shift = clipped.len();
        clipped.push_str(&line[keep_from..keep_to]);
        if keep_to < line.len() {
            clipped.push('…');
        }
        SourceLine {
            text: clipped,
            mark: (from - keep_from + shift, to - keep_from + shift),
        }
    }
}

/// The offset `n` chars before `at` in `s` (or 0).
fn back_chars(s: &str, at: usize, n: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The offset `n` chars after `at` in `s` (or its end).
fn forward_chars(s: &str, at: usize, n: usize) -> usize {
    s[at..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| at + i)
}

/// A finding as reported: the engine's finding and the waiver that covers
/// it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportedFinding {
    /// The engine's finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// The waiver that covers it, reviewed or pending review.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub waiver: Option<Waiver>,
    /// The source line, for renderers that show it; not serialized.
    #[serde(skip)]
    pub source_line: Option<SourceLine>,
}

impl Deref for ReportedFinding {
    type Target = Finding;
    fn deref(&self) -> &Finding {
        &self.finding
    }
}

impl ReportedFinding {
    /// A finding with no waiver, keeping its line of `text`.
    pub fn new(finding: Finding, text: &str) -> ReportedFinding {
        ReportedFinding::with_line(finding, text, &LineIndex::new(text))
    }

    /// A finding with no waiver and no source line.
    pub fn bare(finding: Finding) -> ReportedFinding {
        ReportedFinding {
            source_line: None,
            finding,
            waiver: None,
        }
    }

    /// Like [`ReportedFinding::new`], with the text's line index built once.
    pub fn with_line(finding: Finding, text: &str, lines: &LineIndex) -> ReportedFinding {
        ReportedFinding {
            source_line: Some(SourceLine::at(text, lines, &finding)),
            finding,
            waiver: None,
        }
    }

    /// Whether a reviewed waiver covers it: such a finding does not count.
    pub fn is_waived(&self) -> bool {
        self.waiver
            .as_ref()
            .is_some_and(|w| w.status == WaiverStatus::Accepted)
    }

    /// Whether it is covered only by a waiver nobody has reviewed.
    pub fn is_pending_review(&self) -> bool {
        self.waiver
            .as_ref()
            .is_some_and(|w| w.status == WaiverStatus::PendingReview)
    }
}

/// Why a file is outside the rate, in every format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCovenantNote {
    /// The reason's code: `tool_report`, `no_title`, `no_structure` or
    /// `empty`.
    pub reason: NotCovenant,
    /// The reason in words.
    pub message: String,
}

/// The result for one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The path as given or found, with `/` separators.
    pub path: String,
    /// What happened to it.
    pub status: Status,
    /// How it enters the rate.
    pub verdict: Verdict,
    /// Why it could not be read, or why it is missing.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
    /// Why it is not taken for a covenant.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub not_covenant: Option<NotCovenantNote>,
    /// The commune, from the manifest or the folder layout.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub commune: Option<String>,
    /// The district, from the manifest or the folder layout.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub district: Option<String>,
    /// When the covenant was adopted (`YYYY` or `YYYY-MM-DD`), from the
    /// manifest.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub adopted: Option<String>,
    /// The encoding it was decoded from.
    pub encoding: Option<String>,
    /// Problems that did not stop screening.
    pub warnings: Vec<String>,
    /// Why the text layer looks damaged. Such a covenant is not verified.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub low_quality: Option<String>,
    /// Findings in text order.
    pub findings: Vec<ReportedFinding>,
}

impl FileReport {
    /// A file that could not be read.
    pub fn unreadable(path: impl Into<String>, error: impl Into<String>) -> FileReport {
        FileReport::empty(path.into(), Status::NotVerified, Some(error.into()))
    }

    /// A manifest row with no file.
    pub fn missing(path: impl Into<String>) -> FileReport {
        FileReport::empty(
            path.into(),
            Status::Missing,
            Some("có trong danh sách nhưng không tìm thấy tệp (listed in the manifest, file missing)".into()),
        )
    }

    fn empty(path: String, status: Status, error: Option<String>) -> FileReport {
        let mut r = FileReport {
            path,
            status,
            verdict: Verdict::NotVerified,
            error,
            not_covenant: None,
            commune: None,
            district: None,
            adopted: None,
            encoding: None,
            warnings: Vec::new(),
            low_quality: None,
            findings: Vec::new(),
        };
        r.refresh();
        r
    }

    /// A file that was read: screened, or set aside as not a covenant.
    /// A damaged text layer makes it not verified, findings and all.
    pub fn read(
        path: impl Into<String>,
        doc: &crate::Document,
        not_covenant: Option<NotCovenant>,
        findings: Vec<Finding>,
    ) -> FileReport {
        FileReport::read_with(path, doc, not_covenant, findings, SourceLines::Keep)
    }

    /// [`FileReport::read`], keeping each finding's source line or not.
    ///
    /// ```
    /// use huonguoc_batch::{FileReport, SourceLines};
    /// let text = "Điều 1. Chia đất\n1. Con gái đi lấy chồng không được chia đất.\n";
    /// let doc = huonguoc_batch::load_bytes(text.as_bytes(), Some("thon.txt"), &Default::default()).unwrap();
    /// let findings = huonguoc_screen::Screener::embedded().unwrap().screen(&doc.text);
    /// let bare = FileReport::read_with("thon.txt", &doc, None, findings.clone(), SourceLines::Skip);
    /// assert!(bare.findings[0].source_line.is_none());
    /// let kept = FileReport::read("thon.txt", &doc, None, findings);
    /// assert!(kept.findings[0].source_line.as_ref().unwrap().text.contains("Con gái"));
    /// ```
    pub fn read_with(
        path: impl Into<String>,
        doc: &crate::Document,
        not_covenant: Option<NotCovenant>,
        findings: Vec<Finding>,
        lines: SourceLines,
    ) -> FileReport {
        let status = match (not_covenant, &doc.low_quality) {
            (Some(_), _) => Status::NotCovenant,
            (None, Some(_)) => Status::NotVerified,
            (None, None) => Status::Screened,
        };
        let mut r = FileReport::empty(path.into(), status, None);
        r.not_covenant = not_covenant.map(|reason| NotCovenantNote {
            reason,
            message: reason.message().to_owned(),
        });
        r.encoding = Some(doc.encoding.name().to_owned());
        r.warnings = doc.warnings.clone();
        r.low_quality = doc.low_quality.clone();
        r.findings = match lines {
            SourceLines::Keep => {
                let lines = LineIndex::new(&doc.text);
                findings
                    .into_iter()
                    .map(|f| ReportedFinding::with_line(f, &doc.text, &lines))
                    .collect()
            }
            SourceLines::Skip => findings.into_iter().map(ReportedFinding::bare).collect(),
        };
        r.refresh();
        r
    }

    /// A file the district's manifest lists as a covenant, but which is
    /// not one (an empty file, a cover letter): the covenant the list
    /// expects stays in the rate, not verified, rather than drop out of it.
    ///
    /// ```
    /// use huonguoc_batch::{FileReport, Status, Verdict};
    /// let doc = huonguoc_batch::load_bytes(b"", Some("thon.txt"), &Default::default()).unwrap();
    /// let mut r = FileReport::read("thon.txt", &doc, huonguoc_batch::classify(&doc), vec![]);
    /// assert_eq!(r.status, Status::NotCovenant);
    /// r.listed_in_manifest();
    /// assert_eq!((r.status, r.verdict), (Status::NotVerified, Verdict::NotVerified));
    /// ```
    pub fn listed_in_manifest(&mut self) {
        if self.status != Status::NotCovenant {
            return;
        }
        let why = self
            .not_covenant
            .as_ref()
            .map_or("", |n| n.message.as_str());
        self.error = Some(format!(
            "có trong danh sách nhưng tệp không phải hương ước: {why} (listed in the manifest, not a covenant)"
        ));
        self.status = Status::NotVerified;
        self.refresh();
    }

    /// Recomputes the verdict after waivers were applied.
    pub fn refresh(&mut self) {
        self.verdict = self.judge();
    }

    fn judge(&self) -> Verdict {
        match self.status {
            Status::NotCovenant => return Verdict::NotACovenant,
            Status::NotVerified | Status::Missing => return Verdict::NotVerified,
            Status::Screened => {}
        }
        let errors = || {
            self.findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
        };
        if errors().any(|f| f.waiver.is_none()) {
            Verdict::NotCompliant
        } else if errors().any(|f| f.is_pending_review()) {
            Verdict::PendingReview
        } else {
            Verdict::Compliant
        }
    }

    /// Whether it enters the rate: every covenant given, read or not.
    pub fn is_covenant(&self) -> bool {
        self.status != Status::NotCovenant
    }

    /// Whether it counts as compliant.
    pub fn is_compliant(&self) -> bool {
        self.verdict == Verdict::Compliant
    }
}

/// What the report measured, and with what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measured {
    /// The day of the measurement, `YYYY-MM-DD` (UTC, or
    /// `SOURCE_DATE_EPOCH`). Waivers expire against it.
    pub date: String,
    /// `huonguoc`.
    pub tool: String,
    /// The tool's version.
    pub tool_version: String,
    /// A hash of the rule pack's files: two reports with the same hash used
    /// the same rules.
    pub rule_pack: String,
    /// Every file was screened as a covenant (`--all-files`).
    pub all_files: bool,
    /// Which rules ran and which files were walked: a reader sees when
    /// rules were switched off or files left out.
    #[serde(default)]
    pub selection: Selection,
}

/// What a measurement was narrowed to: rules switched on or off, the
/// filters of the walk, and standard input. A figure over fewer rules or
/// fewer files is a different figure, and says so.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Selection {
    /// Selectors that chose the rules (`--select`, `select` in the config):
    /// rule ids, id prefixes or categories. Empty: every rule.
    #[serde(default)]
    pub select: Vec<String>,
    /// Selectors that switched rules off (`--ignore`, `ignore`).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// How many of the pack's rules ran.
    pub rules: usize,
    /// How many rules the pack has.
    pub rules_total: usize,
    /// The ids of the rules that did not run.
    #[serde(default)]
    pub rules_off: Vec<String>,
    /// `--glob` patterns as given, excludes written with a leading `!`.
    #[serde(default)]
    pub globs: Vec<String>,
    /// `.gitignore`, `.ignore` and `.huonguocignore` were honoured.
    pub ignore_files: bool,
    /// Hidden files and folders were walked.
    pub hidden: bool,
    /// Symbolic links were followed.
    pub follow_links: bool,
    /// How many covenant-format files in walked folders the filters left
    /// out (listed in [`Report::excluded`]).
    pub excluded: usize,
    /// The name standard input was screened under, when it was read.
    #[serde(default)]
    pub stdin: Option<String>,
}

impl Selection {
    /// Whether every rule ran.
    pub fn all_rules(&self) -> bool {
        self.rules == self.rules_total
    }
}

/// A whole batch: the JSON document of `huonguoc scan --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The report format version, [`REPORT_VERSION`].
    pub version: String,
    /// What was measured, when and with what.
    pub measured: Measured,
    /// One entry per file, in path order.
    pub files: Vec<FileReport>,
    /// The batch summary.
    pub summary: Summary,
    /// Files in walked folders that were not read because they are not
    /// covenant formats.
    #[serde(default)]
    pub skipped: Vec<String>,
    /// Covenant-format files in walked folders that `--glob`, ignore
    /// files, the hidden-file rule or an unfollowed link left out.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub excluded: Vec<String>,
    /// Roll-ups by commune, district or adoption year.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub groups: Vec<Group>,
    /// Waivers that expired, match nothing or await review.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub waivers: Vec<WaiverNote>,
}

impl Report {
    /// Builds a report and its summary. Verdicts are recomputed, so waivers
    /// set on the files count however they were applied.
    pub fn new(mut files: Vec<FileReport>, measured: Measured) -> Report {
        files.iter_mut().for_each(FileReport::refresh);
        let summary = Summary::of(&files.iter().collect::<Vec<_>>());
        Report {
            version: REPORT_VERSION.to_owned(),
            measured,
            files,
            summary,
            skipped: Vec::new(),
            excluded: Vec::new(),
            groups: Vec::new(),
            waivers: Vec::new(),
        }
    }
}
