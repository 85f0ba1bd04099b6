//! The store as a signed-in user sees it. Handlers get a [`Scoped`], never the bare [`Store`]:
//! every read checks that the user may read the office, every write that their role allows it.
//! Records of an office the user may not read answer "not found", so ids do not reveal what
//! exists elsewhere.

mod audit;
pub mod evaluations;
mod monitoring;
mod notices;
mod people;
pub use people::second_factor_required;
mod plans;
mod reports;

use std::collections::HashMap;

use kinerja_domain::access::{Denied, Permission, Role, Scope};
use kinerja_domain::indicator::IndicatorSettings;
use kinerja_domain::model::*;
use kinerja_domain::scale::CategoryScale;
use kinerja_domain::workflow::Transition;

use kinerja_domain::reporting::Deadline;

use crate::{Actor, AuditEntry, EvidenceFile, Owner, RealisationInput, Result, Store, StoreError, User};

pub struct Scoped<'a> {
    store: &'a dyn Store,
    cache: Option<&'a crate::cache::Cache>,
    user: User,
    scope: Scope,
    actor: Actor,
}

fn forbidden(d: Denied) -> StoreError {
    StoreError::Forbidden(d.0)
}

impl<'a> Scoped<'a> {
    /// The scope of `user` (a disabled user has none).
    pub async fn for_user(store: &'a dyn Store, user: User) -> Result<Scoped<'a>> {
        Self::build(store, None, user).await
    }

    /// The same, reading office lists and year plans through `cache`.
    pub async fn for_user_cached(
        store: &'a dyn Store,
        cache: &'a crate::cache::Cache,
        user: User,
    ) -> Result<Scoped<'a>> {
        Self::build(store, Some(cache), user).await
    }

    async fn all_offices(
        store: &dyn Store,
        cache: Option<&crate::cache::Cache>,
    ) -> Result<std::sync::Arc<Vec<Office>>> {
        match cache {
            Some(c) => c.offices(store).await,
            None => Ok(std::sync::Arc::new(store.offices().await?)),
        }
    }

    async fn build(store: &'a dyn Store, cache: Option<&'a crate::cache::Cache>, user: User) -> Result<Scoped<'a>> {
        if user.disabled {
            return Err(StoreError::Forbidden(kinerja_domain::i18n::Text::new(
                "akun ini dinonaktifkan",
                "this account is disabled",
            )));
        }
        let offices = Self::all_offices(store, cache).await?;
        let mut parents: HashMap<UnitId, Option<UnitId>> = HashMap::new();
        let mut head_offices: Vec<OfficeId> = user
            .grants
            .iter()
            .filter(|g| g.role == Role::Head)
            .map(|g| g.office)
            .collect();
        head_offices.dedup();
        for office in head_offices {
            parents.extend(store.units(office).await?.into_iter().map(|u| (u.id, u.parent)));
        }
        let scope = Scope::new(&user.grants, &offices, &parents);
        Ok(Scoped {
            store,
            cache,
            actor: Actor::new(user.login.clone()),
            user,
            scope,
        })
    }

    /// Changes the user's own password after checking the current one. `Ok(false)` when the
    /// current password is wrong.
    pub async fn change_own_password(&self, current: &str, new: &str) -> Result<bool> {
        let Some((_, hash)) = self.store.user_credentials(&self.user.login).await? else {
            return Err(StoreError::NotFound {
                entity: "user",
                key: self.user.login.to_string(),
            });
        };
        if !crate::password::verify_async(current.to_string(), hash).await {
            return Ok(false);
        }
        let new_hash = crate::password::hash_async(new.to_string())
            .await
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.store
            .set_password(&self.actor, self.user.id, &new_hash, false, "diganti sendiri")
            .await?;
        Ok(true)
    }

    /// Remembers the user's own interface language.
    pub async fn set_own_lang(&self, lang: kinerja_domain::i18n::Lang) -> Result<User> {
        self.store.set_user_lang(&self.actor, self.user.id, lang).await
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    fn readable(&self, office: OfficeId) -> Result<()> {
        if self.scope.allows(Permission::Read(office)) {
            Ok(())
        } else {
            Err(StoreError::NotFound {
                entity: "office",
                key: office.to_string(),
            })
        }
    }

    /// The owner of a record, or "not found" when the user may not read its office.
    fn visible(&self, owner: Option<Owner>, entity: &'static str, id: impl std::fmt::Display) -> Result<Owner> {
        match owner {
            Some(o) if self.scope.allows(Permission::Read(o.office)) => Ok(o),
            _ => Err(StoreError::NotFound {
                entity,
                key: id.to_string(),
            }),
        }
    }
}
