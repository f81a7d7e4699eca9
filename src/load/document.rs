//! One review or record file into a [`Document`], every problem a finding.

use super::fields::{Fields, Reader};
use super::yaml::{Node, Value};
use super::{body, frontmatter, yaml};
use crate::diag::findings::{Code, Span};
use crate::fsx::hash::sha256_bytes;
use crate::model::*;

const REVIEW_KEYS: &[&str] = &[
    "id",
    "title",
    "date",
    "kind",
    "chair",
    "secretary",
    "attendees",
    "apologies",
    "covers",
    "decisions",
    "actions",
    "updates",
    "metrics",
    "evidence",
    "trigger",
    "next_review",
];
const RECORD_KEYS: &[&str] = &[
    "id", "title", "date", "kind", "findings", "actions", "updates", "metrics", "evidence",
];
const ACTION_KEYS: &[&str] = &[
    "id", "title", "owner", "due", "kind", "refs", "support", "raised", "closes",
];
const FINDING_KEYS: &[&str] = &["id", "severity", "text", "refs"];
const UPDATE_KEYS: &[&str] = &["action", "status", "date", "due", "evidence", "note"];
const DECISION_KEYS: &[&str] = &["id", "text", "refs", "owner", "due", "actions"];
const EVIDENCE_KEYS: &[&str] = &[
    "path",
    "url",
    "title",
    "refs",
    "sha256",
    "retrieved",
    "valid_until",
];

/// Reads a document from its bytes. Returns `None` (with findings) when the
/// file cannot be read as a document at all.
pub fn read(path: &str, kind: DocumentKind, bytes: &[u8], r: &mut Reader<'_>) -> Option<Document> {
    let sha256 = sha256_bytes(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32
                + 1;
            r.report(
                Code::MB006,
                Span::at(line, 1),
                format!(
                    "{path} is not UTF-8 text (invalid byte at offset {}): save it as UTF-8",
                    e.valid_up_to()
                ),
            );
            return None;
        }
    };
    if let Some(pos) = text.find('\0') {
        let line = text[..pos].matches('\n').count() as u32 + 1;
        r.report(
            Code::MB006,
            Span::at(line, 1),
            format!("{path} contains NUL bytes: it is a binary file, not UTF-8 Markdown text"),
        );
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = lone_carriage_returns_as_line_feeds(text);
    let text: &str = &text;
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(e) => {
            r.report(Code::MB001, e.span, e.message);
            return None;
        }
    };
    let root = match yaml::parse(split.yaml, split.yaml_line) {
        Ok(n) => n,
        Err(e) => {
            r.report(
                Code::MB002,
                e.span,
                format!("YAML syntax error: {}", e.message),
            );
            return None;
        }
    };
    let what = match kind {
        DocumentKind::Review => "a review",
        DocumentKind::Record => "a record",
    };
    if root.value == Value::Null {
        r.report(
            Code::MB004,
            Span::at(1, 1),
            format!("the frontmatter is empty: {what} needs at least `id` and `date`"),
        );
        return None;
    }
    let keys = if kind == DocumentKind::Review {
        REVIEW_KEYS
    } else {
        RECORD_KEYS
    };
    let f = r.map(&root, &format!("the frontmatter of {what}"), keys)?;
    let id = match f.get("id") {
        Some(n) => r.id(n, "the document id"),
        None => {
            r.missing(&f, "id", what);
            None
        }
    };
    let label = id
        .as_ref()
        .map_or_else(|| path.to_string(), |i| i.value.clone());
    let date = match f.get("date") {
        Some(n) => r.date(n, &format!("the date of {label}")),
        None => {
            r.missing(&f, "date", &label);
            None
        }
    };
    let title = r
        .optional_text(&f, "title", &label)
        .map_or_else(|| label.clone(), |t| t.value);
    let mut doc_kind_review = None;
    let mut record_kind = None;
    match kind {
        DocumentKind::Review => {
            let mut part = read_review(&f, &label, r);
            // The next review is planned after this one, not before it.
            if let (Some(next), Some(held)) = (&part.next_review, &date)
                && next.value < held.value
            {
                r.report(
                    Code::MB004,
                    next.span,
                    format!(
                        "`next_review: {}` of {label} is before the review's own date {}",
                        next.value, held.value
                    ),
                );
                part.next_review = None;
            }
            doc_kind_review = Some(part);
        }
        DocumentKind::Record => match f.get("kind") {
            Some(n) => {
                record_kind = r
                    .one_of(
                        n,
                        "record kind",
                        &[
                            ("audit", RecordKind::Audit),
                            ("incident", RecordKind::Incident),
                            ("note", RecordKind::Note),
                        ],
                    )
                    .map(|k| k.value);
            }
            None => r.missing(&f, "kind", &label),
        },
    }
    let findings = read_findings(&f, &label, record_kind, r);
    let actions = r
        .list(f.get("actions"), "`actions`")
        .into_iter()
        .filter_map(|n| read_action(n, &label, r))
        .collect();
    let updates = r
        .list(f.get("updates"), "`updates`")
        .into_iter()
        .filter_map(|n| read_update(n, &label, r))
        .collect();
    let metrics = read_metrics(f.get("metrics"), &label, r);
    let evidence = read_evidence_list(f.get("evidence"), &label, r);
    let scanned = body::scan(split.body, split.body_line);
    let (id, date) = (id?, date?);
    Some(Document {
        path: path.to_string(),
        kind,
        id,
        title,
        date: date.value,
        review: doc_kind_review,
        record_kind,
        actions,
        findings,
        updates,
        metrics,
        evidence,
        body: split.body.to_string(),
        body_line: split.body_line,
        headings: scanned.headings,
        links: scanned.links,
        intro: scanned.intro,
        sha256,
        span: Span::at(1, 1),
    })
}

fn read_review(f: &Fields<'_>, label: &str, r: &mut Reader<'_>) -> ReviewPart {
    let mut p = ReviewPart::default();
    if let Some(n) = f.get("kind") {
        p.extraordinary = r
            .one_of(
                n,
                "review kind",
                &[("scheduled", false), ("extraordinary", true)],
            )
            .is_some_and(|k| k.value);
    }
    p.trigger = r.optional_text(f, "trigger", label).map(|t| t.value);
    p.next_review = f
        .get("next_review")
        .and_then(|n| r.date(n, &format!("`next_review` of {label}")));
    // A trigger written with the wrong type is one MB004 (from reading it),
    // not a second "missing" one.
    if p.extraordinary && !f.has("trigger") {
        r.missing(f, "trigger", &format!("extraordinary review {label}"));
    }
    // Lists may be written empty (`decisions: []` is MB025, not MB004); the
    // chair is one person and must be named.
    for key in ["attendees", "covers", "decisions"] {
        if !f.has(key) {
            r.missing(f, key, &format!("review {label}"));
        }
    }
    if f.get("chair").is_none() {
        r.missing(f, "chair", &format!("review {label}"));
    }
    p.chair = f
        .get("chair")
        .and_then(|n| r.id(n, &format!("the chair of {label}")));
    p.secretary = f
        .get("secretary")
        .and_then(|n| r.id(n, &format!("the secretary of {label}")));
    p.attendees = r.id_list(f.get("attendees"), "`attendees`");
    p.apologies = r.id_list(f.get("apologies"), "`apologies`");
    if let Some(c) = f.get("covers") {
        match &c.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    let (Some(reference), Some(anchor)) = (r.text(k, "a covered input"), r.text(v, "the anchor of a covered input")) else {
                        continue;
                    };
                    let anchor = Spanned::new(anchor.value.trim_start_matches('#').to_string(), anchor.span);
                    p.covers.push(Cover { reference, anchor });
                }
            }
            _ => r.report(
                Code::MB004,
                c.span,
                format!("`covers` of {label} must map each review input to a heading anchor (`9.3.2.a: previous-actions`), not {}", c.shape()),
            ),
        }
    }
    p.decisions_span = f.key_span("decisions");
    p.covers_span = f.key_span("covers");
    p.decisions = r
        .list(f.get("decisions"), "`decisions`")
        .into_iter()
        .filter_map(|n| {
            let df = r.map(n, &format!("a decision of {label}"), DECISION_KEYS)?;
            let id = match df.get("id") {
                Some(n) => r.id(n, "a decision id"),
                None => {
                    r.missing(&df, "id", &format!("a decision of {label}"));
                    None
                }
            };
            let what = id.as_ref().map_or_else(
                || format!("a decision of {label}"),
                |i| format!("decision {}", i.value),
            );
            let text = r.required_text(&df, "text", &what);
            let refs = r.text_list(df.get("refs"), "`refs`");
            let owner = df
                .get("owner")
                .and_then(|n| r.id(n, &format!("the owner of {what}")));
            let due = df
                .get("due")
                .and_then(|n| r.date(n, &format!("the due date of {what}")));
            let actions = r.id_list(df.get("actions"), "`actions` of a decision");
            Some(Decision {
                id: id?,
                text: text?.value,
                refs,
                owner,
                due,
                actions,
            })
        })
        .collect();
    p
}

fn read_action(n: &Node, label: &str, r: &mut Reader<'_>) -> Option<Action> {
    let f = r.map(n, &format!("an action of {label}"), ACTION_KEYS)?;
    let id = match f.get("id") {
        Some(n) => r.id(n, "an action id"),
        None => {
            r.missing(&f, "id", &format!("an action of {label}"));
            None
        }
    };
    let what = id.as_ref().map_or_else(
        || format!("an action of {label}"),
        |i| format!("action {}", i.value),
    );
    let title = r.required_text(&f, "title", &what);
    let owner = match f.get("owner") {
        None => {
            r.report_help(
                Code::MB030,
                f.span,
                format!("{what} has no owner"),
                "give it exactly one accountable `owner:`; helpers go in `support:`".into(),
            );
            None
        }
        Some(o) => {
            match &o.value {
                Value::Seq(items) if items.len() != 1 => {
                    let names: Vec<&str> = items.iter().filter_map(Node::as_scalar).collect();
                    r.report_help(
                    Code::MB030,
                    o.span,
                    format!("{what} has {} owners ({}); an action has exactly one accountable owner", items.len(), names.join(", ")),
                    "keep one `owner:` and list the others under `support:`".into(),
                );
                    None
                }
                Value::Seq(items) => r.id(&items[0], &format!("the owner of {what}")),
                _ => r.id(o, &format!("the owner of {what}")),
            }
        }
    };
    let due = match f.get("due") {
        None => {
            r.report_help(
                Code::MB031,
                f.span,
                format!("{what} has no due date"),
                "add `due: YYYY-MM-DD`".into(),
            );
            None
        }
        Some(d) => r.date(d, &format!("the due date of {what}")),
    };
    let closes = r.id_list(f.get("closes"), "`closes`");
    let written_kind = f.get("kind").and_then(|k| {
        r.one_of(
            k,
            "action kind",
            &[
                ("improvement", ActionKind::Improvement),
                ("corrective", ActionKind::Corrective),
                ("risk-treatment", ActionKind::RiskTreatment),
            ],
        )
    });
    // An action that closes a finding is corrective: that is its
    // default, and any other kind written contradicts it.
    let kind = match written_kind {
        Some(k) if !closes.is_empty() && k.value != ActionKind::Corrective => {
            r.report_help(
                Code::MB004,
                k.span,
                format!(
                    "{what} closes {} but its kind is `{}`: an action that closes a nonconformity is corrective",
                    closes
                        .iter()
                        .map(|c| c.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    k.value.as_str()
                ),
                "write `kind: corrective` or leave `kind` out".into(),
            );
            ActionKind::Corrective
        }
        Some(k) => k.value,
        None if !closes.is_empty() => ActionKind::Corrective,
        None => ActionKind::Improvement,
    };
    let refs = r.text_list(f.get("refs"), "`refs`");
    let support = r.id_list(f.get("support"), "`support`");
    let raised = f
        .get("raised")
        .and_then(|d| r.date(d, &format!("the raised date of {what}")));
    Some(Action {
        id: id?,
        title: title.map(|t| t.value).unwrap_or_default(),
        owner,
        support,
        due,
        kind,
        refs,
        raised,
        closes,
        span: f.span,
    })
}

/// The `findings:` of a record. They belong to audit and
/// incident records: on a note they are MB004, and still read, so that the
/// actions closing them do not cascade into MB038.
fn read_findings(
    f: &Fields<'_>,
    label: &str,
    record_kind: Option<RecordKind>,
    r: &mut Reader<'_>,
) -> Vec<AuditFinding> {
    if f.get("findings").is_some() && record_kind == Some(RecordKind::Note) {
        r.report_help(
            Code::MB004,
            f.key_span("findings"),
            format!("{label} is a note: `findings` are written on audit and incident records"),
            "give the record `kind: audit` or `kind: incident`, or move the findings to the audit or incident record that found them".into(),
        );
    }
    r.list(f.get("findings"), "`findings`")
        .into_iter()
        .filter_map(|n| {
            let ff = r.map(n, &format!("a finding of {label}"), FINDING_KEYS)?;
            let id = match ff.get("id") {
                Some(n) => r.id(n, "a finding id"),
                None => {
                    r.missing(&ff, "id", &format!("a finding of {label}"));
                    None
                }
            };
            let what = id.as_ref().map_or_else(
                || format!("a finding of {label}"),
                |i| format!("finding {}", i.value),
            );
            let severity = match ff.get("severity") {
                Some(s) => r
                    .one_of(
                        s,
                        "finding severity",
                        &[
                            ("major", FindingSeverity::Major),
                            ("minor", FindingSeverity::Minor),
                            ("observation", FindingSeverity::Observation),
                            ("opportunity", FindingSeverity::Opportunity),
                        ],
                    )
                    .map(|s| s.value),
                None => {
                    r.missing(&ff, "severity", &what);
                    None
                }
            };
            let text = r.required_text(&ff, "text", &what);
            let refs = r.text_list(ff.get("refs"), "`refs`");
            Some(AuditFinding {
                id: id?,
                severity,
                text: text.map(|t| t.value).unwrap_or_default(),
                refs,
                span: ff.span,
            })
        })
        .collect()
}

fn read_update(n: &Node, label: &str, r: &mut Reader<'_>) -> Option<Update> {
    let f = r.map(n, &format!("an update in {label}"), UPDATE_KEYS)?;
    let action = match f.get("action") {
        Some(a) => r.id(a, "the action of an update"),
        None => {
            r.missing(&f, "action", &format!("an update in {label}"));
            None
        }
    };
    let what = action.as_ref().map_or_else(
        || format!("an update in {label}"),
        |a| format!("the update of {}", a.value),
    );
    let status = match f.get("status") {
        Some(s) => r.one_of(
            s,
            "status",
            &[
                ("open", Status::Open),
                ("in-progress", Status::InProgress),
                ("done", Status::Done),
                ("cancelled", Status::Cancelled),
            ],
        ),
        None => {
            r.missing(&f, "status", &what);
            None
        }
    };
    let date = f
        .get("date")
        .and_then(|d| r.date(d, &format!("the date of {what}")));
    let due = f
        .get("due")
        .and_then(|d| r.date(d, &format!("the re-planned due date of {what}")));
    let evidence = read_evidence_list(f.get("evidence"), &what, r);
    let note = r.optional_text(&f, "note", &what).map(|t| t.value);
    Some(Update {
        action: action?,
        status,
        date,
        due,
        evidence,
        note,
        span: f.span,
    })
}

fn read_metrics(node: Option<&Node>, label: &str, r: &mut Reader<'_>) -> Vec<Metric> {
    let Some(node) = node else { return Vec::new() };
    let Value::Map(entries) = &node.value else {
        r.report(
            Code::MB004,
            node.span,
            format!(
                "`metrics` of {label} must map metric ids to numbers, not {}",
                node.shape()
            ),
        );
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|(k, v)| {
            let id = r.id(k, "a metric id")?;
            let value = r.number(v, &format!("metric `{}` in {label}", id.value))?;
            Some(Metric { id, value })
        })
        .collect()
}

fn read_evidence_list(node: Option<&Node>, label: &str, r: &mut Reader<'_>) -> Vec<EvidenceRef> {
    r.list(node, "`evidence`")
        .into_iter()
        .filter_map(|n| match &n.value {
            Value::Scalar { .. } => r.text(n, "an evidence path").map(|path| EvidenceRef {
                span: path.span,
                path: Some(path),
                outside: None,
                title: None,
                refs: Vec::new(),
                valid_until: None,
            }),
            _ => read_evidence_entry(n, label, r),
        })
        .collect()
}

/// One `{path: …}` or `{url: …}` evidence entry. An entry with
/// both keeps its path (the URL is MB004), so nothing cascades from it
/// (MB033, MB043); one with neither is MB004 and dropped.
fn read_evidence_entry(n: &Node, label: &str, r: &mut Reader<'_>) -> Option<EvidenceRef> {
    let what = format!("evidence of {label}");
    let f = r.map(n, &what, EVIDENCE_KEYS)?;
    let title = r.optional_text(&f, "title", "evidence").map(|t| t.value);
    let refs = r.text_list(f.get("refs"), "`refs`");
    let valid_until = f
        .get("valid_until")
        .and_then(|d| r.date(d, &format!("`valid_until` of {what}")));
    let path = r.optional_text(&f, "path", &what);
    let url = r.optional_text(&f, "url", &what);
    let outside = match (&path, url) {
        (Some(p), Some(u)) => {
            r.report_help(
                Code::MB004,
                u.span,
                format!(
                    "evidence `{}` in {label} has both `path` and `url`: an entry is a file under content/ or evidence elsewhere, not both",
                    p.value
                ),
                "keep `path:` for the file in the site, or `url:` for evidence that lives elsewhere, as two entries if both exist".into(),
            );
            None
        }
        (Some(_), None) => None,
        (None, Some(u)) => Some(read_outside(&f, u, label, r)?),
        (None, None) => {
            if !f.has("path") && !f.has("url") {
                r.report_help(
                    Code::MB004,
                    f.span,
                    format!("evidence of {label} has neither `path` nor `url`"),
                    "write `path: evidence/…` for a file under content/, or `url: https://…` for evidence that lives elsewhere".into(),
                );
            } else {
                r.missing(&f, if f.has("url") { "url" } else { "path" }, &what);
            }
            return None;
        }
    };
    if path.is_some() {
        for key in ["sha256", "retrieved"] {
            if f.has(key) {
                r.report_help(
                    Code::MB004,
                    f.key_span(key),
                    format!(
                        "`{key}` is for evidence outside the site (`url:`), not for file `{}` in {label}",
                        path.as_ref().map_or("", |p| p.value.as_str())
                    ),
                    "a file under content/ is hashed and locked by minutebook (evidence.lock); drop the key".into(),
                );
            }
        }
    }
    Some(EvidenceRef {
        path,
        outside,
        title,
        refs,
        valid_until,
        span: f.span,
    })
}

/// The `url`, `sha256` and `retrieved` of outside evidence; None (MB004)
/// when the address is not `http(s)://` (a `javascript:` or `file:` link
/// must never reach a page).
fn read_outside(
    f: &super::fields::Fields<'_>,
    url: Spanned<String>,
    label: &str,
    r: &mut Reader<'_>,
) -> Option<OutsideEvidence> {
    let what = format!("outside evidence `{}` of {label}", url.value);
    let sha256 = f.get("sha256").and_then(|n| {
        let t = r.text(n, &format!("`sha256` of {what}"))?;
        let hex = t.value.trim();
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Some(hex.to_ascii_lowercase())
        } else {
            r.report_help(
                Code::MB004,
                t.span,
                format!(
                    "`sha256` of {what} is `{}`, not a SHA-256 digest (64 hexadecimal digits)",
                    t.value
                ),
                "copy the digest as `sha256sum` prints it, or leave `sha256` out".into(),
            );
            None
        }
    });
    let retrieved = f
        .get("retrieved")
        .and_then(|d| r.date(d, &format!("`retrieved` of {what}")));
    if let Some(problem) = crate::load::evidence::outside::url_problem(&url.value) {
        r.report_help(
            Code::MB004,
            url.span,
            format!("`url` of evidence in {label} is `{}`: {problem}", url.value),
            "outside evidence is an `http://` or `https://` address; a file of the site is written `path: evidence/…`".into(),
        );
        return None;
    }
    Some(OutsideEvidence {
        url,
        sha256,
        retrieved,
    })
}

/// The text with every carriage return that is not part of `\r\n` read as
/// a line feed. YAML and CommonMark both treat a lone CR as a line break
/// (files saved by classic Mac editors); without this a CR-only file was one
/// long line with no frontmatter (MB001). One byte for one byte, so every
/// span is the same; the document's digest is of its bytes as they are.
fn lone_carriage_returns_as_line_feeds(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let replaced: String = text
        .char_indices()
        .map(|(i, c)| if c == '\r' && lone(i) { '\n' } else { c })
        .collect();
    std::borrow::Cow::Owned(replaced)
}
