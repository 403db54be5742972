//! .html/.htm: a small tag scanner rather than an XML parser, because real
//! covenant pages (exported from Word, pasted into CMSs) are rarely
//! well-formed. Entities are decoded by `html-escape`, charsets by
//! `encoding_rs`.

use encoding_rs::{Encoding, UTF_8};

use crate::numbering::{letters, roman};
use crate::{Paragraph, Run};

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "address",
    "aside",
    "center",
    "dd",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "main",
    "nav",
    "caption",
    "menu",
    "dir",
    "body",
    "html",
];

/// Elements whose content is never shown as text.
const RAW: &[&str] = &["script", "style", "title", "template", "head"];

pub(crate) fn extract(bytes: &[u8]) -> Vec<Paragraph> {
    let text = decode(bytes);
    let mut b = Builder::default();
    b.scan(&text);
    b.end_paragraph();
    b.paragraphs
}

/// BOM first, then a `<meta>` charset in the first KiBs, else UTF-8 (lossy).
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let enc = meta_charset(&bytes[..bytes.len().min(4096)]).unwrap_or(UTF_8);
    // A page that can carry an ASCII <meta> is not really UTF-16 (HTML spec).
    let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        UTF_8
    } else {
        enc
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// Finds `charset=` inside a `<meta>` tag: covers both `<meta charset="x">`
/// and the `http-equiv` form `content="text/html; charset=x"`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = crate::sniff::find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = lower[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = crate::sniff::find(tag, b"charset=") {
            let value: Vec<u8> = tag[cs + 8..]
                .iter()
                .copied()
                .skip_while(|c| matches!(c, b'"' | b'\'' | b' '))
                .take_while(|c| !matches!(c, b'"' | b'\'' | b' ' | b';' | b'/' | b'>'))
                .collect();
            if let Some(enc) = Encoding::for_label(&value) {
                return Some(enc);
            }
        }
        from = end;
    }
    None
}

enum List {
    Ordered { next: i64, kind: char },
    Unordered,
}

#[derive(Default)]
struct Builder {
    paragraphs: Vec<Paragraph>,
    runs: Vec<Run>,
    pending_space: bool,
    /// The list label of the current <li>, written before its first text.
    pending_label: Option<String>,
    /// Elements that set a font (`<font face>`, `style="font-family"`),
    /// innermost last; legacy VNI/TCVN3 pages depend on them.
    fonts: Vec<(String, String)>,
    lists: Vec<List>,
    pre: usize,
}

impl Builder {
    fn scan(&mut self, text: &str) {
        let lower = text.to_ascii_lowercase();
        let b = text.as_bytes();
        let mut i = 0;
        let mut text_start = 0;
        while i < b.len() {
            if b[i] != b'<' {
                i += 1;
                continue;
            }
            let next = b.get(i + 1).copied().unwrap_or(b' ');
            if lower[i..].starts_with("<!--") {
                self.text(&text[text_start..i]);
                i = lower[i + 4..]
                    .find("-->")
                    .map_or(b.len(), |e| i + 4 + e + 3);
                text_start = i;
                continue;
            }
            if next == b'!' || next == b'?' {
                self.text(&text[text_start..i]);
                i = lower[i..].find('>').map_or(b.len(), |e| i + e + 1);
                text_start = i;
                continue;
            }
            let closing = next == b'/';
            let name_start = i + 1 + closing as usize;
            if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
                continue;
            }
            self.text(&text[text_start..i]);
            let name_end = b[name_start..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .map_or(b.len(), |e| name_start + e);
            let tag_end = tag_end(b, name_end);
            let name = &lower[name_start..name_end];
            // Without its '>' (a truncated page) the tag runs to the end.
            let attr_end = if b[tag_end - 1] == b'>' {
                tag_end - 1
            } else {
                tag_end
            };
            let attrs = attributes(&text[name_end..attr_end.max(name_end)]);
            i = tag_end;
            text_start = i;
            if !closing && RAW.contains(&name) {
                // Skip to the matching end tag; nothing inside is text.
                let close = format!("</{name}");
                let end = lower[i..].find(&close).map(|e| i + e);
                // </head> is optional in HTML: <body> ends the head too.
                let body = (name == "head")
                    .then(|| lower[i..].find("<body").map(|e| i + e))
                    .flatten();
                i = match (end, body) {
                    (_, Some(body)) if end.is_none_or(|e| body < e) => body,
                    (Some(at), _) => tag_end_from(b, at),
                    _ => b.len(),
                };
                text_start = i;
                if name == "head" {
                    self.end_paragraph();
                }
                continue;
            }
            self.tag(name, closing, &attrs);
        }
        self.text(&text[text_start..]);
    }

    fn tag(&mut self, name: &str, closing: bool, attrs: &[(String, String)]) {
        // A <br> with nothing before it is a blank line on screen, as in
        // LibreOffice's "<p><br/></p>" for an empty paragraph: it is kept,
        // so that line numbers agree with the .txt of the same covenant.
        if name == "br" && !closing && self.runs.is_empty() && self.pre == 0 {
            self.paragraphs.push(Paragraph::default());
        }
        if BLOCKS.contains(&name) {
            self.end_paragraph();
        }
        match (name, closing) {
            ("ol", false) => {
                let next = attr(attrs, "start")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1);
                let kind = attr(attrs, "type")
                    .and_then(|t| t.chars().next())
                    .unwrap_or('1');
                self.lists.push(List::Ordered { next, kind });
            }
            ("ul" | "menu" | "dir", false) => self.lists.push(List::Unordered),
            ("ol" | "ul" | "menu" | "dir", true) => {
                self.lists.pop();
            }
            ("li", false) => {
                let value = attr(attrs, "value").and_then(|s| s.trim().parse::<i64>().ok());
                self.pending_label = Some(match self.lists.last_mut() {
                    Some(List::Ordered { next, kind }) => {
                        let n = value.unwrap_or(*next);
                        *next = n.saturating_add(1);
                        render(n, *kind)
                    }
                    _ => "-".to_string(),
                });
            }
            ("li", true) => self.pending_label = None,
            ("pre", false) => self.pre += 1,
            ("pre", true) => self.pre = self.pre.saturating_sub(1),
            ("td" | "th", false) => {
                if !self.runs.is_empty() {
                    self.push_char('\t');
                    self.pending_space = false;
                }
            }
            (_, true) => {
                if let Some(at) = self.fonts.iter().rposition(|(tag, _)| tag == name) {
                    self.fonts.truncate(at);
                }
            }
            (_, false) => {
                if let Some(font) = font_of(name, attrs) {
                    self.fonts.push((name.to_string(), font));
                }
            }
        }
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = html_escape::decode_html_entities(raw);
        for c in decoded.chars() {
            if self.pre > 0 {
                match c {
                    '\n' => self.end_paragraph(),
                    '\r' => {}
                    c => self.push_visible(c),
                }
            } else if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
                self.pending_space = !self.runs.is_empty();
            } else {
                self.push_visible(c);
            }
        }
    }

    fn push_visible(&mut self, c: char) {
        if let Some(label) = self.pending_label.take() {
            for l in label.chars() {
                self.push_char(l);
            }
            self.push_char(' ');
            self.pending_space = false;
        }
        if self.pending_space {
            self.push_char(' ');
            self.pending_space = false;
        }
        self.push_char(c);
    }

    fn push_char(&mut self, c: char) {
        let font = self.fonts.last().map(|(_, f)| f.clone());
        match self.runs.last_mut() {
            Some(run) if run.font == font => run.text.push(c),
            _ => self.runs.push(Run {
                text: c.to_string(),
                font,
            }),
        }
    }

    fn end_paragraph(&mut self) {
        self.pending_space = false;
        if !self.runs.is_empty() {
            let runs = std::mem::take(&mut self.runs);
            self.paragraphs.push(Paragraph { runs });
        }
    }
}

/// Decimal and roman lists read "1." / "iv."; letter lists read "a)", as
/// khoản and điểm are written in covenants.
fn render(n: i64, kind: char) -> String {
    match kind {
        'a' => letters(n).map_or_else(|| format!("{n}."), |s| format!("{s})")),
        'A' => letters(n).map_or_else(|| format!("{n}."), |s| format!("{})", s.to_uppercase())),
        'i' => roman(n).map_or_else(|| format!("{n}."), |s| format!("{}.", s.to_lowercase())),
        'I' => roman(n).map_or_else(|| format!("{n}."), |s| format!("{s}.")),
        _ => format!("{n}."),
    }
}

fn font_of(name: &str, attrs: &[(String, String)]) -> Option<String> {
    if name == "font" {
        if let Some(face) = attr(attrs, "face") {
            return first_family(face);
        }
    }
    let style = attr(attrs, "style")?;
    let lower = style.to_ascii_lowercase();
    let at = lower.find("font-family")?;
    let value = style[at + "font-family".len()..]
        .trim_start()
        .strip_prefix(':')?;
    first_family(value.split(';').next().unwrap_or(""))
}

fn first_family(list: &str) -> Option<String> {
    let f = list
        .split(',')
        .next()?
        .trim()
        .trim_matches(['"', '\''])
        .trim();
    (!f.is_empty()).then(|| f.to_string())
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The index just past the `>` that closes a tag, honouring quotes.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return k + 1,
            _ => {}
        }
    }
    b.len()
}

fn tag_end_from(b: &[u8], at: usize) -> usize {
    b[at..]
        .iter()
        .position(|&c| c == b'>')
        .map_or(b.len(), |e| at + e + 1)
}

/// `name="value"`, `name='value'`, `name=value`, bare `name`.
fn attributes(src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = src;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let body = &after[1..];
                let end = body.find(q).unwrap_or(body.len());
                value = body[..end].to_string();
                rest = body.get(end + 1..).unwrap_or("");
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..end].to_string();
                rest = &after[end..];
            }
        }
        out.push((name, html_escape::decode_html_entities(&value).into_owned()));
        if name_len == 0 {
            // Unparseable junk such as a stray '='; drop one char and go on.
            let mut chars = rest.chars();
            chars.next();
            rest = chars.as_str();
        }
    }
}
