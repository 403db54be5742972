//! Walking as ripgrep does: globs, ignore files, hidden files, `.git`,
//! links; what is left out is listed, and no covenant counts twice.

use crate::reports::{CLEAN, FLAGGED, pack};
use crate::util::{Dir, json, parts, run};

/// Screens `paths` as JSON with `extra` flags; returns the exit code, the
/// screened paths relative to `d`, the excluded ones, and the report.
fn scan(
    d: &Dir,
    extra: &[&str],
    paths: &[&str],
) -> (i32, Vec<String>, Vec<String>, serde_json::Value) {
    let p = pack();
    let mut args: Vec<String> = ["scan", "--rules", &p, "--format", "json"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args.extend(paths.iter().map(|s| d.path().join(s).display().to_string()));
    let out = run(&args);
    let v = json(&out);
    let root = format!("{}/", d.path().display());
    let rel = |list: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> = list
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| {
                        let s = x.as_str().unwrap_or_else(|| x["path"].as_str().unwrap());
                        s.strip_prefix(&root).unwrap_or(s).to_owned()
                    })
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    let files = rel(&v["files"]);
    let excluded = rel(&v["excluded"]);
    (out.status.code().unwrap(), files, excluded, v)
}

/// A folder with a covenant kept by every filter and one left out by each.
fn tree() -> Dir {
    let d = Dir::new();
    d.write("huyen/xa/thon.txt", FLAGGED);
    d.write(".git/COMMIT_EDITMSG.txt", FLAGGED);
    d.write(".an/an.txt", CLEAN);
    d.write("nhap/nhap.txt", CLEAN);
    d.write(".gitignore", "nhap/\n");
    d.write("cu/cu.txt", CLEAN);
    d.write(".ignore", "cu/\n");
    d.write("bo/bo.txt", CLEAN);
    d.write(".huonguocignore", "bo/\n");
    d.write("huyen/xa/ban-thao.docx.txt", CLEAN);
    d
}

#[test]
fn ignore_files_hidden_files_and_git_are_skipped_and_listed() {
    let d = tree();
    let (code, files, excluded, v) = scan(&d, &[], &[""]);
    assert_eq!(code, 1);
    assert_eq!(files, ["huyen/xa/ban-thao.docx.txt", "huyen/xa/thon.txt"]);
    // Everything left out is named; `.git` is no place for covenants.
    assert_eq!(
        excluded,
        [".an/an.txt", "bo/bo.txt", "cu/cu.txt", "nhap/nhap.txt"]
    );
    let sel = &v["measured"]["selection"];
    assert_eq!(sel["excluded"], 4);
    assert_eq!(sel["ignore_files"], true);
    assert_eq!(sel["hidden"], false);

    // The text report says it too.
    let p = pack();
    let (_, out, err) = parts(&run(["scan", "--rules", &p, d.path().to_str().unwrap()]));
    assert!(out.contains("· 4 tệp bị loại trừ"), "{out}");
    assert!(err.contains("loại trừ 4 tệp"), "{err}");

    let (_, files, excluded, _) = scan(&d, &["--no-ignore"], &[""]);
    assert_eq!(files.len(), 5, "{files:?}");
    assert_eq!(excluded, [".an/an.txt"]);
    let (_, files, _, _) = scan(&d, &["--hidden"], &[""]);
    assert!(files.contains(&".an/an.txt".to_owned()), "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with(".git/")), "{files:?}");
    // -uu: everything, `.git` too, as in ripgrep.
    let (_, files, excluded, _) = scan(&d, &["-uu"], &[""]);
    assert_eq!(files.len(), 7, "{files:?}");
    assert!(excluded.is_empty(), "{excluded:?}");
}

#[test]
fn globs_and_excludes_choose_files() {
    let d = tree();
    d.write("huyen/xa/mau.md", CLEAN);
    let (_, files, excluded, v) = scan(&d, &["--glob", "*.md"], &[""]);
    assert_eq!(files, ["huyen/xa/mau.md"]);
    assert!(
        excluded.contains(&"huyen/xa/thon.txt".to_owned()),
        "{excluded:?}"
    );
    assert_eq!(v["measured"]["selection"]["globs"][0], "*.md");
    let (_, files, _, v) = scan(&d, &["--exclude", "ban-thao*", "-g", "!mau.md"], &[""]);
    assert_eq!(files, ["huyen/xa/thon.txt"]);
    assert_eq!(
        v["measured"]["selection"]["globs"],
        serde_json::json!(["!mau.md", "!ban-thao*"])
    );
    // A file named on the command line is screened whatever the filters.
    let (_, files, _, _) = scan(&d, &["--exclude", "*.txt"], &["nhap/nhap.txt"]);
    assert_eq!(files, ["nhap/nhap.txt"]);
    // A bad glob is an error naming it.
    let p = pack();
    let (code, _, err) = parts(&run([
        "scan",
        "--rules",
        &p,
        "--glob",
        "[unclosed",
        d.path().to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("[unclosed"), "{err}");
}

#[cfg(unix)]
#[test]
fn links_are_not_followed_unless_asked_and_a_loop_counts_once() {
    use std::os::unix::fs::symlink;
    let d = Dir::new();
    d.write("huyen/xa/thon.txt", FLAGGED);
    // A loop back to the commune's district, and a second name for it.
    symlink("..", d.path().join("huyen/xa/vong")).unwrap();
    symlink("huyen", d.path().join("ten-khac")).unwrap();

    // Not followed: the second name is listed as left out; the loop,
    // which leads only to what is walked already, is named on stderr.
    let (code, files, excluded, _) = scan(&d, &[], &[""]);
    assert_eq!(code, 1);
    assert_eq!(files, ["huyen/xa/thon.txt"]);
    assert_eq!(excluded, ["ten-khac"]);
    let p = pack();
    let (_, _, err) = parts(&run(["scan", "--rules", &p, d.path().to_str().unwrap()]));
    assert!(err.contains("huyen/xa/vong: liên kết vòng"), "{err}");

    // -L: the covenant is reached three ways and counted once; the loop
    // is no error (exit 1 for the finding, not 2).
    let (code, files, excluded, v) = scan(&d, &["-L"], &[""]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(files, ["huyen/xa/thon.txt"]);
    assert!(excluded.is_empty(), "{excluded:?}");
    assert_eq!(v["summary"]["covenants"], 1);
    assert_eq!(v["summary"]["errors"], 0);
    let (_, _, err) = parts(&run([
        "scan",
        "--rules",
        &p,
        "-L",
        d.path().to_str().unwrap(),
    ]));
    assert!(err.contains("liên kết vòng"), "{err}");
}

#[test]
fn a_file_given_twice_counts_once() {
    let d = Dir::new();
    d.write("huyen/xa/thon.txt", FLAGGED);
    let (_, files, _, v) = scan(
        &d,
        &[],
        &["", "huyen/xa/thon.txt", "huyen/xa/../xa/thon.txt"],
    );
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(v["summary"]["covenants"], 1);
}

#[test]
fn baseline_walks_the_same_files_as_scan() {
    let d = tree();
    let p = pack();
    let (code, out, _) = parts(&run([
        "baseline",
        "--rules",
        &p,
        d.path().to_str().unwrap(),
    ]));
    assert_eq!(code, 0);
    assert!(out.contains("huyen/xa/thon.txt"), "{out}");
    assert!(!out.contains("COMMIT_EDITMSG"), "{out}");
}
