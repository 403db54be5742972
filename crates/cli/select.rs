//! `--select` and `--ignore`: which rules run, chosen as ruff chooses them.
//!
//! A selector is a rule id (`inheritance.daughter-excluded`), a prefix of
//! ids that ends at a `.` or `-` (`participation.men-only`), a category
//! (`stereotypes`), or `ALL`. The config's `[settings]` is read first, the
//! command line after it: a level that selects starts afresh, and each
//! level's ignores then switch rules off. Within one level the more
//! specific selector wins, and an ignore wins a tie, so
//! `--select inheritance --ignore inheritance.unequal-amounts` runs every
//! inheritance rule but one, and `--ignore inheritance --select
//! inheritance.daughter-excluded` runs that one rule.

use anyhow::{Result, bail};
use huonguoc_screen::{Rule, RulePack};

use crate::args::SelectArgs;

/// One level of selection: the config's, or the command line's.
#[derive(Debug, Clone, Default)]
pub struct Level {
    /// `None`: this level keeps what the level before chose.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
}

impl Level {
    /// The command line's level.
    pub fn from_args(a: &SelectArgs) -> Level {
        Level {
            select: a.select.as_deref().map(clean),
            ignore: a.ignore.as_deref().map(clean).unwrap_or_default(),
        }
    }

    /// The config's level.
    pub fn from_settings(select: Option<&[String]>, ignore: Option<&[String]>) -> Level {
        Level {
            select: select.map(clean),
            ignore: ignore.map(clean).unwrap_or_default(),
        }
    }
}

/// `a,b` given as one value is split by clap; spaces and empty items
/// (`--select ''`, `a,,b`) are dropped.
fn clean(list: &[String]) -> Vec<String> {
    list.iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The rules chosen, by index in the pack, and the selectors as stated.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub enabled: Vec<bool>,
    /// The selectors that took effect, for the report.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Chosen {
    /// Whether every rule runs.
    pub fn is_all(&self) -> bool {
        self.enabled.iter().all(|&on| on)
    }

    /// Whether the rule with this id runs.
    pub fn runs(&self, pack: &RulePack, id: &str) -> bool {
        pack.rules
            .iter()
            .zip(&self.enabled)
            .any(|(r, &on)| on && r.id == id)
    }

    /// The report's account of it.
    pub fn describe(&self, pack: &RulePack) -> huonguoc_batch::Selection {
        let mut off: Vec<String> = pack
            .rules
            .iter()
            .zip(&self.enabled)
            .filter(|(_, on)| !**on)
            .map(|(r, _)| r.id.clone())
            .collect();
        off.dedup();
        huonguoc_batch::Selection {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            rules: self.enabled.iter().filter(|&&on| on).count(),
            rules_total: self.enabled.len(),
            rules_off: off,
            ..Default::default()
        }
    }
}

/// Resolves the levels in order. An unknown selector is an error with the
/// nearest ids, and so is a selection that leaves no rule: a batch
/// screened by no rule would pass for compliant.
pub fn resolve(pack: &RulePack, levels: &[Level]) -> Result<Chosen> {
    for level in levels {
        for s in level.select.iter().flatten().chain(&level.ignore) {
            check(pack, s)?;
        }
    }
    let mut enabled = vec![true; pack.rules.len()];
    let mut select = Vec::new();
    let mut ignore = Vec::new();
    for level in levels {
        for (on, rule) in enabled.iter_mut().zip(&pack.rules) {
            let ignored = best(&level.ignore, rule);
            *on = match &level.select {
                Some(sel) => match (best(sel, rule), ignored) {
                    (Some(s), Some(i)) => s > i,
                    (Some(_), None) => true,
                    (None, _) => false,
                },
                None => *on && ignored.is_none(),
            };
        }
        if let Some(sel) = &level.select {
            // A level that selects starts afresh: earlier ignores no
            // longer speak for the result.
            select.clone_from(sel);
            ignore.clear();
        }
        ignore.extend(level.ignore.iter().cloned());
    }
    if !enabled.iter().any(|&on| on) {
        bail!(
            "không còn quy tắc nào để chạy sau --select/--ignore (no rule left to run); \
             kết quả sẽ đạt mà không đo gì"
        );
    }
    if select.iter().any(|s| is_all(s)) {
        select.clear();
    }
    Ok(Chosen {
        enabled,
        select,
        ignore,
    })
}

fn is_all(s: &str) -> bool {
    s.eq_ignore_ascii_case("all")
}

/// How specifically `selector` names `rule`: the length of what matched,
/// `ALL` least, or `None`.
fn specificity(selector: &str, rule: &Rule) -> Option<usize> {
    if is_all(selector) {
        return Some(0);
    }
    let id = rule.id.as_str();
    let at_boundary = id.strip_prefix(selector).is_some_and(|rest| {
        rest.is_empty() || rest.starts_with('.') || rest.starts_with('-') || selector.ends_with('.')
    });
    (at_boundary || rule.category == selector).then_some(selector.len())
}

fn best(selectors: &[String], rule: &Rule) -> Option<usize> {
    selectors.iter().filter_map(|s| specificity(s, rule)).max()
}

/// An error for a selector that names nothing, with the nearest names.
fn check(pack: &RulePack, selector: &str) -> Result<()> {
    if pack
        .rules
        .iter()
        .any(|r| specificity(selector, r).is_some())
    {
        return Ok(());
    }
    let names = pack
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .chain(pack.rules.iter().map(|r| r.id.as_str()));
    let near = crate::suggest::nearest(selector, names, 3);
    if near.is_empty() {
        bail!(
            "không có quy tắc hay nhóm nào khớp `{selector}` (no rule or category matches); xem `huonguoc rules`"
        );
    }
    bail!(
        "không có quy tắc hay nhóm nào khớp `{selector}` (no rule or category matches); có phải: {}?",
        near.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> RulePack {
        let toml = r#"
[[category]]
id = "inheritance"
title = "Thừa kế"
[[category]]
id = "participation"
title = "Tham gia"
[[rule]]
id = "inheritance.daughter-excluded"
category = "inheritance"
severity = "error"
title = "t"
message = "m"
suggestion = "s"
all = [["con gái"]]
[[rule]]
id = "inheritance.unequal-amounts"
category = "inheritance"
severity = "error"
title = "t"
message = "m"
suggestion = "s"
all = [["con trai"]]
[[rule]]
id = "participation.men-only-meeting-vote"
category = "participation"
severity = "error"
title = "t"
message = "m"
suggestion = "s"
all = [["họp"]]
"#;
        RulePack::from_sources(vec![huonguoc_screen::Source {
            name: "t.toml".into(),
            text: toml.into(),
        }])
        .unwrap()
    }

    fn level(select: Option<&[&str]>, ignore: &[&str]) -> Level {
        Level {
            select: select.map(|s| s.iter().map(|x| (*x).to_owned()).collect()),
            ignore: ignore.iter().map(|x| (*x).to_owned()).collect(),
        }
    }

    fn on(levels: &[Level]) -> Vec<bool> {
        resolve(&pack(), levels).unwrap().enabled
    }

    #[test]
    fn ruff_precedence() {
        // (levels, rules that run)
        let table: Vec<(Vec<Level>, [bool; 3])> = vec![
            (vec![], [true, true, true]),
            (
                vec![level(Some(&["inheritance"]), &[])],
                [true, true, false],
            ),
            (
                vec![level(
                    Some(&["inheritance"]),
                    &["inheritance.unequal-amounts"],
                )],
                [true, false, false],
            ),
            // The more specific selector wins, whichever list it is in.
            (
                vec![level(
                    Some(&["inheritance.daughter-excluded"]),
                    &["inheritance"],
                )],
                [true, false, false],
            ),
            (vec![level(None, &["participation"])], [true, true, false]),
            // Boundary prefixes.
            (
                vec![level(Some(&["participation.men-only"]), &[])],
                [false, false, true],
            ),
            // The command line selects afresh; the config's ignore is gone.
            (
                vec![
                    level(None, &["inheritance"]),
                    level(
                        Some(&["inheritance.daughter-excluded", "participation"]),
                        &[],
                    ),
                ],
                [true, false, true],
            ),
            // ... but ignores add up when the command line only ignores.
            (
                vec![
                    level(Some(&["ALL"]), &["participation"]),
                    level(None, &["inheritance.unequal-amounts"]),
                ],
                [true, false, false],
            ),
        ];
        for (levels, want) in table {
            assert_eq!(on(&levels), want, "{levels:?}");
        }
    }

    #[test]
    fn unknown_selectors_name_the_nearest_and_nothing_left_is_refused() {
        let err = resolve(&pack(), &[level(Some(&["inheritence"]), &[])]).unwrap_err();
        assert!(err.to_string().contains("inheritance"), "{err}");
        // Not a boundary: "inherit" is no rule and no category.
        assert!(resolve(&pack(), &[level(Some(&["inherit"]), &[])]).is_err());
        let err = resolve(&pack(), &[level(None, &["ALL"])]).unwrap_err();
        assert!(err.to_string().contains("no rule left"), "{err}");
    }

    #[test]
    fn the_report_lists_what_was_switched_off() {
        let p = pack();
        let c = resolve(&p, &[level(None, &["inheritance"])]).unwrap();
        let s = c.describe(&p);
        assert_eq!((s.rules, s.rules_total), (1, 3));
        assert_eq!(
            s.rules_off,
            [
                "inheritance.daughter-excluded",
                "inheritance.unequal-amounts"
            ]
        );
        assert_eq!(s.ignore, ["inheritance"]);
        assert!(c.runs(&p, "participation.men-only-meeting-vote"));
        assert!(!c.runs(&p, "inheritance.daughter-excluded"));
    }
}
