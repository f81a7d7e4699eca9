//! The evidence register and the audit index.

use super::common::Ctx;
use super::split;
use crate::derive::refs::Use;
use crate::diag::findings::Code;
use crate::render::tables::{self, EvidenceTable};
use crate::render::urls::document_href;
use crate::render::views::*;
use std::sync::Arc;

/// Every evidence file: path, size, SHA-256, lock state, validity,
/// referencing documents; then, in a section of its own, the evidence that
/// lives outside the site. Current evidence with a `valid_until` comes
/// first, the soonest to expire (or longest expired) at the top, so what
/// needs renewing is what an auditor and the ISMS manager see first.
pub fn evidence(ctx: &Ctx<'_>, root: &str, year: Option<i32>) -> EvidenceRegisterView {
    let years = evidence_years(ctx);
    let part = if years.is_empty() {
        split::Part::All
    } else {
        split::part(usize::MAX, split::PAGE_ROWS, &years, year)
    };
    let all = ctx.evidence_pages();
    // Every page of the register lists every file's year, so the total is
    // of all files (summed from the map, not looked up path by path).
    let total: u64 = ctx.site.evidence.files.values().map(|f| f.size).sum();
    let mut rows: Vec<Arc<EvidenceRow>> = all
        .iter()
        .filter(|&&(_, y)| match (part, y) {
            (split::Part::All, _) => true,
            (split::Part::Year(p), y) => y == Some(p),
            (split::Part::Latest(p), y) => y.is_none_or(|y| y == p),
        })
        .map(|(rel, _)| ctx.evidence_row(rel, None))
        .collect();
    if let split::Part::Latest(latest) = part {
        // The entry page also lists every file with a current validity date
        // of earlier years: what needs renewing is seen first.
        rows.extend(
            all.iter()
                .filter(|&&(_, y)| y.is_some_and(|y| y != latest))
                .map(|(rel, _)| ctx.evidence_row(rel, None))
                .filter(|r| is_current_dated(r)),
        );
    }
    let is_entry = part.is_entry();
    let mut outside: Vec<Arc<EvidenceRow>> = if is_entry {
        ctx.index
            .references
            .outside
            .keys()
            .filter(|url| ctx.site.evidence.file(url).is_none())
            .map(|url| ctx.evidence_row(url, None))
            .collect()
    } else {
        Vec::new()
    };
    let expiring_first = |r: &Arc<EvidenceRow>| {
        let dated = is_current_dated(r);
        (
            !dated,
            if dated {
                r.valid_until.clone()
            } else {
                String::new()
            },
        )
    };
    // Stable: rows without a current validity keep their path order.
    rows.sort_by(|a, b| {
        expiring_first(a)
            .cmp(&expiring_first(b))
            .then_with(|| a.path.cmp(&b.path))
    });
    outside.sort_by_key(expiring_first);
    let (expiring, expired) =
        crate::derive::validity::expiring_and_expired(&ctx.validity, ctx.as_of());
    let part_note = match part {
        split::Part::All => String::new(),
        split::Part::Latest(y) => format!(
            "This page lists the {} files first cited in {y}, the latest year, every file no document cites and every current file with a validity date; the files of earlier years are on the page of the year they were first cited in.",
            rows.len()
        ),
        split::Part::Year(y) => format!(
            "This page lists the {} evidence files first cited in {y}.",
            rows.len()
        ),
    };
    let entry = crate::render::urls::evidence_register_href(None);
    EvidenceRegisterView {
        pager: split::year_pager(
            root,
            part,
            &entry,
            &years,
            |y| crate::render::urls::evidence_register_href(Some(y)),
            "Evidence by the year it was first cited",
        ),
        part_note,
        is_entry,
        count: all.len(),
        total_size: super::common::human_size(total),
        table: tables::evidence(
            root,
            &rows,
            &EvidenceTable {
                id: "evidence-register",
                caption: "Evidence register: current evidence expiring first, then by path",
                show_refs: true,
                row_ids: true,
                all_referrers: true,
                empty: "No evidence file yet.",
                show_validity: true,
            },
        ),
        outside_count: outside.len(),
        outside_table: tables::evidence(
            root,
            &outside,
            &EvidenceTable {
                id: "outside-evidence",
                caption: "Evidence outside the bundle: expiring first, then by address",
                show_refs: true,
                row_ids: true,
                all_referrers: true,
                empty: "No evidence outside the site is cited.",
                show_validity: true,
            },
        ),
        expiring,
        expired,
    }
}

/// Whether a register row carries a validity date that still counts
/// (not a historical file): those rows lead the register.
fn is_current_dated(r: &EvidenceRow) -> bool {
    !r.valid_until.is_empty()
        && r.validity_state != Some(crate::derive::validity::ValidityState::History)
}

/// The years with a page of the evidence register, newest first: none when
/// it is one page.
pub(crate) fn evidence_years(ctx: &Ctx<'_>) -> Vec<i32> {
    if !crate::render::urls::evidence_register_is_split(ctx.site) {
        return Vec::new();
    }
    split::years(ctx.evidence_pages().iter().filter_map(|&(_, y)| y))
}

/// Findings, the evidence trail per required input and control, and how to verify.
pub(crate) fn audit(ctx: &Ctx<'_>, bundle_name: &str, file_count: usize, root: &str) -> AuditView {
    let site = ctx.site;
    let mut requirements = Vec::new();
    // Required inputs first (even when nothing covers them: that is a gap),
    // then every other referenced item, each in catalog order.
    let required = &ctx.required;
    let position = |r: &crate::model::catalog::ItemRef| {
        let cat = ctx
            .frameworks
            .iter()
            .position(|f| f.eq_ignore_ascii_case(&r.catalog))
            .unwrap_or(usize::MAX);
        let item = site
            .catalogs
            .get(&r.catalog)
            .and_then(|c| c.items.iter().position(|i| i.id == r.item))
            .unwrap_or(usize::MAX);
        (cat, r.catalog.clone(), item)
    };
    let mut others: Vec<&crate::model::catalog::ItemRef> = ctx
        .index
        .references
        .by_item
        .keys()
        .filter(|k| !required.contains(k))
        .collect();
    others.sort_by_key(|r| position(r));
    let no_uses = Vec::new();
    for item in required.iter().chain(others) {
        let uses = ctx.index.references.by_item.get(item).unwrap_or(&no_uses);
        let mut sections = Vec::new();
        let mut evidence: Vec<Arc<EvidenceRow>> = Vec::new();
        let mut listed = std::collections::HashSet::new();
        let mut other = 0;
        for u in uses {
            match u {
                Use::Section(d, anchor) => {
                    let doc = &site.documents[*d];
                    sections.push(SectionRef {
                        document: ctx.doc_link(*d),
                        heading: doc
                            .headings
                            .iter()
                            .find(|h| &h.anchor == anchor)
                            .map_or_else(|| anchor.clone(), |h| h.text.clone()),
                        href: format!("{}#{anchor}", document_href(site, *d)),
                        date: doc.date.to_string(),
                    });
                }
                Use::Evidence(rel, _) => {
                    if listed.insert(rel) {
                        evidence.push(ctx.evidence_row(rel, None));
                    }
                }
                // Findings have their own register (nonconformities/).
                Use::Finding(..) => {}
                _ => other += 1,
            }
        }
        sections.reverse();
        // The newest few: the item's page (split by year when long) has all.
        let more_sections = sections.len().saturating_sub(split::TRAIL_ITEMS);
        sections.truncate(split::TRAIL_ITEMS);
        let more_evidence = evidence.len().saturating_sub(split::TRAIL_ITEMS);
        evidence.truncate(split::TRAIL_ITEMS);
        requirements.push(RequirementTrail {
            required: required.contains(item),
            reference: ctx.item_ref(item),
            sections,
            evidence,
            decisions_and_actions: other,
            more_sections,
            more_evidence,
        });
    }
    let by_code = ctx.by_code();
    let groups: Vec<tables::FindingGroup<'_>> = by_code
        .iter()
        .filter_map(|c| {
            let code = *crate::diag::findings::Code::ALL
                .iter()
                .find(|k| k.as_str() == c.code)?;
            let total = ctx
                .report
                .findings
                .iter()
                .filter(|f| f.code == code)
                .count();
            Some(tables::FindingGroup {
                code: c,
                anchor: crate::render::urls::code_anchor(code),
                rows: ctx
                    .report
                    .findings
                    .iter()
                    .filter(|f| f.code == code)
                    .take(split::FINDINGS_SHOWN)
                    .map(|f| ctx.finding(f))
                    .collect(),
                more: (total > split::FINDINGS_SHOWN).then(|| (total, code_page_href(code, 1))),
            })
        })
        .collect();
    AuditView {
        findings: tables::finding_groups(root, &groups),
        by_code,
        trail_rows: tables::trail_rows(root, &requirements),
        retention_years: site.config.retention_years,
        file_count,
        evidence_count: site.evidence.files.len(),
        bundle_name: bundle_name.to_string(),
        lock_check: crate::render::sources::lock_check(site).unwrap_or_default(),
        signoff_check: crate::render::sources::signoff_check(site, ctx.index).unwrap_or_default(),
    }
}

/// The codes whose findings the audit index lists only the first of
/// (more than [`split::FINDINGS_SHOWN`]), each with its number of pages of
/// [`split::FINDINGS_PER_PAGE`] findings.
pub(crate) fn code_pages(ctx: &Ctx<'_>) -> Vec<(Code, usize)> {
    let mut counts: std::collections::BTreeMap<Code, usize> = std::collections::BTreeMap::new();
    for f in &ctx.report.findings {
        *counts.entry(f.code).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n > split::FINDINGS_SHOWN)
        .map(|(c, n)| (c, n.div_ceil(split::FINDINGS_PER_PAGE)))
        .collect()
}

/// The href of page `page` (from 1) of a code's findings:
/// `audit/mb050/index.html`, then `audit/mb050/2/index.html`.
pub(crate) fn code_page_href(code: Code, page: usize) -> String {
    let code = code.as_str().to_ascii_lowercase();
    if page <= 1 {
        format!("audit/{code}/index.html")
    } else {
        format!("audit/{code}/{page}/index.html")
    }
}

/// One page of a code's findings, in the order of the audit index.
pub(crate) fn code_page(ctx: &Ctx<'_>, code: Code, page: usize, root: &str) -> AuditCodeView {
    let all: Vec<&crate::diag::findings::Finding> = ctx
        .report
        .findings
        .iter()
        .filter(|f| f.code == code)
        .collect();
    let pages = all.len().div_ceil(split::FINDINGS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let from = (page - 1) * split::FINDINGS_PER_PAGE;
    let rows: Vec<FindingView> = all
        .iter()
        .skip(from)
        .take(split::FINDINGS_PER_PAGE)
        .map(|f| ctx.finding(f))
        .collect();
    let by_code = ctx.by_code();
    let findings = by_code
        .iter()
        .find(|c| c.code == code.as_str())
        .map(|c| {
            tables::finding_groups(
                root,
                &[tables::FindingGroup {
                    code: c,
                    anchor: crate::render::urls::code_anchor(code),
                    rows: rows.clone(),
                    more: None,
                }],
            )
        })
        .unwrap_or_default();
    let links: Vec<split::PagerLink> = (1..=pages)
        .map(|n| split::PagerLink {
            label: format!("Page {n}"),
            href: code_page_href(code, n),
        })
        .collect();
    AuditCodeView {
        part_note: format!(
            "Findings {} to {} of {} of {}, in the order of the audit index.",
            from + 1,
            from + rows.len(),
            all.len(),
            code.as_str()
        ),
        pager: split::pager(
            root,
            &links,
            page - 1,
            &format!("The findings of {} by page", code.as_str()),
            ("Previous", "Next"),
        ),
        findings,
    }
}
