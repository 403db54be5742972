//! Windows-1258: Latin letters plus ă â ê ô ơ ư đ, with the five tones as
//! combining bytes (0xCC U+0300, 0xEC U+0301, 0xD2 U+0309, 0xDE U+0303,
//! 0xF2 U+0323). Decoding goes through `encoding_rs::WINDOWS_1258`, whose
//! output is not NFC; the caller composes.

use unicode_normalization::char::{compose, decompose_canonical};

/// Decodes Windows-1258 bytes (not yet NFC).
pub(crate) fn decode(bytes: &[u8]) -> String {
    let (s, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    s.into_owned()
}

fn tone_byte(c: char) -> Option<u8> {
    match c {
        '\u{300}' => Some(0xCC),
        '\u{301}' => Some(0xEC),
        '\u{309}' => Some(0xD2),
        '\u{303}' => Some(0xDE),
        '\u{323}' => Some(0xF2),
        _ => None,
    }
}

/// Encodes text as Windows-1258, splitting off tones the way Windows-1258
/// text is typed: base letter (with its vowel mark) then the tone byte.
pub(crate) fn encode(text: &str) -> Option<Vec<u8>> {
    // The chart, read back from encoding_rs, serves as the reverse table.
    let high: Vec<char> = decode(&(0x80..=0xFF).collect::<Vec<u8>>())
        .chars()
        .collect();
    let lookup = |c: char| -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        high.iter().position(|&h| h == c).map(|i| 0x80 + i as u8)
    };
    let mut out = Vec::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        if let Some(b) = lookup(c) {
            out.push(b);
            continue;
        }
        let mut base: Option<char> = None;
        let mut tone = None;
        let mut ok = true;
        decompose_canonical(c, |d| match tone_byte(d) {
            Some(t) if tone.is_none() => tone = Some(t),
            Some(_) => ok = false,
            None => {
                base = match base {
                    None => Some(d),
                    Some(b) => compose(b, d),
                };
                ok &= base.is_some();
            }
        });
        if !ok {
            return None;
        }
        out.push(lookup(base?)?);
        out.extend(tone);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legacy::letters::{VOWELS, VOWELS_UPPER};
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn all_134_letters_round_trip() {
        for row in 0..12 {
            for tone in 0..6 {
                for c in [VOWELS[row][tone], VOWELS_UPPER[row][tone]] {
                    let s = c.to_string();
                    let b = encode(&s).unwrap();
                    assert!(b.len() <= 2);
                    assert_eq!(decode(&b).nfc().collect::<String>(), s);
                }
            }
        }
        assert_eq!(encode("đĐ"), Some(vec![0xF0, 0xD0]));
    }

    #[test]
    fn known_bytes() {
        // ệ = ê (0xEA) + dot below (0xF2); seen through cp1252 as "êò".
        assert_eq!(encode("Việt"), Some(b"Vi\xEA\xF2t".to_vec()));
        assert_eq!(encode("ư ơ ă"), Some(b"\xFD \xF5 \xE3".to_vec()));
        assert_eq!(encode("ñ"), Some(vec![0xF1]));
        assert_eq!(encode("ş"), None);
    }
}
