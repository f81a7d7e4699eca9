//! MB040–MB044 and MB050–MB052: evidence exists, stays inside `content/`,
//! matches its lock, and documents still match their sign-offs.

use crate::derive::Index;
use crate::diag::findings::{Code, Finding, Span};
use crate::model::Site;
use crate::model::evidence::LOCK_FILE;
use crate::model::evidence::SIGNOFF_FILE;
use std::borrow::Cow;
use std::collections::HashSet;

/// MB040 and MB041 for every evidence path written in a document; MB043 for
/// files under `content/evidence/` that no document references.
pub(crate) fn references(site: &Site, index: &Index) -> Vec<Finding> {
    let content = site.root.join("content");
    let mut out = Vec::new();
    if site.evidence.content_escapes {
        out.push(
            Finding::new(
                Code::MB041,
                Some("content"),
                Span::NONE,
                "content/ is a symbolic link leading outside the site folder; nothing under it \
                 is read, hashed or published"
                    .to_string(),
            )
            .with_help(
                "move the folder into the site (or run minutebook in the folder that holds it)",
            ),
        );
    }
    // Paths as the reference index keys them, borrowed from it.
    let mut referenced: HashSet<Cow<'_, str>> = HashSet::new();
    for d in &site.documents {
        let all = d
            .evidence
            .iter()
            .chain(d.updates.iter().flat_map(|u| &u.evidence));
        // Outside evidence (`url:`) is never resolved, hashed or published.
        for path in all.filter_map(|e| e.path.as_ref()) {
            match index.references.resolve(&content, &path.value) {
                Ok(rel) => {
                    referenced.insert(rel);
                }
                Err(problem) => {
                    // Counted as referenced: the problem is reported here, not again as MB043.
                    referenced.insert(Cow::Owned(
                        path.value.trim_start_matches("./").replace('\\', "/"),
                    ));
                    out.push(
                        Finding::new(
                            problem.code(),
                            Some(&d.path),
                            path.span,
                            format!("{} (in {})", problem.message(&path.value), d.id.value),
                        )
                        .with_help(if problem == crate::model::evidence::PathProblem::Url {
                            "a web address is not a file of the site: write the entry `- {url: https://…, title: …, sha256: …, retrieved: YYYY-MM-DD}` (never fetched; shown as an outside link)"
                        } else {
                            "evidence paths are relative to content/, e.g. evidence/2025/report.pdf"
                        }),
                    );
                }
            }
        }
    }
    for f in site.evidence.files.values() {
        if f.problem == Some(crate::model::evidence::PathProblem::Escapes)
            && !referenced.contains(f.rel.as_str())
        {
            out.push(Finding::new(
                Code::MB041,
                Some(&format!("content/{}", f.rel)),
                Span::NONE,
                format!(
                    "evidence file content/{} is a symbolic link leading outside content/; it is never read or published",
                    f.rel
                ),
            ));
            continue;
        }
        if f.rel.starts_with("evidence/")
            && !referenced.contains(f.rel.as_str())
            // Attached by a document that could not be read: not unreferenced.
            && !site.unreadable.iter().any(|u| u.frontmatter.contains(f.rel.as_str()))
        {
            out.push(
                Finding::new(
                    Code::MB043,
                    Some(&format!("content/{}", f.rel)),
                    Span::NONE,
                    format!("evidence file content/{} is referenced by no document", f.rel),
                )
                .with_help("reference it under `evidence:` of the review or record it supports, or remove it"),
            );
        }
    }
    // the format has no code for a name that is not UTF-8; MB040 is the one for
    // evidence that cannot be used (see SECURITY.md §7).
    for (rel, folder) in &site.evidence.not_utf8 {
        let what = if *folder {
            "evidence folder"
        } else {
            "evidence file"
        };
        let unusable = if *folder {
            "none of its files can be referenced, hashed, locked or published"
        } else {
            "no document can reference it and it is not hashed, locked or published"
        };
        out.push(
            Finding::new(
                Code::MB040,
                Some(&format!("content/{rel}")),
                Span::NONE,
                format!(
                    "the name of {what} content/{rel} is not valid UTF-8 (its bad bytes are shown as \u{fffd}), so {unusable}"
                ),
            )
            .with_help("rename it with a UTF-8 name and reference it under `evidence:`"),
        );
    }
    for (rel, folder) in &site.evidence.backslashed {
        let what = if *folder {
            "evidence folder"
        } else {
            "evidence file"
        };
        out.push(
            Finding::new(
                Code::MB040,
                Some(&format!("content/{rel}")),
                Span::NONE,
                format!(
                    "the name of {what} content/{rel} holds a backslash, which written paths, browsers and zip tools read as a folder separator, so it cannot be referenced, hashed, locked or published"
                ),
            )
            .with_help("rename it without `\\` and reference it under `evidence:`"),
        );
    }
    for (path, why) in &site.evidence.unreadable {
        out.push(Finding::new(
            Code::MB040,
            Some(path),
            Span::NONE,
            format!("evidence folder entry {path} cannot be read: {why}"),
        ));
    }
    out
}

/// MB042 (content differs from the lock), MB044 (locked file gone) and
/// MB004 (malformed lock line).
pub(crate) fn lock(site: &Site, index: &Index) -> Vec<Finding> {
    let inv = &site.evidence;
    let mut out = Vec::new();
    let at = |key: &str| Span::at(inv.lock_line(key).unwrap_or(0), 1);
    if let Some(why) = &inv.lock_unreadable {
        out.push(Finding::new(
            Code::MB004,
            Some(LOCK_FILE),
            Span::NONE,
            format!("{LOCK_FILE} cannot be read: {why}"),
        ));
    }
    for e in &inv.lock_errors {
        out.push(Finding::new(
            Code::MB004,
            Some(LOCK_FILE),
            Span::at(e.line, 1),
            format!("malformed line in {LOCK_FILE}: {}", e.message),
        ));
    }
    for (key, locked) in &inv.lock.entries {
        let rel = key.strip_prefix("content/").unwrap_or(key);
        match inv.file(rel) {
            Some(f) => {
                if index.lock.of(rel) == crate::derive::locking::LockState::Differs
                    && let Some(now) = &f.sha256
                {
                    out.push(
                            Finding::new(
                                Code::MB042,
                                Some(LOCK_FILE),
                                at(key),
                                format!("evidence {key} differs from {LOCK_FILE}: locked {locked}, now {now}"),
                            )
                            .with_help(format!("if the change is deliberate, record it with `minutebook lock --accept {key}`")),
                        );
                }
            }
            None => {
                if !site.root.join(key).exists() {
                    out.push(
                        Finding::new(Code::MB044, Some(LOCK_FILE), at(key), format!("locked evidence file {key} is gone"))
                            .with_help(format!("restore it, or record its removal with `minutebook lock --accept {key}`")),
                    );
                }
            }
        }
    }
    out
}

use crate::derive::signoffs::may_sign;

/// MB050, MB051, MB052 and the sheet's own reading problems.
pub(crate) fn signoffs(site: &Site, index: &Index) -> Vec<Finding> {
    let sheet = &site.evidence.signoffs;
    let mut out = sheet.findings.clone();
    // MB052: entries that do not count.
    for s in &sheet.signoffs {
        let doc = index
            .doc_by_path
            .get(&format!(
                "content/{}",
                s.document.value.trim_start_matches("./")
            ))
            .map(|&i| &*site.documents[i]);
        if doc.is_none()
            && site
                .unreadable(&format!(
                    "content/{}",
                    s.document.value.trim_start_matches("./")
                ))
                .is_some()
        {
            // The document exists but could not be read: its own finding
            // says so; who may sign it is not known until it reads.
            continue;
        }
        if doc.is_none() {
            out.push(Finding::new(
                Code::MB052,
                Some(SIGNOFF_FILE),
                s.document.span,
                format!(
                    "sign-off names document `{}`, which does not exist; it does not count",
                    s.document.value
                ),
            ));
            continue;
        }
        if !may_sign(site, doc, &s.person.value) {
            out.push(
                Finding::new(
                    Code::MB052,
                    Some(SIGNOFF_FILE),
                    s.person.span,
                    format!(
                        "`{}` may not sign off {}: only its chair, top management or a configured signer may; it does not count",
                        s.person.value, s.document.value
                    ),
                )
                .with_help("add the person to `signers:` in minutebook.yaml if they are entitled to approve"),
            );
        }
    }
    for (doc, d) in site.documents.iter().enumerate() {
        let Some(state) = index.signoffs.documents.get(doc) else {
            continue;
        };
        let eligible: Vec<&crate::model::evidence::Signoff> =
            state.counting().map(|a| &sheet.signoffs[a.entry]).collect();
        if state.state == crate::derive::signoffs::SignoffState::Changed {
            // Every approval that no longer matches, oldest first, and who
            // signs again: the chair of a review, else the last approver.
            let stale: Vec<String> = eligible
                .iter()
                .map(|s| {
                    format!(
                        "{} on {} as {}",
                        s.person.value,
                        s.date
                            .map_or_else(|| "an unknown date".to_string(), |x| x.to_string()),
                        s.sha256.value
                    )
                })
                .collect();
            let chair = d
                .review
                .as_ref()
                .and_then(|r| r.chair.as_ref())
                .map(|c| c.value.clone());
            let last = eligible[eligible.len() - 1];
            let signer = chair.clone().unwrap_or_else(|| last.person.value.clone());
            let who = match &chair {
                Some(c) => format!("the chair, {c}, approves it again"),
                None => format!("{signer} (or another who may sign) approves it again"),
            };
            out.push(
                Finding::new(
                    Code::MB050,
                    Some(&d.path),
                    Span::NONE,
                    format!(
                        "{} changed after sign-off: approved by {}, its bytes now hash to {}",
                        d.id.value,
                        stale.join(", and by "),
                        d.sha256
                    ),
                )
                .with_help(format!(
                    "{} no longer {} this document; review the change, then {who}: `minutebook approve {} --by {signer}`",
                    if stale.len() == 1 {
                        "1 approval".to_string()
                    } else {
                        format!("{} approvals ({})", stale.len(), eligible.iter().map(|s| s.person.value.as_str()).collect::<Vec<_>>().join(", "))
                    },
                    if stale.len() == 1 { "matches" } else { "match" },
                    d.path
                )),
            );
        }
        if let (true, Some(deadline)) = (state.late, state.deadline) {
            out.push(
                Finding::new(
                    Code::MB051,
                    Some(&d.path),
                    Span::NONE,
                    format!(
                        "review {} of {} was not signed off within {} (by {deadline})",
                        d.id.value,
                        d.date,
                        crate::words::days(site.config.signoff_within_days)
                    ),
                )
                .with_help(format!(
                    "the chair approves it with `minutebook approve {} --by <person>`",
                    d.path
                )),
            );
        }
    }
    out
}
