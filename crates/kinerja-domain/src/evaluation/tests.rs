use super::*;

/// The LKE's shape: four components (30, 30, 15, 25), three sub-components each at 20/30/50%,
/// two criteria in each: the first of every sub-component Y/T, the second A–E; each "quality"
/// and "used" sub-component's first criterion depends on the "exists" one's.
pub(super) fn worksheet() -> Template {
    let weights = [
        ("1", "Perencanaan Kinerja", [6, 9, 15].map(Decimal::from)),
        ("2", "Pengukuran Kinerja", [6, 9, 15].map(Decimal::from)),
        (
            "3",
            "Pelaporan Kinerja",
            [Decimal::from(3), Decimal::new(45, 1), Decimal::new(75, 1)],
        ),
        (
            "4",
            "Evaluasi Akuntabilitas Kinerja Internal",
            [Decimal::from(5), Decimal::new(75, 1), Decimal::new(125, 1)],
        ),
    ];
    Template {
        source: "uji".into(),
        components: weights
            .into_iter()
            .map(|(c, name, w)| Component {
                code: c.into(),
                name: name.into(),
                weight: w.iter().copied().sum(),
                subs: ["a", "b", "c"]
                    .into_iter()
                    .zip(w)
                    .map(|(s, weight)| SubComponent {
                        code: format!("{c}.{s}"),
                        name: format!("sub {c}.{s}"),
                        weight,
                        criteria: vec![
                            Criterion {
                                code: format!("{c}.{s}.1"),
                                text: "ada".into(),
                                kind: AnswerKind::YesNo,
                                rubric: None,
                                evidence: None,
                                depends_on: (s != "a").then(|| format!("{c}.a.1")),
                                facts: vec![],
                            },
                            Criterion {
                                code: format!("{c}.{s}.2"),
                                text: "berkualitas".into(),
                                kind: AnswerKind::Graded,
                                rubric: Some("A > 90% … E ≤ 10%".into()),
                                evidence: None,
                                depends_on: None,
                                facts: vec![],
                            },
                        ],
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn answers(pairs: &[(&str, Answer)]) -> HashMap<String, Answer> {
    pairs.iter().map(|(c, a)| (c.to_string(), *a)).collect()
}

#[test]
fn the_worksheets_shape_is_sound() {
    assert!(worksheet().check().is_empty(), "{:?}", worksheet().check());
}

/// Computed by hand:
/// 1: a (Y, A) 1 × 6 = 6; b (Y, C) 0,75 × 9 = 6,75; c (Y, D) 0,625 × 15 = 9,375 → 22,125
/// 2: a (Y, T→ not fitting: counted 0) 0,5 × 6 = 3; b (T, B) 0,375 × 9 = 3,375; c none → 0 → 6,375
/// 3: a (Y, A) 1 × 3 = 3; b (Y, B) 0,875 × 4,5 = 3,9375; c (Y, C) 0,75 × 7,5 = 5,625 → 12,5625
/// 4: a (T, E) 0 × 5 = 0; b (Y, A) 1 × 7,5 = 7,5; c (T, A) 0,5 × 12,5 = 6,25 → 13,75
/// total 22,125 + 6,375 + 12,5625 + 13,75 = 54,8125 → 54,81 → CC.
#[test]
fn scores_by_hand() {
    use Answer::*;
    let given = answers(&[
        ("1.a.1", Y),
        ("1.a.2", A),
        ("1.b.1", Y),
        ("1.b.2", C),
        ("1.c.1", Y),
        ("1.c.2", D),
        ("2.a.1", Y),
        ("2.a.2", T),
        ("2.b.1", T),
        ("2.b.2", B),
        ("3.a.1", Y),
        ("3.a.2", A),
        ("3.b.1", Y),
        ("3.b.2", B),
        ("3.c.1", Y),
        ("3.c.2", C),
        ("4.a.1", T),
        ("4.a.2", E),
        ("4.b.1", Y),
        ("4.b.2", A),
        ("4.c.1", T),
        ("4.c.2", A),
        ("9.z.9", A),
    ]);
    let s = score(&worksheet(), &given);
    let by = |c: &str| s.components.iter().find(|x| x.code == c).unwrap().score;
    assert_eq!(by("1"), "22.125".parse().unwrap());
    assert_eq!(by("2"), "6.375".parse().unwrap());
    assert_eq!(by("3"), "12.5625".parse().unwrap());
    assert_eq!(by("4"), "13.75".parse().unwrap());
    assert_eq!(s.total, "54.81".parse().unwrap());
    assert_eq!(s.grade, Grade::CC);
    // 24 criteria; 23 answers given, one of them not fitting (2.a.2), one to no criterion.
    assert_eq!((s.answered, s.criteria), (21, 24));
    let sub = &s.components[2].subs[1];
    assert_eq!(
        (sub.mean, sub.score),
        ("0.875".parse().unwrap(), "3.9375".parse().unwrap())
    );
}

#[test]
fn every_answer_right_is_a_hundred_and_none_is_zero() {
    let t = worksheet();
    let best: HashMap<String, Answer> = t.criteria().map(|k| (k.code.clone(), Answer::all(k.kind)[0])).collect();
    let s = score(&t, &best);
    assert_eq!((s.total, s.grade), (Decimal::from(100), Grade::AA));
    let s = score(&t, &HashMap::new());
    assert_eq!((s.total, s.grade, s.answered), (Decimal::ZERO, Grade::D, 0));
}

#[test]
fn grades_at_their_boundaries() {
    let g = |s: &str| Grade::of(s.parse().unwrap());
    for (total, grade) in [
        ("100", Grade::AA),
        ("90.01", Grade::AA),
        ("90", Grade::A),
        ("80.01", Grade::A),
        ("80", Grade::BB),
        ("70.01", Grade::BB),
        ("70", Grade::B),
        ("60.01", Grade::B),
        ("60", Grade::CC),
        ("50.01", Grade::CC),
        ("50", Grade::C),
        ("30.01", Grade::C),
        ("30", Grade::D),
        ("0", Grade::D),
    ] {
        assert_eq!(g(total), grade, "{total}");
    }
    assert_eq!(Grade::BB.label().id, "Sangat Baik");
    assert!(Grade::AA > Grade::A && Grade::CC > Grade::C && Grade::C > Grade::D);
}

#[test]
fn the_total_is_rounded_half_up_before_it_is_graded() {
    // One criterion of weight 100 answered B: 75; of weight 70,005 answered Y with a second
    // component of 29,995 unanswered: 70,005 → 70,01 → BB (above 70).
    let mut t = worksheet();
    t.components.truncate(2);
    t.components[0].weight = "70.005".parse().unwrap();
    t.components[0].subs.truncate(1);
    t.components[0].subs[0].weight = "70.005".parse().unwrap();
    t.components[0].subs[0].criteria.truncate(1);
    t.components[1].weight = "29.995".parse().unwrap();
    t.components[1].subs.truncate(1);
    t.components[1].subs[0].weight = "29.995".parse().unwrap();
    assert!(t.check().is_empty(), "{:?}", t.check());
    let s = score(&t, &answers(&[("1.a.1", Answer::Y)]));
    assert_eq!((s.total, s.grade), ("70.01".parse().unwrap(), Grade::BB));
}

#[test]
fn a_criterion_above_the_one_it_rests_on_is_named_with_it() {
    use Answer::*;
    let t = worksheet();
    // 1.b.1 (a quality criterion) Y while 1.a.1 (exists) T; 2.c.1 Y while 2.a.1 unanswered;
    // 3.b.1 T with 3.a.1 T is fine.
    let found = logic_checks(
        &t,
        &answers(&[("1.a.1", T), ("1.b.1", Y), ("2.c.1", Y), ("3.a.1", T), ("3.b.1", T)]),
    );
    let named: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.criterion.as_str(), f.depends_on.as_str()))
        .collect();
    assert_eq!(named, [("1.b.1", "1.a.1"), ("2.c.1", "2.a.1")]);
    assert_eq!(
        found[0].message().id,
        "kriteria 1.b.1 bernilai 1 padahal kriteria 1.a.1 yang menjadi dasarnya hanya 0"
    );
}

#[test]
fn a_template_that_cannot_be_scored_says_why() {
    let mut t = worksheet();
    t.components[0].weight = Decimal::from(31);
    t.components[1].subs[0].criteria[1].code = "1.a.1".into();
    t.components[2].subs[1].criteria[0].depends_on = Some("9.9.9".into());
    t.components[3].subs[2].criteria.clear();
    t.components[2].subs[0].weight = Decimal::MAX;
    // 4.a.2 → 4.b.2 → 4.a.2: a loop.
    t.components[3].subs[0].criteria[1].depends_on = Some("4.b.2".into());
    t.components[3].subs[1].criteria[1].depends_on = Some("4.a.2".into());
    // Scored anyway, an absurd weight is held to 100: no overflow.
    assert!(score(&t, &HashMap::new()).total.is_zero());
    let found: Vec<String> = t.check().into_iter().map(|m| m.en).collect();
    for part in [
        "the components' weights add up to 101, not 100",
        "component 1: its sub-components weigh 30, not 31",
        "the code 1.a.1 is used more than once",
        "criterion 3.b.1 depends on 9.9.9, which does not exist",
        "sub-component 4.c has no criteria",
        "sub-component 3.a: a weight of 79228162514264337593543950335 outside 0–100",
        "criterion 4.a.2: its dependencies come back to it",
        "criterion 4.b.2: its dependencies come back to it",
    ] {
        assert!(found.iter().any(|f| f == part), "{part}: {found:?}");
    }
}

#[test]
fn answers_are_read_as_the_worksheet_writes_them() {
    assert_eq!(Answer::parse(" ya "), Some(Answer::Y));
    assert_eq!(Answer::parse("Tidak"), Some(Answer::T));
    assert_eq!(Answer::parse("c"), Some(Answer::C));
    assert_eq!(Answer::parse("F"), None);
    assert_eq!(Answer::parse(""), None);
    assert!(Answer::A.fits(AnswerKind::Graded) && !Answer::A.fits(AnswerKind::YesNo));
    assert!(Answer::T.fits(AnswerKind::YesNo) && !Answer::T.fits(AnswerKind::Graded));
    for a in [
        Answer::Y,
        Answer::T,
        Answer::A,
        Answer::B,
        Answer::C,
        Answer::D,
        Answer::E,
    ] {
        assert_eq!(Answer::parse(a.code()), Some(a));
    }
    let values: Vec<Decimal> = Answer::all(AnswerKind::Graded).iter().map(|a| a.value()).collect();
    assert_eq!(
        values,
        ["1", "0.75", "0.5", "0.25", "0"].map(|v| v.parse::<Decimal>().unwrap())
    );
}

/// The worksheet Kinerja ships: the regulation's 4 components weighted 30, 30, 15 and 25, its
/// 12 sub-components (each component's split 20/30/50), 80 criteria (25, 20, 22, 13), every
/// graded criterion with its rubric, every criterion with the evidence it expects; sound by
/// `check`; all answered best it scores 100 (AA), all worst 0 (D), and a worksheet whose
/// quality criterion outscores the document it needs is found by the logic checks.
#[test]
fn the_shipped_worksheet_is_the_regulations() {
    let t = Template::shipped();
    assert_eq!(t.check(), Vec::<Text>::new());
    assert!(t.source.contains("88 Tahun 2021"));
    let weights: Vec<String> = t.components.iter().map(|c| c.weight.to_string()).collect();
    assert_eq!(weights, ["30", "30", "15", "25"]);
    let subs: Vec<String> = t
        .components
        .iter()
        .flat_map(|c| c.subs.iter().map(|s| s.weight.normalize().to_string()))
        .collect();
    assert_eq!(
        subs,
        ["6", "9", "15", "6", "9", "15", "3", "4.5", "7.5", "5", "7.5", "12.5"]
    );
    let counts: Vec<usize> = t
        .components
        .iter()
        .map(|c| c.subs.iter().map(|s| s.criteria.len()).sum())
        .collect();
    assert_eq!(counts, [25, 20, 22, 13]);
    assert!(t.criteria().all(|c| c.evidence.is_some()));
    assert!(
        t.criteria()
            .all(|c| (c.kind == AnswerKind::Graded) == c.rubric.is_some())
    );
    assert_eq!(
        t.criterion("1.a.1").map(|c| c.text.as_str()),
        Some("Terdapat pedoman teknis perencanaan kinerja.")
    );
    let best: HashMap<String, Answer> = t.criteria().map(|c| (c.code.clone(), Answer::all(c.kind)[0])).collect();
    let worst: HashMap<String, Answer> = t
        .criteria()
        .map(|c| (c.code.clone(), *Answer::all(c.kind).last().unwrap()))
        .collect();
    assert_eq!(score(&t, &best).total, Decimal::from(100));
    assert_eq!(score(&t, &best).grade, Grade::AA);
    assert_eq!(score(&t, &worst).total, Decimal::ZERO);
    assert_eq!(score(&t, &worst).grade, Grade::D);
    // Formalised plans (1.b.1) answered A while the year's PK does not exist (1.a.4 T).
    let mut odd = best.clone();
    odd.insert("1.a.4".into(), Answer::T);
    let found = logic_checks(&t, &odd);
    assert!(
        found.iter().any(|f| f.criterion == "1.b.1" && f.depends_on == "1.a.4"),
        "{found:?}"
    );
}

/// A window is open from its first day to its last, both included; one that closes before it
/// opens is no window.
#[test]
fn a_window_is_open_on_its_first_and_last_day() {
    let day = |s: &str| -> crate::date::Date { s.parse().unwrap() };
    let w = Window::new(day("2025-01-15"), day("2025-02-15")).unwrap();
    assert_eq!(w.state(day("2025-01-14")), WindowState::NotYet);
    assert_eq!(w.state(day("2025-01-15")), WindowState::Open);
    assert_eq!(w.state(day("2025-02-15")), WindowState::Open);
    assert_eq!(w.state(day("2025-02-16")), WindowState::Closed);
    assert_eq!(Window::new(day("2025-02-16"), day("2025-02-15")), None);
    assert!(Window::new(day("2025-02-15"), day("2025-02-15")).is_some());
}

/// Every grade is listed, best first, with how many offices have it; below the target (BB) are
/// B and worse.
#[test]
fn grades_are_counted_best_first() {
    let counted = distribution([Grade::BB, Grade::B, Grade::BB, Grade::AA]);
    assert_eq!(
        counted,
        [
            (Grade::AA, 1),
            (Grade::A, 0),
            (Grade::BB, 2),
            (Grade::B, 1),
            (Grade::CC, 0),
            (Grade::C, 0),
            (Grade::D, 0)
        ]
    );
    assert!(Grade::B < Grade::TARGET && Grade::BB >= Grade::TARGET && Grade::A > Grade::TARGET);
}
