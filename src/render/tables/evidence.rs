//! Evidence tables: the register, the files attached to a document or an
//! update, and the audit index's evidence trail per requirement.

use super::{Wrap, head};
use crate::derive::locking::LockState;
use crate::render::html;
use crate::render::views::{EvidenceRow, Key, RequirementTrail};
use std::sync::Arc;

/// How an evidence table is shown.
pub(crate) struct EvidenceTable<'a> {
    /// Element id (also names the caption).
    pub id: &'a str,
    /// Caption.
    pub caption: &'a str,
    /// References column.
    pub show_refs: bool,
    /// Each row carries its anchor as `id`, so other pages can link to a file's row.
    pub row_ids: bool,
    /// Every referencing document is listed (the register); elsewhere a
    /// file referenced by more than [`LISTED_REFERRERS`] links to its register row.
    pub all_referrers: bool,
    /// Shown when there is no row.
    pub empty: &'a str,
    /// A validity column (`valid_until` and what it means as of the as-of date).
    pub show_validity: bool,
}

/// Most documents an evidence table outside the register lists as
/// referencing a file; a file referenced by more is linked to its register
/// row, which lists them all.
pub(super) const LISTED_REFERRERS: usize = 10;

/// Evidence files with type, size, SHA-256, lock state, the documents that
/// reference them and their references.
pub(crate) fn evidence(root: &str, rows: &[Arc<EvidenceRow>], t: &EvidenceTable<'_>) -> String {
    let wrap = Wrap {
        id: t.id,
        caption: t.caption,
        class: "evidence-table",
        sortable: true,
    };
    let mut out = match wrap.start(rows.len(), 1100, t.empty) {
        Ok(out) => out,
        Err(empty) => return empty,
    };
    // A validity column wherever some row has a `valid_until`.
    let show_validity = t.show_validity || rows.iter().any(|r| !r.valid_until.is_empty());
    out.push_str("<thead>\n<tr>");
    head(&mut out, "text", "Evidence");
    head(&mut out, "text", "Type");
    head(&mut out, "number", "Size");
    head(&mut out, "", "SHA-256");
    head(&mut out, "text", "Lock");
    if show_validity {
        head(&mut out, "text", "Valid until");
    }
    head(&mut out, "", "Referenced by");
    if t.show_refs {
        head(&mut out, "", "References");
    }
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for e in rows {
        out.push_str("\n<tr class=\"lock-");
        html::text(&mut out, e.lock_state.map_or("outside", Key::key));
        out.push('"');
        if t.row_ids {
            out.push_str(" id=\"");
            html::text(&mut out, &e.anchor);
            out.push('"');
        }
        out.push_str(">\n<th scope=\"row\" class=\"evidence-cell\">");
        if e.url.is_empty() {
            html::link_or(&mut out, root, "", &e.href, &e.title, Some(""));
        } else {
            html::outside_link(&mut out, &e.url, &e.title);
        }
        out.push_str("\n<code class=\"path\">");
        html::text(&mut out, &e.path);
        out.push_str("</code>");
        if !e.retrieved.is_empty() {
            out.push_str("\n<span class=\"small muted\">retrieved ");
            html::date(&mut out, &e.retrieved, "");
            out.push_str("</span>");
        }
        out.push_str("\n</th>\n<td>");
        html::text(&mut out, &e.kind);
        out.push_str("</td>\n<td class=\"num\" data-sort-value=\"");
        out.push_str(&e.size.to_string());
        out.push_str("\">");
        if e.url.is_empty() {
            html::text(&mut out, &e.size_human);
        } else {
            out.push_str("<span class=\"muted\">—</span>");
        }
        out.push_str("</td>\n<td class=\"hash-cell\">");
        outside_or_file_hash(&mut out, e);
        out.push_str("</td>\n<td>");
        html::lock(&mut out, e.lock_state, &e.lock_label);
        if show_validity {
            out.push_str("</td>\n<td class=\"nowrap\" data-sort-value=\"");
            html::text(&mut out, &e.valid_until);
            out.push_str("\">");
            html::validity(
                &mut out,
                &e.valid_until,
                e.validity_state,
                &e.validity_label,
            );
        }
        out.push_str("</td>\n<td>");
        let many = e.referenced_by.len();
        if many == 0 {
            out.push_str("<span class=\"muted\">None</span>");
        } else if !t.all_referrers && many > LISTED_REFERRERS {
            // A file attached to every review (a risk register, the scope
            // statement) would list every review on every review's page.
            out.push_str("<a href=\"");
            html::href(&mut out, root, &e.row_href);
            out.push_str("\">");
            out.push_str(&many.to_string());
            out.push_str(" documents</a> <span class=\"small muted\">(listed in the evidence register)</span>");
        } else {
            out.push_str("<ul class=\"plain\">");
            for l in &e.referenced_by {
                out.push_str("<li>");
                html::link(&mut out, root, l);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</td>");
        if t.show_refs {
            out.push_str("\n<td>");
            html::refs(&mut out, root, &e.refs, false);
            out.push_str("</td>");
        }
        out.push_str("\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// The SHA-256 cell: a file's digest; for outside evidence the digest its
/// author recorded (shown, never checked: the site stays offline).
fn outside_or_file_hash(out: &mut String, e: &EvidenceRow) {
    if e.url.is_empty() {
        html::hash(out, &e.sha256);
    } else if e.sha256.is_empty() {
        out.push_str("<span class=\"muted\">no digest recorded</span>");
    } else {
        html::hash(out, &e.sha256);
        out.push_str(" <span class=\"small muted\">(recorded by the author, not checked)</span>");
    }
}

/// Evidence attached to an update or a timeline entry: title, type, size, its
/// lock state when not as locked, and the SHA-256; outside evidence as an
/// outside link with its recorded digest and retrieval date; validity when
/// given. Nothing when there is none.
pub(crate) fn evidence_list(out: &mut String, root: &str, rows: &[Arc<EvidenceRow>]) {
    if rows.is_empty() {
        return;
    }
    out.push_str("<ul class=\"evidence-list\">");
    for e in rows {
        out.push_str("\n<li>");
        if e.url.is_empty() {
            html::link_or(out, root, "", &e.href, &e.title, None);
            out.push_str(" <span class=\"small muted\">(");
            html::text(out, &e.kind);
            out.push_str(", ");
            html::text(out, &e.size_human);
            out.push_str(")</span>");
            if e.lock_state != Some(LockState::Matches) {
                out.push(' ');
                html::lock(out, e.lock_state, &e.lock_label);
            }
        } else {
            html::outside_link(out, &e.url, &e.title);
            if !e.retrieved.is_empty() {
                out.push_str(" <span class=\"small muted\">(retrieved ");
                html::date(out, &e.retrieved, "");
                out.push_str(")</span>");
            }
        }
        if !e.valid_until.is_empty() {
            out.push_str(" <span class=\"small\">valid until ");
            html::validity(out, &e.valid_until, e.validity_state, &e.validity_label);
            out.push_str("</span>");
        }
        if e.url.is_empty() || !e.sha256.is_empty() {
            out.push_str("<br><code class=\"hash hash--small\" title=\"SHA-256\">");
            html::text(out, &e.sha256);
            out.push_str("</code>");
            if !e.url.is_empty() {
                out.push_str(
                    " <span class=\"small muted\">(recorded by the author, not checked)</span>",
                );
            }
        }
        out.push_str("</li>");
    }
    out.push_str("\n</ul>");
}

/// The last item of a trail list cut short: how many more, linked to the
/// item's page, which lists them all.
fn more(out: &mut String, root: &str, href: &str, n: usize, which: &str) {
    if n == 0 {
        return;
    }
    out.push_str("<li class=\"more\">");
    if href.is_empty() {
        out.push_str(&format!("and {n} {which}"));
    } else {
        out.push_str("<a href=\"");
        html::href(out, root, href);
        out.push_str(&format!("\">and {n} {which} on its page</a>"));
    }
    out.push_str("</li>");
}

/// The rows of the audit index's evidence trail: each requirement with the
/// review sections covering it, the evidence files referencing it (with their
/// lock state) and how many decisions and actions refer to it.
pub(crate) fn trail_rows(root: &str, rows: &[RequirementTrail]) -> String {
    let mut out = String::with_capacity(rows.len() * 2000);
    for r in rows {
        out.push_str("\n<tr>\n<th scope=\"row\">");
        html::ref_full(&mut out, root, &r.reference);
        out.push_str("</th>\n<td>");
        if r.sections.is_empty() {
            out.push_str("<span class=\"muted\">None</span>");
        } else {
            out.push_str("<ul class=\"plain trail-list\">");
            for s in &r.sections {
                out.push_str("<li>");
                html::date(&mut out, &s.date, "—");
                out.push_str(" <a href=\"");
                html::href(&mut out, root, &s.href);
                out.push_str("\">");
                html::text(&mut out, &s.document.text);
                out.push_str(": ");
                html::text(&mut out, &s.heading);
                out.push_str("</a></li>");
            }
            more(
                &mut out,
                root,
                &r.reference.href,
                r.more_sections,
                "earlier",
            );
            out.push_str("</ul>");
        }
        out.push_str("</td>\n<td>");
        if r.evidence.is_empty() {
            out.push_str("<span class=\"muted\">None</span>");
        } else {
            out.push_str("<ul class=\"plain trail-list\">");
            for e in &r.evidence {
                out.push_str("<li>");
                if e.url.is_empty() {
                    html::link_or(&mut out, root, "", &e.href, &e.title, None);
                } else {
                    html::outside_link(&mut out, &e.url, &e.title);
                }
                out.push(' ');
                html::lock(&mut out, e.lock_state, &e.lock_label);
                out.push_str("</li>");
            }
            more(&mut out, root, &r.reference.href, r.more_evidence, "more");
            out.push_str("</ul>");
        }
        out.push_str("</td>\n<td class=\"num\">");
        out.push_str(&r.decisions_and_actions.to_string());
        out.push_str("</td>\n</tr>");
    }
    out
}
