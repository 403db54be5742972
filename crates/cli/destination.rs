//! Where a report goes: standard output, or `--output FILE` written
//! atomically, so that a reader of the file never sees half a report and
//! a failed run leaves the previous report in place.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::atomic::AtomicFile;
use crate::input::Entry;

/// A report's destination.
pub enum Destination {
    /// Standard output, buffered: one write per line of a big report costs
    /// more than rendering it.
    Stdout(BufWriter<std::io::StdoutLock<'static>>),
    /// `--output FILE`, renamed into place by [`Destination::finish`].
    File(AtomicFile, PathBuf),
}

impl Destination {
    /// Opens standard output, or the temporary file beside `output`.
    pub fn open(output: Option<&Path>) -> Result<Destination> {
        match output {
            None => {
                // A file's part is about 20 KB in JSON: a buffer that holds
                // a few spares the main thread a write or two for each,
                // where no one watches the output come.
                let out = std::io::stdout();
                let capacity = if out.is_terminal() { 8 << 10 } else { 64 << 10 };
                Ok(Destination::Stdout(BufWriter::with_capacity(
                    capacity,
                    out.lock(),
                )))
            }
            Some(path) => {
                let file = AtomicFile::create(path)
                    .with_context(|| format!("không ghi được {}", path.display()))?;
                Ok(Destination::File(file, path.to_path_buf()))
            }
        }
    }

    /// Whether the report goes to a terminal, for `--color auto`.
    pub fn is_terminal(output: Option<&Path>) -> bool {
        output.is_none() && std::io::stdout().is_terminal()
    }

    /// Flushes standard output, or puts the file in place.
    pub fn finish(self) -> Result<()> {
        match self {
            Destination::Stdout(mut out) => Ok(out.flush()?),
            Destination::File(file, path) => file
                .commit()
                .with_context(|| format!("không ghi được {}", path.display())),
        }
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Destination::Stdout(o) => o.write(buf),
            Destination::File(f, _) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Destination::Stdout(o) => o.flush(),
            Destination::File(f, _) => f.flush(),
        }
    }
}

/// Refuses an `--output` that is one of the files being screened: the
/// report would replace a covenant.
pub fn refuse_input(output: &Path, entries: &[Entry]) -> Result<()> {
    let same = |e: &Entry| match e {
        Entry::File(p) => crate::commands::same_file(p, output),
        _ => false,
    };
    if entries.iter().any(same) {
        bail!(
            "{}: tệp kết quả là một tệp đang được rà soát, không ghi đè (--output is one of the inputs)",
            output.display()
        );
    }
    Ok(())
}
