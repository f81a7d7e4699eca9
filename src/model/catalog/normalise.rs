//! Reading a reference as its writer meant it: `9.3.2 d) 1)`, `9.3.2(d)(1)`,
//! `9.3.2d1` and `9.3.2.d.1` are one item, and so are `A 5.17` and `a.5.17`.
//!
//! A reference is cut into tokens, the runs of digits and the runs of letters;
//! everything else (dots, spaces, brackets, dashes) only separates them. Two
//! references name the same item when their tokens are equal ignoring case, so
//! `9.10` is never `9.1` and a bare `5.1` is never `A.5.1`.

/// One token of a reference and whether a separator came before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The run of digits or letters, as written.
    pub text: &'a str,
    /// A run of digits.
    pub digits: bool,
    /// Something (a dot, a space, a bracket) separated it from the token before.
    pub spaced: bool,
}

/// The tokens of a reference, in order.
pub(crate) fn tokens(reference: &str) -> Tokens<'_> {
    Tokens { rest: reference }
}

/// Iterator over the [`Token`]s of a reference.
pub(crate) struct Tokens<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let start = self.rest.find(char::is_alphanumeric)?;
        let spaced = start > 0;
        let body = &self.rest[start..];
        let digits = body.starts_with(|c: char| c.is_ascii_digit());
        let end = body
            .find(|c: char| !c.is_alphanumeric() || c.is_ascii_digit() != digits)
            .unwrap_or(body.len());
        let (text, rest) = body.split_at(end);
        self.rest = rest;
        Some(Token {
            text,
            digits,
            spaced,
        })
    }
}

/// `article` and `art` are one word (`Article 21(2)(a)` is `Art.21.2.a`).
fn word(token: &str) -> &str {
    if token.eq_ignore_ascii_case("article") {
        "art"
    } else {
        token
    }
}

fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (word(a), word(b));
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Whether two references name the same item (same tokens, ignoring case).
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (tokens(a), tokens(b));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if same_token(p.text, q.text) => {}
            _ => return false,
        }
    }
}

/// The matching key of a reference: its tokens lower-cased, joined by dots
/// (`A 5.17` -> `a.5.17`, `CC4.1` -> `cc.4.1`). Used for distances.
pub(crate) fn key(reference: &str) -> String {
    let mut out = String::with_capacity(reference.len() + 4);
    for (i, t) in tokens(reference).enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.extend(word(t.text).chars().flat_map(char::to_lowercase));
    }
    out
}

/// The canonical spelling of a reference (`9.3.2 a)` -> `9.3.2.a`).
///
/// Digits and later letters are joined by dots, later letters in lower case
/// (`9.3.2(d)(1)` -> `9.3.2.d.1`); leading letters are upper case and keep
/// their attachment (`a 5.17` -> `A.5.17`, `cc4.1` -> `CC4.1`), `Art` always
/// takes a dot (`art 21(2)(a)` -> `Art.21.2.a`). A catalog prefix is kept in
/// lower case (`SOC2:cc4.1` -> `soc2:CC4.1`). Resolution against a catalog
/// ([`super::Catalogs::resolve`]) gives the item's own canonical id.
#[cfg(test)]
pub(crate) fn normalise(reference: &str) -> String {
    let reference = reference.trim();
    if let Some((prefix, item)) = reference.split_once(':') {
        let prefix = prefix.trim();
        if !prefix.is_empty() {
            return format!("{}:{}", prefix.to_lowercase(), normalise_item(item));
        }
    }
    normalise_item(reference)
}

#[cfg(test)]
fn normalise_item(reference: &str) -> String {
    let mut out = String::with_capacity(reference.len());
    let mut leading = true;
    let mut glue_next = false;
    for (i, t) in tokens(reference).enumerate() {
        if i > 0 && !glue_next && (t.spaced || !leading || !t.digits) {
            out.push('.');
        }
        glue_next = false;
        if t.digits {
            leading = false;
            out.push_str(t.text);
        } else if leading {
            if word(t.text).eq_ignore_ascii_case("art") {
                out.push_str("Art.");
                glue_next = true;
            } else {
                out.push_str(&t.text.to_uppercase());
            }
        } else {
            out.push_str(&t.text.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_spellings_of_the_spec() {
        let table = [
            ("9.3.2 a)", "9.3.2.a"),
            ("9.3.2(a)", "9.3.2.a"),
            ("9.3.2a", "9.3.2.a"),
            ("9.3.2.a", "9.3.2.a"),
            ("9.3.2 A)", "9.3.2.a"),
            ("9.3.2 d) 1)", "9.3.2.d.1"),
            ("9.3.2(d)(1)", "9.3.2.d.1"),
            ("9.3.2.d.1", "9.3.2.d.1"),
            ("9.3.2d1", "9.3.2.d.1"),
            ("A.5.17", "A.5.17"),
            ("a.5.17", "A.5.17"),
            ("A 5.17", "A.5.17"),
            ("CC4.1", "CC4.1"),
            ("cc4.1", "CC4.1"),
            ("Art. 21(2)(a)", "Art.21.2.a"),
            ("art 21(2)(a)", "Art.21.2.a"),
            ("Art.21.2.a", "Art.21.2.a"),
            ("Article 20(1)", "Art.20.1"),
            ("9.10", "9.10"),
            ("  5.1 ", "5.1"),
            ("SOC2:cc4.1", "soc2:CC4.1"),
            ("iso27001-2022: a 5.1", "iso27001-2022:A.5.1"),
            ("", ""),
            ("()", ""),
        ];
        for (written, canonical) in table {
            assert_eq!(normalise(written), canonical, "{written}");
        }
    }

    #[test]
    fn matches_by_tokens_ignoring_case() {
        assert!(same("9.3.2 d) 1)", "9.3.2.d.1"));
        assert!(same("Art. 21(2)(a)", "Art.21.2.a"));
        assert!(same("article 21 2 a", "Art.21.2.a"));
        assert!(same("cc4.1", "CC4.1"));
        assert!(!same("9.10", "9.1"));
        assert!(!same("5.1", "A.5.1"));
        assert!(!same("9.3.2", "9.3.2.a"));
        assert_eq!(key("A 5.17"), "a.5.17");
        assert_eq!(key("CC4.1"), "cc.4.1");
        assert_eq!(key("Article 21(2)"), "art.21.2");
    }
}
