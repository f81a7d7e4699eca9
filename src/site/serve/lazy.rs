//! The site `serve` answers from: pages rendered when first asked for and
//! kept until the next rebuild. A rebuild only re-reads the edited files and
//! re-runs the checks; no page is rendered until a browser asks for it, so
//! the edit-to-reload time does not grow with the number of pages.

use super::Stored;
use crate::check::checked::Checked;
use crate::render::{PageKey, Pages, RenderOptions, theme::Theme};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A site that can answer for a path, built or rendered on demand, so the
/// server does not care which.
pub trait Served: Send + Sync {
    /// The file at a site path, if there is one.
    fn get(&self, path: &str) -> Option<Stored>;
    /// Whether there is a file at a site path.
    fn contains(&self, path: &str) -> bool;
    /// How many files the site has.
    fn len(&self) -> usize;
    /// Whether it has none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Served for HashMap<String, Stored> {
    fn get(&self, path: &str) -> Option<Stored> {
        HashMap::get(self, path).cloned()
    }
    fn contains(&self, path: &str) -> bool {
        self.contains_key(path)
    }
    fn len(&self) -> usize {
        HashMap::len(self)
    }
}

/// A checked site whose pages are rendered on demand.
pub(crate) struct LazySite {
    checked: Checked,
    theme: Arc<Theme>,
    pages: HashMap<String, PageKey>,
    evidence: HashMap<String, Arc<super::guard::Verified>>,
    rendered: Mutex<HashMap<String, Stored>>,
    others: OnceLock<HashMap<String, Arc<[u8]>>>,
}

impl LazySite {
    /// Prepares the page table of a checked site and renders the 404 page at
    /// once, so a theme whose base layout is broken fails the build, not a request.
    pub(crate) fn new(checked: Checked, theme: Arc<Theme>) -> Result<LazySite, String> {
        let (pages, evidence) = {
            let p = Pages::new(
                &checked.site,
                &checked.index,
                &checked.report,
                &theme,
                options(),
            );
            let pages = p.keys().into_iter().map(|k| (p.path(&k), k)).collect();
            let evidence = checked
                .site
                .evidence
                .files
                .values()
                .filter_map(|f| {
                    let real = f.real.clone()?;
                    let sha = f.sha256.clone()?;
                    let verified = super::guard::Verified::new(real, sha, f.size);
                    Some((format!("files/{}", f.rel), Arc::new(verified)))
                })
                .collect();
            (pages, evidence)
        };
        let site = LazySite {
            checked,
            theme,
            pages,
            evidence,
            rendered: Mutex::new(HashMap::new()),
            others: OnceLock::new(),
        };
        site.render("404.html").transpose()?;
        Ok(site)
    }

    fn pages(&self) -> Pages<'_> {
        Pages::new(
            &self.checked.site,
            &self.checked.index,
            &self.checked.report,
            &self.theme,
            options(),
        )
    }

    fn others(&self) -> &HashMap<String, Arc<[u8]>> {
        self.others.get_or_init(|| {
            self.pages()
                .other_files()
                .into_iter()
                .map(|(p, b)| (p, Arc::from(b)))
                .collect()
        })
    }

    /// Renders (and keeps) the page at `path`; None when it is not a page.
    fn render(&self, path: &str) -> Option<Result<Stored, String>> {
        if let Some(s) = self.rendered.lock().ok()?.get(path) {
            return Some(Ok(s.clone()));
        }
        let key = self.pages.get(path)?;
        // Only the audit page shows how many files there are; the search
        // index and exports are built for it (or when asked for), not before.
        let count = if *key == PageKey::Audit {
            self.pages.len() + self.evidence.len() + self.others().len() + 1
        } else {
            0
        };
        let result = self.pages().render(key, count).map(|html| {
            let stored = Stored::Bytes(Arc::from(html));
            if let Ok(mut r) = self.rendered.lock() {
                r.insert(path.to_string(), stored.clone());
            }
            stored
        });
        Some(result)
    }

    /// `SHA256SUMS`, made from every file (rare in serve; done in full).
    fn sums(&self) -> Stored {
        let mut files = std::collections::BTreeMap::new();
        let paths: Vec<String> = self.pages.keys().cloned().collect();
        for p in paths {
            if let Some(Ok(Stored::Bytes(b))) = self.render(&p) {
                files.insert(p, crate::fsx::hash::sha256_bytes(&b));
            }
        }
        for (p, b) in self.others() {
            files.insert(p.clone(), crate::fsx::hash::sha256_bytes(b));
        }
        for f in self.checked.site.evidence.files.values() {
            if let (Some(_), Some(sha)) = (&f.real, &f.sha256) {
                files.insert(format!("files/{}", f.rel), sha.clone());
            }
        }
        Stored::Bytes(Arc::from(
            crate::site::sums::sha256sums(&files).into_bytes(),
        ))
    }
}

fn options() -> RenderOptions {
    RenderOptions { live_reload: true }
}

impl Served for LazySite {
    fn get(&self, path: &str) -> Option<Stored> {
        if let Some(page) = self.render(path) {
            return Some(page.unwrap_or_else(|e| {
                Stored::Bytes(Arc::from(
                    format!(
                        "<!doctype html><title>template error</title><pre>{}</pre>",
                        escape(&e)
                    )
                    .into_bytes(),
                ))
            }));
        }
        if path == "SHA256SUMS" {
            return Some(self.sums());
        }
        if let Some(verified) = self.evidence.get(path) {
            return Some(Stored::File(verified.clone()));
        }
        self.others().get(path).map(|b| Stored::Bytes(b.clone()))
    }

    fn contains(&self, path: &str) -> bool {
        self.pages.contains_key(path)
            || self.evidence.contains_key(path)
            || path == "SHA256SUMS"
            || self.others().contains_key(path)
    }

    fn len(&self) -> usize {
        self.pages.len() + self.evidence.len() + self.others.get().map_or(0, HashMap::len) + 1
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
