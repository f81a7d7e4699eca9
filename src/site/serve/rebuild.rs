//! A build for `serve`: the site loaded (incrementally), checked and
//! prepared to be rendered on demand, or the [`Failure`] that stopped it and
//! the page served in its place. Separate from the server so that a build
//! can be run and tested without binding a port.

use super::{Stored, lazy, lazy::Served};
use crate::date::Date;
use crate::diag::findings::Report;
use crate::diag::output::{self, Format};
use crate::model::evidence::HashOptions;
use crate::render::theme;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How a served build is judged, as `build` would judge it.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildOptions {
    /// The as-of date; `None`: `SOURCE_DATE_EPOCH` or today, at each build.
    pub as_of: Option<Date>,
    /// `--deny-warnings`: kept for the terminal's summary; warnings, like
    /// errors, never stop the site from being served.
    pub deny_warnings: bool,
}

/// A good build, ready to serve; it replaces the previous one only whole.
pub struct Built {
    /// The site's files by path (pages rendered when first asked for).
    pub files: Arc<dyn Served>,
    /// Its findings: shown on its pages; none of them stops a build.
    pub report: Report,
    /// The as-of date it was built at.
    pub as_of: Date,
    /// How long it took.
    pub took: Duration,
}

/// A failed build: what to tell the author.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// Findings that stopped the build (MB001–MB006, MB041), or 1 for a
    /// template error.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// The findings as `check` prints them, or the template error.
    pub text: String,
}

impl Failure {
    /// The data of the `findings` event: `{"errors", "warnings", "text"}`.
    pub(crate) fn event_json(&self) -> String {
        serde_json::json!({"errors": self.errors, "warnings": self.warnings, "text": self.text})
            .to_string()
    }
}

/// Builds the site at `root` into memory: the one rebuild function of serve.
pub fn rebuild(root: &Path, options: &BuildOptions) -> Result<Built, Failure> {
    Rebuilder::default().rebuild(root, options)
}

/// Rebuilds a site again and again, re-reading only the documents whose
/// files changed since the last build.
#[derive(Default)]
pub struct Rebuilder {
    documents: crate::load::DocumentCache,
    /// The compiled theme and the theme name it was loaded for, kept until
    /// the configuration or a theme file changes.
    theme: Option<(Option<String>, Arc<theme::Theme>)>,
}

impl Rebuilder {
    /// Notes what changed since the last build: the evidence inventory is
    /// kept only while nothing it depends on changed.
    pub fn changed(&mut self, root: &Path, paths: &[PathBuf]) {
        let evidence = |p: &PathBuf| {
            let rel = p
                .strip_prefix(root)
                .map(crate::fsx::walk::rel_string)
                .unwrap_or_default();
            rel.is_empty()
                || rel == "evidence.lock"
                || rel == "content/signoffs.yaml"
                || rel == "content"
                || rel.starts_with("content/evidence")
                || !rel.starts_with("content/")
        };
        if paths.is_empty() || paths.iter().any(evidence) {
            self.documents.evidence_changed();
        }
        let theme = |p: &PathBuf| {
            let rel = p
                .strip_prefix(root)
                .map(crate::fsx::walk::rel_string)
                .unwrap_or_default();
            rel.is_empty() || rel == "minutebook.yaml" || rel.starts_with("themes")
        };
        if paths.is_empty() || paths.iter().any(theme) {
            self.theme = None;
        }
    }

    /// Loads (incrementally) and checks the site, then prepares its pages to
    /// be rendered on demand, findings and all. A build stopped by
    /// MB001–MB006 or MB041, or a theme that does not render, is a [`Failure`].
    pub fn rebuild(&mut self, root: &Path, options: &BuildOptions) -> Result<Built, Failure> {
        let started = Instant::now();
        let as_of = options
            .as_of
            .map_or_else(crate::date::default_as_of, Ok)
            .map_err(|e| Failure {
                errors: 1,
                warnings: 0,
                text: e,
            })?;
        let hashing = HashOptions {
            use_cache: true,
            progress: false,
        };
        let (checked, next) =
            crate::check::checked::check_site_cached(root, as_of, hashing, &self.documents);
        self.documents = next;
        let report = checked.report.clone();
        // Findings never hide the site: the edited pages are
        // served with their findings; only what stops a build keeps the
        // last good site up.
        let stopping = report.stopping().len();
        if stopping > 0 {
            return Err(Failure {
                errors: stopping,
                warnings: report.warnings,
                text: output::render(&report, Format::Human, root, false),
            });
        }
        let template_failure = |text: String| Failure {
            errors: report.errors.max(1),
            warnings: report.warnings,
            text,
        };
        let name = checked.site.config.theme.clone();
        let theme = match &self.theme {
            Some((n, t)) if *n == name => t.clone(),
            _ => {
                let t = Arc::new(theme::load(root, name.as_deref()).map_err(template_failure)?);
                self.theme = Some((name, t.clone()));
                t
            }
        };
        let site = lazy::LazySite::new(checked, theme).map_err(template_failure)?;
        Ok(Built {
            files: Arc::new(site),
            report,
            as_of,
            took: started.elapsed(),
        })
    }
}

/// What is served while no build has succeeded yet: a page with the
/// findings that reloads itself once the site builds.
pub fn failure_site(failure: &Failure) -> HashMap<String, Stored> {
    let escaped = failure
        .text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>minutebook: the site does not build</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;}}pre{{white-space:pre-wrap;background:#f6f6f6;padding:1rem;}}</style>\
         </head><body><h1>The site does not build yet</h1>\
         <p>{} error(s), {} warning(s). Fix them and save: this page reloads by itself.</p>\
         <pre>{escaped}</pre><script src=\"/static/livereload.js\"></script></body></html>\n",
        failure.errors, failure.warnings
    );
    let page: Arc<[u8]> = Arc::from(page.into_bytes());
    let mut files = HashMap::new();
    files.insert("index.html".to_string(), Stored::Bytes(page.clone()));
    files.insert("404.html".to_string(), Stored::Bytes(page));
    if let Some((_, bytes)) = theme::THEME_FILES
        .iter()
        .find(|(p, _)| *p == "static/livereload.js")
    {
        files.insert(
            "static/livereload.js".to_string(),
            Stored::Bytes(Arc::from(*bytes)),
        );
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_json_has_counts_and_text() {
        let f = Failure {
            errors: 2,
            warnings: 1,
            text: "error[MB002]: \"x\"\n".into(),
        };
        let v: serde_json::Value = serde_json::from_str(&f.event_json()).unwrap();
        assert_eq!(v["errors"], 2);
        assert_eq!(v["warnings"], 1);
        assert_eq!(v["text"], "error[MB002]: \"x\"\n");
        let site = failure_site(&f);
        assert!(site.contains_key("static/livereload.js"));
    }
}
