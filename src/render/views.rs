//! View structs: what templates receive. Plain data, already formatted and
//! linked; templates only lay it out (no arithmetic, no validity decisions).
//! Tables and long lists arrive as finished HTML (fields documented as "the
//! table's HTML" or "the rows' HTML", written by [`super::tables`] and
//! printed with `| safe`), with their counts beside them where a page says
//! how many; the row structs below are what those writers read. A field that
//! is an enum in the model stays that enum here (the writers match on it);
//! templates see it as its word ([`Key`]: `in-progress`, `error`, `signed`).
//!
//! Every `href` is relative to the site root (`reviews/mr-2025-q1/index.html`);
//! templates prefix it with `layout.root` (`../../`), so links stay relative and
//! work from `file://`.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::derive::locking::LockState;
use crate::derive::nonconformities::NcStatus;
use crate::derive::signoffs::SignoffState;
use crate::derive::validity::ValidityState;
use crate::diag::Severity;
use crate::model::{ActionKind, FindingSeverity, Status};

/// How a template sees an enum a view carries: the word the site writes for
/// it (in CSS classes, `data-*` values and comparisons like `s.key ==
/// "done"`), so a view keeps the enum and the writers match on it while the
/// templates still see the same text. One spelling per enum, the enum's own
/// (`as_str`), never a second copy in serde attributes.
pub(crate) trait Key: Copy {
    /// The word (`in-progress`, `no-action-needed`, `error`).
    fn key(self) -> &'static str;
}

/// Implements [`Key`] from the enum's own spelling and, unless the enum
/// already serializes itself, `Serialize` as that word.
macro_rules! keyed {
    ($($ty:ty => $spell:expr $(, $serialize:ident)?;)*) => {$(
        impl Key for $ty {
            fn key(self) -> &'static str {
                $spell(self)
            }
        }
        $(keyed!(@$serialize $ty);)?
    )*};
    (@serialize $ty:ty) => {
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }
    };
}

keyed! {
    Status => Status::as_str, serialize;
    ActionKind => ActionKind::as_str, serialize;
    FindingSeverity => FindingSeverity::as_str, serialize;
    NcStatus => NcStatus::as_str, serialize;
    SignoffState => SignoffState::as_str, serialize;
    LockState => LockState::as_str, serialize;
    ValidityState => ValidityState::name, serialize;
    Severity => |s| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
}

/// What every page gets: site identity, where the root is, navigation state.
#[derive(Serialize, Clone, Debug)]
pub struct Layout {
    /// Site title from the configuration.
    pub site_title: String,
    /// Organisation name.
    pub organisation: String,
    /// The page's `<title>` and `<h1>`.
    pub page_title: String,
    /// Relative prefix to the site root (`""`, `"../"`, `"../../"`).
    pub root: String,
    /// Which navigation entry is current: dashboard, reviews, actions, clauses,
    /// evidence, people, records, audit, report, search.
    pub section: String,
    /// The as-of date of the build.
    pub as_of: String,
    /// Errors found by the checks.
    pub errors: usize,
    /// Warnings found by the checks.
    pub warnings: usize,
    /// minutebook version, for the footer.
    pub version: String,
    /// One sentence for `<meta name="description">`.
    pub description: String,
    /// Serve mode: the live-reload script is included.
    pub live_reload: bool,
    /// The theme's `site.header` component rendered for this page's root and
    /// section (the same on every page of a section and depth, so rendered
    /// once per build rather than once per page); print it with `| safe`.
    /// Empty when the theme has no such component.
    pub header: String,
    /// The theme's `site.footer` component for this page's root, likewise.
    pub footer: String,
}

/// A link with its text (read back, like [`PersonRef`] and [`RefView`],
/// when a template passes one to a writer function such as `mb_link`).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct LinkView {
    /// Root-relative href.
    pub href: String,
    /// Link text.
    pub text: String,
}

/// A person named on a page, with name and role, so a reader need not look
/// ids up.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PersonRef {
    /// Id.
    pub id: String,
    /// Full name (the id when unknown).
    pub name: String,
    /// Role.
    pub role: String,
    /// Root-relative href of the person's page ("" when the person is unknown).
    pub href: String,
}

/// An action status, with words so colour is never the only carrier.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub(crate) struct StatusView {
    /// `open`, `in-progress`, `done`, `cancelled` to templates (CSS class too).
    pub key: Status,
    /// `Open`, `In progress`, `Done`, `Cancelled`.
    pub label: String,
    /// Past its due date and not closed.
    pub overdue: bool,
}

/// A clause or control reference with its title and page, so a reader can
/// follow a decision to the requirement.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RefView {
    /// As displayed (`9.3.2.c`, `A.5.17`, `soc2:CC4.1`).
    pub id: String,
    /// Catalog title of the item ("" when unknown).
    pub title: String,
    /// Root-relative href of the clause page ("" when unknown).
    pub href: String,
}

/// One row of the action register (also used in other lists of actions).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ActionRow {
    /// Id.
    pub id: String,
    /// Root-relative href of the action's page.
    pub href: String,
    /// Title.
    pub title: String,
    /// `improvement`, `corrective`, `risk-treatment` to templates.
    pub kind: ActionKind,
    /// `Improvement`, `Corrective`, `Risk treatment`.
    pub kind_label: String,
    /// The one accountable owner.
    pub owner: PersonRef,
    /// Current due date (YYYY-MM-DD or "").
    pub due: String,
    /// The due date first set, when it was re-planned since ("" otherwise).
    pub original_due: String,
    /// How many times the due date moved.
    pub replans: usize,
    /// Status now.
    pub status: StatusView,
    /// Document that raised it.
    pub raised_in: LinkView,
    /// Date raised.
    pub raised_on: String,
    /// Date done or cancelled ("" when open).
    pub closed_on: String,
    /// References.
    pub refs: Vec<RefView>,
}

/// A finding shown on a page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct FindingView {
    /// `MB020`.
    pub code: String,
    /// `error` or `warning` to templates.
    pub severity: Severity,
    /// `file:line:column` or the file.
    pub place: String,
    /// The message.
    pub message: String,
    /// Root-relative href of the page about the file, when there is one.
    pub href: String,
    /// The line in its file (`""` when the finding is about a whole file).
    pub line: String,
    /// How to fix it, when the check has a hint (`""` otherwise).
    pub help: String,
    /// Root-relative href of the explanation of its code: the code's group
    /// in the audit index, which the site always has.
    pub code_href: String,
}

/// An evidence file as listed on pages and the register.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct EvidenceRow {
    /// Path relative to `content/` (`evidence/2025/x.pdf`).
    pub path: String,
    /// The id of the file's row in the evidence register (`file-evidence-2025-x.pdf`).
    pub anchor: String,
    /// Root-relative href of that row (the register's page it is on).
    pub row_href: String,
    /// Title given in the documents (or the file name).
    pub title: String,
    /// Root-relative href of the copy under `files/` ("" when missing).
    pub href: String,
    /// Size in bytes.
    pub size: u64,
    /// Size for people (`12.3 KiB`).
    pub size_human: String,
    /// Lowercase hex SHA-256 ("" when it could not be hashed).
    pub sha256: String,
    /// Against the lock: `ok`, `changed` (differs from the lock), `missing`, `new` (not yet locked) to templates; none for evidence outside the site (never locked).
    pub lock_state: Option<LockState>,
    /// Words for the lock state.
    pub lock_label: String,
    /// Documents that reference it.
    pub referenced_by: Vec<LinkView>,
    /// References given with it.
    pub refs: Vec<RefView>,
    /// File type for people (`PDF`, `CSV`, …).
    pub kind: String,
    /// The address of outside evidence (`url:`), "" for a file of the site:
    /// shown as an outside link, never fetched, not in `SHA256SUMS`.
    pub url: String,
    /// The day the author retrieved outside evidence ("" when not recorded).
    pub retrieved: String,
    /// Its last valid day (`valid_until`), "" when none is given.
    pub valid_until: String,
    /// `expired`, `expiring` (within 60 days), `valid`, `history` (no longer
    /// cited as current evidence), "" without `valid_until`.
    pub validity_state: Option<ValidityState>,
    /// Words for the validity (`Expires in 50 days`).
    pub validity_label: String,
}

/// A key figure on the dashboard.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Kpi {
    /// Stable id (CSS and tests): `on-time`, `overdue`, `median-close`, `reviews`, `coverage`, `signoff`.
    pub id: String,
    /// What it measures.
    pub label: String,
    /// The figure (`83 %`, `3`, `41 days`).
    pub value: String,
    /// How it is computed or what it covers.
    pub detail: String,
    /// `good`, `warn`, `bad` or `neutral` (shown with words/icons, not colour alone).
    pub state: String,
    /// Words for the state (`On target`, `Needs attention`).
    pub state_label: String,
    /// Root-relative link to the page behind the figure ("" for none).
    pub href: String,
}

/// An inline SVG chart with a text alternative.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ChartView {
    /// Id for anchors.
    pub id: String,
    /// Title.
    pub title: String,
    /// The `<svg>` markup, drawn by minutebook (trusted, not user text).
    pub svg: String,
    /// One-sentence summary for screen readers and print.
    pub summary: String,
    /// The data as a table: header cells, then rows.
    pub table_head: Vec<String>,
    /// Rows of the data table: their HTML ("" when there is no data).
    pub table_rows: String,
}

/// An objective against its target.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ObjectiveView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Metric title.
    pub metric: String,
    /// Target as text (`< 5 %`).
    pub target: String,
    /// Latest value as text ("" when never measured).
    pub latest: String,
    /// Date of the latest value.
    pub latest_on: String,
    /// `good` (met), `bad` (missed), `neutral` (no data).
    pub state: String,
    /// `Met`, `Not met`, `No data`.
    pub state_label: String,
}

/// The dashboard (`index.html`).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct DashboardView {
    /// Key figures.
    pub kpis: Vec<Kpi>,
    /// Trend charts.
    pub charts: Vec<ChartView>,
    /// Objectives vs targets.
    pub objectives: Vec<ObjectiveView>,
    /// The next scheduled review: due date ("" when no review yet).
    pub next_review_due: String,
    /// Days until it is due (negative when overdue), as text with words.
    pub next_review_note: String,
    /// The next review is overdue.
    pub next_review_overdue: bool,
    /// The latest review.
    pub latest_review: Option<LinkView>,
    /// Findings: counts by code.
    pub findings_by_code: Vec<CodeCount>,
    /// Findings: `2 errors, 1 warning` (`no finding` when clean).
    pub findings_total: String,
    /// Overdue actions: the table's HTML.
    pub overdue_actions: String,
    /// Most recent reviews, newest first: the table's HTML.
    pub recent_reviews: String,
}

/// How many findings of one code.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct CodeCount {
    /// `MB034`.
    pub code: String,
    /// What the code means.
    pub title: String,
    /// `error` or `warning` to templates.
    pub severity: Severity,
    /// How many.
    pub count: usize,
    /// Root-relative href of its group of findings in the audit index.
    pub href: String,
}

/// A review or record in a list.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct DocumentRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Root-relative href.
    pub href: String,
    /// Date.
    pub date: String,
    /// `Scheduled review`, `Extraordinary review`, `Internal audit`, `Incident`, `Note`.
    pub kind: String,
    /// Actions raised.
    pub actions_raised: usize,
    /// Decisions recorded.
    pub decisions: usize,
    /// Covered inputs as `9 of 10` ("" for records).
    pub coverage: String,
    /// Sign-off state words ("" for records).
    pub signoff: String,
    /// Sign-off state: `signed`, `changed`, `unsigned`, `late` to templates (none for records).
    pub signoff_state: Option<SignoffState>,
}

/// One input on a review's coverage checklist.
#[derive(Serialize, Clone, Debug)]
pub struct CoverageRow {
    /// The input (`9.3.2.c`).
    pub reference: RefView,
    /// Its mark, as derived once in the index.
    #[serde(skip)]
    pub mark: crate::derive::coverage::CoverageMark,
    /// Root-relative href of the section ("" when no section covers it).
    pub href: String,
    /// Heading text of the section.
    pub heading: String,
    /// Why it is not counted, in words: the placeholder's reason (MB022), a
    /// missing anchor (MB021) or a missing `covers` entry (MB020); "" else.
    pub note: String,
}

/// A review's coverage checklist: the required inputs, then the other items
/// its `covers` names (never counted).
#[derive(Serialize, Clone, Debug, Default)]
pub struct Checklist {
    /// One row per required input, in catalog order.
    pub rows: Vec<CoverageRow>,
    /// `covers` entries naming an item that is no required input.
    pub other: Vec<CoverageRow>,
    /// `9 of 10` (✓ and = counted), "" for a record.
    pub summary: String,
    /// Inputs marked ✓ or =.
    pub counted: usize,
    /// An extraordinary review (its uncovered inputs are "not required").
    pub extraordinary: bool,
}

/// A decision as the templates show it.
#[derive(Serialize, Clone, Debug)]
pub struct DecisionView {
    /// Id.
    pub id: String,
    /// What was decided.
    pub text: String,
    /// References.
    pub refs: Vec<RefView>,
    /// Where it was taken.
    pub review: LinkView,
    /// Date.
    pub date: String,
    /// Who carries it out, when named.
    pub owner: Option<PersonRef>,
    /// When it is due ("" when not given).
    pub due: String,
    /// The actions it creates (linked when raised with it).
    pub actions: Vec<LinkView>,
}

/// An update to an earlier action reported in a document.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct UpdateRow {
    /// The action.
    pub action: LinkView,
    /// Its title.
    pub title: String,
    /// Its owner.
    pub owner: Option<PersonRef>,
    /// Status reported here.
    pub status: StatusView,
    /// Due date in force after this update.
    pub due: String,
    /// The due date before, when this update re-planned it ("" otherwise).
    pub replanned_from: String,
    /// Note.
    pub note: String,
    /// Evidence attached to the update.
    pub evidence: Vec<Arc<EvidenceRow>>,
}

/// The sign-off state of a review as shown, so a reader sees at once whether
/// the minutes are approved as they stand.
#[derive(Serialize, Clone, Debug)]
pub struct SignoffView {
    /// `signed`, `changed` (signed, then edited), `unsigned`, `late`.
    pub state: SignoffState,
    /// Words for it.
    pub label: String,
    /// Every approval recorded.
    pub approvals: Vec<ApprovalView>,
    /// SHA-256 of the document's bytes now.
    pub sha256: String,
}

/// One approval on the sign-off sheet as shown, with the digest approved.
#[derive(Serialize, Clone, Debug)]
pub struct ApprovalView {
    /// Who.
    pub person: PersonRef,
    /// When.
    pub date: String,
    /// Digest approved.
    pub sha256: String,
    /// The digest matches the document's bytes now.
    pub matches: bool,
    /// The signer may sign this document (else MB052: shown, not counted).
    pub counts: bool,
}

/// A metric value reported in a document.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct MetricValue {
    /// Metric id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Value with unit.
    pub value: String,
    /// `good`/`bad`/`neutral` against an objective's target.
    pub state: String,
}

/// A review or record page's data for the theme's template.
#[derive(Serialize, Clone, Debug)]
pub struct DocumentView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
    /// Kind in words.
    pub kind: String,
    /// Is a review.
    pub is_review: bool,
    /// Extraordinary review.
    pub extraordinary: bool,
    /// Why it was called ("" for scheduled).
    pub trigger: String,
    /// Chair.
    pub chair: Option<PersonRef>,
    /// Present (chair and secretary first, tagged): the list items' HTML.
    pub present: String,
    /// Apologies: the list items' HTML ("" when none).
    pub apologies: String,
    /// Required inputs and where they are covered (reviews): the table's HTML.
    pub coverage: String,
    /// Covered inputs count as `9 of 10`.
    pub coverage_summary: String,
    /// The minutes as HTML (rendered by minutebook; raw HTML escaped unless allowed).
    pub body_html: String,
    /// Decisions taken here: the list's HTML.
    pub decisions: String,
    /// How many decisions were taken here.
    pub decision_count: usize,
    /// Actions raised here: the table's HTML.
    pub actions_raised: String,
    /// Updates reported here, with status as derived at this date: the rows'
    /// HTML ("" when none).
    pub update_rows: String,
    /// Metrics reported: the rows' HTML ("" when none).
    pub metric_rows: String,
    /// Approvals recorded (reviews): the rows' HTML ("" when none).
    pub approval_rows: String,
    /// Evidence attached: the table's HTML.
    pub evidence: String,
    /// Sign-off (reviews).
    pub signoff: Option<SignoffView>,
    /// Findings about this file: the table's HTML.
    pub findings: String,
    /// How many findings are about this file.
    pub finding_count: usize,
    /// Previous document of the same kind.
    pub previous: Option<LinkView>,
    /// Next document of the same kind.
    pub next: Option<LinkView>,
    /// Source path in the repository (`content/reviews/x.md`).
    pub source: String,
    /// SHA-256 of the source file.
    pub sha256: String,
    /// The findings this record lists (`findings:`): the table's HTML (""
    /// when it lists none).
    pub nc_found: String,
    /// The nonconformities raised or closed since the previous review, for
    /// a review that has no 9.3.2 d.1 section to show them in (otherwise
    /// they are inside that section of the minutes): the box's HTML, or "".
    pub nc_window: String,
}

/// A list of documents (`reviews/index.html`, `records/index.html`).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct DocumentListView {
    /// Every review or record, newest first: the table's HTML.
    pub table: String,
    /// The pager of a split list ("" when the list is one page).
    pub pager: String,
    /// What this page of a split list shows ("" when not split).
    pub part_note: String,
}

/// The action register's data: the one place an auditor sees every action
/// and what is overdue.
#[derive(Serialize, Clone, Debug)]
pub struct ActionRegisterView {
    /// Every action, by id: the table's HTML.
    pub table: String,
    /// Owners for the filter.
    pub owners: Vec<PersonRef>,
    /// Counts: total, open (incl. in progress), overdue, done, cancelled.
    pub total: usize,
    /// Open or in progress.
    pub open: usize,
    /// Overdue.
    pub overdue: usize,
    /// Done.
    pub done: usize,
    /// Cancelled.
    pub cancelled: usize,
    /// The pager of a split register ("" when the register is one page).
    pub pager: String,
    /// What this page of a split register lists ("" when not split).
    pub part_note: String,
}

/// One step on an action's timeline.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct TimelineItem {
    /// Date.
    pub date: String,
    /// `Raised` or `Update`.
    pub what: String,
    /// The document it is recorded in.
    pub document: LinkView,
    /// Status after this step.
    pub status: StatusView,
    /// Due date after this step.
    pub due: String,
    /// The due date before, when re-planned here ("" otherwise).
    pub replanned_from: String,
    /// Note.
    pub note: String,
    /// Evidence.
    pub evidence: Vec<Arc<EvidenceRow>>,
}

/// An action's page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ActionView {
    /// Id.
    pub id: String,
    /// `Improvement`, `Corrective`, `Risk treatment`.
    pub kind_label: String,
    /// The status now: the pill's HTML.
    pub status: String,
    /// Owner, supporters, due, raised, closed and references: the facts' HTML.
    pub facts: String,
    /// Raising and updates, oldest first: the list items' HTML ("" when none).
    pub timeline: String,
    /// Findings about this action: the table's HTML.
    pub findings: String,
    /// The decision that created it, linked to the decision on its review
    /// page ("created by decision D-…"), when one did.
    pub created_by: Option<LinkView>,
    /// The review that took that decision.
    pub created_in: Option<LinkView>,
    /// The findings it closes (`closes:`), linked to their pages when known.
    pub closes: Vec<LinkView>,
}

/// One cell of the coverage matrix.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct MatrixCell {
    /// The review's mark on the input, as derived once in the index.
    #[serde(skip)]
    pub mark: crate::derive::coverage::CoverageMark,
    /// Words for screen readers (`covered in MR-2025-03`).
    pub label: String,
    /// Root-relative href of the section ("" when not covered).
    pub href: String,
}

/// A row of the coverage matrix: one required input.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct MatrixRow {
    /// The input.
    pub reference: RefView,
    /// One cell per review column.
    pub cells: Vec<MatrixCell>,
    /// `8 of 9`.
    pub summary: String,
}

/// A catalog and its items with how often each is referenced.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct CatalogView {
    /// Catalog id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Items.
    pub items: Vec<CatalogItemRow>,
}

/// A catalog item in the clause index.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct CatalogItemRow {
    /// The item.
    pub reference: RefView,
    /// How many sections, decisions, actions and evidence files reference it.
    pub references: usize,
    /// A required review input.
    pub required: bool,
}

/// The clause coverage matrix page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ClausesView {
    /// Review columns, oldest first: the column heads' HTML ("" when no review).
    pub column_heads: String,
    /// Required inputs: the rows' HTML ("" when the frameworks require none).
    pub matrix_rows: String,
    /// The legend of the marks (✓ = ◌ ✗ –): the list's HTML.
    pub legend: String,
    /// Catalogs used by the site (its frameworks, then others referenced).
    pub catalogs: Vec<CatalogView>,
    /// The pager of a split matrix ("" when the matrix is one page).
    pub pager: String,
    /// What this page of a split matrix shows ("" when not split).
    pub part_note: String,
    /// A year page of the matrix (no catalogs: they are on the entry page).
    pub year_page: bool,
}

/// A section of a document that covers or references an item.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct SectionRef {
    /// The document.
    pub document: LinkView,
    /// Heading text.
    pub heading: String,
    /// Root-relative href of the section.
    pub href: String,
    /// Date of the document.
    pub date: String,
}

/// A clause or control page's data: every decision, action and evidence
/// file that refers to it, for an auditor tracing a requirement.
#[derive(Serialize, Clone, Debug)]
pub struct ClauseView {
    /// The item.
    pub reference: RefView,
    /// Catalog title.
    pub catalog: String,
    /// A required review input.
    pub required: bool,
    /// Related items in other catalogs.
    pub maps_to: Vec<RefView>,
    /// Earlier editions' items that became this one and are cited ("cited
    /// as A.8.1.1 (2013)"): the list's HTML, "" when none. Their sections,
    /// decisions, actions, evidence and findings are in the lists below.
    pub cited_as: String,
    /// Sections covering it, newest first: the rows' HTML ("" when none).
    pub section_rows: String,
    /// How many sections.
    pub section_count: usize,
    /// Decisions referencing it: the list's HTML.
    pub decisions: String,
    /// How many decisions.
    pub decision_count: usize,
    /// Actions referencing it: the table's HTML.
    pub actions: String,
    /// How many actions.
    pub action_count: usize,
    /// Evidence referencing it: the table's HTML.
    pub evidence: String,
    /// How many evidence files.
    pub evidence_count: usize,
    /// Findings of audits and incidents referencing it: the table's HTML.
    pub nonconformities: String,
    /// How many findings.
    pub nonconformity_count: usize,
    /// The pager of a split page ("" when the page is whole).
    pub pager: String,
    /// What this page of a split page lists ("" when whole).
    pub part_note: String,
}

/// A person's attendance at one review.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct AttendanceRow {
    /// The review.
    pub review: LinkView,
    /// Date.
    pub date: String,
    /// `Chair`, `Secretary`, `Attendee`, `Apologies`.
    pub role: String,
    /// Present (false for apologies).
    pub present: bool,
}

/// A person's page.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PersonView {
    /// The person.
    pub person: PersonRef,
    /// Top management.
    pub top_management: bool,
    /// Date left ("" when still here).
    pub left: String,
    /// Reviews attended or excused, newest first: the rows' HTML ("" when none).
    pub attendance_rows: String,
    /// Actions owned: the table's HTML.
    pub actions: String,
    /// Actions supported: the table's HTML.
    pub supporting: String,
    /// Decisions the person owns: the list's HTML.
    pub decisions: String,
    /// How many decisions the person owns.
    pub decision_count: usize,
    /// The pager of a split page ("" when the page is whole).
    pub pager: String,
    /// What this page of a split page lists ("" when whole).
    pub part_note: String,
}

/// The people index.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PeopleView {
    /// Everyone, by id.
    pub people: Vec<PersonSummary>,
}

/// A person in the people index.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct PersonSummary {
    /// The person.
    pub person: PersonRef,
    /// Top management.
    pub top_management: bool,
    /// Date left ("" when still here).
    pub left: String,
    /// Reviews attended.
    pub attended: usize,
    /// Open actions owned.
    pub open_actions: usize,
}

/// The evidence register's data: every file with its digest and who relies
/// on it.
#[derive(Serialize, Clone, Debug)]
pub struct EvidenceRegisterView {
    /// Every evidence file, by path: the table's HTML.
    pub table: String,
    /// Total size for people.
    pub total_size: String,
    /// Number of files.
    pub count: usize,
    /// Evidence outside the site (`url:`): the table's HTML.
    pub outside_table: String,
    /// Number of outside evidence entries (distinct addresses).
    pub outside_count: usize,
    /// Current evidence ending within 60 days of the as-of date.
    pub expiring: usize,
    /// Current evidence already past its `valid_until` (MB045).
    pub expired: usize,
    /// The register's pages by year ("" when it is one page).
    pub pager: String,
    /// What this page of a split register lists ("" when it is one page).
    pub part_note: String,
    /// The entry page (or the only one): the outside evidence is listed there.
    pub is_entry: bool,
}

/// A requirement and the evidence trail behind it (audit index).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct RequirementTrail {
    /// The requirement.
    pub reference: RefView,
    /// A required review input (an empty trail is then a gap, not just unused).
    pub required: bool,
    /// Reviews covering it, newest first.
    pub sections: Vec<SectionRef>,
    /// Evidence files referencing it.
    pub evidence: Vec<Arc<EvidenceRow>>,
    /// Number of decisions and actions referencing it.
    pub decisions_and_actions: usize,
    /// Earlier sections left off the audit index (on the item's page).
    pub more_sections: usize,
    /// Evidence files left off the audit index (on the item's page).
    pub more_evidence: usize,
}

/// One page of a code's findings (`audit/<code>/index.html`), when the
/// audit index lists only the first of them.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct AuditCodeView {
    /// The code's group: heading and this page's findings, as HTML.
    pub findings: String,
    /// The pager over the code's pages.
    pub pager: String,
    /// What this page lists.
    pub part_note: String,
}

/// The audit index.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct AuditView {
    /// Every finding: the table's HTML ("" when there is none).
    pub findings: String,
    /// Counts by code.
    pub by_code: Vec<CodeCount>,
    /// Per requirement evidence trail: the rows' HTML ("" when none).
    pub trail_rows: String,
    /// Retention period in years.
    pub retention_years: u32,
    /// Number of files listed in SHA256SUMS.
    pub file_count: usize,
    /// Number of evidence files.
    pub evidence_count: usize,
    /// Name of the top folder of a bundle made on this date.
    pub bundle_name: String,
    /// The command checking the evidence files against
    /// `sources/evidence.lock` ("" when there is no evidence).
    pub lock_check: String,
    /// The command re-hashing each signed document under `sources/`
    /// against its sign-off ("" when nothing is signed).
    pub signoff_check: String,
}

/// The board report of the latest review cycle.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ReportView {
    /// The latest scheduled review.
    pub review: Option<DocumentRow>,
    /// Its chair.
    pub chair: Option<PersonRef>,
    /// Key figures.
    pub kpis: Vec<Kpi>,
    /// Objectives.
    pub objectives: Vec<ObjectiveView>,
    /// Decisions of the latest review: the list's HTML.
    pub decisions: String,
    /// Actions raised at it: the table's HTML.
    pub actions_raised: String,
    /// Open actions now (overdue first): the table's HTML.
    pub open_actions: String,
    /// Coverage checklist of the latest review: the table's HTML.
    pub coverage: String,
    /// Charts.
    pub charts: Vec<ChartView>,
}

/// One row of the nonconformity register.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct NcRow {
    /// Id.
    pub id: String,
    /// Root-relative href of its page.
    pub href: String,
    /// `major`, `minor`, `observation`, `opportunity` to templates (none when invalid).
    pub severity: Option<FindingSeverity>,
    /// `Major nonconformity`, … (words).
    pub severity_label: String,
    /// What was found.
    pub text: String,
    /// The record that found it.
    pub found_in: LinkView,
    /// Date raised (its record's date).
    pub raised_on: String,
    /// References.
    pub refs: Vec<RefView>,
    /// The actions that close it (cancelled ones marked in their text).
    pub actions: Vec<LinkView>,
    /// `open`, `closed`, `no-action-needed`.
    pub status: NcStatus,
    /// Words for the status.
    pub status_label: String,
    /// Date closed ("" while open).
    pub closed_on: String,
    /// Days open (to the closing date or the as-of date; "" when no action is needed).
    pub days_open: String,
}

/// The nonconformity register (`nonconformities/index.html`).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct NcRegisterView {
    /// Every finding, by id: the table's HTML.
    pub table: String,
    /// Findings in all (nonconformities, observations, opportunities).
    pub total: usize,
    /// Major and minor nonconformities.
    pub nonconformities: usize,
    /// Of those, open.
    pub open: usize,
    /// Of those, closed.
    pub closed: usize,
    /// Observations and opportunities.
    pub other: usize,
}

/// A review that reported a finding, and how.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct NcReviewRow {
    /// The review.
    pub review: LinkView,
    /// Its date.
    pub date: String,
    /// Why it is listed (`raised since the previous review`, `reported A-1`).
    pub how: Vec<String>,
}

/// One corrective action of a finding with its timeline.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct NcActionTimeline {
    /// The action.
    pub action: LinkView,
    /// Its title.
    pub title: String,
    /// Its status now: the pill's HTML.
    pub status: String,
    /// Its timeline: the list items' HTML.
    pub timeline: String,
}

/// A finding's page (`nonconformities/<id>/index.html`).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct NcView {
    /// Id.
    pub id: String,
    /// Severity in words.
    pub severity_label: String,
    /// The severity: the pill's HTML.
    pub severity: String,
    /// The status: the pill's HTML.
    pub status: String,
    /// What was found.
    pub text: String,
    /// Found in, raised, closed, days open, references: the facts' HTML.
    pub facts: String,
    /// The corrective actions: the table's HTML.
    pub actions: String,
    /// Each corrective action's timeline.
    pub timelines: Vec<NcActionTimeline>,
    /// The reviews that reported it, oldest first.
    pub reviews: Vec<NcReviewRow>,
    /// How the status was derived, in one sentence.
    pub status_note: String,
    /// Findings of the checks about it: the table's HTML.
    pub findings: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Templates see each enum a view carries as the word the site always
    /// wrote for it: serialized, it is its [`Key`], the enum's own spelling.
    #[test]
    fn view_enums_serialize_as_their_words() {
        fn words<T: Key + Serialize>(all: &[T]) -> Vec<(String, &'static str)> {
            all.iter()
                .map(|v| {
                    (
                        serde_json::to_value(v).expect("serializes").to_string(),
                        v.key(),
                    )
                })
                .collect()
        }
        let mut seen = Vec::new();
        seen.extend(words(&[
            Status::Open,
            Status::InProgress,
            Status::Done,
            Status::Cancelled,
        ]));
        seen.extend(words(&[
            ActionKind::Improvement,
            ActionKind::Corrective,
            ActionKind::RiskTreatment,
        ]));
        seen.extend(words(&[
            FindingSeverity::Major,
            FindingSeverity::Minor,
            FindingSeverity::Observation,
            FindingSeverity::Opportunity,
        ]));
        seen.extend(words(&[
            NcStatus::Open,
            NcStatus::Closed,
            NcStatus::NoActionNeeded,
        ]));
        seen.extend(words(&[
            SignoffState::Signed,
            SignoffState::Changed,
            SignoffState::Late,
            SignoffState::Awaiting,
        ]));
        seen.extend(words(&[
            LockState::Matches,
            LockState::Differs,
            LockState::NotYetLocked,
            LockState::Missing,
        ]));
        seen.extend(words(&[
            ValidityState::Expired,
            ValidityState::Expiring,
            ValidityState::Valid,
            ValidityState::History,
        ]));
        seen.extend(words(&[Severity::Error, Severity::Warning]));
        for (json, key) in &seen {
            assert_eq!(*json, format!("\"{key}\""));
        }
        let keys: Vec<&str> = seen.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            keys,
            [
                "open",
                "in-progress",
                "done",
                "cancelled",
                "improvement",
                "corrective",
                "risk-treatment",
                "major",
                "minor",
                "observation",
                "opportunity",
                "open",
                "closed",
                "no-action-needed",
                "signed",
                "changed",
                "late",
                "unsigned",
                "ok",
                "changed",
                "new",
                "missing",
                "expired",
                "expiring",
                "valid",
                "history",
                "error",
                "warning",
            ],
            "the words the templates and the stylesheet have always seen"
        );
    }
}
