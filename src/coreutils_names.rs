//! How GNU coreutils (`sha256sum`) writes a file name that holds `\`, a line
//! feed or a carriage return: the line starts with `\` and the name is
//! escaped. Shared by `evidence.lock` and `SHA256SUMS`, which are both read
//! and written in exactly the format `sha256sum -c` checks.

/// Whether coreutils would escape this name (and start its line with `\`).
pub fn needs_escape(name: &str) -> bool {
    name.contains(['\\', '\n', '\r'])
}

/// coreutils' escaping of a file name: `\` -> `\\`, LF -> `\n`, CR -> `\r`.
pub fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape`]; None for an unknown or dangling escape.
pub fn unescape(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_unknown_escapes() {
        for s in ["plain", "a\\b", "line\nbreak", "cr\rx"] {
            assert_eq!(unescape(&escape(s)).as_deref(), Some(s));
            assert_eq!(needs_escape(s), s != "plain");
        }
        assert_eq!(unescape("bad\\t"), None);
        assert_eq!(unescape("dangling\\"), None);
    }
}
