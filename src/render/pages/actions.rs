//! The action register and each action's timeline page.

use super::common::Ctx;
use super::split;
use crate::derive::ActionRecord;
use crate::model::Status;
use crate::render::tables::{self, ActionTable};
use crate::render::views::*;
use std::sync::Arc;

/// The years actions were raised in, newest first.
pub(crate) fn years(ctx: &Ctx<'_>) -> Vec<i32> {
    split::years(ctx.action_years().iter().copied())
}

/// Whether the register is split by year (more than [`split::PAGE_ROWS`] actions).
pub(crate) fn is_split(ctx: &Ctx<'_>) -> bool {
    ctx.index.actions.len() > split::PAGE_ROWS
}

/// The href of the register's page of one year.
pub(crate) fn year_href(year: i32) -> String {
    format!("actions/year/{year}/index.html")
}

/// The register: every action by id; above [`split::PAGE_ROWS`] actions,
/// the entry page (`year` None) lists every open or in-progress action and
/// every action raised in the latest year, and a year page every action
/// raised that year. The counts are always of the whole register.
pub fn register(ctx: &Ctx<'_>, root: &str, year: Option<i32>) -> ActionRegisterView {
    let years = years(ctx);
    let part = split::part(ctx.index.actions.len(), split::PAGE_ROWS, &years, year);
    let raised = ctx.action_years();
    let on_page = |i: usize, r: &ActionRecord| {
        let year = raised.get(i).copied().unwrap_or_default();
        match part {
            split::Part::Latest(_) => !r.status.is_closed() || part.has_year(year),
            _ => part.has_year(year),
        }
    };
    let rows: Vec<Arc<ActionRow>> = ctx
        .index
        .actions
        .iter()
        .enumerate()
        .filter(|&(i, r)| on_page(i, r))
        .map(|(_, r)| ctx.action_row(r))
        .collect();
    let mut owners: Vec<PersonRef> = rows.iter().map(|r| r.owner.clone()).collect();
    owners.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    owners.dedup();
    let count = |s: Status| ctx.index.actions.iter().filter(|r| r.status == s).count();
    let (caption, part_note) = match part {
        split::Part::All => ("Action register, by id".to_string(), String::new()),
        split::Part::Latest(y) => (
            format!("Open and in-progress actions, and every action raised in {y}, by id"),
            format!(
                "This page lists every open or in-progress action and every action raised in {y}, the latest year; the actions raised in other years are on the page of their year. The filters and sorting apply to this page."
            ),
        ),
        split::Part::Year(y) => (
            format!("Actions raised in {y}, by id"),
            format!(
                "This page lists every action raised in {y}, whatever its status now. The filters and sorting apply to this page."
            ),
        ),
    };
    ActionRegisterView {
        total: ctx.index.actions.len(),
        open: count(Status::Open) + count(Status::InProgress),
        overdue: ctx.index.actions.iter().filter(|r| r.overdue).count(),
        done: count(Status::Done),
        cancelled: count(Status::Cancelled),
        table: tables::actions(
            root,
            &rows,
            &ActionTable {
                filterable: true,
                ..ActionTable::new(
                    "action-register",
                    &caption,
                    "No action has been raised yet.",
                )
            },
        ),
        owners,
        pager: split::year_pager(
            root,
            part,
            "actions/index.html",
            &years,
            year_href,
            "Actions by the year they were raised in",
        ),
        part_note,
    }
}

/// One action's page with its timeline across documents.
pub(crate) fn action(ctx: &Ctx<'_>, rec: &ActionRecord, root: &str) -> ActionView {
    let site = ctx.site;
    let a = rec.action(site);
    let mut previous_due = None;
    let timeline: Vec<TimelineItem> = rec
        .timeline
        .iter()
        .map(|e| {
            let doc = &site.documents[e.doc];
            let update = e.update.map(|u| &doc.updates[u]);
            let item = TimelineItem {
                date: e.date.to_string(),
                what: if e.update.is_some() {
                    "Update".into()
                } else {
                    "Raised".into()
                },
                document: {
                    let mut l = ctx.doc_link(e.doc);
                    l.text = format!("{} — {}", doc.id.value, doc.title);
                    l
                },
                status: ctx.status(
                    e.status,
                    !e.status.is_closed() && e.due.is_some_and(|d| d < e.date),
                ),
                due: e.due.map(|d| d.to_string()).unwrap_or_default(),
                replanned_from: if e.replanned {
                    previous_due
                        .map(|d: crate::date::Date| d.to_string())
                        .unwrap_or_default()
                } else {
                    String::new()
                },
                note: update.and_then(|u| u.note.clone()).unwrap_or_default(),
                evidence: update
                    .map(|u| u.evidence.iter().map(|x| ctx.entry_row(x)).collect())
                    .unwrap_or_default(),
            };
            previous_due = e.due;
            item
        })
        .collect();
    // Findings about the action may point at the review that raised it or at
    // a later update (an overdue action is reported where it was last updated).
    let mut docs: Vec<usize> = std::iter::once(rec.doc)
        .chain(rec.timeline.iter().map(|e| e.doc))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    let findings: Vec<FindingView> = docs
        .into_iter()
        .flat_map(|d| ctx.findings_for(&site.documents[d].path))
        .filter(|f| mentions(&f.message, &rec.id))
        .collect();
    let row = ctx.action_row(rec);
    let support: Vec<PersonRef> = a.support.iter().map(|p| ctx.person(&p.value)).collect();
    let mut status = String::new();
    crate::render::html::status(&mut status, &row.status, true);
    let origin = ctx
        .index
        .action_position(&rec.id)
        .and_then(|i| ctx.index.created_by.get(i).copied().flatten());
    let created_by = origin.and_then(|(d, x)| {
        let decision = site.documents[d].review.as_ref()?.decisions.get(x)?;
        Some(LinkView {
            href: format!(
                "{}#decision-{}",
                crate::render::urls::document_href(site, d),
                decision.id.value.to_lowercase()
            ),
            text: decision.id.value.clone(),
        })
    });
    let closes = a
        .closes
        .iter()
        .map(|c| LinkView {
            href: ctx
                .index
                .nonconformity(&c.value)
                .map(|nc| crate::render::urls::nc_href(&nc.id))
                .unwrap_or_default(),
            text: c.value.clone(),
        })
        .collect();
    ActionView {
        created_by,
        created_in: origin.map(|(d, _)| ctx.doc_link(d)),
        closes,
        facts: tables::action_facts(root, &row, &support),
        status,
        id: row.id.clone(),
        kind_label: row.kind_label.clone(),
        timeline: tables::timeline_items(root, &timeline),
        findings: tables::findings_box(root, &findings, "this action"),
    }
}

/// Whether a finding's message names the action (or nonconformity) `id`
/// (as a whole id: `A-1` is not named by a message about `A-12`).
pub(crate) fn mentions(message: &str, id: &str) -> bool {
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
    message.match_indices(id).any(|(at, _)| {
        let before = message[..at].chars().next_back();
        let after = message[at + id.len()..].chars().next();
        !before.is_some_and(is_id_char) && !after.is_some_and(|c| is_id_char(c) && c != '.')
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn an_action_is_named_only_as_a_whole_id() {
        assert!(mentions("action A-1 is overdue", "A-1"));
        assert!(mentions("update of `A-1`.", "A-1"));
        assert!(!mentions("action A-12 is overdue", "A-1"));
        assert!(!mentions("action XA-1 is overdue", "A-1"));
    }
}
