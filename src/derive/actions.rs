//! Action history: the raising plus every update, in date order, and what it
//! says now — status, current due date (re-planning kept), closure, overdue.

use crate::date::Date;
use crate::model::{Action, Site, Status};
use std::collections::HashMap;

/// One step of an action's history (its raising or an update), so a page
/// can show how an action got where it is, not only where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEvent {
    /// When it happened (the update's own date or its document's).
    pub date: Date,
    /// The document it is written in (position in `site.documents`).
    pub doc: usize,
    /// The update's position in that document (None for the raising).
    pub update: Option<usize>,
    /// The status after this step.
    pub status: Status,
    /// The due date in force after this step.
    pub due: Option<Date>,
    /// This step moved the due date.
    pub replanned: bool,
}

/// An action with the state derived from every later update, so checks and
/// pages judge it once and alike instead of each replaying its history.
#[derive(Clone, Debug)]
pub struct ActionRecord {
    /// The id as first declared.
    pub id: String,
    /// Document that raised it (position in `site.documents`).
    pub doc: usize,
    /// Position in that document's `actions`.
    pub index: usize,
    /// The date it was raised (`raised:` or the document's date).
    pub raised_on: Date,
    /// Raising and updates, by date.
    pub timeline: Vec<TimelineEvent>,
    /// Latest status.
    pub status: Status,
    /// Current due date (after re-planning).
    pub due: Option<Date>,
    /// Date of the update that made it done or cancelled.
    pub closed_on: Option<Date>,
    /// Not closed and its current due date is before the as-of date.
    pub overdue: bool,
}

impl ActionRecord {
    /// The action as declared, for the fields an update cannot change (title,
    /// owner).
    pub fn action<'s>(&self, site: &'s Site) -> &'s Action {
        &site.documents[self.doc].actions[self.index]
    }

    /// The step in force on a date: the latest update on or before it, else
    /// the raising; None before it was raised. The updates after the raising
    /// are in date order, so this is a binary search (MB035 asks it of every
    /// open action at every review).
    fn step_at(&self, date: Date) -> Option<&TimelineEvent> {
        let (raised, updates) = self.timeline.split_first()?;
        if raised.date > date {
            return None;
        }
        match updates.partition_point(|e| e.date <= date) {
            0 => Some(raised),
            n => updates.get(n - 1),
        }
    }

    /// Status as of a date (the latest step on or before it), None before it was raised.
    pub(crate) fn status_at(&self, date: Date) -> Option<Status> {
        self.step_at(date).map(|e| e.status)
    }

    /// Due date in force on a date.
    pub(crate) fn due_at(&self, date: Date) -> Option<Date> {
        self.step_at(date).and_then(|e| e.due)
    }

    /// How many times the due date moved.
    pub(crate) fn replans(&self) -> usize {
        self.timeline.iter().filter(|e| e.replanned).count()
    }
}

/// Builds every action's record; duplicates keep the first declaration.
pub(crate) fn build(site: &Site, as_of: Date) -> (Vec<ActionRecord>, HashMap<String, usize>) {
    let mut records: Vec<ActionRecord> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (di, doc) in site.documents.iter().enumerate() {
        for (ai, a) in doc.actions.iter().enumerate() {
            let key = a.id.value.to_ascii_lowercase();
            if by_id.contains_key(&key) {
                continue;
            }
            let raised_on = a
                .raised
                .as_ref()
                .map_or(doc.date, |r| r.value.min(doc.date));
            let due = a.due.as_ref().map(|d| d.value);
            by_id.insert(key, records.len());
            records.push(ActionRecord {
                id: a.id.value.clone(),
                doc: di,
                index: ai,
                raised_on,
                timeline: vec![TimelineEvent {
                    date: raised_on,
                    doc: di,
                    update: None,
                    status: Status::Open,
                    due,
                    replanned: false,
                }],
                status: Status::Open,
                due,
                closed_on: None,
                overdue: false,
            });
        }
    }
    // Updates by date; the raising stays first even when an update carries an
    // earlier date (that is MB036).
    let mut steps: Vec<(usize, Date, usize, usize)> = Vec::new();
    for (di, doc) in site.documents.iter().enumerate() {
        for (ui, u) in doc.updates.iter().enumerate() {
            if let Some(&ri) = by_id.get(&u.action.value.to_ascii_lowercase()) {
                let date = u.date.as_ref().map_or(doc.date, |d| d.value);
                steps.push((ri, date, di, ui));
            }
        }
    }
    steps.sort_by_key(|&(ri, date, di, ui)| (ri, date, di, ui));
    for (ri, date, di, ui) in steps {
        let u = &site.documents[di].updates[ui];
        let rec = &mut records[ri];
        let prev = rec.timeline.last().map(|e| (e.status, e.due));
        let (prev_status, prev_due) = prev.unwrap_or((Status::Open, None));
        let status = u.status.as_ref().map_or(prev_status, |s| s.value);
        let new_due = u.due.as_ref().map(|d| d.value);
        let due = new_due.or(prev_due);
        rec.timeline.push(TimelineEvent {
            date,
            doc: di,
            update: Some(ui),
            status,
            due,
            replanned: new_due.is_some() && new_due != prev_due,
        });
    }
    for rec in &mut records {
        let mut status = Status::Open;
        let mut due = rec.timeline[0].due;
        let mut closed_on = None;
        for e in &rec.timeline {
            if e.status.is_closed() && !status.is_closed() {
                closed_on = Some(e.date);
            } else if !e.status.is_closed() {
                closed_on = None;
            }
            status = e.status;
            due = e.due.or(due);
        }
        rec.status = status;
        rec.due = due;
        rec.closed_on = closed_on;
        rec.overdue = !status.is_closed() && due.is_some_and(|d| d < as_of);
    }
    records.sort_by_key(|a| natural_key(&a.id));
    let by_id = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.to_ascii_lowercase(), i))
        .collect();
    (records, by_id)
}

/// Sort key that orders ids by text (`A-2025-10` after `A-2025-09`); ids are
/// compared case-insensitively, the spec's `sorted by id`.
pub(crate) fn natural_key(id: &str) -> String {
    id.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> Date {
        Date::parse(d).expect("a date")
    }

    fn step(date: &str, status: Status, due: Option<&str>) -> TimelineEvent {
        TimelineEvent {
            date: day(date),
            doc: 0,
            update: None,
            status,
            due: due.map(day),
            replanned: false,
        }
    }

    /// The step in force is the latest one on or before the date, the
    /// raising staying first even when an update is dated before it (MB036).
    #[test]
    fn status_and_due_at_a_date_follow_the_timeline() {
        let rec = ActionRecord {
            id: "A-1".into(),
            doc: 0,
            index: 0,
            raised_on: day("2025-03-01"),
            timeline: vec![
                step("2025-03-01", Status::Open, Some("2025-06-30")),
                step("2025-02-01", Status::InProgress, Some("2025-06-30")),
                step("2025-04-01", Status::InProgress, Some("2025-09-30")),
                step("2025-04-01", Status::Done, Some("2025-09-30")),
                step("2025-07-01", Status::Open, None),
            ],
            status: Status::Open,
            due: None,
            closed_on: None,
            overdue: false,
        };
        // What walking the timeline from the start gives, the rule before the binary search.
        let walked = |date: Date| rec.timeline.iter().take_while(|e| e.date <= date).last();
        for d in [
            "2025-01-01",
            "2025-02-01",
            "2025-02-28",
            "2025-03-01",
            "2025-03-31",
            "2025-04-01",
            "2025-06-30",
            "2025-07-01",
            "2026-01-01",
        ] {
            assert_eq!(
                rec.status_at(day(d)),
                walked(day(d)).map(|e| e.status),
                "{d}"
            );
            assert_eq!(
                rec.due_at(day(d)),
                walked(day(d)).and_then(|e| e.due),
                "{d}"
            );
        }
        assert_eq!(rec.status_at(day("2025-02-15")), None, "before the raising");
        assert_eq!(rec.status_at(day("2025-03-15")), Some(Status::InProgress));
        assert_eq!(rec.status_at(day("2025-04-01")), Some(Status::Done));
        assert_eq!(rec.due_at(day("2025-05-01")), Some(day("2025-09-30")));
    }
}
