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

/// Indonesia's three time zones, where an office's day begins: deadlines, "today" and the
/// dates documents are given are an office's own, not the server's (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TimeZone {
    /// Waktu Indonesia Barat, UTC+7 (Sumatra, Java, West and Central Kalimantan).
    #[default]
    #[serde(rename = "WIB")]
    Wib,
    /// Waktu Indonesia Tengah, UTC+8 (Bali, Nusa Tenggara, South, East and North Kalimantan,
    /// Sulawesi).
    #[serde(rename = "WITA")]
    Wita,
    /// Waktu Indonesia Timur, UTC+9 (Maluku, Papua).
    #[serde(rename = "WIT")]
    Wit,
}

impl TimeZone {
    pub fn code(self) -> &'static str {
        match self {
            TimeZone::Wib => "WIB",
            TimeZone::Wita => "WITA",
            TimeZone::Wit => "WIT",
        }
    }

    /// Hours ahead of UTC.
    pub fn offset_hours(self) -> i64 {
        match self {
            TimeZone::Wib => 7,
            TimeZone::Wita => 8,
            TimeZone::Wit => 9,
        }
    }

    /// The date in this zone at `unix_seconds` (seconds since 1970-01-01T00:00:00Z).
    pub fn date_at(self, unix_seconds: i64) -> Date {
        let days = unix_seconds
            .saturating_add(self.offset_hours() * 3600)
            .div_euclid(86_400);
        Date::from_days_since_epoch(days).unwrap_or(Date::FALLBACK)
    }
}

impl FromStr for TimeZone {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "WIB" => Ok(TimeZone::Wib),
            "WITA" => Ok(TimeZone::Wita),
            "WIT" => Ok(TimeZone::Wit),
            other => Err(format!("unknown time zone '{other}' (use WIB, WITA or WIT)")),
        }
    }
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
    /// The date `days` after 1970-01-01 (civil-from-days, proleptic Gregorian); `None` outside
    /// [`YEARS`].
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The days since 1970-01-01 (days-from-civil, the inverse of [`Date::from_days_since_epoch`]).
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year - era * 400;
        let month = i64::from(self.month);
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` later (earlier when negative); `None` outside [`YEARS`].
    pub fn plus_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
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

    /// 2024-01-10T17:30:00Z is 2024-01-11 00:30 in WIB: the deadline day of an office in Java
    /// has begun though UTC says the 10th; at 16:59:59Z WIB is still the 10th. WITA turns at
    /// 16:00Z, WIT at 15:00Z.
    #[test]
    fn an_offices_day_begins_in_its_own_time_zone() {
        let at = |s: &str| -> i64 {
            // seconds since the epoch of a UTC time, counted by hand from 2024-01-10T00:00:00Z
            // = 19.732 days × 86.400 = 1.704.844.800.
            let base = 1_704_844_800_i64;
            let (h, m, sec): (i64, i64, i64) = (
                s[0..2].parse().unwrap(),
                s[3..5].parse().unwrap(),
                s[6..8].parse().unwrap(),
            );
            base + h * 3600 + m * 60 + sec
        };
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(TimeZone::Wib.date_at(at("16:59:59")), d("2024-01-10"));
        assert_eq!(TimeZone::Wib.date_at(at("17:00:00")), d("2024-01-11"));
        assert_eq!(TimeZone::Wita.date_at(at("15:59:59")), d("2024-01-10"));
        assert_eq!(TimeZone::Wita.date_at(at("16:00:00")), d("2024-01-11"));
        assert_eq!(TimeZone::Wit.date_at(at("15:00:00")), d("2024-01-11"));
        assert_eq!(Date::from_days_since_epoch(0), Some(d("1970-01-01")));
        assert_eq!(Date::from_days_since_epoch(19_732), Some(d("2024-01-10")));
        assert_eq!(Date::from_days_since_epoch(i64::MAX), None);
        assert_eq!(TimeZone::Wib.date_at(i64::MAX), Date::FALLBACK, "never a panic");
        assert_eq!("wita".parse::<TimeZone>(), Ok(TimeZone::Wita));
        assert!("GMT+7".parse::<TimeZone>().is_err());
    }

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

    #[test]
    fn days_are_counted_across_months_years_and_leap_days() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        // 2024-01-10 is day 19.732 (see above); 2000-03-01 is day 11.017 (30 years of 365 days,
        // 7 leap days 1972–1996, 31 + 29 days of 2000).
        assert_eq!(d("2024-01-10").days_since_epoch(), 19_732);
        assert_eq!(d("2000-03-01").days_since_epoch(), 30 * 365 + 7 + 31 + 29);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(d("2024-02-27").plus_days(3), Some(d("2024-03-01")), "29 February 2024");
        assert_eq!(d("2025-02-27").plus_days(3), Some(d("2025-03-02")));
        assert_eq!(d("2024-12-28").plus_days(7), Some(d("2025-01-04")));
        assert_eq!(d("2024-01-04").plus_days(-7), Some(d("2023-12-28")));
        assert_eq!(d("2024-01-04").plus_days(i64::MAX), None, "never a panic");
    }
}
