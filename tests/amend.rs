//! `huonguoc amend FILE [-o DRAFT] [--apply [AMENDED]]`: the draft
//! amendment and the amended covenant, checked by screening the result.
//!
//! The LibreOffice test needs Debian's `libreoffice-writer-nogui` (or
//! `$HUONGUOC_SOFFICE`). Missing, it fails under CI (`CI` set) and is
//! skipped with a message elsewhere, as the browser test is.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::fixture::{self, DocxFont};
use crate::util::{Dir, json, parts, root, run, run_at};

/// A covenant with one clause of each treatment: a rewrite (the leader's
/// sex), a repeal (a refund on divorce), a point rewritten inside a clause
/// whose other point stays, and untouched articles around them.
const COVENANT: &str = "UBND XÃ VŨ PHÚC\n\
THÔN ĐÔNG\n\
HƯƠNG ƯỚC\n\
THÔN ĐÔNG, XÃ VŨ PHÚC, HUYỆN KIẾN XƯƠNG, TỈNH THÁI BÌNH\n\
Điều 1. Phạm vi\n\
Hương ước áp dụng cho mọi người dân trong thôn.\n\
Điều 2. Tổ chức\n\
1. Thôn họp mỗi quý một lần.\n\
2. Người ứng cử trưởng thôn phải là nam giới, có uy tín.\n\
Điều 3. Gia đình\n\
1. Việc chia tài sản như sau:\n\
a) Con cái phụng dưỡng cha mẹ.\n\
b) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.\n\
2. Vợ bỏ chồng thì gia đình nhà gái phải trả lại toàn bộ sính lễ.\n\
Điều 4. Hiệu lực\n\
Hương ước có hiệu lực từ ngày được công nhận.\n";

/// The amended covenant's lines that differ from the original's.
fn changed_lines<'a>(old: &'a str, new: &'a str) -> Vec<(&'a str, &'a str)> {
    old.lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect()
}

fn amend(d: &Dir, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec!["amend".into(), file.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let _ = d;
    run_at(args, "2025-03-01")
}

#[test]
fn draft_holds_heading_items_in_order_and_the_closing_section() {
    let d = Dir::new();
    let f = d.write("thon-dong.txt", COVENANT);
    let out = amend(&d, &f, &[]);
    let (code, draft, err) = parts(&out);
    assert_eq!(code, 0, "{err}");
    assert!(
        draft.contains("Về việc sửa đổi, bổ sung Hương ước thôn Đông, xã Vũ Phúc, huyện Kiến Xương, tỉnh Thái Bình"),
        "{draft}"
    );
    // One item per unit, in document order, each with its address form.
    let items: Vec<&str> = draft
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(". "))
        .filter(|l| l.contains("Sửa đổi") || l.contains("Bãi bỏ"))
        .collect();
    assert_eq!(
        items,
        [
            "1. Sửa đổi khoản 2 Điều 2 như sau:",
            "2. Sửa đổi điểm b khoản 1 Điều 3 như sau:",
            "3. Bãi bỏ khoản 2 Điều 3.",
        ],
        "{draft}"
    );
    for want in [
        "> “2. Người ứng cử trưởng thôn phải là nam giới, có uy tín.”",
        "> “2. Người ứng cử trưởng thôn phải là người có uy tín.”",
        "> “b) Con gái đã đi lấy chồng vẫn được chia đất của bố mẹ, ngang với con trai.”",
        "Căn cứ pháp lý: khoản 3 và khoản 4 Điều 11 Luật Bình đẳng giới 2006",
        "Cách sửa: sửa trên câu chữ của điều khoản",
        "Cách sửa: bãi bỏ, giữ số thứ tự",
        "KẾT QUẢ BIỂU QUYẾT",
        "Số đại diện hộ gia đình tán thành: …………",
        "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN — ký, ghi rõ họ tên: ……………………",
        "Dự thảo do huonguoc lập (phiên bản",
        "ngày 2025-03-01",
    ] {
        assert!(draft.contains(want), "missing {want:?} in\n{draft}");
    }
    // The repealed clause is quoted as it stands and has no new text.
    let repeal = draft.split("3. Bãi bỏ khoản 2 Điều 3.").nth(1).unwrap();
    assert!(repeal.contains("“2. Vợ bỏ chồng thì"), "{repeal}");
    assert!(
        !repeal
            .split("Điều 2. Hiệu lực")
            .next()
            .unwrap()
            .contains("Nội dung sửa đổi")
    );
    assert!(err.contains("3 mục sửa đổi"), "{err}");
    assert!(err.contains("2 sửa trên câu chữ"), "{err}");
    assert!(err.contains("1 bãi bỏ"), "{err}");
}

#[test]
fn draft_snapshot() {
    let file = root().join("corpus/kinh-thon-phu-le-thai-binh.txt");
    let out = run_at(["amend", file.to_str().unwrap()], "2025-03-01");
    let (code, draft, err) = parts(&out);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(draft);
}

#[test]
fn english_labels_keep_the_amended_text_vietnamese() {
    let d = Dir::new();
    let f = d.write("thon-dong.txt", COVENANT);
    let (code, draft, err) = parts(&amend(&d, &f, &["--lang", "en"]));
    assert_eq!(code, 0, "{err}");
    for want in [
        "RESOLUTION",
        "1. Amend khoản 2 Điều 2 (Article 2, clause 2) as follows:",
        "3. Repeal khoản 2 Điều 3 (Article 3, clause 2).",
        "“2. Người ứng cử trưởng thôn phải là người có uy tín.”",
        "Change: the clause itself is rewritten",
        "VOTE",
    ] {
        assert!(draft.contains(want), "missing {want:?} in\n{draft}");
    }
}

#[test]
fn apply_changes_only_the_amended_units_and_rescans_clean() {
    let d = Dir::new();
    // A byte-order mark and CRLF line ends must survive outside the edits.
    let crlf = format!("\u{feff}{}", COVENANT.replace('\n', "\r\n"));
    let f = d.write("thon-dong.txt", &crlf);
    let amended = d.path().join("thon-dong.sua-doi.txt");
    let (code, _, err) = parts(&amend(
        &d,
        &f,
        &["-o", d.path().join("draft.md").to_str().unwrap(), "--apply"],
    ));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("thon-dong.sua-doi.txt"), "{err}");
    let new = std::fs::read_to_string(&amended).unwrap();
    assert!(new.starts_with('\u{feff}'), "the BOM is kept");
    assert_eq!(new.matches("\r\n").count(), crlf.matches("\r\n").count());
    assert_eq!(
        changed_lines(&crlf, &new),
        [
            (
                "2. Người ứng cử trưởng thôn phải là nam giới, có uy tín.",
                "2. Người ứng cử trưởng thôn phải là người có uy tín."
            ),
            (
                "b) Con gái đã đi lấy chồng thì không được chia đất của bố mẹ.",
                "b) Con gái đã đi lấy chồng vẫn được chia đất của bố mẹ, ngang với con trai."
            ),
            (
                "2. Vợ bỏ chồng thì gia đình nhà gái phải trả lại toàn bộ sính lễ.",
                "2. (bãi bỏ)"
            ),
        ]
    );
    let scan = run(["scan", "--format", "json", amended.to_str().unwrap()]);
    assert_eq!(
        scan.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&scan.stdout)
    );
    let diff = json(&run([
        "diff",
        "--format",
        "json",
        f.to_str().unwrap(),
        amended.to_str().unwrap(),
    ]));
    assert_eq!(diff["resolved"].as_array().unwrap().len(), 3, "{diff:#}");
    assert!(diff["remaining"].as_array().unwrap().is_empty(), "{diff:#}");
    assert!(diff["added"].as_array().unwrap().is_empty(), "{diff:#}");
}

/// Every discriminatory covenant of the corpus: the amended covenant scans
/// with no error-level finding (none at all, in fact), `diff` lists every
/// finding as resolved and nothing new, and every line outside an amended
/// unit is byte for byte the original's.
#[test]
fn corpus_round_trip_resolves_every_finding_and_adds_none() {
    let d = Dir::new();
    let corpus = root().join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut amended_any = 0;
    for f in &files {
        let before = json(&run(["scan", "--format", "json", f.to_str().unwrap()]));
        let findings = before["files"][0]["findings"].as_array().unwrap().len();
        if findings == 0 {
            continue;
        }
        amended_any += 1;
        let name = f.file_name().unwrap().to_str().unwrap();
        let out = d.path().join(name);
        let draft = d.path().join(format!("{name}.md"));
        let a = run([
            "amend",
            f.to_str().unwrap(),
            "-o",
            draft.to_str().unwrap(),
            "--apply",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            a.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&a.stderr)
        );
        let scan = json(&run(["scan", "--format", "json", out.to_str().unwrap()]));
        let left = scan["files"][0]["findings"].as_array().unwrap();
        assert!(left.is_empty(), "{name}: still flagged {left:#?}");
        let diff = json(&run([
            "diff",
            "--format",
            "json",
            f.to_str().unwrap(),
            out.to_str().unwrap(),
        ]));
        assert_eq!(
            diff["resolved"].as_array().unwrap().len(),
            findings,
            "{name}: {diff:#}"
        );
        assert!(
            diff["remaining"].as_array().unwrap().is_empty(),
            "{name}: {diff:#}"
        );
        assert!(
            diff["added"].as_array().unwrap().is_empty(),
            "{name}: {diff:#}"
        );
        unchanged_outside_items(f, &out, &std::fs::read_to_string(&draft).unwrap());
    }
    assert!(
        amended_any >= 30,
        "the corpus has discriminatory covenants: {amended_any}"
    );
}

/// The lines outside the amended units are the same lines, in the same
/// order, byte for byte: taking away the lines the draft quotes as current
/// text from the original, and its proposed lines (and "(bãi bỏ)") from
/// the amended covenant, leaves two equal lists.
fn unchanged_outside_items(old: &Path, new: &Path, draft: &str) {
    let old = std::fs::read_to_string(old).unwrap();
    let new = std::fs::read_to_string(new).unwrap();
    let (mut current, mut proposed) = (Vec::new(), Vec::new());
    let mut into: Option<bool> = None;
    for l in draft.lines() {
        match l.trim() {
            "Nội dung hiện hành:" => into = Some(true),
            "Nội dung sửa đổi:" => into = Some(false),
            "" => {}
            t => match (t.strip_prefix("> "), into) {
                (Some(q), Some(cur)) => {
                    let q = q.trim_start_matches('“').trim_end_matches('”').to_owned();
                    if cur {
                        current.push(q)
                    } else {
                        proposed.push(q)
                    }
                }
                _ => into = None,
            },
        }
    }
    let keep = |text: &str, drop: &[String], repeal: bool| -> Vec<String> {
        text.lines()
            // Quoted amendments keep their marks in the file.
            .filter(|l| {
                let bare = l.trim().trim_start_matches('“').trim_end_matches('”');
                !drop.iter().any(|q| q == bare)
            })
            .filter(|l| !(repeal && (l.ends_with("(bãi bỏ)") || l.ends_with("(bai bo)"))))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        keep(&old, &current, false),
        keep(&new, &proposed, true),
        "{}: a line changed outside the amended units",
        old.lines().next().unwrap_or("")
    );
}

#[test]
fn waived_findings_are_left_and_pending_ones_amended_and_marked() {
    let d = Dir::new();
    let f = d.write("xa/thon-dong.txt", COVENANT);
    let fps = json(&run(["scan", "--format", "json", f.to_str().unwrap()]));
    let fp = |rule: &str| {
        fps["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == rule)
            .unwrap()["fingerprint"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    d.write(
        "xa/huonguoc.toml",
        format!(
            "[[waiver]]\nfingerprint = \"{}\"\nreviewer = \"Nguyễn Thị Lan, công chức tư pháp xã\"\nreason = \"Đã được hội nghị thôn xem xét\"\ndate = 2025-01-10\n\n[[waiver]]\nfingerprint = \"{}\"\nreviewer = \"chưa xem xét\"\n",
            fp("participation.leader-must-be-male"),
            fp("divorce.refund-wedding-gifts")
        ),
    );
    let (code, draft, err) = parts(&amend(&d, &f, &[]));
    assert_eq!(code, 0, "{err}");
    assert!(!draft.contains("Sửa đổi khoản 2 Điều 2"), "{draft}");
    assert!(
        draft.contains("có miễn trừ đã được chấp nhận nên không đưa vào dự thảo"),
        "{draft}"
    );
    assert!(draft.contains("- khoản 2 Điều 2: Trưởng thôn"), "{draft}");
    let repeal = draft
        .split("Bãi bỏ khoản 2 Điều 3.")
        .nth(1)
        .expect("pending waiver still amended");
    assert!(repeal.contains("miễn trừ đang chờ xem xét"), "{repeal}");
}

#[test]
fn manifest_names_the_commune_and_district_the_title_lacks() {
    let d = Dir::new();
    let f = d.write(
        "thon-tay.txt",
        "HƯƠNG ƯỚC\nTHÔN TÂY\nĐiều 1. Tổ chức\nTrưởng thôn phải là nam giới, có uy tín.\n",
    );
    let m = d.write(
        "danh-sach.csv",
        "path,commune,district,adopted\nthon-tay.txt,Vũ Phúc,Kiến Xương,2021-03-12\n",
    );
    let (code, draft, err) = parts(&amend(&d, &f, &["--manifest", m.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    assert!(
        draft.contains("Về việc sửa đổi, bổ sung Hương ước thôn Tây, xã Vũ Phúc, huyện Kiến Xương"),
        "{draft}"
    );
    assert!(
        draft.contains("Ủy ban nhân dân xã Vũ Phúc công nhận"),
        "{draft}"
    );
}

#[test]
fn bad_input_is_an_error_naming_the_file() {
    let d = Dir::new();
    let missing = d.path().join("khong-co.txt");
    let (code, _, err) = parts(&amend(&d, &missing, &[]));
    assert_eq!(code, 2);
    assert!(err.contains("khong-co.txt"), "{err}");

    let notes = d.write("ghi-chu.txt", "Danh sách các thôn cần rà soát.\n");
    let (code, _, err) = parts(&amend(&d, &notes, &[]));
    assert_eq!(code, 2);
    assert!(
        err.contains("ghi-chu.txt") && err.contains("không có tên hương ước"),
        "{err}"
    );

    let f = d.write("thon-dong.txt", COVENANT);
    let (code, _, err) = parts(&amend(
        &d,
        &f,
        &["-o", "/dev/null", "--apply", f.to_str().unwrap()],
    ));
    assert_eq!(code, 2);
    assert!(err.contains("không ghi đè lên hương ước gốc"), "{err}");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), COVENANT);

    let dir = d.path().join("khong-co-thu-muc/draft.docx");
    let (code, _, err) = parts(&amend(&d, &f, &["-o", dir.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("draft.docx"), "{err}");
    // The draft is never taken for a covenant when a folder is scanned.
    let draft = d.path().join("du-thao.md");
    let (code, _, _) = parts(&amend(&d, &f, &["-o", draft.to_str().unwrap()]));
    assert_eq!(code, 0);
    let report = json(&run(["scan", "--format", "json", draft.to_str().unwrap()]));
    assert_eq!(report["files"][0]["status"], "not_covenant", "{report:#}");
}

/// The items of a draft read back from a .docx with huonguoc's own reader.
fn items_of(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            l.split_once(". ").is_some_and(|(n, rest)| {
                n.parse::<u32>().is_ok()
                    && (rest.starts_with("Sửa đổi") || rest.starts_with("Bãi bỏ"))
            })
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn docx_draft_reads_back_with_its_items_in_order() {
    let d = Dir::new();
    let f = d.write("thon-dong.txt", COVENANT);
    let docx = d.path().join("du-thao.docx");
    let (code, _, err) = parts(&amend(&d, &f, &["-o", docx.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&docx).unwrap();
    assert!(bytes.starts_with(b"PK"), "a zip package");
    let (code, text, err) = parts(&run(["extract", docx.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        items_of(&text),
        [
            "1. Sửa đổi khoản 2 Điều 2 như sau:",
            "2. Sửa đổi điểm b khoản 1 Điều 3 như sau:",
            "3. Bãi bỏ khoản 2 Điều 3.",
        ],
        "{text}"
    );
    assert!(
        text.contains("“2. Người ứng cử trưởng thôn phải là người có uy tín.”"),
        "{text}"
    );
}

fn soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HUONGUOC_SOFFICE") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["soffice", "libreoffice"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

#[test]
fn docx_draft_opens_in_libreoffice_and_converts_to_pdf_with_the_items_in_order() {
    let Some(bin) = soffice() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "LibreOffice is not installed: `apt-get install -y libreoffice-writer-nogui` (CI must run the .docx test)"
            );
        }
        eprintln!(
            "SKIPPED docx_draft_opens_in_libreoffice: soffice not installed (apt-get install -y libreoffice-writer-nogui)"
        );
        return;
    };
    let d = Dir::new();
    let f = d.write("thon-dong.txt", COVENANT);
    let docx = d.path().join("du-thao.docx");
    let (code, _, err) = parts(&amend(&d, &f, &["-o", docx.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    let outdir = d.path().join("pdf");
    let mut child = Command::new(&bin)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&outdir)
        .arg(&docx)
        // A profile of its own: a user's running LibreOffice is not disturbed.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            d.path().join("lo-profile").display()
        ))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start soffice");
    let deadline = Instant::now() + Duration::from_secs(180);
    while child.try_wait().expect("wait for soffice").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("soffice did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let pdf = outdir.join("du-thao.pdf");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF from LibreOffice ({e})"));
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    // The PDF's own text layer, read by huonguoc's PDF reader, holds the
    // items in order: LibreOffice laid out every paragraph.
    let (code, text, err) = parts(&run(["extract", pdf.to_str().unwrap()]));
    assert_eq!(code, 0, "{err}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = |s: &str| {
        flat.find(s)
            .unwrap_or_else(|| panic!("{s:?} not in the PDF text:\n{flat}"))
    };
    let order = [
        at("1. Sửa đổi khoản 2 Điều 2 như sau:"),
        at("2. Sửa đổi điểm b khoản 1 Điều 3 như sau:"),
        at("3. Bãi bỏ khoản 2 Điều 3."),
        at("KẾT QUẢ BIỂU QUYẾT"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "items out of order: {order:?}"
    );
}

/// A .docx covenant (khoản and điểm numbered by Word, and one in a TCVN3
/// font) amended in place: the package keeps its other parts, the edited
/// paragraphs keep their numbering, and the result rescans clean.
#[test]
fn apply_edits_a_docx_covenant_in_its_own_format() {
    for font in [
        DocxFont::Unicode,
        DocxFont::Legacy(huonguoc_text::legacy::Legacy::Tcvn3, ".VnTime"),
    ] {
        let d = Dir::new();
        let bytes = fixture::docx(COVENANT, font).expect("encodable");
        let f = d.write("thon-dong.docx", &bytes);
        let (code, _, err) = parts(&amend(&d, &f, &["-o", "/dev/null", "--apply"]));
        assert_eq!(code, 0, "{font:?}: {err}");
        let out = d.path().join("thon-dong.sua-doi.docx");
        let old_text = parts(&run(["extract", f.to_str().unwrap()])).1;
        let new_text = parts(&run(["extract", out.to_str().unwrap()])).1;
        let changed = changed_lines(&old_text, &new_text);
        assert_eq!(changed.len(), 3, "{font:?}: {changed:#?}");
        assert_eq!(
            changed[0].1,
            "2. Người ứng cử trưởng thôn phải là người có uy tín."
        );
        assert_eq!(changed[2].1, "2. (bãi bỏ)");
        let scan = run(["scan", "--format", "json", out.to_str().unwrap()]);
        assert_eq!(
            scan.status.code(),
            Some(0),
            "{font:?}: {}",
            String::from_utf8_lossy(&scan.stdout)
        );
        let diff = json(&run([
            "diff",
            "--format",
            "json",
            f.to_str().unwrap(),
            out.to_str().unwrap(),
        ]));
        assert_eq!(diff["resolved"].as_array().unwrap().len(), 3, "{diff:#}");
        assert!(diff["added"].as_array().unwrap().is_empty(), "{diff:#}");
        // Numbering lives on in numbering.xml, copied as it was.
        let numbering = |b: &[u8]| {
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(b.to_vec())).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut z.by_name("word/numbering.xml").unwrap(), &mut s)
                .unwrap();
            s
        };
        assert_eq!(numbering(&bytes), numbering(&std::fs::read(&out).unwrap()));
    }
}

/// `huonguoc test` fails a rewrite example whose `to` is not what the
/// rewrite gives, and a rewrite whose result is still flagged.
#[test]
fn pack_test_checks_rewrites() {
    let table = [
        (
            "to = \"Người ứng cử trưởng thôn phải là người có uy tín, có gia đình văn hóa nhiều năm liền.\"",
            "to = \"Người ứng cử trưởng thôn phải là người đàn ông có uy tín.\"",
            "mong đợi:",
        ),
        (
            "with = 'do người được bầu, nam hoặc nữ, ${v}' },\n  { find = 'chỉ (?P<v>chọn",
            "with = 'do nam giới ${v}' },\n  { find = 'chỉ (?P<v>chọn",
            "bản sửa vẫn bị bắt",
        ),
    ];
    for (from, to, says) in table {
        let d = Dir::new();
        for e in std::fs::read_dir(root().join("rules")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                std::fs::copy(&p, d.path().join(p.file_name().unwrap())).unwrap();
            }
        }
        let file = d.path().join("participation.toml");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
        let (code, out, _) = parts(&run(["test", "--rules", d.path().to_str().unwrap()]));
        assert_eq!(code, 1, "{out}");
        assert!(
            out.lines()
                .any(|l| l.starts_with("FAIL participation.leader-must-be-male"))
                && out.contains(says),
            "{says}: {out}"
        );
    }
}

#[test]
fn a_covenant_with_nothing_to_amend_gets_no_draft() {
    let d = Dir::new();
    let f = d.write("thon-sach.txt", "QUY ƯỚC\nĐiều 1. Chung\nNghiêm cấm tảo hôn. Con trai, con gái đều được chia đất ngang nhau.\n");
    let draft = d.path().join("du-thao.docx");
    let (code, out, err) = parts(&amend(&d, &f, &["-o", draft.to_str().unwrap(), "--apply"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("không có nội dung nào cần sửa đổi"), "{err}");
    assert!(!draft.exists() && !d.path().join("thon-sach.sua-doi.txt").exists());
}

#[test]
fn explain_shows_how_a_rule_is_amended() {
    let (code, out, _) = parts(&run(["explain", "participation.leader-must-be-male"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("khi soạn sửa đổi (amend): sửa trên câu chữ"),
        "{out}"
    );
    assert!(
        out.contains("→ «Trưởng bản, già làng phải là người có uy tín.»"),
        "{out}"
    );
    let (_, out, _) = parts(&run(["explain", "divorce.refund-wedding-gifts"]));
    assert!(out.contains("khi soạn sửa đổi (amend): bãi bỏ"), "{out}");
}

/// A text file in TCVN3 is amended and written as UTF-8, with a note: the
/// new wording may hold letters the old table lacks.
#[test]
fn apply_writes_a_legacy_text_file_as_utf8() {
    use huonguoc_text::legacy::{Legacy, encode};
    let d = Dir::new();
    let f = d.write(
        "thon-dong.txt",
        encode(COVENANT, Legacy::Tcvn3).expect("encodable"),
    );
    let (code, _, err) = parts(&amend(&d, &f, &["-o", "/dev/null", "--apply"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("văn bản gốc mã hóa tcvn3: bản sửa đổi được ghi bằng UTF-8"),
        "{err}"
    );
    let new = std::fs::read_to_string(d.path().join("thon-dong.sua-doi.txt")).expect("UTF-8");
    assert_eq!(changed_lines(COVENANT, &new).len(), 3, "{new}");
    let scan = run([
        "scan",
        "--format",
        "json",
        d.path().join("thon-dong.sua-doi.txt").to_str().unwrap(),
    ]);
    assert_eq!(scan.status.code(), Some(0));
}
