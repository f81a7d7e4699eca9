//! Times each stage of a check (load, derive, checks) on a site, twice:
//! cold, then with the document cache of the first run (serve's rebuild).
//! `cargo run --release --example time_stages -- SITE [AS_OF]`

mod timing;

use std::time::Instant;

fn main() {
    let (root, as_of) = timing::site_and_date();
    let hashing = timing::HASHING;
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
            let _ = minutebook::load::evidence::inventory::take(&root, hashing);
            println!("  inventory: {:?}", t.elapsed());
            let report = minutebook::Report::default();
            pages_timing(&site, &index, &report);
        }
        cache = next;
    }
    rebuild_timing(&root, as_of);
}

/// Times preparing the pages of a site (serve's lazy site).
#[allow(dead_code)]
fn pages_timing(
    site: &minutebook::model::Site,
    index: &minutebook::derive::Index,
    report: &minutebook::Report,
) {
    let theme = minutebook::render::theme::load(&site.root, None).expect("theme");
    let opts = minutebook::render::RenderOptions { live_reload: true };
    let t = Instant::now();
    let ctx = minutebook::render::pages::common::Ctx::new(site, index, report, true);
    println!("  ctx: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = minutebook::render::pages::people::index(&ctx);
    println!("  people index: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = minutebook::render::pages::clauses::pages(&ctx);
    println!("  clause pages: {:?}", t.elapsed());
    let t = Instant::now();
    let p = minutebook::render::Pages::new(site, index, report, &theme, opts);
    println!("  Pages::new: {:?}", t.elapsed());
    let t = Instant::now();
    let keys = p.keys();
    println!("  keys ({}): {:?}", keys.len(), t.elapsed());
    let t = Instant::now();
    let _: Vec<String> = keys.iter().map(|k| p.path(k)).collect();
    println!("  paths: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = p.render(&minutebook::render::PageKey::NotFound, 0);
    println!("  404: {:?}", t.elapsed());
}

/// Times serve's whole rebuild after a one-file edit (what the live reload waits for).
#[allow(dead_code)]
pub fn rebuild_timing(root: &std::path::Path, as_of: minutebook::Date) {
    use minutebook::site::serve::{BuildOptions, Rebuilder};
    let options = BuildOptions {
        as_of: Some(as_of),
        deny_warnings: false,
    };
    let mut r = Rebuilder::default();
    let _ = r.rebuild(root, &options);
    let mut reviews: Vec<_> = std::fs::read_dir(root.join("content/reviews"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    reviews.sort();
    let Some(last) = reviews.last().cloned() else {
        return;
    };
    for _ in 0..std::env::var("REBUILDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
    {
        let now = std::time::SystemTime::now();
        let f = std::fs::File::options()
            .append(true)
            .open(&last)
            .expect("open");
        f.set_modified(now).expect("touch");
        r.changed(root, std::slice::from_ref(&last));
        let t = Instant::now();
        let ok = r.rebuild(root, &options).is_ok();
        println!(
            "  serve rebuild after touching {}: {:?} (ok: {ok})",
            last.display(),
            t.elapsed()
        );
    }
}
