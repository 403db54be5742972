//! Finding `huonguoc.toml` (settings, limits and reviewed waivers; parsed
//! by `huonguoc_batch::config`) for the covenants of a scan.
//!
//! ```toml
//! [settings]
//! manifest = "danh-sach.csv"   # relative to this file
//! group-by = "district"
//! select = ["inheritance", "participation"]   # as --select
//! ignore = ["stereotypes"]                    # as --ignore
//!
//! [[waiver]]
//! fingerprint = "inheritance.daughter-excluded:1f2e3d4c5b6a7988"
//! reviewer = "Nguyễn Thị Lan, công chức tư pháp xã"
//! reason = "Điều khoản đã được HĐND xã xem xét ..."
//! date = 2025-03-01
//! expires = 2026-03-01
//! ```

use std::path::{Path, PathBuf};

use anyhow::Result;
pub use huonguoc_batch::config::{Config, Date, FILE_NAME, Limits};

/// A config and where it was read from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// The file, or `None` when there is none.
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// Resolves a path written in the config against the config's folder.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        match self.path.as_deref().and_then(Path::parent) {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// The rule pack: `--rules` when given, else the config's `rules`
    /// setting, resolved against the config's folder.
    pub fn pack_args(&self, flags: &crate::args::PackArgs) -> crate::args::PackArgs {
        crate::args::PackArgs {
            rules: flags.rules.clone().or_else(|| {
                self.config
                    .settings
                    .rules
                    .as_deref()
                    .map(|p| self.resolve(p))
            }),
        }
    }

    /// The config file as shown in messages.
    pub fn source(&self) -> String {
        self.path
            .as_deref()
            .map(crate::scan::display)
            .unwrap_or_default()
    }
}

/// Reads `explicit`, or else the nearest `huonguoc.toml` at or above the
/// first scanned path in name order, so that the settings do not depend on
/// the order of the arguments.
pub fn load(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<Loaded> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => paths.iter().min().and_then(|p| find(p)),
    };
    let Some(path) = path else {
        return Ok(Loaded::default());
    };
    let config = read(&path)?;
    Ok(Loaded {
        config,
        path: Some(path),
    })
}

/// Parses one config file. Errors name the file and, when known, the
/// line.
pub fn read(path: &Path) -> Result<Config> {
    huonguoc_batch::config::read(path).map_err(|e| match e.line() {
        Some(line) => anyhow::anyhow!("{}:{line}: {}", path.display(), e.message()),
        None => anyhow::anyhow!(
            "không đọc được tệp cấu hình {}: {}",
            path.display(),
            e.message()
        ),
    })
}

/// The `[limits]` of the config nearest `path`, or the defaults.
pub fn limits_near(path: &Path) -> Result<Limits> {
    Ok(load(None, std::slice::from_ref(&path.to_path_buf()))?
        .config
        .limits)
}

/// The waivers that apply: with `--config`, that file's for every covenant;
/// else, for each covenant, the nearest `huonguoc.toml` above it, each
/// covering its own folder tree.
pub fn waiver_sets(
    forced: Option<&Loaded>,
    files: &[&Path],
) -> Result<Vec<huonguoc_batch::WaiverSet>> {
    let set = |c: &Config, source: String, scope: Option<PathBuf>| huonguoc_batch::WaiverSet {
        source,
        scope,
        entries: c.waivers.clone(),
    };
    if let Some(l) = forced {
        return Ok(vec![set(&l.config, l.source(), None)]);
    }
    let mut found: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    // By folder as the walk spelled it: files of one folder share their
    // nearest config, and making each path absolute asked the system for
    // the working folder once per file.
    let mut by_dir: std::collections::HashMap<&Path, Option<PathBuf>> =
        std::collections::HashMap::new();
    for f in files {
        let nearest = by_dir.entry(f.parent().unwrap_or(f)).or_insert_with(|| {
            let dir = std::path::absolute(f)
                .ok()
                .and_then(|a| a.parent().map(Path::to_path_buf))?;
            find(&dir)
        });
        if let Some(p) = nearest {
            found.insert(p.clone());
        }
    }
    found
        .into_iter()
        .map(|p| {
            let c = read(&p)?;
            let scope = p.parent().map(Path::to_path_buf);
            Ok(set(&c, crate::scan::display(&p), scope))
        })
        .collect()
}

fn find(start: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(start).ok()?;
    let mut dir = if abs.is_dir() {
        abs
    } else {
        abs.parent()?.to_path_buf()
    };
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}
