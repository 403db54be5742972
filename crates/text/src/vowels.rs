//! Vietnamese vowels split into a base vowel and a tone, and the canonical
//! placement of the tone in a syllable.

/// Base vowels: the 12 vowel letters without tone.
const BASES: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// COMPOSE[base][tone - 1]: the toned vowels, checked against NFC by a
/// test.
const COMPOSE: [[char; 5]; 12] = [
    ['à', 'á', 'ả', 'ã', 'ạ'],
    ['ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// Where the toned vowels live: Latin-1 and Latin Extended-A (ĩ, ũ), and
/// the Vietnamese block of Latin Extended Additional.
const LATIN: std::ops::Range<usize> = 0xC0..0x180;
const EXTENDED: std::ops::Range<usize> = 0x1EA0..0x1EFA;

/// For each char of [`LATIN`] and [`EXTENDED`], `base index * 8 + tone`
/// when it is a toned lowercase vowel, else 0: one lookup instead of a
/// search, since every letter of every syllable asks.
struct Split {
    latin: [u8; LATIN.end - LATIN.start],
    extended: [u8; EXTENDED.end - EXTENDED.start],
}

static SPLIT: Split = {
    let mut t = Split {
        latin: [0; LATIN.end - LATIN.start],
        extended: [0; EXTENDED.end - EXTENDED.start],
    };
    let mut b = 0;
    while b < 12 {
        let mut k = 0;
        while k < 5 {
            let u = COMPOSE[b][k] as usize;
            let e = (b * 8 + k + 1) as u8;
            if u >= LATIN.start && u < LATIN.end {
                t.latin[u - LATIN.start] = e;
            } else {
                t.extended[u - EXTENDED.start] = e;
            }
            k += 1;
        }
        b += 1;
    }
    t
};

fn split_entry(c: char) -> u8 {
    let u = c as usize;
    if LATIN.contains(&u) {
        SPLIT.latin[u - LATIN.start]
    } else if EXTENDED.contains(&u) {
        SPLIT.extended[u - EXTENDED.start]
    } else {
        0
    }
}

/// Splits a lowercase letter into its base vowel and tone (1..=5), if it is
/// a toned Vietnamese vowel.
pub(crate) fn split_tone(c: char) -> Option<(char, u8)> {
    if c.is_ascii() {
        return None;
    }
    match split_entry(c) {
        0 => None,
        e => Some((BASES[usize::from(e / 8)], e % 8)),
    }
}

/// Puts tone `tone` (1..=5) on base vowel `base`.
pub(crate) fn with_tone(base: char, tone: u8) -> char {
    match BASES.iter().position(|&b| b == base) {
        Some(b) if (1..=5).contains(&tone) => COMPOSE[b][tone as usize - 1],
        _ => base,
    }
}

fn is_base_vowel(c: char) -> bool {
    BASES.contains(&c)
}

pub(crate) fn has_vowel_mark(c: char) -> bool {
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

/// A tone to move: the vowel at `from` becomes `base`, the one at `to`
/// becomes `toned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ToneMove {
    pub(crate) from: usize,
    pub(crate) base: char,
    pub(crate) to: usize,
    pub(crate) toned: char,
}

/// Where a lowercase syllable's tone moves so that it sits where the old
/// ("traditional") style puts it: hoà → hòa, thuỷ → thủy, khoẻ → khỏe.
/// Returns `None` when the syllable is already canonical.
///
/// The rule: a vowel with a mark (ă â ê ô ơ ư) takes the tone (the last
/// one, as in ươ); otherwise a syllable with a final consonant puts it on
/// the last vowel; an open syllable puts it on the first of two vowels and
/// the middle of three. The u of qu- and the i of gi- belong to the
/// consonant.
pub(crate) fn canonical_tone(syllable: &[char]) -> Option<ToneMove> {
    let mut toned = None;
    for (i, &c) in syllable.iter().enumerate() {
        if let Some((b, t)) = split_tone(c) {
            if toned.is_some() {
                // Two tones in one syllable is not Vietnamese; leave it.
                return None;
            }
            toned = Some((i, b, t));
        }
    }
    let (from, from_base, tone) = toned?;
    // Only the toned vowel differs from its base now.
    let base = |i: usize| if i == from { from_base } else { syllable[i] };
    let len = syllable.len();
    let skip_second = len > 2
        && match (base(0), base(1)) {
            ('q', 'u') => true,
            ('g', 'i') => (2..len).any(|i| is_base_vowel(base(i))),
            _ => false,
        };
    let is_vowel = |i: usize| !(skip_second && i == 1) && is_base_vowel(base(i));
    let first = (0..len).find(|&i| is_vowel(i))?;
    // The nucleus: the run of vowels from the first.
    let end = (first..len).find(|&i| !is_vowel(i)).unwrap_or(len);
    let last = end - 1;
    let to = if let Some(m) = (first..end).rev().find(|&i| has_vowel_mark(base(i))) {
        m
    } else if last + 1 < len {
        last
    } else {
        match end - first {
            1 | 2 => first,
            _ => first + 1,
        }
    };
    if to == from {
        return None;
    }
    Some(ToneMove {
        from,
        base: from_base,
        to,
        toned: with_tone(base(to), tone),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        let mut chars: Vec<char> = s.chars().collect();
        if let Some(m) = canonical_tone(&chars) {
            chars[m.from] = m.base;
            chars[m.to] = m.toned;
        }
        chars.into_iter().collect()
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

    /// Combining tone marks in table order: huyền, sắc, hỏi, ngã, nặng.
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

    #[test]
    fn the_tables_are_nfc() {
        use unicode_normalization::UnicodeNormalization;
        for (b, &base) in BASES.iter().enumerate() {
            for (k, &tone) in TONES.iter().enumerate() {
                let s: String = [base, tone].iter().collect::<String>().nfc().collect();
                assert_eq!(s, COMPOSE[b][k].to_string(), "{base} {k}");
            }
        }
        // Every other char splits into nothing.
        for u in 0..0x2000 {
            let Some(c) = char::from_u32(u) else { continue };
            let want = COMPOSE.iter().enumerate().find_map(|(b, row)| {
                let k = row.iter().position(|&t| t == c)?;
                Some((BASES[b], k as u8 + 1))
            });
            assert_eq!(split_tone(c), want, "U+{u:04X}");
        }
    }

    #[test]
    fn folding_drops_marks() {
        let folded: String = "đường phụ nữ ưu tiên".chars().map(fold_letter).collect();
        assert_eq!(folded, "duong phu nu uu tien");
    }
}
