//! The `huonguoc` command: glue between the command line, the file system,
//! the screening engine and the report formats.

#[macro_use]
mod escape;

mod amend;
mod args;
mod atomic;
mod baseline;
mod commands;
mod completions;
mod config;
mod destination;
mod diff;
mod eval;
mod eval_clauses;
mod group;
mod i18n;
mod input;
mod manual;
mod ordered;
mod output;
mod progress;
mod scan;
mod scan_cmd;
mod select;

mod stdin;
mod suggest;
mod test_pack;
mod walk;

// jemalloc: a scan allocates and frees many small vectors per covenant on
// every worker, where glibc's malloc spent about 6% of the CPU and more
// with two threads. Measured on the 1,000-covenant bench batch: CPU -4% at
// -j1, -9% at -j2 and -13% on 10,000 covenants, for 6 MB more peak RSS.
// mimalloc saved as much but doubled the peak RSS.
#[cfg(not(windows))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::process::ExitCode;

use anyhow::{Context, Result};
use huonguoc_batch::Pack;
use huonguoc_screen::Screener;

use crate::args::{Cli, Command, PackArgs};

/// Exit codes: 0 clean, 1 findings at or above the threshold, 2 errors.
/// An error wins over findings, as in grep.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = manual::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            note!("huonguoc: lỗi: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Scan(a) => scan_cmd::run(a),
        Command::Rules(a) if a.terms => commands::terms(&load_pack(&a.pack)?),
        Command::Rules(a) => commands::rules(&a),
        Command::Explain(a) => commands::explain(&a),
        Command::Normalize(a) => commands::normalize(&a),
        Command::Extract(a) => commands::extract(&a),
        Command::Convert(a) => commands::convert(&a),
        Command::Test(a) => test_pack::run(&a),
        Command::Eval(a) => eval::run(&a),
        Command::Baseline(a) => baseline::run(&a),
        Command::Diff(a) => diff::run(&a),
        Command::Amend(a) => amend::run(&a),
        Command::Completions(a) => completions::completions(a.shell),
        Command::Man(a) => manual::run(&a),
    }
}

/// Loads the embedded pack, or the one in `--rules DIR`.
pub fn load_pack(args: &PackArgs) -> Result<Screener> {
    Ok(load_versioned_pack(args)?.screener)
}

/// Like [`load_pack`], with the pack's version for reports.
pub fn load_versioned_pack(args: &PackArgs) -> Result<Pack> {
    match &args.rules {
        Some(dir) => Pack::from_dir(dir)
            .with_context(|| format!("không nạp được bộ quy tắc trong {}", dir.display())),
        None => Pack::embedded().context("bộ quy tắc có sẵn không nạp được"),
    }
}
