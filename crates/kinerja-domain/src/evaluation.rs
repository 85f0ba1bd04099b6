//! The yearly evaluation of SAKIP (Evaluasi AKIP, the LKE worksheet of PermenPANRB 88/2021):
//! the worksheet as data — components, sub-components with their weights, criteria answered
//! Y/T or A–E — and what is computed from the answers: the value of each answer, the score of
//! each sub-component (the mean of its criteria's values × its weight), of each component (the
//! sum of its sub-components), the total (0–100) and its grade (predikat, AA…D), and the logic
//! checks between criteria (a "quality" or "used" criterion never scores above the criterion it
//! depends on). `../shared/domain/LKE.md` describes the worksheet.
//!
//! Scores are exact decimals; the total is rounded to two decimals, half up, before it is
//! graded, as the worksheet prints it.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format::round_half_up;
use crate::i18n::Text;

/// How a criterion is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// Ya (1) or Tidak (0).
    YesNo,
    /// A (1), B (0,75), C (0,5), D (0,25) or E (0), by the criterion's rubric.
    Graded,
}

/// An answer to a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    Y,
    T,
    A,
    B,
    C,
    D,
    E,
}

impl Answer {
    /// What the answer is worth: Y and A 1, B 0,75, C 0,5, D 0,25, T and E 0.
    pub fn value(self) -> Decimal {
        match self {
            Answer::Y | Answer::A => Decimal::ONE,
            Answer::B => Decimal::new(75, 2),
            Answer::C => Decimal::new(5, 1),
            Answer::D => Decimal::new(25, 2),
            Answer::T | Answer::E => Decimal::ZERO,
        }
    }

    /// Whether a criterion of `kind` takes this answer.
    pub fn fits(self, kind: AnswerKind) -> bool {
        match kind {
            AnswerKind::YesNo => matches!(self, Answer::Y | Answer::T),
            AnswerKind::Graded => !matches!(self, Answer::Y | Answer::T),
        }
    }

    /// `Y`, `T`, `A`…`E`, as the worksheet writes them (`Ya` and `Tidak` too, any case).
    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim().to_ascii_uppercase().as_str() {
            "Y" | "YA" => Some(Answer::Y),
            "T" | "TIDAK" => Some(Answer::T),
            "A" => Some(Answer::A),
            "B" => Some(Answer::B),
            "C" => Some(Answer::C),
            "D" => Some(Answer::D),
            "E" => Some(Answer::E),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Answer::Y => "Y",
            Answer::T => "T",
            Answer::A => "A",
            Answer::B => "B",
            Answer::C => "C",
            Answer::D => "D",
            Answer::E => "E",
        }
    }

    /// Every answer a criterion of `kind` takes, best first.
    pub fn all(kind: AnswerKind) -> &'static [Answer] {
        match kind {
            AnswerKind::YesNo => &[Answer::Y, Answer::T],
            AnswerKind::Graded => &[Answer::A, Answer::B, Answer::C, Answer::D, Answer::E],
        }
    }
}

/// A criterion of the worksheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Unique in the template (`1.a.1`).
    pub code: String,
    /// As the regulation's appendix words it.
    pub text: String,
    pub kind: AnswerKind,
    /// What earns A…E, for a graded criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<String>,
    /// The evidence the criterion expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The criterion this one cannot score above (a plan of quality needs a plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<String>,
    /// The facts Kinerja computes that bear on it, shown beside it ([`facts::KINDS`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubComponent {
    pub code: String,
    pub name: String,
    /// Its share of the total (e.g. 6 of the component's 30).
    pub weight: Decimal,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub code: String,
    pub name: String,
    /// Its share of the total (30, 30, 15, 25): the sum of its sub-components' weights.
    pub weight: Decimal,
    pub subs: Vec<SubComponent>,
}

/// A year's worksheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Where the criteria's wording comes from (the regulation and its appendix).
    pub source: String,
    pub components: Vec<Component>,
}

/// The worksheet of PermenPANRB 88/2021 as Kinerja ships it (`data/lke-permenpanrb-88-2021.json`):
/// 4 components, 12 sub-components, 80 criteria in the regulation's wording, with the evidence
/// each expects and the criterion it depends on. Each year's template starts as a copy of it.
const SHIPPED: &str = include_str!("../data/lke-permenpanrb-88-2021.json");

impl Template {
    /// The worksheet Kinerja ships (PermenPANRB 88/2021), checked by the tests.
    pub fn shipped() -> Template {
        serde_json::from_str(SHIPPED).expect("the shipped worksheet is valid JSON of a template (tested)")
    }

    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.components
            .iter()
            .flat_map(|c| c.subs.iter())
            .flat_map(|s| s.criteria.iter())
    }

    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria().find(|c| c.code == code)
    }

    /// What keeps the template from being used, each named: the components' weights must add
    /// up to 100 and each component's to its sub-components'; a sub-component has criteria;
    /// codes are unique; a dependency names another criterion of the template, and no chain of
    /// dependencies comes back to where it started.
    pub fn check(&self) -> Vec<Text> {
        let mut out = Vec::new();
        let hundred = Decimal::from(100);
        // Summed with a check: a template read from a file may carry any number.
        let total = checked_sum(self.components.iter().map(|c| c.weight));
        // Weights as people write them: "4,5" in Indonesian, "4.5" in English.
        let id = |w: Decimal| crate::format::number(w, 4);
        let en = |w: Decimal| w.normalize().to_string();
        if total != hundred {
            out.push(Text::new(
                format!("bobot komponen berjumlah {}, seharusnya 100", id(total)),
                format!("the components' weights add up to {}, not 100", en(total)),
            ));
        }
        let mut codes = HashSet::new();
        for c in &self.components {
            if !codes.insert(c.code.as_str()) {
                out.push(duplicate(&c.code));
            }
            let subs = checked_sum(c.subs.iter().map(|s| s.weight));
            if subs != c.weight {
                out.push(Text::new(
                    format!(
                        "komponen {}: bobot subkomponennya berjumlah {}, bukan {}",
                        c.code,
                        id(subs),
                        id(c.weight)
                    ),
                    format!(
                        "component {}: its sub-components weigh {}, not {}",
                        c.code,
                        en(subs),
                        en(c.weight)
                    ),
                ));
            }
            for s in &c.subs {
                if !codes.insert(s.code.as_str()) {
                    out.push(duplicate(&s.code));
                }
                if s.weight < Decimal::ZERO || s.weight > hundred {
                    out.push(Text::new(
                        format!("subkomponen {}: bobot {} di luar 0–100", s.code, id(s.weight)),
                        format!("sub-component {}: a weight of {} outside 0–100", s.code, en(s.weight)),
                    ));
                }
                if s.criteria.is_empty() {
                    out.push(Text::new(
                        format!("subkomponen {} tidak memiliki kriteria", s.code),
                        format!("sub-component {} has no criteria", s.code),
                    ));
                }
                for k in &s.criteria {
                    if !codes.insert(k.code.as_str()) {
                        out.push(duplicate(&k.code));
                    }
                }
            }
        }
        for k in self.criteria() {
            for f in k.facts.iter().filter(|f| !facts::KINDS.contains(&f.as_str())) {
                out.push(Text::new(
                    format!("kriteria {} menyebut fakta “{f}”, yang tidak dikenal Kinerja", k.code),
                    format!("criterion {} names the fact “{f}”, which Kinerja does not know", k.code),
                ));
            }
        }
        let depends: HashMap<&str, &str> = self
            .criteria()
            .filter_map(|k| k.depends_on.as_deref().map(|d| (k.code.as_str(), d)))
            .collect();
        for (code, on) in &depends {
            if self.criterion(on).is_none() {
                out.push(Text::new(
                    format!("kriteria {code} bergantung pada {on}, yang tidak ada"),
                    format!("criterion {code} depends on {on}, which does not exist"),
                ));
                continue;
            }
            let mut at = *on;
            for _ in 0..=depends.len() {
                if at == *code {
                    out.push(Text::new(
                        format!("kriteria {code}: ketergantungannya berputar kembali kepadanya"),
                        format!("criterion {code}: its dependencies come back to it"),
                    ));
                    break;
                }
                match depends.get(at) {
                    Some(next) => at = next,
                    None => break,
                }
            }
        }
        out
    }
}

/// The sum of `weights`, or the largest decimal when it would overflow (then it is not 100 nor
/// any weight: the check names it).
fn checked_sum(mut weights: impl Iterator<Item = Decimal>) -> Decimal {
    weights
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(w))
        .unwrap_or(Decimal::MAX)
}

fn duplicate(code: &str) -> Text {
    Text::new(
        format!("kode {code} dipakai lebih dari sekali"),
        format!("the code {code} is used more than once"),
    )
}

/// The grade of a total (predikat).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    D,
    C,
    CC,
    B,
    BB,
    A,
    AA,
}

impl Grade {
    /// AA above 90, A above 80, BB above 70, B above 60, CC above 50, C above 30, else D.
    pub fn of(total: Decimal) -> Grade {
        let above = |n: i64| total > Decimal::from(n);
        if above(90) {
            Grade::AA
        } else if above(80) {
            Grade::A
        } else if above(70) {
            Grade::BB
        } else if above(60) {
            Grade::B
        } else if above(50) {
            Grade::CC
        } else if above(30) {
            Grade::C
        } else {
            Grade::D
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Grade::AA => "AA",
            Grade::A => "A",
            Grade::BB => "BB",
            Grade::B => "B",
            Grade::CC => "CC",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    /// Its words: Sangat Memuaskan … Sangat Kurang.
    pub fn label(self) -> Text {
        let (id, en) = match self {
            Grade::AA => ("Sangat Memuaskan", "Very satisfactory"),
            Grade::A => ("Memuaskan", "Satisfactory"),
            Grade::BB => ("Sangat Baik", "Very good"),
            Grade::B => ("Baik", "Good"),
            Grade::CC => ("Cukup (Memadai)", "Adequate"),
            Grade::C => ("Kurang", "Poor"),
            Grade::D => ("Sangat Kurang", "Very poor"),
        };
        Text::new(id, en)
    }
}

/// A sub-component's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubScore {
    pub code: String,
    /// The mean of its criteria's values (0–1), unanswered ones counted as 0.
    pub mean: Decimal,
    /// The mean × its weight.
    pub score: Decimal,
    pub answered: usize,
    pub criteria: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentScore {
    pub code: String,
    pub score: Decimal,
    pub subs: Vec<SubScore>,
}

/// The scores of one set of answers (an office's self-assessment, or the evaluators' final).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    pub components: Vec<ComponentScore>,
    /// The sum of the components, two decimals, half up: 0–100.
    pub total: Decimal,
    pub grade: Grade,
    pub answered: usize,
    pub criteria: usize,
}

/// The scores of `answers` (by criterion code) on `template`. An answer that does not fit its
/// criterion (an A–E answer to a Y/T criterion) counts as unanswered; answers to codes the
/// template does not have are ignored.
pub fn score(template: &Template, answers: &HashMap<String, Answer>) -> Scores {
    let mut components = Vec::with_capacity(template.components.len());
    let (mut answered, mut criteria) = (0, 0);
    let mut total = Decimal::ZERO;
    for c in &template.components {
        let mut subs = Vec::with_capacity(c.subs.len());
        let mut sum = Decimal::ZERO;
        for s in &c.subs {
            let values: Vec<Option<Decimal>> = s
                .criteria
                .iter()
                .map(|k| answers.get(&k.code).filter(|a| a.fits(k.kind)).map(|a| a.value()))
                .collect();
            let n = values.len();
            let got = values.iter().flatten().count();
            let mean = if n == 0 {
                Decimal::ZERO
            } else {
                values.iter().flatten().copied().sum::<Decimal>() / Decimal::from(n)
            };
            // A weight outside 0–100 is refused by `Template::check`; here it is held to it, so
            // no template read from anywhere can overflow the sums.
            let score = mean * s.weight.clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
            sum += score;
            answered += got;
            criteria += n;
            subs.push(SubScore {
                code: s.code.clone(),
                mean,
                score,
                answered: got,
                criteria: n,
            });
        }
        total += sum;
        components.push(ComponentScore {
            code: c.code.clone(),
            score: sum,
            subs,
        });
    }
    let total = round_half_up(total, 2);
    Scores {
        components,
        total,
        grade: Grade::of(total),
        answered,
        criteria,
    }
}

/// A criterion scored above the criterion it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicFinding {
    pub criterion: String,
    pub depends_on: String,
    pub value: Decimal,
    pub dependency_value: Decimal,
}

impl LogicFinding {
    pub fn message(&self) -> Text {
        Text::new(
            format!(
                "kriteria {} bernilai {} padahal kriteria {} yang menjadi dasarnya hanya {}",
                self.criterion,
                crate::format::number(self.value, 2),
                self.depends_on,
                crate::format::number(self.dependency_value, 2)
            ),
            format!(
                "criterion {} is worth {} while {}, which it rests on, is worth only {}",
                self.criterion,
                self.value.normalize(),
                self.depends_on,
                self.dependency_value.normalize()
            ),
        )
    }
}

/// Every answered criterion worth more than the criterion it depends on (unanswered: 0).
pub fn logic_checks(template: &Template, answers: &HashMap<String, Answer>) -> Vec<LogicFinding> {
    let value = |code: &str| {
        template
            .criterion(code)
            .and_then(|k| answers.get(code).filter(|a| a.fits(k.kind)))
            .map(|a| a.value())
    };
    template
        .criteria()
        .filter_map(|k| {
            let on = k.depends_on.as_deref()?;
            let mine = value(&k.code)?;
            let theirs = value(on).unwrap_or(Decimal::ZERO);
            (mine > theirs).then(|| LogicFinding {
                criterion: k.code.clone(),
                depends_on: on.to_string(),
                value: mine,
                dependency_value: theirs,
            })
        })
        .collect()
}

pub mod evidence;
pub mod facts;
pub mod review;

#[cfg(test)]
mod tests;

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 7] = [Grade::AA, Grade::A, Grade::BB, Grade::B, Grade::CC, Grade::C, Grade::D];

    /// KPU's target for every satker (2025): at least BB.
    pub const TARGET: Grade = Grade::BB;
}

/// How many of `grades` have each grade, best first, every grade listed (0 where none).
pub fn distribution(grades: impl IntoIterator<Item = Grade>) -> Vec<(Grade, usize)> {
    let mut counts = [0usize; 7];
    for g in grades {
        if let Some(i) = Grade::ALL.iter().position(|x| *x == g) {
            counts[i] += 1;
        }
    }
    Grade::ALL.iter().copied().zip(counts).collect()
}

/// The days a year's evaluation is open to the offices of one level for their self-assessment:
/// from `opens` to `closes`, both included, in each office's own day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opens: crate::date::Date,
    pub closes: crate::date::Date,
}

/// Where a day stands in a [`Window`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    NotYet,
    Open,
    Closed,
}

impl Window {
    /// A window from `opens` to `closes`; `None` when it would close before it opens.
    pub fn new(opens: crate::date::Date, closes: crate::date::Date) -> Option<Window> {
        (opens <= closes).then_some(Window { opens, closes })
    }

    pub fn state(&self, today: crate::date::Date) -> WindowState {
        if today < self.opens {
            WindowState::NotYet
        } else if today > self.closes {
            WindowState::Closed
        } else {
            WindowState::Open
        }
    }
}
