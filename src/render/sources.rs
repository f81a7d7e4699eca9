//! `sources/`: the files an auditor needs to re-derive the site's proofs
//! with nothing but coreutils.
//!
//! A sign-off is the SHA-256 of a minutes file's exact bytes, and
//! `evidence.lock` the SHA-256 of each evidence file. The pages *say* that
//! these match; to check it themselves an auditor needs the very files the
//! digests are about. So the site carries, under `sources/` and laid out as
//! in the repository:
//!
//! - `sources/minutebook.yaml` and `sources/evidence.lock` (when the site
//!   has them);
//! - `sources/content/people.yaml` and `sources/content/signoffs.yaml`
//!   (who may sign, and what was signed);
//! - `sources/content/reviews/*.md` and `sources/content/records/*.md`:
//!   every review and record the site was built from, byte for byte.
//!
//! Evidence files are not copied again: they are in the site already under
//! `files/` (`files/evidence/x.pdf` for `content/evidence/x.pdf`), and a
//! bundle of gigabytes of evidence should not hold it twice; the audit page
//! gives the command that checks them against the lock there.
//!
//! Each file is read as loading reads it (inside the site, regular, bounded:
//! [`crate::fsx::read::read_in_site`]), and a document is written only when its
//! bytes still hash to the digest that was checked, so that the sources
//! beside the pages are exactly the ones the pages were made from.

use super::Sink;
use crate::fsx::hash::sha256_bytes;
use crate::model::Site;
use rayon::prelude::*;

/// The folder of the site holding the sources.
pub(crate) const SOURCES: &str = "sources";

/// Site files copied besides the documents, relative to the site root, when
/// they exist.
pub(crate) const SOURCE_FILES: &[&str] = &[
    "minutebook.yaml",
    "evidence.lock",
    "content/people.yaml",
    "content/signoffs.yaml",
];

/// Writes `sources/` (see the module docs) into `sink`; the number of files
/// written. An error names the file: one that can no longer be read as it
/// was when the site was checked, or a document whose bytes changed since.
pub(crate) fn write(site: &Site, sink: &dyn Sink) -> Result<usize, String> {
    let mut written = 0;
    for rel in SOURCE_FILES {
        if std::fs::symlink_metadata(site.root.join(rel)).is_err() {
            continue;
        }
        let bytes = crate::fsx::read::read_in_site(&site.root, rel)
            .map_err(|e| format!("cannot copy {rel} into {SOURCES}/: {e}"))?;
        sink.put(&format!("{SOURCES}/{rel}"), &bytes)
            .map_err(|e| e.to_string())?;
        written += 1;
    }
    site.documents
        .par_iter()
        .with_max_len(16)
        .try_for_each(|d| -> Result<(), String> {
            let bytes = crate::fsx::read::read_in_site(&site.root, &d.path)
                .map_err(|e| format!("cannot copy {} into {SOURCES}/: {e}", d.path))?;
            if sha256_bytes(&bytes) != d.sha256 {
                return Err(format!(
                    "{} changed while the site was being built; build again",
                    d.path
                ));
            }
            // Hashed once: the digest just compared is the file's.
            sink.put_hashed(&format!("{SOURCES}/{}", d.path), &bytes, &d.sha256)
                .map_err(|e| e.to_string())
        })?;
    Ok(written + site.documents.len())
}

/// The command, run in the site's top folder, that checks every evidence
/// file of the site against `sources/evidence.lock`: the lock names
/// `content/evidence/x`, the site holds the file as `files/evidence/x`, so
/// the names are rewritten on the way to `sha256sum -c` (nothing is stored
/// twice). None when the site has no evidence to lock.
pub(crate) fn lock_check(site: &Site) -> Option<String> {
    let any = !site.evidence.lock.entries.is_empty()
        || site.evidence.files.values().any(|f| f.sha256.is_some());
    any.then(|| {
        format!(
            "sed 's#  content/evidence/#  files/evidence/#' {SOURCES}/evidence.lock | sha256sum -c -"
        )
    })
}

/// The command, run in the site's top folder, that re-hashes every signed
/// review and record under `sources/` against the digest its sign-off in
/// `signoffs.yaml` recorded: a `sha256sum -c` of a here-document, one line
/// per document. For each document the digest is that of an eligible
/// sign-off that matches its bytes (the approval that counts), else of its
/// latest eligible sign-off, so the command fails exactly where the site
/// reports MB050. None when nothing is signed.
pub(crate) fn signoff_check(site: &Site, index: &crate::derive::Index) -> Option<String> {
    let sheet = &site.evidence.signoffs.signoffs;
    let mut lines = std::collections::BTreeMap::new();
    for (d, state) in site.documents.iter().zip(&index.signoffs.documents) {
        // The sign-off state derived once: the approval that counts and
        // matches, else the latest that counts.
        let chosen = state
            .counting()
            .find(|a| a.matches)
            .or_else(|| state.counting().last());
        if let Some(a) = chosen {
            lines.insert(
                format!("{SOURCES}/{}", d.path),
                sheet[a.entry].sha256.value.to_ascii_lowercase(),
            );
        }
    }
    if lines.is_empty() {
        return None;
    }
    Some(format!(
        "sha256sum -c <<'EOF'\n{}EOF",
        crate::coreutils_names::write_list(&lines)
    ))
}
