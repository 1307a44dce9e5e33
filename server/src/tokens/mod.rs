//! Tokens for the JSON API: short-lived JWT access tokens and rotating,
//! opaque refresh tokens grouped in families (one family per sign-in).

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
            TokenError::Missing => AppError::new(
                ErrorCode::MissingToken,
                "Send an access token in the Authorization header: `Bearer <token>`.",
            ),
            TokenError::Invalid => AppError::new(
                ErrorCode::InvalidToken,
                "The token is invalid or has been revoked. Sign in again.",
            ),
            TokenError::Expired => AppError::new(
                ErrorCode::TokenExpired,
                "The token has expired. Refresh it, or sign in again.",
            ),
            TokenError::Reused => AppError::new(
                ErrorCode::TokenReused,
                "This refresh token has already been used, so every token of this sign-in \
                 has been revoked. Sign in again.",
            ),
            TokenError::Disabled => AppError::account_disabled(),
            TokenError::NotFound => AppError::new(
                ErrorCode::NotFound,
                "You have no active sign-in with this id.",
            ),
            TokenError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "token use case failed");
                AppError::internal()
            }
        }
    }
}
