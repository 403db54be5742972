//! PDF text layers through `pdf-extract`, then repairs for the damage that
//! Vietnamese PDFs typically carry (see the domain notes, D4).

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use pdf_extract::{Document, OutputError, PlainTextOutput, output_doc};

use crate::error::{Error, ErrorKind, Result};
use crate::quality::text_quality;
use crate::sniff::find;
use crate::{Limits, Paragraph, Run};

type Out = (Vec<Paragraph>, Vec<String>, Option<String>);

pub(crate) const NO_TEXT_LAYER: &str = "không có lớp văn bản (scanned, no text layer)";

thread_local! {
    /// Set while this thread runs the PDF reader, whose panics are caught.
    static IN_READER: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the panic hook quiet for panics that [`extract`] catches: they
/// are reported as a damaged file, and a "thread panicked" line on stderr
/// would read as a crash. Every other panic still reaches the previous
/// hook.
fn quiet_reader_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_READER.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<Out> {
    // lopdf inflates streams without a bound: a 4 MB file whose stream
    // inflates to 4 GiB failed an allocation and aborted the whole batch,
    // beyond the reach of the panic guard below.
    crate::pdf_streams::check_decoded_size(bytes, limits.max_uncompressed)?;
    // pdf-extract panics on many malformed inputs; a panic here is a
    // damaged file, not a bug worth taking the whole batch down for.
    quiet_reader_panics();
    IN_READER.with(|f| f.set(true));
    let caught = catch_unwind(AssertUnwindSafe(|| load_and_extract(bytes)));
    IN_READER.with(|f| f.set(false));
    let raw = caught.map_err(|p| {
        let why = p
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| p.downcast_ref::<&str>().copied())
            .unwrap_or("?");
        Error::new(
            ErrorKind::Corrupt,
            format!("trình đọc PDF không hiểu được tệp (PDF reader failed): {why}"),
        )
    })??;
    let (text, mut warnings) = raw;
    if !text.chars().any(char::is_alphanumeric) {
        return Ok((Vec::new(), warnings, Some(NO_TEXT_LAYER.to_string())));
    }
    let low_quality = text_quality(&text);
    if low_quality.is_some() {
        warnings.push(
            "lớp văn bản PDF có dấu hiệu hỏng, kết quả rà soát có thể thiếu (damaged text layer)"
                .into(),
        );
    }
    let paragraphs = repair(&text)
        .into_iter()
        .map(|line| Paragraph {
            runs: vec![Run {
                text: line,
                font: None,
            }],
        })
        .collect();
    Ok((paragraphs, warnings, low_quality))
}

fn load_and_extract(bytes: &[u8]) -> Result<(String, Vec<String>)> {
    let mut warnings = Vec::new();
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) if find(bytes, b"/Encrypt").is_some() => {
            return Err(Error::new(
                ErrorKind::Encrypted,
                format!("PDF được mã hoá (encrypted PDF): {e}"),
            ));
        }
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Corrupt,
                format!("PDF hỏng hoặc bị cắt cụt (damaged or truncated PDF): {e}"),
            ));
        }
    };
    // lopdf opens files protected only by an owner password (copy/print
    // restrictions, common on government sites) with the empty password;
    // what is still encrypted after loading needs a real password.
    if doc.is_encrypted() {
        return Err(Error::new(
            ErrorKind::Encrypted,
            "PDF cần mật khẩu để mở (a password is required)",
        ));
    }
    if doc.was_encrypted() {
        warnings.push(
            "PDF có hạn chế bảo mật, đã mở không cần mật khẩu (owner-password PDF opened)".into(),
        );
    }
    check_page_tree(&doc)?;
    let mut text = String::new();
    let mut output = PlainTextOutput::new(&mut text);
    output_doc(&doc, &mut output).map_err(|e| match e {
        OutputError::PdfError(lopdf_err) => Error::new(
            ErrorKind::Corrupt,
            format!("không đọc được nội dung PDF (cannot read PDF content): {lopdf_err}"),
        ),
        other => Error::new(
            ErrorKind::Corrupt,
            format!("lỗi trích văn bản PDF (extraction failed): {other}"),
        ),
    })?;
    Ok((text, warnings))
}

/// The deepest `/Parent` chain a page may have: real page trees are a few
/// levels deep, and pdf-extract follows the chain by recursion.
const MAX_PAGE_TREE_DEPTH: usize = 256;

/// Refuses a page tree whose `/Parent` links loop or run too deep.
/// pdf-extract looks up an inherited key (MediaBox, Resources) by walking
/// `/Parent` with no check: a page that was its own parent and lacked the
/// key spun forever (the fuzzer's `pdf-timeout.pdf`).
fn check_page_tree(doc: &Document) -> Result<()> {
    for page in doc.get_pages().into_values() {
        let mut seen = std::collections::HashSet::new();
        let mut at = page;
        loop {
            if !seen.insert(at) {
                return Err(page_tree_error("có vòng lặp", "loop"));
            }
            if seen.len() > MAX_PAGE_TREE_DEPTH {
                return Err(page_tree_error("quá sâu", "run too deep"));
            }
            let parent = doc
                .get_dictionary(at)
                .and_then(|d| d.get(b"Parent"))
                .and_then(|p| p.as_reference());
            match parent {
                Ok(id) => at = id,
                Err(_) => break,
            }
        }
    }
    Ok(())
}

fn page_tree_error(vi: &str, en: &str) -> Error {
    Error::new(
        ErrorKind::Corrupt,
        format!("cây trang của PDF {vi} (damaged PDF page tree: /Parent links {en})"),
    )
}

/// Turns the raw text into covenant paragraphs: Ƣ/ƣ mapped back to Ư/ư,
/// heading words glued back to their numbers when the PDF put them on
/// separate lines ("Điều\n12.\nPhạm vi" → "Điều 12. Phạm vi"), and
/// wrapped lines joined back into their paragraph, so that a clause that
/// the page broke in two can still be matched as one sentence.
pub(crate) fn repair(text: &str) -> Vec<String> {
    let text = text.replace('Ƣ', "Ư").replace('ƣ', "ư");
    let mut out = Vec::new();
    // pdf-extract leaves a blank line where the vertical gap is larger than
    // a line's: a paragraph boundary for sure.
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut current: Option<String> = None;
        for line in join_headings(&lines) {
            let line = match line.strip_prefix(['•', '▪', '\u{F0B7}']) {
                Some(rest) => format!("-{rest}"),
                None => line,
            };
            match current.as_mut() {
                Some(cur) if !starts_new_paragraph(cur, &line) => {
                    cur.push(' ');
                    cur.push_str(&line);
                }
                _ => out.extend(current.replace(line)),
            }
        }
        out.extend(current);
    }
    out
}

fn join_headings(lines: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let mut joined = line.to_string();
        i += 1;
        if is_heading_word(line) && i < lines.len() && is_heading_number(lines[i]) {
            joined.push(' ');
            joined.push_str(lines[i]);
            let number_only = lines[i].split_whitespace().count() == 1;
            i += 1;
            // "Điều 12." alone: its title is the next line. Chapters keep
            // their title on its own line, as covenants usually print them.
            if number_only && is_article(line) && i < lines.len() && !is_heading_word(lines[i]) {
                joined.push(' ');
                joined.push_str(lines[i]);
                i += 1;
            }
        }
        out.push(joined);
    }
    out
}

/// Whether `line` opens a new paragraph rather than continuing `prev`.
/// Wrapped lines mostly start in the middle of a sentence, in lower case;
/// structure (Chương, Điều, "1.", "a)", "-") and capitals after a full
/// stop or a heading start a new one.
fn starts_new_paragraph(prev: &str, line: &str) -> bool {
    let upper_start = line.chars().next().is_some_and(char::is_uppercase);
    starts_unit(line)
        || all_caps(line)
        || all_caps(prev)
        || (upper_start && (prev.ends_with(['.', ':', ';', '!', '?']) || starts_heading(prev)))
}

fn starts_unit(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    if starts_heading(line) || matches!(first, "-" | "+" | "–") || first.starts_with("-") {
        return true;
    }
    // "1." "12)" "a)" "đ)" — but not "1.000 đồng" or "5,5".
    let core = first.trim_end_matches(['.', ')']);
    first.len() > core.len()
        && first.ends_with(['.', ')'])
        && !core.is_empty()
        && (core.chars().all(|c| c.is_ascii_digit())
            || (core.chars().count() == 1
                && core.chars().all(char::is_lowercase)
                && first.ends_with(')')))
}

fn starts_heading(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    is_heading_word(first)
        && line
            .split_whitespace()
            .nth(1)
            .is_some_and(is_heading_number)
}

fn all_caps(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3 && !line.chars().any(char::is_lowercase)
}

fn is_article(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "điều" | "dieu")
}

fn is_heading_word(line: &str) -> bool {
    matches!(
        line.to_lowercase().as_str(),
        "điều" | "chương" | "mục" | "phần" | "dieu" | "chuong" | "muc" | "phan"
    )
}

/// "12.", "12:", "II", "IV." or "3" (optionally followed by a title).
fn is_heading_number(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    let core = first.trim_end_matches(['.', ':', '-', ')']);
    !core.is_empty()
        && (core.chars().all(|c| c.is_ascii_digit())
            || core
                .chars()
                .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_split_headings_and_maps_broken_u() {
        let raw = "CHƢƠNG\nII\nQUY ĐỊNH CHUNG\nĐiều\n12.\nPhạm vi\nNGƢỜI dân\n\nĐiều 3. Đã liền\n";
        assert_eq!(
            repair(raw),
            vec![
                "CHƯƠNG II",
                "QUY ĐỊNH CHUNG",
                "Điều 12. Phạm vi",
                "NGƯỜI dân",
                "Điều 3. Đã liền"
            ]
        );
    }

    #[test]
    fn joins_wrapped_lines_back_into_paragraphs() {
        // As pdf-extract prints a LibreOffice PDF of justified paragraphs.
        let raw = "\n\n1. Con trai, con gái đều được hưởng thừa kế ngang nhau theo quy định của pháp \nluật; mọi hành vi phân biệt \ncủa cha mẹ đều bị phê phán.\na) Vợ chồng cùng đứng tên trên giấy \nchung khác của gia đình.\nb) Ngắn.\n• gạch\n- gạch hai;\nGiá 1.000 đồng một \n1.000 người\nĐiều 6. Việc cưới\nNgười dân tổ chức cưới\nHƯƠNG ƯỚC\nTHÔN BẢN";
        assert_eq!(
            repair(raw),
            [
                "1. Con trai, con gái đều được hưởng thừa kế ngang nhau theo quy định của pháp luật; mọi hành vi phân biệt của cha mẹ đều bị phê phán.",
                "a) Vợ chồng cùng đứng tên trên giấy chung khác của gia đình.",
                "b) Ngắn.",
                "- gạch",
                "- gạch hai;",
                "Giá 1.000 đồng một 1.000 người",
                "Điều 6. Việc cưới",
                "Người dân tổ chức cưới",
                "HƯƠNG ƯỚC",
                "THÔN BẢN",
            ]
        );
    }

    #[test]
    fn keeps_article_title_on_the_number_line() {
        assert_eq!(
            repair("Điều\n5. Thờ cúng\nNội dung"),
            vec!["Điều 5. Thờ cúng", "Nội dung"]
        );
    }
}
