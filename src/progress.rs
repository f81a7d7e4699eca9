//! The one progress bar of long file work (hashing evidence, zipping a site,
//! verifying one): drawn on stderr only when asked for, when stderr is a
//! terminal and when there is enough to read that it would not just flicker,
//! so scripts, CI logs and small sites never see it. A bottom module: every
//! stage may use it, it uses none of them.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal};

/// Below this many bytes to read, a progress bar would only flicker.
pub(crate) const MIN_BYTES: u64 = 64 * 1024 * 1024;

/// A bar for `bytes` of work named `label` (`hashing evidence`), or None when
/// it would be noise: not `wanted`, not a terminal, or at most [`MIN_BYTES`].
pub(crate) fn bar(label: &str, wanted: bool, bytes: u64) -> Option<ProgressBar> {
    if !wanted || bytes <= MIN_BYTES || !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{label} [{{bar:30}}] {{binary_bytes}}/{{binary_total_bytes}} {{binary_bytes_per_sec}} eta {{eta}}"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_bar_when_not_wanted_or_small() {
        assert!(bar("hashing evidence", false, MIN_BYTES * 4).is_none());
        assert!(bar("hashing evidence", true, MIN_BYTES).is_none());
    }
}
