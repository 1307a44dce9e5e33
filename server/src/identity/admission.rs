//! The one admission step. Every way of proving who you are (a password, a
//! mailed code, Google, a passkey, and the second step after them) ends here
//! once the proof is good, and only here is it decided whether that person gets in:
//! a deactivated account, a deleted one that may be restored, the audit
//! record and the sign-in bookkeeping, which gives a locked-out address its
//! attempts back. (A password is checked only once `lockout` let it be
//! tried, so a right one proven here was never past the lock.)

use super::first_proof::{FirstProof, Proof};
use crate::{
    crypto,
    storage::{
        Db,
        audit::{self, event},
        passkeys, second_factors, sign_in_challenges, trusted_browsers,
        users::{self, UserRecord},
    },
};
use app::{
    clock::Clock,
    model::SecondStepChallenge,
    ports::{BrowserToken, ClientMeta},
    vocabulary::{Amr, AuditAction, SecondStepMethod, SignInMethod},
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
    /// A passkey with user verification: both factors at once, so no
    /// second step follows.
    Passkey,
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
    pub fn method(&self) -> SignInMethod {
        match self {
            FirstFactor::Password { .. } => SignInMethod::Password,
            FirstFactor::EmailCode => SignInMethod::EmailCode,
            FirstFactor::Google(GoogleRoute::Linked) => SignInMethod::Google,
            FirstFactor::Google(GoogleRoute::SignedUp) => SignInMethod::GoogleSignUp,
            FirstFactor::Google(GoogleRoute::TookOver) => SignInMethod::GoogleTakeover,
            FirstFactor::Passkey => SignInMethod::Passkey,
        }
    }
}

/// Who got in.
#[derive(Debug)]
pub enum Admitted {
    SignedIn {
        user: UserRecord,
        amr: Amr,
    },
    /// The first factor was right; the account's second factor is next.
    SecondStep(SecondStepChallenge),
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
    /// The sign-in waiting for its second step was finished by another
    /// request, or is over.
    #[error("the sign-in is over")]
    SignInOver,
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

/// A second step that passed: which sign-in it finishes, and with what.
pub struct PassedStep<'a> {
    /// The SHA-256 of the sign-in challenge's token.
    pub challenge_hash: &'a str,
    /// The sign-in's first factor.
    pub first: SignInMethod,
    /// The second factor as the audit log names it (`app`, `passkey`…).
    pub factor: &'a str,
    /// Its RFC 8176 `amr` value (`otp`, `hwk`).
    pub amr: &'a str,
}

/// How long a proven first factor waits for its second step.
pub const SECOND_STEP_SECONDS: i64 = 5 * 60;

#[derive(Clone)]
pub struct Admission {
    db: Db,
    first_proof: FirstProof,
    clock: Clock,
}

/// The account as the decision finds it, inside the proof's transaction.
enum Standing {
    Active(UserRecord),
    /// Deleted by its owner, restorable.
    PendingDeletion(UserRecord),
    /// Deactivated or gone: refused, audited.
    Refused,
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
    ///
    /// An account with a second factor gets a challenge instead, unless the
    /// browser is one it trusts: the sign-in is not recorded (and a lock's
    /// count is not reset) until the second step passes.
    pub async fn admit(
        &self,
        mut tx: Transaction<'_, Any>,
        user_id: &str,
        factor: FirstFactor,
        client: &ClientMeta,
    ) -> Result<Admitted, Refused> {
        let now = self.clock.now();
        let method = factor.method();
        if matches!(factor, FirstFactor::Password { .. } | FirstFactor::Passkey) {
            // The attempt `lockout` took for this password or passkey is over.
            users::release_password_attempt(&mut *tx, user_id).await?;
        }
        let user = match self.standing(&mut tx, user_id, client, now).await? {
            Standing::Refused => {
                tx.commit().await?;
                return Err(Refused::Disabled);
            }
            Standing::Active(user) | Standing::PendingDeletion(user) => user,
        };
        let upgraded_hash = match &factor {
            FirstFactor::Password { upgraded_hash } => upgraded_hash.as_deref(),
            _ => None,
        };
        // A mailed code proves the address: the first such proof of an
        // unverified account ends whatever was set up before it, second
        // factors included.
        let claimed = matches!(factor, FirstFactor::EmailCode)
            && self
                .first_proof
                .claim(&mut tx, &user, Proof::SignIn, now)
                .await?;
        if matches!(factor, FirstFactor::EmailCode) {
            users::mark_email_verified(&mut tx, &user.id, &user.email, now).await?;
        }
        if let Some(new_hash) = upgraded_hash {
            users::set_password_hash(&mut *tx, &user.id, new_hash, now).await?;
        }
        let needs_second_step = !claimed
            && !matches!(factor, FirstFactor::Passkey)
            && user.has_second_factor
            && !self.trusted_browser(&mut tx, &user.id, client, now).await?;
        let admitted = if needs_second_step {
            let challenge = self.challenge(&mut tx, &user.id, method, now).await?;
            let asked = event(
                Some(&user.id),
                AuditAction::FirstFactor,
                client,
                true,
                Some(method.as_str()),
                now,
            );
            audit::record(&mut *tx, &asked).await?;
            Admitted::SecondStep(challenge)
        } else {
            let amr = match factor {
                FirstFactor::Passkey => Amr::passkey(),
                _ => Amr::single(method),
            };
            self.finish(&mut tx, user, amr, method, client, now).await?
        };
        tx.commit().await?;
        if claimed {
            self.first_proof.wake();
        }
        Ok(admitted)
    }

    /// Admits `user_id` after a passed second step; `tx` holds what the
    /// step used up (the code, the passkey's counter). The sign-in's
    /// challenge ends here, in `tx`: one challenge, one sign-in, however
    /// many requests pass it at once.
    pub async fn admit_second_step(
        &self,
        mut tx: Transaction<'_, Any>,
        user_id: &str,
        step: PassedStep<'_>,
        client: &ClientMeta,
    ) -> Result<Admitted, Refused> {
        let now = self.clock.now();
        if !sign_in_challenges::finish(&mut *tx, step.challenge_hash).await? {
            tx.rollback().await?;
            return Err(Refused::SignInOver);
        }
        let passed = event(
            Some(user_id),
            AuditAction::SecondStep,
            client,
            true,
            Some(step.factor),
            now,
        );
        audit::record(&mut *tx, &passed).await?;
        // The attempt `lockout` took for the code is over.
        users::release_password_attempt(&mut *tx, user_id).await?;
        let user = match self.standing(&mut tx, user_id, client, now).await? {
            Standing::Refused => {
                tx.commit().await?;
                return Err(Refused::Disabled);
            }
            Standing::Active(user) | Standing::PendingDeletion(user) => user,
        };
        let amr = Amr::with_second(step.first, step.amr);
        let admitted = self
            .finish(&mut tx, user, amr, step.first, client, now)
            .await?;
        tx.commit().await?;
        Ok(admitted)
    }

    async fn standing(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
        client: &ClientMeta,
        now: i64,
    ) -> Result<Standing, Refused> {
        let user = users::find_by_id(&mut **tx, user_id).await?;
        let refused = |reason: &'static str| {
            event(
                Some(user_id),
                AuditAction::Login,
                client,
                false,
                Some(reason),
                now,
            )
        };
        Ok(match user {
            Some(user) if user.is_pending_deletion() => Standing::PendingDeletion(user),
            Some(user) if user.is_active => Standing::Active(user),
            Some(_) => {
                audit::record(&mut **tx, &refused("disabled")).await?;
                Standing::Refused
            }
            None => Standing::Refused,
        })
    }

    /// Signs `user` in, or offers a deleted account's restoration.
    async fn finish(
        &self,
        tx: &mut Transaction<'_, Any>,
        user: UserRecord,
        amr: Amr,
        method: SignInMethod,
        client: &ClientMeta,
        now: i64,
    ) -> Result<Admitted, Refused> {
        let login = |success: bool, reason: &'static str| {
            event(
                Some(&user.id),
                AuditAction::Login,
                client,
                success,
                Some(reason),
                now,
            )
        };
        if user.is_pending_deletion() {
            audit::record(&mut **tx, &login(false, "pending_deletion")).await?;
            return Ok(Admitted::Restorable { user_id: user.id });
        }
        users::record_login_success(tx, &user.id, now, None).await?;
        audit::record(&mut **tx, &login(true, method.as_str())).await?;
        // Read again: a first proof may have ended the password, and the
        // address is verified after a mailed code.
        let user = users::find_by_id(&mut **tx, &user.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("an account vanished while it signed in"))?;
        Ok(Admitted::SignedIn { user, amr })
    }

    /// Whether the browser's "trust this browser" cookie is live for `user_id`.
    async fn trusted_browser(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
        client: &ClientMeta,
        now: i64,
    ) -> Result<bool, Refused> {
        let Some(BrowserToken(token)) = &client.trusted_browser else {
            return Ok(false);
        };
        if !crypto::is_token_shaped(token, 43) {
            return Ok(false);
        }
        let hash = crypto::sha256_hex(token);
        Ok(trusted_browsers::use_token(&mut **tx, user_id, &hash, now).await?)
    }

    /// Opens a second step for `user_id`, valid for five minutes.
    async fn challenge(
        &self,
        tx: &mut Transaction<'_, Any>,
        user_id: &str,
        first: SignInMethod,
        now: i64,
    ) -> Result<SecondStepChallenge, Refused> {
        let token = crypto::random_token(32);
        sign_in_challenges::insert(
            &mut **tx,
            &crypto::sha256_hex(&token),
            user_id,
            first.as_str(),
            now,
            now + SECOND_STEP_SECONDS,
        )
        .await?;
        let methods = second_step_methods(tx, user_id).await?;
        Ok(SecondStepChallenge {
            token,
            methods,
            expires_in: SECOND_STEP_SECONDS,
        })
    }

    /// A transaction for the proof's own changes, to hand to `admit`.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        self.db.begin().await
    }
}

/// How an account with two-step sign-in on can pass its second step: its
/// confirmed factors, any passkey it has, and always a recovery code.
pub async fn second_step_methods(
    executor: &mut sqlx::AnyConnection,
    user_id: &str,
) -> Result<Vec<SecondStepMethod>, sqlx::Error> {
    let factors = second_factors::of_user(&mut *executor, user_id).await?;
    let has = |kind: &str| factors.iter().any(|f| f.kind == kind && f.is_confirmed());
    let mut methods = Vec::new();
    if has(second_factors::APP) {
        methods.push(SecondStepMethod::App);
    }
    if has(second_factors::EMAIL) {
        methods.push(SecondStepMethod::Email);
    }
    if passkeys::count_of_user(&mut *executor, user_id).await? > 0 {
        methods.push(SecondStepMethod::Passkey);
    }
    methods.push(SecondStepMethod::RecoveryCode);
    Ok(methods)
}

/// A sign-in's result as the ports give it.
impl From<Admitted> for app::model::SignInOutcome {
    fn from(admitted: Admitted) -> Self {
        match admitted {
            Admitted::SignedIn { user, amr } => Self::SignedIn {
                user: super::user_view(user),
                amr,
            },
            Admitted::SecondStep(challenge) => Self::SecondStep(challenge),
            Admitted::Restorable { user_id } => Self::PendingDeletion {
                user_id: user_id.into(),
            },
        }
    }
}
