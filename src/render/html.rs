//! The small pieces of markup that a large site repeats hundreds of thousands
//! of times (dates, links, people, status pills, reference chips), written
//! straight into a page's buffer. At 10,000 reviews the template engine spent
//! most of a build calling one tiny component per table cell; these writers do
//! the same work at memory speed. The tables built from them are in
//! [`super::tables`]; templates receive the finished HTML, and call these
//! writers themselves as functions (`mb_date(d=…)`, [`super::theme`]), so
//! each piece has this one source.
//!
//! Every text goes through [`text`], which escapes exactly as the templates'
//! autoescaping does, so a page reads the same whichever side wrote a part.

use super::views::{Key, LinkView, PersonRef, RefView, StatusView};
use crate::derive::locking::LockState;
use crate::derive::validity::ValidityState;
use crate::diag::Severity;
use crate::model::Status;

/// Appends `s` escaped for HTML text and quoted attribute values (`&`, `<`,
/// `>`, `"`, `'`), the same five characters and entities as the templates.
pub(crate) fn text(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut escape = |out: &mut String, at: usize, b: u8| {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => return,
        };
        out.push_str(&s[start..at]);
        out.push_str(entity);
        start = at + 1;
    };
    // Eight bytes at a time: most text has nothing to escape, and a word
    // with none of the five is passed over in a few instructions.
    let mut words = bytes.chunks_exact(8);
    for (k, w) in words.by_ref().enumerate() {
        let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        if has_markup_byte(word) {
            for (j, &b) in w.iter().enumerate() {
                escape(out, k * 8 + j, b);
            }
        }
    }
    let tail = bytes.len() - words.remainder().len();
    for (j, &b) in words.remainder().iter().enumerate() {
        escape(out, tail + j, b);
    }
    out.push_str(&s[start..]);
}

/// `s` escaped as [`text`] escapes it, as a new string, for markup put
/// together with `format!` (chart SVG, the pages `serve` writes itself).
pub(crate) fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    text(&mut out, s);
    out
}

/// Whether any byte of `word` is one of the five that [`text`] escapes
/// (exact for the word as a whole: a byte equal to the pattern is a zero
/// byte after the XOR, and the zero-byte test has no false positives).
fn has_markup_byte(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let is = |c: u8| zero_byte(word ^ (ONES * u64::from(c)));
    (is(b'&') | is(b'<') | is(b'>') | is(b'"') | is(b'\'')) != 0
}

/// Appends `root` then a root-relative `href`, escaped: a link that works from
/// any depth of the site.
pub(crate) fn href(out: &mut String, root: &str, href: &str) {
    text(out, root);
    text(out, href);
}

/// A root-relative `href_` written on the page `here` (root-relative too,
/// or empty when the page is not known): a link to an anchor of that very
/// page is `#anchor` alone (a review's checklist named its own page in each
/// of its rows).
pub(crate) fn href_from(out: &mut String, root: &str, here: &str, href_: &str) {
    match href_.strip_prefix(here) {
        Some(frag) if !here.is_empty() && frag.starts_with('#') => text(out, frag),
        _ => href(out, root, href_),
    }
}

/// `label` linked to a root-relative `href`, with a class when one is given.
pub(crate) fn anchor(out: &mut String, root: &str, class: &str, href_: &str, label: &str) {
    out.push_str("<a ");
    if !class.is_empty() {
        out.push_str("class=\"");
        out.push_str(class);
        out.push_str("\" ");
    }
    out.push_str("href=\"");
    href(out, root, href_);
    out.push_str("\">");
    text(out, label);
    out.push_str("</a>");
}

/// `label` linked to `href` (with `class`), or, when there is no page, the
/// label alone: as plain text when `span_class` is `None`, else in a `<span>`
/// with that class (`Some("")`: a bare `<span>`).
pub(crate) fn link_or(
    out: &mut String,
    root: &str,
    class: &str,
    href_: &str,
    label: &str,
    span_class: Option<&str>,
) {
    if !href_.is_empty() {
        anchor(out, root, class, href_, label);
        return;
    }
    match span_class {
        None => text(out, label),
        Some(c) => {
            out.push_str(if c.is_empty() {
                "<span"
            } else {
                "<span class=\""
            });
            if !c.is_empty() {
                out.push_str(c);
                out.push('"');
            }
            out.push('>');
            text(out, label);
            out.push_str("</span>");
        }
    }
}

/// A date as `<time>`, or `empty` greyed out when there is none.
pub(crate) fn date(out: &mut String, d: &str, empty: &str) {
    if d.is_empty() {
        out.push_str("<span class=\"muted\">");
        text(out, empty);
        out.push_str("</span>");
    } else {
        time(out, d);
    }
}

/// `d` as `<time>`: a `YYYY-MM-DD` text is its own machine-readable date,
/// so it needs no `datetime` attribute (23 MB of a 10,000-review site said
/// every date twice); anything else keeps the attribute as written.
pub(crate) fn time(out: &mut String, d: &str) {
    let iso = d.len() == 10
        && d.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if iso {
        out.push_str("<time>");
    } else {
        out.push_str("<time datetime=\"");
        text(out, d);
        out.push_str("\">");
    }
    text(out, d);
    out.push_str("</time>");
}

/// A link inside the site, or its text alone when it has no page.
pub(crate) fn link(out: &mut String, root: &str, l: &LinkView) {
    link_or(out, root, "", &l.href, &l.text, None);
}

/// A person linked to their page (marked unknown when not in people.yaml),
/// with their role when `role` is asked for.
pub(crate) fn person(out: &mut String, root: &str, p: &PersonRef, role: bool) {
    link_or(
        out,
        root,
        "person",
        &p.href,
        &p.name,
        Some("person unknown-person"),
    );
    if role && !p.role.is_empty() {
        out.push_str(" <span class=\"role\">");
        text(out, &p.role);
        out.push_str("</span>");
    }
}

/// A pill: a symbol hidden from screen readers and the words, so colour is
/// never the only signal.
fn pill(out: &mut String, class: &str, key: &str, icon: &str, label: &str) {
    out.push_str("<span class=\"pill ");
    out.push_str(class);
    text(out, key);
    out.push_str("\"><span class=\"pill__icon\" aria-hidden=\"true\">");
    out.push_str(icon);
    out.push_str("</span> ");
    text(out, label);
    out.push_str("</span>");
}

/// An action's status with its symbol, and the overdue flag when asked for.
pub(crate) fn status(out: &mut String, s: &StatusView, overdue_flag: bool) {
    let icon = match s.key {
        Status::Done => "✓",
        Status::Cancelled => "⊘",
        Status::InProgress => "◐",
        Status::Open => "○",
    };
    pill(out, "pill--", s.key.as_str(), icon, &s.label);
    if overdue_flag && s.overdue {
        out.push_str(" <span class=\"pill pill--overdue\"><span class=\"pill__icon\" aria-hidden=\"true\">⚠</span> Overdue</span>");
    }
}

/// A state (`good`, `warn`, `bad`, anything else neutral) with its words.
pub(crate) fn state(out: &mut String, state: &str, label: &str) {
    let icon = match state {
        "good" => "✓",
        "warn" => "⚠",
        "bad" => "✗",
        _ => "–",
    };
    out.push_str("<span class=\"state state--");
    text(out, state);
    out.push_str("\"><span class=\"state__icon\" aria-hidden=\"true\">");
    out.push_str(icon);
    out.push_str("</span> ");
    text(out, label);
    out.push_str("</span>");
}

/// A finding's severity.
pub(crate) fn severity(out: &mut String, severity: Severity) {
    if severity == Severity::Error {
        pill(out, "pill--", "error", "✗", "Error");
    } else {
        pill(out, "pill--", "warning", "⚠", "Warning");
    }
}

/// An evidence file's state against `evidence.lock` (none, written
/// `outside`, for evidence that lives elsewhere: never locked).
pub(crate) fn lock(out: &mut String, state: Option<LockState>, label: &str) {
    let icon = match state {
        Some(LockState::Matches) => "✓",
        Some(LockState::NotYetLocked) => "+",
        None => "↗",
        Some(LockState::Differs | LockState::Missing) => "✗",
    };
    pill(
        out,
        "pill--lock-",
        state.map_or("outside", Key::key),
        icon,
        label,
    );
}

/// A document's sign-off state, or a dash when it needs none.
pub(crate) fn signoff(out: &mut String, state: &str, label: &str) {
    if label.is_empty() {
        out.push_str("<span class=\"muted\">—</span>");
        return;
    }
    let icon = match state {
        "signed" => "✓",
        "changed" => "✗",
        "late" => "⚠",
        _ => "○",
    };
    pill(out, "pill--signoff-", state, icon, label);
}

/// A table row's references without the clause whose page shows the table
/// (`except`, root-relative; every row there cites it), or "none other".
pub(crate) fn refs_except(out: &mut String, root: &str, refs: &[RefView], except: &str) {
    let shown = || other_refs(refs, except);
    if !refs.is_empty() && shown().next().is_none() {
        out.push_str("<span class=\"muted\">none other</span>");
    } else {
        chips(out, root, shown(), false);
    }
}

/// `refs` less the one linking to `except` (root-relative; empty: none
/// left out): what a row on that clause's page cites besides it.
pub(crate) fn other_refs<'a>(
    refs: &'a [RefView],
    except: &'a str,
) -> impl Iterator<Item = &'a RefView> + 'a {
    refs.iter()
        .filter(move |r| except.is_empty() || r.href != except)
}

/// Clause and control references as linked chips, or a dash when none.
/// `titles` puts each clause's name in a tooltip: on a page about one item
/// it helps; in a table row it is the name again on every row citing the
/// clause (27 MB of a 10,000-review site), and the clause page names it.
pub(crate) fn refs(out: &mut String, root: &str, refs: &[RefView], titles: bool) {
    chips(out, root, refs.iter(), titles);
}

/// The chips of `refs`, or a dash when there are none.
fn chips<'a>(out: &mut String, root: &str, refs: impl Iterator<Item = &'a RefView>, titles: bool) {
    let mut refs = refs.peekable();
    if refs.peek().is_none() {
        out.push_str("<span class=\"muted\">—</span>");
        return;
    }
    out.push_str("<ul class=\"refs\">");
    for r in refs {
        out.push_str("<li>");
        if r.href.is_empty() {
            out.push_str("<span class=\"ref ref--unknown\"");
        } else {
            out.push_str("<a class=\"ref\" href=\"");
            href(out, root, &r.href);
            out.push('"');
        }
        if titles && !r.title.is_empty() {
            out.push_str(" title=\"");
            text(out, &r.title);
            out.push('"');
        }
        out.push('>');
        text(out, &r.id);
        out.push_str(if r.href.is_empty() { "</span>" } else { "</a>" });
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// One reference with its title, for lists and headings.
pub(crate) fn ref_full(out: &mut String, root: &str, r: &RefView) {
    link_or(out, root, "ref", &r.href, &r.id, Some("ref ref--unknown"));
    if !r.title.is_empty() {
        out.push_str(" <span class=\"ref-title\">");
        text(out, &r.title);
        out.push_str("</span>");
    }
}

/// A link to evidence outside the site: a plain link (nothing is loaded
/// from outside) that opens no window relation and sends no referrer,
/// marked "outside the bundle" in words, not only by its icon.
pub(crate) fn outside_link(out: &mut String, url: &str, label: &str) {
    out.push_str("<a class=\"outside-link\" href=\"");
    text(out, url);
    out.push_str("\" rel=\"noopener noreferrer\">");
    text(out, label);
    out.push_str("</a> <span class=\"outside-marker\"><span aria-hidden=\"true\">↗</span> outside the bundle</span>");
}

/// The validity of evidence: its last valid day and what that means as of
/// the as-of date, or a dash without `valid_until`.
pub(crate) fn validity(
    out: &mut String,
    valid_until: &str,
    state: Option<ValidityState>,
    label: &str,
) {
    if valid_until.is_empty() {
        out.push_str("<span class=\"muted\">—</span>");
        return;
    }
    time(out, valid_until);
    out.push(' ');
    let icon = match state {
        Some(ValidityState::Expired) => "✗",
        Some(ValidityState::Expiring) => "⚠",
        Some(ValidityState::Valid) => "✓",
        Some(ValidityState::History) | None => "○",
    };
    pill(
        out,
        "pill--validity-",
        state.map_or("", Key::key),
        icon,
        label,
    );
}

/// A SHA-256 digest in full, or "not hashed".
pub(crate) fn hash(out: &mut String, h: &str) {
    if h.is_empty() {
        out.push_str("<span class=\"muted\">not hashed</span>");
    } else {
        out.push_str("<code class=\"hash\">");
        text(out, h);
        out.push_str("</code>");
    }
}

/// A due date, with the date first set and how often it moved when it was
/// re-planned (an auditor looks for actions that keep slipping).
pub(crate) fn due(out: &mut String, due: &str, was: &str, replans: usize) {
    date(out, due, "—");
    if !was.is_empty() {
        out.push_str("<span class=\"replanned\"> (re-planned from ");
        time(out, was);
        if replans > 1 {
            out.push_str("; moved ");
            out.push_str(&replans.to_string());
            out.push_str(" times");
        }
        out.push_str(")</span>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut String)) -> String {
        let mut s = String::new();
        f(&mut s);
        s
    }

    #[test]
    fn a_row_leaves_out_the_clause_its_page_is_about() {
        let r = |id: &str| RefView {
            id: id.into(),
            title: "T".into(),
            href: format!("clauses/c/{id}/index.html"),
        };
        let both = [r("a"), r("b")];
        let html = written(|o| refs_except(o, "../", &both, "clauses/c/a/index.html"));
        assert_eq!(
            html,
            "<ul class=\"refs\"><li><a class=\"ref\" href=\"../clauses/c/b/index.html\">b</a></li></ul>"
        );
        let only = [r("a")];
        let html = written(|o| refs_except(o, "../", &only, "clauses/c/a/index.html"));
        assert_eq!(html, "<span class=\"muted\">none other</span>");
        // Elsewhere (no page clause) every reference is listed.
        let html = written(|o| refs_except(o, "../", &only, ""));
        assert!(html.contains(">a</a>"), "{html}");
    }

    /// Word-at-a-time escaping writes what escaping byte by byte writes, for
    /// every escaped byte at every position of a word and across words, next
    /// to multi-byte characters and bytes with the high bit set.
    #[test]
    fn text_escapes_exactly_as_byte_by_byte() {
        let by_byte = |s: &str| {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect::<String>()
        };
        let pieces = [
            "&", "<", ">", "\"", "'", "a", " ", "é", "—", "%", "\u{7f}", "€&",
        ];
        for len in 0..20 {
            for (k, piece) in pieces.iter().enumerate() {
                for at in 0..=len {
                    let filler: String = "xyz.-!=?".chars().cycle().take(len).collect();
                    let mut s = filler.clone();
                    s.insert_str(at, piece);
                    s.push_str(pieces[(k + len) % pieces.len()]);
                    assert_eq!(written(|o| text(o, &s)), by_byte(&s), "{s:?}");
                }
            }
        }
        assert!(!has_markup_byte(u64::from_le_bytes(*b"abcdefgh")));
        for b in [b'&', b'<', b'>', b'"', b'\''] {
            for at in 0..8 {
                let mut w = *b"\x80\xff%=?;\x00\x7f";
                w[at] = b;
                assert!(has_markup_byte(u64::from_le_bytes(w)), "{b} at {at}");
            }
        }
    }

    #[test]
    fn text_escapes_the_five_characters_the_templates_escape() {
        let mut s = String::new();
        text(&mut s, r#"a&b<c>d"e'f/g"#);
        assert_eq!(s, "a&amp;b&lt;c&gt;d&quot;e&#39;f/g");
    }

    #[test]
    fn a_person_without_a_page_is_marked_unknown() {
        let p = PersonRef {
            id: "x".into(),
            name: "X <Y>".into(),
            role: "R".into(),
            href: String::new(),
        };
        let mut s = String::new();
        person(&mut s, "../", &p, true);
        assert_eq!(
            s,
            r#"<span class="person unknown-person">X &lt;Y&gt;</span> <span class="role">R</span>"#
        );
    }

    #[test]
    fn a_replanned_due_date_shows_where_it_started() {
        let mut s = String::new();
        due(&mut s, "2026-03-01", "2026-01-01", 2);
        assert_eq!(
            s,
            "<time>2026-03-01</time><span class=\"replanned\"> (re-planned from <time>2026-01-01</time>; moved 2 times)</span>"
        );
    }
}
