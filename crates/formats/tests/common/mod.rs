//! Fixture builders: every test file is made in memory, so CI needs no
//! office suite and the fixtures document themselves.
#![allow(dead_code)]

use std::io::Write;

use zip::write::SimpleFileOptions;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        let opts = if *name == "mimetype" {
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
        } else {
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
        };
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A .docx whose body is `body` (WordprocessingML inside w:body), with
/// optional numbering and styles parts and any extra parts.
pub fn docx(
    body: &str,
    numbering: Option<&str>,
    styles: Option<&str>,
    extra: &[(&str, &str)],
) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr><w:headerReference w:type="default"/></w:sectPr></w:body></w:document>"#
    );
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            content_types.as_bytes().to_vec(),
        ),
        ("word/document.xml".into(), document.into_bytes()),
    ];
    if let Some(n) = numbering {
        entries.push((
            "word/numbering.xml".into(),
            format!(r#"<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}">{n}</w:numbering>"#)
                .into_bytes(),
        ));
    }
    if let Some(s) = styles {
        entries.push((
            "word/styles.xml".into(),
            format!(r#"<?xml version="1.0"?><w:styles xmlns:w="{W_NS}">{s}</w:styles>"#)
                .into_bytes(),
        ));
    }
    for (name, data) in extra {
        entries.push((name.to_string(), data.as_bytes().to_vec()));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&refs)
}

/// A paragraph with plain runs.
pub fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A paragraph numbered (numId, ilvl) directly.
pub fn np(num_id: u32, ilvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

pub fn odt(content_body: &str, automatic_styles: &str, styles_xml_styles: &str) -> Vec<u8> {
    let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3"><office:font-face-decls><style:font-face style:name="VnTime" svg:font-family="'.VnTime'"/></office:font-face-decls><office:automatic-styles>{automatic_styles}</office:automatic-styles><office:body><office:text>{content_body}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Serif"/></style:default-style>{styles_xml_styles}</office:styles><office:master-styles><style:master-page style:name="Standard"><style:header><text:p>ĐẦU TRANG BÍ MẬT</text:p></style:header></style:master-page></office:master-styles></office:document-styles>"#
    );
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
        ("styles.xml", styles.as_bytes()),
    ])
}

/// Escapes a PDF literal string.
fn pdf_str(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b'('];
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

/// A one-page PDF, one text line per entry of `lines` (empty: no text at
/// all, like a scan). With `to_unicode`, byte codes are mapped through a
/// ToUnicode CMap: each entry maps a byte to a Unicode code point, so
/// Vietnamese (and broken Ƣ) text can be put in a Helvetica test file.
pub fn pdf(lines: &[&[u8]], to_unicode: &[(u8, u32)]) -> Vec<u8> {
    use lopdf::{Document, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut font = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    };
    if !to_unicode.is_empty() {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n",
        );
        cmap.push_str("1 beginbfrange\n<20> <7E> <0020>\nendbfrange\n");
        cmap.push_str(&format!("{} beginbfchar\n", to_unicode.len()));
        for (code, u) in to_unicode {
            cmap.push_str(&format!("<{code:02X}> <{u:04X}>\n"));
        }
        cmap.push_str(
            "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );
        let cmap_id = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
        font.set("ToUnicode", cmap_id);
    }
    let font_id = doc.add_object(font);
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut content = Vec::new();
    if lines.is_empty() {
        content.extend_from_slice(b"0 0 1 rg 100 100 200 200 re f\n");
    } else {
        content.extend_from_slice(b"BT /F1 12 Tf 72 720 Td 16 TL\n");
        for line in lines {
            content.extend(pdf_str(line));
            content.extend_from_slice(b" Tj T*\n");
        }
        content.extend_from_slice(b"ET\n");
    }
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    one_page(doc, pages_id, content_id, Some(resources_id))
}

/// Saves `doc` as a one-page PDF: the page shows `content_id` (with
/// `resources_id`), under the pages object `pages_id` and a catalog.
pub fn one_page(
    mut doc: lopdf::Document,
    pages_id: lopdf::ObjectId,
    content_id: lopdf::ObjectId,
    resources_id: Option<lopdf::ObjectId>,
) -> Vec<u8> {
    use lopdf::{Object, dictionary};
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    };
    if let Some(r) = resources_id {
        page.set("Resources", r);
    }
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A hand-written PDF whose trailer points at a Standard security handler
/// dictionary with made-up keys: no password opens it.
pub fn encrypted_pdf() -> Vec<u8> {
    let o = "A".repeat(64);
    let u = "B".repeat(64);
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
        "<< /Length 8 >>\nstream\n12345678\nendstream".to_string(),
        format!("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <{o}> /U <{u}> >>"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{obj}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Encrypt 5 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
