//! Generates a large, check-clean minutebook site (and the same bodies as a
//! Hugo site) for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --reviews 10000 /tmp/mb-10000
//! minutebook check --root /tmp/mb-10000 --as-of 2026-01-01
//! hugo -s /tmp/mb-10000-hugo
//! ```
//!
//! What it writes under `OUT/` (refused when `OUT` exists and is not empty):
//! - `minutebook.yaml` (`cadence_months: 1`, metrics and objectives),
//!   `content/people.yaml`;
//! - N scheduled reviews, one a week, the last on 2025-12-22 (for 10,000
//!   reviews the first is in 1834): 10 covered inputs of iso27001-2022 with
//!   matching `{#anchor}` headings, 2 decisions, 3 actions, an update for every
//!   action MB035 asks for, 4 metrics, 1–2 evidence files of the review itself
//!   and one closure file per action closed; bodies of about 8 KB of varied
//!   text (a deterministic PRNG), with a link to the previous review and one
//!   to an evidence file;
//! - about 4.5 evidence files per review under `content/evidence/<year>/`;
//! - `content/signoffs.yaml` (the chair signs each review 3 days after it,
//!   with the real SHA-256 of its bytes) and `evidence.lock`.
//!
//! Most actions close at the next review; one in ten stays in progress for
//! three reviews, so every review reports 3–4 updates. The site is clean
//! (no error, no warning) as of 2026-01-01, the date printed at the end.
//!
//! `OUT-hugo/` gets the same bodies as Hugo content (TOML front matter) with
//! a `config.toml` and minimal `single.html` / `list.html` layouts.
//!
//! Output is deterministic for a given `--reviews` and `--seed`.

use minutebook::Date;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The as-of date the generated site is clean on.
const AS_OF: &str = "2026-01-01";
/// The date of the last review.
const LAST_REVIEW: &str = "2025-12-22";
/// Days between two reviews.
const STEP_DAYS: i32 = 7;
/// An action's due date, in days after its review.
const DUE_DAYS: i32 = 90;

/// (input, anchor, heading) of the ten required iso27001-2022 review inputs.
const INPUTS: [(&str, &str, &str); 10] = [
    ("9.3.2.a", "previous-actions", "Status of previous actions"),
    (
        "9.3.2.b",
        "context",
        "Changes in external and internal issues",
    ),
    (
        "9.3.2.c",
        "interested-parties",
        "Needs and expectations of interested parties",
    ),
    (
        "9.3.2.d.1",
        "nonconformities",
        "Nonconformities and corrective actions",
    ),
    (
        "9.3.2.d.2",
        "monitoring",
        "Monitoring and measurement results",
    ),
    ("9.3.2.d.3", "audits", "Audit results"),
    (
        "9.3.2.d.4",
        "objectives",
        "Fulfilment of information security objectives",
    ),
    ("9.3.2.e", "feedback", "Feedback from interested parties"),
    ("9.3.2.f", "risk", "Risk assessment and treatment plan"),
    (
        "9.3.2.g",
        "improvement",
        "Opportunities for continual improvement",
    ),
];

/// (id, name, role, top management).
const PEOPLE: [(&str, &str, &str, bool); 12] = [
    ("ceo", "Helen Mercer", "Chief Executive Officer", true),
    ("cfo", "Rajesh Pillai", "Chief Financial Officer", true),
    ("coo", "Siobhan Gallagher", "Chief Operating Officer", true),
    ("cto", "Tomasz Wojcik", "Chief Technology Officer", false),
    (
        "ciso",
        "Priya Raman",
        "Chief Information Security Officer",
        false,
    ),
    (
        "isms-coord",
        "Joanna Kowalczyk",
        "ISMS and Compliance Coordinator",
        false,
    ),
    ("it-lead", "Owen Hughes", "Head of IT Operations", false),
    (
        "eng-lead",
        "Callum Reid",
        "Head of Platform Engineering",
        false,
    ),
    ("hr-lead", "Grace Achterberg", "Head of People", false),
    ("legal", "Fiona Blake", "General Counsel", false),
    ("dpo", "Amara Nwosu", "Data Protection Officer", false),
    ("fin-ctrl", "Luis Romero", "Financial Controller", false),
];

/// Action owners (never the chair, so ownership spreads).
const OWNERS: [&str; 8] = [
    "ciso",
    "cto",
    "it-lead",
    "eng-lead",
    "hr-lead",
    "legal",
    "dpo",
    "isms-coord",
];

/// (metric id, title, unit, low, high).
const METRICS: [(&str, &str, &str, f64, f64); 4] = [
    (
        "phishing-click-rate",
        "Phishing simulation click rate",
        "%",
        1.0,
        9.0,
    ),
    (
        "patch-sla-met",
        "Critical/high patches applied within SLA",
        "%",
        85.0,
        100.0,
    ),
    (
        "training-completion",
        "Security awareness training completion",
        "%",
        80.0,
        100.0,
    ),
    (
        "critical-vulns-open",
        "Critical vulnerabilities open over 14 days",
        "count",
        0.0,
        4.0,
    ),
];

const SUBJECTS: &[&str] = &[
    "The security team",
    "The service desk",
    "Platform engineering",
    "The data protection officer",
    "Internal audit",
    "The risk owner",
    "Finance",
    "The board",
    "The supplier manager",
    "Human resources",
    "The network group",
    "The cloud operations rota",
    "The incident manager",
    "Legal counsel",
    "The product security lead",
    "The identity team",
    "Facilities",
    "The customer success team",
    "The change advisory board",
    "The backup operator",
];
const VERBS: &[&str] = &[
    "reviewed",
    "completed",
    "re-planned",
    "tested",
    "documented",
    "escalated",
    "measured",
    "approved",
    "closed",
    "extended",
    "reported",
    "sampled",
    "verified",
    "retired",
    "restored",
    "assessed",
    "updated",
    "rehearsed",
    "benchmarked",
    "consolidated",
    "monitored",
    "rolled out",
];
const OBJECTS: &[&str] = &[
    "the access review for privileged accounts",
    "the backup restore procedure",
    "the supplier risk questionnaire",
    "the vulnerability scanning schedule",
    "the phishing simulation programme",
    "the incident response playbook",
    "the asset register",
    "the data retention schedule",
    "the firewall rule base",
    "the encryption key rotation",
    "the joiner and leaver process",
    "the logging pipeline",
    "the business continuity plan",
    "the change management records",
    "the cloud posture baseline",
    "the security awareness module",
    "the endpoint detection coverage",
    "the secure coding guideline",
    "the penetration test findings",
    "the risk treatment plan",
    "the statement of applicability",
    "the data processing agreements",
    "the mobile device policy",
    "the disaster recovery runbook",
    "the remote access gateway",
    "the password manager rollout",
    "the patch exception list",
    "the records of processing",
    "the physical entry logs",
    "the capacity forecast",
];
const QUALIFIERS: &[&str] = &[
    "ahead of the external surveillance audit",
    "after the quarterly sampling",
    "with no exception left open",
    "within the agreed service level",
    "following the tabletop exercise",
    "against the approved baseline",
    "for every production environment",
    "with evidence filed in the register",
    "as agreed at the previous review",
    "before the end of the reporting period",
    "despite two staff absences",
    "with support from the managed service provider",
    "for the new office site",
    "together with the affected business owners",
    "using the updated assessment method",
    "in line with the retention policy",
];
const CLOSINGS: &[&str] = &[
    "No further action is needed on this point.",
    "The chair asked for a short update next time.",
    "The residual risk stays within appetite.",
    "The trend is stable over the last quarter.",
    "Evidence is attached to these minutes.",
    "The owner confirmed the date in the meeting.",
    "Attendees agreed the approach without objection.",
    "The finding was discussed and accepted.",
    "A follow-up check is planned for the next cycle.",
    "Costs stay within the approved budget.",
];
const ACTION_VERBS: &[&str] = &[
    "Enforce",
    "Review",
    "Automate",
    "Document",
    "Test",
    "Replace",
    "Extend",
    "Harden",
    "Retire",
    "Audit",
    "Encrypt",
    "Segregate",
    "Monitor",
    "Train staff on",
];
const ACTION_OBJECTS: &[&str] = &[
    "MFA for contractor accounts",
    "backups of the billing database",
    "the supplier exit plan",
    "logging on build agents",
    "the guest wireless network",
    "privileged access approvals",
    "the laptop encryption baseline",
    "the web application firewall rules",
    "shared mailboxes",
    "the vendor onboarding checklist",
    "key management for archives",
    "the DNS filtering policy",
    "remote wipe for mobile devices",
    "the secure development lifecycle",
    "legacy file shares",
];
/// Annex A controls and clauses used in `refs`.
const CONTROLS: &[&str] = &[
    "A.5.1", "A.5.7", "A.5.9", "A.5.12", "A.5.15", "A.5.17", "A.5.19", "A.5.23", "A.5.24",
    "A.5.29", "A.5.30", "A.6.3", "A.6.7", "A.7.2", "A.7.10", "A.8.1", "A.8.5", "A.8.7", "A.8.8",
    "A.8.12", "A.8.13", "A.8.15", "A.8.16", "A.8.20", "A.8.22", "A.8.24", "A.8.25", "A.8.32",
];
const CLAUSES: &[&str] = &[
    "6.1.2", "6.1.3", "6.2", "7.2", "7.3", "8.2", "8.3", "10.1", "10.2",
];

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
    }
}

struct Args {
    reviews: usize,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut reviews = None;
    let mut seed = 27001;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--reviews" => reviews = it.next().and_then(|v| v.parse().ok()),
            "--seed" => {
                seed = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--seed takes a number")?;
            }
            "-h" | "--help" => return Err(String::new()),
            _ if !a.starts_with('-') && out.is_none() => out = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument `{a}`")),
        }
    }
    let reviews = reviews
        .filter(|&n| n >= 1)
        .ok_or("--reviews N (N >= 1) is required")?;
    let out = out.ok_or("the output folder is required")?;
    Ok(Args { reviews, seed, out })
}

/// Whether action `j` of review `k` stays in progress for three reviews (else it closes at the next).
fn reviews_to_close(seed: u64, k: usize, j: usize) -> usize {
    if Rng::new(seed, (k * 4 + j) as u64 ^ 0x5eed).below(10) == 0 {
        3
    } else {
        1
    }
}

/// What one review is made of, enough to write both sites.
struct Review {
    k: usize,
    id: String,
    date: Date,
    file: String,
    title: String,
    front: String,
    body: String,
    /// (path relative to content/, bytes) of the evidence files it references.
    evidence: Vec<(String, Vec<u8>)>,
}

fn review_id(k: usize) -> String {
    format!("MR-{:05}", k + 1)
}

fn review_file(k: usize, date: Date) -> String {
    format!("{date}-mr-{:05}.md", k + 1)
}

fn action_id(k: usize, j: usize) -> String {
    format!("A-{:05}-{}", k + 1, j + 1)
}

fn year(date: Date) -> String {
    date.to_string()[..4].to_string()
}

fn sentence(rng: &mut Rng, k: usize) -> String {
    let mut s = String::new();
    match rng.below(4) {
        0 => write!(
            s,
            "{} {} {} {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(QUALIFIERS)
        ),
        1 => write!(
            s,
            "{} {} {}, covering {} of {} items, {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.below(90) + 10,
            rng.below(60) + 100,
            rng.pick(QUALIFIERS)
        ),
        2 => write!(
            s,
            "Since review {} the figure moved from {:.1} to {:.1}, and {} {} {}.",
            review_id(k.saturating_sub(1)),
            rng.range(1.0, 99.0),
            rng.range(1.0, 99.0),
            rng.pick(SUBJECTS).to_lowercase(),
            rng.pick(VERBS),
            rng.pick(OBJECTS)
        ),
        _ => write!(
            s,
            "{} {} {}. {}",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(CLOSINGS)
        ),
    }
    .expect("write to String");
    s
}

/// A paragraph of at least `bytes` bytes, wrapped at about 78 columns.
fn paragraph(rng: &mut Rng, k: usize, bytes: usize) -> String {
    let mut text = String::new();
    while text.len() < bytes {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&sentence(rng, k));
    }
    let mut out = String::new();
    let mut line = 0;
    for w in text.split(' ') {
        if line > 0 && line + w.len() > 78 {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += w.len();
    }
    out.push('\n');
    out
}

fn evidence_bytes(rng: &mut Rng, title: &str, date: Date) -> Vec<u8> {
    let mut s = format!("# {title}\n# exported {date}\nitem,owner,value,status\n");
    let rows = 5 + rng.below(40);
    for i in 0..rows {
        let _ = writeln!(
            s,
            "{},{},{:.2},{}",
            i + 1,
            rng.pick(&OWNERS),
            rng.range(0.0, 1000.0),
            if rng.below(5) == 0 { "open" } else { "closed" }
        );
    }
    s.into_bytes()
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn make_review(seed: u64, k: usize, first: Date) -> Review {
    let mut rng = Rng::new(seed, k as u64);
    let date = first.add_days(STEP_DAYS * k as i32);
    let id = review_id(k);
    let file = review_file(k, date);
    let y = year(date);
    let title = format!("ISMS management review {} of {date}", k + 1);
    let mut evidence: Vec<(String, Vec<u8>)> = Vec::new();

    // The review's own evidence: a risk register extract, and every other week a metrics report.
    let risk_path = format!("evidence/{y}/mr-{:05}-risk-register.csv", k + 1);
    evidence.push((
        risk_path.clone(),
        evidence_bytes(&mut rng, "Risk register extract", date),
    ));
    let metrics_path = k
        .is_multiple_of(2)
        .then(|| format!("evidence/{y}/mr-{:05}-metrics.csv", k + 1));
    if let Some(p) = &metrics_path {
        evidence.push((
            p.clone(),
            evidence_bytes(&mut rng, "Monitoring report", date),
        ));
    }

    let mut f = String::new();
    let _ = writeln!(
        f,
        "---\nid: {id}\ntitle: {title}\ndate: {date}\nkind: scheduled\nchair: ceo\nsecretary: isms-coord"
    );
    let attendees = ["ceo", "cfo", "ciso", "cto", "it-lead", "isms-coord", "dpo"];
    let apologies = if k.is_multiple_of(3) { "[legal]" } else { "[]" };
    let _ = writeln!(
        f,
        "attendees: [{}]\napologies: {apologies}\ncovers:",
        attendees.join(", ")
    );
    for (input, anchor, _) in INPUTS {
        let _ = writeln!(f, "  {input}: {anchor}");
    }
    let _ = writeln!(f, "decisions:");
    for j in 0..2 {
        let text = format!(
            "{} {} {}.",
            if j == 0 {
                "Approve the plan to review"
            } else {
                "Fund the work on"
            },
            rng.pick(OBJECTS),
            rng.pick(QUALIFIERS)
        );
        let _ = writeln!(
            f,
            "  - id: D-{:05}-{}\n    text: {}\n    refs: [9.3.3, {}]",
            k + 1,
            j + 1,
            yaml_str(&text),
            rng.pick(CONTROLS)
        );
    }
    let _ = writeln!(f, "actions:");
    for j in 0..3 {
        let title = format!(
            "{} {} (site {})",
            rng.pick(ACTION_VERBS),
            rng.pick(ACTION_OBJECTS),
            rng.below(40) + 1
        );
        let kind = ["improvement", "corrective", "risk-treatment"][rng.below(3)];
        let _ = writeln!(
            f,
            "  - id: {}\n    title: {}\n    owner: {}\n    due: {}\n    kind: {kind}\n    refs: [{}, {}]",
            action_id(k, j),
            yaml_str(&title),
            rng.pick(&OWNERS),
            date.add_days(DUE_DAYS),
            rng.pick(CONTROLS),
            rng.pick(CLAUSES)
        );
    }
    // Updates: every action raised at the last three reviews that is not closed before this one.
    let mut updates = String::new();
    let mut reported = Vec::new();
    for back in (1..=3usize).rev() {
        let Some(r) = k.checked_sub(back) else {
            continue;
        };
        for j in 0..3 {
            let close = reviews_to_close(seed, r, j);
            if back > close {
                continue;
            }
            let aid = action_id(r, j);
            if back == close {
                let path = format!("evidence/{y}/{}-closure.txt", aid.to_lowercase());
                let bytes = evidence_bytes(&mut rng, &format!("Closure evidence for {aid}"), date);
                let _ = writeln!(
                    updates,
                    "  - action: {aid}\n    status: done\n    evidence: [{path}]\n    note: {}",
                    yaml_str(rng.pick(CLOSINGS))
                );
                evidence.push((path, bytes));
                reported.push(format!("{aid} (done)"));
            } else {
                let _ = writeln!(
                    updates,
                    "  - action: {aid}\n    status: in-progress\n    note: {}",
                    yaml_str(rng.pick(CLOSINGS))
                );
                reported.push(format!("{aid} (in progress)"));
            }
        }
    }
    if !updates.is_empty() {
        let _ = write!(f, "updates:\n{updates}");
    }
    let _ = writeln!(f, "metrics:");
    for (m, _, _, lo, hi) in METRICS {
        let v = rng.range(lo, hi);
        if m == "critical-vulns-open" {
            let _ = writeln!(f, "  {m}: {}", v as u32 % 2);
        } else {
            let _ = writeln!(f, "  {m}: {v:.1}");
        }
    }
    let _ = writeln!(f, "evidence:");
    let _ = writeln!(
        f,
        "  - {{path: {risk_path}, title: Risk register extract, refs: [9.3.2.f, 6.1.2]}}"
    );
    if let Some(p) = &metrics_path {
        let _ = writeln!(
            f,
            "  - {{path: {p}, title: Monitoring and measurement report, refs: [9.3.2.d.2, 9.1]}}"
        );
    }
    let _ = writeln!(f, "---");
    let front = f;

    // The body: an intro, the ten inputs, the decisions; about 8 KB in all.
    let mut body = String::new();
    let _ = writeln!(body, "# {title}\n");
    body.push_str(&paragraph(&mut rng, k, 300));
    for (i, (_, anchor, heading)) in INPUTS.iter().enumerate() {
        let _ = writeln!(body, "\n## {heading} {{#{anchor}}}\n");
        let mut text = paragraph(&mut rng, k, 600);
        if i == 0 {
            let prev = if k == 0 {
                "This is the first review of the series.".to_string()
            } else {
                format!(
                    "The [previous review]({}) raised three actions.",
                    review_file(k - 1, date.add_days(-STEP_DAYS))
                )
            };
            let list = if reported.is_empty() {
                "none".to_string()
            } else {
                reported.join(", ")
            };
            text = format!("{prev} Reported here: {list}.\n{text}");
        }
        if i == 4 {
            text.push_str(&format!("\nThe [risk register extract](../evidence/{y}/mr-{:05}-risk-register.csv) is attached.\n", k + 1));
        }
        body.push_str(&text);
    }
    let _ = writeln!(body, "\n## Decisions {{#decisions}}\n");
    body.push_str(&paragraph(&mut rng, k, 300));

    Review {
        k,
        id,
        date,
        file,
        title,
        front,
        body,
        evidence,
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap_or_else(|e| panic!("cannot create {}: {e}", p.display()));
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn refuse_non_empty(dir: &Path) -> Result<(), String> {
    match fs::read_dir(dir) {
        Ok(mut e) => match e.next() {
            Some(_) => Err(format!("{} exists and is not empty", dir.display())),
            None => Ok(()),
        },
        Err(_) => Ok(()),
    }
}

/// A generated review: its sign-off line, its lock lines (path, digest) and its size.
type GeneratedReview = (String, Vec<(String, String)>, usize);

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("usage: gen_corpus --reviews N [--seed S] OUT   (also writes OUT-hugo/)");
            std::process::exit(2);
        }
    };
    let out = args.out.clone();
    let mut hugo_name = out
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    hugo_name.push("-hugo");
    let hugo = out.with_file_name(hugo_name);
    for d in [&out, &hugo] {
        if let Err(e) = refuse_non_empty(d) {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
    let n = args.reviews;
    let last = Date::parse(LAST_REVIEW).expect("valid date");
    let first = last.add_days(-STEP_DAYS * (n as i32 - 1));
    if first < Date::from_ymd(1, 1, 1).expect("valid date") {
        eprintln!("error: {n} weekly reviews do not fit after year 1");
        std::process::exit(2);
    }

    // Configuration and people.
    let mut cfg = String::from(
        "# Generated by examples/gen_corpus.rs: a benchmark corpus of weekly reviews.\n\
         title: Benchmark Ltd — ISMS evidence\norganisation: Benchmark Ltd\nframeworks: [iso27001-2022]\n\
         cadence_months: 1\nsignoff_within_days: 30\nretention_years: 3\n\
         quorum: {top_management: 1, people: [ciso]}\nsigners: [ciso]\nobjectives:\n\
         \x20 - {id: OBJ-1, title: Phishing click rate under 10 %, metric: phishing-click-rate, target: \"< 10\"}\n\
         \x20 - {id: OBJ-2, title: At least 80 % of patches within SLA, metric: patch-sla-met, target: \">= 80\"}\n\
         metrics:\n",
    );
    for (m, title, unit, _, _) in METRICS {
        let _ = writeln!(cfg, "  {m}: {{title: {title}, unit: {}}}", yaml_str(unit));
    }
    write(&out.join("minutebook.yaml"), cfg.as_bytes());
    let mut people = String::new();
    for (id, name, role, top) in PEOPLE {
        let _ = writeln!(
            people,
            "{id}: {{name: {name}, role: {role}{}}}",
            if top { ", top_management: true" } else { "" }
        );
    }
    write(&out.join("content/people.yaml"), people.as_bytes());

    // Hugo skeleton.
    write(
        &hugo.join("config.toml"),
        b"baseURL = \"http://localhost/\"\nlanguageCode = \"en-gb\"\ntitle = \"Benchmark Ltd - ISMS evidence\"\n",
    );
    write(
        &hugo.join("layouts/_default/single.html"),
        b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><main><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }} {{ .Params.review_id }}</p>\n{{ .Content }}</main></body></html>\n",
    );
    write(
        &hugo.join("layouts/_default/list.html"),
        b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><main><h1>{{ .Title }}</h1><ul>\n{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>\n{{ end }}</ul></main></body></html>\n",
    );
    write(
        &hugo.join("content/reviews/_index.md"),
        b"+++\ntitle = \"Management reviews\"\n+++\n",
    );

    // Reviews, in parallel; each returns its sign-off line and lock lines.
    let done: Vec<GeneratedReview> = (0..n)
        .into_par_iter()
        .map(|k| {
            let r = make_review(args.seed, k, first);
            let doc = format!("{}{}", r.front, r.body);
            write(&out.join("content/reviews").join(&r.file), doc.as_bytes());
            let hugo_doc = format!(
                "+++\ntitle = {}\ndate = {}\nslug = {}\nreview_id = {}\n+++\n{}",
                yaml_str(&r.title),
                r.date,
                yaml_str(&r.id.to_lowercase()),
                yaml_str(&r.id),
                r.body
            );
            write(
                &hugo.join("content/reviews").join(&r.file),
                hugo_doc.as_bytes(),
            );
            let mut locks = Vec::new();
            for (rel, bytes) in &r.evidence {
                write(&out.join("content").join(rel), bytes);
                locks.push((format!("content/{rel}"), sha256_hex(bytes)));
            }
            let signoff = format!(
                "- document: reviews/{}\n  person: ceo\n  date: {}\n  sha256: {}\n",
                r.file,
                r.date.add_days(3),
                sha256_hex(doc.as_bytes())
            );
            debug_assert_eq!(r.k, k);
            (signoff, locks, doc.len())
        })
        .collect();

    let mut signoffs = String::new();
    let mut lock: Vec<(String, String)> = Vec::new();
    let mut body_bytes = 0;
    for (s, l, b) in done {
        signoffs.push_str(&s);
        lock.extend(l);
        body_bytes += b;
    }
    write(&out.join("content/signoffs.yaml"), signoffs.as_bytes());
    lock.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut lock_text = String::new();
    for (path, sha) in &lock {
        let _ = writeln!(lock_text, "{sha}  {path}");
    }
    write(&out.join("evidence.lock"), lock_text.as_bytes());

    println!(
        "wrote {n} reviews ({} MB of Markdown, {} evidence files) into {} and {}; first review {first}, last {last}; check with --as-of {AS_OF}",
        body_bytes / 1_000_000,
        lock.len(),
        out.display(),
        hugo.display()
    );
}
