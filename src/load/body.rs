//! Headings, anchors and links of a Markdown body, found once at load time so
//! checks (MB021, MB022, MB070) and pages use the very same anchors.

use crate::diag::findings::Span;
use crate::model::{Heading, Link};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The Markdown extensions minutebook enables everywhere.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// The heading class that marks a section "reviewed, no change":
/// `## Risk {#risk .no-change}`.
pub(crate) const NO_CHANGE_CLASS: &str = "no-change";

/// GitHub-style slug: lower case, spaces to `-`, punctuation dropped.
pub(crate) fn slug(text: &str) -> String {
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

/// Maps byte offsets of a body to file lines and columns, for offsets
/// asked in increasing order (as a parse meets headings and links): each
/// asks only for the newlines since the last, counted a block at a time.
/// (A table of every line start cost 5 % of loading a document.)
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    first_line: u32,
    /// The last offset asked for, and the 0-based line it is on.
    at: usize,
    line: usize,
}

impl<'t> LineIndex<'t> {
    /// Indexes `text`, whose first line is file line `first_line`.
    pub(crate) fn new(text: &'t str, first_line: u32) -> Self {
        LineIndex {
            text,
            first_line,
            at: 0,
            line: 0,
        }
    }

    /// The file place of a byte offset into the text (any order; forward
    /// is the cheap direction).
    pub(crate) fn span(&mut self, offset: usize) -> Span {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        if offset < self.at {
            self.at = 0;
            self.line = 0;
        }
        let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
        self.line += bytes.get(self.at..offset).map_or(0, newlines);
        self.at = offset;
        let start = bytes
            .get(..offset)
            .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
            .map_or(0, |i| i + 1);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        Span::at(self.first_line + self.line as u32, col as u32 + 1)
    }
}

/// Most bytes of text kept per section for the search index (a word that
/// starts before the limit is kept whole).
pub(crate) const SEARCH_TEXT_LIMIT: usize = 600;

/// What one reading of a body finds: checks need the headings and links,
/// the search index the start of each section's text. One parse serves all
/// three (a second parse per section for search was 5 % of a large build).
#[derive(Debug, Default)]
pub struct Scanned {
    /// Headings in order, each with unique anchor and its section's lead text.
    pub headings: Vec<Heading>,
    /// Links and images as written.
    pub links: Vec<Link>,
    /// The start of the text before the first heading, folded as the
    /// headings' leads are.
    pub intro: String,
}

/// The white space of ASCII text: what `split_whitespace` splits on there.
fn blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether `t` is ASCII words with one space between and none around: what
/// folding its white space would leave as it is. One pass over the bytes.
fn own_words(t: &str) -> bool {
    let mut previous = b' ';
    for &b in t.as_bytes() {
        if !b.is_ascii() || (blank(b) && (b != b' ' || previous == b' ')) {
            return false;
        }
        previous = b;
    }
    previous != b' ' || t.is_empty()
}

/// The start of a text, white space folded to single spaces, cut after the
/// first word that reaches [`SEARCH_TEXT_LIMIT`] bytes.
#[derive(Debug)]
struct Lead(String);

impl Lead {
    /// An empty lead with room for a full one: grown by doubling from
    /// nothing, each of the 130,000 leads of 10,000 reviews was reallocated
    /// seven times.
    fn new() -> Lead {
        Lead(String::with_capacity(SEARCH_TEXT_LIMIT + 32))
    }

    /// The text, in a block of its own size: leads are kept for the whole
    /// build (130,000 at 10,000 reviews) and one grown by doubling holds up
    /// to twice its length (which `shrink_to_fit` leaves in place).
    fn into_text(self) -> String {
        String::from(self.0.as_str())
    }

    /// Adds the words of `t`; `glue`: `t` continues the word before it
    /// (`[plan](x)'s`, `(`code`)`: one text split by inline markup), so no
    /// space goes between unless `t` starts with one.
    fn push(&mut self, t: &str, glue: bool) {
        let out = &mut self.0;
        let glue = glue && !out.is_empty() && !t.starts_with(char::is_whitespace);
        // A line of prose is usually its own words already (one space
        // between, none around) and, short of the limit, goes in whole:
        // splitting it into words and appending each was a quarter of
        // loading a document.
        if out.len() + 1 + t.len() <= SEARCH_TEXT_LIMIT && own_words(t) {
            if !t.is_empty() {
                if !out.is_empty() && !glue {
                    out.push(' ');
                }
                out.push_str(t);
            }
            return;
        }
        let mut first = glue;
        let mut word = |w: &str| {
            if out.len() >= SEARCH_TEXT_LIMIT {
                return false;
            }
            if !out.is_empty() && !first {
                out.push(' ');
            }
            first = false;
            out.push_str(w);
            true
        };
        // ASCII text (nearly all of it) is split by bytes: the same words
        // as `split_whitespace`, whose per-character Unicode test was a
        // third of the search index's time.
        if t.is_ascii() {
            let _ = t
                .split(|c: char| u8::try_from(c).is_ok_and(blank))
                .filter(|w| !w.is_empty())
                .all(&mut word);
        } else {
            let _ = t.split_whitespace().all(&mut word);
        }
    }

    fn is_full(&self) -> bool {
        self.0.len() >= SEARCH_TEXT_LIMIT
    }
}

/// The headings (with unique anchors), links and section texts of a body.
/// A section runs from the end of its heading to the next heading of the
/// same or a higher level, so its text includes its subsections'.
pub fn scan(body: &str, first_line: u32) -> Scanned {
    let mut index = LineIndex::new(body, first_line);
    let mut found = Scanned::default();
    let mut current: Option<(u8, Option<String>, bool, usize, usize)> = None;
    let mut text = String::new();
    let mut used: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Sections still open (levels and leads), innermost last; the intro is
    // open until the first heading.
    let mut open: Vec<(u8, usize, Lead)> = Vec::new();
    let mut intro = Some(Lead::new());
    // Whether the next text continues the last one's word: only inline
    // markup (emphasis, a link) came between and the last did not end
    // with a space. Any other event (a block, a line break) separates.
    let mut glue = false;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        glue = glue
            && matches!(
                event,
                Event::Start(
                    Tag::Emphasis
                        | Tag::Strong
                        | Tag::Strikethrough
                        | Tag::Link { .. }
                        | Tag::Superscript
                        | Tag::Subscript
                ) | Event::End(
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Link
                        | TagEnd::Superscript
                        | TagEnd::Subscript
                ) | Event::Text(_)
                    | Event::Code(_)
            );
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let level = level_number(level);
                if let Some(lead) = intro.take() {
                    found.intro = lead.into_text();
                }
                while open.last().is_some_and(|(l, _, _)| *l >= level) {
                    close(&mut found.headings, &mut open);
                }
                let no_change = classes.iter().any(|c| c.as_ref() == NO_CHANGE_CLASS);
                current = Some((
                    level,
                    id.map(|s| s.to_string()),
                    no_change,
                    range.start,
                    range.end,
                ));
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, no_change, start, end)) = current.take() {
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
                    open.push((level, found.headings.len(), Lead::new()));
                    found.headings.push(Heading {
                        level,
                        text: text.trim().to_string(),
                        anchor,
                        line: index.span(start).line,
                        start,
                        content_start: end,
                        lead: String::new(),
                        no_change,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if current.is_some() {
                    text.push_str(&t);
                }
                if let Some(lead) = intro.as_mut() {
                    lead.push(&t, glue);
                }
                // A section's lead is its own text: what its subsections
                // say is in their leads, and a heading's words are its
                // entry's name. Every enclosing section repeated them (a
                // review's title section held the start of the whole body).
                if current.is_none()
                    && let Some((_, _, lead)) = open.last_mut()
                    && !lead.is_full()
                {
                    lead.push(&t, glue);
                }
                glue = !t.ends_with(char::is_whitespace);
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                found.links.push(Link {
                    target: dest_url.to_string(),
                    span: index.span(range.start),
                });
            }
            _ => {}
        }
    }
    if let Some(lead) = intro.take() {
        found.intro = lead.into_text();
    }
    while !open.is_empty() {
        close(&mut found.headings, &mut open);
    }
    found
}

/// Ends the innermost open section: its lead goes to its heading.
fn close(headings: &mut [Heading], open: &mut Vec<(u8, usize, Lead)>) {
    if let Some((_, at, lead)) = open.pop()
        && let Some(h) = headings.get_mut(at)
    {
        h.lead = lead.into_text();
    }
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
        let Scanned {
            headings: h,
            links: l,
            ..
        } = scan(body, 10);
        let anchors: Vec<_> = h.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["risk", "notes", "notes-1"]);
        assert_eq!(h[0].line, 10);
        assert_eq!(h[0].text, "Risk");
        assert_eq!(l[0].target, "x.md#y");
        assert_eq!(l[0].span, Span::at(14, 1));
    }

    #[test]
    fn a_no_change_class_marks_the_heading() {
        let body = "## Risk {#risk .no-change}\nSame.\n## Context {.other}\n## Parties {.no-change #parties}\n";
        let h = scan(body, 1).headings;
        let marks: Vec<_> = h.iter().map(|h| (h.anchor.as_str(), h.no_change)).collect();
        assert_eq!(
            marks,
            [("risk", true), ("context", false), ("parties", true)]
        );
        assert_eq!(h[0].text, "Risk", "the class is not part of the text");
    }

    #[test]
    fn places_are_file_lines_and_character_columns_in_any_order() {
        let text = "ab\r\nçé x\n\nlast";
        let mut index = LineIndex::new(text, 10);
        let x = text.find('x').unwrap();
        let last = text.find("last").unwrap();
        assert_eq!(index.span(0), Span::at(10, 1));
        assert_eq!(index.span(x), Span::at(11, 4), "columns count characters");
        assert_eq!(index.span(last), Span::at(13, 1));
        assert_eq!(index.span(1), Span::at(10, 2), "backwards too");
        assert_eq!(index.span(x + 1), Span::at(11, 5));
        assert_eq!(index.span(usize::MAX), Span::at(13, 5), "past the end");
    }

    #[test]
    fn crlf_bodies_keep_lines() {
        let h = scan("intro\r\n\r\n## A\r\nx\r\n", 5).headings;
        assert_eq!(h[0].line, 7);
    }

    #[test]
    fn section_text_is_folded_on_every_kind_of_white_space() {
        // Tab, vertical tab, form feed, carriage return, and (not ASCII) a
        // no-break space and an ideographic space are all white space.
        let md = "Alpha\tbeta\u{b}gamma\u{c}delta\r\nepsilon `code  span`\n\nnon\u{a0}breaking\u{3000}wide **bold** and _em_";
        assert_eq!(
            scan(md, 1).intro,
            "Alpha beta gamma delta epsilon code span non breaking wide bold and em"
        );
    }

    #[test]
    fn section_text_stops_after_the_word_that_reaches_the_limit() {
        let md = "word ".repeat(40).repeat(20);
        let intro = scan(&md, 1).intro;
        assert!(intro.len() >= 600 && intro.len() < 605, "{}", intro.len());
        assert!(intro.ends_with(" word"));
        let wide = format!("## H\n{}", "é".repeat(5000));
        let lead = &scan(&wide, 1).headings[0].lead;
        assert_eq!(lead.chars().count(), 5000, "one word is kept whole");
    }

    #[test]
    fn own_words_are_ascii_words_with_single_spaces_between() {
        for yes in ["", "a", "a b", "Line 1 of the minutes, with"] {
            assert!(own_words(yes), "{yes:?}");
        }
        for no in [
            " ",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\rb",
            "a\u{b}b",
            "caf\u{e9}",
        ] {
            assert!(!own_words(no), "{no:?}");
        }
    }

    #[test]
    fn prose_lines_taken_whole_give_the_same_text_as_word_by_word() {
        // Lines of prose (taken whole while they fit) and irregular ones
        // (taken word by word), across the limit.
        let mut md = String::new();
        for i in 0..40 {
            md.push_str(&format!(
                "Line {i} of the minutes, with `code` and *emphasis*.\n"
            ));
            if i % 7 == 0 {
                md.push_str("  spaced   out\tline \n");
            }
        }
        let lead = scan(&md, 1).intro;
        // The reference: the text as read (inline markup joins, a line
        // break separates), its white space folded; the lead is its start.
        let mut raw = String::new();
        for e in Parser::new_ext(&md, markdown_options()) {
            match e {
                Event::Text(t) | Event::Code(t) => raw.push_str(&t),
                Event::SoftBreak | Event::HardBreak => raw.push(' '),
                _ => {}
            }
        }
        let expected = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(expected.starts_with(&lead), "{lead}");
        assert!(
            expected[lead.len()..].starts_with([' ', '.']),
            "cut inside a word: {lead}"
        );
        assert!(lead.len() >= SEARCH_TEXT_LIMIT);
    }

    #[test]
    fn a_section_holds_its_own_text_not_its_subsections_or_headings() {
        let md = "Intro *text*.\n\n## A\n\na text\n\n### B `x`\n\nb text\n\n## C\n\nc [link](x.md) text\n\n# D\n";
        let s = scan(md, 1);
        // Inline markup does not split a word (`*text*.` is `text.`).
        assert_eq!(s.intro, "Intro text.");
        let leads: Vec<_> = s.headings.iter().map(|h| h.lead.as_str()).collect();
        // B's words are B's (its entry is named by them, its lead is its
        // text): A repeating them made every search hit twice.
        assert_eq!(leads, ["a text", "b text", "c link text", ""]);
        assert_eq!(scan("no headings at all", 1).intro, "no headings at all");
        assert_eq!(scan("# Only a heading", 1).intro, "");
    }
}
