//! YAML into a small tree that remembers where every value was written.
//!
//! Minutes are hand-edited: a finding must point at the exact value that is
//! wrong, a reference must be read as written (`9.10` is not `9.1`), and every
//! problem in a file should be reported, not just the first. So the frontmatter
//! is read through the parser of serde-saphyr (granit) into [`Node`]s with
//! spans, under fixed budgets against hostile input, and typed by `load::fields`.

use crate::diag::findings::Span;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, ScanError};
use std::borrow::Cow;
use std::collections::HashMap;

/// Most nodes one document may hold, aliases expanded: far above any real
/// minutes, far below what a billion-laughs file would need.
pub(crate) const MAX_NODES: usize = 200_000;

/// Most bytes of scalar text one document may hold, aliases expanded: twice
/// the largest file read, so only an alias bomb of long text reaches it.
pub(crate) const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting accepted; real minutes need five levels.
const MAX_DEPTH: usize = 64;

/// A YAML value with the place it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts.
    pub span: Span,
}

/// The shapes a YAML value can take, scalars kept as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// A scalar exactly as written (after YAML escapes); `plain` when unquoted,
    /// so `"true"` stays text while `true` may be read as a boolean.
    Scalar {
        /// The text of the scalar.
        text: String,
        /// Unquoted plain scalar.
        plain: bool,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in written order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The text of a scalar, if this is one.
    pub(crate) fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A short name of the node's shape for messages ("a list", "text").
    pub(crate) fn shape(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar { .. } => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// Nodes and scalar bytes in this tree: what a copy of it costs.
    fn weight(&self) -> Weight {
        match &self.value {
            Value::Seq(items) => items.iter().fold(Weight(1, 0), |w, n| w + n.weight()),
            Value::Map(entries) => entries
                .iter()
                .fold(Weight(1, 0), |w, (k, v)| w + k.weight() + v.weight()),
            Value::Scalar { text, .. } => Weight(1, text.len()),
            Value::Null => Weight(1, 0),
        }
    }
}

/// Nodes and bytes of scalar text, the two things a hostile document can
/// multiply through aliases and anchors.
#[derive(Clone, Copy, Default)]
struct Weight(usize, usize);

impl std::ops::Add for Weight {
    type Output = Weight;
    fn add(self, other: Weight) -> Weight {
        Weight(
            self.0.saturating_add(other.0),
            self.1.saturating_add(other.1),
        )
    }
}

impl Weight {
    /// Adds `cost` (a new node, an alias's copy, an anchor's stored copy)
    /// and refuses the document once either budget is exceeded.
    fn charge(&mut self, cost: Weight, span: Span) -> Result<(), YamlError> {
        *self = *self + cost;
        if self.0 > MAX_NODES || self.1 > MAX_TEXT_BYTES {
            return Err(too_large(span));
        }
        Ok(())
    }
}

/// Why a YAML text could not be read, with where, so the user is sent to
/// the line rather than told the file is bad.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// Message for the user.
    pub message: String,
    /// Where it happened.
    pub span: Span,
}

enum Frame {
    Seq {
        span: Span,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        span: Span,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// The value of a scalar: plain `~`, `null` and nothing are [`Value::Null`],
/// everything else is kept as written.
fn scalar_value(text: Cow<'_, str>, plain: bool) -> Value {
    if plain && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
        Value::Null
    } else {
        Value::Scalar {
            text: text.into_owned(),
            plain,
        }
    }
}

/// Parses one YAML document through granit's event parser. `first_line` is
/// the file line where the text starts, so spans are file positions. An
/// empty text is `Null`.
pub fn parse(text: &str, first_line: u32) -> Result<Node, YamlError> {
    let span_of = |line: usize, col: usize| {
        Span::at(
            (line as u32).saturating_add(first_line.saturating_sub(1)),
            col as u32 + 1,
        )
    };
    let scan_err = |e: ScanError| {
        let m = e.marker();
        YamlError {
            message: e.info(),
            span: span_of(m.line(), m.col()),
        }
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut spent = Weight::default();
    let mut documents = 0usize;

    for item in Parser::new_from_str(text) {
        let (event, ev_span) = item.map_err(scan_err)?;
        let span = span_of(ev_span.start.line(), ev_span.start.col());
        let complete = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        message: "more than one YAML document in the frontmatter".into(),
                        span,
                    });
                }
                continue;
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let value = scalar_value(text, style == ScalarStyle::Plain);
                let node = Node { value, span };
                if anchor != 0 {
                    spent.charge(node.weight(), span)?;
                    anchors.insert(anchor, node.clone());
                }
                Some(node)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some(target) => {
                    // The copy is charged before it is made.
                    spent.charge(target.weight(), span)?;
                    let mut node = target.clone();
                    node.span = span;
                    Some(node)
                }
                None => {
                    return Err(YamlError {
                        message: "alias refers to an anchor that is not defined before it".into(),
                        span,
                    });
                }
            },
            Event::SequenceStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                stack.push(Frame::Seq {
                    span,
                    anchor,
                    items: Vec::new(),
                });
                None
            }
            Event::MappingStart(_, anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(span));
                }
                stack.push(Frame::Map {
                    span,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop() {
                    Some(Frame::Seq {
                        span,
                        anchor,
                        items,
                    }) => (
                        Node {
                            value: Value::Seq(items),
                            span,
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        span,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            value: Value::Map(entries),
                            span,
                        },
                        anchor,
                    ),
                    None => continue,
                };
                if node.1 != 0 {
                    spent.charge(node.0.weight(), node.0.span)?;
                    anchors.insert(node.1, node.0.clone());
                }
                Some(node.0)
            }
            _ => None,
        };
        let Some(node) = complete else { continue };
        let own_text = node.as_scalar().map_or(0, str::len);
        spent.charge(Weight(1, own_text), node.span)?;
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(root.unwrap_or(Node {
        value: Value::Null,
        span: Span::at(first_line, 1),
    }))
}

fn too_large(span: Span) -> YamlError {
    YamlError {
        message: format!(
            "the YAML expands to more than {MAX_NODES} values or {} MiB of text \
             (an alias bomb?); it was not read",
            MAX_TEXT_BYTES >> 20
        ),
        span,
    }
}

fn too_deep(span: Span) -> YamlError {
    YamlError {
        message: format!("the YAML is nested more than {MAX_DEPTH} levels deep; it was not read"),
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_scalars_as_written_with_places() {
        let n = parse("refs: [9.10, 9.2]\nname: \"true\"\n", 2).unwrap();
        let Value::Map(entries) = &n.value else {
            panic!("not a map")
        };
        let Value::Seq(refs) = &entries[0].1.value else {
            panic!("not a seq")
        };
        assert_eq!(refs[0].as_scalar(), Some("9.10"));
        assert_eq!(refs[1].span, Span::at(2, 14));
        assert_eq!(entries[1].0.span, Span::at(3, 1));
        assert_eq!(
            entries[1].1.value,
            Value::Scalar {
                text: "true".into(),
                plain: false
            }
        );
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut y = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            y.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        let e = parse(&y, 1).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{}", e.message);
    }

    #[test]
    fn refuses_alias_bombs_of_long_text_and_nested_anchor_copies() {
        let y = format!(
            "a: &a {}\nb: [{}]\n",
            "x".repeat(1_000_000),
            vec!["*a"; 20].join(", ")
        );
        let e = parse(&y, 1).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{}", e.message);
        // Every anchored level would keep its own copy of what it holds.
        let mut y = format!("[{}]", vec!["x"; 150_000].join(","));
        for i in 0..60 {
            y = format!("&a{i} [{y}]");
        }
        assert!(parse(&y, 1).is_err());
        // Ordinary use of anchors is fine.
        let n = parse("base: &b {owner: ciso}\nx: *b\ny: *b\n", 1).unwrap();
        let Value::Map(entries) = &n.value else {
            panic!("not a map")
        };
        assert_eq!(entries[2].1.value, entries[0].1.value);
    }

    #[test]
    fn refuses_deep_nesting_without_overflow() {
        let y = "[".repeat(100_000);
        assert!(parse(&y, 1).is_err());
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&" ".repeat(i));
            block.push_str("a:\n");
        }
        assert!(parse(&block, 1).is_err());
    }

    #[test]
    fn reports_syntax_errors_with_file_lines() {
        let e = parse("a: 1\nb: [unclosed\n", 5).unwrap_err();
        assert!(e.span.line >= 6, "{:?}", e.span);
    }
}
