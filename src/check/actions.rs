//! MB032–MB036 and the `raised` date (MB004): the action register holds
//! together — updates name real actions, closures carry evidence, dates make
//! sense, and every review reports on the actions it must (9.3.2 a).

use crate::derive::Index;
use crate::diag::findings::{Code, Finding, Span};
use crate::model::{Site, Status};

/// MB032: updates that name no known action.
pub(crate) fn updates_known(site: &Site, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &site.documents {
        for u in &d.updates {
            // An action raised in a document that could not be read is not
            // unknown: it is reported with that document's own finding.
            if index.action(&u.action.value).is_some() || site.unreadable_declares(&u.action.value)
            {
                continue;
            }
            let hint = crate::suggest::did_you_mean(
                &u.action.value,
                index.actions.iter().map(|a| a.id.as_str()),
            );
            out.push(Finding::new(
                Code::MB032,
                Some(&d.path),
                u.action.span,
                format!(
                    "update in {} names unknown action `{}`{hint}",
                    d.id.value, u.action.value
                ),
            ));
        }
    }
    out
}

/// MB033: `done` without closure evidence.
pub(crate) fn closure_evidence(site: &Site, _: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &site.documents {
        for u in &d.updates {
            let Some(s) = &u.status else { continue };
            if s.value == Status::Done && u.evidence.is_empty() {
                out.push(
                    Finding::new(
                        Code::MB033,
                        Some(&d.path),
                        s.span,
                        format!(
                            "action {} is marked done in {} without closure evidence",
                            u.action.value, d.id.value
                        ),
                    )
                    .with_help(
                        "add `evidence: [evidence/…]` to the update with what shows it was done",
                    ),
                );
            }
        }
    }
    out
}

/// MB034: open actions past their current due date.
pub(crate) fn overdue(site: &Site, index: &Index) -> Vec<Finding> {
    let as_of = index.as_of();
    index
        .actions
        .iter()
        .filter(|r| r.overdue)
        .map(|r| {
            let a = r.action(site);
            // Point at where the current due date was set: the last re-planning, or the action.
            let replanned = r.timeline.iter().rev().find(|e| e.replanned).and_then(|e| {
                let d = &site.documents[e.doc];
                e.update
                    .and_then(|u| d.updates[u].due.as_ref())
                    .map(|due| (d, due.span))
            });
            let (doc, at) = replanned.unwrap_or_else(|| {
                (
                    &site.documents[r.doc],
                    a.due.as_ref().map_or(a.id.span, |d| d.span),
                )
            });
            let due = r.due.map(|d| d.to_string()).unwrap_or_default();
            Finding::new(
                Code::MB034,
                Some(&doc.path),
                at,
                format!(
                    "action {} ({}) is overdue: due {due}, status {}, as of {as_of}",
                    r.id,
                    a.title,
                    r.status.as_str()
                ),
            )
        })
        .collect()
}

/// MB035: each scheduled review reports every action raised at or since the
/// previous scheduled review, and every action still open after it.
///
/// Documents are visited in order and only the actions that can still matter
/// are looked at: those raised in an earlier document whose `horizon` (the
/// last date at which they can be open or count as raised since a review) is
/// not before the previous review; the previous review's date never goes
/// down, so an action once past its horizon is dropped for good.
pub(crate) fn continuity(site: &Site, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    // Action positions by the document that raised them.
    let mut by_doc: Vec<usize> = (0..index.actions.len()).collect();
    by_doc.sort_by_key(|&a| index.actions[a].doc);
    let horizon = |a: usize| -> crate::date::Date {
        let rec = &index.actions[a];
        if !rec.status.is_closed() {
            return crate::date::Date::from_ymd(9999, 12, 31).unwrap_or(rec.raised_on);
        }
        // After its last step the status is its final (closed) one.
        let last_step = rec
            .timeline
            .iter()
            .map(|e| e.date)
            .max()
            .unwrap_or(rec.raised_on);
        site.documents[rec.doc]
            .date
            .max(rec.raised_on)
            .max(last_step)
    };
    let mut next = 0;
    let mut active: Vec<(usize, crate::date::Date)> = Vec::new();
    for (i, d) in site.documents.iter().enumerate() {
        while next < by_doc.len() && index.actions[by_doc[next]].doc < i {
            active.push((by_doc[next], horizon(by_doc[next])));
            next += 1;
        }
        let Some(r) = &d.review else { continue };
        if r.extraordinary {
            continue;
        }
        let Some(p) = index.previous_scheduled.get(i).copied().flatten() else {
            continue;
        };
        let prev = &site.documents[p];
        active.retain(|&(_, h)| h >= prev.date);
        // A review between the two that could not be read may be the real
        // previous one: no MB035 from its absence alone.
        if site.unreadable_review_between(Some(prev.date), Some(d.date)) {
            continue;
        }
        let mut candidates: Vec<usize> = active.iter().map(|&(a, _)| a).collect();
        candidates.sort_unstable();
        // The actions this review reports on, by position in `index.actions`.
        let reported: std::collections::HashSet<usize> = d
            .updates
            .iter()
            .filter_map(|u| index.action_position(&u.action.value))
            .collect();
        for (a, rec) in candidates.into_iter().map(|a| (a, &index.actions[a])) {
            if rec.doc == i || rec.raised_on > d.date {
                continue;
            }
            // Raised in a document that sorts after this review (same date, later id): not yet due here.
            if rec.doc > i {
                continue;
            }
            let raised_since = rec.doc >= p || rec.raised_on >= prev.date;
            let open_after = rec.status_at(prev.date).is_some_and(|s| !s.is_closed());
            if !(raised_since || open_after) {
                continue;
            }
            if reported.contains(&a) {
                continue;
            }
            let why = if raised_since {
                format!(
                    "raised on {} (at or since the previous review {})",
                    rec.raised_on, prev.id.value
                )
            } else {
                format!(
                    "still {} after the previous review {}",
                    rec.status_at(prev.date).map_or("open", |s| s.as_str()),
                    prev.id.value
                )
            };
            let at = if d.updates.is_empty() {
                Span::at(1, 1)
            } else {
                d.updates[0].span
            };
            out.push(
                Finding::new(
                    Code::MB035,
                    Some(&d.path),
                    at,
                    format!(
                        "review {} does not report action {} in its updates: {why}",
                        d.id.value, rec.id
                    ),
                )
                .with_help(format!(
                    "add `- {{action: {}, status: {}}}` under `updates:`",
                    rec.id,
                    rec.status_at(d.date).unwrap_or(Status::Open).as_str()
                )),
            );
        }
    }
    out
}

/// MB036 (update dated before its action was raised, or after the as-of
/// date) and MB004 (`raised` later than its document).
pub(crate) fn dates(site: &Site, index: &Index) -> Vec<Finding> {
    let as_of = index.as_of();
    let mut out = Vec::new();
    for d in &site.documents {
        for a in &d.actions {
            if let Some(r) = &a.raised
                && r.value > d.date
            {
                out.push(Finding::new(
                    Code::MB004,
                    Some(&d.path),
                    r.span,
                    format!(
                        "action {} is raised on {}, after its document {} dated {}",
                        a.id.value, r.value, d.id.value, d.date
                    ),
                ));
            }
        }
        for u in &d.updates {
            let date = u.date.as_ref().map_or(d.date, |x| x.value);
            let at = u.date.as_ref().map_or(u.action.span, |x| x.span);
            if let Some(rec) = index.action(&u.action.value)
                && date < rec.raised_on
            {
                out.push(Finding::new(
                    Code::MB036,
                    Some(&d.path),
                    at,
                    format!(
                        "update of action {} is dated {date}, before the action was raised on {}",
                        rec.id, rec.raised_on
                    ),
                ));
            }
            if date > as_of {
                out.push(Finding::new(
                    Code::MB036,
                    Some(&d.path),
                    at,
                    format!(
                        "update of action {} is dated {date}, after the as-of date {as_of}",
                        u.action.value
                    ),
                ));
            }
        }
    }
    out
}
