//! Vietnamese vowels split into a base vowel and a tone, and the canonical
//! placement of the tone in a syllable.

use std::sync::OnceLock;

/// Base vowels: the 12 vowel letters without tone.
const BASES: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// Combining tone marks in table order: huyền, sắc, hỏi, ngã, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

struct Table {
    /// (toned lowercase vowel, base index, tone 1..=5), sorted by char.
    split: Vec<(char, u8, u8)>,
    /// compose[base][tone - 1]
    compose: [[char; 5]; 12],
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        use unicode_normalization::UnicodeNormalization;
        let mut split = Vec::with_capacity(60);
        let mut compose = [['\0'; 5]; 12];
        for (b, &base) in BASES.iter().enumerate() {
            for (t, &tone) in TONES.iter().enumerate() {
                let s: String = [base, tone].iter().collect::<String>().nfc().collect();
                let c = s.chars().next().expect("a composed vowel");
                debug_assert_eq!(s.chars().count(), 1);
                compose[b][t] = c;
                split.push((c, b as u8, t as u8 + 1));
            }
        }
        split.sort_unstable_by_key(|e| e.0);
        Table { split, compose }
    })
}

/// Splits a lowercase letter into its base vowel and tone (1..=5), if it is
/// a toned Vietnamese vowel.
pub(crate) fn split_tone(c: char) -> Option<(char, u8)> {
    if c.is_ascii() {
        return None;
    }
    let t = table();
    t.split
        .binary_search_by_key(&c, |e| e.0)
        .ok()
        .map(|i| (BASES[t.split[i].1 as usize], t.split[i].2))
}

/// Puts tone `tone` (1..=5) on base vowel `base`.
pub(crate) fn with_tone(base: char, tone: u8) -> char {
    match BASES.iter().position(|&b| b == base) {
        Some(b) if (1..=5).contains(&tone) => table().compose[b][tone as usize - 1],
        _ => base,
    }
}

fn is_base_vowel(c: char) -> bool {
    BASES.contains(&c)
}

fn has_vowel_mark(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Folds a lowercase letter to ASCII the way text typed without diacritics
/// spells it: tones and vowel marks dropped, đ→d.
pub(crate) fn fold_letter(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let base = split_tone(c).map_or(c, |(b, _)| b);
    match base {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        'đ' => 'd',
        other => other,
    }
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
pub(crate) fn canonical_tone(syllable: &[char]) -> Option<Vec<char>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        canonical_tone(&chars).map_or_else(|| s.to_owned(), |v| v.into_iter().collect())
    }

    #[test]
    fn old_and_new_styles_meet() {
        for (a, b) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("goá", "góa"),
            ("uỷ", "ủy"),
            ("baỏ", "bảo"),
            ("lựơng", "lượng"),
            ("nghịêm", "nghiệm"),
        ] {
            assert_eq!(canon(a), b, "{a}");
            assert_eq!(canon(b), b, "{b}");
        }
    }

    #[test]
    fn ordinary_syllables_stay() {
        for s in [
            "người", "quý", "già", "gì", "của", "toán", "hoàng", "quyết", "tuổi", "ngoài", "giữa",
            "gìn", "thuở", "rượu", "chuyện", "xoáy", "mùa", "quá",
        ] {
            assert_eq!(canon(s), s, "{s}");
        }
    }

    #[test]
    fn folding_drops_marks() {
        let folded: String = "đường phụ nữ ưu tiên".chars().map(fold_letter).collect();
        assert_eq!(folded, "duong phu nu uu tien");
    }
}
