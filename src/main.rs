//! The `minutebook` command line: parse arguments, call the library, print, exit.

mod cli;

use std::process::ExitCode;

/// A build allocates and frees millions of small strings and template values
/// on every core at once; mimalloc does that with far less contention and
/// time than the system allocator. Built without transparent huge pages
/// (`no_thp`): memory it returns and takes again was zeroed 2 MiB at a time,
/// a third of the build's system time (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}
