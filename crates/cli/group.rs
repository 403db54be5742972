//! The commune and district of each covenant, and the roll-ups by group.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use huonguoc_batch::FileReport;

use crate::config::Date;

/// Where a covenant belongs, and when it was adopted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub commune: String,
    pub district: String,
    pub adopted: Option<String>,
}

/// `--manifest FILE.csv`: `path,commune,district,adopted`, paths relative
/// to the manifest's folder. It lists the covenants a district expects.
#[derive(Debug, Default)]
pub struct Manifest {
    by_path: HashMap<PathBuf, Place>,
    /// Each row's file as written (joined to the manifest's folder), in
    /// row order.
    rows: Vec<PathBuf>,
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
        let mut rows = Vec::new();
        for (i, row) in rdr.records().enumerate() {
            let line = i + 2;
            let row =
                row.with_context(|| format!("{}:{line}: dòng không hợp lệ", path.display()))?;
            let get = |c: usize| row.get(c).unwrap_or("").to_owned();
            let file = get(c_path);
            if file.is_empty() {
                bail!("{}:{line}: thiếu đường dẫn (empty path)", path.display());
            }
            // A typo in a date would move a covenant out of a target's
            // scope, so it is an error, not a guess.
            let adopted = c_adopted.map(get).filter(|s| !s.is_empty());
            if let Some(s) = &adopted {
                let year_only = s.len() == 4 && huonguoc_batch::adoption_year(s).is_some();
                if !year_only && Date::parse(s).is_none() {
                    bail!(
                        "{}:{line}: ngày thông qua `{s}` phải có dạng YYYY-MM-DD hoặc YYYY (adopted: a date or a year)",
                        path.display()
                    );
                }
            }
            let joined = base.join(&file);
            by_path.insert(
                key(&joined),
                Place {
                    commune: get(c_commune),
                    district: get(c_district),
                    adopted,
                },
            );
            rows.push(joined);
        }
        Ok(Manifest { by_path, rows })
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

/// Sets commune, district and adoption date on each report: from the
/// manifest when one is given, else from the folder layout.
pub fn assign(files: &mut [FileReport], manifest: Option<&Manifest>, roots: &[PathBuf]) {
    for r in files {
        let path = Path::new(&r.path);
        let place = match manifest {
            Some(m) => m.place(path).cloned(),
            None => from_layout(path, roots),
        };
        if manifest.is_some() && place.is_some() {
            r.listed_in_manifest();
        }
        if let Some(p) = place {
            r.commune = Some(p.commune).filter(|s| !s.is_empty());
            r.district = Some(p.district).filter(|s| !s.is_empty());
            r.adopted = p.adopted;
        }
    }
}

/// Manifest rows with no file, under the scanned paths: a district's list
/// says the covenant exists, so it counts, as not verified. Rows outside
/// the scanned paths belong to another scan.
pub fn missing(manifest: &Manifest, roots: &[PathBuf], present: &[String]) -> Vec<FileReport> {
    let have: HashSet<PathBuf> = present.iter().map(|p| key(Path::new(p))).collect();
    let roots: Vec<PathBuf> = roots.iter().map(|r| key(r)).collect();
    manifest
        .rows
        .iter()
        .filter(|p| !p.exists())
        .filter(|p| {
            let k = key(p);
            !have.contains(&k) && roots.iter().any(|r| k.starts_with(r))
        })
        .map(|p| FileReport::missing(crate::scan::display(p)))
        .collect()
}

/// The layout `district/commune/file`: the last three names of the path
/// as given below a scanned folder, counting the folder's own name, so
/// that `scan "Huyện Yên Lập"` and `scan huyen/xa/thon.txt` both roll up.
/// A file named directly is taken as written. Hidden names (`.tmp…`) are
/// never places.
fn from_layout(path: &Path, roots: &[PathBuf]) -> Option<Place> {
    let below = roots
        .iter()
        .filter(|root| root.as_path() != path)
        .filter_map(|root| path.strip_prefix(root).ok().map(|rel| (root, rel)))
        .min_by_key(|(_, rel)| rel.components().count());
    let mut names: Vec<String> = match below {
        Some((root, rel)) => folder_name(root).into_iter().chain(normal(rel)).collect(),
        None => normal(path).collect(),
    };
    let file = names.pop()?;
    let commune = names.pop()?;
    let district = names.pop()?;
    if [&file, &commune, &district]
        .iter()
        .any(|n| n.starts_with('.'))
    {
        return None;
    }
    Some(Place {
        commune,
        district,
        adopted: None,
    })
}

fn normal(p: &Path) -> impl Iterator<Item = String> + '_ {
    p.components().filter_map(|c| match c {
        Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
        _ => None,
    })
}

/// A folder's own name, also for `.` and `..`.
fn folder_name(root: &Path) -> Option<String> {
    let named = normal(root).last();
    named.or_else(|| {
        std::fs::canonicalize(root)
            .ok()?
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    })
}
