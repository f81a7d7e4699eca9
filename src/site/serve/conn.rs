//! The HTTP/1.1 front of `serve`: a bounded number of threads whatever
//! the clients do.
//!
//! tiny_http (used before) started one thread per connection and kept it
//! while the connection stayed open, so a few thousand idle connections
//! (from a script, or from the network with `--bind 0.0.0.0`) meant as many
//! threads. Here one thread accepts; connections wait in a queue of
//! [`QUEUE`] (beyond it a client gets 503 at once and is closed); a fixed
//! pool of workers reads each request head (at most [`MAX_HEAD_BYTES`],
//! within [`HEAD_TIMEOUT`] of the connection, else it is dropped) and
//! answers it with `Connection: close`. A connection that has sent nothing
//! within [`IDLE_SLICE`] goes back to the end of the queue, so idle ones
//! (a browser's preconnects, a flood) never hold the workers. Live-reload streams take their own threads,
//! at most [`super::events::MAX_CLIENTS`]. Only what `serve` needs is
//! spoken: GET and HEAD, one request per connection, no request bodies.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Connections accepted but not yet taken by a worker, at most.
pub(crate) const QUEUE: usize = 128;

/// The longest request head read (request line and headers).
pub(crate) const MAX_HEAD_BYTES: usize = 16 * 1024;

/// How long a client may take to send its request head.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(5);

/// How long writing a response may stall before the client is dropped.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// The request method, as far as `serve` cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// GET.
    Get,
    /// HEAD: the same answer without its body.
    Head,
    /// Anything else (answered 405).
    Other(String),
}

/// One header of a response.
#[derive(Clone, Debug)]
pub(crate) struct Header {
    name: String,
    value: String,
}

impl Header {
    /// A header, or None when the name or value could split the response.
    pub(crate) fn from_bytes(name: &[u8], value: &[u8]) -> Option<Header> {
        let ok = |b: &[u8]| !b.iter().any(|c| matches!(c, b'\r' | b'\n' | 0));
        if name.is_empty() || !ok(name) || !ok(value) || name.contains(&b':') {
            return None;
        }
        Some(Header {
            name: String::from_utf8(name.to_vec()).ok()?,
            value: String::from_utf8(value.to_vec()).ok()?,
        })
    }
}

/// The body of a response.
pub(crate) enum Body {
    /// In memory.
    Bytes(Vec<u8>),
    /// An open file, sent from where it is read.
    File(File),
}

/// A response to send.
pub(crate) struct Response {
    status: u16,
    headers: Vec<Header>,
    body: Body,
}

impl Response {
    /// 200 with these bytes.
    pub(crate) fn from_data(data: Vec<u8>) -> Response {
        Response {
            status: 200,
            headers: Vec::new(),
            body: Body::Bytes(data),
        }
    }

    /// 200 with this text.
    pub(crate) fn from_string(text: &str) -> Response {
        Response::from_data(text.as_bytes().to_vec())
    }

    /// 200 with the file's content.
    pub(crate) fn from_file(file: File) -> Response {
        Response {
            status: 200,
            headers: Vec::new(),
            body: Body::File(file),
        }
    }

    /// A status with no body.
    pub(crate) fn empty(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Bytes(Vec::new()),
        }
    }

    /// The same response with another status.
    pub(crate) fn with_status_code(mut self, status: u16) -> Response {
        self.status = status;
        self
    }

    /// Adds a header.
    pub(crate) fn add_header(&mut self, header: Header) {
        self.headers.push(header);
    }
}

/// A request read from a connection, to be answered once.
pub(crate) struct Request {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    stream: TcpStream,
}

impl Request {
    /// The method.
    pub(crate) fn method(&self) -> &Method {
        &self.method
    }

    /// The request target as sent.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The value of the first header with this name (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sends the response (no body for HEAD) and closes the connection.
    pub(crate) fn respond(self, response: Response) -> io::Result<()> {
        let head_only = self.method == Method::Head;
        write_response(self.stream, response, head_only)
    }

    /// The raw connection, for a response written as a stream (live reload).
    pub(crate) fn into_writer(self) -> TcpStream {
        self.stream
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_response(stream: TcpStream, response: Response, head_only: bool) -> io::Result<()> {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let length = match &response.body {
        Body::Bytes(b) => b.len() as u64,
        Body::File(f) => f.metadata()?.len(),
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {length}\r\n",
        response.status,
        reason(response.status)
    );
    for h in &response.headers {
        head.push_str(&h.name);
        head.push_str(": ");
        head.push_str(&h.value);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut out = io::BufWriter::with_capacity(64 * 1024, stream);
    out.write_all(head.as_bytes())?;
    if !head_only {
        match response.body {
            Body::Bytes(b) => out.write_all(&b)?,
            Body::File(f) => {
                io::copy(&mut f.take(length), &mut out)?;
            }
        }
    }
    out.flush()?;
    let stream = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    Ok(())
}

/// A plain-text answer to a request that could not be read.
fn refuse(stream: TcpStream, status: u16, why: &str) {
    let mut r = Response::from_string(why).with_status_code(status);
    for h in [
        Header::from_bytes(b"Content-Type", b"text/plain; charset=utf-8"),
        Header::from_bytes(b"Connection", b"close"),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    let _ = write_response(stream, r, false);
}

/// How long a worker waits for the first byte of a connection before it
/// puts the connection back in the queue and takes the next: a connection
/// opened and left idle (a browser's preconnect, a flood) then costs a
/// worker this long per turn, not [`HEAD_TIMEOUT`].
pub(crate) const IDLE_SLICE: Duration = Duration::from_millis(50);

/// A connection waiting for its request, with when it was accepted.
pub(crate) struct Waiting {
    stream: TcpStream,
    since: Instant,
}

impl Waiting {
    fn new(stream: TcpStream) -> Waiting {
        Waiting {
            stream,
            since: Instant::now(),
        }
    }
}

/// What reading a request head gave.
enum Head {
    /// The head (bytes up to the blank line, at `end`) and the connection.
    Read(Vec<u8>, usize, TcpStream),
    /// Nothing sent within the slice: back to the queue.
    Idle(Waiting),
    /// Closed, timed out, or refused (already answered).
    Gone,
}

/// Reads a request head; with `slice`, gives the connection back when its
/// first byte does not come within it. Reading stops past
/// [`MAX_HEAD_BYTES`] (431) and at [`HEAD_TIMEOUT`] after it was accepted.
fn read_head(waiting: Waiting, slice: Option<Duration>) -> Head {
    let Waiting { mut stream, since } = waiting;
    let deadline = since + HEAD_TIMEOUT;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Head::Read(buf, i, stream);
        }
        if buf.len() > MAX_HEAD_BYTES {
            refuse(stream, 431, "request head too large\n");
            return Head::Gone;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let wait = match slice {
            Some(s) if buf.is_empty() => left.min(s),
            _ => left,
        };
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return Head::Gone;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Head::Gone,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if buf.is_empty()
                    && slice.is_some()
                    && matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    )
                    && Instant::now() < deadline =>
            {
                return Head::Idle(Waiting { stream, since });
            }
            Err(_) => return Head::Gone,
        }
    }
}

/// The request in a head read whole, or None when it was refused (answered).
fn parse_head(buf: &[u8], end: usize, stream: TcpStream) -> Option<Request> {
    let Ok(head) = std::str::from_utf8(&buf[..end]) else {
        refuse(stream, 400, "bad request: the request head is not UTF-8\n");
        return None;
    };
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or("");
    let parts: Vec<&str> = line.split(' ').collect();
    let [method, url, version] = parts.as_slice() else {
        refuse(stream, 400, "bad request: malformed request line\n");
        return None;
    };
    if !version.starts_with("HTTP/") {
        refuse(stream, 400, "bad request: malformed request line\n");
        return None;
    }
    if !matches!(*version, "HTTP/1.0" | "HTTP/1.1") {
        refuse(stream, 505, "only HTTP/1.0 and HTTP/1.1 are spoken\n");
        return None;
    }
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) || url.is_empty() {
        refuse(stream, 400, "bad request: malformed request line\n");
        return None;
    }
    let mut headers = Vec::new();
    for l in lines {
        let Some((name, value)) = l.split_once(':') else {
            refuse(stream, 400, "bad request: malformed header\n");
            return None;
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let method = match *method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        m => Method::Other(m.to_string()),
    };
    Some(Request {
        method,
        url: url.to_string(),
        headers,
        stream,
    })
}

/// A listening socket with its accept thread and queue.
pub(crate) struct Server {
    addr: SocketAddr,
    queue: Mutex<Receiver<Waiting>>,
    /// For connections put back in the queue while they are idle.
    requeue: SyncSender<Waiting>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Binds `bind:port` and starts accepting into the queue.
    pub(crate) fn http(bind: &str, port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind((bind, port))?;
        let addr = listener.local_addr()?;
        let (tx, rx) = mpsc::sync_channel(QUEUE);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let requeue = tx.clone();
        std::thread::Builder::new()
            .name("minutebook-accept".into())
            .spawn(move || accept_loop(&listener, &tx, &flag))?;
        Ok(Server {
            addr,
            queue: Mutex::new(rx),
            requeue,
            stop,
        })
    }

    /// The address listened on.
    pub(crate) fn server_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The next request, waiting at most `timeout` for a connection.
    pub(crate) fn recv_timeout(&self, timeout: Duration) -> Option<Request> {
        let waiting = {
            let queue = self.queue.lock().ok()?;
            queue.recv_timeout(timeout).ok()?
        };
        let head = match read_head(waiting, Some(IDLE_SLICE)) {
            Head::Idle(waiting) => match self.requeue.try_send(waiting) {
                Ok(()) => return None,
                // A full queue: wait for this one here.
                Err(TrySendError::Full(w) | TrySendError::Disconnected(w)) => read_head(w, None),
            },
            head => head,
        };
        match head {
            Head::Read(buf, end, stream) => parse_head(&buf, end, stream),
            Head::Idle(_) | Head::Gone => None,
        }
    }

    /// Stops accepting (the accept thread ends).
    pub(crate) fn unblock(&self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wake the accept call with a connection of our own.
        let mut target = self.addr;
        if target.ip().is_unspecified() {
            target.set_ip(match target.ip() {
                std::net::IpAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
                std::net::IpAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let _ = TcpStream::connect_timeout(&target, Duration::from_secs(1));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.unblock();
    }
}

fn accept_loop(listener: &TcpListener, queue: &SyncSender<Waiting>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else {
            // Out of descriptors and the like: wait a little, keep serving.
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        match queue.try_send(Waiting::new(stream)) {
            Ok(()) => {}
            Err(TrySendError::Full(Waiting { stream, .. })) => {
                let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
                refuse(stream, 503, "too many connections; try again\n");
            }
            Err(TrySendError::Disconnected(_)) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(addr: SocketAddr, request: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn reads_requests_and_refuses_junk() {
        let server = Arc::new(Server::http("127.0.0.1", 0).unwrap());
        let addr = server.server_addr();
        let worker = {
            let server = server.clone();
            std::thread::spawn(move || {
                for _ in 0..5 {
                    if let Some(r) = server.recv_timeout(Duration::from_secs(10)) {
                        let body = format!("{:?} {} {:?}", r.method(), r.url(), r.header("host"));
                        let _ = r.respond(Response::from_string(&body));
                    }
                }
            })
        };
        let ok = exchange(addr, b"GET /a?b HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
        assert!(ok.ends_with("Get /a?b Some(\"localhost\")"), "{ok}");
        let head = exchange(addr, b"HEAD / HTTP/1.0\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.ends_with("\r\n\r\n"), "no body for HEAD: {head}");
        let v = exchange(addr, b"GET / HTTP/9.9\r\n\r\n");
        assert!(v.starts_with("HTTP/1.1 505"), "{v}");
        let junk = exchange(addr, b"\x00\x01\r\n\r\n");
        assert!(junk.starts_with("HTTP/1.1 400"), "{junk}");
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', MAX_HEAD_BYTES + 10));
        let big = exchange(addr, &big);
        assert!(big.starts_with("HTTP/1.1 431"), "{big}");
        worker.join().unwrap();
    }

    #[test]
    fn idle_connections_do_not_hold_the_workers() {
        let server = Arc::new(Server::http("127.0.0.1", 0).unwrap());
        let addr = server.server_addr();
        let stop = Arc::new(AtomicBool::new(false));
        // One worker only.
        let worker = {
            let (server, stop) = (server.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    if let Some(r) = server.recv_timeout(Duration::from_millis(100)) {
                        let _ = r.respond(Response::from_string("ok"));
                    }
                }
            })
        };
        let idle: Vec<TcpStream> = (0..20).map(|_| TcpStream::connect(addr).unwrap()).collect();
        std::thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        let answer = exchange(addr, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        let took = started.elapsed();
        stop.store(true, Ordering::SeqCst);
        assert!(answer.ends_with("ok"), "{answer}");
        assert!(
            took < HEAD_TIMEOUT / 2,
            "answered after {took:?} behind idle connections"
        );
        drop(idle);
        worker.join().unwrap();
    }

    #[test]
    fn headers_cannot_split_a_response() {
        assert!(Header::from_bytes(b"Location", b"/x\r\nSet-Cookie: a").is_none());
        assert!(Header::from_bytes(b"A:B", b"x").is_none());
        assert!(Header::from_bytes(b"Location", b"/x").is_some());
    }

    #[test]
    fn a_full_queue_is_answered_503_without_a_thread_per_connection() {
        let server = Server::http("127.0.0.1", 0).unwrap();
        let addr = server.server_addr();
        // Nobody takes connections: the queue fills, then clients get 503.
        let idle: Vec<TcpStream> = (0..QUEUE)
            .map(|_| TcpStream::connect(addr).unwrap())
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        let over = exchange(addr, b"GET / HTTP/1.1\r\n\r\n");
        assert!(over.starts_with("HTTP/1.1 503"), "{over}");
        drop(idle);
    }
}
