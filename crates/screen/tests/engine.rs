//! The engine's matching semantics, table-driven on a small pack written
//! here: groups and order, frames, names, numbers, tree scope, folded text.

use huonguoc_screen::{ScreenOptions, Screener, Source};
use huonguoc_text::Mode;
use proptest::prelude::*;

const PACK: &str = r#"
[[category]]
id = "inheritance"
title = "Thừa kế"

[[category]]
id = "child-marriage"
title = "Tảo hôn"

[[category]]
id = "unequal-rewards"
title = "Khen thưởng"

[terms]
nu = ["con gái", "phụ nữ", "nữ"]
nam = ["con trai", "nam"]

[[frame]]
kind = "prohibition"
terms = ["nghiêm cấm"]

[[frame]]
kind = "equality"
terms = ["ngang nhau"]
patterns = ['(?:con trai|nam),? (?:con gái|nữ) đều']

[[frame]]
kind = "protective"
terms = ["mang thai"]

[[frame]]
kind = "name"
terms = ["hội liên hiệp phụ nữ"]

[folding]
weak = ["nữ", "nam"]

[[rule]]
id = "inheritance.daughter-excluded"
category = "inheritance"
severity = "error"
title = "t"
message = "m"
suggestion = "s"
seq = [["@nu"], ["không được"], ["chia"]]
gap = 6

[[rule]]
id = "child-marriage.girl-below-18"
category = "child-marriage"
severity = "error"
title = "t"
message = "m"
suggestion = "s"
all = [["@nu"], ["lấy chồng", "cưới"]]
patterns = ['(?:{nu})\D{0,12}?(?P<age>\d{1,2}) tuổi']
numbers = [{ capture = "age", below = 18 }]

[[rule]]
id = "unequal-rewards.different-amounts"
category = "unequal-rewards"
severity = "error"
scope = "tree"
title = "t"
message = "m"
suggestion = "s"
all = [["@nam"], ["@nu"], ["thưởng"]]
patterns = ['(?:{nam})[^;]*?thưởng (?P<a>[\d.]+) đồng.*?(?:{nu})[^;]*?thưởng (?P<b>[\d.]+) đồng']
numbers = [{ capture = "a", differs_from = "b" }]
"#;

fn screener() -> Screener {
    Screener::from_sources(vec![Source {
        name: "test.toml".into(),
        text: PACK.into(),
    }])
    .expect("test pack compiles")
}

fn found(s: &Screener, text: &str, mode: Option<Mode>) -> Vec<(String, String)> {
    s.screen_with(
        text,
        &ScreenOptions {
            mode,
            ..Default::default()
        },
    )
    .findings
    .into_iter()
    .map(|f| (f.rule.to_string(), f.location))
    .collect()
}

#[test]
fn matching_semantics() {
    let s = screener();
    let excluded = "inheritance.daughter-excluded";
    // (text, expected (rule, location) pairs)
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "Điều 1. A\n1. Con gái không được chia đất.",
            &[(excluded, "khoản 1 Điều 1")],
        ),
        // Order matters in `seq`.
        ("Điều 1. A\n1. Không được chia đất cho con gái.", &[]),
        // Too far apart.
        (
            "Điều 1. A\n1. Con gái một hai ba bốn năm sáu bảy không được chia đất.",
            &[],
        ),
        // A prohibition in the sentence, or in the lead-in of the parent.
        (
            "Điều 1. A\n1. Nghiêm cấm việc con gái không được chia đất.",
            &[],
        ),
        (
            "Điều 1. A\n1. Nghiêm cấm các hành vi sau:\na) Con gái không được chia đất.",
            &[],
        ),
        // A lead-in without ':' does not frame its points.
        (
            "Điều 1. A\n1. Nghiêm cấm tảo hôn.\na) Con gái không được chia đất.",
            &[(excluded, "điểm a khoản 1 Điều 1")],
        ),
        // The frame of one sentence does not reach the next.
        (
            "Điều 1. A\n1. Nghiêm cấm tảo hôn. Con gái không được chia đất.",
            &[(excluded, "khoản 1 Điều 1")],
        ),
        // Equality, by term and by pattern.
        (
            "Điều 1. A\n1. Con gái được chia ngang nhau; con gái không được chia đất hương hỏa.",
            &[],
        ),
        (
            "Điều 1. A\n1. Con trai, con gái đều không được chia đất công.",
            &[],
        ),
        // Names mask the gender terms inside them.
        (
            "Điều 1. A\n1. Hội Liên hiệp phụ nữ không được chia quỹ.",
            &[],
        ),
        // Numbers: below the statute is flagged, the statute is not.
        (
            "Điều 2. B\n1. Con gái đủ 16 tuổi được lấy chồng.",
            &[("child-marriage.girl-below-18", "khoản 1 Điều 2")],
        ),
        ("Điều 2. B\n1. Nữ từ đủ 18 tuổi mới được lấy chồng.", &[]),
        // A comparison across points is cited at the clause.
        (
            "Điều 3. C\n2. Mức thưởng:\na) Con trai đỗ đại học thưởng 1.000.000 đồng;\nb) Con gái đỗ đại học thưởng 600.000 đồng;",
            &[("unequal-rewards.different-amounts", "khoản 2 Điều 3")],
        ),
        (
            "Điều 3. C\n2. Mức thưởng:\na) Con trai đỗ đại học thưởng 1.000.000 đồng;\nb) Con gái đỗ đại học thưởng 1.000.000 đồng;",
            &[],
        ),
        (
            "Điều 3. C\n2. Mức thưởng:\na) Con trai thưởng 1.000.000 đồng, con gái thưởng 500.000 đồng;",
            &[("unequal-rewards.different-amounts", "điểm a khoản 2 Điều 3")],
        ),
        // A ban in the clause's lead-in covers the comparison of its points.
        (
            "Điều 3. C\n2. Nghiêm cấm đặt mức thưởng như sau:\na) Con trai đỗ đại học thưởng 1.000.000 đồng;\nb) Con gái đỗ đại học thưởng 600.000 đồng;",
            &[],
        ),
        // Syllable boundaries: "nữa" is not "nữ".
        ("Điều 1. A\n1. Hơn nữa không được chia đất.", &[]),
    ];
    for (text, want) in cases {
        let got = found(&s, text, None);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(r, l)| (r.to_string(), l.to_string()))
            .collect();
        assert_eq!(got, want, "in {text:?}");
    }
}

#[test]
fn folded_text_needs_two_strong_anchors() {
    let s = screener();
    let folded = Some(Mode::Folded);
    assert_eq!(
        found(&s, "Dieu 1. A\n1. Con gai khong duoc chia dat.", folded),
        [(
            "inheritance.daughter-excluded".to_owned(),
            "khoản 1 Điều 1".to_owned()
        )]
    );
    assert_eq!(
        found(
            &s,
            "Dieu 2. B\n1. Con gai du 16 tuoi duoc lay chong.",
            folded
        )
        .len(),
        1
    );
    // "nữ" is weak: folded, "nu" could be many words, so "cưới" alone is
    // one anchor short.
    assert!(found(&s, "Dieu 2. B\n1. Nu du 16 tuoi duoc cuoi.", folded).is_empty());
    assert_eq!(
        found(&s, "Điều 2. B\n1. Nữ đủ 16 tuổi được cưới.", None).len(),
        1
    );
}

#[test]
fn spans_point_at_the_original_words() {
    let s = screener();
    let text = "ĐIỀU 1. A\n1. CON GÁI  không\u{a0}được chia đất.";
    let f = &s.screen(text)[0];
    assert_eq!(&text[f.start..f.end], "CON GÁI  không\u{a0}được chia");
    assert_eq!((f.line, f.column), (2, 4));
    assert_eq!(f.matched, ["CON GÁI", "không được", "chia"]);
}

#[test]
fn fingerprints_survive_renumbering() {
    let s = screener();
    let a = &s.screen("Điều 6. A\n2. Con gái không được chia đất.")[0];
    let b = &s.screen("Lời nói đầu.\n\nĐiều 9. B\n1. Khác.\n4. Con gái không được chia đất.")[0];
    assert_eq!(a.fingerprint, b.fingerprint);
    assert_ne!(a.location, b.location);
}

#[test]
fn findings_render_against_the_original_text() {
    let s = screener();
    let text = "HƯƠNG ƯỚC THÔN A\nĐiều 6. Thừa kế\n2. Việc chia tài sản:\nb) Con gái đi lấy chồng không được chia đất.\nĐiều 7. Cưới\n1. Con gái đủ 15 tuổi thì được lấy chồng.\n";
    let mut out = String::new();
    for f in s.screen(text) {
        out.push_str(&format!(
            "{}:{} {} [{}] «{}» in «{}»\n",
            f.line,
            f.column,
            f.location,
            f.rule,
            &text[f.start..f.end],
            f.excerpt
        ));
    }
    insta::assert_snapshot!(out);
}

proptest! {
    #[test]
    fn screening_never_panics_and_spans_stay_on_char_boundaries(text in "\\PC{0,200}") {
        let s = screener();
        for mode in [None, Some(Mode::Folded)] {
            let opts = ScreenOptions { mode, ..Default::default() };
            for f in s.screen_with(&text, &opts).findings {
                prop_assert!(f.start <= f.end && f.end <= text.len());
                prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
        }
    }
}

proptest! {
    /// Whatever a rule author writes, loading and using the pack returns an
    /// error or works; it never panics.
    #[test]
    fn any_rule_text_loads_or_fails_cleanly(
        term in "\\PC{0,12}",
        pattern in "\\PC{0,24}",
        gap in 0usize..50,
        junk in "\\PC{0,40}",
    ) {
        let rule = format!(
            "[[category]]\nid = \"c\"\ntitle = \"t\"\n\n[[rule]]\nid = \"c.r\"\ncategory = \"c\"\nseverity = \"error\"\ntitle = \"t\"\nmessage = \"m\"\nsuggestion = \"s\"\nseq = [[{term:?}], [\"không được\"]]\ngap = {gap}\npatterns = [{pattern:?}]\n"
        );
        for text in [rule.clone(), format!("{rule}{junk}"), junk.clone()] {
            let loaded = Screener::from_sources(vec![Source { name: "p.toml".into(), text }]);
            if let Ok(s) = loaded {
                let _ = s.pattern_errors();
                let sample = format!("Điều 1. A\n1. {term} không được {pattern} {junk}");
                let _ = s.screen(&sample);
            }
        }
    }
}

#[test]
fn lint_names_terms_that_can_never_match() {
    let mut pack = huonguoc_screen::RulePack::from_sources(vec![Source {
        name: "p.toml".into(),
        text: PACK.into(),
    }])
    .unwrap();
    pack.terms.insert(
        "mixed".into(),
        vec!["@nu".into(), "hòa".into(), "hoà".into(), "\u{200b}".into()],
    );
    let issues: Vec<String> = huonguoc_screen::lint::lint(&pack, 0)
        .into_iter()
        .filter(|i| i.rule == "@mixed")
        .map(|i| i.message)
        .collect();
    assert_eq!(issues.len(), 3, "{issues:#?}");
    assert!(issues[0].contains("@nu"));
    assert!(
        issues
            .iter()
            .any(|m| m.contains("hoà") && m.contains("hòa"))
    );
    assert!(issues.iter().any(|m| m.contains("rỗng")));
}

/// A regex over the size limit used to load, never match and let `scan`
/// exit 0 (issue 10, row 8): the load must fail and name the rule.
#[test]
fn regexes_over_the_size_limit_fail_the_load() {
    // (rule pattern, frame pattern, expected rule named by the error)
    let table: &[(&str, &str, Option<Option<&str>>)] = &[
        (r"nam\w{2}", r"nghiêm cấm", None),
        (r"nam\w{5000}", r"nghiêm cấm", Some(Some("c.r"))),
        (r"nam", r"cấm\w{5000}", Some(None)),
        // The reverse NFA is checked too: both directions fail alike here,
        // but a mistake in one of them would show as a load that succeeds.
        (r"(?:\w{2000}|a)b", r"cấm", Some(Some("c.r"))),
    ];
    for &(pattern, frame, want) in table {
        let text = format!(
            "[[category]]\nid = \"c\"\ntitle = \"t\"\n\n[[frame]]\nkind = \"prohibition\"\npatterns = [{frame:?}]\n\n[[rule]]\nid = \"c.r\"\ncategory = \"c\"\nseverity = \"error\"\ntitle = \"t\"\nmessage = \"m\"\nsuggestion = \"s\"\nall = [[\"nam\"]]\npatterns = [{pattern:?}]\n"
        );
        let loaded = Screener::from_sources(vec![Source {
            name: "p.toml".into(),
            text,
        }]);
        match (loaded, want) {
            (Ok(s), None) => assert!(s.pattern_errors().is_empty(), "{pattern}"),
            (Err(e), Some(rule)) => {
                assert_eq!(e.kind(), huonguoc_screen::ErrorKind::Regex, "{e}");
                assert_eq!(e.rule(), rule, "{e}");
                assert!(e.to_string().contains("size limit"), "{e}");
            }
            (got, _) => panic!("{pattern} / {frame}: unexpected {got:?}"),
        }
    }
}

/// Pattern lines are looked for inside their own rule: the search used to
/// rescan the file from each rule on (quadratic: 20,000 rules took 40 s),
/// and a pattern not written literally took a later rule's line.
#[test]
fn pattern_lines_are_found_within_their_rule() {
    let rule = |id: &str, pattern: &str| {
        format!(
            "[[rule]]\nid = \"c.{id}\"\ncategory = \"c\"\nseverity = \"error\"\ntitle = \"t\"\nmessage = \"m\"\nsuggestion = \"s\"\nall = [[\"nam\"]]\npatterns = [{pattern}]\n"
        )
    };
    let text = [
        "[[category]]\nid = \"c\"\ntitle = \"t\"\n".to_string(),
        // Line 6: id; line 13: a basic string, not the pattern as written.
        rule("a", r#""nam\\d""#),
        // Line 16: id; line 23: the same pattern, written literally.
        rule("b", r"'nam\d'"),
        rule("c", r"'x', 'nam\d'"),
    ]
    .join("\n");
    let pack = huonguoc_screen::RulePack::from_sources(vec![Source {
        name: "p.toml".into(),
        text,
    }])
    .expect("pack parses");
    let got: Vec<(usize, Vec<usize>)> = pack
        .rules
        .iter()
        .map(|r| (r.line, r.pattern_lines.clone()))
        .collect();
    assert_eq!(got, [(6, vec![6]), (16, vec![23]), (26, vec![33, 33])]);
}
