//! `-j`, `--quiet`, `--color`, `--lang`, completions and the man page.

use crate::reports::{CLEAN, FLAGGED, pack};
use crate::util::{Dir, parts, run};

fn batch(n: usize) -> Dir {
    let d = Dir::new();
    for i in 0..n {
        d.write(
            &format!("h/x/{i:02}.txt"),
            if i % 3 == 0 { FLAGGED } else { CLEAN },
        );
    }
    d
}

#[test]
fn threads_do_not_change_the_output_and_no_bar_on_a_pipe() {
    // More files than the progress bar's threshold: stderr is a pipe here,
    // so nothing may be drawn on it.
    let d = batch(25);
    let path = d.path().to_str().unwrap();
    let p = pack();
    let one = parts(&run(["scan", "--rules", &p, "-j", "1", path]));
    let two = parts(&run(["scan", "--rules", &p, "--threads", "2", path]));
    assert_eq!(one.0, 1);
    assert_eq!(one, two);
    assert!(one.2.is_empty(), "stderr on a pipe: {:?}", one.2);
}

#[test]
fn quiet_prints_only_the_summary() {
    let d = batch(3);
    let (code, out, _) = parts(&run([
        "scan",
        "--rules",
        &pack(),
        "--quiet",
        d.path().to_str().unwrap(),
    ]));
    assert_eq!(code, 1);
    // The rate, what it is made of, the findings, what was measured.
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(out.starts_with("3 hương ước, quy ước, 2 không có"), "{out}");
}

#[test]
fn color_always_never_and_auto_on_a_pipe() {
    let d = batch(1);
    let path = d.path().to_str().unwrap();
    let p = pack();
    let out = |c: &str| parts(&run(["scan", "--rules", &p, "--color", c, path])).1;
    assert!(out("always").contains("\x1b[1;31m"));
    assert!(!out("never").contains('\x1b'));
    assert!(!out("auto").contains('\x1b'), "stdout is a pipe");
}

#[test]
fn lang_en_uses_the_packs_english() {
    let d = batch(1);
    let path = d.path().to_str().unwrap();
    let (_, vi, _) = parts(&run(["scan", "--rules", &pack(), "--lang", "vi", path]));
    let (_, en, _) = parts(&run(["scan", "--rules", &pack(), "--lang", "en", path]));
    assert!(
        vi.contains("Điều khoản loại con gái khỏi việc chia tài sản"),
        "{vi}"
    );
    assert!(
        en.contains("The clause excludes daughters from family property."),
        "{en}"
    );
    let (_, sarif, _) = parts(&run([
        "scan",
        "--rules",
        &pack(),
        "--lang",
        "en",
        "--format",
        "sarif",
        path,
    ]));
    assert!(sarif.contains("Sons and daughters share family property equally."));
}

#[test]
fn completions_and_man_page_come_from_the_flags() {
    let (code, bash, _) = parts(&run(["completions", "bash"]));
    assert_eq!(code, 0);
    assert!(
        bash.contains("huonguoc") && bash.contains("--group-by") && bash.contains("--new-only")
    );
    let (code, zsh, _) = parts(&run(["completions", "zsh"]));
    assert_eq!(code, 0);
    assert!(zsh.contains("#compdef huonguoc"));
    let (code, fish, _) = parts(&run(["completions", "fish"]));
    assert_eq!(code, 0);
    assert!(fish.contains("complete -c huonguoc"));
    let (code, man, _) = parts(&run(["man"]));
    assert_eq!(code, 0);
    assert!(man.contains(".TH huonguoc"), "{man}");
    assert!(man.contains("baseline") && man.contains("diff"));
    assert_eq!(parts(&run(["completions", "tcsh"])).0, 2);
}

/// Runs `huonguoc ARGS` with its stderr on a pseudo-terminal (through
/// util-linux `script`) and stdout discarded; returns what the terminal
/// showed. `None` when `script` is not installed.
fn on_terminal(args: &str, ci: bool) -> Option<String> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| std::path::Path::new(p).is_file())?;
    let mut cmd = std::process::Command::new(script);
    cmd.args([
        "-qec",
        &format!("{} {args} >/dev/null", env!("CARGO_BIN_EXE_huonguoc")),
        "/dev/null",
    ]);
    cmd.env_remove("CI");
    if ci {
        cmd.env("CI", "true");
    }
    let out = cmd.output().expect("run script");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_bar_only_on_a_terminal_for_long_batches_and_never_under_ci() {
    let long = batch(25);
    let short = batch(5);
    let p = pack();
    let args = |d: &Dir| format!("scan --quiet --rules {p} {}", d.path().display());
    let Some(shown) = on_terminal(&args(&long), false) else {
        eprintln!("SKIPPED progress bar test: util-linux `script` not installed");
        return;
    };
    assert!(
        shown.contains("đang rà soát"),
        "no bar on a terminal: {shown:?}"
    );
    assert!(shown.contains("/25 tệp"), "{shown:?}");
    let shown = on_terminal(&args(&long), true).unwrap();
    assert!(!shown.contains("đang rà soát"), "a bar under CI: {shown:?}");
    let shown = on_terminal(&args(&short), false).unwrap();
    assert!(
        !shown.contains("đang rà soát"),
        "a bar for 5 files: {shown:?}"
    );
}
