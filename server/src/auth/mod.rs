//! Accounts: sign-up, sign-in with lockout, sign-out.

pub mod password_hasher;
mod service;

pub use service::{AuthService, rfc3339};

use app::error::{AppError, FieldError};

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
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AuthError {
    fn from(error: sqlx::Error) -> Self {
        AuthError::Internal(error.into())
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
            AuthError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "auth use case failed");
                AppError::internal()
            }
        }
    }
}
