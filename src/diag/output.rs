//! Printing findings: like rustc for people, JSON for scripts, annotations for
//! GitHub Actions.

use super::findings::{Finding, Report, Severity};
use crate::diag::escape::{printable, printable_line};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// How findings are printed (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
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

fn human(report: &Report, root: &Path, color: bool) -> String {
    let mut out = String::new();
    let mut sources: BTreeMap<&str, Option<Source>> = BTreeMap::new();
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
            let line_no = f.line.unwrap_or(0);
            let width = line_no.to_string().len();
            let _ = writeln!(
                out,
                "{}{} {place}",
                " ".repeat(width),
                paint(color, "1;34", "-->")
            );
            // Read a file only to quote a line of it: a finding about a whole
            // file (an evidence file, a missing sign-off) never loads it.
            let text = match f.line {
                Some(_) => sources
                    .entry(file.as_str())
                    .or_insert_with(|| source_text(root, file))
                    .as_ref(),
                None => None,
            };
            if let (Some(l), Some(text)) = (f.line, text)
                && let Some(src) = text.line(l)
            {
                let src = src.trim_end_matches('\r').trim_start_matches('\u{feff}');
                let cut: String = src.chars().take(200).collect();
                let shown = printable_line(&cut);
                let bar = paint(color, "1;34", "|");
                let _ = writeln!(out, "{} {bar}", " ".repeat(width));
                let _ = writeln!(
                    out,
                    "{} {bar} {shown}",
                    paint(color, "1;34", &l.to_string())
                );
                let caret_at = f.column.unwrap_or(1).saturating_sub(1) as usize;
                let pad: String = shown
                    .chars()
                    .take(caret_at)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(
                    out,
                    "{} {bar} {pad}{}",
                    " ".repeat(width),
                    paint(color, col, "^")
                );
            }
            if let Some(h) = &f.help {
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
}
