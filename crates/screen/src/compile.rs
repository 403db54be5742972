//! A rule pack compiled for matching: one lexicon (a trie over words) for
//! every literal term of every rule and frame, and the regexes that run only
//! where the terms hit.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use huonguoc_text::{Mode, is_word_char, normalize_term};
use regex::Regex;

use crate::analyse::CompiledAnalysis;
use crate::error::{Error, ErrorKind};
use crate::forward::RuleRegex;
use crate::lexicon::Lexicon;
use crate::numbers::{DigitBounds, digit_bounds};
use crate::pack::{FrameKind, NumberCheck, Rule, RulePack};
use crate::required::{LiteralSets, Required};

/// Index of a distinct term in matching form.
pub(crate) type TermId = u32;

/// A set of terms: sorted for iteration, and a bit set for membership,
/// which is asked for every hit of every sentence a rule is tried on.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    terms: Vec<TermId>,
    bits: Vec<u64>,
    /// The non-zero words of `bits` with their index: a group's terms
    /// cluster in a few of the pack's 50 words, and [`Group::meets`] is
    /// asked for every rule tried on every scope.
    words: Vec<(usize, u64)>,
}

impl Group {
    /// A group of these terms, sorted and without repeats.
    pub(crate) fn new(mut terms: Vec<TermId>) -> Group {
        terms.sort_unstable();
        terms.dedup();
        let len = terms.last().map_or(0, |&t| t as usize / 64 + 1);
        let mut bits = vec![0u64; len];
        for &t in &terms {
            bits[t as usize / 64] |= 1 << (t % 64);
        }
        let words = bits
            .iter()
            .enumerate()
            .filter(|&(_, &w)| w != 0)
            .map(|(i, &w)| (i, w))
            .collect();
        Group { terms, bits, words }
    }

    /// The terms, ascending.
    pub(crate) fn terms(&self) -> &[TermId] {
        &self.terms
    }

    pub(crate) fn contains(&self, t: TermId) -> bool {
        self.bits
            .get(t as usize / 64)
            .is_some_and(|w| w & (1 << (t % 64)) != 0)
    }

    /// Whether any term of this group is in `present`.
    pub(crate) fn meets(&self, present: &Present) -> bool {
        self.words
            .iter()
            .any(|&(i, w)| present.bits.get(i).is_some_and(|b| b & w != 0))
    }

    /// This group and `other` together.
    pub(crate) fn union(&self, other: &Group) -> Group {
        Group::new(self.terms.iter().chain(&other.terms).copied().collect())
    }
}

/// For each term, the indices of the groups of a list that hold it, in
/// ascending order: what a hit names is one lookup, not a test of every
/// group of the list.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermIndex {
    /// `items[start[t]..start[t + 1]]` are term `t`'s groups.
    start: Vec<u32>,
    items: Vec<u32>,
}

impl TermIndex {
    /// Indexes `groups` by term.
    pub(crate) fn new<'a>(groups: impl Iterator<Item = &'a Group>) -> TermIndex {
        TermIndex::from_pairs(
            groups
                .enumerate()
                .flat_map(|(i, g)| g.terms.iter().map(move |&t| (t, i as u32)))
                .collect(),
        )
    }

    /// Indexes `(term, item)` pairs: each term's items, ascending.
    pub(crate) fn from_pairs(mut pairs: Vec<(TermId, u32)>) -> TermIndex {
        pairs.sort_unstable();
        pairs.dedup();
        let size = pairs.last().map_or(0, |p| p.0 as usize + 1);
        let mut start = vec![0u32; size + 1];
        for &(t, _) in &pairs {
            start[t as usize + 1] += 1;
        }
        for t in 0..size {
            start[t + 1] += start[t];
        }
        TermIndex {
            start,
            items: pairs.into_iter().map(|p| p.1).collect(),
        }
    }

    /// The groups that hold `t`, in ascending order.
    pub(crate) fn of(&self, t: TermId) -> &[u32] {
        let t = t as usize;
        match (self.start.get(t), self.start.get(t + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// The terms that hit in one scope, as a bit set: a rule's `unless`, `all`
/// and sequence groups are asked against it in a few word operations,
/// instead of a walk over every hit of the scope for each rule tried there.
#[derive(Debug, Clone, Default)]
pub(crate) struct Present {
    bits: Vec<u64>,
}

impl Present {
    /// Holds exactly the terms of `terms`, in a pack of `size` terms.
    pub(crate) fn fill(&mut self, size: usize, terms: impl Iterator<Item = TermId>) {
        self.bits.clear();
        self.bits.resize(size.div_ceil(64), 0);
        for t in terms {
            self.bits[t as usize / 64] |= 1 << (t % 64);
        }
    }
}

/// A regex compiled on first use, whose compiling is known to succeed.
///
/// Building every regex's matcher at load was most of the start-up time,
/// so only the part that can fail is done then: the Thompson NFA, under
/// the size limit `regex` applies. A pattern over that limit used to load
/// fine and silently never match (issue 10, row 8); now it fails the load.
#[derive(Debug)]
pub(crate) struct LazyRegex {
    pub(crate) source: String,
    /// The regex as written, as `regex` builds it: for frames and rewrite
    /// steps, which read it as written.
    regex: OnceLock<Option<Regex>>,
    /// The automata of the pack's literal sets, for [`Required`].
    literals: Arc<LiteralSets>,
    as_written: Built,
    /// The same regex with `\d` read as `[0-9]`, for text that holds no
    /// other numeral: compiled in two thirds of the time, and its automaton
    /// is smaller to keep in cache.
    ascii_digits: Built,
}

/// One reading of a [`LazyRegex`], each part built on first use.
#[derive(Debug, Default)]
struct Built {
    /// The regex for a rule's scopes (see [`RuleRegex`]).
    rule: OnceLock<Option<RuleRegex>>,
    /// What every match holds, to turn a scope away without running it.
    required: OnceLock<Option<Required>>,
}

/// `source` with `\d` written `[0-9]` and `\D` written `[^0-9]`, inside
/// a class too (nested classes are regex syntax): on a text whose only
/// numerals are ASCII digits it matches what `source` does.
pub(crate) fn ascii_digits(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 16);
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some(e) => {
                out.push('\\');
                out.push(e);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `regex::RegexBuilder`'s default size limit, which `Regex::new` uses.
pub(crate) const REGEX_SIZE_LIMIT: usize = 10 * (1 << 20);

impl LazyRegex {
    pub(crate) fn new(
        source: String,
        size: &SizeCheck,
        literals: &Arc<LiteralSets>,
    ) -> Result<LazyRegex, String> {
        size.check(&source)?;
        Ok(LazyRegex {
            source,
            regex: OnceLock::new(),
            literals: Arc::clone(literals),
            as_written: Built::default(),
            ascii_digits: Built::default(),
        })
    }

    /// The reading for a text with numerals other than the ASCII digits
    /// (`other_numerals`), or without, and its source.
    fn reading(&self, other_numerals: bool) -> (&Built, impl Fn() -> String + '_) {
        let built = if other_numerals {
            &self.as_written
        } else {
            &self.ascii_digits
        };
        (built, move || {
            if other_numerals {
                self.source.clone()
            } else {
                ascii_digits(&self.source)
            }
        })
    }

    /// Whether the regex of [`LazyRegex::rule_for`] may match `hay`:
    /// `false` only where it cannot (see [`Required`]).
    pub(crate) fn may_match(&self, hay: &str, other_numerals: bool) -> bool {
        let (built, source) = self.reading(other_numerals);
        built
            .required
            .get_or_init(|| Required::of(&source(), &self.literals))
            .as_ref()
            .is_none_or(|r| r.may_match(hay))
    }

    /// The regex for a rule's scopes, for a text that holds no numeral but
    /// the ASCII digits (`other_numerals` false), or any text. `None` would
    /// mean that `regex` refused what the load-time check accepted, which
    /// [`Compiled::pattern_errors`] (run by `huonguoc test`) reports.
    pub(crate) fn rule_for(&self, other_numerals: bool) -> Option<&RuleRegex> {
        let (built, source) = self.reading(other_numerals);
        built
            .rule
            .get_or_init(|| RuleRegex::new(&source()))
            .as_ref()
    }

    /// The compiled regex as written; `None` as for
    /// [`LazyRegex::rule_for`].
    pub(crate) fn get(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
    }

    pub(crate) fn has_capture(&self, name: &str) -> bool {
        self.source.contains(&format!("(?P<{name}>"))
            || self.source.contains(&format!("(?<{name}>"))
    }
}

/// Builds a pattern's forward and reverse NFAs under the size limit that
/// `Regex::new` applies, since those are the steps of `Regex::new` that
/// fail on a valid but too large pattern. One checker serves a whole pack:
/// a fresh NFA compiler allocates a 10,000-entry cache, which dominated
/// the load of a 20,000-rule pack when made per pattern.
pub(crate) struct SizeCheck {
    forward: regex_automata::nfa::thompson::Compiler,
    reverse: regex_automata::nfa::thompson::Compiler,
    /// Whether to build the NFAs; else nothing is checked. The embedded
    /// pack is trusted: `huonguoc test` builds its every regex in CI, and
    /// building them again at each start-up doubled its cost; parsing
    /// them was still a quarter of it.
    full: bool,
}

impl SizeCheck {
    pub(crate) fn new(full: bool) -> SizeCheck {
        use regex_automata::nfa::thompson::{Compiler, Config, WhichCaptures};
        let compiler = |reverse: bool, captures| {
            let mut c = Compiler::new();
            c.configure(
                Config::new()
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                    .reverse(reverse)
                    .which_captures(captures)
                    .shrink(false),
            );
            c
        };
        SizeCheck {
            forward: compiler(false, WhichCaptures::All),
            reverse: compiler(true, WhichCaptures::None),
            full,
        }
    }

    fn check(&self, source: &str) -> Result<(), String> {
        if !self.full {
            return Ok(());
        }
        for c in [&self.forward, &self.reverse] {
            c.build(source).map_err(|e| match e.size_limit() {
                Some(limit) => format!(
                    "quá lớn, vượt giới hạn {limit} byte của regex (exceeds the regex size limit)"
                ),
                None => e.to_string(),
            })?;
        }
        Ok(())
    }
}

/// A rule's regex.
#[derive(Debug)]
pub(crate) struct Pattern {
    pub(crate) regex: LazyRegex,
    /// The rule's bounded number checks whose capture holds only ASCII
    /// digits, read from the regex with `\d` as `[0-9]` on first use.
    bounds: OnceLock<Vec<DigitBounds>>,
}

impl Pattern {
    fn new(regex: LazyRegex) -> Pattern {
        Pattern {
            regex,
            bounds: OnceLock::new(),
        }
    }

    /// Whether the digits of `hay` let each of the rule's `checks` pass,
    /// for the reading with `\d` as `[0-9]` (see [`crate::numbers`]).
    /// `checks` must be the same at every call: those of the rule.
    pub(crate) fn numbers_may_pass(&self, checks: &[NumberCheck], hay: &str) -> bool {
        self.bounds
            .get_or_init(|| digit_bounds(&ascii_digits(&self.regex.source), checks))
            .iter()
            .all(|b| b.may_pass(hay))
    }
}

/// One rule, compiled for one mode.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// Index into [`RulePack::rules`].
    pub(crate) index: usize,
    pub(crate) all: Vec<Group>,
    pub(crate) seq: Vec<Group>,
    pub(crate) unless: Group,
    pub(crate) patterns: Vec<Pattern>,
    /// Every term of `all` and `seq`, for the folded-mode anchor count.
    pub(crate) anchors: Group,
}

impl CompiledRule {
    /// Whether every group of `all` and `seq` and none of `unless` is in
    /// `present`: the rule may match only then. `unless` is asked last:
    /// nine tries in ten fail on a group they need, and `unless` is often
    /// the largest group.
    pub(crate) fn groups_met(&self, present: &Present) -> bool {
        let met = |groups: &[Group]| groups.iter().all(|g| g.meets(present));
        met(&self.all) && met(&self.seq) && !self.unless.meets(present)
    }
}

/// The rules of one scope kind with their groups as bits of a `u64`, where
/// they have at most 64 groups in all (the tree scope's two rules have
/// seven). A scope then tells which rules meet their groups from one pass
/// over its hits, without the rarest-group keys and the bit set of terms
/// ([`Present`]) that a kind with many rules needs: a tree scope holds
/// its whole subtree's hits, and filling the bit set for each was most of
/// its cost.
#[derive(Debug, Default)]
pub(crate) struct GroupMasks {
    /// For each term, the bits of the groups that hold it.
    of_term: Vec<u64>,
    /// The rules, by ascending index into [`Compiled::rules`].
    rules: Vec<MaskedRule>,
}

/// A rule of [`GroupMasks`]: the bits of its `all` and `seq` groups, and
/// of its `unless` group.
#[derive(Debug)]
struct MaskedRule {
    rule: u32,
    need: u64,
    unless: u64,
}

impl GroupMasks {
    /// The masks of `members` (indices into `rules`, ascending), or `None`
    /// if their groups number more than 64.
    fn new(rules: &[CompiledRule], members: &[u32], terms: usize) -> Option<GroupMasks> {
        let mut masks = GroupMasks {
            of_term: vec![0; terms],
            rules: Vec::with_capacity(members.len()),
        };
        let mut slots = 0..64u32;
        for &ri in members {
            let r = &rules[ri as usize];
            let mut need = 0;
            for g in r.all.iter().chain(&r.seq) {
                need |= masks.add(g, slots.next()?);
            }
            let unless = masks.add(&r.unless, slots.next()?);
            masks.rules.push(MaskedRule {
                rule: ri,
                need,
                unless,
            });
        }
        Some(masks)
    }

    fn add(&mut self, group: &Group, slot: u32) -> u64 {
        let bit = 1 << slot;
        for &t in group.terms() {
            self.of_term[t as usize] |= bit;
        }
        bit
    }

    /// Whether the kind has no rule: its scopes need no pass.
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The bits of the groups that `hits` hit.
    pub(crate) fn seen(&self, hits: &[crate::matcher::Hit]) -> u64 {
        hits.iter().fold(0, |seen, h| {
            seen | self.of_term.get(h.term as usize).copied().unwrap_or(0)
        })
    }

    /// The rules that meet their groups where the groups `seen` hit,
    /// ascending: as [`CompiledRule::groups_met`] answers on the same terms.
    pub(crate) fn met(&self, seen: u64) -> impl Iterator<Item = u32> + '_ {
        self.rules
            .iter()
            .filter(move |r| r.need & seen == r.need && r.unless & seen == 0)
            .map(|r| r.rule)
    }
}

/// Frame terms and patterns of one kind.
#[derive(Debug, Default)]
pub(crate) struct CompiledFrame {
    pub(crate) terms: Group,
    pub(crate) patterns: Vec<LazyRegex>,
}

/// The pack compiled for one matching mode.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) mode: Mode,
    /// Every term, found word by word.
    pub(crate) lexicon: Lexicon,
    /// Terms in matching form, by id.
    pub(crate) terms: Vec<String>,
    pub(crate) rules: Vec<CompiledRule>,
    /// Rules to try when a term hits, by scope (sentence, unit, tree) and
    /// term id: a scope only gathers the rules that run on it. Compact, as
    /// it is read for every hit: a vector per term missed the cache.
    pub(crate) rules_by_term: [TermIndex; 3],
    /// The rules of each scope kind as group masks, where they fit: such a
    /// kind's scopes read these instead of [`Compiled::rules_by_term`].
    pub(crate) masks: [Option<GroupMasks>; 3],
    /// For each term, the scope kinds of [`Compiled::rules_by_term`] it
    /// keys a rule of, as bits `1 << kind`: one read tells whether a hit
    /// matters to any scope.
    pub(crate) key_kinds: Vec<u8>,
    pub(crate) frames: HashMap<FrameKind, CompiledFrame>,
    /// For each term, the frame kinds whose terms hold it, as bits
    /// `1 << kind`: see [`crate::matcher::FrameHit`].
    pub(crate) frame_kinds: Vec<u8>,
    /// Terms that do not count as anchors in folded text.
    pub(crate) weak: Group,
    /// The general unequal-treatment analysis.
    pub(crate) analysis: CompiledAnalysis,
    /// Each rule's rewrite steps, by rule index (empty without any).
    pub(crate) rewrites: Vec<Vec<crate::rewrite::Step>>,
}

struct Interner {
    mode: Mode,
    ids: HashMap<String, TermId>,
    terms: Vec<String>,
    /// Term sets are expanded once per rule that names them; remembering
    /// each raw spelling saves normalizing it again.
    seen: HashMap<String, Option<TermId>>,
}

impl Interner {
    fn intern(&mut self, raw: &str) -> Option<TermId> {
        if let Some(&id) = self.seen.get(raw) {
            return id;
        }
        let id = self.intern_new(raw);
        self.seen.insert(raw.to_owned(), id);
        id
    }

    fn intern_new(&mut self, raw: &str) -> Option<TermId> {
        let t = normalize_term(raw, self.mode);
        if t.is_empty() {
            return None;
        }
        if let Some(&id) = self.ids.get(&t) {
            return Some(id);
        }
        let id = self.terms.len() as TermId;
        self.ids.insert(t.clone(), id);
        self.terms.push(t);
        Some(id)
    }
}

impl Compiled {
    pub(crate) fn new(pack: &RulePack, mode: Mode, trusted: bool) -> Result<Compiled, Error> {
        let size = SizeCheck::new(!trusted);
        let literals = Arc::new(LiteralSets::default());
        let mut interner = Interner {
            mode,
            ids: HashMap::new(),
            terms: Vec::new(),
            seen: HashMap::new(),
        };
        let group = |terms: &[String], interner: &mut Interner| -> Group {
            let ids: Vec<TermId> = pack
                .expand(terms)
                .filter_map(|t| interner.intern(t))
                .collect();
            Group::new(ids)
        };

        let mut frames: HashMap<FrameKind, CompiledFrame> = HashMap::new();
        for f in &pack.frames {
            let g = group(&f.terms, &mut interner);
            let entry = frames.entry(f.kind).or_default();
            entry.terms = entry.terms.union(&g);
            for p in &f.patterns {
                let src = expand_pattern(p, pack, mode)
                    .map_err(|d| Error::new(ErrorKind::Regex, d).in_file("frame"))?;
                let re = LazyRegex::new(src, &size, &literals).map_err(|e| {
                    Error::new(
                        ErrorKind::Regex,
                        format!("biểu thức khung `{p}` không hợp lệ: {e}"),
                    )
                })?;
                entry.patterns.push(re);
            }
        }
        let weak = group(&pack.folding.weak, &mut interner);

        let mut rules = Vec::with_capacity(pack.rules.len());
        for (index, r) in pack.rules.iter().enumerate() {
            let all: Vec<Group> = r.all.iter().map(|g| group(g, &mut interner)).collect();
            let seq: Vec<Group> = r.seq.iter().map(|g| group(g, &mut interner)).collect();
            if all.iter().chain(&seq).any(|g| g.terms.is_empty()) {
                return Err(rule_error(
                    r,
                    ErrorKind::InvalidRule,
                    "một nhóm từ không còn từ nào sau khi chuẩn hóa".into(),
                ));
            }
            let unless = group(&r.unless, &mut interner);
            let mut anchors: Vec<TermId> = all
                .iter()
                .chain(&seq)
                .flat_map(|g| g.terms.iter().copied())
                .collect();
            anchors.sort_unstable();
            anchors.dedup();
            let mut patterns = Vec::new();
            for (pi, p) in r.patterns.iter().enumerate() {
                let at = |e: Error| e.at_line(r.pattern_lines.get(pi).copied());
                let src = expand_pattern(p, pack, mode)
                    .map_err(|d| at(Error::new(ErrorKind::Regex, d)))
                    .map_err(|e| e.in_file(&r.file).for_rule(&r.id))?;
                let regex = LazyRegex::new(src, &size, &literals).map_err(|e| {
                    at(Error::new(
                        ErrorKind::Regex,
                        format!("biểu thức `{p}` không hợp lệ: {e}"),
                    ))
                    .in_file(&r.file)
                    .for_rule(&r.id)
                })?;
                for check in &r.numbers {
                    for name in std::iter::once(&check.capture).chain(&check.differs_from) {
                        if !regex.has_capture(name) {
                            return Err(rule_error(
                                r,
                                ErrorKind::InvalidRule,
                                format!("biểu thức `{p}` không có nhóm bắt tên `{name}`"),
                            ));
                        }
                    }
                }
                patterns.push(Pattern::new(regex));
            }
            rules.push(CompiledRule {
                index,
                all,
                seq,
                unless,
                patterns,
                anchors: Group::new(anchors),
            });
        }

        // A rule needs every group to hit, so it is enough to try it where
        // its rarest group hits; the big shared groups (women, "không
        // được") would otherwise put every rule on every sentence.
        let analysis =
            CompiledAnalysis::new(pack, mode == Mode::Folded, &mut |terms: &[String]| {
                group(terms, &mut interner)
            });
        let mut by_scope: [Vec<(TermId, u32)>; 3] = Default::default();
        for (i, r) in rules.iter().enumerate() {
            if pack.rules[r.index].analysis.is_some() {
                // Analysis rules are tried on every sentence with a person.
                continue;
            }
            let key = r
                .all
                .iter()
                .chain(&r.seq)
                .min_by_key(|g| rarity(g, &interner.terms))
                .expect("validated: a rule has a group");
            let pairs = &mut by_scope[pack.rules[r.index].scope as usize];
            pairs.extend(key.terms.iter().map(|&t| (t, i as u32)));
        }
        let mut key_kinds = vec![0u8; interner.terms.len()];
        for (kind, pairs) in by_scope.iter().enumerate() {
            for &(t, _) in pairs {
                key_kinds[t as usize] |= 1 << kind;
            }
        }
        let masks = by_scope.each_ref().map(|pairs| {
            let mut members: Vec<u32> = pairs.iter().map(|p| p.1).collect();
            members.sort_unstable();
            members.dedup();
            GroupMasks::new(&rules, &members, interner.terms.len())
        });
        let rules_by_term = by_scope.map(TermIndex::from_pairs);
        let mut frame_kinds = vec![0u8; interner.terms.len()];
        for (kind, f) in &frames {
            for &t in f.terms.terms() {
                frame_kinds[t as usize] |= 1 << *kind as u8;
            }
        }
        // Every term is found, a shorter one inside a longer one too ("nữ"
        // inside "phụ nữ"), so every rule that needs it sees it.
        let lexicon = Lexicon::new(&interner.terms).map_err(|e| {
            Error::new(
                ErrorKind::InvalidRule,
                format!("không dựng được bộ tìm từ khóa: {e}"),
            )
        })?;
        let rewrites = crate::rewrite::compile_all(pack, mode, &size)?;
        Ok(Compiled {
            mode,
            lexicon,
            terms: interner.terms,
            rules,
            rules_by_term,
            masks,
            key_kinds,
            frames,
            frame_kinds,
            weak,
            analysis,
            rewrites,
        })
    }
}

impl Compiled {
    /// Builds every regex now and names those that exceed the size limits.
    pub(crate) fn pattern_errors(&self, pack: &RulePack) -> Vec<Error> {
        let mut out = Vec::new();
        for r in &self.rules {
            for p in &r.patterns {
                let detail = match Regex::new(&p.regex.source) {
                    Err(e) => e.to_string(),
                    // Both readings as rules run them (`regex` reads the
                    // same syntax, so this should never fail).
                    Ok(_) if [false, true].iter().any(|&o| p.regex.rule_for(o).is_none()) => {
                        "không dựng được bộ tìm của quy tắc (the rule's matcher could not be built)"
                            .to_string()
                    }
                    Ok(_) => continue,
                };
                out.push(rule_error(&pack.rules[r.index], ErrorKind::Regex, detail));
            }
        }
        for f in self.frames.values() {
            for p in &f.patterns {
                if let Err(e) = Regex::new(&p.source) {
                    out.push(Error::new(ErrorKind::Regex, e.to_string()).in_file("frame"));
                }
            }
        }
        for (i, steps) in self.rewrites.iter().enumerate() {
            for s in steps {
                if let Err(e) = Regex::new(&s.regex().source) {
                    out.push(rule_error(&pack.rules[i], ErrorKind::Regex, e.to_string()));
                }
            }
        }
        out
    }
}

fn rule_error(r: &Rule, kind: ErrorKind, detail: String) -> Error {
    Error::new(kind, detail)
        .in_file(&r.file)
        .at_line(Some(r.line))
        .for_rule(&r.id)
}

/// Expands `{set}` to an alternation of the set's terms and brings the
/// literal Vietnamese in a pattern to matching form. ASCII is kept as
/// written, so escapes such as `\d` survive; patterns are written in
/// lowercase.
pub(crate) fn expand_pattern(pattern: &str, pack: &RulePack, mode: Mode) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}');
        let name = close.map(|c| &after[..c]);
        match name {
            Some(n)
                if !n.is_empty()
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    && !n.chars().all(|c| c.is_ascii_digit() || c == ',') =>
            {
                out.push_str(&literal_to_form(&rest[..open], mode));
                let set = pack
                    .terms
                    .get(n)
                    .ok_or_else(|| format!("bộ từ `{{{n}}}` chưa được khai báo"))?;
                let mut alts: Vec<String> = set
                    .iter()
                    .map(|t| normalize_term(t, mode))
                    .filter(|t| !t.is_empty())
                    .collect();
                alts.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
                alts.dedup();
                out.push_str("(?:");
                out.push_str(
                    &alts
                        .iter()
                        .map(|a| regex::escape(a))
                        .collect::<Vec<_>>()
                        .join("|"),
                );
                out.push(')');
                rest = &after[close.expect("closed") + 1..];
            }
            _ => {
                out.push_str(&literal_to_form(&rest[..=open], mode));
                rest = after;
            }
        }
    }
    out.push_str(&literal_to_form(rest, mode));
    Ok(out)
}

fn literal_to_form(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_ascii() {
            out.push_str(word);
        } else {
            out.push_str(&normalize_term(word, mode));
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphabetic() || unicode_normalization_mark(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn unicode_normalization_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// How often a group's terms can be expected to hit, to key each rule on
/// its rarest group: a one-syllable word ("được", "tuổi") hits everywhere,
/// each syllable more makes a phrase about ten times rarer. A guess from
/// the terms alone, so a pack from a user gets it too; any group would
/// find the same matches, as a rule needs all of them.
fn rarity(group: &Group, terms: &[String]) -> u64 {
    group
        .terms
        .iter()
        .map(|&t| {
            let syllables = terms[t as usize].split(' ').count().clamp(1, 4);
            10u64.pow(4 - syllables as u32)
        })
        .sum()
}

/// Whether `start..end` of `text` begins and ends at syllable boundaries.
pub(crate) fn at_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Masks of the pack's rules, a few at a time (each rule alone, runs
    /// of six, and runs of forty, which are over 64 groups and refused),
    /// pick the rules that the bit set of terms picks: on runs of corpus
    /// lines, which hold several groups at once, in both modes.
    #[test]
    fn group_masks_pick_the_rules_the_bit_set_picks() {
        let screener = crate::Screener::embedded().expect("embedded pack");
        let (mut picked, mut refused) = (0, 0);
        for (mode, forms) in crate::test_corpus::forms() {
            let compiled = screener.compiled(mode);
            let all: Vec<u32> = (0..compiled.rules.len() as u32).collect();
            let runs = all.chunks(1).chain(all.chunks(6)).chain(all.chunks(40));
            let masks: Vec<(&[u32], GroupMasks)> = runs
                .filter_map(|run| {
                    let m = GroupMasks::new(&compiled.rules, run, compiled.terms.len());
                    refused += usize::from(m.is_none());
                    Some((run, m?))
                })
                .collect();
            for lines in forms.chunks(6) {
                let text = lines.join(" ");
                let whole = 0..text.len();
                let hits = crate::matcher::find_hits(compiled, &text, std::slice::from_ref(&whole));
                let mut present = Present::default();
                present.fill(compiled.terms.len(), hits.iter().map(|h| h.term));
                for (run, m) in &masks {
                    let want: Vec<u32> = run
                        .iter()
                        .copied()
                        .filter(|&r| compiled.rules[r as usize].groups_met(&present))
                        .collect();
                    assert_eq!(m.met(m.seen(&hits)).collect::<Vec<_>>(), want, "{text}");
                    picked += want.len();
                }
            }
        }
        assert!(picked > 100, "only {picked} rules met their groups");
        assert!(refused > 0, "no run of rules was over 64 groups");
    }

    /// `\d` becomes an ASCII class wherever it stands, and escapes of
    /// other characters (an escaped backslash before a "d") stay as they
    /// are.
    #[test]
    fn digits_become_ascii() {
        for (from, to) in [
            (r"(?P<a>\d{1,2})\s?tuổi", r"(?P<a>[0-9]{1,2})\s?tuổi"),
            (r"[\d.,]*[^\d]{0,80}\D", r"[[0-9].,]*[^[0-9]]{0,80}[^0-9]"),
            (r"\\d\.\s", r"\\d\.\s"),
        ] {
            assert_eq!(ascii_digits(from), to);
            let (a, b) = (Regex::new(from).unwrap(), Regex::new(to).unwrap());
            // Texts whose only numerals are ASCII digits, as the flag says.
            for hay in ["con gái 17 tuổi", "x 1.000, y", r"\d. a"] {
                assert_eq!(a.find(hay), b.find(hay), "{from} on {hay}");
            }
        }
    }

    /// One common word is expected to hit more than a few phrases, and a
    /// longer phrase less than a shorter one.
    #[test]
    fn rarity_counts_syllables() {
        let terms: Vec<String> = [
            "tuổi",
            "con gái",
            "cháu gái",
            "em gái",
            "đi lấy chồng",
            "được",
        ]
        .map(String::from)
        .to_vec();
        let rarity_of = |ids: &[TermId]| rarity(&Group::new(ids.to_vec()), &terms);
        assert!(rarity_of(&[0]) > rarity_of(&[1, 2, 3]));
        assert!(rarity_of(&[1]) > rarity_of(&[4]));
        assert!(rarity_of(&[0, 5]) > rarity_of(&[0]));
    }

    /// The index answers what testing every group would, in group order,
    /// for terms inside, between and past the groups.
    #[test]
    fn term_index_lists_the_groups_holding_a_term() {
        let groups = [
            Group::new(vec![3, 70, 5]),
            Group::new(vec![]),
            Group::new(vec![5, 200]),
            Group::new(vec![70]),
        ];
        let index = TermIndex::new(groups.iter());
        for t in 0..260 {
            let want: Vec<u32> = (0..groups.len() as u32)
                .filter(|&i| groups[i as usize].contains(t))
                .collect();
            assert_eq!(index.of(t), want.as_slice(), "term {t}");
        }
        assert!(TermIndex::new(std::iter::empty()).of(0).is_empty());
    }

    #[test]
    fn group_meets_the_present_terms() {
        let mut present = Present::default();
        present.fill(300, [4, 130].into_iter());
        assert!(Group::new(vec![1, 130]).meets(&present));
        assert!(!Group::new(vec![1, 131, 299]).meets(&present));
        assert!(!Group::new(vec![]).meets(&present));
    }
}
