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
            std::slice::from_ref(&good),
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

pub async fn lke_reviews_go_from_proposal_to_approval_and_lock_the_final_values(store: &dyn Store) {
    use kinerja_domain::evaluation::review::{ReviewState, ReviewStep};
    let (office, _) = load(store).await;
    let review = store.lke_review(office.id, YEAR).await.unwrap();
    assert_eq!(review, kinerja_store::evaluations::Review::draft());
    let step = |s: ReviewStep| async move { store.step_lke_review(&actor(), office.id, YEAR, &s).await };
    // Nothing to approve or respond to before a proposal.
    for s in [ReviewStep::Approve, ReviewStep::Respond { text: "ok".into() }] {
        assert!(matches!(step(s).await, Err(StoreError::Rejected(_))));
    }
    let proposed = step(ReviewStep::Propose).await.unwrap();
    assert_eq!(proposed.state, ReviewState::Proposed);
    assert_eq!(proposed.proposed_by.as_deref(), Some(actor().name.as_str()));
    assert!(matches!(
        step(ReviewStep::Respond { text: "   ".into() }).await,
        Err(StoreError::Rejected(t)) if t.en == "a response is required"
    ));
    let responded = step(ReviewStep::Respond {
        text: "Bukti 3.a.5 (publikasi LKj) ada di laman kantor".into(),
    })
    .await
    .unwrap();
    assert_eq!(responded.state, ReviewState::Responded);
    assert_eq!(
        responded.response.as_deref(),
        Some("Bukti 3.a.5 (publikasi LKj) ada di laman kantor")
    );
    let one = [answer("1.a.1", Answer::Y, None)];
    let who = actor();
    let save_final = || store.save_lke_answers(&who, office.id, YEAR, Stage::Final, &one, None);
    assert_eq!(save_final().await.unwrap(), 1, "final values change until approval");
    let approved = step(ReviewStep::Approve).await.unwrap();
    assert_eq!(approved.state, ReviewState::Approved);
    assert!(approved.approved_at.is_some() && approved.response.is_some());
    let said = refused(save_final().await);
    assert!(said.contains("approved by the team leader"), "{said}");
    assert_eq!(store.lke_answers(office.id, YEAR, Stage::Final).await.unwrap().len(), 1);
    // The office's own answers are not held by the approval.
    let mine = store
        .save_lke_answers(&actor(), office.id, YEAR, Stage::SelfAssessment, &one, None)
        .await;
    assert_eq!(mine.unwrap(), 1);
    // Returned with a reason: a draft again, the approval cleared, the response kept.
    let back = step(ReviewStep::Return {
        reason: "nilai 1.a.1 perlu dicek ulang".into(),
    })
    .await
    .unwrap();
    assert_eq!((back.state, back.approved_by.as_deref()), (ReviewState::Draft, None));
    assert!(back.response.is_some());
    let reviews = store.lke_reviews_of_year(YEAR).await.unwrap();
    assert_eq!(reviews, vec![(office.id, back)]);
    assert!(store.lke_reviews_of_year(NEXT_YEAR).await.unwrap().is_empty());
    // Every step in the audit log, with its words.
    let log = store.audit_log(Some(office.id), 50).await.unwrap();
    let steps: Vec<(&str, Option<&str>)> = log
        .iter()
        .filter(|e| e.entity == "lke_review")
        .map(|e| (e.action.as_str(), e.reason.as_deref()))
        .collect();
    assert_eq!(
        steps,
        [
            ("return", Some("nilai 1.a.1 perlu dicek ulang")),
            ("approve", None),
            ("respond", Some("Bukti 3.a.5 (publikasi LKj) ada di laman kantor")),
            ("propose", None),
        ]
    );
    // An office that does not exist.
    assert!(matches!(
        store
            .step_lke_review(&actor(), OfficeId(999_999), YEAR, &ReviewStep::Propose)
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn lke_recommendations_are_checked_and_followed_up_into_the_next_year(store: &dyn Store) {
    use kinerja_domain::evaluation::review::{FollowUp, ReviewStep};
    use kinerja_store::evaluations::{FollowUpEntry, NewRecommendation};
    let (office, _) = load(store).await;
    let new = |component: &str, finding: &str| NewRecommendation {
        component: component.into(),
        finding: finding.into(),
        recommendation: "Publikasikan LKj di laman kantor paling lambat Maret".into(),
    };
    let refused_with = |r: Result<kinerja_store::evaluations::Recommendation>| match r {
        Err(StoreError::Rejected(t)) => t.en,
        other => panic!("refused expected, got {other:?}"),
    };
    let add = |n: NewRecommendation| async move { store.add_lke_recommendation(&actor(), office.id, YEAR, &n).await };
    let said = refused_with(add(new("9", "LKj belum dipublikasikan")).await);
    assert!(
        said.contains("component “9” is not in the worksheet of 2024 (one of 1, 2, 3, 4)"),
        "{said}"
    );
    assert_eq!(refused_with(add(new("3", "  ")).await), "the finding is required");
    let long = "x".repeat(5_001);
    assert!(matches!(add(new("3", &long)).await, Err(StoreError::Rejected(_))));
    let first = add(new("3", "LKj belum dipublikasikan")).await.unwrap();
    let second = add(new("1", "IKU belum memuat sumber data")).await.unwrap();
    assert_eq!(first.follow_up.status, FollowUp::Open);
    assert_eq!(
        store.lke_recommendation_owner(first.id).await.unwrap(),
        Some((office.id, YEAR))
    );
    assert_eq!(store.lke_recommendation_owner(i64::MAX).await.unwrap(), None);
    // Removed with a reason only.
    assert!(matches!(
        store.remove_lke_recommendation(&actor(), second.id, " ").await,
        Err(StoreError::Rejected(_))
    ));
    store
        .remove_lke_recommendation(&actor(), second.id, "tercatat dua kali")
        .await
        .unwrap();
    let list = store.lke_recommendations(office.id, YEAR).await.unwrap();
    assert_eq!(list.iter().map(|r| r.id).collect::<Vec<_>>(), [first.id]);

    // Approved: the evaluators' list is closed, the office's follow-up is not.
    for s in [ReviewStep::Propose, ReviewStep::Approve] {
        store.step_lke_review(&actor(), office.id, YEAR, &s).await.unwrap();
    }
    let said = refused_with(add(new("2", "x")).await);
    assert!(said.contains("approved by the team leader"), "{said}");
    assert!(matches!(
        store.remove_lke_recommendation(&actor(), first.id, "salah").await,
        Err(StoreError::Rejected(_))
    ));
    let done_without_evidence = FollowUpEntry {
        action: Some("Unggah LKj ke laman PPID".into()),
        due: Some("2025-03-31".parse().unwrap()),
        status: FollowUp::Done,
        evidence: None,
    };
    let said = refused_with(
        store
            .follow_up_lke_recommendation(&actor(), first.id, &done_without_evidence, None)
            .await,
    );
    assert_eq!(said, "a follow-up that is done needs its evidence");
    let done = FollowUpEntry {
        evidence: Some("  https://kota-contoh.kpu.go.id/ppid/lkj-2024  ".into()),
        ..done_without_evidence
    };
    let followed = store
        .follow_up_lke_recommendation(&actor(), first.id, &done, Some("tindak lanjut LHE 2024"))
        .await
        .unwrap();
    assert_eq!(followed.follow_up.status, FollowUp::Done);
    assert_eq!(
        followed.follow_up.evidence.as_deref(),
        Some("https://kota-contoh.kpu.go.id/ppid/lkj-2024"),
        "trimmed"
    );
    assert_eq!(
        followed.follow_up.due.map(|d| d.to_string()).as_deref(),
        Some("2025-03-31")
    );
    assert_eq!(
        store.lke_recommendations(office.id, YEAR).await.unwrap(),
        vec![followed]
    );
    assert!(
        store
            .lke_recommendations(office.id, NEXT_YEAR)
            .await
            .unwrap()
            .is_empty()
    );
    let log = store.audit_log(Some(office.id), 50).await.unwrap();
    let follow = log.iter().find(|e| e.entity == "lke_follow_up").unwrap();
    assert_eq!(follow.reason.as_deref(), Some("tindak lanjut LHE 2024"));
    assert!(follow.before.as_deref().unwrap().contains("\"open\""));
    assert!(
        log.iter()
            .any(|e| e.entity == "lke_recommendation" && e.action == "delete")
    );
}

pub async fn lke_roles_scope_who_answers_proposes_and_approves(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    use kinerja_domain::evaluation::review::{ReviewState, ReviewStep};
    use kinerja_domain::i18n::Lang;
    let mut ds = sample_dataset();
    let mut elsewhere = ds.offices[0].clone();
    (elsewhere.code, elsewhere.name) = ("kpu-prov-lain".parse().unwrap(), "KPU Provinsi Lain".into());
    ds.offices.push(elsewhere);
    store.apply_dataset(&actor(), &ds, "uji evaluasi").await.unwrap();
    let office = store.find_office(OFFICE).await.unwrap().unwrap();
    let province = store.find_office("kpu-prov-contoh").await.unwrap().unwrap();
    let other_province = store.find_office("kpu-prov-lain").await.unwrap().unwrap();
    let mut n = 0;
    let mut user = async |role: Role, on: OfficeId| {
        n += 1;
        let new = NewUser {
            login: format!("penilai{n}").parse().unwrap(),
            name: format!("Penilai {n}"),
            password_hash: hash_of("rahasia-123"),
            lang: Lang::Id,
            grants: vec![Grant {
                role,
                office: on,
                unit: None,
            }],
        };
        let made = store.create_user(&actor(), &new, "uji").await.unwrap();
        assert_eq!(made.grants[0].role, role, "the role is kept");
        Scoped::for_user(store, made).await.unwrap()
    };
    let planner = user(Role::Planner, office.id).await;
    let member = user(Role::Evaluator, province.id).await;
    let lead = user(Role::EvaluatorLead, province.id).await;
    let stranger = user(Role::EvaluatorLead, other_province.id).await;
    let oversight = user(Role::Oversight, province.id).await;
    let one = |a| [answer("1.a.1", a, None)];
    let forbidden = |r: &Result<usize>| matches!(r, Err(StoreError::Forbidden(_)));

    // The office answers its self-assessment; evaluators may not, the office may not answer
    // its own final values.
    let y = one(Answer::Y);
    let t = one(Answer::T);
    let self_stage = Stage::SelfAssessment;
    assert_eq!(
        planner
            .save_lke_answers(office.id, YEAR, self_stage, &y, None)
            .await
            .unwrap(),
        1
    );
    assert!(forbidden(
        &member.save_lke_answers(office.id, YEAR, self_stage, &t, None).await
    ));
    assert!(forbidden(
        &planner.save_lke_answers(office.id, YEAR, Stage::Final, &y, None).await
    ));
    // The province's evaluator reads the office and proposes final values; another province's
    // team does not see the office at all; nobody evaluates their own office.
    assert_eq!(member.lke_answers(office.id, YEAR, self_stage).await.unwrap().len(), 1);
    assert_eq!(
        member
            .save_lke_answers(office.id, YEAR, Stage::Final, &t, None)
            .await
            .unwrap(),
        1
    );
    assert!(matches!(
        stranger.save_lke_answers(office.id, YEAR, Stage::Final, &t, None).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(forbidden(
        &lead.save_lke_answers(province.id, YEAR, Stage::Final, &t, None).await
    ));
    // Until proposed, the final values stay among the evaluators.
    assert!(
        planner
            .lke_answers(office.id, YEAR, Stage::Final)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        oversight
            .lke_answers(office.id, YEAR, Stage::Final)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        oversight
            .lke_answers_of_year(YEAR, Stage::Final)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(lead.lke_answers(office.id, YEAR, Stage::Final).await.unwrap().len(), 1);
    assert!(matches!(
        planner.step_lke_review(office.id, YEAR, &ReviewStep::Propose).await,
        Err(StoreError::Forbidden(_))
    ));
    assert_eq!(
        member
            .step_lke_review(office.id, YEAR, &ReviewStep::Propose)
            .await
            .unwrap()
            .state,
        ReviewState::Proposed
    );
    // Proposed: the office and oversight see the values; the member cannot approve, nor respond.
    assert_eq!(
        planner.lke_answers(office.id, YEAR, Stage::Final).await.unwrap().len(),
        1
    );
    let seen = oversight.lke_answers_of_year(YEAR, Stage::Final).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].0, seen[0].2.state), (office.id, ReviewState::Proposed));
    assert!(matches!(
        member.step_lke_review(office.id, YEAR, &ReviewStep::Approve).await,
        Err(StoreError::Forbidden(_))
    ));
    let respond = ReviewStep::Respond {
        text: "Mohon ditinjau: SOP ada".into(),
    };
    assert!(matches!(
        member.step_lke_review(office.id, YEAR, &respond).await,
        Err(StoreError::Forbidden(_))
    ));
    planner.step_lke_review(office.id, YEAR, &respond).await.unwrap();
    // Recommendations: the evaluators write them, the office follows them up.
    let rec = kinerja_store::evaluations::NewRecommendation {
        component: "3".into(),
        finding: "LKj belum dipublikasikan".into(),
        recommendation: "Publikasikan LKj".into(),
    };
    assert!(matches!(
        planner.add_lke_recommendation(office.id, YEAR, &rec).await,
        Err(StoreError::Forbidden(_))
    ));
    let made = member.add_lke_recommendation(office.id, YEAR, &rec).await.unwrap();
    assert_eq!(planner.lke_recommendations(office.id, YEAR).await.unwrap().len(), 1);
    let entry = kinerja_store::evaluations::FollowUpEntry {
        action: Some("Unggah ke PPID".into()),
        due: None,
        status: kinerja_domain::evaluation::review::FollowUp::InProgress,
        evidence: None,
    };
    assert!(matches!(
        member.follow_up_lke_recommendation(made.id, &entry, None).await,
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        stranger.follow_up_lke_recommendation(made.id, &entry, None).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        stranger.remove_lke_recommendation(made.id, "x").await,
        Err(StoreError::NotFound { .. })
    ));
    planner
        .follow_up_lke_recommendation(made.id, &entry, None)
        .await
        .unwrap();
    let approved = lead
        .step_lke_review(office.id, YEAR, &ReviewStep::Approve)
        .await
        .unwrap();
    assert_eq!(approved.approved_by.as_deref(), Some(lead.user().login.as_str()));
    // Reopening the self-assessment is the lead's.
    let until = kinerja_store::clock::today_in(office.time_zone).plus_days(3).unwrap();
    assert!(matches!(
        member.reopen_lke(office.id, YEAR, until, "terlambat").await,
        Err(StoreError::Forbidden(_))
    ));
    lead.reopen_lke(office.id, YEAR, until, "terlambat").await.unwrap();
    let roles = planner.evaluation_roles(office.id);
    assert!(roles.office && !roles.member && !roles.lead);
    let roles = lead.evaluation_roles(office.id);
    assert!(!roles.office && roles.member && roles.lead);
    assert_eq!(
        stranger.evaluation_roles(office.id),
        kinerja_store::EvaluationRoles::default()
    );
}

pub async fn lke_evidence_names_documents_and_files_per_criterion(store: &dyn Store) {
    use kinerja_store::evaluations::{EvidenceItem, NewLkeEvidence};
    let (office, _) = load(store).await;
    let add = |criterion: &str, item: EvidenceItem| {
        let new = NewLkeEvidence {
            criterion: criterion.into(),
            item,
        };
        async move { store.add_lke_evidence(&actor(), office.id, YEAR, &new).await }
    };
    let doc = |code: &str| EvidenceItem::Document(code.into());
    let named = |name: &str| EvidenceItem::File {
        name: name.into(),
        original_name: "SK SOP Perencanaan.pdf".into(),
        content_type: "application/pdf".into(),
        size: 12_345,
        sha256: "ab".repeat(32),
    };
    let file = named("0123456789abcdef0123456789abcdef.pdf");
    let pk = add("1.a.4", doc("pk")).await.unwrap();
    assert_eq!(pk.item, doc("pk"));
    assert_eq!(
        add("1.a.4", doc("pk")).await.unwrap().id,
        pk.id,
        "a document is named once"
    );
    let sop = add("1.a.1", file.clone()).await.unwrap();
    for (criterion, item, says) in [
        ("9.z.9", doc("pk"), "criterion “9.z.9” is not in the worksheet of 2024"),
        ("1.a.1", doc("skp"), "“skp” is not a document Kinerja knows"),
    ] {
        match add(criterion, item).await {
            Err(StoreError::Rejected(t)) => assert!(t.en.contains(says), "{}", t.en),
            other => panic!("{other:?}"),
        }
    }
    let bad_name = named("../../etc/passwd");
    assert!(matches!(add("1.a.1", bad_name).await, Err(StoreError::Invalid(_))));
    let all = store.lke_evidence(office.id, YEAR).await.unwrap();
    assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), [pk.id, sop.id]);
    assert_eq!(
        store
            .lke_evidence_file("0123456789abcdef0123456789abcdef.pdf")
            .await
            .unwrap(),
        Some(sop.clone())
    );
    assert_eq!(store.lke_evidence_file("../x").await.unwrap(), None);
    // At most so many per criterion.
    for n in 1..kinerja_domain::evaluation::evidence::MAX_PER_CRITERION {
        let item = named(&format!("{n:032x}.png"));
        add("1.a.1", item).await.unwrap();
    }
    assert!(matches!(add("1.a.1", doc("lkj")).await, Err(StoreError::Rejected(_))));
    // Removed with a reason; the window holds evidence as it holds answers.
    assert!(matches!(
        store.remove_lke_evidence(&actor(), pk.id, "").await,
        Err(StoreError::Rejected(_))
    ));
    store.remove_lke_evidence(&actor(), pk.id, "salah pilih").await.unwrap();
    let today = kinerja_store::clock::today_in(office.time_zone);
    let past = Window::new(today.plus_days(-9).unwrap(), today.plus_days(-1).unwrap()).unwrap();
    store
        .set_lke_window(&actor(), YEAR, office.level, past, "uji")
        .await
        .unwrap();
    assert!(matches!(
        add("1.a.2", doc("renstra")).await,
        Err(StoreError::Rejected(_))
    ));
    assert!(matches!(
        store.remove_lke_evidence(&actor(), sop.id, "terlambat").await,
        Err(StoreError::Rejected(_))
    ));
    let log = store.audit_log(Some(office.id), 100).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.entity == "lke_evidence" && e.action == "delete" && e.reason.as_deref() == Some("salah pilih"))
    );
}
