//! Cutting the matching form into words, eight bytes at a time.
//!
//! A word is a maximal run of word characters ([`is_word_char`]). Nearly
//! every byte of a covenant is an ASCII letter, a space or part of a
//! Vietnamese letter, so each eight bytes are classed at once in a `u64`
//! and only the bytes where a word starts or ends are visited. A byte walk
//! took a branch per byte and mispredicted at every word boundary: a third
//! of the term search. Eight bytes holding a character whose class their
//! first bytes do not settle are walked one character at a time.

use std::ops::Range;

use huonguoc_text::is_word_char;

use crate::bytes8::{HIGH, ascii_letters, equal, in_range};

/// Calls `f` with each maximal run of word characters inside `range` of
/// `text`, in order. `range` must start and end at character boundaries.
/// In "con gái, 18 tuổi" the words are at 0..3, 4..8, 10..12 and 13..19.
#[inline(always)]
pub(crate) fn for_each_word(text: &str, range: Range<usize>, mut f: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut i = range.start;
    // Where the word being read began, or `usize::MAX` between words.
    let mut start = usize::MAX;
    while i + 8 <= range.end {
        let chunk = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let next = bytes.get(i + 8).copied().unwrap_or(0);
        let Some(word) = word_bytes(chunk, next) else {
            i = walk(text, i..i + 8, &mut start, &mut f);
            continue;
        };
        // A set bit where a byte's class differs from the one before it:
        // the words' starts and ends, alternately.
        let before = (word << 8) | if start == usize::MAX { 0 } else { 0x80 };
        let mut edges = (word ^ before) & HIGH;
        while edges != 0 {
            let at = i + edges.trailing_zeros() as usize / 8;
            if start == usize::MAX {
                start = at;
            } else {
                f(start..at);
                start = usize::MAX;
            }
            edges &= edges - 1;
        }
        i += 8;
    }
    walk(text, i..range.end, &mut start, &mut f);
    if start != usize::MAX {
        f(start..range.end);
    }
}

/// The high bit of each byte of `chunk` that belongs to a word character,
/// or `None` if a character begun in it needs a closer look. `next` is the
/// byte after the chunk, which may continue its last character.
#[inline(always)]
fn word_bytes(chunk: u64, next: u8) -> Option<u64> {
    let high = chunk & HIGH;
    let low = chunk & !HIGH;
    let ascii = (in_range(low, b'0', b'9') & !high) | ascii_letters(chunk);
    if high == 0 {
        return Some(ascii);
    }
    // Lead bytes (0b11xx_xxxx) whose character is a Vietnamese letter or
    // mark by the tests of `class_non_ascii`; their continuation bytes
    // are then word bytes too.
    let leads = chunk & (chunk << 1) & HIGH;
    let after = (chunk >> 8) | (u64::from(next) << 56);
    let latin = in_range(low, 0x44, 0x48) | equal(chunk, 0xCC);
    let latin1 = equal(chunk, 0xC3) & !(equal(after, 0x97) | equal(after, 0xB7));
    // A lead's next byte is a continuation byte (0x80..0xC0): its low
    // seven bits tell it.
    let extended = equal(chunk, 0xE1) & in_range(after & !HIGH, 0x38, 0x3B);
    let sure = (latin | latin1 | extended) & leads;
    (sure == leads).then_some(ascii | high)
}

/// Reads `text[range]` one character at a time, from `start`'s state,
/// and returns where it stopped: at `range.end` or just past it, where a
/// character runs over. `range.start` may fall inside a character whose
/// first bytes a chunk has already read as a word character.
fn walk(
    text: &str,
    range: Range<usize>,
    start: &mut usize,
    f: &mut impl FnMut(Range<usize>),
) -> usize {
    let bytes = text.as_bytes();
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        let (word, len) = match b {
            0..0x80 => (WORD_BYTE[b as usize], 1),
            0x80..0xC0 => (true, 1),
            _ => class_non_ascii(text, i),
        };
        if word {
            if *start == usize::MAX {
                *start = i;
            }
        } else if *start != usize::MAX {
            f(*start..i);
            *start = usize::MAX;
        }
        i += len;
    }
    i
}

/// ASCII letters and digits.
const WORD_BYTE: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Whether the non-ASCII character at byte `i` of `text` is a word
/// character, and its length. The letters of Vietnamese (Latin-1, Latin
/// Extended-A and B, Latin Extended Additional) and the combining
/// diacritics are told by their first two UTF-8 bytes; anything else is
/// decoded and asked [`is_word_char`].
#[inline(always)]
fn class_non_ascii(text: &str, i: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    // A lead byte's continuation bytes follow it: `text` is UTF-8.
    let (b, next) = (bytes[i], bytes[i + 1]);
    match b {
        // U+00C0..U+024F but × and ÷; U+0300..U+036F.
        0xC3 => (!matches!(next, 0x97 | 0xB7), 2),
        0xC4..=0xC8 | 0xCC => (true, 2),
        0xC9 if next < 0x90 => (true, 2),
        0xCD if next < 0xB0 => (true, 2),
        // U+1E00..U+1EFF.
        0xE1 if matches!(next, 0xB8..=0xBB) => (true, 3),
        _ => class_decoded(text, i),
    }
}

#[cold]
fn class_decoded(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..].chars().next().expect("a lead byte begins a char");
    (is_word_char(c), c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words a walk of one character at a time finds.
    fn reference(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text[range.clone()].char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(range.start + i),
                (false, Some(s)) => {
                    out.push(s..range.start + i);
                    start = None;
                }
                _ => {}
            }
        }
        out.extend(start.map(|s| s..range.end));
        out
    }

    fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for_each_word(text, range, |w| out.push(w));
        out
    }

    #[test]
    fn cases() {
        let texts = [
            "",
            "con gái, 18 tuổi",
            "người phụ nữ được hưởng quyền bình đẳng như nam giới",
            // × and ÷ are not word characters; ỳ (E1 BB B3) and ḁ (E1 B8
            // 81) are, and so is ᚠ (E1 9A A0, read by the walk).
            "a×b÷c ỳỳỳỳỳỳ ḁḁ ᚠᚠ x",
            // A combining mark, an emoji and a CJK comma mid-chunk.
            "nu\u{301}a 😀 chia、đất",
            "abcdefg\u{d7}hijklmnop",
            "1234567ợ89ợabcdefgh",
        ];
        for text in texts {
            let ends: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &a in &ends {
                for &b in ends.iter().filter(|&&b| b >= a) {
                    assert_eq!(
                        words(text, a..b),
                        reference(text, a..b),
                        "{text:?} {a}..{b}"
                    );
                }
            }
        }
    }

    /// The byte shortcuts answer what `is_word_char` does, for every
    /// character, alone and in a chunk.
    #[test]
    fn classes_agree_with_is_word_char() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("{c}.");
            let got = if c.is_ascii() {
                (WORD_BYTE[c as usize], 1)
            } else {
                class_non_ascii(&text, 0)
            };
            let want = (is_word_char(c), c.len_utf8());
            assert_eq!(got, want, "{c:?} U+{:04X}", c as u32);
            let text = format!("ab{c}cdefghij{c}");
            assert_eq!(
                words(&text, 0..text.len()),
                reference(&text, 0..text.len()),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        /// Texts of letters, marks, symbols and separators of every UTF-8
        /// length, cut anywhere: the chunked reading finds the words the
        /// walk does.
        #[test]
        fn agrees_with_the_walk(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        'a', 'z', 'A', 'Z', '0', '9', ' ', ' ', ',', '.', '(', '@', '[', '`', '{',
                        '/', ':', '\n', 'à', 'đ', 'ư', 'ơ', 'ợ', 'ỳ', 'ḁ', '\u{d7}', '\u{f7}',
                        '\u{301}', '\u{36f}', '\u{370}', 'ɐ', '\u{250}', 'ᚠ', '–', '…', '😀',
                        '、', '中', '\u{a0}', 'ª', '\u{1e9c}', '\u{1f00}',
                    ]),
                    proptest::char::any(),
                ],
                0..60,
            ),
            cut in (0usize..12, 0usize..12),
        ) {
            let text: String = chars.into_iter().collect();
            let ends: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let a = ends[cut.0.min(ends.len() - 1)];
            let b = ends[ends.len() - 1 - cut.1.min(ends.len() - 1)];
            let range = a.min(b)..a.max(b);
            proptest::prop_assert_eq!(words(&text, range.clone()), reference(&text, range));
        }
    }
}
