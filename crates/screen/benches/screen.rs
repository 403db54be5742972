//! Throughput of screening and of its stages on the corpus covenants.
//!
//! `cargo bench -p huonguoc-screen`. The input is every covenant of
//! `corpus/` concatenated, repeated to about 1 MB, as NFC and as NFD.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huonguoc_screen::Screener;
use huonguoc_text::{Mode, normalize};
use unicode_normalization::UnicodeNormalization;

fn corpus() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let one: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("covenant"))
        .collect::<Vec<_>>()
        .join("\n");
    one.repeat((1 << 20) / one.len().max(1) + 1)
}

fn bench(c: &mut Criterion) {
    let screener = Screener::embedded().expect("embedded pack");
    let nfc = corpus();
    let nfd: String = nfc.nfd().collect();
    let mut g = c.benchmark_group("screen");
    g.throughput(Throughput::Bytes(nfc.len() as u64));
    g.sample_size(20);
    g.bench_function("normalize NFC input", |b| {
        b.iter(|| normalize(&nfc, Mode::Accented))
    });
    g.bench_function("normalize NFD input", |b| {
        b.iter(|| normalize(&nfd, Mode::Accented))
    });
    g.bench_function("screen NFC input", |b| b.iter(|| screener.screen(&nfc)));
    g.bench_function("build screener", |b| {
        b.iter(|| Screener::embedded().unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
