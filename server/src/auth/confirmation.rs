//! Proof of identity for sensitive actions of a signed-in user: the password
//! (wrong ones count towards the lockout like failed sign-ins), or, for an
//! account without one, a 6-digit code mailed to its address. Also setting a
//! first password with such a code.

use super::{
    AuthError, AuthService,
    mailed_tokens::MAX_CODE_ATTEMPTS,
    mailed_tokens::{CodeCheck, code_limit},
    password_hasher::Verification,
};
use crate::{
    db::{
        audit::{self, event},
        email_tokens,
        users::UserRecord,
    },
    mail::templates::{self, ActionCode},
};
use app::{
    error::FieldError,
    ports::{ClientMeta, IdentityProof},
    vocabulary::AuditAction,
};
use secrecy::SecretString;
use sqlx::{Any, Transaction};

const PURPOSE: &str = "confirm_identity";
const VALID_MINUTES: u64 = 10;

/// A checked proof. A code is used up in the transaction of the action it
/// confirms, so a failed action leaves it usable.
pub(super) struct Confirmed {
    code_token_id: Option<String>,
}

fn invalid(field: &str, message: &str) -> AuthError {
    AuthError::Validation(vec![FieldError::new(field, message)])
}

impl AuthService {
    /// The caller's account, if it is still active.
    pub(super) async fn active_user(&self, user_id: &str) -> Result<UserRecord, AuthError> {
        self.current_user(user_id).await?.ok_or(AuthError::Disabled)
    }

    pub async fn send_confirmation_code(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = self.active_user(user_id).await?;
        self.limit_mail_requests(
            &user.email,
            code_limit(PURPOSE),
            (Some(&user.id), AuditAction::ConfirmationCodeRequest),
            client,
        )
        .await?;
        self.mail_code(
            &user.id,
            &user.email,
            PURPOSE,
            VALID_MINUTES,
            AuditAction::ConfirmationCodeRequest,
            client,
            |code| {
                templates::action_code(&ActionCode {
                    recipient: &user.email,
                    first_name: &user.first_name,
                    code,
                    valid_minutes: VALID_MINUTES,
                    action: "confirm it's you",
                    purpose: PURPOSE,
                })
            },
        )
        .await
    }

    /// Checks `proof` for `user`. A password is required when the account has
    /// one; otherwise a mailed code. `password_field` names the form field
    /// the password came in; `action` is what the audit log records.
    pub(super) async fn check_identity(
        &self,
        user: &UserRecord,
        proof: &IdentityProof,
        password_field: &str,
        action: AuditAction,
        client: &ClientMeta,
    ) -> Result<Confirmed, AuthError> {
        let now = self.clock.now();
        let password = proof.password.as_deref().filter(|p| !p.is_empty());
        let code = proof
            .code
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        match (&user.password_hash, password, code) {
            (Some(hash), Some(password), _) => {
                if user.locked_until.is_some_and(|until| until > now) {
                    self.audit(Some(&user.id), action, client, false, Some("locked"), now)
                        .await?;
                    return Err(AuthError::Locked);
                }
                let verification = self
                    .hasher
                    .verify(SecretString::from(password.to_string()), Some(hash.clone()))
                    .await?;
                if matches!(verification, Verification::Mismatch) {
                    let refusal = self
                        .record_failure(Some(user), &user.email, action, client, now)
                        .await?;
                    return Err(match refusal {
                        AuthError::InvalidCredentials => {
                            invalid(password_field, "The password is not right.")
                        }
                        other => other,
                    });
                }
                Ok(Confirmed {
                    code_token_id: None,
                })
            }
            (Some(_), None, _) => Err(invalid(password_field, "Enter your current password.")),
            (None, _, Some(code)) => {
                match self.check_code(PURPOSE, &user.email, code, now).await? {
                    CodeCheck::Accepted { token_id, user_id } if user_id == user.id => {
                        Ok(Confirmed {
                            code_token_id: Some(token_id),
                        })
                    }
                    CodeCheck::Accepted { .. } => Err(invalid("code", "This code is not valid.")),
                    CodeCheck::Refused { reason, .. } => {
                        self.audit(Some(&user.id), action, client, false, Some(reason), now)
                            .await?;
                        Err(invalid(
                            "code",
                            "This code is not valid: it may be mistyped, used, replaced by a newer \
                         one, or expired.",
                        ))
                    }
                }
            }
            (None, _, None) => Err(invalid(
                "code",
                "Your account has no password: enter the code we email you.",
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
            return Err(invalid("code", "This code was just used."));
        }
        Ok(())
    }

    /// Confirms identity for the sensitive actions of the next minutes.
    pub async fn reauthenticate(
        &self,
        user_id: &str,
        proof: &IdentityProof,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = self.active_user(user_id).await?;
        let confirmed = self
            .check_identity(
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
            &event(
                Some(user_id),
                AuditAction::Reauthentication,
                client,
                true,
                None,
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A first password for an account that signs in with Google or codes.
    pub async fn set_password_with_code(
        &self,
        user_id: &str,
        code: &str,
        new_password: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = self.active_user(user_id).await?;
        if user.password_hash.is_some() {
            return Err(invalid(
                "new_password",
                "Your account already has a password: change it instead.",
            ));
        }
        let proof = IdentityProof {
            password: None,
            code: Some(code.to_string()),
        };
        let confirmed = self
            .check_identity(&user, &proof, "password", AuditAction::PasswordSet, client)
            .await?;
        let hash = self.hash_new_password(&user, new_password).await?;
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        self.use_proof(&mut tx, &confirmed, now).await?;
        self.commit_new_password(tx, &user, &hash, AuditAction::PasswordSet, client, now)
            .await
    }
}
