//! The sign-off sheet `content/signoffs.yaml`: who approved which document,
//! when, and the SHA-256 of the exact bytes they approved.
//!
//! Approval is evidence in itself (ISO 27001 9.3 asks for documented
//! results), so the sheet is plain YAML kept in the repository, readable and
//! diffable, and `minutebook approve` only ever *appends* to it: every byte
//! already there, comments included, stays as it was, and the write is
//! atomic. The sheet is a YAML sequence of
//! `{document: reviews/x.md, person: ceo, date: YYYY-MM-DD, sha256: <hex>}`.
//!
//! Reading reports every problem as a finding (MB002 syntax, MB003 unknown
//! key, MB004 missing or invalid value, MB006 not UTF-8). An entry without a
//! usable `document`, `person` or `sha256` is dropped after its finding (it
//! cannot count as an approval, and reporting it again as MB050 would
//! mislead); an entry with an invalid `date` is kept with no date.

use crate::date::Date;
use crate::diag::findings::{Code, Finding, Span};
use crate::fsx::atomic::write_atomic;
use crate::load::fields::{Reader, is_valid_id};
use crate::load::yaml::{self, Node, Value};
use crate::model::Spanned;
use std::fs;
use std::io;
use std::path::Path;

/// The sheet's path relative to the site root.
pub const SIGNOFF_FILE: &str = "content/signoffs.yaml";

/// The keys of one entry.
const KEYS: &[&str] = &["document", "person", "date", "sha256"];

/// Written at the top of a new sheet, so a reader knows what it is.
const HEADER: &str = "# Sign-off sheet: one entry per approval, appended by `minutebook approve`.\n\
# sha256 is the SHA-256 of the document's exact bytes when it was approved:\n\
# if the document changes afterwards, the approval no longer matches (MB050).\n";

/// One approval of a document.
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

/// Reads `<root>/content/signoffs.yaml`. A missing file is an empty sheet (a
/// new site is valid); an unreadable one is MB004 and a non-UTF-8 one MB006,
/// so loading never fails and the other checks still run. The sheet is read
/// only when it is a regular file (a FIFO would block) of at most
/// [`crate::fsx::read::MAX_FILE_BYTES`] whose real path is inside the site: a link
/// to a file outside (`~/.git-credentials`) is MB004 and never read, so its
/// text is neither parsed nor quoted in a finding.
pub fn load(root: &Path) -> SignoffSheet {
    let path = root.join(SIGNOFF_FILE);
    if fs::symlink_metadata(&path).is_err() {
        return SignoffSheet::default();
    }
    let finding = |code, message: String| SignoffSheet {
        findings: vec![Finding::new(code, Some(SIGNOFF_FILE), Span::NONE, message)],
        ..SignoffSheet::default()
    };
    let bytes = match crate::fsx::read::read_in_site(root, SIGNOFF_FILE) {
        Ok(bytes) => bytes,
        Err(why) => return finding(Code::MB004, format!("cannot read {SIGNOFF_FILE}: {why}")),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return finding(Code::MB006, format!("{SIGNOFF_FILE} is not UTF-8 text"));
    };
    let (signoffs, findings) = parse(&text);
    SignoffSheet {
        text: Some(text),
        signoffs,
        findings,
    }
}

/// Parses the sheet's text into its entries and the findings about it.
pub fn parse(text: &str) -> (Vec<Signoff>, Vec<Finding>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader::new(SIGNOFF_FILE);
    let root = match yaml::parse(text, 1) {
        Ok(node) => node,
        Err(e) => {
            r.report(
                Code::MB002,
                e.span,
                format!("YAML syntax error: {}", e.message),
            );
            return (Vec::new(), r.findings);
        }
    };
    let items = match &root.value {
        Value::Null => return (Vec::new(), r.findings),
        Value::Seq(items) => items,
        _ => {
            r.report(
                Code::MB004,
                root.span,
                format!(
                    "{SIGNOFF_FILE} must be a list of sign-offs \
                     (`- {{document, person, date, sha256}}`), not {}",
                    root.shape()
                ),
            );
            return (Vec::new(), r.findings);
        }
    };
    let signoffs = items
        .iter()
        .filter_map(|item| entry(item, &mut r))
        .collect();
    (signoffs, r.findings)
}

/// One entry, or None (after findings) when it cannot count.
fn entry(item: &Node, r: &mut Reader) -> Option<Signoff> {
    let f = r.map(item, "a sign-off", KEYS)?;
    let document = r.required_text(&f, "document", "a sign-off");
    let what = match &document {
        Some(d) => format!("the sign-off of `{}`", d.value),
        None => "a sign-off".to_string(),
    };
    let document = document.filter(|d| {
        let ok = !d.value.trim().is_empty();
        if !ok {
            r.report(Code::MB004, d.span, "`document` of a sign-off is empty");
        }
        ok
    });
    let person = match f.get("person") {
        Some(n) => r.id(n, &format!("`person` of {what}")),
        None => {
            r.missing(&f, "person", &what);
            None
        }
    };
    let date = match f.get("date") {
        Some(n) => r.date(n, &format!("`date` of {what}")).map(|d| d.value),
        None => {
            r.missing(&f, "date", &what);
            None
        }
    };
    let sha256 =
        r.required_text(&f, "sha256", &what)
            .and_then(|s| match normalise_sha256(&s.value) {
                Some(hex) => Some(Spanned::new(hex, s.span)),
                None => {
                    r.report(
                        Code::MB004,
                        s.span,
                        format!(
                            "`sha256` of {what} must be 64 hexadecimal digits \
                         (the SHA-256 of the document), not `{}`",
                            s.value
                        ),
                    );
                    None
                }
            });
    Some(Signoff {
        document: document?,
        person: person?,
        date,
        sha256: sha256?,
        span: item.span,
    })
}

/// 64 hex digits, lower-cased; None otherwise.
fn normalise_sha256(s: &str) -> Option<String> {
    let s = s.trim();
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_ascii_lowercase())
}

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

/// A YAML flow scalar for `s`: plain when that is unambiguous, otherwise
/// double-quoted with escapes, so a path with `:`, `#`, `,` or spaces is
/// read back exactly, by minutebook and by any other YAML tool.
pub fn yaml_scalar(s: &str) -> String {
    if is_plain_safe(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Letters, digits, `_`, `.`, `/`, `-`, not starting with `-`, and not a
/// word another YAML reader would take for a number, boolean or null.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let chars_ok = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-'));
    let lower = s.to_ascii_lowercase();
    let special = matches!(
        lower.as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | ".nan" | ".inf"
    ) || s.parse::<f64>().is_ok()
        || s.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    chars_ok && first != '-' && !special
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::testutil::temp_dir;

    const H: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn day() -> Date {
        Date::parse("2025-03-20").unwrap()
    }

    #[test]
    fn parses_entries_with_spans() {
        let text = format!(
            "# approvals\n- {{document: reviews/q1.md, person: ceo, date: 2025-03-20, sha256: {}}}\n\
             - document: \"reviews/q2 #2.md\"\n  person: ciso\n  date: 2025-06-30\n  sha256: {H}\n",
            H.to_uppercase()
        );
        let (signoffs, findings) = parse(&text);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(signoffs.len(), 2);
        assert_eq!(signoffs[0].document.value, "reviews/q1.md");
        assert_eq!(signoffs[0].sha256.value, H);
        assert_eq!(signoffs[0].date, Some(day()));
        assert_eq!(signoffs[0].span.line, 2);
        assert_eq!(signoffs[1].document.value, "reviews/q2 #2.md");
        assert_eq!(signoffs[1].person.span.line, 4);
    }

    #[test]
    fn empty_or_comment_only_is_an_empty_sheet() {
        assert_eq!(parse(""), (Vec::new(), Vec::new()));
        assert_eq!(parse("# nothing yet\n"), (Vec::new(), Vec::new()));
        assert!(load(&temp_dir("signoff-none")).signoffs.is_empty());
    }

    #[test]
    fn reports_every_problem() {
        let text = format!(
            "- {{document: reviews/a.md, persn: ceo, date: 2025-03-20, sha256: {H}}}\n\
             - {{document: reviews/b.md, person: ceo, date: 2025-02-30, sha256: {H}}}\n\
             - {{document: reviews/c.md, person: ceo, date: 2025-03-20, sha256: abc}}\n\
             - just text\n"
        );
        let (signoffs, findings) = parse(&text);
        let codes: Vec<(Code, u32)> = findings
            .iter()
            .map(|f| (f.code, f.line.unwrap_or(0)))
            .collect();
        assert_eq!(
            codes,
            vec![
                (Code::MB003, 1),
                (Code::MB004, 1),
                (Code::MB004, 2),
                (Code::MB004, 3),
                (Code::MB004, 4)
            ]
        );
        assert!(
            findings[0].message.contains("did you mean `person`"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[1].message.contains("reviews/a.md"),
            "{}",
            findings[1].message
        );
        // Only b counts, without a date.
        assert_eq!(signoffs.len(), 1);
        assert_eq!(signoffs[0].document.value, "reviews/b.md");
        assert_eq!(signoffs[0].date, None);

        let (_, findings) = parse("- {document: [unclosed\n");
        assert_eq!(findings[0].code, Code::MB002);
        let (_, findings) = parse("document: x\n");
        assert_eq!(findings[0].code, Code::MB004);
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
        assert_eq!(yaml_scalar("a b"), "\"a b\"");
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
