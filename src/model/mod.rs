//! The typed site: people, reviews, records, actions, updates, evidence.
//!
//! Everything here is what the minutes say, with the place each value was
//! written, so that checks and pages can cite the source. Derived facts
//! (an action's current status, coverage) live in `derive`, not here.

use crate::date::Date;
use crate::diag::findings::Span;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub(crate) use config::Config;
pub(crate) use unreadable::Unreadable;

pub mod catalog;
pub mod config;
pub mod evidence;
mod unreadable;

/// A value and the place in its file where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its place.
    pub(crate) fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The folder name of an id's page: the lower-cased id, with anything that is
/// not a letter, digit, `-`, `_` or `.` replaced, so even an invalid id can
/// never name a path outside its folder.
pub(crate) fn page_slug(id: &str) -> String {
    let mut s = String::with_capacity(id.len() + 1);
    push_page_slug(&mut s, id);
    s
}

/// [`page_slug`] appended to `out`: hrefs are made hundreds of thousands of
/// times per build, and this makes each in one allocation.
pub(crate) fn push_page_slug(out: &mut String, id: &str) {
    if id.bytes().all(|b| b == b'.') {
        out.push('_');
        out.extend(id.chars().map(|_| '_'));
        return;
    }
    out.extend(id.chars().map(|c| {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c.to_ascii_lowercase()
        } else {
            '-'
        }
    }));
}

/// A whole site as loaded: configuration, people, documents and catalogs.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// The site root folder.
    pub root: PathBuf,
    /// `minutebook.yaml`, with defaults.
    pub config: Config,
    /// `content/people.yaml`, keyed by lower-cased id.
    pub people: BTreeMap<String, Person>,
    /// Reviews and records, sorted by date then id. Shared so that serve's
    /// rebuild reuses an unchanged document without copying it.
    pub documents: Vec<std::sync::Arc<Document>>,
    /// Built-in and site catalogs.
    pub catalogs: crate::model::catalog::Catalogs,
    /// Evidence files with their hashes, the lock and the sign-off sheet.
    pub evidence: crate::model::evidence::Inventory,
    /// Documents that could not be read (MB001–MB006, or a required key
    /// that is missing or invalid), still known by path and by what could be
    /// read of them, so that no check reports their absence.
    pub unreadable: Vec<std::sync::Arc<Unreadable>>,
}

impl Site {
    /// The reviews, in date order.
    pub(crate) fn reviews(&self) -> impl Iterator<Item = &Document> {
        self.documents
            .iter()
            .map(|d| &**d)
            .filter(|d| d.review.is_some())
    }

    /// The scheduled (not extraordinary) reviews, in date order.
    pub(crate) fn scheduled_reviews(&self) -> impl Iterator<Item = &Document> {
        self.reviews()
            .filter(|d| d.review.as_ref().is_some_and(|r| !r.extraordinary))
    }

    /// Position of the latest scheduled review (the current review cycle).
    pub(crate) fn latest_scheduled_review(&self) -> Option<usize> {
        self.documents
            .iter()
            .rposition(|d| d.review.as_ref().is_some_and(|r| !r.extraordinary))
    }

    /// A person by id, case-insensitive, as minutes write ids loosely.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.get(&id.to_ascii_lowercase())
    }

    /// A document by id, case-insensitive, as links and updates write ids
    /// loosely.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents
            .iter()
            .map(|d| &**d)
            .find(|d| d.id.value.eq_ignore_ascii_case(id))
    }
}

/// Someone in `people.yaml`, so attendance, owners and signers are checked
/// against who was actually in the organisation then.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    /// The id used everywhere else, as written.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Role in the organisation.
    pub role: String,
    /// Member of top management (needed at every review, may sign off).
    pub top_management: bool,
    /// Date the person left: history kept, no new actions or attendance after.
    pub left: Option<Date>,
    /// Where the person is defined.
    pub span: Span,
}

/// Whether a document is a management review or another record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    /// `content/reviews/*.md`.
    Review,
    /// `content/records/*.md`.
    Record,
}

/// The kinds of record the format allows, so audits, incidents and notes
/// are listed and checked as what they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordKind {
    /// An internal audit (9.2).
    Audit,
    /// An incident note.
    Incident,
    /// A progress note between reviews.
    Note,
}

impl RecordKind {
    /// The YAML spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RecordKind::Audit => "audit",
            RecordKind::Incident => "incident",
            RecordKind::Note => "note",
        }
    }
}

/// A review or record: one Markdown file with frontmatter.
#[derive(Clone, Debug)]
pub struct Document {
    /// Path relative to the site root, `/`-separated (`content/reviews/x.md`).
    pub path: String,
    /// Review or record.
    pub kind: DocumentKind,
    /// The id.
    pub id: Spanned<String>,
    /// The title (defaults to the id).
    pub title: String,
    /// The date it was held or written.
    pub date: Date,
    /// Review-only fields.
    pub review: Option<ReviewPart>,
    /// Record kind, for records.
    pub record_kind: Option<RecordKind>,
    /// Actions raised here.
    pub actions: Vec<Action>,
    /// What an audit or incident record found (10.2): nonconformities,
    /// observations and opportunities, in written order.
    pub findings: Vec<AuditFinding>,
    /// Updates to earlier actions reported here.
    pub updates: Vec<Update>,
    /// Metrics reported here, in written order.
    pub metrics: Vec<Metric>,
    /// Evidence attached to the document.
    pub evidence: Vec<EvidenceRef>,
    /// The Markdown body after the frontmatter.
    pub body: String,
    /// File line where the body starts.
    pub body_line: u32,
    /// Headings of the body with their anchors.
    pub headings: Vec<Heading>,
    /// Links in the body.
    pub links: Vec<Link>,
    /// The start of the text before the first heading, for the search index.
    pub intro: String,
    /// SHA-256 of the file's exact bytes, for sign-off.
    pub sha256: String,
    /// Where the frontmatter starts (line 1).
    pub span: Span,
}

impl Document {
    /// The page folder name: the lower-cased id.
    pub fn slug(&self) -> String {
        page_slug(&self.id.value)
    }

    /// Whether it is an extraordinary review.
    pub(crate) fn is_extraordinary(&self) -> bool {
        self.review.as_ref().is_some_and(|r| r.extraordinary)
    }

    /// The body section under a heading anchor, up to the next heading of the same or a higher level.
    pub(crate) fn section(&self, anchor: &str) -> Option<&str> {
        let idx = self.headings.iter().position(|h| h.anchor == anchor)?;
        let h = &self.headings[idx];
        let end = self.headings[idx + 1..]
            .iter()
            .find(|n| n.level <= h.level)
            .map_or(self.body.len(), |n| n.start);
        self.body.get(h.content_start..end.max(h.content_start))
    }
}

/// The fields only a review has (chair, attendance, the 9.3.2 inputs), kept
/// apart so a record cannot claim to be a review.
#[derive(Clone, Debug, Default)]
pub struct ReviewPart {
    /// `kind: extraordinary`.
    pub extraordinary: bool,
    /// Why an extraordinary review was called.
    pub trigger: Option<String>,
    /// The chair.
    pub chair: Option<Spanned<String>>,
    /// The secretary.
    pub secretary: Option<Spanned<String>>,
    /// Attendees.
    pub attendees: Vec<Spanned<String>>,
    /// Apologies (absent).
    pub apologies: Vec<Spanned<String>>,
    /// Covered review inputs: reference as written -> heading anchor.
    pub covers: Vec<Cover>,
    /// Where `covers` is written (for MB020 when it is empty).
    pub covers_span: Span,
    /// Decisions (9.3.3).
    pub decisions: Vec<Decision>,
    /// Where `decisions` was written (for MB025), when it was.
    pub decisions_span: Span,
    /// The date the next review is planned for (`next_review:`): MB061 and
    /// the dashboard's "next review due" follow it rather than the cadence.
    pub next_review: Option<Spanned<Date>>,
}

impl ReviewPart {
    /// Everyone present: chair, secretary and attendees, without repeats.
    /// Linear in the names: a set of the lower-cased ids seen (a hostile
    /// list of 100,000 attendees took 16 s when each was compared with all
    /// before it).
    pub fn present(&self) -> Vec<&Spanned<String>> {
        let mut out: Vec<&Spanned<String>> = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for p in self
            .chair
            .iter()
            .chain(self.secretary.iter())
            .chain(self.attendees.iter())
        {
            if seen.insert(p.value.to_ascii_lowercase()) {
                out.push(p);
            }
        }
        out
    }
}

/// One `covers` entry: a review input and the heading that covers it.
#[derive(Clone, Debug)]
pub struct Cover {
    /// The reference as written (`9.3.2 a)`).
    pub reference: Spanned<String>,
    /// The heading anchor.
    pub anchor: Spanned<String>,
}

/// A decision of the review (9.3.3), the output an auditor asks for first.
#[derive(Clone, Debug)]
pub struct Decision {
    /// The id.
    pub id: Spanned<String>,
    /// What was decided.
    pub text: String,
    /// Clause or control references as written.
    pub refs: Vec<Spanned<String>>,
    /// Who carries the decision out (a person, MB010), when named.
    pub owner: Option<Spanned<String>>,
    /// When it is to be carried out by, when given.
    pub due: Option<Spanned<Date>>,
    /// The actions this decision creates, as written (each raised in the
    /// same document, else MB038).
    pub actions: Vec<Spanned<String>>,
}

/// How serious an audit or incident finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingSeverity {
    /// A major nonconformity: needs corrective action (10.2).
    Major,
    /// A minor nonconformity: needs corrective action (10.2).
    Minor,
    /// An observation: noted, no action needed.
    Observation,
    /// An opportunity for improvement: no action needed.
    Opportunity,
}

impl FindingSeverity {
    /// The YAML spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FindingSeverity::Major => "major",
            FindingSeverity::Minor => "minor",
            FindingSeverity::Observation => "observation",
            FindingSeverity::Opportunity => "opportunity",
        }
    }

    /// Words for pages (`Major nonconformity`).
    pub(crate) fn label(self) -> &'static str {
        match self {
            FindingSeverity::Major => "Major nonconformity",
            FindingSeverity::Minor => "Minor nonconformity",
            FindingSeverity::Observation => "Observation",
            FindingSeverity::Opportunity => "Opportunity for improvement",
        }
    }

    /// A major or minor nonconformity: clause 10.2 requires corrective
    /// action (MB037), and it counts in the dashboard's figures.
    pub(crate) fn is_nonconformity(self) -> bool {
        matches!(self, FindingSeverity::Major | FindingSeverity::Minor)
    }
}

/// One finding of an audit or incident record (`findings:`).
#[derive(Clone, Debug)]
pub struct AuditFinding {
    /// The id (shares the site's id space, MB005).
    pub id: Spanned<String>,
    /// Major, minor, observation or opportunity (None when invalid or
    /// missing: already MB004).
    pub severity: Option<FindingSeverity>,
    /// What was found.
    pub text: String,
    /// Clause or control references as written.
    pub refs: Vec<Spanned<String>>,
    /// Where the finding is written.
    pub span: Span,
}

/// What kind of action, for KPIs (median days to close corrective actions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionKind {
    /// Continual improvement (default).
    Improvement,
    /// Corrective action after a nonconformity.
    Corrective,
    /// Risk treatment.
    RiskTreatment,
}

impl ActionKind {
    /// The YAML spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ActionKind::Improvement => "improvement",
            ActionKind::Corrective => "corrective",
            ActionKind::RiskTreatment => "risk-treatment",
        }
    }
}

/// An action raised in a document, with one owner and a due date, so it can
/// be followed up until it is done.
#[derive(Clone, Debug)]
pub struct Action {
    /// The id.
    pub id: Spanned<String>,
    /// What is to be done.
    pub title: String,
    /// The one accountable owner (None when missing or several: MB030).
    pub owner: Option<Spanned<String>>,
    /// People who help the owner.
    pub support: Vec<Spanned<String>>,
    /// The original due date (None when missing: MB031).
    pub due: Option<Spanned<Date>>,
    /// Improvement, corrective or risk treatment.
    pub kind: ActionKind,
    /// References.
    pub refs: Vec<Spanned<String>>,
    /// The date raised, when older than the document.
    pub raised: Option<Spanned<Date>>,
    /// The findings this corrective action corrects (`closes:`), as written.
    pub closes: Vec<Spanned<String>>,
    /// Where the action is written.
    pub span: Span,
}

/// An action's status as reported in the minutes; what is derived from it
/// (overdue, closed late) lives in `derive`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Not started.
    Open,
    /// Under way.
    InProgress,
    /// Completed (needs closure evidence).
    Done,
    /// Dropped.
    Cancelled,
}

impl Status {
    /// The YAML spelling, so output and messages use the word the author writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// Done or cancelled: no longer tracked as open.
    pub(crate) fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Cancelled)
    }
}

/// A status report on an earlier action, so progress is recorded where it is
/// reported and the original minutes stay untouched.
#[derive(Clone, Debug)]
pub struct Update {
    /// The action id as written.
    pub action: Spanned<String>,
    /// The reported status (None when invalid: already reported as MB004).
    pub status: Option<Spanned<Status>>,
    /// Its own date, when different from the document's.
    pub date: Option<Spanned<Date>>,
    /// A re-planned due date.
    pub due: Option<Spanned<Date>>,
    /// Closure or progress evidence.
    pub evidence: Vec<EvidenceRef>,
    /// A note.
    pub note: Option<String>,
    /// Where the update is written.
    pub span: Span,
}

/// A measurement reported in a document, compared with its definition's
/// target on the pages.
#[derive(Clone, Debug)]
pub struct Metric {
    /// Metric id as written.
    pub id: Spanned<String>,
    /// The value.
    pub value: f64,
}

/// One evidence entry of a document or an update: a file under `content/`
/// (`path:`) or evidence that lives elsewhere (`url:`, the format).
#[derive(Clone, Debug)]
pub struct EvidenceRef {
    /// The path as written, relative to `content/`; None for outside
    /// evidence, so that nothing resolves, hashes or publishes a URL.
    pub path: Option<Spanned<String>>,
    /// Evidence outside the site (a ticket, a SaaS report), when written
    /// with `url:`: never fetched, hashed or locked.
    pub outside: Option<OutsideEvidence>,
    /// A title.
    pub title: Option<String>,
    /// References.
    pub refs: Vec<Spanned<String>>,
    /// The last day it is valid (a certificate, a penetration test, a
    /// policy): past it, it is MB045 while it is still current evidence.
    pub valid_until: Option<Spanned<Date>>,
    /// Where the entry is written (MB045 points here).
    pub span: Span,
}

/// Evidence that lives outside the site, as its author recorded it.
#[derive(Clone, Debug, PartialEq)]
pub struct OutsideEvidence {
    /// The `http://` or `https://` address, as written.
    pub url: Spanned<String>,
    /// The SHA-256 the author recorded (64 hex digits, lower case), when
    /// recorded: shown, never checked (the site stays offline).
    pub sha256: Option<String>,
    /// The day the author retrieved it (not after the as-of date, MB004).
    pub retrieved: Option<Spanned<Date>>,
}

impl EvidenceRef {
    /// The title shown: the one written, else the URL of outside evidence
    ///, else None (pages name a file by its file name).
    pub(crate) fn shown_title(&self) -> Option<&str> {
        self.title
            .as_deref()
            .or_else(|| self.outside.as_ref().map(|o| o.url.value.as_str()))
    }
}

/// A heading in a body, so `covers` can point at a section and links at an
/// anchor that really exists.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// Level 1–6.
    pub level: u8,
    /// The plain text.
    pub text: String,
    /// The anchor (explicit `{#id}` or slug).
    pub anchor: String,
    /// File line of the heading.
    pub line: u32,
    /// Byte offset in the body where the heading starts.
    pub start: usize,
    /// Byte offset in the body where its content starts.
    pub content_start: usize,
    /// The start of its section's text, for the search index.
    pub lead: String,
    /// The heading carries the class `.no-change`: the input it
    /// covers was considered and found unchanged, and its text says what was
    /// looked at (5 words are enough; exempt from MB022's 15 and from MB026).
    pub no_change: bool,
}

/// A link in a body, kept with its place so a broken link is reported where
/// it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The destination as written.
    pub target: String,
    /// Where it is written.
    pub span: Span,
}
