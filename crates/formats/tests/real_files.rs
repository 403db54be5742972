//! The readers on files written by LibreOffice (see fixtures/README.md).

use huonguoc_formats::{ErrorKind, Format, Limits, extract, sniff};

const EXPECTED: [&str; 10] = [
    "HƯƠNG ƯỚC THÔN NÀ PẸT",
    "Điều 1. Hôn nhân và gia đình",
    "1. Nam nữ bình đẳng trong gia đình.",
    "a. Vợ chồng cùng đứng tên.",
    "b. Con trai, con gái như nhau.",
    "2. Nghiêm cấm tảo hôn.",
    "- Không thách cưới",
    "Ô một",
    "Ô hai",
    "§iÒu 2",
];

fn lines(bytes: &[u8], expected: Format) -> Vec<String> {
    assert_eq!(sniff(bytes, None), expected);
    let x = extract(bytes, expected, &Limits::default()).unwrap();
    assert_eq!(
        x.paragraphs.last().unwrap().runs[0].font.as_deref(),
        Some(".VnTime")
    );
    x.paragraphs.iter().map(|p| p.text()).collect()
}

#[test]
fn libreoffice_odt_and_docx_give_the_same_numbered_lines() {
    assert_eq!(
        lines(include_bytes!("fixtures/lo-covenant.odt"), Format::Odt),
        EXPECTED
    );
    assert_eq!(
        lines(include_bytes!("fixtures/lo-covenant.docx"), Format::Docx),
        EXPECTED
    );
}

#[test]
fn owner_password_pdf_opens_with_a_warning_open_password_pdf_is_encrypted() {
    let x = extract(
        include_bytes!("fixtures/lo-owner-password.pdf"),
        Format::Pdf,
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(x.text(), "Điều 1. Nam nữ bình đẳng");
    assert_eq!(x.warnings.len(), 1, "{:?}", x.warnings);
    let err = extract(
        include_bytes!("fixtures/lo-open-password.pdf"),
        Format::Pdf,
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Encrypted);
}
