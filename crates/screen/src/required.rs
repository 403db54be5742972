//! The literals every match of a regex must hold, in order: a check that
//! turns a scope away without running the regex.
//!
//! A rule's regex runs only where its term groups hit, yet most of those
//! runs find nothing (on the 1,000-covenant batch, five in six). Each run
//! starts cold: the lazy DFA of a pattern with gaps such as `.{0,120}?` is
//! large, and nearly every step of it misses the cache. Most of those
//! scopes lack a part of the pattern in the right order (an amount after
//! the second sex, a wedding word after the age), which one pass of a
//! small automaton over the scope shows.
//!
//! The check is exact in one direction only: where it says no, the regex
//! cannot match; where it says yes, the regex decides.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// For a concatenation `e1 e2 … en`, the literals each part's matches
/// begin with, for the parts where they are known and none is empty.
#[derive(Debug)]
pub(crate) struct Required {
    /// Each part's literals, in the regex's order, found leftmost first:
    /// a search from a position gives the earliest start at or after it.
    parts: Vec<Arc<AhoCorasick>>,
}

/// The automata built for a pack's regexes, by literal set. Most parts
/// are a term set (`{nam}`, `{nu}`) that many regexes share: on the
/// 1,000-covenant batch, 156 parts hold 57 distinct sets, and building
/// each once spares two fifths of the checks' first-use cost.
#[derive(Debug, Default)]
pub(crate) struct LiteralSets(Mutex<HashMap<Vec<Vec<u8>>, Arc<AhoCorasick>>>);

impl LiteralSets {
    fn get(&self, starts: Vec<Vec<u8>>) -> Option<Arc<AhoCorasick>> {
        // A panic elsewhere while the lock was held leaves whole entries.
        let mut built = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ac) = built.get(&starts) {
            return Some(Arc::clone(ac));
        }
        // Built at a regex's first use, for a search over one scope: the
        // contiguous NFA costs a fraction of a DFA to build and searches
        // short text about as fast.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&starts)
            .ok()?;
        Some(Arc::clone(built.entry(starts).or_insert(Arc::new(ac))))
    }
}

impl Required {
    /// The parts of `source` with known literals, or `None` when there are
    /// none (or `source` is no regex). Their automata come from `sets`.
    pub(crate) fn of(source: &str, sets: &LiteralSets) -> Option<Required> {
        let hir = regex_syntax::Parser::new().parse(source).ok()?;
        let parts: Vec<&Hir> = match hir.kind() {
            HirKind::Concat(parts) => parts.iter().collect(),
            _ => vec![&hir],
        };
        let parts: Vec<Arc<AhoCorasick>> = parts
            .into_iter()
            .filter_map(starts_of)
            .map(|starts| sets.get(starts))
            .collect::<Option<_>>()?;
        (!parts.is_empty()).then_some(Required { parts })
    }

    /// Whether `hay` holds a literal of each part, each starting at or
    /// after the previous one's start: every match of the regex does.
    pub(crate) fn may_match(&self, hay: &str) -> bool {
        // The earliest start of each part in turn: if any chain of starts
        // exists, the earliest ones form one.
        let mut from = 0;
        for part in &self.parts {
            match part.find(Input::new(hay).range(from..)) {
                Some(m) => from = m.start(),
                None => return false,
            }
        }
        true
    }
}

/// The literals every match of `hir` begins with: `None` when they are not
/// known (too many, or a match may begin anywhere) or a match may be
/// empty, so that the part asks for nothing.
fn starts_of(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_must_come_in_order() {
        let r = Required::of(
            r"(?:con trai|nam).{0,40}?(?P<a>[0-9]+)\s?đồng.{0,40}?(?:con gái|nữ)",
            &LiteralSets::default(),
        )
        .expect("literal parts");
        assert!(r.may_match("con trai được 500 đồng, con gái được thưởng"));
        assert!(!r.may_match("con gái được 500 đồng, con trai được thưởng"));
        assert!(!r.may_match("con trai được thưởng đồng, con gái"));
        // The check is loose: the gap is the regex's to measure.
        assert!(r.may_match(&format!("nam 5 đồng {} nữ", "x".repeat(100))));
    }

    /// Every regex of the embedded pack (rules and frames, as written and
    /// with `\d` read as `[0-9]`), in both modes, on every line of the
    /// corpus in matching form: where the regex matches, the check lets it
    /// run.
    #[test]
    fn never_turns_away_a_line_the_pack_matches() {
        let screener = crate::Screener::embedded().expect("embedded pack");
        let mut matched = 0;
        // One for all, as a pack shares one: a part answers from the
        // automaton another regex's same set built.
        let sets = LiteralSets::default();
        for (mode, forms) in crate::test_corpus::forms() {
            let compiled = screener.compiled(mode);
            let rules = compiled
                .rules
                .iter()
                .flat_map(|r| r.patterns.iter().map(|p| &p.regex));
            let frames = compiled.frames.values().flat_map(|f| f.patterns.iter());
            for written in rules.chain(frames).map(|r| &r.source) {
                for source in [written.clone(), crate::compile::ascii_digits(written)] {
                    let Some(required) = Required::of(&source, &sets) else {
                        continue;
                    };
                    let re = regex::Regex::new(&source).expect("pack regex");
                    for line in forms.iter().filter(|l| re.is_match(l)) {
                        matched += 1;
                        assert!(required.may_match(line), "{source}\n{line}");
                    }
                }
            }
        }
        assert!(
            matched > 100,
            "only {matched} lines matched: the test proves little"
        );
    }

    proptest::proptest! {
        /// On text made of the patterns' own pieces, in any order.
        #[test]
        fn never_turns_away_a_match(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "con trai", "nam", "con gái", "nữ", " ", "500", "7", ".", ",",
                    "đồng", "triệu", "được", "x", ":", "a)", "\n", "tuổi",
                ]),
                0..16,
            ),
        ) {
            let hay: String = pieces.concat();
            for source in [
                r"(?:con trai|nam).{0,20}?(?P<a>[0-9][0-9.,]*)\s?(?:đồng|triệu).{0,20}?(?:con gái|nữ)",
                r"^(?:[0-9]+\.\s)?[^.:;]{0,20}:\s(?:[a-z]\))\s.*?nam.{0,9}?[0-9]",
                r"(?:nữ|con gái)(?:\s(?:được|x))*\s(?P<age>[0-9]{1,2})(?:\s?tuổi|\s?,)",
            ] {
                let re = regex::Regex::new(source).expect("regex");
                let required = Required::of(source, &LiteralSets::default()).expect("parts");
                proptest::prop_assert!(!re.is_match(&hay) || required.may_match(&hay), "{} on {:?}", source, hay);
            }
        }
    }

    /// Two regexes with a part of the same literals share its automaton;
    /// other parts get their own.
    #[test]
    fn a_literal_set_is_built_once() {
        let sets = LiteralSets::default();
        let a = Required::of(r"(?:con trai|nam)\s.{0,9}?đồng", &sets).expect("a");
        let b = Required::of(r"(?:con trai|nam).{0,20}?(?:nữ|con gái)", &sets).expect("b");
        assert!(Arc::ptr_eq(&a.parts[0], &b.parts[0]));
        assert!(!Arc::ptr_eq(&a.parts[1], &b.parts[1]));
        assert_eq!(sets.0.lock().expect("lock").len(), 3);
        assert!(b.may_match("nam và nữ") && !b.may_match("nữ và nam"));
    }

    #[test]
    fn parts_that_may_be_empty_ask_nothing() {
        assert!(Required::of(r"(?:a|b)?\s*.{0,3}", &LiteralSets::default()).is_none());
        let r = Required::of(r"^\s*(?:x)?y", &LiteralSets::default()).expect("y");
        assert!(r.may_match("y") && !r.may_match("x"));
    }
}
