//! Checks of a rule pack beyond what it needs to compile: what makes a rule
//! untestable, uncitable or partly dead.

use std::collections::HashMap;

use huonguoc_text::{Mode, normalize_term};

use crate::pack::RulePack;

/// A problem found in a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The rule file.
    pub file: String,
    /// The line of the rule in that file.
    pub line: usize,
    /// The rule id.
    pub rule: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

/// Lints a pack. `min_examples` is the least number of must-flag and of
/// must-pass examples each rule needs.
pub fn lint(pack: &RulePack, min_examples: usize) -> Vec<Issue> {
    let mut out = Vec::new();
    for r in &pack.rules {
        let mut issue = |message: String| {
            out.push(Issue {
                file: r.file.clone(),
                line: r.line,
                rule: r.id.clone(),
                message,
            })
        };
        if r.examples.flag.len() < min_examples {
            issue(format!(
                "cần ít nhất {min_examples} ví dụ phải bắt (`examples.flag`), có {}",
                r.examples.flag.len()
            ));
        }
        if r.examples.pass.len() < min_examples {
            issue(format!(
                "cần ít nhất {min_examples} ví dụ không được bắt (`examples.pass`), có {}",
                r.examples.pass.len()
            ));
        }
        let rewrites = r
            .rewrite
            .as_ref()
            .is_some_and(|w| w.action == crate::pack::RewriteAction::Rewrite);
        if rewrites && r.examples.rewrite.is_empty() {
            issue("`rewrite` cần ít nhất một ví dụ `examples.rewrite` (from, to)".into());
        }
        if !rewrites && !r.examples.rewrite.is_empty() {
            issue("có `examples.rewrite` nhưng quy tắc không có bước `rewrite.replace`".into());
        }
        if r.legal.iter().all(|l| l.trim().is_empty()) {
            issue("thiếu căn cứ pháp lý (`legal`)".into());
        }
        for (field, value) in [
            ("title", &r.title),
            ("message", &r.message),
            ("suggestion", &r.suggestion),
        ] {
            if value.trim().is_empty() {
                issue(format!("`{field}` để trống"));
            }
        }
        for group in r.all.iter().chain(&r.seq).chain(std::iter::once(&r.unless)) {
            let mut seen: HashMap<String, &str> = HashMap::new();
            for t in group.iter().filter(|t| !t.starts_with('@')) {
                let form = normalize_term(t, Mode::Accented);
                if form.is_empty() {
                    issue(format!(
                        "từ `{t}` rỗng sau khi chuẩn hóa, không bao giờ khớp"
                    ));
                } else if let Some(first) = seen.insert(form.clone(), t) {
                    issue(format!(
                        "từ `{t}` trùng dạng so khớp `{form}` với `{first}` trong cùng nhóm"
                    ));
                }
            }
        }
    }
    for (name, set) in &pack.terms {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for t in set.iter().filter(|t| t.starts_with('@')) {
            out.push(Issue {
                file: "terms".into(),
                line: 0,
                rule: format!("@{name}"),
                message: format!(
                    "`{t}` trong một bộ từ là chữ, không phải tham chiếu: bộ từ không lồng nhau được, nên từ này không bao giờ khớp"
                ),
            });
        }
        for t in set {
            let form = normalize_term(t, Mode::Accented);
            if form.is_empty() {
                out.push(Issue {
                    file: "terms".into(),
                    line: 0,
                    rule: format!("@{name}"),
                    message: format!("từ `{t}` rỗng sau khi chuẩn hóa"),
                });
            } else if let Some(first) = seen.insert(form.clone(), t) {
                out.push(Issue {
                    file: "terms".into(),
                    line: 0,
                    rule: format!("@{name}"),
                    message: format!("từ `{t}` trùng dạng so khớp `{form}` với `{first}`"),
                });
            }
        }
    }
    out
}
