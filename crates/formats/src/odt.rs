//! .odt: paragraphs and headings from `content.xml`, with list numbering
//! and fonts resolved through the styles of `content.xml` and `styles.xml`.
//! Comments (office:annotation), notes and tracked deletions are skipped.

use std::collections::HashMap;

use crate::error::{Error, ErrorKind, Result};
use crate::numbering::{letters, roman};
use crate::xml::{El, Node, Ns, Stream};
use crate::zipread::Package;
use crate::{Limits, Paragraph, Run};

/// The key under which heading (outline) numbering is kept with the lists.
const OUTLINE: &str = "\u{0}outline";
const MAX_LEVELS: usize = 10;

#[derive(Debug, Default, Clone)]
struct OStyle {
    parent: Option<String>,
    font: Option<String>,
    list_style: Option<String>,
}

#[derive(Debug, Clone)]
struct ListLevel {
    bullet: bool,
    format: String,
    prefix: String,
    suffix: String,
    start: i64,
    display: usize,
}

#[derive(Debug, Default)]
struct Styles {
    /// Keyed by "family/name": names are unique only within a family.
    styles: HashMap<String, OStyle>,
    font_faces: HashMap<String, String>,
    lists: HashMap<String, HashMap<usize, ListLevel>>,
    default_paragraph_font: Option<String>,
}

impl Styles {
    /// Reads style definitions from a part; returns once `office:body`
    /// starts, leaving the stream there for the body reader.
    fn read(&mut self, xml: &mut Stream<'_>) -> Result<bool> {
        let mut cur: Option<(String, OStyle)> = None;
        let mut list: Option<(String, HashMap<usize, ListLevel>)> = None;
        while let Some(node) = xml.next()? {
            let el = match node {
                Node::Start(el) | Node::Empty(el) => el,
                Node::End(ns, name) => {
                    match (ns, name.as_str()) {
                        (Ns::Style, "style" | "default-style") => {
                            if let Some((key, st)) = cur.take() {
                                if key == "paragraph/" {
                                    self.default_paragraph_font = st.font.clone();
                                }
                                self.styles.insert(key, st);
                            }
                        }
                        (Ns::Text, "list-style" | "outline-style") => {
                            if let Some((name, levels)) = list.take() {
                                self.lists.insert(name, levels);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                Node::Text(_) => continue,
            };
            match (el.ns, el.name.as_str()) {
                (Ns::Office, "body") => return Ok(true),
                (Ns::Style, "font-face") => {
                    if let (Some(name), Some(family)) = (el.attr("name"), el.attr("font-family")) {
                        let family = family.trim().trim_matches(['\'', '"']).to_string();
                        self.font_faces.insert(name.to_string(), family);
                    }
                }
                (Ns::Style, "style" | "default-style") => {
                    let family = el.attr("family").unwrap_or("paragraph");
                    let name = if el.name == "default-style" {
                        ""
                    } else {
                        el.attr("name").unwrap_or("")
                    };
                    let st = OStyle {
                        parent: el.attr("parent-style-name").map(str::to_string),
                        font: None,
                        list_style: el.attr("list-style-name").map(str::to_string),
                    };
                    cur = Some((format!("{family}/{name}"), st));
                }
                (Ns::Style, "text-properties") => {
                    if let Some((_, st)) = cur.as_mut() {
                        let face = el.attr("font-name").map(|f| {
                            self.font_faces
                                .get(f)
                                .cloned()
                                .unwrap_or_else(|| f.to_string())
                        });
                        let family = el
                            .attr("font-family")
                            .map(|f| f.trim().trim_matches(['\'', '"']).to_string());
                        if let Some(f) = face.or(family) {
                            st.font = Some(f);
                        }
                    }
                }
                (Ns::Text, "list-style") => {
                    list = Some((
                        el.attr("name").unwrap_or_default().to_string(),
                        HashMap::new(),
                    ));
                }
                (Ns::Text, "outline-style") => list = Some((OUTLINE.to_string(), HashMap::new())),
                (
                    Ns::Text,
                    kind @ ("list-level-style-number"
                    | "outline-level-style"
                    | "list-level-style-bullet"
                    | "list-level-style-image"),
                ) => {
                    if let Some((_, levels)) = list.as_mut() {
                        let level = el
                            .attr("level")
                            .and_then(|l| l.parse::<usize>().ok())
                            .unwrap_or(1);
                        let s = |k: &str| el.attr(k).unwrap_or_default().to_string();
                        levels.insert(
                            level.clamp(1, MAX_LEVELS),
                            ListLevel {
                                bullet: kind.ends_with("bullet") || kind.ends_with("image"),
                                format: s("num-format"),
                                prefix: s("num-prefix"),
                                suffix: s("num-suffix"),
                                start: el
                                    .attr("start-value")
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(1),
                                display: el
                                    .attr("display-levels")
                                    .and_then(|v| v.parse().ok())
                                    .unwrap_or(1),
                            },
                        );
                    }
                }
                _ => {}
            }
        }
        Ok(false)
    }

    fn chain(&self, family: &str, name: Option<&str>) -> Vec<&OStyle> {
        let mut out = Vec::new();
        let mut next = name.map(str::to_string);
        while let Some(n) = next.take() {
            let Some(st) = self.styles.get(&format!("{family}/{n}")) else {
                break;
            };
            out.push(st);
            next = st.parent.clone();
            if out.len() > 32 {
                break;
            }
        }
        out
    }

    fn font(&self, family: &str, name: Option<&str>) -> Option<String> {
        self.chain(family, name)
            .into_iter()
            .find_map(|s| s.font.clone())
    }

    fn list_style_of_paragraph(&self, name: Option<&str>) -> Option<String> {
        self.chain("paragraph", name)
            .into_iter()
            .find_map(|s| s.list_style.clone())
    }
}

struct ListCtx {
    style: Option<String>,
}

struct ItemCtx {
    counted: bool,
    header: bool,
    start_value: Option<i64>,
}

struct ParaState {
    runs: Vec<Run>,
    style: Option<String>,
    label: Option<String>,
}

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<(Vec<Paragraph>, Vec<String>)> {
    let mut pkg = Package::open(bytes, limits)?;
    let mut warnings = Vec::new();
    let mut styles = Styles::default();
    match pkg.read("styles.xml") {
        Ok(Some(b)) => {
            let mut xml = Stream::new(&b, "styles.xml", limits.max_xml_depth);
            if let Err(e) = styles.read(&mut xml) {
                warnings.push(format!("bỏ qua kiểu định dạng (styles ignored): {e}"));
            }
        }
        Ok(None) => {}
        Err(e) if e.kind() == ErrorKind::ZipBomb => return Err(e),
        Err(e) => warnings.push(format!("bỏ qua kiểu định dạng (styles ignored): {e}")),
    }
    let content = pkg.read("content.xml")?.ok_or_else(|| {
        Error::new(
            ErrorKind::Corrupt,
            "thiếu content.xml: không phải tệp .odt (missing content part)",
        )
    })?;
    let mut xml = Stream::new(&content, "content.xml", limits.max_xml_depth);
    if !styles.read(&mut xml)? {
        return Ok((Vec::new(), warnings));
    }
    let paragraphs = Body::new(&styles).read(&mut xml)?;
    Ok((paragraphs, warnings))
}

struct Body<'s> {
    styles: &'s Styles,
    out: Vec<Paragraph>,
    paras: Vec<ParaState>,
    spans: Vec<Option<String>>,
    lists: Vec<ListCtx>,
    items: Vec<ItemCtx>,
    /// Running counters per list style; 1-based levels.
    counters: HashMap<String, [Option<i64>; MAX_LEVELS + 1]>,
}

impl<'s> Body<'s> {
    fn new(styles: &'s Styles) -> Self {
        Body {
            styles,
            out: Vec::new(),
            paras: Vec::new(),
            spans: Vec::new(),
            lists: Vec::new(),
            items: Vec::new(),
            counters: HashMap::new(),
        }
    }

    fn read(mut self, xml: &mut Stream<'_>) -> Result<Vec<Paragraph>> {
        while let Some(node) = xml.next()? {
            match node {
                Node::Start(el) => {
                    if skipped(&el) {
                        xml.skip()?;
                    } else {
                        self.start(&el, true);
                    }
                }
                Node::Empty(el) => {
                    if !skipped(&el) {
                        self.start(&el, false);
                        self.end(el.ns, &el.name);
                    }
                }
                Node::End(ns, name) => self.end(ns, &name),
                Node::Text(t) => {
                    if !self.paras.is_empty() {
                        let t = self.collapse(&t);
                        self.push(&t);
                    }
                }
            }
        }
        Ok(self.out)
    }

    fn start(&mut self, el: &El, _has_children: bool) {
        if el.ns != Ns::Text {
            return;
        }
        match el.name.as_str() {
            "list" => {
                let style = el
                    .attr("style-name")
                    .map(str::to_string)
                    .or_else(|| self.lists.last().and_then(|l| l.style.clone()));
                let continues = el.attr("continue-numbering") == Some("true")
                    || el.attr("continue-list").is_some();
                if self.lists.is_empty() && !continues {
                    if let Some(s) = &style {
                        self.counters.remove(s);
                    }
                }
                self.lists.push(ListCtx { style });
            }
            "list-item" | "list-header" => self.items.push(ItemCtx {
                counted: false,
                header: el.name == "list-header",
                start_value: el.attr("start-value").and_then(|v| v.parse().ok()),
            }),
            "p" | "h" => {
                let style = el.attr("style-name").map(str::to_string);
                let label = self.label(el, style.as_deref());
                self.paras.push(ParaState {
                    runs: Vec::new(),
                    style,
                    label,
                });
            }
            "span" => {
                let font = self.styles.font("text", el.attr("style-name"));
                self.spans.push(font);
            }
            "s" => {
                let n = el
                    .attr("c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(1000);
                self.push(&" ".repeat(n));
            }
            "tab" => self.push("\t"),
            "line-break" => self.push("\n"),
            _ => {}
        }
    }

    fn end(&mut self, ns: Ns, name: &str) {
        if ns != Ns::Text {
            return;
        }
        match name {
            "list" => {
                self.lists.pop();
            }
            "list-item" | "list-header" => {
                self.items.pop();
            }
            "span" => {
                self.spans.pop();
            }
            "p" | "h" => {
                if let Some(mut p) = self.paras.pop() {
                    if let Some(last) = p.runs.last_mut() {
                        // A collapsed trailing space is layout, not text.
                        if last.text.ends_with(' ') {
                            last.text.pop();
                        }
                    }
                    p.runs.retain(|r| !r.text.is_empty());
                    if let Some(label) = p.label.take() {
                        match p.runs.first_mut() {
                            Some(first) => first.text.insert_str(0, &format!("{label} ")),
                            None => p.runs.push(Run {
                                text: label,
                                font: None,
                            }),
                        }
                    }
                    self.out.push(Paragraph { runs: p.runs });
                }
            }
            _ => {}
        }
    }

    /// The number of the list item (or numbered heading) this paragraph
    /// opens, advancing the counters.
    fn label(&mut self, el: &El, para_style: Option<&str>) -> Option<String> {
        let depth = self.lists.len();
        let in_fresh_item = self.items.last().is_some_and(|i| !i.counted && !i.header);
        let (style, level, start_value) = if depth > 0 && in_fresh_item {
            let item = self.items.last_mut()?;
            item.counted = true;
            let start_value = item.start_value;
            let style = self
                .lists
                .last()?
                .style
                .clone()
                .or_else(|| self.styles.list_style_of_paragraph(para_style))?;
            (style, depth.min(MAX_LEVELS), start_value)
        } else if depth == 0 && el.name == "h" && el.attr("is-list-header") != Some("true") {
            let level = el
                .attr("outline-level")
                .and_then(|l| l.parse::<usize>().ok())?;
            (OUTLINE.to_string(), level.clamp(1, MAX_LEVELS), None)
        } else {
            return None;
        };
        let levels = self.styles.lists.get(&style)?;
        let def = levels.get(&level)?;
        let counters = self
            .counters
            .entry(style.clone())
            .or_insert([None; MAX_LEVELS + 1]);
        counters[level] = Some(
            start_value
                .unwrap_or_else(|| counters[level].map_or(def.start, |v| v.saturating_add(1))),
        );
        for c in counters.iter_mut().skip(level + 1) {
            *c = None;
        }
        if def.bullet {
            return Some("-".to_string());
        }
        let first = level + 1 - def.display.clamp(1, level);
        let numbers: Vec<String> = (first..=level)
            .filter_map(|l| {
                let d = levels.get(&l)?;
                let v = counters[l].unwrap_or(d.start);
                render(&d.format, v)
            })
            .collect();
        if numbers.is_empty() {
            return None;
        }
        let label = format!("{}{}{}", def.prefix, numbers.join("."), def.suffix);
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }

    /// ODF collapses white space in character data (spaces that count are
    /// written as text:s), so pretty-printed files read like LibreOffice's.
    fn collapse(&self, text: &str) -> String {
        let mut after_space = self
            .paras
            .last()
            .and_then(|p| p.runs.last())
            .is_none_or(|r| r.text.ends_with([' ', '\n', '\t']));
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !after_space {
                    out.push(' ');
                }
                after_space = true;
            } else {
                out.push(c);
                after_space = false;
            }
        }
        out
    }

    fn push(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let font = self
            .spans
            .iter()
            .rev()
            .find_map(|f| f.clone())
            .or_else(|| {
                let p = self.paras.last()?;
                self.styles.font("paragraph", p.style.as_deref())
            })
            .or_else(|| self.styles.default_paragraph_font.clone());
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        match p.runs.last_mut() {
            Some(run) if run.font == font => run.text.push_str(text),
            _ => p.runs.push(Run {
                text: text.to_string(),
                font,
            }),
        }
    }
}

/// Subtrees that are not covenant text.
fn skipped(el: &El) -> bool {
    matches!(
        (el.ns, el.name.as_str()),
        (Ns::Office, "annotation" | "forms")
            // Alt text of images and frames.
            | (Ns::Svg, "title" | "desc")
            | (
                Ns::Text,
                "note" | "tracked-changes" | "sequence-decls" | "variable-decls"
            )
    )
}

fn render(format: &str, n: i64) -> Option<String> {
    match format {
        "1" => Some(n.to_string()),
        "a" => letters(n),
        "A" => letters(n).map(|s| s.to_uppercase()),
        "i" => roman(n).map(|s| s.to_lowercase()),
        "I" => roman(n),
        "" => None,
        _ => Some(n.to_string()),
    }
}
