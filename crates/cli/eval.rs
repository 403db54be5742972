//! `huonguoc eval`: findings against the gold annotations of a corpus.
//!
//! A finding matches a gold entry when its category and citation agree.
//! Location accuracy is measured apart from that: of the gold clauses the
//! engine found on the right line, how many it cited at the right address.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use huonguoc_screen::Finding;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::args::{EvalArgs, Format};
use crate::input::{self, Entry};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Gold {
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    #[serde(default)]
    compliant: Option<bool>,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    clean: Vec<Clean>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    location: String,
    category: String,
    #[serde(default)]
    severity: Option<String>,
    quote: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Clean {
    location: String,
    quote: String,
    #[serde(default)]
    #[allow(dead_code)]
    why: String,
}

/// Counts for one category or the whole corpus.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: f64,
    pub recall: f64,
}

impl Counts {
    fn finish(&mut self) {
        let tp = self.true_positives as f64;
        let found = (self.true_positives + self.false_positives) as f64;
        let expected = (self.true_positives + self.false_negatives) as f64;
        self.precision = if found == 0.0 { 1.0 } else { tp / found };
        self.recall = if expected == 0.0 { 1.0 } else { tp / expected };
    }
}

/// One miss or false alarm.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub file: String,
    pub location: String,
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub text: String,
}

/// The evaluation of a corpus.
#[derive(Debug, Default, Serialize)]
pub struct Evaluation {
    pub covenants: usize,
    pub overall: Counts,
    pub categories: BTreeMap<String, Counts>,
    /// Gold clauses found on the right line, and of those cited right.
    pub located: usize,
    pub located_right: usize,
    pub location_accuracy: f64,
    pub misses: Vec<Item>,
    pub false_alarms: Vec<Item>,
    /// Look-alikes from `[[clean]]` that were flagged.
    pub clean_flagged: Vec<Item>,
    /// Covenants whose compliance differs from the gold file's.
    pub compliance_mismatches: Vec<String>,
    /// Gold clauses found at another severity than the gold's.
    pub severity_mismatches: Vec<Item>,
    /// Gold quotes that are not in the covenant text.
    pub bad_quotes: Vec<Item>,
    /// Files that could not be screened.
    pub errors: Vec<String>,
}

pub fn run(a: &EvalArgs) -> Result<u8> {
    let screener = crate::load_pack(&a.pack)?;
    if crate::eval_clauses::is_clause_list(&a.corpus) {
        return crate::eval_clauses::run(a, &screener);
    }
    let pairs = gold_pairs(&a.corpus)?;
    anyhow::ensure!(
        !pairs.is_empty(),
        "không có tệp .gold.toml nào trong {} (no gold files)",
        a.corpus.display()
    );
    // The gold corpus is covenants by definition: no classification.
    let options = huonguoc_batch::Options {
        all_files: true,
        ..Default::default()
    };
    let scanned: Vec<_> = pairs
        .par_iter()
        .map(|(doc, _)| huonguoc_batch::screen_path(&screener, doc, &options))
        .collect();
    let mut ev = Evaluation {
        covenants: pairs.len(),
        ..Evaluation::default()
    };
    for ((doc, gold_path), s) in pairs.iter().zip(&scanned) {
        let gold_text = std::fs::read_to_string(gold_path)
            .with_context(|| format!("không đọc được {}", gold_path.display()))?;
        let gold: Gold = toml::from_str(&gold_text)
            .with_context(|| format!("tệp chú giải {} không hợp lệ", gold_path.display()))?;
        match s {
            Ok(s) => compare(
                &mut ev,
                &crate::scan::display(doc),
                &s.findings,
                &s.document.text,
                &gold,
            ),
            Err(e) => ev.errors.push(e.to_string()),
        }
    }
    for c in ev.categories.values_mut() {
        c.finish();
    }
    ev.overall.finish();
    ev.location_accuracy = if ev.located == 0 {
        1.0
    } else {
        ev.located_right as f64 / ev.located as f64
    };

    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&ev)?),
        Format::Text => print!("{}", render(&ev)),
    }
    let low_category = ev
        .categories
        .values()
        .any(|c| c.recall + 1e-9 < a.min_category_recall);
    let failed = ev.overall.precision + 1e-9 < a.min_precision
        || ev.overall.recall + 1e-9 < a.min_recall
        || low_category
        || !ev.errors.is_empty()
        || !ev.bad_quotes.is_empty();
    if failed && a.format == Format::Text {
        println!(
            "KHÔNG ĐẠT ngưỡng: độ chính xác ≥ {}, độ phủ ≥ {}, độ phủ mỗi nhóm ≥ {} (thresholds not met)",
            a.min_precision, a.min_recall, a.min_category_recall
        );
    }
    Ok(u8::from(failed))
}

/// Covenant files with a gold file beside them: `x.gold.toml` for `x.txt`.
fn gold_pairs(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let walk = input::walk(&[dir.to_path_buf()]);
    let mut out = Vec::new();
    for e in &walk.entries {
        if let Entry::File(doc) = e {
            let stem = doc.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let gold = doc.with_file_name(format!("{stem}.gold.toml"));
            if gold.is_file() {
                out.push((doc.clone(), gold));
            }
        }
    }
    Ok(out)
}

fn compare(ev: &mut Evaluation, path: &str, findings: &[Finding], text: &str, gold: &Gold) {
    let file = path.to_owned();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let found: BTreeMap<(String, String), &Finding> = findings
        .iter()
        .rev()
        .map(|f| ((f.location.clone(), f.category.to_string()), f))
        .collect();
    let expected: BTreeSet<(String, String)> = gold
        .expect
        .iter()
        .map(|e| (e.location.clone(), e.category.clone()))
        .collect();
    for e in &gold.expect {
        let key = (e.location.clone(), e.category.clone());
        let counts = ev.categories.entry(e.category.clone()).or_default();
        let item = Item {
            file: file.clone(),
            location: e.location.clone(),
            category: e.category.clone(),
            rule: None,
            text: e.quote.clone(),
        };
        let severity_ok =
            |f: &Finding| e.severity.as_deref().is_none_or(|s| f.severity.name() == s);
        if found.get(&key).is_some_and(|f| severity_ok(f)) {
            counts.true_positives += 1;
            ev.overall.true_positives += 1;
        } else if let Some(f) = found.get(&key) {
            // Found at the wrong level: a warning where the gold says error
            // would let a discriminatory covenant count as compliant.
            counts.false_negatives += 1;
            ev.overall.false_negatives += 1;
            ev.severity_mismatches.push(Item {
                rule: Some(format!("{} ({})", f.rule, f.severity.name())),
                ..item.clone()
            });
        } else {
            counts.false_negatives += 1;
            ev.overall.false_negatives += 1;
            ev.misses.push(item.clone());
        }
        match text.find(&e.quote) {
            None => ev.bad_quotes.push(item),
            Some(q) => {
                let (first, last) = (line_of(q), line_of(q + e.quote.len()));
                let on_line: Vec<&Finding> = findings
                    .iter()
                    .filter(|f| f.category == e.category && (first..=last).contains(&f.line))
                    .collect();
                if !on_line.is_empty() {
                    ev.located += 1;
                    if on_line.iter().any(|f| f.location == e.location) {
                        ev.located_right += 1;
                    }
                }
            }
        }
    }
    for ((location, category), f) in &found {
        if expected.contains(&(location.clone(), category.clone())) {
            continue;
        }
        let counts = ev.categories.entry(category.clone()).or_default();
        counts.false_positives += 1;
        ev.overall.false_positives += 1;
        ev.false_alarms.push(Item {
            file: file.clone(),
            location: location.clone(),
            category: category.clone(),
            rule: Some(f.rule.to_string()),
            text: f.excerpt.clone(),
        });
    }
    for c in &gold.clean {
        let Some(q) = text.find(&c.quote) else {
            ev.bad_quotes.push(Item {
                file: file.clone(),
                location: c.location.clone(),
                category: String::new(),
                rule: None,
                text: c.quote.clone(),
            });
            continue;
        };
        let range = q..q + c.quote.len();
        for f in findings
            .iter()
            .filter(|f| f.start < range.end && range.start < f.end)
        {
            if !expected.contains(&(f.location.clone(), f.category.to_string())) {
                ev.clean_flagged.push(Item {
                    file: file.clone(),
                    location: c.location.clone(),
                    category: f.category.to_string(),
                    rule: Some(f.rule.to_string()),
                    text: c.quote.clone(),
                });
            }
        }
    }
    // Compliant as the engine sees it: no error-level finding (there are
    // no waivers in a gold corpus).
    let found_compliant = !findings
        .iter()
        .any(|f| f.severity == huonguoc_screen::Severity::Error);
    if let Some(compliant) = gold.compliant {
        if compliant != found_compliant {
            ev.compliance_mismatches.push(format!(
                "{file}: chú giải {} nhưng kết quả {}",
                if compliant {
                    "tuân thủ"
                } else {
                    "không tuân thủ"
                },
                if found_compliant {
                    "tuân thủ"
                } else {
                    "không tuân thủ"
                }
            ));
        }
    }
}

fn render(ev: &Evaluation) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{:<24} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "nhóm", "TP", "FP", "FN", "chính xác", "độ phủ"
    );
    for (cat, c) in &ev.categories {
        let _ = writeln!(
            o,
            "{:<24} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
            cat, c.true_positives, c.false_positives, c.false_negatives, c.precision, c.recall
        );
    }
    let c = &ev.overall;
    let _ = writeln!(
        o,
        "{:<24} {:>4} {:>4} {:>4} {:>9.3} {:>7.3}",
        "TỔNG (overall)",
        c.true_positives,
        c.false_positives,
        c.false_negatives,
        c.precision,
        c.recall
    );
    let _ = writeln!(
        o,
        "\n{} văn bản; độ chính xác {:.3}, độ phủ {:.3}; vị trí đúng {}/{} ({:.3})",
        ev.covenants, c.precision, c.recall, ev.located_right, ev.located, ev.location_accuracy
    );
    let list = |o: &mut String, title: &str, items: &[Item]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(o, "\n{title} ({}):", items.len());
        for i in items {
            let _ = writeln!(
                o,
                "  {} — {} [{}{}] {}",
                i.file,
                i.location,
                i.category,
                i.rule
                    .as_deref()
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default(),
                i.text
            );
        }
    };
    list(&mut o, "Bỏ sót (misses)", &ev.misses);
    list(&mut o, "Báo nhầm (false alarms)", &ev.false_alarms);
    list(
        &mut o,
        "Sai mức độ so với chú giải (severity differs from the gold)",
        &ev.severity_mismatches,
    );
    list(
        &mut o,
        "Câu tương tự bị bắt nhầm (flagged look-alikes)",
        &ev.clean_flagged,
    );
    list(
        &mut o,
        "Trích dẫn chú giải không có trong văn bản (bad gold quotes)",
        &ev.bad_quotes,
    );
    for m in &ev.compliance_mismatches {
        let _ = writeln!(o, "  tuân thủ khác chú giải: {m}");
    }
    for e in &ev.errors {
        let _ = writeln!(o, "  lỗi: {e}");
    }
    o
}
