//! `minutebook serve`: the site built into memory, served over HTTP on the
//! local machine, rebuilt when a file changes, and open pages reloaded.
//!
//! - [`rebuild`] is the one place a build happens: check, then render into a
//!   [`MemorySink`] with the live-reload script. A build with findings is
//!   served with them on its pages; only a build stopped by MB001–MB006 or
//!   MB041 (or a template error) is a [`Failure`]: the server keeps the last
//!   good site and tells open pages what failed.
//! - [`serve`] binds the address ([`conn`]: one accept thread, a bounded
//!   queue), answers requests from a fixed pool of worker threads
//!   out of the current in-memory site only ([`http::target`] refuses any
//!   path that could leave it), streams live-reload events ([`events`]) and
//!   watches the site ([`watch`]).
//!
//! Serving writes nothing to disk but the evidence hash cache under
//! `.minutebook/`, so stopping it at any moment (Ctrl-C) leaves nothing
//! half-written.

pub mod conn;
pub mod events;
pub mod guard;
pub mod http;
pub mod lazy;
pub mod watch;

use crate::date::Date;
use crate::diag::findings::Report;
use crate::diag::output::{self, Format};
use crate::model::evidence::HashOptions;
use crate::render::{Sink, theme};
pub use lazy::Served;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The URL of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__minutebook/events";

/// Evidence files up to this size are copied into memory at build time;
/// larger ones are streamed from their (checked) place in `content/` when asked for.
pub const IN_MEMORY_LIMIT: u64 = 4 * 1024 * 1024;

/// A file of the built site.
#[derive(Clone, Debug)]
pub enum Stored {
    /// Its bytes.
    Bytes(Arc<[u8]>),
    /// An evidence file, read from disk when requested, and only while it
    /// is still the file the build verified ([`guard::open_verified`]).
    File(Arc<guard::Verified>),
}

/// A [`Sink`] keeping the built site in memory: site path -> bytes.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Stored>>,
}

impl MemorySink {
    /// An empty sink.
    pub fn new() -> MemorySink {
        MemorySink::default()
    }

    /// The files stored so far.
    pub fn into_files(self) -> HashMap<String, Stored> {
        self.files.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    /// The bytes of a file held in memory (not of a large file kept on disk).
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        match self.files.lock().ok()?.get(path)? {
            Stored::Bytes(b) => Some(b.clone()),
            Stored::File(_) => None,
        }
    }

    fn insert(&self, path: &str, stored: Stored) -> io::Result<()> {
        if path
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
            || path.contains('\\')
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to store unsafe path {path:?}"),
            ));
        }
        self.files
            .lock()
            .map_err(|_| io::Error::other("memory sink poisoned"))?
            .insert(path.to_string(), stored);
        Ok(())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(path, Stored::Bytes(Arc::from(bytes)))
    }

    fn put_file(&self, path: &str, source: &Path) -> io::Result<String> {
        let mut input = std::fs::File::open(source)?;
        let small = input.metadata()?.len() <= IN_MEMORY_LIMIT;
        let mut hasher = Sha256::new();
        let mut kept = Vec::new();
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = input.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            if small {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        let sha = hex::encode(hasher.finalize());
        let stored = if small {
            Stored::Bytes(Arc::from(kept))
        } else {
            let size = input.metadata()?.len();
            Stored::File(Arc::new(guard::Verified::new(
                source.to_path_buf(),
                sha.clone(),
                size,
            )))
        };
        self.insert(path, stored)?;
        Ok(sha)
    }
}

/// How a build is judged.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildOptions {
    /// The as-of date; `None`: `SOURCE_DATE_EPOCH` or today, at each build.
    pub as_of: Option<Date>,
    /// `--deny-warnings`: kept for the terminal's summary; warnings, like
    /// errors, never stop the site from being served (SPEC §3).
    pub deny_warnings: bool,
}

/// A good build, ready to serve.
pub struct Built {
    /// The site's files by path (pages rendered when first asked for).
    pub files: Arc<dyn Served>,
    /// Its findings: shown on its pages; none of them stops a build.
    pub report: Report,
    /// The as-of date it was built at.
    pub as_of: Date,
    /// How long it took.
    pub took: Duration,
}

/// A failed build: what to tell the author.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Findings that stopped the build (MB001–MB006, MB041), or 1 for a
    /// template error.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// The findings as `check` prints them, or the template error.
    pub text: String,
}

impl Failure {
    /// The data of the `findings` event: `{"errors", "warnings", "text"}`.
    pub fn event_json(&self) -> String {
        serde_json::json!({"errors": self.errors, "warnings": self.warnings, "text": self.text})
            .to_string()
    }
}

/// Builds the site at `root` into memory: the one rebuild function of serve.
pub fn rebuild(root: &Path, options: &BuildOptions) -> Result<Built, Failure> {
    Rebuilder::default().rebuild(root, options)
}

/// Rebuilds a site again and again, re-reading only the documents whose
/// files changed since the last build.
#[derive(Default)]
pub struct Rebuilder {
    documents: crate::load::DocumentCache,
    /// The compiled theme and the theme name it was loaded for, kept until
    /// the configuration or a theme file changes.
    theme: Option<(Option<String>, Arc<theme::Theme>)>,
}

impl Rebuilder {
    /// Notes what changed since the last build: the evidence inventory is
    /// kept only while nothing it depends on changed.
    pub fn changed(&mut self, root: &Path, paths: &[PathBuf]) {
        let evidence = |p: &PathBuf| {
            let rel = p
                .strip_prefix(root)
                .map(crate::fsx::read::rel_string)
                .unwrap_or_default();
            rel.is_empty()
                || rel == "evidence.lock"
                || rel == "content/signoffs.yaml"
                || rel == "content"
                || rel.starts_with("content/evidence")
                || !rel.starts_with("content/")
        };
        if paths.is_empty() || paths.iter().any(evidence) {
            self.documents.evidence_changed();
        }
        let theme = |p: &PathBuf| {
            let rel = p
                .strip_prefix(root)
                .map(crate::fsx::read::rel_string)
                .unwrap_or_default();
            rel.is_empty() || rel == "minutebook.yaml" || rel.starts_with("themes")
        };
        if paths.is_empty() || paths.iter().any(theme) {
            self.theme = None;
        }
    }

    /// Loads (incrementally) and checks the site, then prepares its pages to
    /// be rendered on demand, findings and all. A build stopped by
    /// MB001–MB006 or MB041, or a theme that does not render, is a [`Failure`].
    pub fn rebuild(&mut self, root: &Path, options: &BuildOptions) -> Result<Built, Failure> {
        let started = Instant::now();
        let as_of = options
            .as_of
            .map_or_else(crate::date::default_as_of, Ok)
            .map_err(|e| Failure {
                errors: 1,
                warnings: 0,
                text: e,
            })?;
        let hashing = HashOptions {
            use_cache: true,
            progress: false,
        };
        let (checked, next) =
            crate::check::checked::check_site_cached(root, as_of, hashing, &self.documents);
        self.documents = next;
        let report = checked.report.clone();
        // Findings never hide the site (SPEC §3): the edited pages are
        // served with their findings; only what stops a build keeps the
        // last good site up.
        let stopping = report.stopping().len();
        if stopping > 0 {
            return Err(Failure {
                errors: stopping,
                warnings: report.warnings,
                text: output::render(&report, Format::Human, root, false),
            });
        }
        let template_failure = |text: String| Failure {
            errors: report.errors.max(1),
            warnings: report.warnings,
            text,
        };
        let name = checked.site.config.theme.clone();
        let theme = match &self.theme {
            Some((n, t)) if *n == name => t.clone(),
            _ => {
                let t = Arc::new(theme::load(root, name.as_deref()).map_err(template_failure)?);
                self.theme = Some((name, t.clone()));
                t
            }
        };
        let site = lazy::LazySite::new(checked, theme).map_err(template_failure)?;
        Ok(Built {
            files: Arc::new(site),
            report,
            as_of,
            took: started.elapsed(),
        })
    }
}

/// What is served while no build has succeeded yet: a page with the
/// findings that reloads itself once the site builds.
pub fn failure_site(failure: &Failure) -> HashMap<String, Stored> {
    let escaped = failure
        .text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>minutebook: the site does not build</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;}}pre{{white-space:pre-wrap;background:#f6f6f6;padding:1rem;}}</style>\
         </head><body><h1>The site does not build yet</h1>\
         <p>{} error(s), {} warning(s). Fix them and save: this page reloads by itself.</p>\
         <pre>{escaped}</pre><script src=\"/static/livereload.js\"></script></body></html>\n",
        failure.errors, failure.warnings
    );
    let page: Arc<[u8]> = Arc::from(page.into_bytes());
    let mut files = HashMap::new();
    files.insert("index.html".to_string(), Stored::Bytes(page.clone()));
    files.insert("404.html".to_string(), Stored::Bytes(page));
    if let Some((_, bytes)) = theme::THEME_FILES
        .iter()
        .find(|(p, _)| *p == "static/livereload.js")
    {
        files.insert(
            "static/livereload.js".to_string(),
            Stored::Bytes(Arc::from(*bytes)),
        );
    }
    files
}

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to bind (`127.0.0.1`).
    pub bind: String,
    /// Port (0: any free port).
    pub port: u16,
    /// Poll for changes instead of native file events.
    pub poll: bool,
    /// How builds are judged.
    pub build: BuildOptions,
    /// Threads answering ordinary requests.
    pub workers: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: "127.0.0.1".into(),
            port: 1111,
            poll: false,
            build: BuildOptions::default(),
            workers: 8,
        }
    }
}

/// What the server tells the person running it.
pub enum Note<'a> {
    /// A build succeeded (first build or rebuild).
    Built(&'a Built),
    /// A build failed; the last good site stays up.
    Failed(&'a Failure),
    /// Changed files that started a rebuild (relative to the root where possible).
    Changed(&'a [String]),
    /// Which watcher runs.
    Watching(&'a str),
    /// Something went wrong that does not stop serving.
    Problem(String),
}

/// Receives [`Note`]s.
pub type Notes = Arc<dyn Fn(Note<'_>) + Send + Sync>;

struct State {
    root: PathBuf,
    /// The address bound, for the `Host` check.
    addr: std::net::SocketAddr,
    site: RwLock<Arc<dyn Served>>,
    hub: Arc<events::Hub>,
    stop: Arc<AtomicBool>,
}

impl State {
    fn current(&self) -> Arc<dyn Served> {
        match self.site.read() {
            Ok(s) => s.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Serves `files` from now on and returns what was served before, so
    /// that the caller frees it after telling pages to reload (freeing a
    /// large site takes milliseconds, and not under the lock).
    fn swap(&self, files: Arc<dyn Served>) -> Arc<dyn Served> {
        match self.site.write() {
            Ok(mut s) => std::mem::replace(&mut *s, files),
            Err(p) => std::mem::replace(&mut *p.into_inner(), files),
        }
    }
}

/// A running server.
pub struct Running {
    /// The address it listens on.
    pub addr: std::net::SocketAddr,
    http: Arc<conn::Server>,
    state: Arc<State>,
    threads: Vec<JoinHandle<()>>,
}

impl Running {
    /// `http://ADDR:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serves until [`Running::stop`] is called from elsewhere (or the process ends).
    pub fn wait(self) {
        for t in self.threads {
            let _ = t.join();
        }
    }

    /// Stops serving: workers, event streams and the watcher end.
    pub fn stop(self) {
        self.stopper().stop();
        for t in self.threads {
            let _ = t.join();
        }
    }

    /// A handle that stops this server from another thread (a Ctrl-C
    /// handler), after which [`Running::wait`] returns.
    pub fn stopper(&self) -> Stopper {
        Stopper {
            http: self.http.clone(),
            state: self.state.clone(),
            threads: self.threads.len(),
        }
    }
}

/// Stops a [`Running`] server from anywhere; see [`Running::stopper`].
#[derive(Clone)]
pub struct Stopper {
    http: Arc<conn::Server>,
    state: Arc<State>,
    threads: usize,
}

impl Stopper {
    /// Tells every thread of the server to end and wakes those waiting for
    /// a connection.
    pub fn stop(&self) {
        self.state.stop.store(true, Ordering::SeqCst);
        for _ in 0..self.threads {
            self.http.unblock();
        }
    }
}

/// Builds the site, binds the address and starts serving and watching. The
/// site is ready when this returns; the first build may have failed (the
/// served page then shows why and reloads when the site builds).
pub fn serve(root: &Path, options: &ServeOptions, notes: Notes) -> Result<Running, String> {
    let root = std::fs::canonicalize(root)
        .map_err(|e| format!("cannot open the site root {}: {e}", root.display()))?;
    let http = conn::Server::http(options.bind.as_str(), options.port)
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let addr = http.server_addr();
    let http = Arc::new(http);
    let state = Arc::new(State {
        root: root.clone(),
        addr,
        site: RwLock::new(Arc::new(HashMap::<String, Stored>::new())),
        hub: Arc::new(events::Hub::default()),
        stop: Arc::new(AtomicBool::new(false)),
    });
    // Watch first, so that nothing saved during the first build is missed.
    let (tx, rx) = mpsc::channel();
    let (watcher, kind) = watch::Watcher::start(&root, options.poll, tx)?;
    notes(Note::Watching(kind));
    let mut rebuilder = Rebuilder::default();
    match rebuilder.rebuild(&root, &options.build) {
        Ok(built) => {
            notes(Note::Built(&built));
            state.swap(built.files);
        }
        Err(failure) => {
            notes(Note::Failed(&failure));
            state.swap(Arc::new(failure_site(&failure)));
            state.hub.findings(&failure.event_json());
        }
    }

    let mut threads = Vec::new();
    for n in 0..options.workers.max(1) {
        let http = http.clone();
        let state = state.clone();
        let t = std::thread::Builder::new()
            .name(format!("minutebook-http-{n}"))
            .spawn(move || worker(&http, &state))
            .map_err(|e| format!("cannot start a server thread: {e}"))?;
        threads.push(t);
    }

    let build = options.build;
    let st = state.clone();
    let t = std::thread::Builder::new()
        .name("minutebook-watch".into())
        .spawn(move || rebuild_loop(watcher, &rx, &st, &build, &notes, rebuilder))
        .map_err(|e| format!("cannot start the watcher thread: {e}"))?;
    threads.push(t);
    Ok(Running {
        addr,
        http,
        state,
        threads,
    })
}

/// Waits for changes and rebuilds, one build at a time.
fn rebuild_loop(
    mut watcher: watch::Watcher,
    rx: &mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    state: &State,
    options: &BuildOptions,
    notes: &Notes,
    mut rebuilder: Rebuilder,
) {
    let root = state.root.clone();
    while !state.stop.load(Ordering::Relaxed) {
        let batch = match rx.recv_timeout(Duration::from_millis(300)) {
            Ok(b) => b,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut changed = watch::relevant_paths(&root, &batch);
        // Anything else already queued goes into the same build.
        while let Ok(more) = rx.try_recv() {
            for p in watch::relevant_paths(&root, &more) {
                if !changed.contains(&p) {
                    changed.push(p);
                }
            }
        }
        if changed.is_empty() {
            continue;
        }
        if let Err(e) = watcher.refresh(&root, &changed) {
            notes(Note::Problem(format!(
                "cannot watch the site's folders: {e}"
            )));
        }
        let shown: Vec<String> = changed
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .map(crate::fsx::read::rel_string)
                    .unwrap_or_else(|_| p.display().to_string())
            })
            .collect();
        notes(Note::Changed(&shown));
        rebuilder.changed(&root, &changed);
        match rebuilder.rebuild(&root, options) {
            // Pages first, then the terminal: printing many findings takes time.
            Ok(built) => {
                let old = state.swap(built.files.clone());
                state.hub.reload();
                notes(Note::Built(&built));
                drop(old);
            }
            Err(failure) => {
                state.hub.findings(&failure.event_json());
                notes(Note::Failed(&failure));
            }
        }
    }
}

/// Answers requests until the server stops.
fn worker(http: &conn::Server, state: &Arc<State>) {
    while !state.stop.load(Ordering::Relaxed) {
        // None: no connection yet, or one that sent no readable request.
        if let Some(request) = http.recv_timeout(Duration::from_millis(250)) {
            handle(request, state);
        }
    }
}

fn header(name: &str, value: &str) -> Option<conn::Header> {
    conn::Header::from_bytes(name.as_bytes(), value.as_bytes())
}

fn with_headers(mut response: conn::Response, content_type: &str) -> conn::Response {
    for h in [
        header("Content-Type", content_type),
        header("Cache-Control", "no-cache"),
        header("X-Content-Type-Options", "nosniff"),
        // No idle keep-alive connections: each would hold one of the
        // connection threads until the browser drops it. Local requests are
        // cheap to open.
        header("Connection", "close"),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    response
}

fn text(status: u16, body: &str) -> conn::Response {
    with_headers(
        conn::Response::from_string(body).with_status_code(status),
        "text/plain; charset=utf-8",
    )
}

/// Answers one request. Errors writing to a client that went away are ignored.
fn handle(request: conn::Request, state: &Arc<State>) {
    use conn::Method;
    if !guard::host_allowed(request.header("Host"), state.addr) {
        let _ = request.respond(text(
            421,
            "this server answers only requests for localhost, 127.0.0.1, [::1] or the \
             address it listens on (Host header)\n",
        ));
        return;
    }
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let mut r = text(405, "only GET and HEAD are served\n");
        if let Some(h) = header("Allow", "GET, HEAD") {
            r.add_header(h);
        }
        let _ = request.respond(r);
        return;
    }
    let url = request.url().to_string();
    if url.split(['?', '#']).next() == Some(EVENTS_PATH) {
        if method == Method::Head {
            let r = with_headers(conn::Response::empty(200), "text/event-stream");
            let _ = request.respond(r);
        } else {
            events::stream(state.hub.clone(), request, state.stop.clone());
        }
        return;
    }
    let target = match http::target(&url) {
        Ok(t) => t,
        Err(http::BadPath(why)) => {
            let _ = request.respond(text(400, &format!("bad request: {why}\n")));
            return;
        }
    };
    let site = state.current();
    let (key, entry) = match target {
        http::Target::File(key) => {
            let entry = site.get(&key);
            (key, entry)
        }
        http::Target::MaybeFolder(key) => match site.get(&key) {
            Some(e) => (key.clone(), Some(e)),
            None if site.contains(&format!("{key}/index.html")) => {
                let mut r = text(301, "moved\n");
                if let Some(h) = header("Location", &format!("{}/", http::url_path(&key))) {
                    r.add_header(h);
                }
                let _ = request.respond(r);
                return;
            }
            None => (key, None),
        },
    };
    let _ = match entry {
        Some(Stored::Bytes(b)) => request.respond(with_headers(
            conn::Response::from_data(b.to_vec()),
            http::content_type(&key),
        )),
        Some(Stored::File(verified)) => match guard::open_verified(&verified) {
            Ok(f) => request.respond(with_headers(
                conn::Response::from_file(f),
                http::content_type(&key),
            )),
            Err(why) => request.respond(text(
                409,
                &format!(
                    "{key} is not served: {why}. Save a change to rebuild the site, then \
                     check this file's findings.\n"
                ),
            )),
        },
        None => not_found(request, site.as_ref()),
    };
}

fn not_found(request: conn::Request, site: &dyn Served) -> io::Result<()> {
    match site.get("404.html") {
        Some(Stored::Bytes(b)) => request.respond(with_headers(
            conn::Response::from_data(http::with_root_base(&b)).with_status_code(404),
            "text/html; charset=utf-8",
        )),
        _ => request.respond(text(404, "not found\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_sink_keeps_bytes_and_refuses_unsafe_paths() {
        let sink = MemorySink::new();
        sink.put("a/b.html", b"x").unwrap();
        assert_eq!(&*sink.get("a/b.html").unwrap(), b"x");
        assert!(sink.put("../x", b"x").is_err());
        assert!(sink.put("a//b", b"x").is_err());
        assert!(sink.put("a\\b", b"x").is_err());
    }

    #[test]
    fn failure_json_has_counts_and_text() {
        let f = Failure {
            errors: 2,
            warnings: 1,
            text: "error[MB002]: \"x\"\n".into(),
        };
        let v: serde_json::Value = serde_json::from_str(&f.event_json()).unwrap();
        assert_eq!(v["errors"], 2);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["text"], "error[MB002]: \"x\"\n");
        let site = failure_site(&f);
        assert!(site.contains_key("static/livereload.js"));
    }
}
