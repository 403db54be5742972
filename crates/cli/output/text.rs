//! Diagnostics for people, in the way rustc and ruff print them.

use std::fmt::Write as _;

use huonguoc_batch::{
    FileReport, Group, Report, ReportedFinding, Standing, Status, Summary, Target,
};
use huonguoc_screen::{Lang, Severity};

use crate::escape::{controls as esc, controls_but_tabs};

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

/// Renders one file: why it was not read or not taken for a covenant,
/// its warnings, and its findings.
pub fn file(out: &mut String, r: &FileReport, style: Style) {
    let path = esc(&r.path);
    match r.status {
        Status::NotVerified | Status::Missing if r.error.is_some() => {
            let _ = writeln!(
                out,
                "{path}: {}: {}",
                style.paint("1;31", "lỗi đọc tệp"),
                esc(r.error.as_deref().unwrap_or(""))
            );
            return;
        }
        Status::NotCovenant => {
            let _ = writeln!(
                out,
                "{path}: {}: {}",
                style.paint(
                    "1;33",
                    "không phải hương ước, không tính vào tỷ lệ (not a covenant)"
                ),
                esc(r.not_covenant.as_ref().map_or("", |n| n.message.as_str()))
            );
            return;
        }
        _ => {}
    }
    for w in &r.warnings {
        let _ = writeln!(
            out,
            "{path}: {}: {}",
            style.paint("1;33", "cảnh báo"),
            esc(w)
        );
    }
    for f in &r.findings {
        finding(out, &path, f, style);
    }
}

/// Renders one finding with the clause's line and the matched words marked.
/// `path` is already escaped; every other text is escaped here, as it
/// comes from the covenant, the rule pack or the config.
pub fn finding(out: &mut String, path: &str, f: &ReportedFinding, style: Style) {
    let _ = writeln!(
        out,
        "{path}:{}:{}: {}[{}] {}: {}",
        f.line,
        f.column,
        style.severity(f.severity),
        esc(&f.rule),
        style.paint("1", &esc(&f.location)),
        esc(&f.title)
    );
    let source = f.source_line.clone().unwrap_or_default();
    let line = source.text.as_str();
    let (from, to) = source.mark;
    let num = f.line.to_string();
    let pad = " ".repeat(num.len());
    let (before, rest) = line.split_at(from);
    let (marked, after) = rest.split_at(to - from);
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
    let _ = writeln!(out, "{pad} = {}", esc(&f.message));
    if !f.legal.is_empty() {
        let _ = writeln!(out, "{pad} = căn cứ pháp lý: {}", esc(&f.legal.join("; ")));
    }
    let _ = writeln!(out, "{pad} = đề nghị sửa: {}", esc(&f.suggestion));
    if let Some(w) = &f.waiver {
        let label = if f.is_waived() {
            style.paint("1;32", "đã miễn trừ (waived)")
        } else {
            style.paint(
                "1;33",
                "miễn trừ chờ xem xét, vẫn tính (waiver pending review)",
            )
        };
        let _ = writeln!(
            out,
            "{pad} = {label}: {} — {}, {}",
            esc(&w.reason),
            esc(&w.reviewer),
            esc(&w.date)
        );
    }
    out.push('\n');
}

/// One group's line under the summary.
pub fn group_line(g: &Group) -> String {
    let mut line = format!(
        "  {}: {}/{} đạt ({}%)",
        esc(&g.label()),
        g.compliant,
        g.covenants,
        format_pct(g.compliance_rate * 100.0)
    );
    if g.not_verified > 0 {
        let _ = write!(line, ", {} chưa xác minh", g.not_verified);
    }
    if g.pending_review > 0 {
        let _ = write!(line, ", {} chờ xem xét", g.pending_review);
    }
    for t in &g.targets {
        let _ = write!(line, "; {}: {}", t.year, met(t, Lang::Vi));
    }
    line
}

fn met(t: &Target, lang: Lang) -> &'static str {
    match (t.met, lang) {
        (true, Lang::En) => "met",
        (false, Lang::En) => "not met",
        (true, _) => "đạt",
        (false, _) => "chưa đạt",
    }
}

/// A piece of the source line, as printed: tabs expanded, control
/// characters shown.
fn tabs(s: &str) -> String {
    controls_but_tabs(s).replace('\t', "    ")
}

/// The summary: the rate over every covenant given, the targets, what
/// was not verified and why, the findings, and what was measured with.
pub fn summary(report: &Report, lang: Lang) -> String {
    let s = &report.summary;
    let en = lang == Lang::En;
    let mut out = if en {
        format!(
            "{} covenants, {} free of gender discrimination ({}%)",
            s.covenants,
            s.compliant,
            format_pct(s.compliance_rate * 100.0)
        )
    } else {
        format!(
            "{} hương ước, quy ước, {} không có nội dung phân biệt đối xử về giới ({}%)",
            s.covenants,
            s.compliant,
            format_pct(s.compliance_rate * 100.0)
        )
    };
    for t in &s.targets {
        let target = if en { "target" } else { "mục tiêu" };
        let _ = write!(
            out,
            "; {target} {}: {}% — {}",
            t.year,
            format_pct(t.rate * 100.0),
            met(t, lang)
        );
        if t.covenants != s.covenants {
            let _ = if en {
                write!(out, " (over {} adopted by {})", t.covenants, t.year)
            } else {
                write!(
                    out,
                    " (trên {} văn bản thông qua đến {})",
                    t.covenants, t.year
                )
            };
        }
    }
    out.push('\n');
    out.push_str(&counts(s, en));
    out.push('\n');
    out.push_str(&findings(report, en));
    for y in &s.by_adoption_year {
        let _ = if en {
            write!(
                out,
                "\n  adopted {}: {}/{} ({}%)",
                y.year,
                y.compliant,
                y.covenants,
                format_pct(y.compliance_rate * 100.0)
            )
        } else {
            write!(
                out,
                "\n  thông qua năm {}: {}/{} đạt ({}%)",
                y.year,
                y.compliant,
                y.covenants,
                format_pct(y.compliance_rate * 100.0)
            )
        };
    }
    let m = &report.measured;
    let (on, pack) = if en {
        ("measured", "rule pack")
    } else {
        ("đo ngày", "bộ quy tắc")
    };
    let _ = write!(
        out,
        "\n{on} {} · huonguoc {} · {pack} {}{}",
        m.date,
        m.tool_version,
        m.rule_pack,
        if m.all_files { " · --all-files" } else { "" }
    );
    out
}

/// What the rate is made of: screened, not verified and why, pending
/// review, waived, and files left out.
fn counts(s: &Summary, en: bool) -> String {
    let u = &s.unverified;
    let mut why = Vec::new();
    for (n, vi, e) in [
        (u.unreadable, "không đọc được", "unreadable"),
        (u.low_quality, "chất lượng văn bản thấp", "low text quality"),
        (u.missing, "thiếu tệp", "missing"),
    ] {
        if n > 0 {
            why.push(format!("{n} {}", if en { e } else { vi }));
        }
    }
    let why = if why.is_empty() {
        String::new()
    } else {
        format!(" ({})", why.join(", "))
    };
    if en {
        format!(
            "screened {}, not verified {}{why}, pending review {}, waived findings {}, not a covenant {}",
            s.screened, s.not_verified, s.pending_review, s.waived, s.not_covenant
        )
    } else {
        format!(
            "đã rà soát {}, chưa xác minh được {}{why}, chờ xem xét miễn trừ {}, phát hiện đã miễn trừ {}, không phải hương ước {}",
            s.screened, s.not_verified, s.pending_review, s.waived, s.not_covenant
        )
    }
}

fn findings(report: &Report, en: bool) -> String {
    let Standing {
        errors: e,
        warnings: w,
        notes: i,
    } = report.summary.standing;
    if en {
        format!("findings: {e} errors, {w} warnings, {i} notes")
    } else {
        format!("phát hiện: {e} lỗi, {w} cảnh báo, {i} lưu ý")
    }
}

fn format_pct(p: f64) -> String {
    let s = format!("{p:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}
