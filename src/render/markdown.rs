//! Minutes bodies to HTML: the same anchors the checks use, links rewritten
//! per the format to the pages and files of the site, raw HTML escaped unless
//! the site opts in.

use crate::derive::Index;
use crate::derive::links::{LinkTarget, resolve};
use crate::load::body::markdown_options;
use crate::model::Site;
use crate::render::urls::{document_href, encode_path, file_href};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

/// Where a body link goes in the site, written from a page `root` away from the site root.
pub fn rewrite(site: &Site, index: &Index, doc: usize, target: &str, root: &str) -> Option<String> {
    match resolve(site, index, doc, target) {
        LinkTarget::External(url) => Some(url),
        LinkTarget::Document { doc: d, anchor } => {
            let frag = anchor
                .map(|a| format!("#{}", encode_fragment(&a)))
                .unwrap_or_default();
            if d == doc && !frag.is_empty() {
                Some(frag)
            } else {
                Some(format!("{root}{}{frag}", document_href(site, d)))
            }
        }
        LinkTarget::ContentFile { rel, fragment } => {
            let frag = fragment
                .map(|f| format!("#{}", encode_fragment(&f)))
                .unwrap_or_default();
            Some(format!("{root}{}{frag}", file_href(&rel)))
        }
        LinkTarget::Repository(path) => site
            .config
            .repo_url
            .as_ref()
            .map(|base| format!("{}{}", base, encode_path(&path))),
        LinkTarget::Broken(_) => None,
    }
}

fn encode_fragment(f: &str) -> String {
    encode_path(f).replace("%2F", "/")
}

/// One level down: the page's own `<h1>` is the document title, so the
/// minutes' headings start at `<h2>`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// How an image of a body is shown.
enum Shown {
    /// As an image (it is in the site).
    Image,
    /// As a link to the external image.
    Link,
    /// As its alt text (an external image inside a link).
    Text,
}

/// Renders a document's body to HTML for a page `root` away from the site root.
pub fn body_html(site: &Site, index: &Index, doc: usize, root: &str) -> String {
    body_html_with(site, index, doc, root, None)
}

/// [`body_html`], with `insert` = (heading anchor, HTML) placing minutebook's
/// own HTML at the end of that heading's section (before the next heading of
/// the same or a higher level, or at the end of the body): the box of
/// nonconformities in a review's 9.3.2 d.1 section.
pub(crate) fn body_html_with(
    site: &Site,
    index: &Index,
    doc: usize,
    root: &str,
    insert: Option<(&str, &str)>,
) -> String {
    let d = &site.documents[doc];
    // Which heading (by its number in the body) the HTML goes before; None:
    // at the end of the body.
    let placed = insert.and_then(|(anchor, html)| {
        let at = d.headings.iter().position(|h| h.anchor == anchor)?;
        let level = d.headings[at].level;
        let before = (at + 1..d.headings.len()).find(|&j| d.headings[j].level <= level);
        Some((before, html.to_string()))
    });
    // (heading number, HTML): None for the number places it at the end; a
    // heading not met (it cannot be, but) leaves it at the end too.
    let pending = std::cell::RefCell::new(placed);
    let mut seen_headings = 0usize;
    let mut heading = 0usize;
    let mut broken_links: Vec<bool> = Vec::new();
    let mut images: Vec<Shown> = Vec::new();
    let raw_ok = site.config.allow_raw_html;
    let events = Parser::new_ext(&d.body, markdown_options()).filter_map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id: _,
            classes,
            attrs: _,
        }) => {
            let anchor = d
                .headings
                .get(heading)
                .map(|h| h.anchor.clone())
                .unwrap_or_default();
            heading += 1;
            Some(Event::Start(Tag::Heading {
                level: demote(level),
                id: (!anchor.is_empty()).then(|| CowStr::from(anchor)),
                classes,
                // `{onmouseover=…}` would be an attribute of the page's
                // heading: only the id and classes are kept.
                attrs: Vec::new(),
            }))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match rewrite(site, index, doc, &dest_url, root) {
            Some(url) => {
                broken_links.push(false);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                }))
            }
            None => {
                broken_links.push(true);
                None
            }
        },
        Event::End(TagEnd::Link) => {
            if broken_links.pop() == Some(true) {
                None
            } else {
                Some(Event::End(TagEnd::Link))
            }
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let external = matches!(
                resolve(site, index, doc, &dest_url),
                LinkTarget::External(_)
            );
            let url = rewrite(site, index, doc, &dest_url, root).unwrap_or_default();
            if external {
                // No page loads anything from outside the site: an
                // external image is a link to it (its alt text inside a link).
                let inside_link = !broken_links.is_empty();
                images.push(if inside_link {
                    Shown::Text
                } else {
                    Shown::Link
                });
                return (!inside_link).then(|| {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(url),
                        title,
                        id,
                    })
                });
            }
            images.push(Shown::Image);
            Some(Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(url),
                title,
                id,
            }))
        }
        Event::End(TagEnd::Image) => match images.pop() {
            Some(Shown::Link) => Some(Event::End(TagEnd::Link)),
            Some(Shown::Text) => None,
            _ => Some(Event::End(TagEnd::Image)),
        },
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        Event::Html(h) | Event::InlineHtml(h) if !raw_ok => Some(Event::Text(h)),
        e => Some(e),
    });
    let events = events
        .flat_map(|e| {
            let mut first = None;
            if matches!(e, Event::Start(Tag::Heading { .. })) {
                let mut p = pending.borrow_mut();
                if p.as_ref().is_some_and(|(j, _)| *j == Some(seen_headings)) {
                    first = p.take().map(|(_, html)| Event::Html(CowStr::from(html)));
                }
                seen_headings += 1;
            }
            first.into_iter().chain(std::iter::once(e))
        })
        .chain(std::iter::from_fn(|| {
            pending
                .borrow_mut()
                .take()
                .map(|(_, html)| Event::Html(CowStr::from(html)))
        }));
    let ids = IdLinks {
        site,
        index,
        doc,
        root,
    };
    let mut depth = Outside::default();
    let events = events.flat_map(|e| {
        depth.follow(&e);
        match e {
            Event::Text(t) if depth.plain() => ids.link(t),
            e => vec![e],
        }
    });
    let mut out = String::with_capacity(d.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Where a text event is: ids are linked only in plain text, never inside
/// a link (or a broken link's text), a heading, a code block, an image's
/// alt text or raw HTML (code spans are events of their own).
#[derive(Default)]
struct Outside {
    links: usize,
    headings: usize,
    code: usize,
    images: usize,
    html: usize,
}

impl Outside {
    fn follow(&mut self, e: &Event<'_>) {
        fn step(n: &mut usize, start: bool) {
            *n = if start { *n + 1 } else { n.saturating_sub(1) };
        }
        match e {
            Event::Start(Tag::Link { .. }) => step(&mut self.links, true),
            Event::End(TagEnd::Link) => step(&mut self.links, false),
            Event::Start(Tag::Heading { .. }) => step(&mut self.headings, true),
            Event::End(TagEnd::Heading(_)) => step(&mut self.headings, false),
            Event::Start(Tag::CodeBlock(_)) => step(&mut self.code, true),
            Event::End(TagEnd::CodeBlock) => step(&mut self.code, false),
            Event::Start(Tag::Image { .. }) => step(&mut self.images, true),
            Event::End(TagEnd::Image) => step(&mut self.images, false),
            Event::Start(Tag::HtmlBlock) => step(&mut self.html, true),
            Event::End(TagEnd::HtmlBlock) => step(&mut self.html, false),
            _ => {}
        }
    }

    fn plain(&self) -> bool {
        self.links + self.headings + self.code + self.images + self.html == 0
    }
}

/// Links the ids of actions, nonconformities and documents written in body
/// text to their pages. The text is cut once into words that could be ids
/// (runs of letters, digits, `-`, `_` and inner dots holding a digit), each
/// looked up in the site's id maps: one pass, however many ids the site has.
struct IdLinks<'a> {
    site: &'a Site,
    index: &'a Index,
    doc: usize,
    root: &'a str,
}

impl IdLinks<'_> {
    /// The page of the action, nonconformity or document `word` is the id
    /// of, written in its own case (a document's mention of itself is not
    /// linked).
    fn href(&self, word: &str) -> Option<String> {
        if let Some(a) = self.index.action(word)
            && a.id == word
        {
            return Some(crate::render::urls::action_href(&a.id));
        }
        if let Some(nc) = self.index.nonconformity(word)
            && nc.id == word
        {
            return Some(crate::render::urls::nc_href(&nc.id));
        }
        match self.index.doc_by_id.get(word) {
            Some(&d) if d != self.doc => Some(document_href(self.site, d)),
            _ => None,
        }
    }

    /// The events of a text with every id in it a link.
    fn link<'e>(&self, text: CowStr<'e>) -> Vec<Event<'e>> {
        let mut out: Vec<Event<'e>> = Vec::new();
        let mut done = 0;
        for (start, word) in id_words(&text) {
            if let Some(href) = self.href(word) {
                if start > done {
                    out.push(Event::Text(CowStr::from(text[done..start].to_string())));
                }
                let dest = CowStr::from(format!("{}{href}", self.root));
                out.push(Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: dest,
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }));
                out.push(Event::Text(CowStr::from(word.to_string())));
                out.push(Event::End(TagEnd::Link));
                done = start + word.len();
            }
        }
        if out.is_empty() {
            return vec![Event::Text(text)];
        }
        if done < text.len() {
            out.push(Event::Text(CowStr::from(text[done..].to_string())));
        }
        out
    }
}

/// The words of `text` that could be ids, with their byte offsets: whole
/// runs of letters, digits, `-`, `_` and `.`, trimmed of trailing dots and
/// dashes (`A-2025-01.` ends a sentence), holding at least one digit. Found
/// from the digits outward: most words hold none, and walking every word
/// made linking ids 3 % of a 10,000-review rebuild.
fn id_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let word_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let bytes = text.as_bytes();
    let mut rest = 0;
    std::iter::from_fn(move || {
        let digit = rest + bytes.get(rest..)?.iter().position(u8::is_ascii_digit)?;
        // The run holding the digit: back to the first word character after
        // the previous run (which ended at a non-word character), then on.
        let start = text[rest..digit]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| word_char(c))
            .last()
            .map_or(digit, |(i, _)| rest + i);
        let end = text[digit..]
            .find(|c: char| !word_char(c))
            .map_or(text.len(), |n| digit + n);
        rest = end;
        let word = text[start..end].trim_end_matches(['.', '-', '_']);
        let word_start = start + (word.len() - word.trim_start_matches(['.', '-', '_']).len());
        Some((word_start, word.trim_start_matches(['.', '-', '_'])))
    })
}

#[cfg(test)]
mod tests {
    use super::id_words;

    /// The plain definition: every run of word characters, trimmed, kept
    /// when it holds a digit.
    fn every_run(text: &str) -> Vec<(usize, &str)> {
        let word_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let run: &str = &text[s..i];
                    let end_trimmed = run.trim_end_matches(['.', '-', '_']);
                    let word = end_trimmed.trim_start_matches(['.', '-', '_']);
                    if word.bytes().any(|b| b.is_ascii_digit()) {
                        out.push((s + end_trimmed.len() - word.len(), word));
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn id_words_match_the_plain_definition() {
        let texts = [
            "See A-2025-01. Also (MR-2025-Q1), x-A-2025-01y, 2025; no words.",
            "«A.8.8» and 9.3.2.c, iso27001-2013:A.12.6.1 — NC-2024-03…",
            "1 2 3 a1 1a -1- .1. _1_ ١٢ x١2 é9é",
            "",
            "no digits at all here",
            "9",
        ];
        for t in texts {
            assert_eq!(id_words(t).collect::<Vec<_>>(), every_run(t), "{t}");
        }
    }

    #[test]
    fn id_words_are_whole_runs_with_a_digit() {
        let words: Vec<_> =
            id_words("See A-2025-01. Also (MR-2025-Q1), x-A-2025-01y, 2025; no words.").collect();
        assert_eq!(
            words,
            [
                (4, "A-2025-01"),
                (21, "MR-2025-Q1"),
                (34, "x-A-2025-01y"),
                (48, "2025")
            ]
        );
        assert_eq!(id_words("").count(), 0);
        assert_eq!(id_words("...---").count(), 0);
        assert_eq!(id_words("é.1-").collect::<Vec<_>>(), [(0, "é.1")]);
        assert_eq!(
            id_words("ab 12 «x9» _-.7.-_ 3é4").collect::<Vec<_>>(),
            [(3, "12"), (8, "x9"), (16, "7"), (21, "3é4")]
        );
    }
}
