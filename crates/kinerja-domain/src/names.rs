//! What people type to name things: a plan year, a login, an office's code. Each is a type of
//! its own, made only by a parser that says what is wrong, so a year out of range
//! (`?tahun=4294969320`) or a login with a space never gets past the edge where it is read, and
//! one is never passed where another is meant.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a typed name was refused: what was typed and what was expected, in English (the web and
/// the CLI put it beside the field).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not {expected}")]
pub struct NameError {
    /// What was typed (cut to 40 characters).
    pub input: String,
    pub expected: &'static str,
}

impl NameError {
    fn new(input: &str, expected: &'static str) -> Self {
        let input = match input.char_indices().nth(40) {
            Some((at, _)) => format!("{}…", &input[..at]),
            None => input.to_string(),
        };
        NameError { input, expected }
    }
}

/// A plan year (tahun anggaran) Kinerja accepts: 2000–2100. Every year read from a form, a URL,
/// a file or the command line goes through [`Year::new`] or `parse`, so every computation on one
/// (`next`, a deadline in the next year, a Renstra's span) stays in range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(i32);

impl Year {
    pub const FIRST: Year = Year(2000);
    pub const LAST: Year = Year(2100);
    const EXPECTED: &'static str = "a year 2000–2100";

    /// The year `y`, or `None` outside 2000–2100.
    pub fn new(y: i64) -> Option<Year> {
        let y = i32::try_from(y).ok()?;
        (Self::FIRST.0..=Self::LAST.0).contains(&y).then_some(Year(y))
    }

    /// A year written in code (`Year::of(2024)`, in tests and constants). Outside 2000–2100 it
    /// stops compilation in a `const`, and panics elsewhere: anything read uses [`Year::new`] or
    /// `parse`.
    pub const fn of(y: i32) -> Year {
        assert!(y >= Self::FIRST.0 && y <= Self::LAST.0, "a year 2000–2100");
        Year(y)
    }

    /// The year as a number (for SQL, arithmetic on dates, display).
    pub fn get(self) -> i32 {
        self.0
    }

    /// The year `n` years later (earlier when `n` is negative), or `None` outside 2000–2100.
    pub fn plus(self, n: i64) -> Option<Year> {
        Year::new(i64::from(self.0).checked_add(n)?)
    }

    /// The year after, or `None` after 2100.
    pub fn next(self) -> Option<Year> {
        self.plus(1)
    }

    /// The year before, or `None` before 2000.
    pub fn previous(self) -> Option<Year> {
        self.plus(-1)
    }

    /// The years from `self` to `last`, both included (none when `last` comes first).
    pub fn through(self, last: Year) -> impl Iterator<Item = Year> {
        (self.0..=last.0).map(Year)
    }
}

impl FromStr for Year {
    type Err = NameError;

    /// Digits only (surrounding spaces allowed): `2024`, not `+2024`, `2024.0` or `２０２４`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NameError::new(s, Self::EXPECTED));
        }
        t.parse()
            .ok()
            .and_then(Year::new)
            .ok_or_else(|| NameError::new(s, Self::EXPECTED))
    }
}

impl TryFrom<i64> for Year {
    type Error = NameError;

    fn try_from(y: i64) -> Result<Self, Self::Error> {
        Year::new(y).ok_or_else(|| NameError::new(&y.to_string(), Self::EXPECTED))
    }
}

impl From<Year> for i32 {
    fn from(y: Year) -> i32 {
        y.0
    }
}

impl From<Year> for i64 {
    fn from(y: Year) -> i64 {
        i64::from(y.0)
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Year {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(self.0)
    }
}

impl<'de> Deserialize<'de> for Year {
    /// A JSON number (`2024`) or a string of digits (`"2024"`, as a URL query gives it).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(i64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(n) => Year::try_from(n),
            Raw::Text(t) => t.parse(),
        }
        .map_err(serde::de::Error::custom)
    }
}

/// Declares a name type: text of a checked shape, compared and stored as written.
macro_rules! name_type {
    ($(#[$m:meta])* $name:ident, $expected:literal, $valid:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            const EXPECTED: &'static str = $expected;

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = NameError;

            /// Surrounding spaces are dropped and letters lowercased before the shape is checked.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim().to_lowercase();
                let valid: fn(&str) -> bool = $valid;
                if valid(&t) { Ok($name(t)) } else { Err(NameError::new(s, Self::EXPECTED)) }
            }
        }

        impl From<$name> for String {
            fn from(n: $name) -> String {
                n.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = NameError;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Read as text anywhere text is read (`&office.code` where a `&str` is taken); made
        /// only by parsing.
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

impl OfficeCode {
    /// A code this crate makes from a known-good pattern (synthetic offices, `sx-0001`).
    pub(crate) fn made(code: String) -> OfficeCode {
        debug_assert!(code.parse::<OfficeCode>().is_ok(), "{code}");
        OfficeCode(code)
    }
}

impl Login {
    /// A login as an office's admin makes it: what they typed, ending with `.` and the office's
    /// code (`Budi` in `kpu-kota-metro` → `budi.kpu-kota-metro`; one that already ends so is
    /// kept). Every login an office makes names its office.
    pub fn in_office(typed: &str, office: &OfficeCode) -> Result<Login, NameError> {
        let typed = typed.trim().to_lowercase();
        let suffix = format!(".{office}");
        if typed.ends_with(&suffix) {
            typed.parse()
        } else {
            format!("{typed}{suffix}").parse()
        }
    }
}

fn slug(s: &str, min: usize, also: &[char]) -> bool {
    (min..=64).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || also.contains(&c))
}

name_type!(
    /// A user's sign-in name (`operator.kpu-kota-metro`): 3–64 of a–z, 0–9, `.`, `-`, `_`,
    /// beginning with a letter; typed in any case, kept in lower case.
    Login,
    "a login (3–64 of a–z, 0–9, '.', '-', '_', beginning with a letter)",
    |s| slug(s, 3, &['.', '-', '_'])
);

name_type!(
    /// An office's short code, used in URLs, logins and on the command line (`kpu-kota-metro`):
    /// 1–64 of a–z, 0–9, `.`, `-`, `_`, beginning with a letter; typed in any case, kept in
    /// lower case.
    OfficeCode,
    "an office code (1–64 of a–z, 0–9, '.', '-', '_', beginning with a letter)",
    |s| slug(s, 1, &['.', '-', '_'])
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_year_is_digits_from_2000_to_2100() {
        assert_eq!("2024".parse::<Year>().unwrap().get(), 2024);
        assert_eq!(" 2000 ".parse::<Year>().unwrap(), Year::FIRST);
        assert_eq!("2100".parse::<Year>().unwrap(), Year::LAST);
        for bad in [
            "1999",
            "2101",
            "4294969320",
            "-2024",
            "+2024",
            "2024.0",
            "２０２４",
            "",
            "tahun",
        ] {
            let e = bad.parse::<Year>().unwrap_err();
            assert_eq!(e.expected, "a year 2000–2100", "{bad}");
        }
        // 4294969320 = 2^32 + 2024: cast to i32 it would be 2024.
        assert_eq!(Year::new(4_294_969_320), None);
        assert_eq!(Year::new(2024).and_then(Year::next).map(Year::get), Some(2025));
        assert_eq!(Year::LAST.next(), None);
        assert_eq!(Year::of(2025).plus(4), Some(Year::of(2029)));
        assert_eq!(Year::of(2099).plus(4), None);
        assert_eq!(Year::of(2024).plus(i64::MAX), None);
        assert_eq!(Year::FIRST.previous(), None);
        let span: Vec<i32> = Year::new(2025)
            .unwrap()
            .through(Year::new(2029).unwrap())
            .map(Year::get)
            .collect();
        assert_eq!(span, [2025, 2026, 2027, 2028, 2029]);
        assert_eq!(Year::new(2029).unwrap().through(Year::new(2025).unwrap()).count(), 0);
    }

    #[test]
    fn a_year_reads_from_json_as_a_number_or_digits() {
        let y: Year = serde_json::from_str("2024").unwrap();
        assert_eq!(y.get(), 2024);
        let y: Year = serde_json::from_str("\"2025\"").unwrap();
        assert_eq!(y.get(), 2025);
        assert_eq!(serde_json::to_string(&y).unwrap(), "2025");
        let e = serde_json::from_str::<Year>("4294969320").unwrap_err().to_string();
        assert!(e.contains("'4294969320' is not a year 2000–2100"), "{e}");
    }

    #[test]
    fn logins_and_office_codes_are_lower_case_slugs() {
        let l: Login = " Operator.KPU-Kota-Metro ".parse().unwrap();
        assert_eq!(l.as_str(), "operator.kpu-kota-metro");
        assert_eq!(l, "operator.kpu-kota-metro");
        for bad in ["ab", "1admin", "ad min", "admin@kpu", "adminé", &"a".repeat(65)] {
            assert!(bad.parse::<Login>().is_err(), "{bad}");
        }
        let c: OfficeCode = "kpu-kota-metro".parse().unwrap();
        assert_eq!(c.to_string(), "kpu-kota-metro");
        assert_eq!("KPU_Kota.Metro".parse::<OfficeCode>().unwrap(), "kpu_kota.metro");
        for bad in ["kpu/kota", "-kpu", "", "kpu kota", "kpu?x=1", "1kpu"] {
            let e = bad.parse::<OfficeCode>().unwrap_err();
            assert!(e.to_string().contains("is not an office code"), "{bad}: {e}");
        }
        let long = format!("{}x", "a".repeat(64));
        let e = long.parse::<OfficeCode>().unwrap_err();
        assert_eq!(e.input, format!("{}…", &long[..40]));
        let e = "a b".repeat(30).parse::<Login>().unwrap_err();
        assert_eq!(e.input.chars().count(), 41, "cut to 40 characters and an ellipsis");
        let e = serde_json::from_str::<Login>("\"a b\"").unwrap_err().to_string();
        assert!(e.contains("'a b' is not a login"), "{e}");
    }

    #[test]
    fn an_office_login_names_its_office() {
        let metro: OfficeCode = "kpu-kota-metro".parse().unwrap();
        let l = |s: &str| Login::in_office(s, &metro).map(Login::into_string);
        assert_eq!(l(" Budi ").unwrap(), "budi.kpu-kota-metro");
        assert_eq!(l("bu").unwrap(), "bu.kpu-kota-metro", "the part typed may be short");
        assert_eq!(
            l("budi.kpu-kota-metro").unwrap(),
            "budi.kpu-kota-metro",
            "kept, not doubled"
        );
        assert_eq!(
            l("budi.kpu-kota-metro.kpu-kota-metro").unwrap(),
            "budi.kpu-kota-metro.kpu-kota-metro"
        );
        for bad in ["", "budi santoso", "1budi", &"b".repeat(50)] {
            assert!(l(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_text_parses_to_a_year_in_range_or_an_error(s in "\\PC{0,12}") {
            if let Ok(y) = s.parse::<Year>() {
                prop_assert!((2000..=2100).contains(&y.get()));
                prop_assert_eq!(y.to_string(), s.trim());
            }
        }

        #[test]
        fn any_number_is_a_year_exactly_when_in_range(n in any::<i64>()) {
            prop_assert_eq!(Year::new(n).is_some(), (2000..=2100).contains(&n));
        }

        #[test]
        fn a_parsed_login_parses_to_itself(s in "[A-Za-z][A-Za-z0-9._-]{2,63}") {
            let l: Login = s.parse().unwrap();
            prop_assert_eq!(l.as_str().parse::<Login>().unwrap(), l.clone());
            prop_assert_eq!(l.as_str(), s.to_lowercase());
        }
    }
}
