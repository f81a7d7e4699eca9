//! `minutebook actions [--overdue] [--open] [--owner P] [--format table|csv|json]`:
//! the action register in the terminal.
//!
//! For this command `--format` chooses how the register prints (table, csv
//! or json; human and github mean table). `--output` says the same and wins
//! when both are given.

use super::{Env, FormatArg};
use clap::{Args, ValueEnum};
use minutebook::authoring::actions_table::{self, Filter, TableStyle};
use minutebook::diag::findings::Code;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Arguments of `actions`.
#[derive(Args)]
pub(super) struct ActionsArgs {
    /// Only actions that are overdue as of the as-of date.
    #[arg(long)]
    overdue: bool,
    /// Only actions not done or cancelled.
    #[arg(long)]
    open: bool,
    /// Only actions owned by this person (id from people.yaml).
    #[arg(long, value_name = "PERSON")]
    owner: Option<String>,
    /// How the register is printed (default: table; json when --format json is given).
    #[arg(long, value_enum, value_name = "FORM")]
    output: Option<Output>,
}

/// `--output`.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Output {
    /// Aligned columns for people.
    Table,
    /// The columns of data/actions.csv.
    Csv,
    /// A JSON object with the as-of date and the actions.
    Json,
}

/// Runs `actions`.
pub(super) fn run(env: &Env, args: &ActionsArgs) -> ExitCode {
    let checked = minutebook::check_site(&env.root, env.as_of, env.hashing(false));
    let (site, index) = (&checked.site, &checked.index);
    if let Some(owner) = &args.owner {
        let owns = index.actions.iter().any(|r| {
            r.action(site)
                .owner
                .as_ref()
                .is_some_and(|o| o.value.eq_ignore_ascii_case(owner))
        });
        if site.person(owner).is_none() && !owns {
            let hint = minutebook::suggest::did_you_mean(
                owner,
                site.people.values().map(|p| p.id.as_str()),
            );
            return super::fail(format!("unknown person `{owner}`{hint}"));
        }
    }
    let filter = Filter {
        overdue: args.overdue,
        open: args.open,
        owner: args.owner.clone(),
    };
    let rows = actions_table::select(site, index, &filter);
    let output = args.output.unwrap_or(match env.common.format {
        FormatArg::Json => Output::Json,
        FormatArg::Csv => Output::Csv,
        FormatArg::Table | FormatArg::Human | FormatArg::Github => Output::Table,
    });
    let text = match output {
        Output::Csv => actions_table::csv(site, &rows),
        Output::Json => actions_table::json(site, index, &rows),
        Output::Table => {
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse().ok());
            actions_table::table(site, index, &rows, TableStyle { color, width })
        }
    };
    print!("{text}");
    // Files that did not load (or values that were dropped) can hide actions.
    let unread = checked
        .report
        .findings
        .iter()
        .filter(|f| {
            matches!(
                f.code,
                Code::MB001 | Code::MB002 | Code::MB004 | Code::MB006
            )
        })
        .count();
    if unread > 0 && !env.common.quiet {
        eprintln!(
            "note: {} could not be read, so the register may be incomplete: run `minutebook check`",
            minutebook::words::count(unread as i64, "file or value", "files or values")
        );
    }
    ExitCode::SUCCESS
}
