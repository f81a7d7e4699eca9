//! Reviews and records: the lists of them, their decisions, attendance and
//! approvals.

use super::{Wrap, empty, head};
use crate::render::html;
use crate::render::views::{
    ApprovalView, AttendanceRow, DecisionView, DocumentRow, Key, PersonRef,
};

/// How a table of reviews or records is shown.
pub(crate) struct DocumentTable<'a> {
    /// Element id (also names the caption).
    pub id: &'a str,
    /// Caption.
    pub caption: &'a str,
    /// Reviews: coverage, decisions and sign-off columns too.
    pub reviews: bool,
    /// Sortable by the page script.
    pub sortable: bool,
    /// Shown when there is no row.
    pub empty: &'a str,
}

/// Reviews or records with date, id and title, kind, and for reviews the
/// inputs covered, decisions and sign-off; actions raised for both.
pub(crate) fn documents(root: &str, rows: &[DocumentRow], t: &DocumentTable<'_>) -> String {
    let wrap = Wrap {
        id: t.id,
        caption: t.caption,
        class: "documents-table",
        sortable: t.sortable,
    };
    let mut out = match wrap.start(rows.len(), 800, t.empty) {
        Ok(out) => out,
        Err(empty) => return empty,
    };
    out.push_str("<thead>\n<tr>");
    head(&mut out, "date", "Date");
    head(&mut out, "text", "Document");
    head(&mut out, "text", "Kind");
    if t.reviews {
        head(&mut out, "text", "Inputs covered");
        out.push_str("\n<th scope=\"col\" data-sort=\"number\" class=\"num\">Decisions</th>");
    }
    out.push_str("\n<th scope=\"col\" data-sort=\"number\" class=\"num\">Actions raised</th>");
    if t.reviews {
        head(&mut out, "text", "Sign-off");
    }
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for d in rows {
        out.push_str("\n<tr>\n<td>");
        html::date(&mut out, &d.date, "—");
        out.push_str("</td>\n<th scope=\"row\"><a href=\"");
        html::href(&mut out, root, &d.href);
        out.push_str("\">");
        html::text(&mut out, &d.id);
        out.push_str("</a>");
        if d.title != d.id {
            out.push_str("<br><span class=\"small\">");
            html::text(&mut out, &d.title);
            out.push_str("</span>");
        }
        out.push_str("</th>\n<td>");
        html::text(&mut out, &d.kind);
        out.push_str("</td>");
        if t.reviews {
            out.push_str("\n<td class=\"nowrap\">");
            if d.coverage.is_empty() {
                out.push_str("<span class=\"muted\">—</span>");
            } else {
                html::text(&mut out, &d.coverage);
            }
            out.push_str("</td>\n<td class=\"num\">");
            out.push_str(&d.decisions.to_string());
            out.push_str("</td>");
        }
        out.push_str("\n<td class=\"num\">");
        out.push_str(&d.actions_raised.to_string());
        out.push_str("</td>");
        if t.reviews {
            out.push_str("\n<td>");
            html::signoff(&mut out, d.signoff_state.map_or("", Key::key), &d.signoff);
            out.push_str("</td>");
        }
        out.push_str("\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// Decisions with their id, where and when they were taken (`show_review`),
/// the text and the references, less `except_ref` (root-relative; on a
/// clause page every decision listed cites that clause: the chip said it
/// again on each row, 13 MB of a 10,000-review site).
pub(crate) fn decisions(
    root: &str,
    rows: &[DecisionView],
    show_review: bool,
    empty_text: &str,
    except_ref: &str,
) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 700);
    if rows.is_empty() {
        empty(&mut out, empty_text);
        return out;
    }
    out.push_str("\n<ol class=\"decisions\">");
    for d in rows {
        out.push_str("\n<li class=\"decision\" id=\"decision-");
        html::text(&mut out, &d.id.to_lowercase());
        out.push_str("\">\n<p class=\"decision__meta\"><span class=\"decision__id\">");
        html::text(&mut out, &d.id);
        out.push_str("</span>");
        if show_review {
            out.push_str(" · ");
            html::link(&mut out, root, &d.review);
        }
        if !d.date.is_empty() {
            out.push_str(" · ");
            html::date(&mut out, &d.date, "—");
        }
        out.push_str("</p>\n<p class=\"decision__text\">");
        html::text(&mut out, &d.text);
        out.push_str("</p>");
        decision_acts(&mut out, root, d);
        if html::other_refs(&d.refs, except_ref).next().is_some() {
            out.push_str("\n<div class=\"decision__refs\"><span class=\"visually-hidden\">References: </span>");
            html::refs_except(&mut out, root, &d.refs, except_ref);
            out.push_str("</div>");
        }
        out.push_str("\n</li>");
    }
    out.push_str("\n</ol>\n");
    out
}

/// A decision's owner, due date and the actions it creates, when given.
fn decision_acts(out: &mut String, root: &str, d: &DecisionView) {
    if d.owner.is_none() && d.due.is_empty() && d.actions.is_empty() {
        return;
    }
    out.push_str("\n<p class=\"decision__acts\">");
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(" · ");
        }
        first = false;
    };
    if let Some(p) = &d.owner {
        sep(out);
        out.push_str("Owner: ");
        html::person(out, root, p, false);
    }
    if !d.due.is_empty() {
        sep(out);
        out.push_str("Due: ");
        html::date(out, &d.due, "—");
    }
    if !d.actions.is_empty() {
        sep(out);
        out.push_str("Creates: ");
        for (i, a) in d.actions.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            html::link(out, root, a);
        }
    }
    out.push_str("</p>");
}

/// The items of a review's attendance lists: each person with their role,
/// tagged `Chair` or `Secretary` where they held that role.
pub(crate) fn people_items(root: &str, people: &[(&PersonRef, Option<&str>)]) -> String {
    let mut out = String::with_capacity(people.len() * 200);
    for (p, tag) in people {
        out.push_str("\n<li>");
        html::person(&mut out, root, p, true);
        if let Some(tag) = tag {
            out.push_str(" <span class=\"tag\">");
            html::text(&mut out, tag);
            out.push_str("</span>");
        }
        out.push_str("</li>");
    }
    out
}

/// The rows of a person's attendance table: date, review, role, present.
pub(crate) fn attendance_rows(root: &str, rows: &[AttendanceRow]) -> String {
    let mut out = String::with_capacity(rows.len() * 400);
    for r in rows {
        out.push_str("\n<tr>\n<td>");
        html::date(&mut out, &r.date, "—");
        out.push_str("</td>\n<th scope=\"row\">");
        html::link(&mut out, root, &r.review);
        out.push_str("</th>\n<td>");
        html::text(&mut out, &r.role);
        out.push_str("</td>\n<td>");
        out.push_str(if r.present {
            "<span class=\"check check--yes\"><span aria-hidden=\"true\">✓</span> Present</span>"
        } else {
            "<span class=\"check check--absent\"><span aria-hidden=\"true\">–</span> Absent</span>"
        });
        out.push_str("</td>\n</tr>");
    }
    out
}

/// The rows of a review's approvals table: who, when, the digest approved and
/// whether it still matches the minutes.
pub(crate) fn approval_rows(root: &str, rows: &[ApprovalView]) -> String {
    let mut out = String::with_capacity(rows.len() * 500);
    for a in rows {
        out.push_str("\n<tr>\n<th scope=\"row\">");
        html::person(&mut out, root, &a.person, true);
        out.push_str("</th>\n<td>");
        html::date(&mut out, &a.date, "—");
        out.push_str("</td>\n<td class=\"hash-cell\">");
        html::hash(&mut out, &a.sha256);
        out.push_str("</td>\n<td>");
        if !a.counts {
            // Shown, never counted: the same judgement as MB052's.
            html::state(&mut out, "bad", "Does not count: may not sign");
        } else if a.matches {
            html::state(&mut out, "good", "Matches");
        } else {
            html::state(&mut out, "bad", "Does not match");
        }
        out.push_str("</td>\n</tr>");
    }
    out
}
