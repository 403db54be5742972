//! The general unequal-treatment analysis, as written in the pack.
//!
//! Specific rules list the wordings of one kind of clause. The analysis
//! reads each sentence for what it does instead: **who** it names (women or
//! men, or a status that implies one sex), **what** it does to them (denies,
//! obliges, reserves, makes an act depend on someone's leave, penalises),
//! and **in which domain** (land, worship, meetings …). The domain gives
//! the category, the legal basis and the suggestion. A sentence that names
//! both sexes together, or gives the other sex the same act, is left alone.
//!
//! ```toml
//! [analysis]
//! female = ["@nu", "gái làng"]
//! male = ["@nam", "nhân đinh"]
//! both = ["nam, nữ", "mỗi bên"]
//!
//! [[analysis.act]]
//! kind = "deny"
//! position = "after"      # the act follows the person: "phụ nữ không được …"
//! terms = ["không được", "không có quyền"]
//!
//! [[analysis.domain]]
//! id = "rituals.unequal-treatment"
//! category = "rituals"
//! terms = ["vào đình", "lễ hội"]
//! # title, message, suggestion (and *_en), legal, severity, examples
//! ```

use serde::{Deserialize, Serialize};

use crate::pack::{Examples, Rule, Scope, Severity};

/// What a sentence does to the person it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActKind {
    /// "không được", "cấm", "không có quyền".
    Deny,
    /// "phải", "có nghĩa vụ", "bắt buộc".
    Oblige,
    /// "chỉ … mới được", "dành cho", "thuộc về": a right kept for one sex.
    Reserve,
    /// "phải được chồng đồng ý": an act made to depend on someone's leave.
    Permission,
    /// "phạt", "bị đuổi": a penalty or a charge.
    Penalty,
    /// "được", "có quyền": a grant, which excludes the other sex only in
    /// the domains marked `grant = true` (land, inheritance, worship …).
    Grant,
    /// "là chuyện trong nhà", "làng không xử": violence left unpunished.
    Condone,
    /// A different number (amount, age, share, duration) for each sex in
    /// one unit. Found by comparing the unit's numbers, not by words.
    Amount,
}

impl ActKind {
    /// The Vietnamese name, for the evidence of a finding.
    pub fn label_vi(self) -> &'static str {
        match self {
            ActKind::Deny => "tước quyền",
            ActKind::Oblige => "áp đặt nghĩa vụ",
            ActKind::Reserve => "dành riêng quyền",
            ActKind::Permission => "buộc phải xin phép",
            ActKind::Penalty => "phạt, thu riêng",
            ActKind::Grant => "trao quyền riêng",
            ActKind::Condone => "dung túng",
            ActKind::Amount => "mức khác nhau theo giới",
        }
    }

    /// The English name.
    pub fn label_en(self) -> &'static str {
        match self {
            ActKind::Deny => "denies",
            ActKind::Oblige => "obliges",
            ActKind::Reserve => "reserves",
            ActKind::Permission => "needs permission",
            ActKind::Penalty => "penalises or charges",
            ActKind::Grant => "grants to one sex",
            ActKind::Condone => "condones",
            ActKind::Amount => "different amounts by sex",
        }
    }
}

/// A side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Women and girls.
    Female,
    /// Men and boys.
    Male,
}

/// Where an act stands relative to the person it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// After the person: "con gái không được chia đất".
    #[default]
    After,
    /// Before the person: "cấm phụ nữ vào đình", "giao cho con trai".
    Before,
    /// Either side: "phạt … những phụ nữ", "phụ nữ … bị phạt".
    Either,
}

/// One group of act words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Act {
    /// What the words do.
    pub kind: ActKind,
    /// Where they stand relative to the person.
    #[serde(default)]
    pub position: Position,
    /// Most words between the person and the act.
    #[serde(default = "default_act_gap")]
    pub gap: usize,
    /// The words; `@set` refers to a term set.
    pub terms: Vec<String>,
    /// The categories whose domains this act counts in; all when empty.
    #[serde(default)]
    pub only: Vec<String>,
}

fn default_act_gap() -> usize {
    6
}

/// A domain of life: it gives a finding its category, legal basis and
/// suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// The id of the findings it gives, such as
    /// `inheritance.unequal-treatment`.
    pub id: String,
    /// The category id.
    pub category: String,
    /// How serious a finding is.
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// Words of the domain.
    pub terms: Vec<String>,
    /// Whether a right granted to one sex alone excludes the other here.
    #[serde(default)]
    pub grant: bool,
    /// The act kinds that count in this domain; all but `grant` when
    /// empty. A ban on polygamy is lawful, so `deny` is left out there.
    #[serde(default)]
    pub acts: Vec<ActKind>,
    /// Whether a different number for each sex in one unit (amounts,
    /// ages, durations) is a finding in this domain.
    #[serde(default)]
    pub amounts: bool,
    /// The sex a domain word itself names as the actor ("vợ hai" is a man
    /// taking a second wife), for sentences that name nobody else.
    #[serde(default)]
    pub implies: Option<Sex>,
    /// Whether the act alone, with a person and no other domain word, puts
    /// a sentence in this domain (penalties: a fine laid on one sex is
    /// discriminatory whatever it punishes).
    #[serde(default)]
    pub fallback_for: Vec<ActKind>,
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
    /// Legal citations; the category's when empty.
    #[serde(default)]
    pub legal: Vec<String>,
    /// A compliant rewrite.
    pub suggestion: String,
    /// The rewrite in English.
    #[serde(default)]
    pub suggestion_en: String,
    /// Texts that must and must not be flagged.
    #[serde(default)]
    pub examples: Examples,
}

fn default_severity() -> Severity {
    Severity::Error
}

/// The analysis section of a pack.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    /// Words naming women and girls, or a status that implies one.
    #[serde(default)]
    pub female: Vec<String>,
    /// Words naming men and boys, or a status that implies one.
    #[serde(default)]
    pub male: Vec<String>,
    /// Words naming both sexes together or laying a rule on both sides
    /// ("nam, nữ", "vợ chồng", "mỗi bên"): the sentence is symmetric.
    #[serde(default)]
    pub both: Vec<String>,
    /// Words that show the sentence forbids or lifts the act instead of
    /// imposing it ("không được ép", "không phải").
    #[serde(default)]
    pub cancel: Vec<String>,
    /// Words that lay a rule on each side of a case at once ("mỗi bên"):
    /// the numbers of such a unit are per case, not per sex.
    #[serde(default)]
    pub per_case: Vec<String>,
    /// Longer words that hold an act word but are no act ("chỉ đạo",
    /// "bên phải"): an act inside one is dropped.
    #[serde(default)]
    pub not_acts: Vec<String>,
    /// Offences whose punishment is lawful whoever commits them ("tảo hôn",
    /// "bạo lực"): a penalty near them is not a penalty by sex.
    #[serde(default)]
    pub offences: Vec<String>,
    /// Words of the analysis whose spelling without diacritics collides
    /// with a common word (trống/trong, đẻ/để, cỗ/có): in unaccented text
    /// they do not count as one of the two anchors a finding needs.
    #[serde(default)]
    pub weak_folded: Vec<String>,
    /// Most words between an act and its domain word.
    #[serde(default = "default_domain_gap")]
    pub domain_gap: usize,
    /// Act words.
    #[serde(default)]
    pub act: Vec<Act>,
    /// Domains.
    #[serde(default)]
    pub domain: Vec<Domain>,
}

fn default_domain_gap() -> usize {
    10
}

impl Analysis {
    /// Merges another file's section into this one.
    pub(crate) fn extend(&mut self, other: Analysis) {
        self.female.extend(other.female);
        self.male.extend(other.male);
        self.both.extend(other.both);
        self.cancel.extend(other.cancel);
        self.offences.extend(other.offences);
        self.per_case.extend(other.per_case);
        self.not_acts.extend(other.not_acts);
        self.weak_folded.extend(other.weak_folded);
        self.act.extend(other.act);
        self.domain.extend(other.domain);
        // The default pack starts from zero; the widest gap a file sets wins.
        self.domain_gap = self.domain_gap.max(other.domain_gap);
    }

    /// The rule that stands for a domain's findings, so that they are
    /// reported, explained, waived and tested like any other.
    pub(crate) fn rule_for(&self, index: usize, file: &str, category_legal: &[String]) -> Rule {
        let d = &self.domain[index];
        Rule {
            id: d.id.clone(),
            category: d.category.clone(),
            severity: d.severity,
            scope: Scope::Sentence,
            title: d.title.clone(),
            title_en: d.title_en.clone(),
            message: d.message.clone(),
            message_en: d.message_en.clone(),
            legal: if d.legal.is_empty() {
                category_legal.to_vec()
            } else {
                d.legal.clone()
            },
            suggestion: d.suggestion.clone(),
            suggestion_en: d.suggestion_en.clone(),
            all: Vec::new(),
            seq: Vec::new(),
            gap: 0,
            patterns: Vec::new(),
            numbers: Vec::new(),
            unless: Vec::new(),
            ignore_frames: Vec::new(),
            examples: d.examples.clone(),
            rewrite: None,
            file: file.to_owned(),
            line: 0,
            pattern_lines: Vec::new(),
            analysis: Some(index),
        }
    }
}
