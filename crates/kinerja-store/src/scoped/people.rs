//! The users of an office as its admin manages them, and a user's own tokens.

use super::*;

impl<'a> Scoped<'a> {
    /// The users with a role in `office` (admins of the office).
    pub async fn office_users(&self, office: OfficeId) -> Result<Vec<User>> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        self.store.office_users(office).await
    }

    /// The names of the people with a role in `office`, by login, for those of `logins` (who
    /// wrote a comment or made a change, named as the office's pages name them). Anyone who
    /// reads the office may ask; a login of another office stays a login.
    pub async fn names(&self, office: OfficeId, logins: &[&str]) -> Result<HashMap<String, String>> {
        self.readable(office)?;
        if logins.is_empty() {
            return Ok(HashMap::new());
        }
        let users = self.store.office_users(office).await?;
        Ok(users
            .into_iter()
            .filter(|u| logins.contains(&u.login.as_str()) && u.grants.iter().any(|g| g.office == office))
            .map(|u| (u.login.to_string(), u.name))
            .collect())
    }

    /// A user the office's admin manages: every role they hold is in this office.
    async fn managed_user(&self, office: OfficeId, user: i64) -> Result<User> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        match self.store.user(user).await? {
            Some(u) if !u.grants.is_empty() && u.grants.iter().all(|g| g.office == office) => Ok(u),
            _ => Err(StoreError::NotFound {
                entity: "user",
                key: user.to_string(),
            }),
        }
    }

    /// Creates a user with roles in `office` only: admins of the office. The login is made to
    /// end with the office's code ([`Login::in_office`]), so it can only meet a login of this
    /// office: a refusal never tells an admin that some other office has a user of that name.
    pub async fn create_office_user(&self, office: OfficeId, new: &crate::NewUser, reason: &str) -> Result<User> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        if new.grants.is_empty() || new.grants.iter().any(|g| g.office != office) {
            return Err(StoreError::Invalid(
                "an office's admin grants roles in that office only".into(),
            ));
        }
        if let Some(unit) = new.grants.iter().find_map(|g| g.unit)
            && !self.store.units(office).await?.iter().any(|u| u.id == unit)
        {
            return Err(StoreError::Invalid(format!("unit {unit} is not of this office")));
        }
        let code = self
            .offices()
            .await?
            .into_iter()
            .find(|o| o.id == office)
            .map(|o| o.code)
            .ok_or(StoreError::NotFound {
                entity: "office",
                key: office.to_string(),
            })?;
        let login = Login::in_office(&new.login, &code).map_err(|e| StoreError::Invalid(e.to_string()))?;
        if self.store.user_credentials(&login).await?.is_some() {
            return Err(StoreError::Rejected(kinerja_domain::i18n::Text::new(
                format!("nama pengguna {login} sudah dipakai; pilih nama lain"),
                format!("the login {login} is taken; choose another"),
            )));
        }
        let new = crate::NewUser { login, ..new.clone() };
        self.store.create_user(&self.actor, &new, reason).await
    }

    /// Disables or enables a user of the office (never oneself).
    pub async fn set_office_user_disabled(
        &self,
        office: OfficeId,
        user: i64,
        disabled: bool,
        reason: &str,
    ) -> Result<User> {
        let target = self.managed_user(office, user).await?;
        if target.id == self.user.id {
            return Err(StoreError::Invalid("you cannot disable yourself".into()));
        }
        self.store.set_user_disabled(&self.actor, user, disabled, reason).await
    }

    /// The API tokens of a user of the office, newest first: the office's admins.
    pub async fn office_user_tokens(&self, office: OfficeId, user: i64) -> Result<Vec<crate::token::ApiToken>> {
        self.managed_user(office, user).await?;
        self.store.api_tokens(user).await
    }

    /// Revokes a token of a user of the office: the office's admins.
    pub async fn revoke_office_user_token(
        &self,
        office: OfficeId,
        user: i64,
        token: i64,
        reason: &str,
    ) -> Result<crate::token::ApiToken> {
        self.managed_user(office, user).await?;
        if !self.store.api_tokens(user).await?.iter().any(|t| t.id == token) {
            return Err(StoreError::NotFound {
                entity: "api token",
                key: token.to_string(),
            });
        }
        self.store.revoke_api_token(&self.actor, token, reason).await
    }

    /// The signed-in user's own API tokens.
    pub async fn own_tokens(&self) -> Result<Vec<crate::token::ApiToken>> {
        self.store.api_tokens(self.user.id).await
    }

    /// Revokes one of the signed-in user's own tokens.
    pub async fn revoke_own_token(&self, token: i64) -> Result<crate::token::ApiToken> {
        if !self.own_tokens().await?.iter().any(|t| t.id == token) {
            return Err(StoreError::NotFound {
                entity: "api token",
                key: token.to_string(),
            });
        }
        self.store.revoke_api_token(&self.actor, token, "dicabut sendiri").await
    }

    /// Sets a new password for a user of the office (who should change it at first sign-in).
    /// The user's API tokens are revoked with it: whoever knew the old password may hold one.
    pub async fn reset_office_user_password(
        &self,
        office: OfficeId,
        user: i64,
        password: &str,
        reason: &str,
    ) -> Result<User> {
        self.managed_user(office, user).await?;
        let hash = crate::password::hash_async(password.to_string())
            .await
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.store.set_password(&self.actor, user, &hash, true, reason).await
    }

    /// Removes the second factor of a user of the office (a phone lost or replaced): its admins.
    /// The user enrols again at their next sign-in where it is required.
    pub async fn reset_office_user_second_factor(&self, office: OfficeId, user: i64, reason: &str) -> Result<()> {
        let target = self.managed_user(office, user).await?;
        if target.id == self.user.id {
            return Err(StoreError::Invalid(
                "your own second factor is changed on your account page".into(),
            ));
        }
        self.store.remove_second_factor(&self.actor, user, reason).await
    }

    /// Whether each user of the office has a second factor: its admins.
    pub async fn office_second_factors(&self, office: OfficeId) -> Result<std::collections::HashSet<i64>> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        let mut with = std::collections::HashSet::new();
        for u in self.store.office_users(office).await? {
            if self.store.second_factor(u.id).await?.is_some() {
                with.insert(u.id);
            }
        }
        Ok(with)
    }

    /// The roles that must sign in with a second factor at the office (anyone who reads it).
    pub async fn office_second_factor_roles(&self, office: OfficeId) -> Result<Vec<kinerja_domain::access::Role>> {
        self.readable(office)?;
        self.store.second_factor_roles(office).await
    }

    /// Sets the roles that must sign in with a second factor at the office: its admins.
    pub async fn set_office_second_factor_roles(
        &self,
        office: OfficeId,
        roles: &[kinerja_domain::access::Role],
        reason: &str,
    ) -> Result<()> {
        self.readable(office)?;
        self.scope.check(Permission::Administer(office)).map_err(forbidden)?;
        self.store
            .set_second_factor_roles(&self.actor, office, roles, reason)
            .await
    }

    /// The signed-in user's own second factor.
    pub async fn own_second_factor(&self) -> Result<Option<crate::SecondFactor>> {
        self.store.second_factor(self.user.id).await
    }

    /// Enrols the signed-in user (the secret confirmed by a code of `step`).
    pub async fn enrol_own_second_factor(&self, secret: &str, step: i64, recovery_hashes: &[String]) -> Result<()> {
        self.store
            .enrol_second_factor(
                &self.actor,
                self.user.id,
                secret,
                step,
                recovery_hashes,
                "didaftarkan sendiri",
            )
            .await
    }

    /// Accepts a code's step of the signed-in user's own second factor (true once).
    pub async fn accept_own_second_factor_step(&self, step: i64) -> Result<bool> {
        self.store.accept_second_factor_step(self.user.id, step).await
    }

    /// Removes the signed-in user's own second factor, unless a rule requires it of them.
    pub async fn remove_own_second_factor(&self, deployment_roles: &[kinerja_domain::access::Role]) -> Result<()> {
        if second_factor_required(self.store, &self.user, deployment_roles).await? {
            return Err(StoreError::Rejected(kinerja_domain::i18n::Text::new(
                "verifikasi dua langkah diwajibkan untuk peran Anda; tidak dapat dimatikan",
                "a second factor is required for your role; it cannot be turned off",
            )));
        }
        self.store
            .remove_second_factor(&self.actor, self.user.id, "dimatikan sendiri")
            .await
    }
}

/// Whether `user` must sign in with a second factor: one of their roles is among the
/// deployment's (`kinerja serve --require-second-factor`) or the office's of that grant.
pub async fn second_factor_required(
    store: &dyn crate::Store,
    user: &User,
    deployment_roles: &[kinerja_domain::access::Role],
) -> Result<bool> {
    for grant in &user.grants {
        if deployment_roles.contains(&grant.role)
            || store.second_factor_roles(grant.office).await?.contains(&grant.role)
        {
            return Ok(true);
        }
    }
    Ok(false)
}
