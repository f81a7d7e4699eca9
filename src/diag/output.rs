//! Printing findings: like rustc for people, JSON for scripts, annotations for
//! GitHub Actions.

use super::findings::{Finding, Report, Severity};
use crate::diag::escape::{printable, printable_line};
use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// How findings are printed (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style, with the finding's line and its neighbours and a caret.
    Human,
    /// The JSON object of the format.
    Json,
    /// `::error file=…,line=…::…` annotations.
    Github,
}

/// Renders a report. `sources` maps file paths to their text, for quoting lines.
pub fn render(report: &Report, format: Format, root: &Path, color: bool) -> String {
    match format {
        Format::Json => report.to_json(),
        Format::Github => report.findings.iter().map(github).collect(),
        Format::Human => human(report, root, color),
    }
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The excerpt's renderer: rustc's own (annotate-snippets), so tabs and wide
/// characters line the caret up, in the colours of the rest of the output
/// when `color` and in none otherwise.
fn renderer(color: bool) -> Renderer {
    if !color {
        return Renderer::plain();
    }
    let bold = |c: AnsiColor| -> Style { c.on_default().effects(Effects::BOLD) };
    Renderer::styled()
        .error(bold(AnsiColor::Red))
        .warning(bold(AnsiColor::Yellow))
        .line_num(bold(AnsiColor::Blue))
        .help(bold(AnsiColor::Cyan))
}

/// How many characters of a line are quoted: a line of a million characters
/// costs no more to quote than a short one (100,000 findings on one line).
const QUOTED_CHARS: usize = 200;

/// The lines quoted for a finding: the one before, the finding's own and the
/// one after, where they exist, as rustc quotes them. Each is cut to
/// [`QUOTED_CHARS`] and has its control characters escaped before the
/// renderer sees it: annotate-snippets shows C0 controls as symbols but
/// passes C1 ones (`\u{9b}`, a terminal's CSI) through raw.
struct Excerpt {
    /// The escaped lines, joined by `\n`.
    text: String,
    /// The number of the first line quoted.
    first: u32,
    /// The number of the last line quoted.
    last: u32,
    /// Byte offset in `text` of the character the finding's column names
    /// (the end of its line when the column is past it).
    caret: usize,
}

impl Excerpt {
    fn new(source: &Source, line: u32, column: Option<u32>) -> Option<Excerpt> {
        let quoted = |n: u32| {
            source.line(n).map(|s| {
                let s = s.trim_end_matches('\r').trim_start_matches('\u{feff}');
                match s.char_indices().nth(QUOTED_CHARS) {
                    Some((end, _)) => &s[..end],
                    None => s,
                }
            })
        };
        let at = quoted(line)?;
        let before = line.checked_sub(1).filter(|n| *n > 0).and_then(quoted);
        let after = (line < source.lines()).then(|| quoted(line + 1)).flatten();
        let mut text = String::new();
        let mut first = line;
        if let Some(b) = before {
            text.push_str(&printable_line(b));
            text.push('\n');
            first = line - 1;
        }
        let caret_char = column.unwrap_or(1).saturating_sub(1) as usize;
        let caret_byte = at
            .char_indices()
            .nth(caret_char)
            .map_or(at.len(), |(i, _)| i);
        let caret = text.len() + printable_line(&at[..caret_byte]).len();
        text.push_str(&printable_line(at));
        let mut last = line;
        if let Some(a) = after {
            text.push('\n');
            text.push_str(&printable_line(a));
            last = line + 1;
        }
        Some(Excerpt {
            text,
            first,
            last,
            caret,
        })
    }
}

fn human(report: &Report, root: &Path, color: bool) -> String {
    let mut out = String::new();
    let mut sources: BTreeMap<&str, Option<Source>> = BTreeMap::new();
    let renderer = renderer(color);
    for f in &report.findings {
        let (label, col) = match f.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}{} {}",
            paint(color, col, &format!("{label}[{}]", f.code)),
            paint(color, "1", ":"),
            paint(color, "1", &printable(&f.message))
        );
        if let Some(file) = &f.file {
            let file_shown = printable(file);
            let place = match (f.line, f.column) {
                (Some(l), Some(c)) => format!("{file_shown}:{l}:{c}"),
                (Some(l), None) => format!("{file_shown}:{l}"),
                _ => file_shown.to_string(),
            };
            // Read a file only to quote a line of it: a finding about a whole
            // file (an evidence file, a missing sign-off) never loads it.
            let excerpt = match f.line {
                Some(l) => sources
                    .entry(file.as_str())
                    .or_insert_with(|| source_text(root, file))
                    .as_ref()
                    .and_then(|text| Excerpt::new(text, l, f.column)),
                None => None,
            };
            // The place lines up with the widest line number quoted, as the
            // excerpt's gutter does.
            let last_line = excerpt.as_ref().map_or(f.line.unwrap_or(0), |e| e.last);
            let width = last_line.to_string().len();
            let _ = writeln!(
                out,
                "{}{} {place}",
                " ".repeat(width),
                paint(color, "1;34", "-->")
            );
            if let Some(e) = &excerpt {
                let level = match f.severity {
                    Severity::Error => Level::ERROR,
                    Severity::Warning => Level::WARNING,
                };
                let mut group = Group::with_level(level).element(
                    Snippet::source(e.text.as_str())
                        .line_start(e.first as usize)
                        .fold(false)
                        .annotation(AnnotationKind::Primary.span(e.caret..e.caret)),
                );
                if let Some(h) = &f.help {
                    group = group.element(Level::HELP.message(printable(h)));
                }
                out.push_str(&renderer.render(&[group]));
                out.push('\n');
            } else if let Some(h) = &f.help {
                let _ = writeln!(
                    out,
                    "{} {} {}",
                    " ".repeat(width),
                    paint(color, "1;36", "= help:"),
                    printable(h)
                );
            }
        } else if let Some(h) = &f.help {
            let _ = writeln!(
                out,
                "  {} {}",
                paint(color, "1;36", "= help:"),
                printable(h)
            );
        }
        out.push('\n');
    }
    let summary = format!(
        "{} error{}, {} warning{}",
        report.errors,
        if report.errors == 1 { "" } else { "s" },
        report.warnings,
        if report.warnings == 1 { "" } else { "s" }
    );
    if report.errors > 0 {
        let _ = writeln!(out, "{}: {summary}", paint(color, "1;31", "check failed"));
    } else {
        let _ = writeln!(out, "{}: {summary}", paint(color, "1;32", "check passed"));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(file) = &f.file {
        props.push(format!("file={}", escape_prop(file)));
    }
    if let Some(l) = f.line {
        props.push(format!("line={l}"));
    }
    if let Some(c) = f.column {
        props.push(format!("col={c}"));
    }
    props.push(format!("title={}", f.code));
    format!(
        "::{level} {}::{}\n",
        props.join(","),
        escape_data(&format!("{}: {}", f.code, f.message))
    )
}

/// A source file's text for quoting lines (lossy for non-UTF-8), read like
/// every site file: bounded in size, only a regular file, and only when its
/// real path is inside the site, so a finding never quotes a file that a
/// link leads to outside it (`content/signoffs.yaml` -> `~/.git-credentials`).
/// A file's text with where each line starts, so quoting a line costs the
/// same whatever its number and length (100,000 findings on one long line
/// of attendees were quadratic when each quote scanned the text again).
struct Source {
    text: String,
    starts: Vec<usize>,
}

impl Source {
    fn new(text: String) -> Source {
        // A line ends at `\n` or at a lone `\r`, as the loader reads it.
        let b = text.as_bytes();
        let starts = std::iter::once(0)
            .chain((0..b.len()).filter_map(|i| {
                let ends = b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'));
                ends.then_some(i + 1)
            }))
            .collect();
        Source { text, starts }
    }

    /// How many lines the text has: the empty "line" after a final line
    /// ending is not one.
    fn lines(&self) -> u32 {
        let n = self.starts.len();
        let phantom = self.starts.last() == Some(&self.text.len());
        u32::try_from(n - usize::from(phantom)).unwrap_or(u32::MAX)
    }

    /// Line `number` (1-based) without its line ending.
    fn line(&self, number: u32) -> Option<&str> {
        let i = (number as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |e| e - 1);
        // `\r\n` and a lone `\r` both leave a `\r` the caller trims.
        self.text.get(start..end)
    }
}

fn source_text(root: &Path, file: &str) -> Option<Source> {
    crate::fsx::read::read_in_site(root, file)
        .ok()
        .map(|b| Source::new(String::from_utf8_lossy(&b).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::findings::{Code, Span};

    #[cfg(unix)]
    #[test]
    fn never_quotes_a_file_a_link_leads_to_outside_the_site() {
        let base_tmp = tempfile::tempdir().unwrap();
        let base = base_tmp.path();
        let root = base.join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(base.join("credentials"), "TOP-SECRET-TOKEN\n").unwrap();
        std::fs::write(root.join("content/inside.yaml"), "inside: line\n").unwrap();
        std::os::unix::fs::symlink(base.join("credentials"), root.join("content/signoffs.yaml"))
            .unwrap();
        let at_line_1 = |file: &str| {
            Finding::new(
                Code::MB004,
                Some(file),
                Span::at(1, 1),
                format!("about {file}"),
            )
        };
        let report = Report::new(vec![
            at_line_1("content/signoffs.yaml"),
            at_line_1("../credentials"),
            at_line_1("content/inside.yaml"),
        ]);
        let text = render(&report, Format::Human, &root, false);
        assert!(!text.contains("TOP-SECRET"), "{text}");
        assert!(text.contains("content/signoffs.yaml:1:1"), "{text}");
        assert!(text.contains("1 | inside: line"), "{text}");
    }

    /// A site with one file, `content/a.yaml`, and the plain human output of
    /// one finding in it at `line`:`column`.
    fn human_at(text: &str, line: u32, column: u32) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.yaml"), text).unwrap();
        let f = Finding::new(
            Code::MB004,
            Some("content/a.yaml"),
            Span::at(line, column),
            "bad",
        );
        render(&Report::new(vec![f]), Format::Human, dir.path(), false)
    }

    #[test]
    fn quotes_the_line_before_and_after_with_the_caret_under_the_column() {
        let text = human_at("one: 1\ntwo: 2\nthree: 3\nfour: 4\n", 2, 6);
        let excerpt = " --> content/a.yaml:2:6\n\
                       \x20 |\n\
                       1 | one: 1\n\
                       2 | two: 2\n\
                       \x20 |      ^\n\
                       3 | three: 3\n";
        assert!(text.contains(excerpt), "{text}");
        assert!(!text.contains("four"), "{text}");
    }

    #[test]
    fn quotes_no_line_that_is_not_there() {
        // The first line has none before it, the last none after it (the
        // empty "line" after the final line ending is not one).
        let first = human_at("one: 1\ntwo: 2\n", 1, 1);
        assert!(
            first.contains("  |\n1 | one: 1\n  | ^\n2 | two: 2\n"),
            "{first}"
        );
        assert!(!first.contains("0 |"), "{first}");
        let last = human_at("one: 1\ntwo: 2\n", 2, 1);
        assert!(last.contains("1 | one: 1\n2 | two: 2\n  | ^\n\n"), "{last}");
        assert!(!last.contains("3 |"), "{last}");
    }

    #[test]
    fn the_caret_lines_up_after_a_tab_and_a_wide_character() {
        // A tab shows as four columns and 漢 as two: the caret stands under
        // the `x` in column 4 (tab, 漢, space, x), not three columns left.
        let text = human_at("a: 1\n\t漢 x: 2\nb: 3\n", 2, 4);
        let lines: Vec<&str> = text.lines().collect();
        let quoted = lines.iter().position(|l| l.starts_with("2 | ")).unwrap();
        assert_eq!(lines[quoted], "2 |     漢 x: 2", "{text}");
        assert_eq!(lines[quoted + 1], "  |        ^", "{text}");
        assert!(text.contains("content/a.yaml:2:4"), "{text}");
    }

    #[test]
    fn quoted_lines_put_no_control_character_on_the_terminal() {
        // annotate-snippets passes C1 controls through (`\u{9b}` is CSI):
        // they are escaped before it sees them, and the caret still stands
        // under the column named.
        let text = human_at("a: \u{9b}2J\nb: \u{1b}[31m x\nc: \u{7}\n", 2, 10);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("1 | a: \\u{9b}2J\n"), "{text}");
        assert!(
            text.contains("2 | b: \\u{1b}[31m x\n  |               ^\n"),
            "{text}"
        );
        assert!(text.contains("3 | c: \\u{7}\n"), "{text}");
        assert!(text.contains("content/a.yaml:2:10"), "{text}");
    }

    #[test]
    fn colour_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.yaml"), "a: 1\n").unwrap();
        let report = Report::new(vec![
            Finding::new(Code::MB004, Some("content/a.yaml"), Span::at(1, 1), "bad")
                .with_help("fix it"),
        ]);
        let plain = render(&report, Format::Human, dir.path(), false);
        assert!(!plain.contains('\u{1b}'), "{plain:?}");
        assert!(plain.contains("  |\n  = help: fix it\n"), "{plain}");
        let coloured = render(&report, Format::Human, dir.path(), true);
        assert!(coloured.contains("\u{1b}[1m\u{1b}[31m^"), "{coloured:?}");
    }
}
