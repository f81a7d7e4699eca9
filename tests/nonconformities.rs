//! Nonconformities and decisions that act (§2.4, §4): the
//! derived status and closing date of each finding, the KPIs, the CSV, the
//! register and each finding's page, the 9.3.2 d.1 box of each review, and
//! the decision's owner, due date and created actions on the review, person
//! and action pages. Fixtures: `nonconformities` (clean) and
//! `mb037-no-corrective-action` (a cancelled-only NC), from generate.py.

mod common;

use common::{fixture, run, scratch_copy};
use minutebook::derive::{self, NcStatus};
use minutebook::model::evidence::HashOptions;
use minutebook::{Date, load};
use std::fs;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2025-12-31";

fn day(s: &str) -> Date {
    Date::parse(s).expect("a date")
}

fn derived(name: &str) -> (minutebook::model::Site, derive::Index) {
    let (site, findings) = load::load(&fixture(name), HashOptions::default());
    assert!(findings.is_empty(), "{name} loads cleanly: {findings:?}");
    let index = derive::derive(&site, day(AS_OF));
    (site, index)
}

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

#[test]
fn status_and_closing_date_follow_the_corrective_actions() {
    let (_, index) = derived("nonconformities");
    let nc = |id: &str| index.nonconformity(id).expect(id);
    // NC-2025-01: its one action (A-2025-03) is in progress: open, counting
    // days to the as-of date.
    let open = nc("NC-2025-01");
    assert_eq!(open.status, NcStatus::Open);
    assert_eq!(open.closed_on, None);
    assert_eq!(open.days_open, Some(305));
    assert_eq!(
        open.actions
            .iter()
            .map(|&i| index.actions[i].id.as_str())
            .collect::<Vec<_>>(),
        ["A-2025-03"]
    );
    // NC-2025-02: A-2025-04 was done at MR-2025-07: closed on that date.
    let closed = nc("nc-2025-02");
    assert_eq!(closed.status, NcStatus::Closed);
    assert_eq!(closed.closed_on, Some(day("2025-07-15")));
    assert_eq!(closed.days_open, Some(136));
    // An observation with no action needs none.
    let obs = nc("OBS-2025-01");
    assert_eq!(obs.status, NcStatus::NoActionNeeded);
    assert_eq!((obs.closed_on, obs.days_open), (None, None));
    assert!(!obs.is_nonconformity());
}

#[test]
fn a_nonconformity_whose_only_action_was_cancelled_stays_open() {
    let (_, index) = derived("mb037-no-corrective-action");
    let nc = index.nonconformity("NC-2025-03").expect("NC-2025-03");
    assert_eq!(nc.actions.len(), 1, "the cancelled action is still listed");
    assert_eq!(nc.status, NcStatus::Open);
    assert_eq!(nc.closed_on, None);
    assert_eq!(nc.live_actions(&index.actions).count(), 0);
    let none = index.nonconformity("NC-2025-02").expect("NC-2025-02");
    assert!(none.actions.is_empty());
    assert_eq!(none.status, NcStatus::Open);
}

#[test]
fn kpis_count_open_nonconformities_and_the_median_days_to_close() {
    let (site, index) = derived("nonconformities");
    let k = derive::kpis::compute(&site, &index);
    assert_eq!(k.nonconformities_total, 2, "the observation is not counted");
    assert_eq!(k.nonconformities_open, 1);
    assert_eq!(k.nonconformities_closed, 1);
    assert_eq!(k.median_days_to_close_nonconformities, Some(136.0));
    // On the dashboard, as cards linking to the register.
    let (_dir, out) = built("nonconformities");
    let dash = read(&out, "index.html");
    for (id, value) in [("open-nc", "1"), ("median-nc-close", "136 days")] {
        let at = dash
            .find(&format!("id=\"kpi-{id}\""))
            .unwrap_or_else(|| panic!("no {id} card"));
        let card = &dash[at..];
        let card = &card[..card.find("</li>").unwrap_or(card.len())];
        assert!(
            card.contains(&format!("<p class=\"kpi__value\">{value}</p>")),
            "{id}: {card}"
        );
        assert!(
            card.contains("href=\"nonconformities/index.html\""),
            "{card}"
        );
    }
    assert!(dash.contains("Open nonconformities"));
    assert!(dash.contains("Median days to close nonconformities"));
}

#[test]
fn golden_nonconformities_csv() {
    let (_dir, out) = built("nonconformities");
    assert_eq!(
        read(&out, "data/nonconformities.csv"),
        "id,severity,found_in,raised_on,refs,actions,status,closed_on,days_open\n\
         NC-2025-01,minor,IA-2025-03,2025-03-01,A.5.18;A.8.2,A-2025-03,open,,305\n\
         NC-2025-02,major,IA-2025-03,2025-03-01,A.5.17,A-2025-04,closed,2025-07-15,136\n\
         OBS-2025-01,observation,IA-2025-03,2025-03-01,,,no-action-needed,,\n"
    );
    // Listed in SHA256SUMS like every other file.
    assert!(read(&out, "SHA256SUMS").contains("  data/nonconformities.csv\n"));
}

#[test]
fn register_and_pages_link_each_finding_to_its_record_and_actions() {
    let (_dir, out) = built("nonconformities");
    let register = read(&out, "nonconformities/index.html");
    for id in ["nc-2025-01", "nc-2025-02", "obs-2025-01"] {
        assert!(
            register.contains(&format!("href=\"../nonconformities/{id}/index.html\"")),
            "{id} in the register"
        );
    }
    let page = read(&out, "nonconformities/nc-2025-02/index.html");
    assert!(page.contains("Contractor accounts are created without multi-factor authentication."));
    assert!(
        page.contains("href=\"../../records/ia-2025-03/index.html\">IA-2025-03</a>"),
        "links the record that found it"
    );
    assert!(
        page.contains("href=\"../../actions/a-2025-04/index.html\""),
        "links its corrective action"
    );
    assert!(page.contains("Timeline of"), "shows the action's timeline");
    assert!(page.contains("nc-status--closed"));
    // The reviews that reported it: MR-2025-07 (closed in its period, and
    // it reported A-2025-04), not MR-2025-01 (before it was raised).
    assert!(page.contains("href=\"../../reviews/mr-2025-07/index.html\">MR-2025-07</a>"));
    assert!(page.contains("reported on corrective action A-2025-04"));
    assert!(!page.contains(">MR-2025-01</a>"));
    // The record lists its findings; the action says what it closes.
    let record = read(&out, "records/ia-2025-03/index.html");
    assert!(record.contains("id=\"mb-nc-found\""));
    assert!(record.contains("href=\"../../nonconformities/nc-2025-01/index.html\""));
    let action = read(&out, "actions/a-2025-04/index.html");
    assert!(action.contains("<dt>Closes</dt>"));
    assert!(action.contains("href=\"../../nonconformities/nc-2025-02/index.html\">NC-2025-02</a>"));
    // Clause pages list the findings that reference them.
    let clause = read(&out, "clauses/iso27001-2022/a.5.17/index.html");
    assert!(clause.contains("href=\"../../../nonconformities/nc-2025-02/index.html\""));
    // In the navigation, the search index and site.json.
    assert!(read(&out, "index.html").contains("href=\"nonconformities/index.html\""));
    assert!(read(&out, "search-index.js").contains("nonconformities/nc-2025-02/index.html"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/site.json")).expect("site.json");
    let ncs = json["nonconformities"].as_array().expect("nonconformities");
    assert_eq!(ncs.len(), 3);
    assert_eq!(ncs[1]["id"], "NC-2025-02");
    assert_eq!(ncs[1]["status"], "closed");
    assert_eq!(ncs[1]["actions"][0], "A-2025-04");
}

#[test]
fn each_reviews_d1_section_links_what_was_raised_or_closed_since_the_previous_review() {
    let (_dir, out) = built("nonconformities");
    let section = |review: &str| -> String {
        let page = read(&out, &format!("reviews/{review}/index.html"));
        let start = page
            .find("id=\"nonconformities\"")
            .expect("the d.1 section");
        let end = page[start..]
            .find("id=\"monitoring\"")
            .map_or(page.len(), |e| start + e);
        page[start..end].to_string()
    };
    // MR-2025-01 (2025-01-15) came before the audit: nothing in its period.
    let first = section("mr-2025-01");
    assert!(first.contains("class=\"nc-window\""));
    assert!(first.contains("None was raised or closed in this period."));
    // MR-2025-07: the three findings raised at the audit, NC-2025-02 closed.
    let second = section("mr-2025-07");
    for id in ["nc-2025-01", "nc-2025-02", "obs-2025-01"] {
        assert!(
            second.contains(&format!("href=\"../../nonconformities/{id}/index.html\"")),
            "{id} in MR-2025-07's d.1 section: {second}"
        );
    }
    assert!(second.contains("closed on 2025-07-15"));
    assert!(second.contains("after MR-2025-01 on 2025-01-15, up to 2025-07-15"));
}

#[test]
fn a_decision_shows_its_owner_and_the_actions_it_creates() {
    let (_dir, out) = built("nonconformities");
    let review = read(&out, "reviews/mr-2025-07/index.html");
    assert!(review.contains("class=\"decision__acts\""));
    assert!(review.contains(
        "Owner: <a class=\"person\" href=\"../../people/ciso/index.html\">Lee Marsh</a>"
    ));
    assert!(
        review.contains("Creates: <a href=\"../../actions/a-2025-02/index.html\">A-2025-02</a>")
    );
    let action = read(&out, "actions/a-2025-02/index.html");
    assert!(
        action.contains("<dt>Created by</dt><dd>decision <a href=\"../../reviews/mr-2025-07/index.html#decision-d-mr-2025-07\">D-MR-2025-07</a>"),
        "created by decision D-… on the action page"
    );
    assert!(
        review.contains("id=\"decision-d-mr-2025-07\""),
        "the anchor exists"
    );
    let person = read(&out, "people/ciso/index.html");
    let owned = &person[person.find("id=\"mb-decisions-owned\"").expect("section")..];
    assert!(owned.contains("D-MR-2025-07"));
    assert!(owned.contains("Keep the ISMS scope unchanged."));
    let other = read(&out, "people/cfo/index.html");
    assert!(
        other[other.find("id=\"mb-decisions-owned\"").expect("section")..]
            .contains("Owns no decision.")
    );
}

#[test]
fn the_demo_has_a_register_with_a_major_open_and_a_minor_closed_with_evidence() {
    let dir = common::temp_dir("nc-demo");
    let out = dir.path().join("site");
    let o = run(&[
        "build",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-26",
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let csv = read(&out, "data/nonconformities.csv");
    assert!(
        csv.contains("\nNC-2026-03,major,IA-2026-2,2026-11-12,"),
        "{csv}"
    );
    assert!(csv.contains(",A-2026-10,open,,14\n"), "{csv}");
    assert!(csv.contains(
        "\nNC-2026-04,minor,IA-2026-2,2026-11-12,A.5.20,A-2026-11,closed,2026-11-24,12\n"
    ));
    assert!(csv.contains("\nOBS-2026-02,observation,IA-2026-2,"));
    let action = read(&out, "actions/a-2026-07/index.html");
    assert!(action.contains("D-2026-09-1</a>"));
}
