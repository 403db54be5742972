//! The commune and district of each covenant, and the roll-ups by group.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use huonguoc_screen::{FileReport, Group};

use crate::args::GroupBy;
use crate::config::Date;

/// Where a covenant belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub commune: String,
    pub district: String,
}

/// `--manifest FILE.csv`: `path,commune,district,adopted`, paths relative
/// to the manifest's folder.
#[derive(Debug, Default)]
pub struct Manifest {
    by_path: HashMap<PathBuf, Place>,
}

impl Manifest {
    /// Reads a manifest. A missing column, a bad date or a short row is an
    /// error naming the row, since a wrong roll-up misleads a district.
    pub fn read(path: &Path) -> Result<Manifest> {
        let bytes = std::fs::read(path)
            .with_context(|| format!("không đọc được danh sách {}", path.display()))?;
        // Excel writes a BOM; the header must still be found.
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let headers = rdr
            .headers()
            .with_context(|| format!("{}: không đọc được dòng tiêu đề", path.display()))?
            .clone();
        let col = |name: &str| -> Result<usize> {
            headers.iter().position(|h| h == name).with_context(|| {
                format!(
                    "{}: thiếu cột `{name}` (missing column); cần path,commune,district,adopted",
                    path.display()
                )
            })
        };
        let (c_path, c_commune, c_district) = (col("path")?, col("commune")?, col("district")?);
        let c_adopted = headers.iter().position(|h| h == "adopted");
        let base = path.parent().unwrap_or(Path::new("."));
        let mut by_path = HashMap::new();
        for (i, row) in rdr.records().enumerate() {
            let line = i + 2;
            let row =
                row.with_context(|| format!("{}:{line}: dòng không hợp lệ", path.display()))?;
            let get = |c: usize| row.get(c).unwrap_or("").to_owned();
            let file = get(c_path);
            if file.is_empty() {
                bail!("{}:{line}: thiếu đường dẫn (empty path)", path.display());
            }
            // The adoption date is checked so a typo is caught here, though
            // the reports do not use it yet.
            if let Some(s) = c_adopted.map(get).filter(|s| !s.is_empty()) {
                Date::parse(&s).with_context(|| {
                    format!(
                        "{}:{line}: ngày thông qua `{s}` phải có dạng YYYY-MM-DD",
                        path.display()
                    )
                })?;
            }
            by_path.insert(
                key(&base.join(&file)),
                Place {
                    commune: get(c_commune),
                    district: get(c_district),
                },
            );
        }
        Ok(Manifest { by_path })
    }

    fn place(&self, file: &Path) -> Option<&Place> {
        self.by_path.get(&key(file))
    }
}

/// A path in a form that two spellings of one file share.
fn key(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Sets commune and district on each report: from the manifest when one is
/// given, else from the layout `district/commune/file` under the scanned
/// folder.
pub fn assign(files: &mut [FileReport], manifest: Option<&Manifest>, roots: &[PathBuf]) {
    for r in files {
        let path = Path::new(&r.path);
        let place = match manifest {
            Some(m) => m
                .place(path)
                .map(|p| (p.commune.clone(), p.district.clone())),
            None => from_layout(path, roots),
        };
        if let Some((commune, district)) = place {
            r.commune = Some(commune).filter(|s| !s.is_empty());
            r.district = Some(district).filter(|s| !s.is_empty());
        }
    }
}

/// `…/district/commune/file` under one of the scanned folders.
fn from_layout(path: &Path, roots: &[PathBuf]) -> Option<(String, String)> {
    let rel = roots
        .iter()
        .filter_map(|root| path.strip_prefix(root).ok())
        .min_by_key(|rel| rel.components().count())?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [.., district, commune, _file] => Some((commune.clone(), district.clone())),
        _ => None,
    }
}

/// The name of covenants with no known commune or district.
pub const UNKNOWN: &str = "(chưa rõ)";

/// One roll-up per group, in name order.
pub fn roll_up(files: &[FileReport], by: GroupBy) -> Vec<Group> {
    let mut groups: BTreeMap<(String, String), Vec<&FileReport>> = BTreeMap::new();
    for r in files {
        let district = r.district.clone().unwrap_or_else(|| UNKNOWN.to_owned());
        let k = match by {
            GroupBy::District => (district, String::new()),
            GroupBy::Commune => (
                district,
                r.commune.clone().unwrap_or_else(|| UNKNOWN.to_owned()),
            ),
        };
        groups.entry(k).or_default().push(r);
    }
    groups
        .into_iter()
        .map(|((district, commune), members)| match by {
            GroupBy::District => Group::of("district", &district, None, &members),
            GroupBy::Commune => Group::of("commune", &commune, Some(&district), &members),
        })
        .collect()
}

/// Groups lowest rate first: the communes a district office calls first.
pub fn by_rate(groups: &[Group]) -> Vec<&Group> {
    let mut v: Vec<&Group> = groups.iter().collect();
    v.sort_by(|a, b| {
        a.compliance_rate
            .total_cmp(&b.compliance_rate)
            .then_with(|| a.name.cmp(&b.name))
    });
    v
}

/// A group's label: "Xã A (Huyện B)" for communes.
pub fn label(g: &Group) -> String {
    match &g.district {
        Some(d) if d != UNKNOWN => format!("{} ({d})", g.name),
        _ => g.name.clone(),
    }
}
