//! Email verification: a link and a code sent at sign-up (and on request),
//! either of which confirms the address.

use super::{
    AuthError,
    limits::CredentialLimit,
    mailed_tokens::{CodeCheck, MailLimit, MailedTokens, Parts, TokenRequest},
    mailed_tokens::{MAX_CODE_ATTEMPTS, link_token_hash},
};
use crate::{
    domain::Email,
    mail::templates::Recipient,
    storage::{Db, audit, email_tokens, users},
};
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::AppError,
    ports::{ClientMeta, EmailVerification},
    vocabulary::AuditAction,
};
use async_trait::async_trait;
use sqlx::{Any, Transaction};

const PURPOSE: &str = "verify_email";
const VALID_HOURS: u64 = 24;
const RESENDS_PER_HOUR: i64 = 3;

use app::ports::EmailProofInput as EmailProof;

#[derive(Clone)]
pub struct AddressVerification {
    db: Db,
    mailed: MailedTokens,
    limit: CredentialLimit,
    clock: Clock,
}

impl AddressVerification {
    pub fn new(db: Db, mailed: MailedTokens, limit: CredentialLimit, clock: Clock) -> Self {
        Self {
            db,
            mailed,
            limit,
            clock,
        }
    }

    pub(super) fn wake_mail(&self) {
        self.mailed.wake();
    }

    /// Issues a new link and code (the older ones stop working) and queues
    /// the message, in the caller's transaction.
    pub(super) async fn queue(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
        to: Recipient<'_>,
        now: i64,
    ) -> Result<(), AuthError> {
        let email = to.address;
        let issued = self
            .mailed
            .issue(
                tx,
                TokenRequest {
                    user_id,
                    email,
                    purpose: PURPOSE,
                    parts: Parts::LinkAndCode,
                    valid_seconds: (VALID_HOURS * 3600) as i64,
                },
                now,
            )
            .await?;
        let mail =
            self.mailed
                .letterhead()
                .verification(&to, &issued.token, &issued.code, VALID_HOURS);
        self.mailed.queue(tx, &mail, user_id, now).await
    }

    /// Confirms an address with the link's token or the code.
    async fn verify_email(&self, proof: EmailProof, client: &ClientMeta) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let now = self.clock.now();
        // A code is checked (and a wrong one counted) before the transaction:
        // the transaction holds the write lock until it ends.
        let code = match &proof {
            EmailProof::Code { email, code } => {
                let email = Email::parse(email).map_err(|_| AuthError::InvalidCode)?;
                match self
                    .mailed
                    .check_code(PURPOSE, email.as_str(), code, now)
                    .await?
                {
                    CodeCheck::Accepted { token_id, user_id } => {
                        Some((token_id, user_id, email.as_str().to_string()))
                    }
                    CodeCheck::Refused { .. } => None,
                }
            }
            EmailProof::Token(_) => None,
        };
        let mut tx = self.db.begin().await?;
        let consumed = match (&proof, code) {
            (EmailProof::Token(token), _) => match link_token_hash(token) {
                Some(token_hash) => {
                    email_tokens::consume_by_hash(&mut tx, &token_hash, PURPOSE, now)
                        .await?
                        .map(|token| (token.user_id, token.email))
                }
                None => None,
            },
            (EmailProof::Code { .. }, Some((token_id, user_id, email))) => {
                email_tokens::consume_code(&mut tx, &token_id, MAX_CODE_ATTEMPTS, now)
                    .await?
                    .then_some((user_id, email))
            }
            (EmailProof::Code { .. }, None) => None,
        };
        let Some((user_id, email)) = consumed else {
            tx.rollback().await?;
            super::audit(
                &self.db,
                None,
                AuditAction::EmailVerification,
                client,
                false,
                Some("invalid_code"),
                now,
            )
            .await?;
            return Err(AuthError::InvalidCode);
        };
        // The account may have changed its address since the message was sent.
        if !users::mark_email_verified(&mut tx, &user_id, &email, now).await? {
            tx.rollback().await?;
            return Err(AuthError::InvalidCode);
        }
        audit::record(
            &mut *tx,
            &audit::succeeded(&user_id, AuditAction::EmailVerification, client, now),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sends a new link and code to a signed-in user whose address is not
    /// verified yet; at most three times an hour.
    async fn resend_verification(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<bool, AuthError> {
        self.limit.check(client).await?;
        let user = crate::storage::users::find_by_id(&self.db.pool, user_id)
            .await?
            .ok_or(AuthError::InvalidCredentials)?;
        if user.email_verified {
            return Ok(false);
        }
        self.mailed
            .limit_requests(
                &user.email,
                MailLimit {
                    purpose: "resend_verification",
                    per_window: RESENDS_PER_HOUR,
                    window_seconds: 3600,
                },
                (Some(user_id), AuditAction::EmailVerificationResend),
                client,
            )
            .await?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let to = self.mailed.letterhead().to(&user);
        self.queue(&mut tx, &user.id, to, now).await?;
        audit::record(
            &mut *tx,
            &audit::succeeded(user_id, AuditAction::EmailVerificationResend, client, now),
        )
        .await?;
        tx.commit().await?;
        self.mailed.wake();
        Ok(true)
    }
}

#[async_trait]
impl EmailVerification for AddressVerification {
    async fn verify_email(&self, proof: EmailProof, client: &ClientMeta) -> Result<(), AppError> {
        Ok(AddressVerification::verify_email(self, proof, client).await?)
    }

    async fn resend_verification(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<bool, AppError> {
        Ok(AddressVerification::resend_verification(self, user_id, client).await?)
    }
}
