//! The rule pack of huonguoc as data: the TOML text of every file in
//! `rules/`, embedded at build time. The pack travels inside this crate (as
//! typos ships its dictionaries), so a packaged or vendored engine always
//! has its rules; the build fails when the folder holds no rule file.
//!
//! ```
//! let (name, text) = huonguoc_rules::FILES
//!     .iter()
//!     .find(|(name, _)| *name == "pack.toml")
//!     .expect("the shared term sets are part of the pack");
//! assert!(text.contains("[terms]"), "{name}");
//! ```
#![deny(missing_docs)]

/// File names (`pack.toml`, `inheritance.toml`, …) and TOML texts, in name
/// order.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/files.rs"));

#[cfg(test)]
mod tests {
    use super::FILES;

    #[test]
    fn every_rule_file_of_the_folder_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml") && n != "Cargo.toml")
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(embedded, on_disk);
        assert!(FILES.iter().any(|(_, t)| t.contains("[[rule]]")));
    }
}
