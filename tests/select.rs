//! `--select` / `--ignore` on the command line and in `huonguoc.toml`:
//! which rules run, and every report saying so.

use crate::reports::{FLAGGED, pack};
use crate::util::{Dir, json, parts, run};

/// The rules of the findings of a JSON report.
fn rules(v: &serde_json::Value) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn scan_json(d: &Dir, extra: &[&str]) -> (i32, serde_json::Value) {
    let p = pack();
    let mut args = vec!["scan", "--rules", &p, "--format", "json"];
    args.extend_from_slice(extra);
    let path = d.path().display().to_string();
    args.push(&path);
    let out = run(&args);
    (out.status.code().unwrap(), json(&out))
}

#[test]
fn select_and_ignore_on_the_command_line() {
    let d = Dir::new();
    d.write("thon.txt", FLAGGED);
    let (code, all) = scan_json(&d, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        rules(&all),
        ["inheritance.daughter-excluded", "stereotypes.homemaker"]
    );

    let (code, v) = scan_json(&d, &["--ignore", "inheritance"]);
    // The error is switched off: the covenant passes, and the report says
    // that one rule of two ran.
    assert_eq!(code, 0);
    assert_eq!(rules(&v), ["stereotypes.homemaker"]);
    let sel = &v["measured"]["selection"];
    assert_eq!(
        (sel["rules"].as_u64(), sel["rules_total"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(sel["ignore"], serde_json::json!(["inheritance"]));
    assert_eq!(
        sel["rules_off"],
        serde_json::json!(["inheritance.daughter-excluded"])
    );

    let (_, v) = scan_json(&d, &["--select", "inheritance,stereotypes.homemaker"]);
    assert_eq!(rules(&v).len(), 2);
    // The more specific selector wins: the category is off but for one id.
    let (_, v) = scan_json(
        &d,
        &[
            "--ignore",
            "inheritance",
            "--select",
            "inheritance.daughter-excluded",
        ],
    );
    assert_eq!(rules(&v), ["inheritance.daughter-excluded"]);
    // Prefixes end at a `.` or `-` of the id: `home` names no rule.
    let p = pack();
    let path = d.path().to_str().unwrap();
    let code = |sel: &str| {
        run(["scan", "--rules", &p, "--select", sel, path])
            .status
            .code()
    };
    assert_eq!(code("stereotypes.home"), Some(2));
    assert_eq!(code("inheritance.daughter"), Some(1));
}

#[test]
fn every_format_states_the_selection() {
    let d = Dir::new();
    d.write("thon.txt", FLAGGED);
    let p = pack();
    let path = d.path().to_str().unwrap();
    let out = |format: &str| {
        let o = run([
            "scan",
            "--rules",
            &p,
            "--ignore",
            "inheritance",
            "--format",
            format,
            path,
        ]);
        String::from_utf8(o.stdout).unwrap()
    };
    let text = out("text");
    assert!(
        text.contains("1 trên 2 quy tắc (--ignore inheritance)"),
        "{text}"
    );
    let html = out("html");
    assert!(
        html.contains("1 trên 2 quy tắc (--ignore inheritance)"),
        "{html}"
    );
    assert!(
        html.contains("tắt: inheritance.daughter-excluded"),
        "{html}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&out("sarif")).unwrap();
    assert_eq!(
        sarif["runs"][0]["properties"]["measured"]["selection"]["rules"],
        1
    );
    let jsonl = out("jsonl");
    assert!(
        jsonl.contains("\"rules_off\":[\"inheritance.daughter-excluded\"]"),
        "{jsonl}"
    );
}

#[test]
fn selection_in_the_config_and_the_command_line_over_it() {
    let d = Dir::new();
    d.write("thon.txt", FLAGGED);
    d.write(
        "huonguoc.toml",
        "[settings]\nselect = [\"inheritance\"]\nignore = [\"stereotypes\"]\n",
    );
    let (code, v) = scan_json(&d, &[]);
    assert_eq!(code, 1);
    assert_eq!(rules(&v), ["inheritance.daughter-excluded"]);
    assert_eq!(
        v["measured"]["selection"]["select"],
        serde_json::json!(["inheritance"])
    );
    // The command line's --select starts afresh.
    let (_, v) = scan_json(&d, &["--select", "stereotypes"]);
    assert_eq!(rules(&v), ["stereotypes.homemaker"]);
    // Its --ignore adds to the config's choice: here, to no rule at all.
    let p = pack();
    let (code, _, err) = parts(&run([
        "scan",
        "--rules",
        &p,
        "--ignore",
        "inheritance.daughter-excluded",
        d.path().to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("no rule left"), "{err}");
    // A bad selector in the config is an error too.
    d.write("huonguoc.toml", "[settings]\nignore = [\"inheritence\"]\n");
    let (code, _, err) = parts(&run(["scan", "--rules", &p, d.path().to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(
        err.contains("inheritence") && err.contains("inheritance"),
        "{err}"
    );
}

#[test]
fn unknown_selectors_and_empty_selections_are_refused() {
    let d = Dir::new();
    d.write("thon.txt", FLAGGED);
    let p = pack();
    let path = d.path().to_str().unwrap();
    let (code, out, err) = parts(&run([
        "scan",
        "--rules",
        &p,
        "--select",
        "inheritance.daughter-exclude",
        path,
    ]));
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("inheritance.daughter-excluded"), "{err}");
    // Every rule switched off would pass every covenant: refused.
    let (code, _, err) = parts(&run(["scan", "--rules", &p, "--ignore", "ALL", path]));
    assert_eq!(code, 2);
    assert!(err.contains("no rule left"), "{err}");
}

#[test]
fn a_rule_switched_off_hides_nothing_and_its_waivers_are_not_stale() {
    // The embedded pack: with the specific rule off, the general analysis
    // still reports the clause, which the specific rule used to speak for.
    let d = Dir::new();
    let f = d.write(
        "thon.txt",
        "HƯƠNG ƯỚC THÔN ĐÔNG\nĐiều 6. Thừa kế\n2. Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n",
    );
    let path = f.to_str().unwrap();
    let v = json(&run(["scan", "--format", "json", path]));
    assert_eq!(rules(&v), ["inheritance.daughter-excluded"]);
    let fp = v["files"][0]["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = run([
        "scan",
        "--format",
        "json",
        "--ignore",
        "inheritance.daughter-excluded",
        path,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let found = rules(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with(".unequal-treatment"), "{found:?}");

    // A waiver of the rule switched off is not "unmatched".
    d.write(
        "huonguoc.toml",
        format!("[[waiver]]\nfingerprint = \"{fp}\"\nreviewer = \"Lan\"\nreason = \"r\"\ndate = 2025-01-01\n"),
    );
    let (_, _, err) = parts(&run([
        "scan",
        "--ignore",
        "inheritance.daughter-excluded",
        path,
    ]));
    assert!(!err.contains("unmatched"), "{err}");
    let (_, _, err) = parts(&run(["scan", "--ignore", "property-land", path]));
    assert!(
        !err.contains("unmatched"),
        "the waiver still matches: {err}"
    );
}
