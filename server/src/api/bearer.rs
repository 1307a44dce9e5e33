//! `Authorization: Bearer <access token>` as an extractor.

use super::ApiError;
use crate::{
    startup::AppState,
    tokens::{Caller, TokenError},
};
use app::error::AppError;
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};

/// The verified caller of a request; handlers that take it are Bearer-only.
pub struct Bearer(pub Caller);

impl FromRequestParts<AppState> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let refuse = |error: TokenError| ApiError(AppError::from(error));
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| refuse(TokenError::Missing))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| {
                let (scheme, token) = value.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty())
            .ok_or_else(|| refuse(TokenError::Invalid))?;
        let caller = state.tokens.authenticate(token).await.map_err(refuse)?;
        Ok(Bearer(caller))
    }
}
