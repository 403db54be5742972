//! SARIF 2.1.0, the format code-scanning services and editors read.
//!
//! Each rule of the pack is a `reportingDescriptor` with its Vietnamese
//! help text and legal basis; each finding a `result` with its line and
//! column and a `logicalLocation` holding the covenant citation
//! ("điểm b khoản 2 Điều 6"). Waived findings carry an accepted
//! suppression with the reviewer's reason.

use std::collections::HashMap;
use std::io::Write;

use anyhow::Result;
use huonguoc_batch::{Report, Status};
use huonguoc_screen::{Lang, Rule, RulePack, Severity};
use serde_json::{Value, json};

/// The schema address written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the report as one SARIF log with one run.
pub fn write(out: &mut dyn Write, report: &Report, pack: &RulePack, lang: Lang) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report, pack, lang))?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Builds the SARIF log.
pub fn log(report: &Report, pack: &RulePack, lang: Lang) -> Value {
    let index: HashMap<&str, usize> = pack
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let rules: Vec<Value> = pack.rules.iter().map(|r| rule(r, pack, lang)).collect();
    let mut results = Vec::new();
    for file in &report.files {
        for f in &file.findings {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": format!("{}: {}", f.location, f.message) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&file.path) },
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "snippet": { "text": f.excerpt },
                        },
                    },
                    "logicalLocations": [{
                        "name": f.location,
                        "fullyQualifiedName": format!("{} › {}", file.path, f.location),
                        "kind": "section",
                    }],
                }],
                "partialFingerprints": { "huonguoc/clause/v1": f.fingerprint },
                "properties": {
                    "category": f.category,
                    "legal": f.legal,
                    "suggestion": f.suggestion,
                    "matched": f.matched,
                    "commune": file.commune,
                    "district": file.district,
                },
            });
            if let Some(&i) = index.get(f.rule.as_str()) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(w) = &f.waiver {
                result["suppressions"] = json!([{
                    "kind": "external",
                    "status": if f.is_waived() { "accepted" } else { "underReview" },
                    "justification": format!("{} — {} ({})", w.reason, w.reviewer, w.date),
                }]);
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = report
        .files
        .iter()
        .filter(|f| f.error.is_some() || f.status == Status::NotCovenant)
        .map(|f| {
            let (level, text) = match (&f.error, &f.not_covenant) {
                (Some(e), _) => ("error", e.clone()),
                (None, Some(n)) => {
                    let t = crate::i18n::labels(lang);
                    let why = t.bilingual(&n.message);
                    ("note", format!("{}: {why}", t.html.status_not_covenant))
                }
                (None, None) => ("note", String::new()),
            };
            json!({
                "level": level,
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": uri(&f.path) } },
                }],
            })
        })
        .collect();
    let mut properties = json!({ "summary": report.summary, "measured": report.measured });
    if !report.groups.is_empty() {
        properties["groups"] = json!(report.groups);
    }
    if !report.waivers.is_empty() {
        properties["waivers"] = json!(report.waivers);
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "huonguoc",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "language": match lang { Lang::Vi => "vi", Lang::En => "en" },
                    "rules": rules,
                },
            },
            "invocations": [{
                "executionSuccessful": !notifications.iter().any(|n| n["level"] == "error"),
                "toolExecutionNotifications": notifications,
            }],
            // Our columns count characters, not UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": properties,
        }],
    })
}

fn rule(r: &Rule, pack: &RulePack, lang: Lang) -> Value {
    let pick = |vi: &str, en: &str| -> String {
        match lang {
            Lang::En if !en.is_empty() => en.to_owned(),
            _ => vi.to_owned(),
        }
    };
    let title = pick(&r.title, &r.title_en);
    let message = pick(&r.message, &r.message_en);
    let suggestion = pick(&r.suggestion, &r.suggestion_en);
    let legal = r.legal.join("; ");
    let (legal_label, fix_label) = labels_of(lang);
    let help = format!("{message}\n{legal_label}: {legal}\n{fix_label}: {suggestion}");
    let help_md =
        format!("{message}\n\n**{legal_label}:** {legal}\n\n**{fix_label}:** {suggestion}");
    let category = pack
        .category(&r.category)
        .map_or(r.category.clone(), |c| pick(&c.title, &c.title_en));
    json!({
        "id": r.id,
        "name": r.id.replace(['.', '-'], "_"),
        "shortDescription": { "text": title },
        "fullDescription": { "text": message },
        "help": { "text": help, "markdown": help_md },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "category": r.category,
            "categoryTitle": category,
            "legal": r.legal,
            "suggestion": suggestion,
            "tags": ["gender", r.category],
        },
    })
}

/// "Căn cứ pháp lý" and "Đề nghị sửa", capitalised, in `lang`.
fn labels_of(lang: Lang) -> (String, String) {
    let t = crate::i18n::labels(lang);
    let cap = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    };
    (cap(t.legal), cap(t.suggestion))
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path, percent-encoding all but the
/// unreserved characters and `/`, so that Vietnamese names and spaces are
/// valid in the `uri` field. Absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let mut s = String::new();
    if path.starts_with('/') {
        s.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}
