//! The rule pack embedded at build time from `rules/`.

use crate::pack::Source;

/// File names and texts of the embedded pack.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The embedded pack as sources.
pub fn sources() -> Vec<Source> {
    FILES
        .iter()
        .map(|(name, text)| Source {
            name: format!("rules/{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}
