//! The people index and each person's attendance and actions.

use super::common::Ctx;
use super::split;
use crate::model::Person;
use crate::render::tables::{self, ActionTable};
use crate::render::views::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Attendance and owned/supported actions of everyone, gathered in one pass.
pub struct PeopleIndex {
    attendance: HashMap<String, Vec<AttendanceRow>>,
    owned: HashMap<String, Vec<usize>>,
    supporting: HashMap<String, Vec<usize>>,
    /// Decisions owned: (document, position in its decisions).
    decisions: HashMap<String, Vec<(usize, usize)>>,
    /// The years of each split person page (see [`split_years`]), found
    /// once: every year page of a person needs them.
    years: HashMap<String, Vec<i32>>,
}

/// Builds the per-person lists once for all person pages.
pub fn index(ctx: &Ctx<'_>) -> PeopleIndex {
    let mut attendance: HashMap<String, Vec<AttendanceRow>> = HashMap::new();
    for (i, d) in ctx.site.documents.iter().enumerate() {
        let Some(r) = &d.review else { continue };
        let mut seen: Vec<String> = Vec::new();
        let mut add = |id: &str, role: &str, present: bool| {
            let key = id.to_ascii_lowercase();
            if seen.contains(&key) {
                return;
            }
            seen.push(key.clone());
            attendance.entry(key).or_default().push(AttendanceRow {
                review: ctx.doc_link(i),
                date: d.date.to_string(),
                role: role.into(),
                present,
            });
        };
        if let Some(c) = &r.chair {
            add(&c.value, "Chair", true);
        }
        if let Some(s) = &r.secretary {
            add(&s.value, "Secretary", true);
        }
        for a in &r.attendees {
            add(&a.value, "Attendee", true);
        }
        for a in &r.apologies {
            add(&a.value, "Apologies", false);
        }
    }
    let mut owned: HashMap<String, Vec<usize>> = HashMap::new();
    let mut supporting: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, rec) in ctx.index.actions.iter().enumerate() {
        let a = rec.action(ctx.site);
        if let Some(o) = &a.owner {
            owned
                .entry(o.value.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
        for s in &a.support {
            supporting
                .entry(s.value.to_ascii_lowercase())
                .or_default()
                .push(i);
        }
    }
    let mut decisions: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (di, d) in ctx.site.documents.iter().enumerate() {
        for (xi, x) in d.review.iter().flat_map(|r| r.decisions.iter()).enumerate() {
            if let Some(o) = &x.owner {
                decisions
                    .entry(o.value.to_ascii_lowercase())
                    .or_default()
                    .push((di, xi));
            }
        }
    }
    let mut idx = PeopleIndex {
        attendance,
        owned,
        supporting,
        decisions,
        years: HashMap::new(),
    };
    let keys: std::collections::BTreeSet<&String> = idx
        .attendance
        .keys()
        .chain(idx.owned.keys())
        .chain(idx.supporting.keys())
        .chain(idx.decisions.keys())
        .collect();
    let years: HashMap<String, Vec<i32>> = keys
        .into_iter()
        .map(|k| (k.clone(), years_of(ctx, &idx, k)))
        .filter(|(_, y)| !y.is_empty())
        .collect();
    idx.years = years;
    idx
}

/// Everyone with a summary.
pub(crate) fn list(ctx: &Ctx<'_>, idx: &PeopleIndex) -> PeopleView {
    PeopleView {
        people: ctx
            .site
            .people
            .values()
            .map(|p| {
                let key = p.id.to_ascii_lowercase();
                PersonSummary {
                    person: ctx.person(&p.id),
                    top_management: p.top_management,
                    left: p.left.map(|d| d.to_string()).unwrap_or_default(),
                    attended: idx
                        .attendance
                        .get(&key)
                        .map_or(0, |v| v.iter().filter(|a| a.present).count()),
                    open_actions: idx.owned.get(&key).map_or(0, |v| {
                        v.iter()
                            .filter(|&&i| !ctx.index.actions[i].status.is_closed())
                            .count()
                    }),
                }
            })
            .collect(),
    }
}

/// The year of an attendance row (its review's date, `YYYY-MM-DD`).
fn attendance_year(a: &AttendanceRow) -> i32 {
    a.date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// The year an action was raised in.
fn action_year(ctx: &Ctx<'_>, i: usize) -> i32 {
    ctx.action_year(i)
}

/// The years of a person's rows, newest first, when the page is split
/// (more than [`split::PAGE_ROWS`] attendances, actions and decisions);
/// none when it is one page.
pub(crate) fn split_years(idx: &PeopleIndex, id: &str) -> Vec<i32> {
    idx.years
        .get(&id.to_ascii_lowercase())
        .cloned()
        .unwrap_or_default()
}

/// [`split_years`] of the person whose lowercased id is `key`.
fn years_of(ctx: &Ctx<'_>, idx: &PeopleIndex, key: &str) -> Vec<i32> {
    let attendance = idx
        .attendance
        .get(key)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let owned = idx.owned.get(key).map(Vec::as_slice).unwrap_or_default();
    let supporting = idx
        .supporting
        .get(key)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let decisions = idx
        .decisions
        .get(key)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let rows = attendance.len() + owned.len() + supporting.len() + decisions.len();
    if rows <= split::PAGE_ROWS {
        return Vec::new();
    }
    split::years(
        attendance
            .iter()
            .map(attendance_year)
            .chain(owned.iter().chain(supporting).map(|&i| action_year(ctx, i)))
            .chain(
                decisions
                    .iter()
                    .map(|&(d, _)| ctx.site.documents[d].date.year()),
            ),
    )
}

/// One person's page. Above [`split::PAGE_ROWS`] rows the page (`year`
/// None) shows the latest year and every open action of the person, and a
/// page per year (`people/<id>/<year>/`) that year's.
pub(crate) fn person(
    ctx: &Ctx<'_>,
    idx: &PeopleIndex,
    p: &Person,
    root: &str,
    year: Option<i32>,
) -> PersonView {
    let key = p.id.to_ascii_lowercase();
    let years = split_years(idx, &p.id);
    let part = if years.is_empty() {
        split::Part::All
    } else {
        split::part(usize::MAX, split::PAGE_ROWS, &years, year)
    };
    let on_page = |i: usize| {
        part.has_year(action_year(ctx, i))
            || (matches!(part, split::Part::Latest(_)) && !ctx.index.actions[i].status.is_closed())
    };
    let rows = |m: &HashMap<String, Vec<usize>>| -> Vec<Arc<ActionRow>> {
        m.get(&key)
            .map(|v| {
                v.iter()
                    .filter(|&&i| on_page(i))
                    .map(|&i| ctx.action_row(&ctx.index.actions[i]))
                    .collect()
            })
            .unwrap_or_default()
    };
    let person = ctx.person(&p.id);
    let owned_caption = format!("Actions owned by {}", person.name);
    let supported_caption = format!("Actions {} supports", person.name);
    let mut attendance: Vec<AttendanceRow> = idx
        .attendance
        .get(&key)
        .into_iter()
        .flatten()
        .filter(|a| part.has_year(attendance_year(a)))
        .cloned()
        .collect();
    attendance.reverse();
    let decisions: Vec<DecisionView> = idx
        .decisions
        .get(&key)
        .into_iter()
        .flatten()
        .rev()
        .filter(|&&(d, _)| part.has_year(ctx.site.documents[d].date.year()))
        .filter_map(|&(d, x)| ctx.decision(d, x))
        .collect();
    let entry = crate::render::urls::person_href(&p.id);
    let part_note = match part {
        split::Part::All => String::new(),
        split::Part::Latest(y) => format!(
            "This page shows {y}, the latest year, and every open action {} owns or supports; earlier years are on the page of their year.",
            person.name
        ),
        split::Part::Year(y) => format!("This page shows {y}."),
    };
    PersonView {
        pager: split::year_pager(
            root,
            part,
            &entry,
            &years,
            |y| split::year_href(&entry, y),
            "By year",
        ),
        part_note,
        decision_count: decisions.len(),
        decisions: tables::decisions(root, &decisions, true, "Owns no decision.", ""),
        top_management: p.top_management,
        left: p.left.map(|d| d.to_string()).unwrap_or_default(),
        attendance_rows: tables::attendance_rows(root, &attendance),
        actions: tables::actions(
            root,
            &rows(&idx.owned),
            &ActionTable {
                show_owner: false,
                ..ActionTable::new("owned-actions", &owned_caption, "Owns no action.")
            },
        ),
        supporting: tables::actions(
            root,
            &rows(&idx.supporting),
            &ActionTable::new(
                "supported-actions",
                &supported_caption,
                "Supports no action.",
            ),
        ),
        person,
    }
}
