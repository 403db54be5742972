//! What each format reader must get right on covenant-like files.

mod common;

use common::*;
use huonguoc_formats::{ErrorKind, Extracted, Format, Limits, extract, sniff, text_quality};

fn run(bytes: &[u8], format: Format) -> Extracted {
    extract(bytes, format, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn lines(x: &Extracted) -> Vec<String> {
    x.paragraphs.iter().map(|p| p.text()).collect()
}

/// Two levels, "%1." decimal and "%2)" lowerLetter; num 1 and num 3 share
/// the abstract list (so 3 continues 1), num 2 restarts it with a
/// startOverride; style "Diem" numbers level 1 through its own pPr.
const NUMBERING: &str = r#"
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="8">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Chương %1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:pStyle w:val="Dieu"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %2."/><w:lvlRestart w:val="0"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>
"#;

const STYLES: &str = r#"
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Diem"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Dieu"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="VnBody"><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style>
"#;

#[test]
fn docx_renders_numbering_that_lives_only_in_numbering_xml() {
    let mut body = String::new();
    body += &np(1, 0, "Quy định chung");
    body += &np(1, 1, "Nam");
    body += &np(1, 1, "Nữ");
    body += &np(1, 0, "Hôn nhân");
    for t in ["một", "hai", "ba", "bốn", "năm", "sáu"] {
        body += &np(1, 1, t);
    }
    body += &np(1, 2, "gạch đầu dòng");
    body += &p("Điều 2. Phạm vi");
    body += &np(2, 0, "Khoản mới");
    body += r#"<w:p><w:pPr><w:pStyle w:val="Diem"/></w:pPr><w:r><w:t>qua kiểu</w:t></w:r></w:p>"#;
    body += &np(3, 0, "tiếp nối");
    body += &np(4, 0, "NHỮNG QUY ĐỊNH CHUNG");
    body += &np(4, 1, "Phạm vi");
    body += &np(4, 0, "HÔN NHÂN");
    body += &np(4, 1, "Không ngắt quãng");
    // A heading style naming only the list: its level comes from w:pStyle.
    body += r#"<w:p><w:pPr><w:pStyle w:val="Dieu"/></w:pPr><w:r><w:t>Qua kiểu tiêu đề</w:t></w:r></w:p>"#;
    body += r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>bỏ đánh số</w:t></w:r></w:p>"#;
    let x = run(
        &docx(&body, Some(NUMBERING), Some(STYLES), &[]),
        Format::Docx,
    );
    assert_eq!(
        lines(&x),
        [
            "1. Quy định chung",
            "a) Nam",
            "b) Nữ",
            "2. Hôn nhân",
            // Word's own lowerLetter: e, then f (no Vietnamese đ).
            "a) một",
            "b) hai",
            "c) ba",
            "d) bốn",
            "e) năm",
            "f) sáu",
            "- gạch đầu dòng",
            "Điều 2. Phạm vi",
            // startOverride restarts the shared list…
            "1. Khoản mới",
            // …the style's numPr numbers its paragraphs…
            "a) qua kiểu",
            // …and a num sharing the abstract list continues it.
            "2. tiếp nối",
            "Chương I NHỮNG QUY ĐỊNH CHUNG",
            "Điều 1. Phạm vi",
            "Chương II HÔN NHÂN",
            // lvlRestart 0: articles are numbered across chapters.
            "Điều 2. Không ngắt quãng",
            "Điều 3. Qua kiểu tiêu đề",
            "bỏ đánh số",
        ]
    );
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
}

#[test]
fn docx_reads_tables_row_by_row_and_skips_headers_footers_comments() {
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
    let body = format!(
        "{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
        p("trước bảng"),
        cell("hàng 1 ô 1"),
        cell("hàng 1 ô 2"),
        cell("hàng 2 ô 1"),
        cell("hàng 2 ô 2"),
        p("sau bảng"),
    );
    let header = format!(r#"<w:hdr xmlns:w="{W_NS}">{}</w:hdr>"#, p("ĐẦU TRANG"));
    let footer = format!(r#"<w:ftr xmlns:w="{W_NS}">{}</w:ftr>"#, p("CHÂN TRANG"));
    let comments = format!(
        r#"<w:comments xmlns:w="{W_NS}"><w:comment>{}</w:comment></w:comments>"#,
        p("GHI CHÚ")
    );
    let bytes = docx(
        &body,
        None,
        None,
        &[
            ("word/header1.xml", &header),
            ("word/footer1.xml", &footer),
            ("word/comments.xml", &comments),
        ],
    );
    let x = run(&bytes, Format::Docx);
    assert_eq!(
        lines(&x),
        [
            "trước bảng",
            "hàng 1 ô 1",
            "hàng 1 ô 2",
            "hàng 2 ô 1",
            "hàng 2 ô 2",
            "sau bảng"
        ]
    );
}

#[test]
fn docx_reports_run_fonts_for_legacy_decoding() {
    let body = concat!(
        r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>§iÒu 1</w:t></w:r>"#,
        r#"<w:r><w:t xml:space="preserve"> Unicode</w:t></w:r></w:p>"#,
        r#"<w:p><w:pPr><w:pStyle w:val="VnBody"/></w:pPr><w:r><w:t>Ch­¬ng</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/></w:rPr><w:t>chủ đề</w:t></w:r></w:p>"#,
    );
    let x = run(&docx(body, None, Some(STYLES), &[]), Format::Docx);
    let runs = &x.paragraphs[0].runs;
    assert_eq!(runs[0].text, "§iÒu 1");
    assert_eq!(runs[0].font.as_deref(), Some(".VnTime"));
    assert_eq!(
        runs[1].font.as_deref(),
        Some("Times New Roman"),
        "document default font"
    );
    assert_eq!(
        x.paragraphs[1].runs[0].font.as_deref(),
        Some(".VnTime"),
        "paragraph style font"
    );
    assert_eq!(
        x.paragraphs[2].runs[0].font, None,
        "theme fonts are never legacy"
    );
}

#[test]
fn docx_handles_tabs_breaks_deletions_hidden_text_and_fallbacks() {
    let body = concat!(
        r#"<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r>"#,
        r#"<w:del><w:r><w:delText>đã xoá</w:delText><w:tab/></w:r></w:del>"#,
        r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>"#,
        r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>X</w:t></mc:Choice><mc:Fallback><w:t>X</w:t></mc:Fallback></mc:AlternateContent></w:r>"#,
        r#"<w:r><w:t>&amp;&#7879;</w:t></w:r></w:p>"#,
    );
    let x = run(&docx(body, None, None, &[]), Format::Docx);
    assert_eq!(lines(&x), ["a\tb\ncX&ệ"]);
}

#[test]
fn odt_renders_list_numbers_fonts_and_skips_annotations() {
    let auto = r#"
<style:style style:name="T1" style:family="text"><style:text-properties style:font-name="VnTime"/></style:style>
<text:list-style style:name="L1">
  <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
  <text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a"/>
  <text:list-level-style-bullet text:level="3" text:bullet-char="•"/>
</text:list-style>
<text:list-style style:name="L2">
  <text:list-level-style-number text:level="1" style:num-prefix="Điều " style:num-suffix="." style:num-format="1" text:start-value="5"/>
</text:list-style>"#;
    let body = r#"
<text:h text:outline-level="1">CHƯƠNG I</text:h>
<text:p>Lời<text:s text:c="3"/>nói<text:tab/>đầu<office:annotation><text:p>bình luận</text:p></office:annotation><text:note><text:note-body><text:p>chú thích</text:p></text:note-body></text:note></text:p>
<text:list text:style-name="L1">
  <text:list-item><text:p>Quy định chung</text:p>
    <text:list>
      <text:list-item><text:p>Nam</text:p></text:list-item>
      <text:list-item><text:p>Nữ<text:line-break/>dòng 2</text:p><text:p>đoạn thêm</text:p></text:list-item>
      <text:list-item><text:list><text:list-item><text:p>chấm</text:p></text:list-item></text:list></text:list-item>
    </text:list>
  </text:list-item>
  <text:list-item><text:p><text:span text:style-name="T1">§iÒu</text:span> hai</text:p></text:list-item>
</text:list>
<text:list text:style-name="L1"><text:list-item><text:p>danh sách mới</text:p></text:list-item></text:list>
<text:list text:style-name="L1" text:continue-numbering="true"><text:list-item><text:p>tiếp tục</text:p></text:list-item></text:list>
<text:list text:style-name="L2"><text:list-item><text:p>Bắt đầu từ 5</text:p></text:list-item></text:list>
<text:p>
   xuống   dòng
   trong tệp <draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"><svg:title>ảnh</svg:title></draw:frame>
</text:p>"#;
    let bytes = odt(body, auto, "");
    assert_eq!(sniff(&bytes, None), Format::Odt);
    let x = run(&bytes, Format::Odt);
    assert_eq!(
        lines(&x),
        [
            "CHƯƠNG I",
            "Lời   nói\tđầu",
            "1. Quy định chung",
            "a) Nam",
            "b) Nữ\ndòng 2",
            "đoạn thêm",
            "- chấm",
            "2. §iÒu hai",
            "1. danh sách mới",
            "2. tiếp tục",
            "Điều 5. Bắt đầu từ 5",
            // Pretty-printed whitespace collapses; alt text is not text.
            "xuống dòng trong tệp",
        ]
    );
    let item2 = &x.paragraphs[7].runs;
    assert_eq!(item2[0].text, "2. §iÒu");
    assert_eq!(item2[0].font.as_deref(), Some(".VnTime"));
    assert_eq!(
        item2[1].font.as_deref(),
        Some("Liberation Serif"),
        "default paragraph style font"
    );
}

#[test]
fn html_strips_markup_decodes_entities_and_numbers_lists() {
    let html = r#"<!DOCTYPE html><html><head><title>Tiêu đề</title><style>p{color:red}</style>
<script>var s = "<p>không phải văn bản</p>";</script></head>
<body><!-- ghi chú <p>ẩn</p> -->
<h1>HƯƠNG ƯỚC</h1>
<p>Vi&#7879;t&nbsp;Nam &amp; Vi&#x1EC7;t &ecirc; &quot;ok&quot;
   nhiều    khoảng   trắng</p>
<ol><li>Khoản một<ol type="a"><li>điểm a</li><li><p>điểm b</p></li></ol></li>
<li value="5">Khoản năm</li></ol>
<ul><li>gạch</li></ul>
<table><tr><td>ô 1</td><td>ô 2</td></tr></table>
<p><font face="VNI-Times">Ñieàu</font> 1<br>dòng mới</p>
<pre>dòng  1
dòng 2</pre>
</body></html>"#;
    assert_eq!(sniff(html.as_bytes(), None), Format::Html);
    let x = run(html.as_bytes(), Format::Html);
    assert_eq!(
        lines(&x),
        [
            "HƯƠNG ƯỚC",
            "Việt\u{a0}Nam & Việt ê \"ok\" nhiều khoảng trắng",
            "1. Khoản một",
            "a) điểm a",
            "b) điểm b",
            "5. Khoản năm",
            "- gạch",
            "ô 1\tô 2",
            "Ñieàu 1",
            "dòng mới",
            "dòng  1",
            "dòng 2",
        ]
    );
    let vni = &x.paragraphs[8].runs[0];
    assert_eq!(
        (vni.text.as_str(), vni.font.as_deref()),
        ("Ñieàu", Some("VNI-Times"))
    );
}

#[test]
fn html_keeps_blank_lines_made_with_br() {
    // LibreOffice writes an empty paragraph as <p><br/></p>; Word-pasted
    // pages use <br><br>. Both show a blank line, so line numbers must
    // count it. A <br> ending text, or an empty <p></p>, shows nothing.
    let html = "<p>một</p><p><br/></p><p>hai<br></p><p></p><p>ba<br>\n<br>bốn</p>";
    let x = run(html.as_bytes(), Format::Html);
    assert_eq!(lines(&x), ["một", "", "hai", "ba", "", "bốn"]);
}

#[test]
fn html_honours_meta_charset_and_bom() {
    let mut bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"</p></body></html>");
    assert_eq!(lines(&run(&bytes, Format::Html)), ["café"]);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice("<p>Điều 1</p>".as_bytes());
    assert_eq!(sniff(&bom, Some("txt")), Format::Html);
    assert_eq!(lines(&run(&bom, Format::Html)), ["Điều 1"]);

    let no_head_end = "<html><head><title>t</title><body><p>Điều 2</p>";
    assert_eq!(
        lines(&run(no_head_end.as_bytes(), Format::Html)),
        ["Điều 2"]
    );
}

#[test]
fn zip_bombs_and_entry_floods_are_refused() {
    let zeros = vec![0u8; 5 * 1024 * 1024];
    let bomb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", &zeros),
    ]);
    let small = Limits {
        max_uncompressed: 1024 * 1024,
        ..Limits::default()
    };
    let err = extract(&bomb, Format::Docx, &small).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ZipBomb, "{err}");
    // With roomy size limits the ratio (≈1000:1) still gives it away.
    let err = extract(&bomb, Format::Docx, &Limits::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ZipBomb, "{err}");

    // Headers that lie: both size fields claim 100 bytes for 5 MB of zeros.
    let mut liar = zip_of(&[("word/document.xml", &zeros)]);
    for (sig, at) in [(&b"PK\x03\x04"[..], 22), (&b"PK\x01\x02"[..], 24)] {
        let pos = liar.windows(4).position(|w| w == sig).unwrap();
        liar[pos + at..pos + at + 4].copy_from_slice(&100u32.to_le_bytes());
    }
    let err = extract(&liar, Format::Docx, &small).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::ZipBomb | ErrorKind::Corrupt),
        "{err}"
    );

    let names: Vec<String> = (0..20).map(|i| format!("f{i}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let flood = zip_of(&entries);
    let few = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    assert_eq!(
        extract(&flood, Format::Odt, &few).unwrap_err().kind(),
        ErrorKind::TooManyEntries
    );
}

#[test]
fn truncated_and_malformed_files_are_corrupt() {
    let good = docx(&p("Điều 1"), Some(NUMBERING), Some(STYLES), &[]);
    let cut = &good[..good.len() / 2];
    assert_eq!(
        sniff(cut, None),
        Format::Docx,
        "local headers still name word/document.xml"
    );
    assert_eq!(
        extract(cut, Format::Docx, &Limits::default())
            .unwrap_err()
            .kind(),
        ErrorKind::Corrupt
    );

    let bad = zip_of(&[(
        "word/document.xml",
        format!(r#"<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>x</w:r></w:p></w:body></w:document>"#).as_bytes(),
    )]);
    let err = extract(&bad, Format::Docx, &Limits::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Corrupt);
    assert!(err.to_string().contains("XML"), "{err}");

    let unclosed = zip_of(&[(
        "word/document.xml",
        format!(r#"<w:document xmlns:w="{W_NS}"><w:body><w:p>"#).as_bytes(),
    )]);
    assert_eq!(
        extract(&unclosed, Format::Docx, &Limits::default())
            .unwrap_err()
            .kind(),
        ErrorKind::Corrupt
    );

    let not_docx = zip_of(&[("readme.txt", b"hello")]);
    assert_eq!(
        extract(&not_docx, Format::Docx, &Limits::default())
            .unwrap_err()
            .kind(),
        ErrorKind::Corrupt
    );
}

#[test]
fn legacy_doc_and_plain_text_are_refused_clearly() {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.resize(1024, 0);
    assert_eq!(sniff(&doc, Some("docx")), Format::Doc);
    let err = extract(&doc, Format::Doc, &Limits::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LegacyDoc);
    assert!(
        err.to_string().contains("hãy lưu lại dưới dạng .docx"),
        "{err}"
    );

    // Word's password protection wraps the .docx in an OLE2 file.
    let mut locked = doc.clone();
    let name: Vec<u8> = "EncryptedPackage".bytes().flat_map(|b| [b, 0]).collect();
    locked[512..512 + name.len()].copy_from_slice(&name);
    assert_eq!(
        extract(&locked, Format::Doc, &Limits::default())
            .unwrap_err()
            .kind(),
        ErrorKind::Encrypted
    );

    let text = "Điều 1. Nam nữ bình đẳng".as_bytes();
    assert_eq!(sniff(text, Some("txt")), Format::Text);
    assert_eq!(
        extract(text, Format::Text, &Limits::default())
            .unwrap_err()
            .kind(),
        ErrorKind::Unsupported
    );
}

#[test]
fn sniff_trusts_content_over_extension() {
    let d = docx(&p("x"), None, None, &[]);
    assert_eq!(sniff(&d, Some("txt")), Format::Docx);
    assert_eq!(sniff(&d, None), Format::Docx);
    assert_eq!(sniff(b"%PDF-1.7\n", Some("docx")), Format::Pdf);
    assert_eq!(sniff(b"  \n<HTML><body>x", None), Format::Html);
    assert_eq!(sniff(b"<p>x</p>", None), Format::Html);
    assert_eq!(sniff(b"plain words", Some("HTM")), Format::Html);
    assert_eq!(sniff(b"<pre-amble> not html", None), Format::Text);
    assert_eq!(sniff(b"plain words", None), Format::Text);
    assert_eq!(sniff(b"", None), Format::Text);
}

/// Byte codes for the Vietnamese letters the PDF tests need (ToUnicode).
const VI: &[(u8, u32)] = &[
    (0x80, 0x110),
    (0x81, 0x1EC1),
    (0x82, 0x1B0),
    (0x83, 0x1A1),
    (0x84, 0x1A2),
    (0x85, 0x1EDC),
    (0x86, 0x1EA1),
];

#[test]
fn pdf_text_layer_is_extracted_and_headings_rejoined() {
    let bytes = pdf(
        &[
            b"Ch\x82\x83ng",
            b"II",
            b"NH\x84NG QUY DINH CHUNG",
            b"\x80i\x81u",
            b"12.",
            b"Ph\x86m vi",
            b"Nam n\x82 binh dang trong gia dinh va xa hoi",
        ],
        VI,
    );
    assert_eq!(sniff(&bytes, None), Format::Pdf);
    let x = run(&bytes, Format::Pdf);
    assert_eq!(
        lines(&x),
        [
            "Chương II",
            "NHƯNG QUY DINH CHUNG",
            "Điều 12. Phạm vi",
            "Nam nư binh dang trong gia dinh va xa hoi"
        ]
    );
    // Ƣ was in the raw layer: reported even though it was repaired.
    let why = x.low_quality.expect("Ƣ must be flagged");
    assert!(why.contains("Ƣ"), "{why}");
}

#[test]
fn plain_pdf_passes_quality_and_scans_are_reported() {
    let x = run(
        &pdf(
            &[
                b"Dieu 1. Pham vi",
                b"Quy uoc nay ap dung cho moi nguoi dan trong thon",
            ],
            &[],
        ),
        Format::Pdf,
    );
    assert_eq!(
        lines(&x),
        [
            "Dieu 1. Pham vi",
            "Quy uoc nay ap dung cho moi nguoi dan trong thon"
        ]
    );
    assert_eq!(x.low_quality, None);

    let scan = run(&pdf(&[], &[]), Format::Pdf);
    assert!(scan.paragraphs.is_empty());
    assert_eq!(
        scan.low_quality.as_deref(),
        Some("không có lớp văn bản (scanned, no text layer)")
    );
}

#[test]
fn encrypted_and_broken_pdfs_are_typed_errors() {
    let err = extract(&encrypted_pdf(), Format::Pdf, &Limits::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Encrypted, "{err}");
    let err = extract(b"%PDF-1.4\n1 0 obj <<", Format::Pdf, &Limits::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Corrupt, "{err}");
    let good = pdf(&[b"Dieu 1"], &[]);
    let err = extract(&good[..good.len() / 3], Format::Pdf, &Limits::default());
    assert!(err.is_err() || err.unwrap().paragraphs.is_empty());
}

#[test]
fn quality_flags_damage_but_not_normal_prose() {
    let vietnamese = "Điều 5. Nam, nữ bình đẳng trong việc thừa kế. Con trai, con gái đều được hưởng \
        phần tài sản ngang nhau theo quy định của pháp luật; UBND xã, HĐND xã và Ban công tác Mặt trận \
        có trách nhiệm tuyên truyền, vận động theo điểm đ) khoản 1 Điều 18 Nghị định 61/2023/NĐ-CP.";
    assert_eq!(text_quality(vietnamese), None);
    let unaccented = "Dieu 5. Nam, nu binh dang trong viec thua ke. Con trai, con gai deu duoc huong phan tai san ngang nhau.";
    assert_eq!(
        text_quality(unaccented),
        None,
        "unaccented covenants are legitimate"
    );
    let english = "The covenant shall apply to all households in the village. Sons and daughters inherit equally, \
        and women may hold any office. Mr. J. Smith's report (Dec. 2023) lists 3 by-laws.";
    assert_eq!(text_quality(english), None);
    let references = "Sửa đổi điểm b, c, d và đ khoản 1, điểm g, h khoản 2 Điều 5 như sau: con gái được thừa kế.";
    assert_eq!(text_quality(references), None);

    let stripped = "LUT BNH NG GII. Nguyn Th Phng Chm, ngi dn thn Bn, c quyn v ngha v nh nhau trong gia nh v x hi";
    let why = text_quality(stripped).expect("stripped letters");
    assert!(why.contains("LUT BNH NG GII"), "{why}");

    let split = "Đây là mộ t trong n hững quy đị nh về việ c thừ a k ế và hô n nhâ n củ a t hôn";
    assert!(
        text_quality(split)
            .expect("split syllables")
            .contains("khoảng trắng")
    );

    assert!(text_quality("NGƢỜI dân").unwrap().contains("Ƣ"));

    // Unconverted TCVN3 is for the caller's legacy decoder, not "damage".
    let tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc. Th«n B¶n x· Nµ PÑt, x· Nµ PÑt, x· Nµ PÑt";
    assert_eq!(text_quality(tcvn3), None);
}

#[test]
fn odt_numbers_headings_through_the_outline_style() {
    let outline = r#"<text:outline-style style:name="Outline">
  <text:outline-level-style text:level="1" style:num-prefix="Chương " style:num-format="I"/>
  <text:outline-level-style text:level="2" style:num-prefix="Điều " style:num-suffix="." style:num-format="1" text:display-levels="1"/>
</text:outline-style>"#;
    let body = r#"<text:h text:outline-level="1">QUY ĐỊNH CHUNG</text:h>
<text:h text:outline-level="2">Phạm vi</text:h>
<text:h text:outline-level="2">Đối tượng</text:h>
<text:h text:outline-level="1">HÔN NHÂN</text:h>
<text:h text:outline-level="2">Kết hôn</text:h>
<text:h text:outline-level="1" text:is-list-header="true">PHỤ LỤC</text:h>"#;
    let x = run(&odt(body, "", outline), Format::Odt);
    assert_eq!(
        lines(&x),
        [
            "Chương I QUY ĐỊNH CHUNG",
            "Điều 1. Phạm vi",
            "Điều 2. Đối tượng",
            "Chương II HÔN NHÂN",
            // ODF restarts lower outline levels under a new chapter.
            "Điều 1. Kết hôn",
            "PHỤ LỤC",
        ]
    );
}
