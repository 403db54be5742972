//! Writing a user's file so that a failure leaves the old one whole.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// synced and then renamed over `path`. A full disk or a crash leaves the
/// old file as it was: `huonguoc.toml` holds reviewers' waivers.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, |f| f.write_all(bytes))
}

/// Like [`write`], with the content written by `fill`, so that a test can
/// make the write fail half-way, as a full disk does.
fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut AtomicFile) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    // On an error the file is dropped uncommitted: the temporary goes.
    fill(&mut f)?;
    f.commit()
}

/// A file being written: a hidden temporary file beside `path`, renamed
/// over it by [`AtomicFile::commit`]. Dropped without a commit (an error
/// half-way through a report), the temporary file is removed and `path`
/// keeps what it held, or stays absent.
///
/// A device or FIFO (`/dev/null`, `/dev/stdout`) is written as it is: a
/// rename would put a plain file in its place, for every program on the
/// machine. A link to a file is written through, so it stays a link.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    /// The temporary file, or `None` when `path` is written directly.
    tmp: Option<PathBuf>,
    file: Option<BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Creates the temporary file (or opens the device).
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "là thư mục (is a folder)",
                ));
            }
            Ok(m) if !m.is_file() => {
                let file = std::fs::OpenOptions::new().write(true).open(path)?;
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    tmp: None,
                    file: Some(BufWriter::new(file)),
                });
            }
            _ => {}
        }
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let path = match std::fs::canonicalize(path) {
            Ok(real) if is_link => real,
            _ => path.to_path_buf(),
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map_or_else(|| "huonguoc".into(), |n| n.to_string_lossy().into_owned());
        // Hidden and not a covenant extension: a scan of the folder being
        // written into never reads it.
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)?;
        Ok(AtomicFile {
            path,
            tmp: Some(tmp),
            file: Some(BufWriter::new(file)),
        })
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(buf) = self.file.take() else {
            return Ok(());
        };
        let Some(tmp) = self.tmp.take() else {
            return buf.into_inner().map(drop).map_err(|e| e.into_error());
        };
        let result = (|| {
            let file = buf.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("committed already")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let (Some(_), Some(tmp)) = (self.file.take(), &self.tmp) {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_leaves_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huonguoc.toml");
        let old = "[[waiver]]\nfingerprint = \"a:1\"\nreviewer = \"Lan\"\n";
        std::fs::write(&path, old).unwrap();
        // Half the new content reaches the disk, then it is full.
        let err = write_with(&path, |f| {
            f.write_all(b"[[waiver]]\nfinger")?;
            f.flush()?;
            Err(std::io::Error::from_raw_os_error(28)) // ENOSPC
        })
        .unwrap_err();
        assert_eq!(err.raw_os_error(), Some(28));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), old);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "the temporary file is removed: {left:?}");
    }

    /// A rename over `-o /dev/null` replaces the machine's /dev/null with
    /// a plain file: a device or FIFO is written, never renamed over. A
    /// FIFO of our own stands in for the device, so that a regression here
    /// cannot break the machine.
    #[cfg(unix)]
    #[test]
    fn a_fifo_stays_a_fifo_and_a_link_a_link() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let reader = {
                let fifo = fifo.clone();
                std::thread::spawn(move || std::fs::read(fifo).unwrap())
            };
            write(&fifo, b"through the pipe").unwrap();
            assert_eq!(reader.join().unwrap(), b"through the pipe");
            let t = std::fs::symlink_metadata(&fifo).unwrap().file_type();
            assert!(t.is_fifo(), "the FIFO was replaced by a file");
        }

        let real = dir.path().join("that.txt");
        std::fs::write(&real, "cũ").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, "mới".as_bytes()).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "mới");
        assert!(write(dir.path(), b"x").is_err(), "a folder is refused");
    }

    #[test]
    fn a_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ra.txt");
        std::fs::write(&path, "cũ").unwrap();
        write(&path, "mới".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mới");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_uncommitted_file_leaves_the_old_one_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bao-cao.html");
        std::fs::write(&path, "old").unwrap();
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"half").unwrap();
            // Dropped: as when rendering fails half-way.
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file was left: {names:?}");
    }
}
