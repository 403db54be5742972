//! Amending a covenant: each finding's clause rewritten, replaced by the
//! rule's suggestion or repealed, and the result screened again until it
//! holds none of the findings and nothing new.
//!
//! What is changed is the smallest unit that cites the finding (a point,
//! a clause, an article; a paragraph of the preamble), and inside it only
//! the sentences that hold findings, so everything else of the covenant
//! stays byte for byte as it was. Nothing is renumbered: a unit with no
//! lawful content left keeps its number and reads "(bãi bỏ)".
//!
//! ```
//! use huonguoc_screen::{Screener, amend::{AmendOptions, How}};
//!
//! let screener = Screener::embedded().unwrap();
//! let covenant = "HƯƠNG ƯỚC THÔN ĐÔNG\nĐiều 3. Tổ chức\n\
//!     1. Thôn họp mỗi quý một lần.\n\
//!     2. Trưởng thôn phải là nam giới có uy tín.\n";
//! let a = screener.amend(covenant, &AmendOptions::default());
//! assert_eq!(a.edits.len(), 1);
//! assert_eq!(a.edits[0].citation, "khoản 2 Điều 3");
//! assert_eq!(a.edits[0].new, "Trưởng thôn phải là người có uy tín.");
//! assert_eq!(a.edits[0].changes[0].how, How::Rewritten);
//! assert!(a.text.starts_with("HƯƠNG ƯỚC THÔN ĐÔNG\nĐiều 3. Tổ chức\n1. Thôn họp"));
//! assert!(a.left.is_empty());
//! ```

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use huonguoc_text::{Mode, Normalized, normalize};
use serde::Serialize;

use crate::accent;
use crate::finding::Finding;
use crate::matcher::sentences;
use crate::pack::{RewriteAction, Scope};
use crate::rewrite::{self, fit};
use crate::screener::{Lang, ScreenOptions, Screener};
use crate::structure::{self, Address, Document, UnitKind};

/// What to amend.
#[derive(Debug, Clone, Default)]
pub struct AmendOptions {
    /// The language of the findings' titles and messages. The amended
    /// text itself is always Vietnamese, the language of covenants.
    pub lang: Lang,
    /// Fingerprints of findings to leave as they are (accepted waivers).
    pub leave: Vec<String>,
}

/// How a finding's clause was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// The clause itself rewritten by its rule's `[rule.rewrite]` steps.
    Rewritten,
    /// No safe rewrite: the clause replaced by the rule's suggestion.
    Suggested,
    /// The sentence deleted, the rest of the unit kept.
    Deleted,
    /// The whole unit repealed ("(bãi bỏ)").
    Repealed,
}

/// One finding and what was done with it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Index into [`Amendment::findings`].
    pub finding: usize,
    /// What was done.
    pub how: How,
}

/// The change to one unit of the covenant.
#[derive(Debug, Clone, Serialize)]
pub struct Edit {
    /// What the unit is.
    pub kind: UnitKind,
    /// Its address.
    pub address: Address,
    /// Its citation: "điểm b khoản 2 Điều 6", "Lời nói đầu".
    pub citation: String,
    /// Its heading as written: "b)", "2.", "Điều 9."; empty for a
    /// paragraph of the preamble.
    pub marker: String,
    /// Only the unit's lead-in changes; the points under it stay.
    pub lead_in: bool,
    /// The bytes of the original text replaced: the unit after its marker.
    pub range: Range<usize>,
    /// Their text.
    pub old: String,
    /// What replaces it.
    pub new: String,
    /// The unit is repealed.
    pub repealed: bool,
    /// The findings it resolves, in text order.
    pub changes: Vec<Change>,
}

/// A covenant amended.
#[derive(Debug, Clone)]
pub struct Amendment {
    /// The findings of the covenant as given.
    pub findings: Vec<Finding>,
    /// The changes, in text order.
    pub edits: Vec<Edit>,
    /// The amended covenant.
    pub text: String,
    /// Findings of the amended covenant that are new or still there. Empty
    /// unless the pack can flag even a repealed unit.
    pub left: Vec<Finding>,
}

/// The most a target's treatment escalates to: repeal of its unit.
const REPEAL: u8 = 3;

/// The text that stands for one or more findings and is changed together.
#[derive(Debug, Clone)]
struct Target {
    range: Range<usize>,
    unit: usize,
    findings: Vec<usize>,
    /// The pack indices of the findings' rules, each once.
    rules: Vec<usize>,
    /// 0 rewrite, 1 suggestion, 2 deletion, 3 repeal of the unit.
    level: u8,
}

/// A unit's replaced stretch and the targets inside it.
struct Region {
    unit: usize,
    range: Range<usize>,
    targets: Vec<usize>,
    lead_in: bool,
}

/// A built region: its new text and where each target landed in it.
struct Built {
    text: String,
    repealed: bool,
    at: Vec<(usize, Range<usize>)>,
}

/// The covenant's units in original-text offsets.
struct Layout<'a> {
    text: &'a str,
    norm: Normalized,
    doc: Document,
    modes: Vec<Mode>,
    tree_end: Vec<usize>,
    flat: String,
}

impl<'a> Layout<'a> {
    fn new(text: &'a str) -> Layout<'a> {
        // As the screener reads it: the structure from the accented form.
        let norm = normalize(text, Mode::Accented);
        let doc = structure::parse(&norm, text);
        let modes = accent::unit_modes(&doc, &norm.text);
        let mut tree_end: Vec<usize> = doc.units.iter().map(|u| u.text.end).collect();
        for v in 0..doc.units.len() {
            for a in doc.ancestors(v) {
                tree_end[a] = tree_end[a].max(doc.units[v].text.end);
            }
        }
        let flat = norm.text.replace('\n', " ");
        Layout {
            text,
            norm,
            doc,
            modes,
            tree_end,
            flat,
        }
    }

    fn src(&self, r: &Range<usize>) -> Range<usize> {
        let s = self.norm.map.start_to_source(r.start);
        s..self.norm.map.end_to_source(r.end).max(s)
    }

    fn own(&self, u: usize) -> Range<usize> {
        self.src(&self.doc.units[u].text)
    }

    fn tree(&self, u: usize) -> Range<usize> {
        self.src(&(self.doc.units[u].text.start..self.tree_end[u]))
    }

    /// The unit a finding cites: its address, holding its start; the
    /// deepest such, never a bullet (which shares its parent's address).
    fn cited(&self, f: &Finding) -> Option<usize> {
        let want = (&f.chapter, &f.article, &f.clause, &f.point);
        (0..self.doc.units.len())
            .rev()
            .find(|&u| {
                let unit = &self.doc.units[u];
                let a = &unit.address;
                unit.kind != UnitKind::Bullet
                    && unit.screened
                    && (&a.chapter, &a.article, &a.clause, &a.point) == want
                    && self.tree(u).contains(&f.start)
            })
            .or_else(|| self.owner(f.start))
    }

    /// The unit whose own text holds `pos`.
    fn owner(&self, pos: usize) -> Option<usize> {
        (0..self.doc.units.len()).rev().find(|&u| {
            let r = self.own(u);
            r.start <= pos && pos < r.end.max(r.start + 1)
        })
    }

    /// The sentence of unit `u` that holds `pos`, without enclosing quotes.
    fn sentence(&self, u: usize, pos: usize) -> Range<usize> {
        let all = sentences(&self.flat, self.doc.units[u].text.clone());
        let pick = all
            .iter()
            .map(|s| self.src(s))
            .find(|s| s.start <= pos && pos < s.end)
            .or_else(|| all.iter().map(|s| self.src(s)).find(|s| s.end > pos))
            .unwrap_or_else(|| self.own(u));
        unquote(self.text, pick)
    }

    /// The line that holds `pos`, without its surrounding spaces.
    fn line(&self, pos: usize) -> Range<usize> {
        let start = self.text[..pos].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[pos..]
            .find('\n')
            .map_or(self.text.len(), |i| pos + i);
        let raw = &self.text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        start + lead..start + raw.trim_end().len()
    }

    /// A unit's heading marker as written: "2.", "b)", "Điều 9.".
    fn marker(&self, u: usize) -> String {
        let unit = &self.doc.units[u];
        if matches!(
            unit.kind,
            UnitKind::Preamble | UnitKind::Attachment | UnitKind::Bullet
        ) {
            return String::new();
        }
        let at = self.own(u).start;
        let line = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        self.text[line..at]
            .trim()
            .trim_start_matches(['"', '“', '«'])
            .trim()
            .to_owned()
    }

    fn has_children(&self, u: usize) -> bool {
        self.tree_end[u] > self.doc.units[u].text.end
    }

    fn is_line_unit(&self, u: usize) -> bool {
        matches!(
            self.doc.units[u].kind,
            UnitKind::Preamble | UnitKind::Chapter | UnitKind::Attachment
        )
    }
}

/// A range without the quote marks (and a period after them) that close
/// a quoted amendment: they belong to the amending covenant's layout.
fn unquote(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let body = s.trim_end_matches('.');
    let body = if body.len() < s.len() && body.ends_with(['"', '”', '’', '»']) {
        body
    } else {
        s
    };
    let trimmed = body.trim_end_matches(['"', '”', '’', '»']).trim_end();
    let lead = s.len() - s.trim_start_matches(['"', '“', '‘', '«']).len();
    (r.start + lead).min(r.start + trimmed.len())..r.start + trimmed.len()
}

impl Screener {
    /// Amends a covenant so that none of its findings is left: each
    /// finding's clause is rewritten by its rule, or replaced by the
    /// rule's suggestion, or deleted, or its unit repealed, the first of
    /// these that screens clean with nothing new.
    pub fn amend(&self, text: &str, options: &AmendOptions) -> Amendment {
        let screen = ScreenOptions {
            lang: options.lang,
            ..ScreenOptions::default()
        };
        let findings = self.screen_with(text, &screen).findings;
        let layout = Layout::new(text);
        let mut targets = self.targets(&layout, &findings, &options.leave);
        let leave: HashSet<(&str, &str)> = findings
            .iter()
            .filter(|f| options.leave.contains(&f.fingerprint))
            .map(|f| (f.rule.as_str(), f.location.as_str()))
            .collect();
        let mut known: HashMap<&str, bool> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            let amended = targets.iter().any(|t| t.findings.contains(&i));
            *known.entry(f.fingerprint.as_str()).or_default() |= amended;
        }
        // Each round either ends or raises one target's level; levels stop
        // at REPEAL, so the rounds are bounded.
        let mut rounds = 0;
        loop {
            rounds += 1;
            let (regions, built) = self.build_all(&layout, &mut targets);
            let (amended, starts) = splice(text, &regions, &built);
            let after = self.screen_with(&amended, &screen).findings;
            let problems: Vec<Finding> = after
                .into_iter()
                .filter(|f| match known.get(f.fingerprint.as_str()) {
                    Some(&amended) => amended,
                    None => !leave.contains(&(f.rule.as_str(), f.location.as_str())),
                })
                .collect();
            let raised = !problems.is_empty()
                && rounds < 4 * targets.len() + 4
                && raise(&mut targets, &regions, &built, &starts, &problems);
            if !raised {
                let edits = edits(&layout, &targets, &regions, built);
                return Amendment {
                    findings,
                    edits,
                    text: amended,
                    left: problems,
                };
            }
        }
    }

    /// Applies a rule's rewrite steps to one clause, read in the accent
    /// mode of its own text; `None` when the rule has no steps or none
    /// matches.
    ///
    /// ```
    /// let s = huonguoc_screen::Screener::embedded().unwrap();
    /// let r = s.rewrite("participation.leader-must-be-male", "Truong thon phai la nam gioi co uy tin.");
    /// assert_eq!(r.as_deref(), Some("Truong thon phai la nguoi co uy tin."));
    /// ```
    pub fn rewrite(&self, rule: &str, clause: &str) -> Option<String> {
        let index = self.pack().rules.iter().position(|r| r.id == rule)?;
        let mode = accent::mode_of(&normalize(clause, Mode::Accented).text);
        rewrite::apply(&self.compiled(mode).rewrites[index], clause)
    }

    /// Groups the findings to amend into targets: the sentence (or unit,
    /// or subtree, by the rule's scope) each stands for.
    fn targets(&self, layout: &Layout, findings: &[Finding], leave: &[String]) -> Vec<Target> {
        let mut out: Vec<Target> = Vec::new();
        for (i, f) in findings.iter().enumerate() {
            if leave.contains(&f.fingerprint) {
                continue;
            }
            let Some(unit) = layout.cited(f) else {
                continue;
            };
            let Some(rule) = self.pack().rules.iter().position(|r| r.id == f.rule) else {
                continue;
            };
            let scope = self.pack().rules[rule].scope;
            let range = match scope {
                _ if layout.is_line_unit(unit) => {
                    let owner = layout.owner(f.start).unwrap_or(unit);
                    layout.sentence(owner, f.start)
                }
                Scope::Sentence => {
                    let owner = layout.owner(f.start).unwrap_or(unit);
                    layout.sentence(owner, f.start)
                }
                Scope::Unit => unquote(layout.text, layout.own(unit)),
                Scope::Tree => unquote(layout.text, layout.tree(unit)),
            };
            match out.iter_mut().find(|t| {
                t.range.start < range.end.max(range.start + 1) && range.start < t.range.end
            }) {
                Some(t) => {
                    t.range = t.range.start.min(range.start)..t.range.end.max(range.end);
                    t.findings.push(i);
                    if !t.rules.contains(&rule) {
                        t.rules.push(rule);
                    }
                }
                None => out.push(Target {
                    range,
                    unit,
                    findings: vec![i],
                    rules: vec![rule],
                    level: 0,
                }),
            }
        }
        for t in &mut out {
            t.level = self.first_level(t);
        }
        out.sort_by_key(|t| t.range.start);
        out
    }

    /// Repeal if any rule says no lawful version exists; a rewrite if any
    /// rule has steps; else the suggestion.
    fn first_level(&self, t: &Target) -> u8 {
        let rules = &self.pack().rules;
        let action = |a: RewriteAction| {
            t.rules
                .iter()
                .any(|&r| rules[r].rewrite.as_ref().is_some_and(|w| w.action == a))
        };
        if action(RewriteAction::Repeal) {
            2
        } else if action(RewriteAction::Rewrite) {
            0
        } else {
            1
        }
    }

    /// Builds every region, raising a target whose rewrite changes nothing
    /// or whose deletion empties its unit, until the build is stable.
    fn build_all(&self, layout: &Layout, targets: &mut [Target]) -> (Vec<Region>, Vec<Built>) {
        loop {
            let regions = regions(layout, targets);
            let mut again = false;
            let mut built = Vec::with_capacity(regions.len());
            for r in &regions {
                match self.build(layout, targets, r) {
                    Ok(b) => built.push(b),
                    Err(raise) => {
                        for i in raise {
                            targets[i].level = (targets[i].level + 1).min(REPEAL);
                        }
                        again = true;
                    }
                }
            }
            if !again {
                return (regions, built);
            }
        }
    }

    /// The new text of one region, or the targets to raise first.
    fn build(&self, layout: &Layout, targets: &[Target], r: &Region) -> Result<Built, Vec<usize>> {
        let mode = layout.modes[r.unit];
        let repeal = |at: Vec<(usize, Range<usize>)>| {
            let text = if layout.is_line_unit(r.unit) {
                String::new()
            } else {
                fit("(bãi bỏ)", mode)
            };
            let len = text.len();
            Built {
                text,
                repealed: true,
                at: at.into_iter().map(|(i, _)| (i, 0..len)).collect(),
            }
        };
        let inside: Vec<(usize, Range<usize>)> = r.targets.iter().map(|&i| (i, 0..0)).collect();
        if r.targets.iter().any(|&i| targets[i].level >= REPEAL) {
            return Ok(repeal(inside));
        }
        let src = layout.text;
        let mut out = String::new();
        let mut kept = r.range.start;
        let mut at = Vec::new();
        for &i in &r.targets {
            let t = &targets[i];
            out.push_str(&src[kept..t.range.start]);
            let old = &src[t.range.clone()];
            let new = match t.level {
                0 => self.rewritten(old, t, mode).ok_or_else(|| vec![i])?,
                1 => self.suggestion(t, mode),
                _ => String::new(),
            };
            kept = t.range.end;
            if new.is_empty() {
                // The sentence goes with the space after it.
                let rest = &src[kept..r.range.end];
                kept += rest.len() - rest.trim_start_matches([' ', '\t']).len();
                if kept == r.range.end || src[kept..].starts_with(['\n', '\r']) {
                    out.truncate(out.trim_end_matches([' ', '\t']).len());
                }
            }
            let s = out.len();
            out.push_str(&new);
            at.push((i, s..out.len()));
        }
        out.push_str(&src[kept..r.range.end]);
        if is_empty_unit(&out, layout.doc.units[r.unit].kind) {
            if r.lead_in && !layout.is_line_unit(r.unit) {
                // A lead-in gone leaves its points without a sentence:
                // the whole unit goes.
                return Err(r
                    .targets
                    .iter()
                    .copied()
                    .filter(|&i| targets[i].level < REPEAL)
                    .collect());
            }
            return Ok(repeal(inside));
        }
        Ok(Built {
            text: out,
            repealed: false,
            at,
        })
    }

    /// The target rewritten by the steps of each of its rules in turn;
    /// `None` when none of them changes it.
    fn rewritten(&self, old: &str, t: &Target, mode: Mode) -> Option<String> {
        let compiled = self.compiled(mode);
        let mut text = old.to_owned();
        let mut changed = false;
        for &idx in &t.rules {
            if let Some(next) = rewrite::apply(&compiled.rewrites[idx], &text) {
                text = next;
                changed = true;
            }
        }
        changed.then_some(text)
    }

    /// The suggestions of the target's rules, each once, in Vietnamese.
    fn suggestion(&self, t: &Target, mode: Mode) -> String {
        let mut seen: Vec<&str> = Vec::new();
        for &idx in &t.rules {
            let s = self.pack().rules[idx].suggestion.trim();
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        fit(&seen.join(" "), mode)
    }
}

/// Whether a unit's text has nothing left but its article title or
/// punctuation.
fn is_empty_unit(text: &str, kind: UnitKind) -> bool {
    let body = match kind {
        UnitKind::Article => text.split_once('\n').map_or("", |(_, rest)| rest),
        _ => text,
    };
    !body.chars().any(char::is_alphanumeric)
}

/// One region per cited unit: its own text, or its subtree when a target
/// lies below its own text; a region inside another joins it.
fn regions(layout: &Layout, targets: &[Target]) -> Vec<Region> {
    let mut by_unit: Vec<Region> = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        let u = t.unit;
        let range = if layout.is_line_unit(u) {
            layout.line(t.range.start)
        } else {
            let own = unquote(layout.text, layout.own(u));
            let inside = own.start <= t.range.start && t.range.end <= own.end;
            if inside && t.level < REPEAL {
                own
            } else {
                unquote(layout.text, layout.tree(u))
            }
        };
        match by_unit
            .iter_mut()
            .find(|r| r.unit == u && (!layout.is_line_unit(u) || r.range == range))
        {
            Some(r) => {
                r.range = r.range.start.min(range.start)..r.range.end.max(range.end);
                r.targets.push(i);
            }
            None => by_unit.push(Region {
                unit: u,
                range,
                targets: vec![i],
                lead_in: false,
            }),
        }
    }
    by_unit.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
    let mut out: Vec<Region> = Vec::new();
    for r in by_unit {
        match out.last_mut() {
            Some(last) if r.range.start < last.range.end => {
                last.range.end = last.range.end.max(r.range.end);
                last.targets.extend(r.targets);
            }
            _ => out.push(r),
        }
    }
    for r in &mut out {
        r.targets.sort_by_key(|&i| targets[i].range.start);
        let own_end = layout.own(r.unit).end;
        r.lead_in =
            !layout.is_line_unit(r.unit) && layout.has_children(r.unit) && r.range.end <= own_end;
    }
    out
}

/// The amended text, and where each region starts in it.
fn splice(text: &str, regions: &[Region], built: &[Built]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(regions.len());
    let mut kept = 0;
    for (r, b) in regions.iter().zip(built) {
        out.push_str(&text[kept..r.range.start]);
        starts.push(out.len());
        out.push_str(&b.text);
        kept = r.range.end;
    }
    out.push_str(&text[kept..]);
    (out, starts)
}

/// Raises the targets that explain each problem; whether any was raised.
fn raise(
    targets: &mut [Target],
    regions: &[Region],
    built: &[Built],
    starts: &[usize],
    problems: &[Finding],
) -> bool {
    let mut up: HashSet<usize> = HashSet::new();
    for p in problems {
        let region = (0..regions.len())
            .find(|&k| starts[k] <= p.start && p.start <= starts[k] + built[k].text.len())
            .or_else(|| (0..regions.len()).rev().find(|&k| starts[k] <= p.start));
        let Some(k) = region else { continue };
        let local = p.start.saturating_sub(starts[k]);
        let hit: Vec<usize> = built[k]
            .at
            .iter()
            .filter(|(_, r)| r.start <= local && local <= r.end)
            .map(|(i, _)| *i)
            .collect();
        let chosen = if hit.is_empty() {
            regions[k].targets.clone()
        } else {
            hit
        };
        up.extend(chosen.into_iter().filter(|&i| targets[i].level < REPEAL));
    }
    for &i in &up {
        targets[i].level += 1;
    }
    !up.is_empty()
}

/// The edits as reported.
fn edits(layout: &Layout, targets: &[Target], regions: &[Region], built: Vec<Built>) -> Vec<Edit> {
    regions
        .iter()
        .zip(built)
        .map(|(r, b)| {
            let unit = &layout.doc.units[r.unit];
            let mut changes: Vec<Change> = r
                .targets
                .iter()
                .flat_map(|&i| {
                    // A rewrite that leaves nothing deleted the sentence.
                    let emptied = b.at.iter().any(|(t, at)| *t == i && at.is_empty());
                    let how = match (b.repealed, targets[i].level) {
                        (true, _) => How::Repealed,
                        (_, 0) if emptied => How::Deleted,
                        (_, 0) => How::Rewritten,
                        (_, 1) => How::Suggested,
                        _ => How::Deleted,
                    };
                    targets[i]
                        .findings
                        .iter()
                        .map(move |&finding| Change { finding, how })
                })
                .collect();
            changes.sort_by_key(|c| c.finding);
            Edit {
                kind: unit.kind,
                address: unit.address.clone(),
                citation: unit.address.citation(),
                marker: layout.marker(r.unit),
                lead_in: r.lead_in,
                range: r.range.clone(),
                old: layout.text[r.range.clone()].to_owned(),
                new: b.text,
                repealed: b.repealed,
                changes,
            }
        })
        .collect()
}
