//! The search index: a `.js` file that assigns the entries to a global, loaded
//! by a plain `<script>` tag so search works from `file://` (no fetch).
//! One entry per document section, action, finding (nonconformity), person
//! and evidence file.

use crate::derive::Index;
use crate::model::Site;
use crate::render::Sink;
use crate::render::markdown::document_href;
use crate::render::pages::common::{action_href, kind_words};
use serde::Serialize;
use std::fmt::Write as _;

/// Most characters of text kept per entry, to keep the index small.
const TEXT_LIMIT: usize = crate::load::body::SEARCH_TEXT_LIMIT;

/// Most bytes of an entry's title or section name: a document with a 1 MiB
/// title and 1,000 headings repeated that title in every section entry and
/// made a 1.1 GB index. Longer ones are cut at a character boundary.
const NAME_LIMIT: usize = 200;

/// Longest href kept whole; a longer one (an anchor slugged from a huge
/// heading) links to its page without the anchor.
const HREF_LIMIT: usize = 400;

/// `s` cut to at most `limit` bytes, at a character boundary.
fn clip(s: &str, limit: usize) -> &str {
    if s.len() <= limit {
        return s;
    }
    let mut end = limit;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

impl<'a> Entry<'a> {
    /// The entry with every field within its bound, so that no input can
    /// make the index grow faster than the site.
    fn bounded(&self) -> Entry<'a> {
        let href = if self.href.len() > HREF_LIMIT {
            self.href.split('#').next().unwrap_or(self.href)
        } else {
            self.href
        };
        Entry {
            title: clip(self.title, NAME_LIMIT),
            href: clip(href, HREF_LIMIT),
            kind: clip(self.kind, NAME_LIMIT),
            date: clip(self.date, NAME_LIMIT),
            section: clip(self.section, NAME_LIMIT),
            text: clip(self.text, TEXT_LIMIT * 4),
        }
    }
}

/// One entry, borrowed from the site or from buffers reused entry to entry.
#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    href: &'a str,
    kind: &'a str,
    date: &'a str,
    section: &'a str,
    text: &'a str,
}

/// Largest search index written as one file; a larger one is split into
/// shards of about this size.
pub const SHARD_BYTES: usize = 4 * 1024 * 1024;

/// Appends JSON with every `<` written as `\u003c`, so that the file is also
/// safe if inlined in a page (no `</script>` can appear).
fn push_escaped(out: &mut String, json: &str) {
    for (i, part) in json.split('<').enumerate() {
        if i > 0 {
            out.push_str("\\u003c");
        }
        out.push_str(part);
    }
}

/// The search index as (site path, text) files. Up to [`SHARD_BYTES`] it is
/// `search-index.js` alone (`window.MINUTEBOOK_SEARCH = [...];`). Above,
/// the entries are split in order into shards `search/index-NNNN.js`, each setting
/// `window.MINUTEBOOK_SEARCH_PARTS[n] = [...]`, and `search-index.js` only
/// names them (`window.MINUTEBOOK_SEARCH_SHARDS = ["search/index-0000.js",
/// ...]`, paths from the site root), so that the search page loads them on
/// demand and no other page carries the index.
pub fn index_files(site: &Site, index: &Index) -> Vec<(String, String)> {
    index_files_split_at(site, index, SHARD_BYTES)
}

/// [`index_files`] with shards of about `shard_bytes` (tests use a small
/// size to exercise the split on a small site).
pub fn index_files_split_at(
    site: &Site,
    index: &Index,
    shard_bytes: usize,
) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let _ = each_file(site, index, shard_bytes, &mut |path, parts| {
        files.push((path.to_string(), parts.concat()));
        Ok(())
    });
    // The file naming the shards is made last; it is listed first.
    files.rotate_right(1);
    files
}

/// Writes the search index as [`index_files`] describes into `sink`, one
/// shard at a time (the index is never whole in memory), and returns each
/// file's path with the SHA-256 of its bytes.
pub fn write_index(
    site: &Site,
    index: &Index,
    sink: &dyn Sink,
) -> std::io::Result<Vec<(String, String)>> {
    let mut written = Vec::new();
    each_file(site, index, SHARD_BYTES, &mut |path, parts| {
        let sha = sink.put_stream(path, &mut |w| {
            parts.iter().try_for_each(|p| w.write_all(p.as_bytes()))
        })?;
        written.push((path.to_string(), sha));
        Ok(())
    })?;
    Ok(written)
}

/// Makes the search index files one by one, each handed to `emit` as its
/// path and the parts of its text; the file naming the shards comes last.
fn each_file(
    site: &Site,
    index: &Index,
    shard_bytes: usize,
    emit: &mut dyn FnMut(&str, &[&str]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Shards are cut by the length of the JSON as serialised (before `<` is
    // escaped), each entry serialised once into a reused buffer as it is
    // made (205,000 entries at 10,000 reviews are never all in memory). One
    // shard buffer, made its final size at once, serves every shard.
    let mut current =
        String::with_capacity(shard_bytes.min(SHARD_BYTES) + shard_bytes.min(SHARD_BYTES) / 16);
    current.push('[');
    let mut raw_len = 1;
    let mut names: Vec<String> = Vec::new();
    let mut emit_shard = |current: &mut String, names: &mut Vec<String>| {
        let n = names.len();
        let name = format!("search/index-{n:04}.js");
        let prefix = format!(
            "(window.MINUTEBOOK_SEARCH_PARTS = window.MINUTEBOOK_SEARCH_PARTS || [])[{n}] = "
        );
        current.push(']');
        let done = emit(&name, &[&prefix, current, ";\n"]);
        names.push(name);
        current.clear();
        current.push('[');
        done
    };
    let mut json: Vec<u8> = Vec::new();
    let mut failed = Ok(());
    each_entry(site, index, |e| {
        json.clear();
        if serde_json::to_writer(&mut json, &e.bounded()).is_err() {
            json.clear();
            json.extend_from_slice(b"null");
        }
        let text = std::str::from_utf8(&json).unwrap_or("null");
        if raw_len > 1 && raw_len + text.len() + 1 > shard_bytes {
            if failed.is_ok() {
                failed = emit_shard(&mut current, &mut names);
            }
            raw_len = 1;
        }
        if raw_len > 1 {
            current.push(',');
            raw_len += 1;
        }
        push_escaped(&mut current, text);
        raw_len += text.len();
    });
    failed?;
    if names.is_empty() {
        current.push(']');
        return emit(
            "search-index.js",
            &["window.MINUTEBOOK_SEARCH = ", &current, ";\n"],
        );
    }
    emit_shard(&mut current, &mut names)?;
    let list = format!(
        "window.MINUTEBOOK_SEARCH_SHARDS = {};\n",
        serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
    );
    emit("search-index.js", &[&list])
}

/// Every entry of the search index, in order, handed to `emit` one by one.
fn each_entry(site: &Site, index: &Index, mut emit: impl FnMut(&Entry<'_>)) {
    let mut href = String::new();
    let mut text = String::new();
    for (i, d) in site.documents.iter().enumerate() {
        let page = document_href(site, i);
        let kind = kind_words(d);
        let date = d.date.to_string();
        text.clear();
        let _ = write!(text, "{} {}", d.id.value, d.intro);
        if let Some(r) = &d.review {
            for x in &r.decisions {
                let _ = write!(text, " {} {}", x.id.value, x.text);
            }
        }
        for a in &d.actions {
            let _ = write!(text, " {} {}", a.id.value, a.title);
        }
        let intro: String = text.trim().chars().take(TEXT_LIMIT).collect();
        emit(&Entry {
            title: &d.title,
            href: &page,
            kind,
            date: &date,
            section: "",
            text: &intro,
        });
        for h in &d.headings {
            href.clear();
            let _ = write!(href, "{page}#{}", h.anchor);
            emit(&Entry {
                title: &d.title,
                href: &href,
                kind,
                date: &date,
                section: &h.text,
                text: &h.lead,
            });
        }
    }
    for r in &index.actions {
        let a = r.action(site);
        text.clear();
        let owner = a.owner.as_ref().map(|o| o.value.as_str());
        let _ = write!(text, "{} {} {}", r.id, a.title, owner.unwrap_or_default());
        emit(&Entry {
            title: &a.title,
            href: &action_href(&r.id),
            kind: "Action",
            date: &r.raised_on.to_string(),
            section: &r.id,
            text: &text,
        });
    }
    for nc in &index.nonconformities {
        let f = nc.finding(site);
        text.clear();
        let _ = write!(
            text,
            "{} {} {} {}",
            nc.id,
            nc.severity.map_or("", |s| s.label()),
            f.text,
            site.documents[nc.doc].id.value
        );
        let title = if f.text.is_empty() {
            nc.id.clone()
        } else {
            format!("{}: {}", nc.id, f.text)
        };
        let title: String = title.chars().take(TEXT_LIMIT).collect();
        let text: String = text.chars().take(TEXT_LIMIT).collect();
        emit(&Entry {
            title: &title,
            href: &crate::render::pages::nonconformities::nc_href(&nc.id),
            kind: "Nonconformity",
            date: &nc.raised_on.to_string(),
            section: &nc.id,
            text: &text,
        });
    }
    for p in site.people.values() {
        text.clear();
        let _ = write!(text, "{} {} {}", p.id, p.name, p.role);
        emit(&Entry {
            title: &p.name,
            href: &crate::render::pages::common::person_href(&p.id),
            kind: "Person",
            date: "",
            section: &p.role,
            text: &text,
        });
    }
    for f in site.evidence.files.values() {
        href.clear();
        href.push_str(&evidence_row_href(&evidence_anchor(&f.rel)));
        emit(&Entry {
            title: f.rel.rsplit('/').next().unwrap_or(&f.rel),
            href: &href,
            kind: "Evidence",
            date: "",
            section: &f.rel,
            text: f.sha256.as_deref().unwrap_or_default(),
        });
    }
    // Outside evidence: found by its address, title or recorded digest, and
    // leading to its row in the register (never to the outside address).
    for (url, o) in &index.references.outside {
        if site.evidence.file(url).is_some() {
            continue;
        }
        href.clear();
        href.push_str(&evidence_row_href(&outside_anchor(url)));
        let title = index
            .references
            .evidence
            .get(url.as_str())
            .and_then(|a| a.iter().find_map(|x| x.title.as_deref()))
            .unwrap_or(url);
        text.clear();
        let _ = write!(text, "{url} {}", o.sha256.as_deref().unwrap_or_default());
        emit(&Entry {
            title,
            href: &href,
            kind: "Outside evidence",
            date: &o
                .retrieved
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
            section: url,
            text: &text,
        });
    }
}

/// The anchor of an evidence file's row in the register.
pub fn evidence_anchor(rel: &str) -> String {
    format!("file-{}", crate::model::page_slug(&rel.replace('/', "-")))
}

/// The anchor of outside evidence's row in the register, by its URL.
pub fn outside_anchor(url: &str) -> String {
    format!(
        "outside-{}",
        crate::model::page_slug(&url.replace('/', "-"))
    )
}

/// The root-relative href of an evidence file's row in the register, by its anchor.
pub fn evidence_row_href(anchor: &str) -> String {
    format!("evidence/index.html#{anchor}")
}
