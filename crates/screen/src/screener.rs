//! The [`Screener`]: a compiled rule pack, shared across threads, that turns
//! covenant text into findings.

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use huonguoc_text::{LineIndex, Mode, Normalized, normalize};

use crate::accent;
use crate::analysis::ActKind;
use crate::budget::{Budget, Limit, OverBudget};
use crate::compile::Compiled;
use crate::error::{Error, ErrorKind};
use crate::finding::{Finding, SharedText, fnv1a};
use crate::matcher::{Candidate, FrameHit, Hit, Input, Layer, candidates, find_hits, frame_hits};
use crate::pack::{RulePack, Source};
use crate::structure::{self, Document};

/// The language of messages, titles and suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese.
    #[default]
    Vi,
    /// English, where the pack has it; Vietnamese otherwise.
    En,
}

impl Lang {
    /// The text in this language: the English one where it is asked for
    /// and the pack has it, else the Vietnamese.
    ///
    /// ```
    /// use huonguoc_screen::Lang;
    /// assert_eq!(Lang::En.pick("Tảo hôn", "Child marriage"), "Child marriage");
    /// assert_eq!(Lang::En.pick("Tảo hôn", ""), "Tảo hôn");
    /// assert_eq!(Lang::Vi.pick("Tảo hôn", "Child marriage"), "Tảo hôn");
    /// ```
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        if self == Lang::En && !en.is_empty() {
            en
        } else {
            vi
        }
    }
}

/// Options for [`Screener::screen_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ScreenOptions {
    /// Force accented or folded matching; `None` decides per document.
    pub mode: Option<Mode>,
    /// The language of messages.
    pub lang: Lang,
    /// Keep every rule's finding, without the one-per-category and
    /// specific-before-analysis choice: for testing a rule on its own
    /// examples.
    pub keep_all: bool,
}

/// The result of screening one text.
#[derive(Debug, Clone)]
pub struct Screening {
    /// Findings in text order.
    pub findings: Vec<Finding>,
    /// The matching mode used: folded when the text was typed without
    /// diacritics.
    pub mode: Mode,
    /// The covenant's structure.
    pub document: Document,
}

#[derive(Debug)]
struct Inner {
    pack: RulePack,
    accented: Compiled,
    /// Built at load for a pack from outside, so that its errors fail the
    /// load; for the embedded pack (built in CI in both modes), on the
    /// first unaccented unit, which most batches never have: it was half
    /// the start-up, spent on the main thread before any worker ran.
    folded: OnceLock<Compiled>,
    /// Each rule's text, in Vietnamese and in English, shared by its
    /// findings.
    texts: [Vec<RuleText>; 2],
}

/// What every finding of one rule says, in one language.
#[derive(Debug)]
struct RuleText {
    rule: SharedText,
    category: SharedText,
    title: SharedText,
    message: SharedText,
    legal: Arc<[SharedText]>,
    suggestion: SharedText,
}

impl RuleText {
    fn all(pack: &RulePack, lang: Lang) -> Vec<RuleText> {
        let pick = |vi: &str, en: &str| SharedText::from(lang.pick(vi, en));
        pack.rules
            .iter()
            .map(|r| RuleText {
                rule: r.id.as_str().into(),
                category: r.category.as_str().into(),
                title: pick(&r.title, &r.title_en),
                message: pick(&r.message, &r.message_en),
                legal: r.legal.iter().map(|l| l.as_str().into()).collect(),
                suggestion: pick(&r.suggestion, &r.suggestion_en),
            })
            .collect()
    }
}

/// A compiled rule pack. Building it is the costly step; it is immutable
/// afterwards and cheap to clone and share across threads.
#[derive(Debug, Clone)]
pub struct Screener {
    inner: Arc<Inner>,
    /// Which rules may report, by index; `None`: all. Set by
    /// [`Screener::with_rules`].
    enabled: Option<Arc<[bool]>>,
}

impl Screener {
    /// The rule pack embedded in this build.
    pub fn embedded() -> Result<Screener, Error> {
        Screener::compile(RulePack::from_sources(crate::embedded::sources())?, true)
    }

    /// A pack from TOML sources.
    pub fn from_sources(sources: Vec<Source>) -> Result<Screener, Error> {
        Screener::from_pack(RulePack::from_sources(sources)?)
    }

    /// A pack from every `.toml` file of a folder.
    pub fn from_dir(dir: &Path) -> Result<Screener, Error> {
        Screener::from_pack(RulePack::from_sources(read_dir(dir)?)?)
    }

    /// Compiles a parsed pack.
    pub fn from_pack(pack: RulePack) -> Result<Screener, Error> {
        Screener::compile(pack, false)
    }

    /// Compiles a pack; a `trusted` one (the embedded pack, whose regexes
    /// CI builds) skips building each regex's NFA at load.
    fn compile(pack: RulePack, trusted: bool) -> Result<Screener, Error> {
        let accented = Compiled::new(&pack, Mode::Accented, trusted)?;
        let folded = OnceLock::new();
        if !trusted {
            let _ = folded.set(Compiled::new(&pack, Mode::Folded, false)?);
        }
        let texts = [
            RuleText::all(&pack, Lang::Vi),
            RuleText::all(&pack, Lang::En),
        ];
        Ok(Screener {
            inner: Arc::new(Inner {
                pack,
                accented,
                folded,
                texts,
            }),
            enabled: None,
        })
    }

    /// The same compiled pack with only the rules `keep` accepts, as
    /// `--select` and `--ignore` choose them. A rule left out never
    /// reports, and never hides another rule's finding on its sentence.
    ///
    /// ```
    /// use huonguoc_screen::Screener;
    /// let all = Screener::embedded().unwrap();
    /// let text = "Điều 6. Thừa kế\n2. Con gái đã đi lấy chồng thì không được chia đất.\n";
    /// assert!(!all.screen(text).is_empty());
    /// let none = all.with_rules(|r| r.category != "inheritance");
    /// assert!(none.screen(text).iter().all(|f| f.category != "inheritance"));
    /// ```
    pub fn with_rules(&self, keep: impl FnMut(&crate::Rule) -> bool) -> Screener {
        Screener {
            inner: Arc::clone(&self.inner),
            enabled: Some(self.inner.pack.rules.iter().map(keep).collect()),
        }
    }

    /// The rule pack.
    pub fn pack(&self) -> &RulePack {
        &self.inner.pack
    }

    /// Screens a text with default options.
    pub fn screen(&self, text: &str) -> Vec<Finding> {
        self.screen_with(text, &ScreenOptions::default()).findings
    }

    /// Screens a text, without limits on the work: for text from anyone,
    /// use [`Screener::try_screen_with`] with a [`Budget`].
    pub fn screen_with(&self, text: &str, options: &ScreenOptions) -> Screening {
        match self.try_screen_with(text, options, &Budget::UNLIMITED) {
            Ok(s) => s,
            // No count exceeds usize::MAX.
            Err(_) => unreachable!("an unlimited budget cannot be exceeded"),
        }
    }

    /// Screens a text within a budget. A text over it gets no findings at
    /// all: a partial screening must never pass for a whole one.
    pub fn try_screen_with(
        &self,
        text: &str,
        options: &ScreenOptions,
        budget: &Budget,
    ) -> Result<Screening, OverBudget> {
        let norm = normalize(text, options.mode.unwrap_or(Mode::Accented));
        let document = structure::parse(&norm, text);
        budget.check(Limit::Units, document.units.len())?;
        let modes = match options.mode {
            Some(m) => vec![m; document.units.len()],
            None => accent::unit_modes(&document, &norm.text),
        };
        // Line breaks matter to the structure parser only; matching sees
        // them as spaces. The replacement keeps every offset.
        let flat = norm.text.replace('\n', " ");
        let layers: Vec<(&Compiled, Vec<Hit>, Vec<FrameHit>)> = [Mode::Accented, Mode::Folded]
            .into_iter()
            .filter(|m| modes.contains(m))
            .map(|mode| {
                let compiled = self.compiled(mode);
                let segments = accent::segments(&document, &norm.text, &modes, mode);
                let hits = find_hits(compiled, &flat, &segments);
                let frames = frame_hits(&compiled.frame_kinds, &hits);
                (compiled, hits, frames)
            })
            .collect();
        fn layer<'a>(l: &'a (&'a Compiled, Vec<Hit>, Vec<FrameHit>)) -> Layer<'a> {
            Layer {
                compiled: l.0,
                hits: &l.1,
                frame_hits: &l.2,
            }
        }
        let input = Input {
            doc: &document,
            text: &flat,
            lines: &norm.text,
            modes: &modes,
            other_numerals: norm.stats.other_numerals,
        };
        let mut found = Vec::new();
        for (i, own) in layers.iter().enumerate() {
            found.extend(candidates(
                layer(own),
                layers.get(1 - i).map(layer),
                &self.inner.pack.rules,
                &input,
                budget,
            )?);
        }
        if let Some(on) = &self.enabled {
            found.retain(|c| on[c.rule]);
        }
        if !options.keep_all {
            self.keep_most_severe(&mut found);
        }
        budget.check(Limit::Findings, found.len())?;
        let lines = LineIndex::new(text);
        let mut findings: Vec<Finding> = found
            .iter()
            .map(|c| self.finding(c, &document, &norm, &flat, text, &lines, options.lang))
            .collect();
        findings.sort_by(|a, b| (a.start, &a.rule).cmp(&(b.start, &b.rule)));
        Ok(Screening {
            findings,
            mode: majority_mode(&document, &modes),
            document,
        })
    }

    /// Builds every regex of the pack now, in both matching modes, and
    /// returns those that exceed the regex size limits. Loading a pack only
    /// checks their syntax; the automata are built on first use.
    pub fn pattern_errors(&self) -> Vec<Error> {
        let pack = &self.inner.pack;
        let mut out = self.inner.accented.pattern_errors(pack);
        out.extend(self.compiled(Mode::Folded).pattern_errors(pack));
        out
    }

    /// Every term of the pack's lexicon in one matching mode, in matching form.
    ///
    /// ```
    /// use huonguoc_screen::Screener;
    /// use huonguoc_text::Mode;
    /// let s = Screener::embedded()?;
    /// assert!(s.terms(Mode::Accented).iter().any(|t| t == "con gái"));
    /// assert!(s.terms(Mode::Folded).iter().any(|t| t == "con gai"));
    /// # Ok::<(), huonguoc_screen::Error>(())
    /// ```
    pub fn terms(&self, mode: Mode) -> &[String] {
        &self.compiled(mode).terms
    }

    /// The terms of the pack found in a text, in matching form: what a rule
    /// author sees when asking why a rule did or did not fire.
    pub fn terms_in(&self, text: &str, mode: Mode) -> Vec<String> {
        let compiled = self.compiled(mode);
        let norm = normalize(text, mode);
        let flat = norm.text.replace('\n', " ");
        let mut out: Vec<String> =
            find_hits(compiled, &flat, std::slice::from_ref(&(0..flat.len())))
                .iter()
                .map(|h| compiled.terms[h.term as usize].clone())
                .collect();
        out.dedup();
        out
    }

    pub(crate) fn compiled(&self, mode: Mode) -> &Compiled {
        match mode {
            Mode::Accented => &self.inner.accented,
            Mode::Folded => self.inner.folded.get_or_init(|| {
                // Only the embedded pack gets here uncompiled; CI compiles
                // it in both modes (`huonguoc test`, the engine's tests).
                Compiled::new(&self.inner.pack, Mode::Folded, true)
                    .unwrap_or_else(|e| panic!("embedded pack, unaccented form: {e}"))
            }),
        }
    }

    /// One finding per category and sentence: the most severe rule wins,
    /// then the first in pack order. The general analysis speaks only for
    /// sentences no specific rule found: a specific rule is more precise
    /// about what the clause is.
    fn keep_most_severe(&self, found: &mut Vec<Candidate>) {
        let rules = &self.inner.pack.rules;
        let specific: Vec<Range<usize>> = found
            .iter()
            .filter(|c| c.analysis.is_none())
            .map(|c| c.scope.clone())
            .collect();
        found.retain(|c| c.analysis.is_none() || !specific.contains(&c.scope));
        found.sort_by(|a, b| {
            (a.scope.start, &rules[a.rule].category)
                .cmp(&(b.scope.start, &rules[b.rule].category))
                .then(rules[b.rule].severity.cmp(&rules[a.rule].severity))
                .then(a.rule.cmp(&b.rule))
        });
        found.dedup_by(|b, a| {
            a.scope == b.scope && rules[a.rule].category == rules[b.rule].category
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        c: &Candidate,
        doc: &Document,
        norm: &Normalized,
        flat: &str,
        text: &str,
        lines: &LineIndex,
        lang: Lang,
    ) -> Finding {
        let rule = &self.inner.texts[lang as usize][c.rule];
        let start = norm.map.start_to_source(c.span.start);
        let end = norm.map.end_to_source(c.span.end).max(start);
        let (line, column) = lines.line_col(text, start);
        let address = &doc.units[c.unit].address;
        let source = |r: &std::ops::Range<usize>| -> &str {
            let s = norm.map.start_to_source(r.start);
            let e = norm.map.end_to_source(r.end).max(s);
            text.get(s..e).unwrap_or("")
        };
        let excerpt: String = collapse(source(&c.scope), 600);
        let mut matched: Vec<String> = c
            .evidence
            .iter()
            .map(|h: &Hit| collapse(source(&(h.start..h.end)), 120))
            .collect();
        matched.dedup();
        let clause_form = flat[c.scope.clone()].trim();
        let message = match &c.analysis {
            None => rule.message.clone(),
            Some(seen) => {
                let word = |h: &Hit| collapse(source(&(h.start..h.end)), 60);
                let note = evidence_note(
                    lang,
                    &word(&seen.actor),
                    &word(&seen.act),
                    seen.kind,
                    seen.domain.as_ref().map(word).as_deref(),
                );
                format!("{} {note}", rule.message).into()
            }
        };
        Finding {
            rule: rule.rule.clone(),
            category: rule.category.clone(),
            severity: self.inner.pack.rules[c.rule].severity,
            title: rule.title.clone(),
            message,
            legal: rule.legal.clone(),
            suggestion: rule.suggestion.clone(),
            start,
            end,
            line,
            column,
            chapter: address.chapter.clone(),
            article: address.article.clone(),
            clause: address.clause.clone(),
            point: address.point.clone(),
            location: address.citation(),
            excerpt,
            matched,
            fingerprint: format!("{}:{:016x}", rule.rule, fnv1a(clause_form.as_bytes())),
        }
    }
}

/// The mode most of the screened text was matched in, by length.
fn majority_mode(doc: &Document, modes: &[Mode]) -> Mode {
    let folded: usize = doc
        .units
        .iter()
        .zip(modes)
        .filter(|(u, m)| u.screened && **m == Mode::Folded)
        .map(|(u, _)| u.text.len())
        .sum();
    let all: usize = doc
        .units
        .iter()
        .filter(|u| u.screened)
        .map(|u| u.text.len())
        .sum();
    if folded * 2 > all {
        Mode::Folded
    } else {
        Mode::Accented
    }
}

/// What the general analysis saw, so that a reviewer sees why.
fn evidence_note(
    lang: Lang,
    actor: &str,
    act: &str,
    kind: ActKind,
    domain: Option<&str>,
) -> String {
    match (lang, domain) {
        (Lang::En, Some(d)) => format!(
            "Seen: who «{actor}», act «{act}» ({}), domain «{d}».",
            kind.label_en()
        ),
        (Lang::En, None) => format!("Seen: who «{actor}», act «{act}» ({}).", kind.label_en()),
        (Lang::Vi, Some(d)) => format!(
            "Dấu hiệu: người được nêu «{actor}», hành vi «{act}» ({}), lĩnh vực «{d}».",
            kind.label_vi()
        ),
        (Lang::Vi, None) => format!(
            "Dấu hiệu: người được nêu «{actor}», hành vi «{act}» ({}).",
            kind.label_vi()
        ),
    }
}

/// `s` with each run of whitespace made one space and the ends trimmed, cut
/// to `max_chars` chars and an ellipsis.
fn collapse(s: &str, max_chars: usize) -> String {
    if is_collapsed(s) && s.chars().count() <= max_chars {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len().min(4 * max_chars + 4));
    // Counted as words are added: counting the whole excerpt again after
    // each word was quadratic in its length.
    let mut chars = 0;
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += w.chars().count();
        if chars > max_chars {
            let cut: String = out.chars().take(max_chars).collect();
            return format!("{cut}…");
        }
    }
    out
}

/// Whether `s` is its own [`collapse`] but for the cut: its only
/// whitespace is single ASCII spaces between other chars, as in most
/// excerpts. Told from bytes: the other whitespace chars are ASCII
/// controls, or begin with byte C2, E2, E3 or E1 9A.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    let odd = |i: usize| match b[i] {
        b' ' => i == 0 || i + 1 == b.len() || b[i + 1] == b' ',
        b'\t'..=b'\r' | 0xC2 | 0xE2 | 0xE3 => true,
        0xE1 => b.get(i + 1) == Some(&0x9A),
        _ => false,
    };
    !(0..b.len()).any(odd)
}

fn read_dir(dir: &Path) -> Result<Vec<Source>, Error> {
    let io = |e: std::io::Error| {
        Error::new(ErrorKind::Io, format!("không đọc được: {e}"))
            .in_file(&dir.display().to_string())
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        // `rules/` is also a crate: its manifest is no rule file.
        if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "Cargo.toml")
        {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::new(ErrorKind::Io, format!("không đọc được: {e}"))
                    .in_file(&path.display().to_string())
            })?;
            out.push(Source {
                name: path.display().to_string(),
                text,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Findings of one rule hold its text, not copies of it, in either
    /// language; the English text is the English one; a finding read back
    /// from JSON equals the one written.
    #[test]
    fn findings_share_their_rule_text() {
        let s = Screener::embedded().unwrap();
        let text = "Điều 6. Thừa kế\n1. Con gái đã đi lấy chồng thì không được chia đất.\n\
                    2. Con gái đi lấy chồng không được chia ruộng.\n";
        for lang in [Lang::Vi, Lang::En] {
            let options = ScreenOptions {
                lang,
                ..Default::default()
            };
            let (a, b) = (s.screen_with(text, &options), s.screen_with(text, &options));
            let f = &a.findings[0];
            let g = b.findings.iter().find(|g| g.rule == f.rule).unwrap();
            assert!(Arc::ptr_eq(&f.title.0, &g.title.0));
            assert!(Arc::ptr_eq(&f.legal, &g.legal));
            assert!(Arc::ptr_eq(&f.suggestion.0, &g.suggestion.0));
            let rule = s.pack().rules.iter().find(|r| r.id == f.rule).unwrap();
            let title = match lang {
                Lang::En => &rule.title_en,
                Lang::Vi => &rule.title,
            };
            assert_eq!(f.title, *title);
            assert_eq!(f.legal.len(), rule.legal.len());
            let json = serde_json::to_string(f).unwrap();
            assert_eq!(serde_json::from_str::<Finding>(&json).unwrap(), *f);
        }
    }

    /// What [`collapse`] did before its shortcut for collapsed text.
    fn reference(s: &str, max_chars: usize) -> String {
        let out = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if out.chars().count() > max_chars {
            format!("{}…", out.chars().take(max_chars).collect::<String>())
        } else {
            out
        }
    }

    proptest! {
        #[test]
        fn collapse_agrees_with_joining_the_words(
            s in "[ a\u{e0}\u{1ea1}\u{201c}\u{85}\u{a0}\u{1680}\u{2003}\u{3000}\t\n\u{1c}.]{0,24}",
            max in 0usize..30,
        ) {
            prop_assert_eq!(collapse(&s, max), reference(&s, max));
        }
    }

    #[test]
    fn collapsed_text_is_told_from_its_bytes() {
        for (s, collapsed) in [
            ("con gái được chia", true),
            ("", true),
            (" con", false),
            ("con ", false),
            ("con  gái", false),
            ("con\tgái", false),
            ("con\u{a0}gái", false),
            ("con\u{2003}gái", false),
            ("\u{201c}con\u{201d}", false),
            ("ạ ẹ", true),
        ] {
            assert_eq!(is_collapsed(s), collapsed, "{s:?}");
        }
    }
}
