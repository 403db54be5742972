//! Issue 9: the compliance figure counts every covenant given. Each test
//! is one of the situations that made the figure say "đạt" when it was not.

use std::path::Path;

use serde_json::Value;

use crate::reports::{CLEAN, FLAGGED, pack};
use crate::util::{Dir, json, parts, run};

/// An old binary Word file: the OLE2 signature is enough to be refused.
const OLD_DOC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

/// `scan --rules PACK EXTRA... PATHS...` as JSON, with the exit code.
fn scan_json(extra: &[&str], paths: &[&Path]) -> (i32, Value, String) {
    let p = pack();
    let mut args: Vec<&str> = vec!["scan", "--rules", &p, "--format", "json"];
    args.extend_from_slice(extra);
    args.extend(paths.iter().map(|p| p.to_str().unwrap()));
    let out = run(&args);
    let (code, _, err) = parts(&out);
    (code, json(&out), err)
}

fn met(v: &Value, year: usize) -> bool {
    v["summary"]["targets"][year]["met"].as_bool().unwrap()
}

fn fingerprint(path: &Path) -> String {
    let (_, v, _) = scan_json(&[], &[path]);
    v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["severity"] == "error")
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn reviewed_waiver(fp: &str) -> String {
    format!(
        "[[waiver]]\nfingerprint = \"{fp}\"\nreviewer = \"Hà Thị Mai\"\n\
         reason = \"Thôn đã biểu quyết bãi bỏ\"\ndate = 2025-09-15\n"
    )
}

/// Case 1: right after `baseline`, the placeholder waivers must not count.
#[test]
fn an_unreviewed_baseline_waiver_leaves_the_covenant_pending_review() {
    let d = Dir::new();
    d.write("thon-dong.txt", FLAGGED);
    let toml = d.path().join("huonguoc.toml");
    let (code, _, err) = parts(&run([
        "baseline",
        "--rules",
        &pack(),
        d.path().to_str().unwrap(),
        "-o",
        toml.to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{err}");

    let (code, v, err) = scan_json(&[], &[d.path()]);
    assert_eq!(code, 1, "a pending waiver does not lift the finding: {err}");
    assert_eq!(v["files"][0]["verdict"], "pending_review");
    let waiver = &v["files"][0]["findings"][0]["waiver"];
    assert_eq!(waiver["status"], "pending_review", "{waiver}");
    let s = &v["summary"];
    assert_eq!(
        (s["compliant"].as_u64(), s["pending_review"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(s["waived"], 0);
    assert!(!met(&v, 0) && !met(&v, 1));
    assert!(err.contains("chưa được xem xét"), "{err}");

    let p = pack();
    let (_, text, _) = parts(&run([
        "scan",
        "--rules",
        &p,
        "--quiet",
        d.path().to_str().unwrap(),
    ]));
    assert!(text.contains("mục tiêu 2030: 100% — chưa đạt"), "{text}");
    assert!(text.contains("chờ xem xét miễn trừ 1"), "{text}");

    // A reviewer, a reason and a date make it count; without the date it
    // still waits.
    let reviewed = std::fs::read_to_string(&toml)
        .unwrap()
        .replace("reviewer = \"chưa xem xét\"", "reviewer = \"Hà Thị Mai\"")
        .replace(
            "reason = \"chưa xem xét\"",
            "reason = \"Thôn đã biểu quyết bãi bỏ\"",
        );
    let undated: String = reviewed
        .lines()
        .filter(|l| !l.starts_with("date = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&toml, &undated).unwrap();
    let (_, v, _) = scan_json(&[], &[d.path()]);
    assert_eq!(v["files"][0]["verdict"], "pending_review");
    std::fs::write(&toml, &reviewed).unwrap();
    let (code, v, _) = scan_json(&[], &[d.path()]);
    assert_eq!(v["files"][0]["verdict"], "compliant");
    assert!(met(&v, 0) && met(&v, 1));
    assert_eq!(code, 0);
}

/// Case 2: an unreadable covenant is in the denominator, never compliant,
/// and keeps every target unmet even when the rate would pass.
#[test]
fn an_unreadable_covenant_is_not_verified_and_no_target_is_met() {
    let d = Dir::new();
    d.write("sach.txt", CLEAN);
    d.write("cu.doc", OLD_DOC);
    let (code, v, _) = scan_json(&[], &[d.path()]);
    assert_eq!(code, 2);
    let s = &v["summary"];
    assert_eq!(
        (s["covenants"].as_u64(), s["compliant"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(s["compliance_rate"], 0.5);
    assert_eq!(s["not_verified"], 1);
    assert_eq!(s["unverified"]["unreadable"], 1);
    let doc = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("cu.doc"))
        .unwrap();
    assert_eq!(
        (doc["status"].as_str(), doc["verdict"].as_str()),
        (Some("not_verified"), Some("not_verified"))
    );
    assert!(!met(&v, 0) && !met(&v, 1));

    // 20 clean covenants and one unreadable: 95.2% would pass 2025, but a
    // covenant nobody could read is not known to be clean.
    for i in 0..19 {
        d.write(&format!("sach-{i:02}.txt"), CLEAN);
    }
    let (_, v, _) = scan_json(&[], &[d.path()]);
    assert!(v["summary"]["compliance_rate"].as_f64().unwrap() > 0.95);
    assert_eq!(v["summary"]["targets"][0]["not_verified"], 1);
    assert!(!met(&v, 0));

    let p = pack();
    let (_, jsonl, _) = parts(&run([
        "scan",
        "--rules",
        &p,
        "--format",
        "jsonl",
        d.path().to_str().unwrap(),
    ]));
    let summary: Value = serde_json::from_str(jsonl.lines().last().unwrap()).unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["targets"][0]["met"], false);
    assert_eq!(summary["errors"], 1);
}

/// Case 3: each folder's `huonguoc.toml` covers its own tree, whatever
/// the order of the arguments; `--config` still forces one for all.
#[test]
fn waivers_apply_within_their_folder_tree_in_any_argument_order() {
    let d = Dir::new();
    let a = d.write("xa-a/thon.txt", FLAGGED);
    d.write("xa-b/thon.txt", FLAGGED);
    let fp = fingerprint(&a);
    let toml = d.write("xa-a/huonguoc.toml", reviewed_waiver(&fp));
    let (xa, xb) = (d.path().join("xa-a"), d.path().join("xa-b"));
    let (_, ab, _) = scan_json(&[], &[&xa, &xb]);
    let (_, ba, _) = scan_json(&[], &[&xb, &xa]);
    assert_eq!(ab["summary"]["compliance_rate"], 0.5, "{}", ab["summary"]);
    assert_eq!(ab["summary"], ba["summary"]);
    let verdict = |v: &Value, dir: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().contains(dir))
            .unwrap()["verdict"]
            .clone()
    };
    assert_eq!(verdict(&ba, "xa-a"), "compliant");
    assert_eq!(verdict(&ba, "xa-b"), "not_compliant");
    let (_, forced, _) = scan_json(&["--config", toml.to_str().unwrap()], &[&xb, &xa]);
    assert_eq!(forced["summary"]["compliance_rate"], 1.0);
}

/// Case 4: a README and the tool's own report are listed as not
/// covenants, with the reason, and stay out of the rate.
#[test]
fn files_that_are_not_covenants_stay_out_of_the_rate() {
    let d = Dir::new();
    d.write("huyen/xa/thon.txt", FLAGGED);
    d.write(
        "huyen/xa/README.md",
        "# Ghi chú\nThư mục này chứa hương ước của xã.\n",
    );
    let p = pack();
    let html = run([
        "scan",
        "--rules",
        &p,
        "--format",
        "html",
        d.path().to_str().unwrap(),
    ]);
    d.write("out.html", &html.stdout);

    let (code, v, _) = scan_json(&[], &[d.path()]);
    assert_eq!(code, 1);
    let s = &v["summary"];
    assert_eq!(
        (
            s["files"].as_u64(),
            s["covenants"].as_u64(),
            s["not_covenant"].as_u64()
        ),
        (Some(3), Some(1), Some(2))
    );
    assert_eq!(s["compliance_rate"], 0.0);
    let by = |n: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(n))
            .unwrap()
            .clone()
    };
    assert_eq!(by("README.md")["status"], "not_covenant");
    // It names covenants, but has no article or clause of its own.
    assert_eq!(by("README.md")["not_covenant"]["reason"], "no_structure");
    assert_eq!(by("out.html")["not_covenant"]["reason"], "tool_report");
    assert_eq!(by("out.html")["verdict"], "not_a_covenant");

    // The decision and its reason in every format.
    let path = d.path().to_str().unwrap();
    let fmt = |f: &str, extra: &[&str]| {
        let mut args = vec!["scan", "--rules", &p, "--format", f];
        args.extend_from_slice(extra);
        args.push(path);
        String::from_utf8(run(&args).stdout).unwrap()
    };
    assert!(fmt("text", &[]).contains("README.md: không phải hương ước"));
    assert!(fmt("jsonl", &[]).contains("\"type\":\"not_covenant\""));
    assert!(fmt("csv", &["--csv-summary"]).contains("not_a_covenant"));
    assert!(fmt("html", &[]).contains("Không phải hương ước, không tính vào tỷ lệ"));
    assert!(fmt("sarif", &[]).contains("không phải hương ước: không có điều, khoản"));

    // --all-files screens them anyway, and says so.
    let (_, v, _) = scan_json(&["--all-files"], &[d.path()]);
    assert_eq!(v["summary"]["not_covenant"], 0);
    assert_eq!(v["measured"]["all_files"], true);
}

/// Case 5: nothing to measure is an error, not "0%, exit 0".
#[test]
fn no_covenant_in_the_paths_exits_2() {
    let d = Dir::new();
    std::fs::create_dir(d.path().join("rong")).unwrap();
    d.write("ghi-chu/README.md", "# Ghi chú\n");
    let p = pack();
    for dir in ["rong", "ghi-chu"] {
        let (code, _, err) = parts(&run([
            "scan",
            "--rules",
            &p,
            d.path().join(dir).to_str().unwrap(),
        ]));
        assert_eq!(code, 2, "{dir}: {err}");
        assert!(
            err.contains("không tìm thấy hương ước, quy ước nào"),
            "{err}"
        );
    }
}

/// Case 6: a manifest row with no file is named and counted as not
/// verified.
#[test]
fn a_missing_manifest_row_is_named_and_not_verified() {
    let d = Dir::new();
    d.write("huyen/xa/co.txt", CLEAN);
    let m = d.write(
        "ds.csv",
        "path,commune,district,adopted\nhuyen/xa/co.txt,Xã A,Huyện B,2020\nhuyen/xa/mat.txt,Xã A,Huyện B,2021\n",
    );
    let (code, v, err) = scan_json(
        &["--manifest", m.to_str().unwrap()],
        &[&d.path().join("huyen")],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("mat.txt: có trong danh sách nhưng không tìm thấy tệp"),
        "{err}"
    );
    let missing = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("huyen/xa/mat.txt"))
        .unwrap();
    assert_eq!(missing["status"], "missing");
    assert_eq!(missing["commune"], "Xã A");
    assert_eq!(v["summary"]["unverified"]["missing"], 1);
    assert_eq!(v["summary"]["covenants"], 2);
    assert!(!met(&v, 0));
    let p = pack();
    let (_, text, _) = parts(&run([
        "scan",
        "--rules",
        &p,
        "--manifest",
        m.to_str().unwrap(),
        d.path().join("huyen").to_str().unwrap(),
    ]));
    assert!(
        text.contains("mat.txt: lỗi đọc tệp: có trong danh sách nhưng không tìm thấy tệp"),
        "{text}"
    );
    assert!(text.contains("1 thiếu tệp"), "{text}");
}

/// Case 6: `adopted` restricts each target to covenants adopted by its
/// year, and the rate is shown per adoption year.
#[test]
fn adopted_restricts_the_targets_and_rates_show_per_year() {
    let d = Dir::new();
    d.write("cu.txt", CLEAN);
    d.write("moi.txt", FLAGGED);
    let m = d.write(
        "ds.csv",
        "path,commune,district,adopted\ncu.txt,A,B,2019-05-01\nmoi.txt,A,B,2027\n",
    );
    let (_, v, _) = scan_json(
        &["--manifest", m.to_str().unwrap(), "--group-by", "adopted"],
        &[d.path()],
    );
    let t = &v["summary"]["targets"];
    assert_eq!(
        (t[0]["covenants"].as_u64(), t[0]["compliant"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(t[0]["met"], true, "only the 2019 covenant is due by 2025");
    assert_eq!(
        (t[1]["covenants"].as_u64(), t[1]["met"].as_bool()),
        (Some(2), Some(false))
    );
    let years = &v["summary"]["by_adoption_year"];
    assert_eq!(
        years[0],
        serde_json::json!({"year": 2019, "covenants": 1, "compliant": 1, "compliance_rate": 1.0})
    );
    assert_eq!(years[1]["year"], 2027);
    let names: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2019", "2027"]);
    let p = pack();
    let (_, text, _) = parts(&run([
        "scan",
        "--rules",
        &p,
        "--quiet",
        "--manifest",
        m.to_str().unwrap(),
        d.path().to_str().unwrap(),
    ]));
    assert!(
        text.contains("mục tiêu 2025: 95% — đạt (trên 1 văn bản thông qua đến 2025)"),
        "{text}"
    );
    assert!(text.contains("thông qua năm 2027: 0/1 đạt (0%)"), "{text}");
}

/// Case 6: roll-ups by district and commune for a district folder or
/// files named on the command line.
#[test]
fn roll_ups_work_for_explicit_folders_and_files() {
    let d = Dir::new();
    let a = d.write("Huyện Yên Lập/Xã Đồng Thịnh/thon-dong.txt", FLAGGED);
    let b = d.write("Huyện Yên Lập/Xã Minh Hòa/thon-tay.txt", CLEAN);
    let district = d.path().join("Huyện Yên Lập");
    let (_, v, _) = scan_json(&["--group-by", "district"], &[&district]);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0]["name"], "Huyện Yên Lập");
    assert_eq!(groups[0]["covenants"], 2);
    let (_, v, _) = scan_json(&["--group-by", "commune"], &[&a, &b]);
    let names: Vec<String> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Xã Minh Hòa", "Xã Đồng Thịnh"]);
    assert_eq!(v["groups"][0]["district"], "Huyện Yên Lập");
}

/// Every format states the date, the tool, the rule pack and the counts.
#[test]
fn every_format_states_what_it_measured() {
    let d = Dir::new();
    d.write("thon.txt", FLAGGED);
    let (_, v, _) = scan_json(&[], &[d.path()]);
    let hash = v["measured"]["rule_pack"].as_str().unwrap().to_owned();
    let p = pack();
    let path = d.path().to_str().unwrap();
    for (format, extra) in [
        ("text", None),
        ("jsonl", None),
        ("csv", None),
        ("csv", Some("--csv-summary")),
        ("html", None),
        ("sarif", None),
    ] {
        let mut args = vec!["scan", "--rules", &p, "--format", format];
        args.extend(extra);
        args.push(path);
        let out = String::from_utf8(run(&args).stdout).unwrap();
        assert!(
            out.contains(&hash),
            "{format} {extra:?} lacks the rule pack:\n{out}"
        );
        assert!(
            out.contains(env!("CARGO_PKG_VERSION")),
            "{format} lacks the version"
        );
        assert!(
            out.contains(v["measured"]["date"].as_str().unwrap()),
            "{format} lacks the date"
        );
    }
}

/// The library reads a `.VnTime` .docx (with `.VnTimeH` headings) as the
/// CLI does: for every corpus covenant, `huonguoc_batch::screen_bytes`
/// gives the findings `huonguoc scan` reports for the same file.
#[test]
fn the_library_screens_a_vntime_docx_with_the_clis_findings() {
    use crate::fixture::{self, DocxFont};
    use huonguoc_text::legacy::Legacy;

    let d = Dir::new();
    let corpus = crate::util::root().join("corpus");
    let mut built = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for (i, txt) in names.iter().enumerate() {
        let text = std::fs::read_to_string(txt).unwrap();
        let font = if i % 2 == 0 {
            DocxFont::Legacy(Legacy::Tcvn3, ".VnTime")
        } else {
            DocxFont::Tcvn3Headings
        };
        let Some(bytes) = fixture::docx(&text, font) else {
            continue;
        };
        let name = format!("{}.docx", txt.file_stem().unwrap().to_string_lossy());
        d.write(&name, &bytes);
        built.push((name, bytes, text.is_ascii()));
    }
    assert!(
        built.len() >= 30,
        "only {} covenants encode in TCVN3",
        built.len()
    );

    let out = run(["scan", "--format", "json", d.path().to_str().unwrap()]);
    let v = json(&out);
    let pack = huonguoc_batch::Pack::embedded().unwrap();
    assert_eq!(v["measured"]["rule_pack"], pack.version.as_str());
    let key = |rule: &str, location: &str, fp: &str| format!("{rule} {location} {fp}");
    for (name, bytes, ascii) in &built {
        let s =
            huonguoc_batch::screen_bytes(&pack.screener, bytes, Some(name), &Default::default())
                .unwrap();
        // Unaccented covenants are ASCII in TCVN3 too.
        if !ascii {
            assert_eq!(s.document.encoding.name(), "tcvn3", "{name}");
        }
        let lib: Vec<String> = s
            .findings
            .iter()
            .map(|f| key(&f.rule, &f.location, &f.fingerprint))
            .collect();
        let file = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name.as_str()))
            .unwrap();
        let cli: Vec<String> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                key(
                    f["rule"].as_str().unwrap(),
                    f["location"].as_str().unwrap(),
                    f["fingerprint"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(lib, cli, "{name}");
    }
    // Not vacuous: the corpus is mostly discriminatory.
    assert!(
        v["summary"]["not_compliant"].as_u64().unwrap() >= 20,
        "{}",
        v["summary"]
    );
}
