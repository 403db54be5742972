//! The bench input shared by the text and screen benches: every covenant
//! of `corpus/` joined, repeated to about 1 MB.

/// The corpus covenants, joined and repeated to about 1 MB.
pub fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let one: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("covenant"))
        .collect::<Vec<_>>()
        .join("\n");
    one.repeat((1 << 20) / one.len().max(1) + 1)
}
