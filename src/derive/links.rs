//! What a link in a body points to, decided once for both the
//! MB070 check and the page renderer, so a link that passes the check is the
//! link the site gets.

use crate::derive::Index;
use crate::model::Site;

/// Where a body link leads, resolved once so the broken-link check and the
/// rendered href cannot disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// `http(s)://`, `mailto:` and other URLs with a scheme: kept as they are.
    External(String),
    /// A document (position in `site.documents`), optionally at an anchor.
    Document {
        /// The document.
        doc: usize,
        /// The anchor, without `#`.
        anchor: Option<String>,
    },
    /// A file under `content/`, path relative to `content/` (`evidence/2025/x.pdf`).
    ContentFile {
        /// Relative to `content/`.
        rel: String,
        /// Fragment, kept as written.
        fragment: Option<String>,
    },
    /// A repository file outside `content/`, shown through `repo_url`.
    Repository(String),
    /// Broken, with the reason.
    Broken(String),
}

/// Decodes `%20`-style escapes; invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Joins a relative link to the folder of the document and normalises it.
/// Returns None when it climbs above the site root.
pub(crate) fn join_normalised(base_dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn has_scheme(t: &str) -> bool {
    let Some(colon) = t.find(':') else {
        return false;
    };
    let scheme = &t[..colon];
    !scheme.is_empty()
        && scheme.len() > 1 // `C:` is a drive letter, not a scheme
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// Whether a URL is `http://` or `https://` (any case, leading blanks
/// ignored as browsers ignore them).
fn is_web_url(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    ["http://", "https://"].iter().any(|p| {
        url.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })
}

/// Whether the link `target` written in document `doc` names a document
/// that exists but could not be read ([`Site::unreadable`]), with or
/// without an anchor.
pub(crate) fn leads_to_unreadable(site: &Site, doc: usize, target: &str) -> bool {
    let path = target.trim().split(['#', '?']).next().unwrap_or_default();
    if path.is_empty() || site.unreadable.is_empty() {
        return false;
    }
    let path = percent_decode(path);
    let this = &site.documents[doc];
    let base = this.path.rsplit_once('/').map_or("", |(d, _)| d);
    join_normalised(base, &path).is_some_and(|p| site.unreadable(&p).is_some())
}

/// Resolves the link `target` written in document `doc`.
pub fn resolve(site: &Site, index: &Index, doc: usize, target: &str) -> LinkTarget {
    let target = target.trim();
    if has_scheme(target) {
        let scheme = target
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        return if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
            LinkTarget::External(target.to_string())
        } else {
            LinkTarget::Broken(format!("links with the `{scheme}:` scheme are not allowed"))
        };
    }
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (target, None),
    };
    let this = &site.documents[doc];
    if path.is_empty() {
        return match fragment {
            Some(a) if this.headings.iter().any(|h| h.anchor == a) => LinkTarget::Document {
                doc,
                anchor: Some(a),
            },
            Some(a) => LinkTarget::Broken(format!(
                "no heading in {} has the anchor `#{a}`",
                this.id.value
            )),
            None => LinkTarget::Document { doc, anchor: None },
        };
    }
    let path = percent_decode(path.split('?').next().unwrap_or(path));
    if path.starts_with('/') || path.starts_with('\\') || target.starts_with("//") {
        return LinkTarget::Broken(format!(
            "`{path}` is an absolute path; write links relative to this file"
        ));
    }
    let base = this.path.rsplit_once('/').map_or("", |(d, _)| d);
    let Some(joined) = join_normalised(base, &path) else {
        return LinkTarget::Broken(format!("`{path}` leads outside the site root"));
    };
    if let Some(&d) = index.doc_by_path.get(&joined) {
        let target_doc = &site.documents[d];
        return match fragment {
            Some(a) if !target_doc.headings.iter().any(|h| h.anchor == a) => {
                LinkTarget::Broken(format!(
                    "{} has no heading with the anchor `#{a}`",
                    target_doc.id.value
                ))
            }
            anchor => LinkTarget::Document { doc: d, anchor },
        };
    }
    if let Some(rel) = joined.strip_prefix("content/") {
        // The evidence inventory already found (and hashed) most files: a
        // link to one needs no look at the disk.
        let found = || site.evidence.file(rel).is_some_and(|f| f.real.is_some());
        if rel.starts_with("evidence/")
            && (found() || site.root.join("content").join(rel).is_file())
        {
            return LinkTarget::ContentFile {
                rel: rel.to_string(),
                fragment,
            };
        }
        let what = if rel.ends_with(".md") {
            "document"
        } else {
            "evidence file"
        };
        return LinkTarget::Broken(format!("{what} `{joined}` does not exist in the site"));
    }
    if let Some(base) = &site.config.repo_url {
        if !is_web_url(base) {
            // A `javascript:` base would put script behind every such link.
            return LinkTarget::Broken(format!(
                "`{joined}` is outside content/ and `repo_url` ({base}) is not an http(s):// URL"
            ));
        }
        if site.root.join(&joined).exists() {
            return LinkTarget::Repository(joined);
        }
        return LinkTarget::Broken(format!("repository file `{joined}` does not exist"));
    }
    LinkTarget::Broken(format!(
        "`{joined}` is outside content/ and no `repo_url` is configured to link to it"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_decodes() {
        assert_eq!(
            join_normalised("content/reviews", "../records/a.md").as_deref(),
            Some("content/records/a.md")
        );
        assert_eq!(join_normalised("content/reviews", "../../../x"), None);
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert!(is_web_url("https://git.example.com/") && is_web_url(" HTTP://x"));
        assert!(!is_web_url("javascript:alert(1)//") && !is_web_url("\u{1}javascript:x"));
        assert!(!is_web_url("//evil.example/") && !is_web_url("http:/x"));
        assert!(
            has_scheme("https://x")
                && has_scheme("mailto:a@b")
                && !has_scheme("C:/x")
                && !has_scheme("a.md")
        );
    }
}
