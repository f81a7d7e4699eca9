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
    for e in Parser::new_ext(md, markdown_options()) {
        if let Event::Text(t) | Event::Code(t) = e {
            for w in t.split_whitespace() {
                if out.len() >= limit {
                    return out;
                }
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
        }
    }
    out
}

/// The `search-index.js` file.
pub fn index_js(site: &Site, index: &Index) -> String {
    let mut entries: Vec<Entry> = Vec::new();
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
        entries.push(Entry {
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
            entries.push(Entry {
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
        entries.push(Entry {
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
        entries.push(Entry {
            title: &p.name,
            href: crate::render::pages::common::person_href(&p.id),
            kind: "Person",
            date: String::new(),
            section: p.role.clone(),
            text: format!("{} {} {}", p.id, p.name, p.role),
        });
    }
    for f in site.evidence.files.values() {
        entries.push(Entry {
            title: f.rel.rsplit('/').next().unwrap_or(&f.rel),
            href: format!("evidence/index.html#{}", evidence_anchor(&f.rel)),
            kind: "Evidence",
            date: String::new(),
            section: f.rel.clone(),
            text: f.sha256.clone().unwrap_or_default(),
        });
    }
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    // `</script>` cannot appear in JSON strings as written by serde_json? It can:
    // escape `<` so the file is also safe if inlined.
    format!(
        "window.MINUTEBOOK_SEARCH = {};\n",
        json.replace('<', "\\u003c")
    )
}

/// The anchor of an evidence file's row in the register.
pub fn evidence_anchor(rel: &str) -> String {
    format!("file-{}", crate::model::page_slug(&rel.replace('/', "-")))
}
