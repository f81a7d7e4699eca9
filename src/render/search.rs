//! The search index: a `.js` file that assigns the entries to a global, loaded
//! by a plain `<script>` tag so search works from `file://` (no fetch).
//! One entry per document section, action, person and evidence file.

use crate::derive::Index;
use crate::load::body::markdown_options;
use crate::model::Site;
use crate::render::markdown::document_href;
use crate::render::pages::common::{action_href, kind_words};
use pulldown_cmark::{Event, Parser};
use serde::Serialize;

/// Most characters of text kept per entry, to keep the index small.
const TEXT_LIMIT: usize = 600;

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    href: String,
    kind: &'a str,
    date: String,
    section: String,
    text: String,
}

/// Plain text of Markdown, white space folded, cut at `limit` characters.
pub fn plain_text(md: &str, limit: usize) -> String {
    let mut out = String::new();
    for e in Parser::new_ext(head(md, limit), markdown_options()) {
        if let Event::Text(t) | Event::Code(t) = e {
            let mut push = |w: &str| {
                if out.len() >= limit {
                    return false;
                }
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
                true
            };
            // ASCII text (nearly all of it) is split by bytes: the same
            // words as `split_whitespace`, whose per-character Unicode test
            // was a third of the search index's time.
            let complete = if t.is_ascii() {
                t.split([' ', '\t', '\n', '\x0B', '\x0C', '\r'])
                    .filter(|w| !w.is_empty())
                    .all(&mut push)
            } else {
                t.split_whitespace().all(&mut push)
            };
            if !complete {
                return out;
            }
        }
    }
    out
}

/// The start of `md` that is enough for `limit` characters of text: the
/// parser reads the whole of what it is given before the first event, and a
/// review's first heading section is its whole body, so each section was
/// parsed in full for 600 characters. Cut at the end of a line within
/// 8 × `limit` bytes (prose needs far fewer; a cut can only change text past
/// what is kept when markup is denser than that).
fn head(md: &str, limit: usize) -> &str {
    let budget = limit.saturating_mul(8);
    if md.len() <= budget {
        return md;
    }
    let within = &md[..md.floor_char_boundary(budget)];
    within.rfind('\n').map_or(within, |end| &md[..end])
}

/// Largest search index written as one file; a larger one is split into
/// shards of about this size.
pub const SHARD_BYTES: usize = 4 * 1024 * 1024;

/// The `search-index.js` file, whole (`window.MINUTEBOOK_SEARCH = [...]`).
pub fn index_js(site: &Site, index: &Index) -> String {
    let mut all = Vec::new();
    each_entry(site, index, |e| all.push(e));
    let json = serde_json::to_string(&all).unwrap_or_else(|_| "[]".into());
    let mut escaped = String::with_capacity(json.len());
    push_escaped(&mut escaped, &json);
    script("window.MINUTEBOOK_SEARCH = ", &escaped)
}

/// `prefix`, the JSON, `;` and a newline: one script statement.
fn script(prefix: &str, json: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + json.len() + 2);
    out.push_str(prefix);
    out.push_str(json);
    out.push_str(";\n");
    out
}

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
/// `search-index.js` alone, as [`index_js`] writes it. Above, the entries are
/// split in order into shards `search/index-NNNN.js`, each setting
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
    // Shards are cut by the length of the JSON as serialised (before `<` is
    // escaped), each entry serialised once into a reused buffer as it is
    // made (205,000 entries at 10,000 reviews are never all in memory).
    let mut shards: Vec<String> = Vec::new();
    // Each shard's buffer is made its final size at once (a 4 MiB string
    // grown by doubling is copied 22 times on the way).
    let new_shard = || {
        let mut s =
            String::with_capacity(shard_bytes.min(SHARD_BYTES) + shard_bytes.min(SHARD_BYTES) / 16);
        s.push('[');
        s
    };
    let mut current = new_shard();
    let mut raw_len = 1;
    let mut json: Vec<u8> = Vec::new();
    each_entry(site, index, |e| {
        json.clear();
        if serde_json::to_writer(&mut json, &e).is_err() {
            json.clear();
            json.extend_from_slice(b"null");
        }
        let text = std::str::from_utf8(&json).unwrap_or("null");
        if raw_len > 1 && raw_len + text.len() + 1 > shard_bytes {
            current.push(']');
            shards.push(std::mem::replace(&mut current, new_shard()));
            raw_len = 1;
        }
        if raw_len > 1 {
            current.push(',');
            raw_len += 1;
        }
        push_escaped(&mut current, text);
        raw_len += text.len();
    });
    current.push(']');
    shards.push(current);
    if shards.len() == 1 {
        return vec![(
            "search-index.js".to_string(),
            script("window.MINUTEBOOK_SEARCH = ", &shards[0]),
        )];
    }
    let names: Vec<String> = (0..shards.len())
        .map(|n| format!("search/index-{n:04}.js"))
        .collect();
    let mut files = vec![(
        "search-index.js".to_string(),
        format!(
            "window.MINUTEBOOK_SEARCH_SHARDS = {};\n",
            serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
        ),
    )];
    for (n, (name, json)) in names.into_iter().zip(shards).enumerate() {
        let prefix = format!(
            "(window.MINUTEBOOK_SEARCH_PARTS = window.MINUTEBOOK_SEARCH_PARTS || [])[{n}] = "
        );
        files.push((name, script(&prefix, &json)));
    }
    files
}

/// Every entry of the search index, in order, handed to `emit` one by one.
fn each_entry<'a>(site: &'a Site, index: &Index, mut emit: impl FnMut(Entry<'a>)) {
    for (i, d) in site.documents.iter().enumerate() {
        let href = document_href(site, i);
        let kind = kind_words(d);
        let date = d.date.to_string();
        let intro_end = d.headings.first().map_or(d.body.len(), |h| h.start);
        let mut summary: Vec<String> = Vec::new();
        if let Some(r) = &d.review {
            summary.extend(
                r.decisions
                    .iter()
                    .map(|x| format!("{} {}", x.id.value, x.text)),
            );
        }
        summary.extend(
            d.actions
                .iter()
                .map(|a| format!("{} {}", a.id.value, a.title)),
        );
        let intro = format!(
            "{} {} {}",
            d.id.value,
            plain_text(d.body.get(..intro_end).unwrap_or_default(), TEXT_LIMIT),
            summary.join(" ")
        );
        emit(Entry {
            title: &d.title,
            href: href.clone(),
            kind,
            date: date.clone(),
            section: String::new(),
            text: intro.trim().chars().take(TEXT_LIMIT).collect(),
        });
        for h in &d.headings {
            let text = d
                .section(&h.anchor)
                .map(|s| plain_text(s, TEXT_LIMIT))
                .unwrap_or_default();
            emit(Entry {
                title: &d.title,
                href: format!("{href}#{}", h.anchor),
                kind,
                date: date.clone(),
                section: h.text.clone(),
                text,
            });
        }
    }
    for r in &index.actions {
        let a = r.action(site);
        emit(Entry {
            title: &a.title,
            href: action_href(&r.id),
            kind: "Action",
            date: r.raised_on.to_string(),
            section: r.id.clone(),
            text: format!(
                "{} {} {}",
                r.id,
                a.title,
                a.owner
                    .as_ref()
                    .map(|o| o.value.as_str())
                    .unwrap_or_default()
            ),
        });
    }
    for p in site.people.values() {
        emit(Entry {
            title: &p.name,
            href: crate::render::pages::common::person_href(&p.id),
            kind: "Person",
            date: String::new(),
            section: p.role.clone(),
            text: format!("{} {} {}", p.id, p.name, p.role),
        });
    }
    for f in site.evidence.files.values() {
        emit(Entry {
            title: f.rel.rsplit('/').next().unwrap_or(&f.rel),
            href: format!("evidence/index.html#{}", evidence_anchor(&f.rel)),
            kind: "Evidence",
            date: String::new(),
            section: f.rel.clone(),
            text: f.sha256.clone().unwrap_or_default(),
        });
    }
}

/// The anchor of an evidence file's row in the register.
pub fn evidence_anchor(rel: &str) -> String {
    format!("file-{}", crate::model::page_slug(&rel.replace('/', "-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_folded_on_every_kind_of_white_space() {
        // Tab, vertical tab, form feed, carriage return, and (not ASCII) a
        // no-break space and an ideographic space are all white space.
        let md = "Alpha\tbeta\u{b}gamma\u{c}delta\r\nepsilon `code  span`\n\nnon\u{a0}breaking\u{3000}wide";
        assert_eq!(
            plain_text(md, 600),
            "Alpha beta gamma delta epsilon code span non breaking wide"
        );
    }

    #[test]
    fn text_stops_at_the_limit_after_a_whole_word() {
        assert_eq!(plain_text("one two three four", 5), "one two");
        assert_eq!(plain_text("**bold** and _em_", 600), "bold and em");
    }

    #[test]
    fn a_long_section_is_parsed_only_as_far_as_the_text_needs() {
        let para = "word ".repeat(40) + "\n";
        let md = para.repeat(200);
        assert!(md.len() > 8 * 600);
        let cut = head(&md, 600);
        assert!(
            cut.len() <= 8 * 600 && cut.ends_with("word "),
            "{}",
            cut.len()
        );
        let text = plain_text(&md, 600);
        assert!(text.len() >= 600 && text.len() < 610, "{}", text.len());
        // Multi-byte characters at the cut are never split.
        let wide = "é".repeat(5000);
        assert!(head(&wide, 600).len() <= 4800);
    }
}
