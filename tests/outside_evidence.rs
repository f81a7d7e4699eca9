//! Outside evidence and validity dates (§4): evidence written
//! `{url: …}` is shown as a plain outside link marked "outside the bundle"
//! with the digest and date its author recorded, listed in its own section
//! of the register, never fetched and never in `SHA256SUMS`; `valid_until`
//! gives the register's validity column (expiring first), the dashboard's
//! "evidence expiring within 60 days" and `data/site.json`'s fields.
//! Fixtures: `outside-evidence` (no finding) and `mb045-expired-evidence`,
//! from generate.py.

mod common;

use common::{run, scratch_copy};
use std::fs;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2025-12-31";
const TICKET: &str = "https://tracker.example.com/browse/SEC-42";
const SAAS: &str = "https://saas.example.com/reports/q2";
const TICKET_SHA: &str = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef";

/// A fixture copied and built; returns (scratch folder, site folder).
fn built(name: &str) -> (common::TempDir, PathBuf) {
    let dir = scratch_copy(name);
    let out = dir.path().join("public");
    let o = run(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "build of {name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (dir, out)
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The text from `start` to the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = &text[at..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Every `<a …>` tag whose href is `url`.
fn links_to<'a>(html: &'a str, url: &str) -> Vec<&'a str> {
    let needle = format!("href=\"{url}\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let start = html[..i].rfind('<').unwrap_or(0);
            let end = i + html[i..].find('>').unwrap_or(0) + 1;
            &html[start..end]
        })
        .collect()
}

#[test]
fn the_register_lists_outside_evidence_in_its_own_section_as_plain_outside_links() {
    let (_dir, out) = built("outside-evidence");
    let page = read(&out, "evidence/index.html");
    let files = between(&page, "id=\"evidence-register\"", "</table>");
    let outside = between(&page, "<h2 id=\"outside-heading\">", "</section>");
    assert!(outside.contains("Evidence outside the bundle"), "{outside}");
    // Not among the files, which are in the bundle.
    assert!(!files.contains(TICKET) && !files.contains(SAAS), "{files}");
    let tags = links_to(outside, TICKET);
    assert_eq!(tags.len(), 1, "{outside}");
    assert_eq!(
        tags[0],
        format!("<a class=\"outside-link\" href=\"{TICKET}\" rel=\"noopener noreferrer\">")
    );
    assert!(outside.contains("outside the bundle</span>"), "{outside}");
    // The digest and date the author recorded (the digest lower-cased).
    assert!(outside.contains(TICKET_SHA), "{outside}");
    assert!(
        outside.contains("retrieved <time>2025-07-10</time>"),
        "{outside}"
    );
    assert!(outside.contains("Ticket SEC-42</a>"), "{outside}");
    // Without a title, the URL is the title; without a digest, it says so.
    assert!(
        outside.contains(&format!("rel=\"noopener noreferrer\">{SAAS}</a>")),
        "{outside}"
    );
    assert!(outside.contains("no digest recorded"), "{outside}");
}

#[test]
fn pages_link_to_outside_evidence_and_load_nothing_from_outside() {
    let (_dir, out) = built("outside-evidence");
    let review = read(&out, "reviews/mr-2025-07/index.html");
    let tags = links_to(&review, TICKET);
    assert_eq!(tags.len(), 1, "the review lists its outside evidence once");
    assert!(
        tags[0].contains("rel=\"noopener noreferrer\""),
        "{}",
        tags[0]
    );
    assert!(review.contains("outside the bundle"));
    assert!(review.contains(TICKET_SHA));
    // Every page: an outside address only ever in an <a href> that sends
    // no referrer; nothing is loaded from it.
    for entry in walk(&out) {
        if !entry.ends_with(".html") {
            continue;
        }
        let html = read(&out, &entry);
        for url in [TICKET, SAAS] {
            for tag in links_to(&html, url) {
                assert!(
                    tag.starts_with("<a ") && tag.contains("rel=\"noopener noreferrer\""),
                    "{entry}: {tag}"
                );
            }
            for attr in ["src=", "action=", "poster="] {
                assert!(
                    !html.contains(&format!("{attr}\"{url}")),
                    "{entry} loads {url}"
                );
            }
        }
    }
}

#[test]
fn outside_evidence_is_not_in_sha256sums_and_verify_passes() {
    let (_dir, out) = built("outside-evidence");
    let sums = read(&out, "SHA256SUMS");
    assert!(sums.contains("files/evidence/2025/iso-certificate-2025.txt"));
    for not in ["tracker.example.com", "saas.example.com", TICKET_SHA] {
        assert!(!sums.contains(not), "SHA256SUMS names {not}");
    }
    assert!(
        walk(&out).iter().all(|p| !p.contains("example.com")),
        "no copy of outside evidence is published"
    );
    let v = run(&["verify", out.to_str().unwrap()]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "verify: {}{}",
        String::from_utf8_lossy(&v.stdout),
        String::from_utf8_lossy(&v.stderr)
    );
}

#[test]
fn the_register_shows_validity_and_sorts_current_evidence_expiring_first() {
    let (_dir, out) = built("outside-evidence");
    let page = read(&out, "evidence/index.html");
    let files = between(&page, "id=\"evidence-register\"", "</table>");
    assert!(files.contains(">Valid until</th>"), "{files}");
    let pos = |rel: &str| {
        files
            .find(&format!("<code class=\"path\">{rel}</code>"))
            .unwrap_or_else(|| panic!("no row for {rel}"))
    };
    let expiring = pos("evidence/2025/iso-certificate-2025.txt");
    let valid = pos("evidence/2025/insurance-policy.txt");
    let history = pos("evidence/2024/iso-certificate-2022.txt");
    let undated = pos("evidence/2024/pentest-2024.txt");
    let plain = pos("evidence/2025/audit-report.txt");
    assert!(expiring < valid, "the soonest to expire comes first");
    assert!(valid < history && valid < plain, "then the rest, by path");
    assert!(history < undated && undated < plain, "by path");
    let row = |rel: &str| {
        between(
            files,
            &format!("<code class=\"path\">{rel}</code>"),
            "</tr>",
        )
    };
    let cert = row("evidence/2025/iso-certificate-2025.txt");
    assert!(cert.contains("<time>2026-01-31</time>"), "{cert}");
    assert!(cert.contains("pill--validity-expiring"), "{cert}");
    assert!(cert.contains("Expires in 31 days"), "{cert}");
    let policy = row("evidence/2025/insurance-policy.txt");
    assert!(policy.contains("pill--validity-valid"), "{policy}");
    // Replaced by a newer certificate: history, not expired evidence.
    let old = row("evidence/2024/iso-certificate-2022.txt");
    assert!(old.contains("pill--validity-history"), "{old}");
    assert!(!old.contains("pill--validity-expired"), "{old}");
}

/// The dashboard card's value and detail.
fn kpi(out: &Path) -> (String, String) {
    let dash = read(out, "index.html");
    let card = between(&dash, "id=\"kpi-evidence-expiring\"", "</li>");
    assert!(card.contains("Evidence expiring within 60 days"), "{card}");
    let value = between(card, "<p class=\"kpi__value\">", "</p>")
        .trim_start_matches("<p class=\"kpi__value\">")
        .to_string();
    let detail = between(card, "<p class=\"kpi__detail\">", "</p>").to_string();
    (value, detail)
}

#[test]
fn the_dashboard_counts_current_evidence_expiring_within_60_days_and_expired() {
    let (_dir, out) = built("outside-evidence");
    let (value, detail) = kpi(&out);
    assert_eq!(value, "1", "the certificate valid until 2026-01-31");
    assert!(
        detail.contains("0 expired"),
        "history does not count: {detail}"
    );
    let (_dir, out) = built("mb045-expired-evidence");
    let (value, detail) = kpi(&out);
    assert_eq!(value, "0");
    assert!(detail.contains("3 expired"), "{detail}");
}

#[test]
fn site_json_carries_url_digest_retrieved_and_valid_until() {
    let (_dir, out) = built("outside-evidence");
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/site.json")).expect("site.json is JSON");
    let r2 = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "MR-2025-07")
        .expect("MR-2025-07");
    let ev = r2["evidence"].as_array().unwrap();
    let ticket = ev.iter().find(|e| e["url"] == TICKET).expect("the ticket");
    assert_eq!(ticket["sha256"], TICKET_SHA);
    assert_eq!(ticket["retrieved"], "2025-07-10");
    assert!(ticket.get("path").is_none(), "{ticket}");
    let cert = ev
        .iter()
        .find(|e| e["path"] == "evidence/2025/iso-certificate-2025.txt")
        .expect("the certificate");
    assert_eq!(cert["valid_until"], "2026-01-31");
    // Files keep their shape, with validity where dated; outside evidence
    // is listed apart from them.
    let files = json["evidence"].as_array().unwrap();
    assert!(files.iter().all(|f| {
        f["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("content/"))
    }));
    let file = files
        .iter()
        .find(|f| f["path"] == "content/evidence/2025/iso-certificate-2025.txt")
        .unwrap();
    assert_eq!(file["valid_until"], "2026-01-31");
    assert_eq!(file["validity"], "expiring");
    let old = files
        .iter()
        .find(|f| f["path"] == "content/evidence/2024/iso-certificate-2022.txt")
        .unwrap();
    assert_eq!(old["validity"], "history");
    let outside = json["outside_evidence"].as_array().unwrap();
    assert_eq!(outside.len(), 2, "{outside:?}");
    let t = outside.iter().find(|o| o["url"] == TICKET).unwrap();
    assert_eq!(t["sha256"], TICKET_SHA);
    assert_eq!(t["retrieved"], "2025-07-10");
    assert_eq!(t["referenced_by"], serde_json::json!(["MR-2025-07"]));
}

#[test]
fn search_lists_outside_evidence_leading_to_its_register_row() {
    let (_dir, out) = built("outside-evidence");
    let js = read(&out, "search-index.js");
    assert!(js.contains("\"Outside evidence\""), "no outside entry");
    assert!(js.contains("Ticket SEC-42"));
    let page = read(&out, "evidence/index.html");
    let anchor = "outside-https---tracker.example.com-browse-sec-42";
    assert!(js.contains(&format!("evidence/index.html#{anchor}")));
    assert!(page.contains(&format!("id=\"{anchor}\"")));
}

#[test]
fn a_url_written_as_a_path_says_how_to_write_outside_evidence() {
    let dir = scratch_copy("outside-evidence");
    let r2 = dir.path().join("content/reviews/2025-07-15-mr-2025-07.md");
    let text = fs::read_to_string(&r2).unwrap();
    fs::write(
        &r2,
        text.replace(
            "  - {url: https://saas.example.com/reports/q2}\n",
            "  - {path: https://saas.example.com/reports/q2}\n",
        ),
    )
    .unwrap();
    let o = run(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    let text = String::from_utf8_lossy(&o.stderr).to_string() + &String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("MB040"), "{text}");
    assert!(
        text.contains("{url: https://saas.example.com/reports/q2, title: …}"),
        "{text}"
    );
}

/// Every file under `dir`, relative and `/`-separated.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
