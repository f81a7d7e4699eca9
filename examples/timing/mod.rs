//! What the timing examples share: `SITE [AS_OF]` from the command line.

use minutebook::model::evidence::HashOptions;

/// The site root and as-of date given as `SITE [AS_OF]` (defaults: `.`, today).
pub(crate) fn site_and_date() -> (std::path::PathBuf, minutebook::Date) {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let as_of = args
        .next()
        .and_then(|d| minutebook::Date::parse(&d))
        .unwrap_or_else(minutebook::Date::today);
    (root, as_of)
}

/// Hashing as a normal run does it: the cache used, no progress bar.
pub(crate) const HASHING: HashOptions = HashOptions {
    use_cache: true,
    progress: false,
};
