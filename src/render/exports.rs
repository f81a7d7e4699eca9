//! Exports for spreadsheets, calendars and scripts (SPEC §4):
//! `data/actions.csv`, `data/actions.ics`, `data/site.json`, `data/findings.json`.

use crate::check::findings::Report;
use crate::derive::{ActionRecord, Index};
use crate::model::Site;
use serde_json::json;
use std::fmt::Write;

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `data/actions.csv`: one row per action, sorted by id.
pub fn actions_csv(site: &Site, index: &Index) -> String {
    let all: Vec<&ActionRecord> = index.actions.iter().collect();
    actions_csv_rows(site, &all)
}

/// The same CSV for a chosen set of actions (the terminal register's filters).
pub fn actions_csv_rows(site: &Site, rows: &[&ActionRecord]) -> String {
    let mut out =
        String::from("id,title,owner,due,status,overdue,raised_in,raised_on,closed_on,refs\n");
    for r in rows {
        let a = r.action(site);
        let fields = [
            r.id.clone(),
            a.title.clone(),
            a.owner
                .as_ref()
                .map(|o| o.value.clone())
                .unwrap_or_default(),
            r.due.map(|d| d.to_string()).unwrap_or_default(),
            r.status.as_str().to_string(),
            r.overdue.to_string(),
            site.documents[r.doc].id.value.clone(),
            r.raised_on.to_string(),
            r.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            a.refs
                .iter()
                .map(|x| x.value.as_str())
                .collect::<Vec<_>>()
                .join(";"),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// Escapes iCalendar TEXT (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// `data/actions.ics`: one all-day VEVENT per open action on its due date.
pub fn actions_ics(site: &Site, index: &Index) -> String {
    let mut out = String::new();
    let host = {
        let s = crate::model::page_slug(if site.config.organisation.is_empty() {
            "site"
        } else {
            &site.config.organisation
        });
        if s.is_empty() { "site".to_string() } else { s }
    };
    let stamp = index.as_of().to_string().replace('-', "");
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//minutebook//minutebook//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(l, &mut out);
    }
    fold(
        &format!(
            "X-WR-CALNAME:{}",
            ics_text(format!("{} ISMS actions", site.config.organisation).trim())
        ),
        &mut out,
    );
    for r in index.actions.iter().filter(|r| !r.status.is_closed()) {
        let Some(due) = r.due else { continue };
        let a = r.action(site);
        let owner = a.owner.as_ref().map(|o| {
            site.person(&o.value)
                .map_or_else(|| o.value.clone(), |p| p.name.clone())
        });
        let desc = format!(
            "Owner: {}\nStatus: {}{}\nRaised in {} on {}",
            owner.unwrap_or_default(),
            r.status.as_str(),
            if r.overdue { " (overdue)" } else { "" },
            site.documents[r.doc].id.value,
            r.raised_on
        );
        fold("BEGIN:VEVENT", &mut out);
        fold(
            &format!(
                "UID:{}@{host}.minutebook",
                ics_text(&r.id.to_ascii_lowercase())
            ),
            &mut out,
        );
        fold(&format!("DTSTAMP:{stamp}T000000Z"), &mut out);
        fold(
            &format!("DTSTART;VALUE=DATE:{}", due.to_string().replace('-', "")),
            &mut out,
        );
        fold(
            &format!(
                "DTEND;VALUE=DATE:{}",
                due.add_days(1).to_string().replace('-', "")
            ),
            &mut out,
        );
        fold(
            &format!("SUMMARY:{}", ics_text(&format!("{}: {}", r.id, a.title))),
            &mut out,
        );
        fold(&format!("DESCRIPTION:{}", ics_text(&desc)), &mut out);
        fold("TRANSP:TRANSPARENT", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

/// `data/findings.json`: the same object as `check --format json`.
pub fn findings_json(report: &Report) -> String {
    report.to_json()
}

/// `data/site.json`: the whole register for scripts, derived state included.
pub fn site_json(site: &Site, index: &Index) -> String {
    let spans =
        |v: &[crate::model::Spanned<String>]| v.iter().map(|x| x.value.clone()).collect::<Vec<_>>();
    let evidence = |v: &[crate::model::EvidenceRef]| {
        v.iter()
            .map(|e| json!({"path": e.path.value, "title": e.title, "refs": spans(&e.refs)}))
            .collect::<Vec<_>>()
    };
    let documents: Vec<_> = site
        .documents
        .iter()
        .map(|d| {
            let mut o = json!({
                "id": d.id.value,
                "title": d.title,
                "date": d.date,
                "type": match d.kind { crate::model::DocumentKind::Review => "review", crate::model::DocumentKind::Record => "record" },
                "source": d.path,
                "sha256": d.sha256,
                "actions": d.actions.iter().map(|a| a.id.value.clone()).collect::<Vec<_>>(),
                "updates": d.updates.iter().map(|u| json!({
                    "action": u.action.value,
                    "status": u.status.as_ref().map(|s| s.value.as_str()),
                    "date": u.date.as_ref().map(|x| x.value),
                    "due": u.due.as_ref().map(|x| x.value),
                    "evidence": evidence(&u.evidence),
                    "note": u.note,
                })).collect::<Vec<_>>(),
                "metrics": d.metrics.iter().map(|m| (m.id.value.clone(), m.value)).collect::<std::collections::BTreeMap<_, _>>(),
                "evidence": evidence(&d.evidence),
            });
            if let Some(r) = &d.review {
                o["kind"] = json!(if r.extraordinary { "extraordinary" } else { "scheduled" });
                o["trigger"] = json!(r.trigger);
                o["chair"] = json!(r.chair.as_ref().map(|c| c.value.clone()));
                o["secretary"] = json!(r.secretary.as_ref().map(|c| c.value.clone()));
                o["attendees"] = json!(spans(&r.attendees));
                o["apologies"] = json!(spans(&r.apologies));
                o["covers"] = json!(r.covers.iter().map(|c| (c.reference.value.clone(), c.anchor.value.clone())).collect::<std::collections::BTreeMap<_, _>>());
                o["decisions"] = json!(r.decisions.iter().map(|x| json!({"id": x.id.value, "text": x.text, "refs": spans(&x.refs)})).collect::<Vec<_>>());
            } else {
                o["kind"] = json!(d.record_kind.map(|k| k.as_str()));
            }
            o
        })
        .collect();
    let actions: Vec<_> = index
        .actions
        .iter()
        .map(|r| {
            let a = r.action(site);
            json!({
                "id": r.id,
                "title": a.title,
                "kind": a.kind.as_str(),
                "owner": a.owner.as_ref().map(|o| o.value.clone()),
                "support": spans(&a.support),
                "due": r.due,
                "original_due": r.timeline.first().and_then(|e| e.due),
                "status": r.status.as_str(),
                "overdue": r.overdue,
                "raised_in": site.documents[r.doc].id.value,
                "raised_on": r.raised_on,
                "closed_on": r.closed_on,
                "refs": spans(&a.refs),
                "history": r.timeline.iter().map(|e| json!({
                    "date": e.date,
                    "document": site.documents[e.doc].id.value,
                    "status": e.status.as_str(),
                    "due": e.due,
                    "replanned": e.replanned,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let people: Vec<_> = site
        .people
        .values()
        .map(|p| json!({"id": p.id, "name": p.name, "role": p.role, "top_management": p.top_management, "left": p.left}))
        .collect();
    let evidence_files: Vec<_> = site
        .evidence
        .files
        .values()
        .map(|f| json!({"path": format!("content/{}", f.rel), "size": f.size, "sha256": f.sha256}))
        .collect();
    let c = &site.config;
    let out = json!({
        "generator": format!("minutebook {}", env!("CARGO_PKG_VERSION")),
        "as_of": index.as_of(),
        "title": c.title,
        "organisation": c.organisation,
        "frameworks": c.framework_ids(),
        "cadence_months": c.cadence_months,
        "signoff_within_days": c.signoff_within_days,
        "retention_years": c.retention_years,
        "people": people,
        "documents": documents,
        "actions": actions,
        "evidence": evidence_files,
    });
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    let _ = writeln!(s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn ics_folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(ics_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    }
}
