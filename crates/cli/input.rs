//! Finding covenant files on disk; reading them is `huonguoc-batch`'s job.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use huonguoc_batch::{Document, LoadOptions, Options};
use huonguoc_text::Encoding;

use crate::args::InputArgs;
use crate::config::Limits;

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
    /// Standard input, read already, under the name it is shown by.
    Stdin {
        name: PathBuf,
        bytes: std::sync::Arc<[u8]>,
    },
}

impl Entry {
    pub fn path(&self) -> &Path {
        match self {
            Entry::File(p) | Entry::Broken(p, _) => p,
            Entry::Stdin { name, .. } => name,
        }
    }
}

/// What walking the inputs found.
#[derive(Debug, Default)]
pub struct Walk {
    pub entries: Vec<Entry>,
    /// Files in walked folders that are not covenant formats.
    pub skipped: Vec<PathBuf>,
    /// Covenant-format files in walked folders that the filters left out.
    pub excluded: Vec<PathBuf>,
    /// Links back to a folder that holds them: following one would walk
    /// the same covenants again, so they are named and not entered.
    /// (the link, the folder it leads back to).
    pub loops: Vec<(PathBuf, PathBuf)>,
}

/// Lists the files to screen with the default filters, as `scan` does
/// without flags. See [`crate::walk::walk`].
pub fn walk(paths: &[PathBuf]) -> Walk {
    // No glob is given, so no glob can be invalid.
    crate::walk::walk(paths, &crate::walk::WalkOptions::default()).unwrap_or_default()
}

/// Whether a path has one of the covenant [`EXTENSIONS`].
pub fn has_covenant_extension(path: &Path) -> bool {
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

/// How `--encoding` and `--max-file-size` ask files to be read, within the
/// config's `[limits]`; the flag wins over `file-bytes`.
pub fn load_options(args: &InputArgs, limits: &Limits) -> Result<LoadOptions> {
    let encoding = match &args.encoding {
        None => None,
        Some(name) => Some(Encoding::from_name(name).with_context(|| {
            format!(
                "bảng mã `{name}` không được hỗ trợ (unknown encoding); dùng một trong: {}",
                Encoding::NAMES.join(", ")
            )
        })?),
    };
    let mut options = Options::default();
    limits.apply(&mut options);
    let mut load = options.load;
    load.encoding = encoding;
    if let Some(mb) = args.max_file_size {
        load.max_bytes = mb.saturating_mul(1024 * 1024);
        // A file allowed to be this large may unpack to at least as much.
        load.max_inflated = load.max_inflated.max(load.max_bytes);
    }
    Ok(load)
}

/// Options for screening a batch: reading as [`load_options`], and the
/// engine's work budget from `[limits]`.
pub fn batch_options(args: &InputArgs, limits: &Limits) -> Result<Options> {
    let mut options = Options::default();
    limits.apply(&mut options);
    options.load = load_options(args, limits)?;
    Ok(options)
}

/// Reads one file for commands that work on a single file.
pub fn load_one(path: &Path, options: &LoadOptions) -> Result<Document> {
    Ok(huonguoc_batch::load_path(path, options)?)
}
