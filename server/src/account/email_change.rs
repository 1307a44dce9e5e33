//! Moving an account to another address: proof of identity first, then a
//! code mailed to the new address; the change applies only once that code
//! comes back, and the old address is told. Confirming is a clean cut:
//! links and codes mailed to the old address die, and every other sign-in
//! ends.

use super::confirmation::Confirmation;
use crate::{
    domain::Email,
    identity::{
        AuthError, active_user, audit,
        limits::CredentialLimit,
        mailed_tokens::MAX_CODE_ATTEMPTS,
        mailed_tokens::{CodeCheck, MailedTokens, code_limit},
    },
    mail::templates,
    storage::{
        Db,
        accounts::{self, EmailChangeError},
        email_tokens,
        refresh_tokens::{self, Keep},
    },
};
use app::error::say;
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::AppError,
    guards::SensitiveCaller,
    ports::{ClientMeta, EmailChange, IdentityProof, ThisDevice},
    vocabulary::AuditAction,
};
use async_trait::async_trait;

const PURPOSE: &str = "change_email";
const VALID_MINUTES: u64 = 15;

pub struct EmailChanges {
    db: Db,
    confirmation: Confirmation,
    mailed: MailedTokens,
    limit: CredentialLimit,
    clock: Clock,
}

impl EmailChanges {
    pub fn new(
        db: Db,
        confirmation: Confirmation,
        mailed: MailedTokens,
        limit: CredentialLimit,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            confirmation,
            mailed,
            limit,
            clock,
        }
    }

    async fn start(
        &self,
        user_id: &str,
        proof: &IdentityProof,
        new_email: &str,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = active_user(&self.db, user_id).await?;
        let new_email =
            Email::parse(new_email).map_err(|message| AuthError::invalid("new_email", message))?;
        if new_email.as_str() == user.email {
            return Err(AuthError::invalid("new_email", say("problem-same-address")));
        }
        self.confirmation
            .check(
                &user,
                proof,
                "password",
                AuditAction::EmailChangeRequest,
                client,
            )
            .await?;
        let now = self.clock.now();
        if crate::storage::users::email_exists(&self.db.pool, new_email.as_str()).await? {
            audit(
                &self.db,
                Some(user_id),
                AuditAction::EmailChangeRequest,
                client,
                false,
                Some("email_taken"),
                now,
            )
            .await?;
            return Err(AuthError::EmailTaken);
        }
        self.mailed
            .limit_requests(
                // Counted for the recipient: the daily cap protects the
                // address that gets the codes.
                new_email.as_str(),
                code_limit(PURPOSE),
                (Some(user_id), AuditAction::EmailChangeRequest),
                client,
            )
            .await?;
        // The identity code, if one was used, stays valid: the change itself is
        // confirmed by the code sent to the new address.
        self.mailed
            .mail_code(
                user_id,
                new_email.as_str(),
                PURPOSE,
                VALID_MINUTES,
                AuditAction::EmailChangeRequest,
                client,
                |code| {
                    templates::action_code(
                        &self.mailed.letterhead().to(&user).at(new_email.as_str()),
                        (code, VALID_MINUTES),
                        "mail-action-new-address",
                        PURPOSE,
                    )
                },
            )
            .await
    }

    /// The address waiting for its code, if a change is under way.
    async fn pending(&self, user_id: &str) -> Result<Option<String>, AuthError> {
        Ok(crate::storage::email_tokens::live_address_of(
            &self.db.pool,
            user_id,
            PURPOSE,
            self.clock.now(),
        )
        .await?)
    }

    async fn confirm(
        &self,
        user_id: &str,
        code: &str,
        this_device: ThisDevice<'_>,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        self.limit.check(client).await?;
        let user = active_user(&self.db, user_id).await?;
        let now = self.clock.now();
        let refused = |reason: &'static str| async move {
            audit(
                &self.db,
                Some(user_id),
                AuditAction::EmailChange,
                client,
                false,
                Some(reason),
                now,
            )
            .await?;
            Err::<(), _>(AuthError::InvalidCode)
        };
        let Some(new_email) = self.pending(user_id).await? else {
            return refused("no_code").await;
        };
        let token_id = match self
            .mailed
            .check_code(PURPOSE, &new_email, code, now)
            .await?
        {
            CodeCheck::Accepted {
                token_id,
                user_id: owner,
            } if owner == user_id => token_id,
            CodeCheck::Accepted { .. } => return refused("wrong_code").await,
            CodeCheck::Refused { reason, .. } => return refused(reason).await,
        };
        let mut tx = self.db.begin().await?;
        if !email_tokens::consume_code(&mut tx, &token_id, MAX_CODE_ATTEMPTS, now).await? {
            tx.rollback().await?;
            return refused("code_used").await;
        }
        match accounts::change_email(&mut tx, user_id, &new_email, now).await {
            Ok(()) => {}
            Err(EmailChangeError::EmailTaken) => {
                tx.rollback().await?;
                return Err(AuthError::EmailTaken);
            }
            Err(EmailChangeError::Database(error)) => return Err(error.into()),
        }
        // A clean cut: the old address loses every way in it was sent, and
        // every other sign-in ends.
        email_tokens::end_all_but_to(&mut tx, user_id, &new_email, now).await?;
        let keep = match this_device {
            ThisDevice::Session(id) => Keep::Session(id),
            ThisDevice::Family(id) => Keep::Family(id),
            ThisDevice::NotListed => Keep::Nothing,
        };
        refresh_tokens::revoke_sign_ins_but(&mut tx, user_id, keep, now, "email_changed").await?;
        let letterhead = self.mailed.letterhead();
        let notice = letterhead.email_changed(&letterhead.to(&user), &new_email);
        self.mailed
            .commit_with_mail(tx, &notice, user_id, AuditAction::EmailChange, client, now)
            .await
    }
}

#[async_trait]
impl EmailChange for EmailChanges {
    async fn start_email_change(
        &self,
        caller: &SensitiveCaller,
        proof: IdentityProof,
        new_email: &str,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(self
            .start(caller.user_id(), &proof, new_email, client)
            .await?)
    }

    async fn confirm_email_change(
        &self,
        user_id: &UserId,
        code: &str,
        this_device: ThisDevice<'_>,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(self.confirm(user_id, code, this_device, client).await?)
    }

    async fn pending_email_change(&self, user_id: &UserId) -> Result<Option<String>, AppError> {
        Ok(self.pending(user_id).await?)
    }
}
