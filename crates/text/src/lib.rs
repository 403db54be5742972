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
/// starts and ends at syllable boundaries: a letter, a digit or a
/// combining mark.
///
/// ```
/// use huonguoc_text::is_word_char;
/// assert!(is_word_char('ữ') && is_word_char('7') && is_word_char('\u{301}'));
/// assert!(!is_word_char(' ') && !is_word_char('“') && !is_word_char('×'));
/// ```
pub fn is_word_char(c: char) -> bool {
    // Every character of Vietnamese text is asked this, once per word
    // boundary; std's Unicode lookup is slow past ASCII. The Latin blocks
    // Vietnamese is written in are letters but for × and ÷, and the
    // combining diacritics are marks: both answered without a lookup.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{24f}' | '\u{300}'..='\u{36f}' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c),
    }
}

#[cfg(test)]
mod tests {
    /// The fast paths answer what the Unicode tables do, for every
    /// character.
    #[test]
    fn word_chars_agree_with_unicode() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let slow = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
            assert_eq!(super::is_word_char(c), slow, "{c:?} U+{:04X}", c as u32);
        }
    }
}
