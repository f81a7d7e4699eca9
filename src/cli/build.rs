//! `minutebook build` and `minutebook bundle`: check, then render the site
//! into a folder (atomically) or a deterministic zip.

use super::Env;
use clap::Args;
use minutebook::Checked;
use minutebook::authoring;
use minutebook::render::{self, RenderOptions, theme};
use minutebook::site::{bundle as zip, outputs, write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `build`.
#[derive(Args)]
pub(super) struct BuildArgs {
    /// Output folder (default: public/ in the site root).
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Re-hash every evidence file instead of trusting the hash cache.
    #[arg(long)]
    no_cache: bool,
    /// Replace the output folder even when it holds files that no previous
    /// build wrote (not listed in its SHA256SUMS); they are deleted.
    #[arg(long)]
    force: bool,
    /// Write evidence under files/ as real copies, never as hard links to
    /// content/evidence/ (for an output that will be edited in place or
    /// served from where others may write).
    #[arg(long)]
    copy_evidence: bool,
}

/// Arguments of `bundle`.
#[derive(Args)]
pub(super) struct BundleArgs {
    /// The zip to write (default: <site>-isms-evidence-<date>.zip in the site root).
    #[arg(short, long, value_name = "FILE.zip")]
    output: Option<PathBuf>,
}

/// Checks the site, prints findings, and adds new evidence to the lock
/// unless the build is stopped. Returns the checked site, or the exit code
/// to stop with.
///
/// Findings never hide the site: only a finding that
/// [stops the build](minutebook::Code::stops_build) (MB001–MB006, MB041)
/// keeps the site from being written, and then nothing is written at all
/// (neither the output nor `evidence.lock`). Every other error is shown in
/// the site and only decides the exit status afterwards.
///
/// `evidence.lock`: a build that writes the site records evidence files the
/// lock does not know yet, even when the site has errors — recording a new
/// file's first digest accepts nothing. A changed or vanished file is never
/// accepted by a build (only by `lock --accept`), so MB042/MB044 stay until
/// someone decides.
fn checked_for_output(env: &Env, no_cache: bool) -> Result<Checked, ExitCode> {
    let checked = minutebook::check_site(&env.root, env.as_of, env.hashing(no_cache));
    ready_for_output(env, checked)
}

/// What [`checked_for_output`] does once the checks ran: findings printed,
/// a stopping finding refused, new evidence locked.
fn ready_for_output(env: &Env, mut checked: Checked) -> Result<Checked, ExitCode> {
    if !checked.report.findings.is_empty() {
        env.print_report(&checked.report);
    }
    let stopping = checked.report.stopping();
    if !stopping.is_empty() {
        let mut codes: Vec<&str> = stopping.iter().map(|f| f.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        let n = stopping.len();
        eprintln!(
            "error: {n} {} ({}) {} the build: a document that cannot be read as written, \
             or an evidence path leaving content/; nothing was written and the previous \
             output is untouched",
            plural(n, "finding", "findings"),
            codes.join(", "),
            if n == 1 { "stops" } else { "stop" },
        );
        return Err(ExitCode::from(1));
    }
    if let Some((lock, added)) = authoring::lock::with_new_files(&checked.site.evidence) {
        if let Err(e) = authoring::lock::write(&env.root, &lock) {
            return Err(super::fail(format!("cannot update evidence.lock: {e}")));
        }
        env.say(&format!(
            "evidence.lock: {} new {} locked",
            added.len(),
            plural(added.len(), "file", "files")
        ));
        // The pages show the lock this run wrote: the first build of a site
        // and the second are byte-identical.
        checked.record_lock(lock);
    }
    Ok(checked)
}

/// The word for a count: `1 file`, `2 files`.
fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// After the site was written: says on stderr why the exit status is 1
/// when findings fail the run, so CI logs show the site was written anyway.
fn tell_failing(env: &Env, checked: &Checked) {
    let r = &checked.report;
    if !env.fails(r) {
        return;
    }
    let (n, what) = if r.errors > 0 {
        (
            r.errors,
            format!("{} {}", r.errors, plural(r.errors, "error", "errors")),
        )
    } else {
        (
            r.warnings,
            format!(
                "{} {} (--deny-warnings)",
                r.warnings,
                plural(r.warnings, "warning", "warnings")
            ),
        )
    };
    eprintln!(
        "error: the site was written and shows its findings, but {what} {} the run (exit status 1)",
        plural(n, "fails", "fail")
    );
}

fn render_to(
    env: &Env,
    checked: &Checked,
    claim: write::Claim,
    evidence: write::EvidenceCopies,
) -> Result<usize, String> {
    let theme = theme::load(&env.root, checked.site.config.theme.as_deref())?;
    write::write_claimed(claim, evidence, |sink| {
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
pub(super) fn run(env: &Env, args: &BuildArgs) -> ExitCode {
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| env.root.join("public"));
    let claimed = write::claim_output_while(&env.root, &out, args.force, || {
        minutebook::check_site(&env.root, env.as_of, env.hashing(args.no_cache))
    });
    let (claim, checked) = match claimed {
        Ok(both) => both,
        Err(e) => return super::fail(e),
    };
    let checked = match ready_for_output(env, checked) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let evidence = if args.copy_evidence {
        write::EvidenceCopies::Copy
    } else {
        write::EvidenceCopies::LinkWhenPossible
    };
    match render_to(env, &checked, claim, evidence) {
        Ok(n) => {
            env.say(&format!(
                "built {n} files into {} (as of {})",
                out.display(),
                env.as_of
            ));
            tell_failing(env, &checked);
            super::finish(env, checked)
        }
        Err(e) => super::fail(e),
    }
}

/// Runs `bundle`: builds into a temporary folder (evidence always re-hashed)
/// and zips it under one top folder named after the site and as-of date.
pub(super) fn bundle(env: &Env, args: &BundleArgs) -> ExitCode {
    // Before anything is written (the lock included).
    if let Some(out) = &args.output
        && let Err(e) = outputs::check_bundle_output(&env.root, out)
    {
        return super::fail(e);
    }
    let checked = match checked_for_output(env, true) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let top = render::bundle_name(&checked.site, &checked.index);
    let out = match &args.output {
        Some(out) => out.clone(),
        None => {
            let out = env.root.join(format!("{top}.zip"));
            if let Err(e) = outputs::check_bundle_output(&env.root, &out) {
                return super::fail(e);
            }
            out
        }
    };
    let tmp = outputs::bundle_scratch();
    let _ = std::fs::remove_dir_all(&tmp);
    // Copies, not links: the zip is read from this folder, and its bytes
    // must be the ones hashed, whatever happens to content/ meanwhile.
    let result = render_to(
        env,
        &checked,
        write::claim_unchecked(&tmp),
        write::EvidenceCopies::Copy,
    )
    .and_then(|_| {
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
            match minutebook::fsx::hash::sha256_file(&out) {
                Ok((hex, _)) if matches!(env.common.format, super::FormatArg::Human) => {
                    println!("SHA-256 of the bundle: {hex}");
                }
                Ok((hex, _)) => eprintln!("SHA-256 of the bundle: {hex}"),
                Err(e) => return super::fail(format!("cannot hash {}: {e}", out.display())),
            }
            tell_failing(env, &checked);
            super::finish(env, checked)
        }
        Err(e) => super::fail(e),
    }
}
