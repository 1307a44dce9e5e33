//! Deleting an account: deactivated at once with every sign-in ended, then
//! erased by the cleanup job once the grace period is over. Signing in during
//! the grace period offers to restore it.

use super::confirmation::Confirmation;
use crate::{
    identity::{AuthError, active_user, mailed_tokens::MailedTokens, rfc3339, user_view},
    storage::{
        Db, accounts,
        audit::{self, AuditEvent},
    },
};
use app::error::say_with;
use app::vocabulary::UserId;
use app::{
    clock::Clock,
    error::AppError,
    guards::SensitiveCaller,
    model::UserView,
    ports::{AccountDeletion, ClientMeta, IdentityProof},
    vocabulary::AuditAction,
};
use async_trait::async_trait;
use std::time::Duration;

pub struct Deletion {
    db: Db,
    confirmation: Confirmation,
    mailed: MailedTokens,
    /// How long a deleted account waits before it is erased.
    grace: Duration,
    clock: Clock,
}

impl Deletion {
    pub fn new(
        db: Db,
        confirmation: Confirmation,
        mailed: MailedTokens,
        grace: Duration,
        clock: Clock,
    ) -> Self {
        Self {
            db,
            confirmation,
            mailed,
            grace,
            clock,
        }
    }

    /// `typed_email`: the address the user typed to confirm, where the page
    /// asks for it.
    async fn delete(
        &self,
        user_id: &str,
        proof: &IdentityProof,
        typed_email: Option<&str>,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = active_user(&self.db, user_id).await?;
        // The page asks for the address typed out; the API's confirmation is
        // the password alone.
        if let Some(typed_email) = typed_email
            && !typed_email.trim().eq_ignore_ascii_case(&user.email)
        {
            return Err(AuthError::invalid(
                "confirm_email",
                say_with(
                    "problem-type-your-email",
                    [("email", user.email.as_str().into())],
                ),
            ));
        }
        let confirmed = self
            .confirmation
            .check(
                &user,
                proof,
                "password",
                AuditAction::AccountDeletion,
                client,
            )
            .await?;
        let now = self.clock.now();
        let erase_after = now + self.grace.as_secs() as i64;
        let mut tx = self.db.begin().await?;
        self.confirmation
            .use_proof(&mut tx, &confirmed, now)
            .await?;
        accounts::schedule_deletion(&mut tx, user_id, erase_after, now).await?;
        let letterhead = self.mailed.letterhead();
        let notice = letterhead.account_deleted(&letterhead.to(&user), &calendar_date(erase_after));
        self.mailed
            .commit_with_mail(
                tx,
                &notice,
                user_id,
                AuditAction::AccountDeletion,
                client,
                now,
            )
            .await?;
        tracing::info!(user_id, "account deleted, erasure scheduled");
        Ok(())
    }

    /// When the account will be erased, if it is waiting for that.
    async fn erasure_date(&self, user_id: &str) -> Result<Option<i64>, AuthError> {
        Ok(crate::storage::users::find_by_id(&self.db.pool, user_id)
            .await?
            .and_then(|user| user.erase_after))
    }

    /// Brings a deleted account back; only after credentials were checked
    /// (the sign-in that answered `PendingDeletion`).
    async fn restore(&self, user_id: &str, client: &ClientMeta) -> Result<UserView, AuthError> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        if !accounts::restore(&mut tx, user_id, now).await? {
            return Err(AuthError::Disabled);
        }
        crate::storage::users::record_login_success(&mut tx, user_id, now, None).await?;
        audit::record(
            &mut *tx,
            &audit::succeeded(user_id, AuditAction::AccountRestored, client, now),
        )
        .await?;
        tx.commit().await?;
        Ok(user_view(active_user(&self.db, user_id).await?))
    }
}

#[async_trait]
impl AccountDeletion for Deletion {
    async fn delete_account(
        &self,
        caller: &SensitiveCaller,
        proof: IdentityProof,
        typed_email: Option<&str>,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        Ok(self
            .delete(caller.user_id(), &proof, typed_email, client)
            .await?)
    }

    async fn erasure_date(&self, user_id: &UserId) -> Result<Option<String>, AppError> {
        Ok(Deletion::erasure_date(self, user_id).await?.map(rfc3339))
    }

    async fn restore_account(
        &self,
        user_id: &UserId,
        client: &ClientMeta,
    ) -> Result<UserView, AppError> {
        Ok(self.restore(user_id, client).await?)
    }
}

/// Erases every account whose grace period is over; returns how many.
pub async fn erase_due_accounts(db: &Db, now: i64) -> Result<usize, sqlx::Error> {
    let mut erased = 0;
    loop {
        let due = crate::storage::users::accounts_due_for_erasure(&db.pool, now, 100).await?;
        if due.is_empty() {
            return Ok(erased);
        }
        for user_id in &due {
            let mut tx = db.begin().await?;
            if accounts::erase(&mut tx, user_id, now).await? {
                // Who it was is gone; that an erasure happened stays on record.
                audit::record(
                    &mut *tx,
                    &AuditEvent {
                        user_id: None,
                        action: AuditAction::AccountErased,
                        ip: None,
                        user_agent: None,
                        success: true,
                        reason: None,
                        at: now,
                    },
                )
                .await?;
                erased += 1;
            }
            tx.commit().await?;
        }
    }
}

/// "21 November 2026", for messages.
pub fn calendar_date(unix_seconds: i64) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|at| at.format(&format).ok())
        .unwrap_or_default()
}
