//! Files made to cheat the screening (issue 10): each must give its full
//! text or an error that names the limit, never a silent partial text.

mod common;

use common::*;
use huonguoc_formats::{ErrorKind, Format, Limits, extract};

const CLAUSE: &str = "Con gái không được chia đất";

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

/// XML that nests past quick-xml's 16-bit counter (65,536) used to drop
/// everything after the deep element, so a discriminatory paragraph behind
/// it vanished and the covenant read as compliant.
#[test]
fn deep_xml_is_an_error_naming_the_limit_or_keeps_all_text() {
    let docx_at = |depth| {
        // Short tags, as in the audit's 938-byte file: a long run of them
        // stays under the zip ratio check's 1 MiB floor.
        let deep = nested(depth, "<a>", "</a>");
        docx(
            &format!("{}{deep}{}", p("Điều 1."), p(CLAUSE)),
            None,
            None,
            &[],
        )
    };
    let odt_at = |depth| {
        let deep = nested(depth, "<a>", "</a>");
        odt(
            &format!("<text:p>Điều 1.</text:p><text:p>{deep}</text:p><text:p>{CLAUSE}</text:p>"),
            "",
            "",
        )
    };
    let small = Limits {
        max_xml_depth: 64,
        ..Limits::default()
    };
    let default = Limits::default();
    // (format, nesting depth, limits, whether the text must come out whole)
    let table: &[(Format, usize, &Limits, bool)] = &[
        (Format::Docx, 10, &small, true),
        (Format::Docx, 60, &small, true),
        (Format::Docx, 64, &small, false),
        (Format::Docx, 3000, &default, true),
        (Format::Docx, 65_536, &default, false),
        (Format::Docx, 70_000, &default, false),
        (Format::Odt, 60, &small, true),
        (Format::Odt, 64, &small, false),
        (Format::Odt, 65_540, &default, false),
    ];
    for &(format, depth, limits, whole) in table {
        let bytes = match format {
            Format::Docx => docx_at(depth),
            _ => odt_at(depth),
        };
        let got = extract(&bytes, format, limits);
        if whole {
            let text = got.expect("within the limit").text();
            assert!(text.ends_with(CLAUSE), "{format:?} {depth}: {text:?}");
        } else {
            let err = got.expect_err("beyond the limit");
            assert_eq!(err.kind(), ErrorKind::TooDeep, "{format:?} {depth}: {err}");
            let named = format!("max_xml_depth = {}", limits.max_xml_depth);
            assert!(err.to_string().contains(&named), "{err}");
        }
    }
}

/// Styles and numbering only add fonts and labels: a deep one is ignored
/// with a warning, and the text is still read in full.
#[test]
fn deep_styles_are_ignored_with_a_warning() {
    let deep = nested(70_000, "<a>", "</a>");
    let bytes = docx(&p(CLAUSE), Some(&deep), Some(&deep), &[]);
    let got = extract(&bytes, Format::Docx, &Limits::default()).expect("text is readable");
    assert_eq!(got.text(), CLAUSE);
    assert_eq!(got.warnings.len(), 2, "{:?}", got.warnings);
    assert!(got.warnings.iter().all(|w| w.contains("max_xml_depth")));
}
