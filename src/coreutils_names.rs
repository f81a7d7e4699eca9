//! GNU coreutils' `sha256sum` list format, read and written in one place:
//! `evidence.lock` and `SHA256SUMS` are both read and written in exactly the
//! format `sha256sum -c` checks, so they share one line writer and one line
//! reader (each file adds only its own rules on top: which names it may
//! list, whether a comment is kept).
//!
//! A file name holding `\`, a line feed or a carriage return is written the
//! coreutils way: the line starts with `\` and the name is escaped. The same
//! escapes, plus `\t`, serve the hash cache's tab-separated lines.
//!
//! Reading accepts whatever `sha256sum` writes or `sha256sum -c` reads back:
//! text (`  `) and binary (` *`) separators, the `--tag` form
//! (`SHA256 (name) = hex`), upper-case hex, CRLF line ends, a UTF-8 BOM,
//! leading blanks, blank lines and `#` comment lines (the caller decides
//! whether a comment may stay). A bad line is reported with its number and
//! what is wrong (untrusted text quoted short and escaped), never dropped
//! silently, and a name listed twice is reported too, so a tampered list
//! cannot hide a file by listing it again.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// The characters coreutils escapes in a name, and the letter after `\`.
const NAME_ESCAPES: &[(char, char)] = &[('\\', '\\'), ('\n', 'n'), ('\r', 'r')];

/// [`NAME_ESCAPES`] and the tab, for a field of a tab-separated line.
const FIELD_ESCAPES: &[(char, char)] = &[('\\', '\\'), ('\t', 't'), ('\n', 'n'), ('\r', 'r')];

/// Whether coreutils would escape this name (and start its line with `\`).
pub(crate) fn needs_escape(name: &str) -> bool {
    name.contains(['\\', '\n', '\r'])
}

/// coreutils' escaping of a file name: `\` -> `\\`, LF -> `\n`, CR -> `\r`.
pub(crate) fn escape(name: &str) -> String {
    escape_with(name, NAME_ESCAPES)
}

/// The inverse of [`escape`]; None for an unknown or dangling escape (as
/// `sha256sum -c` refuses them).
pub(crate) fn unescape(name: &str) -> Option<String> {
    unescape_with(name, NAME_ESCAPES)
}

/// [`escape`] that also spells a tab `\t`, so the text can be one field of
/// a tab-separated line (the hash cache's).
pub(crate) fn escape_field(text: &str) -> String {
    escape_with(text, FIELD_ESCAPES)
}

/// The inverse of [`escape_field`]; None for an unknown or dangling escape.
pub(crate) fn unescape_field(text: &str) -> Option<String> {
    unescape_with(text, FIELD_ESCAPES)
}

fn escape_with(text: &str, table: &[(char, char)]) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match table.iter().find(|(raw, _)| *raw == c) {
            Some((_, letter)) => {
                out.push('\\');
                out.push(*letter);
            }
            None => out.push(c),
        }
    }
    out
}

fn unescape_with(text: &str, table: &[(char, char)]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let letter = chars.next()?;
        let (raw, _) = table.iter().find(|(_, l)| *l == letter)?;
        out.push(*raw);
    }
    Some(out)
}

/// Renders `entries` (site-relative path with `/` separators -> hex digest)
/// as a `SHA256SUMS` file that `sha256sum -c` accepts, byte for byte what
/// coreutils would write, so a site can be checked without minutebook.
///
/// Entries come out sorted by path in byte order (the map's order); digests
/// are written in lower case whatever case they were given in.
pub fn write_list(entries: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(entries.len() * 100);
    for (path, hex) in entries {
        push_line(&mut out, path, hex);
    }
    out
}

/// Appends the `sha256sum` line for `name` (`<hex>  <name>`, LF end, hex in
/// lower case), escaped as coreutils escapes it, so `sha256sum -c` reads
/// back exactly this name.
pub(crate) fn push_line(out: &mut String, name: &str, hex: &str) {
    let escaped = needs_escape(name);
    if escaped {
        out.push('\\');
    }
    out.extend(hex.chars().map(|c| c.to_ascii_lowercase()));
    out.push_str("  ");
    if escaped {
        out.push_str(&escape(name));
    } else {
        out.push_str(name);
    }
    out.push('\n');
}

/// What one line of a `sha256sum` list holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// Empty or only blanks: skipped.
    Blank,
    /// Starts with `#`: `sha256sum -c` skips it; a caller may refuse it.
    Comment,
    /// A listed file: its (unescaped) name and its digest in lower case.
    Digest {
        /// The file name as listed, unescaped.
        name: String,
        /// 64 lowercase hexadecimal digits.
        hex: String,
    },
}

/// Reads one line of a `sha256sum` list (without its `\n`; a final `\r` is
/// dropped) as `sha256sum -c` reads it, or says what is wrong with it.
pub(crate) fn parse_line(line: &str) -> Result<Line, String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    // Like coreutils: a comment starts in the first column; blanks before
    // the digest are skipped.
    if line.starts_with('#') {
        return Ok(Line::Comment);
    }
    let body = line.trim_start_matches([' ', '\t']);
    if body.trim_end_matches([' ', '\t']).is_empty() {
        return Ok(Line::Blank);
    }
    let (escaped, rest) = match body.strip_prefix('\\') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let (hex, name) = split_gnu(rest).or_else(|| split_tag(rest)).ok_or_else(|| {
        format!(
            "expected `<64 hex digits>  <path>` (sha256sum format), found `{}`",
            shorten(line)
        )
    })?;
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "`{}` is not a SHA-256 digest (64 hexadecimal digits)",
            shorten(hex)
        ));
    }
    let name = if escaped {
        unescape(name).ok_or_else(|| format!("`{}` has an invalid `\\` escape", shorten(name)))?
    } else {
        name.to_string()
    };
    if name.is_empty() {
        return Err("the file name is empty".to_string());
    }
    Ok(Line::Digest {
        name,
        hex: hex.to_ascii_lowercase(),
    })
}

/// `<hex>  <name>` (text mode) or `<hex> *<name>` (binary mode); a first
/// field that is not a word is not this form.
fn split_gnu(rest: &str) -> Option<(&str, &str)> {
    let (hex, tail) = rest.split_once(' ')?;
    let name = tail.strip_prefix(' ').or_else(|| tail.strip_prefix('*'))?;
    (!hex.is_empty() && !name.is_empty() && hex.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some((hex, name))
}

/// `SHA256 (<name>) = <hex>`, what `sha256sum --tag` writes.
fn split_tag(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_prefix("SHA256 (")?;
    let (name, hex) = inner.rsplit_once(") = ")?;
    Some((hex, name))
}

/// A bounded, printable excerpt of untrusted text for a message.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if text.chars().nth(80).is_some() {
        out.push('…');
    }
    out.escape_debug().to_string()
}

/// What a caller does with a `#` comment line.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Comments<'a> {
    /// Skip it, as `sha256sum -c` does.
    Skip,
    /// Report it with this message (a file minutebook rewrites from its
    /// entries would silently drop it).
    Refuse(&'a str),
}

/// Reads a whole `sha256sum` list: name -> lowercase hex, plus every line
/// that could not be read, is refused by `check_name` or repeats a name, as
/// (1-based line number, what is wrong). The first listing of a name is
/// kept; a bad line is skipped so the rest still counts.
pub(crate) fn parse_list(
    text: &str,
    comments: Comments<'_>,
    check_name: impl Fn(&str) -> Result<(), String>,
) -> (BTreeMap<String, String>, Vec<(u32, String)>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = BTreeMap::new();
    let mut problems = Vec::new();
    let mut first_seen: BTreeMap<String, u32> = BTreeMap::new();
    for (i, raw) in text.split('\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (name, hex) = match parse_line(raw) {
            Ok(Line::Blank) => continue,
            Ok(Line::Comment) => {
                if let Comments::Refuse(why) = comments {
                    problems.push((number, why.to_string()));
                }
                continue;
            }
            Ok(Line::Digest { name, hex }) => match check_name(&name) {
                Ok(()) => (name, hex),
                Err(problem) => {
                    problems.push((number, problem));
                    continue;
                }
            },
            Err(problem) => {
                problems.push((number, problem));
                continue;
            }
        };
        match entries.entry(name.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(hex);
                first_seen.insert(name, number);
            }
            Entry::Occupied(_) => {
                let first = first_seen.get(&name).copied().unwrap_or(0);
                problems.push((
                    number,
                    format!(
                        "`{}` is listed twice (first on line {first})",
                        name.escape_debug()
                    ),
                ));
            }
        }
    }
    (entries, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn round_trips_and_refuses_unknown_escapes() {
        for s in ["plain", "a\\b", "line\nbreak", "cr\rx"] {
            assert_eq!(unescape(&escape(s)).as_deref(), Some(s));
            assert_eq!(needs_escape(s), s != "plain");
        }
        assert_eq!(unescape("bad\\t"), None);
        assert_eq!(unescape("dangling\\"), None);
    }

    #[test]
    fn fields_escape_tabs_too() {
        for s in ["plain", "a\\b", "tab\there", "new\nline\r", "\\t"] {
            assert_eq!(unescape_field(&escape_field(s)).as_deref(), Some(s));
        }
        assert_eq!(escape_field("a\tb"), "a\\tb");
        assert_eq!(escape("a\tb"), "a\tb");
        assert_eq!(unescape_field("bad\\q"), None);
        assert_eq!(unescape_field("trailing\\"), None);
    }

    #[test]
    fn lines_written_are_read_back() {
        for name in ["plain", "a b/c", "back\\slash", "new\nline", "c\rr"] {
            let mut out = String::new();
            push_line(&mut out, name, &A.to_uppercase());
            assert_eq!(out.starts_with('\\'), needs_escape(name), "{out:?}");
            let line = out.strip_suffix('\n').unwrap();
            assert_eq!(
                parse_line(line),
                Ok(Line::Digest {
                    name: name.to_string(),
                    hex: A.to_string()
                })
            );
        }
    }

    /// One row per line form: what `parse_line` makes of it.
    #[test]
    fn each_line_form() {
        let digest = |name: &str| {
            Ok(Line::Digest {
                name: name.to_string(),
                hex: A.to_string(),
            })
        };
        let rows: Vec<(String, Result<Line, String>)> = vec![
            (String::new(), Ok(Line::Blank)),
            (" \t \r".into(), Ok(Line::Blank)),
            ("# note".into(), Ok(Line::Comment)),
            (format!("{A}  a"), digest("a")),
            (format!("{A} *a"), digest("a")),
            (format!("{}  a\r", A.to_uppercase()), digest("a")),
            (format!("  \t{A}  a"), digest("a")),
            (format!("SHA256 (t (3)) = {A}"), digest("t (3)")),
            (format!("\\SHA256 (a\\nb) = {A}"), digest("a\nb")),
            (format!("{A}  a\\nb"), digest("a\\nb")),
        ];
        for (line, want) in rows {
            assert_eq!(parse_line(&line), want, "{line:?}");
        }
        let refused = [
            ("garbage".to_string(), "sha256sum format"),
            (format!("{A} one-space"), "sha256sum format"),
            (format!("{A}  "), "sha256sum format"),
            (format!("{}  short", &A[..40]), "not a SHA-256 digest"),
            (format!("{}g  x", &A[..63]), "not a SHA-256 digest"),
            (format!("\\{A}  bad\\q"), "invalid `\\` escape"),
            (format!("SHA256 () = {A}"), "file name is empty"),
            ("  # not a comment".to_string(), "sha256sum format"),
            (format!("x\u{1b}[2J{}", "y".repeat(200)), "\\u{1b}[2J"),
        ];
        for (line, why) in refused {
            let got = parse_line(&line);
            assert!(
                matches!(&got, Err(e) if e.contains(why) && e.len() < 200),
                "{line:?}: {got:?}"
            );
        }
    }

    #[test]
    fn lists_report_bad_lines_duplicates_and_refused_names() {
        let text = format!("\u{feff}{A}  ok\n# note\n\n{A}  ok\n{A}  /etc/x\nnot a line\n");
        let only_plain = |name: &str| {
            if name.starts_with('/') {
                Err(format!("`{name}` is absolute"))
            } else {
                Ok(())
            }
        };
        let (entries, problems) = parse_list(&text, Comments::Skip, only_plain);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries["ok"], A);
        let lines: Vec<u32> = problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![4, 5, 6], "{problems:?}");
        assert!(problems[0].1.contains("twice (first on line 1)"));
        assert!(problems[1].1.contains("absolute"));
        let (_, problems) = parse_list(&text, Comments::Refuse("no comments"), only_plain);
        assert_eq!(problems[0], (2, "no comments".to_string()));
    }
}
