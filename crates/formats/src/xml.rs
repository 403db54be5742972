//! A small pull layer over quick-xml that resolves namespaces and turns
//! every failure into [`ErrorKind::Corrupt`], so the format readers can
//! match on (namespace, local name) and never worry about prefixes.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use crate::error::{Error, ErrorKind, Result};

/// The namespaces the readers care about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML main (transitional and strict).
    W,
    /// Markup compatibility (mc:AlternateContent).
    Mc,
    /// ODF text.
    Text,
    /// ODF style.
    Style,
    /// ODF office.
    Office,
    /// ODF formatting objects (fo:font-family).
    Fo,
    /// ODF svg (font faces).
    Svg,
    Other,
}

fn ns_of(uri: &[u8]) -> Ns {
    match uri {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        b"urn:oasis:names:tc:opendocument:xmlns:text:1.0" => Ns::Text,
        b"urn:oasis:names:tc:opendocument:xmlns:style:1.0" => Ns::Style,
        b"urn:oasis:names:tc:opendocument:xmlns:office:1.0" => Ns::Office,
        b"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" => Ns::Fo,
        b"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" => Ns::Svg,
        _ => Ns::Other,
    }
}

/// An element start (or empty element) with its attributes by local name.
#[derive(Debug)]
pub(crate) struct El {
    pub ns: Ns,
    pub name: String,
    attrs: Vec<(String, String)>,
}

impl El {
    /// An attribute by local name; prefixes are ignored because the element
    /// already fixes their meaning (w:val, style:name, text:level…).
    pub(crate) fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) enum Node {
    Start(El),
    Empty(El),
    End(Ns, String),
    Text(String),
}

pub(crate) struct Stream<'a> {
    reader: NsReader<&'a [u8]>,
    buf: Vec<u8>,
    depth: usize,
    max_depth: usize,
    part: &'static str,
}

impl<'a> Stream<'a> {
    /// A stream over one XML part that refuses elements nested deeper than
    /// `max_depth` ([`Limits::max_xml_depth`](crate::Limits)).
    pub(crate) fn new(bytes: &'a [u8], part: &'static str, max_depth: usize) -> Self {
        let mut reader = NsReader::from_reader(bytes);
        reader.config_mut().check_end_names = true;
        Stream {
            reader,
            buf: Vec::new(),
            depth: 0,
            max_depth,
            part,
        }
    }

    fn corrupt(&self, what: impl std::fmt::Display) -> Error {
        corrupt(self.part, self.reader.buffer_position(), what)
    }

    /// The next interesting node, or `None` at a clean end of document.
    pub(crate) fn next(&mut self) -> Result<Option<Node>> {
        loop {
            self.buf.clear();
            let (res, ev) = match self.reader.read_resolved_event_into(&mut self.buf) {
                Ok(x) => x,
                Err(e) => return Err(self.corrupt(e)),
            };
            let ns = match res {
                ResolveResult::Bound(n) => ns_of(n.as_ref()),
                _ => Ns::Other,
            };
            let (part, pos) = (self.part, self.reader.buffer_position());
            let bad = |what: &dyn std::fmt::Display| corrupt(part, pos, what);
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    let mut attrs = Vec::new();
                    for a in e.attributes() {
                        let a = a.map_err(|err| bad(&err))?;
                        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|err| bad(&err))?;
                        attrs.push((key, value.into_owned()));
                    }
                    let el = El { ns, name, attrs };
                    if matches!(ev, Event::Start(_)) {
                        // quick-xml's own nesting counter wraps at 65,536
                        // and then drops everything after the deep element
                        // (issue 10, row 2): stop well before it.
                        if self.depth >= self.max_depth {
                            return Err(too_deep(part, pos, self.max_depth));
                        }
                        self.depth += 1;
                        return Ok(Some(Node::Start(el)));
                    }
                    return Ok(Some(Node::Empty(el)));
                }
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                    return Ok(Some(Node::End(ns, name)));
                }
                Event::Text(t) => {
                    let s = t.xml10_content().map_err(|err| bad(&err))?;
                    return Ok(Some(Node::Text(s.into_owned())));
                }
                Event::CData(t) => {
                    let s = t.decode().map_err(|err| bad(&err))?;
                    return Ok(Some(Node::Text(s.into_owned())));
                }
                Event::GeneralRef(r) => {
                    if let Some(c) = r.resolve_char_ref().map_err(|err| bad(&err))? {
                        return Ok(Some(Node::Text(c.to_string())));
                    }
                    let name = r.decode().map_err(|err| bad(&err))?;
                    let s = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => return Err(bad(&format!("thực thể lạ &{other};"))),
                    };
                    return Ok(Some(Node::Text(s.to_string())));
                }
                Event::Eof => {
                    if self.depth > 0 {
                        return Err(bad(&"tài liệu bị cắt cụt (unexpected end of document)"));
                    }
                    return Ok(None);
                }
                _ => {}
            }
        }
    }

    /// Skips to the end of the element whose start was just read, for
    /// subtrees that are not covenant text (comments, fallbacks, notes).
    pub(crate) fn skip(&mut self) -> Result<()> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Some(Node::Start(_)) => depth += 1,
                Some(Node::End(..)) => depth -= 1,
                Some(_) => {}
                None => {
                    return Err(self.corrupt("tài liệu bị cắt cụt (unexpected end of document)"));
                }
            }
        }
        Ok(())
    }
}

fn too_deep(part: &str, pos: u64, limit: usize) -> Error {
    Error::new(
        ErrorKind::TooDeep,
        format!(
            "{part} lồng quá {limit} cấp tại byte {pos} \
             (XML nested deeper than Limits::max_xml_depth = {limit})"
        ),
    )
}

fn corrupt(part: &str, pos: u64, what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Corrupt,
        format!("XML hỏng trong {part} tại byte {pos} (malformed XML): {what}"),
    )
}
