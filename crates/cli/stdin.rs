//! Standard input as a covenant: `-` as a path, or, for `scan`, no path
//! while something is piped in (as ripgrep does). `--stdin-name` gives it
//! a name: the format hint (its extension), where its `huonguoc.toml` is
//! looked for, and its district and commune by the folder layout.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use huonguoc_batch::{Document, LoadOptions};

/// The name shown for standard input without `--stdin-name`.
pub const DEFAULT_NAME: &str = "<stdin>";

/// Whether a path argument means standard input.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name standard input is shown by.
pub fn name(given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| PathBuf::from(DEFAULT_NAME), Path::to_path_buf)
}

/// Where a path argument is, for finding its `huonguoc.toml`: standard
/// input is where its name says, or the current folder.
pub fn located(path: &Path, stdin_name: Option<&Path>) -> PathBuf {
    if !is_dash(path) {
        return path.to_path_buf();
    }
    stdin_name.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Whether standard input holds something to read: a pipe, a redirected
/// file or a socket. A terminal, `/dev/null` and a closed input do not, so
/// a CI job with no input still walks the current folder.
pub fn is_piped() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        std::fs::File::from(fd).metadata().is_ok_and(|m| {
            let t = m.file_type();
            t.is_file() || t.is_fifo() || t.is_socket()
        })
    }
    #[cfg(not(unix))]
    {
        use std::io::IsTerminal;
        !std::io::stdin().is_terminal()
    }
}

/// Reads all of standard input, failing beyond `max` bytes (the
/// `--max-file-size` of a file) with the limit named.
pub fn read(max: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .context("không đọc được đầu vào chuẩn (cannot read standard input)")?;
    if bytes.len() as u64 > max {
        anyhow::bail!(
            "đầu vào chuẩn lớn hơn giới hạn {max} byte (standard input exceeds --max-file-size)"
        );
    }
    Ok(bytes)
}

/// Reads a file, or standard input for `-`, for the commands that take one
/// file. Errors name the file, or the name given to standard input.
pub fn load(path: &Path, stdin_name: Option<&Path>, options: &LoadOptions) -> Result<Document> {
    if !is_dash(path) {
        return crate::input::load_one(path, options);
    }
    let name = name(stdin_name);
    let bytes = read(options.max_bytes).with_context(|| name.display().to_string())?;
    let hint = name.file_name().and_then(|n| n.to_str());
    huonguoc_batch::load_bytes(&bytes, hint, options)
        .with_context(|| format!("{} (đầu vào chuẩn, stdin)", name.display()))
}

/// The entry `scan` screens for standard input: read now, once, or an
/// error entry that the report counts as unreadable.
pub fn entry(stdin_name: Option<&Path>, max: u64) -> crate::input::Entry {
    let name = name(stdin_name);
    match read(max) {
        Ok(bytes) => crate::input::Entry::Stdin {
            name,
            bytes: bytes.into(),
        },
        Err(e) => crate::input::Entry::Broken(name, format!("{e:#}")),
    }
}
