//! Real covenant files: every format and every legacy encoding of a corpus
//! covenant must give the findings, at the locations, of its UTF-8 text.
//!
//! Variants are built from `corpus/*.txt` by `crate::fixture`; each variant
//! goes in its own folder and one `scan --format json` screens the folder,
//! so the whole corpus costs one process per variant.

use std::collections::BTreeMap;
use std::path::Path;

use huonguoc_text::legacy::{self, Legacy};
use serde_json::Value;

use crate::fixture::{self, DocxFont};
use crate::util::{Dir, json, parts, root, run};

/// The corpus: (file stem, UTF-8 text).
fn corpus() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_str().unwrap().to_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(out.len() >= 24, "corpus size {}", out.len());
    out
}

/// What a finding must keep across formats: rule, category, severity,
/// location, line and column.
type Key = (String, String, String, String, u64, u64);

fn key(f: &Value) -> Key {
    let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
    (
        s("rule"),
        s("category"),
        s("severity"),
        s("location"),
        f["line"].as_u64().unwrap(),
        f["column"].as_u64().unwrap(),
    )
}

/// Screens a folder with one process; its file entries by file stem.
fn scan_folder(dir: &Path, extra: &[&str]) -> BTreeMap<String, Value> {
    let mut args = vec!["scan", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(dir.to_str().unwrap());
    let out = run(&args);
    let (code, _, stderr) = parts(&out);
    assert!(
        code == 0 || code == 1,
        "exit {code} for {}:\n{stderr}",
        dir.display()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    scan_files(&json(&out))
}

fn sorted_keys(file: &Value) -> Vec<Key> {
    let mut k: Vec<Key> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    k.sort();
    k
}

/// A way of writing a covenant, with the encoding the report must name.
struct Variant {
    name: &'static str,
    ext: &'static str,
    encoding: &'static str,
    build: fn(&str) -> Option<Vec<u8>>,
}

fn legacy_txt(text: &str, enc: Legacy) -> Option<Vec<u8>> {
    legacy::encode(text, enc)
}

const VARIANTS: &[Variant] = &[
    Variant {
        name: "docx-numbered",
        ext: "docx",
        encoding: "utf-8",
        build: |t| fixture::docx(t, DocxFont::Unicode),
    },
    Variant {
        name: "docx-vntime",
        ext: "docx",
        encoding: "tcvn3",
        build: |t| fixture::docx(t, DocxFont::Legacy(Legacy::Tcvn3, ".VnTime")),
    },
    Variant {
        name: "docx-vntimeh-headings",
        ext: "docx",
        encoding: "tcvn3",
        build: |t| fixture::docx(t, DocxFont::Tcvn3Headings),
    },
    Variant {
        name: "docx-vni-times",
        ext: "docx",
        encoding: "vni",
        build: |t| fixture::docx(t, DocxFont::Legacy(Legacy::Vni, "VNI-Times")),
    },
    Variant {
        name: "odt",
        ext: "odt",
        encoding: "utf-8",
        build: |t| fixture::odt(t, None),
    },
    Variant {
        name: "odt-vntime",
        ext: "odt",
        encoding: "tcvn3",
        build: |t| fixture::odt(t, Some((Legacy::Tcvn3, ".VnTime"))),
    },
    Variant {
        name: "html",
        ext: "html",
        encoding: "utf-8",
        build: |t| fixture::html(t, None),
    },
    Variant {
        // Pasted into a CMS: one block, lines ended by <br>.
        name: "html-br",
        ext: "html",
        encoding: "utf-8",
        build: |t| {
            let lines: Vec<String> = t.lines().map(fixture::xml_escape).collect();
            Some(
                format!(
                    "<html><body><div>{}</div></body></html>",
                    lines.join("<br>\n")
                )
                .into_bytes(),
            )
        },
    },
    Variant {
        name: "html-vni",
        ext: "html",
        encoding: "vni",
        build: |t| fixture::html(t, Some((Legacy::Vni, "VNI-Times"))),
    },
    Variant {
        name: "tcvn3",
        ext: "txt",
        encoding: "tcvn3",
        build: |t| legacy_txt(t, Legacy::Tcvn3),
    },
    Variant {
        name: "vni",
        ext: "txt",
        encoding: "vni",
        build: |t| legacy_txt(t, Legacy::Vni),
    },
    Variant {
        name: "viqr",
        ext: "txt",
        encoding: "viqr",
        build: |t| legacy_txt(t, Legacy::Viqr),
    },
    Variant {
        name: "windows-1258",
        ext: "txt",
        encoding: "windows-1258",
        build: |t| legacy_txt(t, Legacy::Windows1258),
    },
    Variant {
        name: "utf-8-mojibake",
        ext: "txt",
        encoding: "utf-8-mojibake",
        build: |t| legacy_txt(t, Legacy::Utf8Mojibake),
    },
    Variant {
        // Notepad on Windows: a byte-order mark and CRLF line ends.
        name: "utf-8-bom-crlf",
        ext: "txt",
        encoding: "utf-8",
        build: |t| Some([&b"\xEF\xBB\xBF"[..], t.replace('\n', "\r\n").as_bytes()].concat()),
    },
    Variant {
        name: "tcvn3-crlf",
        ext: "txt",
        encoding: "tcvn3",
        build: |t| legacy_txt(&t.replace('\n', "\r\n"), Legacy::Tcvn3),
    },
    Variant {
        // Pasted together: the first half TCVN3, the rest VNI.
        name: "mixed-tcvn3-vni",
        ext: "txt",
        encoding: "mixed",
        build: |t| {
            let mid = t.match_indices('\n').nth(t.lines().count() / 2)?.0 + 1;
            Some(
                [
                    legacy_txt(&t[..mid], Legacy::Tcvn3)?,
                    legacy_txt(&t[mid..], Legacy::Vni)?,
                ]
                .concat(),
            )
        },
    },
    Variant {
        name: "utf-16le",
        ext: "txt",
        encoding: "utf-16le",
        build: |t| Some(fixture::utf16(t, false)),
    },
    Variant {
        name: "utf-16be",
        ext: "txt",
        encoding: "utf-16be",
        build: |t| Some(fixture::utf16(t, true)),
    },
];

/// Every corpus covenant, in every format and encoding, gives the findings
/// of its UTF-8 text at the same (rule, category, severity, location,
/// line, column); the report names the encoding; and for a few files the extracted
/// text under each finding's span holds the words of the original's span.
#[test]
fn every_variant_of_every_covenant_matches_its_utf8_findings() {
    let corpus = corpus();
    let reference = scan_folder(&root().join("corpus"), &[]);
    let dir = Dir::new();
    for v in VARIANTS {
        for (stem, text) in &corpus {
            // Every covenant must be writable in every variant: the corpus
            // has no character the legacy tables lack.
            let bytes =
                (v.build)(text).unwrap_or_else(|| panic!("{stem} cannot be written as {}", v.name));
            dir.write(&format!("{}/{stem}.{}", v.name, v.ext), bytes);
        }
    }
    let mut failures = Vec::new();
    for v in VARIANTS {
        let folder = dir.path().join(v.name);
        let got = scan_folder(&folder, &[]);
        assert_eq!(got.len(), corpus.len(), "{}", v.name);
        for (stem, text) in &corpus {
            let want = &reference[stem];
            // A covenant written without diacritics is ASCII in every
            // encoding: nothing was converted, so it reads as UTF-8.
            let encoding =
                if text.is_ascii() && v.encoding != "utf-16le" && v.encoding != "utf-16be" {
                    "utf-8"
                } else {
                    v.encoding
                };
            let have = &got[stem];
            if have["status"] != "screened" {
                failures.push(format!("{}/{stem}: {}", v.name, have["error"]));
                continue;
            }
            if have["encoding"] != encoding {
                failures.push(format!(
                    "{}/{stem}: encoding {} (want {encoding})",
                    v.name, have["encoding"]
                ));
            }
            let (w, h) = (sorted_keys(want), sorted_keys(have));
            if w != h {
                let missing: Vec<_> = w.iter().filter(|k| !h.contains(k)).collect();
                let extra: Vec<_> = h.iter().filter(|k| !w.contains(k)).collect();
                failures.push(format!(
                    "{}/{stem}: missing {missing:?} extra {extra:?}",
                    v.name
                ));
            }
        }
        // Spans: the first flagged covenants, checked against `extract`.
        for stem in got
            .iter()
            .filter(|(_, f)| f["findings"].as_array().is_some_and(|a| !a.is_empty()))
            .map(|(s, _)| s)
            .take(2)
        {
            let original = std::fs::read_to_string(root().join(format!("corpus/{stem}.txt")));
            let path = folder.join(format!("{stem}.{}", v.ext));
            if let Err(e) = check_spans(&path, &original.unwrap(), &reference[stem], &got[stem]) {
                failures.push(format!("{}/{stem}: {e}", v.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The words of a text, lowercased: TCVN3 has no accented capitals, and
/// spaces inside a span may differ only where a format wraps.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

/// Each finding's `start..end` in `huonguoc extract` output of `path` holds
/// the words of the matching finding's span in the UTF-8 original.
fn check_spans(path: &Path, original: &str, want: &Value, have: &Value) -> Result<(), String> {
    let out = run(["extract", path.to_str().unwrap()]);
    let (code, _, stderr) = parts(&out);
    if code != 0 {
        return Err(format!("extract failed: {stderr}"));
    }
    let text = String::from_utf8(out.stdout).map_err(|e| e.to_string())?;
    let spans = |file: &Value, text: &str| -> Result<Vec<(Key, Vec<String>)>, String> {
        let mut v = Vec::new();
        for f in file["findings"].as_array().unwrap() {
            let (s, e) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            let slice = text
                .get(s..e)
                .ok_or_else(|| format!("{s}..{e} is not a span of the text"))?;
            v.push((key(f), words(slice)));
        }
        v.sort();
        Ok(v)
    };
    let (w, h) = (spans(want, original)?, spans(have, &text)?);
    if w != h {
        return Err(format!("spans differ:\nwant {w:?}\nhave {h:?}"));
    }
    Ok(())
}

/// The .docx builder numbers exactly the lines Word can number identically
/// and leaves the others literal; on the corpus it numbers most khoản and
/// điểm, restarting per article, so the corpus test exercises numbering.
#[test]
fn docx_plan_numbers_what_word_would_render_the_same() {
    use fixture::Mark::{Diem, Khoan, Literal};
    let text = "Điều 1. A\n1. một\n2. hai\na) x\nb) y\nc) z\nd) t\nđ) u\ne) v\n\
                3) ba\n4- bốn\n5. năm\nĐiều 2. B\n1. lại một\n2)  hai\na) x\n7. bảy";
    let marks: Vec<_> = fixture::plan(text).into_iter().map(|l| l.mark).collect();
    assert_eq!(
        marks,
        [
            Literal,
            Khoan { num: 1, n: 1 },
            Khoan { num: 1, n: 2 },
            Diem { num: 1, n: 1 },
            Diem { num: 1, n: 2 },
            Diem { num: 1, n: 3 },
            Diem { num: 1, n: 4 },
            // Word's letters run d, e: "đ)" stays text and the "e)" after
            // it is Word's fifth letter.
            Literal,
            Diem { num: 1, n: 5 },
            Literal,
            Literal,
            // Khoản 3 and 4 were literal, so Word would show "3." here.
            Literal,
            Literal,
            // A new article restarts with a new w:num.
            Khoan { num: 2, n: 1 },
            Literal,
            Diem { num: 2, n: 1 },
            Literal,
        ]
    );
    // (khoản numbered, điểm numbered, files with more than 3 lists)
    let (mut khoan, mut diem, mut restarted) = (0, 0, 0);
    for (_, text) in corpus() {
        let mut lists = 0;
        for line in fixture::plan(&text) {
            match line.mark {
                Khoan { num, .. } => (khoan, lists) = (khoan + 1, num),
                Diem { num, .. } => (diem, lists) = (diem + 1, num),
                Literal => {}
            }
        }
        restarted += usize::from(lists > 3);
    }
    assert!(
        khoan > 300 && diem > 15 && restarted > 20,
        "khoản {khoan}, điểm {diem}, files restarting lists {restarted}"
    );
}

/// A text PDF is screened: the finding of the .txt is found at its
/// location, and its span in `extract` output holds the clause.
#[test]
fn pdf_text_layer_is_screened_and_located() {
    let lines = [
        "HƯƠNG ƯỚC THÔN ĐÔNG",
        "Điều 6. Thừa kế",
        "1. Con trai, con gái đều được chia tài sản ngang nhau.",
        "2. Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.",
    ];
    let d = Dir::new();
    d.write("txt/dong.txt", lines.join("\n") + "\n");
    d.write("pdf/dong.pdf", fixture::pdf(&lines, &[]));
    // The last clause wrapped at the page margin, as PDF text always is.
    let (head, tail) = lines[3].split_at(lines[3].find(" không").unwrap());
    let wrapped = [lines[0], lines[1], lines[2], head, tail.trim_start()];
    d.write("wrapped/dong.pdf", fixture::pdf(&wrapped, &[]));
    let want = scan_folder(&d.path().join("txt"), &[]);
    let have = scan_folder(&d.path().join("pdf"), &[]);
    let (want, have) = (&want["dong"], &have["dong"]);
    assert_eq!(have["status"], "screened", "{have}");
    assert!(have.get("low_quality").is_none(), "{have}");
    assert!(!sorted_keys(want).is_empty());
    assert_eq!(sorted_keys(have), sorted_keys(want));
    let original = lines.join("\n");
    check_spans(&d.path().join("pdf/dong.pdf"), &original, want, have).unwrap();
    let wrapped = scan_folder(&d.path().join("wrapped"), &[]);
    assert_eq!(
        sorted_keys(&wrapped["dong"]),
        sorted_keys(want),
        "{}",
        wrapped["dong"]
    );
}

/// A PDF from an old converter that shows "Ư" as "Ƣ", or one with letters
/// stripped, is flagged `low_quality` and never counted compliant, even
/// with no finding.
#[test]
fn damaged_pdf_text_is_low_quality_and_not_compliant() {
    let clean = [
        "QUY ƯỚC THÔN ĐÔNG",
        "Điều 1. Nam nữ bình đẳng trong mọi công việc của thôn.",
        "Điều 2. Người dân thôn Đông giữ gìn đường làng, ngõ xóm sạch sẽ.",
        "Điều 3. Mọi người đều được dự họp và biểu quyết như nhau.",
    ];
    let stripped: Vec<String> = clean
        .iter()
        .map(|l| l.chars().filter(|c| c.is_ascii()).collect())
        .collect();
    let stripped: Vec<&str> = stripped.iter().map(String::as_str).collect();
    let d = Dir::new();
    d.write("ok/clean.pdf", fixture::pdf(&clean, &[]));
    d.write(
        "bad/broken-u.pdf",
        fixture::pdf(&clean, &[('Ư', 'Ƣ'), ('ư', 'ƣ')]),
    );
    d.write("bad/stripped.pdf", fixture::pdf(&stripped, &[]));
    let out = run([
        "scan",
        "--format",
        "json",
        d.path().join("ok").to_str().unwrap(),
    ]);
    let v = json(&out);
    assert_eq!(v["summary"]["compliant"], 1, "the clean PDF is compliant");
    let out = run([
        "scan",
        "--format",
        "json",
        d.path().join("bad").to_str().unwrap(),
    ]);
    let v = json(&out);
    for f in v["files"].as_array().unwrap() {
        // Read, but a damaged text layer cannot vouch for the covenant.
        assert_eq!(f["status"], "not_verified", "{f}");
        assert_eq!(f["verdict"], "not_verified", "{f}");
        assert!(f["low_quality"].is_string(), "not flagged: {f}");
    }
    assert_eq!(v["summary"]["compliant"], 0, "{}", v["summary"]);
    assert_eq!(
        v["summary"]["unverified"]["low_quality"],
        v["files"].as_array().unwrap().len(),
        "{}",
        v["summary"]
    );
    assert_eq!(v["summary"]["targets"][0]["met"], false);
}

/// Broken and hostile files in a batch each get an error entry naming the
/// reason; the good covenant beside them is screened; exit code 2; no
/// panic.
#[test]
fn bad_archives_fail_cleanly_and_the_batch_goes_on() {
    let d = Dir::new();
    let good = fixture::docx(CLAUSE, DocxFont::Unicode).unwrap();
    d.write("good.docx", &good);
    // About 1000:1, far beyond any real document.
    let zeros = vec![b' '; 5 * 1024 * 1024];
    d.write(
        "bomb.docx",
        fixture::zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", &zeros),
        ]),
    );
    // Headers that lie: both size fields claim 100 bytes for 5 MB.
    let mut liar = fixture::zip_of(&[("word/document.xml", &zeros)]);
    for (sig, at) in [(&b"PK\x03\x04"[..], 22), (&b"PK\x01\x02"[..], 24)] {
        let pos = liar.windows(4).position(|w| w == sig).unwrap();
        liar[pos + at..pos + at + 4].copy_from_slice(&100u32.to_le_bytes());
    }
    d.write("liar.docx", &liar);
    d.write("truncated.docx", &good[..good.len() / 2]);
    let malformed = format!(
        r#"<w:document xmlns:w="{}"><w:body><w:p><w:r><w:t>Điều 1</w:r></w:p></w:body></w:document>"#,
        fixture::W_NS
    );
    d.write(
        "malformed.docx",
        fixture::zip_of(&[("word/document.xml", malformed.as_bytes())]),
    );
    d.write("encrypted.pdf", fixture::encrypted_pdf());
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    d.write("old.doc", &ole);
    let out = run(["scan", "--format", "json", d.path().to_str().unwrap()]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let files = scan_files(&json(&out));
    // (file, words one of which the reason must hold)
    let cases: [(&str, &[&str]); 6] = [
        ("bomb", &["zip bomb"]),
        ("liar", &["zip bomb", "corrupt"]),
        ("truncated", &["corrupt"]),
        ("malformed", &["XML"]),
        ("encrypted", &["encrypted"]),
        ("old", &["save it as .docx"]),
    ];
    for (stem, reasons) in cases {
        let f = &files[stem];
        assert_eq!(f["status"], "not_verified", "{stem}: {f}");
        let error = f["error"].as_str().unwrap_or_default();
        assert!(reasons.iter().any(|r| error.contains(r)), "{stem}: {error}");
    }
    assert_eq!(files["good"]["status"], "screened");
    assert!(!files["good"]["findings"].as_array().unwrap().is_empty());
}

/// `--max-file-size` (MB) applies to every file, text or not.
#[test]
fn max_file_size_applies_to_every_file() {
    let d = Dir::new();
    let big = CLAUSE.repeat(2 * 1024 * 1024 / CLAUSE.len() + 1);
    d.write("big.txt", &big);
    d.write(
        "big-page.html",
        format!("<p>{}</p>", big.replace('\n', "</p><p>")),
    );
    d.write("small.txt", CLAUSE);
    let out = run([
        "scan",
        "--format",
        "json",
        "--max-file-size",
        "1",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let files = scan_files(&json(&out));
    for stem in ["big", "big-page"] {
        let f = &files[stem];
        assert_eq!(f["status"], "not_verified");
        assert!(
            f["error"].as_str().unwrap().contains("--max-file-size"),
            "{f}"
        );
    }
    assert_eq!(files["small"]["status"], "screened");
}

/// `--encoding tcvn3` decodes without detection, and `convert -o` writes
/// the decoded text as UTF-8 NFC: the original covenant, lowercased where
/// TCVN3 lost capitals, and exactly for the encodings that keep them.
#[test]
fn forced_encoding_and_convert_give_the_original_text() {
    use unicode_normalization::is_nfc;
    let d = Dir::new();
    let corpus = corpus();
    let (stem, text) = corpus
        .iter()
        .find(|(s, _)| s == "kinh-thon-an-thai-hung-yen")
        .unwrap();
    let cases: [(&str, Legacy, bool); 4] = [
        ("tcvn3", Legacy::Tcvn3, false),
        ("vni", Legacy::Vni, true),
        ("viqr", Legacy::Viqr, true),
        ("windows-1258", Legacy::Windows1258, true),
    ];
    for (name, enc, exact) in cases {
        let path = d.write(
            &format!("{name}/{stem}.txt"),
            legacy::encode(text, enc).unwrap(),
        );
        let out_path = d.path().join(format!("{name}.out.txt"));
        let o = run([
            "convert",
            "--encoding",
            name,
            path.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ]);
        let (code, _, stderr) = parts(&o);
        assert_eq!(code, 0, "{name}: {stderr}");
        let converted = std::fs::read_to_string(&out_path).unwrap();
        assert!(is_nfc(&converted), "{name}: not NFC");
        if exact {
            assert_eq!(&converted, text, "{name}");
        } else {
            assert_eq!(converted.to_lowercase(), text.to_lowercase(), "{name}");
        }
        // Forced decoding screens like detection does.
        let forced = scan_folder(&d.path().join(name), &["--encoding", name]);
        assert_eq!(forced[stem.as_str()]["encoding"], name);
    }
    // Forcing a wrong table is obeyed, not second-guessed.
    let utf8 = d.write("plain/x.txt", "Nghiêm cấm tảo hôn.\n");
    let o = run(["extract", "--encoding", "tcvn3", utf8.to_str().unwrap()]);
    let (code, stdout, _) = parts(&o);
    assert_eq!(code, 0);
    assert_ne!(stdout.trim(), "Nghiêm cấm tảo hôn.");
}

/// A flagged covenant fragment with khoản and điểm.
const CLAUSE: &str = "HƯƠNG ƯỚC THÔN ĐÔNG\nĐiều 6. Thừa kế\n\
1. Con trai, con gái đều được chia tài sản ngang nhau.\n\
2. Việc chia tài sản như sau:\n\
a) Con cái phụng dưỡng cha mẹ.\n\
b) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n";

/// The file entries of a scan report, by file stem.
fn scan_files(v: &Value) -> BTreeMap<String, Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = Path::new(f["path"].as_str().unwrap());
            (
                p.file_stem().unwrap().to_str().unwrap().to_owned(),
                f.clone(),
            )
        })
        .collect()
}

/// Files written by LibreOffice itself (committed in the formats crate):
/// the .docx and .odt of one document extract to the same text, their
/// `.VnTime` line is converted, and of the two protected PDFs the one
/// needing a password to open is an error entry while the batch goes on.
#[test]
fn libreoffice_files_screen_alike_and_protected_pdfs_are_reported() {
    let fixtures = root().join("crates/formats/tests/fixtures");
    let d = Dir::new();
    for name in [
        "lo-covenant.docx",
        "lo-covenant.odt",
        "lo-open-password.pdf",
        "lo-owner-password.pdf",
    ] {
        std::fs::copy(fixtures.join(name), d.path().join(name)).unwrap();
    }
    let extract = |name: &str| {
        let o = run(["extract", d.path().join(name).to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        String::from_utf8(o.stdout).unwrap()
    };
    let docx = extract("lo-covenant.docx");
    assert_eq!(docx, extract("lo-covenant.odt"));
    assert!(docx.starts_with("HƯƠNG ƯỚC THÔN NÀ PẸT\nĐiều 1."), "{docx}");
    assert!(docx.ends_with("\nĐiều 2"), "{docx}");
    // The one-line PDFs have no covenant title: screened all the same, as
    // the point is how each format is read.
    let out = run([
        "scan",
        "--all-files",
        "--format",
        "json",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    let files: Vec<(&str, &Value)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = Path::new(f["path"].as_str().unwrap());
            (p.file_name().unwrap().to_str().unwrap(), f)
        })
        .collect();
    for (name, f) in files {
        match name {
            "lo-covenant.docx" | "lo-covenant.odt" => {
                assert_eq!(f["status"], "screened", "{name}");
                assert_eq!(f["encoding"], "tcvn3", "{name}");
            }
            "lo-open-password.pdf" => {
                assert_eq!(f["status"], "not_verified");
                assert!(f["error"].as_str().unwrap().contains("encrypted"), "{f}");
            }
            "lo-owner-password.pdf" => {
                assert_eq!(f["status"], "screened");
                assert_eq!(f["warnings"].as_array().unwrap().len(), 1, "{f}");
            }
            other => panic!("unexpected {other}"),
        }
    }
}
