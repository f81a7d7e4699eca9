//! What verification found, by the auditor's categories (mismatched,
//! missing, extra, unsafe, malformed, inconsistent, refused), and the
//! report printed from it. Separate because the folder and the zip checks
//! fill the same report, and its wording is what an auditor reads and
//! scripts grep.

use crate::diag::escape::printable;

/// What verification found, so the CLI can print it and choose its exit
/// code, and tests can assert on each category.
///
/// Paths are site-relative as `SHA256SUMS` lists them (`reviews/x/index.html`);
/// an unsafe zip entry or an extra entry outside the bundle's top folder is
/// named as the zip names it. Every list is sorted and free of repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// Paths listed in `SHA256SUMS` (each counted once).
    pub checked: usize,
    /// Listed files whose bytes match their digest.
    pub ok: usize,
    /// Listed files whose bytes differ from their digest.
    pub mismatched: Vec<String>,
    /// Listed files that are not there.
    pub missing: Vec<String>,
    /// Files present but not listed (`SHA256SUMS` itself excepted).
    pub extra: Vec<String>,
    /// Absolute or `..` paths, duplicate zip entries, symlinks and special files.
    pub unsafe_entries: Vec<String>,
    /// `SHA256SUMS line N: problem` for every line that could not be used.
    pub malformed: Vec<String>,
    /// Whether a `SHA256SUMS` was found at all (without it nothing is verified).
    pub sums_found: bool,
    /// Digests recorded elsewhere in the site (`data/site.json`: evidence
    /// files and the minutes under `sources/`) that the files do not bear
    /// out, or why they could not be compared: a `SHA256SUMS` edited to
    /// match a tampered file still disagrees with them.
    pub inconsistent: Vec<String>,
    /// Why a zip was refused before any entry was trusted (overlapping
    /// entries, a local header naming another file): nothing else is
    /// checked then.
    pub refused: Option<String>,
    /// SHA-256 of the zip file itself, to compare with the digest the
    /// auditor received over a separate channel (None for a folder).
    pub bundle_sha256: Option<String>,
}

impl VerifyReport {
    /// True only when the sums file was found and read cleanly and every file
    /// matched with nothing missing, extra or unsafe: the one answer an
    /// auditor needs, and the CLI's exit code.
    pub fn is_ok(&self) -> bool {
        self.sums_found
            && self.refused.is_none()
            && self.inconsistent.is_empty()
            && self.mismatched.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && self.unsafe_entries.is_empty()
            && self.malformed.is_empty()
    }

    /// Human-readable report: one line per problem (`MISMATCH path`,
    /// `MISSING path`, `EXTRA path`, `UNSAFE name`, `MALFORMED …`), then a
    /// summary line, so the output can be read by a person and grepped by a
    /// script. Control characters in names are escaped so a hostile name
    /// cannot forge lines.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(hex) = &self.bundle_sha256 {
            out.push_str(&format!("SHA-256 of the bundle: {hex}\n"));
        }
        if let Some(why) = &self.refused {
            out.push_str("REFUSED not a faithful bundle: ");
            out.push_str(&printable(why));
            out.push_str("\nverified nothing: the zip was refused before any entry was read\n");
            return out;
        }
        if !self.sums_found {
            out.push_str(
                "NO SHA256SUMS found (looked at the root and in a single top folder): nothing can be verified\n",
            );
        }
        let groups: [(&str, &Vec<String>); 6] = [
            ("MALFORMED", &self.malformed),
            ("UNSAFE", &self.unsafe_entries),
            ("MISMATCH", &self.mismatched),
            ("MISSING", &self.missing),
            ("EXTRA", &self.extra),
            ("INCONSISTENT", &self.inconsistent),
        ];
        for (label, items) in groups {
            for item in items {
                out.push_str(label);
                out.push(' ');
                out.push_str(&printable(item));
                out.push('\n');
            }
        }
        let files = if self.checked == 1 { "file" } else { "files" };
        out.push_str(&format!(
            "verified {} {files}: {} ok, {} mismatched, {} missing, {} extra",
            self.checked,
            self.ok,
            self.mismatched.len(),
            self.missing.len(),
            self.extra.len()
        ));
        if !self.unsafe_entries.is_empty() {
            out.push_str(&format!(", {} unsafe", self.unsafe_entries.len()));
        }
        if !self.malformed.is_empty() {
            let lines = if self.malformed.len() == 1 {
                "line"
            } else {
                "lines"
            };
            out.push_str(&format!(", {} malformed {lines}", self.malformed.len()));
        }
        if !self.inconsistent.is_empty() {
            out.push_str(&format!(", {} inconsistent", self.inconsistent.len()));
        }
        out.push('\n');
        out
    }

    /// Sorts and de-duplicates every list, so reports compare equal and
    /// print in a stable order.
    pub(super) fn tidy(&mut self) {
        for list in [
            &mut self.mismatched,
            &mut self.missing,
            &mut self.extra,
            &mut self.unsafe_entries,
            &mut self.inconsistent,
        ] {
            list.sort();
            list.dedup();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_lists_problems_then_summary() {
        let report = VerifyReport {
            checked: 4,
            ok: 1,
            mismatched: vec!["reviews/x/index.html".into()],
            missing: vec!["a.css".into()],
            extra: vec!["new\nline".into()],
            unsafe_entries: vec!["../evil".into()],
            malformed: vec![],
            sums_found: true,
            ..VerifyReport::default()
        };
        assert!(!report.is_ok());
        assert_eq!(
            report.render(),
            "UNSAFE ../evil\nMISMATCH reviews/x/index.html\nMISSING a.css\nEXTRA new\\nline\n\
             verified 4 files: 1 ok, 1 mismatched, 1 missing, 1 extra, 1 unsafe\n"
        );
        let clean = VerifyReport {
            checked: 2,
            ok: 2,
            sums_found: true,
            ..VerifyReport::default()
        };
        assert!(clean.is_ok());
        assert_eq!(
            clean.render(),
            "verified 2 files: 2 ok, 0 mismatched, 0 missing, 0 extra\n"
        );
        assert!(!VerifyReport::default().is_ok());
    }
}
