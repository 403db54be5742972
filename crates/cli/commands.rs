//! The small commands: `rules`, `explain`, `normalize`, `extract`,
//! `convert`.

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};
use huonguoc_screen::{Category, Lang, Rule, RulePack, Screener};
use huonguoc_text::{Mode, normalize as to_form};
use serde_json::{Value, json};

use crate::args::{ConvertArgs, ExplainArgs, ExtractArgs, Format, NormalizeArgs, RulesArgs};
use crate::i18n::{Labels, labels};
use crate::input::load_options;

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

/// `huonguoc rules`: id, category, severity and title of every rule, as
/// columns or as JSON.
pub fn rules(a: &RulesArgs) -> Result<u8> {
    let pack = crate::load_versioned_pack(&a.pack)?;
    let rules = pack.screener.pack();
    let t = labels(crate::i18n::lang(a.lang));
    if a.format == Format::Json {
        let v = json!({
            "rule_pack": pack.version,
            "rules": rules.rules.iter().map(|r| summary(r, t.lang)).collect::<Vec<_>>(),
            "categories": rules.categories.iter().map(|c| category(c, rules)).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(0);
    }
    let w_id = rules
        .rules
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2);
    let w_cat = rules
        .rules
        .iter()
        .map(|r| r.category.len())
        .max()
        .unwrap_or(8);
    let mut out = String::new();
    for r in &rules.rules {
        let _ = writeln!(
            out,
            "{:<w_id$}  {:<w_cat$}  {:<7}  {}",
            r.id,
            r.category,
            r.severity.name(),
            t.lang.pick(&r.title, &r.title_en)
        );
    }
    let _ = writeln!(
        out,
        "{} {}, {} {}",
        rules.rules.len(),
        t.explain.rules_count,
        rules.categories.len(),
        t.explain.categories_count
    );
    print!("{out}");
    Ok(0)
}

/// A rule in the listing of `rules --format json`.
fn summary(r: &Rule, lang: Lang) -> Value {
    json!({
        "id": r.id,
        "category": r.category,
        "severity": r.severity.name(),
        "scope": r.scope,
        "title": lang.pick(&r.title, &r.title_en),
        "title_vi": r.title,
        "title_en": r.title_en,
        "legal": r.legal,
        "analysis": r.analysis.is_some(),
        "file": r.file,
        "line": r.line,
    })
}

fn category(c: &Category, pack: &RulePack) -> Value {
    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
    v["rules"] = json!(
        pack.rules
            .iter()
            .filter(|r| r.category == c.id)
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>()
    );
    v
}

/// `huonguoc explain ID`: one rule in full, or a category with its rules.
/// An unknown id is an error that offers the nearest ones.
pub fn explain(a: &ExplainArgs) -> Result<u8> {
    let screener: Screener = crate::load_pack(&a.pack)?;
    let pack = screener.pack();
    let t = labels(crate::i18n::lang(a.lang));
    let id = a.id.trim();
    let json = a.format == Format::Json;
    if let Some(r) = pack.rule(id) {
        let cat = pack.category(&r.category);
        if json {
            let v = json!({ "kind": "rule", "rule": r, "category": cat });
            println!("{}", serde_json::to_string_pretty(&v)?);
        } else {
            print!("{}", rule_text(r, cat, t));
        }
        return Ok(0);
    }
    if let Some(c) = pack.category(id) {
        let rules: Vec<&Rule> = pack.rules.iter().filter(|r| r.category == c.id).collect();
        if json {
            let v = json!({
                "kind": "category",
                "category": c,
                "rules": rules.iter().map(|r| summary(r, t.lang)).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        } else {
            print!("{}", category_text(c, &rules, t));
        }
        return Ok(0);
    }
    let names = pack
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .chain(pack.rules.iter().map(|r| r.id.as_str()));
    let near = crate::suggest::nearest(id, names, 3);
    if near.is_empty() {
        bail!("không có quy tắc hay nhóm `{id}` (no such rule or category); xem `huonguoc rules`");
    }
    bail!(
        "không có quy tắc hay nhóm `{id}` (no such rule or category); có phải (did you mean): {}?",
        near.join(", ")
    );
}

fn category_text(c: &Category, rules: &[&Rule], t: &Labels) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", c.id, t.lang.pick(&c.title, &c.title_en));
    let description = t.lang.pick(&c.description, &c.description_en);
    if !description.is_empty() {
        let _ = writeln!(o, "{description}");
    }
    if !c.legal.is_empty() {
        let _ = writeln!(o, "\n{}:", t.legal);
        for l in &c.legal {
            let _ = writeln!(o, "  - {l}");
        }
    }
    let _ = writeln!(o, "\n{} {}:", rules.len(), t.explain.rules_count);
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in rules {
        let _ = writeln!(
            o,
            "  {:<width$}  {:<7}  {}",
            r.id,
            r.severity.name(),
            t.lang.pick(&r.title, &r.title_en)
        );
    }
    o
}

fn rule_text(r: &Rule, cat: Option<&Category>, t: &Labels) -> String {
    let e = &t.explain;
    let en = t.lang == Lang::En;
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", r.id, t.lang.pick(&r.title, &r.title_en));
    if !en && !r.title_en.is_empty() {
        let _ = writeln!(o, "({})", r.title_en);
    }
    let _ = writeln!(
        o,
        "{}: {} ({})",
        e.category,
        r.category,
        cat.map_or("", |c| t.lang.pick(&c.title, &c.title_en))
    );
    let _ = writeln!(
        o,
        "{}: {} ({})",
        e.severity,
        t.severity(r.severity),
        r.severity.name()
    );
    let _ = writeln!(o, "{}: {}", e.scope, t.scope(r.scope));
    let _ = writeln!(o, "{}: {}:{}", e.file, r.file, r.line);
    let _ = writeln!(
        o,
        "\n{}: {}",
        e.message,
        t.lang.pick(&r.message, &r.message_en)
    );
    if !en && !r.message_en.is_empty() {
        let _ = writeln!(o, "message: {}", r.message_en);
    }
    let _ = writeln!(o, "\n{}:", t.legal);
    for l in &r.legal {
        let _ = writeln!(o, "  - {l}");
    }
    let _ = writeln!(
        o,
        "\n{}: {}",
        t.suggestion,
        t.lang.pick(&r.suggestion, &r.suggestion_en)
    );
    let _ = writeln!(o, "\n{}:", e.conditions);
    for g in &r.all {
        let _ = writeln!(o, "  {}: {}", e.all_of, g.join(" | "));
    }
    if !r.seq.is_empty() {
        let steps: Vec<String> = r
            .seq
            .iter()
            .map(|g| format!("({})", g.join(" | ")))
            .collect();
        let _ = writeln!(
            o,
            "  {} ({}): {}",
            e.in_order,
            e.words_apart.replace("{}", &r.gap.to_string()),
            steps.join(" … ")
        );
    }
    for p in &r.patterns {
        let _ = writeln!(o, "  {}: {p}", e.pattern);
    }
    if !r.unless.is_empty() {
        let _ = writeln!(o, "  {}: {}", e.unless, r.unless.join(" | "));
    }
    let _ = writeln!(o, "\n{}:", e.must_flag);
    for x in &r.examples.flag {
        let _ = writeln!(o, "  + {x}");
    }
    let _ = writeln!(o, "{}:", e.must_pass);
    for x in &r.examples.pass {
        let _ = writeln!(o, "  - {x}");
    }
    rewrite(&mut o, r);
    o
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
    let near = crate::stdin::located(&a.file, a.stdin.stdin_name.as_deref());
    let read = load_options(&a.input, &crate::config::limits_near(&near)?)?;
    let loaded = crate::stdin::load(&a.file, a.stdin.stdin_name.as_deref(), &read)?;
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
    let near = crate::stdin::located(&a.file, a.stdin.stdin_name.as_deref());
    let loaded = crate::stdin::load(
        &a.file,
        a.stdin.stdin_name.as_deref(),
        &load_options(&a.input, &crate::config::limits_near(&near)?)?,
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
    refuse_own_input(a)?;
    let near = crate::stdin::located(&a.file, a.stdin.stdin_name.as_deref());
    let loaded = crate::stdin::load(
        &a.file,
        a.stdin.stdin_name.as_deref(),
        &load_options(&a.input, &crate::config::limits_near(&near)?)?,
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

/// `convert -o` naming its own input would replace the covenant with its
/// conversion: refused, whatever the spelling of the two paths (links,
/// `./`, `..`, a hard link).
fn refuse_own_input(a: &ConvertArgs) -> Result<()> {
    if crate::stdin::is_dash(&a.file) || a.output.as_os_str() == "-" {
        return Ok(());
    }
    if same_file(&a.file, &a.output) {
        bail!(
            "{}: tệp kết quả chính là tệp vào, không ghi đè (convert -o names its own input); chọn tên khác",
            a.output.display()
        );
    }
    Ok(())
}

/// Whether two paths name one file: the same device and inode on Unix,
/// the same real path elsewhere. A path that does not exist is no file.
pub fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}
