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
//!
//! notify's PollWatcher compares modification times in whole seconds, so a
//! second save within the same second would go unseen. In polling mode the
//! text inputs (configuration, people, sign-offs, minutes, catalogs, theme)
//! are therefore polled by content as well, by a second PollWatcher; the
//! evidence folder, which may hold gigabytes, is polled by time stamp only.

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long a burst of events must stay quiet before it is handed over.
/// An editor's save (a write, or a temporary file renamed over the old
/// one) is one burst well under this; every millisecond of it is waited on
/// each edit (40 ms made a 1,000-review site's edit-to-reload 158 ms
/// against the 150 ms it must stay under).
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(20);

/// How often the polling watcher looks.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Folders under the root that a build reads, watched recursively.
pub(crate) const INPUT_FOLDERS: &[&str] = &["content", "catalogs", "themes"];

/// Text inputs a polling watcher compares by content: (path, is a folder).
const TEXT_INPUTS: &[(&str, bool)] = &[
    ("minutebook.yaml", false),
    ("evidence.lock", false),
    ("content/people.yaml", false),
    ("content/signoffs.yaml", false),
    ("content/reviews", true),
    ("content/records", true),
    ("catalogs", true),
    ("themes", true),
];

type Poller = Debouncer<PollWatcher, NoCache>;

enum Kind {
    /// inotify, FSEvents, ReadDirectoryChangesW...
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// notify's PollWatcher: `times` over everything, `texts` by content.
    Poll { times: Poller, texts: Poller },
}

/// Which underlying watcher a path is given to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Which {
    Native,
    Times,
    Texts,
}

/// A running watcher (native or polling) and what it watches.
pub(crate) struct Watcher {
    kind: Kind,
    watched: Vec<(PathBuf, Which)>,
}

impl Watcher {
    /// Starts watching `root`, sending debounced batches to `tx`. Falls back to
    /// polling when the native watcher cannot start or cannot watch the
    /// folders (inotify limits...); the returned text says which one runs.
    pub(crate) fn start(
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
            let mut w = Watcher {
                kind: Kind::Native(d),
                watched: Vec::new(),
            };
            if w.refresh(root, &[]).is_ok() {
                return Ok((w, "native file events"));
            }
        }
        let poller = |compare_contents: bool, tx: Box<dyn FnMut(DebounceEventResult) + Send>| {
            new_debouncer_opt::<_, PollWatcher, NoCache>(
                DEBOUNCE,
                None,
                tx,
                NoCache,
                notify::Config::default()
                    .with_poll_interval(POLL_INTERVAL)
                    .with_compare_contents(compare_contents),
            )
            .map_err(|e| format!("cannot start the polling watcher: {e}"))
        };
        // The time-stamp poller leaves changes to text inputs to the content
        // poller (one rebuild per save), but still reports them appearing.
        let times_tx = {
            let tx = tx.clone();
            let root = root.to_path_buf();
            Box::new(move |res: DebounceEventResult| {
                let res = res.map(|events| {
                    events
                        .into_iter()
                        .filter(|e| {
                            !(matches!(e.event.kind, EventKind::Modify(_))
                                && e.event.paths.iter().all(|p| is_text_input(&root, p)))
                        })
                        .collect::<Vec<_>>()
                });
                if res.as_ref().is_ok_and(Vec::is_empty) {
                    return;
                }
                let _ = tx.send(res);
            }) as Box<dyn FnMut(DebounceEventResult) + Send>
        };
        let texts_tx = {
            let tx = tx.clone();
            Box::new(move |res: DebounceEventResult| {
                let _ = tx.send(res);
            }) as Box<dyn FnMut(DebounceEventResult) + Send>
        };
        let mut w = Watcher {
            kind: Kind::Poll {
                times: poller(false, times_tx)?,
                texts: poller(true, texts_tx)?,
            },
            watched: Vec::new(),
        };
        w.refresh(root, &[])
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

    /// What should be watched now: (path, mode, which watcher).
    fn targets(&self, root: &Path) -> Vec<(PathBuf, RecursiveMode, Which)> {
        let mut out = vec![(
            root.to_path_buf(),
            RecursiveMode::NonRecursive,
            Which::Native,
        )];
        match self.kind {
            Kind::Native(_) => {
                for f in INPUT_FOLDERS {
                    out.push((root.join(f), RecursiveMode::Recursive, Which::Native));
                }
            }
            Kind::Poll { .. } => {
                out[0].2 = Which::Times;
                out.push((
                    root.join("content"),
                    RecursiveMode::NonRecursive,
                    Which::Times,
                ));
                out.push((
                    root.join("content/evidence"),
                    RecursiveMode::Recursive,
                    Which::Times,
                ));
                for (p, folder) in TEXT_INPUTS {
                    let mode = if *folder {
                        RecursiveMode::Recursive
                    } else {
                        RecursiveMode::NonRecursive
                    };
                    out.push((root.join(p), mode, Which::Texts));
                }
            }
        }
        out
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode, which: Which) -> notify::Result<()> {
        match (&mut self.kind, which) {
            (Kind::Native(d), _) => d.watch(path, mode),
            (Kind::Poll { texts, .. }, Which::Texts) => texts.watch(path, mode),
            (Kind::Poll { times, .. }, _) => times.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path, which: Which) {
        let _ = match (&mut self.kind, which) {
            (Kind::Native(d), _) => d.unwatch(path),
            (Kind::Poll { texts, .. }, Which::Texts) => texts.unwatch(path),
            (Kind::Poll { times, .. }, _) => times.unwatch(path),
        };
    }

    /// Watches every input that exists and is not watched yet; a folder that
    /// changed itself (deleted and created again) is watched afresh. Called
    /// at start and after each batch of changes, so that inputs created
    /// later (`catalogs/`, `content/people.yaml`) are watched too.
    pub(crate) fn refresh(&mut self, root: &Path, changed: &[PathBuf]) -> notify::Result<()> {
        for (path, mode, which) in self.targets(root) {
            let exists = path.exists();
            let pos = self
                .watched
                .iter()
                .position(|(p, w)| *p == path && *w == which);
            let renewed = path.is_dir() && path != root && changed.contains(&path);
            match (exists, pos) {
                (true, None) => {
                    self.watch(&path, mode, which)?;
                    self.watched.push((path, which));
                }
                (true, Some(_)) if renewed => {
                    self.unwatch(&path, which);
                    self.watch(&path, mode, which)?;
                }
                (false, Some(i)) => {
                    self.unwatch(&path, which);
                    self.watched.remove(i);
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Whether `path` is one of the text inputs the content poller watches.
fn is_text_input(root: &Path, path: &Path) -> bool {
    TEXT_INPUTS.iter().any(|(p, folder)| {
        let t = root.join(p);
        if *folder {
            path.starts_with(&t)
        } else {
            path == t
        }
    })
}

/// The changed paths of a batch that matter to a build.
pub(crate) fn relevant_paths(root: &Path, batch: &DebounceEventResult) -> Vec<PathBuf> {
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
pub(crate) fn is_relevant(root: &Path, path: &Path) -> bool {
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
        // The root folder itself (its time stamp moves when an entry is
        // added): the entry's own event says whether it matters.
        return false;
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
            "/site",
        ] {
            assert!(!is_relevant(root, Path::new(p)), "{p}");
        }
        for p in [
            "/site/minutebook.yaml",
            "/site/evidence.lock",
            "/site/content/reviews/x.md",
            "/site/content/evidence/2025/report.zip",
            "/site/themes/mine/templates/base.html",
            "/site/content",
        ] {
            assert!(is_relevant(root, Path::new(p)), "{p}");
        }
    }
}
