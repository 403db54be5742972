//! `huonguoc test`: every example of every rule through the real engine,
//! accented and again without diacritics, plus the pack lint.

use std::fmt::Write as _;

use anyhow::Result;
use huonguoc_screen::{Rule, ScreenOptions, Screener, lint};
use huonguoc_text::{Mode, normalize, normalize_term};

use crate::args::TestArgs;

/// Exit code of a pack that does not load.
const EXIT_PACK: u8 = 2;

pub fn run(a: &TestArgs) -> Result<u8> {
    let screener = match crate::load_pack(&a.pack) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("huonguoc: lỗi: {e:#}");
            return Ok(EXIT_PACK);
        }
    };
    let mut passed = 0usize;
    let mut failed = 0usize;
    let mut out = String::new();
    for issue in lint::lint(screener.pack(), a.min_examples) {
        failed += 1;
        let _ = writeln!(
            out,
            "FAIL {}:{}: [{}] {}",
            issue.file, issue.line, issue.rule, issue.message
        );
    }
    for e in screener.pattern_errors() {
        failed += 1;
        let _ = writeln!(out, "FAIL {e}");
    }
    for rule in &screener.pack().rules {
        for (must_flag, examples) in [(true, &rule.examples.flag), (false, &rule.examples.pass)] {
            for example in examples {
                for mode in [Mode::Accented, Mode::Folded] {
                    match check(&screener, rule, example, must_flag, mode) {
                        None => passed += 1,
                        Some(report) => {
                            failed += 1;
                            out.push_str(&report);
                        }
                    }
                }
            }
        }
    }
    print!("{out}");
    println!("{passed} passed, {failed} failed");
    Ok(u8::from(failed > 0))
}

/// Runs one example; `None` when it behaves, a report otherwise.
fn check(
    screener: &Screener,
    rule: &Rule,
    example: &str,
    must_flag: bool,
    mode: Mode,
) -> Option<String> {
    let text = match mode {
        Mode::Accented => example.to_owned(),
        Mode::Folded => normalize(example, Mode::Folded).text,
    };
    let screening = screener.screen_with(
        &text,
        &ScreenOptions {
            mode: Some(mode),
            ..Default::default()
        },
    );
    let same_category: Vec<&str> = screening
        .findings
        .iter()
        .filter(|f| f.category == rule.category)
        .map(|f| f.rule.as_str())
        .collect();
    let flagged = !same_category.is_empty();
    if flagged == must_flag {
        return None;
    }
    let mut o = String::new();
    let label = if mode == Mode::Folded {
        "không dấu"
    } else {
        "có dấu"
    };
    let _ = writeln!(
        o,
        "FAIL {} ({}:{}) [{}] {:?}",
        rule.id, rule.file, rule.line, label, text
    );
    if must_flag {
        let _ = writeln!(
            o,
            "  mong đợi: bị bắt (nhóm {}); thực tế: không bị bắt",
            rule.category
        );
        let fired = screener.terms_in(&text, mode);
        for (name, groups) in [("có mặt", &rule.all), ("theo thứ tự", &rule.seq)] {
            for (i, g) in groups.iter().enumerate() {
                let terms = expand(screener, g, mode);
                let hit: Vec<&String> = terms.iter().filter(|t| fired.contains(t)).collect();
                let _ = writeln!(
                    o,
                    "  {name} {}: {}",
                    i + 1,
                    if hit.is_empty() {
                        "không từ nào khớp".to_owned()
                    } else {
                        format!(
                            "khớp {}",
                            hit.iter()
                                .map(|t| format!("`{t}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                );
            }
        }
        if !rule.patterns.is_empty() {
            let _ = writeln!(o, "  biểu thức: {}", rule.patterns.join(" | "));
        }
    } else {
        let _ = writeln!(
            o,
            "  mong đợi: không bị bắt; thực tế: bị bắt bởi {}",
            same_category.join(", ")
        );
    }
    Some(o)
}

fn expand(screener: &Screener, group: &[String], mode: Mode) -> Vec<String> {
    screener
        .pack()
        .expand(group)
        .map(|t| normalize_term(t, mode))
        .collect()
}
