//! Exports for spreadsheets, calendars and scripts:
//! `data/actions.csv`, `data/nonconformities.csv`, `data/actions.ics`,
//! `data/site.json`, `data/findings.json`.

use crate::derive::{ActionRecord, Index};
use crate::diag::findings::Report;
use crate::model::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// read as a formula by spreadsheets (CSV injection: an action titled
/// `=HYPERLINK(...)` would run when the register is opened). As OWASP
/// recommends, such a cell is prefixed with `'` and quoted, so it shows as the
/// text that was written.
pub(crate) fn csv_field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
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
pub(crate) fn actions_csv_rows(site: &Site, rows: &[&ActionRecord]) -> String {
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

/// `data/nonconformities.csv`: one row per finding of an audit or incident
/// record, sorted by id, cells written as `data/actions.csv` writes them.
/// `actions` are the ids of the actions that close it, joined by `;`;
/// `days_open` runs to the closing date, or to the as-of date while open,
/// and is empty when no action is needed.
pub(crate) fn nonconformities_csv(site: &Site, index: &Index) -> String {
    let mut out =
        String::from("id,severity,found_in,raised_on,refs,actions,status,closed_on,days_open\n");
    for nc in &index.nonconformities {
        let f = nc.finding(site);
        let fields = [
            nc.id.clone(),
            nc.severity
                .map(crate::model::FindingSeverity::as_str)
                .unwrap_or_default()
                .to_string(),
            site.documents[nc.doc].id.value.clone(),
            nc.raised_on.to_string(),
            f.refs
                .iter()
                .map(|x| x.value.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            nc.actions
                .iter()
                .filter_map(|&i| index.actions.get(i))
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            nc.status.as_str().to_string(),
            nc.closed_on.map(|d| d.to_string()).unwrap_or_default(),
            nc.days_open.map(|d| d.to_string()).unwrap_or_default(),
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
pub(crate) fn actions_ics(site: &Site, index: &Index) -> String {
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
pub(crate) fn findings_json(report: &Report) -> String {
    report.to_json()
}

/// `data/site.json`: the whole site as data for scripts. Written straight
/// from borrowed structs (no JSON tree of the site in memory: at 10,000
/// reviews the tree took several times the 42 MB it prints). `generator`
/// comes first so a previous output is recognised from the file's head.
pub fn site_json(site: &Site, index: &Index) -> String {
    let mut bytes = Vec::with_capacity(1 << 16);
    let _ = write_site_json(site, index, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// [`site_json`] written straight to `w` (42 MB at 10,000 reviews: the
/// build streams it to the file instead of holding it).
pub(crate) fn write_site_json(
    site: &Site,
    index: &Index,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let c = &site.config;
    // Each required input written once, as pages show it (`9.3.2.a`).
    let inputs: Vec<String> = index
        .coverage
        .required
        .iter()
        .map(|r| site.catalogs.display(r, &c.framework_ids()))
        .collect();
    let as_of = index.as_of();
    let validity =
        crate::derive::validity::by_key(&crate::derive::validity::dated_entries(site, index));
    let out = SiteJson {
        generator: format!("minutebook {}", env!("CARGO_PKG_VERSION")),
        as_of: index.as_of(),
        title: &c.title,
        organisation: &c.organisation,
        frameworks: c.all_framework_ids(),
        cadence_months: c.cadence_months,
        signoff_within_days: c.signoff_within_days,
        retention_years: c.retention_years,
        people: site
            .people
            .values()
            .map(|p| PersonJson {
                id: &p.id,
                left: p.left,
                name: &p.name,
                role: &p.role,
                top_management: p.top_management,
            })
            .collect(),
        documents: {
            site.documents
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let mut json = document_json(d);
                    json.coverage = index
                        .coverage
                        .of(i)
                        .map(|cov| coverage_json(d, cov, &inputs));
                    json
                })
                .collect()
        },
        actions: index
            .actions
            .iter()
            .enumerate()
            .map(|(i, r)| action_json(site, index, i, r))
            .collect(),
        nonconformities: index
            .nonconformities
            .iter()
            .map(|nc| nonconformity_json(site, index, nc))
            .collect(),
        evidence: site
            .evidence
            .files
            .values()
            .map(|f| EvidenceFileJson {
                path: format!("content/{}", f.rel),
                sha256: f.sha256.as_deref(),
                size: f.size,
                validity: validity_json(&validity, &f.rel, as_of),
            })
            .collect(),
        outside_evidence: index
            .references
            .outside
            .iter()
            .filter(|(url, _)| site.evidence.file(url).is_none())
            .map(|(url, o)| OutsideEvidenceJson {
                url,
                sha256: o.sha256.as_deref(),
                retrieved: o.retrieved.as_ref().map(|d| d.value),
                referenced_by: index
                    .references
                    .evidence
                    .get(url.as_str())
                    .map(|a| {
                        let mut ids: Vec<&str> = a
                            .iter()
                            .map(|x| site.documents[x.doc].id.value.as_str())
                            .collect();
                        ids.dedup();
                        ids
                    })
                    .unwrap_or_default(),
                validity: validity_json(&validity, url, as_of),
            })
            .collect(),
    };
    let mut json = serde_json::Serializer::with_formatter(&mut *w, RecordPerLine::default());
    out.serialize(&mut json)?;
    w.write_all(b"\n")
}

/// How deep `site.json` is indented: the top-level keys, and the elements of
/// its arrays (a person, document, action or evidence file) one per line.
const LINED_DEPTH: usize = 2;

/// `site.json`'s layout: one record per line, so that `grep A-2025-01`
/// prints that action, a diff of two builds shows the records that changed,
/// and the file is a third smaller than fully indented JSON (42 MB, not 67,
/// at 10,000 reviews). Inside a record the JSON is compact.
#[derive(Default)]
struct RecordPerLine {
    /// Arrays and objects open around the value being written.
    depth: usize,
    /// Whether the innermost array or object written so far has a member.
    has_value: bool,
}

impl RecordPerLine {
    /// A line break and the indentation of `depth`.
    fn new_line<W: ?Sized + std::io::Write>(w: &mut W, depth: usize) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        (0..depth).try_for_each(|_| w.write_all(b"  "))
    }

    /// An array or object opens.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Before a member at the current depth: the comma after the previous
    /// one, then its own line when the depth is still lined.
    fn before_member<W: ?Sized + std::io::Write>(
        &self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth <= LINED_DEPTH {
            Self::new_line(w, self.depth)?;
        }
        Ok(())
    }

    /// An array or object closes: on a line of its own when its members had theirs.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.depth < LINED_DEPTH && self.has_value {
            Self::new_line(w, self.depth)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for RecordPerLine {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.before_member(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.before_member(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(if self.depth <= LINED_DEPTH {
            b": "
        } else {
            b":"
        })
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

// The shapes of site.json. Fields of nested objects are in alphabetical
// order, as the format has always listed them.

#[derive(Serialize)]
struct SiteJson<'a> {
    generator: String,
    as_of: crate::date::Date,
    title: &'a str,
    organisation: &'a str,
    frameworks: Vec<String>,
    cadence_months: u32,
    signoff_within_days: u32,
    retention_years: u32,
    people: Vec<PersonJson<'a>>,
    documents: Vec<DocumentJson<'a>>,
    actions: Vec<ActionJson<'a>>,
    nonconformities: Vec<NonconformityJson<'a>>,
    evidence: Vec<EvidenceFileJson<'a>>,
    /// Evidence outside the site (`url:`): listed apart from `evidence`,
    /// whose files are in the site and in `SHA256SUMS`.
    outside_evidence: Vec<OutsideEvidenceJson<'a>>,
}

#[derive(Serialize)]
struct NonconformityJson<'a> {
    actions: Vec<&'a str>,
    closed_on: Option<crate::date::Date>,
    days_open: Option<i32>,
    found_in: &'a str,
    id: &'a str,
    raised_on: crate::date::Date,
    refs: Vec<&'a str>,
    severity: Option<&'static str>,
    status: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    id: &'a str,
    refs: Vec<&'a str>,
    severity: Option<&'static str>,
    text: &'a str,
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: &'a str,
    left: Option<crate::date::Date>,
    name: &'a str,
    role: &'a str,
    top_management: bool,
}

#[derive(Serialize)]
struct EvidenceFileJson<'a> {
    path: String,
    sha256: Option<&'a str>,
    size: u64,
    #[serde(flatten)]
    validity: Option<ValidityJson>,
}

/// The validity of a file or URL that carries `valid_until`.
#[derive(Serialize)]
struct ValidityJson {
    valid_until: crate::date::Date,
    /// `expired`, `expiring`, `valid` or `history`.
    validity: &'static str,
}

#[derive(Serialize)]
struct OutsideEvidenceJson<'a> {
    url: &'a str,
    sha256: Option<&'a str>,
    retrieved: Option<crate::date::Date>,
    referenced_by: Vec<&'a str>,
    #[serde(flatten)]
    validity: Option<ValidityJson>,
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    refs: Vec<&'a str>,
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retrieved: Option<crate::date::Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<crate::date::Date>,
}

#[derive(Serialize)]
struct UpdateJson<'a> {
    action: &'a str,
    date: Option<crate::date::Date>,
    due: Option<crate::date::Date>,
    evidence: Vec<EvidenceJson<'a>>,
    note: &'a Option<String>,
    status: Option<&'a str>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actions: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<crate::date::Date>,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    refs: Vec<&'a str>,
    text: &'a str,
}

/// A review or record; the review-only fields are left out for records.
#[derive(Serialize)]
struct DocumentJson<'a> {
    actions: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    apologies: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attendees: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chair: Option<Option<&'a str>>,
    /// A review's mark on each required input (the format: ✓ = ◌ ✗, and – for
    /// an extraordinary review's inputs it was not called for).
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Vec<InputCoverageJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    covers: Option<BTreeMap<&'a str, &'a str>>,
    date: crate::date::Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    decisions: Option<Vec<DecisionJson<'a>>>,
    evidence: Vec<EvidenceJson<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<FindingJson<'a>>,
    id: &'a str,
    kind: Option<&'static str>,
    metrics: BTreeMap<&'a str, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secretary: Option<Option<&'a str>>,
    sha256: &'a str,
    source: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger: Option<&'a Option<String>>,
    #[serde(rename = "type")]
    kind_of_document: &'static str,
    updates: Vec<UpdateJson<'a>>,
}

/// One required input of a review in `site.json`: `mark` is `covered`,
/// `no-change`, `placeholder`, `not-covered` or `not-required`; `counted`
/// whether it counts toward input coverage (✓ and = only); `section` the
/// anchor covering it (null when none); `reason` why a placeholder is one.
#[derive(Serialize)]
struct InputCoverageJson<'a> {
    counted: bool,
    input: &'a str,
    mark: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    section: Option<&'a str>,
}

fn coverage_json<'a>(
    d: &'a crate::model::Document,
    cov: &'a crate::derive::coverage::ReviewCoverage,
    inputs: &'a [String],
) -> Vec<InputCoverageJson<'a>> {
    inputs
        .iter()
        .zip(&cov.inputs)
        .enumerate()
        .map(|(k, (input, x))| {
            let section = cov.section_of(k);
            InputCoverageJson {
                counted: x.mark.counts(),
                input,
                mark: x.mark.name(),
                reason: section.and_then(|s| s.reason.as_deref()),
                section: section
                    .and_then(|s| d.headings.get(s.heading))
                    .map(|h| h.anchor.as_str()),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct HistoryJson<'a> {
    date: crate::date::Date,
    document: &'a str,
    due: Option<crate::date::Date>,
    replanned: bool,
    status: &'static str,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    closes: Vec<&'a str>,
    closed_on: Option<crate::date::Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by: Option<&'a str>,
    due: Option<crate::date::Date>,
    history: Vec<HistoryJson<'a>>,
    id: &'a str,
    kind: &'static str,
    original_due: Option<crate::date::Date>,
    overdue: bool,
    owner: Option<&'a str>,
    raised_in: &'a str,
    raised_on: crate::date::Date,
    refs: Vec<&'a str>,
    status: &'static str,
    support: Vec<&'a str>,
    title: &'a str,
}

fn validity_json(
    validity: &std::collections::BTreeMap<String, crate::derive::validity::Validity>,
    key: &str,
    as_of: crate::date::Date,
) -> Option<ValidityJson> {
    validity.get(key).map(|v| ValidityJson {
        valid_until: v.valid_until,
        validity: v.state(as_of).name(),
    })
}

fn values(v: &[crate::model::Spanned<String>]) -> Vec<&str> {
    v.iter().map(|x| x.value.as_str()).collect()
}

fn evidence_json(v: &[crate::model::EvidenceRef]) -> Vec<EvidenceJson<'_>> {
    v.iter()
        .map(|e| EvidenceJson {
            path: e.path.as_ref().map(|p| p.value.as_str()),
            refs: values(&e.refs),
            title: e.title.as_deref(),
            url: e.outside.as_ref().map(|o| o.url.value.as_str()),
            sha256: e.outside.as_ref().and_then(|o| o.sha256.as_deref()),
            retrieved: e
                .outside
                .as_ref()
                .and_then(|o| o.retrieved.as_ref())
                .map(|d| d.value),
            valid_until: e.valid_until.as_ref().map(|d| d.value),
        })
        .collect()
}

fn document_json(d: &crate::model::Document) -> DocumentJson<'_> {
    let review = d.review.as_ref();
    DocumentJson {
        actions: d.actions.iter().map(|a| a.id.value.as_str()).collect(),
        apologies: review.map(|r| values(&r.apologies)),
        attendees: review.map(|r| values(&r.attendees)),
        chair: review.map(|r| r.chair.as_ref().map(|c| c.value.as_str())),
        coverage: None,
        covers: review.map(|r| {
            r.covers
                .iter()
                .map(|c| (c.reference.value.as_str(), c.anchor.value.as_str()))
                .collect()
        }),
        date: d.date,
        decisions: review.map(|r| {
            r.decisions
                .iter()
                .map(|x| DecisionJson {
                    actions: values(&x.actions),
                    due: x.due.as_ref().map(|d| d.value),
                    id: &x.id.value,
                    owner: x.owner.as_ref().map(|o| o.value.as_str()),
                    refs: values(&x.refs),
                    text: &x.text,
                })
                .collect()
        }),
        evidence: evidence_json(&d.evidence),
        findings: d
            .findings
            .iter()
            .map(|f| FindingJson {
                id: &f.id.value,
                refs: values(&f.refs),
                severity: f.severity.map(crate::model::FindingSeverity::as_str),
                text: &f.text,
            })
            .collect(),
        id: &d.id.value,
        kind: match review {
            Some(r) if r.extraordinary => Some("extraordinary"),
            Some(_) => Some("scheduled"),
            None => d.record_kind.map(crate::model::RecordKind::as_str),
        },
        metrics: d
            .metrics
            .iter()
            .map(|m| (m.id.value.as_str(), m.value))
            .collect(),
        secretary: review.map(|r| r.secretary.as_ref().map(|c| c.value.as_str())),
        sha256: &d.sha256,
        source: &d.path,
        title: &d.title,
        trigger: review.map(|r| &r.trigger),
        kind_of_document: match d.kind {
            crate::model::DocumentKind::Review => "review",
            crate::model::DocumentKind::Record => "record",
        },
        updates: d
            .updates
            .iter()
            .map(|u| UpdateJson {
                action: &u.action.value,
                date: u.date.as_ref().map(|x| x.value),
                due: u.due.as_ref().map(|x| x.value),
                evidence: evidence_json(&u.evidence),
                note: &u.note,
                status: u.status.as_ref().map(|s| s.value.as_str()),
            })
            .collect(),
    }
}

fn action_json<'a>(
    site: &'a Site,
    index: &Index,
    position: usize,
    r: &'a ActionRecord,
) -> ActionJson<'a> {
    let a = r.action(site);
    let created_by = index
        .created_by
        .get(position)
        .copied()
        .flatten()
        .and_then(|(d, x)| site.documents[d].review.as_ref()?.decisions.get(x))
        .map(|x| x.id.value.as_str());
    ActionJson {
        closes: values(&a.closes),
        closed_on: r.closed_on,
        created_by,
        due: r.due,
        history: r
            .timeline
            .iter()
            .map(|e| HistoryJson {
                date: e.date,
                document: &site.documents[e.doc].id.value,
                due: e.due,
                replanned: e.replanned,
                status: e.status.as_str(),
            })
            .collect(),
        id: &r.id,
        kind: a.kind.as_str(),
        original_due: r.timeline.first().and_then(|e| e.due),
        overdue: r.overdue,
        owner: a.owner.as_ref().map(|o| o.value.as_str()),
        raised_in: &site.documents[r.doc].id.value,
        raised_on: r.raised_on,
        refs: values(&a.refs),
        status: r.status.as_str(),
        support: values(&a.support),
        title: &a.title,
    }
}

fn nonconformity_json<'a>(
    site: &'a Site,
    index: &'a Index,
    nc: &'a crate::derive::NcRecord,
) -> NonconformityJson<'a> {
    let f = nc.finding(site);
    NonconformityJson {
        actions: nc
            .actions
            .iter()
            .filter_map(|&i| index.actions.get(i))
            .map(|a| a.id.as_str())
            .collect(),
        closed_on: nc.closed_on,
        days_open: nc.days_open,
        found_in: &site.documents[nc.doc].id.value,
        id: &nc.id,
        raised_on: nc.raised_on,
        refs: values(&f.refs),
        severity: nc.severity.map(crate::model::FindingSeverity::as_str),
        status: nc.status.as_str(),
        text: &f.text,
    }
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
    fn csv_neutralises_cells_a_spreadsheet_would_run() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for lead in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            let cell = csv_field(lead);
            assert!(cell.starts_with("\"'"), "{lead:?} -> {cell}");
        }
        assert_eq!(csv_field("A-2025-01"), "A-2025-01");
        assert_eq!(csv_field("2025-06-30"), "2025-06-30");
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
