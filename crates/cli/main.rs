//! The `huonguoc` command: glue between the command line, the file system,
//! the screening engine and the report formats.

mod args;
mod commands;
mod eval;
mod input;
mod output;
mod scan;
mod test_pack;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use huonguoc_screen::{Screener, Severity};

use crate::args::{Cli, ColorChoice, Command, FailOn, Format, PackArgs};

/// Exit codes: 0 clean, 1 findings at or above the threshold, 2 errors.
/// An error wins over findings, as in grep.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("huonguoc: lỗi: {e:#}");
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
        Command::Scan(a) => scan_cmd(a),
        Command::Rules(a) => commands::rules(&load_pack(&a.pack)?),
        Command::Explain(a) => commands::explain(&load_pack(&a.pack)?, &a.id),
        Command::Normalize(a) => commands::normalize(&a),
        Command::Extract(a) => commands::extract(&a),
        Command::Convert(a) => commands::convert(&a),
        Command::Test(a) => test_pack::run(&a),
        Command::Eval(a) => eval::run(&a),
    }
}

/// Loads the embedded pack, or the one in `--rules DIR`.
pub fn load_pack(args: &PackArgs) -> Result<Screener> {
    match &args.rules {
        Some(dir) => Screener::from_dir(dir)
            .with_context(|| format!("không nạp được bộ quy tắc trong {}", dir.display())),
        None => Screener::embedded().context("bộ quy tắc có sẵn không nạp được"),
    }
}

fn scan_cmd(a: args::ScanArgs) -> Result<u8> {
    let screener = load_pack(&a.pack)?;
    let read = input::ReadOptions::from_args(&a.input)?;
    if a.threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(a.threads)
            .build_global()
            .context("không tạo được nhóm luồng")?;
    }
    let paths = if a.paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let walk = input::walk(&paths);
    let options = huonguoc_screen::ScreenOptions {
        mode: None,
        lang: match a.lang {
            args::Lang::Vi => huonguoc_screen::Lang::Vi,
            args::Lang::En => huonguoc_screen::Lang::En,
        },
    };
    let scanned = scan::scan(&screener, &walk.entries, &read, &options);
    let report = scan::report(&scanned, &walk.skipped);

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Text => {
            let color = match a.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let style = output::text::Style { color };
            if !a.quiet {
                for s in &scanned {
                    let mut buf = String::new();
                    output::text::file(&mut buf, s, style);
                    out.write_all(buf.as_bytes())?;
                }
            }
            writeln!(
                out,
                "{}",
                output::text::summary(&report.summary, &report.files)
            )?;
        }
    }
    out.flush()?;
    if !walk.skipped.is_empty() && a.format == Format::Text && !a.quiet {
        eprintln!(
            "huonguoc: bỏ qua {} tệp không phải định dạng hương ước ({}) (skipped non-covenant files)",
            walk.skipped.len(),
            input::EXTENSIONS
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let threshold = match a.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    Ok(if report.summary.errors > 0 {
        EXIT_ERROR
    } else if report
        .files
        .iter()
        .any(|f| huonguoc_screen::any_at_least(&f.findings, threshold))
    {
        EXIT_FINDINGS
    } else {
        0
    })
}
