//! MB037 and MB038: every major or minor nonconformity has a corrective
//! action that closes it (10.2); `closes` names real findings, and a
//! decision's `actions` name actions raised with it. Read from the state
//! `derive::nonconformities` made once.

use crate::derive::Index;
use crate::diag::findings::{Code, Finding};
use crate::model::Site;
use crate::suggest;

/// MB037: a major or minor nonconformity that no live action closes (none
/// raised, or every one cancelled: a cancelled action closes nothing).
pub(crate) fn corrective_actions(site: &Site, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for nc in &index.nonconformities {
        if !nc.is_nonconformity() || nc.live_actions(&index.actions).next().is_some() {
            continue;
        }
        let doc = &site.documents[nc.doc];
        let f = nc.finding(site);
        let severity = f.severity.map_or("", |s| s.as_str());
        let why = if nc.actions.is_empty() {
            "no action `closes` it".to_string()
        } else {
            let ids: Vec<&str> = nc
                .actions
                .iter()
                .filter_map(|&i| index.actions.get(i))
                .map(|a| a.id.as_str())
                .collect();
            format!(
                "its only corrective action{} ({}) {} cancelled, and a cancelled action closes nothing",
                if ids.len() == 1 { "" } else { "s" },
                ids.join(", "),
                if ids.len() == 1 { "was" } else { "were" }
            )
        };
        out.push(
            Finding::new(
                Code::MB037,
                Some(&doc.path),
                f.id.span,
                format!(
                    "{severity} nonconformity {} found in {} has no corrective action: {why} (10.2)",
                    nc.id, doc.id.value
                ),
            )
            .with_help(format!(
                "raise a corrective action with `closes: [{}]`, here or in a later review",
                nc.id
            )),
        );
    }
    out
}

/// MB038: `closes` naming no finding, and a decision's `actions` naming no
/// action raised in the same document.
pub(crate) fn names_known(site: &Site, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &site.documents {
        for a in &d.actions {
            for c in &a.closes {
                if index.nonconformity(&c.value).is_some() {
                    continue;
                }
                let hint = suggest::did_you_mean(
                    &c.value,
                    index.nonconformities.iter().map(|n| n.id.as_str()),
                );
                out.push(
                    Finding::new(
                        Code::MB038,
                        Some(&d.path),
                        c.span,
                        format!(
                            "action {} closes `{}`, which is no finding of an audit or incident record{hint}",
                            a.id.value, c.value
                        ),
                    )
                    .with_help("findings are listed under `findings:` of an audit or incident record"),
                );
            }
        }
        let Some(review) = &d.review else { continue };
        for x in &review.decisions {
            for named in &x.actions {
                if d.actions
                    .iter()
                    .any(|a| a.id.value.eq_ignore_ascii_case(&named.value))
                {
                    continue;
                }
                let elsewhere = index
                    .action(&named.value)
                    .map(|r| site.documents[r.doc].id.value.as_str());
                let message = match elsewhere {
                    Some(other) => format!(
                        "decision {} names action {}, which is raised in {other}, not in {}: a decision's actions are raised with it",
                        x.id.value, named.value, d.id.value
                    ),
                    None => {
                        let hint = suggest::did_you_mean(
                            &named.value,
                            d.actions.iter().map(|a| a.id.value.as_str()),
                        );
                        format!(
                            "decision {} names action `{}`, which no document raises{hint}",
                            x.id.value, named.value
                        )
                    }
                };
                out.push(
                    Finding::new(Code::MB038, Some(&d.path), named.span, message).with_help(
                        "raise the action under this review's `actions:` or remove it from the decision",
                    ),
                );
            }
        }
    }
    out
}
