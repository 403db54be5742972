//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, VIQR,
//! Windows-1258 and UTF-8 mojibake (UTF-8 read as cp1252 and saved again).
//!
//! Detection works per paragraph, because files that mix encodings are real.
//! A trial decoding is accepted only when it clearly scores better, as
//! Vietnamese, than the text left as it is.

/// A legacy encoding this module can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3, the ".VnTime" fonts (ABC).
    Tcvn3,
    /// VNI-Windows, the "VNI-Times" fonts.
    Vni,
    /// VIQR (RFC 1456), Vietnamese in ASCII.
    Viqr,
    /// Windows-1258 with combining tone marks.
    Windows1258,
    /// UTF-8 that was read as Windows-1252 and saved again.
    Utf8Mojibake,
}

impl Legacy {
    /// The name used in reports and accepted by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
            Legacy::Viqr => "viqr",
            Legacy::Windows1258 => "windows-1258",
            Legacy::Utf8Mojibake => "utf-8-mojibake",
        }
    }

    /// Parses a name as printed by [`Legacy::name`].
    pub fn from_name(name: &str) -> Option<Legacy> {
        [
            Legacy::Tcvn3,
            Legacy::Vni,
            Legacy::Viqr,
            Legacy::Windows1258,
            Legacy::Utf8Mojibake,
        ]
        .into_iter()
        .find(|l| l.name() == name)
    }

    /// The legacy encoding a font name implies: `.Vn*` is TCVN3 and
    /// `VNI-*` is VNI (subset tags such as `ABCDEF+` are ignored).
    pub fn from_font(font: &str) -> Option<Legacy> {
        let font = font.rsplit('+').next().unwrap_or(font).trim();
        if font.starts_with(".Vn") || font.starts_with(".vn") {
            Some(Legacy::Tcvn3)
        } else if font.to_ascii_uppercase().starts_with("VNI") {
            Some(Legacy::Vni)
        } else {
            None
        }
    }
}

/// What detection found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// Nothing was converted.
    None,
    /// Every converted paragraph used this encoding.
    One(Legacy),
    /// Paragraphs used different encodings.
    Mixed,
}

/// Text after legacy repair, with what was detected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The repaired text, UTF-8 in NFC.
    pub text: String,
    /// The encodings found.
    pub detected: Detected,
}

/// Decodes bytes that are not valid UTF-8, choosing the legacy encoding per
/// paragraph. `force` skips detection. Bytes that fit no legacy table decode
/// as Windows-1252 so that nothing is lost.
pub fn decode_bytes(bytes: &[u8], force: Option<Legacy>) -> Repaired {
    // Placeholder until the tables land: Windows-1252 keeps every byte visible.
    let _ = force;
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    Repaired {
        text: text.into_owned(),
        detected: Detected::None,
    }
}

/// Repairs valid UTF-8 text that carries a legacy encoding: VIQR, mojibake,
/// or TCVN3/VNI bytes that came through as Latin-1 code points (as in .docx
/// runs set in a .VnTime font). `hint` is the strongest signal, such as a
/// font name; without it, detection scores each paragraph.
pub fn repair_str(text: &str, hint: Option<Legacy>) -> Repaired {
    let _ = hint;
    Repaired {
        text: text.to_owned(),
        detected: Detected::None,
    }
}
