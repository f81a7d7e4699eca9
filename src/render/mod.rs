//! Rendering: the site and its index into a stream of (output path, bytes),
//! pages built and rendered in parallel, handed to a [`Sink`] (a folder, a
//! zip, memory). `SHA256SUMS` is computed from exactly what was written.

pub(crate) mod charts;
pub mod exports;
pub(crate) mod html;
pub mod markdown;
pub mod pages;
pub mod search;
pub(crate) mod sources;
pub(crate) mod tables;
pub mod theme;
pub mod urls;
pub(crate) mod views;

use crate::derive::Index;
use crate::diag::findings::Report;
use crate::fsx::hash::sha256_bytes;
use crate::model::catalog::ItemRef;
use crate::model::{DocumentKind, Site};
use pages::common::Ctx;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};
use urls::{action_href, item_href, person_href};

/// Where rendered files go (a folder, memory for serve): one renderer, so a
/// served page is the page a build writes.
pub trait Sink: Sync {
    /// Stores a file's bytes at a site-relative path.
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    /// [`Sink::put`] when the caller has the bytes' SHA-256 already (the
    /// recording sink hashes every file for `SHA256SUMS`): a rebuild in
    /// place knows an unchanged file by it without reading the old one.
    fn put_hashed(&self, path: &str, bytes: &[u8], sha256: &str) -> io::Result<()> {
        let _ = sha256;
        self.put(path, bytes)
    }
    /// Copies a file from disk to a site-relative path and returns the
    /// SHA-256 of the bytes actually written.
    fn put_file(&self, path: &str, source: &Path) -> io::Result<String>;
    /// Stores a file that `write` produces piece by piece and returns the
    /// SHA-256 of the bytes written: a large export (`site.json`, a search
    /// shard) need not be whole in memory when the sink can stream it.
    fn put_stream(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<String> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, &bytes)?;
        Ok(sha256_bytes(&bytes))
    }
}

/// Options of one render: only what serve needs beyond a build.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// Add the live-reload script (serve).
    pub live_reload: bool,
}

/// What a render produced, with digests, from which `SHA256SUMS` is written.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every file written with its SHA-256, by path (SHA256SUMS itself excluded).
    pub files: BTreeMap<String, String>,
}

/// A page of the site, so serve can render one page on demand instead of
/// the whole site.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PageKey {
    /// `index.html`.
    Dashboard,
    /// `reviews/index.html` or `records/index.html`.
    Documents(DocumentKind),
    /// `reviews/year/<year>/index.html` or `records/year/<year>/index.html`:
    /// one year of a split list.
    DocumentsYear(DocumentKind, i32),
    /// A review or record (position in `site.documents`).
    Document(usize),
    /// `actions/index.html`.
    Actions,
    /// `actions/year/<year>/index.html`: the register's page of one year
    /// (only when the register is split, see [`pages::split`]).
    ActionsYear(i32),
    /// `evidence/year/<year>/index.html`: the evidence files first cited in
    /// one year (only when the register is split).
    EvidenceYear(i32),
    /// An action (position in `index.actions`).
    Action(usize),
    /// `nonconformities/index.html`.
    Nonconformities,
    /// A finding (position in `index.nonconformities`).
    Nonconformity(usize),
    /// `clauses/index.html`.
    Clauses,
    /// `clauses/<year>/index.html`: the matrix of one year's reviews.
    ClausesYear(i32),
    /// A clause or control page.
    Clause(ItemRef),
    /// `clauses/<catalog>/<item>/<year>/index.html`: one year of a split
    /// clause or control page.
    ClauseYear(ItemRef, i32),
    /// `people/index.html`.
    People,
    /// A person (id).
    Person(String),
    /// `people/<id>/<year>/index.html`: one year of a split person page.
    PersonYear(String, i32),
    /// `evidence/index.html`.
    Evidence,
    /// `audit/index.html`.
    Audit,
    /// `audit/<code>/index.html`, then `audit/<code>/<n>/index.html`: every
    /// finding of one code, when the audit index lists only the first ones
    /// (code, page from 1).
    AuditCode(crate::diag::findings::Code, usize),
    /// `report/index.html`.
    Report,
    /// `search/index.html`.
    Search,
    /// `404.html`.
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

/// The site header and footer of one root and section, rendered once.
type Chrome = Arc<(String, String)>;

/// What every page of one render shares, computed once: the page context,
/// the theme, the people index (made when first needed) and the bundle
/// name. Pages can then be rendered all at once ([`render_site`]) or one at
/// a time (serve).
pub struct Pages<'a> {
    /// Shared page-building state.
    pub ctx: Ctx<'a>,
    theme: &'a theme::Theme,
    /// Attendance and ownership by person, made when a people page first
    /// needs it (70,000 rows at 10,000 reviews, 0.1 s: no longer a serial
    /// step before any page renders, and never made when serve shows none).
    people: std::sync::OnceLock<pages::people::PeopleIndex>,
    bundle: String,
    /// Header and footer by (root, section), filled as pages render.
    chrome: Mutex<HashMap<(String, String), Chrome>>,
    /// The size of the last page of each kind rendered on its own: the next
    /// one starts with a buffer that size, rather than growing one by
    /// doubling (each doubling a copy of the page so far).
    sizes: Mutex<HashMap<std::mem::Discriminant<PageKey>, usize>>,
}

impl<'a> Pages<'a> {
    /// Frees what the pages shared, on both threads at once (see
    /// [`Ctx::release`]).
    pub(crate) fn release(self) {
        let Pages { ctx, people, .. } = self;
        rayon::join(|| ctx.release(), || drop(people));
    }

    /// Prepares the pages of a checked site.
    pub fn new(
        site: &'a Site,
        index: &'a Index,
        report: &'a Report,
        theme: &'a theme::Theme,
        options: RenderOptions,
    ) -> Pages<'a> {
        let ctx = Ctx::new(site, index, report, options.live_reload);
        Pages {
            ctx,
            theme,
            people: std::sync::OnceLock::new(),
            bundle: bundle_name(site, index),
            chrome: Mutex::new(HashMap::new()),
            sizes: Mutex::new(HashMap::new()),
        }
    }

    /// The header and footer for a layout's root and section, from the
    /// cache or rendered now (empty when the theme lacks the components).
    fn chrome(&self, layout: &views::Layout) -> Chrome {
        let key = (layout.root.clone(), layout.section.clone());
        if let Some(c) = self.chrome.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return c;
        }
        let mut ctx = tera::Context::new();
        ctx.insert("layout", layout);
        ctx.insert("root", &layout.root);
        let part = |name: &str| {
            self.theme
                .tera
                .render_component(name, &ctx, None, true)
                .unwrap_or_default()
        };
        let made: Chrome = Arc::new((part("site.header"), part("site.footer")));
        if let Ok(mut m) = self.chrome.lock() {
            m.insert(key, made.clone());
        }
        made
    }

    /// Renders `template` with the page's layout (chrome filled in) and view.
    fn view<V: Serialize>(
        &self,
        out: &mut Vec<u8>,
        template: &'static str,
        mut layout: views::Layout,
        page: &V,
    ) -> Result<(), String> {
        let chrome = self.chrome(&layout);
        layout.header.clone_from(&chrome.0);
        layout.footer.clone_from(&chrome.1);
        let mut ctx = tera::Context::new();
        ctx.insert("layout", &layout);
        ctx.insert("page", page);
        self.theme
            .tera
            .render_to(template, &ctx, &mut *out)
            .map_err(|e| format!("template {template}: {e:#}"))?;
        Ok(())
    }

    fn people(&self) -> &pages::people::PeopleIndex {
        self.people.get_or_init(|| pages::people::index(&self.ctx))
    }

    /// Every page of the site, in a stable order.
    pub fn keys(&self) -> Vec<PageKey> {
        let site = self.ctx.site;
        let mut keys: Vec<PageKey> = vec![
            PageKey::Dashboard,
            PageKey::Documents(DocumentKind::Review),
            PageKey::Documents(DocumentKind::Record),
            PageKey::Actions,
            PageKey::Nonconformities,
            PageKey::Clauses,
            PageKey::People,
            PageKey::Evidence,
            PageKey::Audit,
            PageKey::Report,
            PageKey::Search,
            PageKey::NotFound,
        ];
        keys.extend(self.split_keys());
        // Largest pages first (the lists, then clause and person pages, which
        // grow with the whole history), so that a build does not end with
        // one thread rendering a 10 MB page while the other waits.
        for item in pages::clauses::pages(&self.ctx) {
            let years = pages::clauses::split_years(&self.ctx, &item);
            keys.push(PageKey::Clause(item.clone()));
            keys.extend(
                years
                    .into_iter()
                    .map(|y| PageKey::ClauseYear(item.clone(), y)),
            );
        }
        for p in site.people.values() {
            keys.push(PageKey::Person(p.id.clone()));
            keys.extend(
                pages::people::split_years(self.people(), &p.id)
                    .into_iter()
                    .map(|y| PageKey::PersonYear(p.id.clone(), y)),
            );
        }
        keys.extend((0..site.documents.len()).map(PageKey::Document));
        keys.extend((0..self.ctx.index.actions.len()).map(PageKey::Action));
        keys.extend((0..self.ctx.index.nonconformities.len()).map(PageKey::Nonconformity));
        keys
    }

    /// The year pages of the register and the matrix and the audit index's
    /// pages per code, when those are split (none on a small site).
    fn split_keys(&self) -> Vec<PageKey> {
        let ctx = &self.ctx;
        let mut keys = Vec::new();
        for kind in [DocumentKind::Review, DocumentKind::Record] {
            keys.extend(
                pages::document::list_years(ctx, kind)
                    .into_iter()
                    .map(|y| PageKey::DocumentsYear(kind, y)),
            );
        }
        if pages::actions::is_split(ctx) {
            keys.extend(
                pages::actions::years(ctx)
                    .into_iter()
                    .map(PageKey::ActionsYear),
            );
        }
        keys.extend(
            pages::clauses::matrix_years(ctx)
                .into_iter()
                .map(PageKey::ClausesYear),
        );
        keys.extend(
            pages::registers::evidence_years(ctx)
                .into_iter()
                .map(PageKey::EvidenceYear),
        );
        for (code, n) in pages::registers::code_pages(ctx) {
            keys.extend((1..=n).map(|page| PageKey::AuditCode(code, page)));
        }
        keys
    }

    /// Where a page is written, relative to the site root.
    pub fn path(&self, key: &PageKey) -> String {
        let site = self.ctx.site;
        match key {
            PageKey::Dashboard => "index.html".into(),
            PageKey::Documents(DocumentKind::Review) => "reviews/index.html".into(),
            PageKey::Documents(DocumentKind::Record) => "records/index.html".into(),
            PageKey::DocumentsYear(kind, y) => pages::document::list_year_href(*kind, *y),
            PageKey::Document(i) => crate::render::urls::document_href(site, *i),
            PageKey::Actions => "actions/index.html".into(),
            PageKey::ActionsYear(y) => pages::actions::year_href(*y),
            PageKey::Action(i) => action_href(&self.ctx.index.actions[*i].id),
            PageKey::Nonconformities => "nonconformities/index.html".into(),
            PageKey::Nonconformity(i) => {
                crate::render::urls::nc_href(&self.ctx.index.nonconformities[*i].id)
            }
            PageKey::Clauses => "clauses/index.html".into(),
            PageKey::ClausesYear(y) => pages::split::year_href("clauses/index.html", *y),
            PageKey::Clause(r) => item_href(r),
            PageKey::ClauseYear(r, y) => pages::split::year_href(&item_href(r), *y),
            PageKey::People => "people/index.html".into(),
            PageKey::Person(id) => person_href(id),
            PageKey::PersonYear(id, y) => pages::split::year_href(&person_href(id), *y),
            PageKey::Evidence => "evidence/index.html".into(),
            PageKey::EvidenceYear(y) => crate::render::urls::evidence_register_href(Some(*y)),
            PageKey::Audit => "audit/index.html".into(),
            PageKey::AuditCode(code, page) => pages::registers::code_page_href(*code, *page),
            PageKey::Report => "report/index.html".into(),
            PageKey::Search => "search/index.html".into(),
            PageKey::NotFound => "404.html".into(),
        }
    }

    /// Renders one page as UTF-8 HTML bytes (UTF-8 by construction: Tera
    /// writes text, and validating it again was a pass over all 1.2 GB of
    /// pages at 10,000 reviews). `file_count` is the number of files
    /// SHA256SUMS lists, shown on the audit page.
    pub fn render(&self, key: &PageKey, file_count: usize) -> Result<Vec<u8>, String> {
        let kind = std::mem::discriminant(key);
        let last = self
            .sizes
            .lock()
            .ok()
            .and_then(|s| s.get(&kind).copied())
            .unwrap_or(0)
            // A clause page can be 14 MB and the next one 10 KB.
            .min(256 * 1024);
        let mut out = Vec::with_capacity(last + last / 8 + 4096);
        self.render_into(key, file_count, &mut out)?;
        if let Ok(mut s) = self.sizes.lock() {
            s.insert(kind, out.len());
        }
        Ok(out)
    }

    /// Renders one page into the calling thread's page buffer and hands the
    /// bytes to `done`. The buffer keeps its size from page to page: a
    /// large page (a register is 20-40 MB at 10,000 reviews) no longer grows
    /// a new buffer by doubling, copying and faulting in fresh memory.
    pub(crate) fn render_with<R>(
        &self,
        key: &PageKey,
        file_count: usize,
        done: impl FnOnce(&[u8]) -> Result<R, String>,
    ) -> Result<R, String> {
        thread_local! {
            static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        PAGE.with(|cell| match cell.try_borrow_mut() {
            Ok(mut buf) => {
                self.render_into(key, file_count, &mut buf)?;
                done(&buf)
            }
            // In use further up this thread's stack (a page rendered while
            // another waits in rayon): a buffer of its own.
            Err(_) => done(&self.render(key, file_count)?),
        })
    }

    /// Renders one page into `out` (emptied first).
    fn render_into(
        &self,
        key: &PageKey,
        file_count: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        out.clear();
        let ctx = &self.ctx;
        let (site, index) = (ctx.site, ctx.index);
        let p = self.path(key);
        let empty = BTreeMap::<String, String>::new();
        match key {
            PageKey::Dashboard => {
                let l = ctx.layout(
                    &p,
                    "Dashboard",
                    "dashboard",
                    "Key figures of the ISMS management reviews",
                );
                let v = pages::dashboard::dashboard(ctx, &l.root);
                self.view(out, "dashboard.html", l, &v)
            }
            PageKey::Documents(kind) => {
                let (folder, title) = match kind {
                    DocumentKind::Review => ("reviews", "Management reviews"),
                    DocumentKind::Record => ("records", "Records"),
                };
                let l = ctx.layout(&p, title, folder, title);
                let v = pages::document::list(ctx, *kind, &l.root, None);
                self.view(out, "documents.html", l, &v)
            }
            PageKey::DocumentsYear(kind, y) => {
                let (folder, title) = match kind {
                    DocumentKind::Review => ("reviews", "Management reviews"),
                    DocumentKind::Record => ("records", "Records"),
                };
                let title = format!("{title} — {y}");
                let l = ctx.layout(&p, &title, folder, &title);
                let v = pages::document::list(ctx, *kind, &l.root, Some(*y));
                self.view(out, "documents.html", l, &v)
            }
            PageKey::Document(i) => {
                let d = &site.documents[*i];
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
                let v = pages::document::document(ctx, *i, &l.root);
                self.view(out, "document.html", l, &v)
            }
            PageKey::Actions => {
                let l = ctx.layout(
                    &p,
                    "Action register",
                    "actions",
                    "Every action with its owner, due date and status",
                );
                let v = pages::actions::register(ctx, &l.root, None);
                self.view(out, "actions.html", l, &v)
            }
            PageKey::ActionsYear(y) => {
                let title = format!("Action register — {y}");
                let l = ctx.layout(
                    &p,
                    &title,
                    "actions",
                    &format!("Every action raised in {y}"),
                );
                let v = pages::actions::register(ctx, &l.root, Some(*y));
                self.view(out, "actions.html", l, &v)
            }
            PageKey::Action(i) => {
                let rec = &index.actions[*i];
                let title = format!("{} — {}", rec.id, rec.action(site).title);
                let l = ctx.layout(&p, &title, "actions", &title);
                let v = pages::actions::action(ctx, rec, &l.root);
                self.view(out, "action.html", l, &v)
            }
            PageKey::Nonconformities => {
                let l = ctx.layout(
                    &p,
                    "Nonconformity register",
                    "nonconformities",
                    "Every nonconformity, observation and opportunity found by audits and incidents, with its corrective actions and status",
                );
                let v = pages::nonconformities::register(ctx, &l.root);
                self.view(out, "nonconformities.html", l, &v)
            }
            PageKey::Nonconformity(i) => {
                let nc = &index.nonconformities[*i];
                // The text can be a paragraph: the page shows it under
                // "What was found"; the title says what and where.
                let title = format!(
                    "{} — {} in {}",
                    nc.id,
                    nc.severity.map_or("Finding", |s| s.label()),
                    site.documents[nc.doc].id.value
                );
                let l = ctx.layout(&p, &title, "nonconformities", &title);
                let v = pages::nonconformities::page(ctx, nc, &l.root);
                self.view(out, "nonconformity.html", l, &v)
            }
            PageKey::Clauses => {
                let l = ctx.layout(
                    &p,
                    "Clause coverage",
                    "clauses",
                    "Required review inputs covered by each review",
                );
                let v = pages::clauses::matrix(ctx, &l.root, None);
                self.view(out, "clauses.html", l, &v)
            }
            PageKey::ClausesYear(y) => {
                let title = format!("Clause coverage — {y}");
                let l = ctx.layout(
                    &p,
                    &title,
                    "clauses",
                    &format!("Required review inputs covered by each review of {y}"),
                );
                let v = pages::clauses::matrix(ctx, &l.root, Some(*y));
                self.view(out, "clauses.html", l, &v)
            }
            PageKey::Clause(r) | PageKey::ClauseYear(r, _) => {
                let year = match key {
                    PageKey::ClauseYear(_, y) => Some(*y),
                    _ => None,
                };
                let reference = ctx.item_ref(r);
                let mut title = format!("{} {}", reference.id, reference.title)
                    .trim()
                    .to_string();
                if let Some(y) = year {
                    title = format!("{title} — {y}");
                }
                let l = ctx.layout(&p, &title, "clauses", &title);
                let v = pages::clauses::item(ctx, r, &l.root, year);
                self.view(out, "clause.html", l, &v)
            }
            PageKey::People => {
                let l = ctx.layout(&p, "People", "people", "Attendance and action ownership");
                self.view(
                    out,
                    "people.html",
                    l,
                    &pages::people::list(ctx, self.people()),
                )
            }
            PageKey::Person(id) | PageKey::PersonYear(id, _) => {
                let year = match key {
                    PageKey::PersonYear(_, y) => Some(*y),
                    _ => None,
                };
                let person = site.person(id).ok_or_else(|| format!("no person {id}"))?;
                let title = match year {
                    Some(y) => format!("{} — {y}", person.name),
                    None => person.name.clone(),
                };
                let l = ctx.layout(&p, &title, "people", &person.role);
                let v = pages::people::person(ctx, self.people(), person, &l.root, year);
                self.view(out, "person.html", l, &v)
            }
            PageKey::Evidence => {
                let l = ctx.layout(
                    &p,
                    "Evidence register",
                    "evidence",
                    "Evidence files with their SHA-256",
                );
                let v = pages::registers::evidence(ctx, &l.root, None);
                self.view(out, "evidence.html", l, &v)
            }
            PageKey::EvidenceYear(y) => {
                let title = format!("Evidence register — {y}");
                let l = ctx.layout(
                    &p,
                    &title,
                    "evidence",
                    &format!("Evidence files first cited in {y}"),
                );
                let v = pages::registers::evidence(ctx, &l.root, Some(*y));
                self.view(out, "evidence.html", l, &v)
            }
            PageKey::Audit => {
                let l = ctx.layout(
                    &p,
                    "Audit index",
                    "audit",
                    "Findings, evidence trail and how to verify this site",
                );
                let v = pages::registers::audit(ctx, &self.bundle, file_count, &l.root);
                self.view(out, "audit.html", l, &v)
            }
            PageKey::AuditCode(code, page) => {
                let title = if *page > 1 {
                    format!("Findings of {} — page {page}", code.as_str())
                } else {
                    format!("Findings of {}", code.as_str())
                };
                let l = ctx.layout(&p, &title, "audit", &title);
                let v = pages::registers::code_page(ctx, *code, *page, &l.root);
                self.view(out, "audit-code.html", l, &v)
            }
            PageKey::Report => {
                let l = ctx.layout(
                    &p,
                    "Board report",
                    "report",
                    "Board report of the latest review cycle",
                );
                let v = pages::dashboard::report(ctx, &l.root);
                self.view(out, "report.html", l, &v)
            }
            PageKey::Search => {
                let l = ctx.layout(
                    &p,
                    "Search",
                    "search",
                    "Search the minutes, actions and evidence",
                );
                self.view(out, "search.html", l, &empty)
            }
            PageKey::NotFound => {
                let l = ctx.layout(&p, "Page not found", "", "Page not found");
                self.view(out, "404.html", l, &empty)
            }
        }
    }

    /// The files that are not pages and not evidence copies: static assets
    /// (the live-reload client only when serving), the search index and the
    /// exports, as (path, bytes).
    pub(crate) fn other_files(&self) -> Vec<(String, Vec<u8>)> {
        let kept = Kept::default();
        // A sink in memory cannot fail.
        let _ = self.write_other_files(&kept);
        kept.0.into_inner().unwrap_or_default()
    }

    /// Writes the files of [`Pages::other_files`] into `sink` and returns how
    /// many there are. The search index and `site.json`, the two large ones,
    /// are made at the same time and streamed as they are made.
    pub(crate) fn write_other_files(&self, sink: &dyn Sink) -> io::Result<usize> {
        let (site, index) = (self.ctx.site, self.ctx.index);
        let mut count = 0;
        for (name, bytes) in &self.theme.statics {
            if self.ctx.live_reload || name != "livereload.js" {
                sink.put(&format!("static/{name}"), bytes)?;
                count += 1;
            }
        }
        let ((search, json), (csv, ics)) = rayon::join(
            || {
                rayon::join(
                    || search::write_index(site, index, sink),
                    || {
                        sink.put_stream("data/site.json", &mut |w| {
                            exports::write_site_json(site, index, w)
                        })
                    },
                )
            },
            || {
                rayon::join(
                    || {
                        sink.put(
                            "data/actions.csv",
                            exports::actions_csv(site, index).as_bytes(),
                        )
                    },
                    || {
                        sink.put(
                            "data/actions.ics",
                            exports::actions_ics(site, index).as_bytes(),
                        )
                    },
                )
            },
        );
        count += search?.len();
        for written in [json.map(drop), csv, ics] {
            written?;
            count += 1;
        }
        sink.put(
            "data/findings.json",
            exports::findings_json(self.ctx.report).as_bytes(),
        )?;
        sink.put(
            "data/nonconformities.csv",
            exports::nonconformities_csv(site, index).as_bytes(),
        )?;
        Ok(count + 2)
    }
}

/// A sink that keeps files in memory, in the order written (serve's exports).
#[derive(Default)]
struct Kept(Mutex<Vec<(String, Vec<u8>)>>);

impl Sink for Kept {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("sink poisoned"))?
            .push((path.to_string(), bytes.to_vec()));
        Ok(())
    }

    fn put_file(&self, path: &str, _source: &Path) -> io::Result<String> {
        Err(io::Error::other(format!(
            "{path}: files are not kept in memory"
        )))
    }
}

/// A sink that passes files on and remembers the SHA-256 of each, for
/// `SHA256SUMS`; a failed write names the file.
struct Recorded<'a> {
    sink: &'a dyn Sink,
    files: Mutex<BTreeMap<String, String>>,
}

impl Recorded<'_> {
    fn record(&self, path: &str, sha: &str) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_string(), sha.to_string());
        }
    }
}

/// An error that says which file could not be written.
fn naming(path: &str) -> impl Fn(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("cannot write {path}: {e}"))
}

impl Sink for Recorded<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let sha = sha256_bytes(bytes);
        self.sink
            .put_hashed(path, bytes, &sha)
            .map_err(naming(path))?;
        self.record(path, &sha);
        Ok(())
    }

    /// Trusts `sha256`: given only where the bytes were just hashed (a
    /// source document checked against its loaded digest).
    fn put_hashed(&self, path: &str, bytes: &[u8], sha256: &str) -> io::Result<()> {
        self.sink
            .put_hashed(path, bytes, sha256)
            .map_err(naming(path))?;
        self.record(path, sha256);
        Ok(())
    }

    fn put_file(&self, path: &str, source: &Path) -> io::Result<String> {
        let sha = self.sink.put_file(path, source)?;
        self.record(path, &sha);
        Ok(sha)
    }

    fn put_stream(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<String> {
        let sha = self.sink.put_stream(path, write).map_err(naming(path))?;
        self.record(path, &sha);
        Ok(sha)
    }
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
    let pages = Pages::new(site, index, report, theme, options);
    let out = Recorded {
        sink,
        files: Mutex::new(BTreeMap::new()),
    };
    let put = |path: &str, bytes: &[u8]| out.put(path, bytes).map_err(|e| e.to_string());

    let keys = pages.keys();
    let copies: Vec<_> = site
        .evidence
        .files
        .values()
        .filter(|f| f.real.is_some())
        .collect();
    // The audit index states how many files SHA256SUMS lists, known once the
    // other files (the search index may be split) are built; it renders then,
    // while the pages and evidence copies are still being written.
    let others_then_audit = || -> Result<usize, String> {
        let others = pages.write_other_files(&out).map_err(|e| e.to_string())?;
        let sources = sources::write(site, &out)?;
        let count = keys.len() + others + copies.len() + sources;
        let audit = pages.render(&PageKey::Audit, count)?;
        put(&pages.path(&PageKey::Audit), &audit)?;
        Ok(count)
    };
    let every_page = || {
        // Small pieces: a page costs from 20 µs to 0.4 s, and rayon's
        // default split left one thread finishing a run of 5,000 pages alone
        // for the last second of a 10,000-review build.
        keys.par_iter()
            .with_max_len(16)
            .filter(|k| **k != PageKey::Audit)
            .try_for_each(|key| -> Result<(), String> {
                pages.render_with(key, 0, |html| put(&pages.path(key), html))
            })
    };
    let copy_evidence = || {
        copies
            .par_iter()
            .with_max_len(64)
            .try_for_each(|f| -> Result<(), String> {
                let Some(real) = &f.real else { return Ok(()) };
                out.put_file(&format!("files/{}", f.rel), real)
                    .map(|_| ())
                    .map_err(|e| format!("cannot copy {}: {e}", f.rel))
            })
    };
    let (told, (pages_done, copied)) =
        rayon::join(others_then_audit, || rayon::join(every_page, copy_evidence));
    let told = told?;
    pages_done.and(copied)?;
    // Two outputs at one path would make the count told too high: say the
    // number SHA256SUMS really lists.
    let listed = out.files.lock().map(|w| w.len()).unwrap_or(told);
    if listed != told {
        let audit = pages.render(&PageKey::Audit, listed)?;
        put(&pages.path(&PageKey::Audit), &audit)?;
    }

    let files = out
        .files
        .into_inner()
        .map_err(|_| "internal error: render state poisoned".to_string())?;
    let (sums, ()) = rayon::join(
        || crate::coreutils_names::write_list(&files),
        || pages.release(),
    );
    sink.put("SHA256SUMS", sums.as_bytes())
        .map_err(|e| format!("cannot write SHA256SUMS: {e}"))?;
    Ok(Rendered { files })
}
