//! Contract cases of notifications: told in the workflow's transaction, read and marked per
//! user, e-mail settings checked and audited, e-mail claimed once, jobs claimed once.

use kinerja_domain::access::{Grant, Role};
use kinerja_domain::i18n::Lang;
use kinerja_domain::notice::{Notice, ReminderCounts};

use super::people::hash_of;
use super::*;

pub async fn notifications_follow_the_workflow_and_mail_is_claimed_once(store: &dyn Store) {
    let (office, plan) = load(store).await;
    let id = indicator(&plan, "Persentase laporan tepat waktu").id;
    let owner = store.indicator_owner(id).await.unwrap().unwrap();
    let top = plan.find_unit("komisi").unwrap().id;
    let other = plan.units.iter().find(|u| u.id != owner.unit).unwrap().id;
    let grant = |role, unit| Grant {
        role,
        office: office.id,
        unit,
    };
    let mut users = vec![];
    for (name, g) in [
        ("opr", grant(Role::Operator, Some(owner.unit))),
        ("head", grant(Role::Head, Some(owner.unit))),
        ("ketua", grant(Role::Head, Some(top))),
        ("planner", grant(Role::Planner, None)),
        ("op.other", grant(Role::Operator, Some(other))),
    ] {
        let new = NewUser {
            login: login(name),
            name: format!("Nama {name}"),
            password_hash: hash_of("rahasia-notifikasi"),
            lang: Lang::Id,
            grants: vec![g],
        };
        users.push(store.create_user(&actor(), &new, "uji").await.unwrap());
    }
    let [op, head, ketua, planner, op_other] = [0, 1, 2, 3, 4].map(|i| users[i].clone());
    let as_user = |u: &User| {
        let u = u.clone();
        async move { Scoped::for_user(store, u).await.unwrap() }
    };
    let (s_op, s_head, s_planner) = (as_user(&op).await, as_user(&head).await, as_user(&planner).await);
    let count = |u: &User| {
        let id = u.id;
        async move { store.notifications(id, None, 100).await.unwrap() }
    };

    // Submitted: the unit's head and the head above are told, in the step's transaction.
    let r = s_op
        .save_realisation(&input(id, Period::Month(1), "90%"), None, None)
        .await
        .unwrap();
    let r = s_op
        .transition_realisation(r.id, r.version, &Transition::Submit)
        .await
        .unwrap();
    let told = count(&head).await;
    assert_eq!(told.len(), 1);
    let n = &told[0];
    assert_eq!(
        (
            n.notice,
            n.office,
            n.year,
            n.unit,
            n.indicator,
            n.period,
            n.actor.as_deref(),
            n.read
        ),
        (
            Notice::Submitted,
            office.id,
            YEAR,
            Some(owner.unit),
            Some(id),
            Some(Period::Month(1)),
            Some("opr"),
            false
        )
    );
    assert_eq!(count(&ketua).await.len(), 1);
    for u in [&op, &planner, &op_other] {
        assert!(count(u).await.is_empty(), "{} was told", u.login);
    }

    // Returned: the unit's operator, with the reason; nobody else.
    let r = s_head
        .transition_realisation(
            r.id,
            r.version,
            &Transition::Return {
                reason: "bukti belum diunggah".into(),
            },
        )
        .await
        .unwrap();
    let mine = count(&op).await;
    assert_eq!(
        (
            mine.len(),
            mine[0].notice,
            mine[0].note.as_deref(),
            mine[0].actor.as_deref()
        ),
        (1, Notice::Returned, Some("bukti belum diunggah"), Some("head"))
    );
    assert!(count(&op_other).await.is_empty());
    // The heads' notice is answered by the return: read for both.
    assert!(count(&head).await[0].read && count(&ketua).await[0].read);

    // Submitted again, verified (nobody told), reopened (the operator told).
    let r = s_op
        .transition_realisation(r.id, r.version, &Transition::Submit)
        .await
        .unwrap();
    assert!(count(&op).await[0].read, "the return is answered by submitting again");
    assert!(!count(&head).await[0].read, "a new submission to verify");
    let r = s_head
        .transition_realisation(r.id, r.version, &Transition::Verify)
        .await
        .unwrap();
    assert_eq!(count(&head).await.len(), 2);
    assert_eq!(
        store.unread_notifications(head.id).await.unwrap(),
        0,
        "verified: answered"
    );
    assert_eq!(count(&op).await.len(), 1);
    s_planner
        .transition_realisation(
            r.id,
            r.version,
            &Transition::Reopen {
                reason: "angka salah ketik".into(),
            },
        )
        .await
        .unwrap();
    let mine = count(&op).await;
    assert_eq!(
        mine.iter().map(|n| n.notice).collect::<Vec<_>>(),
        [Notice::Reopened, Notice::Returned],
        "newest first"
    );

    // A refused step tells nobody.
    let before = count(&head).await.len();
    assert!(s_op.transition_realisation(r.id, 1, &Transition::Submit).await.is_err());
    assert_eq!(count(&head).await.len(), before);

    // Read and unread, per user; paging by id.
    let to_verify = ReminderCounts {
        to_verify: 1,
        ..Default::default()
    };
    store
        .remind(&[NewReminder {
            user: head.id,
            office: office.id,
            year: YEAR,
            counts: to_verify,
        }])
        .await
        .unwrap();
    assert_eq!(store.unread_notifications(op.id).await.unwrap(), 1);
    assert_eq!(
        store.mark_notifications_read(op.id, mine[1].id).await.unwrap(),
        0,
        "up to an older one"
    );
    assert_eq!(store.mark_notifications_read(op.id, mine[0].id).await.unwrap(), 1);
    assert_eq!(store.unread_notifications(op.id).await.unwrap(), 0);
    assert_eq!(
        store.unread_notifications(head.id).await.unwrap(),
        1,
        "another user's are untouched"
    );
    assert!(count(&op).await[0].read);
    let older = store.notifications(op.id, Some(mine[0].id), 10).await.unwrap();
    assert_eq!(older.iter().map(|n| n.id).collect::<Vec<_>>(), [mine[1].id]);
    assert_eq!(s_op.own_notifications(None, 1).await.unwrap().len(), 1);

    // E-mail settings: checked, audited, opt-out kept.
    assert_eq!(store.mail_settings(op.id).await.unwrap(), MailSettings::default());
    let bad = MailSettings {
        email: Some("op at kpu".into()),
        by_email: true,
    };
    let refused = store.set_mail_settings(&actor(), op.id, &bad).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::Rejected(ref t) if t.id.contains("@")),
        "{refused:?}"
    );
    assert_eq!(store.mail_settings(op.id).await.unwrap(), MailSettings::default());
    let good = MailSettings {
        email: Some(" op@kpu-contoh.test ".into()),
        by_email: true,
    };
    let saved = s_op.set_own_mail_settings(&good).await.unwrap();
    assert_eq!(saved.email.as_deref(), Some("op@kpu-contoh.test"));
    assert_eq!(s_op.own_mail_settings().await.unwrap(), saved);
    let log = store.audit_log(Some(office.id), 5).await.unwrap();
    assert!(
        log.iter().any(|e| e.action == "set_mail"
            && e.actor == "opr"
            && e.after.as_deref().unwrap_or("").contains("op@kpu-contoh.test")),
        "{log:?}"
    );

    // Mail is claimed once, of unread notices only: the operator's two new ones (they have an
    // address), not their read ones, not the head's (no address).
    let for_op = NewReminder {
        user: op.id,
        office: office.id,
        year: YEAR,
        counts: to_verify,
    };
    store.remind(&[for_op.clone(), for_op.clone()]).await.unwrap();
    let claimed = store.claim_mail(10, 600).await.unwrap();
    assert_eq!(
        claimed
            .iter()
            .map(|o| (o.notification.user, o.email.as_str(), o.name.as_str()))
            .collect::<Vec<_>>(),
        [
            (op.id, "op@kpu-contoh.test", "Nama opr"),
            (op.id, "op@kpu-contoh.test", "Nama opr")
        ]
    );
    assert!(store.claim_mail(10, 600).await.unwrap().is_empty(), "claimed already");
    store.mail_done(claimed[0].notification.id, None).await.unwrap();
    store
        .mail_done(claimed[1].notification.id, Some("550 mailbox unavailable"))
        .await
        .unwrap();
    assert!(
        store.claim_mail(10, 0).await.unwrap().is_empty(),
        "sent or given up: never again"
    );

    // Reminders; an opted-out user's are not mailed.
    let counts = ReminderCounts {
        to_verify: 0,
        returned: 1,
        due_soon: 2,
        late: 0,
    };
    let remind = |user: i64| NewReminder {
        user,
        office: office.id,
        year: YEAR,
        counts,
    };
    store.remind(&[remind(op.id), remind(head.id)]).await.unwrap();
    let newest = &count(&op).await[0];
    assert_eq!(
        (
            newest.notice,
            newest.note.as_deref().and_then(ReminderCounts::decode),
            newest.unit
        ),
        (Notice::Reminder, Some(counts), None)
    );
    let claimed = store.claim_mail(10, 600).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].notification.notice, Notice::Reminder);
    store.mail_done(claimed[0].notification.id, None).await.unwrap();
    s_op.set_own_mail_settings(&MailSettings {
        email: Some("op@kpu-contoh.test".into()),
        by_email: false,
    })
    .await
    .unwrap();
    store.remind(&[remind(op.id)]).await.unwrap();
    assert!(store.claim_mail(10, 600).await.unwrap().is_empty(), "opted out");

    // A job is claimed by one caller, once.
    assert!(store.claim_job("reminder:1:2024-01-05").await.unwrap());
    assert!(!store.claim_job("reminder:1:2024-01-05").await.unwrap());
    assert!(store.claim_job("reminder:1:2024-01-06").await.unwrap());
    // Claims are forgotten only when older than asked (these were made just now).
    assert_eq!(store.forget_jobs("2000-01-01T00:00:00Z").await.unwrap(), 0);
    assert!(!store.claim_job("reminder:1:2024-01-05").await.unwrap());
    assert_eq!(store.forget_jobs("9999-12-31T00:00:00Z").await.unwrap(), 2);
    assert!(store.claim_job("reminder:1:2024-01-05").await.unwrap());
}
