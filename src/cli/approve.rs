//! `minutebook approve FILE --by PERSON [--date D]`: record a sign-off.

use super::Env;
use clap::Args;
use minutebook::Date;
use minutebook::authoring::approve;
use minutebook::fsx::hash::sha256_bytes;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `approve`.
#[derive(Args)]
pub(super) struct ApproveArgs {
    /// The document to approve (`content/reviews/2025-q1.md`).
    file: PathBuf,
    /// Who approves (a person id from people.yaml).
    #[arg(long, value_name = "PERSON")]
    by: String,
    /// The date of approval (default: the as-of date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    date: Option<Date>,
}

/// Runs `approve`.
pub(super) fn run(env: &Env, args: &ApproveArgs) -> ExitCode {
    let (site, _) = minutebook::load::load(&env.root, env.hashing(false));
    let given = args.file.to_string_lossy().replace('\\', "/");
    let root_rel = given.trim_start_matches("./").to_string();
    // Accept a path relative to the site root, to content/, or to the current folder.
    let candidates = [
        root_rel.clone(),
        format!("content/{root_rel}"),
        std::fs::canonicalize(&args.file)
            .ok()
            .zip(std::fs::canonicalize(&env.root).ok())
            .and_then(|(f, r)| {
                f.strip_prefix(r)
                    .ok()
                    .map(minutebook::fsx::walk::rel_string)
            })
            .unwrap_or_default(),
    ];
    let Some(doc) = candidates
        .iter()
        .find_map(|c| site.documents.iter().find(|d| &d.path == c))
    else {
        // Say why a file that is there did not load when it may not be read
        // at all (a FIFO, a device, a link leading outside the site): the
        // approval would otherwise vouch for bytes minutebook never checked.
        if let Some(why) = unreadable(env, &args.file, &root_rel) {
            return super::fail(format!("cannot approve {}: {why}", args.file.display()));
        }
        eprintln!(
            "error: {} is not a review or record of this site (documents live in content/reviews/ and content/records/ and must load without errors)",
            args.file.display()
        );
        return ExitCode::from(1);
    };
    let Some(person) = site.person(&args.by) else {
        let hint = minutebook::suggest::did_you_mean(
            &args.by,
            site.people.values().map(|p| p.id.as_str()),
        );
        eprintln!("error: unknown person `{}`{hint}", args.by);
        return ExitCode::from(1);
    };
    if !minutebook::derive::signoffs::may_sign(&site, Some(doc), &person.id) {
        eprintln!(
            "error: {} ({}) may not sign off {}: only its chair, top management or a person listed under `signers:` in minutebook.yaml may",
            person.id, person.name, doc.id.value
        );
        return ExitCode::from(1);
    }
    let date = args.date.unwrap_or(env.as_of);
    // Read again as the load did (bounded, a regular file inside the site):
    // the file may have been swapped for a FIFO or a link since.
    let bytes = match minutebook::fsx::read::read_in_site(&env.root, &doc.path) {
        Ok(b) => b,
        Err(e) => return super::fail(format!("cannot read {}: {e}", doc.path)),
    };
    let sha = sha256_bytes(&bytes);
    let rel = doc.path.strip_prefix("content/").unwrap_or(&doc.path);
    if let Err(e) = approve::append_entry(&env.root, rel, &person.id, date, &sha) {
        return super::fail(format!("cannot record the sign-off: {e}"));
    }
    env.say(&format!(
        "approved {rel} by {} on {date} (sha256 {sha})",
        person.id
    ));
    ExitCode::SUCCESS
}

/// Why the file given to `approve` may not be read as a site file, when it
/// exists (relative to the site root, to `content/`, or to the current
/// folder) and may not: None when it is absent or readable.
fn unreadable(env: &Env, given: &Path, root_rel: &str) -> Option<String> {
    let absolute = std::env::current_dir().ok().map(|cwd| cwd.join(given));
    let paths = [
        Some(env.root.join(root_rel)),
        Some(env.root.join("content").join(root_rel)),
        absolute,
    ];
    let existing = paths
        .into_iter()
        .flatten()
        .find(|p| std::fs::symlink_metadata(p).is_ok())?;
    // The checks of `read_in_site`, on a path that need not be UTF-8.
    let real = match std::fs::canonicalize(&existing) {
        Ok(real) => real,
        Err(e) => return Some(e.to_string()),
    };
    let base = std::fs::canonicalize(&env.root).ok()?;
    if !real.starts_with(&base) {
        return Some(
            "it is outside the site folder or a symbolic link leading outside it; it was not read"
                .into(),
        );
    }
    minutebook::fsx::read::read_bounded(&real).err()
}
