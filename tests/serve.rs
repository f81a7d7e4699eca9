//! `minutebook serve` as a child process, spoken to over plain TCP: pages
//! and content types, live reload by Server-Sent Events, the last good site
//! kept through a failing edit, no way out of the built site, and many
//! clients at once.

mod common;
use common::scratch_copy;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const REVIEW: &str = "content/reviews/2025-07-15-mr-2025-07.md";

/// The server child process, killed however the test ends.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    start_with(root, &[])
}

fn start_with(root: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minutebook"))
        .args([
            "serve",
            "--port",
            "0",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            "2025-12-31",
        ])
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("minutebook serve starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    // Keep reading stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let mut server = Server {
        child,
        addr: "127.0.0.1:1".parse().unwrap(),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(left).expect("serve prints its URL");
        if let Some(url) = line.strip_prefix("serving http://") {
            server.addr = url.trim_end_matches('/').parse().expect("an address");
            assert_eq!(line, format!("serving http://{}/", server.addr));
            return server;
        }
    }
}

/// A response: status, headers (lower-cased names), body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends a raw request target as written (no normalisation on our side).
fn get(addr: SocketAddr, target: &str) -> Response {
    raw(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

fn raw(addr: SocketAddr, request: &[u8]) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request).unwrap();
    let mut data = Vec::new();
    let _ = s.read_to_end(&mut data);
    let split = data
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&data)));
    let head = String::from_utf8_lossy(&data[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: data[split + 4..].to_vec(),
    }
}

/// An open event stream: its lines arrive on a channel.
fn events(addr: SocketAddr) -> Receiver<String> {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /__minutebook/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
        .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(s).lines();
        // The response head: status and headers, up to the blank line.
        let mut head = Vec::new();
        for line in lines.by_ref() {
            let Ok(line) = line else { return };
            if line.is_empty() {
                break;
            }
            head.push(line.to_ascii_lowercase());
        }
        assert!(
            head.first().is_some_and(|l| l.starts_with("http/1.1 200")),
            "{head:?}"
        );
        assert!(
            head.contains(&"content-type: text/event-stream".to_string()),
            "{head:?}"
        );
        assert!(
            head.contains(&"cache-control: no-cache".to_string()),
            "{head:?}"
        );
        for line in lines {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for `event: <name>` and returns its data line; other events are skipped.
fn wait_event(rx: &Receiver<String>, name: &str, within: Duration) -> String {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no `event: {name}` within {within:?}; saw {seen:?}"));
        if line == format!("event: {name}") {
            let data = rx
                .recv_timeout(Duration::from_secs(2))
                .expect("a data line");
            return data.strip_prefix("data: ").expect("data line").to_string();
        }
        seen.push(line);
    }
}

/// Writes a review and records its sign-off again, so the change is valid.
fn write_signed(root: &Path, text: &str) {
    let sha = minutebook::fsx::hash::sha256_bytes(text.as_bytes());
    let sheet_path = root.join("content/signoffs.yaml");
    let sheet = std::fs::read_to_string(&sheet_path).unwrap();
    let sheet: String = sheet
        .lines()
        .map(|l| {
            if l.contains("reviews/2025-07-15-mr-2025-07.md") {
                format!("- {{document: reviews/2025-07-15-mr-2025-07.md, person: ceo, date: 2025-07-20, sha256: {sha}}}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(root.join(REVIEW), text).unwrap();
    std::fs::write(sheet_path, sheet).unwrap();
}

#[test]
fn serves_pages_and_reloads_on_change() {
    let site = scratch_copy("clean");
    let root = site.path();
    let server = start(root);
    let addr = server.addr;

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.text().contains("static/livereload.js"),
        "pages load the live-reload script"
    );
    let page = get(addr, "/reviews/mr-2025-07/");
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("Reviewed again at the watch test"));
    let folder = get(addr, "/reviews/mr-2025-07");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/reviews/mr-2025-07/"));
    for (path, ty) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/livereload.js", "text/javascript; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/data/actions.csv", "text/csv; charset=utf-8"),
        ("/data/actions.ics", "text/calendar; charset=utf-8"),
        ("/data/site.json", "application/json"),
        (
            "/files/evidence/2025/audit-report.txt",
            "text/plain; charset=utf-8",
        ),
        ("/SHA256SUMS", "text/plain; charset=utf-8"),
    ] {
        let r = get(addr, path);
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some(ty)),
            "{path}"
        );
    }
    let missing = get(addr, "/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("<base href=\"/\">"),
        "404 page finds its styles anywhere"
    );

    // A good edit: the open page is told to reload and the page changes.
    let stream = events(addr);
    let head = wait_event_or_retry(&stream);
    assert!(head.starts_with("retry"), "{head}");
    let original = std::fs::read_to_string(root.join(REVIEW)).unwrap();
    let edited = original.replace(
        "## Audit results {#audit-results}\n",
        "## Audit results {#audit-results}\n\nReviewed again at the watch test.\n",
    );
    assert_ne!(edited, original);
    write_signed(root, &edited);
    wait_event(&stream, "reload", Duration::from_secs(10));
    assert!(
        get(addr, "/reviews/mr-2025-07/")
            .text()
            .contains("Reviewed again at the watch test")
    );

    // A failing edit: findings are sent, the last good site stays up.
    let broken = edited.replacen("date: 2025-07-15", "date: [2025-07-15", 1);
    std::fs::write(root.join(REVIEW), &broken).unwrap();
    let data = wait_event(&stream, "findings", Duration::from_secs(10));
    let v: serde_json::Value = serde_json::from_str(&data).expect("findings data is JSON");
    assert!(v["errors"].as_u64().unwrap() >= 1, "{v}");
    assert!(v["warnings"].is_u64(), "{v}");
    assert!(v["text"].as_str().unwrap().contains("MB002"), "{v}");
    let still = get(addr, "/reviews/mr-2025-07/");
    assert_eq!(still.status, 200);
    assert!(still.text().contains("Reviewed again at the watch test"));
    // A page opened while the site is failing is told at once.
    let late = events(addr);
    wait_event(&late, "findings", Duration::from_secs(5));

    // Fixed: reload again.
    std::fs::write(root.join(REVIEW), &edited).unwrap();
    wait_event(&stream, "reload", Duration::from_secs(10));
    assert_eq!(get(addr, "/").status, 200);
    drop(server);
}

/// The first line of a stream (`retry: …`), waiting for the server to answer.
fn wait_event_or_retry(rx: &Receiver<String>) -> String {
    rx.recv_timeout(Duration::from_secs(5))
        .expect("the event stream opens")
}

#[test]
fn never_serves_anything_outside_the_site_and_survives_load() {
    let site = scratch_copy("clean");
    let root = site.path();
    let server = start(root);
    let addr = server.addr;
    let secrets = ["[package]", "root:", "title: Fixture Ltd", "frameworks:"];
    for target in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2e/minutebook.yaml",
        "/static/..%2f..%2fminutebook.yaml",
        "/static/%2e%2e/%2e%2e/minutebook.yaml",
        "//etc/passwd",
        "/..\\minutebook.yaml",
        "/static/..%5c..%5cminutebook.yaml",
        "/minutebook.yaml%00.html",
        "/content/people.yaml",
        "/minutebook.yaml",
        "http://localhost/../minutebook.yaml",
    ] {
        let r = get(addr, target);
        assert!(
            matches!(r.status, 400 | 404),
            "{target}: status {}",
            r.status
        );
        let body = r.text();
        for s in secrets {
            assert!(!body.contains(s), "{target} leaked {s}");
        }
    }
    // Malformed requests do not bring it down.
    for junk in [
        &b"NONSENSE\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        b"\x00\x01\x02\r\n\r\n",
        b"GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        if let Ok(mut s) = TcpStream::connect(addr) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let _ = s.write_all(junk);
            let mut sink = Vec::new();
            let _ = s.read_to_end(&mut sink);
        }
    }
    let post = raw(
        addr,
        b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
    );
    assert_eq!(post.status, 405);
    let head = raw(
        addr,
        b"HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    // 50 clients at once, with a few live-reload streams open besides.
    let _streams: Vec<_> = (0..5).map(|_| events(addr)).collect();
    let started = Instant::now();
    let handles: Vec<_> = (0..50)
        .map(|i| {
            std::thread::spawn(move || {
                let path = match i % 3 {
                    0 => "/",
                    1 => "/reviews/mr-2025-01/",
                    _ => "/static/style.css",
                };
                let r = get(addr, path);
                (path, r.status, r.body.len())
            })
        })
        .collect();
    for h in handles {
        let (path, status, len) = h.join().unwrap();
        assert_eq!(status, 200, "{path}");
        assert!(len > 0, "{path}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(get(addr, "/").status, 200, "still serving");
    drop(server);
}

#[test]
fn polling_watcher_rebuilds_too() {
    let site = scratch_copy("clean");
    let root = site.path();
    let server = start_with(root, &["--poll"]);
    let stream = events(server.addr);
    wait_event_or_retry(&stream);
    // A record is not signed off: any edit to it is valid.
    let record = root.join("content/records/2025-03-01-internal-audit.md");
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(
        &record,
        text.replace("One minor nonconformity", "Exactly one minor nonconformity"),
    )
    .unwrap();
    wait_event(&stream, "reload", Duration::from_secs(10));
    let page = get(server.addr, "/records/ia-2025-03/");
    assert!(page.text().contains("Exactly one minor nonconformity"));
    // A second save in the same second (same time stamp) is seen too.
    std::fs::write(
        &record,
        text.replace(
            "One minor nonconformity",
            "Precisely one minor nonconformity",
        ),
    )
    .unwrap();
    wait_event(&stream, "reload", Duration::from_secs(10));
    let page = get(server.addr, "/records/ia-2025-03/");
    assert!(page.text().contains("Precisely one minor nonconformity"));
    // Output and cache folders are not inputs: writing there triggers nothing.
    std::fs::create_dir_all(root.join("public")).unwrap();
    std::fs::write(root.join("public/x.html"), "x").unwrap();
    let quiet_until = Instant::now() + Duration::from_millis(1500);
    while let Ok(line) = stream.recv_timeout(quiet_until.saturating_duration_since(Instant::now()))
    {
        assert!(
            !line.starts_with("event:"),
            "a write to public/ was followed by {line:?}"
        );
    }
}

/// Ctrl-C (SIGINT) and a plain `kill` (SIGTERM) stop the server cleanly,
/// even with a live-reload stream open: it exits by itself with status 0
/// (without a handler a signal ends it with no status code at all).
#[test]
fn ctrl_c_and_kill_stop_the_server_cleanly() {
    for signal in ["-INT", "-TERM"] {
        let site = scratch_copy("site-golden");
        let mut server = start(site.path());
        let mut events = TcpStream::connect(server.addr).expect("connect");
        events
            .write_all(b"GET /__minutebook/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let sent = Command::new("kill")
            .args([signal, &server.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(s) = server.child.try_wait().expect("wait") {
                break s;
            }
            assert!(
                Instant::now() < deadline,
                "serve still running 10 s after kill {signal}"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(status.code(), Some(0), "kill {signal}: {status:?}");
    }
}

/// DNS rebinding: a page on another site that makes its own name resolve to
/// 127.0.0.1 sends its name in `Host`; only this machine's names are answered.
#[test]
fn answers_only_requests_addressed_to_this_machine() {
    let site = scratch_copy("clean");
    let server = start(site.path());
    let addr = server.addr;
    let port = addr.port();
    let ask = |host: Option<String>| {
        let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
        raw(
            addr,
            format!("GET / HTTP/1.1\r\n{host}Connection: close\r\n\r\n").as_bytes(),
        )
    };
    for ok in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("{addr}"),
    ] {
        let r = ask(Some(ok.clone()));
        assert_eq!(r.status, 200, "Host: {ok}");
    }
    for bad in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("10.11.12.13:{port}"),
    ] {
        let r = ask(Some(bad.clone()));
        assert_eq!(r.status, 421, "Host: {bad}");
        assert!(!r.text().contains("<html"), "Host: {bad} got a page");
    }
    let r = ask(None);
    assert!(matches!(r.status, 400 | 421), "no Host: {}", r.status);
    // Evidence and events alike.
    let r = raw(
        addr,
        b"GET /files/evidence/2025/audit-report.txt HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 421);
    let r = raw(
        addr,
        b"HEAD /__minutebook/events HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 421);
}

/// After a rebuild stops on MB041 the last good site stays up, but its
/// evidence is served only while each file is still the one that build
/// verified: a file swapped for a link to `/etc/passwd`, for a FIFO or for
/// other bytes of the same size is refused, without hanging.
#[test]
fn serves_only_the_evidence_the_last_good_build_verified() {
    let site = scratch_copy("clean");
    let root = site.path();
    let server = start(root);
    let addr = server.addr;
    let url = "/files/evidence/2025/audit-report.txt";
    let file = root.join("content/evidence/2025/audit-report.txt");
    let good = std::fs::read(&file).unwrap();
    let r = get(addr, url);
    assert_eq!(r.status, 200);
    assert_eq!(r.body, good);

    let stream = events(addr);
    // A second link out of content/ keeps every later rebuild at MB041, so
    // the last good site is what answers throughout.
    std::os::unix::fs::symlink(
        "/etc/passwd",
        root.join("content/evidence/2025/planted-link.txt"),
    )
    .unwrap();
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", &file).unwrap();
    let failed = wait_event(&stream, "findings", Duration::from_secs(20));
    assert!(failed.contains("MB041"), "{failed}");
    let r = get(addr, url);
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(!r.text().contains("root:"), "leaked /etc/passwd");
    // The rest of the last good site is still served.
    assert_eq!(get(addr, "/").status, 200);

    // A FIFO in its place: refused at once, never opened.
    std::fs::remove_file(&file).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(&file)
            .status()
            .unwrap()
            .success()
    );
    let _ = wait_event(&stream, "findings", Duration::from_secs(20));
    let started = Instant::now();
    let r = get(addr, url);
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(started.elapsed() < Duration::from_secs(5));

    // Other bytes of the same size.
    std::fs::remove_file(&file).unwrap();
    let mut doctored = good.clone();
    doctored[0] ^= 0x20;
    std::fs::write(&file, &doctored).unwrap();
    let _ = wait_event(&stream, "findings", Duration::from_secs(20));
    let r = get(addr, url);
    assert_eq!(r.status, 409, "{}", r.text());
    assert_ne!(r.body, doctored);
    drop(server);
}

/// Hundreds of connections that never send a request hold no thread each:
/// a fixed pool reads requests (each waits at most a few seconds for its
/// head), the rest queue or get 503, and the server answers again as soon
/// as they go.
#[test]
fn idle_connections_do_not_start_a_thread_each() {
    let site = scratch_copy("clean");
    let server = start(site.path());
    let addr = server.addr;
    let tasks = format!("/proc/{}/task", server.child.id());
    let threads = || std::fs::read_dir(&tasks).map_or(0, Iterator::count);
    if threads() == 0 {
        return; // no /proc here
    }
    assert_eq!(get(addr, "/").status, 200);
    let before = threads();
    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(addr).ok())
        .collect();
    assert!(idle.len() >= 200, "connected {}", idle.len());
    std::thread::sleep(Duration::from_millis(500));
    let during = threads();
    assert!(
        during <= before + 2,
        "{} idle connections: {before} threads before, {during} during",
        idle.len()
    );
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = get(addr, "/");
        if r.status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not answering again: {}",
            r.status
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Findings never hide the site: an author who edits signed
/// minutes is served the edited page at once, with MB050 in its findings
/// box, not the last page without errors; only a stopping finding (MB002
/// here) keeps the last site up.
#[test]
fn an_edit_with_errors_is_served_with_its_findings() {
    let site = scratch_copy("clean");
    let root = site.path();
    let server = start(root);
    let addr = server.addr;
    let stream = events(addr);
    let head = wait_event_or_retry(&stream);
    assert!(head.starts_with("retry"), "{head}");
    let original = std::fs::read_to_string(root.join(REVIEW)).unwrap();
    let edited = original.replace(
        "## Audit results {#audit-results}\n",
        "## Audit results {#audit-results}\n\nEdited after the sign-off.\n",
    );
    assert_ne!(edited, original);
    // Not signed again: MB050, an error that does not stop the build.
    std::fs::write(root.join(REVIEW), &edited).unwrap();
    wait_event(&stream, "reload", Duration::from_secs(10));
    let page = get(addr, "/reviews/mr-2025-07/").text();
    assert!(
        page.contains("Edited after the sign-off."),
        "the edit is served"
    );
    let start = page.find("class=\"findings-box").expect("a findings box");
    let findings_box = &page[start..start + page[start..].find("</section>").unwrap()];
    assert!(
        findings_box.contains("<code>MB050</code>"),
        "{findings_box}"
    );
    assert!(
        findings_box.contains("changed after sign-off"),
        "{findings_box}"
    );

    // A YAML mistake stops the build: the edited page stays up.
    let broken = edited.replacen("date: 2025-07-15", "date: [2025-07-15", 1);
    std::fs::write(root.join(REVIEW), &broken).unwrap();
    let data = wait_event(&stream, "findings", Duration::from_secs(10));
    assert!(data.contains("MB002"), "{data}");
    let still = get(addr, "/reviews/mr-2025-07/").text();
    assert!(still.contains("Edited after the sign-off."));
    drop(server);
}
