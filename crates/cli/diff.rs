//! `huonguoc diff OLD NEW`: what an amendment of one covenant changed.
//!
//! Findings are matched by fingerprint (rule id plus a hash of the clause's
//! matching form), never by line, so a clause that was only renumbered or
//! moved is "still present" at its new address, and the two versions may be
//! in different formats: both are read through [`input::load`].

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use huonguoc_screen::{Finding, ScreenOptions, Severity};
use serde::Serialize;

use crate::args::{DiffArgs, FailOn, Format};
use crate::escape::controls as esc;
use crate::{EXIT_ERROR, EXIT_FINDINGS, config, input, load_pack, scan};

/// A finding found in both versions.
#[derive(Debug, Serialize)]
pub struct Remaining {
    pub old: Finding,
    pub new: Finding,
    /// Whether its citation changed, as when articles are renumbered.
    pub moved: bool,
}

/// Why one version cannot be compared: its text cannot vouch for what it
/// says, so nothing may be called resolved on its account.
#[derive(Debug, Serialize)]
pub struct Unverified {
    /// `old` or `new`.
    pub version: &'static str,
    pub path: String,
    pub reason: String,
}

/// The comparison.
#[derive(Debug, Serialize)]
pub struct Diff {
    pub old: String,
    pub new: String,
    /// Both versions were read, are covenants and have a sound text layer.
    /// When false, the lists below are empty and `unverified` says why.
    pub verified: bool,
    pub unverified: Vec<Unverified>,
    /// In OLD only: removed by the amendment.
    pub resolved: Vec<Finding>,
    /// In both.
    pub remaining: Vec<Remaining>,
    /// In NEW only: brought in by the amendment.
    pub added: Vec<Finding>,
}

/// Pairs findings by fingerprint. When one fingerprint occurs several times
/// (the same clause repeated), occurrences pair in text order.
pub fn compare(
    old: Vec<Finding>,
    new: Vec<Finding>,
) -> (Vec<Finding>, Vec<Remaining>, Vec<Finding>) {
    let mut by_fp: BTreeMap<String, (Vec<Finding>, Vec<Finding>)> = BTreeMap::new();
    for f in old {
        by_fp.entry(f.fingerprint.clone()).or_default().0.push(f);
    }
    for f in new {
        by_fp.entry(f.fingerprint.clone()).or_default().1.push(f);
    }
    let (mut resolved, mut remaining, mut added) = (Vec::new(), Vec::new(), Vec::new());
    for (_, (olds, news)) in by_fp {
        let mut news = news.into_iter();
        for o in olds {
            match news.next() {
                Some(n) => remaining.push(Remaining {
                    moved: o.location != n.location,
                    old: o,
                    new: n,
                }),
                None => resolved.push(o),
            }
        }
        added.extend(news);
    }
    resolved.sort_by_key(|f| f.start);
    remaining.sort_by_key(|r| r.new.start);
    added.sort_by_key(|f| f.start);
    (resolved, remaining, added)
}

pub fn run(a: &DiffArgs) -> Result<u8> {
    let screener = load_pack(&a.pack)?;
    let mut options = input::batch_options(&a.input, &config::limits_near(&a.old)?)?;
    options.screen = ScreenOptions {
        mode: None,
        lang: crate::i18n::lang(a.lang),
        ..Default::default()
    };
    let old = screened(&screener, "old", &a.old, &options);
    let new = screened(&screener, "new", &a.new, &options);
    let diff = match (old, new) {
        (Ok(old), Ok(new)) => {
            let (resolved, remaining, added) = compare(old, new);
            Diff {
                old: scan::display(&a.old),
                new: scan::display(&a.new),
                verified: true,
                unverified: Vec::new(),
                resolved,
                remaining,
                added,
            }
        }
        (old, new) => Diff {
            old: scan::display(&a.old),
            new: scan::display(&a.new),
            verified: false,
            unverified: [old.err(), new.err()].into_iter().flatten().collect(),
            resolved: Vec::new(),
            remaining: Vec::new(),
            added: Vec::new(),
        },
    };
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &diff)?;
            writeln!(out)?;
        }
        Format::Text => out.write_all(render(&diff).as_bytes())?,
    }
    out.flush()?;
    if !diff.verified {
        return Ok(EXIT_ERROR);
    }
    let threshold = match a.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let left = diff
        .remaining
        .iter()
        .map(|r| &r.new)
        .chain(&diff.added)
        .any(|f| f.severity >= threshold);
    Ok(if left { EXIT_FINDINGS } else { 0 })
}

/// One version's findings, or why it cannot be compared: unreadable, a
/// damaged text layer, or not a covenant at all (an empty file is none).
fn screened(
    screener: &huonguoc_screen::Screener,
    version: &'static str,
    path: &std::path::Path,
    options: &huonguoc_batch::Options,
) -> Result<Vec<Finding>, Unverified> {
    let unverified = |reason: String| Unverified {
        version,
        path: scan::display(path),
        reason,
    };
    let s = huonguoc_batch::screen_path(screener, path, options)
        .map_err(|e| unverified(e.reason().to_owned()))?;
    if let Some(q) = &s.document.low_quality {
        return Err(unverified(format!(
            "chất lượng văn bản thấp: {q} (low text quality)"
        )));
    }
    if let Some(n) = s.not_covenant {
        return Err(unverified(n.message().to_owned()));
    }
    Ok(s.findings)
}

/// The text report.
pub fn render(d: &Diff) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "So sánh {} → {}", esc(&d.old), esc(&d.new));
    if !d.verified {
        for u in &d.unverified {
            let which = if u.version == "old" {
                "Bản cũ"
            } else {
                "Bản mới"
            };
            let _ = writeln!(
                o,
                "\n{which} {} chưa xác minh được (not verified): {}",
                esc(&u.path),
                esc(&u.reason)
            );
        }
        let _ = writeln!(
            o,
            "\nKhông so sánh được: không thể xác nhận nội dung nào đã được sửa (cannot compare)."
        );
        return o;
    }
    let head = |o: &mut String, label: &str, n: usize| {
        let _ = writeln!(o, "\n{label}: {n}");
    };
    head(&mut o, "Đã sửa (resolved)", d.resolved.len());
    for f in &d.resolved {
        let _ = writeln!(o, "  - {} [{}] {}", esc(&f.location), f.rule, esc(&f.title));
    }
    head(&mut o, "Vẫn còn (still present)", d.remaining.len());
    for r in &d.remaining {
        if r.moved {
            let _ = writeln!(
                o,
                "  ! {} → nay là {} (đánh số lại) [{}] {}",
                esc(&r.old.location),
                esc(&r.new.location),
                r.new.rule,
                esc(&r.new.title)
            );
        } else {
            let _ = writeln!(
                o,
                "  ! {} [{}] {}",
                esc(&r.new.location),
                r.new.rule,
                esc(&r.new.title)
            );
        }
        let _ = writeln!(o, "    «{}»", esc(&r.new.excerpt));
    }
    head(&mut o, "Mới (new)", d.added.len());
    for f in &d.added {
        let _ = writeln!(o, "  + {} [{}] {}", esc(&f.location), f.rule, esc(&f.title));
        let _ = writeln!(o, "    «{}»", esc(&f.excerpt));
    }
    let left = d.remaining.len() + d.added.len();
    let _ = writeln!(
        o,
        "\n{}",
        if left == 0 {
            "Bản mới đã loại bỏ mọi nội dung bị phát hiện ở bản cũ.".to_owned()
        } else {
            format!("Bản mới còn {left} nội dung cần sửa trước khi công nhận.")
        }
    );
    o
}
