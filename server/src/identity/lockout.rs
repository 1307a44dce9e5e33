//! The lockout: wrong passwords for one address (at sign-in, or where a
//! signed-in user confirms an action) are counted, and at the limit the
//! address is locked for a while. Checked again in the admission step.

use super::AuthError;
use crate::{
    config::LockoutSettings,
    db::{
        Db,
        audit::{self, event},
        users::{self, UserRecord},
    },
};
use app::{ports::ClientMeta, vocabulary::AuditAction};

#[derive(Clone)]
pub struct Lockout {
    db: Db,
    settings: LockoutSettings,
}

impl Lockout {
    pub fn new(db: Db, settings: LockoutSettings) -> Self {
        Self { db, settings }
    }

    /// Counts a wrong password for `email` (audited as `action`) and returns
    /// what to answer: the failure that reaches the limit already says the
    /// address is locked.
    pub async fn record_failure(
        &self,
        user: Option<&UserRecord>,
        email: &str,
        action: AuditAction,
        client: &ClientMeta,
        now: i64,
    ) -> Result<AuthError, AuthError> {
        let lock_until = now + self.settings.lock_duration.as_secs() as i64;
        let max = self.settings.max_failed_attempts;
        let mut tx = self.db.begin().await?;
        let count = match user {
            Some(user) => {
                users::record_user_login_failure(&mut tx, &user.id, now, max, lock_until).await?
            }
            None => {
                users::record_unknown_login_failure(&mut tx, email, now, max, lock_until).await?
            }
        };
        let user_id = user.map(|user| user.id.as_str());
        let reason = if user.is_some() {
            "wrong_password"
        } else {
            "unknown_email"
        };
        audit::record(
            &mut *tx,
            &event(user_id, action, client, false, Some(reason), now),
        )
        .await?;
        let locked = count.locked_until.is_some_and(|until| until > now);
        if locked {
            audit::record(
                &mut *tx,
                &event(
                    user_id,
                    AuditAction::Lockout,
                    client,
                    true,
                    Some(reason),
                    now,
                ),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(if locked {
            AuthError::Locked
        } else {
            AuthError::InvalidCredentials
        })
    }
}
