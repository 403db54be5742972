//! Walking folders as ripgrep does: `--glob`/`--exclude`, `.gitignore`,
//! `.ignore` and `.huonguocignore`, hidden files skipped unless `--hidden`,
//! links not followed unless `-L`. What the filters leave out is listed,
//! never dropped in silence, and a covenant reached twice (a linked
//! folder, a path given twice) is counted once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ignore::overrides::{Override, OverrideBuilder};

use crate::args::WalkArgs;
use crate::input::{Entry, Walk, describe_io, has_covenant_extension};

/// The ignore file of our own, read like `.ignore`.
pub const IGNORE_FILE: &str = ".huonguocignore";

/// How folders are walked.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// `--glob` patterns, then `--exclude` ones written as `!GLOB`.
    pub globs: Vec<String>,
    /// Honour `.gitignore`, `.ignore`, `.huonguocignore` and skip `.git`.
    pub ignore_files: bool,
    /// Walk hidden files and folders.
    pub hidden: bool,
    /// Follow symbolic links.
    pub follow: bool,
}

impl Default for WalkOptions {
    fn default() -> WalkOptions {
        WalkOptions {
            globs: Vec::new(),
            ignore_files: true,
            hidden: false,
            follow: false,
        }
    }
}

impl WalkOptions {
    /// The options the flags ask for; `-u` is `--no-ignore`, `-uu` adds
    /// `--hidden`, as in ripgrep.
    pub fn from_args(a: &WalkArgs) -> WalkOptions {
        let mut globs = a.globs.clone();
        globs.extend(a.excludes.iter().map(|g| match g.strip_prefix('!') {
            // `--exclude '!x'` would read as an include: it stays an exclude.
            Some(rest) => format!("!{rest}"),
            None => format!("!{g}"),
        }));
        WalkOptions {
            globs,
            ignore_files: !a.no_ignore && a.unrestricted == 0,
            hidden: a.hidden || a.unrestricted >= 2,
            follow: a.follow,
        }
    }

    /// The report's account of the filters.
    pub fn describe(&self, excluded: usize, into: &mut huonguoc_batch::Selection) {
        into.globs = self.globs.clone();
        into.ignore_files = self.ignore_files;
        into.hidden = self.hidden;
        into.follow_links = self.follow;
        into.excluded = excluded;
    }
}

/// Lists the files to screen. A file named on the command line is always
/// screened, whatever its extension and the filters; folders are walked for
/// the covenant extensions. Entries come out sorted by path, each file
/// once, so output never depends on the file system or the thread count.
pub fn walk(paths: &[PathBuf], opts: &WalkOptions) -> Result<Walk> {
    let overrides = overrides(&opts.globs)?;
    let mut walk = Walk::default();
    let mut folders = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => folders.push(path.clone()),
            Ok(_) => walk.entries.push(Entry::File(path.clone())),
            Err(e) => walk
                .entries
                .push(Entry::Broken(path.clone(), describe_io(path, &e))),
        }
    }
    for dir in &folders {
        walk_dir(dir, opts, &overrides, &mut walk);
    }
    let listed = Listed::new(&walk, opts.follow);
    for dir in &folders {
        census(dir, opts, &listed, &mut walk.excluded);
    }
    walk.entries.sort_by(|a, b| a.path().cmp(b.path()));
    dedup(&mut walk.entries);
    walk.skipped.sort();
    walk.skipped.dedup();
    walk.excluded.sort();
    walk.excluded.dedup();
    Ok(walk)
}

/// `--glob` and `--exclude`, matched against paths below the current
/// folder, as ripgrep roots them. A bad glob is an error naming it.
fn overrides(globs: &[String]) -> Result<Override> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut b = OverrideBuilder::new(cwd);
    for g in globs {
        b.add(g)
            .with_context(|| format!("mẫu glob `{g}` không hợp lệ (invalid glob)"))?;
    }
    b.build()
        .context("không dựng được bộ lọc --glob (invalid globs)")
}

fn builder(dir: &Path, opts: &WalkOptions, filtered: bool) -> ignore::WalkBuilder {
    let mut b = ignore::WalkBuilder::new(dir);
    let ignore_files = filtered && opts.ignore_files;
    b.standard_filters(ignore_files)
        .hidden(filtered && !opts.hidden)
        // A reviewer's folder is rarely a git repository, and its
        // .gitignore still says what is not a covenant.
        .require_git(false)
        .follow_links(opts.follow);
    if ignore_files {
        b.add_custom_ignore_filename(IGNORE_FILE);
    }
    // `.git` holds no covenant, with or without `--hidden`; `--no-ignore`
    // with `--hidden` walks it, as ripgrep does.
    if opts.ignore_files || !opts.hidden {
        b.filter_entry(|e| !(e.file_name() == ".git" && e.file_type().is_some_and(|t| t.is_dir())));
    }
    b
}

fn walk_dir(dir: &Path, opts: &WalkOptions, overrides: &Override, walk: &mut Walk) {
    let mut b = builder(dir, opts, true);
    b.overrides(overrides.clone());
    for item in b.build() {
        let entry = match item {
            Ok(entry) => entry,
            Err(e) => {
                broken(dir, &e, walk);
                continue;
            }
        };
        let path = entry.path();
        match entry.file_type() {
            Some(t) if t.is_dir() => {}
            Some(t) if t.is_file() => {
                if has_covenant_extension(path) {
                    walk.entries.push(Entry::File(path.to_path_buf()));
                } else {
                    walk.skipped.push(path.to_path_buf());
                }
            }
            // A link not followed (no `-L`): listed as left out, unless it
            // leads back to a folder that holds it, which holds nothing new.
            Some(t) if t.is_symlink() => {
                if let Some(target) = loops_back(path) {
                    walk.loops.push((path.to_path_buf(), target));
                } else if has_covenant_extension(path) || path.is_dir() {
                    walk.excluded.push(path.to_path_buf());
                }
            }
            // A dangling link under `-L`, a FIFO, a socket: the loader
            // names what it is.
            _ => match std::fs::metadata(path) {
                Err(e) => walk
                    .entries
                    .push(Entry::Broken(path.to_path_buf(), describe_io(path, &e))),
                Ok(m) if m.is_file() && !has_covenant_extension(path) => {
                    walk.skipped.push(path.to_path_buf())
                }
                Ok(_) => walk.entries.push(Entry::File(path.to_path_buf())),
            },
        }
    }
}

/// The folder a link leads back to, when it is the link's own folder or
/// one above it.
fn loops_back(link: &Path) -> Option<PathBuf> {
    let target = std::fs::canonicalize(link).ok()?;
    let home = std::fs::canonicalize(link.parent()?).ok()?;
    (target.is_dir() && home.starts_with(&target)).then_some(target)
}

/// A walk error: a link loop under `-L` reaches nothing new and is no
/// error; anything else is an entry that the report counts.
fn broken(dir: &Path, e: &ignore::Error, walk: &mut Walk) {
    if let Some((ancestor, child)) = find_loop(e) {
        walk.loops.push((child, ancestor));
        return;
    }
    let path = error_path(e).unwrap_or_else(|| dir.to_path_buf());
    let reason = match e.io_error() {
        Some(io) => describe_io(&path, io),
        None => e.to_string(),
    };
    walk.entries.push(Entry::Broken(path, reason));
}

fn find_loop(e: &ignore::Error) -> Option<(PathBuf, PathBuf)> {
    match e {
        ignore::Error::Loop { ancestor, child } => Some((ancestor.clone(), child.clone())),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => find_loop(err),
        _ => None,
    }
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// The covenant-format files below `dir` that the filtered walk did not
/// list: what `--glob`, the ignore files and the hidden-file rule left out.
/// Links are not followed here: one not followed is listed by the walk,
/// and under `-L` a file listed through a link is known by its real path.
fn census(dir: &Path, opts: &WalkOptions, listed: &Listed, out: &mut Vec<PathBuf>) {
    let unfiltered = WalkOptions {
        follow: false,
        ..opts.clone()
    };
    for entry in builder(dir, &unfiltered, false).build().flatten() {
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file())
            && has_covenant_extension(path)
            && !listed.contains(path)
        {
            out.push(path.to_path_buf());
        }
    }
}

/// The paths the walk listed, and under `-L` their real paths too.
struct Listed {
    paths: HashSet<PathBuf>,
    real: Option<HashSet<PathBuf>>,
}

impl Listed {
    fn new(walk: &Walk, follow: bool) -> Listed {
        let paths: HashSet<PathBuf> = walk
            .entries
            .iter()
            .map(|e| e.path().to_path_buf())
            .chain(walk.skipped.iter().cloned())
            .collect();
        let real = follow.then(|| {
            paths
                .iter()
                .filter_map(|p| std::fs::canonicalize(p).ok())
                .collect()
        });
        Listed { paths, real }
    }

    fn contains(&self, path: &Path) -> bool {
        self.paths.contains(path)
            || self
                .real
                .as_ref()
                .is_some_and(|real| std::fs::canonicalize(path).is_ok_and(|c| real.contains(&c)))
    }
}

/// Drops entries that are the same file as an earlier one (a path given
/// twice, a folder and a file in it, a linked folder under `-L`, a hard
/// link): a covenant counts once, under the first of its names.
fn dedup(entries: &mut Vec<Entry>) {
    let mut seen = HashSet::new();
    entries.retain(|e| match e {
        Entry::File(p) => seen.insert(FileKey::of(p)),
        Entry::Broken(p, _) => seen.insert(FileKey::Path(p.clone())),
        Entry::Stdin { .. } => true,
    });
}

/// What makes two paths one file.
#[derive(PartialEq, Eq, Hash)]
enum FileKey {
    /// Device and inode, where the system has them, as ripgrep's
    /// same-file check: one `stat`, where resolving the path read every
    /// folder on the way as a link and was most of the walk's time.
    #[cfg_attr(not(unix), allow(dead_code))]
    Node(u64, u64),
    /// The canonical path, else the path as given.
    Path(PathBuf),
}

impl FileKey {
    fn of(p: &Path) -> FileKey {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Ok(m) = std::fs::metadata(p) {
                return FileKey::Node(m.dev(), m.ino());
            }
        }
        FileKey::Path(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
    }
}

/// Names on stderr the link loops that were not entered, in every
/// format: a loop is no error, but the reader learns why the folder was
/// walked once.
pub fn loop_notes(walk: &Walk, lang: huonguoc_screen::Lang) {
    for (link, target) in &walk.loops {
        let (link, target) = (crate::scan::display(link), crate::scan::display(target));
        if lang == huonguoc_screen::Lang::En {
            note!(
                "huonguoc: warning: {link}: a link loop back to {target}, not followed (symlink loop)"
            );
        } else {
            note!(
                "huonguoc: cảnh báo: {link}: liên kết vòng về {target}, không đi vào (symlink loop, not followed)"
            );
        }
    }
}

/// Says on stderr what the filters left out, for a person reading the
/// text report; JSON lists them in `excluded`.
pub fn excluded_note(walk: &Walk, lang: huonguoc_screen::Lang) {
    if walk.excluded.is_empty() {
        return;
    }
    let shown: Vec<String> = walk
        .excluded
        .iter()
        .take(5)
        .map(|p| crate::scan::display(p))
        .collect();
    let more = if walk.excluded.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    if lang == huonguoc_screen::Lang::En {
        note!(
            "huonguoc: {} covenant-format files excluded by --glob/--exclude, ignore files, the hidden-file rule or links not followed (--no-ignore, --hidden, -L): {}{more}",
            walk.excluded.len(),
            shown.join(", ")
        );
    } else {
        note!(
            "huonguoc: loại trừ {} tệp định dạng hương ước theo --glob/--exclude, tệp ignore, quy tắc tệp ẩn hoặc liên kết không theo (--no-ignore, --hidden, -L): {}{more}",
            walk.excluded.len(),
            shown.join(", ")
        );
    }
}
