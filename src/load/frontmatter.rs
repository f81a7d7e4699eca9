//! Splitting a Markdown file into its YAML frontmatter and its body.

use crate::diag::findings::Span;

/// A document split into frontmatter and body, with the file lines where each starts.
#[derive(Debug, PartialEq)]
pub(crate) struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// File line of the first YAML line.
    pub yaml_line: u32,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: u32,
}

/// Why a file has no usable frontmatter (MB001).
#[derive(Debug, PartialEq)]
pub(crate) struct SplitError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// Splits `---` fenced frontmatter from the body. The text must already have
/// its BOM removed; CRLF line ends are accepted.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = LineIter { text, pos: 0 };
    let first = lines.next();
    if first.map(|(_, l)| is_fence(l)) != Some(true) {
        return Err(SplitError {
            message: "the file does not start with a `---` line: minutes need YAML frontmatter between two `---` lines".into(),
            span: Span::at(1, 1),
        });
    }
    let yaml_start = lines.pos;
    let mut line_no = 1u32;
    for (start, line) in lines.by_ref() {
        line_no += 1;
        if is_fence(line) || line.trim_end() == "..." {
            let body_start = lines.pos;
            return Ok(Split {
                yaml: &text[yaml_start..start],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
    }
    Err(SplitError {
        message: "the frontmatter is not closed: add a `---` line after the YAML".into(),
        span: Span::at(1, 1),
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    /// (byte offset of the line, the line without its line end)
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let s = split("---\nid: x\n---\n# Body\n").unwrap();
        assert_eq!((s.yaml, s.body, s.body_line), ("id: x\n", "# Body\n", 4));
        let s = split("---\r\nid: x\r\n---\r\nbody").unwrap();
        assert_eq!((s.yaml, s.body), ("id: x\r\n", "body"));
    }

    #[test]
    fn refuses_missing_or_unclosed_frontmatter() {
        assert!(split("").is_err());
        assert!(split("# Title\n").is_err());
        assert!(split("---\nid: x\n").is_err());
    }
}
