//! Per-paragraph detection: decode each paragraph with every table that can
//! apply, score the results as Vietnamese, and keep a decoding only when it
//! clearly beats the text as it is and beats the other decodings.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::letters::{self, is_syllable};
use super::{Detected, Legacy, cp1252, cp1258, tcvn3, viqr, vni};

/// A decoding must beat the text as it is by this many points (one point per
/// word that becomes a Vietnamese syllable or stops being garbage).
pub(crate) const MARGIN: i64 = 2;
/// At most one in this many scored words of a decoding may be garbage.
pub(crate) const GOOD_PER_BAD: u32 = 4;

/// At least one word in this many must become a Vietnamese syllable.
pub(crate) const DENSITY: u32 = 4;

/// A paragraph whose own winner has this many good words keeps it even
/// against the rest of the document: mixed files are real.
pub(crate) const STRONG: u32 = 3;

/// Word counts behind a score.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Score {
    /// Words with Vietnamese letters that form a valid syllable.
    pub good: u32,
    /// Words with non-ASCII letters that are not a syllable, or with stray
    /// symbols, controls or U+FFFD inside.
    pub bad: u32,
    /// Words with at least one letter.
    pub words: u32,
    /// Good words of three letters or more ("Điều", not "pọ"); for VIQR,
    /// those with a mark between letters ("Mu.c").
    pub long_good: u32,
    /// For VIQR: words the decoding changed.
    pub changed: u32,
    /// Good TCVN3 words in mixed case ("THừA"): what a ".VnTimeH" heading
    /// decodes to, so allowed, but second to a decoding with proper case.
    pub mixed_case: u32,
}

impl Score {
    pub(crate) fn value(self) -> i64 {
        i64::from(self.good) - i64::from(self.bad)
    }

    /// Ranking among decodings: the value, then proper case.
    fn rank(self) -> (i64, i64) {
        (self.value(), -i64::from(self.mixed_case))
    }
}

/// How letter case is judged. Real Unicode text writes words in lowercase,
/// Capitalized or ALL CAPS, so a syllable in mixed case ("THõA", TCVN3
/// "THỪA" seen as Latin-1) is a wrong reading. TCVN3 decodings are the
/// exception: capitals come from ".VnTimeH" fonts that reuse the lowercase
/// codes, so "THừA" is expected, while VN1's accented capitals (0xC0 "Ắ"
/// and the like), which TCVN3 files never use, mean the bytes are not TCVN3.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Strict,
    Tcvn3,
}

fn proper_case(word: &str) -> bool {
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let (mut lower, mut upper) = (false, false);
    for c in chars {
        lower |= c.is_lowercase();
        upper |= c.is_uppercase();
    }
    // lowercase, Capitalized or ALL CAPS: never both cases after the first
    // letter, and capitals after it only if it is one too.
    let mixed = lower && upper;
    !mixed && (!upper || first_upper)
}

fn vn1_capital(c: char) -> bool {
    !c.is_ascii() && c.is_uppercase() && !matches!(c, 'Ă' | 'Â' | 'Ê' | 'Ô' | 'Ơ' | 'Ư' | 'Đ')
}

fn is_edge_punct(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '“' | '”' | '‘' | '’' | '„' | '‚' | '–' | '—' | '…')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Skip,
    Neutral,
    Good,
    Bad,
}

/// Characters that end a word: whitespace and punctuation. ASCII
/// punctuation never belongs to a Vietnamese word, while the Latin-1
/// symbols that TCVN3 letters look like ("§", "µ") stay inside words so
/// that they count against the text as it is.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || is_edge_punct(c)
}

/// `char::is_alphabetic` with the common cases first: the Unicode table
/// lookup dominated scoring time.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        letters::vowel(c).is_some() || matches!(c, 'đ' | 'Đ') || c.is_alphabetic()
    }
}

fn classify_word(word: &str) -> Class {
    let (mut alpha, mut non_ascii) = (false, false);
    for c in word.chars() {
        if is_letter(c) {
            alpha = true;
            non_ascii |= !c.is_ascii();
        } else if !c.is_ascii() || c.is_ascii_control() {
            return Class::Bad;
        }
    }
    // One letter is too little to tell a word from a symbol: "¶" and "¬"
    // are TCVN3 "ả" and "ơ", and 'a' in code is VIQR "á".
    if !alpha || word.chars().nth(1).is_none() {
        Class::Skip
    } else if !non_ascii || is_abbreviation(word) {
        Class::Neutral
    } else if is_syllable(word) {
        Class::Good
    } else {
        Class::Bad
    }
}

/// Capitals without vowels, such as "QĐ" or "HĐND": no syllable, but no
/// sign of a wrong decoding either.
fn is_abbreviation(word: &str) -> bool {
    word.chars()
        .all(|c| c == 'Đ' || (c.is_ascii_uppercase() && letters::vowel(c).is_none()))
}

fn words(text: &str) -> impl Iterator<Item = Class> + '_ {
    text.split(is_separator)
        .map(classify_word)
        .filter(|&c| c != Class::Skip)
}

/// Classifies a whitespace-separated token by its words: bad if any word
/// is bad, good if any is good.
fn classify(token: &str) -> Class {
    words(token).fold(Class::Skip, |acc, c| match (acc, c) {
        (Class::Bad, _) | (_, Class::Bad) => Class::Bad,
        (Class::Good, _) | (_, Class::Good) => Class::Good,
        _ => Class::Neutral,
    })
}

/// Scores text as Vietnamese, word by word.
pub(crate) fn score(text: &str, case: Case) -> Score {
    let mut s = Score::default();
    for word in text.split(is_separator) {
        let mut class = classify_word(word);
        if class == Class::Good && !proper_case(word) {
            match case {
                Case::Tcvn3 if !word.chars().any(vn1_capital) => s.mixed_case += 1,
                _ => class = Class::Bad,
            }
        }
        match class {
            Class::Skip => continue,
            Class::Good => {
                s.good += 1;
                s.long_good += u32::from(word.chars().nth(2).is_some());
            }
            Class::Bad => s.bad += 1,
            Class::Neutral => {}
        }
        s.words += 1;
    }
    s
}

/// Whether a trial decoding is good enough to replace the text as it is.
///
/// Besides the margin, most Vietnamese words carry diacritics, so a real
/// legacy paragraph turns a good share of its words into syllables, while a
/// Western paragraph that happens to have one convertible word ("più" in
/// Italian reads as VNI "pí") does not.
fn accepts(orig: Score, cand: Score, text: &str) -> bool {
    cand.value() - orig.value() >= MARGIN
        && cand.good >= GOOD_PER_BAD * cand.bad
        && cand.good * DENSITY >= cand.words
        && enough_evidence(cand, text)
}

/// Two syllables, or one of three letters or more among words that could
/// all be Vietnamese ("Ch­¬ng II" is a heading; "0x13F 'l·'" and "\\pä"
/// are code).
fn enough_evidence(s: Score, text: &str) -> bool {
    s.good >= 2 || (s.good == 1 && s.long_good == 1 && !has_foreign_word(text))
}

/// Whether some ASCII word cannot be Vietnamese: not a syllable, and not
/// capitals such as "TL", "UBND" or a Roman numeral.
fn has_foreign_word(text: &str) -> bool {
    text.split(is_separator).any(|w| {
        classify_word(w) == Class::Neutral
            && w.is_ascii()
            && !w.bytes().all(|b| b.is_ascii_uppercase())
            && !is_syllable(w)
    })
}

/// VIQR decodes ASCII into ASCII-looking text, so the generic score cannot
/// see the difference; count the words the decoding changed instead, and
/// demand density, because English has apostrophes, periods and question
/// marks after vowels too.
fn viqr_score<'a>(orig: &'a str, decoded: &'a str) -> (Score, bool) {
    let mut s = Score::default();
    // VIQR never consumes whitespace or "/", so both sides split alike;
    // "/" separates words in "ddo^`ng/ngu+o+`i" (đồng/người).
    let split = |s: &'a str| s.split(|c: char| c.is_whitespace() || c == '/');
    // With single quotes opening somewhere ('text/x-hy'), an apostrophe
    // ending a word is more likely their close than a sắc tone.
    let quotes = orig.as_bytes().windows(2).enumerate().any(|(i, w)| {
        w[0] == b'\''
            && w[1].is_ascii_alphabetic()
            && (i == 0 || !orig.as_bytes()[i - 1].is_ascii_alphanumeric())
    });
    for (a, b) in split(orig).zip(split(decoded)) {
        if a.is_empty() {
            continue;
        }
        let closes_quote = quotes
            && a.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '\'')
                .ends_with('\'');
        if closes_quote {
            continue;
        }
        let class = classify(b);
        if class == Class::Skip {
            continue;
        }
        s.words += 1;
        if a == b || only_sentence_end(a) {
            continue;
        }
        s.changed += 1;
        match class {
            // Only an escape changed ("I\\." is "I.").
            Class::Neutral if !b.contains('\\') => {}
            Class::Good if is_prose(a) && !a.eq_ignore_ascii_case("i'm") => {
                s.good += 1;
                // A mark between letters ("Mu.c", "Vie^.t") is what English
                // punctuation never does, once the word is three letters.
                let inner_mark = a.as_bytes().windows(3).any(|w| {
                    w[0].is_ascii_alphabetic()
                        && viqr::is_mark(char::from(w[1]))
                        && w[2].is_ascii_alphabetic()
                });
                let word = b.trim_matches(is_edge_punct);
                let one_word = !word.contains(is_separator);
                s.long_good += u32::from(inner_mark && one_word && word.chars().count() >= 3);
            }
            _ => s.bad += 1,
        }
    }
    let dense = s.good * DENSITY >= s.words;
    (s, dense)
}

/// Whether a VIQR token looks like a word of prose: letters, digits,
/// hyphens and marks, every mark right after a vowel or another mark (or
/// escaped), with brackets, double quotes or Markdown emphasis around and
/// sentence punctuation after. Code and quoted identifiers ('a', x.e(y),
/// setup.py.) put mark characters elsewhere and are no evidence.
fn is_prose(token: &str) -> bool {
    let t = token.trim_start_matches(['(', '[', '"', '“', '*', '_']);
    let t = t.trim_end_matches([',', ';', ':', '!', ')', ']', '"', '”', '*', '_']);
    let t = t
        .strip_suffix("\\.")
        .or_else(|| t.strip_suffix("\\?"))
        .or_else(|| t.strip_suffix(['.', '?']))
        .unwrap_or(t);
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = char::from(b[i]);
        if c == '\\' && b.get(i + 1).is_some_and(|&n| viqr::is_mark(char::from(n))) {
            i += 2;
            continue;
        }
        let ok = if viqr::is_mark(c) {
            i > 0 && {
                let p = char::from(b[i - 1]);
                viqr::is_mark(p) || letters::vowel(p).is_some()
            }
        } else {
            c.is_ascii_alphanumeric() || c == '-'
        };
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// A word whose only VIQR mark is a final `.` or `?`: in English that is
/// the end of a sentence, so it is no evidence either way.
fn only_sentence_end(word: &str) -> bool {
    let word = word.trim_start_matches(is_edge_punct);
    word.strip_suffix(['.', '?']).is_some_and(|core| {
        let dd = core.len() >= 2 && core.as_bytes()[..2].eq_ignore_ascii_case(b"dd");
        !(dd || core.contains(viqr::is_mark) || core.contains('\\'))
    })
}

/// Where a paragraph came from.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    /// Bytes that are not UTF-8; "as it is" means read as cp1252.
    Bytes(&'a [u8]),
    /// Text, possibly carrying legacy bytes as cp1252 code points.
    Text(&'a str),
}

struct Trial {
    enc: Legacy,
    text: String,
    score: Score,
    ok: bool,
}

/// Composes text unless it is certainly NFC already.
pub(crate) fn nfc(s: String) -> String {
    if surely_nfc(&s) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
}

/// A cheap sufficient test for NFC: no combining marks and nothing outside
/// the ranges Vietnamese text lives in (Latin up to U+02FF, the precomposed
/// Vietnamese letters, and the general punctuation that has no canonical
/// decomposition). The full check looks up every character's combining
/// class, which dominated decoding time; this one reads UTF-8 lead bytes,
/// eight ASCII bytes at a time.
fn surely_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        i += match b[i] {
            0..=0x7F => 1,
            // U+0080..U+02FF
            0xC2..=0xCB => 2,
            // U+1E00..U+1EFF
            0xE1 if (0xB8..=0xBB).contains(&b[i + 1]) => 3,
            // U+2010..U+2122
            0xE2 => match (b[i + 1], b[i + 2]) {
                (0x80, 0x90..) | (0x81..=0x83, _) | (0x84, ..=0xA2) => 3,
                _ => return false,
            },
            _ => return false,
        };
    }
    true
}

/// `!c.is_ascii() && c.is_alphabetic()`, answering for the Latin blocks
/// of Vietnamese without the Unicode tables, which every line of a
/// Vietnamese document asked once.
pub(crate) fn is_non_ascii_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F | 0xD7 | 0xF7 => false,
        0xC0..=0x24F | 0x1E00..=0x1EFF => true,
        _ => c.is_alphabetic(),
    }
}

/// Decodes 8-bit bytes with one table.
pub(crate) fn decode_8bit(bytes: &[u8], enc: Legacy) -> Option<String> {
    Some(nfc(match enc {
        Legacy::Tcvn3 => tcvn3::decode(bytes),
        Legacy::Vni => vni::decode(bytes),
        Legacy::Windows1258 => cp1258::decode(bytes),
        Legacy::Utf8Mojibake => String::from_utf8_lossy(bytes).into_owned(),
        Legacy::Viqr => return None,
    }))
}

/// Whether ASCII text shows VIQR: a vowel followed by a mark no prose puts
/// there ("a^", "o+", "a(", "e'", "a`", "a~"), "dd", or a "." or "?"
/// between letters ("ho.c"). A vowel before a full stop or question mark
/// ends half the sentences of unaccented prose, and is not enough.
pub(crate) fn shows_viqr(text: &str) -> bool {
    let b = text.as_bytes();
    let vowel = |c: u8| matches!(c | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    // Every sign ends on one of a few bytes, rare in prose but for "d":
    // one table lookup per byte passes over the rest (this runs over every
    // line of an unaccented covenant).
    (1..b.len()).any(|i| {
        let (prev, c) = (b[i - 1], b[i]);
        VIQR_SECOND[usize::from(c)]
            && ((vowel(prev) && matches!(c, b'^' | b'(' | b'+' | b'\'' | b'`' | b'~'))
                || (prev | 0x20 == b'd' && c | 0x20 == b'd')
                || (vowel(prev)
                    && matches!(c, b'.' | b'?')
                    && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)))
    })
}

/// The bytes a sign of [`shows_viqr`] ends on.
const VIQR_SECOND: [bool; 256] = {
    let mut t = [false; 256];
    let signs = b"^(+'`~.?dD";
    let mut i = 0;
    while i < signs.len() {
        t[signs[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether a line of cp1252 characters reads as Vietnamese Unicode already:
/// no word scores bad ("Sùng A Páo" reads; "§iÒu", "Viêòt", "míi" do not)
/// and no lead byte of UTF-8 is followed by a continuation byte, as seen
/// through cp1252 ("HÃ”N": the "”" would split the word for scoring).
pub(crate) fn reads_as_unicode(line: &str) -> bool {
    let lead = |c: char| matches!(c, 'Â' | 'Ã' | 'Ä' | 'Å' | 'Æ' | 'á');
    let continuation =
        |c: char| cp1252::char_to_byte(c).is_some_and(|b| (0x80..=0xBF).contains(&b));
    let mut prev = ' ';
    let pair = line.chars().any(|c| {
        let found = lead(prev) && continuation(c);
        prev = c;
        found
    });
    !pair && score(line, Case::Strict).bad == 0
}

/// Cheap test for anything VIQR could change.
pub(crate) fn may_be_viqr(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(2).any(|w| {
        let v = matches!(w[0] | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        (v && matches!(w[1], b'^' | b'(' | b'+' | b'\'' | b'`' | b'?' | b'~' | b'.'))
            || (w[0] | 0x20 == b'd' && w[1] | 0x20 == b'd')
    })
}

/// One paragraph, analysed.
pub(crate) struct Para {
    /// The text as it is (cp1252 for raw bytes).
    orig: String,
    orig_score: Score,
    trials: Vec<Trial>,
}

impl Para {
    pub(crate) fn new(src: Source<'_>) -> Para {
        let (orig, bytes) = match src {
            Source::Bytes(b) => (cp1252::decode(b), Some(std::borrow::Cow::Borrowed(b))),
            Source::Text(t) => (
                t.to_owned(),
                // Checked first, sparing Vietnamese lines an allocation.
                t.chars()
                    .all(|c| cp1252::char_to_byte(c).is_some())
                    .then(|| cp1252::to_bytes(t).map(std::borrow::Cow::Owned))
                    .flatten(),
            ),
        };
        let mut trials = Vec::new();
        if let Some(bytes) = bytes.filter(|b| !b.is_ascii()) {
            let mut encs = vec![Legacy::Tcvn3, Legacy::Vni, Legacy::Windows1258];
            if matches!(src, Source::Text(_)) {
                encs.push(Legacy::Utf8Mojibake);
            }
            for enc in encs {
                if let Some(text) = decode_8bit(&bytes, enc) {
                    trials.push(Trial {
                        enc,
                        text,
                        score: Score::default(),
                        ok: false,
                    });
                }
            }
        }
        let viqr_ok = !orig.chars().any(is_non_ascii_letter) && may_be_viqr(&orig);
        if trials.is_empty() && !viqr_ok {
            // Nothing to decode ("Điều 6" has letters no 8-bit encoding
            // holds): the text stays, and scoring it would be wasted.
            return Para {
                orig,
                orig_score: Score::default(),
                trials,
            };
        }
        let orig_score = score(&orig, Case::Strict);
        for t in &mut trials {
            let case = if t.enc == Legacy::Tcvn3 {
                Case::Tcvn3
            } else {
                Case::Strict
            };
            t.score = score(&t.text, case);
            t.ok = t.text != orig && accepts(orig_score, t.score, &t.text);
            // Latin-1 text whose bytes happen to form valid UTF-8 is
            // implausible ("Ã”" would have to be typed), so for mojibake
            // not losing ground is enough (ftfy's argument): "LY HÃ”N"
            // scores the same as "LY HÔN" because "hã" is a syllable too.
            if t.enc == Legacy::Utf8Mojibake
                && !t.ok
                && t.text != orig
                && !t.text.contains('\u{FFFD}')
            {
                t.ok = t.score.value() >= orig_score.value() && t.score.good >= 1;
            }
        }
        if viqr_ok {
            let (text, marks) = viqr::decode(&orig);
            let (s, dense) = viqr_score(&orig, &text);
            let ok = text != orig
                && dense
                && s.good >= 1
                && s.good >= GOOD_PER_BAD * s.bad
                && (s.good >= 2 || marks.strong >= 1 || s.long_good >= 1);
            trials.push(Trial {
                enc: Legacy::Viqr,
                text: nfc(text),
                // Unchanged words scored neutral in the original, so the
                // changed-word count is the gain.
                score: s,
                ok,
            });
        }
        Para {
            orig,
            orig_score,
            trials,
        }
    }

    /// The decoding this paragraph picks on its own: accepted, best score,
    /// and strictly better than every other decoding.
    pub(crate) fn winner(&self) -> Option<(Legacy, u32)> {
        let best = self
            .trials
            .iter()
            .filter(|t| t.ok)
            .max_by_key(|t| t.score.rank())?;
        let tied = self.trials.iter().any(|t| {
            t.enc != best.enc
                && t.text != best.text
                && t.text != self.orig
                && t.score.rank() >= best.score.rank()
        });
        (!tied).then_some((best.enc, best.score.good))
    }

    fn trial(&self, enc: Legacy) -> Option<&Trial> {
        self.trials
            .iter()
            .find(|t| t.enc == enc && t.text != self.orig)
    }

    /// Decides this paragraph. `hint` is a font signal; `doc` is the
    /// encoding that most of the document's evidence points to. A paragraph
    /// with little evidence of its own (a short heading, a line of
    /// abbreviations) follows the document, as long as that does not make it
    /// score worse than the text as it is.
    pub(crate) fn decide(&self, hint: Option<Legacy>, doc: Option<Legacy>) -> Option<Legacy> {
        if let Some(h) = hint {
            if let Some(t) = self.trial(h) {
                // Leave text alone only if the hinted decoding is clearly
                // worse. VIQR scores count changed words only, from zero.
                let base = if h == Legacy::Viqr {
                    0
                } else {
                    self.orig_score.value()
                };
                if base - t.score.value() < MARGIN {
                    return Some(h);
                }
            }
        }
        let own = self.winner();
        if let Some((w, good)) = own {
            if doc.is_none_or(|d| d == w) || good >= STRONG {
                return Some(w);
            }
        }
        let follows_doc = doc.and_then(|d| {
            let t = self.trial(d)?;
            if d == Legacy::Viqr {
                // Changed words count from zero; "NDD" ("NĐ") changes
                // without scoring, so any change without a bad word will do.
                let s = t.score;
                return (s.good > s.bad || (s.bad == 0 && s.changed > 0)).then_some(d);
            }
            // A tie goes to the document only when the text as it is has no
            // Vietnamese word of its own ("NĐ" in a VNI file); a Unicode
            // line such as "hòa" in a file with TCVN3 leaks stays as it is.
            let gain = t.score.value() - self.orig_score.value();
            (gain > 0 || (gain == 0 && self.orig_score.good == 0)).then_some(d)
        });
        follows_doc.or(own.map(|(w, _)| w))
    }

    /// The text for a decision.
    pub(crate) fn into_text(self, choice: Option<Legacy>) -> String {
        match choice {
            Some(enc) => match self.trials.into_iter().find(|t| t.enc == enc) {
                Some(t) if enc == Legacy::Tcvn3 => tcvn3::restore_capitals(&t.text),
                Some(t) => t.text,
                None => self.orig,
            },
            None => self.orig,
        }
    }
}

/// The encoding most of a document's evidence points to: the one whose
/// paragraph winners hold at least two thirds of all good words.
pub(crate) fn document_encoding(
    winners: impl IntoIterator<Item = (Legacy, u32)>,
) -> Option<Legacy> {
    let mut weights: Vec<(Legacy, u64)> = Vec::new();
    let mut total = 0u64;
    for (enc, good) in winners {
        let good = u64::from(good);
        total += good;
        match weights.iter_mut().find(|(e, _)| *e == enc) {
            Some((_, w)) => *w += good,
            None => weights.push((enc, good)),
        }
    }
    let (enc, w) = weights.into_iter().max_by_key(|&(_, w)| w)?;
    (w * 3 >= total * 2).then_some(enc)
}

/// Merges per-paragraph decisions into what [`Detected`] reports.
pub(crate) fn summarize(choices: impl IntoIterator<Item = Legacy>) -> Detected {
    let mut out = Detected::None;
    for c in choices {
        out = match out {
            Detected::None => Detected::One(c),
            Detected::One(e) if e == c => Detected::One(e),
            _ => return Detected::Mixed,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The table-driven scan answers what a walk over each pair of
        /// bytes does.
        #[test]
        fn shows_viqr_agrees_with_a_walk_over_pairs(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "o", "Y", "d", "D", "x", " ", "^", "(", "+", "'", "`", "~", ".", "?", "b", "\n",
                ]),
                0..24,
            ),
        ) {
            let text: String = pieces.concat();
            let b = text.as_bytes();
            let vowel = |c: u8| matches!(c | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
            let want = b.windows(2).enumerate().any(|(i, w)| {
                (vowel(w[0]) && matches!(w[1], b'^' | b'(' | b'+' | b'\'' | b'`' | b'~'))
                    || (w[0] | 0x20 == b'd' && w[1] | 0x20 == b'd')
                    || (vowel(w[0])
                        && matches!(w[1], b'.' | b'?')
                        && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic))
            });
            proptest::prop_assert_eq!(shows_viqr(&text), want);
        }
    }

    /// VIQR shows by its marks, not by a vowel before a full stop.
    #[test]
    fn viqr_shows_by_its_marks() {
        for (text, shows) in [
            ("Vie^.t Nam", true),
            ("ddi.a phu+o+ng", true),
            ("Ho.c sinh", true),
            ("la( ma", true),
            ("Ca'c ho^.", true),
            (
                "nam, nu trong thon binh dang ve quyen loi va nghia vu.",
                false,
            ),
            ("Ai vi pham thi sao? Thon xu ly theo quy uoc.", false),
            ("Dieu 1. Pham vi", false),
            ("H'Bia Eban", false),
        ] {
            assert_eq!(shows_viqr(text), shows, "{text}");
            // Whatever shows VIQR, the broader test let through too.
            assert!(!shows || may_be_viqr(text), "{text}");
        }
    }

    #[test]
    fn latin1_lines_that_read_as_unicode() {
        for (line, reads) in [
            ("Sùng A Páo", true),
            ("Giàng Mí Sính", true),
            // "Thuân" is no Vietnamese syllable: weighed, as before.
            ("Y Thuân Niê", false),
            ("§iÒu 1. Ph¹m vi", false),
            ("Viêòt Nam", false),
            ("Hé vµ tªn", false),
            ("Viá»‡t Nam", false),
            ("LY HÃ”N", false),
        ] {
            assert_eq!(reads_as_unicode(line), reads, "{line}");
        }
    }

    #[test]
    fn scores() {
        assert_eq!(score("Điều 1. Việt Nam", Case::Strict).good, 2);
        assert_eq!(score("§iÒu 1.", Case::Strict).bad, 1);
        assert_eq!(score("THõA KÕ", Case::Strict).bad, 1);
        assert_eq!(score("THừA KẾ", Case::Tcvn3).mixed_case, 1);
        assert_eq!(score("KYỄ", Case::Tcvn3).good, 0);
        let s = score("España, niño, Straße, Müller, garçon, déjà", Case::Strict);
        assert_eq!((s.good, s.bad), (0, 6));
    }

    #[test]
    fn non_ascii_letters_as_unicode_says() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(
                is_non_ascii_letter(c),
                !c.is_ascii() && c.is_alphabetic(),
                "{c}"
            );
        }
    }

    #[test]
    fn surely_nfc_reads_code_points() {
        let want = |s: &str| {
            s.chars().all(|c| {
                let u = c as u32;
                u < 0x300 || (0x1E00..=0x1EFF).contains(&u) || (0x2010..=0x2122).contains(&u)
            })
        };
        let probes = (0..0x3000).chain(0x1D00..0x1F00).chain([0xFFFD, 0x1F600]);
        for u in probes.filter_map(char::from_u32) {
            for s in [
                u.to_string(),
                format!("Điều 1, phụ nữ {u}."),
                format!("{u}abcdefghij"),
            ] {
                assert_eq!(surely_nfc(&s), want(&s), "U+{:04X}", u as u32);
            }
        }
    }

    #[test]
    fn english_is_not_viqr() {
        for s in [
            "I'm here. I'm there.",
            "don't do it, e.g. now. Is it? Yes.",
            "Really? Who? Go.",
            "I go. You go. We go.",
            "They're sure we'll go; you've seen it, he's ok.",
        ] {
            let p = Para::new(Source::Text(s));
            assert_eq!(p.winner(), None, "{s}");
        }
    }
}
