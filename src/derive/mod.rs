//! The Index: facts derived once from the site and read by checks and pages:
//! each action's history and current state, which review came before which,
//! and each review's coverage of the required inputs.

pub(crate) mod actions;
pub(crate) mod coverage;
pub(crate) mod decisions;
pub mod kpis;
pub mod links;
pub(crate) mod locking;
pub(crate) mod nonconformities;
pub(crate) mod refs;
pub mod signoffs;
pub(crate) mod validity;

use crate::date::Date;
use crate::model::Site;
pub(crate) use actions::ActionRecord;
pub use nonconformities::{NcRecord, NcStatus};
use std::collections::HashMap;

/// Cross-references and derived state of a site as of a date.
#[derive(Debug, Default)]
pub struct Index {
    /// The date overdue, cadence and sign-off lateness are judged at.
    pub as_of: Option<Date>,
    /// Every action (first declaration of each id), sorted by id.
    pub actions: Vec<ActionRecord>,
    /// Lower-cased action id -> position in `actions`.
    pub action_by_id: HashMap<String, usize>,
    /// For each document (by position in `site.documents`), the previous
    /// scheduled review before it, if any.
    pub previous_scheduled: Vec<Option<usize>>,
    /// Document path (`content/reviews/x.md`) -> position in `site.documents`.
    pub doc_by_path: HashMap<String, usize>,
    /// Document id, as written -> position in `site.documents` (the first
    /// with that id): a document id in body text links to its page.
    pub doc_by_id: HashMap<String, usize>,
    /// Who references which clause, control and evidence file.
    pub references: refs::References,
    /// Every finding of an audit or incident record (first declaration of
    /// each id) with its corrective actions and status, sorted by id.
    pub nonconformities: Vec<NcRecord>,
    /// Lower-cased finding id -> position in `nonconformities`.
    pub nc_by_id: HashMap<String, usize>,
    /// For each action (position in `actions`), the decision that created
    /// it: (document, position in its decisions).
    pub created_by: Vec<Option<(usize, usize)>>,
    /// Each review's mark (✓ = ◌ ✗ –) on every required input, judged once
    /// for MB020, MB022, the matrix, the checklists, the KPI and site.json.
    pub coverage: coverage::Coverage,
    /// Each document's sign-off (which approvals count, signed, changed,
    /// late), judged once for MB050–MB052, the pages and the KPI.
    pub signoffs: signoffs::Signoffs,
    /// Each evidence file's state against the lock, judged once for MB042,
    /// the evidence tables and the register.
    pub lock: locking::LockStates,
}

impl Index {
    /// An action by id, case-insensitive.
    /// (Short ids are lower-cased on the stack: pages look actions up
    /// hundreds of thousands of times per build.)
    pub(crate) fn action(&self, id: &str) -> Option<&ActionRecord> {
        self.action_position(id).map(|i| &self.actions[i])
    }

    /// Where an action is in `actions`, by id, case-insensitive.
    pub(crate) fn action_position(&self, id: &str) -> Option<usize> {
        let mut short = [0u8; 64];
        let found = match short.get_mut(..id.len()) {
            Some(key) => {
                key.copy_from_slice(id.as_bytes());
                key.make_ascii_lowercase();
                std::str::from_utf8(key)
                    .ok()
                    .and_then(|k| self.action_by_id.get(k))
            }
            None => self.action_by_id.get(&id.to_ascii_lowercase()),
        };
        found.copied()
    }

    /// A finding by id, case-insensitive, as minutes refer to it in prose and
    /// YAML alike.
    pub fn nonconformity(&self, id: &str) -> Option<&NcRecord> {
        self.nc_by_id
            .get(&id.to_ascii_lowercase())
            .map(|&i| &self.nonconformities[i])
    }

    /// The as-of date (today when unset).
    pub(crate) fn as_of(&self) -> Date {
        self.as_of.unwrap_or_else(Date::today)
    }
}

/// Builds the cross-references of a loaded site once, so every check and
/// every page reads the same derived state.
pub fn derive(site: &Site, as_of: Date) -> Index {
    let mut previous_scheduled = Vec::with_capacity(site.documents.len());
    let mut last: Option<usize> = None;
    for (i, d) in site.documents.iter().enumerate() {
        // A review on the same date as the previous one is still "after" it:
        // documents are sorted by date then id.
        previous_scheduled.push(last);
        if d.review.as_ref().is_some_and(|r| !r.extraordinary) {
            last = Some(i);
        }
    }
    // The action timelines and the reference index are independent: built
    // side by side (each about a tenth of a second at 10,000 reviews).
    // Coverage reads the resolved references, so it follows them.
    let ((actions, action_by_id), (references, coverage)) = rayon::join(
        || actions::build(site, as_of),
        || {
            let references = refs::build(site);
            let coverage = coverage::build(site, &references);
            (references, coverage)
        },
    );
    let (nonconformities, nc_by_id) = nonconformities::build(site, &actions, as_of);
    let created_by = decisions::created_by(site, &actions, &action_by_id);
    let doc_by_path: HashMap<String, usize> = site
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.clone(), i))
        .collect();
    let mut doc_by_id: HashMap<String, usize> = HashMap::with_capacity(site.documents.len());
    for (i, d) in site.documents.iter().enumerate() {
        doc_by_id.entry(d.id.value.clone()).or_insert(i);
    }
    let signoffs = signoffs::build(site, &doc_by_path, as_of);
    Index {
        signoffs,
        lock: locking::build(&site.evidence),
        nonconformities,
        nc_by_id,
        created_by,
        as_of: Some(as_of),
        actions,
        action_by_id,
        previous_scheduled,
        doc_by_path,
        doc_by_id,
        references,
        coverage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn record(id: &str) -> ActionRecord {
        ActionRecord {
            id: id.into(),
            doc: 0,
            index: 0,
            raised_on: Date::parse("2025-01-01").expect("date"),
            timeline: Vec::new(),
            status: Status::Open,
            due: None,
            closed_on: None,
            overdue: false,
        }
    }

    /// Short ids are lower-cased on the stack, long ones on the heap: both
    /// find the action whatever the case written, and nothing else.
    #[test]
    fn actions_are_found_by_id_in_any_case() {
        let long = format!("A-{}-É", "X".repeat(80));
        let ids = ["A-2025-01", long.as_str(), "Ä-1"];
        let index = Index {
            actions: ids.iter().map(|id| record(id)).collect(),
            action_by_id: ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.to_ascii_lowercase(), i))
                .collect(),
            ..Index::default()
        };
        for id in ids {
            for written in [
                id.to_string(),
                id.to_ascii_lowercase(),
                id.to_ascii_uppercase(),
            ] {
                assert_eq!(index.action(&written).map(|r| r.id.as_str()), Some(id));
            }
        }
        assert!(index.action("A-2025-1").is_none());
        assert!(index.action(&"a".repeat(64)).is_none());
        assert!(index.action("").is_none());
    }
}
