//! `verify` on an arbitrary file: a zip bundle (or anything claiming to be
//! one). It must never panic, and its report must print one line per item.
#![no_main]

use libfuzzer_sys::fuzz_target;
use minutebook::site::verify::verify;
use std::path::PathBuf;
use std::sync::OnceLock;

fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let dir = if shm.is_dir() { shm } else { std::env::temp_dir() };
        dir.join(format!("minutebook-fuzz-verify-{}.zip", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = path();
    std::fs::write(path, data).expect("write the zip");
    if let Ok(report) = verify(path) {
        let text = report.render();
        let lines = text.lines().count();
        let digest = usize::from(report.bundle_sha256.is_some());
        let items = if report.refused.is_some() {
            // REFUSED why, then the summary: nothing else was read.
            digest + 2
        } else {
            digest
                + report.malformed.len()
                + report.unsafe_entries.len()
                + report.mismatched.len()
                + report.missing.len()
                + report.extra.len()
                + report.inconsistent.len()
                + usize::from(!report.sums_found)
                + 1
        };
        assert_eq!(lines, items, "one line per item: {text}");
        if report.is_ok() {
            assert_eq!(report.ok, report.checked);
        }
    }
});
