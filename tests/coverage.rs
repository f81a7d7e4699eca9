//! Honest coverage: the marks ✓ covered, = no change,
//! ◌ placeholder, ✗ not covered and – not required, derived once, as the
//! coverage matrix, each review's checklist, the input-coverage KPI and
//! `data/site.json` show them. The fixture sites are rendered in memory
//! through the library, so a site whose gap is an error (MB020) still shows
//! that gap.

mod common;
use common::fixture;
use minutebook::Date;
use minutebook::model::evidence::HashOptions;
use minutebook::render::{self, RenderOptions, theme};
use minutebook::site::serve::MemorySink;

const AS_OF: &str = "2025-12-31";

/// A fixture checked and rendered as of [`AS_OF`].
struct Built {
    sink: MemorySink,
    codes: Vec<String>,
    messages: Vec<String>,
}

impl Built {
    fn page(&self, path: &str) -> String {
        let bytes = self
            .sink
            .get(path)
            .unwrap_or_else(|| panic!("no {path} in the site"));
        String::from_utf8(bytes.to_vec()).expect("UTF-8 page")
    }

    fn count(&self, code: &str) -> usize {
        self.codes.iter().filter(|c| *c == code).count()
    }

    /// The review's record of `data/site.json`.
    fn review_json(&self, id: &str) -> serde_json::Value {
        let json: serde_json::Value =
            serde_json::from_str(&self.page("data/site.json")).expect("site.json");
        json["documents"]
            .as_array()
            .expect("documents")
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no document {id} in site.json"))
    }

    /// `(mark, counted, section)` of one input of a review in `site.json`.
    fn json_mark(&self, id: &str, input: &str) -> (String, bool, Option<String>) {
        let doc = self.review_json(id);
        let entry = doc["coverage"]
            .as_array()
            .expect("coverage of a review")
            .iter()
            .find(|c| c["input"] == input)
            .cloned()
            .unwrap_or_else(|| panic!("{id}: no coverage entry for {input}"));
        (
            entry["mark"].as_str().unwrap_or_default().to_string(),
            entry["counted"].as_bool().expect("counted"),
            entry["section"].as_str().map(str::to_string),
        )
    }
}

fn built(name: &str) -> Built {
    let root = fixture(name);
    let as_of = Date::parse(AS_OF).expect("date");
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
        codes: checked
            .report
            .findings
            .iter()
            .map(|f| f.code.to_string())
            .collect(),
        messages: checked
            .report
            .findings
            .iter()
            .map(|f| f.message.clone())
            .collect(),
    }
}

/// The text between `start` (after it) and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let rest = &text[from..];
    Some(&rest[..rest.find(end)?])
}

/// The matrix row of `input`: its HTML up to `</tr>`.
fn matrix_row<'a>(matrix: &'a str, input: &str) -> &'a str {
    let head = format!("/{input}/index.html\">{input}</a>");
    let table = &matrix[matrix.find("id=\"coverage-matrix\"").expect("matrix")..];
    let at = table
        .find(&head)
        .unwrap_or_else(|| panic!("no matrix row {input}"));
    let row = &table[at..];
    &row[..row.find("</tr>").expect("row end")]
}

/// `(state class, symbol, screen-reader words)` of the matrix cell of
/// `input` in the column of `review`.
fn matrix_cell(matrix: &str, input: &str, review: &str) -> (String, String, String) {
    let row = matrix_row(matrix, input);
    for cell in row.split("<td class=\"cell cell--").skip(1) {
        let words = between(cell, "<span class=\"visually-hidden\">", "</span>").unwrap_or("");
        if words.ends_with(&format!(" {review}")) {
            let class = &cell[..cell.find('"').unwrap_or(0)];
            let symbol = between(cell, "<span aria-hidden=\"true\">", "</span>").unwrap_or("");
            return (class.into(), symbol.into(), words.into());
        }
    }
    panic!("no cell for {review} in the row of {input}: {row}");
}

/// The row total of `input` in the matrix (`1 of 2`).
fn matrix_total(matrix: &str, input: &str) -> String {
    between(matrix_row(matrix, input), "matrix__sum nowrap\">", "</td>")
        .expect("row total")
        .to_string()
}

/// `(row class, row HTML)` of `input` in a review page's checklist.
fn checklist_row(page: &str, input: &str) -> (String, String) {
    let table = between(page, "<table id=\"coverage-table\"", "</table>").expect("checklist");
    let head = format!(">{input}</a></th>");
    for row in table.split("<tr class=\"").skip(1) {
        if row.contains(&head) {
            let class = row[..row.find('"').unwrap_or(0)].to_string();
            return (class, row.to_string());
        }
    }
    panic!("no checklist row {input}");
}

/// The "Inputs covered" fact of a review page's header.
fn header_summary(page: &str) -> String {
    between(page, "<dt>Inputs covered</dt><dd>", "</dd>")
        .expect("inputs covered in the header")
        .to_string()
}

/// `(value, detail)` of the dashboard's input-coverage card.
fn kpi(dashboard: &str) -> (String, String) {
    let card = between(dashboard, "id=\"kpi-coverage\"", "</li>").expect("coverage card");
    (
        between(card, "<p class=\"kpi__value\">", "</p>")
            .expect("value")
            .to_string(),
        between(card, "<p class=\"kpi__detail\">", "</p>")
            .expect("detail")
            .to_string(),
    )
}

#[test]
fn an_uncovered_input_is_a_cross_in_the_matrix_the_checklist_and_the_kpi() {
    let site = built("mb020-input-not-covered");
    assert_eq!(site.count("MB020"), 1);
    let matrix = site.page("clauses/index.html");
    assert_eq!(
        matrix_cell(&matrix, "9.3.2.c", "MR-2025-07"),
        (
            "not-covered".into(),
            "✗".into(),
            "not covered in MR-2025-07".into()
        )
    );
    assert_eq!(
        matrix_cell(&matrix, "9.3.2.c", "MR-2025-01").0,
        "covered",
        "the other review covers it"
    );
    assert_eq!(matrix_total(&matrix, "9.3.2.c"), "1 of 2");
    assert_eq!(matrix_total(&matrix, "9.3.2.b"), "2 of 2");

    let page = site.page("reviews/mr-2025-07/index.html");
    let (class, row) = checklist_row(&page, "9.3.2.c");
    assert_eq!(class, "is-not-covered");
    assert!(
        row.contains("<span aria-hidden=\"true\">✗</span> not covered"),
        "{row}"
    );
    assert!(row.contains("(MB020)"), "{row}");
    assert_eq!(header_summary(&page), "9 of 10");

    let (value, detail) = kpi(&site.page("index.html"));
    assert_eq!(value, "95 %");
    assert!(detail.starts_with("19 of 20 required inputs"), "{detail}");
    assert_eq!(
        site.json_mark("MR-2025-07", "9.3.2.c"),
        ("not-covered".into(), false, None)
    );
}

#[test]
fn placeholders_are_a_circle_everywhere_and_do_not_count() {
    let site = built("mb022-placeholder");
    let matrix = site.page("clauses/index.html");
    // One truth: every MB022 is a ◌ cell, and every ◌ cell an MB022.
    assert_eq!(site.count("MB022"), 3);
    assert_eq!(
        matrix
            .matches("<td class=\"cell cell--placeholder\">")
            .count(),
        3
    );
    for (input, anchor) in [
        ("9.3.2.b", "context"),
        ("9.3.2.e", "feedback"),
        ("9.3.2.f", "risk"),
    ] {
        assert_eq!(
            matrix_cell(&matrix, input, "MR-2025-07"),
            (
                "placeholder".into(),
                "◌".into(),
                "placeholder in MR-2025-07".into()
            ),
            "{input}"
        );
        assert_eq!(matrix_total(&matrix, input), "1 of 2", "{input}");
        assert!(
            matrix_row(&matrix, input).contains(&format!("mr-2025-07/index.html#{anchor}\"")),
            "{input}: the ◌ links to the section"
        );
        assert_eq!(
            site.json_mark("MR-2025-07", input),
            ("placeholder".into(), false, Some(anchor.into()))
        );
    }

    let page = site.page("reviews/mr-2025-07/index.html");
    let (class, row) = checklist_row(&page, "9.3.2.b");
    assert_eq!(class, "is-placeholder");
    assert!(
        row.contains("<span aria-hidden=\"true\">◌</span> placeholder"),
        "{row}"
    );
    assert!(row.contains("only says &quot;TBD&quot;"), "{row}");
    // A `.no-change` heading over two words is a placeholder, not "no change".
    let (class, row) = checklist_row(&page, "9.3.2.f");
    assert_eq!(class, "is-placeholder");
    assert!(row.contains("has only 2 words"), "{row}");
    assert!(
        site.messages.iter().any(|m| m.starts_with(
            "section `risk` of review MR-2025-07 (covering 9.3.2.f) is marked no change but has only 2 words: \
             a no-change statement needs at least 5 words saying what was looked at"
        )),
        "{:?}",
        site.messages
    );
    assert_eq!(header_summary(&page), "7 of 10");

    let (value, detail) = kpi(&site.page("index.html"));
    assert_eq!(value, "85 %");
    assert!(detail.starts_with("17 of 20 required inputs"), "{detail}");
}

#[test]
fn a_no_change_section_is_an_equals_sign_and_counts() {
    let site = built("no-change-section");
    assert!(site.codes.is_empty(), "{:?}", site.codes);
    let matrix = site.page("clauses/index.html");
    for review in ["MR-2025-01", "MR-2025-07"] {
        assert_eq!(
            matrix_cell(&matrix, "9.3.2.c", review),
            (
                "no-change".into(),
                "=".into(),
                format!("no change in {review}")
            )
        );
        assert_eq!(
            site.json_mark(review, "9.3.2.c"),
            ("no-change".into(), true, Some("interested-parties".into()))
        );
    }
    assert_eq!(matrix_total(&matrix, "9.3.2.c"), "2 of 2");
    assert!(
        !matrix.contains(">9.3.2.d</a> <span class=\"matrix__title\">"),
        "9.3.2.d is covered through d.1-d.4 and has no row of its own"
    );

    let page = site.page("reviews/mr-2025-07/index.html");
    let (class, row) = checklist_row(&page, "9.3.2.c");
    assert_eq!(class, "is-no-change");
    assert!(
        row.contains("<span aria-hidden=\"true\">=</span> no change"),
        "{row}"
    );
    assert!(
        row.contains("#interested-parties\">Changes in needs of interested parties</a>"),
        "{row}"
    );
    // Only the ten required inputs count, though `covers` names 9.3.2.d too;
    // 9.3.2.d is listed apart.
    assert_eq!(header_summary(&page), "10 of 10");
    let required = between(&page, "<table id=\"coverage-table\"", "</table>").expect("checklist");
    assert!(!required.contains(">9.3.2.d</a></th>"));
    let other =
        between(&page, "<table id=\"coverage-table-other\"", "</table>").expect("other items");
    assert!(other.contains(">9.3.2.d</a></th>"), "{other}");
    assert!(
        page.contains("<h3 id=\"interested-parties\" class=\"no-change\">"),
        "the minutes' heading keeps its class"
    );
    let reviews = site.page("reviews/index.html");
    assert!(
        !reviews.contains("11 of 11"),
        "the reviews list counts required inputs only"
    );

    let (value, detail) = kpi(&site.page("index.html"));
    assert_eq!(value, "100 %");
    assert!(detail.starts_with("20 of 20 required inputs"), "{detail}");
}

#[test]
fn an_extraordinary_review_shows_inputs_it_was_not_called_for_as_not_required() {
    let site = built("extraordinary-review");
    let matrix = site.page("clauses/index.html");
    assert_eq!(
        matrix_cell(&matrix, "9.3.2.a", "MR-2025-X1"),
        (
            "not-required".into(),
            "–".into(),
            "not required in extraordinary review MR-2025-X1".into()
        )
    );
    assert_eq!(matrix_cell(&matrix, "9.3.2.f", "MR-2025-X1").0, "covered");
    assert_eq!(
        matrix_total(&matrix, "9.3.2.a"),
        "2 of 2",
        "not counted either way"
    );
    assert_eq!(
        site.json_mark("MR-2025-X1", "9.3.2.a"),
        ("not-required".into(), false, None)
    );
    let page = site.page("reviews/mr-2025-x1/index.html");
    assert_eq!(header_summary(&page), "1 of 10 (extraordinary review)");
    assert_eq!(checklist_row(&page, "9.3.2.a").0, "is-not-required");
    assert_eq!(checklist_row(&page, "9.3.2.f").0, "is-covered");
    let (value, _) = kpi(&site.page("index.html"));
    assert_eq!(value, "100 %", "extraordinary reviews are not in the KPI");
}

#[test]
fn the_matrix_and_the_checklist_explain_every_mark_in_words() {
    let site = built("mb022-placeholder");
    let legend_words = [
        ("✓", "covered"),
        ("=", "no change"),
        ("◌", "placeholder"),
        ("✗", "not covered"),
    ];
    for path in ["clauses/index.html", "reviews/mr-2025-07/index.html"] {
        let page = site.page(path);
        let legend = between(&page, "<ul class=\"legend\"", "</ul>")
            .unwrap_or_else(|| panic!("{path}: no legend"));
        for (symbol, words) in legend_words {
            assert!(
                legend.contains(&format!("aria-hidden=\"true\">{symbol}</span> {words}:")),
                "{path}: the legend does not explain {symbol}: {legend}"
            );
        }
        assert!(legend.contains("Only ✓ and = count"), "{path}");
    }
    // Every symbol in a cell is hidden from screen readers, which read words.
    let page = site.page("clauses/index.html");
    let matrix = between(&page, "<table id=\"coverage-matrix\"", "</table>").expect("matrix");
    let cells = matrix.matches("<td class=\"cell cell--").count();
    assert_eq!(cells, 20);
    assert_eq!(
        matrix.matches("<span class=\"visually-hidden\">").count(),
        cells
    );
}

#[test]
fn an_anchor_that_is_no_heading_is_a_cross_reported_once_as_mb021() {
    let site = built("mb021-missing-anchor");
    assert_eq!((site.count("MB021"), site.count("MB020")), (1, 0));
    let matrix = site.page("clauses/index.html");
    assert_eq!(
        matrix_cell(&matrix, "9.3.2.f", "MR-2025-07").0,
        "not-covered"
    );
    let page = site.page("reviews/mr-2025-07/index.html");
    let (class, row) = checklist_row(&page, "9.3.2.f");
    assert_eq!(class, "is-not-covered");
    assert!(row.contains("anchor `risks`"), "{row}");
    assert!(row.contains("(MB021)"), "{row}");
    assert_eq!(header_summary(&page), "9 of 10");
}
