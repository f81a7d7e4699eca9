//! Column labels on every body data cell of a data table (`data-label`), so that
//! on a phone the stylesheet can show each row as a labelled card
//! (`td::before { content: attr(data-label) }`) instead of a table that
//! scrolls sideways, with no script.
//!
//! Done once per page, after the template has run, rather than in each of
//! the table writers and templates: the labels are the column heads the
//! table already has, so they cannot drift from them, and a theme's own
//! tables get them too. Only `table.data` is touched, and not the coverage
//! matrix (a matrix is read across, it scrolls in its own region). A cell
//! that already has a `data-label` keeps it.

use std::cell::RefCell;

/// Adds `data-label="<column head>"` to the body cells of each data table
/// in the page `html` (rewritten in place; unchanged when it has none).
pub(super) fn label_cells(html: &mut Vec<u8>) {
    if memfind(html, b"<table", 0).is_none() {
        return;
    }
    thread_local! {
        static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut out) => {
            out.clear();
            rewrite(html, &mut out);
            std::mem::swap(html, &mut *out);
        }
        Err(_) => {
            let mut out = Vec::with_capacity(html.len() + html.len() / 8);
            rewrite(html, &mut out);
            *html = out;
        }
    });
}

/// The first `needle` in `hay` at or after `from`: the first byte found by
/// a plain scan (which the compiler vectorises), the rest compared only
/// there, rather than a comparison at every position of every page.
fn memfind(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut i = from;
    while i < hay.len() {
        let p = hay[i..].iter().position(|&b| b == first)? + i;
        if hay[p + 1..].starts_with(rest) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// The end (index after `>`) of the tag that starts at `at`.
fn tag_end(html: &[u8], at: usize) -> usize {
    html[at..]
        .iter()
        .position(|&b| b == b'>')
        .map_or(html.len(), |p| at + p + 1)
}

/// Whether a tag named `name` (lowercase, with its `<`) starts at `at`.
fn is_tag(html: &[u8], at: usize, name: &[u8]) -> bool {
    html[at..].starts_with(name)
        && matches!(
            html.get(at + name.len()),
            Some(b' ' | b'>' | b'\n' | b'\t' | b'\r' | b'/')
        )
}

/// The value of attribute `name` in the tag `tag` (`<td class="x">`).
fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut key = Vec::with_capacity(name.len() + 3);
    key.push(b' ');
    key.extend_from_slice(name);
    key.extend_from_slice(b"=\"");
    let at = memfind(tag, &key, 0)? + key.len();
    let len = tag[at..].iter().position(|&b| b == b'"')?;
    Some(&tag[at..at + len])
}

fn span(tag: &[u8]) -> usize {
    attr(tag, b"colspan")
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 1000)
}

fn rewrite(html: &[u8], out: &mut Vec<u8>) {
    let mut at = 0;
    while let Some(start) = memfind(html, b"<table", at) {
        if !is_tag(html, start, b"<table") {
            out.extend_from_slice(&html[at..start + 6]);
            at = start + 6;
            continue;
        }
        let open = tag_end(html, start);
        let end = memfind(html, b"</table>", open).map_or(html.len(), |e| e + 8);
        out.extend_from_slice(&html[at..start]);
        let classes = attr(&html[start..open], b"class").unwrap_or_default();
        let has = |c: &[u8]| classes.split(|&b| b == b' ').any(|w| w == c);
        if has(b"data") && !has(b"matrix") {
            table(&html[start..end], out);
        } else {
            out.extend_from_slice(&html[start..end]);
        }
        at = end;
    }
    out.extend_from_slice(&html[at..]);
}

/// The text of a head cell, tags removed, spaces collapsed, quotes escaped.
fn head_text(cell: &[u8]) -> Vec<u8> {
    let mut text = Vec::with_capacity(cell.len());
    let mut in_tag = false;
    let mut space = false;
    for &b in cell {
        match b {
            b'<' => in_tag = true,
            b'>' if in_tag => in_tag = false,
            _ if in_tag => {}
            b' ' | b'\n' | b'\t' | b'\r' => space = !text.is_empty(),
            _ => {
                if space {
                    text.push(b' ');
                    space = false;
                }
                if b == b'"' {
                    text.extend_from_slice(b"&quot;");
                } else {
                    text.push(b);
                }
            }
        }
    }
    text
}

/// One data table (from `<table` to `</table>`).
fn table(t: &[u8], out: &mut Vec<u8>) {
    let (Some(h0), Some(b0)) = (memfind(t, b"<thead", 0), memfind(t, b"<tbody", 0)) else {
        out.extend_from_slice(t);
        return;
    };
    // Column heads of the first head row.
    let h1 = memfind(t, b"</tr>", h0).unwrap_or(b0).min(b0);
    let mut labels: Vec<Vec<u8>> = Vec::new();
    let mut i = h0;
    while let Some(c) = memfind(t, b"<th", i).filter(|&c| c < h1) {
        if !is_tag(t, c, b"<th") {
            i = c + 3;
            continue;
        }
        let open = tag_end(t, c);
        let close = memfind(t, b"</th>", open).unwrap_or(h1).min(h1);
        let text = head_text(&t[open..close]);
        for _ in 0..span(&t[c..open]) {
            labels.push(text.clone());
        }
        i = close;
    }
    out.extend_from_slice(&t[..b0]);
    let mut at = b0;
    let mut col = 0;
    let mut i = b0;
    while i < t.len() {
        let Some(lt) = t[i..].iter().position(|&b| b == b'<').map(|p| p + i) else {
            break;
        };
        if is_tag(t, lt, b"<tr") {
            col = 0;
            i = lt + 3;
        } else if is_tag(t, lt, b"<td") || is_tag(t, lt, b"<th") {
            let open = tag_end(t, lt);
            let tag = &t[lt..open];
            // A row's heading (`<th scope="row">`) names the row: it is the
            // card's title and needs no label.
            if let Some(label) = labels.get(col).filter(|l| {
                !l.is_empty() && tag.starts_with(b"<td") && attr(tag, b"data-label").is_none()
            }) {
                out.extend_from_slice(&t[at..lt + 3]);
                out.extend_from_slice(b" data-label=\"");
                out.extend_from_slice(label);
                out.push(b'"');
                at = lt + 3;
            }
            col += span(tag);
            i = open;
        } else if is_tag(t, lt, b"<table") {
            // A table inside a cell keeps its own heads: skip it.
            i = memfind(t, b"</table>", lt).map_or(t.len(), |e| e + 8);
        } else {
            i = lt + 1;
        }
    }
    out.extend_from_slice(&t[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let mut v = s.as_bytes().to_vec();
        label_cells(&mut v);
        String::from_utf8(v).unwrap_or_default()
    }

    #[test]
    fn body_cells_get_their_column_head() {
        let page = r#"<p>x</p><table class="data actions-table"><caption>C</caption><thead><tr><th scope="col" data-sort="text">Action</th><th scope="col"><span>Due</span> "date"</th><th colspan="2">Refs</th></tr></thead><tbody><tr class="a"><th scope="row">A-1</th><td class="nowrap">2026</td><td>r1</td><td data-label="own">r2</td></tr><tr><td>B</td></tr></tbody></table><p>end</p>"#;
        assert_eq!(
            run(page),
            r#"<p>x</p><table class="data actions-table"><caption>C</caption><thead><tr><th scope="col" data-sort="text">Action</th><th scope="col"><span>Due</span> "date"</th><th colspan="2">Refs</th></tr></thead><tbody><tr class="a"><th scope="row">A-1</th><td data-label="Due &quot;date&quot;" class="nowrap">2026</td><td data-label="Refs">r1</td><td data-label="own">r2</td></tr><tr><td data-label="Action">B</td></tr></tbody></table><p>end</p>"#
        );
    }

    #[test]
    fn matrices_and_other_tables_are_left_alone() {
        let matrix = r#"<table class="data matrix"><thead><tr><th>R</th></tr></thead><tbody><tr><td>✓</td></tr></tbody></table>"#;
        assert_eq!(run(matrix), matrix);
        let prose = r#"<table><thead><tr><th>R</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><tablex>"#;
        assert_eq!(run(prose), prose);
        assert_eq!(run("no tables"), "no tables");
        // Cut off mid-way: no panic, text kept.
        let cut = r#"<table class="data"><thead><tr><th>R"#;
        assert_eq!(run(cut), cut);
    }
}
