//! Fuzzing the domain's readers: values, periods, dates and the achievement of whatever they
//! accept, and the text checks. See `support/fuzz.rs` for how it runs (`KINERJA_FUZZ_SECONDS`).

#[path = "support/fuzz.rs"]
mod fuzz;

use kinerja_domain::achievement::{achievement, combine};
use kinerja_domain::date::Date;
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula, Polarity, Rollup};
use kinerja_domain::input::{self, Field};
use kinerja_domain::period::Period;
use kinerja_domain::value::Value;

fn corpus() -> Vec<Vec<u8>> {
    let file = include_str!("fuzz-corpus/values.txt");
    let mut corpus: Vec<Vec<u8>> = file.lines().map(|l| l.as_bytes().to_vec()).collect();
    corpus.push(file.as_bytes().to_vec());
    corpus
}

#[test]
fn values_periods_dates_and_their_achievement() {
    let targets: Vec<Value> = [
        "100%",
        "12 laporan",
        "B",
        "Rp 1.000",
        "12 Bulan/4 triwulan",
        "0,0000000001",
    ]
    .iter()
    .map(|t| Value::parse(t).unwrap())
    .collect();
    let settings: Vec<IndicatorSettings> = [
        Polarity::HigherIsBetter,
        Polarity::LowerIsBetter,
        Polarity::Band {
            lower: 90.into(),
            upper: 110.into(),
        },
    ]
    .into_iter()
    .map(|polarity| IndicatorSettings {
        polarity,
        cap: Some(120.into()),
        ..Default::default()
    })
    .collect();
    let ran = fuzz::run("values", &corpus(), |bytes| {
        let text = String::from_utf8_lossy(bytes);
        let mut accepted = vec![];
        for piece in text.split('\n').take(64) {
            let _ = piece.parse::<Period>();
            let _ = piece.parse::<Date>();
            let _ = Value::parse_money(piece);
            if let Ok(v) = Value::parse(piece) {
                assert!(v.within_bounds().is_ok(), "{piece:?} was accepted out of its bounds");
                for t in &targets {
                    for s in &settings {
                        for f in [LowerFormula::TwoTMinusR, LowerFormula::TOverR] {
                            let _ = achievement(t, &v, s, f);
                            let _ = achievement(&v, t, s, f);
                        }
                    }
                }
                accepted.push(v);
            }
        }
        let refs: Vec<&Value> = accepted.iter().collect();
        for r in [Rollup::Sum, Rollup::Last, Rollup::Mean, Rollup::Max] {
            let _ = combine(&refs, r);
        }
    });
    assert!(ran >= corpus().len());
}

#[test]
fn texts_are_checked_and_cleaned() {
    let ran = fuzz::run("texts", &corpus(), |bytes| {
        let text = String::from_utf8_lossy(bytes);
        for field in [
            Field::Objective,
            Field::Obstacles,
            Field::Login,
            Field::FileName,
            Field::Narrative,
        ] {
            let _ = input::check(field, &text);
        }
        // What the cleaners make always passes the check of a one-line field.
        let line = input::clean_line(&text);
        let line: String = line.chars().take(Field::Objective.max_chars()).collect();
        assert!(input::check(Field::Objective, &line).is_ok(), "{line:?}");
        let name = input::clean_file_name(&text);
        assert!(input::check(Field::FileName, &name).is_ok(), "{name:?}");
        assert!(!name.contains(['/', '\\']));
    });
    assert!(ran >= corpus().len());
}
