//! Times rendering by page kind, one thread, on a site: where a build's CPU
//! goes. `cargo run --release --example time_render -- SITE [AS_OF]`
//!
//! `ONLY_KIND=Document` (any page kind as printed) renders that kind three
//! times and nothing else, for a profiler; `ONLY_LISTS=1` times the list
//! views; `THEME=name` renders with the site's `themes/name/`.

mod timing;

/// The binary's allocator, so that the figures are the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use minutebook::render::{Pages, RenderOptions};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn main() {
    let (root, as_of) = timing::site_and_date();
    let hashing = timing::HASHING;
    let t = Instant::now();
    let checked = minutebook::check_site(&root, as_of, hashing);
    println!("check: {:?}", t.elapsed());
    let theme_name = std::env::var("THEME").ok();
    let theme = minutebook::render::theme::load(&root, theme_name.as_deref()).expect("theme");
    let t = Instant::now();
    let pages = Pages::new(
        &checked.site,
        &checked.index,
        &checked.report,
        &theme,
        RenderOptions::default(),
    );
    println!("Pages::new: {:?}", t.elapsed());
    if let Ok(only) = std::env::var("ONLY_KIND") {
        for _ in 0..3 {
            let t = Instant::now();
            let mut bytes = 0;
            for key in pages.keys() {
                if format!("{key:?}").starts_with(&only) {
                    bytes += pages.render(&key, 0).expect("render").len();
                }
            }
            println!("{only}: {:?} {bytes} bytes", t.elapsed());
        }
        return;
    }
    if std::env::var_os("ONLY_LISTS").is_some() {
        for _ in 0..3 {
            list_split(&pages);
        }
        return;
    }
    let mut by_kind: BTreeMap<String, (usize, usize, Duration, Duration)> = BTreeMap::new();
    for key in pages.keys() {
        let kind = format!("{key:?}");
        let kind = kind.split('(').next().unwrap_or("").to_string();
        let t = Instant::now();
        let html = pages.render(&key, 0).expect("render");
        let d = t.elapsed();
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += html.len();
        e.2 += d;
        e.3 = e.3.max(d);
    }
    let mut total = Duration::ZERO;
    for (k, (n, bytes, d, max)) in &by_kind {
        total += *d;
        println!(
            "{k:12} {n:6} pages {:8.1} MB {:8.2?} total {:8.2?} max  {:6.1} MB/s",
            *bytes as f64 / 1e6,
            d,
            max,
            *bytes as f64 / 1e6 / d.as_secs_f64()
        );
    }
    println!("pages total: {total:?}");
    document_split(&pages, &theme);
    list_split(&pages);
    let (site, index) = (&checked.site, &checked.index);
    let t = Instant::now();
    let s = minutebook::render::search::index_files(site, index);
    println!("search: {:?} ({} files)", t.elapsed(), s.len());
    let t = Instant::now();
    let j = minutebook::render::exports::site_json(site, index);
    println!("site.json: {:?} ({} MB)", t.elapsed(), j.len() / 1_000_000);
    let t = Instant::now();
    let c = minutebook::render::exports::actions_csv(site, index);
    println!("csv: {:?} ({} MB)", t.elapsed(), c.len() / 1_000_000);
}

/// Splits the time of review pages into building the view, turning it into
/// template values, and running the template.
#[allow(dead_code)]
pub fn document_split(pages: &Pages<'_>, theme: &minutebook::render::theme::Theme) {
    let ctx = &pages.ctx;
    let (mut build, mut value, mut tpl) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for i in 0..ctx.site.documents.len() {
        let path = minutebook::render::urls::document_href(ctx.site, i);
        let l = ctx.layout(&path, "t", "reviews", "t");
        let t = Instant::now();
        let v = minutebook::render::pages::document::document(ctx, i, &l.root);
        build += t.elapsed();
        let t = Instant::now();
        let mut c = tera::Context::new();
        c.insert("layout", &l);
        c.insert("page", &v);
        value += t.elapsed();
        let t = Instant::now();
        let _ = theme.tera.render("document.html", &c);
        tpl += t.elapsed();
    }
    println!("document pages: view {build:?}, to values {value:?}, template {tpl:?}");
    let t = Instant::now();
    for i in 0..ctx.site.documents.len() {
        let _ = minutebook::render::markdown::body_html(ctx.site, ctx.index, i, "../../");
    }
    println!("  of the view: body HTML {:?}", t.elapsed());
    let t = Instant::now();
    for i in 0..ctx.site.documents.len() {
        let _ = ctx.coverage(i);
    }
    println!("  of the view: coverage {:?}", t.elapsed());
    let t = Instant::now();
    for i in 0..ctx.site.documents.len() {
        let _ = ctx.decisions(i);
    }
    println!("  of the view: decisions {:?}", t.elapsed());
}

/// Splits the time of clause and person pages into building the view and the rest.
#[allow(dead_code)]
pub fn list_split(pages: &Pages<'_>) {
    let ctx = &pages.ctx;
    let t = Instant::now();
    for r in minutebook::render::pages::clauses::pages(ctx) {
        let _ = minutebook::render::pages::clauses::item(ctx, &r, "../../../", None);
    }
    println!("clause page views: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = minutebook::render::pages::actions::register(ctx, "../", None);
    println!("action register view: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = minutebook::render::pages::registers::evidence(ctx, "../", None);
    println!("evidence register view: {:?}", t.elapsed());
}
