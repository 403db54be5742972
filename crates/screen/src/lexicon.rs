//! Finding the pack's terms word by word.
//!
//! Terms hit only between word boundaries, and almost all are a few whole
//! syllables. So the text is cut into words once, each word is looked up
//! in a table of the words that terms use, and a trie over word ids is
//! walked from each word that can begin a term. This does one lookup per
//! word and a short walk, where an Aho-Corasick automaton took a
//! transition per byte, reported terms inside words only to drop them at
//! the boundary check, and gave its matches in an order that had to be
//! sorted. The hits are the same: a term hits where its exact bytes are
//! in the text between word boundaries.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::compile::{TermId, at_boundaries};
use crate::matcher::Hit;
use crate::wordscan::for_each_word;

/// A word id: an index into the table of the words terms are made of.
type WordId = u32;

/// No word of any term, or no trie node.
const NONE: u32 = u32::MAX;

/// Every term of a pack, ready to be found word by word.
#[derive(Debug)]
pub(crate) struct Lexicon {
    terms: Vec<Box<[u8]>>,
    /// Whether each term is its words joined by single spaces: where the
    /// text's words are too, equal word ids mean equal bytes.
    plain: Vec<bool>,
    words: Words,
    /// The trie node each word begins, by word id (empty if none): a copy
    /// of the node, so that the first step of a walk, taken from nearly
    /// every word of a text, reads this small table and not a node
    /// anywhere in [`Lexicon::nodes`].
    roots: Vec<Node>,
    nodes: Vec<Node>,
    /// Children of all nodes, each node's sorted by word id.
    edges: Vec<(WordId, u32)>,
    /// The terms that end at each node, grouped by node.
    ends: Vec<TermId>,
    /// Terms that do not begin with a word character, which no word walk
    /// can begin: found the old way (a user's pack may hold such terms;
    /// the embedded one does not).
    odd: Option<(AhoCorasick, Vec<TermId>)>,
}

/// A trie node: its children and the terms that end at it, as ranges of
/// [`Lexicon::edges`] and [`Lexicon::ends`]. The default has neither.
#[derive(Debug, Clone)]
struct Node {
    edges: Range<u32>,
    ends: Range<u32>,
    /// The one term that ends here when it is the only one and plain, as
    /// most are: read with the node, without a look at [`Lexicon::ends`].
    single: TermId,
    /// Bit `w % 64` set for each child's word `w`: most words follow no
    /// term's first word, and this answers them without a search.
    follows: u64,
}

impl Default for Node {
    fn default() -> Node {
        Node {
            edges: 0..0,
            ends: 0..0,
            single: NONE,
            follows: 0,
        }
    }
}

impl Lexicon {
    /// Indexes `terms`, whose ids are their positions.
    pub(crate) fn new(terms: &[String]) -> Result<Lexicon, aho_corasick::BuildError> {
        let mut trie = TrieBuilder::default();
        let mut odd = Vec::new();
        for (id, term) in terms.iter().enumerate() {
            if !trie.add(term, id as TermId) {
                odd.push(id as TermId);
            }
        }
        let plain: Vec<bool> = terms.iter().map(|t| is_plain(t)).collect();
        let (nodes, edges, ends) = trie.lay_out(&plain);
        let odd = if odd.is_empty() {
            None
        } else {
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(odd.iter().map(|&t| &terms[t as usize]))?;
            Some((ac, odd))
        };
        let mut roots = trie.roots;
        roots.resize(trie.words.count as usize, NONE);
        let roots: Vec<Node> = roots
            .iter()
            .map(|&r| nodes.get(r as usize).cloned().unwrap_or_default())
            .collect();
        let mut words = trie.words;
        words.set_roots(&roots);
        Ok(Lexicon {
            terms: terms.iter().map(|t| t.as_bytes().into()).collect(),
            plain,
            words,
            roots,
            nodes,
            edges,
            ends,
            odd,
        })
    }

    /// Pushes every hit inside each of `segments` in turn to `out`, each
    /// segment's in order of start, end and term: each place where a
    /// term's bytes stand between word boundaries of the whole `text`. One
    /// buffer holds the words of each segment in turn (a document has a
    /// segment per unit).
    pub(crate) fn find(&self, text: &str, segments: &[Range<usize>], out: &mut Vec<Hit>) {
        let mut words = Vec::new();
        for seg in segments {
            words.clear();
            self.text_words(text, seg.clone(), &mut words);
            self.find_in(text, seg.clone(), &words, out);
        }
    }

    fn find_in(&self, text: &str, seg: Range<usize>, words: &[TextWord], out: &mut Vec<Hit>) {
        let first = out.len();
        for i in 0..words.len() {
            let from = out.len();
            self.walk_from(words, i, text, &seg, out);
            if out.len() - from > 1 {
                out[from..].sort_unstable_by_key(|h| (h.end, h.term));
            }
        }
        if let Some((ac, ids)) = &self.odd {
            let hay = &text[seg.clone()];
            out.extend(
                ac.find_overlapping_iter(hay)
                    .map(|m| (seg.start + m.start(), seg.start + m.end(), m.pattern()))
                    .filter(|&(s, e, _)| at_boundaries(text, s, e))
                    .map(|(start, end, p)| Hit {
                        term: ids[p.as_usize()],
                        start,
                        end,
                    }),
            );
            out[first..].sort_unstable_by_key(|h| (h.start, h.end, h.term));
        }
    }

    /// Pushes the words of `text[seg]`, with their ids, to `words`.
    fn text_words(&self, text: &str, seg: Range<usize>, words: &mut Vec<TextWord>) {
        let bytes = text.as_bytes();
        words.reserve(seg.len() / 5);
        for_each_word(text, seg, |span| {
            words.push(TextWord {
                entry: self.words.get(bytes, span.clone()),
                span,
            });
        });
    }

    /// Walks the trie from `words[i]`, pushing the terms that end on the
    /// way.
    fn walk_from(
        &self,
        words: &[TextWord],
        i: usize,
        text: &str,
        seg: &Range<usize>,
        out: &mut Vec<Hit>,
    ) {
        let first = &words[i];
        let entry = first.entry;
        let mut walk = Walk {
            start: first.span.start,
            end: first.span.end,
            plain: true,
            seg: seg.clone(),
        };
        match entry.single {
            NONE => {}
            GENERAL => self.push_ends(&self.roots[entry.id as usize], text, &walk, out),
            term => {
                if self.ends_whole(text, &walk) {
                    out.push(Hit {
                        term,
                        start: walk.start,
                        end: walk.end,
                    });
                }
            }
        }
        let mut j = i;
        let mut follows = entry.follows;
        let mut node = None;
        loop {
            let Some(n) = words.get(j + 1) else {
                return;
            };
            if follows & (1 << (n.entry.id % 64)) == 0 {
                return;
            }
            let at = node.unwrap_or_else(|| &self.roots[entry.id as usize]);
            let Some(next) = self.child(at, n.entry.id) else {
                return;
            };
            // One space and the next word: the text still reads as a
            // plain term would.
            let gap = words[j].span.end..n.span.start;
            walk.plain &= gap.len() == 1 && text.as_bytes()[gap.start] == b' ';
            j += 1;
            let next = &self.nodes[next as usize];
            walk.end = n.span.end;
            self.push_ends(next, text, &walk, out);
            follows = next.follows;
            node = Some(next);
        }
    }

    /// The terms ending at `node` whose bytes stand at the walk's start
    /// and end at a word boundary inside its segment.
    fn push_ends(&self, n: &Node, text: &str, walk: &Walk, out: &mut Vec<Hit>) {
        if n.single != NONE && walk.plain {
            if self.ends_whole(text, walk) {
                out.push(Hit {
                    term: n.single,
                    start: walk.start,
                    end: walk.end,
                });
            }
            return;
        }
        for &t in &self.ends[n.ends.start as usize..n.ends.end as usize] {
            let start = walk.start;
            let end = if walk.plain && self.plain[t as usize] {
                self.ends_whole(text, walk).then_some(walk.end)
            } else {
                let term = &self.terms[t as usize];
                let end = start + term.len();
                (end <= walk.seg.end
                    && text.as_bytes()[start..end] == **term
                    && at_boundaries(text, start, end))
                .then_some(end)
            };
            if let Some(end) = end {
                out.push(Hit {
                    term: t,
                    start,
                    end,
                });
            }
        }
    }

    /// Whether a plain term stands at the plain walk's words: the same
    /// words, one space between each, are the same bytes, whole but where
    /// the segment cuts one.
    fn ends_whole(&self, text: &str, walk: &Walk) -> bool {
        let whole = walk.start != walk.seg.start && walk.end != walk.seg.end;
        whole || at_boundaries(text, walk.start, walk.end)
    }

    fn child(&self, n: &Node, word: WordId) -> Option<u32> {
        if n.follows & (1 << (word % 64)) == 0 {
            return None;
        }
        let edges = &self.edges[n.edges.start as usize..n.edges.end as usize];
        edges
            .binary_search_by_key(&word, |e| e.0)
            .ok()
            .map(|i| edges[i].1)
    }
}

/// The trie as it is built: a map of edges, laid out flat at the end.
#[derive(Default)]
struct TrieBuilder {
    words: Words,
    roots: Vec<u32>,
    by_edge: HashMap<(u32, WordId), u32, BuildHasherDefault<WordHasher>>,
    /// The terms that end at each node, by node.
    node_ends: Vec<Vec<TermId>>,
}

impl TrieBuilder {
    /// Adds term `id`; false for a term that does not begin with a word
    /// character, which no walk from a word could find.
    fn add(&mut self, term: &str, id: TermId) -> bool {
        let spans = word_spans(term, 0..term.len());
        if spans.first().is_none_or(|w| w.start != 0) {
            return false;
        }
        let mut node = NONE;
        for w in spans {
            let word = self.words.intern(&term.as_bytes()[w]);
            let fresh = self.node_ends.len() as u32;
            let next = if node == NONE {
                if self.roots.len() <= word as usize {
                    self.roots.resize(word as usize + 1, NONE);
                }
                let root = &mut self.roots[word as usize];
                if *root == NONE {
                    *root = fresh;
                }
                *root
            } else {
                *self.by_edge.entry((node, word)).or_insert(fresh)
            };
            if next == fresh {
                self.node_ends.push(Vec::new());
            }
            node = next;
        }
        self.node_ends[node as usize].push(id);
        true
    }

    /// The nodes, edges and ends of [`Lexicon`], each node's children
    /// sorted for the search.
    fn lay_out(&mut self, plain: &[bool]) -> (Vec<Node>, Vec<(WordId, u32)>, Vec<TermId>) {
        let mut kids: Vec<(u32, WordId, u32)> = std::mem::take(&mut self.by_edge)
            .into_iter()
            .map(|((node, word), child)| (node, word, child))
            .collect();
        kids.sort_unstable();
        let (mut nodes, mut edges, mut ends) = (Vec::new(), Vec::new(), Vec::new());
        let mut k = 0;
        for (node, here) in std::mem::take(&mut self.node_ends).into_iter().enumerate() {
            let e0 = edges.len() as u32;
            let mut follows = 0u64;
            while let Some(&(_, word, child)) = kids.get(k).filter(|e| e.0 == node as u32) {
                edges.push((word, child));
                follows |= 1 << (word % 64);
                k += 1;
            }
            let t0 = ends.len() as u32;
            let single = match here[..] {
                [t] if plain[t as usize] => t,
                _ => NONE,
            };
            ends.extend(here);
            nodes.push(Node {
                edges: e0..edges.len() as u32,
                ends: t0..ends.len() as u32,
                single,
                follows,
            });
        }
        (nodes, edges, ends)
    }
}

/// A word of the text, with its id in the lexicon's table.
struct TextWord {
    span: Range<usize>,
    entry: Entry,
}

/// A walk of the trie from one word of the text.
struct Walk {
    start: usize,
    /// The end of the last word walked.
    end: usize,
    /// Whether one space separates each word walked from the next.
    plain: bool,
    seg: Range<usize>,
}

/// Whether a term is its words joined by single spaces.
fn is_plain(term: &str) -> bool {
    let spans = word_spans(term, 0..term.len());
    let mut rebuilt = String::with_capacity(term.len());
    for (i, w) in spans.into_iter().enumerate() {
        if i > 0 {
            rebuilt.push(' ');
        }
        rebuilt.push_str(&term[w]);
    }
    rebuilt == term
}

/// The table of the words terms are made of. A word of up to 15 bytes (a
/// syllable always is) is its own key, packed with its length in a `u128`,
/// so a lookup hashes and compares two machine words.
#[derive(Debug, Default)]
struct Words {
    short: HashMap<u128, Entry, BuildHasherDefault<WordHasher>>,
    long: HashMap<Box<[u8]>, Entry, BuildHasherDefault<WordHasher>>,
    count: WordId,
}

/// A word of the table: its id, and what the first step of a walk from it
/// needs, read with the key instead of from the trie.
#[derive(Debug, Clone, Copy)]
struct Entry {
    id: WordId,
    /// The one plain term that is this word alone, [`NONE`], or
    /// [`GENERAL`] where the terms ending at the word's root need
    /// [`Lexicon::push_ends`].
    single: TermId,
    /// The root's [`Node::follows`]: 0 where no term begins with the word.
    follows: u64,
}

/// See [`Entry::single`]: no term id, as a pack's terms number far fewer.
const GENERAL: u32 = u32::MAX - 1;

/// The entry of a word no term uses.
const ABSENT: Entry = Entry {
    id: NONE,
    single: NONE,
    follows: 0,
};

impl Words {
    fn intern(&mut self, word: &[u8]) -> WordId {
        let next = self.count;
        let fresh = Entry { id: next, ..ABSENT };
        let id = match packed(word) {
            Some(k) => self.short.entry(k).or_insert(fresh).id,
            None => self.long.entry(word.into()).or_insert(fresh).id,
        };
        if id == next {
            self.count += 1;
        }
        id
    }

    /// The entry of the word at `span` of `text`, or [`ABSENT`] if no
    /// term uses it.
    fn get(&self, text: &[u8], span: Range<usize>) -> Entry {
        let len = span.len();
        let key = match text.get(span.start..span.start + 16) {
            // One unaligned load and a mask, where packing a copy called
            // memcpy for every word of the text.
            Some(raw) if len <= 15 => {
                let raw = u128::from_le_bytes(raw.try_into().expect("16 bytes"));
                Some(raw & ((1u128 << (8 * len)) - 1) | (len as u128) << 120)
            }
            _ => packed(&text[span.clone()]),
        };
        match key {
            Some(k) => self.short.get(&k),
            None => self.long.get(&text[span]),
        }
        .copied()
        .unwrap_or(ABSENT)
    }

    /// Copies each root's first step into its word's entry.
    fn set_roots(&mut self, roots: &[Node]) {
        let entries = self.short.values_mut().chain(self.long.values_mut());
        for e in entries {
            let Some(n) = roots.get(e.id as usize) else {
                continue;
            };
            e.follows = n.follows;
            e.single = if n.single != NONE {
                n.single
            } else if n.ends.is_empty() {
                NONE
            } else {
                GENERAL
            };
        }
    }
}

fn packed(word: &[u8]) -> Option<u128> {
    if word.len() > 15 {
        return None;
    }
    let mut key = [0u8; 16];
    key[..word.len()].copy_from_slice(word);
    key[15] = word.len() as u8;
    Some(u128::from_le_bytes(key))
}

/// The maximal runs of word characters inside `range` of `text`.
fn word_spans(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(range.len() / 4);
    for_each_word(text, range, |w| out.push(w));
    out
}

/// FxHash (as in rustc) over 8-byte chunks: the words are short, and a
/// keyed hash such as std's default costs more than the rest of a lookup.
/// The keys are the pack's own words, not input, so flooding is no concern:
/// a text's words are only looked up.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the lexicon must find: every overlapping match of a term's
    /// bytes inside the segment, kept where it stands between word
    /// boundaries of the whole text, ordered by start, end and term.
    fn reference(terms: &[String], text: &str, seg: Range<usize>) -> Vec<Hit> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(terms)
            .unwrap();
        let mut hits: Vec<Hit> = ac
            .find_overlapping_iter(&text[seg.clone()])
            .map(|m| (seg.start + m.start(), seg.start + m.end(), m.pattern()))
            .filter(|&(s, e, _)| at_boundaries(text, s, e))
            .map(|(start, end, p)| Hit {
                term: p.as_u32(),
                start,
                end,
            })
            .collect();
        hits.sort_unstable_by_key(|h| (h.start, h.end, h.term));
        hits
    }

    fn found(terms: &[String], text: &str, seg: Range<usize>) -> Vec<Hit> {
        let mut out = Vec::new();
        Lexicon::new(terms).unwrap().find(text, &[seg], &mut out);
        out
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cases() {
        let terms = strings(&[
            "con gái",
            "gái",
            "con",
            "phụ nữ",
            "nữ",
            "100%",
            "chủ hộ (nam)",
            "con cháu (trai, gái)",
            "(nam)",
            "không được chia",
            "được",
            "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai",
        ]);
        let texts = [
            "con gái không được chia đất",
            "phụ nữ, nữ giới và con  gái; con,gái",
            "đóng 100% và 100%x; chủ hộ (nam) là chủ hộ (nam)a",
            "con cháu (trai, gái) và con cháu (trai,gái) (nam)",
            "congái gáicon xcon gáix",
            "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai",
            "nữ\u{301} gái",
        ];
        for text in texts {
            for seg in [0..text.len(), 4..text.len() - 3] {
                let seg = if text.is_char_boundary(seg.start) && text.is_char_boundary(seg.end) {
                    seg
                } else {
                    0..text.len()
                };
                assert_eq!(
                    found(&terms, text, seg.clone()),
                    reference(&terms, text, seg.clone()),
                    "{text:?} {seg:?}"
                );
            }
        }
    }

    #[test]
    fn words_longer_than_a_key_are_found() {
        let terms = strings(&["quyềnlợinghĩavụ bình đẳng", "bình"]);
        let text = "quyềnlợinghĩavụ bình đẳng";
        assert_eq!(
            found(&terms, text, 0..text.len()),
            reference(&terms, text, 0..text.len())
        );
        assert_eq!(found(&terms, text, 0..text.len()).len(), 2);
    }

    proptest::proptest! {
        /// Random texts of term words, other words and separators, cut into
        /// a random segment: the lexicon finds what the reference does.
        #[test]
        fn agrees_with_the_reference(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "con", "gái", "trai", "nữ", "phụ", "được", "không", "chia",
                    "x", "100", "%", " ", " ", " ", "  ", ",", ", ", "(", ")", ";",
                    "\u{301}", "–", "đ", "1",
                ]),
                0..40,
            ),
            cut in (0usize..8, 0usize..8),
        ) {
            let terms = strings(&[
                "con gái", "gái", "con", "phụ nữ", "nữ", "không được chia", "được",
                "100%", "con (trai)", "trai, gái", "không được", "(x)", "%",
            ]);
            let text: String = pieces.concat();
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let a = bounds[cut.0.min(bounds.len() - 1)];
            let b = bounds[bounds.len() - 1 - cut.1.min(bounds.len() - 1)];
            let seg = a.min(b)..a.max(b);
            proptest::prop_assert_eq!(
                found(&terms, &text, seg.clone()),
                reference(&terms, &text, seg)
            );
        }
    }
}
