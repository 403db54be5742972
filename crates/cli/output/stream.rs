//! Every format, written as the batch goes: a head, each file's part as
//! soon as it is ready (rendered on the worker that screened it), and a
//! tail with the summary. Only the HTML page and the SARIF log, whose
//! heads need the whole batch, keep the file reports until the end.

use std::io::Write;

use anyhow::Result;
use huonguoc_batch::{FileReport, Measured, Report, SourceLines};
use huonguoc_screen::{Lang, RulePack};

use super::pretty::Pretty;
use super::{csv, html, jsonl, sarif, text};
use crate::args::ScanFormat;

/// How one file's part is rendered: shared by the workers.
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    format: ScanFormat,
    style: text::Style,
    quiet: bool,
    csv_summary: bool,
}

/// How one format is written.
#[derive(Debug)]
pub struct Sink {
    renderer: Renderer,
    format: ScanFormat,
    csv_summary: bool,
    lang: Lang,
    /// Files written so far, for the JSON array's separators.
    written: usize,
    /// The reports the format needs at its end (HTML, SARIF).
    kept: Vec<FileReport>,
}

impl Renderer {
    /// Whether the format prints each finding's source line: the text
    /// report does, unless `--quiet` leaves only its summary.
    pub fn source_lines(&self) -> SourceLines {
        match self.format {
            ScanFormat::Text if !self.quiet => SourceLines::Keep,
            _ => SourceLines::Skip,
        }
    }

    /// One file's part, rendered on a worker thread.
    pub fn render(&self, file: &FileReport) -> Result<Vec<u8>> {
        // Roughly what a finding takes in JSON, so the buffer is not copied
        // as it grows.
        let mut out = Vec::with_capacity(1024 + 2048 * file.findings.len());
        match self.format {
            ScanFormat::Text if !self.quiet => {
                let mut s = String::new();
                text::file(&mut s, file, self.style);
                out = s.into_bytes();
            }
            ScanFormat::Json => {
                // The formatter indents every line but the first two levels
                // deep, where the object sits in the report's array.
                out.extend_from_slice(b"    ");
                let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::at_depth(2));
                serde::Serialize::serialize(file, &mut ser)?;
            }
            ScanFormat::Jsonl => jsonl::file(&mut out, file)?,
            ScanFormat::Csv => out = csv::file(file, self.csv_summary)?,
            _ => {}
        }
        Ok(out)
    }
}

impl Sink {
    /// A sink for `format`; `quiet` leaves out the text format's findings.
    pub fn new(
        format: ScanFormat,
        style: text::Style,
        quiet: bool,
        csv_summary: bool,
        lang: Lang,
    ) -> Sink {
        Sink {
            renderer: Renderer {
                format,
                style,
                quiet,
                csv_summary,
            },
            format,
            csv_summary,
            lang,
            written: 0,
            kept: Vec::new(),
        }
    }

    /// Whether the format needs every file report at its end.
    pub fn keeps_reports(&self) -> bool {
        matches!(self.format, ScanFormat::Html | ScanFormat::Sarif)
    }

    /// What the format writes before the first file.
    pub fn head(&mut self, out: &mut dyn Write, measured: &Measured) -> Result<()> {
        match self.format {
            ScanFormat::Json => out.write_all(
                json_halves(&Report::new(Vec::new(), measured.clone()))?
                    .0
                    .as_bytes(),
            )?,
            ScanFormat::Csv => csv::head(out, self.csv_summary)?,
            _ => {}
        }
        Ok(())
    }

    /// The renderer of each file's part, for the workers.
    pub fn renderer(&self) -> Renderer {
        self.renderer
    }

    /// Writes one file's rendered part; keeps its report if the format
    /// needs it at the end.
    pub fn file(
        &mut self,
        out: &mut dyn Write,
        part: &[u8],
        report: Option<FileReport>,
    ) -> Result<()> {
        if self.format == ScanFormat::Json {
            out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        }
        out.write_all(part)?;
        self.written += 1;
        if let Some(r) = report.filter(|_| self.keeps_reports()) {
            self.kept.push(r);
        }
        Ok(())
    }

    /// What the format writes after the last file: `report` holds the
    /// summary, groups and waiver notes, and no files.
    pub fn tail(&mut self, out: &mut dyn Write, mut report: Report, pack: &RulePack) -> Result<()> {
        match self.format {
            ScanFormat::Json => {
                if self.written > 0 {
                    out.write_all(b"\n  ")?;
                }
                out.write_all(json_halves(&report)?.1.as_bytes())?;
                out.write_all(b"\n")?;
            }
            ScanFormat::Jsonl => jsonl::tail(out, &report)?,
            ScanFormat::Csv => csv::tail(out, &report)?,
            ScanFormat::Text => {
                writeln!(out, "{}", text::summary(&report, self.lang))?;
                for g in huonguoc_batch::by_rate(&report.groups) {
                    writeln!(out, "{}", text::group_line(g, self.lang))?;
                }
            }
            ScanFormat::Html => {
                report.files = std::mem::take(&mut self.kept);
                html::write(out, &report, self.lang)?;
            }
            ScanFormat::Sarif => {
                report.files = std::mem::take(&mut self.kept);
                sarif::write(out, &report, pack, self.lang)?;
            }
        }
        Ok(())
    }
}

/// The pretty JSON of a report with no files, cut in two around its
/// files: the head ends with `"files": [`, the tail starts with `]`.
fn json_halves(report: &Report) -> Result<(String, String)> {
    debug_assert!(report.files.is_empty());
    let whole = serde_json::to_string_pretty(report)?;
    const EMPTY: &str = "\"files\": []";
    let at = whole
        .find(EMPTY)
        .ok_or_else(|| anyhow::anyhow!("no files array"))?;
    Ok((
        whole[..at + EMPTY.len() - 1].to_owned(),
        whole[at + EMPTY.len() - 1..].to_owned(),
    ))
}
