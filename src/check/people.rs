//! MB010: every person named is in people.yaml and had not left by then.

use crate::date::Date;
use crate::derive::Index;
use crate::diag::findings::{Code, Finding};
use crate::model::{Site, Spanned};
use crate::suggest;

/// Unknown people and people named after they left. The role is said only
/// in findings, so it is worded only when there is one (a large site names
/// people some 100,000 times).
pub(crate) fn people_known_and_present(site: &Site, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut check = |p: &Spanned<String>,
                     file: &str,
                     role: &dyn Fn() -> String,
                     on: Option<Date>| match site.person(&p.value) {
        None => {
            let hint = suggest::did_you_mean(&p.value, site.people.values().map(|x| x.id.as_str()));
            out.push(
                Finding::new(
                    Code::MB010,
                    Some(file),
                    p.span,
                    format!("unknown person `{}` as {}{hint}", p.value, role()),
                )
                .with_help("people are defined in content/people.yaml"),
            );
        }
        Some(person) => {
            if let (Some(left), Some(on)) = (person.left, on)
                && left < on
            {
                out.push(Finding::new(
                    Code::MB010,
                    Some(file),
                    p.span,
                    format!(
                        "`{}` ({}) left on {left} and cannot be {} on {on}",
                        p.value,
                        person.name,
                        role()
                    ),
                ));
            }
        }
    };
    for d in &site.documents {
        if let Some(r) = &d.review {
            let of = |what: &'static str| move || format!("{what} of {}", d.id.value);
            if let Some(c) = &r.chair {
                check(c, &d.path, &of("chair"), Some(d.date));
            }
            if let Some(s) = &r.secretary {
                check(s, &d.path, &of("secretary"), Some(d.date));
            }
            for a in &r.attendees {
                check(a, &d.path, &of("attendee"), Some(d.date));
            }
            for a in &r.apologies {
                check(a, &d.path, &of("apologies"), Some(d.date));
            }
            for x in &r.decisions {
                if let Some(o) = &x.owner {
                    check(
                        o,
                        &d.path,
                        &|| format!("owner of decision {}", x.id.value),
                        Some(d.date),
                    );
                }
            }
        }
        for a in &d.actions {
            let raised = a.raised.as_ref().map_or(d.date, |r| r.value);
            if let Some(o) = &a.owner {
                check(
                    o,
                    &d.path,
                    &|| format!("owner of action {}", a.id.value),
                    Some(raised),
                );
            }
            for s in &a.support {
                check(
                    s,
                    &d.path,
                    &|| format!("support of action {}", a.id.value),
                    Some(raised),
                );
            }
        }
    }
    let as_of = index.as_of();
    for p in &site.config.quorum.people {
        check(
            p,
            "minutebook.yaml",
            &|| "a quorum member".into(),
            Some(as_of),
        );
    }
    for p in &site.config.signers {
        check(p, "minutebook.yaml", &|| "a signer".into(), Some(as_of));
    }
    out
}
