//! Lists the rule files beside this script, so that a file added to
//! `rules/` is embedded without editing code, and an empty pack fails the
//! build instead of failing at run time.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the rules folder is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        // Cargo.toml is the crate's manifest, not a rule file.
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "Cargo.toml"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no rule file (*.toml) in {}: the embedded pack would be empty",
        dir.display()
    );
    let mut code = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().expect("file name").to_string_lossy();
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write to string");
    }
    code.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("files.rs"), code).expect("write the file list");
}
