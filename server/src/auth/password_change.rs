//! Changing a known password. Every earlier credential of the user dies
//! (browser sessions, refresh families, access tokens through
//! `token_version`), and a notice is mailed.

use super::{AuthError, AuthService, password_hasher::Verification};
use crate::db::{unix_now, users::UserRecord};
use app::{error::FieldError, ports::ClientMeta};
use secrecy::SecretString;

impl AuthService {
    pub async fn change_password(
        &self,
        user_id: &str,
        current: &str,
        new: &str,
        client: &ClientMeta,
    ) -> Result<UserRecord, AuthError> {
        let invalid = |field: &str, message: &str| {
            AuthError::Validation(vec![FieldError::new(field, message)])
        };
        let user = self
            .db
            .find_user_by_id(user_id)
            .await?
            .filter(|user| user.is_active)
            .ok_or(AuthError::Disabled)?;
        if user.password_hash.is_none() {
            return Err(invalid(
                "current_password",
                "Your account has no password yet: it signs in with Google or email codes.",
            ));
        }
        let verification = self
            .hasher
            .verify(
                SecretString::from(current.to_string()),
                user.password_hash.clone(),
            )
            .await?;
        if matches!(verification, Verification::Mismatch) {
            self.audit(
                Some(user_id),
                "password_change",
                client,
                false,
                Some("wrong_password"),
                unix_now(),
            )
            .await?;
            return Err(invalid(
                "current_password",
                "The current password is not right.",
            ));
        }
        if current == new {
            return Err(invalid(
                "new_password",
                "Choose a password different from the current one.",
            ));
        }
        let hash = self.hash_new_password(&user, new).await?;
        let now = unix_now();
        let tx = self.db.pool.begin().await?;
        self.commit_new_password(tx, &user, &hash, "password_change", client, now)
            .await?;
        self.db
            .find_user_by_id(user_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the account vanished").into())
    }
}
