//! Text from a covenant, a file name or a config, made safe to print.
//!
//! A terminal obeys the control characters it is sent: `ESC ]0;…BEL` sets
//! its title, `ESC [2J` clears the screen, a newline in a file name forges
//! a report line, and a right-to-left override reverses what follows. Every
//! human-readable output therefore shows them as `\u{…}`, as ripgrep and git
//! do; JSON, CSV and SARIF escape them by their own rules.

use std::borrow::Cow;

/// `eprintln!` for messages that carry names or text from outside: the
/// whole line goes through [`controls`].
macro_rules! note {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::escape::controls(&format!($($arg)*)))
    };
}
use std::path::Path;

/// Control characters, line and paragraph separators and the bidirectional
/// overrides and isolates as `\u{…}`; other text unchanged (and not copied).
///
/// ```ignore
/// assert_eq!(controls("a\x1b[2Jb"), "a\\u{1b}[2Jb");
/// assert_eq!(controls("Điều 1"), "Điều 1");
/// ```
pub fn controls(s: &str) -> Cow<'_, str> {
    escape_if(s, is_unsafe)
}

/// Like [`controls`], keeping tabs, which the source-line renderer expands
/// itself.
pub fn controls_but_tabs(s: &str) -> Cow<'_, str> {
    escape_if(s, |c| c != '\t' && is_unsafe(c))
}

fn escape_if(s: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// A path as shown in reports: with `/` separators, and bytes that are not
/// UTF-8 shown as `\xNN`, so that two different names never print alike.
/// Control characters are left for the renderer: JSON must keep the name.
pub fn path(p: &Path) -> String {
    let bytes = bytes_of(p);
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "/"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(unix)]
fn bytes_of(p: &Path) -> Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    Cow::Borrowed(p.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn bytes_of(p: &Path) -> Cow<'_, [u8]> {
    match p.to_string_lossy() {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        let table = [
            ("Điều 1. Chung", "Điều 1. Chung"),
            ("a\x1b]0;title\x07b", "a\\u{1b}]0;title\\u{7}b"),
            ("\x1b[2J", "\\u{1b}[2J"),
            ("one\ntwo", "one\\u{a}two"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("x\u{2066}y", "x\\u{2066}y"),
            ("tab\there", "tab\\u{9}here"),
        ];
        for (input, want) in table {
            assert_eq!(controls(input), want, "{input:?}");
        }
    }

    #[test]
    fn tabs_can_be_kept() {
        let table = [
            ("a\tb", "a\tb"),
            ("\ta\x1bb\t", "\ta\\u{1b}b\t"),
            ("\t\t", "\t\t"),
            ("x\n\ty", "x\\u{a}\ty"),
        ];
        for (input, want) in table {
            assert_eq!(controls_but_tabs(input), want, "{input:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let a = path(Path::new(OsStr::from_bytes(b"thon-\xe9.txt")));
        let b = path(Path::new(OsStr::from_bytes(b"thon-\xe8.txt")));
        assert_eq!(a, "thon-\\xE9.txt");
        assert_ne!(a, b);
        assert_eq!(path(Path::new("xa-a/xylo.txt")), "xa-a/xylo.txt");
    }
}
