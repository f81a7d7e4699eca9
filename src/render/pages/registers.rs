//! The evidence register and the audit index.

use super::common::Ctx;
use crate::derive::refs::Use;
use crate::render::markdown::document_href;
use crate::render::views::*;

/// Every evidence file: path, size, SHA-256, lock state, referencing documents.
pub fn evidence(ctx: &Ctx) -> EvidenceRegisterView {
    let rows: Vec<EvidenceRow> = ctx
        .site
        .evidence
        .files
        .keys()
        .map(|rel| ctx.evidence_row(rel, None))
        .collect();
    let total: u64 = rows.iter().map(|r| r.size).sum();
    EvidenceRegisterView {
        count: rows.len(),
        total_size: super::common::human_size(total),
        rows,
    }
}

/// Findings, the evidence trail per required input and control, and how to verify.
pub fn audit(ctx: &Ctx, bundle_name: &str) -> AuditView {
    let site = ctx.site;
    let mut requirements = Vec::new();
    for (item, uses) in &ctx.index.references.by_item {
        let mut sections = Vec::new();
        let mut evidence: Vec<EvidenceRow> = Vec::new();
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
                    if !evidence.iter().any(|e| &e.path == rel) {
                        evidence.push(ctx.evidence_row(rel, None));
                    }
                }
                _ => other += 1,
            }
        }
        sections.reverse();
        requirements.push(RequirementTrail {
            reference: ctx.item_ref(item),
            sections,
            evidence,
            decisions_and_actions: other,
        });
    }
    AuditView {
        findings: ctx.report.findings.iter().map(|f| ctx.finding(f)).collect(),
        by_code: ctx.by_code(),
        requirements,
        retention_years: site.config.retention_years,
        evidence_count: site.evidence.files.len(),
        bundle_name: bundle_name.to_string(),
    }
}
