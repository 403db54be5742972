//! Throughput of the text stages on the corpus covenants.
//!
//! `cargo bench -p huonguoc-text`. The input is every covenant of `corpus/`
//! joined, repeated to about 1 MB: what `scan` feeds these stages, file by
//! file, minus the I/O.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huonguoc_text::{DecodeOptions, LineIndex, Mode, decode, normalize};
use unicode_normalization::UnicodeNormalization;

mod common;
use common::corpus;

fn bench(c: &mut Criterion) {
    let nfc = corpus();
    let nfd: String = nfc.nfd().collect();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(nfc.len() as u64));
    g.sample_size(20);
    g.bench_function("decode", |b| {
        b.iter(|| decode(nfc.as_bytes(), &DecodeOptions::default()))
    });
    g.bench_function("normalize NFC", |b| {
        b.iter(|| normalize(&nfc, Mode::Accented))
    });
    g.bench_function("normalize NFC folded", |b| {
        b.iter(|| normalize(&nfc, Mode::Folded))
    });
    g.bench_function("normalize NFD", |b| {
        b.iter(|| normalize(&nfd, Mode::Accented))
    });
    // About one finding per 2 KB, as the batch has.
    let offsets: Vec<usize> = (0..nfc.len())
        .step_by(2048)
        .map(|i| {
            (0..4)
                .map(|k| i + k)
                .find(|&j| nfc.is_char_boundary(j))
                .unwrap_or(0)
        })
        .collect();
    g.bench_function("line index and columns", |b| {
        b.iter(|| {
            let idx = LineIndex::new(&nfc);
            offsets
                .iter()
                .map(|&o| idx.line_col(&nfc, o).1)
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
