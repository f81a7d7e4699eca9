//! The built site, through the real binary with a fixed `--as-of` (§5):
//! golden exports, relative links that name existing files and anchors,
//! `SHA256SUMS` against coreutils' `sha256sum -c`, byte-identical rebuilds
//! and bundles, atomic and guarded output folders, escaping of hostile text,
//! and `verify` on tampered, truncated and padded copies.
//!
//! Fixtures: `site-golden` and `xss` (tests/fixtures/generate.py), `clean`,
//! and the demo site at the crate root. Every build writes into a temporary
//! folder; fixtures are copied first, so the tree is never touched.

mod common;

use common::TempDir;
use common::{assert_same_tree, copy_tree, fixture, run, scratch_copy, tree};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The as-of date of the fixture builds.
const AS_OF: &str = "2025-12-31";
/// The as-of date of the demo build (as in scripts/test.sh).
const DEMO_AS_OF: &str = "2026-11-26";

// ------------------------------------------------------------------ helpers

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `minutebook build --root ROOT -o OUT --as-of DATE --quiet`.
fn build(root: &Path, out: &Path, as_of: &str) -> Output {
    run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        as_of,
        "--quiet",
    ])
}

fn build_ok(root: &Path, out: &Path, as_of: &str) {
    let o = build(root, out, as_of);
    assert_eq!(
        o.status.code(),
        Some(0),
        "build of {} failed:\n{}",
        root.display(),
        text(&o)
    );
}

/// `minutebook bundle --root ROOT -o ZIP --as-of DATE --quiet`, which must succeed.
fn bundle_ok(root: &Path, zip: &Path, as_of: &str) {
    let o = run(&[
        "bundle",
        "--root",
        root.to_str().unwrap(),
        "-o",
        zip.to_str().unwrap(),
        "--as-of",
        as_of,
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "bundle of {} failed:\n{}",
        root.display(),
        text(&o)
    );
}

/// A fixture copied into a scratch folder and built; returns (scratch, site).
fn built_fixture(name: &str) -> (TempDir, PathBuf) {
    let dir = scratch_copy(name);
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, AS_OF);
    (dir, out)
}

/// The demo site (the crate root) built into a temporary folder with `-o`.
fn built_demo() -> (TempDir, PathBuf) {
    let dir = common::temp_dir("demo");
    let out = dir.path().join("site");
    build_ok(Path::new(env!("CARGO_MANIFEST_DIR")), &out, DEMO_AS_OF);
    (dir, out)
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// Runs an external tool; a missing tool is a failure with the install hint,
/// never a skip.
fn tool(cmd: &mut Command, install: &str) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?} ({e}); install it: {install}"))
}

// ------------------------------------------------------- a small HTML lexer

/// A start tag: lower-cased name, attributes (lower-cased names, values with
/// character references decoded) and, for `script`/`style`, its raw content.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    content: String,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes the character references a template or Markdown renderer writes.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ if name.starts_with("#x") || name.starts_with("#X") => {
                u32::from_str_radix(&name[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The start tags of a page, in order (comments, doctype and end tags skipped;
/// `script`, `style`, `title` and `textarea` content is text, not tags).
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if b.get(i + 1)
            .is_some_and(|c| *c == b'!' || *c == b'/' || *c == b'?')
        {
            i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let end = b[j + 1..]
                        .iter()
                        .position(|c| *c == q)
                        .map_or(b.len(), |p| j + 1 + p);
                    value = decode_entities(&html[j + 1..end]);
                    j = end + 1;
                } else {
                    let s = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[s..j]);
                }
            }
            attrs.push((attr, value));
        }
        let mut content = String::new();
        if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            let close = format!("</{name}");
            let lower = html[j.min(b.len())..].to_ascii_lowercase();
            let end = lower.find(&close).map_or(b.len(), |e| j + e);
            content = html[j.min(b.len())..end].to_string();
            j = end;
        }
        out.push(Tag {
            name,
            attrs,
            content,
        });
        i = j;
    }
    out
}

/// Joins a relative URL path to the folder of `page` (site-relative);
/// None when it climbs above the site root.
fn join(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The link check: every href/src/action of every page is relative and
/// names an existing file, and every fragment is an `id` of its target page.
/// An `<a href>` may be an external http(s) URL only when `external_ok` says
/// it was written by the author (a body link); nothing else is loaded from
/// outside. Returns the problems found, one line each.
fn link_problems(site: &Path, external_ok: &dyn Fn(&str) -> bool) -> Vec<String> {
    let files = tree(site);
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut page_tags = BTreeMap::new();
    for (rel, bytes) in &files {
        if rel.ends_with(".html") {
            let html = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{rel} is not UTF-8"));
            let t = tags(html);
            ids.insert(
                rel.as_str(),
                t.iter()
                    .filter_map(|t| t.attr("id"))
                    .map(str::to_string)
                    .collect(),
            );
            page_tags.insert(rel.as_str(), t);
        }
    }
    assert!(
        page_tags.contains_key("index.html"),
        "the site has no index.html"
    );
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, tags) in &page_tags {
        for tag in tags {
            for (attr, url) in &tag.attrs {
                if !matches!(
                    attr.as_str(),
                    "href" | "src" | "action" | "poster" | "srcset" | "xlink:href"
                ) {
                    continue;
                }
                checked += 1;
                let url = url.trim();
                let mut bad = |why: &str| {
                    problems.push(format!("{page}: <{} {attr}=\"{url}\">: {why}", tag.name));
                };
                if url.is_empty() {
                    bad("empty URL");
                    continue;
                }
                let lower = url.to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    if tag.name != "a" || attr != "href" {
                        bad("loads something from outside the site");
                    } else if !external_ok(url) {
                        bad("external link not written in any body");
                    }
                    continue;
                }
                if lower.starts_with("mailto:") || lower.starts_with("tel:") {
                    if tag.name != "a" {
                        bad("mailto/tel outside a link");
                    }
                    continue;
                }
                if url.starts_with('/') || url.starts_with('\\') {
                    bad("absolute path (must be relative)");
                    continue;
                }
                if let Some(colon) = url.find(':')
                    && !url[..colon].contains(['/', '?', '#'])
                {
                    bad("URL with a scheme");
                    continue;
                }
                let (before_frag, frag) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url, None),
                };
                let path = before_frag.split('?').next().unwrap_or_default();
                let target = if path.is_empty() {
                    page.to_string()
                } else {
                    if path.ends_with('/') {
                        bad("names a folder, not a file");
                        continue;
                    }
                    let Some(t) = join(page, &minutebook::derive::links::percent_decode(path))
                    else {
                        bad("climbs above the site root");
                        continue;
                    };
                    t
                };
                if !files.contains_key(&target) {
                    if site.join(&target).is_dir() {
                        bad("names a folder, not a file");
                    } else {
                        bad(&format!("target {target} does not exist"));
                    }
                    continue;
                }
                if let Some(frag) = frag
                    && target.ends_with(".html")
                {
                    let frag = minutebook::derive::links::percent_decode(frag);
                    if frag.is_empty() {
                        bad("empty fragment");
                    } else if !ids[target.as_str()].contains(&frag) {
                        bad(&format!("no id=\"{frag}\" in {target}"));
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no link found at all in {}", site.display());
    // The search index links to pages and anchors too (relative to the root).
    if let Some(js) = files.get("search-index.js") {
        let js = String::from_utf8_lossy(js);
        let json = js
            .trim()
            .strip_prefix("window.MINUTEBOOK_SEARCH = ")
            .and_then(|j| j.strip_suffix(';'))
            .expect("search-index.js assigns window.MINUTEBOOK_SEARCH");
        let entries: Vec<serde_json::Value> =
            serde_json::from_str(json).expect("search index is JSON");
        assert!(!entries.is_empty(), "empty search index");
        for e in &entries {
            // A section's or decision's href is an anchor on its document's
            // page (the entry `doc` points at).
            let own = e["href"].as_str().unwrap_or_default();
            let href = match e["doc"].as_u64() {
                Some(d) if own.starts_with('#') => format!(
                    "{}{own}",
                    entries[d as usize]["href"].as_str().unwrap_or_default()
                ),
                _ => own.to_string(),
            };
            let href = href.as_str();
            let (path, frag) = href.split_once('#').unwrap_or((href, ""));
            let path = minutebook::derive::links::percent_decode(path);
            let mut bad = |why: String| problems.push(format!("search-index.js: {href}: {why}"));
            if href.starts_with('/')
                || href.contains("://")
                || path.is_empty()
                || path.ends_with('/')
            {
                bad("not a relative link to a file".into());
            } else if !files.contains_key(&path) {
                bad(format!("no file {path}"));
            } else if !frag.is_empty()
                && !ids
                    .get(path.as_str())
                    .is_some_and(|i| i.contains(&minutebook::derive::links::percent_decode(frag)))
            {
                bad(format!(
                    "no id=\"{}\" in {path}",
                    minutebook::derive::links::percent_decode(frag)
                ));
            }
        }
    }
    problems
}

/// External links are allowed where some Markdown file of the site's content
/// (or its configuration) spells the URL out.
fn authored_urls(root: &Path) -> impl Fn(&str) -> bool {
    let mut corpus = fs::read_to_string(root.join("minutebook.yaml")).unwrap_or_default();
    for (rel, bytes) in tree(&root.join("content")) {
        if rel.ends_with(".md") || rel.ends_with(".yaml") {
            corpus.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    move |url: &str| corpus.contains(url) || corpus.contains(&url.replace("&", "&amp;"))
}

fn assert_links_ok(root: &Path, site: &Path) {
    let ok = authored_urls(root);
    let problems = link_problems(site, &ok);
    assert!(
        problems.is_empty(),
        "{} link problem(s) in {}:\n{}",
        problems.len(),
        site.display(),
        problems.join("\n")
    );
}

// ------------------------------------------------------------------ golden

const GOLDEN_CSV: &str = "\
id,title,owner,due,status,overdue,raised_in,raised_on,closed_on,refs
A-2025-01,Enforce MFA for contractors,it-lead,2025-06-30,done,false,MR-2025-01,2025-01-15,2025-07-15,A.5.17;A.8.5
A-2025-02,\"Replace the backup appliance, the \"\"Vault 9\"\" model, before its vendor support ends\",ciso,2026-03-31,open,false,MR-2025-07,2025-07-15,,A.8.13;A.5.30
A-2025-03,Review privileged access quarterly,ciso,2026-02-28,in-progress,false,IA-2025-03,2025-03-01,,A.5.18
A-2025-04,Pilot a second backup site,it-lead,2025-12-15,cancelled,false,MR-2025-07,2025-07-15,2025-10-01,A.5.30
A-2025-05,Renew the cyber insurance policy,cfo,2025-11-30,open,true,NOTE-2025-10,2025-10-01,,A.5.19
";

/// `data/actions.ics`, one content line per element (CRLF added when compared).
const GOLDEN_ICS: &[&str] = &[
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//minutebook//minutebook//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "X-WR-CALNAME:Fixture Ltd ISMS actions",
    "BEGIN:VEVENT",
    "UID:a-2025-02@fixture-ltd.minutebook",
    "DTSTAMP:20251231T000000Z",
    "DTSTART;VALUE=DATE:20260331",
    "DTEND;VALUE=DATE:20260401",
    "SUMMARY:A-2025-02: Replace the backup appliance\\, the \"Vault 9\" model\\, bef",
    " ore its vendor support ends",
    "DESCRIPTION:Owner: Lee Marsh\\nStatus: open\\nRaised in MR-2025-07 on 2025-07",
    " -15",
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:a-2025-03@fixture-ltd.minutebook",
    "DTSTAMP:20251231T000000Z",
    "DTSTART;VALUE=DATE:20260228",
    "DTEND;VALUE=DATE:20260301",
    "SUMMARY:A-2025-03: Review privileged access quarterly",
    "DESCRIPTION:Owner: Lee Marsh\\nStatus: in-progress\\nRaised in IA-2025-03 on ",
    " 2025-03-01",
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:a-2025-05@fixture-ltd.minutebook",
    "DTSTAMP:20251231T000000Z",
    "DTSTART;VALUE=DATE:20251130",
    "DTEND;VALUE=DATE:20251201",
    "SUMMARY:A-2025-05: Renew the cyber insurance policy",
    "DESCRIPTION:Owner: Sam Patel\\nStatus: open (overdue)\\nRaised in NOTE-2025-1",
    " 0 on 2025-10-01",
    "TRANSP:TRANSPARENT",
    "END:VEVENT",
    "END:VCALENDAR",
];

/// Derived state of every action of `site-golden` as of 2025-12-31:
/// (id, status, overdue, current due).
const GOLDEN_ACTIONS: &[(&str, &str, bool, &str)] = &[
    ("A-2025-01", "done", false, "2025-06-30"),
    ("A-2025-02", "open", false, "2026-03-31"),
    ("A-2025-03", "in-progress", false, "2026-02-28"),
    ("A-2025-04", "cancelled", false, "2025-12-15"),
    ("A-2025-05", "open", true, "2025-11-30"),
];

#[test]
fn golden_actions_csv() {
    let (_dir, site) = built_fixture("site-golden");
    let csv = read(&site, "data/actions.csv");
    assert_eq!(
        csv, GOLDEN_CSV,
        "data/actions.csv differs from the golden text"
    );
}

#[test]
fn golden_actions_ics() {
    let (_dir, site) = built_fixture("site-golden");
    let bytes = fs::read(site.join("data/actions.ics")).unwrap();
    let ics = String::from_utf8(bytes).expect("actions.ics is UTF-8");
    // RFC 5545 §3.1: CRLF after every line, no bare LF, at most 75 octets a line.
    assert!(ics.ends_with("\r\n"), "actions.ics does not end with CRLF");
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "bare LF in actions.ics"
    );
    assert!(
        !ics.replace("\r\n", "").contains('\r'),
        "bare CR in actions.ics"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let expected: String = GOLDEN_ICS.iter().map(|l| format!("{l}\r\n")).collect();
    assert_eq!(
        ics, expected,
        "data/actions.ics differs from the golden text"
    );
    // One VEVENT per open action (not done, not cancelled), on its due date.
    let unfolded = ics.replace("\r\n ", "");
    let open: Vec<_> = GOLDEN_ACTIONS
        .iter()
        .filter(|a| a.1 == "open" || a.1 == "in-progress")
        .collect();
    assert_eq!(unfolded.matches("BEGIN:VEVENT\r\n").count(), open.len());
    for (id, _, _, due) in open {
        let uid = format!("UID:{}@", id.to_ascii_lowercase());
        let event = unfolded
            .split("BEGIN:VEVENT\r\n")
            .find(|e| e.contains(&uid))
            .unwrap_or_else(|| panic!("no VEVENT for {id}"));
        assert!(
            event.contains(&format!("DTSTART;VALUE=DATE:{}\r\n", due.replace('-', ""))),
            "{id} not on its due date {due}:\n{event}"
        );
    }
}

#[test]
fn findings_json_is_the_check_output() {
    let (dir, site) = built_fixture("site-golden");
    let exported: serde_json::Value =
        serde_json::from_str(&read(&site, "data/findings.json")).expect("findings.json parses");
    let (code, seen, checked) = common::check(dir.path(), AS_OF);
    assert_eq!(code, 0);
    assert_eq!(
        seen,
        vec![(
            "MB034".to_string(),
            "content/records/2025-10-01-progress.md".to_string(),
            10
        )]
    );
    assert_eq!(
        exported, checked,
        "data/findings.json differs from check --format json"
    );
}

/// As of mid-2026, MB034 about A-2025-03 (raised in the internal audit
/// record) points at the review that last updated it; the action's page
/// still lists it.
#[test]
fn action_page_lists_findings_reported_at_a_later_update() {
    let dir = scratch_copy("site-golden");
    let site = dir.path().join("public");
    build_ok(dir.path(), &site, "2026-06-30");
    let findings_of = |id: &str| {
        let page = read(&site, &format!("actions/{id}/index.html"));
        page.split("id=\"mb-findings\"")
            .nth(1)
            .expect("an action page has a findings section")
            .to_string()
    };
    let a3 = findings_of("a-2025-03");
    assert!(a3.contains("MB034"), "no MB034 on the page of A-2025-03");
    assert!(!a3.contains("No finding about this action"));
    // A-2025-01 is done: its page has no finding, and none about A-2025-03.
    let a1 = findings_of("a-2025-01");
    assert!(a1.contains("No finding about this action"), "{a1}");
}

#[test]
fn site_json_has_actions_with_derived_status() {
    let (_dir, site) = built_fixture("site-golden");
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "data/site.json")).expect("site.json parses");
    let actions = json["actions"]
        .as_array()
        .expect("site.json has an actions array");
    let got: Vec<(String, String, bool, String)> = actions
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap_or_default().to_string(),
                a["status"].as_str().unwrap_or_default().to_string(),
                a["overdue"].as_bool().expect("overdue is a boolean"),
                a["due"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let want: Vec<_> = GOLDEN_ACTIONS
        .iter()
        .map(|(i, s, o, d)| (i.to_string(), s.to_string(), *o, d.to_string()))
        .collect();
    assert_eq!(got, want);
}

/// `data/site.json` has each record (person, document, action, evidence
/// file) on a line of its own, so `grep` finds one and a diff shows it.
#[test]
fn site_json_has_one_record_per_line() {
    let (_dir, site) = built_fixture("site-golden");
    let text = read(&site, "data/site.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("site.json parses");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first(), Some(&"{"));
    assert_eq!(lines.get(1), Some(&r#"  "generator": "minutebook 0.1.0","#));
    assert_eq!(lines.last(), Some(&"}"));
    for list in ["people", "documents", "actions", "evidence"] {
        let records = json[list].as_array().expect("an array of records");
        assert!(!records.is_empty(), "{list}");
        let open = lines
            .iter()
            .position(|l| *l == format!(r#"  "{list}": ["#))
            .unwrap_or_else(|| panic!("{list} opens on a line of its own"));
        for (n, record) in records.iter().enumerate() {
            let line = lines[open + 1 + n];
            let one = line
                .strip_prefix("    ")
                .map(|l| l.strip_suffix(',').unwrap_or(l))
                .unwrap_or_else(|| panic!("{list}[{n}] is indented: {line}"));
            let parsed: serde_json::Value = serde_json::from_str(one)
                .unwrap_or_else(|e| panic!("{list}[{n}] is one line of JSON ({e}): {line}"));
            assert_eq!(&parsed, record, "{list}[{n}]");
        }
        assert!(
            lines[open + 1 + records.len()].starts_with("  ]"),
            "{list} closes after its records"
        );
    }
    assert!(
        text.contains(r#""id":"A-2025-01","#),
        "compact inside a record"
    );
}

#[test]
fn review_page_links_each_covered_input_to_its_section() {
    let (_dir, site) = built_fixture("site-golden");
    let page = "reviews/mr-2025-07/index.html";
    let html = read(&site, page);
    let t = tags(&html);
    let ids: BTreeSet<&str> = t.iter().filter_map(|t| t.attr("id")).collect();
    let inputs = [
        ("9.3.2.a", "previous-actions"),
        ("9.3.2.b", "context"),
        ("9.3.2.c", "interested-parties"),
        ("9.3.2.d.1", "nonconformities"),
        ("9.3.2.d.2", "monitoring"),
        ("9.3.2.d.3", "audit-results"),
        ("9.3.2.d.4", "objectives"),
        ("9.3.2.e", "feedback"),
        ("9.3.2.f", "risk"),
        ("9.3.2.g", "improvement"),
    ];
    for (input, anchor) in inputs {
        assert!(html.contains(input), "{page} does not name input {input}");
        assert!(
            ids.contains(anchor),
            "{page} has no section id=\"{anchor}\""
        );
        let linked = t
            .iter()
            .filter(|t| t.name == "a")
            .filter_map(|t| t.attr("href"))
            .any(|h| {
                let (path, frag) = h.split_once('#').unwrap_or((h, ""));
                frag == anchor && (path.is_empty() || join(page, path).as_deref() == Some(page))
            });
        assert!(
            linked,
            "{page}: no link from the checklist to #{anchor} ({input})"
        );
    }
}

/// The registers, the coverage matrix and the audit trail (written by
/// `render::tables`) have a row for everything the site holds, each linking
/// where it says.
#[test]
fn registers_matrix_and_trail_have_a_linked_row_for_everything() {
    let (_dir, site) = built_fixture("site-golden");
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "data/site.json")).expect("site.json");
    let exists = |page: &str, href: &str| {
        let path =
            minutebook::derive::links::percent_decode(href.split('#').next().unwrap_or(href));
        join(page, &path).is_some_and(|p| site.join(p).is_file())
    };

    // Action register: a row per action, carrying what the filters read and
    // linking to the action's own page.
    let page = "actions/index.html";
    let t = tags(&read(&site, page));
    let rows: Vec<&Tag> = t
        .iter()
        .filter(|t| t.name == "tr" && t.attr("data-owner").is_some())
        .collect();
    let actions = json["actions"].as_array().expect("actions");
    assert_eq!(rows.len(), actions.len(), "{page}: one row per action");
    for a in actions {
        let id = a["id"].as_str().expect("id").to_lowercase();
        let href = format!("../actions/{id}/index.html");
        assert!(
            t.iter()
                .any(|t| t.name == "a" && t.attr("href") == Some(href.as_str())),
            "{page}: no link to {href}"
        );
        assert!(exists(page, &href), "{page}: {href} does not exist");
    }
    assert!(rows.iter().all(|r| {
        matches!(r.attr("data-overdue"), Some("true" | "false")) && r.attr("data-status").is_some()
    }));

    // Evidence register: a row per file, its id the anchor the search index
    // and other pages link to, and a link to the published copy.
    let page = "evidence/index.html";
    let t = tags(&read(&site, page));
    let files: Vec<&str> = t
        .iter()
        .filter(|t| t.name == "tr")
        .filter_map(|t| t.attr("id"))
        .filter(|id| id.starts_with("file-"))
        .collect();
    assert_eq!(
        files.len(),
        4,
        "{page}: one row per evidence file: {files:?}"
    );
    let copies: Vec<&str> = t
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href"))
        .filter(|h| h.starts_with("../files/"))
        .collect();
    assert_eq!(copies.len(), 4, "{page}: {copies:?}");
    assert!(copies.iter().all(|h| exists(page, h)), "{copies:?}");

    // Coverage matrix: a cell per required input and review, every covered
    // one linking to the section of the minutes that covers it.
    let page = "clauses/index.html";
    let t = tags(&read(&site, page));
    let cells: Vec<&Tag> = t
        .iter()
        .filter(|t| t.name == "td" && t.attr("class").is_some_and(|c| c.starts_with("cell ")))
        .collect();
    let reviews = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter(|d| d["type"] == "review")
        .count();
    assert_eq!(
        cells.len(),
        10 * reviews,
        "{page}: 10 inputs x {reviews} reviews"
    );
    let section_links: Vec<&str> = t
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href"))
        .filter(|h| h.starts_with("../reviews/") && h.contains('#'))
        .collect();
    assert!(section_links.len() >= 10, "{page}: {section_links:?}");
    assert!(section_links.iter().all(|h| exists(page, h)));

    // Audit trail: each required input lists the review sections covering it.
    let page = "audit/index.html";
    let html = read(&site, page);
    let trail = &html[html.find("id=\"trail-table\"").expect("trail table")..];
    let trail = &trail[..trail.find("</table>").unwrap_or(trail.len())];
    for input in ["9.3.2.a", "9.3.2.g"] {
        assert!(
            trail.contains(&format!(">{input}</a>")),
            "{page}: no row for {input}"
        );
    }
    assert!(
        trail.matches("../reviews/mr-2025-07/index.html#").count() >= 10,
        "{page}: the trail does not link the July review's sections"
    );
}

#[test]
fn action_page_shows_the_replanned_due_date() {
    let (_dir, site) = built_fixture("site-golden");
    let html = read(&site, "actions/a-2025-03/index.html");
    assert!(html.contains("2026-02-28"), "current due date missing");
    assert!(html.contains("2025-09-30"), "original due date missing");
    let lower = html.to_lowercase();
    assert!(
        lower.contains("re-planned") || lower.contains("replanned"),
        "the page does not say the due date was re-planned"
    );
}

#[test]
fn evidence_shows_the_full_sha256() {
    let (dir, site) = built_fixture("site-golden");
    let lock = fs::read_to_string(dir.path().join("evidence.lock")).unwrap();
    let hashes: BTreeMap<&str, &str> = lock
        .lines()
        .map(|l| {
            let (h, p) = l.split_once("  ").unwrap();
            (p, h)
        })
        .collect();
    assert_eq!(hashes.len(), 4);
    let register = read(&site, "evidence/index.html");
    for (path, hash) in &hashes {
        assert!(
            register.contains(hash),
            "evidence register lacks {hash} of {path}"
        );
    }
    let review = read(&site, "reviews/mr-2025-01/index.html");
    assert!(review.contains(hashes["content/evidence/2025/risk-register.csv"]));
    let note = read(&site, "records/note-2025-10/index.html");
    assert!(note.contains(hashes["content/evidence/2025/insurance quote é.txt"]));
    // The copy in the site is the file itself.
    assert_eq!(
        fs::read(site.join("files/evidence/2025/insurance quote é.txt")).unwrap(),
        fs::read(
            dir.path()
                .join("content/evidence/2025/insurance quote é.txt")
        )
        .unwrap()
    );
}

// ------------------------------------------------------------------- links

#[test]
fn links_are_relative_and_resolve_on_the_demo() {
    let (_dir, site) = built_demo();
    assert_links_ok(Path::new(env!("CARGO_MANIFEST_DIR")), &site);
}

#[test]
fn links_are_relative_and_resolve_on_clean() {
    let (dir, site) = built_fixture("clean");
    assert_links_ok(dir.path(), &site);
}

#[test]
fn links_are_relative_and_resolve_on_site_golden() {
    let (dir, site) = built_fixture("site-golden");
    assert_links_ok(dir.path(), &site);
}

#[test]
fn links_are_relative_and_resolve_on_the_xss_fixture() {
    let (dir, site) = built_fixture("xss");
    assert_links_ok(dir.path(), &site);
}

#[test]
fn the_link_check_catches_what_it_should() {
    let dir = common::temp_dir("linkcheck");
    let site = dir.path();
    let page = |rel: &str, body: &str| {
        let p = site.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(
            p,
            format!("<!DOCTYPE html><html><body>{body}</body></html>"),
        )
        .unwrap();
    };
    page(
        "index.html",
        "<a href=\"a/index.html#x\">ok</a><a href=\"a/index.html#nope\">bad anchor</a>\
         <a href=\"a/\">folder</a><a href=\"/a/index.html\">absolute</a>\
         <a href=\"gone.html\">gone</a><a href=\"https://example.com/\">ext</a>\
         <img src=\"https://cdn.example.com/x.png\" alt=\"\"><a href=\"../up.html\">up</a>\
         <a href=\"a/my%20file.txt\">space</a><!-- <a href=\"commented.html\"> -->",
    );
    page(
        "a/index.html",
        "<h2 id=\"x\">X</h2><a href=\"../index.html\">back</a>",
    );
    fs::write(site.join("a/my file.txt"), "x").unwrap();
    let problems = link_problems(site, &|u| u == "https://example.com/");
    let joined = problems.join("\n");
    for what in [
        "#nope",
        "\"a/\"",
        "\"/a/index.html\"",
        "gone.html",
        "cdn.example.com",
        "../up.html",
    ] {
        assert!(joined.contains(what), "link check missed {what}:\n{joined}");
    }
    assert_eq!(problems.len(), 6, "{joined}");
}

// --------------------------------------------------------------- SHA256SUMS

fn assert_sums_pass(site: &Path) {
    let sums = read(site, "SHA256SUMS");
    let listed: BTreeSet<String> = sums
        .lines()
        .map(|l| {
            let (hash, name) = l
                .split_once("  ")
                .unwrap_or_else(|| panic!("not sha256sum format: {l:?}"));
            assert_eq!(hash.len(), 64, "{l:?}");
            assert!(
                hash.bytes()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
                "{l:?}"
            );
            name.to_string()
        })
        .collect();
    let files: BTreeSet<String> = tree(site)
        .into_keys()
        .filter(|f| f != "SHA256SUMS")
        .collect();
    assert_eq!(
        listed, files,
        "SHA256SUMS must list every file except itself"
    );
    // The audit page, rendered before the last files are written, states
    // the number SHA256SUMS lists.
    let said = format!("in <code>SHA256SUMS</code> ({} files)", listed.len());
    assert!(
        read(site, "audit/index.html").contains(&said),
        "the audit page does not say `{said}`"
    );
    let out = tool(
        Command::new("sha256sum")
            .args(["--check", "--strict", "SHA256SUMS"])
            .current_dir(site),
        "apt-get install -y coreutils",
    );
    assert!(out.status.success(), "sha256sum -c failed:\n{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout.lines().filter(|l| l.ends_with(": OK")).count(),
        files.len(),
        "{stdout}"
    );
}

#[test]
fn sha256sums_passes_coreutils_on_site_golden() {
    let (_dir, site) = built_fixture("site-golden");
    assert_sums_pass(&site);
}

#[test]
fn sha256sums_passes_coreutils_on_the_demo() {
    let (_dir, site) = built_demo();
    assert_sums_pass(&site);
}

// ------------------------------------------------------------- determinism

#[test]
fn same_inputs_give_byte_identical_sites() {
    let dir = scratch_copy("site-golden");
    let out1 = dir.path().join("out1");
    let out2 = dir.path().join("out2");
    build_ok(dir.path(), &out1, AS_OF);
    build_ok(dir.path(), &out2, AS_OF);
    let first = tree(&out1);
    assert!(
        first.len() > 50,
        "suspiciously small site: {} files",
        first.len()
    );
    assert_same_tree(&first, &tree(&out2), "two builds of the same site");
    // The same site in another folder, built without the hash cache it made.
    let other = scratch_copy("site-golden");
    let out3 = other.path().join("elsewhere");
    build_ok(other.path(), &out3, AS_OF);
    assert_same_tree(
        &first,
        &tree(&out3),
        "the same site built from another folder",
    );
}

fn zip_entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(fs::File::open(zip).unwrap()).expect("a readable zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Two zips are byte-identical; otherwise names the entries that differ.
fn assert_same_zip(a: &Path, b: &Path, what: &str) {
    if fs::read(a).unwrap() == fs::read(b).unwrap() {
        return;
    }
    let (ea, eb) = (zip_entries(a), zip_entries(b));
    let names = |e: &[(String, Vec<u8>)]| e.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    let differ: Vec<_> = ea
        .iter()
        .zip(&eb)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| format!("{} / {}", x.0, y.0))
        .collect();
    panic!(
        "{what}: the zips differ ({} vs {} entries, same names: {}); entries that differ: {differ:?}",
        ea.len(),
        eb.len(),
        names(&ea) == names(&eb)
    );
}

#[test]
fn bundles_are_byte_identical_and_hold_the_site_under_one_folder() {
    let dir = scratch_copy("site-golden");
    let a = dir.path().join("a.zip");
    let b = dir.path().join("b.zip");
    bundle_ok(dir.path(), &a, AS_OF);
    bundle_ok(dir.path(), &b, AS_OF);
    assert_same_zip(&a, &b, "two bundles of the same site");
    let other = scratch_copy("site-golden");
    let c = other.path().join("c.zip");
    bundle_ok(other.path(), &c, AS_OF);
    assert_same_zip(&a, &c, "bundles of the same site in two folders");

    let out = tool(
        Command::new("unzip").arg("-t").arg(&a),
        "apt-get install -y unzip",
    );
    assert!(
        out.status.success(),
        "unzip -t rejects the bundle:\n{}",
        text(&out)
    );

    let entries = zip_entries(&a);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let top = names[0].split('/').next().unwrap().to_string();
    assert!(
        top.contains(AS_OF),
        "top folder {top} does not name the as-of date"
    );
    assert!(
        top.contains("fixture-ltd"),
        "top folder {top} does not name the site"
    );
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "zip entries are not sorted");
    let mut files = BTreeMap::new();
    for (name, data) in &entries {
        let rest = name
            .strip_prefix(&format!("{top}/"))
            .unwrap_or_else(|| panic!("entry {name} is not under {top}/"));
        if !name.ends_with('/') {
            files.insert(rest.to_string(), data.clone());
        }
    }
    // The bundle holds exactly the site a build writes.
    let site = dir.path().join("site");
    build_ok(dir.path(), &site, AS_OF);
    assert_same_tree(&tree(&site), &files, "bundle vs build");
    let out = run(&["verify", a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

// --------------------------------------------------------------- atomicity

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = scratch_copy("clean");
    let root = dir.path().join("site");
    fs::create_dir_all(&root).unwrap();
    for e in ["content", "minutebook.yaml", "evidence.lock"] {
        let from = dir.path().join(e);
        if from.is_dir() {
            copy_tree(&from, &root.join(e));
        } else {
            fs::copy(&from, root.join(e)).unwrap();
        }
    }
    let out = dir.path().join("out");
    build_ok(&root, &out, AS_OF);
    let before = tree(&out);
    assert!(before.contains_key("SHA256SUMS"));

    // A second good build replaces a previous output.
    build_ok(&root, &out, AS_OF);
    assert_same_tree(&before, &tree(&out), "rebuild of an unchanged site");

    // Break the site: a record without frontmatter is MB001, an error.
    fs::write(
        root.join("content/records/2025-09-01-note.md"),
        "# No frontmatter\n",
    )
    .unwrap();
    let o = build(&root, &out, AS_OF);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("MB001"),
        "{}",
        text(&o)
    );
    assert_same_tree(&before, &tree(&out), "output after a failed build");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

/// Asserts a build into `out` is refused with exit 2 and `check` (a snapshot
/// taken before) still holds.
fn assert_refused(root: &Path, out: &Path, why: &str) {
    let watched = root.parent().unwrap();
    let before = tree(watched);
    let o = build(root, out, AS_OF);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{why}: not refused:\n{}",
        text(&o)
    );
    let after = tree(watched);
    let changed: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|k| !k.contains("/.minutebook/") && before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "{why}: files changed: {changed:?}");
}

#[test]
fn output_folders_that_are_not_a_previous_output_are_refused() {
    let dir = common::temp_dir("refuse");
    let root = dir.path().join("site");
    copy_tree(&fixture("clean"), &root);

    let notes = dir.path().join("notes");
    fs::create_dir_all(&notes).unwrap();
    fs::write(notes.join("notes.txt"), "my notes\n").unwrap();
    assert_refused(&root, &notes, "a folder holding notes.txt");
    assert_eq!(
        fs::read_to_string(notes.join("notes.txt")).unwrap(),
        "my notes\n"
    );
    assert_eq!(fs::read_dir(&notes).unwrap().count(), 1);

    assert_refused(&root, &root, "the site root");
    assert_refused(&root, dir.path(), "a folder containing the site");
    assert_refused(&root, &root.join("content"), "content/");
    assert_refused(
        &root,
        &root.join("content/site"),
        "a new folder inside content/",
    );
    assert_refused(
        &root,
        &root.join("content/evidence/out"),
        "a folder inside content/evidence/",
    );
    assert_refused(
        &root,
        &root.join("content/reviews/../evidence/out"),
        "inside content/ through ..",
    );
    std::os::unix::fs::symlink(root.join("content"), dir.path().join("link")).unwrap();
    assert_refused(
        &root,
        &dir.path().join("link/out"),
        "inside content/ through a symlink",
    );
    assert!(!root.join("content/site").exists());
    assert!(!root.join("content/evidence/out").exists());
}

// --------------------------------------------------------------------- XSS

#[test]
fn hostile_text_is_escaped_everywhere() {
    let (dir, site) = built_fixture("xss");
    let config = fs::read_to_string(dir.path().join("minutebook.yaml")).unwrap();
    assert!(
        !config.contains("allow_raw_html"),
        "the xss fixture must not opt in to raw HTML"
    );
    let files = tree(&site);
    let mut problems = Vec::new();
    let mut pages = 0;
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        let lower = html.to_ascii_lowercase();
        for raw in [
            "<script>alert",
            "<b>",
            "<iframe",
            "<svg onload",
            "<img src=x",
            "<div onmouseover",
        ] {
            if lower.contains(raw) {
                problems.push(format!("{rel}: unescaped {raw}"));
            }
        }
        for t in tags(&html) {
            for (name, value) in &t.attrs {
                if name.starts_with("on") {
                    problems.push(format!(
                        "{rel}: <{} {name}=\"{value}\">: event handler",
                        t.name
                    ));
                }
                if matches!(name.as_str(), "href" | "src" | "action" | "xlink:href")
                    && value.trim().to_ascii_lowercase().starts_with("javascript:")
                {
                    problems.push(format!("{rel}: <{} {name}=\"{value}\">", t.name));
                }
            }
            match t.name.as_str() {
                "script" => {
                    let src = t.attr("src").unwrap_or_default();
                    if src.is_empty() || !t.content.trim().is_empty() {
                        problems.push(format!("{rel}: inline script {:?}", t.content));
                    } else if !(src.ends_with("static/app.js")
                        || src.ends_with("static/search.js")
                        || src.ends_with("search-index.js"))
                    {
                        problems.push(format!("{rel}: unexpected script {src}"));
                    }
                }
                "iframe" | "object" | "embed" | "b" => {
                    problems.push(format!("{rel}: <{}> from user text", t.name));
                }
                _ => {}
            }
        }
    }
    assert!(pages > 20, "only {pages} pages built");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );

    // Raw HTML shows as text.
    let review = read(&site, "reviews/mr-2025-07/index.html");
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;b&gt;bold&lt;/b&gt;",
    ] {
        assert!(
            review.contains(shown),
            "review page does not show {shown} as text"
        );
    }
    let action = read(&site, "actions/a-2025-02/index.html");
    assert!(
        action.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the action title is not shown as text"
    );
    // The exports keep the text as written (they are data, not HTML).
    let csv = read(&site, "data/actions.csv");
    assert!(
        csv.contains("\"\"\"><script>alert(1)</script> Replace the backup appliance\""),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&read(&site, "data/site.json")).unwrap();
    assert!(
        json["actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["title"].as_str().unwrap().starts_with("\"><script>"))
    );
}

#[test]
fn script_links_in_a_body_fail_the_run_and_are_never_links() {
    let dir = scratch_copy("xss");
    fs::write(
        dir.path().join("content/records/2025-08-01-links.md"),
        "---\nid: N-LINKS\ndate: 2025-08-01\nkind: note\n---\n## Links\n\n\
         [x](javascript:alert(1)) and [y](JavaScript:alert(2)) and \
         [z](data:text/html,<script>alert(3)</script>).\n",
    )
    .unwrap();
    let (code, seen, _) = common::check(dir.path(), AS_OF);
    assert_eq!(code, 1);
    let mb070: Vec<_> = seen
        .iter()
        .filter(|s| s.0 == "MB070" && s.1 == "content/records/2025-08-01-links.md")
        .collect();
    assert_eq!(mb070.len(), 3, "{seen:?}");
    // Findings never hide the site: it is written, exit 1, and the page
    // shows the three MB070 in its findings box, with no script link in it.
    let out = dir.path().join("public");
    let o = build(dir.path(), &out, AS_OF);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let page = read(&out, "records/n-links/index.html");
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("href=\"javascript:"), "{page}");
    assert!(!lower.contains("href=\"data:"), "{page}");
    let findings_box = page
        .split("class=\"findings-box findings-box--error\"")
        .nth(1)
        .expect("the page has a findings box with errors");
    assert_eq!(findings_box.matches(">MB070<").count(), 3, "{findings_box}");
}

// ------------------------------------------------------------------ verify

/// `verify PATH`: expects exit 1 and every name in `names` in the report.
fn assert_verify_fails(path: &Path, names: &[&str], why: &str) {
    let o = run(&["verify", path.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{why}: verify did not fail:\n{}",
        text(&o)
    );
    let all = text(&o);
    for n in names {
        assert!(
            all.contains(n),
            "{why}: the report does not name {n}:\n{all}"
        );
    }
}

#[test]
fn verify_catches_tampered_missing_and_planted_files_in_a_folder() {
    let (dir, site) = built_fixture("site-golden");
    let o = run(&["verify", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let copy = |tag: &str| {
        let c = dir.path().join(tag);
        copy_tree(&site, &c);
        c
    };
    // One byte flipped.
    let tampered = copy("tampered");
    let victim = tampered.join("actions/a-2025-03/index.html");
    let mut bytes = fs::read(&victim).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    fs::write(&victim, bytes).unwrap();
    assert_verify_fails(&tampered, &["actions/a-2025-03/index.html"], "tampered");
    // An evidence file with a space and an accent in its name.
    let tampered = copy("tampered-evidence");
    let victim = tampered.join("files/evidence/2025/insurance quote é.txt");
    let mut bytes = fs::read(&victim).unwrap();
    bytes[0] ^= 0x20;
    fs::write(&victim, bytes).unwrap();
    assert_verify_fails(&tampered, &["insurance quote é.txt"], "tampered evidence");
    // A file deleted.
    let missing = copy("missing");
    fs::remove_file(missing.join("data/actions.csv")).unwrap();
    assert_verify_fails(&missing, &["data/actions.csv"], "missing");
    // A file planted.
    let planted = copy("planted");
    fs::write(
        planted.join("reviews/planted.html"),
        "<p>not in the site</p>",
    )
    .unwrap();
    assert_verify_fails(&planted, &["reviews/planted.html"], "planted");
    // SHA256SUMS itself edited to hide a change.
    let hidden = copy("hidden");
    fs::write(hidden.join("data/actions.csv"), "id\n").unwrap();
    let sums = fs::read_to_string(hidden.join("SHA256SUMS")).unwrap();
    let sums: String = sums
        .lines()
        .filter(|l| !l.ends_with("  data/actions.csv"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(hidden.join("SHA256SUMS"), sums).unwrap();
    assert_verify_fails(
        &hidden,
        &["data/actions.csv"],
        "a file dropped from SHA256SUMS",
    );
}

/// Rewrites a zip with `edit` applied to its (name, bytes) entries.
fn rezip(from: &Path, to: &Path, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) {
    let mut entries = zip_entries(from);
    edit(&mut entries);
    let mut w = zip::ZipWriter::new(fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        if name.ends_with('/') {
            w.add_directory(name.trim_end_matches('/'), options)
                .unwrap();
        } else {
            w.start_file(name, options).unwrap();
            w.write_all(&bytes).unwrap();
        }
    }
    w.finish().unwrap();
}

#[test]
fn verify_catches_tampered_missing_and_planted_files_in_a_bundle() {
    let dir = scratch_copy("site-golden");
    let zip = dir.path().join("bundle.zip");
    bundle_ok(dir.path(), &zip, AS_OF);
    let entries = zip_entries(&zip);
    let top = entries[0].0.split('/').next().unwrap().to_string();
    let csv = format!("{top}/data/actions.csv");

    // Rewritten by someone who knows zip: a valid archive, one file changed.
    let tampered = dir.path().join("tampered.zip");
    rezip(&zip, &tampered, |e| {
        let entry = e.iter_mut().find(|(n, _)| *n == csv).unwrap();
        entry.1[10] ^= 0x01;
    });
    assert_verify_fails(&tampered, &["data/actions.csv"], "tampered entry");

    let missing = dir.path().join("missing.zip");
    rezip(&zip, &missing, |e| e.retain(|(n, _)| *n != csv));
    assert_verify_fails(&missing, &["data/actions.csv"], "missing entry");

    let planted = dir.path().join("planted.zip");
    rezip(&zip, &planted, |e| {
        e.push((format!("{top}/extra.html"), b"<p>planted</p>".to_vec()));
        e.sort();
    });
    assert_verify_fails(&planted, &["extra.html"], "planted entry");

    // One byte flipped in the raw archive, inside the stored data of an entry.
    let flipped = dir.path().join("flipped.zip");
    fs::copy(&zip, &flipped).unwrap();
    let (offset, name) = {
        let mut archive = zip::ZipArchive::new(fs::File::open(&flipped).unwrap()).unwrap();
        let i = archive.index_for_name(&csv).unwrap();
        let f = archive.by_index_raw(i).unwrap();
        let header = f.header_start();
        let size = f.compressed_size();
        drop(f);
        let mut file = fs::File::open(&flipped).unwrap();
        let mut lfh = [0u8; 30];
        file.seek(SeekFrom::Start(header)).unwrap();
        file.read_exact(&mut lfh).unwrap();
        assert_eq!(&lfh[..4], b"PK\x03\x04");
        let n = u16::from_le_bytes([lfh[26], lfh[27]]) as u64;
        let m = u16::from_le_bytes([lfh[28], lfh[29]]) as u64;
        (header + 30 + n + m + size / 2, csv.clone())
    };
    let mut bytes = fs::read(&flipped).unwrap();
    bytes[offset as usize] ^= 0x01;
    fs::write(&flipped, bytes).unwrap();
    let o = run(&["verify", flipped.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "one byte flipped in the zip:\n{}",
        text(&o)
    );
    assert!(
        text(&o).contains("data/actions.csv"),
        "{name} not named:\n{}",
        text(&o)
    );
}

// ------------------------------------------------------------ search shards

/// The entries of a search file: the JSON array after `= [` (with `<` as the
/// `\u003c` escape the files use, which JSON reads back the same).
fn search_entries(js: &str) -> Vec<serde_json::Value> {
    let json = js
        .find("= [")
        .map(|at| js[at + 2..].trim_end().trim_end_matches(';'))
        .expect("a search file assigns an array");
    serde_json::from_str::<Vec<serde_json::Value>>(json).expect("search entries are JSON")
}

/// A large index is split into shards that the small `search-index.js`
/// names; read in order they hold exactly the entries of the whole index.
#[test]
fn a_large_search_index_is_split_into_ordered_shards() {
    let dir = scratch_copy("site-golden");
    let as_of = minutebook::Date::parse(AS_OF).expect("date");
    let hashing = minutebook::model::evidence::HashOptions {
        use_cache: false,
        progress: false,
    };
    let checked = minutebook::check_site(dir.path(), as_of, hashing);
    let (site, index) = (&checked.site, &checked.index);
    let whole = minutebook::render::search::index_files(site, index);
    assert_eq!(whole.len(), 1, "a small site has one search file");
    assert_eq!(whole[0].0, "search-index.js");
    let all = search_entries(&whole[0].1);
    assert!(all.len() > 10, "{} entries", all.len());

    let split = minutebook::render::search::index_files_split_at(site, index, 2_000);
    assert_eq!(split[0].0, "search-index.js");
    let names: Vec<String> = serde_json::from_str(
        split[0]
            .1
            .strip_prefix("window.MINUTEBOOK_SEARCH_SHARDS = ")
            .and_then(|r| r.trim_end().strip_suffix(';'))
            .expect("the main file only names the shards"),
    )
    .expect("shard names are JSON");
    let shards = &split[1..];
    assert!(shards.len() > 2, "{} shards", shards.len());
    assert_eq!(
        names,
        shards.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()
    );
    let mut joined = Vec::new();
    for (n, (path, js)) in shards.iter().enumerate() {
        assert_eq!(path, &format!("search/index-{n:04}.js"));
        assert!(
            js.starts_with(&format!(
                "(window.MINUTEBOOK_SEARCH_PARTS = window.MINUTEBOOK_SEARCH_PARTS || [])[{n}] = ["
            )),
            "{path}"
        );
        assert!(!js.contains('<'), "{path} has an unescaped <");
        joined.extend(search_entries(js));
    }
    assert_eq!(joined, all, "the shards, in order, are the whole index");
}

/// On a control's page each action row lists what else the action cites,
/// not the control itself (every row there cites it); a row citing only it
/// says "none other".
#[test]
fn a_clause_page_lists_the_other_references_of_its_actions() {
    let (_dir, out) = built_fixture("clean");
    let page = read(&out, "clauses/iso27001-2022/a.5.17/index.html");
    let start = page.find("id=\"clause-actions\"").expect("actions table");
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    let row = &table[table.find("A-2025-01").expect("A-2025-01 cites A.5.17")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(">A.8.5</a>"), "{row}");
    assert!(!row.contains(">A.5.17</a>"), "{row}");
    // The action's own page still names both.
    let action = read(&out, "actions/a-2025-01/index.html");
    assert!(action.contains(">A.5.17</a>") && action.contains(">A.8.5</a>"));
}

/// The `<li>` of decision `id` on `page`.
fn decision_item<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"decision-{}\"", id.to_lowercase()))
        .unwrap_or_else(|| panic!("decision {id} listed"));
    let item = &page[start..];
    &item[..item
        .find("</li>\n</ol>")
        .or_else(|| item.find("\n</li>"))
        .unwrap()]
}

/// On a clause's page each decision lists what else it cites, not the
/// clause (every decision there cites it); one citing only that clause
/// shows no reference list at all. The review page still names them all.
#[test]
fn a_clause_page_lists_the_other_references_of_its_decisions() {
    let (_dir, out) = built_fixture("clean");
    let page = read(&out, "clauses/iso27001-2022/9.3.3/index.html");
    let only = decision_item(&page, "D-MR-2025-07");
    assert!(!only.contains("decision__refs"), "{only}");
    let review = read(&out, "reviews/mr-2025-07/index.html");
    assert!(
        decision_item(&review, "D-MR-2025-07").contains(">9.3.3</a>"),
        "the review page names the clause"
    );

    let dir = scratch_copy("history-transition");
    let out = dir.path().join("public");
    build_ok(dir.path(), &out, "2026-02-01");
    let page = read(&out, "clauses/iso27001-2022/a.8.8/index.html");
    let other = decision_item(&page, "D-MR-2024-03");
    assert!(other.contains("decision__refs"), "{other}");
    assert!(other.contains(">9.3.3</a>"), "{other}");
    assert!(!other.contains(">A.8.8</a>"), "{other}");
}
