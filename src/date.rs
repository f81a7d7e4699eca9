//! Calendar dates as minutes use them: `YYYY-MM-DD`, no time, no zone.
//!
//! A small civil-calendar type keeps date arithmetic (cadence months, days to
//! close, overdue) exact and dependency-free.

use std::fmt;

/// A day in the proleptic Gregorian calendar, stored as days since 1970-01-01.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(i32);

impl Date {
    /// Builds a date from its parts, refusing impossible days (2025-02-30).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Parses exactly `YYYY-MM-DD`, the only form the spec allows.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |s: &str| -> Option<u32> {
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        let year = digits(text.get(0..4)?)?;
        let month = digits(text.get(5..7)?)?;
        let day = digits(text.get(8..10)?)?;
        Date::from_ymd(year as i32, month, day)
    }

    /// The date of a Unix timestamp (UTC), for `SOURCE_DATE_EPOCH` and today;
    /// clamped to 0001-01-01 ..= 9999-12-31, the dates minutes can write.
    pub(crate) fn from_unix_seconds(secs: i64) -> Date {
        Date::clamped(secs.div_euclid(86_400))
    }

    /// The first and last dates `YYYY-MM-DD` can write.
    const FIRST_DAY: i32 = -719_162; // 0001-01-01
    const LAST_DAY: i32 = 2_932_896; // 9999-12-31

    /// A day count kept inside the dates minutes can write: arithmetic on
    /// configured windows (`signoff_within_days`, `cadence_months`) saturates
    /// there instead of wrapping to a date in the past.
    fn clamped(days: i64) -> Date {
        Date(days.clamp(i64::from(Date::FIRST_DAY), i64::from(Date::LAST_DAY)) as i32)
    }

    /// Today in UTC, the as-of date when none is given, so "overdue" means the
    /// same on every machine whatever its time zone.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_unix_seconds(secs)
    }

    /// Days since 1970-01-01 (negative before).
    #[cfg(test)]
    pub(crate) fn days(self) -> i32 {
        self.0
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub(crate) fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    /// The date `n` days later (saturating at 9999-12-31 / 0001-01-01).
    pub fn add_days(self, n: i32) -> Date {
        Date::clamped(i64::from(self.0) + i64::from(n))
    }

    /// The same day `n` months later, clamped to the month's end (Jan 31 + 1 =
    /// Feb 28/29), and saturating at 9999-12-31.
    pub(crate) fn add_months(self, n: u32) -> Date {
        let (y, m, d) = self.ymd();
        let total = i64::from(y) * 12 + i64::from(m - 1) + i64::from(n);
        let Ok(ny) = i32::try_from(total.div_euclid(12)) else {
            return Date(Date::LAST_DAY);
        };
        if ny > 9999 {
            return Date(Date::LAST_DAY);
        }
        let nm = total.rem_euclid(12) as u32 + 1;
        let nd = d.min(days_in_month(ny, nm));
        Date(days_from_civil(ny, nm, nd))
    }

    /// Year, month, day.
    pub(crate) fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// The year, for grouping evidence and reviews.
    pub(crate) fn year(self) -> i32 {
        self.ymd().0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The as-of date when none is given: `SOURCE_DATE_EPOCH`, else today.
pub fn default_as_of() -> Result<Date, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .map(Date::from_unix_seconds)
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be whole seconds since 1970, not `{v}`")),
        _ => Ok(Date::today()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for s in ["1970-01-01", "2024-02-29", "2025-12-31", "2000-03-01"] {
            assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
    }

    #[test]
    fn refuses_impossible_and_malformed_dates() {
        for s in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "25-01-01",
            "2025/01/01",
            "",
            "2025-00-10",
        ] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        let d = Date::parse("2025-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2025-02-28");
        assert_eq!(d.add_months(12).to_string(), "2026-01-31");
        assert_eq!(
            Date::parse("2024-08-31").unwrap().add_months(6).to_string(),
            "2025-02-28"
        );
    }

    #[test]
    fn arithmetic_saturates_at_the_last_writable_date() {
        let d = Date::parse("2025-01-31").unwrap();
        assert_eq!(d.add_months(u32::MAX).to_string(), "9999-12-31");
        assert_eq!(d.add_months(12 * 7975).to_string(), "9999-12-31");
        assert_eq!(d.add_days(i32::MAX).to_string(), "9999-12-31");
        assert_eq!(d.add_days(i32::MIN).to_string(), "0001-01-01");
        assert_eq!(Date::from_unix_seconds(i64::MAX).to_string(), "9999-12-31");
        assert_eq!(
            Date::parse("0001-01-01").map(Date::days),
            Some(Date::FIRST_DAY)
        );
        assert_eq!(
            Date::parse("9999-12-31").map(Date::days),
            Some(Date::LAST_DAY)
        );
    }

    #[test]
    fn counts_days() {
        let a = Date::parse("2025-01-01").unwrap();
        let b = Date::parse("2025-03-01").unwrap();
        assert_eq!(a.days_until(b), 59);
        assert_eq!(Date::from_unix_seconds(0).to_string(), "1970-01-01");
    }
}
