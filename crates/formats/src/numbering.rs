//! Word automatic numbering (`word/numbering.xml`), rendered the way Word
//! displays it. Covenant khoản "1." and điểm "a)" usually live here rather
//! than in the text, so without this the structure of a covenant is lost.

use std::collections::{HashMap, HashSet};

use crate::error::Result;
use crate::xml::{El, Node, Ns, Stream};

/// Word has nine list levels (w:ilvl 0–8).
const LEVELS: usize = 9;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumFmt {
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Bullet,
    None,
}

impl NumFmt {
    fn parse(v: &str) -> NumFmt {
        match v {
            "decimalZero" => NumFmt::DecimalZero,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperRoman" => NumFmt::UpperRoman,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            // Ordinals, counting words and East-Asian systems are rare in
            // covenants; their digits still let the engine count items.
            _ => NumFmt::Decimal,
        }
    }

    fn render(self, n: i64) -> String {
        match self {
            NumFmt::Decimal => n.to_string(),
            NumFmt::DecimalZero if (0..10).contains(&n) => format!("0{n}"),
            NumFmt::DecimalZero => n.to_string(),
            NumFmt::LowerLetter => letters(n).unwrap_or_else(|| n.to_string()),
            NumFmt::UpperLetter => letters(n).map_or_else(|| n.to_string(), |s| s.to_uppercase()),
            NumFmt::LowerRoman => roman(n).map_or_else(|| n.to_string(), |s| s.to_lowercase()),
            NumFmt::UpperRoman => roman(n).unwrap_or_else(|| n.to_string()),
            NumFmt::Bullet | NumFmt::None => String::new(),
        }
    }
}

/// Word's letter numbering: a…z, then aa, bb… (the letter repeated), with
/// f, j, w, z included — Word does not know the Vietnamese alphabet.
pub(crate) fn letters(n: i64) -> Option<String> {
    if n < 1 {
        return None;
    }
    let n = n - 1;
    let c = (b'a' + (n % 26) as u8) as char;
    let times = (n / 26 + 1).min(50) as usize;
    Some(std::iter::repeat_n(c, times).collect())
}

pub(crate) fn roman(mut n: i64) -> Option<String> {
    if !(1..4000).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    Some(s)
}

/// What follows the number: Word's w:suff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Suffix {
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone)]
struct Level {
    start: i64,
    fmt: NumFmt,
    text: String,
    /// w:lvlRestart: 0 = never, r = restart when a level < r (0-based) is used.
    restart: Option<usize>,
    is_lgl: bool,
    suffix: Suffix,
    /// w:pStyle: the paragraph style bound to this level (heading styles
    /// linked to a multilevel list may give only the numId).
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        // Absent w:start means 0 in Word, absent w:lvlText means no label.
        Level {
            start: 0,
            fmt: NumFmt::Decimal,
            text: String::new(),
            restart: None,
            is_lgl: false,
            suffix: Suffix::Tab,
            style: None,
        }
    }
}

#[derive(Debug, Default)]
struct AbstractNum {
    levels: HashMap<usize, Level>,
    /// w:numStyleLink: the levels live in the list reached through a
    /// numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct Override {
    start: Option<i64>,
    level: Option<Level>,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    overrides: HashMap<usize, Override>,
}

/// Numbering definitions plus the running counters of one document.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
    /// Numbering style id → numId, for w:numStyleLink.
    style_nums: HashMap<String, String>,
    /// Counters per abstract list: lists sharing one continue each other.
    counters: HashMap<String, [Option<i64>; LEVELS]>,
    seen: HashSet<String>,
}

fn int(el: &El) -> Option<i64> {
    el.attr("val").and_then(|v| v.trim().parse().ok())
}

fn level_index(v: Option<&str>) -> usize {
    v.and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(LEVELS - 1)
}

fn on(el: &El) -> bool {
    !matches!(el.attr("val"), Some("0" | "false" | "off"))
}

impl Numbering {
    /// Parses `word/numbering.xml`.
    pub(crate) fn parse(bytes: &[u8], max_depth: usize) -> Result<Numbering> {
        let mut n = Numbering::default();
        let mut xml = Stream::new(bytes, "word/numbering.xml", max_depth);
        let mut abs: Option<(String, AbstractNum)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut ovr: Option<(usize, Override)> = None;
        let mut lvl: Option<(usize, Level)> = None;
        while let Some(node) = xml.next()? {
            let (el, is_start) = match node {
                Node::Start(el) => (el, true),
                Node::Empty(el) => (el, false),
                Node::End(Ns::W, name) => {
                    match name.as_str() {
                        "lvl" => {
                            if let Some((i, l)) = lvl.take() {
                                if let Some((_, o)) = ovr.as_mut() {
                                    o.level = Some(l);
                                } else if let Some((_, a)) = abs.as_mut() {
                                    a.levels.insert(i, l);
                                }
                            }
                        }
                        "lvlOverride" => {
                            if let (Some((i, o)), Some((_, m))) = (ovr.take(), num.as_mut()) {
                                m.overrides.insert(i, o);
                            }
                        }
                        "abstractNum" => {
                            if let Some((id, a)) = abs.take() {
                                n.abstracts.insert(id, a);
                            }
                        }
                        "num" => {
                            if let Some((id, m)) = num.take() {
                                n.nums.insert(id, m);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                _ => continue,
            };
            if el.ns != Ns::W {
                continue;
            }
            match el.name.as_str() {
                "abstractNum" if is_start => {
                    let id = el.attr("abstractNumId").unwrap_or_default().to_string();
                    abs = Some((id, AbstractNum::default()));
                }
                "num" if is_start => {
                    let id = el.attr("numId").unwrap_or_default().to_string();
                    num = Some((id, Num::default()));
                }
                "lvlOverride" if is_start => {
                    ovr = Some((level_index(el.attr("ilvl")), Override::default()));
                }
                "lvl" if is_start => lvl = Some((level_index(el.attr("ilvl")), Level::default())),
                "abstractNumId" => {
                    if let Some((_, m)) = num.as_mut() {
                        m.abstract_id = el.attr("val").unwrap_or_default().to_string();
                    }
                }
                "startOverride" => {
                    if let Some((_, o)) = ovr.as_mut() {
                        o.start = int(&el);
                    }
                }
                "numStyleLink" => {
                    if let Some((_, a)) = abs.as_mut() {
                        a.style_link = el.attr("val").map(str::to_string);
                    }
                }
                name => {
                    let Some((_, l)) = lvl.as_mut() else { continue };
                    match name {
                        "start" => l.start = int(&el).unwrap_or(0),
                        "numFmt" => l.fmt = NumFmt::parse(el.attr("val").unwrap_or("")),
                        "lvlText" => l.text = el.attr("val").unwrap_or_default().to_string(),
                        "lvlRestart" => l.restart = int(&el).map(|r| r.clamp(0, 9) as usize),
                        "isLgl" => l.is_lgl = on(&el),
                        "pStyle" => l.style = el.attr("val").map(str::to_string),
                        "suff" => {
                            l.suffix = match el.attr("val") {
                                Some("space") => Suffix::Space,
                                Some("nothing") => Suffix::Nothing,
                                _ => Suffix::Tab,
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(n)
    }

    /// Tells the numbering which numId each numbering style points at.
    pub(crate) fn set_style_nums(&mut self, style_nums: HashMap<String, String>) {
        self.style_nums = style_nums;
    }

    fn abstract_of(&self, num_id: &str) -> Option<&str> {
        let id = self.nums.get(num_id)?.abstract_id.as_str();
        let abs = self.abstracts.get(id)?;
        if abs.levels.is_empty() {
            if let Some(link) = &abs.style_link {
                let linked = self.style_nums.get(link)?;
                return self.nums.get(linked).map(|n| n.abstract_id.as_str());
            }
        }
        Some(id)
    }

    fn level(&self, num: &Num, abs: &str, ilvl: usize) -> Option<Level> {
        if let Some(l) = num.overrides.get(&ilvl).and_then(|o| o.level.clone()) {
            return Some(l);
        }
        self.abstracts.get(abs)?.levels.get(&ilvl).cloned()
    }

    fn start(&self, num: &Num, abs: &str, ilvl: usize) -> i64 {
        num.overrides
            .get(&ilvl)
            .and_then(|o| o.start)
            .or_else(|| self.level(num, abs, ilvl).map(|l| l.start))
            .unwrap_or(0)
    }

    /// The level of list `num_id` bound to paragraph style `style`, for
    /// paragraphs whose style names a list but no level.
    pub(crate) fn level_for_style(&self, num_id: &str, style: &str) -> Option<usize> {
        let abs = self.abstracts.get(self.abstract_of(num_id)?)?;
        abs.levels
            .iter()
            .find(|(_, l)| l.style.as_deref() == Some(style))
            .map(|(i, _)| *i)
    }

    /// Advances the counters for a paragraph numbered (numId, ilvl) and
    /// returns its label and suffix, or `None` when nothing is displayed.
    pub(crate) fn next_label(&mut self, num_id: &str, ilvl: usize) -> Option<(String, Suffix)> {
        let ilvl = ilvl.min(LEVELS - 1);
        let abs = self.abstract_of(num_id)?.to_string();
        let num = self.nums.get(num_id)?;
        let lvl = self.level(num, &abs, ilvl)?;
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|l| self.level(num, &abs, l)).collect();
        let starts: Vec<i64> = (0..LEVELS).map(|l| self.start(num, &abs, l)).collect();
        let restarted: Vec<usize> = if self.seen.insert(num_id.to_string()) {
            // A w:num that overrides a level starts that level afresh the
            // first time it is used: Word's "Restart numbering".
            num.overrides.keys().copied().collect()
        } else {
            Vec::new()
        };
        let counters = self.counters.entry(abs).or_insert([None; LEVELS]);
        for l in restarted {
            counters[l] = None;
        }
        counters[ilvl] = Some(counters[ilvl].map_or(starts[ilvl], |v| v.saturating_add(1)));
        for (k, level) in levels.iter().enumerate().skip(ilvl + 1) {
            let restart = level.as_ref().and_then(|l| l.restart).unwrap_or(k);
            if ilvl < restart {
                counters[k] = None;
            }
        }
        if lvl.fmt == NumFmt::Bullet {
            return Some(("-".to_string(), lvl.suffix));
        }
        let mut label = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| (1..=9).contains(d));
            match (c, digit) {
                ('%', Some(d)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let value = counters[l].unwrap_or(starts[l]);
                    let fmt = match &levels[l] {
                        _ if lvl.is_lgl => NumFmt::Decimal,
                        Some(level) => level.fmt,
                        None => NumFmt::Decimal,
                    };
                    label.push_str(&fmt.render(value));
                }
                _ => label.push(c),
            }
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some((label, lvl.suffix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_word() {
        assert_eq!(NumFmt::LowerLetter.render(5), "e");
        assert_eq!(NumFmt::LowerLetter.render(6), "f");
        assert_eq!(NumFmt::LowerLetter.render(27), "aa");
        assert_eq!(NumFmt::UpperRoman.render(14), "XIV");
        assert_eq!(NumFmt::LowerRoman.render(4), "iv");
        assert_eq!(NumFmt::DecimalZero.render(7), "07");
        assert_eq!(NumFmt::UpperRoman.render(0), "0");
    }
}
