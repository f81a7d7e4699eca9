//! Building blocks shared by every page builder: links, people, statuses,
//! references, action rows, evidence rows, sign-off state.

use super::uses::ItemUses;
use crate::date::Date;
use crate::derive::{ActionRecord, Index};
use crate::diag::findings::{Finding, Report};
use crate::model::catalog::ItemRef;
use crate::model::{Document, DocumentKind, RecordKind, Site, Status};
use crate::render::urls::{action_href, code_href, item_href, person_href};
use crate::render::urls::{document_href, file_href};
use crate::render::views::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Everything a page builder reads, computed once per build.
pub struct Ctx<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its index.
    pub index: &'a Index,
    /// The findings of this build.
    pub report: &'a Report,
    /// Framework ids of the site in force now (their items are written unqualified).
    pub frameworks: Vec<String>,
    /// The required review inputs of every edition in force at some review
    /// (the matrix's rows, [`crate::derive::coverage::Coverage::required`]).
    pub required: Vec<ItemRef>,
    /// Findings by file.
    pub findings_by_file: HashMap<&'a str, Vec<&'a Finding>>,
    /// Include the live-reload script (serve).
    pub live_reload: bool,
    /// Crate version for the footer.
    pub version: &'static str,
    /// Reference views by item (every review's checklist shows the same
    /// required inputs).
    item_views: Made<ItemRef, RefView>,
    /// Evidence rows by path: a file's row appears on its review, its
    /// actions, its clauses, the register and the audit trail, and making
    /// one looks the file up in three maps of 45,000 paths at 10,000 reviews.
    evidence_rows: Made<String, EvidenceRow>,
    /// Action rows by position in `index.actions`: an action's row appears
    /// on its review, its owner's page, each clause it references and the
    /// register.
    action_rows: Vec<std::sync::OnceLock<Arc<ActionRow>>>,
    /// What cites each clause or control, gathered once: an item cited by
    /// every review has a page per year, and each needs the whole list.
    item_uses: Made<ItemRef, ItemUses<'a>>,
    /// Every evidence file (by path) with the year of the register page its
    /// row is on, found once for the register's pages.
    evidence_pages: std::sync::OnceLock<Vec<(&'a str, Option<i32>)>>,
    /// The year each action (by position in `index.actions`) was raised
    /// in: every year page of the register and of each person sorts all
    /// their actions by it.
    action_years: std::sync::OnceLock<Vec<i32>>,
    /// The validity of every file or URL that carries a `valid_until`, by
    /// its register key (judged once: current or history, the format).
    pub validity: std::collections::BTreeMap<String, crate::derive::validity::Validity>,
}

/// Views made once per build and shared by every page that shows them: a
/// row is referenced, not copied, into each page's list.
type Made<K, T> = std::sync::RwLock<HashMap<K, Arc<T>>>;

/// The value kept in `made` under `key`, made (and kept) by `make` the first
/// time it is asked for: the views every page of a build shares.
fn made_once<K, Q, T>(made: &Made<K, T>, key: &Q, make: impl FnOnce() -> T) -> Arc<T>
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: ToOwned<Owned = K> + std::hash::Hash + Eq + ?Sized,
{
    if let Some(v) = made.read().ok().and_then(|m| m.get(key).cloned()) {
        return v;
    }
    let v = Arc::new(make());
    if let Ok(mut m) = made.write() {
        m.insert(key.to_owned(), Arc::clone(&v));
    }
    v
}

/// The position of `item` in `items` when it is one of them (by address):
/// a row kept per action record is found without hashing its id.
fn place_in<T>(items: &[T], item: &T) -> Option<usize> {
    let size = std::mem::size_of::<T>().max(1);
    let offset = (item as *const T as usize).checked_sub(items.as_ptr() as usize)?;
    let i = offset / size;
    (offset % size == 0 && items.get(i).is_some_and(|x| std::ptr::eq(x, item))).then_some(i)
}

/// The relative prefix from a page at `path` back to the site root.
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Size for people: `512 B`, `12.3 KiB`, `4.0 MiB`.
pub(crate) fn human_size(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    format!("{v:.1} {}", UNITS[u])
}

/// Words for a document kind.
pub(crate) fn kind_words(d: &Document) -> &'static str {
    match (d.kind, d.is_extraordinary(), d.record_kind) {
        (DocumentKind::Review, true, _) => "Extraordinary review",
        (DocumentKind::Review, false, _) => "Scheduled review",
        (_, _, Some(RecordKind::Audit)) => "Internal audit",
        (_, _, Some(RecordKind::Incident)) => "Incident",
        _ => "Note",
    }
}

impl<'a> Ctx<'a> {
    /// Prepares the state every page shares (findings by file, people, urls)
    /// once per build instead of once per page.
    pub fn new(site: &'a Site, index: &'a Index, report: &'a Report, live_reload: bool) -> Self {
        let mut findings_by_file: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for f in &report.findings {
            if let Some(file) = &f.file {
                findings_by_file.entry(file.as_str()).or_default().push(f);
            }
        }
        let frameworks = site.config.framework_ids();
        let validity =
            crate::derive::validity::by_key(&crate::derive::validity::dated_entries(site, index));
        Ctx {
            validity,
            site,
            index,
            report,
            required: index.coverage.required.clone(),
            frameworks,
            findings_by_file,
            live_reload,
            version: env!("CARGO_PKG_VERSION"),
            item_views: std::sync::RwLock::new(HashMap::new()),
            evidence_rows: std::sync::RwLock::new(HashMap::new()),
            action_rows: index.actions.iter().map(|_| Default::default()).collect(),
            item_uses: std::sync::RwLock::new(HashMap::new()),
            evidence_pages: std::sync::OnceLock::new(),
            action_years: std::sync::OnceLock::new(),
        }
    }

    /// The year the action at position `i` of `index.actions` was raised
    /// in (its document's year).
    pub(crate) fn action_year(&self, i: usize) -> i32 {
        self.action_years().get(i).copied().unwrap_or_default()
    }

    /// [`Ctx::action_year`] of every action, in register order.
    pub(crate) fn action_years(&self) -> &[i32] {
        self.action_years.get_or_init(|| {
            self.index
                .actions
                .iter()
                .map(|r| self.site.documents[r.doc].date.year())
                .collect()
        })
    }

    /// What cites `r` (and the earlier-edition items mapped to it), with
    /// years and counts, gathered the first time a page asks.
    pub(crate) fn item_uses(&self, r: &ItemRef) -> Arc<ItemUses<'a>> {
        made_once(&self.item_uses, r, || {
            super::uses::gather(self.site, self.index, r, super::split::PAGE_ROWS)
        })
    }

    /// Every evidence file by path with the year of its register page
    /// ([`crate::render::urls::evidence_page_year`]).
    pub(crate) fn evidence_pages(&self) -> &[(&'a str, Option<i32>)] {
        self.evidence_pages.get_or_init(|| {
            let (site, index) = (self.site, self.index);
            site.evidence
                .files
                .keys()
                .map(|rel| {
                    let year = crate::render::urls::evidence_page_year(site, index, rel);
                    (rel.as_str(), year)
                })
                .collect()
        })
    }

    /// The as-of date.
    pub(crate) fn as_of(&self) -> Date {
        self.index.as_of()
    }

    /// The layout of a page at `path`, so every page has the same header,
    /// navigation and relative links.
    pub fn layout(&self, path: &str, title: &str, section: &str, description: &str) -> Layout {
        let c = &self.site.config;
        Layout {
            site_title: if c.title.is_empty() {
                "ISMS evidence".into()
            } else {
                c.title.clone()
            },
            organisation: c.organisation.clone(),
            page_title: title.to_string(),
            root: root_of(path),
            section: section.to_string(),
            as_of: self.as_of().to_string(),
            errors: self.report.errors,
            warnings: self.report.warnings,
            version: self.version.to_string(),
            description: description.to_string(),
            live_reload: self.live_reload,
            header: String::new(),
            footer: String::new(),
        }
    }

    /// A person by id (unknown people keep their id as name and get no link).
    pub(crate) fn person(&self, id: &str) -> PersonRef {
        match self.site.person(id) {
            Some(p) => PersonRef {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.clone(),
                href: person_href(&p.id),
            },
            None => PersonRef {
                id: id.to_string(),
                name: id.to_string(),
                role: String::new(),
                href: String::new(),
            },
        }
    }

    /// A status with words.
    pub(crate) fn status(&self, s: Status, overdue: bool) -> StatusView {
        let label = match s {
            Status::Open => "Open",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::Cancelled => "Cancelled",
        };
        StatusView {
            key: s,
            label: label.to_string(),
            overdue,
        }
    }

    /// A resolved catalog item as a reference.
    pub(crate) fn item_ref(&self, r: &ItemRef) -> RefView {
        RefView {
            id: self.site.catalogs.display(r, &self.frameworks),
            title: self
                .site
                .catalogs
                .item_title(r)
                .unwrap_or_default()
                .to_string(),
            href: item_href(r),
        }
    }

    /// Frees the views made for this build on both threads at once: 75,000
    /// rows freed one by one were 0.15 s on one thread at the end of a
    /// 10,000-review build.
    pub(crate) fn release(self) {
        use rayon::prelude::*;
        let actions = self.action_rows;
        let evidence = self
            .evidence_rows
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        rayon::join(
            || actions.into_par_iter().for_each(drop),
            || evidence.into_par_iter().for_each(drop),
        );
    }

    /// A reference as written (unknown ones keep their text, no link).
    pub(crate) fn reference(&self, written: &str) -> RefView {
        match self.index.references.item(self.site, written) {
            Some(item) => self.item_view(&item),
            None => RefView {
                id: written.to_string(),
                title: String::new(),
                href: String::new(),
            },
        }
    }

    /// [`Ctx::item_ref`], made once per item and build.
    fn item_view(&self, item: &ItemRef) -> RefView {
        RefView::clone(&made_once(&self.item_views, item, || self.item_ref(item)))
    }

    /// References as written.
    pub(crate) fn references<'s>(
        &self,
        refs: impl IntoIterator<Item = &'s String>,
    ) -> Vec<RefView> {
        refs.into_iter().map(|r| self.reference(r)).collect()
    }

    /// References as written in document `doc`: read against the frameworks
    /// in force on its date (a 2013-era `A.5.1` is the 2013 objective).
    pub(crate) fn references_in<'s>(
        &self,
        doc: usize,
        refs: impl IntoIterator<Item = &'s String>,
    ) -> Vec<RefView> {
        refs.into_iter()
            .map(
                |written| match self.index.references.item_in(self.site, doc, written) {
                    Some(item) => self.item_view(&item),
                    None => RefView {
                        id: written.to_string(),
                        title: String::new(),
                        href: String::new(),
                    },
                },
            )
            .collect()
    }

    /// A link to a document.
    pub(crate) fn doc_link(&self, doc: usize) -> LinkView {
        let d = &self.site.documents[doc];
        LinkView {
            href: document_href(self.site, doc),
            text: d.id.value.clone(),
        }
    }

    /// The decisions of document `doc` (none for records).
    pub fn decisions(&self, doc: usize) -> Vec<DecisionView> {
        let count = self.site.documents[doc]
            .review
            .as_ref()
            .map_or(0, |r| r.decisions.len());
        (0..count).filter_map(|i| self.decision(doc, i)).collect()
    }

    /// Decision `i` of document `doc` (a clause page lists single decisions
    /// of thousands of reviews).
    pub(crate) fn decision(&self, doc: usize, i: usize) -> Option<DecisionView> {
        let d = &self.site.documents[doc];
        let x = d.review.as_ref()?.decisions.get(i)?;
        Some(DecisionView {
            id: x.id.value.clone(),
            text: x.text.clone(),
            refs: self.references_in(doc, x.refs.iter().map(|r| &r.value)),
            review: self.doc_link(doc),
            date: d.date.to_string(),
            owner: x.owner.as_ref().map(|o| self.person(&o.value)),
            due: x
                .due
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
            actions: x
                .actions
                .iter()
                .map(|a| LinkView {
                    // Linked only when raised with the decision (else MB038).
                    href: self
                        .index
                        .action(&a.value)
                        .filter(|r| r.doc == doc)
                        .map(|r| action_href(&r.id))
                        .unwrap_or_default(),
                    text: a.value.clone(),
                })
                .collect(),
        })
    }

    /// A row of the action register.
    pub(crate) fn action_row(&self, rec: &ActionRecord) -> Arc<ActionRow> {
        let slot = place_in(&self.index.actions, rec).and_then(|i| self.action_rows.get(i));
        match slot {
            Some(slot) => Arc::clone(slot.get_or_init(|| Arc::new(self.new_action_row(rec)))),
            None => Arc::new(self.new_action_row(rec)),
        }
    }

    fn new_action_row(&self, rec: &ActionRecord) -> ActionRow {
        let a = rec.action(self.site);
        let original = rec.timeline.first().and_then(|e| e.due);
        let due = rec.due;
        ActionRow {
            id: rec.id.clone(),
            href: action_href(&rec.id),
            title: a.title.clone(),
            kind: a.kind,
            kind_label: match a.kind {
                crate::model::ActionKind::Improvement => "Improvement",
                crate::model::ActionKind::Corrective => "Corrective",
                crate::model::ActionKind::RiskTreatment => "Risk treatment",
            }
            .into(),
            owner: a
                .owner
                .as_ref()
                .map_or_else(|| self.person("(no owner)"), |o| self.person(&o.value)),
            due: due.map(|d| d.to_string()).unwrap_or_default(),
            original_due: if original != due {
                original.map(|d| d.to_string()).unwrap_or_default()
            } else {
                String::new()
            },
            replans: rec.replans(),
            status: self.status(rec.status, rec.overdue),
            raised_in: self.doc_link(rec.doc),
            raised_on: rec.raised_on.to_string(),
            closed_on: rec.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            refs: self.references_in(rec.doc, a.refs.iter().map(|r| &r.value)),
        }
    }

    /// A row for an evidence file (path relative to content/); an attachment
    /// that titles the file its own way gets a row of its own.
    pub(crate) fn evidence_row(&self, rel: &str, title: Option<&str>) -> Arc<EvidenceRow> {
        let row = made_once(&self.evidence_rows, rel, || self.new_evidence_row(rel));
        match title {
            Some(t) if t != row.title => Arc::new(EvidenceRow {
                title: t.to_string(),
                ..EvidenceRow::clone(&row)
            }),
            _ => row,
        }
    }

    /// The row of one evidence entry as its document writes it: a file's
    /// row (titled as the entry titles it), or outside evidence with the
    /// digest and date this entry records; with this entry's own validity.
    pub(crate) fn entry_row(&self, e: &crate::model::EvidenceRef) -> Arc<EvidenceRow> {
        let row = match (&e.path, &e.outside) {
            (Some(p), _) => self.evidence_row(
                &super::document::evidence_rel(self, &p.value),
                e.title.as_deref(),
            ),
            (None, Some(o)) => {
                let row = self.evidence_row(&o.url.value, e.shown_title());
                if row.sha256 == o.sha256.clone().unwrap_or_default()
                    && row.retrieved
                        == o.retrieved
                            .as_ref()
                            .map(|d| d.value.to_string())
                            .unwrap_or_default()
                {
                    row
                } else {
                    Arc::new(EvidenceRow {
                        sha256: o.sha256.clone().unwrap_or_default(),
                        retrieved: o
                            .retrieved
                            .as_ref()
                            .map(|d| d.value.to_string())
                            .unwrap_or_default(),
                        ..EvidenceRow::clone(&row)
                    })
                }
            }
            (None, None) => self.evidence_row("", e.title.as_deref()),
        };
        let (until, state, label) = match &e.valid_until {
            Some(vu) => {
                let v = crate::derive::validity::Validity {
                    valid_until: vu.value,
                    current: true,
                };
                let (state, label) = self.validity_words(v);
                (vu.value.to_string(), Some(state), label)
            }
            None => Default::default(),
        };
        if row.valid_until == until && row.validity_state == state {
            return row;
        }
        Arc::new(EvidenceRow {
            valid_until: until,
            validity_state: state,
            validity_label: label,
            ..EvidenceRow::clone(&row)
        })
    }

    /// The state and words for a validity as of the as-of date.
    pub(crate) fn validity_words(
        &self,
        v: crate::derive::validity::Validity,
    ) -> (crate::derive::validity::ValidityState, String) {
        use crate::derive::validity::ValidityState;
        let as_of = self.as_of();
        let days = as_of.days_until(v.valid_until);
        let state = v.state(as_of);
        let label = match state {
            ValidityState::Expired => format!("Expired {} ago", crate::words::days(-days)),
            ValidityState::Expiring | ValidityState::Valid if days == 0 => {
                "Expires today".to_string()
            }
            ValidityState::Expiring | ValidityState::Valid => {
                format!("Expires in {}", crate::words::days(days))
            }
            ValidityState::History => "History: no longer cited as current evidence".to_string(),
        };
        (state, label)
    }

    /// An evidence file's row, titled as its first attachment titles it;
    /// or, for the URL of outside evidence, its outside row.
    fn new_evidence_row(&self, rel: &str) -> EvidenceRow {
        let (valid_until, validity_state, validity_label) = match self.validity.get(rel) {
            Some(v) => {
                let (state, label) = self.validity_words(*v);
                (v.valid_until.to_string(), Some(state), label)
            }
            None => Default::default(),
        };
        if let Some(o) = self.index.references.outside.get(rel)
            && self.site.evidence.file(rel).is_none()
        {
            let attachments = self.index.references.evidence.get(rel);
            let mut refs: Vec<&String> = attachments
                .map(|a| a.iter().flat_map(|x| &x.refs).collect())
                .unwrap_or_default();
            refs.sort();
            refs.dedup();
            let mut referenced_by: Vec<LinkView> = attachments
                .map(|a| a.iter().map(|x| self.doc_link(x.doc)).collect())
                .unwrap_or_default();
            referenced_by.dedup();
            return EvidenceRow {
                path: rel.to_string(),
                anchor: crate::render::urls::outside_anchor(rel),
                row_href: crate::render::urls::outside_row_href(rel),
                title: attachments
                    .and_then(|a| a.iter().find_map(|x| x.title.clone()))
                    .unwrap_or_else(|| rel.to_string()),
                href: String::new(),
                size: 0,
                size_human: String::new(),
                sha256: o.sha256.clone().unwrap_or_default(),
                lock_state: None,
                lock_label: "Outside the bundle".into(),
                referenced_by,
                refs: self.references(refs),
                kind: "Link".into(),
                url: o.url.value.clone(),
                retrieved: o
                    .retrieved
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
                valid_until,
                validity_state,
                validity_label,
            };
        }
        let inv = &self.site.evidence;
        let file = inv.file(rel);
        let sha = file.and_then(|f| f.sha256.clone()).unwrap_or_default();
        let state = self.index.lock.of(rel);
        let (lock_state, lock_label) = (Some(state), state.label());
        let attachments = self.index.references.evidence.get(rel);
        let title = attachments
            .and_then(|a| a.iter().find_map(|x| x.title.clone()))
            .unwrap_or_else(|| rel.rsplit('/').next().unwrap_or(rel).to_string());
        let mut refs: Vec<&String> = attachments
            .map(|a| a.iter().flat_map(|x| &x.refs).collect())
            .unwrap_or_default();
        refs.sort();
        refs.dedup();
        let mut referenced_by: Vec<LinkView> = attachments
            .map(|a| a.iter().map(|x| self.doc_link(x.doc)).collect())
            .unwrap_or_default();
        referenced_by.dedup();
        let ext = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_uppercase())
            .unwrap_or_default();
        EvidenceRow {
            path: rel.to_string(),
            anchor: crate::render::urls::evidence_anchor(rel),
            row_href: crate::render::urls::file_row_href(self.site, self.index, rel),
            title,
            href: if sha.is_empty() {
                String::new()
            } else {
                file_href(rel)
            },
            size: file.map_or(0, |f| f.size),
            size_human: human_size(file.map_or(0, |f| f.size)),
            sha256: sha,
            lock_state,
            lock_label: lock_label.into(),
            referenced_by,
            refs: self.references(refs),
            kind: ext,
            url: String::new(),
            retrieved: String::new(),
            valid_until,
            validity_state,
            validity_label,
        }
    }

    /// Findings about a file, for its page.
    pub(crate) fn findings_for(&self, file: &str) -> Vec<FindingView> {
        self.findings_by_file
            .get(file)
            .map(|v| v.iter().map(|f| self.finding(f)).collect())
            .unwrap_or_default()
    }

    /// A finding for a page.
    pub(crate) fn finding(&self, f: &Finding) -> FindingView {
        let file = f.file.clone().unwrap_or_default();
        let place = match (f.line, f.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.clone(),
        };
        let href = self.finding_page(&file);
        FindingView {
            code: f.code.to_string(),
            severity: f.severity,
            place,
            message: f.message.clone(),
            href,
            line: f.line.map(|l| l.to_string()).unwrap_or_default(),
            help: f.help.clone().unwrap_or_default(),
            code_href: code_href(f.code),
        }
    }

    /// The page a finding about `file` links to: the document's findings
    /// box, an evidence file's row in the register (the lock and the
    /// sign-off sheet: the register), the people or clause pages; "" for a
    /// file the site has no page about (`minutebook.yaml`).
    pub(crate) fn finding_page(&self, file: &str) -> String {
        if let Some(&d) = self.index.doc_by_path.get(file) {
            return format!("{}#mb-findings", document_href(self.site, d));
        }
        if let Some(rel) = file.strip_prefix("content/")
            && rel.starts_with("evidence/")
        {
            if self.site.evidence.file(rel).is_some() {
                return crate::render::urls::file_row_href(self.site, self.index, rel);
            }
            return "evidence/index.html".into();
        }
        match file {
            crate::model::evidence::LOCK_FILE | crate::model::evidence::SIGNOFF_FILE => {
                "evidence/index.html".into()
            }
            "content/people.yaml" => "people/index.html".into(),
            f if f.starts_with("catalogs/") => "clauses/index.html".into(),
            _ => String::new(),
        }
    }

    /// The coverage checklist of a review: every required input with the
    /// mark the index derived for it (an extraordinary review's uncovered
    /// inputs as "not required"), then the other items its `covers` names.
    pub fn coverage(&self, doc: usize) -> Checklist {
        use crate::derive::coverage::CoverageMark;
        let d = &self.site.documents[doc];
        let (Some(r), Some(cov)) = (&d.review, self.index.coverage.of(doc)) else {
            return Checklist::default();
        };
        let page = document_href(self.site, doc);
        let section_row = |reference: RefView, mark, heading: Option<usize>, note: String| {
            let h = heading.and_then(|h| d.headings.get(h));
            CoverageRow {
                reference,
                mark,
                href: h
                    .map(|h| format!("{page}#{}", h.anchor))
                    .unwrap_or_default(),
                heading: h.map(|h| h.text.clone()).unwrap_or_default(),
                note,
            }
        };
        let rows = self
            .index
            .coverage
            .required
            .iter()
            .zip(&cov.inputs)
            .filter(|(_, input)| input.mark != CoverageMark::NotApplicable)
            .map(|(item, input)| {
                let section = input.section.and_then(|s| cov.sections.get(s));
                let cover = input.cover.and_then(|j| r.covers.get(j));
                let note = match (input.mark, section, cover) {
                    (CoverageMark::Placeholder, Some(s), _) => s.reason.clone().unwrap_or_default(),
                    (CoverageMark::NotCovered, None, Some(c)) => format!(
                        "`covers` names the anchor `{}`, but no heading has it (MB021)",
                        c.anchor.value
                    ),
                    (CoverageMark::NotCovered, None, None) => {
                        "`covers` has no entry for it (MB020)".to_string()
                    }
                    _ => String::new(),
                };
                section_row(
                    self.item_view(item),
                    input.mark,
                    section.map(|s| s.heading),
                    note,
                )
            })
            .collect();
        let other = cov
            .other
            .iter()
            .filter_map(|&j| {
                let c = r.covers.get(j)?;
                let item = self
                    .index
                    .references
                    .item_in(self.site, doc, &c.reference.value)?;
                let section = cov.sections.iter().find(|s| {
                    d.headings
                        .get(s.heading)
                        .is_some_and(|h| h.anchor == c.anchor.value)
                });
                let (mark, note) = match section {
                    Some(s) => (s.mark, s.reason.clone().unwrap_or_default()),
                    None => (
                        CoverageMark::NotCovered,
                        format!("no heading has the anchor `{}` (MB021)", c.anchor.value),
                    ),
                };
                Some(section_row(
                    self.item_view(&item),
                    mark,
                    section.map(|s| s.heading),
                    note,
                ))
            })
            .collect();
        Checklist {
            rows,
            other,
            summary: cov.summary(),
            counted: cov.counted(),
            extraordinary: cov.extraordinary,
        }
    }

    /// Sign-off state of a document, as derived once in the index.
    pub(crate) fn signoff(&self, doc: usize) -> SignoffView {
        let d = &self.site.documents[doc];
        let sheet = &self.site.evidence.signoffs.signoffs;
        let derived = self.index.signoffs.documents.get(doc);
        let approvals: Vec<ApprovalView> = derived
            .map(|s| s.approvals.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|a| {
                let s = &sheet[a.entry];
                ApprovalView {
                    person: self.person(&s.person.value),
                    date: s.date.map(|x| x.to_string()).unwrap_or_default(),
                    sha256: s.sha256.value.to_ascii_lowercase(),
                    matches: a.matches,
                    counts: a.counts,
                }
            })
            .collect();
        let state = derived.map_or(crate::derive::signoffs::SignoffState::Awaiting, |s| s.state);
        SignoffView {
            state,
            label: state.label().into(),
            approvals,
            sha256: d.sha256.clone(),
        }
    }

    /// A document in a list.
    pub(crate) fn doc_row(&self, doc: usize) -> DocumentRow {
        let d = &self.site.documents[doc];
        let (coverage, signoff, signoff_state) = if d.review.is_some() {
            let summary = self
                .index
                .coverage
                .of(doc)
                .map(crate::derive::coverage::ReviewCoverage::summary)
                .unwrap_or_default();
            let s = self.signoff(doc);
            (summary, s.label, Some(s.state))
        } else {
            (String::new(), String::new(), None)
        };
        DocumentRow {
            id: d.id.value.clone(),
            title: d.title.clone(),
            href: document_href(self.site, doc),
            date: d.date.to_string(),
            kind: kind_words(d).into(),
            actions_raised: d.actions.len(),
            decisions: d.review.as_ref().map_or(0, |r| r.decisions.len()),
            coverage,
            signoff,
            signoff_state,
        }
    }

    /// Counts of findings by code.
    pub(crate) fn by_code(&self) -> Vec<CodeCount> {
        let mut counts: std::collections::BTreeMap<crate::diag::findings::Code, usize> =
            Default::default();
        for f in &self.report.findings {
            *counts.entry(f.code).or_default() += 1;
        }
        counts
            .into_iter()
            .map(|(c, n)| CodeCount {
                code: c.to_string(),
                title: c.title().to_string(),
                severity: c.severity(),
                count: n,
                href: code_href(c),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::place_in;

    #[test]
    fn place_in_finds_only_the_items_themselves() {
        let items = vec![String::from("a"), String::from("b"), String::from("c")];
        for (i, item) in items.iter().enumerate() {
            assert_eq!(place_in(&items, item), Some(i));
        }
        // An equal value elsewhere is not one of them.
        let copy = items[1].clone();
        assert_eq!(place_in(&items, &copy), None);
        let others = items.clone();
        assert_eq!(place_in(&items, &others[0]), None);
        assert_eq!(place_in(&items[1..], &items[0]), None);
        assert_eq!(place_in(&items[..1], &items[2]), None);
    }
}
