//! Contract case of two-factor sign-in: enrolment, a code's step accepted once, recovery codes
//! used once, removal, the roles an office requires it of; every change audited, no secret in
//! the audit log.

use super::*;

pub async fn second_factors_are_enrolled_used_once_and_removed(store: &dyn Store) {
    use kinerja_domain::access::{Grant, Role};
    use kinerja_store::second_factor as sf;
    let (office, _) = load(store).await;
    let user = store
        .create_user(
            &actor(),
            &NewUser {
                login: login("perencana.dua"),
                name: "Perencana".into(),
                password_hash: people::hash_of("rahasia-perencana"),
                lang: kinerja_domain::i18n::Lang::Id,
                grants: vec![Grant {
                    role: Role::Planner,
                    office: office.id,
                    unit: None,
                }],
            },
            "uji",
        )
        .await
        .unwrap();
    assert_eq!(store.second_factor(user.id).await.unwrap(), None);
    assert!(
        !store.accept_second_factor_step(user.id, 10).await.unwrap(),
        "nothing enrolled"
    );
    let secret = sf::new_secret();
    let codes = sf::recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| sf::recovery_hash(c)).collect();
    assert!(matches!(
        store
            .enrol_second_factor(&actor(), user.id, "bukan base32!", 5, &hashes, "daftar")
            .await,
        Err(StoreError::Invalid(_))
    ));
    store
        .enrol_second_factor(&actor(), user.id, &secret, 1000, &hashes, "daftar")
        .await
        .unwrap();
    let enrolled = store.second_factor(user.id).await.unwrap().unwrap();
    assert_eq!(
        (enrolled.secret.as_str(), enrolled.last_step, enrolled.recovery_left),
        (secret.as_str(), 1000, 10)
    );
    // A step is accepted once, and never one at or before the last.
    assert!(!store.accept_second_factor_step(user.id, 1000).await.unwrap());
    assert!(store.accept_second_factor_step(user.id, 1001).await.unwrap());
    assert!(!store.accept_second_factor_step(user.id, 1001).await.unwrap());
    assert!(!store.accept_second_factor_step(user.id, 999).await.unwrap());
    // A recovery code is used once; an unknown one never.
    assert!(store.use_recovery_code(&actor(), user.id, &hashes[3]).await.unwrap());
    assert!(!store.use_recovery_code(&actor(), user.id, &hashes[3]).await.unwrap());
    assert!(
        !store
            .use_recovery_code(&actor(), user.id, &sf::recovery_hash("xxxx-xxxx"))
            .await
            .unwrap()
    );
    assert_eq!(store.second_factor(user.id).await.unwrap().unwrap().recovery_left, 9);
    // Enrolling again replaces the secret and the codes.
    let again = sf::new_secret();
    store
        .enrol_second_factor(&actor(), user.id, &again, 5, &hashes[..2], "ponsel baru")
        .await
        .unwrap();
    let replaced = store.second_factor(user.id).await.unwrap().unwrap();
    assert_eq!(
        (replaced.secret.as_str(), replaced.last_step, replaced.recovery_left),
        (again.as_str(), 5, 2)
    );
    assert!(
        !store.use_recovery_code(&actor(), user.id, &hashes[5]).await.unwrap(),
        "the old codes are gone"
    );
    store
        .remove_second_factor(&actor(), user.id, "ponsel hilang")
        .await
        .unwrap();
    assert_eq!(store.second_factor(user.id).await.unwrap(), None);
    assert!(!store.use_recovery_code(&actor(), user.id, &hashes[0]).await.unwrap());
    // The office's rule: the roles it requires a second factor of.
    assert!(store.second_factor_roles(office.id).await.unwrap().is_empty());
    store
        .set_second_factor_roles(
            &actor(),
            office.id,
            &[Role::Planner, Role::Admin, Role::Planner],
            "kebijakan",
        )
        .await
        .unwrap();
    assert_eq!(
        store.second_factor_roles(office.id).await.unwrap(),
        vec![Role::Admin, Role::Planner]
    );
    // Audited, without the secret.
    let log = store.audit_log(Some(office.id), 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "enrol_second_factor",
        "use_recovery_code",
        "remove_second_factor",
        "set_second_factor_roles",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let text = format!("{log:?}");
    assert!(
        !text.contains(&secret) && !text.contains(&again),
        "no secret in the audit log"
    );
}
