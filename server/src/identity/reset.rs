//! Password reset by mail: the same answer whether or not an account has the
//! address; a single-use link valid one hour; the reset signs every device out
//! and does not sign anyone in. On an account never verified it is the first
//! proof of the address (`first_proof`).

use super::{
    AuthError,
    first_proof::{FirstProof, Proof},
    limits::CredentialLimit,
    mailed_tokens::link_token_hash,
    mailed_tokens::{MailLimit, MailedTokens, Parts, TokenRequest},
    passwords::NewPasswords,
};
use crate::{
    domain::Email,
    storage::{Db, email_tokens},
};
use app::{
    clock::Clock,
    error::{AppError, FieldError},
    ports::{ClientMeta, PasswordReset},
    vocabulary::AuditAction,
};
use async_trait::async_trait;

const PURPOSE: &str = "reset_password";
const VALID_MINUTES: u64 = 60;
/// Reset requests per address and client per hour.
const MESSAGES_PER_HOUR: i64 = 5;

pub struct PasswordResets {
    db: Db,
    mailed: MailedTokens,
    passwords: NewPasswords,
    first_proof: FirstProof,
    limit: CredentialLimit,
    clock: Clock,
}

impl PasswordResets {
    pub fn new(
        db: Db,
        mailed: MailedTokens,
        passwords: NewPasswords,
        first_proof: FirstProof,
        limit: CredentialLimit,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            mailed,
            passwords,
            first_proof,
            limit,
            clock,
        }
    }

    /// Mails a reset link if an active account has the address. The caller
    /// answers the same either way.
    async fn start_reset(&self, email: &str, client: &ClientMeta) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let email = Email::parse(email)
            .map_err(|message| AuthError::Validation(vec![FieldError::new("email", message)]))?;
        self.mailed
            .limit_requests(
                email.as_str(),
                MailLimit {
                    purpose: PURPOSE,
                    per_window: MESSAGES_PER_HOUR,
                    window_seconds: 3600,
                },
                (None, AuditAction::PasswordResetRequest),
                client,
            )
            .await?;
        let now = self.clock.now();
        let user = crate::storage::users::find_by_email(&self.db.pool, email.as_str())
            .await?
            .filter(|user| user.is_active);
        let Some(user) = user else {
            super::audit(
                &self.db,
                None,
                AuditAction::PasswordResetRequest,
                client,
                false,
                Some("no_account"),
                now,
            )
            .await?;
            return Ok(());
        };
        let mut tx = self.db.begin().await?;
        let issued = self
            .mailed
            .issue(
                &mut tx,
                TokenRequest {
                    user_id: &user.id,
                    email: &user.email,
                    purpose: PURPOSE,
                    parts: Parts::Link,
                    valid_seconds: (VALID_MINUTES * 60) as i64,
                },
                now,
            )
            .await?;
        let letterhead = self.mailed.letterhead();
        let mail = letterhead.password_reset(&letterhead.to(&user), &issued.token, VALID_MINUTES);
        self.mailed
            .commit_with_mail(
                tx,
                &mail,
                &user.id,
                AuditAction::PasswordResetRequest,
                client,
                now,
            )
            .await
    }

    /// The account a reset link is for, while the link works.
    async fn live_link(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<(crate::storage::users::UserRecord, String)>, AuthError> {
        let Some(token_hash) = link_token_hash(token) else {
            return Ok(None);
        };
        let Some(live) =
            crate::storage::email_tokens::live_token(&self.db.pool, &token_hash, PURPOSE, now)
                .await?
        else {
            return Ok(None);
        };
        let user = crate::storage::users::find_by_id(&self.db.pool, &live.user_id).await?;
        Ok(user.map(|user| (user, token_hash)))
    }

    /// Sets a new password with a reset link's token.
    async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let now = self.clock.now();
        let Some((user, token_hash)) = self.live_link(token, now).await? else {
            super::audit(
                &self.db,
                None,
                AuditAction::PasswordReset,
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
        let hash = self.passwords.hash_for(&user, new_password).await?;
        let mut tx = self.db.begin().await?;
        if email_tokens::consume_by_hash(&mut tx, &token_hash, PURPOSE, self.clock.now())
            .await?
            .is_none()
        {
            tx.rollback().await?;
            return Err(AuthError::InvalidCode);
        }
        // The link proves the address: on an account never verified, what
        // was set up before it ends.
        self.first_proof
            .claim(&mut tx, &user, Proof::NewPassword, now)
            .await?;
        self.passwords
            .commit(tx, &user, &hash, AuditAction::PasswordReset, client, now)
            .await
    }
}

#[async_trait]
impl PasswordReset for PasswordResets {
    async fn start_reset(&self, email: &str, client: &ClientMeta) -> Result<(), AppError> {
        Ok(PasswordResets::start_reset(self, email, client).await?)
    }

    async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(PasswordResets::reset_password(self, token, new_password, client).await?)
    }

    async fn link_account(&self, token: &str) -> Result<Option<String>, AppError> {
        let live = self.live_link(token, self.clock.now()).await?;
        Ok(live.map(|(user, _)| user.email))
    }
}
