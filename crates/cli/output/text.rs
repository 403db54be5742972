//! Diagnostics for people, in the way rustc and ruff print them.

use std::fmt::Write as _;

use huonguoc_screen::{Finding, Severity, Status, Summary};

use crate::scan::Scanned;

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, sev.label_vi())
    }
}

/// Renders the findings of one file.
pub fn file(out: &mut String, scanned: &Scanned, style: Style) {
    let r = &scanned.report;
    if r.status == Status::Error {
        let _ = writeln!(
            out,
            "{}: {}: {}",
            r.path,
            style.paint("1;31", "lỗi đọc tệp"),
            r.error.as_deref().unwrap_or("")
        );
        return;
    }
    for w in &r.warnings {
        let _ = writeln!(out, "{}: {}: {w}", r.path, style.paint("1;33", "cảnh báo"));
    }
    let Some(text) = &scanned.text else { return };
    for f in &r.findings {
        finding(out, &r.path, text, f, style);
    }
}

/// Renders one finding with the clause's line and the matched words marked.
pub fn finding(out: &mut String, path: &str, text: &str, f: &Finding, style: Style) {
    let _ = writeln!(
        out,
        "{path}:{}:{}: {}[{}] {}: {}",
        f.line,
        f.column,
        style.severity(f.severity),
        f.rule,
        style.paint("1", &f.location),
        f.title
    );
    let line_start = text[..f.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[f.start.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| f.start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let num = f.line.to_string();
    let pad = " ".repeat(num.len());
    let mark_end = f.end.min(line_start + line.len()).max(f.start);
    let (before, rest) = line.split_at((f.start - line_start).min(line.len()));
    let (marked, after) = rest.split_at((mark_end - f.start).min(rest.len()));
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(
        out,
        "{num} | {}{}{}",
        tabs(before),
        style.paint("1;4;31", &tabs(marked)),
        tabs(after)
    );
    if !style.color {
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(tabs(before).chars().count()),
            "^".repeat(tabs(marked).chars().count().max(1))
        );
    }
    let _ = writeln!(out, "{pad} = {}", f.message);
    if !f.legal.is_empty() {
        let _ = writeln!(out, "{pad} = căn cứ pháp lý: {}", f.legal.join("; "));
    }
    let _ = writeln!(out, "{pad} = đề nghị sửa: {}", f.suggestion);
    if let Some(w) = &f.waiver {
        let _ = writeln!(
            out,
            "{pad} = {}: {} — {}, {}",
            style.paint("1;32", "đã miễn trừ (waived)"),
            w.reason,
            w.reviewer,
            w.date
        );
    }
    out.push('\n');
}

/// One group's line under the summary.
pub fn group_line(g: &huonguoc_screen::Group) -> String {
    let mut line = format!(
        "  {}: {}/{} đạt ({}%)",
        crate::group::label(g),
        g.compliant,
        g.screened,
        format_pct(g.compliance_rate * 100.0)
    );
    for t in &g.targets {
        let _ = write!(
            line,
            "; {}: {}",
            t.year,
            if t.met { "đạt" } else { "chưa đạt" }
        );
    }
    line
}

fn tabs(s: &str) -> String {
    s.replace('\t', "    ")
}

/// The summary line against the 2025 and 2030 targets, with the count of
/// findings at each severity.
pub fn summary(s: &Summary, files: &[huonguoc_screen::FileReport]) -> String {
    let pct = s.compliance_rate * 100.0;
    let mut line = format!(
        "{} văn bản đã rà soát, {} không có nội dung phân biệt đối xử về giới ({}%)",
        s.screened,
        s.compliant,
        format_pct(pct)
    );
    for t in &s.targets {
        let _ = write!(
            line,
            "; mục tiêu {}: {}% — {}",
            t.year,
            format_pct(t.rate * 100.0),
            if t.met { "đạt" } else { "chưa đạt" }
        );
    }
    if s.errors > 0 {
        let _ = write!(line, "; {} tệp không rà soát được", s.errors);
    }
    let count = |sev: Severity| {
        files
            .iter()
            .flat_map(|f| &f.findings)
            .filter(|f| f.severity == sev && !f.is_waived())
            .count()
    };
    let _ = write!(
        line,
        "\nphát hiện: {} lỗi, {} cảnh báo, {} lưu ý",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    // Waived findings were accepted by a reviewer: counted apart.
    let waived = files
        .iter()
        .flat_map(|f| &f.findings)
        .filter(|f| f.is_waived())
        .count();
    if waived > 0 {
        let _ = write!(line, "; {waived} đã miễn trừ (waived)");
    }
    line
}

fn format_pct(p: f64) -> String {
    let s = format!("{p:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}
