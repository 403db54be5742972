//! The XML parts of .docx and .odt: arbitrary bytes stored as the document
//! part (and, in turn, as the styles and numbering parts) of a package, so
//! the fuzzer works on the XML, not on the zip.
#![no_main]

use std::io::Write;

use huonguoc_formats::{Format, Limits, extract};
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

const DOC: &[u8] = br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"#;
const CONTENT: &[u8] = br#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>x</text:p></office:text></office:body></office:document-content>"#;

fn package(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(*name, stored).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    // The fuzzed part is the first byte's choice, so one input reaches
    // each part without the others being damaged.
    let (pick, xml) = data.split_first().unwrap_or((&0, &[]));
    let mime: &[u8] = b"application/vnd.oasis.opendocument.text";
    let (format, file) = match pick % 5 {
        0 => (Format::Docx, package(&[("word/document.xml", xml)])),
        1 => (
            Format::Docx,
            package(&[("word/document.xml", DOC), ("word/styles.xml", xml)]),
        ),
        2 => (
            Format::Docx,
            package(&[("word/document.xml", DOC), ("word/numbering.xml", xml)]),
        ),
        3 => (
            Format::Odt,
            package(&[("mimetype", mime), ("content.xml", xml)]),
        ),
        _ => (
            Format::Odt,
            package(&[
                ("mimetype", mime),
                ("content.xml", CONTENT),
                ("styles.xml", xml),
            ]),
        ),
    };
    if let Ok(x) = extract(&file, format, &limits) {
        let _ = x.text();
    }
});
