//! `minutebook lock [--accept PATH]`: add new evidence files to
//! evidence.lock, and record deliberate changes one file at a time.

use super::{Env, exit_for};
use clap::Args;
use minutebook::check::findings::Code;
use minutebook::evidence::lock;
use minutebook::evidence::update::{self, Accepted};
use std::process::ExitCode;

/// Arguments of `lock`.
#[derive(Args)]
pub struct LockArgs {
    /// Record the current content of this evidence file (changed or removed) in the lock.
    #[arg(long, value_name = "PATH")]
    accept: Vec<String>,
    /// Re-hash every evidence file instead of trusting the hash cache.
    #[arg(long)]
    no_cache: bool,
}

/// Runs `lock`.
pub fn run(env: &Env, args: &LockArgs) -> ExitCode {
    let mut checked = minutebook::check_site(&env.root, env.as_of, env.hashing(args.no_cache));
    let inv = &checked.site.evidence;
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
                env.say(&format!("{key} already matches evidence.lock"))
            }
            Err(e) => return super::fail(e),
        }
    }
    if changed {
        if let Err(e) = lock::write(&env.root, &new_lock) {
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
