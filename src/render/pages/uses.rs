//! Everything that cites one clause or control, gathered once per build.
//!
//! A clause cited by every review has one page per year of history (190 at
//! 10,000 weekly reviews), and each of those pages, and the list of pages
//! itself, needs the same list of uses with their years. Gathering it per
//! page made the clause pages a quarter of a large build (the list sorted,
//! de-duplicated and dated again for every year page); gathered once, a year
//! page only filters it.

use crate::derive::Index;
use crate::derive::refs::Use;
use crate::model::Site;
use crate::model::catalog::ItemRef;
use std::collections::HashMap;

/// The uses of one item and of the earlier-edition items mapped to it.
pub(crate) struct ItemUses<'a> {
    /// The items of earlier editions that became this one (2013's A.8.1.1
    /// and A.8.1.2 for 2022's A.5.9), each with what cites it.
    pub earlier: Vec<(ItemRef, &'a [Use])>,
    /// Every use, each with how it was cited (None: as this item; else the
    /// position in `earlier`) and the year of the document it is in, in
    /// document order when earlier editions count.
    pub uses: Vec<(&'a Use, Option<usize>, i32)>,
    /// The years of the uses, newest first, when the item's page is split
    /// (more than `limit` uses); empty when it is one page.
    pub split_years: Vec<i32>,
    /// How many of every year: the counts at the top of each of its pages.
    pub counts: UseCounts,
    /// The positions in `uses` of each year's uses: a year page
    /// takes its own instead of passing over every use of every year (a
    /// clause cited 20,000 times over 192 years has 192 year pages).
    pub by_year: HashMap<i32, Vec<usize>>,
}

impl ItemUses<'_> {
    /// The positions in `uses` of the uses in `year`, in order.
    pub(crate) fn in_year(&self, year: i32) -> &[usize] {
        self.by_year.get(&year).map_or(&[], Vec::as_slice)
    }
}

/// The counts of an item's references over its whole history.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct UseCounts {
    /// Review sections that cover it.
    pub sections: usize,
    /// Decisions that reference it.
    pub decisions: usize,
    /// Distinct actions (by id) that reference it.
    pub actions: usize,
    /// Distinct evidence files that reference it.
    pub evidence: usize,
    /// Nonconformities that cite it.
    pub nonconformities: usize,
}

/// Gathers the uses of `r`; `limit` is the number of uses above which its
/// page splits by year.
pub(crate) fn gather<'a>(
    site: &'a Site,
    index: &'a Index,
    r: &ItemRef,
    limit: usize,
) -> ItemUses<'a> {
    let by_item = &index.references.by_item;
    let earlier: Vec<(ItemRef, &[Use])> = site
        .catalogs
        .mapped_from(r)
        .into_iter()
        .filter_map(|e| {
            let uses = by_item
                .get(&e)
                .map(Vec::as_slice)
                .filter(|u| !u.is_empty())?;
            Some((e, uses))
        })
        .collect();
    let year = |u: &Use| site.documents.get(u.doc()).map_or(0, |d| d.date.year());
    let own = by_item.get(r).map(Vec::as_slice).unwrap_or_default();
    let mut uses: Vec<(&Use, Option<usize>, i32)> =
        own.iter().map(|u| (u, None, year(u))).collect();
    for (k, (_, list)) in earlier.iter().enumerate() {
        uses.extend(list.iter().map(|u| (u, Some(k), year(u))));
    }
    if !earlier.is_empty() {
        // Document order across editions, so the trail reads in time.
        uses.sort_by_key(|(u, _, _)| u.doc());
        // A place citing both editions is listed once, as this item's.
        let mut seen = std::collections::HashSet::new();
        uses.retain(|(u, _, _)| seen.insert(*u));
    }
    let mut by_year: HashMap<i32, Vec<usize>> = HashMap::new();
    for (i, &(_, _, y)) in uses.iter().enumerate() {
        by_year.entry(y).or_default().push(i);
    }
    let split_years = if uses.len() > limit {
        super::split::years(by_year.keys().copied())
    } else {
        Vec::new()
    };
    let counts = count(site, &uses);
    ItemUses {
        earlier,
        uses,
        split_years,
        counts,
        by_year,
    }
}

fn count(site: &Site, uses: &[(&Use, Option<usize>, i32)]) -> UseCounts {
    let mut c = UseCounts::default();
    let mut actions: Vec<&str> = Vec::new();
    let mut evidence: Vec<&str> = Vec::new();
    for (u, _, _) in uses {
        match u {
            Use::Section(..) => c.sections += 1,
            Use::Decision(..) => c.decisions += 1,
            Use::Action(d, i) => {
                if let Some(a) = site.documents.get(*d).and_then(|doc| doc.actions.get(*i)) {
                    actions.push(a.id.value.as_str());
                }
            }
            Use::Evidence(rel, _) => evidence.push(rel.as_str()),
            Use::Finding(..) => c.nonconformities += 1,
        }
    }
    for list in [&mut actions, &mut evidence] {
        list.sort_unstable();
        list.dedup();
    }
    c.actions = actions.len();
    c.evidence = evidence.len();
    c
}
