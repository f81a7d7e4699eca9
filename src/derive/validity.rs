//! Which evidence is still *current* and how long it stays valid:
//! the facts behind MB045, the evidence register's validity column and the
//! dashboard's "evidence expiring within 60 days".
//!
//! An entry is current evidence when it is cited by the latest scheduled
//! review, by a later document (any record or extraordinary review dated on
//! or after that review), or by an update of an action that is still open
//! (open or in progress as of the as-of date). Everything else is history:
//! an expired certificate that a newer one replaced stays on record in the
//! review that cited it and is not a finding. Each entry is judged on its
//! own, with its own `valid_until`: the same file cited twice with two dates
//! is two entries (the certificate was re-attached with a corrected date, or
//! an older citation is history).

use crate::date::Date;
use crate::derive::Index;
use crate::model::{EvidenceRef, Site};
use std::collections::BTreeMap;

/// Days ahead the dashboard looks for evidence about to expire.
pub(crate) const EXPIRING_WITHIN_DAYS: i32 = 60;

/// Why an entry is current evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Current {
    /// It is attached to the latest scheduled review.
    LatestReview,
    /// It is attached to a document dated on or after the latest scheduled review.
    LaterDocument,
    /// It is attached to an update of this action, which is still open.
    OpenAction(String),
}

/// One evidence entry that carries a `valid_until`.
#[derive(Clone, Debug)]
pub(crate) struct DatedEntry<'s> {
    /// The document it is written in (position in `site.documents`).
    pub doc: usize,
    /// The entry.
    pub entry: &'s EvidenceRef,
    /// The key the evidence is filed under: its path relative to content/,
    /// or the URL of outside evidence.
    pub key: String,
    /// Its last valid day.
    pub valid_until: Date,
    /// Why it is current evidence, or None when it is history.
    pub current: Option<Current>,
}

impl DatedEntry<'_> {
    /// Current evidence past its last valid day: MB045.
    pub(crate) fn expired(&self, as_of: Date) -> bool {
        self.current.is_some() && self.valid_until < as_of
    }
}

/// The validity of one piece of evidence (a file or a URL) as the register
/// and the dashboard show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// The earliest `valid_until` among its current entries; without a
    /// current entry, the latest among all its entries.
    pub valid_until: Date,
    /// Some entry of it is current evidence.
    pub current: bool,
}

/// The state of a validity as of a date, for pages and site.json.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValidityState {
    /// Current and past its date (MB045).
    Expired,
    /// Current and ending within [`EXPIRING_WITHIN_DAYS`].
    Expiring,
    /// Current and valid for longer.
    Valid,
    /// No longer cited as current evidence.
    History,
}

impl ValidityState {
    /// The stable name (CSS class, site.json).
    pub(crate) fn name(self) -> &'static str {
        match self {
            ValidityState::Expired => "expired",
            ValidityState::Expiring => "expiring",
            ValidityState::Valid => "valid",
            ValidityState::History => "history",
        }
    }
}

impl Validity {
    /// Its state as of `as_of`.
    pub(crate) fn state(self, as_of: Date) -> ValidityState {
        if !self.current {
            ValidityState::History
        } else if self.valid_until < as_of {
            ValidityState::Expired
        } else if self.valid_until <= as_of.add_days(EXPIRING_WITHIN_DAYS) {
            ValidityState::Expiring
        } else {
            ValidityState::Valid
        }
    }
}

/// Every entry with a `valid_until`, in document order, judged current or history.
pub(crate) fn dated_entries<'s>(site: &'s Site, index: &Index) -> Vec<DatedEntry<'s>> {
    let latest = site.latest_scheduled_review();
    let latest_date = latest.map(|l| site.documents[l].date);
    let content = site.root.join("content");
    let mut out = Vec::new();
    for (di, d) in site.documents.iter().enumerate() {
        let by_document = match (latest, latest_date) {
            (Some(l), _) if l == di => Some(Current::LatestReview),
            (Some(_), Some(date)) if d.date >= date => Some(Current::LaterDocument),
            (Some(_), _) => None,
            // No scheduled review yet: everything is the current cycle.
            (None, _) => Some(Current::LaterDocument),
        };
        let own = d.evidence.iter().map(|e| (e, None));
        let updates = d.updates.iter().flat_map(|u| {
            let open = index
                .action(&u.action.value)
                .filter(|r| !r.status.is_closed())
                .map(|r| r.id.clone());
            u.evidence.iter().map(move |e| (e, open.clone()))
        });
        for (e, open_action) in own.chain(updates) {
            let Some(vu) = &e.valid_until else { continue };
            let current = by_document
                .clone()
                .or_else(|| open_action.map(Current::OpenAction));
            out.push(DatedEntry {
                doc: di,
                entry: e,
                key: key_of(index, &content, e),
                valid_until: vu.value,
                current,
            });
        }
    }
    out
}

/// The key an entry is filed under in the register (see [`DatedEntry::key`]).
pub(crate) fn key_of(index: &Index, content: &std::path::Path, e: &EvidenceRef) -> String {
    match (&e.path, &e.outside) {
        (Some(p), _) => index
            .references
            .resolve(content, &p.value)
            .map_or_else(|_| p.value.clone(), std::borrow::Cow::into_owned),
        (None, Some(o)) => o.url.value.clone(),
        (None, None) => String::new(),
    }
}

/// Each piece of evidence that has a `valid_until`, by key (see [`Validity`]).
pub(crate) fn by_key(entries: &[DatedEntry<'_>]) -> BTreeMap<String, Validity> {
    let mut out: BTreeMap<String, Validity> = BTreeMap::new();
    for e in entries {
        let this = Validity {
            valid_until: e.valid_until,
            current: e.current.is_some(),
        };
        let merged = match out.get(&e.key) {
            None => this,
            Some(was) => match (was.current, this.current) {
                (true, true) => Validity {
                    valid_until: was.valid_until.min(this.valid_until),
                    current: true,
                },
                (true, false) => *was,
                (false, true) => this,
                (false, false) => Validity {
                    valid_until: was.valid_until.max(this.valid_until),
                    current: false,
                },
            },
        };
        out.insert(e.key.clone(), merged);
    }
    out
}

/// The dashboard's figure: current evidence ending within
/// [`EXPIRING_WITHIN_DAYS`] of the as-of date (from it, inclusive), and
/// current evidence already past its date (each piece of evidence once).
pub(crate) fn expiring_and_expired(
    validity: &BTreeMap<String, Validity>,
    as_of: Date,
) -> (usize, usize) {
    let mut expiring = 0;
    let mut expired = 0;
    for v in validity.values() {
        match v.state(as_of) {
            ValidityState::Expiring => expiring += 1,
            ValidityState::Expired => expired += 1,
            ValidityState::Valid | ValidityState::History => {}
        }
    }
    (expiring, expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    /// The same file cited several times: the earliest date of its current
    /// entries; a history entry only counts when no entry is current, and
    /// then the latest of them.
    #[test]
    fn one_validity_per_file_from_its_entries() {
        use crate::diag::findings::Span;
        let e = EvidenceRef {
            path: None,
            outside: None,
            title: None,
            refs: Vec::new(),
            valid_until: None,
            span: Span::NONE,
        };
        let entry = |key: &str, date: &str, current: bool| DatedEntry {
            doc: 0,
            entry: &e,
            key: key.to_string(),
            valid_until: d(date),
            current: current.then_some(Current::LatestReview),
        };
        let entries = [
            entry("a", "2027-06-30", true),
            entry("a", "2027-01-15", true),
            entry("a", "2020-01-01", false),
            entry("b", "2024-01-01", false),
            entry("b", "2028-01-01", true),
            entry("c", "2023-01-01", false),
            entry("c", "2024-01-01", false),
        ];
        let v = by_key(&entries);
        assert_eq!(
            v["a"],
            Validity {
                valid_until: d("2027-01-15"),
                current: true
            }
        );
        assert_eq!(
            v["b"],
            Validity {
                valid_until: d("2028-01-01"),
                current: true
            }
        );
        assert_eq!(
            v["c"],
            Validity {
                valid_until: d("2024-01-01"),
                current: false
            }
        );
        assert!(entries[1].expired(d("2027-01-16")) && !entries[1].expired(d("2027-01-15")));
        assert!(
            !entries[2].expired(d("2026-01-01")),
            "history is never expired evidence"
        );
    }

    #[test]
    fn states_as_of_a_date() {
        let as_of = d("2026-11-26");
        let v = |date: &str, current| Validity {
            valid_until: d(date),
            current,
        };
        assert_eq!(v("2026-11-25", true).state(as_of), ValidityState::Expired);
        // Valid on its last day.
        assert_eq!(v("2026-11-26", true).state(as_of), ValidityState::Expiring);
        assert_eq!(v("2027-01-25", true).state(as_of), ValidityState::Expiring);
        assert_eq!(v("2027-01-26", true).state(as_of), ValidityState::Valid);
        assert_eq!(v("2020-01-01", false).state(as_of), ValidityState::History);
        let all: BTreeMap<String, Validity> = [
            ("a".to_string(), v("2026-12-01", true)),
            ("b".to_string(), v("2026-01-01", true)),
            ("c".to_string(), v("2026-01-01", false)),
            ("e".to_string(), v("2028-01-01", true)),
        ]
        .into_iter()
        .collect();
        assert_eq!(expiring_and_expired(&all, as_of), (1, 1));
    }
}
