//! Shell completions, generated from the clap definitions so that they
//! never drift from the real flags; the man pages are `manual`'s.

use std::io::Write;

use anyhow::Result;
use clap::CommandFactory;

use crate::args::Cli;

/// `huonguoc completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> Result<u8> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "huonguoc", &mut out);
    out.flush()?;
    Ok(0)
}
