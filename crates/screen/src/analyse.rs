//! The general unequal-treatment analysis, compiled: who a sentence names,
//! what it does to them and in which domain (see [`crate::analysis`]).
//!
//! It reads the hits of the one term search; no regex runs here.

use crate::analysis::{ActKind, Position, Sex};
use crate::bytes8::equal;
use crate::compile::{Group, TermId, TermIndex};
use crate::matcher::Hit;
use crate::pack::RulePack;

/// Who a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    One(Sex),
    /// "nam, nữ", "vợ chồng", "mỗi bên": both sides at once.
    Both,
}

#[derive(Debug)]
struct CompiledAct {
    kind: ActKind,
    /// Domains (by index) the act counts in; all when empty.
    only: Vec<usize>,
    position: Position,
    gap: usize,
    terms: Group,
}

#[derive(Debug)]
struct CompiledDomain {
    /// Index of the domain's rule in [`RulePack::rules`].
    rule: usize,
    terms: Group,
    grant: bool,
    acts: Vec<ActKind>,
    amounts: bool,
    implies: Option<Sex>,
    fallback_for: Vec<ActKind>,
}

impl CompiledDomain {
    fn takes(&self, kind: ActKind) -> bool {
        if kind == ActKind::Amount {
            return self.amounts;
        }
        if !self.acts.is_empty() {
            return self.acts.contains(&kind);
        }
        match kind {
            ActKind::Grant => self.grant,
            // A penalty belongs to the domain that names it ("phải nộp …
            // con trâu" in bride price); elsewhere it is a penalty by sex.
            ActKind::Penalty | ActKind::Condone => false,
            _ => true,
        }
    }
}

/// The analysis compiled for one matching mode.
#[derive(Debug, Default)]
pub(crate) struct CompiledAnalysis {
    offences: Group,
    per_case: Group,
    not_acts: Group,
    /// Words that collide when folded, with the pack's own weak words.
    pub(crate) weak_folded: Group,
    acts: Vec<CompiledAct>,
    /// The acts whose words hold each term.
    act_index: TermIndex,
    domains: Vec<CompiledDomain>,
    /// The domains whose words hold each term.
    domain_index: TermIndex,
    domain_gap: usize,
    /// Compiled for unaccented text, where colliding words rank last.
    folded: bool,
    /// What each term is (a name of either sex or both, a cancelling word,
    /// an act, a domain word), as [`Roles`] bits: one load per hit, where
    /// each group's set was one.
    roles: Vec<u8>,
}

/// Bits of [`CompiledAnalysis::roles`].
struct Roles;

impl Roles {
    const CANCEL: u8 = 1;
    const FEMALE: u8 = 2;
    const MALE: u8 = 4;
    const BOTH: u8 = 8;
    const ACT: u8 = 16;
    /// A domain word or a penalty word, which implies its domain.
    const DOMAIN: u8 = 32;
    /// A domain word proper.
    const DOMAIN_WORD: u8 = 64;
    /// A domain word that names the sex it applies to ("vợ hai").
    const IMPLIES: u8 = 128;

    fn of(groups: &[(&Group, u8)]) -> Vec<u8> {
        let mut roles = Vec::new();
        for (g, bit) in groups {
            for &t in g.terms() {
                if roles.len() <= t as usize {
                    roles.resize(t as usize + 1, 0);
                }
                roles[t as usize] |= bit;
            }
        }
        roles
    }
}

/// What the analysis saw in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// Index of the domain's rule in [`RulePack::rules`].
    pub(crate) rule: usize,
    pub(crate) actor: Hit,
    pub(crate) act: Hit,
    pub(crate) kind: ActKind,
    pub(crate) domain: Option<Hit>,
}

impl Found {
    /// The hits that make the finding, in text order.
    pub(crate) fn evidence(&self) -> Vec<Hit> {
        let mut v: Vec<Hit> = [Some(self.actor), Some(self.act), self.domain]
            .into_iter()
            .flatten()
            .collect();
        v.sort_unstable_by_key(|h| (h.start, h.end));
        v.dedup();
        v
    }
}

/// Word positions of a text, to measure how far apart two hits are.
#[derive(Debug)]
pub(crate) struct Words<'t> {
    text: &'t str,
    /// Semicolons and sentence ends: a list of clauses ("con trai được …;
    /// con gái …") pairs no person with an act across one.
    barriers: Vec<usize>,
}

/// What each unit's hits do to whom, read once per unit for the symmetry
/// check: keyed by the unit's hit slice.
#[derive(Debug, Default)]
pub(crate) struct Treated(std::collections::HashMap<(usize, usize), Vec<(Sex, ActKind)>>);

/// The distance of two hits with a barrier between them: beyond any gap.
const APART: usize = usize::MAX / 4;

impl<'t> Words<'t> {
    pub(crate) fn new(text: &'t str) -> Words<'t> {
        // Word starts are not indexed: spaces are a quarter of the bytes of
        // a covenant, and every question asked is whether two hits lie
        // within a few words, which the bytes between them answer.
        let bytes = text.as_bytes();
        let stops = memchr::memchr3_iter(b'.', b'!', b'?', bytes)
            .filter(|&i| bytes.get(i + 1).is_none_or(|&n| n == b' '));
        // Both come in order: merged, not sorted.
        let mut semicolons = memchr::memchr_iter(b';', bytes).peekable();
        let mut barriers = Vec::new();
        for stop in stops {
            while let Some(s) = semicolons.next_if(|&s| s < stop) {
                barriers.push(s);
            }
            barriers.push(stop);
        }
        barriers.extend(semicolons);
        Words { text, barriers }
    }

    /// `hits` (sorted by start) cut where a barrier lies between two
    /// neighbours.
    fn pieces<'h>(&self, hits: &'h [Hit]) -> impl Iterator<Item = &'h [Hit]> {
        let mut rest = hits;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let cut = rest
                .windows(2)
                .position(|w| {
                    let b = self.barriers.partition_point(|&p| p < w[0].end);
                    self.barriers.get(b).is_some_and(|&p| p < w[1].start)
                })
                .map_or(rest.len(), |i| i + 1);
            let (piece, tail) = rest.split_at(cut);
            rest = tail;
            Some(piece)
        })
    }

    /// The first number written in digits after `from` and before `until`,
    /// at most `gap` words on: its span (as a hit) and value.
    fn number_after(&self, from: usize, until: usize, gap: usize) -> Option<(Hit, u64)> {
        let end = until.min(self.text.len());
        let at = self.first_digit(from, end, gap)?;
        self.number_at(from, at, end, gap)
    }

    /// The number whose first digit is at `at`, read up to `end`, if at
    /// most `gap` words lie between `from` and it.
    fn number_at(&self, from: usize, at: usize, end: usize, gap: usize) -> Option<(Hit, u64)> {
        let bytes = self.text.as_bytes();
        let mut stop = at;
        while stop < end && (bytes[stop].is_ascii_digit() || matches!(bytes[stop], b'.' | b',')) {
            stop += 1;
        }
        while stop > at && !bytes[stop - 1].is_ascii_digit() {
            stop -= 1;
        }
        if self.count(from, at, gap) > gap {
            return None;
        }
        let digits: String = self.text[at..stop]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let hit = Hit {
            term: TermId::MAX,
            start: at,
            end: stop,
        };
        Some((hit, digits.parse().ok()?))
    }

    /// The first ASCII digit in `from..end`, read a stretch at a time and
    /// given up once more than `gap` words lie behind: no number past them
    /// passes [`Words::number_after`]'s gap, and reading on to the text's
    /// end cost a text without digits its length for each name asked.
    fn first_digit(&self, from: usize, end: usize, gap: usize) -> Option<usize> {
        const STRETCH: usize = 256;
        let bytes = self.text.as_bytes();
        let (mut lo, mut words) = (from, 0);
        while lo < end {
            let hi = (lo + STRETCH).min(end);
            if let Some(i) = (lo..hi).find(|&i| bytes[i].is_ascii_digit()) {
                return Some(i);
            }
            // Word starts are counted where they stand, so stretches add up.
            words += self.count(lo, hi, gap);
            if words > gap {
                return None;
            }
            lo = hi;
        }
        None
    }

    /// Whether only a conjunction stands between two hits: "học sinh nam
    /// và học sinh nữ", "con trai hoặc con gái", "nam, nữ".
    fn joined(&self, a: &Hit, b: &Hit) -> bool {
        let between = self.text.get(a.end..b.start).unwrap_or("x").trim();
        matches!(
            between,
            "" | ","
                | "và"
                | "hoặc"
                | "hay"
                | "lẫn"
                | "với"
                | "cùng"
                | "cũng như"
                | "va"
                | "hoac"
                | "lan"
                | "voi"
                | "cung"
                | "cung nhu"
                | "hay là"
                | "hay la"
                | "hoặc là"
                | "hoac la"
        )
    }

    /// The words that start in `from..to`, counted up to `cap + 1`: the
    /// exact count when it is at most `cap`, and `cap + 1` otherwise, so
    /// that asking about two hits far apart costs no more than `cap` words.
    /// A word starts at a byte that is no space, after a space or at the
    /// start of the text.
    fn count(&self, from: usize, to: usize, cap: usize) -> usize {
        let bytes = self.text.as_bytes();
        let to = to.min(bytes.len());
        if from >= to {
            return 0;
        }
        // A word starts at `j` when `bytes[j]` is no space and `j` is 0 or
        // follows a space. Eight places are told at once: the byte and the
        // one before it, read as two words; most gaps asked about are a few
        // words long, and a search call per space cost more than reading.
        let is_start = |j: usize| bytes[j] != b' ' && (j == 0 || bytes[j - 1] == b' ');
        let mut n = 0;
        let mut j = from;
        if j == 0 {
            n += usize::from(is_start(0));
            j = 1;
        }
        while j + 8 <= to {
            let here = u64::from_le_bytes(bytes[j..j + 8].try_into().expect("8 bytes"));
            let before = u64::from_le_bytes(bytes[j - 1..j + 7].try_into().expect("8 bytes"));
            let starts = !equal(here, b' ') & equal(before, b' ');
            n += starts.count_ones() as usize;
            if n > cap {
                return cap + 1;
            }
            j += 8;
        }
        n += (j..to).filter(|&j| is_start(j)).count();
        n.min(cap + 1)
    }

    /// Words strictly between the end of `a` and the start of `b`, in
    /// whichever order they come, counted up to `cap + 1` (see
    /// [`Words::count`]).
    fn between(&self, a: &Hit, b: &Hit, cap: usize) -> usize {
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        let from = first.end.min(second.start);
        let barrier = self.barriers.partition_point(|&p| p < from);
        if self
            .barriers
            .get(barrier)
            .is_some_and(|&p| p < second.start)
        {
            return APART;
        }
        self.count(from, second.start, cap)
    }
}

/// Where a lead-in ("… không được:") is joined to one of its points: word
/// distances across the gap between them do not count.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Join {
    pub(crate) lead_end: usize,
    pub(crate) point_start: usize,
}

struct Ctx<'a> {
    words: &'a Words<'a>,
    join: Option<Join>,
}

impl Ctx<'_> {
    /// Words between two hits, counted up to `cap + 1`: every caller
    /// only asks whether they are within a gap of `cap` words.
    fn dist(&self, a: &Hit, b: &Hit, cap: usize) -> usize {
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        match self.join {
            Some(j) if first.end <= j.lead_end && second.start >= j.point_start => {
                let lead = Hit {
                    term: 0,
                    start: j.lead_end,
                    end: j.lead_end,
                };
                let point = Hit {
                    term: 0,
                    start: j.point_start,
                    end: j.point_start,
                };
                self.words
                    .between(first, &lead, cap)
                    .saturating_add(self.words.between(&point, second, cap))
            }
            _ => self.words.between(first, second, cap),
        }
    }
}

impl CompiledAnalysis {
    pub(crate) fn new(
        pack: &RulePack,
        folded: bool,
        group: &mut dyn FnMut(&[String]) -> Group,
    ) -> CompiledAnalysis {
        let a = &pack.analysis;
        let acts: Vec<CompiledAct> = a
            .act
            .iter()
            .map(|x| CompiledAct {
                kind: x.kind,
                only: a
                    .domain
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| x.only.contains(&d.category))
                    .map(|(i, _)| i)
                    .collect(),
                position: x.position,
                gap: x.gap,
                terms: group(&x.terms),
            })
            .collect();
        let domains: Vec<CompiledDomain> = a
            .domain
            .iter()
            .enumerate()
            .filter_map(|(i, d)| {
                let rule = pack.rules.iter().position(|r| r.analysis == Some(i))?;
                Some(CompiledDomain {
                    rule,
                    terms: group(&d.terms),
                    grant: d.grant,
                    acts: d.acts.clone(),
                    amounts: d.amounts,
                    implies: d.implies,
                    fallback_for: d.fallback_for.clone(),
                })
            })
            .collect();
        let union = |groups: &mut dyn Iterator<Item = &Group>| {
            groups.fold(Group::default(), |all, g| all.union(g))
        };
        let any_act = union(&mut acts.iter().map(|x| &x.terms));
        let penalty_act = union(
            &mut acts
                .iter()
                .filter(|x| x.kind == ActKind::Penalty)
                .map(|x| &x.terms),
        );
        let any_domain = union(&mut domains.iter().map(|d: &CompiledDomain| &d.terms));
        let (female, male, both, cancel) = (
            group(&a.female),
            group(&a.male),
            group(&a.both),
            group(&a.cancel),
        );
        let implying = union(
            &mut domains
                .iter()
                .filter(|d| d.implies.is_some())
                .map(|d| &d.terms),
        );
        let roles = Roles::of(&[
            (&any_domain, Roles::DOMAIN_WORD),
            (&implying, Roles::IMPLIES),
            (&cancel, Roles::CANCEL),
            (&female, Roles::FEMALE),
            (&male, Roles::MALE),
            (&both, Roles::BOTH),
            (&any_act, Roles::ACT),
            (&any_domain, Roles::DOMAIN),
            (&penalty_act, Roles::DOMAIN),
        ]);
        CompiledAnalysis {
            act_index: TermIndex::new(acts.iter().map(|x| &x.terms)),
            domain_index: TermIndex::new(domains.iter().map(|d| &d.terms)),
            offences: group(&a.offences),
            per_case: group(&a.per_case),
            not_acts: group(&a.not_acts),
            // Folded, the pack's colliding words (nam/năm, vợ/vỡ) are as
            // unsure as the analysis's own.
            weak_folded: group(&[a.weak_folded.clone(), pack.folding.weak.clone()].concat()),
            acts,
            domains,
            domain_gap: a.domain_gap,
            folded,
            roles,
        }
    }

    /// Whether the pack has an analysis at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// Whether the hits hold a person, an act and a domain word (or a
    /// penalty, whose domain the act alone gives), and no cancelling word.
    fn may_find(&self, hits: &[Hit]) -> bool {
        let seen = self.roles_of(hits);
        let person = seen & (Roles::FEMALE | Roles::MALE) != 0;
        seen & Roles::CANCEL == 0 && person && seen & Roles::ACT != 0 && seen & Roles::DOMAIN != 0
    }

    /// Every role that some hit of `hits` plays, in one pass.
    fn roles_of(&self, hits: &[Hit]) -> u8 {
        hits.iter().fold(0, |seen, h| seen | self.role(h.term))
    }

    fn role(&self, t: TermId) -> u8 {
        self.roles.get(t as usize).copied().unwrap_or(0)
    }

    /// Whether term `t` has any of the [`Roles`] bits `roles`.
    fn is(&self, t: TermId, roles: u8) -> bool {
        self.role(t) & roles != 0
    }

    fn side(&self, t: TermId) -> Option<Side> {
        side_of(self.role(t))
    }

    fn domains_of(&self, t: TermId) -> impl Iterator<Item = (usize, &CompiledDomain)> {
        self.domain_index
            .of(t)
            .iter()
            .map(|&i| (i as usize, &self.domains[i as usize]))
    }

    /// People named in `hits`. A name inside a longer one counts once, as
    /// the longer one ("nữ" inside "phụ nữ", "chồng" inside "vợ chồng"), and
    /// a name inside a domain word is part of that word ("nhà chồng"),
    /// unless the domain word itself names the actor ("vợ hai").
    fn actors(&self, hits: &[Hit]) -> Vec<(Hit, Side)> {
        // One pass over the hits sorts out names, domain words and words
        // that imply a person, each read from the role table: a look into
        // the domain index for each hit missed the cache on most.
        let (mut named, mut domain_words, mut implying) = (Vec::new(), Vec::new(), Vec::new());
        for h in hits {
            let role = self.role(h.term);
            // Folded, an unsure name ("chi" is chị or chỉ) names no one: it
            // would only hide the act it may be.
            let sure = !self.folded || !self.weak_folded.contains(h.term);
            if let Some(side) = side_of(role).filter(|_| sure) {
                named.push((*h, side));
            }
            if role & Roles::DOMAIN_WORD != 0 {
                domain_words.push(*h);
            }
            if role & Roles::IMPLIES != 0 {
                implying.push(*h);
            }
        }
        // A one-sex name that overlaps a both-sexes phrase is part of it:
        // A both-sexes phrase inside a longer one-sex name is not one:
        // folded "người dân" inside "người đàn bà".
        let pairs: Vec<Hit> = named
            .iter()
            .filter(|(h, s)| {
                *s == Side::Both
                    && !named
                        .iter()
                        .any(|(o, t)| *t != Side::Both && contains(o, h))
            })
            .map(|(h, _)| *h)
            .collect();
        named.retain(|(h, s)| *s != Side::Both || pairs.contains(h));
        // Where a both-sexes phrase and a one-sex name overlap, the one that
        // ends later is the name: "các con" in "các con trai" is a son,
        // "người vợ" in "người vợ hoặc chồng" is part of the pair.
        let snapshot = named.clone();
        named.retain(|(h, s)| {
            !snapshot.iter().any(|(o, t)| {
                (*s == Side::Both) != (*t == Side::Both)
                    && overlaps(o, h)
                    && !contains(o, h)
                    && !contains(h, o)
                    && o.end > h.end
            })
        });
        named.retain(|(h, s)| {
            !domain_words.iter().any(|d| contains(d, h))
                && (*s == Side::Both || !pairs.iter().any(|p| contains(p, h)))
        });
        named.extend(implying.iter().filter_map(|h| {
            self.domains_of(h.term)
                .find_map(|(_, d)| d.implies)
                .map(|s| (*h, Side::One(s)))
        }));
        let mut out: Vec<(Hit, Side)> = named
            .iter()
            .filter(|(h, _)| !named.iter().any(|(o, _)| contains(o, h)))
            .copied()
            .collect();
        out.sort_unstable_by_key(|(h, _)| (h.start, h.end));
        out.dedup_by_key(|(h, _)| *h);
        out
    }

    /// Acts in `hits`, the longest where they overlap ("được" inside
    /// "không được"), and none inside a name or a longer non-act ("chỉ
    /// đạo", "bên phải").
    fn acts_in(&self, hits: &[Hit]) -> Vec<(Hit, usize)> {
        let found: Vec<(Hit, usize)> = hits
            .iter()
            .flat_map(|h| self.act_index.of(h.term).iter().map(|&i| (*h, i as usize)))
            .collect();
        let masks: Vec<Hit> = hits
            .iter()
            .filter(|h| {
                self.not_acts.contains(h.term)
                    || (self.side(h.term).is_some()
                        && !(self.folded && self.weak_folded.contains(h.term)))
            })
            .copied()
            .collect();
        found
            .iter()
            .filter(|(h, _)| {
                !found.iter().any(|(o, _)| contains(o, h)) && !masks.iter().any(|m| contains(m, h))
            })
            .copied()
            .collect()
    }

    /// The person an act applies to: the nearest name on the act's side
    /// within its gap.
    fn subject(
        &self,
        ctx: &Ctx,
        act: &Hit,
        a: &CompiledAct,
        actors: &[(Hit, Side)],
    ) -> Option<(Hit, Side)> {
        actors
            .iter()
            // A name may share a word with the act ("gồm các" / "các ông").
            .filter(|(h, _)| {
                let before = h.start < act.start && h.end < act.end;
                let after = h.start > act.start && h.end > act.end;
                match a.position {
                    Position::After => before,
                    Position::Before => after,
                    Position::Either => before || after,
                }
            })
            .map(|(h, s)| (ctx.dist(h, act, a.gap), h.start > act.start, *h, *s))
            .filter(|(d, ..)| *d <= a.gap)
            .min_by_key(|(d, after, ..)| (*d, *after))
            .map(|(.., h, s)| (h, s))
    }

    /// Whether the other sex gets an act of the same kind in `compare`, a
    /// unit's (or its list's) hits. What `compare` does to whom is read
    /// once, piece by piece between barriers, and kept in `cache`: a
    /// subject is never found across a barrier, and reading the whole unit
    /// again for each sentence was quadratic on a covenant pasted as one
    /// line.
    fn symmetric_in_unit(
        &self,
        words: &Words,
        sex: Sex,
        kind: ActKind,
        compare: &[Hit],
        cache: &mut Treated,
    ) -> bool {
        if kind == ActKind::Permission || compare.is_empty() {
            return false;
        }
        let key = (compare.as_ptr() as usize, compare.len());
        let treated = cache
            .0
            .entry(key)
            .or_insert_with(|| self.treated(words, compare));
        treated.iter().any(|&(o, k)| o != sex && k == kind)
    }

    /// Every (sex, kind) of an act done to one sex in `hits`.
    fn treated(&self, words: &Words, hits: &[Hit]) -> Vec<(Sex, ActKind)> {
        let ctx = Ctx { words, join: None };
        let mut out = Vec::new();
        for piece in words.pieces(hits) {
            if !piece.iter().any(|h| self.side(h.term).is_some()) {
                continue;
            }
            let actors = pair_joined(words, self.actors(piece));
            for (h, i) in self.acts_in(piece) {
                let a = &self.acts[i];
                if let Some((_, Side::One(o))) = self.subject(&ctx, &h, a, &actors) {
                    out.push((o, a.kind));
                }
            }
        }
        out.sort_unstable_by_key(|&(s, k)| (s as u8, k as u8));
        out.dedup();
        out
    }

    /// Whether the other sex gets an act of the same kind in `compare`.
    fn symmetric(&self, ctx: &Ctx, sex: Sex, kind: ActKind, compare: &[Hit]) -> bool {
        let pairs = |hits: &[Hit]| pair_joined(ctx.words, self.actors(hits));
        // A permission pairs the one who asks with the one who grants; the
        // grantor is not the other sex treated alike.
        if kind == ActKind::Permission {
            return false;
        }
        // No name of the other sex, or no act of this kind: nothing to pair.
        let other = match sex {
            Sex::Female => Roles::MALE,
            Sex::Male => Roles::FEMALE,
        };
        let same_kind = |t: TermId| {
            self.act_index
                .of(t)
                .iter()
                .any(|&i| self.acts[i as usize].kind == kind)
        };
        if !compare.iter().any(|h| self.is(h.term, other))
            || !compare.iter().any(|h| same_kind(h.term))
        {
            return false;
        }
        let actors = pairs(compare);
        self.acts_in(compare).iter().any(|(h, i)| {
            let a = &self.acts[*i];
            a.kind == kind
                && self
                    .subject(ctx, h, a, &actors)
                    .is_some_and(|(_, s)| matches!(s, Side::One(o) if o != sex))
        })
    }

    /// The domain of an act: the nearest domain word after the act (its
    /// object), else before it or its subject, within the domain gap; else
    /// a domain the act alone implies.
    fn domain(
        &self,
        ctx: &Ctx,
        hits: &[Hit],
        act: &Hit,
        subject: &Hit,
        kind: ActKind,
        only: &[usize],
    ) -> Option<(usize, Option<Hit>)> {
        let near = hits
            .iter()
            .filter(|h| h != &act && !contains(h, act) && !contains(h, subject))
            .flat_map(|h| {
                self.domains_of(h.term)
                    .filter(move |(i, d)| d.takes(kind) && (only.is_empty() || only.contains(i)))
                    .filter(move |(_, d)| h != subject || d.implies.is_some())
                    .map(move |(i, _)| (i, *h))
            })
            .map(|(i, h)| {
                // A domain word in the person's own name is the topic ("vợ
                // góa"); one inside the act word only backs up the act
                // ("không được chia"); otherwise the nearest, the object
                // after the act before the topic ahead of it.
                let mut rank = if contains(subject, &h) {
                    0
                } else if contains(act, &h) {
                    2
                } else {
                    1
                };
                if self.folded && self.weak_folded.contains(h.term) {
                    rank += 3;
                }
                let gap = self.domain_gap;
                let d = ctx.dist(&h, act, gap).min(ctx.dist(&h, subject, gap));
                (rank, d, h.start < act.start, i, h)
            })
            .filter(|(_, d, ..)| *d <= self.domain_gap)
            .min_by_key(|(rank, d, before, i, h)| (*rank, *d, *before, h.start, *i));
        if let Some((.., i, h)) = near {
            return Some((i, Some(h)));
        }
        self.domains
            .iter()
            .position(|d| d.fallback_for.contains(&kind))
            .map(|i| (i, None))
    }

    /// Reads one sentence. `hits` are its hits, `compare` the hits of the
    /// unit it belongs to (or its parent's subtree), where the other sex
    /// may be given the same treatment.
    pub(crate) fn find(
        &self,
        words: &Words,
        join: Option<Join>,
        hits: &[Hit],
        compare: &[Hit],
        accept: &dyn Fn(&Found) -> bool,
        cache: &mut Treated,
    ) -> Option<Found> {
        // Most sentences name nobody or do nothing to anyone: a cheap look
        // at the hits spares building the lists below.
        if self.is_empty() || !self.may_find(hits) {
            return None;
        }
        let actors = pair_joined(words, self.actors(hits));
        if !actors.iter().any(|(_, s)| *s != Side::Both) {
            return None;
        }
        // An offence next to a penalty is what the penalty punishes.
        let offences: Vec<&Hit> = hits
            .iter()
            .filter(|h| self.offences.contains(h.term))
            .collect();
        let ctx = Ctx { words, join };
        let acts = self.acts_in(hits);
        // A sentence that punishes is about the conduct it punishes: "cấm
        // vợ đi họp thì bị phạt" sanctions the ban, it does not impose it.
        let sanctions = acts
            .iter()
            .any(|(_, i)| self.acts[*i].kind == ActKind::Penalty);
        for (act, i) in acts {
            let a = &self.acts[i];
            let offence = offences.iter().any(|o| ctx.dist(o, &act, a.gap) <= a.gap);
            if (a.kind == ActKind::Penalty && offence)
                || (sanctions && a.kind != ActKind::Penalty && a.position == Position::Before)
            {
                continue;
            }
            let Some((subject, Side::One(sex))) = self.subject(&ctx, &act, a, &actors) else {
                continue;
            };
            if a.kind == ActKind::Grant && sex != Sex::Male {
                continue;
            }
            let Some((d, domain)) = self.domain(&ctx, hits, &act, &subject, a.kind, &a.only) else {
                continue;
            };
            if self.symmetric_in_unit(words, sex, a.kind, compare, cache)
                || (join.is_some() && self.symmetric(&ctx, sex, a.kind, hits))
            {
                continue;
            }
            let found = Found {
                rule: self.domains[d].rule,
                actor: subject,
                act,
                kind: a.kind,
                domain,
            };
            if accept(&found) {
                return Some(found);
            }
        }
        None
    }
}

impl CompiledAnalysis {
    /// Different amounts, ages, shares or durations for each sex in one
    /// unit: "các cụ ông từ 70 tuổi … các cụ bà từ 80 tuổi", "lao động nam
    /// 10 ngày công; lao động nữ 5 ngày". Each name takes the first number
    /// after it, before the next name.
    pub(crate) fn different_amounts(&self, words: &Words, hits: &[Hit]) -> Option<Found> {
        // One pass over the unit's hits, where each question was one.
        let seen = self.roles_of(hits);
        let names_both = seen & Roles::FEMALE != 0 && seen & Roles::MALE != 0;
        if self.is_empty() || !names_both || seen & Roles::CANCEL != 0 {
            return None;
        }
        // A rule laid on both sides at once ("phạt mỗi bên 2 đồng … mỗi bên
        // 3 đồng") sets its numbers per case, not per sex.
        if hits.iter().any(|h| self.per_case.contains(h.term)) {
            return None;
        }
        let named = pair_joined(words, self.actors(hits));
        // Both-sexes words ("cha mẹ đẻ") are no side of the comparison.
        let actors: Vec<(Hit, Sex)> = named
            .into_iter()
            .filter_map(|(h, side)| match side {
                Side::One(sex) => Some((h, sex)),
                Side::Both => None,
            })
            .collect();
        let mut seen: Vec<(Sex, u64, Hit, Hit)> = Vec::new();
        for (i, (h, sex)) in actors.iter().enumerate() {
            let until = actors.get(i + 1).map_or(usize::MAX, |(n, _)| n.start);
            if let Some(n) = words.number_after(h.end, until, 12) {
                seen.push((*sex, n.1, *h, n.0));
            }
        }
        let first = seen.first()?;
        let other = seen.iter().find(|o| o.0 != first.0 && o.1 != first.1)?;
        let ctx = Ctx { words, join: None };
        let (d, domain) = self
            .domain(&ctx, hits, &first.3, &first.2, ActKind::Amount, &[])
            .filter(|(_, d)| d.is_some())?;
        let (actor, number) = if first.0 == Sex::Female || other.0 == Sex::Male {
            (first.2, first.3)
        } else {
            (other.2, other.3)
        };
        Some(Found {
            rule: self.domains[d].rule,
            actor,
            act: number,
            kind: ActKind::Amount,
            domain,
        })
    }
}

/// The side a term with the [`Roles`] bits `role` names, if any.
fn side_of(role: u8) -> Option<Side> {
    if role & Roles::BOTH != 0 {
        Some(Side::Both)
    } else if role & Roles::FEMALE != 0 {
        Some(Side::One(Sex::Female))
    } else if role & Roles::MALE != 0 {
        Some(Side::One(Sex::Male))
    } else {
        None
    }
}

/// Two names of opposite sexes joined by a conjunction are one name for
/// both: "học sinh nam và học sinh nữ".
fn pair_joined(words: &Words, actors: Vec<(Hit, Side)>) -> Vec<(Hit, Side)> {
    let mut out: Vec<(Hit, Side)> = Vec::with_capacity(actors.len());
    for (h, side) in actors {
        if let Some((prev, prev_side)) = out.last_mut() {
            let opposite = matches!((*prev_side, side), (Side::One(a), Side::One(b)) if a != b);
            if (opposite || *prev_side == Side::Both || side == Side::Both)
                && *prev_side != side
                && words.joined(prev, &h)
            {
                prev.end = h.end;
                *prev_side = Side::Both;
                continue;
            }
        }
        out.push((h, side));
    }
    out
}

fn overlaps(a: &Hit, b: &Hit) -> bool {
    a.start < b.end && b.start < a.end
}

fn contains(outer: &Hit, inner: &Hit) -> bool {
    outer != inner && outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Word starts and barriers as a plain walk over the bytes finds them.
    fn walked(text: &str) -> (Vec<usize>, Vec<usize>) {
        let bytes = text.as_bytes();
        let (mut starts, mut barriers) = (Vec::new(), Vec::new());
        let mut prev = b' ';
        for (i, &b) in bytes.iter().enumerate() {
            if b != b' ' && prev == b' ' {
                starts.push(i);
            }
            let stop =
                matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|&n| n == b' ');
            if b == b';' || stop {
                barriers.push(i);
            }
            prev = b;
        }
        (starts, barriers)
    }

    /// [`Words::number_after`] as it was first written, searching for the
    /// first digit up to `until` however far it lies; the number is read
    /// from there as the search does.
    fn number_after_unbounded(
        w: &Words,
        from: usize,
        until: usize,
        gap: usize,
    ) -> Option<(Hit, u64)> {
        let end = until.min(w.text.len());
        let bytes = w.text.as_bytes();
        let at = (from..end).find(|&i| bytes[i].is_ascii_digit())?;
        w.number_at(from, at, end, gap)
    }

    proptest::proptest! {
        /// The search that gives up past the gap finds what the search to
        /// the end finds, on texts of long and short words, spaces and
        /// numbers, from every place, for gaps up to twelve words.
        #[test]
        fn number_search_stops_where_no_number_could_pass(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a".to_owned(), "đồng".into(), " ".into(), "  ".into(), "12".into(),
                    "1.000".into(), ",".into(), ".".into(), "x".repeat(300), "ư ".repeat(150),
                    format!("{} ", "x".repeat(200)),
                ]),
                0..16,
            ),
            gap in 0usize..13,
        ) {
            let text: String = pieces.concat();
            let words = Words::new(&text);
            for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for until in [usize::MAX, text.len() / 2] {
                    proptest::prop_assert_eq!(
                        words.number_after(from, until, gap),
                        number_after_unbounded(&words, from, until, gap),
                        "{:?} from {} gap {}", text, from, gap
                    );
                }
            }
        }

        #[test]
        fn words_agree_with_a_walk_over_the_bytes(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["a", "đ", " ", "  ", ";", ".", "!", "?", "1.000", ","]),
                0..30,
            ),
        ) {
            let text: String = pieces.concat();
            let words = Words::new(&text);
            let (starts, barriers) = walked(&text);
            proptest::prop_assert_eq!(&words.barriers, &barriers);
            for from in 0..=text.len() {
                for to in from..=text.len() {
                    let n = starts.iter().filter(|&&s| from <= s && s < to).count();
                    for cap in 0..4 {
                        proptest::prop_assert_eq!(
                            words.count(from, to, cap),
                            n.min(cap + 1),
                            "{:?} {}..{} cap {}", text, from, to, cap
                        );
                    }
                }
            }
        }
    }
}
