//! Reporting periods of a year: months B1–B12, quarters TW1–TW4 (Tw I–IV), and the whole year.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::format;
use crate::i18n::Lang;

/// How a plan's schedule and monitoring are cut: by month or by quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    #[default]
    Month,
    Quarter,
}

impl PeriodKind {
    /// How many periods a year has.
    pub fn count(self) -> u8 {
        match self {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
        }
    }
    pub fn period(self, n: u8) -> Option<Period> {
        (1..=self.count()).contains(&n).then_some(match self {
            PeriodKind::Month => Period::Month(n),
            PeriodKind::Quarter => Period::Quarter(n),
        })
    }
}

impl FromStr for PeriodKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "month" | "bulan" | "monthly" => Ok(PeriodKind::Month),
            "quarter" | "triwulan" | "quarterly" => Ok(PeriodKind::Quarter),
            other => Err(format!("unknown period kind '{other}' (use month or quarter)")),
        }
    }
}

/// One period of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// Month 1..=12 (`B6`).
    Month(u8),
    /// Quarter 1..=4 (`TW2`).
    Quarter(u8),
    /// The whole year (a realisation reported once, as the LKj does).
    Year,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a period: use B1..B12 for a month, TW1..TW4 for a quarter, or Y for the year")]
pub struct PeriodError(pub String);

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

impl Period {
    /// The last month this period covers (B6 → 6, TW2 → 6, year → 12).
    pub fn end_month(self) -> u8 {
        match self {
            Period::Month(m) => m,
            Period::Quarter(q) => q * 3,
            Period::Year => 12,
        }
    }
    /// The first month this period covers.
    pub fn start_month(self) -> u8 {
        match self {
            Period::Month(m) => m,
            Period::Quarter(q) => q * 3 - 2,
            Period::Year => 1,
        }
    }
    /// Whether this period ends at or before `until` ends (year-to-date membership).
    pub fn within(self, until: Period) -> bool {
        self.end_month() <= until.end_month()
    }
    pub fn kind(self) -> Option<PeriodKind> {
        match self {
            Period::Month(_) => Some(PeriodKind::Month),
            Period::Quarter(_) => Some(PeriodKind::Quarter),
            Period::Year => None,
        }
    }
    /// `Juni`, `Triwulan II`, `Tahun`.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Period::Month(m), _) => format::month_name(m, lang).to_string(),
            (Period::Quarter(q), Lang::Id) => {
                format!("Triwulan {}", ROMAN[usize::from(q.clamp(1, 4) - 1)])
            }
            (Period::Quarter(q), Lang::En) => {
                format!("Quarter {}", ROMAN[usize::from(q.clamp(1, 4) - 1)])
            }
            (Period::Year, Lang::Id) => "Tahun".into(),
            (Period::Year, Lang::En) => "Year".into(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => write!(f, "B{m}"),
            Period::Quarter(q) => write!(f, "TW{q}"),
            Period::Year => f.write_str("Y"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    /// `B6`, `b6`, `TW2`, `Tw 2`, `TW II`, `Y`, `tahun`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PeriodError(s.to_string());
        let t: String = s.split_whitespace().collect::<String>().to_ascii_uppercase();
        if t == "Y" || t == "TAHUN" || t == "YEAR" {
            return Ok(Period::Year);
        }
        let (prefix_len, kind) = if t.starts_with("TW") {
            (2, PeriodKind::Quarter)
        } else if t.starts_with('B') {
            (1, PeriodKind::Month)
        } else {
            return Err(err());
        };
        let n = &t[prefix_len..];
        let number = match n.parse::<u8>() {
            Ok(v) => v,
            Err(_) if kind == PeriodKind::Quarter => ROMAN
                .iter()
                .position(|r| *r == n)
                .map(|i| i as u8 + 1)
                .ok_or_else(err)?,
            Err(_) => return Err(err()),
        };
        kind.period(number).ok_or_else(err)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_ways_offices_write_periods() {
        assert_eq!("B6".parse::<Period>().unwrap(), Period::Month(6));
        assert_eq!("b12".parse::<Period>().unwrap(), Period::Month(12));
        assert_eq!("TW2".parse::<Period>().unwrap(), Period::Quarter(2));
        assert_eq!("Tw 4".parse::<Period>().unwrap(), Period::Quarter(4));
        assert_eq!("TW III".parse::<Period>().unwrap(), Period::Quarter(3));
        assert_eq!("Y".parse::<Period>().unwrap(), Period::Year);
        assert!("B13".parse::<Period>().is_err());
        assert!("TW5".parse::<Period>().is_err());
        assert!("Q1".parse::<Period>().is_err());
    }

    #[test]
    fn quarters_cover_months() {
        assert_eq!(
            (Period::Quarter(2).start_month(), Period::Quarter(2).end_month()),
            (4, 6)
        );
        assert!(Period::Month(6).within(Period::Quarter(2)));
        assert!(!Period::Month(7).within(Period::Quarter(2)));
        assert_eq!(Period::Quarter(2).label(Lang::Id), "Triwulan II");
        assert_eq!(Period::Month(6).to_string(), "B6");
    }
}
