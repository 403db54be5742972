//! Writing an amended covenant in the format it came in: a text file keeps
//! its bytes outside the amended units, a .docx keeps its package and
//! every paragraph outside them.

use std::fmt;
use std::ops::Range;

use huonguoc_formats::{Format, Limits, ParagraphEdit};
use huonguoc_screen::amend::Edit;
use huonguoc_text::Encoding;
use huonguoc_text::legacy::Legacy;

use crate::load::{Document, LoadOptions, load_bytes};

/// Why an amended covenant could not be written in its own format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyError {
    detail: String,
}

impl ApplyError {
    fn new(detail: impl Into<String>) -> ApplyError {
        ApplyError {
            detail: detail.into(),
        }
    }
}

impl fmt::Display for ApplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for ApplyError {}

/// The amended covenant's bytes, and what changed about its form.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The file to write.
    pub bytes: Vec<u8>,
    /// The extension it should carry: the input's (`txt`, `docx`), or
    /// `txt` for a format that cannot be edited in place.
    pub extension: &'static str,
    /// What the reviewer should know (a legacy encoding written as UTF-8,
    /// a PDF written as text).
    pub note: Option<String>,
}

/// Writes `amended` (the covenant's text with `edits` applied) in the
/// format of `original`, whose bytes are `bytes`.
///
/// Text in UTF-8 keeps every byte outside the edits (and its byte-order
/// mark). Text in a legacy encoding is written as UTF-8, since the new
/// wording may hold letters the old table lacks. A .docx keeps its
/// package: only the paragraphs of the amended units are rewritten, and
/// the result is read back to check that it gives `amended`. Other
/// formats (.odt, .html, .pdf) are written as UTF-8 text.
///
/// ```
/// use huonguoc_batch::{apply, load_bytes};
/// use huonguoc_screen::{Screener, amend::AmendOptions};
/// let src = "HƯƠNG ƯỚC THÔN ĐÔNG\r\nĐiều 3. Tổ chức\r\n1. Trưởng thôn phải là nam giới có uy tín.\r\n";
/// let doc = load_bytes(src.as_bytes(), Some("a.txt"), &Default::default()).unwrap();
/// let a = Screener::embedded().unwrap().amend(&doc.text, &AmendOptions::default());
/// let out = apply(src.as_bytes(), &doc, &a.text, &a.edits).unwrap();
/// assert_eq!(out.extension, "txt");
/// assert_eq!(String::from_utf8(out.bytes).unwrap(),
///     "HƯƠNG ƯỚC THÔN ĐÔNG\r\nĐiều 3. Tổ chức\r\n1. Trưởng thôn phải là người có uy tín.\r\n");
/// ```
pub fn apply(
    bytes: &[u8],
    original: &Document,
    amended: &str,
    edits: &[Edit],
) -> Result<Applied, ApplyError> {
    match original.format {
        Format::Text => Ok(text(bytes, original, amended)),
        Format::Docx => docx(bytes, original, amended, edits),
        _ => Ok(Applied {
            bytes: amended.as_bytes().to_vec(),
            extension: "txt",
            note: Some(format!(
                "tệp {} không sửa trực tiếp được: bản sửa đổi được ghi thành văn bản UTF-8 (written as UTF-8 text)",
                format_name(original.format)
            )),
        }),
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Odt => ".odt",
        Format::Html => ".html",
        Format::Pdf => ".pdf",
        Format::Doc => ".doc",
        Format::Docx => ".docx",
        Format::Text => ".txt",
    }
}

fn text(bytes: &[u8], original: &Document, amended: &str) -> Applied {
    let bom = b"\xEF\xBB\xBF";
    let body = bytes.strip_prefix(bom).unwrap_or(bytes);
    // The decoded text is the file's bytes when it is UTF-8 with no
    // repair: then every byte outside the edits is the file's own.
    if original.encoding == Encoding::Utf8 && body == original.text.as_bytes() {
        let mut out = Vec::with_capacity(bytes.len() + 64);
        if body.len() < bytes.len() {
            out.extend_from_slice(bom);
        }
        out.extend_from_slice(amended.as_bytes());
        return Applied {
            bytes: out,
            extension: "txt",
            note: None,
        };
    }
    Applied {
        bytes: amended.as_bytes().to_vec(),
        extension: "txt",
        note: Some(format!(
            "văn bản gốc mã hóa {}: bản sửa đổi được ghi bằng UTF-8 (written as UTF-8)",
            original.encoding.name()
        )),
    }
}

/// The lines (`start..end` byte ranges of `text`) each paragraph spans.
fn paragraph_lines(
    text: &str,
    paragraphs: &[huonguoc_formats::Paragraph],
) -> Option<Vec<Range<usize>>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            lines.push(start..i);
            start = i + 1;
        }
    }
    lines.push(start..text.len());
    let mut out = Vec::with_capacity(paragraphs.len());
    let mut at = 0;
    for p in paragraphs {
        let n = 1 + p.text().matches('\n').count();
        let first = lines.get(at)?;
        let last = lines.get(at + n - 1)?;
        out.push(first.start..last.end);
        at += n;
    }
    (at == lines.len()).then_some(out)
}

fn docx(
    bytes: &[u8],
    original: &Document,
    amended: &str,
    edits: &[Edit],
) -> Result<Applied, ApplyError> {
    let limits = Limits::default();
    let extracted = huonguoc_formats::extract(bytes, Format::Docx, &limits)
        .map_err(|e| ApplyError::new(e.to_string()))?;
    let spans = paragraph_lines(&original.text, &extracted.paragraphs).ok_or_else(|| {
        ApplyError::new(
            "không đối chiếu được đoạn văn với văn bản đã đọc (paragraphs do not match the text)",
        )
    })?;
    let mut changes: Vec<ParagraphEdit> = Vec::new();
    for e in edits {
        // The paragraphs the edit touches, taken whole.
        let first = spans.iter().position(|s| s.end >= e.range.start);
        let last = spans.iter().rposition(|s| s.start <= e.range.end);
        let (Some(first), Some(last)) = (first, last) else {
            return Err(ApplyError::new(
                "sửa đổi nằm ngoài các đoạn văn (edit outside the paragraphs)",
            ));
        };
        let whole = spans[first].start..spans[last].end;
        let mut block = original.text[whole.start..e.range.start].to_owned();
        block.push_str(&e.new);
        block.push_str(&original.text[e.range.end..whole.end]);
        let mut lines: Vec<String> = block.split('\n').map(str::to_owned).collect();
        let count = last - first + 1;
        if lines.len() > count {
            let rest = lines.split_off(count - 1).join("\n");
            lines.push(rest);
        }
        for (k, p) in (first..=last).enumerate() {
            let legacy = extracted.paragraphs[p]
                .runs
                .iter()
                .any(|r| r.font.as_deref().and_then(Legacy::from_font).is_some());
            changes.push(ParagraphEdit {
                index: p,
                text: lines.get(k).cloned(),
                // New Unicode words cannot stay in a .VnTime or VNI font.
                font: legacy.then(|| "Times New Roman".to_owned()),
            });
        }
    }
    let out = huonguoc_formats::edit_docx(bytes, &limits, &changes)
        .map_err(|e| ApplyError::new(e.to_string()))?;
    let back = load_bytes(&out, Some("amended.docx"), &LoadOptions::default())
        .map_err(|e| ApplyError::new(e.to_string()))?;
    if back.text != amended {
        return Err(ApplyError::new(
            "tệp .docx sửa đổi đọc lại không khớp với văn bản dự kiến (the written .docx does not read back as intended)",
        ));
    }
    Ok(Applied {
        bytes: out,
        extension: "docx",
        note: None,
    })
}
