//! Per-paragraph detection: decode each paragraph with every table that can
//! apply, score the results as Vietnamese, and keep a decoding only when it
//! clearly beats the text as it is and beats the other decodings.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::letters::is_syllable;
use super::{Detected, Legacy, cp1252, cp1258, tcvn3, viqr, vni};

/// A decoding must beat the text as it is by this many points (one point per
/// word that becomes a Vietnamese syllable or stops being garbage).
pub(crate) const MARGIN: i64 = 2;
/// At most one in this many scored words of a decoding may be garbage.
pub(crate) const GOOD_PER_BAD: u32 = 4;

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
}

impl Score {
    pub(crate) fn value(self) -> i64 {
        i64::from(self.good) - i64::from(self.bad)
    }
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

fn classify(token: &str) -> Class {
    let token = token.trim_matches(is_edge_punct);
    let (mut alpha, mut non_ascii) = (false, false);
    for c in token.chars() {
        if c.is_alphabetic() {
            alpha = true;
            non_ascii |= !c.is_ascii();
        } else if (!c.is_ascii() && !matches!(c, '’' | '–')) || c.is_ascii_control() {
            return Class::Bad;
        }
    }
    if !alpha {
        Class::Skip
    } else if !non_ascii {
        Class::Neutral
    } else if token.split('-').all(is_syllable) {
        Class::Good
    } else {
        Class::Bad
    }
}

/// Scores text as Vietnamese, word by word.
pub(crate) fn score(text: &str) -> Score {
    let mut s = Score::default();
    for token in text.split_whitespace() {
        match classify(token) {
            Class::Skip => continue,
            Class::Neutral => {}
            Class::Good => s.good += 1,
            Class::Bad => s.bad += 1,
        }
        s.words += 1;
    }
    s
}

/// Whether a trial decoding is good enough to replace the text as it is.
fn accepts(orig: Score, cand: Score) -> bool {
    cand.value() - orig.value() >= MARGIN && cand.good >= 1 && cand.good >= GOOD_PER_BAD * cand.bad
}

/// VIQR decodes ASCII into ASCII-looking text, so the generic score cannot
/// see the difference; count the words the decoding changed instead, and
/// demand density, because English has apostrophes, periods and question
/// marks after vowels too.
fn viqr_score(orig: &str, decoded: &str) -> (Score, bool) {
    let mut s = Score::default();
    for (a, b) in orig.split_whitespace().zip(decoded.split_whitespace()) {
        let class = classify(b);
        if class == Class::Skip {
            continue;
        }
        s.words += 1;
        if a == b || only_sentence_end(a) {
            continue;
        }
        match class {
            // Only an escape changed ("I\\." is "I.").
            Class::Neutral if !b.contains('\\') => {}
            Class::Good if !a.trim_matches(is_edge_punct).eq_ignore_ascii_case("i'm") => {
                s.good += 1
            }
            _ => s.bad += 1,
        }
    }
    let dense = s.good * 4 >= s.words;
    (s, dense)
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

fn nfc(s: String) -> String {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s,
        _ => s.nfc().collect(),
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
    pub orig: String,
    orig_score: Score,
    trials: Vec<Trial>,
}

impl Para {
    pub(crate) fn new(src: Source<'_>, only: Option<Legacy>) -> Para {
        let wanted = |e: Legacy| only.is_none_or(|o| o == e);
        let (orig, bytes) = match src {
            Source::Bytes(b) => (cp1252::decode(b), Some(std::borrow::Cow::Borrowed(b))),
            Source::Text(t) => (
                t.to_owned(),
                cp1252::to_bytes(t).map(std::borrow::Cow::Owned),
            ),
        };
        let mut trials = Vec::new();
        if let Some(bytes) = bytes.filter(|b| !b.is_ascii()) {
            let mut encs = vec![Legacy::Tcvn3, Legacy::Vni, Legacy::Windows1258];
            if matches!(src, Source::Text(_)) {
                encs.push(Legacy::Utf8Mojibake);
            }
            for enc in encs.into_iter().filter(|&e| wanted(e)) {
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
        let orig_score = score(&orig);
        for t in &mut trials {
            t.score = score(&t.text);
            t.ok = t.text != orig && accepts(orig_score, t.score);
        }
        let viqr_ok = wanted(Legacy::Viqr)
            && !orig.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
            && may_be_viqr(&orig);
        if viqr_ok {
            let (text, marks) = viqr::decode(&orig);
            let (s, dense) = viqr_score(&orig, &text);
            let ok = text != orig
                && dense
                && s.good >= 1
                && s.good >= GOOD_PER_BAD * s.bad
                && (s.good >= 2 || marks.strong >= 1);
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

    fn best_over(&self, others_must_lose: bool) -> Option<&Trial> {
        let best = self
            .trials
            .iter()
            .filter(|t| t.ok)
            .max_by_key(|t| t.score.value())?;
        let tied = self.trials.iter().any(|t| {
            t.enc != best.enc && t.text != best.text && t.score.value() >= best.score.value()
        });
        (!(others_must_lose && tied)).then_some(best)
    }

    /// The encoding detection picks on its own, if any.
    pub(crate) fn winner(&self) -> Option<Legacy> {
        self.best_over(true).map(|t| t.enc)
    }

    fn trial(&self, enc: Legacy) -> Option<&Trial> {
        self.trials
            .iter()
            .find(|t| t.enc == enc && t.text != self.orig)
    }

    /// Decides this paragraph. `hint` is a font signal; `doc` is the
    /// encoding every decided paragraph of the document agreed on, which
    /// settles paragraphs too short or too ambiguous to decide alone.
    pub(crate) fn decide(&self, hint: Option<Legacy>, doc: Option<Legacy>) -> Option<Legacy> {
        if let Some(h) = hint {
            if let Some(t) = self.trial(h) {
                // Leave text alone only if the hinted decoding is clearly worse.
                let worse = self.orig_score.value() - t.score.value() >= MARGIN;
                if !worse && (h != Legacy::Viqr || t.ok) {
                    return Some(h);
                }
            }
        }
        if let Some(w) = self.winner() {
            return Some(w);
        }
        let d = doc?;
        let t = self.trial(d)?;
        let base = if d == Legacy::Viqr {
            0
        } else {
            self.orig_score.value()
        };
        let beats_orig = t.score.value() > base && t.score.good >= GOOD_PER_BAD * t.score.bad;
        let beats_rest = self
            .trials
            .iter()
            .all(|o| o.enc == d || o.score.value() <= t.score.value());
        (beats_orig && beats_rest).then_some(d)
    }

    /// The text for a decision.
    pub(crate) fn into_text(self, choice: Option<Legacy>) -> String {
        match choice {
            Some(enc) => self
                .trials
                .into_iter()
                .find(|t| t.enc == enc)
                .map_or(self.orig, |t| t.text),
            None => self.orig,
        }
    }
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

    #[test]
    fn scores() {
        assert_eq!(score("Điều 1. Việt Nam").good, 2);
        assert_eq!(score("§iÒu 1.").bad, 1);
        let s = score("España, niño, Straße, Müller, garçon, déjà");
        assert_eq!((s.good, s.bad), (0, 6));
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
            let p = Para::new(Source::Text(s), None);
            assert_eq!(p.winner(), None, "{s}");
        }
    }
}
