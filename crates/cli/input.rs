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
    /// Links to a folder that holds them: following one would walk the
    /// same covenants again, so they are named and not entered.
    pub loops: Vec<PathBuf>,
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
    once_each(&mut walk.entries);
    walk.skipped.sort();
    walk.loops.sort();
    walk.loops.dedup_by_key(|p| std::fs::canonicalize(&*p).ok());
    walk
}

/// Keeps one entry per file: `corpus` and `./corpus`, or a folder and a
/// link to it, name the same covenants, which must count once. The first
/// spelling in name order is kept.
fn once_each(entries: &mut Vec<Entry>) {
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| {
        let key = std::fs::canonicalize(e.path())
            .or_else(|_| std::path::absolute(e.path()))
            .unwrap_or_else(|_| e.path().to_path_buf());
        seen.insert(key)
    });
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
            Err(e) if is_loop(&e) => {
                walk.loops
                    .push(error_path(&e).unwrap_or_else(|| dir.to_path_buf()));
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

fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
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
