//! Nonconformities (clause 10.2): every finding of an audit or incident
//! record with the corrective actions that close it, and what that makes of
//! it now — open, closed (and when), or no action needed. Derived once here;
//! the checks (MB037), the pages, the CSV and the KPIs read the result.
//!
//! The rules (the rest decided in docs/guide.md "Nonconformities"):
//! - the actions of a finding are every action whose `closes` names it;
//! - a cancelled action closes nothing;
//! - a major or minor nonconformity is open until every action that closes it
//!   (cancelled ones aside) is done, and closed on the date of the last of
//!   those updates; with no such action it stays open (and is MB037), even
//!   when all its actions were cancelled;
//! - an observation or opportunity needs no action: with none (or only
//!   cancelled ones) it is "no action needed"; with actions it follows them
//!   like a nonconformity;
//! - days open run from the record's date to the closing date, or to the
//!   as-of date while open.

use super::actions::{ActionRecord, natural_key};
use crate::date::Date;
use crate::model::{AuditFinding, FindingSeverity, Site, Status};
use std::collections::HashMap;

/// Where a finding stands, derived from its actions rather than declared,
/// so a finding cannot be shown closed while its actions are open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NcStatus {
    /// Needs corrective action, or its actions are not all done.
    Open,
    /// Every action that closes it is done.
    Closed,
    /// An observation or opportunity with no action: nothing is owed.
    NoActionNeeded,
}

impl NcStatus {
    /// The stable spelling (CSV, `site.json`, CSS classes).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NcStatus::Open => "open",
            NcStatus::Closed => "closed",
            NcStatus::NoActionNeeded => "no-action-needed",
        }
    }

    /// Words for pages.
    pub(crate) fn label(self) -> &'static str {
        match self {
            NcStatus::Open => "Open",
            NcStatus::Closed => "Closed",
            NcStatus::NoActionNeeded => "No action needed",
        }
    }
}

/// A finding with the state derived from its actions, shared by the checks
/// and the nonconformity pages.
#[derive(Clone, Debug)]
pub struct NcRecord {
    /// The id as first declared.
    pub id: String,
    /// The record that found it (position in `site.documents`).
    pub doc: usize,
    /// Its position in that record's `findings`.
    pub index: usize,
    /// Major, minor, observation, opportunity (None when invalid: MB004).
    pub severity: Option<FindingSeverity>,
    /// The date it was raised: its record's date.
    pub raised_on: Date,
    /// Every action whose `closes` names it (positions in `index.actions`),
    /// by id; cancelled ones included (they are history, closing nothing).
    pub actions: Vec<usize>,
    /// Where it stands as of the as-of date.
    pub status: NcStatus,
    /// The date of the last update that made its closing actions done.
    pub closed_on: Option<Date>,
    /// Days from raised to closed, or to the as-of date while open; None
    /// when no action is needed.
    pub days_open: Option<i32>,
}

impl NcRecord {
    /// The finding as written.
    pub(crate) fn finding<'s>(&self, site: &'s Site) -> &'s AuditFinding {
        &site.documents[self.doc].findings[self.index]
    }

    /// A major or minor nonconformity (the ones clause 10.2 and the KPIs
    /// count; a finding whose severity is invalid is not counted).
    pub fn is_nonconformity(&self) -> bool {
        self.severity.is_some_and(FindingSeverity::is_nonconformity)
    }

    /// The actions that still close it: not cancelled.
    pub fn live_actions<'i>(
        &self,
        actions: &'i [ActionRecord],
    ) -> impl Iterator<Item = &'i ActionRecord> {
        self.actions
            .iter()
            .filter_map(|&i| actions.get(i))
            .filter(|a| a.status != Status::Cancelled)
    }
}

/// Every finding's record, sorted by id, and the lower-cased id -> position
/// map; a duplicate id (MB005) keeps its first declaration.
pub(crate) fn build(
    site: &Site,
    actions: &[ActionRecord],
    as_of: Date,
) -> (Vec<NcRecord>, HashMap<String, usize>) {
    // Which actions close which finding, by lower-cased finding id.
    let mut closing: HashMap<String, Vec<usize>> = HashMap::new();
    for (ai, rec) in actions.iter().enumerate() {
        for c in &rec.action(site).closes {
            let list = closing.entry(c.value.to_ascii_lowercase()).or_default();
            if !list.contains(&ai) {
                list.push(ai);
            }
        }
    }
    let mut records: Vec<NcRecord> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (di, doc) in site.documents.iter().enumerate() {
        for (fi, f) in doc.findings.iter().enumerate() {
            let key = f.id.value.to_ascii_lowercase();
            if !seen.insert(key.clone()) {
                continue;
            }
            // `actions` is sorted by id, so positions in it are in id order.
            let mut closers = closing.get(&key).cloned().unwrap_or_default();
            closers.sort_unstable();
            let mut rec = NcRecord {
                id: f.id.value.clone(),
                doc: di,
                index: fi,
                severity: f.severity,
                raised_on: doc.date,
                actions: closers,
                status: NcStatus::Open,
                closed_on: None,
                days_open: None,
            };
            let (status, closed_on) = derive_status(&rec, actions);
            rec.status = status;
            rec.closed_on = closed_on;
            rec.days_open = match status {
                NcStatus::Closed => closed_on.map(|c| rec.raised_on.days_until(c).max(0)),
                NcStatus::Open => Some(rec.raised_on.days_until(as_of).max(0)),
                NcStatus::NoActionNeeded => None,
            };
            records.push(rec);
        }
    }
    records.sort_by_key(|r| natural_key(&r.id));
    let by_id = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.to_ascii_lowercase(), i))
        .collect();
    (records, by_id)
}

/// Status and closing date of one finding from its actions.
fn derive_status(rec: &NcRecord, actions: &[ActionRecord]) -> (NcStatus, Option<Date>) {
    let live: Vec<&ActionRecord> = rec.live_actions(actions).collect();
    if live.is_empty() {
        // An invalid severity (MB004) is treated as needing action: it is
        // safer to show it open than to hide it.
        let needs_action = rec.severity.is_none_or(FindingSeverity::is_nonconformity);
        return if needs_action {
            (NcStatus::Open, None)
        } else {
            (NcStatus::NoActionNeeded, None)
        };
    }
    if live.iter().all(|a| a.status == Status::Done) {
        (
            NcStatus::Closed,
            live.iter().filter_map(|a| a.closed_on).max(),
        )
    } else {
        (NcStatus::Open, None)
    }
}
