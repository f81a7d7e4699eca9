//! The checks of the format: one small rule function per code or family, each
//! reading the site and its index and returning findings.

pub(crate) mod actions;
pub(crate) mod cadence;
pub(crate) mod checked;
pub(crate) mod evidence;
pub(crate) mod ids;
pub(crate) mod links;
pub(crate) mod metrics;
pub(crate) mod nonconformities;
pub(crate) mod people;
pub(crate) mod refs;
pub(crate) mod review;
pub(crate) mod validity;

use crate::derive::Index;
use crate::diag::Finding;
use crate::model::Site;

/// A check rule: reads the site and index, returns what it finds.
pub(crate) type Rule = fn(&Site, &Index) -> Vec<Finding>;

/// Every check, in code order: one list, so a run and the tests that
/// exercise each rule cannot disagree about which checks exist.
pub const RULES: &[Rule] = &[
    ids::duplicate_ids,
    people::people_known_and_present,
    review::coverage,
    review::anchors,
    review::placeholders,
    review::attendance,
    review::decisions,
    review::copied_sections,
    refs::references,
    actions::updates_known,
    actions::closure_evidence,
    actions::overdue,
    actions::continuity,
    actions::dates,
    nonconformities::corrective_actions,
    nonconformities::names_known,
    cadence::gaps,
    cadence::next_review,
    links::body_links,
    evidence::references,
    evidence::lock,
    validity::expired,
    validity::retrieved,
    evidence::signoffs,
    metrics::defined,
];

/// Runs every rule (in parallel) and returns all findings.
pub fn run(site: &Site, index: &Index) -> Vec<Finding> {
    use rayon::prelude::*;
    RULES
        .par_iter()
        .flat_map_iter(|rule| rule(site, index))
        .collect()
}
