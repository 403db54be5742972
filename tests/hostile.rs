//! Files made to stop the batch or fake a result (issue 10): each row of
//! the audit that the other modules do not already cover.

use crate::fixture::{W_NS, zip_of};
use crate::util::{Dir, json, parts, run};

const FLAGGED: &str = "HƯƠNG ƯỚC THÔN ĐÔNG\n\
Điều 6. Thừa kế\n\
1. Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n";

const AMENDED: &str = "HƯƠNG ƯỚC THÔN ĐÔNG\n\
Điều 6. Thừa kế\n\
1. Con trai, con gái đều được chia đất của bố mẹ ngang nhau.\n";

/// A .docx whose only paragraph holds `text`, with extra package parts.
fn docx(text: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
        ("word/document.xml", document.as_bytes()),
    ];
    parts.extend_from_slice(extra);
    zip_of(&parts)
}

#[test]
fn escape_sequences_in_text_and_names_are_shown_not_sent() {
    let d = Dir::new();
    let text = format!("{FLAGGED}2. Phụ nữ \x1b]0;pwned\x07không được \x1b[2Jvào đình\u{202e}.\n");
    let name = "thon\n./x.txt:1:1: lỗi[forged] giả.txt";
    let file = d.write(name, text);
    let new = d.write("moi\x1b[2J.txt", AMENDED);
    for args in [
        vec!["scan", "--color", "never"],
        vec!["scan", "--color", "always"],
        vec!["diff"],
    ] {
        let mut args: Vec<&str> = args;
        args.push(file.to_str().unwrap());
        if args[0] == "diff" {
            args.push(new.to_str().unwrap());
        }
        let out = run(&args);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // Only our own colour codes may reach the terminal: ESC followed
        // by "[" and digits ending in "m".
        let raw_escapes = all
            .match_indices('\x1b')
            .filter(|(i, _)| {
                let rest = &all[i + 1..];
                let code: String = rest.chars().skip(1).take_while(|c| *c != 'm').collect();
                !(rest.starts_with('[') && code.chars().all(|c| c.is_ascii_digit() || c == ';'))
            })
            .count();
        assert_eq!(raw_escapes, 0, "{args:?}: {all}");
        assert!(
            !all.contains('\x07') && !all.contains('\u{202e}'),
            "{args:?}"
        );
        assert!(
            !all.lines().any(|l| l.starts_with("./x.txt:1:1")),
            "a file name forged a report line: {all}"
        );
        assert!(all.contains("thon\\u{a}./x.txt"), "{args:?}: {all}");
    }
}

#[test]
fn diff_with_an_empty_or_unreadable_new_version_verifies_nothing() {
    let d = Dir::new();
    let old = d.write("cu.txt", FLAGGED);
    let cases = [
        ("empty.txt", Vec::new()),
        ("spaces.txt", b" \n\n\t\n".to_vec()),
        ("empty.docx", docx("", &[])),
        (
            "scan.docx",
            docx("", &[("word/media/image1.png", b"\x89PNG")]),
        ),
        ("note.txt", b"Thon da gui ban sua doi qua email.\n".to_vec()),
        ("broken.docx", b"PK\x03\x04 not a zip".to_vec()),
    ];
    for (name, bytes) in cases {
        let new = d.write(name, bytes);
        for format in ["text", "json"] {
            let out = run([
                "diff",
                "--format",
                format,
                old.to_str().unwrap(),
                new.to_str().unwrap(),
            ]);
            let (code, stdout, _) = parts(&out);
            assert_eq!(code, 2, "{name}: {stdout}");
            if format == "json" {
                let v = json(&out);
                assert_eq!(v["verified"], false, "{name}");
                assert_eq!(v["resolved"].as_array().unwrap().len(), 0, "{name}");
                assert_eq!(v["unverified"][0]["version"], "new", "{name}");
            } else {
                assert!(stdout.contains("chưa xác minh được"), "{name}: {stdout}");
                assert!(!stdout.contains("Đã sửa"), "{name}: {stdout}");
            }
        }
    }
    // A real amendment still verifies.
    let new = d.write("moi.txt", AMENDED);
    let out = run(["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    let (code, stdout, _) = parts(&out);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("Đã sửa (resolved): 1"), "{stdout}");
}

#[test]
fn empty_files_are_not_covenants_even_with_all_files() {
    let d = Dir::new();
    d.write("xa/empty.txt", "");
    d.write("xa/blank.html", "<html><body> </body></html>");
    d.write("xa/empty.docx", docx("", &[]));
    d.write("xa/flagged.txt", FLAGGED);
    for all in [false, true] {
        let mut args = vec!["scan", "--format", "json"];
        if all {
            args.push("--all-files");
        }
        let dir = d.path().join("xa");
        args.push(dir.to_str().unwrap());
        let v = json(&run(&args));
        let s = &v["summary"];
        assert_eq!(s["covenants"], 1, "all_files={all}: {s}");
        assert_eq!(s["compliant"], 0, "all_files={all}");
        assert_eq!(s["not_covenant"], 3, "all_files={all}");
        for f in v["files"].as_array().unwrap() {
            if !f["path"].as_str().unwrap().ends_with("flagged.txt") {
                assert_eq!(f["not_covenant"]["reason"], "empty", "{f}");
            }
        }
    }
}

#[test]
fn a_listed_covenant_that_is_empty_stays_in_the_rate() {
    let d = Dir::new();
    d.write(
        "ds.csv",
        "path,commune,district,adopted\na.txt,Xã A,Huyện H,2021\nb.txt,Xã B,Huyện H,2021\n",
    );
    d.write("a.txt", AMENDED);
    d.write("b.txt", "");
    let out = run([
        "scan",
        "--format",
        "json",
        "--manifest",
        d.path().join("ds.csv").to_str().unwrap(),
        d.path().to_str().unwrap(),
    ]);
    let v = json(&out);
    let s = &v["summary"];
    assert_eq!(s["covenants"], 2, "{s}");
    assert_eq!(s["compliant"], 1, "{s}");
    assert_eq!(s["not_verified"], 1, "{s}");
    assert_eq!(s["targets"][0]["met"], false, "{s}");
    assert_eq!(parts(&out).0, 2);
}

#[test]
fn a_word_file_of_pictures_only_is_unread_not_empty() {
    let d = Dir::new();
    let f = d.write(
        "thon.docx",
        docx("", &[("word/media/image1.jpeg", b"\xff\xd8\xff")]),
    );
    let out = run(["scan", "--format", "json", f.to_str().unwrap()]);
    let v = json(&out);
    assert_eq!(v["files"][0]["status"], "not_verified", "{v}");
    assert!(
        v["files"][0]["low_quality"]
            .as_str()
            .unwrap()
            .contains("pictures only"),
        "{v}"
    );
    assert_ne!(parts(&out).0, 0, "a scan is never a clean result");
}

#[test]
fn a_budget_in_the_config_refuses_one_file_and_the_batch_goes_on() {
    let d = Dir::new();
    d.write(
        "huonguoc.toml",
        "[limits]\nunits = 6\nsentence-hits = 500\n",
    );
    let many: String = (1..=20).map(|i| format!("{i}. Khoản số {i}.\n")).collect();
    d.write("a-long.txt", format!("{FLAGGED}Điều 7. Khác\n{many}"));
    let comma: String = "con gái không được chia đất, ".repeat(400);
    d.write(
        "b-one-sentence.txt",
        format!("{FLAGGED}Điều 8. Khác\n{comma}\n"),
    );
    d.write("c-real.txt", FLAGGED);
    let out = run(["scan", "--format", "json", d.path().to_str().unwrap()]);
    let (code, _, _) = parts(&out);
    assert_eq!(code, 2, "a file over budget is an error entry");
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    let by = |end: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(end))
            .unwrap()
    };
    let units = by("a-long.txt");
    assert_eq!(units["status"], "not_verified");
    assert!(
        units["error"].as_str().unwrap().contains("`units`"),
        "{units}"
    );
    let hits = by("b-one-sentence.txt");
    assert!(
        hits["error"].as_str().unwrap().contains("`sentence-hits`"),
        "{hits}"
    );
    assert_eq!(by("c-real.txt")["findings"].as_array().unwrap().len(), 1);
    // A limit of 0 would refuse everything: the config is refused instead.
    d.write("huonguoc.toml", "[limits]\nfindings = 0\n");
    let (code, _, err) = parts(&run(["scan", d.path().to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(
        err.contains("huonguoc.toml") && err.contains("findings"),
        "{err}"
    );
}

#[test]
fn one_covenant_is_counted_once_however_it_is_named() {
    let d = Dir::new();
    d.write("xa/thon.txt", FLAGGED);
    std::os::unix::fs::symlink(d.path().join("xa"), d.path().join("xa/vong")).unwrap();
    // A hard link is the same file under another name, as the system
    // tells by device and inode.
    std::fs::hard_link(d.path().join("xa/thon.txt"), d.path().join("ban-sao.txt")).unwrap();
    let xa = d.path().join("xa");
    let dotted = format!("{}/./", xa.display());
    let out = run([
        "scan",
        "--format",
        "json",
        xa.to_str().unwrap(),
        &dotted,
        xa.join("thon.txt").to_str().unwrap(),
        d.path().join("ban-sao.txt").to_str().unwrap(),
    ]);
    let v = json(&out);
    assert_eq!(v["summary"]["covenants"], 1, "{}", v["files"]);
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{}", v["files"]);
    assert!(parts(&out).2.contains("symlink loop"), "{}", parts(&out).2);
}

#[test]
fn each_attack_beside_a_real_covenant_is_named_and_the_covenant_still_screened() {
    let d = Dir::new();
    // Tight limits, so that every attack stays small and quick.
    d.write(
        "huonguoc.toml",
        "[limits]\ninflated-bytes = 1048576\nxml-depth = 64\nsentence-hits = 2000\n",
    );
    let real = d.write("thon-that.txt", FLAGGED);
    let deep = format!(
        "{}<w:p><w:r><w:t>Con gái không được chia đất.</w:t></w:r></w:p>{}",
        "<w:sdt><w:sdtContent>".repeat(100),
        "</w:sdtContent></w:sdt>".repeat(100)
    );
    // Noise does not compress: past inflated-bytes, not past the ratio.
    let mut x: u32 = 0x9E37_79B9;
    let noise: Vec<u8> = (0..(3 << 19))
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let comma = "con gái không được chia đất, ".repeat(1000);
    // (file name, bytes, what its entry must say, exit code): 2 when the
    // file is a covenant not verified, 1 (the real covenant's finding) when
    // it is no covenant at all.
    let attacks: Vec<(&str, Vec<u8>, &str, i32)> = vec![
        ("deep.docx", docx(&deep, &[]), "64", 2),
        (
            "big.docx",
            docx("x", &[("word/media/pad.bin", &noise)]),
            "1048576",
            2,
        ),
        (
            "one-sentence.txt",
            format!("{FLAGGED}2. {comma}\n").into_bytes(),
            "`sentence-hits`",
            2,
        ),
        ("binary.txt", b"\x00\x01\x02PK".to_vec(), "nhị phân", 2),
        ("empty.txt", Vec::new(), "empty file", 1),
    ];
    for (name, bytes, says, exit) in &attacks {
        let attack = d.write(name, bytes);
        let out = run([
            "scan",
            "--format",
            "json",
            attack.to_str().unwrap(),
            real.to_str().unwrap(),
        ]);
        let (code, _, err) = parts(&out);
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_eq!(code, *exit, "{name}");
        let v = json(&out);
        let files = v["files"].as_array().unwrap();
        assert_eq!(files.len(), 2, "{name}");
        let by = |end: &str| {
            files
                .iter()
                .find(|f| f["path"].as_str().unwrap().ends_with(end))
                .unwrap()
        };
        let entry = by(name);
        let text = format!("{}{}", entry["error"], entry["not_covenant"]);
        assert!(text.contains(says), "{name}: {entry}");
        assert_ne!(entry["verdict"], "compliant", "{name}");
        assert_eq!(
            by("thon-that.txt")["findings"].as_array().unwrap().len(),
            1,
            "{name}"
        );
        std::fs::remove_file(&attack).unwrap();
    }
}
