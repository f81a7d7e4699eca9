//! One request answered out of the current site: the `Host` check, GET and
//! HEAD only, the live-reload stream, folder redirects, verified evidence
//! files, and the site's own 404 page. Separate from the server's life cycle
//! so that what a client can get back is read in one place.

use super::server::State;
use super::{EVENTS_PATH, Served, Stored, conn, events, guard, http};
use std::io;
use std::sync::Arc;

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
pub(super) fn handle(request: conn::Request, state: &Arc<State>) {
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
