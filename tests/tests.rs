//! End-to-end tests of the `huonguoc` binary. One integration binary, as in
//! ripgrep: each module below covers one area; helpers live in `util`.

mod util;

// `scan`: exit codes, the JSON contract, bad inputs, corpus locations.
mod scan;
// `rules`, `explain`, `normalize`, `test`, `eval`.
mod commands;
