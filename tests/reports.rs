//! `scan --format jsonl|sarif|csv|html`, `--group-by` and the manifest:
//! every format is made from the same findings.

use crate::util::{Dir, json, parts, root, run};

/// Two findings: an error at "điểm b khoản 2 Điều 6" and an info at Điều 7.
pub const FLAGGED: &str = "HƯƠNG ƯỚC THÔN ĐÔNG\n\
Điều 6. Thừa kế\n\
1. Con trai, con gái đều được chia tài sản ngang nhau.\n\
2. Việc chia tài sản như sau:\n\
a) Con cái phụng dưỡng cha mẹ.\n\
b) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n\
Điều 7. Gia đình\n\
Người phụ nữ đảm đang là niềm tự hào của thôn.\n";

pub const CLEAN: &str =
    "QUY ƯỚC\nĐiều 1. Chung\nNghiêm cấm tảo hôn. Con trai, con gái đều được chia đất ngang nhau.\n";

/// A warning-level finding, from the rule [`pack_with_warning`] adds.
pub const WARNED: &str = "QUY ƯỚC\nĐiều 3. Tổ chức\nTrưởng thôn phải là nam giới.\n";

pub fn pack() -> String {
    root().join("tests/fixtures/pack").display().to_string()
}

/// The fixture pack plus a warning-level rule, so levels map in all three.
pub fn pack_with_warning() -> Dir {
    let d = Dir::new();
    for f in ["pack.toml", "rules.toml"] {
        std::fs::copy(root().join("tests/fixtures/pack").join(f), d.path().join(f)).unwrap();
    }
    d.write(
        "leadership.toml",
        r#"
[[category]]
id = "leadership"
title = "Lãnh đạo, quản lý"
legal = ["Điều 11 Luật Bình đẳng giới 2006"]

[[rule]]
id = "leadership.male-only"
category = "leadership"
severity = "warning"
title = "Chỉ nam giới giữ chức vụ"
message = "Điều khoản dành chức vụ cho nam giới."
message_en = "The clause reserves an office for men."
legal = ["khoản 1 Điều 11 Luật Bình đẳng giới 2006"]
suggestion = "Trưởng thôn do hội nghị thôn bầu, không phân biệt nam nữ."
all = [["@nam"], ["trưởng thôn"]]
[rule.examples]
flag = ["Trưởng thôn phải là nam giới."]
pass = ["Trưởng thôn do dân bầu."]
"#,
    );
    d
}

fn batch() -> Dir {
    let d = Dir::new();
    d.write("huyen-a/xa-1/flagged.txt", FLAGGED);
    d.write("huyen-a/xa-1/clean.txt", CLEAN);
    d.write("huyen-b/xa-2/warned.txt", WARNED);
    d
}

fn scan(pack: &str, dir: &Dir, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["scan", "--rules", pack];
    args.extend_from_slice(extra);
    args.push(dir.path().to_str().unwrap());
    run(args)
}

fn fingerprints_json(v: &serde_json::Value) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().iter())
        .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn sarif_is_valid_against_the_2_1_0_schema_and_cites_the_clause() {
    let p = pack_with_warning();
    let d = batch();
    let out = scan(p.path().to_str().unwrap(), &d, &["--format", "sarif"]);
    let (code, _, err) = parts(&out);
    assert_eq!(code, 1, "{err}");
    let log = json(&out);
    // The schema's `language` pattern ends in `]?$`: a lone `]` is a
    // literal in ECMA-262 regexes, which JSON Schema uses, but the Rust regex
    // engine wants it escaped. Escaping it here keeps the committed file as
    // published and the pattern's meaning the same.
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace(r#"[a-zA-Z]{2}]?$"#, r#"[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );

    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = rules
        .iter()
        .find(|r| r["id"] == "inheritance.daughter-excluded")
        .unwrap();
    let help = rule["help"]["text"].as_str().unwrap();
    assert!(
        help.contains("Căn cứ pháp lý: Điều 610 Bộ luật Dân sự 2015"),
        "{help}"
    );
    assert!(help.contains("Đề nghị sửa:"), "{help}");
    assert_eq!(
        rule["properties"]["legal"][0],
        "Điều 610 Bộ luật Dân sự 2015"
    );

    let results = run0["results"].as_array().unwrap();
    let level = |rule: &str| {
        results.iter().find(|r| r["ruleId"] == rule).unwrap()["level"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(level("inheritance.daughter-excluded"), "error");
    assert_eq!(level("leadership.male-only"), "warning");
    assert_eq!(level("stereotypes.homemaker"), "note");
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "inheritance.daughter-excluded")
        .unwrap();
    let loc = &r["locations"][0];
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], 6);
    assert_eq!(loc["physicalLocation"]["region"]["startColumn"], 4);
    assert_eq!(loc["logicalLocations"][0]["name"], "điểm b khoản 2 Điều 6");
    assert!(
        loc["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("huyen-a/xa-1/flagged.txt")
    );
    // The rule index points at the rule.
    let i = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[i]["id"], "inheritance.daughter-excluded");

    // Same findings as the JSON report.
    let j = json(&scan(p.path().to_str().unwrap(), &d, &["--format", "json"]));
    let mut a = fingerprints_json(&j);
    let mut b: Vec<String> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["huonguoc/clause/v1"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}

#[test]
fn jsonl_has_one_finding_per_line_then_the_summary() {
    let d = batch();
    let out = scan(
        &pack(),
        &d,
        &["--format", "jsonl", "--group-by", "district"],
    );
    let (code, stdout, _) = parts(&out);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let findings: Vec<_> = lines.iter().filter(|l| l["type"] == "finding").collect();
    let j = json(&scan(&pack(), &d, &["--format", "json"]));
    assert_eq!(findings.len(), fingerprints_json(&j).len());
    assert_eq!(findings[0]["location"], "điểm b khoản 2 Điều 6");
    assert_eq!(findings[0]["commune"], "xa-1");
    assert_eq!(findings[0]["district"], "huyen-a");
    assert_eq!(lines.iter().filter(|l| l["type"] == "group").count(), 2);
    assert_eq!(lines.last().unwrap()["type"], "summary");
    assert_eq!(lines.last().unwrap()["screened"], 3);
}

/// Parses CSV the way a spreadsheet would, after checking the BOM.
fn csv_rows(stdout: &[u8]) -> Vec<Vec<String>> {
    assert!(
        stdout.starts_with("\u{feff}".as_bytes()),
        "CSV must start with a UTF-8 BOM"
    );
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&stdout[3..]);
    rdr.records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_has_the_columns_and_defuses_formulas() {
    let d = Dir::new();
    // Formula-looking text in the covenant and in the manifest's names.
    d.write(
        "x.txt",
        "QUY ƯỚC\nĐiều 6. Thừa kế\n2. Việc chia tài sản như sau:\nb) =HYPERLINK(\"http://x\") Con gái đã đi lấy chồng thì không được chia đất.\n",
    );
    d.write(
        "y.txt",
        "QUY ƯỚC\nĐiều 2. Gia đình\n+Người phụ nữ đảm đang là niềm tự hào của thôn.\n",
    );
    d.write(
        "manifest.csv",
        "path,commune,district,adopted\nx.txt,=1+2,@SUM(A1),2023-05-01\ny.txt,-Xã Ba,Huyện Một,2023-05-01\n",
    );
    let manifest = d.path().join("manifest.csv");
    let out = scan(
        &pack(),
        &d,
        &["--format", "csv", "--manifest", manifest.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let rows = csv_rows(&out.stdout);
    assert_eq!(
        rows[0],
        [
            "file",
            "commune",
            "district",
            "location",
            "line",
            "severity",
            "category",
            "rule",
            "excerpt",
            "message",
            "legal basis",
            "suggestion",
            "waived",
            "waiver reason"
        ]
    );
    // The findings, a blank line, then what was measured.
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[3][..3], ["date", "tool version", "rule pack"]);
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a spreadsheet would run {cell:?}"
            );
        }
    }
    let x = rows.iter().find(|r| r[0].ends_with("x.txt")).unwrap();
    assert_eq!(x[1], "'=1+2");
    assert_eq!(x[2], "'@SUM(A1)");
    assert_eq!(x[3], "điểm b khoản 2 Điều 6");
    assert_eq!(x[4], "4");
    assert_eq!(x[5], "error");
    assert!(x[8].starts_with("'=HYPERLINK"), "{}", x[8]);
    assert_eq!(x[10], "Điều 610 Bộ luật Dân sự 2015");
    let y = rows.iter().find(|r| r[0].ends_with("y.txt")).unwrap();
    assert_eq!(y[1], "'-Xã Ba");
}

#[test]
fn csv_summary_has_one_row_per_covenant() {
    let p = pack_with_warning();
    let d = batch();
    let out = scan(
        p.path().to_str().unwrap(),
        &d,
        &["--format", "csv", "--csv-summary"],
    );
    let rows = csv_rows(&out.stdout);
    assert_eq!(
        rows[0],
        [
            "file",
            "commune",
            "district",
            "adopted",
            "status",
            "verdict",
            "reason",
            "errors",
            "warnings",
            "compliant",
            "waived"
        ]
    );
    assert_eq!(rows.len(), 6, "{rows:?}");
    let row = |name: &str| rows.iter().find(|r| r[0].ends_with(name)).unwrap().clone();
    assert_eq!(
        row("flagged.txt")[1..],
        [
            "xa-1",
            "huyen-a",
            "",
            "screened",
            "not_compliant",
            "",
            "1",
            "0",
            "no",
            "0"
        ]
    );
    assert_eq!(
        row("clean.txt")[4..10],
        ["screened", "compliant", "", "0", "0", "yes"]
    );
    assert_eq!(
        row("warned.txt")[1..10],
        [
            "xa-2",
            "huyen-b",
            "",
            "screened",
            "compliant",
            "",
            "0",
            "1",
            "yes"
        ]
    );
    // The measurement closes the sheet.
    assert_eq!(rows[4][3..5], ["covenants", "screened"]);
    assert_eq!(rows[5][3..5], ["3", "3"]);
}

#[test]
fn groups_follow_the_manifest_and_the_text_lists_the_lowest_rate_first() {
    let d = Dir::new();
    // Folder layout says one thing; the manifest wins.
    d.write("a/b/1.txt", FLAGGED);
    d.write("a/b/2.txt", CLEAN);
    d.write("a/b/3.txt", CLEAN);
    d.write("a/b/4.txt", FLAGGED);
    d.write("a/b/5.txt", CLEAN);
    d.write(
        "ds.csv",
        "path,commune,district,adopted\n\
         a/b/1.txt,Xã Đông,Huyện Bắc,2021-01-10\n\
         a/b/2.txt,Xã Đông,Huyện Bắc,2021-01-10\n\
         a/b/3.txt,Xã Tây,Huyện Bắc,2022-03-01\n\
         a/b/4.txt,Xã Nam,Huyện Nam,2020-12-31\n\
         a/b/5.txt,Xã Nam,Huyện Nam,\n",
    );
    let m = d.path().join("ds.csv");
    let m = m.to_str().unwrap();
    let v = json(&scan(
        &pack(),
        &d,
        &["--format", "json", "--manifest", m, "--group-by", "commune"],
    ));
    let groups = v["groups"].as_array().unwrap();
    let g = |name: &str| groups.iter().find(|g| g["name"] == name).unwrap().clone();
    assert_eq!(groups.len(), 3);
    assert_eq!(g("Xã Đông")["district"], "Huyện Bắc");
    assert_eq!(
        (
            g("Xã Đông")["covenants"].as_u64(),
            g("Xã Đông")["compliant"].as_u64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(g("Xã Đông")["compliance_rate"], 0.5);
    assert_eq!(g("Xã Tây")["compliance_rate"], 1.0);
    assert_eq!(g("Xã Tây")["targets"][0]["met"], true);
    assert_eq!(g("Xã Tây")["targets"][1]["met"], true);
    assert_eq!(g("Xã Nam")["targets"][0]["met"], false);

    let v = json(&scan(
        &pack(),
        &d,
        &[
            "--format",
            "json",
            "--manifest",
            m,
            "--group-by",
            "district",
        ],
    ));
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let bac = groups.iter().find(|g| g["name"] == "Huyện Bắc").unwrap();
    assert_eq!(
        (bac["covenants"].as_u64(), bac["compliant"].as_u64()),
        (Some(3), Some(2))
    );
    assert_eq!(v["files"][0]["commune"], "Xã Đông");

    // Text: lowest rate first, so Xã Nam and Xã Đông (50%, ties by name)
    // before Xã Tây.
    let (_, text, _) = parts(&scan(
        &pack(),
        &d,
        &["--quiet", "--manifest", m, "--group-by", "commune"],
    ));
    assert!(
        text.starts_with("5 hương ước, quy ước, 3 không có"),
        "{text}"
    );
    let groups: Vec<&str> = text.lines().filter(|l| l.starts_with("  Xã ")).collect();
    assert_eq!(groups.len(), 3, "{text}");
    assert!(
        groups[0].contains("Xã Nam (Huyện Nam): 1/2 đạt (50%)"),
        "{text}"
    );
    assert!(
        groups[1].contains("Xã Đông (Huyện Bắc): 1/2 đạt (50%)"),
        "{text}"
    );
    assert!(
        groups[2].contains("Xã Tây (Huyện Bắc): 1/1 đạt (100%); 2025: đạt; 2030: đạt"),
        "{text}"
    );
}

#[test]
fn groups_come_from_the_folder_layout_without_a_manifest() {
    let d = batch();
    let v = json(&scan(
        &pack(),
        &d,
        &["--format", "json", "--group-by", "district"],
    ));
    let groups = v["groups"].as_array().unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["huyen-a", "huyen-b"]);
    assert_eq!(groups[0]["covenants"], 2);
    assert_eq!(groups[0]["compliant"], 1);
}

#[test]
fn a_bad_manifest_is_an_error_naming_the_row() {
    let d = batch();
    d.write(
        "m.csv",
        "path,commune,district,adopted\nx.txt,A,B,31/12/2020\n",
    );
    let m = d.path().join("m.csv");
    let (code, _, err) = parts(&scan(&pack(), &d, &["--manifest", m.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("m.csv:2:"), "{err}");
    d.write("m.csv", "path,xa,district\n");
    let (code, _, err) = parts(&scan(&pack(), &d, &["--manifest", m.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("commune"), "{err}");
}

#[test]
fn html_escapes_the_covenant_and_draws_the_targets() {
    let d = Dir::new();
    d.write(
        "huyen/xa/<b>.txt",
        "HƯƠNG ƯỚC\nĐiều 6. Thừa kế\n2. Việc chia:\nb) Con gái <script>alert('x')</script> đã đi lấy chồng thì không được chia đất. <img src=x onerror=alert(1)>\n",
    );
    let out = scan(&pack(), &d, &["--format", "html"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        !html.contains("<script"),
        "a covenant's <script> must be escaped"
    );
    assert!(!html.contains("<img"), "a covenant's tags must be escaped");
    assert!(!html.contains("<b>"), "a file name's tags must be escaped");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("<mark>Con gái</mark>"), "{html}");
    assert!(html.contains("Căn cứ pháp lý"));
    assert!(html.contains("Điều 610 Bộ luật Dân sự 2015"));
    assert!(html.contains("95% (2025)") && html.contains("100% (2030)"));
    assert!(html.contains("<svg"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network address"
    );
}
