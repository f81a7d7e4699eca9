//! `minutebook lock [--accept PATH]`: add new evidence files to
//! evidence.lock, and record deliberate changes one file at a time.

use super::{Env, exit_for};
use clap::Args;
use minutebook::authoring::lock::{self as update, Accepted};
use minutebook::diag::findings::Code;
use std::process::ExitCode;

/// Arguments of `lock`.
#[derive(Args)]
pub(super) struct LockArgs {
    /// Record the current content of this evidence file (changed or removed) in the lock.
    #[arg(long, value_name = "PATH")]
    accept: Vec<String>,
    /// Re-hash every evidence file instead of trusting the hash cache.
    #[arg(long)]
    no_cache: bool,
}

/// Refuses to touch a lock that could not be read whole: rebuilding it from
/// the current files would record whatever they are now, including the
/// changes the damaged lines were there to catch (as `approve` refuses a
/// damaged sign-off sheet). Prints the findings on the lock and how to
/// recover; exit 2, nothing written.
fn refuse_unreadable_lock(env: &Env, report: &minutebook::Report, why: &str) -> ExitCode {
    let on_lock: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.file.as_deref() == Some(minutebook::model::evidence::LOCK_FILE))
        .cloned()
        .collect();
    env.print_report(&minutebook::Report::new(on_lock));
    super::fail(format!(
        "{why}; nothing was written. `minutebook lock` only adds to, or records \
         accepted changes in, a lock it can read whole: rebuilding it from the files as \
         they are now would approve any change it was there to catch.\n\
         To recover: restore the committed lock (`git checkout -- {lock}` or `git show \
         HEAD:{lock} > {lock}`) and run `minutebook lock` again; or correct the lines \
         named above by hand. Only if you mean to trust every evidence file as it is \
         now, move the lock away (`mv {lock} {lock}.rejected`), run `minutebook lock`, \
         and review the new lock's diff before committing it.",
        lock = minutebook::model::evidence::LOCK_FILE
    ))
}

/// Runs `lock`.
pub(super) fn run(env: &Env, args: &LockArgs) -> ExitCode {
    let mut checked = minutebook::check_site(&env.root, env.as_of, env.hashing(args.no_cache));
    let inv = &checked.site.evidence;
    if let Some(why) = update::lock_problem(inv) {
        return refuse_unreadable_lock(env, &checked.report, &why);
    }
    let mut new_lock = inv.lock.clone();
    let mut changed = false;
    if let Some((l, added)) = update::with_new_files(inv) {
        new_lock = l;
        changed = true;
        for a in &added {
            env.say(&format!("locked {a}"));
        }
    }
    for written in &args.accept {
        match update::accept(inv, &mut new_lock, written) {
            Ok((key, Accepted::Changed(old, new))) => {
                changed = true;
                env.say(&format!("accepted change of {key}: {old} -> {new}"));
            }
            Ok((key, Accepted::Removed(old))) => {
                changed = true;
                env.say(&format!("accepted removal of {key} (was {old})"));
            }
            Ok((key, Accepted::Added(new))) => {
                changed = true;
                env.say(&format!("locked {key}: {new}"));
            }
            Ok((key, Accepted::Unchanged)) => {
                env.say(&format!("{key} already matches evidence.lock"));
            }
            Err(e) => return super::fail(e),
        }
    }
    if changed {
        if let Err(e) = update::write(&env.root, &new_lock) {
            return super::fail(format!("cannot write evidence.lock: {e}"));
        }
    } else {
        env.say("evidence.lock is up to date");
    }
    // Report what still disagrees with the (new) lock.
    let accepted: Vec<String> = args.accept.iter().map(|a| update::key_of(a)).collect();
    checked.report.findings.retain(|f| {
        matches!(
            f.code,
            Code::MB040 | Code::MB041 | Code::MB042 | Code::MB043 | Code::MB044
        ) && !accepted.iter().any(|k| f.message.contains(k.as_str()))
    });
    let report = minutebook::Report::new(checked.report.findings);
    if !report.findings.is_empty() {
        env.print_report(&report);
    }
    exit_for(env, &report)
}
