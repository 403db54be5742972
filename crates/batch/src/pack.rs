//! The rule pack with its version: a hash of its files, written in every
//! report so that two figures can be told apart by the rules that made
//! them.

use std::path::Path;

use huonguoc_screen::Screener;

/// A compiled rule pack and the hash of its files.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The compiled pack.
    pub screener: Screener,
    /// 16 hex digits of a hash over file names and texts.
    pub version: String,
}

impl Pack {
    /// The pack embedded in this build.
    ///
    /// ```
    /// let pack = huonguoc_batch::Pack::embedded().unwrap();
    /// assert_eq!(pack.version.len(), 16);
    /// ```
    pub fn embedded() -> Result<Pack, huonguoc_screen::Error> {
        Ok(Pack {
            screener: Screener::embedded()?,
            version: version(huonguoc_screen::embedded::FILES.iter().copied()),
        })
    }

    /// The pack in every `.toml` file of a folder. The same files give the
    /// same version as the embedded pack.
    pub fn from_dir(dir: &Path) -> Result<Pack, huonguoc_screen::Error> {
        let screener = Screener::from_dir(dir)?;
        let mut files = Vec::new();
        // The screener has read them already; a file that vanished since
        // then is left out of the hash rather than failing the run.
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.filter_map(Result::ok) {
                let p = e.path();
                if p.extension().is_none_or(|x| x != "toml") {
                    continue;
                }
                if let (Some(name), Ok(text)) = (p.file_name(), std::fs::read_to_string(&p)) {
                    files.push((name.to_string_lossy().into_owned(), text));
                }
            }
        }
        Ok(Pack {
            screener,
            version: version(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))),
        })
    }
}

/// The hash of a pack's files, in name order: 64-bit FNV-1a, identical on
/// every platform and release.
pub fn version<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut files: Vec<(&str, &str)> = files.collect();
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, text) in files {
        for b in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
