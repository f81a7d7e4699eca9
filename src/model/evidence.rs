//! The evidence of a site as the stages share it: the files found and hashed,
//! `evidence.lock`, the sign-off sheet, and why a written path cannot be used.
//!
//! Only the types live here. Reading them from disk is `load::evidence`,
//! hashing is `fsx::hash`, writing the lock and appending approvals is
//! `authoring`, and what they mean together (locked, signed off, eligible)
//! is derived once in `derive`.

use crate::coreutils_names::push_line;
use crate::date::Date;
use crate::diag::findings::{Code, Finding, Span};
use crate::model::Spanned;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How evidence is hashed in this run: the cache speeds up an author's
/// rebuilds, and is left out where digests must be fresh.
#[derive(Clone, Copy, Debug, Default)]
pub struct HashOptions {
    /// Use and update the hash cache under `.minutebook/` (off for `--no-cache`, verify, bundle).
    pub use_cache: bool,
    /// Show a progress bar on a terminal for long hashing.
    pub progress: bool,
}

/// One evidence file with its digest, so the site can prove which bytes
/// a decision relied on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceFile {
    /// Path relative to `content/` (`evidence/2025/x.pdf`).
    pub rel: String,
    /// The real file to read or copy (None when it may not be read).
    pub real: Option<PathBuf>,
    /// Size in bytes.
    pub size: u64,
    /// Lowercase hex SHA-256, when it could be hashed.
    pub sha256: Option<String>,
    /// Why it could not be used, when it could not.
    pub problem: Option<PathProblem>,
}

/// Everything about evidence that checks and pages need.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    /// Files by path relative to `content/`.
    pub files: BTreeMap<String, EvidenceFile>,
    /// Parts of `content/evidence/` that could not be read.
    pub unreadable: Vec<(String, String)>,
    /// Files and folders under `content/evidence/` whose name is not valid
    /// UTF-8 (shown lossily, relative to `content/`; true for a folder):
    /// they cannot be referenced, locked or published (MB040).
    pub not_utf8: Vec<(String, bool)>,
    /// Files and folders whose name holds a backslash (true for a folder):
    /// unusable as evidence, reported (MB040), as the evidence scan in `load` finds them.
    pub backslashed: Vec<(String, bool)>,
    /// `evidence.lock` as read (empty when absent).
    pub lock: EvidenceLock,
    /// The lock's text, to find entry lines (None when absent).
    pub lock_text: Option<String>,
    /// Malformed lock lines.
    pub lock_errors: Vec<LockLineError>,
    /// Why the lock could not be read at all.
    pub lock_unreadable: Option<String>,
    /// The sign-off sheet.
    pub signoffs: SignoffSheet,
    /// `content/` is a symbolic link leading outside the site root: nothing
    /// under it was scanned, hashed or may be published (MB041).
    pub content_escapes: bool,
}

impl Inventory {
    /// The 1-based line of a lock entry, for findings.
    pub(crate) fn lock_line(&self, key: &str) -> Option<u32> {
        let text = self.lock_text.as_deref()?;
        text.lines()
            .position(|l| l.trim_end_matches('\r').ends_with(key) && l.len() > key.len())
            .map(|i| i as u32 + 1)
    }

    /// A file by its path relative to `content/`.
    pub(crate) fn file(&self, rel: &str) -> Option<&EvidenceFile> {
        self.files.get(rel)
    }
}

/// The lock's file name, at the site root.
pub const LOCK_FILE: &str = "evidence.lock";

/// Every path in the lock starts with this.
pub(crate) const PATH_PREFIX: &str = "content/evidence/";

/// The parsed lock: path as written in the file -> lowercase hex SHA-256,
/// sorted in byte order as the file is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvidenceLock {
    /// `content/evidence/2025/x.pdf` -> 64 lowercase hex digits.
    pub entries: BTreeMap<String, String>,
}

/// A line of the lock that could not be read, for an MB004 finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockLineError {
    /// 1-based line number.
    pub line: u32,
    /// What is wrong with it.
    pub message: String,
}

/// The lock key of an evidence path relative to `content/`
/// (`evidence/2025/x.pdf` -> `content/evidence/2025/x.pdf`), so callers
/// that speak content-relative paths can look entries up.
pub(crate) fn lock_key(rel_to_content: &str) -> String {
    format!("content/{rel_to_content}")
}

impl EvidenceLock {
    /// The lock file's text: one `sha256sum` line per file, sorted by path,
    /// LF line ends and a final newline, so it is deterministic and
    /// `sha256sum -c` reads it.
    pub(crate) fn to_text(&self) -> String {
        let mut out = String::with_capacity(self.entries.len() * 100);
        for (path, hex) in &self.entries {
            push_line(&mut out, path, hex);
        }
        out
    }
}

/// The sheet's path relative to the site root.
pub(crate) const SIGNOFF_FILE: &str = "content/signoffs.yaml";

/// One approval of a document from the sign-off sheet, recorded with the
/// digest approved so a later edit cannot pass as approved.
#[derive(Clone, Debug, PartialEq)]
pub struct Signoff {
    /// The document, relative to `content/` (`reviews/2025-q1.md`), as written.
    pub document: Spanned<String>,
    /// The person id of the signer, as written.
    pub person: Spanned<String>,
    /// The day of approval; None when invalid (already reported as MB004).
    pub date: Option<Date>,
    /// Lowercase hex SHA-256 of the approved bytes.
    pub sha256: Spanned<String>,
    /// Where the entry starts.
    pub span: Span,
}

/// The sheet as read from disk: its text (to quote lines in findings), its
/// entries and the findings about it.
#[derive(Clone, Debug, Default)]
pub struct SignoffSheet {
    /// The file's text, None when the site has no sheet yet.
    pub text: Option<String>,
    /// The usable entries, in written order.
    pub signoffs: Vec<Signoff>,
    /// Problems found while reading.
    pub findings: Vec<Finding>,
}

/// Why an evidence path cannot be used, each mapped to its check code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathProblem {
    /// Nothing written (MB004).
    Empty,
    /// `/x`, `C:\x`, `\\server\x` (MB041).
    Absolute,
    /// A `..` part (MB041).
    ParentDir,
    /// A symbolic link leads outside `content/` (MB041).
    Escapes,
    /// No such file (MB040).
    Missing,
    /// A directory, FIFO, socket or device (MB040).
    NotAFile,
    /// The file exists but could not be examined (MB040), with the reason.
    Unreadable(String),
    /// A web address (`https://…`) written as a path (MB040): evidence that
    /// lives elsewhere is written with `url:`.
    Url,
}

impl PathProblem {
    /// The check code the format gives this problem.
    pub(crate) fn code(&self) -> Code {
        match self {
            PathProblem::Empty => Code::MB004,
            PathProblem::Absolute | PathProblem::ParentDir | PathProblem::Escapes => Code::MB041,
            PathProblem::Missing
            | PathProblem::NotAFile
            | PathProblem::Unreadable(_)
            | PathProblem::Url => Code::MB040,
        }
    }

    /// A finding message naming the path as written.
    pub(crate) fn message(&self, written: &str) -> String {
        match self {
            PathProblem::Empty => "evidence path is empty".to_string(),
            PathProblem::Absolute => format!(
                "evidence path `{written}` is absolute; write it relative to content/ (evidence/...)"
            ),
            PathProblem::ParentDir => {
                format!("evidence path `{written}` uses `..` and could leave content/")
            }
            PathProblem::Escapes => {
                format!("evidence path `{written}` is a symbolic link leading outside content/")
            }
            PathProblem::Missing => format!("evidence file `{written}` not found"),
            PathProblem::NotAFile => {
                format!("evidence path `{written}` is not a regular file")
            }
            PathProblem::Unreadable(why) => {
                format!("evidence file `{written}` cannot be read: {why}")
            }
            PathProblem::Url => format!(
                "evidence path `{written}` is a web address, not a file under content/: \
                 evidence that lives elsewhere is written `{{url: {written}, title: …}}`, not `path:`"
            ),
        }
    }
}
