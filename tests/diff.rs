//! `huonguoc diff OLD NEW` on a covenant amended between versions.
//!
//! Each case writes OLD and NEW as bytes under a file name, so a case in
//! another pair of formats is one more call to [`diff`].

use crate::reports::pack;
use crate::util::{Dir, json, parts, run};

const OLD: &str = "HƯƠNG ƯỚC THÔN ĐÔNG\n\
Điều 6. Thừa kế\n\
1. Con trai, con gái đều được chia tài sản ngang nhau.\n\
2. Việc chia tài sản như sau:\n\
a) Con cái phụng dưỡng cha mẹ.\n\
b) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n\
Điều 7. Gia đình\n\
Người phụ nữ đảm đang là niềm tự hào của thôn.\n";

/// Renumbered (Điều 6 → 7, điểm b khoản 2 → điểm c khoản 1), the
/// stereotype removed, and a new one brought in at Điều 9.
const NEW: &str = "HƯƠNG ƯỚC THÔN ĐÔNG (sửa đổi)\n\
Điều 1. Phạm vi\n\
Hương ước này áp dụng cho mọi người dân trong thôn.\n\
Điều 7. Thừa kế\n\
1. Việc chia tài sản như sau:\n\
a) Con cái phụng dưỡng cha mẹ.\n\
b) Con cái chăm sóc ông bà.\n\
c) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n\
Điều 8. Gia đình\n\
Vợ chồng cùng chia sẻ việc nhà.\n\
Điều 9. Khen thưởng\n\
Người vợ hiền thục được khen thưởng.\n";

/// The amendment that removes everything.
const FIXED: &str = "HƯƠNG ƯỚC THÔN ĐÔNG (sửa đổi)\n\
Điều 7. Thừa kế\n\
1. Con trai, con gái đều được chia tài sản ngang nhau.\n\
Điều 8. Gia đình\n\
Vợ chồng cùng chia sẻ việc nhà.\n";

fn diff(old: (&str, &[u8]), new: (&str, &[u8]), extra: &[&str]) -> std::process::Output {
    let d = Dir::new();
    let o = d.write(old.0, old.1);
    let n = d.write(new.0, new.1);
    let mut args = vec!["diff".to_owned(), "--rules".into(), pack()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(o.display().to_string());
    args.push(n.display().to_string());
    run(args)
}

#[test]
fn renumbered_amendment_lists_resolved_remaining_and_new() {
    let out = diff(
        ("cu.txt", OLD.as_bytes()),
        ("moi.txt", NEW.as_bytes()),
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "a clause is still present");
    let v = json(&out);
    let resolved = v["resolved"].as_array().unwrap();
    let remaining = v["remaining"].as_array().unwrap();
    let added = v["added"].as_array().unwrap();
    assert_eq!(resolved.len(), 1, "{v:#}");
    assert_eq!(resolved[0]["rule"], "stereotypes.homemaker");
    assert_eq!(resolved[0]["location"], "Điều 7");
    assert_eq!(remaining.len(), 1, "{v:#}");
    assert_eq!(remaining[0]["old"]["location"], "điểm b khoản 2 Điều 6");
    assert_eq!(remaining[0]["new"]["location"], "điểm c khoản 1 Điều 7");
    assert_eq!(remaining[0]["moved"], true);
    assert_eq!(added.len(), 1, "{v:#}");
    assert_eq!(added[0]["location"], "Điều 9");

    let (code, text, _) = parts(&diff(
        ("cu.txt", OLD.as_bytes()),
        ("moi.txt", NEW.as_bytes()),
        &[],
    ));
    assert_eq!(code, 1);
    assert!(text.contains("Đã sửa (resolved): 1"), "{text}");
    assert!(
        text.contains("điểm b khoản 2 Điều 6 → nay là điểm c khoản 1 Điều 7 (đánh số lại)"),
        "{text}"
    );
    assert!(text.contains("Mới (new): 1"), "{text}");
}

#[test]
fn a_clean_amendment_exits_0() {
    let (code, text, _) = parts(&diff(
        ("cu.txt", OLD.as_bytes()),
        ("moi.md", FIXED.as_bytes()),
        &[],
    ));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Đã sửa (resolved): 2"), "{text}");
    assert!(text.contains("Bản mới đã loại bỏ mọi nội dung"), "{text}");
}

#[test]
fn versions_in_other_encodings_compare_by_clause() {
    // The old version as a UTF-16 export from an old word processor.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(OLD.encode_utf16().flat_map(u16::to_le_bytes));
    let out = diff(
        ("cu.txt", &utf16),
        ("moi.txt", NEW.as_bytes()),
        &["--format", "json"],
    );
    let v = json(&out);
    assert_eq!(v["remaining"].as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v["resolved"].as_array().unwrap().len(), 1, "{v:#}");
}

/// A minimal .docx with one paragraph per line, as Word writes a covenant
/// typed without list numbering.
fn docx(text: &str) -> Vec<u8> {
    use std::io::Write;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let body: String = text
        .lines()
        .map(|l| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                esc(l)
            )
        })
        .collect();
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ];
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn old_text_and_new_docx_compare_by_clause() {
    // The old version as text saved from a .doc in UTF-16, the amended one
    // as .docx: the formats differ, the clauses are matched all the same.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(OLD.encode_utf16().flat_map(u16::to_le_bytes));
    let out = diff(
        ("cu.txt", &utf16),
        ("moi.docx", &docx(NEW)),
        &["--format", "json"],
    );
    let (code, _, err) = parts(&out);
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    let remaining = v["remaining"].as_array().unwrap();
    assert_eq!(remaining.len(), 1, "{v:#}");
    assert_eq!(remaining[0]["new"]["location"], "điểm c khoản 1 Điều 7");
    assert_eq!(v["resolved"].as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v["added"].as_array().unwrap().len(), 1, "{v:#}");

    // And the fixed amendment as .docx resolves everything.
    let (code, text, err) = parts(&diff(("cu.txt", &utf16), ("moi.docx", &docx(FIXED)), &[]));
    assert_eq!(code, 0, "{text}{err}");
    assert!(text.contains("Đã sửa (resolved): 2"), "{text}");
}

#[test]
fn an_unreadable_version_is_an_error() {
    let d = Dir::new();
    let o = d.write("cu.txt", OLD);
    let (code, out, _) = parts(&run([
        "diff",
        "--rules",
        &pack(),
        o.to_str().unwrap(),
        d.path().join("none.txt").to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(
        out.contains("none.txt") && out.contains("not found"),
        "{out}"
    );
}
