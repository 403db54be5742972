//! No input may panic `sniff` or `extract`: random bytes, and valid files
//! truncated or with bytes flipped, for every format.

mod common;

use common::*;
use huonguoc_formats::{Format, Limits, extract, sniff, text_quality};
use proptest::prelude::*;

const ALL: [Format; 6] = [
    Format::Text,
    Format::Docx,
    Format::Odt,
    Format::Html,
    Format::Pdf,
    Format::Doc,
];

fn samples() -> Vec<Vec<u8>> {
    let numbering = r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)%2.%9"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"#;
    let body = format!(
        "{}{}<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
        np(1, 0, "Khoản"),
        np(1, 9, "sâu"),
        p("Điều 1")
    );
    vec![
        docx(&body, Some(numbering), None, &[]),
        odt(
            r#"<text:list text:style-name="L"><text:list-item><text:p>Một<text:s text:c="2"/></text:p></text:list-item></text:list>"#,
            r#"<text:list-style style:name="L"><text:list-level-style-number text:level="1" style:num-format="a" text:display-levels="3"/></text:list-style>"#,
            "",
        ),
        "<html><body><ol type=a start=-3><li>x<li value=0>y</ol><p>Vi&#7879;t &bogus; &#xFFFFFFFF;</p><pre>a\nb</pre>"
            .as_bytes()
            .to_vec(),
        pdf(&[b"Dieu", b"1.", b"Pham vi"], &[(0x80, 0x1A2)]),
    ]
}

fn exercise(bytes: &[u8]) {
    let limits = Limits {
        max_uncompressed: 4 * 1024 * 1024,
        ..Limits::default()
    };
    let _ = sniff(bytes, None);
    let _ = sniff(bytes, Some("html"));
    for format in ALL {
        if let Ok(x) = extract(bytes, format, &limits) {
            let _ = text_quality(&x.text());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), prefix in 0usize..6) {
        // Give the random tail each magic number so every reader is reached.
        let magics: [&[u8]; 6] = [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"<html>", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], b"\xEF\xBB\xBF<p"];
        let mut input = magics[prefix].to_vec();
        input.extend_from_slice(&bytes);
        exercise(&input);
    }

    #[test]
    fn damaged_valid_files_never_panic(
        which in 0usize..4,
        cut in 0.0f64..1.0,
        flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..8),
    ) {
        let mut bytes = samples().swap_remove(which);
        for (at, b) in flips {
            let i = ((bytes.len() as f64) * at) as usize;
            if i < bytes.len() {
                bytes[i] = b;
            }
        }
        let keep = ((bytes.len() as f64) * cut) as usize;
        exercise(&bytes[..keep.max(1)]);
        exercise(&bytes);
    }

    #[test]
    fn quality_never_panics(s in ".{0,400}") {
        let _ = text_quality(&s);
    }
}

#[test]
fn untouched_samples_extract() {
    for bytes in samples() {
        let format = sniff(&bytes, None);
        let x = extract(&bytes, format, &Limits::default())
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert!(!x.paragraphs.is_empty(), "{format:?}");
    }
}
