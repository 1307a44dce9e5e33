//! Accounts: sign-up, sign-in with lockout, sign-out.

pub mod admission;
mod code_sign_in;
mod confirmation;
mod deletion;
mod email_change;
pub mod mailed_tokens;
mod password_change;
pub mod password_hasher;
mod reset;
mod service;
mod verification;

pub use deletion::erase_due_accounts;
pub use service::{AuthService, MailContext, rfc3339, user_view};
pub use verification::EmailProof;

use app::error::{AppError, ErrorCode, FieldError};

/// What can go wrong in an auth use case. Only `Internal` carries detail, and
/// that detail is logged, never shown.
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
    #[error("too many requests")]
    RateLimited { retry_after_seconds: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AuthError {
    fn from(error: sqlx::Error) -> Self {
        AuthError::Internal(error.into())
    }
}

impl From<admission::Refused> for AuthError {
    fn from(refused: admission::Refused) -> Self {
        match refused {
            admission::Refused::Locked => AuthError::Locked,
            admission::Refused::Disabled => AuthError::Disabled,
            admission::Refused::Database(error) => error.into(),
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
            AuthError::InvalidCode => AppError::new(
                ErrorCode::InvalidCode,
                "This link or code is not valid: it may be mistyped, used, replaced by a newer \
                 one, or expired.",
            ),
            AuthError::RateLimited {
                retry_after_seconds,
            } => AppError::rate_limited(retry_after_seconds),
            AuthError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "auth use case failed");
                AppError::internal()
            }
        }
    }
}
