//! Bytes to UTF-8 text.
//!
//! Decoding is a chain of steps: byte-order marks, binary detection, UTF-8,
//! and the legacy Vietnamese encodings. Each step either claims the bytes or
//! passes them on, so one more encoding joins the chain as one more step.

use std::fmt;

use crate::legacy::{self, Detected, Legacy};

/// The encoding a text was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian, with a byte-order mark.
    Utf16Be,
    /// One legacy Vietnamese encoding.
    Legacy(Legacy),
    /// Paragraphs in different legacy encodings.
    Mixed,
}

impl Encoding {
    /// The name used in reports: `utf-8`, `utf-16le`, `tcvn3`, `mixed`, …
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Legacy(l) => l.name(),
            Encoding::Mixed => "mixed",
        }
    }

    /// Parses a name as given to `--encoding`.
    pub fn from_name(name: &str) -> Option<Encoding> {
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "utf-16le" => Some(Encoding::Utf16Le),
            "utf-16be" => Some(Encoding::Utf16Be),
            "cp1258" | "windows1258" => Some(Encoding::Legacy(Legacy::Windows1258)),
            "abc" => Some(Encoding::Legacy(Legacy::Tcvn3)),
            other => Legacy::from_name(other).map(Encoding::Legacy),
        }
    }

    /// Every name [`Encoding::from_name`] accepts in its canonical form.
    pub const NAMES: &'static [&'static str] = &[
        "utf-8",
        "utf-16le",
        "utf-16be",
        "tcvn3",
        "vni",
        "viqr",
        "windows-1258",
        "utf-8-mojibake",
    ];
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<Detected> for Option<Encoding> {
    fn from(d: Detected) -> Self {
        match d {
            Detected::None => None,
            Detected::One(l) => Some(Encoding::Legacy(l)),
            Detected::Mixed => Some(Encoding::Mixed),
        }
    }
}

/// Decoded text with what was learnt on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, UTF-8.
    pub text: String,
    /// The encoding it came from.
    pub encoding: Encoding,
    /// Problems that did not stop decoding, in Vietnamese.
    pub warnings: Vec<String>,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
}

/// The kinds of [`DecodeError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The bytes hold a NUL byte at this offset and are not UTF-16 text.
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
}

impl DecodeError {
    /// What went wrong.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DecodeErrorKind::Binary { offset } => write!(
                f,
                "tệp nhị phân, không phải văn bản (byte NUL tại vị trí {offset}) \
                 (binary file: NUL byte at offset {offset})"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Options for [`decode`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DecodeOptions {
    /// Skip detection and decode with this encoding.
    pub force: Option<Encoding>,
}

/// Decodes the bytes of a text file.
pub fn decode(bytes: &[u8], options: &DecodeOptions) -> Result<Decoded, DecodeError> {
    if let Some(enc) = options.force {
        return Ok(decode_as(bytes, enc));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(utf8(rest, 3));
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok(decode_as(bytes, Encoding::Utf16Le));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok(decode_as(bytes, Encoding::Utf16Be));
    }
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError {
            kind: DecodeErrorKind::Binary { offset },
        });
    }
    // Most covenants are valid UTF-8 and mostly non-ASCII, where std's
    // check runs at a few hundred MB/s; simdutf8 answers the same question
    // an order of magnitude faster. Its error carries no position, so the
    // invalid case goes on to std's below.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(repair(text.to_owned(), Vec::new())),
        Err(_) if mostly_utf8(bytes) => Ok(utf8(bytes, 0)),
        Err(_) => {
            let legacy = legacy::decode_bytes(bytes, None);
            match Option::<Encoding>::from(legacy.detected) {
                Some(encoding) => Ok(Decoded {
                    text: legacy.text,
                    encoding,
                    warnings: Vec::new(),
                }),
                None => Ok(utf8(bytes, 0)),
            }
        }
    }
}

fn decode_as(bytes: &[u8], enc: Encoding) -> Decoded {
    match enc {
        Encoding::Utf8 => utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes), 0),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let codec = if enc == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let (text, had_errors) = codec.decode_with_bom_removal(bytes);
            let mut warnings = Vec::new();
            if had_errors {
                warnings.push(format!(
                    "dữ liệu {} không hợp lệ đã được thay bằng U+FFFD (invalid {} replaced)",
                    enc.name(),
                    enc.name()
                ));
            }
            Decoded {
                text: text.into_owned(),
                encoding: enc,
                warnings,
            }
        }
        Encoding::Legacy(l) => {
            let r = match std::str::from_utf8(bytes) {
                Ok(text) if matches!(l, Legacy::Viqr | Legacy::Utf8Mojibake) => {
                    legacy::repair_str(text, Some(l))
                }
                _ => legacy::decode_bytes(bytes, Some(l)),
            };
            Decoded {
                text: r.text,
                encoding: enc,
                warnings: Vec::new(),
            }
        }
        Encoding::Mixed => {
            decode(bytes, &DecodeOptions::default()).unwrap_or_else(|_| utf8(bytes, 0))
        }
    }
}

/// Valid UTF-8 can still carry VIQR, mojibake or legacy bytes that came
/// through as Latin-1 code points.
fn repair(text: String, warnings: Vec<String>) -> Decoded {
    match legacy::repair_changes(&text).and_then(|r| Some((Option::from(r.detected)?, r.text))) {
        Some((encoding, text)) => Decoded {
            text,
            encoding,
            warnings,
        },
        None => Decoded {
            text,
            encoding: Encoding::Utf8,
            warnings,
        },
    }
}

fn utf8(bytes: &[u8], base: usize) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(text) => repair(text.to_owned(), Vec::new()),
        Err(e) => {
            let offset = base + e.valid_up_to();
            let warning = format!(
                "UTF-8 không hợp lệ từ byte {offset}; các byte lỗi được thay bằng U+FFFD \
                 (invalid UTF-8 at byte {offset}, replaced)"
            );
            Decoded {
                text: String::from_utf8_lossy(bytes).into_owned(),
                encoding: Encoding::Utf8,
                warnings: vec![warning],
            }
        }
    }
}

/// Whether bytes that fail UTF-8 validation are still mostly UTF-8: many
/// well-formed multi-byte sequences and only a few bad bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut good = 0usize;
    let mut bad = 0usize;
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    good >= 4 * bad.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Decoded {
        decode(bytes, &DecodeOptions::default()).unwrap()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec("Điều 1".as_bytes()).text, "Điều 1");
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("Điều 1".as_bytes());
        let d = dec(&b);
        assert_eq!(d.text, "Điều 1");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Phụ nữ".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = dec(&b);
        assert_eq!((d.text.as_str(), d.encoding), ("Phụ nữ", Encoding::Utf16Le));
        let mut b = vec![0xFE, 0xFF];
        for u in "Phụ nữ".encode_utf16() {
            b.extend_from_slice(&u.to_be_bytes());
        }
        let d = dec(&b);
        assert_eq!((d.text.as_str(), d.encoding), ("Phụ nữ", Encoding::Utf16Be));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let e = decode(b"abc\0def", &DecodeOptions::default()).unwrap_err();
        assert_eq!(e.kind(), DecodeErrorKind::Binary { offset: 3 });
    }

    #[test]
    fn invalid_utf8_is_lossy_with_the_offset() {
        let mut b = "Điều một là con gái được học. ".repeat(3).into_bytes();
        let at = b.len();
        b.push(0xFF);
        b.extend_from_slice("Hết.".as_bytes());
        let d = dec(&b);
        assert!(d.text.contains('\u{FFFD}'));
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains(&at.to_string()), "{:?}", d.warnings);
    }
}
