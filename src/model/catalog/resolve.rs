//! Resolving a reference as written to a catalog item, and the did-you-mean
//! for one that does not resolve.

use super::normalise::{key, tokens};
use super::{Catalog, Catalogs, ItemRef, RefError};
use crate::suggest::distance;

/// Largest edit distance still offered as a did-you-mean.
const MAX_DISTANCE: usize = 2;

pub(super) fn resolve(
    catalogs: &Catalogs,
    reference: &str,
    frameworks: &[String],
) -> Result<ItemRef, RefError> {
    let written = reference.trim();
    let (catalog, item, prefix) = match written.split_once(':') {
        Some((prefix, item)) => {
            let prefix = prefix.trim();
            let catalog = by_prefix(catalogs, prefix, item.trim(), written, frameworks)?;
            (catalog, item.trim(), Some(prefix))
        }
        None => {
            let id = Catalogs::primary(frameworks);
            let catalog = catalogs.get(id).ok_or_else(|| RefError {
                message: format!(
                    "unknown catalog {id} (the site's first framework) for reference {written}; known catalogs: {}",
                    known(catalogs)
                ),
                suggestion: None,
            })?;
            (catalog, written, None)
        }
    };
    if tokens(item).next().is_none() {
        return Err(RefError {
            message: if written.is_empty() {
                "empty reference".to_string()
            } else {
                format!("reference {written} names no clause or control")
            },
            suggestion: None,
        });
    }
    match catalog.find(item) {
        Some(found) => Ok(ItemRef {
            catalog: catalog.id.clone(),
            item: found.id.clone(),
        }),
        None => Err(RefError {
            message: format!("unknown reference {written} in {}", catalog.id),
            suggestion: suggest(catalogs, catalog, item, prefix, frameworks),
        }),
    }
}

/// The catalog a `prefix:` names: its id, or its part before the first `-`
/// (when several share it, the first of the site's frameworks wins).
fn by_prefix<'c>(
    catalogs: &'c Catalogs,
    prefix: &str,
    item: &str,
    written: &str,
    frameworks: &[String],
) -> Result<&'c Catalog, RefError> {
    if let Some(c) = catalogs.get(prefix) {
        return Ok(c);
    }
    let matching: Vec<&Catalog> = catalogs
        .catalogs
        .iter()
        .filter(|c| short(&c.id).eq_ignore_ascii_case(prefix))
        .collect();
    match matching[..] {
        [one] => Ok(one),
        [] => {
            let names = catalogs
                .catalogs
                .iter()
                .flat_map(|c| [c.id.as_str(), short(&c.id)]);
            Err(RefError {
                message: format!(
                    "unknown catalog {prefix} in reference {written}; known catalogs: {}",
                    known(catalogs)
                ),
                suggestion: crate::suggest::closest(prefix, names).map(|p| format!("{p}:{item}")),
            })
        }
        // Several editions share the prefix (`iso27001` for 2013 and 2022):
        // the site's framework wins, else the latest edition (catalogs are
        // sorted by id, so the last): `iso27001:` means the current standard.
        _ => Ok(frameworks
            .iter()
            .find_map(|f| {
                matching
                    .iter()
                    .copied()
                    .find(|c| c.id.eq_ignore_ascii_case(f))
            })
            .or_else(|| matching.last().copied())
            .ok_or_else(|| RefError {
                message: format!("unknown catalog {prefix} in reference {written}"),
                suggestion: None,
            })?),
    }
}

/// A catalog id's part before the first `-` (`soc2` for `soc2-2017`).
fn short(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}

/// The shortest prefix that names a catalog without ambiguity: `soc2` for
/// `soc2-2017` unless another catalog shares it, else the whole id.
pub(super) fn prefix<'a>(catalogs: &Catalogs, id: &'a str) -> &'a str {
    let s = short(id);
    let shared = catalogs
        .catalogs
        .iter()
        .filter(|c| !c.id.eq_ignore_ascii_case(id))
        .any(|c| short(&c.id).eq_ignore_ascii_case(s) || c.id.eq_ignore_ascii_case(s));
    if shared { id } else { s }
}

fn known(catalogs: &Catalogs) -> String {
    let ids: Vec<&str> = catalogs.catalogs.iter().map(|c| c.id.as_str()).collect();
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.join(", ")
    }
}

/// A did-you-mean for a reference that is not in `target`, as it should be
/// written: an Annex control written without its `A.` (`5.17` -> `A.5.17`), the
/// same item in another catalog (`CC4.1` -> `soc2:CC4.1`), swapped characters
/// (`A.5.71` -> `A.5.17`), or the one item closest by edit distance. Nothing
/// when several are equally close (`9.3.2.h`): a guess would mislead.
fn suggest(
    catalogs: &Catalogs,
    target: &Catalog,
    item: &str,
    prefix: Option<&str>,
    frameworks: &[String],
) -> Option<String> {
    let in_target = |id: &str| match prefix {
        Some(p) => format!("{p}:{id}"),
        None => id.to_string(),
    };
    let wanted = key(item);

    // `5.17` where `A.5.17` exists (and `5.17` does not, or it would resolve).
    if tokens(item).next().is_some_and(|t| t.digits) {
        let mut lettered = target.items.iter().filter(|i| {
            let k = key(&i.id);
            k.strip_suffix(wanted.as_str())
                .and_then(|head| head.strip_suffix('.'))
                .is_some_and(|head| !head.is_empty() && head.chars().all(char::is_alphabetic))
        });
        if let (Some(one), None) = (lettered.next(), lettered.next()) {
            return Some(in_target(&one.id));
        }
    }

    // The same item in another of the site's frameworks; in any other
    // catalog only when the reference looks foreign to this one (`CC4.1` in
    // ISO 27001, not `9.3.2.h`, which is a typo rather than ISO 22301).
    let first = tokens(item).next();
    let foreign = !target.items.iter().any(|i| {
        tokens(&i.id)
            .next()
            .zip(first)
            .is_some_and(|(a, b)| key(a.text) == key(b.text))
    });
    let others = frameworks
        .iter()
        .filter_map(|f| catalogs.get(f))
        .chain(catalogs.catalogs.iter().filter(|_| foreign))
        .filter(|c| !c.id.eq_ignore_ascii_case(&target.id));
    for other in others {
        if let Some(found) = other.find(item) {
            return Some(format!("{}:{}", prefix_for(catalogs, other), found.id));
        }
    }

    let scored: Vec<(usize, &str, bool)> = target
        .items
        .iter()
        .map(|i| {
            let k = key(&i.id);
            (distance(&wanted, &k), i.id.as_str(), anagram(&wanted, &k))
        })
        .filter(|(d, _, _)| *d <= MAX_DISTANCE && *d < wanted.chars().count())
        .collect();
    if let Some((_, id, _)) = scored.iter().find(|(_, _, swapped)| *swapped) {
        return Some(in_target(id));
    }
    let best = scored.iter().map(|(d, _, _)| *d).min()?;
    let mut closest = scored.iter().filter(|(d, _, _)| *d == best);
    match (closest.next(), closest.next()) {
        (Some((_, id, _)), None) => Some(in_target(id)),
        _ => None,
    }
}

fn prefix_for<'a>(catalogs: &Catalogs, catalog: &'a Catalog) -> &'a str {
    prefix(catalogs, &catalog.id)
}

/// Same characters in another order (`a.5.71` and `a.5.17`).
fn anagram(a: &str, b: &str) -> bool {
    let sorted = |s: &str| {
        let mut c: Vec<char> = s.chars().collect();
        c.sort_unstable();
        c
    };
    a != b && sorted(a) == sorted(b)
}
