//! .docx: paragraphs, runs and fonts from `word/document.xml`, with Word's
//! automatic numbering rendered. Headers, footers, comments and notes live
//! in other parts and are deliberately not read: they are not covenant text.

use std::collections::HashMap;

use crate::error::{Error, ErrorKind, Result};
use crate::numbering::{Numbering, Suffix};
use crate::xml::{El, Node, Ns, Stream};
use crate::zipread::Package;
use crate::{Limits, Paragraph, Run};

/// How a run's font is set at one level of Word's style hierarchy.
#[derive(Debug, Clone, Default, PartialEq)]
enum FontSpec {
    #[default]
    Unset,
    Named(String),
    /// A theme font (Calibri, Times New Roman…): never a legacy font, so
    /// it is reported as unknown rather than resolved through the theme.
    Theme,
}

impl FontSpec {
    /// Word draws characters ≥ U+0080 (where TCVN3/VNI bytes sit) in the
    /// hAnsi font, so it wins over ascii; a theme attribute wins over a name.
    fn from_rfonts(el: &El) -> FontSpec {
        if el.attr("hAnsiTheme").is_some() {
            FontSpec::Theme
        } else if let Some(f) = el.attr("hAnsi") {
            FontSpec::Named(f.to_string())
        } else if el.attr("asciiTheme").is_some() {
            FontSpec::Theme
        } else if let Some(f) = el.attr("ascii") {
            FontSpec::Named(f.to_string())
        } else {
            FontSpec::Unset
        }
    }
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    font: FontSpec,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    default_font: FontSpec,
}

impl Styles {
    fn parse(bytes: &[u8], max_depth: usize) -> Result<Styles> {
        let mut s = Styles::default();
        let mut xml = Stream::new(bytes, "word/styles.xml", max_depth);
        let mut cur: Option<(String, Style)> = None;
        let mut in_defaults = false;
        while let Some(node) = xml.next()? {
            match node {
                Node::Start(el) | Node::Empty(el) if el.ns == Ns::W => match el.name.as_str() {
                    "docDefaults" => in_defaults = true,
                    "style" => {
                        let id = el.attr("styleId").unwrap_or_default().to_string();
                        if el.attr("type") == Some("paragraph")
                            && el.attr("default").is_some_and(|d| d == "1" || d == "true")
                        {
                            s.default_paragraph = Some(id.clone());
                        }
                        cur = Some((id, Style::default()));
                    }
                    // Conditional table formatting is not the style's own.
                    "tblStylePr" | "pPrChange" | "rPrChange" => xml.skip()?,
                    "basedOn" => {
                        if let Some((_, st)) = cur.as_mut() {
                            st.based_on = el.attr("val").map(str::to_string);
                        }
                    }
                    "rFonts" => {
                        if let Some((_, st)) = cur.as_mut() {
                            st.font = FontSpec::from_rfonts(&el);
                        } else if in_defaults {
                            s.default_font = FontSpec::from_rfonts(&el);
                        }
                    }
                    "numId" => {
                        if let Some((_, st)) = cur.as_mut() {
                            st.num_id = el.attr("val").map(str::to_string);
                        }
                    }
                    "ilvl" => {
                        if let Some((_, st)) = cur.as_mut() {
                            st.ilvl = el.attr("val").and_then(|v| v.parse().ok());
                        }
                    }
                    _ => {}
                },
                Node::End(Ns::W, name) if name == "style" => {
                    if let Some((id, st)) = cur.take() {
                        s.styles.insert(id, st);
                    }
                }
                Node::End(Ns::W, name) if name == "docDefaults" => in_defaults = false,
                _ => {}
            }
        }
        Ok(s)
    }

    /// Walks a style and its w:basedOn ancestors (bounded against cycles).
    fn chain<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = id;
        std::iter::from_fn(move || {
            let st = self.styles.get(next?)?;
            next = st.based_on.as_deref();
            Some(st)
        })
        .take(32)
    }

    fn font(&self, id: Option<&str>) -> FontSpec {
        self.chain(id)
            .map(|s| s.font.clone())
            .find(|f| *f != FontSpec::Unset)
            .unwrap_or_default()
    }

    fn numbering(&self, id: Option<&str>) -> (Option<String>, Option<usize>) {
        let num_id = self.chain(id).find_map(|s| s.num_id.clone());
        let ilvl = self.chain(id).find_map(|s| s.ilvl);
        (num_id, ilvl)
    }

    fn style_nums(&self) -> HashMap<String, String> {
        self.styles
            .iter()
            .filter_map(|(id, s)| Some((id.clone(), s.num_id.clone()?)))
            .collect()
    }
}

#[derive(Default)]
struct RunState {
    text: String,
    font: FontSpec,
    style: Option<String>,
    hidden: bool,
}

#[derive(Default)]
struct ParaState {
    runs: Vec<Run>,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    run: Option<RunState>,
    in_ppr: bool,
    in_rpr: bool,
}

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<(Vec<Paragraph>, Vec<String>)> {
    let (paragraphs, warnings) = read(bytes, limits)?;
    Ok((paragraphs.into_iter().map(|(p, _)| p).collect(), warnings))
}

/// The automatic number each paragraph was given ("2. ", "a) "), empty
/// when it has none, in extraction order: what an edit must not repeat.
pub(crate) fn prefixes(bytes: &[u8], limits: &Limits) -> Result<Vec<String>> {
    Ok(read(bytes, limits)?.0.into_iter().map(|(_, n)| n).collect())
}

type Numbered = (Paragraph, String);

fn read(bytes: &[u8], limits: &Limits) -> Result<(Vec<Numbered>, Vec<String>)> {
    let mut pkg = Package::open(bytes, limits)?;
    let mut warnings = Vec::new();
    let document = pkg.read("word/document.xml")?.ok_or_else(|| {
        Error::new(
            ErrorKind::Corrupt,
            "thiếu word/document.xml: không phải tệp .docx (missing main document part)",
        )
    })?;
    // Styles and numbering only add fonts and labels: when damaged, the
    // text is still worth having, with a warning.
    let styles = match pkg.read("word/styles.xml") {
        Ok(Some(b)) => Styles::parse(&b, limits.max_xml_depth).unwrap_or_else(|e| {
            warnings.push(format!("bỏ qua kiểu định dạng (styles ignored): {e}"));
            Styles::default()
        }),
        Ok(None) => Styles::default(),
        Err(e) if e.kind() == ErrorKind::ZipBomb => return Err(e),
        Err(e) => {
            warnings.push(format!("bỏ qua kiểu định dạng (styles ignored): {e}"));
            Styles::default()
        }
    };
    let mut numbering = match pkg.read("word/numbering.xml") {
        Ok(Some(b)) => Numbering::parse(&b, limits.max_xml_depth).unwrap_or_else(|e| {
            warnings.push(format!("bỏ qua đánh số tự động (numbering ignored): {e}"));
            Numbering::default()
        }),
        Ok(None) => Numbering::default(),
        Err(e) if e.kind() == ErrorKind::ZipBomb => return Err(e),
        Err(e) => {
            warnings.push(format!("bỏ qua đánh số tự động (numbering ignored): {e}"));
            Numbering::default()
        }
    };
    numbering.set_style_nums(styles.style_nums());
    let paragraphs = read_document(&document, &styles, &mut numbering, limits.max_xml_depth)?;
    Ok((paragraphs, warnings))
}

fn read_document(
    bytes: &[u8],
    styles: &Styles,
    numbering: &mut Numbering,
    max_depth: usize,
) -> Result<Vec<Numbered>> {
    let mut xml = Stream::new(bytes, "word/document.xml", max_depth);
    let mut out = Vec::new();
    // A stack because text boxes put whole paragraphs inside a run.
    let mut paras: Vec<ParaState> = Vec::new();
    let mut in_text = false;
    while let Some(node) = xml.next()? {
        match node {
            // The Choice branch already holds the same content.
            Node::Start(el) if el.ns == Ns::Mc && el.name == "Fallback" => xml.skip()?,
            Node::Start(el) if el.ns == Ns::W => {
                match el.name.as_str() {
                    "p" => {
                        paras.push(ParaState::default());
                        continue;
                    }
                    // Deleted revisions and moved-away text are not shown.
                    "del" | "moveFrom" | "pPrChange" | "rPrChange" | "tabs" | "instrText" => {
                        xml.skip()?;
                        continue;
                    }
                    "t" => in_text = true,
                    _ => {}
                }
                if let Some(p) = paras.last_mut() {
                    if p.in_ppr && el.name == "rPr" {
                        // Paragraph-mark formatting, not any run's.
                        xml.skip()?;
                        continue;
                    }
                    on_element(p, &el);
                }
            }
            Node::Empty(el) if el.ns == Ns::W => {
                if let Some(p) = paras.last_mut() {
                    on_element(p, &el);
                }
            }
            Node::Text(t) if in_text => {
                if let Some(run) = paras.last_mut().and_then(|p| p.run.as_mut()) {
                    run.text.push_str(&t);
                }
            }
            Node::End(Ns::W, name) => match name.as_str() {
                "t" => in_text = false,
                "pPr" => {
                    if let Some(p) = paras.last_mut() {
                        p.in_ppr = false;
                    }
                }
                "rPr" => {
                    if let Some(p) = paras.last_mut() {
                        p.in_rpr = false;
                    }
                }
                "r" => {
                    if let Some(p) = paras.last_mut() {
                        end_run(p, styles);
                    }
                }
                "p" => {
                    if let Some(p) = paras.pop() {
                        out.push(end_paragraph(p, styles, numbering));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

fn on_element(p: &mut ParaState, el: &El) {
    let name = el.name.as_str();
    if p.in_ppr {
        match name {
            "pStyle" => p.style = el.attr("val").map(str::to_string),
            "numId" => p.num_id = el.attr("val").map(str::to_string),
            "ilvl" => p.ilvl = el.attr("val").and_then(|v| v.trim().parse().ok()),
            _ => {}
        }
        return;
    }
    match name {
        "pPr" => p.in_ppr = true,
        "r" => p.run = Some(RunState::default()),
        "rPr" => p.in_rpr = true,
        _ => {}
    }
    let in_rpr = p.in_rpr;
    let Some(run) = p.run.as_mut() else { return };
    if in_rpr {
        match name {
            "rFonts" => run.font = FontSpec::from_rfonts(el),
            "rStyle" => run.style = el.attr("val").map(str::to_string),
            "vanish" => run.hidden = !matches!(el.attr("val"), Some("0" | "false" | "off")),
            _ => {}
        }
        return;
    }
    match name {
        "tab" | "ptab" => run.text.push('\t'),
        "br" | "cr" => run.text.push('\n'),
        "noBreakHyphen" => run.text.push('-'),
        _ => {}
    }
}

fn end_run(p: &mut ParaState, styles: &Styles) {
    let Some(run) = p.run.take() else { return };
    if run.hidden || run.text.is_empty() {
        return;
    }
    let pstyle = p.style.as_deref().or(styles.default_paragraph.as_deref());
    let spec = [
        run.font,
        styles.font(run.style.as_deref()),
        styles.font(pstyle),
        styles.default_font.clone(),
    ]
    .into_iter()
    .find(|f| *f != FontSpec::Unset)
    .unwrap_or_default();
    let font = match spec {
        FontSpec::Named(f) => Some(f),
        _ => None,
    };
    match p.runs.last_mut() {
        // Word splits runs for spell-check and revision ids; merging keeps
        // one run per font change, which is what the caller cares about.
        Some(last) if last.font == font => last.text.push_str(&run.text),
        _ => p.runs.push(Run {
            text: run.text,
            font,
        }),
    }
}

fn end_paragraph(mut p: ParaState, styles: &Styles, numbering: &mut Numbering) -> Numbered {
    let pstyle = p.style.as_deref().or(styles.default_paragraph.as_deref());
    let (style_num, style_ilvl) = styles.numbering(pstyle);
    let num_id = p.num_id.take().or(style_num);
    let mut number = String::new();
    if let Some(num_id) = num_id.filter(|n| n != "0") {
        let ilvl = p
            .ilvl
            .or(style_ilvl)
            .or_else(|| numbering.level_for_style(&num_id, pstyle?))
            .unwrap_or(0);
        if let Some((label, suffix)) = numbering.next_label(&num_id, ilvl) {
            let sep = if suffix == Suffix::Nothing { "" } else { " " };
            let prefix = format!("{label}{sep}");
            number = prefix.clone();
            match p.runs.first_mut() {
                Some(first) => first.text.insert_str(0, &prefix),
                None => p.runs.push(Run {
                    text: prefix.trim_end().to_string(),
                    font: None,
                }),
            }
        }
    }
    (Paragraph { runs: p.runs }, number)
}
