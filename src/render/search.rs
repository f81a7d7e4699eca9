//! The search index: a `.js` file that assigns the entries to a global, loaded
//! by a plain `<script>` tag so search works from `file://` (no fetch).
//! One entry per document section, action, finding (nonconformity), person
//! and evidence file.

use crate::derive::Index;
use crate::derive::refs::Use;
use crate::model::Site;
use crate::model::catalog::ItemRef;
use crate::render::Sink;
use crate::render::pages::common::kind_words;
use crate::render::urls::action_href;
use crate::render::urls::document_href;
use crate::render::urls::{file_row_href, outside_row_href};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Most characters of text kept per entry, to keep the index small.
const TEXT_LIMIT: usize = crate::load::body::SEARCH_TEXT_LIMIT;

/// Most bytes of an entry's title or section name: a document with a 1 MiB
/// title and 1,000 headings repeated that title in every section entry and
/// made a 1.1 GB index. Longer ones are cut at a character boundary.
const NAME_LIMIT: usize = 200;

/// Most references kept per entry (an action citing 500 controls is found
/// by the first 64 of them).
const REFS_LIMIT: usize = 64;

/// Longest href kept whole; a longer one (an anchor slugged from a huge
/// heading) links to its page without the anchor (a section's href, an
/// anchor alone, becomes empty: its document's page).
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
            doc: self.doc,
            id: clip(self.id, NAME_LIMIT),
            refs: &self.refs[..self.refs.len().min(REFS_LIMIT)],
        }
    }
}

/// One entry, borrowed from the site or from buffers reused entry to entry.
/// Empty fields are left out of the JSON (most entries have no section, no
/// id, no references): the index stays lean.
#[derive(Serialize, Default)]
struct Entry<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    title: &'a str,
    href: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    kind: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    date: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    section: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    text: &'a str,
    /// A section or decision: the position (in the whole index, shards read
    /// in order) of its document's entry, whose title, kind, date and page
    /// it shares (its own href is the anchor on that page): they are
    /// written once per document, not once per section, and the search
    /// page groups a document's sections under it.
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<usize>,
    /// A clause or control page: its qualified canonical id
    /// (`iso27001-2022:A.8.8`), which an id query matches exactly.
    #[serde(skip_serializing_if = "str::is_empty")]
    id: &'a str,
    /// The clauses and controls this entry cites, as positions of their
    /// entries in the index (clause entries come first): an id query finds
    /// every entry citing the item, however the reference was spelled.
    #[serde(skip_serializing_if = "<[usize]>::is_empty")]
    refs: &'a [usize],
}

/// Largest search index written as one file; a larger one is split into
/// shards of about this size.
pub(crate) const SHARD_BYTES: usize = 4 * 1024 * 1024;

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
pub(crate) fn write_index(
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

/// The clauses and controls that have a page, in the order the clause pages
/// list them: the site's frameworks first, then every other catalog a
/// document cites (as `render::pages::clauses::pages` does).
pub(crate) fn clause_items(site: &Site, index: &Index) -> Vec<ItemRef> {
    let frameworks = site.config.framework_ids();
    let mut ids: Vec<&str> = frameworks.iter().map(String::as_str).collect();
    for item in index.references.by_item.keys() {
        if !ids.iter().any(|c| c.eq_ignore_ascii_case(&item.catalog)) {
            ids.push(&item.catalog);
        }
    }
    ids.iter()
        .filter_map(|id| site.catalogs.get(id))
        .flat_map(|c| {
            c.items.iter().map(move |i| ItemRef {
                catalog: c.id.clone(),
                item: i.id.clone(),
            })
        })
        .collect()
}

/// For every place that cites a clause or control, the positions of the
/// cited items' entries (the clause entries, first in the index).
#[derive(Default)]
struct Citations<'a> {
    sections: HashMap<(usize, &'a str), Vec<usize>>,
    decisions: HashMap<(usize, usize), Vec<usize>>,
    actions: HashMap<usize, Vec<usize>>,
    findings: HashMap<(usize, usize), Vec<usize>>,
    evidence: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Citations<'a> {
    fn build(site: &Site, index: &'a Index, items: &[ItemRef]) -> Citations<'a> {
        let position: HashMap<&ItemRef, usize> =
            items.iter().enumerate().map(|(i, r)| (r, i)).collect();
        let mut c = Citations::default();
        fn add(list: &mut Vec<usize>, p: usize) {
            if !list.contains(&p) {
                list.push(p);
            }
        }
        for (item, uses) in &index.references.by_item {
            let Some(&p) = position.get(item) else {
                continue;
            };
            for u in uses {
                match u {
                    Use::Section(d, anchor) => add(c.sections.entry((*d, anchor)).or_default(), p),
                    Use::Decision(d, i) => add(c.decisions.entry((*d, *i)).or_default(), p),
                    Use::Action(d, i) => {
                        if let Some(at) = site.documents[*d]
                            .actions
                            .get(*i)
                            .and_then(|a| index.action_position(&a.id.value))
                        {
                            add(c.actions.entry(at).or_default(), p);
                        }
                    }
                    Use::Finding(d, i) => add(c.findings.entry((*d, *i)).or_default(), p),
                    Use::Evidence(rel, _) => add(c.evidence.entry(rel).or_default(), p),
                }
            }
        }
        c
    }
}

/// `ItemRef`'s clause or control word: numbered clauses are clauses, the
/// rest (`A.8.8`, `CC4.1`, `Art.21.2.a`) controls of their catalog.
fn item_kind(item: &str) -> &'static str {
    if item.starts_with(|c: char| c.is_ascii_digit()) {
        "Clause"
    } else {
        "Control"
    }
}

/// Text written in YAML (a decision, an action title) as the reader sees it:
/// Markdown syntax dropped, white space folded.
fn plain(out: &mut String, markdown: &str) {
    if !markdown.contains(['*', '_', '`', '[', '<', '\\', '~']) {
        fold_into(out, markdown);
        return;
    }
    for e in pulldown_cmark::Parser::new(markdown) {
        match e {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => fold_into(out, &t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
}

/// Appends `t` with white space folded to single spaces.
fn fold_into(out: &mut String, t: &str) {
    let mut space = out.ends_with(' ') || out.is_empty();
    if t.starts_with(char::is_whitespace) && !space {
        out.push(' ');
        space = true;
    }
    for (i, w) in t.split_whitespace().enumerate() {
        if i > 0 && !space {
            out.push(' ');
        }
        out.push_str(w);
        space = false;
    }
    if t.ends_with(char::is_whitespace) && !space {
        out.push(' ');
    }
}

/// Every entry of the search index, in order, handed to `emit` one by one:
/// the clause and control pages first (citing entries name them by
/// position), then each document followed by its sections and decisions,
/// then actions, nonconformities, people and evidence.
fn each_entry(site: &Site, index: &Index, mut emit: impl FnMut(&Entry<'_>)) {
    let mut href = String::new();
    let mut text = String::new();
    let items = clause_items(site, index);
    let citations = Citations::build(site, index, &items);
    let mut title = String::new();
    let mut id = String::new();
    for r in &items {
        // Every item gets its entry (even one without a title): citing
        // entries name them by position.
        let item_title = site.catalogs.item(r).map_or("", |i| i.title.as_str());
        title.clear();
        let _ = write!(title, "{} {item_title}", r.item);
        id.clear();
        let _ = write!(id, "{}:{}", r.catalog, r.item);
        emit(&Entry {
            title: &title,
            href: &crate::render::urls::item_href(r),
            // The catalog is named by the id's prefix (the page shows it):
            // not repeated in every entry.
            kind: item_kind(&r.item),
            id: &id,
            ..Entry::default()
        });
    }
    let mut position = items.len();
    for (i, d) in site.documents.iter().enumerate() {
        let page = document_href(site, i);
        let kind = kind_words(d);
        let date = d.date.to_string();
        text.clear();
        let _ = write!(text, "{} ", d.id.value);
        fold_into(&mut text, &d.intro);
        if let Some(r) = &d.review {
            for x in &r.decisions {
                let _ = write!(text, " {} ", x.id.value);
                plain(&mut text, &x.text);
            }
        }
        for a in &d.actions {
            let _ = write!(text, " {} ", a.id.value);
            plain(&mut text, &a.title);
        }
        let intro: String = text.trim().chars().take(TEXT_LIMIT).collect();
        let doc = position;
        emit(&Entry {
            title: &d.title,
            href: &page,
            kind,
            date: &date,
            text: &intro,
            ..Entry::default()
        });
        position += 1;
        for h in &d.headings {
            href.clear();
            let _ = write!(href, "#{}", h.anchor);
            let refs = citations
                .sections
                .get(&(i, h.anchor.as_str()))
                .map_or(&[][..], Vec::as_slice);
            emit(&Entry {
                href: &href,
                section: &h.text,
                text: &h.lead,
                doc: Some(doc),
                refs,
                ..Entry::default()
            });
            position += 1;
        }
        if let Some(r) = &d.review {
            for (j, x) in r.decisions.iter().enumerate() {
                let Some(refs) = citations.decisions.get(&(i, j)) else {
                    continue;
                };
                href.clear();
                let _ = write!(
                    href,
                    "#decision-{}",
                    crate::render::urls::encode_path(&x.id.value.to_lowercase())
                );
                text.clear();
                plain(&mut text, &x.text);
                let decision: String = text.trim().chars().take(TEXT_LIMIT).collect();
                title.clear();
                let _ = write!(title, "Decision {}", x.id.value);
                emit(&Entry {
                    href: &href,
                    section: &title,
                    text: &decision,
                    doc: Some(doc),
                    refs,
                    ..Entry::default()
                });
                position += 1;
            }
        }
    }
    for (at, r) in index.actions.iter().enumerate() {
        let a = r.action(site);
        text.clear();
        let owner = a.owner.as_ref().map(|o| o.value.as_str());
        let _ = write!(text, "{} ", r.id);
        plain(&mut text, &a.title);
        let _ = write!(text, " {}", owner.unwrap_or_default());
        title.clear();
        plain(&mut title, &a.title);
        emit(&Entry {
            title: title.trim(),
            href: &action_href(&r.id),
            kind: "Action",
            date: &r.raised_on.to_string(),
            section: &r.id,
            text: text.trim(),
            refs: citations.actions.get(&at).map_or(&[][..], Vec::as_slice),
            ..Entry::default()
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
            href: &crate::render::urls::nc_href(&nc.id),
            kind: "Nonconformity",
            date: &nc.raised_on.to_string(),
            section: &nc.id,
            text: &text,
            refs: citations
                .findings
                .get(&(nc.doc, nc.index))
                .map_or(&[][..], Vec::as_slice),
            ..Entry::default()
        });
    }
    for p in site.people.values() {
        text.clear();
        let _ = write!(text, "{} {} {}", p.id, p.name, p.role);
        emit(&Entry {
            title: &p.name,
            href: &crate::render::urls::person_href(&p.id),
            kind: "Person",
            section: &p.role,
            text: &text,
            ..Entry::default()
        });
    }
    for f in site.evidence.files.values() {
        href.clear();
        href.push_str(&file_row_href(site, index, &f.rel));
        emit(&Entry {
            title: f.rel.rsplit('/').next().unwrap_or(&f.rel),
            href: &href,
            kind: "Evidence",
            section: &f.rel,
            text: f.sha256.as_deref().unwrap_or_default(),
            refs: citations
                .evidence
                .get(f.rel.as_str())
                .map_or(&[][..], Vec::as_slice),
            ..Entry::default()
        });
    }
    // Outside evidence: found by its address, title or recorded digest, and
    // leading to its row in the register (never to the outside address).
    for (url, o) in &index.references.outside {
        if site.evidence.file(url).is_some() {
            continue;
        }
        href.clear();
        href.push_str(&outside_row_href(url));
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
            refs: citations
                .evidence
                .get(url.as_str())
                .map_or(&[][..], Vec::as_slice),
            ..Entry::default()
        });
    }
}
