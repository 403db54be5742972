//! `huonguoc eval CLAUSES.tsv`: the engine against a list of single
//! clauses, each labelled discriminatory (`pos`) or a lawful look-alike
//! (`neg`).
//!
//! The columns are `id`, `label`, `categories` (ids separated by `|` or
//! `,`) and `text`; any others (`source`, `note`) are kept for people.
//! Each clause is screened as a document of its own, with no forced
//! accent mode and no covenant check: a clause list is not a covenant.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use huonguoc_screen::{ScreenOptions, Screener};
use serde::Serialize;

use crate::args::{EvalArgs, Format};

/// Whether `path` names a clause list rather than a corpus folder.
pub fn is_clause_list(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tsv")
}

/// One clause of the list.
#[derive(Debug, Clone)]
struct Clause {
    id: String,
    positive: bool,
    categories: Vec<String>,
    text: String,
}

/// What the engine did with one clause.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: String,
    pub label: &'static str,
    pub gold: Vec<String>,
    pub found: Vec<String>,
    pub text: String,
}

/// The evaluation of a clause list.
#[derive(Debug, Default, Serialize)]
pub struct ClauseEvaluation {
    pub clauses: usize,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub true_negatives: usize,
    pub precision: f64,
    pub recall: f64,
    /// Of the clauses found, the share with a finding in a gold category.
    pub category_agreement: f64,
    /// Recall by gold category (a clause counts for each of its categories).
    pub category_recall: BTreeMap<String, f64>,
    pub misses: Vec<Outcome>,
    pub false_alarms: Vec<Outcome>,
    pub wrong_category: Vec<Outcome>,
}

pub fn run(a: &EvalArgs, screener: &Screener) -> Result<u8> {
    let text = std::fs::read_to_string(&a.corpus)
        .with_context(|| format!("không đọc được {}", a.corpus.display()))?;
    let clauses = parse(&text).with_context(|| format!("{}", a.corpus.display()))?;
    let ev = evaluate(screener, &clauses);
    match a.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&ev)?),
        Format::Text => print!("{}", render(&ev)),
    }
    let failed = ev.precision + 1e-9 < a.min_precision
        || ev.recall + 1e-9 < a.min_recall
        || ev.category_agreement + 1e-9 < a.min_category_agreement;
    if failed && a.format == Format::Text {
        println!(
            "KHÔNG ĐẠT ngưỡng: độ chính xác ≥ {}, độ phủ ≥ {}, đúng nhóm ≥ {} (thresholds not met)",
            a.min_precision, a.min_recall, a.min_category_agreement
        );
    }
    Ok(u8::from(failed))
}

/// Reads the TSV. The header names the columns, so their order is free.
fn parse(text: &str) -> Result<Vec<Clause>> {
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else {
        bail!("tệp rỗng (empty file)");
    };
    let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
    let col = |name: &str| {
        cols.iter()
            .position(|c| *c == name)
            .with_context(|| format!("thiếu cột `{name}` (missing column)"))
    };
    let (id, label, cats, body) = (col("id")?, col("label")?, col("categories")?, col("text")?);
    let mut out = Vec::new();
    for (n, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(i).map_or("", |s| s.trim());
        let positive = match get(label) {
            "pos" => true,
            "neg" => false,
            other => bail!(
                "dòng {}: nhãn `{other}` phải là pos hoặc neg (bad label)",
                n + 1
            ),
        };
        let categories: Vec<String> = get(cats)
            .split(['|', ','])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if positive && categories.is_empty() {
            bail!(
                "dòng {}: điều khoản pos cần ít nhất một nhóm (pos needs a category)",
                n + 1
            );
        }
        out.push(Clause {
            id: get(id).to_owned(),
            positive,
            categories,
            text: unquote(get(body)),
        });
    }
    Ok(out)
}

/// A TSV cell written with spreadsheet quoting: `"…""…"""`.
fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_owned(),
    }
}

fn evaluate(screener: &Screener, clauses: &[Clause]) -> ClauseEvaluation {
    use rayon::prelude::*;
    let found: Vec<Vec<String>> = clauses
        .par_iter()
        .map(|c| {
            let mut cats: Vec<String> = screener
                .screen_with(&c.text, &ScreenOptions::default())
                .findings
                .into_iter()
                .map(|f| f.category.to_string())
                .collect();
            cats.sort();
            cats.dedup();
            cats
        })
        .collect();
    let mut ev = ClauseEvaluation {
        clauses: clauses.len(),
        ..Default::default()
    };
    let mut per_cat: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut agree = 0usize;
    for (c, cats) in clauses.iter().zip(found) {
        let outcome = Outcome {
            id: c.id.clone(),
            label: if c.positive { "pos" } else { "neg" },
            gold: c.categories.clone(),
            found: cats.clone(),
            text: c.text.clone(),
        };
        let flagged = !cats.is_empty();
        match (c.positive, flagged) {
            (true, true) => {
                ev.true_positives += 1;
                if cats.iter().any(|f| c.categories.contains(f)) {
                    agree += 1;
                } else {
                    ev.wrong_category.push(outcome);
                }
            }
            (true, false) => {
                ev.false_negatives += 1;
                ev.misses.push(outcome);
            }
            (false, true) => {
                ev.false_positives += 1;
                ev.false_alarms.push(outcome);
            }
            (false, false) => ev.true_negatives += 1,
        }
        for g in c.categories.iter().filter(|_| c.positive) {
            let e = per_cat.entry(g.clone()).or_default();
            e.1 += 1;
            e.0 += usize::from(flagged);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    ev.precision = ratio(ev.true_positives, ev.true_positives + ev.false_positives);
    ev.recall = ratio(ev.true_positives, ev.true_positives + ev.false_negatives);
    ev.category_agreement = ratio(agree, ev.true_positives);
    ev.category_recall = per_cat
        .into_iter()
        .map(|(k, (hit, all))| (k, ratio(hit, all)))
        .collect();
    ev
}

fn render(ev: &ClauseEvaluation) -> String {
    let mut o = String::new();
    let list = |o: &mut String, title: &str, items: &[Outcome]| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(o, "\n{title} ({}):", items.len());
        for i in items {
            let _ = writeln!(
                o,
                "  {} [{}] → [{}] {}",
                i.id,
                i.gold.join("|"),
                i.found.join("|"),
                i.text
            );
        }
    };
    list(&mut o, "Bỏ sót (misses)", &ev.misses);
    list(&mut o, "Báo nhầm (false alarms)", &ev.false_alarms);
    list(&mut o, "Sai nhóm (wrong category)", &ev.wrong_category);
    let _ = writeln!(
        o,
        "\n{} điều khoản: {} đúng, {} báo nhầm, {} bỏ sót, {} để yên đúng; độ chính xác {:.3}, độ phủ {:.3}, đúng nhóm {:.3}",
        ev.clauses,
        ev.true_positives,
        ev.false_positives,
        ev.false_negatives,
        ev.true_negatives,
        ev.precision,
        ev.recall,
        ev.category_agreement
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_and_labels_checked() {
        let t = "id\tlabel\tcategories\ttext\tnote\na1\tpos\tinheritance|property-land\t\"Con gái \"\"đi lấy chồng\"\"\"\tx\nb1\tneg\t\tNghiêm cấm tảo hôn.\t\n";
        let c = parse(t).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].categories, ["inheritance", "property-land"]);
        assert_eq!(c[0].text, "Con gái \"đi lấy chồng\"");
        assert!(!c[1].positive);
        assert!(parse("id\tlabel\tcategories\ttext\nx\tmaybe\t\tt\n").is_err());
        assert!(parse("id\tlabel\ttext\nx\tpos\tt\n").is_err());
    }
}
