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

use crate::diag::findings::{Code, Finding, Span};
use crate::load::fields::Reader;
use crate::load::yaml::{self, Node, Value};
use crate::model::Spanned;
use crate::model::evidence::{SIGNOFF_FILE, Signoff, SignoffSheet};
use std::fs;
use std::path::Path;

/// The keys of one entry.
const KEYS: &[&str] = &["document", "person", "date", "sha256"];

/// Reads `<root>/content/signoffs.yaml`. A missing file is an empty sheet (a
/// new site is valid); an unreadable one is MB004 and a non-UTF-8 one MB006,
/// so loading never fails and the other checks still run. The sheet is read
/// only when it is a regular file (a FIFO would block) of at most
/// [`crate::fsx::read::MAX_FILE_BYTES`] whose real path is inside the site: a link
/// to a file outside (`~/.git-credentials`) is MB004 and never read, so its
/// text is neither parsed nor quoted in a finding.
pub(crate) fn load(root: &Path) -> SignoffSheet {
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
pub(crate) fn parse(text: &str) -> (Vec<Signoff>, Vec<Finding>) {
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
fn entry(item: &Node, r: &mut Reader<'_>) -> Option<Signoff> {
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
pub(crate) fn normalise_sha256(s: &str) -> Option<String> {
    let s = s.trim();
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

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
        assert_eq!(signoffs[0].date, crate::date::Date::parse("2025-03-20"));
        assert_eq!(signoffs[0].span.line, 2);
        assert_eq!(signoffs[1].document.value, "reviews/q2 #2.md");
        assert_eq!(signoffs[1].person.span.line, 4);
    }

    #[test]
    fn empty_or_comment_only_is_an_empty_sheet() {
        assert_eq!(parse(""), (Vec::new(), Vec::new()));
        assert_eq!(parse("# nothing yet\n"), (Vec::new(), Vec::new()));
        assert!(
            load(tempfile::tempdir().unwrap().path())
                .signoffs
                .is_empty()
        );
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
}
