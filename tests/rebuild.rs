//! Rebuilding into a previous output in place (src/site/in_place.rs): a
//! rebuild writes only the files whose bytes changed, keeps every other
//! file and folder, removes what the site no longer has, never writes
//! through a hard-linked evidence file, and ends byte for byte as a fresh
//! build into an empty folder would.

mod common;

use common::{assert_same_tree, build, build_with, run, scratch_copy, tree};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

const AS_OF: &str = "2025-12-31";

fn ok(o: &std::process::Output, what: &str) {
    common::assert_exit(o, 0, what);
}

fn inode(path: &Path) -> u64 {
    fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .ino()
}

/// A scratch copy of the `clean` fixture, built into its `public/`.
fn built_clean() -> (common::TempDir, std::path::PathBuf) {
    let dir = scratch_copy("clean");
    let out = dir.path().join("public");
    ok(&build(dir.path(), &out, AS_OF), "first build");
    (dir, out)
}

/// The output `out` of `root` equals a fresh build into an empty folder
/// (which exits with `code`), and `verify` accepts it.
fn same_as_fresh(root: &Path, out: &Path, extra: &[&str], code: i32) {
    let fresh = root.join("fresh");
    let f = build_with(root, &fresh, AS_OF, extra);
    assert_eq!(
        f.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&f.stderr)
    );
    assert_same_tree(&tree(&fresh), &tree(out), "rebuild in place vs fresh build");
    fs::remove_dir_all(&fresh).unwrap();
    let v = run(&["verify", &out.to_string_lossy()]);
    ok(&v, "verify after a rebuild in place");
}

#[test]
fn a_rebuild_rewrites_only_the_pages_that_changed() {
    let (dir, out) = built_clean();
    let root = dir.path();
    let before = tree(&out);
    let inodes: Vec<(String, u64)> = before
        .keys()
        .map(|p| (p.clone(), inode(&out.join(p))))
        .collect();
    let folder_ino = inode(&out.join("reviews/mr-2025-07"));
    let review = root.join("content/reviews/2025-07-15-mr-2025-07.md");
    let text = fs::read_to_string(&review).unwrap();
    fs::write(
        &review,
        format!("{text}\nA line added after the meeting.\n"),
    )
    .unwrap();

    // The signed minutes changed (MB050): the site is still written.
    let o = build(root, &out, AS_OF);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("MB050"));
    let after = tree(&out);
    assert!(
        after["reviews/mr-2025-07/index.html"]
            .windows(b"A line added after the meeting.".len())
            .any(|w| w == b"A line added after the meeting."),
        "the new page is in place"
    );
    // A file whose bytes are the same is the very file the first build
    // wrote; one whose bytes changed is a new file.
    let (mut kept, mut replaced) = (0, 0);
    for (path, ino) in &inodes {
        let now = inode(&out.join(path));
        if before[path] == after[path] {
            assert_eq!(now, *ino, "{path} is unchanged and was left as it was");
            kept += 1;
        } else {
            assert_ne!(now, *ino, "{path} changed and was written new");
            replaced += 1;
        }
    }
    assert!(kept > 0 && replaced > 0, "kept {kept}, replaced {replaced}");
    assert_eq!(
        inode(&out.join("reviews/mr-2025-07")),
        folder_ino,
        "folders are kept"
    );
    let leftovers: Vec<_> = walk_names(&out)
        .into_iter()
        .filter(|n| n.contains(".mb-new-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no new files left over: {leftovers:?}"
    );
    same_as_fresh(root, &out, &[], 1);
}

#[test]
fn a_rebuild_removes_the_pages_of_a_removed_record_and_their_folder() {
    let (dir, out) = built_clean();
    let root = dir.path();
    let record_pages: Vec<_> = fs::read_dir(out.join("records"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(record_pages.len(), 1, "{record_pages:?}");
    fs::remove_file(root.join("content/records/2025-03-01-internal-audit.md")).unwrap();

    let o = build(root, &out, AS_OF);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        !out.join("records").join(&record_pages[0]).exists(),
        "the removed record's folder is gone"
    );
    assert!(
        !out.join("sources/content/records/2025-03-01-internal-audit.md")
            .exists()
    );
    let fresh = root.join("fresh");
    let f = build(root, &fresh, AS_OF);
    assert_eq!(f.status.code(), o.status.code());
    assert_same_tree(
        &tree(&fresh),
        &tree(&out),
        "rebuild in place vs fresh build",
    );
    fs::remove_dir_all(&fresh).unwrap();
    ok(&run(&["verify", &out.to_string_lossy()]), "verify");
}

#[test]
fn the_new_files_of_a_killed_rebuild_are_removed_by_the_next() {
    let (dir, out) = built_clean();
    let root = dir.path();
    // What a rebuild killed before its rename step leaves: new files named
    // after a process that is gone.
    let left = out.join("reviews/mr-2025-01/.index.html.mb-new-2147483000");
    fs::write(&left, "half a page").unwrap();
    let v = run(&["verify", &out.to_string_lossy()]);
    assert_eq!(v.status.code(), Some(1), "verify names the extra file");

    ok(
        &build(root, &out, AS_OF),
        "rebuild over a killed rebuild's leftovers",
    );
    assert!(!left.exists(), "the left-over new file is removed");
    same_as_fresh(root, &out, &[], 0);

    // A new file of a process that is running is somebody else's: refused.
    let live = out.join(format!(
        "reviews/mr-2025-01/.index.html.mb-new-{}",
        std::process::id()
    ));
    fs::write(&live, "a running build's page").unwrap();
    let o = build(root, &out, AS_OF);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(live.exists());
}

#[test]
fn a_copying_rebuild_over_a_linking_build_leaves_the_evidence_intact() {
    // The first build links the evidence (the default).
    let (dir, out) = built_clean();
    let root = dir.path();
    let evidence: Vec<_> = walk_names(&root.join("content/evidence"));
    assert!(!evidence.is_empty());
    let before: Vec<_> = evidence
        .iter()
        .map(|rel| fs::read(root.join("content/evidence").join(rel)).unwrap())
        .collect();
    let linked = evidence.iter().any(|rel| {
        inode(&root.join("content/evidence").join(rel))
            == inode(&out.join("files/evidence").join(rel))
    });
    assert!(linked, "the first build linked the evidence");

    ok(
        &build_with(root, &out, AS_OF, &["--copy-evidence"]),
        "copying rebuild",
    );
    for (rel, bytes) in evidence.iter().zip(&before) {
        let source = root.join("content/evidence").join(rel);
        assert_eq!(&fs::read(&source).unwrap(), bytes, "{rel} is intact");
        assert_ne!(
            inode(&source),
            inode(&out.join("files/evidence").join(rel)),
            "{rel} is now a copy"
        );
    }
    same_as_fresh(root, &out, &["--copy-evidence"], 0);

    // Copying again keeps the copies the last build made: nothing changed.
    let copies: Vec<u64> = evidence
        .iter()
        .map(|rel| inode(&out.join("files/evidence").join(rel)))
        .collect();
    ok(
        &build_with(root, &out, AS_OF, &["--copy-evidence"]),
        "second copying rebuild",
    );
    for (rel, ino) in evidence.iter().zip(&copies) {
        assert_eq!(
            inode(&out.join("files/evidence").join(rel)),
            *ino,
            "{rel}: the unchanged copy is kept"
        );
    }
    // A changed evidence file is copied again.
    let first = root.join("content/evidence").join(&evidence[0]);
    let mut bytes = fs::read(&first).unwrap();
    bytes.extend_from_slice(b"\nappended\n");
    fs::write(&first, &bytes).unwrap();
    let o = build_with(root, &out, AS_OF, &["--copy-evidence"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "MB042: the evidence differs from the lock"
    );
    assert!(fs::read(out.join("files/evidence").join(&evidence[0])).unwrap() == bytes);
    assert_ne!(
        inode(&out.join("files/evidence").join(&evidence[0])),
        copies[0]
    );
    fs::write(&first, &before[0]).unwrap();

    // And back: a linking rebuild links again.
    ok(&build(root, &out, AS_OF), "linking rebuild");
    let rel = &evidence[0];
    assert_eq!(
        inode(&root.join("content/evidence").join(rel)),
        inode(&out.join("files/evidence").join(rel))
    );
}

/// Every file under `dir`, relative to it.
fn walk_names(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().collect()
}

#[test]
fn a_page_changed_after_the_build_is_replaced_even_with_its_size_and_times_kept() {
    let (dir, out) = built_clean();
    let root = dir.path();
    let page = out.join("reviews/mr-2025-01/index.html");
    let good = fs::read(&page).unwrap();
    let modified = fs::metadata(&page).unwrap().modified().unwrap();
    // The same size, the same modification time: only the change time
    // (which no one can set back) and the bytes tell.
    std::thread::sleep(std::time::Duration::from_millis(30));
    let mut forged = good.clone();
    let at = forged.len() / 2;
    forged[at] = if forged[at] == b'x' { b'y' } else { b'x' };
    fs::write(&page, &forged).unwrap();
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(fs::read(&page).unwrap().len(), good.len());

    ok(&build(root, &out, AS_OF), "rebuild");
    assert!(
        fs::read(&page).unwrap() == good,
        "the forged page is replaced"
    );
    same_as_fresh(root, &out, &[], 0);
}

#[test]
fn a_linked_evidence_file_changed_in_place_is_listed_with_its_new_digest() {
    let (dir, out) = built_clean();
    let root = dir.path();
    let rel = "2025/audit-report.txt";
    let source = root.join("content/evidence").join(rel);
    let placed = out.join("files/evidence").join(rel);
    assert_eq!(inode(&source), inode(&placed), "linked");
    std::thread::sleep(std::time::Duration::from_millis(30));
    // Written in place: the output's link shows the new bytes at once.
    let mut bytes = fs::read(&source).unwrap();
    bytes.extend_from_slice(b"\nedited in place\n");
    fs::write(&source, &bytes).unwrap();
    assert!(fs::read(&placed).unwrap() == bytes);

    let o = build(root, &out, AS_OF);
    assert_eq!(o.status.code(), Some(1), "MB042: it differs from the lock");
    assert!(String::from_utf8_lossy(&o.stdout).contains("MB042"));
    ok(
        &run(&["verify", &out.to_string_lossy()]),
        "SHA256SUMS lists the bytes the site now holds",
    );
}
