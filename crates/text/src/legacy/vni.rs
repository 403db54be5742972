//! VNI-Windows (the "VNI-Times" fonts): an ASCII base letter followed by a
//! Latin-1 byte that draws the diacritic, plus one-byte ơ ư đ, the i tones
//! and ỵ.
//!
//! Source: `lamdao/xvnkb vni.h` (also Unikey's VNI-WIN double-byte table in
//! `fcitx5-unikey unikey/data.cpp`). Capitals use the same mark bytes minus
//! 0x20 (the uppercase Latin-1 letter); 0x80–0x9F are the Windows-1252
//! punctuation, as in any Windows font.

use super::cp1252;
use super::letters::{self, A, A_BREVE, A_CIRC, E, E_CIRC, I, O, O_CIRC, O_HORN, U, U_HORN, Y};

/// Tone-only marks for sắc, huyền, hỏi, ngã, nặng (lowercase bytes).
const TONE: [u8; 5] = [0xF9, 0xF8, 0xFB, 0xF5, 0xEF];
/// Circumflex alone, and circumflex combined with each tone.
const CIRC: u8 = 0xE2;
const CIRC_TONE: [u8; 5] = [0xE1, 0xE0, 0xE5, 0xE3, 0xE4];
/// Breve alone, and breve combined with each tone.
const BREVE: u8 = 0xEA;
const BREVE_TONE: [u8; 5] = [0xE9, 0xE8, 0xFA, 0xFC, 0xEB];
/// One-byte letters.
const O_HORN_B: u8 = 0xF4;
const U_HORN_B: u8 = 0xF6;
const D_BAR: u8 = 0xF1;
const I_TONE: [u8; 5] = [0xED, 0xEC, 0xE6, 0xF3, 0xF2];
const Y_DOT: u8 = 0xEE;

const CASE: u8 = 0x20;

/// What a mark byte adds: a vowel change (to row) and a tone.
fn mark(b: u8) -> Option<(Option<usize>, usize)> {
    let b = b | CASE;
    if let Some(t) = TONE.iter().position(|&m| m == b) {
        return Some((None, t + 1));
    }
    if b == CIRC {
        return Some((Some(A_CIRC), 0));
    }
    if let Some(t) = CIRC_TONE.iter().position(|&m| m == b) {
        return Some((Some(A_CIRC), t + 1));
    }
    if b == BREVE {
        return Some((Some(A_BREVE), 0));
    }
    if let Some(t) = BREVE_TONE.iter().position(|&m| m == b) {
        return Some((Some(A_BREVE), t + 1));
    }
    None
}

/// The row a vowel mark turns `row` into; `A_CIRC` stands for "circumflex"
/// and `A_BREVE` for "breve" in [`mark`]'s answer.
fn apply(row: usize, change: Option<usize>) -> Option<usize> {
    match (change, row) {
        (None, r) => Some(r),
        (Some(A_CIRC), A) => Some(A_CIRC),
        (Some(A_CIRC), E) => Some(E_CIRC),
        (Some(A_CIRC), O) => Some(O_CIRC),
        (Some(A_BREVE), A) => Some(A_BREVE),
        _ => None,
    }
}

/// A byte that starts a vowel: (row, uppercase).
fn base(b: u8) -> Option<(usize, bool)> {
    let upper = b & CASE == 0;
    let row = match b | CASE {
        b'a' => A,
        b'e' => E,
        b'i' => I,
        b'o' => O,
        b'u' => U,
        b'y' => Y,
        O_HORN_B => O_HORN,
        U_HORN_B => U_HORN,
        _ => return None,
    };
    Some((row, upper))
}

/// Decodes VNI-Windows bytes to precomposed text.
pub(crate) fn decode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some((row, upper)) = base(b) {
            let combined = bytes
                .get(i + 1)
                .and_then(|&m| mark(m))
                .and_then(|(change, tone)| Some((apply(row, change)?, tone)));
            match combined {
                Some((row, tone)) => {
                    out.push(letters::compose(row, tone, upper));
                    i += 2;
                }
                None => {
                    out.push(letters::compose(row, 0, upper));
                    i += 1;
                }
            }
            continue;
        }
        let lower = b | CASE;
        let upper = b >= 0xC0 && b & CASE == 0;
        let c = if b < 0xC0 {
            cp1252::byte_to_char(b)
        } else if let Some(t) = I_TONE.iter().position(|&m| m == lower) {
            letters::compose(I, t + 1, upper)
        } else if lower == Y_DOT {
            letters::compose(Y, 5, upper)
        } else if lower == D_BAR {
            if upper { 'Đ' } else { 'đ' }
        } else {
            cp1252::byte_to_char(b)
        };
        out.push(c);
        i += 1;
    }
    out
}

/// Encodes text as VNI-Windows.
pub(crate) fn encode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        if c == 'đ' || c == 'Đ' {
            out.push(if c == 'Đ' { D_BAR - CASE } else { D_BAR });
            continue;
        }
        let Some(v) = letters::vowel(c) else {
            // 0xA0–0xBF and the cp1252 specials are free in VNI fonts.
            match cp1252::char_to_byte(c)? {
                b @ 0x80..=0xBF => out.push(b),
                _ => return None,
            }
            continue;
        };
        let case = |b: u8| if v.upper { b & !CASE } else { b };
        let tone = v.tone.checked_sub(1);
        let (first, second) = match v.row {
            I => match tone {
                None => (b'i', None),
                Some(t) => (I_TONE[t], None),
            },
            Y if v.tone == 5 => (Y_DOT, None),
            O_HORN => (O_HORN_B, tone.map(|t| TONE[t])),
            U_HORN => (U_HORN_B, tone.map(|t| TONE[t])),
            A_CIRC | E_CIRC | O_CIRC => {
                let b = match v.row {
                    A_CIRC => b'a',
                    E_CIRC => b'e',
                    _ => b'o',
                };
                (b, Some(tone.map_or(CIRC, |t| CIRC_TONE[t])))
            }
            A_BREVE => (b'a', Some(tone.map_or(BREVE, |t| BREVE_TONE[t]))),
            row => (letters::VOWELS[row][0] as u8, tone.map(|t| TONE[t])),
        };
        out.push(case(first));
        if let Some(s) = second {
            out.push(case(s));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legacy::letters::{VOWELS, VOWELS_UPPER};

    fn latin1(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect()
    }

    /// Every letter with its VNI spelling as printed in xvnkb's `vni.h`
    /// (a Latin-1 file: each character is one byte).
    const CHART: [(&str, &str); 12] = [
        ("aáàảãạ", "a aù aø aû aõ aï"),
        ("ăắằẳẵặ", "aê aé aè aú aü aë"),
        ("âấầẩẫậ", "aâ aá aà aå aã aä"),
        ("eéèẻẽẹ", "e eù eø eû eõ eï"),
        ("êếềểễệ", "eâ eá eà eå eã eä"),
        ("iíìỉĩị", "i í ì æ ó ò"),
        ("oóòỏõọ", "o où oø oû oõ oï"),
        ("ôốồổỗộ", "oâ oá oà oå oã oä"),
        ("ơớờởỡợ", "ô ôù ôø ôû ôõ ôï"),
        ("uúùủũụ", "u uù uø uû uõ uï"),
        ("ưứừửữự", "ö öù öø öû öõ öï"),
        ("yýỳỷỹỵ", "y yù yø yû yõ î"),
    ];

    #[test]
    fn all_134_letters_match_the_chart_byte_for_byte() {
        for (row, (letters, spelled)) in CHART.iter().enumerate() {
            for (tone, (c, s)) in letters.chars().zip(spelled.split(' ')).enumerate() {
                assert_eq!(c, VOWELS[row][tone]);
                let bytes = latin1(s);
                assert_eq!(encode(&c.to_string()), Some(bytes.clone()), "{c}");
                assert_eq!(decode(&bytes), c.to_string());
                // Capitals: the same spelling in uppercase Latin-1.
                let upper = VOWELS_UPPER[row][tone];
                let ubytes = latin1(&s.to_uppercase());
                assert_eq!(encode(&upper.to_string()), Some(ubytes.clone()), "{upper}");
                assert_eq!(decode(&ubytes), upper.to_string());
            }
        }
        assert_eq!(encode("đĐ"), Some(vec![0xF1, 0xD1]));
        assert_eq!(decode(&[0xF1, 0xD1]), "đĐ");
    }

    /// Unikey's VNI-WIN table (`fcitx5-unikey unikey/data.cpp`,
    /// DoubleByteTables), an independent source: one word per letter, low
    /// byte the base, high byte the mark (0 when none), uppercase then
    /// lowercase for each tone. Rows in Unikey's order: a â ă e ê i o ô ơ u
    /// ư y.
    const UNIKEY: [(usize, [u16; 12]); 12] = [
        (
            A,
            [
                0x0041, 0x0061, 0xd941, 0xf961, 0xd841, 0xf861, 0xdb41, 0xfb61, 0xd541, 0xf561,
                0xcf41, 0xef61,
            ],
        ),
        (
            A_CIRC,
            [
                0xc241, 0xe261, 0xc141, 0xe161, 0xc041, 0xe061, 0xc541, 0xe561, 0xc341, 0xe361,
                0xc441, 0xe461,
            ],
        ),
        (
            A_BREVE,
            [
                0xca41, 0xea61, 0xc941, 0xe961, 0xc841, 0xe861, 0xda41, 0xfa61, 0xdc41, 0xfc61,
                0xcb41, 0xeb61,
            ],
        ),
        (
            E,
            [
                0x0045, 0x0065, 0xd945, 0xf965, 0xd845, 0xf865, 0xdb45, 0xfb65, 0xd545, 0xf565,
                0xcf45, 0xef65,
            ],
        ),
        (
            E_CIRC,
            [
                0xc245, 0xe265, 0xc145, 0xe165, 0xc045, 0xe065, 0xc545, 0xe565, 0xc345, 0xe365,
                0xc445, 0xe465,
            ],
        ),
        (
            I,
            [
                0x0049, 0x0069, 0x00cd, 0x00ed, 0x00cc, 0x00ec, 0x00c6, 0x00e6, 0x00d3, 0x00f3,
                0x00d2, 0x00f2,
            ],
        ),
        (
            O,
            [
                0x004f, 0x006f, 0xd94f, 0xf96f, 0xd84f, 0xf86f, 0xdb4f, 0xfb6f, 0xd54f, 0xf56f,
                0xcf4f, 0xef6f,
            ],
        ),
        (
            O_CIRC,
            [
                0xc24f, 0xe26f, 0xc14f, 0xe16f, 0xc04f, 0xe06f, 0xc54f, 0xe56f, 0xc34f, 0xe36f,
                0xc44f, 0xe46f,
            ],
        ),
        (
            O_HORN,
            [
                0x00d4, 0x00f4, 0xd9d4, 0xf9f4, 0xd8d4, 0xf8f4, 0xdbd4, 0xfbf4, 0xd5d4, 0xf5f4,
                0xcfd4, 0xeff4,
            ],
        ),
        (
            U,
            [
                0x0055, 0x0075, 0xd955, 0xf975, 0xd855, 0xf875, 0xdb55, 0xfb75, 0xd555, 0xf575,
                0xcf55, 0xef75,
            ],
        ),
        (
            U_HORN,
            [
                0x00d6, 0x00f6, 0xd9d6, 0xf9f6, 0xd8d6, 0xf8f6, 0xdbd6, 0xfbf6, 0xd5d6, 0xf5f6,
                0xcfd6, 0xeff6,
            ],
        ),
        (
            Y,
            [
                0x0059, 0x0079, 0xd959, 0xf979, 0xd859, 0xf879, 0xdb59, 0xfb79, 0xd559, 0xf579,
                0x00ce, 0x00ee,
            ],
        ),
    ];

    #[test]
    fn agrees_with_unikey_table() {
        for (row, words) in UNIKEY {
            for (i, w) in words.into_iter().enumerate() {
                let (tone, upper) = (i / 2, i % 2 == 0);
                let c = letters::compose(row, tone, upper);
                let [base, mark] = [(w & 0xFF) as u8, (w >> 8) as u8];
                let bytes: Vec<u8> = [base, mark].into_iter().filter(|&b| b != 0).collect();
                assert_eq!(encode(&c.to_string()), Some(bytes.clone()), "{c}");
                assert_eq!(decode(&bytes), c.to_string());
            }
        }
    }

    #[test]
    fn signatures() {
        for (vni, uni) in [
            ("Ñieàu", "Điều"),
            ("Chöông", "Chương"),
            ("höông öôùc", "hương ước"),
            ("phuï nöõ", "phụ nữ"),
            ("Coäng hoøa", "Cộng hòa"),
            ("Vieät Nam", "Việt Nam"),
            (
                "Ñoäc laäp - Töï do - Haïnh phuùc",
                "Độc lập - Tự do - Hạnh phúc",
            ),
        ] {
            assert_eq!(decode(&latin1(vni)), uni);
            assert_eq!(encode(uni), Some(latin1(vni)));
        }
    }
}
