//! Command-line parsing and the common flags; one module per command.

mod actions;
mod approve;
mod build;
mod check;
mod init;
mod lock;
mod new;
mod serve;
mod verify;

use clap::{Args, Parser, Subcommand, ValueEnum};
use minutebook::diag::output::{self, Format};
use minutebook::model::evidence::HashOptions;
use minutebook::{Date, Report, default_as_of};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "minutebook",
    version,
    about = "ISMS management-review minutes in, a linked and verifiable evidence site out"
)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

/// Flags every command accepts, before or after the command name.
#[derive(Args, Clone)]
pub(crate) struct Common {
    /// The site root (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Judge overdue actions, cadence and sign-off lateness as of this date (YYYY-MM-DD).
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// How findings are printed; for `actions`, how the register is printed
    /// (table, csv or json).
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Warnings fail the run too.
    #[arg(long, global = true)]
    pub deny_warnings: bool,
    /// Print only findings and errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// `--format`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    /// Text like rustc's errors, with the source line and a caret.
    Human,
    /// One JSON object.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// `actions` only: the register as aligned columns.
    Table,
    /// `actions` only: the register as the columns of data/actions.csv.
    Csv,
}

#[derive(Subcommand)]
enum Command {
    /// Run every check; write nothing.
    Check(check::CheckArgs),
    /// Check, then build the site.
    Build(build::BuildArgs),
    /// Write or update evidence.lock.
    Lock(lock::LockArgs),
    /// Record a sign-off of a document in content/signoffs.yaml.
    Approve(approve::ApproveArgs),
    /// Build and write a deterministic zip of the site for auditors.
    Bundle(build::BundleArgs),
    /// Check a built site folder or a bundle zip against its SHA256SUMS.
    Verify(verify::VerifyArgs),
    /// Create a new site: configuration, people, one example review.
    Init(init::InitArgs),
    /// Write a new minutes file from the site's agenda and open actions.
    New(new::NewArgs),
    /// Build into memory, serve, rebuild on change and reload open pages.
    Serve(serve::ServeArgs),
    /// Show the action register in the terminal.
    Actions(actions::ActionsArgs),
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date as YYYY-MM-DD"))
}

/// What every command needs: the root and the as-of date.
pub(crate) struct Env {
    /// Common flags.
    pub common: Common,
    /// The site root.
    pub root: PathBuf,
    /// The as-of date.
    pub as_of: Date,
}

impl Env {
    /// Hash options for a run.
    pub(crate) fn hashing(&self, no_cache: bool) -> HashOptions {
        HashOptions {
            use_cache: !no_cache,
            progress: !self.common.quiet,
        }
    }

    /// Prints findings in the chosen format.
    pub(crate) fn print_report(&self, report: &Report) {
        let format = match self.common.format {
            FormatArg::Human | FormatArg::Table | FormatArg::Csv => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        };
        if self.common.quiet && format == Format::Human && report.findings.is_empty() {
            return;
        }
        let color = format == Format::Human
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        print!("{}", output::render(report, format, &self.root, color));
    }

    /// Whether findings fail the run.
    pub(crate) fn fails(&self, report: &Report) -> bool {
        report.fails(self.common.deny_warnings)
    }

    /// A status line for people (suppressed by --quiet and in JSON output).
    pub(crate) fn say(&self, text: &str) {
        if !self.common.quiet {
            if matches!(self.common.format, FormatArg::Human) {
                println!("{text}");
            } else {
                eprintln!("{text}");
            }
        }
    }
}

/// Usage or I/O error: message on stderr, exit code 2.
pub(crate) fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Runs the command line.
pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let common = cli.common;
    if matches!(common.format, FormatArg::Table | FormatArg::Csv)
        && !matches!(cli.command, Command::Actions(_))
    {
        return fail(
            "--format table and --format csv print the action register: use them with \
             `minutebook actions`; findings print as human, json or github",
        );
    }
    let root = common.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let as_of = match common.as_of.map_or_else(default_as_of, Ok) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    if let Command::Verify(args) = &cli.command {
        return verify::run(args);
    }
    if let Command::Init(args) = &cli.command {
        return init::run(&common, as_of, args);
    }
    if !root.is_dir() {
        return fail(format!("the site root {} is not a folder", root.display()));
    }
    if minutebook::load::evidence::resolve::content_leaves_site(&root) {
        return fail(format!(
            "{} is a symbolic link leading outside the site folder {}: nothing in it is read \
             or published (MB041); move the folder into the site, or run minutebook in the \
             folder that holds it",
            root.join("content").display(),
            root.display()
        ));
    }
    let env = Env {
        common,
        root,
        as_of,
    };
    match cli.command {
        Command::Check(args) => check::run(&env, &args),
        Command::Build(args) => build::run(&env, &args),
        Command::Lock(args) => lock::run(&env, &args),
        Command::Approve(args) => approve::run(&env, &args),
        Command::Bundle(args) => build::bundle(&env, &args),
        Command::New(args) => new::run(&env, &args),
        Command::Serve(args) => serve::run(&env, &args),
        Command::Actions(args) => actions::run(&env, &args),
        Command::Verify(_) | Command::Init(_) => ExitCode::from(2),
    }
}

/// Exit code for a report.
pub(crate) fn exit_for(env: &Env, report: &Report) -> ExitCode {
    if env.fails(report) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The exit code for a checked site whose work is done, leaving the site's
/// memory to the operating system: the process ends next, and freeing a
/// site of millions of small allocations one by one took 0.1-0.15 s at
/// 10,000 reviews, on one thread, after everything was written.
pub(crate) fn finish(env: &Env, checked: minutebook::Checked) -> ExitCode {
    let code = exit_for(env, &checked.report);
    std::mem::forget(checked);
    code
}
