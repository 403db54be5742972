//! Standard input: `-` for scan, normalize, extract and convert; no path
//! with piped input; `--stdin-name` as name, format hint and location.

use crate::reports::{CLEAN, FLAGGED, pack};
use crate::util::{Dir, parts, run_piped};

fn json_of(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

#[test]
fn scan_dash_reads_standard_input_and_says_so() {
    let d = Dir::new();
    let p = pack();
    let out = run_piped(
        d.path(),
        ["scan", "--rules", &p, "-"],
        Some(FLAGGED.as_bytes()),
    );
    let (code, text, err) = parts(&out);
    assert_eq!(code, 1, "{text}{err}");
    assert!(
        text.contains("<stdin>:6:4: lỗi[inheritance.daughter-excluded]"),
        "{text}"
    );
    // The footer says the batch came from standard input.
    assert!(text.contains("đầu vào chuẩn: <stdin>"), "{text}");

    let out = run_piped(
        d.path(),
        ["scan", "--rules", &p, "--format", "json", "-"],
        Some(CLEAN.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(v["measured"]["selection"]["stdin"], "<stdin>");
    assert_eq!(v["summary"]["covenants"], 1);
}

#[test]
fn no_path_reads_piped_input_and_walks_the_folder_otherwise() {
    let d = Dir::new();
    d.write("thon.txt", CLEAN);
    let p = pack();
    let args = ["scan", "--rules", &p, "--format", "json"];
    // Piped: standard input, not the folder.
    let v = json_of(&run_piped(d.path(), args, Some(FLAGGED.as_bytes())));
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["<stdin>"]);
    // Nothing piped (/dev/null, as under CI): the current folder.
    let v = json_of(&run_piped(d.path(), args, None));
    assert_eq!(v["files"][0]["path"], "./thon.txt");
    assert_eq!(v["measured"]["selection"]["stdin"], serde_json::Value::Null);
}

#[test]
fn stdin_name_gives_the_format_the_place_and_the_config() {
    let d = Dir::new();
    let p = pack();
    let args = |extra: &[&str]| {
        let mut v = vec!["scan", "--rules", &p, "--format", "json"];
        v.extend_from_slice(extra);
        v.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>()
    };
    let docx = crate::fixture::docx(FLAGGED, crate::fixture::DocxFont::Unicode).unwrap();
    let name = ["--stdin-name", "huyen-a/xa-1/thon.docx", "-"];
    let v = json_of(&run_piped(d.path(), args(&name), Some(&docx)));
    let f = &v["files"][0];
    assert_eq!(f["path"], "huyen-a/xa-1/thon.docx");
    assert_eq!(f["district"], "huyen-a");
    assert_eq!(f["commune"], "xa-1");
    assert_eq!(f["findings"][0]["location"], "điểm b khoản 2 Điều 6");
    let fp = f["findings"][0]["fingerprint"].as_str().unwrap().to_owned();

    // The name's folder holds the config that waives the finding.
    d.write(
        "huyen-a/huonguoc.toml",
        format!(
            "[[waiver]]\nfingerprint = \"{fp}\"\nreviewer = \"Lan\"\nreason = \"Đã bãi bỏ\"\ndate = 2025-01-15\n"
        ),
    );
    let out = run_piped(d.path(), args(&name), Some(&docx));
    let v = json_of(&out);
    assert_eq!(v["files"][0]["findings"][0]["waiver"]["status"], "accepted");
    // The other finding is an info, below --fail-on error.
    assert_eq!(out.status.code(), Some(0), "{v}");
    // Another name, another folder: no waiver.
    let other = ["--stdin-name", "huyen-b/xa-2/thon.docx", "-"];
    let out = run_piped(d.path(), args(&other), Some(&docx));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_standard_input_is_an_error_entry_not_a_crash() {
    let d = Dir::new();
    let p = pack();
    // Over --max-file-size: named, counted as not verified.
    let big = FLAGGED.repeat(1024 * 1024 / FLAGGED.len() + 10);
    let out = run_piped(
        d.path(),
        [
            "scan",
            "--rules",
            &p,
            "--max-file-size",
            "1",
            "--format",
            "json",
            "-",
        ],
        Some(big.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    assert_eq!(v["files"][0]["status"], "not_verified");
    assert!(
        v["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("--max-file-size"),
        "{v}"
    );
    // Empty: no covenant, exit 2 with the reason.
    let (code, _, err) = parts(&run_piped(
        d.path(),
        ["scan", "--rules", &p, "-"],
        Some(b""),
    ));
    assert_eq!(code, 2);
    assert!(err.contains("<stdin>"), "{err}");
}

#[test]
fn normalize_extract_and_convert_read_standard_input() {
    let d = Dir::new();
    let (code, out, err) = parts(&run_piped(
        d.path(),
        ["normalize", "-"],
        Some("Điều 1.  HOÀ giải".as_bytes()),
    ));
    assert_eq!((code, out.as_str()), (0, "điều 1. hòa giải\n"), "{err}");

    let docx = crate::fixture::docx(FLAGGED, crate::fixture::DocxFont::Unicode).unwrap();
    let (code, out, err) = parts(&run_piped(
        d.path(),
        ["extract", "--stdin-name", "thon.docx", "-"],
        Some(&docx),
    ));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("b) Con gái đã đi lấy chồng"), "{out}");

    // TCVN3 in, UTF-8 out, through a pipe and into a file.
    let tcvn3 =
        huonguoc_text::legacy::encode(FLAGGED, huonguoc_text::legacy::Legacy::Tcvn3).unwrap();
    let (code, out, _) = parts(&run_piped(
        d.path(),
        ["convert", "-", "-o", "-"],
        Some(&tcvn3),
    ));
    assert_eq!((code, out.as_str()), (0, FLAGGED));
    let (code, _, err) = parts(&run_piped(
        d.path(),
        ["convert", "-", "-o", "ra.txt"],
        Some(&tcvn3),
    ));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(d.path().join("ra.txt")).unwrap(),
        FLAGGED
    );
    // Binary on standard input: an error naming standard input.
    let (code, _, err) = parts(&run_piped(d.path(), ["extract", "-"], Some(b"\0\0\0\xff")));
    assert_eq!(code, 2);
    assert!(err.contains("<stdin>"), "{err}");
}
