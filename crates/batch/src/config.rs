//! `huonguoc.toml`: settings, resource limits and reviewed waivers, parsed
//! here so that the command line and embedders read it alike. Finding the
//! file (the nearest one above a covenant) is the caller's business.
//!
//! ```
//! let config = huonguoc_batch::config::parse(r#"
//! [settings]
//! group-by = "district"
//!
//! [limits]
//! units = 5000
//!
//! [[waiver]]
//! fingerprint = "inheritance.daughter-excluded:1f2e3d4c5b6a7988"
//! reviewer = "Nguyễn Thị Lan, công chức tư pháp xã"
//! reason = "Điều khoản đã được hội nghị thôn bãi bỏ"
//! date = 2025-03-01
//! "#)?;
//! assert_eq!(config.limits.units, 5000);
//! assert_eq!(config.waivers[0].date.as_deref(), Some("2025-03-01"));
//! # Ok::<(), huonguoc_batch::config::ConfigError>(())
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{GroupBy, WaiverEntry};

mod date;
mod limits;

pub use date::Date;
pub use limits::Limits;

/// The name looked for in a covenant's folder and its parents.
pub const FILE_NAME: &str = "huonguoc.toml";

/// The largest `huonguoc.toml` read: thousands of waivers fit in a few
/// hundred KB, while a 31 MB one took 7 s and 793 MB to parse.
pub const MAX_CONFIG_BYTES: u64 = 8 * 1024 * 1024;

/// A parsed config file.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// Settings that flags override.
    pub settings: Settings,
    /// The resource budget of each file.
    pub limits: Limits,
    /// Reviewed waivers, dates checked.
    pub waivers: Vec<WaiverEntry>,
}

/// `[settings]`.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The manifest CSV, relative to the config file.
    pub manifest: Option<PathBuf>,
    /// How to roll up covenants.
    pub group_by: Option<GroupBy>,
    /// A rule pack folder, relative to the config file.
    pub rules: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    settings: Settings,
    #[serde(default)]
    limits: Limits,
    #[serde(default, rename = "waiver")]
    waivers: Vec<RawWaiver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    fingerprint: String,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    date: Option<Date>,
    #[serde(default)]
    expires: Option<Date>,
}

/// Why a config could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// It could not be read.
    Io,
    /// It is larger than [`MAX_CONFIG_BYTES`].
    TooLarge,
    /// It is not UTF-8.
    NotUtf8,
    /// It is not valid TOML, or not a valid config.
    Invalid,
}

/// A config error, with the line when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    kind: ConfigErrorKind,
    line: Option<usize>,
    message: String,
}

impl ConfigError {
    fn new(kind: ConfigErrorKind, message: impl Into<String>) -> ConfigError {
        ConfigError {
            kind,
            line: None,
            message: message.into(),
        }
    }

    /// The broad reason.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// The line of the file, counted from 1, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What is wrong, without the line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "dòng {line} (line {line}): ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Parses a config's text.
pub fn parse(text: &str) -> Result<Config, ConfigError> {
    let raw: Raw = toml::from_str(text).map_err(|e| ConfigError {
        kind: ConfigErrorKind::Invalid,
        line: e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
        message: format!(
            "tệp cấu hình không hợp lệ (invalid config): {}",
            e.message()
        ),
    })?;
    raw.limits.check()?;
    Ok(Config {
        settings: raw.settings,
        limits: raw.limits,
        waivers: raw.waivers.into_iter().map(RawWaiver::into_entry).collect(),
    })
}

impl RawWaiver {
    fn into_entry(self) -> WaiverEntry {
        WaiverEntry {
            fingerprint: self.fingerprint,
            reviewer: self.reviewer,
            reason: self.reason,
            date: self.date.map(|d| d.0),
            expires: self.expires.map(|d| d.0),
        }
    }
}

/// Reads and parses one config file, at most [`MAX_CONFIG_BYTES`] of it.
pub fn read(path: &Path) -> Result<Config, ConfigError> {
    let io = |e: std::io::Error| ConfigError::new(ConfigErrorKind::Io, e.to_string());
    let file = std::fs::File::open(path).map_err(io)?;
    if !file.metadata().map_err(io)?.is_file() {
        return Err(ConfigError::new(
            ConfigErrorKind::Io,
            "không phải tệp thường (not a regular file)",
        ));
    }
    parse(&read_limited(file, MAX_CONFIG_BYTES)?)
}

/// Reads at most `limit` bytes of UTF-8, failing beyond them with an error
/// that names the limit.
fn read_limited(reader: impl std::io::Read, limit: u64) -> Result<String, ConfigError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ConfigError::new(ConfigErrorKind::Io, e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ConfigError::new(
            ConfigErrorKind::TooLarge,
            format!(
                "tệp cấu hình lớn hơn giới hạn {limit} byte (config file exceeds {limit} bytes)"
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        ConfigError::new(
            ConfigErrorKind::NotUtf8,
            "tệp cấu hình không phải UTF-8 (config is not UTF-8)",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_reads_are_bounded() {
        // (content, limit, accepted)
        let table: &[(&[u8], u64, Option<ConfigErrorKind>)] = &[
            (b"", 4, None),
            (b"abcd", 4, None),
            (b"abcde", 4, Some(ConfigErrorKind::TooLarge)),
            (b"\xff", 4, Some(ConfigErrorKind::NotUtf8)),
        ];
        for &(content, limit, want) in table {
            let got = read_limited(content, limit);
            assert_eq!(
                got.as_ref().err().map(ConfigError::kind),
                want,
                "{content:?}"
            );
            if content.len() as u64 > limit {
                let err = got.unwrap_err().to_string();
                assert!(err.contains(&format!("{limit} byte")), "{err}");
            }
        }
        // An endless file (as /dev/zero) stops at the limit.
        let err = read_limited(std::io::repeat(b'#'), MAX_CONFIG_BYTES).unwrap_err();
        assert!(err.to_string().contains("8388608"), "{err}");
    }

    #[test]
    fn bad_configs_name_the_line() {
        // (text, line of the error)
        let table = [
            ("[settings]\ngroup-by = \"village\"\n", Some(2)),
            (
                "[[waiver]]\nfingerprint = \"a:1\"\ndate = 2025-02-30\n",
                Some(3),
            ),
            (
                "[[waiver]]\nfingerprint = \"a:1\"\ndate = \"+025-02-03\"\n",
                Some(3),
            ),
            ("[limits]\nunits = -1\n", Some(2)),
            ("[limits]\nwork = 3\n", Some(2)),
            ("[unknown]\n", Some(1)),
        ];
        for (text, line) in table {
            let err = parse(text).unwrap_err();
            assert_eq!(err.kind(), ConfigErrorKind::Invalid, "{text}");
            assert_eq!(err.line(), line, "{text}: {err}");
        }
    }

    #[test]
    fn waivers_and_settings_are_read() {
        let c = parse(
            "[settings]\nmanifest = \"ds.csv\"\n[[waiver]]\nfingerprint = \"a:1\"\nexpires = \"2026-01-31\"\n",
        )
        .unwrap();
        assert_eq!(c.settings.manifest, Some(PathBuf::from("ds.csv")));
        assert_eq!(c.waivers[0].expires.as_deref(), Some("2026-01-31"));
        assert_eq!(c.waivers[0].reviewer, "");
        assert_eq!(c.limits, Limits::default());
    }
}
