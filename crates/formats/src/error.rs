//! The one error type of the crate, with a kind that callers can match on.

use std::fmt;

/// Why a file could not be turned into text.
///
/// The message shown by [`Display`](fmt::Display) is Vietnamese first, with
/// English in parentheses, because it is meant for the commune officials who
/// run the screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    detail: String,
}

/// The broad reason behind an [`Error`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A zip container (or a PDF's compressed streams) would expand beyond
    /// [`Limits`](crate::Limits): size or compression ratio.
    ZipBomb,
    /// A zip container has more entries than [`Limits::max_entries`](crate::Limits).
    TooManyEntries,
    /// The file is damaged: truncated zip, malformed XML, unreadable PDF.
    Corrupt,
    /// The file is password-protected and cannot be read without the password.
    Encrypted,
    /// An old binary Word file (.doc, Word 97-2003), which is not supported.
    LegacyDoc,
    /// The format is not one this crate extracts (for example plain text,
    /// which the caller decodes itself).
    Unsupported,
    /// The input itself is larger than the limits allow.
    TooLarge,
    /// XML elements are nested deeper than [`Limits::max_xml_depth`](crate::Limits).
    TooDeep,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Error {
            kind,
            detail: detail.into(),
        }
    }

    /// The broad reason, for callers that react differently per kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The specific detail (which entry, which limit, what the parser said).
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl ErrorKind {
    fn message(self) -> &'static str {
        match self {
            ErrorKind::ZipBomb => {
                "tệp nén giải nén ra quá lớn, có thể là bom nén (zip bomb: expands beyond limits)"
            }
            ErrorKind::TooManyEntries => "tệp nén có quá nhiều mục (too many zip entries)",
            ErrorKind::Corrupt => "tệp bị hỏng hoặc không đọc được (corrupt or unreadable file)",
            ErrorKind::Encrypted => "tệp có mật khẩu bảo vệ (file is encrypted)",
            ErrorKind::LegacyDoc => {
                "tệp .doc (Word 97-2003) không được hỗ trợ: hãy lưu lại dưới dạng .docx \
                 (legacy .doc is not supported: save it as .docx)"
            }
            ErrorKind::Unsupported => "định dạng không được hỗ trợ (unsupported format)",
            ErrorKind::TooLarge => "tệp quá lớn (file too large)",
            ErrorKind::TooDeep => "cấu trúc XML lồng quá sâu (XML nested too deeply)",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.detail.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.detail)
        }
    }
}

impl std::error::Error for Error {}

pub(crate) type Result<T> = std::result::Result<T, Error>;
