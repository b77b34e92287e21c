//! Calendar dates (proleptic Gregorian), enough for a dated record: parse, order, print, count days.

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
/// assert!("2025-02-30".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

impl Date {
    /// A validated date.
    ///
    /// # Errors
    /// A message when the month or day does not exist.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} does not exist (use 01–12)"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(format!(
                "day {day} does not exist in {year}-{month:02} (it has {} days)",
                days_in_month(year, month)
            ));
        }
        Ok(Self { year, month, day })
    }

    /// Days since 1970-01-01 (negative before); used for time axes.
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        Date {
            year: (y + i64::from(m <= 2)) as i32,
            month: m as u32,
            day: d as u32,
        }
    }

    /// Fractional year (2025.0 on 1 January 2025), for plot axes.
    pub fn as_year_fraction(&self) -> f64 {
        let start = Date::new(self.year, 1, 1)
            .expect("valid")
            .days_since_epoch();
        let end = Date::new(self.year + 1, 1, 1)
            .expect("valid")
            .days_since_epoch();
        f64::from(self.year) + (self.days_since_epoch() - start) as f64 / (end - start) as f64
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2025-04-10");
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let y: i32 = parts[0].parse().map_err(|_| bad())?;
        let m: u32 = parts[1].parse().map_err(|_| bad())?;
        let d: u32 = parts[2].parse().map_err(|_| bad())?;
        Date::new(y, m, d).map_err(|e| format!("`{s}`: {e}"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
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
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2025, 2, 29).is_err());
        assert!("2025-4-1".parse::<Date>().is_err());
    }

    proptest! {
        #![proptest_config(truce_testkit::seeded(256))]
        #[test]
        fn days_round_trip(days in -100_000i64..100_000) {
            let d = Date::from_days_since_epoch(days);
            prop_assert_eq!(d.days_since_epoch(), days);
            prop_assert_eq!(d.to_string().parse::<Date>().unwrap(), d);
        }
    }
}
