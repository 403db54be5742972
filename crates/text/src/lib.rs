//! Vietnamese text for huonguoc: decoding bytes to UTF-8, the matching form
//! used by the screening engine, and the offset map that takes every match
//! back to the original text.
//!
//! ```
//! use huonguoc_text::{normalize, Mode};
//!
//! let original = "Con gái đi lấy chồng không được chia ĐẤT";
//! let n = normalize(original, Mode::Accented);
//! assert_eq!(n.text, "con gái đi lấy chồng không được chia đất");
//! let at = n.text.find("đất").unwrap();
//! let (s, e) = (n.map.start_to_source(at), n.map.end_to_source(at + "đất".len()));
//! assert_eq!(&original[s..e], "ĐẤT");
//! ```
#![deny(missing_docs)]

pub mod decode;
pub mod legacy;
pub mod normalize;
pub mod offsets;
mod vowels;

pub use decode::{DecodeError, DecodeErrorKind, DecodeOptions, Decoded, Encoding, decode};
pub use normalize::{Mode, Normalized, Stats, normalize, normalize_term};
pub use offsets::{LineIndex, OffsetMap};

/// Whether a character counts as part of a word when checking that a match
/// starts and ends at syllable boundaries.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}
