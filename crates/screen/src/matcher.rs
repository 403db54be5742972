//! Matching a compiled pack against one document.
//!
//! The term search runs once over the whole matching form. Rules are then
//! tried only on the sentences (or units) where their terms hit, and
//! regexes run only there.

use std::ops::Range;

use huonguoc_text::Mode;

use crate::analyse::{Found, Join, Treated, Words};
use crate::budget::{Budget, Limit, OverBudget};
use crate::compile::{Compiled, CompiledRule, Group, Pattern, Present, TermId, at_boundaries};
use crate::forward::RuleRegex;
use crate::pack::{FrameKind, NumberCheck, Rule, Scope};
use crate::structure::{Document, UnitKind};

/// A term found in the matching form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) term: TermId,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// What a rule matched on, in matching-form offsets.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub(crate) rule: usize,
    pub(crate) unit: usize,
    pub(crate) scope: Range<usize>,
    pub(crate) span: Range<usize>,
    pub(crate) evidence: Vec<Hit>,
    /// For a finding of the general analysis, who, what and where.
    pub(crate) analysis: Option<Found>,
}

/// Every term hit at syllable boundaries inside `segments` (in text
/// order; no term runs across a segment's end), with terms inside an
/// organisation's name removed.
pub(crate) fn find_hits(compiled: &Compiled, text: &str, segments: &[Range<usize>]) -> Vec<Hit> {
    // About one hit per ten bytes in a hit-dense covenant: sized once, the
    // vector is not copied as it grows.
    let mut hits: Vec<Hit> = Vec::with_capacity(text.len() / 10);
    compiled.lexicon.find(text, segments, &mut hits);
    // Each segment's hits come in order; segments normally do too.
    if !hits.is_sorted_by_key(|h| (h.start, h.end, h.term)) {
        hits.sort_unstable_by_key(|h| (h.start, h.end, h.term));
    }
    if let Some(names) = compiled.frames.get(&FrameKind::Name) {
        drop_inside_names(&mut hits, |t| names.terms.contains(t));
    }
    hits
}

/// Removes the hits inside an organisation's name ("phụ nữ" in "Hội Liên
/// hiệp Phụ nữ"), keeping the names: a hit is inside when it ends by the
/// furthest end of the names begun at or before its start. `hits` must be
/// sorted by start.
fn drop_inside_names(hits: &mut Vec<Hit>, is_name: impl Fn(TermId) -> bool) {
    let names: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| is_name(h.term))
        .map(|h| (h.start, h.end))
        .collect();
    let (mut kept, mut i, mut next, mut name_end) = (0, 0, 0, 0);
    while i < hits.len() {
        while let Some(&(_, e)) = names.get(next).filter(|n| n.0 <= hits[i].start) {
            name_end = name_end.max(e);
            next += 1;
        }
        if hits[i].start >= name_end {
            // Past the names begun so far, every hit up to the next name's
            // start ends after them: kept as a block, not one by one (names
            // are few, and most hits lie outside them).
            let run_end = names.get(next).map_or(hits.len(), |&(s, _)| {
                i + hits[i..].partition_point(|h| h.start < s)
            });
            if kept < i {
                hits.copy_within(i..run_end, kept);
            }
            kept += run_end - i;
            i = run_end;
        } else {
            let h = hits[i];
            if is_name(h.term) || h.end > name_end {
                hits[kept] = h;
                kept += 1;
            }
            i += 1;
        }
    }
    hits.truncate(kept);
}

/// The hits that lie inside `range`.
pub(crate) fn hits_in<'a>(hits: &'a [Hit], range: &Range<usize>) -> &'a [Hit] {
    &hits[hit_range(hits, range)]
}

/// Where in `hits` the hits that lie inside `range` are.
fn hit_range(hits: &[Hit], range: &Range<usize>) -> Range<usize> {
    let from = hits.partition_point(|h| h.start < range.start);
    let to = from + hits[from..].partition_point(|h| h.start < range.end);
    trim_past(hits, from..to, range)
}

/// [`hit_range`], searched from `hint` on, where the previous range's hits
/// began. Scopes come in text order, so the search from the last one's
/// start is short; a binary search over the document's hits for each scope
/// was 2% of the time. A hint past `range`'s start is not used.
fn hit_range_from(hits: &[Hit], hint: usize, range: &Range<usize>) -> Range<usize> {
    // Hits are sorted by start: the last one before `hint` stands for all.
    let hint = if hint > 0 && hits[hint - 1].start >= range.start {
        0
    } else {
        hint
    };
    let from = gallop(hits, hint, |h| h.start < range.start);
    let to = gallop(hits, from, |h| h.start < range.end);
    trim_past(hits, from..to, range)
}

/// `starting` (the hits that start inside `range`) without the last ones
/// that run past its end.
fn trim_past(hits: &[Hit], starting: Range<usize>, range: &Range<usize>) -> Range<usize> {
    // A hit cannot run past a unit's end: units end at line ends, and
    // terms never hold a line break.
    let keep = hits[starting.clone()]
        .iter()
        .rposition(|h| h.end <= range.end)
        .map_or(0, |i| i + 1);
    starting.start..starting.start + keep
}

/// The first index at or after `from` whose hit fails `below`, which
/// holds on a prefix of `hits` that reaches `from`: probed at doubling
/// steps, then searched by halves, so it costs the log of the distance.
fn gallop(hits: &[Hit], from: usize, below: impl Fn(&Hit) -> bool) -> usize {
    let (mut lo, mut step) = (from, 1);
    loop {
        let probe = lo + step - 1;
        if probe >= hits.len() || !below(&hits[probe]) {
            let end = probe.min(hits.len());
            return lo + hits[lo..end].partition_point(&below);
        }
        lo = probe + 1;
        step *= 2;
    }
}

/// The rules of scope kind `kind` keyed by the terms of `hits` (a
/// scope's), ascending, into `tried`. Rules are keyed on their rarest
/// group, so few of a scope's hits key any: one look at each hit's kinds
/// tells them.
fn keyed_rules(compiled: &Compiled, kind: Scope, hits: &[Hit], tried: &mut Vec<u32>) {
    let by_term = &compiled.rules_by_term[kind as usize];
    for h in hits {
        let kinds = compiled
            .key_kinds
            .get(h.term as usize)
            .copied()
            .unwrap_or(0);
        if kinds & (1 << kind as u8) != 0 {
            tried.extend(by_term.of(h.term));
        }
    }
    tried.sort_unstable();
    tried.dedup();
}

/// Sentences of `range`: split after ".", "!" or "?" followed by a space.
/// Decimal points and thousands separators ("1.000.000") do not split.
pub(crate) fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    push_sentences(text, range, &mut out);
    out
}

/// [`sentences`], pushed to `out`: a buffer kept across units spares an
/// allocation for each.
fn push_sentences(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = range.start;
    // Stops found with memchr: this runs on every unit with a hit.
    for k in memchr::memchr3_iter(b'.', b'!', b'?', &bytes[range.clone()]) {
        let i = range.start + k;
        if i + 1 == range.end || bytes[i + 1] == b' ' {
            push_trimmed(text, out, start..i + 1);
            start = i + 1;
        }
    }
    push_trimmed(text, out, start..range.end);
}

fn push_trimmed(text: &str, out: &mut Vec<Range<usize>>, r: Range<usize>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Finds the candidates of the units of one document whose mode in
/// `modes` is the compiled pack's.
pub(crate) fn candidates(
    own: Layer,
    other: Option<Layer>,
    rules: &[Rule],
    input: &Input,
    budget: &Budget,
) -> Result<Vec<Candidate>, OverBudget> {
    let Input {
        doc,
        text,
        lines,
        modes,
        ..
    } = *input;
    let Layer { compiled, hits, .. } = own;
    let mut out = Vec::new();
    let mut tried: Vec<u32> = Vec::new();
    // Each unit's scopes, in buffers kept from unit to unit.
    let mut scopes: Vec<(Range<usize>, Scope)> = Vec::new();
    let mut sentence_buf: Vec<Range<usize>> = Vec::new();
    let mut present = Present::default();
    let words = Words::new(text);
    let tree_end = tree_ends(doc);
    // Where the last unit's hits began: units come in text order.
    let mut cursor = 0;
    let mut last_parent = None;
    let ctx = DocCtx {
        compiled,
        doc,
        text,
        hits,
        words: &words,
        tree_end: &tree_end,
    };
    let mut frames = FrameCache {
        own,
        other,
        modes,
        doc,
        text,
        lines,
        seen: Vec::new(),
        treated: Treated::default(),
    };
    for (u, unit) in doc.units.iter().enumerate() {
        if !unit.screened || modes[u] != compiled.mode {
            continue;
        }
        let tree = unit.text.start..tree_end[u];
        let tree_range = hit_range_from(hits, cursor, &tree);
        cursor = tree_range.start;
        let tree_hits = &hits[tree_range.clone()];
        if tree_hits.is_empty() {
            continue;
        }
        // Most units have no children: their subtree is their text.
        let unit_hits = if tree == unit.text {
            tree_hits
        } else {
            hits_in(tree_hits, &unit.text)
        };
        if !unit_hits.is_empty() {
            push_sentences(text, unit.text.clone(), &mut sentence_buf);
            scopes.extend(sentence_buf.drain(..).map(|s| (s, Scope::Sentence)));
            scopes.push((unit.text.clone(), Scope::Unit));
        }
        // Leaves too: a comparison inside one point is cited at the point.
        // Where the tree kind reads masks, its rules are picked here, and a
        // subtree where none meets its groups is passed by.
        let tree_masks = compiled.masks[Scope::Tree as usize].as_ref();
        let tree_seen = tree_masks.map(|m| m.seen(tree_hits));
        if tree_masks
            .zip(tree_seen)
            .is_none_or(|(m, seen)| m.met(seen).next().is_some())
        {
            scopes.push((tree, Scope::Tree));
        }
        frames.seen.clear();
        // Read once for all the unit's sentences.
        let compare = compare_hits(&ctx, u, tree_hits, &mut last_parent);
        let mut at = 0;
        for (scope, kind) in scopes.drain(..) {
            // The unit's and the tree's hits are known already.
            let in_tree = match kind {
                Scope::Sentence => hit_range_from(tree_hits, at, &scope),
                Scope::Unit => 0..unit_hits.len(),
                Scope::Tree => 0..tree_hits.len(),
            };
            at = in_tree.start;
            let scope_hits = &tree_hits[in_tree.clone()];
            if kind == Scope::Sentence {
                budget.check(Limit::SentenceHits, scope_hits.len())?;
            }
            tried.clear();
            let masks = compiled.masks[kind as usize].as_ref();
            match masks {
                Some(m) if m.is_empty() => {}
                Some(m) => match (kind, tree_seen) {
                    (Scope::Tree, Some(seen)) => tried.extend(m.met(seen)),
                    _ => tried.extend(m.met(m.seen(scope_hits))),
                },
                None => {
                    keyed_rules(compiled, kind, scope_hits, &mut tried);
                    if !tried.is_empty() {
                        present.fill(compiled.terms.len(), scope_hits.iter().map(|h| h.term));
                    }
                }
            }
            for &ri in &tried {
                let rule = &compiled.rules[ri as usize];
                let meta = &rules[rule.index];
                // Rules read from masks met their groups already.
                if masks.is_none() && !rule.groups_met(&present) {
                    continue;
                }
                let Some((span, evidence)) =
                    evaluate(compiled, rule, meta, input, &scope, scope_hits)
                else {
                    continue;
                };
                if kind == Scope::Tree {
                    // Cite the smallest unit whose subtree holds the whole
                    // match: a clause, not its article.
                    let deeper = doc.units[u + 1..]
                        .iter()
                        .enumerate()
                        .take_while(|(_, w)| w.text.start < tree_end[u])
                        .any(|(i, w)| {
                            w.text.start <= span.start && span.end <= tree_end[u + 1 + i]
                        });
                    if deeper {
                        continue;
                    }
                }
                // The unit whose own text holds the start of the match: its
                // sentence and its parents' lead-ins decide the frames, so a
                // clause's "Nghiêm cấm …:" covers a comparison of its points.
                let owner = match kind {
                    Scope::Sentence => u,
                    Scope::Unit | Scope::Tree => doc.units[u..]
                        .iter()
                        .position(|v| v.text.contains(&span.start))
                        .map_or(u, |i| u + i),
                };
                let sentence = match kind {
                    Scope::Sentence => scope.clone(),
                    Scope::Unit | Scope::Tree => sentences(text, doc.units[owner].text.clone())
                        .into_iter()
                        .find(|s| s.contains(&span.start))
                        .unwrap_or_else(|| scope.clone()),
                };
                if frames.framed(meta, owner, &sentence) {
                    continue;
                }
                out.push(Candidate {
                    rule: rule.index,
                    unit: u,
                    scope: sentence,
                    span,
                    evidence,
                    analysis: None,
                });
            }
            if kind == Scope::Unit {
                out.extend(analyse_amounts(
                    &ctx,
                    rules,
                    u,
                    &scope,
                    scope_hits,
                    &mut frames,
                ));
            }
            if kind == Scope::Sentence {
                out.extend(analyse(
                    &ctx,
                    rules,
                    u,
                    &scope,
                    scope_hits,
                    compare,
                    &mut frames,
                ));
            }
        }
    }
    Ok(out)
}

/// The document being screened, in the forms matching needs.
#[derive(Clone, Copy)]
pub(crate) struct Input<'a> {
    pub(crate) doc: &'a Document,
    /// The matching form with line breaks as spaces.
    pub(crate) text: &'a str,
    /// The matching form with its line breaks.
    pub(crate) lines: &'a str,
    /// Each unit's matching mode.
    pub(crate) modes: &'a [Mode],
    /// Whether the matching form holds numerals other than ASCII digits.
    pub(crate) other_numerals: bool,
}

/// What every scope of one document shares.
struct DocCtx<'a> {
    compiled: &'a Compiled,
    doc: &'a Document,
    text: &'a str,
    hits: &'a [Hit],
    words: &'a Words<'a>,
    tree_end: &'a [usize],
}

/// Frame answers for the sentences of one unit. Rules of one sentence
/// share its frames; regex frames are the costly part, so each answer is
/// kept for the unit.
struct FrameCache<'a> {
    own: Layer<'a>,
    /// The other mode's hits, for a parent typed the other way.
    other: Option<Layer<'a>>,
    modes: &'a [Mode],
    doc: &'a Document,
    text: &'a str,
    lines: &'a str,
    seen: Vec<(usize, usize, Vec<FrameKind>, bool)>,
    /// What each unit's hits do to whom, for the symmetry check.
    treated: Treated,
}

/// A compiled pack and its hits in one accent mode.
#[derive(Clone, Copy)]
pub(crate) struct Layer<'a> {
    pub(crate) compiled: &'a Compiled,
    pub(crate) hits: &'a [Hit],
    /// The hits of frame terms, from [`frame_hits`].
    pub(crate) frame_hits: &'a [FrameHit],
}

/// A hit of a frame term: where it is, its index among the layer's hits,
/// and the frame kinds it belongs to (bits `1 << kind`). A covenant has
/// few, so a frame check looks among them rather than search all the
/// hits for a range's and test each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FrameHit {
    start: usize,
    end: usize,
    index: usize,
    kinds: u8,
}

/// The hits of `hits` whose term belongs to a frame, by `frame_kinds`
/// ([`Compiled::frame_kinds`]).
pub(crate) fn frame_hits(frame_kinds: &[u8], hits: &[Hit]) -> Vec<FrameHit> {
    hits.iter()
        .enumerate()
        .filter_map(|(index, h)| {
            let kinds = frame_kinds.get(h.term as usize).copied()?;
            (kinds != 0).then_some(FrameHit {
                start: h.start,
                end: h.end,
                index,
                kinds,
            })
        })
        .collect()
}

/// Whether a hit of [`hits_in`]`(hits, range)` has a frame kind of `want`,
/// asked of the frame hits alone. A frame hit starting in `range` is among
/// those hits unless it and every later one starting in `range` run past
/// its end (see [`trim_past`]).
fn has_frame_hit(hits: &[Hit], frames: &[FrameHit], range: &Range<usize>, want: u8) -> bool {
    let from = frames.partition_point(|f| f.start < range.start);
    frames[from..]
        .iter()
        .take_while(|f| f.start < range.end)
        .filter(|f| f.kinds & want != 0)
        .any(|f| {
            f.end <= range.end
                || hits[f.index + 1..]
                    .iter()
                    .take_while(|h| h.start < range.end)
                    .any(|h| h.end <= range.end)
        })
}

impl FrameCache<'_> {
    fn framed(&mut self, meta: &Rule, owner: usize, sentence: &Range<usize>) -> bool {
        let key = (sentence.start, sentence.end);
        if let Some(c) = self
            .seen
            .iter()
            .find(|c| (c.0, c.1) == key && c.2 == meta.ignore_frames)
        {
            return c.3;
        }
        let layer_of = |a: usize| match self.other {
            Some(o) if self.modes[a] == o.compiled.mode => o,
            _ => self.own,
        };
        let f = framed(
            meta, self.doc, owner, self.text, self.lines, sentence, self.own, &layer_of,
        );
        self.seen
            .push((key.0, key.1, meta.ignore_frames.clone(), f));
        f
    }
}

/// The general analysis on one sentence of unit `u`, and on the sentence
/// joined to its parent's lead-in when the parent ends in ":".
fn analyse(
    ctx: &DocCtx,
    rules: &[Rule],
    u: usize,
    sentence: &Range<usize>,
    sentence_hits: &[Hit],
    compare: &[Hit],
    frames: &mut FrameCache,
) -> Option<Candidate> {
    let analysis = &ctx.compiled.analysis;
    if analysis.is_empty() || sentence_hits.is_empty() {
        return None;
    }
    let anchored = |f: &Found| anchored(ctx, f);
    let mut found = analysis.find(
        ctx.words,
        None,
        sentence_hits,
        compare,
        &anchored,
        &mut frames.treated,
    );
    if found.is_none() {
        found = lead_in(ctx, u).and_then(|lead| {
            let mut joined: Vec<Hit> = hits_in(ctx.hits, &lead).to_vec();
            joined.extend_from_slice(sentence_hits);
            let join = Join {
                lead_end: lead.end,
                point_start: sentence.start,
            };
            let in_point = |f: &Found| {
                anchored(f)
                    && [Some(f.actor), Some(f.act), f.domain]
                        .iter()
                        .flatten()
                        .any(|h| h.start >= sentence.start)
            };
            analysis.find(
                ctx.words,
                Some(join),
                &joined,
                compare,
                &in_point,
                &mut frames.treated,
            )
        });
    }
    let found = found?;
    let evidence = found.evidence();
    let meta = &rules[found.rule];
    if frames.framed(meta, u, sentence) {
        return None;
    }
    let in_sentence: Vec<&Hit> = evidence
        .iter()
        .filter(|h| sentence.contains(&h.start))
        .collect();
    let start = in_sentence.first().map_or(sentence.start, |h| h.start);
    let end = in_sentence.last().map_or(sentence.end, |h| h.end);
    Some(Candidate {
        rule: found.rule,
        unit: u,
        scope: sentence.clone(),
        span: start..end,
        evidence,
        analysis: Some(found),
    })
}

/// Folding collides (nam/năm, chồng/chống, đinh/định), so in unaccented
/// text the person must be a sure word and the finding needs two distinct
/// sure anchors, where accented text needs one.
fn anchored(ctx: &DocCtx, f: &Found) -> bool {
    if ctx.compiled.mode != Mode::Folded {
        return true;
    }
    let analysis = &ctx.compiled.analysis;
    let strong =
        |h: &Hit| !ctx.compiled.weak.contains(h.term) && !analysis.weak_folded.contains(h.term);
    let mut anchors: Vec<TermId> = f
        .evidence()
        .iter()
        .filter(|h| strong(h))
        .map(|h| h.term)
        .collect();
    anchors.sort_unstable();
    anchors.dedup();
    strong(&f.actor) && anchors.len() >= 2
}

/// Different amounts for each sex across the sentences of unit `u`,
/// cited at the sentence of the first name compared.
fn analyse_amounts(
    ctx: &DocCtx,
    rules: &[Rule],
    u: usize,
    unit: &Range<usize>,
    hits: &[Hit],
    frames: &mut FrameCache,
) -> Option<Candidate> {
    let found = ctx
        .compiled
        .analysis
        .different_amounts(ctx.words, hits)
        .filter(|f| anchored(ctx, f))?;
    let sentence = sentences(ctx.text, unit.clone())
        .into_iter()
        .find(|s| s.contains(&found.actor.start))?;
    if frames.framed(&rules[found.rule], u, &sentence) {
        return None;
    }
    let evidence = found.evidence();
    Some(Candidate {
        rule: found.rule,
        unit: u,
        scope: sentence,
        span: found.actor.start..found.act.end.max(found.actor.end),
        evidence,
        analysis: Some(found),
    })
}

/// Where the other sex may get the same treatment as in unit `u`: anywhere
/// in the list the unit belongs to, its parent's subtree, or in the unit's
/// own subtree (`tree_hits`). `last` keeps the last parent's hits: the
/// items of a list come one after another, and each searched all the
/// covenant's hits for the same subtree.
fn compare_hits<'a>(
    ctx: &DocCtx<'a>,
    u: usize,
    tree_hits: &'a [Hit],
    last: &mut Option<(usize, &'a [Hit])>,
) -> &'a [Hit] {
    let unit = &ctx.doc.units[u];
    match unit.parent {
        Some(p)
            if matches!(
                unit.kind,
                UnitKind::Point | UnitKind::Clause | UnitKind::Bullet
            ) =>
        {
            match *last {
                Some((q, hits)) if q == p => hits,
                _ => {
                    let parent = &ctx.doc.units[p];
                    let hits = hits_in(ctx.hits, &(parent.text.start..ctx.tree_end[p]));
                    *last = Some((p, hits));
                    hits
                }
            }
        }
        _ => tree_hits,
    }
}

/// The last sentence of the parent's own text when it ends in ":": the
/// lead-in of a list whose items are clauses or points.
fn lead_in(ctx: &DocCtx, u: usize) -> Option<Range<usize>> {
    let p = ctx.doc.units[u].parent?;
    let own = ctx.doc.units[p].text.clone();
    if !ctx.text[own.clone()].trim_end().ends_with(':') {
        return None;
    }
    sentences(ctx.text, own).pop()
}

/// Where each unit's subtree ends: its own text and all its descendants'.
fn tree_ends(doc: &Document) -> Vec<usize> {
    let mut end: Vec<usize> = doc.units.iter().map(|u| u.text.end).collect();
    for (v, unit) in doc.units.iter().enumerate() {
        for a in doc.ancestors(v) {
            end[a] = end[a].max(unit.text.end);
        }
    }
    end
}

/// Tries one rule on one scope.
fn evaluate(
    compiled: &Compiled,
    rule: &CompiledRule,
    meta: &Rule,
    input: &Input,
    scope: &Range<usize>,
    hits: &[Hit],
) -> Option<(Range<usize>, Vec<Hit>)> {
    let text = input.text;
    let mut evidence = Vec::new();
    for g in &rule.all {
        evidence.push(*hits.iter().find(|h| g.contains(h.term))?);
    }
    let mut span = None;
    if !rule.seq.is_empty() {
        let chain = find_chain(&rule.seq, meta.gap, text, hits)?;
        span = Some(chain[0].start..chain[chain.len() - 1].end);
        evidence.extend(chain);
    }
    if !rule.patterns.is_empty() {
        let m = rule
            .patterns
            .iter()
            .find_map(|p| find_pattern(p, &meta.numbers, text, scope, input.other_numerals))?;
        span = Some(m);
    }
    if compiled.mode == Mode::Folded {
        // Folding collides (nam/năm, chồng/chống), so unaccented text needs
        // two distinct anchors where accented text needs one.
        let mut anchors: Vec<TermId> = hits
            .iter()
            .filter(|h| rule.anchors.contains(h.term) && !compiled.weak.contains(h.term))
            .map(|h| h.term)
            .collect();
        anchors.sort_unstable();
        anchors.dedup();
        if anchors.len() < 2 {
            return None;
        }
    }
    evidence.sort_unstable_by_key(|h| (h.start, h.end));
    evidence.dedup();
    let span = span.unwrap_or_else(|| {
        let s = evidence
            .iter()
            .map(|h| h.start)
            .min()
            .unwrap_or(scope.start);
        let e = evidence.iter().map(|h| h.end).max().unwrap_or(scope.end);
        s..e
    });
    Some((span, evidence))
}

/// The first chain of hits, one per step, in order and at most `gap`
/// words apart: the chain a depth-first search over `hits` in text order
/// meets first. `hits` must be sorted by start, as [`hits_in`] gives them.
///
/// Trying every pair and counting the words between them was cubic on one
/// long sentence (an attack file of comma-joined clauses took minutes).
/// Here one backward pass per step marks the hits from which the rest of
/// the chain can be completed, and word counts come from one index of the
/// word starts, so the work is linear in the text the hits span plus
/// O(steps + log hits) per hit.
fn find_chain(steps: &[Group], gap: usize, text: &str, hits: &[Hit]) -> Option<Vec<Hit>> {
    // An ordinary sentence has a handful of hits, and a depth-first search
    // with no set-up is cheapest there. Its work is bounded: past the bound
    // (one long sentence), the linear search below takes over.
    let mut budget = 64 * hits.len().max(16);
    match chain_dfs(steps, gap, text, hits, None, &mut budget) {
        Ok(found) => found,
        Err(Exhausted) => chain_linear(steps, gap, text, hits),
    }
}

/// The depth-first search ran out of its work budget.
struct Exhausted;

/// The first chain in depth-first order, or [`Exhausted`] once `budget`
/// units of work (hits looked at, bytes counted) are spent.
fn chain_dfs(
    steps: &[Group],
    gap: usize,
    text: &str,
    hits: &[Hit],
    prev: Option<Hit>,
    budget: &mut usize,
) -> Result<Option<Vec<Hit>>, Exhausted> {
    // Hits are sorted by start: a step begins after the previous one ends,
    // and no later than the start of the word past the gap.
    let from = prev.map_or(0, |p| hits.partition_point(|h| h.start < p.end));
    let cutoff = prev.map_or(usize::MAX, |p| word_past_gap(text, p.end, gap));
    for h in &hits[from..] {
        if h.start > cutoff {
            break;
        }
        *budget = budget.checked_sub(1).ok_or(Exhausted)?;
        if !steps[0].contains(h.term) {
            continue;
        }
        if let Some(p) = prev {
            *budget = budget.checked_sub((h.start - p.end) / 8).ok_or(Exhausted)?;
        }
        if steps.len() == 1 {
            return Ok(Some(vec![*h]));
        }
        if let Some(mut rest) = chain_dfs(&steps[1..], gap, text, hits, Some(*h), budget)? {
            rest.insert(0, *h);
            return Ok(Some(rest));
        }
    }
    Ok(None)
}

/// Where the word after the first `gap` words from `from` starts (or
/// `usize::MAX`): more than `gap` words lie between `from` and a position
/// exactly when the position is past it.
fn word_past_gap(text: &str, from: usize, gap: usize) -> usize {
    let tail = &text[from..];
    tail.split_whitespace().nth(gap).map_or(usize::MAX, |w| {
        from + (w.as_ptr() as usize - tail.as_ptr() as usize)
    })
}

/// [`find_chain`] in time linear in the text the hits span.
fn chain_linear(steps: &[Group], gap: usize, text: &str, hits: &[Hit]) -> Option<Vec<Hit>> {
    debug_assert!(hits.windows(2).all(|w| w[0].start <= w[1].start));
    let n = hits.len();
    if steps.is_empty() || n == 0 {
        return None;
    }
    let words = WordStarts::new(text, hits);
    // The hits that may follow hit i: a contiguous run, since hits are
    // sorted by start and the word count only grows with the distance.
    let reach: Vec<Range<usize>> = hits
        .iter()
        .map(|h| followers(hits, words.cutoff(text, h.end, gap), h.end))
        .collect();
    // first[s][j]: the first hit at or after j from which steps s.. can be
    // completed (n when none), filled from the last step back.
    let mut first: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
    for s in (0..steps.len()).rev() {
        let mut col = vec![n; n + 1];
        for i in (0..n).rev() {
            let completes = s + 1 == steps.len() || {
                let r = &reach[i];
                r.start < r.end && first[s + 1][r.start] < r.end
            };
            col[i] = if completes && steps[s].contains(hits[i].term) {
                i
            } else {
                col[i + 1]
            };
        }
        first[s] = col;
    }
    let mut i = first[0][0];
    if i == n {
        return None;
    }
    let mut chain = vec![hits[i]];
    for col in &first[1..] {
        i = col[reach[i].start];
        chain.push(hits[i]);
    }
    Some(chain)
}

/// The hits that start at or after `from` and no later than `cutoff`.
fn followers(hits: &[Hit], cutoff: usize, from: usize) -> Range<usize> {
    let lo = hits.partition_point(|h| h.start < from);
    let hi = hits.partition_point(|h| h.start <= cutoff);
    lo..hi.max(lo)
}

/// Where whitespace-separated words start, over the text that a set of
/// hits spans, so that the words between two offsets are counted by a
/// binary search rather than by rescanning the text.
struct WordStarts {
    /// Offsets after the first one whose char is not whitespace and whose
    /// previous char is.
    starts: Vec<usize>,
}

impl WordStarts {
    fn new(text: &str, hits: &[Hit]) -> Self {
        let from = hits.first().map_or(0, |h| h.start);
        let to = hits.iter().map(|h| h.end).max().unwrap_or(from);
        let mut starts = Vec::new();
        let mut prev_space = false;
        for (i, c) in text[from..to].char_indices() {
            let space = c.is_whitespace();
            if i > 0 && prev_space && !space {
                starts.push(from + i);
            }
            prev_space = space;
        }
        WordStarts { starts }
    }

    /// The last offset `to` (a hit's start) for which
    /// `words_between(text, from, to)` (the tests' measure) is at most `gap`;
    /// `usize::MAX` when there is none.
    fn cutoff(&self, text: &str, from: usize, gap: usize) -> usize {
        // A word under `from` itself counts once anything follows it.
        let under = text[from..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace());
        let Some(more) = gap.checked_sub(usize::from(under)) else {
            return from;
        };
        // Past the (more + 1)-th word start after `from`, the count exceeds
        // `gap`; at that start itself it does not yet.
        let after = self.starts.partition_point(|&g| g <= from);
        after
            .checked_add(more)
            .and_then(|k| self.starts.get(k))
            .copied()
            .unwrap_or(usize::MAX)
    }
}

/// Words (whitespace-separated) in `text[from..to]`: the measure of `gap`.
#[cfg(test)]
fn words_between(text: &str, from: usize, to: usize) -> usize {
    text[from..to].split_whitespace().count()
}

fn find_pattern(
    p: &Pattern,
    checks: &[NumberCheck],
    text: &str,
    scope: &Range<usize>,
    other_numerals: bool,
) -> Option<Range<usize>> {
    let hay = &text[scope.clone()];
    // A number check passes only on a capture holding a digit: where the
    // scope has none, the regex (the costliest step of a rule) cannot pass.
    if !checks.is_empty() && !hay.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // Nor where no run of its digits reads as a number the checks allow.
    if !other_numerals && !p.numbers_may_pass(checks, hay) {
        return None;
    }
    if !p.regex.may_match(hay, other_numerals) {
        return None;
    }
    let regex = p.regex.rule_for(other_numerals)?;
    run_pattern(regex, checks, text, scope)
}

/// The first match of `regex` in `text[scope]`, between word boundaries,
/// whose captures pass `checks`.
fn run_pattern(
    regex: &RuleRegex,
    checks: &[NumberCheck],
    text: &str,
    scope: &Range<usize>,
) -> Option<Range<usize>> {
    let hay = &text[scope.clone()];
    // Groups are read only for a number check: without one, the match is
    // enough, and finding it is cheaper than resolving the groups.
    regex.find_map(hay, !checks.is_empty(), |m, group| {
        let (s, e) = (scope.start + m.start, scope.start + m.end);
        if m.is_empty() || !at_boundaries(text, s, e) {
            return None;
        }
        let number = |name: &str| group(name).and_then(parse_number);
        let ok = checks.iter().all(|c| {
            let Some(v) = number(&c.capture) else {
                return false;
            };
            c.below.is_none_or(|b| v < b)
                && c.at_least.is_none_or(|b| v >= b)
                && c.differs_from
                    .as_deref()
                    .is_none_or(|o| number(o).is_some_and(|w| w != v))
        });
        ok.then_some(s..e)
    })
}

/// Reads "1.000.000" or "500 000" as a number.
fn parse_number(s: &str) -> Option<u64> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Whether a candidate sits in a frame that cancels it: its sentence holds
/// a prohibition, equality or protective frame, or a parent's lead-in
/// ending in ":" (or an article's title) does.
#[allow(clippy::too_many_arguments)]
fn framed<'a>(
    meta: &Rule,
    doc: &Document,
    unit: usize,
    text: &str,
    lines: &str,
    sentence: &Range<usize>,
    own: Layer<'a>,
    layer_of: &dyn Fn(usize) -> Layer<'a>,
) -> bool {
    let kinds = [
        FrameKind::Prohibition,
        FrameKind::Equality,
        FrameKind::Protective,
    ];
    let in_frame = |layer: Layer, range: &Range<usize>, kinds: &[FrameKind]| {
        let Layer {
            compiled,
            hits,
            frame_hits,
        } = layer;
        let wanted = || {
            kinds
                .iter()
                .filter(|k| !meta.ignore_frames.contains(k))
                .filter_map(|k| Some((*k, compiled.frames.get(k)?)))
        };
        let want = wanted().fold(0, |w, (k, _)| w | 1 << k as u8);
        has_frame_hit(hits, frame_hits, range, want)
            || wanted().any(|(_, f)| {
                f.patterns.iter().any(|p| {
                    let hay = &text[range.clone()];
                    // Frames are read with the regex as written.
                    p.may_match(hay, true)
                        && p.get().is_some_and(|re| {
                            re.find_iter(hay).any(|m| {
                                at_boundaries(text, range.start + m.start(), range.start + m.end())
                            })
                        })
                })
            })
    };
    if in_frame(own, sentence, &kinds) {
        return true;
    }
    // A parent typed in the other accent mode is read with that mode's
    // hits: "Nghiêm cấm …:" over points typed without diacritics.
    for a in doc.ancestors(unit) {
        let layer = layer_of(a);
        let own = &doc.units[a].text;
        let body = text[own.clone()].trim_end();
        if body.ends_with(':') && in_frame(layer, own, &kinds) {
            return true;
        }
        if doc.units[a].kind == UnitKind::Article {
            let title_end = lines[own.clone()]
                .find('\n')
                .map_or(own.end, |i| own.start + i);
            if in_frame(layer, &(own.start..title_end), &[FrameKind::Prohibition]) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_stops_not_in_numbers() {
        let t = "học sinh nam thưởng 1.000.000 đồng. con gái không được. hết";
        let got: Vec<&str> = sentences(t, 0..t.len())
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(
            got,
            [
                "học sinh nam thưởng 1.000.000 đồng.",
                "con gái không được.",
                "hết"
            ]
        );
    }

    /// The search `find_chain` replaced, kept as its specification.
    fn naive_chain(
        steps: &[Group],
        gap: usize,
        text: &str,
        hits: &[Hit],
        prev: Option<Hit>,
    ) -> Option<Vec<Hit>> {
        for h in hits {
            if !steps[0].contains(h.term) {
                continue;
            }
            if let Some(p) = prev {
                if h.start < p.end || words_between(text, p.end, h.start) > gap {
                    continue;
                }
            }
            if steps.len() == 1 {
                return Some(vec![*h]);
            }
            if let Some(mut rest) = naive_chain(&steps[1..], gap, text, hits, Some(*h)) {
                rest.insert(0, *h);
                return Some(rest);
            }
        }
        None
    }

    fn group(terms: &[TermId]) -> Group {
        Group::new(terms.to_vec())
    }

    /// Hits on every char-boundary pair that `spans` names, sorted as
    /// `find_hits` sorts them.
    fn hits_on(text: &str, spans: &[(usize, usize, TermId)]) -> Vec<Hit> {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut hits: Vec<Hit> = spans
            .iter()
            .map(|&(a, len, term)| {
                let a = a % bounds.len();
                let b = (a + len).min(bounds.len() - 1);
                Hit {
                    term,
                    start: bounds[a],
                    end: bounds[b],
                }
            })
            .collect();
        hits.sort_unstable_by_key(|h| (h.start, h.end, h.term));
        hits
    }

    #[test]
    fn chain_cases() {
        let t = "nam giới, con trai  trưởng\u{a0}được ưu tiên";
        let w = |s: &str| t.find(s).unwrap();
        let hit = |term, s: &str| Hit {
            term,
            start: w(s),
            end: w(s) + s.len(),
        };
        let hits = vec![
            hit(0, "nam"),
            hit(1, "con trai"),
            hit(2, "trưởng"),
            hit(3, "ưu tiên"),
        ];
        // (steps, gap, expected terms of the chain)
        type Case<'a> = (&'a [&'a [TermId]], usize, Option<&'a [TermId]>);
        let table: &[Case] = &[
            (&[&[0], &[1]], 1, Some(&[0, 1])),
            (&[&[0], &[1]], 0, None),
            (&[&[1], &[2]], 0, Some(&[1, 2])),
            (&[&[0], &[2]], 2, None),
            (&[&[0], &[2]], 3, Some(&[0, 2])),
            // The no-break space separates words too.
            (&[&[2], &[3]], 0, None),
            (&[&[2], &[3]], 1, Some(&[2, 3])),
            (&[&[1, 0], &[2, 1], &[3]], 9, Some(&[0, 1, 3])),
            (&[&[3], &[0]], 9, None),
        ];
        for (steps, gap, want) in table {
            let steps: Vec<Group> = steps.iter().map(|g| group(g)).collect();
            let got =
                find_chain(&steps, *gap, t, &hits).map(|c| c.iter().map(|h| h.term).collect());
            assert_eq!(got, want.map(<[TermId]>::to_vec), "{steps:?} gap {gap}");
        }
    }

    #[test]
    fn chain_on_a_long_sentence_finds_the_pair_at_its_end() {
        // The attack shape: thousands of clauses joined by commas, with
        // the only chain at the very end.
        let clause = "nam được dự họp, ";
        let mut t = clause.repeat(4000);
        let tail = t.len();
        t.push_str("con gái không được chia đất");
        let mut hits: Vec<Hit> = t
            .match_indices("nam")
            .map(|(i, _)| Hit {
                term: 0,
                start: i,
                end: i + 3,
            })
            .collect();
        hits.push(Hit {
            term: 1,
            start: tail,
            end: tail + "con gái".len(),
        });
        let chain_of = |steps: &[Group], gap| find_chain(steps, gap, &t, &hits);
        // "được dự họp," lies between the last "nam" and "con gái".
        let got = chain_of(&[group(&[0]), group(&[1])], 3).expect("a chain");
        assert_eq!((got[0].start, got[1].start), (tail - clause.len(), tail));
        assert!(chain_of(&[group(&[0]), group(&[1])], 2).is_none());
        assert!(chain_of(&[group(&[1]), group(&[0])], 400).is_none());
    }

    /// What [`drop_inside_names`] keeps, one hit at a time.
    fn kept_outside_names(hits: &[Hit], is_name: impl Fn(TermId) -> bool) -> Vec<Hit> {
        let mut names: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| is_name(h.term))
            .map(|h| (h.start, h.end))
            .collect();
        names.sort_unstable();
        let mut name_end = 0;
        let mut next = names.iter().peekable();
        let mut out = hits.to_vec();
        out.retain(|h| {
            while let Some(&&(s, e)) = next.peek() {
                if s > h.start {
                    break;
                }
                name_end = name_end.max(e);
                next.next();
            }
            is_name(h.term) || h.end > name_end
        });
        out
    }

    proptest::proptest! {
        #[test]
        fn names_drop_the_hits_a_sweep_drops(
            spans in proptest::collection::vec((0usize..80, 1usize..12, 0u32..6), 0..40),
        ) {
            // Terms 0 and 1 are names.
            let mut hits: Vec<Hit> = spans
                .iter()
                .map(|&(start, len, term)| Hit { term, start, end: start + len })
                .collect();
            hits.sort_unstable_by_key(|h| (h.start, h.end, h.term));
            let want = kept_outside_names(&hits, |t| t < 2);
            drop_inside_names(&mut hits, |t| t < 2);
            proptest::prop_assert_eq!(hits, want);
        }

        /// A frame check over the frame hits answers what a look at every
        /// hit of the range does, hits that run past its end included.
        #[test]
        fn frame_hits_answer_what_the_range_hits_do(
            starts in proptest::collection::vec((0usize..60, 0usize..8, 0u32..6), 0..40),
            ranges in proptest::collection::vec((0usize..64, 0usize..30, 1u8..8), 1..6),
        ) {
            // Terms 0 and 1 are no frame's; the others are of one or two.
            let kinds = [0u8, 0, 1, 2, 4, 3];
            let mut hits: Vec<Hit> = starts
                .iter()
                .map(|&(start, len, term)| Hit { term, start, end: start + len })
                .collect();
            hits.sort_by_key(|h| (h.start, h.end, h.term));
            let frames = frame_hits(&kinds, &hits);
            for (start, len, want) in ranges {
                let range = start..start + len;
                let by_hits = hits_in(&hits, &range)
                    .iter()
                    .any(|h| kinds[h.term as usize] & want != 0);
                proptest::prop_assert_eq!(has_frame_hit(&hits, &frames, &range, want), by_hits);
            }
        }

        #[test]
        fn hit_range_agrees_with_a_filter(
            starts in proptest::collection::vec((0usize..60, 0usize..6), 0..40),
            ranges in proptest::collection::vec((0usize..64, 0usize..30), 1..6),
        ) {
            let mut hits: Vec<Hit> = starts
                .iter()
                .map(|&(start, len)| Hit { term: 0, start, end: start + len })
                .collect();
            hits.sort_by_key(|h| (h.start, h.end));
            let mut at = 0;
            for (start, len) in ranges {
                let range = start..start + len;
                let from = hits.iter().filter(|h| h.start < range.start).count();
                let inside = hits[from..].iter().take_while(|h| h.start < range.end);
                let keep = inside.clone().enumerate().filter(|(_, h)| h.end <= range.end).last();
                let want = from..keep.map_or(from, |(i, _)| from + i + 1);
                let got = hit_range_from(&hits, at, &range);
                proptest::prop_assert_eq!(&got, &want);
                proptest::prop_assert_eq!(hit_range(&hits, &range), want);
                at = got.start;
            }
        }

        #[test]
        fn chain_agrees_with_the_naive_search(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", " ", ",", "\u{a0}", "đ", "  "]),
                0..24,
            ),
            spans in proptest::collection::vec((0usize..40, 0usize..4, 0u32..4), 0..12),
            steps in proptest::collection::vec(
                proptest::collection::vec(0u32..4, 1..3), 1..4),
            gap in 0usize..4,
        ) {
            let text: String = pieces.concat();
            let hits = hits_on(&text, &spans);
            let steps: Vec<Group> = steps.iter().map(|g| group(g)).collect();
            proptest::prop_assert_eq!(
                find_chain(&steps, gap, &text, &hits),
                naive_chain(&steps, gap, &text, &hits, None)
            );
        }

        #[test]
        fn sentences_agree_with_a_walk_over_the_bytes(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "đ", " ", "  ", ".", "!", "?", "1.000", ". "]),
                0..30,
            ),
            cut in 0usize..4,
        ) {
            let text: String = pieces.concat();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let from = bounds[cut.min(bounds.len() - 1)];
            let to = bounds[bounds.len() - 1 - cut.min(bounds.len() - 1)].max(from);
            let bytes = text.as_bytes();
            let mut want = Vec::new();
            let mut start = from;
            for i in from..to {
                if matches!(bytes[i], b'.' | b'!' | b'?') && (i + 1 == to || bytes[i + 1] == b' ') {
                    push_trimmed(&text, &mut want, start..i + 1);
                    start = i + 1;
                }
            }
            push_trimmed(&text, &mut want, start..to);
            proptest::prop_assert_eq!(sentences(&text, from..to), want);
        }

        #[test]
        fn word_past_gap_bounds_the_words_between(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", " ", ",", "\u{a0}", "đ", "  "]),
                0..24,
            ),
            gap in 0usize..5,
        ) {
            let text: String = pieces.concat();
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for &from in &bounds {
                let cutoff = word_past_gap(&text, from, gap);
                for &x in bounds.iter().filter(|&&x| x >= from) {
                    proptest::prop_assert_eq!(x > cutoff, words_between(&text, from, x) > gap);
                }
            }
        }
    }

    /// Every rule of the embedded pack with number checks, in both modes,
    /// on every line of the corpus in matching form and on lines that give
    /// ages: where a match passes the checks, the digit test let the regex
    /// run.
    #[test]
    fn the_digit_test_never_turns_away_a_passing_match() {
        use huonguoc_text::normalize;
        let screener = crate::Screener::embedded().expect("embedded pack");
        let mut lines = crate::test_corpus::lines();
        for who in ["con gái", "nữ", "nam", "con trai"] {
            for age in ["9", "10", "15", "17", "18", "19", "20", "016"] {
                lines.push(format!(
                    "{who} {age} tuổi đã cưới, lấy chồng, lấy vợ, kết hôn"
                ));
                lines.push(format!("tổ chức cưới cho {who} từ đủ {age} tuổi"));
            }
        }
        let (mut passed, mut turned_away) = (0, 0);
        for mode in [Mode::Accented, Mode::Folded] {
            let compiled = screener.compiled(mode);
            // Normalized once, not once for each pattern.
            let forms: Vec<String> = lines.iter().map(|l| normalize(l, mode).text).collect();
            for rule in &compiled.rules {
                let checks = &screener.pack().rules[rule.index].numbers;
                if checks.is_empty() {
                    continue;
                }
                for p in &rule.patterns {
                    let re = p.regex.rule_for(false).expect("pack regex");
                    for form in &forms {
                        let may = p.numbers_may_pass(checks, form);
                        if run_pattern(re, checks, form, &(0..form.len())).is_some() {
                            passed += 1;
                            assert!(may, "{}\n{form}", p.regex.source);
                        } else if !may {
                            turned_away += 1;
                        }
                    }
                }
            }
        }
        assert!(
            passed > 20 && turned_away > 100,
            "{passed} passed, {turned_away} turned away: the test proves little"
        );
    }

    #[test]
    fn numbers_read_with_separators() {
        assert_eq!(parse_number("1.000.000"), Some(1_000_000));
        assert_eq!(parse_number("16"), Some(16));
        assert_eq!(parse_number("x"), None);
    }
}
