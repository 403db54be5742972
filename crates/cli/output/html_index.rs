//! The index of the HTML page: one row per covenant (commune, district,
//! status, standing findings by severity) with a link to its section, and
//! sortable by any column without a script. Each row carries its rank under
//! every column as a CSS variable; a radio button per column, checked by
//! clicking the column's heading, sets the rows' `order` to that rank. The
//! page keeps its Content-Security-Policy of no script at all.

use std::cmp::Ordering;
use std::fmt::Write as _;

use huonguoc_batch::{FileReport, Verdict};
use huonguoc_screen::Severity;

use crate::i18n::Labels;
use crate::output::html::esc;

/// The anchor of the `i`-th file's section.
pub fn anchor(i: usize) -> String {
    format!("f-{}", i + 1)
}

/// The id of the index, which every section links back to.
pub const INDEX_ID: &str = "index";

/// The index's styles: rows in a flex column, so that `order` sorts them,
/// and the radio buttons out of sight but reachable by keyboard.
pub const CSS: &str = "
.sort{position:absolute;opacity:0;width:1px;height:1px;overflow:hidden}
table.index{width:100%;display:block}
table.index thead,table.index tbody{display:flex;flex-direction:column}
table.index tr{display:flex}
table.index th,table.index td{flex:0 0 10%;min-width:0;box-sizing:border-box;overflow-wrap:break-word}
table.index th:nth-child(1),table.index td:nth-child(1){flex-basis:28%;overflow-wrap:anywhere}
table.index th:nth-child(2),table.index td:nth-child(2),table.index th:nth-child(3),table.index td:nth-child(3),table.index th:nth-child(4),table.index td:nth-child(4){flex-basis:14%}
table.index th{font-size:.9em}
table.index th label{cursor:pointer;text-decoration:underline dotted}
table.index td.n{text-align:right}
.sort:focus-visible~table.index thead{outline:2px solid #1565c0}
";

/// The columns: how each sorts.
const KEYS: usize = 7;

/// The CSS that sorts by each column when its radio button is checked.
pub fn sort_css() -> String {
    let mut s = String::new();
    for k in 0..KEYS {
        let _ = writeln!(
            s,
            "#sort-{k}:checked~table.index tbody tr{{order:var(--k{k})}}\
             #sort-{k}:checked~table.index label[for=sort-{k}]::after{{content:\" \\25BE\"}}"
        );
    }
    s
}

/// Findings that still count, by severity: errors, warnings, infos.
pub fn counts(f: &FileReport) -> [usize; 3] {
    let n = |s: Severity| {
        f.findings
            .iter()
            .filter(|x| x.severity == s && !x.is_waived())
            .count()
    };
    [n(Severity::Error), n(Severity::Warning), n(Severity::Info)]
}

/// Writes the radio buttons and the table.
pub fn write(h: &mut String, files: &[FileReport], t: &Labels) {
    let _ = writeln!(h, "<div class=\"index-wrap\">");
    let _ = writeln!(h, "<p class=\"sort-hint\">{}</p>", esc(t.html.sort_hint));
    for k in 0..KEYS {
        let checked = if k == 0 { " checked" } else { "" };
        let _ = writeln!(
            h,
            "<input class=\"sort\" type=\"radio\" name=\"sort\" id=\"sort-{k}\" aria-label=\"{}\"{checked}>",
            esc(t.html.index_columns[k])
        );
    }
    h.push_str("<table class=\"index\">\n<thead><tr>");
    for (k, name) in t.html.index_columns.iter().enumerate() {
        let _ = write!(h, "<th><label for=\"sort-{k}\">{}</label></th>", esc(name));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let ranks = ranks(files);
    for (i, f) in files.iter().enumerate() {
        let vars: String = (0..KEYS)
            .map(|k| format!("--k{k}:{}", ranks[k][i]))
            .collect::<Vec<_>>()
            .join(";");
        let [e, w, n] = counts(f);
        let _ = writeln!(
            h,
            "<tr style=\"{vars}\"><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"n\">{e}</td><td class=\"n\">{w}</td><td class=\"n\">{n}</td></tr>",
            anchor(i),
            esc(&f.path),
            esc(f.commune.as_deref().unwrap_or("")),
            esc(f.district.as_deref().unwrap_or("")),
            verdict_class(f.verdict),
            esc(t.status(f.verdict)),
        );
    }
    h.push_str("</tbody>\n</table>\n</div>\n");
}

/// The class of a verdict's cell, for its colour.
pub fn verdict_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Compliant => "ok",
        Verdict::NotCompliant => "bad",
        Verdict::PendingReview => "pending",
        Verdict::NotVerified => "unverified",
        Verdict::NotACovenant => "other",
    }
}

/// How one column orders two rows.
type Compare = dyn Fn(&FileReport, &FileReport) -> Ordering;

/// For each column, each file's position when the table is sorted by it.
/// Names sort A to Z, counts most first, statuses worst first; ties keep
/// path order, so every ordering is total and stable.
fn ranks(files: &[FileReport]) -> Vec<Vec<usize>> {
    let by: [&Compare; KEYS] = [
        &|_, _| Ordering::Equal,
        &|a, b| a.commune.cmp(&b.commune),
        &|a, b| a.district.cmp(&b.district),
        &|a, b| severity_rank(a.verdict).cmp(&severity_rank(b.verdict)),
        &|a, b| counts(b)[0].cmp(&counts(a)[0]),
        &|a, b| counts(b)[1].cmp(&counts(a)[1]),
        &|a, b| counts(b)[2].cmp(&counts(a)[2]),
    ];
    by.iter()
        .map(|cmp| {
            let mut order: Vec<usize> = (0..files.len()).collect();
            order.sort_by(|&a, &b| cmp(&files[a], &files[b]).then(a.cmp(&b)));
            let mut rank = vec![0; files.len()];
            for (pos, &i) in order.iter().enumerate() {
                rank[i] = pos;
            }
            rank
        })
        .collect()
}

/// Worst first: what a district must act on comes to the top.
fn severity_rank(v: Verdict) -> u8 {
    match v {
        Verdict::NotVerified => 0,
        Verdict::NotCompliant => 1,
        Verdict::PendingReview => 2,
        Verdict::Compliant => 3,
        Verdict::NotACovenant => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, commune: &str, verdict: Verdict) -> FileReport {
        let mut f = FileReport::missing(path);
        f.commune = Some(commune.into());
        f.verdict = verdict;
        f
    }

    #[test]
    fn every_column_orders_every_row_once() {
        let files = [
            file("a.txt", "Xã B", Verdict::Compliant),
            file("b.txt", "Xã A", Verdict::NotVerified),
            file("c.txt", "Xã A", Verdict::NotCompliant),
        ];
        let r = ranks(&files);
        assert_eq!(r[0], [0, 1, 2], "path order");
        assert_eq!(r[1], [2, 0, 1], "commune, ties by path");
        assert_eq!(r[3], [2, 0, 1], "worst status first");
        for col in &r {
            let mut seen = col.clone();
            seen.sort_unstable();
            assert_eq!(seen, [0, 1, 2]);
        }
    }
}
