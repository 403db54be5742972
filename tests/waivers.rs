//! `huonguoc.toml`, reviewed waivers, `baseline` and `--new-only`.

use crate::reports::{FLAGGED, pack};
use crate::util::{Dir, json, parts, run};

/// FLAGGED after an amendment that only renumbered: a new Điều 1 comes
/// first, Điều 6 became Điều 7, khoản 2 became khoản 1, điểm b became c.
const RENUMBERED: &str = "HƯƠNG ƯỚC THÔN ĐÔNG (sửa đổi, bổ sung)\n\
Điều 1. Phạm vi\n\
Hương ước này áp dụng cho mọi người dân trong thôn.\n\
Điều 7. Thừa kế\n\
1. Việc chia tài sản như sau:\n\
a) Con cái phụng dưỡng cha mẹ.\n\
b) Con cái chăm sóc ông bà.\n\
c) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n\
Điều 8. Gia đình\n\
Người phụ nữ đảm đang là niềm tự hào của thôn.\n";

fn scan_json(dir: &Dir, extra: &[&str]) -> (i32, serde_json::Value, String) {
    let p = pack();
    let mut args = vec!["scan", "--rules", &p, "--format", "json"];
    args.extend_from_slice(extra);
    args.push(dir.path().to_str().unwrap());
    let out = run(args);
    let (code, _, err) = parts(&out);
    (code, json(&out), err)
}

#[test]
fn a_baseline_waiver_survives_renumbering_and_stops_counting() {
    let d = Dir::new();
    let v1 = d.write("thon-dong.txt", FLAGGED);
    let toml = d.path().join("huonguoc.toml");
    let (code, _, err) = parts(&run([
        "baseline",
        "--rules",
        &pack(),
        v1.to_str().unwrap(),
        "-o",
        toml.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&toml).unwrap();
    assert_eq!(written.matches("[[waiver]]").count(), 2, "{written}");
    assert!(written.contains("reason = \"chưa xem xét\""), "{written}");
    assert!(written.contains("# «Con gái đã đi lấy chồng"), "{written}");
    // The reviewer fills it in.
    std::fs::write(
        &toml,
        written
            .replacen(
                "reviewer = \"chưa xem xét\"",
                "reviewer = \"Nguyễn Thị Lan\"",
                1,
            )
            .replacen(
                "reason = \"chưa xem xét\"",
                "reason = \"HĐND xã đã xem xét, sẽ sửa trong kỳ tới\"",
                1,
            ),
    )
    .unwrap();
    // Running baseline again adds nothing: both are covered.
    run([
        "baseline",
        "--rules",
        &pack(),
        v1.to_str().unwrap(),
        "-o",
        toml.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&toml)
            .unwrap()
            .matches("[[waiver]]")
            .count(),
        2
    );

    // The covenant is renumbered: the waiver follows its clause.
    std::fs::write(&v1, RENUMBERED).unwrap();
    let (code, v, err) = scan_json(&d, &[]);
    assert_eq!(code, 0, "waived findings do not fail the scan: {err}");
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["location"], "điểm c khoản 1 Điều 7");
    assert_eq!(f["waiver"]["reviewer"], "Nguyễn Thị Lan");
    assert_eq!(
        f["waiver"]["reason"],
        "HĐND xã đã xem xét, sẽ sửa trong kỳ tới"
    );
    assert_eq!(v["summary"]["compliant"], 1);
    assert_eq!(v["summary"]["compliance_rate"], 1.0);
    // The second entry is still the baseline's placeholder: flagged.
    let notes = v["waivers"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["problem"], "unreviewed");
    assert!(err.contains("chưa được xem xét"), "{err}");

    // Waived findings still show, with the reason, in text.
    let (_, text, _) = parts(&run([
        "scan",
        "--rules",
        &pack(),
        d.path().to_str().unwrap(),
    ]));
    assert!(
        text.contains("đã miễn trừ (waived): HĐND xã đã xem xét"),
        "{text}"
    );

    // --new-only hides them.
    let (code, v, _) = scan_json(&d, &["--new-only"]);
    assert_eq!(code, 0);
    assert_eq!(v["files"][0]["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn waived_findings_are_marked_in_every_format() {
    let d = Dir::new();
    d.write("a.txt", FLAGGED);
    let (_, v, _) = scan_json(&d, &[]);
    let fp = v["files"][0]["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    d.write(
        "huonguoc.toml",
        format!(
            "[[waiver]]\nfingerprint = \"{fp}\"\nreviewer = \"Lò Văn Ba\"\nreason = \"Đã bãi bỏ bằng nghị quyết\"\ndate = 2025-01-15\nexpires = 2999-12-31\n"
        ),
    );
    let p = pack();
    let path = d.path().to_str().unwrap();
    let out = |format: &str| parts(&run(["scan", "--rules", &p, "--format", format, path])).1;
    let sarif: serde_json::Value = serde_json::from_str(&out("sarif")).unwrap();
    let r = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "inheritance.daughter-excluded")
        .unwrap()
        .clone();
    assert_eq!(r["suppressions"][0]["status"], "accepted");
    assert!(
        r["suppressions"][0]["justification"]
            .as_str()
            .unwrap()
            .contains("Đã bãi bỏ")
    );
    assert!(out("csv").contains(",yes,\"Đã bãi bỏ bằng nghị quyết (Lò Văn Ba, 2025-01-15)\""));
    assert!(out("jsonl").contains("\"waiver\":{\"date\":\"2025-01-15\""));
    assert!(out("html").contains("Đã miễn trừ (waived): Đã bãi bỏ bằng nghị quyết"));
}

#[test]
fn expired_and_unmatched_waivers_are_reported_and_expired_ones_do_not_apply() {
    let d = Dir::new();
    d.write("a.txt", FLAGGED);
    let (_, v, _) = scan_json(&d, &[]);
    let fp = v["files"][0]["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    let cfg = d.write(
        "config/review.toml",
        format!(
            "[[waiver]]\nfingerprint = \"{fp}\"\nreviewer = \"A\"\nreason = \"r\"\ndate = 2020-01-01\nexpires = 2021-01-01\n\n\
             [[waiver]]\nfingerprint = \"inheritance.daughter-excluded:0000000000000000\"\nreviewer = \"B\"\nreason = \"r\"\ndate = \"2020-01-01\"\n"
        ),
    );
    let (code, v, err) = scan_json(&d, &["--config", cfg.to_str().unwrap()]);
    assert_eq!(code, 1, "an expired waiver no longer covers the finding");
    assert!(v["files"][0]["findings"][0].get("waiver").is_none());
    let notes = v["waivers"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["problem"], "expired");
    assert_eq!(notes[0]["expires"], "2021-01-01");
    assert_eq!(notes[1]["problem"], "unmatched");
    assert!(err.contains("đã hết hạn ngày 2021-01-01"), "{err}");
    assert!(err.contains("không khớp phát hiện nào"), "{err}");
}

#[test]
fn a_bad_config_is_an_error_naming_the_file_and_line() {
    let d = Dir::new();
    d.write("sub/a.txt", FLAGGED);
    // Found from a parent of the scanned folder.
    d.write(
        "huonguoc.toml",
        "[settings]\ngroup-by = \"district\"\n\n[[waiver]]\nfingerprint = \"x\"\nreviewer = \"A\"\nreason = \"r\"\ndate = 2025-01-01\nreviwer = \"typo\"\n",
    );
    let sub = d.path().join("sub");
    let (code, _, err) = parts(&run(["scan", "--rules", &pack(), sub.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("huonguoc.toml:9:"), "{err}");
    assert!(err.contains("reviwer"), "{err}");

    d.write("huonguoc.toml", "[settings]\ncolour = \"red\"\n");
    let (code, _, err) = parts(&run(["scan", "--rules", &pack(), sub.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("huonguoc.toml:2:"), "{err}");

    d.write(
        "huonguoc.toml",
        "[[waiver]]\nfingerprint = \"x\"\nreviewer = \"A\"\nreason = \"r\"\ndate = 2025-02-30\n",
    );
    let (code, _, err) = parts(&run(["scan", "--rules", &pack(), sub.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("huonguoc.toml:5:"), "{err}");

    let (code, _, err) = parts(&run([
        "scan",
        "--rules",
        &pack(),
        "--config",
        "/no/such/huonguoc.toml",
        sub.to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("/no/such/huonguoc.toml"), "{err}");
}

#[test]
fn settings_in_the_config_group_the_report() {
    let d = Dir::new();
    d.write("h/x/a.txt", FLAGGED);
    d.write("huonguoc.toml", "[settings]\ngroup-by = \"commune\"\n");
    let (_, v, _) = scan_json(&d, &[]);
    assert_eq!(v["groups"][0]["by"], "commune");
    assert_eq!(v["groups"][0]["name"], "x");
    assert_eq!(v["groups"][0]["district"], "h");
}

#[test]
fn settings_paths_are_relative_to_the_config_file() {
    let d = Dir::new();
    d.write("vb/a.txt", FLAGGED);
    d.write(
        "cfg/ds.csv",
        "path,commune,district,adopted\n../vb/a.txt,Xã Một,Huyện Hai,2024-01-01\n",
    );
    d.write(
        "cfg/huonguoc.toml",
        "[settings]\nmanifest = \"ds.csv\"\ngroup-by = \"district\"\n",
    );
    let cfg = d.path().join("cfg/huonguoc.toml");
    let (_, v, err) = scan_json(&d, &["--config", cfg.to_str().unwrap()]);
    assert_eq!(v["files"][0]["commune"], "Xã Một", "{err}");
    assert_eq!(v["groups"][0]["name"], "Huyện Hai");
}

/// Issue 10, row 4: a file name holding line breaks wrote a forged
/// `[[waiver]]`, with a reviewer and a reason, into `huonguoc.toml`.
#[cfg(unix)]
#[test]
fn a_file_name_cannot_write_toml_into_the_baseline() {
    let d = Dir::new();
    let forged = "x\n[[waiver]]\nfingerprint = \"inheritance.daughter-excluded:0\"\nreviewer = \"Kẻ giả mạo\"\nreason = \"giả\"\ndate = 2025-01-01\n#.txt";
    d.write(forged, FLAGGED);
    let out = d.path().join("huonguoc.toml");
    let p = pack();
    let (code, _, err) = parts(&run([
        "baseline",
        "--rules",
        &p,
        d.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    let toml: toml::Value = toml::from_str(&text).expect("the baseline is valid TOML");
    let waivers = toml["waiver"].as_array().unwrap();
    assert!(!waivers.is_empty());
    for w in waivers {
        assert_ne!(w["reviewer"].as_str(), Some("Kẻ giả mạo"), "{text}");
    }
    assert!(text.contains("x\\u{a}[[waiver]]"), "{text}");
    // Written through a temporary file that does not stay behind.
    let left: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
