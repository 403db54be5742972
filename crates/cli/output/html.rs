//! One self-contained HTML page, in Vietnamese or in English: inline CSS
//! and SVG, no script and no network. A Content-Security-Policy forbids
//! both, so that even a mistake in escaping could not run a covenant's
//! text. For a district: a header with what was measured, the roll-up
//! chart, an index of every covenant that sorts by any column, and each
//! covenant's findings in a collapsible section of its own, with a print
//! stylesheet for a readable PDF.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use huonguoc_batch::{
    FileReport, Group, GroupBy, Report, ReportedFinding, Status, TARGETS, Verdict, by_rate, roll_up,
};
use huonguoc_screen::{Lang, Severity};

use crate::i18n::Labels;
use crate::output::{html_index, text};

const CSS: &str = "
body{font-family:system-ui,'Segoe UI',Roboto,'Noto Sans',sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem;color:#1b1b1b;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0 0 1rem}.meta dt{font-weight:600}.meta dd{margin:0}
.summary{background:#f4f6f8;padding:.75rem 1rem;border-radius:6px}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.ok{color:#17692d;font-weight:600}.bad,.unverified{color:#b00020;font-weight:600}.pending{color:#b26a00;font-weight:600}.other{color:#555}
details.covenant{border:1px solid #ddd;border-radius:6px;margin:.75rem 0;padding:.25rem .75rem}
details.covenant>summary{cursor:pointer;font-weight:600;padding:.25rem 0}
details.covenant>summary .counts{font-weight:400;color:#555}
.finding{border-left:4px solid #b00020;padding:.25rem .75rem;margin:1rem 0;background:#fffafa}
.finding.warning{border-color:#b26a00;background:#fffbf3}.finding.info{border-color:#1565c0;background:#f5f9ff}
.finding.waived{border-color:#888;background:#f7f7f7;opacity:.85}
.where{font-weight:600}.rule{color:#555;font-size:.85em}
blockquote{margin:.5rem 0;padding:.25rem .75rem;background:#fff;border:1px solid #eee}
mark{background:#ffd54f;padding:0 .1em}
dt{font-weight:600;margin-top:.25rem}dd{margin-left:1rem}
.waiver{color:#444;font-style:italic}
.back{font-size:.85em}
.toc{margin:1rem 0}
";

/// For paper: every section open, no controls, findings kept whole on a
/// page, links as plain text.
const PRINT_CSS: &str = "
@media print{
@page{margin:1.2cm}
body{margin:0;max-width:none;font-size:9.5pt;line-height:1.3}
h1{font-size:14pt}h2{font-size:12pt;margin-top:1rem}
table.index{font-size:8.5pt}td,th{padding:.05rem .3rem}
.finding{margin:.4rem 0;padding:.1rem .5rem}
.finding p{margin:.2rem 0}blockquote{margin:.2rem 0}
.finding dl{margin:.2rem 0}.finding dt{margin-top:.1rem}.finding dd{margin-left:.5rem}
.sort,.sort-hint,.back,.toc{display:none}
a{color:inherit;text-decoration:none}
h2,h3{break-after:avoid}
details.covenant{border:none;padding:0;margin:.5rem 0;break-inside:auto}
details.covenant>summary{list-style:none;border-bottom:1px solid #999;break-after:avoid}
details.covenant>summary::-webkit-details-marker{display:none}
details::details-content{content-visibility:visible;display:block}
.finding,table.index tr,.meta{break-inside:avoid}
svg{max-width:100%;height:auto}
}
";

/// Writes the page.
pub fn write(out: &mut dyn Write, report: &Report, lang: Lang) -> Result<()> {
    out.write_all(page(report, lang).as_bytes())?;
    Ok(())
}

/// Builds the page.
pub fn page(report: &Report, lang: Lang) -> String {
    let t = crate::i18n::labels(lang);
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        t.code
    );
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
    let _ = writeln!(h, "<title>{}</title>", esc(t.html.title));
    let _ = writeln!(
        h,
        "<style>{CSS}{}{}{PRINT_CSS}</style>\n</head>\n<body>",
        html_index::CSS,
        html_index::sort_css()
    );
    header(&mut h, report, t);

    // A bar per group: the report's own roll-up, else one per district.
    let groups = if report.groups.is_empty() {
        roll_up(&report.files, GroupBy::District)
    } else {
        report.groups.clone()
    };
    let _ = writeln!(
        h,
        "<nav class=\"toc\"><a href=\"#rates\">{}</a> · <a href=\"#{}\">{}</a> · <a href=\"#covenants\">{}</a></nav>",
        esc(t.html.rate_heading),
        html_index::INDEX_ID,
        esc(t.html.index_heading),
        esc(t.html.each_heading)
    );
    let _ = writeln!(h, "<h2 id=\"rates\">{}</h2>", esc(t.html.rate_heading));
    h.push_str(&chart(&by_rate(&groups), t));
    h.push_str(&group_table(&by_rate(&groups), t));

    if !report.waivers.is_empty() {
        let _ = writeln!(h, "<h2>{}</h2>\n<ul>", esc(t.html.waivers_heading));
        for w in &report.waivers {
            let _ = writeln!(h, "<li>{}</li>", esc(&t.waiver_note(w)));
        }
        h.push_str("</ul>\n");
    }

    let _ = writeln!(
        h,
        "<h2 id=\"{}\">{}</h2>",
        html_index::INDEX_ID,
        esc(t.html.index_heading)
    );
    html_index::write(&mut h, &report.files, t);

    let _ = writeln!(h, "<h2 id=\"covenants\">{}</h2>", esc(t.html.each_heading));
    for (i, f) in report.files.iter().enumerate() {
        file(&mut h, i, f, t);
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// The title, what was measured and with what, and the summary.
fn header(h: &mut String, report: &Report, t: &Labels) {
    let m = &report.measured;
    let _ = writeln!(
        h,
        "<header>\n<h1>{}</h1>\n<dl class=\"meta\">",
        esc(t.html.heading)
    );
    let mut rules = t.rules_line(&m.selection);
    if let Some(off) = t.rules_off(&m.selection) {
        rules.push_str("; ");
        rules.push_str(&off);
    }
    let tool = format!(
        "{} {}{}",
        m.tool,
        m.tool_version,
        if m.all_files { " · --all-files" } else { "" }
    );
    let files = t.files_line(&m.selection);
    for (k, v) in [
        (t.html.measured_on, m.date.as_str()),
        (t.html.tool, tool.as_str()),
        (t.html.rule_pack, m.rule_pack.as_str()),
        (t.html.rules, rules.as_str()),
        (t.html.files, files.as_str()),
    ] {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    }
    h.push_str("</dl>\n");
    let _ = writeln!(
        h,
        "<p class=\"summary\">{}</p>\n</header>",
        esc(&text::summary(report, t.lang)).replace('\n', "<br>")
    );
}

fn chart(groups: &[&Group], t: &Labels) -> String {
    const LABEL: f64 = 260.0;
    const BAR: f64 = 400.0;
    const ROW: f64 = 28.0;
    let height = ROW * groups.len() as f64 + 40.0;
    let width = LABEL + BAR + 110.0;
    let mut s = format!(
        "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\" font-size=\"13\">\n",
        esc(t.html.chart_label)
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
            esc(&t.group(g)),
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

fn group_table(groups: &[&Group], t: &Labels) -> String {
    let mut s = String::from("<table class=\"groups\">\n<tr>");
    for c in t.html.group_columns {
        let _ = write!(s, "<th>{}</th>", esc(c));
    }
    s.push_str("</tr>\n");
    for g in groups {
        let met = |year| {
            g.targets
                .iter()
                .find(|t| t.year == year)
                .is_some_and(|t| t.met)
        };
        let cell = |m: bool| {
            if m {
                format!("<td class=\"ok\">{}</td>", esc(t.met))
            } else {
                format!("<td class=\"bad\">{}</td>", esc(t.not_met))
            }
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}%</td>{}{}</tr>",
            esc(&t.group(g)),
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

/// One covenant's section: open when there is something to read (findings
/// or why it was not verified), so that the page prints them everywhere.
fn file(h: &mut String, i: usize, f: &FileReport, t: &Labels) {
    let [e, w, n] = html_index::counts(f);
    let open = if f.findings.is_empty() && f.error.is_none() {
        ""
    } else {
        " open"
    };
    let _ = writeln!(
        h,
        "<details class=\"covenant\" id=\"{}\"{open}>\n<summary>{} — <span class=\"{}\">{}</span> <span class=\"counts\">· {e} {} · {w} {} · {n} {}</span></summary>",
        html_index::anchor(i),
        esc(&f.path),
        html_index::verdict_class(f.verdict),
        esc(t.status(f.verdict)),
        esc(t.error),
        esc(t.warning),
        esc(t.info),
    );
    let place: Vec<&str> = [f.commune.as_deref(), f.district.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&place.join(", ")));
    }
    body(h, f, t);
    let _ = writeln!(
        h,
        "<p class=\"back\"><a href=\"#{}\">{}</a></p>\n</details>",
        html_index::INDEX_ID,
        esc(t.html.back)
    );
}

/// Why a file was not verified or not taken for a covenant, or its verdict
/// and findings.
fn body(h: &mut String, f: &FileReport, t: &Labels) {
    if let (Status::NotVerified | Status::Missing, Some(e)) = (f.status, &f.error) {
        let _ = writeln!(
            h,
            "<p class=\"bad\">{}: {}</p>",
            esc(t.html.unverified_prefix),
            esc(e)
        );
        return;
    }
    if let Some(n) = &f.not_covenant {
        let _ = writeln!(
            h,
            "<p>{}: {}</p>",
            esc(t.html.not_covenant_prefix),
            esc(&t.bilingual(&n.message))
        );
        return;
    }
    let (class, verdict) = match f.verdict {
        Verdict::Compliant => ("ok", t.html.verdict_compliant),
        Verdict::PendingReview => ("bad", t.html.verdict_pending),
        Verdict::NotVerified => ("bad", t.html.verdict_low_quality),
        _ => ("bad", t.html.verdict_not_compliant),
    };
    let _ = writeln!(h, "<p class=\"{class}\">{}</p>", esc(verdict));
    for x in &f.findings {
        finding(h, x, t);
    }
}

fn finding(h: &mut String, f: &ReportedFinding, t: &Labels) {
    let class = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let waived = if f.is_waived() { " waived" } else { "" };
    let _ = writeln!(
        h,
        "<article class=\"finding {class}{waived}\">\n<p><span class=\"where\">{}</span> ({} {}) — {}: {} <span class=\"rule\">[{}]</span></p>",
        esc(&f.location),
        esc(t.html.line),
        f.line,
        esc(t.severity(f.severity)),
        esc(&f.title),
        esc(&f.rule)
    );
    let _ = writeln!(
        h,
        "<blockquote>{}</blockquote>",
        highlight(&f.excerpt, &f.matched)
    );
    let cap = |s: &str| {
        let mut c = s.chars();
        c.next()
            .map(|first| first.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let _ = writeln!(
        h,
        "<dl><dt>{}</dt><dd>{}</dd>",
        esc(t.html.content),
        esc(&f.message)
    );
    if !f.legal.is_empty() {
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            esc(&cap(t.legal)),
            esc(&f.legal.join("; "))
        );
    }
    let _ = writeln!(
        h,
        "<dt>{}</dt><dd>{}</dd></dl>",
        esc(&cap(t.suggestion)),
        esc(&f.suggestion)
    );
    if let Some(w) = &f.waiver {
        let label = if f.is_waived() { t.waived } else { t.pending };
        let _ = writeln!(
            h,
            "<p class=\"waiver\">{}: {} — {}, {}{}</p>",
            esc(&cap(label)),
            esc(&w.reason),
            esc(&w.reviewer),
            esc(&w.date),
            w.expires
                .as_deref()
                .map(|e| format!(", {} {}", esc(t.html.expires), esc(e)))
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
