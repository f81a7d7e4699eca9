//! Evidence that lives outside the site: a ticket in a tracker,
//! a SaaS report. It is written `{url: https://…, title: …, sha256: …,
//! retrieved: DATE}` and is never fetched, hashed, locked or published: the
//! site stays offline and its `SHA256SUMS` covers only what it holds. Pages
//! show it as a plain outside link with the digest and date its author
//! recorded, so only an address a browser opens as a web page may be written.

/// Why `url` may not be written as outside evidence, or None when it is an
/// `http://` or `https://` address with a host and no blank or control
/// character (a `javascript:`, `data:` or `file:` link must never reach a
/// page, and a blank would make the address mean something else).
pub(crate) fn url_problem(url: &str) -> Option<&'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("an address may not hold blanks or control characters");
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return Some("it is not a web address (no `https://`)");
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Some("only `http://` and `https://` addresses are outside evidence");
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Some("the address has no `//` and host after its scheme");
    };
    let host = after.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Some("the address names no host");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::url_problem;

    #[test]
    fn only_web_addresses_with_a_host() {
        for ok in [
            "https://tracker.example.com/browse/SEC-42",
            "HTTP://example.com",
            "https://user@example.com:8443/x?y=1#z",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for bad in [
            "ftp://files.example.com/report.pdf",
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "evidence/2025/x.pdf",
            "https:example.com",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://example.com/\nx",
            "mailto:ciso@example.com",
            "",
        ] {
            assert!(url_problem(bad).is_some(), "{bad:?}");
        }
    }
}
