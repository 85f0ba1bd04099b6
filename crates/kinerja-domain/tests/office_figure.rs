//! The office's figure is its own PK, computed by hand on a small office of our own: a top unit
//! and two sub-sections, a cascade, a percentage of a counted group (capped), a grade, and
//! lower-is-better counts of both kinds; and the rules of a counted group as properties.

use kinerja_domain::Decimal;
use kinerja_domain::achievement::{Basis, NoOfficeFigure, NotComputable, Span, measure, national, office_achievement};
use kinerja_domain::format;
use kinerja_domain::indicator::{IndicatorSettings, LowerFormula, Polarity, Rollup, guess_settings};
use kinerja_domain::model::*;
use kinerja_domain::period::Period;
use kinerja_domain::value::Value;
use proptest::prelude::*;

fn v(s: &str) -> Value {
    Value::parse(s).unwrap()
}

fn office() -> Office {
    Office {
        id: OfficeId(1),
        code: "kpu-contoh".parse().unwrap(),
        name: "KPU Contoh".into(),
        full_name: "Komisi Pemilihan Umum Contoh".into(),
        level: OfficeLevel::Regency,
        parent: None,
        address: None,
        city: None,
        scale: None,
        lower_formula: LowerFormula::TwoTMinusR,
        time_zone: Default::default(),
        version: 1,
    }
}

struct Builder {
    plan: YearPlan,
    next: i64,
}

impl Builder {
    fn new() -> Self {
        let mut plan = YearPlan::empty(office(), Year::of(2024));
        for (id, parent, name) in [
            (1, None, "KPU Contoh"),
            (2, Some(1), "Subbag A"),
            (3, Some(1), "Subbag B"),
        ] {
            plan.units.push(Unit {
                id: UnitId(id),
                office: OfficeId(1),
                code: format!("u{id}"),
                name: name.into(),
                kind: if parent.is_none() {
                    UnitKind::Commission
                } else {
                    UnitKind::Subsection
                },
                parent: parent.map(UnitId),
                aliases: vec![],
                version: 1,
            });
        }
        Builder { plan, next: 100 }
    }

    fn objective(&mut self, unit: i64, text: &str) -> ObjectiveId {
        let unit = UnitId(unit);
        self.next += 1;
        self.plan.objectives.push(Objective {
            id: ObjectiveId(self.next),
            unit,
            year: Year::of(2024),
            ord: self.next as i32,
            text: text.into(),
        });
        ObjectiveId(self.next)
    }

    /// A PK indicator with settings guessed from its wording, as an office gets them.
    fn indicator(&mut self, objective: ObjectiveId, text: &str, pk: &str, activity: Option<&str>) -> IndicatorId {
        self.next += 1;
        let target = v(pk);
        self.plan.indicators.push(Indicator {
            id: IndicatorId(self.next),
            objective,
            ord: self.next as i32,
            text: text.into(),
            settings: guess_settings(text, Some(&target)),
            pk_target: Some(target),
            rak_target: None,
            activity_target: activity.map(v),
            period_targets: vec![],
            computation: None,
            data_source: None,
            supports: None,
            supports_objective: None,
            reported: None,
            note: None,
            version: 1,
        });
        IndicatorId(self.next)
    }

    fn supports(&mut self, indicator: IndicatorId, superior: IndicatorId) {
        let i = self.plan.indicators.iter_mut().find(|i| i.id == indicator).unwrap();
        i.supports = Some(superior);
    }

    fn realise(&mut self, indicator: IndicatorId, period: Period, value: &str) {
        self.next += 1;
        self.plan.realisations.push(Realisation {
            id: RealisationId(self.next),
            indicator,
            period,
            value: v(value),
            status: RealisationStatus::Verified,
            evidence: vec![],
            obstacles: None,
            follow_up: None,
            return_reason: None,
            version: 1,
        });
    }
}

struct Small {
    plan: YearPlan,
    diklat: IndicatorId,
    grade: IndicatorId,
    on_time: IndicatorId,
    reports: IndicatorId,
    findings: IndicatorId,
    disputes: IndicatorId,
}

fn small_office() -> Small {
    let mut b = Builder::new();
    let t1 = b.objective(1, "Meningkatnya kapasitas dan akuntabilitas");
    let diklat = b.indicator(t1, "Persentase pegawai yang mengikuti diklat", "100%", Some("3 Orang"));
    b.realise(diklat, Period::Year, "5 orang");
    let grade = b.indicator(t1, "Nilai evaluasi akuntabilitas kinerja", "BB", None);
    b.realise(grade, Period::Year, "B");
    let t2 = b.objective(1, "Tersusunnya laporan tepat waktu");
    let on_time = b.indicator(t2, "Persentase laporan yang tepat waktu", "95%", None);
    let s1 = b.objective(2, "Terlaksananya monitoring");
    let reports = b.indicator(s1, "Jumlah laporan monitoring", "12 laporan", None);
    for m in 1..=10 {
        b.realise(reports, Period::Month(m), "1 laporan");
    }
    b.supports(reports, on_time);
    let s2 = b.objective(3, "Terselesaikannya temuan dan sengketa");
    let findings = b.indicator(s2, "Jumlah temuan BPK", "4 temuan", None);
    b.realise(findings, Period::Year, "3 temuan");
    b.supports(findings, on_time);
    let disputes = b.indicator(
        s2,
        "Penurunan jumlah sengketa hukum dalam perkara perselisihan",
        "80%",
        Some("1 laporan"),
    );
    b.realise(disputes, Period::Year, "2 laporan");
    Small {
        plan: b.plan,
        diklat,
        grade,
        on_time,
        reports,
        findings,
        disputes,
    }
}

fn figure(d: Option<Decimal>) -> String {
    d.map(format::percent).unwrap_or_else(|| "-".into())
}

#[test]
fn the_office_is_its_own_pk_to_the_second_decimal() {
    let s = small_office();
    let r = office_achievement(&s.plan, Span::Year, Basis::Entered, None, None);
    let of = |id| {
        r.units
            .iter()
            .flat_map(|u| &u.objectives)
            .flat_map(|o| &o.indicators)
            .find(|a| a.indicator == id)
            .unwrap()
            .clone()
    };
    // Diklat: 5 of 3 people is 100% realised (a percentage of a counted group is at most 100),
    // against the 100% target: 100%. (Measured as a count it would be 166,67%.)
    assert_eq!(of(s.diklat).realised_percent, Some(Decimal::from(100)));
    assert_eq!(of(s.diklat).achievement, Ok(Decimal::from(100)));
    // The grade: B is position 4 of 7, BB position 5: 4 / 5 × 100 = 80%.
    assert_eq!(of(s.grade).achievement, Ok(Decimal::from(80)));
    // Monitoring reports, summed: 10 of 12 = 83,333…%.
    assert_eq!(figure(of(s.reports).achievement.ok()), "83,33%");
    // BPK findings, lower is better, counted as what the indicator names: (2 × 4 − 3) / 4 = 125%.
    assert_eq!(of(s.findings).achievement, Ok(Decimal::from(125)));
    // Disputes, lower is better, but measured through reports (another kind): not inverted on
    // that count; 2 of 1 report is 100% realised, against 80%: 100 / 80 = 125%.
    assert_eq!(of(s.disputes).realised_percent, Some(Decimal::from(100)));
    assert_eq!(of(s.disputes).achievement, Ok(Decimal::from(125)));
    // On time: no realisation of its own; the mean of its two supporters,
    // (83,333… + 125) / 2 = 104,1666…%.
    assert_eq!(of(s.on_time).from_supporting, 2);
    assert_eq!(figure(of(s.on_time).achievement.ok()), "104,17%");
    // The office: its own PK, the top unit's two objectives. The first: (100 + 80) / 2 = 90; the
    // second: 104,1666…; the office: (90 + 104,1666…) / 2 = 97,08333… → 97,08%.
    assert_eq!(figure(r.rolled.achievement), "97,08%");
    assert_eq!((r.own_unit, r.reason), (Some(UnitId(1)), None));
    assert_eq!((r.own_objectives, r.own_indicators), (2, 3));
    // Not the mean of the units, which would count the sub-sections twice:
    // (97,083… + 83,333… + (125 + 125) / 2) / 3 = 101,81%.
    let units: Vec<String> = r.units.iter().map(|u| figure(u.rolled.achievement)).collect();
    assert_eq!(units, ["97,08%", "83,33%", "125%"]);
}

#[test]
fn the_same_office_without_a_top_pk_or_with_a_circular_cascade_has_no_figure() {
    // No PK at the top: no figure, and why; the units keep theirs.
    let mut s = small_office();
    s.plan
        .indicators
        .iter_mut()
        .filter(|i| [s.diklat, s.grade, s.on_time].contains(&i.id))
        .for_each(|i| i.pk_target = None);
    s.plan
        .realisations
        .retain(|r| r.indicator != s.diklat && r.indicator != s.grade);
    let r = office_achievement(&s.plan, Span::Year, Basis::Entered, None, None);
    assert_eq!((r.rolled.achievement, r.reason), (None, Some(NoOfficeFigure::NoOwnPk)));
    assert!(r.units.iter().any(|u| u.rolled.achievement.is_some()));
    assert!(
        NoOfficeFigure::NoOwnPk
            .text()
            .id
            .contains("tidak dihitung dari unit-unitnya")
    );
    // A top PK with nothing measured.
    let mut s = small_office();
    s.plan.realisations.clear();
    let r = office_achievement(&s.plan, Span::Year, Basis::Entered, None, None);
    assert_eq!(
        (r.rolled.achievement, r.reason),
        (None, Some(NoOfficeFigure::NothingMeasurable))
    );
    // A cascade that comes back: the top indicator supports the sub-section's, which supports it.
    let mut s = small_office();
    s.plan.realisations.retain(|r| {
        r.indicator != s.diklat && r.indicator != s.grade && r.indicator != s.reports && r.indicator != s.findings
    });
    for i in &mut s.plan.indicators {
        if i.id == s.on_time {
            i.supports = Some(s.reports);
        }
    }
    let r = office_achievement(&s.plan, Span::Year, Basis::Entered, None, None);
    assert_eq!(
        (r.rolled.achievement, r.reason),
        (None, Some(NoOfficeFigure::CircularCascade))
    );
    let top = r.units[0]
        .objectives
        .iter()
        .flat_map(|o| &o.indicators)
        .find(|a| a.indicator == s.on_time)
        .unwrap();
    assert_eq!(top.achievement, Err(NotComputable::CircularCascade));
}

#[test]
fn the_nation_rolls_up_each_offices_own_figure() {
    let s = small_office();
    let mut province = office();
    (province.id, province.code, province.level) = (OfficeId(9), "prov".parse().unwrap(), OfficeLevel::Province);
    let mut regency = s.plan.office.clone();
    regency.parent = Some(OfficeId(9));
    let mut plan = s.plan.clone();
    plan.office = regency.clone();
    let rolled = national(&[province, regency], &[plan], None);
    // The province has no plan: its figure is its one office's own, 97,08%.
    assert_eq!(figure(rolled[&OfficeId(9)].achievement), "97,08%");
    assert_eq!(figure(rolled[&OfficeId(1)].achievement), "97,08%");
}

#[test]
fn a_cascade_of_realised_percentages_meets_the_superiors_own_target() {
    // As in Kota Metro: the Ketua agrees 100% for diklat; the sub-section agrees 90% and trains
    // 5 of its 3 planned people. The sub-section: 100% realised against 90%: 111,11%. The Ketua:
    // the same 100% realised against its own 100%: 100% — as the LKj's Tabel 1 prints.
    let mut b = Builder::new();
    let top = b.objective(1, "Meningkatnya kapasitas SDM");
    let ketua = b.indicator(top, "Persentase pegawai yang mengikuti diklat", "100%", None);
    let sub = b.objective(3, "Meningkatnya kapasitas SDM");
    let subbag = b.indicator(sub, "Persentase pegawai yang mengikuti diklat", "90%", Some("3 Orang"));
    b.realise(subbag, Period::Year, "5 orang");
    b.supports(subbag, ketua);
    // A lower-is-better Ketua indicator fed through reports (counts of work done): not inverted.
    let disputes_top = b.indicator(top, "Penurunan jumlah sengketa hukum", "80%", None);
    let disputes = b.indicator(sub, "Penurunan jumlah sengketa hukum", "80%", Some("1 laporan"));
    b.realise(disputes, Period::Year, "1 laporan");
    b.supports(disputes, disputes_top);
    let r = office_achievement(&b.plan, Span::Year, Basis::Entered, None, None);
    let of = |id| {
        r.units
            .iter()
            .flat_map(|u| &u.objectives)
            .flat_map(|o| &o.indicators)
            .find(|a| a.indicator == id)
            .unwrap()
            .clone()
    };
    assert_eq!(figure(of(subbag).achievement.ok()), "111,11%");
    let k = of(ketua);
    assert_eq!(
        (k.achievement, k.realised_percent, k.from_supporting),
        (Ok(Decimal::from(100)), Some(Decimal::from(100)), 1)
    );
    assert_eq!(k.realisation.map(|v| v.raw().to_string()), Some("100%".into()));
    assert_eq!(
        of(disputes_top).achievement,
        Ok(Decimal::from(125)),
        "100 / 80, not (2 × 80 − 100) / 80"
    );
    // The office: (100 + 125) / 2 = 112,5%.
    assert_eq!(figure(r.rolled.achievement), "112,5%");
}

fn indicator(text: &str, pk: &str, activity: &str, polarity: Polarity) -> Indicator {
    Indicator {
        id: IndicatorId(1),
        objective: ObjectiveId(1),
        ord: 0,
        text: text.into(),
        pk_target: Some(v(pk)),
        rak_target: None,
        activity_target: Some(v(activity)),
        period_targets: vec![],
        settings: IndicatorSettings {
            polarity,
            rollup: Rollup::Sum,
            cap: None,
            weight: None,
        },
        computation: None,
        data_source: None,
        supports: None,
        supports_objective: None,
        reported: None,
        note: None,
        version: 1,
    }
}

#[test]
fn the_issues_examples_by_hand() {
    let f = LowerFormula::TwoTMinusR;
    let one = |pk: &str, activity: &str, realised: &str, polarity| {
        let ind = indicator("Persentase kendaraan yang terawat", pk, activity, polarity);
        measure(&ind, &v(activity), &v(realised), f)
    };
    // 12 of 10 vehicles: 100% realised, 100% achieved.
    assert_eq!(
        one("100%", "10 unit", "12 unit", Polarity::HigherIsBetter),
        (Ok(Decimal::from(100)), Some(Decimal::from(100)))
    );
    // 4 of 4 reports against 95%: 100 / 95 = 105,263…%.
    let (a, p) = one("95%", "4 laporan", "4 laporan", Polarity::HigherIsBetter);
    assert_eq!((figure(a.ok()), p), ("105,26%".to_string(), Some(Decimal::from(100))));
    // 2 of 4: 50% realised, against 100%: 50%.
    assert_eq!(
        one("100%", "4 laporan", "2 laporan", Polarity::HigherIsBetter).0,
        Ok(Decimal::from(50))
    );
    // "Jumlah …" with a count target: a count, uncapped: 12 of 10 is 120%.
    let mut count = indicator(
        "Jumlah kendaraan yang terawat",
        "10 unit",
        "10 unit",
        Polarity::HigherIsBetter,
    );
    count.pk_target = Some(v("10 unit"));
    assert_eq!(
        measure(&count, &v("10 unit"), &v("12 unit"), f),
        (Ok(Decimal::from(120)), None)
    );
    // A lower-is-better indicator counted in what it names: inverted, uncapped.
    let disputes = indicator(
        "Penurunan jumlah sengketa hukum",
        "80%",
        "2 sengketa",
        Polarity::LowerIsBetter,
    );
    assert_eq!(
        measure(&disputes, &v("2 sengketa"), &v("1 sengketa"), f),
        (Ok(Decimal::from(150)), None)
    );
    // … and through reports: not inverted ("must not give 0% Gagal").
    let reports = indicator(
        "Penurunan jumlah sengketa hukum",
        "80%",
        "1 laporan",
        Polarity::LowerIsBetter,
    );
    assert_eq!(
        measure(&reports, &v("1 laporan"), &v("2 laporan"), f).0,
        Ok(Decimal::from(125))
    );
    // Different units: no number, a reason.
    assert!(matches!(
        one("100%", "3 Orang", "3 laporan", Polarity::HigherIsBetter).0,
        Err(NotComputable::UnitMismatch { .. })
    ));
}

proptest! {
    #[test]
    fn a_counted_group_is_realised_at_most_100_percent(
        pk in 1i64..=200,
        target in 1i64..=1_000,
        realised in 0i64..=5_000,
    ) {
        let ind = indicator("Persentase pegawai terlatih", &format!("{pk}%"), &format!("{target} orang"), Polarity::HigherIsBetter);
        let (achieved, pct) = measure(&ind, &v(&format!("{target} orang")), &v(&format!("{realised} orang")), LowerFormula::TwoTMinusR);
        let pct = pct.unwrap();
        prop_assert!(pct <= Decimal::from(100) && pct >= Decimal::ZERO);
        // The achievement is the realised percentage against the PK's, so it never exceeds
        // 100 ÷ PK target × 100.
        let achieved = achieved.unwrap();
        prop_assert!(achieved * Decimal::from(pk) <= Decimal::from(10_000) + Decimal::new(1, 10));
        // More realised never means less achieved.
        let (more, _) = measure(&ind, &v(&format!("{target} orang")), &v(&format!("{} orang", realised + 1)), LowerFormula::TwoTMinusR);
        prop_assert!(more.unwrap() >= achieved);
    }

    #[test]
    fn sub_sections_change_the_office_only_through_the_cascade(extra in 0u32..200) {
        // A sub-section indicator that supports nothing never moves the office's figure.
        let s = small_office();
        let before = office_achievement(&s.plan, Span::Year, Basis::Entered, None, None).rolled.achievement;
        let mut plan = s.plan.clone();
        let objective = plan.objectives.iter().find(|o| o.unit == UnitId(2)).unwrap().id;
        let mut lone = indicator("Jumlah kegiatan lain", "10 kegiatan", "10 kegiatan", Polarity::HigherIsBetter);
        (lone.id, lone.objective, lone.activity_target) = (IndicatorId(999), objective, None);
        plan.indicators.push(lone);
        plan.realisations.push(Realisation {
            id: RealisationId(9999),
            indicator: IndicatorId(999),
            period: Period::Year,
            value: v(&format!("{extra} kegiatan")),
            status: RealisationStatus::Verified,
            evidence: vec![],
            obstacles: None,
            follow_up: None,
            return_reason: None,
            version: 1,
        });
        let after = office_achievement(&plan, Span::Year, Basis::Entered, None, None).rolled.achievement;
        prop_assert_eq!(before, after);
    }
}
