//! Documents that could not be read, kept as far as their text can be read
//! so that their absence causes no other finding (the format: "nothing cascades
//! from its absence").

use super::{DocumentKind, Site};
use crate::date::Date;

/// A review or record that failed to load, as far as its text can be read:
/// enough to keep its absence from cascading into other findings ("does not
/// exist", MB032, MB052, MB060, MB061, MB070, MB043).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unreadable {
    /// Path relative to the site root (`content/reviews/x.md`).
    pub path: String,
    /// Review or record, from its folder.
    pub kind: Option<DocumentKind>,
    /// Its `id:`, when a top-level one can be read.
    pub id: Option<String>,
    /// Its `date:`, when a top-level one can be read.
    pub date: Option<Date>,
    /// Every `id:` value written in its frontmatter (the document's, its
    /// actions', decisions' and findings'), as written.
    pub ids: Vec<String>,
    /// Its frontmatter text (lossy UTF-8), where evidence paths are looked for.
    pub frontmatter: String,
}

impl Unreadable {
    /// Reads what can be read of a document that failed to load: the
    /// frontmatter lines between the first `---` and the next (all of the
    /// file when it is not closed), their `id:` values and the top-level
    /// `id:` and `date:`. Never fails; a file with no frontmatter is known by
    /// its path alone.
    pub(crate) fn scan(path: &str, kind: DocumentKind, bytes: &[u8]) -> Unreadable {
        let text = String::from_utf8_lossy(bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut lines = text.lines();
        let mut front = String::new();
        if lines.next().is_some_and(|l| l.trim_end() == "---") {
            for l in lines {
                if l.trim_end() == "---" {
                    break;
                }
                front.push_str(l);
                front.push('\n');
            }
        }
        let mut u = Unreadable {
            path: path.to_string(),
            kind: Some(kind),
            ..Unreadable::default()
        };
        for line in front.lines() {
            let line = line.split(" #").next().unwrap_or(line);
            if let Some(v) = line.strip_prefix("id:") {
                u.id = u.id.or_else(|| scalar(v));
            }
            if let Some(v) = line.strip_prefix("date:") {
                u.date = u.date.or_else(|| scalar(v).and_then(|d| Date::parse(&d)));
            }
            let mut rest = line;
            while let Some(at) = rest.find("id:") {
                let before = rest[..at].chars().next_back();
                let value = &rest[at + 3..];
                if before.is_none_or(|c| matches!(c, ' ' | '\t' | '{' | ',' | '-')) {
                    let end = value.find([',', '}']).unwrap_or(value.len());
                    if let Some(v) = scalar(&value[..end]) {
                        u.ids.push(v);
                    }
                }
                rest = value;
            }
        }
        u.frontmatter = front;
        u
    }

    /// Whether an id was written in it (case-insensitive, as ids are).
    pub(crate) fn declares(&self, id: &str) -> bool {
        self.ids.iter().any(|i| i.eq_ignore_ascii_case(id))
    }
}

/// A plain YAML scalar as written: trimmed, quotes removed; None when empty.
fn scalar(v: &str) -> Option<String> {
    let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    (!v.is_empty() && !v.starts_with(['[', '{', '|', '>'])).then(|| v.to_string())
}

impl Site {
    /// The document at `path` (relative to the site root) that could not be
    /// read, if it is one.
    pub(crate) fn unreadable(&self, path: &str) -> Option<&Unreadable> {
        self.unreadable
            .iter()
            .map(|u| &**u)
            .find(|u| u.path == path)
    }

    /// Whether an id (an action's, a decision's, a document's) is written in
    /// a document that could not be read: a reference to it is not "unknown".
    pub(crate) fn unreadable_declares(&self, id: &str) -> bool {
        self.unreadable.iter().any(|u| u.declares(id))
    }

    /// Unreadable reviews whose date lies in `(after, until]`, or is unknown:
    /// a gap or an overdue next review around them may be false.
    pub(crate) fn unreadable_review_between(
        &self,
        after: Option<Date>,
        until: Option<Date>,
    ) -> bool {
        self.unreadable.iter().any(|u| {
            u.kind == Some(DocumentKind::Review)
                && match u.date {
                    None => true,
                    Some(d) => after.is_none_or(|a| d > a) && until.is_none_or(|x| d <= x),
                }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_reads_ids_and_the_date_of_broken_yaml() {
        let text = "---\nid: MR-2025-07\ndate: 2025-07-15\nkind: [scheduled\nactions:\n  - id: A-2025-02\n    title: x\n  - {id: 'A-2025-04', title: y}\ndecisions: [{text: z, id: D-1}]\nvalid: no-id\n---\n## Body id: not-read\n";
        let u = Unreadable::scan(
            "content/reviews/x.md",
            DocumentKind::Review,
            text.as_bytes(),
        );
        assert_eq!(u.id.as_deref(), Some("MR-2025-07"));
        assert_eq!(u.date, Date::parse("2025-07-15"));
        assert_eq!(u.ids, ["MR-2025-07", "A-2025-02", "A-2025-04", "D-1"]);
        assert!(u.declares("a-2025-02") && !u.declares("not-read") && !u.declares("no-id"));
        assert!(u.frontmatter.contains("kind: [scheduled"));
    }

    #[test]
    fn scan_of_a_file_without_frontmatter_knows_only_its_path() {
        let u = Unreadable::scan(
            "content/records/n.md",
            DocumentKind::Record,
            b"# Note\nid: X\n",
        );
        assert_eq!(u.path, "content/records/n.md");
        assert!(u.id.is_none() && u.ids.is_empty() && u.frontmatter.is_empty());
        let bad = Unreadable::scan(
            "content/records/b.md",
            DocumentKind::Record,
            b"---\nid: B-1\n\xff\xfe\n",
        );
        assert_eq!(
            bad.id.as_deref(),
            Some("B-1"),
            "not closed, not UTF-8: still read"
        );
    }

    #[test]
    fn a_review_between_is_found_by_date_or_when_its_date_is_unknown() {
        let mut site = Site::default();
        let day = |s: &str| Date::parse(s);
        site.unreadable.push(std::sync::Arc::new(Unreadable {
            kind: Some(DocumentKind::Review),
            date: day("2025-07-15"),
            ..Unreadable::default()
        }));
        assert!(site.unreadable_review_between(day("2025-01-15"), day("2026-03-01")));
        assert!(!site.unreadable_review_between(day("2025-08-01"), day("2026-03-01")));
        assert!(site.unreadable_review_between(day("2025-01-15"), None));
        site.unreadable[0] = std::sync::Arc::new(Unreadable {
            kind: Some(DocumentKind::Review),
            ..Unreadable::default()
        });
        assert!(site.unreadable_review_between(day("2025-08-01"), day("2025-09-01")));
    }
}
