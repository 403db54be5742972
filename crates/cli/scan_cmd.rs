//! `huonguoc scan`: reads the config, screens, applies waivers and groups,
//! and writes the chosen format.

use std::path::{Path, PathBuf};

use anyhow::Result;
use huonguoc_batch::{FileReport, Measured, Report, Summary, Tally, Waivers};

use crate::args::{ColorChoice, FailOn, ScanArgs, ScanFormat};
use crate::config::{self, Date};
use crate::destination::Destination;
use crate::{
    EXIT_ERROR, EXIT_FINDINGS, group, input, load_versioned_pack, ordered, output, progress, scan,
    select, stdin, walk,
};

pub fn run(a: ScanArgs) -> Result<u8> {
    let inputs = Inputs::of(&a);
    // Where the config is looked for and folders are rolled up: standard
    // input is where its --stdin-name says.
    let paths = inputs.located.clone();
    let cfg = config::load(a.review.config.as_deref(), &paths)?;
    let settings = &cfg.config.settings;
    let pack_args = cfg.pack_args(&a.pack);
    // The walk needs nothing the pack does: it runs beside the pack's
    // load, where both ran in turn before any worker started. Its errors
    // still come where they did, after the pack's and the options'.
    let walk_options = walk::WalkOptions::from_args(&a.walk);
    let (pack, walked) = std::thread::scope(|s| {
        let walker = s.spawn(|| walk::walk(&inputs.paths, &walk_options));
        (load_versioned_pack(&pack_args), walker.join())
    });
    let mut pack = pack?;
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

    let mut walk = walked.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    if inputs.stdin {
        walk.entries.push(stdin::entry(
            a.stdin.stdin_name.as_deref(),
            options.load.max_bytes,
        ));
    }
    if let Some(out) = &a.output {
        crate::destination::refuse_input(out, &walk.entries)?;
    }
    let lang = crate::i18n::lang(a.lang);
    walk::loop_notes(&walk, lang);
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
    let waivers = Waivers::new(sets, &today.0);
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

    let mut sink = output::stream::Sink::new(a.format, style(&a), a.quiet, a.csv_summary, lang);
    let mut out = Destination::open(a.output.as_deref())?;
    sink.head(&mut out, &measured)?;
    let bar = progress::bar(items.len());
    let mut tallies: Vec<Tally> = Vec::with_capacity(items.len());
    let keep = sink.keeps_reports();
    let renderer = sink.renderer();
    let lines = renderer.source_lines();
    let job = |i: usize| -> Result<Done> {
        let mut r = match &items[i] {
            Item::Entry(e) => scan::scan_one(&pack.screener, e, &options, lines),
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
    report.excluded = walk.excluded.iter().map(|p| scan::display(p)).collect();
    report.waivers = waivers.notes();
    if let Some(by) = group_by {
        report.groups = huonguoc_batch::roll_up_tallies(&tallies, by);
    }
    let notes = report.waivers.clone();
    sink.tail(&mut out, report.clone(), pack.screener.pack())?;
    out.finish()?;
    let t = crate::i18n::labels(lang);
    for n in &notes {
        note!("huonguoc: {}: {}", t.file_warning, t.waiver_note(n));
    }
    if a.format == ScanFormat::Text && !a.quiet {
        walk::excluded_note(&walk, lang);
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
            Destination::is_terminal(a.output.as_deref())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    output::text::Style {
        color,
        lang: crate::i18n::lang(a.lang),
    }
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

/// What `scan` reads: the paths to walk, and standard input, for `-` or
/// for no path while input is piped in, as ripgrep does.
struct Inputs {
    /// Paths to walk, without `-`.
    paths: Vec<PathBuf>,
    /// Whether standard input is read.
    stdin: bool,
    /// The paths as located, `-` as its `--stdin-name` (or `<stdin>` in
    /// the current folder).
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
