//! `huonguoc amend FILE [-o DRAFT] [--apply [AMENDED]]`: the draft
//! amendment of one covenant, and with `--apply` the amended covenant.
//!
//! The drafting is `huonguoc_screen::amend` (the edits, checked by
//! screening the result) and `huonguoc_batch::Draft` (the document); this
//! module reads the config, the waivers and the manifest, and writes files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use huonguoc_batch::{Draft, FileReport, Place, WaiverStatus};
use huonguoc_screen::amend::{AmendOptions, How};
use huonguoc_screen::{Finding, ScreenOptions};

use crate::args::AmendArgs;
use crate::config::{self, Date};
use crate::{EXIT_ERROR, EXIT_FINDINGS, atomic, group, input, load_versioned_pack, scan};

pub fn run(a: &AmendArgs) -> Result<u8> {
    let cfg = config::load(a.review.config.as_deref(), std::slice::from_ref(&a.file))?;
    let pack_args = cfg.pack_args(&a.pack);
    let pack = load_versioned_pack(&pack_args)?;
    let screener = &pack.screener;
    let lang = crate::i18n::lang(a.lang);
    let mut options = input::batch_options(&a.input, &cfg.config.limits)?;
    options.screen = ScreenOptions {
        lang,
        ..Default::default()
    };
    let doc = input::load_one(&a.file, &options.load)?;
    let shown = scan::display(&a.file);
    // A damaged text layer would be amended wrongly, and a text over the
    // engine's work budget is not screened at all.
    if let Some(q) = &doc.low_quality {
        note!("huonguoc: lỗi: {shown}: chất lượng văn bản thấp: {q} (low text quality)");
        return Ok(EXIT_ERROR);
    }
    let screened = huonguoc_batch::screen_document(screener, doc.clone(), &options)
        .with_context(|| format!("{shown}: không rà soát được"))?;
    if let Some(why) = screened.not_covenant {
        note!("huonguoc: lỗi: {shown}: {}", why.message());
        return Ok(EXIT_ERROR);
    }
    let findings = screened.findings;
    let (report, accepted, pending) = review(a, &cfg, &doc, &shown, findings)?;
    let amendment = screener.amend(
        &doc.text,
        &AmendOptions {
            lang,
            leave: accepted.clone(),
        },
    );
    let mut place = Place::from_text(&doc.text);
    place.fill(report.commune.as_deref(), report.district.as_deref());
    let draft = Draft::new(&amendment, screener.pack(), place, &pending, &accepted);
    if draft.items.is_empty() {
        // Nothing to vote on: no empty draft, no copy of the covenant.
        note!(
            "huonguoc: {shown}: không có nội dung nào cần sửa đổi ({} phát hiện có miễn trừ đã được chấp nhận); không ghi dự thảo (nothing to amend)",
            draft.waived.len()
        );
        return Ok(0);
    }
    let today = Date::today();
    write_draft(a, &draft, lang, &today.0)?;
    if a.apply.is_some() {
        apply(a, &doc, &amendment)?;
    }
    summary(&shown, &draft);
    Ok(if draft.left.is_empty() {
        0
    } else {
        EXIT_FINDINGS
    })
}

/// Waivers and the manifest place for the one file, as `scan` finds them.
fn review(
    a: &AmendArgs,
    cfg: &config::Loaded,
    doc: &huonguoc_batch::Document,
    shown: &str,
    findings: Vec<Finding>,
) -> Result<(FileReport, Vec<String>, Vec<String>)> {
    let mut files = vec![FileReport::read(shown, doc, None, findings)];
    let manifest_path = a.review.manifest.clone().or_else(|| {
        cfg.config
            .settings
            .manifest
            .as_deref()
            .map(|p| cfg.resolve(p))
    });
    if let Some(m) = manifest_path {
        let manifest = group::Manifest::read(&m)?;
        group::assign(&mut files, Some(&manifest), std::slice::from_ref(&a.file));
    }
    let forced = a.review.config.is_some().then_some(cfg);
    let sets = config::waiver_sets(forced, &[a.file.as_path()])?;
    for n in huonguoc_batch::apply_waivers(&mut files, &sets, &Date::today().0) {
        note!("huonguoc: cảnh báo: {}", huonguoc_batch::describe(&n));
    }
    let report = files.remove(0);
    let with = |s: WaiverStatus| {
        report
            .findings
            .iter()
            .filter(|f| f.waiver.as_ref().is_some_and(|w| w.status == s))
            .map(|f| f.fingerprint.clone())
            .collect::<Vec<_>>()
    };
    let (accepted, pending) = (
        with(WaiverStatus::Accepted),
        with(WaiverStatus::PendingReview),
    );
    Ok((report, accepted, pending))
}

fn write_draft(
    a: &AmendArgs,
    draft: &Draft,
    lang: huonguoc_screen::Lang,
    date: &str,
) -> Result<()> {
    // The draft quotes the covenant: its control characters are shown, not
    // obeyed, as in every human-readable output (the .docx writer drops them).
    let markdown = || {
        let md = draft.markdown(lang, date);
        let mut out = String::with_capacity(md.len());
        for line in md.lines() {
            out.push_str(&crate::escape::controls(line));
            out.push('\n');
        }
        out
    };
    let Some(out) = &a.output else {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(markdown().as_bytes())?;
        return Ok(stdout.flush()?);
    };
    let docx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let bytes = if docx {
        huonguoc_formats::write_docx(&draft.blocks(lang, date))
            .with_context(|| format!("không tạo được dự thảo {}", out.display()))?
    } else {
        markdown().into_bytes()
    };
    atomic::write(out, &bytes).with_context(|| {
        format!(
            "không ghi được dự thảo {} (cannot write the draft)",
            out.display()
        )
    })
}

fn apply(
    a: &AmendArgs,
    doc: &huonguoc_batch::Document,
    amendment: &huonguoc_screen::amend::Amendment,
) -> Result<()> {
    let bytes =
        std::fs::read(&a.file).with_context(|| format!("không đọc được {}", a.file.display()))?;
    let applied = huonguoc_batch::apply(&bytes, doc, &amendment.text, &amendment.edits)
        .with_context(|| format!("{}: không ghi được bản sửa đổi", a.file.display()))?;
    let target = match a.apply.as_ref().and_then(Option::as_ref) {
        Some(p) => p.clone(),
        None => default_target(&a.file, applied.extension),
    };
    if same_file(&target, &a.file) {
        bail!(
            "{}: không ghi đè lên hương ước gốc; bản gốc cần cho `huonguoc diff` và là văn bản đã được công nhận (refusing to overwrite the covenant)",
            target.display()
        );
    }
    atomic::write(&target, &applied.bytes).with_context(|| {
        format!(
            "không ghi được {} (cannot write the amended covenant)",
            target.display()
        )
    })?;
    if let Some(n) = &applied.note {
        note!("huonguoc: lưu ý: {}: {n}", scan::display(&target));
    }
    note!(
        "huonguoc: đã ghi hương ước đã sửa: {} (so sánh: huonguoc diff {} {})",
        scan::display(&target),
        scan::display(&a.file),
        scan::display(&target)
    );
    Ok(())
}

/// `thon-dong.txt` → `thon-dong.sua-doi.txt`, beside it.
fn default_target(file: &Path, extension: &str) -> PathBuf {
    let stem = file
        .file_stem()
        .map_or_else(|| "huong-uoc".into(), |s| s.to_string_lossy().into_owned());
    file.with_file_name(format!("{stem}.sua-doi.{extension}"))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn summary(shown: &str, draft: &Draft) {
    let c = draft.counts();
    let n = |h: How| c.iter().find(|(x, _)| *x == h).map_or(0, |(_, n)| *n);
    note!(
        "huonguoc: {shown}: {} mục sửa đổi; phát hiện: {} sửa trên câu chữ, {} thay bằng điều khoản gợi ý, {} bỏ câu, {} bãi bỏ; {} miễn trừ không sửa",
        draft.items.len(),
        n(How::Rewritten),
        n(How::Suggested),
        n(How::Deleted),
        n(How::Repealed),
        draft.waived.len()
    );
    if !draft.left.is_empty() {
        note!(
            "huonguoc: cảnh báo: {shown}: còn {} phát hiện chưa sửa được tự động (findings left)",
            draft.left.len()
        );
    }
}
