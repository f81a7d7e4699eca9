//! The nonconformity register, each finding's page, and the places other
//! pages show findings: the record that found them, the 9.3.2 d.1 section of
//! each review (what was raised or closed since the previous review), and
//! clause pages. State comes from `derive::nonconformities`, made once.

use super::common::Ctx;
use crate::derive::{NcRecord, NcStatus};
use crate::model::Status;
use crate::render::tables::{self, ActionTable};
use crate::render::urls::nc_href;
use crate::render::views::*;
use std::sync::Arc;

/// A finding as a register row.
pub(crate) fn row(ctx: &Ctx<'_>, nc: &NcRecord) -> NcRow {
    let site = ctx.site;
    let f = nc.finding(site);
    NcRow {
        id: nc.id.clone(),
        href: nc_href(&nc.id),
        severity: nc.severity,
        severity_label: nc
            .severity
            .map_or("Severity not given", |s| s.label())
            .to_string(),
        text: f.text.clone(),
        found_in: ctx.doc_link(nc.doc),
        raised_on: nc.raised_on.to_string(),
        refs: ctx.references_in(nc.doc, f.refs.iter().map(|r| &r.value)),
        actions: nc
            .actions
            .iter()
            .filter_map(|&i| ctx.index.actions.get(i))
            .map(|a| LinkView {
                href: crate::render::urls::action_href(&a.id),
                text: if a.status == Status::Cancelled {
                    format!("{} (cancelled)", a.id)
                } else {
                    a.id.clone()
                },
            })
            .collect(),
        status: nc.status,
        status_label: nc.status.label().to_string(),
        closed_on: nc.closed_on.map(|d| d.to_string()).unwrap_or_default(),
        days_open: nc.days_open.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// `nonconformities/index.html`: every finding, by id.
pub(crate) fn register(ctx: &Ctx<'_>, root: &str) -> NcRegisterView {
    let all = &ctx.index.nonconformities;
    let rows: Vec<NcRow> = all.iter().map(|nc| row(ctx, nc)).collect();
    let ncs = || all.iter().filter(|n| n.is_nonconformity());
    NcRegisterView {
        table: tables::nonconformities::nonconformities(
            root,
            &rows,
            "nc-register",
            "Nonconformity register: every finding of an audit or incident record, by id",
            "No audit or incident record lists a finding yet.",
            true,
        ),
        total: all.len(),
        nonconformities: ncs().count(),
        open: ncs().filter(|n| n.status == NcStatus::Open).count(),
        closed: ncs().filter(|n| n.status == NcStatus::Closed).count(),
        other: all.len() - ncs().count(),
    }
}

/// The reviews that reported a finding, oldest first: those whose period
/// (since the previous scheduled review, up to the review) saw it raised or
/// closed — what their 9.3.2 d.1 section shows — and those that raised or
/// reported on one of its corrective actions.
pub(crate) fn reviews_reporting(ctx: &Ctx<'_>, nc: &NcRecord) -> Vec<NcReviewRow> {
    let site = ctx.site;
    let index = ctx.index;
    let mut out = Vec::new();
    for (di, d) in site.documents.iter().enumerate() {
        if d.review.is_none() {
            continue;
        }
        let after = index
            .previous_scheduled
            .get(di)
            .copied()
            .flatten()
            .map(|p| site.documents[p].date);
        let in_period = |date: crate::date::Date| after.is_none_or(|a| date > a) && date <= d.date;
        let mut how = Vec::new();
        if in_period(nc.raised_on) {
            how.push("raised since the previous review".to_string());
        }
        if let Some(c) = nc.closed_on
            && nc.status == NcStatus::Closed
            && in_period(c)
        {
            how.push(format!("closed on {c}, since the previous review"));
        }
        for &ai in &nc.actions {
            let Some(a) = index.actions.get(ai) else {
                continue;
            };
            if a.doc == di {
                how.push(format!("raised corrective action {}", a.id));
            }
            if a.timeline.iter().any(|e| e.doc == di && e.update.is_some()) {
                how.push(format!("reported on corrective action {}", a.id));
            }
        }
        if !how.is_empty() {
            out.push(NcReviewRow {
                review: ctx.doc_link(di),
                date: d.date.to_string(),
                how,
            });
        }
    }
    out
}

/// One finding's page.
pub(crate) fn page(ctx: &Ctx<'_>, nc: &NcRecord, root: &str) -> NcView {
    let r = row(ctx, nc);
    let actions: Vec<Arc<ActionRow>> = nc
        .actions
        .iter()
        .filter_map(|&i| ctx.index.actions.get(i))
        .map(|a| ctx.action_row(a))
        .collect();
    let timelines = nc
        .actions
        .iter()
        .filter_map(|&i| ctx.index.actions.get(i))
        .map(|a| {
            let view = super::actions::action(ctx, a, root);
            NcActionTimeline {
                action: LinkView {
                    href: crate::render::urls::action_href(&a.id),
                    text: a.id.clone(),
                },
                title: a.action(ctx.site).title.clone(),
                status: view.status,
                timeline: view.timeline,
            }
        })
        .collect();
    let live = nc.live_actions(&ctx.index.actions).count();
    let cancelled = nc.actions.len() - live;
    let status_note = match (nc.status, nc.is_nonconformity()) {
        (NcStatus::Closed, _) => format!(
            "Closed: every action that closes it is done; the last was done on {}.",
            r.closed_on
        ),
        (NcStatus::NoActionNeeded, _) => {
            "No action needed: an observation or opportunity for improvement asks for none."
                .to_string()
        }
        (NcStatus::Open, _) if live == 1 => {
            "Open: its corrective action is not done yet.".to_string()
        }
        (NcStatus::Open, _) if live > 0 => {
            let pending = nc
                .live_actions(&ctx.index.actions)
                .filter(|a| a.status != Status::Done)
                .count();
            format!(
                "Open: {pending} of its {live} corrective actions {} not done yet.",
                if pending == 1 { "is" } else { "are" }
            )
        }
        (NcStatus::Open, true) if cancelled > 0 => {
            "Open: its only corrective actions were cancelled, and a cancelled action closes nothing (MB037)."
                .to_string()
        }
        (NcStatus::Open, true) => {
            "Open: no corrective action closes it yet (MB037).".to_string()
        }
        (NcStatus::Open, false) => {
            "Open: its severity is not valid, so it is treated as needing corrective action."
                .to_string()
        }
    };
    let findings: Vec<FindingView> = ctx
        .findings_for(&ctx.site.documents[nc.doc].path)
        .into_iter()
        .filter(|f| super::actions::mentions(&f.message, &nc.id))
        .collect();
    let mut sev = String::new();
    tables::nonconformities::severity(&mut sev, r.severity, &r.severity_label);
    let mut status = String::new();
    tables::nonconformities::status(&mut status, r.status, &r.status_label);
    let caption = format!("Corrective actions that close {}", nc.id);
    NcView {
        id: r.id.clone(),
        severity_label: r.severity_label.clone(),
        severity: sev,
        status,
        text: r.text.clone(),
        facts: tables::nonconformities::facts(root, &r),
        actions: tables::actions(
            root,
            &actions,
            &ActionTable::new(
                "nc-actions",
                &caption,
                "No action closes it (`closes:` on an action names it).",
            ),
        ),
        timelines,
        reviews: reviews_reporting(ctx, nc),
        status_note,
        findings: tables::findings(
            root,
            &findings,
            "nc-findings",
            &format!("Findings of the checks about {}", nc.id),
            "No finding of the checks about it.",
        ),
    }
}

/// The findings a record lists, as a table ("" when it lists none).
pub(crate) fn found_in(ctx: &Ctx<'_>, doc: usize, root: &str) -> String {
    let d = &ctx.site.documents[doc];
    if d.findings.is_empty() {
        return String::new();
    }
    let rows: Vec<NcRow> = d
        .findings
        .iter()
        .filter_map(|f| ctx.index.nonconformity(&f.id.value))
        .filter(|nc| nc.doc == doc)
        .map(|nc| row(ctx, nc))
        .collect();
    tables::nonconformities::nonconformities(
        root,
        &rows,
        "nc-found",
        &format!(
            "Findings of {}, with their corrective actions and status now",
            d.id.value
        ),
        "No finding is listed.",
        false,
    )
}

/// The anchor of the section covering the review input on nonconformities
/// and corrective actions (ISO/IEC 27001:2022 9.3.2 d.1, or an input of
/// another framework that maps to it or is titled so), when it exists.
pub(crate) fn nonconformities_anchor(ctx: &Ctx<'_>, doc: usize) -> Option<String> {
    let site = ctx.site;
    let d = &site.documents[doc];
    let review = d.review.as_ref()?;
    review
        .covers
        .iter()
        .find(|c| {
            ctx.index
                .references
                .item(site, &c.reference.value)
                .is_some_and(|item| {
                    (item.catalog == "iso27001-2022" && item.item == "9.3.2.d.1")
                        || site.catalogs.item(&item).is_some_and(|i| {
                            i.maps_to.iter().any(|m| m == "iso27001-2022:9.3.2.d.1")
                                || (i.required_in_review
                                    && i.title.to_ascii_lowercase().contains("nonconformit"))
                        })
                })
                && d.headings.iter().any(|h| h.anchor == c.anchor.value)
        })
        .map(|c| c.anchor.value.clone())
}

/// The box of a review's 9.3.2 d.1 section: the findings raised, and the
/// nonconformities closed, since the previous scheduled review up to this
/// review ("" for records).
pub(crate) fn window(ctx: &Ctx<'_>, doc: usize, root: &str) -> String {
    let site = ctx.site;
    let d = &site.documents[doc];
    if d.review.is_none() {
        return String::new();
    }
    let previous = ctx.index.previous_scheduled.get(doc).copied().flatten();
    let after = previous.map(|p| site.documents[p].date);
    let in_period = |date: crate::date::Date| after.is_none_or(|a| date > a) && date <= d.date;
    let period = match previous {
        Some(p) => format!(
            "after {} on {}, up to {}",
            site.documents[p].id.value, site.documents[p].date, d.date
        ),
        None => format!("up to {}, the first scheduled review", d.date),
    };
    let items: Vec<(NcRow, String)> = ctx
        .index
        .nonconformities
        .iter()
        .filter_map(|nc| {
            let raised = in_period(nc.raised_on);
            let closed = nc.status == NcStatus::Closed && nc.closed_on.is_some_and(in_period);
            if !raised && !closed {
                return None;
            }
            let mut what = Vec::new();
            if raised {
                what.push(format!(
                    "raised on {} in {}",
                    nc.raised_on, site.documents[nc.doc].id.value
                ));
            }
            if closed && let Some(c) = nc.closed_on {
                what.push(format!("closed on {c}"));
            }
            Some((row(ctx, nc), what.join(", ")))
        })
        .collect();
    tables::nonconformities::window(root, &period, &items)
}

/// The findings referencing a clause or control, in the order of the uses.
pub(crate) fn rows_for(ctx: &Ctx<'_>, uses: &[(usize, usize)]) -> Vec<NcRow> {
    let mut seen = std::collections::HashSet::new();
    uses.iter()
        .filter_map(|&(d, i)| ctx.site.documents[d].findings.get(i))
        .filter_map(|f| ctx.index.nonconformity(&f.id.value))
        .filter(|nc| seen.insert(nc.id.clone()))
        .map(|nc| row(ctx, nc))
        .collect()
}
