//! Bounded pages (issue 20): a list that grows with the history (the action
//! register, the coverage matrix, a clause's or a person's page, a code's
//! findings) splits above a row limit into an entry page and year pages, as
//! static site generators paginate lists. At 10,000 reviews the register was
//! 39 MB, too large for a browser to open quickly; a year of a real ISMS is a
//! few hundred rows at most, so a year page is bounded by reality.
//!
//! Small sites are not split: below the limit a page shows everything, as it
//! always did. The entry page keeps its URL (`actions/index.html`) and shows
//! what an auditor asks first (every open action, the latest year); year
//! pages sit one folder deeper than the entry page's items can (a year page
//! `actions/2025/index.html` beside action pages `actions/<id>/index.html`
//! would collide with an action whose id is `2025`, so the register's year
//! pages are `actions/year/2025/index.html`, one level below any action).

use crate::render::html;

/// Above this many rows (actions, sections, attendances…) a page splits by
/// year. A row is 0.3-1 KB of HTML, so a page stays well under 2 MB even
/// when its entry page adds every open action.
pub const PAGE_ROWS: usize = 300;

/// Above this many reviews the coverage matrix shows the latest this many
/// (three years of monthly reviews) and links to a page per year.
pub const MATRIX_REVIEWS: usize = 36;

/// The review sections and evidence files the audit index's trail lists per
/// requirement, newest first; the clause page has the rest.
pub const TRAIL_ITEMS: usize = 12;

/// The findings of one code listed on the audit index; above this the group
/// links to the code's own pages.
pub const FINDINGS_SHOWN: usize = 50;

/// Findings per page of a code's own pages (`audit/mb050/index.html`, then
/// `audit/mb050/2/index.html`…).
pub const FINDINGS_PER_PAGE: usize = 1000;

/// Which part of a split list a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// Everything (the list is small enough: no split).
    All,
    /// The entry page of a split list: the latest year (and, for actions,
    /// everything still open).
    Latest(i32),
    /// One year.
    Year(i32),
}

impl Part {
    /// Whether an item of `year` is on this page.
    pub fn has_year(self, year: i32) -> bool {
        match self {
            Part::All => true,
            Part::Latest(y) | Part::Year(y) => y == year,
        }
    }

    /// Whether this is the whole list or its entry page.
    pub fn is_entry(self) -> bool {
        !matches!(self, Part::Year(_))
    }
}

/// The distinct years, newest first.
pub fn years(all: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ys: Vec<i32> = all.into_iter().collect();
    ys.sort_unstable_by(|a, b| b.cmp(a));
    ys.dedup();
    ys
}

/// The part a page of a list of `rows` rows over `years` shows: everything
/// when small, else the latest year on the entry page (`year` None) or the
/// year asked for.
pub fn part(rows: usize, limit: usize, years: &[i32], year: Option<i32>) -> Part {
    match (year, years.first()) {
        (Some(y), _) => Part::Year(y),
        (None, Some(&latest)) if rows > limit => Part::Latest(latest),
        _ => Part::All,
    }
}

/// One link of a pager: its label and root-relative href.
pub struct PagerLink {
    /// What the link says (`Latest`, `2025`, `Page 2`).
    pub label: String,
    /// Root-relative href naming its file.
    pub href: String,
}

/// The pager of a split list: `<nav aria-label="Pages">` with every page
/// (the current one `aria-current="page"`) and the previous and next pages
/// (`rel="prev"`, `rel="next"`), in the order given (newest first). ""
/// when there is a single page.
pub fn pager(
    root: &str,
    links: &[PagerLink],
    current: usize,
    about: &str,
    (prev, next): (&str, &str),
) -> String {
    if links.len() < 2 {
        return String::new();
    }
    let mut out = String::with_capacity(200 + links.len() * 60);
    out.push_str("\n<nav class=\"pages\" aria-label=\"Pages\">\n<p class=\"pages__about\">");
    html::text(&mut out, about);
    out.push_str("</p>\n<ul class=\"pages__list\">");
    let step = |out: &mut String, at: usize, rel: &str, label: &str| {
        out.push_str("\n  <li class=\"pages__step\"><a rel=\"");
        out.push_str(rel);
        out.push_str("\" href=\"");
        html::href(out, root, &links[at].href);
        out.push_str("\">");
        out.push_str(label);
        out.push_str(" <span class=\"visually-hidden\">(");
        html::text(out, &links[at].label);
        out.push_str(")</span></a></li>");
    };
    if current > 0 {
        let label = format!("<span aria-hidden=\"true\">← </span>{prev}");
        step(&mut out, current - 1, "prev", &label);
    }
    for (i, l) in links.iter().enumerate() {
        out.push_str("\n  <li><a href=\"");
        html::href(&mut out, root, &l.href);
        out.push('"');
        if i == current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        html::text(&mut out, &l.label);
        out.push_str("</a></li>");
    }
    if current + 1 < links.len() {
        let label = format!("{next}<span aria-hidden=\"true\"> →</span>");
        step(&mut out, current + 1, "next", &label);
    }
    out.push_str("\n</ul>\n</nav>\n");
    out
}

/// The pager of a list split by year: the entry page (`entry`, labelled
/// `Latest`), then a page per year (`year_href`), newest first. "" for a
/// list that is not split.
pub fn year_pager(
    root: &str,
    part: Part,
    entry: &str,
    years: &[i32],
    year_href: impl Fn(i32) -> String,
    about: &str,
) -> String {
    if part == Part::All {
        return String::new();
    }
    let mut links = vec![PagerLink {
        label: "Latest".into(),
        href: entry.to_string(),
    }];
    links.extend(years.iter().map(|&y| PagerLink {
        label: y.to_string(),
        href: year_href(y),
    }));
    let current = match part {
        Part::Year(y) => years.iter().position(|&x| x == y).map_or(0, |i| i + 1),
        _ => 0,
    };
    pager(root, &links, current, about, ("Newer", "Older"))
}

/// The href of a year page under a page's folder: `people/ceo/index.html`
/// and 2025 give `people/ceo/2025/index.html`.
pub fn year_href(entry: &str, year: i32) -> String {
    let folder = entry.strip_suffix("index.html").unwrap_or(entry);
    format!("{folder}{year}/index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_list_is_not_split_and_a_large_one_opens_on_its_latest_year() {
        let ys = years([2024, 2025, 2024, 2023]);
        assert_eq!(ys, vec![2025, 2024, 2023]);
        assert_eq!(part(10, 300, &ys, None), Part::All);
        assert_eq!(part(301, 300, &ys, None), Part::Latest(2025));
        assert_eq!(part(301, 300, &ys, Some(2023)), Part::Year(2023));
        assert_eq!(part(301, 300, &[], None), Part::All);
    }

    #[test]
    fn the_pager_marks_the_current_page_and_links_its_neighbours() {
        let ys = [2025, 2024, 2023];
        let nav = year_pager(
            "../../",
            Part::Year(2024),
            "actions/index.html",
            &ys,
            |y| format!("actions/year/{y}/index.html"),
            "By year",
        );
        assert!(
            nav.contains(r#"<nav class="pages" aria-label="Pages">"#),
            "{nav}"
        );
        assert!(
            nav.contains(
                r#"<a href="../../actions/year/2024/index.html" aria-current="page">2024</a>"#
            ),
            "{nav}"
        );
        assert!(
            nav.contains(r#"<a rel="prev" href="../../actions/year/2025/index.html">"#),
            "{nav}"
        );
        assert!(
            nav.contains(r#"<a rel="next" href="../../actions/year/2023/index.html">"#),
            "{nav}"
        );
        let entry = year_pager(
            "../",
            Part::Latest(2025),
            "actions/index.html",
            &ys,
            |y| y.to_string(),
            "",
        );
        assert!(!entry.contains("rel=\"prev\""), "{entry}");
        assert!(
            entry.contains(r#"<a href="../actions/index.html" aria-current="page">Latest</a>"#),
            "{entry}"
        );
        assert_eq!(
            year_pager("", Part::All, "a", &ys, |y| y.to_string(), ""),
            ""
        );
        assert_eq!(
            year_href("people/ceo/index.html", 2025),
            "people/ceo/2025/index.html"
        );
    }
}
