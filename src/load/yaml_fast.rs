//! A fast path for the plain YAML that minutes are written in.
//!
//! granit reads every frontmatter at about 30 ns a byte, a tenth of a whole
//! build. Real frontmatter uses a small part of YAML: block mappings and
//! sequences, one-line flow collections, one-line plain and quoted scalars,
//! comments. This reads that part directly and declines (returns `None`)
//! anything else, so the caller falls back to granit. Whatever it returns is
//! exactly what [`super::yaml::parse_events`] would return, spans included;
//! the differential test at the bottom holds it to that.
//!
//! Declined: tabs, control characters, BOMs, `\r` outside `\r\n`, document
//! markers, anchors, aliases, tags, directives, block scalars, multi-line
//! scalars and flow collections, explicit `?` keys, escapes in double quotes,
//! values on the line after their `key:` or `-` unless they are a block
//! collection, long runs of comments, and anything over the budgets.

use super::yaml::{MAX_DEPTH, MAX_NODES, MAX_TEXT_BYTES, Node, Value, scalar_value};
use crate::diag::findings::Span;
use std::borrow::Cow;

/// Most comment lines in a row read here: granit buffers at most 96 comment
/// events while it decides what an entry is, so long runs are left to it.
const MAX_COMMENT_RUN: usize = 32;

/// Longest implicit key read here, in bytes: YAML (and granit) limit
/// implicit keys to 1024 characters.
const MAX_KEY_BYTES: usize = 1000;

/// Reads `text` as granit would, or `None` when it is outside the plain
/// subset (then granit reads it and reports any error). `first_line` is the
/// file line of the first text line, as for [`super::yaml::parse`].
pub(super) fn parse(text: &str, first_line: u32) -> Option<Node> {
    if text.len() > MAX_TEXT_BYTES {
        return None;
    }
    let mut fast = Fast {
        text,
        bytes: text.as_bytes(),
        lines: content_lines(text)?,
        next: 0,
        first_line,
        nodes: 0,
        depth: 0,
        items: Vec::new(),
        entries: Vec::new(),
    };
    let root = fast.root()?;
    (fast.next == fast.lines.len() && fast.nodes <= MAX_NODES).then_some(root)
}

/// A line holding something other than blanks and a comment.
#[derive(Clone, Copy)]
struct Line {
    /// Byte offset of the line.
    start: usize,
    /// Byte offset of its first non-space character.
    content: usize,
    /// Byte offset of its end, before `\n` or `\r\n`.
    end: usize,
    /// 0-based line number in the text.
    no: usize,
    /// No multi-byte characters, so byte offsets are columns.
    ascii: bool,
}

impl Line {
    /// Spaces before the content.
    fn indent(&self) -> usize {
        self.content - self.start
    }
}

/// Splits the text into its content lines, or `None` on a character, line
/// end, document marker or comment run that is left to granit.
fn content_lines(text: &str) -> Option<Vec<Line>> {
    let b = text.as_bytes();
    let mut lines = Vec::with_capacity(b.len() / 24 + 1);
    let (mut start, mut no, mut comments) = (0, 0, 0);
    while start < b.len() {
        let (newline, printable) = scan_line(b, start);
        let raw = b.get(start..newline)?;
        let broken = newline < b.len();
        let (len, ascii) = match printable {
            true => (raw.len(), true),
            false => line_len(raw, broken)?,
        };
        let indent = raw.iter().take_while(|&&c| c == b' ').count();
        let (content, end) = (start + indent, start + len);
        match raw.get(indent) {
            _ if content == end => {}
            Some(b'#') => {
                comments += 1;
                if comments > MAX_COMMENT_RUN {
                    return None;
                }
            }
            _ => {
                if indent == 0 && (raw.starts_with(b"---") || raw.starts_with(b"...")) {
                    return None;
                }
                lines.push(Line {
                    start,
                    content,
                    end,
                    no,
                    ascii,
                });
                comments = 0;
            }
        }
        start = newline + 1;
        no += 1;
    }
    Some(lines)
}

/// Where the line starting at `start` ends (its `\n` or the text end), and
/// whether it is all printable ASCII, as most lines are.
fn scan_line(b: &[u8], start: usize) -> (usize, bool) {
    let mut i = start;
    // Whole chunks of printable ASCII first, a test the compiler vectorises.
    while let Some(chunk) = b.get(i..i + 16) {
        if !chunk
            .iter()
            .fold(true, |ok, &c| ok & (0x20..0x7f).contains(&c))
        {
            break;
        }
        i += 16;
    }
    let mut printable = true;
    while let Some(&c) = b.get(i) {
        if c == b'\n' {
            break;
        }
        printable &= (0x20..0x7f).contains(&c);
        i += 1;
    }
    (i, printable)
}

/// For a line that is not all printable ASCII: its length without the `\r`
/// of a `\r\n` (`broken`: a `\n` follows) and whether it is ASCII; `None` on
/// a character granit treats specially or rejects.
fn line_len(raw: &[u8], broken: bool) -> Option<(usize, bool)> {
    let body = match raw.split_last() {
        Some((b'\r', body)) if broken => body,
        _ => raw,
    };
    let mut ascii = true;
    for (i, &c) in body.iter().enumerate() {
        match c {
            0x20..=0x7e => {}
            0x80.. if !special_char(body, i) => ascii = false,
            _ => return None,
        }
    }
    Some((body.len(), ascii))
}

/// C1 controls, U+2028/9, the BOM and U+FFFE/F start at `i`: characters
/// YAML treats as breaks, non-printable or special.
fn special_char(b: &[u8], i: usize) -> bool {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    matches!(
        (at(0), at(1), at(2)),
        (0xc2, 0x80..=0x9f, _)
            | (0xe2, 0x80, 0xa8 | 0xa9)
            | (0xef, 0xbb, 0xbf)
            | (0xef, 0xbf, 0xbe | 0xbf)
    )
}

/// How a scalar was written.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// A scalar found on a line: bytes `start..end`, quotes included.
#[derive(Clone, Copy)]
struct Scanned {
    start: usize,
    end: usize,
    style: Style,
}

/// What follows a block scalar on its line.
enum Stop {
    /// Nothing but blanks or a comment.
    End,
    /// `:` and a blank or the line end at this offset: the scalar is a key.
    Colon(usize),
}

/// The reader: the content lines and the next one not yet read.
struct Fast<'a> {
    text: &'a str,
    bytes: &'a [u8],
    lines: Vec<Line>,
    next: usize,
    first_line: u32,
    nodes: usize,
    depth: usize,
    /// Items of the open sequences, innermost last: one buffer for all, so
    /// each sequence is allocated once at its final size.
    items: Vec<Node>,
    /// Entries of the open mappings, innermost last, likewise.
    entries: Vec<(Node, Node)>,
}

impl Fast<'_> {
    /// The document: a block collection, or `Null` when there is no content.
    fn root(&mut self) -> Option<Node> {
        let Some(&first) = self.lines.first() else {
            return Some(Node {
                value: Value::Null,
                span: Span::at(self.first_line, 1),
            });
        };
        self.next = 1;
        self.block_collection(first, first.content)
    }

    /// The next content line, not yet read.
    fn peek(&self) -> Option<Line> {
        self.lines.get(self.next).copied()
    }

    /// Reads the next content line.
    fn take(&mut self) -> Option<Line> {
        let line = self.peek()?;
        self.next += 1;
        Some(line)
    }

    /// The byte at `i` if it is before `end`.
    fn byte(&self, i: usize, end: usize) -> Option<u8> {
        if i < end {
            self.bytes.get(i).copied()
        } else {
            None
        }
    }

    /// The first offset from `i` that is not a space.
    fn skip_spaces(&self, mut i: usize, end: usize) -> usize {
        while self.byte(i, end) == Some(b' ') {
            i += 1;
        }
        i
    }

    /// Whether `i` is a blank or the line end: what makes `-` and `:` indicators.
    fn blank_or_end(&self, i: usize, end: usize) -> bool {
        matches!(self.byte(i, end), None | Some(b' '))
    }

    /// Whether `i` holds a character that keeps a `:` before it inside a
    /// flow scalar: not a blank, not a flow indicator, not the line end.
    fn flow_safe(&self, i: usize, end: usize) -> bool {
        self.byte(i, end)
            .is_some_and(|c| !matches!(c, b' ' | b',' | b'[' | b']' | b'{' | b'}'))
    }

    /// Whether a block sequence entry `-` starts at `i`.
    fn is_dash(&self, i: usize, end: usize) -> bool {
        self.byte(i, end) == Some(b'-') && self.blank_or_end(i + 1, end)
    }

    /// Whether the rest of a line from `i` is empty or a comment.
    fn rest_is_empty(&self, i: usize, end: usize) -> bool {
        matches!(self.byte(i, end), None | Some(b'#'))
    }

    /// Where granit places a node starting at byte `at` of `line`: file line,
    /// 1-based column in characters.
    fn span(&self, line: Line, at: usize) -> Span {
        let col = if line.ascii {
            at.saturating_sub(line.start)
        } else {
            self.bytes
                .get(line.start..at)
                .map_or(0, |b| b.iter().filter(|&&c| c & 0xc0 != 0x80).count())
        };
        let line_no = (line.no as u32).saturating_add(1);
        Span::at(
            line_no.saturating_add(self.first_line.saturating_sub(1)),
            col as u32 + 1,
        )
    }

    /// A node, counted against [`MAX_NODES`].
    fn node(&mut self, value: Value, span: Span) -> Node {
        self.nodes += 1;
        Node { value, span }
    }

    /// The node of a scanned scalar.
    fn scalar(&mut self, line: Line, s: Scanned) -> Option<Node> {
        let value = match s.style {
            Style::Plain => scalar_value(Cow::Borrowed(self.text.get(s.start..s.end)?), true),
            Style::Double => scalar_value(Cow::Borrowed(self.quoted_text(s)?), false),
            Style::Single => {
                let text = self.quoted_text(s)?;
                let text = match text.contains("''") {
                    true => Cow::Owned(text.replace("''", "'")),
                    false => Cow::Borrowed(text),
                };
                scalar_value(text, false)
            }
        };
        let span = self.span(line, s.start);
        Some(self.node(value, span))
    }

    /// The text between the quotes of a quoted scalar.
    fn quoted_text(&self, s: Scanned) -> Option<&str> {
        self.text.get(s.start + 1..s.end.checked_sub(1)?)
    }

    /// Counts one more open collection; `None` once granit would refuse the depth.
    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth < MAX_DEPTH).then_some(())
    }

    /// A block sequence or mapping whose first entry starts at `at` of `line`.
    fn block_collection(&mut self, line: Line, at: usize) -> Option<Node> {
        if self.is_dash(at, line.end) {
            self.seq(line, at, false)
        } else {
            self.map(line, at)
        }
    }

    /// A block mapping whose first key starts at `at` of `line`; its later
    /// keys are the lines indented as far as that key.
    fn map(&mut self, mut line: Line, mut at: usize) -> Option<Node> {
        self.enter()?;
        let indent = at.checked_sub(line.start)?;
        let span = self.span(line, at);
        let mark = self.entries.len();
        loop {
            let (key, colon) = self.key(line, at)?;
            let value = self.map_value(line, colon, indent)?;
            self.entries.push((key, value));
            match self.peek() {
                Some(l) if l.indent() == indent => {
                    line = self.take()?;
                    at = line.content;
                }
                Some(l) if l.indent() > indent => return None,
                _ => break,
            }
        }
        self.depth -= 1;
        let entries = self.entries.split_off(mark);
        Some(self.node(Value::Map(entries), span))
    }

    /// A block mapping key at `at` and the offset of its `:`.
    fn key(&mut self, line: Line, at: usize) -> Option<(Node, usize)> {
        if matches!(self.byte(at, line.end), Some(b'[' | b'{')) {
            return None;
        }
        match self.block_scalar(line, at)? {
            (s, Stop::Colon(colon)) if colon.saturating_sub(at) <= MAX_KEY_BYTES => {
                Some((self.scalar(line, s)?, colon))
            }
            _ => None,
        }
    }

    /// The value after the `:` at `colon`: on the same line, a block
    /// collection on the next lines, or `Null` placed at the `:` as granit does.
    fn map_value(&mut self, line: Line, colon: usize, indent: usize) -> Option<Node> {
        let at = self.skip_spaces(colon + 1, line.end);
        if !self.rest_is_empty(at, line.end) {
            return self.inline_value(line, at);
        }
        match self.peek() {
            Some(l) if l.indent() > indent => {
                let l = self.take()?;
                self.block_collection(l, l.content)
            }
            Some(l) if l.indent() == indent && self.is_dash(l.content, l.end) => {
                let l = self.take()?;
                self.seq(l, l.content, true)
            }
            _ => {
                let span = self.span(line, colon);
                Some(self.node(Value::Null, span))
            }
        }
    }

    /// A value that is the rest of its line: a flow collection or a scalar.
    fn inline_value(&mut self, line: Line, at: usize) -> Option<Node> {
        if matches!(self.byte(at, line.end), Some(b'[' | b'{')) {
            let (node, after) = self.flow_node(line, at)?;
            let rest = self.skip_spaces(after, line.end);
            let ends =
                rest == line.end || (rest > after && self.byte(rest, line.end) == Some(b'#'));
            return ends.then_some(node);
        }
        match self.block_scalar(line, at)? {
            (s, Stop::End) => self.scalar(line, s),
            (_, Stop::Colon(_)) => None,
        }
    }

    /// A block sequence whose first `-` is at `at` of `line`. An
    /// `indentless` one (a mapping value at the key's indent) starts, for
    /// granit, where its first entry does.
    fn seq(&mut self, mut line: Line, mut at: usize, indentless: bool) -> Option<Node> {
        self.enter()?;
        let indent = at.checked_sub(line.start)?;
        let mut span = (!indentless).then(|| self.span(line, at));
        let mark = self.items.len();
        loop {
            let (item, entry_span) = self.seq_entry(line, at, indent)?;
            span.get_or_insert(entry_span);
            self.items.push(item);
            match self.peek() {
                Some(l) if l.indent() == indent && self.is_dash(l.content, l.end) => {
                    line = self.take()?;
                    at = line.content;
                }
                Some(l) if l.indent() > indent || (l.indent() == indent && !indentless) => {
                    return None;
                }
                _ => break,
            }
        }
        self.depth -= 1;
        let span = span?;
        let items = self.items.split_off(mark);
        Some(self.node(Value::Seq(items), span))
    }

    /// The entry after the `-` at `at`, and where granit starts an indentless
    /// sequence that opens with it: after the blanks, or at the line end when
    /// only a comment follows.
    fn seq_entry(&mut self, line: Line, at: usize, indent: usize) -> Option<(Node, Span)> {
        let start = self.skip_spaces(at + 1, line.end);
        if self.rest_is_empty(start, line.end) {
            // Only blanks or a comment follow: granit places the entry at the
            // line end, unless it is a block collection on the next lines.
            let span = self.span(line, line.end);
            let node = match self.peek() {
                Some(l) if l.indent() > indent => {
                    let l = self.take()?;
                    self.block_collection(l, l.content)?
                }
                _ => self.node(Value::Null, span),
            };
            return Some((node, span));
        }
        let span = self.span(line, start);
        let node = if self.is_dash(start, line.end) {
            self.seq(line, start, false)?
        } else if matches!(self.byte(start, line.end), Some(b'[' | b'{')) {
            self.inline_value(line, start)?
        } else {
            match self.block_scalar(line, start)? {
                (s, Stop::End) => self.scalar(line, s)?,
                (_, Stop::Colon(_)) => self.map(line, start)?,
            }
        };
        Some((node, span))
    }

    /// A quoted or plain scalar in block context at `at`, and what follows it.
    fn block_scalar(&self, line: Line, at: usize) -> Option<(Scanned, Stop)> {
        match self.byte(at, line.end)? {
            q @ (b'"' | b'\'') => {
                let s = self.quoted(at, line.end, q)?;
                Some((s, self.after_quoted(s.end, line.end)?))
            }
            _ => self.plain_block(at, line.end),
        }
    }

    /// A one-line quoted scalar opened at `at`; `None` on escapes in double
    /// quotes or a missing closing quote.
    fn quoted(&self, at: usize, end: usize, quote: u8) -> Option<Scanned> {
        let style = if quote == b'"' {
            Style::Double
        } else {
            Style::Single
        };
        let mut i = at + 1;
        loop {
            match self.byte(i, end)? {
                b'\'' if quote == b'\'' && self.byte(i + 1, end) == Some(b'\'') => i += 1,
                c if c == quote => {
                    return Some(Scanned {
                        start: at,
                        end: i + 1,
                        style,
                    });
                }
                b'\\' if quote == b'"' => return None,
                _ => {}
            }
            i += 1;
        }
    }

    /// After a closing quote in block context: the line end, a comment, or
    /// the `:` of a key.
    fn after_quoted(&self, from: usize, end: usize) -> Option<Stop> {
        let i = self.skip_spaces(from, end);
        match self.byte(i, end) {
            None => Some(Stop::End),
            Some(b'#') if i > from => Some(Stop::End),
            Some(b':') if self.blank_or_end(i + 1, end) => Some(Stop::Colon(i)),
            _ => None,
        }
    }

    /// A plain scalar in block context: up to `: `, ` #` or the line end,
    /// trailing blanks dropped.
    fn plain_block(&self, at: usize, end: usize) -> Option<(Scanned, Stop)> {
        let first = self.byte(at, end)?;
        if !can_start_plain(first, self.byte(at + 1, end), false) {
            return None;
        }
        let plain = |e: usize| Scanned {
            start: at,
            end: e,
            style: Style::Plain,
        };
        let (mut i, mut text_end) = (at + 1, at + 1);
        while let Some(c) = self.byte(i, end) {
            match c {
                b':' if self.blank_or_end(i + 1, end) => {
                    return Some((plain(text_end), Stop::Colon(i)));
                }
                b' ' if self.byte(i + 1, end) == Some(b'#') => break,
                b' ' => {}
                _ => text_end = i + 1,
            }
            i += 1;
        }
        Some((plain(text_end), Stop::End))
    }

    /// A flow node at `at`: a collection or a scalar, and the offset after it.
    fn flow_node(&mut self, line: Line, at: usize) -> Option<(Node, usize)> {
        match self.byte(at, line.end)? {
            b'[' => self.flow_seq(line, at),
            b'{' => self.flow_map(line, at),
            _ => self.flow_scalar(line, at),
        }
    }

    /// A flow scalar at `at` and the offset after it.
    fn flow_scalar(&mut self, line: Line, at: usize) -> Option<(Node, usize)> {
        let (s, after) = match self.byte(at, line.end)? {
            q @ (b'"' | b'\'') => {
                let s = self.quoted(at, line.end, q)?;
                (s, s.end)
            }
            _ => self.plain_flow(at, line.end)?,
        };
        Some((self.scalar(line, s)?, after))
    }

    /// A plain scalar in flow context, ending before `,`, `]`, `}` or a `:`
    /// that is not inside a word (`10:30` is one scalar) on the same line;
    /// the offset returned is that indicator's.
    fn plain_flow(&self, at: usize, end: usize) -> Option<(Scanned, usize)> {
        let first = self.byte(at, end)?;
        if !can_start_plain(first, self.byte(at + 1, end), true) {
            return None;
        }
        let (mut i, mut text_end) = (at + 1, at + 1);
        loop {
            match self.byte(i, end)? {
                b':' if self.flow_safe(i + 1, end) => text_end = i + 1,
                b',' | b']' | b'}' | b':' => break,
                b'[' | b'{' => return None,
                b' ' if self.byte(i + 1, end) == Some(b'#') => return None,
                b' ' => {}
                _ => text_end = i + 1,
            }
            i += 1;
        }
        let s = Scanned {
            start: at,
            end: text_end,
            style: Style::Plain,
        };
        Some((s, i))
    }

    /// A one-line flow sequence opened at `at`.
    fn flow_seq(&mut self, line: Line, at: usize) -> Option<(Node, usize)> {
        self.enter()?;
        let span = self.span(line, at);
        let mark = self.items.len();
        let mut i = self.skip_spaces(at + 1, line.end);
        while self.byte(i, line.end)? != b']' {
            let (item, after) = self.flow_node(line, i)?;
            self.items.push(item);
            i = self.skip_spaces(after, line.end);
            match self.byte(i, line.end)? {
                b',' => i = self.skip_spaces(i + 1, line.end),
                b']' => break,
                _ => return None,
            }
        }
        self.depth -= 1;
        let items = self.items.split_off(mark);
        Some((self.node(Value::Seq(items), span), i + 1))
    }

    /// A one-line flow mapping opened at `at`; every key needs `: `.
    fn flow_map(&mut self, line: Line, at: usize) -> Option<(Node, usize)> {
        self.enter()?;
        let span = self.span(line, at);
        let mark = self.entries.len();
        let mut i = self.skip_spaces(at + 1, line.end);
        while self.byte(i, line.end)? != b'}' {
            let (key, after) = self.flow_scalar(line, i)?;
            let colon = self.skip_spaces(after, line.end);
            if self.byte(colon, line.end) != Some(b':')
                || self.byte(colon + 1, line.end) != Some(b' ')
                || colon.saturating_sub(i) > MAX_KEY_BYTES
            {
                return None;
            }
            let (value, after) = self.flow_map_value(line, colon)?;
            self.entries.push((key, value));
            i = self.skip_spaces(after, line.end);
            match self.byte(i, line.end)? {
                b',' => i = self.skip_spaces(i + 1, line.end),
                b'}' => break,
                _ => return None,
            }
        }
        self.depth -= 1;
        let entries = self.entries.split_off(mark);
        Some((self.node(Value::Map(entries), span), i + 1))
    }

    /// The value after the `:` at `colon` in a flow mapping; nothing is
    /// `Null` placed at the `:`.
    fn flow_map_value(&mut self, line: Line, colon: usize) -> Option<(Node, usize)> {
        let i = self.skip_spaces(colon + 1, line.end);
        match self.byte(i, line.end)? {
            b',' | b'}' => {
                let span = self.span(line, colon);
                Some((self.node(Value::Null, span), i))
            }
            _ => self.flow_node(line, i),
        }
    }
}

/// Whether a plain scalar may start with `first` followed by `next` (`None`
/// at the line end): not an indicator, and `-`, `?`, `:` only before a
/// character that cannot end the scalar.
fn can_start_plain(first: u8, next: Option<u8>, flow: bool) -> bool {
    match first {
        b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' | b' ' => false,
        b'-' | b'?' | b':' => match next {
            None | Some(b' ') => false,
            Some(b',' | b'[' | b']' | b'{' | b'}') => !flow,
            Some(_) => true,
        },
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml::parse_events;
    use super::*;

    /// Not 1, so the line offset is exercised too.
    const FIRST_LINE: u32 = 2;

    fn fast(text: &str) -> Option<Node> {
        parse(text, FIRST_LINE)
    }

    fn assert_fast(text: &str) {
        let fast = fast(text);
        assert!(fast.is_some(), "fast path declined {text:?}");
        assert_eq!(
            fast.ok_or(()),
            parse_events(text, FIRST_LINE).map_err(|_| ()),
            "{text:?}"
        );
    }

    fn assert_declined(text: &str) {
        assert_eq!(fast(text), None, "{text:?}");
    }

    /// The example of real minutes, with everything hand-edited files add.
    const MINUTES: &str = r#"id: MR-01467
title: ISMS management review 1467 of 1862-06-09
date: 1862-06-09
attendees: [ceo, cfo, ciso, cto, it-lead, isms-coord, dpo]
apologies: []
covers:
  9.3.2.a: previous-actions
  9.3.2.d.1: nonconformities
decisions:
  - id: D-01467-1
    text: "Approve the plan to review the data processing agreements with no exception left open."
    refs: [9.3.3, A.8.12]
actions:
  - id: A-01467-1
    title: "Document the secure development lifecycle (site 39)"
    owner: dpo
    due: 1862-09-07
updates:
  - action: A-01466-1
    status: done
    evidence: [evidence/1862/a-01466-1-closure.txt]
    note: "The residual risk stays within appetite."
metrics:
  phishing-click-rate: 2.8
evidence:
  - {path: evidence/1862/mr-01467-risk-register.csv, title: Risk register extract, refs: [9.3.2.f, 6.1.2]}
"#;

    const HAND_EDITED: &str = "# Minutes of the review\nid: MR-2\n\nchair: Łukasz — CISO   # acting\nsecretary:\nattendees:\n- ceo\n-   'dpo'\n- \"Zoë\"\ncovers:\n  9.3.2.a:  previous-actions  \n\n  # more later\n  9.3.2.b:\nactions:\n- id: A-1\n  title: it's done, mostly\n  refs: [ 9.3.3 , 'A.8.12' ,]\n- id: A-2\n  owner: ~\nnote: 'it''s #1'\n";

    #[test]
    fn reads_real_minutes_exactly() {
        assert_fast(MINUTES);
        assert_fast(&MINUTES.replace('\n', "\r\n"));
        assert_fast(HAND_EDITED);
        assert_fast(&HAND_EDITED.replace('\n', "\r\n"));
    }

    #[test]
    fn reads_each_construct_exactly() {
        for text in [
            "",
            "\n\n   \n",
            "# only a comment\n",
            "a: x",
            "a: x\n",
            "a:  x  \n",
            "a :  b  \n",
            "a: x # c\n",
            "a: b#c\n",
            "a: x:y\nurl: http://x.y/z\nt: 10:30\n",
            "a: -1\nb: -x\nc: ?x\nd: :x\n",
            "a: x, y [z] {w}\n",
            "-: x\n",
            "a:\n",
            "a:   # c\n",
            "a:\nb: 1\n",
            "a:\n# c\n\nb:\n",
            "a: ~\nb: null\nc: Null\nd: NULL\ne: nul\n~: x\n",
            "a: \"x  y\"\nb: 'it''s'\nc: ''\nd: \"\"\ne: \"true\"  # c\n",
            "\"k\": v\n'k' : v\n\"k\":\n",
            "name: Łukasz — CISO\nä: ö\nü: [é, 日本, \"😀\"]\n",
            "a: 1\r\nb:\r\n  - x\r\n  -\r\n  -  # c \r\nc: [x, y]\r\n",
            "covers:\n  9.3.2.a: previous-actions\n  9.3.2.d.1: x\nnext: y\n",
            "a:\n  b:\n    c: d\n  e: f\ng: h\n",
            "a:\n  - x\n  - y\n",
            "a:\n- x\n- y\nb: z\n",
            "a:\n# c\n- x\n",
            "- a\n- b\n",
            "- - x\n  - y\n- z\n",
            "a:\n  -\n  - \n  -  # c\n",
            "a:\n-\n- \n-   # c  \nb:\n-\n",
            "a:\n  - id: x\n    t: y\n  - id: z\n",
            "a:\n- id: x\n  t: y\n- id: z\nb: 1\n",
            "- a:\n  - x\n- a:\n    b: c\n",
            "-   id: x\n    t: y\n",
            "- \"k\": v\n- [x]\n- {k: v}\n",
            "a: []\nb: {}\nc: [ ]\nd: { }\n",
            "a: [x, \"y z\", 'w', -1, a b]\n",
            "a: [x, ]\nb: [x,y]\n",
            "a: [[x], {k: v}, [[]]]\n",
            "a: {k: v, k2: [x, y], \"q\": 'r'}\n",
            "a: {x: , y: 1}\nb: {x: }\nc: {x: 1,}\n",
            "a: [x]  # c\n",
            "a: [a:b, 10:30, http://x:8/y]\nb: {a:b: c, http://x: y}\n",
            "-\n  a: 1\n-  # c\n  - x\n",
            "k:\n-\n  a: 1\n-  # c\n   - x\nl:\n- \n\n  # c\n  a: 1\n",
            "  a: 1\n  b: 2\n",
        ] {
            assert_fast(text);
        }
    }

    #[test]
    fn declines_what_it_does_not_read() {
        for text in [
            "a: |\n  x\n",
            "a: >\n  x\n",
            "a: &x 1\nb: *x\n",
            "a: !t x\n",
            "%YAML 1.2\n---\na: 1\n",
            "---\na: 1\n",
            "a: 1\n...\n",
            "a: x\n  y\n",
            "- x\n  y\n",
            "a: \"x\n  y\"\n",
            "a: \"x\\ty\"\n",
            "? a\n: b\n",
            "\u{feff}a: 1\n",
            "a:\tx\n",
            "a: 1\rb: 2\n",
            "a: x\u{85}y\n",
            "a: [x,\n  y]\n",
            "a: b: c\n",
            "a: x\n- y\n",
            "[a, b]\n",
            "x\n",
            "a: [x: 1]\n",
            "a: {x}\n",
            "a: [a:]\n",
            "a: {x:[1]}\n",
            "a: {x:1}\n",
            "a:\n  x\n",
            "-\n  x\n",
            "a: @x\n",
            "a: `x`\n",
            "a: [x] y\n",
            "a: [x]# c\n",
            "a: \"x\" y\n",
            "a: \"x\"# c\n",
            "[a]: b\n",
            "a: - b\n",
            "a:\n - x\n b: y\n",
            "a: 1\n b: 2\n",
        ] {
            assert_declined(text);
        }
    }

    #[test]
    fn keeps_to_limits_granit_has() {
        let long = "x".repeat(1_100);
        assert_declined(&format!("{long}: v\n"));
        assert_fast(&format!("k: {long}\nl: [{long}]\nm: {{k: {long}}}\n"));
        assert_fast(&format!("- {long}\n- [{long}, {{k: {long}}}]\n"));
        assert_declined(&format!("m: {{{long}: v}}\n"));
        let comments =
            |n: usize| format!("a:\n{}b: [x{}]\n", "# c\n".repeat(n), "  # c\n".repeat(0));
        assert_fast(&comments(MAX_COMMENT_RUN));
        assert_declined(&comments(MAX_COMMENT_RUN + 1));
        let deep = |n: usize| format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert_fast(&deep(MAX_DEPTH - 2));
        assert_declined(&deep(MAX_DEPTH));
        assert!(parse_events(&deep(MAX_DEPTH), 1).is_err());
        let mut block = String::new();
        for i in 0..MAX_DEPTH + 1 {
            block.push_str(&" ".repeat(i));
            block.push_str("a:\n");
        }
        assert_declined(&block);
        assert_eq!(parse(MINUTES, 1), parse_events(MINUTES, 1).ok());
        assert_eq!(parse(MINUTES, 40_000), parse_events(MINUTES, 40_000).ok());
    }

    /// A small deterministic PRNG (xorshift64*), so the test needs nothing new.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// Characters and snippets that mean something to YAML, or to granit.
    const PIECES: &[&str] = &[
        ":", "-", "#", "[", "]", "{", "}", ",", "'", "\"", "\\", "&", "*", "!", "|", ">", "?", "%",
        "@", "`", " ", " ", "  ", "\t", "\n", "\r", "\r\n", "é", "Ł", "—", "日", "😀", "\u{a0}",
        "\u{85}", "\u{2028}", "\u{feff}", ": ", "- ", " #", "# c", "''", "\\\"", "~", "null", "x",
        "---", "...", "{k: v}", "[x]", "\"q\"", "'q'", "- k: v",
    ];

    /// The byte offsets where a character starts, and the end.
    fn boundaries(s: &str) -> Vec<usize> {
        s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
    }

    /// One random edit: a character or snippet inserted, deleted or
    /// replaced, or a line duplicated, deleted, swapped or re-indented.
    fn mutate_once(s: &mut String, rng: &mut Rng) {
        let b = boundaries(s);
        let at = b[rng.below(b.len())];
        let next = b.iter().copied().find(|&i| i > at).unwrap_or(at);
        match rng.below(9) {
            0 | 1 => s.insert_str(at, rng.pick(PIECES)),
            2 => s.replace_range(at..next, ""),
            3 | 4 => s.replace_range(at..next, rng.pick(PIECES)),
            op => {
                let mut lines: Vec<String> = s.split_inclusive('\n').map(String::from).collect();
                if lines.is_empty() {
                    return;
                }
                let i = rng.below(lines.len());
                let j = rng.below(lines.len());
                match op {
                    5 => lines.insert(i, lines[j].clone()),
                    6 => drop(lines.remove(i)),
                    7 => lines.swap(i, j),
                    _ => match rng.below(3) {
                        0 => lines[i].insert(0, ' '),
                        1 => lines[i].insert_str(0, "  "),
                        _ => {
                            let spaces = lines[i].len() - lines[i].trim_start_matches(' ').len();
                            lines[i].replace_range(..spaces.min(2), "");
                        }
                    },
                }
                *s = lines.concat();
            }
        }
    }

    /// Scalars as minutes write them, and a few that only look odd.
    const SCALARS: &[&str] = &[
        "x",
        "a b",
        "9.3.2.a",
        "Łukasz — CISO",
        "-1",
        "2.8",
        "10:30",
        "http://x/y",
        "it's",
        "a#b",
        "日本",
        "~",
        "null",
        "\"q\"",
        "\"a # b\"",
        "'it''s'",
        "''",
        "\"\"",
        "\"Zoë\"",
    ];

    /// Keys as minutes write them, and a few that only look odd.
    const KEYS: &[&str] = &[
        "a",
        "id",
        "9.3.2.a",
        "phishing-click-rate",
        "ключ",
        "a b",
        "-x",
        "\"q\"",
        "'k'",
        "null",
    ];

    /// A random one-line flow collection.
    fn flow(rng: &mut Rng, depth: usize) -> String {
        let n = rng.below(4);
        let map = rng.below(2) == 0;
        let items: Vec<String> = (0..n)
            .map(|_| {
                let value = match rng.below(5) {
                    0 if depth < 3 => flow(rng, depth + 1),
                    1 if map => String::new(),
                    _ => rng.pick(SCALARS).to_string(),
                };
                match map {
                    true => format!("{}: {value}", rng.pick(KEYS)),
                    false if value.is_empty() => "x".into(),
                    false => value,
                }
            })
            .collect();
        let sep = [", ", ",", " , "][rng.below(3)];
        let tail = ["", " ", ","][rng.below(3)];
        let (open, close) = if map { ("{", "}") } else { ("[", "]") };
        let tail = if n == 0 { "" } else { tail };
        format!("{open}{}{tail}{close}", items.join(sep))
    }

    /// A value that ends its line: a scalar or a flow collection, maybe
    /// with blanks and a comment after it.
    fn inline(rng: &mut Rng) -> String {
        let value = match rng.below(3) {
            0 => flow(rng, 0),
            _ => rng.pick(SCALARS).to_string(),
        };
        value + ["", "", "  ", " # c", "   # c: [x]"][rng.below(5)]
    }

    /// A random block collection as lines starting at column 0.
    fn block(rng: &mut Rng, depth: usize) -> Vec<String> {
        let mut lines = Vec::new();
        let seq = rng.below(2) == 0;
        for _ in 0..1 + rng.below(4) {
            let nested = depth < 4 && rng.below(3) == 0;
            let kind = if nested { 3 } else { rng.below(3) };
            let head = if seq {
                "-".to_string()
            } else {
                rng.pick(KEYS).to_string() + ":"
            };
            let empty = ["", " ", "  # c"][rng.below(3)];
            match kind {
                0 | 1 => lines.push(format!("{head} {}", inline(rng))),
                2 => lines.push(format!("{head}{empty}")),
                _ => {
                    let inner = block(rng, depth + 1);
                    let extra = rng.below(3);
                    if seq && rng.below(2) == 0 {
                        // A compact entry: `- key: value` or `- - x`.
                        let pad = " ".repeat(2 + extra);
                        lines.push(format!("-{}{}", &pad[1..], inner[0]));
                        lines.extend(inner[1..].iter().map(|l| format!("{pad}{l}")));
                    } else {
                        lines.push(format!("{head}{empty}"));
                        let indentless = !seq && inner[0].starts_with('-') && rng.below(2) == 0;
                        let pad = if indentless {
                            String::new()
                        } else {
                            " ".repeat(1 + extra)
                        };
                        lines.extend(inner.iter().map(|l| format!("{pad}{l}")));
                    }
                }
            }
            if rng.below(6) == 0 {
                lines.push(["", "# c", "   # c", "  "][rng.below(4)].to_string());
            }
        }
        lines
    }

    /// A random document in the plain subset, with LF or CRLF line ends.
    fn generated(rng: &mut Rng) -> String {
        let mut text = block(rng, 0).join("\n");
        text.push('\n');
        match rng.below(4) {
            0 => text.replace('\n', "\r\n"),
            _ => text,
        }
    }

    /// Random documents built from the plain subset: the fast path must
    /// read every one, exactly as granit does.
    #[test]
    fn agrees_with_granit_on_generated_documents() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..3_000 {
            assert_fast(&generated(&mut rng));
        }
    }

    fn seeds() -> Vec<String> {
        let mut seeds: Vec<String> = [
            MINUTES,
            HAND_EDITED,
            "a: x\nb:\n- c\n- d: e\n  f: [g, 'h']\n",
            "k: {a: 1, b: [x, \"y\"]}\nl: []\n",
            "- - x\n  - y\n-\n- z: # c\n  - w\n",
            "title: \"Łukasz — CISO\"\nnote: 'it''s' # c\nwhen: 10:30\n",
            "covers:\n  9.3.2.a: previous-actions\n\n  # c\n  9.3.2.b:\nx: ~\n",
            "evidence:\n  - {path: e/a.csv, title: Risk register, refs: [9.3.2.f, 6.1.2]}\n  - path: e/b.txt\n",
            "ключ: [é, 'ü', {ö: ä, ß: }]\nü:\n- ä: [x, \"ÿ\"]\n  ö: —\n",
            "a:\n-\n- \n- x\nb: {x: , y: 1,}\nc: [[], {}, [x, [y]]]\n",
            "'k': \"v\"\n\"q\" : 'it''s'\nr: ''\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let crlf: Vec<String> = seeds.iter().map(|s| s.replace('\n', "\r\n")).collect();
        seeds.extend(crlf);
        seeds
    }

    /// Mutants of the seeds and of generated documents: whenever the fast
    /// path reads one, granit must read it to the same tree.
    /// `YAML_FAST_MUTANTS=n` runs more than the default (best in release:
    /// `cargo test --release`) and prints what it saw; `YAML_FAST_SEED=n`
    /// explores other mutants.
    #[test]
    fn agrees_with_granit_on_mutants() {
        let seeds = seeds();
        for seed in &seeds {
            assert_fast(seed);
        }
        let wanted = std::env::var("YAML_FAST_MUTANTS").ok();
        let count = wanted
            .as_deref()
            .map_or(Ok(20_000), str::parse)
            .unwrap_or(20_000);
        let seed = std::env::var("YAML_FAST_SEED")
            .ok()
            .and_then(|s| s.parse().ok());
        let mut rng = Rng(seed.unwrap_or(0x9e37_79b9_7f4a_7c15) | 1);
        let (mut taken, mut declined_ok) = (0usize, 0usize);
        for n in 0..count {
            let mut text = match n % 2 {
                0 => seeds[n / 2 % seeds.len()].clone(),
                _ => generated(&mut rng),
            };
            for _ in 0..1 + rng.below(3) {
                mutate_once(&mut text, &mut rng);
            }
            match fast(&text) {
                Some(node) => {
                    taken += 1;
                    assert_eq!(Ok(node), parse_events(&text, FIRST_LINE), "mutant {text:?}");
                }
                None if wanted.is_some() => {
                    declined_ok += usize::from(parse_events(&text, FIRST_LINE).is_ok());
                }
                None => {}
            }
        }
        if wanted.is_some() {
            println!("{count} mutants: fast path {taken}, declined but granit read {declined_ok}");
        }
        assert!(
            taken * 5 > count,
            "only {taken} of {count} mutants took the fast path"
        );
    }
}
