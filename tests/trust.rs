//! Data loss and leaks (issue 18, first section): the real binary must
//! never overwrite a source with a bundle, replace files a build did not
//! write, launder a tampered lock, publish a folder outside the site
//! through a linked `content/`, or serve a file swapped for a link after
//! the build that verified it; killed builds must not pile up.

mod common;

use common::{TempDir, copy_tree, fixture, scratch_copy, temp_dir};
use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const AS_OF: &str = "2025-12-31";

/// Runs `minutebook` on a site with the fixed as-of date.
fn mb<S: AsRef<OsStr>>(root: &Path, args: &[S]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minutebook"));
    cmd.args(args)
        .arg("--root")
        .arg(root)
        .args(["--as-of", AS_OF])
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1");
    cmd.output().expect("minutebook runs")
}

fn code(out: &Output) -> i32 {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panicked: {stderr}");
    out.status.code().expect("exited by itself")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under a folder with its bytes (links and special files by
/// their kind), to show that nothing changed; the hash cache that every run
/// may refresh (`.minutebook/`) aside.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != ".minutebook");
    for e in walk {
        let e = e.unwrap();
        let ft = e.file_type();
        let bytes = if ft.is_file() {
            fs::read(e.path()).unwrap()
        } else if ft.is_symlink() {
            format!("-> {}", fs::read_link(e.path()).unwrap().display()).into_bytes()
        } else {
            b"(folder)".to_vec()
        };
        out.push((e.path().to_path_buf(), bytes));
    }
    out
}

// --------------------------------------------------------------- bundle -o

#[test]
fn bundle_never_writes_over_or_into_the_sources() {
    let site = scratch_copy("clean");
    let root = site.path();
    let before = snapshot(root);
    let outside = temp_dir("bundle-outside");
    symlink(
        root.join("minutebook.yaml"),
        outside.path().join("link.zip"),
    )
    .unwrap();
    fs::write(outside.path().join("notes.zip"), "my notes, not a zip\n").unwrap();
    fs::create_dir_all(outside.path().join("folder.zip")).unwrap();
    let traps: Vec<PathBuf> = vec![
        root.join("content/reviews/2025-01-15-mr-2025-01.md"),
        root.join("evidence.lock"),
        root.join("minutebook.yaml"),
        root.join("content/signoffs.yaml"),
        root.join("content/evidence/b.zip"),
        root.join("content/b.zip"),
        root.join("content/evidence/2025/../b.zip"),
        root.join("catalogs/b.zip"),
        root.join("themes/b.zip"),
        root.to_path_buf(),
        root.join("."),
        outside.path().join("link.zip"),
        outside.path().join("notes.zip"),
        outside.path().join("folder.zip"),
        PathBuf::from("/"),
    ];
    for trap in &traps {
        let out = mb(
            root,
            &[
                OsStr::new("bundle"),
                OsStr::new("--quiet"),
                OsStr::new("-o"),
                trap.as_os_str(),
            ],
        );
        assert_eq!(
            code(&out),
            2,
            "bundle -o {}: {}",
            trap.display(),
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("refusing"),
            "{}: {}",
            trap.display(),
            stderr(&out)
        );
        assert!(
            snapshot(root) == before,
            "bundle -o {} changed the site",
            trap.display()
        );
    }
    assert_eq!(
        fs::read_to_string(outside.path().join("notes.zip")).unwrap(),
        "my notes, not a zip\n"
    );
    assert!(
        fs::symlink_metadata(outside.path().join("link.zip"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A bundle it wrote is replaced, inside the site root or outside.
    let zip = outside.path().join("b.zip");
    for _ in 0..2 {
        let out = mb(
            root,
            &[
                OsStr::new("bundle"),
                OsStr::new("--quiet"),
                OsStr::new("-o"),
                zip.as_os_str(),
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    assert!(minutebook::site::outputs::is_our_bundle(&zip));
    let at_root = root.join("b.zip");
    for _ in 0..2 {
        let out = mb(
            root,
            &[
                OsStr::new("bundle"),
                OsStr::new("--quiet"),
                OsStr::new("-o"),
                at_root.as_os_str(),
            ],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    // The default name, twice.
    for _ in 0..2 {
        let out = mb(root, &["bundle", "--quiet"]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    // The zips are the only new files; no temporary file is left.
    let mut added: Vec<String> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip") || n.ends_with(".tmp"))
        .collect();
    added.sort();
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added.iter().all(|n| n.ends_with(".zip")), "{added:?}");
}

// ---------------------------------------------------------------- build -o

fn build_to(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("build"),
        OsStr::new("--quiet"),
        OsStr::new("-o"),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    mb(root, &args)
}

#[test]
fn build_replaces_only_what_a_previous_build_listed() {
    let site = scratch_copy("clean");
    let parent = temp_dir("build-replace");
    let out = parent.path().join("out");

    // Absent, then a previous output: both fine.
    assert_eq!(code(&build_to(site.path(), &out, &[])), 0);
    assert_eq!(code(&build_to(site.path(), &out, &[])), 0);

    // Files the build did not write stop it, named, and are kept.
    fs::write(out.join("CNAME"), "evidence.example.org\n").unwrap();
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    let run = build_to(site.path(), &out, &[]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    let e = stderr(&run);
    assert!(
        e.contains(".git/") && e.contains("CNAME") && e.contains("--force"),
        "{e}"
    );
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "evidence.example.org\n"
    );
    assert!(out.join(".git/HEAD").is_file());
    assert!(
        out.join("index.html").is_file(),
        "the previous output is untouched"
    );

    // --force replaces the folder with them.
    let run = build_to(site.path(), &out, &["--force"]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(!out.join("CNAME").exists());
    assert!(!out.join(".git").exists());
    assert!(out.join("index.html").is_file());

    // A planted data/site.json no longer makes any folder an old output.
    let thesis = parent.path().join("thesis");
    fs::create_dir_all(thesis.join("data")).unwrap();
    fs::write(
        thesis.join("data/site.json"),
        "{\n  \"generator\": \"minutebook 0.1.0\"\n}\n",
    )
    .unwrap();
    fs::write(thesis.join("chapter-1.tex"), "years of work\n").unwrap();
    let run = build_to(site.path(), &thesis, &[]);
    assert_eq!(code(&run), 2, "{}", stderr(&run));
    assert!(
        stderr(&run).contains("not a previous minutebook output"),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        fs::read_to_string(thesis.join("chapter-1.tex")).unwrap(),
        "years of work\n"
    );

    // An empty folder and a new nested one are fine.
    let empty = parent.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    assert_eq!(code(&build_to(site.path(), &empty, &[])), 0);
    assert!(empty.join("SHA256SUMS").is_file());
    let nested = parent.path().join("a/b/c");
    assert_eq!(code(&build_to(site.path(), &nested, &[])), 0);
    assert!(nested.join("index.html").is_file());

    // --force never reaches the site itself.
    for trap in [
        site.path().to_path_buf(),
        site.path().join("content"),
        site.path().join("themes"),
        site.path().join("catalogs/out"),
        site.path().join(".minutebook"),
        site.path().join("evidence.lock"),
    ] {
        let run = build_to(site.path(), &trap, &["--force"]);
        assert_eq!(code(&run), 2, "{}: {}", trap.display(), stderr(&run));
    }
    assert!(site.path().join("minutebook.yaml").is_file());
    assert!(!site.path().join("themes").exists() && !site.path().join("catalogs").exists());
}

/// The id of a process that has ended (and been reaped).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn killed_builds_leave_no_temporary_folders_behind() {
    let site = scratch_copy("clean");
    let parent = temp_dir("build-stale");
    let out = parent.path().join("public");
    assert_eq!(code(&build_to(site.path(), &out, &[])), 0);

    let dead = dead_pid();
    let mut alive = Command::new("sleep").arg("30").spawn().unwrap();
    let stale = [
        format!(".public.building-{dead}"),
        format!(".public.previous-{dead}"),
    ];
    let running = format!(".public.building-{}", alive.id());
    let other = format!(".notes.building-{dead}");
    for name in stale.iter().chain([&running, &other]) {
        let dir = parent.path().join(name);
        fs::create_dir_all(dir.join("files/evidence")).unwrap();
        fs::write(dir.join("files/evidence/big.bin"), vec![7u8; 1 << 20]).unwrap();
    }
    let run = build_to(site.path(), &out, &[]);
    let _ = alive.kill();
    let _ = alive.wait();
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    for name in &stale {
        assert!(!parent.path().join(name).exists(), "{name} was left");
    }
    assert!(
        parent.path().join(&running).is_dir(),
        "a running build's folder is kept"
    );
    assert!(
        parent.path().join(&other).is_dir(),
        "another output's folder is kept"
    );
    let mut names: Vec<String> = fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want = vec![other.clone(), running.clone(), "public".to_string()];
    want.sort();
    assert_eq!(names, want, "the swap leaves only the output");
}

/// The swap keeps an output in place at every moment: a reader polling
/// `index.html` during many rebuilds never finds it missing.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn rebuilding_never_leaves_a_moment_without_an_output() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let parent = temp_dir("swap-watch");
    let out = parent.path().join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("index.html"), "0").unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let reader = {
        let (out, stop, missing) = (out.clone(), stop.clone(), missing.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if fs::symlink_metadata(out.join("index.html")).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    for i in 0..300 {
        let result = minutebook::site::write::write_atomically(
            &out,
            minutebook::site::write::EvidenceCopies::Copy,
            |sink| {
                sink.put("index.html", i.to_string().as_bytes())
                    .map_err(|e| e.to_string())
            },
        );
        result.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    reader.join().unwrap();
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "299");
    assert_eq!(missing.load(Ordering::Relaxed), 0, "index.html was missing");
}

#[allow(dead_code)]
fn unused() {
    let _ = (
        copy_tree as fn(&Path, &Path),
        fixture as fn(&str) -> PathBuf,
    );
}

// -------------------------------------------------------------------- lock

#[test]
fn lock_refuses_a_lock_it_cannot_read_whole() {
    let cases = [
        "malformed",
        "oversized",
        "not-utf8",
        "symlinked",
        "fifo",
        "unreadable",
    ];
    for case in cases {
        let site = scratch_copy("clean");
        let root = site.path();
        let lock = root.join("evidence.lock");
        let good = fs::read_to_string(&lock).unwrap();
        // The tampering a rebuilt lock would launder: a changed file whose
        // lock line was damaged.
        fs::write(
            root.join("content/evidence/2025/audit-report.txt"),
            "doctored\n",
        )
        .unwrap();
        match case {
            "malformed" => {
                let damaged = good.replacen("b1ec48b66e", "not-a-hash", 1);
                fs::write(&lock, damaged).unwrap();
            }
            "oversized" => {
                let mut big = good.clone().into_bytes();
                big.extend(std::iter::repeat_n(b'#', 9 << 20));
                fs::write(&lock, big).unwrap();
            }
            "not-utf8" => {
                let mut bytes = good.clone().into_bytes();
                bytes.extend_from_slice(b"\xff\xfe\n");
                fs::write(&lock, bytes).unwrap();
            }
            "symlinked" => {
                fs::rename(&lock, root.join("lock-elsewhere")).unwrap();
                symlink("lock-elsewhere", &lock).unwrap();
            }
            "fifo" => {
                fs::remove_file(&lock).unwrap();
                assert!(
                    Command::new("mkfifo")
                        .arg(&lock)
                        .status()
                        .unwrap()
                        .success()
                );
            }
            _ => {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&lock, fs::Permissions::from_mode(0o000)).unwrap();
                if fs::read(&lock).is_ok() {
                    // Running as root: permissions do not stop reading.
                    continue;
                }
            }
        }
        let before = snapshot(root);
        let run = mb(root, &["lock"]);
        assert_eq!(code(&run), 2, "{case}: {}", stderr(&run));
        let e = stderr(&run);
        assert!(e.contains("nothing was written"), "{case}: {e}");
        assert!(e.contains("git checkout -- evidence.lock"), "{case}: {e}");
        assert!(snapshot(root) == before, "{case}: lock changed the site");
        // Nor does a build rewrite it.
        let parent = temp_dir("lock-build");
        let _ = build_to(root, &parent.path().join("out"), &[]);
        assert!(snapshot(root) == before, "{case}: build changed the site");
        if case == "unreadable" {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&lock, fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
}

#[test]
fn a_readable_lock_is_still_updated_and_reports_changes() {
    let site = scratch_copy("clean");
    let root = site.path();
    fs::write(
        root.join("content/evidence/2025/audit-report.txt"),
        "doctored\n",
    )
    .unwrap();
    let before = fs::read_to_string(root.join("evidence.lock")).unwrap();
    let run = mb(root, &["lock"]);
    assert_eq!(
        code(&run),
        1,
        "MB042 stays until accepted: {}",
        stderr(&run)
    );
    assert_eq!(
        fs::read_to_string(root.join("evidence.lock")).unwrap(),
        before
    );
    let run = mb(
        root,
        &["lock", "--accept", "evidence/2025/audit-report.txt"],
    );
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert_ne!(
        fs::read_to_string(root.join("evidence.lock")).unwrap(),
        before
    );
}

// ------------------------------------------------------- content/ as a link

/// A site whose `content/` is a link to a folder outside it (here the clean
/// fixture's content, with a private file among the evidence).
fn site_with_linked_content() -> (TempDir, PathBuf, TempDir) {
    let site = scratch_copy("clean");
    let elsewhere = temp_dir("content-elsewhere");
    let outside = elsewhere.path().join("content");
    fs::rename(site.path().join("content"), &outside).unwrap();
    fs::write(
        outside.join("evidence/private-salaries.csv"),
        "name,salary\n",
    )
    .unwrap();
    symlink(&outside, site.path().join("content")).unwrap();
    let root = site.path().to_path_buf();
    (site, root, elsewhere)
}

#[test]
fn a_content_folder_linking_outside_the_site_is_refused() {
    let (_site, root, _elsewhere) = site_with_linked_content();
    let before = snapshot(&root);
    let parent = temp_dir("content-link-out");
    let out = parent.path().join("out");
    let zip = parent.path().join("b.zip");
    let runs: Vec<Vec<&OsStr>> = vec![
        vec![OsStr::new("check")],
        vec![OsStr::new("build"), OsStr::new("-o"), out.as_os_str()],
        vec![OsStr::new("bundle"), OsStr::new("-o"), zip.as_os_str()],
        vec![OsStr::new("lock")],
    ];
    for args in runs {
        let run = mb(&root, &args);
        assert_eq!(code(&run), 2, "{args:?}: {}", stderr(&run));
        assert!(
            stderr(&run).contains("symbolic link leading outside the site folder"),
            "{args:?}: {}",
            stderr(&run)
        );
    }
    assert!(!out.exists() && !zip.exists());
    assert!(snapshot(&root) == before, "nothing written");
}

/// The library judges the same (serve rebuilds through it): one MB041 on
/// `content`, and nothing from the outside folder is hashed or locked.
#[test]
fn a_linked_content_folder_publishes_nothing_through_the_library() {
    let (_site, root, _elsewhere) = site_with_linked_content();
    let hashing = minutebook::model::evidence::HashOptions::default();
    let date = minutebook::date::Date::parse(AS_OF).unwrap();
    let checked = minutebook::check_site(&root, date, hashing);
    let on_content: Vec<_> = checked
        .report
        .findings
        .iter()
        .filter(|f| f.file.as_deref() == Some("content"))
        .map(|f| f.code.to_string())
        .collect();
    assert_eq!(on_content, vec!["MB041".to_string()]);
    let inv = &checked.site.evidence;
    assert!(inv.content_escapes);
    assert!(
        inv.files
            .values()
            .all(|f| f.sha256.is_none() && f.real.is_none()),
        "{:?}",
        inv.files
    );
    assert!(minutebook::authoring::lock::with_new_files(inv).is_none());
    assert!(
        !checked
            .report
            .findings
            .iter()
            .any(|f| f.code.to_string() == "MB043"),
        "the outside files are not even listed"
    );
}
