//! Coverage of the required review inputs: a review's checklist, the
//! coverage matrix of every review, and the sections covering a clause.

use super::Wrap;
use crate::render::html;
use crate::render::views::{CoverageRow, DocumentRow, MatrixRow, SectionRef};

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
        let item = &c.reference;
        html::link_or(&mut out, root, "ref", &item.href, &item.id, Some("ref"));
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
        html::link_or(&mut out, root, "", &s.href, &s.heading, None);
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
        let item = &r.reference;
        html::link_or(&mut out, root, "ref", &item.href, &item.id, Some("ref"));
        out.push_str(" <span class=\"matrix__title\">");
        html::text(&mut out, &r.reference.title);
        out.push_str("</span></th>");
        for c in &r.cells {
            out.push_str("\n      <td class=\"cell cell--");
            html::text(&mut out, c.state);
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
            html::text(&mut out, c.symbol);
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
