//! The matching form as it was first written, kept as the reference that
//! the fast paths of [`super::normalize`] must agree with byte for byte.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

// The helpers that the fast paths left as they were are shared; what
// changed (the syllable itself, the tone placement) is kept as written.
use super::{
    Mode, Normalized, Stats, is_ignorable, is_letter, is_space, punctuation, syllable_end,
    vietnamese_lower,
};
use crate::offsets::MapBuilder;
use crate::vowels::{fold_letter, split_tone, with_tone};

/// Builds the matching form of `source`.
pub(super) fn normalize(source: &str, mode: Mode) -> Normalized {
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
                && !char::from(bytes[end]).is_whitespace()
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
                    stats.other_numerals |= c.is_numeric();
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
    stats.other_numerals |= !raw.is_ascii() && raw.chars().any(char::is_numeric);
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

const BASES: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

fn is_base_vowel(c: char) -> bool {
    BASES.contains(&c)
}

fn has_vowel_mark(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Rewrites a lowercase syllable so that its tone sits where the old
/// ("traditional") style puts it: hoà → hòa, thuỷ → thủy, khoẻ → khỏe.
/// Returns `None` when the syllable is already canonical.
///
/// The rule: a vowel with a mark (ă â ê ô ơ ư) takes the tone (the last
/// one, as in ươ); otherwise a syllable with a final consonant puts it on
/// the last vowel; an open syllable puts it on the first of two vowels and
/// the middle of three. The u of qu- and the i of gi- belong to the
/// consonant.
fn canonical_tone(syllable: &[char]) -> Option<Vec<char>> {
    let mut tone = 0u8;
    let mut toned_at = None;
    let mut bases: Vec<char> = Vec::with_capacity(syllable.len());
    for (i, &c) in syllable.iter().enumerate() {
        match split_tone(c) {
            Some((b, t)) => {
                if toned_at.is_some() {
                    // Two tones in one syllable is not Vietnamese; leave it.
                    return None;
                }
                tone = t;
                toned_at = Some(i);
                bases.push(b);
            }
            None => bases.push(c),
        }
    }
    let toned_at = toned_at?;
    let mut vowels: Vec<usize> = (0..bases.len())
        .filter(|&i| is_base_vowel(bases[i]))
        .collect();
    if bases.len() > 2 && bases[0] == 'q' && bases[1] == 'u' {
        vowels.retain(|&i| i != 1);
    }
    if bases.len() > 2 && bases[0] == 'g' && bases[1] == 'i' && vowels.iter().any(|&i| i > 1) {
        vowels.retain(|&i| i != 1);
    }
    let first = *vowels.first()?;
    let nucleus: Vec<usize> = vowels
        .iter()
        .copied()
        .enumerate()
        .take_while(|&(k, i)| i == first + k)
        .map(|(_, i)| i)
        .collect();
    let last = *nucleus.last()?;
    let target = if let Some(&m) = nucleus.iter().rev().find(|&&i| has_vowel_mark(bases[i])) {
        m
    } else if last + 1 < bases.len() {
        last
    } else {
        match nucleus.len() {
            1 | 2 => nucleus[0],
            _ => nucleus[1],
        }
    };
    if target == toned_at {
        return None;
    }
    bases[target] = with_tone(bases[target], tone);
    Some(bases)
}
