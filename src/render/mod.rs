//! Rendering: the site and its index into a stream of (output path, bytes),
//! pages built and rendered in parallel, handed to a [`Sink`] (a folder, a
//! zip, memory). `SHA256SUMS` is computed from exactly what was written.

pub mod charts;
pub mod exports;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod theme;
pub mod views;

use crate::catalog::ItemRef;
use crate::check::findings::Report;
use crate::derive::Index;
use crate::evidence::hash::sha256_bytes;
use crate::model::{DocumentKind, Site};
use pages::common::{Ctx, action_href, item_href, person_href};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Mutex;

/// Where rendered files go.
pub trait Sink: Sync {
    /// Stores a file's bytes at a site-relative path.
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies a file from disk to a site-relative path and returns the
    /// SHA-256 of the bytes actually written.
    fn put_file(&self, path: &str, source: &Path) -> io::Result<String>;
}

/// Options of one render.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Add the live-reload script (serve).
    pub live_reload: bool,
}

/// What a render produced.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every file written with its SHA-256, by path (SHA256SUMS itself excluded).
    pub files: BTreeMap<String, String>,
}

/// A page to render: its output path, template and view.
enum PageKey<'a> {
    Dashboard,
    Documents(DocumentKind),
    Document(usize),
    Actions,
    Action(usize),
    Clauses,
    Clause(ItemRef),
    People,
    Person(&'a crate::model::Person),
    Evidence,
    Audit,
    Report,
    Search,
    NotFound,
}

/// The name of the top folder of a bundle of this site on its as-of date.
pub fn bundle_name(site: &Site, index: &Index) -> String {
    let base = if !site.config.organisation.is_empty() {
        &site.config.organisation
    } else if !site.config.title.is_empty() {
        &site.config.title
    } else {
        "minutebook"
    };
    let mut slug = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "minutebook" } else { slug };
    format!("{slug}-isms-evidence-{}", index.as_of())
}

fn render_view<V: Serialize>(
    theme: &theme::Theme,
    template: &str,
    layout: &views::Layout,
    page: &V,
) -> Result<String, String> {
    let mut ctx = tera::Context::new();
    ctx.insert("layout", layout);
    ctx.insert("page", page);
    theme
        .tera
        .render(template, &ctx)
        .map_err(|e| format!("template {template}: {e:#}"))
}

/// Renders the whole site into `sink`, then `SHA256SUMS` of every file.
pub fn render_site(
    site: &Site,
    index: &Index,
    report: &Report,
    theme: &theme::Theme,
    sink: &dyn Sink,
    options: RenderOptions,
) -> Result<Rendered, String> {
    let ctx = Ctx::new(site, index, report, options.live_reload);
    let people_index = pages::people::index(&ctx);
    let bundle = bundle_name(site, index);
    let written: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let put = |path: &str, bytes: &[u8]| -> Result<(), String> {
        sink.put(path, bytes)
            .map_err(|e| format!("cannot write {path}: {e}"))?;
        if let Ok(mut w) = written.lock() {
            w.insert(path.to_string(), sha256_bytes(bytes));
        }
        Ok(())
    };

    let mut keys: Vec<PageKey> = vec![
        PageKey::Dashboard,
        PageKey::Documents(DocumentKind::Review),
        PageKey::Documents(DocumentKind::Record),
        PageKey::Actions,
        PageKey::Clauses,
        PageKey::People,
        PageKey::Evidence,
        PageKey::Audit,
        PageKey::Report,
        PageKey::Search,
        PageKey::NotFound,
    ];
    keys.extend((0..site.documents.len()).map(PageKey::Document));
    keys.extend((0..index.actions.len()).map(PageKey::Action));
    keys.extend(pages::clauses::pages(&ctx).into_iter().map(PageKey::Clause));
    keys.extend(site.people.values().map(PageKey::Person));

    // Every file SHA256SUMS will list, known before rendering: pages, static
    // assets, the search index, four exports and the evidence copies.
    let statics: Vec<&(String, Vec<u8>)> = theme
        .statics
        .iter()
        .filter(|(name, _)| options.live_reload || name != "livereload.js")
        .collect();
    let evidence_copies = site
        .evidence
        .files
        .values()
        .filter(|f| f.real.is_some())
        .count();
    let file_count = keys.len() + statics.len() + 5 + evidence_copies;

    keys.par_iter().try_for_each(|key| -> Result<(), String> {
        let (path, html) = match key {
            PageKey::Dashboard => {
                let p = "index.html".to_string();
                let l = ctx.layout(
                    &p,
                    "Dashboard",
                    "dashboard",
                    "Key figures of the ISMS management reviews",
                );
                let v = pages::dashboard::dashboard(&ctx);
                (p, render_view(theme, "dashboard.html", &l, &v)?)
            }
            PageKey::Documents(kind) => {
                let (folder, title) = match kind {
                    DocumentKind::Review => ("reviews", "Management reviews"),
                    DocumentKind::Record => ("records", "Records"),
                };
                let p = format!("{folder}/index.html");
                let l = ctx.layout(&p, title, folder, title);
                (
                    p,
                    render_view(
                        theme,
                        "documents.html",
                        &l,
                        &pages::document::list(&ctx, *kind),
                    )?,
                )
            }
            PageKey::Document(i) => {
                let d = &site.documents[*i];
                let p = markdown::document_href(site, *i);
                let section = if d.kind == DocumentKind::Review {
                    "reviews"
                } else {
                    "records"
                };
                let l = ctx.layout(
                    &p,
                    &format!("{} — {}", d.id.value, d.title),
                    section,
                    &d.title,
                );
                let v = pages::document::document(&ctx, *i, &l.root);
                (p, render_view(theme, "document.html", &l, &v)?)
            }
            PageKey::Actions => {
                let p = "actions/index.html".to_string();
                let l = ctx.layout(
                    &p,
                    "Action register",
                    "actions",
                    "Every action with its owner, due date and status",
                );
                (
                    p,
                    render_view(theme, "actions.html", &l, &pages::actions::register(&ctx))?,
                )
            }
            PageKey::Action(i) => {
                let rec = &index.actions[*i];
                let p = action_href(&rec.id);
                let title = format!("{} — {}", rec.id, rec.action(site).title);
                let l = ctx.layout(&p, &title, "actions", &title);
                (
                    p,
                    render_view(theme, "action.html", &l, &pages::actions::action(&ctx, rec))?,
                )
            }
            PageKey::Clauses => {
                let p = "clauses/index.html".to_string();
                let l = ctx.layout(
                    &p,
                    "Clause coverage",
                    "clauses",
                    "Required review inputs covered by each review",
                );
                (
                    p,
                    render_view(theme, "clauses.html", &l, &pages::clauses::matrix(&ctx))?,
                )
            }
            PageKey::Clause(r) => {
                let p = item_href(r);
                let v = pages::clauses::item(&ctx, r);
                let title = format!("{} {}", v.reference.id, v.reference.title);
                let l = ctx.layout(&p, title.trim(), "clauses", title.trim());
                (p, render_view(theme, "clause.html", &l, &v)?)
            }
            PageKey::People => {
                let p = "people/index.html".to_string();
                let l = ctx.layout(&p, "People", "people", "Attendance and action ownership");
                (
                    p,
                    render_view(
                        theme,
                        "people.html",
                        &l,
                        &pages::people::list(&ctx, &people_index),
                    )?,
                )
            }
            PageKey::Person(person) => {
                let p = person_href(&person.id);
                let l = ctx.layout(&p, &person.name, "people", &person.role);
                (
                    p,
                    render_view(
                        theme,
                        "person.html",
                        &l,
                        &pages::people::person(&ctx, &people_index, person),
                    )?,
                )
            }
            PageKey::Evidence => {
                let p = "evidence/index.html".to_string();
                let l = ctx.layout(
                    &p,
                    "Evidence register",
                    "evidence",
                    "Evidence files with their SHA-256",
                );
                (
                    p,
                    render_view(
                        theme,
                        "evidence.html",
                        &l,
                        &pages::registers::evidence(&ctx),
                    )?,
                )
            }
            PageKey::Audit => {
                let p = "audit/index.html".to_string();
                let l = ctx.layout(
                    &p,
                    "Audit index",
                    "audit",
                    "Findings, evidence trail and how to verify this site",
                );
                (
                    p,
                    render_view(
                        theme,
                        "audit.html",
                        &l,
                        &pages::registers::audit(&ctx, &bundle, file_count),
                    )?,
                )
            }
            PageKey::Report => {
                let p = "report/index.html".to_string();
                let l = ctx.layout(
                    &p,
                    "Board report",
                    "report",
                    "Board report of the latest review cycle",
                );
                (
                    p,
                    render_view(theme, "report.html", &l, &pages::dashboard::report(&ctx))?,
                )
            }
            PageKey::Search => {
                let p = "search/index.html".to_string();
                let l = ctx.layout(
                    &p,
                    "Search",
                    "search",
                    "Search the minutes, actions and evidence",
                );
                (
                    p,
                    render_view(theme, "search.html", &l, &BTreeMap::<String, String>::new())?,
                )
            }
            PageKey::NotFound => {
                let p = "404.html".to_string();
                let l = ctx.layout(&p, "Page not found", "", "Page not found");
                (
                    p,
                    render_view(theme, "404.html", &l, &BTreeMap::<String, String>::new())?,
                )
            }
        };
        put(&path, html.as_bytes())
    })?;

    // The live-reload client only belongs to `serve`'s in-memory site.
    for (name, bytes) in statics {
        put(&format!("static/{name}"), bytes)?;
    }
    put("search-index.js", search::index_js(site, index).as_bytes())?;
    put(
        "data/actions.csv",
        exports::actions_csv(site, index).as_bytes(),
    )?;
    put(
        "data/actions.ics",
        exports::actions_ics(site, index).as_bytes(),
    )?;
    put("data/site.json", exports::site_json(site, index).as_bytes())?;
    put(
        "data/findings.json",
        exports::findings_json(report).as_bytes(),
    )?;

    let files: Vec<_> = site
        .evidence
        .files
        .values()
        .filter(|f| f.real.is_some())
        .collect();
    files.par_iter().try_for_each(|f| -> Result<(), String> {
        let Some(real) = &f.real else { return Ok(()) };
        let path = format!("files/{}", f.rel);
        let sha = sink
            .put_file(&path, real)
            .map_err(|e| format!("cannot copy {}: {e}", f.rel))?;
        if let Ok(mut w) = written.lock() {
            w.insert(path, sha);
        }
        Ok(())
    })?;

    let files = written
        .into_inner()
        .map_err(|_| "internal error: render state poisoned".to_string())?;
    let sums = crate::site::sums::sha256sums(&files);
    sink.put("SHA256SUMS", sums.as_bytes())
        .map_err(|e| format!("cannot write SHA256SUMS: {e}"))?;
    Ok(Rendered { files })
}
