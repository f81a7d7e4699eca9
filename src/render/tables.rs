//! The site's data tables and lists (actions, evidence, decisions, coverage),
//! written as finished HTML that page views carry and templates place with
//! `| safe`. These are the rows a large site has by the hundred thousand: at
//! 10,000 reviews the register, clause, person and review pages hold about a
//! million cells, and running them through the template engine cell by cell
//! was most of the build. Page templates keep the layout, headings and prose;
//! a theme restyles tables with CSS (the class names are stable).
//!
//! Each function writes what the page shows when there is nothing to list
//! too (`empty`), so a template never has to test an HTML string.

use super::html;
use super::views::{
    ActionRow, ApprovalView, AttendanceRow, CoverageRow, DecisionView, DocumentRow, EvidenceRow,
    FindingView, MatrixRow, MetricValue, PersonRef, RequirementTrail, SectionRef, TimelineItem,
    UpdateRow,
};

/// A scrollable, keyboard-reachable table: caption, head and body.
struct Wrap<'a> {
    id: &'a str,
    caption: &'a str,
    class: &'a str,
    sortable: bool,
}

impl Wrap<'_> {
    /// A buffer with the table opened, sized for `rows` rows of about
    /// `row_bytes`; or, when there is no row, the `empty` message alone (Err).
    fn start(&self, rows: usize, row_bytes: usize, empty_text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(256 + rows * row_bytes);
        if rows == 0 {
            empty(&mut out, empty_text);
            return Err(out);
        }
        self.open(&mut out);
        Ok(out)
    }

    fn open(&self, out: &mut String) {
        out.push_str(
            "\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"",
        );
        html::text(out, self.id);
        out.push_str("-caption\">\n<table id=\"");
        html::text(out, self.id);
        out.push_str("\" class=\"data");
        if !self.class.is_empty() {
            out.push(' ');
            html::text(out, self.class);
        }
        out.push('"');
        if self.sortable {
            out.push_str(" data-sortable=\"true\"");
        }
        out.push_str(">\n<caption id=\"");
        html::text(out, self.id);
        out.push_str("-caption\">");
        html::text(out, self.caption);
        out.push_str("</caption>\n\n");
    }

    fn close(out: &mut String) {
        out.push_str("\n\n</table>\n</div>\n");
    }
}

/// The paragraph shown instead of an empty table.
fn empty(out: &mut String, text: &str) {
    out.push_str("\n<p class=\"empty\">");
    html::text(out, text);
    out.push_str("</p>\n");
}

/// One column head; `sort` is the kind of value the sorting script compares.
fn head(out: &mut String, sort: &str, label: &str) {
    out.push_str("\n  <th scope=\"col\"");
    if !sort.is_empty() {
        out.push_str(" data-sort=\"");
        out.push_str(sort);
        out.push('"');
    }
    out.push('>');
    out.push_str(label);
    out.push_str("</th>");
}

/// How an action table is shown: which columns, and what it says when empty.
pub struct ActionTable<'a> {
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
}

impl<'a> ActionTable<'a> {
    /// Every column, sortable, not filterable.
    pub fn new(id: &'a str, caption: &'a str, empty: &'a str) -> Self {
        ActionTable {
            id,
            caption,
            show_owner: true,
            show_raised: true,
            show_closed: true,
            sortable: true,
            filterable: false,
            empty,
        }
    }
}

/// Actions with owner, due date (re-planning visible), status, where raised,
/// when closed and references.
pub fn actions(root: &str, rows: &[ActionRow], t: &ActionTable) -> String {
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

fn action_row(out: &mut String, root: &str, a: &ActionRow, t: &ActionTable) {
    let overdue = if a.status.overdue { "true" } else { "false" };
    out.push_str("\n<tr class=\"status-");
    html::text(out, &a.status.key);
    if a.status.overdue {
        out.push_str(" is-overdue");
    }
    out.push('"');
    if t.filterable {
        out.push_str(" data-status=\"");
        html::text(out, &a.status.key);
        out.push_str("\" data-owner=\"");
        html::text(out, &a.owner.id);
        out.push_str("\" data-overdue=\"");
        out.push_str(overdue);
        out.push('"');
    }
    out.push_str(">\n  <th scope=\"row\" class=\"nowrap\"><a href=\"");
    html::href(out, root, &a.href);
    out.push_str("\">");
    html::text(out, &a.id);
    out.push_str("</a></th>\n  <td class=\"title-cell\">");
    html::text(out, &a.title);
    out.push_str("</td>\n  <td class=\"nowrap\">");
    html::text(out, &a.kind_label);
    out.push_str("</td>");
    if t.show_owner {
        out.push_str("\n  <td>");
        html::person(out, root, &a.owner, false);
        out.push_str("</td>");
    }
    out.push_str("\n  <td class=\"nowrap\" data-sort-value=\"");
    html::text(out, &a.due);
    out.push_str("\">");
    html::due(out, &a.due, &a.original_due, a.replans);
    out.push_str("</td>\n  <td data-sort-value=\"");
    out.push_str(overdue);
    out.push('-');
    html::text(out, &a.status.key);
    out.push_str("\">");
    html::status(out, &a.status, true);
    out.push_str("</td>");
    if t.show_raised {
        out.push_str("\n  <td data-sort-value=\"");
        html::text(out, &a.raised_on);
        out.push_str("\">");
        html::date(out, &a.raised_on, "—");
        out.push_str("<br><span class=\"small raised-in\">");
        html::link(out, root, &a.raised_in);
        out.push_str("</span></td>");
    }
    if t.show_closed {
        out.push_str("\n  <td class=\"nowrap\" data-sort-value=\"");
        html::text(out, &a.closed_on);
        out.push_str("\">");
        html::date(out, &a.closed_on, "—");
        out.push_str("</td>");
    }
    out.push_str("\n  <td>");
    html::refs(out, root, &a.refs);
    out.push_str("</td>\n</tr>");
}

/// How an evidence table is shown.
pub struct EvidenceTable<'a> {
    /// Element id (also names the caption).
    pub id: &'a str,
    /// Caption.
    pub caption: &'a str,
    /// References column.
    pub show_refs: bool,
    /// Each row carries its anchor as `id`, so other pages can link to a file's row.
    pub row_ids: bool,
    /// Shown when there is no row.
    pub empty: &'a str,
}

/// Evidence files with type, size, SHA-256, lock state, the documents that
/// reference them and their references.
pub fn evidence(root: &str, rows: &[EvidenceRow], t: &EvidenceTable) -> String {
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
    out.push_str("<thead>\n<tr>");
    head(&mut out, "text", "Evidence");
    head(&mut out, "text", "Type");
    head(&mut out, "number", "Size");
    head(&mut out, "", "SHA-256");
    head(&mut out, "text", "Lock");
    head(&mut out, "", "Referenced by");
    if t.show_refs {
        head(&mut out, "", "References");
    }
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for e in rows {
        out.push_str("\n<tr class=\"lock-");
        html::text(&mut out, &e.lock_state);
        out.push('"');
        if t.row_ids {
            out.push_str(" id=\"");
            html::text(&mut out, &e.anchor);
            out.push('"');
        }
        out.push_str(">\n  <th scope=\"row\" class=\"evidence-cell\">");
        if e.href.is_empty() {
            out.push_str("<span>");
            html::text(&mut out, &e.title);
            out.push_str("</span>");
        } else {
            html::anchor(&mut out, root, "", &e.href, &e.title);
        }
        out.push_str("\n    <code class=\"path\">");
        html::text(&mut out, &e.path);
        out.push_str("</code>\n  </th>\n  <td class=\"nowrap\">");
        html::text(&mut out, &e.kind);
        out.push_str("</td>\n  <td class=\"nowrap num\" data-sort-value=\"");
        out.push_str(&e.size.to_string());
        out.push_str("\">");
        html::text(&mut out, &e.size_human);
        out.push_str("</td>\n  <td class=\"hash-cell\">");
        html::hash(&mut out, &e.sha256);
        out.push_str("</td>\n  <td class=\"nowrap\">");
        html::lock(&mut out, &e.lock_state, &e.lock_label);
        out.push_str("</td>\n  <td>");
        if e.referenced_by.is_empty() {
            out.push_str("<span class=\"muted\">None</span>");
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
            out.push_str("\n  <td>");
            html::refs(&mut out, root, &e.refs);
            out.push_str("</td>");
        }
        out.push_str("\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// Evidence attached to an update or a timeline entry: title, type, size, its
/// lock state when not as locked, and the SHA-256. Nothing when there is none.
pub fn evidence_list(out: &mut String, root: &str, rows: &[EvidenceRow]) {
    if rows.is_empty() {
        return;
    }
    out.push_str("<ul class=\"evidence-list\">");
    for e in rows {
        out.push_str("\n<li>");
        if e.href.is_empty() {
            html::text(out, &e.title);
        } else {
            html::anchor(out, root, "", &e.href, &e.title);
        }
        out.push_str(" <span class=\"small muted\">(");
        html::text(out, &e.kind);
        out.push_str(", ");
        html::text(out, &e.size_human);
        out.push_str(")</span>");
        if e.lock_state != "ok" {
            out.push(' ');
            html::lock(out, &e.lock_state, &e.lock_label);
        }
        out.push_str("<br><code class=\"hash hash--small\" title=\"SHA-256\">");
        html::text(out, &e.sha256);
        out.push_str("</code></li>");
    }
    out.push_str("\n</ul>");
}

/// Decisions with their id, where and when they were taken (`show_review`),
/// the text and the references.
pub fn decisions(root: &str, rows: &[DecisionView], show_review: bool, empty_text: &str) -> String {
    let mut out = String::with_capacity(64 + rows.len() * 700);
    if rows.is_empty() {
        empty(&mut out, empty_text);
        return out;
    }
    out.push_str("\n<ol class=\"decisions\">");
    for d in rows {
        out.push_str("\n  <li class=\"decision\" id=\"decision-");
        html::text(&mut out, &d.id.to_lowercase());
        out.push_str("\">\n    <p class=\"decision__meta\"><span class=\"decision__id\">");
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
        out.push_str("</p>\n    <p class=\"decision__text\">");
        html::text(&mut out, &d.text);
        out.push_str("</p>");
        if !d.refs.is_empty() {
            out.push_str("\n    <div class=\"decision__refs\"><span class=\"visually-hidden\">References: </span>");
            html::refs(&mut out, root, &d.refs);
            out.push_str("</div>");
        }
        out.push_str("\n  </li>");
    }
    out.push_str("\n</ol>\n");
    out
}

/// A review's checklist of required inputs: each linked to the section of the
/// minutes covering it, or marked not covered.
pub fn coverage(root: &str, rows: &[CoverageRow], id: &str, caption: &str) -> String {
    let wrap = Wrap {
        id,
        caption,
        class: "coverage-table",
        sortable: false,
    };
    let empty_text = "No required inputs are defined for this site's frameworks.";
    let mut out = match wrap.start(rows.len(), 500, empty_text) {
        Ok(out) => out,
        Err(empty) => return empty,
    };
    out.push_str("<thead>\n<tr><th scope=\"col\">Required input</th><th scope=\"col\">Requirement</th><th scope=\"col\">Covered in</th></tr>\n</thead>\n<tbody>");
    for c in rows {
        out.push_str(if c.covered {
            "\n<tr class=\"is-covered\">"
        } else {
            "\n<tr class=\"is-missing\">"
        });
        out.push_str("\n  <th scope=\"row\" class=\"nowrap\">");
        if c.reference.href.is_empty() {
            out.push_str("<span class=\"ref\">");
            html::text(&mut out, &c.reference.id);
            out.push_str("</span>");
        } else {
            html::anchor(&mut out, root, "ref", &c.reference.href, &c.reference.id);
        }
        out.push_str("</th>\n  <td>");
        html::text(&mut out, &c.reference.title);
        out.push_str("</td>\n  <td>");
        if c.covered {
            out.push_str("<span class=\"check check--yes\"><span aria-hidden=\"true\">✓</span><span class=\"visually-hidden\">Covered:</span></span> ");
            if c.href.is_empty() {
                html::text(&mut out, &c.heading);
            } else {
                out.push_str("<a href=\"");
                html::href(&mut out, root, &c.href);
                out.push_str("\">");
                html::text(
                    &mut out,
                    if c.heading.is_empty() {
                        "Section"
                    } else {
                        &c.heading
                    },
                );
                out.push_str("</a>");
            }
        } else {
            out.push_str("<span class=\"check check--no\"><span aria-hidden=\"true\">✗</span> Not covered</span>");
        }
        out.push_str("</td>\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// The rows of a document's "status of previous actions" table: each update
/// with the action's owner, the status reported, the due date then in force
/// and the note and evidence given with it.
pub fn update_rows(root: &str, rows: &[UpdateRow]) -> String {
    let mut out = String::with_capacity(rows.len() * 900);
    for u in rows {
        out.push_str("\n    <tr class=\"status-");
        html::text(&mut out, &u.status.key);
        out.push_str("\">\n      <th scope=\"row\" class=\"nowrap\">");
        html::link(&mut out, root, &u.action);
        out.push_str("</th>\n      <td class=\"title-cell\">");
        html::text(&mut out, &u.title);
        out.push_str("</td>\n      <td>");
        match &u.owner {
            Some(p) => html::person(&mut out, root, p, false),
            None => out.push_str("<span class=\"muted\">—</span>"),
        }
        out.push_str("</td>\n      <td class=\"nowrap\">");
        html::status(&mut out, &u.status, true);
        out.push_str("</td>\n      <td class=\"nowrap\" data-sort-value=\"");
        html::text(&mut out, &u.due);
        out.push_str("\">");
        if u.due.is_empty() {
            out.push_str("<span class=\"muted\">—</span>");
        } else {
            out.push_str("due ");
            html::due(&mut out, &u.due, &u.replanned_from, 0);
        }
        out.push_str("</td>\n      <td class=\"note-cell\">");
        if !u.note.is_empty() {
            out.push_str("<p>");
            html::text(&mut out, &u.note);
            out.push_str("</p>");
        }
        evidence_list(&mut out, root, &u.evidence);
        if u.note.is_empty() && u.evidence.is_empty() {
            out.push_str("<span class=\"muted\">—</span>");
        }
        out.push_str("</td>\n    </tr>");
    }
    out
}

/// The rows of a clause page's sections table: date, document, section.
pub fn section_rows(root: &str, rows: &[SectionRef]) -> String {
    let mut out = String::with_capacity(rows.len() * 400);
    for s in rows {
        out.push_str("\n    <tr>\n      <td class=\"nowrap\" data-sort-value=\"");
        html::text(&mut out, &s.date);
        out.push_str("\">");
        html::date(&mut out, &s.date, "—");
        out.push_str("</td>\n      <th scope=\"row\" class=\"nowrap\">");
        html::link(&mut out, root, &s.document);
        out.push_str("</th>\n      <td>");
        if s.href.is_empty() {
            html::text(&mut out, &s.heading);
        } else {
            html::anchor(&mut out, root, "", &s.href, &s.heading);
        }
        out.push_str("</td>\n    </tr>");
    }
    out
}

/// The rows of a person's attendance table: date, review, role, present.
pub fn attendance_rows(root: &str, rows: &[AttendanceRow]) -> String {
    let mut out = String::with_capacity(rows.len() * 400);
    for r in rows {
        out.push_str("\n    <tr>\n      <td class=\"nowrap\" data-sort-value=\"");
        html::text(&mut out, &r.date);
        out.push_str("\">");
        html::date(&mut out, &r.date, "—");
        out.push_str("</td>\n      <th scope=\"row\">");
        html::link(&mut out, root, &r.review);
        out.push_str("</th>\n      <td>");
        html::text(&mut out, &r.role);
        out.push_str("</td>\n      <td>");
        out.push_str(if r.present {
            "<span class=\"check check--yes\"><span aria-hidden=\"true\">✓</span> Present</span>"
        } else {
            "<span class=\"check check--absent\"><span aria-hidden=\"true\">–</span> Absent</span>"
        });
        out.push_str("</td>\n    </tr>");
    }
    out
}

/// How a table of reviews or records is shown.
pub struct DocumentTable<'a> {
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
pub fn documents(root: &str, rows: &[DocumentRow], t: &DocumentTable) -> String {
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
        out.push_str("\n  <th scope=\"col\" data-sort=\"number\" class=\"num\">Decisions</th>");
    }
    out.push_str("\n  <th scope=\"col\" data-sort=\"number\" class=\"num\">Actions raised</th>");
    if t.reviews {
        head(&mut out, "text", "Sign-off");
    }
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for d in rows {
        out.push_str("\n<tr>\n  <td class=\"nowrap\" data-sort-value=\"");
        html::text(&mut out, &d.date);
        out.push_str("\">");
        html::date(&mut out, &d.date, "—");
        out.push_str("</td>\n  <th scope=\"row\"><a href=\"");
        html::href(&mut out, root, &d.href);
        out.push_str("\">");
        html::text(&mut out, &d.id);
        out.push_str("</a>");
        if d.title != d.id {
            out.push_str("<br><span class=\"small\">");
            html::text(&mut out, &d.title);
            out.push_str("</span>");
        }
        out.push_str("</th>\n  <td class=\"nowrap\">");
        html::text(&mut out, &d.kind);
        out.push_str("</td>");
        if t.reviews {
            out.push_str("\n  <td class=\"nowrap\">");
            if d.coverage.is_empty() {
                out.push_str("<span class=\"muted\">—</span>");
            } else {
                html::text(&mut out, &d.coverage);
            }
            out.push_str("</td>\n  <td class=\"num\">");
            out.push_str(&d.decisions.to_string());
            out.push_str("</td>");
        }
        out.push_str("\n  <td class=\"num\">");
        out.push_str(&d.actions_raised.to_string());
        out.push_str("</td>");
        if t.reviews {
            out.push_str("\n  <td class=\"nowrap\">");
            html::signoff(&mut out, &d.signoff_state, &d.signoff);
            out.push_str("</td>");
        }
        out.push_str("\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// The items of an action's timeline: when, what, in which document, the
/// status and due date then, the note and the evidence given.
pub fn timeline_items(root: &str, items: &[TimelineItem]) -> String {
    let mut out = String::with_capacity(items.len() * 900);
    for t in items {
        out.push_str("\n    <li class=\"timeline__item timeline__item--");
        html::text(&mut out, &t.status.key);
        out.push_str("\">\n      <p class=\"timeline__head\"><span class=\"timeline__date\">");
        html::date(&mut out, &t.date, "—");
        out.push_str("</span> <span class=\"timeline__what\">");
        html::text(&mut out, &t.what);
        out.push_str("</span> in ");
        html::link(&mut out, root, &t.document);
        out.push_str("</p>\n      <p class=\"timeline__status\">");
        html::status(&mut out, &t.status, false);
        if !t.due.is_empty() {
            out.push_str(" <span class=\"timeline__due\">due ");
            html::due(&mut out, &t.due, &t.replanned_from, 0);
            out.push_str("</span>");
        }
        out.push_str("</p>");
        if !t.note.is_empty() {
            out.push_str("\n      <p class=\"timeline__note\">");
            html::text(&mut out, &t.note);
            out.push_str("</p>");
        }
        if !t.evidence.is_empty() {
            out.push_str(
                "\n      <div class=\"timeline__evidence\"><p class=\"small\">Evidence:</p>",
            );
            evidence_list(&mut out, root, &t.evidence);
            out.push_str("</div>");
        }
        out.push_str("\n    </li>");
    }
    out
}

/// The rows of the audit index's evidence trail: each requirement with the
/// review sections covering it, the evidence files referencing it (with their
/// lock state) and how many decisions and actions refer to it.
pub fn trail_rows(root: &str, rows: &[RequirementTrail]) -> String {
    let mut out = String::with_capacity(rows.len() * 2000);
    for r in rows {
        out.push_str("\n    <tr>\n      <th scope=\"row\">");
        html::ref_full(&mut out, root, &r.reference);
        out.push_str("</th>\n      <td>");
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
            out.push_str("</ul>");
        }
        out.push_str("</td>\n      <td>");
        if r.evidence.is_empty() {
            out.push_str("<span class=\"muted\">None</span>");
        } else {
            out.push_str("<ul class=\"plain trail-list\">");
            for e in &r.evidence {
                out.push_str("<li>");
                if e.href.is_empty() {
                    html::text(&mut out, &e.title);
                } else {
                    html::anchor(&mut out, root, "", &e.href, &e.title);
                }
                out.push(' ');
                html::lock(&mut out, &e.lock_state, &e.lock_label);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</td>\n      <td class=\"num\">");
        out.push_str(&r.decisions_and_actions.to_string());
        out.push_str("</td>\n    </tr>");
    }
    out
}

/// The column heads of the coverage matrix: one per review, oldest first,
/// extraordinary reviews marked.
pub fn matrix_heads(root: &str, columns: &[DocumentRow]) -> String {
    let mut out = String::with_capacity(columns.len() * 250);
    for c in columns {
        out.push_str("\n      <th scope=\"col\" class=\"matrix__col");
        if c.kind == "Extraordinary review" {
            out.push_str(" matrix__col--extra");
        }
        out.push_str("\"><a href=\"");
        html::href(&mut out, root, &c.href);
        out.push_str("\" title=\"");
        html::text(&mut out, &c.title);
        out.push_str(" (");
        html::text(&mut out, &c.date);
        out.push_str(")\"><span class=\"matrix__colid\">");
        html::text(&mut out, &c.id);
        out.push_str("</span></a></th>");
    }
    out
}

/// The rows of the coverage matrix: each required input, a cell per review
/// (covered, linking to the section; missing; not required) and the count.
pub fn matrix_rows(root: &str, rows: &[MatrixRow]) -> String {
    let cells: usize = rows.iter().map(|r| r.cells.len()).sum();
    let mut out = String::with_capacity(rows.len() * 300 + cells * 250);
    for r in rows {
        out.push_str("\n    <tr>\n      <th scope=\"row\" class=\"matrix__row\">");
        if r.reference.href.is_empty() {
            out.push_str("<span class=\"ref\">");
            html::text(&mut out, &r.reference.id);
            out.push_str("</span>");
        } else {
            html::anchor(&mut out, root, "ref", &r.reference.href, &r.reference.id);
        }
        out.push_str(" <span class=\"matrix__title\">");
        html::text(&mut out, &r.reference.title);
        out.push_str("</span></th>");
        for c in &r.cells {
            out.push_str("\n      <td class=\"cell cell--");
            html::text(&mut out, &c.state);
            out.push_str("\">");
            if c.href.is_empty() {
                out.push_str("<span title=\"");
                html::text(&mut out, &c.label);
                out.push_str("\">");
            } else {
                out.push_str("<a href=\"");
                html::href(&mut out, root, &c.href);
                out.push_str("\" title=\"");
                html::text(&mut out, &c.label);
                out.push_str("\">");
            }
            out.push_str("<span aria-hidden=\"true\">");
            html::text(&mut out, &c.symbol);
            out.push_str("</span><span class=\"visually-hidden\">");
            html::text(&mut out, &c.label);
            out.push_str("</span>");
            out.push_str(if c.href.is_empty() { "</span>" } else { "</a>" });
            out.push_str("</td>");
        }
        out.push_str("\n      <td class=\"matrix__sum nowrap\">");
        html::text(&mut out, &r.summary);
        out.push_str("</td>\n    </tr>");
    }
    out
}

/// The facts at the top of an action's page: owner (with role), supporters,
/// due date with its re-planning, where and when raised, when closed, and the
/// references.
pub fn action_facts(root: &str, a: &ActionRow, support: &[PersonRef]) -> String {
    let mut out = String::with_capacity(1200);
    out.push_str("\n    <div><dt>Owner</dt><dd>");
    html::person(&mut out, root, &a.owner, true);
    out.push_str("</dd></div>");
    if !support.is_empty() {
        out.push_str("\n    <div><dt>Supported by</dt><dd>");
        for (i, p) in support.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            html::person(&mut out, root, p, false);
        }
        out.push_str("</dd></div>");
    }
    out.push_str("\n    <div><dt>Due</dt><dd>");
    html::due(&mut out, &a.due, &a.original_due, a.replans);
    out.push_str("</dd></div>\n    <div><dt>Raised</dt><dd>");
    html::date(&mut out, &a.raised_on, "—");
    out.push_str(" in ");
    html::link(&mut out, root, &a.raised_in);
    out.push_str("</dd></div>");
    if !a.closed_on.is_empty() {
        out.push_str(if a.status.key == "cancelled" {
            "\n    <div><dt>Cancelled</dt><dd>"
        } else {
            "\n    <div><dt>Closed</dt><dd>"
        });
        html::date(&mut out, &a.closed_on, "—");
        out.push_str("</dd></div>");
    }
    out.push_str("\n    <div class=\"facts__wide\"><dt>References</dt><dd>");
    html::refs(&mut out, root, &a.refs);
    out.push_str("</dd></div>");
    out
}

/// The items of a review's attendance lists: each person with their role,
/// tagged `Chair` or `Secretary` where they held that role.
pub fn people_items(root: &str, people: &[(&PersonRef, Option<&str>)]) -> String {
    let mut out = String::with_capacity(people.len() * 200);
    for (p, tag) in people {
        out.push_str("\n        <li>");
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

/// The body rows of a chart's data table (the chart's figures for screen
/// readers and print): the first cell of each row heads it.
pub fn chart_rows(rows: &[Vec<String>]) -> String {
    let mut out = String::with_capacity(rows.len() * 80);
    for r in rows {
        out.push_str("\n      <tr>");
        for (i, cell) in r.iter().enumerate() {
            out.push_str(if i == 0 { "<th scope=\"row\">" } else { "<td>" });
            html::text(&mut out, cell);
            out.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        out.push_str("</tr>");
    }
    out
}

/// Findings of the checks: severity, code, where (linked to the page it is
/// about when there is one) and the message; or a check mark and `empty`.
pub fn findings(
    root: &str,
    rows: &[FindingView],
    id: &str,
    caption: &str,
    empty_text: &str,
) -> String {
    if rows.is_empty() {
        let mut out = String::from("\n<p class=\"empty\"><span aria-hidden=\"true\">✓</span> ");
        html::text(&mut out, empty_text);
        out.push_str("</p>\n");
        return out;
    }
    let wrap = Wrap {
        id,
        caption,
        class: "findings-table",
        sortable: true,
    };
    let mut out = match wrap.start(rows.len(), 400, empty_text) {
        Ok(out) => out,
        Err(empty) => return empty,
    };
    out.push_str("<thead>\n<tr>");
    head(&mut out, "text", "Severity");
    head(&mut out, "text", "Code");
    head(&mut out, "text", "Where");
    head(&mut out, "", "Finding");
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for f in rows {
        out.push_str("\n<tr class=\"finding finding--");
        html::text(&mut out, &f.severity);
        out.push_str("\">\n  <td class=\"nowrap\" data-sort-value=\"");
        html::text(&mut out, &f.severity);
        out.push_str("\">");
        html::severity(&mut out, &f.severity);
        out.push_str("</td>\n  <th scope=\"row\" class=\"nowrap\"><code>");
        html::text(&mut out, &f.code);
        out.push_str("</code></th>\n  <td class=\"place\">");
        if f.href.is_empty() {
            out.push_str("<code>");
            html::text(&mut out, &f.place);
            out.push_str("</code>");
        } else {
            out.push_str("<a href=\"");
            html::href(&mut out, root, &f.href);
            out.push_str("\"><code>");
            html::text(&mut out, &f.place);
            out.push_str("</code></a>");
        }
        out.push_str("</td>\n  <td class=\"message\">");
        html::text(&mut out, &f.message);
        out.push_str("</td>\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// The rows of a document's metrics table: each measurement with its value
/// and whether it meets the objective's target.
pub fn metric_rows(rows: &[MetricValue]) -> String {
    let mut out = String::with_capacity(rows.len() * 300);
    for m in rows {
        out.push_str("\n    <tr>\n      <th scope=\"row\">");
        html::text(&mut out, &m.title);
        out.push_str(" <code class=\"small muted\">");
        html::text(&mut out, &m.id);
        out.push_str("</code></th>\n      <td class=\"num nowrap\">");
        html::text(&mut out, &m.value);
        out.push_str("</td>\n      <td class=\"nowrap\">");
        match m.state.as_str() {
            "good" => html::state(&mut out, "good", "Meets target"),
            "bad" => html::state(&mut out, "bad", "Misses target"),
            _ => out.push_str("<span class=\"muted\">No target</span>"),
        }
        out.push_str("</td>\n    </tr>");
    }
    out
}

/// The rows of a review's approvals table: who, when, the digest approved and
/// whether it still matches the minutes.
pub fn approval_rows(root: &str, rows: &[ApprovalView]) -> String {
    let mut out = String::with_capacity(rows.len() * 500);
    for a in rows {
        out.push_str("\n    <tr>\n      <th scope=\"row\">");
        html::person(&mut out, root, &a.person, true);
        out.push_str("</th>\n      <td class=\"nowrap\">");
        html::date(&mut out, &a.date, "—");
        out.push_str("</td>\n      <td class=\"hash-cell\">");
        html::hash(&mut out, &a.sha256);
        out.push_str("</td>\n      <td class=\"nowrap\">");
        if a.matches {
            html::state(&mut out, "good", "Matches");
        } else {
            html::state(&mut out, "bad", "Does not match");
        }
        out.push_str("</td>\n    </tr>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::{LinkView, StatusView};

    fn row(id: &str, status: &str, overdue: bool) -> ActionRow {
        ActionRow {
            id: id.into(),
            href: format!("actions/{}/index.html", id.to_lowercase()),
            title: "Fix <it>".into(),
            kind: "risk-treatment".into(),
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
                key: status.into(),
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
        }
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
        let html = actions("../", &[row("A-1", "open", true)], &t);
        assert!(html.contains(
            "<tr class=\"status-open is-overdue\" data-status=\"open\" data-owner=\"ciso\" data-overdue=\"true\">"
        ));
        assert!(html.contains("<a href=\"../actions/a-1/index.html\">A-1</a>"));
        assert!(html.contains("<td class=\"title-cell\">Fix &lt;it&gt;</td>"));
        assert!(html.contains("<td data-sort-value=\"true-open\">"));
        let plain = actions(
            "../",
            &[row("A-1", "open", true)],
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
        let html = actions("../../", &[row("A-1", "done", false)], &t);
        assert_eq!(html.matches("<th scope=\"col\"").count(), 6);
        assert!(!html.contains("people/ciso"));
        assert!(!html.contains("raised-in"));
        assert_eq!(html.matches("\n  <t").count(), 6 + 6);
    }
}
