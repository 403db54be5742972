//! Loading covenant files and the batch report of huonguoc, shared by the
//! command line and programs that embed the engine.
//!
//! - [`load_path`] / [`load_bytes`]: a file → a [`Document`] (format,
//!   encoding, warnings, text quality), with legacy Vietnamese encodings
//!   repaired using the font's hint, as the CLI reads them.
//! - [`classify`]: whether a document is a covenant at all.
//! - [`Report`], [`FileReport`], [`Summary`]: every covenant given and its
//!   status (screened, not verified, not a covenant, missing), waivers and
//!   their scope ([`apply_waivers`]), groups ([`roll_up`]) and the
//!   2025/2030 targets ([`TARGETS`]).
//! - [`config`]: `huonguoc.toml` — settings, the `[limits]` of each file
//!   and reviewed waivers.
//! - [`Draft`], [`Place`], [`apply`]: the draft amendment of one covenant
//!   (the "Nghị quyết … sửa đổi, bổ sung" a village votes on), the
//!   covenant's own name, and the amended covenant written in its format.
//!
//! The engine, `huonguoc-screen`, stays text in, findings out.
//!
//! A `.docx` typed in the `.VnTime` font (TCVN3), loaded and screened in
//! one call, with the findings the CLI gives:
//!
//! ```
//! use std::io::Write;
//! use huonguoc_batch::{Pack, screen_bytes};
//! use huonguoc_text::legacy::{Legacy, encode};
//!
//! // Word stores TCVN3 bytes as if they were cp1252 letters.
//! let tcvn3 = |s: &str| encode(s, Legacy::Tcvn3).unwrap().iter().map(|&b| {
//!     encoding_rs::WINDOWS_1252.decode_without_bom_handling(&[b]).0.into_owned()
//! }).collect::<String>();
//! let para = |s: &str| format!(
//!     "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr>\
//!      <w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", tcvn3(s));
//! let body: String = ["Hương ước thôn Đông", "Điều 6. Thừa kế",
//!     "1. Con gái đã đi lấy chồng thì không được chia đất của bố mẹ."]
//!     .iter().map(|s| para(s)).collect();
//! let mut docx = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
//! let opts = zip::write::SimpleFileOptions::default();
//! docx.start_file("[Content_Types].xml", opts)?;
//! docx.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#)?;
//! docx.start_file("word/document.xml", opts)?;
//! write!(docx, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>")?;
//! let bytes = docx.finish()?.into_inner();
//!
//! let pack = Pack::embedded()?;
//! let s = screen_bytes(&pack.screener, &bytes, Some("thon-dong.docx"), &Default::default())?;
//! assert_eq!(s.document.encoding.name(), "tcvn3");
//! assert!(s.not_covenant.is_none());
//! assert_eq!(s.findings.len(), 1);
//! assert_eq!(s.findings[0].rule, "inheritance.daughter-excluded");
//! assert_eq!(s.findings[0].location, "khoản 1 Điều 6");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod apply;
mod classify;
pub mod config;
mod draft;
mod error;
mod group;
mod load;
mod pack;
mod place;
mod report;
mod summary;
mod waiver;

use std::path::Path;

use huonguoc_screen::{Budget, Finding, ScreenOptions, Screener};

pub use apply::{Applied, ApplyError, apply};
pub use classify::{NotCovenant, classify};
pub use draft::{DRAFT_MARK, Draft, DraftFinding, Item};
pub use error::{LoadError, LoadErrorKind};
pub use group::{Group, GroupBy, UNKNOWN, by_rate, roll_up, roll_up_tallies};
pub use load::{Document, GENERATOR, LoadOptions, load_bytes, load_path};
pub use pack::{Pack, version as pack_version};
pub use place::Place;
pub use report::{
    FileReport, Measured, NotCovenantNote, REPORT_VERSION, Report, ReportedFinding, Selection,
    SourceLine, SourceLines, Status, Verdict,
};
pub use summary::{Standing, Summary, TARGETS, Tally, Target, Unverified, YearRate, adoption_year};
pub use waiver::{
    UNREVIEWED, Waiver, WaiverEntry, WaiverNote, WaiverSet, WaiverStatus, Waivers, apply_waivers,
    describe,
};

/// Options for [`screen_path`] and [`screen_bytes`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// How files are read.
    pub load: LoadOptions,
    /// How the engine screens.
    pub screen: ScreenOptions,
    /// The work one file may cause in the engine.
    pub budget: Budget,
    /// Screen every file, even one that is not taken for a covenant.
    pub all_files: bool,
}

/// A file loaded and screened.
#[derive(Debug, Clone)]
pub struct Screened {
    /// The document as read.
    pub document: Document,
    /// Why it is not taken for a covenant; it is then not screened.
    pub not_covenant: Option<NotCovenant>,
    /// The findings, in text order.
    pub findings: Vec<Finding>,
    /// Problems that did not stop screening, the document's first.
    pub warnings: Vec<String>,
}

impl Screened {
    /// The file's entry in a batch report, `path` as it should be shown.
    pub fn into_report(self, path: impl Into<String>) -> FileReport {
        self.into_report_with(path, SourceLines::Keep)
    }

    /// [`Screened::into_report`], keeping each finding's source line or
    /// not.
    pub fn into_report_with(self, path: impl Into<String>, lines: SourceLines) -> FileReport {
        let mut doc = self.document;
        doc.warnings = self.warnings;
        FileReport::read_with(path, &doc, self.not_covenant, self.findings, lines)
    }
}

/// Loads a file and screens it.
pub fn screen_path(
    screener: &Screener,
    path: &Path,
    options: &Options,
) -> Result<Screened, LoadError> {
    let doc = load_path(path, &options.load)?;
    screen_document(screener, doc, options).map_err(|e| e.at(path))
}

/// Loads a file's bytes (`name` hints at the format) and screens them.
pub fn screen_bytes(
    screener: &Screener,
    bytes: &[u8],
    name: Option<&str>,
    options: &Options,
) -> Result<Screened, LoadError> {
    let doc = load_bytes(bytes, name, &options.load)?;
    screen_document(screener, doc, options)
}

/// Screens a loaded document, unless it is not a covenant. A document
/// over [`Options::budget`] is an error of kind
/// [`LoadErrorKind::OverBudget`], with no findings at all.
pub fn screen_document(
    screener: &Screener,
    document: Document,
    options: &Options,
) -> Result<Screened, LoadError> {
    // A damaged text layer cannot tell a covenant from anything else: it
    // stays in the rate, as not verified, rather than drop out of it.
    let not_covenant = if document.low_quality.is_some() {
        None
    } else if options.all_files {
        classify::is_empty(&document).then_some(NotCovenant::Empty)
    } else {
        classify(&document)
    };
    let mut warnings = document.warnings.clone();
    let findings = match not_covenant {
        Some(_) => Vec::new(),
        None => {
            let s = screener
                .try_screen_with(&document.text, &options.screen, &options.budget)
                .map_err(|e| LoadError::new(LoadErrorKind::OverBudget(e.limit), e.to_string()))?;
            if s.mode == huonguoc_text::Mode::Folded && options.screen.mode.is_none() {
                warnings.push(
                    "văn bản không dấu: so khớp theo dạng bỏ dấu, cần hai từ khóa cho mỗi phát hiện \
                     (text without diacritics: folded matching)"
                        .into(),
                );
            }
            s.findings
        }
    };
    Ok(Screened {
        document,
        not_covenant,
        findings,
        warnings,
    })
}
