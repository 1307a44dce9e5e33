//! The lockout, the one place that decides whether a password may be
//! checked: at sign-in on every path, and where a signed-in user confirms
//! an action. An attempt is taken in the database before the hash is
//! checked, in the same statement that checks the lock, and failures plus
//! attempts being checked never exceed `LOCKOUT_MAX_ATTEMPTS`: a burst of
//! parallel attempts, on any number of instances, cannot get more passwords
//! evaluated than that before the lock. A right password, a mailed code,
//! Google or a reset gives the attempts back.

use super::AuthError;
use crate::{
    config::LockoutSettings,
    storage::{
        Db,
        audit::{self, event},
        users::{self, UserRecord},
    },
};
use app::{clock::Clock, ports::ClientMeta, vocabulary::AuditAction};
use std::time::{Duration, Instant};

/// An attempt still being checked after this long belongs to a process
/// that died: it no longer holds a place.
const IN_FLIGHT_SECONDS: i64 = 60;
/// How long an attempt waits for a place while the others are checked,
/// before it is answered "too many requests".
const MAX_WAIT: Duration = Duration::from_secs(10);
const RETRY_EVERY: Duration = Duration::from_millis(25);

#[derive(Clone)]
pub struct Lockout {
    db: Db,
    settings: LockoutSettings,
    clock: Clock,
}

/// A password attempt that may be checked. `failed` or `passed` ends it;
/// at sign-in, the admission step ends a right one (`ended`). Dropped
/// otherwise (the client went away mid-hash, the request timed out, an
/// error), it gives its place back at once, so an attacker who sends
/// attempts and hangs up cannot hold an account's places.
pub struct Attempt {
    held: Option<(Db, Holder)>,
}

enum Holder {
    Account(String),
    Address(String),
}

impl Attempt {
    /// Ended in the database by the caller (the admission step).
    pub fn ended(mut self) {
        self.held = None;
    }

    /// Ended by the admission step in the transaction it committed (it
    /// admitted, or refused a deactivated account). Otherwise (the
    /// database failed, the sign-in was over) nothing was committed, and
    /// dropping the attempt gives its place back.
    pub fn ended_by<T>(self, admitted: &Result<T, super::admission::Refused>) {
        use super::admission::Refused;
        if matches!(admitted, Ok(_) | Err(Refused::Disabled)) {
            self.ended();
        }
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        let Some((db, holder)) = self.held.take() else {
            return;
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            let released = match &holder {
                Holder::Account(user_id) => {
                    users::release_password_attempt(db.writer(), user_id).await
                }
                Holder::Address(email) => {
                    users::release_unknown_address_attempt(db.writer(), email).await
                }
            };
            if let Err(error) = released {
                tracing::warn!(%error, "could not give back a password attempt");
            }
        });
    }
}

impl Lockout {
    pub fn new(db: Db, settings: LockoutSettings, clock: Clock) -> Self {
        Self {
            db,
            settings,
            clock,
        }
    }

    /// Takes one attempt for `email` (its account, when it has one). While
    /// every place is taken by attempts being checked, waits for one; once
    /// the address is locked, answers `Locked` without counting anything.
    /// Refusals are audited as `action`.
    pub async fn take_attempt(
        &self,
        user: Option<&UserRecord>,
        email: &str,
        action: AuditAction,
        client: &ClientMeta,
    ) -> Result<Attempt, AuthError> {
        let max = self.settings.max_failed_attempts;
        let waiting_since = Instant::now();
        loop {
            let now = self.clock.now();
            let stale_before = now - IN_FLIGHT_SECONDS;
            let pool = self.db.writer();
            let taken = match user {
                Some(user) => {
                    users::take_password_attempt(pool, &user.id, now, stale_before, max).await?
                }
                None => {
                    users::take_unknown_address_attempt(pool, email, now, stale_before, max).await?
                }
            };
            if taken.is_some() {
                let holder = match user {
                    Some(user) => Holder::Account(user.id.clone()),
                    None => Holder::Address(email.to_string()),
                };
                return Ok(Attempt {
                    held: Some((self.db.clone(), holder)),
                });
            }
            let locked_until = match user {
                Some(user) => users::password_lock(pool, &user.id).await?,
                None => users::unknown_address_lock(pool, email).await?,
            };
            let user_id = user.map(|user| user.id.as_str());
            if locked_until.is_some_and(|until| until > now) {
                self.count_refusal(user, email, action, client, now).await?;
                return Err(AuthError::Locked);
            }
            if waiting_since.elapsed() >= MAX_WAIT {
                let busy = event(user_id, action, client, false, Some("busy"), now);
                audit::record(pool, &busy).await?;
                return Err(AuthError::RateLimited {
                    retry_after_seconds: 1,
                });
            }
            tokio::time::sleep(RETRY_EVERY).await;
        }
    }

    /// Counts an attempt the lock refused. The audit log gets one row per
    /// lock, however many attempts meet it, kept up to date with their
    /// number (one transaction each, so the updates land in order).
    async fn count_refusal(
        &self,
        user: Option<&UserRecord>,
        email: &str,
        action: AuditAction,
        client: &ClientMeta,
        now: i64,
    ) -> Result<(), AuthError> {
        let mut tx = self.db.begin().await?;
        let (refused, row) = match user {
            Some(user) => users::count_refusal_while_locked(&mut *tx, &user.id).await?,
            None => users::count_unknown_refusal_while_locked(&mut *tx, email).await?,
        };
        let reason = match refused {
            1 => "locked: 1 refused attempt".to_string(),
            n => format!("locked: {n} refused attempts"),
        };
        match row {
            Some(row) => {
                // One row counts them all; the metric counts each.
                crate::monitoring::sign_in_refused_while_locked();
                audit::set_reason(&mut *tx, row, &reason).await?
            }
            None => {
                let user_id = user.map(|user| user.id.as_str());
                let locked = event(user_id, action, client, false, Some(&reason), now);
                let row = audit::record_returning_id(&mut *tx, &locked).await?;
                match user {
                    Some(user) => users::set_locked_audit_row(&mut *tx, &user.id, row).await?,
                    None => users::set_unknown_locked_audit_row(&mut *tx, email, row).await?,
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The password was wrong: counts the failure and returns what to
    /// answer (the failure that reaches the limit already says "locked").
    pub async fn failed(
        &self,
        attempt: Attempt,
        user: Option<&UserRecord>,
        email: &str,
        action: AuditAction,
        client: &ClientMeta,
    ) -> Result<AuthError, AuthError> {
        let now = self.clock.now();
        let max = self.settings.max_failed_attempts;
        let lock_until = now + self.settings.lock_duration.as_secs() as i64;
        let mut tx = self.db.begin().await?;
        let locked_until = match user {
            Some(user) => {
                users::fail_password_attempt(&mut *tx, &user.id, now, max, lock_until).await?
            }
            None => {
                users::fail_unknown_address_attempt(&mut *tx, email, now, max, lock_until).await?
            }
        };
        let locked = locked_until.is_some_and(|until| until > now);
        let user_id = user.map(|user| user.id.as_str());
        let reason = match (action, user) {
            (AuditAction::SecondStep, _) => "wrong_code",
            (AuditAction::PasskeySignIn, _) => "passkey_refused",
            (_, Some(_)) => "wrong_password",
            (_, None) => "unknown_email",
        };
        audit::record(
            &mut *tx,
            &event(user_id, action, client, false, Some(reason), now),
        )
        .await?;
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
        attempt.ended();
        Ok(if locked {
            AuthError::Locked
        } else {
            AuthError::InvalidCredentials
        })
    }

    /// The password was right, outside sign-in (where the admission step
    /// ends the attempt): the account gets its attempts back.
    pub async fn passed(&self, attempt: Attempt, user: &UserRecord) -> Result<(), AuthError> {
        users::pass_password_attempt(self.db.writer(), &user.id, self.clock.now()).await?;
        attempt.ended();
        Ok(())
    }
}
