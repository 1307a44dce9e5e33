//! Proof of identity for sensitive actions of a signed-in user: the password
//! (wrong ones count towards the lockout like failed sign-ins), or, for an
//! account without one, a 6-digit code mailed to its address.

use crate::{
    identity::{
        AuthError, active_user, audit,
        limits::CredentialLimit,
        lockout::Lockout,
        mailed_tokens::MAX_CODE_ATTEMPTS,
        mailed_tokens::{CodeCheck, MailedTokens, code_limit},
        password_hasher::{PasswordHasher, Verification},
        second_factor::TwoStep,
    },
    mail::templates,
    storage::{Db, audit, email_tokens, users::UserRecord},
};
use app::error::say;
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::AppError,
    ports::{ClientMeta, IdentityProof, Reauthentication},
    vocabulary::AuditAction,
};
use async_trait::async_trait;
use secrecy::SecretString;
use sqlx::{Any, Transaction};

const PURPOSE: &str = "confirm_identity";
const VALID_MINUTES: u64 = 10;

/// A checked proof. A code is used up in the transaction of the action it
/// confirms, so a failed action leaves it usable.
pub(super) struct Confirmed {
    code_token_id: Option<String>,
}

/// Checks that a signed-in user is who they say, for the sensitive actions
/// (`password_change`, `email_change`, `deletion`) and for a recent sign-in.
#[derive(Clone)]
pub struct Confirmation {
    db: Db,
    hasher: PasswordHasher,
    lockout: Lockout,
    mailed: MailedTokens,
    limit: CredentialLimit,
    /// An account with a second factor may confirm with it instead.
    two_step: TwoStep,
    clock: Clock,
}

impl Confirmation {
    pub fn new(
        db: Db,
        hasher: PasswordHasher,
        lockout: Lockout,
        mailed: MailedTokens,
        limit: CredentialLimit,
        two_step: TwoStep,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            hasher,
            lockout,
            mailed,
            limit,
            two_step,
            clock,
        }
    }

    async fn send_confirmation_code(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let user = active_user(&self.db, user_id).await?;
        self.mailed
            .limit_requests(
                &user.email,
                code_limit(PURPOSE),
                (Some(&user.id), AuditAction::ConfirmationCodeRequest),
                client,
            )
            .await?;
        self.mailed
            .mail_code(
                &user.id,
                &user.email,
                PURPOSE,
                VALID_MINUTES,
                AuditAction::ConfirmationCodeRequest,
                client,
                |code| {
                    templates::action_code(
                        &self.mailed.letterhead().to(&user),
                        (code, VALID_MINUTES),
                        "mail-action-confirm",
                        PURPOSE,
                    )
                },
            )
            .await
    }

    /// Checks `proof` for `user`. A password is required when the account has
    /// one; otherwise a mailed code. `password_field` names the form field
    /// the password came in; `action` is what the audit log records.
    pub(super) async fn check(
        &self,
        user: &UserRecord,
        proof: &IdentityProof,
        password_field: &str,
        action: AuditAction,
        client: &ClientMeta,
    ) -> Result<Confirmed, AuthError> {
        self.limit.check(client).await?;
        let now = self.clock.now();
        if let Some(typed) = proof
            .second_factor
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        {
            self.two_step
                .confirm_identity(user, typed, action, client)
                .await?;
            return Ok(Confirmed {
                code_token_id: None,
            });
        }
        let password = proof.password.as_deref().filter(|p| !p.is_empty());
        let code = proof
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        match (&user.password_hash, password, code) {
            (Some(hash), Some(password), _) => {
                let attempt = self
                    .lockout
                    .take_attempt(Some(user), &user.email, action, client)
                    .await?;
                let verification = self
                    .hasher
                    .verify(SecretString::from(password.to_string()), Some(hash.clone()))
                    .await?;
                if matches!(verification, Verification::Mismatch) {
                    let refusal = self
                        .lockout
                        .failed(attempt, Some(user), &user.email, action, client)
                        .await?;
                    return Err(match refusal {
                        AuthError::InvalidCredentials => {
                            AuthError::invalid(password_field, say("problem-password-wrong"))
                        }
                        other => other,
                    });
                }
                self.lockout.passed(attempt, user).await?;
                Ok(Confirmed {
                    code_token_id: None,
                })
            }
            (Some(_), None, _) => Err(AuthError::invalid(
                password_field,
                say("problem-current-password-missing"),
            )),
            (None, _, Some(code)) => {
                match self
                    .mailed
                    .check_code(PURPOSE, &user.email, code, now)
                    .await?
                {
                    CodeCheck::Accepted { token_id, user_id } if user_id == user.id => {
                        Ok(Confirmed {
                            code_token_id: Some(token_id),
                        })
                    }
                    CodeCheck::Accepted { .. } => {
                        Err(AuthError::invalid("code", say("problem-code-invalid")))
                    }
                    CodeCheck::Refused { reason, .. } => {
                        audit(
                            &self.db,
                            Some(&user.id),
                            action,
                            client,
                            false,
                            Some(reason),
                            now,
                        )
                        .await?;
                        Err(AuthError::invalid("code", say("problem-code-invalid-why")))
                    }
                }
            }
            (None, _, None) => Err(AuthError::invalid(
                "code",
                say("problem-no-password-use-code"),
            )),
        }
    }

    /// Uses up the code of a proof in the action's transaction; `false` if
    /// another request used it first.
    pub(super) async fn use_proof(
        &self,
        tx: &mut Transaction<'_, Any>,
        confirmed: &Confirmed,
        now: i64,
    ) -> Result<(), AuthError> {
        if let Some(token_id) = &confirmed.code_token_id
            && !email_tokens::consume_code(tx, token_id, MAX_CODE_ATTEMPTS, now).await?
        {
            return Err(AuthError::invalid("code", say("problem-code-just-used")));
        }
        Ok(())
    }

    /// Confirms identity for the sensitive actions of the next minutes.
    async fn reauthenticate(
        &self,
        user_id: &str,
        proof: &IdentityProof,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = active_user(&self.db, user_id).await?;
        let confirmed = self
            .check(
                &user,
                proof,
                "password",
                AuditAction::Reauthentication,
                client,
            )
            .await?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        self.use_proof(&mut tx, &confirmed, now).await?;
        audit::record(
            &mut *tx,
            &audit::succeeded(user_id, AuditAction::Reauthentication, client, now),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[async_trait]
impl Reauthentication for Confirmation {
    async fn send_confirmation_code(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(Confirmation::send_confirmation_code(self, user_id, client).await?)
    }

    async fn reauthenticate(
        &self,
        user_id: &UserId,
        proof: IdentityProof,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(Confirmation::reauthenticate(self, user_id, &proof, client).await?)
    }
}
