//! Indonesian (and English) presentation of numbers, money and dates: the one place where
//! `1.234,5`, `Rp 15.534.394.000` and `11 Januari 2024` are made.
//!
//! Rounding happens here and only here, half up (`MidpointAwayFromZero`), never banker's.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::date::Date;
use crate::i18n::Lang;

/// Rounds half away from zero to `dp` decimal places (2,5 → 3; −2,5 → −3).
pub fn round_half_up(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `1234.5` → `1.234,5` (at most `max_dp` decimals, trailing zeros dropped).
pub fn number(value: Decimal, max_dp: u32) -> String {
    let rounded = round_half_up(value, max_dp).normalize();
    let text = rounded.abs().to_string();
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 2);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    let digits = int_part.as_bytes();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(*d as char);
    }
    if let Some(frac) = frac_part {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// `97.5` → `97,5%`.
pub fn percent(value: Decimal) -> String {
    format!("{}%", number(value, 2))
}

/// `15534394000` → `Rp 15.534.394.000`; cents, when present, after a comma.
pub fn rupiah(value: Decimal) -> String {
    format!("Rp {}", number(value, 2))
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of month 1..=12.
pub fn month_name(month: u8, lang: Lang) -> &'static str {
    let i = usize::from(month.clamp(1, 12) - 1);
    match lang {
        Lang::Id => MONTHS_ID[i],
        Lang::En => MONTHS_EN[i],
    }
}

/// `11 Januari 2024`.
pub fn date(d: Date, lang: Lang) -> String {
    format!("{} {} {}", d.day(), month_name(d.month(), lang), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn numbers_use_dot_grouping_and_comma_decimals() {
        assert_eq!(number(d("1234.5"), 2), "1.234,5");
        assert_eq!(number(d("15534394000"), 2), "15.534.394.000");
        assert_eq!(number(d("2498"), 2), "2.498");
        assert_eq!(number(d("100.00"), 2), "100");
        assert_eq!(number(d("999"), 2), "999");
        assert_eq!(number(d("-1234567.891"), 2), "-1.234.567,89");
        assert_eq!(number(d("0.5"), 2), "0,5");
    }

    #[test]
    fn rounding_is_half_up_never_bankers() {
        // Banker's rounding would give 2 and 0,12.
        assert_eq!(round_half_up(d("2.5"), 0), d("3"));
        assert_eq!(round_half_up(d("0.125"), 2), d("0.13"));
        assert_eq!(round_half_up(d("-2.5"), 0), d("-3"));
        assert_eq!(number(d("166.665"), 2), "166,67");
        assert_eq!(percent(d("66.666666")), "66,67%");
    }

    #[test]
    fn money_and_dates() {
        assert_eq!(rupiah(d("15534394000")), "Rp 15.534.394.000");
        assert_eq!(rupiah(d("828483000.50")), "Rp 828.483.000,5");
        let date_ = Date::new(2024, 1, 11).unwrap();
        assert_eq!(date(date_, Lang::Id), "11 Januari 2024");
        assert_eq!(date(date_, Lang::En), "11 January 2024");
        assert_eq!(month_name(8, Lang::Id), "Agustus");
    }
}
