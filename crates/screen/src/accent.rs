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
    // The matching form has only lowercase letters, ASCII punctuation and
    // digits: every byte of a non-ASCII character belongs to a letter.
    let (mut syllables, mut marked) = (0usize, 0usize);
    let (mut in_word, mut word_marked) = (false, false);
    let bytes = form.as_bytes();
    for (n, chunk) in bytes.chunks(64).enumerate() {
        // Without branches: every byte of every unit passes here, and the
        // letter/non-letter branches mispredicted on each word boundary.
        for &b in chunk {
            let high = b >= 0x80;
            let letter = high | b.is_ascii_alphabetic();
            syllables += usize::from(letter & !in_word);
            marked += usize::from(high & !word_marked);
            word_marked = letter & (word_marked | high);
            in_word = letter;
        }
        // The rest can begin at most one syllable in two bytes: once the
        // marked ones are enough even if all of those came, it is accented.
        let rest = bytes.len() - (n * 64 + chunk.len());
        if marked * 100 >= (syllables + rest.div_ceil(2)) * MARKED_PERCENT {
            return Mode::Accented;
        }
    }
    if syllables > 0 && marked * 100 < syllables * MARKED_PERCENT {
        Mode::Folded
    } else {
        Mode::Accented
    }
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
    let mut made = 0;
    for (i, b) in form.as_bytes()[r.clone()].iter().enumerate() {
        if *b == b'\n' && made < cuts {
            out.push(start..r.start + i);
            start = r.start + i + 1;
            made += 1;
        }
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
    fn mode_counted(form: &str) -> Mode {
        let (mut syllables, mut marked) = (0usize, 0usize);
        let (mut in_word, mut word_marked) = (false, false);
        for &b in form.as_bytes() {
            let (high, letter) = (b >= 0x80, b >= 0x80 || b.is_ascii_alphabetic());
            syllables += usize::from(letter && !in_word);
            marked += usize::from(high && !word_marked);
            word_marked = letter && (word_marked || high);
            in_word = letter;
        }
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
    }
}
