//! Times each stage of a check (load, derive, checks) on a site, twice:
//! cold, then with the document cache of the first run (serve's rebuild).
//! `cargo run --release --example time_stages -- SITE [AS_OF]`

use minutebook::evidence::inventory::HashOptions;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let as_of = args
        .next()
        .and_then(|d| minutebook::Date::parse(&d))
        .unwrap_or_else(minutebook::Date::today);
    let hashing = HashOptions {
        use_cache: true,
        progress: false,
    };
    let mut cache = minutebook::load::DocumentCache::default();
    for run in ["cold", "cached"] {
        let t = Instant::now();
        let ((site, findings), next) = minutebook::load::load_and_cache(&root, hashing, &cache);
        let load = t.elapsed();
        let t = Instant::now();
        let index = minutebook::derive::derive(&site, as_of);
        let derive = t.elapsed();
        let t = Instant::now();
        let more = minutebook::check::run(&site, &index);
        let check = t.elapsed();
        let t = Instant::now();
        let report = minutebook::Report::new(findings.into_iter().chain(more).collect());
        let sort = t.elapsed();
        println!(
            "{run}: load {load:?}, derive {derive:?}, checks {check:?}, report {sort:?} ({} findings, {} documents)",
            report.findings.len(),
            site.documents.len()
        );
        if run == "cached" {
            for (i, rule) in minutebook::check::RULES.iter().enumerate() {
                let t = Instant::now();
                let n = rule(&site, &index).len();
                println!("  rule {i}: {:?} ({n})", t.elapsed());
            }
            let t = Instant::now();
            let _ = minutebook::evidence::inventory::take(&root, hashing);
            println!("  inventory: {:?}", t.elapsed());
        }
        cache = next;
    }
}
