//! The minutes template of `minutebook new review`: frontmatter filled in
//! from the site (chair, quorum, the clause-mapped `covers`, and an `updates`
//! entry for every action the review must report), a heading per required
//! input with a one-line prompt.
//!
//! The file is meant to be incomplete in exactly two ways, which `check`
//! then lists as the author's to-do: every prompt is a placeholder (MB022)
//! and `decisions: []` is empty (MB025). Nothing else about it is a finding.
//!
//! Which actions must be reported follows MB035 (`check::actions::continuity`):
//! every action raised at or since the previous scheduled review, and every
//! action still open after it. To be sure of "previous" and of the order of
//! documents on the same date, the new review is placed among the site's
//! documents and the index derived again, so the shared `derive` code decides.
//! Actions open on the date are carried too (a first review has no previous
//! one, but its open actions still belong in 9.3.2 a).

use super::agenda::{AgendaSection, agenda, no_change_hint};
use super::{comment_text, default_review_id, month_name, review_file_name, yaml_scalar};
use crate::date::Date;
use crate::derive::{self, ActionRecord, Index};
use crate::diag::findings::Span;
use crate::load::fields::is_valid_id;
use crate::model::{Document, DocumentKind, ReviewPart, Site, Spanned, Status};
use std::fmt::Write;

/// An action carried into the new review's `updates`.
#[derive(Clone, Debug, PartialEq)]
pub struct Carried {
    /// The action id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its owner.
    pub owner: Option<String>,
    /// Status on the review date.
    pub status: Status,
    /// Due date in force on the review date.
    pub due: Option<Date>,
    /// Overdue on the review date.
    pub overdue: bool,
    /// Closure evidence (for `done`), copied from the update that closed it,
    /// each as a YAML flow value (a path, or `{url: …}` for outside evidence).
    pub evidence: Vec<String>,
    /// Why it is carried.
    pub reason: String,
}

/// A planned new review: where it goes and what it says.
#[derive(Clone, Debug)]
pub struct NewReview {
    /// Its id.
    pub id: String,
    /// Its date.
    pub date: Date,
    /// Path relative to the site root (`content/reviews/2026-01-20-mr-2026-01.md`).
    pub path: String,
    /// The file's text.
    pub text: String,
    /// The agenda sections.
    pub sections: Vec<AgendaSection>,
    /// Actions carried into `updates`.
    pub carried: Vec<Carried>,
    /// The previous scheduled review's id, if any.
    pub previous: Option<String>,
    /// Things the author should know (no top management in people.yaml...).
    pub notes: Vec<String>,
}

/// The date `new review` gives a review when `--date` is not given: the
/// `next_review` the latest scheduled review planned, when that day is
/// today or later (the minutes are prepared for the planned meeting); else
/// the as-of date, with a note when the planned day has already passed.
pub fn proposed_date(site: &Site, as_of: Date) -> (Date, Option<String>) {
    let planned = site
        .scheduled_reviews()
        .last()
        .and_then(|d| Some((d, d.review.as_ref()?.next_review.as_ref()?.value)));
    match planned {
        Some((_, day)) if day >= as_of => (
            day,
            Some(format!(
                "dated {day}, the next review planned by the latest review (`--date` to choose another)"
            )),
        ),
        Some((d, day)) => (
            as_of,
            Some(format!(
                "review {} planned the next review for {day}, which has passed: dated {as_of}",
                d.id.value
            )),
        ),
        None => (as_of, None),
    }
}

/// Plans a new scheduled review of `site` on `date` (id default `MR-YYYY-MM`).
///
/// Refuses an invalid id, an id the site already uses (reviews, records,
/// actions and decisions share one id space) and an existing file.
pub fn plan(site: &Site, date: Date, id: Option<&str>) -> Result<NewReview, String> {
    let id = id.map_or_else(|| default_review_id(date), |s| s.trim().to_string());
    if !is_valid_id(&id) {
        return Err(format!(
            "invalid id `{id}`: ids are letters, digits, `-`, `_` and `.`"
        ));
    }
    if let Some(what) = id_in_use(site, &id) {
        return Err(format!(
            "the id `{id}` is already used by {what}; choose another with --id"
        ));
    }
    let path = format!("content/reviews/{}", review_file_name(date, &id));
    if site.root.join(&path).exists() {
        return Err(format!("{path} already exists; it is not overwritten"));
    }

    // Place the new review among the documents and let `derive` order it.
    let placeholder = Document {
        path: path.clone(),
        kind: DocumentKind::Review,
        id: Spanned::new(id.clone(), Span::NONE),
        title: id.clone(),
        date,
        review: Some(ReviewPart::default()),
        record_kind: None,
        actions: Vec::new(),
        findings: Vec::new(),
        updates: Vec::new(),
        metrics: Vec::new(),
        evidence: Vec::new(),
        body: String::new(),
        body_line: 1,
        headings: Vec::new(),
        links: Vec::new(),
        intro: String::new(),
        sha256: String::new(),
        span: Span::NONE,
    };
    let mut documents = site.documents.clone();
    documents.push(std::sync::Arc::new(placeholder));
    crate::load::sort_documents(&mut documents);
    let placed = Site {
        documents,
        evidence: Default::default(),
        ..site.clone()
    };
    let index = derive::derive(&placed, date);
    let me = index
        .doc_by_path
        .get(&path)
        .copied()
        .ok_or_else(|| "internal error: the new review was not placed".to_string())?;
    let previous = index.previous_scheduled.get(me).copied().flatten();
    let carried = carried_actions(&placed, &index, me, previous, date);

    // The agenda of the edition in force on the review's date.
    let frameworks = site.config.frameworks_on(Some(date));
    let sections = agenda(&site.catalogs, &frameworks);
    let mut notes = Vec::new();
    let attendance = attendance(
        site,
        previous.map(|p| &*placed.documents[p]),
        date,
        &mut notes,
    );
    let previous_id = previous.map(|p| placed.documents[p].id.value.clone());
    let text = render(
        site,
        &id,
        date,
        &attendance,
        &sections,
        &carried,
        previous_id.as_deref(),
    );
    Ok(NewReview {
        id,
        date,
        path,
        text,
        sections,
        carried,
        previous: previous_id,
        notes,
    })
}

/// What already uses an id, if anything.
fn id_in_use(site: &Site, id: &str) -> Option<String> {
    for d in &site.documents {
        if d.id.value.eq_ignore_ascii_case(id) {
            return Some(format!("{} ({})", d.id.value, d.path));
        }
        for a in &d.actions {
            if a.id.value.eq_ignore_ascii_case(id) {
                return Some(format!("action {} in {}", a.id.value, d.path));
            }
        }
        for x in d.review.iter().flat_map(|r| &r.decisions) {
            if x.id.value.eq_ignore_ascii_case(id) {
                return Some(format!("decision {} in {}", x.id.value, d.path));
            }
        }
    }
    None
}

/// The actions the review at position `me` reports: what MB035 requires
/// (raised at or since the previous scheduled review, or still open after
/// it), and any action open on the date.
fn carried_actions(
    site: &Site,
    index: &Index,
    me: usize,
    previous: Option<usize>,
    date: Date,
) -> Vec<Carried> {
    let mut out = Vec::new();
    for rec in &index.actions {
        // Declared in a document that comes after this review: not due here.
        if rec.doc >= me || rec.raised_on > date {
            continue;
        }
        let required = previous.and_then(|p| {
            let prev = &site.documents[p];
            let raised_since = rec.doc >= p || rec.raised_on >= prev.date;
            let open_after = rec.status_at(prev.date).is_some_and(|s| !s.is_closed());
            if raised_since {
                Some(format!("raised since {}", prev.id.value))
            } else if open_after {
                Some(format!("open after {}", prev.id.value))
            } else {
                None
            }
        });
        let status = rec.status_at(date).unwrap_or(Status::Open);
        let reason = match required {
            Some(r) => r,
            None if !status.is_closed() => "open".to_string(),
            None => continue,
        };
        out.push(carry(site, rec, date, status, reason));
    }
    out
}

fn carry(site: &Site, rec: &ActionRecord, date: Date, status: Status, reason: String) -> Carried {
    let a = rec.action(site);
    let due = rec.due_at(date);
    let evidence = if status == Status::Done {
        // The evidence of the latest `done` update up to the date that has some.
        rec.timeline
            .iter()
            .take_while(|e| e.date <= date)
            .filter(|e| e.status == Status::Done)
            .filter_map(|e| e.update.map(|u| &site.documents[e.doc].updates[u]))
            .filter(|u| !u.evidence.is_empty())
            .last()
            .map(|u| {
                u.evidence
                    .iter()
                    .filter_map(|e| match (&e.path, &e.outside) {
                        (Some(p), _) => Some(crate::authoring::yaml_scalar(&p.value)),
                        (None, Some(o)) => Some(format!(
                            "{{url: {}}}",
                            crate::authoring::yaml_scalar(&o.url.value)
                        )),
                        (None, None) => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    Carried {
        id: rec.id.clone(),
        title: a.title.clone(),
        owner: a.owner.as_ref().map(|o| o.value.clone()),
        status,
        due,
        overdue: !status.is_closed() && due.is_some_and(|d| d < date),
        evidence,
        reason,
    }
}

/// Who is asked to attend.
struct Attendance {
    chair: Option<String>,
    secretary: Option<String>,
    attendees: Vec<String>,
}

/// The chair (the previous review's chair when they are top management and
/// still here, else a top-management person present at it, else the first
/// in people.yaml), the secretary of the previous review, the quorum.
fn attendance(
    site: &Site,
    previous: Option<&Document>,
    date: Date,
    notes: &mut Vec<String>,
) -> Attendance {
    let here = |id: &str| {
        site.person(id)
            .filter(|p| p.left.is_none_or(|l| l >= date))
            .map(|p| p.id.clone())
    };
    let top = |id: &str| {
        site.person(id)
            .filter(|p| p.top_management && p.left.is_none_or(|l| l >= date))
            .map(|p| p.id.clone())
    };
    let prev = previous.and_then(|d| d.review.as_ref());
    let chair = prev
        .and_then(|r| r.chair.as_ref())
        .and_then(|c| top(&c.value))
        .or_else(|| prev.and_then(|r| r.present().into_iter().find_map(|p| top(&p.value))))
        .or_else(|| site.people.values().find_map(|p| top(&p.id)));
    let chair = match chair {
        Some(c) => Some(c),
        None => {
            let any = site.people.values().find_map(|p| here(&p.id));
            notes.push(match &any {
                Some(p) => format!(
                    "no current top-management person in content/people.yaml: `{p}` is put in the chair; mark top management with `top_management: true` (MB023)"
                ),
                None => "content/people.yaml lists nobody: add the chair and the attendees (MB023)".to_string(),
            });
            any
        }
    };
    let secretary = prev
        .and_then(|r| r.secretary.as_ref())
        .and_then(|s| here(&s.value))
        .filter(|s| Some(s) != chair.as_ref());
    let mut attendees: Vec<String> = Vec::new();
    let add = |id: String, list: &mut Vec<String>| {
        if !list.iter().any(|x| x.eq_ignore_ascii_case(&id)) {
            list.push(id);
        }
    };
    if let Some(c) = &chair {
        add(c.clone(), &mut attendees);
    }
    for q in &site.config.quorum.people {
        match here(&q.value) {
            Some(p) => add(p, &mut attendees),
            None => notes.push(format!(
                "quorum member `{}` is not a current person in content/people.yaml (MB010, MB024)",
                q.value
            )),
        }
    }
    // Enough top management for the quorum: first those at the previous review.
    let needed = site.config.quorum.top_management as usize;
    let candidates: Vec<String> = prev
        .map(|r| {
            r.present()
                .into_iter()
                .filter_map(|p| top(&p.value))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .chain(site.people.values().filter_map(|p| top(&p.id)))
        .collect();
    for c in candidates {
        let have = attendees
            .iter()
            .chain(secretary.iter())
            .filter(|a| site.person(a).is_some_and(|p| p.top_management))
            .count();
        if have >= needed {
            break;
        }
        add(c, &mut attendees);
    }
    Attendance {
        chair,
        secretary,
        attendees,
    }
}

fn render(
    site: &Site,
    id: &str,
    date: Date,
    who: &Attendance,
    sections: &[AgendaSection],
    carried: &[Carried],
    previous: Option<&str>,
) -> String {
    let (year, month, _) = date.ymd();
    let mut s = String::from("---\n");
    let _ = writeln!(s, "id: {}", yaml_scalar(id));
    let _ = writeln!(
        s,
        "title: {}",
        yaml_scalar(&format!("{} {year} management review", month_name(month)))
    );
    let _ = writeln!(s, "date: {date}");
    s.push_str(
        "kind: scheduled              # scheduled | extraordinary (which also needs `trigger:`)\n",
    );
    match &who.chair {
        Some(c) => {
            let _ = writeln!(s, "chair: {}", yaml_scalar(c));
        }
        None => s.push_str("chair:                       # a person id from content/people.yaml\n"),
    }
    if let Some(sec) = &who.secretary {
        let _ = writeln!(s, "secretary: {}", yaml_scalar(sec));
    }
    let attendees: Vec<String> = who.attendees.iter().map(|a| yaml_scalar(a)).collect();
    let _ = writeln!(
        s,
        "attendees: [{}]   # add everyone present",
        attendees.join(", ")
    );
    s.push_str("apologies: []                # people who sent apologies\n");
    if sections.is_empty() {
        s.push_str(
            "covers: {}                   # the site's frameworks require no review input\n",
        );
    } else {
        s.push_str("covers:                      # each required review input -> the heading anchor below\n");
        for sec in sections {
            for c in &sec.covers {
                let _ = writeln!(s, "  {}: {}", yaml_scalar(c), yaml_scalar(&sec.anchor));
            }
        }
        s.push_str(&no_change_hint(sections));
    }
    s.push_str(
        "decisions: []                # 9.3.3: - {id: D-…, text: …, refs: [9.3.3]}\n\
         actions: []                  # raised here: - {id: A-…, title: …, owner: …, due: YYYY-MM-DD}\n",
    );
    if carried.is_empty() {
        s.push_str(
            "updates: []                  # status of earlier actions (9.3.2 a): none to report\n",
        );
    } else {
        match previous {
            Some(p) => {
                let _ = writeln!(
                    s,
                    "updates:                     # 9.3.2 a): actions raised since {p} or still open; status: open | in-progress | done | cancelled"
                );
            }
            None => s.push_str(
                "updates:                     # 9.3.2 a): actions still open; status: open | in-progress | done | cancelled\n",
            ),
        }
        for c in carried {
            let mut about = c.title.clone();
            if let Some(o) = &c.owner {
                let _ = write!(about, " (owner {o}");
                if c.overdue
                    && let Some(d) = c.due
                {
                    let _ = write!(about, ", overdue since {d}");
                }
                about.push(')');
            }
            let _ = writeln!(
                s,
                "  - action: {}   # {}",
                yaml_scalar(&c.id),
                comment_text(&about)
            );
            let _ = writeln!(s, "    status: {}", c.status.as_str());
            if !c.status.is_closed()
                && let Some(d) = c.due
            {
                let _ = writeln!(
                    s,
                    "    due: {d}   # re-plan here if it moved: the slip stays on record"
                );
            }
            if !c.evidence.is_empty() {
                let _ = writeln!(s, "    evidence: [{}]", c.evidence.join(", "));
            }
        }
    }
    let defined: Vec<(&String, &crate::model::config::MetricDef)> =
        site.config.metrics.iter().collect();
    if !defined.is_empty() {
        s.push_str("# metrics:                   # measurements reported at this review\n");
        for (m, def) in defined {
            let unit = if def.unit.is_empty() {
                String::new()
            } else {
                format!(" ({})", def.unit)
            };
            let _ = writeln!(
                s,
                "#   {m}:   # {}",
                comment_text(&format!("{}{unit}", def.title))
            );
        }
    }
    s.push_str("# evidence: [{path: evidence/…, title: …, refs: […]}]\n");
    s.push_str("---\n");
    for sec in sections {
        let _ = writeln!(
            s,
            "## {} {{#{}}}\n\n{}\n",
            sec.title, sec.anchor, sec.prompt
        );
        let first_input = sec.items.first().map(|i| i.item.as_str());
        if first_input == Some("9.3.2.a") && !carried.is_empty() {
            for c in carried {
                let due = c.due.map(|d| format!(", due {d}")).unwrap_or_default();
                let late = if c.overdue { ", overdue" } else { "" };
                let _ = writeln!(
                    s,
                    "- {}: {} ({}{due}{late})",
                    c.id,
                    comment_text(&c.title),
                    c.status.as_str()
                );
            }
            s.push('\n');
        }
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}
