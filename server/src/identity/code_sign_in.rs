//! Passwordless sign-in with a 6-digit code sent by mail: the same answer
//! for unknown addresses (and no message), 10 minutes, single use, dead
//! after 5 wrong tries, at most 3 codes per address per 15 minutes and a
//! limit on code requests per client address (`SharedBudget`, set up in
//! `startup`).

use super::{
    AuthError,
    admission::{Admission, Admitted, FirstFactor},
    limits::CredentialLimit,
    mailed_tokens::MAX_CODE_ATTEMPTS,
    mailed_tokens::{CodeCheck, MailedTokens, code_limit},
};
use crate::{
    domain::Email,
    mail::templates,
    rate_limit::SharedBudget,
    storage::{Db, email_tokens},
};
use app::{
    clock::Clock,
    error::{AppError, FieldError},
    model::SignInOutcome,
    ports::{ClientMeta, CodeSignIn},
    vocabulary::AuditAction,
};
use async_trait::async_trait;

const PURPOSE: &str = "otp_login";
const VALID_MINUTES: u64 = 10;

pub struct MailedCodeSignIn {
    db: Db,
    mailed: MailedTokens,
    admission: Admission,
    /// Code requests per client address.
    code_requests: SharedBudget,
    limit: CredentialLimit,
    clock: Clock,
}

impl MailedCodeSignIn {
    pub fn new(
        db: Db,
        mailed: MailedTokens,
        admission: Admission,
        code_requests: SharedBudget,
        limit: CredentialLimit,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            mailed,
            admission,
            code_requests,
            limit,
            clock,
        }
    }

    /// Mails a sign-in code if an active account has the address; the caller
    /// answers the same either way.
    async fn send_code(&self, email: &str, client: &ClientMeta) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let email = Email::parse(email)
            .map_err(|message| AuthError::Validation(vec![FieldError::new("email", message)]))?;
        let now = self.clock.now();
        if let Err(retry_after_seconds) = self
            .code_requests
            .take(client.ip.as_deref().unwrap_or_default())
            .await?
        {
            super::audit(
                &self.db,
                None,
                AuditAction::CodeRequest,
                client,
                false,
                Some("ip_rate_limited"),
                now,
            )
            .await?;
            return Err(AuthError::RateLimited {
                retry_after_seconds,
            });
        }
        self.mailed
            .limit_requests(
                email.as_str(),
                code_limit(PURPOSE),
                (None, AuditAction::CodeRequest),
                client,
            )
            .await?;
        let user = crate::storage::users::find_by_email(&self.db.pool, email.as_str())
            .await?
            .filter(|user| user.is_active || user.is_pending_deletion());
        let Some(user) = user else {
            super::audit(
                &self.db,
                None,
                AuditAction::CodeRequest,
                client,
                false,
                Some("no_account"),
                now,
            )
            .await?;
            return Ok(());
        };
        self.mailed
            .mail_code(
                &user.id,
                &user.email,
                PURPOSE,
                VALID_MINUTES,
                AuditAction::CodeRequest,
                client,
                |code| {
                    templates::sign_in_code(
                        &self.mailed.letterhead().to(&user),
                        code,
                        VALID_MINUTES,
                    )
                },
            )
            .await
    }

    /// Signs in with a mailed code; the address counts as verified after.
    async fn sign_in_with_code(
        &self,
        email: &str,
        code: &str,
        client: &ClientMeta,
    ) -> Result<Admitted, AuthError> {
        self.limit.check(client).await?;
        let now = self.clock.now();
        let refuse = |reason: &'static str| async move {
            super::audit(
                &self.db,
                None,
                AuditAction::Login,
                client,
                false,
                Some(reason),
                now,
            )
            .await?;
            Err::<Admitted, _>(AuthError::InvalidCode)
        };
        let Ok(email) = Email::parse(email) else {
            return refuse("wrong_code").await;
        };
        let (token_id, user_id) = match self
            .mailed
            .check_code(PURPOSE, email.as_str(), code, now)
            .await?
        {
            CodeCheck::Accepted { token_id, user_id } => (token_id, user_id),
            CodeCheck::Refused { reason, user_id } => {
                super::audit(
                    &self.db,
                    user_id.as_deref(),
                    AuditAction::Login,
                    client,
                    false,
                    Some(reason),
                    now,
                )
                .await?;
                return Err(AuthError::InvalidCode);
            }
        };
        let mut proof = self.admission.begin().await?;
        if !email_tokens::consume_code(&mut proof, &token_id, MAX_CODE_ATTEMPTS, now).await? {
            proof.rollback().await?;
            return refuse("code_used").await;
        }
        Ok(self
            .admission
            .admit(proof, &user_id, FirstFactor::EmailCode, client)
            .await?)
    }
}

#[async_trait]
impl CodeSignIn for MailedCodeSignIn {
    async fn send_code(&self, email: &str, client: &ClientMeta) -> Result<(), AppError> {
        Ok(MailedCodeSignIn::send_code(self, email, client).await?)
    }

    async fn sign_in_with_code(
        &self,
        email: &str,
        code: &str,
        client: &ClientMeta,
    ) -> Result<SignInOutcome, AppError> {
        Ok(
            MailedCodeSignIn::sign_in_with_code(self, email, code, client)
                .await?
                .into(),
        )
    }
}
