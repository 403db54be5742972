//! TCVN3 (TCVN 5712:1993 VN3, the ABC ".VnTime" fonts).
//!
//! Source: the TCVN 5712 chart as published in glibc
//! `localedata/charmaps/TCVN5712-1`, restricted to 0xA0–0xFF. VN3 is the
//! part of VN1 that lives there; VN1's capitals in 0x80–0x9F and in C0
//! positions are not used by VN3 documents, whose 0x80–0x9F hold the
//! Windows-1252 quotes and dashes (as Unikey's TCVN3 table keeps them,
//! `fcitx5-unikey unikey/data.cpp`). The lowercase codes were checked
//! against Unikey's table and `xvnkb tcvn.h`.
//!
//! The few VN1 accented capitals that sit in 0xA0–0xFF (0xAF, 0xBA, …)
//! decode as the chart says; VN3 fonts draw capitals through the "H" fonts
//! instead, reusing the lowercase codes, so case is lost (see
//! [`encode`]).

use super::cp1252;
use super::letters::{self, A_BREVE, A_CIRC, E_CIRC, O_CIRC, O_HORN, U_HORN};

/// 0xA0–0xFF. 0xB0–0xB4 are combining tone marks, hence the NFC pass.
const HIGH: [char; 96] = [
    // 0xA0
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ',
    // 0xB0
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // 0xC0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ',
    // 0xD0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò',
    // 0xE0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',
    // 0xF0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

/// Lowercase codes per vowel row and tone (none, sắc, huyền, hỏi, ngã,
/// nặng), in the order of Unikey's and xvnkb's tables. Tests check every
/// entry against [`HIGH`], which was transcribed from the glibc chart.
pub(crate) const LOWER: [[u8; 6]; 12] = [
    [b'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9],
    [0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6],
    [0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB],
    [b'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1],
    [0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6],
    [b'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE],
    [b'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4],
    [0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9],
    [0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE],
    [b'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4],
    [0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9],
    [b'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE],
];

/// The only capitals TCVN3 has: the toneless Ă Â Ê Ô Ơ Ư (Đ is separate).
fn capital(row: usize) -> Option<u8> {
    match row {
        A_BREVE => Some(0xA1),
        A_CIRC => Some(0xA2),
        E_CIRC => Some(0xA3),
        O_CIRC => Some(0xA4),
        O_HORN => Some(0xA5),
        U_HORN => Some(0xA6),
        _ => None,
    }
}

/// The character for one TCVN3 byte.
pub(crate) fn byte_to_char(b: u8) -> char {
    if b >= 0xA0 {
        HIGH[usize::from(b - 0xA0)]
    } else {
        cp1252::byte_to_char(b)
    }
}

/// Decodes TCVN3 bytes (not yet NFC).
pub(crate) fn decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| byte_to_char(b)).collect()
}

/// Puts back the capitals that TCVN3 cannot write. ".VnTimeH" fonts draw
/// accented capitals with the lowercase codes, so "HƯƠNG ƯỚC" decodes as
/// "HƯƠNG ƯớC"; headings in that state are not recognised as headings. A
/// lowercase letter that TCVN3 has no capital code for (a toned vowel) is
/// made uppercase when its context is capitals: a line with no ASCII
/// lowercase letter and at least two capitals ("Xã ĐặNG Lễ" in an address
/// line), or a word with at least two capitals and no ASCII lowercase
/// letter ("ĐIềU"). Prose always has ASCII lowercase letters, and a word
/// such as "Lễ" with a single capital stays as it is.
///
/// Applied to decoded text only, after detection, since detection reads
/// "THừA" as the mark of TCVN3.
pub(crate) fn restore_capitals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let ascii_lower = line.chars().any(|c| c.is_ascii_lowercase());
        let capitals = line.chars().filter(|c| c.is_uppercase()).count();
        if !ascii_lower && capitals >= 2 {
            out.extend(line.chars().map(capital_of));
            continue;
        }
        let mut word = String::new();
        for c in line.chars() {
            if c.is_alphabetic() || is_combining_tone(c) {
                word.push(c);
                continue;
            }
            push_word(&mut out, &word);
            word.clear();
            out.push(c);
        }
        push_word(&mut out, &word);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    if capitals >= 2 && !word.chars().any(|c| c.is_ascii_lowercase()) {
        out.extend(word.chars().map(capital_of));
    } else {
        out.push_str(word);
    }
}

fn is_combining_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// The capital of a letter TCVN3 writes only in lowercase; other
/// characters (including ă â ê ô ơ ư đ, which have capital codes, and so
/// are lowercase on purpose) are returned as they are.
fn capital_of(c: char) -> char {
    if c.is_ascii() || !c.is_lowercase() || matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'đ')
    {
        return c;
    }
    match letters::vowel(c) {
        Some(_) => c.to_uppercase().next().unwrap_or(c),
        None => c,
    }
}

/// Encodes text as TCVN3. Accented capitals take the lowercase codes, as
/// the ".VnTimeH" fonts do, so they come back lowercase.
pub(crate) fn encode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let b = if c.is_ascii() {
            c as u8
        } else if let Some(v) = letters::vowel(c) {
            match (v.upper, v.tone, capital(v.row)) {
                (true, 0, Some(cap)) => cap,
                (true, 0, None) => LOWER[v.row][0].to_ascii_uppercase(),
                _ => LOWER[v.row][v.tone],
            }
        } else if c == 'đ' {
            0xAE
        } else if c == 'Đ' {
            0xA7
        } else {
            // Only the cp1252 specials and NBSP are free in 0x80–0xFF.
            match cp1252::char_to_byte(c)? {
                b @ (0x80..=0xA0) => b,
                _ => return None,
            }
        };
        out.push(b);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legacy::letters::{VOWELS, VOWELS_UPPER};

    #[test]
    fn capitals_come_back_in_capital_context_only() {
        let cases = [
            // Lines in capitals, as headings and address lines are.
            ("HƯƠNG ƯớC", "HƯƠNG ƯỚC"),
            ("THÔN AN THáI, Xã ĐặNG Lễ", "THÔN AN THÁI, XÃ ĐẶNG LỄ"),
            ("Uỷ BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"),
            // A capital word inside prose.
            (
                "Điều 5. QUYềN THừA Kế của con",
                "Điều 5. QUYỀN THỪA Kế của con",
            ),
            // Prose and words with one capital are left alone.
            ("Lễ hội làng", "Lễ hội làng"),
            ("ở với gia đình", "ở với gia đình"),
            // ă â ê ô ơ ư đ have capital codes: lowercase is meant.
            ("ĐÂY LÀ ăn", "ĐÂY LÀ ăn"),
        ];
        for (decoded, want) in cases {
            assert_eq!(restore_capitals(decoded), want, "{decoded}");
        }
    }

    #[test]
    fn lowercase_table_matches_the_chart() {
        for (row, tones) in LOWER.iter().enumerate() {
            for (tone, &b) in tones.iter().enumerate() {
                assert_eq!(byte_to_char(b), VOWELS[row][tone], "{b:#x}");
            }
        }
    }

    #[test]
    fn all_134_letters_round_trip() {
        for row in 0..12 {
            for tone in 0..6 {
                let lower = VOWELS[row][tone];
                let upper = VOWELS_UPPER[row][tone];
                let lb = encode(&lower.to_string()).unwrap();
                assert_eq!(lb.len(), 1);
                assert_eq!(decode(&lb), lower.to_string());
                // Capitals with tones share the lowercase code.
                let ub = encode(&upper.to_string()).unwrap();
                assert_eq!(decode(&ub).to_lowercase(), lower.to_string());
                if tone == 0 {
                    assert_eq!(decode(&ub), upper.to_string());
                }
            }
        }
        assert_eq!(decode(&encode("đĐ").unwrap()), "đĐ");
    }

    #[test]
    fn known_bytes() {
        for (c, b) in [
            ("à", 0xB5),
            ("á", 0xB8),
            ("ả", 0xB6),
            ("ã", 0xB7),
            ("ạ", 0xB9),
            ("ă", 0xA8),
            ("â", 0xA9),
            ("ê", 0xAA),
            ("ô", 0xAB),
            ("ơ", 0xAC),
            ("ư", 0xAD),
            ("đ", 0xAE),
            ("Ă", 0xA1),
            ("Â", 0xA2),
            ("Ê", 0xA3),
            ("Ô", 0xA4),
            ("Ơ", 0xA5),
            ("Ư", 0xA6),
            ("Đ", 0xA7),
        ] {
            assert_eq!(encode(c), Some(vec![b]), "{c}");
        }
    }

    #[test]
    fn cp1252_quotes_stay_quotes() {
        assert_eq!(
            decode(&[0x93, b'a', 0x94, 0x96]),
            "\u{201C}a\u{201D}\u{2013}"
        );
        assert_eq!(encode("“–—”"), Some(vec![0x93, 0x96, 0x97, 0x94]));
        assert_eq!(encode("ñ"), None);
    }
}
