//! `Screener::amend`: each finding's clause gets the first treatment that
//! screens clean with nothing new: the rule's rewrite, its suggestion, the
//! sentence deleted, the unit repealed.

use huonguoc_screen::amend::{AmendOptions, How};
use huonguoc_screen::{Screener, Source};

/// A one-rule pack: a daughter "không được chia" land. `rewrite` is the
/// rule's `[rule.rewrite]` table, `suggestion` its suggestion.
fn pack(rewrite: &str, suggestion: &str) -> Screener {
    let text = format!(
        r#"
[[category]]
id = "inheritance"
title = "Thừa kế"

[[rule]]
id = "t.daughter"
category = "inheritance"
severity = "error"
title = "Con gái không được chia đất"
message = "Loại con gái."
legal = ["Điều 610 Bộ luật Dân sự 2015"]
suggestion = "{suggestion}"
all = [["con gái"], ["không được chia"]]
{rewrite}
"#
    );
    Screener::from_sources(vec![Source {
        name: "t.toml".into(),
        text,
    }])
    .expect("test pack compiles")
}

const GOOD: &str = "[rule.rewrite]\nreplace = [{ find = 'không được chia', with = 'được chia' }]";
const STILL: &str =
    "[rule.rewrite]\nreplace = [{ find = 'không được chia', with = 'vẫn không được chia' }]";
const REPEAL: &str = "[rule.rewrite]\naction = \"repeal\"";
const FAIR: &str = "Con trai, con gái được chia đất ngang nhau.";
const UNFAIR: &str = "Con gái không được chia ruộng.";

#[test]
fn each_finding_gets_the_first_treatment_that_screens_clean() {
    // (rewrite, suggestion, clause 2's text, treatment, clause 2 afterwards)
    let table = [
        (
            GOOD,
            FAIR,
            "Con gái không được chia đất.",
            How::Rewritten,
            "2. Con gái được chia đất.",
        ),
        (
            STILL,
            FAIR,
            "Con gái không được chia đất.",
            How::Suggested,
            "2. Con trai, con gái được chia đất ngang nhau.",
        ),
        (
            "",
            FAIR,
            "Con gái không được chia đất.",
            How::Suggested,
            "2. Con trai, con gái được chia đất ngang nhau.",
        ),
        (
            STILL,
            UNFAIR,
            "Con gái không được chia đất.",
            How::Repealed,
            "2. (bãi bỏ)",
        ),
        (
            STILL,
            UNFAIR,
            "Thôn lập sổ. Con gái không được chia đất.",
            How::Deleted,
            "2. Thôn lập sổ.",
        ),
        (
            REPEAL,
            FAIR,
            "Con gái không được chia đất.",
            How::Repealed,
            "2. (bãi bỏ)",
        ),
        (
            REPEAL,
            FAIR,
            "Con gái không được chia đất. Thôn lập sổ.",
            How::Deleted,
            "2. Thôn lập sổ.",
        ),
        // Typed without diacritics, the new words are too.
        (
            GOOD,
            FAIR,
            "Con gai khong duoc chia dat.",
            How::Rewritten,
            "2. Con gai duoc chia dat.",
        ),
        (
            STILL,
            FAIR,
            "Con gai khong duoc chia dat cua bo me.",
            How::Suggested,
            "2. Con trai, con gai duoc chia dat ngang nhau.",
        ),
    ];
    for (rewrite, suggestion, clause, how, want) in table {
        let s = pack(rewrite, suggestion);
        let before = "QUY ƯỚC THÔN ĐÔNG\nĐiều 1. Chung\n1. Thôn họp mỗi quý.\n";
        let after = "3. Con cái phụng dưỡng cha mẹ.\nĐiều 2. Hiệu lực\n";
        let text = format!("{before}2. {clause}\n{after}");
        let a = s.amend(&text, &AmendOptions::default());
        let case = format!("{rewrite:?} / {suggestion:?} / {clause:?}");
        assert_eq!(a.findings.len(), 1, "{case}");
        assert_eq!(a.edits.len(), 1, "{case}");
        assert_eq!(a.edits[0].citation, "khoản 2 Điều 1", "{case}");
        assert_eq!(a.edits[0].changes[0].how, how, "{case}");
        assert_eq!(a.edits[0].repealed, how == How::Repealed, "{case}");
        assert_eq!(a.text, format!("{before}{want}\n{after}"), "{case}");
        assert!(a.left.is_empty(), "{case}: {:?}", a.left);
        assert!(s.screen(&a.text).is_empty(), "{case}: {}", a.text);
    }
}

#[test]
fn a_point_is_amended_alone_and_a_lead_in_keeps_its_points() {
    let s = pack(GOOD, FAIR);
    let text = "QUY ƯỚC\nĐiều 6. Thừa kế\n1. Việc chia đất như sau:\na) Con cái phụng dưỡng cha mẹ.\nb) Con gái không được chia đất.\n";
    let a = s.amend(text, &AmendOptions::default());
    assert_eq!(a.edits.len(), 1);
    let e = &a.edits[0];
    assert_eq!(
        (e.citation.as_str(), e.marker.as_str()),
        ("điểm b khoản 1 Điều 6", "b)")
    );
    assert_eq!(&text[e.range.clone()], "Con gái không được chia đất.");
    assert!(!e.lead_in);

    let text = "QUY ƯỚC\nĐiều 6. Thừa kế\n1. Con gái không được chia đất, như sau:\na) Con cái phụng dưỡng cha mẹ.\n";
    let a = s.amend(text, &AmendOptions::default());
    assert!(a.edits[0].lead_in, "{:?}", a.edits[0]);
    assert_eq!(
        a.text,
        "QUY ƯỚC\nĐiều 6. Thừa kế\n1. Con gái được chia đất, như sau:\na) Con cái phụng dưỡng cha mẹ.\n"
    );
}

#[test]
fn waived_findings_are_left_as_they_are() {
    let s = pack(GOOD, FAIR);
    let text = "QUY ƯỚC\nĐiều 1. Chung\n1. Con gái không được chia đất.\n2. Con gái không được chia ruộng.\n";
    let fp = s.screen(text)[1].fingerprint.clone();
    let a = s.amend(
        text,
        &AmendOptions {
            leave: vec![fp],
            ..Default::default()
        },
    );
    assert_eq!(a.edits.len(), 1);
    assert_eq!(a.edits[0].citation, "khoản 1 Điều 1");
    assert!(a.left.is_empty());
    assert!(a.text.ends_with("2. Con gái không được chia ruộng.\n"));
}

#[test]
fn a_quoted_amendment_keeps_its_closing_mark() {
    let s = pack(REPEAL, FAIR);
    let text = "QUY ƯỚC SỬA ĐỔI\nĐiều 1. Sửa đổi\n1. Sửa đổi khoản 2 Điều 12 như sau:\n“2. Con gái không được chia đất.”\n2. Hiệu lực thi hành.\n";
    let a = s.amend(text, &AmendOptions::default());
    assert_eq!(a.edits[0].citation, "khoản 2 Điều 12");
    assert_eq!(
        a.text,
        "QUY ƯỚC SỬA ĐỔI\nĐiều 1. Sửa đổi\n1. Sửa đổi khoản 2 Điều 12 như sau:\n“2. (bãi bỏ)”\n2. Hiệu lực thi hành.\n"
    );
}
