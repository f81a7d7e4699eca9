//! MB020–MB026: what a management review must contain (9.3.2 inputs covered
//! by real sections, top management present, a quorum, decisions, no copy).

use crate::derive::Index;
use crate::derive::coverage::CoverageMark;
use crate::diag::findings::{Code, Finding, Span};
use crate::model::{Document, ReviewPart, Site};

fn reviews(site: &Site) -> impl Iterator<Item = (usize, &Document, &ReviewPart)> {
    site.documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.review.as_ref().map(|r| (i, &**d, r)))
}

/// The findings `check` adds for each review, reviews taken on every thread
/// and the findings kept in document order: the two heaviest rules (section
/// texts compared and read word by word) each ran 0.1 s alone at the end
/// of the checks of 10,000 reviews.
fn per_review(
    site: &Site,
    check: impl Fn(usize, &Document, &ReviewPart, &mut Vec<Finding>) + Sync,
) -> Vec<Finding> {
    use rayon::prelude::*;
    site.documents
        .par_iter()
        .enumerate()
        .with_max_len(64)
        .flat_map_iter(|(i, d)| {
            let mut out = Vec::new();
            if let Some(r) = &d.review {
                check(i, d, r, &mut out);
            }
            out
        })
        .collect()
}

/// MB020: every required review input is covered (scheduled reviews only):
/// an input marked ✗ whose `covers` has no entry for it (an entry whose
/// anchor is no heading is MB021's).
pub(crate) fn coverage(site: &Site, index: &Index) -> Vec<Finding> {
    let required = &index.coverage.required;
    let mut out = Vec::new();
    for (i, d, r) in reviews(site) {
        let Some(cov) = index.coverage.of(i) else {
            continue;
        };
        if r.extraordinary {
            continue;
        }
        // Point at the `covers:` key, where the missing input is to be added
        // (the frontmatter's start when `covers` itself is missing: MB004).
        let at = if r.covers_span == Span::NONE {
            Span::at(1, 1)
        } else {
            r.covers_span
        };
        for (k, input) in required.iter().enumerate() {
            let missing = cov
                .inputs
                .get(k)
                .is_some_and(|x| x.mark == CoverageMark::NotCovered && x.cover.is_none());
            if !missing {
                continue;
            }
            let title = site
                .catalogs
                .item(input)
                .map(|i| format!(" ({})", i.title.to_lowercase()))
                .unwrap_or_default();
            let shown = site
                .catalogs
                .display(input, &index.references.frameworks_of(site, i));
            out.push(
                Finding::new(
                    Code::MB020,
                    Some(&d.path),
                    at,
                    format!("review {} does not cover input {shown}{title}", d.id.value),
                )
                .with_help(format!(
                    "add `{shown}: <anchor>` under `covers:` and a section with that heading anchor"
                )),
            );
        }
    }
    out
}

/// MB021: every `covers` anchor is a heading of the body.
pub(crate) fn anchors(site: &Site, _: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, d, r) in reviews(site) {
        for c in &r.covers {
            if d.headings.iter().any(|h| h.anchor == c.anchor.value) {
                continue;
            }
            let hint = crate::suggest::did_you_mean(
                &c.anchor.value,
                d.headings.iter().map(|h| h.anchor.as_str()),
            );
            out.push(
                Finding::new(
                    Code::MB021,
                    Some(&d.path),
                    c.anchor.span,
                    format!(
                        "review {} covers {} with anchor `{}`, but no heading has that anchor{hint}",
                        d.id.value, c.reference.value, c.anchor.value
                    ),
                )
                .with_help("add a heading such as `## Title {#anchor}` or fix the anchor"),
            );
        }
    }
    out
}

/// Why a section's text is a placeholder, if it is one (the 15-word rule of
/// a section without `.no-change`; see [`crate::derive::coverage`]).
#[cfg(test)]
pub(crate) fn placeholder_reason(text: &str) -> Option<String> {
    crate::derive::coverage::placeholder_reason_with(text, crate::derive::coverage::MIN_WORDS)
}

/// MB022: covered sections that are empty or placeholders (the sections
/// marked ◌ in the index), each with the reason.
pub(crate) fn placeholders(site: &Site, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d, r) in reviews(site) {
        let Some(cov) = index.coverage.of(i) else {
            continue;
        };
        for s in &cov.sections {
            let (Some(reason), Some(h), Some(c)) =
                (&s.reason, d.headings.get(s.heading), r.covers.get(s.cover))
            else {
                continue;
            };
            let (message, help) = if h.no_change {
                (
                    format!(
                        "section `{}` of review {} (covering {}) is marked no change but {reason}: \
                         a no-change statement needs at least {} words saying what was looked at",
                        h.anchor,
                        d.id.value,
                        c.reference.value,
                        crate::derive::coverage::MIN_NO_CHANGE_WORDS
                    ),
                    "say what was considered and found unchanged, e.g. \
                     \"The register of interested parties was checked: no new party or requirement.\"",
                )
            } else {
                (
                    format!(
                        "section `{}` of review {} (covering {}) {reason}",
                        h.anchor, d.id.value, c.reference.value
                    ),
                    "record what was actually presented and discussed (at least 15 words), \
                     or mark the heading `.no-change` and say what was looked at",
                )
            };
            out.push(
                Finding::new(Code::MB022, Some(&d.path), Span::at(h.line, 1), message)
                    .with_help(help),
            );
        }
    }
    out
}

/// MB023 and MB024: top management present and the configured quorum met.
pub(crate) fn attendance(site: &Site, _: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    let q = &site.config.quorum;
    for (_, d, r) in reviews(site) {
        let present = r.present();
        let top = present
            .iter()
            .filter(|p| site.person(&p.value).is_some_and(|x| x.top_management))
            .count() as u32;
        let at = r
            .attendees
            .first()
            .map(|a| a.span)
            .or(r.chair.as_ref().map(|c| c.span))
            .unwrap_or(Span::at(1, 1));
        if top == 0 {
            out.push(
                Finding::new(
                    Code::MB023,
                    Some(&d.path),
                    at,
                    format!("review {} has no top-management attendee", d.id.value),
                )
                .with_help("9.3.1: top management reviews the ISMS; mark them `top_management: true` in people.yaml"),
            );
        } else if top < q.top_management {
            out.push(Finding::new(
                Code::MB024,
                Some(&d.path),
                at,
                format!(
                    "quorum not met at review {}: {top} of {} required top-management people present",
                    d.id.value, q.top_management
                ),
            ));
        }
        for need in &q.people {
            if !present
                .iter()
                .any(|p| p.value.eq_ignore_ascii_case(&need.value))
            {
                let absent = if r
                    .apologies
                    .iter()
                    .any(|a| a.value.eq_ignore_ascii_case(&need.value))
                {
                    " (sent apologies)"
                } else {
                    ""
                };
                out.push(Finding::new(
                    Code::MB024,
                    Some(&d.path),
                    at,
                    format!(
                        "quorum not met at review {}: `{}` is required but not present{absent}",
                        d.id.value, need.value
                    ),
                ));
            }
        }
    }
    out
}

/// MB025: a review records at least one decision (9.3.3).
pub(crate) fn decisions(site: &Site, _: &Index) -> Vec<Finding> {
    reviews(site)
        .filter(|(_, _, r)| r.decisions.is_empty())
        .map(|(_, d, r)| {
            let at = if r.decisions_span == Span::NONE { Span::at(1, 1) } else { r.decisions_span };
            Finding::new(
                Code::MB025,
                Some(&d.path),
                at,
                format!("review {} records no decision (9.3.3)", d.id.value),
            )
            .with_help("add `decisions:` with an `id` and `text` for each decision on improvement or ISMS changes")
        })
        .collect()
}

/// MB026: a covered section whose whole text equals a section of the
/// previous scheduled review (`.no-change` sections excepted).
pub(crate) fn copied_sections(site: &Site, index: &Index) -> Vec<Finding> {
    per_review(site, |i, d, r, out| {
        let Some(prev) = index
            .previous_scheduled
            .get(i)
            .copied()
            .flatten()
            .map(|p| &site.documents[p])
        else {
            return;
        };
        if site.unreadable_review_between(Some(prev.date), Some(d.date)) {
            return;
        }
        // Whole texts compared word by word (white space folded), without
        // building folded copies: most comparisons stop at the first word.
        let previous: Vec<(&str, &str)> = prev
            .headings
            .iter()
            .filter_map(|h| prev.section(&h.anchor).map(|t| (t, h.anchor.as_str())))
            .filter(|(t, _)| t.split_whitespace().next().is_some())
            .collect();
        let mut seen: Vec<&str> = Vec::new();
        for c in &r.covers {
            if seen.contains(&c.anchor.value.as_str()) {
                continue;
            }
            seen.push(&c.anchor.value);
            let (Some(h), Some(text)) = (
                d.headings.iter().find(|h| h.anchor == c.anchor.value),
                d.section(&c.anchor.value),
            ) else {
                continue;
            };
            // A "reviewed, no change" statement may well read as last time's
            // (the format: exempt from MB026); an empty text is MB022's.
            if h.no_change || text.split_whitespace().next().is_none() {
                continue;
            }
            let same = |t: &str| t.split_whitespace().eq(text.split_whitespace());
            if let Some((_, anchor)) = previous.iter().find(|(t, _)| same(t)) {
                out.push(
                    Finding::new(
                        Code::MB026,
                        Some(&d.path),
                        Span::at(h.line, 1),
                        format!(
                            "section `{}` of review {} is a copy of section `{anchor}` of the previous review {}",
                            h.anchor, d.id.value, prev.id.value
                        ),
                    )
                    .with_help("record what was presented at this review, not last time's text"),
                );
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_placeholders() {
        assert!(placeholder_reason("").is_some());
        assert!(placeholder_reason("  TBD. ").is_some());
        assert!(placeholder_reason("N/A").is_some());
        assert!(placeholder_reason("Discussed!").is_some());
        assert!(placeholder_reason("Short text only.").is_some());
        let long = "The risk register was reviewed in detail and three new supplier risks were accepted by the board after discussion";
        assert_eq!(placeholder_reason(long), None);
        assert!(placeholder_reason(&format!("{long} on [DATE]")).is_some());
        assert!(placeholder_reason(&format!("{long} by <name>")).is_some());
        assert!(placeholder_reason(&format!("{long} owner ___")).is_some());
        // A Markdown link is not a template token.
        assert_eq!(
            placeholder_reason(&format!("{long} see [Audit report](x.md)")),
            None
        );
    }
}
