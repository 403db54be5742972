//! Telling formats apart by content, because covenant files travel by
//! e-mail and Zalo with wrong or missing extensions.

use crate::Format;

const OLE2_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ODT_MIME: &[u8] = b"application/vnd.oasis.opendocument.text";

/// Guesses the format of a file from its first bytes, falling back on the
/// extension (without the dot, any case) only when the content says nothing.
///
/// Magic bytes win over the extension: a `.txt` that is really a .docx is
/// [`Format::Docx`]. A zip that is neither a .docx nor an .odt is taken by
/// its extension, else as [`Format::Text`].
pub fn sniff(bytes: &[u8], extension: Option<&str>) -> Format {
    let ext = extension
        .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        if let Some(f) = sniff_zip(bytes) {
            return f;
        }
        return match ext.as_str() {
            "docx" | "docm" | "dotx" => Format::Docx,
            "odt" | "ott" => Format::Odt,
            _ => Format::Text,
        };
    }
    if bytes.starts_with(b"%PDF-") || starts_after_junk(bytes, b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return Format::Doc;
    }
    if looks_like_html(bytes) || matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        return Format::Html;
    }
    Format::Text
}

/// PDF readers accept a header within the first KiB; some generators put
/// garbage (or a BOM) before it.
fn starts_after_junk(bytes: &[u8], magic: &[u8]) -> bool {
    find(&bytes[..bytes.len().min(1024)], magic).is_some()
}

fn sniff_zip(bytes: &[u8]) -> Option<Format> {
    // ODF stores "mimetype" first and uncompressed, right after its name.
    // It is looked at first: an .odt may embed a .docx stored as is, whose
    // entry names then appear in clear further in.
    if find(&bytes[..bytes.len().min(200)], ODT_MIME).is_some() {
        return Some(Format::Odt);
    }
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // Local file headers carry entry names in clear, so a raw search
        // still recognises a truncated package (which then fails in
        // `extract` with a precise Corrupt error rather than being misread
        // as text).
        return find(bytes, b"word/document.xml").map(|_| Format::Docx);
    };
    if archive.index_for_name("word/document.xml").is_some() {
        return Some(Format::Docx);
    }
    let mut entry = archive.by_name("mimetype").ok()?;
    let mut mime = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut entry, 100), &mut mime).ok()?;
    mime.starts_with(ODT_MIME).then_some(Format::Odt)
}

/// The first char of `bytes` read as UTF-8 that is not whitespace, as
/// `String::from_utf8_lossy(bytes).trim_start()` begins: U+FFFD for an
/// invalid sequence.
fn first_visible(bytes: &[u8]) -> Option<char> {
    for chunk in bytes.utf8_chunks() {
        if let Some(c) = chunk.valid().chars().find(|c| !c.is_whitespace()) {
            return Some(c);
        }
        if !chunk.invalid().is_empty() {
            return Some(char::REPLACEMENT_CHARACTER);
        }
    }
    None
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 {
        // A plain-text covenant begins with a letter: answered from its
        // first byte past ASCII spaces, before its head is decoded. A
        // non-ASCII first char (which may be a Unicode space) goes on.
        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let first = body
            .iter()
            .find(|&&b| !(b.is_ascii() && char::from(b).is_whitespace()));
        if first.is_some_and(|&b| b.is_ascii() && b != b'<') || first.is_none() {
            return false;
        }
        // A covenant that begins with a Vietnamese letter ("Ủy ban") is
        // answered from that letter, before the lossy decoding below.
        if first_visible(body) != Some('<') {
            return false;
        }
    }
    let text: String = if utf16 {
        let (enc, _) = encoding_rs::Encoding::for_bom(head).unwrap_or((encoding_rs::UTF_8, 0));
        enc.decode(head).0.into_owned()
    } else {
        String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)).into_owned()
    };
    // Every sign below begins with "<": text that does not, every
    // covenant typed as plain text, is answered before the Unicode
    // lowercasing of 2 KB of Vietnamese.
    if !text.trim_start().starts_with('<') {
        return false;
    }
    let lower = text.trim_start().to_lowercase();
    // An XML declaration followed by an XHTML root is HTML too.
    let lower = match lower.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or("", |x| x.1)
            .trim_start()
            .to_string(),
        None => lower,
    };
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<p",
        "<div",
        "<table",
        "<h1",
        "<!--",
    ]
    .iter()
    .any(|tag| {
        lower.starts_with(tag)
            && lower[tag.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() || *tag == "<!doctype html" || *tag == "<!--")
    }) && (!lower.starts_with("<!--")
        || lower.contains("<html")
        || lower.contains("<body")
        || lower.contains("<p"))
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    // Asked of the first KiB of every file (is it a PDF?): a comparison
    // of the needle at each byte cost more than decoding the file's head.
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::{find, first_visible, looks_like_html};

    proptest::proptest! {
        /// The first visible char is the one the lossy decoding shows
        /// first once trimmed, and `find` finds what a naive search does.
        #[test]
        fn shortcuts_agree_with_the_long_way(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    b' ', b'\t', b'\n', b'<', b'a', b'%', b'P', 0xC2, 0xA0, 0xE3, 0x80, 0x80,
                    0xE1, 0xBB, 0xA6, 0xFF, 0xEF, 0xBB, 0xBF,
                ]),
                0..24,
            ),
            needle in proptest::collection::vec(proptest::sample::select(vec![b'<', b'a', 0x80, b' ']), 1..4),
        ) {
            let lossy = String::from_utf8_lossy(&bytes);
            proptest::prop_assert_eq!(first_visible(&bytes), lossy.trim_start().chars().next());
            let naive = bytes.windows(needle.len()).position(|w| w == needle.as_slice());
            proptest::prop_assert_eq!(find(&bytes, &needle), naive);
        }
    }

    #[test]
    fn html_is_told_from_its_first_char_however_it_is_spaced() {
        for (head, html) in [
            (&b"<html><body>x</body></html>"[..], true),
            (b" \t\r\n\x0b\x0c<p>x</p>", true),
            (b"\xEF\xBB\xBF <div>x</div>", true),
            ("\u{a0}\u{3000}<table>".as_bytes(), true),
            (b"Huong uoc <html>", false),
            ("Hương ước thôn <p>".as_bytes(), false),
            ("Ủy ban nhân dân <html>".as_bytes(), false),
            ("\u{a0}Ủy ban <p>".as_bytes(), false),
            ("\u{2003}\u{3000}<body>".as_bytes(), true),
            ("\u{2003}\u{feff}<body>".as_bytes(), false),
            (b"\x1c<html>", false),
            (b"   ", false),
            (b"", false),
            (b"\xFF\xFE<\0h\0t\0m\0l\0>\0", true),
            (b"\xFF<html>", false),
        ] {
            assert_eq!(
                looks_like_html(head),
                html,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }
}
