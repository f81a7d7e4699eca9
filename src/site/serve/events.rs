//! Server-Sent Events for live reload: every open page holds one
//! `EventSource("/__minutebook/events")` stream and is told `reload` after a
//! good rebuild or `findings` after a failed one.
//!
//! Each stream takes the raw connection (`Request::into_writer`), writes
//! the response head itself and flushes every event, on a thread of its
//! own (at most [`MAX_CLIENTS`] of them).

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Open event streams at most; more get 503.
pub(crate) const MAX_CLIENTS: usize = 64;

/// A comment line is sent this often so proxies and browsers keep the stream open.
pub(crate) const HEARTBEAT: Duration = Duration::from_secs(15);

/// The connected event streams and the state a new one starts from.
#[derive(Default)]
pub(crate) struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
    /// The `findings` event of the failing build, while the site is failing.
    failing: Mutex<Option<String>>,
    open: AtomicUsize,
}

/// One SSE message: `event: <name>` and one `data:` line.
pub(crate) fn message(event: &str, data: &str) -> String {
    let mut s = format!("event: {event}\n");
    for line in data.split('\n') {
        s.push_str("data: ");
        s.push_str(line);
        s.push('\n');
    }
    s.push('\n');
    s
}

impl Hub {
    /// Sends a message to every stream, forgetting closed ones.
    fn broadcast(&self, msg: &str) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(msg.to_string()).is_ok());
        }
    }

    /// A good build: pages reload.
    pub(crate) fn reload(&self) {
        if let Ok(mut f) = self.failing.lock() {
            *f = None;
        }
        self.broadcast(&message("reload", "{}"));
    }

    /// A failed build: pages show the findings over the last good site.
    /// `data` is the JSON object `{"errors", "warnings", "text"}`.
    pub(crate) fn findings(&self, data: &str) {
        let msg = message("findings", data);
        if let Ok(mut f) = self.failing.lock() {
            *f = Some(msg.clone());
        }
        self.broadcast(&msg);
    }

    /// Registers a stream; `None` when too many are open.
    fn subscribe(&self) -> Option<(Receiver<String>, Option<String>)> {
        if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_CLIENTS {
            self.open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let (tx, rx) = mpsc::channel();
        // Subscribe before reading the failing state, so no event falls between.
        if let Ok(mut c) = self.clients.lock() {
            c.push(tx);
        }
        let failing = self.failing.lock().ok().and_then(|f| f.clone());
        Some((rx, failing))
    }

    fn unsubscribe(&self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves one event stream on its own thread until the client goes away or
/// the server stops.
pub(crate) fn stream(hub: Arc<Hub>, request: super::conn::Request, stop: Arc<AtomicBool>) {
    let Some((rx, failing)) = hub.subscribe() else {
        let _ = request.respond(
            super::conn::Response::from_string("too many live-reload connections")
                .with_status_code(503),
        );
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("minutebook-sse".into())
        .spawn({
            let hub = hub.clone();
            move || {
                let mut w = request.into_writer();
                let _ = run(&mut w, &rx, failing, &stop);
                let _ = w.flush();
                drop(w);
                hub.unsubscribe();
            }
        });
    if spawned.is_err() {
        hub.unsubscribe();
    }
}

fn run(
    w: &mut dyn Write,
    rx: &Receiver<String>,
    failing: Option<String>,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    w.write_all(
        b"HTTP/1.1 200 OK\r\n\
          Content-Type: text/event-stream\r\n\
          Cache-Control: no-cache\r\n\
          Connection: close\r\n\
          X-Accel-Buffering: no\r\n\
          \r\n\
          retry: 1000\n\n",
    )?;
    if let Some(msg) = failing {
        w.write_all(msg.as_bytes())?;
    }
    w.flush()?;
    // Wake up often enough to notice the server stopping.
    let tick = Duration::from_millis(500);
    let mut idle = Duration::ZERO;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        match rx.recv_timeout(tick) {
            Ok(msg) => {
                w.write_all(msg.as_bytes())?;
                w.flush()?;
                idle = Duration::ZERO;
            }
            Err(RecvTimeoutError::Timeout) => {
                idle += tick;
                if idle >= HEARTBEAT {
                    w.write_all(b": heartbeat\n\n")?;
                    w.flush()?;
                    idle = Duration::ZERO;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_have_one_data_line_per_line() {
        assert_eq!(message("reload", "{}"), "event: reload\ndata: {}\n\n");
        assert_eq!(message("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn a_new_stream_starts_with_the_failing_state() {
        let hub = Hub::default();
        hub.findings("{\"errors\":1}");
        let (_rx, failing) = hub.subscribe().unwrap();
        assert!(failing.unwrap().starts_with("event: findings\n"));
        hub.reload();
        let (rx2, failing) = hub.subscribe().unwrap();
        assert!(failing.is_none());
        hub.reload();
        assert_eq!(rx2.recv().unwrap(), "event: reload\ndata: {}\n\n");
    }
}
