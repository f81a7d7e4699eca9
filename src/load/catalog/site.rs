//! A site's own catalogs, `catalogs/*.yaml`: read in name order, each file
//! checked to stay inside the site folder (a link out of it is refused), every
//! problem a finding.

use super::parse;
use crate::diag::findings::{Code, Finding, Span};
use crate::model::catalog::Catalog;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// Largest catalog file read; far above any real catalog.
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The catalogs of `root/catalogs/`, in file name order. A second file with
/// an id already read is MB005 and left out.
pub(super) fn read(root: &Path, findings: &mut Vec<Finding>) -> Vec<Catalog> {
    let dir = root.join("catalogs");
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            findings.push(Finding::new(
                Code::MB004,
                Some("catalogs"),
                Span::NONE,
                format!("cannot read the catalogs folder: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let lower = name.to_ascii_lowercase();
            let yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
            (yaml && !name.starts_with('.')).then(|| (name, e.path()))
        })
        .collect();
    files.sort();

    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut out: Vec<(Catalog, String)> = Vec::new();
    for (name, path) in files {
        let label = format!("catalogs/{name}");
        let Some(text) = read_text(&root, &path, &label, findings) else {
            continue;
        };
        let Some(catalog) = parse::catalog(&text, &label, findings) else {
            continue;
        };
        if let Some((_, first)) = out
            .iter()
            .find(|(c, _)| c.id.eq_ignore_ascii_case(&catalog.id))
        {
            findings.push(Finding::new(
                Code::MB005,
                Some(&label),
                Span::NONE,
                format!(
                    "catalog id {} is already defined by {first}; this file is not used",
                    catalog.id
                ),
            ));
            continue;
        }
        out.push((catalog, label));
    }
    out.into_iter().map(|(c, _)| c).collect()
}

/// The text of one catalog file, or a finding: outside the site (MB004), not
/// a file or unreadable (MB004), not UTF-8 (MB006).
fn read_text(root: &Path, path: &Path, label: &str, findings: &mut Vec<Finding>) -> Option<String> {
    let mut refuse = |code: Code, span: Span, message: String| -> Option<String> {
        findings.push(Finding::new(code, Some(label), span, message));
        None
    };
    let real = match fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) => return refuse(Code::MB004, Span::NONE, format!("cannot read {label}: {e}")),
    };
    if !real.starts_with(root) {
        return refuse(
            Code::MB004,
            Span::NONE,
            format!("{label} leads outside the site folder; it was not read"),
        );
    }
    match fs::metadata(&real) {
        Ok(m) if !m.is_file() => {
            return refuse(Code::MB004, Span::NONE, format!("{label} is not a file"));
        }
        Ok(m) if m.len() > MAX_BYTES => {
            return refuse(
                Code::MB004,
                Span::NONE,
                format!("{label} is larger than {MAX_BYTES} bytes; it was not read"),
            );
        }
        Ok(_) => {}
        Err(e) => return refuse(Code::MB004, Span::NONE, format!("cannot read {label}: {e}")),
    }
    let bytes = match fs::read(&real) {
        Ok(bytes) => bytes,
        Err(e) => return refuse(Code::MB004, Span::NONE, format!("cannot read {label}: {e}")),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid = e.as_bytes().get(..e.utf8_error().valid_up_to());
            let good = valid
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            refuse(
                Code::MB006,
                Span::at(
                    u32::try_from(line).unwrap_or(u32::MAX),
                    u32::try_from(column).unwrap_or(u32::MAX),
                ),
                format!("{label} is not UTF-8 text"),
            )
        }
    }
}
