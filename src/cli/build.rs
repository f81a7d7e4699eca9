//! `minutebook build` and `minutebook bundle`: check, then render the site
//! into a folder (atomically) or a deterministic zip.

use super::{Env, exit_for};
use clap::Args;
use minutebook::render::{self, RenderOptions, theme};
use minutebook::site::{bundle as zip, write};
use minutebook::{Checked, evidence};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `build`.
#[derive(Args)]
pub struct BuildArgs {
    /// Output folder (default: public/ in the site root).
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Re-hash every evidence file instead of trusting the hash cache.
    #[arg(long)]
    no_cache: bool,
}

/// Arguments of `bundle`.
#[derive(Args)]
pub struct BundleArgs {
    /// The zip to write (default: <site>-isms-evidence-<date>.zip in the site root).
    #[arg(short, long, value_name = "FILE.zip")]
    output: Option<PathBuf>,
}

/// Checks the site, prints findings, and adds new evidence to the lock when
/// the checks pass. Returns the checked site, or the exit code to stop with.
fn checked_for_output(env: &Env, no_cache: bool) -> Result<Checked, ExitCode> {
    let checked = minutebook::check_site(&env.root, env.as_of, env.hashing(no_cache));
    if !checked.report.findings.is_empty() {
        env.print_report(&checked.report);
    }
    if env.fails(&checked.report) {
        eprintln!("error: the site has findings that fail the build; nothing was written");
        return Err(exit_for(env, &checked.report));
    }
    if let Some((lock, added)) = evidence::update::with_new_files(&checked.site.evidence) {
        if let Err(e) = evidence::lock::write(&env.root, &lock) {
            return Err(super::fail(format!("cannot update evidence.lock: {e}")));
        }
        env.say(&format!(
            "evidence.lock: {} new file(s) locked",
            added.len()
        ));
    }
    Ok(checked)
}

fn render_to(env: &Env, checked: &Checked, out: &Path) -> Result<usize, String> {
    let theme = theme::load(&env.root, checked.site.config.theme.as_deref())?;
    write::write_atomically(out, |sink| {
        render::render_site(
            &checked.site,
            &checked.index,
            &checked.report,
            &theme,
            sink,
            RenderOptions::default(),
        )
        .map(|r| r.files.len() + 1)
    })
}

/// Runs `build`.
pub fn run(env: &Env, args: &BuildArgs) -> ExitCode {
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| env.root.join("public"));
    if let Err(e) = write::check_output(&env.root, &out) {
        return super::fail(e);
    }
    let checked = match checked_for_output(env, args.no_cache) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match render_to(env, &checked, &out) {
        Ok(n) => {
            env.say(&format!(
                "built {n} files into {} (as of {})",
                out.display(),
                env.as_of
            ));
            super::finish(env, checked)
        }
        Err(e) => super::fail(e),
    }
}

/// Runs `bundle`: builds into a temporary folder (evidence always re-hashed)
/// and zips it under one top folder named after the site and as-of date.
pub fn bundle(env: &Env, args: &BundleArgs) -> ExitCode {
    let checked = match checked_for_output(env, true) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let top = render::bundle_name(&checked.site, &checked.index);
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| env.root.join(format!("{top}.zip")));
    let tmp = std::env::temp_dir().join(format!("minutebook-bundle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let result = render_to(env, &checked, &tmp).and_then(|_| {
        let progress = !env.common.quiet;
        zip::write_zip(&tmp, &top, &out, env.as_of, progress)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))
    });
    let _ = std::fs::remove_dir_all(&tmp);
    match result {
        Ok(n) => {
            env.say(&format!(
                "bundled {n} files into {} (top folder {top}/)",
                out.display()
            ));
            // The digest the auditor compares with the one sent separately
            // (see the audit page): printed even with --quiet, on stderr when
            // stdout carries JSON findings.
            match minutebook::evidence::hash::sha256_file(&out) {
                Ok((hex, _)) if matches!(env.common.format, super::FormatArg::Human) => {
                    println!("SHA-256 of the bundle: {hex}");
                }
                Ok((hex, _)) => eprintln!("SHA-256 of the bundle: {hex}"),
                Err(e) => return super::fail(format!("cannot hash {}: {e}", out.display())),
            }
            super::finish(env, checked)
        }
        Err(e) => super::fail(e),
    }
}
