//! `minutebook check`: every check, nothing written.

use super::Env;
use clap::Args;
use std::process::ExitCode;

/// Arguments of `check`.
#[derive(Args)]
pub(super) struct CheckArgs {
    /// Re-hash every evidence file instead of trusting the hash cache.
    #[arg(long)]
    no_cache: bool,
}

/// Runs `check`.
pub(super) fn run(env: &Env, args: &CheckArgs) -> ExitCode {
    let checked = minutebook::check_site(&env.root, env.as_of, env.hashing(args.no_cache));
    env.print_report(&checked.report);
    super::finish(env, checked)
}
