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

/// Three reviews a month from 2015 to 2024 (360) before the `clean`
/// fixture's two, each raising two actions owned by the IT lead; each
/// review closes the previous review's actions, except the second action
/// of every 40th review, which stays open (nine open actions).
fn add_busy_history(root: &Path) -> usize {
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
    let n_reviews = 360;
    for n in 0..n_reviews {
        let (year, month, day) = (2015 + n / 36, 1 + (n / 3) % 12, 3 + 9 * (n % 3));
        let date = format!("{year}-{month:02}-{day:02}");
        let id = format!("MR-B-{n:03}");
        let mut updates = String::new();
        if n > 0 {
            let p = n - 1;
            updates.push_str("updates:\n");
            let done = |a: &str| {
                format!(
                    "  - {{action: {a}, status: done, evidence: [evidence/2025/risk-register.csv]}}\n"
                )
            };
            updates.push_str(&done(&format!("A-B-{p:03}-1")));
            if p % 40 != 0 {
                updates.push_str(&done(&format!("A-B-{p:03}-2")));
            }
            // The actions left open are reported at every review.
            for q in (0..=p).step_by(40) {
                updates.push_str(&format!(
                    "  - {{action: A-B-{q:03}-2, status: in-progress}}\n"
                ));
            }
        }
        let review = format!(
            "---\nid: {id}\ntitle: Review {id}\ndate: {date}\nkind: scheduled\n\
             chair: ceo\nsecretary: ciso\nattendees: [ceo, ciso, it-lead]\n{covers}\n\
             decisions:\n  - {{id: D-B-{n:03}, text: Keep the scope., owner: ceo, refs: [9.3.3]}}\n\
             actions:\n\
             \x20 - {{id: A-B-{n:03}-1, title: Patch the servers {n}, owner: it-lead, due: {year}-12-31, refs: [A.8.8]}}\n\
             \x20 - {{id: A-B-{n:03}-2, title: Review access {n}, owner: it-lead, support: [ciso], due: {year}-12-31, refs: [A.5.18]}}\n\
             evidence:\n  - {{path: evidence/{year}/minutes-{n:03}.txt, refs: [9.3.2.a]}}\n\
             {updates}---\n{}",
            body.replace("MR-2025-01", &id)
        );
        let folder = root.join(format!("content/evidence/{year}"));
        fs::create_dir_all(&folder).expect("evidence folder");
        fs::write(
            folder.join(format!("minutes-{n:03}.txt")),
            format!("Signed minutes of {id}\n"),
        )
        .expect("write an evidence file");
        fs::write(
            root.join(format!("content/reviews/{date}-{}.md", id.to_lowercase())),
            review,
        )
        .expect("write a review");
    }
    // The fixture's two reviews report what is still open.
    let mut open = String::new();
    for q in (0..n_reviews).step_by(40).chain([n_reviews - 1]) {
        open.push_str(&format!(
            "  - {{action: A-B-{q:03}-2, status: in-progress}}\n"
        ));
    }
    open.push_str(&format!(
        "  - {{action: A-B-{:03}-1, status: in-progress}}\n",
        n_reviews - 1
    ));
    let first = root.join("content/reviews/2025-01-15-mr-2025-01.md");
    let text = fs::read_to_string(&first).expect("MR-2025-01");
    let end = 4 + text[4..].find("---\n").expect("frontmatter ends");
    let text = format!("{}updates:\n{open}{}", &text[..end], &text[end..]);
    fs::write(&first, text).expect("write MR-2025-01");
    let second = root.join("content/reviews/2025-07-15-mr-2025-07.md");
    let text = fs::read_to_string(&second).expect("MR-2025-07");
    let text = text.replacen("updates:\n", &format!("updates:\n{open}"), 1);
    fs::write(&second, text).expect("write MR-2025-07");
    // The new evidence files locked, as a user does before building.
    let o = run(&["lock", "--root", root.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Signed again, on the days they were first signed.
    for (file, date) in [
        ("content/reviews/2025-01-15-mr-2025-01.md", "2025-01-20"),
        ("content/reviews/2025-07-15-mr-2025-07.md", "2025-07-20"),
    ] {
        let o = run(&[
            "approve",
            "--root",
            root.to_str().expect("utf-8 path"),
            "--by",
            "ceo",
            "--date",
            date,
            "--as-of",
            "2025-07-16",
            file,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    n_reviews
}

/// Every file of a built site, by path relative to it.
fn walk(out: &Path) -> std::collections::BTreeSet<String> {
    let mut files = std::collections::BTreeSet::new();
    let mut todo = vec![out.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for e in fs::read_dir(&dir).expect("a folder of the site").flatten() {
            let path = e.path();
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(rel) = path.strip_prefix(out) {
                files.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}

/// Every HTML page of a built site: (path relative to the site, text).
fn html_pages(out: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    let mut todo = vec![out.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for e in fs::read_dir(&dir).expect("a folder of the site").flatten() {
            let path = e.path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|x| x == "html") {
                let rel = path
                    .strip_prefix(out)
                    .expect("under the site")
                    .to_string_lossy()
                    .replace('\\', "/");
                pages.push((rel, fs::read_to_string(&path).expect("UTF-8 page")));
            }
        }
    }
    pages.sort();
    pages
}

/// The `href`s of the pager on a page (`<nav class="pages" …>`), "" when none.
fn pager_links(page: &str) -> Vec<String> {
    let Some(from) = page.find(r#"<nav class="pages" aria-label="Pages">"#) else {
        return Vec::new();
    };
    let nav = &page[from..from + page[from..].find("</nav>").expect("the pager ends")];
    nav.split("href=\"")
        .skip(1)
        .filter_map(|h| h.split('"').next())
        .map(str::to_string)
        .collect()
}

/// `href` from the page at `page` (site-relative), resolved to a site path.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let path = href.split(['#', '?']).next().unwrap_or(href);
    for s in path.split('/') {
        match s {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn a_long_busy_history_splits_its_long_pages_by_year() {
    let dir = scratch_copy("clean");
    let reviews = add_busy_history(dir.path());
    let out = build_ok(dir.path());
    let pages = html_pages(&out);
    let by_path: std::collections::BTreeMap<&str, &str> = pages
        .iter()
        .map(|(p, h)| (p.as_str(), h.as_str()))
        .collect();

    // No page grows with the history beyond its row limit: every page is
    // far under the 2 MB cap (a year is 36 reviews and 72 actions here).
    for (path, html) in &pages {
        assert!(
            html.len() < 600 * 1024,
            "{path} is {} bytes at {reviews} reviews",
            html.len()
        );
    }

    // The pages that held the whole history now hold a year of it.
    for page in [
        "actions/index.html",
        "actions/year/2016/index.html",
        "clauses/index.html",
        "clauses/2016/index.html",
        "audit/index.html",
        "reviews/index.html",
        "people/it-lead/index.html",
        "people/ceo/2016/index.html",
    ] {
        let size = by_path.get(page).map_or(0, |h| h.len());
        assert!(size > 0 && size < 200 * 1024, "{page}: {size} bytes");
    }

    // Every pager link resolves to a page; the current page is marked once.
    let mut pagers = 0;
    for (path, html) in &pages {
        let links = pager_links(html);
        if links.is_empty() {
            continue;
        }
        pagers += 1;
        assert_eq!(html.matches(r#"aria-current="page""#).count(), 1, "{path}");
        for href in &links {
            assert!(
                !href.starts_with('/') && href.ends_with("index.html"),
                "{path}: {href}"
            );
            let target = resolve(path, href);
            assert!(
                by_path.contains_key(target.as_str()),
                "{path}: {href} → {target}"
            );
        }
    }
    assert!(pagers > 40, "only {pagers} pages have a pager");
    // And every other relative link of every page names an existing file.
    let files: std::collections::BTreeSet<String> = walk(&out);
    for (path, html) in &pages {
        for href in html
            .split(" href=\"")
            .skip(1)
            .filter_map(|h| h.split('"').next())
        {
            if href.starts_with('#') || href.contains(':') {
                continue;
            }
            let target = resolve(path, href);
            assert!(
                files.contains(&target),
                "{path}: {href} → {target} does not exist"
            );
        }
    }

    // The register: its entry page shows every open action (the nine left
    // open and the two raised by the last review) and links to each year.
    let register = by_path["actions/index.html"];
    let csv = fs::read_to_string(out.join("data/actions.csv")).expect("actions.csv");
    let open: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter(|l| l.contains(",open,") || l.contains(",in-progress,"))
        .filter_map(|l| l.split(',').next())
        .collect();
    assert!(open.len() >= 9, "{open:?}");
    for id in &open {
        assert!(
            register.contains(&format!(
                "href=\"../actions/{}/index.html\"",
                id.to_lowercase()
            )),
            "the register's first page lacks open action {id}"
        );
    }
    // A closed action of 2016 is on its year's page, not on the first page.
    assert!(!register.contains("actions/a-b-060-1/index.html\""));
    let links = pager_links(register);
    for year in 2015..=2025 {
        let href = format!("year/{year}/index.html");
        assert!(
            links.contains(&href),
            "the register links no {href}: {links:?}"
        );
    }
    assert!(
        register.contains("rel=\"next\""),
        "the first page links the next"
    );
    let y2016 = by_path["actions/year/2016/index.html"];
    assert!(y2016.contains("href=\"../../../actions/a-b-060-1/index.html\""));
    assert_eq!(
        y2016.matches("<tr").count() - 1,
        72,
        "2016 raised 72 actions"
    );
    assert!(y2016.contains("rel=\"prev\"") && y2016.contains("rel=\"next\""));
    assert!(
        y2016.contains(r#"id="action-filters""#),
        "filters on each year's page"
    );

    // The matrix: the latest 36 reviews, then a page per year of reviews.
    let matrix = by_path["clauses/index.html"];
    assert!(matrix.contains("The matrix shows the latest 36 of the 362 management reviews"));
    assert!(by_path.contains_key("clauses/2015/index.html"));
    assert_eq!(
        by_path["clauses/2020/index.html"]
            .matches(r#"<td class="cell cell--"#)
            .count(),
        36 * 10,
        "2020's 36 reviews × 10 required inputs"
    );

    // The list of reviews: the latest year first, a page per year.
    assert!(by_path["reviews/index.html"].contains("2 management reviews of 2025, newest first"));
    assert!(
        by_path["reviews/year/2016/index.html"]
            .contains("36 management reviews of 2016, newest first")
    );

    // A person and a required input split by year too.
    assert!(by_path.contains_key("people/it-lead/2019/index.html"));
    let clause_years: Vec<&&str> = by_path
        .keys()
        .filter(|p| p.starts_with("clauses/iso27001-2022/") && p.ends_with("/2018/index.html"))
        .collect();
    assert!(!clause_years.is_empty(), "no clause page of 2018");

    // The audit index lists the first 50 of a code's 360 findings and links
    // to the page with all of them; its trail lists the newest sections.
    let audit = by_path["audit/index.html"];
    assert!(
        audit.contains("The first 50 of 360 findings of MB051"),
        "MB051 cut short"
    );
    assert!(audit.contains(r#"<a href="../audit/mb051/index.html">every finding of MB051</a>"#));
    let mb051 = by_path["audit/mb051/index.html"];
    assert_eq!(mb051.matches(r#"<tr class="finding"#).count(), 360);
    assert!(
        audit.contains("earlier on its page</a>"),
        "the trail is cut short"
    );

    // The evidence register: the files first cited in the latest year,
    // every file no document cites and a page per year; a row's links lead
    // to the page it is on.
    let evidence = by_path["evidence/index.html"];
    assert!(evidence.contains("id=\"file-evidence-2025-audit-report.txt\""));
    assert!(
        by_path["evidence/year/2024/index.html"]
            .contains("id=\"file-evidence-2024-minutes-335.txt\"")
    );
    assert!(!evidence.contains("id=\"file-evidence-2024-minutes-335.txt\""));
    assert!(
        !evidence.contains("id=\"file-evidence-2016-minutes-036.txt\""),
        "a file of 2016 on the register's first page"
    );
    assert!(
        evidence.contains("id=\"outside-heading\""),
        "outside evidence on the first page"
    );
    let e2016 = by_path["evidence/year/2016/index.html"];
    assert_eq!(
        e2016.matches("id=\"file-evidence-2016-minutes-").count(),
        36,
        "2016's 36 review files"
    );
    assert!(e2016.contains("36 evidence files first cited in 2016"));
    assert!(!e2016.contains("id=\"outside-heading\""));
    assert!(pager_links(evidence).contains(&"year/2016/index.html".to_string()));
    // The risk register, attached to every update since 2015, is listed on
    // 2015's page, and the review pages' "N documents" link goes there.
    let review = by_path["reviews/mr-2025-01/index.html"];
    let href = review
        .split(" href=\"")
        .filter_map(|h| h.split('"').next())
        .find(|h| h.ends_with("#file-evidence-2025-risk-register.csv"))
        .expect("a link to the risk register's row");
    assert_eq!(
        href,
        "../../evidence/year/2015/index.html#file-evidence-2025-risk-register.csv"
    );
    assert!(
        by_path["evidence/year/2015/index.html"]
            .contains("id=\"file-evidence-2025-risk-register.csv\"")
    );

    // Largest page, for the record.
    let (largest, html) = pages.iter().max_by_key(|(_, h)| h.len()).expect("pages");
    eprintln!("largest page: {largest}, {} bytes", html.len());
}
