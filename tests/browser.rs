//! The HTML report in a real headless Chromium: it renders, nothing in it
//! runs, it makes no network request, and a district's report of 200
//! covenants has its index, with every link reaching its section.
//!
//! Needs Debian's `chromium` (or `$HUONGUOC_CHROMIUM`), which `.ci/run`
//! installs. Missing, the test fails whenever the browser is expected: under
//! CI (`CI` set and not empty, as the progress-bar test reads it) or when
//! `HUONGUOC_CHROMIUM` names a browser that is not there. Elsewhere it is
//! skipped with a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::reports::pack;
use crate::util::{Dir, root, run};

/// A covenant that would run script and fetch from the network if its text
/// reached the page unescaped.
const HOSTILE: &str = "HƯƠNG ƯỚC THÔN ĐOÀI\n\
Điều 6. Thừa kế\n\
2. Việc chia tài sản như sau:\n\
b) Con gái <script>document.title='PWNED'</script> đã đi lấy chồng thì không được chia đất. <img src=\"http://127.0.0.1:9/leak.png\">\n\
Điều 7. Gia đình\n\
Người phụ nữ đảm đang là niềm tự hào của thôn.\n";

/// Whether this run must have a browser.
fn expected() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
        || std::env::var_os("HUONGUOC_CHROMIUM").is_some()
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HUONGUOC_CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// The browser, or `None` when the test may be skipped; a missing browser
/// that is expected fails the test here, loudly.
fn browser(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            !expected(),
            "chromium is not installed, and CI or HUONGUOC_CHROMIUM expects it: \
             `apt-get install -y chromium` (.ci/run does), or point HUONGUOC_CHROMIUM at it"
        );
        eprintln!("SKIPPED {test}: chromium not installed (apt-get install -y chromium)");
    }
    found
}

/// Runs Chromium headless on `page` with a net log, plus `extra` flags, and
/// returns its stdout. Flags keep the browser's own background traffic low;
/// what remains is told apart from the page's by its initiator.
fn headless(bin: &Path, tmp: &Path, page: &Path, net_log: &Path, extra: &[String]) -> String {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--window-size=1200,1600",
    ])
    .arg(format!("--user-data-dir={}", tmp.join("profile").display()))
    .arg(format!("--log-net-log={}", net_log.display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("start chromium");
    // Read as it comes: a DOM larger than the pipe would block the browser
    // until it is read.
    let mut stdout = child.stdout.take().expect("chromium stdout");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut bytes);
        bytes
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "chromium failed: {status:?}");
    let bytes = reader.join().expect("read chromium's output");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// URLs the page itself asked for. Chromium's own traffic (time, update and
/// account checks that flags do not fully stop) starts with no origin;
/// anything a page starts carries its origin, "null" for a file:// page.
fn page_requests(net_log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(net_log).expect("read net log");
    // Chromium may end the log without closing it when killed.
    let log: serde_json::Value = serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", text.trim_end().trim_end_matches(','))))
        .expect("net log is JSON");
    let types = &log["constants"]["logEventTypes"];
    let start_job = types["URL_REQUEST_START_JOB"].as_u64().expect("event type");
    log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| e["params"]["initiator"].as_str() != Some("not an origin"))
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn html_report_renders_in_chromium_without_running_or_fetching_anything() {
    let Some(bin) = browser("html_report_renders_in_chromium") else {
        return;
    };
    let d = Dir::new();
    d.write("huyen-a/xa-1/doai.txt", HOSTILE);
    d.write(
        "huyen-a/xa-2/sach.txt",
        "QUY ƯỚC\nĐiều 1. Chung\nNghiêm cấm tảo hôn.\n",
    );
    d.write(
        "huyen-b/xa-3/dong.txt",
        "QUY ƯỚC\nĐiều 1. Chung\nNghiêm cấm tảo hôn.\n",
    );
    let out = run([
        "scan",
        "--rules",
        &pack(),
        "--format",
        "html",
        "--group-by",
        "commune",
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page names no network address"
    );
    let tmp = Dir::new();
    let page = tmp.write("report.html", &html);

    // 1. The DOM after load: the covenant's tags are text, not elements.
    let dom = headless(
        &bin,
        tmp.path(),
        &page,
        &tmp.path().join("net-dom.json"),
        &["--dump-dom".into()],
    );
    assert!(
        dom.contains("Báo cáo rà soát hương ước"),
        "page did not render:\n{dom}"
    );
    assert!(dom.contains("điểm b khoản 2 Điều 6"), "{dom}");
    assert!(dom.contains("&lt;script&gt;document.title="), "{dom}");
    assert!(!dom.contains("<script"), "a script element reached the DOM");
    assert!(!dom.contains("<img"), "an img element reached the DOM");
    assert!(!dom.contains("PWNED</title>"), "the covenant's script ran");
    assert!(page_requests(&tmp.path().join("net-dom.json")).is_empty());

    // 2. A screenshot, with a net log of everything the page asked for.
    let png = tmp.path().join("report.png");
    let net = tmp.path().join("net.json");
    headless(
        &bin,
        tmp.path(),
        &page,
        &net,
        &[format!("--screenshot={}", png.display())],
    );
    let bytes = std::fs::read(&png).expect("a screenshot was written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        bytes.len() > 10_000,
        "screenshot is nearly empty: {} bytes",
        bytes.len()
    );
    let requests = page_requests(&net);
    assert!(
        requests.is_empty(),
        "the report made network requests: {requests:?}"
    );

    // 3. The check can fail: a page that does fetch is caught.
    let control = tmp.write(
        "control.html",
        "<!DOCTYPE html><img src=\"http://127.0.0.1:9/canary.png\">",
    );
    let control_net = tmp.path().join("net-control.json");
    headless(
        &bin,
        tmp.path(),
        &control,
        &control_net,
        &["--dump-dom".into()],
    );
    let caught = page_requests(&control_net);
    assert!(
        caught.iter().any(|u| u.contains("canary.png")),
        "the net-log check missed a real request: {caught:?}"
    );

    // Keep the screenshot for people to look at, when asked.
    if let Some(dir) = std::env::var_os("HUONGUOC_SCREENSHOT_DIR") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(&png, Path::new(&dir).join("report.png"));
    }
}

/// Copies corpus covenants into `n` files laid out `district/commune/file`
/// over 4 districts and 10 communes each, so that the report has groups,
/// and one hostile covenant among them.
fn district(n: usize) -> Dir {
    let mut texts: Vec<PathBuf> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    texts.sort();
    assert!(texts.len() >= 40, "corpus too small: {}", texts.len());
    let d = Dir::new();
    for i in 0..n - 1 {
        let src = &texts[i % texts.len()];
        let name = src.file_name().unwrap().to_string_lossy();
        let text = std::fs::read(src).unwrap();
        d.write(
            &format!("Huyện {}/Xã {:02}/{i:03}-{name}", i % 4, i % 10),
            text,
        );
    }
    d.write("Huyện 0/Xã 00/doai.txt", HOSTILE);
    d
}

/// `(href target, link text)` of every `<a href="#…">` in `dom`.
fn links(dom: &str) -> Vec<(String, String)> {
    dom.split("<a href=\"#")
        .skip(1)
        .map(|rest| {
            let (target, after) = rest.split_once('"').unwrap();
            let text = after[1..].split_once("</a>").unwrap().0;
            (target.to_owned(), text.to_owned())
        })
        .collect()
}

/// The text right after the element whose id is `id`: for a covenant's
/// section, its summary.
fn after_id<'a>(dom: &'a str, id: &str) -> Option<&'a str> {
    let at = dom.find(&format!("id=\"{id}\""))?;
    let rest = &dom[at..];
    let end = rest.char_indices().nth(2000).map_or(rest.len(), |(i, _)| i);
    Some(&rest[..end])
}

#[test]
fn a_district_report_of_200_covenants_has_its_index_and_every_link_lands() {
    let Some(bin) = browser("a_district_report_of_200_covenants") else {
        return;
    };
    let d = district(200);
    let tmp = Dir::new();
    let page = tmp.path().join("bao-cao.html");
    let out = run([
        "scan",
        "--group-by",
        "commune",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
        d.path().to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"));

    let dom = headless(
        &bin,
        tmp.path(),
        &page,
        &tmp.path().join("net-dom.json"),
        &["--dump-dom".into()],
    );
    // The header: date, tool version, rule pack, the rules that ran.
    let pack = huonguoc_batch::Pack::embedded().unwrap();
    for part in [
        "Ngày đo",
        &format!("huonguoc {}", env!("CARGO_PKG_VERSION")),
        pack.version.as_str(),
        "mọi quy tắc",
    ] {
        assert!(dom.contains(part), "the header lacks {part:?}");
    }
    // The roll-up chart, one bar per commune of each district.
    assert!(dom.contains("<svg"), "no chart");
    assert!(dom.contains("Xã 03 (Huyện 3)"), "no commune in the chart");
    // The index: one row per covenant, in a table after the sort buttons.
    let index = dom
        .split_once("<table class=\"index\">")
        .expect("no index table")
        .1
        .split_once("</table>")
        .unwrap()
        .0;
    let rows = index.matches("<tr style=").count();
    assert_eq!(rows, 200, "index rows");
    assert_eq!(dom.matches("class=\"sort\" type=\"radio\"").count(), 7);
    // Every link lands on an element of the page; each index link on the
    // section of the same covenant.
    let all = links(&dom);
    assert!(all.len() >= 400, "links: {}", all.len());
    let mut sections = 0;
    for (target, text) in &all {
        let landing = after_id(&dom, target)
            .unwrap_or_else(|| panic!("link #{target} ({text}) lands nowhere"));
        if target.starts_with("f-") {
            sections += 1;
            let summary = landing
                .split_once("<summary>")
                .unwrap_or_else(|| panic!("#{target} is no section"))
                .1;
            assert!(
                summary.starts_with(text.as_str()),
                "#{target} links {text} but lands on {}",
                summary.chars().take(120).collect::<String>()
            );
        }
    }
    assert_eq!(sections, 200, "one index link per covenant");
    assert_eq!(dom.matches("<details class=\"covenant\"").count(), 200);
    assert!(!dom.contains("<script"), "a script element reached the DOM");
    assert!(page_requests(&tmp.path().join("net-dom.json")).is_empty());

    // A screenshot renders.
    let png = tmp.path().join("bao-cao.png");
    headless(
        &bin,
        tmp.path(),
        &page,
        &tmp.path().join("net-shot.json"),
        &[format!("--screenshot={}", png.display())],
    );
    let bytes = std::fs::read(&png).expect("a screenshot was written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        bytes.len() > 10_000,
        "screenshot nearly empty: {} bytes",
        bytes.len()
    );
    if let Some(dir) = std::env::var_os("HUONGUOC_SCREENSHOT_DIR") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(&png, Path::new(&dir).join("bao-cao-200.png"));
    }
}
