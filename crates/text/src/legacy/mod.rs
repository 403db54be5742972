//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, VIQR,
//! Windows-1258 and UTF-8 mojibake (UTF-8 read as cp1252 and saved again).
//!
//! Detection works per paragraph (line), because files that mix encodings
//! are real. Each paragraph is decoded with every table that can apply and
//! each result is scored word by word against a model of the Vietnamese
//! syllable (onset, vowel cluster with tone placement, coda, stop codas
//! taking only sắc or nặng): a word with Vietnamese letters that forms a
//! syllable counts +1, a word with foreign letters or stray symbols ("§iÒu",
//! "Müller") counts −1, ASCII words and one-letter words count 0. A decoding
//! is accepted when it
//!
//! - beats the text as it is by at least 2 points,
//! - has two good words, or one of three letters or more with no ASCII word
//!   beside it that could not be Vietnamese ("Ch­¬ng II" yes, "0x13F 'l·'"
//!   no),
//! - has at least 4 good words per bad one,
//! - turns at least a quarter of the paragraph's words into syllables, and
//! - scores strictly higher than every other table's decoding.
//!
//! VIQR, which stays ASCII, is scored on the words it changes, with the same
//! density and ratio, and needs two changed words unless one of them uses a
//! vowel mark (`^ ( +`) or `dd`, or has a tone between letters and three
//! letters or more ("Mu.c 1"). Only prose-like tokens count for it: quoted
//! identifiers and code ('a', `go`, x.e(y)) count against, and a word whose
//! only mark is a final `.` or `?` is no evidence, since English ends
//! sentences that way. Mojibake whose bytes are valid UTF-8 is accepted on
//! an equal score.
//!
//! A paragraph with weak evidence (fewer than 3 good words) follows the
//! encoding holding two thirds of the document's evidence, when that does
//! not make it score worse; a tie goes to the document only if the text as
//! it is has no Vietnamese word of its own. A font hint outranks all of
//! this (see [`repair_str`]).
//!
//! Tables are written from published charts (see each module) and tested
//! byte for byte. [`encode`] builds legacy fixtures from Unicode text.
//! Nothing here removes soft hyphens: U+00AD is "ư" in TCVN3.

mod cp1252;
mod cp1258;
mod detect;
mod letters;
mod mojibake;
mod tcvn3;
mod viqr;
mod vni;

use unicode_normalization::UnicodeNormalization;

use detect::{Para, Source};

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

/// Whether a font draws every letter as a capital: the TCVN3 "H" fonts
/// (".VnTimeH", ".VnArialH", …), in which headings are typed with the
/// lowercase codes because TCVN3 has no accented capitals. Text in such a
/// font reads in capitals on screen and should be uppercased once decoded.
pub fn capitals_font(font: &str) -> bool {
    let name = font.rsplit('+').next().unwrap_or(font).trim();
    Legacy::from_font(name) == Some(Legacy::Tcvn3) && name.ends_with('H')
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
///
/// Paragraphs (lines) that happen to be valid UTF-8 are read as UTF-8 and
/// then go through the same checks as [`repair_str`], so VIQR and mojibake
/// lines are repaired too. With `force`, every paragraph is decoded with
/// that table and `detected` is `One(force)`.
pub fn decode_bytes(bytes: &[u8], force: Option<Legacy>) -> Repaired {
    if let Some(enc) = force {
        return Repaired {
            text: force_decode(bytes, enc),
            detected: Detected::One(enc),
        };
    }
    let paras: Vec<(Para, &[u8])> = lines(bytes)
        .map(|(body, end)| {
            let src = match std::str::from_utf8(body) {
                Ok(s) => Source::Text(s),
                Err(_) => Source::Bytes(body),
            };
            (Para::new(src), end)
        })
        .collect();
    finish(paras, None, |end| {
        // Line ends are ASCII and so valid UTF-8.
        String::from_utf8_lossy(end).into_owned()
    })
}

/// Whether valid UTF-8 text may carry a legacy encoding at all. Clean
/// Vietnamese Unicode and plain ASCII prose, the common case, answer `false`
/// cheaply, so callers can skip [`repair_str`] and the copy it returns.
pub fn may_need_repair(text: &str) -> bool {
    if text.is_ascii() {
        detect::shows_viqr(text)
    } else {
        text_lines(text).any(|line| !holds_sure_unicode(line) && maybe_legacy_line(line))
    }
}

/// The lines of `text` as `split('\n')` gives them, found with the
/// vectorised `memchr` (std's search for a char is a word at a time).
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

/// Whether `line` holds a letter of U+0100..U+013F (ă, đ, ĩ), ơ or ư, or
/// a letter of Latin Extended Additional (ạ, ế, ữ): told from its UTF-8
/// bytes, without decoding the line. Such a letter is in no 8-bit table
/// (cp1252 has none of them), so [`maybe_legacy_line`] answers `false`
/// for any line that holds one: nearly every line of Vietnamese Unicode
/// does ("Chương II" by its ư), and is turned away here after a few bytes.
fn holds_sure_unicode(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr3_iter(0xC4, 0xC6, 0xE1, bytes).any(|i| match bytes[i] {
        0xC4 => true,
        // Ơ ơ Ư ư (U+01A0, U+01A1, U+01AF, U+01B0); cp1252 has ƒ (U+0192).
        0xC6 => matches!(bytes.get(i + 1), Some(0xA0 | 0xA1 | 0xAF | 0xB0)),
        _ => matches!(bytes.get(i + 1), Some(0xB8..=0xBB)),
    })
}

/// Repairs valid UTF-8 text that carries a legacy encoding: VIQR, mojibake,
/// or TCVN3/VNI bytes that came through as Latin-1 code points (as in .docx
/// runs set in a .VnTime font). `hint` is the strongest signal, such as a
/// font name; without it, detection scores each paragraph.
///
/// With a hint, a paragraph is converted unless it cannot hold 8-bit legacy
/// text (it has characters such as "ệ" or "đ" beyond Windows-1252) or the
/// hinted decoding scores clearly worse than the text as it is.
pub fn repair_str(text: &str, hint: Option<Legacy>) -> Repaired {
    if hint.is_none() && !may_need_repair(text) {
        return Repaired {
            text: to_nfc(text.to_owned()),
            detected: Detected::None,
        };
    }
    finish(text_paras(text), hint, |end| end.to_owned())
}

/// What [`repair_str`] without a hint finds, or `None` when it would leave
/// the text as it is (but for NFC): valid UTF-8 files, whose text is then
/// kept, need not have it rebuilt and composed again.
pub(crate) fn repair_changes(text: &str) -> Option<Repaired> {
    if !may_need_repair(text) {
        return None;
    }
    let paras = text_paras(text);
    let doc = detect::document_encoding(paras.iter().filter_map(|(p, _)| p.winner()));
    if paras.iter().all(|(p, _)| p.decide(None, doc).is_none()) {
        return None;
    }
    Some(finish(paras, None, |end| end.to_owned()))
}

fn text_paras(text: &str) -> Vec<(Para, &str)> {
    text.split_inclusive('\n')
        .map(|line| {
            let body = line.trim_end_matches(['\n', '\r']);
            (Para::new(Source::Text(body)), &line[body.len()..])
        })
        .collect()
}

/// Encodes Unicode text in a legacy encoding, to build test fixtures.
///
/// The bytes are what a file in that encoding holds; for [`Legacy::Viqr`]
/// and [`Legacy::Utf8Mojibake`] they are UTF-8 (ASCII for VIQR apart from
/// non-ASCII punctuation such as “ ” – —, which VIQR leaves alone). The text
/// is put in NFC first. Returns `None` if some character has no encoding
/// (for example "ñ" in TCVN3 or VIQR).
///
/// TCVN3 has no accented capitals: they are written with the lowercase
/// codes, as the ".VnTimeH" fonts do. Decoding restores them in words and
/// lines written in capitals ("HƯƠNG ƯỚC") but not in a word with one
/// capital ("Lễ" stays, "Ở" comes back "ở"). Compare TCVN3 round trips
/// after lowercasing. VIQR writes literal `.`, `?`, `'` and the
/// like after a vowel, and a literal "dd", with the RFC 1456 escape `\`.
///
/// Characters that the 8-bit tables need for letters cannot be written:
/// the soft hyphen U+00AD and "Ð" (U+00D0, often typed for "Đ") in TCVN3
/// and VNI, and anything outside Windows-1258 (such as U+200B) in it.
pub fn encode(text: &str, enc: Legacy) -> Option<Vec<u8>> {
    let text: String = text.nfc().collect();
    match enc {
        Legacy::Tcvn3 => tcvn3::encode(&text),
        Legacy::Vni => vni::encode(&text),
        Legacy::Viqr => viqr::encode(&text).map(String::into_bytes),
        Legacy::Windows1258 => cp1258::encode(&text),
        Legacy::Utf8Mojibake => Some(mojibake::encode(&text).into_bytes()),
    }
}

/// Whether a line of UTF-8 text shows legacy text: every character maps
/// to a cp1252 byte, some are not ASCII and some word is no Vietnamese
/// syllable, or it is ASCII with VIQR marks. Lines with letters such as
/// "ệ" are proper Unicode already. A document is repaired when any line
/// shows legacy text; then every line is weighed, as before.
fn maybe_legacy_line(line: &str) -> bool {
    if line.is_ascii() {
        return detect::shows_viqr(line);
    }
    // An upper-case heading whose only non-ASCII letters are Vietnamese
    // capitals that Latin-1 also has ("UBND XÃ QUANG LONG", "GIÀ LÀNG") is
    // Unicode already. Lower case is left to detection: Windows-1258 tone
    // marks read as Latin-1 are letters too ("Viêòt").
    if line
        .chars()
        .all(|c| (c.is_ascii() && !c.is_ascii_lowercase()) || is_latin1_vietnamese_capital(c))
    {
        return false;
    }
    (line.chars().all(|c| cp1252::char_to_byte(c).is_some()) && !detect::reads_as_unicode(line))
        || (!line.chars().any(detect::is_non_ascii_letter) && detect::shows_viqr(line))
}

/// Latin-1 capitals of Vietnamese, without Ì and Ò, which Windows-1258
/// uses for its grave and hook tone marks.
fn is_latin1_vietnamese_capital(c: char) -> bool {
    "ÀÁÂÃÈÉÊÍÓÔÕÙÚÝ".contains(c)
}

/// Splits bytes into (body, line end) pairs; the line end is "\n" or
/// "\r\n" or empty at the end.
fn lines(bytes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    bytes.split_inclusive(|&b| b == b'\n').map(|line| {
        let mut body = line;
        while let [rest @ .., b'\n' | b'\r'] = body {
            body = rest;
        }
        (body, &line[body.len()..])
    })
}

fn force_decode(bytes: &[u8], enc: Legacy) -> String {
    let text = match enc {
        Legacy::Viqr => viqr::decode(&String::from_utf8_lossy(bytes)).0,
        Legacy::Utf8Mojibake => {
            let s = String::from_utf8_lossy(bytes);
            mojibake::decode(&s).unwrap_or_else(|| s.into_owned())
        }
        Legacy::Tcvn3 => {
            tcvn3::restore_capitals(&detect::decode_8bit(bytes, enc).unwrap_or_default())
        }
        _ => detect::decode_8bit(bytes, enc).unwrap_or_default(),
    };
    to_nfc(text)
}

/// Applies the per-paragraph decisions: a font hint first, then each
/// paragraph's own winner, with the document's dominant encoding settling
/// paragraphs that have too little evidence to decide alone.
fn finish<E>(paras: Vec<(Para, E)>, hint: Option<Legacy>, end: impl Fn(E) -> String) -> Repaired {
    let doc = detect::document_encoding(paras.iter().filter_map(|(p, _)| p.winner()));
    let mut text = String::new();
    let mut used = Vec::new();
    for (para, e) in paras {
        // A decision always names a decoding that changed the text.
        let choice = para.decide(hint, doc);
        used.extend(choice);
        text.push_str(&para.into_text(choice));
        text.push_str(&end(e));
    }
    Repaired {
        text: to_nfc(text),
        detected: detect::summarize(used),
    }
}

fn to_nfc(s: String) -> String {
    detect::nfc(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`may_need_repair`] answered before its shortcut.
    fn reference(text: &str) -> bool {
        if text.is_ascii() {
            detect::shows_viqr(text)
        } else {
            text.split('\n').any(maybe_legacy_line)
        }
    }

    #[test]
    fn every_sure_letter_is_a_letter_no_8_bit_table_holds() {
        let sure = (0x100..=0x13F)
            .chain([0x1A0, 0x1A1, 0x1AF, 0x1B0])
            .chain(0x1E00..=0x1EFF);
        for c in sure.filter_map(char::from_u32) {
            assert!(detect::is_non_ascii_letter(c), "{c:?}");
            assert_eq!(cp1252::char_to_byte(c), None, "{c:?}");
            assert!(holds_sure_unicode(&c.to_string()), "{c:?}");
            // So the long way turns the line away too.
            assert!(!maybe_legacy_line(&format!("Ho.c {c} §iÒu")), "{c:?}");
        }
        for c in ['ơ', 'Ư', 'ũ', 'ƒ', 'Ɲ', 'Œ', 'ᴀ', 'Ḁ', 'ā', 'ÿ'] {
            let sure =
                matches!(c as u32, 0x100..=0x13F | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1E00..=0x1EFF);
            assert_eq!(holds_sure_unicode(&c.to_string()), sure, "{c:?}");
        }
    }

    #[test]
    fn lines_are_split_as_split_gives_them() {
        for text in ["", "\n", "a", "a\n", "\na\n\nb", "ạ\r\nb\n"] {
            let ours: Vec<&str> = text_lines(text).collect();
            let std: Vec<&str> = text.split('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    /// Pieces of clean and legacy Vietnamese, VIQR and Latin-1 headings.
    fn covenant_ish() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "Điều 3. ",
            "người ",
            "được ",
            "con gái ",
            "ă",
            "đ",
            "ĩ",
            "ữ",
            "ạ",
            "Ḁ",
            "Ā",
            "UBND XÃ ",
            "GIÀ LÀNG ",
            "§iÒu ",
            "Ph¹m vi ",
            "Ho.c sinh ",
            "Vie^.t ",
            "ơ",
            "ư",
            "Œ",
            "\n",
            "\r\n",
            " ",
            "ab",
            "“",
            "é",
            "Ì",
            "1.",
        ]);
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn shortcut_agrees_with_the_long_way(text in covenant_ish()) {
            prop_assert_eq!(may_need_repair(&text), reference(&text));
        }

        #[test]
        fn shortcut_agrees_on_any_text(text in "\\PC{0,60}") {
            prop_assert_eq!(may_need_repair(&text), reference(&text));
        }
    }
}
