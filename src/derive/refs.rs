//! Who references what: for each clause or control, the sections, decisions,
//! actions and evidence files that cite it; for each evidence file, the
//! documents that attach it. Built once so clause and evidence pages are
//! lookups, not scans.

use crate::catalog::ItemRef;
use crate::evidence::resolve::PathProblem;
use crate::model::Site;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One place that references a catalog item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    /// A covered section: document and heading anchor.
    Section(usize, String),
    /// A decision: document and position in its decisions.
    Decision(usize, usize),
    /// An action: document and position in its actions.
    Action(usize, usize),
    /// An evidence file (path relative to content/), attached in a document.
    Evidence(String, usize),
}

impl Use {
    /// The document it is in.
    pub fn doc(&self) -> usize {
        match self {
            Use::Section(d, _) | Use::Decision(d, _) | Use::Action(d, _) | Use::Evidence(_, d) => {
                *d
            }
        }
    }
}

/// One attachment of an evidence file to a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Attachment {
    /// The document.
    pub doc: usize,
    /// Title given there.
    pub title: Option<String>,
    /// References given there, as written.
    pub refs: Vec<String>,
}

/// Reference and attachment indexes.
#[derive(Clone, Debug, Default)]
pub struct References {
    /// Catalog item -> its uses, in document order.
    pub by_item: BTreeMap<ItemRef, Vec<Use>>,
    /// Evidence path (relative to content/) -> attachments.
    pub evidence: BTreeMap<String, Vec<Attachment>>,
    /// Every evidence path as written in a document -> its path relative to
    /// content/ ([`crate::evidence::resolve::resolve`], taken once per path).
    pub resolved: HashMap<String, Result<String, PathProblem>>,
}

impl References {
    /// An evidence path as written, resolved (from the index when a document wrote it).
    pub fn resolve(&self, content: &Path, written: &str) -> Result<String, PathProblem> {
        match self.resolved.get(written) {
            Some(r) => r.clone(),
            None => crate::evidence::resolve::resolve(content, written).map(|x| x.rel),
        }
    }
}

/// The uses of each catalog item as they are found. A few hundred
/// references are written some 200,000 times in a large site: each spelling
/// is resolved once, and a use goes straight to its item's list.
#[derive(Default)]
struct ByItem {
    /// A written reference -> its item's place in `lists` (None: unknown).
    spelled: HashMap<String, Option<usize>>,
    /// An item -> its place in `lists`.
    places: HashMap<ItemRef, usize>,
    lists: Vec<(ItemRef, Vec<Use>)>,
}

impl ByItem {
    fn add(&mut self, reference: &str, u: Use, resolve: impl FnOnce(&str) -> Option<ItemRef>) {
        let place = match self.spelled.get(reference) {
            Some(p) => *p,
            None => {
                let p = resolve(reference).map(|item| {
                    *self.places.entry(item.clone()).or_insert_with(|| {
                        self.lists.push((item, Vec::new()));
                        self.lists.len() - 1
                    })
                });
                self.spelled.insert(reference.to_string(), p);
                p
            }
        };
        let Some(list) = place.and_then(|p| self.lists.get_mut(p)) else {
            return;
        };
        let list = &mut list.1;
        // Documents are visited in order, so a duplicate can only be
        // among the last entries, those of the same document.
        let doc = u.doc();
        if !list
            .iter()
            .rev()
            .take_while(|x| x.doc() == doc)
            .any(|x| *x == u)
        {
            list.push(u);
        }
    }

    fn into_map(self) -> BTreeMap<ItemRef, Vec<Use>> {
        self.lists.into_iter().collect()
    }
}

/// Builds the indexes; unknown references are skipped (they are MB027).
pub fn build(site: &Site) -> References {
    let frameworks = site.config.framework_ids();
    let mut r = References::default();
    let content = site.root.join("content");
    let mut uses = ByItem::default();
    let mut add = |reference: &str, u: Use| {
        uses.add(reference, u, |written| {
            site.catalogs.resolve(written, &frameworks).ok()
        });
    };
    for (di, d) in site.documents.iter().enumerate() {
        if let Some(rv) = &d.review {
            for c in &rv.covers {
                add(&c.reference.value, Use::Section(di, c.anchor.value.clone()));
            }
            for (i, dec) in rv.decisions.iter().enumerate() {
                for x in &dec.refs {
                    add(&x.value, Use::Decision(di, i));
                }
            }
        }
        for (i, a) in d.actions.iter().enumerate() {
            for x in &a.refs {
                add(&x.value, Use::Action(di, i));
            }
        }
        for e in d
            .evidence
            .iter()
            .chain(d.updates.iter().flat_map(|u| &u.evidence))
        {
            let rel = r
                .resolved
                .entry(e.path.value.clone())
                .or_insert_with(|| {
                    // A file the inventory already resolved (under the same
                    // normalised path) needs no second look at the disk.
                    let known = crate::evidence::resolve::normalised(&e.path.value)
                        .ok()
                        .filter(|rel| {
                            site.evidence
                                .file(rel)
                                .is_some_and(|f| f.problem.is_none() && f.real.is_some())
                        });
                    match known {
                        Some(rel) => Ok(rel),
                        None => crate::evidence::resolve::resolve(&content, &e.path.value)
                            .map(|x| x.rel),
                    }
                })
                .clone()
                .unwrap_or_else(|_| e.path.value.clone());
            for x in &e.refs {
                add(&x.value, Use::Evidence(rel.clone(), di));
            }
            let list = r.evidence.entry(rel).or_default();
            if let Some(existing) = list.iter_mut().find(|a| a.doc == di) {
                if existing.title.is_none() {
                    existing.title = e.title.clone();
                }
                existing.refs.extend(e.refs.iter().map(|x| x.value.clone()));
            } else {
                list.push(Attachment {
                    doc: di,
                    title: e.title.clone(),
                    refs: e.refs.iter().map(|x| x.value.clone()).collect(),
                });
            }
        }
    }
    r.by_item = uses.into_map();
    r
}
