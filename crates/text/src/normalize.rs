//! The matching form: the text the screening engine searches.
//!
//! It is NFC, lowercase, with one canonical tone placement, typographic
//! quotes and dashes in ASCII, zero-width characters removed, and every run
//! of whitespace turned into one space (or one `\n` when the run holds a
//! line break, so that the structure parser still sees lines). The folded
//! variant also drops tones and vowel marks, for text typed without them.
//! The matching form is never shown to users: every span maps back to the
//! original through [`OffsetMap`].

use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::offsets::{MapBuilder, OffsetMap};
use crate::vowels::{canonical_tone, fold_letter, has_vowel_mark, split_tone};

#[cfg(test)]
mod reference;

/// Which matching form to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Keep tones and vowel marks.
    #[default]
    Accented,
    /// Drop tones and vowel marks, đ→d: for text typed without diacritics.
    Folded,
}

/// Counts gathered while normalizing, used to tell whether a document was
/// typed without diacritics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Syllables (runs of letters) seen.
    pub syllables: usize,
    /// Syllables that carry a Vietnamese tone, a vowel mark or đ.
    pub marked: usize,
    /// Whether the matching form holds a numeral other than the ASCII
    /// digits ("٣", "５", "Ⅷ"): where it does not, a regex's `\d` can be
    /// read as `[0-9]`, whose automaton is a fraction of Unicode's.
    pub other_numerals: bool,
}

impl Stats {
    /// Whether the text reads as Vietnamese typed without diacritics: long
    /// enough to judge, and fewer than 3% of its syllables marked (ordinary
    /// Vietnamese marks well over half).
    pub fn is_unaccented(&self) -> bool {
        self.syllables >= 30 && self.marked * 100 < self.syllables * 3
    }
}

/// A text in matching form, with the map back to its source.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The matching form.
    pub text: String,
    /// Offsets of `text` back to the source text.
    pub map: OffsetMap,
    /// Counts used to detect unaccented documents.
    pub stats: Stats,
    /// The mode it was built in.
    pub mode: Mode,
}

/// Builds the matching form of `source`.
///
/// Each thread keeps a memo of the syllables it has read (256 KiB), so
/// that a batch reads each distinct syllable's letters about once; the
/// form depends on `source` and `mode` alone.
///
/// ```
/// use huonguoc_text::{Mode, normalize};
/// let n = normalize("Con gái  đi lấy chồng", Mode::Accented);
/// assert_eq!(n.text, "con gái đi lấy chồng");
/// assert_eq!(normalize("Con gái", Mode::Folded).text, "con gai");
/// ```
pub fn normalize(source: &str, mode: Mode) -> Normalized {
    // A text normalized while another is (which nothing does now) gets no
    // memo rather than a panic.
    MEMO.with(|memo| match memo.try_borrow_mut() {
        Ok(mut memo) => build(source, mode, Some(&mut memo)),
        Err(_) => build(source, mode, None),
    })
}

fn build(source: &str, mode: Mode, memo: Option<&mut Memo>) -> Normalized {
    let mut b = Builder {
        memo: memo.filter(|_| mode == Mode::Accented),
        source,
        mode,
        out: String::with_capacity(source.len()),
        map: MapBuilder::default(),
        stats: Stats::default(),
        chars: Vec::new(),
        needs_nfc: None,
        kept: 0..0,
    };
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = b.clean_run(i);
        i = if run > i {
            run
        } else if bytes[i].is_ascii_alphabetic() {
            b.syllable(i)
        } else {
            // What [`Builder::clean_run`] leaves outside a syllable is a
            // space to collapse or a char beyond ASCII.
            b.general(i)
        };
    }
    b.flush();
    let derived_len = b.out.len();
    Normalized {
        text: b.out,
        map: b.map.finish(derived_len, source.len()),
        stats: b.stats,
        mode,
    }
}

/// Normalizes a short text, such as a rule term, to its matching form.
pub fn normalize_term(term: &str, mode: Mode) -> String {
    normalize(term.trim(), mode).text
}

/// The matching form being written.
struct Builder<'a> {
    source: &'a str,
    mode: Mode,
    out: String,
    map: MapBuilder,
    stats: Stats,
    /// Scratch for one syllable, kept to spare an allocation per syllable.
    chars: Vec<char>,
    /// Whether the source may need composing, found out only once a
    /// syllable could need it: Vietnamese in NFC never asks.
    needs_nfc: Option<bool>,
    /// Source already in matching form, not yet copied to `out`: most of a
    /// clean document is, and one copy of it beats one per word.
    kept: Range<usize>,
    /// What [`Builder::clean_letters`] answered for syllables read before,
    /// in accented mode.
    memo: Option<&'a mut Memo>,
}

impl Builder<'_> {
    /// `source[i..end]` is its own matching form, mapped as a copy.
    fn keep(&mut self, i: usize, end: usize) {
        if self.kept.end != i {
            self.flush();
            self.kept.start = i;
        }
        self.kept.end = end;
    }

    /// Writes what [`Builder::keep`] kept; every other write comes after.
    fn flush(&mut self) {
        if !self.kept.is_empty() {
            self.map.copy(self.out.len(), self.kept.start);
            self.out.push_str(&self.source[self.kept.clone()]);
        }
        self.kept = 0..0;
    }

    /// The stretch from `i` that needs no more than ASCII lowercasing to
    /// be its own matching form, written at once; returns its end (`i`
    /// when there is none). It holds whole syllables of ASCII letters and,
    /// in accented mode, of the letters of [`CLEAN`] whose tone is where
    /// the rule puts it; ASCII digits and punctuation; and a single space
    /// or line break before a visible char. Most of a document is such
    /// stretches, and one tight loop over them beats a dispatch per token;
    /// anything else stops the stretch, for the general paths, which give
    /// it the same form and map.
    fn clean_run(&mut self, i: usize) -> usize {
        let bytes = self.source.as_bytes();
        let accented = self.mode == Mode::Accented;
        let (mut at, mut upper) = (i, false);
        let (mut syllables, mut marked) = (0, 0);
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii_alphabetic() || (accented && !b.is_ascii()) {
                let Some((end, mark, up)) = self.memo_letters(at, accented) else {
                    break;
                };
                (at, upper) = (end, upper | up);
                syllables += 1;
                marked += usize::from(mark);
            } else if !b.is_ascii() {
                break;
            } else if matches!(b, b' ' | b'\n') {
                if !starts_visible(bytes, at + 1) {
                    break;
                }
                at += 1;
            } else if is_ascii_space(b) {
                break;
            } else {
                at += 1;
            }
        }
        self.stats.syllables += syllables;
        self.stats.marked += marked;
        if upper {
            self.flush();
            let start = self.out.len();
            self.map.copy(start, i);
            self.out.push_str(&self.source[i..at]);
            self.out[start..].make_ascii_lowercase();
        } else if at > i {
            self.keep(i, at);
        }
        at
    }

    /// [`Builder::clean_letters`] for the syllable at `i`, read from the
    /// memo where the same bytes were answered before. The answer depends
    /// on the run of ASCII letters and non-ASCII bytes at `i` alone, which
    /// is the key: it ends where `clean_letters` stops on a clean syllable,
    /// and it holds every byte `clean_letters` reads before it gives up.
    #[inline(always)]
    fn memo_letters(&mut self, i: usize, accented: bool) -> Option<(usize, bool, bool)> {
        let key = self
            .memo
            .as_ref()
            .and_then(|_| memo_key(self.source.as_bytes(), i));
        let Some((key, len)) = key else {
            return self.clean_letters(i, accented);
        };
        if let Some(v) = self.memo.as_ref().and_then(|m| m.get(key)) {
            return v.clean.then_some((i + len, v.marked, v.upper));
        }
        let got = self.clean_letters(i, accented);
        debug_assert!(got.is_none_or(|g| g.0 == i + len));
        if let Some(memo) = self.memo.as_mut() {
            let verdict = got.map_or(Verdict::default(), |(_, marked, upper)| Verdict {
                clean: true,
                marked,
                upper,
            });
            memo.put(key, verdict);
        }
        got
    }

    /// The syllable at `i` when [`Builder::clean_run`] can take it: its
    /// end, whether it has a tone, a vowel mark or đ, and whether it has
    /// an ASCII capital.
    #[inline(always)]
    fn clean_letters(&mut self, i: usize, accented: bool) -> Option<(usize, bool, bool)> {
        let bytes = self.source.as_bytes();
        let (mut marks, mut upper, mut at) = (Marks::default(), false, i);
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii() {
                if !b.is_ascii_alphabetic() {
                    break;
                }
                upper |= b.is_ascii_uppercase();
                marks.add_ascii(b.to_ascii_lowercase());
                at += 1;
            } else if accented {
                let (kind, len) = clean_letter(bytes, at)?;
                marks.add_kind(kind);
                at += len;
            } else {
                return None;
            }
        }
        if marks.tone_may_move() {
            let chars = &mut self.chars;
            chars.clear();
            chars.extend(self.source[i..at].chars().map(|c| c.to_ascii_lowercase()));
            if canonical_tone(chars).is_some() {
                return None;
            }
        }
        Some((at, marks.marked, upper))
    }

    /// A syllable that [`Builder::clean_run`] did not take.
    fn syllable(&mut self, i: usize) -> usize {
        if let Some(end) = self.vietnamese_syllable(i) {
            return end;
        }
        let end = syllable_end(self.source, i);
        let raw = &self.source[i..end];
        self.stats.syllables += 1;
        let needs_nfc = !raw.is_ascii() && self.needs_nfc();
        self.flush();
        emit_syllable(
            raw,
            i,
            needs_nfc,
            self.mode,
            &mut self.out,
            &mut self.map,
            &mut self.stats,
            &mut self.chars,
        );
        end
    }

    fn needs_nfc(&mut self) -> bool {
        let source = self.source;
        // Most files are already NFC; the quick check is an order of
        // magnitude cheaper than normalizing, so only syllables of other
        // files pay for it.
        *self
            .needs_nfc
            .get_or_insert_with(|| is_nfc_quick(source.chars()) != IsNormalized::Yes)
    }

    /// Anything that does not start with an ASCII letter or punctuation.
    fn general(&mut self, i: usize) -> usize {
        let source = self.source;
        let c = source[i..].chars().next().expect("char boundary");
        if is_letter(c) {
            return self.syllable(i);
        }
        if is_space(c) {
            return self.space_run(i);
        }
        self.flush();
        let (out, map) = (&mut self.out, &mut self.map);
        let len = c.len_utf8();
        let start = out.len();
        match punctuation(c) {
            Some(rep) => {
                if rep.len() == len && rep.chars().count() == 1 {
                    map.copy(start, i);
                } else {
                    map.replace(start, i);
                }
                out.push_str(rep);
            }
            None if is_ignorable(c) => map.replace(start, i),
            None => {
                self.stats.other_numerals |= c.is_numeric();
                map.copy(start, i);
                out.push(c);
            }
        }
        i + len
    }

    fn space_run(&mut self, i: usize) -> usize {
        let source = self.source;
        let mut end = i;
        let mut line_break = false;
        for ch in source[i..].chars() {
            if is_space(ch) {
                line_break |= matches!(
                    ch,
                    '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{b}' | '\u{c}'
                );
            } else if !is_ignorable(ch) {
                break;
            }
            end += ch.len_utf8();
        }
        let sep = if line_break { "\n" } else { " " };
        self.flush();
        if &source[i..end] == sep {
            self.map.copy(self.out.len(), i);
        } else {
            self.map.replace(self.out.len(), i);
        }
        self.out.push_str(sep);
        end
    }

    /// The fast path of [`emit_syllable`] for a syllable of Vietnamese
    /// letters (and invisible characters), which is NFC as it stands: one
    /// pass that finds its end too, the table lookups of
    /// [`vietnamese_lower`] and [`letter_kind`] instead of the general
    /// Unicode ones, and the source copied as is when it is lowercase
    /// already. Returns the syllable's end, or `None`, having written
    /// nothing, for a syllable with any other letter or mark.
    fn vietnamese_syllable(&mut self, i: usize) -> Option<usize> {
        let (source, chars) = (self.source, &mut self.chars);
        chars.clear();
        let mut marks = Marks::default();
        // Whether every char kept its UTF-8 length, and its value.
        let (mut same_len, mut same) = (true, true);
        let (mut at, mut end, mut invisible) = (i, i, false);
        while let Some(&b) = source.as_bytes().get(at) {
            if b.is_ascii() {
                if !b.is_ascii_alphabetic() {
                    break;
                }
                let l = b.to_ascii_lowercase();
                marks.add_ascii(l);
                same_len &= !invisible;
                same &= !invisible && l == b;
                chars.push(char::from(l));
                at += 1;
                end = at;
                continue;
            }
            let c = source[at..].chars().next().expect("char boundary");
            if is_ignorable(c) {
                // Inside the syllable if a letter follows.
                invisible = true;
                at += c.len_utf8();
                continue;
            }
            let folded = match c {
                'Ð' | 'ð' => 'đ',
                'Ƣ' | 'ƣ' => 'ư',
                c => c,
            };
            let Some(l) = vietnamese_lower(folded).filter(|_| c != '÷') else {
                if is_letter(c) {
                    return None;
                }
                break;
            };
            marks.add(l);
            same_len &= !invisible && l.len_utf8() == c.len_utf8();
            same &= !invisible && l == c;
            chars.push(l);
            at += c.len_utf8();
            end = at;
        }
        self.emit_vietnamese(i, end, marks, same, same_len);
        Some(end)
    }

    /// Writes the syllable `source[at..end]`, lowercased in `self.chars`.
    /// `same`: the source is that lowercase already; `same_len`: every
    /// char kept its UTF-8 length.
    fn emit_vietnamese(&mut self, at: usize, end: usize, marks: Marks, same: bool, same_len: bool) {
        let raw = &self.source[at..end];
        self.stats.syllables += 1;
        self.stats.marked += usize::from(marks.marked);
        let moved = marks.tone_may_move() && place_tone(&mut self.chars);
        if same && same_len && !moved && self.mode == Mode::Accented {
            self.keep(at, end);
            return;
        }
        self.flush();
        let start = self.out.len();
        if raw.is_ascii() {
            self.map.copy(start, at);
            self.out.push_str(raw);
            self.out[start..].make_ascii_lowercase();
            return;
        }
        match self.mode {
            Mode::Accented => self.out.extend(self.chars.iter()),
            Mode::Folded => self.out.extend(self.chars.iter().map(|&c| fold_letter(c))),
        }
        if same_len && !moved && self.mode == Mode::Accented {
            self.map.copy(start, at);
        } else {
            self.map.replace(start, at);
        }
    }
}

thread_local! {
    /// One memo per thread, kept from text to text: covenants share most
    /// of their syllables.
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::new());
}

/// Bits of a memo slot's index.
const MEMO_BITS: u32 = 14;

/// The answers of [`Builder::clean_letters`] by syllable, in a table
/// indexed by a hash of the syllable's bytes, one syllable to a slot (a
/// later one takes the slot over). A Vietnamese text is a few thousand
/// distinct syllables repeated, and looking one up costs a fraction of
/// reading its letters, their marks and its tone's place. 16,384 slots of
/// 16 bytes: 256 KiB a thread, which a smaller table paid for in misses
/// (the 1,000-covenant batch's `normalize`, best of fifteen passes: 94 ms
/// without a memo; 75, 65, 59 and 56 ms with 2,048, 4,096, 8,192 and
/// 16,384 slots).
struct Memo {
    /// Each slot: the key of [`memo_key`] in bits 0..124 and the
    /// [`Verdict`] above; 0 where empty, as no key is. Allocated at the
    /// first answer kept: a thread that only normalizes short texts, such
    /// as the terms of a pack at load, never needs it.
    slots: Vec<u128>,
}

/// What [`Builder::clean_letters`] answered.
#[derive(Default)]
struct Verdict {
    clean: bool,
    marked: bool,
    upper: bool,
}

const KEY_BITS: u128 = (1 << 124) - 1;

impl Memo {
    fn new() -> Memo {
        Memo { slots: Vec::new() }
    }

    fn slot(key: u128) -> usize {
        let h = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> (64 - MEMO_BITS)) as usize
    }

    #[inline(always)]
    fn get(&self, key: u128) -> Option<Verdict> {
        let e = self.slots.get(Memo::slot(key)).copied().unwrap_or(0);
        (e & KEY_BITS == key).then_some(Verdict {
            clean: e >> 124 & 1 != 0,
            marked: e >> 125 & 1 != 0,
            upper: e >> 126 & 1 != 0,
        })
    }

    fn put(&mut self, key: u128, v: Verdict) {
        let flags = u128::from(v.clean) | u128::from(v.marked) << 1 | u128::from(v.upper) << 2;
        if self.slots.is_empty() {
            self.slots = vec![0; 1 << MEMO_BITS];
        }
        self.slots[Memo::slot(key)] = key | flags << 124;
    }
}

/// The memo key of the run of ASCII letters and non-ASCII bytes at `i`,
/// and the run's length: its bytes and, in byte 15, its length. `None`
/// for an empty run, a run of 16 bytes or more, or one within 16 bytes of
/// the text's end, where the key would need a copy to read.
#[inline(always)]
fn memo_key(bytes: &[u8], i: usize) -> Option<(u128, usize)> {
    let raw = bytes.get(i..i + 16)?;
    let raw = u128::from_le_bytes(raw.try_into().expect("16 bytes"));
    // Found without a branch per byte: syllables of every length follow
    // each other in no order a predictor learns.
    let stops =
        u128::from(not_letters(raw as u64)) | u128::from(not_letters((raw >> 64) as u64)) << 64;
    let len = (stops.trailing_zeros() / 8) as usize;
    // A run is never empty where the caller asks, but an empty one would
    // be answered "clean up to here" forever.
    (1..16)
        .contains(&len)
        .then(|| (raw & ((1 << (8 * len)) - 1) | (len as u128) << 120, len))
}

/// The top bit of each byte of `chunk` that is ASCII but not a letter.
#[inline(always)]
fn not_letters(chunk: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Lowercased, the letters are 0x61..=0x7A: adding 0x80 - 0x61 sets the
    // top bit from 0x61 up, adding 0x7F - 0x7A from 0x7B up. No byte's sum
    // carries into the next, as each is below 0x80 before.
    let low = (chunk | (ONES * 0x20)) & !HIGH;
    let at_least = low + ONES * (0x80 - 0x61);
    let above = low + ONES * (0x7F - 0x7A);
    let letters = at_least & !above & HIGH;
    !(letters | chunk) & HIGH
}

/// What a lowercase letter counts as in a syllable, as flags: `VOWEL`
/// (a e i o u y and their marked and toned forms), `MARK` (a vowel mark:
/// ă â ê ô ơ ư, toned or not), `TONE` and `D` (đ). Other letters have
/// none. Flags rather than an enum let [`Marks`] count without a branch
/// per letter: the letters of a text follow no pattern a predictor learns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Kind(u8);

impl Kind {
    const OTHER: Kind = Kind(0);
    const VOWEL: u8 = 1;
    const MARK: u8 = 2;
    const TONE: u8 = 4;
    const D: u8 = 8;
}

/// The ASCII vowels a e i o u y, as bits of `letter - b'a'`.
const ASCII_VOWELS: u32 = 1 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24;

/// What a syllable's lowercase letters hold, counted as they are read.
#[derive(Debug, Default, Clone, Copy)]
struct Marks {
    vowels: usize,
    toned: usize,
    /// A tone, a vowel mark or đ: the syllable was typed with diacritics.
    marked: bool,
    /// A consonant came after a vowel: later vowels are past the first
    /// run of vowels.
    gap: bool,
    /// The toned vowel is one with a mark, in the first run of vowels, and
    /// no vowel with a mark follows it: where the tone belongs already.
    settled: bool,
}

impl Marks {
    fn add(&mut self, l: char) {
        self.add_kind(letter_kind(l));
    }

    /// An ASCII lowercase letter.
    #[inline(always)]
    fn add_ascii(&mut self, l: u8) {
        let vowel = ASCII_VOWELS >> (l.wrapping_sub(b'a') & 31) & 1;
        self.add_kind(Kind(vowel as u8));
    }

    #[inline(always)]
    fn add_kind(&mut self, kind: Kind) {
        let k = kind.0;
        let vowel = k & Kind::VOWEL != 0;
        self.gap |= !vowel & (self.vowels > 0);
        self.vowels += usize::from(vowel);
        self.toned += usize::from(k & Kind::TONE != 0);
        self.marked |= k & (Kind::MARK | Kind::TONE | Kind::D) != 0;
        // A vowel with a mark takes the tone's place: it settles the tone
        // when it carries it in the first run of vowels, and unsettles it
        // otherwise. Other letters leave it.
        let takes = k & (Kind::MARK | Kind::TONE) != 0;
        let settles = (k & (Kind::MARK | Kind::TONE) == Kind::MARK | Kind::TONE) & !self.gap;
        self.settled = (self.settled & !takes) | settles;
    }

    /// Only one tone among two vowels or more leaves a choice of place,
    /// unless it sits on the last vowel with a mark of the first run, the
    /// place the rule of [`canonical_tone`] gives it: "người", "được".
    #[inline(always)]
    fn tone_may_move(&self) -> bool {
        (self.toned == 1) & (self.vowels >= 2) & !self.settled
    }
}

fn letter_kind(l: char) -> Kind {
    match l {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' => Kind(Kind::VOWEL),
        'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' => Kind(Kind::VOWEL | Kind::MARK),
        'đ' => Kind(Kind::D),
        l => match split_tone(l) {
            Some((base, _)) if has_vowel_mark(base) => Kind(Kind::VOWEL | Kind::MARK | Kind::TONE),
            Some(_) => Kind(Kind::VOWEL | Kind::TONE),
            None => Kind::OTHER,
        },
    }
}

/// Moves the tone of a lowercase syllable to its canonical place in
/// place; `false` when it is there already.
fn place_tone(chars: &mut [char]) -> bool {
    match canonical_tone(chars) {
        Some(m) => {
            chars[m.from] = m.base;
            chars[m.to] = m.toned;
            true
        }
        None => false,
    }
}

/// Whether the char at `i` of `bytes` (or the text's end) ends a run of
/// spaces: it is neither a space nor an invisible char, told from its
/// first bytes. No space or invisible char lies in U+00C0..U+07FF or in
/// the Vietnamese block of Latin Extended Additional; other chars answer
/// no, and go the long way.
fn starts_visible(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        None => true,
        Some(&b) if b.is_ascii() => !is_ascii_space(b),
        Some(0xC3..=0xDF) => true,
        Some(0xE1) => matches!(bytes.get(i + 1), Some(0xBA | 0xBB)),
        _ => false,
    }
}

/// The kind and length of the char at `i` of `bytes` (a non-ASCII lead
/// byte) when it is a letter the matching form keeps as it is, by
/// [`CLEAN`]; `None` for any other char.
#[inline(always)]
fn clean_letter(bytes: &[u8], i: usize) -> Option<(Kind, usize)> {
    // The continuation bytes follow: `bytes` is UTF-8. Both slots are
    // worked out and one chosen without a branch: two-byte and
    // three-byte letters alternate in no order a predictor learns.
    let (b0, b1) = (bytes[i], bytes[i + 1]);
    let b2 = bytes.get(i + 2).copied().unwrap_or(0);
    let two = b0.wrapping_sub(0xC3) < 4;
    let three = b0 == 0xE1 && b1 & 0xFE == 0xBA;
    if !(two || three) {
        return None;
    }
    let slot = if two {
        usize::from(b0.wrapping_sub(0xC3) & 3) << 6 | usize::from(b1 & 0x3F)
    } else {
        256 + (usize::from(b1 & 1) << 6 | usize::from(b2 & 0x3F))
    };
    CLEAN[slot].map(|k| (k, 3 - usize::from(two)))
}

/// For U+00C0..U+01BF and U+1E80..U+1EFF (slots 0..256 and 256..384), the
/// kind of each char that is its own matching form in a syllable: a
/// lowercase letter that [`vietnamese_lower`] keeps and that no fold
/// replaces (not ð). Built from the same functions the long way uses,
/// which a test compares with it char by char.
static CLEAN: std::sync::LazyLock<[Option<Kind>; 384]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|slot| {
        let u = if slot < 256 {
            0xC0 + slot as u32
        } else {
            0x1E80 + (slot as u32 - 256)
        };
        let c = char::from_u32(u)?;
        let kept = vietnamese_lower(c) == Some(c) && !matches!(c, 'ð' | '÷');
        kept.then(|| letter_kind(c))
    })
});

fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b' ')
}

#[allow(clippy::too_many_arguments)]
fn emit_syllable(
    raw: &str,
    at: usize,
    needs_nfc: bool,
    mode: Mode,
    out: &mut String,
    map: &mut MapBuilder,
    stats: &mut Stats,
    chars: &mut Vec<char>,
) {
    let start = out.len();
    // Letters that are numerals too ("Ⅷ") are kept with the syllable.
    stats.other_numerals |= !raw.is_ascii() && raw.chars().any(char::is_numeric);
    if raw.is_ascii() {
        map.copy(start, at);
        out.push_str(raw);
        out[start..].make_ascii_lowercase();
        return;
    }
    chars.clear();
    if needs_nfc {
        chars.extend(raw.nfc());
    } else {
        chars.extend(raw.chars());
    }
    chars.retain(|&c| !is_ignorable(c));
    // Lowercase in place; every Vietnamese letter lowercases to one char.
    // Count vowels and tones on the way, so that the tone is only placed
    // again where there is a choice to make.
    let mut marks = Marks::default();
    let mut i = 0;
    while i < chars.len() {
        let c = match chars[i] {
            'Ð' | 'ð' => 'đ',
            'Ƣ' | 'ƣ' => 'ư',
            c => c,
        };
        let l = match vietnamese_lower(c) {
            Some(l) => l,
            None => {
                let mut lower = c.to_lowercase();
                let l = lower.next().unwrap_or(c);
                if lower.len() > 0 {
                    let rest: Vec<char> = lower.collect();
                    chars.splice(i + 1..i + 1, rest);
                }
                l
            }
        };
        chars[i] = l;
        marks.add(l);
        i += 1;
    }
    stats.marked += usize::from(marks.marked);
    let moved = marks.tone_may_move() && place_tone(chars);
    let word: &[char] = chars;
    let before = out.len();
    match mode {
        Mode::Accented => out.extend(word.iter()),
        Mode::Folded => out.extend(word.iter().map(|&c| fold_letter(c))),
    }
    // A syllable is a plain copy only when every char kept its byte length;
    // otherwise it maps as a whole so spans stay on char boundaries.
    let same_shape = !moved
        && mode == Mode::Accented
        && out.len() - before == raw.len()
        && raw.chars().count() == word.len()
        && raw
            .chars()
            .zip(word.iter())
            .all(|(a, b)| a.len_utf8() == b.len_utf8());
    if same_shape {
        map.copy(start, at);
    } else {
        map.replace(start, at);
    }
}

/// The lowercase of a Vietnamese letter without the general Unicode tables,
/// which were the costliest step of the loop. `None` for other letters.
fn vietnamese_lower(c: char) -> Option<char> {
    let u = c as u32;
    let l = match u {
        0x61..=0x7A | 0xDF..=0xFF => u,
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        // Latin Extended Additional pairs capital and small letters.
        0x1EA0..=0x1EF9 => u | 1,
        0x102 | 0x110 | 0x128 | 0x168 | 0x1A0 => u + 1,
        0x103 | 0x111 | 0x129 | 0x169 | 0x1A1 | 0x1B0 => u,
        0x1AF => 0x1B0,
        _ => return None,
    };
    char::from_u32(l)
}

/// Letters, and the combining marks that can sit inside a syllable.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // Every Vietnamese letter lives in these blocks; answering for them
    // without the general Unicode tables is most of the loop's speed.
    match c as u32 {
        0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1E00..=0x1EFF | 0x300..=0x36F => true,
        _ => c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c),
    }
}

fn syllable_end(source: &str, start: usize) -> usize {
    let mut end = start;
    for ch in source[start..].chars() {
        if is_letter(ch) || (is_ignorable(ch) && end > start) {
            end += ch.len_utf8();
        } else {
            break;
        }
    }
    // A trailing invisible character belongs to what follows.
    while end > start {
        let last = source[..end].chars().next_back().expect("non-empty");
        if is_ignorable(last) {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Characters dropped from the matching form. The soft hyphen is among
/// them: by the time text gets here, TCVN3 (where byte 0xAD is "ư") has
/// already been decoded.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

fn punctuation(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{AB}' | '\u{BB}' => {
            "\""
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => "'",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{2022}' | '\u{25CF}' | '\u{25AA}' | '\u{25E6}' => "•",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form(s: &str) -> String {
        normalize(s, Mode::Accented).text
    }

    #[test]
    fn table_of_equivalent_spellings() {
        let cases = [
            ("Hòa giải", "hoà giải"),
            ("THỦY LỢI", "thuỷ lợi"),
            ("Khỏe mạnh", "khoẻ mạnh"),
            ("ĐIỀU 5", "điều 5"),
            ("con\u{a0}gái\tđi  lấy\nchồng", "con gái đi lấy\nchồng"),
            ("“phụ nữ” – nam", "\"phụ nữ\" - nam"),
            ("phụ\u{200b} nữ", "phụ nữ"),
        ];
        for (a, b) in cases {
            assert_eq!(form(a), form(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn every_whitespace_run_is_one_separator() {
        // A vertical tab is Word's line break inside a paragraph; after a
        // digit or a stop it was copied with the run of punctuation.
        let cases = [
            ("Điều 1.\u{b}Con gái", "điều 1.\ncon gái"),
            ("1\u{b} 2", "1\n2"),
            ("a;\u{c}b", "a;\nb"),
            ("5\t\u{b}6", "5\n6"),
            ("a.\u{b}b", "a.\nb"),
        ];
        for (text, want) in cases {
            assert_eq!(form(text), want, "{text:?}");
            assert_eq!(
                reference::normalize(text, Mode::Accented).text,
                want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn nfd_input_is_composed() {
        let nfd: String = "Con gái được chia đất".nfd().collect();
        assert_eq!(form(&nfd), "con gái được chia đất");
    }

    #[test]
    fn folded_form_drops_marks() {
        let n = normalize("Con gái ĐƯỢC chia đất", Mode::Folded);
        assert_eq!(n.text, "con gai duoc chia dat");
        let dat = n.text.find("dat").unwrap();
        assert_eq!(n.map.start_to_source(dat), "Con gái ĐƯỢC chia ".len());
    }

    #[test]
    fn spans_map_back_through_changes() {
        let src = "Phụ  nữ\u{a0}không được vào ĐÌNH";
        let n = normalize(src, Mode::Accented);
        let at = n.text.find("đình").unwrap();
        let s = n.map.start_to_source(at);
        let e = n.map.end_to_source(at + "đình".len());
        assert_eq!(&src[s..e], "ĐÌNH");
    }

    #[test]
    fn fast_lowercase_agrees_with_unicode() {
        for u in (0x41..0x250).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(u) else { continue };
            if let Some(l) = vietnamese_lower(c) {
                assert_eq!(Some(l), c.to_lowercase().next(), "{c} U+{u:04X}");
                assert_eq!(c.to_lowercase().count(), 1, "{c}");
            }
        }
    }

    /// Pieces of Vietnamese-ish text: syllables in both tone styles, NFD,
    /// capitals, ASCII, punctuation, whitespace runs, invisible characters
    /// and letters outside Vietnamese that lowercase oddly.
    const PIECES: &[&str] = &[
        "con",
        "gái",
        "GÁI",
        "Gái",
        "hòa",
        "hoà",
        "HOÀ",
        "thủy",
        "thuỷ",
        "THUỶ",
        "khỏe",
        "khoẻ",
        "người",
        "NGƯỜI",
        "được",
        "ĐƯỢC",
        "quý",
        "quí",
        "già",
        "gìn",
        "giữa",
        "của",
        "tuổi",
        "nghịêm",
        "lựơng",
        "baỏ",
        "uỷ",
        "Ủy",
        "đất",
        "Đất",
        "ĐẤT",
        "Ðất",
        "Ƣớc",
        "ƣ",
        "hoà\u{301}",
        "o\u{300}a",
        "ho\u{61}\u{300}",
        "e\u{302}\u{301}",
        "\u{301}",
        "İ",
        "ß",
        "ẞ",
        "Ā",
        "ñ",
        "Müller",
        "ǅ",
        "ΣΑΣ",
        "σ",
        "x",
        "Q",
        "qu",
        "gi",
        "ad",
        "dd",
        "12",
        "3.",
        "“",
        "”",
        "–",
        "—",
        "…",
        "•",
        "«",
        "»",
        "‘",
        "’",
        "\u{2032}",
        "-",
        "\"",
        ",",
        ".",
        "(",
        ")",
        " ",
        "  ",
        "\u{a0}",
        "\t",
        "\n",
        "\r\n",
        "\u{b}",
        "\u{2028}",
        " \n ",
        "\u{200b}",
        "\u{ad}",
        "\u{feff}",
        "\u{2060}",
        "\u{200d}",
        "×",
        "÷",
        "中",
        "😀",
        "\u{fffd}",
        "ǰ",
        "ﬁ",
        "Å",
        "\u{212b}",
    ];

    fn vietnamese_ish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            8 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    /// `s` alone, and twice with room after it for the syllable memo's
    /// keys, so that the memo answers its syllables the second time (and
    /// may answer them the first, from an earlier text of the thread).
    fn same_as_reference(s: &str) {
        let twice = format!("{s} {s}{}", ".".repeat(16));
        for text in [s, &twice] {
            for mode in [Mode::Accented, Mode::Folded] {
                let fast = normalize(text, mode);
                let slow = reference::normalize(text, mode);
                assert_eq!(fast.text, slow.text, "{text:?} {mode:?}");
                assert_eq!(fast.map, slow.map, "{text:?} {mode:?}");
                assert_eq!(fast.stats, slow.stats, "{text:?} {mode:?}");
            }
        }
    }

    /// Every byte, in every place of a chunk, among any other bytes.
    #[test]
    fn not_letters_marks_ascii_but_letters() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', b' ', 0xC3, b'Z'] {
                    let mut chunk = [fill; 8];
                    chunk[at] = b;
                    let got = not_letters(u64::from_le_bytes(chunk)) >> (8 * at) & 0xFF;
                    let want = b.is_ascii() && !b.is_ascii_alphabetic();
                    assert_eq!(got, if want { 0x80 } else { 0 }, "{b:#x} at {at}");
                }
            }
        }
    }

    /// The memo keeps one syllable a slot: more distinct syllables than
    /// slots, read twice over, are each answered as the first time, by
    /// the memo or afresh where another took its slot.
    #[test]
    fn the_memo_answers_as_the_syllables_do() {
        let onsets = ["", "b", "ch", "đ", "ngh", "Qu", "TH", "gi"];
        let rhymes = [
            "a", "à", "ươ", "ười", "oà", "óa", "uyê", "uyế", "iêng", "ÔI", "Ưở",
        ];
        let codas = ["", "n", "ng", "ch", "t", "c"];
        let suffixes: Vec<String> = std::iter::once(String::new())
            .chain(('a'..='z').map(String::from))
            .chain(('a'..='n').map(|c| format!("{c}{c}")))
            .collect();
        let mut words = Vec::new();
        for o in onsets {
            for r in rhymes {
                for c in codas {
                    for x in &suffixes {
                        words.push(format!("{o}{r}{c}{x}"));
                    }
                }
            }
        }
        words.sort();
        words.dedup();
        assert!(words.len() > 1 << MEMO_BITS, "{} syllables", words.len());
        let text = words.join(" ");
        same_as_reference(&text);
        same_as_reference(&text);
        let mut memo = Memo::new();
        let (key, len) = memo_key(b"ng\xc6\xb0\xe1\xbb\x9di ta.............", 0).expect("key");
        assert_eq!(len, 8);
        assert!(memo.get(key).is_none());
        memo.put(
            key,
            Verdict {
                clean: true,
                marked: true,
                upper: false,
            },
        );
        assert!(
            memo.get(key)
                .is_some_and(|v| v.clean && v.marked && !v.upper)
        );
        assert_eq!(memo_key(&[b'a'; 32], 0), None);
        assert_eq!(memo_key(b"abc", 0), None);
    }

    /// Every char `CLEAN` and `starts_visible` read by their bytes, and
    /// their neighbours in the same blocks, agree with the reference beside
    /// vowels (so tones may move), consonants, a space, a line break, a
    /// capital and an invisible char.
    #[test]
    fn every_char_of_the_clean_table_agrees_in_every_place() {
        let chars = (0x80..0x800)
            .chain(0x1E00..0x1F00)
            .filter_map(char::from_u32);
        for c in chars {
            let text =
                format!("{c} a{c} {c}i ngu{c} qu{c}y o{c}a {c}\n{c}A \u{200B}{c}{c} đ{c}ng. x {c}");
            same_as_reference(&text);
        }
    }

    /// Every string of up to four letters drawn from consonants, plain,
    /// marked and toned vowels (q and g for the qu- and gi- rules): where
    /// the tone goes agrees with the reference.
    #[test]
    fn tone_placement_agrees_on_every_short_letter_string() {
        let letters = [
            "c", "n", "q", "g", "đ", "i", "u", "o", "a", "ơ", "ư", "ờ", "ổ", "ó", "ù", "Ư",
        ];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            words = words
                .iter()
                .flat_map(|w| letters.iter().map(move |l| format!("{w}{l}")))
                .collect();
            same_as_reference(&words.join(" "));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn fast_paths_agree_with_the_reference(s in vietnamese_ish()) {
            same_as_reference(&s);
            let nfd: String = s.nfd().collect();
            same_as_reference(&nfd);
        }

        #[test]
        fn fast_paths_agree_on_any_text(s in "\\PC{0,40}") {
            same_as_reference(&s);
        }

        #[test]
        fn fast_paths_agree_with_control_spaces(s in "[a-zđ1.;: \t\n\r\u{b}\u{c}\u{85}]{0,30}") {
            same_as_reference(&s);
        }
    }

    #[test]
    fn fast_paths_agree_on_the_corpus() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
        for entry in std::fs::read_dir(dir).expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("covenant");
            same_as_reference(&text);
            same_as_reference(&text.nfd().collect::<String>());
            same_as_reference(&text.to_uppercase());
        }
    }

    #[test]
    fn unaccented_documents_are_detected() {
        let plain = "Con gai da di lay chong khong duoc chia dat cua bo me. ".repeat(5);
        assert!(normalize(&plain, Mode::Accented).stats.is_unaccented());
        for (text, other) in [
            ("sinh năm 2005", false),
            ("sinh năm ٢٠٠٥", true),
            ("１８ tuổi", true),
            ("Chương Ⅷ", true),
        ] {
            assert_eq!(
                normalize(text, Mode::Accented).stats.other_numerals,
                other,
                "{text}"
            );
        }
        let marked = "Con gái đã đi lấy chồng không được chia đất của bố mẹ. ".repeat(5);
        assert!(!normalize(&marked, Mode::Accented).stats.is_unaccented());
    }
}
