//! Changing a known password. Every earlier credential of the user dies
//! (browser sessions, refresh families, access tokens through
//! `token_version`), and a notice is mailed.

use super::{AuthError, AuthService};
use crate::db::users::UserRecord;
use app::{
    error::FieldError,
    ports::{ClientMeta, IdentityProof},
    vocabulary::AuditAction,
};

impl AuthService {
    pub async fn change_password(
        &self,
        user_id: &str,
        current: &str,
        new: &str,
        client: &ClientMeta,
    ) -> Result<UserRecord, AuthError> {
        let user = self.active_user(user_id).await?;
        if user.password_hash.is_none() {
            return Err(AuthError::Validation(vec![FieldError::new(
                "current_password",
                "Your account has no password yet: it signs in with Google or email codes.",
            )]));
        }
        let proof = IdentityProof {
            password: Some(current.to_string()),
            code: None,
        };
        self.check_identity(
            &user,
            &proof,
            "current_password",
            AuditAction::PasswordChange,
            client,
        )
        .await?;
        if current == new {
            return Err(AuthError::Validation(vec![FieldError::new(
                "new_password",
                "Choose a password different from the current one.",
            )]));
        }
        let hash = self.hash_new_password(&user, new).await?;
        let now = self.clock.now();
        let tx = self.db.begin().await?;
        self.commit_new_password(tx, &user, &hash, AuditAction::PasswordChange, client, now)
            .await?;
        self.db
            .find_user_by_id(user_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the account vanished").into())
    }
}
