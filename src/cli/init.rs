//! `minutebook init [DIR]`: a new site that passes `check` the day it is made.

use super::{Common, fail};
use clap::Args;
use minutebook::Date;
use minutebook::authoring::init::{GITIGNORE_LINES, InitOptions, StarterFile, starter_site};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `init`.
#[derive(Args)]
pub(super) struct InitArgs {
    /// Folder of the new site (default: --root, else the current folder); created when missing.
    dir: Option<PathBuf>,
    /// The organisation's name, for the site title and the bundle name.
    #[arg(long, value_name = "NAME")]
    organisation: Option<String>,
    /// A framework (catalog id) of the site; repeat for several (default: iso27001-2022).
    #[arg(long = "framework", value_name = "ID")]
    frameworks: Vec<String>,
}

/// Files kept when they already exist (a repository's own README), or
/// completed (`.gitignore`) rather than refused.
const KEEP_EXISTING: &[&str] = &["README.md", ".gitignore"];

/// Runs `init`. The date of the example review is the as-of date.
pub(super) fn run(common: &Common, as_of: Date, args: &InitArgs) -> ExitCode {
    let dir = args
        .dir
        .clone()
        .or_else(|| common.root.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    if dir.exists() && !dir.is_dir() {
        return fail(format!("{} exists and is not a folder", dir.display()));
    }
    for existing in ["minutebook.yaml", "content"] {
        if fs::symlink_metadata(dir.join(existing)).is_ok() {
            return fail(format!(
                "{} already has a site ({} exists); nothing was written",
                dir.display(),
                dir.join(existing).display()
            ));
        }
    }
    let files = match starter_site(&InitOptions {
        date: as_of,
        organisation: args.organisation.clone().unwrap_or_default(),
        frameworks: args.frameworks.clone(),
    }) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    for f in &files {
        if !KEEP_EXISTING.contains(&f.path.as_str())
            && fs::symlink_metadata(dir.join(&f.path)).is_ok()
        {
            return fail(format!(
                "{} already exists; nothing was written",
                dir.join(&f.path).display()
            ));
        }
    }
    let mut created: Vec<PathBuf> = Vec::new();
    let made_dir = !dir.exists();
    let written = match write_all(&dir, &files, &mut created) {
        Ok(w) => w,
        Err(e) => {
            // Leave the folder as it was.
            for p in created.iter().rev() {
                let _ = fs::remove_file(p);
            }
            for sub in ["content", ".minutebook"] {
                remove_empty_tree(&dir.join(sub));
            }
            if made_dir {
                let _ = fs::remove_dir(&dir);
            }
            return fail(format!("cannot create the site in {}: {e}", dir.display()));
        }
    };
    if !common.quiet {
        println!("created a minutebook site in {}", dir.display());
        for (f, note) in written {
            println!("  {f}{note}");
        }
        let review = files
            .iter()
            .find(|f| f.path.starts_with("content/reviews/"))
            .map_or("", |f| f.path.as_str());
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", dir.display())
        };
        // The two commands' comments line up whatever the folder's name.
        let check = format!("{cd}minutebook check");
        let serve = "minutebook serve";
        let width = check.len().max(serve.len()) + 2;
        println!(
            "\nnext:\n  {check:<width$}# passes as of {as_of}\n  \
             {serve:<width$}# preview at http://127.0.0.1:1111/\n  \
             edit content/people.yaml and {review}, or start afresh with `minutebook new review`"
        );
    }
    ExitCode::SUCCESS
}

/// Writes the files; returns each path with a note on what happened to it.
fn write_all(
    dir: &Path,
    files: &[StarterFile],
    created: &mut Vec<PathBuf>,
) -> std::io::Result<Vec<(String, String)>> {
    fs::create_dir_all(dir)?;
    // The evidence folder exists even when the sample file is removed later.
    fs::create_dir_all(dir.join("content/evidence"))?;
    let mut out = Vec::new();
    for f in files {
        let path = dir.join(&f.path);
        if f.path == "README.md" && path.exists() {
            out.push((f.path.clone(), " (kept the existing file)".into()));
            continue;
        }
        if f.path == ".gitignore" && path.exists() {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let missing: Vec<&str> = GITIGNORE_LINES
                .iter()
                .copied()
                .filter(|l| {
                    !text
                        .lines()
                        .any(|x| x.trim() == *l || x.trim() == l.trim_start_matches('/'))
                })
                .collect();
            if !missing.is_empty() {
                let mut file = fs::OpenOptions::new().append(true).open(&path)?;
                let sep = if text.is_empty() || text.ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                writeln!(file, "{sep}{}", missing.join("\n"))?;
                out.push((f.path.clone(), " (added minutebook's lines)".into()));
            } else {
                out.push((f.path.clone(), " (already complete)".into()));
            }
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        created.push(path);
        file.write_all(&f.bytes)?;
        out.push((f.path.clone(), String::new()));
    }
    Ok(out)
}

/// Removes a folder tree holding only empty folders (after a failed init).
fn remove_empty_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                remove_empty_tree(&e.path());
            }
        }
    }
    let _ = fs::remove_dir(dir);
}
