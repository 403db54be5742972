//! `huonguoc man`: a page for the command and each subcommand, with exit
//! codes and examples; `--help` in English with `--lang en`.

use crate::util::{Dir, parts, run};

const COMMANDS: [&str; 12] = [
    "scan",
    "rules",
    "explain",
    "normalize",
    "extract",
    "convert",
    "test",
    "eval",
    "baseline",
    "diff",
    "completions",
    "man",
];

#[test]
fn man_pages_for_every_command_with_exit_codes_and_examples() {
    let d = Dir::new();
    let dir = d.path().join("man1");
    let (code, _, err) = parts(&run(["man", "--dir", dir.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    let top = std::fs::read_to_string(dir.join("huonguoc.1")).unwrap();
    for name in COMMANDS {
        let page = std::fs::read_to_string(dir.join(format!("huonguoc-{name}.1")))
            .unwrap_or_else(|e| panic!("huonguoc-{name}.1: {e}"));
        assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{name}");
        assert!(page.contains(&format!(".TH huonguoc-{name} 1")), "{name}");
        for section in [
            ".SH SYNOPSIS",
            ".SH \"EXIT STATUS\"",
            ".SH EXAMPLES",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(page.contains(section), "{name} lacks {section}");
        }
        // The top page points to every page, and each exists.
        assert!(top.contains(&format!("huonguoc\\-{name}(1)")), "{name}");
        // `man NAME` prints the same page.
        let (code, printed, _) = parts(&run(["man", name]));
        assert_eq!(code, 0);
        assert_eq!(printed, page, "{name}");
    }
    assert!(top.contains(".SH \"EXIT STATUS\""));
    let scan = std::fs::read_to_string(dir.join("huonguoc-scan.1")).unwrap();
    for flag in [
        "\\-\\-select",
        "\\-\\-stdin\\-name",
        "\\-\\-no\\-ignore",
        "\\-\\-output",
    ] {
        assert!(scan.contains(flag), "scan page lacks {flag}");
    }
    assert!(scan.contains("wins over 1"), "scan's exit code 2");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 14);
    let (code, _, err) = parts(&run(["man", "nosuch"]));
    assert_eq!(code, 2);
    assert!(err.contains("nosuch") && err.contains("scan"), "{err}");

    // Where man(1) is installed, the page renders with its sections.
    if let Ok(out) = std::process::Command::new("man")
        .args(["-l", dir.join("huonguoc-scan.1").to_str().unwrap()])
        .env("MANWIDTH", "100")
        .output()
    {
        if out.status.success() {
            let shown = String::from_utf8_lossy(&out.stdout);
            assert!(
                shown.contains("EXIT STATUS") && shown.contains("EXAMPLES"),
                "{shown}"
            );
        }
    }
}

#[test]
fn help_speaks_english_with_lang_en() {
    // The commands that take --lang.
    for name in ["scan", "diff", "rules", "explain"] {
        let (code, out, err) = parts(&run([name, "--lang", "en", "--help"]));
        assert_eq!(code, 0, "{name}: {err}");
        let vietnamese: String = out
            .chars()
            .filter(|c| c.is_alphabetic() && !c.is_ascii())
            .collect();
        assert!(
            vietnamese.is_empty(),
            "{name} --help: {vietnamese:?}\n{out}"
        );
        assert!(out.contains("Usage: huonguoc"), "{out}");
    }
    let (_, out, _) = parts(&run(["scan", "--help"]));
    assert!(
        out.contains("Tệp hoặc thư mục"),
        "Vietnamese first by default: {out}"
    );
}
