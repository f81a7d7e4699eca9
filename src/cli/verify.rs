//! `minutebook verify PATH`: re-hash a built site folder or a bundle zip
//! against its SHA256SUMS.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `verify`.
#[derive(Args)]
pub(super) struct VerifyArgs {
    /// A built site folder or a bundle zip.
    path: PathBuf,
}

/// Runs `verify`: exit 0 when every file matches, 1 on any mismatch, missing,
/// extra or unsafe file, malformed sums line, digest of `data/site.json` the
/// files do not bear out, or zip refused as not a faithful bundle; 2 when it
/// cannot be read at all. For a zip the report starts with its SHA-256.
pub(super) fn run(args: &VerifyArgs) -> ExitCode {
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    match minutebook::site::verify::verify_with_progress(&args.path, progress) {
        Ok(report) => {
            print!("{}", report.render());
            if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => super::fail(format!("cannot verify {}: {e}", args.path.display())),
    }
}
