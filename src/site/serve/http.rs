//! Requests to files: the URL path read safely (never a way out of the
//! built site), folder URLs to `index.html`, content types by extension.

use std::fmt::Write;

/// What a request path names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A site-relative file path to look up (`reviews/mr-2025-01/index.html`).
    File(String),
    /// A folder URL without its slash: look up `<path>/index.html` and, when
    /// it exists, redirect to the folder URL so relative links work.
    MaybeFolder(String),
}

/// Why a request path was refused (400).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BadPath(pub &'static str);

/// Reads the request target of an HTTP request line into a site path.
///
/// The query and fragment are dropped, an absolute-form target
/// (`http://host/x`) is reduced to its path, the path is percent-decoded once
/// and must then be UTF-8 without NUL, control characters or backslashes;
/// empty and `.` segments are dropped (so `//etc/passwd` is `etc/passwd`,
/// which the site does not have) and any `..` segment, written or encoded, is
/// refused outright. The result can only name a key of the in-memory site.
pub(crate) fn target(url: &str) -> Result<Target, BadPath> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    let path = if let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    {
        rest.find('/').map_or("/", |i| &rest[i..])
    } else {
        url
    };
    if !path.starts_with('/') {
        return Err(BadPath("the request target is not a path"));
    }
    let decoded = percent_decode(path).ok_or(BadPath("malformed percent-encoding"))?;
    let decoded = String::from_utf8(decoded).map_err(|_| BadPath("the path is not UTF-8"))?;
    if decoded.contains('\\') {
        return Err(BadPath("backslashes are not allowed in paths"));
    }
    if decoded.chars().any(char::is_control) {
        return Err(BadPath("control characters are not allowed in paths"));
    }
    let mut segments = Vec::new();
    for s in decoded.split('/') {
        match s {
            "" | "." => {}
            ".." => return Err(BadPath("`..` is not allowed in paths")),
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        return Ok(Target::File("index.html".into()));
    }
    let joined = segments.join("/");
    if decoded.ends_with('/') {
        Ok(Target::File(format!("{joined}/index.html")))
    } else {
        Ok(Target::MaybeFolder(joined))
    }
}

/// Decodes `%XX` escapes; `None` when a `%` is not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A site path as a URL path: `/` plus each segment percent-encoded where needed.
pub(crate) fn url_path(path: &str) -> String {
    let mut out = String::from("/");
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        for b in seg.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                out.push(b as char);
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The `Content-Type` of a site file, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "SHA256SUMS" {
        return "text/plain; charset=utf-8";
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" | "log" | "tsv" | "lock" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "eml" => "message/rfc822",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xls" => "application/vnd.ms-excel",
        "doc" => "application/msword",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

/// A page served away from the site root (404.html at `/a/b/c`) still finds
/// its styles: its relative links are made to start at the root.
pub(crate) fn with_root_base(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("<head>") {
        Some(i) => {
            let mut s = String::with_capacity(text.len() + 20);
            s.push_str(&text[..i + 6]);
            s.push_str("<base href=\"/\">");
            s.push_str(&text[i + 6..]);
            s.into_bytes()
        }
        None => html.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(s: &str) -> Result<Target, BadPath> {
        Ok(Target::File(s.to_string()))
    }

    #[test]
    fn folders_and_files() {
        assert_eq!(target("/"), file("index.html"));
        assert_eq!(target("/?x=1"), file("index.html"));
        assert_eq!(target("/reviews/"), file("reviews/index.html"));
        assert_eq!(
            target("/reviews"),
            Ok(Target::MaybeFolder("reviews".into()))
        );
        assert_eq!(
            target("/static/style.css#x"),
            Ok(Target::MaybeFolder("static/style.css".into()))
        );
        assert_eq!(
            target("/files/evidence/a%20b.txt"),
            Ok(Target::MaybeFolder("files/evidence/a b.txt".into()))
        );
        assert_eq!(target("http://localhost:1111/a/"), file("a/index.html"));
        assert_eq!(
            target("//etc/passwd"),
            Ok(Target::MaybeFolder("etc/passwd".into()))
        );
        assert_eq!(target("/./a/./b"), Ok(Target::MaybeFolder("a/b".into())));
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../Cargo.toml",
            "/a/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2e/",
            "/static/..%2f..%2fminutebook.yaml",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "/%zz",
            "/%e2%28%a1",
            "*",
            "relative/path",
        ] {
            assert!(target(bad).is_err(), "{bad} accepted: {:?}", target(bad));
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("static/app.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("data/actions.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(content_type("SHA256SUMS"), "text/plain; charset=utf-8");
        assert_eq!(content_type("files/evidence/x.PDF"), "application/pdf");
        assert_eq!(
            content_type("files/evidence/x.bin"),
            "application/octet-stream"
        );
        assert_eq!(
            content_type("files/evidence/noext"),
            "application/octet-stream"
        );
    }

    #[test]
    fn url_paths_are_encoded() {
        assert_eq!(url_path("reviews/mr-1"), "/reviews/mr-1");
        assert_eq!(url_path("a b/ü"), "/a%20b/%C3%BC");
    }
}
