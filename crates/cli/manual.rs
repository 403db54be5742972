//! The manual: man pages for `huonguoc` and each subcommand, with exit
//! codes and examples, generated from the clap definitions so they never
//! drift from the flags; and `--help` in English when `--lang en` is on the
//! command line.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, FromArgMatches};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::args::{Cli, ManArgs};

/// Parses the command line; with `--lang en` anywhere in it, `--help`
/// speaks English.
pub fn parse() -> Cli {
    let english = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .windows(2)
        .any(|w| w[0] == "--lang" && w[1] == "en")
        || std::env::args_os().any(|a| a == "--lang=en");
    let cmd = if english {
        to_english(Cli::command())
    } else {
        Cli::command()
    };
    let matches = cmd.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The command with every help text in English: the doc comments are
/// written "tiếng Việt (English) …", and the English part is kept.
pub fn to_english(cmd: clap::Command) -> clap::Command {
    let about = cmd.get_about().map(|s| english(&s.to_string()));
    let long = cmd.get_long_about().map(|s| english(&s.to_string()));
    let mut cmd = cmd.mut_args(|a| {
        let mut help = a.get_help().map(|s| english(&s.to_string()));
        let long = a.get_long_help().map(|s| english(&s.to_string()));
        // A value's own help cannot be replaced without its parser: where
        // one is Vietnamese, the values are listed by name instead.
        let values = a.get_possible_values();
        let a = if values
            .iter()
            .any(|v| v.get_help().is_some_and(|h| vietnamese(&h.to_string())))
        {
            let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
            help = Some(format!(
                "{} [possible values: {}]",
                help.unwrap_or_default(),
                names.join(", ")
            ));
            a.hide_possible_values(true)
        } else {
            a
        };
        let a = match help {
            Some(h) => a.help(h),
            None => a,
        };
        match long {
            Some(h) => a.long_help(h),
            None => a,
        }
    });
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(long) = long {
        cmd = cmd.long_about(long);
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, to_english);
    }
    cmd
}

/// The English of a help text written "tiếng Việt (English) rest": the
/// first bracketed part with no Vietnamese in it or after it, then the
/// rest. `Rà soát … giới / Screens …` keeps what follows the slash. Text
/// with no Vietnamese is kept whole.
pub fn english(text: &str) -> String {
    if !vietnamese(text) {
        return text.to_owned();
    }
    if let Some((_, en)) = text.split_once(" / ") {
        if !vietnamese(en) {
            return en.trim().to_owned();
        }
    }
    let mut depth = 0usize;
    let mut open = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    continue;
                }
                let (Some(start), rest) = (open, &text[i + 1..]) else {
                    continue;
                };
                let inner = &text[start + 1..i];
                if !vietnamese(inner) && !vietnamese(rest) {
                    return capitalise(&format!("{inner}{rest}"));
                }
            }
            _ => {}
        }
    }
    text.to_owned()
}

/// Letters only Vietnamese (of the two) has.
pub fn vietnamese(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `huonguoc man [COMMAND] [--dir DIR]`.
pub fn run(a: &ManArgs) -> Result<u8> {
    if let Some(dir) = &a.dir {
        let written = write_all(dir)?;
        eprintln!(
            "huonguoc: đã ghi {} trang man vào {} (wrote the man pages)",
            written.len(),
            dir.display()
        );
        return Ok(0);
    }
    let cmd = built();
    let page = match a.command.as_deref() {
        None => page(&cmd, None)?,
        Some(name) => match cmd.find_subcommand(name) {
            Some(sub) => page(sub, Some(name))?,
            None => bail!(
                "không có lệnh `{name}` (no such command); các lệnh: {}",
                subcommands(&cmd).join(", ")
            ),
        },
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(0)
}

/// Writes `huonguoc.1` and `huonguoc-COMMAND.1` for every subcommand into
/// `dir`, each atomically; returns their names.
pub fn write_all(dir: &Path) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
    let cmd = built();
    let mut names = vec!["huonguoc.1".to_owned()];
    crate::atomic::write(&dir.join("huonguoc.1"), &page(&cmd, None)?)
        .with_context(|| format!("không ghi được {}", dir.display()))?;
    for name in subcommands(&cmd) {
        let sub = cmd.find_subcommand(&name).context("subcommand")?;
        let file = format!("huonguoc-{name}.1");
        crate::atomic::write(&dir.join(&file), &page(sub, Some(&name))?)
            .with_context(|| format!("không ghi được {}", dir.join(&file).display()))?;
        names.push(file);
    }
    Ok(names)
}

/// The command tree as clap completes it: display names such as
/// `huonguoc-scan`, the `help` subcommand left out.
fn built() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

fn subcommands(cmd: &clap::Command) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_owned())
        .collect()
}

/// One page: clap_mangen's sections, then exit status, examples and the
/// pages to see also.
fn page(cmd: &clap::Command, sub: Option<&str>) -> Result<Vec<u8>> {
    let man = Man::new(cmd.clone())
        .source(format!("huonguoc {}", env!("CARGO_PKG_VERSION")))
        .manual("huonguoc");
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    if sub.is_none() {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::default();
    exit_status(&mut roff, sub);
    examples(&mut roff, sub);
    see_also(&mut roff, cmd, sub);
    // Subcommands carry no version of their own; every page names the
    // release it documents.
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("huonguoc {}", env!("CARGO_PKG_VERSION")))]);
    roff.to_writer(&mut out)?;
    Ok(out)
}

/// Exit codes, as `main` and each command return them.
fn codes(sub: Option<&str>) -> &'static [(&'static str, &'static str)] {
    const USAGE: (&str, &str) = (
        "2",
        "lỗi cách dùng, lỗi bộ quy tắc, tệp không đọc được (usage error, rule-pack error, unreadable input)",
    );
    match sub {
        None | Some("scan") => &[
            (
                "0",
                "mọi tệp đã rà soát, không có phát hiện từ ngưỡng --fail-on trở lên (everything screened, nothing at or above --fail-on)",
            ),
            (
                "1",
                "có phát hiện từ ngưỡng trở lên, kể cả phát hiện có miễn trừ chưa xem xét (findings at or above --fail-on, waivers pending review included)",
            ),
            (
                "2",
                "lỗi cách dùng hoặc bộ quy tắc, tệp không đọc được, tệp trong danh sách bị thiếu, hoặc không có hương ước nào; ưu tiên hơn 1 (usage or rule-pack error, unreadable or missing covenant, or no covenant at all; wins over 1)",
            ),
        ],
        Some("diff") => &[
            (
                "0",
                "bản mới không còn nội dung bị phát hiện (nothing flagged remains)",
            ),
            (
                "1",
                "còn phát hiện cũ, có phát hiện mới hoặc điều khoản bị đánh số lại (findings remain, are new or were renumbered)",
            ),
            USAGE,
        ],
        Some("test") => &[
            (
                "0",
                "mọi ví dụ đạt, bộ quy tắc hợp lệ (every example passes, the pack lints clean)",
            ),
            (
                "1",
                "có ví dụ không đạt hoặc lỗi lint (an example fails or the pack has lint errors)",
            ),
            ("2", "bộ quy tắc không nạp được (the pack does not load)"),
        ],
        Some("eval") => &[
            ("0", "đạt mọi ngưỡng (every threshold met)"),
            ("1", "không đạt một ngưỡng (a threshold not met)"),
            USAGE,
        ],
        Some("baseline") => &[
            ("0", "đã ghi miễn trừ (the waivers were written)"),
            (
                "2",
                "có tệp không đọc được, hoặc lỗi cách dùng (an unreadable file, or a usage error)",
            ),
        ],
        Some(_) => &[("0", "thành công (success)"), USAGE],
    }
}

fn exit_status(roff: &mut Roff, sub: Option<&str>) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, what) in codes(sub) {
        roff.control("TP", []);
        roff.text([bold(*code)]);
        roff.text([roman(*what)]);
    }
}

/// Examples per command: the command line and what it does.
fn example_lines(sub: Option<&str>) -> &'static [(&'static str, &'static str)] {
    match sub {
        None => &[
            (
                "huonguoc scan huong-uoc/",
                "rà soát một thư mục (screen a folder)",
            ),
            (
                "huonguoc explain inheritance",
                "các quy tắc của một nhóm (the rules of a category)",
            ),
            (
                "huonguoc man --dir /usr/local/share/man/man1",
                "cài mọi trang man (install every man page)",
            ),
        ],
        Some("scan") => &[
            (
                "huonguoc scan huong-uoc/",
                "rà soát một thư mục (screen a folder)",
            ),
            (
                "huonguoc scan --manifest danh-sach.csv --group-by district --format html -o bao-cao.html huong-uoc/",
                "báo cáo HTML cho cả huyện (an HTML report for a district)",
            ),
            (
                "cat thon-dong.txt | huonguoc scan --stdin-name huyen/xa/thon-dong.txt",
                "rà soát đầu vào chuẩn (screen standard input)",
            ),
            (
                "huonguoc scan --exclude 'nhap/**' --glob '*.docx' huong-uoc/",
                "chỉ rà soát .docx, bỏ thư mục nháp (only .docx files, drafts excluded)",
            ),
            (
                "huonguoc scan --select inheritance,participation --ignore participation.men-only-meeting-vote huong-uoc/",
                "chỉ chạy một số quy tắc; báo cáo nêu rõ lựa chọn (run some rules only; the report states it)",
            ),
            (
                "huonguoc scan --format sarif -o huonguoc.sarif huong-uoc/",
                "SARIF cho CI (SARIF for CI)",
            ),
        ],
        Some("rules") => &[
            ("huonguoc rules", "liệt kê quy tắc (list the rules)"),
            (
                "huonguoc rules --format json",
                "danh sách quy tắc dạng JSON (the rules as JSON)",
            ),
        ],
        Some("explain") => &[
            (
                "huonguoc explain inheritance.daughter-excluded",
                "một quy tắc (one rule)",
            ),
            (
                "huonguoc explain inheritance",
                "mọi quy tắc của một nhóm (every rule of a category)",
            ),
            (
                "huonguoc explain inheritance.daughter-excluded --format json --lang en",
                "dạng JSON (as JSON)",
            ),
        ],
        Some("normalize") => &[
            (
                "huonguoc normalize thon-dong.docx",
                "dạng so khớp (the matching form)",
            ),
            (
                "echo 'HOÀ giải' | huonguoc normalize -",
                "từ đầu vào chuẩn (from standard input)",
            ),
        ],
        Some("extract") => &[
            (
                "huonguoc extract thon-dong.pdf",
                "văn bản trích ra (the extracted text)",
            ),
            (
                "cat thon-dong.docx | huonguoc extract - --stdin-name thon-dong.docx",
                "từ đầu vào chuẩn (from standard input)",
            ),
        ],
        Some("convert") => &[
            (
                "huonguoc convert thon-dong-tcvn3.txt -o thon-dong.txt",
                "TCVN3 sang UTF-8 (TCVN3 to UTF-8)",
            ),
            (
                "huonguoc convert - -o - < cu.txt > moi.txt",
                "qua ống (through a pipe)",
            ),
        ],
        Some("test") => &[(
            "huonguoc test",
            "chạy ví dụ của mọi quy tắc (run every rule's examples)",
        )],
        Some("eval") => &[
            (
                "huonguoc eval corpus/",
                "đo với chú giải chuẩn (measure against the gold annotations)",
            ),
            (
                "huonguoc eval corpus/clauses/blind-set-1.tsv",
                "đo trên danh sách điều khoản (measure on a clause list)",
            ),
        ],
        Some("baseline") => &[(
            "huonguoc baseline huong-uoc/ -o huong-uoc/huonguoc.toml",
            "ghi miễn trừ chờ xem xét (write waivers pending review)",
        )],
        Some("diff") => &[(
            "huonguoc diff thon-dong.txt thon-dong-sua-doi.docx",
            "so bản cũ với bản sửa đổi (compare the old and the amended version)",
        )],
        Some("completions") => &[(
            "huonguoc completions bash > /etc/bash_completion.d/huonguoc",
            "gợi ý lệnh cho bash (bash completions)",
        )],
        Some("man") => &[
            (
                "huonguoc man scan | man -l -",
                "đọc trang của scan (read the scan page)",
            ),
            (
                "huonguoc man --dir man1",
                "ghi mọi trang (write every page)",
            ),
        ],
        Some(_) => &[],
    }
}

fn examples(roff: &mut Roff, sub: Option<&str>) {
    let lines = example_lines(sub);
    if lines.is_empty() {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    for (cmd, what) in lines {
        roff.control("TP", []);
        roff.text([bold(*cmd)]);
        roff.text([roman(*what)]);
    }
}

fn see_also(roff: &mut Roff, cmd: &clap::Command, sub: Option<&str>) {
    roff.control("SH", ["SEE ALSO"]);
    let pages: Vec<String> = match sub {
        None => subcommands(cmd)
            .iter()
            .map(|s| format!("huonguoc-{s}(1)"))
            .collect(),
        Some(_) => vec!["huonguoc(1)".to_owned()],
    };
    roff.text([roman(pages.join(", "))]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_keeps_the_english_part() {
        // (help, English)
        let table = [
            (
                "Tệp hoặc thư mục; `-` là đầu vào chuẩn (files or folders; `-` for standard input); default: the current folder.",
                "Files or folders; `-` for standard input; default: the current folder.",
            ),
            (
                "Ghi mọi trang (huonguoc.1, huonguoc-scan.1 …) vào thư mục này (write every page into this folder).",
                "Write every page into this folder.",
            ),
            (
                "Bỏ qua dò tìm và giải mã theo bảng mã này (skip detection): utf-8, vni.",
                "Skip detection: utf-8, vni.",
            ),
            ("Rà soát hương ước / Screens covenants", "Screens covenants"),
            ("Shell: bash, zsh.", "Shell: bash, zsh."),
        ];
        for (vi, en) in table {
            assert_eq!(english(vi), en);
        }
    }

    /// Every help text of every command has an English part: a new flag
    /// with a Vietnamese-only help fails here.
    #[test]
    fn every_help_has_english() {
        fn walk(cmd: &clap::Command, bad: &mut Vec<String>) {
            let texts = cmd
                .get_arguments()
                .filter_map(|a| {
                    a.get_help()
                        .map(|h| (a.get_id().to_string(), h.to_string()))
                })
                .chain(cmd.get_about().map(|h| ("about".to_owned(), h.to_string())));
            for (id, help) in texts {
                if vietnamese(&english(&help)) {
                    bad.push(format!("{} {id}: {help}", cmd.get_name()));
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, bad);
            }
        }
        let mut bad = Vec::new();
        walk(&Cli::command(), &mut bad);
        assert!(bad.is_empty(), "help without English:\n{}", bad.join("\n"));
    }
}
