//! A catalog file (`id`, `title`, `items`) into a [`Catalog`], every problem a
//! finding with its place: the built-in catalogs and `catalogs/*.yaml` are
//! read by the same code.

use crate::diag::findings::{Code, Finding, Span};
use crate::load::yaml::{self, Node, Value};
use crate::model::catalog::normalise::{key, tokens};
use crate::model::catalog::{Catalog, CatalogItem};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

const CATALOG_KEYS: &[&str; 3] = &["id", "title", "items"];
const ITEM_KEYS: &[&str; 4] = &["id", "title", "required_in_review", "maps_to"];

/// Where findings go and which file they are about.
struct Report<'a> {
    file: &'a str,
    findings: &'a mut Vec<Finding>,
}

impl Report<'_> {
    fn add(&mut self, code: Code, span: Span, message: String) {
        self.findings
            .push(Finding::new(code, Some(self.file), span, message));
    }
}

/// Reads one catalog file. `None` when there is no usable catalog (no id, no
/// items list, YAML error); an item with problems is reported and left out,
/// the others are kept.
pub(super) fn catalog(text: &str, file: &str, findings: &mut Vec<Finding>) -> Option<Catalog> {
    let mut report = Report { file, findings };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = match yaml::parse(text, 1) {
        Ok(root) => root,
        Err(e) => {
            report.add(Code::MB002, e.span, e.message);
            return None;
        }
    };
    let Value::Map(entries) = &root.value else {
        report.add(
            Code::MB004,
            root.span,
            match root.value {
                Value::Null => "the catalog file is empty: it needs id, title and items".into(),
                _ => format!(
                    "a catalog is a mapping with id, title and items, not {}",
                    root.shape()
                ),
            },
        );
        return None;
    };
    let [id, title, items] = fields(entries, CATALOG_KEYS, "the catalog", &mut report);

    let id = match id {
        Some(node) => catalog_id(node, &mut report),
        None => {
            report.add(Code::MB004, root.span, "the catalog has no id".into());
            None
        }
    };
    let title = match title {
        Some(node) => text_of(node, "the catalog's title", &mut report),
        None => {
            report.add(Code::MB004, root.span, "the catalog has no title".into());
            None
        }
    };
    let items: Option<&[Node]> = match items {
        Some(Node {
            value: Value::Seq(items),
            ..
        }) => Some(items),
        Some(Node {
            value: Value::Null, ..
        }) => Some(&[]),
        Some(node) => {
            report.add(
                Code::MB004,
                node.span,
                format!("items must be a list, not {}", node.shape()),
            );
            None
        }
        None => {
            report.add(Code::MB004, root.span, "the catalog has no items".into());
            None
        }
    };
    let items = items?;
    let name = id.as_deref().unwrap_or("without id");

    let mut parsed: Vec<CatalogItem> = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, (usize, Span)> = HashMap::new();
    for node in items {
        let Some(item) = item(node, &mut report) else {
            continue;
        };
        match seen.entry(key(&item.id)) {
            Entry::Occupied(first) => {
                let (index, at) = *first.get();
                let first_id = parsed.get(index).map_or("", |p| p.id.as_str());
                report.add(
                    Code::MB005,
                    node.span,
                    format!(
                        "duplicate item id {} in catalog {name} (already given as {first_id} at line {})",
                        item.id, at.line
                    ),
                );
            }
            Entry::Vacant(slot) => {
                slot.insert((parsed.len(), node.span));
                parsed.push(item);
            }
        }
    }
    let id = id?;
    Some(Catalog {
        title: title.unwrap_or_else(|| id.clone()),
        id,
        items: parsed,
    })
}

/// The values of the known keys of a mapping, in `known` order; reports
/// unknown keys (MB003, with did-you-mean), repeated keys and non-text keys.
fn fields<'n, const N: usize>(
    entries: &'n [(Node, Node)],
    known: &[&str; N],
    what: &str,
    report: &mut Report<'_>,
) -> [Option<&'n Node>; N] {
    let mut out: [Option<&'n Node>; N] = [None; N];
    for (k, v) in entries {
        let Some(name) = k.as_scalar() else {
            report.add(
                Code::MB004,
                k.span,
                format!("a key of {what} must be a name, not {}", k.shape()),
            );
            continue;
        };
        match known.iter().position(|&x| x == name) {
            Some(i) if out[i].is_some() => report.add(
                Code::MB004,
                k.span,
                format!("key {name} is given twice in {what}"),
            ),
            Some(i) => out[i] = Some(v),
            None => report.add(
                Code::MB003,
                k.span,
                format!("unknown key {name} in {what}{}", did_you_mean(name, known)),
            ),
        }
    }
    out
}

fn catalog_id(node: &Node, report: &mut Report<'_>) -> Option<String> {
    let id = text_of(node, "the catalog id", report)?;
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        report.add(
            Code::MB004,
            node.span,
            format!("catalog id {id:?} may only use letters, digits, -, _ and ."),
        );
        return None;
    }
    Some(id)
}

fn item(node: &Node, report: &mut Report<'_>) -> Option<CatalogItem> {
    let Value::Map(entries) = &node.value else {
        report.add(
            Code::MB004,
            node.span,
            format!(
                "a catalog item is a mapping with id and title, not {}",
                node.shape()
            ),
        );
        return None;
    };
    let [id, title, required, maps_to] = fields(entries, ITEM_KEYS, "a catalog item", report);
    let Some(id_node) = id else {
        report.add(Code::MB004, node.span, "a catalog item has no id".into());
        return None;
    };
    let id = text_of(id_node, "an item id", report)?;
    if tokens(&id).next().is_none() || id.contains(|c: char| c == ':' || c.is_whitespace()) {
        report.add(
            Code::MB004,
            id_node.span,
            format!("item id {id:?} needs a letter or digit, and no spaces or :"),
        );
        return None;
    }
    let title = match title {
        Some(t) => text_of(t, "an item title", report),
        None => {
            report.add(
                Code::MB004,
                node.span,
                format!("catalog item {id} has no title"),
            );
            None
        }
    };
    let required_in_review = required.is_some_and(|r| flag(r, report));
    let maps_to = maps_to.map(|m| list(m, report)).unwrap_or_default();
    Some(CatalogItem {
        title: title.unwrap_or_else(|| id.clone()),
        id,
        required_in_review,
        maps_to,
    })
}

/// The text of a scalar, or a finding naming `what` and the shape found.
fn text_of(node: &Node, what: &str, report: &mut Report<'_>) -> Option<String> {
    match node.as_scalar() {
        Some(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        _ => {
            report.add(
                Code::MB004,
                node.span,
                format!("{what} must be a single value, not {}", shape(node)),
            );
            None
        }
    }
}

fn shape(node: &Node) -> &'static str {
    match node.as_scalar() {
        Some(t) if t.trim().is_empty() => "empty text",
        _ => node.shape(),
    }
}

fn flag(node: &Node, report: &mut Report<'_>) -> bool {
    match &node.value {
        Value::Scalar { text, plain: true } if text.eq_ignore_ascii_case("true") => true,
        Value::Scalar { text, plain: true } if text.eq_ignore_ascii_case("false") => false,
        _ => {
            report.add(
                Code::MB004,
                node.span,
                "required_in_review must be true or false".into(),
            );
            false
        }
    }
}

fn list(node: &Node, report: &mut Report<'_>) -> Vec<String> {
    match &node.value {
        Value::Null => Vec::new(),
        Value::Seq(items) => items
            .iter()
            .filter_map(|n| text_of(n, "a maps_to entry", report))
            .collect(),
        _ => {
            report.add(
                Code::MB004,
                node.span,
                format!("maps_to must be a list, not {}", node.shape()),
            );
            Vec::new()
        }
    }
}

/// ` (did you mean `title`?)`: the closest known key, or one with the same
/// letters swapped (`titel`), which plain edit distance counts as two edits.
fn did_you_mean(word: &str, known: &[&str]) -> String {
    let sorted = |s: &str| {
        let mut c: Vec<char> = s.to_lowercase().chars().collect();
        c.sort_unstable();
        c
    };
    crate::suggest::closest(word, known.iter().copied())
        .or_else(|| known.iter().copied().find(|k| sorted(k) == sorted(word)))
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}
