//! The one error type that crosses the wire. Everything in it is safe to show
//! to whoever made the request: internal causes are logged on the server and
//! replaced by a generic message before they get here.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable, machine-readable error code (also used by the JSON API).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    ValidationError,
    BadRequest,
    InvalidJson,
    UnsupportedMediaType,
    InvalidCredentials,
    /// A link or code sent by mail that is wrong, used, replaced or expired.
    InvalidCode,
    Unauthorized,
    MissingToken,
    InvalidToken,
    TokenExpired,
    TokenReused,
    AccountLocked,
    AccountDisabled,
    /// The account was deleted and can still be restored by signing in on the website.
    AccountPendingDeletion,
    /// A sensitive action needs the password (or an emailed code) again.
    ReauthenticationRequired,
    /// The password (or mailed code, or Google) was right; the account's
    /// second factor is asked next (the API's `mfaToken`).
    MfaRequired,
    /// A half-finished sign-in ran out of time or was used: start again.
    SignInExpired,
    /// An admin must set up a second factor before the admin panel opens.
    SecondFactorRequired,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    EmailTaken,
    /// A provider's identity matches an account that must confirm the link.
    LinkRequired,
    /// The identity provider has not verified the address it gave.
    EmailNotVerified,
    /// The sign-in provider did not answer as it should.
    ProviderUnavailable,
    PayloadTooLarge,
    RateLimited,
    Internal,
    /// The request took too long to handle; trying again later may work.
    ServiceUnavailable,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::ValidationError
            | ErrorCode::BadRequest
            | ErrorCode::InvalidJson
            | ErrorCode::InvalidCode => 400,
            ErrorCode::InvalidCredentials
            | ErrorCode::Unauthorized
            | ErrorCode::MissingToken
            | ErrorCode::InvalidToken
            | ErrorCode::TokenExpired
            | ErrorCode::TokenReused
            | ErrorCode::MfaRequired
            | ErrorCode::SignInExpired => 401,
            ErrorCode::AccountDisabled
            | ErrorCode::AccountPendingDeletion
            | ErrorCode::ReauthenticationRequired
            | ErrorCode::SecondFactorRequired
            | ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::EmailTaken | ErrorCode::LinkRequired => 409,
            ErrorCode::EmailNotVerified => 422,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::AccountLocked => 423,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::ProviderUnavailable => 502,
            ErrorCode::ServiceUnavailable => 503,
        }
    }
}

/// A message that belongs to one form field (`field` is the input's `name`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<FieldError>,
    /// What the user typed into fields that are not secret, so a form that
    /// comes back with errors (without JavaScript, through the URL) is not
    /// blank. Never a password.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, String)>,
    /// For `RATE_LIMITED`: when to try again (also sent as `Retry-After`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Vec::new(),
            values: Vec::new(),
            retry_after_seconds: None,
        }
    }

    pub fn validation(details: Vec<FieldError>) -> Self {
        Self {
            code: ErrorCode::ValidationError,
            message: say("error-validation"),
            details,
            values: Vec::new(),
            retry_after_seconds: None,
        }
    }

    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        let seconds = retry_after_seconds.max(1);
        let mut error = Self::new(
            ErrorCode::RateLimited,
            say_with("error-rate-limited", [("wait", human_wait(seconds).into())]),
        );
        error.retry_after_seconds = Some(seconds);
        error
    }

    /// Refused because one address was asked too many messages for; the
    /// same whether or not an account has the address.
    pub fn too_many_messages(retry_after_seconds: u64) -> Self {
        let seconds = retry_after_seconds.max(1);
        let mut error = Self::new(
            ErrorCode::RateLimited,
            say_with(
                "error-too-many-messages",
                [("wait", human_wait(seconds).into())],
            ),
        );
        error.retry_after_seconds = Some(seconds);
        error
    }

    pub fn reauthentication_required() -> Self {
        Self::new(
            ErrorCode::ReauthenticationRequired,
            say("error-reauthentication-required"),
        )
    }

    pub fn invalid_credentials() -> Self {
        Self::new(
            ErrorCode::InvalidCredentials,
            say("error-invalid-credentials"),
        )
    }

    pub fn account_locked() -> Self {
        Self::new(ErrorCode::AccountLocked, say("error-account-locked"))
    }

    /// Right credentials for an account its owner deleted, which can still
    /// be restored (on the website).
    pub fn account_pending_deletion() -> Self {
        Self::new(
            ErrorCode::AccountPendingDeletion,
            say("error-account-pending-deletion"),
        )
    }

    pub fn account_disabled() -> Self {
        Self::new(ErrorCode::AccountDisabled, say("error-account-disabled"))
    }

    pub fn email_taken() -> Self {
        Self {
            code: ErrorCode::EmailTaken,
            message: say("error-email-taken"),
            details: vec![FieldError::new("email", say("error-email-taken-field"))],
            values: Vec::new(),
            retry_after_seconds: None,
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized, say("error-unauthorized"))
    }

    /// The only message a client ever sees for an unexpected failure.
    pub fn second_factor_required() -> Self {
        Self::new(
            ErrorCode::SecondFactorRequired,
            say("error-second-factor-required"),
        )
    }

    pub fn sign_in_expired() -> Self {
        Self::new(ErrorCode::SignInExpired, say("error-sign-in-expired"))
    }

    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden, say("error-forbidden"))
    }

    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal, say("error-internal"))
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }

    /// Keeps what was typed into non-secret fields, to show it again.
    pub fn with_values<'a>(mut self, values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        self.values = values
            .into_iter()
            .map(|(field, value)| (field.to_string(), value.to_string()))
            .collect();
        self
    }

    pub fn value(&self, field: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, value)| value.clone())
    }

    /// The messages that belong to one form field, in the order the rules failed.
    pub fn field_messages(&self, field: &str) -> Vec<String> {
        self.details
            .iter()
            .filter(|detail| detail.field == field)
            .map(|detail| detail.message.clone())
            .collect()
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Framework errors carry internal text (serde messages, paths): none of it
    /// is passed on.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::new(ErrorCode::BadRequest, say("error-unreadable-request"))
            }
            ServerFnErrorErr::Request(_) => {
                Self::new(ErrorCode::Internal, say("error-unreachable"))
            }
            _ => Self::internal(),
        }
    }
}

/// A wait in the words a person uses: "a minute", "about 12 minutes",
/// "about 2 hours" (never raw seconds, rounded up).
pub fn human_wait(seconds: u64) -> String {
    let minutes = seconds.div_ceil(60);
    if minutes < 60 {
        say_with("wait-minutes", [("minutes", minutes.max(1).into())])
    } else {
        say_with("wait-hours", [("hours", minutes.div_ceil(60).into())])
    }
}

/// A message in the language of the request (or page) at hand.
pub fn say(key: &str) -> String {
    crate::i18n::current().t(key)
}

/// A message with its arguments, in the language at hand.
pub fn say_with<'a>(
    key: &str,
    args: impl IntoIterator<Item = (&'a str, crate::i18n::FluentValue<'a>)>,
) -> String {
    crate::i18n::current().t_with(key, args)
}

#[cfg(test)]
mod tests {
    use super::human_wait;

    #[test]
    fn waits_are_told_in_human_time() {
        assert_eq!(human_wait(1), "a minute");
        assert_eq!(human_wait(60), "a minute");
        assert_eq!(human_wait(61), "about 2 minutes");
        assert_eq!(human_wait(3412), "about 57 minutes");
        assert_eq!(human_wait(3600), "about an hour");
        assert_eq!(human_wait(3 * 3600 + 5), "about 4 hours");
    }
}
