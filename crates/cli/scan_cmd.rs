//! `huonguoc scan`: reads the config, screens, applies waivers and groups,
//! and writes the chosen format.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use huonguoc_batch::{FileReport, Measured, Report, Summary, Tally, Waivers};

use crate::args::{ColorChoice, FailOn, PackArgs, ScanArgs, ScanFormat};
use crate::config::{self, Date};
use crate::{
    EXIT_ERROR, EXIT_FINDINGS, group, input, load_versioned_pack, ordered, output, progress, scan,
};

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
    let pack = load_versioned_pack(&pack_args)?;
    let mut options = input::batch_options(&a.input, &cfg.config.limits)?;
    let manifest_path = a
        .review
        .manifest
        .clone()
        .or_else(|| settings.manifest.as_deref().map(|p| cfg.resolve(p)));
    let manifest = manifest_path
        .as_deref()
        .map(group::Manifest::read)
        .transpose()?;
    let group_by = a
        .group_by
        .map(crate::args::GroupBy::to_batch)
        .or(settings.group_by);

    let walk = input::walk(&paths);
    for l in &walk.loops {
        note!(
            "huonguoc: cảnh báo: {}: liên kết vòng tới thư mục chứa nó, không đi vào (symlink loop, not followed)",
            scan::display(l)
        );
    }
    let lang = match a.lang {
        crate::args::Lang::Vi => huonguoc_screen::Lang::Vi,
        crate::args::Lang::En => huonguoc_screen::Lang::En,
    };
    options.screen = huonguoc_screen::ScreenOptions {
        mode: None,
        lang,
        ..Default::default()
    };
    options.all_files = a.all_files;

    // Manifest rows with no file are known before anything is read, so
    // they take their place in the output order like any file.
    let mut items: Vec<Item> = walk.entries.iter().cloned().map(Item::Entry).collect();
    if let Some(m) = &manifest {
        let present: Vec<String> = walk
            .entries
            .iter()
            .map(|e| scan::display(e.path()))
            .collect();
        for f in group::missing(m, &paths, &present) {
            // Named on stderr too, so that a JSON or CSV run still says it.
            note!(
                "huonguoc: cảnh báo: {}: có trong danh sách nhưng không tìm thấy tệp, tính là chưa xác minh (listed in the manifest, file missing)",
                f.path
            );
            items.push(Item::Missing(Box::new(f)));
        }
        items.sort_by_cached_key(Item::shown);
    }
    let today = Date::today();
    let forced = a.review.config.is_some().then_some(&cfg);
    let shown: Vec<String> = items.iter().map(Item::shown).collect();
    let file_paths: Vec<&Path> = shown.iter().map(Path::new).collect();
    let waivers = Waivers::new(config::waiver_sets(forced, &file_paths)?, &today.0);
    let measured = Measured {
        date: today.0.clone(),
        tool: "huonguoc".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        rule_pack: pack.version.clone(),
        all_files: a.all_files,
    };

    let mut sink = output::stream::Sink::new(a.format, style(&a), a.quiet, a.csv_summary, lang);
    // One write per line of a big report costs more than rendering it.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    sink.head(&mut out, &measured)?;
    let bar = progress::bar(items.len());
    let mut tallies: Vec<Tally> = Vec::with_capacity(items.len());
    let keep = sink.keeps_reports();
    let renderer = sink.renderer();
    let job = |i: usize| -> Result<Done> {
        let mut r = match &items[i] {
            Item::Entry(e) => scan::scan_one(&pack.screener, e, &options),
            Item::Missing(f) => (**f).clone(),
        };
        group::assign(std::slice::from_mut(&mut r), manifest.as_ref(), &paths);
        waivers.apply(&mut r);
        let tally = Tally::of(&r);
        if a.new_only {
            // Only the listing changes: the tally above was taken with
            // every finding, so hiding reviewed ones cannot make a
            // covenant pass.
            r.findings.retain(|x| x.waiver.is_none());
        }
        let part = renderer.render(&r)?;
        Ok(Done {
            part,
            tally,
            report: keep.then_some(r),
        })
    };
    let crashed = |i: usize| -> Result<Done> {
        let r = FileReport::unreadable(
            items[i].shown(),
            "lỗi nội bộ khi đọc tệp này; hãy báo lỗi kèm tệp (internal error)",
        );
        Ok(Done {
            part: renderer.render(&r)?,
            tally: Tally::of(&r),
            report: keep.then_some(r),
        })
    };
    let threads = if a.threads > 0 {
        a.threads
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    ordered::ordered(items.len(), threads, 32 * threads, job, crashed, |done| {
        let done = done?;
        sink.file(&mut out, &done.part, done.report)?;
        tallies.push(done.tally);
        bar.inc(1);
        Ok(())
    })?;
    bar.finish_and_clear();

    if let Some(m) = &manifest_path {
        // A covenant missing from the manifest would silently fall into
        // "(chưa rõ)" and skew a commune's rate: say so.
        let unlisted = tallies
            .iter()
            .filter(|f| f.is_covenant() && f.commune.is_none())
            .count();
        if unlisted > 0 {
            note!(
                "huonguoc: cảnh báo: {unlisted} văn bản không có trong danh sách {} (not in the manifest)",
                m.display()
            );
        }
    }
    let mut report = Report::new(Vec::new(), measured);
    report.summary = Summary::from_tallies(&tallies);
    report.skipped = walk.skipped.iter().map(|p| scan::display(p)).collect();
    report.waivers = waivers.notes();
    if let Some(by) = group_by {
        report.groups = huonguoc_batch::roll_up_tallies(&tallies, by);
    }
    let notes = report.waivers.clone();
    sink.tail(&mut out, report.clone(), pack.screener.pack())?;
    out.flush()?;
    drop(out);
    for n in &notes {
        note!("huonguoc: cảnh báo: {}", huonguoc_batch::describe(n));
    }
    if !walk.skipped.is_empty() && a.format == ScanFormat::Text && !a.quiet {
        note!(
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

/// One path of the batch: a file found by the walk, or a manifest row
/// with no file.
enum Item {
    Entry(input::Entry),
    Missing(Box<FileReport>),
}

impl Item {
    /// The path as reports show it.
    fn shown(&self) -> String {
        match self {
            Item::Entry(e) => scan::display(e.path()),
            Item::Missing(f) => f.path.clone(),
        }
    }
}

/// One file, screened and rendered on a worker.
struct Done {
    part: Vec<u8>,
    tally: Tally,
    report: Option<FileReport>,
}

fn style(a: &ScanArgs) -> output::text::Style {
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    output::text::Style { color }
}

/// 2 when no covenant was found or some are not verified (unreadable, a
/// damaged or missing text layer, over a limit, missing from the folder);
/// else 1 when a finding at or above `--fail-on` stands (a waiver pending
/// review does not lift it); else 0.
fn exit_code(a: &ScanArgs, report: &Report, paths: &[PathBuf]) -> u8 {
    let s = &report.summary;
    if s.covenants == 0 {
        let shown: Vec<String> = paths.iter().map(|p| scan::display(p)).collect();
        note!(
            "huonguoc: lỗi: không tìm thấy hương ước, quy ước nào trong {} (no covenant found){}",
            shown.join(", "),
            if s.not_covenant > 0 && !a.all_files {
                "; dùng --all-files để rà soát cả tệp không nhận ra là hương ước"
            } else {
                ""
            }
        );
        return EXIT_ERROR;
    }
    // A file that could not vouch for its text (unreadable, a damaged or
    // missing text layer, missing from the folder) leaves the batch
    // unverified: never exit 0 on it, even with no finding.
    if s.not_verified > 0 {
        return EXIT_ERROR;
    }
    let st = &s.standing;
    let standing = match a.fail_on {
        FailOn::Error => st.errors,
        FailOn::Warning => st.errors + st.warnings,
        FailOn::Info => st.errors + st.warnings + st.notes,
    };
    if standing > 0 { EXIT_FINDINGS } else { 0 }
}
