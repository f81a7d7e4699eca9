//! Approving a document: `minutebook approve` appends one entry to the sign-off
//! sheet `content/signoffs.yaml`, keeping every byte already there, so the sheet
//! stays a record that only grows (read by [`crate::load::evidence::signoff`]).

use super::yaml_scalar;
use crate::date::Date;
use crate::diag::findings::Code;
use crate::fsx::atomic::write_atomic;
use crate::load::evidence::signoff::{normalise_sha256, parse};
use crate::load::fields::is_valid_id;
use crate::model::evidence::SIGNOFF_FILE;
use std::fs;
use std::io;
use std::path::Path;

/// Written at the top of a new sheet, so a reader knows what it is.
const HEADER: &str = "# Sign-off sheet: one entry per approval, appended by `minutebook approve`.\n\
# sha256 is the SHA-256 of the document's exact bytes when it was approved:\n\
# if the document changes afterwards, the approval no longer matches (MB050).\n";

/// Appends one approval to `<root>/content/signoffs.yaml`, keeping every
/// byte already there (a missing final newline is added first, in the
/// file's own line-end style), creating the sheet with a short comment
/// header when absent, and writing atomically. Refuses (without writing)
/// invalid arguments and a sheet the new entry could not be appended to as
/// valid YAML (a flow list `[...]`, a syntax error), so approval never
/// corrupts the record.
pub fn append_entry(
    root: &Path,
    document: &str,
    person: &str,
    date: Date,
    sha256: &str,
) -> io::Result<()> {
    let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
    if document.trim().is_empty() {
        return Err(invalid("the document to approve is empty".into()));
    }
    if !is_valid_id(person) {
        return Err(invalid(format!("`{person}` is not a valid person id")));
    }
    let sha256 = normalise_sha256(sha256)
        .ok_or_else(|| invalid(format!("`{sha256}` is not a SHA-256 digest")))?;

    let path = root.join(SIGNOFF_FILE);
    // Read like `load`: bounded, a regular file, inside the site (a FIFO
    // would block, a link out of the site would be copied into it).
    let existing = match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
        Ok(_) => {
            let bytes = crate::fsx::read::read_in_site(root, SIGNOFF_FILE).map_err(|why| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("cannot read {SIGNOFF_FILE}: {why}"),
                )
            })?;
            Some(String::from_utf8(bytes).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{SIGNOFF_FILE} is not UTF-8 text"),
                )
            })?)
        }
    };
    let mut text = existing.clone().unwrap_or_else(|| HEADER.to_string());
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str(newline);
    }
    text.push_str(&format!(
        "- {{document: {}, person: {}, date: {date}, sha256: {sha256}}}{newline}",
        yaml_scalar(document),
        yaml_scalar(person),
    ));

    let (signoffs, findings) = parse(&text);
    let appended = signoffs.last().is_some_and(|s| {
        s.document.value == document && s.person.value == person && s.sha256.value == sha256
    });
    let before = existing.as_deref().map_or(0, |t| parse(t).0.len());
    if !appended || signoffs.len() != before + 1 || findings.iter().any(|f| f.code == Code::MB002) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{SIGNOFF_FILE} is not a plain YAML list an approval can be appended to; \
                 fix it (`minutebook check` shows why) and approve again"
            ),
        ));
    }
    write_atomic(&path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::evidence::signoff::load;
    use crate::load::evidence::testutil::temp_dir;

    const H: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn day() -> Date {
        Date::parse("2025-03-20").unwrap()
    }

    #[test]
    fn append_creates_the_sheet_with_a_header() {
        let root = temp_dir("signoff-new");
        fs::create_dir_all(root.join("content")).unwrap();
        append_entry(&root, "reviews/q1.md", "ceo", day(), H).unwrap();
        let text = fs::read_to_string(root.join(SIGNOFF_FILE)).unwrap();
        assert!(text.starts_with("# Sign-off sheet"));
        assert!(text.ends_with(&format!(
            "- {{document: reviews/q1.md, person: ceo, date: 2025-03-20, sha256: {H}}}\n"
        )));
        let sheet = load(&root);
        assert!(sheet.findings.is_empty(), "{:?}", sheet.findings);
        assert_eq!(sheet.signoffs.len(), 1);
    }

    #[test]
    fn append_keeps_every_existing_byte() {
        let root = temp_dir("signoff-keep");
        fs::create_dir_all(root.join("content")).unwrap();
        let before = format!(
            "# hand-written\r\n- {{document: reviews/q1.md, person: ceo, date: 2025-03-20, sha256: {H}}}  # ok"
        );
        fs::write(root.join(SIGNOFF_FILE), &before).unwrap();
        append_entry(
            &root,
            "reviews/odd: name, #1.md",
            "ciso",
            day(),
            &H.to_uppercase(),
        )
        .unwrap();
        let after = fs::read_to_string(root.join(SIGNOFF_FILE)).unwrap();
        assert!(after.starts_with(&before));
        assert_eq!(
            &after[before.len()..],
            format!(
                "\r\n- {{document: \"reviews/odd: name, #1.md\", person: ciso, date: 2025-03-20, sha256: {H}}}\r\n"
            )
        );
        let sheet = load(&root);
        assert!(sheet.findings.is_empty(), "{:?}", sheet.findings);
        assert_eq!(sheet.signoffs[1].document.value, "reviews/odd: name, #1.md");
    }

    #[test]
    fn append_refuses_what_it_would_corrupt() {
        let root = temp_dir("signoff-refuse");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join(SIGNOFF_FILE), "[]\n").unwrap();
        assert!(append_entry(&root, "reviews/q1.md", "ceo", day(), H).is_err());
        assert_eq!(fs::read_to_string(root.join(SIGNOFF_FILE)).unwrap(), "[]\n");
        assert!(append_entry(&root, "reviews/q1.md", "c e o", day(), H).is_err());
        assert!(append_entry(&root, "reviews/q1.md", "ceo", day(), "abc").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_sheet_linking_outside_the_site_is_neither_read_nor_appended_to() {
        let outside = temp_dir("signoff-outside");
        let secret = outside.join("credentials");
        let sheet = format!(
            "# TOP-SECRET\n- {{document: reviews/q1.md, person: ceo, date: 2025-03-20, sha256: {H}}}\n"
        );
        fs::write(&secret, &sheet).unwrap();
        let root = temp_dir("signoff-link");
        fs::create_dir_all(root.join("content")).unwrap();
        std::os::unix::fs::symlink(&secret, root.join(SIGNOFF_FILE)).unwrap();

        let loaded = load(&root);
        assert_eq!(loaded.text, None, "the outside file is not read");
        assert!(loaded.signoffs.is_empty());
        assert_eq!(loaded.findings.len(), 1, "{:?}", loaded.findings);
        assert_eq!(loaded.findings[0].code, Code::MB004);
        assert_eq!(loaded.findings[0].line, None);
        assert!(
            loaded.findings[0].message.contains("outside the site"),
            "{}",
            loaded.findings[0].message
        );

        assert!(append_entry(&root, "reviews/q2.md", "ceo", day(), H).is_err());
        assert_eq!(fs::read_to_string(&secret).unwrap(), sheet, "untouched");
        assert!(
            fs::symlink_metadata(root.join(SIGNOFF_FILE))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("reviews/2025-q1.md"), "reviews/2025-q1.md");
        assert_eq!(yaml_scalar("a b"), "a b");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("2025"), "\"2025\"");
        assert_eq!(yaml_scalar("-x"), "\"-x\"");
        assert_eq!(yaml_scalar("q\"\\\n"), "\"q\\\"\\\\\\n\"");
        for s in ["a: b", "x, y", "{z}", "\u{1}ctl", "ünï €", "#c", "'q'"] {
            let text = format!(
                "- {{document: {}, person: p, date: 2025-01-01, sha256: {H}}}\n",
                yaml_scalar(s)
            );
            let (signoffs, findings) = parse(&text);
            assert!(findings.is_empty(), "{s}: {findings:?}");
            assert_eq!(signoffs[0].document.value, s);
        }
    }
}
