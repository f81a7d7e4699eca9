//! Each document's sign-off state, judged once: which approvals
//! count, whether one matches the bytes, whether the review was signed in
//! time. The checks (MB050–MB052), the pages, the dashboard KPI and the
//! exports all read this, so a page can never say "Signed off" for an
//! approval the checks do not count.

use crate::date::Date;
use crate::model::{Document, DocumentKind, Site};

/// Whether `person` may sign `doc`: its chair, top management or a
/// configured signer (and a person `people.yaml` knows).
pub fn may_sign(site: &Site, doc: Option<&Document>, person: &str) -> bool {
    let Some(known) = site.person(person) else {
        return false;
    };
    let chair = doc
        .and_then(|d| d.review.as_ref())
        .and_then(|r| r.chair.as_ref())
        .is_some_and(|c| c.value.eq_ignore_ascii_case(person));
    chair
        || known.top_management
        || site
            .config
            .signers
            .iter()
            .any(|s| s.value.eq_ignore_ascii_case(person))
}

/// One entry of the sign-off sheet as it bears on its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Approval {
    /// Position of the entry in the sheet.
    pub entry: usize,
    /// The signer may sign this document (else MB052: it does not count).
    pub counts: bool,
    /// The approved digest is the document's bytes now.
    pub matches: bool,
}

/// Where a document stands, in the words the pages use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignoffState {
    /// An approval that counts matches the bytes now.
    Signed,
    /// Approvals that count exist, none for these bytes (MB050).
    Changed,
    /// A review with no approval that counts, past its deadline (MB051).
    Late,
    /// No approval that counts yet, within the window (or a record).
    Awaiting,
}

impl SignoffState {
    /// The state's name in pages and `data/site.json`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SignoffState::Signed => "signed",
            SignoffState::Changed => "changed",
            SignoffState::Late => "late",
            SignoffState::Awaiting => "unsigned",
        }
    }

    /// Words for it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            SignoffState::Signed => "Signed off",
            SignoffState::Changed => "Changed after sign-off",
            SignoffState::Late => "Not signed off (late)",
            SignoffState::Awaiting => "Awaiting sign-off",
        }
    }
}

/// A document's sign-off derived once: who approved which digest, and
/// whether that still matches the text, so a later edit shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSignoff {
    /// Every sheet entry naming the document, in sheet order.
    pub approvals: Vec<Approval>,
    /// Its state.
    pub state: SignoffState,
    /// For a review: its deadline (date + `signoff_within_days`).
    pub deadline: Option<Date>,
    /// For a review past its deadline: no approval that counts is dated
    /// within the window, whatever its digest (MB051).
    pub late: bool,
}

impl DocumentSignoff {
    /// The approvals that count, in sheet order.
    pub(crate) fn counting(&self) -> impl Iterator<Item = &Approval> {
        self.approvals.iter().filter(|a| a.counts)
    }
}

/// Sign-off state of every document, by position in `site.documents`.
#[derive(Debug, Default)]
pub struct Signoffs {
    /// One per document.
    pub documents: Vec<DocumentSignoff>,
}

/// The document path a sheet entry names, as the site keys it.
pub(crate) fn document_path(written: &str) -> String {
    format!("content/{}", written.trim_start_matches("./"))
}

/// Judges every sheet entry once against its document.
pub(crate) fn build(
    site: &Site,
    doc_by_path: &std::collections::HashMap<String, usize>,
    as_of: Date,
) -> Signoffs {
    let mut approvals: Vec<Vec<Approval>> = vec![Vec::new(); site.documents.len()];
    for (entry, s) in site.evidence.signoffs.signoffs.iter().enumerate() {
        let Some(&doc) = doc_by_path.get(&document_path(&s.document.value)) else {
            continue;
        };
        let d = &*site.documents[doc];
        approvals[doc].push(Approval {
            entry,
            counts: may_sign(site, Some(d), &s.person.value),
            matches: s.sha256.value.eq_ignore_ascii_case(&d.sha256),
        });
    }
    let window = i32::try_from(site.config.signoff_within_days).unwrap_or(i32::MAX);
    let sheet = &site.evidence.signoffs.signoffs;
    let documents = approvals
        .into_iter()
        .zip(&site.documents)
        .map(|(approvals, d)| {
            let counting: Vec<&Approval> = approvals.iter().filter(|a| a.counts).collect();
            let deadline = (d.kind == DocumentKind::Review).then(|| d.date.add_days(window));
            let late = deadline.is_some_and(|deadline| {
                as_of > deadline
                    && !counting.iter().any(|a| {
                        sheet[a.entry]
                            .date
                            .is_some_and(|x| x >= d.date && x <= deadline)
                    })
            });
            let state = if counting.iter().any(|a| a.matches) {
                SignoffState::Signed
            } else if !counting.is_empty() {
                SignoffState::Changed
            } else if deadline.is_some_and(|deadline| as_of > deadline) {
                SignoffState::Late
            } else {
                SignoffState::Awaiting
            };
            DocumentSignoff {
                approvals,
                state,
                deadline,
                late,
            }
        })
        .collect();
    Signoffs { documents }
}
