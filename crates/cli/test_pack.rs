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
    let mut shadowed = 0usize;
    for rule in &screener.pack().rules {
        let mut reported_own = false;
        for (must_flag, examples) in [(true, &rule.examples.flag), (false, &rule.examples.pass)] {
            for example in examples {
                for mode in [Mode::Accented, Mode::Folded] {
                    let (outcome, report) = check(&screener, rule, example, must_flag, mode);
                    out.push_str(&report);
                    match outcome {
                        Outcome::Ok => {
                            passed += 1;
                            reported_own |= must_flag;
                        }
                        // Not a pass: the rule works, but what a reviewer
                        // sees is a sibling's finding.
                        Outcome::Shadowed(_) => shadowed += 1,
                        Outcome::Missed | Outcome::Flagged(_) => failed += 1,
                    }
                }
            }
        }
        for (ok, report) in check_rewrites(&screener, rule) {
            out.push_str(&report);
            if ok {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        if !reported_own && !rule.examples.flag.is_empty() {
            failed += 1;
            let _ = writeln!(
                out,
                "FAIL {} ({}:{}): quy tắc bị che hoàn toàn: không ví dụ nào được báo bằng chính quy tắc này (rule shadowed by its siblings on every example)",
                rule.id, rule.file, rule.line
            );
        }
    }
    print!("{out}");
    if shadowed > 0 {
        println!("{shadowed} ví dụ bị quy tắc khác che (shadowed), không tính là đạt");
    }
    println!("{passed} passed, {failed} failed");
    Ok(u8::from(failed > 0))
}

/// The rule's rewrite on its examples, accented and without diacritics:
/// each `rewrite` example must give its `to` exactly, and every clause the
/// rewrite changes (those and the `flag` examples) must then hold no
/// finding of the rule's category and none its original did not have.
fn check_rewrites(screener: &Screener, rule: &Rule) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let steps = rule
        .rewrite
        .as_ref()
        .is_some_and(|w| w.action == huonguoc_screen::RewriteAction::Rewrite);
    for ex in &rule.examples.rewrite {
        for mode in [Mode::Accented, Mode::Folded] {
            let from = in_mode(&ex.from, mode);
            let want = in_mode(&ex.to, mode);
            let mut report = String::new();
            // The rule itself must fire, even where a sibling is reported.
            let flagged = screener
                .screen_with(
                    &from,
                    &ScreenOptions {
                        keep_all: true,
                        ..Default::default()
                    },
                )
                .findings
                .iter()
                .any(|f| f.rule == rule.id);
            let got = screener.rewrite(&rule.id, &from);
            // Unaccented, the literal words keep their capitals while the
            // folded example has none: the matching forms must agree.
            let same = |g: &str| match mode {
                Mode::Accented => g == want,
                Mode::Folded => normalize(g, Mode::Folded).text == want,
            };
            let mut ok = flagged && got.as_deref().is_some_and(same);
            if !flagged {
                let _ = writeln!(
                    report,
                    "FAIL {} ({}:{}) [{}] rewrite.from {from:?}\n  mong đợi: bị bắt bởi chính quy tắc này",
                    rule.id,
                    rule.file,
                    rule.line,
                    label(mode)
                );
            } else if !ok {
                let _ = writeln!(
                    report,
                    "FAIL {} ({}:{}) [{}] rewrite {from:?}\n  mong đợi: {want:?}\n  thực tế:  {got:?}",
                    rule.id,
                    rule.file,
                    rule.line,
                    label(mode)
                );
            }
            if ok {
                if let Some(bad) = still_flagged(screener, rule, &from, &want) {
                    ok = false;
                    let _ = writeln!(
                        report,
                        "FAIL {} ({}:{}) [{}] rewrite.to {want:?}\n  bản sửa vẫn bị bắt: {bad}",
                        rule.id,
                        rule.file,
                        rule.line,
                        label(mode)
                    );
                }
            }
            out.push((ok, report));
        }
    }
    if !steps {
        return out;
    }
    for example in &rule.examples.flag {
        for mode in [Mode::Accented, Mode::Folded] {
            let from = in_mode(example, mode);
            let Some(got) = screener.rewrite(&rule.id, &from) else {
                continue;
            };
            if let Some(bad) = still_flagged(screener, rule, &from, &got) {
                let report = format!(
                    "FAIL {} ({}:{}) [{}] rewrite of flag example {from:?}\n  gives {got:?}\n  bản sửa vẫn bị bắt: {bad}\n",
                    rule.id,
                    rule.file,
                    rule.line,
                    label(mode)
                );
                out.push((false, report));
            }
        }
    }
    out
}

fn in_mode(text: &str, mode: Mode) -> String {
    match mode {
        Mode::Accented => text.to_owned(),
        Mode::Folded => normalize(text, Mode::Folded).text,
    }
}

fn label(mode: Mode) -> &'static str {
    if mode == Mode::Folded {
        "không dấu"
    } else {
        "có dấu"
    }
}

fn findings(screener: &Screener, text: &str) -> Vec<huonguoc_screen::Finding> {
    screener
        .screen_with(text, &ScreenOptions::default())
        .findings
}

/// What a rewritten clause is still flagged for: a rule of the original
/// rule's category, or a rule that did not fire on the original.
fn still_flagged(screener: &Screener, rule: &Rule, from: &str, to: &str) -> Option<String> {
    let before: Vec<String> = findings(screener, from)
        .into_iter()
        .map(|f| f.rule.to_string())
        .collect();
    let bad: Vec<String> = findings(screener, to)
        .into_iter()
        .filter(|f| f.category == rule.category || !before.iter().any(|b| *b == f.rule))
        .map(|f| f.rule.to_string())
        .collect();
    (!bad.is_empty()).then(|| bad.join(", "))
}

/// How one example behaved.
enum Outcome {
    Ok,
    /// A must-flag example its own rule does not find.
    Missed,
    /// Its own rule finds it, but a sibling's finding of the same category
    /// (or a specific rule, for the general analysis) is reported instead.
    Shadowed(Vec<String>),
    /// A must-pass example flagged by rules of its category.
    Flagged(Vec<String>),
}

/// Runs one example, as a one-sentence file with no forced mode: the
/// unaccented run relies on the engine's own accent detection.
fn outcome(screener: &Screener, rule: &Rule, text: &str, must_flag: bool) -> Outcome {
    let run = |keep_all| {
        screener
            .screen_with(
                text,
                &ScreenOptions {
                    keep_all,
                    ..Default::default()
                },
            )
            .findings
    };
    let reported = run(false);
    let same_category: Vec<String> = reported
        .iter()
        .filter(|f| f.category == rule.category)
        .map(|f| f.rule.to_string())
        .collect();
    if !must_flag {
        return if same_category.is_empty() {
            Outcome::Ok
        } else {
            Outcome::Flagged(same_category)
        };
    }
    if reported.iter().any(|f| f.rule == rule.id) {
        return Outcome::Ok;
    }
    if run(true).iter().any(|f| f.rule == rule.id) {
        let by: Vec<String> = reported.iter().map(|f| f.rule.to_string()).collect();
        return Outcome::Shadowed(by);
    }
    Outcome::Missed
}

/// Runs one example: how it behaved, and a report unless it passed.
fn check(
    screener: &Screener,
    rule: &Rule,
    example: &str,
    must_flag: bool,
    mode: Mode,
) -> (Outcome, String) {
    let text = match mode {
        Mode::Accented => example.to_owned(),
        Mode::Folded => normalize(example, Mode::Folded).text,
    };
    let outcome = outcome(screener, rule, &text, must_flag);
    let o = report(screener, rule, &text, mode, &outcome);
    (outcome, o)
}

fn report(screener: &Screener, rule: &Rule, text: &str, mode: Mode, outcome: &Outcome) -> String {
    let mut o = String::new();
    let label = if mode == Mode::Folded {
        "không dấu"
    } else {
        "có dấu"
    };
    let head = |o: &mut String, what: &str| {
        let _ = writeln!(
            o,
            "{what} {} ({}:{}) [{}] {:?}",
            rule.id, rule.file, rule.line, label, text
        );
    };
    match outcome {
        Outcome::Ok => {}
        Outcome::Shadowed(by) => {
            head(&mut o, "SHADOWED");
            let _ = writeln!(
                o,
                "  quy tắc tự bắt được nhưng bị che bởi (shadowed by): {}",
                by.join(", ")
            );
        }
        Outcome::Flagged(by) => {
            head(&mut o, "FAIL");
            let _ = writeln!(
                o,
                "  mong đợi: không bị bắt; thực tế: bị bắt bởi {}",
                by.join(", ")
            );
        }
        Outcome::Missed => {
            head(&mut o, "FAIL");
            let _ = writeln!(
                o,
                "  mong đợi: bị bắt bởi chính quy tắc này; thực tế: không bị bắt"
            );
            explain_miss(&mut o, screener, rule, text, mode);
        }
    }
    o
}

/// Which of a rule's term groups hit, for a must-flag example it missed.
fn explain_miss(o: &mut String, screener: &Screener, rule: &Rule, text: &str, mode: Mode) {
    let fired = screener.terms_in(text, mode);
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
    if rule.analysis.is_some() {
        let _ = writeln!(o, "  từ khóa có mặt: {}", fired.join(", "));
    }
}

fn expand(screener: &Screener, group: &[String], mode: Mode) -> Vec<String> {
    screener
        .pack()
        .expand(group)
        .map(|t| normalize_term(t, mode))
        .collect()
}
