//! One self-contained HTML page in Vietnamese: inline CSS and SVG, no
//! script and no network. A Content-Security-Policy forbids both, so that
//! even a mistake in escaping could not run a covenant's text.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use huonguoc_batch::{
    FileReport, Group, GroupBy, Report, ReportedFinding, Status, TARGETS, Verdict, by_rate, roll_up,
};
use huonguoc_screen::{Lang, Severity};

use crate::output::text;

const CSS: &str = "
body{font-family:system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.summary{background:#f4f6f8;padding:.75rem 1rem;border-radius:6px}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.ok{color:#17692d;font-weight:600}.bad{color:#b00020;font-weight:600}
.finding{border-left:4px solid #b00020;padding:.25rem .75rem;margin:1rem 0;background:#fffafa}
.finding.warning{border-color:#b26a00;background:#fffbf3}.finding.info{border-color:#1565c0;background:#f5f9ff}
.finding.waived{border-color:#888;background:#f7f7f7;opacity:.85}
.where{font-weight:600}.rule{color:#555;font-size:.85em}
blockquote{margin:.5rem 0;padding:.25rem .75rem;background:#fff;border:1px solid #eee}
mark{background:#ffd54f;padding:0 .1em}
dt{font-weight:600;margin-top:.25rem}dd{margin-left:1rem}
.waiver{color:#444;font-style:italic}
";

/// Writes the page.
pub fn write(out: &mut dyn Write, report: &Report) -> Result<()> {
    out.write_all(page(report).as_bytes())?;
    Ok(())
}

/// Builds the page.
pub fn page(report: &Report) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    // No script, no fetch: only inline styles and data: images may load.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    // Marks the page as ours, so that a later scan of the folder never
    // counts it as a covenant.
    let _ = writeln!(
        h,
        "<meta name=\"generator\" content=\"huonguoc {}\">",
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>Báo cáo rà soát hương ước, quy ước</title>\n");
    let _ = writeln!(h, "<style>{CSS}</style>\n</head>\n<body>");
    h.push_str("<h1>Báo cáo rà soát hương ước, quy ước về bình đẳng giới</h1>\n");
    let _ = writeln!(
        h,
        "<p class=\"summary\">{}</p>",
        esc(&text::summary(report, Lang::Vi)).replace('\n', "<br>")
    );

    // A bar per group: the report's own roll-up, else one per district.
    let groups = if report.groups.is_empty() {
        roll_up(&report.files, GroupBy::District)
    } else {
        report.groups.clone()
    };
    h.push_str("<h2>Tỷ lệ hương ước không phân biệt đối xử về giới</h2>\n");
    h.push_str(&chart(&by_rate(&groups)));
    h.push_str(&group_table(&by_rate(&groups)));

    if !report.waivers.is_empty() {
        h.push_str("<h2>Miễn trừ cần xem lại</h2>\n<ul>\n");
        for w in &report.waivers {
            let _ = writeln!(h, "<li>{}</li>", esc(&huonguoc_batch::describe(w)));
        }
        h.push_str("</ul>\n");
    }

    h.push_str("<h2>Từng văn bản</h2>\n");
    for f in &report.files {
        file(&mut h, f);
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn chart(groups: &[&Group]) -> String {
    const LABEL: f64 = 260.0;
    const BAR: f64 = 400.0;
    const ROW: f64 = 28.0;
    let height = ROW * groups.len() as f64 + 40.0;
    let width = LABEL + BAR + 110.0;
    let mut s = format!(
        "<svg width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Tỷ lệ đạt theo nhóm\" font-size=\"13\">\n"
    );
    for (i, g) in groups.iter().enumerate() {
        let y = 20.0 + ROW * i as f64;
        let w = BAR * g.compliance_rate.clamp(0.0, 1.0);
        let met = g.targets.first().is_some_and(|t| t.met);
        let _ = writeln!(
            s,
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{:.0}\" width=\"{BAR}\" height=\"18\" fill=\"#eceff1\"/>\
             <rect x=\"{LABEL}\" y=\"{:.0}\" width=\"{w:.1}\" height=\"18\" fill=\"{}\"/>\
             <text x=\"{:.0}\" y=\"{:.0}\">{}%</text>",
            LABEL - 8.0,
            y + 14.0,
            esc(&g.label()),
            y,
            y,
            if met { "#2e7d32" } else { "#c62828" },
            LABEL + BAR + 6.0,
            y + 14.0,
            pct(g.compliance_rate)
        );
    }
    for (i, &(year, rate)) in TARGETS.iter().enumerate() {
        let x = LABEL + BAR * rate;
        // The 95% and 100% lines are close: label the first to the left of
        // its line and the others to the right, so the labels never overlap.
        let (anchor, tx) = if i == 0 {
            ("end", x - 3.0)
        } else {
            ("start", x + 3.0)
        };
        let _ = writeln!(
            s,
            "<line x1=\"{x:.1}\" y1=\"12\" x2=\"{x:.1}\" y2=\"{:.0}\" stroke=\"#263238\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{tx:.1}\" y=\"10\" text-anchor=\"{anchor}\">{}% ({year})</text>",
            height - 8.0,
            pct(rate)
        );
    }
    s.push_str("</svg>\n");
    s
}

fn group_table(groups: &[&Group]) -> String {
    let mut s = String::from(
        "<table>\n<tr><th>Nhóm</th><th>Số văn bản</th><th>Đã rà soát</th><th>Chưa xác minh</th><th>Chờ xem xét</th><th>Đạt</th><th>Tỷ lệ</th><th>Mục tiêu 2025 (95%)</th><th>Mục tiêu 2030 (100%)</th></tr>\n",
    );
    for g in groups {
        let met = |year| {
            g.targets
                .iter()
                .find(|t| t.year == year)
                .is_some_and(|t| t.met)
        };
        let cell = |m: bool| {
            if m {
                "<td class=\"ok\">đạt</td>"
            } else {
                "<td class=\"bad\">chưa đạt</td>"
            }
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}%</td>{}{}</tr>",
            esc(&g.label()),
            g.covenants,
            g.screened,
            g.not_verified,
            g.pending_review,
            g.compliant,
            pct(g.compliance_rate),
            cell(met(2025)),
            cell(met(2030))
        );
    }
    s.push_str("</table>\n");
    s
}

fn file(h: &mut String, f: &FileReport) {
    let _ = writeln!(h, "<section>\n<h3>{}</h3>", esc(&f.path));
    let place: Vec<&str> = [f.commune.as_deref(), f.district.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&place.join(", ")));
    }
    if let (Status::NotVerified | Status::Missing, Some(e)) = (f.status, &f.error) {
        let _ = writeln!(
            h,
            "<p class=\"bad\">Chưa xác minh được, không tính là đạt: {}</p>\n</section>",
            esc(e)
        );
        return;
    }
    if let Some(n) = &f.not_covenant {
        let _ = writeln!(
            h,
            "<p>Không phải hương ước, không tính vào tỷ lệ: {}</p>\n</section>",
            esc(&n.message)
        );
        return;
    }
    let verdict = match f.verdict {
        Verdict::Compliant => "<p class=\"ok\">Không có nội dung phân biệt đối xử về giới.</p>",
        Verdict::PendingReview => {
            "<p class=\"bad\">Chờ xem xét: miễn trừ chưa được người rà soát ký, chưa tính là đạt.</p>"
        }
        Verdict::NotVerified => {
            "<p class=\"bad\">Chưa xác minh được (chất lượng văn bản thấp), không tính là đạt.</p>"
        }
        _ => "<p class=\"bad\">Có nội dung phân biệt đối xử về giới cần sửa đổi.</p>",
    };
    h.push_str(verdict);
    h.push('\n');
    for x in &f.findings {
        finding(h, x);
    }
    h.push_str("</section>\n");
}

fn finding(h: &mut String, f: &ReportedFinding) {
    let class = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let waived = if f.is_waived() { " waived" } else { "" };
    let _ = writeln!(
        h,
        "<article class=\"finding {class}{waived}\">\n<p><span class=\"where\">{}</span> (dòng {}) — {}: {} <span class=\"rule\">[{}]</span></p>",
        esc(&f.location),
        f.line,
        esc(f.severity.label_vi()),
        esc(&f.title),
        esc(&f.rule)
    );
    let _ = writeln!(
        h,
        "<blockquote>{}</blockquote>",
        highlight(&f.excerpt, &f.matched)
    );
    let _ = writeln!(h, "<dl><dt>Nội dung</dt><dd>{}</dd>", esc(&f.message));
    if !f.legal.is_empty() {
        let _ = writeln!(
            h,
            "<dt>Căn cứ pháp lý</dt><dd>{}</dd>",
            esc(&f.legal.join("; "))
        );
    }
    let _ = writeln!(
        h,
        "<dt>Đề nghị sửa</dt><dd>{}</dd></dl>",
        esc(&f.suggestion)
    );
    if let Some(w) = &f.waiver {
        let _ = writeln!(
            h,
            "<p class=\"waiver\">{}: {} — {}, {}{}</p>",
            if f.is_waived() {
                "Đã miễn trừ (waived)"
            } else {
                "Miễn trừ chờ xem xét, vẫn tính (pending review)"
            },
            esc(&w.reason),
            esc(&w.reviewer),
            esc(&w.date),
            w.expires
                .as_deref()
                .map(|e| format!(", hết hạn {}", esc(e)))
                .unwrap_or_default()
        );
    }
    h.push_str("</article>\n");
}

/// The excerpt, escaped, with the matched words in `<mark>`.
fn highlight(excerpt: &str, matched: &[String]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for m in matched.iter().filter(|m| !m.is_empty()) {
        let mut from = 0;
        while let Some(i) = excerpt[from..].find(m.as_str()) {
            ranges.push((from + i, from + i + m.len()));
            from += i + m.len();
        }
    }
    ranges.sort_unstable();
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in ranges {
        if s < at {
            // Overlaps the previous mark: extend it instead.
            if e > at {
                out.truncate(out.len() - "</mark>".len());
                out.push_str(&esc(&excerpt[at..e]));
                out.push_str("</mark>");
                at = e;
            }
            continue;
        }
        out.push_str(&esc(&excerpt[at..s]));
        out.push_str("<mark>");
        out.push_str(&esc(&excerpt[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&esc(&excerpt[at..]));
    out
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn pct(r: f64) -> String {
    let s = format!("{:.1}", r * 100.0);
    s.strip_suffix(".0").map_or(s.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_matched_words_and_escapes_the_rest() {
        let got = highlight(
            "a <b> con gái & con gái",
            &["con gái".into(), "gái &".into()],
        );
        assert_eq!(
            got,
            "a &lt;b&gt; <mark>con gái &amp;</mark> <mark>con gái</mark>"
        );
    }
}
