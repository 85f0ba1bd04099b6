//! Contract case of final documents: kept byte for byte, found by their code, a signed copy
//! attached, published and withdrawn; every change audited; another office's user sees none.

use super::*;

pub async fn frozen_documents_are_kept_byte_for_byte_signed_and_published(store: &dyn Store) {
    use kinerja_store::frozen;
    let (office, _) = load(store).await;
    // Bytes of every value, a NUL among them: kept as they are.
    let pdf: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(70_000))
        .collect();
    let code = frozen::new_code();
    let new = kinerja_store::NewFrozen {
        office: office.id,
        year: YEAR,
        kind: "pk".into(),
        unit: Some("subbag-rendatin".into()),
        title: "Perjanjian Kinerja (PK) — Subbagian Perencanaan, Data dan Informasi 2024".into(),
        file_name: "pk-subbag-rendatin-kpu-contoh-2024.pdf".into(),
        code: code.clone(),
        sha256: frozen::sha256_hex(&pdf),
        pdf: pdf.clone(),
    };
    let doc = store.freeze_document(&actor(), &new, "final").await.unwrap();
    assert_eq!(
        (doc.code.as_str(), doc.year, doc.published),
        (code.as_str(), YEAR, false)
    );
    assert_eq!(store.frozen_pdf(doc.id, false).await.unwrap(), Some(pdf.clone()));
    assert_eq!(
        store.frozen_pdf(doc.id, true).await.unwrap(),
        Some(pdf.clone()),
        "no signed copy yet"
    );
    assert_eq!(store.frozen_by_code(&code).await.unwrap(), Some(doc.clone()));
    assert_eq!(store.frozen_by_code("AAAA-BBBB-CCCC").await.unwrap(), None);
    assert!(
        matches!(
            store.freeze_document(&actor(), &new, "again").await,
            Err(StoreError::Invalid(_))
        ),
        "a code is used once"
    );
    assert_eq!(
        store.frozen_documents(office.id, Some(YEAR)).await.unwrap(),
        vec![doc.clone()]
    );
    assert!(
        store
            .frozen_documents(office.id, Some(NEXT_YEAR))
            .await
            .unwrap()
            .is_empty()
    );
    let signed = frozen::signed_for_tests(&pdf, "KETUA");
    let info = frozen::inspect_signed(&pdf, &signed).unwrap().to_string();
    let after = store
        .attach_signed(&actor(), doc.id, &signed, &frozen::sha256_hex(&signed), &info, "ttd")
        .await
        .unwrap();
    assert_eq!(
        after.signed_sha256.as_deref(),
        Some(frozen::sha256_hex(&signed).as_str())
    );
    assert_eq!(after.signature.as_deref(), Some(info.as_str()));
    assert_eq!(store.frozen_pdf(doc.id, true).await.unwrap(), Some(signed));
    assert_eq!(
        store.frozen_pdf(doc.id, false).await.unwrap(),
        Some(pdf),
        "the frozen bytes stay"
    );
    assert!(
        store
            .set_published(&actor(), doc.id, true, "terbit")
            .await
            .unwrap()
            .published
    );
    assert!(
        !store
            .set_published(&actor(), doc.id, false, "tarik")
            .await
            .unwrap()
            .published
    );
    assert!(matches!(
        store.set_published(&actor(), 999_999, true, "x").await,
        Err(StoreError::NotFound { .. })
    ));
    let log = store.audit_log(Some(office.id), 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in ["freeze", "attach_signed", "publish", "withdraw"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}
