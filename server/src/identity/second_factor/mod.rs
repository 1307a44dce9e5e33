//! Two-step sign-in: an authenticator app (TOTP), a code mailed after the
//! first factor, and recovery codes. `settings` holds the profile's use
//! cases (set up, remove, new recovery codes, trusted browsers); `step` the
//! second step of a sign-in, which ends in the admission step. Whether a
//! sign-in needs a second step is decided in `admission`, the one place.

mod authenticator;
mod recovery;
mod settings;
mod step;

pub use authenticator::AppSecret;
pub use recovery::RecoveryCodes;
pub(crate) use step::open_challenge;

use super::{
    AuthError, ChangeNotice, admission::Admission, limits::CredentialLimit, lockout::Lockout,
    mailed_tokens::MailedTokens, record_and_notify,
};
use crate::{
    crypto::Sealer,
    mail::templates::{Letterhead, Phrase},
    storage::{Db, users::UserRecord},
};
use app::{clock::Clock, ports::ClientMeta, vocabulary::AuditAction};
use secrecy::SecretString;
use sqlx::{Any, Transaction};
use std::sync::Arc;

/// The purpose of the codes mailed for a second step.
const EMAIL_CODE_PURPOSE: &str = "second_step";
const EMAIL_CODE_MINUTES: u64 = 10;
/// A browser trusted to skip the second step stays so for 30 days.
pub const TRUSTED_BROWSER_SECONDS: i64 = 30 * 86_400;
/// An app secret shown but not confirmed is shown again for ten minutes.
const UNCONFIRMED_APP_SECONDS: i64 = 10 * 60;

#[derive(Clone)]
pub struct TwoStep {
    db: Db,
    sealer: Arc<Sealer>,
    recovery: RecoveryCodes,
    mailed: MailedTokens,
    lockout: Lockout,
    admission: Admission,
    limit: CredentialLimit,
    /// The name apps show beside the code.
    issuer: String,
    clock: Clock,
}

/// What `TwoStep` is built from.
pub struct TwoStepParts {
    pub db: Db,
    pub secret_key: SecretString,
    pub mailed: MailedTokens,
    pub lockout: Lockout,
    pub admission: Admission,
    pub limit: CredentialLimit,
    pub issuer: String,
    pub clock: Clock,
}

impl TwoStep {
    pub fn new(parts: TwoStepParts) -> Self {
        Self {
            sealer: Arc::new(Sealer::new(&parts.secret_key, "second-factor-secrets")),
            recovery: RecoveryCodes::new(&parts.secret_key),
            db: parts.db,
            mailed: parts.mailed,
            lockout: parts.lockout,
            admission: parts.admission,
            limit: parts.limit,
            issuer: parts.issuer,
            clock: parts.clock,
        }
    }

    /// Records `action` for `user` and queues the notice that tells them,
    /// in `tx` (the caller commits, then `wake`s the mail worker).
    async fn record_and_notify(
        &self,
        tx: &mut Transaction<'_, Any>,
        user: &UserRecord,
        (action, reason): (AuditAction, Option<&str>),
        change: &Phrase,
        client: &ClientMeta,
    ) -> Result<(), AuthError> {
        let notice = (Letterhead::two_step_changed as ChangeNotice, change);
        let now = self.clock.now();
        record_and_notify(
            tx,
            &self.mailed,
            user,
            (action, reason),
            notice,
            client,
            now,
        )
        .await
    }
}
