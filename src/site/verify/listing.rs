//! The `SHA256SUMS` listing: read line by line within fixed limits, each
//! usable line filed under its normalised path, malformed lines, unsafe
//! paths and repeats reported. Separate because the folder and the zip
//! checks trust the same listing the same way, and its limits are what
//! keep a hostile sums file from exhausting the verifier.

use super::{VerifyReport, is_unsafe_name};
use crate::diag::escape::printable;
use crate::site::sums::{SUMS_FILE, parse_sums_line};
use std::collections::{BTreeSet, HashMap};
use std::io::{self, BufRead, Read};

/// A `SHA256SUMS` larger than this is refused: it is read into memory, and a
/// real one is about 100 bytes per file.
pub(crate) const MAX_SUMS_BYTES: u64 = 256 * 1024 * 1024;

/// One usable line of `SHA256SUMS`.
pub(super) struct Listed {
    /// As written in the sums file, for reports.
    pub(super) shown: String,
    /// Normalised (no `.` or empty components), for lookups.
    pub(super) key: String,
    /// Lowercase hex digest.
    pub(super) sha256: String,
}

/// The longest line of `SHA256SUMS` read: a digest, two spaces and a path
/// of 64 KiB (the most a zip name holds) with every byte escaped.
pub(crate) const MAX_SUMS_LINE: usize = 64 + 2 + 2 * 65_536 + 2;

/// How many lines (not blank, not comments) a `SHA256SUMS` may have for a
/// bundle of `files` files: generous (every file listed, as many again
/// missing, and a margin), but finite, so that a small zip holding a sums
/// file of millions of lines cannot make the verifier hold millions of
/// entries (a 9 MB zip once took 1.45 GB). Reading stops past it and the
/// run fails.
pub(crate) fn max_sums_lines(files: usize) -> usize {
    files.saturating_mul(2).saturating_add(1024)
}

/// Reads `SHA256SUMS` line by line from `reader` (never whole: at most
/// [`MAX_SUMS_BYTES`] in all, [`MAX_SUMS_LINE`] per line, and
/// [`max_sums_lines`] of `files` lines) into usable entries, putting
/// malformed lines, unsafe paths and paths that name the same file twice
/// into `report`. Bytes that are not UTF-8 become U+FFFD (such a name then
/// matches nothing and is reported).
pub(super) fn read_listing(
    reader: impl Read,
    what: &str,
    files: usize,
    report: &mut VerifyReport,
) -> io::Result<Vec<Listed>> {
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{what}: larger than {MAX_SUMS_BYTES} bytes, refused"),
        )
    };
    let max_lines = max_sums_lines(files);
    let mut reader = io::BufReader::new(reader.take(MAX_SUMS_BYTES + 1));
    let mut seen: HashMap<String, (String, u32)> = HashMap::new();
    let mut unsafe_seen: BTreeSet<String> = BTreeSet::new();
    let mut listed = Vec::new();
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut number: u32 = 0;
    let mut lines = 0usize;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_SUMS_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        total = total.saturating_add(n as u64);
        number = number.saturating_add(1);
        if buf.len() > MAX_SUMS_LINE && buf.last() != Some(&b'\n') {
            let skipped = reader.skip_until(b'\n')?;
            total = total.saturating_add(skipped as u64);
            if total > MAX_SUMS_BYTES {
                return Err(too_large());
            }
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: longer than {MAX_SUMS_LINE} bytes"
            ));
            lines += 1;
        } else {
            if total > MAX_SUMS_BYTES {
                return Err(too_large());
            }
            let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let raw = if number == 1 {
                raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
            } else {
                raw
            };
            let text = String::from_utf8_lossy(raw);
            let Some(parsed) = parse_sums_line(&text) else {
                continue;
            };
            lines += 1;
            if lines <= max_lines {
                match parsed {
                    Ok((shown, sha256)) => {
                        add_listed(
                            shown,
                            sha256,
                            number,
                            &mut seen,
                            &mut unsafe_seen,
                            &mut listed,
                            report,
                        );
                    }
                    Err(problem) => report
                        .malformed
                        .push(format!("{SUMS_FILE} line {number}: {problem}")),
                }
            }
        }
        if lines > max_lines {
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: more than {max_lines} lines for the {files} \
                 files there are; reading stopped (a sums file cannot list that many \
                 more files than it is shipped with)"
            ));
            break;
        }
    }
    Ok(listed)
}

/// Files one usable line under its normalised name, or reports it as
/// unsafe or as naming a file already listed.
fn add_listed(
    shown: String,
    sha256: String,
    number: u32,
    seen: &mut HashMap<String, (String, u32)>,
    unsafe_seen: &mut BTreeSet<String>,
    listed: &mut Vec<Listed>,
    report: &mut VerifyReport,
) {
    let key = normalise(&shown);
    if is_unsafe_name(&shown) || key.is_empty() {
        // Absolute, `..`, or `.` / `./` (the folder itself, not a file).
        if unsafe_seen.insert(shown.clone()) {
            report.checked += 1;
            report.unsafe_entries.push(shown);
        } else {
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: `{}` is listed again",
                printable(&shown)
            ));
        }
        return;
    }
    if let Some((first, line)) = seen.get(&key) {
        if *first == shown {
            report.malformed.push(format!(
                "{SUMS_FILE} line {number}: `{}` is listed again (first on line {line})",
                printable(&shown)
            ));
        } else {
            report.checked += 1;
            report.malformed.push(format!(
                "{SUMS_FILE}: `{}` names the same file as `{}`",
                printable(&shown),
                printable(first)
            ));
        }
        return;
    }
    report.checked += 1;
    seen.insert(key.clone(), (shown.clone(), number));
    listed.push(Listed { shown, key, sha256 });
}

/// A relative name without `.` or empty components (`./a//b` -> `a/b`), so
/// that `sha256sum ./x` listings and odd zip names match what is on disk.
pub(super) fn normalise(name: &str) -> String {
    name.split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `key` or one of its parent folders is in `blocked` (a symlink or
/// special file already reported as unsafe).
pub(super) fn is_blocked(blocked: &BTreeSet<String>, key: &str) -> bool {
    if blocked.contains(key) {
        return true;
    }
    let mut rest = key;
    while let Some((parent, _)) = rest.rsplit_once('/') {
        if blocked.contains(parent) {
            return true;
        }
        rest = parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_drops_dot_and_empty_parts() {
        assert_eq!(normalise("./a//b/./c"), "a/b/c");
        assert_eq!(normalise("./"), "");
    }

    #[test]
    fn blocked_covers_descendants() {
        let blocked: BTreeSet<String> = ["link".to_string()].into();
        assert!(is_blocked(&blocked, "link"));
        assert!(is_blocked(&blocked, "link/a/b"));
        assert!(!is_blocked(&blocked, "linked/a"));
    }
}
