//! Calendar dates of the records, timelines and scenarios: a validated `YYYY-MM-DD` on the
//! `jiff` crate's civil date (proleptic Gregorian; the calendar arithmetic is jiff's).
//!
//! A [`Date`] can only be built valid: [`Date::new`] and parsing check the month and the day
//! (2025-02-29 is refused, naming the days the month has), and [`Date::constant`] refuses an
//! invalid literal at compile time. Where a date comes from a file, the caller names the file,
//! line and field around the message of [`Date::from_str`] (TOML scenarios and records through
//! their spans; `truce timeline` names its flag).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A calendar date, ordered chronologically.
///
/// # Example
/// ```
/// use truce_scenario::Date;
/// let d: Date = "2025-04-10".parse().unwrap();
/// assert_eq!(d.to_string(), "2025-04-10");
/// assert!(d < "2025-05-14".parse().unwrap());
/// assert_eq!((d.year(), d.month(), d.day()), (2025, 4, 10));
/// let err = "2025-02-29".parse::<Date>().unwrap_err();
/// assert!(err.contains("day 29 does not exist in 2025-02 (it has 28 days)"), "{err}");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

/// 1 January 1970, the origin of [`Date::days_since_epoch`].
const EPOCH: jiff::civil::Date = jiff::civil::Date::constant(1970, 1, 1);

impl Date {
    /// A validated date.
    ///
    /// # Errors
    /// A message naming the month or day that does not exist, or a year outside 1–9999.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self, String> {
        let y = i16::try_from(year)
            .ok()
            .filter(|y| (1..=9999).contains(y))
            .ok_or_else(|| format!("year {year} is out of range (use 0001–9999)"))?;
        let m = i8::try_from(month)
            .ok()
            .filter(|m| (1..=12).contains(m))
            .ok_or_else(|| format!("month {month} does not exist (use 01–12)"))?;
        let days = jiff::civil::Date::new(y, m, 1)
            .map_err(|e| e.to_string())?
            .days_in_month();
        let d = i8::try_from(day)
            .ok()
            .filter(|d| (1..=days).contains(d))
            .ok_or_else(|| {
                format!("day {day} does not exist in {year:04}-{month:02} (it has {days} days)")
            })?;
        jiff::civil::Date::new(y, m, d)
            .map(Date)
            .map_err(|e| e.to_string())
    }

    /// A date written in the code, checked when the program is compiled: an invalid literal
    /// (`Date::constant(2025, 2, 29)`) in a `const` is a compile error.
    ///
    /// # Panics
    /// On a date that does not exist (at compile time in a `const` context).
    pub const fn constant(year: i16, month: i8, day: i8) -> Date {
        Date(jiff::civil::Date::constant(year, month, day))
    }

    /// The year.
    pub fn year(&self) -> i32 {
        i32::from(self.0.year())
    }

    /// The month, 1–12.
    pub fn month(&self) -> u32 {
        self.0.month().unsigned_abs().into()
    }

    /// The day of the month, 1–31.
    pub fn day(&self) -> u32 {
        self.0.day().unsigned_abs().into()
    }

    /// Days since 1970-01-01 (negative before); used for time axes.
    pub fn days_since_epoch(&self) -> i64 {
        i64::from((self.0 - EPOCH).get_days())
    }

    /// The date `days` days after this one (before it when negative), or `None` outside the
    /// years 1–9999.
    pub fn checked_add_days(&self, days: i64) -> Option<Date> {
        let span = jiff::Span::new().try_days(days).ok()?;
        self.0
            .checked_add(span)
            .ok()
            .filter(|d| d.year() >= 1)
            .map(Date)
    }

    /// Fractional year (2025.0 on 1 January 2025), for plot axes.
    pub fn as_year_fraction(&self) -> f64 {
        f64::from(self.0.year())
            + f64::from(self.0.day_of_year() - 1) / f64::from(self.0.days_in_year())
    }
}

impl FromStr for Date {
    type Err = String;

    /// Parses exactly `YYYY-MM-DD` (four, two and two digits).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2025-04-10");
        let t = s.trim();
        let b = t.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit());
        if !shape {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().map_err(|_| bad());
        let y = i32::try_from(num(0..4)?).map_err(|_| bad())?;
        Date::new(y, num(5..7)?, num(8..10)?).map_err(|e| format!("`{s}`: {e}"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    /// Accepts a TOML local date (`date = 2025-04-10`) or a string (`date = "2025-04-10"`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = toml::Value::deserialize(d)?;
        match v {
            toml::Value::String(s) => s.parse().map_err(D::Error::custom),
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(date), None) => Date::new(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                )
                .map_err(D::Error::custom),
                _ => Err(D::Error::custom(format!(
                    "`{dt}` is not a plain date; write YYYY-MM-DD without a time"
                ))),
            },
            other => Err(D::Error::custom(format!(
                "expected a date such as 2025-04-10, found {}",
                other.type_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Date::constant(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(Date::constant(2000, 3, 1).days_since_epoch(), 11_017);
        assert_eq!(Date::constant(1969, 12, 31).days_since_epoch(), -1);
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2000, 2, 29).is_ok());
        assert!(Date::new(1900, 2, 29).is_err());
        assert!(Date::new(2025, 13, 1).is_err());
        assert!(Date::new(0, 1, 1).is_err());
        assert!(Date::new(10_000, 1, 1).is_err());
    }

    #[test]
    fn parsing_is_strict_and_names_the_problem() {
        for s in [
            "2025-4-1",
            "2025-04-1",
            "25-04-10",
            "2025/04/10",
            "20250410",
            "2025-04-10T00:00",
            "+2025-04-10",
            "2025-0a-10",
            "",
        ] {
            let e = s.parse::<Date>().unwrap_err();
            assert!(e.contains("write it as YYYY-MM-DD"), "{s}: {e}");
        }
        let e = "2025-02-30".parse::<Date>().unwrap_err();
        assert_eq!(
            e,
            "`2025-02-30`: day 30 does not exist in 2025-02 (it has 28 days)"
        );
        let e = "2025-00-10".parse::<Date>().unwrap_err();
        assert!(e.contains("month 0 does not exist"), "{e}");
        assert_eq!(
            " 2025-04-10 ".parse::<Date>().unwrap(),
            Date::constant(2025, 4, 10)
        );
    }

    #[test]
    fn year_fraction() {
        assert_eq!(Date::constant(2025, 1, 1).as_year_fraction(), 2025.0);
        assert_eq!(Date::constant(2024, 7, 2).as_year_fraction(), 2024.5);
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        #[test]
        fn days_round_trip(days in -100_000i64..100_000) {
            let d = Date::constant(1970, 1, 1).checked_add_days(days).unwrap();
            prop_assert_eq!(d.days_since_epoch(), days);
            prop_assert_eq!(d.to_string().parse::<Date>().unwrap(), d);
            prop_assert_eq!(Date::new(d.year(), d.month(), d.day()).unwrap(), d);
        }
    }
}
