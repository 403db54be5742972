//! `huonguoc scan`: reads the config, screens, applies waivers and groups,
//! and writes the chosen format.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use huonguoc_batch::{FileReport, Measured, Report, ReportedFinding};
use huonguoc_screen::Severity;

use crate::args::{ColorChoice, FailOn, PackArgs, ScanArgs, ScanFormat};
use crate::config::{self, Date};
use crate::sink::Sink;
use crate::{
    EXIT_ERROR, EXIT_FINDINGS, group, input, load_versioned_pack, output, progress, scan, select,
    stdin, walk,
};

pub fn run(a: ScanArgs) -> Result<u8> {
    let inputs = Inputs::of(&a);
    let paths = inputs.located.clone();
    let cfg = config::load(a.review.config.as_deref(), &paths)?;
    let settings = &cfg.config.settings;
    let pack_args = PackArgs {
        rules: a
            .pack
            .rules
            .clone()
            .or_else(|| settings.rules.as_deref().map(|p| cfg.resolve(p))),
    };
    let mut pack = load_versioned_pack(&pack_args)?;
    let chosen = select::resolve(
        pack.screener.pack(),
        &[
            select::Level::from_settings(settings.select.as_deref(), settings.ignore.as_deref()),
            select::Level::from_args(&a.select),
        ],
    )?;
    if !chosen.is_all() {
        let rules = pack.screener.pack();
        pack.screener = pack.screener.with_rules(|r| chosen.runs(rules, &r.id));
    }
    let load = input::load_options(&a.input)?;
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

    let walk_options = walk::WalkOptions::from_args(&a.walk);
    let mut walk = walk::walk(&inputs.paths, &walk_options)?;
    if inputs.stdin {
        walk.entries
            .push(stdin::entry(a.stdin.stdin_name.as_deref(), load.max_bytes));
    }
    if let Some(out) = &a.output {
        crate::sink::refuse_input(out, &walk.entries)?;
    }
    let lang = crate::i18n::lang(a.lang);
    let options = huonguoc_batch::Options {
        load,
        screen: huonguoc_screen::ScreenOptions {
            mode: None,
            lang,
            ..Default::default()
        },
        all_files: a.all_files,
    };
    let bar = progress::bar(walk.entries.len());
    let mut files = scan::scan_observed(&pack.screener, &walk.entries, &options, &|| bar.inc(1));
    bar.finish_and_clear();

    // Missing manifest rows, places, waivers and groups go on the file
    // reports before the summary is taken, so that every format counts
    // the same way.
    if let Some(m) = &manifest {
        let missing = group::missing(m, &paths, &files);
        for f in &missing {
            // Named on stderr too, so that a JSON or CSV run still says it.
            eprintln!(
                "huonguoc: cảnh báo: {}: có trong danh sách nhưng không tìm thấy tệp, tính là chưa xác minh (listed in the manifest, file missing)",
                f.path
            );
        }
        files.extend(missing);
        files.sort_by(|x, y| x.path.cmp(&y.path));
    }
    group::assign(&mut files, manifest.as_ref(), &paths);
    if let Some(m) = &manifest_path {
        // A covenant missing from the manifest would silently fall into
        // "(chưa rõ)" and skew a commune's rate: say so.
        let unlisted = files
            .iter()
            .filter(|f| f.is_covenant() && f.commune.is_none())
            .count();
        if unlisted > 0 {
            eprintln!(
                "huonguoc: cảnh báo: {unlisted} văn bản không có trong danh sách {} (not in the manifest)",
                m.display()
            );
        }
    }
    let today = Date::today();
    let forced = a.review.config.is_some().then_some(&cfg);
    let file_paths: Vec<&Path> = files.iter().map(|f| Path::new(f.path.as_str())).collect();
    let mut sets = config::waiver_sets(forced, &file_paths)?;
    // A waiver of a rule switched off covers nothing, and is no stale
    // waiver either.
    for set in &mut sets {
        set.entries.retain(|w| {
            let rule = w.fingerprint.split(':').next().unwrap_or("");
            chosen.is_all()
                || !pack.screener.pack().rules.iter().any(|r| r.id == rule)
                || chosen.runs(pack.screener.pack(), rule)
        });
    }
    let notes = huonguoc_batch::apply_waivers(&mut files, &sets, &today.0);
    let mut selection = chosen.describe(pack.screener.pack());
    walk_options.describe(walk.excluded.len(), &mut selection);
    selection.stdin = inputs
        .stdin
        .then(|| scan::display(&stdin::name(a.stdin.stdin_name.as_deref())));
    let measured = Measured {
        date: today.0.clone(),
        tool: "huonguoc".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        rule_pack: pack.version.clone(),
        all_files: a.all_files,
        selection,
    };
    let mut report = Report::new(files, measured);
    report.skipped = walk.skipped.iter().map(|p| scan::display(p)).collect();
    report.excluded = walk.excluded.iter().map(|p| scan::display(p)).collect();
    report.waivers = notes;
    if let Some(by) = group_by {
        report.groups = huonguoc_batch::roll_up(&report.files, by.to_batch());
    }
    if a.new_only {
        // Only the listing changes: the figure above was taken with every
        // finding, so hiding reviewed ones cannot make a covenant pass.
        for f in &mut report.files {
            f.findings.retain(|x| x.waiver.is_none());
        }
    }

    write(&a, &report, &pack, lang)?;
    if a.format == ScanFormat::Text && !a.quiet {
        walk::notes(&walk, lang);
    }
    for n in &report.waivers {
        let t = crate::i18n::labels(lang);
        eprintln!("huonguoc: {}: {}", t.file_warning, t.waiver_note(n));
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
    Ok(exit_code(&a, &report, &paths))
}

fn write(
    a: &ScanArgs,
    report: &Report,
    pack: &huonguoc_batch::Pack,
    lang: huonguoc_screen::Lang,
) -> Result<()> {
    let mut out = Sink::open(a.output.as_deref())?;
    match a.format {
        ScanFormat::Json => {
            serde_json::to_writer_pretty(&mut out, report)?;
            writeln!(out)?;
        }
        ScanFormat::Jsonl => output::jsonl::write(&mut out, report)?,
        ScanFormat::Sarif => output::sarif::write(&mut out, report, pack.screener.pack(), lang)?,
        ScanFormat::Csv => output::csv::write(&mut out, report, a.csv_summary)?,
        ScanFormat::Html => output::html::write(&mut out, report, lang)?,
        ScanFormat::Text => {
            let color = match a.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    Sink::is_terminal(a.output.as_deref())
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let style = output::text::Style { color, lang };
            if !a.quiet {
                for f in &report.files {
                    let mut buf = String::new();
                    output::text::file(&mut buf, f, style);
                    out.write_all(buf.as_bytes())?;
                }
            }
            writeln!(out, "{}", output::text::summary(report, lang))?;
            for g in huonguoc_batch::by_rate(&report.groups) {
                writeln!(out, "{}", output::text::group_line(g, lang))?;
            }
        }
    }
    out.finish()
}

/// 2 when no covenant was found or some could not be read or are missing;
/// else 1 when a finding at or above `--fail-on` stands (a waiver pending
/// review does not lift it); else 0.
fn exit_code(a: &ScanArgs, report: &Report, paths: &[PathBuf]) -> u8 {
    let s = &report.summary;
    if s.covenants == 0 {
        let shown: Vec<String> = paths.iter().map(|p| scan::display(p)).collect();
        eprintln!(
            "huonguoc: lỗi: không tìm thấy hương ước, quy ước nào trong {} (no covenant found){}",
            shown.join(", "),
            if s.not_covenant > 0 {
                "; dùng --all-files để rà soát cả tệp không nhận ra là hương ước"
            } else {
                ""
            }
        );
        return EXIT_ERROR;
    }
    if s.unverified.unreadable + s.unverified.missing > 0 {
        return EXIT_ERROR;
    }
    let threshold = match a.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    };
    let stands = |f: &ReportedFinding| f.severity >= threshold && !f.is_waived();
    if report
        .files
        .iter()
        .filter(|f| f.is_covenant())
        .flat_map(|f: &FileReport| &f.findings)
        .any(stands)
    {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// What `scan` reads: the paths to walk, and standard input, for `-` or
/// for no path while input is piped in, as ripgrep does.
struct Inputs {
    /// Paths to walk, without `-`.
    paths: Vec<PathBuf>,
    /// Whether standard input is read.
    stdin: bool,
    /// The paths as located, `-` as its `--stdin-name` (or the current
    /// folder): where the config is looked for and folders are rolled up.
    located: Vec<PathBuf>,
}

impl Inputs {
    fn of(a: &ScanArgs) -> Inputs {
        let given = if a.paths.is_empty() {
            vec![PathBuf::from(if stdin::is_piped() { "-" } else { "." })]
        } else {
            a.paths.clone()
        };
        let stdin = given.iter().any(|p| stdin::is_dash(p));
        let paths: Vec<PathBuf> = given.into_iter().filter(|p| !stdin::is_dash(p)).collect();
        let mut located = paths.clone();
        if stdin {
            located.push(stdin::name(a.stdin.stdin_name.as_deref()));
        }
        Inputs {
            paths,
            stdin,
            located,
        }
    }
}
