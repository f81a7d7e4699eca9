//! Headings, anchors and links of a Markdown body, found once at load time so
//! checks (MB021, MB022, MB070) and pages use the very same anchors.

use crate::check::findings::Span;
use crate::model::{Heading, Link};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The Markdown extensions minutebook enables everywhere.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// GitHub-style slug: lower case, spaces to `-`, punctuation dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Maps byte offsets of a body to file lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
    first_line: u32,
}

impl LineIndex {
    /// Indexes `text`, whose first line is file line `first_line`.
    pub fn new(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, first_line }
    }

    /// The file place of a byte offset into `text`.
    pub fn span(&self, text: &str, offset: usize) -> Span {
        let idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[idx];
        let col = text
            .get(start..offset.min(text.len()))
            .map_or(0, |s| s.chars().count());
        Span::at(self.first_line + idx as u32, col as u32 + 1)
    }
}

/// The headings (with unique anchors) and links of a body.
pub fn scan(body: &str, first_line: u32) -> (Vec<Heading>, Vec<Link>) {
    let index = LineIndex::new(body, first_line);
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut current: Option<(u8, Option<String>, usize, usize)> = None;
    let mut text = String::new();
    let mut used: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    range.start,
                    range.end,
                ));
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, start, end)) = current.take() {
                    let anchor = match explicit {
                        Some(id) => id,
                        None => {
                            let base = slug(&text);
                            let n = used.entry(base.clone()).or_insert(0);
                            let a = if *n == 0 {
                                base.clone()
                            } else {
                                format!("{base}-{n}")
                            };
                            *n += 1;
                            a
                        }
                    };
                    headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        anchor,
                        line: index.span(body, start).line,
                        start,
                        content_start: end,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) if current.is_some() => text.push_str(&t),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                links.push(Link {
                    target: dest_url.to_string(),
                    span: index.span(body, range.start),
                });
            }
            _ => {}
        }
    }
    (headings, links)
}

fn level_number(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_github() {
        assert_eq!(
            slug("Status of previous actions"),
            "status-of-previous-actions"
        );
        assert_eq!(
            slug("9.3.2 (c): Interested parties!"),
            "932-c-interested-parties"
        );
        assert_eq!(slug("Risk & treatment"), "risk--treatment");
        assert_eq!(slug("Änderungen im Kontext"), "änderungen-im-kontext");
    }

    #[test]
    fn finds_headings_with_explicit_and_repeated_anchors() {
        let body = "## Risk {#risk}\ntext\n## Notes\n## Notes\n[a](x.md#y)\n";
        let (h, l) = scan(body, 10);
        let anchors: Vec<_> = h.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["risk", "notes", "notes-1"]);
        assert_eq!(h[0].line, 10);
        assert_eq!(h[0].text, "Risk");
        assert_eq!(l[0].target, "x.md#y");
        assert_eq!(l[0].span, Span::at(14, 1));
    }

    #[test]
    fn crlf_bodies_keep_lines() {
        let (h, _) = scan("intro\r\n\r\n## A\r\nx\r\n", 5);
        assert_eq!(h[0].line, 7);
    }
}
