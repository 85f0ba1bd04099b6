//! Contract case of the yearly evaluation (LKE): the shipped worksheet becomes the year's at
//! the first answer and is frozen from then on; answers are written all or none, checked against
//! the worksheet, kept per office, year and stage, and audited when they change.

use kinerja_domain::evaluation::{Answer, Template, Window};
use kinerja_store::evaluations::{NewAnswer, Stage};

use super::*;

fn answer(code: &str, a: Answer, note: Option<&str>) -> NewAnswer {
    NewAnswer {
        criterion: code.into(),
        answer: a,
        note: note.map(str::to_string),
    }
}

fn refused(r: Result<usize>) -> String {
    match r {
        Err(StoreError::Rejected(t)) => t.en,
        other => panic!("refused expected, got {other:?}"),
    }
}

pub async fn lke_answers_are_checked_kept_per_stage_and_freeze_the_worksheet(store: &dyn Store) {
    let (office, _) = load(store).await;
    assert_eq!(store.lke_template(YEAR).await.unwrap(), None);
    // No answers: nothing stored, nothing frozen.
    let none = store
        .save_lke_answers(&actor(), office.id, YEAR, Stage::SelfAssessment, &[], None)
        .await;
    assert_eq!(none.unwrap(), 0);
    assert_eq!(store.lke_template(YEAR).await.unwrap(), None);

    // A worksheet that is not sound is refused, naming why; a sound one is kept and audited.
    let mut broken = Template::shipped();
    broken.components[0].weight = d("31");
    assert!(matches!(
        store.save_lke_template(&actor(), YEAR, &broken, "uji").await,
        Err(StoreError::Rejected(_))
    ));
    let mut adjusted = Template::shipped();
    adjusted.components[0].subs[0].criteria[0].evidence = Some("SOP perencanaan KPU".into());
    store
        .save_lke_template(&actor(), YEAR, &adjusted, "bukti disesuaikan")
        .await
        .unwrap();
    assert_eq!(store.lke_template(YEAR).await.unwrap().unwrap().template, adjusted);

    // Faults: nothing written, the place and the criterion named.
    let good = answer("1.a.1", Answer::Y, Some("SOP ada"));
    for (batch, says) in [
        (
            vec![good.clone(), answer("9.z.9", Answer::A, None)],
            "answer 2: criterion “9.z.9” is not in",
        ),
        (
            vec![good.clone(), answer("1.a.1", Answer::T, None)],
            "answer 2: criterion 1.a.1 is answered twice",
        ),
        (
            vec![answer("1.a.7", Answer::Y, None)],
            "answer 1: criterion 1.a.7 is answered Y, it takes one of A/B/C/D/E",
        ),
        (
            vec![answer("1.a.1", Answer::B, None)],
            "answer 1: criterion 1.a.1 is answered B, it takes one of Y/T",
        ),
        (
            vec![answer("1.a.2", Answer::Y, Some(&"x".repeat(2001)))],
            "over 2000 characters",
        ),
        (
            vec![answer("1.a.2", Answer::Y, Some("catatan\u{0}rusak"))],
            "answer 1: the note of criterion 1.a.2:",
        ),
    ] {
        let said = refused(
            store
                .save_lke_answers(&actor(), office.id, YEAR, Stage::SelfAssessment, &batch, None)
                .await,
        );
        assert!(said.contains(says), "{said}");
    }
    let bad_reason = store
        .save_lke_answers(
            &actor(),
            office.id,
            YEAR,
            Stage::SelfAssessment,
            &[good.clone()],
            Some("alasan\u{0}"),
        )
        .await;
    assert!(matches!(bad_reason, Err(StoreError::Rejected(_))), "{bad_reason:?}");
    assert_eq!(
        store.lke_answers(office.id, YEAR, Stage::SelfAssessment).await.unwrap(),
        vec![]
    );
    assert!(!store.lke_template(YEAR).await.unwrap().unwrap().frozen);

    // Written per stage; an unchanged answer is not written again; the worksheet is frozen.
    let batch = [
        good.clone(),
        answer("1.a.7", Answer::B, None),
        answer("2.a.2", Answer::C, Some("  ")),
    ];
    let written = store
        .save_lke_answers(&actor(), office.id, YEAR, Stage::SelfAssessment, &batch, None)
        .await
        .unwrap();
    assert_eq!(written, 3);
    let again = [good.clone(), answer("1.a.7", Answer::A, None)];
    let written = store
        .save_lke_answers(
            &actor(),
            office.id,
            YEAR,
            Stage::SelfAssessment,
            &again,
            Some("bukti PK lengkap"),
        )
        .await
        .unwrap();
    assert_eq!(written, 1, "only 1.a.7 changed");
    let kept = store.lke_answers(office.id, YEAR, Stage::SelfAssessment).await.unwrap();
    let seen: Vec<(&str, Answer, Option<&str>)> = kept
        .iter()
        .map(|a| (a.criterion.as_str(), a.answer, a.note.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("1.a.1", Answer::Y, Some("SOP ada")),
            ("1.a.7", Answer::A, None),
            ("2.a.2", Answer::C, None)
        ]
    );
    assert!(kept.iter().all(|a| a.by == actor().name));
    // The year's answers of every office, for oversight: this office's, no other's.
    let of_year = store.lke_answers_of_year(YEAR, Stage::SelfAssessment).await.unwrap();
    assert_eq!(of_year, vec![(office.id, kept.clone())]);
    assert_eq!(store.lke_answers_of_year(YEAR, Stage::Final).await.unwrap(), vec![]);
    assert_eq!(store.lke_answers(office.id, YEAR, Stage::Final).await.unwrap(), vec![]);
    assert_eq!(
        store
            .lke_answers(office.id, NEXT_YEAR, Stage::SelfAssessment)
            .await
            .unwrap(),
        vec![]
    );
    assert!(store.lke_template(YEAR).await.unwrap().unwrap().frozen);
    let frozen = refused(
        store
            .save_lke_template(&actor(), YEAR, &Template::shipped(), "uji")
            .await
            .map(|_| 0),
    );
    assert!(frozen.contains("can no longer change"), "{frozen}");

    // Audited: who, before, after, why.
    let log = store.audit_log(Some(office.id), 50).await.unwrap();
    let change = log
        .iter()
        .find(|e| e.entity == "lke_answer" && e.entity_id.as_deref() == Some("2024:self:1.a.7") && e.action == "update")
        .expect("the change of 1.a.7 is audited");
    assert!(change.before.as_deref().unwrap_or_default().contains("\"B\""));
    assert!(change.after.as_deref().unwrap_or_default().contains("\"A\""));
    assert_eq!(change.reason.as_deref(), Some("bukti PK lengkap"));

    // A year without a stored worksheet takes the shipped one at its first answer.
    store
        .save_lke_answers(&actor(), office.id, NEXT_YEAR, Stage::Final, &[good], None)
        .await
        .unwrap();
    let next = store.lke_template(NEXT_YEAR).await.unwrap().unwrap();
    assert_eq!((next.template, next.frozen), (Template::shipped(), true));
    // An office that does not exist.
    assert!(matches!(
        store
            .save_lke_answers(&actor(), OfficeId(999_999), YEAR, Stage::Final, &[], None)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

/// The self-assessment is open within its level's window (in the office's own day), refused
/// before and after it saying when; an evaluator's reopening (with a reason) lets the office
/// answer again up to its day; the evaluators' final values are not held by the window; a window
/// that has opened freezes the year's worksheet; every step is audited.
pub async fn lke_windows_lock_the_self_assessment_and_reopen_it(store: &dyn Store) {
    let (office, _) = load(store).await;
    let today = kinerja_store::clock::today_in(office.time_zone);
    let day = |n: i64| today.plus_days(n).unwrap();
    let one = [answer("1.a.1", Answer::Y, None)];
    let who = actor();
    let save = |stage| store.save_lke_answers(&who, office.id, YEAR, stage, &one, None);
    // No window for the level: open.
    assert_eq!(save(Stage::SelfAssessment).await.unwrap(), 1);

    let later = Window::new(day(3), day(30)).unwrap();
    store
        .set_lke_window(&actor(), NEXT_YEAR, office.level, later, "jadwal 2025")
        .await
        .unwrap();
    // Not yet open: the next year's worksheet may still change.
    store
        .save_lke_template(&actor(), NEXT_YEAR, &Template::shipped(), "uji")
        .await
        .unwrap();
    let said = refused(
        store
            .save_lke_answers(&actor(), office.id, NEXT_YEAR, Stage::SelfAssessment, &one, None)
            .await,
    );
    assert!(said.contains("opens on"), "{said}");

    let past = Window::new(day(-30), day(-1)).unwrap();
    store
        .set_lke_window(&actor(), YEAR, office.level, past, "jadwal 2024")
        .await
        .unwrap();
    assert_eq!(store.lke_windows(YEAR).await.unwrap(), vec![(office.level, past)]);
    let said = refused(save(Stage::SelfAssessment).await);
    assert!(
        said.contains("closed on") && said.contains("only an evaluator can reopen it"),
        "{said}"
    );
    // The evaluators' values are not held by the office's window.
    assert_eq!(save(Stage::Final).await.unwrap(), 1);
    // A window that opened freezes the worksheet (this year's is answered anyway; the next
    // year's opens now).
    store
        .set_lke_window(
            &actor(),
            NEXT_YEAR,
            office.level,
            Window::new(day(0), day(5)).unwrap(),
            "dimajukan",
        )
        .await
        .unwrap();
    let said = refused(
        store
            .save_lke_template(&actor(), NEXT_YEAR, &Template::shipped(), "uji")
            .await
            .map(|_| 0),
    );
    assert!(said.contains("open or answered"), "{said}");

    // Reopened: a reason is required; up to its day the office answers again.
    assert!(matches!(
        store.reopen_lke(&actor(), office.id, YEAR, day(2), "  ").await,
        Err(StoreError::Rejected(_))
    ));
    store
        .reopen_lke(&actor(), office.id, YEAR, day(-1), "terlambat")
        .await
        .unwrap();
    assert!(
        refused(save(Stage::SelfAssessment).await).contains("closed on"),
        "reopened up to yesterday only"
    );
    store
        .reopen_lke(&actor(), office.id, YEAR, day(2), "bukti susulan")
        .await
        .unwrap();
    let again = [answer("1.a.1", Answer::T, Some("diperbaiki"))];
    assert_eq!(
        store
            .save_lke_answers(&actor(), office.id, YEAR, Stage::SelfAssessment, &again, None)
            .await
            .unwrap(),
        1
    );
    let log = store.audit_log(Some(office.id), 50).await.unwrap();
    let reopen = log
        .iter()
        .find(|e| e.entity == "lke_reopen" && e.action == "update")
        .expect("audited");
    assert_eq!(reopen.reason.as_deref(), Some("bukti susulan"));
    let everything = store.audit_log(None, 200).await.unwrap();
    assert!(everything.iter().any(|e| e.entity == "lke_window"
        && e.entity_id.as_deref() == Some(&*format!("2025:{}", office.level.code()))
        && e.action == "update"));
}
