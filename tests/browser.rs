//! The HTML report in a real headless Chromium: it renders, nothing in it
//! runs, and it makes no network request.
//!
//! Needs Debian's `chromium` (or `$HUONGUOC_CHROMIUM`). Missing, the test
//! fails under CI (`CI` set) and is skipped with a message elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::reports::pack;
use crate::util::{Dir, run};

/// A covenant that would run script and fetch from the network if its text
/// reached the page unescaped.
const HOSTILE: &str = "HƯƠNG ƯỚC THÔN ĐOÀI\n\
Điều 6. Thừa kế\n\
2. Việc chia tài sản như sau:\n\
b) Con gái <script>document.title='PWNED'</script> đã đi lấy chồng thì không được chia đất. <img src=\"http://127.0.0.1:9/leak.png\">\n\
Điều 7. Gia đình\n\
Người phụ nữ đảm đang là niềm tự hào của thôn.\n";

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("HUONGUOC_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
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
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("chromium output");
    assert!(out.status.success(), "chromium failed: {:?}", out.status);
    String::from_utf8_lossy(&out.stdout).into_owned()
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
    let Some(bin) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "chromium is not installed: `apt-get install -y chromium` (CI must run the browser test)"
            );
        }
        eprintln!(
            "SKIPPED html_report_renders_in_chromium: chromium not installed (apt-get install -y chromium)"
        );
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
