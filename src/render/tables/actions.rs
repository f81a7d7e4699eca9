//! Action tables and an action's page: the register and its rows, the
//! facts at the top of an action's page, its timeline, and the updates a
//! document reports on earlier actions.

use super::{Wrap, head};
use crate::model::Status;
use crate::render::html;
use crate::render::views::{ActionRow, PersonRef, TimelineItem, UpdateRow};
use std::sync::Arc;

/// How an action table is shown: which columns, and what it says when empty.
pub(crate) struct ActionTable<'a> {
    /// Element id (also names the caption).
    pub id: &'a str,
    /// Caption.
    pub caption: &'a str,
    /// Owner column (not on a person's own page).
    pub show_owner: bool,
    /// Raised column (not on the page of the document that raised them).
    pub show_raised: bool,
    /// Closed column.
    pub show_closed: bool,
    /// Sortable by the page script.
    pub sortable: bool,
    /// Rows carry `data-status`, `data-owner`, `data-overdue` for the register's filters.
    pub filterable: bool,
    /// Shown when there is no row.
    pub empty: &'a str,
    /// The root-relative page of the clause this table is shown on, left
    /// out of each row's references (every row cites it: that is why the
    /// row is there), or empty.
    pub except_ref: &'a str,
}

impl<'a> ActionTable<'a> {
    /// Every column, sortable, not filterable.
    pub(crate) fn new(id: &'a str, caption: &'a str, empty: &'a str) -> Self {
        ActionTable {
            id,
            caption,
            show_owner: true,
            show_raised: true,
            show_closed: true,
            sortable: true,
            filterable: false,
            empty,
            except_ref: "",
        }
    }
}

/// Actions with owner, due date (re-planning visible), status, where raised,
/// when closed and references.
pub(crate) fn actions(root: &str, rows: &[Arc<ActionRow>], t: &ActionTable<'_>) -> String {
    let wrap = Wrap {
        id: t.id,
        caption: t.caption,
        class: "actions-table",
        sortable: t.sortable,
    };
    let mut out = match wrap.start(rows.len(), 1300, t.empty) {
        Ok(out) => out,
        Err(empty) => return empty,
    };
    out.push_str("<thead>\n<tr>");
    head(&mut out, "text", "Action");
    head(&mut out, "text", "Title");
    head(&mut out, "text", "Kind");
    if t.show_owner {
        head(&mut out, "text", "Owner");
    }
    head(&mut out, "date", "Due");
    head(&mut out, "text", "Status");
    if t.show_raised {
        head(&mut out, "date", "Raised");
    }
    if t.show_closed {
        head(&mut out, "date", "Closed");
    }
    head(&mut out, "", "References");
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for a in rows {
        action_row(&mut out, root, a, t);
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

fn action_row(out: &mut String, root: &str, a: &ActionRow, t: &ActionTable<'_>) {
    let overdue = if a.status.overdue { "true" } else { "false" };
    out.push_str("\n<tr class=\"status-");
    html::text(out, a.status.key.as_str());
    if a.status.overdue {
        out.push_str(" is-overdue");
    }
    out.push('"');
    if t.filterable {
        out.push_str(" data-status=\"");
        html::text(out, a.status.key.as_str());
        out.push_str("\" data-owner=\"");
        html::text(out, &a.owner.id);
        out.push_str("\" data-overdue=\"");
        out.push_str(overdue);
        out.push('"');
    }
    out.push_str(">\n<th scope=\"row\"><a href=\"");
    html::href(out, root, &a.href);
    out.push_str("\">");
    html::text(out, &a.id);
    out.push_str("</a></th>\n<td class=\"title-cell\">");
    html::text(out, &a.title);
    out.push_str("</td>\n<td>");
    html::text(out, &a.kind_label);
    out.push_str("</td>");
    if t.show_owner {
        out.push_str("\n<td>");
        html::person(out, root, &a.owner, false);
        out.push_str("</td>");
    }
    out.push_str("\n<td>");
    html::due(out, &a.due, &a.original_due, a.replans);
    out.push_str("</td>\n<td data-sort-value=\"");
    out.push_str(overdue);
    out.push('-');
    html::text(out, a.status.key.as_str());
    out.push_str("\">");
    html::status(out, &a.status, true);
    out.push_str("</td>");
    if t.show_raised {
        out.push_str("\n<td>");
        html::date(out, &a.raised_on, "—");
        out.push_str("<br><span class=\"small raised-in\">");
        html::link(out, root, &a.raised_in);
        out.push_str("</span></td>");
    }
    if t.show_closed {
        out.push_str("\n<td>");
        html::date(out, &a.closed_on, "—");
        out.push_str("</td>");
    }
    out.push_str("\n<td>");
    html::refs_except(out, root, &a.refs, t.except_ref);
    out.push_str("</td>\n</tr>");
}

/// The facts at the top of an action's page: owner (with role), supporters,
/// due date with its re-planning, where and when raised, when closed, and the
/// references.
pub(crate) fn action_facts(root: &str, a: &ActionRow, support: &[PersonRef]) -> String {
    let mut out = String::with_capacity(1200);
    out.push_str("\n<div><dt>Owner</dt><dd>");
    html::person(&mut out, root, &a.owner, true);
    out.push_str("</dd></div>");
    if !support.is_empty() {
        out.push_str("\n<div><dt>Supported by</dt><dd>");
        for (i, p) in support.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            html::person(&mut out, root, p, false);
        }
        out.push_str("</dd></div>");
    }
    out.push_str("\n<div><dt>Due</dt><dd>");
    html::due(&mut out, &a.due, &a.original_due, a.replans);
    out.push_str("</dd></div>\n<div><dt>Raised</dt><dd>");
    html::date(&mut out, &a.raised_on, "—");
    out.push_str(" in ");
    html::link(&mut out, root, &a.raised_in);
    out.push_str("</dd></div>");
    if !a.closed_on.is_empty() {
        out.push_str(if a.status.key == Status::Cancelled {
            "\n<div><dt>Cancelled</dt><dd>"
        } else {
            "\n<div><dt>Closed</dt><dd>"
        });
        html::date(&mut out, &a.closed_on, "—");
        out.push_str("</dd></div>");
    }
    out.push_str("\n<div class=\"facts__wide\"><dt>References</dt><dd>");
    html::refs(&mut out, root, &a.refs, true);
    out.push_str("</dd></div>");
    out
}

/// The items of an action's timeline: when, what, in which document, the
/// status and due date then, the note and the evidence given.
pub(crate) fn timeline_items(root: &str, items: &[TimelineItem]) -> String {
    let mut out = String::with_capacity(items.len() * 900);
    for t in items {
        out.push_str("\n<li class=\"timeline__item timeline__item--");
        html::text(&mut out, t.status.key.as_str());
        out.push_str("\">\n<p class=\"timeline__head\">");
        html::date(&mut out, &t.date, "—");
        out.push(' ');
        html::text(&mut out, &t.what);
        out.push_str(" in ");
        html::link(&mut out, root, &t.document);
        out.push_str("</p>\n<p class=\"timeline__status\">");
        html::status(&mut out, &t.status, false);
        if !t.due.is_empty() {
            out.push_str(" <span class=\"timeline__due\">due ");
            html::due(&mut out, &t.due, &t.replanned_from, 0);
            out.push_str("</span>");
        }
        out.push_str("</p>");
        if !t.note.is_empty() {
            out.push_str("\n<p class=\"timeline__note\">");
            html::text(&mut out, &t.note);
            out.push_str("</p>");
        }
        if !t.evidence.is_empty() {
            out.push_str("\n<div class=\"timeline__evidence\"><p class=\"small\">Evidence:</p>");
            super::evidence::evidence_list(&mut out, root, &t.evidence);
            out.push_str("</div>");
        }
        out.push_str("\n</li>");
    }
    out
}

/// The rows of a document's "status of previous actions" table: each update
/// with the action's owner, the status reported, the due date then in force
/// and the note and evidence given with it.
pub(crate) fn update_rows(root: &str, rows: &[UpdateRow]) -> String {
    let mut out = String::with_capacity(rows.len() * 900);
    for u in rows {
        out.push_str("\n<tr class=\"status-");
        html::text(&mut out, u.status.key.as_str());
        out.push_str("\">\n<th scope=\"row\">");
        html::link(&mut out, root, &u.action);
        out.push_str("</th>\n<td class=\"title-cell\">");
        html::text(&mut out, &u.title);
        out.push_str("</td>\n<td>");
        match &u.owner {
            Some(p) => html::person(&mut out, root, p, false),
            None => out.push_str("<span class=\"muted\">—</span>"),
        }
        out.push_str("</td>\n<td>");
        html::status(&mut out, &u.status, true);
        out.push_str("</td>\n<td>");
        if u.due.is_empty() {
            out.push_str("<span class=\"muted\">—</span>");
        } else {
            html::due(&mut out, &u.due, &u.replanned_from, 0);
        }
        out.push_str("</td>\n<td class=\"note-cell\">");
        if !u.note.is_empty() {
            out.push_str("<p>");
            html::text(&mut out, &u.note);
            out.push_str("</p>");
        }
        super::evidence::evidence_list(&mut out, root, &u.evidence);
        if u.note.is_empty() && u.evidence.is_empty() {
            out.push_str("<span class=\"muted\">—</span>");
        }
        out.push_str("</td>\n</tr>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::{LinkView, StatusView};

    fn row(id: &str, status: Status, overdue: bool) -> Arc<ActionRow> {
        Arc::new(ActionRow {
            id: id.into(),
            href: format!("actions/{}/index.html", id.to_lowercase()),
            title: "Fix <it>".into(),
            kind: crate::model::ActionKind::RiskTreatment,
            kind_label: "Risk treatment".into(),
            owner: PersonRef {
                id: "ciso".into(),
                name: "Priya".into(),
                role: String::new(),
                href: "people/ciso/index.html".into(),
            },
            due: "2026-02-01".into(),
            original_due: String::new(),
            replans: 0,
            status: StatusView {
                key: status,
                label: "Open".into(),
                overdue,
            },
            raised_in: LinkView {
                href: "reviews/mr-1/index.html".into(),
                text: "MR-1".into(),
            },
            raised_on: "2026-01-01".into(),
            closed_on: String::new(),
            refs: Vec::new(),
        })
    }

    #[test]
    fn an_empty_table_is_the_empty_message_alone() {
        let t = ActionTable::new("x", "Caption", "Nothing <here>.");
        assert_eq!(
            actions("../", &[], &t),
            "\n<p class=\"empty\">Nothing &lt;here&gt;.</p>\n"
        );
    }

    #[test]
    fn the_register_rows_carry_what_its_filters_read() {
        let t = ActionTable {
            filterable: true,
            ..ActionTable::new("action-register", "Register", "none")
        };
        let html = actions("../", &[row("A-1", Status::Open, true)], &t);
        assert!(html.contains(
            "<tr class=\"status-open is-overdue\" data-status=\"open\" data-owner=\"ciso\" data-overdue=\"true\">"
        ));
        assert!(html.contains("<a href=\"../actions/a-1/index.html\">A-1</a>"));
        assert!(html.contains("<td class=\"title-cell\">Fix &lt;it&gt;</td>"));
        assert!(html.contains("<td data-sort-value=\"true-open\">"));
        let plain = actions(
            "../",
            &[row("A-1", Status::Open, true)],
            &ActionTable::new("a", "c", "e"),
        );
        assert!(!plain.contains("data-owner"));
    }

    #[test]
    fn columns_left_out_are_left_out_of_head_and_rows() {
        let t = ActionTable {
            show_owner: false,
            show_raised: false,
            show_closed: false,
            ..ActionTable::new("a", "c", "e")
        };
        let html = actions("../../", &[row("A-1", Status::Done, false)], &t);
        assert_eq!(html.matches("<th scope=\"col\"").count(), 6);
        assert!(!html.contains("people/ciso"));
        assert!(!html.contains("raised-in"));
        let cells = html.matches("\n<td").count() + html.matches("\n<th scope=\"row\"").count();
        assert_eq!(cells, 6, "{html}");
    }
}
