//! How an indicator is measured: polarity, the lower-is-better formula, how period values roll up
//! into the year, an optional cap and weight. Defaults are guessed from the indicator's wording
//! and its target, and can be overridden.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::value::{Value, ValueKind};

/// Which direction is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Polarity {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
    /// Good inside `[lower, upper]` (both in the target's terms, e.g. percent).
    Band {
        lower: Decimal,
        upper: Decimal,
    },
}

impl Polarity {
    pub fn code(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher_is_better",
            Polarity::LowerIsBetter => "lower_is_better",
            Polarity::Band { .. } => "band",
        }
    }
}

/// The lower-is-better formula an office chooses (and its documents must state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LowerFormula {
    /// (2 × target − realisation) / target × 100
    #[default]
    TwoTMinusR,
    /// target / realisation × 100
    TOverR,
}

impl LowerFormula {
    pub fn code(self) -> &'static str {
        match self {
            LowerFormula::TwoTMinusR => "two_t_minus_r",
            LowerFormula::TOverR => "t_over_r",
        }
    }
    /// The formula as reports state it.
    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LowerFormula::TwoTMinusR, Lang::Id) => "Capaian = (2 × Target − Realisasi) / Target × 100%",
            (LowerFormula::TOverR, Lang::Id) => "Capaian = Target / Realisasi × 100%",
            (LowerFormula::TwoTMinusR, Lang::En) => "Achievement = (2 × Target − Realisation) / Target × 100%",
            (LowerFormula::TOverR, Lang::En) => "Achievement = Target / Realisation × 100%",
        }
    }
}

impl FromStr for LowerFormula {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "two_t_minus_r" => Ok(LowerFormula::TwoTMinusR),
            "t_over_r" => Ok(LowerFormula::TOverR),
            other => Err(format!(
                "unknown lower-is-better formula '{other}' (use two_t_minus_r or t_over_r)"
            )),
        }
    }
}

/// How the values of the periods make the value of the year (or of the year to date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Rollup {
    /// Counts add up (reports made, people trained).
    Sum,
    /// The latest value stands (a percentage status, a grade).
    #[default]
    Last,
    Mean,
    Max,
}

impl Rollup {
    pub fn code(self) -> &'static str {
        match self {
            Rollup::Sum => "sum",
            Rollup::Last => "last",
            Rollup::Mean => "mean",
            Rollup::Max => "max",
        }
    }
}

impl FromStr for Rollup {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "sum" => Ok(Rollup::Sum),
            "last" => Ok(Rollup::Last),
            "mean" => Ok(Rollup::Mean),
            "max" => Ok(Rollup::Max),
            other => Err(format!("unknown roll-up '{other}' (use sum, last, mean or max)")),
        }
    }
}

impl FromStr for Polarity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "higher_is_better" => Ok(Polarity::HigherIsBetter),
            "lower_is_better" => Ok(Polarity::LowerIsBetter),
            other => Err(format!(
                "unknown polarity '{other}' (use higher_is_better or lower_is_better)"
            )),
        }
    }
}

/// The measurement settings of one indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IndicatorSettings {
    pub polarity: Polarity,
    pub rollup: Rollup,
    /// Achievement is never reported above this percentage (e.g. 120).
    pub cap: Option<Decimal>,
    /// Weight in the objective's roll-up; equal weights when none is set.
    pub weight: Option<Decimal>,
}

/// The largest weight an indicator may carry in its objective's roll-up.
pub const MAX_WEIGHT: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0);

impl IndicatorSettings {
    /// Refuses settings no office means, which would make roll-ups meaningless or overflow: a
    /// weight of 0 or less or above [`MAX_WEIGHT`], a cap of 0% or less or above 10.000%, band
    /// bounds outside [`Bounds::AMOUNT`](crate::value::Bounds) or upside down.
    pub fn check(&self) -> Result<(), crate::i18n::Text> {
        use crate::format::{number, percent};
        use crate::i18n::Text;
        use crate::value::Bounds;
        if let Some(w) = self.weight
            && (w <= Decimal::ZERO || w > MAX_WEIGHT)
        {
            return Err(Text::new(
                format!(
                    "bobot {} di luar batas: harus di atas 0 dan paling besar {}",
                    number(w, 4),
                    number(MAX_WEIGHT, 0)
                ),
                format!(
                    "weight {} out of range: it must be above 0 and at most {}",
                    number(w, 4),
                    number(MAX_WEIGHT, 0)
                ),
            ));
        }
        if let Some(c) = self.cap
            && (c <= Decimal::ZERO || c > Bounds::PERCENT.max)
        {
            return Err(Text::new(
                format!(
                    "batas capaian {} di luar batas: harus di atas 0% dan paling besar {}",
                    percent(c),
                    percent(Bounds::PERCENT.max)
                ),
                format!(
                    "cap {} out of range: it must be above 0% and at most {}",
                    percent(c),
                    percent(Bounds::PERCENT.max)
                ),
            ));
        }
        if let Polarity::Band { lower, upper } = self.polarity {
            let range = Bounds {
                min: -Bounds::AMOUNT.max,
                max: Bounds::AMOUNT.max,
            };
            if !range.contains(lower) || !range.contains(upper) || lower > upper {
                return Err(Text::new(
                    format!(
                        "rentang {} – {} tidak sah: batas bawah tidak boleh di atas batas atas, keduanya paling besar {}",
                        number(lower, 4),
                        number(upper, 4),
                        number(range.max, 0)
                    ),
                    format!(
                        "band {} – {} is not valid: the lower bound may not exceed the upper, both at most {} in size",
                        number(lower, 4),
                        number(upper, 4),
                        number(range.max, 0)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Words that make an indicator lower-is-better (SAKIP.md: "penurunan", "gangguan", "kekurangan",
/// "jumlah sengketa", "temuan"), matched as whole words: "pertemuan" is not "temuan".
const LOWER_IS_BETTER_WORDS: &[&str] = &[
    "gangguan",
    "kekurangan",
    "temuan",
    "pelanggaran",
    "keluhan",
    "pengaduan",
    "kesalahan",
    "kerugian",
    "tunggakan",
];

/// Words saying the indicator counts a decrease: lower-is-better whatever else it names.
const DECREASE_WORDS: &[&str] = &["penurunan", "menurunnya", "berkurangnya"];

/// Words saying the indicator counts what was handled (followed up, settled, resolved): then a
/// complaint or a finding is the thing handled, and more is better ("pengaduan masyarakat yang
/// ditindaklanjuti", "tindak lanjut temuan") — unless what is counted is what was not handled
/// ("yang belum ditindaklanjuti").
const HANDLED_WORDS: &[&str] = &[
    "ditindaklanjuti",
    "tindaklanjut",
    "diselesaikan",
    "terselesaikan",
    "terselesaikannya",
    "penyelesaian",
    "ditangani",
    "penanganan",
    "dijawab",
    "direspon",
    "direspons",
];

/// The lowercase words of a text (letters and digits; everything else separates).
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Whether `phrase` (words separated by spaces) stands in `words`, word for word.
fn has_phrase(words: &[String], phrase: &str) -> bool {
    let wanted: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(wanted.len())
        .any(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
}

/// The polarity the wording says, and why (for the editor and the import preview to show).
pub fn guess_polarity(text: &str) -> (Polarity, &'static str) {
    let w = words(text);
    let has = |x: &str| w.iter().any(|y| y == x);
    if DECREASE_WORDS.iter().any(|d| has(d)) {
        return (Polarity::LowerIsBetter, "decrease");
    }
    let handled =
        (HANDLED_WORDS.iter().any(|h| has(h)) || has_phrase(&w, "tindak lanjut")) && !has("belum") && !has("tidak");
    let bad_thing = LOWER_IS_BETTER_WORDS.iter().any(|b| has(b))
        || has_phrase(&w, "jumlah sengketa")
        || (has("sengketa") && has_phrase(&w, "yang dihadapi"));
    if bad_thing && !handled {
        (Polarity::LowerIsBetter, "counts_a_bad_thing")
    } else if bad_thing {
        (Polarity::HigherIsBetter, "counts_what_was_handled")
    } else {
        (Polarity::HigherIsBetter, "default")
    }
}

/// Whether the unit of a count is what the indicator's wording counts (`2 sengketa` for "Penurunan
/// jumlah sengketa …") rather than an output of the work on it (`1 laporan`).
pub fn counts_what_it_names(text: &str, unit: &crate::value::Unit) -> bool {
    let w = words(text);
    unit.key
        .split(' ')
        .next()
        .is_some_and(|first| w.iter().any(|x| x == first))
}

/// Guesses settings from the indicator's wording and target.
pub fn guess_settings(text: &str, target: Option<&Value>) -> IndicatorSettings {
    let (polarity, _) = guess_polarity(text);
    let rollup = match target.map(Value::kind) {
        Some(ValueKind::Quantity) | Some(ValueKind::Money) => Rollup::Sum,
        _ => Rollup::Last,
    };
    IndicatorSettings {
        polarity,
        rollup,
        cap: None,
        weight: None,
    }
}

/// Whether the wording names a percentage indicator ("Persentase …", "Prosentase …").
pub fn names_a_percentage(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    lower.starts_with("persentase") || lower.starts_with("prosentase") || lower.starts_with("presentase")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_polarity_from_wording() {
        let g = |t: &str| guess_settings(t, None).polarity;
        assert_eq!(
            g("Penurunan jumlah sengketa hukum dalam perkara perselisihan"),
            Polarity::LowerIsBetter
        );
        assert_eq!(g("Jumlah gangguan sistem informasi"), Polarity::LowerIsBetter);
        assert_eq!(g("Persentase kekurangan logistik"), Polarity::LowerIsBetter);
        assert_eq!(g("Jumlah sengketa pemilu yang dihadapi"), Polarity::LowerIsBetter);
        assert_eq!(g("Jumlah temuan BPK"), Polarity::LowerIsBetter);
        assert_eq!(g("Persentase terselesainya Sengketa Pemilu"), Polarity::HigherIsBetter);
        assert_eq!(g("Persentase Sistem Informasi yang handal"), Polarity::HigherIsBetter);
    }

    #[test]
    fn the_known_exceptions_are_higher_is_better() {
        let g = |t: &str| guess_polarity(t);
        // Kubu Raya's indicator: handled complaints, more is better.
        assert_eq!(
            g("Persentase pengaduan masyarakat yang ditindaklanjuti sesuai ketentuan"),
            (Polarity::HigherIsBetter, "counts_what_was_handled")
        );
        assert_eq!(g("Persentase tindak lanjut temuan BPK").0, Polarity::HigherIsBetter);
        assert_eq!(
            g("Persentase tindaklanjut hasil pemeriksaan atas temuan").0,
            Polarity::HigherIsBetter
        );
        assert_eq!(g("Jumlah keluhan yang diselesaikan").0, Polarity::HigherIsBetter);
        // "pertemuan" is a meeting, not a finding ("temuan").
        assert_eq!(g("Jumlah pertemuan koordinasi"), (Polarity::HigherIsBetter, "default"));
        assert_eq!(
            g("Persentase pelaksanaan rapat dan pertemuan"),
            (Polarity::HigherIsBetter, "default")
        );
    }

    #[test]
    fn what_is_not_an_exception_stays_lower_is_better() {
        let g = |t: &str| guess_polarity(t).0;
        // What was not followed up is still the bad thing.
        assert_eq!(g("Jumlah temuan yang belum ditindaklanjuti"), Polarity::LowerIsBetter);
        assert_eq!(
            g("Persentase pengaduan yang tidak diselesaikan"),
            Polarity::LowerIsBetter
        );
        // A decrease is lower-is-better even when it names what is handled.
        assert_eq!(g("Penurunan jumlah sengketa yang ditangani"), Polarity::LowerIsBetter);
        assert_eq!(g("Jumlah temuan BPK"), Polarity::LowerIsBetter);
        assert_eq!(g("Jumlah pengaduan masyarakat"), Polarity::LowerIsBetter);
        // Whole words only, both ways: "Temuan," and "TEMUAN" are words; "penemuan" is not.
        assert_eq!(g("Jumlah TEMUAN, audit"), Polarity::LowerIsBetter);
        assert_eq!(g("Jumlah penemuan inovasi"), Polarity::HigherIsBetter);
    }

    #[test]
    fn a_count_is_of_what_the_indicator_names_or_of_another_kind() {
        let text = "Penurunan jumlah sengketa hukum dalam perkara perselisihan sengketa hukum";
        assert!(counts_what_it_names(text, &crate::value::Unit::new("sengketa")));
        assert!(!counts_what_it_names(text, &crate::value::Unit::new("laporan")));
        assert!(!counts_what_it_names(text, &crate::value::Unit::new("Lap")));
    }

    #[test]
    fn guesses_rollup_from_target() {
        let t = Value::parse("12 Kali").unwrap();
        assert_eq!(guess_settings("Jumlah revisi", Some(&t)).rollup, Rollup::Sum);
        let p = Value::parse("100%").unwrap();
        assert_eq!(guess_settings("Persentase x", Some(&p)).rollup, Rollup::Last);
        assert!(names_a_percentage("Persentase informasi"));
        assert!(!names_a_percentage("Jumlah laporan"));
    }
}
