//! Years of history (issue 17 items 1-4): the ISO/IEC 27001:2013 catalog
//! mapped into 2022, dated frameworks, mapping-aware MB027 and clause pages,
//! planned review dates. Fixture sites are checked and rendered in memory.

mod common;
use common::{check, fixture};
use minutebook::Date;
use minutebook::model::evidence::HashOptions;
use minutebook::render::{self, RenderOptions, theme};
use minutebook::site::serve::MemorySink;

/// A fixture checked and rendered as of a date.
struct Built {
    sink: MemorySink,
    findings: Vec<minutebook::diag::findings::Finding>,
}

impl Built {
    fn page(&self, path: &str) -> String {
        let bytes = self
            .sink
            .get(path)
            .unwrap_or_else(|| panic!("no {path} in the site"));
        String::from_utf8(bytes.to_vec()).expect("UTF-8 page")
    }
}

fn built(name: &str, as_of: &str) -> Built {
    let root = fixture(name);
    let as_of = Date::parse(as_of).expect("date");
    let checked = minutebook::check_site(&root, as_of, HashOptions::default());
    let theme = theme::load(&root, checked.site.config.theme.as_deref()).expect("theme");
    let sink = MemorySink::new();
    render::render_site(
        &checked.site,
        &checked.index,
        &checked.report,
        &theme,
        &sink,
        RenderOptions::default(),
    )
    .expect("the site renders");
    Built {
        sink,
        findings: checked.report.findings.clone(),
    }
}

/// The text of a page with tags removed and white space folded.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_2013_control_in_a_2022_review_names_what_it_became() {
    let b = built("mb027-2013-reference", "2025-12-31");
    let mb027: Vec<_> = b
        .findings
        .iter()
        .filter(|f| f.code.to_string() == "MB027")
        .collect();
    assert_eq!(mb027.len(), 1, "only the unqualified one: {mb027:?}");
    let f = mb027[0];
    assert!(f.message.contains("did you mean `A.5.9`?"), "{}", f.message);
    let help = f.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("A.5.9 Inventory of information and other associated assets"),
        "{help}"
    );
    assert!(help.contains("`iso27001-2013:A.8.1.1`"), "{help}");
    assert!(help.contains("Inventory of assets"), "{help}");

    // The qualified reference is valid and is on the 2022 control's page.
    let page = text(&b.page("clauses/iso27001-2022/a.5.9/index.html"));
    assert!(page.contains("cited as A.8.1.1 (2013)"), "{page}");
    assert!(page.contains("A-2025-01"), "the action citing it: {page}");
}

#[test]
fn a_site_across_the_transition_validates_and_shows_each_edition() {
    let (code, seen, json) = check(&fixture("history-transition"), "2026-02-01");
    assert_eq!((code, seen.len()), (0, 0), "{json}");

    let b = built("history-transition", "2026-02-01");
    let matrix = b.page("clauses/index.html");
    // 9 inputs of 2013 x 4 reviews held under 2022, and 10 inputs of 2022
    // x 5 reviews held under 2013: blank, not a gap.
    assert_eq!(
        matrix
            .matches("<td class=\"cell cell--not-applicable\">")
            .count(),
        86
    );
    assert_eq!(
        matrix
            .matches("<td class=\"cell cell--not-covered\">")
            .count(),
        0
    );
    assert!(matrix.contains(
        "<span aria-hidden=\"true\">—</span><span class=\"visually-hidden\">not applicable in MR-2019-03"
    ));
    assert!(text(&matrix).contains("not applicable"));

    // A 2013 review's checklist lists its own nine inputs.
    let review = text(&b.page("reviews/mr-2019-03/index.html"));
    assert!(review.contains("9 of 9"), "{review}");

    // 2022's A.8.8 and A.5.9 carry what cited their 2013 counterparts.
    let a88 = text(&b.page("clauses/iso27001-2022/a.8.8/index.html"));
    assert!(a88.contains("cited as A.12.6.1 (2013)"), "{a88}");
    assert!(
        a88.contains("D-MR-2019-03") && a88.contains("D-MR-2024-03"),
        "{a88}"
    );
    let a59 = text(&b.page("clauses/iso27001-2022/a.5.9/index.html"));
    assert!(a59.contains("cited as A.8.1.1 (2013)"), "{a59}");
    assert!(
        a59.contains("D-MR-2019-03") && a59.contains("D-MR-2024-03"),
        "{a59}"
    );

    // `A.5.1` in a 2013 review is the 2013 objective, not 2022's control.
    let objective = text(&b.page("clauses/iso27001-2013/a.5.1/index.html"));
    assert!(objective.contains("D-MR-2020-03"), "{objective}");
    let control = text(&b.page("clauses/iso27001-2022/a.5.1/index.html"));
    assert!(!control.contains("D-MR-2020-03"), "{control}");
    // `A.8.1` likewise: 2013's Responsibility for assets.
    let a81 = text(&b.page("clauses/iso27001-2013/a.8.1/index.html"));
    assert!(a81.contains("D-MR-2020-03"), "{a81}");
}

#[test]
fn the_dashboard_follows_the_planned_date_and_its_slack() {
    let b = built("mb061-planned-date", "2025-12-10");
    let dash = text(&b.page("index.html"));
    assert!(dash.contains("2025-12-01"), "the planned date: {dash}");
    assert!(dash.contains("within the 14-day tolerance"), "{dash}");
    let b = built("mb061-planned-date", "2026-01-01");
    let dash = text(&b.page("index.html"));
    assert!(dash.contains("overdue by 31 days"), "{dash}");
}

#[test]
fn a_2022_control_in_a_2013_review_names_what_it_was() {
    let b = built("mb027-2022-reference-in-2013-review", "2025-12-31");
    let mb027: Vec<_> = b
        .findings
        .iter()
        .filter(|f| f.code.to_string() == "MB027")
        .collect();
    assert_eq!(mb027.len(), 2, "{mb027:?}");
    let mapped = mb027
        .iter()
        .find(|f| f.message.contains("A.5.9"))
        .expect("A.5.9");
    assert!(
        mapped.message.contains("did you mean `A.8.1.1`?"),
        "{}",
        mapped.message
    );
    let help = mapped.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("A.8.1.1 Inventory of assets and A.8.1.2 Ownership of assets"),
        "{help}"
    );
    assert!(help.contains("`iso27001-2022:A.5.9`"), "{help}");
    let new = mb027
        .iter()
        .find(|f| f.message.contains("A.5.23"))
        .expect("A.5.23");
    assert!(
        new.message.contains("did you mean `iso27001-2022:A.5.23`?"),
        "{}",
        new.message
    );
    assert!(
        new.help
            .as_deref()
            .unwrap_or_default()
            .contains("no counterpart"),
        "{:?}",
        new.help
    );
}
