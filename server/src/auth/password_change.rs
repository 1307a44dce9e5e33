//! Changing a known password. Every earlier credential of the user dies
//! (browser sessions, refresh families, access tokens through
//! `token_version`), and a notice is mailed.

use super::{AuthError, AuthService, password_hasher::Verification};
use crate::{
    db::{email_tokens, refresh_tokens, unix_now, users::UserRecord},
    domain::NewPassword,
    mail::templates,
};
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
        let local_part = user.email.split('@').next().unwrap_or_default();
        let personal = [
            local_part,
            user.first_name.as_str(),
            user.last_name.as_str(),
        ];
        let password = NewPassword::parse(new, &self.policy, &personal).map_err(|messages| {
            AuthError::Validation(
                messages
                    .into_iter()
                    .map(|message| FieldError::new("new_password", message))
                    .collect(),
            )
        })?;
        let hash = self.hasher.hash(password.into_secret()).await?;
        let now = unix_now();
        let mut tx = self.db.pool.begin().await?;
        email_tokens::reset_password(&mut tx, user_id, &hash, now).await?;
        refresh_tokens::revoke_all_sign_ins(&mut tx, user_id, now, "password_changed").await?;
        let notice =
            templates::password_changed(&self.mail.public_url, &user.email, &user.first_name);
        self.commit_with_mail(tx, &notice, user_id, "password_change", client, now)
            .await?;
        self.db
            .find_user_by_id(user_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the account vanished").into())
    }
}
