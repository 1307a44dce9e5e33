//! Deleting an account: deactivated at once with every sign-in ended, then
//! erased by the cleanup job once the grace period is over. Signing in during
//! the grace period offers to restore it.

use super::{AuthError, AuthService};
use crate::{
    db::{
        Db, accounts,
        audit::{self, AuditEvent},
        users::UserRecord,
    },
    mail::templates,
};
use app::{
    error::FieldError,
    ports::{ClientMeta, IdentityProof},
    vocabulary::AuditAction,
};

impl AuthService {
    /// `typed_email`: the address the user typed to confirm, where the page
    /// asks for it.
    pub async fn delete_account(
        &self,
        user_id: &str,
        proof: &IdentityProof,
        typed_email: Option<&str>,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let user = self.active_user(user_id).await?;
        // The page asks for the address typed out; the API's confirmation is
        // the password alone.
        if let Some(typed_email) = typed_email
            && !typed_email.trim().eq_ignore_ascii_case(&user.email)
        {
            return Err(AuthError::Validation(vec![FieldError::new(
                "confirm_email",
                format!("Type your email address ({}) to confirm.", user.email),
            )]));
        }
        let confirmed = self
            .check_identity(
                &user,
                proof,
                "password",
                AuditAction::AccountDeletion,
                client,
            )
            .await?;
        let now = self.clock.now();
        let erase_after = now + self.accounts.deletion_grace.as_secs() as i64;
        let mut tx = self.db.begin().await?;
        self.use_proof(&mut tx, &confirmed, now).await?;
        accounts::schedule_deletion(&mut tx, user_id, erase_after, now).await?;
        let notice = templates::account_deleted(
            &self.mail.public_url,
            &user.email,
            &user.first_name,
            &calendar_date(erase_after),
        );
        self.commit_with_mail(
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
    pub async fn erasure_date(&self, user_id: &str) -> Result<Option<i64>, AuthError> {
        Ok(self
            .db
            .find_user_by_id(user_id)
            .await?
            .and_then(|user| user.erase_after))
    }

    /// Brings a deleted account back; only after credentials were checked
    /// (the sign-in that answered `PendingDeletion`).
    pub async fn restore_account(
        &self,
        user_id: &str,
        client: &ClientMeta,
    ) -> Result<UserRecord, AuthError> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        if !accounts::restore(&mut tx, user_id, now).await? {
            return Err(AuthError::Disabled);
        }
        crate::db::users::record_login_success(&mut tx, user_id, now, None).await?;
        audit::record(
            &mut *tx,
            &audit::event(
                Some(user_id),
                AuditAction::AccountRestored,
                client,
                true,
                None,
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        self.active_user(user_id).await
    }
}

/// Erases every account whose grace period is over; returns how many.
pub async fn erase_due_accounts(db: &Db, now: i64) -> Result<usize, sqlx::Error> {
    let mut erased = 0;
    loop {
        let due = db.accounts_due_for_erasure(now, 100).await?;
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
