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
pub(crate) const PAGE_ROWS: usize = 300;

/// Above this many reviews the coverage matrix shows the latest this many
/// (three years of monthly reviews) and links to a page per year.
pub(crate) const MATRIX_REVIEWS: usize = 36;

/// The review sections and evidence files the audit index's trail lists per
/// requirement, newest first; the clause page has the rest.
pub(crate) const TRAIL_ITEMS: usize = 12;

/// The findings of one code listed on the audit index; above this the group
/// links to the code's own pages.
pub(crate) const FINDINGS_SHOWN: usize = 50;

/// Findings per page of a code's own pages (`audit/mb050/index.html`, then
/// `audit/mb050/2/index.html`…).
pub(crate) const FINDINGS_PER_PAGE: usize = 1000;

/// Which part of a split list a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Part {
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
    pub(crate) fn has_year(self, year: i32) -> bool {
        match self {
            Part::All => true,
            Part::Latest(y) | Part::Year(y) => y == year,
        }
    }

    /// Whether this is the whole list or its entry page.
    pub(crate) fn is_entry(self) -> bool {
        !matches!(self, Part::Year(_))
    }
}

/// The distinct years, newest first.
pub(crate) fn years(all: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ys: Vec<i32> = all.into_iter().collect();
    ys.sort_unstable_by(|a, b| b.cmp(a));
    ys.dedup();
    ys
}

/// The part a page of a list of `rows` rows over `years` shows: everything
/// when small, else the latest year on the entry page (`year` None) or the
/// year asked for.
pub(crate) fn part(rows: usize, limit: usize, years: &[i32], year: Option<i32>) -> Part {
    match (year, years.first()) {
        (Some(y), _) => Part::Year(y),
        (None, Some(&latest)) if rows > limit => Part::Latest(latest),
        _ => Part::All,
    }
}

/// One link of a pager: its label and root-relative href.
pub(crate) struct PagerLink {
    /// What the link says (`Latest`, `2025`, `Page 2`).
    pub label: String,
    /// Root-relative href naming its file.
    pub href: String,
}

/// Up to this many pages a pager lists every page; above it, a window
/// around the current page, the first and last, and every tenth: a clause
/// cited weekly for two centuries has 190 year pages, and a pager naming
/// all of them on each of them was 17 KB per page, O(pages²) for the site.
pub(crate) const PAGER_ALL: usize = 24;

/// How many pages either side of the current one a long pager lists.
const PAGER_NEAR: usize = 3;

/// Whether a pager of `len` pages lists page `i` when `current` is shown.
fn listed(len: usize, current: usize, i: usize) -> bool {
    len <= PAGER_ALL
        || i == 0
        || i + 1 == len
        || i.abs_diff(current) <= PAGER_NEAR
        || i.is_multiple_of(10)
}

/// `to` (root-relative) from the folder of the page at `from`
/// (root-relative): the pages of one list are neighbours, and
/// `../2024/index.html` says so in a fifth of the bytes of a path from the
/// site root.
fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dirs, to_file) = to_parts.split_at(to_parts.len().saturating_sub(1));
    let common = from_dirs
        .iter()
        .zip(to_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    for d in &to_dirs[common..] {
        out.push_str(d);
        out.push('/');
    }
    out.push_str(to_file.first().copied().unwrap_or_default());
    out
}

/// The pager of a split list: `<nav aria-label="Pages">` with the pages
/// (every one up to [`PAGER_ALL`], else a window; the current one
/// `aria-current="page"`) and the previous and next pages (`rel="prev"`,
/// `rel="next"`), in the order given (newest first), each linked from the
/// current page's folder. "" when there is a single page.
pub(crate) fn pager(
    root: &str,
    links: &[PagerLink],
    current: usize,
    about: &str,
    (prev, next): (&str, &str),
) -> String {
    if links.len() < 2 {
        return String::new();
    }
    let here = links.get(current).map_or("", |l| l.href.as_str());
    // The page showing the pager is the current link's; should a caller
    // show it elsewhere, links go from the site root as every other link.
    let from_here = here.matches('/').count() == root.matches("../").count();
    let link = |to: &str| {
        if from_here {
            relative(here, to)
        } else {
            format!("{root}{to}")
        }
    };
    let mut out = String::with_capacity(200 + links.len().min(PAGER_ALL + 10) * 40);
    out.push_str("\n<nav class=\"pages\" aria-label=\"Pages\">\n<p class=\"pages__about\">");
    html::text(&mut out, about);
    out.push_str("</p>\n<ul class=\"pages__list\">");
    let step = |out: &mut String, at: usize, rel: &str, label: &str| {
        out.push_str("\n<li class=\"pages__step\"><a rel=\"");
        out.push_str(rel);
        out.push_str("\" href=\"");
        html::text(out, &link(&links[at].href));
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
    let mut gap = false;
    for (i, l) in links.iter().enumerate() {
        if !listed(links.len(), current, i) {
            if !gap {
                out.push_str("\n<li class=\"pages__gap\" aria-hidden=\"true\">…</li>");
            }
            gap = true;
            continue;
        }
        gap = false;
        out.push_str("\n<li><a href=\"");
        html::text(&mut out, &link(&l.href));
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
pub(crate) fn year_pager(
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
pub(crate) fn year_href(entry: &str, year: i32) -> String {
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
            "../../../",
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
            nav.contains(r#"<a href="index.html" aria-current="page">2024</a>"#),
            "{nav}"
        );
        assert!(
            nav.contains(r#"<a rel="prev" href="../2025/index.html">"#),
            "{nav}"
        );
        assert!(
            nav.contains(r#"<a rel="next" href="../2023/index.html">"#),
            "{nav}"
        );
        let entry = year_pager(
            "../",
            Part::Latest(2025),
            "actions/index.html",
            &ys,
            |y| format!("actions/year/{y}/index.html"),
            "",
        );
        assert!(!entry.contains("rel=\"prev\""), "{entry}");
        assert!(
            entry.contains(r#"<a href="index.html" aria-current="page">Latest</a>"#),
            "{entry}"
        );
        assert_eq!(
            year_pager("", Part::All, "a", &ys, |y| y.to_string(), ""),
            ""
        );
        assert!(
            entry.contains(r#"<a href="year/2024/index.html">2024</a>"#),
            "{entry}"
        );
        assert_eq!(
            year_href("people/ceo/index.html", 2025),
            "people/ceo/2025/index.html"
        );
    }

    #[test]
    fn a_long_pager_lists_a_window_the_ends_and_every_tenth_page() {
        let links: Vec<PagerLink> = (0..100)
            .map(|i| PagerLink {
                label: format!("p{i}"),
                href: format!("c/x/{i}/index.html"),
            })
            .collect();
        let nav = pager("../../../", &links, 50, "", ("Newer", "Older"));
        for shown in [0, 10, 40, 47, 48, 49, 50, 51, 52, 53, 60, 90, 99] {
            assert!(
                nav.contains(&format!(">p{shown}</a>")),
                "p{shown} missing: {nav}"
            );
        }
        for hidden in [1, 9, 46, 54, 98] {
            assert!(
                !nav.contains(&format!(">p{hidden}</a>")),
                "p{hidden}: {nav}"
            );
        }
        assert!(
            nav.contains(r#"<a rel="prev" href="../49/index.html">"#),
            "{nav}"
        );
        assert!(nav.contains(r#"<a href="../0/index.html">p0</a>"#), "{nav}");
        assert!(nav.contains(r#"class="pages__gap""#), "{nav}");
        // Shown on a page that is not one of its links: from the root.
        let elsewhere = pager("../", &links, 50, "", ("Newer", "Older"));
        assert!(
            elsewhere.contains(r#"href="../c/x/49/index.html""#),
            "{elsewhere}"
        );
    }

    #[test]
    fn relative_links_climb_to_the_common_folder() {
        assert_eq!(
            relative("a/b/1/index.html", "a/b/2/index.html"),
            "../2/index.html"
        );
        assert_eq!(
            relative("a/b/index.html", "a/b/2/index.html"),
            "2/index.html"
        );
        assert_eq!(
            relative("a/b/2/index.html", "a/b/index.html"),
            "../index.html"
        );
        assert_eq!(relative("index.html", "x/index.html"), "x/index.html");
        assert_eq!(
            relative("a/index.html", "b/c/index.html"),
            "../b/c/index.html"
        );
    }
}
