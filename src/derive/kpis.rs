//! The dashboard's key figures, computed once from the index:
//! on-time completion, overdue actions, median days to close corrective
//! actions, reviews held vs expected, input coverage, sign-off status, and
//! each metric's series across documents.
//!
//! Definitions (also in docs/guide.md):
//! - on-time completion rate: of the actions done, the share done on or before
//!   their *original* due date (re-planning does not make a late action on time);
//! - median days to close: median of (closed_on − raised_on) over corrective
//!   actions that are done;
//! - reviews held vs expected: scheduled reviews held since the first one,
//!   against one per cadence period from the first review to the as-of date;
//! - input coverage: required inputs marked ✓ covered or = no change across
//!   all scheduled reviews (a ◌ placeholder or ✗ gap does not count);
//! - open nonconformities: major and minor nonconformities open as of the
//!   as-of date;
//! - median days to close nonconformities: median of (closed on − raised on)
//!   over closed major and minor nonconformities;
//! - evidence expiring within 60 days: current evidence (see
//!   [`crate::derive::validity`]) whose `valid_until` is from the as-of date
//!   to 60 days after it, each file or URL once; current evidence already
//!   past its date (MB045) is counted beside it as expired.

use crate::date::Date;
use crate::derive::{Index, NcStatus};
use crate::model::{ActionKind, Site, Status};

/// The dashboard's figures (actions on time, overdue, findings open and
/// closed), computed from the derived state so the numbers an auditor sees
/// follow the same rules as the checks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kpis {
    /// Actions done.
    pub done: usize,
    /// Of those, done by their original due date.
    pub done_on_time: usize,
    /// Open actions past their current due date.
    pub overdue: usize,
    /// Open or in progress.
    pub open: usize,
    /// Median days to close corrective actions (None without any closed).
    pub median_days_to_close_corrective: Option<f64>,
    /// Corrective actions closed (the median's sample size).
    pub corrective_closed: usize,
    /// Scheduled reviews held.
    pub reviews_held: usize,
    /// Scheduled reviews expected by the cadence.
    pub reviews_expected: usize,
    /// Required inputs marked ✓ or = across scheduled reviews.
    pub inputs_covered: usize,
    /// Required inputs expected across scheduled reviews.
    pub inputs_required: usize,
    /// Reviews whose current bytes carry a valid sign-off.
    pub reviews_signed: usize,
    /// Reviews in all.
    pub reviews_total: usize,
    /// Major and minor nonconformities open as of the as-of date.
    pub nonconformities_open: usize,
    /// Major and minor nonconformities in all.
    pub nonconformities_total: usize,
    /// Median days from raised to closed over closed nonconformities
    /// (None without any closed).
    pub median_days_to_close_nonconformities: Option<f64>,
    /// Nonconformities closed (the median's sample size).
    pub nonconformities_closed: usize,
    /// Current evidence whose `valid_until` is within 60 days of the as-of date.
    pub evidence_expiring: usize,
    /// Current evidence already past its `valid_until` (MB045).
    pub evidence_expired: usize,
}

impl Kpis {
    /// Percentage of actions done on time (None without any done).
    pub(crate) fn on_time_rate(&self) -> Option<f64> {
        (self.done > 0).then(|| 100.0 * self.done_on_time as f64 / self.done as f64)
    }

    /// Percentage of required inputs covered.
    pub(crate) fn coverage_rate(&self) -> Option<f64> {
        (self.inputs_required > 0)
            .then(|| 100.0 * self.inputs_covered as f64 / self.inputs_required as f64)
    }
}

/// Computes the figures as of the index's date.
pub fn compute(site: &Site, index: &Index) -> Kpis {
    let as_of = index.as_of();
    let mut k = Kpis::default();
    let mut close_days: Vec<i32> = Vec::new();
    for rec in &index.actions {
        match rec.status {
            Status::Done => {
                k.done += 1;
                let original = rec.timeline.first().and_then(|e| e.due);
                if let (Some(closed), Some(due)) = (rec.closed_on, original)
                    && closed <= due
                {
                    k.done_on_time += 1;
                }
                if rec.action(site).kind == ActionKind::Corrective
                    && let Some(closed) = rec.closed_on
                {
                    close_days.push(rec.raised_on.days_until(closed).max(0));
                }
            }
            Status::Open | Status::InProgress => k.open += 1,
            Status::Cancelled => {}
        }
        if rec.overdue {
            k.overdue += 1;
        }
    }
    k.corrective_closed = close_days.len();
    k.median_days_to_close_corrective = median(&mut close_days);
    let mut nc_days: Vec<i32> = Vec::new();
    for nc in index
        .nonconformities
        .iter()
        .filter(|n| n.is_nonconformity())
    {
        k.nonconformities_total += 1;
        match nc.status {
            NcStatus::Open => k.nonconformities_open += 1,
            NcStatus::Closed => nc_days.extend(nc.days_open),
            NcStatus::NoActionNeeded => {}
        }
    }
    let validity = super::validity::by_key(&super::validity::dated_entries(site, index));
    (k.evidence_expiring, k.evidence_expired) =
        super::validity::expiring_and_expired(&validity, as_of);
    k.nonconformities_closed = nc_days.len();
    k.median_days_to_close_nonconformities = median(&mut nc_days);
    let scheduled: Vec<_> = site.scheduled_reviews().collect();
    k.reviews_held = scheduled.iter().filter(|d| d.date <= as_of).count();
    k.reviews_expected = scheduled.first().map_or(0, |first| {
        expected_reviews(first.date, as_of, site.config.cadence_months)
    });
    // Input coverage: the marks derived once (✓ and = count, ◌ ✗ do not).
    for cov in index.coverage.reviews.iter().flatten() {
        if cov.extraordinary {
            continue;
        }
        k.inputs_required += cov.applicable();
        k.inputs_covered += cov.counted();
    }
    // Sign-off: the state derived once (an approval that does not count
    // never makes a review signed, here or on its page).
    for (doc, d) in site.documents.iter().enumerate() {
        if d.review.is_none() {
            continue;
        }
        k.reviews_total += 1;
        let signed = index
            .signoffs
            .documents
            .get(doc)
            .is_some_and(|s| s.state == crate::derive::signoffs::SignoffState::Signed);
        k.reviews_signed += usize::from(signed);
    }
    k
}

/// One review at the first date, then one per cadence period that has ended by `as_of`.
pub(crate) fn expected_reviews(first: Date, as_of: Date, cadence_months: u32) -> usize {
    if as_of < first || cadence_months == 0 {
        return 0;
    }
    let mut n = 1;
    let mut due = first.add_months(cadence_months);
    while due <= as_of && n < 10_000 {
        n += 1;
        due = first.add_months(cadence_months.saturating_mul(n as u32));
    }
    n
}

fn median(v: &mut [i32]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let m = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (f64::from(v[m - 1]) + f64::from(v[m])) / 2.0
    } else {
        f64::from(v[m])
    })
}

/// One point of a metric series.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Point {
    /// The document reporting it.
    pub doc: usize,
    /// Its date.
    pub date: Date,
    /// The value.
    pub value: f64,
}

/// Each defined metric's values across documents, in date order.
pub(crate) fn metric_series(site: &Site) -> Vec<(String, Vec<Point>)> {
    site.config
        .metrics
        .keys()
        .map(|id| {
            let pts = site
                .documents
                .iter()
                .enumerate()
                .flat_map(|(i, d)| {
                    d.metrics
                        .iter()
                        .filter(move |m| &m.id.value == id)
                        .map(move |m| Point {
                            doc: i,
                            date: d.date,
                            value: m.value,
                        })
                })
                .collect();
            (id.clone(), pts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expects_one_review_per_cadence_period() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(expected_reviews(d("2025-01-15"), d("2025-01-15"), 6), 1);
        assert_eq!(expected_reviews(d("2025-01-15"), d("2025-07-14"), 6), 1);
        assert_eq!(expected_reviews(d("2025-01-15"), d("2025-07-15"), 6), 2);
        assert_eq!(expected_reviews(d("2023-03-16"), d("2026-11-26"), 6), 8);
    }

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
