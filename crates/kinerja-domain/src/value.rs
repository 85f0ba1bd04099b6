//! Targets and realisations as the documents write them: `100%`, `97,5%`, `551 penyelenggara`,
//! `2 Lap`, `12 Bulan/3 triwulan`, `3,5`, `B`, `WTP`, `Rp. 12.692.171.000`.
//!
//! A [`Value`] keeps the string it was read from (so it prints back exactly as written) and the
//! typed [`Measure`] behind it. Parsing is strict and Indonesian: `.` groups thousands, `,` is the
//! decimal mark; a string that does not fit is an error saying why and where, never a guess.
//! Free text is a value only when the caller says so ([`Value::text`]).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format;
use crate::grade::{Grade, OrdinalScale};
use crate::i18n::{Lang, Text};

/// What kind of value: the `kind` of the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    Percent,
    Quantity,
    Score,
    Grade,
    Money,
    Text,
}

impl ValueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Percent => "percent",
            ValueKind::Quantity => "quantity",
            ValueKind::Score => "score",
            ValueKind::Grade => "grade",
            ValueKind::Money => "money",
            ValueKind::Text => "text",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ValueKind::Percent, Lang::Id) => "persentase",
            (ValueKind::Quantity, Lang::Id) => "jumlah",
            (ValueKind::Score, Lang::Id) => "skor",
            (ValueKind::Grade, Lang::Id) => "nilai huruf",
            (ValueKind::Money, Lang::Id) => "rupiah",
            (ValueKind::Text, Lang::Id) => "teks",
            (ValueKind::Percent, Lang::En) => "percentage",
            (ValueKind::Quantity, Lang::En) => "quantity",
            (ValueKind::Score, Lang::En) => "score",
            (ValueKind::Grade, Lang::En) => "grade",
            (ValueKind::Money, Lang::En) => "money",
            (ValueKind::Text, Lang::En) => "text",
        }
    }
}

impl FromStr for ValueKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "percent" => ValueKind::Percent,
            "quantity" => ValueKind::Quantity,
            "score" => ValueKind::Score,
            "grade" => ValueKind::Grade,
            "money" => ValueKind::Money,
            "text" => ValueKind::Text,
            other => return Err(format!("unknown value kind '{other}'")),
        })
    }
}

/// A unit of count: `key` is normalised for comparison (`Lap` and `Laporan` are both
/// `laporan`), `written` is as the document wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    pub key: String,
    pub written: String,
}

/// Abbreviations offices use for the first word of a unit, mapped to the full word.
const UNIT_SYNONYMS: &[(&str, &str)] = &[
    ("lap", "laporan"),
    ("lapor", "laporan"),
    ("bln", "bulan"),
    ("bl", "bulan"),
    ("tw", "triwulan"),
    ("trw", "triwulan"),
    ("twl", "triwulan"),
    ("smt", "semester"),
    ("org", "orang"),
    ("dok", "dokumen"),
    ("dokumentasi", "dokumentasi"),
    ("keg", "kegiatan"),
    ("kl", "kali"),
    ("x", "kali"),
    ("thn", "tahun"),
    ("pkt", "paket"),
];

impl Unit {
    pub fn new(written: &str) -> Self {
        let written = written.trim().to_string();
        let lower = written.to_lowercase();
        let mut words = lower.split_whitespace().map(|w| w.trim_end_matches('.'));
        let mut key = String::new();
        if let Some(first) = words.next() {
            let mapped = UNIT_SYNONYMS
                .iter()
                .find(|(abbr, _)| *abbr == first)
                .map(|(_, full)| *full)
                .unwrap_or(first);
            key.push_str(mapped);
        }
        for w in words {
            key.push(' ');
            key.push_str(w);
        }
        Unit { key, written }
    }
}

/// An amount of something: `551 penyelenggara`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quantity {
    pub amount: Decimal,
    pub unit: Unit,
}

/// The typed content of a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Measure {
    /// `97,5%` → 97.5
    Percent(Decimal),
    /// One or more amounts with units: `2 Lap`; `12 Bulan/3 triwulan` and
    /// `1 Gedung dan 1 gudang` have two parts, matched by unit when compared.
    Quantity(Vec<Quantity>),
    /// A bare number: `3,5`.
    Score(Decimal),
    /// A level on an ordinal scale: `B`, `WTP`.
    Grade(Grade),
    /// Rupiah: `Rp. 12.692.171.000`.
    Money(Decimal),
    /// Prose, only when the caller says a value is text.
    Text(String),
}

/// A target or realisation: the string as written and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Value {
    raw: String,
    measure: Measure,
}

/// Why a string is not a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueErrorKind {
    Empty,
    /// `1.5`: a dot must group exactly three digits.
    AmbiguousDot,
    /// `1234.567`: the digits before the first dot are more than three.
    IrregularGrouping,
    /// `12,692.171.000`: a dot after the decimal comma.
    MixedSeparators,
    /// Something follows a percent sign or an amount of money.
    TrailingText(String),
    /// A number is needed here.
    ExpectedNumber,
    /// Neither a number, money, nor a known grade.
    NotAValue,
    /// A part of a compound quantity (`12 Bulan/…`) has no unit.
    MissingUnit,
    /// A number outside what its kind can be ([`Bounds`]): `-1`, `Rp -1`, `1.000.000%`.
    OutOfRange(ValueKind),
    /// `1e309`: a number in scientific notation, which no office writes.
    Exponent,
    /// A control character, a line break or a direction override.
    BadCharacter(u32),
    /// Longer than any value is written ([`MAX_VALUE_CHARS`]).
    TooLong,
    /// More digits than any figure has: more than a number can hold, or more than 10 after the
    /// decimal comma.
    TooManyDigits,
}

/// The longest value string accepted, in characters (`4 unit sarana IT dan 1 unit sarana
/// printer` is 43).
pub const MAX_VALUE_CHARS: usize = 200;

/// The range of each kind of value. Outside it a value is a typing error (or an attack), and it
/// is refused where it is read, so every figure computed from values stays far inside what a
/// [`Decimal`] holds (about 7,9 × 10²⁸).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub min: Decimal,
    pub max: Decimal,
}

impl Bounds {
    /// A percentage: −100% (a change can at most remove everything) to 10.000%.
    pub const PERCENT: Bounds = Bounds {
        min: Decimal::from_parts(100, 0, 0, true, 0),
        max: Decimal::from_parts(10_000, 0, 0, false, 0),
    };
    /// A count of something, or a bare number (a score, an index): 0 to 10¹² (a trillion).
    pub const AMOUNT: Bounds = Bounds {
        min: Decimal::ZERO,
        max: Decimal::from_parts(3_567_587_328, 232, 0, false, 0),
    };
    /// Rupiah: 0 to 10¹⁶ (Rp 10.000 triliun, above the whole state budget).
    pub const MONEY: Bounds = Bounds {
        min: Decimal::ZERO,
        max: Decimal::from_parts(1_874_919_424, 2_328_306, 0, false, 0),
    };

    pub fn of(kind: ValueKind) -> Option<Bounds> {
        match kind {
            ValueKind::Percent => Some(Bounds::PERCENT),
            ValueKind::Quantity | ValueKind::Score => Some(Bounds::AMOUNT),
            ValueKind::Money => Some(Bounds::MONEY),
            ValueKind::Grade | ValueKind::Text => None,
        }
    }

    pub fn contains(&self, d: Decimal) -> bool {
        d >= self.min && d <= self.max
    }
}

/// The most digits after the decimal comma (a spreadsheet's 1/3 gives nine).
const MAX_DECIMALS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub struct ValueError {
    pub input: String,
    /// 1-based character column of the problem within `input`.
    pub column: usize,
    pub kind: ValueErrorKind,
}

impl ValueError {
    pub fn message(&self, lang: Lang) -> String {
        let (id, en) = match &self.kind {
            ValueErrorKind::Empty => ("nilai kosong".to_string(), "the value is empty".to_string()),
            ValueErrorKind::AmbiguousDot => (
                "titik memisahkan ribuan (tiga angka); untuk desimal gunakan koma, mis. 97,5".into(),
                "a dot groups thousands (three digits); write decimals with a comma, e.g. 97,5".into(),
            ),
            ValueErrorKind::IrregularGrouping => (
                "pengelompokan ribuan tidak teratur (lebih dari tiga angka sebelum titik)".into(),
                "irregular thousands grouping (more than three digits before a dot)".into(),
            ),
            ValueErrorKind::MixedSeparators => (
                "titik setelah koma desimal: pemisah ribuan dan desimal tertukar".into(),
                "a dot after the decimal comma: thousands and decimal separators are mixed up".into(),
            ),
            ValueErrorKind::TrailingText(t) => {
                (format!("teks tidak dikenal setelah angka: '{t}'"), format!("unexpected text after the number: '{t}'"))
            }
            ValueErrorKind::ExpectedNumber => ("di sini harus ada angka".into(), "a number is expected here".into()),
            ValueErrorKind::NotAValue => (
                "bukan persentase, jumlah, skor, nilai huruf (AA…D, WTP…TMP) atau rupiah; jika teks bebas, tandai sebagai teks".into(),
                "not a percentage, quantity, score, grade (AA…D, WTP…TMP) or money; if it is free text, mark it as text".into(),
            ),
            ValueErrorKind::MissingUnit => (
                "bagian dari jumlah gabungan tidak memiliki satuan".into(),
                "a part of the compound quantity has no unit".into(),
            ),
            ValueErrorKind::OutOfRange(kind) => {
                let b = Bounds::of(*kind).unwrap_or(Bounds::AMOUNT);
                let show = |d: Decimal| match kind {
                    ValueKind::Percent => format::percent(d),
                    ValueKind::Money => format::rupiah(d),
                    _ => format::number(d, 4),
                };
                (
                    format!(
                        "di luar batas: {} harus antara {} dan {}",
                        kind.label(Lang::Id),
                        show(b.min),
                        show(b.max)
                    ),
                    format!(
                        "out of range: a {} must be between {} and {}",
                        kind.label(Lang::En),
                        show(b.min),
                        show(b.max)
                    ),
                )
            }
            ValueErrorKind::Exponent => (
                "notasi ilmiah (mis. 1e6) tidak dipakai: tulis angkanya, mis. 1.000.000".into(),
                "scientific notation (e.g. 1e6) is not used: write the number, e.g. 1.000.000".into(),
            ),
            ValueErrorKind::BadCharacter(code) => (
                format!("karakter U+{code:04X} tidak diizinkan dalam nilai"),
                format!("character U+{code:04X} is not allowed in a value"),
            ),
            ValueErrorKind::TooManyDigits => (
                format!("angka terlalu panjang (paling banyak {MAX_DECIMALS} angka di belakang koma)"),
                format!("the number has too many digits (at most {MAX_DECIMALS} after the decimal comma)"),
            ),
            ValueErrorKind::TooLong => (
                format!("terlalu panjang (paling banyak {MAX_VALUE_CHARS} karakter)"),
                format!("too long (at most {MAX_VALUE_CHARS} characters)"),
            ),
        };
        // A value is short; whatever was typed instead is quoted only in part.
        let input: String = if self.input.chars().count() > 40 {
            self.input.chars().take(40).chain(['…']).collect()
        } else {
            self.input.clone()
        };
        let input = crate::input::clean_line(&input);
        let text = Text::new(
            format!("'{input}' kolom {}: {id}", self.column),
            format!("'{input}' column {}: {en}", self.column),
        );
        text.get(lang).to_string()
    }
}

/// The ordinal scales grades are read against.
#[derive(Debug, Clone)]
pub struct ParseContext<'a> {
    pub ordinal_scales: &'a [OrdinalScale],
}

impl Default for ParseContext<'static> {
    fn default() -> Self {
        ParseContext {
            ordinal_scales: OrdinalScale::builtin(),
        }
    }
}

/// Cleans extraction noise that never changes meaning: non-breaking spaces, runs of spaces.
fn clean(s: &str) -> String {
    s.replace(['\u{a0}', '\t'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Column (1-based, in characters) of byte offset `byte` in `s`.
fn column(s: &str, byte: usize) -> usize {
    s[..byte.min(s.len())].chars().count() + 1
}

/// Reads an Indonesian-style number at the start of `s`: `-`? digits (`.` 3 digits)* (`,` digits)?
/// Returns the number and the byte length consumed.
fn read_number(s: &str) -> Result<(Decimal, usize), (usize, ValueErrorKind)> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = b.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == int_start {
        return Err((i, ValueErrorKind::ExpectedNumber));
    }
    let first_group_len = i - int_start;
    let mut digits = String::from(&s[int_start..i]);
    let mut grouped = false;
    while i < b.len() && b[i] == b'.' {
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let group = j - (i + 1);
        if group == 0 {
            // `12 Lap.`: a dot not followed by digits ends the number.
            break;
        }
        if group != 3 {
            return Err((i, ValueErrorKind::AmbiguousDot));
        }
        if !grouped && first_group_len > 3 {
            return Err((i, ValueErrorKind::IrregularGrouping));
        }
        grouped = true;
        digits.push_str(&s[i + 1..j]);
        i = j;
    }
    if i + 1 < b.len() && b[i] == b',' && b[i + 1].is_ascii_digit() {
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
            return Err((j, ValueErrorKind::MixedSeparators));
        }
        digits.push('.');
        digits.push_str(&s[i + 1..j]);
        i = j;
    }
    // More digits than a Decimal holds (about 29): say so, rather than "a number is expected".
    let mut value = Decimal::from_str(&digits).map_err(|_| (int_start, ValueErrorKind::TooManyDigits))?;
    if negative {
        value = -value;
    }
    Ok((value, i))
}

fn starts_with_number(s: &str) -> bool {
    let b = s.as_bytes();
    matches!(b.first(), Some(c) if c.is_ascii_digit())
        || (b.first() == Some(&b'-') && matches!(b.get(1), Some(c) if c.is_ascii_digit()))
}

/// Byte offsets where a compound quantity splits: `/`, ` dan `, ` & ` followed by a number.
fn compound_splits(s: &str) -> Vec<(usize, usize)> {
    let mut splits = Vec::new();
    for (sep_start, sep) in s
        .match_indices(['/', '&'])
        .map(|(i, m)| (i, m.len()))
        .chain(s.match_indices(" dan ").map(|(i, m)| (i, m.len())))
    {
        let rest = s[sep_start + sep..].trim_start();
        if starts_with_number(rest) {
            splits.push((sep_start, sep));
        }
    }
    splits.sort_unstable();
    splits
}

impl Value {
    /// Parses a value as the documents write it, against the built-in ordinal scales.
    pub fn parse(s: &str) -> Result<Self, ValueError> {
        Self::parse_with(s, &ParseContext::default())
    }

    /// Parses a value, reading grades against `ctx`'s ordinal scales. Numbers must lie within
    /// their kind's [`Bounds`].
    pub fn parse_with(s: &str, ctx: &ParseContext<'_>) -> Result<Self, ValueError> {
        let v = Self::parse_unbounded(s, ctx)?;
        v.within_bounds()?;
        Ok(v)
    }

    /// Refuses a value whose numbers lie outside its kind's [`Bounds`].
    pub fn within_bounds(&self) -> Result<(), ValueError> {
        let Some(bounds) = Bounds::of(self.kind()) else {
            return Ok(());
        };
        let numbers: Vec<Decimal> = match &self.measure {
            Measure::Percent(d) | Measure::Score(d) | Measure::Money(d) => vec![*d],
            Measure::Quantity(parts) => parts.iter().map(|q| q.amount).collect(),
            Measure::Grade(_) | Measure::Text(_) => vec![],
        };
        let err = |kind| ValueError {
            input: self.raw.clone(),
            column: 1,
            kind,
        };
        if numbers.iter().any(|d| !bounds.contains(*d)) {
            return Err(err(ValueErrorKind::OutOfRange(self.kind())));
        }
        if numbers.iter().any(|d| d.normalize().scale() > MAX_DECIMALS) {
            return Err(err(ValueErrorKind::TooManyDigits));
        }
        Ok(())
    }

    /// Refuses what no value is written with: control characters, direction overrides, more
    /// than [`MAX_VALUE_CHARS`] characters.
    fn check_characters(raw: &str) -> Result<(), ValueError> {
        let err = |column, kind| ValueError {
            input: raw.to_string(),
            column,
            kind,
        };
        for (i, c) in raw.chars().enumerate() {
            if i >= MAX_VALUE_CHARS {
                return Err(err(i + 1, ValueErrorKind::TooLong));
            }
            if (c.is_control() && c != '\t') || crate::input::is_bidi_control(c) || crate::input::is_noncharacter(c) {
                return Err(err(i + 1, ValueErrorKind::BadCharacter(c as u32)));
            }
        }
        Ok(())
    }

    /// Parses a value as [`Value::parse_with`] does but without [`Bounds`]: for values already
    /// stored, so that data written before a bound existed still load (their achievement then
    /// says why it cannot be computed, instead of the page failing).
    fn parse_unbounded(s: &str, ctx: &ParseContext<'_>) -> Result<Self, ValueError> {
        Self::check_characters(s)?;
        let raw = s.trim().to_string();
        let t = clean(s);
        let err = |byte: usize, kind| ValueError {
            input: raw.clone(),
            column: column(&t, byte),
            kind,
        };
        if t.is_empty() {
            return Err(err(0, ValueErrorKind::Empty));
        }
        let measure = if let Some(rest) = strip_rupiah(&t) {
            let offset = t.len() - rest.len();
            Measure::Money(read_money(rest).map_err(|(i, k)| err(offset + i, k))?)
        } else if starts_with_number(&t) {
            let (number, end) = read_number(&t).map_err(|(i, k)| err(i, k))?;
            let rest = t[end..].trim_start();
            let rest_at = t.len() - rest.len();
            if rest.is_empty() {
                Measure::Score(number)
            } else if let Some(after) = rest.strip_prefix('%') {
                if !after.trim().is_empty() {
                    return Err(err(rest_at + 1, ValueErrorKind::TrailingText(after.trim().to_string())));
                }
                Measure::Percent(number)
            } else {
                Measure::Quantity(read_quantities(&t).map_err(|(i, k)| err(i, k))?)
            }
        } else if let Some(grade) = OrdinalScale::find_grade(ctx.ordinal_scales, &t) {
            // Grades start with a letter: numbers never reach the (slower) grade look-up.
            Measure::Grade(grade)
        } else {
            return Err(err(0, ValueErrorKind::NotAValue));
        };
        Ok(Value { raw, measure })
    }

    /// An amount of money with or without `Rp`: `Rp. 8.170.412.000`, `8.170.412.000`,
    /// `Rp 2.842.223.000,-`, within [`Bounds::MONEY`].
    pub fn parse_money(s: &str) -> Result<Self, ValueError> {
        let v = Self::parse_money_unbounded(s)?;
        v.within_bounds()?;
        Ok(v)
    }

    fn parse_money_unbounded(s: &str) -> Result<Self, ValueError> {
        Self::check_characters(s)?;
        let raw = s.trim().to_string();
        let t = clean(s);
        let rest = strip_rupiah(&t).unwrap_or(&t);
        let offset = t.len() - rest.len();
        let amount = read_money(rest).map_err(|(i, kind)| ValueError {
            input: raw.clone(),
            column: column(&t, offset + i),
            kind,
        })?;
        Ok(Value {
            raw,
            measure: Measure::Money(amount),
        })
    }

    /// A value that is prose: never computed with.
    pub fn text(s: &str) -> Self {
        Value {
            raw: s.trim().to_string(),
            measure: Measure::Text(s.trim().to_string()),
        }
    }

    /// Rebuilds a value stored as (kind, raw): text stays text, everything else is parsed again,
    /// without [`Bounds`] (a value stored before a bound existed still loads).
    pub fn restore(kind: ValueKind, raw: &str, ctx: &ParseContext<'_>) -> Result<Self, ValueError> {
        match kind {
            ValueKind::Text => Ok(Value::text(raw)),
            ValueKind::Money => Value::parse_money_unbounded(raw),
            _ => Value::parse_unbounded(raw, ctx),
        }
    }

    /// A value made by computation (a sum of periods), written canonically.
    pub fn from_measure(measure: Measure) -> Self {
        let mut v = Value {
            raw: String::new(),
            measure,
        };
        v.raw = v.canonical();
        v
    }

    pub fn percent(p: Decimal) -> Self {
        Value {
            raw: format::percent(p),
            measure: Measure::Percent(p),
        }
    }

    pub fn quantity(amount: Decimal, unit: &str) -> Self {
        let raw = format!("{} {}", format::number(amount, 4), unit.trim());
        Value {
            raw,
            measure: Measure::Quantity(vec![Quantity {
                amount,
                unit: Unit::new(unit),
            }]),
        }
    }

    pub fn money(amount: Decimal) -> Self {
        Value {
            raw: format::rupiah(amount),
            measure: Measure::Money(amount),
        }
    }

    /// The string as written.
    pub fn raw(&self) -> &str {
        &self.raw
    }
    pub fn measure(&self) -> &Measure {
        &self.measure
    }
    pub fn kind(&self) -> ValueKind {
        match self.measure {
            Measure::Percent(_) => ValueKind::Percent,
            Measure::Quantity(_) => ValueKind::Quantity,
            Measure::Score(_) => ValueKind::Score,
            Measure::Grade(_) => ValueKind::Grade,
            Measure::Money(_) => ValueKind::Money,
            Measure::Text(_) => ValueKind::Text,
        }
    }
    /// The leading number (first part of a compound quantity), if the value has one.
    pub fn number(&self) -> Option<Decimal> {
        match &self.measure {
            Measure::Percent(d) | Measure::Score(d) | Measure::Money(d) => Some(*d),
            Measure::Quantity(parts) => parts.first().map(|q| q.amount),
            Measure::Grade(_) | Measure::Text(_) => None,
        }
    }
    /// The unit as written (first part of a compound quantity).
    pub fn unit(&self) -> Option<&str> {
        match &self.measure {
            Measure::Quantity(parts) => parts.first().map(|q| q.unit.written.as_str()),
            Measure::Percent(_) => Some("%"),
            Measure::Money(_) => Some("Rp"),
            _ => None,
        }
    }

    /// The value written afresh in Indonesian style (`2.498 Orang`, `97,5%`, `Rp 1.000`).
    pub fn canonical(&self) -> String {
        match &self.measure {
            Measure::Percent(d) => format::percent(*d),
            Measure::Score(d) => format::number(*d, 4),
            Measure::Money(d) => format::rupiah(*d),
            Measure::Grade(g) => g.level.clone(),
            Measure::Text(t) => t.clone(),
            Measure::Quantity(parts) => parts
                .iter()
                .map(|q| format!("{} {}", format::number(q.amount, 4), q.unit.written))
                .collect::<Vec<_>>()
                .join(" / "),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl FromStr for Value {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Value::parse(s)
    }
}

/// `Rp`, `Rp.`, `RP`, `Rp ` at the start: the rest, or `None`.
fn strip_rupiah(t: &str) -> Option<&str> {
    let lower = t.get(..2)?.to_ascii_lowercase();
    if lower != "rp" {
        return None;
    }
    let rest = &t[2..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    Some(rest.trim_start())
}

fn read_money(s: &str) -> Result<Decimal, (usize, ValueErrorKind)> {
    let (amount, end) = read_number(s)?;
    let rest = s[end..].trim();
    match rest {
        "" | ",-" | ",–" | "-" | ",00" => Ok(amount),
        other => Err((end, ValueErrorKind::TrailingText(other.to_string()))),
    }
}

fn read_quantity(part: &str) -> Result<Quantity, (usize, ValueErrorKind)> {
    let (amount, end) = read_number(part)?;
    let unit = part[end..].trim();
    if unit.is_empty() || !unit.chars().any(char::is_alphabetic) {
        return Err((end, ValueErrorKind::MissingUnit));
    }
    let mut after_e = unit
        .strip_prefix(['e', 'E'])
        .unwrap_or("")
        .trim_start_matches(['+', '-'])
        .chars();
    if unit.starts_with(['e', 'E']) && after_e.next().is_some_and(|c| c.is_ascii_digit()) {
        return Err((end, ValueErrorKind::Exponent));
    }
    Ok(Quantity {
        amount,
        unit: Unit::new(unit),
    })
}

fn read_quantities(t: &str) -> Result<Vec<Quantity>, (usize, ValueErrorKind)> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, len) in compound_splits(t) {
        if at < start {
            continue;
        }
        let piece = &t[start..at];
        let lead = piece.len() - piece.trim_start().len();
        parts.push(read_quantity(piece.trim()).map_err(|(i, k)| (start + lead + i, k))?);
        start = at + len;
    }
    let piece = &t[start..];
    let lead = piece.len() - piece.trim_start().len();
    parts.push(read_quantity(piece.trim()).map_err(|(i, k)| (start + lead + i, k))?);
    Ok(parts)
}

// Values are stored and exchanged as (kind, raw); serde follows the same shape.
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Value", 2)?;
        st.serialize_field("kind", &self.kind())?;
        st.serialize_field("raw", &self.raw)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            kind: ValueKind,
            raw: String,
        }
        let stored = Stored::deserialize(d)?;
        Value::restore(stored.kind, &stored.raw, &ParseContext::default()).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn q(s: &str) -> Vec<(Decimal, String)> {
        match Value::parse(s).unwrap().measure {
            Measure::Quantity(parts) => parts.into_iter().map(|p| (p.amount, p.unit.key)).collect(),
            other => panic!("{s} parsed as {other:?}"),
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(Value::parse("100%").unwrap().measure, Measure::Percent(dec("100")));
        assert_eq!(Value::parse("97,5%").unwrap().measure, Measure::Percent(dec("97.5")));
        assert_eq!(Value::parse("100 %").unwrap().measure, Measure::Percent(dec("100")));
        assert_eq!(Value::parse(" 87,5% ").unwrap().raw(), "87,5%");
    }

    #[test]
    fn quantities_with_units_normalised() {
        assert_eq!(q("551 penyelenggara"), vec![(dec("551"), "penyelenggara".into())]);
        assert_eq!(q("2 Lap"), vec![(dec("2"), "laporan".into())]);
        assert_eq!(q("2 Laporan"), vec![(dec("2"), "laporan".into())]);
        assert_eq!(q("12 Bln"), vec![(dec("12"), "bulan".into())]);
        assert_eq!(q("2.498 Orang"), vec![(dec("2498"), "orang".into())]);
        assert_eq!(q("10 media massa"), vec![(dec("10"), "media massa".into())]);
        assert_eq!(
            q("12 Bulan/3 triwulan"),
            vec![(dec("12"), "bulan".into()), (dec("3"), "triwulan".into())]
        );
        assert_eq!(
            q("1 Gedung/ 1 gudang"),
            vec![(dec("1"), "gedung".into()), (dec("1"), "gudang".into())]
        );
        assert_eq!(
            q("4 unit sarana IT dan 1 unit sarana printer"),
            vec![
                (dec("4"), "unit sarana it".into()),
                (dec("1"), "unit sarana printer".into())
            ]
        );
    }

    #[test]
    fn scores_grades_money() {
        assert_eq!(Value::parse("3,5").unwrap().measure, Measure::Score(dec("3.5")));
        let b = Value::parse("B").unwrap();
        assert_eq!(b.kind(), ValueKind::Grade);
        // A Cyrillic В, as the LKj prints it, is the grade B.
        assert_eq!(Value::parse("В").unwrap().measure, b.measure);
        assert_eq!(Value::parse("WTP").unwrap().kind(), ValueKind::Grade);
        assert_eq!(
            Value::parse("Rp. 12.692.171.000").unwrap().measure,
            Measure::Money(dec("12692171000"))
        );
        assert_eq!(
            Value::parse("Rp 15.534.394.000").unwrap().measure,
            Measure::Money(dec("15534394000"))
        );
        assert_eq!(
            Value::parse_money("8.170.412.000").unwrap().measure,
            Measure::Money(dec("8170412000"))
        );
        assert_eq!(
            Value::parse_money("Rp. 2.842.223.000,-").unwrap().measure,
            Measure::Money(dec("2842223000"))
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = Value::parse("1.5%").unwrap_err();
        assert_eq!(e.kind, ValueErrorKind::AmbiguousDot);
        assert_eq!(e.column, 2);
        let e = Value::parse_money("Rp. 12,692.171.000").unwrap_err();
        assert_eq!(e.kind, ValueErrorKind::MixedSeparators);
        assert_eq!(e.column, 11); // the dot after "12,692"
        assert!(e.message(Lang::Id).contains("kolom 11"));
        assert_eq!(Value::parse("").unwrap_err().kind, ValueErrorKind::Empty);
        assert_eq!(Value::parse("Baik sekali").unwrap_err().kind, ValueErrorKind::NotAValue);
        assert!(matches!(
            Value::parse("100% lebih").unwrap_err().kind,
            ValueErrorKind::TrailingText(_)
        ));
        assert_eq!(
            Value::parse("12 Bulan/3").unwrap_err().kind,
            ValueErrorKind::MissingUnit
        );
        assert_eq!(
            Value::parse("1234.567 orang").unwrap_err().kind,
            ValueErrorKind::IrregularGrouping
        );
    }

    #[test]
    fn bounds_are_what_they_say() {
        assert_eq!(Bounds::AMOUNT.max, Decimal::from(1_000_000_000_000u64));
        assert_eq!(Bounds::MONEY.max, Decimal::from(10_000_000_000_000_000u64));
        assert_eq!(Bounds::PERCENT.min, Decimal::from(-100));
        assert_eq!(Bounds::PERCENT.max, Decimal::from(10_000));
    }

    #[test]
    fn values_outside_their_kind_are_refused() {
        let kind = |s: &str| Value::parse(s).unwrap_err().kind;
        // The value that once overflowed every page above its office.
        assert_eq!(
            kind("9999999999999999999999999999%"),
            ValueErrorKind::OutOfRange(ValueKind::Percent)
        );
        assert_eq!(kind("99999999999999999999999999999999%"), ValueErrorKind::TooManyDigits);
        assert_eq!(kind("10.001%"), ValueErrorKind::OutOfRange(ValueKind::Percent));
        assert_eq!(kind("-101%"), ValueErrorKind::OutOfRange(ValueKind::Percent));
        assert_eq!(kind("-1"), ValueErrorKind::OutOfRange(ValueKind::Score));
        assert_eq!(kind("-3 laporan"), ValueErrorKind::OutOfRange(ValueKind::Quantity));
        assert_eq!(kind("Rp -1"), ValueErrorKind::OutOfRange(ValueKind::Money));
        assert_eq!(
            Value::parse_money("-1").unwrap_err().kind,
            ValueErrorKind::OutOfRange(ValueKind::Money)
        );
        assert_eq!(
            kind("1.000.000.000.001 orang"),
            ValueErrorKind::OutOfRange(ValueKind::Quantity)
        );
        assert_eq!(kind("1e309"), ValueErrorKind::Exponent);
        assert_eq!(kind("2E-5 laporan"), ValueErrorKind::Exponent);
        assert_eq!(kind("1,12345678901"), ValueErrorKind::TooManyDigits);
        assert_eq!(kind("123456789012345678"), ValueErrorKind::OutOfRange(ValueKind::Score));
        assert_eq!(kind("97,5\u{0}%"), ValueErrorKind::BadCharacter(0));
        assert_eq!(kind("1 lap\u{202e}"), ValueErrorKind::BadCharacter(0x202e));
        assert_eq!(kind(&"1".repeat(300)), ValueErrorKind::TooLong);
        // At the edges, and what documents write.
        for ok in [
            "10.000%",
            "-100%",
            "-2,5%",
            "0%",
            "1.000.000.000.000 orang",
            "Rp 10.000.000.000.000.000",
            "1 e-book",
            "33,333333333%",
        ] {
            assert!(Value::parse(ok).is_ok(), "{ok}");
        }
        let e = Value::parse("Rp -1").unwrap_err();
        assert_eq!(
            e.message(Lang::Id),
            "'Rp -1' kolom 1: di luar batas: rupiah harus antara Rp 0 dan Rp 10.000.000.000.000.000"
        );
        let e = Value::parse(&format!("{}%", "9".repeat(60))).unwrap_err();
        assert!(
            e.message(Lang::En)
                .starts_with(&format!("'{}…' column 1:", "9".repeat(40))),
            "{}",
            e.message(Lang::En)
        );
    }

    #[test]
    fn stored_values_load_even_outside_the_bounds() {
        let ctx = ParseContext::default();
        let v = Value::restore(ValueKind::Percent, "20.000%", &ctx).unwrap();
        assert_eq!(v.number(), Some(dec("20000")));
        let v = Value::restore(ValueKind::Percent, "9999999999999999999999999999%", &ctx).unwrap();
        assert_eq!(v.number(), Some(dec("9999999999999999999999999999")));
        assert!(Value::restore(ValueKind::Money, "Rp -5", &ctx).is_ok());
    }

    #[test]
    fn prints_back_as_written_and_canonically() {
        for s in [
            "100%",
            "97,5%",
            "2.498 Orang",
            "Rp. 12.692.171.000",
            "12 Bulan/3 triwulan",
            "B",
            "3,5",
        ] {
            assert_eq!(Value::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Value::parse("2.498 Orang").unwrap().canonical(), "2.498 Orang");
        assert_eq!(
            Value::parse("Rp. 12.692.171.000").unwrap().canonical(),
            "Rp 12.692.171.000"
        );
        assert_eq!(Value::parse("97,50 %").unwrap().canonical(), "97,5%");
    }

    #[test]
    fn serde_round_trip_keeps_kind_and_raw() {
        let v = Value::text("4 unit sarana IT dan lainnya");
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"{"kind":"text","raw":"4 unit sarana IT dan lainnya"}"#);
        assert_eq!(serde_json::from_str::<Value>(&json).unwrap(), v);
    }
}
