//! A rule regex searched forward only.
//!
//! `regex::Regex` finds a match with captures in three passes: a lazy DFA
//! forward to where the match ends, a second lazy DFA backward to where it
//! starts, and the backtracker over the match for the groups. A rule's
//! patterns run on one sentence, and their gaps (`.{0,120}?` in Unicode)
//! make both DFAs large: between two covenants the rest of the screening
//! evicts them, and nearly every step of either misses the cache.
//!
//! [`RuleRegex`] drops the backward pass:
//!
//! - The first search of a scope short enough for the backtracker is the
//!   backtracker's alone, unanchored over the scope. A scope reaches a
//!   rule regex only when its literal check lets it (see
//!   [`crate::required`]), and most then hold a match.
//! - Each later search, and any on a longer scope, runs the forward DFA to
//!   the end `e` of the first match at or after `at`; the backtracker (the
//!   PikeVM past its reach) then searches `at..e` unanchored, which gives
//!   the same match with its start and groups: every match inside `at..e`
//!   is one of the whole text (the look-around still sees all of it), no
//!   match starts before the first match's start, and the match the
//!   leftmost-first order prefers there is the one the DFA ended at. The
//!   backtracker clears a visited set the size of the text it searches, so
//!   this keeps a scope's cost linear in its length however many of its
//!   matches fail their number checks.
//!
//! The backward automaton is never built either, which was about half of
//! each regex's compile time.
//!
//! Matches come in the order of `regex::Regex::captures_iter`. A pattern
//! that can match the empty string is left to `regex::Regex`, whose
//! iterator's rules for empty matches are not copied here.

use regex_automata::hybrid::dfa::{Cache as DfaCache, Config as DfaConfig, DFA};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, PatternID};
use std::ops::Range;

/// A rule regex that finds matches with their capture groups without a
/// backward pass (see the module docs). Crate-private: the tests below
/// show its use.
pub(crate) struct RuleRegex {
    engine: Engine,
}

enum Engine {
    Forward(Box<Forward>),
    /// For a pattern that can match empty.
    Regex(regex::Regex),
}

type CacheFn =
    Box<dyn Fn() -> Caches + Send + Sync + std::panic::UnwindSafe + std::panic::RefUnwindSafe>;

struct Forward {
    /// `None` where the lazy DFA cannot be built; the PikeVM searches then.
    dfa: Option<DFA>,
    backtrack: BoundedBacktracker,
    pikevm: PikeVM,
    /// One set of caches per thread, as `regex::Regex` keeps its own.
    caches: Pool<Caches, CacheFn>,
}

/// What one search needs to write to.
struct Caches {
    dfa: Option<DfaCache>,
    backtrack: backtrack::Cache,
    pikevm: pikevm::Cache,
    captures: Captures,
}

impl std::fmt::Debug for RuleRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RuleRegex")
    }
}

impl RuleRegex {
    /// Compiles `pattern` as `regex::Regex::new` would read it; `None`
    /// where that fails.
    pub(crate) fn new(pattern: &str) -> Option<RuleRegex> {
        let nfa = NFA::compiler()
            .configure(
                thompson::Config::new().nfa_size_limit(Some(crate::compile::REGEX_SIZE_LIMIT)),
            )
            .build(pattern)
            .ok()?;
        if nfa.has_empty() {
            let regex = regex::Regex::new(pattern).ok()?;
            return Some(RuleRegex {
                engine: Engine::Regex(regex),
            });
        }
        Some(RuleRegex {
            engine: Engine::Forward(Box::new(Forward::new(nfa)?)),
        })
    }

    /// The first match of `hay`, in the order `regex::Regex::captures_iter`
    /// gives them, for which `f` answers `Some`. `f` gets the match's range
    /// and a lookup of a named group's text, which answers only where
    /// `captures` is asked for (finding the groups costs more).
    pub(crate) fn find_map<'h, T>(
        &self,
        hay: &'h str,
        captures: bool,
        mut f: impl FnMut(Range<usize>, &dyn Fn(&str) -> Option<&'h str>) -> Option<T>,
    ) -> Option<T> {
        match &self.engine {
            Engine::Forward(fwd) => fwd.find_map(hay, captures, f),
            Engine::Regex(re) if captures => re.captures_iter(hay).find_map(|c| {
                let m = c.get(0).expect("whole match");
                f(m.range(), &|name| c.name(name).map(|g| g.as_str()))
            }),
            Engine::Regex(re) => re.find_iter(hay).find_map(|m| f(m.range(), &|_| None)),
        }
    }
}

impl Forward {
    fn new(nfa: NFA) -> Option<Forward> {
        // As `regex::Regex` configures its lazy DFA: past three cache
        // clears that each gained less than ten bytes a state it gives
        // up, and a Unicode word boundary makes it quit on non-ASCII
        // bytes; either way the PikeVM searches instead.
        let dfa = DFA::builder()
            .configure(
                DfaConfig::new()
                    .unicode_word_boundary(true)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .ok();
        let backtrack = BoundedBacktracker::builder()
            .build_from_nfa(nfa.clone())
            .ok()?;
        let pikevm = PikeVM::builder().build_from_nfa(nfa).ok()?;
        let (d, b, p) = (dfa.clone(), backtrack.clone(), pikevm.clone());
        let create: CacheFn = Box::new(move || Caches {
            dfa: d.as_ref().map(DFA::create_cache),
            backtrack: b.create_cache(),
            pikevm: p.create_cache(),
            captures: p.create_captures(),
        });
        Some(Forward {
            dfa,
            backtrack,
            pikevm,
            caches: Pool::new(create),
        })
    }

    fn find_map<'h, T>(
        &self,
        hay: &'h str,
        captures: bool,
        mut f: impl FnMut(Range<usize>, &dyn Fn(&str) -> Option<&'h str>) -> Option<T>,
    ) -> Option<T> {
        let mut guard = self.caches.get();
        let caches = &mut *guard;
        let mut at = 0;
        while at <= hay.len() {
            let span = self.search(caches, hay, at, captures)?;
            // No match is empty (see `RuleRegex::new`), so `at` moves on.
            at = span.end;
            let c = &caches.captures;
            let group = |name: &str| {
                let g = c.get_group_by_name(name)?;
                Some(&hay[g.range()])
            };
            if let Some(t) = f(span, &group) {
                return Some(t);
            }
        }
        None
    }

    /// The first match at or after `at`, with its groups in
    /// `caches.captures` where `captures` is asked for.
    fn search(
        &self,
        caches: &mut Caches,
        hay: &str,
        at: usize,
        captures: bool,
    ) -> Option<Range<usize>> {
        let from = Input::new(hay).range(at..);
        // See the module docs: the backtracker alone for a scope's first
        // search, the DFA first for the rest.
        let direct = at == 0 && hay.len() <= self.backtrack.max_haystack_len();
        let end = match (&self.dfa, &mut caches.dfa) {
            _ if direct => Some(hay.len()),
            (Some(dfa), Some(cache)) => match dfa.try_search_fwd(cache, &from) {
                Ok(Some(half)) => Some(half.offset()),
                Ok(None) => return None,
                Err(_) => None,
            },
            _ => None,
        };
        // Where the DFA gave up, the PikeVM searches all of `at..`.
        let input = match end {
            Some(end) => Input::new(hay).range(at..end),
            None => from,
        };
        let caps = &mut caches.captures;
        // Groups not asked for read as unset, not as a former match's.
        caps.slots_mut().fill(None);
        let slots = if captures {
            caps.slots_mut()
        } else {
            &mut caps.slots_mut()[..2]
        };
        let short = end.is_some() && input.get_span().len() <= self.backtrack.max_haystack_len();
        let found = if short {
            self.backtrack
                .try_search_slots(&mut caches.backtrack, &input, slots)
                .unwrap_or_else(|_| self.pikevm.search_slots(&mut caches.pikevm, &input, slots))
        } else {
            self.pikevm.search_slots(&mut caches.pikevm, &input, slots)
        };
        caps.set_pattern(found);
        let pid = found?;
        debug_assert_eq!(pid, PatternID::ZERO);
        caps.get_match().map(|m| m.range())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match of `re` in `hay` with its named groups, as `find_map`
    /// walks them.
    type Found = Vec<(Range<usize>, Vec<Option<String>>)>;

    fn all(re: &RuleRegex, hay: &str, names: &[&str]) -> Found {
        let mut out = Vec::new();
        re.find_map(hay, true, |m, group| {
            let groups = names.iter().map(|n| group(n).map(str::to_string));
            out.push((m, groups.collect()));
            None::<()>
        });
        out
    }

    /// The same from `regex::Regex::captures_iter`.
    fn want(re: &regex::Regex, hay: &str, names: &[&str]) -> Found {
        re.captures_iter(hay)
            .map(|c| {
                let groups = names
                    .iter()
                    .map(|n| c.name(n).map(|g| g.as_str().to_string()));
                (c.get(0).expect("match").range(), groups.collect())
            })
            .collect()
    }

    fn names(source: &str) -> Vec<&str> {
        ["a", "b", "age"]
            .into_iter()
            .filter(|n| source.contains(&format!("(?P<{n}>")))
            .collect()
    }

    /// Every rule regex of the embedded pack, as written and with `\d`
    /// read as `[0-9]`, in both modes, on every corpus line in matching
    /// form: the same matches and groups as `regex::Regex`.
    #[test]
    fn the_pack_matches_as_regex_does() {
        let screener = crate::Screener::embedded().expect("embedded pack");
        let mut matched = 0;
        for (mode, forms) in crate::test_corpus::forms() {
            let compiled = screener.compiled(mode);
            let rules = compiled.rules.iter().flat_map(|r| &r.patterns);
            for written in rules.map(|p| &p.regex.source) {
                for source in [written.clone(), crate::compile::ascii_digits(written)] {
                    let re = RuleRegex::new(&source).expect("pack regex");
                    let regex = regex::Regex::new(&source).expect("pack regex");
                    let names = names(&source);
                    for line in &forms {
                        let got = all(&re, line, &names);
                        matched += got.len();
                        assert_eq!(got, want(&regex, line, &names), "{source}\n{line}");
                    }
                }
            }
        }
        assert!(
            matched > 100,
            "only {matched} matches: the test proves little"
        );
    }

    /// Each way a search can go: the lazy DFA and the backtracker; the
    /// PikeVM past the backtracker's reach and where the DFA quits on a
    /// Unicode word boundary; `regex::Regex` for a pattern that can match
    /// empty.
    #[test]
    fn each_engine_gives_regex_s_matches() {
        let long = format!("nam {} nữ 5 đồng, nam 7", "x ".repeat(40_000));
        let cases: &[(&str, &str)] = &[
            // The second match begins where the first ends.
            (r"nam.{0,9}?(?P<a>[0-9]+)", "nam được 5nam 6, nữ 6, nam 70"),
            (r"nam.*?(?P<a>[0-9]+)", &long),
            (r"\bnữ\b.{0,3}(?P<a>[0-9])", "nữ 5 bạn nữ 6 nữa 7"),
            (r"(?P<a>[0-9]*)", "a1 22 b"),
            (r"x?", "đxyx"),
        ];
        for (source, hay) in cases {
            let re = RuleRegex::new(source).expect("regex");
            let names = names(source);
            let got = all(&re, hay, &names);
            assert!(!got.is_empty(), "{source}");
            let regex = regex::Regex::new(source).expect("regex");
            assert_eq!(got, want(&regex, hay, &names), "{source}");
        }
        let engine = |s| match RuleRegex::new(s).expect("regex").engine {
            Engine::Forward(_) => "forward",
            Engine::Regex(_) => "regex",
        };
        assert_eq!(engine(r"nam.{0,9}?"), "forward");
        assert_eq!(engine(r"(?P<a>[0-9]*)"), "regex");
    }

    #[test]
    fn groups_answer_only_where_asked_for() {
        let re = RuleRegex::new(r"nữ (?P<age>[0-9]+) tuổi").expect("regex");
        let hay = "nam 20 tuổi, nữ 16 tuổi";
        let read = |captures| {
            re.find_map(hay, captures, |m, group| Some((m, group("age"))))
                .expect("match")
        };
        assert_eq!(read(true), (15..29, Some("16")));
        assert_eq!(read(false), (15..29, None));
        assert!(RuleRegex::new(r"(").is_none());
    }

    proptest::proptest! {
        // Matches that abut, which only the iteration tells apart, are
        // rare among random pieces: more cases than the default find them.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// On text made of the pack's kind of pieces, in any order.
        #[test]
        fn matches_as_regex_does(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "con trai", "nam", "con gái", "nữ", " ", "500", "7", "1.000", ".",
                    ",", ";", "đồng", "triệu", "được", "x", ":", "a)", "\n", "tuổi", "ừ",
                ]),
                0..24,
            ),
        ) {
            let hay: String = pieces.concat();
            for (re, regex, source) in PATTERNS.iter() {
                let names = names(source);
                proptest::prop_assert_eq!(all(re, &hay, &names), want(regex, &hay, &names), "{} on {:?}", source, hay);
            }
        }
    }

    /// Patterns with the pack's gaps, groups and anchors, each compiled
    /// both ways once.
    static PATTERNS: std::sync::LazyLock<Vec<(RuleRegex, regex::Regex, &str)>> =
        std::sync::LazyLock::new(|| {
            [
                r"(?:con trai|nam).{0,20}?(?P<a>[0-9][0-9.,]*)\s?(?:đồng|triệu).{0,20}?(?:con gái|nữ).{0,9}?(?P<b>[0-9][0-9.,]*)",
                r"^(?:[0-9]+\.\s)?[^.:;]{0,20}:\s(?:[a-z]\))\s.*?nam.{0,9}?(?P<a>[0-9]+)",
                r"(?:nữ|con gái)(?:\s(?:được|x))*\s(?P<age>[0-9]{1,2})(?:\s?tuổi|\s?,)[^;.]{0,12}?nam",
                r"(?:được|nữ)\s(?:\S+\s){0,3}?(?:đồng|tuổi)$",
                r"(?:nam|nữ)\s?(?P<a>[0-9]+)",
            ]
            .into_iter()
            .map(|s| {
                let re = RuleRegex::new(s).expect("regex");
                (re, regex::Regex::new(s).expect("regex"), s)
            })
            .collect()
        });
}
