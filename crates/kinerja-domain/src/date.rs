//! A calendar date (signature dates, position tenures, deadlines). Parsed from ISO `YYYY-MM-DD`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The years Kinerja knows: a year outside them (a typing error, `?tahun=4294969320`) is refused
/// where it is read, so no computation on a year can overflow.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a date: {why} (expected YYYY-MM-DD, e.g. 2024-01-11)")]
pub struct DateError {
    pub input: String,
    pub why: &'static str,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// 1 January 2000: the fallback where a computed date cannot exist (never for real input).
    pub const FALLBACK: Date = Date {
        year: 2000,
        month: 1,
        day: 1,
    };

    /// A valid date, or `None` (month 13, 30 February, …).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        if !YEARS.contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day })
    }
    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |why| DateError {
            input: s.to_string(),
            why,
        };
        let mut parts = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(err("it needs three parts separated by '-'"));
        };
        let y: i32 = y.parse().map_err(|_| err("the year is not a number"))?;
        let m: u8 = m.parse().map_err(|_| err("the month is not a number"))?;
        let d: u8 = d.parse().map_err(|_| err("the day is not a number"))?;
        Date::new(y, m, d).ok_or_else(|| err("no such day in the calendar"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso() {
        let d: Date = "2024-01-11".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2024, 1, 11));
        assert_eq!(d.to_string(), "2024-01-11");
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-13-01".parse::<Date>().is_err());
        assert!("11 Januari 2024".parse::<Date>().is_err());
    }
}
