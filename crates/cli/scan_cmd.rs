//! `huonguoc scan`: reads the config, screens, applies waivers and groups,
//! and writes the chosen format.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use huonguoc_screen::{Report, Severity};

use crate::args::{ColorChoice, FailOn, PackArgs, ScanArgs, ScanFormat};
use crate::config::{self, Date};
use crate::{EXIT_ERROR, EXIT_FINDINGS, group, input, load_pack, output, progress, scan, waiver};

pub fn run(a: ScanArgs) -> Result<u8> {
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        a.paths.clone()
    };
    let cfg = config::load(a.review.config.as_deref(), &paths)?;
    let settings = &cfg.config.settings;
    let pack_args = PackArgs {
        rules: a
            .pack
            .rules
            .clone()
            .or_else(|| settings.rules.as_deref().map(|p| cfg.resolve(p))),
    };
    let screener = load_pack(&pack_args)?;
    let read = input::ReadOptions::from_args(&a.input)?;
    if a.threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(a.threads)
            .build_global()
            .context("không tạo được nhóm luồng")?;
    }
    let manifest_path = a
        .review
        .manifest
        .clone()
        .or_else(|| settings.manifest.as_deref().map(|p| cfg.resolve(p)));
    let manifest = manifest_path
        .as_deref()
        .map(group::Manifest::read)
        .transpose()?;
    let group_by = a.group_by.or(settings.group_by);

    let walk = input::walk(&paths);
    let lang = match a.lang {
        crate::args::Lang::Vi => huonguoc_screen::Lang::Vi,
        crate::args::Lang::En => huonguoc_screen::Lang::En,
    };
    let options = huonguoc_screen::ScreenOptions {
        mode: None,
        lang,
        ..Default::default()
    };
    let bar = progress::bar(walk.entries.len());
    let mut scanned =
        scan::scan_observed(&screener, &walk.entries, &read, &options, &|| bar.inc(1));
    bar.finish_and_clear();

    // Waivers, places and groups go on the file reports before the summary
    // is taken, so that every format counts the same way.
    let mut files: Vec<_> = scanned.iter().map(|s| s.report.clone()).collect();
    let notes = waiver::apply(&mut files, &cfg, &Date::today());
    group::assign(&mut files, manifest.as_ref(), &paths);
    if let Some(m) = &manifest_path {
        // A covenant missing from the manifest would silently fall into
        // "(chưa rõ)" and skew a commune's rate: say so.
        let missing = files.iter().filter(|f| f.commune.is_none()).count();
        if missing > 0 {
            eprintln!(
                "huonguoc: cảnh báo: {missing} văn bản không có trong danh sách {} (not in the manifest)",
                m.display()
            );
        }
    }
    if a.new_only {
        waiver::keep_new_only(&mut files);
    }
    let mut report = Report::new(files);
    report.skipped = walk.skipped.iter().map(|p| scan::display(p)).collect();
    report.waivers = notes;
    if let Some(by) = group_by {
        report.groups = group::roll_up(&report.files, by);
    }
    for (s, r) in scanned.iter_mut().zip(&report.files) {
        s.report = r.clone();
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match a.format {
        ScanFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ScanFormat::Jsonl => output::jsonl::write(&mut out, &report)?,
        ScanFormat::Sarif => output::sarif::write(&mut out, &report, screener.pack(), lang)?,
        ScanFormat::Csv => output::csv::write(&mut out, &report, a.csv_summary)?,
        ScanFormat::Html => output::html::write(&mut out, &report)?,
        ScanFormat::Text => {
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
            for g in group::by_rate(&report.groups) {
                writeln!(out, "{}", output::text::group_line(g))?;
            }
        }
    }
    out.flush()?;
    for n in &report.waivers {
        eprintln!("huonguoc: cảnh báo: {}", waiver::describe(n));
    }
    if !walk.skipped.is_empty() && a.format == ScanFormat::Text && !a.quiet {
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
