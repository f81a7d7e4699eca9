//! The nonconformity register and the pieces of a finding's page: severity
//! and status pills (symbol and words, never colour alone), the register's
//! table, a finding's facts, and the box in a review's 9.3.2 d.1 section.

use super::{Wrap, head};
use crate::derive::nonconformities::NcStatus;
use crate::model::FindingSeverity;
use crate::render::html;
use crate::render::views::{Key, NcRow};

/// A finding's severity as a pill; the colour follows how much it needs.
/// (None: the severity is invalid or missing, already MB004.)
pub(crate) fn severity(out: &mut String, severity: Option<FindingSeverity>, label: &str) {
    let (class, icon) = match severity {
        Some(FindingSeverity::Major) => ("pill--error", "✗"),
        Some(FindingSeverity::Minor) => ("pill--warning", "⚠"),
        Some(FindingSeverity::Observation) => ("pill--open", "○"),
        Some(FindingSeverity::Opportunity) | None => ("pill--cancelled", "+"),
    };
    out.push_str("<span class=\"pill ");
    out.push_str(class);
    out.push_str(" severity severity--");
    html::text(out, severity.map_or("", Key::key));
    out.push_str("\"><span class=\"pill__icon\" aria-hidden=\"true\">");
    out.push_str(icon);
    out.push_str("</span> ");
    html::text(out, label);
    out.push_str("</span>");
}

/// A finding's status as a pill.
pub(crate) fn status(out: &mut String, status: NcStatus, label: &str) {
    let (class, icon) = match status {
        NcStatus::Closed => ("pill--done", "✓"),
        NcStatus::Open => ("pill--open", "○"),
        NcStatus::NoActionNeeded => ("pill--neutral-nc", "–"),
    };
    out.push_str("<span class=\"pill ");
    out.push_str(class);
    out.push_str(" nc-status nc-status--");
    html::text(out, status.key());
    out.push_str("\"><span class=\"pill__icon\" aria-hidden=\"true\">");
    out.push_str(icon);
    out.push_str("</span> ");
    html::text(out, label);
    out.push_str("</span>");
}

fn action_links(out: &mut String, root: &str, row: &NcRow) {
    if row.actions.is_empty() {
        out.push_str("<span class=\"muted\">none</span>");
        return;
    }
    for (i, a) in row.actions.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        html::link(out, root, a);
    }
}

/// Findings with severity, text, where and when found, corrective actions,
/// status, closing date, days open and references; `show_found_in` is off
/// on the page of the record that found them.
pub(crate) fn nonconformities(
    root: &str,
    rows: &[NcRow],
    id: &str,
    caption: &str,
    empty_text: &str,
    show_found_in: bool,
) -> String {
    let wrap = Wrap {
        id,
        caption,
        class: "nc-table",
        sortable: true,
    };
    let mut out = match wrap.start(rows.len(), 1200, empty_text) {
        Ok(out) => out,
        Err(empty) => return empty,
    };
    out.push_str("<thead>\n<tr>");
    head(&mut out, "text", "Finding");
    head(&mut out, "text", "Severity");
    head(&mut out, "", "What was found");
    if show_found_in {
        head(&mut out, "text", "Found in");
    }
    head(&mut out, "date", "Raised");
    head(&mut out, "", "Corrective actions");
    head(&mut out, "text", "Status");
    head(&mut out, "date", "Closed on");
    out.push_str("\n<th scope=\"col\" data-sort=\"number\" class=\"num\">Days open</th>");
    head(&mut out, "", "References");
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for r in rows {
        out.push_str("\n<tr class=\"nc nc--");
        html::text(&mut out, r.status.key());
        out.push_str("\">\n<th scope=\"row\"><a href=\"");
        html::href(&mut out, root, &r.href);
        out.push_str("\">");
        html::text(&mut out, &r.id);
        out.push_str("</a></th>\n<td data-sort-value=\"");
        html::text(&mut out, r.severity.map_or("", Key::key));
        out.push_str("\">");
        severity(&mut out, r.severity, &r.severity_label);
        out.push_str("</td>\n<td class=\"title-cell\">");
        html::text(&mut out, &r.text);
        out.push_str("</td>");
        if show_found_in {
            out.push_str("\n<td class=\"nowrap\">");
            html::link(&mut out, root, &r.found_in);
            out.push_str("</td>");
        }
        out.push_str("\n<td>");
        html::date(&mut out, &r.raised_on, "—");
        out.push_str("</td>\n<td>");
        action_links(&mut out, root, r);
        out.push_str("</td>\n<td data-sort-value=\"");
        html::text(&mut out, r.status.key());
        out.push_str("\">");
        status(&mut out, r.status, &r.status_label);
        out.push_str("</td>\n<td>");
        html::date(&mut out, &r.closed_on, "—");
        out.push_str("</td>\n<td class=\"num\">");
        if r.days_open.is_empty() {
            out.push_str("<span class=\"muted\">—</span>");
        } else {
            html::text(&mut out, &r.days_open);
        }
        out.push_str("</td>\n<td>");
        html::refs(&mut out, root, &r.refs, false);
        out.push_str("</td>\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// The facts at the top of a finding's page.
pub(crate) fn facts(root: &str, r: &NcRow) -> String {
    let mut out = String::with_capacity(1000);
    out.push_str("\n<div><dt>Found in</dt><dd>");
    html::link(&mut out, root, &r.found_in);
    out.push_str("</dd></div>\n<div><dt>Raised</dt><dd>");
    html::date(&mut out, &r.raised_on, "—");
    out.push_str("</dd></div>\n<div><dt>Closed on</dt><dd>");
    html::date(&mut out, &r.closed_on, "—");
    out.push_str("</dd></div>\n<div><dt>Days open</dt><dd>");
    if r.days_open.is_empty() {
        out.push_str("<span class=\"muted\">—</span>");
    } else {
        html::text(&mut out, &r.days_open);
    }
    out.push_str("</dd></div>\n<div class=\"facts__wide\"><dt>Corrective actions</dt><dd>");
    action_links(&mut out, root, r);
    out.push_str("</dd></div>\n<div class=\"facts__wide\"><dt>References</dt><dd>");
    html::refs(&mut out, root, &r.refs, true);
    out.push_str("</dd></div>");
    out
}

/// The box a review's 9.3.2 d.1 section carries: the findings raised or
/// closed in its period, each with what happened then and its status now.
pub(crate) fn window(root: &str, period: &str, items: &[(NcRow, String)]) -> String {
    let mut out = String::with_capacity(400 + items.len() * 500);
    out.push_str("\n<aside class=\"nc-window\" aria-label=\"Nonconformities raised or closed since the previous review\">\n<p class=\"nc-window__title\"><strong>Nonconformities raised or closed since the previous review</strong> <span class=\"small\">(");
    html::text(&mut out, period);
    out.push_str("; from the <a href=\"");
    html::href(&mut out, root, "nonconformities/index.html");
    out.push_str("\">nonconformity register</a>)</span></p>\n");
    if items.is_empty() {
        out.push_str("<p class=\"empty\">None was raised or closed in this period.</p>\n");
    } else {
        out.push_str("<ul class=\"nc-window__list\">");
        for (r, what) in items {
            out.push_str("\n<li><a href=\"");
            html::href(&mut out, root, &r.href);
            out.push_str("\">");
            html::text(&mut out, &r.id);
            out.push_str("</a> ");
            severity(&mut out, r.severity, &r.severity_label);
            out.push(' ');
            html::text(&mut out, what);
            out.push_str(" · now ");
            status(&mut out, r.status, &r.status_label);
            out.push_str("</li>");
        }
        out.push_str("\n</ul>\n");
    }
    out.push_str("</aside>\n");
    out
}
