//! The server's life cycle: bind, build once, start the workers and the
//! watcher, rebuild on every change (one build at a time) and swap the
//! served site, stop on request. Separate from answering a request
//! ([`super::respond`]) and from building ([`super::rebuild`]), which it
//! only schedules.

use super::{
    BuildOptions, Built, Failure, Rebuilder, Served, Stored, conn, events, failure_site, respond,
    watch,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

/// How to serve: what `minutebook serve`'s flags set.
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

/// Receives [`Note`]s, so the binary decides how rebuilds and failures are
/// told to the author.
pub type Notes = Arc<dyn Fn(Note<'_>) + Send + Sync>;

/// What the workers, the watcher and the request handler share.
pub(super) struct State {
    root: PathBuf,
    /// The address bound, for the `Host` check.
    pub(super) addr: std::net::SocketAddr,
    site: RwLock<Arc<dyn Served>>,
    pub(super) hub: Arc<events::Hub>,
    pub(super) stop: Arc<AtomicBool>,
}

impl State {
    pub(super) fn current(&self) -> Arc<dyn Served> {
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

/// A running server, handed back so the caller decides when to wait or stop.
pub struct Running {
    /// The address it listens on.
    pub addr: std::net::SocketAddr,
    http: Arc<conn::Server>,
    state: Arc<State>,
    threads: Vec<JoinHandle<()>>,
}

impl Running {
    /// `http://ADDR:PORT/`, printed for the author to open.
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
    // Events that came while a stopped build was being made: the next build
    // starts from them instead of waiting.
    let mut pending = None;
    while !state.stop.load(Ordering::Relaxed) {
        let batch = match pending.take() {
            Some(b) => b,
            None => match rx.recv_timeout(Duration::from_millis(300)) {
                Ok(b) => b,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            },
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
                    .map(crate::fsx::walk::rel_string)
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
                // A file written in place (truncated, then written) can be
                // read half-written by a build the first event started; its
                // next event is then on its way. A stopped build is shown
                // only when nothing more changed within a few quiet times,
                // else the site is rebuilt first (a good build is shown at
                // once: it read whole files).
                if let Ok(more) = rx.recv_timeout(watch::DEBOUNCE * 4)
                    && !watch::relevant_paths(&root, &more).is_empty()
                {
                    pending = Some(more);
                    continue;
                }
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
            respond::handle(request, state);
        }
    }
}
