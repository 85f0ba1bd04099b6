//! The LKj narratives of the offices a user may read (and, for a planner, write).

use super::*;

impl<'a> Scoped<'a> {
    /// The LKj narratives of an office's year: whoever may read the office.
    pub async fn narratives(&self, office: OfficeId, year: Year) -> Result<Vec<crate::Narrative>> {
        self.readable(office)?;
        self.store.narratives(office, year).await
    }

    /// Writes LKj narratives, all or none: the office's planners (and admins), as for the plan.
    pub async fn set_narratives(
        &self,
        office: OfficeId,
        year: Year,
        texts: &[(String, String)],
        reason: &str,
    ) -> Result<Vec<crate::Narrative>> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?;
        self.store
            .set_narratives(&self.actor, office, year, texts, reason)
            .await
    }

    /// Writes one LKj narrative: the office's planners (and admins), as for the plan.
    pub async fn set_narrative(
        &self,
        office: OfficeId,
        year: Year,
        key: &str,
        body: &str,
        reason: &str,
    ) -> Result<Option<crate::Narrative>> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)?;
        self.store
            .set_narrative(&self.actor, office, year, key, body, reason)
            .await
    }

    /// Freezes a final document of the office (PK, RAK or LKj) as rendered with its
    /// verification code: the office's planners (and admins). `new.sha256` is computed here.
    pub async fn freeze_document(&self, new: crate::NewFrozen, reason: &str) -> Result<crate::FrozenDocument> {
        self.may_freeze(new.office)?;
        if !matches!(new.kind.as_str(), "pk" | "rak" | "lkj") || !new.pdf.starts_with(b"%PDF-") {
            return Err(StoreError::Invalid(format!(
                "{}: only a PK, RAK or LKj PDF is frozen",
                new.kind
            )));
        }
        let new = crate::NewFrozen {
            sha256: crate::frozen::sha256_hex(&new.pdf),
            ..new
        };
        self.store.freeze_document(&self.actor, &new, reason).await
    }

    /// Whether the signed-in user may freeze, sign and publish the office's documents.
    pub fn may_freeze(&self, office: OfficeId) -> Result<()> {
        self.readable(office)?;
        self.scope.check(Permission::EditPlan(office)).map_err(forbidden)
    }

    /// The office's frozen documents (of a year, or all): whoever may read the office.
    pub async fn frozen_documents(&self, office: OfficeId, year: Option<Year>) -> Result<Vec<crate::FrozenDocument>> {
        self.readable(office)?;
        self.store.frozen_documents(office, year).await
    }

    /// One frozen document of the office: whoever may read the office (another office's is not
    /// found).
    pub async fn frozen_document(&self, office: OfficeId, id: i64) -> Result<crate::FrozenDocument> {
        self.readable(office)?;
        match self.store.frozen_document(id).await? {
            Some(d) if d.office == office => Ok(d),
            _ => Err(StoreError::NotFound {
                entity: "frozen document",
                key: id.to_string(),
            }),
        }
    }

    /// The bytes of a frozen document of the office: the signed copy when asked and there is one.
    pub async fn frozen_pdf(
        &self,
        office: OfficeId,
        id: i64,
        signed: bool,
    ) -> Result<(crate::FrozenDocument, Vec<u8>)> {
        let doc = self.frozen_document(office, id).await?;
        let bytes = self.store.frozen_pdf(id, signed).await?.ok_or(StoreError::NotFound {
            entity: "frozen document",
            key: id.to_string(),
        })?;
        Ok((doc, bytes))
    }

    /// Attaches the electronically signed copy of a frozen document, once checked to be the
    /// frozen bytes with a signature appended over the whole file: the office's planners.
    pub async fn attach_signed(
        &self,
        office: OfficeId,
        id: i64,
        signed: &[u8],
        reason: &str,
    ) -> Result<crate::FrozenDocument> {
        self.may_freeze(office)?;
        let (_, frozen) = self.frozen_pdf(office, id, false).await?;
        let info = crate::frozen::inspect_signed(&frozen, signed).map_err(|e| {
            let text = e.to_string();
            let (id, en) = text.split_once(" / ").unwrap_or((&text, &text));
            StoreError::Rejected(kinerja_domain::i18n::Text::new(id, en))
        })?;
        let sha = crate::frozen::sha256_hex(signed);
        self.store
            .attach_signed(&self.actor, id, signed, &sha, &info.to_string(), reason)
            .await
    }

    /// Publishes a frozen document on the office's public page, or withdraws it: its planners.
    pub async fn set_published(
        &self,
        office: OfficeId,
        id: i64,
        published: bool,
        reason: &str,
    ) -> Result<crate::FrozenDocument> {
        self.may_freeze(office)?;
        self.frozen_document(office, id).await?;
        self.store.set_published(&self.actor, id, published, reason).await
    }
}
