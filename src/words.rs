//! Counts in words for messages and pages: `1 day`, `2 days`. A message
//! that says "1 days" or "file(s)" reads as machine output to the ISMS
//! manager and auditor it is written for.

/// `n` followed by the singular or the plural word: `count(1, "day", "days")`
/// is `1 day`, `count(2, "day", "days")` is `2 days` (and `-1 day`).
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n.abs() == 1 { one } else { many })
}

/// [`count`] for days.
pub(crate) fn days(n: impl Into<i64>) -> String {
    count(n, "day", "days")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_only_for_one() {
        assert_eq!(days(1), "1 day");
        assert_eq!(days(0), "0 days");
        assert_eq!(days(2), "2 days");
        assert_eq!(count(1u32, "file", "files"), "1 file");
        assert_eq!(count(3u32, "file", "files"), "3 files");
    }
}
