//! CSV for spreadsheets: UTF-8 with a BOM so that Excel shows Vietnamese,
//! and cells that a spreadsheet would run as formulas defused.

use std::io::Write;

use anyhow::Result;
use huonguoc_batch::{FileReport, Report};

/// The columns of the findings table.
pub const FINDING_HEADER: [&str; 14] = [
    "file",
    "commune",
    "district",
    "location",
    "line",
    "severity",
    "category",
    "rule",
    "excerpt",
    "message",
    "legal basis",
    "suggestion",
    "waived",
    "waiver reason",
];

/// The columns of `--csv-summary`.
pub const SUMMARY_HEADER: [&str; 11] = [
    "file",
    "commune",
    "district",
    "adopted",
    "status",
    "verdict",
    "reason",
    "errors",
    "warnings",
    "compliant",
    "waived",
];

/// The columns of the group table written after the main one.
pub const GROUP_HEADER: [&str; 9] = [
    "group",
    "name",
    "district",
    "covenants",
    "screened",
    "compliant",
    "rate",
    "target 2025",
    "target 2030",
];

/// The byte-order mark and the header of the main table: one row per
/// finding, or per covenant with `summary`. With groups, a blank row and a
/// second table of one row per group follow (see [`tail`]).
pub fn head(out: &mut dyn Write, summary: bool) -> Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().from_writer(&mut *out);
    if summary {
        w.write_record(SUMMARY_HEADER)?;
    } else {
        w.write_record(FINDING_HEADER)?;
    }
    w.flush()?;
    Ok(())
}

/// One file's rows of the main table.
pub fn file(file: &FileReport, summary: bool) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    if summary {
        w.write_record(summary_row(file).iter().map(|c| defuse(c)))?;
    }
    for f in file.findings.iter().filter(|_| !summary) {
        let row = [
            file.path.clone(),
            opt(&file.commune),
            opt(&file.district),
            f.location.clone(),
            f.line.to_string(),
            f.severity.name().to_owned(),
            f.category.to_string(),
            f.rule.to_string(),
            f.excerpt.clone(),
            f.message.to_string(),
            f.legal.join("; "),
            f.suggestion.to_string(),
            if f.is_pending_review() {
                "pending review".to_owned()
            } else {
                yes_no(f.is_waived()).to_owned()
            },
            f.waiver.as_ref().map_or(String::new(), |w| {
                format!("{} ({}, {})", w.reason, w.reviewer, w.date)
            }),
        ];
        w.write_record(row.iter().map(|c| defuse(c)))?;
    }
    Ok(w.into_inner().map_err(|e| e.into_error())?)
}

/// The group table, when there are groups, and the measurement table.
pub fn tail(out: &mut dyn Write, report: &Report) -> Result<()> {
    if !report.groups.is_empty() {
        // A blank line between the tables (a csv writer would write `""`),
        // then a table with its own header.
        out.write_all(b"\n")?;
        let mut w = csv::WriterBuilder::new().from_writer(&mut *out);
        w.write_record(GROUP_HEADER)?;
        for g in &report.groups {
            let met = |year| {
                g.targets
                    .iter()
                    .find(|t| t.year == year)
                    .map_or("", |t| if t.met { "đạt" } else { "chưa đạt" })
            };
            let row = [
                g.by.clone(),
                g.name.clone(),
                g.district.clone().unwrap_or_default(),
                g.covenants.to_string(),
                g.screened.to_string(),
                g.compliant.to_string(),
                format!("{:.1}%", g.compliance_rate * 100.0),
                met(2025).to_owned(),
                met(2030).to_owned(),
            ];
            w.write_record(row.iter().map(|c| defuse(c)))?;
        }
        w.flush()?;
    }
    measurement(out, report)
}

/// The columns of the measurement table that ends every CSV.
pub const MEASURED_HEADER: [&str; 13] = [
    "date",
    "tool version",
    "rule pack",
    "covenants",
    "screened",
    "not verified",
    "pending review",
    "waived findings",
    "not a covenant",
    "compliant",
    "rate",
    "target 2025",
    "target 2030",
];

/// What was measured and the batch's counts, after a blank line: a
/// spreadsheet of the figure must say how it was made.
fn measurement(out: &mut dyn Write, report: &Report) -> Result<()> {
    out.write_all(b"\n")?;
    let (m, s) = (&report.measured, &report.summary);
    let met = |year| {
        s.targets
            .iter()
            .find(|t| t.year == year)
            .map_or("", |t| if t.met { "đạt" } else { "chưa đạt" })
    };
    let mut w = csv::WriterBuilder::new().from_writer(&mut *out);
    w.write_record(MEASURED_HEADER)?;
    let row = [
        m.date.clone(),
        m.tool_version.clone(),
        m.rule_pack.clone(),
        s.covenants.to_string(),
        s.screened.to_string(),
        s.not_verified.to_string(),
        s.pending_review.to_string(),
        s.waived.to_string(),
        s.not_covenant.to_string(),
        s.compliant.to_string(),
        format!("{:.1}%", s.compliance_rate * 100.0),
        met(2025).to_owned(),
        met(2030).to_owned(),
    ];
    w.write_record(row.iter().map(|c| defuse(c)))?;
    w.flush()?;
    Ok(())
}

fn summary_row(f: &FileReport) -> [String; 11] {
    let count = |sev| {
        f.findings
            .iter()
            .filter(|x| x.severity == sev && !x.is_waived())
            .count()
            .to_string()
    };
    [
        f.path.clone(),
        opt(&f.commune),
        opt(&f.district),
        opt(&f.adopted),
        name(&f.status),
        name(&f.verdict),
        f.error
            .clone()
            .or_else(|| f.not_covenant.as_ref().map(|n| n.message.clone()))
            .or_else(|| f.low_quality.clone())
            .unwrap_or_default(),
        count(huonguoc_screen::Severity::Error),
        count(huonguoc_screen::Severity::Warning),
        yes_no(f.is_compliant()).to_owned(),
        f.findings
            .iter()
            .filter(|x| x.is_waived())
            .count()
            .to_string(),
    ]
}

/// The snake_case name serde gives a status or verdict, as in JSON.
fn name(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Prefixes a quote to a cell that a spreadsheet would read as a formula
/// (OWASP's advice for CSV injection). Leading whitespace or control
/// characters do not hide the sign: spreadsheets skip them too.
pub fn defuse(cell: &str) -> String {
    let first = cell
        .trim_start_matches(|c: char| c.is_whitespace() && c != '\t' && c != '\r')
        .chars()
        .next();
    let risky = matches!(first, Some('=' | '+' | '-' | '@'))
        || cell.starts_with('\t')
        || cell.starts_with('\r');
    if risky {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=1+1"), "'=1+1");
        assert_eq!(defuse("+84 912"), "'+84 912");
        assert_eq!(defuse("-2"), "'-2");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("  =cmd"), "'  =cmd");
        assert_eq!(defuse("\t=cmd"), "'\t=cmd");
        assert_eq!(defuse("Điều 6"), "Điều 6");
        assert_eq!(defuse(""), "");
    }
}
