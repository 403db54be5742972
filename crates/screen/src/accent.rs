//! Accent mode per unit, and the segments the term search runs over.
//!
//! A covenant may be typed half with diacritics and half without, and an
//! amendment may quote one unaccented line. Each unit is matched in the
//! mode its own text calls for. Unaccented text in the accented matching
//! form is already its folded form, so both modes read one matching form
//! and share every offset.
//!
//! Terms never run across a heading's line end or from one unit into the
//! next: "Điều 7. Lễ hội" above "Phụ nữ không được vào đình." is not the
//! organisation "Hội phụ nữ".

use std::ops::Range;

use huonguoc_text::Mode;

use crate::bytes8::{HIGH, ascii_letters};
use crate::structure::{Document, UnitKind};

/// Fewer marked syllables than this share (in percent) make a unit
/// unaccented; ordinary Vietnamese marks well over half.
const MARKED_PERCENT: usize = 10;

/// The matching mode of each unit, decided from its own text.
pub(crate) fn unit_modes(doc: &Document, form: &str) -> Vec<Mode> {
    doc.units
        .iter()
        .map(|u| mode_of(&form[u.text.clone()]))
        .collect()
}

/// Whether a stretch of matching form reads as typed without diacritics.
pub(crate) fn mode_of(form: &str) -> Mode {
    let mut tally = Tally::default();
    let bytes = form.as_bytes();
    for (n, chunk) in bytes.chunks(64).enumerate() {
        tally.add(chunk);
        let rest = bytes.len() - (n * 64 + chunk.len());
        // Marked enough even if all the rest were one-letter words.
        if tally.marked * 100 >= (tally.syllables + rest.div_ceil(2)) * MARKED_PERCENT {
            return Mode::Accented;
        }
    }
    if tally.syllables > 0 && tally.marked * 100 < tally.syllables * MARKED_PERCENT {
        Mode::Folded
    } else {
        Mode::Accented
    }
}

/// Words and marked words of a stretch of matching form, counted a chunk
/// at a time. The matching form has only lowercase letters, ASCII
/// punctuation and digits: every byte of a non-ASCII character belongs to
/// a letter. A word is a run of letter bytes, marked if it holds a byte
/// past ASCII.
#[derive(Debug, Default)]
struct Tally {
    syllables: usize,
    marked: usize,
    /// Whether the last chunk ended inside a word.
    in_word: bool,
    /// Whether it ended inside a word that is not marked yet.
    open: bool,
}

impl Tally {
    /// Counts the next chunk, one bit per byte: 64 bytes, but for the
    /// text's last chunk, which may be shorter (its state is not read).
    fn add(&mut self, chunk: &[u8]) {
        let (letters, high) = masks(chunk);
        let starts = letters & !(letters << 1 | u64::from(self.in_word));
        self.syllables += starts.count_ones() as usize;
        // A word's start bit added to its unmarked letters carries up to
        // its first high byte, which is a zero there, and stops: that bit
        // alone of the word's high bytes is set in the sum. A word with no
        // high byte carries past its end, onto a byte that is no letter,
        // or out of the chunk when it goes on, unmarked, into the next.
        let seed = starts | u64::from(self.open);
        let (sum, carry) = (letters & !high).overflowing_add(seed);
        self.marked += (sum & high).count_ones() as usize;
        self.in_word = letters >> 63 == 1;
        self.open = carry;
    }
}

/// Bit `i` of each mask tells byte `i` of `chunk` (at most 64 bytes): a
/// letter (ASCII or any byte past ASCII), a byte past ASCII. Eight bytes
/// at a time: the tests of a byte are done on all of a word's at once.
fn masks(chunk: &[u8]) -> (u64, u64) {
    let (mut letters, mut high) = (0u64, 0u64);
    for (k, part) in chunk.chunks(8).enumerate() {
        let x = match <[u8; 8]>::try_from(part) {
            Ok(word) => u64::from_le_bytes(word),
            // The chunk's last bytes, padded with zeros (no letters).
            Err(_) => {
                let mut word = [0u8; 8];
                word[..part.len()].copy_from_slice(part);
                u64::from_le_bytes(word)
            }
        };
        let hi = x & HIGH;
        letters |= top_bits(ascii_letters(x) | hi) << (8 * k);
        high |= top_bits(hi) << (8 * k);
    }
    (letters, high)
}

/// The top bit of each byte of `x` (its only bits) packed into a byte, the
/// first byte's lowest: a multiply moves byte `k`'s bit to bit `56 + k`.
fn top_bits(x: u64) -> u64 {
    ((x >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The ranges of the matching form to search in `mode`: each unit's own
/// text, cut after a heading's title line.
pub(crate) fn segments(
    doc: &Document,
    form: &str,
    modes: &[Mode],
    mode: Mode,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (u, unit) in doc.units.iter().enumerate() {
        if modes[u] != mode {
            continue;
        }
        let r = unit.text.clone();
        match unit.kind {
            // Title lines of a covenant, chapter titles and an article's
            // title line are headings: each line stands alone.
            UnitKind::Preamble | UnitKind::Chapter | UnitKind::Attachment => {
                split_lines(form, r, usize::MAX, &mut out)
            }
            UnitKind::Article => split_lines(form, r, 1, &mut out),
            // A clause or point wrapped over lines is one text.
            UnitKind::Clause | UnitKind::Point | UnitKind::Bullet => out.push(r),
        }
    }
    out
}

/// Cuts `r` after each of its first `cuts` line breaks.
fn split_lines(form: &str, r: Range<usize>, cuts: usize, out: &mut Vec<Range<usize>>) {
    let mut start = r.start;
    // The vectorised search, stopped after the last cut: a walk over every
    // byte of every unit took a branch each.
    for i in memchr::memchr_iter(b'\n', &form.as_bytes()[r.clone()]).take(cuts) {
        out.push(start..r.start + i);
        start = r.start + i + 1;
    }
    out.push(start..r.end);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_follow_marks() {
        assert_eq!(mode_of("con gai khong duoc chia dat"), Mode::Folded);
        assert_eq!(mode_of("con gái không được chia đất"), Mode::Accented);
        assert_eq!(mode_of("1.000.000"), Mode::Accented);
    }

    /// Counting every byte, with no early answer.
    /// Words and marked words, one byte at a time.
    fn counted(bytes: &[u8]) -> (usize, usize) {
        let (mut syllables, mut marked) = (0usize, 0usize);
        let (mut in_word, mut word_marked) = (false, false);
        for &b in bytes {
            let (high, letter) = (b >= 0x80, b >= 0x80 || b.is_ascii_alphabetic());
            syllables += usize::from(letter && !in_word);
            marked += usize::from(high && !word_marked);
            word_marked = letter && (word_marked || high);
            in_word = letter;
        }
        (syllables, marked)
    }

    fn mode_counted(form: &str) -> Mode {
        let (syllables, marked) = counted(form.as_bytes());
        if syllables > 0 && marked * 100 < syllables * MARKED_PERCENT {
            Mode::Folded
        } else {
            Mode::Accented
        }
    }

    proptest::proptest! {
        /// The early answer is the answer the whole count gives, around
        /// the threshold too (one marked word in ten).
        #[test]
        fn early_answer_agrees_with_the_count(
            draws in proptest::collection::vec(0u8..100, 0..300),
            share in 0u8..30,
        ) {
            // About `share`% of the words marked, around the threshold.
            let form = draws
                .iter()
                .map(|&d| if d < share { "gái" } else if d % 7 == 0 { "1.000," } else { "con" })
                .collect::<Vec<_>>()
                .join(" ");
            proptest::prop_assert_eq!(mode_of(&form), mode_counted(&form));
        }

        #[test]
        fn lines_are_cut_as_a_byte_walk_cuts_them(
            form in "[a\n ]{0,30}",
            from in 0usize..30,
            len in 0usize..30,
            cuts in proptest::sample::select(vec![0, 1, 2, usize::MAX]),
        ) {
            let from = from.min(form.len());
            let r = from..(from + len).min(form.len());
            let mut want = Vec::new();
            let (mut start, mut made) = (r.start, 0);
            for (i, b) in form.as_bytes()[r.clone()].iter().enumerate() {
                if *b == b'\n' && made < cuts {
                    want.push(start..r.start + i);
                    start = r.start + i + 1;
                    made += 1;
                }
            }
            want.push(start..r.end);
            let mut got = Vec::new();
            split_lines(&form, r, cuts, &mut got);
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn chunked_tally_agrees_with_a_byte_walk(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b" .,:;-0189@[`{azAZ\x7f\n".to_vec()),
                    0x80u8..=0xFF,
                    proptest::num::u8::ANY,
                ],
                0..400,
            ),
        ) {
            let mut tally = Tally::default();
            for chunk in bytes.chunks(64) {
                tally.add(chunk);
            }
            proptest::prop_assert_eq!((tally.syllables, tally.marked), counted(&bytes));
        }
    }
}
