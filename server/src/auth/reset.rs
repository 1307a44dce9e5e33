//! Password reset by mail: the same answer whether or not an account has the
//! address; a single-use link valid one hour; the reset signs every device out
//! and does not sign anyone in.

use super::{
    AuthError, AuthService,
    email_codes::{hash_token, is_link_token},
};
use crate::{
    db::{
        email_tokens::{self, NewEmailToken},
        refresh_tokens, unix_now,
    },
    domain::{Email, NewPassword},
    mail::templates::{self, PasswordReset},
};
use app::{error::FieldError, ports::ClientMeta};

const PURPOSE: &str = "reset_password";
const VALID_MINUTES: u64 = 60;
/// Reset messages per address per hour; more requests get the same answer
/// and no message.
const MESSAGES_PER_HOUR: i64 = 5;

impl AuthService {
    /// Mails a reset link if an active account has the address. The caller
    /// answers the same either way.
    pub async fn start_reset(&self, email: &str, client: &ClientMeta) -> Result<(), AuthError> {
        let email = Email::parse(email)
            .map_err(|message| AuthError::Validation(vec![FieldError::new("email", message)]))?;
        let now = unix_now();
        let (requests, _) = self
            .db
            .record_mail_request(
                email.as_str(),
                PURPOSE,
                client.ip.as_deref(),
                now,
                now - 3600,
            )
            .await?;
        let user = self
            .db
            .find_user_by_email(email.as_str())
            .await?
            .filter(|user| user.is_active);
        let Some(user) = user.filter(|_| requests <= MESSAGES_PER_HOUR) else {
            let reason = if requests > MESSAGES_PER_HOUR {
                "rate_limited"
            } else {
                "no_account"
            };
            self.audit(
                None,
                "password_reset_request",
                client,
                false,
                Some(reason),
                now,
            )
            .await?;
            return Ok(());
        };
        let issued = self.mail.codes.issue(PURPOSE, email.as_str());
        let mut tx = self.db.pool.begin().await?;
        email_tokens::replace(
            &mut tx,
            &NewEmailToken {
                id: &uuid::Uuid::new_v4().to_string(),
                user_id: &user.id,
                email: &user.email,
                purpose: PURPOSE,
                token_hash: Some(&issued.token_hash),
                code_hash: None,
                expires_at: now + (VALID_MINUTES * 60) as i64,
                now,
            },
        )
        .await?;
        let mail = templates::password_reset(&PasswordReset {
            public_url: &self.mail.public_url,
            recipient: &user.email,
            first_name: &user.first_name,
            token: &issued.token,
            valid_minutes: VALID_MINUTES,
        });
        self.commit_with_mail(tx, &mail, &user.id, "password_reset_request", client, now)
            .await
    }

    /// Sets a new password with a reset link's token.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let now = unix_now();
        let well_formed = is_link_token(token);
        let token_hash = hash_token(token);
        let live = if well_formed {
            self.db.live_token(&token_hash, PURPOSE, now).await?
        } else {
            None
        };
        let Some(user) = (match live {
            Some(live) => self.db.find_user_by_id(&live.user_id).await?,
            None => None,
        }) else {
            self.audit(
                None,
                "password_reset",
                client,
                false,
                Some("invalid_token"),
                now,
            )
            .await?;
            return Err(AuthError::InvalidCode);
        };
        // The password is checked before the token is used, so a weak
        // password does not cost the user their link.
        let local_part = user.email.split('@').next().unwrap_or_default();
        let personal = [
            local_part,
            user.first_name.as_str(),
            user.last_name.as_str(),
        ];
        let password =
            NewPassword::parse(new_password, &self.policy, &personal).map_err(|messages| {
                AuthError::Validation(
                    messages
                        .into_iter()
                        .map(|message| FieldError::new("new_password", message))
                        .collect(),
                )
            })?;
        let hash = self.hasher.hash(password.into_secret()).await?;

        let mut tx = self.db.pool.begin().await?;
        if email_tokens::consume_by_hash(&mut tx, &token_hash, PURPOSE, unix_now())
            .await?
            .is_none()
        {
            tx.rollback().await?;
            return Err(AuthError::InvalidCode);
        }
        email_tokens::reset_password(&mut tx, &user.id, &hash, now).await?;
        refresh_tokens::revoke_all_sign_ins(&mut tx, &user.id, now, "password_reset").await?;
        let notice =
            templates::password_changed(&self.mail.public_url, &user.email, &user.first_name);
        self.commit_with_mail(tx, &notice, &user.id, "password_reset", client, now)
            .await
    }
}
