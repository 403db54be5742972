//! What a rule's number check can accept, read from a scope's digits
//! before its regex runs.
//!
//! A check such as "the age is below 18 and at least 10" passes only on a
//! capture whose number is in range. Where the captured group can hold
//! nothing but ASCII digits (`\d{1,2}`, read as `[0-9]{1,2}` on a text
//! with no other numeral), its text is a run of one or two digits of the
//! scope: a scope with no such run in range cannot pass, and the regex,
//! the costliest step of a rule, need not run. On the 1,000-covenant
//! batch most child-marriage clauses state the lawful age ("đủ 18 tuổi"),
//! and their regex matched only for the check to turn the age away.
//!
//! The test is exact in one direction only: where it says no, no capture
//! can pass; where it says yes, the regex and the check decide.

use regex_syntax::ast::{Ast, ClassSet, ClassSetItem, GroupKind, RepetitionKind, RepetitionRange};

use crate::pack::NumberCheck;

/// The most digits a number read as a `u64` has: a longer capture that
/// reads as one starts with zeros, and its last 20 digits, a run of the
/// scope too, read the same number.
const MAX_DIGITS: usize = 20;

/// One bounded check whose capture holds only ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DigitBounds {
    /// The fewest and most digits the capture holds.
    len: (usize, usize),
    at_least: Option<u64>,
    below: Option<u64>,
}

/// The checks among `checks` that bound their number (`below`,
/// `at_least`) and whose capture in the regex `source` holds only ASCII
/// digits. Checks of another shape, and a source that does not parse,
/// give nothing: they are left to the regex. Only the syntax tree is
/// read: translating the pattern's Unicode classes costs a hundred times
/// more, and digits need none of it.
pub(crate) fn digit_bounds(source: &str, checks: &[NumberCheck]) -> Vec<DigitBounds> {
    let bounded = || {
        checks
            .iter()
            .filter(|c| c.below.is_some() || c.at_least.is_some())
    };
    // Most rules bound no number: their (long) patterns need no parse.
    if bounded().next().is_none() {
        return Vec::new();
    }
    let Ok(ast) = regex_syntax::ast::parse::Parser::new().parse(source) else {
        return Vec::new();
    };
    bounded()
        .filter_map(|c| {
            let len = digit_run(capture(&ast, &c.capture)?)?;
            Some(DigitBounds {
                len,
                at_least: c.at_least,
                below: c.below,
            })
        })
        .collect()
}

/// The group named `name` in `ast`.
fn capture<'a>(ast: &'a Ast, name: &str) -> Option<&'a Ast> {
    match ast {
        Ast::Group(g) => match &g.kind {
            GroupKind::CaptureName { name: n, .. } if n.name == name => Some(&g.ast),
            _ => capture(&g.ast, name),
        },
        Ast::Repetition(r) => capture(&r.ast, name),
        Ast::Concat(c) => c.asts.iter().find_map(|a| capture(a, name)),
        Ast::Alternation(a) => a.asts.iter().find_map(|a| capture(a, name)),
        _ => None,
    }
}

/// The fewest and most chars of the matches of `ast` when each is an
/// ASCII digit: a class of digits (`[0-9]`), or one repeated.
fn digit_run(ast: &Ast) -> Option<(usize, usize)> {
    match ast {
        Ast::Repetition(r) if only_digits(&r.ast) => Some(match &r.op.kind {
            RepetitionKind::ZeroOrOne => (0, 1),
            RepetitionKind::ZeroOrMore => (0, MAX_DIGITS),
            RepetitionKind::OneOrMore => (1, MAX_DIGITS),
            RepetitionKind::Range(RepetitionRange::Exactly(n)) => (*n as usize, *n as usize),
            RepetitionKind::Range(RepetitionRange::AtLeast(n)) => (*n as usize, MAX_DIGITS),
            RepetitionKind::Range(RepetitionRange::Bounded(m, n)) => (*m as usize, *n as usize),
        })
        .map(|(least, most)| (least.min(MAX_DIGITS), most.min(MAX_DIGITS))),
        _ if only_digits(ast) => Some((1, 1)),
        _ => None,
    }
}

/// Whether `ast` is a class of ASCII digits only: `[0-9]`, `[0-5]` or a
/// single digit. `\d` is not: it holds other numerals too.
fn only_digits(ast: &Ast) -> bool {
    let digit = |c: char| c.is_ascii_digit();
    match ast {
        Ast::ClassBracketed(b) if !b.negated => match &b.kind {
            ClassSet::Item(ClassSetItem::Range(r)) => digit(r.start.c) && digit(r.end.c),
            ClassSet::Item(ClassSetItem::Literal(l)) => digit(l.c),
            ClassSet::Item(ClassSetItem::Union(u)) => u.items.iter().all(|i| match i {
                ClassSetItem::Range(r) => digit(r.start.c) && digit(r.end.c),
                ClassSetItem::Literal(l) => digit(l.c),
                _ => false,
            }),
            _ => false,
        },
        _ => false,
    }
}

impl DigitBounds {
    /// Whether some digits of `hay`, as many as the capture may hold and
    /// with no other digit inside them, read as a number in range. The
    /// capture may start and end inside a longer run of digits.
    pub(crate) fn may_pass(&self, hay: &str) -> bool {
        let bytes = hay.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let run_end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if (i..run_end).any(|start| self.in_range_from(&bytes[start..run_end])) {
                return true;
            }
            i = run_end;
        }
        false
    }

    /// Whether a prefix of `digits`, of an allowed length, is in range.
    fn in_range_from(&self, digits: &[u8]) -> bool {
        let mut value: Option<u64> = Some(0);
        for (n, &d) in digits.iter().enumerate().take(self.len.1) {
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u64::from(d - b'0')));
            let Some(v) = value else {
                return false;
            };
            if n + 1 >= self.len.0
                && self.at_least.is_none_or(|a| v >= a)
                && self.below.is_none_or(|b| v < b)
            {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(capture: &str, at_least: Option<u64>, below: Option<u64>) -> NumberCheck {
        NumberCheck {
            capture: capture.to_owned(),
            below,
            at_least,
            differs_from: None,
        }
    }

    #[test]
    fn only_digit_captures_with_bounds_are_read() {
        let age = [check("age", Some(10), Some(18))];
        let b = digit_bounds(r"nữ\s(?P<age>[0-9]{1,2})\s?tuổi", &age);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].len, (1, 2));
        // Unicode digits, separators, or no bound: left to the regex.
        assert!(digit_bounds(r"nữ\s(?P<age>\d{1,2})", &age).is_empty());
        assert!(digit_bounds(r"(?P<age>[0-9][0-9.,]*)", &age).is_empty());
        assert!(digit_bounds(r"(?P<a>[0-9]+)", &[check("a", None, None)]).is_empty());
        assert!(digit_bounds(r"(?P<b>[0-9]+)", &age).is_empty());
        assert!(digit_bounds(r"(", &age).is_empty());
    }

    #[test]
    fn a_scope_needs_digits_in_range() {
        let b = &digit_bounds(r"(?P<age>[0-9]{1,2})", &[check("age", Some(10), Some(18))])[0];
        for (hay, want) in [
            ("con gái đủ 18 tuổi", false),
            ("con gái 16 tuổi", true),
            ("năm 2017, nữ 20 tuổi", true),
            ("nữ 9 tuổi", false),
            ("1.000.000 đồng", false),
            ("tổ 10, 20 hộ", true),
            ("180 người", false),
            ("", false),
        ] {
            assert_eq!(b.may_pass(hay), want, "{hay}");
        }
        // A long capture may read as a small number: its last digits do.
        let zeros = format!("{}17", "0".repeat(25));
        for source in [r"(?P<age>[0-9]+)", r"(?P<age>[0-9]{22,})"] {
            let b = &digit_bounds(source, &[check("age", Some(10), Some(18))])[0];
            assert!(b.may_pass(&zeros), "{source}");
            assert_eq!(zeros.parse::<u64>(), Ok(17));
        }
    }

    proptest::proptest! {
        /// Against every capture the regex can make: where one passes the
        /// check, the scope is let through.
        #[test]
        fn never_turns_away_a_passing_capture(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "nữ ", "con gái ", "1", "7", "0", "9", "18", "20", "١٧", ".", ",", " ",
                    "tuổi", "x", "kết hôn",
                ]),
                0..14,
            ),
            bounds in (0u64..25, 0u64..25),
        ) {
            let hay: String = pieces.concat();
            let (at_least, below) = bounds;
            for source in [
                r"(?:nữ|con gái)\s(?P<age>[0-9]{1,2})(?:\s?tuổi|\s?,)",
                r"(?P<age>[0-9]{2})",
                r"(?P<age>[0-9]+)",
                r"(?P<age>[0-9]{0,3}?)x",
            ] {
                let checks = [check("age", Some(at_least), Some(below))];
                let re = regex::Regex::new(source).expect("regex");
                let passes = re.captures_iter(&hay).any(|c| {
                    c.name("age")
                        .and_then(|m| m.as_str().parse::<u64>().ok())
                        .is_some_and(|v| v >= at_least && v < below)
                });
                let b = digit_bounds(source, &checks);
                proptest::prop_assert_eq!(b.len(), 1);
                proptest::prop_assert!(!passes || b[0].may_pass(&hay), "{} on {:?}", source, hay);
            }
        }
    }
}
