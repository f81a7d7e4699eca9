//! A site with a long history: trend charts on the dashboard and in the
//! board report draw the latest 60 points and say how many there are in all;
//! a file attached to every review is listed in full only in the evidence
//! register.

mod common;

use common::{run, scratch_copy};
use std::fs;
use std::path::Path;

/// Monthly reviews written before the `clean` fixture's two (2025-01 and
/// 2025-07): each covers every input, records a decision and one measurement
/// of `phishing-click-rate` (its number), attaches the risk register (as the
/// fixture's first review does) and raises no action.
fn add_history(root: &Path, months: usize) {
    let template = fs::read_to_string(root.join("content/reviews/2025-01-15-mr-2025-01.md"))
        .expect("the clean fixture's first review");
    let body = template
        .splitn(3, "---\n")
        .nth(2)
        .expect("frontmatter, then the body");
    let covers = template
        .lines()
        .skip_while(|l| *l != "covers:")
        .take(11)
        .collect::<Vec<_>>()
        .join("\n");
    for n in 0..months {
        let (year, month) = (2018 + (n / 12), 1 + (n % 12));
        let id = format!("MR-H-{n:03}");
        let review = format!(
            "---\nid: {id}\ntitle: Review {id}\ndate: {year}-{month:02}-10\nkind: scheduled\n\
             chair: ceo\nsecretary: ciso\nattendees: [ceo, ciso, it-lead]\n{covers}\n\
             decisions:\n  - {{id: D-H-{n:03}, text: Keep the scope., refs: [9.3.3]}}\n\
             metrics:\n  phishing-click-rate: {n}\n\
             evidence:\n  - {{path: evidence/2025/risk-register.csv, refs: [9.3.2.f]}}\n---\n{}",
            body.replace("MR-2025-01", &id)
        );
        fs::write(
            root.join(format!("content/reviews/{year}-{month:02}-10-{id}.md")),
            review,
        )
        .expect("write a review");
    }
}

/// Builds `root` into `root/public` as of the day after the fixture's last review.
fn build_ok(root: &Path) -> std::path::PathBuf {
    let out = root.join("public");
    let o = run(&[
        "build",
        "--root",
        root.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
        "--as-of",
        "2025-07-16",
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "build failed:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// The `<figure>` of one chart on a page (`prefix` is `chart` on the
/// dashboard, `report-chart` in the report).
fn figure<'a>(page: &'a str, prefix: &str, id: &str) -> &'a str {
    part(
        page,
        &format!(r#"<figure class="chart-card" id="{prefix}-{id}""#),
        "</figure>",
    )
}

/// The part of `page` from `start` up to the first `end` after it.
fn part<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("{start} is on the page"));
    let len = page[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end} follows {start}"));
    &page[from..from + len]
}

/// The data table's row headers (`<th scope="row">…</th>`), in order.
fn row_heads(figure: &str) -> Vec<&str> {
    figure
        .split(r#"<th scope="row">"#)
        .skip(1)
        .filter_map(|r| r.split("</th>").next())
        .collect()
}

#[test]
fn trend_charts_draw_the_latest_60_points_of_a_long_history() {
    let dir = scratch_copy("clean");
    // 70 monthly reviews from 2018-01 to 2023-10, then the fixture's two.
    add_history(dir.path(), 70);
    let out = build_ok(dir.path());
    for (page, prefix) in [
        ("index.html", "chart"),
        ("report/index.html", "report-chart"),
    ] {
        let html = fs::read_to_string(out.join(page)).expect(page);

        let metric = figure(&html, prefix, "metric-phishing-click-rate");
        assert!(
            metric.contains(
                r#"<span class="chart__summary">latest 60 of 72 measurements, target &lt; 5</span>"#
            ),
            "{page}: {metric}"
        );
        assert_eq!(
            metric.matches(r#"<circle class="point""#).count(),
            60,
            "{page}"
        );
        let dates = row_heads(metric);
        assert_eq!(dates.len(), 60, "{page}");
        // 72 measurements, the first 12 (2018) left out: 2019-01 … 2023-10, 2025-01, 2025-07.
        assert_eq!(dates.first(), Some(&"2019-01-10"), "{page}");
        assert_eq!(dates[57], "2023-10-10", "{page}");
        assert_eq!(&dates[58..], ["2025-01-15", "2025-07-15"], "{page}");
        assert!(
            metric.contains("60 values in %, from 2019-01 (12) to 2025-07 (4.1)"),
            "{page}: {metric}"
        );

        let actions = figure(&html, prefix, "actions-per-review");
        assert!(
            actions.contains("each of the latest 60 of 72 scheduled reviews"),
            "{page}: {actions}"
        );
        let reviews = row_heads(actions);
        assert_eq!(reviews.len(), 60, "{page}");
        assert_eq!(reviews.first(), Some(&"MR-H-012"), "{page}");
        assert_eq!(reviews.last(), Some(&"MR-2025-07"), "{page}");
    }
}

#[test]
fn trend_charts_of_a_short_history_draw_every_point() {
    let dir = scratch_copy("clean");
    let out = build_ok(dir.path());
    let html = fs::read_to_string(out.join("index.html")).expect("dashboard");
    let metric = figure(&html, "chart", "metric-phishing-click-rate");
    assert!(metric.contains("2 measurements, target"), "{metric}");
    assert!(!metric.contains("latest"), "{metric}");
    assert_eq!(row_heads(metric), ["2025-01-15", "2025-07-15"]);
    let actions = figure(&html, "chart", "actions-per-review");
    assert!(actions.contains("up to each scheduled review"), "{actions}");
    assert_eq!(row_heads(actions), ["MR-2025-01", "MR-2025-07"]);
}

#[test]
fn a_file_attached_to_every_review_is_listed_in_full_only_in_the_register() {
    let dir = scratch_copy("clean");
    add_history(dir.path(), 70);
    let out = build_ok(dir.path());
    // The register's row (its id is the anchor other pages link to) lists
    // all 71 reviews attaching the file.
    let register = fs::read_to_string(out.join("evidence/index.html")).expect("register");
    let row = part(
        &register,
        r#"<tr class="lock-ok" id="file-evidence-2025-risk-register.csv">"#,
        "</tr>",
    );
    assert_eq!(
        row.matches("<li><a href=\"../reviews/").count(),
        71,
        "{row}"
    );
    // A review page says how many and links to that row instead.
    for page in [
        "reviews/mr-h-000/index.html",
        "reviews/mr-2025-01/index.html",
    ] {
        let html = fs::read_to_string(out.join(page)).expect(page);
        assert!(
            html.contains(
                r#"<a href="../../evidence/index.html#file-evidence-2025-risk-register.csv">71 documents</a> <span class="small muted">(listed in the evidence register)</span>"#
            ),
            "{page}"
        );
        assert_eq!(
            html.matches("<li><a href=\"../../reviews/mr-h-").count(),
            0,
            "{page}"
        );
    }
}

#[test]
fn a_file_attached_to_a_few_documents_lists_them_where_it_is_shown() {
    let dir = scratch_copy("clean");
    add_history(dir.path(), 9);
    let out = build_ok(dir.path());
    let html = fs::read_to_string(out.join("reviews/mr-h-000/index.html")).expect("review");
    let table = part(&html, r#"<table id="evidence-table""#, "</table>");
    // Nine history reviews and MR-2025-01: ten, the most a page lists.
    assert_eq!(
        table.matches("<li><a href=\"../../reviews/").count(),
        10,
        "{table}"
    );
    assert!(
        !table.contains("listed in the evidence register"),
        "{table}"
    );
}
