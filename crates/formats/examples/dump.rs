//! Prints what the crate extracts from a file: `cargo run -p
//! huonguoc-formats --example dump -- FILE`. For eyeballing real files.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).expect("read file");
    let ext = std::path::Path::new(&path)
        .extension()
        .and_then(|e| e.to_str());
    let format = huonguoc_formats::sniff(&bytes, ext);
    println!("format: {format:?}");
    match huonguoc_formats::extract(&bytes, format, &huonguoc_formats::Limits::default()) {
        Ok(x) => {
            for p in &x.paragraphs {
                let fonts: Vec<_> = p
                    .runs
                    .iter()
                    .map(|r| r.font.as_deref().unwrap_or("-"))
                    .collect();
                println!("{:?}  {:?}", p.text(), fonts);
            }
            println!(
                "warnings: {:?}\nlow_quality: {:?}",
                x.warnings, x.low_quality
            );
        }
        Err(e) => println!("error ({:?}): {e}", e.kind()),
    }
}
