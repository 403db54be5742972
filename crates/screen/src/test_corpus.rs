//! The corpus covenants' lines, for tests that run the pack's regexes over
//! real text.

/// Every line of every `.txt` covenant in `corpus/`.
pub(crate) fn lines() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).expect("corpus") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).expect("covenant");
            lines.extend(text.lines().map(str::to_owned));
        }
    }
    lines
}

/// [`lines`] in the matching form of each mode, read once for both.
pub(crate) fn forms() -> [(huonguoc_text::Mode, Vec<String>); 2] {
    use huonguoc_text::{Mode, normalize};
    let lines = lines();
    [Mode::Accented, Mode::Folded].map(|mode| {
        (
            mode,
            lines.iter().map(|l| normalize(l, mode).text).collect(),
        )
    })
}
