//! Watching a site for changes: notify's native watcher (or its polling
//! watcher with `--poll`, or when the native one cannot start) behind
//! notify-debouncer-full, so that an editor's save — often a burst of
//! create, write and rename events — becomes one rebuild.
//!
//! Only the inputs of a build are watched: the site root itself (not
//! recursively: `minutebook.yaml`, `evidence.lock`) and, recursively,
//! `content/`, `catalogs/` and `themes/`. That is the whole site root minus
//! `public/`, `target/` and the like, without asking the kernel to watch
//! thousands of output folders. Events on outputs, caches, VCS data and
//! editor temp files are dropped ([`is_relevant`]).

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long a burst of events must stay quiet before it is handed over.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// How often the polling watcher looks.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Folders under the root that a build reads, watched recursively.
pub const INPUT_FOLDERS: &[&str] = &["content", "catalogs", "themes"];

/// A running watcher (native or polling).
pub enum Watcher {
    /// inotify, FSEvents, ReadDirectoryChangesW...
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// notify's PollWatcher.
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    /// Starts watching `root`, sending debounced batches to `tx`. Falls back to
    /// polling when the native watcher cannot start or cannot watch the
    /// folders (inotify limits...); the returned text says which one runs.
    pub fn start(
        root: &Path,
        poll: bool,
        tx: Sender<DebounceEventResult>,
    ) -> Result<(Watcher, &'static str), String> {
        if !poll
            && let Ok(d) = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                DEBOUNCE,
                None,
                tx.clone(),
                RecommendedCache::new(),
                notify::Config::default(),
            )
        {
            let mut w = Watcher::Native(d);
            if w.watch_inputs(root).is_ok() {
                return Ok((w, "native file events"));
            }
        }
        let mut w = Self::poll(tx)?;
        w.watch_inputs(root)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        Ok((
            w,
            if poll {
                "polling"
            } else {
                "polling (native file events are not available)"
            },
        ))
    }

    fn poll(tx: Sender<DebounceEventResult>) -> Result<Watcher, String> {
        new_debouncer_opt::<_, PollWatcher, NoCache>(
            DEBOUNCE,
            None,
            tx,
            NoCache,
            notify::Config::default().with_poll_interval(POLL_INTERVAL),
        )
        .map(Watcher::Poll)
        .map_err(|e| format!("cannot start the polling watcher: {e}"))
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) {
        let _ = match self {
            Watcher::Native(d) => d.unwatch(path),
            Watcher::Poll(d) => d.unwatch(path),
        };
    }

    /// Watches the root and every input folder that exists; called again
    /// after changes so that a folder created later (`catalogs/`) is watched too.
    pub fn watch_inputs(&mut self, root: &Path) -> notify::Result<()> {
        self.watch(root, RecursiveMode::NonRecursive)?;
        for f in INPUT_FOLDERS {
            let p = root.join(f);
            if p.is_dir() {
                // Re-watching replaces the watch, which also picks up a folder
                // that was deleted and created again.
                self.unwatch(&p);
                self.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }
}

/// Whether a change is to an input folder itself (created, removed, renamed),
/// so the watches must be set again.
pub fn touches_input_folder(root: &Path, paths: &[PathBuf]) -> bool {
    paths
        .iter()
        .any(|p| INPUT_FOLDERS.iter().any(|f| p == &root.join(f)) || p == root)
}

/// The changed paths of a batch that matter to a build.
pub fn relevant_paths(root: &Path, batch: &DebounceEventResult) -> Vec<PathBuf> {
    let Ok(events) = batch else {
        // Watcher errors (a folder vanished...): rebuild to be safe.
        return vec![root.to_path_buf()];
    };
    let mut out: Vec<PathBuf> = Vec::new();
    for e in events {
        if matches!(e.event.kind, EventKind::Access(_)) {
            continue;
        }
        for p in &e.event.paths {
            if is_relevant(root, p) && !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    out
}

/// Whether a change at `path` can change the built site: not the output,
/// caches, version control, build folders, hidden files or editor temp files.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        // Paths reported outside the root (through a symlinked root): keep.
        return true;
    };
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(first) = parts.first() else {
        return true;
    };
    if matches!(first.as_str(), "public" | "target" | "node_modules") {
        return false;
    }
    // Root-level zip files are bundles written by `minutebook bundle`.
    if parts.len() == 1 && first.to_ascii_lowercase().ends_with(".zip") {
        return false;
    }
    // Hidden names anywhere: .git, .minutebook, .public.building-*, .DS_Store,
    // vim's .x.md.swp, emacs' .#x.md lock files.
    if parts.iter().any(|p| p.starts_with('.')) {
        return false;
    }
    let name = parts.last().map(String::as_str).unwrap_or_default();
    !is_editor_temp(name)
}

/// Temporary and backup files editors write beside the real one.
fn is_editor_temp(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == "Thumbs.db"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".temp",
            ".crswap",
            ".kate-swp",
            ".part",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_caches_and_temp_files_are_ignored() {
        let root = Path::new("/site");
        for p in [
            "/site/public/index.html",
            "/site/.minutebook/hash-cache.tsv",
            "/site/.git/index",
            "/site/target/debug/x",
            "/site/.public.building-12/a",
            "/site/content/reviews/.x.md.swp",
            "/site/content/reviews/.#x.md",
            "/site/content/reviews/x.md~",
            "/site/content/reviews/#x.md#",
            "/site/content/reviews/4913",
            "/site/acme-isms-evidence-2025-12-31.zip",
        ] {
            assert!(!is_relevant(root, Path::new(p)), "{p}");
        }
        for p in [
            "/site/minutebook.yaml",
            "/site/evidence.lock",
            "/site/content/reviews/x.md",
            "/site/content/evidence/2025/report.zip",
            "/site/themes/mine/templates/base.html",
            "/site",
        ] {
            assert!(is_relevant(root, Path::new(p)), "{p}");
        }
    }
}
