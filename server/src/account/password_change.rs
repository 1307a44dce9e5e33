//! Changing a known password, or setting a first one with a mailed code.
//! Every earlier credential of the user dies (browser sessions, refresh
//! families, access tokens through `token_version`), and a notice is mailed.

use super::confirmation::Confirmation;
use crate::{
    identity::{AuthError, active_user, passwords::NewPasswords},
    storage::Db,
};
use app::error::say;
use app::{
    clock::Clock,
    error::AppError,
    guards::{RecentSignIn, SensitiveCaller},
    ports::{ClientMeta, IdentityProof, PasswordChange},
    vocabulary::AuditAction,
};
use async_trait::async_trait;

pub struct PasswordChanges {
    db: Db,
    confirmation: Confirmation,
    passwords: NewPasswords,
    clock: Clock,
}

impl PasswordChanges {
    pub fn new(db: Db, confirmation: Confirmation, passwords: NewPasswords, clock: Clock) -> Self {
        Self {
            db,
            confirmation,
            passwords,
            clock,
        }
    }

    async fn change_password(
        &self,
        user_id: &str,
        current: &str,
        new: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = active_user(&self.db, user_id).await?;
        if user.password_hash.is_none() {
            return Err(AuthError::invalid(
                "current_password",
                say("problem-no-password-yet"),
            ));
        }
        let proof = IdentityProof {
            password: Some(current.to_string()),
            code: None,
            second_factor: None,
        };
        self.confirmation
            .check(
                &user,
                &proof,
                "current_password",
                AuditAction::PasswordChange,
                client,
            )
            .await?;
        if current == new {
            return Err(AuthError::invalid(
                "new_password",
                say("problem-same-password"),
            ));
        }
        let hash = self.passwords.hash_for(&user, new).await?;
        let now = self.clock.now();
        let tx = self.db.begin().await?;
        self.passwords
            .commit(tx, &user, &hash, AuditAction::PasswordChange, client, now)
            .await
    }

    /// A first password for an account that signs in with Google or codes.
    async fn set_password(
        &self,
        user_id: &str,
        code: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = active_user(&self.db, user_id).await?;
        if user.password_hash.is_some() {
            return Err(AuthError::invalid(
                "new_password",
                say("problem-has-password"),
            ));
        }
        let proof = IdentityProof {
            password: None,
            code: Some(code.to_string()),
            second_factor: None,
        };
        let confirmed = self
            .confirmation
            .check(&user, &proof, "password", AuditAction::PasswordSet, client)
            .await?;
        let hash = self.passwords.hash_for(&user, new_password).await?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        self.confirmation
            .use_proof(&mut tx, &confirmed, now)
            .await?;
        self.passwords
            .commit(tx, &user, &hash, AuditAction::PasswordSet, client, now)
            .await
    }
}

#[async_trait]
impl PasswordChange for PasswordChanges {
    async fn change_password(
        &self,
        caller: &SensitiveCaller,
        current_password: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let user_id = caller.user_id();
        Ok(
            PasswordChanges::change_password(self, user_id, current_password, new_password, client)
                .await?,
        )
    }

    async fn set_password(
        &self,
        recent: &RecentSignIn,
        code: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let user_id = recent.user_id();
        Ok(PasswordChanges::set_password(self, user_id, code, new_password, client).await?)
    }
}
