//! MB045: current evidence past its `valid_until`; and MB004 for outside
//! evidence said to be retrieved after the as-of date.

use crate::derive::Index;
use crate::derive::validity::{Current, dated_entries};
use crate::diag::findings::{Code, Finding};
use crate::model::Site;

/// MB045 on the line of every entry that is current evidence (cited by the
/// latest scheduled review, a document dated on or after it, or an update
/// of an open action) and whose `valid_until` is before the as-of date. An
/// expired entry that is only history (a certificate a newer one replaced)
/// is not a finding.
pub(crate) fn expired(site: &Site, index: &Index) -> Vec<Finding> {
    let as_of = index.as_of();
    let latest = site
        .latest_scheduled_review()
        .map(|l| site.documents[l].id.value.as_str());
    dated_entries(site, index)
        .into_iter()
        .filter(|e| e.expired(as_of))
        .map(|e| {
            let d = &site.documents[e.doc];
            let what = match (&e.entry.path, &e.entry.outside) {
                (Some(p), _) => format!("evidence `{}`", p.value),
                (None, Some(o)) => format!("outside evidence `{}`", o.url.value),
                (None, None) => "evidence".to_string(),
            };
            let why = match &e.current {
                Some(Current::LatestReview) => {
                    format!("{} is the latest scheduled review", d.id.value)
                }
                Some(Current::LaterDocument) => match latest {
                    Some(l) => format!("{} is dated on or after the latest scheduled review {l}", d.id.value),
                    None => format!("{} is of the current cycle (no scheduled review yet)", d.id.value),
                },
                Some(Current::OpenAction(a)) => {
                    format!("it is attached to an update of {a}, which is still open")
                }
                None => String::new(),
            };
            Finding::new(
                Code::MB045,
                Some(&d.path),
                e.entry.span,
                format!(
                    "{what} in {} was valid until {} ({} before the as-of date {as_of}) and is still current evidence: {why}",
                    d.id.value,
                    e.valid_until,
                    crate::words::days(e.valid_until.days_until(as_of)),
                ),
            )
            .with_help(
                "attach the renewed certificate or report (with its own `valid_until`) where it is reviewed; the expired entry then stays on record as history",
            )
        })
        .collect()
}

/// MB004 for outside evidence whose `retrieved` date is after the as-of
/// date: a record cannot say it was retrieved on a day still to come.
pub(crate) fn retrieved(site: &Site, index: &Index) -> Vec<Finding> {
    let as_of = index.as_of();
    let mut out = Vec::new();
    for d in &site.documents {
        let all = d
            .evidence
            .iter()
            .chain(d.updates.iter().flat_map(|u| &u.evidence));
        for o in all.filter_map(|e| e.outside.as_ref()) {
            if let Some(r) = &o.retrieved
                && r.value > as_of
            {
                out.push(
                    Finding::new(
                        Code::MB004,
                        Some(&d.path),
                        r.span,
                        format!(
                            "outside evidence `{}` in {} is said to be retrieved on {}, after the as-of date {as_of}",
                            o.url.value, d.id.value, r.value
                        ),
                    )
                    .with_help("write the day it was actually retrieved (YYYY-MM-DD)"),
                );
            }
        }
    }
    out
}
