//! Measurements: the metrics a document reports and the data behind a chart.

use crate::render::html;
use crate::render::views::MetricValue;

/// The rows of a document's metrics table: each measurement with its value
/// and whether it meets the objective's target.
pub(crate) fn metric_rows(rows: &[MetricValue]) -> String {
    let mut out = String::with_capacity(rows.len() * 300);
    for m in rows {
        out.push_str("\n<tr>\n<th scope=\"row\">");
        html::text(&mut out, &m.title);
        out.push_str(" <code class=\"small muted\">");
        html::text(&mut out, &m.id);
        out.push_str("</code></th>\n<td class=\"num\">");
        html::text(&mut out, &m.value);
        out.push_str("</td>\n<td>");
        match m.state.as_str() {
            "good" => html::state(&mut out, "good", "Meets target"),
            "bad" => html::state(&mut out, "bad", "Misses target"),
            _ => out.push_str("<span class=\"muted\">No target</span>"),
        }
        out.push_str("</td>\n</tr>");
    }
    out
}

/// The body rows of a chart's data table (the chart's figures for screen
/// readers and print): the first cell of each row heads it.
pub(crate) fn chart_rows(rows: &[Vec<String>]) -> String {
    let mut out = String::with_capacity(rows.len() * 80);
    for r in rows {
        out.push_str("\n<tr>");
        for (i, cell) in r.iter().enumerate() {
            out.push_str(if i == 0 { "<th scope=\"row\">" } else { "<td>" });
            html::text(&mut out, cell);
            out.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        out.push_str("</tr>");
    }
    out
}
