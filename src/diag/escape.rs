//! Control characters in text that came from input (a file name, a line of
//! `evidence.lock`, a quoted source line) printed raw on a terminal can move
//! the cursor, rewrite earlier lines or set the window title: a hostile file
//! name could hide a finding. Everything printed for people goes through here.

use std::borrow::Cow;

/// `text` with every control character escaped (`\n`, `\u{1b}`), so it prints
/// on one line and changes nothing on the terminal; borrowed when clean.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    printable_keeping(text, |_| false)
}

/// [`printable`] keeping tabs: a quoted source line keeps its tabs so the
/// caret under it lines up.
pub(crate) fn printable_line(text: &str) -> Cow<'_, str> {
    printable_keeping(text, |c| c == '\t')
}

fn printable_keeping(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && !keep(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_borrows_clean_text() {
        assert!(matches!(printable("evidence/a.pdf"), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}[2Jb\nc\r"), "a\\u{1b}[2Jb\\nc\\r");
        assert_eq!(printable("\u{9b}x"), "\\u{9b}x");
        assert_eq!(printable("tab\there"), "tab\\there");
        assert_eq!(printable_line("tab\there\u{7}"), "tab\there\\u{7}");
    }
}
