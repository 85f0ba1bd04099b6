//! The evaluation over generated input: the total stays within 0–100 and never
//! falls when any one answer gets better; the review approves only what was proposed.

use std::collections::HashMap;

use kinerja_domain::Decimal;
use kinerja_domain::evaluation::{Answer, AnswerKind, Component, Criterion, SubComponent, Template, score};
use proptest::prelude::*;

/// Four components of three sub-components with 1–4 criteria each, weights as the LKE's.
fn template(sizes: &[usize]) -> Template {
    let weights = [
        [6, 9, 15].map(Decimal::from),
        [6, 9, 15].map(Decimal::from),
        [Decimal::from(3), Decimal::new(45, 1), Decimal::new(75, 1)],
        [Decimal::from(5), Decimal::new(75, 1), Decimal::new(125, 1)],
    ];
    let mut n = 0;
    Template {
        source: "properti".into(),
        components: weights
            .iter()
            .enumerate()
            .map(|(c, w)| Component {
                code: c.to_string(),
                name: c.to_string(),
                weight: w.iter().copied().sum(),
                subs: w
                    .iter()
                    .enumerate()
                    .map(|(s, weight)| {
                        let size = sizes[(c * 3 + s) % sizes.len()];
                        SubComponent {
                            code: format!("{c}.{s}"),
                            name: String::new(),
                            weight: *weight,
                            criteria: (0..size)
                                .map(|k| {
                                    n += 1;
                                    Criterion {
                                        code: format!("{c}.{s}.{k}"),
                                        text: String::new(),
                                        kind: if n % 2 == 0 {
                                            AnswerKind::YesNo
                                        } else {
                                            AnswerKind::Graded
                                        },
                                        rubric: None,
                                        evidence: None,
                                        depends_on: None,
                                        facts: vec![],
                                    }
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// An answer for each criterion from `picks` (an index into its kind's answers, or none).
fn answers(t: &Template, picks: &[Option<usize>]) -> HashMap<String, Answer> {
    t.criteria()
        .zip(picks.iter().cycle())
        .filter_map(|(k, p)| p.map(|i| (k.code.clone(), Answer::all(k.kind)[i % Answer::all(k.kind).len()])))
        .collect()
}

proptest! {
    #[test]
    fn the_total_stays_between_0_and_100(
        sizes in prop::collection::vec(1usize..5, 12),
        picks in prop::collection::vec(prop::option::of(0usize..5), 1..60),
    ) {
        let t = template(&sizes);
        prop_assert!(t.check().is_empty());
        let s = score(&t, &answers(&t, &picks));
        prop_assert!(s.total >= Decimal::ZERO && s.total <= Decimal::from(100), "{}", s.total);
    }

    #[test]
    fn a_better_answer_never_lowers_the_total(
        sizes in prop::collection::vec(1usize..5, 12),
        picks in prop::collection::vec(prop::option::of(0usize..5), 1..60),
        which in 0usize..48,
    ) {
        let t = template(&sizes);
        let given = answers(&t, &picks);
        let before = score(&t, &given);
        let k = t.criteria().nth(which % t.criteria().count()).unwrap();
        // The criterion's best answer in place of what it had (or of nothing).
        let mut better = given.clone();
        better.insert(k.code.clone(), Answer::all(k.kind)[0]);
        let after = score(&t, &better);
        prop_assert!(after.total >= before.total, "{} → {}", before.total, after.total);
        prop_assert!(after.grade >= before.grade);
    }
}

proptest! {
    /// Any sequence of review steps: an approval always follows a proposal made since the last
    /// return; a refused step changes nothing; the final values are open exactly until approval.
    #[test]
    fn the_review_approves_only_what_was_proposed(steps in prop::collection::vec((0usize..4, any::<bool>()), 0..40)) {
        use kinerja_domain::evaluation::review::{ReviewState, ReviewStep, apply};
        let mut state = ReviewState::Draft;
        let mut proposed = false;
        for (which, words) in steps {
            let text = if words { "ada alasannya".to_string() } else { " ".to_string() };
            let step = match which {
                0 => ReviewStep::Propose,
                1 => ReviewStep::Respond { text },
                2 => ReviewStep::Approve,
                _ => ReviewStep::Return { reason: text },
            };
            match apply(state, &step) {
                Ok(next) => {
                    match step {
                        ReviewStep::Propose => proposed = true,
                        ReviewStep::Return { .. } => proposed = false,
                        ReviewStep::Approve => prop_assert!(proposed, "approved unproposed"),
                        ReviewStep::Respond { .. } => prop_assert!(words && proposed),
                    }
                    state = next;
                }
                Err(why) => prop_assert!(!why.en.is_empty()),
            }
            prop_assert_eq!(state.final_values_open(), state != ReviewState::Approved);
        }
    }
}
