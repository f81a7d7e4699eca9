//! The action register for the terminal (`minutebook actions`): which
//! actions to show, and the same rows as an aligned table, as CSV (the
//! columns of `data/actions.csv`) or as JSON.

use crate::derive::{ActionRecord, Index};
use crate::model::{Site, Status};
use serde::Serialize;
use std::fmt::Write;

/// Which actions `minutebook actions` lists, so an owner or a chair can ask
/// for what is theirs or overdue before a review.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only overdue actions.
    pub overdue: bool,
    /// Only actions not done or cancelled.
    pub open: bool,
    /// Only actions owned by this person (case-insensitive).
    pub owner: Option<String>,
}

/// The actions that pass the filter, in register order (by id).
pub fn select<'i>(site: &Site, index: &'i Index, filter: &Filter) -> Vec<&'i ActionRecord> {
    index
        .actions
        .iter()
        .filter(|r| !filter.overdue || r.overdue)
        .filter(|r| !filter.open || !r.status.is_closed())
        .filter(|r| {
            filter.owner.as_ref().is_none_or(|want| {
                r.action(site)
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.value.eq_ignore_ascii_case(want))
            })
        })
        .collect()
}

/// The rows as `data/actions.csv` writes them (same header and columns):
/// the export itself, for only these actions.
pub fn csv(site: &Site, rows: &[&ActionRecord]) -> String {
    crate::render::exports::actions_csv_rows(site, rows)
}

/// One action in the JSON register, fields in the order of `data/actions.csv`.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    owner: Option<&'a str>,
    due: Option<crate::date::Date>,
    status: &'static str,
    overdue: bool,
    raised_in: &'a str,
    raised_on: crate::date::Date,
    closed_on: Option<crate::date::Date>,
    refs: Vec<&'a str>,
    kind: &'static str,
}

/// The register as JSON.
#[derive(Serialize)]
struct Register<'a> {
    as_of: crate::date::Date,
    actions: Vec<Row<'a>>,
}

/// The rows as JSON: `{"as_of", "actions": [{id, title, owner, due, status,
/// overdue, raised_in, raised_on, closed_on, refs, kind}]}`.
pub fn json(site: &Site, index: &Index, rows: &[&ActionRecord]) -> String {
    let actions = rows
        .iter()
        .map(|r| {
            let a = r.action(site);
            Row {
                id: &r.id,
                title: &a.title,
                owner: a.owner.as_ref().map(|o| o.value.as_str()),
                due: r.due,
                status: r.status.as_str(),
                overdue: r.overdue,
                raised_in: &site.documents[r.doc].id.value,
                raised_on: r.raised_on,
                closed_on: r.closed_on,
                refs: a.refs.iter().map(|x| x.value.as_str()).collect(),
                kind: a.kind.as_str(),
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&Register {
        as_of: index.as_of(),
        actions,
    })
    .unwrap_or_default();
    s.push('\n');
    s
}

/// How the terminal table is drawn: colour and width follow the terminal,
/// so the same list reads well in a shell and in a pipe.
#[derive(Clone, Copy, Debug)]
pub struct TableStyle {
    /// ANSI colours.
    pub color: bool,
    /// Terminal width in columns, when known (titles are cut to fit).
    pub width: Option<usize>,
}

const TITLE_DEFAULT: usize = 48;
const TITLE_MIN: usize = 16;
const TITLE_MAX: usize = 80;

/// The rows as an aligned table with a header and a summary line.
pub fn table(site: &Site, index: &Index, rows: &[&ActionRecord], style: TableStyle) -> String {
    let as_of = index.as_of();
    let header = ["ID", "TITLE", "OWNER", "DUE", "STATUS", "OVERDUE"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            let a = r.action(site);
            let late = if r.overdue {
                r.due.map_or_else(
                    || "⚠".to_string(),
                    |d| {
                        let days = d.days_until(as_of);
                        format!("⚠ {days} day{}", if days == 1 { "" } else { "s" })
                    },
                )
            } else {
                String::new()
            };
            [
                r.id.clone(),
                one_line(&a.title),
                a.owner
                    .as_ref()
                    .map(|o| o.value.clone())
                    .unwrap_or_else(|| "-".into()),
                r.due.map_or_else(|| "-".into(), |d| d.to_string()),
                r.status.as_str().to_string(),
                late,
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    // Titles are cut to fit the terminal (or a readable default).
    let others: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, w)| w + 2)
        .sum();
    let room = style.width.map_or(TITLE_DEFAULT, |w| {
        w.saturating_sub(others).clamp(TITLE_MIN, TITLE_MAX)
    });
    widths[1] = widths[1].min(room.max(header[1].len()));

    let paint = |code: &str, text: String| -> String {
        if style.color && !code.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text
        }
    };
    let mut out = String::new();
    let line = |cols: [String; 6], codes: [&str; 6], out: &mut String| {
        let mut parts: Vec<String> = Vec::new();
        for (i, c) in cols.into_iter().enumerate() {
            let c = truncate(&c, widths[i]);
            let pad = widths[i].saturating_sub(c.chars().count());
            // No trailing blanks after the last column.
            let padded = if i == 5 {
                c
            } else {
                format!("{c}{}", " ".repeat(pad))
            };
            parts.push(paint(codes[i], padded));
        }
        let text = parts.join("  ");
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.map(String::from), ["1"; 6], &mut out);
    for (r, row) in rows.iter().zip(cells) {
        let status_code = match r.status {
            Status::Done => "32",
            Status::Cancelled => "2",
            Status::InProgress => "33",
            Status::Open => "",
        };
        let late_code = if r.overdue { "1;31" } else { "" };
        line(
            row,
            ["", "", "", late_code, status_code, late_code],
            &mut out,
        );
    }
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let open = rows.iter().filter(|r| !r.status.is_closed()).count();
    let _ = writeln!(
        out,
        "{} action{}: {open} open, {overdue} overdue, as of {as_of}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts text to `width` characters, ending with `…` when cut.
fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("abcdef", 10), "abcdef");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
