//! Findings of the checks, on the audit index and the pages they are about.

use super::{Wrap, head};
use crate::diag::Severity;
use crate::render::html;
use crate::render::views::{FindingView, Key};

/// Findings of the checks: severity, code, where (linked to the page it is
/// about when there is one) and the message; or a check mark and `empty`.
pub(crate) fn findings(
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
    let mut out = String::with_capacity(256 + rows.len() * 400);
    wrap.open(&mut out);
    out.push_str("<thead>\n<tr>");
    head(&mut out, "text", "Severity");
    head(&mut out, "text", "Code");
    head(&mut out, "text", "Where");
    head(&mut out, "", "Finding");
    out.push_str("\n</tr>\n</thead>\n<tbody>");
    for f in rows {
        out.push_str("\n<tr class=\"finding finding--");
        html::text(&mut out, f.severity.key());
        out.push_str("\">\n<td data-sort-value=\"");
        html::text(&mut out, f.severity.key());
        out.push_str("\">");
        html::severity(&mut out, f.severity);
        out.push_str("</td>\n<th scope=\"row\"><code>");
        html::text(&mut out, &f.code);
        out.push_str("</code></th>\n<td class=\"place\">");
        place(&mut out, root, &f.place, &f.href);
        out.push_str("</td>\n<td class=\"message\">");
        html::text(&mut out, &f.message);
        out.push_str("</td>\n</tr>");
    }
    out.push_str("\n</tbody>");
    Wrap::close(&mut out);
    out
}

/// The findings box at the top of a document's or an action's page (the format,
/// "Findings never hide the site"): the page shows what is written, and the
/// box says first what the checks found about it — severity, code (linked to
/// its group in the audit index), line and message, with the hint on how to
/// fix it. `about` names the subject (`this document`). With no finding it
/// is one line saying so. Its heading (or that line) is `#mb-findings`.
pub(crate) fn findings_box(root: &str, rows: &[FindingView], about: &str) -> String {
    let mut out = String::with_capacity(256 + rows.len() * 400);
    if rows.is_empty() {
        out.push_str(
            "\n<p id=\"mb-findings\" class=\"findings-box findings-box--clean\"><span aria-hidden=\"true\">✓</span> No finding about ",
        );
        html::text(&mut out, about);
        out.push_str(": every check passed.</p>\n");
        return out;
    }
    let errors = rows
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = rows.len() - errors;
    let state = if errors > 0 { "error" } else { "warning" };
    out.push_str("\n<section class=\"findings-box findings-box--");
    out.push_str(state);
    out.push_str(
        "\" aria-labelledby=\"mb-findings\">\n<h2 id=\"mb-findings\"><span aria-hidden=\"true\">",
    );
    out.push_str(if errors > 0 { "✗" } else { "⚠" });
    out.push_str("</span> Findings about ");
    html::text(&mut out, about);
    out.push_str(": ");
    out.push_str(&count_words(errors, warnings));
    out.push_str("</h2>\n<p class=\"findings-box__note\">The page shows what is written, gaps included; each finding says what the checks found and how to fix it.</p>\n<ul class=\"findings-box__list\">");
    for f in rows {
        out.push_str("\n<li class=\"finding finding--");
        html::text(&mut out, f.severity.key());
        out.push_str("\">");
        html::severity(&mut out, f.severity);
        out.push_str(" <a class=\"finding__code\" href=\"");
        html::href(&mut out, root, &f.code_href);
        out.push_str("\"><code>");
        html::text(&mut out, &f.code);
        out.push_str("</code></a>");
        if !f.line.is_empty() {
            out.push_str(" <span class=\"finding__line\">line ");
            html::text(&mut out, &f.line);
            out.push_str("</span>");
        }
        out.push_str(" <span class=\"finding__message\">");
        html::text(&mut out, &f.message);
        out.push_str("</span>");
        if !f.help.is_empty() {
            out.push_str("<br><span class=\"finding__help\"><span class=\"finding__help-label\">Fix:</span> ");
            html::text(&mut out, &f.help);
            out.push_str("</span>");
        }
        out.push_str("</li>");
    }
    out.push_str("\n</ul>\n</section>\n");
    out
}

/// `2 errors, 1 warning`; a zero count is left out (`1 warning`).
pub(crate) fn count_words(errors: usize, warnings: usize) -> String {
    let part = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (errors, warnings) {
        (0, 0) => "no finding".into(),
        (e, 0) => part(e, "error", "errors"),
        (0, w) => part(w, "warning", "warnings"),
        (e, w) => format!(
            "{}, {}",
            part(e, "error", "errors"),
            part(w, "warning", "warnings")
        ),
    }
}

/// One code's findings in the audit index: the code, what it means, how many.
pub(crate) struct FindingGroup<'a> {
    /// Its count, title and severity.
    pub code: &'a crate::render::views::CodeCount,
    /// Its anchor (`code-mb020`), which finding boxes link to.
    pub anchor: String,
    /// Its findings, by file and place (the first of them when `more`).
    pub rows: Vec<FindingView>,
    /// When the rows are the first of more: how many there are in all and
    /// the root-relative href of the page listing every one.
    pub more: Option<(usize, String)>,
}

/// The audit index's findings grouped by code: for each code its
/// title and count, then every finding with file:line (linked to the page
/// of what it concerns: the document, the evidence register, the people or
/// clause pages) and its message. "" when there is no finding.
pub(crate) fn finding_groups(root: &str, groups: &[FindingGroup<'_>]) -> String {
    let mut out = String::new();
    for g in groups {
        let c = g.code;
        out.push_str("\n<section class=\"code-group\" aria-labelledby=\"");
        html::text(&mut out, &g.anchor);
        out.push_str("\">\n<h3 id=\"");
        html::text(&mut out, &g.anchor);
        out.push_str("\"><code>");
        html::text(&mut out, &c.code);
        out.push_str("</code> ");
        html::text(&mut out, &c.title);
        out.push_str(" <span class=\"code-group__count\">(");
        let (e, w) = if c.severity == Severity::Error {
            (c.count, 0)
        } else {
            (0, c.count)
        };
        out.push_str(&count_words(e, w));
        out.push_str(")</span></h3>");
        let id = format!("{}-findings", g.anchor);
        let caption = format!("Findings of {}, with file and line", c.code);
        let wrap = Wrap {
            id: &id,
            caption: &caption,
            class: "findings-table",
            sortable: true,
        };
        wrap.open(&mut out);
        out.push_str("<thead>\n<tr>");
        head(&mut out, "text", "Where");
        head(&mut out, "", "Finding");
        out.push_str("\n</tr>\n</thead>\n<tbody>");
        for f in &g.rows {
            out.push_str("\n<tr class=\"finding finding--");
            html::text(&mut out, f.severity.key());
            out.push_str("\">\n<th scope=\"row\" class=\"place\">");
            place(&mut out, root, &f.place, &f.href);
            out.push_str("</th>\n<td class=\"message\">");
            html::text(&mut out, &f.message);
            if !f.help.is_empty() {
                out.push_str("<br><span class=\"finding__help\"><span class=\"finding__help-label\">Fix:</span> ");
                html::text(&mut out, &f.help);
                out.push_str("</span>");
            }
            out.push_str("</td>\n</tr>");
        }
        out.push_str("\n</tbody>");
        Wrap::close(&mut out);
        if let Some((total, href)) = &g.more {
            out.push_str("<p class=\"more\">");
            out.push_str(&format!(
                "The first {} of {total} findings of ",
                g.rows.len()
            ));
            html::text(&mut out, &c.code);
            out.push_str(": <a href=\"");
            html::href(&mut out, root, href);
            out.push_str("\">every finding of ");
            html::text(&mut out, &c.code);
            out.push_str("</a>.</p>\n");
        }
        out.push_str("</section>\n");
    }
    out
}

/// A finding's place (`file:line`), linked to the page it concerns when it
/// has one: the same cell in the findings tables and the audit groups.
fn place(out: &mut String, root: &str, place: &str, href: &str) {
    if href.is_empty() {
        out.push_str("<code>");
        html::text(out, place);
        out.push_str("</code>");
    } else {
        out.push_str("<a href=\"");
        html::href(out, root, href);
        out.push_str("\"><code>");
        html::text(out, place);
        out.push_str("</code></a>");
    }
}
