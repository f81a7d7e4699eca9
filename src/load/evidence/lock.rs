//! `evidence.lock`: the committed SHA-256 of every evidence file.
//!
//! The lock is written in GNU `sha256sum` format (`<hex>  content/evidence/…`,
//! sorted by path in byte order, LF line ends) so that anyone can run
//! `sha256sum -c evidence.lock` with no minutebook installed, and so that a
//! lock written by hand with `sha256sum` is accepted too: both separators
//! (`  ` text mode, ` *` binary mode), the `--tag` form
//! (`SHA256 (path) = hex`), upper-case hex, CRLF line ends, leading blanks,
//! blank lines, and coreutils' escaping of names holding `\`, newline or
//! carriage return (a leading `\` on the line, then `\\`, `\n`, `\r` in
//! the name). The format itself is read and written by
//! [`crate::coreutils_names`], shared with `SHA256SUMS`; this file adds the
//! lock's own rules: no `#` comment lines, and only plain paths under
//! `content/evidence/`.
//!
//! Parsing never stops at a bad line: each one is reported (the caller turns
//! it into MB004 on `evidence.lock`) and skipped, so every problem shows at
//! once. A path outside `content/evidence/`, or with `.`/`..` or empty parts,
//! is a bad line: the lock must never make minutebook look at other files.

use crate::coreutils_names::{Comments, parse_list};
use crate::model::evidence::{EvidenceLock, LOCK_FILE, LockLineError, PATH_PREFIX};
use std::fs;
use std::io;
use std::path::Path;

/// Reads lock text as `sha256sum` (GNU coreutils) writes it; bad lines are
/// reported and skipped so the rest of the lock still counts.
pub(crate) fn parse(text: &str) -> (EvidenceLock, Vec<LockLineError>) {
    // `sha256sum -c` would skip a comment, but `minutebook lock` rewrites
    // this file from its entries and would silently drop it: a note kept
    // here would be lost, so it is refused (strict, as everywhere).
    let comments = Comments::Refuse(
        "comment lines are not kept: `minutebook lock` rewrites evidence.lock from its entries; keep notes in the minutes or in git history",
    );
    let (entries, problems) = parse_list(text, comments, check_path);
    let errors = problems
        .into_iter()
        .map(|(line, message)| LockLineError { line, message })
        .collect();
    (EvidenceLock { entries }, errors)
}

/// The lock may only name files under `content/evidence/`, spelled plainly.
fn check_path(path: &str) -> Result<(), String> {
    let shown = path.escape_debug();
    let Some(rel) = path.strip_prefix(PATH_PREFIX) else {
        return Err(format!("`{shown}` is not under `{PATH_PREFIX}`"));
    };
    if rel.split('/').any(|part| matches!(part, "" | "." | "..")) {
        return Err(format!(
            "`{shown}` has an empty, `.` or `..` part; write the plain path"
        ));
    }
    Ok(())
}

/// The text of `<root>/evidence.lock`, or None when the site has no lock
/// yet (a valid state: it starts empty). Not UTF-8 is `InvalidData`.
pub(crate) fn read(root: &Path) -> io::Result<Option<String>> {
    let Ok(meta) = fs::symlink_metadata(root.join(LOCK_FILE)) else {
        return Ok(None);
    };
    // The lock is a record committed with the site: a link (wherever it
    // leads) is not that record, and rewriting the lock would replace the
    // link with a file built from whatever it pointed to.
    if meta.file_type().is_symlink() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "it is a symbolic link; the lock must be a plain file in the site root",
        ));
    }
    // Bounded, regular files only, never through a link leaving the site:
    // a FIFO or `/dev/zero` named evidence.lock must not hang or exhaust a run.
    let bytes = crate::fsx::read::read_in_site(root, LOCK_FILE).map_err(io::Error::other)?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "evidence.lock is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    const A: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const E: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn round_trip_sorted_lf() {
        let text = format!(
            "{E}  content/evidence/b.txt\r\n\n{}  content/evidence/a.pdf\r\n",
            A.to_uppercase()
        );
        let (lock, errors) = parse(&text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            lock.to_text(),
            format!("{A}  content/evidence/a.pdf\n{E}  content/evidence/b.txt\n")
        );
        assert_eq!(parse(&lock.to_text()).0, lock);
        assert_eq!(EvidenceLock::default().to_text(), "");
    }

    #[test]
    fn leading_blanks_like_sha256sum_but_no_comments() {
        let text = format!("# written by hand\n   {A}  content/evidence/a.pdf\n\t\n");
        let (lock, errors) = parse(&text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].message.contains("comment lines are not kept"));
        assert_eq!(lock.entries["content/evidence/a.pdf"], A);
    }

    #[test]
    fn binary_mode_and_tag_lines() {
        let text =
            format!("{A} *content/evidence/x y.pdf\nSHA256 (content/evidence/t.csv) = {E}\n");
        let (lock, errors) = parse(&text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(lock.entries["content/evidence/x y.pdf"], A);
        assert_eq!(lock.entries["content/evidence/t.csv"], E);
    }

    #[test]
    fn malformed_lines_are_reported_and_skipped() {
        let text = format!(
            "{A}  content/evidence/ok.pdf\n\
             garbage\n\
             {}  content/evidence/short.pdf\n\
             {A} content/evidence/one-space.pdf\n\
             {A}  /etc/passwd\n\
             {A}  content/evidence/../../etc/passwd\n\
             {A}  content/evidence//x\n\
             {E}  content/evidence/ok.pdf\n\
             \\{A}  content/evidence/bad\\q\n",
            &A[..40]
        );
        let (lock, errors) = parse(&text);
        assert_eq!(lock.entries.len(), 1);
        assert_eq!(lock.entries["content/evidence/ok.pdf"], A);
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 6, 7, 8, 9]);
        assert!(
            errors[6].message.contains("twice (first on line 1)"),
            "{:?}",
            errors[6]
        );
    }

    /// The rules `SHA256SUMS` brought to the shared reader hold for the lock
    /// too: a BOM is skipped, an empty name is refused, and untrusted text is
    /// quoted short and escaped.
    #[test]
    fn bom_empty_names_and_bounded_messages() {
        let text = format!(
            "\u{feff}{A}  content/evidence/a.pdf\nSHA256 () = {A}\n{}\n",
            "x\u{1b}".repeat(300)
        );
        let (lock, errors) = parse(&text);
        assert_eq!(lock.entries.len(), 1, "{errors:?}");
        let lines: Vec<u32> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3]);
        assert!(errors[0].message.contains("empty"), "{errors:?}");
        let long = &errors[1].message;
        assert!(long.contains('…') && !long.contains('\u{1b}'), "{long}");
    }

    #[test]
    fn escaped_names_both_ways() {
        let mut lock = EvidenceLock::default();
        lock.entries
            .insert("content/evidence/a\\b".into(), A.into());
        lock.entries
            .insert("content/evidence/c\nd".into(), E.into());
        let text = lock.to_text();
        assert_eq!(
            text,
            format!("\\{A}  content/evidence/a\\\\b\n\\{E}  content/evidence/c\\nd\n")
        );
        let (back, errors) = parse(&text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(back, lock);
    }

    /// Runs `sha256sum` in `dir`, or None when it is not installed.
    fn sha256sum(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
        Command::new("sha256sum")
            .args(args)
            .current_dir(dir)
            .output()
            .ok()
    }

    #[test]
    fn reads_what_sha256sum_writes_and_sha256sum_checks_ours() {
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        let ev = root.join("content/evidence/2025");
        fs::create_dir_all(&ev).unwrap();
        fs::write(ev.join("risk register.xlsx"), b"abc").unwrap();
        fs::write(ev.join("back\\slash.txt"), b"").unwrap();
        fs::write(ev.join("new\nline.txt"), b"abc").unwrap();
        let names = [
            "content/evidence/2025/risk register.xlsx",
            "content/evidence/2025/back\\slash.txt",
            "content/evidence/2025/new\nline.txt",
        ];
        let Some(out) = sha256sum(root, &names) else {
            return;
        };
        assert!(out.status.success());
        let written = String::from_utf8(out.stdout).unwrap();
        let (lock, errors) = parse(&written);
        assert!(errors.is_empty(), "{errors:?}\n{written}");
        assert_eq!(lock.entries.len(), 3);
        assert_eq!(lock.entries[names[0]], A);
        assert_eq!(lock.entries[names[1]], E);
        assert_eq!(lock.entries[names[2]], A);
        // Same lines as coreutils, only sorted.
        let mut theirs: Vec<&str> = written.lines().collect();
        theirs.sort_by_key(|l| l.trim_start_matches('\\').get(66..).map(str::to_string));
        let ours = lock.to_text();
        let mut ours_lines: Vec<&str> = ours.lines().collect();
        ours_lines.sort_by_key(|l| l.trim_start_matches('\\').get(66..).map(str::to_string));
        assert_eq!(ours_lines, theirs);

        fs::write(root.join(LOCK_FILE), lock.to_text()).unwrap();
        assert_eq!(read(root).unwrap().unwrap(), ours);
        let check = sha256sum(root, &["-c", "--strict", LOCK_FILE]).unwrap();
        assert!(check.status.success(), "{check:?}");
    }

    #[test]
    fn read_missing_is_none() {
        let root_tmp = tempfile::tempdir().unwrap();
        let root = root_tmp.path();
        assert_eq!(read(root).unwrap(), None);
        fs::write(root.join(LOCK_FILE), [0xff]).unwrap();
        assert_eq!(read(root).unwrap_err().kind(), io::ErrorKind::InvalidData);
    }
}
