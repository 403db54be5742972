//! `huonguoc scan`: exit codes, the JSON contract, bad inputs and the corpus.

use crate::util::{Dir, json, parts, root, run, run_at};

const FLAGGED: &str = "HƯƠNG ƯỚC THÔN ĐÔNG\n\
Điều 6. Thừa kế\n\
1. Con trai, con gái đều được chia tài sản ngang nhau.\n\
2. Việc chia tài sản như sau:\n\
a) Con cái phụng dưỡng cha mẹ.\n\
b) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n";

const CLEAN: &str =
    "QUY ƯỚC\nĐiều 1. Chung\nNghiêm cấm tảo hôn. Con trai, con gái đều được chia đất ngang nhau.\n";

const INFO_ONLY: &str =
    "QUY ƯỚC\nĐiều 2. Gia đình\nNgười phụ nữ đảm đang là niềm tự hào của thôn.\n";

fn pack() -> String {
    root().join("tests/fixtures/pack").display().to_string()
}

#[test]
fn exit_0_when_clean_1_on_findings_2_on_unreadable_paths() {
    let d = Dir::new();
    let clean = d.write("clean.txt", CLEAN);
    let flagged = d.write("flagged.txt", FLAGGED);
    let info = d.write("info.txt", INFO_ONLY);
    let missing = d.path().join("missing.txt");
    let code = |args: &[&str]| parts(&run(args)).0;
    let p = pack();
    assert_eq!(code(&["scan", "--rules", &p, clean.to_str().unwrap()]), 0);
    assert_eq!(code(&["scan", "--rules", &p, flagged.to_str().unwrap()]), 1);
    // Below the threshold by default, at it with --fail-on info.
    assert_eq!(code(&["scan", "--rules", &p, info.to_str().unwrap()]), 0);
    assert_eq!(
        code(&[
            "scan",
            "--rules",
            &p,
            "--fail-on",
            "info",
            info.to_str().unwrap()
        ]),
        1
    );
    // An unreadable path wins over findings.
    assert_eq!(
        code(&[
            "scan",
            "--rules",
            &p,
            flagged.to_str().unwrap(),
            missing.to_str().unwrap()
        ]),
        2
    );
    // Usage errors and broken packs are 2 as well.
    assert_eq!(
        code(&["scan", "--format", "yaml", clean.to_str().unwrap()]),
        2
    );
    let bad = Dir::new();
    bad.write("bad.toml", "[[rule]]\nid = 1\n");
    assert_eq!(
        code(&[
            "scan",
            "--rules",
            bad.path().to_str().unwrap(),
            clean.to_str().unwrap()
        ]),
        2
    );
}

#[test]
fn json_fields_are_a_contract() {
    let d = Dir::new();
    d.write("a/flagged.txt", FLAGGED);
    d.write("b/clean.txt", CLEAN);
    let out = run([
        "scan",
        "--rules",
        &pack(),
        "--format",
        "json",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&v),
        ["files", "measured", "skipped", "summary", "version"]
    );
    assert_eq!(v["version"], "2");
    assert_eq!(
        keys(&v["measured"]),
        ["all_files", "date", "rule_pack", "tool", "tool_version"]
    );
    assert_eq!(v["measured"]["tool"], "huonguoc");
    assert_eq!(v["measured"]["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["measured"]["rule_pack"].as_str().unwrap().len(), 16);
    assert_eq!(v["measured"]["all_files"], false);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert!(
        files[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("a/flagged.txt")
    );
    assert_eq!(
        keys(&files[0]),
        [
            "encoding", "findings", "path", "status", "verdict", "warnings"
        ]
    );
    assert_eq!(files[0]["status"], "screened");
    assert_eq!(files[0]["verdict"], "not_compliant");
    assert_eq!(files[1]["verdict"], "compliant");
    assert_eq!(files[0]["encoding"], "utf-8");
    let f = &files[0]["findings"][0];
    let mut want = vec![
        "rule",
        "category",
        "severity",
        "title",
        "message",
        "legal",
        "suggestion",
        "start",
        "end",
        "line",
        "column",
        "chapter",
        "article",
        "clause",
        "point",
        "location",
        "excerpt",
        "matched",
        "fingerprint",
    ];
    want.sort();
    assert_eq!(keys(f), want);
    assert_eq!(f["rule"], "inheritance.daughter-excluded");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["location"], "điểm b khoản 2 Điều 6");
    assert_eq!(f["article"], "6");
    assert_eq!(f["clause"], "2");
    assert_eq!(f["point"], "b");
    assert_eq!(f["chapter"], serde_json::Value::Null);
    assert_eq!(f["line"], 6);
    assert_eq!(f["column"], 4);
    assert_eq!(f["legal"][0], "Điều 610 Bộ luật Dân sự 2015");
    let (start, end) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &FLAGGED[start..end],
        "Con gái đã đi lấy chồng thì không được chia"
    );
    assert_eq!(files[1]["findings"].as_array().unwrap().len(), 0);
    let s = &v["summary"];
    assert_eq!(
        keys(s),
        [
            "compliance_rate",
            "compliant",
            "covenants",
            "errors",
            "files",
            "not_compliant",
            "not_covenant",
            "not_verified",
            "pending_review",
            "screened",
            "targets",
            "unverified",
            "waived"
        ]
    );
    assert_eq!(
        (
            s["files"].as_u64(),
            s["covenants"].as_u64(),
            s["screened"].as_u64(),
            s["compliant"].as_u64(),
            s["not_compliant"].as_u64()
        ),
        (Some(2), Some(2), Some(2), Some(1), Some(1))
    );
    assert_eq!(
        s["unverified"],
        serde_json::json!({"unreadable": 0, "low_quality": 0, "missing": 0})
    );
    assert_eq!(s["compliance_rate"], 0.5);
    assert_eq!(
        s["targets"][0],
        serde_json::json!({"year": 2025, "rate": 0.95, "met": false, "covenants": 2,
            "compliant": 1, "not_verified": 0, "compliance_rate": 0.5})
    );
    assert_eq!(
        s["targets"][1],
        serde_json::json!({"year": 2030, "rate": 1.0, "met": false, "covenants": 2,
            "compliant": 1, "not_verified": 0, "compliance_rate": 0.5})
    );
}

#[test]
fn text_output_reads_like_a_compiler_diagnostic() {
    let d = Dir::new();
    let f = d.write("flagged.txt", FLAGGED);
    let (code, out, _) = parts(&run_at(
        ["scan", "--rules", &pack(), f.to_str().unwrap()],
        "2026-03-01",
    ));
    assert_eq!(code, 1);
    let shown = out.replace(&f.display().to_string(), "flagged.txt");
    insta::assert_snapshot!(shown);
}

#[test]
fn english_messages_with_lang_en() {
    let d = Dir::new();
    let f = d.write("flagged.txt", FLAGGED);
    let out = run([
        "scan",
        "--rules",
        &pack(),
        "--lang",
        "en",
        "--format",
        "json",
        f.to_str().unwrap(),
    ]);
    let v = json(&out);
    assert_eq!(
        v["files"][0]["findings"][0]["message"],
        "The clause excludes daughters from family property."
    );
}

/// A folder of hostile inputs: every path is reported, nothing panics, and
/// the exit code is 2.
/// Issue 10, rows 6 and 7: a FIFO blocked the whole scan, and /dev/zero
/// was read until memory ran out. Neither is read now; the covenant beside
/// them is screened.
#[cfg(unix)]
#[test]
fn non_regular_files_are_named_not_read() {
    let d = Dir::new();
    let fifo = d.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let covenant = d.write("flagged.txt", FLAGGED);
    for odd in [fifo.to_str().unwrap(), "/dev/zero"] {
        let out = run([
            "scan",
            "--rules",
            &pack(),
            "--all-files",
            "--format",
            "json",
            odd,
            covenant.to_str().unwrap(),
        ]);
        let (code, _, _) = parts(&out);
        assert_eq!(code, 2, "{odd}");
        let v = json(&out);
        let files = v["files"].as_array().unwrap();
        let bad = files
            .iter()
            .find(|f| f["path"].as_str() == Some(odd))
            .unwrap();
        assert!(
            bad["error"]
                .as_str()
                .unwrap()
                .contains("not a regular file"),
            "{bad}"
        );
        let good = files
            .iter()
            .find(|f| f["path"].as_str() != Some(odd))
            .unwrap();
        assert!(!good["findings"].as_array().unwrap().is_empty(), "{good}");
    }
    let (code, out, _) = parts(&run([
        "diff",
        fifo.to_str().unwrap(),
        covenant.to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(out.contains("not a regular file"), "{out}");
}

#[test]
fn bad_inputs_are_reported_not_fatal() {
    let d = Dir::new();
    d.write("empty.txt", "");
    let mut noise = Vec::with_capacity(4096);
    let mut x: u32 = 0x9E37_79B9;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push((x & 0xFF) as u8);
    }
    noise[100] = 0;
    d.write("random.txt", &noise);
    let line =
        "Con gái đã đi lấy chồng thì không được chia đất của bố mẹ; ".repeat(20 * 1024 * 1024 / 64);
    d.write("long.txt", line.as_bytes());
    d.write("flagged.txt", FLAGGED);
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.path().join("nowhere.txt"), d.path().join("dangling.txt"))
        .unwrap();
    // Screened whether or not they look like covenants: the point is that
    // the engine survives them.
    let out = run([
        "scan",
        "--rules",
        &pack(),
        "--all-files",
        "--format",
        "json",
        d.path().to_str().unwrap(),
    ]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(n))
            .unwrap_or_else(|| panic!("{n} missing from {files:?}"))
    };
    // Screening nothing would call it compliant (issue 10).
    assert_eq!(by_name("empty.txt")["status"], "not_covenant");
    assert_eq!(by_name("empty.txt")["not_covenant"]["reason"], "empty");
    assert_eq!(by_name("random.txt")["status"], "not_verified");
    assert!(
        by_name("random.txt")["error"]
            .as_str()
            .unwrap()
            .contains("nhị phân")
    );
    // One sentence of 20 MB: over the budget of term hits per sentence,
    // refused quickly with the limit named, never half screened.
    assert_eq!(by_name("long.txt")["status"], "not_verified");
    assert!(
        by_name("long.txt")["error"]
            .as_str()
            .unwrap()
            .contains("`sentence-hits`")
    );
    assert_eq!(by_name("flagged.txt")["status"], "screened");
    #[cfg(unix)]
    {
        assert_eq!(by_name("dangling.txt")["status"], "not_verified");
        assert!(
            by_name("dangling.txt")["error"]
                .as_str()
                .unwrap()
                .contains("liên kết hỏng")
        );
    }
    assert_eq!(v["summary"]["errors"], if cfg!(unix) { 3 } else { 2 });
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let d = Dir::new();
    for i in 0..30 {
        d.write(
            &format!("f{i:02}.txt"),
            if i % 3 == 0 { FLAGGED } else { CLEAN },
        );
    }
    let p = pack();
    let a = run([
        "scan",
        "--rules",
        &p,
        "-j",
        "1",
        "--format",
        "json",
        d.path().to_str().unwrap(),
    ]);
    let b = run([
        "scan",
        "--rules",
        &p,
        "-j",
        "4",
        "--format",
        "json",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn invalid_utf8_is_screened_with_a_warning() {
    let d = Dir::new();
    let mut bytes = FLAGGED.as_bytes().to_vec();
    bytes.extend_from_slice(b"\xFF\n");
    let f = d.write("x.txt", &bytes);
    let v = json(&run([
        "scan",
        "--rules",
        &pack(),
        "--format",
        "json",
        f.to_str().unwrap(),
    ]));
    let w = v["files"][0]["warnings"][0].as_str().unwrap();
    assert!(w.contains(&FLAGGED.len().to_string()), "{w}");
    assert_eq!(v["files"][0]["findings"].as_array().unwrap().len(), 1);
}

/// Every gold finding of the corpus comes out at its citation, and every
/// fully compliant covenant stays clean.
#[test]
fn corpus_findings_land_at_their_gold_locations() {
    let out = run(["scan", "--format", "json", "corpus"]);
    let v = json(&out);
    let mut missing = Vec::new();
    let mut unclean = Vec::new();
    for file in v["files"].as_array().unwrap() {
        let path = root().join(file["path"].as_str().unwrap());
        let gold_path = path.with_file_name(format!(
            "{}.gold.toml",
            path.file_stem().unwrap().to_str().unwrap()
        ));
        let gold: toml::Value =
            toml::from_str(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
        let found: Vec<(String, String)> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["location"].as_str().unwrap().to_owned(),
                    f["category"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for e in gold
            .get("expect")
            .and_then(|e| e.as_array())
            .into_iter()
            .flatten()
        {
            let key = (
                e["location"].as_str().unwrap().to_owned(),
                e["category"].as_str().unwrap().to_owned(),
            );
            if !found.contains(&key) {
                missing.push(format!("{}: {} {}", gold_path.display(), key.0, key.1));
            }
        }
        if gold.get("compliant").and_then(|c| c.as_bool()) == Some(true) {
            let errors: Vec<&serde_json::Value> = file["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] == "error")
                .collect();
            if !errors.is_empty() {
                unclean.push(format!("{}: {errors:?}", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
    assert!(
        unclean.is_empty(),
        "compliant covenants flagged:\n{}",
        unclean.join("\n")
    );
}
