//! Finding covenant files and reading them into text.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use huonguoc_formats::{Format, Limits};
use huonguoc_text::legacy::{self, Detected, Legacy};
use huonguoc_text::{DecodeOptions, Encoding, decode};

use crate::args::InputArgs;

/// Extensions screened when a folder is walked. `.doc` is listed so that an
/// old Word file gets a clear error instead of being skipped.
pub const EXTENSIONS: &[&str] = &["txt", "md", "docx", "odt", "html", "htm", "pdf", "doc"];

/// One path to screen, or one that could not be listed.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A file to read.
    File(PathBuf),
    /// A path that could not be listed, with the reason.
    Broken(PathBuf, String),
}

impl Entry {
    pub fn path(&self) -> &Path {
        match self {
            Entry::File(p) | Entry::Broken(p, _) => p,
        }
    }
}

/// What walking the inputs found.
#[derive(Debug, Default)]
pub struct Walk {
    pub entries: Vec<Entry>,
    /// Files in walked folders that are not covenant formats.
    pub skipped: Vec<PathBuf>,
}

/// Lists the files to screen. A file named on the command line is always
/// screened, whatever its extension; folders are walked for the covenant
/// extensions. Entries come out sorted, so output order never depends on
/// the file system or the thread count.
pub fn walk(paths: &[PathBuf]) -> Walk {
    let mut walk = Walk::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk_dir(path, &mut walk),
            Ok(_) => walk.entries.push(Entry::File(path.clone())),
            Err(e) => walk
                .entries
                .push(Entry::Broken(path.clone(), describe_io(path, &e))),
        }
    }
    walk.entries.sort_by(|a, b| a.path().cmp(b.path()));
    walk.entries.dedup_by(|a, b| a.path() == b.path());
    walk.skipped.sort();
    walk
}

fn walk_dir(dir: &Path, walk: &mut Walk) {
    // A reviewer's folder is not a source tree: hidden files and ignore
    // files are not grounds to skip a covenant.
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .follow_links(true)
        .build();
    for item in walker {
        match item {
            Ok(entry) => {
                let path = entry.path();
                match entry.file_type() {
                    Some(t) if t.is_dir() => {}
                    Some(t) if t.is_file() => {
                        if has_covenant_extension(path) {
                            walk.entries.push(Entry::File(path.to_path_buf()));
                        } else {
                            walk.skipped.push(path.to_path_buf());
                        }
                    }
                    _ => match std::fs::metadata(path) {
                        Err(e) => walk
                            .entries
                            .push(Entry::Broken(path.to_path_buf(), describe_io(path, &e))),
                        Ok(m) if m.is_file() && has_covenant_extension(path) => {
                            walk.entries.push(Entry::File(path.to_path_buf()))
                        }
                        Ok(_) => walk.skipped.push(path.to_path_buf()),
                    },
                }
            }
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| dir.to_path_buf());
                let reason = match e.io_error() {
                    Some(io) => describe_io(&path, io),
                    None => e.to_string(),
                };
                walk.entries.push(Entry::Broken(path, reason));
            }
        }
    }
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn has_covenant_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A Vietnamese reason for an I/O error, naming dangling links.
pub fn describe_io(path: &Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let dangling = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match e.kind() {
        K::NotFound if dangling => "liên kết hỏng, đích không tồn tại (dangling link)".into(),
        K::NotFound => "không tìm thấy tệp hoặc thư mục (not found)".into(),
        K::PermissionDenied => "không có quyền đọc (permission denied)".into(),
        _ => format!("không đọc được: {e}"),
    }
}

/// A file read and decoded.
#[derive(Debug)]
pub struct Loaded {
    /// The text every span refers to: decoded or extracted, UTF-8.
    pub text: String,
    pub encoding: Encoding,
    pub warnings: Vec<String>,
    /// Why the text layer looks damaged, when it does.
    pub low_quality: Option<String>,
}

/// Settings for reading files.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    pub force: Option<Encoding>,
    pub max_bytes: u64,
}

impl ReadOptions {
    pub fn from_args(args: &InputArgs) -> Result<ReadOptions> {
        let force = match &args.encoding {
            None => None,
            Some(name) => Some(Encoding::from_name(name).with_context(|| {
                format!(
                    "bảng mã `{name}` không được hỗ trợ (unknown encoding); dùng một trong: {}",
                    Encoding::NAMES.join(", ")
                )
            })?),
        };
        Ok(ReadOptions {
            force,
            max_bytes: args.max_file_size.saturating_mul(1024 * 1024),
        })
    }
}

/// Reads and decodes one file. The error is the reason, for the report.
pub fn load(path: &Path, options: &ReadOptions) -> Result<Loaded, String> {
    let meta = std::fs::metadata(path).map_err(|e| describe_io(path, &e))?;
    if meta.is_dir() {
        return Err("là thư mục, không phải tệp (is a folder)".into());
    }
    if meta.len() > options.max_bytes {
        return Err(format!(
            "tệp quá lớn: {} byte, giới hạn {} byte (--max-file-size)",
            meta.len(),
            options.max_bytes
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| describe_io(path, &e))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    from_bytes(&bytes, ext.as_deref(), options)
}

/// Decodes or extracts the text of a file's bytes. The format is told by
/// content first, so a .txt that is really a .docx is read as a .docx.
pub fn from_bytes(
    bytes: &[u8],
    ext: Option<&str>,
    options: &ReadOptions,
) -> Result<Loaded, String> {
    let format = huonguoc_formats::sniff(bytes, ext);
    if format == Format::Text {
        let decoded = decode(
            bytes,
            &DecodeOptions {
                force: options.force,
            },
        )
        .map_err(|e| e.to_string())?;
        return Ok(Loaded {
            text: decoded.text,
            encoding: decoded.encoding,
            warnings: decoded.warnings,
            low_quality: None,
        });
    }
    let limits = Limits {
        max_uncompressed: options.max_bytes.max(Limits::default().max_uncompressed),
        ..Limits::default()
    };
    let extracted = huonguoc_formats::extract(bytes, format, &limits).map_err(|e| e.to_string())?;
    let forced = match options.force {
        Some(Encoding::Legacy(l)) => Some(l),
        _ => None,
    };
    // The run's font is the strongest sign of TCVN3 or VNI, so hinted runs
    // are converted one by one; the rest of the text is scored per
    // paragraph afterwards.
    let mut seen: Vec<Legacy> = Vec::new();
    let mut lines: Vec<String> = Vec::with_capacity(extracted.paragraphs.len());
    for p in &extracted.paragraphs {
        let mut line = String::new();
        for run in &p.runs {
            let hint = forced.or_else(|| run.font.as_deref().and_then(Legacy::from_font));
            match hint {
                Some(h) => {
                    let r = legacy::repair_str(&run.text, Some(h));
                    note(&mut seen, r.detected);
                    // ".VnTimeH" shows lowercase codes as capitals: the
                    // reader sees "HƯƠNG ƯỚC", and headings must stay
                    // headings for the structure reader.
                    if run.font.as_deref().is_some_and(legacy::capitals_font) {
                        line.push_str(&r.text.to_uppercase());
                    } else {
                        line.push_str(&r.text);
                    }
                }
                None => line.push_str(&run.text),
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
    let mut warnings = extracted.warnings;
    let low_quality = extracted
        .low_quality
        .or_else(|| huonguoc_formats::text_quality(&text));
    if let Some(q) = &low_quality {
        warnings.push(format!("chất lượng văn bản thấp: {q} (low text quality)"));
    }
    Ok(Loaded {
        text,
        encoding,
        warnings,
        low_quality,
    })
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

/// Reads one file for commands that work on a single file.
pub fn load_one(path: &Path, options: &ReadOptions) -> Result<Loaded> {
    match load(path, options) {
        Ok(l) => Ok(l),
        Err(reason) => bail!("{}: {reason}", path.display()),
    }
}
