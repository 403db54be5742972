//! The loading error, with a kind callers can match on.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a covenant file could not be turned into text.
///
/// [`Display`](fmt::Display) is Vietnamese first with English in
/// parentheses, because it goes into reports read by commune officials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    kind: LoadErrorKind,
    path: Option<PathBuf>,
    detail: String,
}

/// The broad reason behind a [`LoadError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// No file or folder at the path.
    NotFound,
    /// A symbolic link whose target does not exist.
    DanglingLink,
    /// The file may not be read.
    PermissionDenied,
    /// The path is a folder.
    IsFolder,
    /// The path is no regular file (a FIFO, a device, a socket): reading it
    /// could block or never end.
    NotRegular,
    /// The file is larger than [`LoadOptions::max_bytes`](crate::LoadOptions).
    TooLarge,
    /// Any other I/O failure.
    Io,
    /// Plain text that is really binary.
    Binary,
    /// The container could not be read; the formats crate says why.
    Format(huonguoc_formats::ErrorKind),
    /// Screening the text would pass a limit of the work budget
    /// ([`Options::budget`](crate::Options)).
    OverBudget(huonguoc_screen::Limit),
}

impl LoadError {
    pub(crate) fn new(kind: LoadErrorKind, detail: impl Into<String>) -> LoadError {
        LoadError {
            kind,
            path: None,
            detail: detail.into(),
        }
    }

    pub(crate) fn at(mut self, path: &Path) -> LoadError {
        self.path = Some(path.to_path_buf());
        self
    }

    /// Wraps an I/O error, telling a dangling link from a missing file.
    pub(crate) fn io(path: &Path, e: &std::io::Error) -> LoadError {
        use std::io::ErrorKind as K;
        let dangling = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let (kind, detail) = match e.kind() {
            K::NotFound if dangling => (
                LoadErrorKind::DanglingLink,
                "liên kết hỏng, đích không tồn tại (dangling link)".to_owned(),
            ),
            K::NotFound => (
                LoadErrorKind::NotFound,
                "không tìm thấy tệp hoặc thư mục (not found)".to_owned(),
            ),
            K::PermissionDenied => (
                LoadErrorKind::PermissionDenied,
                "không có quyền đọc (permission denied)".to_owned(),
            ),
            _ => (LoadErrorKind::Io, format!("không đọc được: {e}")),
        };
        LoadError::new(kind, detail).at(path)
    }

    /// The broad reason.
    pub fn kind(&self) -> LoadErrorKind {
        self.kind
    }

    /// The file, when the error came from a path.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The reason without the path, as written in a report's `error` field.
    pub fn reason(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.detail),
            None => f.write_str(&self.detail),
        }
    }
}

impl std::error::Error for LoadError {}
