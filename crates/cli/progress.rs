//! A progress bar on stderr for long batches.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Batches at most this long finish before a bar would help.
pub const THRESHOLD: usize = 20;

/// A bar for `files` files, or a hidden one: only people watching a
/// terminal get a bar, never a pipe, a log file or CI.
pub fn bar(files: usize) -> ProgressBar {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
    if files <= THRESHOLD || ci || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} tệp ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix("đang rà soát");
    bar
}
