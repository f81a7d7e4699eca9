//! The `minutebook` command line: parse arguments, call the library, print, exit.

use clap::{Args, Parser, Subcommand, ValueEnum};
use minutebook::check::output::{self, Format};
use minutebook::{Date, check_site, default_as_of};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "minutebook",
    version,
    about = "ISMS management-review minutes in, a verifiable evidence site out"
)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Common {
    /// The site root (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Judge overdue actions, cadence and sign-off lateness as of this date (YYYY-MM-DD).
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// How findings are printed.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Warnings fail the run too.
    #[arg(long, global = true)]
    deny_warnings: bool,
    /// Print only findings and errors.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Run every check; write nothing.
    Check,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date as YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let c = cli.common;
    let root = c.root.clone().unwrap_or_else(|| PathBuf::from("."));
    if !root.is_dir() {
        eprintln!("error: the site root {} is not a folder", root.display());
        return ExitCode::from(2);
    }
    let as_of = match c.as_of.map_or_else(default_as_of, Ok) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check => {
            let checked = check_site(&root, as_of);
            print_report(&c, &checked.report, &root);
            exit_for(&c, &checked.report)
        }
    }
}

fn format_of(c: &Common) -> Format {
    match c.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
    }
}

fn print_report(c: &Common, report: &minutebook::Report, root: &std::path::Path) {
    let format = format_of(c);
    if c.quiet && format == Format::Human && report.findings.is_empty() {
        return;
    }
    let color = format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    print!("{}", output::render(report, format, root, color));
}

fn exit_for(c: &Common, report: &minutebook::Report) -> ExitCode {
    if report.fails(c.deny_warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
