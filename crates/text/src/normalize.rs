//! The matching form: the text the screening engine searches.
//!
//! It is NFC, lowercase, with one canonical tone placement, typographic
//! quotes and dashes in ASCII, zero-width characters removed, and every run
//! of whitespace turned into one space (or one `\n` when the run holds a
//! line break, so that the structure parser still sees lines). The folded
//! variant also drops tones and vowel marks, for text typed without them.
//! The matching form is never shown to users: every span maps back to the
//! original through [`OffsetMap`].

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::offsets::{MapBuilder, OffsetMap};
use crate::vowels::{canonical_tone, fold_letter, split_tone};

/// Which matching form to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Keep tones and vowel marks.
    #[default]
    Accented,
    /// Drop tones and vowel marks, đ→d: for text typed without diacritics.
    Folded,
}

/// Counts gathered while normalizing, used to tell whether a document was
/// typed without diacritics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Syllables (runs of letters) seen.
    pub syllables: usize,
    /// Syllables that carry a Vietnamese tone, a vowel mark or đ.
    pub marked: usize,
}

impl Stats {
    /// Whether the text reads as Vietnamese typed without diacritics: long
    /// enough to judge, and fewer than 3% of its syllables marked (ordinary
    /// Vietnamese marks well over half).
    pub fn is_unaccented(&self) -> bool {
        self.syllables >= 30 && self.marked * 100 < self.syllables * 3
    }
}

/// A text in matching form, with the map back to its source.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The matching form.
    pub text: String,
    /// Offsets of `text` back to the source text.
    pub map: OffsetMap,
    /// Counts used to detect unaccented documents.
    pub stats: Stats,
    /// The mode it was built in.
    pub mode: Mode,
}

/// Builds the matching form of `source`.
pub fn normalize(source: &str, mode: Mode) -> Normalized {
    // Most files are already NFC; the quick check is an order of magnitude
    // cheaper than normalizing, so only syllables of other files pay for it.
    let needs_nfc = is_nfc_quick(source.chars()) != IsNormalized::Yes;
    let mut out = String::with_capacity(source.len());
    let mut map = MapBuilder::default();
    let mut stats = Stats::default();
    let mut scratch: Vec<char> = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < source.len() {
        let c = source[i..].chars().next().expect("char boundary");
        if is_letter(c) {
            let end = syllable_end(source, i);
            emit_syllable(
                &source[i..end],
                i,
                needs_nfc,
                mode,
                &mut out,
                &mut map,
                &mut stats,
                &mut scratch,
            );
            i = end;
        } else if is_space(c) {
            let mut end = i;
            let mut line_break = false;
            for ch in source[i..].chars() {
                if is_space(ch) {
                    line_break |= matches!(
                        ch,
                        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{b}' | '\u{c}'
                    );
                } else if !is_ignorable(ch) {
                    break;
                }
                end += ch.len_utf8();
            }
            let sep = if line_break { "\n" } else { " " };
            if &source[i..end] == sep {
                map.copy(out.len(), i);
            } else {
                map.replace(out.len(), i);
            }
            out.push_str(sep);
            i = end;
        } else if c.is_ascii() {
            // Runs of ASCII punctuation and digits are copied as they are.
            let mut end = i;
            while end < bytes.len()
                && bytes[end].is_ascii()
                && !bytes[end].is_ascii_alphabetic()
                && !bytes[end].is_ascii_whitespace()
            {
                end += 1;
            }
            map.copy(out.len(), i);
            out.push_str(&source[i..end]);
            i = end;
        } else {
            let len = c.len_utf8();
            let start = out.len();
            match punctuation(c) {
                Some(rep) => {
                    if rep.len() == len && rep.chars().count() == 1 {
                        map.copy(start, i);
                    } else {
                        map.replace(start, i);
                    }
                    out.push_str(rep);
                }
                None if is_ignorable(c) => map.replace(start, i),
                None => {
                    map.copy(start, i);
                    out.push(c);
                }
            }
            i += len;
        }
    }
    let derived_len = out.len();
    Normalized {
        text: out,
        map: map.finish(derived_len, source.len()),
        stats,
        mode,
    }
}

/// Normalizes a short text, such as a rule term, to its matching form.
pub fn normalize_term(term: &str, mode: Mode) -> String {
    normalize(term.trim(), mode).text
}

#[allow(clippy::too_many_arguments)]
fn emit_syllable(
    raw: &str,
    at: usize,
    needs_nfc: bool,
    mode: Mode,
    out: &mut String,
    map: &mut MapBuilder,
    stats: &mut Stats,
    chars: &mut Vec<char>,
) {
    stats.syllables += 1;
    let start = out.len();
    if raw.is_ascii() {
        // The common case: no marks, so no tone to move and no fold.
        map.copy(start, at);
        out.push_str(raw);
        out[start..].make_ascii_lowercase();
        return;
    }
    chars.clear();
    if needs_nfc {
        chars.extend(raw.nfc());
    } else {
        chars.extend(raw.chars());
    }
    chars.retain(|&c| !is_ignorable(c));
    // Lowercase in place; every Vietnamese letter lowercases to one char.
    // Count vowels and tones on the way, so that the tone is only placed
    // again where there is a choice to make.
    let mut vowels = 0usize;
    let mut toned = 0usize;
    let mut marked = false;
    let mut i = 0;
    while i < chars.len() {
        let c = match chars[i] {
            'Ð' | 'ð' => 'đ',
            'Ƣ' | 'ƣ' => 'ư',
            c => c,
        };
        let l = match vietnamese_lower(c) {
            Some(l) => l,
            None => {
                let mut lower = c.to_lowercase();
                let l = lower.next().unwrap_or(c);
                if lower.len() > 0 {
                    let rest: Vec<char> = lower.collect();
                    chars.splice(i + 1..i + 1, rest);
                }
                l
            }
        };
        chars[i] = l;
        if matches!(l, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
            vowels += 1;
        } else if matches!(l, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư') {
            vowels += 1;
            marked = true;
        } else if l == 'đ' {
            marked = true;
        } else if split_tone(l).is_some() {
            vowels += 1;
            toned += 1;
            marked = true;
        }
        i += 1;
    }
    if marked {
        stats.marked += 1;
    }
    let lowered: &[char] = chars;
    let canon = if toned == 1 && vowels >= 2 {
        canonical_tone(lowered)
    } else {
        None
    };
    let moved = canon.is_some();
    let word: &[char] = canon.as_deref().unwrap_or(lowered);
    let before = out.len();
    match mode {
        Mode::Accented => out.extend(word.iter()),
        Mode::Folded => out.extend(word.iter().map(|&c| fold_letter(c))),
    }
    // A syllable is a plain copy only when every char kept its byte length;
    // otherwise it maps as a whole so spans stay on char boundaries.
    let same_shape = !moved
        && mode == Mode::Accented
        && out.len() - before == raw.len()
        && raw.chars().count() == word.len()
        && raw
            .chars()
            .zip(word.iter())
            .all(|(a, b)| a.len_utf8() == b.len_utf8());
    if same_shape {
        map.copy(start, at);
    } else {
        map.replace(start, at);
    }
}

/// The lowercase of a Vietnamese letter without the general Unicode tables,
/// which were the costliest step of the loop. `None` for other letters.
fn vietnamese_lower(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0x61..=0x7A | 0xDF..=0xFF => u,
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        // Latin Extended Additional pairs capital and small letters.
        0x1EA0..=0x1EF9 => u | 1,
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 => u + 1,
        0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 => u,
        0x1AF => 0x1B0,
        _ => return None,
    };
    char::from_u32(l)
}

/// Letters, and the combining marks that can sit inside a syllable.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // Every Vietnamese letter lives in these blocks; answering for them
    // without the general Unicode tables is most of the loop's speed.
    match c as u32 {
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1E00..=0x1EFF | 0x300..=0x36F => true,
        _ => c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c),
    }
}

fn syllable_end(source: &str, start: usize) -> usize {
    let mut end = start;
    for ch in source[start..].chars() {
        if is_letter(ch) || (is_ignorable(ch) && end > start) {
            end += ch.len_utf8();
        } else {
            break;
        }
    }
    // A trailing invisible character belongs to what follows.
    while end > start {
        let last = source[..end].chars().next_back().expect("non-empty");
        if is_ignorable(last) {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Characters dropped from the matching form. The soft hyphen is among
/// them: by the time text gets here, TCVN3 (where byte 0xAD is "ư") has
/// already been decoded.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

fn punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => {
            "\""
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => "'",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{2022}' | '\u{25CF}' | '\u{25AA}' | '\u{25E6}' => "•",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(s: &str) -> String {
        normalize(s, Mode::Accented).text
    }

    #[test]
    fn table_of_equivalent_spellings() {
        let cases = [
            ("Hòa giải", "hoà giải"),
            ("THỦY LỢI", "thuỷ lợi"),
            ("Khỏe mạnh", "khoẻ mạnh"),
            ("ĐIỀU 5", "điều 5"),
            ("con\u{a0}gái\tđi  lấy\nchồng", "con gái đi lấy\nchồng"),
            ("“phụ nữ” – nam", "\"phụ nữ\" - nam"),
            ("phụ\u{200b} nữ", "phụ nữ"),
        ];
        for (a, b) in cases {
            assert_eq!(form(a), form(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn nfd_input_is_composed() {
        let nfd: String = "Con gái được chia đất".nfd().collect();
        assert_eq!(form(&nfd), "con gái được chia đất");
    }

    #[test]
    fn folded_form_drops_marks() {
        let n = normalize("Con gái ĐƯỢC chia đất", Mode::Folded);
        assert_eq!(n.text, "con gai duoc chia dat");
        let dat = n.text.find("dat").unwrap();
        assert_eq!(n.map.start_to_source(dat), "Con gái ĐƯỢC chia ".len());
    }

    #[test]
    fn spans_map_back_through_changes() {
        let src = "Phụ  nữ\u{a0}không được vào ĐÌNH";
        let n = normalize(src, Mode::Accented);
        let at = n.text.find("đình").unwrap();
        let s = n.map.start_to_source(at);
        let e = n.map.end_to_source(at + "đình".len());
        assert_eq!(&src[s..e], "ĐÌNH");
    }

    #[test]
    fn fast_lowercase_agrees_with_unicode() {
        for u in (0x41..0x250).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(l) = vietnamese_lower(c) {
                assert_eq!(Some(l), c.to_lowercase().next(), "{c} U+{u:04X}");
                assert_eq!(c.to_lowercase().count(), 1, "{c}");
            }
        }
    }

    #[test]
    fn unaccented_documents_are_detected() {
        let plain = "Con gai da di lay chong khong duoc chia dat cua bo me. ".repeat(5);
        assert!(normalize(&plain, Mode::Accented).stats.is_unaccented());
        let marked = "Con gái đã đi lấy chồng không được chia đất của bố mẹ. ".repeat(5);
        assert!(!normalize(&marked, Mode::Accented).stats.is_unaccented());
    }
}
