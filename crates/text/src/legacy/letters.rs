//! The Vietnamese letters every table is built on, and a syllable model used
//! to score trial decodings.

/// Row indices into [`VOWELS`]. Tone columns everywhere in this module
/// are: none, sắc (acute), huyền (grave), hỏi (hook above), ngã (tilde),
/// nặng (dot below).
pub(crate) const A: usize = 0;
pub(crate) const A_BREVE: usize = 1;
pub(crate) const A_CIRC: usize = 2;
pub(crate) const E: usize = 3;
pub(crate) const E_CIRC: usize = 4;
pub(crate) const I: usize = 5;
pub(crate) const O: usize = 6;
pub(crate) const O_CIRC: usize = 7;
pub(crate) const O_HORN: usize = 8;
pub(crate) const U: usize = 9;
pub(crate) const U_HORN: usize = 10;
pub(crate) const Y: usize = 11;

/// The 12 vowels with their 6 tones, lowercase.
pub(crate) const VOWELS: [[char; 6]; 12] = [
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
    ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
    ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'],
    ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
];

/// The same vowels, uppercase.
pub(crate) const VOWELS_UPPER: [[char; 6]; 12] = [
    ['A', 'Á', 'À', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ắ', 'Ằ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ấ', 'Ầ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'É', 'È', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ế', 'Ề', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Í', 'Ì', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ó', 'Ò', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ố', 'Ồ', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ớ', 'Ờ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ú', 'Ù', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ứ', 'Ừ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ý', 'Ỳ', 'Ỷ', 'Ỹ', 'Ỵ'],
];

/// A vowel split into (row, tone, uppercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Vowel {
    pub row: usize,
    pub tone: usize,
    pub upper: bool,
}

/// The composed character for a row and tone.
pub(crate) fn compose(row: usize, tone: usize, upper: bool) -> char {
    if upper {
        VOWELS_UPPER[row][tone]
    } else {
        VOWELS[row][tone]
    }
}

/// Splits a precomposed Vietnamese vowel. Plain ASCII vowels, which
/// dominate every text, are answered first; the rest come from an index.
pub(crate) fn vowel(c: char) -> Option<Vowel> {
    let ascii = |row, upper| {
        Some(Vowel {
            row,
            tone: 0,
            upper,
        })
    };
    match c {
        'a' => return ascii(A, false),
        'e' => return ascii(E, false),
        'i' => return ascii(I, false),
        'o' => return ascii(O, false),
        'u' => return ascii(U, false),
        'y' => return ascii(Y, false),
        'A' => return ascii(A, true),
        'E' => return ascii(E, true),
        'I' => return ascii(I, true),
        'O' => return ascii(O, true),
        'U' => return ascii(U, true),
        'Y' => return ascii(Y, true),
        _ => {}
    }
    let u = c as u32;
    let index = match u {
        0xC0..=0x1B0 => u - 0xC0,
        0x1EA0..=0x1EF9 => u - 0x1EA0 + (0x1B1 - 0xC0),
        _ => return None,
    };
    vowel_index()[index as usize]
}

/// Vowel lookup for the two code point ranges that hold precomposed
/// Vietnamese vowels (Latin-1 to Latin Extended-B, and Latin Extended
/// Additional), built once: scoring calls [`vowel`] for every letter.
fn vowel_index() -> &'static [Option<Vowel>] {
    static INDEX: std::sync::OnceLock<Vec<Option<Vowel>>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let first = 0x1B1 - 0xC0;
        let mut index = vec![None; first + (0x1EFA - 0x1EA0)];
        for (upper, table) in [(false, &VOWELS), (true, &VOWELS_UPPER)] {
            for (row, tones) in table.iter().enumerate() {
                for (tone, &c) in tones.iter().enumerate() {
                    let u = c as usize;
                    let at = match u {
                        0xC0..=0x1B0 => u - 0xC0,
                        0x1EA0..=0x1EF9 => u - 0x1EA0 + first,
                        _ => continue,
                    };
                    index[at] = Some(Vowel { row, tone, upper });
                }
            }
        }
        index
    })
}

/// Base letters as the syllable model sees them: the vowel rows by index,
/// consonants as themselves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sym {
    V(usize),
    C(u8),
}

const MAX_SYLLABLE: usize = 8;

const ONSETS: [&[u8]; 27] = [
    b"ngh", b"ng", b"nh", b"ch", b"gh", b"gi", b"kh", b"ph", b"qu", b"th", b"tr", b"b", b"c", b"d",
    b"D", b"g", b"h", b"k", b"l", b"m", b"n", b"p", b"r", b"s", b"t", b"v", b"x",
];

const CODAS: [&[u8]; 9] = [b"", b"c", b"ch", b"m", b"n", b"ng", b"nh", b"p", b"t"];

/// Vowel clusters (with glides) that occur in Vietnamese syllables.
const NUCLEI: [&[usize]; 54] = [
    &[A],
    &[A_BREVE],
    &[A_CIRC],
    &[E],
    &[E_CIRC],
    &[I],
    &[O],
    &[O_CIRC],
    &[O_HORN],
    &[U],
    &[U_HORN],
    &[Y],
    &[A, I],
    &[A, O],
    &[A, U],
    &[A, Y],
    &[A_CIRC, U],
    &[A_CIRC, Y],
    &[E, O],
    &[E_CIRC, U],
    &[I, A],
    &[I, E_CIRC],
    &[I, U],
    &[O, A],
    &[O, A_BREVE],
    &[O, E],
    &[O, I],
    &[O_CIRC, I],
    &[O_HORN, I],
    &[O, O],
    &[U, A],
    &[U, A_CIRC],
    &[U, E_CIRC],
    &[U, I],
    &[U, O_CIRC],
    &[U, O_HORN],
    &[U, Y],
    &[U_HORN, A],
    &[U_HORN, I],
    &[U_HORN, O_HORN],
    &[U_HORN, U],
    &[Y, E_CIRC],
    &[I, E_CIRC, U],
    &[Y, E_CIRC, U],
    &[O, A, I],
    &[O, A, Y],
    &[O, A, O],
    &[O, E, O],
    &[U, A_CIRC, Y],
    &[U, O_CIRC, I],
    &[U_HORN, O_HORN, I],
    &[U_HORN, O_HORN, U],
    &[U, Y, A],
    &[U, Y, E_CIRC],
];

/// Whether `word` is one well-formed Vietnamese syllable: an onset, a vowel
/// cluster and a coda from the closed lists, at most one tone, and the rule
/// that stop codas (c, ch, p, t) take only sắc or nặng. Case is ignored.
pub(crate) fn is_syllable(word: &str) -> bool {
    let mut syms = [Sym::C(0); MAX_SYLLABLE];
    let mut n = 0;
    let mut tone = 0;
    let mut tone_at = 0;
    for c in word.chars() {
        if n == MAX_SYLLABLE {
            return false;
        }
        let sym = if let Some(v) = vowel(c) {
            if v.tone != 0 {
                if tone != 0 {
                    return false;
                }
                tone = v.tone;
                tone_at = n;
            }
            Sym::V(v.row)
        } else {
            match c {
                'đ' | 'Đ' => Sym::C(b'D'),
                'b' | 'c' | 'd' | 'g' | 'h' | 'k' | 'l' | 'm' | 'n' | 'p' | 'q' | 'r' | 's'
                | 't' | 'v' | 'x' => Sym::C(c as u8),
                'B' | 'C' | 'D' | 'G' | 'H' | 'K' | 'L' | 'M' | 'N' | 'P' | 'Q' | 'R' | 'S'
                | 'T' | 'V' | 'X' => Sym::C(c.to_ascii_lowercase() as u8),
                _ => return false,
            }
        };
        syms[n] = sym;
        n += 1;
    }
    let syms = &syms[..n];
    onset_candidates(syms).into_iter().flatten().any(|start| {
        let tone_pos = if tone == 0 {
            None
        } else {
            tone_at.checked_sub(start)
        };
        (tone == 0 || tone_pos.is_some()) && rest_is_valid(&syms[start..], tone, tone_pos)
    })
}

/// Onset lengths to try: the longest listed onset, and for gi/qu also the
/// shorter reading, because in "gìn" the i is the vowel.
fn onset_candidates(syms: &[Sym]) -> [Option<usize>; 2] {
    let mut out = [None, None];
    for onset in ONSETS {
        if onset.len() > syms.len() {
            continue;
        }
        let matches = onset.iter().zip(syms).all(|(&b, s)| match (b, s) {
            (b'i', Sym::V(I)) | (b'u', Sym::V(U)) => true,
            (b, Sym::C(c)) => b == *c,
            _ => false,
        });
        if matches {
            out[0] = Some(onset.len());
            if onset == b"gi" || onset == b"qu" {
                out[1] = Some(1);
            }
            return out;
        }
    }
    if matches!(syms.first(), Some(Sym::V(_))) {
        out[0] = Some(0);
    }
    out
}

/// Which vowels of a nucleus may carry the tone, as a bit mask by position.
/// Both the old ("hòa") and the new ("hoà") placement are accepted; what is
/// rejected is a tone on a final glide ("nhaụ"), which is how a sentence
/// period misread as a VIQR tone looks.
fn tone_mask(nucleus: &[usize], has_coda: bool) -> u8 {
    match nucleus {
        [_] => 0b1,
        [O, A] | [O, E] | [U, Y] if !has_coda => 0b11,
        [O, O] => 0b11,
        [O, A] | [O, E] | [U, Y] => 0b10,
        [O, A_BREVE] | [U, A_CIRC] | [U, E_CIRC] | [U, O_HORN] => 0b10,
        [I, E_CIRC] | [Y, E_CIRC] | [U, O_CIRC] | [U_HORN, O_HORN] => 0b10,
        [_, _] => 0b01,
        [U, Y, E_CIRC] => 0b100,
        _ => 0b010,
    }
}

fn rest_is_valid(rest: &[Sym], tone: usize, tone_pos: Option<usize>) -> bool {
    let mut nucleus = [0usize; 3];
    let mut nv = 0;
    for s in rest {
        match s {
            Sym::V(r) if nv < 3 => {
                nucleus[nv] = *r;
                nv += 1;
            }
            Sym::V(_) => return false,
            Sym::C(_) => break,
        }
    }
    if nv == 0 || !NUCLEI.contains(&&nucleus[..nv]) {
        return false;
    }
    // ă and â never end a syllable; clusters that end in a glide (ai, ao,
    // êu, ươi, …) or in the a of ia/ua/ưa never take a final consonant.
    // The same holds for the diphthongs iê/yê, uô, ươ and uyê ("kyễ" is
    // not a syllable; "yêu", "uôi", "ươi" are clusters of their own).
    let needs_coda = matches!(
        nucleus[..nv],
        [A_BREVE]
            | [A_CIRC]
            | [I, E_CIRC]
            | [Y, E_CIRC]
            | [U, O_CIRC]
            | [U_HORN, O_HORN]
            | [U, Y, E_CIRC]
    );
    let open_only = nv >= 2
        && !matches!(
            nucleus[..nv],
            [I, E_CIRC]
                | [Y, E_CIRC]
                | [U, O_CIRC]
                | [U_HORN, O_HORN]
                | [O, A]
                | [O, A_BREVE]
                | [O, E]
                | [U, A_CIRC]
                | [U, E_CIRC]
                | [U, Y]
                | [O, O]
                | [U, Y, E_CIRC]
        );
    let mut coda = [0u8; 3];
    let tail = &rest[nv..];
    if tail.len() > 2 {
        return false;
    }
    for (i, s) in tail.iter().enumerate() {
        match s {
            Sym::C(c) => coda[i] = *c,
            Sym::V(_) => return false,
        }
    }
    let coda = &coda[..tail.len()];
    if !CODAS.contains(&coda) || (needs_coda && coda.is_empty()) || (open_only && !coda.is_empty())
    {
        return false;
    }
    if let Some(p) = tone_pos {
        if p >= nv || tone_mask(&nucleus[..nv], !coda.is_empty()) & (1 << p) == 0 {
            return false;
        }
    }
    // Stop codas carry only the "entering" tones.
    let stop = matches!(coda, b"c" | b"ch" | b"p" | b"t");
    !stop || tone == 1 || tone == 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vowel_splits_and_composes_back() {
        for row in 0..12 {
            for tone in 0..6 {
                for upper in [false, true] {
                    let c = compose(row, tone, upper);
                    assert_eq!(vowel(c), Some(Vowel { row, tone, upper }), "{c}");
                }
            }
        }
    }

    #[test]
    fn syllables() {
        for w in [
            "Điều", "người", "nghĩa", "Cộng", "hoà", "hòa", "xã", "chủ", "khoản", "thuyền",
            "khuya", "quyền", "ước", "hương", "phụ", "nữ", "được", "gìn", "giữa", "quốc", "CHƯƠNG",
            "Việt", "Nam", "trai", "gái", "tiếng", "thủy", "thuỷ", "khỏe", "khoẻ", "hoàng", "tuổi",
            "nguyễn", "chuyện", "bưởi", "ấy", "mía", "mùa", "của", "gì", "quý", "thuở", "chịu",
            "nếu", "thuế", "túi", "hữu", "áo",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "España", "niño", "Straße", "Müller", "garçon", "déjà", "Espaủa", "ẹg", "theýre", "oự",
            "cát̀", "viềt", "abc", "", "Mỹller", "hơngs", "nhaụ", "Â", "ẩ", "ă", "hòang", "nhàu̇",
            "ạim", "aon", "muan", "kyễ", "quyế", "muô", "gaí", "tiêń",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
