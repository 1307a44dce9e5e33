//! Sign in with Google (OpenID Connect): the provider (`provider.rs`) and the
//! rules that tie its identities to local accounts (`service.rs`).

use app::error::say;
mod accounts;
pub mod flow;
mod provider;
mod service;

pub use accounts::Connections;
pub use provider::{Identity, Metadata, OidcProvider};
pub use service::GoogleService;

use app::error::{AppError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    #[error("Google sign-in is not configured")]
    NotEnabled,
    #[error("the ID token is not valid")]
    InvalidIdToken,
    #[error("the provider failed: {0}")]
    Provider(String),
    #[error("the account must confirm the link")]
    LinkRequired,
    #[error("the provider's address is not verified")]
    UnverifiedEmail,
    #[error("the provider identity belongs to another account")]
    LinkedElsewhere,
    #[error("the account already has a Google connection")]
    AlreadyLinked,
    #[error("the provider gave no email address")]
    NoEmail,
    #[error("the account is disabled")]
    Disabled,
    #[error("too many requests")]
    RateLimited { retry_after_seconds: u64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<crate::identity::admission::Refused> for OAuthError {
    fn from(refused: crate::identity::admission::Refused) -> Self {
        match refused {
            crate::identity::admission::Refused::Disabled => OAuthError::Disabled,
            crate::identity::admission::Refused::Database(error) => error.into(),
            crate::identity::admission::Refused::Internal(error) => OAuthError::Internal(error),
            crate::identity::admission::Refused::SignInOver => OAuthError::Internal(
                anyhow::anyhow!("a first factor's admission found a second step over"),
            ),
        }
    }
}

impl From<sqlx::Error> for OAuthError {
    fn from(error: sqlx::Error) -> Self {
        OAuthError::Internal(error.into())
    }
}

impl From<OAuthError> for AppError {
    fn from(error: OAuthError) -> Self {
        match error {
            OAuthError::NotEnabled => AppError::new(ErrorCode::NotFound, say("problem-google-off")),
            OAuthError::InvalidIdToken => AppError::new(
                ErrorCode::InvalidToken,
                say("problem-google-unverified-answer"),
            ),
            OAuthError::Provider(detail) => {
                tracing::warn!(%detail, "the OpenID provider failed");
                AppError::new(
                    ErrorCode::ProviderUnavailable,
                    say("problem-google-unavailable"),
                )
            }
            OAuthError::LinkRequired => {
                AppError::new(ErrorCode::LinkRequired, say("problem-google-link-required"))
            }
            OAuthError::UnverifiedEmail => AppError::new(
                ErrorCode::EmailNotVerified,
                say("problem-google-email-unverified"),
            ),
            OAuthError::LinkedElsewhere => AppError::new(
                ErrorCode::LinkRequired,
                say("problem-google-linked-elsewhere"),
            ),
            OAuthError::AlreadyLinked => AppError::new(
                ErrorCode::LinkRequired,
                say("problem-google-already-linked"),
            ),
            OAuthError::NoEmail => {
                AppError::new(ErrorCode::BadRequest, say("problem-google-no-email"))
            }
            OAuthError::Disabled => AppError::account_disabled(),
            OAuthError::RateLimited {
                retry_after_seconds,
            } => {
                crate::monitoring::rate_limited("credentials");
                AppError::rate_limited(retry_after_seconds)
            }
            OAuthError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "Google sign-in failed");
                AppError::internal()
            }
        }
    }
}
