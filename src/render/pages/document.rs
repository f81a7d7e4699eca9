//! Review and record pages, and the lists of them.

use super::common::Ctx;
use crate::render::markdown::body_html;
use crate::render::tables::{self, ActionTable, DocumentTable, EvidenceTable};
use crate::render::views::*;
use std::sync::Arc;

/// The page of document `doc`, a `root` away from the site root.
pub fn document(ctx: &Ctx<'_>, doc: usize, root: &str) -> DocumentView {
    let site = ctx.site;
    let d = &site.documents[doc];
    let review = d.review.as_ref();
    let people = |list: &[crate::model::Spanned<String>]| {
        list.iter()
            .map(|p| ctx.person(&p.value))
            .collect::<Vec<_>>()
    };
    let coverage = ctx.coverage(doc);
    let updates: Vec<UpdateRow> = d
        .updates
        .iter()
        .enumerate()
        .map(|(ui, u)| {
            let rec = ctx.index.action(&u.action.value);
            let step = rec.and_then(|r| {
                r.timeline
                    .iter()
                    .position(|e| e.doc == doc && e.update == Some(ui))
                    .map(|i| (r, i))
            });
            let (status, due, replanned_from) = match step {
                Some((r, i)) => {
                    let e = &r.timeline[i];
                    let before = i.checked_sub(1).and_then(|p| r.timeline[p].due);
                    let overdue = !e.status.is_closed() && e.due.is_some_and(|x| x < e.date);
                    (
                        ctx.status(e.status, overdue),
                        e.due.map(|x| x.to_string()).unwrap_or_default(),
                        if e.replanned {
                            before.map(|x| x.to_string()).unwrap_or_default()
                        } else {
                            String::new()
                        },
                    )
                }
                None => (
                    ctx.status(
                        u.status
                            .as_ref()
                            .map_or(crate::model::Status::Open, |s| s.value),
                        false,
                    ),
                    u.due
                        .as_ref()
                        .map(|x| x.value.to_string())
                        .unwrap_or_default(),
                    String::new(),
                ),
            };
            let action = rec.map(|r| r.action(site));
            UpdateRow {
                action: LinkView {
                    href: rec
                        .map(|r| crate::render::urls::action_href(&r.id))
                        .unwrap_or_default(),
                    text: u.action.value.clone(),
                },
                title: action.map(|a| a.title.clone()).unwrap_or_default(),
                owner: action
                    .and_then(|a| a.owner.as_ref())
                    .map(|o| ctx.person(&o.value)),
                status,
                due,
                replanned_from,
                note: u.note.clone().unwrap_or_default(),
                evidence: u.evidence.iter().map(|e| ctx.entry_row(e)).collect(),
            }
        })
        .collect();
    let metric_state = |id: &str, v: f64| -> &'static str {
        site.config
            .objectives
            .iter()
            .find(|o| o.metric.as_ref().is_some_and(|m| m.value == id))
            .and_then(|o| o.target)
            .map_or("neutral", |t| if t.is_met(v) { "good" } else { "bad" })
    };
    // The nearest documents of the same kind before and after this one.
    let same_kind = |i: &usize| site.documents[*i].kind == d.kind;
    let before = (0..doc).rev().find(same_kind);
    let after = (doc + 1..site.documents.len()).find(same_kind);
    let neighbour = |p: Option<usize>| {
        p.map(|i| {
            let mut l = ctx.doc_link(i);
            l.text = format!(
                "{} ({})",
                site.documents[i].id.value, site.documents[i].date
            );
            l
        })
    };
    let coverage_caption = if coverage.extraordinary {
        format!(
            "Required review inputs and the section of the minutes covering each ({} of {} covered or no change; an extraordinary review covers what it was called for)",
            coverage.counted,
            coverage.rows.len()
        )
    } else if review.is_some() {
        format!(
            "Required review inputs and the section of the minutes covering each ({} of {} covered or no change)",
            coverage.counted,
            coverage.rows.len()
        )
    } else {
        "Required review inputs and the section of the minutes covering each".to_string()
    };
    let decisions = ctx.decisions(doc);
    let actions_raised: Vec<Arc<ActionRow>> = d
        .actions
        .iter()
        .filter_map(|a| ctx.index.action(&a.id.value))
        .filter(|r| r.doc == doc)
        .map(|r| ctx.action_row(r))
        .collect();
    let raised_caption = format!("Actions raised in {}, with their status now", d.id.value);
    let evidence: Vec<Arc<EvidenceRow>> = d.evidence.iter().map(|e| ctx.entry_row(e)).collect();
    let evidence_caption = format!("Evidence attached to {}, with size and SHA-256", d.id.value);
    let chair = review
        .and_then(|r| r.chair.as_ref())
        .map(|p| ctx.person(&p.value));
    let secretary = review
        .and_then(|r| r.secretary.as_ref())
        .map(|p| ctx.person(&p.value));
    let attendees = review.map(|r| people(&r.attendees)).unwrap_or_default();
    let apologies = review.map(|r| people(&r.apologies)).unwrap_or_default();
    let mut present: Vec<(&PersonRef, Option<&str>)> = Vec::new();
    present.extend(chair.iter().map(|p| (p, Some("Chair"))));
    present.extend(secretary.iter().map(|p| (p, Some("Secretary"))));
    present.extend(
        attendees
            .iter()
            .filter(|p| {
                chair.as_ref().is_none_or(|c| c.id != p.id)
                    && secretary.as_ref().is_none_or(|s| s.id != p.id)
            })
            .map(|p| (p, None)),
    );
    let findings = ctx.findings_for(&d.path);
    let signoff = review.map(|_| ctx.signoff(doc));
    // The 9.3.2 d.1 section shows what was raised or closed since the
    // previous review; a review without that section shows it on its own.
    let nc_anchor = super::nonconformities::nonconformities_anchor(ctx, doc);
    let nc_box = super::nonconformities::window(ctx, doc, root);
    let (body, nc_window) = match &nc_anchor {
        Some(anchor) => (
            crate::render::markdown::body_html_with(
                site,
                ctx.index,
                doc,
                root,
                Some((anchor.as_str(), nc_box.as_str())),
            ),
            String::new(),
        ),
        None => (body_html(site, ctx.index, doc, root), nc_box),
    };
    DocumentView {
        id: d.id.value.clone(),
        title: d.title.clone(),
        date: d.date.to_string(),
        kind: super::common::kind_words(d).into(),
        is_review: review.is_some(),
        extraordinary: d.is_extraordinary(),
        trigger: review.and_then(|r| r.trigger.clone()).unwrap_or_default(),
        present: tables::people_items(root, &present),
        apologies: tables::people_items(
            root,
            &apologies.iter().map(|p| (p, None)).collect::<Vec<_>>(),
        ),
        chair,
        coverage_summary: coverage.summary.clone(),
        coverage: tables::coverage(
            root,
            &crate::render::urls::document_href(site, doc),
            &coverage,
            "coverage-table",
            &coverage_caption,
        ),
        body_html: body,
        nc_window,
        nc_found: super::nonconformities::found_in(ctx, doc, root),
        decision_count: decisions.len(),
        decisions: tables::decisions(
            root,
            &decisions,
            false,
            if review.is_some() {
                "No decision is recorded in this review."
            } else {
                "No decisions recorded."
            },
            "",
        ),
        actions_raised: tables::actions(
            root,
            &actions_raised,
            &ActionTable {
                show_raised: false,
                ..ActionTable::new(
                    "actions-raised",
                    &raised_caption,
                    "No action was raised here.",
                )
            },
        ),
        update_rows: tables::update_rows(root, &updates),
        metric_rows: tables::metric_rows(
            &d.metrics
                .iter()
                .map(|m| {
                    let def = site.config.metrics.get(&m.id.value);
                    let unit = def.map(|x| x.unit.as_str()).unwrap_or_default();
                    MetricValue {
                        id: m.id.value.clone(),
                        title: def.map_or_else(|| m.id.value.clone(), |x| x.title.clone()),
                        value: format_value(m.value, unit),
                        state: metric_state(&m.id.value, m.value).into(),
                    }
                })
                .collect::<Vec<_>>(),
        ),
        evidence: tables::evidence(
            root,
            &evidence,
            &EvidenceTable {
                id: "evidence-table",
                caption: &evidence_caption,
                show_refs: true,
                row_ids: false,
                all_referrers: false,
                empty: "No evidence file is attached to this document itself; evidence attached to action updates is listed with them.",
                show_validity: false,
            },
        ),
        approval_rows: signoff
            .as_ref()
            .map(|s| tables::approval_rows(root, &s.approvals))
            .unwrap_or_default(),
        signoff,
        finding_count: findings.len(),
        findings: tables::findings_box(root, &findings, "this document"),
        previous: neighbour(before),
        next: neighbour(after),
        source: d.path.clone(),
        sha256: d.sha256.clone(),
    }
}

/// An evidence path as written, normalised to its path relative to content/.
pub(crate) fn evidence_rel(ctx: &Ctx<'_>, written: &str) -> String {
    let refs = &ctx.index.references;
    match refs.key_of(written) {
        Some(rel) => rel.to_string(),
        None => refs
            .resolve(&ctx.site.root.join("content"), written)
            .map_or_else(|_| written.to_string(), std::borrow::Cow::into_owned),
    }
}

/// A number with its unit: `4.1 %`, `12 days`.
pub(crate) fn format_value(v: f64, unit: &str) -> String {
    let n = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    };
    match unit {
        "" => n,
        "%" => format!("{n} %"),
        u => format!("{n} {u}"),
    }
}

/// The list of reviews or records, newest first.
pub(crate) fn list(
    ctx: &Ctx<'_>,
    kind: crate::model::DocumentKind,
    root: &str,
    year: Option<i32>,
) -> DocumentListView {
    let years = list_years(ctx, kind);
    let part = if years.is_empty() {
        super::split::Part::All
    } else {
        super::split::part(usize::MAX, super::split::PAGE_ROWS, &years, year)
    };
    let rows: Vec<DocumentRow> = ctx
        .site
        .documents
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, d)| d.kind == kind && part.has_year(d.date.year()))
        .map(|(i, _)| ctx.doc_row(i))
        .collect();
    let n = rows.len();
    let s = if n == 1 { "" } else { "s" };
    let reviews = kind == crate::model::DocumentKind::Review;
    let of_year = match part {
        super::split::Part::All => String::new(),
        super::split::Part::Latest(y) | super::split::Part::Year(y) => format!(" of {y}"),
    };
    let caption = if reviews {
        format!("{n} management review{s}{of_year}, newest first")
    } else {
        format!("{n} record{s}{of_year}, newest first")
    };
    let folder = if reviews { "reviews" } else { "records" };
    let entry = format!("{folder}/index.html");
    DocumentListView {
        pager: super::split::year_pager(
            root,
            part,
            &entry,
            &years,
            |y| list_year_href(kind, y),
            "By year",
        ),
        part_note: match part {
            super::split::Part::Latest(y) => {
                format!(
                    "This page lists {y}, the latest year; earlier years are on the page of their year."
                )
            }
            _ => String::new(),
        },
        table: tables::documents(
            root,
            &rows,
            &DocumentTable {
                id: "documents",
                caption: &caption,
                reviews,
                sortable: true,
                empty: if reviews {
                    "No management review has been recorded yet. Start one with minutebook new review."
                } else {
                    "No record yet."
                },
            },
        ),
    }
}

/// The years of a split list of reviews or records (more than
/// [`super::split::PAGE_ROWS`] documents), newest first; none when it is
/// one page.
pub(crate) fn list_years(ctx: &Ctx<'_>, kind: crate::model::DocumentKind) -> Vec<i32> {
    let dated = || ctx.site.documents.iter().filter(|d| d.kind == kind);
    if dated().count() <= super::split::PAGE_ROWS {
        return Vec::new();
    }
    super::split::years(dated().map(|d| d.date.year()))
}

/// The href of a year's page of the reviews or records:
/// `reviews/year/2025/index.html` (one folder below any review's page).
pub(crate) fn list_year_href(kind: crate::model::DocumentKind, year: i32) -> String {
    let folder = if kind == crate::model::DocumentKind::Review {
        "reviews"
    } else {
        "records"
    };
    format!("{folder}/year/{year}/index.html")
}
