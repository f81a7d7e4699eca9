//! Coverage of the required review inputs: a review's checklist, the
//! coverage matrix of every review, and the sections covering a clause.

use super::Wrap;
use crate::derive::coverage::CoverageMark;
use crate::render::html;
use crate::render::views::{Checklist, CoverageRow, DocumentRow, MatrixRow, SectionRef};

/// The legend of the coverage marks: each symbol with its words, and what
/// counts. `matrix`: the matrix's wording (its last column counts ✓ and =
/// of scheduled reviews) and every mark; else a review checklist's, with
/// "not required" only for an extraordinary review (`not_required`).
pub(crate) fn coverage_legend(matrix: bool, not_required: bool) -> String {
    let mut out = String::with_capacity(900);
    out.push_str("\n<ul class=\"legend\" aria-label=\"Legend of the coverage marks\">");
    for mark in CoverageMark::ALL {
        if mark == CoverageMark::NotRequired && !(matrix || not_required) {
            continue;
        }
        // A review's checklist lists only its own edition's inputs.
        if mark == CoverageMark::NotApplicable && !matrix {
            continue;
        }
        out.push_str("\n<li><span class=\"cell-sample cell--");
        out.push_str(mark.name());
        out.push_str("\" aria-hidden=\"true\">");
        out.push_str(mark.symbol());
        out.push_str("</span> ");
        out.push_str(match mark {
            CoverageMark::Covered => "covered: a section records what was presented",
            CoverageMark::NoChange => {
                "no change: considered and found unchanged (a <code>.no-change</code> section)"
            }
            CoverageMark::Placeholder => {
                "placeholder: the section is empty or a placeholder (MB022)"
            }
            CoverageMark::NotCovered => "not covered: no section covers it",
            CoverageMark::NotRequired => {
                "not required: an extraordinary review covers what it was called for"
            }
            CoverageMark::NotApplicable => {
                "not applicable: the input is of another edition than the one in force on the review's date"
            }
        });
        out.push_str("</li>");
    }
    out.push_str("\n<li class=\"legend__note\">");
    out.push_str(if matrix {
        "Only ✓ and = count toward input coverage (the Covered column counts scheduled reviews)."
    } else {
        "Only ✓ and = count toward input coverage."
    });
    out.push_str("</li>\n</ul>\n");
    out
}

/// A mark with its words for everyone: the symbol hidden from screen
/// readers, the words visible beside it.
fn mark_words(out: &mut String, mark: CoverageMark) {
    out.push_str("<span class=\"mark mark--");
    out.push_str(mark.name());
    out.push_str("\"><span aria-hidden=\"true\">");
    out.push_str(mark.symbol());
    out.push_str("</span> ");
    out.push_str(mark.words());
    out.push_str("</span>");
}

/// One row of a checklist: input, requirement, mark, section.
fn checklist_row(out: &mut String, root: &str, here: &str, c: &CoverageRow) {
    out.push_str("\n<tr class=\"is-");
    out.push_str(c.mark.name());
    out.push_str("\">\n<th scope=\"row\">");
    let item = &c.reference;
    html::link_or(out, root, "ref", &item.href, &item.id, Some("ref"));
    out.push_str("</th>\n<td>");
    html::text(out, &c.reference.title);
    out.push_str("</td>\n<td>");
    mark_words(out, c.mark);
    out.push_str("</td>\n<td>");
    if !c.href.is_empty() {
        out.push_str("<a href=\"");
        html::href_from(out, root, here, &c.href);
        out.push_str("\">");
        html::text(
            out,
            if c.heading.is_empty() {
                "Section"
            } else {
                &c.heading
            },
        );
        out.push_str("</a>");
    }
    if !c.note.is_empty() {
        if !c.href.is_empty() {
            out.push(' ');
        }
        out.push_str("<span class=\"mark__note\">");
        if !c.href.is_empty() {
            out.push('(');
        }
        html::text(out, &c.note);
        if !c.href.is_empty() {
            out.push(')');
        }
        out.push_str("</span>");
    }
    out.push_str("</td>\n</tr>");
}

/// A review's checklist of required inputs: each with its mark (✓ = ◌ ✗ –,
/// in words too) and the section of the minutes covering it, after a
/// legend; then the other items its `covers` names, apart and not counted.
/// `here` is the page showing it (root-relative; empty for another page
/// than the minutes'), whose own sections are linked by anchor alone.
pub(crate) fn coverage(
    root: &str,
    here: &str,
    list: &Checklist,
    id: &str,
    caption: &str,
) -> String {
    let rows = &list.rows;
    let wrap = Wrap {
        id,
        caption,
        class: "coverage-table",
        sortable: false,
    };
    let empty_text = "No required inputs are defined for this site's frameworks.";
    let mut out = match wrap.start(rows.len(), 600, empty_text) {
        Ok(out) => coverage_legend(false, list.extraordinary) + &out,
        Err(empty) => return empty,
    };
    out.push_str("<thead>\n<tr><th scope=\"col\">Required input</th><th scope=\"col\">Requirement</th><th scope=\"col\">Mark</th><th scope=\"col\">Section of the minutes</th></tr>\n</thead>\n<tbody>");
    for c in rows {
        checklist_row(&mut out, root, here, c);
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    if !list.other.is_empty() {
        let other = Wrap {
            id: &format!("{id}-other"),
            caption: "Other items the minutes cover (not required review inputs; not counted)",
            class: "coverage-table",
            sortable: false,
        };
        other.open(&mut out);
        out.push_str("<thead>\n<tr><th scope=\"col\">Item</th><th scope=\"col\">Title</th><th scope=\"col\">Mark</th><th scope=\"col\">Section of the minutes</th></tr>\n</thead>\n<tbody>");
        for c in &list.other {
            checklist_row(&mut out, root, here, c);
        }
        out.push_str("\n</tbody>");
        Wrap::close(&mut out);
    }
    out
}

/// The rows of a clause page's sections table: date, document, section.
pub(crate) fn section_rows(root: &str, rows: &[SectionRef]) -> String {
    let mut out = String::with_capacity(rows.len() * 400);
    for s in rows {
        out.push_str("\n<tr>\n<td>");
        html::date(&mut out, &s.date, "—");
        out.push_str("</td>\n<th scope=\"row\">");
        html::link(&mut out, root, &s.document);
        out.push_str("</th>\n<td>");
        html::link_or(&mut out, root, "", &s.href, &s.heading, None);
        out.push_str("</td>\n</tr>");
    }
    out
}

/// The column heads of the coverage matrix: one per review, oldest first,
/// extraordinary reviews marked.
pub(crate) fn matrix_heads(root: &str, columns: &[DocumentRow]) -> String {
    let mut out = String::with_capacity(columns.len() * 250);
    for c in columns {
        out.push_str("\n<th scope=\"col\" class=\"matrix__col");
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
/// (its mark, linking to the section when there is one; the symbol hidden
/// from screen readers, which read the words) and the ✓ and = count.
pub(crate) fn matrix_rows(root: &str, rows: &[MatrixRow]) -> String {
    let cells: usize = rows.iter().map(|r| r.cells.len()).sum();
    let mut out = String::with_capacity(rows.len() * 300 + cells * 250);
    for r in rows {
        out.push_str("\n<tr>\n<th scope=\"row\" class=\"matrix__row\">");
        let item = &r.reference;
        html::link_or(&mut out, root, "ref", &item.href, &item.id, Some("ref"));
        out.push_str(" <span class=\"matrix__title\">");
        html::text(&mut out, &r.reference.title);
        out.push_str("</span></th>");
        for c in &r.cells {
            out.push_str("\n<td class=\"cell cell--");
            out.push_str(c.mark.name());
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
            out.push_str(c.mark.symbol());
            out.push_str("</span><span class=\"visually-hidden\">");
            html::text(&mut out, &c.label);
            out.push_str("</span>");
            out.push_str(if c.href.is_empty() { "</span>" } else { "</a>" });
            out.push_str("</td>");
        }
        out.push_str("\n<td class=\"matrix__sum nowrap\">");
        html::text(&mut out, &r.summary);
        out.push_str("</td>\n</tr>");
    }
    out
}
