//! VIQR (RFC 1456): Vietnamese in ASCII. A vowel is followed by an optional
//! vowel mark (`(` breve, `^` circumflex, `+` horn) and an optional tone
//! (`'` sắc, `` ` `` huyền, `?` hỏi, `~` ngã, `.` nặng); `dd` is đ and `\`
//! makes the next mark character literal.
//!
//! Decoding follows the RFC: a tone character right after a vowel is a tone.
//! Real VIQR often leaves sentence-final periods unescaped, so a word-final
//! `.` or `?` is read as a tone only when the result is a well-formed
//! syllable ("ca'i." is "cái."); the remaining ambiguity ("ho." is "họ" or
//! "ho" and a period) is resolved as the RFC says, as a tone, and [`encode`]
//! escapes every literal mark.

use super::letters::{
    self, A, A_BREVE, A_CIRC, E, E_CIRC, O, O_CIRC, O_HORN, U, U_HORN, is_syllable,
};

const TONES: [char; 5] = ['\'', '`', '?', '~', '.'];

pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\'' | '`' | '?' | '~' | '.' | '(' | '^' | '+')
}

fn modified(row: usize, m: char) -> Option<usize> {
    match (m, row) {
        ('(', A) => Some(A_BREVE),
        ('^', A) => Some(A_CIRC),
        ('^', E) => Some(E_CIRC),
        ('^', O) => Some(O_CIRC),
        ('+', O) => Some(O_HORN),
        ('+', U) => Some(U_HORN),
        _ => None,
    }
}

/// Whether a word is a syllable or ends in one that starts at a consonant:
/// words typed together ("tỷlệ") still end in a syllable, while a period
/// misread as a tone ("nhaụ") does not.
fn ends_in_syllable(word: &str) -> bool {
    is_syllable(word)
        || word.char_indices().skip(1).any(|(i, c)| {
            c.is_alphabetic() && letters::vowel(c).is_none() && is_syllable(&word[i..])
        })
}

/// What one VIQR decode did, for scoring: mark sequences read.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Marks {
    /// Vowel marks and `dd` (strong evidence: rare outside VIQR).
    pub strong: usize,
}

/// Decodes VIQR into precomposed text.
pub(crate) fn decode(text: &str) -> (String, Marks) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut marks = Marks::default();
    // Where the current word starts in `out`.
    let mut word_at = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\' {
            let escaped = next.filter(|&n| is_mark(n) || matches!(n, '\\' | 'd' | 'D'));
            let n = escaped.unwrap_or(c);
            out.push(n);
            if !n.is_alphabetic() {
                word_at = out.len();
            }
            i += if escaped.is_some() { 2 } else { 1 };
            continue;
        }
        // đ starts a syllable, so "dd" after a vowel is English ("address",
        // "odd"). Inside a word it is read after a consonant, where two
        // syllables were typed together ("ta'cddo^.ng"), and as the capital
        // "DD" for abbreviations such as "QĐ-UBND".
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let word_start = !prev.is_some_and(char::is_alphanumeric);
        let after_consonant =
            prev.is_some_and(|p| p.is_ascii_alphabetic() && letters::vowel(p).is_none());
        let dd = matches!((c, next), ('d' | 'D', Some('d' | 'D')));
        if dd && (word_start || after_consonant || (c == 'D' && next == Some('D'))) {
            if word_start {
                word_at = out.len();
            }
            out.push(if c == 'D' { 'Đ' } else { 'đ' });
            marks.strong += 1;
            i += 2;
            continue;
        }
        let Some(v) = letters::vowel(c).filter(|_| c.is_ascii()) else {
            out.push(c);
            if !c.is_alphabetic() {
                word_at = out.len();
            }
            i += 1;
            continue;
        };
        let mut row = v.row;
        let mut j = i + 1;
        if let Some(r) = chars.get(j).and_then(|&m| modified(row, m)) {
            row = r;
            marks.strong += 1;
            j += 1;
        }
        let tone = chars
            .get(j)
            .and_then(|&t| TONES.iter().position(|&x| x == t))
            .map_or(0, |k| k + 1);
        out.push(letters::compose(row, tone, v.upper));
        if tone > 0 {
            // An unescaped "." or "?" ending a word is a tone only if that
            // makes a syllable: "nhau." is "nhau" and a period, and so is
            // "ca'i." since a syllable has one tone.
            let at_word_end = !chars.get(j + 1).is_some_and(|c| c.is_alphanumeric());
            if matches!(chars[j], '.' | '?') && at_word_end && !ends_in_syllable(&out[word_at..]) {
                out.pop();
                out.push(letters::compose(row, 0, v.upper));
            } else {
                j += 1;
            }
        }
        i = j;
    }
    (out, marks)
}

/// Encodes text as VIQR, escaping literal mark characters after vowels so
/// that [`decode`] reads them back as punctuation. `None` if the text has a
/// letter VIQR cannot spell (such as "ñ").
pub(crate) fn encode(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut prev_vowel = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let vowel = letters::vowel(c);
        if let Some(v) = vowel {
            let (base, m) = match v.row {
                A_BREVE => ('a', Some('(')),
                A_CIRC => ('a', Some('^')),
                E_CIRC => ('e', Some('^')),
                O_CIRC => ('o', Some('^')),
                O_HORN => ('o', Some('+')),
                U_HORN => ('u', Some('+')),
                r => (letters::VOWELS[r][0], None),
            };
            out.push(if v.upper {
                base.to_ascii_uppercase()
            } else {
                base
            });
            out.extend(m);
            if v.tone > 0 {
                out.push(TONES[v.tone - 1]);
            }
        } else if c == 'đ' {
            out.push_str("dd");
        } else if c == 'Đ' {
            out.push_str("DD");
        } else if c.is_alphabetic() && !c.is_ascii() {
            return None;
        } else {
            let literal_dd = matches!((c, chars.peek()), ('d' | 'D', Some('d' | 'D')));
            if c == '\\' || (prev_vowel && is_mark(c)) {
                out.push('\\');
            }
            out.push(c);
            if literal_dd {
                out.push('\\');
                out.extend(chars.next());
            }
        }
        prev_vowel = vowel.is_some();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legacy::letters::{VOWELS, VOWELS_UPPER};

    #[test]
    fn all_134_letters_round_trip() {
        for row in 0..12 {
            for tone in 0..6 {
                for c in [VOWELS[row][tone], VOWELS_UPPER[row][tone]] {
                    // In a syllable: a bare "ẳ" ending in "?" reads as a
                    // question mark, since ă never ends a syllable.
                    let s = format!("{c}n");
                    let e = encode(&s).unwrap();
                    assert!(e.is_ascii());
                    assert_eq!(decode(&e).0, s, "{e}");
                }
            }
        }
        assert_eq!(encode("đĐ").unwrap(), "ddDD");
        assert_eq!(decode("dd DD Dd").0, "đ Đ Đ");
    }

    #[test]
    fn rfc_examples() {
        assert_eq!(decode("Vie^.t Nam").0, "Việt Nam");
        assert_eq!(decode("DDie^`u 1.").0, "Điều 1.");
        assert_eq!(decode("hu+o+ng u+o+'c").0, "hương ước");
        assert_eq!(decode("Ai kho^ng\\?").0, "Ai không?");
        assert_eq!(decode("cho con ga'i.").0, "cho con gái.");
        assert_eq!(decode("Ba\\.").0, "Ba.");
        assert_eq!(decode("ho. te^n").0, "họ tên");
        assert_eq!(decode("the^?.").0, "thể.");
        assert_eq!(decode("Bo^. Tu+ pha'p").0, "Bộ Tư pháp");
        assert_eq!(decode("nhu+ nhau. Ai?").0, "như nhau. Ai?");
        assert_eq!(decode("vu.\\.DDie^`u 4").0, "vụ.Điều 4");
        // Words glued together by a typo still decode.
        assert_eq!(decode("phu`ho+.p ddo^`ngy'cu?a").0, "phùhợp đồngýcủa");
        assert_eq!(decode("ty?le^. ta'cddo^.ng").0, "tỷlệ tácđộng");
        assert_eq!(decode("address").0, "address");
    }

    #[test]
    fn literal_marks_are_escaped() {
        for s in [
            "Ai? Hà Nội.",
            "a.b (a) a^ \\ e+ o' dd Dd add",
            "Thôn 3 (xã A).",
            "“Điều 1.” – ‘x’",
            "Quyết định số 15/QĐ-UBND; ADD, add, QDD.",
        ] {
            let e = encode(s).unwrap();
            assert_eq!(decode(&e).0, s, "{e}");
        }
        assert_eq!(encode("ñ"), None);
    }
}
