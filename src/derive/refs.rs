//! Who references what: for each clause or control, the sections, decisions,
//! actions and evidence files that cite it; for each evidence file, the
//! documents that attach it. Built once so clause and evidence pages are
//! lookups, not scans.

use crate::model::catalog::ItemRef;
use crate::model::evidence::PathProblem;
use crate::model::{Document, EvidenceRef, Site, Spanned};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One place that references a catalog item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Use {
    /// A covered section: document and heading anchor.
    Section(usize, String),
    /// A decision: document and position in its decisions.
    Decision(usize, usize),
    /// An action: document and position in its actions.
    Action(usize, usize),
    /// An evidence file (path relative to content/), attached in a document.
    Evidence(String, usize),
    /// A finding of an audit or incident record: document and position in
    /// its findings.
    Finding(usize, usize),
}

impl Use {
    /// The document it is in.
    pub(crate) fn doc(&self) -> usize {
        match self {
            Use::Section(d, _)
            | Use::Decision(d, _)
            | Use::Action(d, _)
            | Use::Evidence(_, d)
            | Use::Finding(d, _) => *d,
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

/// Who refers to which clause, control and evidence file, so a clause page
/// can list its evidence and a file the documents that rely on it.
#[derive(Clone, Debug, Default)]
pub struct References {
    /// Catalog item -> its uses, in document order.
    pub by_item: BTreeMap<ItemRef, Vec<Use>>,
    /// Evidence path (relative to content/), or the URL of outside
    /// evidence, -> attachments.
    pub evidence: BTreeMap<String, Vec<Attachment>>,
    /// Outside evidence (`url:`) by its URL as written, as its latest
    /// citation records it (digest and retrieval date): never fetched.
    pub outside: BTreeMap<String, crate::model::OutsideEvidence>,
    /// Every evidence path as written in a document -> its path relative to
    /// content/ ([`crate::load::evidence::resolve::resolve`], taken once per path).
    pub resolved: HashMap<String, Result<String, PathProblem>>,
    /// The framework lists documents are read against (the format dated
    /// frameworks): context 0 is the site's current frameworks, then one per
    /// other list in force on some document's date, in document order.
    pub contexts: Vec<Vec<String>>,
    /// Document position -> its context (the frameworks in force on its date).
    pub doc_context: Vec<usize>,
    /// Per context: every catalog reference written in a document of that
    /// context -> the item it names (None: unknown, MB027). A few hundred
    /// spellings are written some 200,000 times in a large site: each is
    /// resolved here once per context, and the checks, the indexes and the
    /// pages look it up ([`References::item_in`]).
    pub spellings: Vec<HashMap<String, Option<ItemRef>>>,
}

impl References {
    /// An evidence path as written, resolved (from the index when a document wrote it).
    pub(crate) fn resolve<'r>(
        &'r self,
        content: &Path,
        written: &str,
    ) -> Result<Cow<'r, str>, PathProblem> {
        match self.resolved.get(written) {
            Some(Ok(rel)) => Ok(Cow::Borrowed(rel)),
            Some(Err(problem)) => Err(problem.clone()),
            None => {
                crate::load::evidence::resolve::resolve(content, written).map(|x| Cow::Owned(x.rel))
            }
        }
    }

    /// The catalog item a reference as written names in the site's current
    /// frameworks (a catalog's own mappings, pages about no one document).
    pub(crate) fn item<'r>(&'r self, site: &Site, written: &str) -> Option<Cow<'r, ItemRef>> {
        self.item_of_context(site, 0, written)
    }

    /// The catalog item a reference written in document `doc` names: read
    /// against the frameworks in force on the document's date.
    pub(crate) fn item_in<'r>(
        &'r self,
        site: &Site,
        doc: usize,
        written: &str,
    ) -> Option<Cow<'r, ItemRef>> {
        self.item_of_context(site, self.context_of(doc), written)
    }

    /// The context document `doc` is read in (0 when unknown).
    pub(crate) fn context_of(&self, doc: usize) -> usize {
        self.doc_context.get(doc).copied().unwrap_or(0)
    }

    /// The frameworks in force for document `doc`, in list order.
    pub(crate) fn frameworks_of<'r>(&'r self, site: &Site, doc: usize) -> Cow<'r, [String]> {
        match self.contexts.get(self.context_of(doc)) {
            Some(list) => Cow::Borrowed(list.as_slice()),
            None => Cow::Owned(site.config.framework_ids()),
        }
    }

    fn item_of_context<'r>(
        &'r self,
        site: &Site,
        context: usize,
        written: &str,
    ) -> Option<Cow<'r, ItemRef>> {
        match self.spellings.get(context).and_then(|m| m.get(written)) {
            Some(item) => item.as_ref().map(Cow::Borrowed),
            None => {
                let frameworks = match self.contexts.get(context) {
                    Some(list) => Cow::Borrowed(list.as_slice()),
                    None => Cow::Owned(site.config.framework_ids()),
                };
                site.catalogs
                    .resolve(written, &frameworks)
                    .ok()
                    .map(Cow::Owned)
            }
        }
    }

    /// The path the indexes file an evidence path as written under (see
    /// [`References::evidence`]), when a document wrote it: no disk access.
    pub(crate) fn key_of<'r>(&'r self, written: &'r str) -> Option<&'r str> {
        self.resolved.get(written).map(|r| filed_under(r, written))
    }
}

/// Builds the indexes; unknown references are skipped (they are MB027).
/// Evidence paths are resolved first (on every thread); then the uses of
/// catalog items and the attachments of evidence files are gathered side by
/// side (one pass over 10,000 reviews was 0.1 s alone on one thread).
pub(crate) fn build(site: &Site) -> References {
    let (contexts, doc_context) = contexts(site);
    let (resolved, spellings) = rayon::join(
        || resolve_evidence_paths(site),
        || resolve_spellings(site, &contexts, &doc_context),
    );
    let (by_item, (evidence, outside)) = rayon::join(
        || item_uses(site, &resolved, &spellings, &doc_context),
        || attachments(site, &resolved),
    );
    References {
        by_item,
        evidence,
        outside,
        resolved,
        contexts,
        doc_context,
        spellings,
    }
}

/// The distinct framework lists in force on the documents' dates (the
/// current one first), and each document's.
fn contexts(site: &Site) -> (Vec<Vec<String>>, Vec<usize>) {
    let mut contexts = vec![site.config.framework_ids()];
    let mut by_date: HashMap<crate::date::Date, usize> = HashMap::new();
    let doc_context = site
        .documents
        .iter()
        .map(|d| {
            *by_date.entry(d.date).or_insert_with(|| {
                let list = site.config.frameworks_on(Some(d.date));
                match contexts.iter().position(|c| *c == list) {
                    Some(k) => k,
                    None => {
                        contexts.push(list);
                        contexts.len() - 1
                    }
                }
            })
        })
        .collect();
    (contexts, doc_context)
}

/// Every catalog reference written in a document, with the document's
/// position and path.
pub(crate) fn written_references_by_document(site: &Site) -> Vec<(usize, &str, &Spanned<String>)> {
    let mut out = Vec::new();
    for (i, d) in site.documents.iter().enumerate() {
        let mut out = Adder(&mut out, i);
        let p = d.path.as_str();
        if let Some(r) = &d.review {
            out.extend(r.covers.iter().map(|c| (p, &c.reference)));
            out.extend(r.decisions.iter().flat_map(|x| &x.refs).map(|x| (p, x)));
        }
        out.extend(d.actions.iter().flat_map(|a| &a.refs).map(|x| (p, x)));
        out.extend(d.findings.iter().flat_map(|f| &f.refs).map(|x| (p, x)));
        out.extend(evidence_of(d).flat_map(|e| &e.refs).map(|x| (p, x)));
    }
    out
}

/// Collects `(path, reference)` pairs as `(doc, path, reference)`.
struct Adder<'v, 'a>(&'v mut Vec<(usize, &'a str, &'a Spanned<String>)>, usize);

impl<'a> Adder<'_, 'a> {
    fn extend(&mut self, items: impl IntoIterator<Item = (&'a str, &'a Spanned<String>)>) {
        let doc = self.1;
        self.0.extend(items.into_iter().map(|(p, r)| (doc, p, r)));
    }
}

/// [`References::spellings`]: each spelling resolved once per context.
fn resolve_spellings(
    site: &Site,
    contexts: &[Vec<String>],
    doc_context: &[usize],
) -> Vec<HashMap<String, Option<ItemRef>>> {
    let mut spellings: Vec<HashMap<String, Option<ItemRef>>> =
        contexts.iter().map(|_| HashMap::new()).collect();
    for (doc, _, written) in written_references_by_document(site) {
        let k = doc_context.get(doc).copied().unwrap_or(0);
        let (Some(map), Some(frameworks)) = (spellings.get_mut(k), contexts.get(k)) else {
            continue;
        };
        if !map.contains_key(&written.value) {
            let item = site.catalogs.resolve(&written.value, frameworks).ok();
            map.insert(written.value.clone(), item);
        }
    }
    spellings
}

/// The evidence a document attaches, its own and its updates'.
fn evidence_of(d: &Document) -> impl Iterator<Item = &EvidenceRef> {
    d.evidence
        .iter()
        .chain(d.updates.iter().flat_map(|u| &u.evidence))
}

/// Every evidence path as written, resolved once.
fn resolve_evidence_paths(site: &Site) -> HashMap<String, Result<String, PathProblem>> {
    use rayon::prelude::*;
    let content = site.root.join("content");
    let written: std::collections::HashSet<&str> = site
        .documents
        .iter()
        .flat_map(|d| evidence_of(d))
        .filter_map(|e| e.path.as_ref().map(|p| p.value.as_str()))
        .collect();
    let written: Vec<&str> = written.into_iter().collect();
    written
        .par_iter()
        .with_max_len(256)
        .map(|&path| {
            // A file the inventory already resolved (under the same
            // normalised path) needs no second look at the disk.
            let known = crate::load::evidence::resolve::normalised(path)
                .ok()
                .filter(|rel| {
                    site.evidence
                        .file(rel)
                        .is_some_and(|f| f.problem.is_none() && f.real.is_some())
                });
            let rel = match known {
                Some(rel) => Ok(rel),
                None => crate::load::evidence::resolve::resolve(&content, path).map(|x| x.rel),
            };
            (path.to_string(), rel)
        })
        .collect()
}

/// An evidence path as written, as the indexes key it: resolved, or as
/// written when it does not resolve.
fn rel_of<'r>(
    resolved: &'r HashMap<String, Result<String, PathProblem>>,
    written: &'r str,
) -> &'r str {
    resolved
        .get(written)
        .map_or(written, |r| filed_under(r, written))
}

/// The key an evidence entry is filed under: its path (see [`rel_of`]), or
/// the URL as written for outside evidence (a URL is never a path under
/// content/, so the two never meet).
fn key_of_entry<'r>(
    resolved: &'r HashMap<String, Result<String, PathProblem>>,
    e: &'r EvidenceRef,
) -> &'r str {
    match (&e.path, &e.outside) {
        (Some(p), _) => rel_of(resolved, &p.value),
        (None, Some(o)) => &o.url.value,
        (None, None) => "",
    }
}

/// The key of a path as written, given how it resolved.
fn filed_under<'r>(resolved: &'r Result<String, PathProblem>, written: &'r str) -> &'r str {
    match resolved {
        Ok(rel) => rel,
        Err(_) => written,
    }
}

/// Catalog item -> its uses, in document order. Every spelling of an item
/// is given the item's list once, so a use goes straight to it.
fn item_uses(
    site: &Site,
    resolved: &HashMap<String, Result<String, PathProblem>>,
    spellings: &[HashMap<String, Option<ItemRef>>],
    doc_context: &[usize],
) -> BTreeMap<ItemRef, Vec<Use>> {
    let mut lists: Vec<(&ItemRef, Vec<Use>)> = Vec::new();
    let mut place_of_item: HashMap<&ItemRef, usize> = HashMap::new();
    let mut place_of: Vec<HashMap<&str, usize>> =
        spellings.iter().map(|_| HashMap::new()).collect();
    for (k, map) in spellings.iter().enumerate() {
        for (written, item) in map {
            if let Some(item) = item {
                let place = *place_of_item.entry(item).or_insert_with(|| {
                    lists.push((item, Vec::new()));
                    lists.len() - 1
                });
                if let Some(places) = place_of.get_mut(k) {
                    places.insert(written, place);
                }
            }
        }
    }
    let mut add = |reference: &str, u: Use| {
        let k = doc_context.get(u.doc()).copied().unwrap_or(0);
        // Unknown references are skipped (they are MB027).
        let Some(list) = place_of
            .get(k)
            .and_then(|m| m.get(reference))
            .and_then(|&p| lists.get_mut(p))
        else {
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
        for (i, f) in d.findings.iter().enumerate() {
            for x in &f.refs {
                add(&x.value, Use::Finding(di, i));
            }
        }
        for e in evidence_of(d) {
            let rel = key_of_entry(resolved, e);
            for x in &e.refs {
                add(&x.value, Use::Evidence(rel.to_string(), di));
            }
        }
    }
    lists
        .into_iter()
        .map(|(item, uses)| (item.clone(), uses))
        .collect()
}

/// Evidence path (or URL) -> the documents attaching it, in document
/// order; and each outside evidence as its latest citation records it.
type Attachments = (
    BTreeMap<String, Vec<Attachment>>,
    BTreeMap<String, crate::model::OutsideEvidence>,
);

fn attachments(
    site: &Site,
    resolved: &HashMap<String, Result<String, PathProblem>>,
) -> Attachments {
    let mut evidence: BTreeMap<String, Vec<Attachment>> = BTreeMap::new();
    let mut outside: BTreeMap<String, crate::model::OutsideEvidence> = BTreeMap::new();
    for (di, d) in site.documents.iter().enumerate() {
        for e in evidence_of(d) {
            if e.path.is_none()
                && let Some(o) = &e.outside
            {
                outside.insert(o.url.value.clone(), o.clone());
            }
            let rel = key_of_entry(resolved, e);
            let list = match evidence.get_mut(rel) {
                Some(list) => list,
                None => evidence.entry(rel.to_string()).or_default(),
            };
            // Documents are visited in order: this one's attachment, if any, is the last.
            if let Some(existing) = list.last_mut().filter(|a| a.doc == di) {
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
    (evidence, outside)
}
