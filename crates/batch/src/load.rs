//! Path or bytes → a [`Document`]: the format told by content, the text
//! decoded or extracted, legacy Vietnamese encodings repaired with the
//! font's hint, and the text layer's quality judged.

use std::path::Path;

use huonguoc_formats::{Format, Limits};
use huonguoc_text::legacy::{self, Detected, Legacy};
use huonguoc_text::{DecodeOptions, Encoding, decode};

use crate::error::{LoadError, LoadErrorKind};

/// Settings for reading files.
///
/// ```
/// let options = huonguoc_batch::LoadOptions::default();
/// assert_eq!(options.max_bytes, 100 * 1024 * 1024);
/// assert_eq!(options.max_xml_depth, 4096);
/// assert!(options.encoding.is_none(), "the encoding is detected");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<Encoding>,
    /// Larger files are refused.
    pub max_bytes: u64,
    /// The most bytes a zip container, or the Flate streams of a PDF, may
    /// unpack to.
    pub max_inflated: u64,
    /// The deepest nesting of XML elements in a .docx or .odt part.
    pub max_xml_depth: usize,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        let formats = Limits::default();
        LoadOptions {
            encoding: None,
            max_bytes: 100 * 1024 * 1024,
            max_inflated: formats.max_uncompressed,
            max_xml_depth: formats.max_xml_depth,
        }
    }
}

/// A covenant file read into text.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The text every finding's offsets refer to: decoded or extracted,
    /// UTF-8, with legacy encodings repaired.
    pub text: String,
    /// The container format, told by content.
    pub format: Format,
    /// The encoding the text was decoded from.
    pub encoding: Encoding,
    /// Problems that did not stop reading.
    pub warnings: Vec<String>,
    /// Why the text layer looks damaged, when it does. Such a text cannot
    /// vouch for a covenant being compliant.
    pub low_quality: Option<String>,
    /// The file is a report written by huonguoc itself (its HTML page),
    /// which must never be screened as a covenant.
    pub tool_report: bool,
}

/// The marker the HTML report carries, and the title older versions wrote.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"huonguoc";
const OLD_REPORT_TITLE: &str = "<title>Báo cáo rà soát hương ước, quy ước</title>";

/// Reads and decodes one file.
///
/// ```no_run
/// let doc = huonguoc_batch::load_path(
///     std::path::Path::new("huong-uoc/thon-dong.docx"),
///     &huonguoc_batch::LoadOptions::default(),
/// )?;
/// println!("{} ({})", doc.text, doc.encoding.name());
/// # Ok::<(), huonguoc_batch::LoadError>(())
/// ```
pub fn load_path(path: &Path, options: &LoadOptions) -> Result<Document, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| LoadError::io(path, &e))?;
    if meta.is_dir() {
        return Err(LoadError::new(
            LoadErrorKind::IsFolder,
            "là thư mục, không phải tệp (is a folder)",
        )
        .at(path));
    }
    if !meta.is_file() {
        // A FIFO blocks the read and /dev/zero never ends; their size reads
        // as 0, so the size limit cannot catch them.
        return Err(LoadError::new(
            LoadErrorKind::NotRegular,
            "không phải tệp thường (FIFO, thiết bị, socket), không đọc (not a regular file)",
        )
        .at(path));
    }
    if meta.len() > options.max_bytes {
        return Err(too_large(meta.len(), options.max_bytes).at(path));
    }
    let bytes = read_bounded(path, options.max_bytes, meta.len())?;
    let name = path.file_name().and_then(|n| n.to_str());
    load_bytes(&bytes, name, options).map_err(|e| e.at(path))
}

/// Reads at most `max` bytes: a file that grows while it is read (or lies
/// about its size) still cannot exhaust memory. `size`, the size the file
/// had, sizes the buffer: grown from empty, it was copied at each doubling
/// and read in probes.
fn read_bounded(path: &Path, max: u64, size: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| LoadError::io(path, &e))?;
    // One byte more, so the read that finds the end needs no new room.
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(max)).unwrap_or(0) + 1);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::io(path, &e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max).at(path));
    }
    Ok(bytes)
}

fn too_large(len: u64, max: u64) -> LoadError {
    LoadError::new(
        LoadErrorKind::TooLarge,
        format!("tệp quá lớn: {len} byte, giới hạn {max} byte (--max-file-size)"),
    )
}

/// Decodes or extracts the text of a file's bytes. `name` (such as
/// `thon-dong.docx`) is only a hint: the format is told by content first,
/// so a `.txt` that is really a `.docx` is read as a `.docx`.
///
/// ```
/// use huonguoc_batch::{LoadOptions, load_bytes};
/// use huonguoc_text::legacy::{Legacy, encode};
///
/// // A covenant typed in TCVN3 (the .VnTime font), saved as plain text.
/// let text = "Hương ước thôn Đông\nĐiều 1. Con trai, con gái đều được chia tài sản ngang nhau.\n";
/// let bytes = encode(text, Legacy::Tcvn3).unwrap();
/// let doc = load_bytes(&bytes, Some("thon-dong.txt"), &LoadOptions::default()).unwrap();
/// assert_eq!(doc.text, text);
/// assert_eq!(doc.encoding.name(), "tcvn3");
/// ```
pub fn load_bytes(
    bytes: &[u8],
    name: Option<&str>,
    options: &LoadOptions,
) -> Result<Document, LoadError> {
    if bytes.len() as u64 > options.max_bytes {
        return Err(too_large(bytes.len() as u64, options.max_bytes));
    }
    let ext = name
        .and_then(|n| Path::new(n).extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = huonguoc_formats::sniff(bytes, ext.as_deref());
    let tool_report = format == Format::Html && written_by_huonguoc(bytes);
    if format == Format::Text {
        let decoded = decode(
            bytes,
            &DecodeOptions {
                force: options.encoding,
            },
        )
        .map_err(|e| LoadError::new(LoadErrorKind::Binary, e.to_string()))?;
        return Ok(Document {
            text: decoded.text,
            format,
            encoding: decoded.encoding,
            warnings: decoded.warnings,
            low_quality: None,
            tool_report,
        });
    }
    let limits = Limits {
        max_uncompressed: options.max_inflated,
        max_xml_depth: options.max_xml_depth,
        ..Limits::default()
    };
    let extracted = huonguoc_formats::extract(bytes, format, &limits)
        .map_err(|e| LoadError::new(LoadErrorKind::Format(e.kind()), e.to_string()))?;
    let forced = match options.encoding {
        Some(Encoding::Legacy(l)) => Some(l),
        _ => None,
    };
    let (text, encoding) = repair(&extracted.paragraphs, forced);
    let mut warnings = extracted.warnings;
    let low_quality = extracted
        .low_quality
        .or_else(|| huonguoc_formats::text_quality(&text));
    if let Some(q) = &low_quality {
        warnings.push(format!("chất lượng văn bản thấp: {q} (low text quality)"));
    }
    Ok(Document {
        text,
        format,
        encoding,
        warnings,
        low_quality,
        tool_report,
    })
}

fn written_by_huonguoc(bytes: &[u8]) -> bool {
    // The head of the page is enough, and keeps a large page cheap.
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    head.contains(GENERATOR) || head.contains(OLD_REPORT_TITLE)
}

/// Joins the paragraphs, repairing legacy encodings. The run's font is the
/// strongest sign of TCVN3 or VNI, so hinted runs are converted one by one;
/// the rest of the text is scored per paragraph afterwards.
fn repair(
    paragraphs: &[huonguoc_formats::Paragraph],
    forced: Option<Legacy>,
) -> (String, Encoding) {
    let mut seen: Vec<Legacy> = Vec::new();
    let mut lines: Vec<String> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        let mut line = String::new();
        for run in &p.runs {
            let hint = forced.or_else(|| run.font.as_deref().and_then(Legacy::from_font));
            let Some(h) = hint else {
                line.push_str(&run.text);
                continue;
            };
            let r = legacy::repair_str(&run.text, Some(h));
            note(&mut seen, r.detected);
            // ".VnTimeH" shows lowercase codes as capitals: the reader sees
            // "HƯƠNG ƯỚC", and headings must stay headings for the
            // structure reader.
            if run.font.as_deref().is_some_and(legacy::capitals_font) {
                line.push_str(&r.text.to_uppercase());
            } else {
                line.push_str(&r.text);
            }
        }
        lines.push(line);
    }
    let mut text = lines.join("\n");
    if forced.is_none() && legacy::may_need_repair(&text) {
        let r = legacy::repair_str(&text, None);
        note(&mut seen, r.detected);
        text = r.text;
    }
    let encoding = match seen.as_slice() {
        [] => Encoding::Utf8,
        [one] => Encoding::Legacy(*one),
        _ => Encoding::Mixed,
    };
    (text, encoding)
}

fn note(seen: &mut Vec<Legacy>, d: Detected) {
    let found = match d {
        Detected::None => return,
        Detected::One(l) => vec![l],
        // Mixed within one stretch: record two so the file reads as mixed.
        Detected::Mixed => vec![Legacy::Tcvn3, Legacy::Vni],
    };
    for l in found {
        if !seen.contains(&l) {
            seen.push(l);
        }
    }
}
