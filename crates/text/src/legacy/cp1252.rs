//! Windows-1252 as the bridge between bytes and code points. Legacy text that
//! went through a Western code page shows up as Latin-1 letters plus the
//! cp1252 specials in 0x80–0x9F; mapping each character back to its byte
//! recovers what the legacy table needs.

/// cp1252 0x80–0x9F (WHATWG/Microsoft chart). The five unassigned bytes
/// decode to the C1 control of the same value, as WHATWG and encoding_rs do,
/// so every byte survives a round trip.
const SPECIALS: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// The cp1252 character for a byte.
pub(crate) fn byte_to_char(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        SPECIALS[usize::from(b - 0x80)]
    } else {
        char::from(b)
    }
}

/// The byte a character came from when bytes were read as cp1252 (or as
/// Latin-1, hence C1 controls map to themselves). `None` means the character
/// cannot have come from an 8-bit legacy byte.
pub(crate) fn char_to_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x100 {
        return Some(u as u8);
    }
    SPECIALS
        .iter()
        .position(|&s| s == c)
        .map(|i| 0x80 + i as u8)
}

/// Decodes bytes as cp1252.
pub(crate) fn decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| byte_to_char(b)).collect()
}

/// Maps text back to the 8-bit bytes it was read from, or `None` if some
/// character is beyond cp1252.
pub(crate) fn to_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars().map(char_to_byte).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_encoding_rs_for_every_byte() {
        for b in 0..=255u8 {
            let buf = [b];
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
            let c = s.chars().next().unwrap();
            assert_eq!(byte_to_char(b), c, "{b:#x}");
            assert_eq!(char_to_byte(c), Some(b));
        }
    }
}
