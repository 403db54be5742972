//! The rule pack embedded from the `huonguoc-rules` data crate.

use crate::pack::Source;

/// File names and texts of the embedded pack, in name order.
pub const FILES: &[(&str, &str)] = huonguoc_rules::FILES;

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
