//! Throughput of screening and of its stages on the corpus covenants.
//!
//! `cargo bench -p huonguoc-screen`. The input is every covenant of
//! `corpus/` concatenated, repeated to about 1 MB, as NFC and as NFD.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use huonguoc_screen::Screener;
use huonguoc_text::{Mode, normalize};
use unicode_normalization::UnicodeNormalization;

#[path = "../../text/benches/common/mod.rs"]
mod common;
use common::corpus;

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
    long_sentence(c, &screener);
}

/// One sentence of comma-joined clauses, no full stop: sequence matching
/// was cubic in its length (issue 10, row 1); it should now grow about
/// linearly from 8 KB to 64 KB.
fn long_sentence(c: &mut Criterion, screener: &Screener) {
    let clauses = [
        "con trai được chia đất",
        "con gái không được thừa kế",
        "nam giới làm trưởng họ",
        "phụ nữ phải nấu cỗ",
    ];
    let mut g = c.benchmark_group("one long sentence");
    g.sample_size(10);
    for kb in [8usize, 16, 32, 64] {
        let mut text = String::from("Điều 1. Quy định\n");
        for clause in clauses.iter().cycle() {
            if text.len() >= kb * 1024 {
                break;
            }
            text.push_str(clause);
            text.push_str(", ");
        }
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{kb} KB"), |b| b.iter(|| screener.screen(&text)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
