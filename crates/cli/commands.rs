//! The small commands: `rules`, `explain`, `normalize`.

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use huonguoc_screen::Screener;
use huonguoc_text::{Mode, normalize as to_form};

use crate::args::{ConvertArgs, ExtractArgs, NormalizeArgs};
use crate::input::{load_one, load_options};

/// `huonguoc rules`: id, category, severity and title of every rule.
/// `huonguoc rules --terms`: the automaton's terms, accented matching form.
pub fn terms(screener: &Screener) -> Result<u8> {
    use std::io::Write;
    let mut terms: Vec<&str> = screener
        .terms(huonguoc_text::Mode::Accented)
        .iter()
        .map(String::as_str)
        .collect();
    terms.sort_unstable();
    terms.dedup();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for t in terms {
        writeln!(out, "{t}")?;
    }
    out.flush()?;
    Ok(0)
}

pub fn rules(screener: &Screener) -> Result<u8> {
    let pack = screener.pack();
    let w_id = pack
        .rules
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2);
    let w_cat = pack
        .rules
        .iter()
        .map(|r| r.category.len())
        .max()
        .unwrap_or(8);
    let mut out = String::new();
    for r in &pack.rules {
        let _ = writeln!(
            out,
            "{:<w_id$}  {:<w_cat$}  {:<7}  {}",
            r.id,
            r.category,
            r.severity.name(),
            r.title
        );
    }
    let _ = writeln!(
        out,
        "{} quy tắc, {} nhóm",
        pack.rules.len(),
        pack.categories.len()
    );
    print!("{out}");
    Ok(0)
}

/// `huonguoc explain ID`: one rule in full.
pub fn explain(screener: &Screener, id: &str) -> Result<u8> {
    let pack = screener.pack();
    let Some(r) = pack.rule(id) else {
        bail!("không có quy tắc `{id}` (no such rule); xem `huonguoc rules`");
    };
    let cat = pack.category(&r.category);
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", r.id, r.title);
    if !r.title_en.is_empty() {
        let _ = writeln!(o, "({})", r.title_en);
    }
    let _ = writeln!(
        o,
        "nhóm: {} ({})",
        r.category,
        cat.map_or("", |c| c.title.as_str())
    );
    let _ = writeln!(
        o,
        "mức độ: {} ({})",
        r.severity.label_vi(),
        r.severity.name()
    );
    let _ = writeln!(o, "phạm vi: {:?}", r.scope);
    let _ = writeln!(o, "tệp: {}:{}", r.file, r.line);
    let _ = writeln!(o, "\nthông báo: {}", r.message);
    if !r.message_en.is_empty() {
        let _ = writeln!(o, "message: {}", r.message_en);
    }
    let _ = writeln!(o, "\ncăn cứ pháp lý:");
    for l in &r.legal {
        let _ = writeln!(o, "  - {l}");
    }
    let _ = writeln!(o, "\nđề nghị sửa: {}", r.suggestion);
    let _ = writeln!(o, "\nđiều kiện:");
    for g in &r.all {
        let _ = writeln!(o, "  có mặt: {}", g.join(" | "));
    }
    if !r.seq.is_empty() {
        let steps: Vec<String> = r
            .seq
            .iter()
            .map(|g| format!("({})", g.join(" | ")))
            .collect();
        let _ = writeln!(
            o,
            "  theo thứ tự (cách nhau ≤ {} từ): {}",
            r.gap,
            steps.join(" … ")
        );
    }
    for p in &r.patterns {
        let _ = writeln!(o, "  biểu thức: {p}");
    }
    if !r.unless.is_empty() {
        let _ = writeln!(o, "  trừ khi có: {}", r.unless.join(" | "));
    }
    let _ = writeln!(o, "\nví dụ phải bắt:");
    for e in &r.examples.flag {
        let _ = writeln!(o, "  + {e}");
    }
    let _ = writeln!(o, "ví dụ không được bắt:");
    for e in &r.examples.pass {
        let _ = writeln!(o, "  - {e}");
    }
    rewrite(&mut o, r);
    print!("{o}");
    Ok(0)
}

/// How `amend` changes the rule's clauses, and the rule's examples of it.
fn rewrite(o: &mut String, r: &huonguoc_screen::Rule) {
    use huonguoc_screen::RewriteAction;
    let how = match r.rewrite.as_ref().map(|w| w.action) {
        None | Some(RewriteAction::Suggest) => "thay bằng đề nghị sửa (replaced by the suggestion)",
        Some(RewriteAction::Repeal) => "bãi bỏ (repealed)",
        Some(RewriteAction::Rewrite) => "sửa trên câu chữ (rewritten)",
    };
    let _ = writeln!(
        o,
        "
khi soạn sửa đổi (amend): {how}"
    );
    if let Some(w) = &r.rewrite {
        for step in &w.replace {
            let _ = writeln!(o, "  {} → {:?}", step.find, step.with);
        }
        if !w.note.is_empty() {
            let _ = writeln!(o, "  {}", w.note);
        }
    }
    for e in &r.examples.rewrite {
        let _ = writeln!(o, "  «{}»\n   → «{}»", e.from, e.to);
    }
}

/// `huonguoc normalize FILE`: the matching form the engine searches.
pub fn normalize(a: &NormalizeArgs) -> Result<u8> {
    let read = load_options(&a.input, &crate::config::limits_near(&a.file)?)?;
    let loaded = load_one(&a.file, &read)?;
    let mode = if a.folded {
        Mode::Folded
    } else {
        Mode::Accented
    };
    let n = to_form(&loaded.text, mode);
    print!("{}", n.text);
    if !n.text.ends_with('\n') {
        println!();
    }
    Ok(0)
}

/// `huonguoc extract FILE`: exactly the text that finding offsets and
/// line/column numbers refer to.
pub fn extract(a: &ExtractArgs) -> Result<u8> {
    let loaded = load_one(
        &a.file,
        &load_options(&a.input, &crate::config::limits_near(&a.file)?)?,
    )?;
    for w in &loaded.warnings {
        note!("huonguoc: {}: {w}", a.file.display());
    }
    use std::io::Write;
    std::io::stdout().write_all(loaded.text.as_bytes())?;
    Ok(0)
}

/// `huonguoc convert FILE -o OUT`: the decoded text as UTF-8 in NFC.
pub fn convert(a: &ConvertArgs) -> Result<u8> {
    use unicode_normalization::UnicodeNormalization;
    let loaded = load_one(
        &a.file,
        &load_options(&a.input, &crate::config::limits_near(&a.file)?)?,
    )?;
    let mut text: String = loaded.text.nfc().collect();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if a.output.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        crate::atomic::write(&a.output, text.as_bytes())
            .with_context(|| format!("không ghi được {}", a.output.display()))?;
        note!(
            "huonguoc: {} ({}) → {} (UTF-8 NFC)",
            a.file.display(),
            loaded.encoding.name(),
            a.output.display()
        );
    }
    Ok(0)
}
