//! MB060 and MB061: reviews held at planned intervals (9.3.1), the cadence
//! being `cadence_months` of the configuration.

use crate::date::Date;
use crate::derive::Index;
use crate::diag::findings::{Code, Finding, Span};
use crate::model::Site;

/// The date the next scheduled review is due, after the latest one: the
/// `next_review` it planned, else its date plus the cadence.
pub(crate) fn next_review_due(site: &Site) -> Option<Date> {
    site.scheduled_reviews()
        .last()
        .map(|d| planned_after(site, d))
}

/// When the review after `d` is due: its `next_review`, else the cadence.
fn planned_after(site: &Site, d: &crate::model::Document) -> Date {
    d.review
        .as_ref()
        .and_then(|r| r.next_review.as_ref())
        .map_or_else(
            || d.date.add_months(site.config.cadence_months),
            |n| n.value,
        )
}

/// The slack of `cadence_tolerance_days`, as days to add.
fn tolerance(site: &Site) -> i32 {
    i32::try_from(site.config.cadence_tolerance_days).unwrap_or(i32::MAX)
}

/// Whether the next review is overdue on `as_of` when it was `due`: past
/// the due date by more than the tolerance (what MB061 and the dashboard's
/// overdue flag both say).
pub(crate) fn overdue(site: &Site, due: Date, as_of: Date) -> bool {
    due.add_days(tolerance(site)) < as_of
}

/// MB060: consecutive scheduled reviews further apart than the cadence plus
/// the tolerance.
pub(crate) fn gaps(site: &Site, _: &Index) -> Vec<Finding> {
    let months = site.config.cadence_months;
    let slack = tolerance(site);
    let reviews: Vec<_> = site.scheduled_reviews().collect();
    reviews
        .windows(2)
        .filter(|w| w[1].date > w[0].date.add_months(months).add_days(slack))
        // A review between them that could not be read may have been held.
        .filter(|w| !site.unreadable_review_between(Some(w[0].date), Some(w[1].date)))
        .map(|w| {
            Finding::new(
                Code::MB060,
                Some(&w[1].path),
                Span::at(1, 1),
                format!(
                    "{} between review {} ({}) and review {} ({}): more than the {months}-month cadence{}",
                    crate::words::days(w[0].date.days_until(w[1].date)),
                    w[0].id.value,
                    w[0].date,
                    w[1].id.value,
                    w[1].date,
                    tolerance_words(slack)
                ),
            )
        })
        .collect()
}

/// MB061: the next scheduled review is overdue as of the as-of date.
pub(crate) fn next_review(site: &Site, index: &Index) -> Vec<Finding> {
    let Some(last) = site.scheduled_reviews().last() else {
        return Vec::new();
    };
    let due = planned_after(site, last);
    let as_of = index.as_of();
    if !overdue(site, due, as_of) || site.unreadable_review_between(Some(last.date), None) {
        return Vec::new();
    }
    let planned = last.review.as_ref().and_then(|r| r.next_review.as_ref());
    let (why, span) = match planned {
        Some(n) => (format!("it planned the next for {}", n.value), n.span),
        None => (
            format!(
                "so by the {}-month cadence one was due by {due}",
                site.config.cadence_months
            ),
            Span::NONE,
        ),
    };
    vec![Finding::new(
        Code::MB061,
        Some(&last.path),
        span,
        format!(
            "the next review is overdue: the last scheduled review {} was on {}, {why}{} (as of {as_of})",
            last.id.value,
            last.date,
            tolerance_words(tolerance(site))
        ),
    )]
}

/// ` plus the 14-day tolerance`, or nothing without one.
fn tolerance_words(days: i32) -> String {
    if days > 0 {
        format!(" plus the {days}-day tolerance")
    } else {
        String::new()
    }
}
