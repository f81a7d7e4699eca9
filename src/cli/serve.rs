//! `minutebook serve [--port 1111] [--bind 127.0.0.1] [--poll]`: build into
//! memory, serve, rebuild on change, reload open pages.

use super::Env;
use clap::Args;
use minutebook::diag::output::{self, Format};
use minutebook::site::serve::{self, BuildOptions, Note, ServeOptions};
use std::process::ExitCode;
use std::sync::Arc;

/// Arguments of `serve`.
#[derive(Args)]
pub(super) struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; anything but a loopback address shares the site with the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    bind: String,
    /// Poll the files for changes instead of using the system's file events
    /// (network drives, containers, WSL).
    #[arg(long)]
    poll: bool,
}

/// Runs `serve` until the process is stopped (Ctrl-C).
pub(super) fn run(env: &Env, args: &ServeArgs) -> ExitCode {
    let options = ServeOptions {
        bind: args.bind.clone(),
        port: args.port,
        poll: args.poll,
        build: BuildOptions {
            as_of: env.common.as_of,
            deny_warnings: env.common.deny_warnings,
        },
        ..ServeOptions::default()
    };
    let quiet = env.common.quiet;
    let root = env.root.clone();
    let notes: serve::Notes = Arc::new(move |note: Note<'_>| match note {
        Note::Built(b) => {
            if !b.report.findings.is_empty() {
                print!("{}", output::render(&b.report, Format::Human, &root, false));
            }
            if !quiet {
                let (e, w) = (b.report.errors, b.report.warnings);
                println!(
                    "built {} files in {} ms (as of {}, {e} {}, {w} {}); the pages show the findings",
                    b.files.len(),
                    b.took.as_millis(),
                    b.as_of,
                    if e == 1 { "error" } else { "errors" },
                    if w == 1 { "warning" } else { "warnings" },
                );
            }
        }
        Note::Failed(f) => {
            eprint!("{}", f.text);
            eprintln!(
                "the build stopped ({} the site from being built: MB001–MB006, MB041, \
                 or a template error): still serving the last good site; open pages show the findings",
                if f.errors == 1 {
                    "1 finding keeps".to_string()
                } else {
                    format!("{} findings keep", f.errors)
                }
            );
        }
        Note::Changed(paths) => {
            if !quiet {
                let shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
                let more = paths.len().saturating_sub(5);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                println!("changed: {}{more}; rebuilding", shown.join(", "));
            }
        }
        Note::Watching(kind) => {
            if !quiet {
                println!("watching the site for changes ({kind})");
            }
        }
        Note::Problem(p) => eprintln!("warning: {p}"),
    });
    let running = match serve::serve(&env.root, &options, notes) {
        Ok(r) => r,
        Err(e) => return super::fail(e),
    };
    if !running.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the site",
            running.addr.ip()
        );
    }
    // Always printed, even with --quiet: scripts read the URL from here.
    println!("serving {}", running.url());
    if !quiet {
        println!("press Ctrl-C to stop");
    }
    // Ctrl-C (and a plain `kill`) end the server cleanly: workers, event
    // streams and the watcher stop, and the exit status is 0.
    let stopper = running.stopper();
    if let Err(e) = ctrlc::set_handler(move || stopper.stop()) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); it will end the server abruptly");
    }
    running.wait();
    if !quiet {
        println!("stopped");
    }
    ExitCode::SUCCESS
}
