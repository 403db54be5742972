//! UTF-8 that was read as Windows-1252 and saved again ("Viá»‡t" for
//! "Việt"). Undoing it maps each character back to its cp1252 byte and
//! reads the bytes as UTF-8, as ftfy does.

use super::cp1252;

/// Undoes the double encoding, or `None` if the text cannot be cp1252.
/// Bytes that are not UTF-8 become U+FFFD, which scoring penalises.
pub(crate) fn decode(text: &str) -> Option<String> {
    let bytes = cp1252::to_bytes(text)?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Produces the mojibake for `text`.
pub(crate) fn encode(text: &str) -> String {
    cp1252::decode(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_forms() {
        assert_eq!(encode("Việt Nam"), "Viá»‡t Nam");
        assert_eq!(encode("đ"), "Ä‘");
        assert_eq!(encode("ư"), "Æ°");
        assert_eq!(encode("ơ"), "Æ¡");
        assert_eq!(decode("Viá»‡t Nam").as_deref(), Some("Việt Nam"));
        assert_eq!(decode("Ä‘").as_deref(), Some("đ"));
    }

    #[test]
    fn undefined_cp1252_bytes_survive() {
        // "Ý" is C3 9D; 0x9D has no cp1252 character.
        let m = encode("Ý Ấ");
        assert_eq!(decode(&m).as_deref(), Some("Ý Ấ"));
    }
}
