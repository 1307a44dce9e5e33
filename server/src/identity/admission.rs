//! The one admission step. Every way of proving who you are (a password, a
//! mailed code, Google; later passkeys and second factors) ends here once the
//! proof is good, and only here is it decided whether that person gets in:
//! a deactivated account, a deleted one that may be restored, the audit
//! record and the sign-in bookkeeping, which gives a locked-out address its
//! attempts back. (A password is checked only once `lockout` let it be
//! tried, so a right one proven here was never past the lock.)

use super::first_proof::{FirstProof, Proof};
use crate::storage::{
    Db,
    audit::{self, event},
    users::{self, UserRecord},
};
use app::{
    clock::Clock,
    ports::ClientMeta,
    vocabulary::{AuditAction, SignInMethod},
};
use sqlx::{Any, Transaction};

/// How a first factor was proven, as the audit log records it.
#[derive(Clone, Debug)]
pub enum FirstFactor {
    /// `upgraded_hash`: the password rehashed with the current parameters,
    /// when the stored hash used older ones.
    Password {
        upgraded_hash: Option<String>,
    },
    /// A code mailed to the address: it proves the address too.
    EmailCode,
    Google(GoogleRoute),
}

/// How a Google identity reached its account.
#[derive(Clone, Copy, Debug)]
pub enum GoogleRoute {
    Linked,
    SignedUp,
    /// Took over an account whose address was never verified.
    TookOver,
}

impl FirstFactor {
    fn method(&self) -> SignInMethod {
        match self {
            FirstFactor::Password { .. } => SignInMethod::Password,
            FirstFactor::EmailCode => SignInMethod::EmailCode,
            FirstFactor::Google(GoogleRoute::Linked) => SignInMethod::Google,
            FirstFactor::Google(GoogleRoute::SignedUp) => SignInMethod::GoogleSignUp,
            FirstFactor::Google(GoogleRoute::TookOver) => SignInMethod::GoogleTakeover,
        }
    }
}

/// Who got in.
#[derive(Debug)]
pub enum Admitted {
    SignedIn(UserRecord),
    /// The account was deleted by its owner and may still be restored: the
    /// proof allows the offer, not a sign-in.
    Restorable {
        user_id: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("the account is disabled")]
    Disabled,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<super::AuthError> for Refused {
    fn from(error: super::AuthError) -> Self {
        Refused::Internal(error.into())
    }
}

#[derive(Clone)]
pub struct Admission {
    db: Db,
    first_proof: FirstProof,
    clock: Clock,
}

impl Admission {
    pub fn new(db: Db, first_proof: FirstProof, clock: Clock) -> Self {
        Self {
            db,
            first_proof,
            clock,
        }
    }

    /// The first proof of an unverified address, for a route that proves it
    /// before `admit` (Google taking over such an account).
    pub fn first_proof(&self) -> &FirstProof {
        &self.first_proof
    }

    /// Admits `user_id`, who has just proven `factor`. `tx` holds what the
    /// proof itself changed (a code used up, an identity linked): it is
    /// committed with the decision, whatever the decision is, so a proof is
    /// never half spent. The account is read again inside `tx`, so a lock or
    /// deactivation that landed while the proof was checked still counts.
    pub async fn admit(
        &self,
        mut tx: Transaction<'_, Any>,
        user_id: &str,
        factor: FirstFactor,
        client: &ClientMeta,
    ) -> Result<Admitted, Refused> {
        let now = self.clock.now();
        let login = |success: bool, reason: &'static str| {
            event(
                Some(user_id),
                AuditAction::Login,
                client,
                success,
                Some(reason),
                now,
            )
        };
        if matches!(factor, FirstFactor::Password { .. }) {
            // The attempt `lockout` took for this password is over.
            users::release_password_attempt(&mut *tx, user_id).await?;
        }
        let Some(user) = users::find_by_id(&mut *tx, user_id).await? else {
            tx.commit().await?;
            return Err(Refused::Disabled);
        };
        let refusal = if user.is_pending_deletion() {
            Some((
                "pending_deletion",
                Ok(Admitted::Restorable {
                    user_id: user.id.clone(),
                }),
            ))
        } else if !user.is_active {
            Some(("disabled", Err(Refused::Disabled)))
        } else {
            None
        };
        if let Some((reason, answer)) = refusal {
            audit::record(&mut *tx, &login(false, reason)).await?;
            tx.commit().await?;
            return answer;
        }

        let upgraded_hash = match &factor {
            FirstFactor::Password { upgraded_hash } => upgraded_hash.as_deref(),
            _ => None,
        };
        // A mailed code proves the address: the first such proof of an
        // unverified account ends whatever was set up before it.
        let claimed = matches!(factor, FirstFactor::EmailCode)
            && self
                .first_proof
                .claim(&mut tx, &user, Proof::SignIn, now)
                .await?;
        if matches!(factor, FirstFactor::EmailCode) {
            users::mark_email_verified(&mut tx, &user.id, &user.email, now).await?;
        }
        users::record_login_success(&mut tx, &user.id, now, upgraded_hash).await?;
        audit::record(&mut *tx, &login(true, factor.method().as_str())).await?;
        tx.commit().await?;
        if claimed {
            self.first_proof.wake();
        }
        Ok(Admitted::SignedIn(UserRecord {
            email_verified: user.email_verified || matches!(factor, FirstFactor::EmailCode),
            password_hash: if claimed {
                None
            } else {
                user.password_hash.clone()
            },
            last_login_at: Some(now),
            locked_until: None,
            ..user
        }))
    }

    /// A transaction for the proof's own changes, to hand to `admit`.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        self.db.begin().await
    }
}

/// A sign-in's result as the ports give it.
impl From<Admitted> for app::model::SignInOutcome {
    fn from(admitted: Admitted) -> Self {
        match admitted {
            Admitted::SignedIn(user) => Self::SignedIn(super::user_view(user)),
            Admitted::Restorable { user_id } => Self::PendingDeletion {
                user_id: user_id.into(),
            },
        }
    }
}
