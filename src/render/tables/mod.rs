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

mod actions;
mod coverage;
mod documents;
mod evidence;
mod figures;
mod findings;
pub(crate) mod nonconformities;

pub(crate) use actions::{ActionTable, action_facts, actions, timeline_items, update_rows};
pub(crate) use coverage::{coverage, coverage_legend, matrix_heads, matrix_rows, section_rows};
pub(crate) use documents::{
    DocumentTable, approval_rows, attendance_rows, decisions, documents, people_items,
};
pub(crate) use evidence::{EvidenceTable, evidence, trail_rows};
pub(crate) use figures::{chart_rows, metric_rows};
pub(crate) use findings::{FindingGroup, count_words, finding_groups, findings, findings_box};

use super::html;

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
    out.push_str("\n<th scope=\"col\"");
    if !sort.is_empty() {
        out.push_str(" data-sort=\"");
        out.push_str(sort);
        out.push('"');
    }
    out.push('>');
    out.push_str(label);
    out.push_str("</th>");
}
