//! `huonguoc.toml`: settings and reviewed waivers.
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

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::args::GroupBy;

/// The name looked for in the scanned folder and its parents.
pub const FILE_NAME: &str = "huonguoc.toml";

/// A parsed config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Settings that flags override.
    #[serde(default)]
    pub settings: Settings,
    /// Reviewed waivers.
    #[serde(default, rename = "waiver")]
    pub waivers: Vec<WaiverEntry>,
}

/// `[settings]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// The manifest CSV, relative to the config file.
    pub manifest: Option<PathBuf>,
    /// How to roll up covenants.
    pub group_by: Option<GroupBy>,
    /// A rule pack folder, relative to the config file.
    pub rules: Option<PathBuf>,
    /// Rules to run, as `--select`; the command line's `--select` replaces
    /// it.
    pub select: Option<Vec<String>>,
    /// Rules to switch off, as `--ignore`.
    pub ignore: Option<Vec<String>>,
}

/// One `[[waiver]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiverEntry {
    /// Rule id and clause hash, as in a finding's `fingerprint`.
    pub fingerprint: String,
    /// Missing, empty or "chưa xem xét": the waiver waits for review.
    #[serde(default)]
    pub reviewer: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub expires: Option<Date>,
}

impl WaiverEntry {
    fn to_batch(&self) -> huonguoc_batch::WaiverEntry {
        huonguoc_batch::WaiverEntry {
            fingerprint: self.fingerprint.clone(),
            reviewer: self.reviewer.clone(),
            reason: self.reason.clone(),
            date: self.date.as_ref().map(|d| d.0.clone()),
            expires: self.expires.as_ref().map(|d| d.0.clone()),
        }
    }
}

/// A calendar date, written in TOML either bare (`2025-03-01`) or quoted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub String);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Toml(toml::value::Datetime),
        }
        let text = match Repr::deserialize(d).map_err(|_| {
            serde::de::Error::custom("ngày phải có dạng YYYY-MM-DD (date must be YYYY-MM-DD)")
        })? {
            Repr::Text(s) => s,
            Repr::Toml(dt) => dt.to_string(),
        };
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "ngày `{text}` phải có dạng YYYY-MM-DD (date must be YYYY-MM-DD)"
            ))
        })
    }
}

impl Date {
    /// Accepts `YYYY-MM-DD` with a real month and day.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        // Digits only: `str::parse` takes a sign, so "+025-02-03" passed.
        let digits = [0, 1, 2, 3, 5, 6, 8, 9];
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if !digits.iter().all(|&i| b[i].is_ascii_digit()) {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        if !(1..=12).contains(&m) || d == 0 || d > days[m as usize - 1] {
            return None;
        }
        Some(Date(s.to_owned()))
    }

    /// Today in UTC, or the day of `SOURCE_DATE_EPOCH` when it is set, so
    /// that a report (and which waivers have expired) can be reproduced.
    pub fn today() -> Date {
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok());
        let secs = epoch.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
        let (y, m, d) = civil_from_days((secs / 86_400) as i64);
        Date(format!("{y:04}-{m:02}-{d:02}"))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm), so
/// that no date crate is needed for one comparison.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

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

/// Parses one config file. Errors name the file and, through the TOML
/// parser, the line.
pub fn read(path: &Path) -> Result<Config> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("không đọc được tệp cấu hình {}", path.display()))?;
    let text = read_limited(file, MAX_CONFIG_BYTES)
        .with_context(|| format!("không đọc được tệp cấu hình {}", path.display()))?;
    match toml::from_str::<Config>(&text) {
        Ok(c) => Ok(c),
        Err(e) => {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(line) => bail!(
                    "{}:{line}: tệp cấu hình không hợp lệ (invalid config): {}",
                    path.display(),
                    e.message()
                ),
                None => bail!(
                    "{}: tệp cấu hình không hợp lệ (invalid config): {}",
                    path.display(),
                    e.message()
                ),
            }
        }
    }
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
        entries: c.waivers.iter().map(WaiverEntry::to_batch).collect(),
    };
    if let Some(l) = forced {
        return Ok(vec![set(&l.config, l.source(), None)]);
    }
    let mut found: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    let mut by_dir: std::collections::HashMap<PathBuf, Option<PathBuf>> =
        std::collections::HashMap::new();
    for f in files {
        let dir = std::path::absolute(f)
            .ok()
            .and_then(|a| a.parent().map(Path::to_path_buf));
        let Some(dir) = dir else { continue };
        let nearest = by_dir.entry(dir.clone()).or_insert_with(|| find(&dir));
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

/// The largest `huonguoc.toml` read: thousands of waivers fit in a few
/// hundred KB, while a 31 MB one took 7 s and 793 MB to parse.
pub const MAX_CONFIG_BYTES: u64 = 8 * 1024 * 1024;

/// Reads at most `limit` bytes of UTF-8, failing beyond them with an error
/// that names the limit.
fn read_limited(reader: impl std::io::Read, limit: u64) -> Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        bail!("tệp cấu hình lớn hơn giới hạn {limit} byte (config file exceeds {limit} bytes)");
    }
    String::from_utf8(bytes).context("tệp cấu hình không phải UTF-8 (config is not UTF-8)")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-13-01").is_none());
        assert!(Date::parse("25-1-1").is_none());
        // A sign or spaces inside a field are not digits.
        for bad in [
            "+025-02-03",
            "-025-02-03",
            "2025-+2-03",
            "2025-02-+3",
            " 025-02-03",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("0025-02-03").is_some());
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
    }

    #[test]
    fn config_reads_are_bounded() {
        // (content, limit, accepted)
        let table: &[(&[u8], u64, bool)] = &[
            (b"", 4, true),
            (b"abcd", 4, true),
            (b"abcde", 4, false),
            (b"\xff", 4, false),
        ];
        for &(content, limit, ok) in table {
            let got = read_limited(content, limit);
            assert_eq!(got.is_ok(), ok, "{content:?}: {got:?}");
            if content.len() as u64 > limit {
                let err = got.unwrap_err().to_string();
                assert!(err.contains(&format!("{limit} byte")), "{err}");
            }
        }
        // An endless file (as /dev/zero) stops at the limit.
        let err = read_limited(std::io::repeat(b'#'), MAX_CONFIG_BYTES).unwrap_err();
        assert!(err.to_string().contains("8388608"), "{err}");
    }
}
