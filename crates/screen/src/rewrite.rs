//! Rewriting a flagged clause with its rule's `[rule.rewrite]` steps.
//!
//! A step is a regex over the clause's matching form (so it is written
//! like a rule's `patterns`, in lowercase, with `{set}` for term sets) and
//! a replacement made of literal Vietnamese and `${name}`, the original
//! text of a named capture. The clause keeps its own words and case
//! everywhere the steps do not touch: a rewrite changes who the clause
//! names or drops the restriction, not the rest of the sentence.
//!
//! ```
//! use huonguoc_screen::Screener;
//!
//! let screener = Screener::embedded().unwrap();
//! let rule = "participation.leader-must-be-male";
//! let out = screener.rewrite(rule, "Trưởng thôn phải là nam giới có uy tín.").unwrap();
//! assert_eq!(out, "Trưởng thôn phải là người có uy tín.");
//! ```

use huonguoc_text::{Mode, normalize, normalize_term};

use crate::compile::{LazyRegex, SizeCheck, expand_pattern};
use crate::error::{Error, ErrorKind};
use crate::pack::{Rule, RulePack};

/// One piece of a replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Literal text, already folded for folded units.
    Text(String),
    /// The original text of a named capture.
    Capture(String),
}

/// One compiled `replace` step.
#[derive(Debug)]
pub(crate) struct Step {
    regex: LazyRegex,
    with: Vec<Piece>,
}

impl Step {
    pub(crate) fn regex(&self) -> &LazyRegex {
        &self.regex
    }
}

/// The steps of every rule that has some, by rule index, for one mode.
pub(crate) fn compile_all(
    pack: &RulePack,
    mode: Mode,
    size: &SizeCheck,
) -> Result<Vec<Vec<Step>>, Error> {
    pack.rules
        .iter()
        .map(|r| match &r.rewrite {
            Some(w) => w
                .replace
                .iter()
                .map(|s| step(r, pack, mode, size, &s.find, &s.with))
                .collect(),
            None => Ok(Vec::new()),
        })
        .collect()
}

fn step(
    rule: &Rule,
    pack: &RulePack,
    mode: Mode,
    size: &SizeCheck,
    find: &str,
    with: &str,
) -> Result<Step, Error> {
    let fail = |detail: String| {
        Error::new(ErrorKind::Regex, detail)
            .in_file(&rule.file)
            .at_line(Some(rule.line))
            .for_rule(&rule.id)
    };
    let src = expand_pattern(find, pack, mode).map_err(fail)?;
    // Rewrite steps are run as written, never checked for literals first.
    let regex = LazyRegex::new(src, size, &Default::default())
        .map_err(|e| fail(format!("`rewrite.replace` `{find}` không hợp lệ: {e}")))?;
    let pieces = template(with, mode).map_err(fail)?;
    for p in &pieces {
        if let Piece::Capture(name) = p {
            if !regex.has_capture(name) {
                return Err(fail(format!(
                    "`rewrite.replace`: `${{{name}}}` không có nhóm bắt tên `{name}` trong `{find}`"
                )));
            }
        }
    }
    Ok(Step {
        regex,
        with: pieces,
    })
}

/// Parses `${name}`, `$name` and `$$` in a replacement.
pub(crate) fn template(with: &str, mode: Mode) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut chars = with.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '$' {
            lit.push(c);
            continue;
        }
        let rest = &with[i + 1..];
        let (name, skip) = if rest.starts_with('$') {
            lit.push('$');
            chars.next();
            continue;
        } else if let Some(body) = rest.strip_prefix('{') {
            let end = body
                .find('}')
                .ok_or_else(|| format!("`${{` chưa đóng trong `{with}`"))?;
            (&body[..end], end + 2)
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (&rest[..end], end)
        };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("tên nhóm bắt không hợp lệ sau `$` trong `{with}`"));
        }
        if !lit.is_empty() {
            out.push(Piece::Text(fit(&std::mem::take(&mut lit), mode)));
        }
        out.push(Piece::Capture(name.to_owned()));
        for _ in 0..skip {
            chars.next();
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Text(fit(&lit, mode)));
    }
    Ok(out)
}

/// Literal text as it must read in a unit of `mode`: a covenant typed
/// without diacritics gets its amendment without them too, so that the
/// unit is still read in its own mode when it is screened again.
pub(crate) fn fit(text: &str, mode: Mode) -> String {
    match mode {
        Mode::Accented => text.to_owned(),
        Mode::Folded => fold_keep_case(text),
    }
}

/// Drops tones and vowel marks (đ → d) and keeps each letter's case.
fn fold_keep_case(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() || !c.is_alphabetic() {
                return c.to_string();
            }
            let lower: String = c.to_lowercase().collect();
            let folded = normalize_term(&lower, Mode::Folded);
            if c.is_uppercase() {
                folded.to_uppercase()
            } else {
                folded
            }
        })
        .collect()
}

/// Applies steps to a clause's original text; `None` when no step matched.
pub(crate) fn apply(steps: &[Step], clause: &str) -> Option<String> {
    let mut text = clause.to_owned();
    let mut changed = false;
    for s in steps {
        if let Some(next) = apply_step(s, &text) {
            text = next;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    Some(finish(&text, clause))
}

/// One step over the text as it stands after the steps before it.
fn apply_step(step: &Step, text: &str) -> Option<String> {
    let regex = step.regex.get()?;
    let norm = normalize(text, Mode::Accented);
    // Line breaks inside a wrapped clause read as spaces, as in matching.
    let form = norm.text.replace('\n', " ");
    let src = |s: usize, e: usize| {
        let a = norm.map.start_to_source(s);
        let b = norm.map.end_to_source(e).max(a);
        (a, b)
    };
    let mut out = String::with_capacity(text.len() + 32);
    let mut kept = 0usize;
    let mut any = false;
    for caps in regex.captures_iter(&form) {
        let m = caps.get(0).expect("whole match");
        if m.is_empty() {
            continue;
        }
        any = true;
        let (ms, me) = src(m.start(), m.end());
        join(&mut out, &text[kept..ms]);
        let mut piece = String::new();
        for p in &step.with {
            match p {
                Piece::Text(t) => piece.push_str(t),
                Piece::Capture(name) => {
                    if let Some(c) = caps.name(name) {
                        let (cs, ce) = src(c.start(), c.end());
                        let mut words = text[cs..ce].to_owned();
                        // A capture from the sentence's start that moves
                        // inward loses its capital.
                        if cs == 0 && !(out.trim().is_empty() && piece.is_empty()) {
                            words = decapitalize(&words);
                        }
                        piece.push_str(&words);
                    }
                }
            }
        }
        join(&mut out, &piece);
        kept = me;
    }
    if !any {
        return None;
    }
    join(&mut out, &text[kept..]);
    Some(out)
}

/// Appends `piece`, mending the seam: one space between words, none
/// before punctuation, no doubled separators.
pub(crate) fn join(out: &mut String, piece: &str) {
    if piece.is_empty() {
        return;
    }
    let mut piece = piece;
    let starts_punct = |s: &str| s.trim_start().starts_with([',', ';', '.', ':', ')']);
    if out.ends_with([' ', '\t']) && piece.starts_with([' ', '\t']) {
        piece = piece.trim_start_matches([' ', '\t']);
    }
    if starts_punct(piece) {
        let trimmed = out.trim_end_matches([' ', '\t']).len();
        out.truncate(trimmed);
        piece = piece.trim_start_matches([' ', '\t']);
        let stronger = piece.starts_with(['.', ';', ':']);
        if out.ends_with([',', ';']) && (stronger || piece.starts_with(',')) {
            out.pop();
        }
        if out.is_empty() || out.ends_with(['(', '"', '“']) {
            piece = piece.trim_start_matches([',', ';']).trim_start();
        }
    } else if !out.is_empty()
        && !out.ends_with([' ', '\t', '\n', '(', '"', '“'])
        && !piece.starts_with([' ', '\t', '\n'])
        && piece.starts_with(char::is_alphanumeric)
        && out.ends_with([',', ';', ':'])
    {
        out.push(' ');
    }
    out.push_str(piece);
}

/// The rewritten clause tidied: no stray separators at its ends, and the
/// capital the original started with.
fn finish(text: &str, original: &str) -> String {
    let mut t = text.trim().trim_start_matches([',', ';', ' ']).to_owned();
    while t.contains("  ") {
        t = t.replace("  ", " ");
    }
    let starts_upper = original
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    if starts_upper {
        t = capitalize(&t);
    }
    t
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn decapitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_captures_and_literals() {
        let t = template("${who}, con gái và $x $$1", Mode::Accented).unwrap();
        assert_eq!(
            t,
            [
                Piece::Capture("who".into()),
                Piece::Text(", con gái và ".into()),
                Piece::Capture("x".into()),
                Piece::Text(" $1".into()),
            ]
        );
        assert!(template("${who", Mode::Accented).is_err());
        assert!(template("$ ", Mode::Accented).is_err());
        assert_eq!(
            template("Con gái được chia", Mode::Folded).unwrap(),
            [Piece::Text("Con gai duoc chia".into())]
        );
    }

    #[test]
    fn seams_are_mended() {
        // (kept so far, appended, result)
        let table = [
            ("con trai ", " được", "con trai được"),
            ("con trai ", ", con gái", "con trai, con gái"),
            ("đất;", "; con gái", "đất; con gái"),
            ("đất,", ".", "đất."),
            ("đất;", ".", "đất."),
            ("", "; con gái", "con gái"),
            ("đất,", "con gái", "đất, con gái"),
        ];
        for (a, b, want) in table {
            let mut s = a.to_owned();
            join(&mut s, b);
            assert_eq!(s, want, "{a:?} + {b:?}");
        }
    }

    #[test]
    fn folding_keeps_case() {
        assert_eq!(fold_keep_case("Đàn ông, Phụ nữ"), "Dan ong, Phu nu");
    }
}
