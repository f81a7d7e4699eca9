//! Typed reading of YAML nodes, turning every wrong value into a finding.
//!
//! One [`Reader`] per file collects findings as values are read, so a file with
//! five mistakes yields five findings, each at the value that is wrong.

use super::yaml::{Node, Value};
use crate::date::Date;
use crate::diag::findings::{Code, Finding, Span};
use crate::model::Spanned;
use crate::suggest;

/// Reads values of one file, collecting findings about them.
pub struct Reader<'f> {
    /// The file, relative to the site root.
    pub file: &'f str,
    /// Findings so far.
    pub findings: Vec<Finding>,
}

/// The entries of a mapping whose keys were checked.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'n> {
    entries: &'n [(Node, Node)],
    /// Where the mapping starts.
    pub span: Span,
}

impl<'n> Fields<'n> {
    /// The value of a key, unless it is absent or null.
    pub(crate) fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// Whether the key is written at all (even as null).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.as_scalar() == Some(key))
    }

    /// Where a key is written, or the mapping's start.
    pub(crate) fn key_span(&self, key: &str) -> Span {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map_or(self.span, |(k, _)| k.span)
    }
}

/// The fix for an unknown key that is really the rest of a value cut at a
/// comma inside a `{…}` flow mapping (`{path: a.pdf, title: Risk register,
/// Q1}` reads `Q1` as a key with no value): quote the value. None when the
/// key has a value or follows no text value on the same line.
fn comma_in_flow_value(entries: &[(Node, Node)], i: usize) -> Option<String> {
    let (key, value) = entries.get(i)?;
    if value.value != Value::Null || i == 0 {
        return None;
    }
    let (prev_key, prev_value) = &entries[i - 1];
    if prev_key.span.line != key.span.line {
        return None;
    }
    let name = prev_key.as_scalar()?;
    let text = prev_value.as_scalar()?;
    let rest = key.as_scalar()?;
    Some(format!(
        "a comma inside a `{{…}}` mapping ends the value, so `{rest}` was read as a key: \
         quote the value, `{name}: \"{text}, {rest}\"`"
    ))
}

/// Whether a text is a valid id: letters, digits, `-`, `_`, `.`, and a name
/// its page folder can have everywhere the site is opened.
pub(crate) fn is_valid_id(s: &str) -> bool {
    id_problem(s).is_none()
}

/// Why a text cannot be an id, worded to end "ids …"; None when it can.
///
/// Besides the characters the format allows, an id names its page's folder
/// (`reviews/<id>/`) in the site and in the bundle an auditor unzips, often
/// on Windows: `..` or `.` cannot be a folder, `index.html` is the list page
/// the folder would sit beside, and Windows drops a trailing `.` and refuses
/// device names (`CON`, `NUL.2025`, `COM1`), so such a page would be lost or
/// merged with another one there.
pub(crate) fn id_problem(s: &str) -> Option<&'static str> {
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Some("ids are letters, digits, `-`, `_` and `.`");
    }
    if s.bytes().all(|b| b == b'.') {
        return Some("an id of dots alone cannot name its page folder");
    }
    if s.ends_with('.') {
        return Some("an id cannot end with `.`: Windows drops it from the page folder's name");
    }
    if s.eq_ignore_ascii_case("index.html") {
        return Some("`index.html` is the name of the list page beside the page folders");
    }
    let stem = s.split('.').next().unwrap_or(s).to_ascii_uppercase();
    let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    if device {
        return Some(
            "this name is a device on Windows, where the page folder could not be unzipped",
        );
    }
    None
}

impl<'f> Reader<'f> {
    /// A reader for one file: findings it collects name that file, so a user
    /// is told where to fix a field.
    pub fn new(file: &'f str) -> Self {
        Reader {
            file,
            findings: Vec::new(),
        }
    }

    /// Records a finding in this file.
    pub(crate) fn report(&mut self, code: Code, span: Span, message: impl Into<String>) {
        self.findings
            .push(Finding::new(code, Some(self.file), span, message));
    }

    /// Records a finding with a hint.
    pub(crate) fn report_help(&mut self, code: Code, span: Span, message: String, help: String) {
        self.findings
            .push(Finding::new(code, Some(self.file), span, message).with_help(help));
    }

    /// Reads a mapping, reporting unknown keys (MB003, with did-you-mean),
    /// repeated keys and non-text keys (MB004).
    pub(crate) fn map<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.report(
                Code::MB004,
                node.span,
                format!(
                    "{what} must be a mapping of keys to values, not {}",
                    node.shape()
                ),
            );
            return None;
        };
        for (i, (k, _)) in entries.iter().enumerate() {
            let Some(key) = k.as_scalar() else {
                self.report(Code::MB004, k.span, format!("a key in {what} must be text"));
                continue;
            };
            if !allowed.contains(&key) {
                let flow = comma_in_flow_value(entries, i);
                let hint = if flow.is_some() {
                    "; a comma inside the `{…}` value before it cut that value: quote the value"
                        .to_string()
                } else {
                    suggest::did_you_mean(key, allowed.iter().copied())
                };
                let mut f = Finding::new(
                    Code::MB003,
                    Some(self.file),
                    k.span,
                    format!("unknown key `{key}` in {what}{hint}"),
                );
                f.help =
                    Some(flow.unwrap_or_else(|| format!("allowed keys: {}", allowed.join(", "))));
                self.findings.push(f);
            } else if entries[..i].iter().any(|(p, _)| p.as_scalar() == Some(key)) {
                self.report(
                    Code::MB004,
                    k.span,
                    format!("key `{key}` is given twice in {what}"),
                );
            }
        }
        Some(Fields {
            entries,
            span: node.span,
        })
    }

    /// A scalar as text.
    pub(crate) fn text(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        match &node.value {
            Value::Scalar { text, .. } => Some(Spanned::new(text.clone(), node.span)),
            _ => {
                self.report(
                    Code::MB004,
                    node.span,
                    format!("{what} must be text, not {}", node.shape()),
                );
                None
            }
        }
    }

    /// A required key as text; MB004 when missing.
    pub(crate) fn required_text(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        match f.get(key) {
            Some(n) => self.text(n, &format!("`{key}` of {what}")),
            None => {
                self.missing(f, key, what);
                None
            }
        }
    }

    /// An optional key as text.
    pub(crate) fn optional_text(
        &mut self,
        f: &Fields<'_>,
        key: &str,
        what: &str,
    ) -> Option<Spanned<String>> {
        f.get(key)
            .and_then(|n| self.text(n, &format!("`{key}` of {what}")))
    }

    /// Reports a missing required key.
    pub(crate) fn missing(&mut self, f: &Fields<'_>, key: &str, what: &str) {
        self.report(
            Code::MB004,
            f.span,
            format!("missing required key `{key}` in {what}"),
        );
    }

    /// An id: text of letters, digits, `-`, `_`, `.` (an invalid one is reported and kept).
    pub(crate) fn id(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        let t = self.text(node, what)?;
        if let Some(why) = id_problem(&t.value) {
            self.report(
                Code::MB004,
                t.span,
                format!("invalid id `{}` for {what}: {why}", t.value),
            );
        }
        // Kept as written: the finding is enough, and dropping the value
        // would hide everything attached to it from the other checks.
        Some(t)
    }

    /// A `YYYY-MM-DD` date.
    pub(crate) fn date(&mut self, node: &Node, what: &str) -> Option<Spanned<Date>> {
        let t = self.text(node, what)?;
        match Date::parse(t.value.trim()) {
            Some(d) => Some(Spanned::new(d, t.span)),
            None => {
                self.report(
                    Code::MB004,
                    t.span,
                    format!(
                        "invalid date `{}` for {what}: expected a real day as YYYY-MM-DD",
                        t.value
                    ),
                );
                None
            }
        }
    }

    /// A list; a single value counts as a list of one, null as empty.
    pub(crate) fn list<'n>(&mut self, node: Option<&'n Node>, what: &str) -> Vec<&'n Node> {
        match node.map(|n| (&n.value, n)) {
            None | Some((Value::Null, _)) => Vec::new(),
            Some((Value::Seq(items), _)) => items.iter().collect(),
            // Strict: `support: cfo` is written `support: [cfo]`. The value is
            // still used, so no other finding follows from its shape alone.
            Some((Value::Scalar { .. }, n)) => {
                let shown = n.as_scalar().unwrap_or_default();
                self.report(
                    Code::MB004,
                    n.span,
                    format!("{what} must be a list: write `[{shown}]`"),
                );
                vec![n]
            }
            Some((Value::Map(_), n)) => {
                self.report(
                    Code::MB004,
                    n.span,
                    format!("{what} must be a list, not a mapping"),
                );
                Vec::new()
            }
        }
    }

    /// A list of texts (people, references).
    pub(crate) fn text_list(&mut self, node: Option<&Node>, what: &str) -> Vec<Spanned<String>> {
        self.list(node, what)
            .into_iter()
            .filter_map(|n| self.text(n, &format!("an entry of {what}")))
            .collect()
    }

    /// A list of ids (people).
    pub(crate) fn id_list(&mut self, node: Option<&Node>, what: &str) -> Vec<Spanned<String>> {
        self.list(node, what)
            .into_iter()
            .filter_map(|n| self.id(n, &format!("an entry of {what}")))
            .collect()
    }

    /// A finite number written as a plain YAML number.
    pub(crate) fn number(&mut self, node: &Node, what: &str) -> Option<f64> {
        let parsed = match &node.value {
            Value::Scalar { text, plain: true } => text
                .trim()
                .replace('_', "")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite()),
            _ => None,
        };
        if parsed.is_none() {
            let shown = node
                .as_scalar()
                .map(|t| format!(" `{t}`"))
                .unwrap_or_default();
            self.report(
                Code::MB004,
                node.span,
                format!("{what} must be a number, not {}{shown}", node.shape()),
            );
        }
        parsed
    }

    /// A whole number (non-negative).
    pub(crate) fn count(&mut self, node: &Node, what: &str) -> Option<u32> {
        let v = self.number(node, what)?;
        if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) {
            Some(v as u32)
        } else {
            self.report(
                Code::MB004,
                node.span,
                format!("{what} must be a whole number of 0 or more"),
            );
            None
        }
    }

    /// `true` or `false`.
    pub(crate) fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        match node.as_scalar() {
            Some("true" | "True" | "TRUE" | "yes") => Some(true),
            Some("false" | "False" | "FALSE" | "no") => Some(false),
            _ => {
                self.report(
                    Code::MB004,
                    node.span,
                    format!("{what} must be true or false"),
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub(crate) fn one_of<T: Copy>(
        &mut self,
        node: &Node,
        what: &str,
        choices: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        let t = self.text(node, what)?;
        let written = t.value.trim();
        if let Some((_, v)) = choices.iter().find(|(k, _)| *k == written) {
            return Some(Spanned::new(*v, t.span));
        }
        let names: Vec<&str> = choices.iter().map(|(k, _)| *k).collect();
        // Strict, as keys are: the values are written in lower case, and `DONE` says exactly how to write it.
        let lower = written.to_ascii_lowercase();
        let hint = match choices.iter().find(|(k, _)| *k == lower) {
            Some((k, _)) => format!(" (write it in lower case: `{k}`)"),
            None => suggest::did_you_mean(&lower, names.iter().copied()),
        };
        self.report(
            Code::MB004,
            t.span,
            format!(
                "invalid {what} `{}`: expected one of {}{hint}",
                t.value,
                names.join(", ")
            ),
        );
        None
    }
}
