//! Tokens for the JSON API: short-lived JWT access tokens and rotating,
//! opaque refresh tokens grouped in families (one family per sign-in).

use app::error::say;
mod callers;
pub mod keys;
mod service;

pub use keys::SigningKeys;
pub use service::{AccessClaims, Caller, TokenPair, TokenService, raw_verifier};

use app::error::{AppError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("no token was sent")]
    Missing,
    #[error("the token is invalid")]
    Invalid,
    #[error("the token has expired")]
    Expired,
    #[error("a used refresh token came back")]
    Reused,
    #[error("the account is disabled")]
    Disabled,
    #[error("no such sign-in")]
    NotFound,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for TokenError {
    fn from(error: sqlx::Error) -> Self {
        TokenError::Internal(error.into())
    }
}

impl From<TokenError> for AppError {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::Missing => {
                AppError::new(ErrorCode::MissingToken, say("problem-token-missing"))
            }
            TokenError::Invalid => {
                AppError::new(ErrorCode::InvalidToken, say("problem-token-invalid"))
            }
            TokenError::Expired => {
                AppError::new(ErrorCode::TokenExpired, say("problem-token-expired"))
            }
            TokenError::Reused => {
                AppError::new(ErrorCode::TokenReused, say("problem-token-reused"))
            }
            TokenError::Disabled => AppError::account_disabled(),
            TokenError::NotFound => {
                AppError::new(ErrorCode::NotFound, say("problem-no-such-sign-in"))
            }
            TokenError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "token use case failed");
                AppError::internal()
            }
        }
    }
}
