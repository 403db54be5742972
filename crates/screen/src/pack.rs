//! The rule pack: TOML files of categories, term sets, frames and rules.
//!
//! A pack is the union of its files. One file may hold any of the tables;
//! the embedded pack keeps categories, terms and frames in `pack.toml` and
//! one file per group of categories for the rules.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::error::{Error, ErrorKind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stereotyped wording.
    Info,
    /// A clause a reviewer must judge.
    Warning,
    /// A clause that restricts a right or imposes a duty by gender, or
    /// contradicts a statute.
    Error,
}

impl Severity {
    /// The lowercase name: `error`, `warning`, `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Vietnamese label: `lỗi`, `cảnh báo`, `lưu ý`.
    pub fn label_vi(self) -> &'static str {
        match self {
            Severity::Info => "lưu ý",
            Severity::Warning => "cảnh báo",
            Severity::Error => "lỗi",
        }
    }
}

/// The text a rule is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One sentence.
    #[default]
    Sentence,
    /// The whole text of the smallest unit (point, clause, article …).
    Unit,
    /// A unit with all the units below it: a clause with its points, an
    /// article with its clauses. For comparisons across points, such as
    /// "a) con trai … 1.000.000 đồng; b) con gái … 600.000 đồng". The
    /// finding is cited at the enclosing unit.
    Tree,
}

/// The kinds of frame that cancel or mask findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FrameKind {
    /// "Nghiêm cấm …": the clause bans the practice.
    Prohibition,
    /// "… bình đẳng", "con trai, con gái đều …".
    Equality,
    /// A lawful protective or affirmative measure (Luật Bình đẳng giới,
    /// Điều 6).
    Protective,
    /// An organisation's name, such as "Hội Liên hiệp phụ nữ": gender terms
    /// inside it do not count.
    Name,
}

/// A category of discriminatory clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id, such as `inheritance`.
    pub id: String,
    /// Vietnamese title.
    pub title: String,
    /// English title.
    #[serde(default)]
    pub title_en: String,
    /// What the category covers.
    #[serde(default)]
    pub description: String,
    /// English description.
    #[serde(default)]
    pub description_en: String,
    /// The legal basis of the category.
    #[serde(default)]
    pub legal: Vec<String>,
}

/// Words that, together, cancel or mask findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    /// What the frame means.
    pub kind: FrameKind,
    /// Literal terms; `@set` refers to a term set.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Regexes, run only on sentences that hold a candidate finding.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// A numeric condition on a regex capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberCheck {
    /// The named capture holding the number.
    pub capture: String,
    /// The number must be below this.
    #[serde(default)]
    pub below: Option<u64>,
    /// The number must be at least this.
    #[serde(default)]
    pub at_least: Option<u64>,
    /// The number must differ from the number in this other capture.
    #[serde(default)]
    pub differs_from: Option<String>,
}

/// Texts that must and must not be flagged by a rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts the rule must flag.
    #[serde(default)]
    pub flag: Vec<String>,
    /// Texts the rule must not flag.
    #[serde(default)]
    pub pass: Vec<String>,
    /// A flagged text and what the rule's rewrite must make of it.
    #[serde(default)]
    pub rewrite: Vec<RewriteExample>,
}

/// One example of a rule's rewrite: `from` is flagged by the rule, and the
/// rewrite turns it into `to`, which nothing in the pack flags.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RewriteExample {
    /// A clause the rule flags.
    pub from: String,
    /// The clause after the rewrite, exactly.
    pub to: String,
}

/// What an amendment does with a clause a rule flagged (`[rule.rewrite]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RewriteAction {
    /// Rewrite the clause itself with the rule's `replace` steps.
    #[default]
    Rewrite,
    /// No lawful version of the clause exists: delete it (the unit is
    /// repealed when nothing else is left in it).
    Repeal,
    /// Replace the clause with the rule's `suggestion`.
    Suggest,
}

/// One step of a rewrite: a regex over the matching form of the clause,
/// and the text that replaces each match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// A regex over the matching form (lowercase, as `patterns`); `{set}`
    /// expands to a term set.
    pub find: String,
    /// The replacement: literal Vietnamese, with `${name}` for the
    /// original text of a named capture. Empty deletes the match.
    #[serde(default)]
    pub with: String,
}

/// How a rule's findings are amended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rewrite {
    /// Rewrite (the default), repeal or suggest.
    #[serde(default)]
    pub action: RewriteAction,
    /// For `rewrite`: the steps, applied in order to the clause.
    #[serde(default)]
    pub replace: Vec<Replacement>,
    /// Why this is the change proposed, for the draft (Vietnamese).
    #[serde(default)]
    pub note: String,
    /// The note in English.
    #[serde(default)]
    pub note_en: String,
}

/// One rule, as written in the pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, such as `inheritance.daughter-excluded`.
    pub id: String,
    /// The category id.
    pub category: String,
    /// How serious a finding is.
    pub severity: Severity,
    /// Sentence or unit.
    #[serde(default)]
    pub scope: Scope,
    /// Vietnamese title.
    pub title: String,
    /// English title.
    #[serde(default)]
    pub title_en: String,
    /// Vietnamese message.
    pub message: String,
    /// English message.
    #[serde(default)]
    pub message_en: String,
    /// Legal citations, smallest unit first.
    #[serde(default)]
    pub legal: Vec<String>,
    /// A compliant rewrite.
    pub suggestion: String,
    /// The rewrite in English.
    #[serde(default)]
    pub suggestion_en: String,
    /// Groups of terms that must all occur in the scope, in any order.
    #[serde(default)]
    pub all: Vec<Vec<String>>,
    /// Groups of terms that must occur in this order, at most `gap` words
    /// apart.
    #[serde(default)]
    pub seq: Vec<Vec<String>>,
    /// Most words between two steps of `seq`.
    #[serde(default = "default_gap")]
    pub gap: usize,
    /// Regexes over the matching form; one must match. `{set}` expands to a
    /// term set. They run only where the term groups already hit.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Conditions on numbers captured by `patterns`.
    #[serde(default)]
    pub numbers: Vec<NumberCheck>,
    /// Terms that cancel the rule when they occur in the scope.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Frame kinds this rule does not yield to.
    #[serde(default)]
    pub ignore_frames: Vec<FrameKind>,
    /// Texts that must and must not be flagged.
    #[serde(default)]
    pub examples: Examples,
    /// How an amendment changes a clause the rule flags; without it the
    /// clause is replaced by `suggestion`.
    #[serde(default)]
    pub rewrite: Option<Rewrite>,
    /// The file the rule came from.
    #[serde(skip_deserializing)]
    pub file: String,
    /// The line of the rule's `id` in that file.
    #[serde(skip_deserializing)]
    pub line: usize,
    /// The line of each of `patterns` in that file (the rule's line when
    /// it cannot be told).
    #[serde(skip)]
    pub pattern_lines: Vec<usize>,
    /// For the rule that stands for a domain of the general analysis, the
    /// domain's index in [`RulePack::analysis`]; such a rule has no terms
    /// of its own.
    #[serde(skip)]
    pub analysis: Option<usize>,
}

fn default_gap() -> usize {
    8
}

/// Pack-wide settings for text typed without diacritics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Folding {
    /// Terms whose folded form collides with common words (nam/năm,
    /// chồng/chống …); they do not count as anchors in folded text.
    #[serde(default)]
    pub weak: Vec<String>,
}

/// One file of a rule pack, as given to [`RulePack::from_sources`].
#[derive(Debug, Clone)]
pub struct Source {
    /// A name for messages, usually the file name.
    pub name: String,
    /// The TOML text.
    pub text: String,
}

/// A rule pack: every category, term set, frame and rule of its files.
#[derive(Debug, Clone, Default)]
pub struct RulePack {
    /// Declared categories.
    pub categories: Vec<Category>,
    /// Named term sets, referred to as `@name` in groups and `{name}` in
    /// patterns.
    pub terms: BTreeMap<String, Vec<String>>,
    /// Frames.
    pub frames: Vec<Frame>,
    /// Settings for unaccented text.
    pub folding: Folding,
    /// Rules in file order, then one per domain of the analysis.
    pub rules: Vec<Rule>,
    /// The general unequal-treatment analysis.
    pub analysis: Analysis,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    category: Vec<Category>,
    #[serde(default)]
    terms: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    frame: Vec<Frame>,
    #[serde(default)]
    folding: Option<Folding>,
    #[serde(default)]
    rule: Vec<Rule>,
    #[serde(default)]
    analysis: Option<Analysis>,
}

impl RulePack {
    /// Parses and merges pack files. Files are taken in name order so that
    /// rule order does not depend on the directory listing.
    pub fn from_sources(mut sources: Vec<Source>) -> Result<RulePack, Error> {
        sources.sort_by(|a, b| a.name.cmp(&b.name));
        let mut pack = RulePack::default();
        let mut analysis_files: Vec<String> = Vec::new();
        for src in &sources {
            let raw: RawFile = toml::from_str(&src.text).map_err(|e| {
                let line = e.span().map(|s| line_of(&src.text, s.start));
                Error::new(ErrorKind::Syntax, e.message().trim().to_owned())
                    .in_file(&src.name)
                    .at_line(line)
            })?;
            let rule_lines = rule_id_lines(&src.text);
            let lines: Vec<&str> = src.text.lines().collect();
            for (i, mut rule) in raw.rule.into_iter().enumerate() {
                rule.file = src.name.clone();
                rule.line = rule_lines.get(i).copied().unwrap_or(0);
                // A pattern is looked for up to the next rule's id only, so
                // that the search is linear in the file (it rescanned the
                // file from the top for each pattern: 20,000 rules took 40 s).
                let end = rule_lines.get(i + 1).copied().unwrap_or(lines.len());
                rule.pattern_lines = rule
                    .patterns
                    .iter()
                    .map(|p| text_line_after(&lines, rule.line, end, p).unwrap_or(rule.line))
                    .collect();
                pack.rules.push(rule);
            }
            for (name, set) in raw.terms {
                if pack.terms.insert(name.clone(), set).is_some() {
                    return Err(Error::new(
                        ErrorKind::DuplicateId,
                        format!("bộ từ `{name}` được khai báo hai lần"),
                    )
                    .in_file(&src.name));
                }
            }
            pack.categories.extend(raw.category);
            pack.frames.extend(raw.frame);
            if let Some(f) = raw.folding {
                pack.folding.weak.extend(f.weak);
            }
            if let Some(a) = raw.analysis {
                let first = pack.analysis.domain.len();
                pack.analysis.extend(a);
                analysis_files
                    .extend((first..pack.analysis.domain.len()).map(|_| src.name.clone()));
            }
        }
        pack.add_analysis_rules(&analysis_files);
        pack.validate()?;
        Ok(pack)
    }

    /// Appends the rule of each analysis domain, after every written rule
    /// so that a specific rule wins a tie on the same sentence.
    fn add_analysis_rules(&mut self, files: &[String]) {
        for (i, file) in files.iter().enumerate() {
            let category = &self.analysis.domain[i].category;
            let legal = self
                .category(category)
                .map(|c| c.legal.clone())
                .unwrap_or_default();
            let rule = self.analysis.rule_for(i, file, &legal);
            self.rules.push(rule);
        }
    }

    /// Checks what a pack must satisfy to be compiled at all. Softer
    /// problems are reported by [`crate::lint`].
    fn validate(&self) -> Result<(), Error> {
        if self.rules.is_empty() {
            return Err(Error::new(
                ErrorKind::Empty,
                "bộ quy tắc không có quy tắc nào",
            ));
        }
        let mut cats = HashSet::new();
        for c in &self.categories {
            if !cats.insert(c.id.as_str()) {
                return Err(Error::new(
                    ErrorKind::DuplicateId,
                    format!("nhóm `{}` được khai báo hai lần", c.id),
                ));
            }
        }
        let mut ids = HashSet::new();
        for r in &self.rules {
            let err = |kind, detail: String| {
                Err(Error::new(kind, detail)
                    .in_file(&r.file)
                    .at_line(Some(r.line))
                    .for_rule(&r.id))
            };
            if !ids.insert(r.id.as_str()) {
                return err(ErrorKind::DuplicateId, "mã quy tắc bị trùng".into());
            }
            if !cats.contains(r.category.as_str()) {
                return err(
                    ErrorKind::UnknownCategory,
                    format!("nhóm `{}` chưa được khai báo", r.category),
                );
            }
            if r.all.is_empty() && r.seq.is_empty() && r.analysis.is_none() {
                return err(
                    ErrorKind::InvalidRule,
                    "cần ít nhất một nhóm từ trong `all` hoặc `seq`, để biểu thức chính quy chỉ chạy ở nơi có từ khóa".into(),
                );
            }
            if r.all.iter().chain(&r.seq).any(|g| g.is_empty()) {
                return err(ErrorKind::InvalidRule, "có nhóm từ rỗng".into());
            }
            if let Some(w) = &r.rewrite {
                let steps = !w.replace.is_empty();
                if (w.action == RewriteAction::Rewrite) != steps {
                    return err(
                        ErrorKind::InvalidRule,
                        "`rewrite`: `action = \"rewrite\"` cần `replace`; `repeal` và `suggest` không có `replace`".into(),
                    );
                }
            }
            if !r.numbers.is_empty() && r.patterns.is_empty() {
                return err(
                    ErrorKind::InvalidRule,
                    "`numbers` cần ít nhất một `patterns` có nhóm bắt tên".into(),
                );
            }
            for t in r.all.iter().chain(&r.seq).flatten().chain(&r.unless) {
                if let Some(name) = t.strip_prefix('@') {
                    if !self.terms.contains_key(name) {
                        return err(
                            ErrorKind::UnknownTermSet,
                            format!("bộ từ `@{name}` chưa được khai báo"),
                        );
                    }
                }
            }
        }
        self.validate_analysis()
    }

    fn validate_analysis(&self) -> Result<(), Error> {
        let a = &self.analysis;
        let lists = [
            &a.female,
            &a.male,
            &a.both,
            &a.cancel,
            &a.offences,
            &a.per_case,
            &a.not_acts,
            &a.weak_folded,
        ]
        .into_iter()
        .chain(a.act.iter().map(|x| &x.terms))
        .chain(a.domain.iter().map(|d| &d.terms));
        for t in lists.flatten() {
            if let Some(name) = t.strip_prefix('@') {
                if !self.terms.contains_key(name) {
                    return Err(Error::new(
                        ErrorKind::UnknownTermSet,
                        format!("bộ từ `@{name}` của phần phân tích chưa được khai báo"),
                    ));
                }
            }
        }
        if let Some(d) = a
            .domain
            .iter()
            .find(|d| d.terms.is_empty() && d.fallback_for.is_empty())
        {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "lĩnh vực của phần phân tích cần từ khóa hoặc `fallback_for`",
            )
            .for_rule(&d.id));
        }
        if !a.domain.is_empty() && (a.female.is_empty() || a.male.is_empty() || a.act.is_empty()) {
            return Err(Error::new(
                ErrorKind::InvalidRule,
                "phần phân tích cần `female`, `male` và ít nhất một `act`",
            ));
        }
        Ok(())
    }

    /// The terms of a group as written, with each `@set` replaced by the
    /// set's terms (an unknown set contributes nothing; loading rejects it).
    pub fn expand<'a>(&'a self, group: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
        group.iter().flat_map(move |t| match t.strip_prefix('@') {
            Some(set) => self
                .terms
                .get(set)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            None => vec![t.as_str()],
        })
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The first line from line `from` to line `to` (1-based, inclusive) that
/// holds `needle` as written (true of TOML literal strings, which is how
/// patterns are written).
fn text_line_after(lines: &[&str], from: usize, to: usize, needle: &str) -> Option<usize> {
    let first = from.saturating_sub(1).min(lines.len());
    let last = to.clamp(first, lines.len());
    lines[first..last]
        .iter()
        .position(|l| l.contains(needle))
        .map(|n| first + n + 1)
}

/// Lines of each `[[rule]]` table's `id`, in order. TOML allows the `id`
/// anywhere in the table; this finds the first `id =` after each header.
fn rule_id_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut in_rule = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("[[rule]]") {
            in_rule = true;
            lines.push(n + 1);
        } else if in_rule && t.starts_with("id") && t[2..].trim_start().starts_with('=') {
            if let Some(last) = lines.last_mut() {
                *last = n + 1;
            }
            in_rule = false;
        } else if t.starts_with("[[") || (t.starts_with('[') && !t.starts_with("[rule.")) {
            in_rule = false;
        }
    }
    lines
}
