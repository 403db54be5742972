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
