//! `--lang en` everywhere: once the covenant's own words and the legal
//! citations (which stay as written) are taken out, the text, HTML and
//! SARIF of an English run hold no Vietnamese at all, so no label was
//! left untranslated.

use crate::reports::{CLEAN, FLAGGED};
use crate::util::{Dir, json, root, run_at};

const DAY: &str = "2026-03-01";

/// The fixture pack with English for every rule and category.
fn english_pack() -> Dir {
    let d = Dir::new();
    std::fs::copy(
        root().join("tests/fixtures/pack/pack.toml"),
        d.path().join("pack.toml"),
    )
    .unwrap();
    let rules = std::fs::read_to_string(root().join("tests/fixtures/pack/rules.toml"))
        .unwrap()
        .replace(
            "title = \"Thừa kế\"",
            "title = \"Thừa kế\"\ntitle_en = \"Inheritance\"",
        )
        .replace(
            "title = \"Định kiến giới\"",
            "title = \"Định kiến giới\"\ntitle_en = \"Stereotypes\"",
        )
        .replace(
            "title = \"Định kiến về vai trò nội trợ\"",
            "title = \"Định kiến về vai trò nội trợ\"\ntitle_en = \"Homemaker stereotype\"\n\
             message_en = \"The wording assigns housework to women.\"\n\
             suggestion_en = \"Family members share the housework.\"",
        );
    d.write("rules.toml", rules);
    d
}

/// Covenants of every kind an English reader meets: flagged (an error
/// waived by a reviewer, an info pending review), clean, not a covenant,
/// and one of no known place.
fn batch() -> Dir {
    let d = Dir::new();
    d.write("huyen-a/xa-1/flagged.txt", FLAGGED);
    d.write("huyen-b/xa-2/clean.txt", CLEAN);
    d.write("huyen-b/xa-2/notes.md", "# Meeting notes\nNothing here.\n");
    d.write("loose.txt", FLAGGED);
    d
}

/// What the covenants and the pack wrote, which stays as written.
fn data(v: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in v["files"].as_array().unwrap() {
        out.push(f["path"].as_str().unwrap().to_owned());
        for fi in f["findings"].as_array().unwrap() {
            for k in ["excerpt", "location"] {
                out.push(fi[k].as_str().unwrap().to_owned());
            }
            for k in ["legal", "matched"] {
                for x in fi[k].as_array().unwrap() {
                    out.push(x.as_str().unwrap().to_owned());
                }
            }
        }
    }
    for text in [FLAGGED, CLEAN] {
        out.extend(text.lines().map(str::to_owned));
    }
    // Longest first, so that no shorter piece breaks a longer one.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// The Vietnamese letters left in `text` once `data` is taken out.
fn leftover(text: &str, data: &[String]) -> String {
    let mut t = text.to_owned();
    for d in data.iter().filter(|d| !d.is_empty()) {
        t = t.replace(d.as_str(), "");
    }
    t.lines()
        .filter(|l| l.chars().any(|c| c.is_alphabetic() && !c.is_ascii()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The visible text of an HTML page: tags dropped, entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn an_english_run_leaves_no_vietnamese_label() {
    let pack = english_pack();
    let d = batch();
    let p = pack.path().to_str().unwrap();
    let path = d.path().to_str().unwrap();
    let scan = |extra: &[&str]| {
        let mut args = vec!["scan", "--rules", p, "--lang", "en"];
        args.extend_from_slice(extra);
        args.push(path);
        run_at(args, DAY)
    };
    // Waive the error (reviewed) and the info (pending): both labels show.
    let v = json(&scan(&["--format", "json"]));
    let fps: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("flagged.txt"))
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .map(|f| f["fingerprint"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fps.len(), 2);
    d.write(
        "huyen-a/huonguoc.toml",
        format!(
            "[[waiver]]\nfingerprint = \"{}\"\nreviewer = \"Lan\"\nreason = \"repealed\"\ndate = 2025-01-15\n\n\
             [[waiver]]\nfingerprint = \"{}\"\n",
            fps[0], fps[1]
        ),
    );
    let v = json(&scan(&["--format", "json"]));
    let data = data(&v);

    let text = scan(&["--group-by", "commune"]);
    let text = String::from_utf8(text.stdout).unwrap();
    for label in [
        "error[",
        "legal basis:",
        "suggested fix:",
        "waived",
        "not a covenant",
        "(unknown)",
    ] {
        assert!(text.contains(label), "no {label:?} in:\n{text}");
    }
    let left = leftover(&text, &data);
    assert!(
        left.is_empty(),
        "Vietnamese left in the text report:\n{left}"
    );

    let html = String::from_utf8(scan(&["--format", "html"]).stdout).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    let visible = html_text(&html);
    for label in [
        "Covenants",
        "Each covenant",
        "Legal basis",
        "Rule pack",
        "Measured on",
    ] {
        assert!(visible.contains(label), "no {label:?} in the HTML");
    }
    let left = leftover(&visible, &data);
    assert!(
        left.is_empty(),
        "Vietnamese left in the HTML report:\n{left}"
    );
    // Attributes too (aria labels of the chart and the sort buttons).
    let values: Vec<&str> = html
        .split("=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(values.contains(&"Compliance rate by group"));
    let left = leftover(&values.join("\n"), &data);
    assert!(
        left.is_empty(),
        "Vietnamese left in HTML attributes:\n{left}"
    );

    let sarif = String::from_utf8(scan(&["--format", "sarif"]).stdout).unwrap();
    assert!(sarif.contains("\"language\": \"en\""));
    assert!(sarif.contains("Legal basis:"), "{sarif}");
    let left = leftover(&sarif, &data);
    assert!(left.is_empty(), "Vietnamese left in SARIF:\n{left}");

    // Not vacuous: the Vietnamese run of the same batch is caught.
    let vi = run_at(["scan", "--rules", p, path], DAY);
    let vi = String::from_utf8(vi.stdout).unwrap();
    assert!(!leftover(&vi, &data).is_empty());
}
