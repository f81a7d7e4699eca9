//! `minutebook new review [--date D] [--id ID]`: the next minutes file, its
//! agenda and the actions it must report filled in.

use super::Env;
use clap::{Args, Subcommand};
use minutebook::Date;
use minutebook::authoring::new_review;
use minutebook::diag::findings::{Code, Severity};
use minutebook::model::evidence::HashOptions;
use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `new`.
#[derive(Args)]
pub(super) struct NewArgs {
    #[command(subcommand)]
    what: NewWhat,
}

#[derive(Subcommand)]
enum NewWhat {
    /// A new scheduled management review in content/reviews/.
    Review(ReviewArgs),
}

#[derive(Args)]
struct ReviewArgs {
    /// The date of the review (default: the as-of date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    date: Option<Date>,
    /// The review id (default: MR-YYYY-MM of the date).
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// Print the file instead of writing it.
    #[arg(long)]
    dry_run: bool,
}

/// Runs `new`.
pub(super) fn run(env: &Env, args: &NewArgs) -> ExitCode {
    match &args.what {
        NewWhat::Review(a) => review(env, a),
    }
}

fn hashing() -> HashOptions {
    HashOptions {
        use_cache: true,
        progress: false,
    }
}

fn review(env: &Env, args: &ReviewArgs) -> ExitCode {
    let (site, findings) = minutebook::load::load(&env.root, hashing());
    let (date, date_note) = match args.date {
        Some(d) => (d, None),
        None => new_review::proposed_date(&site, env.as_of),
    };
    let broken: Vec<&str> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter_map(|f| f.file.as_deref())
        .collect();
    let planned = match new_review::plan(&site, date, args.id.as_deref()) {
        Ok(p) => p,
        Err(e) => return super::fail(e),
    };
    if let Some(n) = date_note.as_ref().filter(|_| !env.common.quiet) {
        eprintln!("note: {n}");
    }
    if args.dry_run {
        print!("{}", planned.text);
        return ExitCode::SUCCESS;
    }
    let path = env.root.join(&planned.path);
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
        })
        .and_then(|mut f| f.write_all(planned.text.as_bytes()));
    if let Err(e) = written {
        return super::fail(format!("cannot write {}: {e}", planned.path));
    }
    if env.common.quiet {
        return ExitCode::SUCCESS;
    }
    let out = |s: &str| env.say(s);
    out(&format!(
        "wrote {} ({} on {date})",
        planned.path, planned.id
    ));
    match (&planned.previous, planned.carried.len()) {
        (_, 0) => out("  no earlier action to report in `updates`"),
        (Some(p), n) => out(&format!(
            "  {} carried into `updates` (raised since {p} or still open):",
            minutebook::words::count(n as i64, "action", "actions")
        )),
        (None, n) => out(&format!(
            "  {} carried into `updates`:",
            minutebook::words::count(n as i64, "open action", "open actions")
        )),
    }
    for c in &planned.carried {
        let due = c.due.map(|d| format!(", due {d}")).unwrap_or_default();
        let late = if c.overdue { ", overdue" } else { "" };
        out(&format!(
            "    {} {} ({}{due}{late})",
            c.id,
            c.title,
            c.status.as_str()
        ));
    }
    for n in &planned.notes {
        eprintln!("note: {n}");
    }
    if !broken.is_empty() {
        eprintln!(
            "note: some files did not load ({}); actions they declare are not carried: run `minutebook check`",
            dedup(&broken).join(", ")
        );
    }
    if date > env.as_of {
        eprintln!(
            "note: the review is dated {date}, after the as-of date {}: its updates are MB036 until then",
            env.as_of
        );
    }
    // What is left to do, as `check` sees it.
    let checked = minutebook::check_site(&env.root, env.as_of.max(date), hashing());
    let mut todo: BTreeMap<Code, usize> = BTreeMap::new();
    for f in checked
        .report
        .findings
        .iter()
        .filter(|f| f.file.as_deref() == Some(planned.path.as_str()))
    {
        *todo.entry(f.code).or_default() += 1;
    }
    if !todo.is_empty() {
        out("  to do before the review is complete (`minutebook check`):");
        for (code, n) in &todo {
            let what = match code {
                Code::MB022 => {
                    "sections still hold their prompt: write what was presented and decided"
                }
                Code::MB025 => "no decision recorded yet: add each under `decisions:`",
                _ => code.title(),
            };
            out(&format!("    {n} × {code}: {what}"));
        }
    }
    ExitCode::SUCCESS
}

fn dedup<'a>(v: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for s in v {
        if !out.contains(s) {
            out.push(s);
        }
    }
    out
}
