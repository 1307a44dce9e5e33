//! Who someone is: signing up, signing in (a password or a mailed code;
//! Google lives in `oauth`), the one admission step every sign-in ends in,
//! the lockout, verifying an address and resetting a forgotten password.
//! Each use case is one service implementing its port from `app::ports`,
//! the one entry the pages, the JSON API and the CLI call.

use app::error::say;
pub mod admission;
mod code_sign_in;
pub mod first_proof;
pub mod limits;
pub mod lockout;
pub mod mailed_tokens;
pub mod passkeys;
pub mod password_hasher;
pub mod passwords;
mod reset;
pub mod second_factor;
mod sign_in;
mod sign_up;
mod verification;

pub use code_sign_in::MailedCodeSignIn;
pub use reset::PasswordResets;
pub use sign_in::PasswordSignIn;
pub use sign_up::Registration;
pub use verification::AddressVerification;

use crate::storage::{
    Db,
    audit::{self, event},
    users::UserRecord,
};
use app::{
    error::{AppError, ErrorCode, FieldError},
    model::UserView,
    ports::ClientMeta,
    vocabulary::AuditAction,
};

/// What can go wrong in an identity or account use case. Only `Internal`
/// carries detail, and that detail is logged, never shown.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the input is invalid")]
    Validation(Vec<FieldError>),
    #[error("the email is taken")]
    EmailTaken,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("the address is locked")]
    Locked,
    #[error("the account is disabled")]
    Disabled,
    #[error("the link or code is invalid")]
    InvalidCode,
    /// A second step's code that is wrong or used.
    #[error("wrong second factor")]
    WrongSecondFactor,
    /// The sign-in waiting for its second step is over (or never was).
    #[error("the sign-in expired")]
    SignInExpired,
    #[error("too many requests")]
    RateLimited { retry_after_seconds: u64 },
    /// Too many messages asked for one address.
    #[error("too many messages")]
    TooManyMessages { retry_after_seconds: u64 },
    /// Nothing of that id belongs to the caller.
    #[error("not found")]
    NotFound,
    /// `PUBLIC_URL` is not on a domain name, so no browser would accept it
    /// as a relying party.
    #[error("passkeys are unavailable")]
    PasskeysUnavailable,
    /// A passkey ceremony that is unknown, used, or older than five minutes.
    #[error("the passkey ceremony is over")]
    PasskeyCeremonyOver,
    /// A credential this server does not know (removed, or never registered).
    #[error("unknown passkey")]
    UnknownPasskey,
    /// An assertion or attestation that did not verify: another origin or
    /// RP id, a bad signature, a counter that went back, no user verification.
    #[error("the passkey was refused")]
    PasskeyRefused,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AuthError {
    /// A validation error for one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AuthError::Validation(vec![FieldError::new(field, message)])
    }
}

impl From<sqlx::Error> for AuthError {
    fn from(error: sqlx::Error) -> Self {
        AuthError::Internal(error.into())
    }
}

impl From<admission::Refused> for AuthError {
    fn from(refused: admission::Refused) -> Self {
        match refused {
            admission::Refused::Disabled => AuthError::Disabled,
            admission::Refused::SignInOver => AuthError::SignInExpired,
            admission::Refused::Database(error) => error.into(),
            admission::Refused::Internal(error) => AuthError::Internal(error),
        }
    }
}

impl From<password_hasher::HashingError> for AuthError {
    fn from(error: password_hasher::HashingError) -> Self {
        AuthError::Internal(error.into())
    }
}

impl From<AuthError> for AppError {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::Validation(details) => AppError::validation(details),
            AuthError::EmailTaken => AppError::email_taken(),
            AuthError::InvalidCredentials => AppError::invalid_credentials(),
            AuthError::Locked => AppError::account_locked(),
            AuthError::Disabled => AppError::account_disabled(),
            AuthError::InvalidCode => {
                AppError::new(ErrorCode::InvalidCode, say("problem-link-or-code-invalid"))
            }
            AuthError::WrongSecondFactor => {
                let message = say("problem-code-wrong-or-used");
                let mut error = AppError::new(ErrorCode::InvalidCode, message.clone());
                error.details.push(FieldError::new("code", message));
                error
            }
            AuthError::SignInExpired => AppError::sign_in_expired(),
            AuthError::NotFound => {
                AppError::new(ErrorCode::NotFound, say("problem-no-such-passkey"))
            }
            AuthError::PasskeysUnavailable => {
                AppError::new(ErrorCode::BadRequest, say("problem-passkeys-unavailable"))
            }
            AuthError::PasskeyCeremonyOver => AppError::new(
                ErrorCode::SignInExpired,
                say("problem-passkey-ceremony-over"),
            ),
            AuthError::UnknownPasskey => AppError::new(
                ErrorCode::InvalidCredentials,
                say("problem-passkey-unknown"),
            ),
            AuthError::PasskeyRefused => AppError::new(
                ErrorCode::InvalidCredentials,
                say("problem-passkey-refused"),
            ),
            AuthError::RateLimited {
                retry_after_seconds,
            } => {
                crate::monitoring::rate_limited("credentials");
                AppError::rate_limited(retry_after_seconds)
            }
            AuthError::TooManyMessages {
                retry_after_seconds,
            } => {
                crate::monitoring::rate_limited("mail");
                AppError::too_many_messages(retry_after_seconds)
            }
            AuthError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "auth use case failed");
                AppError::internal()
            }
        }
    }
}

/// Records one audit event outside any transaction.
pub(crate) async fn audit(
    db: &Db,
    user_id: Option<&str>,
    action: AuditAction,
    client: &ClientMeta,
    success: bool,
    reason: Option<&str>,
    at: i64,
) -> Result<(), AuthError> {
    audit::record(
        db.writer(),
        &event(user_id, action, client, success, reason, at),
    )
    .await?;
    Ok(())
}

/// A notice template (`Letterhead::two_step_changed`, …): to whom, and
/// the change in words.
pub(crate) type ChangeNotice = fn(
    &crate::mail::templates::Letterhead,
    &crate::mail::templates::Recipient<'_>,
    &crate::mail::templates::Phrase,
) -> crate::mail::Mail;

/// Records `action` for `user` and queues the `notice` of `change` that
/// tells them, in `tx` (the caller commits, then wakes the mail worker).
pub(crate) async fn record_and_notify(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    mailed: &mailed_tokens::MailedTokens,
    user: &UserRecord,
    (action, reason): (AuditAction, Option<&str>),
    (notice, change): (ChangeNotice, &crate::mail::templates::Phrase),
    client: &ClientMeta,
    now: i64,
) -> Result<(), AuthError> {
    let event = event(Some(&user.id), action, client, true, reason, now);
    audit::record(&mut **tx, &event).await?;
    let letterhead = mailed.letterhead();
    let mail = notice(letterhead, &letterhead.to(user), change);
    mailed.queue(tx, &mail, &user.id, now).await
}

/// The caller's account, if it can still be used.
pub(crate) async fn active_user(db: &Db, user_id: &str) -> Result<UserRecord, AuthError> {
    crate::storage::users::find_by_id(&db.pool, user_id)
        .await?
        .filter(|user| user.is_active)
        .ok_or(AuthError::Disabled)
}

pub fn user_view(user: UserRecord) -> UserView {
    let language = user.language();
    UserView {
        id: user.id.into(),
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
        email_verified: user.email_verified,
        role: user.role,
        created_at: rfc3339(user.created_at),
        last_login_at: user.last_login_at.map(rfc3339),
        has_password: user.password_hash.is_some(),
        has_second_factor: user.has_second_factor,
        must_set_up_second_factor: false,
        language,
    }
}

pub fn rfc3339(unix_seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|at| {
            at.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
