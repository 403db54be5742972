//! Files made to cheat the screening (issue 10): each must give its full
//! text or an error that names the limit, never a silent partial text.

mod common;

use common::*;
use huonguoc_formats::{ErrorKind, Format, Limits, extract};

const CLAUSE: &str = "Con gái không được chia đất";

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

/// XML that nests past quick-xml's 16-bit counter (65,536) used to drop
/// everything after the deep element, so a discriminatory paragraph behind
/// it vanished and the covenant read as compliant.
#[test]
fn deep_xml_is_an_error_naming_the_limit_or_keeps_all_text() {
    let docx_at = |depth| {
        // Short tags, as in the audit's 938-byte file: a long run of them
        // stays under the zip ratio check's 1 MiB floor.
        let deep = nested(depth, "<a>", "</a>");
        docx(
            &format!("{}{deep}{}", p("Điều 1."), p(CLAUSE)),
            None,
            None,
            &[],
        )
    };
    let odt_at = |depth| {
        let deep = nested(depth, "<a>", "</a>");
        odt(
            &format!("<text:p>Điều 1.</text:p><text:p>{deep}</text:p><text:p>{CLAUSE}</text:p>"),
            "",
            "",
        )
    };
    let small = Limits {
        max_xml_depth: 64,
        ..Limits::default()
    };
    let default = Limits::default();
    // (format, nesting depth, limits, whether the text must come out whole)
    let table: &[(Format, usize, &Limits, bool)] = &[
        (Format::Docx, 10, &small, true),
        (Format::Docx, 60, &small, true),
        (Format::Docx, 64, &small, false),
        (Format::Docx, 3000, &default, true),
        (Format::Docx, 65_536, &default, false),
        (Format::Docx, 70_000, &default, false),
        (Format::Odt, 60, &small, true),
        (Format::Odt, 64, &small, false),
        (Format::Odt, 65_540, &default, false),
    ];
    for &(format, depth, limits, whole) in table {
        let bytes = match format {
            Format::Docx => docx_at(depth),
            _ => odt_at(depth),
        };
        let got = extract(&bytes, format, limits);
        if whole {
            let text = got.expect("within the limit").text();
            assert!(text.ends_with(CLAUSE), "{format:?} {depth}: {text:?}");
        } else {
            let err = got.expect_err("beyond the limit");
            assert_eq!(err.kind(), ErrorKind::TooDeep, "{format:?} {depth}: {err}");
            let named = format!("max_xml_depth = {}", limits.max_xml_depth);
            assert!(err.to_string().contains(&named), "{err}");
        }
    }
}

/// Styles and numbering only add fonts and labels: a deep one is ignored
/// with a warning, and the text is still read in full.
#[test]
fn deep_styles_are_ignored_with_a_warning() {
    let deep = nested(70_000, "<a>", "</a>");
    let bytes = docx(&p(CLAUSE), Some(&deep), Some(&deep), &[]);
    let got = extract(&bytes, Format::Docx, &Limits::default()).expect("text is readable");
    assert_eq!(got.text(), CLAUSE);
    assert_eq!(got.warnings.len(), 2, "{:?}", got.warnings);
    assert!(got.warnings.iter().all(|w| w.contains("max_xml_depth")));
}

/// A zlib stream of `mib` MiB of zeros, built from one compressed MiB
/// repeated (each piece ends on a sync flush, so pieces chain), so that a
/// stream far larger than memory costs the test almost nothing to make.
fn zeros_zlib(mib: usize) -> Vec<u8> {
    use std::io::Write;
    let mut piece = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    piece.write_all(&vec![0u8; 1 << 20]).unwrap();
    piece.flush().unwrap();
    let piece = piece.get_ref().clone();
    let mut out = vec![0x78, 0xDA];
    for _ in 0..mib {
        out.extend_from_slice(&piece);
    }
    out
}

/// `mib` MiB of zeros, LZW-compressed as PDF does (early change).
fn zeros_lzw(mib: usize) -> Vec<u8> {
    let mut enc = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
    enc.encode(&vec![0u8; mib << 20]).unwrap()
}

/// ASCII85 of `data`, ended by `~>`.
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut v = u32::from_be_bytes(word);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = b'!' + (v % 85) as u8;
            v /= 85;
        }
        out.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}

/// A one-page PDF whose content stream is `data` under `filters`, written
/// as the dictionary's `/Filter` value.
fn pdf_with_stream(filters: &str, data: Vec<u8>) -> Vec<u8> {
    use lopdf::{Document, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! { "Filter" => "XFILTERX" }, data));
    let mut out = one_page(doc, pages_id, content_id, None);
    // The filter value is spliced in as written, to test arrays and
    // #-escaped names as an attacker would write them.
    let at = out.windows(9).position(|w| w == b"/XFILTERX").unwrap();
    out.splice(at..at + 9, filters.bytes());
    out
}

/// lopdf decodes streams without a bound: a 4 MB PDF inflating to 4 GiB
/// failed an allocation and aborted the batch. The streams are now decoded
/// into a counter first, through every filter lopdf knows, under
/// `max_uncompressed`.
#[test]
fn pdf_streams_inflate_under_the_budget() {
    let mib = |n: u64| n << 20;
    let tight = Limits {
        max_uncompressed: mib(1),
        ..Limits::default()
    };
    let default = Limits::default();
    let text = pdf(&[b"Dieu 1. Pham vi"], &[]);
    let flate = "/FlateDecode";
    // Twice compressed: the first stage alone stays small.
    let twice = {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&zeros_zlib(4)).unwrap();
        e.finish().unwrap()
    };
    // (file, limits, must it fail on the budget)
    let table: &[(Vec<u8>, &Limits, bool)] = &[
        (text.clone(), &tight, false),
        (pdf_with_stream(flate, zeros_zlib(2)), &tight, true),
        (pdf_with_stream(flate, zeros_zlib(2)), &default, false),
        // Past the default budget (200 MiB), as the audit's 4 GiB file is.
        (pdf_with_stream(flate, zeros_zlib(256)), &default, true),
        (
            pdf_with_stream("/Fl#61teDecode", zeros_zlib(2)),
            &tight,
            true,
        ),
        (pdf_with_stream("/LZWDecode", zeros_lzw(2)), &tight, true),
        (pdf_with_stream("/LZWDecode", zeros_lzw(2)), &default, false),
        (
            pdf_with_stream("[/ASCII85Decode /FlateDecode]", ascii85(&zeros_zlib(2))),
            &tight,
            true,
        ),
        (
            pdf_with_stream("[ /FlateDecode /FlateDecode ]", twice.clone()),
            &tight,
            true,
        ),
        (
            pdf_with_stream("[ /FlateDecode /FlateDecode ]", twice),
            &default,
            false,
        ),
    ];
    for (bytes, limits, over) in table {
        let got = extract(bytes, Format::Pdf, limits);
        let budget = limits.max_uncompressed;
        match got {
            Err(e) if *over => {
                assert_eq!(e.kind(), ErrorKind::ZipBomb, "{e}");
                let named = format!("max_uncompressed = {budget}");
                assert!(e.to_string().contains(&named), "{e}");
            }
            Err(e) => assert_ne!(e.kind(), ErrorKind::ZipBomb, "{budget}: {e}"),
            Ok(x) => assert!(!over, "{budget}: read {:?}", x.text()),
        }
    }
    assert_eq!(
        extract(&text, Format::Pdf, &tight).unwrap().text(),
        "Dieu 1. Pham vi"
    );
}

/// An .odt that embeds a .docx stored as is used to be sniffed as .docx,
/// by the inner package's entry names, and then failed.
#[test]
fn an_odt_embedding_a_stored_docx_is_an_odt() {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let inner = docx(&p("Bảng biểu nhúng"), None, None, &[]);
    let outer = odt(&format!("<text:p>{CLAUSE}</text:p>"), "", "");
    // Rebuild the .odt with the .docx added, stored.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(outer)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        w.raw_copy_file(archive.by_index(i).unwrap()).unwrap();
    }
    w.start_file("Object 1/bang.docx", stored).unwrap();
    w.write_all(&inner).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    for ext in [Some("odt"), None, Some("docx")] {
        assert_eq!(huonguoc_formats::sniff(&bytes, ext), Format::Odt, "{ext:?}");
    }
    let got = extract(&bytes, Format::Odt, &Limits::default()).unwrap();
    assert_eq!(got.text(), CLAUSE);
    // A truncated .docx is still told by its entry names.
    let plain = docx(&p(CLAUSE), None, None, &[]);
    let half = &plain[..plain.len() - 30];
    assert_eq!(huonguoc_formats::sniff(half, None), Format::Docx);
}

/// A PDF whose one page hangs under a chain of `/Pages` nodes: `parents`
/// gives, for the page and then each node above it, the index of its
/// `/Parent` (0 is the page itself, `None` the root). The page has no
/// MediaBox or Resources of its own: the reader looks them up the chain.
fn pdf_with_parents(parents: &[Option<usize>]) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let ids: Vec<_> = parents.iter().map(|_| doc.new_object_id()).collect();
    let content = b"BT /F1 12 Tf 72 720 Td (Dieu 1) Tj ET".to_vec();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    for (i, parent) in parents.iter().enumerate() {
        let mut node = if i == 0 {
            dictionary! { "Type" => "Page", "Contents" => content_id }
        } else {
            dictionary! {
                "Type" => "Pages",
                "Kids" => vec![ids[i - 1].into()],
                "Count" => 1,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            }
        };
        if let Some(p) = parent {
            node.set("Parent", ids[*p]);
        }
        doc.objects.insert(ids[i], Object::Dictionary(node));
    }
    let root = *ids.last().unwrap();
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// pdf-extract looks up inherited page keys by walking `/Parent` without a
/// check: the fuzzer's page that was its own parent spun forever, and a
/// loop higher up the tree did the same. Loops and absurd depths are a
/// damaged file; a normal tree still reads.
#[test]
fn pdf_page_tree_loops_are_damage_not_a_hang() {
    let deep: Vec<Option<usize>> = (1..=300).map(Some).chain([None]).collect();
    // (page tree, whether it reads)
    let table: Vec<(Vec<u8>, bool)> = vec![
        (pdf_with_parents(&[Some(1), Some(2), None]), true),
        (pdf_with_parents(&[Some(0), None]), false),
        (pdf_with_parents(&[Some(1), Some(2), Some(1)]), false),
        (pdf_with_parents(&deep), false),
        (
            include_bytes!("../../../fuzz/regressions/pdf-timeout.pdf").to_vec(),
            false,
        ),
    ];
    for (i, (bytes, reads)) in table.iter().enumerate() {
        match extract(bytes, Format::Pdf, &Limits::default()) {
            Ok(x) => assert!(reads, "case {i} read {:?}", x.text()),
            Err(e) => {
                assert!(!reads, "case {i}: {e}");
                assert_eq!(e.kind(), ErrorKind::Corrupt, "case {i}: {e}");
            }
        }
    }
    let ok = extract(&table[0].0, Format::Pdf, &Limits::default()).unwrap();
    assert_eq!(ok.text(), "Dieu 1");
}
