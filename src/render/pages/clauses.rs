//! The clause coverage matrix and a page per clause or control.

use super::common::Ctx;
use super::split;
use crate::derive::coverage::CoverageMark;
use crate::derive::refs::Use;
use crate::model::catalog::ItemRef;
use crate::render::tables::{self, ActionTable, EvidenceTable};
use crate::render::urls::document_href;
use crate::render::urls::item_href;
use crate::render::views::*;
use std::sync::Arc;

/// The reviews (positions in `site.documents`), oldest first.
fn all_reviews(ctx: &Ctx<'_>) -> Vec<usize> {
    ctx.site
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.review.is_some())
        .map(|(i, _)| i)
        .collect()
}

/// The years with a page of the matrix, newest first: none when the
/// matrix has at most [`split::MATRIX_REVIEWS`] reviews (it is one page).
pub(crate) fn matrix_years(ctx: &Ctx<'_>) -> Vec<i32> {
    let reviews = all_reviews(ctx);
    if reviews.len() <= split::MATRIX_REVIEWS {
        return Vec::new();
    }
    split::years(reviews.iter().map(|&i| ctx.site.documents[i].date.year()))
}

/// Inputs × reviews, then the catalogs with how often each item is cited.
/// Above [`split::MATRIX_REVIEWS`] reviews the entry page (`year` None)
/// shows the latest that many and a year page (`clauses/<year>/`) the
/// reviews of its year, without the catalogs.
pub(crate) fn matrix(ctx: &Ctx<'_>, root: &str, year: Option<i32>) -> ClausesView {
    let site = ctx.site;
    let mut reviews = all_reviews(ctx);
    let years = matrix_years(ctx);
    let part = if years.is_empty() {
        split::Part::All
    } else {
        match year {
            Some(y) => split::Part::Year(y),
            None => split::Part::Latest(years[0]),
        }
    };
    let shown = reviews.len();
    match part {
        split::Part::All => {}
        split::Part::Latest(_) => {
            reviews.drain(..reviews.len().saturating_sub(split::MATRIX_REVIEWS));
        }
        split::Part::Year(y) => reviews.retain(|&i| site.documents[i].date.year() == y),
    }
    let part_note = match part {
        split::Part::All => String::new(),
        split::Part::Latest(_) => format!(
            "The matrix shows the latest {} of the {shown} management reviews; each year's reviews are on the page of their year. The Covered column counts the reviews shown.",
            reviews.len()
        ),
        split::Part::Year(y) => format!(
            "The matrix shows the {} management reviews of {y}. The Covered column counts the reviews shown.",
            reviews.len()
        ),
    };
    let pager = split::year_pager(
        root,
        part,
        "clauses/index.html",
        &years,
        |y| split::year_href("clauses/index.html", y),
        "The coverage matrix by year of review",
    );
    let coverage = &ctx.index.coverage;
    let rows: Vec<MatrixRow> = coverage
        .required
        .iter()
        .enumerate()
        .map(|(k, item)| {
            let mut n_cov = 0;
            let mut n_req = 0;
            let cells = reviews
                .iter()
                .filter_map(|&i| coverage.of(i).map(|cov| (i, cov)))
                .map(|(i, cov)| {
                    let d = &site.documents[i];
                    let mark = cov
                        .inputs
                        .get(k)
                        .map_or(CoverageMark::NotCovered, |x| x.mark);
                    if !cov.extraordinary && mark != CoverageMark::NotApplicable {
                        n_req += 1;
                        n_cov += usize::from(mark.counts());
                    }
                    let href = cov
                        .section_of(k)
                        .and_then(|s| d.headings.get(s.heading))
                        .map(|h| format!("{}#{}", document_href(site, i), h.anchor))
                        .unwrap_or_default();
                    let label = match mark {
                        CoverageMark::NotRequired => {
                            format!("not required in extraordinary review {}", d.id.value)
                        }
                        CoverageMark::NoChange => format!("no change in {}", d.id.value),
                        CoverageMark::Placeholder => format!("placeholder in {}", d.id.value),
                        CoverageMark::Covered => format!("covered in {}", d.id.value),
                        CoverageMark::NotCovered => format!("not covered in {}", d.id.value),
                        CoverageMark::NotApplicable => {
                            format!(
                                "not applicable in {} (another edition was in force)",
                                d.id.value
                            )
                        }
                    };
                    MatrixCell { mark, label, href }
                })
                .collect();
            MatrixRow {
                reference: ctx.item_ref(item),
                cells,
                summary: format!("{n_cov} of {n_req}"),
            }
        })
        .collect();
    let mut catalog_ids: Vec<String> = ctx.frameworks.clone();
    for item in ctx.index.references.by_item.keys() {
        if !catalog_ids
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&item.catalog))
        {
            catalog_ids.push(item.catalog.clone());
        }
    }
    let catalogs = catalog_ids
        .iter()
        .filter_map(|id| site.catalogs.get(id))
        .map(|c| CatalogView {
            id: c.id.clone(),
            title: c.title.clone(),
            items: c
                .items
                .iter()
                .map(|i| {
                    let r = ItemRef {
                        catalog: c.id.clone(),
                        item: i.id.clone(),
                    };
                    CatalogItemRow {
                        references: ctx.index.references.by_item.get(&r).map_or(0, Vec::len),
                        reference: ctx.item_ref(&r),
                        required: i.required_in_review,
                    }
                })
                .collect(),
        })
        .collect();
    ClausesView {
        column_heads: tables::matrix_heads(
            root,
            &reviews.iter().map(|&i| ctx.doc_row(i)).collect::<Vec<_>>(),
        ),
        matrix_rows: tables::matrix_rows(root, &rows),
        legend: tables::coverage_legend(true, true),
        catalogs: if part.is_entry() {
            catalogs
        } else {
            Vec::new()
        },
        pager,
        part_note,
        year_page: !part.is_entry(),
    }
}

/// The items that get a page: every item of the catalogs shown in the matrix.
pub fn pages(ctx: &Ctx<'_>) -> Vec<ItemRef> {
    matrix_catalogs(ctx)
        .into_iter()
        .flat_map(|c| {
            c.items.iter().map(move |i| ItemRef {
                catalog: c.id.clone(),
                item: i.id.clone(),
            })
        })
        .collect()
}

fn matrix_catalogs<'a>(ctx: &Ctx<'a>) -> Vec<&'a crate::model::catalog::Catalog> {
    let mut ids: Vec<&str> = ctx.frameworks.iter().map(String::as_str).collect();
    for item in ctx.index.references.by_item.keys() {
        if !ids.iter().any(|c| c.eq_ignore_ascii_case(&item.catalog)) {
            ids.push(&item.catalog);
        }
    }
    ids.iter()
        .filter_map(|id| ctx.site.catalogs.get(id))
        .collect()
}

/// The years of an item's uses, newest first, when its page is split (more
/// than [`split::PAGE_ROWS`] uses); none when it is one page.
pub(crate) fn split_years(ctx: &Ctx<'_>, r: &ItemRef) -> Vec<i32> {
    ctx.item_uses(r).split_years.clone()
}

/// One clause or control with everything that references it. Above
/// [`split::PAGE_ROWS`] references, the page (`year` None) lists those of
/// the latest year and every open action, and a page per year
/// (`clauses/<catalog>/<item>/<year>/`) those of its year; the counts at
/// the top are always of every reference.
pub fn item(ctx: &Ctx<'_>, r: &ItemRef, root: &str, year: Option<i32>) -> ClauseView {
    let site = ctx.site;
    let gathered = ctx.item_uses(r);
    let earlier = &gathered.earlier;
    let years = &gathered.split_years;
    let part = split::part(gathered.uses.len(), split::PAGE_ROWS, years, year);
    let open_action = |u: &Use| match u {
        Use::Action(d, i) => site.documents[*d]
            .actions
            .get(*i)
            .and_then(|a| ctx.index.action(&a.id.value))
            .is_some_and(|rec| !rec.status.is_closed()),
        _ => false,
    };
    let picked: Vec<&(&Use, Option<usize>, i32)> = match part {
        split::Part::Year(y) => gathered
            .in_year(y)
            .iter()
            .filter_map(|&i| gathered.uses.get(i))
            .collect(),
        _ => gathered
            .uses
            .iter()
            .filter(|&&(u, _, y)| {
                part.has_year(y) || (matches!(part, split::Part::Latest(_)) && open_action(u))
            })
            .collect(),
    };
    let uses: Vec<(&Use, Option<&ItemRef>)> = picked
        .into_iter()
        .map(|&(u, k, _)| (u, k.and_then(|k| earlier.get(k)).map(|(e, _)| e)))
        .collect();
    let cited_as_html = cited_as(ctx, root, earlier);
    let mut sections = Vec::new();
    let mut decisions = Vec::new();
    let mut actions = Vec::new();
    let mut evidence: Vec<Arc<EvidenceRow>> = Vec::new();
    let mut findings: Vec<(usize, usize)> = Vec::new();
    // Ids and paths already listed (the lists themselves keep their order).
    let mut seen_actions = std::collections::HashSet::new();
    let mut seen_evidence = std::collections::HashSet::new();
    for (u, via) in uses {
        match u {
            Use::Section(d, anchor) => {
                let doc = &site.documents[*d];
                let heading = doc.headings.iter().find(|h| &h.anchor == anchor);
                let text = heading
                    .map(|h| h.text.clone())
                    .unwrap_or_else(|| anchor.clone());
                sections.push(SectionRef {
                    document: ctx.doc_link(*d),
                    heading: match via {
                        Some(e) => format!("{text} ({})", cited_as_words(e)),
                        None => text,
                    },
                    href: format!("{}#{anchor}", document_href(site, *d)),
                    date: doc.date.to_string(),
                });
            }
            Use::Decision(d, i) => {
                if let Some(x) = ctx.decision(*d, *i) {
                    decisions.push(x);
                }
            }
            Use::Action(d, i) => {
                if let Some(rec) = site.documents[*d]
                    .actions
                    .get(*i)
                    .and_then(|a| ctx.index.action(&a.id.value))
                    && seen_actions.insert(rec.id.as_str())
                {
                    actions.push(ctx.action_row(rec));
                }
            }
            Use::Evidence(rel, _) => {
                if seen_evidence.insert(rel.as_str()) {
                    evidence.push(ctx.evidence_row(rel, None));
                }
            }
            Use::Finding(d, i) => findings.push((*d, *i)),
        }
    }
    let nc_rows = super::nonconformities::rows_for(ctx, &findings);
    sections.reverse();
    let item = site.catalogs.item(r);
    // The counts at the top are of every reference, on every page.
    let whole = part == split::Part::All;
    let all = gathered.counts;
    let section_count = if whole { sections.len() } else { all.sections };
    let decision_count = if whole {
        decisions.len()
    } else {
        all.decisions
    };
    let action_count = if whole { actions.len() } else { all.actions };
    let evidence_count = if whole { evidence.len() } else { all.evidence };
    let nonconformity_count = if whole {
        nc_rows.len()
    } else {
        all.nonconformities
    };
    let entry = item_href(r);
    let part_note = match part {
        split::Part::All => String::new(),
        split::Part::Latest(y) => format!(
            "This page lists what references it in {y}, the latest year, and every open action referencing it; earlier years are on the page of their year. The counts above are of every year."
        ),
        split::Part::Year(y) => format!(
            "This page lists what references it in {y}. The counts above are of every year."
        ),
    };
    let pager = split::year_pager(
        root,
        part,
        &entry,
        years,
        |y| split::year_href(&entry, y),
        "References by year",
    );
    ClauseView {
        pager,
        part_note,
        reference: ctx.item_ref(r),
        catalog: site
            .catalogs
            .get(&r.catalog)
            .map(|c| c.title.clone())
            .unwrap_or_default(),
        required: item.is_some_and(|i| i.required_in_review),
        cited_as: cited_as_html,
        maps_to: item
            .map(|i| i.maps_to.iter().map(|m| ctx.reference(m)).collect())
            .unwrap_or_default(),
        section_rows: tables::section_rows(root, &sections),
        section_count,
        decisions: tables::decisions(
            root,
            &decisions,
            true,
            "No decision references it.",
            &crate::render::urls::item_href(r),
        ),
        decision_count,
        actions: tables::actions(
            root,
            &actions,
            &ActionTable {
                except_ref: &crate::render::urls::item_href(r),
                ..ActionTable::new(
                    "clause-actions",
                    "Actions referencing it",
                    "No action references it.",
                )
            },
        ),
        action_count,
        evidence: tables::evidence(
            root,
            &evidence,
            &EvidenceTable {
                id: "clause-evidence",
                caption: "Evidence files referencing it",
                show_refs: false,
                row_ids: false,
                all_referrers: false,
                empty: "No evidence file references it.",
                show_validity: false,
            },
        ),
        evidence_count,
        nonconformities: crate::render::tables::nonconformities::nonconformities(
            root,
            &nc_rows,
            "clause-nonconformities",
            "Findings of audits and incidents referencing it",
            "No finding of an audit or incident references it.",
            true,
        ),
        nonconformity_count,
    }
}

/// "cited as A.8.1.1 (2013)": how an earlier edition's item is named beside
/// what cites it on the page of the item it became.
fn cited_as_words(e: &ItemRef) -> String {
    format!(
        "cited as {} ({})",
        e.item,
        crate::model::catalog::edition_of(&e.catalog)
    )
}

/// The list of earlier editions' items that became this one and are cited:
/// each linked to its own page, with how many places cite it ("" when none).
fn cited_as(ctx: &Ctx<'_>, root: &str, earlier: &[(ItemRef, &[Use])]) -> String {
    if earlier.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ul class=\"cited-as\">");
    for (e, uses) in earlier {
        out.push_str("\n<li>");
        let view = ctx.item_ref(e);
        out.push_str("cited as ");
        crate::render::html::link_or(&mut out, root, "ref", &view.href, &e.item, Some("ref"));
        out.push_str(" (");
        crate::render::html::text(&mut out, &crate::model::catalog::edition_of(&e.catalog));
        out.push_str(") ");
        crate::render::html::text(&mut out, &view.title);
        out.push_str(": ");
        let docs: std::collections::BTreeSet<usize> = uses.iter().map(Use::doc).collect();
        crate::render::html::text(
            &mut out,
            &format!(
                "{} place{} in {} document{}",
                uses.len(),
                if uses.len() == 1 { "" } else { "s" },
                docs.len(),
                if docs.len() == 1 { "" } else { "s" }
            ),
        );
        out.push_str("</li>");
    }
    out.push_str("\n</ul>");
    out
}
