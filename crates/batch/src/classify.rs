//! Is this file a covenant? A folder handed to the tool also holds
//! READMEs, minutes and the tool's own reports; counting them as compliant
//! covenants inflates the figure, so each file is recognised first.

use huonguoc_text::{Mode, normalize};
use serde::{Deserialize, Serialize};

use crate::load::Document;

/// Why a file is not taken for a covenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCovenant {
    /// A report written by huonguoc itself.
    ToolReport,
    /// No "hương ước" or "quy ước" (or an amendment of one) in the heading
    /// before the first article.
    NoTitle,
    /// No article ("Điều 1.") and no numbered clauses ("1.", "2.").
    NoStructure,
    /// No letter or digit at all: an empty file (or spaces, or a docx
    /// with empty paragraphs). Even `--all-files` does not screen it, since
    /// screening nothing would report it compliant.
    Empty,
}

impl NotCovenant {
    /// The reason, Vietnamese first, for every report format.
    ///
    /// ```
    /// use huonguoc_batch::NotCovenant;
    /// assert!(NotCovenant::NoTitle.message().starts_with("không có tên hương ước"));
    /// ```
    pub fn message(self) -> &'static str {
        match self {
            NotCovenant::ToolReport => {
                "báo cáo do huonguoc tạo ra, không phải hương ước (a report written by huonguoc)"
            }
            NotCovenant::NoTitle => {
                "không có tên hương ước, quy ước ở phần đầu văn bản (no covenant title)"
            }
            NotCovenant::NoStructure => {
                "không có điều, khoản được đánh số (no article or clause structure)"
            }
            NotCovenant::Empty => "tệp không có nội dung chữ nào (empty file)",
        }
    }
}

/// How many lines of the heading are searched for a title when no article
/// comes first: a decision of recognition puts the covenant's name within
/// its first lines.
const HEAD_LINES: usize = 40;

/// Decides whether a document is a covenant: it must have a covenant title
/// in its heading and article or clause structure, and must not be one of
/// huonguoc's own reports.
///
/// ```
/// use huonguoc_batch::{NotCovenant, classify};
///
/// let doc = |text: &str| huonguoc_batch::load_bytes(text.as_bytes(), Some("a.txt"),
///     &Default::default()).unwrap();
/// assert_eq!(classify(&doc("HƯƠNG ƯỚC THÔN ĐÔNG\nĐiều 1. Chung\n…")), None);
/// assert_eq!(classify(&doc("QUY UOC THON DONG\nDieu 1. Chung\n…")), None);
/// assert_eq!(classify(&doc("# Ghi chú\nDanh sách các thôn.")), Some(NotCovenant::NoTitle));
/// assert_eq!(classify(&doc(" \n\u{feff}\n")), Some(NotCovenant::Empty));
/// assert_eq!(classify(&doc("LUẬT\nĐiều 1. Hương ước phải phù hợp pháp luật.")),
///     Some(NotCovenant::NoTitle));
/// ```
pub fn classify(doc: &Document) -> Option<NotCovenant> {
    if is_empty(doc) {
        return Some(NotCovenant::Empty);
    }
    if doc.tool_report || is_text_report(&doc.text) {
        return Some(NotCovenant::ToolReport);
    }
    // Only the heading is normalized in full; elsewhere a line's first
    // characters are enough, which keeps a 20 MB file cheap. The lines are
    // read up to the first article, where a covenant's heading ends: all
    // of them only when it has none.
    let mut head = Vec::new();
    let (mut has_article, mut clauses) = (false, 0usize);
    for l in doc.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if may_be_article(l) && is_article(&fold_start(l)) {
            has_article = true;
            break;
        }
        if head.len() < HEAD_LINES {
            head.push(l);
        }
        clauses += usize::from(is_clause(l));
    }
    if !head
        .iter()
        .any(|l| is_title(&normalize(l, Mode::Folded).text))
    {
        return Some(NotCovenant::NoTitle);
    }
    if !has_article && clauses < 2 {
        return Some(NotCovenant::NoStructure);
    }
    None
}

/// Whether the document has no letter or digit at all.
pub fn is_empty(doc: &Document) -> bool {
    !doc.text.chars().any(char::is_alphanumeric)
}

/// Whether a line may be an article's heading, told without normalizing
/// it: past the markers [`is_article`] skips, an ASCII letter or digit is
/// its own folded form (lowercased), so only "d" or "D" can begin "dieu".
/// Most lines begin with one ("Chương", "1.", "Thôn"); anything else is
/// left to [`fold_start`].
fn may_be_article(line: &str) -> bool {
    match line.bytes().find(|b| !matches!(b, b'#' | b'*' | b' ')) {
        Some(b) if b.is_ascii_alphanumeric() => b.eq_ignore_ascii_case(&b'd'),
        _ => true,
    }
}

/// The folded form of a line's first characters: enough for "Điều 12".
fn fold_start(line: &str) -> String {
    let end = line.char_indices().nth(16).map_or(line.len(), |(i, _)| i);
    normalize(&line[..end], Mode::Folded).text
}

/// The text report's own lines: the measurement line this version writes,
/// and the summary line of earlier ones; and the closing note of a draft
/// amendment, which quotes the clauses it amends.
fn is_text_report(text: &str) -> bool {
    // Each kind of line holds one of these, so a text holding none is
    // answered by three searches instead of a walk over its lines.
    let marks = [
        crate::draft::DRAFT_MARK,
        " · huonguoc ",
        " văn bản đã rà soát, ",
    ];
    // memchr's searcher: the three searches of every file took 36 M
    // instructions on the 1,000-covenant batch with `str::contains`, 26 M
    // with it.
    if !marks
        .iter()
        .any(|m| memchr::memmem::find(text.as_bytes(), m.as_bytes()).is_some())
    {
        return false;
    }
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with(crate::draft::DRAFT_MARK)
            || ((l.starts_with("đo ngày ") || l.starts_with("measured "))
                && l.contains(" · huonguoc "))
            || (l.contains(" văn bản đã rà soát, ") && l.contains("mục tiêu 2025: 95%"))
    })
}

fn is_title(folded: &str) -> bool {
    ["huong uoc", "quy uoc"].iter().any(|t| {
        folded.match_indices(t).any(|(i, _)| {
            let before = folded[..i].chars().next_back();
            let after = folded[i + t.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

fn is_article(folded: &str) -> bool {
    let l = folded.trim_start_matches(['#', '*', ' ']);
    let Some(rest) = l.strip_prefix("dieu") else {
        return false;
    };
    let rest = rest.trim_start();
    rest.len() < l.len() - 4 && rest.starts_with(|c: char| c.is_ascii_digit())
}

fn is_clause(folded: &str) -> bool {
    let digits = folded.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && matches!(folded.as_bytes().get(digits), Some(b'.' | b')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_articles_and_clauses() {
        let cases: &[(&str, bool)] = &[
            ("huong uoc thon dong", true),
            ("quyet dinh ve viec cong nhan quy uoc ban na", true),
            ("sua doi, bo sung huong uoc lang", true),
            ("phuong uoc", false),
            ("quy uocx", false),
        ];
        for (l, want) in cases {
            assert_eq!(is_title(l), *want, "{l}");
        }
        assert!(is_article("dieu 1. chung"));
        assert!(is_article("## dieu 12 thua ke"));
        assert!(!is_article("dieu khoan chung"));
        assert!(!is_article("dieu"));
        assert!(is_clause("1. nguoi ung cu"));
        assert!(is_clause("12) con gai"));
        assert!(!is_clause("2025 la nam"));
        assert!(!is_clause("a) con gai"));
    }

    #[test]
    fn only_lines_that_may_be_articles_are_normalized() {
        for l in [
            "Điều 3",
            "điều 3",
            "ĐIỀU 3",
            "Dieu 3",
            "## Điều 3",
            "* d",
            "#\tĐiều 3",
            "“Điều 3”",
            "",
        ] {
            assert!(may_be_article(l), "{l}");
        }
        for l in ["Chương I", "1. Người", "## Thôn", "** 2) con", "a) x"] {
            assert!(!may_be_article(l), "{l}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_line_turned_away_is_no_article(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "#", "*", " ", "\t", "\u{200b}", "\u{a0}", "Đ", "đ", "D", "d", "ieu", "iều",
                    "IỀU", " 3", "1", "a", "C", "ươ", ".", "\u{301}", "Ｄ",
                ]),
                0..8,
            ),
        ) {
            let l = pieces.concat();
            proptest::prop_assert!(may_be_article(&l) || !is_article(&fold_start(&l)), "{:?}", l);
        }
    }

    #[test]
    fn the_text_report_is_recognised() {
        assert!(is_text_report(
            "x\nđo ngày 2026-01-01 · huonguoc 0.1.0 · bộ quy tắc 0123\n"
        ));
        assert!(is_text_report(
            "3 văn bản đã rà soát, 2 không có nội dung (66.7%); mục tiêu 2025: 95% — chưa đạt"
        ));
        assert!(!is_text_report("Điều 1. Đo ngày giờ"));
    }
}
