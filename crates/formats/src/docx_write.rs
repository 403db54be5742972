//! Writing .docx: a minimal WordprocessingML package from paragraphs, and
//! the text of chosen paragraphs replaced inside an existing package.
//!
//! A new package holds `[Content_Types].xml`, `_rels/.rels`,
//! `word/document.xml` and `word/styles.xml`; every text is XML-escaped.
//! Editing copies every part of the original byte for byte except
//! `word/document.xml`, and in it every paragraph but the edited ones.

use std::io::{Cursor, Write};

use quick_xml::events::Event;
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use crate::error::{Error, ErrorKind, Result};
use crate::zipread::Package;
use crate::{Limits, docx};

/// How a written paragraph looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The document's title: centred, bold, large.
    Title,
    /// Centred text (a subtitle, the national motto).
    Center,
    /// A section heading: bold.
    Heading,
    /// Body text.
    Normal,
    /// Quoted covenant text: indented.
    Quote,
    /// A small note: italic.
    Note,
}

impl Style {
    fn id(self) -> &'static str {
        match self {
            Style::Title => "Title",
            Style::Center => "Center",
            Style::Heading => "Heading1",
            Style::Normal => "Normal",
            Style::Quote => "Quote",
            Style::Note => "Note",
        }
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Times New Roman 13 pt, the size of administrative documents.
fn styles() -> String {
    let style = |id: &str, name: &str, ppr: &str, rpr: &str| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>{}{}{}{}{}</w:styles>"#,
        style(
            "Title",
            "Title",
            r#"<w:jc w:val="center"/><w:spacing w:before="240" w:after="120"/>"#,
            r#"<w:b/><w:sz w:val="28"/>"#
        ),
        style("Center", "Center", r#"<w:jc w:val="center"/>"#, ""),
        style(
            "Heading1",
            "heading 1",
            r#"<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/>"#,
            "<w:b/>"
        ),
        style("Quote", "Quote", r#"<w:ind w:left="567"/>"#, ""),
        style("Note", "Note", "", r#"<w:i/><w:sz w:val="22"/>"#),
    )
}

/// Escapes text for an XML text node or attribute.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters other than tab and line ends are not XML.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The runs of one paragraph's text: line breaks become `<w:br/>`, tabs
/// `<w:tab/>`. `rpr` is the run properties to repeat on each run.
fn runs(text: &str, rpr: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        out.push_str("<w:r>");
        out.push_str(rpr);
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                out.push_str(r#"<w:t xml:space="preserve">"#);
                out.push_str(&escape(part));
                out.push_str("</w:t>");
            }
        }
        out.push_str("</w:r>");
    }
    out
}

/// A new .docx holding these paragraphs, in order.
///
/// ```
/// use huonguoc_formats::{Format, Limits, Style, extract, write_docx};
/// let bytes = write_docx(&[(Style::Title, "DỰ THẢO".into()), (Style::Normal, "a < b & c".into())]).unwrap();
/// let doc = extract(&bytes, Format::Docx, &Limits::default()).unwrap();
/// assert_eq!(doc.text(), "DỰ THẢO\na < b & c");
/// ```
pub fn write_docx(paragraphs: &[(Style, String)]) -> Result<Vec<u8>> {
    let mut body = String::new();
    for (style, text) in paragraphs {
        body.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr>"#,
            style.id()
        ));
        body.push_str(&runs(text, ""));
        body.push_str("</w:p>");
    }
    // A4 with 2 cm margins (Nghị định 30/2020 layout for administrative
    // documents is close to this).
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let styles = styles();
    let parts: [(&str, &[u8]); 5] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name, SimpleFileOptions::default())
            .map_err(write_error)?;
        zip.write_all(bytes)
            .map_err(|e| Error::new(ErrorKind::Corrupt, e.to_string()))?;
    }
    Ok(zip.finish().map_err(write_error)?.into_inner())
}

fn write_error(e: zip::result::ZipError) -> Error {
    Error::new(
        ErrorKind::Corrupt,
        format!("không ghi được tệp .docx (cannot write .docx): {e}"),
    )
}

/// A change to one paragraph of a .docx, by its index in the extracted
/// paragraphs ([`crate::extract`] order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphEdit {
    /// Index of the paragraph.
    pub index: usize,
    /// Its new text, as extracted (with its automatic number, if any, at
    /// the start); `None` removes the paragraph.
    pub text: Option<String>,
    /// The font for the new text, replacing the run's own (for a paragraph
    /// typed in a legacy font such as `.VnTime`, whose new text is Unicode).
    pub font: Option<String>,
}

/// Where one paragraph sits in `word/document.xml`.
#[derive(Debug, Clone)]
struct Span {
    start: usize,
    end: usize,
    /// Its `<w:pPr>…</w:pPr>`, kept as written.
    ppr: Option<(usize, usize)>,
    /// The `<w:rPr>…</w:rPr>` of its first run with text.
    rpr: Option<(usize, usize)>,
    /// It holds another paragraph (a text box).
    nested: bool,
}

/// Replaces the text of chosen paragraphs of a .docx, keeping each
/// paragraph's properties (style, numbering) and its first run's format;
/// every other byte of `word/document.xml` and every other part is kept.
///
/// ```
/// use huonguoc_formats::{Format, Limits, ParagraphEdit, Style, edit_docx, extract, write_docx};
/// let bytes = write_docx(&[(Style::Normal, "Điều 1. Chung".into()), (Style::Normal, "1. Cũ".into())]).unwrap();
/// let edits = [ParagraphEdit { index: 1, text: Some("1. Mới".into()), font: None }];
/// let out = edit_docx(&bytes, &Limits::default(), &edits).unwrap();
/// let doc = extract(&out, Format::Docx, &Limits::default()).unwrap();
/// assert_eq!(doc.text(), "Điều 1. Chung\n1. Mới");
/// ```
pub fn edit_docx(bytes: &[u8], limits: &Limits, edits: &[ParagraphEdit]) -> Result<Vec<u8>> {
    let mut pkg = Package::open(bytes, limits)?;
    let xml = pkg.read("word/document.xml")?.ok_or_else(|| {
        Error::new(
            ErrorKind::Corrupt,
            "thiếu word/document.xml: không phải tệp .docx (missing main document part)",
        )
    })?;
    let prefixes = docx::prefixes(bytes, limits)?;
    let spans = spans(&xml)?;
    if spans.len() != prefixes.len() {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "không đối chiếu được các đoạn văn của tệp .docx (paragraphs do not line up)",
        ));
    }
    let mut edits: Vec<&ParagraphEdit> = edits.iter().collect();
    edits.sort_by_key(|e| spans.get(e.index).map_or(0, |s| s.start));
    let mut out = Vec::with_capacity(xml.len());
    let mut kept = 0usize;
    for e in edits {
        let span = spans.get(e.index).ok_or_else(|| {
            Error::new(
                ErrorKind::Unsupported,
                format!("không có đoạn thứ {} (no such paragraph)", e.index),
            )
        })?;
        if span.nested {
            return Err(Error::new(
                ErrorKind::Unsupported,
                "đoạn cần sửa có hộp văn bản bên trong (paragraph holds a text box)",
            ));
        }
        if span.start < kept {
            continue;
        }
        out.extend_from_slice(&xml[kept..span.start]);
        if let Some(text) = &e.text {
            let text = text
                .strip_prefix(prefixes[e.index].as_str())
                .unwrap_or(text);
            out.extend_from_slice(paragraph(&xml, span, text, e.font.as_deref()).as_bytes());
        }
        kept = span.end;
    }
    out.extend_from_slice(&xml[kept..]);
    repack(bytes, &out)
}

/// A paragraph's new XML: its start tag and properties, one run per line.
fn paragraph(xml: &[u8], span: &Span, text: &str, font: Option<&str>) -> String {
    let slice = |r: (usize, usize)| String::from_utf8_lossy(&xml[r.0..r.1]).into_owned();
    let open_end = xml[span.start..]
        .iter()
        .position(|&b| b == b'>')
        .map_or(span.start, |i| span.start + i + 1);
    let mut out = slice((span.start, open_end));
    if let Some(p) = span.ppr {
        out.push_str(&slice(p));
    }
    let mut rpr = span.rpr.map(slice).unwrap_or_default();
    if let Some(f) = font {
        let f = escape(f);
        let fonts = format!(r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}"/>"#);
        rpr = match rpr.find("<w:rFonts") {
            Some(at) => {
                let close = rpr[at..].find("/>").map_or(rpr.len(), |i| at + i + 2);
                format!("{}{fonts}{}", &rpr[..at], &rpr[close..])
            }
            None if rpr.is_empty() => format!("<w:rPr>{fonts}</w:rPr>"),
            None => rpr.replacen("<w:rPr>", &format!("<w:rPr>{fonts}"), 1),
        };
    }
    out.push_str(&runs(text, &rpr));
    out.push_str("</w:p>");
    out
}

/// Every `<w:p>` of the document part in the order the extractor reads
/// them (by their end), with the parts an edit keeps.
fn spans(xml: &[u8]) -> Result<Vec<Span>> {
    let corrupt = |e: String| Error::new(ErrorKind::Corrupt, format!("word/document.xml: {e}"));
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut open: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    let mut in_run_rpr: Option<usize> = None;
    let mut run_rpr: Option<(usize, usize)> = None;
    let mut in_ppr: Option<usize> = None;
    let mut skip_depth = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| corrupt(e.to_string()))?;
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if skip_depth > 0 {
                    skip_depth += 1;
                    continue;
                }
                match name {
                    b"w:p" => {
                        if let Some(p) = open.last_mut() {
                            p.nested = true;
                        }
                        open.push(Span {
                            start: before,
                            end: before,
                            ppr: None,
                            rpr: None,
                            nested: false,
                        });
                    }
                    b"w:pPr" if in_ppr.is_none() => in_ppr = Some(before),
                    b"w:rPr" if in_ppr.is_none() => in_run_rpr = Some(before),
                    b"w:r" => run_rpr = None,
                    b"w:t" => {
                        if let (Some(p), Some(r)) = (open.last_mut(), run_rpr) {
                            p.rpr.get_or_insert(r);
                        }
                    }
                    // What the extractor skips holds no paragraph of its.
                    b"w:del" | b"w:moveFrom" | b"w:pPrChange" | b"w:rPrChange" | b"mc:Fallback" => {
                        skip_depth = 1
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    b"w:pPr" => {
                        if let (Some(s), Some(p)) = (in_ppr.take(), open.last_mut()) {
                            p.ppr.get_or_insert((s, after));
                        }
                    }
                    b"w:rPr" => {
                        if let Some(s) = in_run_rpr.take() {
                            run_rpr = Some((s, after));
                        }
                    }
                    b"w:p" => {
                        if let Some(mut p) = open.pop() {
                            p.end = after;
                            out.push(p);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The original package with `word/document.xml` replaced, every other
/// entry copied as it was stored.
fn repack(original: &[u8], document: &[u8]) -> Result<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(original)).map_err(write_error)?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(write_error)?;
        if entry.name() == "word/document.xml" {
            drop(entry);
            zip.start_file("word/document.xml", SimpleFileOptions::default())
                .map_err(write_error)?;
            zip.write_all(document)
                .map_err(|e| Error::new(ErrorKind::Corrupt, e.to_string()))?;
        } else {
            zip.raw_copy_file(entry).map_err(write_error)?;
        }
    }
    Ok(zip.finish().map_err(write_error)?.into_inner())
}
