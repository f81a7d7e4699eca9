//! MB060 and MB061: reviews held at planned intervals (9.3.1), the cadence
//! being `cadence_months` of the configuration.

use super::findings::{Code, Finding, Span};
use crate::date::Date;
use crate::derive::Index;
use crate::model::Site;

/// The date the next scheduled review is due, after the latest one.
pub fn next_review_due(site: &Site) -> Option<Date> {
    site.scheduled_reviews()
        .last()
        .map(|d| d.date.add_months(site.config.cadence_months))
}

/// MB060: consecutive scheduled reviews further apart than the cadence.
pub fn gaps(site: &Site, _: &Index) -> Vec<Finding> {
    let months = site.config.cadence_months;
    let reviews: Vec<_> = site.scheduled_reviews().collect();
    reviews
        .windows(2)
        .filter(|w| w[1].date > w[0].date.add_months(months))
        // A review between them that could not be read may have been held.
        .filter(|w| !site.unreadable_review_between(Some(w[0].date), Some(w[1].date)))
        .map(|w| {
            Finding::new(
                Code::MB060,
                Some(&w[1].path),
                Span::at(1, 1),
                format!(
                    "{} between review {} ({}) and review {} ({}): more than the {months}-month cadence",
                    crate::words::days(w[0].date.days_until(w[1].date)),
                    w[0].id.value,
                    w[0].date,
                    w[1].id.value,
                    w[1].date
                ),
            )
        })
        .collect()
}

/// MB061: the next scheduled review is overdue as of the as-of date.
pub fn next_review(site: &Site, index: &Index) -> Vec<Finding> {
    let Some(last) = site.scheduled_reviews().last() else {
        return Vec::new();
    };
    let due = last.date.add_months(site.config.cadence_months);
    let as_of = index.as_of();
    if due >= as_of || site.unreadable_review_between(Some(last.date), None) {
        return Vec::new();
    }
    vec![Finding::new(
        Code::MB061,
        Some(&last.path),
        Span::NONE,
        format!(
            "the next review is overdue: the last scheduled review {} was on {}, so one was due by {due} (as of {as_of})",
            last.id.value, last.date
        ),
    )]
}
