//! The `minutebook` command line: parse arguments, call the library, print, exit.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
