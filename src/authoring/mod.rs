//! Authoring: the files minutebook writes for people to edit — the starter
//! site of `init` ([`init`]), the minutes template of `new review`
//! ([`new_review`]) — and the action register as the terminal shows it
//! ([`actions_table`]).
//!
//! Everything here is a pure function from the loaded site (or the options of
//! `init`) to text; the command line decides where it goes and refuses to
//! overwrite anything.

pub mod actions_table;
pub(crate) mod agenda;
pub mod approve;
pub mod init;
pub mod lock;
pub mod new_review;

/// Writes a YAML scalar so that the loader (and any other YAML tool) reads
/// back exactly `s`: plain when that is unambiguous (`A-2025-01`,
/// `evidence/2025/x.pdf`, `Enforce MFA for contractors`), double-quoted with
/// escapes otherwise. One writer for everything minutebook writes into YAML
/// (new reviews, `init`, approvals), so they quote alike.
pub(crate) fn yaml_scalar(s: &str) -> String {
    if is_plain_safe(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `s` may be written as a plain YAML scalar, in block and in flow
/// context alike, and still read back as the same text.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !first.is_alphanumeric() || s.ends_with(' ') {
        return false;
    }
    if s.contains("  ") {
        return false;
    }
    // Words YAML 1.1 readers take for booleans or null: quote them so that any
    // tool reading the file sees text.
    const RESERVED: &[&str] = &["true", "false", "yes", "no", "on", "off", "null", "y", "n"];
    if RESERVED.contains(&s.to_ascii_lowercase().as_str()) {
        return false;
    }
    // Numbers (`2025`, `1e3`, `2025-03`) would be read back as numbers or
    // dates by other tools.
    if s.parse::<f64>().is_ok() || s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return false;
    }
    s.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '.' | '-' | '_' | '/' | '(' | ')' | '\'' | '%' | '+'
            )
    })
}

/// Text for a YAML comment: one line, no control characters.
pub(crate) fn comment_text(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The file name of a review: `<date>-<id lower-cased>.md`.
pub(crate) fn review_file_name(date: crate::date::Date, id: &str) -> String {
    format!("{date}-{}.md", crate::model::page_slug(id))
}

/// The default id of a scheduled review held on `date`: `MR-YYYY-MM`.
pub(crate) fn default_review_id(date: crate::date::Date) -> String {
    let (y, m, _) = date.ymd();
    format!("MR-{y:04}-{m:02}")
}

/// The English name of a month (1–12), for titles.
pub(crate) fn month_name(month: u32) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES
        .get(month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("A-2025-01"), "A-2025-01");
        assert_eq!(yaml_scalar("evidence/2025/x.pdf"), "evidence/2025/x.pdf");
        assert_eq!(
            yaml_scalar("Enforce MFA for contractors"),
            "Enforce MFA for contractors"
        );
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("soc2:CC4.1"), "\"soc2:CC4.1\"");
        assert_eq!(yaml_scalar("x #y"), "\"x #y\"");
        assert_eq!(yaml_scalar("[x]"), "\"[x]\"");
        assert_eq!(yaml_scalar(""), "\"\"");
        assert_eq!(yaml_scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn names() {
        let d = crate::date::Date::parse("2026-01-20").unwrap();
        assert_eq!(default_review_id(d), "MR-2026-01");
        assert_eq!(
            review_file_name(d, "MR-2026-01"),
            "2026-01-20-mr-2026-01.md"
        );
        assert_eq!(month_name(1), "January");
    }
}
