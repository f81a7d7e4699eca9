//! Findings of the checks, on the audit index and the pages they are about.

use super::{Wrap, head};
use crate::render::html;
use crate::render::views::FindingView;

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
