//! `rules`, `explain`, `normalize`, `test` and `eval`.

use crate::util::{Dir, parts, root, run};

fn pack() -> String {
    root().join("tests/fixtures/pack").display().to_string()
}

#[test]
fn rules_lists_every_rule() {
    let (code, out, _) = parts(&run(["rules", "--rules", &pack()]));
    assert_eq!(code, 0);
    assert!(
        out.contains("inheritance.daughter-excluded  inheritance  error"),
        "{out}"
    );
    assert!(out.contains("stereotypes.homemaker"), "{out}");
}

#[test]
fn explain_prints_a_rule_in_full_and_rejects_unknown_ids() {
    let (code, out, _) = parts(&run([
        "explain",
        "--rules",
        &pack(),
        "inheritance.daughter-excluded",
    ]));
    assert_eq!(code, 0);
    for part in [
        "Loại con gái khỏi việc chia tài sản",
        "Điều 610 Bộ luật Dân sự 2015",
        "Con gái đã đi lấy chồng",
    ] {
        assert!(out.contains(part), "{part} not in {out}");
    }
    let (code, _, err) = parts(&run(["explain", "--rules", &pack(), "no.such-rule"]));
    assert_eq!(code, 2);
    assert!(err.contains("no.such-rule"), "{err}");
}

#[test]
fn normalize_shows_the_matching_form() {
    let d = Dir::new();
    let f = d.write("x.txt", "Điều 1.  HOÀ giải\u{a0}“Thuỷ lợi”");
    let (code, out, _) = parts(&run(["normalize", f.to_str().unwrap()]));
    assert_eq!(code, 0);
    assert_eq!(out, "điều 1. hòa giải \"thủy lợi\"\n");
    let (_, out, _) = parts(&run(["normalize", "--folded", f.to_str().unwrap()]));
    assert_eq!(out, "dieu 1. hoa giai \"thuy loi\"\n");
}

#[test]
fn test_command_reports_failures_and_loading_errors() {
    let (code, out, _) = parts(&run(["test", "--rules", &pack(), "--min-examples", "1"]));
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with("8 passed, 0 failed"), "{out}");

    let d = Dir::new();
    std::fs::copy(
        root().join("tests/fixtures/pack/pack.toml"),
        d.path().join("pack.toml"),
    )
    .unwrap();
    let rules = std::fs::read_to_string(root().join("tests/fixtures/pack/rules.toml"))
        .unwrap()
        .replace(
            "pass = [\"Vợ chồng cùng chia sẻ việc nhà.\"]",
            "pass = [\"Người phụ nữ hiền thục.\"]",
        );
    d.write("rules.toml", rules);
    let (code, out, _) = parts(&run([
        "test",
        "--rules",
        d.path().to_str().unwrap(),
        "--min-examples",
        "1",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("FAIL stereotypes.homemaker"), "{out}");
    assert!(out.contains("Người phụ nữ hiền thục"), "{out}");
    assert!(out.trim_end().ends_with("6 passed, 2 failed"), "{out}");

    d.write("broken.toml", "[[rule]]\nid = \"x\"\ncategory = \"nope\"\n");
    let (code, _, err) = parts(&run(["test", "--rules", d.path().to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("broken.toml"), "{err}");
}

#[test]
fn test_command_fails_a_dead_rule_that_a_sibling_covers() {
    // A rule whose group holds a term no text has: its example is caught
    // by the sibling of its category, which the old check counted as a pass.
    let d = Dir::new();
    for f in ["pack.toml", "rules.toml"] {
        std::fs::copy(root().join("tests/fixtures/pack").join(f), d.path().join(f)).unwrap();
    }
    d.write(
        "dead.toml",
        r#"
[[rule]]
id = "inheritance.dead"
category = "inheritance"
severity = "warning"
title = "Quy tắc chết"
message = "Không bao giờ khớp."
legal = ["Điều 610 Bộ luật Dân sự 2015"]
suggestion = "Không có."
seq = [["@nu"], ["từ không bao giờ xuất hiện"]]
[rule.examples]
flag = ["Con gái đã đi lấy chồng thì không được chia đất."]
pass = ["Nghiêm cấm việc con gái không được chia đất."]
"#,
    );
    let (code, out, _) = parts(&run([
        "test",
        "--rules",
        d.path().to_str().unwrap(),
        "--min-examples",
        "1",
    ]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL inheritance.dead"), "{out}");
    assert!(out.contains("bị bắt bởi chính quy tắc này"), "{out}");
    // The sibling that does the work still passes.
    assert!(!out.contains("FAIL inheritance.daughter-excluded"), "{out}");
}

#[test]
fn eval_reads_a_clause_list_and_gates_its_figures() {
    let d = Dir::new();
    let list = d.write(
        "clauses.tsv",
        "id\tlabel\tcategories\ttext\tnote\n\
         a1\tpos\tinheritance\tCon gái đã đi lấy chồng thì không được chia đất.\tx\n\
         a2\tpos\tinheritance|property-land\tCon gái đi lấy chồng không được hưởng đất của bố mẹ.\tx\n\
         a3\tpos\tinheritance\tLệ làng không cho ai khác dự phần.\tmissed\n\
         n1\tneg\t\tNghiêm cấm việc con gái không được chia đất.\tx\n",
    );
    let args = |extra: &[&str]| {
        let mut v = vec![
            "eval".to_owned(),
            "--rules".to_owned(),
            pack(),
            list.display().to_string(),
        ];
        v.extend(extra.iter().map(|s| (*s).to_owned()));
        v
    };
    let (code, out, _) = parts(&run(args(&["--min-recall", "0.6", "--min-precision", "1"])));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("4 điều khoản: 2 đúng, 0 báo nhầm, 1 bỏ sót"),
        "{out}"
    );
    assert!(out.contains("a3"), "{out}");
    let (code, out, _) = parts(&run(args(&["--min-recall", "0.9"])));
    assert_eq!(code, 1, "{out}");
    let (code, out, _) = parts(&run(args(&["--format", "json", "--min-recall", "0"])));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["true_positives"], 2);
    assert_eq!(v["category_agreement"], 1.0);
}

#[test]
fn bad_regex_is_named_with_file_line_and_rule() {
    let d = Dir::new();
    std::fs::copy(
        root().join("tests/fixtures/pack/pack.toml"),
        d.path().join("pack.toml"),
    )
    .unwrap();
    d.write(
        "r.toml",
        "[[category]]\nid = \"x\"\ntitle = \"X\"\n\n[[rule]]\nid = \"x.bad\"\ncategory = \"x\"\nseverity = \"error\"\ntitle = \"t\"\nmessage = \"m\"\nsuggestion = \"s\"\nall = [[\"con gái\"]]\npatterns = ['(unclosed']\n",
    );
    let (code, _, err) = parts(&run(["rules", "--rules", d.path().to_str().unwrap()]));
    assert_eq!(code, 2);
    // The line of the pattern itself, not only of the rule.
    assert!(err.contains("r.toml:13"), "{err}");
    assert!(err.contains("x.bad"), "{err}");
}

#[test]
fn rules_and_explain_speak_json() {
    let (code, out, _) = parts(&run(["rules", "--rules", &pack(), "--format", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["inheritance.daughter-excluded", "stereotypes.homemaker"]
    );
    assert_eq!(v["rules"][0]["severity"], "error");
    assert_eq!(v["rules"][0]["scope"], "sentence");
    assert_eq!(v["rules"][0]["legal"][0], "Điều 610 Bộ luật Dân sự 2015");
    assert_eq!(v["categories"][0]["id"], "inheritance");
    assert_eq!(
        v["categories"][0]["rules"],
        serde_json::json!(["inheritance.daughter-excluded"])
    );
    assert_eq!(v["rule_pack"].as_str().unwrap().len(), 16);

    let (code, out, _) = parts(&run([
        "explain",
        "--rules",
        &pack(),
        "--format",
        "json",
        "inheritance.daughter-excluded",
    ]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "rule");
    assert_eq!(v["rule"]["id"], "inheritance.daughter-excluded");
    assert_eq!(
        v["rule"]["message_en"],
        "The clause excludes daughters from family property."
    );
    assert_eq!(
        v["rule"]["examples"]["flag"][0],
        "Con gái đã đi lấy chồng thì không được chia đất."
    );
    assert_eq!(v["category"]["title"], "Thừa kế");

    let (code, out, _) = parts(&run([
        "explain",
        "--rules",
        &pack(),
        "--format",
        "json",
        "stereotypes",
    ]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "category");
    assert_eq!(v["rules"][0]["id"], "stereotypes.homemaker");
}

#[test]
fn explain_lists_a_category_prints_the_scope_in_words_and_suggests_ids() {
    // The embedded pack: `explain inheritance` lists its rules.
    let (code, out, _) = parts(&run(["explain", "inheritance"]));
    assert_eq!(code, 0);
    assert!(out.contains("inheritance.daughter-excluded"), "{out}");
    assert!(out.contains("inheritance.unequal-treatment"), "{out}");
    assert!(out.contains("Điều 610"), "{out}");

    let (_, out, _) = parts(&run(["explain", "inheritance.daughter-excluded"]));
    assert!(out.contains("phạm vi: câu"), "{out}");
    assert!(!out.contains("Sentence"), "{out}");
    let (_, out, _) = parts(&run([
        "explain",
        "--lang",
        "en",
        "inheritance.daughter-excluded",
    ]));
    assert!(out.contains("scope: sentence"), "{out}");
    assert!(out.contains("legal basis:"), "{out}");

    for (typo, near) in [
        (
            "inheritance.daughter-exclude",
            "inheritance.daughter-excluded",
        ),
        ("daughter-excluded", "inheritance.daughter-excluded"),
        ("inheritence", "inheritance"),
    ] {
        let (code, _, err) = parts(&run(["explain", typo]));
        assert_eq!(code, 2);
        assert!(err.contains(near), "{typo}: {err}");
    }
    let (code, _, err) = parts(&run(["explain", "zzzzzzzz"]));
    assert_eq!(code, 2);
    assert!(err.contains("huonguoc rules"), "{err}");
}
