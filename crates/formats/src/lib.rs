//! Text extraction from covenant files: .docx, .odt, .html and .pdf, and
//! the way back for .docx: [`write_docx`] makes a minimal package from
//! paragraphs (a draft amendment), [`edit_docx`] replaces the text of
//! chosen paragraphs of an existing one (an amended covenant).
//!
//! This crate turns the bytes of a word-processor, web or PDF file into
//! paragraphs of runs. It does no file-system I/O and no legacy-encoding
//! conversion: each run keeps its font name so that the caller can decode
//! TCVN3 or VNI text with `huonguoc_text::legacy`.
//!
//! What is read, per format:
//! - **.docx**: `word/document.xml` only (headers, footers, comments and
//!   notes are not covenant text); tables row by row; Word automatic
//!   numbering rendered as Word displays it (`1.`, `a)`, `Điều 3.`,
//!   bullets as `-`); each run's font from the run, its character and
//!   paragraph styles, or the document defaults.
//! - **.odt**: `content.xml` body; list and outline-heading numbering from
//!   the list styles of `content.xml` and `styles.xml`; span and paragraph
//!   fonts. Annotations, notes and tracked deletions are skipped.
//! - **.html**: text outside `<head>`, `<script>`, `<style>` and comments;
//!   block elements end paragraphs; `<ol>` items numbered `1.` or `a)`,
//!   `<ul>` items `-`; `<font face>` and `font-family` kept as run fonts.
//! - **.pdf**: the text layer, with wrapped lines joined into paragraphs,
//!   split headings rejoined and Ƣ/ƣ repaired; damage is reported in
//!   [`Extracted::low_quality`].
//!
//! ```
//! use huonguoc_formats::{extract, sniff, Format, Limits};
//! let html = "<ol><li>Nam nữ bình đẳng</li></ol>".as_bytes();
//! let format = sniff(html, Some("htm"));
//! assert_eq!(format, Format::Html);
//! let doc = extract(html, format, &Limits::default()).unwrap();
//! assert_eq!(doc.text(), "1. Nam nữ bình đẳng");
//! ```

#![warn(missing_docs)]

mod docx;
mod docx_write;
mod error;
mod html;
mod numbering;
mod odt;
mod pdf;
mod pdf_streams;
mod quality;
mod sniff;
mod xml;
mod zipread;

pub use docx_write::{ParagraphEdit, Style, edit_docx, write_docx};
pub use error::{Error, ErrorKind};
pub use quality::text_quality;
pub use sniff::sniff;

/// The kind of a covenant file, as told by [`sniff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text; the caller decodes it, [`extract`] does not.
    Text,
    /// Office Open XML word-processing document (.docx).
    Docx,
    /// OpenDocument text (.odt).
    Odt,
    /// HTML page (.html, .htm).
    Html,
    /// PDF with (or without) a text layer.
    Pdf,
    /// Old binary Word file (OLE2 compound file, .doc); recognised so that it
    /// can be refused with a clear message.
    Doc,
}

/// A stretch of text in one font.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    /// The text as stored in the file. Text in `.VnTime` (TCVN3) or
    /// `VNI-Times` fonts is left as the Latin-1 look-alike characters the
    /// file holds; converting it is the caller's job.
    pub text: String,
    /// The font the run is displayed in, when the file says.
    pub font: Option<String>,
}

/// One paragraph (one covenant line: heading, article, clause or point).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paragraph {
    /// The runs in reading order; automatic numbering is already rendered
    /// at the start of the first run.
    pub runs: Vec<Run>,
}

impl Paragraph {
    /// The paragraph's text: its runs concatenated.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// The text of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The format the text was extracted as.
    pub format: Format,
    /// The paragraphs in reading order.
    pub paragraphs: Vec<Paragraph>,
    /// Things the user should know that did not stop extraction (Vietnamese).
    pub warnings: Vec<String>,
    /// Why the text is probably damaged, when it is (see [`text_quality`]).
    /// Computed on PDF text before repairs, since that is where the
    /// damage comes from.
    pub low_quality: Option<String>,
}

impl Extracted {
    /// All paragraphs' text, one per line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&p.text());
        }
        out
    }
}

/// Bounds on what extraction may unpack, against zip bombs and huge inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The most bytes a container may unpack to in total (all zip entries
    /// read, or all Flate streams of a PDF); also the largest input
    /// accepted for formats that are not zipped.
    pub max_uncompressed: u64,
    /// The most entries a zip container may hold.
    pub max_entries: usize,
    /// The highest uncompressed/compressed ratio allowed for a zip entry
    /// (and for the whole archive) once it is larger than 1 MiB.
    pub max_ratio: f64,
    /// The deepest nesting of XML elements accepted in a .docx or .odt
    /// part. Real documents nest a few dozen levels; the XML reader's own
    /// counter wraps at 65,536, so a deeper file would lose text.
    pub max_xml_depth: usize,
}

impl Default for Limits {
    /// 200 MB, 10 000 entries, ratio 100, XML depth 4096: far above any
    /// real covenant, far below what would exhaust a 2-core build machine.
    fn default() -> Self {
        Limits {
            max_uncompressed: 200 * 1024 * 1024,
            max_entries: 10_000,
            max_ratio: 100.0,
            max_xml_depth: 4096,
        }
    }
}

/// Why a zipped document with no text but with pictures is not read: it
/// is most likely a scanned covenant pasted into Word.
pub const IMAGE_ONLY: &str = "chỉ có hình ảnh, không có lớp văn bản: có thể là bản quét, cần nhận dạng chữ (OCR) \
     (pictures only, no text layer)";

fn image_only(bytes: &[u8], paragraphs: &[Paragraph]) -> Option<String> {
    let has_text = paragraphs
        .iter()
        .flat_map(|p| &p.runs)
        .any(|r| r.text.chars().any(char::is_alphanumeric));
    (!has_text && zipread::has_images(bytes)).then(|| IMAGE_ONLY.to_owned())
}

/// Extracts the paragraphs of a file whose bytes are `bytes`.
///
/// `format` usually comes from [`sniff`]. [`Format::Text`] is refused with
/// [`ErrorKind::Unsupported`] (the caller decodes plain text) and
/// [`Format::Doc`] with [`ErrorKind::LegacyDoc`]. No input makes this
/// function panic.
pub fn extract(bytes: &[u8], format: Format, limits: &Limits) -> Result<Extracted, Error> {
    let (paragraphs, warnings, low_quality) = match format {
        Format::Text => {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "văn bản thuần được bên gọi tự giải mã (plain text is decoded by the caller)",
            ));
        }
        Format::Doc if is_encrypted_ooxml(bytes) => {
            return Err(Error::new(
                ErrorKind::Encrypted,
                "tệp Word có mật khẩu: hãy gỡ mật khẩu rồi lưu lại (password-protected .docx)",
            ));
        }
        Format::Doc => return Err(Error::new(ErrorKind::LegacyDoc, "")),
        Format::Docx => {
            let (p, w) = docx::extract(bytes, limits)?;
            let scan = image_only(bytes, &p);
            (p, w, scan)
        }
        Format::Odt => {
            let (p, w) = odt::extract(bytes, limits)?;
            let scan = image_only(bytes, &p);
            (p, w, scan)
        }
        Format::Html => {
            check_size(bytes, limits)?;
            (html::extract(bytes), Vec::new(), None)
        }
        Format::Pdf => {
            check_size(bytes, limits)?;
            pdf::extract(bytes, limits)?
        }
    };
    Ok(Extracted {
        format,
        paragraphs,
        warnings,
        low_quality,
    })
}

/// A password-protected .docx is an OLE2 file holding an "EncryptedPackage"
/// stream; telling the user to "save as .docx" would be wrong advice.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage".bytes().flat_map(|b| [b, 0]).collect();
    sniff::find(bytes, &name).is_some()
}

fn check_size(bytes: &[u8], limits: &Limits) -> Result<(), Error> {
    if bytes.len() as u64 > limits.max_uncompressed {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!(
                "{} byte > giới hạn {} byte (limit)",
                bytes.len(),
                limits.max_uncompressed
            ),
        ));
    }
    Ok(())
}
