//! `--output FILE` for every format, written atomically; no command writes
//! over its own input.

use crate::reports::{CLEAN, FLAGGED, pack};
use crate::util::{Dir, parts, run_at};

const DAY: &str = "2026-03-01";

#[test]
fn output_holds_what_stdout_would_for_every_format() {
    let d = Dir::new();
    d.write("huyen/xa/thon.txt", FLAGGED);
    d.write("huyen/xa/sach.txt", CLEAN);
    let out = Dir::new();
    let p = pack();
    let path = d.path().to_str().unwrap();
    for format in ["text", "json", "jsonl", "sarif", "csv", "html"] {
        let file = out.path().join(format!("bao-cao.{format}"));
        let args = ["scan", "--rules", &p, "--format", format, path];
        let to_stdout = run_at(args, DAY);
        let mut with_o = args.to_vec();
        let f = file.to_str().unwrap();
        with_o.extend(["-o", f]);
        let to_file = run_at(&with_o, DAY);
        assert_eq!(to_file.status.code(), Some(1), "{format}");
        assert!(to_file.stdout.is_empty(), "{format} wrote to stdout too");
        assert_eq!(
            std::fs::read(&file).unwrap(),
            to_stdout.stdout,
            "{format}: the file differs from stdout"
        );
    }
    // Nothing but the reports is left in the folder: no temporary file.
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 6, "{names:?}");
}

#[cfg(unix)]
#[test]
fn output_replaces_the_file_by_a_rename_and_a_failed_run_keeps_the_old_one() {
    use std::os::unix::fs::MetadataExt;
    let d = Dir::new();
    d.write("thon.txt", FLAGGED);
    let out = Dir::new();
    let report = out.write("bao-cao.html", "bản cũ");
    let before = std::fs::metadata(&report).unwrap().ino();
    let p = pack();
    let path = d.path().to_str().unwrap();
    let (code, _, err) = parts(&run_at(
        [
            "scan",
            "--rules",
            &p,
            "--format",
            "html",
            "-o",
            report.to_str().unwrap(),
            path,
        ],
        DAY,
    ));
    assert_eq!(code, 1, "{err}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    // A new file renamed over the old one, never the old one rewritten in
    // place, where a reader could catch half a report.
    assert_ne!(std::fs::metadata(&report).unwrap().ino(), before);

    // A run that fails (a broken rule pack) leaves the report as it was.
    let bad = Dir::new();
    bad.write("bad.toml", "[[rule]]\nid = 1\n");
    let (code, _, _) = parts(&run_at(
        [
            "scan",
            "--rules",
            bad.path().to_str().unwrap(),
            "-o",
            report.to_str().unwrap(),
            path,
        ],
        DAY,
    ));
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), html);
    let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "a temporary file was left: {left:?}");

    // A folder that does not exist: an error naming the file.
    let missing = out.path().join("khong-co/bao-cao.html");
    let (code, _, err) = parts(&run_at(
        ["scan", "--rules", &p, "-o", missing.to_str().unwrap(), path],
        DAY,
    ));
    assert_eq!(code, 2);
    assert!(err.contains("khong-co/bao-cao.html"), "{err}");
}

#[test]
fn output_never_replaces_a_covenant_being_screened() {
    let d = Dir::new();
    let thon = d.write("thon.txt", FLAGGED);
    let p = pack();
    let path = d.path().to_str().unwrap();
    let (code, _, err) = parts(&run_at(
        ["scan", "--rules", &p, "-o", thon.to_str().unwrap(), path],
        DAY,
    ));
    assert_eq!(code, 2);
    assert!(err.contains("--output is one of the inputs"), "{err}");
    assert_eq!(std::fs::read_to_string(&thon).unwrap(), FLAGGED);

    // A report written into the folder is never counted on the next scan.
    let report = d.path().join("bao-cao.html");
    let r = report.to_str().unwrap();
    run_at(
        ["scan", "--rules", &p, "--format", "html", "-o", r, path],
        DAY,
    );
    let v: serde_json::Value = serde_json::from_slice(
        &run_at(["scan", "--rules", &p, "--format", "json", path], DAY).stdout,
    )
    .unwrap();
    assert_eq!(v["summary"]["covenants"], 1, "{}", v["summary"]);
    assert_eq!(v["summary"]["not_covenant"], 1);
}

#[test]
fn convert_refuses_to_overwrite_its_input() {
    let d = Dir::new();
    let tcvn3 =
        huonguoc_text::legacy::encode(FLAGGED, huonguoc_text::legacy::Legacy::Tcvn3).unwrap();
    let input = d.write("thon.txt", &tcvn3);
    let spellings = [
        input.display().to_string(),
        d.path().join("./thon.txt").display().to_string(),
        d.path().join("x/../thon.txt").display().to_string(),
    ];
    std::fs::create_dir(d.path().join("x")).unwrap();
    #[cfg(unix)]
    let spellings = {
        let mut s = spellings.to_vec();
        std::os::unix::fs::symlink(&input, d.path().join("lien-ket.txt")).unwrap();
        std::fs::hard_link(&input, d.path().join("cung.txt")).unwrap();
        s.push(d.path().join("lien-ket.txt").display().to_string());
        s.push(d.path().join("cung.txt").display().to_string());
        s
    };
    for out in &spellings {
        let (code, _, err) = parts(&run_at(
            ["convert", input.to_str().unwrap(), "-o", out],
            DAY,
        ));
        assert_eq!(code, 2, "{out}");
        assert!(
            err.contains("convert -o names its own input"),
            "{out}: {err}"
        );
        assert_eq!(std::fs::read(&input).unwrap(), tcvn3, "{out}");
    }
    // Another name is written.
    let other = d.path().join("thon-utf8.txt");
    let (code, _, _) = parts(&run_at(
        [
            "convert",
            input.to_str().unwrap(),
            "-o",
            other.to_str().unwrap(),
        ],
        DAY,
    ));
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), FLAGGED);
}
